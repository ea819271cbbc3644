"""Read `site.yaml` into frozen settings, checked once, here, with the line of every mistake."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chanblog.errors import BuildFailed, ChanblogError
from chanblog.frontmatter import check_characters, decode_source, load_yaml, normalize_text, short_repr
from chanblog.language_tags import NotALanguageTag, language_tag
from chanblog.markup import ENGINES, Markup

CONFIG_FILE = "site.yaml"
PERMALINK_FIELDS = {"year", "month", "day", "slug", "name", "categories", "lang"}
LANGUAGE_FIELDS = ("title", "description", "locale", "prefix")
LANGUAGES_HINT = "write each language as 'fr: {title: ..., description: ..., locale: fr-CA, prefix: fr}'"
_FOLDER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class AuthorConfig:
    """An author as declared under `authors:` in site.yaml."""

    key: str
    name: str
    bio: str = ""
    website: str = ""
    avatar: str = ""


@dataclass(frozen=True)
class LanguageConfig:
    """A language of the site as declared under `languages:`; "" for a title or description
    means the site's own."""

    tag: str  # BCP 47, as written in site.yaml
    title: str = ""
    description: str = ""
    locale: str = ""  # the locale its dates are written in: the tag when ""
    prefix: str = ""  # the folder its pages go under; "" for none (the site's language, by default)
    line: int | None = None  # its line in site.yaml


@dataclass(frozen=True)
class MenuEntry:
    """An entry of `menu:` in site.yaml: a link (`title` and `url`, site-rooted or absolute) or a
    page of `pages/` by its name or slug (`page`, with an optional `title`)."""

    title: str = ""
    url: str = ""
    page: str = ""
    line: int | None = None  # its line in site.yaml


@dataclass(frozen=True)
class CardConfig:
    """`cards:` in site.yaml: the colours of the posts' social cards (by default the theme's,
    light), the logo put on them (a file of `static/` checked to be an image) and the font they
    are drawn with (a file of the site, for scripts the bundled font lacks)."""

    background: str = "#fdfcfa"
    foreground: str = "#1f2328"
    accent: str = "#0b5cad"
    logo: str = ""  # its path in the site folder (static/img/logo.png), or ""
    logo_digest: str = ""  # the SHA-256 of its bytes: a card is drawn again when the logo changes
    font: str = ""  # the path in the site folder of a font to draw with instead of the bundled one, or ""
    font_digest: str = ""


