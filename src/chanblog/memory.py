"""Keeping a large build's memory down: what it holds for good is set aside from the collector, and
what it has freed goes back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    """Call when what the build holds now lives until it ends: the collector need not scan it
    again (nor touch, and so copy, it in a forked worker), and the pages the C allocator holds
    free (the Markdown of posts once rendered) go back to the system, instead of counting in this
    process until it ends (glibc's malloc_trim; elsewhere nothing)."""
    gc.freeze()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def collector_paused() -> Iterator[None]:
    """Around a stage that makes many objects that live until the build ends, and no garbage (the
    plan of every page): the collector, which would walk them again and again as they pile up (a
    third of that stage's time at 10,000 posts), waits until the stage is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
