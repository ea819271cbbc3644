"""A WordPress export (WXR 1.0 to 1.2, from Tools → Export) into an `Export`, read as a stream.

Posts and pages are imported, published or not (drafts, pending, private and password-protected
ones as `draft: true`), pages with the page they are under; the navigation menu (the one with the
most entries) becomes a list of entries in menu order; trashed posts, attachments, revisions and
other item types are skipped and counted. Attachments still
serve the `[gallery]` shortcode and featured images, and a link to an attachment's page
leads to its file. Categories become labels named with their parents, `Parent/Child`.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from chanblog import urls
from chanblog.content import web_address as safe_link
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.importers import html as convert
from chanblog.importers.records import (Export, ImportedAuthor, ImportedComment, ImportedMenuItem, ImportedPage,
                                        ImportedPost, SourceSite)
from chanblog.importers.xmlstream import Element, local_name, stream, text_of

_PREFIXES = {"http://purl.org/rss/1.0/modules/content/": "content", "http://purl.org/dc/elements/1.1/": "dc"}
_WP = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
_EXCERPT = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
DRAFT_STATUSES = {"draft": "draft", "pending": "pending review", "private": "private"}
SKIPPED_TYPES = {"attachment": "attachment", "revision": "revision"}
APPROVED = "1"
COMMENT_REASONS = {"0": "awaiting approval", "spam": "spam", "trash": "trashed", "post-trashed": "trashed"}
NO_DATE = "0000-00-00 00:00:00"


@dataclass(frozen=True)
class Item:
    """One `<item>` of the export, as plain data: elements are freed as the stream goes on."""

    line: int
    fields: dict[str, str]  # "wp:post_type" -> "post"; "content:encoded" -> the body
    terms: tuple[tuple[str, str, str], ...] = ()  # (domain, name, nicename) of each <category>
    meta: dict[str, str] = field(default_factory=dict)  # wp:postmeta
    comments: tuple[dict[str, str], ...] = ()  # each with its "line"

    @property
    def id(self) -> str:
        return self.fields.get("wp:post_id", "")

    @property
    def type(self) -> str:
        return self.fields.get("wp:post_type", "post")

    @property
    def status(self) -> str:
        return self.fields.get("wp:status", "publish")


@dataclass
class _Channel:
    """What the export says about the blog, gathered while items stream past."""

    fields: dict[str, str] = field(default_factory=dict)
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    categories: dict[str, tuple[str, str]] = field(default_factory=dict)  # nicename -> (name, parent's nicename)
    terms: dict[tuple[str, str], str] = field(default_factory=dict)  # ("category", id) -> nicename; ("post_tag", id) -> name
    items: list[Item] = field(default_factory=list)


def read_wxr(path: Path, shown: str, tz: ZoneInfo) -> Export:
    """Read a WXR file; raise ChanblogError (not XML, not WXR) or BuildFailed (items without dates)."""
    channel = _Channel()
    for element in stream(path, shown, 2, lambda root: _check_root(root, shown)):
        name = _key(element)
        if name == "item":
            channel.items.append(_item(element))
        elif name == "wp:author":
            values = _fields(element)
            login = values.get("wp:author_login", "").strip()
            channel.authors[login] = html.unescape(values.get("wp:author_display_name", "")).strip() or login
        elif name == "wp:category":
            values = _fields(element)
            nicename = values.get("wp:category_nicename", "").strip()
            channel.categories[nicename] = (
                html.unescape(values.get("wp:cat_name", "")).strip(), values.get("wp:category_parent", "").strip())
            channel.terms[("category", values.get("wp:term_id", "").strip())] = nicename
        elif name == "wp:tag":
            values = _fields(element)
            channel.terms[("post_tag", values.get("wp:term_id", "").strip())] = html.unescape(
                values.get("wp:tag_name", "")).strip()
        elif len(element) == 0:
            channel.fields.setdefault(name, text_of(element).strip())
    return _export(channel, shown, tz)


def _check_root(root: Element, shown: str) -> ChanblogError | None:
    if local_name(root) == "rss" and any(_WP.match(uri or "") for uri in root.nsmap.values()):
        return None
    hint = "for a Blogger export run: chanblog import blogger FILE" if local_name(root) == "feed" \
        else "export it in WordPress with Tools → Export → All content"
    return ChanblogError("is not a WordPress export (no WXR <rss> with the wp: namespace)", shown,
                         root.sourceline or 1, hint)


def _key(element: Element) -> str:
    """An element's name with a stable prefix, whatever WXR version's namespace it is in."""
    namespace = element.tag[1:].split("}", 1)[0] if isinstance(element.tag, str) and element.tag[0] == "{" else ""
    prefix = "wp" if _WP.match(namespace) else "excerpt" if _EXCERPT.match(namespace) else _PREFIXES.get(namespace)
    name = local_name(element)
    return f"{prefix}:{name}" if prefix else name if not namespace else f"{{{namespace}}}{name}"


def _fields(element: Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(_key(child), text_of(child))
    return values


def _item(element: Element) -> Item:
    terms, meta, comments = [], {}, []
    for child in element:
        name = _key(child)
        if name == "category":
            terms.append((child.get("domain", "category"), html.unescape(text_of(child)).strip(),
                          child.get("nicename", "")))
        elif name == "wp:postmeta":
            values = _fields(child)
            meta.setdefault(values.get("wp:meta_key", ""), values.get("wp:meta_value", ""))
        elif name == "wp:comment":
            comments.append({**_fields(child), "line": str(child.sourceline or element.sourceline or 1)})
    return Item(element.sourceline or 1, _fields(element), tuple(terms), meta, tuple(comments))


# ---------------------------------------------------------------------------------------------
# From items to posts


@dataclass(frozen=True)
class _Context:
    """What every post of the export may need from the rest of it."""

    authors: Mapping[str, str]  # login -> display name
    site_url: str
    media: Mapping[str, convert.Image]  # attachment id -> its file
    attached: Mapping[str, tuple[str, ...]]  # post id -> its attachments' ids, in menu order
    labels: Mapping[str, str]  # category nicename -> `Parent/Child`
    relink: convert.Relink  # an attachment page's address -> its file's


def _export(channel: _Channel, shown: str, tz: ZoneInfo) -> Export:
    media, attached = _media(channel.items)
    fields = channel.fields
    site = SourceSite(title=html.unescape(fields.get("title", "")),
                      url=fields.get("link") or fields.get("wp:base_blog_url", ""),
                      description=html.unescape(fields.get("description", "")),
                      language=fields.get("language", ""),
                      hosts=_with_files_host(own_hosts(*(fields.get(k, "") for k in ("link", "wp:base_site_url",
                                                                                      "wp:base_blog_url")))))
    context = _Context(channel.authors, site.url, media, attached, category_paths(channel.categories),
                       attachment_pages(channel.items, site.hosts))
    posts, pages, skipped, drafts, left_out, errors = [], [], Counter(), Counter(), Counter(), []
    numbers: dict[str, int] = {}  # post id -> its index in `posts`
    for item in channel.items:
        kind = _kind(item)
        if kind not in ("post", "page", "navigation item"):
            skipped[kind] += 1
            left_out[f"on {kind}s"] += len(item.comments)
        elif kind != "navigation item":
            left_out["on pages"] += len(item.comments) if kind == "page" else 0
            try:
                post = _post(replace(item, comments=()) if kind == "page" else item, context, shown, tz, left_out)
            except ChanblogError as exc:
                errors.append(exc)
                continue
            if kind == "page":
                pages.append(ImportedPage(post, item.id, item.fields.get("wp:post_parent", "0").strip()))
                continue
            numbers[item.id] = len(posts)
            posts.append(post)
            drafts.update([_draft_reason(item)] if post.draft else [])
    if errors:
        raise BuildFailed(errors)
    menu, others = _menu(channel, numbers, {page.key for page in pages})
    return Export(tuple(posts), site, skipped, +left_out, tuple(pages), drafts, tuple(m.url for m in media.values()),
                  menu=menu, other_menus=others)


def _kind(item: Item) -> str:
    """"post", "page", or what a skipped item is called in the summary."""
    if item.status == "trash":
        return "trashed page" if item.type == "page" else "trashed post"
    if item.status == "auto-draft":
        return "auto-draft"
    if item.type in ("post", "page"):
        return item.type
    if item.type == "nav_menu_item":
        return "navigation item"
    return SKIPPED_TYPES.get(item.type, f"{item.type} item")


def _menu(channel: _Channel, numbers: Mapping[str, int],
          pages: set[str]) -> tuple[tuple[ImportedMenuItem, ...], tuple[str, ...]]:
    """The entries of the menu with the most (the first of those), in menu order: WordPress numbers
    a menu's entries in the order it shows them, each sub-item after its parent. The other menus' names."""
    menus: dict[str, list[Item]] = {}
    for item in channel.items:
        if item.type == "nav_menu_item" and item.status == "publish":
            name = next((name for domain, name, _ in item.terms if domain == "nav_menu"), "")
            menus.setdefault(name, []).append(item)
    if not menus:
        return (), ()
    chosen = max(menus, key=lambda name: len(menus[name]))
    items = sorted(menus[chosen], key=lambda i: (_number(i.fields.get("wp:menu_order")), _number(i.id)))
    parents = {item.id: item.meta.get("_menu_item_menu_item_parent", "0").strip() for item in items}
    labels = category_paths(channel.categories)
    entries = tuple(_menu_item(item, _depth(item.id, parents), channel, labels, numbers, pages) for item in items)
    return entries, tuple(name for name in menus if name != chosen)


def _depth(key: str, parents: Mapping[str, str]) -> int:
    depth, seen = 0, {key}
    while parents.get(key, "0") in parents and parents[key] not in seen:
        key = parents[key]
        seen.add(key)
        depth += 1
    return depth


def _menu_item(item: Item, depth: int, channel: _Channel, labels: Mapping[str, str],
               numbers: Mapping[str, int], pages: set[str]) -> ImportedMenuItem:
    """A navigation item and what it leads to: a page, a post, a category or tag, or its own link.
    Some exports leave out what kind of item a menu entry leads to: its id tells a page from a post."""
    meta = item.meta
    kind, target = meta.get("_menu_item_type", "").strip(), meta.get("_menu_item_object_id", "").strip()
    entry = ImportedMenuItem(" ".join(html.unescape(item.fields.get("title", "")).split()), item.line, depth=depth)
    if kind == "post_type" and (target in pages or meta.get("_menu_item_object", "").strip() == "page"):
        return replace(entry, page=target)
    if kind == "post_type":
        return replace(entry, post=numbers.get(target))
    if kind == "taxonomy":
        taxonomy = meta.get("_menu_item_object", "").strip()
        name = channel.terms.get((taxonomy, target), "")
        section = {"category": "labels", "post_tag": "tags"}.get(taxonomy, "")
        return replace(entry, term=(section, labels.get(name, "") if section == "labels" else name))
    return replace(entry, url=meta.get("_menu_item_url", "").strip())


def _draft_reason(item: Item) -> str:
    if item.fields.get("wp:post_password"):
        return "password-protected"
    return DRAFT_STATUSES.get(item.status, item.status)


def _media(items: Sequence[Item]) -> tuple[dict[str, convert.Image], dict[str, tuple[str, ...]]]:
    """Attachments by id (for galleries and featured images), and each post's own, in menu order."""
    media: dict[str, convert.Image] = {}
    attached: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for item in items:
        url = item.fields.get("wp:attachment_url", "").strip()
        if item.type != "attachment" or not url:
            continue
        alt = item.meta.get("_wp_attachment_image_alt") or html.unescape(item.fields.get("title", ""))
        media[item.id] = convert.Image(url, " ".join(alt.split()))
        attached[item.fields.get("wp:post_parent", "0")].append((_number(item.fields.get("wp:menu_order")),
                                                                _number(item.id), item.id))
    return media, {parent: tuple(i for *_, i in sorted(found)) for parent, found in attached.items()}


