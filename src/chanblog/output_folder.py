"""Which folders chanblog may publish into, replace or remove, and what it says when it cannot write one.

A build publishes only into a folder that does not exist, is empty, or that chanblog made. Every
folder chanblog makes (the staging folder a build fills, which becomes the output and then the
spare) holds `MARKER`, a small file of fixed content written before anything else, so it is
published too: harmless, and the same in every build. A folder from before the marker is known by
its site feed, which names chanblog as its generator. Any other folder is refused before anything
moves, naming a few of its files, and so are the root folder, the home folder, the site and the
folders that hold it, and anything inside `.git`. An output given as a symbolic link is refused with
the folder it leads to: the swap that publishes would replace the link, not follow it. Beside the
output, a spare or staging folder is used or removed only when it is chanblog's.

An output folder chanblog cannot write (on a read-only disk, immutable, not the user's) is refused
before the build; a failure while writing (a full disk) becomes one ChanblogError naming the output
folder. Either way the published site is as it was.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chanblog.errors import ChanblogError
from chanblog.sources import read_plain

MARKER = ".chanblog-output"
MARKER_TEXT = b"chanblog made this folder: each build replaces what is in it.\n"
LEGACY_FEED, LEGACY_GENERATOR = "feed.xml", b">chanblog</generator>"  # how chanblog's output was known before
FEED_PEEK = 65536  # the generator comes in a feed's first lines
SOURCES = ("posts", "templates", "static")
VCS_FOLDERS = (".git", ".hg", ".svn")
OWN_FOLDER = "choose an output folder of its own, such as _site"
FOREIGN_NAMED = 3  # how many of a folder's own files a refusal names


def output_location(given: Path) -> Path:
    """`given` made absolute with the folders above it resolved, but not itself: an output given as a
    link is then seen as one."""
    absolute = given.absolute()
    if absolute.name in ("", ".."):
        return absolute.resolve()
    return absolute.parent.resolve() / absolute.name


def check_output_folder(output: Path, site_root: Path) -> None:
    """Refuse, before anything moves, an output folder chanblog may not publish into."""
    if output.is_symlink():
        target = os.path.realpath(output)
        raise ChanblogError(f"is a symbolic link to {target}", str(output), None,
                            f"give that folder itself: -o {target}")
    reason = _forbidden(output.resolve(), site_root.resolve())
    if reason:
        raise ChanblogError(reason, str(output), None, OWN_FOLDER)
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        raise ChanblogError("is a file, not a folder", str(output), None,
                            "choose a folder to publish into, such as _site")
    if made_by_chanblog(output):
        return
    try:
        entries = sorted(os.listdir(output))
    except OSError as exc:  # a folder the user may not read is not one chanblog may replace
        raise ChanblogError(f"cannot be read: {exc.strerror}", str(output), None, OWN_FOLDER) from None
    if entries:
        raise ChanblogError(f"holds files chanblog did not write: {_named(output, entries)}", str(output), None,
                            "choose an empty output folder, or move what is in it elsewhere first")


def _forbidden(folder: Path, site_root: Path) -> str | None:
    """Why `folder` (resolved) may never be an output folder, or None."""
    if folder == Path(folder.anchor):
        return "is the root folder"
    if folder == _home():
        return "is your home folder"
    if folder == site_root or site_root.is_relative_to(folder) or any(
            folder.is_relative_to(site_root / name) for name in SOURCES):
        return "holds the site's sources"
    inside = next((part for part in folder.parts if part in VCS_FOLDERS), None)
    return f"is inside a {inside} folder" if inside else None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):  # no HOME and no entry in the password database
        return None


def _named(folder: Path, entries: list[str]) -> str:
    """`a, b/…, c and 12 more`: the first few entries, folders marked."""
    shown = [f"{name}/…" if _is_folder(folder / name) else name for name in entries[:FOREIGN_NAMED]]
    more = len(entries) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def made_by_chanblog(folder: str | Path) -> bool:
    """True if `folder` is a folder chanblog made: it holds the marker, or chanblog's site feed."""
    if not _is_folder(Path(folder)):
        return False
    return has_marker(folder) or LEGACY_GENERATOR in _peek(os.path.join(folder, LEGACY_FEED), FEED_PEEK)


