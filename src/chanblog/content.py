"""From source files to `Post`s: `parse_post` is pure, `read_posts` is the input boundary."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.links import site_rooted
from chanblog.frontmatter import FrontMatter, decode_source, normalize_text, short_repr, split_front_matter
from chanblog.language_tags import NotALanguageTag, known_language_tag, language_tag
from chanblog.markup import Rendered, render_body
from chanblog.model import Author, Comment, Post, Ref, evolve
from chanblog.sources import Listing, list_files

POSTS = "posts"  # the folder, as messages name it
POST_SUFFIXES = (".md", ".markdown")
# What other generators call the same fields (Jekyll, Hugo, Pelican, Eleventy), read as chanblog's.
SYNONYMS = {"date": ("publishdate", "publishDate", "pubdate", "pubDate"),
            "updated": ("last_modified_at", "lastmod", "modified"), "labels": ("categories", "category"),
            "aliases": ("redirect_from",), "author": ("authors",), "summary": ("excerpt", "description")}
TRANSLATION_KEYS = ("translation_key", "translationKey")  # Hugo's spelling too
# Old addresses a post answered at, read as aliases: Jekyll's and Eleventy's `permalink`, Hugo's and Pelican's `url`.
OLD_URLS = ("permalink", "url")
KNOWN_FIELDS = ({"title", "date", "updated", "author", "tags", "labels", "series", "summary", "slug", "draft",
                 "published", "image", "aliases", "comments", "status", "unlisted", "lang", "eleventyExcludeFromCollections",
                 *OLD_URLS, *TRANSLATION_KEYS}
                | {s for names in SYNONYMS.values() for s in names})
_OFFSET = re.compile(r"\s*([+-])(\d\d):?(\d\d)$")
_ZONE_NAME = re.compile(r"\s*(?:UTC|GMT)$")
_SLASHED = re.compile(r"^(\d{4})/(\d\d)/(\d\d)(?=$|[ T])")
_EMAIL_DATE = re.compile(r"^(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d")
_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d\d-\d\d)[ T](\d)(?=:)")  # Jekyll and Hugo take `5:00:00`
# Jekyll's `_posts/2013-05-06-title.md`, a Hugo bundle's `2013-05-06-title/index.md`, and an archive
# kept in dated folders: `2013/05/title.md` (the first of the month) or `2013/05/06/title.md`.
_DATED_NAME = re.compile(r"(?:^|/)(?:(\d{4}-\d\d-\d\d)-|(\d{4})/(\d\d)/(?:(\d\d)/)?)([^/]+?)(?:/index)?\.[^./]+$")
_NAMED = re.compile(r"(?:^|/)([^/]+?)(?:/index)?\.[^./]+$")
DATE_HINT = "use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional -0700"
MISSING_DATE_HINT = ("add a line 'date: ...' to the front matter, or start the file's name with the date, "
                     "as Jekyll's do: 2009-08-14-title.md")
NAME_HINT = ("a slug or alias becomes a file name: keep it short, in letters, digits and hyphens, "
             "so the site builds anywhere")
MAX_POST_BYTES = 1_000_000  # Python-Markdown slows down more than linearly past this: minutes at 10 MB


class FieldError(ValueError):
    """A front matter value is wrong; the caller adds the file, key and line."""

    def __init__(self, message: str, hint: str | None = None, at: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.at = at  # a nested key such as "comments.0.date", for its line


class _Fields:
    """Reads front matter fields one by one, collecting every error with its line."""

    def __init__(self, front: FrontMatter, path: str) -> None:
        self.data, self.lines, self.path = front.data, front.lines, path
        self.errors: list[ChanblogError] = []

    def get(self, key: str, parse: Callable[[Any], Any], default: Any = None, required: bool = False) -> Any:
        if self.data.get(key) is None:
            if required:
                self.errors.append(ChanblogError(f"'{key}' is missing", self.path, 2,
                                                 f"add a line '{key}: ...' to the front matter"))
            return default
        try:
            return parse(self.data[key])
        except FieldError as exc:
            line = self.lines.get(f"{key}.{exc.at}", self.lines.get(key)) if exc.at else self.lines.get(key)
            self.errors.append(ChanblogError(f"{key}: {exc.message}", self.path, line, exc.hint))
            return default


@dataclass(frozen=True)
class Draft:
    """A post whose front matter is checked and whose body is not rendered yet."""

    post: Post  # every field but the rendered ones
    body: str
    summary: str  # front matter `summary`, or ""
    body_line: int = 1  # where the body starts in the file

    def without_body(self) -> Draft:
        """What a cache keeps: the body is in the source file already."""
        return replace(self, body="")

    def with_body_from(self, text: str) -> Draft:
        """This draft (from a cache) with its body taken from the text of its file."""
        return Draft(self.post, _from_line(normalize_text(text), self.body_line), self.summary, self.body_line)

    def finish(self, rendered: Rendered) -> Post:
        """The post with its rendered body; its excerpt, shown on other pages, with its relative
        links and images (`../x/`, a bundle's `chart.png`) made site-rooted."""
        return evolve(self.post, html=rendered.html,
                       excerpt=site_rooted(rendered.excerpt, self.post.url), summary=rendered.text_summary,
                       word_count=rendered.word_count, reading_time=rendered.reading_time)


def _from_line(text: str, line: int) -> str:
    """`text` from its line `line` (counted from 1) on; "" if it has fewer lines."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if not start:
            return ""
    return text[start:]


def parse_post(source_path: str, text: str, config: SiteConfig) -> Post:
    """Turn the text of a post file into a `Post`, or raise BuildFailed with every problem in it."""
    draft = parse_draft(source_path, text, config)
    return draft.finish(render_body(draft.body, draft.summary, config.markup))


def parse_draft(source_path: str, text: str, config: SiteConfig) -> Draft:
    """Check a post's front matter; leave its body for `markup` to render."""
    front = split_front_matter(text, source_path)
    fields = _Fields(front, source_path)
    tz = config.tzinfo
    lang = _post_language(fields, source_path, config)
    named = _without_lang(source_path)  # the name's own words give date, slug and title
    site = config.in_language(lang)  # where its tags, labels, series and author are listed
    title = _title(fields, named)
    published = _first(fields, ("date", *SYNONYMS["date"]), lambda v: parse_date(v, tz))
    published = published or _published_date(fields, tz) or _date_from_name(named, tz, fields)
    given = fields.get("slug", _slug)
    slug = given or _slug_from_name(named) or urls.slugify(title or "")
    summary = _first(fields, ("summary", *SYNONYMS["summary"]), _text) or ""
    url = (urls.post_url(config, published, slug, given or _file_name(named), _categories(fields, named), lang)
           if published else "")
    values = dict(
        updated=_first(fields, ("updated", *SYNONYMS["updated"]), lambda v: parse_date(v, tz)),
        author=_first(fields, ("author", *SYNONYMS["author"]), lambda v: _author(v, site)) or default_author(site),
        tags=tuple(_refs(site, "tags", fields.get("tags", _names, default=()))),
        labels=tuple(_refs(site, "labels", _labels(fields, site))),
        series=_series_ref(site, fields.get("series", _one_name)),
        comments=fields.get("comments", lambda v: _comments(v, tz), default=()),
        draft=_is_draft(fields),
        lang=lang,
        translation_key=_first(fields, TRANSLATION_KEYS, _text) or _without_language_folder(named, config),
        unlisted=_is_unlisted(fields),
        image=urls.asset_url(config, fields.get("image", _image, default="")),
        aliases=_all_aliases(fields, config, published, slug, url),
    )
    if url and (problem := urls.path_problem(urls.output_path(config, url) or "")):
        fields.errors.append(ChanblogError(f"slug: '{_shortened(slug)}' {problem}", source_path,
                                           front.lines.get("slug") or front.lines.get("title"), NAME_HINT))
    if fields.errors:
        raise BuildFailed(fields.errors)
    post = Post(source_path=source_path, slug=slug, url=url, title=title,
                date=published, html="", excerpt="", summary=summary, word_count=0, reading_time=0,
                meta={k: v for k, v in front.data.items() if k not in KNOWN_FIELDS},
                lines=dict(front.lines), **values)
    return Draft(post, front.body, summary, front.body_line)


def _all_aliases(fields: _Fields, config: SiteConfig, published: datetime | None, slug: str,
                 url: str) -> tuple[str, ...]:
    """`aliases` and `redirect_from`, and the address `permalink` or `url` gave the post on its old
    site when that is not where it is now: each old address answers with a redirect."""
    here = urls.output_path(config, url) if url else None
    found = [alias for key in ("aliases", *SYNONYMS["aliases"]) for alias in fields.get(key, _aliases, default=())]
    for key in OLD_URLS:
        if isinstance(fields.data.get(key), str):
            old = fields.get(key, lambda v: _aliases(_expand_old_url(v, published, slug, fields)), default=())
            found += [alias for alias in old if urls.alias_path(config, alias) != here]
    return tuple(dict.fromkeys(found))


# Jekyll's permalink placeholders, and Eleventy's usual `{{ page.fileSlug }}` and `{{ title | slug }}`.
_PLACEHOLDER = re.compile(r":(year|month|i_month|day|i_day|short_year|title|slug|categories|output_ext)\b"
                          r"|\{\{-?\s*(page\.fileSlug|title\s*\|\s*slug(?:ify)?)\s*-?\}\}")


def _expand_old_url(value: Any, published: datetime | None, slug: str, fields: _Fields) -> str:
    """A post's old address from its `permalink`, with the placeholders Jekyll and Eleventy fill in."""
    text = _text(value)
    if published is None or urlsplit(text).scheme:  # a link post's `url` to another site is no old address
        return "" if urlsplit(text).scheme else text

    def fill(match: re.Match[str]) -> str:
        if match[2]:  # Eleventy's file name (without its date), or its title made a slug
            return _file_name(fields.path, dated=False) if "fileSlug" in match[2] else urls.slugify(str(fields.data.get("title")))
        name = match[1]
        return {"year": f"{published.year:04d}", "month": f"{published.month:02d}", "i_month": str(published.month),
                "day": f"{published.day:02d}", "i_day": str(published.day), "short_year": f"{published.year % 100:02d}",
                "categories": "", "output_ext": ".html"}.get(name, slug)

    address = re.sub(r"/{2,}", "/", _PLACEHOLDER.sub(fill, text))
    if "{{" in address or "{%" in address or re.search(r"(^|/):[a-z]", address):
        raise FieldError(f"'{_shortened(text)}' holds template code chanblog does not fill in",
                         "write the address the post had, like /2013/05/my-post/")
    return address


def _first(fields: _Fields, keys: tuple[str, ...], parse: Callable[[Any], Any]) -> Any:
    """The value of the first of `keys` (a field and its other generators' names) that is given."""
    return next((found for key in keys if (found := fields.get(key, parse)) is not None), None)


# Hugo's and Zola's translations: `first-snow.fr.md`, `trail/index.fr.md`
_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3}(?:-[A-Za-z]{2,4})?)(\.[^./]+)$")


