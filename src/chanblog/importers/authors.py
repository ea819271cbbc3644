"""The authors of imported posts in site.yaml: matched to those it has, the others added in place.

site.yaml is the user's file: new authors are appended to its `authors:` block as text, so
its comments, order and layout stay as they were; it is never dumped again from parsed data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import yaml

from chanblog import urls
from chanblog.config import CONFIG_FILE, AuthorConfig
from chanblog.errors import ChanblogError
from chanblog.importers.records import ImportedAuthor, SourceSite
from chanblog.language_tags import meant_language_tag

_AUTHORS_KEY = re.compile(r"^authors[ \t]*:[ \t]*(.*?)[ \t]*$")


def match_authors(existing: Mapping[str, AuthorConfig],
                  found: Iterable[ImportedAuthor]) -> tuple[dict[str, str], dict[str, str]]:
    """Each author's key (by login), and the authors site.yaml lacks (key -> name).

    An author is the site's when a key is the slug of their login, or an author has their name."""
    by_name = {entry.name.casefold(): key for key, entry in existing.items()}
    keys: dict[str, str] = {}
    new: dict[str, str] = {}
    for author in found:
        if author.login in keys:
            continue
        key = urls.slugify(author.login)
        if key not in existing and author.name.casefold() in by_name:
            key = by_name[author.name.casefold()]
        elif key not in existing:
            key = _unused(key, author.name, new)
            new[key] = author.name
        keys[author.login] = key
    return keys, new


def _unused(key: str, name: str, new: Mapping[str, str]) -> str:
    """`key`, or `key-2`... when another new author with another name has it already."""
    candidate, number = key, 2
    while candidate in new and new[candidate] != name:
        candidate, number = f"{key}-{number}", number + 1
    return candidate


def author_lines(new: Mapping[str, str], indent: str = "  ") -> list[str]:
    lines = []
    for key, name in new.items():
        value = yaml.safe_dump({"name": name}, allow_unicode=True, width=1_000_000).strip()
        lines += [f"{indent}{key}:", f"{indent}{indent}{value}"]
    return lines


def add_authors(text: str, new: Mapping[str, str]) -> str:
    """site.yaml's text with `new` authors appended to its `authors:` block (made if missing)."""
    if not new:
        return text
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    start = next((i for i, line in enumerate(lines) if _AUTHORS_KEY.match(line)), None)
    if start is None:
        return "\n".join(lines + ["authors:", *author_lines(new)]) + "\n"
    inline = _AUTHORS_KEY.match(lines[start])[1]  # type: ignore[index]
    if inline.split("#", 1)[0].strip() not in ("", "{}"):
        raise ChanblogError("authors: is written on one line, so new authors cannot be added to it", CONFIG_FILE,
                            start + 1, "write each author on lines of their own under 'authors:', then import again")
    end, indent = _block_end(lines, start)
    lines[start] = "authors:" if inline.strip().startswith("{}") else lines[start]
    return "\n".join(lines[:end] + author_lines(new, indent) + lines[end:]) + "\n"


def _block_end(lines: list[str], start: int) -> tuple[int, str]:
    """Where the `authors:` block ends (after its last indented line) and how it indents its keys."""
    end, indent = start + 1, ""
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            break
        if line.strip() and not line.lstrip().startswith("#") and line[0].isspace():
            end = index + 1
            indent = indent or line[:len(line) - len(line.lstrip())]
    return end, indent or "  "


def new_site_yaml(site: SourceSite, new: Mapping[str, str]) -> str:
    """A site.yaml for a folder that has none: the old blog's title, address, description, language,
    time zone and the permalink that keeps its addresses."""
    parts = urlsplit(site.url.strip())
    url = site.url.strip().rstrip("/") if parts.scheme in ("http", "https") and parts.netloc else "https://example.com"
    data = {"title": site.title.strip() or "My blog", "url": url}
    data.update({"description": " ".join(site.description.split())} if site.description.strip() else {})
    data.update({"language": language} if (language := meant_language_tag(site.language)) else {})
    data.update({"timezone": site.timezone} if site.timezone else {})
    data.update({"permalink": site.permalink} if site.permalink else {})
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return add_authors(text, new)
