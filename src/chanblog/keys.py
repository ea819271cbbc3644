"""What each page and feed is keyed by: a digest of everything it can show, from identities made
once a build.

A post is known by two digests. Its page, and the feeds, show all of it (`whole`). The other
pages that show it (listings, archives, a series, the posts a template takes from `site`) show
what `listed` holds: while a build leaves each post's body out of what it holds (see
`cache.BodyCache.leave_out`) no page but the post's own can show the body, and unless a site
template shows what is counted from it elsewhere (`render.bodies_elsewhere`), `listed` is the
post without BODY_FIELDS. So an edit of a body that leaves the rest alone (the title, dates,
summary, excerpt, reading time…) makes again only the post's page and the feeds that carry it;
one that changes the excerpt makes its listings again too.

Values that many pages show (a post, a term) are digested once and remembered (`Digester`),
so a page's key (`render.page_key`) costs a few lookups and one hash.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
from collections.abc import Sequence
from typing import Any

from chanblog.cache import Digester
from chanblog.markup import shows_highlighted_code
from chanblog.model import Post, Site

# What a post's own page (and a feed) shows that a listing of it need not: its body, and what is
# counted from the body and not shown beside other posts. (The reading time is: the theme's bylines.)
BODY_FIELDS = frozenset({"html", "kept", "word_count"})

# The other fields: the plain ones (text, numbers, dates, and tuples and mappings of those) and
# the links to other posts written out by one `repr`; the rest (author, tags, comments…) digested
# as values many posts share.
_PLAIN_FIELDS = ("source_path", "slug", "url", "title", "date", "excerpt", "summary", "reading_time", "updated",
                 "series_part", "draft", "lang", "translation_key", "unlisted", "image", "aliases", "lines",
                 "scheduled")
_REF_FIELDS = ("series", "prev", "next")
_OTHER_FIELDS = tuple(f.name for f in dataclasses.fields(Post)
                      if f.name not in BODY_FIELDS | set(_PLAIN_FIELDS) | set(_REF_FIELDS))
_refs, _others = (operator.attrgetter(*names) for names in (_REF_FIELDS, _OTHER_FIELDS))
# What listings show of a post alone, besides its title: an edit of these and of the title places
# no post, and changes no other post but the links to it (see `delta`).
LISTED_ALONE = {"excerpt": "", "summary": "", "reading_time": 0}
# the plain fields in two: those an edit of which may place a post otherwise, and the title and LISTED_ALONE
_placing, _alone = (operator.attrgetter(*names) for names in (
    [name for name in _PLAIN_FIELDS if name not in {*LISTED_ALONE, "title"}], ["title", *LISTED_ALONE]))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class PostDigests(Digester):
    """A `Digester` that knows each published post of `sites` as pages other than its own show
    it (so a listing, a term or a series holding it is digested by that), and by `whole` as its
    own page and the feeds show it. With `apart` (bodies left out and shown nowhere else), a
    post whose body is left out is listed without it. Given the `previous` build's (in the same
    process: the preview's), a post it knew, the very object, is not digested again; nor is any
    other frozen value of the model it digested, while it is the very same object. With `lazy`
    (and no `previous`), each published post is digested when first asked for: a build that keeps
    most pages' recorded keys (see `kept_keys`) digests the few posts it makes pages of."""

    def __init__(self, sites: Sequence[Site] = (), apart: bool = False, own: bool = False,
                 previous: PostDigests | None = None, lazy: bool = False) -> None:
        super().__init__()
        self.wholes: dict[int, str] = {}
        self.owns: dict[int, str] = {}
        self.placeds: dict[int, str] = {}  # see `placed`
        self.flags = (apart, own)
        self.pending: dict[int, Post] = {}  # the published posts not digested yet, by id (with `lazy`)
        known = previous if previous is not None and previous.flags == self.flags else None
        # what `previous` digested, for values that are the very same frozen objects now (see `_digest`)
        self.earlier: dict[int, tuple[Any, str]] = known.memo if known is not None else {}
        if previous is not None:
            previous.earlier = {}  # (only one build back: what this build uses of it, it remembers itself)
        if lazy and previous is None:  # (the sites keep every post alive: an id is its post's own)
            self.pending = {id(post): post for site in sites for post in site.published}
            return
        for site in sites:
            for post in site.published:
                if known is None or not self._take(post, known):
                    self._know(post, apart, own)

    def _take(self, post: Post, previous: PostDigests) -> bool:
        """Take the post's digests from `previous` if it knew this very post (a post is frozen:
        the same object, the same digests); False if it did not."""
        hit, whole = previous.memo.get(id(post)), previous.wholes.get(id(post))
        if hit is None or hit[0] is not post or whole is None:
            return False
        self.memo[id(post)], self.wholes[id(post)] = hit, whole
        self.placeds[id(post)] = previous.placeds[id(post)]
        if self.flags[1]:
            self.owns[id(post)] = previous.owns[id(post)]
        return True

    def listed(self, post: Post) -> str:
        """The post without BODY_FIELDS: what a listing of it shows when its body is left out."""
        return self._parts_of(post)[0]

    def _parts_of(self, post: Post) -> tuple[str, str, list[Any], str, str]:
        refs = [(ref.name, ref.url, ref.slug) if ref else None for ref in _refs(post)]
        others = "|".join([self._one(value) if value else repr(value) for value in _others(post)])
        placing = repr(_placing(post))
        plain = f"{placing}|{_alone(post)!r}"
        return _sha(f"post|{plain}|{refs!r}|{others}"), plain, refs, others, placing

    def _know(self, post: Post, apart: bool, own: bool) -> None:
        listed, plain, refs, others, placing = self._parts_of(post)
        body = post.kept.key if post.kept else post.html  # a kept body is the one rendered from that text
        whole = self.wholes[id(post)] = _sha(f"{listed}|{body!r}|{post.word_count}")
        self.placeds[id(post)] = _sha(f"placed|{placing}|{refs!r}|{others}|{shows_highlighted_code(post.excerpt)}")
        if own:  # all of it but the posts before and after it
            self.owns[id(post)] = _sha(f"own|{plain}|{refs[0]!r}|{others}|{body!r}|{post.word_count}")
        self.seed(post, listed if apart and post.kept else whole)

    def _digest(self, value: Any) -> str:
        hit = self.memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if self.pending and self._known_now(value):
            return self.memo[id(value)][1]
        hit = self.earlier.get(id(value))
        if hit is not None and hit[0] is value and _frozen(type(value)):
            self.memo[id(value)] = hit  # (a frozen model value is never changed: the same object, the same digest)
            return hit[1]
        return super()._digest(value)

    def inherit(self, kinds: tuple[type, ...]) -> None:
        """Remember what the previous build digested of values of `kinds` as digested by this one
        (a build that planned few pages looks few up: the next may be given them again)."""
        for key, hit in self.earlier.items():
            if type(hit[0]) in kinds:
                self.memo.setdefault(key, hit)

    def keep_only(self, kinds: tuple[type, ...]) -> None:
        """Let go of every digest but those of values of `kinds` (what the next build can be given again)."""
        self.memo = {key: hit for key, hit in self.memo.items() if type(hit[0]) in kinds}
        self.earlier = {}

    def _known_now(self, value: Any) -> bool:
        """Digest `value` if it is a published post not digested yet (see `lazy`); False if it is not one."""
        if self.pending.get(id(value)) is not value:
            return False
        del self.pending[id(value)]
        self._know(value, *self.flags)
        return True

    def take(self, post: Post, whole: str, shown: str, own: str, placed: str) -> None:
        """Know a published post not digested yet (see `lazy`) by the digests a build recorded of
        it (`kept_keys` says when they still hold); a post already known keeps its own."""
        if self.pending.get(id(post)) is not post or (self.flags[1] and not own):
            return
        del self.pending[id(post)]
        self.wholes[id(post)], self.placeds[id(post)] = whole, placed
        if self.flags[1]:
            self.owns[id(post)] = own
        self.seed(post, shown)

    def published_whole(self, post: Post) -> str | None:
        """`whole` of a published post of the sites; None for any other post."""
        known = self.wholes.get(id(post))  # (a known post is kept alive by `seed`: its id is its own)
        if known is None and self.pending and self._known_now(post):
            known = self.wholes[id(post)]
        return known

    def whole(self, post: Post) -> str:
        """The post with its body, as its own page and the feeds show it."""
        known = self.published_whole(post)
        return known if known is not None else self("post", post, post.html)

    def own(self, post: Post) -> str | None:
        """The post without its neighbours (the posts before and after it), if it was asked for."""
        if self.pending and id(post) not in self.owns:
            self._known_now(post)
        return self.owns.get(id(post))

    def placed(self, post: Post) -> str:
        """A published post as listings show it, but for what places no post: its title,
        LISTED_ALONE, and whether its excerpt shows highlighted code (see `delta`, `kept_keys`)."""
        if self.pending and id(post) not in self.placeds:
            self._known_now(post)
        return self.placeds[id(post)]

    def shown(self, value: Any) -> str:
        """A value of a page's context: a post given to a page (its own) shows whole."""
        return self.whole(value) if type(value) is Post else self._one(value)


@functools.lru_cache(maxsize=None)
def _frozen(kind: type) -> bool:
    """Whether values of `kind` are frozen dataclasses (the model's), which no one changes once made."""
    params = getattr(kind, "__dataclass_params__", None)
    return params is not None and params.frozen


def post_digests(sites: Sequence[Site], apart: bool, own: bool = False) -> PostDigests:
    """The digests of every post of every language's site (see `PostDigests`); with `own`, each
    post's also without its neighbours (what the search index reads of its page: see
    `build.search_keys`)."""
    return PostDigests(sites, apart, own)