def _number(text: str | None) -> int:
    return int(text) if text and text.strip().lstrip("-").isdigit() else 0


def _post(item: Item, context: _Context, shown: str, tz: ZoneInfo, left_out: Counter[str]) -> ImportedPost:
    f = item.fields
    date = moment(f.get("wp:post_date_gmt", ""), f.get("wp:post_date", ""), tz)
    if date is None:
        raise ChanblogError(f"this {item.type} has no date (wp:post_date)", shown, item.line,
                            "give it a date in WordPress, or remove the <item> from the export")
    title = " ".join(html.unescape(f.get("title", "")).split()) or "Untitled"
    link = f.get("link", "").strip()
    try:
        body, kept = _body(f.get("content:encoded", ""), context, context.attached.get(item.id, ()),
                           link or context.site_url)
        summary = " ".join(convert.to_text(convert.wpautop(f.get("excerpt:encoded", ""))).split())
        comments = _comments(item, shown, tz, left_out)
    except convert.TooDeep as exc:
        raise ChanblogError(f"the post '{title}' cannot be converted: {exc}", shown, item.line,
                            "simplify the HTML of its body, excerpt and comments in WordPress, or remove the <item> "
                            "from the export") from None
    updated = moment(f.get("wp:post_modified_gmt", ""), f.get("wp:post_modified", ""), tz)
    return ImportedPost(
        title=title, date=date, slug=_slug(f.get("wp:post_name", ""), title), body=body, line=item.line,
        author=_author(f, context.authors), updated=updated if updated and updated > date else None,
        tags=_terms(item, ("post_tag", "tag")), labels=_labels(item, context.labels), summary=summary,
        image=_featured(item, context.media),
        sticky=f.get("wp:is_sticky", "0").strip() == "1", draft=_is_draft(item),
        comments=comments, aliases=_alias(link), kept_shortcodes=kept)


