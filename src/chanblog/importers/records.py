"""What an importer reads from an export, in no blog engine's terms: plain frozen data.

A reader (`wordpress`, `blogger`) turns an export into an `Export`; `writer` turns its posts
into post files. Bodies are already Markdown and comment bodies plain text here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


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
    comments: tuple[ImportedComment, ...] = ()
    aliases: tuple[str, ...] = ()  # old URLs' paths
    kept_shortcodes: tuple[str, ...] = ()  # shortcodes left in the body as text


@dataclass(frozen=True)
class SourceSite:
    """The old blog's own settings, for a site.yaml when there is none yet."""

    title: str = ""
    url: str = ""
    description: str = ""
    language: str = ""
    hosts: tuple[str, ...] = ()  # the old blog's own hosts (`*.bp.blogspot.com`: any under it): media is fetched there


@dataclass(frozen=True)
class Export:
    """Everything read from one export file."""

    posts: tuple[ImportedPost, ...]
    site: SourceSite = SourceSite()
    skipped: Counter[str] = field(default_factory=Counter)  # kind of item -> how many were left out
    comments_left_out: Counter[str] = field(default_factory=Counter)  # reason -> how many
    pages: int = 0  # chanblog has no pages: counted, not imported
    drafts: Counter[str] = field(default_factory=Counter)  # why posts became drafts ("pending review") -> count
    attachments: tuple[str, ...] = ()  # the files the export lists (WordPress attachments), wherever they are
