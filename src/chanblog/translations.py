"""The theme's own words in a page's language: gettext catalogs, read as data.

The bundled theme ships a `.po` file a language in `theme/locale/`; a site may add its own in
`locales/` and single strings under `translations:` in site.yaml. A message is looked up in the
site's strings, then the site's catalogs, then the theme's, for the page's language and then for
the languages it falls back to (`pt-BR`: `pt`; `zh-TW`: `zh-Hant`, `zh`); a message found
nowhere is shown in English, as the template writes it. Catalogs are read with Babel's `.po`
reader: text, never compiled code.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po

from chanblog.errors import BuildFailed, ChanblogError
from chanblog.sources import list_files, read_plain

THEME_LOCALES = Path(__file__).parent / "theme" / "locale"
LOCALES = "locales"  # a site's own catalogs, `locales/fr.po`
MAX_CATALOG_BYTES = 4 * 1024 * 1024
TRADITIONAL_CHINESE = {"tw", "hk", "mo"}  # regions that write zh-Hant


@dataclass(frozen=True)
class Catalog:
    """The translated messages of one language from one source: msgid -> its forms (one form for
    a message without plural; for a plural message, the language's forms in its `plural` order)."""

    messages: Mapping[str, tuple[str, ...]]
    plural: str = "(n != 1)"  # the C expression that picks a form for a count

    @functools.cached_property
    def form_of(self) -> Callable[[int], int]:
        return gettext.c2py(self.plural)

    def singular(self, message: str) -> str | None:
        forms = self.messages.get(message)
        return forms[0] if forms else None

    def plural_of(self, singular: str, plural: str, count: int) -> str | None:
        """A catalog's plural forms; a set of single strings (site.yaml) gives its singular's text
        for the language's first form and its plural's for the others."""
        index = self.form_of(count)
        forms = self.messages.get(singular)
        if forms and len(forms) > 1:
            return forms[min(index, len(forms) - 1)]
        return self.singular(singular if index == 0 else plural)


@dataclass(frozen=True)
class Translator:
    """The catalogs that speak for one page's language, first found first used."""

    catalogs: tuple[Catalog, ...] = ()

    @functools.cached_property
    def singulars(self) -> dict[str, str]:
        """Every message's first form, from the first catalog that has it: one look-up a message."""
        merged: dict[str, str] = {}
        for catalog in reversed(self.catalogs):
            merged.update((message, forms[0]) for message, forms in catalog.messages.items())
        return merged

    def gettext(self, message: str) -> str:
        return self.singulars.get(message, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        found = (text for c in self.catalogs if (text := c.plural_of(singular, plural, count)) is not None)
        return next(found, singular if count == 1 else plural)


@dataclass(frozen=True)
class Words:
    """Every catalog a site can show, by language tag (lower case): the site's own strings, the
    site's catalogs and the theme's, in that order of precedence."""

    strings: Mapping[str, Catalog] = field(default_factory=dict)  # from site.yaml `translations:`
    site: Mapping[str, Catalog] = field(default_factory=dict)  # from the site's locales/
    theme: Mapping[str, Catalog] = field(default_factory=dict)  # from the bundled theme

    memo: dict[str, tuple[Translator, str]] = field(default_factory=dict, compare=False, repr=False)

    def translator(self, language: str) -> Translator:
        return self._for(language)[0]

    def key(self, language: str) -> str:
        """A digest of everything that can translate a page of `language`: part of its cache key."""
        return self._for(language)[1]

    def _for(self, language: str) -> tuple[Translator, str]:
        if language not in self.memo:
            tags = fallbacks(language)
            found = [source[tag] for source in (self.strings, self.site, self.theme) for tag in tags if tag in source]
            hasher = hashlib.sha256(language.encode())
            for catalog in found:
                hasher.update(repr((catalog.plural, sorted(catalog.messages.items()))).encode("utf-8", "surrogatepass"))
            self.memo[language] = (Translator(tuple(found)), hasher.hexdigest())
        return self.memo[language]


ENGLISH = Words()  # no catalog: every message as the template writes it


def fallbacks(language: str) -> list[str]:
    """The tags whose catalogs serve `language`, most specific first: `pt-BR`, `pt`; `zh-Hant-TW`,
    `zh-Hant`, `zh`; Chinese of Taiwan, Hong Kong and Macao is written in Traditional characters
    (`zh-TW`: `zh-TW`, `zh-Hant`, `zh`)."""
    parts = language.replace("_", "-").lower().split("-")
    tags = ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]
    if parts[0] == "zh" and "hant" not in parts and "hans" not in parts and TRADITIONAL_CHINESE & set(parts[1:]):
        tags.insert(-1, "zh-hant")
    return tags


def is_right_to_left(language: str) -> bool:
    """Whether a language is written from right to left (ar, he, fa, ur…), as Babel knows it."""
    return _character_order(language.replace("-", "_")) == "right-to-left"


@functools.lru_cache(maxsize=256)
def _character_order(locale: str) -> str:
    try:
        return Locale.parse(locale).character_order
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(locale.split("_")[0]).character_order
        except (UnknownLocaleError, ValueError):
            return "left-to-right"


def load_words(root: Path, strings: Mapping[str, Mapping[str, str]]) -> Words:
    """The theme's catalogs, the site's (`locales/*.po`) and its strings from site.yaml (by
    language tag: msgid -> text); BuildFailed naming the file and line of every broken catalog."""
    words, errors = read_words(root, strings)
    if errors:
        raise BuildFailed(errors)
    return words


def read_words(root: Path, strings: Mapping[str, Mapping[str, str]]) -> tuple[Words, list[ChanblogError]]:
    """`load_words`, and an error for each of the site's catalogs that cannot be read (and is left out)."""
    site, errors = site_catalogs(root)
    return Words({tag.lower(): Catalog({k: (v,) for k, v in texts.items()}, _plural(tag))
                  for tag, texts in strings.items()}, site, theme_catalogs()), errors


@functools.lru_cache(maxsize=1)
def theme_catalogs() -> ThemeCatalogs:
    """The bundled theme's catalogs by language tag."""
    return ThemeCatalogs({path.stem.lower(): path for path in sorted(THEME_LOCALES.glob("*.po"))})


class ThemeCatalogs(Mapping[str, Catalog]):
    """The bundled theme's catalogs by language tag, each read when a page of its language first
    asks for it: a site in one language does not parse the theme's other catalogs on every build."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self.paths = paths

    def __getitem__(self, tag: str) -> Catalog:
        return _theme_catalog(self.paths[tag])

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def __eq__(self, other: object) -> bool:  # the same files: the same catalogs, none of them parsed to tell
        return self.paths == other.paths if isinstance(other, ThemeCatalogs) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  (as a dict's)


@functools.lru_cache(maxsize=None)
def _theme_catalog(path: Path) -> Catalog:
    return parse_catalog(path.read_text(encoding="utf-8"), f"(bundled theme) locale/{path.name}", path.stem)


def site_catalogs(root: Path) -> tuple[dict[str, Catalog], list[ChanblogError]]:
    """The site's `locales/LANG.po` by language tag, and an error for each one that cannot be read."""
    listing = list_files(root / LOCALES, root, LOCALES, "catalog", wanted=lambda name: name.endswith(".po"))
    catalogs, errors = {}, list(listing.errors)
    for name, path in listing.files.items():
        shown, tag = f"{LOCALES}/{name}", name.removesuffix(".po").replace("_", "-")
        try:
            catalogs[tag.lower()] = parse_catalog(_read(path, shown), shown, _checked_tag(tag, shown))
        except ChanblogError as exc:
            errors.append(exc)
    return catalogs, errors


def catalog_files(root: Path) -> list[str]:
    """The paths of the site's catalogs and the theme's, for the build's fingerprint."""
    listing = list_files(root / LOCALES, root, LOCALES, "catalog", wanted=lambda name: name.endswith(".po"))
    return list(listing.files.values()) + [str(path) for path in sorted(THEME_LOCALES.glob("*.po"))]


def _read(path: str, shown: str) -> str:
    data = read_plain(path, MAX_CATALOG_BYTES)
    if data is None:
        raise ChanblogError(f"cannot be read, or is larger than {MAX_CATALOG_BYTES // 1024 // 1024} MB", shown, None,
                            "keep a catalog a plain .po text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ChanblogError("is not UTF-8 text", shown, line, "save the catalog as UTF-8") from None


def _checked_tag(tag: str, shown: str) -> str:
    if _babel_locale(tag) is None:
        raise ChanblogError(f"'{tag}' is not a language", shown, None,
                            "name a catalog by its language tag, like fr.po or pt-BR.po")
    return tag


PO_HINT = "fix the .po file; 'msgfmt --check' names the same problems"
# A line of a .po file: blank, a comment, or a keyword and/or one whole quoted string.
_PO_LINE = re.compile(r'\s*(?:#.*|(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*)?')


def parse_catalog(text: str, shown: str, tag: str) -> Catalog:
    """The translated messages of a `.po` file (fuzzy and empty ones left out, as gettext does)."""
    for number, line in enumerate(text.splitlines(), start=1):  # Babel reads an unclosed quote without a word
        if not _PO_LINE.fullmatch(line):
            raise ChanblogError("is not a valid catalog: a line that is no comment, keyword or \"quoted text\"",
                                shown, number, PO_HINT)
    try:
        catalog = read_po(io.StringIO(text), locale=_babel_locale(tag), abort_invalid=True)
    except PoFileError as exc:
        lineno = getattr(exc, "lineno", None)  # Babel counts lines from 0
        raise ChanblogError(f"is not a valid catalog: {str(exc).removesuffix(f' on {lineno}')}", shown,
                            lineno + 1 if isinstance(lineno, int) else None, PO_HINT) from None
    except (ValueError, SyntaxError) as exc:
        raise ChanblogError(f"is not a valid catalog: {exc}", shown, None, "fix the .po file") from None
    messages = {}
    for message in catalog:
        forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if key and not message.fuzzy and all(forms):
            messages[key] = tuple(forms)
    return Catalog(messages, _checked_plural(catalog.plural_expr, shown))


def _checked_plural(expression: str, shown: str) -> str:
    try:
        gettext.c2py(expression)
    except ValueError:
        raise ChanblogError(f"its Plural-Forms '{expression}' is not a plural rule", shown, None,
                            "write it like 'nplurals=2; plural=(n != 1);'") from None
    return expression


def _babel_locale(tag: str) -> str | None:
    try:
        return str(Locale.parse(tag.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        try:
            return str(Locale.parse(tag.split("-")[0]))
        except (UnknownLocaleError, ValueError):
            return None


def _plural(tag: str) -> str:
    return get_plural(_babel_locale(tag) or "en").plural_expr
