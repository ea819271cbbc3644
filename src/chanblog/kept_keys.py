"""Page keys a build need not work out again: those the page manifest recorded, for pages an edit
of posts' bodies left as they were.

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
is not digested at all. Any other answer, and the listing is worked out from every post.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from chanblog.cache import Digester
from chanblog.keys import PostDigests
from chanblog.manifest import PageManifest, PostRecord, Posts
from chanblog.model import Post, Site
from chanblog.render import Keyed, Page


def listing(others: str, sites: Sequence[Site], digest: PostDigests, apart: bool, manifest: PageManifest,
            sources: Mapping[str, str]) -> str:
    """A digest of what every page shows but the posts it holds itself; "" if it cannot vouch for
    that. When it is the manifest's, each post whose files are as recorded is known to `digest` by
    its record (see the module's docstring)."""
    if not apart:
        return ""
    recorded = manifest.posts
    same = {path: record for path, record in recorded.items() if sources.get(path) == record.source}
    quick = Digester()("listing", others, [[same[post.source_path].shown if post.source_path in same else
                                            digest.of(post) for post in site.published] for site in sites])
    if quick != manifest.listing:
        return Digester()("listing", others, [[digest.of(post) for post in site.published] for site in sites])
    for site in sites:
        for post in site.published:
            record = same.get(post.source_path)
            if record is not None:
                digest.take(post, record.whole, record.shown, record.own)
    return quick


def records(sites: Sequence[Site], digest: PostDigests, sources: Mapping[str, str]) -> Posts:
    """What the pages were keyed from of each published post, by source path."""
    return {post.source_path: record(post, digest, sources) for site in sites for post in site.published}


def record(post: Post, digest: PostDigests, sources: Mapping[str, str]) -> PostRecord:
    """What the pages were keyed from of one published post, for the next build to take it at."""
    return PostRecord(digest.whole(post), digest.of(post), digest.own(post) or "", sources.get(post.source_path, ""))


def kept_keys(manifest: PageManifest, listed: str, digest: PostDigests, keyed: Keyed) -> Keyed:
    """`keyed`, but for a page whose key the manifest vouches for (see the module's docstring)."""
    if not listed or listed != manifest.listing:
        return keyed
    recorded, files = manifest.posts, manifest.previous

    def as_recorded(value: object) -> bool:
        """False for a post, held by a page itself, whose whole digest is not the one recorded."""
        if type(value) is not Post:
            return True
        whole, record = digest.published_whole(value), recorded.get(value.source_path)
        return whole is not None and record is not None and record.whole == whole

    def key(page: Page, path: str | None, base: str, work_out: Callable[[], str]) -> str:
        entry = files.get(path) if path is not None else None
        if entry is not None and entry[0] and all(map(as_recorded, page.context.values())):
            return entry[0]
        return keyed(page, path, base, work_out)
    return key
