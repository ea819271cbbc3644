"""A preview rebuild after an edit of posts' bodies alone: the last build's site and pages, with
the edited posts swapped in.

A full rebuild sorts, groups and places every post again, plans every page and works out each
page's key, to learn what a one-post edit already says: when nothing but some posts' bodies
changed, every page but theirs shows what it showed. That holds when
- every input but the posts is as the last build read it (the fingerprint `others`: settings,
  templates, static files, `pages/`, and which posts are public and which are dated later), and
  the same posts were read, in the same order;
- each post made anew is, but for BODY_FIELDS, what it was (`keys.PostDigests.listed`), with its
  body left out of it (as the last one's was), and no template shows a body or what is counted
  from it anywhere but on the post's own page and the feeds (`apart`: see `keys`);
- the last build made one site (not one a language), and the only pages that held the post
  itself were its page and its old addresses (`post.html` and `redirect.html`).
Then the site is the last one with each placed post swapped for the new one, placed as it was:
equal, value for value, to what `taxonomy.build_site` would make. The pages that held the post
are made again; every other page keeps its key (its listed digests are equal), and is rendered,
should it need to be, in this build's site.

An edit of a body may also change what listings show of the post itself: its excerpt, its
summary, its reading time (`LISTED_ALONE`). No post is placed by these, and no other post
shows them (a neighbour or a related post is linked by its title, address and date), so the
site is still the last one with the post swapped in. But the listings that hold it show them:
every page whose values hold it, however deep (a page of a tag, a series, an archive, the home
page), is made again with it swapped in; its highlighted code (a listing page links the code
style if an excerpt shows code) must not change. The other pages keep their keys if their base
keys (`render.base_keys`: what their templates read of the site, the parts every page repeats)
are what they were; if one is not, every page is planned and keyed again, in the swapped site.
The listing recorded for a build in a new process (see `kept_keys`) is worked out again. The feeds and cards are planned in full, from the new
site, as in any build. The sitemap is the last build's (it shows each page's URL and date, which
are listed), and so is what search reads of every page but those made again; and what the pages
were keyed from (see `kept_keys`) is the last build's, with the edited posts' own digests.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chanblog.jobs import Job
from chanblog.keys import PostDigests
from chanblog.manifest import PostRecord
from chanblog.markup import shows_highlighted_code
from chanblog.model import (Author, Comment, KeptBody, MenuItem, Post, PostLink, Ref, Site, SitePage, Translation,
                            Translations, evolve)
from chanblog.render import Page, Pagination
from chanblog.taxonomy import SITE_FIELDS, Place

OWN_PAGES = frozenset({"post.html", "redirect.html"})  # the pages that may hold a post itself
LISTED_ALONE = {"excerpt": "", "summary": "", "reading_time": 0}  # what listings show of a post, and only of it


@dataclass(frozen=True)
class Planned:
    """The pages a build planned, with what it worked out of them."""

    pages: tuple[Page, ...]  # every page of its sites
    jobs: tuple[Job, ...]  # the job of each page
    sitemap: tuple[Job, ...]  # sitemap.xml and robots.txt
    searched: tuple[str | None, ...] | None  # the key of what search reads of each page (None: not indexed)
    listing: str  # what the pages were keyed from (see `kept_keys`)
    posts: Mapping[str, PostRecord]  # what the pages were keyed from of each published post, by source path

    def indexed(self) -> list[tuple[str, str]] | None:
        """The pages search indexes, by path, with the keys of what it reads of them; None: no search."""
        if self.searched is None:
            return None
        return [(job.path, key) for job, key in zip(self.jobs, self.searched, strict=True) if key is not None]


@dataclass(frozen=True)
class Built:
    """What the preview's last build planned, and what from."""

    others: str  # the fingerprint of every input but the posts (`build.Inputs.others`)
    posts: tuple[Post, ...]  # the posts it made, before they were placed, in the order read
    sites: tuple[Site, ...]
    planned: Planned
    holders: Mapping[int, tuple[int, ...]] | None  # by id of a placed post: the pages holding it; None: others do


@dataclass(frozen=True)
class Edit:
    """The last build's site with the edited posts swapped in, and the pages to make again."""

    last: Built
    sites: tuple[Site, ...]
    swapped: Mapping[int, Post]  # by id of the last build's placed post: the new one, placed as it was
    places: tuple[int, ...]  # the positions, among the last build's pages, of those that held one
    relisted: bool = False  # a listing shows one of them otherwise (LISTED_ALONE changed)

    def pages(self, post_pages: Callable[[Sequence[Post]], Sequence[Page]]) -> dict[int, Page]:
        """The pages to make again, by position: a post's page, made by `post_pages` (as a
        site's are), and any other, holding the new posts where it held the old."""
        pages = {}
        for i in self.places:
            page = self.last.planned.pages[i]
            if page.template == "post.html":
                post = page.context["post"]
                pages[i] = post_pages([self.swapped.get(id(post), post)])[0]
            else:
                pages[i] = _holding(page, self.swapped)
        return pages


def built(others: str, posts: Sequence[Post], sites: Sequence[Site], planned: Planned) -> Built:
    """What a build planned, for the next to patch (see `edit`)."""
    return Built(others, tuple(posts), tuple(sites), planned, _holders(planned.pages))


