"""The files of a source folder (`posts/`, `static/`, `templates/`), listed as a build reads them.

A link, to a file or to a folder, is followed when what it leads to stays inside the folder it
must stay in (the site folder; `posts/` for posts). A link that leads out of it, a broken link
and a link to a folder that holds it are errors naming the link: a site publishes only what it
holds, and a listing always ends. Plain strings and `os.scandir`: this runs on every build.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chanblog.errors import BuildFailed, ChanblogError


@dataclass(frozen=True)
class Listing:
    """The files of a folder by their path below it (`img/a.png`), in path order, each with the
    path to read (for a link, where it leads); and the links that were refused."""

    files: dict[str, str]
    errors: tuple[ChanblogError, ...] = ()

    def checked(self) -> dict[str, str]:
        """The files, or BuildFailed naming every link refused."""
        if self.errors:
            raise BuildFailed(self.errors)
        return self.files


def dotted(name: str) -> bool:
    """Hidden files and folders (`.git`, `.DS_Store`), left out of `static/` and `templates/`."""
    return name.startswith(".")


@dataclass(frozen=True)
class _Walk:
    """What one listing keeps to: its boundary, how it names things, which names it lists."""

    within: str  # the real path every link must stay inside
    shown: str  # the folder as messages name it: "static"
    boundary: str  # `within` as messages name it: "posts/", "the site folder"
    noun: str  # what the folder holds: "file", "post", "template"
    skip: Callable[[str], bool]
    wanted: Callable[[str], bool]

    def inside(self, real: str) -> bool:
        return real == self.within or real.startswith(self.within.rstrip(os.sep) + os.sep)

    def problem(self, entry: os.DirEntry[str], target: str, folder: bool,
                above: tuple[str, ...]) -> tuple[str, str] | None:
        """Why `entry` (leading to the real path `target` if it is a link) is not listed, or None."""
        if entry.is_symlink():
            if not os.path.exists(target):
                return "is a broken link", f"put the {self.noun} itself in {self.shown}/"
            if not self.inside(target):
                return (f"is a link that leads outside {self.boundary}",
                        f"copy what it links to into {self.shown}/ instead of linking to it")
            if folder and any(real == target or real.startswith(target.rstrip(os.sep) + os.sep) for real in above):
                return "is a link to a folder that holds it", "remove the link: its folder would be listed without end"
        if not folder and not (os.path.isfile(target) if entry.is_symlink() else entry.is_file(follow_symlinks=False)):
            return "is not a plain file", f"put the {self.noun} itself in {self.shown}/"
        return None


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
        return Listing({}, (ChanblogError(f"is a link that leads outside {walk.boundary}", shown, None,
                                          f"copy what it links to into {shown}/ instead of linking to it"),))
    files: dict[str, str] = {}
    errors: list[ChanblogError] = []
    pending = [("", str(folder), (real,))]  # (prefix, folder to scan, real paths from the top down to it)
    while pending:
        prefix, path, above = pending.pop()
        try:
            with os.scandir(path) as scan:
                entries = [entry for entry in scan if not skip(entry.name)]
        except OSError as exc:
            errors.append(ChanblogError(f"cannot be read: {exc.strerror}", f"{shown}/{prefix}".rstrip("/"), None,
                                        "check that you may read the folder"))
            continue
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_symlink():
                target = real = os.path.realpath(entry.path)
                folder_entry = os.path.isdir(target)
            else:
                target, real = entry.path, os.path.join(above[-1], entry.name)
                folder_entry = entry.is_dir(follow_symlinks=False)
            if not folder_entry and not wanted(entry.name):
                continue
            problem = walk.problem(entry, target, folder_entry, above)
            if problem:
                errors.append(ChanblogError(problem[0], f"{shown}/{relative}", None, problem[1]))
            elif folder_entry:
                pending.append((relative + "/", target, above + (real,)))
            else:
                files[relative] = target
    ordered = dict(sorted(files.items(), key=lambda item: item[0].split("/")))
    return Listing(ordered, tuple(sorted(errors, key=ChanblogError.sort_key)))
