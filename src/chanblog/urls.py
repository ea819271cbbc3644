"""The single place where slugs, URLs and output paths are made.

A *site path* is what a page is linked as: it starts with `/`, includes the site's base
path and ends with `/` for pretty URLs. An *output path* is where its file is written,
relative to the output folder, and can never leave it.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from slugify import slugify as _slugify

from chanblog.config import SiteConfig

_SAFE_SLUG = re.compile(r"^[\w][\w.~-]*$")
MAX_NAME_BYTES = 255  # the longest file or folder name that Linux, macOS and Windows file systems store
_NOT_ON_WINDOWS = re.compile('["<>|?*:]')  # characters Windows cannot store in a name (nor a trailing dot or space)


@lru_cache(maxsize=65536)  # the same tags and labels recur across thousands of posts
def slugify(text: str) -> str:
    """`Lighting the Fuse!` -> `lighting-the-fuse`; non-Latin text is transliterated. Text with no
    letter or digit is spelled by its characters' names: `😀` -> `grinning-face`, `???` ->
    `question-mark-question-mark-question-mark`; at most 80 ASCII characters."""
    return (_slugify(text, max_length=80, word_boundary=True)
            or _slugify(" ".join(_char_names(text)), max_length=80, word_boundary=True) or "untitled")


def _char_names(text: str) -> list[str]:
    """The Unicode names of the characters that show (not of joiners, variation selectors or spaces)."""
    return [unicodedata.name(char, "") for char in text if unicodedata.category(char)[0] not in "MCZ"]


def name_problem(name: str) -> str | None:
    """Why `name` cannot be one file or folder name on every system chanblog runs on, or None."""
    if len(name) > MAX_NAME_BYTES // 4 and len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"is longer than the {MAX_NAME_BYTES} bytes a file name may have"
    held = _NOT_ON_WINDOWS.search(name)
    if held:
        return f"holds '{held.group()}', which Windows cannot store in a file name"
    if name.endswith((".", " ")):
        return f"ends in a {'dot' if name.endswith('.') else 'space'}, which Windows drops from file names"
    return None


def path_problem(path: str) -> str | None:
    """The first `name_problem` of the parts of an output path (`2009/08/slug/index.html`), or None."""
    return next((problem for part in path.split("/") if part and (problem := name_problem(part))), None)


def is_safe_slug(slug: str) -> bool:
    """A slug is one path segment: letters, digits, `-`, `_`, `.`, `~`, never `..`."""
    return bool(_SAFE_SLUG.match(slug)) and ".." not in slug


def site_path(config: SiteConfig, path: str) -> str:
    """Put the base path in front of a path relative to the site root."""
    return f"{config.base_path}/{path.lstrip('/')}"


def asset_url(config: SiteConfig, ref: str) -> str:
    """An image or file named in front matter or site.yaml: full URLs as they are, paths under the site."""
    if not ref or urlsplit(ref).scheme or ref.startswith("//"):
        return ref
    return site_path(config, ref)


def absolute_url(config: SiteConfig, url: str) -> str:
    """A site path made absolute with the site's scheme and host."""
    return f"{config.origin}{url}" if url.startswith("/") else url


def post_url(config: SiteConfig, date: datetime, slug: str, name: str = "", categories: tuple[str, ...] = (),
             lang: str = "") -> str:
    """The URL of a post: `{slug}`, or `{name}` (Hugo's and Eleventy's: its file's name, date and
    all, unless it sets a slug), and `{categories}` (Jekyll's: its categories in lower case, one folder each, none
    when it has none), in the site's permalink pattern; a post in another language than the site's
    goes under its language's folder (`/fr/2019/10/x/`), as Hugo puts translations: where `{lang}`
    says, else in front."""
    folders = "/".join(dict.fromkeys(_category_folder(c) for c in categories))
    folder = language_folder(config, lang)
    path = config.permalink.format(year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}",
                                   slug=slug, name=name or slug, categories=folders, lang=folder)
    if "{categories}" in config.permalink or "{lang}" in config.permalink:
        path = re.sub(r"/{2,}", "/", path)
    # (a Jekyll translation's folder is one of its categories already)
    if folder and "{lang}" not in config.permalink and not path.startswith(f"/{folder}/"):
        path = f"/{folder}{path}"
    return site_path(config, path)


def language_folder(config: SiteConfig, lang: str) -> str:
    """The folder of a post's language: its `prefix` under `languages:`; without `languages:`,
    the tag in lower case unless it is the site's language."""
    if config.languages:
        return config.languages[lang or config.language].prefix
    if lang and lang.split("-")[0].lower() != config.language.replace("_", "-").split("-")[0].lower():
        return lang.lower()
    return ""


def _category_folder(category: str) -> str:
    """A category as Jekyll puts it in a URL, in lower case; one no folder can be named is slugified."""
    folder = category.strip().lower()
    unsafe = folder in ("", ".", "..") or "/" in folder or "\\" in folder or name_problem(folder)
    return slugify(category) if unsafe else folder


