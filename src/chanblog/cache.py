"""What a build keeps in `.chanblog-cache/` so the next one does less, and the digests it is keyed by.

Every file starts with a header naming the format, a fingerprint of chanblog's code and the
Markdown settings, then a SHA-256 of the payload: a file from another version, or one that is
truncated or damaged, is discarded, never unpickled. Caches are written atomically.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chanblog import __version__
from chanblog.errors import ChanblogError
from chanblog.markup import Rendered

CACHE_DIR = ".chanblog-cache"
FORMAT = b"chanblog-cache-1"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """chanblog's version and a hash of its own code: any change to chanblog invalidates every cache."""
    hasher = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()[:24]


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
    """Rendered Markdown bodies by the hash of their text, for one set of Markdown settings.

    Kept in 16 files by the first hex digit of the hash, so that editing one post rewrites
    one sixteenth of the cache."""

    SHARDS = "0123456789abcdef"

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder, self.header = folder, f"bodies {code_fingerprint()} {settings}"
        self.used: set[str] = set()
        self.dirty: set[str] = set()

    @functools.cached_property
    def shards(self) -> dict[str, dict[str, Rendered]]:
        """Loaded when first asked for: a build that finds nothing to do never needs them."""
        shards = {}
        for shard in self.SHARDS:
            loaded = load(self._path(shard), self.header)
            shards[shard] = loaded if isinstance(loaded, dict) else {}
        return shards

    def _path(self, shard: str) -> Path:
        return self.folder / f"bodies-{shard}.pickle"

    def has(self, body: str, summary: str) -> bool:
        key = _text_key(body, summary)
        return isinstance(self.shards[key[0]].get(key), Rendered)

    def render(self, bodies: Sequence[tuple[str, str]],
               render_many: Callable[[Sequence[tuple[str, str]]], list[Rendered | ChanblogError]],
               ) -> list[Rendered | ChanblogError]:
        """Rendered (body, summary) pairs: cached ones as they were, the others rendered now.
        A body that could not be rendered comes back as its error, and is not kept."""
        keys = [_text_key(body, summary) for body, summary in bodies]
        missing = {key: pair for key, pair in zip(keys, bodies)
                   if not isinstance(self.shards[key[0]].get(key), Rendered)}
        made = dict(zip(missing, render_many(list(missing.values())))) if missing else {}
        for key, rendered in made.items():
            if isinstance(rendered, Rendered):
                self.shards[key[0]][key] = rendered
                self.dirty.add(key[0])
        self.used = set(keys)
        return [made[key] if key in made else self.shards[key[0]][key] for key in keys]

    def save(self) -> None:
        """Write the shards that changed, keeping only what this build used."""
        if "shards" not in self.__dict__:
            return  # never loaded, so never used
        for shard, entries in self.shards.items():
            used = {key for key in entries if key in self.used}
            if shard in self.dirty or len(used) != len(entries):
                save(self._path(shard), self.header, {key: entries[key] for key in used})


