"""The bundled site, built once per test session, and a loopback server for it."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from click.testing import CliRunner

from chanblog.cli import cli

REPO = Path(__file__).resolve().parents[1]


def build_bundled(out: Path) -> Path:
    """Build the repository's own site into `out` and return it."""
    result = CliRunner().invoke(cli, ["--site", str(REPO), "build", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    """Debian's Chromium, which the browser tests drive (CI installs it)."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or None


def in_ci() -> bool:
    return os.environ.get("CI") == "true"
