"""The page manifest: for an output folder and its spare, the digest each file was made from, with
its size and mtime; and what the last build reported.

After a build, "output" describes the published folder and "spare" the folder it replaced,
which the next build starts from. The file is a `cache_log` with one line per build: that
build's fingerprint, report and search plan, then only the files that are new or changed since
the build before and the paths it no longer published. So an edit appends a line of a few
entries instead of rewriting thousands; reading replays the lines, and the file is rewritten
as two (the spare whole, then the output's changes) when most of what it holds is stale.

Each line also holds the stamps (see `inventory`) of the spare and of the output: which folder
each is and when the build that made it was done with it, so that the next build need not walk
the spare to know what it holds. And it holds what the build's pages were keyed from (see
`kept_keys`): a digest of what the pages show but the posts they hold themselves, and for
each published post, by source path, its digests as its own page and as other pages show it,
and the key of the files it was made from (again only those new or changed, and the posts gone).

A line that is not what chanblog writes (a damaged or planted one, a path outside the output)
makes the whole manifest ignored: every file is made again. A line cut short by a crash is
dropped with its build: what it described is then found stale by its size and mtime.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from chanblog.cache import FORMAT, MAX_BYTES, FileStat, code_fingerprint, file_stat
from chanblog.codec import Invalid, all_of, codec
from chanblog.cache_log import append, line, read_records
from chanblog.errors import ChanblogError, ChanblogWarning
from chanblog.inventory import Stamp
from chanblog.output import is_contained, output_is
from chanblog.report import SUMMARY
from chanblog.search import IndexPlan
from chanblog.sources import write_atomically

Files = dict[str, tuple[str, int, int]]  # output path -> (key, size, mtime)


class PostRecord(NamedTuple):
    """What a build's pages were keyed from of one published post (see `kept_keys`)."""

    whole: str  # its digest as its own page shows it
    shown: str  # as the other pages show it (`keys.PostDigests.of`)
    own: str  # without its neighbours, if the build asked for that (`keys.PostDigests.own`), else ""
    source: str  # the key of everything it was made from (`build.Inputs.sources`)
    placed: str  # as listings show it, but for what places no post (`keys.PostDigests.placed`)


Posts = dict[str, PostRecord]  # by the post's source path (a line holds each as its fields joined by spaces)
_WARNING = tuple[str, str | None, int | None, str | None]  # message, path, line, hint
_META = {"fingerprint": str, "summary": dict[str, int], "warnings": tuple[_WARNING, ...], "search": IndexPlan | None,
         "listing": str, "others": str, "bases": tuple[tuple[str, str, str], ...]}
# the paths, keys, sizes and mtimes of the files; the paths gone; the posts' source paths and digests; the posts gone
_COLUMNS = (str, str, int, int, str, str, str, str)
# last on a line: the stamps of the spare, then of the output (device, inode, ctime each; 0s where unknown)
_STAMPS = tuple[int, ...]


@dataclass(frozen=True)
class Read:
    """What reading a manifest file gives, and the file's stat when it was read (or written)."""

    stat: FileStat | None
    appendable: bool
    lines: int
    entries: int
    meta: dict[str, Any]  # the last build's report
    spare: Files
    previous: Files
    posts: Posts  # the last build's


