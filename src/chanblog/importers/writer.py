"""Imported posts as chanblog post files.

`plan_files` is pure: it names each file `YYYY-MM-DD-slug.md` (a slug made safe for any file
system), keeps slugs and URLs unique, drops an old address that is the post's new one, and
writes the front matter with `yaml.safe_dump`, so any title, quote or script survives.
`write_files` then writes them into one folder, never over a file that differs unless forced.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.importers.records import ImportedComment, ImportedPost


class Flow(list):  # type: ignore[type-arg]
    """A list written on one line: `tags: [a, b]`."""


class _Dumper(yaml.SafeDumper):
    """safe_dump, with short lists on one line and text of several lines as a `|` block."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(Flow, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value,
                                                                                flow_style=True))
_Dumper.add_representer(str, _represent_str)


@dataclass(frozen=True)
class PlannedFile:
    """A post file to write: its name in the output folder and its whole text."""

    name: str
    text: str
    post: ImportedPost
    left_out: tuple[tuple[str, str], ...] = ()  # old addresses no redirect can stand at: (address, whose it is)
    url: str = ""  # the post's new address


@dataclass(frozen=True)
class WriteOutcome:
    """What became of each planned file, by name."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]  # already there, byte for byte
    kept: tuple[str, ...]  # already there and different: left as it was


def plan_files(posts: Sequence[ImportedPost], config: SiteConfig, author_keys: Mapping[str, str]) -> list[PlannedFile]:
    """Each post's file, in export order, with slugs that give every post its own URL and file."""
    names: set[str] = set()
    addresses: set[str | None] = set()
    slugs = [_free_slug(post, config, names, addresses) for post in posts]
    owners = {path: f"the post '{post.title}'" for post, slug in zip(posts, slugs)
              if (path := urls.output_path(config, urls.post_url(config, post.date, slug)))}
    planned = []
    for post, slug in zip(posts, slugs):
        own = urls.output_path(config, urls.post_url(config, post.date, slug))
        aliases, left_out = kept_aliases(post, config, own, owners)
        key = author_keys.get(post.author.login) if post.author else None
        planned.append(PlannedFile(file_name(post.date, slug), post_text(post, slug, aliases, key), post, left_out,
                                   urls.post_url(config, post.date, slug)))
    return planned


