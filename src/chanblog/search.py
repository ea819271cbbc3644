"""Search on a static host: a Pagefind index of the post pages, written under the output.

Pagefind (PyPI's `pagefind[bin]`, a Rust program) reads built HTML and writes a search bundle
that the browser queries in pieces. Only post pages carry `data-pagefind-body`, so only they
are indexed; the theme marks their title, date, labels, tags and author as metadata, filters
and sort keys. The index is made from a folder of hard links to just the post pages, so
Pagefind neither parses every listing page nor sees a folder that is being written. Pagefind
writes its filter files in a random order; `search_order` then puts them in one, so the same
pages always give the same index, byte for byte.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from chanblog.search_order import steady_filters

SEARCH_FOLDER = "pagefind"  # under the output: /pagefind/pagefind.js and the index
TIMEOUT_SECONDS = 600
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when the thread that started it ends


@dataclass(frozen=True)
class IndexPlan:
    """What the search index is made from: the post pages' output paths, and a key of their contents."""

    pages: tuple[str, ...]
    key: str


class SearchUnavailable(Exception):
    """Pagefind is missing or failed: the site is published without search, with a warning."""


def pagefind_binary() -> Path | None:
    """The Pagefind program: PAGEFIND_BINARY_PATH if set, else the one `pagefind[bin]` installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return found if found is not None and found.is_file() else None


def binary_key() -> str:
    """Which Pagefind would index: a change of program makes a new index."""
    binary = pagefind_binary()
    if binary is None:
        return "no pagefind"
    stat = binary.stat()
    return f"{binary}:{stat.st_size}:{stat.st_mtime_ns}"


def make_index(site_folder: Path, pages: Iterable[str], bundle: Path) -> None:
    """Index the pages (paths relative to `site_folder`) into the folder `bundle`, or raise SearchUnavailable."""
    with tempfile.TemporaryDirectory(prefix=".chanblog-search-", dir=bundle.parent) as scratch:
        linked = link_pages(site_folder, pages, Path(scratch) / "site")
        run_pagefind(linked, bundle)


def run_pagefind(site_folder: Path, bundle: Path, stop: threading.Event | None = None) -> bool:
    """Run Pagefind over every page in `site_folder`, writing the bundle into `bundle`. With `stop`
    (the preview's), it runs at the lowest priority, so that rebuilds come first, and is ended
    as soon as `stop` is set: then it returns False."""
    binary = pagefind_binary()
    if binary is None:
        raise SearchUnavailable("Pagefind is not installed (pip install 'pagefind[bin]')")
    command = [str(binary), "--site", str(site_folder), "--output-path", str(bundle), "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=_in_background if stop else None)
    except OSError as exc:
        raise SearchUnavailable(f"Pagefind could not run: {exc.strerror}") from None
    out, err = _wait(process, stop)
    if stop is not None and stop.is_set():
        return False
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (err or out).strip().splitlines()
        raise SearchUnavailable(f"Pagefind failed: {said[-1] if said else f'exit status {process.returncode}'}")
    steady_filters(bundle)
    return True


def _wait(process: subprocess.Popen[str], stop: threading.Event | None) -> tuple[str, str]:
    started = time.monotonic()
    while True:
        try:
            return process.communicate(timeout=0.1)
        except subprocess.TimeoutExpired:
            stopped = stop is not None and stop.is_set()
            if stopped or time.monotonic() - started > TIMEOUT_SECONDS:
                process.kill()
                out, err = process.communicate()
                if stopped:
                    return out, err
                raise SearchUnavailable(f"Pagefind took more than {TIMEOUT_SECONDS} s") from None


def _in_background() -> None:
    """In the Pagefind process, before it starts: lowest priority, and end with the preview."""
    os.nice(19)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def link_pages(site_folder: Path, pages: Iterable[str], into: Path) -> Path:
    """A folder of hard links (copies where links cannot be made) to just these pages: a snapshot
    that later builds cannot change, since they replace files and never write into them."""
    made: set[str] = set()
    for page in pages:
        parent = os.path.dirname(page)
        if parent not in made:
            os.makedirs(into / parent, exist_ok=True)
            made.add(parent)
        try:
            os.link(site_folder / page, into / page)
        except OSError:
            shutil.copyfile(site_folder / page, into / page)
    return into
