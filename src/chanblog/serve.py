"""The live preview: a safe static server for the output folder, a watcher that rebuilds on
change, and a small script, injected only into served pages, that reloads them after a rebuild
and shows a failed rebuild's errors over the page."""

from __future__ import annotations

import contextlib
import errno
import html
import ipaddress
import json
import logging
import os
import posixpath
import shutil
import socket
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chanblog.errors import BuildFailed, ChanblogError
from chanblog.inventory import Stat
from chanblog.search import POLL_SECONDS as RUN_POLL_SECONDS
from chanblog.search import SEARCH_FOLDER, Background, IndexPlan, SearchUnavailable, Shard, make_shard, shards
from chanblog.warm import Warm

LIVE_PREFIX = "/__chanblog/"  # the preview's own URLs; a site never has a folder of that name
EVENTS_URL = LIVE_PREFIX + "events"
SCRIPT_URL = LIVE_PREFIX + "live.js"
KEEPALIVE_SECONDS = 15.0

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/vnd.microsoft.icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".pdf": "application/pdf", ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
}
DEFAULT_TYPE = "application/octet-stream"


def content_type(path: str) -> str:
    """The Content-Type a preview sends for a file name."""
    return CONTENT_TYPES.get(posixpath.splitext(path)[1].lower(), DEFAULT_TYPE)


class Refused(Exception):
    """A request the preview will not answer with a file: 400 for a malformed path, 404 otherwise."""

    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def resolve_request(root: Path, target: str, base_path: str = "") -> Path:
    """The file or folder under `root` that a request target names, or raise `Refused`.

    A target may not climb out of `root` in any spelling: `..` segments (plain or
    percent-encoded), backslashes and NUL bytes are malformed (400); a path outside the site's
    base path, or one that reaches outside `root` through a symlink, is not found (404)."""
    path = unquote(urlsplit(target).path, errors="strict") if target.startswith("/") else None
    if path is None or "\x00" in path or "\\" in path:
        raise Refused(HTTPStatus.BAD_REQUEST)
    segments = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in segments):
        raise Refused(HTTPStatus.BAD_REQUEST)
    base = [part for part in base_path.split("/") if part]
    if segments[:len(base)] != base:
        raise Refused(HTTPStatus.NOT_FOUND)
    top = os.path.realpath(root)
    found = os.path.realpath(os.path.join(top, *segments[len(base):]))
    if found != top and not found.startswith(top + os.sep):
        raise Refused(HTTPStatus.NOT_FOUND)
    return Path(found)


@dataclass(frozen=True)
class Event:
    """What the preview tells open pages: `reload`, `css` (swap stylesheets) or `errors`."""

    version: int
    kind: str
    errors: tuple[ChanblogError, ...] = ()

    def message(self) -> bytes:
        data = json.dumps({"errors": [str(e) for e in self.errors]})
        return f"event: {self.kind}\ndata: {data}\n\n".encode()


class LiveState:
    """The last rebuild's outcome, and a way for event streams to wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.last = Event(0, "reload")
        self.closed = False

    @property
    def errors(self) -> tuple[ChanblogError, ...]:
        return self.last.errors

    def announce(self, kind: str, errors: Iterable[ChanblogError] = ()) -> None:
        with self._changed:
            self.last = Event(self.last.version + 1, kind, tuple(errors))
            self._changed.notify_all()

    def next_after(self, version: int, timeout: float) -> Event | None:
        """The first event newer than `version`, or None after `timeout` seconds or on close."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.last.version > version, timeout)
            return self.last if self.last.version > version and not self.closed else None

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def inject(page: bytes, errors: Iterable[ChanblogError]) -> bytes:
    """A served HTML page with the live-reload script, and the error overlay if a rebuild failed."""
    tail = _overlay(errors) + f'<script src="{SCRIPT_URL}"></script>\n'.encode()
    end = page.lower().rfind(b"</body>")
    return page + tail if end < 0 else page[:end] + tail + page[end:]


def _overlay(errors: Iterable[ChanblogError]) -> bytes:
    items = "".join(f"<li>{html.escape(str(error))}</li>" for error in errors)
    if not items:
        return b""
    return (f'<div id="chanblog-errors" role="alert" style="{OVERLAY_STYLE}"><p><strong>The last rebuild '
            f'failed</strong>; this is the last good build. Fix the file and save it.</p>'
            f'<ul>{items}</ul></div>\n').encode()