def _lang(value: Any) -> str:
    """A BCP 47 tag in its canonical case (`pt-BR`); `zh_cn` is refused with `zh-CN`, `english` with `en`."""
    try:
        return language_tag(_text(value))
    except NotALanguageTag as exc:
        raise FieldError(str(exc), exc.hint) from None


def _lang_of_name(source_path: str) -> str:
    """The language a file's name ends with (`first-snow.fr.md`: `fr`), when it names one."""
    found = _LANG_SUFFIX.search(source_path)
    return known_language_tag(found[1]) if found else ""


def _without_lang(source_path: str) -> str:
    """`posts/first-snow.fr.md` as `posts/first-snow.md`: the name without its language."""
    return _LANG_SUFFIX.sub(r"\2", source_path) if _lang_of_name(source_path) else source_path


def _post_language(fields: _Fields, source_path: str, config: SiteConfig) -> str:
    """A post's language: its `lang`, else its file name's (`first-snow.fr.md`); with `languages:`,
    else its folder's (`posts/fr/first-snow.md`), as declared (`FR` is `fr`), and one not declared is
    an error."""
    given = fields.get("lang", _lang)
    lang = given or _lang_of_name(source_path)
    if not config.languages:
        return lang
    if not lang:
        return _language_of_folder(source_path, config)
    declared = next((tag for tag in config.languages if tag.lower() == lang.lower()), None)
    if declared is None:
        what = f"lang: '{lang}'" if given else f"the file name's language '{lang}'"
        fields.errors.append(ChanblogError(
            f"{what} is not one of the site's languages", source_path,
            fields.lines.get("lang") if given else None,
            f"declare it under 'languages:' in site.yaml, or write one of {', '.join(config.languages)}"))
        return ""
    return declared


