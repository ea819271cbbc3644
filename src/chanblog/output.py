"""The only writer of the output folder.

A build never writes into the published folder. It brings a staging folder beside it up to
date, then swaps the two: atomically with renameat2(RENAME_EXCHANGE) where Linux offers it,
else with two renames. The folder swapped out is kept as the *spare* (`.NAME.spare`) and
becomes the next build's staging folder, so a rebuild touches only what changed instead of
recreating thousands of folders. A failed or interrupted build leaves the published site
exactly as it was; a staging folder left by a build that was killed is removed by the next.
Which folders a build may take, use or remove is output_folder's to say: every folder a build
makes carries its marker from the start, and the published folder keeps its mode.

A bundle (a folder one program makes from the staged pages, such as a part of the search
index) is kept whole while its key is unchanged, else made afresh; bundles are made side by
side, and one may hold others' folders (the index's first part, `pagefind/`, holds the rest).

A file whose inputs did not change (its digest and its size and mtime match the page
manifest) is kept, or hard-linked from the published folder, without being made again; a
made file whose bytes equal the published one is hard-linked too. What the spare holds is
known from the page manifest where it vouches for the spare, listing only the folders changed
since the build that made it (see inventory), else by walking it. Files in the staging folder
are only ever replaced by rename, never written in place, because they may share their inode
with the published site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import glob
import multiprocessing
import os
import posixpath
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from chanblog.errors import BuildFailed, ChanblogError, distinct
from chanblog.inventory import UNSEEN, Stamp, entry_stat, file_stat, inventory, stamp, walk
from chanblog.jobs import Bundle, Claims, Job, Manifest
from chanblog.jobs import is_contained as is_contained  # (where callers have it from)
from chanblog.memory import settle
from chanblog.output_folder import (MARKER, check_writable, has_marker, made_by_chanblog, mark,
                                    remove_if_made_by_chanblog)

Stat = tuple[int, int]  # size, mtime_ns (see inventory)


@dataclass(frozen=True)
class WriteReport:
    made: int  # files rendered or copied this time (a bundle's files are only counted as written)
    skipped: int  # files whose inputs were unchanged, kept without being made
    written: int  # files whose bytes are new in the output
    unchanged: int  # files identical to the previous build
    warnings: tuple[str, ...] = ()


def spare_folder(output: Path) -> Path:
    return output.parent / f".{output.name}.spare"


def recover(output: Path) -> None:
    """Remove staging folders of builds that were killed, and put back a site such a build had
    moved aside (only where the swap takes two renames). Folders of running builds, and folders
    chanblog did not make, are left alone."""
    for kind in ("old", "new"):
        prefix = f".{output.name}.{kind}-"
        for folder in output.parent.glob(glob.escape(prefix) + "*"):
            pid = folder.name[len(prefix):].split("-", 1)[0]
            if not pid.isdigit() or _alive(int(pid)) or folder.is_symlink() or not folder.is_dir():
                continue
            if kind == "old":  # a folder of the swap's own, holding the published site as "site"
                site = folder / "site"
                if made_by_chanblog(site) and not os.path.lexists(output):
                    os.replace(site, output)
                remove_if_made_by_chanblog(str(site))
                remove_if_made_by_chanblog(str(folder))  # removed only once empty
            else:
                remove_if_made_by_chanblog(str(folder))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Staging:
    """The folder that becomes `output` on `commit`; on failure it is kept as the spare."""

    def __init__(self, output: Path, recorded: Collection[str] = (), since: Stamp | None = None) -> None:
        """Claim the spare (whose files are `recorded` as of `since`, if the manifest knows) to stage into."""
        self.output, self.spare = str(output), str(spare_folder(output))
        check_writable(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        self.folder = tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=output.parent)
        try:
            self._claim_spare()
        except BaseException:
            _retire(self.folder, self.spare)
            raise
        self.present, self.folders = inventory(self.folder, recorded, since)
        self.claims = Claims()
        self.claims.claim(MARKER, "chanblog")

    def _claim_spare(self) -> None:
        """Start from the spare if chanblog made it, else from the new, empty folder; mark it ours."""
        if made_by_chanblog(self.spare):
            try:
                os.replace(self.spare, self.folder)  # a rename over the empty folder
            except OSError:
                pass
        if not has_marker(self.folder):  # a new folder, or a spare from before the marker
            mark(self.folder)
        os.chmod(self.folder, 0o700)  # private until it is published; `commit` gives it the output's mode

    def marker(self) -> Stat:
        stat = os.lstat(os.path.join(self.folder, MARKER))
        return stat.st_size, stat.st_mtime_ns

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        if os.path.isdir(self.folder):  # not committed: keep what was done as the next spare
            _retire(self.folder, self.spare)

    def claim(self, path: str, origin: str, line: int | None = None) -> None:
        self.claims.claim(path, origin, line)

    def spare_stat(self, path: str) -> Stat | None:
        """The size and mtime of the file the spare holds at `path`, if it holds one."""
        stat = self.present.get(path)
        if stat is UNSEEN:
            stat = file_stat(f"{self.folder}/{path}")
            if stat is None:
                del self.present[path]
            else:
                self.present[path] = stat
        return stat

    def published(self, path: str) -> tuple[str, Stat | None]:
        """The published file at `path`, and its size and mtime if it is a plain file."""
        full = os.path.join(self.output, path)
        try:
            stat = os.lstat(full)
        except OSError:
            return full, None
        return full, (stat.st_size, stat.st_mtime_ns) if _is_file(stat.st_mode) else None

    def link(self, path: str, source: str, stat: Stat | None = None) -> Stat | None:
        """Make `path` a hard link to the published `source` (whose size and mtime are `stat`, if
        known); None if that cannot be done."""
        target = self._prepare(path)
        if stat is not None and path not in self.present:  # nothing there yet (a build with no spare
            try:                                            # links every file): link it in place
                os.link(source, target)
            except OSError:
                return None
            return stat  # a hard link is the same file: same size, same mtime
        temporary = f"{target}.~link"
        try:
            if not _same_file(source, target):  # rename() between links to one file does nothing
                _unlink_if_there(temporary)
                os.link(source, temporary)
                os.replace(temporary, target)
            stat = os.lstat(target)
        except OSError:
            _unlink_if_there(temporary)
            return None
        return stat.st_size, stat.st_mtime_ns

    def write(self, path: str, data: bytes) -> Stat:
        """Write a new file; one that replaces an older build's goes in by rename, never in place."""
        target = self._prepare(path)
        fresh = path not in self.present
        with open(target if fresh else f"{target}.~new", "xb" if fresh else "wb") as file:
            file.write(data)
            file.flush()  # the write, and so the mtime, must be done before the stat is taken
            stat = os.fstat(file.fileno())
        if not fresh:
            os.replace(f"{target}.~new", target)
        return stat.st_size, stat.st_mtime_ns

    def _prepare(self, path: str) -> str:
        target = os.path.join(self.folder, path)
        parent = os.path.dirname(path)
        if parent and parent not in self.folders:
            full = os.path.join(self.folder, parent)
            for folder in sorted(_ancestors(parent) - self.folders):  # a file (or a link) from an older build
                if self.present.pop(folder, None):  # stands where this build needs a folder: never write through it
                    _unlink_if_there(os.path.join(self.folder, folder))
            _make_folder(full)
            self.folders.update(_ancestors(parent))
        if path in self.folders:  # an older build had a folder where this build puts a file
            shutil.rmtree(target)
            self.folders -= {f for f in self.folders if f == path or f.startswith(path + "/")}
        return target

    def prune(self) -> None:
        """Remove what older builds left that this one does not publish, and folders left empty."""
        for path in self.present.keys() - self.claims.owners.keys():
            full = os.path.join(self.folder, path)
            if os.path.lexists(full) and not os.path.isdir(full) or os.path.islink(full):
                os.unlink(full)
        unused = self.folders - self.claims.folders  # a folder this build writes in is not empty
        for folder in sorted(unused, key=lambda f: f.count("/"), reverse=True):
            try:
                os.rmdir(os.path.join(self.folder, folder))  # only succeeds when empty
            except OSError:
                pass

    def commit(self) -> Stamp:
        """Swap the staging folder in, with the published folder's mode; that folder becomes the
        spare. Returns the stamp of the folder published (see inventory)."""
        os.chmod(self.folder, _mode_of(self.output))  # the last change below the folder: its ctime stamps it
        published = stamp(self.folder)
        if not os.path.exists(self.output):
            os.replace(self.folder, self.output)
            return published
        if not _exchange(self.folder, self.output):
            retired = tempfile.mkdtemp(prefix=f".{os.path.basename(self.output)}.old-{os.getpid()}-",
                                       dir=os.path.dirname(self.output))
            os.replace(self.output, os.path.join(retired, "site"))
            os.replace(self.folder, self.output)
            os.replace(os.path.join(retired, "site"), self.folder)
            os.rmdir(retired)
        _retire(self.folder, self.spare)
        return published


