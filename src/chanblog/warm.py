"""What a long-running process (the preview) keeps from one build to the next.

A build made in a fresh process starts every Jinja environment from nothing: it parses each
template to learn what its pages depend on, then compiles it, which costs more than the dozen
pages a one-post edit makes. `Warm` keeps each language's environment, its compiled templates
and what was learnt of them, for as long as everything the environment is made from is equal:
the config the language sees, the words of every catalog, and the name, path and text of every
template (the site's and the theme's). Any difference, and the environment is made afresh, as
a fresh build would make it; so a build given a `Warm` writes the same bytes as one without.

It also keeps the caches the last build opened (`Fresh` opens them as a build in a new process
does): the draft cache's entries and the drafts decoded from them, the index of each body cache
file and each body as a listing sees it, and the page manifest. A cache file is read again only
if it is not the file the last build in this process left (its size, times or inode differ:
another build wrote it, or it was replaced or damaged); what is kept of a file is what reading
it would give, and a body is kept by the hash of its text, for one set of Markdown settings.

And it keeps what the last build made of each post, by its source path, with what it was made
from: the draft given its commit's date, the post made from its draft and rendered body, the
post placed in its site (its neighbours, its part in a series), the link to it that pages
listing it show, its page (unless it is in a series) and that page's key, and the digests of
posts and of what else is the very object it was. A build
given the very objects the last one was given (kept alive here, so never another object at the
same address), and equal plain values besides (the neighbours' titles and URLs, a date as it is
written), is given what the last one made. Values of the model are never compared for equality:
two posts that compare equal may still be written differently (`1` and `1.0`; one time in two
time zones). Each step is a pure function of what it is given, so reusing its result writes the
same bytes; and an edit digests only the posts it changed, or whose neighbours it renamed.
The posts are taken as a whole (`carried`) while the body cache's files are still what the last
build left: a post made of the very draft, with the body the cache kept under the same key, is
the post that build made, and the cache is not even asked for its body.

Last, it keeps the site and the pages the last build planned: after an edit of nothing but some
posts' bodies, a build is that site with those posts swapped in, and plans and keys again only
their pages (see `delta`, which says when that holds).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2

from chanblog.cache import BodyCache, DraftCache
from chanblog.config import SiteConfig
from chanblog.content import Draft
from chanblog.delta import Built, Edit, Planned, built, edit
from chanblog.keys import PostDigests
from chanblog.manifest import PageManifest
from chanblog.markup import Rendered
from chanblog.model import KeptBody, Post, PostLink, Site, Term, evolve
from chanblog.related import post_link
from chanblog.taxonomy import SITE_FIELDS
from chanblog.render import Page, make_environment, site_templates, theme_files
from chanblog.template_analysis import TemplateAnalyses
from chanblog.translations import ENGLISH, Words

TemplateTexts = tuple[tuple[str, str, str | None], ...]  # (name, path, text) of the site's templates, then the theme's
T = TypeVar("T")


@dataclass(frozen=True)
class _Kept:
    """An environment and what it was made from."""

    config: SiteConfig
    words: Words
    templates: TemplateTexts
    environment: jinja2.Environment


@dataclass(frozen=True)
class _Rendered:
    """The posts the last build made that `carried` may give again, by source path: the draft
    each was made of, its body's key, the post; and the body cache as that build left it."""

    left: object
    posts: dict[str, tuple[Draft, str, Post]]


