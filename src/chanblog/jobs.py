"""What a build asks of the output folder, and who may write where.

A `Job` is a file to publish, a `Bundle` a folder one program makes whole; `Manifest` is what
publishing needs of the page manifest. `Claims` gives each output path to one job and refuses
a path outside the output, two jobs at one path, and a file where another job needs a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from chanblog.errors import ChanblogError
from chanblog.inventory import Stamp, Stat


@dataclass(frozen=True)
class Job:
    """A file to publish: made by `make` unless its `key` (a digest of its inputs) is unchanged."""

    path: str
    origin: str
    key: str  # "" means: always make it
    make: Callable[[], bytes]
    line: int | None = None  # the line of `origin` that asks for this file (an alias), if one does
    # made by the building process before it forks any worker: it reads most of what the build
    # holds (the archives list every post), and each worker that read it would copy that memory
    wide: bool = False


@dataclass(frozen=True)
class Bundle:
    """A folder of files that one program makes from the staged pages (the search index), as a whole.

    `make(staging, folder)` writes the files into `folder` and returns None, or returns a warning
    when it cannot (the site is then published without them). The files are kept from the
    published site while `key` is unchanged."""

    folder: str
    origin: str
    key: str
    make: Callable[[Path, Path], str | None]


class Manifest(Protocol):
    """What `publish` needs of the page manifest (see manifest.PageManifest)."""

    def is_fresh(self, which: str, path: str, key: str, stat: Stat | None) -> bool: ...

    def record(self, path: str, key: str, stat: Stat) -> None: ...

    def published_files(self) -> dict[str, Stat]: ...

    def spare_record(self) -> tuple[Collection[str], Stamp | None]:
        """The paths of the files in the spare, and the stamp of the build that left it so (if known)."""
        ...

    def stamped(self, stamp: Stamp) -> None:
        """Keep the stamp of the folder just published, with what `record` was told of it."""
        ...


def is_contained(path: str) -> bool:
    return (bool(path) and not path.startswith("/") and "\\" not in path and "\0" not in path
            and (".." not in path or ".." not in path.split("/")))


class Claims:
    """Which job writes each output path. Refuses a path outside the output, two jobs at one
    path, and a file where another job needs a folder (`tags` as a file beside `tags/index.html`)."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}  # path -> origin of the job that writes it
        self.folders: set[str] = set()  # the folders above the paths claimed

    def claim(self, path: str, origin: str, line: int | None = None) -> None:
        """Reserve `path` for `origin` (and the line of it that asks for the file, if one does)."""
        if not is_contained(path):
            raise ChanblogError(f"would write outside the output folder: {path}", origin, line)
        if path in self.owners:
            first = self.owners[path]
            message = f"{origin} and {first} would both write {path}" if first != origin else f"would write {path} twice"
            raise ChanblogError(message, origin, line, "change a slug, an alias or a file name")
        if path in self.folders:
            raise ChanblogError(f"{origin} would write a file at {path}, where {self.folder_origin(path)} needs a "
                                "folder", origin, line, "change a slug, an alias or a file name")
        new, filed = [], None
        folder = path.rpartition("/")[0]
        while folder and folder not in self.folders:  # the folders above one claimed are claimed too
            if folder in self.owners:
                filed = folder
            new.append(folder)
            folder = folder.rpartition("/")[0]
        if filed:
            raise ChanblogError(f"{origin} needs a folder at {filed}, where {self.owners[filed]} writes a file",
                                origin, line, "change a slug, an alias or a file name")
        self.owners[path] = origin
        self.folders.update(new)

    def claim_all(self, jobs: Sequence[Job]) -> bool:
        """Reserve every job's path at once, if none can clash with another or with those claimed
        before (the usual case, checked on whole sets); else reserve none and say False: `claim`
        them one by one, to find which clash."""
        owners = dict(zip([job.path for job in jobs], [job.origin for job in jobs]))
        if len(owners) != len(jobs) or not all(map(is_contained, owners)):
            return False
        folders = _folders_above(owners.keys(), self.folders)
        if not (owners.keys().isdisjoint(self.owners) and owners.keys().isdisjoint(self.folders)
                and owners.keys().isdisjoint(folders) and folders.isdisjoint(self.owners)):
            return False
        self.owners.update(owners)
        self.folders |= folders
        return True

    def folder_origin(self, folder: str) -> str:
        """The origin of the first job claimed that writes in `folder` (for an error: found by a search)."""
        return next(origin for path, origin in self.owners.items() if path.startswith(folder + "/"))


def _folders_above(paths: Iterable[str], known: Collection[str]) -> set[str]:
    """The folders above `paths` (the top one, "", left out) that are not in `known`."""
    found = {path.rpartition("/")[0] for path in paths} - {""}
    found.difference_update(known)
    for folder in list(found):
        while (folder := folder.rpartition("/")[0]) and folder not in found and folder not in known:
            found.add(folder)
    return found
