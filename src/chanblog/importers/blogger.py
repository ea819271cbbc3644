"""A Blogger export (Settings → Back up content: an Atom feed) into an `Export`, read as a stream.

Entries say what they are with a `kind#post`, `kind#comment`, `kind#page`, `kind#settings` or
`kind#template` category; labels are the other categories' terms. A comment names its post in
`thr:in-reply-to` and, when it answers another comment, links to it with `rel="related"`.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from chanblog import urls
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.importers import html as convert
from chanblog.importers.records import Export, ImportedAuthor, ImportedComment, ImportedPage, ImportedPost, SourceSite
from chanblog.importers.wordpress import commenter_link, own_hosts
from chanblog.importers.xmlstream import Element, local_name, stream, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
SKIPPED_KINDS = {"settings": "blog setting", "template": "template", "layout": "layout"}
_NUMBER = re.compile(r"(\d+)$")
# Where Blogger keeps the pictures of its blogs: --media fetches from these too.
IMAGE_HOSTS = ("*.bp.blogspot.com", "blogger.googleusercontent.com", "lh3.googleusercontent.com",
               "lh4.googleusercontent.com", "lh5.googleusercontent.com", "lh6.googleusercontent.com")


@dataclass(frozen=True)
class Entry:
    """One `<entry>` of the export, as plain data."""

    line: int
    id: str
    kind: str  # "post", "comment", "page", ...
    title: str = ""  # HTML, like the content
    content: str = ""  # HTML
    published: str = ""
    updated: str = ""
    author: str = ""
    author_uri: str = ""
    labels: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (rel, href)
    draft: bool = False
    in_reply_to: str = ""  # a comment's post id
    removed: bool = False  # a comment its blog's owner deleted

    def link(self, rel: str) -> str:
        return next((href for r, href in self.links if r == rel), "")

    @property
    def number(self) -> str:
        """`tag:blogger.com,1999:blog-1.post-42` -> `42`."""
        found = _NUMBER.search(self.id)
        return found[1] if found else self.id


def read_blogger(path: Path, shown: str, tz: ZoneInfo) -> Export:
    """Read a Blogger export; raise ChanblogError (not XML, not Blogger) or BuildFailed (entries without dates)."""
    entries, feed = [], {}
    for element in stream(path, shown, 1, lambda root: _check_root(root, shown)):
        if element.tag == f"{ATOM}entry":
            entries.append(_entry(element))
        elif element.tag == f"{ATOM}link" and element.get("rel") == "alternate":
            feed.setdefault("url", element.get("href", ""))
        elif len(element) == 0:
            feed.setdefault(local_name(element), text_of(element).strip())
    if not any(e.kind for e in entries):
        raise ChanblogError("holds no Blogger posts (no entries with a kind#post category)", shown, 1,
                            "export the blog in Blogger with Settings → Back up content")
    url = feed.get("url", "")
    return _export(entries, SourceSite(title=feed.get("title", ""), url=url, hosts=own_hosts(url) + IMAGE_HOSTS),
                   shown)


def _check_root(root: Element, shown: str) -> ChanblogError | None:
    if root.tag == f"{ATOM}feed":
        return None
    hint = "for a WordPress export run: chanblog import wordpress FILE" if local_name(root) == "rss" \
        else "export the blog in Blogger with Settings → Back up content"
    return ChanblogError("is not a Blogger export (no Atom <feed>)", shown, root.sourceline or 1, hint)


def _entry(element: Element) -> Entry:
    kind, labels, links, values = "", [], [], {}
    draft, reply_to, removed = False, "", False
    for child in element.iter():
        name = local_name(child)
        if name == "category" and child.get("scheme") == KIND_SCHEME:
            kind = child.get("term", "").removeprefix(KIND_PREFIX)
        elif name == "category" and child.get("scheme") == LABEL_SCHEME:
            labels.append(child.get("term", "").strip())
        elif name == "link":
            links.append((child.get("rel", ""), child.get("href", "")))
        elif name == "draft":
            draft = text_of(child).strip().lower() == "yes"
        elif name == "in-reply-to":
            reply_to = child.get("ref", "")
        elif name == "extendedProperty" and child.get("name") == "blogger.contentRemoved":
            removed = child.get("value") == "true"
        elif child.getparent() is element or (name in ("name", "uri") and local_name(child.getparent()) == "author"):
            values.setdefault(name, _content(child) if name in ("content", "title") else text_of(child).strip())
    return Entry(element.sourceline or 1, values.get("id", ""), kind, title=values.get("title", ""),
                 content=values.get("content", ""), published=values.get("published", ""),
                 updated=values.get("updated", ""), author=values.get("name", ""), author_uri=values.get("uri", ""),
                 labels=tuple(dict.fromkeys(label for label in labels if label)), links=tuple(links), draft=draft,
                 in_reply_to=reply_to, removed=removed)


def _content(element: Element) -> str:
    """An Atom text construct as HTML: `html` is escaped HTML, `text` plain text, `xhtml` real elements."""
    kind = element.get("type", "text")
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return text_of(element) if kind == "html" else html.escape(text_of(element))


# ---------------------------------------------------------------------------------------------
# From entries to posts


def _export(entries: Sequence[Entry], site: SourceSite, shown: str) -> Export:
    comments: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind == "comment":
            comments[entry.in_reply_to].append(entry)
    posts, pages, skipped, drafts, left_out, errors = [], [], Counter(), Counter(), Counter(), []
    known = {e.id for e in entries if e.kind in ("post", "page")}
    for entry in entries:
        if entry.kind in ("post", "page"):
            try:
                post = _post(entry, comments.get(entry.id, ()) if entry.kind == "post" else (), shown, left_out)
            except ChanblogError as exc:
                errors.append(exc)
                continue
            if entry.kind == "page":
                pages.append(ImportedPage(post, entry.number))
                continue
            posts.append(post)
            drafts.update(["draft"] if entry.draft else [])
        elif entry.kind != "comment":
            skipped[SKIPPED_KINDS.get(entry.kind, entry.kind or "unknown entry")] += 1
    left_out["on pages"] += sum(len(comments.get(p.id, ())) for p in entries if p.kind == "page")
    left_out["on posts not in the export"] += sum(len(c) for ref, c in comments.items() if ref not in known)
    if errors:
        raise BuildFailed(errors)
    return Export(tuple(posts), site, skipped, +left_out, tuple(pages), drafts)


def _post(entry: Entry, comments: Sequence[Entry], shown: str, left_out: Counter[str]) -> ImportedPost:
    date = iso_time(entry.published) or iso_time(entry.updated)
    if date is None:
        raise ChanblogError("this post has no date (<published>)", shown, entry.line,
                            "remove the <entry> from the export, or give it a date in Blogger")
    name = "this post"
    try:
        title = " ".join(convert.to_text(entry.title).split()) or "Untitled"
        name = f"the post '{title}'"
        body = convert.to_markdown(entry.content, entry.link("alternate"))
        kept = _comments(comments, shown, left_out)
    except convert.TooDeep as exc:
        raise ChanblogError(f"{name} cannot be converted: {exc}", shown, entry.line,
                            "simplify the HTML of its title, body and comments in Blogger, or remove the <entry> "
                            "from the export") from None
    old = urlsplit(entry.link("alternate")).path
    updated = iso_time(entry.updated)
    return ImportedPost(
        title=title, date=date, slug=_slug(old, title), body=body,
        line=entry.line, author=ImportedAuthor(entry.author, entry.author) if entry.author else None,
        updated=updated if updated and updated > date else None, labels=entry.labels, draft=entry.draft,
        comments=kept, aliases=(old,) if old not in ("", "/") else ())


def iso_time(text: str) -> datetime | None:
    """`2009-08-14T09:00:00.000-07:00` as an aware datetime, to the second."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(microsecond=0) if moment.tzinfo else None


