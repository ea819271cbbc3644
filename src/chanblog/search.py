"""Search on a static host: a Pagefind index of the post pages, written under the output.

Pagefind (PyPI's `pagefind[bin]`, a Rust program) reads built HTML and writes a search bundle
that the browser queries in pieces. Only post pages carry `data-pagefind-body`, so only they
are indexed; the theme marks their title, date, labels, tags and author as metadata, filters
and sort keys. The index is made from a folder of hard links to just the post pages, so
Pagefind neither parses every listing page nor sees a folder that is being written. Pagefind
writes its filter files in a random order; `search_order` then puts them in one, so the same
pages always give the same index, byte for byte.

Pagefind cannot add to an index, and takes about 5 ms of CPU a page: a site of more than
SHARD_PAGES pages is indexed in parts (`shards`), each made by its own run and kept while its
pages are unchanged, so that an edit re-indexes only its post's part. The first part is
`pagefind/` itself; `pagefind/shards.json` names the others, which the search page merges
(Pagefind's `mergeIndex`). A merged search finds what one index finds, with two differences
the search page makes up for (see theme/static/search.js) and two it cannot: results are
ranked within each part (by how rare a word is among that part's pages), so their order by
relevance can differ from one index's; and a word no page of a part has is, in that part,
looked up by the words it starts with (as one index does for a word no page of the site has).
"""

from __future__ import annotations

import ctypes
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from chanblog.search_order import SIGNATURE, steady_filters

SEARCH_FOLDER = "pagefind"  # under the output: /pagefind/pagefind.js and the index
SHARDS_FILE = "shards.json"  # in it: the folders of the index's other parts, for the search page to merge
# Pages a part of the index holds at most, on average. Pagefind takes about 5 ms of CPU a post page
# (1,000 words), so remaking the part that holds an edited post takes well under a second; a
# site of up to this many pages has one index, as Pagefind makes it.
SHARD_PAGES = 100
DATES_FILE = "dates.json"  # in each part of an index in parts: the date of each of its pages
SORT_DATE = re.compile(r'data-pagefind-sort="date:([^"]*)"')
# What a merged part needs (and its .pf_meta): the search page runs the first part's scripts
INDEX_DATA = ("pagefind-entry.json", "index", "fragment", "filter", DATES_FILE)
TIMEOUT_SECONDS = 600
POLL_SECONDS = 0.02  # how often a background run looks whether it is held or stopped
PAUSABLE = hasattr(signal, "SIGSTOP")  # (not on Windows: a run there goes on beside a rebuild)
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when the thread that started it ends


@dataclass(frozen=True)
class IndexPlan:
    """What the search index is made from: the post pages' output paths, a key of their contents,
    and whether it is made in parts (see `shards`)."""

    pages: tuple[str, ...]
    key: str
    split: bool = True


@dataclass(frozen=True)
class Shard:
    """One part of the index: the pages whose path hashes to it, indexed by one Pagefind run into
    `folder` (under the output). The first part is `pagefind/` itself, with Pagefind's scripts and
    the list of the other parts (`shards`), each in a folder of its own below it."""

    folder: str
    pages: tuple[str, ...]
    key: str
    shards: tuple[str, ...] = ()


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


def shards(pages: Sequence[tuple[str, str]], indexer: str, split: bool = True) -> list[Shard]:
    """The pages (output path, key of its contents) in parts that each index quickly. A page's part
    depends only on its path and the number of parts, which doubles as the site grows: an edit
    remakes only the part of the page it changed, and a new post only its own part. Without
    `split` (a site in several languages: a part without the page's language would answer in
    another, as Pagefind picks the largest it has) they are one index."""
    count = 1
    while split and count * SHARD_PAGES < len(pages):
        count *= 2
    groups: dict[int, list[tuple[str, str]]] = {}
    for path, key in pages:
        groups.setdefault(_part_of(path, count), []).append((path, key))
    first, *others = sorted(groups) or [0]  # no page at all: Pagefind says so, as a warning
    names = tuple(f"shard-{number}" for number in others)
    folders = [SEARCH_FOLDER] + [f"{SEARCH_FOLDER}/{name}" for name in names]
    listed = [names] + [()] * len(others)
    return [Shard(folder, tuple(path for path, _ in groups.get(number, [])),
                  _digest(["search", indexer, folder, shown, groups.get(number, [])]), shown)
            for number, folder, shown in zip([first, *others], folders, listed)]


