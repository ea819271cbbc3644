"""What a build keeps in `.chanblog-cache/` so the next one does less, and the digests it is keyed by.

The cache is data only, never pickle: JSON made by `codec` (and rendered bodies' text as it
is, after a JSON index). Every file starts with a header naming the format, a fingerprint of
chanblog's code and the Markdown settings, then a SHA-256 of the payload: a file from another
version, or one that is truncated or damaged, is discarded.
The digest is no seal (anyone can work it out), so a cache is read as a stranger's file: only
a plain file (never through a link, never a device or a pipe), at most MAX_BYTES of it, and
each entry is decoded strictly; an entry that is not what chanblog writes is dropped and made
again. Caches are written atomically, and not at all into a cache folder that is a link.
(The page manifest, which the output is checked against, is `manifest`'s.)
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any, BinaryIO, NamedTuple

from chanblog import __version__
from chanblog.cache_log import append, line, read_last
from chanblog.codec import Invalid, Unencodable, codec
from chanblog.content import POSTS, Draft, read_post_file
from chanblog.errors import ChanblogError
from chanblog.links import refers_to_sources
from chanblog.markup import Rendered, shows_highlighted_code
from chanblog.model import KeptBody, Post, evolve
from chanblog.sources import CACHE_DIR as CACHE_DIR  # (where callers have it from)
from chanblog.sources import RACY_NS, Listing, open_plain, read_plain, write_atomically

FORMAT = b"chanblog-cache-2"
MAX_BYTES = 256 * 1024 * 1024  # per file: a cache bigger than this is neither read nor written


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """chanblog's version and a hash of its own code: any change to chanblog invalidates every cache."""
    hasher = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()[:24]


def load_bytes(path: Path, header: str) -> bytes | None:
    """The payload saved under `header`, or None if missing, stale, damaged or not a plain file."""
    data = read_plain(path, MAX_BYTES) if not path.parent.is_symlink() else None
    expected = FORMAT + b"\n" + header.encode() + b"\n"
    if data is None or not data.startswith(expected):
        return None
    digest, payload = data[len(expected):len(expected) + 32], data[len(expected) + 32:]
    return payload if hashlib.sha256(payload).digest() == digest else None


def save_bytes(path: Path, header: str, payload: bytes) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one. A link in
    the file's place is replaced, never followed; a cache folder that is a link is left alone."""
    if len(payload) <= MAX_BYTES:
        write_atomically(path, FORMAT + b"\n" + header.encode() + b"\n" + hashlib.sha256(payload).digest() + payload)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _decoded(kind: Any, data: Any) -> Any | None:
    """`data` as a value of type `kind`, or None if chanblog did not write it so."""
    try:
        return codec(kind).decode(data)
    except Invalid:
        return None


def _encoded(kind: Any, value: Any) -> Any | None:
    """`value` as JSON data, or None if it holds something the cache cannot write."""
    try:
        return codec(kind).encode(value)
    except Unencodable:
        return None


