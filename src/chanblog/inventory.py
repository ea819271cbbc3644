"""What a staging folder holds before a build changes it: every file and every folder below it.

Found by walking the folder, or, when the page manifest vouches for it, mostly from the
manifest's record of it. A `Stamp` says which folder a build published (its top folder's
device and inode) and when that build had done changing it (the ctime of its top folder,
taken by a chmod after the last file was placed). Creating, removing or renaming an entry
in a folder sets that folder's ctime to the time of the change, and nobody can set a ctime
back; so a folder whose ctime is still before the stamp holds just the entries the record
gives it, and is not listed. Every other folder (the top one, always, since each build
renames it) is listed, and a folder that is not in the record is walked whole. The files
themselves are not looked at here: a file's size and mtime are checked against the record
when a build would keep it (see `keeping.keep_all`), which is how a file changed in place is found.
A recorded file is taken as there (UNSEEN) without building its path from its folder's, and
only where a recorded folder is gone or is no folder now are the files below it dropped.

This trusts the file system's clock to run forward: a folder changed by hand while the
clock was set back before the stamp would not be listed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterable
from typing import NamedTuple

Stat = tuple[int, int]  # size, mtime_ns
UNSEEN: Stat = (-2, -2)  # a file the record gives: there unless its folder changed; not yet looked at
NOT_A_FILE: Stat = (-1, -1)  # a link, a pipe or a folder where a file may be: never kept


class Stamp(NamedTuple):
    """A folder a build published, and when it was done with it (see the module's docstring). (A
    named tuple, not a dataclass: the process that looks at the spare need not import those.)"""

    device: int
    inode: int
    ctime: int  # ns

    def as_tuple(self) -> tuple[int, int, int]:
        return self.device, self.inode, self.ctime


def stamp(folder: str) -> Stamp:
    """The stamp of `folder` now: call it once nothing more will change below it."""
    info = os.lstat(folder)
    return Stamp(info.st_dev, info.st_ino, info.st_ctime_ns)


def inventory(folder: str, recorded: Collection[str] = (), since: Stamp | None = None
              ) -> tuple[dict[str, Stat], set[str]]:
    """Every file (by relative path, with size and mtime, or UNSEEN) and folder below `folder`:
    from `recorded` (the paths of the files it held) where `since` vouches for it, else walked.
    A recorded file is UNSEEN until looked at (it may be gone, if its folder changed); one that
    is not recorded is listed with its stats."""
    top = os.lstat(folder)
    if since is None or not recorded or (top.st_dev, top.st_ino) != (since.device, since.inode):
        return walk(folder)
    files: dict[str, Stat] = dict.fromkeys(recorded, UNSEEN)
    folders: set[str] = set()
    held = folders_of(recorded)
    known = set(held)
    _list(folder, "", known, files, folders)  # the top folder: each build renames it
    lost = False  # a folder the record gives is gone, or is not a folder any more
    for relative in held[1:]:  # after the top folder, "": a folder comes before the folders in it
        parent = relative.rpartition("/")[0]
        if parent and parent not in folders:
            lost = True  # the folder above is gone, or is not a folder any more
            continue
        try:
            info = os.lstat(f"{folder}/{relative}")
        except (FileNotFoundError, NotADirectoryError):
            lost = True
            continue
        if not stat.S_ISDIR(info.st_mode):
            files[relative] = NOT_A_FILE  # a file or a link where a folder was: never write through it
            lost = True
            continue
        folders.add(relative)
        if info.st_ctime_ns >= since.ctime:
            _list(f"{folder}/{relative}", relative + "/", known, files, folders)
    if lost:
        _forget_lost(files, folders)
    return files, folders


def _forget_lost(files: dict[str, Stat], folders: set[str]) -> None:
    """Drop the recorded files whose folder is gone or is no folder now: what stands there (a
    link to a folder outside, say) is never looked into, nor anything below it removed."""
    for path in [path for path, stat_ in files.items() if stat_ is UNSEEN and "/" in path]:
        if path.rpartition("/")[0] not in folders:
            del files[path]


def _list(full: str, prefix: str, recorded: Collection[str], files: dict[str, Stat], folders: set[str]) -> None:
    """The entries of one folder that changed: its files, and what is below any folder the record lacks."""
    with os.scandir(full) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if not entry.is_dir(follow_symlinks=False):
                files[relative] = entry_stat(entry)
            elif relative not in recorded:  # a folder the record knows has its own turn
                below, inner = walk(entry.path)
                folders.add(relative)
                folders.update(f"{relative}/{name}" for name in inner)
                files.update((f"{relative}/{name}", value) for name, value in below.items())


def folders_of(paths: Iterable[str]) -> list[str]:
    """The folders that hold the files at `paths`, and every folder above those (the top one as
    ""), in path order: a folder comes before the folders in it."""
    parents = {path.rpartition("/")[0] for path in paths}
    above = {""}
    for folder in parents:
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in parents or folder in above:
                break
            above.add(folder)
    return sorted(parents | above)


def look(folder: str, files: dict[str, Stat], paths: Iterable[str]) -> list[Stat | None]:
    """The size and mtime of the file at each of `paths` below `folder` (NOT_A_FILE for anything
    but a plain file, None where nothing is there), each looked at once: `files` (an inventory's)
    gives those already seen, and is told what the rest are (a path with nothing there is
    dropped from it). One loop: a build asks this of every file it keeps."""
    found: list[Stat | None] = []
    lstat, is_file = os.lstat, stat.S_ISREG
    for path in paths:
        known = files.get(path)
        if known is UNSEEN:
            try:
                info = lstat(f"{folder}/{path}")
            except (FileNotFoundError, NotADirectoryError):
                del files[path]
                known = None
            else:
                known = files[path] = (info.st_size, info.st_mtime_ns) if is_file(info.st_mode) else NOT_A_FILE
        found.append(known)
    return found


def walk(folder: str) -> tuple[dict[str, Stat], set[str]]:
    """Every file (by relative path, with size and mtime) and folder below `folder`."""
    files: dict[str, Stat] = {}
    folders: set[str] = set()
    pending = [("", folder)]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(relative)
                    pending.append((relative + "/", entry.path))
                else:
                    files[relative] = entry_stat(entry)
    return files, folders


def entry_stat(entry: os.DirEntry[str]) -> Stat:
    """A file's size and mtime; NOT_A_FILE for anything but a plain file (a link, say), never kept."""
    info = entry.stat(follow_symlinks=False)
    return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else NOT_A_FILE
