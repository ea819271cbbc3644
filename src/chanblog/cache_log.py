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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chanblog.sources import read_plain

_APPEND = (os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
           | getattr(os, "O_CLOEXEC", 0))


def read_records(path: Path, header: bytes, limit: int) -> tuple[list[Any], bool]:
    """The JSON records of the file, in the order written, and whether more can be appended to it
    (it has the right header and ends with a whole line)."""
    data = read_plain(path, limit) if not path.parent.is_symlink() else None
    if data is None or not data.startswith(header):
        return [], False
    records = []
    for line in data[len(header):].split(b"\n"):
        digest, _, text = line.partition(b" ")
        if len(digest) == 64 and hashlib.sha256(text).hexdigest().encode() == digest:
            record = _record(text)
            if record is not _NOT_JSON:
                records.append(record)
    return records, data.endswith(b"\n")


_NOT_JSON = object()
_scan = json.scanner.make_scanner(json.JSONDecoder())  # one value from where it is told: json.loads without its checks


def _record(text: bytes) -> Any:
    """The JSON value that is the whole of `text` (as `line` writes it: no space around it), or _NOT_JSON."""
    try:
        line = text.decode("utf-8", "surrogatepass")
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
