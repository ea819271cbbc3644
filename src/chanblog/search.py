"""Search on a static host: a Pagefind index of the post pages, written under the output.

Pagefind (PyPI's `pagefind[bin]`, a Rust program) reads built HTML and writes a search bundle
that the browser queries in pieces. Only post pages carry `data-pagefind-body`, so only they
are indexed; the theme marks their title, date, labels, tags and author as metadata, filters
and sort keys. The index is made from a folder of hard links to just the post pages, so
Pagefind neither parses every listing page nor sees a folder that is being written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SEARCH_FOLDER = "pagefind"  # under the output: /pagefind/pagefind.js and the index
TIMEOUT_SECONDS = 600


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


def run_pagefind(site_folder: Path, bundle: Path) -> None:
    """Run Pagefind over every page in `site_folder`, writing the bundle into `bundle`."""
    binary = pagefind_binary()
    if binary is None:
        raise SearchUnavailable("Pagefind is not installed (pip install 'pagefind[bin]')")
    try:
        done = subprocess.run([str(binary), "--site", str(site_folder), "--output-path", str(bundle), "--silent"],
                              capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchUnavailable(f"Pagefind could not run: {exc}") from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchUnavailable(f"Pagefind failed: {said[-1] if said else f'exit status {done.returncode}'}")


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