POOL_THRESHOLD = 200  # files to make; below this a process pool costs more than it saves
# Chunks of 32 files a page worker makes before it is replaced. Measured on the bench corpus:
# 20 kept 10,000 posts at 378 MiB but cost 4,000 posts 0.25 s more than 40; never recycling
# took 10,000 posts to 507 MiB. Since the posts' bodies stay in the body cache, 40 peaks at
# about 340 MiB for the whole process tree and 20 at about 300 MiB; at 100,000 posts 40 peaked
# at 1,983 MiB and 20 at 1,730 MiB, with no more CPU.
RECYCLE_CHUNKS = 20


def publish(output: Path, jobs: Sequence[Job], manifest: Manifest,
            progress: Callable[[int, int], None] | None = None, workers: int | None = None,
            bundles: Sequence[Bundle] = ()) -> WriteReport:
    """Bring the staging folder up to date with every job, then with the bundles made from it,
    then swap it in; report all errors."""
    counts = {"made": 0, "skipped": 0, "same": 0, "bundled": 0}
    errors: list[ChanblogError] = []
    with Staging(output, *manifest.spare_record()) as staging:
        manifest.record(MARKER, "", staging.marker())
        to_make, claimed = [], staging.claims.claim_all(jobs)
        for job in jobs:
            try:
                if not claimed:
                    staging.claim(job.path, job.origin, job.line)
                kept = _keep(staging, manifest, job.path, job.key)
            except ChanblogError as exc:
                errors.append(exc)
                continue
            if kept is None:
                to_make.append(job)
            else:
                counts["skipped"] += 1
                manifest.record(job.path, job.key, kept)
        for done, (job, placed) in enumerate(zip(to_make, make_all(staging, to_make, workers)), start=1):
            if isinstance(placed, ChanblogError):
                errors.append(placed)
            else:
                stat, same = placed
                counts["made"] += 1
                counts["same"] += same
                manifest.record(job.path, job.key, stat)
            if progress and (done % 64 == 0 or done == len(to_make)):
                progress(done, len(to_make))
        if errors:
            raise BuildFailed(distinct(errors))  # one template mistake fails many pages: say it once
        warnings = _place_bundles(staging, manifest, bundles, counts, workers)
        staging.prune()
        manifest.stamped(staging.commit())
    return WriteReport(made=counts["made"], skipped=counts["skipped"],
                       written=counts["made"] - counts["same"] + counts["bundled"],
                       unchanged=counts["same"] + counts["skipped"], warnings=warnings)


