"""The files of a source folder (`posts/`, `static/`, `templates/`), listed as a build reads them.

A link, to a file or to a folder, is followed when what it leads to stays inside the folder it
must stay in (the site folder; `posts/` for posts). A link that leads out of it, a broken link,
a link to a folder that holds it and what is no plain file (a pipe, a device) are errors naming
it: a site publishes only what it holds, and a listing always ends. Plain strings and
`os.scandir`: this runs on every build.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from chanblog.errors import BuildFailed, ChanblogError

CACHE_DIR = ".chanblog-cache"  # in the site's folder: what a build keeps for the next
# How long after a file last changed its size and times are trusted to tell a later change: a
# file changed again within the same tick of the file system's clock would keep them (git's
# "racily clean" files). Two seconds covers the coarsest clocks (FAT's); such a file is read again.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Listing:
    """The files of a folder by their path below it (`img/a.png`), in path order, each with the
    path to read (for a link, where it leads); and the links that were refused."""

    files: dict[str, str]
    errors: tuple[ChanblogError, ...] = ()
    linked: bool = False  # a file or folder was reached through a link: one file may be listed twice

    def checked(self) -> dict[str, str]:
        """The files, or BuildFailed naming every link refused."""
        if self.errors:
            raise BuildFailed(self.errors)
        return self.files


def dotted(name: str) -> bool:
    """Hidden files and folders (`.git`, `.DS_Store`), left out of `static/` and `templates/`."""
    return name.startswith(".")


def list_files(folder: Path, within: Path, shown: str, noun: str = "file",
               skip: Callable[[str], bool] = dotted, wanted: Callable[[str], bool] = lambda name: True) -> Listing:
    """Every plain file below `folder` whose name is `wanted`, leaving out names to `skip` and
    following links that stay inside `within`. A folder that is not there holds no files."""
    walk = _Walk(os.path.realpath(within), shown, f"{shown}/" if folder == within else "the site folder", noun,
                 skip, wanted)
    real = os.path.realpath(folder)
    if not os.path.isdir(real):
        broken = os.path.islink(folder)
        return Listing({}, (ChanblogError("is a broken link", shown, None, f"make {shown}/ a folder"),) if broken else ())
    if not walk.inside(real):
        return Listing({}, (walk.error("", walk.outside()),))
    pending = [("", str(folder), (real,))]
    while pending:
        walk.scan(*pending.pop(), pending)
    return Listing(dict(sorted(walk.files.items(), key=_by_folders)),
                   tuple(sorted(walk.errors, key=ChanblogError.sort_key)), walk.linked)


def _by_folders(item: tuple[str, str]) -> str:
    """A listing's order: folder by folder, as `path.split("/")` orders paths (no name holds a NUL,
    which sorts before any other character), at the cost of one string."""
    return item[0].replace("/", "\0")


Pending = list[tuple[str, str, tuple[str, ...]]]  # (prefix, folder to scan, real paths from the top down to it)


@dataclass
class _Walk:
    """One listing: what it keeps to (its boundary, which names it lists), and what it found."""

    within: str  # the real path every link must stay inside
    shown: str  # the folder as messages name it: "static"
    boundary: str  # `within` as messages name it: "posts/", "the site folder"
    noun: str  # what the folder holds: "file", "post", "template"
    skip: Callable[[str], bool]
    wanted: Callable[[str], bool]
    files: dict[str, str] = field(default_factory=dict)
    errors: list[ChanblogError] = field(default_factory=list)
    linked: bool = False

    def inside(self, real: str) -> bool:
        return real == self.within or real.startswith(self.within.rstrip(os.sep) + os.sep)

    def error(self, relative: str, problem: tuple[str, str]) -> ChanblogError:
        return ChanblogError(problem[0], f"{self.shown}/{relative}".rstrip("/"), None, problem[1])

    def outside(self) -> tuple[str, str]:
        return (f"is a link that leads outside {self.boundary}",
                f"copy what it links to into {self.shown}/ instead of linking to it")

    def scan(self, prefix: str, path: str, above: tuple[str, ...], pending: Pending) -> None:
        """List the files of one folder, and queue its folders."""
        try:
            with os.scandir(path) as scan:
                entries = [entry for entry in scan if not self.skip(entry.name)]
        except OSError as exc:
            self.errors.append(ChanblogError(f"cannot be read: {exc.strerror}", f"{self.shown}/{prefix}".rstrip("/"),
                                             None, "check that you may read the folder"))
            return
        for entry in entries:
            if entry.is_file(follow_symlinks=False):  # a plain file, no link: nothing to refuse
                if self.wanted(entry.name):
                    self.files[prefix + entry.name] = entry.path
                continue
            link = entry.is_symlink()
            target = os.path.realpath(entry.path) if link else entry.path
            folder = os.path.isdir(target) if link else entry.is_dir(follow_symlinks=False)
            if not folder and not self.wanted(entry.name):
                continue
            problem = self.problem(entry, target, folder, above)
            if problem:
                self.errors.append(self.error(prefix + entry.name, problem))
            elif folder:
                pending.append((f"{prefix}{entry.name}/", target,
                                above + (target if link else os.path.join(above[-1], entry.name),)))
                self.linked |= link
            else:
                self.files[prefix + entry.name] = target
                self.linked |= link

    def problem(self, entry: os.DirEntry[str], target: str, folder: bool,
                above: tuple[str, ...]) -> tuple[str, str] | None:
        """Why `entry` (leading to the real path `target` if it is a link) is not listed, and what to
        do about it; or None."""
        if entry.is_symlink():
            if not os.path.exists(target):
                return "is a broken link", f"put the {self.noun} itself in {self.shown}/"
            if not self.inside(target):
                return self.outside()
            if folder and any(real == target or real.startswith(target.rstrip(os.sep) + os.sep) for real in above):
                return "is a link to a folder that holds it", "remove the link: its folder would be listed without end"
        if not folder and not (os.path.isfile(target) if entry.is_symlink() else entry.is_file(follow_symlinks=False)):
            return "is not a plain file", f"put the {self.noun} itself in {self.shown}/"
        return None


_OPEN_PLAIN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_plain(path: str | Path, limit: int, whole: bool = True) -> bytes | None:
    """The bytes of `path` if it is a plain file: all of them, or None if there are more than
    `limit`; with `whole=False`, its first `limit` bytes. None for a link, a folder, a device, a
    pipe (opening never waits for a writer) or a file that cannot be read."""
    opened = open_plain(path, limit, whole)
    if opened is None:
        return None
    opened[0].close()
    return opened[1]


def open_plain(path: str | Path, limit: int, whole: bool = True) -> tuple[BinaryIO, bytes] | None:
    """`read_plain`, with the file left open: what is read through it later is what was read,
    whatever has been put at `path` since."""
    try:
        handle = os.open(path, _OPEN_PLAIN)
    except OSError:
        return None
    file = open(handle, "rb")
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or (whole and info.st_size > limit):
            data = None
        else:
            data = file.read(limit + 1 if whole else limit)
    except OSError:
        data = None
    if data is None or len(data) > limit:
        file.close()
        return None
    return file, data


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with a file holding `data` by rename; not at all into a folder that is a link."""
    if path.parent.is_symlink():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def in_repository(root: Path) -> bool:
    """True if the site's folder or one above it holds a `.git` (a folder, or a worktree's file)."""
    return any((folder / ".git").exists() for folder in (root, *root.parents))