def _is_draft(item: Item) -> bool:
    """Only what WordPress showed everyone is published: a scheduled post is, on its date."""
    return item.status not in ("publish", "future") or bool(item.fields.get("wp:post_password"))


def _featured(item: Item, media: Mapping[str, convert.Image]) -> str:
    found = media.get(item.meta.get("_thumbnail_id", "").strip())
    return found.url if found else ""


def _body(content: str, context: _Context, attached: Sequence[str], base_url: str) -> tuple[str, tuple[str, ...]]:
    """The body as Markdown, and the shortcodes left in it as text."""
    expanded, kept = convert.expand_shortcodes(content, context.media, attached)
    if "<!-- wp:" not in content:  # block-editor posts are HTML already: WordPress skips wpautop for them
        expanded = convert.wpautop(expanded)
    return convert.to_markdown(expanded, base_url, context.relink), kept


def moment(gmt: str, local: str, tz: ZoneInfo) -> datetime | None:
    """A WordPress time: the GMT one, shown in the offset the blog had then; else local time in `tz`."""
    at_gmt, at_home = _mysql_time(gmt), _mysql_time(local)
    if at_gmt and at_home:
        offset = at_home - at_gmt
        if abs(offset) <= timedelta(hours=14) and offset % timedelta(minutes=15) == timedelta(0):
            return at_home.replace(tzinfo=timezone(offset))
    if at_gmt:
        return at_gmt.replace(tzinfo=timezone.utc)
    return at_home.replace(tzinfo=tz) if at_home else None


