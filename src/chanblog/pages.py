"""The pages of `pages/` (About, Contact, Speaking) and the site's menu.

`parse_page` is pure and `read_pages` is the input boundary, as for posts; `place_pages` checks
where the published pages go (against posts, aliases and chanblog's own pages) and makes the menu.
`pages/about.md` is published at `/about/`, `pages/speaking/index.md` at `/speaking/`,
`pages/speaking/fees.md` at `/speaking/fees/`; `slug` replaces the last part, `url` the whole path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from chanblog import urls
from chanblog.config import CONFIG_FILE, MenuEntry, SiteConfig
from chanblog.content import (NAME_HINT, FieldError, _aliases, _bool, _Fields, _image, _lang, _slug, _text,
                              all_or_failed, parse_date, read_sources)
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.frontmatter import split_front_matter
from chanblog.markup import Rendered
from chanblog.model import MenuItem, Post, SitePage

PAGES = "pages"  # the folder, as messages name it
KNOWN_FIELDS = {"title", "slug", "url", "template", "menu", "weight", "draft", "aliases", "summary", "image",
                "updated", "lang"}
URL_HINT = "write a path from the site's root, like /about/"


@dataclass(frozen=True)
class PageDraft:
    """A page whose front matter is checked and whose body is not rendered yet."""

    page: SitePage  # every field but `html`
    body: str
    summary: str  # front matter `summary`, or ""
    body_line: int = 1
    key: str = ""  # the hash of the file's text: what the build's fingerprint holds of it

    def finish(self, rendered: Rendered) -> SitePage:
        return replace(self.page, html=rendered.html, summary=rendered.text_summary)


def parse_page(source_path: str, text: str, config: SiteConfig) -> PageDraft:
    """Check a page's front matter, or raise BuildFailed with every problem in it."""
    front = split_front_matter(text, source_path)
    fields = _Fields(front, source_path)
    name = page_name(source_path)
    slug = fields.get("slug", _slug) or name.rsplit("/", 1)[-1]
    given = fields.get("url", _site_rooted)
    url = urls.site_page_url(config, given or "/".join([*name.split("/")[:-1], slug]))
    title = fields.get("title", _text, required=True) or ""
    summary = fields.get("summary", _text) or ""
    page = SitePage(
        source_path=source_path, name=name, slug=slug, url=url, title=title, html="", summary=summary,
        template=fields.get("template", _template, default="page.html"),
        menu=_menu_title(fields.get("menu", _menu, default=False), title),
        weight=fields.get("weight", _weight, default=0),
        draft=fields.get("draft", _bool, default=False),
        aliases=fields.get("aliases", _aliases, default=()),
        image=urls.asset_url(config, fields.get("image", _image, default="")),
        updated=fields.get("updated", lambda v: parse_date(v, config.tzinfo)),
        lang=fields.get("lang", _lang, default=""),
        meta={k: v for k, v in front.data.items() if k not in KNOWN_FIELDS}, lines=dict(front.lines))
    if problem := urls.path_problem(urls.output_path(config, url) or ""):
        fields.errors.append(ChanblogError(f"'{url}' {problem}", source_path,
                                           front.lines.get("url") or front.lines.get("slug"), NAME_HINT))
    if fields.errors:
        raise BuildFailed(fields.errors)
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return PageDraft(page, front.body, summary, front.body_line, key)


def page_name(source_path: str) -> str:
    """`pages/speaking/fees.md` -> `speaking/fees`; `pages/speaking/index.md` -> `speaking`."""
    name = source_path.removeprefix(f"{PAGES}/").rsplit(".", 1)[0]
    return "" if name == "index" else name.removesuffix("/index")


def _site_rooted(value: Any) -> str:
    url = _text(value)
    if not url.startswith("/") or url.startswith("//") or ".." in url.split("/"):
        raise FieldError(f"'{url}' is not a path on the site", URL_HINT)
    return url


def _template(value: Any) -> str:
    name = _text(value)
    if not name.endswith(".html") or ".." in name.split("/") or name.startswith("/"):
        raise FieldError(f"'{name}' is not a template name", "name a file of templates/, like contact.html")
    return name


def _menu(value: Any) -> bool | str:
    """`menu: true`, `false`, or the title the page has in the menu."""
    return value if isinstance(value, bool) else _text(value)


def _menu_title(menu: bool | str, title: str) -> str:
    """What the menu calls the page: its title for `menu: true`; "" when it is not in the menu."""
    return title if menu is True else menu or ""


def _weight(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"'{value}' is not a whole number", "write weight: 1, 2, 3… (lighter pages come first)")
    return value


Parser = Callable[[str, str, SiteConfig], PageDraft]