def site_page_url(config: SiteConfig, path: str) -> str:
    """A page of `pages/` at `path` (`speaking/fees`, or its own `url:` `/talks/`): a folder, unless
    the path names a file (`/contact.html`)."""
    path = path.strip("/")
    folder = not posixpath.splitext(path)[1]
    return site_path(config, f"{path}/" if folder and path else path)


def language_path(config: SiteConfig, path: str) -> str:
    """A path of chanblog's own pages of a language (its home, `tags/`, `feed.xml`): under the
    folder of the language `config` is the view of (`/fr/tags/`), at the root for the site's."""
    return site_path(config, f"{config.lang_prefix}/{path.lstrip('/')}" if config.lang_prefix else path)


def linked_path(config: SiteConfig, path: str) -> str:
    """What a template's `site_url(path)` links to: one of chanblog's own pages of each language
    (a home, `tags/`, `feed.xml`, `search/`) in the page's language; the rest (the theme, `static/`,
    `pages/`, the search index, the 404 page) at the root."""
    relative = path.lstrip("/")
    target = f"{relative}index.html" if relative == "" or relative.endswith("/") else relative
    if config.lang_prefix and relative.split("/", 1)[0] not in _SITE_WIDE and builtin_page(target):
        return language_path(config, relative)
    return site_path(config, path)


def section_url(config: SiteConfig, section: str, slug: str = "") -> str:
    """`/tags/`, `/tags/marketing/`, `/labels/viral/`, `/authors/jane/`, `/series/x/` (`/fr/tags/` in French)."""
    return language_path(config, f"{section}/{slug}/" if slug else f"{section}/")


def feed_url(page_url: str) -> str:
    return f"{page_url}feed.xml"


def page_url(first_page_url: str, number: int) -> str:
    """Page 1 of a listing lives at its own URL, page n at `.../page/n/`."""
    return first_page_url if number == 1 else f"{first_page_url}page/{number}/"


def archive_url(config: SiteConfig, year: int, month: int = 0) -> str:
    return language_path(config, f"{year:04d}/{month:02d}/" if month else f"{year:04d}/")


def output_path(config: SiteConfig, url: str) -> str | None:
    """Where the page at site path `url` is written, or None if it would leave the output."""
    path = url if "?" not in url and "#" not in url and "://" not in url else urlsplit(url).path
    base = config.base_path
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):]
    path = unquote(path)
    if "\\" in path or "\0" in path or ".." in path.split("/"):
        return None
    relative = posixpath.normpath("/" + path).lstrip("/")
    if relative in ("", "."):
        return "index.html"
    if path.endswith("/") or not posixpath.splitext(relative)[1]:
        return f"{relative}/index.html"
    return relative


def card_url(config: SiteConfig, post_url: str) -> str:
    """Where a post's social card is published: its page's path under /cards/, as a PNG
    (`/2009/08/lighting-the-fuse/` has `/cards/2009/08/lighting-the-fuse.png`)."""
    page = output_path(config, post_url) or ""
    stem = page[:-len("/index.html")] if page.endswith("/index.html") else posixpath.splitext(page)[0]
    if len(f"{posixpath.basename(stem)}.png".encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:  # a slug of 252 bytes or more
        return site_path(config, f"cards/{stem}/card.png")
    return site_path(config, f"cards/{stem}.png")


def alias_path(config: SiteConfig, alias: str) -> str | None:
    """The output path of an old URL (`http://old.example/2009/08/x.html` or `/x/`)."""
    path = urlsplit(alias.strip()).path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return output_path(config, path)


_SECTIONS = {"tags": "tag pages", "labels": "label pages", "authors": "author pages", "series": "series pages",
             "archives": "archives page", "search": "search page", "page": "home page's later pages",
             "pagefind": "search index", "cards": "social cards", "subscribe": "subscribe page"}
_FILES = {"index.html": "home page", "404.html": "page-not-found page", "feed.xml": "site feed",
          "feed.json": "JSON feed", "comments.xml": "comments feed", "sitemap.xml": "sitemap",
          "robots.txt": "robots.txt"}
_SITE_WIDE = {"sitemap.xml", "robots.txt", "pagefind", "404.html"}  # one for every language
_ARCHIVE = re.compile(r"^\d{4}/(?:\d{2}/)?index\.html$")


def builtin_page(path: str) -> str | None:
    """Which of chanblog's own pages an output path (or a folder it needs) belongs to, or None: the
    home page and its feeds, `/tags/`, `/labels/`, `/authors/`, `/series/`, `/archives/`,
    `/search/`, `/subscribe/`, `/page/2/`, year and month archives (`/2011/`, `/2011/07/`), sitemap.xml."""
    first = path.split("/", 1)[0]
    if first in _SECTIONS or first in _FILES:
        return _SECTIONS.get(first) or _FILES[first]
    if _ARCHIVE.match(path):
        return "archive pages"
    return "feeds" if path.endswith("/feed.xml") else None