class BodyCache:
    """Rendered Markdown bodies by the hash of their text, for one set of Markdown settings.

    Kept in 256 files by the first two hex digits of the hash, so that editing one post rewrites
    1/256 of the cache (about 40 bodies at 10,000 posts). A file holds a JSON index (its SHA-256
    in the header), then the bodies' texts as they are (see `write_bodies`): HTML read back
    without scanning it for JSON escapes. Only the index is read when a file is opened: each part
    of a body (its HTML; its excerpt and summary) is checked against the index when it is read,
    so an edit reads only what it shows, not every body kept (a listing needs no HTML:
    `rendered` with `leave_out`).

    Only the index is held in memory: a body is read back from its file when it is asked for
    (`read`, `html`), so that a build of thousands of posts never holds every body at once.
    The files read stay open, so what is read back is what the index describes, and a process forked
    from the build reads through them too. Bodies rendered in this build wait in a temporary file
    in the cache folder (in memory if that cannot be written, or without `spill`: for `check`,
    which writes nothing) until `save` writes them out."""

    SHARDS = tuple(f"{number:02x}" for number in range(256))  # a body's file: the first two digits of its key
    EARLIER = tuple("0123456789abcdef")  # chanblog's first kept bodies in 16 files, by the first digit

    def __init__(self, folder: Path, settings: str, spill: bool = True, previous: BodyCache | None = None,
                 keep: bool = False) -> None:
        self.folder, self.header, self.spill, self.keep = folder, f"bodies {code_fingerprint()} {settings}", spill, keep
        self.used: set[str] = set()
        self.dirty: set[str] = set()
        self.failed: dict[str, ChanblogError] = {}  # bodies that could not be rendered, by key: never kept
        self.new_texts: Texts | None = None
        same = previous is not None and (previous.folder, previous.header) == (folder, self.header)
        # with `keep` (the preview's): each file's index as the last build that saved left it, with the
        # file's stat then (see `shards`); and each body as a listing sees it, by its key
        self.start: dict[str, tuple[FileStat | None, dict[str, Stored]]] = (
            (previous.left or previous.start) if previous is not None and same else {})
        self.left: dict[str, tuple[FileStat | None, dict[str, Stored]]] | None = None
        self.listings: dict[str, Rendered] = previous.listings if previous is not None and same else {}
        self.stats: dict[str, FileStat | None] = {}
        self.reread: set[str] = set()  # the files read, not taken as the last build left them

    @functools.cached_property
    def shards(self) -> dict[str, dict[str, Stored]]:
        """Loaded when first asked for: a build that finds nothing to do never needs them. A file
        that is still the one the last build in this process saved is not read again."""
        return {shard: self._open(shard) for shard in self.SHARDS}

    def _open(self, shard: str) -> dict[str, Stored]:
        path = self._path(shard)
        stat = self.stats[shard] = file_stat(str(path))  # taken before it is read: a change after shows
        known = self.start.get(shard)
        if known is not None and known[0] == stat:
            return dict(known[1])
        self.reread.add(shard)
        return open_bodies(path, self.header)

    def as_left(self, left: object) -> bool:
        """True if every file holds what it held when the build that saved `left` (the preview's
        last: see `left`) was done with it, and this cache starts from that: what that build was
        given of a body it kept, this one would be given too."""
        if left is None or self.start is not left:
            return False
        return not self.shards.keys() & self.reread  # (every file opened: read, or taken as left)

    def use(self, keys: Iterable[str]) -> None:
        """Keep these bodies, as if `rendered` had given them (a post the preview made last time, as it was)."""
        self.used.update(keys)

    def _path(self, shard: str) -> Path:
        return self.folder / f"bodies-{shard}.cache"

    def has(self, body: str, summary: str) -> bool:
        return self.holds(text_key(body, summary))

    def holds(self, key: str) -> bool:
        """True if the body with this `text_key` is kept."""
        return key in self.shards[key[:2]] if key else False

    def render(self, bodies: Sequence[tuple[str, str]],
               render_many: Callable[[Sequence[tuple[str, str]]], Iterable[Rendered | ChanblogError]],
               keys: Sequence[str] | None = None) -> list[Rendered | ChanblogError]:
        """Rendered (body, summary) pairs: cached ones as they were, the others rendered now.
        A body that could not be rendered comes back as its error, and is not kept. `keys`, if
        given, are the pairs' `text_key`s (a pair whose body is kept may then be left empty)."""
        return list(self.rendered(bodies, render_many, keys))

    def rendered(self, bodies: Sequence[tuple[str, str]],
                 render_many: Callable[[Sequence[tuple[str, str]]], Iterable[Rendered | ChanblogError]],
                 keys: Sequence[str] | None = None, leave_out: bool = False) -> Iterator[Rendered | ChanblogError]:
        """`render`, one body at a time: each is kept as soon as it is rendered and read back
        when its turn comes, so that the caller holds only the body it is at. With `leave_out`,
        a body `kept` gives a KeptBody for comes back as a listing sees it: without its HTML,
        which is not even read."""
        keys = list(keys) if keys is not None else [text_key(body, summary) for body, summary in bodies]
        self.used |= set(keys)  # pages, then posts: both are kept
        missing = {key: pair for key, pair in zip(keys, bodies)
                   if key not in self.shards[key[:2]] and key not in self.failed}
        if missing:
            for key, result in zip(missing, render_many(list(missing.values())), strict=True):
                self._take(key, result)
        for key in keys:
            if key in self.failed:
                yield self.failed[key]
            else:
                entry = self.shards[key[:2]][key]
                yield self._listed(key, entry) if leave_out and not entry.flags & REFERS else entry.read()

    def _listed(self, key: str, entry: Stored) -> Rendered:
        """The body as a listing sees it; kept by its key with `keep` (the key is the hash of its text)."""
        listed = self.listings.get(key)
        if listed is None:
            listed = entry.listed()
            if self.keep:
                self.listings[key] = listed
        return listed

    def take(self, body: tuple[str, str], result: Rendered | ChanblogError) -> None:
        """Keep a body rendered ahead of being asked for (a `markup.Sink`)."""
        self._take(text_key(*body), result)

    def _take(self, key: str, result: Rendered | ChanblogError) -> None:
        if isinstance(result, ChanblogError):
            self.failed[key] = result
            return
        if self.new_texts is None:
            self.new_texts = Texts.temporary(self.folder) if self.spill else Texts(None)
        self.shards[key[:2]][key] = self.new_texts.append(result)
        self.dirty.add(key[:2])

    def read(self, key: str) -> Rendered:
        """A kept body."""
        return self.shards[key[:2]][key].read()

    def html(self, key: str) -> str:
        """A kept body's HTML alone."""
        return self.shards[key[:2]][key].html()

    def kept(self, key: str) -> KeptBody | None:
        """What a post whose body is kept under `key` is planned by while its HTML stays here (see
        `put_back`), or None if the body may hold `@/` references (resolving them changes its HTML)."""
        entry = self.shards[key[:2]].get(key)
        if entry is None or entry.flags & REFERS:
            return None
        return KeptBody(key, entry.html_chars, bool(entry.flags & HIGHLIGHTED))

    def put_back(self, post: Post) -> Post:
        """The post with its HTML, read back if it was left out."""
        return evolve(post, html=self.html(post.kept.key), kept=None) if post.kept else post

    def save(self) -> None:
        """Write the shards that changed, keeping only what this build used; the bodies are read
        back from the files written from then on."""
        if "shards" not in self.__dict__:
            return  # never loaded, so never used
        for shard, entries in self.shards.items():
            used = {key: entry for key, entry in entries.items() if key in self.used}
            if shard in self.dirty or len(used) != len(entries):
                self.shards[shard] = write_bodies(self._path(shard), self.header, used)
                self.dirty.discard(shard)
                self.stats[shard] = file_stat(str(self._path(shard)))
        self.new_texts = None  # what is still read from it holds it
        self._remove_earlier()
        if self.keep and not self.folder.is_symlink():
            self.left = {shard: (self.stats[shard], dict(entries)) for shard, entries in self.shards.items()}
            self.listings = {key: listed for key, listed in self.listings.items() if key in self.used}

    def _remove_earlier(self) -> None:
        """Remove the files an earlier chanblog kept bodies in (16, by one digit), once these are
        written: only chanblog's own (their first line says so), in a cache folder that is no link."""
        if self.folder.is_symlink():
            return
        for digit in self.EARLIER:
            path = self._path(digit)
            if os.path.lexists(path) and read_plain(path, len(FORMAT), whole=False) == FORMAT:
                path.unlink(missing_ok=True)


