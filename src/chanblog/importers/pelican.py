"""A Pelican site (or its `content/` folder) into an `Export`.

Articles are the Markdown files of `content/` with their `Key: value` header; `content/pages/`
is listed, not imported (copy it into pages/), as are reStructuredText articles and other
files. `pelicanconf.py` (and `publishconf.py` for `SITEURL`) is read as data: only top-level
assignments of plain values (strings, numbers, lists, dicts) are taken, by parsing the file and
evaluating literals, never by importing or running it.
"""

from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chanblog import urls
from chanblog.errors import ChanblogError
from chanblog.importers.records import Export, ImportedAuthor, LeftOut, SourceSite
from chanblog.importers.static import (Fields, Source, SourcePost, check_kind, file_keys, files_below,
                                       front_matter, hidden, is_markdown, missing_date, name_date, no_posts,
                                       read_each, read_text, shower, source_export, zone)

CONFIG_NAMES = ("pelicanconf.py", "publishconf.py")
DEFAULTS: dict[str, Any] = {"PATH": "content", "ARTICLE_URL": "{slug}.html", "ARTICLE_LANG_URL": "{slug}-{lang}.html",
                            "PAGE_PATHS": ["pages"], "ARTICLE_PATHS": [""], "USE_FOLDER_AS_CATEGORY": True,
                            "DEFAULT_CATEGORY": "misc", "DEFAULT_LANG": "en", "SITEURL": ""}
STATUSES = {"draft": "draft (Status: draft)"}
_FIELD = re.compile(r"{(\w+)(?:\.(\w+))?(?::([^}]*))?}")
# An indented code block whose first line names its language, as Python-Markdown's codehilite
# reads it (`:::python`, or `#!python`, but not a real shebang like `#!/bin/sh`).
_CODE_LANGUAGE = re.compile(r"(?: {4}|\t)(?::::|#!)(?P<language>[\w+#.-]+)[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")


def read_pelican(folder: Path, shown: str, tz: ZoneInfo) -> Export:
    """Read a Pelican site folder, or its content folder (with `pelicanconf.py` above it)."""
    check_kind(folder, shown, "pelican")
    root = folder if _is_site(folder) else folder.parent if _is_site(folder.parent) else None
    show = shower(folder, shown, root)
    settings = {**DEFAULTS, **(_settings(root, show) if root else {})}
    content = root / str(settings["PATH"]) if root and folder == root else folder
    tz = zone(settings.get("TIMEZONE"), tz)
    pages = {str(p).strip("/") for p in settings["PAGE_PATHS"] if isinstance(p, str)}
    site_author = str(settings.get("AUTHOR") or "").strip()
    articles, left_out = [], []
    for relative, path in files_below(content, root or folder, show(content), skip=hidden).items():
        reason = _not_an_article(PurePosixPath(relative), pages)
        if reason:
            left_out.append(LeftOut(show(path), reason))
        else:
            articles.append((path, PurePosixPath(relative)))
    posts = read_each(articles, lambda article: _article(article[0], show(article[0]), article[1], tz, settings,
                                                         site_author))
    if not posts:
        raise no_posts(shown, "pelican", "its content/ folder")
    site_url = str(settings["SITEURL"]).rstrip("/")
    site = SourceSite(title=str(settings.get("SITENAME") or ""), url=site_url,
                      language=str(settings["DEFAULT_LANG"]), timezone=tz.key if settings.get("TIMEZONE") else "")
    base = urlsplit(site_url).path.rstrip("/")
    return source_export(Source(posts, site, base, left_out, files=(content,),
                                within=root or folder, show=show))


def _is_site(folder: Path) -> bool:
    return (folder / "pelicanconf.py").is_file()


def _not_an_article(where: PurePosixPath, pages: set[str]) -> str:
    if any(str(where).startswith(f"{page}/") for page in pages if page):
        return "a page: this importer brings posts; copy it into pages/"
    if where.suffix.lower() in (".rst", ".rest"):
        return "reStructuredText: only Markdown articles are imported (convert it with pandoc, then import again)"
    if not is_markdown(where.name):
        return "not an article: copy it into static/ if posts link to it"
    return ""