def _language_of_folder(source_path: str, config: SiteConfig) -> str:
    """The declared language a post's first folder under posts/ is named for (`posts/fr/…`), or ""."""
    folders = source_path.split("/")[1:-1]
    return next((tag for tag in config.languages if folders and tag.lower() == folders[0].lower()), "")


def _without_language_folder(source_path: str, config: SiteConfig) -> str:
    """`posts/fr/first-snow.md` as `posts/first-snow.md`: the same post in every language's folder."""
    folder = _language_of_folder(source_path, config)
    return source_path.replace(f"/{source_path.split('/')[1]}/", "/", 1) if folder else source_path


def _title(fields: _Fields, source_path: str) -> str:
    """`title`; without one, a dated file name's words, as Jekyll titles it (`2013-05-06-hello-world.md`:
    `Hello World`)."""
    if fields.data.get("title") is None and (named := _DATED_NAME.search(source_path)):
        return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", named[5]) if word) or named[5]
    return fields.get("title", _text, required=True)


def _published_date(fields: _Fields, tz: ZoneInfo) -> datetime | None:
    """Hugo's `published: 2013-05-06` is the date, where Jekyll's `published: false` hides a post."""
    value = fields.data.get("published")
    return fields.get("published", lambda v: parse_date(v, tz)) if isinstance(value, (date, datetime)) else None