class Texts:
    """Bytes of rendered bodies, read back by offset: a file held open (a cache file, or a
    temporary file of bodies rendered in this build), or bytes in memory."""

    def __init__(self, file: BinaryIO | None, size: int = 0, path: str | None = None) -> None:
        self.file, self.fd, self.size, self.path = file, file.fileno() if file else -1, size, path
        self.memory = bytearray()

    @classmethod
    def temporary(cls, folder: Path) -> Texts:
        """A file in `folder` that no one else can open and that goes when it is closed (or the
        build is killed); in memory if `folder` is a link or cannot be written."""
        try:
            if folder.is_symlink():
                raise OSError("the cache folder is a link")
            folder.mkdir(parents=True, exist_ok=True)
            return cls(tempfile.TemporaryFile(dir=folder))
        except OSError:
            return cls(None)

    def append(self, rendered: Rendered) -> Stored:
        parts = [text.encode("utf-8", "surrogatepass") for text in (rendered.html, rendered.excerpt,
                                                                    rendered.text_summary)]
        data, start = b"".join(parts), self.size
        if self.file is None:
            self.memory += data
        else:
            os.pwrite(self.fd, data, start)  # one write: a regular file takes it whole
        self.size += len(data)
        flags = HIGHLIGHTED * shows_highlighted_code(rendered.html) + REFERS * refers_to_sources(rendered.html)
        return Stored(self, start, *map(len, parts), rendered.word_count, rendered.reading_time, len(rendered.html),
                      flags, _check(parts[0]), _check(parts[1] + parts[2]))

    def read(self, start: int, length: int) -> bytes:
        if self.file is None:
            return bytes(self.memory[start:start + length])
        data = os.pread(self.fd, length, start)
        if len(data) != length:
            raise ChanblogError("the body cache was cut short while the build read it", None, None,
                                "build again")
        return data

    def damaged(self) -> ChanblogError:
        """The error for a body whose bytes are not those its index vouches for; the file is removed
        (if it is still the one read) so that the next build renders its bodies again."""
        if self.path is not None and self.file is not None:
            try:
                if os.path.samestat(os.lstat(self.path), os.fstat(self.fd)):
                    os.unlink(self.path)
            except OSError:
                pass
        return ChanblogError("the body cache was damaged or changed while the build read it", None, None,
                             "build again: the damaged part of the cache has been removed")