def read_pages(config: SiteConfig, parse: Parser = parse_page) -> list[PageDraft]:
    """Read every page under `pages/`, reporting all problems at once."""
    return all_or_failed(read_all_pages(config, parse))


def read_all_pages(config: SiteConfig, parse: Parser = parse_page) -> tuple[list[PageDraft], list[ChanblogError]]:
    """The pages that are fine, and the problems of those that are not (for `check`, which goes on)."""
    return read_sources(config, config.pages_dir, PAGES, "page", parse)


def place_pages(config: SiteConfig, pages: Iterable[SitePage], posts: Sequence[Post],
                drafts: bool = False) -> tuple[tuple[SitePage, ...], tuple[MenuItem, ...], list[ChanblogError]]:
    """The pages to publish (drafts only with `drafts`), the menu, and an error for every page at
    the address of another page, a post, an alias or one of chanblog's own pages, and for every
    menu entry that leads to no page."""
    every = sorted(pages, key=lambda p: p.source_path)
    public = [page for page in every if drafts or not page.draft]
    errors = page_clashes(config, public, posts)
    clashing = {error.path for error in errors}
    kept = tuple(page for page in public if page.source_path not in clashing)
    menu, menu_errors = make_menu(config, kept, every, posts)
    return kept, menu, errors + menu_errors


def page_clashes(config: SiteConfig, pages: Sequence[SitePage], posts: Sequence[Post]) -> list[ChanblogError]:
    """A page whose file would be that of another page, a post, a redirect or a page chanblog makes."""
    if not pages:
        return []  # (a site of thousands of posts and no pages need not work out where each is written)
    taken: dict[str | None, str] = {}
    for post in posts:
        taken[urls.output_path(config, post.url)] = f"the post {post.source_path}"
        for alias in post.aliases:
            taken.setdefault(urls.alias_path(config, alias), f"an alias of {post.source_path}")
    errors = []
    for page in pages:
        path = urls.output_path(config, page.url)
        other = taken.get(path) or (f"chanblog's {builtin}" if path and (builtin := urls.builtin_page(path)) else None)
        if other:
            errors.append(ChanblogError(f"is published at {page.url}, the address of {other}", page.source_path,
                                        page.lines.get("url") or page.lines.get("slug") or page.lines.get("title"),
                                        "give the page another 'slug:' or 'url:'"))
        else:
            taken[path] = f"the page {page.source_path}"
    return errors


def make_menu(config: SiteConfig, pages: Sequence[SitePage], every: Sequence[SitePage],
              posts: Sequence[Post]) -> tuple[tuple[MenuItem, ...], list[ChanblogError]]:
    """site.yaml's `menu:` in its order, then the pages with `menu:` in their front matter (not
    already in it) by `weight`, then title."""
    items, errors = [], []
    for entry in config.menu:
        try:
            items.append(_menu_item(config, entry, pages, every, posts))
        except ChanblogError as exc:
            errors.append(exc)
    listed = {item.url for item in items}
    asked = sorted((p for p in pages if p.menu and p.url not in listed), key=lambda p: (p.weight, p.menu.casefold()))
    return tuple(items) + tuple(MenuItem(page.menu, page.url) for page in asked), errors


def _menu_item(config: SiteConfig, entry: MenuEntry, pages: Sequence[SitePage], every: Sequence[SitePage],
               posts: Sequence[Post]) -> MenuItem:
    if entry.page:
        found = _page_named(entry.page, pages)
        if found is None:
            draft = _page_named(entry.page, every)
            why = f"{draft.source_path}, which is a draft" if draft else "no page of pages/"
            raise ChanblogError(f"menu: page '{entry.page}' is {why}", CONFIG_FILE, entry.line,
                                "name a page by its path under pages/ without '.md' (speaking/fees), or its slug")
        return MenuItem(entry.title or found.menu or found.title, found.url)
    if not entry.url.startswith("/") or entry.url.startswith("//"):
        return MenuItem(entry.title, entry.url)
    url = urls.site_path(config, entry.url)
    path = urls.output_path(config, url)
    if not path or not path.endswith("index.html"):  # a file of static/: `check` follows it
        return MenuItem(entry.title, url)
    known = {urls.output_path(config, item.url) for item in (*pages, *posts)}
    if path not in known and not urls.builtin_page(path):
        raise ChanblogError(f"menu: {entry.url} is no page of the site", CONFIG_FILE, entry.line,
                            "link a page's address, like /about/ for pages/about.md, or write {page: about}")
    return MenuItem(entry.title, url)


def _page_named(name: str, pages: Sequence[SitePage]) -> SitePage | None:
    wanted = name.strip("/").removesuffix(".md")
    return next((p for p in pages if p.name == wanted), None) or next((p for p in pages if p.slug == wanted), None)