OVERLAY_STYLE = ("position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;"
                 "padding:1em 1.5em;background:#3b0a0a;color:#fff;font:14px/1.5 ui-monospace,monospace;"
                 "border-top:4px solid #e5484d;white-space:pre-wrap")


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the output folder read-only, with the live-reload script in every page."""

    server: PreviewServer
    server_version = "chanblog-preview"

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet: one line per rebuild
        pass

    def _answer(self, send_body: bool) -> None:
        if self.path == EVENTS_URL:
            return self._stream_events() if send_body else self._send(HTTPStatus.OK, b"", "text/event-stream", False)
        if self.path == SCRIPT_URL:
            return self._send(HTTPStatus.OK, LIVE_SCRIPT.encode(), CONTENT_TYPES[".js"], send_body)
        try:
            found = self._locate()
        except (Refused, UnicodeDecodeError) as exc:
            status = exc.status if isinstance(exc, Refused) else HTTPStatus.BAD_REQUEST
            return self._not_found(send_body) if status == HTTPStatus.NOT_FOUND else self._refuse(status, send_body)
        if found.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return self._redirect(urlsplit(self.path).path + "/")
            found = found / "index.html"
        if not found.is_file():
            return self._not_found(send_body)
        self._send_file(found, HTTPStatus.OK, send_body)

    def _locate(self) -> Path:
        """The file a request names: in the output, or under /pagefind/ in the preview's search index."""
        server = self.server
        index = server.search.current if server.search else None
        bundle = f"{server.base_path}/{SEARCH_FOLDER}"
        path = urlsplit(self.path).path
        if index is not None and path.startswith(bundle + "/"):
            name = path[len(bundle) + 1:].partition("/")[0]
            part = server.search.locate(name)
            if part is not None:
                return resolve_request(part, self.path, f"{bundle}/{name}")
            return resolve_request(index, self.path, bundle)
        return resolve_request(server.root, self.path, server.base_path)

    def _send_file(self, path: Path, status: HTTPStatus, send_body: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            return self._not_found(send_body) if status == HTTPStatus.OK else self._refuse(status, send_body)
        kind = content_type(path.name)
        if kind.startswith("text/html"):
            data = inject(data, self.server.live.errors)
        self._send(status, data, kind, send_body)

    def _not_found(self, send_body: bool) -> None:
        page = Path(self.server.root) / "404.html"
        if page.is_file():
            return self._send_file(page, HTTPStatus.NOT_FOUND, send_body)
        self._refuse(HTTPStatus.NOT_FOUND, send_body)

    def _refuse(self, status: HTTPStatus, send_body: bool) -> None:
        page = f"<!DOCTYPE html><title>{status.value} {status.phrase}</title><h1>{status.phrase}</h1>".encode()
        self._send(status, inject(page, self.server.live.errors), CONTENT_TYPES[".html"], send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, data: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _stream_events(self) -> None:
        """Server-sent events: the current state at once, then each rebuild's outcome as it comes."""
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last = live.last
        seen = last.version
        try:
            self.wfile.write(Event(seen, "state", last.errors).message())
            self.wfile.flush()
            while not live.closed:
                event = live.next_after(seen, KEEPALIVE_SECONDS)
                if event is not None:
                    seen = event.version
                self.wfile.write(event.message() if event else b": still here\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the page went away


class PreviewServer(ThreadingHTTPServer):
    """A threaded HTTP server that knows the output folder, the base path and the live state."""

    daemon_threads = True
    request_queue_size = 1024  # the kernel caps it (somaxconn); 5, the default, left clients waiting for seconds

    def __init__(self, address: tuple[str, int], root: Path, base_path: str, live: LiveState) -> None:
        self.root, self.base_path, self.live = root, base_path, live
        self.search: PreviewSearch | None = None
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, PreviewHandler)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that hung up (a closed tab, a cancelled load) is no error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def open_server(root: Path, host: str, port: int, base_path: str = "", live: LiveState | None = None) -> PreviewServer:
    """Listen on `host:port` (port 0 picks a free one), or say why not and what to try."""
    try:
        return PreviewServer((host, port), root, base_path, live or LiveState())
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ChanblogError(f"port {port} is already in use", None, None,
                                f"try --port {port + 1}, or --port 0 to pick a free one") from None
        raise ChanblogError(f"cannot listen on {host}:{port}: {exc.strerror}", None, None,
                            "check --host; 127.0.0.1 serves this machine only") from None


def is_loopback(host: str) -> bool:
    """True if `host` only serves this machine (`localhost`, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_url(server: PreviewServer, base_path: str = "") -> str:
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in str(host) else host
    return f"http://{host}:{port}{base_path}/"


def start_in_background(server: PreviewServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="chanblog-preview", daemon=True)
    thread.start()
    return thread


WATCHED_FOLDERS = ("posts", "pages", "templates", "static", "locales")


def watched_change(root: Path, path: str) -> str | None:
    """The site-relative path of a change the preview rebuilds for, or None to ignore it."""
    try:
        rel = Path(path).relative_to(root)
    except ValueError:
        return None
    if any(part.startswith(".") or part.endswith("~") for part in rel.parts):
        return None  # editors' swap and backup files
    if rel.as_posix() == "site.yaml" or (rel.parts and rel.parts[0] in WATCHED_FOLDERS):
        return rel.as_posix()  # a new folder too: files saved in it at once may come before its watch
    return None


POLL_SECONDS = 0.1  # how often the watcher looks at site.yaml and at which watched folders there are
SWEEP_SECONDS = 2.0  # after a save (or the start), quiet this long, the preview looks for posts changed unseen


@dataclass(frozen=True)
class Layout:
    """What the watcher looks at rather than watches: site.yaml (its inode, size and mtime) and
    which watched folders there are (each by its inode, so one made anew is another folder)."""

    config: tuple[int, int, int] | None
    folders: tuple[tuple[str, int], ...]

    def changes_from(self, old: Layout) -> set[str]:
        """`site.yaml`, and each watched folder that came, went or was made anew, since `old`."""
        moved = set(self.folders) ^ set(old.folders)
        return ({"site.yaml"} if self.config != old.config else set()) | {name for name, _inode in moved}


def layout_of(root: Path) -> Layout:
    config = _stat(root / "site.yaml")
    folders = tuple((name, found[0]) for name in WATCHED_FOLDERS
                    if (found := _stat(root / name, stat.S_ISDIR)) is not None)
    return Layout(config, folders)


def _stat(path: Path, kind: Callable[[int], bool] = stat.S_ISREG) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns) if kind(found.st_mode) else None


def watch_site(root: Path, stop: threading.Event) -> Iterator[set[str]]:
    """Batches of saved site files (posts/, pages/, templates/, static/, locales/, site.yaml), as site paths.

    Only the watched folders are watched, and site.yaml and which of those folders there are
    are looked at every POLL_SECONDS (a folder that comes or goes restarts the watcher): the rest
    of the site folder (the output, the cache, the preview's search index) changes with every
    rebuild, and watching it would keep a save waiting until that stopped. The first batch comes
    as soon as the watcher is running, empty unless something changed: a save made after that
    is never missed."""
    layout, carried = layout_of(root), set()
    while True:
        with contextlib.closing(_watch_folders(root, [name for name, _inode in layout.folders], stop)) as batches:
            for batch in batches:
                now = layout_of(root)
                batch |= carried | now.changes_from(layout)
                restart, layout, carried = now.folders != layout.folders, now, set()
                if restart:  # carried into the first batch of the next watcher, once it runs
                    carried = batch
                    break
                yield batch
            else:
                return  # stopped, or Ctrl-C


def _watch_folders(root: Path, folders: list[str], stop: threading.Event) -> Iterator[set[str]]:
    """`watch_site`'s batches from these watched folders (every POLL_SECONDS, changed or not)."""
    if not folders:
        while not stop.wait(POLL_SECONDS):
            yield set()
        return
    from watchfiles import Change, DefaultFilter, watch

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # Ctrl-C is ours to report, once

    class SiteFilter(DefaultFilter):
        def __call__(self, change: Change, path: str) -> bool:
            return watched_change(root, path) is not None and super().__call__(change, path)

    for changes in watch(*(root / name for name in folders), watch_filter=SiteFilter(), stop_event=stop,
                         debounce=1600, step=30, rust_timeout=round(POLL_SECONDS * 1000), yield_on_timeout=True,
                         raise_interrupt=False):
        added = {path for change, path in changes if change == Change.added}
        # an editor's temp file, made and gone; not a post that Vim or Emacs saved by renaming it
        # to its backup and writing it anew (deleted and added too, but there at the end)
        transient = {path for path in added & {path for change, path in changes if change == Change.deleted}
                     if not os.path.lexists(path)}
        yield {rel for _change, path in changes if path not in transient and (rel := watched_change(root, path))}


def reload_kind(changed: Iterable[str]) -> str:
    """`css` when only the site's stylesheets changed (swap them in place), else `reload`."""
    changed = list(changed)
    only_css = changed and all(p.startswith("static/") and p.endswith(".css") for p in changed)
    return "css" if only_css else "reload"


def describe(changed: Iterable[str]) -> str:
    """`posts/a.md changed`, `posts/a.md and 2 more changed`, or for the first build `Built the site`."""
    names = sorted(changed)
    more = f" and {len(names) - 1} more" if len(names) > 1 else ""
    return f"{names[0]}{more} changed" if names else "Built the site"


def elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


@dataclass(frozen=True)
class _Part:
    """A part of the preview's index (see `search.shards`): its pages, the parts it lists (the
    first lists the others), and the folder Pagefind made it in."""

    pages: tuple[str, ...]
    shards: tuple[str, ...]
    folder: Path


class PreviewSearch:
    """The preview's search index, made beside the output after each rebuild that changed a post
    page, in the background: the page reloads first, and search catches up a moment later. It is
    made in the parts a build makes (`search.shards`), and a part is made again only when one of
    its pages changed: an edit re-indexes about a hundred pages, not the site. Pagefind runs at
    the lowest priority, and a newer save ends a run that is now out of date."""

    def __init__(self, folder: Path, say: Callable[[str], None] = lambda line: None) -> None:
        self.folder, self.say = folder, say
        self.served: tuple[Path, Mapping[str, Path]] | None = None  # /pagefind/, and its parts' folders by name
        self._key, self._made, self._lock = "", 0, threading.Lock()
        self._pending: tuple[Path, IndexPlan, Mapping[str, Stat], int] | None = None
        self._newer = threading.Event()  # set when a newer snapshot waits, or the preview ends
        self._held = threading.Event()  # set while the preview rebuilds: the indexer waits
        self._worker: threading.Thread | None = None
        # the indexer's thread alone touches these:
        self._snapshot = Snapshot(folder / "pages")
        self._parts: dict[str, _Part] = {}  # by the part's folder under the output (`pagefind/shard-3`)
        self._split: tuple[tuple[str, ...], bool, list[Shard]] | None = None  # the last plan's pages in parts
        self._unindexed: set[str] = set()  # pages changed in the snapshot since their part was made

    @property
    def current(self) -> Path | None:
        """What /pagefind/ serves: the first part (the whole index, on a site of a few hundred posts)."""
        served = self.served
        return served[0] if served else None

    def locate(self, name: str) -> Path | None:
        """The folder that serves /pagefind/NAME/: a part of the index other than the first."""
        served = self.served
        return served[1].get(name) if served else None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Pause the indexer (and Pagefind) for as long as this lasts: while the preview rebuilds."""
        self._held.set()
        try:
            yield
        finally:
            self._held.clear()

    def refresh(self, output: Path, plan: IndexPlan | None, files: Mapping[str, Stat] | None = None) -> None:
        """Index the plan's pages as `output` holds them (`files`: the size and mtime of each, as
        the build published them), unless the index is up to date. The snapshot of the pages is
        brought up to date in the background too, not before the next rebuild may start: a later
        rebuild replaces files and never writes into them, so a page linked after it holds that
        rebuild's bytes; if they differ, that rebuild's plan has another key, and its own run
        indexes them."""
        if plan is None or plan.key == self._key:
            return
        self._key, self._made = plan.key, self._made + 1
        with self._lock:
            self._pending = (output, plan, files or {}, self._made)
            self._newer.set()
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="chanblog-search", daemon=True)
                self._worker.start()

    def close(self) -> None:
        """End a run in progress and remove the folder: the preview is stopping."""
        with self._lock:
            self._pending = None
            self._newer.set()
            worker = self._worker
        if worker is not None:
            worker.join(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _work(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                self._newer.clear()
                if job is None:
                    self._worker = None
                    return
            self._index(*job)

    def _index(self, output: Path, plan: IndexPlan, files: Mapping[str, Stat], number: int) -> None:
        try:
            changed = self._snapshot.sync(output, plan.pages, files, self._newer)
            if changed is None:
                return
            self._unindexed |= changed
            parts = {}
            for part in self._shards(plan):
                while self._held.is_set() and not self._newer.wait(RUN_POLL_SECONDS):
                    pass  # a rebuild runs: it comes first
                parts[part.folder] = self._part(part, number)
                if parts[part.folder] is None:
                    return
        except SearchUnavailable as exc:
            self.say(f"warning: {exc}; the preview has no search")
            return
        except OSError:  # the output went away under the snapshot (a rebuild's swap without an atomic exchange)
            self._key = ""  # the next rebuild indexes again, whatever its plan
            return
        self._parts = parts
        self.served = (parts[SEARCH_FOLDER].folder,
                       {name.rpartition("/")[2]: part.folder for name, part in parts.items() if name != SEARCH_FOLDER})
        live = {part.folder for part in parts.values()}
        for folder in self.folder.glob("index-*"):  # those replaced, and those of a run a newer save stopped
            if folder not in live:
                shutil.rmtree(folder, ignore_errors=True)

    def _shards(self, plan: IndexPlan) -> list[Shard]:
        """The parts of the plan's pages, as the last run's when its pages were the same (an edit
        of a post's body or title leaves them so)."""
        if self._split is None or self._split[:2] != (plan.pages, plan.split):
            self._split = (plan.pages, plan.split, shards([(page, "") for page in plan.pages], "", plan.split))
        return self._split[2]

    def _part(self, part: Shard, number: int) -> _Part | None:
        """The part as made before, if none of its pages changed since; else made again and kept
        for the next run even if this one is stopped before it serves it (None if a newer save
        stopped this part)."""
        kept = self._parts.get(part.folder)
        if (kept is not None and (kept.pages, kept.shards) == (part.pages, part.shards)
                and self._unindexed.isdisjoint(part.pages)):
            return kept
        folder = self.folder / f"index-{number}-{part.folder.replace('/', '-')}"
        shutil.rmtree(folder, ignore_errors=True)
        if not make_shard(self._snapshot.folder, part, folder, Background(self._newer, self._held)):
            shutil.rmtree(folder, ignore_errors=True)
            return None
        made = self._parts[part.folder] = _Part(part.pages, part.shards, folder)
        self._unindexed.difference_update(part.pages)
        return made


class Snapshot:
    """The pages to index as the output held them at the last `sync`: hard links (copies where
    links cannot be made) in a folder that only Pagefind reads, kept from one index to the next
    and brought up to date page by page, so that an edit links again the pages it changed, not
    every post. A build replaces a changed file by another, never writing into it, and keeps an
    unchanged one as it was (size and mtime too): a page the build published with the size and
    mtime of the file linked here is up to date, and is not looked at."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pages: dict[str, Stat] = {}  # the size and mtime of the file each page links to

    def sync(self, output: Path, pages: Iterable[str], published: Mapping[str, Stat],
             stop: threading.Event) -> set[str] | None:
        """Hold exactly these pages, each as `output` holds it now (`published` gives the size and
        mtime of each, as the last build left it); the pages that changed (added, linked again or
        removed), or None if `stop` came first."""
        wanted, changed = set(pages), set()
        for page in wanted:
            if stop.is_set():
                return None
            if page in self.pages and self.pages[page] == published.get(page):
                continue
            placed, self.pages[page] = _place(output / page, self.folder / page)
            if placed:
                changed.add(page)
        for gone in self.pages.keys() - wanted:
            (self.folder / gone).unlink(missing_ok=True)
            del self.pages[gone]
            changed.add(gone)
        return changed


def _place(source: Path, target: Path) -> tuple[bool, Stat]:
    """Make `target` the file `source` is (a hard link, else a copy), unless it is already:
    whether it was not, and the size and mtime of `source` as linked or copied."""
    found = os.stat(source)
    linked = found.st_size, found.st_mtime_ns
    try:
        there = os.stat(target)
        if (there.st_ino, there.st_dev) == (found.st_ino, found.st_dev):
            return False, linked
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.name}.~link")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)
    return True, linked


class Preview:
    """`chanblog serve`: rebuild on every save, tell open pages, and never stop for a content error."""

    def __init__(self, root: Path, output: Path, drafts: bool, future: bool, live: LiveState | None = None,
                 say: Callable[[str], None] = lambda line: None) -> None:
        self.root, self.output, self.drafts, self.future = root, output, drafts, future
        self.live = live or LiveState()
        self.base_path = _base_path(root)  # until a build succeeds: it reports the base path it used
        self.search = PreviewSearch(search_folder(output), say)
        self.warm = Warm()  # what one rebuild leaves the next: the Jinja environments and the caches

    def rebuild(self, changed: set[str]) -> list[str]:
        """Build once; the lines to print: what changed, files written and milliseconds, or the errors."""
        from chanblog.build import build

        started = time.perf_counter()
        self.warm.saw(changed)  # what the watcher saw: the posts it did not report are not looked at
        try:
            with self.search.held():
                report = build(self.root, self.output, drafts=self.drafts, future=self.future, index=False,
                               warm=self.warm)
        except (ChanblogError, BuildFailed) as exc:
            return self._failed(changed, exc.errors if isinstance(exc, BuildFailed) else [exc])
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview either
            return self._failed(changed, [ChanblogError(f"chanblog failed: {exc!r}", None, None,
                                                        "this is a bug in chanblog; please report it")])
        self.base_path = report.base_path
        self.live.announce(reload_kind(changed))
        self.search.refresh(self.output, report.search, report.files)
        pages = f"{report.written} written, {report.unchanged} unchanged"
        return [f"{describe(changed)}: {pages} in {elapsed_ms(started)} ms"] + [str(w) for w in report.warnings]

    def _failed(self, changed: set[str], errors: list[ChanblogError]) -> list[str]:
        self.live.announce("errors", errors)
        return [f"{describe(changed)}: rebuild failed; still serving the last good build"] + [str(e) for e in errors]

    def run(self, server: PreviewServer, say: Callable[[str], None], on_ready: Callable[[], None] = lambda: None,
            stop: threading.Event | None = None) -> None:
        """Serve, and rebuild on each batch of saves, until Ctrl-C (or `stop` is set)."""
        server.base_path, server.search = self.base_path, self.search
        start_in_background(server)
        ready, swept, idle = False, False, time.monotonic()
        try:
            for changed in watch_site(self.root, stop or threading.Event()):
                if not ready:  # the watcher runs from now on: a save made before it started, it did not see
                    ready, idle = True, time.monotonic()
                    self.warm.saw(None)
                    on_ready()
                if changed:  # a save: once it has been quiet a while, the posts are looked at once more
                    swept, idle = False, time.monotonic()
                elif not swept and time.monotonic() - idle >= SWEEP_SECONDS:
                    # once until the next save, not after each rebuild: one that fails before it reads
                    # the posts (a broken site.yaml) would have every sweep find the same change again
                    swept, changed = True, self.warm.missed()  # what the watcher may have missed
                    if changed:  # it missed some: the next rebuild looks at every post
                        self.warm.saw(None)
                for line in self.rebuild(changed) if changed else ():
                    say(line)
                server.base_path = self.base_path
        except KeyboardInterrupt:
            pass  # Ctrl-C during a rebuild: the output is the last good build, as always
        finally:
            self.search.close()
            self.live.close()
            server.shutdown()
            server.server_close()


def search_folder(output: Path) -> Path:
    """A new folder for this preview's search index, beside the output (so pages can be hard-linked
    into it), made by this process alone: a fixed path could be a planted link to someone's files."""
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.search-", dir=output.parent))


def _base_path(root: Path) -> str:
    from chanblog.config import load_config

    try:
        return load_config(root).base_path
    except (ChanblogError, BuildFailed):
        return ""


LIVE_SCRIPT = files("chanblog").joinpath("live.js").read_text(encoding="utf-8")
