"""Where an edit's time goes: CPU seconds of each stage of chanblog's build, in one process.

    python bench/stages.py SITE [--scenario body|title|excerpt|retitle|none] [--runs 3] [--post posts/x.md] [--warm]

Builds SITE (a chanblog site folder, such as a copy of bench/work/10000/chanblog with `search:
false`) once unmeasured, then --runs times: changes one post as the scenario says (a sentence
appended to its body, a word added to its title, a word put before its first paragraph, which
its excerpt shows, a word added to its title while a `slug:` keeps its address, or nothing),
and builds again in this process,
printing the CPU seconds (of this process: a process pool's workers are not counted) and wall
seconds of each stage function of chanblog.build, then of the whole build. With --warm, every
build is made as `chanblog serve` makes its rebuilds: without the search index, and with one
`Warm` kept from each build to the next (what a rebuild costs in a preview that has been
running), told before each which post changed, as the preview's watcher tells it. The post is put back
as it was at the end. It asserts nothing: run.py gives the figures beside Pelican and Hugo; this
says which stage to look at.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("set_up", "read_sources", "gather_inputs", "render_markdown", "make_sites", "plan_output",
          "publish_output", "finish")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--scenario", choices=("body", "title", "excerpt", "retitle", "none"), default="body")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--post", help="the post to change, relative to SITE (default: the middle one)")
    parser.add_argument("--warm", action="store_true", help="build as the preview rebuilds (see above)")
    args = parser.parse_args()
    site = args.site.resolve()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from chanblog import build as pipeline  # noqa: PLC0415  (after the path is set)
    from chanblog.warm import Warm  # noqa: PLC0415

    options = {"index": False, "warm": Warm()} if args.warm else {}

    times: dict[str, list[tuple[float, float]]] = {}
    for name in STAGES:
        setattr(pipeline, name, _timed(getattr(pipeline, name), times.setdefault(name, [])))
    posts = sorted((site / "posts").glob("*.md"))
    post = site / args.post if args.post else posts[len(posts) // 2]
    original = post.read_bytes()
    start = _with_slug(original) if args.scenario == "retitle" else original
    post.write_bytes(start)
    pipeline.build(site, site / "_site", **options)
    for stage in times.values():
        stage.clear()
    totals = []
    try:
        for run in range(args.runs):
            _change(post, start, args.scenario, run)
            if args.warm:
                options["warm"].saw({post.relative_to(site).as_posix()} if args.scenario != "none" else set())
            cpu, wall = time.process_time(), time.perf_counter()
            pipeline.build(site, site / "_site", **options)
            totals.append((time.process_time() - cpu, time.perf_counter() - wall))
    finally:
        post.write_bytes(original)
    kind = ", as the preview rebuilds" if args.warm else ""
    print(f"{args.scenario} edit of {post.relative_to(site)}{kind}, {args.runs} runs: median CPU s (wall s)")
    for name, figures in [*times.items(), ("whole build", totals)]:
        if figures:
            print(f"  {name:16s} {statistics.median(c for c, _ in figures):7.3f} "
                  f"({statistics.median(w for _, w in figures):.3f})")


def _timed(function: Callable[..., Any], into: list[tuple[float, float]]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            into.append((time.process_time() - cpu, time.perf_counter() - wall))
    return timed


def _change(post: Path, original: bytes, scenario: str, run: int) -> None:
    if scenario == "body":
        post.write_bytes(original + f"\nA sentence the stage bench appended, run {run + 1}.\n".encode())
    elif scenario in ("title", "retitle"):
        post.write_bytes(original.replace(b"title: ", f"title: Revised {run + 1} ".encode(), 1))
    elif scenario == "excerpt":
        head, _, body = original.partition(b"\n---\n")
        post.write_bytes(head + b"\n---\n" + f"Opening {run + 1}: ".encode() + body)


def _with_slug(original: bytes) -> bytes:
    """The post with the address its title gives it written as its `slug:`, so a new title keeps it."""
    import yaml  # noqa: PLC0415  (chanblog's own dependency)
    from chanblog.urls import slugify  # noqa: PLC0415

    head = original.decode("utf-8")
    if "\nslug:" in head.split("\n---\n", 1)[0]:
        return original
    title = yaml.safe_load(head.split("\n---\n", 1)[0].lstrip("-\n"))["title"]
    return head.replace("\ntitle: ", f"\nslug: {slugify(title)}\ntitle: ", 1).encode("utf-8")


if __name__ == "__main__":
    main()
