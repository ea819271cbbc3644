"""What a build keeps in `.chanblog-cache/` so the next one does less, and the digests it is keyed by.

Every file starts with a header naming the format, the chanblog version and the Markdown
settings, then a SHA-256 of the payload: a file from another version, or one that is
truncated or damaged, is discarded, never unpickled. Caches are written atomically.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chanblog import __version__
from chanblog.markup import Rendered

CACHE_DIR = ".chanblog-cache"
FORMAT = b"chanblog-cache-1"


def load(path: Path, header: str) -> Any | None:
    """The payload saved under `header`, or None if missing, stale or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    expected = FORMAT + b"\n" + header.encode() + b"\n"
    if not data.startswith(expected):
        return None
    digest, payload = data[len(expected):len(expected) + 32], data[len(expected) + 32:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a damaged cache is only ever a cache miss
        return None


def save(path: Path, header: str, value: Any) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(FORMAT + b"\n" + header.encode() + b"\n" + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class BodyCache:
    """Rendered Markdown bodies by the hash of their text, for one set of Markdown settings."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.path, self.header = folder / "bodies.pickle", f"bodies {__version__} {settings}"
        loaded = load(self.path, self.header)
        self.entries: dict[str, Rendered] = loaded if isinstance(loaded, dict) else {}
        self.used: set[str] = set()
        self.changed = False

    def render(self, bodies: Sequence[tuple[str, str]],
               render_many: Callable[[Sequence[tuple[str, str]]], list[Rendered]]) -> list[Rendered]:
        """Rendered (body, summary) pairs: cached ones as they were, the others rendered now."""
        keys = [_text_key(body, summary) for body, summary in bodies]
        missing = {key: pair for key, pair in zip(keys, bodies) if not isinstance(self.entries.get(key), Rendered)}
        if missing:
            self.entries.update(zip(missing, render_many(list(missing.values()))))
            self.changed = True
        self.used = set(keys)
        return [self.entries[key] for key in keys]

    def save(self) -> None:
        """Keep what this build used, drop the rest."""
        if self.changed or set(self.entries) != self.used:
            save(self.path, self.header, {key: self.entries[key] for key in self.used})


class PageManifest:
    """For one output folder: the digest each file was made from, and the file's size and mtime."""

    def __init__(self, folder: Path, output: Path, settings: str) -> None:
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        self.path, self.header = folder / f"pages-{name}.pickle", f"pages {__version__} {settings}"
        loaded = load(self.path, self.header)
        self.previous: dict[str, tuple[str, int, int]] = loaded if isinstance(loaded, dict) else {}
        self.current: dict[str, tuple[str, int, int]] = {}

    def is_fresh(self, path: str, key: str, old: Path) -> bool:
        """True if `old` is still the file made from `key` the last time."""
        entry = self.previous.get(path)
        if not key or entry is None or entry[0] != key:
            return False
        try:
            stat = old.stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == entry[1:]

    def record(self, path: str, key: str, written: Path) -> None:
        if key:
            stat = written.stat()
            self.current[path] = (key, stat.st_size, stat.st_mtime_ns)

    def save(self) -> None:
        if self.current != self.previous:
            save(self.path, self.header, self.current)


def _text_key(body: str, summary: str) -> str:
    return hashlib.sha256(f"{len(summary)}:{summary}\0{body}".encode()).hexdigest()


class Digester:
    """A stable hash of model values: equal inputs, equal digests, in any process and run."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str]] = {}

    def __call__(self, *values: Any) -> str:
        hasher = hashlib.sha256()
        for value in values:
            hasher.update(self._digest(value).encode())
        return hasher.hexdigest()

    def _digest(self, value: Any) -> str:
        if value is None or isinstance(value, (str, int, float, bool, bytes)):
            return hashlib.sha256(repr(value).encode()).hexdigest()
        if isinstance(value, (datetime, date)):
            return self._digest(value.isoformat())
        hit = self.memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        digest = hashlib.sha256(self._parts(value).encode()).hexdigest()
        self.memo[id(value)] = (value, digest)  # keep `value` alive so its id is not reused
        return digest

    def _parts(self, value: Any) -> str:
        if dataclasses.is_dataclass(value):
            fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
            return type(value).__name__ + "(" + ",".join(f"{n}={self._digest(v)}" for n, v in fields) + ")"
        if isinstance(value, dict) or hasattr(value, "items"):
            return "{" + ",".join(f"{self._digest(k)}:{self._digest(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
            return "[" + ",".join(self._digest(v) for v in items) + "]"
        if isinstance(value, Path):
            return f"Path({value})"
        return f"{type(value).__name__}:{value!r}"