class DraftCache:
    """Posts whose front matter was already checked, by the hash of their text and the config.

    Entries hold no body (it is in the source file, read anyway): `Draft.with_body_from` puts it back."""

    def __init__(self, folder: Path, config_digest: str) -> None:
        self.path, self.header = folder / "drafts.pickle", f"drafts {code_fingerprint()}"
        self.config_digest = config_digest
        loaded = load(self.path, self.header)
        self.entries: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
        self.used: dict[str, Any] = {}
        self.keys: dict[str, str] = {}  # source path -> key: the hash of everything the post came from

    def parse(self, source_path: str, text: str, parse: Callable[[], Any]) -> Any:
        key = hashlib.sha256(f"{self.config_digest}\0{source_path}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        cached = self.entries.get(key)
        draft = cached.with_body_from(text) if cached is not None else parse()
        self.used[key] = cached if cached is not None else draft.without_body()
        self.keys[source_path] = key
        return draft

    def save(self) -> None:
        if self.used.keys() != self.entries.keys():
            save(self.path, self.header, self.used)


class PageManifest:
    """For one output folder and its spare: the digest each file was made from, with its size and mtime.

    After a build, "output" describes the published folder and "spare" the folder it replaced,
    which the next build starts from."""

    def __init__(self, folder: Path, output: Path, settings: str) -> None:
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        self.path, self.header = folder / f"pages-{name}.pickle", f"pages {code_fingerprint()} {settings}"
        loaded = load(self.path, self.header)
        loaded = loaded if isinstance(loaded, dict) else {}
        self.previous: dict[str, tuple[str, int, int]] = loaded.get("output", {})
        self.spare: dict[str, tuple[str, int, int]] = loaded.get("spare", {})
        self.fingerprint: str = loaded.get("fingerprint", "")  # of every input of the last build
        self.summary: dict[str, int] = loaded.get("summary", {})  # its counts, for the closing line
        self.notes: dict[str, Any] = loaded.get("notes", {})  # its warnings and search plan, to report again
        self.current: dict[str, tuple[str, int, int]] = {}

    def is_fresh(self, which: str, path: str, key: str, stat: tuple[int, int] | None) -> bool:
        """True if the file with `stat` in the "output" or "spare" folder was made from `key`."""
        if not key or stat is None:
            return False
        entry = (self.previous if which == "output" else self.spare).get(path)
        return entry is not None and entry == (key, *stat)

    def record(self, path: str, key: str, stat: tuple[int, int]) -> None:
        self.current[path] = (key, *stat)  # files made every time too, so the output can be checked whole

    def published_files(self) -> dict[str, tuple[int, int]]:
        """What the output folder held when the last build finished: path -> (size, mtime)."""
        return {path: (size, mtime) for path, (_key, size, mtime) in self.previous.items()}

    def save(self, fingerprint: str = "", summary: dict[str, int] | None = None,
             notes: dict[str, Any] | None = None) -> None:
        """Call once the build is published: what was published becomes the spare."""
        save(self.path, self.header, {"output": self.current, "spare": self.previous,
                                      "fingerprint": fingerprint, "summary": summary or {}, "notes": notes or {}})


def _text_key(body: str, summary: str) -> str:
    return hashlib.sha256(f"{len(summary)}:{summary}\0{body}".encode()).hexdigest()


class Digester:
    """A stable hash of model values: equal inputs, equal digests, in any process and run.

    Composite values (dataclasses, collections) are hashed once each and remembered, so a post
    that appears on many pages is digested once per build."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str]] = {}
        self.field_names: dict[type, tuple[str, ...]] = {}

    def __call__(self, *values: Any) -> str:
        return hashlib.sha256(self._parts(values).encode("utf-8", "surrogatepass")).hexdigest()

    def of(self, value: Any) -> str:
        """The digest of one value, as it appears inside a larger one."""
        return self._one(value)

    def seed(self, value: Any, digest: str) -> None:
        """Give `value` a digest worked out another way (a post's: from its source's hash)."""
        self.memo[id(value)] = (value, digest)

    def _digest(self, value: Any) -> str:
        hit = self.memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        digest = hashlib.sha256(self._parts(value).encode("utf-8", "surrogatepass")).hexdigest()
        self.memo[id(value)] = (value, digest)  # keep `value` alive so its id is not reused
        return digest

    def _one(self, value: Any) -> str:
        """The digest of one value; plain values and short tuples are written out, not hashed."""
        kind = type(value)
        if kind in _PLAIN:
            return repr(value)
        if kind is datetime or kind is date:
            return value.isoformat()
        if kind is tuple and len(value) <= 8:
            return self._parts(value)
        return self._digest(value)

    def _parts(self, value: Any) -> str:
        if dataclasses.is_dataclass(value):
            names = self.field_names.get(type(value))
            if names is None:
                names = self.field_names[type(value)] = tuple(f.name for f in dataclasses.fields(value))
            return type(value).__name__ + "(" + ",".join(self._one(getattr(value, n)) for n in names) + ")"
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self._one(v) for v in value) + "]"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self._one(v) for v in value)) + "}"
        if hasattr(value, "items"):
            return "{" + ",".join(f"{self._one(k)}:{self._one(v)}" for k, v in value.items()) + "}"
        return f"{type(value).__name__}:{value!r}"


_PLAIN = {str, int, float, bool, bytes, type(None)}