def _place_bundles(staging: Staging, manifest: Manifest, bundles: Sequence[Bundle], counts: dict[str, int],
                   workers: int | None) -> tuple[str, ...]:
    """Keep each published bundle that was made from the same key; make the others afresh, several
    at a time (each is a program of its own). A bundle's folder may hold other bundles' folders
    (the search index's first part holds its other parts): its files are the rest."""
    if not bundles:  # a site without search: nothing to look up among the published files
        return ()
    ordered = sorted(bundles, key=lambda bundle: bundle.folder)  # a folder comes before those inside it
    inner = {b.folder: tuple(o.folder for o in ordered if o.folder.startswith(b.folder + "/")) for b in ordered}
    published = _published_by_bundle(manifest.published_files(), inner.keys())
    placed: dict[str, dict[str, Stat]] = {}
    to_make = []
    for bundle in ordered:
        kept = _keep_bundle(staging, manifest, bundle, published.get(bundle.folder, []))
        if kept:
            counts["skipped"] += len(kept)
            placed[bundle.folder] = kept
        else:
            _clear(staging.folder, bundle.folder, inner[bundle.folder])
            to_make.append(bundle)
    with ThreadPoolExecutor(max(1, workers or os.cpu_count() or 1)) as pool:
        made = list(pool.map(lambda b: b.make(Path(staging.folder), Path(staging.folder, b.folder)), to_make))
    warnings = []
    for bundle, warning in zip(to_make, made):
        if warning:
            _clear(staging.folder, bundle.folder, inner[bundle.folder])
            warnings.append(warning)
            continue
        files = _bundle_files(staging.folder, bundle.folder, inner[bundle.folder])
        counts["bundled"] += len(files)
        placed[bundle.folder] = files
    for bundle in ordered:
        for path, stat in placed.get(bundle.folder, {}).items():
            staging.claim(path, bundle.origin)
            manifest.record(path, bundle.key, stat)
    return tuple(dict.fromkeys(warnings))  # every part of an index that cannot be made says so: once is enough