HIGHLIGHTED, REFERS = 1, 2  # a body's flags: it shows highlighted code; it may hold `@/` references


class Stored(NamedTuple):
    """Where a kept body's texts are, their counts, and a check of each part read on its own: the
    HTML, and the excerpt with the text summary (all a listing needs). A part is checked when it
    is read, so a cache file is never read whole to be trusted."""

    texts: Texts
    start: int
    html_bytes: int
    excerpt_bytes: int
    text_bytes: int
    word_count: int
    reading_time: int
    html_chars: int
    flags: int
    html_check: str
    rest_check: str

    def read(self) -> Rendered:
        html, rest = self._html(), self._rest()
        return Rendered(_text(html), _text(rest[:self.excerpt_bytes]), _text(rest[self.excerpt_bytes:]), self.word_count,
                        self.reading_time)

    def listed(self) -> Rendered:
        """The body as a listing sees it: its HTML left out."""
        rest = self._rest()
        return Rendered("", _text(rest[:self.excerpt_bytes]), _text(rest[self.excerpt_bytes:]), self.word_count,
                        self.reading_time)

    def html(self) -> str:
        return _text(self._html())

    def texts_of(self) -> bytes:
        return self.texts.read(self.start, self.html_bytes + self.excerpt_bytes + self.text_bytes)

    def _html(self) -> bytes:
        data = self.texts.read(self.start, self.html_bytes)
        if _check(data) != self.html_check:
            raise self.texts.damaged()
        return data

    def _rest(self) -> memoryview:
        data = self.texts.read(self.start + self.html_bytes, self.excerpt_bytes + self.text_bytes)
        if _check(data) != self.rest_check:
            raise self.texts.damaged()
        return memoryview(data)