def _is_draft(fields: _Fields) -> bool:
    """`draft: true`, a file in Jekyll's `_drafts/`, Jekyll's `published: false`, Pelican's
    `Status: draft` and Eleventy's `permalink: false` (no page is written) keep a post unpublished."""
    published = fields.data.get("published")
    return bool(fields.get("draft", _bool, default=False) or "_drafts/" in fields.path.split("/", 1)[-1]
                or (not isinstance(published, (date, datetime)) and not fields.get("published", _bool, default=True))
                or fields.get("status", _status, default=False)
                or fields.data.get("permalink") is False)


def _is_unlisted(fields: _Fields) -> bool:
    """`unlisted: true`, Pelican's `Status: hidden`, Eleventy's `eleventyExcludeFromCollections` and
    Hugo's `build: {list: never}`: the post is published at its address and listed nowhere."""
    build = fields.data.get("build") or fields.data.get("_build")
    return bool(fields.get("unlisted", _bool, default=False)
                or fields.get("eleventyExcludeFromCollections", _bool, default=False)
                or (isinstance(fields.data.get("status"), str) and fields.data["status"].strip().lower() == "hidden")
                or (isinstance(build, dict) and str(build.get("list", "")).lower() == "never"))


def _status(value: Any) -> bool:
    """Pelican's `Status`: True for a draft (a hidden article is unlisted)."""
    status = _text(value).lower()
    if status not in ("draft", "published", "hidden"):
        raise FieldError(f"'{status}' is not a status", "use draft or published")
    return status == "draft"