class PageManifest:
    """What `publish` is told of the files the last builds made (see the module's docstring).

    With `keep` (the preview's), the manifest keeps what its file holds once `save` wrote it
    (`left`): the next build's, given it as `previous`, starts from that instead of reading the
    file again, if the file is still the one written (same size, times and inode)."""

    def __init__(self, folder: Path, output: Path, settings: str, previous: PageManifest | None = None,
                 keep: bool = False) -> None:
        name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
        self.path = folder / f"pages-{name}.log"
        self.header = FORMAT + f"\npages {code_fingerprint()} {settings}\n".encode()
        self.keep, self.read_stat = keep, file_stat(str(self.path))  # taken before it is read: a change after shows
        same = previous is not None and (previous.path, previous.header) == (self.path, self.header)
        self.start: Read | None = (previous.left or previous.start) if previous is not None and same else None
        read = self.start if self.start is not None and self.start.stat == self.read_stat else self._read()
        self.left: Read | None = None
        self.appendable, self.lines, self.entries = read.appendable, read.lines, read.entries
        meta, self.spare, self.previous, self.posts = read.meta, read.spare, read.previous, read.posts
        self.fingerprint: str = meta.get("fingerprint", "")  # of every input of the last build
        self.summary: dict[str, int] = meta.get("summary", {})  # its counts, for the closing line
        # its warnings and search plan, to report again
        self.warnings: tuple[ChanblogError, ...] = tuple(ChanblogWarning(*w) for w in meta.get("warnings", ()))
        self.search: IndexPlan | None = meta.get("search")
        self.listing: str = meta.get("listing", "")  # what its pages were keyed from (see `kept_keys`)
        self.others: str = meta.get("others", "")  # of all its inputs but the posts' own files (`build.Inputs.others`)
        # the base key of its pages of each template in each language (`render.BaseKeys`), for one site
        self.bases: dict[tuple[str, str], str] = {(name, lang): base for name, lang, base in meta.get("bases", ())}
        stamps = meta.get("stamps", ())
        self.stamps = (_stamp(stamps[:3]), _stamp(stamps[3:]))  # of the spare and of the output
        self.current: Files = {}
        self.published_stamp: Stamp | None = None

    def _read(self) -> Read:
        records, appendable = read_records(self.path, self.header, MAX_BYTES)
        builds = _builds(records)
        meta, spare, previous, posts = _replay(builds)
        return Read(self.read_stat, appendable and len(builds) == len(records),  # a line not ours is not kept
                    len(records), sum(_size(build) for build in builds), meta, spare, previous, posts)

    def is_fresh(self, which: str, path: str, key: str, stat: tuple[int, int] | None) -> bool:
        """True if the file with `stat` in the "output" or "spare" folder was made from `key`."""
        if not key or stat is None:
            return False
        entry = (self.previous if which == "output" else self.spare).get(path)
        return entry is not None and entry == (key, *stat)

    def record(self, path: str, key: str, stat: tuple[int, int]) -> None:
        self.current[path] = (key, *stat)  # files made every time too, so the output can be checked whole

    def spare_record(self) -> tuple[Collection[str], Stamp | None]:
        """The paths of the files in the spare, and its stamp if known."""
        return self.spare.keys(), self.stamps[0]

    def stamped(self, stamp: Stamp) -> None:
        """Keep the stamp of the folder just published, whose files `record` was told of."""
        self.published_stamp = stamp

    def vouches(self, fingerprint: str, output: Path) -> bool:
        """True if the last build had inputs of this fingerprint, and `output` still holds just what it published."""
        return (fingerprint == self.fingerprint and self.summary.keys() == set(SUMMARY)
                and output_is(output, self.published_files()))

    def published_files(self) -> dict[str, tuple[int, int]]:
        """What the output folder held when the last build finished: path -> (size, mtime)."""
        return _stats(self.previous)

    def placed_files(self) -> dict[str, tuple[int, int]]:
        """What this build has placed so far: path -> (size, mtime)."""
        return _stats(self.current)

    def save(self, fingerprint: str = "", summary: dict[str, int] | None = None,
             warnings: Sequence[ChanblogError] = (), search: IndexPlan | None = None, listing: str = "",
             posts: Mapping[str, PostRecord] | None = None, others: str = "",
             bases: Sequence[tuple[str, str, str]] = ()) -> None:
        """Call once the build is published: what was published becomes the spare. Appends what
        changed; rewrites the file when it would hold more than twice the entries the output has.
        `listing`, `posts`, `others` and `bases` are what this build's pages were keyed from (see
        `kept_keys`)."""
        meta = _encode_meta(fingerprint, summary or {}, warnings, search, listing, others, tuple(bases))
        stamps = _encode_stamps(self.stamps[1], self.published_stamp)  # what was published is the spare now
        changed, gone = _changes(self.previous, self.current)
        posts_changed, posts_gone = _changes(self.posts, posts or {})
        added = _record(meta, changed, gone, posts_changed, posts_gone, stamps)
        size = len(changed) + len(gone) + len(posts_changed) + len(posts_gone)
        as_read = file_stat(str(self.path)) == self.read_stat  # no one else wrote it since
        if self.appendable and self.entries + size <= 2 * len(self.current) + 64 and append(
                self.path, [line(added)], MAX_BYTES):
            self._leave(added, self.lines + 1, self.entries + size, as_read)
            return
        data = self.header + line(_record(meta, self.previous, [], self.posts, [], stamps)) + line(added)
        if len(data) <= MAX_BYTES:
            write_atomically(self.path, data)
            self._leave(added, 2, len(self.previous) + len(self.posts) + size, True)

    def _leave(self, added: list[Any], lines: int, entries: int, known: bool) -> None:
        """With `keep`, what the file holds now that `added` (a record of this build) is its last
        line, as it would be read (`known`: if this build knows it)."""
        if not self.keep or not known or self.path.parent.is_symlink():
            return
        build = _build(json.loads(json.dumps(added)))  # as the line is read back
        if build is None:
            return
        meta, made, gone, posts_made, posts_gone = build
        files, posts = dict(self.previous), dict(self.posts)
        _apply(files, made, gone)
        _apply(posts, posts_made, posts_gone)
        self.left = Read(file_stat(str(self.path)), True, lines, entries, meta, self.previous, files, posts)