class Fresh:
    """How a build in a new process opens its caches: each read from its files."""

    def drafts(self, folder: Path, config_digest: str) -> DraftCache:
        return DraftCache(folder, config_digest)

    def bodies(self, folder: Path, settings: str) -> BodyCache:
        return BodyCache(folder, settings)

    def manifest(self, folder: Path, output: Path, settings: str) -> PageManifest:
        return PageManifest(folder, output, settings)

    def begin(self) -> None:
        """A build starts."""

    def dated(self, draft: Draft, updated: datetime) -> Draft:
        """The draft with the `updated` date its commits give it (see `history`)."""
        return evolve(draft, post=evolve(draft.post, updated=updated))

    def post(self, draft: Draft, body: Rendered, kept: KeptBody | None) -> Post:
        """The post `draft` makes with its rendered `body` (as a listing sees it, if `kept`)."""
        post = draft.finish(body)
        return evolve(post, kept=kept) if kept else post

    def carried(self, drafts: Sequence[Draft], body_keys: Mapping[str, str], bodies: BodyCache,
                leave_out: bool) -> list[Post | None]:
        """The post the last build made of each draft, where this build would make the very same
        one; None for each post to make (a build in a new process has no last build)."""
        return [None] * len(drafts)

    def rendered(self, drafts: Sequence[Draft], made_from: Sequence[Draft], posts: Sequence[Post],
                 body_keys: Mapping[str, str], bodies: BodyCache) -> None:
        """The build made these posts of these drafts (`made_from`: as read back, for a post whose
        body was not kept), with these bodies, and saved the body cache."""

    def placed(self, post: Post, **site_fields: Any) -> Post:
        """The post with the fields its site sets (taxonomy.SITE_FIELDS)."""
        return evolve(post, **site_fields)

    def link(self, post: Post) -> PostLink:
        """A link to the post, as a page that suggests it shows it (see `related`)."""
        return post_link(post)

    def digests(self, sites: Sequence[Site], apart: bool, own: bool) -> PostDigests:
        return PostDigests(sites, apart, own, lazy=True)  # (most are never asked for: see `kept_keys`)

    def post_page(self, post: Post, series: Term | None, related: tuple[PostLink, ...],
                  feeds: tuple[tuple[str, str], ...], make: Callable[[], Page]) -> Page:
        """A post's page (see `render.plan_pages`)."""
        return make()

    def page_key(self, page: Page, path: str | None, base: str, key: Callable[[], str]) -> str:
        """A page's key (see `render.page_jobs`)."""
        return key()

    def environment(self, config: SiteConfig, templates: Mapping[str, str] | None = None,
                    words: Words = ENGLISH, analyses: TemplateAnalyses | None = None) -> jinja2.Environment:
        """The Jinja environment a language's pages are rendered in (see `render.make_environment`)."""
        return make_environment(config, templates, words, analyses)

    def edit(self, others: str, posts: Sequence[Post], apart: bool) -> Edit | None:
        """The last build's sites with the posts made anew swapped in, if only their bodies
        changed (see `delta`): a build in a new process has no last build."""
        return None

    def planned(self, sites: Sequence[Site], planned: Planned) -> None:
        """The build planned these pages of these sites."""