def _mysql_time(text: str) -> datetime | None:
    text = text.strip()
    if not text or text == NO_DATE:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _slug(post_name: str, title: str) -> str:
    """WordPress keeps non-Latin slugs percent-encoded: decode them; fall back to the title's slug."""
    slug = unquote(post_name.strip())
    return slug if slug and urls.is_safe_slug(slug) else urls.slugify(slug or title)


def _author(fields: Mapping[str, str], authors: Mapping[str, str]) -> ImportedAuthor | None:
    login = html.unescape(fields.get("dc:creator", "")).strip()
    return ImportedAuthor(login, authors.get(login) or login) if login else None


def _terms(item: Item, domains: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for domain, name, _ in item.terms if domain in domains and name))


def _labels(item: Item, paths: Mapping[str, str]) -> tuple[str, ...]:
    """A post's categories as labels, each named with its parents: `Parent/Child`."""
    return tuple(dict.fromkeys(paths.get(nicename, name) for domain, name, nicename in item.terms
                               if domain == "category" and name))


def category_paths(categories: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Each category's name with its parents' in front, `Parent/Child/Grandchild`: two categories
    of one name under two parents stay two labels. A parent missing from the export, or a loop,
    ends the chain."""
    paths = {}
    for nicename, (name, parent) in categories.items():
        names, seen = [name], {nicename}
        while parent in categories and parent not in seen:
            seen.add(parent)
            names.append(categories[parent][0])
            parent = categories[parent][1]
        paths[nicename] = "/".join(reversed(names))
    return paths


def own_hosts(*addresses: str) -> tuple[str, ...]:
    """The hosts of the old blog's addresses, each with and without `www.`."""
    hosts: list[str] = []
    for address in addresses:
        host = (urlsplit(address.strip()).hostname or "").lower()
        if host:
            hosts += [host.removeprefix("www."), f"www.{host.removeprefix('www.')}"]
    return tuple(dict.fromkeys(hosts))


def _with_files_host(hosts: tuple[str, ...]) -> tuple[str, ...]:
    """A WordPress.com blog, `NAME.wordpress.com`, keeps its files on `NAME.files.wordpress.com`."""
    return hosts + tuple(h.replace(".wordpress.com", ".files.wordpress.com") for h in hosts
                         if h.endswith(".wordpress.com") and not h.startswith("www."))


def attachment_pages(items: Sequence[Item], hosts: Sequence[str]) -> convert.Relink:
    """A function taking a link to an attachment's page (its `<link>`, `/post/attachment-name/`,
    `/?attachment_id=12`) on the old blog to the attachment's file; other links pass unchanged."""
    links = {item.id: item.fields.get("link", "").strip() for item in items}
    files: dict[str, str] = {}
    for item in items:
        url = item.fields.get("wp:attachment_url", "").strip()
        if item.type != "attachment" or not url:
            continue
        files[f"?attachment_id={item.id}"] = files[f"?p={item.id}"] = url
        files[_page_key(links[item.id])] = url
        parent = links.get(item.fields.get("wp:post_parent", "0").strip(), "")
        name = item.fields.get("wp:post_name", "").strip()
        if parent and name:
            files[_page_key(parent.rstrip("/") + "/" + name)] = url
    files.pop("", None)

    def relink(url: str) -> str:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in hosts:
            return url
        return files.get(_page_key(url), url)
    return relink


def _page_key(url: str) -> str:
    """A WordPress page's address as the attachment map knows it: `?attachment_id=12`, or its path."""
    parts = urlsplit(url)
    query = dict(pair.partition("=")[::2] for pair in parts.query.split("&") if pair)
    for name in ("attachment_id", "p"):
        if query.get(name, "").isdigit():
            return f"?{name}={query[name]}"
    return unquote(parts.path).rstrip("/") if not parts.query else ""


def _alias(link: str) -> tuple[str, ...]:
    """The old permalink's path; `/?p=12` style addresses cannot be served by a static site."""
    parts = urlsplit(link)
    return (parts.path,) if parts.path not in ("", "/") and not parts.query else ()


def _comments(item: Item, shown: str, tz: ZoneInfo, left_out: Counter[str]) -> tuple[ImportedComment, ...]:
    by_id = {c.get("wp:comment_id", ""): c for c in item.comments}
    kept = []
    for comment in item.comments:
        status = comment.get("wp:comment_approved", APPROVED).strip()
        if status != APPROVED:
            left_out[COMMENT_REASONS.get(status, "not approved")] += 1
            continue
        content = comment.get("wp:comment_content", "")
        body = convert.to_text(convert.wpautop(content) if "<" in content else content)
        if not body:
            left_out["empty"] += 1
            continue
        kept.append(_comment(comment, body, _approved_parent(comment, by_id), shown, tz))
    return tuple(kept)


def _approved_parent(comment: Mapping[str, str], by_id: Mapping[str, Mapping[str, str]]) -> str:
    """The nearest approved comment up the reply chain: a reply to a comment left out answers its parent."""
    parent, seen = comment.get("wp:comment_parent", "0").strip(), set()
    while parent in by_id and parent not in seen:
        seen.add(parent)
        if by_id[parent].get("wp:comment_approved", APPROVED).strip() == APPROVED:
            return parent
        parent = by_id[parent].get("wp:comment_parent", "0").strip()
    return ""


def _comment(comment: Mapping[str, str], body: str, parent: str, shown: str, tz: ZoneInfo) -> ImportedComment:
    when = moment(comment.get("wp:comment_date_gmt", ""), comment.get("wp:comment_date", ""), tz)
    if when is None:
        raise ChanblogError("this comment has no date (wp:comment_date)", shown, int(comment["line"]),
                            "remove the <wp:comment> from the export, or give it a date")
    author = " ".join(html.unescape(comment.get("wp:comment_author", "")).split()) or "Anonymous"
    return ImportedComment(id=comment.get("wp:comment_id", "").strip(), author=author, date=when, body=body,
                           parent=parent, **commenter_link(comment.get("wp:comment_author_url", "")))


def commenter_link(address: str) -> dict[str, str]:
    """A commenter's site as a post's front matter takes it (`www.example.com` gets `http://`) as
    `url`; an address no page may link to (`javascript:`, a path) as `unlinked`, for the summary.
    WordPress showed neither as a link; it writes an empty address as `http://`."""
    link, address = safe_link(address) or "", address.strip()
    return {"url": link, "unlinked": address if not link and address not in ("", "http://", "https://") else ""}
