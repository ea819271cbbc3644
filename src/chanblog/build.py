"""The build pipeline, one line a stage: config, posts, site, pages, feeds, static files, publish."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from chanblog.config import load_config
from chanblog.content import read_posts
from chanblog.feeds import plan_feeds
from chanblog.output import Artifact, check_output_folder, publish
from chanblog.render import THEME_DIR, make_environment, plan_pages, render_pages
from chanblog.sitemap import plan_sitemap
from chanblog.taxonomy import build_site


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the closing line."""

    pages: int
    feeds: int
    written: int
    unchanged: int
    posts: int
    tags: int
    labels: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def build(root: Path, output: Path, drafts: bool = False, future: bool = False,
          now: datetime | None = None) -> BuildReport:
    """Build the site in `root` into `output`; raise ChanblogError or BuildFailed and leave it as it was."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with _timed(timings, "config"):
        config = load_config(root)
        check_output_folder(output, root)
    with _timed(timings, "read"):
        posts = read_posts(config)
    with _timed(timings, "site"):
        site = build_site(config, posts, now or datetime.now(timezone.utc), drafts, future)
    with _timed(timings, "render"):
        planned = plan_pages(site)
        pages = render_pages(make_environment(config), site, planned)
        feeds = plan_feeds(site)
    with _timed(timings, "write"):
        report = publish(output, pages + feeds + plan_sitemap(config, planned) + static_files(root))
    return BuildReport(pages=len(pages), feeds=len(feeds), written=report.written, unchanged=report.unchanged,
                       posts=len(site.posts), tags=len(site.tags), labels=len(site.labels),
                       seconds=time.perf_counter() - started, timings=timings)


def static_files(root: Path) -> list[Artifact]:
    """The theme's assets under `theme/`, then the site's `static/` at the top of the output."""
    theme = [Artifact(f"theme/{rel}", "bundled theme", source=path) for rel, path in _files(THEME_DIR / "static")]
    own = [Artifact(rel, f"static/{rel}", source=path) for rel, path in _files(root / "static")]
    overridden = {a.path for a in own}
    return [a for a in theme if a.path not in overridden] + own


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            yield rel.as_posix(), path


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start
