"""An Eleventy site (or its posts folder) into an `Export`.

Posts are the Markdown files of the posts folder (`posts/`, `blog/`, also under `src/` or
`content/`), or, when there is none, every Markdown file tagged `post` or `posts`. A folder's
data file (`posts/posts.json`, `posts/posts.11tydata.json`) gives its posts' tags and permalink;
`_data/metadata.json` or `_data/site.json` the site's title, address and author. Eleventy's
JavaScript (`.eleventy.js`, `*.11tydata.js`, `_data/*.js`) is never run: what only it could say
is listed as left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chanblog import urls
from chanblog.importers.records import Export, ImportedAuthor, LeftOut, SourceSite
from chanblog.importers.static import (Fields, Source, SourcePost, check_kind, dated_name, file_keys,
                                       files_below, front_matter, hidden, is_markdown, name_date, no_posts,
                                       read_each, read_settings, shower, source_export)

CONFIG_NAMES = (".eleventy.js", ".eleventy.cjs", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")
INPUTS = ("", "src", "content", "site")
POST_FOLDERS = ("posts", "blog", "post")
COLLECTION_TAGS = {"post", "posts", "all"}
UNKNOWN_ADDRESS = ("its permalink holds template code chanblog does not run, so its old address is not known: "
                   "add that address to its aliases")
_TEMPLATE = re.compile(r"{{-?\s*(.*?)\s*-?}}")


def read_eleventy(folder: Path, shown: str, _tz: ZoneInfo) -> Export:
    """Read an Eleventy site folder, or its posts folder (with the site's data above it)."""
    check_kind(folder, shown, "eleventy")
    tz = ZoneInfo("UTC")  # Eleventy reads a date without an offset as UTC, whatever the machine's zone
    root = folder if _is_site(folder) else folder.parent if _is_site(folder.parent) else None
    show = shower(folder, shown, root)
    input_dir, posts_dir = _input_and_posts(folder, root)
    metadata = _metadata(input_dir, show)
    author = _site_author(metadata)
    folder_data = _folder_data(posts_dir, show) if posts_dir else {}
    scan = posts_dir or input_dir
    files = files_below(scan, root or folder, show(scan), skip=_skip).values()
    left_out = [LeftOut(show(p), "JavaScript: never run; what it sets is not imported")
                for p in files if posts_dir and p.suffix == ".js"]
    read = read_each((p for p in files if is_markdown(p.name)), lambda path: _post(
        path, show(path), PurePosixPath(path.relative_to(input_dir).as_posix()), tz, folder_data, author))
    posts = [_untagged(p) for p in read if posts_dir or COLLECTION_TAGS & {tag.lower() for tag in p.tags}]
    left_out += [LeftOut(p.source, UNKNOWN_ADDRESS) for p in posts if not p.old_path and not p.draft]
    if not posts:
        raise no_posts(shown, "eleventy", "its posts folder")
    left_out += [LeftOut(show(p), "a page: this importer brings posts; copy it into pages/") for p in sorted(input_dir.iterdir())
                 if posts_dir and p.is_file() and is_markdown(p.name) and not p.name.lower().startswith("readme")]
    left_out += [LeftOut(show(p), "JavaScript data: never run; its values are not imported")
                 for p in sorted((input_dir / "_data").glob("*.js"))] if (input_dir / "_data").is_dir() else []
    site_url = str(metadata.get("url") or "").rstrip("/")
    site = SourceSite(title=str(metadata.get("title") or ""), url=site_url,
                      description=str(metadata.get("description") or ""), language=str(metadata.get("language") or ""))
    base = urlsplit(site_url).path.rstrip("/")
    return source_export(Source(posts, site, base, left_out,
                                template_code="liquid",
                                files=tuple(dict.fromkeys((input_dir, root or folder))), within=root or folder, show=show))


def _is_site(folder: Path) -> bool:
    return any((folder / name).is_file() for name in (*CONFIG_NAMES, "package.json")) or (folder / "_data").is_dir()


def _skip(name: str) -> bool:
    return hidden(name) or name in ("_data", "_includes", "_layouts")


def _input_and_posts(folder: Path, root: Path | None) -> tuple[Path, Path | None]:
    """The input folder (what URLs are made from) and the posts folder, None when posts are found by tag."""
    if root is None or folder != root:
        return folder.parent, folder
    for name in INPUTS:
        for posts in POST_FOLDERS:
            if (root / name / posts).is_dir():
                return root / name, root / name / posts
    inputs = [root / name for name in INPUTS if name and (root / name / "_data").is_dir()]
    return (inputs[0] if inputs else root), None


def _metadata(input_dir: Path, show: Any) -> dict[str, Any]:
    for name in ("metadata.json", "site.json", "metadata.yaml", "site.yaml", "metadata.yml", "site.yml"):
        path = input_dir / "_data" / name
        if path.is_file():
            return read_settings(path, show(path))
    return {}


def _site_author(metadata: dict[str, Any]) -> ImportedAuthor | None:
    author = metadata.get("author")
    name = author.get("name") if isinstance(author, dict) else author
    return ImportedAuthor(name.strip(), name.strip()) if isinstance(name, str) and name.strip() else None


def _folder_data(posts_dir: Path, show: Any) -> dict[str, Any]:
    """The posts folder's data file: tags and permalink for every post in it."""
    for name in (f"{posts_dir.name}.11tydata.json", f"{posts_dir.name}.json"):
        if (posts_dir / name).is_file():
            return {str(k).lower(): v for k, v in read_settings(posts_dir / name, show(posts_dir / name)).items()}
    return {}


def _post(path: Path, name: str, where: PurePosixPath, tz: ZoneInfo, folder_data: dict[str, Any],
          site_author: ImportedAuthor | None) -> SourcePost:
    front = front_matter(path, name)
    fields = Fields(front, name, tz)
    stem = where.parent.name if _is_index(where) else where.stem
    date = fields.date("date") or name_date(stem, tz) or _file_time(path, tz)
    fields.check()
    named = dated_name(stem)
    file_slug = named[1] if named else stem
    title = fields.text("title") or file_slug
    tags = fields.names("tags") + _names(folder_data.get("tags"))
    permalink = fields.data.get("permalink", folder_data.get("permalink"))
    draft = _draft(fields, permalink)
    old = "" if draft else _old_path(permalink, where, file_slug, title, date)
    author = fields.text("author")
    return SourcePost(
        source=name, title=title, date=date, slug=file_slug if urls.is_safe_slug(file_slug) else urls.slugify(file_slug),
        body=front.body, body_line=front.body_line, old_path=old, aliases=fields.names("aliases", "redirect_from"),
        author=ImportedAuthor(author, author) if author else site_author, updated=fields.date("updated", "modified"),
        tags=tags, labels=fields.names("categories", "category"), summary=fields.text("description", "summary"),
        draft=draft, unlisted="eleventyExcludeFromCollections" if fields.flag("eleventyexcludefromcollections") else "",
        keys=file_keys(where.as_posix()), path=path)


def _names(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(str(item).strip() for item in items if isinstance(item, str) and item.strip())


def _untagged(post: SourcePost) -> SourcePost:
    """Eleventy's collection tags (`post`, `posts`) name the collection, not a subject."""
    return replace(post, tags=tuple(t for t in dict.fromkeys(post.tags) if t.lower() not in COLLECTION_TAGS))


def _draft(fields: Fields, permalink: Any) -> str:
    if fields.flag("draft"):
        return "draft"
    if permalink is False:
        return "never published (permalink: false)"
    return ""


def _file_time(path: Path, tz: ZoneInfo) -> datetime:
    """`date: Last Modified`, `Created` or no date at all: the file's modification time, which a
    copy keeps (a file's creation time is lost on most copies and clones)."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), tz)


def _is_index(where: PurePosixPath) -> bool:
    """`posts/x/index.md` and `posts/x/x.md` are both Eleventy's page `/posts/x/`."""
    return where.stem in ("index", where.parent.name)


def _old_path(permalink: Any, where: PurePosixPath, file_slug: str, title: str, date: datetime) -> str:
    """Where Eleventy wrote the post: its permalink (with the page values it most often holds
    filled in), else its path: `posts/x.md` and `posts/x/index.md` at `/posts/x/`."""
    stem = where.parent if _is_index(where) else where.with_suffix("")
    if not isinstance(permalink, str) or not permalink.strip():
        return f"/{stem.as_posix()}/"
    values = {"page.fileSlug": file_slug, "page.filePathStem": f"/{stem.as_posix()}", "title | slugify": urls.slugify(title),
              "title | slug": urls.slugify(title), "page.date.getFullYear()": f"{date.year:04d}"}
    path = _TEMPLATE.sub(lambda m: values.get(m[1], m[0]), permalink.strip())
    if "{{" in path or "{%" in path:
        return ""
    path = "/" + path.lstrip("/")
    return path[: -len("index.html")] if path.endswith("/index.html") else path