class Warm(Fresh):
    """Environments kept between builds, one a language: `environment` is `make_environment`
    that returns the last one made for that language while its inputs are equal; and the
    caches, each opened from what the last build left of it (see the module's docstring)."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._drafts: DraftCache | None = None
        self._bodies: BodyCache | None = None
        self._manifest: PageManifest | None = None
        self._dated: _Made[Draft] = _Made()
        self._posts: _Made[Post] = _Made()
        self._placed: _Made[Post] = _Made()
        self._links: _Made[PostLink] = _Made()
        self._pages: _Made[Page] = _Made()
        self._keys: _Made[str] = _Made()
        self._digests: PostDigests | None = None
        self._built: Built | None = None
        self._given: tuple[str, Sequence[Post]] = ("", ())
        self._rendered: _Rendered | None = None
        self._edited = False  # this build is the last one's with bodies swapped in
        # the paths the preview's watcher reported since the last drafts cache was opened (None: it
        # may have missed some), and whether it reported them before this build (see `saw`)
        self._reported: set[str] | None = None
        self._told = False

    def saw(self, changed: Iterable[str] | None) -> None:
        """The preview's watcher reported these paths in the site changed (None: it may have
        missed a change), since it last did: the next build need not stat the posts it did not
        report (see `DraftCache`). A build not told so stats every post."""
        self._reported = None if changed is None or self._reported is None else self._reported | set(changed)
        self._told = True

    def missed(self) -> set[str]:
        """The posts changed since the last build read them that no one reported: a sweep when the preview is idle."""
        return self._drafts.missed() if self._drafts is not None else set()

    def drafts(self, folder: Path, config_digest: str) -> DraftCache:
        reported = frozenset(self._reported) if self._told and self._reported is not None else None
        self._drafts = DraftCache(folder, config_digest, previous=self._drafts, keep=True, reported=reported)
        self._reported, self._told = set(), False  # what is reported from now on is what this cache may not know
        return self._drafts

    def bodies(self, folder: Path, settings: str) -> BodyCache:
        self._bodies = BodyCache(folder, settings, previous=self._bodies, keep=True)
        return self._bodies

    def manifest(self, folder: Path, output: Path, settings: str) -> PageManifest:
        self._manifest = PageManifest(folder, output, settings, previous=self._manifest, keep=True)
        return self._manifest

    def begin(self) -> None:
        """A build starts: what the last one made is what this one may reuse."""
        self._dated.turn()
        self._posts.turn()
        self._placed.turn()
        self._links.turn()
        self._pages.turn()
        self._keys.turn()
        if self._digests is not None:  # only the posts and links can be the very objects again
            self._digests.keep_only((Post, PostLink))

    def dated(self, draft: Draft, updated: datetime) -> Draft:
        # (a date as it is written: two equal dates may be written in two time zones; the very
        # draft each time, so that `carried` knows it)
        return self._dated.made(draft.post.source_path, (draft,), (updated.isoformat(), repr(updated.tzinfo)),
                                lambda: super(Warm, self).dated(draft, updated))

    def carried(self, drafts: Sequence[Draft], body_keys: Mapping[str, str], bodies: BodyCache,
                leave_out: bool) -> list[Post | None]:
        last = self._rendered
        if last is None or not leave_out or not bodies.as_left(last.left):
            return [None] * len(drafts)
        self._posts.carry()  # (what `post` would have made of them)
        made = last.posts
        return [known[2] if (known := made.get(draft.post.source_path)) is not None and known[0] is draft
                and known[1] == body_keys.get(draft.post.source_path) else None for draft in drafts]

    def rendered(self, drafts: Sequence[Draft], made_from: Sequence[Draft], posts: Sequence[Post],
                 body_keys: Mapping[str, str], bodies: BodyCache) -> None:
        # a post whose body is kept in the cache alone (no `@/` reference, a body left out): the
        # very post `post` makes of the same draft and the same body, while the cache holds it as left
        self._rendered = _Rendered(bodies.left, {
            draft.post.source_path: (draft, body_keys[draft.post.source_path], post)
            for draft, source, post in zip(drafts, made_from, posts, strict=True)
            if source is draft and post.kept is not None})

    def post(self, draft: Draft, body: Rendered, kept: KeptBody | None) -> Post:
        # (a post is made of its draft's front matter and its rendered body, not of its body's text)
        return self._posts.made(draft.post.source_path, (draft.post, body), (kept,),
                                lambda: super(Warm, self).post(draft, body, kept))

    def placed(self, post: Post, **site_fields: Any) -> Post:
        placed = tuple(site_fields[name] if name in site_fields else getattr(post, name) for name in SITE_FIELDS)
        return self._placed.made(post.source_path, (post,), placed, lambda: evolve(post, **site_fields))

    def link(self, post: Post) -> PostLink:
        date = post.date  # (as it is written: two equal dates may be written in two time zones)
        return self._links.made(post.source_path, (), (post.title, post.url, date.isoformat(), repr(date.tzinfo)),
                                lambda: post_link(post))

    def digests(self, sites: Sequence[Site], apart: bool, own: bool) -> PostDigests:
        self._digests = PostDigests(sites, apart, own, previous=self._digests)
        if self._edited:  # (no listing is planned again: the links they showed are the next build's to reuse)
            self._digests.inherit((PostLink,))
        return self._digests

    def post_page(self, post: Post, series: Term | None, related: tuple[PostLink, ...],
                  feeds: tuple[tuple[str, str], ...], make: Callable[[], Page]) -> Page:
        if series is not None:  # (a new term each build: made again)
            return make()
        return self._pages.made(post.source_path, (post, *related), (feeds,), make)

    def page_key(self, page: Page, path: str | None, base: str, key: Callable[[], str]) -> str:
        if page.template != "post.html":  # (a listing's page is made anew each build: not worth keeping)
            return key()
        return self._keys.made(page.url, (page,), (base,), key)

    def edit(self, others: str, posts: Sequence[Post], apart: bool) -> Edit | None:
        self._given = (others, posts)
        edited = edit(self._built, others, posts, apart, self.placed, self.link)
        self._edited = edited is not None
        if edited is not None:  # what the last build made of the posts not edited stays what this one made
            for made in (self._placed, self._links, self._pages, self._keys):
                made.carry()
        return edited

    def planned(self, sites: Sequence[Site], planned: Planned) -> None:
        self._built = built(*self._given, sites, planned)

    def environment(self, config: SiteConfig, templates: Mapping[str, str] | None = None,
                    words: Words = ENGLISH, analyses: TemplateAnalyses | None = None) -> jinja2.Environment:
        own = site_templates(config).checked() if templates is None else templates
        texts = template_texts(own) + template_texts(theme_files("templates"))
        kept = self._kept.get(config.language)
        if kept is not None and kept.templates == texts and kept.config == config and kept.words == words:
            return kept.environment
        environment = make_environment(config, own, words, analyses)
        self._kept[config.language] = _Kept(config, words, texts, environment)
        return environment


def template_texts(files: Mapping[str, str]) -> TemplateTexts:
    """Each template's name, path and text (None if it cannot be read: the environment reports it)."""
    return tuple((name, path, _text(path)) for name, path in files.items())


def _text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None


class _Made(Generic[T]):
    """What one step made of each post or page (by its source path or address) in the last build
    and in this one, with what it was made from: objects to be the very ones (`same`), and plain
    values to be equal (`equal`: strings, whole numbers, truth values and records of only those,
    which compare equal only when they are written alike)."""

    def __init__(self) -> None:
        self.last: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], T]] = {}
        self.now: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], T]] = {}

    def made(self, name: str, same: tuple[Any, ...], equal: tuple[Any, ...], make: Callable[[], T]) -> T:
        known = self.last.get(name)
        if known is not None and known[1] == equal and len(known[0]) == len(same) and all(
                map(operator.is_, known[0], same)):
            result = known[2]
        else:
            result = make()
        self.now[name] = (same, equal, result)
        return result

    def carry(self) -> None:
        """What the last build made, this one made too (unless it makes it again)."""
        self.now = {**self.last, **self.now}

    def turn(self) -> None:
        """What this build made becomes what the next may reuse (unless it made nothing: one with nothing to do)."""
        if self.now:
            self.last, self.now = self.now, {}