Parser = Callable[[str, str, SiteConfig], Draft]
Unchanged = Callable[[str, str], Draft | None]  # (source path, file) -> the post as last read, if its file is unchanged
Listed = Callable[[Callable[[], Listing]], Listing]  # how a folder is listed -> its listing (it may know it already)


def read_posts(config: SiteConfig, parse: Parser = parse_draft, unchanged: Unchanged | None = None,
               listed: Listed | None = None) -> list[Draft]:
    """Read every post under `posts/` and check its front matter, reporting all problems at once;
    a post that `unchanged` vouches for is taken from it without opening its file."""
    return all_or_failed(read_all_posts(config, parse, unchanged, listed))


def read_all_posts(config: SiteConfig, parse: Parser = parse_draft, unchanged: Unchanged | None = None,
                   listed: Listed | None = None) -> tuple[list[Draft], list[ChanblogError]]:
    """The posts that are fine, and the problems of those that are not (for `check`, which goes on)."""
    return read_sources(config, config.posts_dir, POSTS, "post", parse, unchanged, listed)


Parsed = TypeVar("Parsed")


def all_or_failed(read: tuple[list[Parsed], list[ChanblogError]]) -> list[Parsed]:
    """What `read_sources` read, or BuildFailed naming every problem it found."""
    parsed, errors = read
    if errors:
        raise BuildFailed(errors)
    return parsed


def read_sources(config: SiteConfig, folder: Path, shown_folder: str, noun: str,
                 parse: Callable[[str, str, SiteConfig], Parsed],
                 unchanged: Callable[[str, str], Parsed | None] | None = None, listed: Listed | None = None,
                 ) -> tuple[list[Parsed], list[ChanblogError]]:
    """Parse every Markdown file under `folder` (`posts/`, `pages/`), leaving out hidden files and
    backups and refusing links out of it; the files that are fine, and the problems of the others."""
    parsed: list[Parsed] = []
    make = functools.partial(list_files, folder, folder, shown_folder, noun, skip=skipped_name, wanted=is_post_file)
    listing = listed(make) if listed else make()
    errors = list(listing.errors)
    for relative, path in listing.files.items():
        shown = f"{shown_folder}/{relative}"
        try:
            known = unchanged(shown, path) if unchanged else None
            parsed.append(known if known is not None else parse(shown, read_post_file(path, shown), config))
        except ChanblogError as exc:
            errors.append(exc)
        except BuildFailed as exc:
            errors.extend(exc.errors)
    return parsed, errors


JEKYLL_FOLDERS = ("_posts", "_drafts")  # read when a Jekyll site's folders are copied in whole


def skipped_name(name: str) -> bool:
    """Files and folders of `posts/` that are neither posts nor their files: hidden, backups,
    `_includes` and the like (but Jekyll's folders of posts)."""
    return (name.startswith((".", "_", "#")) and name not in JEKYLL_FOLDERS) or name.endswith("~")


def is_post_file(name: str) -> bool:
    return name.lower().endswith(POST_SUFFIXES)


def read_post_file(path: str, shown: str) -> str:
    """A post's text (`list_files` has refused links out of posts/ and what is no plain file);
    huge and unreadable files are refused."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_POST_BYTES + 1)
    except OSError as exc:
        raise ChanblogError(f"cannot be read: {exc.strerror}", shown, None,
                            "check that you may read the file") from None
    if len(raw) > MAX_POST_BYTES:
        raise ChanblogError(f"is over the {MAX_POST_BYTES // 1_000_000} MB a post may be: it passes that on this line",
                            shown, raw.count(b"\n", 0, MAX_POST_BYTES) + 1,
                            "split it into a series of posts, or put large files in static/ and link to them")
    return decode_source(raw, shown)


def default_author(config: SiteConfig) -> Author | None:
    """The site's `author`, or its only author, or nobody."""
    if config.author:
        return make_author(config, config.author)
    if len(config.authors) == 1:
        return make_author(config, next(iter(config.authors)))
    return None