def _stats(files: Files) -> dict[str, tuple[int, int]]:
    return {path: (size, mtime) for path, (_key, size, mtime) in files.items()}


V = TypeVar("V")


def _changes(before: Mapping[str, V], after: Mapping[str, V]) -> tuple[dict[str, V], list[str]]:
    """The entries of `after` new or changed since `before`, and the names of those gone."""
    return {name: entry for name, entry in after.items() if before.get(name) != entry}, [
        name for name in before if name not in after]


def _record(meta: list[Any], files: Files, gone: Sequence[str], posts: Posts, posts_gone: Sequence[str],
            stamps: list[int]) -> list[Any]:
    entries = files.values()
    return [*meta, list(files), [e[0] for e in entries], [e[1] for e in entries], [e[2] for e in entries],
            list(gone), list(posts), [" ".join(record) for record in posts.values()], list(posts_gone), stamps]


def _encode_meta(fingerprint: str, summary: dict[str, int], warnings: Sequence[ChanblogError],
                 search: IndexPlan | None, listing: str, others: str,
                 bases: tuple[tuple[str, str, str], ...]) -> list[Any]:
    values = {"fingerprint": fingerprint, "summary": summary,
              "warnings": tuple((w.message, w.path, w.line, w.hint) for w in warnings), "search": search,
              "listing": listing, "others": others, "bases": bases}
    return [codec(kind).encode(values[name]) for name, kind in _META.items()]


# what a line tells: the build's report, its new files, the paths gone, its new posts' digests, the posts gone
Build = tuple[dict[str, Any], Files, list[str], Posts, list[str]]


def _size(build: Build) -> int:
    """How many entries a line holds."""
    return sum(map(len, build[1:]))


def _builds(records: list[Any]) -> list[Build]:
    """Each line as a build, or none at all if any line is not what `save` writes."""
    builds = [_build(record) for record in records]
    return [build for build in builds if build is not None] if None not in builds else []


def _build(record: Any) -> Build | None:
    width = len(_META) + len(_COLUMNS) + 1
    if type(record) is not list or len(record) != width:
        return None
    meta = {name: _decoded(kind, data) for (name, kind), data in zip(_META.items(), record)}
    meta["stamps"] = _decoded(_STAMPS, record[-1])
    if any(meta[name] is None for name in meta if name != "search") or (
            record[3] is not None and meta["search"] is None):
        return None
    columns = record[len(_META):-1]
    paths, keys, sizes, mtimes, gone, posts, digests, posts_gone = columns
    if not all(type(column) is list and all_of(kind, column) for column, kind in zip(columns, _COLUMNS)) or not (
            len(paths) == len(keys) == len(sizes) == len(mtimes)) or len(posts) != len(digests) or not all(
            map(is_contained, paths + gone)):
        return None
    fields = list(map(str.split, digests, itertools.repeat(" ")))  # (digests and keys hold no space)
    if not set(map(len, fields)) <= {len(PostRecord._fields)}:
        return None
    return (meta, dict(zip(paths, zip(keys, sizes, mtimes))), gone, dict(zip(posts, map(PostRecord._make, fields))),
            posts_gone)


def _encode_stamps(*stamps: Stamp | None) -> list[int]:
    return [n for stamp in stamps for n in (stamp.as_tuple() if stamp else (0, 0, 0))]


def _stamp(values: tuple[int, ...]) -> Stamp | None:
    return Stamp(*values) if len(values) == 3 and any(values) else None


def _decoded(kind: Any, data: Any) -> Any | None:
    """`data` as a value of type `kind`, or None if chanblog did not write it so."""
    try:
        return codec(kind).decode(data)
    except Invalid:
        return None


def _replay(builds: list[Build]) -> tuple[dict[str, Any], Files, Files, Posts]:
    """The last build's report, the files of the spare (as the build before left the output) and
    of the output, and the last build's posts' digests."""
    if not builds:
        return {}, {}, {}, {}
    files: Files = {}
    posts: Posts = {}
    for _, made, gone, posts_made, posts_gone in builds[:-1]:
        _apply(files, made, gone)
        _apply(posts, posts_made, posts_gone)
    spare = dict(files)
    meta, made, gone, posts_made, posts_gone = builds[-1]
    _apply(files, made, gone)
    _apply(posts, posts_made, posts_gone)
    return meta, spare, files, posts


def _apply(entries: dict[str, V], made: dict[str, V], gone: list[str]) -> None:
    for name in gone:
        entries.pop(name, None)
    entries.update(made)