def _keep_bundle(staging: Staging, manifest: Manifest, bundle: Bundle, old: Sequence[str]) -> dict[str, Stat]:
    """The bundle's published files (`old`) in the staging folder, kept from the spare as a page's
    are (see `_keep`) or linked from the published folder; {} if any is stale."""
    kept = {}
    for path in old:
        stat = _keep(staging, manifest, path, bundle.key)
        if stat is None:
            return {}
        kept[path] = stat
    return kept


def _published_by_bundle(published: Iterable[str], folders: Iterable[str]) -> dict[str, list[str]]:
    """The published files of each bundle folder: those below it and not below a folder inside it."""
    folders = set(folders)
    tops = {folder.split("/")[0] for folder in folders}
    found: dict[str, list[str]] = {}
    for path in published:
        if path.split("/", 1)[0] not in tops:
            continue
        parent = posixpath.dirname(path)
        while parent and parent not in folders:
            parent = posixpath.dirname(parent)
        if parent:
            found.setdefault(parent, []).append(path)
    return found


def _inner_names(folder: str, inner: Sequence[str]) -> set[str]:
    """The names, in `folder`, of the folders that hold the bundles in `inner`."""
    return {path[len(folder) + 1:].split("/")[0] for path in inner}


def _bundle_files(staging: str, folder: str, inner: Sequence[str]) -> dict[str, Stat]:
    """Every file of the staged bundle `folder` (by path in the output), not walking the folders of `inner`."""
    skipped, files = _inner_names(folder, inner), {}
    with os.scandir(os.path.join(staging, folder)) as entries:
        for entry in entries:
            if entry.name in skipped:
                continue
            if entry.is_dir(follow_symlinks=False):
                below = walk(entry.path)[0]
                files.update({f"{folder}/{entry.name}/{rel}": stat for rel, stat in below.items()})
            else:
                files[f"{folder}/{entry.name}"] = entry_stat(entry)
    return files


def _clear(staging: str, folder: str, inner: Sequence[str]) -> None:
    """Remove the staged `folder`, or, if other bundles' folders are inside it, all but those."""
    full = os.path.join(staging, folder)
    if not inner or not os.path.isdir(full) or os.path.islink(full):
        _remove(full)
        return
    kept = _inner_names(folder, inner)
    with os.scandir(full) as entries:
        for entry in entries:
            if entry.name not in kept:
                _remove(entry.path)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        _unlink_if_there(path)


