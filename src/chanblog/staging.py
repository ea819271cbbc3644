"""The staging folder a build brings up to date, and the swap that publishes it.

A build never writes into the published folder. It brings a staging folder beside it up to
date, then swaps the two: atomically with renameat2(RENAME_EXCHANGE) where Linux offers it,
else with two renames. The folder swapped out is kept as the *spare* (`.NAME.spare`) and
becomes the next build's staging folder, so a rebuild touches only what changed instead of
recreating thousands of folders. What the spare holds is known from the page manifest where it
vouches for the spare, listing only the folders changed since the build that made it (see
inventory), else by walking it. A failed or interrupted build leaves the published site
exactly as it was; a staging folder left by a build that was killed is removed by the next
(`recover`). Which folders a build may take, use or remove is output_folder's to say: every
folder a build makes carries its marker from the start, and the published folder keeps its mode.

Files in the staging folder are only ever replaced by rename, never written in place, because
they may share their inode with the published site (see `Staging.link` and `Staging.write`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import glob
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path

from chanblog.inventory import Stamp, Stat, inventory, look, stamp
from chanblog.jobs import Claims
from chanblog.output_folder import (MARKER, check_writable, has_marker, made_by_chanblog, mark,
                                    remove_if_made_by_chanblog)
from chanblog.spare_look import Looked, top_of


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

    def __init__(self, output: Path, recorded: Collection[str] = (), since: Stamp | None = None,
                 looked: Looked | None = None) -> None:
        """Claim the spare (whose files are `recorded` as of `since`, if the manifest knows; or as
        `looked` found them, if it is still the folder looked at) to stage into."""
        self.output, self.spare = str(output), str(spare_folder(output))
        check_writable(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        self.folder = tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=output.parent)
        spare = top_of(self.spare)  # before it is claimed: the claim renames it
        try:
            self._claim_spare()
        except BaseException:
            _retire(self.folder, self.spare)
            raise
        if looked is not None and _untouched(looked, spare, top_of(self.folder)):
            self.present, self.folders = looked.files, looked.folders
        else:
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

    def spare_stats(self, paths: Sequence[str]) -> list[Stat | None]:
        """The size and mtime of the file the spare holds at each of `paths` (None where it holds none)."""
        return look(self.folder, self.present, paths)

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
                unlink_if_there(temporary)
                os.link(source, temporary)
                os.replace(temporary, target)
            stat = os.lstat(target)
        except OSError:
            unlink_if_there(temporary)
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
                    unlink_if_there(os.path.join(self.folder, folder))
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


def _untouched(looked: Looked, spare: tuple[int, int, int] | None, claimed: tuple[int, int, int] | None) -> bool:
    """True if the spare, just before it was claimed, was the folder `looked` at, untouched since,
    and is the folder claimed (one from before the marker is marked when claimed: not untouched)."""
    return spare == looked.top and claimed is not None and claimed[:2] == looked.top[:2] and MARKER in looked.files


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


def unlink_if_there(path: str) -> None:
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