def make_author(config: SiteConfig, key: str) -> Author:
    entry = config.authors[key]
    slug = urls.slugify(key)
    return Author(key=key, name=entry.name, slug=slug, url=urls.section_url(config, "authors", slug),
                  bio=entry.bio, website=entry.website, avatar=urls.asset_url(config, entry.avatar))


def _slug_from_name(source_path: str) -> str:
    """What follows the date in a dated file name (`2013-05-06-welcome.md`: `welcome`), as Jekyll and
    Hugo take a post's URL from it: kept as written when it is a safe slug, else slugified."""
    named = _DATED_NAME.search(source_path)
    if not named:
        return ""
    return named[5] if urls.is_safe_slug(named[5]) else urls.slugify(named[5])


def _categories(fields: _Fields, source_path: str) -> tuple[str, ...]:
    """A post's categories as Jekyll puts them in its URL: the folders above `_posts/`
    (`posts/de/_posts/x.md`: `de`), then `categories` or `category` (a string is split at spaces)."""
    folders = source_path.split("/")[1:-1]
    found = folders[:folders.index("_posts")] if "_posts" in folders else []
    for key in ("categories", "category"):
        value = fields.data.get(key)
        if isinstance(value, str):
            found += value.split()
        elif isinstance(value, list):
            found += [str(item) for item in value if isinstance(item, (str, int))]
    return tuple(found)


def _file_name(source_path: str, dated: bool = True) -> str:
    """A post's file name without its extension (a folder's name for its `index.md`), as a slug:
    what Hugo and Eleventy take a post's URL from; without its date too when not `dated`
    (Eleventy's `fileSlug`)."""
    name = (not dated and _DATED_NAME.search(source_path)) or _NAMED.search(source_path)
    word = name[5] if name and name.re is _DATED_NAME else name[1] if name else ""
    return word if urls.is_safe_slug(word) else urls.slugify(word)


def _date_from_name(source_path: str, tz: ZoneInfo, fields: _Fields) -> datetime | None:
    """A post without `date:` takes the date its file name starts with; without one it is an error."""
    if (any(fields.data.get(key) is not None for key in ("date", *SYNONYMS["date"]))
            or isinstance(fields.data.get("published"), (date, datetime))):
        return None  # given, but wrong: its own error is reported already
    named = _DATED_NAME.search(source_path)
    day = (named[1] or f"{named[2]}-{named[3]}-{named[4] or '01'}") if named else ""
    try:
        if named:
            return parse_date(day, tz)
        problem = "'date' is missing"
    except FieldError:  # 2013-02-31 is no date, so the name gives none
        where = "the file's name starts with" if named[1] else "the file's folders give"
        problem = f"'date' is missing, and '{day}' that {where} is not a date"
    fields.errors.append(ChanblogError(problem, fields.path, 2, MISSING_DATE_HINT))
    return None


