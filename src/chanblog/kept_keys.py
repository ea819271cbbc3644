"""Page keys a build need not work out again: those the page manifest recorded, for pages an edit
of posts' bodies left as they were.

Working out every page's key is a third of an edit's planning at ten thousand posts, though a
one-post edit of a body changes the keys of that post's pages alone. The preview keeps the last
build's site and pages to know it (see `delta`); a build in a new process has only the page
manifest. So each build records there, beside each file's key:
- `listing`: a digest of every input but the posts' own files (`build.Inputs.others`) and of
  every published post as the pages other than its own show it (`keys.PostDigests`: with its
  body left out, as the last build's was, where no template shows it elsewhere);
- `posts`: each published post's digest as its own page shows it, body and all, by source path.

A page's key is a digest of its template's base key, its own fields and its context, in which a
post the page holds itself (its page, its old addresses) shows whole, and every other post as
listed. With the same listing, every base key and every listing is what it was, so a page keeps
the key the manifest recorded for its path unless it holds a post whose whole digest changed:
then, and for a page at a path the manifest does not know, the key is worked out. This holds for
the reasons `delta` gives; here it is checked from the manifest rather than from the last site
kept in memory. A listing that cannot be vouched for (a template shows a body elsewhere) is
none at all, and every key is worked out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from chanblog.cache import Digester
from chanblog.keys import PostDigests
from chanblog.manifest import PageManifest, Posts
from chanblog.model import Post, Site
from chanblog.render import Keyed, Page


def listing(others: str, sites: Sequence[Site], digest: PostDigests, apart: bool) -> str:
    """A digest of what every page shows but the posts it holds itself; "" if it cannot vouch for that."""
    if not apart:
        return ""
    return Digester()("listing", others, [[digest.of(post) for post in site.published] for site in sites])


def wholes(sites: Sequence[Site], digest: PostDigests) -> Posts:
    """Each published post's digest as its own page shows it, by source path."""
    return {post.source_path: digest.whole(post) for site in sites for post in site.published}


def kept_keys(manifest: PageManifest, listed: str, digest: PostDigests, keyed: Keyed) -> Keyed:
    """`keyed`, but for a page whose key the manifest vouches for (see the module's docstring)."""
    if not listed or listed != manifest.listing:
        return keyed
    recorded, files, known = manifest.posts, manifest.previous, digest.wholes

    def key(page: Page, path: str | None, base: str, work_out: Callable[[], str]) -> str:
        entry = files.get(path) if path is not None else None
        if entry is not None and entry[0] and all(_as_recorded(value, known, recorded)
                                                  for value in page.context.values()):
            return entry[0]
        return keyed(page, path, base, work_out)
    return key


def _as_recorded(value: object, known: Mapping[int, str], recorded: Posts) -> bool:
    """False for a post, held by a page itself, whose whole digest is not the one recorded."""
    if type(value) is not Post:
        return True
    whole = known.get(id(value))
    return whole is not None and recorded.get(value.source_path) == whole
