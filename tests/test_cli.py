"""The command line as an author meets it: the installed script, python -m, new and serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from chanblog import __version__
from conftest import SiteDir


def test_version_from_the_console_script_and_python_m() -> None:
    for command in (["chanblog", "--version"], [sys.executable, "-m", "chanblog", "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"chanblog, version {__version__}"


def test_real_process_reports_error_without_traceback(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: X\ndate: yesterday\n---\n")
    done = subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site.root), "build"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("posts/x.md:3: date: 'yesterday' is not a date")
    assert "Traceback" not in done.stderr + done.stdout


def test_new_writes_a_post_that_builds_and_refuses_to_overwrite(site: SiteDir) -> None:
    result = site.run("new", "Lighting the Fuse: Part 2")
    assert result.exit_code == 0, result.output
    [path] = (site.root / "posts").glob("*-lighting-the-fuse-part-2.md")
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert front["title"] == "Lighting the Fuse: Part 2"
    assert front["author"] == "jane"
    site.build()
    again = site.run("new", "Lighting the Fuse: Part 2")
    assert again.exit_code == 1
    assert again.output.strip().endswith("already exists (pick another title, or edit the existing post)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, attempts: int = 100) -> tuple[int, bytes]:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url}")


def test_serve_builds_then_serves_on_loopback(site: SiteDir, tmp_path: Path) -> None:
    site.post("a", "Served", "2009-08-14")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "chanblog", "--site", str(site.root), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        status, body = _get(f"http://127.0.0.1:{port}/2009/08/served/")
        assert status == 200 and b'<h1 data-pagefind-meta="title">Served</h1>' in body
    finally:
        server.terminate()
        server.wait(timeout=10)