def _keep(staging: Staging, manifest: Manifest, path: str, key: str) -> Stat | None:
    """The file at `path` made from `key`, kept from the spare or linked from the published folder."""
    spare_stat = staging.spare_stat(path)
    if manifest.is_fresh("spare", path, key, spare_stat):
        return spare_stat
    published, stat = staging.published(path)
    if manifest.is_fresh("output", path, key, stat):
        return staging.link(path, published, stat)
    return None


Placed = tuple[Stat, bool]  # the file's size and mtime; True if the published file had the same bytes

_WORK: tuple[Staging | None, Sequence[Job]] = (None, ())  # what a forked worker inherits


def make_all(staging: Staging, jobs: Sequence[Job], workers: int | None = None) -> Iterator[Placed | ChanblogError]:
    """Make each job's file and put it in place, in order; across every core when there are many.

    Forked workers inherit the jobs and the staging folder and write the files themselves, so
    only a size and an mtime come back: sending the rendered bytes would cost as much as
    rendering them. Each job owns its path, so workers never write the same file."""
    global _WORK
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(jobs) < POOL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_make_and_place(staging, job) for job in jobs)
        return
    _WORK = (staging, jobs)
    settle()  # the workers share what the build holds, untouched by their collector, and not what it freed
    try:
        # A forked worker shares the parent's memory until it touches an object (reference counts
        # count as touching); recycling workers returns what they have copied (see RECYCLE_CHUNKS).
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=RECYCLE_CHUNKS) as pool:
            yield from pool.imap(_make_inherited, range(len(jobs)), chunksize=32)
    finally:
        _WORK = (None, ())


def _make_inherited(index: int) -> Placed | ChanblogError:
    staging, jobs = _WORK
    assert staging is not None
    return _make_and_place(staging, jobs[index])


def _make_and_place(staging: Staging, job: Job) -> Placed | ChanblogError:
    try:
        data = job.make()
    except ChanblogError as exc:
        return exc
    published, stat = staging.published(job.path)
    if stat is not None and stat[0] == len(data) and _read(published) == data:
        linked = staging.link(job.path, published, stat)
        if linked:
            return linked, True
    return staging.write(job.path, data), False


def output_is(output: Path, expected: dict[str, Stat]) -> bool:
    """True if `output` holds exactly these files, each with this size and mtime."""
    if not expected or not output.is_dir() or output.is_symlink():
        return False
    return walk(str(output))[0] == expected


def copy_job(path: str, origin: str, source: Path) -> Job:
    """A file copied as it is, keyed by its source's path, size and mtime."""
    stat = source.stat()
    return Job(path, origin, f"file:{source}:{stat.st_size}:{stat.st_mtime_ns}", source.read_bytes)


def _make_folder(path: str) -> None:
    """mkdir, and its parents if need be; one that exists is fine (a worker may have made it)."""
    try:
        os.mkdir(path)  # one call: the parent is usually there already
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _unlink_if_there(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _ancestors(path: str) -> set[str]:
    """`a/b/c` -> {a, a/b, a/b/c}; nothing for ""."""
    if not path:
        return set()
    parts = path.split("/")
    return {"/".join(parts[:i]) for i in range(1, len(parts) + 1)}


def _is_file(mode: int) -> bool:
    return stat.S_ISREG(mode)


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _retire(folder: str, spare: str) -> None:
    """Keep `folder` as the spare for the next build (or delete it if a spare is already there). A
    folder chanblog did not make (the empty one given as the output) is only removed if still empty."""
    if not made_by_chanblog(folder) or os.path.lexists(spare) and not made_by_chanblog(spare):
        remove_if_made_by_chanblog(folder)
        return
    try:
        os.replace(folder, spare)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where that is not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), b)


def _mode_of(output: str) -> int:
    """The published folder's permissions, or those of a new folder."""
    try:
        return stat.S_IMODE(os.lstat(output).st_mode)
    except FileNotFoundError:
        return 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
