"""A Jekyll site (or its `_posts/` folder) into an `Export`.

Posts are the Markdown files of every `_posts/` folder (the folders above one are the posts'
categories, as in Jekyll), and `_drafts/` as drafts. `_config.yml` gives the title, address,
base path, time zone, author and the permalink (a style or `:token` pattern) that made each
post's old address; `_data/authors.yml` names the authors. Pages are listed, not imported.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from chanblog import urls
from chanblog.importers.records import Export, ImportedAuthor, LeftOut, SourceSite
from chanblog.importers.static import (Fields, Source, SourcePost, check_kind, dated_name, expand,
                                       file_keys, files_below, front_matter, hidden, is_markdown, missing_date,
                                       name_date, no_posts, read_each, read_settings, shower, source_export, title_from_slug,
                                       zone)

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
STYLES = {"date": "/:categories/:year/:month/:day/:title:output_ext",
          "pretty": "/:categories/:year/:month/:day/:title/",
          "ordinal": "/:categories/:year/:y_day/:title:output_ext",
          "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
          "none": "/:categories/:title:output_ext"}
PAGE_NOTE = "a page: this importer brings posts; copy it into pages/"


def read_jekyll(folder: Path, shown: str, tz: ZoneInfo) -> Export:
    """Read a Jekyll site folder, or a `_posts/` folder (with its site's `_config.yml` when above it)."""
    check_kind(folder, shown, "jekyll")
    root, posts_dirs = _layout(folder)
    show = shower(folder, shown, root)
    config = _config(root, show) if root else {}
    tz = zone(config.get("timezone"), tz)
    authors = _authors(root, show) if root else {}
    site_author = _site_author(config.get("author"), authors)
    permalink = str(config.get("permalink") or "date")
    permalink = STYLES.get(permalink, permalink)
    files, left_out = [], []
    for posts_dir, categories, drafts in posts_dirs:
        for relative, path in _files(posts_dir, root or folder, show(posts_dir)).items():
            if is_markdown(relative):
                files.append((path, relative, categories, drafts, _keys(root or folder, posts_dir, path)))
            else:
                left_out.append(LeftOut(show(path), "not Markdown: only Markdown posts are imported"))
    posts = read_each(files, lambda file: _post(file[0], show(file[0]), *file[1:], tz, permalink, authors,
                                                 site_author))
    if not posts:
        raise no_posts(shown, "jekyll", "its _posts/ folder")
    left_out += [LeftOut(show(page), PAGE_NOTE) for page in _pages(root)] if root else []
    base = "/" + str(config.get("baseurl") or "").strip("/") if str(config.get("baseurl") or "").strip("/") else ""
    url = str(config.get("url") or "").rstrip("/")
    site = SourceSite(title=str(config.get("title") or ""), url=f"{url}{base}" if url else "",
                      description=str(config.get("description") or ""), language=str(config.get("lang") or ""),
                      timezone=tz.key if config.get("timezone") else "")
    return source_export(Source(posts, site, base, left_out, variables=_variables(config), template_code="liquid",
                                files=(root,) if root else (), within=root or folder, show=show))


def _layout(folder: Path) -> tuple[Path | None, list[tuple[Path, tuple[str, ...], bool]]]:
    """The site's folder (None when only a posts folder is given) and each posts folder with the
    categories its path gives and whether it holds drafts."""
    is_site = any((folder / name).is_file() for name in CONFIG_NAMES) or (folder / "_posts").is_dir()
    if not is_site:
        parent = folder.parent
        root = parent if any((parent / name).is_file() for name in CONFIG_NAMES) else None
        return root, [(folder, (), folder.name == "_drafts")]
    found = [(folder / "_drafts", (), True)] if (folder / "_drafts").is_dir() else []
    for top, dirs, _files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d == "_posts" or not (hidden(d) or d.startswith("_") or d == "vendor"))
        if "_posts" in dirs:
            dirs.remove("_posts")
            categories = Path(top).relative_to(folder).parts
            found.append((Path(top) / "_posts", tuple(categories), False))
    return folder, found


def _files(posts_dir: Path, within: Path, shown: str) -> dict[str, Path]:
    return files_below(posts_dir, within, shown, skip=lambda name: hidden(name) or name.startswith("_"))


def _config(root: Path, show: Any) -> dict[str, Any]:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return read_settings(root / name, show(root / name))
    return {}


