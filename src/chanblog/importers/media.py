"""`--media`: the images and files imported posts show or link to, fetched from the old blog into static/.

Old blogs die and take their pictures with them. What is fetched: the export's attachments
and any address on the old blog's own hosts (and, for Blogger, its image hosts) that names a
file, when a post uses it. A file of the blog's own host keeps its path (`static/wp-content/
uploads/2011/07/x.jpg`), so its old address answers on the new site too; one of another of
its hosts goes under `static/media/HOST/`.

Everything fetched is data: it is written, never opened, run or parsed. Only http and https,
only the old blog's hosts (a redirect elsewhere is refused), a time limit and a size cap per
file; the name is made from the address's path, never leaves static/, never goes through a
link; a file already there that differs is left as it was.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.importers.links import ADDRESS, names_a_file, swap_addresses
from chanblog.importers.records import ImportedPost

TIMEOUT = 30.0  # seconds for a whole file
MAX_BYTES = 100 * 1024 * 1024
MEDIA_FOLDER = "media"  # static/media/HOST/... for a file not on the blog's own host
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How long a file may take and how big it may be."""

    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True)
class MediaReport:
    """What `--media` did, for the summary: every address the posts use that it looked at."""

    saved: tuple[tuple[str, str], ...] = ()  # (address, path under static/) written now
    present: tuple[tuple[str, str], ...] = ()  # already there, byte for byte
    kept: tuple[tuple[str, str], ...] = ()  # a different file was there: left as it was, and used
    failed: tuple[tuple[str, str], ...] = ()  # (address, why) not fetched: posts keep the old address


class FetchError(Exception):
    """Why a file could not be fetched, in words for the summary."""


def host_allowed(host: str, hosts: Iterable[str]) -> bool:
    """`hosts` names hosts, or with `*.` every host under a domain."""
    host = host.lower().rstrip(".")
    return any(host == h or (h.startswith("*.") and host.endswith(h[1:])) for h in hosts)


def wanted(posts: Sequence[ImportedPost], hosts: Sequence[str], own: Sequence[str],
           attachments: Iterable[str]) -> list[str]:
    """The addresses posts use (body links, images, `image`) that `--media` should fetch, in order:
    the export's attachments, any address on a host that only holds files (Blogger's image
    hosts), and those on the blog's `own` hosts that name a file (`/x.jpg`, not `/about/`)."""
    files = set(attachments)
    found: dict[str, None] = {}
    for post in posts:
        for address in [*ADDRESS.findall(post.body), *([post.image] if post.image else [])]:
            parts = urlsplit(address)
            host = (parts.hostname or "").lower()
            if address in files or (host_allowed(host, hosts) and (host not in own or names_a_file(parts.path))):
                found[address] = None
    return list(found)


def local_path(address: str, own: Sequence[str]) -> str:
    """Where under static/ the file at `address` goes, or raise FetchError: its path, under
    `media/HOST/` unless the host is one of `own`; no `..`, no hidden or control characters."""
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    names = [name for name in unquote(parts.path).split("/") if name not in ("", ".")]
    if not names:
        raise FetchError("its address names no file")
    cleaned = []
    for name in names:
        name = "".join(c for c in name if unicodedata.category(c) != "Cc" and c != "\\")
        if name in ("", "..") or name.startswith("."):
            raise FetchError(f"its path has an unsafe name ({name or 'control characters'!r})")
        cleaned.append(name)
    path = "/".join(cleaned if host in own else [MEDIA_FOLDER, host, *cleaned])
    if urls.path_problem(path):
        raise FetchError(f"its path cannot be a file name here: {urls.path_problem(path)}")
    return path


