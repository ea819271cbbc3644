"""A local preview server for the built site (live reload comes later)."""

from __future__ import annotations

import errno
import functools
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chanblog.errors import ChanblogError


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def serve_folder(folder: Path, host: str, port: int, on_ready: Callable[[str], None]) -> None:
    """Serve `folder` until Ctrl-C."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ChanblogError(f"port {port} is already in use", None, None,
                                f"try --port {port + 1}, or --port 0 to pick a free one") from None
        raise ChanblogError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    with server:
        on_ready(f"http://{host}:{server.server_address[1]}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
