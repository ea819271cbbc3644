"""Time save-to-reload in `chanblog serve`: the bundled site and a generated corpus.

    python bench/serve_latency.py [--sizes 1000] [--edits 10] [--seed 1] [--at-start]

For each site it starts `chanblog serve --port 0` (this Python's chanblog) in a temporary copy,
listens to the preview's event stream as an open page does, waits until the preview is idle (it
has made its first search index, a minute at 10,000 posts) and makes one edit unmeasured (the
first rebuild after a cold build has no spare folder to stage into), then edits one post's body at a
time (a different post each time, a sentence appended) and records two times from the moment
the file is saved: until the `reload` event reaches the page, and until the post's page is
served with the new sentence (what the reloaded page shows). It prints the median, best and
worst of each, the CPU seconds the preview spent per edit (on Linux), and the load average
before the edits. With --at-start the edits begin at once, while the preview still makes its
first index: what the first minute of a preview feels like. Nothing is asserted; the corpus is
bench/corpus.py's, written to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import corpus

REPO_DIR = Path(__file__).resolve().parent.parent
SERVING = re.compile(r"Serving \S+ at http://([\d.]+):(\d+)(/\S*) ")
SETTLE_SECONDS = 0.5  # between edits, so each is its own rebuild


@dataclass
class Server:
    process: subprocess.Popen[str]
    host: str
    port: int
    base: str

    def get(self, path: str) -> bytes:
        with socket.create_connection((self.host, self.port), timeout=30) as conn:
            conn.sendall(f"GET {self.base}{path} HTTP/1.0\r\n\r\n".encode())
            return b"".join(iter(lambda: conn.recv(65536), b""))


@contextmanager
def serving(site: Path) -> Iterator[Server]:
    process = subprocess.Popen([sys.executable, "-m", "chanblog", "--site", str(site), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if match := SERVING.search(line):
                print(f"  {line.strip()}")
                threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
                yield Server(process, match[1], int(match[2]), match[3].rstrip("/"))
                return
            print(f"  {line.strip()}")
        raise RuntimeError("chanblog serve did not start")
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C, as an author stops it
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def reload_events(server: Server) -> queue.Queue[float]:
    """The arrival time of every `reload` event, read in the background."""
    arrivals: queue.Queue[float] = queue.Queue()
    conn = socket.create_connection((server.host, server.port))
    conn.sendall(b"GET /__chanblog/events HTTP/1.0\r\n\r\n")

    def read() -> None:
        buffer = b""
        while chunk := conn.recv(4096):
            buffer += chunk
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                if block.startswith(b"event: reload"):
                    arrivals.put(time.perf_counter())
    threading.Thread(target=read, daemon=True).start()
    return arrivals


def cpu_seconds(pid: int) -> tuple[float, float]:
    """The CPU seconds (user + system) of a process, and of the children it has waited for
    (Pagefind runs, for the preview); Linux only, else zeros."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


@dataclass
class Measured:
    to_event: list[float]
    to_page: list[float]
    cpu: tuple[float, float]  # the preview's own CPU seconds over the edits, and its children's
    when: str  # when the edits were made


def measure(site: Path, posts: list[Path], urls: list[str], edits: int, settled: bool) -> Measured:
    to_event, to_page = [], []
    with serving(site) as server:
        arrivals = reload_events(server)
        time.sleep(SETTLE_SECONDS)
        if settled:  # the first search index made, and one edit (the first rebuild has no spare folder)
            wait_until_idle(server.process.pid)
            edit(server, arrivals, posts[-1], urls[-1], "warm-up")
            wait_until_idle(server.process.pid)
        before = cpu_seconds(server.process.pid)
        for n in range(edits):
            to_reload, to_served = edit(server, arrivals, posts[n % len(posts)], urls[n % len(urls)], str(n))
            to_event.append(to_reload)
            to_page.append(to_served)
            time.sleep(SETTLE_SECONDS)
        after = cpu_seconds(server.process.pid)
    when = ("once the preview was idle: its first search index made, one edit made to warm it up" if settled
            else "at once after the preview started, while it made its first search index")
    return Measured(to_event, to_page, (after[0] - before[0], after[1] - before[1]), when)


