"""What the Jekyll, Hugo, Pelican and Eleventy readers share: finding the site, reading its
files and settings as data, and turning each post's old address into its new slug and aliases.

A reader (`jekyll`, `hugo`, `pelican`, `eleventy`) knows its tool's folders, settings and URL
rules, and gives one `SourcePost` a post file; `source_export` then keeps every old URL: the
slug is the old address's last segment, the permalink that gives most posts their old address
is proposed for a new site.yaml, and every old address is an alias (the writer drops the one
that is the post's new address).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.content import MAX_POST_BYTES, FieldError, parse_date
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.frontmatter import FrontMatter, check_characters, decode_source, load_yaml, split_front_matter
from chanblog.importers.records import CopiedFile, Export, ImportedAuthor, ImportedPost, LeftOut, SourceSite
from chanblog.template_code import TemplateContext, convert_templates
from chanblog.sources import list_files

T = TypeVar("T")
MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
MAX_COPY_BYTES = 50_000_000  # a file posts link to, copied into static/; a bigger one is named, not read
_HTML_EXT = (".html", ".htm")
_DATED = re.compile(r"^(\d{4}-\d\d-\d\d)-(.+)$")
# a Markdown link or image target, an HTML src or href, a shortcode's src="..."
_LOCAL_REF = re.compile(r"""(?:\]\(<?|\b(?:src|href)=["']?)(?!\w+:|//|#)((?:\{\{[^}\n]{0,40}\}\})?[^)\s"'<>]+)""")
_FILENAME = re.compile(r"(?:\{|\|)(filename|link)(?:\}|\|)([^)\s\"'<>]+)")
_STATIC = re.compile(r"""(\]\(<?|\b(?:src|href)=["']?)(?:\{|\|)(?:static|attach)(?:\}|\|)([^)\s"'<>]+)""")
# what stands for the site's own address before a path: Pelican's {static}, Liquid's {{ site.baseurl }}
_SITE_PREFIX = re.compile(r"^(?:\{(?:static|attach)\}|\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\})+")
_PAGE_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".php", ".xml"}


@dataclass(frozen=True)
class SourcePost:
    """One post as its old site published it, before chanblog's names are chosen."""

    source: str  # the file, as messages name it
    title: str
    date: datetime  # aware
    slug: str  # the slug the old site gave it (file name, `slug:` or title)
    body: str
    body_line: int
    old_path: str = ""  # its old address below the site's base path ("/2013/05/06/x.html"), "" if none
    aliases: tuple[str, ...] = ()  # other old addresses it answered at (`redirect_from`, `aliases`)
    author: ImportedAuthor | None = None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    summary: str = ""
    draft: str = ""  # why it is a draft ("draft", "published: false"), "" if published
    unlisted: str = ""  # why it is published but listed nowhere ("Status: hidden"), "" if listed
    keys: tuple[str, ...] = ()  # what a {% link %}, {% post_url %} or {{< ref >}} may call it
    path: Path | None = None  # the post's file, for what it links to beside it


@dataclass(frozen=True)
class Source:
    """What a reader found: the posts, the old site's settings, and what it left out."""

    posts: list[SourcePost]
    site: SourceSite
    base_path: str = ""  # the old site's base path ("/blog"), before every old address
    left_out: list[LeftOut] = field(default_factory=list)
    variables: Mapping[str, str] = field(default_factory=dict)  # `{{ site.title }}`: "title" -> its value
    template_code: str = ""  # "liquid", "shortcodes" or "": see `Export.template_code`
    files: tuple[Path, ...] = ()  # where the old site's published files are (`static/`, the site folder)
    within: Path | None = None  # no file outside it is copied
    show: Callable[[Path], str] = str


# ---------------------------------------------------------------------------------------------
# Reading files as data


def read_text(path: Path, shown: str) -> str:
    """A source file's text: at most a post's size, UTF-8, without control characters."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_POST_BYTES + 1)
    except OSError as exc:
        raise ChanblogError(f"cannot be read: {exc.strerror}", shown, None, "check that you may read the file") from None
    if len(raw) > MAX_POST_BYTES:
        raise ChanblogError(f"is over the {MAX_POST_BYTES // 1_000_000} MB a post may be", shown, None,
                            "split it, or leave it out of the folder you import")
    text = decode_source(raw, shown)
    check_characters(text, shown)
    return text


def read_settings(path: Path, shown: str) -> dict[str, Any]:
    """A YAML, TOML or JSON settings file as a mapping (an empty one when it is empty)."""
    text = read_text(path, shown)
    if path.suffix == ".toml":
        try:
            data: Any = tomllib.loads(text)
        except RecursionError:
            raise ChanblogError("nests values too deeply to be settings", shown, 1) from None
        except tomllib.TOMLDecodeError as exc:
            line = int(m[1]) if (m := re.search(r"line (\d+)", str(exc))) else None
            raise ChanblogError(f"invalid TOML: {str(exc).split(' (at')[0]}", shown, line,
                                "fix it as the old site's tool would need it fixed") from None
    elif path.suffix == ".json":
        try:
            data = json.loads(text) if text.strip() else {}
        except RecursionError:
            raise ChanblogError("nests values too deeply to be settings", shown, 1) from None
        except json.JSONDecodeError as exc:
            raise ChanblogError(f"invalid JSON: {exc.msg}", shown, exc.lineno, "fix it as the old site's tool would need it fixed") from None
    else:
        data = load_yaml(text, shown)[0]
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ChanblogError("is not a set of 'key: value' settings", shown, 1)
    return data


def front_matter(path: Path, shown: str) -> FrontMatter:
    return split_front_matter(read_text(path, shown), shown)


def files_below(folder: Path, within: Path, shown: str, skip: Callable[[str], bool],
                wanted: Callable[[str], bool] = lambda name: True) -> dict[str, Path]:
    """The files below `folder` (relative path -> path) in path order; links out of `within` are errors."""
    listing = list_files(folder, within, shown, "file", skip=skip, wanted=wanted)
    return {relative: Path(real) for relative, real in listing.checked().items()}


def shower(folder: Path, shown: str, root: Path | None) -> Callable[[Path], str]:
    """How messages name a file: below the folder the user named (`shown`), or below the site's
    folder `root` above it when it is the posts folder that was named."""
    base = folder if root is None else root
    prefix = shown if base == folder else os.path.normpath(os.path.join(shown, os.path.relpath(base, folder)))

    def show(path: Path) -> str:
        relative = os.path.relpath(path, base)
        return prefix if relative == "." else f"{prefix.rstrip('/')}/{Path(relative).as_posix()}"
    return show


# the files that say which generator a site folder is for
MARKERS = {"jekyll": ("_config.yml", "_config.yaml", "_config.toml"),
           "hugo": ("hugo.toml", "hugo.yaml", "hugo.json", "config/_default"),
           "pelican": ("pelicanconf.py",),
           "eleventy": (".eleventy.js", ".eleventy.cjs", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")}
NAMES = {"jekyll": "Jekyll", "hugo": "Hugo", "pelican": "Pelican", "eleventy": "Eleventy"}


def check_kind(folder: Path, shown: str, kind: str) -> None:
    """Refuse the site of another generator: `import jekyll` of a Hugo site would read it wrong."""
    other = next((name for name, markers in MARKERS.items() if any((folder / m).exists() for m in markers)), kind)
    if other != kind and not any((folder / m).exists() for m in MARKERS[kind]):
        raise ChanblogError(f"is a {NAMES[other]} site, not one made with {NAMES[kind]}", shown, None,
                            f"import it with: chanblog import {other} {shown}")


def no_posts(shown: str, kind: str, where: str) -> ChanblogError:
    return ChanblogError(f"holds no {NAMES[kind]} posts", shown, None, f"give the site's folder or {where}")


def hidden(name: str) -> bool:
    return name.startswith(".") or name.endswith("~") or name in ("node_modules", "_site", "public", "output")


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN)


def zone(name: Any, fallback: ZoneInfo) -> ZoneInfo:
    """The old site's time zone, or `fallback` when it names none (or none this machine knows)."""
    try:
        return ZoneInfo(str(name)) if isinstance(name, str) and name.strip() else fallback
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


# ---------------------------------------------------------------------------------------------
# Front matter values


class Fields:
    """A post's front matter, read value by value; a wrong value is an error with its line. Keys
    are read in any case, as Hugo and Pelican read them (`publishDate`, `Title`)."""

    def __init__(self, front: FrontMatter, shown: str, tz: ZoneInfo) -> None:
        self.data = {str(key).lower(): value for key, value in reversed(front.data.items())}
        self.lines = {str(key).lower(): line for key, line in front.lines.items()}
        self.shown, self.tz = shown, tz
        self.errors: list[ChanblogError] = []

    def text(self, *keys: str) -> str:
        """The first of `keys` that holds text."""
        for key in keys:
            value = self.data.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                return " ".join(str(value).split())
        return ""

    def date(self, *keys: str) -> datetime | None:
        for key in keys:
            if self.data.get(key) is not None and not _file_date_word(self.data[key]):
                try:
                    return parse_date(self.data[key], self.tz)
                except FieldError as exc:
                    self.errors.append(ChanblogError(f"{key}: {exc.message}", self.shown, self.lines.get(key), exc.hint))
        return None

    def names(self, *keys: str, spaces: bool = False) -> tuple[str, ...]:
        """Names from lists or text (comma-separated, or space-separated as Jekyll reads them)."""
        found: list[str] = []
        for key in keys:
            value = self.data.get(key)
            if isinstance(value, str):
                found += value.split() if spaces else value.split(",")
            elif isinstance(value, list):
                found += [str(item) for item in value if isinstance(item, (str, int, float))]
        return tuple(dict.fromkeys(name.strip() for name in found if name.strip()))

    def check(self) -> None:
        """Raise BuildFailed naming every wrong value read so far."""
        check_errors(self.errors)

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return value if isinstance(value, bool) else None


def _file_date_word(value: Any) -> bool:
    """Eleventy's `date: Last Modified`, `Created`, `git Last Modified`: the file's own dates."""
    return isinstance(value, str) and value.strip().lower() in ("last modified", "created", "git last modified",
                                                                 "git created")


def dated_name(stem: str) -> tuple[str, str] | None:
    """`2013-05-06-welcome` -> ("2013-05-06", "welcome")."""
    match = _DATED.match(stem)
    return (match[1], match[2]) if match else None


def name_date(stem: str, tz: ZoneInfo) -> datetime | None:
    named = dated_name(stem)
    try:
        return parse_date(named[0], tz) if named else None
    except FieldError:
        return None


def title_from_slug(slug: str) -> str:
    """Jekyll's title for a post without one: `welcome-to-jekyll` -> `Welcome To Jekyll`."""
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", slug) if word) or slug


def missing_date(shown: str) -> ChanblogError:
    return ChanblogError("has no date: no 'date:' in its front matter and none in its file name", shown, 1,
                         "add a line 'date: YYYY-MM-DD' to its front matter, then import again")


# ---------------------------------------------------------------------------------------------
# From old addresses to chanblog's


def source_export(source: Source) -> Export:
    """The posts as chanblog will write them: each slug the last segment of its old address, each
    old address an alias, and for a new site.yaml the permalink most old addresses fit."""
    claimed: set[str] = set()
    posts, left_out = [], list(source.left_out)
    for post in source.posts:
        old = list(dict.fromkeys(_old_addresses(post, source.base_path)))
        problems = {address: problem for address in old if (problem := _address_problem(address, claimed))}
        left_out += [LeftOut(post.source, f"its old address {a} {problem}") for a, problem in problems.items()]
        kept = [address for address in old if address not in problems]
        claimed.update(kept)
        posts.append(_imported(post, kept))
    copies, missing = linked_files(source)
    copied = {copy.shown for copy in copies}
    left_out = [left for left in left_out if left.path not in copied]
    return Export(tuple(posts), replace(source.site, permalink=fit_permalink(source.posts)),
                  drafts=Counter(p.draft for p in source.posts if p.draft),
                  unlisted=Counter(p.unlisted for p in source.posts if p.unlisted), left_out=tuple(left_out + missing),
                  copies=tuple(copies), variables=dict(source.variables), link_keys=link_keys(source.posts),
                  template_code=source.template_code)


def _address_problem(address: str, claimed: set[str]) -> str:
    """Why an old address cannot lead to its post: another post has it, or no file system can
    hold it (`/:lang/x/`, a token the old site filled in that chanblog cannot work out)."""
    if address in claimed:
        return "is an earlier post's too: it leads there"
    problem = urls.path_problem(unquote(urlsplit(address).path))
    return f"{problem}, so no redirect can stand there: add the address the old site gave to its aliases" \
        if problem else ""


def _old_addresses(post: SourcePost, base_path: str) -> list[str]:
    own = [f"{base_path}{post.old_path}"] if post.old_path and not post.draft else []
    return own + [alias if alias.startswith("/") or "://" in alias else f"/{alias}" for alias in post.aliases]


def _imported(post: SourcePost, aliases: Sequence[str]) -> ImportedPost:
    body = post.body.lstrip("\n")
    line = post.body_line + post.body.count("\n", 0, len(post.body) - len(body))  # where `body` starts in the file
    return ImportedPost(title=post.title, date=post.date, slug=old_slug(post), body=body, line=line,
                        author=post.author, updated=post.updated, tags=post.tags, labels=post.labels,
                        summary=post.summary, draft=bool(post.draft), unlisted=bool(post.unlisted),
                        aliases=tuple(aliases), source=post.source)


def old_slug(post: SourcePost) -> str:
    """The last segment of the old address (`welcome` of `/2013/05/06/welcome.html`), so the new
    address can be the old one; else the slug the old site gave it."""
    last = _last_segment(post.old_path)
    return last if last and urls.is_safe_slug(last) else post.slug


def _last_segment(path: str) -> str:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return last[: -len(ext)] if not path.endswith("/") and (ext := _html_ext(last)) else last


def _html_ext(name: str) -> str:
    return next((ext for ext in _HTML_EXT if name.lower().endswith(ext)), "")


def fit_permalink(posts: Iterable[SourcePost]) -> str:
    """The chanblog permalink under which most posts keep their old address, or "".

    Patterns are grouped by shape (`/*/{year}/{slug}.html`); the most common shape wins, with its
    fixed words when most of its posts share them (`/posts/{slug}/`), else without them: a
    category in the address (`/news/...`, `/de/...`) cannot be a chanblog permalink."""
    counts = Counter(pattern for post in posts if not post.draft and (pattern := permalink_of(post)))
    shapes: Counter[str] = Counter()
    for pattern, count in counts.items():
        shapes[_shape(pattern)] += count
    if not shapes:
        return ""
    shape = max(shapes, key=lambda s: (shapes[s], -s.count("*")))
    best = max((p for p in counts if _shape(p) == shape), key=lambda p: counts[p])
    if counts[best] * 2 > shapes[shape]:
        return best
    return "/" + "/".join(part for part in shape.strip("/").split("/") if part != "*") + ("/" if shape.endswith("/") else "")


def _shape(pattern: str) -> str:
    return "/".join(part if "{" in part or not part else "*" for part in pattern.split("/"))


def permalink_of(post: SourcePost) -> str:
    """The chanblog permalink that gives `post` its old address (`/{year}/{month}/{day}/{slug}.html`), or ""."""
    path, slug = post.old_path, old_slug(post)
    if not path.startswith("/") or _last_segment(path) != slug or "{" in path or "}" in path:
        return ""
    parts = path.strip("/").split("/")
    fields = {f"{post.date.year:04d}": "{year}", f"{post.date.month:02d}": "{month}", f"{post.date.day:02d}": "{day}"}
    head = [fields.get(part, part) for part in parts[:-1]]
    if any(part in ("", ".", "..") or urls.name_problem(part) for part in head):
        return ""
    tail = "{slug}" + ("/" if path.endswith("/") else _html_ext(parts[-1]))
    return "/" + "/".join([*head, tail])


def expand(pattern: str, values: Mapping[str, str]) -> str:
    """A `:token` permalink (Jekyll's, Hugo's) filled in: `/:year/:title/` -> `/2013/welcome/`;
    unknown tokens stay as written. Repeated and empty segments collapse, as both tools do."""
    filled = re.sub(r":(\w+)", lambda m: values.get(m[1], m[0]), pattern)
    path = re.sub(r"/{2,}", "/", "/" + filled.lstrip("/"))
    return path


# ---------------------------------------------------------------------------------------------
# Files the posts link to


def linked_files(source: Source) -> tuple[list[CopiedFile], list[LeftOut]]:
    """The images and files the posts link to by a path on the old site, to copy into static/;
    and each such link to a file the old site does not have."""
    copies: dict[tuple[str, int | None], CopiedFile] = {}
    missing: list[LeftOut] = []
    for index, post in enumerate(source.posts):
        for ref in dict.fromkeys(local_refs(post.body)):
            found = _linked_file(source, post, index, ref)
            if found is None:
                missing.append(LeftOut(post.source, f"links to {ref}, which the old site does not have"))
            elif found.source.stat().st_size > MAX_COPY_BYTES:
                missing.append(LeftOut(found.shown, f"is over {MAX_COPY_BYTES // 1_000_000} MB: not copied; "
                                                    "put it in static/ yourself, or link to where it is hosted"))
            elif found.target:
                copies.setdefault((found.target, found.post), found)
    return list(copies.values()), missing


def local_refs(body: str) -> Iterator[str]:
    """Paths of files (`/images/a.png`, `route.png`) that a body's links and images name."""
    for match in _LOCAL_REF.finditer(body):
        ref = _SITE_PREFIX.sub("", match[1]).split("#", 1)[0].split("?", 1)[0]
        suffix = PurePosixPath(ref).suffix.lower()
        if suffix and suffix not in _PAGE_SUFFIXES and "{" not in ref and "}" not in ref and ":" not in ref:
            yield ref


def _linked_file(source: Source, post: SourcePost, index: int, ref: str) -> CopiedFile | None:
    path = unquote(ref)
    if path.startswith("/"):
        relative = path[len(source.base_path):] if source.base_path and path.startswith(source.base_path + "/") else path
        found = _find(source, [root / relative.lstrip("/") for root in source.files])
        return CopiedFile(found, source.show(found), relative.lstrip("/")) if found else None
    beside = [post.path.parent / path] if post.path else []
    old_url = posixpath.join(posixpath.dirname(post.old_path or "/"), path)
    found = _find(source, beside + [root / posixpath.normpath(old_url).lstrip("/") for root in source.files])
    return CopiedFile(found, source.show(found), posixpath.normpath(path), index) if found else None


def _find(source: Source, candidates: Iterable[Path]) -> Path | None:
    """The first candidate that is a plain file inside the old site (never through a link out of it)."""
    within = os.path.realpath(source.within) if source.within else None
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if within and (real == within or real.startswith(within + os.sep)) and os.path.isfile(real):
            return candidate
    return None


# ---------------------------------------------------------------------------------------------
# Links between posts, for the template converter


def resolver(keys: Mapping[str, int], addresses: Sequence[str]) -> Callable[[str, str], str | None]:
    """resolve(kind, target): the new site path of the post a `{% link %}`, `{% post_url %}` or
    `{{< ref >}}` names, by its path (with or without folder and extension) or its name."""
    def resolve(kind: str, target: str) -> str | None:
        index = keys.get(link_key(target))
        return addresses[index] if index is not None else None
    return resolve


def link_keys(posts: Sequence[SourcePost]) -> dict[str, int]:
    """Each post's keys, and each key's last segment when no other post has it."""
    keys: dict[str, int] = {}
    short: dict[str, set[int]] = {}
    for index, post in enumerate(posts):
        for key in map(link_key, post.keys):
            keys.setdefault(key, index)
            short.setdefault(key.rsplit("/", 1)[-1], set()).add(index)
    for key, owners in short.items():
        if len(owners) == 1:
            keys.setdefault(key, next(iter(owners)))
    return keys


def link_key(target: str) -> str:
    """`/posts/x/index.md`, `posts/x.md`, `_posts/2013-05-06-x.markdown` -> `posts/x`, `_posts/2013-05-06-x`."""
    key = target.strip().strip('"').split("#", 1)[0].strip("/")
    key = re.sub(r"\.(md|markdown|mdown|mkd|html)$", "", key, flags=re.IGNORECASE)
    return re.sub(r"(^|/)(index|_index)$", "", key)


def file_keys(*paths: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in paths if p))


