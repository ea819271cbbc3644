"""Pure: from parsed posts to the `Site` that will be published."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.model import Archive, AuthorPage, Post, Ref, Site, SitePage, Term, evolve
from chanblog.pages import place_pages
from chanblog.related import Relate, related_links

# The only Post fields build_site sets: everything else comes from the post's own file and the
# config, which is what lets a build digest a post by its source instead of field by field.
SITE_FIELDS = ("series_part", "prev", "next", "scheduled")
Place = Callable[..., Post]  # (post, **SITE_FIELDS) -> the post with them
_SEPARATORS = re.compile(r"[\s_-]+")


def build_site(config: SiteConfig, posts: Iterable[Post], now: datetime,
               drafts: bool = False, future: bool = False, pages: Iterable[SitePage] = (),
               related: Relate = related_links, place: Place = evolve) -> Site:
    """Check, filter, sort and cross-reference the posts of a site; place its pages and menu
    (`related` gives each post's related posts: `related.related_links`, or a kept table of them;
    `place` gives a post its SITE_FIELDS: `evolve`, or the preview's, which gives the post it made
    last time of the same post and values)."""
    every = sorted(posts, key=lambda p: (-p.date.timestamp(), p.source_path))
    check_unique_urls(every)
    check_term_names(every)
    public = [p for p in every if is_public(p, now, drafts, future)]
    listed = place_in_site([p for p in public if not p.unlisted], now, place)
    unlisted = [place(p, scheduled=p.date > now) for p in public if p.unlisted]  # no neighbours, no part
    termed = sorted(listed + unlisted, key=lambda p: (-p.date.timestamp(), p.source_path))
    placed, menu, errors = place_pages(config, pages, public, drafts)
    if errors:
        raise BuildFailed(errors)
    return Site(config=config, posts=tuple(listed), unlisted=tuple(unlisted), pages=placed, menu=menu,
                related=related(listed + unlisted, [p for p in listed if not p.draft]),  # a draft is never suggested
                tags=terms(config, "tags", termed, lambda p: p.tags),
                labels=terms(config, "labels", termed, lambda p: p.labels),
                series=terms(config, "series", listed, lambda p: (p.series,) if p.series else (), oldest_first=True),
                authors=author_pages(termed), archives=archives(config, listed))


def is_public(post: Post, now: datetime, drafts: bool = False, future: bool = False) -> bool:
    """Drafts and posts dated after `now` are published only when asked for."""
    return (drafts or not post.draft) and (future or post.date <= now)


def check_unique_urls(posts: Sequence[Post]) -> None:
    """Two posts at one URL would overwrite each other: name both files."""
    errors = url_clashes(posts)
    if errors:
        raise BuildFailed(errors)


def url_clashes(posts: Sequence[Post]) -> list[ChanblogError]:
    """An error for every post at the URL of a post before it (by file name), on its slug's or title's line."""
    first_at: dict[str, Post] = {}
    errors = []
    for post in sorted(posts, key=lambda p: p.source_path):
        other = first_at.setdefault(post.url, post)
        if other is not post:
            errors.append(ChanblogError(
                f"has the same URL {post.url} as {other.source_path}", post.source_path,
                post.lines.get("slug") or post.lines.get("title"),
                "give one of them a different 'slug:' or title"))
    return errors


def check_term_names(posts: Sequence[Post]) -> None:
    """Two tags (labels, series) with different names at one URL would be merged: name both."""
    errors = term_clashes(posts)
    if errors:
        raise BuildFailed(errors)


def term_clashes(posts: Sequence[Post]) -> list[ChanblogError]:
    """An error for every tag, label or series name whose page is that of another name before it
    (by file name). Names that differ only in case, spaces, `-` or `_` are one term, written two
    ways, as in Hugo and Jekyll: `Social Media` and `social-media`."""
    errors = []
    ordered = sorted(posts, key=lambda p: p.source_path)
    for section, refs_of in TERM_FIELDS:
        first: dict[str, tuple[str, Post, int]] = {}
        for post in ordered:
            for index, ref in enumerate(refs_of(post)):
                name, other, at = first.setdefault(ref.slug, (ref.name, post, index))
                if name != ref.name and _spelling(name) != _spelling(ref.name):
                    errors.append(ChanblogError(
                        f"{section}: '{ref.name}' would share the page {ref.url} with '{name}' of "
                        f"{other.source_path}:{_term_line(other, section, at)}", post.source_path,
                        _term_line(post, section, index),
                        f"different {section} need different letters or digits: rename one, or spell them alike"))
    return errors


TERM_FIELDS: tuple[tuple[str, Callable[[Post], Sequence[Ref]]], ...] = (
    ("tags", lambda p: p.tags), ("labels", lambda p: p.labels), ("series", lambda p: (p.series,) if p.series else ()))


def _spelling(name: str) -> str:
    """What is left of a name when case, spaces, `-` and `_` do not count."""
    return "".join(_SEPARATORS.split(name.casefold()))


def _term_line(post: Post, key: str, index: int) -> int | None:
    """The line of a post's `index`th tag (label, series): its own line in a YAML list, else its key's."""
    lines = post.lines
    return lines.get(f"{key}.{index}") or lines.get(key) or (lines.get("categories") if key == "labels" else None)


def place_in_site(posts: list[Post], now: datetime, place: Place = evolve) -> list[Post]:
    """Set SITE_FIELDS: each post's part in its series (oldest first), its neighbours in time, and
    whether it is dated after `now` (shown only on request, with a badge)."""
    parts: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for post in reversed(posts):
        if post.series:
            counts[post.series.slug] += 1
            parts[post.source_path] = counts[post.series.slug]
    refs = [Ref(p.title, p.url, p.slug) for p in posts]
    return [place(post, series_part=parts.get(post.source_path, 0), next=refs[i - 1] if i > 0 else None,
                  prev=refs[i + 1] if i + 1 < len(posts) else None, scheduled=post.date > now)
            for i, post in enumerate(posts)]


def terms(config: SiteConfig, section: str, posts: Sequence[Post],
          refs_of: Callable[[Post], Iterable[Ref]], oldest_first: bool = False) -> tuple[Term, ...]:
    """Group posts by tag, label or series; spellings that share a slug are one term."""
    grouped: dict[str, list[Post]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        for ref in refs_of(post):
            grouped[ref.slug].append(post)
            spellings[ref.slug][ref.name] += 1
    result = []
    for slug, members in grouped.items():
        name = min(spellings[slug], key=lambda n: (-spellings[slug][n], n))
        url = urls.section_url(config, section, slug)
        ordered = tuple(reversed(members)) if oldest_first else tuple(members)
        result.append(Term(name=name, slug=slug, url=url, posts=ordered, feed_url=urls.feed_url(url),
                           count=len(ordered)))
    return tuple(sorted(result, key=lambda t: (t.name.casefold(), t.slug)))


def author_pages(posts: Sequence[Post]) -> tuple[AuthorPage, ...]:
    grouped: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        if post.author:
            grouped[post.author.key].append(post)
    pages = [AuthorPage(author=group[0].author, posts=tuple(group), feed_url=urls.feed_url(group[0].author.url),
                        count=len(group))
             for group in grouped.values() if group[0].author]
    return tuple(sorted(pages, key=lambda a: (a.author.name.casefold(), a.author.key)))


def archives(config: SiteConfig, posts: Sequence[Post]) -> tuple[Archive, ...]:
    """Years newest first, each with its months newest first."""
    by_year: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        by_year[post.date.year].append(post)
    return tuple(Archive(year, 0, urls.archive_url(config, year), tuple(group), _months(config, year, group),
                         count=len(group))
                 for year, group in sorted(by_year.items(), reverse=True))


def _months(config: SiteConfig, year: int, posts: Sequence[Post]) -> tuple[Archive, ...]:
    by_month: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        by_month[post.date.month].append(post)
    return tuple(Archive(year, month, urls.archive_url(config, year, month), tuple(group), count=len(group))
                 for month, group in sorted(by_month.items(), reverse=True))
