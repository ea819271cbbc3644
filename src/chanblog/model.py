"""The content model: frozen dataclasses built once by `taxonomy.build_site`, only read afterwards.

Posts refer to tags, labels, series and neighbours through `Ref`s (name and URL), never to
the objects that list them, so the model has no cycles and every value is plain data.
URLs are site paths that start with `/` and include the site's base path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from chanblog.config import SiteConfig


@dataclass(frozen=True)
class Ref:
    """A link to something on the site: what it is called and where it lives."""

    name: str
    url: str
    slug: str = ""


@dataclass(frozen=True)
class PostLink:
    """A post as another page links to it (a related post): its title, address and date only,
    so that the page changes when these do and not with the rest of the post."""

    title: str
    url: str
    date: datetime


@dataclass(frozen=True)
class Author:
    """A writer: `url` is their page on this site, `website` their own."""

    key: str
    name: str
    slug: str
    url: str
    bio: str = ""
    website: str = ""
    avatar: str = ""


@dataclass(frozen=True)
class Comment:
    """A reader's comment, kept in the post's front matter. `body` is plain text."""

    author: str
    date: datetime
    body: str
    url: str = ""
    reply_to: int = 0  # the position (1 for the first) of the earlier comment it answers, or 0


@dataclass(frozen=True)
class KeptBody:
    """A post's rendered body left in the body cache while a build holds thousands of posts (see
    `cache.BodyCache.leave_out`): its key there, and what pages are planned by without it."""

    key: str
    length: int  # characters of HTML
    highlighted_code: bool  # shows code highlighted by Pygments


@dataclass(frozen=True)
class Post:
    """One essay: its front matter checked, its body rendered to HTML."""

    source_path: str  # relative to the site folder, as shown in messages
    slug: str
    url: str
    title: str
    date: datetime
    html: str  # trusted: rendered Markdown of the author's own body ("" while `kept` says where it is)
    excerpt: str  # HTML: the part before <!--more-->, else the summary, else the first paragraph
    summary: str  # plain text: front matter `summary`, else the excerpt's text, shortened
    word_count: int
    reading_time: int  # minutes
    updated: datetime | None = None
    author: Author | None = None
    tags: tuple[Ref, ...] = ()
    labels: tuple[Ref, ...] = ()
    series: Ref | None = None
    series_part: int = 0  # 1 for the first post of its series
    comments: tuple[Comment, ...] = ()
    draft: bool = False
    lang: str = ""  # a BCP 47 tag when the post is in another language than the site
    translation_key: str = ""  # posts with one key translate each other (by default: the file's path without language)
    unlisted: bool = False  # published, and on its tag, label and author pages, but not on the home page,
    # in the site feed, the archives, a series or next to other posts
    image: str = ""  # a site path or a full URL
    aliases: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)  # front matter keys chanblog does not know
    lines: Mapping[str, int] = field(default_factory=dict)  # front matter key -> file line
    prev: Ref | None = None  # the next older post
    next: Ref | None = None  # the next newer post
    scheduled: bool = False  # dated after the build: published only with --future
    kept: KeptBody | None = None  # set while `html` is left out, to spare a build's memory

    @property
    def last_modified(self) -> datetime:
        return self.updated or self.date

    @property
    def html_length(self) -> int:
        """Characters of `html`, also while it is left out."""
        return self.kept.length if self.kept else len(self.html)


@dataclass(frozen=True)
class Term:
    """A tag, a label or a series, with its posts newest first (series: oldest first).

    Listing and index pages get the term `without_posts()`: they show its name and `count`,
    and their own page of posts comes in `paginator`. Then a page depends only on what it shows."""

    name: str
    slug: str
    url: str
    posts: tuple[Post, ...]
    feed_url: str = ""
    count: int = 0  # how many posts carry it, even where `posts` is left out

    def without_posts(self) -> Term:
        return replace(self, posts=())


@dataclass(frozen=True)
class AuthorPage:
    """An author and what they wrote, newest first."""

    author: Author
    posts: tuple[Post, ...]
    feed_url: str
    count: int = 0  # len(posts), kept where `posts` is left out

    def without_posts(self) -> AuthorPage:
        return replace(self, posts=())


@dataclass(frozen=True)
class Archive:
    """The posts of one year or one month, newest first."""

    year: int
    month: int  # 0 for a whole year
    url: str
    posts: tuple[Post, ...]
    months: tuple[Archive, ...] = ()
    count: int = 0  # len(posts), kept where `posts` is left out
    links: tuple[PostLink, ...] = ()  # its posts as the archives index lists them, where `posts` is left out

    def titles_only(self, link: Callable[[Post], PostLink] = lambda post: PostLink(post.title, post.url, post.date)
                    ) -> Archive:
        """Its posts as titles, addresses and dates (`links`, each made by `link`): the archives
        index lists every post, and changes when these do, not with the rest of a post."""
        return replace(self, posts=(), links=tuple(map(link, self.posts)),
                       months=tuple(month.titles_only(link) for month in self.months))


@dataclass(frozen=True)
class SitePage:
    """A page of `pages/` (About, Contact): no date, listed in no listing or feed, only in the
    sitemap, the search index and, if it asks, the menu."""

    source_path: str  # `pages/about.md`, as shown in messages
    name: str  # its path under pages/ without extension and `/index`: `about`, `speaking/fees`
    slug: str
    url: str
    title: str
    html: str  # trusted: rendered Markdown of the author's own body
    summary: str  # plain text: front matter `summary`, else the start of the body
    template: str = "page.html"
    menu: str = ""  # the title it has in the menu, "" when it is not in the menu
    weight: int = 0  # its place in the menu, lightest first
    draft: bool = False
    aliases: tuple[str, ...] = ()
    image: str = ""  # a site path or a full URL
    updated: datetime | None = None
    lang: str = ""  # a BCP 47 tag when the page is in another language than the site
    meta: Mapping[str, Any] = field(default_factory=dict)  # front matter keys chanblog does not know
    lines: Mapping[str, int] = field(default_factory=dict)  # front matter key -> file line


@dataclass(frozen=True)
class Translation:
    """A page in one of the site's languages: its BCP 47 tag, the language's name in itself, its URL."""

    lang: str
    name: str  # `Français`, `日本語`: what a reader of that language looks for
    url: str


@dataclass(frozen=True)
class Translations:
    """The versions of a page (a post, a home page) in every language it is written in, for its
    `<link rel="alternate" hreflang>` and its links to the others."""

    lang: str  # the language of this version
    versions: tuple[Translation, ...]  # this one included, in the order of `languages:`
    x_default: str  # the URL of the version in the site's language (else of the first): `hreflang="x-default"`

    @property
    def others(self) -> tuple[Translation, ...]:
        return tuple(version for version in self.versions if version.lang != self.lang)


@dataclass(frozen=True)
class MenuItem:
    """An entry of the site's menu: a site path (`/blog/about/`) or a full URL."""

    title: str
    url: str