def _authors(root: Path, show: Any) -> dict[str, str]:
    """`_data/authors.yml`: key -> name."""
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        path = root / "_data" / name
        if path.is_file():
            data = read_settings(path, show(path))
            return {str(key): _name(entry) or str(key) for key, entry in data.items()}
    return {}


def _name(entry: Any) -> str:
    if isinstance(entry, dict):
        return str(entry.get("name") or entry.get("display_name") or "").strip()
    return str(entry).strip() if isinstance(entry, str) else ""


def _site_author(value: Any, authors: dict[str, str]) -> ImportedAuthor | None:
    """`author:` of _config.yml, by its key in `_data/authors.yml` when it is listed there."""
    name = _name(value)
    key = next((key for key, known in authors.items() if known.casefold() == name.casefold()), urls.slugify(name))
    return ImportedAuthor(key, name) if name else None


def _keys(root: Path, posts_dir: Path, path: Path) -> tuple[str, ...]:
    """`{% link _posts/2013-05-06-x.md %}` and `{% post_url 2013-05-06-x %}` name a post so."""
    return file_keys(path.relative_to(root).as_posix(), path.relative_to(posts_dir).as_posix())


def _post(path: Path, name: str, relative: str, categories: tuple[str, ...], drafts: bool, keys: tuple[str, ...],
          tz: ZoneInfo, permalink: str, authors: dict[str, str], site_author: ImportedAuthor | None) -> SourcePost:
    front = front_matter(path, name)
    fields = Fields(front, name, tz)
    stem = Path(relative).stem
    named = dated_name(stem)
    file_slug = named[1] if named else stem
    date = fields.date("date") or name_date(stem, tz) or (_file_time(path, tz) if drafts else None)
    fields.check()
    if date is None:
        raise missing_date(name)
    slug = fields.text("slug") or file_slug
    labels = tuple(dict.fromkeys(categories + fields.names("categories", spaces=True) + fields.names("category")))
    published = fields.flag("published")
    draft = "draft in _drafts/" if drafts else "published: false" if published is False else ""
    pattern = fields.text("permalink") or permalink
    old = "" if draft else _old_path(pattern, date.astimezone(tz), slug, labels)
    return SourcePost(
        source=name, title=fields.text("title") or title_from_slug(file_slug), date=date, slug=slug, body=front.body,
        body_line=front.body_line, old_path=old, aliases=fields.names("redirect_from"),
        author=_author(fields, authors) or site_author, updated=fields.date("last_modified_at", "updated"),
        tags=fields.names("tags", spaces=True) + fields.names("tag"), labels=labels,
        summary=fields.text("excerpt", "description"), draft=draft, keys=keys, path=path)


def _file_time(path: Path, tz: ZoneInfo) -> datetime:
    """A draft without a date takes its file's modification time, as Jekyll gives it."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), tz)


def _author(fields: Fields, authors: dict[str, str]) -> ImportedAuthor | None:
    key = fields.text("author") or next(iter(fields.names("author", "authors")), "")
    if not key:
        return None
    return ImportedAuthor(key, authors.get(key, key))


def _old_path(pattern: str, date: datetime, slug: str, categories: tuple[str, ...]) -> str:
    """Where Jekyll published the post: its permalink pattern filled in with the post's values."""
    values = {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
              "i_month": str(date.month), "i_day": str(date.day), "short_year": f"{date:%y}",
              "y_day": f"{date:%j}", "hour": f"{date:%H}", "minute": f"{date:%M}", "second": f"{date:%S}",
              "week": f"{date:%V}", "short_day": f"{date:%a}", "long_day": f"{date:%A}",
              "short_month": f"{date:%b}", "long_month": f"{date:%B}",
              "title": slug, "slug": urls.slugify(slug), "output_ext": ".html",
              "categories": "/".join(dict.fromkeys(c.lower().replace(" ", "%20") for c in categories))}
    return expand(pattern.strip(), values)


def _pages(root: Path) -> list[Path]:
    """The site's own pages (about.md, contact.md): Markdown files with front matter outside `_` folders."""
    return [root / entry.name for entry in sorted(os.scandir(root), key=lambda e: e.name)
            if entry.is_file() and is_markdown(entry.name) and not entry.name.lower().startswith(("readme", "index"))
            and _has_front_matter(root / entry.name)]


def _has_front_matter(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(4).rstrip(b"\r\n") == b"---"


def _variables(config: dict[str, Any]) -> dict[str, str]:
    """The `{{ site.x }}` a body may use: the site's plain settings."""
    return {str(key): str(value) for key, value in config.items()
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and key not in ("url", "baseurl")}