def _part_of(path: str, count: int) -> int:
    return int(hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % count


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Background:
    """How the preview runs Pagefind: at the lowest priority, ended as soon as `stop` is set (a
    newer save made the run out of date), and paused while `hold` is (while the preview
    rebuilds: whatever its priority, a run beside a rebuild takes a core, and the memory and
    caches the cores share, from it)."""

    stop: threading.Event
    hold: threading.Event


def make_shard(site_folder: Path, shard: Shard, folder: Path, background: Background | None = None) -> bool:
    """Index the shard's pages (paths relative to `site_folder`) into `folder`, or raise
    SearchUnavailable. The folders of other shards inside `folder` are left alone. In the
    `background` (the preview's: see `run_pagefind`), False and nothing written if it was stopped."""
    with tempfile.TemporaryDirectory(prefix=".chanblog-search-", dir=site_folder) as scratch:
        linked = link_pages(site_folder, shard.pages, Path(scratch) / "site")
        made = Path(scratch) / "index"
        if not run_pagefind(linked, made, background):
            return False
        if shard.folder != SEARCH_FOLDER or shard.shards:  # one of several parts: the dates of its pages
            (made / DATES_FILE).write_text(json.dumps(page_dates(made, linked), sort_keys=True) + "\n",
                                           encoding="utf-8")
        if shard.folder == SEARCH_FOLDER:
            list_shards(made, shard.shards)
        else:  # a merged part is only data: the search page runs the first part's scripts
            for entry in made.iterdir():
                if entry.name not in INDEX_DATA and not entry.name.endswith(".pf_meta"):
                    os.unlink(entry)
        folder.mkdir(parents=True, exist_ok=True)
        for entry in made.iterdir():
            os.replace(entry, folder / entry.name)
    return True


def page_dates(bundle: Path, site_folder: Path) -> dict[str, str]:
    """The date each page of an index is sorted by (its `data-pagefind-sort="date:…"`), by the
    page's id in the index (its fragment's name): how the search page orders a browse by date
    across the parts, each of which ranks only its own pages."""
    dates = {}
    for fragment in sorted((bundle / "fragment").iterdir()):
        url = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(SIGNATURE))["url"]
        page = site_folder / unquote(url).lstrip("/")
        if url.endswith("/"):
            page = page / "index.html"
        try:
            found = SORT_DATE.search(page.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if found:
            dates[fragment.stem] = html.unescape(found.group(1))
    return dates


def list_shards(bundle: Path, names: Sequence[str]) -> None:
    """Write the list of the index's other parts, which the search page merges into the first."""
    (bundle / SHARDS_FILE).write_text(json.dumps(list(names)) + "\n", encoding="utf-8")


def run_pagefind(site_folder: Path, bundle: Path, background: Background | None = None) -> bool:
    """Run Pagefind over every page in `site_folder`, writing the bundle into `bundle`. In the
    `background` (the preview's), it runs at the lowest priority, paused while the preview holds
    it, and is ended as soon as it is stopped: then it returns False."""
    binary = pagefind_binary()
    if binary is None:
        raise SearchUnavailable("Pagefind is not installed (pip install 'pagefind[bin]')")
    command = [str(binary), "--site", str(site_folder), "--output-path", str(bundle), "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=_in_background if background else None)
    except OSError as exc:
        raise SearchUnavailable(f"Pagefind could not run: {exc.strerror}") from None
    out, err = _wait(process, background)
    if background is not None and background.stop.is_set():
        return False
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (err or out).strip().splitlines()
        raise SearchUnavailable(f"Pagefind failed: {said[-1] if said else f'exit status {process.returncode}'}")
    steady_filters(bundle)
    return True


def _wait(process: subprocess.Popen[str], background: Background | None) -> tuple[str, str]:
    """Pagefind's output once it is done: paused while `background` holds it (from its start, if
    it is held then; the time it is paused is not counted against the timeout), killed once it
    is stopped."""
    ran, paused = 0.0, False
    while True:
        if background is not None and PAUSABLE and background.hold.is_set() != paused:
            paused = not paused
            process.send_signal(signal.SIGSTOP if paused else signal.SIGCONT)
        started = time.monotonic()
        try:
            return process.communicate(timeout=POLL_SECONDS if background else 0.1)
        except subprocess.TimeoutExpired:
            ran += 0.0 if paused else time.monotonic() - started
            stopped = background is not None and background.stop.is_set()
            if stopped or ran > TIMEOUT_SECONDS:
                process.kill()  # (a stopped process too)
                out, err = process.communicate()
                if stopped:
                    return out, err
                raise SearchUnavailable(f"Pagefind took more than {TIMEOUT_SECONDS} s") from None


def _in_background() -> None:
    """In the Pagefind process, before it starts: lowest priority, and killed with the preview
    (SIGKILL: a run paused by SIGSTOP would never see a SIGTERM)."""
    os.nice(19)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


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
