"""A real `chanblog serve` in a subprocess, and raw HTTP to talk to it."""

from __future__ import annotations

import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

SERVING = re.compile(r"Serving \S+ at (http://([\d.]+):(\d+)(/\S*)) ")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Preview:
    """A running `chanblog serve --port 0` on a site folder."""

    process: subprocess.Popen[str]
    url: str
    host: str
    port: int
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def request(self, target: str, method: str = "GET") -> Response:
        """Send the request target exactly as given (no client-side normalising), HTTP/1.0."""
        with socket.create_connection((self.host, self.port), timeout=10) as conn:
            conn.sendall(f"{method} {target} HTTP/1.0\r\nHost: {self.host}\r\n\r\n".encode("latin-1"))
            raw = b"".join(iter(lambda: conn.recv(65536), b""))
        head, _, body = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
        return Response(int(status_line.split()[1]), headers, body)

    def get(self, path: str) -> Response:
        return self.request(path)

    def wait_for_line(self, pattern: str, timeout: float = 20) -> str:
        """The next line the server prints that contains `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if pattern in line:
                return line
        raise AssertionError(f"no line with {pattern!r} within {timeout} s; saw {self.seen}")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as an author would; the exit code and everything printed on stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.process.returncode, self.process.stderr.read() if self.process.stderr else ""


def start_preview(site_root: Path, *args: str) -> Preview:
    """Start `chanblog serve --port 0` on `site_root` and wait until it is serving."""
    process = subprocess.Popen([sys.executable, "-m", "chanblog", "--site", str(site_root), "serve", "--port", "0",
                                *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=_pump, args=(process.stdout, lines.put), daemon=True).start()
    deadline, seen = time.monotonic() + 60, []
    while time.monotonic() < deadline and process.poll() is None:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        seen.append(line)
        if match := SERVING.search(line):
            return Preview(process, match[1], match[2], int(match[3]), lines, seen)
    process.kill()
    raise AssertionError(f"chanblog serve did not start: {seen} {process.stderr.read() if process.stderr else ''}")


def _pump(stream: IO[str], put: Callable[[str], None]) -> None:
    for line in stream:
        put(line.rstrip("\n"))


def eventually(check: Callable[[], bool], timeout: float = 20, every: float = 0.05) -> None:
    """Wait until `check()` is true; fail with a clear message after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"still not true after {timeout} s")
