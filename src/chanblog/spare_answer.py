"""What the other process that looks at the spare runs (see `spare_look`): the request read, the
spare looked at, the answer written. It is kept apart from `spare_look` and imports only what it
needs, since that process starts on every rebuild of a large site and its imports are most of
its start: its answer comes sooner, and the build waits less for it."""

from __future__ import annotations

import json
import os
import sys

from chanblog.inventory import Stamp, inventory, look


def top_of(folder: str) -> tuple[int, int, int] | None:
    """A folder's device, inode and ctime (None if it is not there)."""
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_ctime_ns


def answer() -> None:
    """In the other process: read the request, look at the spare, and write what was found."""
    asked = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    spare, recorded, since = asked["spare"], asked["recorded"], Stamp(*asked["since"])
    top = top_of(spare)
    if top is None:
        return
    files, folders = inventory(spare, recorded, since)
    look(spare, files, recorded)
    text = json.dumps({"top": top, "paths": list(files), "sizes": [stat[0] for stat in files.values()],
                       "mtimes": [stat[1] for stat in files.values()], "folders": sorted(folders)},
                      separators=(",", ":"))
    sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass"))
