"""BCP 47 language tags (RFC 5646): the one check of a site's `language` and a post's `lang`.

A tag is accepted in any case and published in the case BCP 47 recommends (`EN-gb` is `en-GB`,
`zh-hant` is `zh-Hant`) when it is well formed and Babel knows its language, script and region, so
that `<html lang>`, a feed's `xml:lang` and the dates Babel writes all agree. Anything else is
refused with the tag to write: `zh_cn` is `zh-CN`, `english` and `français` are `en` and `fr`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global

from chanblog.frontmatter import short_repr

GENERIC_HINT = "write a language tag like en, fr or pt-BR"
# RFC 5646's langtag, after `_canonical_case`: language (and extlang), script, region, variants,
# extensions, private use. Grandfathered tags (`i-klingon`) are not taken.
_TAG = re.compile(r"(?P<language>[a-z]{2,3})(?:-[a-z]{3}){0,3}(?:-(?P<script>[A-Z][a-z]{3}))?"
                  r"(?:-(?P<region>[A-Z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
                  r"(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?", re.ASCII)
_POSIX_LOCALE = re.compile(r"[.@].*$")  # `en_US.UTF-8`, `de_DE@euro`
_MAX_NAME = 100  # longer text is no language's name


class NotALanguageTag(ValueError):
    """`text` is no BCP 47 tag chanblog can use; `hint` says what to write."""

    def __init__(self, text: str, hint: str) -> None:
        super().__init__(f"{short_repr(text)} is not a language tag")
        self.hint = hint


def language_tag(text: str) -> str:
    """`text` as a BCP 47 tag in its canonical case, or NotALanguageTag with the tag to write."""
    tag = known_language_tag(text)
    if not tag:
        meant = meant_language_tag(text)
        raise NotALanguageTag(text, f"write {meant}" if meant else GENERIC_HINT)
    return tag


@lru_cache(maxsize=4096)
def known_language_tag(text: str) -> str:
    """`text` in its canonical case if it is a well-formed tag whose language, script and region
    Babel knows; "" if not."""
    if not text.isascii():
        return ""
    tag = _canonical_case(text)
    found = _TAG.fullmatch(tag)
    if not found or not _known_language(found["language"]):
        return ""
    if found["script"] and found["script"] not in _english().scripts:
        return ""
    return tag if not found["region"] or found["region"] in _english().territories else ""


def babel_locale(tag: str) -> str:
    """The Babel locale that writes dates for a checked `tag`: its language, script, region and
    variants, less subtags from the end until Babel knows it (RFC 4647's lookup)."""
    parts = re.split(r"-.(?:-|$)", tag, maxsplit=1)[0].split("-")  # up to the first extension
    while len(parts) > 1 and not _babel_knows("_".join(parts)):
        parts.pop()
    return "_".join(parts)


def _canonical_case(text: str) -> str:
    """RFC 5646's case: language lower, script title, region upper; after a singleton, all lower."""
    parts = text.split("-")
    cased, extended = [parts[0].lower()], False
    for part in parts[1:]:
        extended = extended or len(part) == 1
        if extended:
            cased.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            cased.append(part.title())
        else:
            cased.append(part.upper() if len(part) == 2 else part.lower())
    return "-".join(cased)


def _known_language(language: str) -> bool:
    """True if CLDR names the language by this very code (`en`, not `eng`) and Babel has its data."""
    return (language in _english().languages or language in _data_languages()) and _babel_knows(language)


@lru_cache(maxsize=1024)
def _babel_knows(identifier: str) -> bool:
    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def _english() -> Locale:
    return Locale("en")


@lru_cache(maxsize=1)
def _data_languages() -> frozenset[str]:
    return frozenset(name for name in localedata.locale_identifiers() if "_" not in name)


def meant_language_tag(text: str) -> str:
    """The tag `text` is or stands for (`zh_cn`: `zh-CN`, `en_US.UTF-8`: `en-US`, `iw`: `he`,
    `English`: `en`), or "" if it names no language."""
    written = re.sub(r"[\s_]+", "-", _POSIX_LOCALE.sub("", text.strip()))
    return known_language_tag(written) or _with_aliases(written) or _language_named(text.strip())


def _with_aliases(written: str) -> str:
    """`written` with an old language or region code replaced (`iw`: `he`, `eng`: `en`, `en-UK`: `en-GB`)."""
    parts = written.split("-")
    language = get_global("language_aliases").get(parts[0].lower())
    regions = get_global("territory_aliases").get(parts[1].upper(), []) if len(parts) > 1 else []
    if language:
        parts[0] = language.replace("_", "-")
    if len(regions) == 1:
        parts[1] = regions[0]
    return known_language_tag("-".join(parts)) if language or regions else ""


def _language_named(text: str) -> str:
    """The tag of the language called `text`, in English or in itself (`Japanese`, `日本語`: `ja`)."""
    if len(text) > _MAX_NAME:
        return ""
    name = _folded(text)
    return _english_names().get(name) or _own_names().get(name, "")


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    """Folded English language names to their tags (`british english`: `en-GB`)."""
    return _by_name(_english().languages.items())


@lru_cache(maxsize=1)
def _own_names() -> dict[str, str]:
    """Each language's own name, folded, to its tag (`francais`: `fr`); slow, so only ever for a hint."""
    return _by_name((code, Locale.parse(code).language_name or "") for code in sorted(_data_languages()))


def _by_name(named: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {_folded(name): tag for code, name in named
            if name.strip() and (tag := known_language_tag(code.replace("_", "-")))}


def _folded(name: str) -> str:
    """A name as compared: case, accents and spacing left out (`Français` and `francais` alike)."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.casefold().split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