def _check(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _text(data: bytes | memoryview) -> str:
    try:
        return str(data, "utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise ChanblogError("the body cache changed while the build read it", None, None, "build again") from None


def open_bodies(path: Path, header: str) -> dict[str, Stored]:
    """The index of a bodies file (its texts read back from it when asked for, each part checked
    then), or {} if it is missing, stale, damaged, not a plain file or not what `write_bodies`
    writes. Only the index is read."""
    opened = open_plain(path, 0, whole=False) if not path.parent.is_symlink() else None
    if opened is None:
        return {}
    file, _ = opened
    expected = FORMAT + b"\n" + header.encode() + b"\n"
    entries = {}
    try:
        size = os.fstat(file.fileno()).st_size
        if size <= MAX_BYTES and file.read(len(expected)) == expected:
            digest, head = file.read(32), file.readline(MAX_BYTES)
            if hashlib.sha256(head).digest() == digest and head.endswith(b"\n"):
                entries = index_bodies(head, size - len(expected) - 32 - len(head), Texts(file, size, str(path)),
                                       len(expected) + 32 + len(head))
    except OSError:
        entries = {}
    if not entries:
        file.close()
    return entries


def index_bodies(head: bytes, length: int, texts: Texts, start: int) -> dict[str, Stored]:
    """Where in `texts` each body is that `write_bodies` wrote from offset `start`, by the index
    line `head`, or {} if that is not what it writes or its texts are not `length` bytes in all."""
    try:
        index = json.loads(head)
    except (ValueError, RecursionError):  # not JSON
        return {}
    if type(index) is not list or not all(map(_is_body_row, index)) or sum(
            row[1] + row[2] + row[3] for row in index) != length:
        return {}
    entries, at = {}, start
    for row in index:
        entries[row[0]] = Stored(texts, at, *row[1:])
        at += row[1] + row[2] + row[3]
    return entries


def write_bodies(path: Path, header: str, entries: dict[str, Stored]) -> dict[str, Stored]:
    """Write `entries` atomically: the SHA-256 of the index, the index (a JSON line of [key, bytes
    of html, of excerpt, of text summary, word count, reading time, characters of HTML, flags,
    check of the HTML, check of the rest] for each), then their texts one after another in UTF-8,
    copied one by one from where they are. Returns the same entries, read back from the file
    written from now on (or as they were, if there are too many to keep)."""
    index = [[key, *entry[2:]] for key, entry in entries.items()]
    head = _json(index) + b"\n"
    if len(head) + sum(row[1] + row[2] + row[3] for row in index) > MAX_BYTES or path.parent.is_symlink():
        return entries
    prefix = FORMAT + b"\n" + header.encode() + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    file = os.fdopen(handle, "w+b")
    try:
        file.write(prefix + hashlib.sha256(head).digest() + head)
        for entry in entries.values():
            file.write(entry.texts_of())
        file.flush()
        os.replace(temporary, path)
    except BaseException:
        file.close()
        Path(temporary).unlink(missing_ok=True)
        raise
    texts, start, written = Texts(file, os.fstat(handle).st_size, str(path)), len(prefix) + 32 + len(head), {}
    for key, entry in entries.items():
        written[key] = entry._replace(texts=texts, start=start)
        start += entry.html_bytes + entry.excerpt_bytes + entry.text_bytes
    return written


_BODY_ROW = (str, int, int, int, int, int, int, int, str, str)


def _is_body_row(row: Any) -> bool:
    return (type(row) is list and tuple(map(type, row)) == _BODY_ROW and min(row[1:8]) >= 0 and row[7] < 4
            and len(row[8]) == len(row[9]) == 32)


FileStat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class _Seen(NamedTuple):
    """What the last build found of the posts, and the paths the watcher reported since."""

    listing: Listing
    stats: dict[str, FileStat | None]  # by source path
    reported: frozenset[str]
    below: tuple[str, ...]  # each reported path as a folder: `posts/2009/`


def _keeps(listing: Listing, reported: Iterable[str]) -> bool:
    """True if no path reported can have added, removed or replaced a file of this listing of posts/."""
    for path in reported:
        if path == POSTS:
            return False  # the folder itself, made anew
        name = path.removeprefix(f"{POSTS}/")
        if name != path and (name not in listing.files or not _plain(listing.files[name])):
            return False  # a file added or removed, a folder, or a post that is no plain file now
    return not listing.linked


def _plain(path: str) -> bool:
    try:
        return S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def file_stat(path: str) -> FileStat | None:
    """What tells that a file changed: its size, its two times (ctime cannot be set back, as
    `touch -d` sets mtime) and its inode (a file replaced by a rename); None if it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


class _Entry(NamedTuple):
    """A post file as the last build left it: its stat (None if too fresh to vouch for its text), the
    hash of its text and the config (`key`), of its body (`body_key`), and its checked front matter.
    (A named tuple: ten thousand are made on every build, at a fraction of a frozen dataclass's cost.)"""

    stat: FileStat | None
    key: str
    body_key: str
    draft: Any  # the Draft without its body, as JSON data (decoded only when the post is used)


class DraftCache:
    """Posts whose front matter was already checked, by their source path, for one config.

    A post whose file has the size, times and inode recorded is taken from here without being
    opened (`unchanged`); one whose text hashes as recorded is not parsed again (`parse`). Entries
    hold no body: `Draft.with_body_from` puts it back when it is needed (`read_back`). The file
    is a `cache_log`: a build appends the entries it changed, so an edit writes one line. A post
    whose front matter holds a value the cache cannot write is parsed again each time.

    With `keep` (the preview's), the cache keeps the drafts it decodes, and what its file holds once
    `save` wrote it (`left`): the next build's cache, given it as `previous`, starts from that
    instead of reading the file again, if the file is still the one written (same size, times and
    inode), and so decodes only the entries that changed.

    Given also what the preview's watcher `reported` since `previous` read the posts (paths in
    the site), it does not stat the posts again: a post no reported path holds keeps the stat
    `previous` took, and `posts/` keeps its listing if no reported path added, removed or
    replaced a file in it. Not where a link leads to a post: its file may change under a name
    the watcher reports and the listing does not use."""

    def __init__(self, folder: Path, config_digest: str, previous: DraftCache | None = None,
                 keep: bool = False, reported: frozenset[str] | None = None) -> None:
        self.path = folder / "drafts.cache"
        self.header = FORMAT + f"\ndrafts {code_fingerprint()} {config_digest}\n".encode()
        self.config_digest, self.keep = config_digest, keep
        self.read_stat = file_stat(str(self.path))  # taken before it is read: a change after shows
        same = previous is not None and (previous.path, previous.header) == (self.path, self.header)
        # what the file held when the last build that saved it was done with it (with `keep`)
        self.start: Left | None = (previous.left or previous.start) if previous is not None and same else None
        self.decoded: dict[str, tuple[_Entry, Draft]] = previous.decoded if previous is not None and same else {}
        start = self.start
        if start is not None and start.stat == self.read_stat:
            self.entries, self.lines, self.appendable = dict(start.entries), start.lines, start.appendable
        else:
            # a path's last line wins: the lines before it are read no further than the path
            self.entries, self.lines, self.appendable = read_last(self.path, self.header, MAX_BYTES, _entry)
        self.left: Left | None = None  # what the file holds once `save` wrote it (with `keep`)
        self.used: dict[str, _Entry] = {}  # what the next build gets
        self.keys: dict[str, str] = {}  # source path -> key: the hash of everything the post came from
        self.body_keys: dict[str, str] = {}  # source path -> the hash of its body, as `BodyCache` keys it
        self.unread: dict[str, str] = {}  # source path -> file, for the posts taken without being read
        self.seen: dict[str, FileStat | None] = {}  # source path -> its stat, taken before it was read
        self.vouched_before = time.time_ns() - RACY_NS  # a file changed since then is read each time
        self.listed: tuple[Callable[[], Listing], Listing] | None = None  # how posts/ was listed, and what it held
        last = previous.listed if previous is not None and same and reported is not None else None
        self.last = _Seen(last[1], previous.seen, reported, tuple(f"{path}/" for path in reported)) if last else None

    def listing(self, make: Callable[[], Listing]) -> Listing:
        """The listing of posts/ that `make` makes; or the last build's, if the watcher reported
        nothing that can have changed it."""
        last = self.last
        listing = last.listing if last is not None and _keeps(last.listing, last.reported) else make()
        if listing.linked:
            self.last = None  # a post reached by a link can change under a path the watcher reports, not its own
        self.listed = (make, listing)
        return listing

    def unchanged(self, source_path: str, path: str) -> Draft | None:
        """The post (without its body) if its file is as the cache recorded it, without opening it."""
        stat = self.seen[source_path] = self._stat(source_path, path)
        entry = self.entries.get(source_path)
        if stat is None or entry is None or entry.stat != stat:
            return None
        draft = self._draft(source_path, entry)
        if draft is None:
            return None
        self._use(source_path, entry)
        self.unread[source_path] = path
        return draft

    def parse(self, source_path: str, text: str, parse: Callable[[], Draft]) -> Draft:
        key, entry = self._key(source_path, text), self.entries.get(source_path)
        cached = self._draft(source_path, entry) if entry is not None and entry.key == key else None
        draft = cached.with_body_from(text) if cached is not None else parse()
        body_key = text_key(draft.body, draft.summary)
        data = entry.draft if entry is not None and cached is not None else _encoded(Draft, draft.without_body())
        if data is not None:
            made = _Entry(self._vouched(self.seen.get(source_path)), key, body_key, data)
            self._use(source_path, made)
            if self.keep and cached is None:  # (what decoding it gives: the next build takes it as it is)
                self.decoded[source_path] = (made, draft.without_body())
        self.keys[source_path], self.body_keys[source_path] = key, body_key
        return draft

    def _draft(self, source_path: str, entry: _Entry) -> Draft | None:
        """The entry's draft, decoded once for each entry with `keep`."""
        known = self.decoded.get(source_path)
        if known is not None and known[0] is entry:
            return known[1]
        draft = _decoded(Draft, entry.draft)
        if draft is not None and self.keep:
            self.decoded[source_path] = (entry, draft)
        return draft

    def _stat(self, source_path: str, path: str) -> FileStat | None:
        """The post's stat: the last build's, if the watcher reported no change of it since."""
        last = self.last
        if last is not None and source_path not in last.reported and not source_path.startswith(last.below):
            known = last.stats.get(source_path)
            if known is not None:
                return known
        return file_stat(path)

    def missed(self) -> set[str]:
        """The posts (source paths) added, removed or changed since this cache read them: what
        a watcher may have missed (a sweep, when the preview is idle)."""
        if self.listed is None:
            return set()
        make, listed = self.listed
        now = make().files
        return ({f"{POSTS}/{name}" for name in listed.files.keys() ^ now.keys()}
                | {f"{POSTS}/{name}" for name, path in now.items()
                   if name in listed.files and file_stat(path) != self.seen.get(f"{POSTS}/{name}")})

    def _key(self, source_path: str, text: str) -> str:
        text = f"{self.config_digest}\0{source_path}\0{text}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _vouched(self, stat: FileStat | None) -> FileStat | None:
        """The stat, if the file last changed long enough ago for it to tell the next change."""
        return stat if stat is not None and max(stat[1], stat[2]) < self.vouched_before else None

    def _use(self, source_path: str, entry: _Entry) -> None:
        self.used[source_path] = entry
        self.keys[source_path], self.body_keys[source_path] = entry.key, entry.body_key

    def read_back(self, draft: Draft, parse: Callable[[str, str], Draft]) -> Draft:
        """A post taken without being read, with its body from its file (parsed again with
        `parse(source_path, text)` if the file changed since); any other post as it is."""
        source_path = draft.post.source_path
        if source_path not in self.unread:
            return draft
        text = read_post_file(self.unread.pop(source_path), source_path)
        full = draft.with_body_from(text) if self._key(source_path, text) == self.keys[source_path] else parse(
            source_path, text)
        self.body_keys[source_path] = text_key(full.body, full.summary)
        return full

    def save(self) -> None:
        """Append the entries that changed; rewrite the file when it holds more dead lines than live."""
        changed = {path: entry for path, entry in self.used.items() if self.entries.get(path) != entry}
        as_read = file_stat(str(self.path)) == self.read_stat  # no one else wrote it since
        if not changed and self.used.keys() == self.entries.keys():
            self._leave(self.entries, self.lines, self.appendable, as_read)
            return
        if self.appendable and self.lines + len(changed) <= 2 * len(self.used) + 64 and append(
                self.path, [line(_record(path, entry)) for path, entry in changed.items()], MAX_BYTES):
            self._leave({**self.entries, **changed}, self.lines + len(changed), True, as_read)
            return
        data = self.header + b"".join(line(_record(path, entry)) for path, entry in self.used.items())
        if len(data) <= MAX_BYTES:
            write_atomically(self.path, data)
            self._leave(dict(self.used), len(self.used), True, True)

    def _leave(self, entries: dict[str, _Entry], lines: int, appendable: bool, known: bool) -> None:
        """With `keep`, what the file holds now that it is written, as it would be read (`known`:
        if this build knows it); the drafts decoded of other entries are let go."""
        if not self.keep or not known or self.path.parent.is_symlink():
            return
        self.left = Left(entries, lines, appendable, file_stat(str(self.path)))
        self.decoded = {path: pair for path, pair in self.decoded.items() if entries.get(path) is pair[0]}


@dataclasses.dataclass(frozen=True)
class Left:
    """What a drafts file holds, as `read_last` reads it, and its stat when it was written."""

    entries: dict[str, _Entry]
    lines: int
    appendable: bool
    stat: FileStat | None


def _is_digest(value: Any) -> bool:
    """A SHA-256 in lower-case hex, as `hexdigest` writes it."""
    return type(value) is str and len(value) == 64 and not value.strip(_HEX)  # (nothing left: all hex digits)


_HEX = "0123456789abcdef"
_STAT = (int, int, int, int)


def _record(source_path: str, entry: _Entry) -> list[Any]:
    return [source_path, list(entry.stat) if entry.stat else None, entry.key, entry.body_key, entry.draft]


def _entry(record: Any) -> tuple[str, _Entry] | None:
    """(source path, entry) from what `_record` wrote, or None if it is not that."""
    if type(record) is not list or len(record) != 5:
        return None
    path, stat, key, body_key, draft = record
    if type(path) is not str or not _is_digest(key) or not _is_digest(body_key) or not (
            stat is None or type(stat) is list and tuple(map(type, stat)) == _STAT):
        return None
    return path, _Entry(tuple(stat) if stat else None, key, body_key, draft)


def text_key(body: str, summary: str) -> str:
    """The hash a rendered body is kept by in `BodyCache`."""
    return hashlib.sha256(f"{len(summary)}:{summary}\0{body}".encode()).hexdigest()


class Digester:
    """A stable hash of model values: equal inputs, equal digests, in any process and run.

    Composite values (dataclasses, collections) are hashed once each and remembered, so a post
    that appears on many pages is digested once per build."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, str]] = {}
        self.field_names: dict[type, tuple[str, ...] | None] = {}  # None: not a dataclass

    def __call__(self, *values: Any) -> str:
        return hashlib.sha256(self._parts(values).encode("utf-8", "surrogatepass")).hexdigest()

    def of(self, value: Any) -> str:
        """The digest of one value, as it appears inside a larger one."""
        return self._one(value)

    def seed(self, value: Any, digest: str) -> None:
        """Give `value` a digest worked out another way (a post's: see `keys`)."""
        self.memo[id(value)] = (value, digest)

    def _digest(self, value: Any) -> str:
        hit = self.memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        digest = hashlib.sha256(self._parts(value).encode("utf-8", "surrogatepass")).hexdigest()
        self.memo[id(value)] = (value, digest)  # keep `value` alive so its id is not reused
        return digest

    def _one(self, value: Any) -> str:
        """The digest of one value; plain values and short tuples (the posts of a page of a
        listing) are written out, not hashed."""
        kind = type(value)
        if kind in _PLAIN:
            return repr(value)
        hit = self.memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if kind is datetime or kind is date:
            return value.isoformat()
        if kind is tuple and len(value) <= 16:
            return self._parts(value)
        return self._digest(value)

    def _fields(self, kind: type) -> tuple[str, ...] | None:
        """The names of the fields of a dataclass; None for another type."""
        if kind not in self.field_names:
            self.field_names[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(
                kind) else None
        return self.field_names[kind]

    def _parts(self, value: Any) -> str:
        kind = type(value)
        names = self._fields(kind)
        if names is not None:
            return kind.__name__ + "(" + ",".join([self._one(getattr(value, n)) for n in names]) + ")"
        if isinstance(value, (list, tuple)):  # (a post among a listing's is known: looked up here, not called for)
            memo = self.memo
            return "[" + ",".join([hit[1] if (hit := memo.get(id(v))) is not None and hit[0] is v else self._one(v)
                                   for v in value]) + "]"
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self._one(v) for v in value)) + "}"
        if hasattr(value, "items"):
            return "{" + ",".join(f"{self._one(k)}:{self._one(v)}" for k, v in value.items()) + "}"
        return f"{type(value).__name__}:{value!r}"


_PLAIN = {str, int, float, bool, bytes, type(None)}