def convert_bodies(export: Export, addresses: Sequence[str], config: SiteConfig) -> list[ImportedPost]:
    """Each post with its template code converted (`{% link %}`, `{{< ref >}}` and Pelican's
    `{filename}x.md` to the new addresses, `{static}/x.png` to the new site's) and what is left listed
    by its line in the post's file."""
    resolve = resolver(export.link_keys, addresses)
    context = TemplateContext(site_url=config.url, base_path=config.base_path, resolve=resolve,
                              variables=export.variables, liquid=export.template_code == "liquid",
                              shortcodes=export.template_code == "shortcodes")

    def filename(match: re.Match[str]) -> str:
        return resolve("link", match[2]) or match[0]

    posts = []
    for post in export.posts:
        body = _FILENAME.sub(filename, post.body)
        body = _STATIC.sub(lambda m: f"{m[1]}{config.base_path}/{m[2].lstrip('/')}", body)
        converted = convert_templates(body, context)
        leftovers = tuple((post.line + left.line - 1, left.text) for left in converted.leftovers)
        posts.append(replace(post, body=converted.text, leftovers=leftovers))
    return posts


def read_each(files: Iterable[T], read: Callable[[T], SourcePost]) -> list[SourcePost]:
    """The post `read` makes of each file, or BuildFailed naming every problem of every file."""
    posts, errors = [], []
    for file in files:
        try:
            posts.append(read(file))
        except ChanblogError as exc:
            errors.append(exc)
        except BuildFailed as exc:
            errors += exc.errors
    check_errors(errors)
    return posts


def check_errors(errors: list[ChanblogError]) -> None:
    if errors:
        raise BuildFailed(sorted(errors, key=ChanblogError.sort_key))
