"""A Hugo site (or its `content/posts/` folder) into an `Export`.

Posts are the Markdown pages of `content/posts/` or `content/post/` (or, when neither is there,
of every section), a leaf bundle's `index.md` among them; `_index.md` is a list page and pages
at the top of `content/` are the site's own pages: both are listed, not imported, as are a
bundle's other files. The settings (`hugo.toml`, `config.toml`, `.yaml`, `.json`, or
`config/_default/`) give the title, address, time zone and the `permalinks` that made each
post's old address; a post's `url` replaces it and its `aliases` are kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chanblog.importers.records import Export, ImportedAuthor, LeftOut, SourceSite
from chanblog.importers.static import (Fields, Source, SourcePost, check_kind, dated_name, expand,
                                       file_keys, files_below, front_matter, hidden, is_markdown, missing_date,
                                       name_date, no_posts, read_each, read_settings, shower, source_export, zone)

CONFIG_NAMES = tuple(f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))
POST_SECTIONS = ("posts", "post", "blog")
_BUNDLE_INDEX = re.compile(r"^index(\.[\w-]+)?\.(md|markdown)$")  # a leaf bundle's page, in any language


def read_hugo(folder: Path, shown: str, tz: ZoneInfo) -> Export:
    """Read a Hugo site folder, or one of its content folders (with its site's settings above it)."""
    check_kind(folder, shown, "hugo")
    root = _site_root(folder)
    show = shower(folder, shown, root)
    config = _config(root, show) if root else {}
    tz = zone(config.get("timezone"), tz)
    content = (root / str(config.get("contentdir") or "content")) if root else folder.parent
    content = content if folder == root or folder.is_relative_to(content) else folder.parent
    sections = _sections(folder, root, content)
    rules = _rules(config)
    pages, left_out = [], []
    for section in sections:
        files = files_below(section, root or folder, show(section), skip=hidden)
        bundles = {str(PurePosixPath(r).parent) for r in files if _BUNDLE_INDEX.match(PurePosixPath(r).name)}
        for relative, path in files.items():
            reason = _not_a_post(PurePosixPath(relative), bundles)
            if reason:
                left_out.append(LeftOut(show(path), reason))
            else:
                pages.append((path, PurePosixPath(section.relative_to(content).as_posix()) / relative))
    posts = read_each(pages, lambda page: _post(page[0], show(page[0]), page[1], tz, rules))
    if not posts:
        raise no_posts(shown, "hugo", "its content/posts/ folder")
    left_out += _pages(content, root, show) if root and folder == root else []
    base_url = str(config.get("baseurl") or "")
    base = urlsplit(base_url).path.rstrip("/") if base_url else ""
    site = SourceSite(title=str(config.get("title") or ""), url=base_url.rstrip("/"),
                      language=str(config.get("languagecode") or config.get("defaultcontentlanguage") or ""),
                      description=str(_params(config).get("description") or ""),
                      timezone=tz.key if config.get("timezone") else "")
    site_author = _site_author(config)
    posts = [p if p.author or not site_author else _with_author(p, site_author) for p in posts]
    return source_export(Source(posts, site, base, left_out, variables=_variables(config), template_code="shortcodes",
                                files=(root / "static",) if root else (), within=root or folder, show=show))


def _site_root(folder: Path) -> Path | None:
    """The site's folder: the one given, or the nearest above it with Hugo's settings."""
    for candidate in (folder, *folder.parents[:3]):
        if any((candidate / name).is_file() for name in CONFIG_NAMES) or (candidate / "config" / "_default").is_dir():
            return candidate
    return folder if (folder / "content").is_dir() else None


def _sections(folder: Path, root: Path | None, content: Path) -> list[Path]:
    """The folders whose pages are posts: the one given when it is inside `content/`, else
    `content/posts/` (or `post/`, `blog/`), else every section."""
    if root is None or folder != root:
        return [folder]
    named = [content / name for name in POST_SECTIONS if (content / name).is_dir()]
    if named:
        return named
    return sorted(p for p in content.iterdir() if p.is_dir() and not hidden(p.name)) if content.is_dir() else []


def _not_a_post(relative: PurePosixPath, bundles: set[str]) -> str:
    """Why a file of a section is not imported as a post, or ""."""
    folder = str(relative.parent)
    in_bundle = next((str(p) for p in (relative.parent, *relative.parent.parents) if str(p) in bundles), None)
    if relative.name == "_index.md":
        return "a list page (_index.md): chanblog makes its own lists"
    if in_bundle is not None and not (_BUNDLE_INDEX.match(relative.name) and folder == in_bundle):
        return f"a file of the bundle {in_bundle}/ that no post links to"
    if not is_markdown(relative.name):
        return "not Markdown: only Markdown posts are imported"
    return ""


def _config(root: Path, show: Any) -> dict[str, Any]:
    """The settings, keys lowercased as Hugo reads them; `config/_default/` files merged in."""
    data: dict[str, Any] = {}
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            data = read_settings(root / name, show(root / name))
            break
    folder = root / "config" / "_default"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and path.suffix in (".toml", ".yaml", ".yml", ".json"):
            values = read_settings(path, show(path))
            data.update(values if path.stem in ("hugo", "config") else {path.stem: values})
    return _lower_keys(data)


def _lower_keys(data: dict[str, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in data.items()}


@dataclass(frozen=True)
class _Rules:
    """How Hugo made the pages' addresses on this site."""

    permalinks: dict[str, str]  # section -> pattern
    lower: bool = True  # addresses lowercased (unless disablePathToLower)
    ugly: bool = False  # `/posts/x.html` instead of `/posts/x/` (uglyURLs)
    languages: frozenset[str] = frozenset()  # the site's languages, when it has several
    default_language: str = "en"
    default_in_subdir: bool = False  # `/en/posts/x/` for the default language too

    def language(self, stem: str) -> tuple[str, str]:
        """`first.fr` -> ("first", "fr") when fr is a language of the site; else (stem, "")."""
        base, dot, code = stem.rpartition(".")
        return (base, code.lower()) if dot and code.lower() in self.languages else (stem, "")

    def prefix(self, language: str) -> str:
        """`/fr` before a page in French, and before every page in the default language with
        defaultContentLanguageInSubdir."""
        language = language or self.default_language
        shown = language != self.default_language or self.default_in_subdir
        return f"/{language}" if self.languages and shown else ""


def _rules(config: dict[str, Any]) -> _Rules:
    languages = config.get("languages")
    return _Rules(_permalinks(config), lower=not config.get("disablepathtolower"), ugly=bool(config.get("uglyurls")),
                  languages=frozenset(str(k).lower() for k in languages) if isinstance(languages, dict) else frozenset(),
                  default_language=str(config.get("defaultcontentlanguage") or "en").lower(),
                  default_in_subdir=bool(config.get("defaultcontentlanguageinsubdir")))


def _permalinks(config: dict[str, Any]) -> dict[str, str]:
    """Section -> pattern, from `[permalinks]` or Hugo 0.115's `[permalinks.page]`."""
    table = config.get("permalinks")
    if not isinstance(table, dict):
        return {}
    table = table.get("page", table) if isinstance(table.get("page"), dict) else table
    return {str(section): str(pattern) for section, pattern in table.items() if isinstance(pattern, str)}


def _params(config: dict[str, Any]) -> dict[str, Any]:
    params = config.get("params")
    return _lower_keys(params) if isinstance(params, dict) else {}


def _site_author(config: dict[str, Any]) -> ImportedAuthor | None:
    author = _params(config).get("author") or config.get("author")
    name = author.get("name") if isinstance(author, dict) else author
    return ImportedAuthor(str(name).strip(), str(name).strip()) if isinstance(name, str) and name.strip() else None


def _with_author(post: SourcePost, author: ImportedAuthor) -> SourcePost:
    return replace(post, author=author)


def _post(path: Path, name: str, where: PurePosixPath, tz: ZoneInfo, rules: _Rules) -> SourcePost:
    """One page: `where` is its path below `content/` (`posts/x.md`, `posts/x/index.fr.md`)."""
    front = front_matter(path, name)
    fields = Fields(front, name, tz)
    stem, language = rules.language(where.stem)
    bundle = stem == "index"
    base_name = where.parent.name if bundle else stem
    date = fields.date("date", "publishdate", "pubdate", "published") or name_date(base_name, tz)
    fields.check()
    if date is None:
        raise missing_date(name)
    named = dated_name(base_name)
    slug = fields.text("slug") or base_name
    draft = "draft" if fields.flag("draft") else ""
    old = "" if draft else rules.prefix(language) + _old_path(fields, where.parent if bundle else where, base_name,
                                                               slug, date, rules)
    folder = where.parent.parent if bundle else where.parent
    return SourcePost(
        source=name, title=fields.text("title") or (named[1] if named else base_name), date=date, slug=slug,
        body=front.body, body_line=front.body_line, old_path=old,
        aliases=tuple(_alias(a, folder) for a in fields.names("aliases")), author=_author(fields),
        updated=fields.date("lastmod", "modified"), tags=fields.names("tags"),
        labels=fields.names("categories"), summary=fields.text("summary", "description"), draft=draft,
        keys=file_keys(where.as_posix(), str(where.parent) if bundle else ""), path=path)


def _old_path(fields: Fields, page: PurePosixPath, base_name: str, slug: str, date: datetime, rules: _Rules) -> str:
    """Where Hugo published the page (`page`: its file, or its bundle's folder): its `url`, its
    section's permalink, or its path."""
    given = fields.text("url")
    if given:
        return "/" + given.lstrip("/")
    sections = page.parent
    section = sections.parts[0] if sections.parts else ""
    title = urlize(fields.text("title") or base_name)
    values = {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
              "monthname": f"{date:%B}", "weekday": str(date.isoweekday() % 7), "weekdayname": f"{date:%A}",
              "yearday": str(date.timetuple().tm_yday), "section": section, "sections": sections.as_posix(),
              "title": title, "slug": fields.text("slug") or title, "filename": base_name,
              "contentbasename": base_name, "slugorfilename": slug, "slugorcontentbasename": slug}
    pattern = rules.permalinks.get(section, f"/{sections.as_posix()}/:slugorfilename/")
    path = expand(pattern, values)
    path = path.lower() if rules.lower else path
    return re.sub(r"/$", ".html", path) if rules.ugly else path


def urlize(title: str) -> str:
    """A title as Hugo puts it in an address: spaces as hyphens, letters of any script kept, other
    punctuation dropped, lowercased: `Première neige, enfin` -> `première-neige-enfin`."""
    words = "-".join(title.split())
    return "".join(c for c in words if c.isalnum() or c in "._-~+#" or unicodedata.category(c).startswith("M")).lower()


def _alias(alias: str, folder: PurePosixPath) -> str:
    """Hugo reads an alias without a leading `/` from the page's section."""
    return alias if alias.startswith("/") or "://" in alias else f"/{folder.as_posix()}/{alias}"


def _author(fields: Fields) -> ImportedAuthor | None:
    name = fields.text("author") or next(iter(fields.names("authors")), "")
    return ImportedAuthor(name, name) if name else None


def _pages(content: Path, root: Path, show: Any) -> list[LeftOut]:
    """Pages at the top of `content/` (about.md): the site's own, which chanblog has no place for yet."""
    if not content.is_dir():
        return []
    return [LeftOut(show(p), "a page: this importer brings posts; copy it into pages/") for p in sorted(content.iterdir())
            if p.is_file() and is_markdown(p.name) and p.name != "_index.md"]


def _variables(config: dict[str, Any]) -> dict[str, str]:
    return {str(key): str(value) for key, value in config.items()
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and key != "baseurl"}
