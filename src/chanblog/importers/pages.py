"""Imported pages as files of pages/, and the old blog's menu as `menu:` in site.yaml.

`plan_pages` is pure: a page goes at its parents' slugs then its own (`level-1/level-2.md`,
published at `/level-1/level-2/`); a page with pages under it is the `index.md` of their folder
(`level-1/index.md`), as in Hugo. An address that a post, chanblog's own pages or another page
has is made free with `-2`, `-3`... A parent missing from the export (or a loop) puts the page
at the top. `plan_menu` turns the menu's entries into site.yaml entries, leaving out those that
lead nowhere on the new site; `add_menu` appends them to site.yaml's text unless it has a menu.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.importers.links import page_key
from chanblog.importers.records import ImportedMenuItem, ImportedPage, ImportedPost
from chanblog.importers.writer import Flow, PlannedFile, file_text, kept_aliases, timestamp

_MENU_KEY = re.compile(r"^menu[ \t]*:")


@dataclass(frozen=True)
class PlannedMenu:
    """The menu for site.yaml, and what of the old one it leaves out."""

    entries: tuple[dict[str, str], ...]
    left_out: tuple[tuple[str, str], ...] = ()  # (entry's title, why)
    sub_items: int = 0  # entries that were under another: now after it, in one list


def plan_pages(pages: Sequence[ImportedPage], config: SiteConfig, posts: Sequence[PlannedFile]) -> list[PlannedFile]:
    """Each page's file below pages/, in export order; `posts` keep their addresses."""
    owners = {path: f"the post '{planned.post.title}'" for planned in posts
              if (path := urls.output_path(config, planned.url))}
    paths = page_paths(pages, set(owners))
    folders = {path.rsplit("/", 1)[0] for path in paths if "/" in path}
    planned = []
    owners.update({f"{path}/index.html": f"the page '{page.content.title}'" for page, path in zip(pages, paths)})
    for page, path in zip(pages, paths):
        url = urls.site_path(config, f"{path}/")
        aliases, left_out = kept_aliases(page.content, config, f"{path}/index.html", owners, "page")
        name = f"{path}/index.md" if path in folders else f"{path}.md"
        planned.append(PlannedFile(name, file_text(page_front(page.content, aliases), page.content.body),
                                   page.content, left_out, url))
    return planned


def page_paths(pages: Sequence[ImportedPage], taken: set[str]) -> list[str]:
    """Each page's path below pages/ without `.md`: its parents' paths, then its own slug."""
    by_key = {page.key: index for index, page in enumerate(pages)}
    paths: dict[int, str] = {}
    for start in range(len(pages)):
        chain: list[int] = []
        index: int | None = start
        while index is not None and index not in paths and index not in chain:
            chain.append(index)
            index = by_key.get(pages[index].parent)
        prefix = paths[index] + "/" if index is not None and index in paths else ""
        for index in reversed(chain):
            paths[index] = _free(prefix + (urls.slugify(pages[index].content.slug) or "page"), taken)
            prefix = paths[index] + "/"
    return [paths[index] for index in range(len(pages))]


def _free(path: str, taken: set[str]) -> str:
    """`path`, or `path-2`... when a post, chanblog's own pages or another page has its address."""
    candidate, number = path, 2
    while (f"{candidate}/index.html" in taken or urls.builtin_page(f"{candidate}/index.html")
           or candidate.rsplit("/", 1)[-1] == "index" or urls.path_problem(f"{candidate}/index.html")):
        candidate, number = f"{path}-{number}", number + 1
    taken.add(f"{candidate}/index.html")
    return candidate


def page_front(page: ImportedPost, aliases: Sequence[str]) -> dict[str, Any]:
    """A page's front matter: no date, no author, no tags; `updated` is when it last changed."""
    optional: dict[str, Any] = {
        "updated": timestamp(page.updated or page.date), "summary": page.summary, "image": page.image,
        "draft": page.draft, "aliases": Flow(aliases)}
    return {"title": page.title, **{key: value for key, value in optional.items() if value}}