def kept_aliases(post: ImportedPost, config: SiteConfig, own: str | None,
             owners: dict[str, str], kind: str = "post") -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Old addresses a redirect page can stand at: not the post's new one, not the home page, nor
    one that no file system can hold as a file (a name over 255 bytes). Those where chanblog's own
    pages are (`/search/`, `/tags/`, `/2011/07/`...) or another post is, go with what is there
    instead; the first post to name an address gets it (`owners` takes note: path -> "the post 'Title'")."""
    usable = (a for a in post.aliases if urlsplit(a).path not in ("", "/") and not urlsplit(a).query)
    paths = ((a, urls.alias_path(config, a)) for a in usable)
    kept, left_out = [], []
    for alias, path in paths:
        if path in (own, None) or urls.path_problem(path) or alias in kept:
            continue
        builtin = urls.builtin_page(path)
        taken = f"chanblog's {builtin}" if builtin else owners.get(path)
        if taken:
            left_out.append((alias, taken))
        else:
            kept.append(alias)
            owners[path] = f"the {kind} '{post.title}'"
    return tuple(kept), tuple(left_out)


def _free_slug(post: ImportedPost, config: SiteConfig, names: set[str], addresses: set[str | None]) -> str:
    """The post's slug, shortened as its file name is when it cannot be a file name (WordPress keeps
    slugs of 200 letters, 600 bytes in UTF-8), with `-2`, `-3`... while it is taken."""
    base = post.slug if not urls.path_problem(_output(config, post.date, post.slug)) else urls.slugify(post.slug)
    slug, number = base, 2
    while file_name(post.date, slug) in names or _output(config, post.date, slug) in addresses:
        slug, number = f"{base}-{number}", number + 1
    names.add(file_name(post.date, slug))
    addresses.add(_output(config, post.date, slug))
    return slug


def _output(config: SiteConfig, date: datetime, slug: str) -> str:
    return urls.output_path(config, urls.post_url(config, date, slug)) or ""


def file_name(date: datetime, slug: str) -> str:
    """`2009-08-14-lighting-the-fuse.md`: ASCII letters, digits and hyphens only."""
    return f"{date:%Y-%m-%d}-{urls.slugify(slug)}.md"


def post_text(post: ImportedPost, slug: str, aliases: Sequence[str], author_key: str | None) -> str:
    """The whole post file: front matter, then the Markdown body."""
    return file_text(front_matter(post, slug, aliases, author_key), post.body)


def file_text(front: Mapping[str, Any], body: str) -> str:
    """A Markdown file with front matter: short lists on one line, any text safe in YAML."""
    dumped = yaml.dump(dict(front), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                       width=1_000_000)
    body = body if body.endswith("\n") or not body else body + "\n"
    return f"---\n{dumped}---\n\n{body}"


def front_matter(post: ImportedPost, slug: str, aliases: Sequence[str], author_key: str | None) -> dict[str, Any]:
    front: dict[str, Any] = {"title": post.title, "date": timestamp(post.date)}
    optional: dict[str, Any] = {
        "updated": timestamp(post.updated) if post.updated else None, "author": author_key, "slug": slug,
        "tags": Flow(post.tags), "labels": Flow(post.labels), "summary": post.summary, "image": post.image,
        "draft": post.draft, "unlisted": post.unlisted, "sticky": post.sticky, "aliases": Flow(aliases),
        "comments": comment_entries(post.comments)}
    front.update({key: value for key, value in optional.items() if value})
    return front


def timestamp(moment: datetime) -> str:
    """`2009-08-14 09:00:00 -0700`: the time as the old blog showed it, with its offset."""
    return f"{moment:%Y-%m-%d %H:%M:%S %z}"


def comment_entries(comments: Sequence[ImportedComment]) -> list[dict[str, Any]]:
    """Comments oldest first, a reply never before what it answers, with `reply_to` its position."""
    entries = []
    for comment, reply_to in ordered_comments(comments):
        entry: dict[str, Any] = {"author": comment.author, "date": timestamp(comment.date)}
        entry.update({"url": comment.url} if comment.url else {})
        entry.update({"reply_to": reply_to} if reply_to else {})
        entries.append({**entry, "body": comment.body})
    return entries


def ordered_comments(comments: Sequence[ImportedComment]) -> list[tuple[ImportedComment, int]]:
    """Date order; a reply dated before its parent (a wrong clock) waits until just after it."""
    ids = {c.id for c in comments}
    placed: dict[str, int] = {}
    waiting: dict[str, list[ImportedComment]] = {}
    ordered: list[tuple[ImportedComment, int]] = []

    def place(comment: ImportedComment) -> None:
        ordered.append((comment, placed.get(comment.parent, 0)))
        placed[comment.id] = len(ordered)
        for reply in waiting.pop(comment.id, []):
            place(reply)

    for comment in sorted(comments, key=lambda c: c.date):
        if comment.parent in ids and comment.parent not in placed:
            waiting.setdefault(comment.parent, []).append(comment)
        else:
            place(comment)
    return ordered


def write_files(folder: Path, files: Sequence[PlannedFile], force: bool = False) -> WriteOutcome:
    """Write each file into `folder`; one whose bytes differ is replaced only with `force`."""
    return write_data(folder, ((planned.name, lambda planned=planned: planned.text.encode("utf-8"))
                               for planned in files), force)


def write_data(folder: Path, files: Iterable[tuple[str, Callable[[], bytes]]], force: bool = False) -> WriteOutcome:
    """Write each (name below `folder`, its bytes); one whose bytes differ is replaced only with `force`."""
    folder.mkdir(parents=True, exist_ok=True)
    written, unchanged, kept = [], [], []
    for name, read in files:
        path = folder / name
        data = read()
        current = _current(path)
        if current == data:
            unchanged.append(name)
        elif (current is not None and (not force or path.is_dir())) or not _inside(path.parent, folder):
            kept.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write(path, data)
            written.append(name)
    return WriteOutcome(tuple(written), tuple(unchanged), tuple(kept))


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` stays in `folder` once its links are followed: never write through a link out."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top + os.sep)


def _current(path: Path) -> bytes | None:
    """What is at `path` now; a folder or a link counts as something that is not ours to replace."""
    if path.is_symlink() or path.is_dir():
        return b""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Atomically: a reader sees the old file or the new one, never half of one."""
    mode = path.stat().st_mode & 0o777 if path.is_file() and not path.is_symlink() else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)  # mkstemp makes it private; a post file is not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
