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

The feeds and cards are planned in full, from the new site, as in any build. The sitemap is
the last build's (it shows each page's URL and date, which are listed), and so is what search
reads of every page but those made again; and what the pages were keyed from (see `kept_keys`)
is the last build's, with the digests of the posts swapped in.

An edit may also change what listings show of the post itself: its excerpt, summary or reading
time (`LISTED_ALONE`), or its title where its address stays (a dated file name, a `slug:`). No
post is placed by these, and no other post shows them but the title: the posts before and after
it link to it by title (they are placed again, with the new title in their link to it), and a
post it is related to, or the archives, by its link (`related.post_link`, made again). So the
site is still the last one with these swapped in. Every page whose values hold one of them,
however deep (a page of a tag, a series, an archive, the home page, a neighbour's page), is made
again with them swapped in; its highlighted code (a listing page links the code style if an
excerpt shows code) must not change. The other pages keep their keys if their base keys
(`render.BaseKeys`: what their templates read of the site, the parts every page repeats) are
what they were; if one is not (a sidebar lists the post), every page is planned and keyed
again, in the swapped site. The listing recorded for a build in a new process (see
`kept_keys`) is worked out again.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chanblog.jobs import Job
from chanblog.keys import LISTED_ALONE, PostDigests
from chanblog.manifest import PostRecord
from chanblog.markup import shows_highlighted_code
from chanblog.model import (Author, Comment, KeptBody, MenuItem, Post, PostLink, Ref, Site, SitePage, Translation,
                            Translations, evolve)
from chanblog.render import Page, Pagination
from chanblog.related import post_link
from chanblog.taxonomy import SITE_FIELDS, Place

OWN_PAGES = frozenset({"post.html", "redirect.html"})  # the pages that may hold a post itself


@dataclass(frozen=True)
class Planned:
    """The pages a build planned, with what it worked out of them."""

    pages: tuple[Page, ...]  # every page of its sites
    jobs: tuple[Job, ...]  # the job of each page
    sitemap: tuple[Job, ...]  # sitemap.xml and robots.txt
    searched: tuple[str | None, ...] | None  # the key of what search reads of each page (None: not indexed)
    listing: str  # what the pages were keyed from (see `kept_keys`)
    posts: Mapping[str, PostRecord]  # what the pages were keyed from of each published post, by source path
    bases: tuple[tuple[str, str, str], ...] = ()  # (template, language, base key) of the pages, for one site

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
class Swap:
    """What an edit replaces in the last build's site: placed posts (by id of the old one), and
    the links to posts renamed (by URL: a link is its post's title, address and date)."""

    posts: Mapping[int, Post]
    links: Mapping[str, PostLink]


@dataclass(frozen=True)
class Edit:
    """The last build's site with the edited posts swapped in, and the pages to make again."""

    last: Built
    sites: tuple[Site, ...]
    swapped: Mapping[int, Post]  # by id of the last build's placed post: the new one, placed as it was
    places: tuple[int, ...]  # the positions, among the last build's pages, of those that held one
    relisted: bool = False  # a listing shows one of them otherwise (LISTED_ALONE or its title changed)
    links: Mapping[str, PostLink] = dataclasses.field(default_factory=dict)  # the new links to posts renamed, by URL

    def pages(self, post_pages: Callable[[Sequence[Post]], Sequence[Page]]) -> dict[int, Page]:
        """The pages to make again, by position: a post's page, made by `post_pages` (as a
        site's are), and any other, holding the new posts where it held the old."""
        swap, pages = Swap(self.swapped, self.links), {}
        for i in self.places:
            page = self.last.planned.pages[i]
            if page.template == "post.html":
                post = page.context["post"]
                pages[i] = post_pages([self.swapped.get(id(post), post)])[0]
            else:
                pages[i] = _holding(page, swap)
        return pages


def built(others: str, posts: Sequence[Post], sites: Sequence[Site], planned: Planned) -> Built:
    """What a build planned, for the next to patch (see `edit`)."""
    return Built(others, tuple(posts), tuple(sites), planned, _holders(planned.pages))


def edit(last: Built | None, others: str, posts: Sequence[Post], apart: bool, place: Place,
         link: Callable[[Post], PostLink] = post_link) -> Edit | None:
    """The last build's site with each post made anew swapped in, placed as it was, if nothing
    but bodies changed, or what listings alone show of a post (see the module's docstring);
    else None. `place` places a post, `link` makes the link to one (as `taxonomy.build_site`'s)."""
    found = _bodies_changed(last, others, posts, apart)
    if last is None or found is None:
        return None
    changed, relisted = found
    if last.holders is None and not relisted:
        return None
    site = last.sites[0]
    swapped, links = _placed_anew(site, posts, changed, place, link)
    if not relisted:
        places = tuple(sorted(i for old in swapped for i in last.holders.get(old, ())))
        return Edit(last, (_swap(site, Swap(swapped, {})),), swapped, places)
    swap = Swap(swapped, links)
    try:
        places = tuple(i for i, page in enumerate(last.planned.pages) if holds(page, swapped.keys(), links.keys()))
    except Unknown:
        return None
    return Edit(last, (_swap(site, swap),), swapped, places, True, links)


def _placed_anew(site: Site, unplaced: Sequence[Post], changed: Mapping[str, Post], place: Place,
                 link: Callable[[Post], PostLink]) -> tuple[dict[int, Post], dict[str, PostLink]]:
    """Each post of `changed` placed as the last build placed it (a draft not published is on no
    page), and each post beside one renamed with its neighbour's new title, by id of the post
    they replace; and the new link to each post renamed, by its URL."""
    placed = {post.source_path: post for post in site.published}
    new = {path: post for path, post in changed.items() if path in placed}
    renamed = {post.url: post for path, post in new.items() if post.title != placed[path].title}
    beside = [old for old in site.posts if old.source_path not in new
              and (_ref_to(old.prev, renamed) or _ref_to(old.next, renamed))]
    given = {post.source_path: post for post in unplaced} if beside else {}
    swapped = {}
    for old in (*(placed[path] for path in new), *beside):
        fields = {name: getattr(old, name) for name in SITE_FIELDS}
        fields["prev"], fields["next"] = _renamed(old.prev, renamed), _renamed(old.next, renamed)
        swapped[id(old)] = place(new[old.source_path] if old.source_path in new else given[old.source_path], **fields)
    return swapped, {url: link(swapped[id(placed[post.source_path])]) for url, post in renamed.items()}


def _ref_to(ref: Ref | None, renamed: Mapping[str, Post]) -> bool:
    return ref is not None and ref.url in renamed


def _renamed(ref: Ref | None, renamed: Mapping[str, Post]) -> Ref | None:
    """A link to a neighbour (`taxonomy.place_in_site`'s), with its new title if it was renamed."""
    if not _ref_to(ref, renamed):
        return ref
    post = renamed[ref.url]
    return Ref(post.title, post.url, post.slug)


def _bodies_changed(last: Built | None, others: str, posts: Sequence[Post],
                    apart: bool) -> tuple[dict[str, Post], bool] | None:
    """Each post made anew, by source path, if only its body changed, and whether that changed
    what a listing shows of one (LISTED_ALONE or its title: see the module's docstring); None if
    anything else did."""
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
    """Whether two versions of a post differ, body aside, in LISTED_ALONE and the title only,
    and alike in whether the excerpt shows highlighted code."""
    alone = {**LISTED_ALONE, "title": ""}
    return (listing.listed(evolve(old, **alone)) == listing.listed(evolve(new, **alone))
            and shows_highlighted_code(old.excerpt) == shows_highlighted_code(new.excerpt))


def holds(page: Page, posts: AbstractSet[int], urls: AbstractSet[str]) -> bool:
    """Whether the page's values hold, however deep, one of `posts` (by id) or a link to one of
    `urls`; Unknown if one is a value `_swap` does not look into."""
    return any(_reaches(value, posts, urls) for value in page.context.values())


class Unknown(Exception):
    """A page holds a value that is not of the model (see `holds`)."""


def _reaches(value: Any, posts: AbstractSet[int], urls: AbstractSet[str]) -> bool:
    """Whether `value` holds one of `posts` or a link to one of `urls`, where `_swap` would find it."""
    kind = type(value)
    if kind is Post:
        return id(value) in posts
    if kind is PostLink:
        return value.url in urls
    if kind in _HOLDS_NO_POST:
        return False
    if kind is tuple:
        kinds = set(map(type, value))
        if kinds <= _HOLDS_NO_POST:
            return False
        if kinds == {Post}:  # (the long tuples: a term's posts, a listing's page of them)
            return not posts.isdisjoint(map(id, value))
        if kinds == {PostLink}:  # (a post's related posts, an archive's links)
            return not urls.isdisjoint(map(_url, value))
        return any(_reaches(item, posts, urls) for item in value)
    if kind is Pagination:
        return _reaches(value.posts, posts, urls)
    if dataclasses.is_dataclass(value) and kind.__module__ == Post.__module__:
        return any(_reaches(item, posts, urls) for item in value.__dict__.values())
    raise Unknown(kind.__name__)


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


def _holding(page: Page, swap: Swap) -> Page:
    """The page with the new posts and links where its values held the old; an old address of
    a post is titled as its post is."""
    context = {name: _swap(value, swap) for name, value in page.context.items()}
    post = context.get("post")
    if page.template == "redirect.html" and type(post) is Post:  # (see `render._alias_pages`)
        return dataclasses.replace(page, title=post.title, context=context)
    return dataclasses.replace(page, context=context)


def _swap(value: Any, swap: Swap) -> Any:
    """`value` with each post and link `swap` replaces replaced, wherever the model holds it;
    the very same object where it holds none of them."""
    kind = type(value)
    if kind is Post:
        return swap.posts.get(id(value), value)
    if kind is PostLink:
        return swap.links.get(value.url, value)
    if kind in _HOLDS_NO_POST:
        return value
    if kind is Pagination:  # (a listing's page of posts)
        posts = _swap(value.posts, swap)
        return value if posts is value.posts else dataclasses.replace(value, posts=posts)
    if kind is tuple:
        if not value:
            return value
        if type(value[0]) is Post:  # (the long tuples: a site's posts, a term's)
            if swap.posts.keys().isdisjoint(map(id, value)):
                return value
            return tuple(swap.posts.get(id(post), post) for post in value)
        if type(value[0]) is PostLink and set(map(type, value)) == {PostLink}:  # (related posts, an archive's links)
            if swap.links.keys().isdisjoint(map(_url, value)):
                return value
            return tuple(swap.links.get(link.url, link) for link in value)
        items = tuple(_swap(item, swap) for item in value)
        return value if all(map(operator.is_, items, value)) else items
    if kind is dict and swap.links:  # (a site's related posts, by source path)
        entries = {key: _swap(item, swap) for key, item in value.items()}
        return value if all(entries[key] is item for key, item in value.items()) else entries
    if dataclasses.is_dataclass(value) and kind.__module__ == Post.__module__:
        changes = {name: new for name, old in value.__dict__.items() if (new := _swap(old, swap)) is not old}
        return evolve(value, **changes) if changes else value
    return value


_url = operator.attrgetter("url")

# values that hold no post (a page of `pages/`, a related post's link, a menu's entry…)
_HOLDS_NO_POST = frozenset({str, int, float, bool, type(None), datetime, Ref, Author, Comment, KeptBody, SitePage,
                            MenuItem, Translation, Translations})
