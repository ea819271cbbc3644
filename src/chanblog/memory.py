"""Keeping a large build's memory down: what it holds for good is set aside from the collector, and
what it has freed goes back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager


_paused: list[bool] = []  # one for each pause under way, True if it paused the collector


@contextmanager
def loading() -> Iterator[None]:
    """While the build loads what it then holds until it ends (caches, thousands of posts): the
    collector, run again and again as that grows, would scan it all each time to find nothing to
    free (none of it refers back to itself). Once loaded, it is set aside from the collector for
    good (still freed when the build lets go of it), which runs again after on what is new. A
    process forked meanwhile (a worker rendering bodies) runs with the collector on."""
    with collector_paused(freeze=True):
        yield


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """Around a stage that makes many objects that live until the build ends, and no garbage (the
    plan of every page): the collector, which would walk them again and again as they pile up (a
    third of that stage's time at 10,000 posts), waits until the stage is done; with `freeze`,
    what the stage made is then set aside from it (see `loading`)."""
    _paused.append(gc.isenabled())
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if _paused.pop():
            gc.enable()


def _collect_in_child() -> None:
    if any(_paused):
        gc.enable()
    _paused.clear()


os.register_at_fork(after_in_child=_collect_in_child)


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
