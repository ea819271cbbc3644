"""Time the related-posts pass (chanblog.related) alone, on generated sites of growing size.

    python bench/related.py [--sizes 1000 10000 100000] [--runs 3] [--seed 1]

Each site's posts carry 2–5 tags drawn from a Zipf-like vocabulary (the tag of rank r is
drawn with weight 1/r, so a few tags are on a large share of the posts and most on a handful;
the vocabulary grows as 10·N^0.6, about 2,500 tags at 10,000 posts) and 1–2 of 8 labels, one
of which is also a common tag (`Leadership` and `leadership` are one term). The posts are made
in memory, without Markdown, and only the pass is timed, as `build_site` calls it: every post
against the listed ones, with the posts frozen out of the garbage collector's sight, as the
build does. It prints the best of the runs (wall and CPU time: CPU time is the steadier on a
shared machine), the CPU time per post (flat when the work grows linearly with the posts),
the largest term's share of the posts and the share of posts given related posts. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import time
from datetime import datetime, timedelta, timezone

from chanblog.model import Post, Ref
from chanblog.related import related_posts, terms

LABELS = ["Leadership", "Strategy", "Sales", "Marketing", "Operations", "Technology", "Culture", "Finance"]
START = datetime(2005, 1, 1, tzinfo=timezone.utc)


def vocabulary(size: int) -> list[str]:
    """Tag names, the most used first; the first is also a label's name."""
    return ["leadership"] + [f"tag {rank}" for rank in range(1, size)]


def make_posts(count: int, seed: int) -> list[Post]:
    """`count` posts, newest first, as the site orders them."""
    rng = random.Random(seed)
    tags = vocabulary(int(10 * count ** 0.6))
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(tags) + 1)))
    posts = []
    for index in range(count):
        chosen = set(rng.choices(tags, cum_weights=weights, k=rng.randint(2, 5)))
        labels = rng.sample(LABELS, rng.randint(1, 2))
        slug = f"post-{index:06d}"
        posts.append(Post(source_path=f"posts/{slug}.md", slug=slug, url=f"/{slug}/", title=f"Post {index}",
                          date=START + timedelta(hours=index), html="", excerpt="", summary="", word_count=0,
                          reading_time=0, tags=tuple(_ref(name) for name in sorted(chosen)),
                          labels=tuple(_ref(name) for name in labels)))
    return posts[::-1]


def _ref(name: str) -> Ref:
    slug = name.lower().replace(" ", "-")
    return Ref(name, f"/tags/{slug}/", slug)


def largest_share(posts: list[Post]) -> float:
    counts: dict[str, int] = {}
    for post in posts:
        for term in terms(post):
            counts[term] = counts.get(term, 0) + 1
    return max(counts.values()) / len(posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{'posts':>8} {'wall s':>7} {'CPU s':>7} {'CPU µs/post':>12} {'largest term':>13} {'with related':>13}")
    for count in args.sizes:
        posts = make_posts(count, args.seed)
        gc.freeze()  # as the build does before this stage: the posts are not scanned again
        wall, cpu, result = float("inf"), float("inf"), {}
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = related_posts(posts, posts)
            wall, cpu = min(wall, time.perf_counter() - started), min(cpu, time.process_time() - cpu_started)
        print(f"{count:>8,} {wall:>7.3f} {cpu:>7.3f} {cpu / count * 1e6:>12.1f} {largest_share(posts):>13.0%} "
              f"{len(result) / count:>13.0%}")


if __name__ == "__main__":
    main()