def edit(server: Server, arrivals: queue.Queue[float], path: Path, url: str, name: str) -> tuple[float, float]:
    """Append a sentence to a post; the seconds until the reload event came, and until its page showed it."""
    marker = f"Latency marker {name} {time.time_ns()}."
    saved = time.perf_counter()
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\n{marker}\n")
    arrived = arrivals.get(timeout=120)
    while marker.encode() not in server.get(url):
        time.sleep(0.002)
    return arrived - saved, time.perf_counter() - saved


def wait_until_idle(pid: int, timeout: float = 900) -> None:
    """Until the preview runs no Pagefind and spends under 2 % of a core for a second (Linux; elsewhere a pause)."""
    deadline, last = time.monotonic() + timeout, sum(cpu_seconds(pid))
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = sum(cpu_seconds(pid))
        if now - last < 0.02 and not children(pid):
            return
        last = now


def children(pid: int) -> list[str]:
    """The processes the preview runs now (its Pagefind runs), from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += task.read_text().split()
        except OSError:
            pass
    return found


def page_urls(site: Path, posts: list[Path]) -> list[str]:
    """Each post's URL, from a build's cache-free view: its slug and date as chanblog makes them."""
    sys.path.insert(0, str(REPO_DIR / "src"))
    from chanblog.config import load_config
    from chanblog.content import parse_draft

    config = load_config(site)
    base = config.base_path
    return [parse_draft(p.relative_to(site).as_posix(), p.read_text(encoding="utf-8"), config).post.url
            .removeprefix(base) for p in posts]


# Issue 20's targets for save-to-reload (the median), by the site measured: seconds.
TARGETS = {"bundled site": 0.3, "10000 generated posts": 1.0}


def report(name: str, measured: Measured, load: float) -> None:
    def row(label: str, times: list[float]) -> str:
        ms = sorted(t * 1000 for t in times)
        return f"  {label:<26} median {statistics.median(ms):7.0f} ms   best {ms[0]:6.0f}   worst {ms[-1]:6.0f}"
    edits = len(measured.to_event)
    own, children = (seconds / edits for seconds in measured.cpu)
    print(f"{name}: {edits} edits, load average {load:.2f} before them")
    print(f"  {'(edits made ' + measured.when + ')'}")
    print(row("save -> reload event", measured.to_event))
    print(row("save -> new page served", measured.to_page))
    print(f"  {'preview CPU per edit':<26} {own:.2f} s (and {children:.2f} s in the Pagefind runs it waited for)")
    if name in TARGETS:
        median = statistics.median(measured.to_event)
        verdict = "met" if median < TARGETS[name] else "NOT met"
        print(f"  target: save to reload < {TARGETS[name] * 1000:.0f} ms: median {median * 1000:.0f} ms, {verdict}")


def bundled_copy(into: Path) -> Path:
    site = into / "bundled"
    site.mkdir()
    for name in ("site.yaml", "posts", "pages", "templates", "static", "locales"):
        source = REPO_DIR / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy2(source, site / name)
    return site


def generated(into: Path, count: int, seed: int) -> Path:
    site = into / f"generated-{count}"
    (site / "posts").mkdir(parents=True)
    # search on, as a site has it unless it says otherwise (the bench corpus turns it off for Pelican's sake)
    (site / "site.yaml").write_text(corpus.site_yaml().replace("search: false\n", ""), encoding="utf-8")
    for index in range(count):
        post = corpus.make_post(index, count, seed)
        (site / "posts" / post.filename).write_text(corpus.chanblog_text(post), encoding="utf-8")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--at-start", action="store_true",
                        help="edit at once after the preview starts, while it makes its first search index")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chanblog-serve-bench-") as tmp:
        sites = [("bundled site", bundled_copy(Path(tmp)))]
        sites += [(f"{n} generated posts", generated(Path(tmp), n, args.seed)) for n in args.sizes]
        for name, site in sites:
            every = sorted((site / "posts").rglob("*.md"))
            posts = every[:: max(1, len(every) // 10)]
            print(f"{name}:")
            urls, load = page_urls(site, posts), os.getloadavg()[0]
            report(name, measure(site, posts, urls, args.edits, settled=not args.at_start), load)


if __name__ == "__main__":
    main()