class _SameHosts(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http or https on the old blog's hosts."""

    def __init__(self, hosts: Sequence[str]) -> None:
        self.hosts = hosts

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        parts = urlsplit(newurl)
        if parts.scheme not in ("http", "https") or not host_allowed(parts.hostname or "", self.hosts):
            raise FetchError(f"it redirects to {newurl}, which is not the old blog's")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(address: str, hosts: Sequence[str], limits: Limits) -> bytes:
    """The file at `address`, or raise FetchError saying why not."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https"):
        raise FetchError("only http and https addresses are fetched")
    if not host_allowed(parts.hostname or "", hosts):
        raise FetchError(f"{parts.hostname} is not the old blog's host")
    opener = urllib.request.build_opener(_SameHosts(hosts))
    request = urllib.request.Request(address, headers={"User-Agent": "chanblog-import"})
    deadline = time.monotonic() + limits.timeout
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            return _read(response, address, limits, deadline)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise (reason if isinstance(reason, FetchError) else FetchError(f"cannot connect: {reason}")) from None
    except (socket.timeout, TimeoutError):
        raise FetchError(f"no answer within {limits.timeout:g} seconds") from None
    except OSError as exc:
        raise FetchError(f"the connection failed: {exc}") from None


def _read(response: Any, address: str, limits: Limits, deadline: float) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limits.max_bytes:
        raise FetchError(f"it is larger than {limits.max_bytes:,} bytes")
    kind = response.headers.get_content_type()
    if kind == "text/html" and not PurePosixPath(urlsplit(address).path).suffix.lower().startswith(".htm"):
        raise FetchError("the server answered with a web page, not the file")
    chunks, size = [], 0
    while chunk := response.read1(_CHUNK):  # what one read of the socket gives: a trickle meets the deadline
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"it is larger than {limits.max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"it took longer than {limits.timeout:g} seconds")
        chunks.append(chunk)
    return b"".join(chunks)


def download(static_dir: Path, addresses: Sequence[str], hosts: Sequence[str], own: Sequence[str],
             limits: Limits = Limits()) -> MediaReport:
    """Fetch each address into `static_dir`; one file a path (`x.jpg?w=300` is `x.jpg`)."""
    outcomes: dict[str, list[tuple[str, str]]] = {"saved": [], "present": [], "kept": [], "failed": []}
    done: dict[str, str] = {}  # path -> outcome of the first address that gave it
    for address in addresses:
        try:
            path = local_path(address, own)
            if path not in done:
                done[path] = _store(static_dir, path, fetch(address, hosts, limits))
        except FetchError as exc:
            outcomes["failed"].append((address, str(exc)))
            continue
        outcomes[done[path]].append((address, path))
    return MediaReport(**{name: tuple(found) for name, found in outcomes.items()})


def _store(static_dir: Path, path: str, data: bytes) -> str:
    """Write `data` at `path` under `static_dir`: "saved", "present" (the same bytes) or "kept"."""
    target = _inside(static_dir, path)
    if target.is_file():
        return "present" if target.read_bytes() == data else "kept"
    if target.exists():
        raise FetchError(f"static/{path} is a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    _inside(static_dir, path)  # nothing swapped a link in while the folders were made
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return "saved"


def _inside(static_dir: Path, path: str) -> Path:
    """`static_dir/path`, refusing a link or a file on the way, or anything that resolves outside."""
    current = static_dir
    for name in path.split("/"):
        current = current / name
        if current.is_symlink():
            raise FetchError(f"static/{path} would go through a link")
        if current != static_dir / path and current.exists() and not current.is_dir():
            raise FetchError(f"static/{path} would go through a file")
    if static_dir.is_symlink() or not (static_dir / path).resolve().is_relative_to(static_dir.resolve()):
        raise FetchError(f"static/{path} would be outside static/")
    return static_dir / path


def relinked(posts: Sequence[ImportedPost], report: MediaReport, config: SiteConfig) -> list[ImportedPost]:
    """Posts whose links and images to fetched files lead to the copies in static/."""
    local = {address: path for address, path in (*report.saved, *report.present, *report.kept)}
    if not local:
        return list(posts)

    def copy(address: str) -> str | None:
        return urls.site_path(config, local[address]) if address in local else None
    return [replace(post, body=swap_addresses(post.body, copy),
                    image="/" + local[post.image] if post.image in local else post.image) for post in posts]