@dataclass(frozen=True)
class Site:
    """Everything that will be published, sorted and cross-referenced."""

    config: SiteConfig
    posts: tuple[Post, ...]  # newest first
    tags: tuple[Term, ...]  # by name
    labels: tuple[Term, ...]
    series: tuple[Term, ...]
    authors: tuple[AuthorPage, ...]
    archives: tuple[Archive, ...]  # years, newest first
    unlisted: tuple[Post, ...] = ()  # published at their own URL only, newest first
    pages: tuple[SitePage, ...] = ()  # by source path
    menu: tuple[MenuItem, ...] = ()  # site.yaml's `menu:`, then the pages that ask to be in it
    related: Mapping[str, tuple[PostLink, ...]] = field(default_factory=dict)  # source path -> its page's
    # "Related posts", best first; a post with none has no entry

    @property
    def published(self) -> tuple[Post, ...]:
        """Every post that gets a page: the listed ones, then the unlisted."""
        return self.posts + self.unlisted


Frozen = TypeVar("Frozen")


def evolve(value: Frozen, **changes: Any) -> Frozen:
    """`dataclasses.replace` for the model's classes, at a tenth of its cost (it runs for every
    post several times a build): a copy with `changes`, made as the cache decodes one, without
    running `__init__` again (these classes have no `__post_init__` and only plain fields)."""
    fields = value.__dict__
    if not changes.keys() <= fields.keys():
        raise TypeError(f"{type(value).__name__} has no field {sorted(changes.keys() - fields.keys())[0]}")
    copy = object.__new__(type(value))
    object.__setattr__(copy, "__dict__", {**fields, **changes})
    return copy
