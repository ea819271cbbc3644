"""What an importer reads from an export, in no blog engine's terms: plain frozen data.

A reader (`wordpress`, `blogger`) turns an export into an `Export`; `writer` turns its posts
into post files. Bodies are already Markdown and comment bodies plain text here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class ImportedAuthor:
    """A writer as the export names them: `login` is stable, `name` is what readers see."""

    login: str
    name: str


@dataclass(frozen=True)
class ImportedComment:
    """An approved comment. `parent` is the `id` of the nearest imported comment it answers, or ""."""

    id: str
    author: str
    date: datetime
    body: str  # plain text, one paragraph a line
    url: str = ""
    parent: str = ""
    unlinked: str = ""  # the address the export gave, when it is no web address (`javascript:`, a path)


@dataclass(frozen=True)
class ImportedPost:
    """One post, ready to be written as a chanblog post file."""

    title: str
    date: datetime  # aware, in the old blog's own offset
    slug: str
    body: str  # Markdown
    line: int  # where the post starts in the export, for messages
    author: ImportedAuthor | None = None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    summary: str = ""
    image: str = ""
    sticky: bool = False
    draft: bool = False
    unlisted: bool = False  # published at its address, left out of the site's lists
    comments: tuple[ImportedComment, ...] = ()
    aliases: tuple[str, ...] = ()  # old URLs' paths
    kept_shortcodes: tuple[str, ...] = ()  # shortcodes left in the body as text
    source: str = ""  # the file it was read from, when it came from a folder of files
    leftovers: tuple[tuple[int, str], ...] = ()  # (line in `source`, template code left in the body as text)


@dataclass(frozen=True)
class ImportedPage:
    """A page (About, Contact): its text as a post's (title, body, summary, image, updated, draft,
    old address; its date is when it was last changed), and its place among the pages."""

    content: ImportedPost
    key: str  # the export's id for it
    parent: str = ""  # the key of the page it is under, or ""


@dataclass(frozen=True)
class ImportedMenuItem:
    """An entry of the old blog's navigation menu, with what it leads to: one of `page`, `post`,
    `term` or `url`, or none when it led to something the export does not hold."""

    title: str  # the entry's own title, "" to show its page's
    line: int
    page: str = ""  # the key of a page of the export
    post: int | None = None  # the index of a post of the export
    term: tuple[str, str] = ("", "")  # ("tags" or "labels", the name)
    url: str = ""  # a link of its own, as WordPress had it
    depth: int = 0  # 0 for the menu's own entries, 1 for their sub-items...


@dataclass(frozen=True)
class SourceSite:
    """The old blog's own settings, for a site.yaml when there is none yet."""

    title: str = ""
    url: str = ""
    description: str = ""
    language: str = ""
    hosts: tuple[str, ...] = ()  # the old blog's own hosts (`*.bp.blogspot.com`: any under it): media is fetched there
    permalink: str = ""  # a chanblog permalink that gives the old posts their old addresses
    timezone: str = ""


@dataclass(frozen=True)
class LeftOut:
    """A file of the old site that was not imported, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class CopiedFile:
    """A file a post links to (an image of a Hugo bundle, a Jekyll asset), copied into static/:
    at `target` below static/, or below the folder of post number `post`'s page when it is set."""

    source: Path
    shown: str
    target: str
    post: int | None = None


@dataclass(frozen=True)
class Export:
    """Everything read from one export file, or from the folder of an old site."""

    posts: tuple[ImportedPost, ...]
    site: SourceSite = SourceSite()
    skipped: Counter[str] = field(default_factory=Counter)  # kind of item -> how many were left out
    comments_left_out: Counter[str] = field(default_factory=Counter)  # reason -> how many
    pages: tuple[ImportedPage, ...] = ()
    drafts: Counter[str] = field(default_factory=Counter)  # why posts became drafts ("pending review") -> count
    attachments: tuple[str, ...] = ()  # the files the export lists (WordPress attachments), wherever they are
    left_out: tuple[LeftOut, ...] = ()  # files of an old site's folder that were not imported
    copies: tuple[CopiedFile, ...] = ()  # files the posts link to, for static/
    variables: Mapping[str, str] = field(default_factory=dict)  # `{{ site.title }}`: "title" -> value
    link_keys: Mapping[str, int] = field(default_factory=dict)  # how template code names a post -> its index
    template_code: str = ""  # what bodies hold: "liquid" (Jekyll, Eleventy), "shortcodes" (Hugo), "" (none to run)
    unlisted: Counter[str] = field(default_factory=Counter)  # why posts are published but listed nowhere -> count
    menu: tuple[ImportedMenuItem, ...] = ()  # the old blog's navigation menu, in menu order
    other_menus: tuple[str, ...] = ()  # the names of the menus not imported (one menu is)