def _settings(root: Path, show: Any) -> dict[str, Any]:
    """pelicanconf.py's plain settings, with publishconf.py's SITEURL when it sets one."""
    values = read_python_settings(root / "pelicanconf.py", show(root / "pelicanconf.py"))
    publish = root / "publishconf.py"
    if publish.is_file():
        site_url = read_python_settings(publish, show(publish)).get("SITEURL")
        values.update({"SITEURL": site_url} if isinstance(site_url, str) and site_url else {})
    return values


def read_python_settings(path: Path, shown: str) -> dict[str, Any]:
    """The top-level `NAME = <literal>` assignments of a Python file, read without running it."""
    try:
        tree = ast.parse(read_text(path, shown), shown)
    except SyntaxError as exc:
        raise ChanblogError(f"is not valid Python: {exc.msg}", shown, exc.lineno,
                            "fix it so that Pelican could read it, then import again") from None
    values: dict[str, Any] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
            node.target if isinstance(node, ast.AnnAssign) and node.value is not None else None
        if isinstance(target, ast.Name) and target.id.isupper():
            try:
                values[target.id] = ast.literal_eval(node.value)  # type: ignore[union-attr, arg-type]
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue  # computed, not written: Pelican's default stands
    return values


def _article(path: Path, name: str, where: PurePosixPath, tz: ZoneInfo, settings: dict[str, Any],
             site_author: str) -> SourcePost:
    front = front_matter(path, name)
    fields = Fields(front, name, tz)
    title = fields.text("title")
    date = fields.date("date") or name_date(where.stem, tz)
    fields.check()
    if date is None:
        raise missing_date(name)
    slug = fields.text("slug") or urls.slugify(title or where.stem)
    folder_category = where.parent.name if settings["USE_FOLDER_AS_CATEGORY"] and where.parent.name else ""
    category = fields.text("category") or folder_category or str(settings["DEFAULT_CATEGORY"])
    author = fields.text("author") or next(iter(fields.names("authors")), "") or site_author
    lang = fields.text("lang") or str(settings["DEFAULT_LANG"])
    draft = STATUSES.get(fields.text("status").lower(), "")
    pattern = fields.text("url") or str(settings["ARTICLE_URL" if lang == settings["DEFAULT_LANG"] else
                                                  "ARTICLE_LANG_URL"])
    values = {"slug": slug, "category": urls.slugify(category), "author": urls.slugify(author) if author else "",
              "lang": lang}
    return SourcePost(
        source=name, title=title or where.stem, date=date, slug=slug, body=fence_marked_code(front.body), body_line=front.body_line,
        old_path="" if draft else old_path(pattern, values, date), author=ImportedAuthor(author, author) if author else None,
        updated=fields.date("modified", "updated"), tags=fields.names("tags"),
        labels=(category,) if fields.text("category") or folder_category else (), summary=fields.text("summary"),
        draft=draft, unlisted="Status: hidden" if fields.text("status").lower() == "hidden" else "",
        keys=file_keys(where.as_posix()), path=path)


def fence_marked_code(body: str) -> str:
    """Indented code blocks that start with `:::python` as fences that name their language: Pelican
    highlights them, where CommonMark would show the marker as the first line of plain code."""
    lines, written, fenced, previous = body.split("\n"), [], "", ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if fence := _FENCE.match(line):
            fenced = "" if fenced == fence[1] else fenced or fence[1]
        marker = None if fenced or previous.strip() else _CODE_LANGUAGE.fullmatch(line)
        if marker is None:
            written.append(line)
            previous, index = line, index + 1
            continue
        code, index = _indented_block(lines, index + 1)
        written += [f"```{marker['language']}", *code, "```"]
        previous = "```"
    return "\n".join(written)


def _indented_block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The lines of the indented code block from `start`, without their indent, and where it ends."""
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return [line[4:] if line.startswith("    ") else line[1:] for line in lines[start:end]], end


def old_path(pattern: str, values: dict[str, str], date: datetime) -> str:
    """ARTICLE_URL filled in as Pelican's `str.format` does: `{slug}`, `{category}`, `{date:%Y}`."""
    def field(match: re.Match[str]) -> str:
        name, attribute, spec = match[1], match[2], match[3]
        if name == "date":
            return str(getattr(date, attribute)) if attribute else date.strftime(spec or "%Y-%m-%d %H:%M:%S")
        return values.get(name, match[0])

    path = "/" + _FIELD.sub(field, pattern).lstrip("/")
    return path[: -len("index.html")] if path.endswith("/index.html") else path