def plan_menu(items: Sequence[ImportedMenuItem], pages: Sequence[ImportedPage], page_files: Sequence[PlannedFile],
              posts: Sequence[PlannedFile], config: SiteConfig, hosts: Sequence[str]) -> PlannedMenu:
    """The menu's entries that lead somewhere on the new site, in the old menu's order, sub-items
    after their parents: `{page: about}` for a page, `{title, url}` for the rest."""
    by_key = {page.key: planned for page, planned in zip(pages, page_files)}
    old = {page_key(alias): (planned, planned in page_files) for planned in (*posts, *page_files)
           for alias in planned.post.aliases}
    entries, left_out, sub_items = [], [], 0
    for item in items:
        entry, why = _menu_entry(item, by_key.get(item.page), posts, old, config, hosts)
        if entry:
            entries.append(entry)
            sub_items += item.depth > 0
        else:
            left_out.append((item.title or "(untitled)", why))
    return PlannedMenu(tuple(entries), tuple(left_out), sub_items)


def _menu_entry(item: ImportedMenuItem, page: PlannedFile | None, posts: Sequence[PlannedFile],
                old: Mapping[str, tuple[PlannedFile, bool]], config: SiteConfig,
                hosts: Sequence[str]) -> tuple[dict[str, str], str]:
    """The site.yaml entry of one menu item, or {} and why it leads nowhere."""
    if item.page:
        return _to(item, page, True, config) if page else ({}, "it leads to a page the export does not hold")
    if item.post is not None:
        return _to(item, posts[item.post], False, config)
    if item.term != ("", ""):
        return _to_term(item, posts)
    address = item.url
    parts = urlsplit(address)
    if parts.scheme in ("http", "https") and (parts.hostname or "").lower() not in hosts:
        return {"title": item.title or address, "url": address}, ""
    if parts.scheme in ("http", "https", "") and address.startswith(("http", "/")) and not parts.query:
        if page_key(address) == "":
            return {}, "it leads to the home page, which the header always shows"
        if page_key(address) in old:
            return _to(item, *old[page_key(address)], config)
        return {}, f"it leads to {address}, a page of the old blog that was not imported"
    return {}, f"it leads to {address}, no page" if address else "it leads to something the export does not hold"


def _to(item: ImportedMenuItem, planned: PlannedFile, page: bool, config: SiteConfig) -> tuple[dict[str, str], str]:
    """An entry for an imported page (by its path below pages/) or post (by its new address)."""
    if planned.post.draft:
        return {}, f"it leads to '{planned.post.title}', a draft"
    if page:
        path = planned.name.removesuffix(".md").removesuffix("/index")
        titled = item.title and item.title != planned.post.title
        return ({"title": item.title, "page": path} if titled else {"page": path}), ""
    return {"title": item.title or planned.post.title, "url": planned.url.removeprefix(config.base_path)}, ""


def _to_term(item: ImportedMenuItem, posts: Sequence[PlannedFile]) -> tuple[dict[str, str], str]:
    section, name = item.term
    slug = urls.slugify(name)
    used = any(slug in {urls.slugify(t) for t in (f.post.tags if section == "tags" else f.post.labels)}
               for f in posts if not f.post.draft)
    if not section or not slug or not used:
        return {}, f"it leads to the {section[:-1] or 'term'} '{name}', which no published post has" if name \
            else "it leads to a category or tag the export does not hold"
    return {"title": item.title or name, "url": f"/{section}/{slug}/"}, ""


def has_menu(text: str) -> bool:
    return any(_MENU_KEY.match(line) for line in text.split("\n"))


def menu_text(menu: PlannedMenu) -> str:
    """The `menu:` block for site.yaml, one entry a line: `  - {page: about}`."""
    lines = [f"  - {_flow(entry)}" for entry in menu.entries]
    return "\n".join(["menu:", *lines]) + "\n"


def _flow(entry: Mapping[str, str]) -> str:
    return yaml.safe_dump(dict(entry), allow_unicode=True, default_flow_style=True, sort_keys=False,
                          width=1_000_000).strip()


def add_menu(text: str, menu: PlannedMenu) -> str:
    """site.yaml's text with `menu:` appended, the rest as it was; unchanged when it has a menu."""
    if not menu.entries or has_menu(text):
        return text
    return text + ("" if text.endswith("\n") or not text else "\n") + menu_text(menu)
