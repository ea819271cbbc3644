"""Page keys a build need not work out again: those the page manifest recorded, for pages an edit
of posts left as they were.

Working out every page's key is a third of an edit's planning at ten thousand posts, though a
one-post edit of a body changes the keys of that post's pages alone. The preview keeps the last
build's site and pages to know it (see `delta`); a build in a new process has only the page
manifest. So each build records there, beside each file's key:
- `listing`: a digest of every input but the posts' own files (`build.Inputs.others`) and of
  every published post as the pages other than its own show it (`keys.PostDigests`: with its
  body left out, as the last build's was, where no template shows it elsewhere);
- `posts`: for each published post, by source path, its digest as its own page shows it, body
  and all, and as other pages show it, and the key of the files it was made from.

A page's key is a digest of its template's base key, its own fields and its context, in which a
post the page holds itself (its page, its old addresses) shows whole, and every other post as
listed. With the same listing, every base key and every listing is what it was, so a page keeps
the key the manifest recorded for its path unless it holds a post whose whole digest changed:
then, and for a page at a path the manifest does not know, the key is worked out. This holds for
the reasons `delta` gives; here it is checked from the manifest rather than from the last site
kept in memory. A listing that cannot be vouched for (a template shows a body elsewhere) is
none at all, and every key is worked out.

Digesting every post to learn the listing costs a build in a new process a third of a second
at ten thousand posts. So the manifest also records, for each post, how other pages show it
and the key of the files it was made from (`build.Inputs.sources`). A post whose files are as
recorded is taken at its record; only the others are digested. If that gives the recorded
listing, it is the listing: the posts digested hold, at the places they held, what they held
(each digest is of a text that names the post's source path), and no other post changed. So
each post was placed as before (where a post goes, and the neighbours it shows, depend only on
what listings show of the posts), and each `@/` reference leads where it led (to an address a
listing shows). Then each post whose files are as recorded is taken whole digest and all, and
is not digested at all.

Any other answer tells that a post is shown otherwise. If an edit changed only what places no
post (a post's excerpt, summary, reading time, or its title where its address stays: see
`delta`), the records vouch for the rest. So each record also holds the post's digest without
these (`keys.PostDigests.placed`), and the manifest the fingerprint of every input but the
posts' own files (`others`) and each template's base key in each language (`render.BaseKeys`,
for a site in one language). When `others` and the published posts are as recorded, and each
post whose files changed has its recorded `placed` digest, the posts shown otherwise are these,
and their neighbours where these show them otherwise (a neighbour shows the title it links
to): every other post is taken at its record, and a page keeps its recorded key if it holds
none of these, nor a link to one that may be renamed (a related post, the archives), and its
base key is as recorded (a sidebar may show the post). Else the listing is worked out from
every post, and every key with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from chanblog.cache import Digester
from chanblog.config import SiteConfig
from chanblog.delta import Unknown, holds
from chanblog.keys import PostDigests
from chanblog.manifest import PageManifest, PostRecord, Posts
from chanblog.model import Post, Site
from chanblog.render import BaseKeys, Keyed, Page, page_language


class Listed(NamedTuple):
    """What `listing` found."""

    digest: str  # of what every page shows but the posts it holds itself; "" if it cannot vouch for that
    moved: frozenset[str] | None  # the posts shown otherwise than recorded, if the records vouch for
    # every other (see the module's docstring); None if they do not (empty: the listing is the recorded one)
    renamed: frozenset[str] = frozenset()  # the addresses of those whose links may show another title


def listing(others: str, sites: Sequence[Site], digest: PostDigests, apart: bool, manifest: PageManifest,
            sources: Mapping[str, str]) -> Listed:
    """A digest of what every page shows but the posts it holds itself ("" if it cannot vouch for
    that), and which posts it shows otherwise than the manifest recorded. Each post whose files
    are as recorded is known to `digest` by its record where that still holds (see the module's
    docstring)."""
    if not apart:
        return Listed("", None)
    recorded = manifest.posts
    same = {path: record for path, record in recorded.items() if sources.get(path) == record.source}
    quick = Digester()("listing", others, [[same[post.source_path].shown if post.source_path in same else
                                            digest.of(post) for post in site.published] for site in sites])
    found = (frozenset(), frozenset()) if quick == manifest.listing else _moved(others, sites, digest, manifest, same)
    if found is None:
        return Listed(Digester()("listing", others, [[digest.of(post) for post in site.published] for site in sites]),
                      None)
    moved, renamed = found
    for site in sites:
        for post in site.published:
            record = same.get(post.source_path)
            if record is not None and post.source_path not in moved:
                digest.take(post, record.whole, record.shown, record.own, record.placed)
    if not moved:
        return Listed(quick, moved)
    return Listed(Digester()("listing", others, [[digest.of(post) for post in site.published] for site in sites]),
                  moved, renamed)


def _moved(others: str, sites: Sequence[Site], digest: PostDigests, manifest: PageManifest,
           same: Mapping[str, PostRecord]) -> tuple[frozenset[str], frozenset[str]] | None:
    """The posts whose files changed, and their neighbours shown otherwise (they show the title
    they link to), if every other input is as recorded, the same posts are published, and each
    changed only in what places no post (its title, `keys.LISTED_ALONE`: see `delta`); with the
    addresses of those that may be renamed (a neighbour shows it otherwise, or none shows it).
    Else None."""
    if others != manifest.others or len(sites) != 1 or not manifest.bases:
        return None
    site, recorded = sites[0], manifest.posts
    if len(site.published) != len(recorded) or not all(post.source_path in recorded for post in site.published):
        return None
    changed = [post for post in site.published if post.source_path not in same]
    if not all(digest.placed(post) == recorded[post.source_path].placed for post in changed):
        return None
    by_url = {post.url: post for post in site.posts}
    moved, renamed = {post.source_path for post in changed}, set()
    for post in changed:
        beside = [by_url[ref.url] for ref in (post.prev, post.next) if ref is not None]
        shown_otherwise = [other.source_path for other in beside
                           if other.source_path in moved or digest.of(other) != recorded[other.source_path].shown]
        moved.update(shown_otherwise)
        if shown_otherwise or not beside:
            renamed.add(post.url)
    return frozenset(moved), frozenset(renamed)


def records(sites: Sequence[Site], digest: PostDigests, sources: Mapping[str, str]) -> Posts:
    """What the pages were keyed from of each published post, by source path."""
    return {post.source_path: record(post, digest, sources) for site in sites for post in site.published}


def record(post: Post, digest: PostDigests, sources: Mapping[str, str]) -> PostRecord:
    """What the pages were keyed from of one published post, for the next build to take it at."""
    return PostRecord(digest.whole(post), digest.of(post), digest.own(post) or "", sources.get(post.source_path, ""),
                      digest.placed(post))


def kept_keys(manifest: PageManifest, listed: Listed, digest: PostDigests, keyed: Keyed,
              bases: BaseKeys | None = None) -> Keyed:
    """`keyed`, but for a page whose key the manifest vouches for (see the module's docstring)."""
    if not listed.digest or listed.moved is None or (not listed.moved and listed.digest != manifest.listing):
        return keyed
    if listed.moved and bases is None:
        return keyed
    recorded, files = manifest.posts, manifest.previous
    moved = _Moved.of(listed, bases.site) if listed.moved and bases is not None else None

    def as_recorded(value: object) -> bool:
        """False for a post, held by a page itself, whose whole digest is not the one recorded."""
        if type(value) is not Post:
            return True
        whole, record = digest.published_whole(value), recorded.get(value.source_path)
        return whole is not None and record is not None and record.whole == whole

    def key(page: Page, path: str | None, base: str, work_out: Callable[[], str]) -> str:
        entry = files.get(path) if path is not None else None
        if entry is not None and entry[0] and all(map(as_recorded, page.context.values())) and (
                moved is None or moved.leaves(page, base, manifest.bases)):
            return entry[0]
        return keyed(page, path, base, work_out)
    return key


class _Moved(NamedTuple):
    """The posts shown otherwise than recorded (see `listing`), and those whose links may be."""

    posts: frozenset[int]  # by id
    urls: frozenset[str]  # the addresses the links lead to
    config: SiteConfig

    @classmethod
    def of(cls, listed: Listed, site: Site) -> _Moved:
        paths = listed.moved or frozenset()
        return cls(frozenset(id(post) for post in site.published if post.source_path in paths), listed.renamed,
                   site.config)

    def leaves(self, page: Page, base: str, bases: Mapping[tuple[str, str], str]) -> bool:
        """Whether the page holds none of them, nor a link to one, and has its recorded base key."""
        if bases.get((page.template, page_language(page, self.config))) != base:
            return False
        try:
            return not holds(page, self.posts, self.urls)
        except Unknown:
            return False
