"""Lighthouse scores of the bundled site, as a reader's phone sees it.

    python bench/lighthouse.py [--pages / /2009/08/lighting-the-fuse/ /search/?q=channel]

Builds the repository's own site (posts/, pages/, site.yaml) with this Python's chanblog into a
temporary folder, serves it on localhost, and runs Lighthouse (mobile, its default throttling)
on each page with Debian's Chromium, printing the four category scores and the page's
Cumulative Layout Shift. Lighthouse comes from the npm registry: the first run installs it,
pinned, into bench/work/lighthouse/ (git-ignored). It needs node, npm and chromium; scores are
not asserted anywhere: they are measured, and reported.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = REPO / "bench" / "work" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
DEFAULT_PAGES = ("/", "/2009/08/lighting-the-fuse/", "/search/?q=channel")


def lighthouse() -> Path:
    """The pinned Lighthouse, installed with npm on first use."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            sys.exit("npm is needed to install Lighthouse")
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def build_bundled_site(into: Path) -> Path:
    """The bundled site, built from a copy of its sources; the output folder."""
    site = into / "site"
    site.mkdir()
    for name in ("posts", "pages", "static", "templates", "site.yaml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy2(source, site / name)
    subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site), "build", "-o", str(into / "out")],
                   check=True, stdout=subprocess.DEVNULL)
    return into / "out"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        """Print no line per request."""


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def scores(binary: Path, url: str, report: Path) -> dict[str, float]:
    """Lighthouse's four category scores (0-100) and the page's CLS."""
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                   check=True, env=env)
    result = json.loads(report.read_text(encoding="utf-8"))
    found = {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}
    found["CLS"] = result["audits"]["cumulative-layout-shift"]["numericValue"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=list(DEFAULT_PAGES), help="paths of the site to measure")
    args = parser.parse_args()
    binary = lighthouse()
    with tempfile.TemporaryDirectory() as work:
        server, base = serve(build_bundled_site(Path(work)))
        try:
            print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, the bundled site\n")
            print("| page | performance | accessibility | best practices | SEO | CLS |")
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            for index, path in enumerate(args.pages):
                found = scores(binary, base + path, Path(work) / f"report-{index}.json")
                print(f"| `{path}` | " + " | ".join(str(found[name]) for name in CATEGORIES)
                      + f" | {found['CLS']:.3f} |", flush=True)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
