"""A cache file that grows by appending: one record a line, each with its own SHA-256.

A build that changed one post writes one line, not the whole file; the file is rewritten whole
(atomically, keeping only the live records) when it has no valid header, does not end with a
line break (a write that was cut short), or holds more dead lines than live ones. It is read as
a stranger's file, like every cache (see `cache`): only a plain file, never through a link or a
pipe, at most `limit` bytes; a line whose digest does not match (a torn or edited write) is
dropped, and its record is made again. Appending opens the file without following a link and
without waiting on a pipe, and writes only to a plain file.
"""

from __future__ import annotations

import hashlib
import json
import json.scanner
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from chanblog.sources import read_plain

_APPEND = (os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
           | getattr(os, "O_CLOEXEC", 0))


def read_records(path: Path, header: bytes, limit: int) -> tuple[list[Any], bool]:
    """The JSON records of the file, in the order written, and whether more can be appended to it
    (it has the right header and ends with a whole line)."""
    data = _contents(path, header, limit)
    if data is None:
        return [], False
    records = [record for record in map(_record, _whole_lines(data, header)) if record is not _NOT_JSON]
    return records, data.endswith(b"\n")


Taken = TypeVar("Taken")


def read_last(path: Path, header: bytes, limit: int,
              take: Callable[[Any], tuple[str, Taken] | None]) -> tuple[dict[str, Taken], int, bool]:
    """For a file whose records are JSON lists that start with their key (text): by key, the last
    record of it that `take` makes a (key, value) of; how many lines are whole (their digest
    matches); and whether more can be appended. Only that last line of a key is parsed whole: a
    line that a later one replaced is read no further than its key."""
    data = _contents(path, header, limit)
    if data is None:
        return {}, 0, False
    found: dict[str, Taken] = {}
    whole = 0
    for text in _whole_lines(data, header, backwards=True):
        whole += 1
        line = _text(text)  # (read once, for its key and then its record)
        key = _key(line)
        if key is None or key in found:
            continue
        record = _json(line)
        taken = take(record) if record is not _NOT_JSON else None
        if taken is not None and taken[0] == key:
            found[key] = taken[1]
    return found, whole, data.endswith(b"\n")


def _contents(path: Path, header: bytes, limit: int) -> bytes | None:
    """The file, if it is a plain file (not behind a link) of at most `limit` bytes that starts with `header`."""
    data = read_plain(path, limit) if not path.parent.is_symlink() else None
    return data if data is not None and data.startswith(header) else None


def _whole_lines(data: bytes, header: bytes, backwards: bool = False) -> Iterator[bytes]:
    """The text of each line after `header` whose digest matches it (in the order written, or backwards)."""
    lines = data[len(header):].split(b"\n")
    for line in reversed(lines) if backwards else lines:
        digest, _, text = line.partition(b" ")
        if len(digest) == 64 and hashlib.sha256(text).hexdigest().encode() == digest:
            yield text


_NOT_JSON = object()
_scan = json.scanner.make_scanner(json.JSONDecoder())  # one value from where it is told: json.loads without its checks


def _record(text: bytes) -> Any:
    """The JSON value that is the whole of `text` (as `line` writes it: no space around it), or _NOT_JSON."""
    return _json(_text(text))


def _text(data: bytes) -> str | None:
    """A line's text, or None if it is not UTF-8 (as `line` writes it, lone surrogates included)."""
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def _json(line: str | None) -> Any:
    """The JSON value that is the whole of `line`, or _NOT_JSON."""
    if line is None:
        return _NOT_JSON
    try:
        value, end = _scan(line, 0)
    except (StopIteration, ValueError, RecursionError):  # not JSON, or nested past what the parser follows
        return _NOT_JSON
    return value if end == len(line) else _NOT_JSON


def line(record: Any) -> bytes:
    """A record as the file holds it: the SHA-256 of its JSON, then the JSON, on one line."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest().encode() + b" " + text + b"\n"


def append(path: Path, lines: Iterable[bytes], limit: int) -> bool:
    """Add lines at the end of the plain file `path` in one write; False (nothing written) if it
    is not there, is no plain file, lies behind a link, or would grow past `limit`."""
    data = b"".join(lines)
    if path.parent.is_symlink():
        return True  # a cache folder that is a link is not written: nothing to do either way
    try:
        handle = os.open(path, _APPEND)
    except OSError:
        return False
    with open(handle, "wb") as file:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size + len(data) > limit:
            return False
        file.write(data)
    return True


def _key(line: str | None) -> str | None:
    """The text a record's JSON list starts with, read no further; None if it starts with none."""
    if line is None or not line.startswith('["'):
        return None
    try:
        key, _ = _scan(line, 1)
    except (StopIteration, ValueError):
        return None
    return key if type(key) is str else None