def has_marker(folder: str | Path) -> bool:
    return _peek(os.path.join(folder, MARKER), len(MARKER_TEXT) + 1) == MARKER_TEXT


def _peek(path: str, limit: int) -> bytes:
    """The first `limit` bytes of a plain file (never through a link), or b""."""
    return read_plain(path, limit, whole=False) or b""


def mark(folder: str) -> None:
    """Write the marker into a folder chanblog has just made (or one it has known by its feed)."""
    path = os.path.join(folder, MARKER)
    if os.path.lexists(path):
        os.unlink(path)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        os.write(handle, MARKER_TEXT)  # a few bytes: one write
    finally:
        os.close(handle)


def remove_if_made_by_chanblog(folder: str) -> None:
    """Remove a folder chanblog made (or began to make: nothing in it but part of the marker); leave
    any other alone, unless it is empty."""
    if made_by_chanblog(folder) or _only_begun(folder):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        try:
            os.rmdir(folder)  # only succeeds when empty: nothing is lost
        except OSError:
            pass


def _only_begun(folder: str) -> bool:
    """True if `folder` holds the marker as a build killed while writing it left it, and nothing else."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return False
    return entries == [MARKER] and MARKER_TEXT.startswith(_peek(os.path.join(folder, MARKER), len(MARKER_TEXT)))


def check_writable(output: Path) -> None:
    """Refuse, before the build, an output folder (or the folder that holds it) chanblog cannot write."""
    holder = output.parent
    while not holder.exists() and holder != holder.parent:
        holder = holder.parent
    for folder in (output, holder):
        if folder.exists() and not os.access(folder, os.W_OK):  # for root too: a read-only disk, the immutable flag
            reason, hint = _unwritable(folder)
            raise ChanblogError(reason, str(folder), None, hint)


def _unwritable(folder: Path) -> tuple[str, str]:
    """Why `folder` cannot be written, and what to do about it."""
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "is on a read-only file system", "choose an output folder on a disk chanblog can write, with -o"
    if _is_immutable(folder):
        return "is immutable", "take the flag off with chattr -i, or choose another output folder with -o"
    return "is not writable for you", "make it writable (chmod u+w), or choose another output folder with -o"


FS_IOC_GETFLAGS, FS_IMMUTABLE_FL = 0x80086601, 0x10  # Linux: the flags `lsattr` shows


def _is_immutable(folder: Path) -> bool:
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        flags = fcntl.ioctl(handle, FS_IOC_GETFLAGS, bytes(8))
    except OSError:
        return False
    finally:
        os.close(handle)
    return bool(int.from_bytes(flags[:4], sys.byteorder) & FS_IMMUTABLE_FL)


# What to do when writing the output fails for a reason of the machine's, not chanblog's. Any other
# OSError is a bug in chanblog and keeps its traceback.
WRITE_HINTS = {
    errno.ENOSPC: "free space on its disk, or choose an output folder on another disk, with -o",
    errno.EDQUOT: "free space within your disk quota, or choose an output folder on another disk, with -o",
    errno.EROFS: "choose an output folder on a disk chanblog can write, with -o",
    errno.EACCES: "make it writable, or choose another output folder with -o",
    errno.EPERM: "make it writable (chattr -i if it is immutable), or choose another output folder with -o",
    errno.EBUSY: "a mount point cannot be swapped for the new site: publish into a folder inside it, with -o",
    errno.EIO: "the disk reported an error: check it, or choose an output folder on another disk, with -o",
}


@contextmanager
def writing(output: Path) -> Iterator[None]:
    """Turn a failure to write the output folder (a full disk, a read-only one) into one ChanblogError."""
    try:
        yield
    except OSError as exc:
        hint = WRITE_HINTS.get(exc.errno or 0)
        if hint is None:
            raise
        where = f" {exc.filename}" if exc.errno in (errno.EACCES, errno.EPERM) and exc.filename else ""
        raise ChanblogError(f"could not publish{where}: {exc.strerror}", str(output), None, hint) from None
