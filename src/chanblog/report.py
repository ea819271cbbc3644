"""What a build did, for the closing line: a module of its own, light to import, since a build
with nothing to do (see `receipt`) gives it without loading the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chanblog.errors import ChanblogError

if TYPE_CHECKING:
    from chanblog.search import IndexPlan

SUMMARY = ("pages", "feeds", "posts", "tags", "labels")  # the counts a build reports, and keeps for the next


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the closing line."""

    pages: int
    feeds: int
    written: int  # files whose bytes changed
    unchanged: int  # files left as they were
    rendered: int  # files made this time (the rest were skipped: their inputs had not changed)
    posts: int
    tags: int
    labels: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    warnings: tuple[ChanblogError, ...] = ()  # for the CLI to show: they did not stop the build
    search: IndexPlan | None = None  # the pages to index for search, when the site has search
    base_path: str = ""  # where the site lives under its host, for the preview to serve it there
    files: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # each file published: its size and mtime


def summary_line(report: BuildReport) -> str:
    """The closing line of `chanblog build`."""
    return (f"Built {count(report.pages, 'page')} and {count(report.feeds, 'feed')} "
            f"({report.written} written, {report.unchanged} skipped as unchanged): {count(report.posts, 'post')}, "
            f"{count(report.tags, 'tag')}, {count(report.labels, 'label')} in {report.seconds:.2f} s")


def count(number: int, noun: str) -> str:
    """`1 post`, `2 posts`."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
