"""What search adds to a build: time and index size, on the bundled site and a generated corpus.

    python bench/search_cost.py [--sizes 1000] [--runs 3] [--seed 1]

For each site (a temporary copy of the bundled site, and bench/corpus.py's corpus of each size)
it times cold builds (output and cache deleted, every build a fresh `python -m chanblog build`
process, this Python's chanblog) with `search: true` and with `search: false`, and a rebuild
after one post's body changed with search on, and prints the medians, what search adds, and the
size of the pagefind/ folder. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serve_latency import bundled_copy, generated


def build_seconds(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site), "build"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def cold(site: Path) -> float:
    for name in ("_site", ".chanblog-cache", "._site.spare"):
        shutil.rmtree(site / name, ignore_errors=True)
    return build_seconds(site)


def set_search(site: Path, on: bool) -> None:
    config = site / "site.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("search:")]
    config.write_text("\n".join(lines + [f"search: {'true' if on else 'false'}"]) + "\n", encoding="utf-8")


def body_edit(site: Path, runs: int) -> list[float]:
    post = sorted((site / "posts").rglob("*.md"))[len(list((site / "posts").rglob("*.md"))) // 2]
    times = []
    for run in range(runs):
        with post.open("a", encoding="utf-8") as file:
            file.write(f"\nOne more sentence, number {run}.\n")
        times.append(build_seconds(site))
    return times


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(name: str, site: Path, runs: int) -> None:
    set_search(site, False)
    without = [cold(site) for _ in range(runs)]
    set_search(site, True)
    with_search = [cold(site) for _ in range(runs)]
    size = folder_size(site / "_site" / "pagefind")
    files = sum(1 for path in (site / "_site" / "pagefind").rglob("*") if path.is_file())
    edits = body_edit(site, runs)
    off, on = statistics.median(without), statistics.median(with_search)
    print(f"{name}:")
    print(f"  cold build, search off     {off:7.2f} s")
    print(f"  cold build, search on      {on:7.2f} s   (+{on - off:.2f} s, x{on / off:.2f})")
    print(f"  body edit, search on       {statistics.median(edits):7.2f} s")
    print(f"  index: {files} files, {size / 1024 / 1024:.1f} MiB under pagefind/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chanblog-search-bench-") as tmp:
        measure("bundled site", bundled_copy(Path(tmp)), args.runs)
        for count in args.sizes:
            measure(f"{count} generated posts", generated(Path(tmp), count, args.seed), args.runs)


if __name__ == "__main__":
    main()