@dataclass(frozen=True)
class NewsletterConfig:
    """`newsletter:` in site.yaml: the sign-up form of an email service (Buttondown, Mailchimp,
    Kit...) that the subscribe page's form posts to: its `action` address, its `method`, the
    name of its email field, the hidden fields it needs, and optionally the site's own heading
    and sentence for it ("" for the theme's, in the page's language)."""

    action: str
    method: str = "post"
    email_field: str = "email"
    hidden: tuple[tuple[str, str], ...] = ()  # (name, value) of each hidden field, in site.yaml's order
    title: str = ""
    text: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """Every setting of a site, validated."""

    root: Path
    title: str
    url: str  # scheme and host, plus an optional path, never a trailing slash
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 10
    permalink: str = "/{year}/{month}/{slug}/"
    feed_limit: int = 20
    labels: tuple[str, ...] = ()
    authors: Mapping[str, AuthorConfig] = field(default_factory=dict)
    author: str = ""  # key of the author of posts that name none
    search: bool = True  # a Pagefind index of the posts, a search page and a search box
    json_feed: bool = True  # /feed.json (JSON Feed 1.1) beside the Atom feed
    params: Mapping[str, Any] = field(default_factory=dict)
    git: bool | None = None  # dates from git history; None: when the site is in a git repository
    markdown: str = "commonmark"  # the engine: CommonMark with GitHub's extensions, or "python-markdown"
    smart_punctuation: bool = True  # curly quotes, dashes and ellipses from ' " -- ... (Hugo's and Jekyll's default)
    cards: CardConfig | None = CardConfig()  # social cards for posts without an image; None: none
    menu: tuple[MenuEntry, ...] = ()  # the header's links; pages with `menu: true` follow them
    languages: Mapping[str, LanguageConfig] = field(default_factory=dict)  # by tag, the site's `language` first
    lang_prefix: str = ""  # in one language's view of the config (languages.py): the folder of its pages
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # tag -> English text -> the site's
    newsletter: NewsletterConfig | None = None  # an email sign-up form on the subscribe page; None: none

    @property
    def markup(self) -> Markup:
        return Markup(self.markdown, self.smart_punctuation, self.url.rstrip("/"), self.permalink,
                      (("title", self.title), ("description", self.description)))

    def in_language(self, tag: str) -> SiteConfig:
        """The config as one of the site's languages sees it (`languages.py` builds a site of each):
        its title, description, language and folder; the config itself without `languages:`."""
        declared = self.languages.get(tag or self.language)
        if declared is None or declared == LanguageConfig(self.language, line=declared.line):
            return self  # the site's language, as the site's settings describe it
        return replace(self, title=declared.title or self.title, description=declared.description or self.description,
                       language=declared.tag, lang_prefix=declared.prefix)

    @property
    def locale(self) -> str:
        """The locale dates are written in: the `locale` of the language under `languages:`, else the language."""
        declared = self.languages.get(self.language)
        return (declared.locale if declared else "") or self.language

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of `url` ("" or "/blog"), put before every site URL."""
        return urlsplit(self.url).path.rstrip("/")

    @property
    def origin(self) -> str:
        """`url` without its path: what makes a site URL absolute."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def posts_dir(self) -> Path:
        return self.root / "posts"

    @property
    def pages_dir(self) -> Path:
        return self.root / "pages"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"


def load_config(root: Path) -> SiteConfig:
    """Read and check `root/site.yaml`."""
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ChanblogError(f"no {CONFIG_FILE} in {root}", CONFIG_FILE, None,
                            "run chanblog in your site's folder, pass --site, or run 'chanblog new' in a folder with a site.yaml") from None
    text = decode_source(raw, CONFIG_FILE)
    check_characters(text, CONFIG_FILE)
    return parse_config(text, root)


def parse_config(text: str, root: Path) -> SiteConfig:
    """Check the text of a site.yaml and return the settings it describes."""
    data, lines = load_yaml(normalize_text(text), CONFIG_FILE)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ChanblogError("is not a set of 'key: value' settings", CONFIG_FILE, 1)
    errors: list[ChanblogError] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        check = _CHECKS.get(str(key))
        if check is None:
            errors.append(_unknown_key(str(key), lines.get(str(key))))
            continue
        try:
            values[str(key)] = check(value, lines, str(key))
        except ChanblogError as exc:
            errors.append(exc)
    if values.get("cards"):  # the files it names, read once its fields are checked
        try:
            values["cards"] = checked_card_files(values["cards"], root, lines)
        except ChanblogError as exc:
            errors.append(exc)
    for required in ("title", "url"):
        if required not in data:
            errors.append(ChanblogError(f"'{required}' is missing", CONFIG_FILE, 1,
                                        f"add a line '{required}: ...'"))
    if "author" in values and values["author"] not in values.get("authors", {}):
        errors.append(_error("author", lines, f"'{values['author']}' is not a key of 'authors'",
                             "declare the author under 'authors:'"))
    if "languages" in values:
        values["languages"] = with_default_language(values["languages"], values.get("language", "en"))
        errors += _prefix_clashes(values["languages"])
    if errors:
        raise BuildFailed(errors)
    return SiteConfig(root=root, **values)


def _error(key: str, lines: Mapping[str, int], message: str, hint: str | None = None) -> ChanblogError:
    return ChanblogError(f"{key}: {message}", CONFIG_FILE, lines.get(key), hint)