def parse_date(value: Any, tz: ZoneInfo) -> datetime:
    """A YAML date or datetime, or a string like `2009-08-14 09:00:00 -0700`; naive times take `tz`."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        moment = _parse_date_text(value.strip())
    else:
        raise FieldError(f"{short_repr(value)} is not a date", DATE_HINT)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=tz)
    try:
        moment.astimezone(timezone.utc).astimezone(tz)  # pages, feeds and sorting all convert it
    except (OverflowError, ValueError):
        raise FieldError(f"'{moment.date()}' is too far in the past or future", DATE_HINT) from None
    return moment


def _parse_date_text(text: str) -> datetime:
    """ISO 8601 and the forms Jekyll, Hugo and Pelican also take: a one-digit hour, `+0200`,
    a `UTC` or `GMT` suffix, `2013/05/06`, and e-mail dates (`Mon, 06 May 2013 10:00:00 +0200`)."""
    if text.lower().removeprefix("git ") in ("last modified", "created"):
        raise FieldError(f"'{text}' is Eleventy's word for the file's own time, which copies and clones do not keep",
                         "write the post's date, like date: 2019-03-01")
    iso = _ZONE_NAME.sub("+00:00", _SLASHED.sub(r"\1-\2-\3", text))
    iso = _OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}", _ONE_DIGIT_HOUR.sub(r"\1 0\2", iso)).replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    if _EMAIL_DATE.match(text):
        from email.utils import parsedate_to_datetime  # noqa: PLC0415  (its import costs every build 10 ms)

        try:
            return parsedate_to_datetime(text)
        except (ValueError, TypeError, IndexError):
            pass
    raise FieldError(f"'{text}' is not a date", DATE_HINT)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise FieldError("must be text, not a list or mapping", "write it on one line, quoted if it has a ':'")
    text = str(value).strip()
    if not text:
        raise FieldError("is empty")
    return text


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"{short_repr(value)} is not true or false")
    return value


def _slug(value: Any) -> str:
    slug = _text(value)
    if not urls.is_safe_slug(slug):
        raise FieldError(f"'{slug}' is not a slug", "use letters, digits and hyphens, like my-first-post")
    return slug


def _names(value: Any) -> tuple[str, ...]:
    """A list of names, or one comma-separated string; blanks and repeats dropped."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or any(isinstance(i, (dict, list)) or i is None for i in items):
        raise FieldError("must be a list of names", "write it like [marketing, sales] or 'marketing, sales'")
    names = (str(item).strip() for item in items)
    return tuple(dict.fromkeys(name for name in names if name))


def _labels(fields: _Fields, config: SiteConfig) -> tuple[str, ...]:
    """`labels`, with Jekyll's and Pelican's `categories` and `category` accepted as synonyms; when
    site.yaml declares the site's labels, only those (in any spelling with the same slug)."""
    names: tuple[str, ...] = ()
    for key in ("labels", *SYNONYMS["labels"]):
        names += fields.get(key, lambda v: _declared_labels(_names(v), config), default=())
    return tuple(dict.fromkeys(names))


def _declared_labels(names: tuple[str, ...], config: SiteConfig) -> tuple[str, ...]:
    declared = {urls.slugify(label) for label in config.labels}
    unknown = [name for name in names if declared and urls.slugify(name) not in declared]
    if unknown:
        raise FieldError(f"'{unknown[0]}' is not one of the site's labels",
                         f"use one of {', '.join(config.labels)}, or add it to 'labels' in site.yaml")
    return names


def _refs(config: SiteConfig, section: str, names: tuple[str, ...]) -> Iterator[Ref]:
    for name in names:
        slug = urls.slugify(name)
        yield Ref(name, urls.section_url(config, section, slug), slug)


def _one_name(value: Any) -> str:
    """One name, or a list of one (Hugo's taxonomies are lists: `series: [Run]`)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, list):
        raise FieldError("names more than one series", "a post is part of one series: keep one name")
    return _text(value)


def _image(value: Any) -> str:
    """An image's address, or a mapping that holds it (`image: {path: /img/x.png, alt: ...}`, as
    Jekyll themes write it)."""
    if isinstance(value, dict):
        value = next((value[key] for key in ("path", "src", "url", "feature") if value.get(key)), None)
        if value is None:
            raise FieldError("names no image", "write image: /img/picture.png")
    return _text(value)


def _series_ref(config: SiteConfig, name: str | None) -> Ref | None:
    return next(_refs(config, "series", (name,)), None) if name else None


def _author(value: Any, config: SiteConfig) -> Author:
    """A key of site.yaml's `authors` or its name (in any case), else an author known only by the name the post
    gives (`check` warns); a list of authors (Hugo, Pelican) or a mapping with a `name` gives its first."""
    key = _text(_first_author(value))
    slug = urls.slugify(key)
    declared = key if key in config.authors else next(
        (known for known, entry in config.authors.items()
         if key.casefold() in (known.casefold(), entry.name.casefold()) or urls.slugify(known) == slug), None)
    if declared is not None:
        return make_author(config, declared)
    return Author(key=slug, name=key, slug=slug, url=urls.section_url(config, "authors", slug))


def _first_author(value: Any) -> Any:
    if isinstance(value, str) and "," in value:  # Pelican's `Authors: Alexis, Bob`
        value = [part for part in value.split(",") if part.strip()] or value
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict) and value.get("name") is not None:
        value = value["name"]
    return value


def is_declared(author: Author, config: SiteConfig) -> bool:
    """Whether site.yaml's `authors` declares `author`, rather than a post naming them."""
    return author.key in config.authors


