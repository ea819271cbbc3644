"""The spare folder looked at in another process while the build reads and renders.

Publishing starts by finding out what the spare holds (`inventory`) and the size and mtime of
every file in it (`look`): a stat of each of its folders and files, about a third of a second
at 10,000 posts, and the same for an edit of one post as for a cold build. That work does not
depend on anything the build makes, so a build whose page manifest records enough files hands
it to a Python process of its own (`LookAhead`), on a core the build leaves idle, and `Staging`
starts from what it found. (A fork would be cheaper to start, but the build would then copy
every page of its memory that it touches while the other process runs: a fresh process is
told the recorded paths instead.)

It is only looked at, as publishing would look at it, a little sooner: a file of the spare
changed while the build runs may be found or not, as before. What it found is used only if the
spare is still the folder it looked at, untouched since (the same device, inode and ctime: a
build that stages into the spare renames it, which sets its ctime); else `Staging` takes its
inventory itself. The other process imports chanblog from where this one did, never from the
site's folder, and its answer is data (JSON), checked before it is used; any failure only
means the inventory is taken as before.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from chanblog.inventory import Stamp, Stat
from chanblog.spare_answer import top_of as top_of  # (where callers have it from)

LOOK_AHEAD_FILES = 2000  # recorded files from which the spare is worth a process of its own


@dataclass(frozen=True)
class Looked:
    """What the spare held when it was looked at: its files (size and mtime, or NOT_A_FILE) and folders."""

    top: tuple[int, int, int]  # the spare's device, inode and ctime then
    files: dict[str, Stat]
    folders: set[str]


class LookAhead:
    """Another process looking at the spare (see the module's docstring); `looked` waits for it."""

    def __init__(self, spare: Path, recorded: Collection[str], since: Stamp | None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        if since is None or len(recorded) < LOOK_AHEAD_FILES:
            return
        request = json.dumps({"spare": str(spare), "recorded": list(recorded), "since": since.as_tuple()},
                             separators=(",", ":")).encode("utf-8", "surrogatepass")
        try:
            self.process = subprocess.Popen([sys.executable, "-I", "-c", ANSWER, PACKAGE_PARENT],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, cwd=PACKAGE_PARENT)
        except OSError:
            return
        assert self.process.stdin is not None
        threading.Thread(target=_send, args=(self.process.stdin, request), daemon=True).start()

    def __enter__(self) -> LookAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def looked(self) -> Looked | None:
        """What the other process found, once it is done; None if it found nothing to use."""
        if self.process is None or self.process.stdout is None:
            return None
        try:
            data = self.process.stdout.read()
        except OSError:
            data = b""
        self.close()
        return _decoded(data)

    def close(self) -> None:
        """Stop the other process if it still runs (a build that failed before publishing), and wait for it."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None


PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)  # where this chanblog was imported from
ANSWER = "import sys; sys.path.insert(0, sys.argv[1]); from chanblog.spare_answer import answer; answer()"


def _send(pipe: IO[bytes], request: bytes) -> None:
    try:
        with pipe:
            pipe.write(request)
    except OSError:  # the other process is gone: `looked` finds no answer
        pass


def _decoded(data: bytes) -> Looked | None:
    """The other process's answer, if it is what `answer` writes."""
    try:
        found: Any = json.loads(data.decode("utf-8", "surrogatepass"))
        top, paths, sizes, mtimes, folders = (found[name] for name in ("top", "paths", "sizes", "mtimes", "folders"))
    except (ValueError, TypeError, KeyError):
        return None
    if not all(type(column) is list for column in (top, paths, sizes, mtimes, folders)):
        return None
    if len(top) != 3 or not len(paths) == len(sizes) == len(mtimes):
        return None
    if not set(map(type, top + sizes + mtimes)) <= {int} or not set(map(type, paths + folders)) <= {str}:
        return None
    return Looked((top[0], top[1], top[2]), dict(zip(paths, zip(sizes, mtimes))), set(folders))