def _unknown_key(key: str, line: int | None) -> ChanblogError:
    import difflib  # noqa: PLC0415  (only a build with this mistake needs it)

    close = difflib.get_close_matches(key, _CHECKS, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "put your own settings under 'params:'"
    return ChanblogError(f"unknown setting '{key}'", CONFIG_FILE, line, hint)


def _text(value: Any, lines: Mapping[str, int], key: str) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise _error(key, lines, "must be text")
    return str(value).strip()


def _url(value: Any, lines: Mapping[str, int], key: str) -> str:
    text = _text(value, lines, key)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _error(key, lines, f"'{text}' is not an absolute URL", "write it like https://example.com")
    return text.rstrip("/")


def _language(value: Any, lines: Mapping[str, int], key: str) -> str:
    """A BCP 47 tag in its canonical case (`en-GB`); `zh_cn` is refused with `zh-CN`."""
    try:
        return language_tag(_text(value, lines, key))
    except NotALanguageTag as exc:
        raise _error(key, lines, str(exc), exc.hint) from None


def _positive_int(value: Any, lines: Mapping[str, int], key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _error(key, lines, f"{short_repr(value)} is not a whole number of 1 or more")
    return value


def _timezone(value: Any, lines: Mapping[str, int], key: str) -> str:
    name = _text(value, lines, key)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _error(key, lines, f"'{name}' is not a time zone", "use a name like Europe/Paris or UTC") from None
    return name


def _permalink(value: Any, lines: Mapping[str, int], key: str) -> str:
    pattern = _text(value, lines, key)
    fields = set(re.findall(r"{(\w+)}", pattern))
    if not pattern.startswith("/") or not fields & {"slug", "name"} or fields - PERMALINK_FIELDS:
        raise _error(key, lines, f"'{pattern}' is not a post URL pattern",
                     "start with '/', include {slug} or {name}; "
                     "you may use {year}, {month}, {day}, {categories}, {lang}")
    if ".." in pattern.split("/") or "\\" in pattern:
        raise _error(key, lines, f"'{pattern}' leaves the site folder", "remove '..' and backslashes")
    return pattern


def _bool(value: Any, lines: Mapping[str, int], key: str) -> bool:
    if not isinstance(value, bool):
        raise _error(key, lines, f"{short_repr(value)} is not true or false", f"write '{key}: true' or '{key}: false'")
    return value


def _engine(value: Any, lines: Mapping[str, int], key: str) -> str:
    name = _text(value, lines, key).lower()
    if name not in ENGINES:
        raise _error(key, lines, f"'{name}' is not a Markdown engine chanblog has",
                     f"write '{key}: {ENGINES[0]}' (the default: CommonMark with GitHub's extensions) "
                     f"or '{key}: {ENGINES[1]}' (Python-Markdown with its extra, toc and smarty extensions)")
    return name


def _labels(value: Any, lines: Mapping[str, int], key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(key, lines, "must be a list of label names", "write it like [Leadership, Sales]")
    return tuple(v.strip() for v in value if v.strip())


def _mapping(value: Any, lines: Mapping[str, int], key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _error(key, lines, "must be a set of 'key: value' lines")
    return value


def _authors(value: Any, lines: Mapping[str, int], key: str) -> dict[str, AuthorConfig]:
    authors = {}
    for author_key, entry in _mapping(value, lines, key).items():
        where = f"{key}.{author_key}"
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not entry.get("name"):
            raise _error(where, lines, "needs a 'name'", "write name:, and optionally bio:, url:, avatar:")
        unknown = set(entry) - {"name", "bio", "url", "avatar"}
        if unknown:
            raise _error(where, lines, f"unknown field '{sorted(unknown)[0]}'", "use name, bio, url, avatar")
        same = next((other for other in authors if _author_slug(other) == _author_slug(str(author_key))), None)
        if same is not None:
            raise _error(where, lines, f"'{author_key}' and '{same}' would share the page /authors/{_author_slug(same)}/",
                         "give each author a key that differs in more than case or punctuation, or merge them")
        authors[str(author_key)] = AuthorConfig(
            key=str(author_key), name=str(entry["name"]).strip(), bio=str(entry.get("bio") or "").strip(),
            website=str(entry.get("url") or "").strip(), avatar=str(entry.get("avatar") or "").strip())
    return authors


MENU_HINT = "write each entry as {title: About, url: /about/} or {page: about}"


def _menu(value: Any, lines: Mapping[str, int], key: str) -> tuple[MenuEntry, ...]:
    if not isinstance(value, list):
        raise _error(key, lines, "must be a list of links", MENU_HINT)
    return tuple(_menu_entry(entry, lines, f"{key}.{index}") for index, entry in enumerate(value))


def _menu_entry(entry: Any, lines: Mapping[str, int], where: str) -> MenuEntry:
    line = lines.get(where)
    if not isinstance(entry, dict) or any(isinstance(v, (dict, list)) or v is None for v in entry.values()):
        raise ChanblogError(f"{where}: {short_repr(entry)} is not a link", CONFIG_FILE, line, MENU_HINT)
    unknown = set(map(str, entry)) - {"title", "url", "page"}
    if unknown:
        raise ChanblogError(f"{where}: unknown field '{sorted(unknown)[0]}'", CONFIG_FILE, line, MENU_HINT)
    values = {str(k): str(v).strip() for k, v in entry.items()}
    if values.get("page") and "url" not in values:  # titled by the page unless given a title
        return MenuEntry(values.get("title", ""), "", values["page"], line)
    if values.get("title") and values.get("url") and "page" not in values:
        return MenuEntry(values["title"], values["url"], "", line)
    raise ChanblogError(f"{where}: needs a 'title' and a 'url', or a 'page'", CONFIG_FILE, line, MENU_HINT)


def _languages(value: Any, lines: Mapping[str, int], key: str) -> dict[str, tuple[LanguageConfig, bool]]:
    """`languages:`: each language's tag, with its title, description, locale and folder (and
    whether the folder was given: `with_default_language` settles the site language's)."""
    if not isinstance(value, dict) or not value:
        raise _error(key, lines, "must be a set of languages, each a tag with its settings", LANGUAGES_HINT)
    entries = [_language_entry(str(tag), entry, lines, f"{key}.{tag}") for tag, entry in value.items()]
    return {entry.tag: (entry, given) for entry, given in entries}


def _language_entry(tag: str, entry: Any, lines: Mapping[str, int], where: str) -> tuple[LanguageConfig, bool]:
    _language(tag, lines, where)
    entry = {} if entry is None else entry
    if not isinstance(entry, dict) or any(isinstance(v, (dict, list)) for v in entry.values()):
        raise _error(where, lines, f"{short_repr(entry)} is not a set of settings", LANGUAGES_HINT)
    unknown = set(map(str, entry)) - set(LANGUAGE_FIELDS)
    if unknown:
        raise _error(f"{where}.{sorted(unknown)[0]}", lines, "unknown setting", f"use {', '.join(LANGUAGE_FIELDS)}")
    values = {str(k): "" if v is None else str(v).strip() for k, v in entry.items()}
    if values.get("locale"):
        _language(values["locale"], lines, f"{where}.locale")
    given = "prefix" in values
    prefix = _language_prefix(values["prefix"], tag, lines, f"{where}.prefix") if given else tag.lower()
    return LanguageConfig(tag, values.get("title", ""), values.get("description", ""), values.get("locale", ""),
                          prefix, lines.get(where)), given


def _language_prefix(value: str, tag: str, lines: Mapping[str, int], where: str) -> str:
    """The folder a language's pages go under: a plain folder name, not one of chanblog's own;
    "/" (or nothing) for none."""
    from chanblog.urls import builtin_page  # urls builds on this module's settings

    folder = value.strip("/")
    if folder and (not _FOLDER_NAME.match(folder) or builtin_page(f"{folder}/index.html") or folder == "theme"):
        raise _error(where, lines, f"'{value}' is not a folder the language's pages can go in",
                     f"write a plain folder name like {tag.lower()}, not one of chanblog's own, or '/' for none")
    return folder


def with_default_language(languages: Mapping[str, tuple[LanguageConfig, bool]],
                          default: str) -> dict[str, LanguageConfig]:
    """The languages with the site's `language` first, declared or not (as Hugo's default content
    language); its folder is none unless one was given."""
    declared = next((tag for tag in languages if tag.lower() == default.lower()), None)
    first, given = languages[declared] if declared else (LanguageConfig(default), False)
    others = [entry for tag, (entry, _) in languages.items() if tag != declared]
    return {entry.tag: entry for entry in [replace(first, tag=default, prefix=first.prefix if given else ""), *others]}


def _prefix_clashes(languages: Mapping[str, LanguageConfig]) -> list[ChanblogError]:
    """Two languages in one folder would overwrite each other's pages."""
    first: dict[str, str] = {}
    errors = []
    for tag, entry in languages.items():
        other = first.setdefault(entry.prefix.lower(), tag)
        if other != tag:
            shown = f"/{entry.prefix}/" if entry.prefix else "the site's root"
            errors.append(ChanblogError(f"languages.{tag}: its pages would go in {shown}, as those of {other}",
                                        CONFIG_FILE, entry.line, "give each language its own 'prefix:'"))
    return errors


TRANSLATIONS_HINT = "write it like translations: {fr: {\"Read full post\": \"Lire l’article\"}}"


def _translations(value: Any, lines: Mapping[str, int], key: str) -> dict[str, dict[str, str]]:
    """The site's own wording of the theme's words, by language tag: `{fr: {Read full post: Lire l’article}}`."""
    found: dict[str, dict[str, str]] = {}
    for tag, strings in _mapping(value, lines, key).items():
        where = f"{key}.{tag}"
        language = _language(tag, lines, where)  # checked as the site's language is
        if not isinstance(strings, dict):
            raise _error(where, lines, "must be a set of 'English text: translation' lines", TRANSLATIONS_HINT)
        for message, text in strings.items():
            if not isinstance(message, str) or not isinstance(text, str) or not text:
                raise _error(f"{where}.{message}", lines,
                             f"{short_repr(text)} is not a translation of {short_repr(message)}",
                             "write both the theme's English text and yours as text, in quotes")
        found[language] = dict(strings)
    return found


NEWSLETTER_FIELDS = ("action", "method", "email_field", "hidden", "title", "text")
NEWSLETTER_HINT = ("copy the form of your email service's sign-up page, like newsletter: "
                   "{action: https://buttondown.com/api/emails/embed-subscribe/yourname, email_field: email}")
_FIELD_NAME = re.compile(r"[^\s\"'<>&=]+")


def _newsletter(value: Any, lines: Mapping[str, int], key: str) -> NewsletterConfig:
    if not isinstance(value, dict):
        raise _error(key, lines, f"{short_repr(value)} is not a set of sign-up form settings", NEWSLETTER_HINT)
    unknown = sorted(set(map(str, value)) - set(NEWSLETTER_FIELDS))
    if unknown:
        raise _error(f"{key}.{unknown[0]}", lines, "is no newsletter setting", f"use {', '.join(NEWSLETTER_FIELDS)}")
    if "action" not in value:
        raise _error(key, lines, "needs an 'action': the address the sign-up form posts to", NEWSLETTER_HINT)
    action = _text(value["action"], lines, f"{key}.action")
    parts = urlsplit(action)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _error(f"{key}.action", lines, f"'{action}' is not an http or https address", NEWSLETTER_HINT)
    method = _text(value.get("method", "post"), lines, f"{key}.method").lower()
    if method not in ("post", "get"):
        raise _error(f"{key}.method", lines, f"'{method}' is not post or get", "write method: post (the default) or get")
    email_field = _form_field(value.get("email_field", "email"), lines, f"{key}.email_field")
    hidden = tuple((_form_field(name, lines, f"{key}.hidden.{name}"), _text(text, lines, f"{key}.hidden.{name}"))
                   for name, text in _mapping(value.get("hidden", {}), lines, f"{key}.hidden").items())
    title, text = (_text(value[name], lines, f"{key}.{name}") if name in value else "" for name in ("title", "text"))
    return NewsletterConfig(action, method, email_field, hidden, title, text)


def _form_field(value: Any, lines: Mapping[str, int], key: str) -> str:
    """The name of a field of the sign-up form (`email`, `EMAIL`, `b_123_abc`)."""
    text = _text(value, lines, key)
    if not _FIELD_NAME.fullmatch(text):
        raise _error(key, lines, f"{short_repr(text)} is not a form field name",
                     "write the name attribute of the service's field, like email or EMAIL")
    return text


MAX_LOGO_BYTES = 2 * 2**20
MAX_LOGO_PIXELS = 4096 * 4096
MAX_FONT_BYTES = 32 * 2**20  # a CJK font is about 16 MB
LOGO_HINT = "put the logo in static/ and write its address, like logo: /img/logo.png for static/img/logo.png"
FONT_HINT = "write the path of a TrueType or OpenType font file from the site folder, like font: fonts/NotoSansJP-Bold.otf"
CARD_FIELDS = ("background", "foreground", "accent", "logo", "font")
CARDS_HINT = "write cards: false, or cards: {background: '#fdfcfa', foreground: '#1f2328', accent: '#0b5cad', logo: /img/logo.png}"
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def _cards(value: Any, lines: Mapping[str, int], key: str) -> CardConfig | None:
    if value is False:
        return None
    if value is True or value is None:
        return CardConfig()
    if not isinstance(value, dict):
        raise _error(key, lines, f"{short_repr(value)} is not true, false or a set of card settings", CARDS_HINT)
    unknown = sorted(set(map(str, value)) - set(CARD_FIELDS))
    if unknown:
        raise _error(f"{key}.{unknown[0]}", lines, "is no card setting", f"use {', '.join(CARD_FIELDS)}")
    colours = {name: _colour(value[name], lines, f"{key}.{name}") for name in CARD_FIELDS[:3] if name in value}
    logo = _logo_path(value["logo"], lines, f"{key}.logo") if "logo" in value else ""
    font = _font_path(value["font"], lines, f"{key}.font") if "font" in value else ""
    return CardConfig(**colours, logo=logo, font=font)


def _logo_path(value: Any, lines: Mapping[str, int], key: str) -> str:
    """A file of static/, written as published (`/img/logo.png`) or from the site (`static/img/logo.png`)."""
    text = _text(value, lines, key)
    if urlsplit(text).scheme or text.startswith("//") or not (text.startswith("/") or text.startswith("static/")):
        raise _error(key, lines, f"'{text}' is not a file of static/", LOGO_HINT)
    relative = text.removeprefix("/").removeprefix("static/")
    if not relative or _climbs(relative):
        raise _error(key, lines, f"'{text}' leaves static/", LOGO_HINT)
    return f"static/{relative}"


def _font_path(value: Any, lines: Mapping[str, int], key: str) -> str:
    """A file of the site, written from the site folder (`fonts/NotoSansJP-Bold.otf`)."""
    text = _text(value, lines, key)
    if urlsplit(text).scheme or text.startswith("/") or not text or _climbs(text):
        raise _error(key, lines, f"'{text}' is not a path in the site folder", FONT_HINT)
    return text


def _climbs(relative: str) -> bool:
    return "\\" in relative or "\0" in relative or ".." in relative.split("/")


def checked_card_files(cards: CardConfig, root: Path, lines: Mapping[str, int]) -> CardConfig:
    """The card settings with the digests of their logo and font, each read as a stranger's file
    (see `_site_file`); the logo an image Pillow decodes whole, the font one FreeType reads."""
    if cards.logo:
        line = lines.get("cards.logo")
        data = _site_file(root, cards.logo, "cards.logo", line, MAX_LOGO_BYTES, LOGO_HINT)
        if not _is_image(data):
            raise ChanblogError(f"cards.logo: {cards.logo} is not an image chanblog can read", CONFIG_FILE, line,
                                f"give a PNG, JPEG, GIF or WebP image of at most {MAX_LOGO_PIXELS:,} pixels")
        cards = replace(cards, logo_digest=hashlib.sha256(data).hexdigest())
    if cards.font:
        line = lines.get("cards.font")
        data = _site_file(root, cards.font, "cards.font", line, MAX_FONT_BYTES, FONT_HINT)
        if not _is_font(data):
            raise ChanblogError(f"cards.font: {cards.font} is not a font chanblog can read", CONFIG_FILE, line, FONT_HINT)
        cards = replace(cards, font_digest=hashlib.sha256(data).hexdigest())
    return cards


def _site_file(root: Path, relative: str, key: str, line: int | None, limit: int, hint: str) -> bytes:
    """The bytes of a file the settings name: inside the site (never through a link out of it),
    a plain file of at most `limit` bytes."""
    try:
        real = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise ChanblogError(f"{key}: {relative} does not exist", CONFIG_FILE, line, hint) from None
    if not real.is_relative_to(root.resolve()):
        raise ChanblogError(f"{key}: {relative} is a link that leads outside the site", CONFIG_FILE, line,
                            "copy the file itself into the site")
    if not real.is_file():
        raise ChanblogError(f"{key}: {relative} is not a file", CONFIG_FILE, line, hint)
    if real.stat().st_size > limit:
        raise ChanblogError(f"{key}: {relative} is over {limit // 2**20} MB", CONFIG_FILE, line,
                            f"use a smaller file: at most {limit // 2**20} MB")
    return real.read_bytes()


def _is_font(data: bytes) -> bool:
    """Whether FreeType reads `data` as a font."""
    from PIL import ImageFont  # Pillow is loaded only for a site with a font of its own

    try:
        ImageFont.truetype(io.BytesIO(data), 40).getlength("A")
    except (OSError, ValueError):
        return False
    return True


def _is_image(data: bytes) -> bool:
    """Whether `data` is a whole PNG, JPEG, GIF or WebP image of at most MAX_LOGO_PIXELS pixels."""
    from PIL import Image  # Pillow is loaded only for a site with a logo

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below all the same
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "GIF", "WEBP"]) as image:
                if image.width * image.height > MAX_LOGO_PIXELS:
                    return False
                image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def _colour(value: Any, lines: Mapping[str, int], key: str) -> str:
    """`#rgb` or `#rrggbb`, kept as `#rrggbb` in lower case."""
    text = value.strip() if isinstance(value, str) else ""
    if not _COLOUR.fullmatch(text):
        raise _error(key, lines, f"{short_repr(value)} is not a colour", "write it as #rrggbb, like '#0b5cad', in quotes")
    digits = text[1:].lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def _author_slug(key: str) -> str:
    from chanblog.urls import slugify  # urls builds on this module's settings

    return slugify(key)


_CHECKS: dict[str, Callable[[Any, Mapping[str, int], str], Any]] = {
    "title": _text,
    "url": _url,
    "description": _text,
    "language": _language,
    "timezone": _timezone,
    "per_page": _positive_int,
    "permalink": _permalink,
    "feed_limit": _positive_int,
    "labels": _labels,
    "authors": _authors,
    "author": _text,
    "search": _bool,
    "json_feed": _bool,
    "params": _mapping,
    "git": _bool,
    "markdown": _engine,
    "smart_punctuation": _bool,
    "cards": _cards,
    "menu": _menu,
    "languages": _languages,
    "translations": _translations,
    "newsletter": _newsletter,
}