def _aliases(value: Any) -> tuple[str, ...]:
    aliases = _names([value] if isinstance(value, str) else value)
    for index, alias in enumerate(aliases):
        path = urlsplit(alias).path
        if ".." in path.split("/"):
            raise FieldError(f"'{alias}' leaves the site folder", "write the old URL's path, like /2009/08/old.html")
        problem = urls.path_problem(unquote(path))
        if problem:
            raise FieldError(f"'{_shortened(alias)}' {problem}", NAME_HINT, str(index))
    return aliases


def _shortened(text: str) -> str:
    """A long value as a message shows it: its start."""
    return text if len(text) <= 60 else text[:57] + "..."


def _comments(value: Any, tz: ZoneInfo) -> tuple[Comment, ...]:
    if not isinstance(value, list):
        raise FieldError("must be a list of comments", "each one with author:, date:, body: and optionally url:")
    return tuple(_comment(item, index, tz) for index, item in enumerate(value))


def _comment(item: Any, index: int, tz: ZoneInfo) -> Comment:
    where = f"comment {index + 1}"
    if not isinstance(item, dict) or not all(item.get(k) for k in ("author", "date", "body")):
        raise FieldError(f"{where} needs author:, date: and body:", at=str(index))
    author, body = (_comment_text(item, key, index) for key in ("author", "body"))
    url = _comment_text(item, "url", index) if item.get("url") is not None else ""
    if url and (link := web_address(url)) is None:
        raise FieldError(f"{where}: url '{url}' is not a web address", "start it with https://", f"{index}.url")
    try:
        when = parse_date(item["date"], tz)
    except FieldError as exc:
        raise FieldError(f"{where}: date {exc.message}", exc.hint, f"{index}.date") from None
    return Comment(author=author, date=when, body=body, url=link if url else "",
                   reply_to=_reply_to(item.get("reply_to"), index))


COMMENT_HINTS = {
    "author": "put the name in quotes, like author: \"Ann, Bo\"",
    "body": "put the text in quotes, or write 'body: |' and the paragraphs indented below it",
    "url": "write one web address, like url: https://example.com",
}
_BARE_HOST = re.compile(r"^[^\W_][\w-]*(?:\.[\w-]+)+(?::\d+)?(?:[/?#]\S*)?$")


def _comment_text(item: dict[str, Any], key: str, index: int) -> str:
    """A comment's author, body or url: text (a number or date is read as text), never a list or mapping."""
    value = item[key]
    if isinstance(value, (dict, list, bool)):
        kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "true or false"
        raise FieldError(f"comment {index + 1}: {key} must be text, not {kind}", COMMENT_HINTS[key], f"{index}.{key}")
    return str(value).strip()


def web_address(url: str) -> str | None:
    """A commenter's site as a safe link: an http(s) or mailto address as written, a bare host name
    (`www.example.com/me`) with `http://` before it, as WordPress shows it; None for anything else,
    such as `javascript:` or a path, which a page must not link to."""
    url = url.strip()
    if _BARE_HOST.match(url):
        return f"http://{url}"
    parts = urlsplit(url)
    if (parts.scheme in ("http", "https") and parts.netloc) or (parts.scheme == "mailto" and parts.path):
        return url
    return None


def _reply_to(value: Any, index: int) -> int:
    """A reply names the comment it answers by its position, which must come before it."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= index:
        raise FieldError(f"comment {index + 1}: reply_to {value!r} is not the number of an earlier comment",
                         "count the comments from 1: a reply to the first one has reply_to: 1", f"{index}.reply_to")
    return value