def edit(last: Built | None, others: str, posts: Sequence[Post], apart: bool, place: Place) -> Edit | None:
    """The last build's site with each post made anew swapped in, placed as it was, if nothing
    but bodies changed (see the module's docstring); else None."""
    found = _bodies_changed(last, others, posts, apart)
    if last is None or found is None:
        return None
    changed, relisted = found
    if last.holders is None and not relisted:
        return None
    site = last.sites[0]
    placed = {post.source_path: post for post in site.published}
    swapped = {id(placed[path]): place(new, **{name: getattr(placed[path], name) for name in SITE_FIELDS})
               for path, new in changed.items() if path in placed}  # (a draft not published is on no page)
    if relisted:
        try:
            places = tuple(i for i, page in enumerate(last.planned.pages) if _holds(page, swapped))
        except _Unknown:
            return None
    else:
        places = tuple(sorted(i for old in swapped for i in last.holders.get(old, ())))
    return Edit(last, (_swap(site, swapped),), swapped, places, relisted)


def _bodies_changed(last: Built | None, others: str, posts: Sequence[Post],
                    apart: bool) -> tuple[dict[str, Post], bool] | None:
    """Each post made anew, by source path, if only its body changed, and whether that changed
    what a listing shows of one (LISTED_ALONE: see the module's docstring); None if anything else did."""
    if last is None or not apart or last.others != others or len(last.sites) != 1 or len(last.posts) != len(posts):
        return None
    listing, changed, relisted = PostDigests(), {}, False
    for old, new in zip(last.posts, posts):
        if old is new:
            continue
        if old.source_path != new.source_path or old.kept is None or new.kept is None:
            return None
        if listing.listed(old) != listing.listed(new):
            if not _listed_alone(listing, old, new):
                return None
            relisted = True
        changed[new.source_path] = new
    return changed, relisted


def _listed_alone(listing: PostDigests, old: Post, new: Post) -> bool:
    """Whether two versions of a post differ, body aside, in LISTED_ALONE only, and alike in
    whether the excerpt shows highlighted code."""
    return (listing.listed(evolve(old, **LISTED_ALONE)) == listing.listed(evolve(new, **LISTED_ALONE))
            and shows_highlighted_code(old.excerpt) == shows_highlighted_code(new.excerpt))


def _holds(page: Page, swapped: Mapping[int, Post]) -> bool:
    """Whether the page's values hold, however deep, a post of `swapped` (by id); _Unknown if
    one is a value `_swap` does not look into."""
    return any(_reaches(value, swapped) for value in page.context.values())


class _Unknown(Exception):
    """A page holds a value that is not of the model (see `_reaches`)."""


def _reaches(value: Any, swapped: Mapping[int, Post]) -> bool:
    """Whether `value` holds a post of `swapped`, where `_swap` would find it."""
    kind = type(value)
    if kind is Post:
        return id(value) in swapped
    if kind in _HOLDS_NO_POST:
        return False
    if kind is tuple:
        kinds = set(map(type, value))
        if kinds <= _HOLDS_NO_POST:
            return False
        if kinds == {Post}:  # (the long tuples: a term's posts, a listing's page of them)
            return not swapped.keys().isdisjoint(map(id, value))
        return any(_reaches(item, swapped) for item in value)
    if kind is Pagination:
        return _reaches(value.posts, swapped)
    if dataclasses.is_dataclass(value) and kind.__module__ == Post.__module__:
        return any(_reaches(item, swapped) for item in value.__dict__.values())
    raise _Unknown(kind.__name__)


def _holders(pages: Sequence[Page]) -> dict[int, tuple[int, ...]] | None:
    """The pages (by position) that hold each post itself; None if any but a post's own pages does."""
    found: dict[int, list[int]] = {}
    for i, page in enumerate(pages):
        for value in page.context.values():
            if type(value) is Post:
                if page.template not in OWN_PAGES:
                    return None
                found.setdefault(id(value), []).append(i)
    return {post: tuple(places) for post, places in found.items()}


def _holding(page: Page, swapped: Mapping[int, Post]) -> Page:
    """The page with the new posts where its values held the old."""
    return dataclasses.replace(page, context={name: _swap(value, swapped) for name, value in page.context.items()})


def _swap(value: Any, swapped: Mapping[int, Post]) -> Any:
    """`value` with each post of `swapped` (by id) replaced, wherever the model holds it; the
    very same object where it holds none of them."""
    kind = type(value)
    if kind is Post:
        return swapped.get(id(value), value)
    if kind in _HOLDS_NO_POST:
        return value
    if kind is Pagination:  # (a listing's page of posts)
        posts = _swap(value.posts, swapped)
        return value if posts is value.posts else dataclasses.replace(value, posts=posts)
    if kind is tuple:
        if not value:
            return value
        if type(value[0]) is Post:  # (the long tuples: a site's posts, a term's)
            if not any(map(swapped.__contains__, map(id, value))):
                return value
            return tuple(swapped.get(id(post), post) for post in value)
        items = tuple(_swap(item, swapped) for item in value)
        return value if all(map(operator.is_, items, value)) else items
    if dataclasses.is_dataclass(value) and kind.__module__ == Post.__module__:
        changes = {name: new for name, old in value.__dict__.items() if (new := _swap(old, swapped)) is not old}
        return evolve(value, **changes) if changes else value
    return value


# values that hold no post (a page of `pages/`, a related post's link, a menu's entry…)
_HOLDS_NO_POST = frozenset({str, int, float, bool, type(None), datetime, PostLink, Ref, Author, Comment, KeptBody,
                            SitePage, MenuItem, Translation, Translations})