def _slug(old_path: str, title: str) -> str:
    """`/2009/08/lighting-fuse.html` -> `lighting-fuse`; drafts have no address yet: the title's slug."""
    name = unquote(old_path.rsplit("/", 1)[-1]).removesuffix(".html")
    return name if name and urls.is_safe_slug(name) else urls.slugify(name or title)


def _comments(entries: Sequence[Entry], shown: str, left_out: Counter[str]) -> tuple[ImportedComment, ...]:
    by_number = {e.number: e for e in entries}
    kept = []
    for entry in entries:
        body = convert.to_text(entry.content)
        when = iso_time(entry.published) or iso_time(entry.updated)
        if entry.removed or not body:
            left_out["removed" if entry.removed else "empty"] += 1
            continue
        if when is None:
            raise ChanblogError("this comment has no date (<published>)", shown, entry.line,
                                "remove the <entry> from the export")
        kept.append(ImportedComment(id=entry.number, author=" ".join(entry.author.split()) or "Anonymous",
                                    date=when, body=body, **commenter_link(entry.author_uri),
                                    parent=_parent(entry, by_number)))
    return tuple(kept)


def _parent(entry: Entry, by_number: Mapping[str, Entry]) -> str:
    """The nearest comment up the reply chain that is kept: a reply to a removed one answers its parent."""
    parent, seen = _related(entry), set()
    while parent in by_number and parent not in seen:
        seen.add(parent)
        if not by_number[parent].removed:
            return parent
        parent = _related(by_number[parent])
    return ""


def _related(entry: Entry) -> str:
    """Blogger links a reply to the comment it answers: `.../comments/default/NUMBER`."""
    href = entry.link("related")
    found = _NUMBER.search(urlsplit(href).path) if "/comments/" in href else None
    return found[1] if found else ""
