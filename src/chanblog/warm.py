"""What a long-running process (the preview) keeps from one build to the next.

A build made in a fresh process starts every Jinja environment from nothing: it parses each
template to learn what its pages depend on, then compiles it, which costs more than the dozen
pages a one-post edit makes. `Warm` keeps each language's environment, its compiled templates
and what was learnt of them, for as long as everything the environment is made from is equal:
the config the language sees, the words of every catalog, and the name, path and text of every
template (the site's and the theme's). Any difference, and the environment is made afresh, as
a fresh build would make it; so a build given a `Warm` writes the same bytes as one without.

It also keeps the caches the last build opened (`Fresh` opens them as a build in a new process
does): the draft cache's entries and the drafts decoded from them, the index of each body cache
file and each body as a listing sees it, and the page manifest. A cache file is read again only
if it is not the file the last build in this process left (its size, times or inode differ:
another build wrote it, or it was replaced or damaged); what is kept of a file is what reading
it would give, and a body is kept by the hash of its text, for one set of Markdown settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from chanblog.cache import BodyCache, DraftCache
from chanblog.config import SiteConfig
from chanblog.manifest import PageManifest
from chanblog.render import make_environment, site_templates, theme_files
from chanblog.template_analysis import TemplateAnalyses
from chanblog.translations import ENGLISH, Words

TemplateTexts = tuple[tuple[str, str, str | None], ...]  # (name, path, text) of the site's templates, then the theme's


@dataclass(frozen=True)
class _Kept:
    """An environment and what it was made from."""

    config: SiteConfig
    words: Words
    templates: TemplateTexts
    environment: jinja2.Environment


class Fresh:
    """How a build in a new process opens its caches: each read from its files."""

    def drafts(self, folder: Path, config_digest: str) -> DraftCache:
        return DraftCache(folder, config_digest)

    def bodies(self, folder: Path, settings: str) -> BodyCache:
        return BodyCache(folder, settings)

    def manifest(self, folder: Path, output: Path, settings: str) -> PageManifest:
        return PageManifest(folder, output, settings)


class Warm(Fresh):
    """Environments kept between builds, one a language: `environment` is `make_environment`
    that returns the last one made for that language while its inputs are equal; and the
    caches, each opened from what the last build left of it (see the module's docstring)."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._drafts: DraftCache | None = None
        self._bodies: BodyCache | None = None
        self._manifest: PageManifest | None = None

    def drafts(self, folder: Path, config_digest: str) -> DraftCache:
        self._drafts = DraftCache(folder, config_digest, previous=self._drafts, keep=True)
        return self._drafts

    def bodies(self, folder: Path, settings: str) -> BodyCache:
        self._bodies = BodyCache(folder, settings, previous=self._bodies, keep=True)
        return self._bodies

    def manifest(self, folder: Path, output: Path, settings: str) -> PageManifest:
        self._manifest = PageManifest(folder, output, settings, previous=self._manifest, keep=True)
        return self._manifest

    def environment(self, config: SiteConfig, templates: Mapping[str, str] | None = None,
                    words: Words = ENGLISH, analyses: TemplateAnalyses | None = None) -> jinja2.Environment:
        own = site_templates(config).checked() if templates is None else templates
        texts = template_texts(own) + template_texts(theme_files("templates"))
        kept = self._kept.get(config.language)
        if kept is not None and kept.templates == texts and kept.config == config and kept.words == words:
            return kept.environment
        environment = make_environment(config, own, words, analyses)
        self._kept[config.language] = _Kept(config, words, texts, environment)
        return environment


def template_texts(files: Mapping[str, str]) -> TemplateTexts:
    """Each template's name, path and text (None if it cannot be read: the environment reports it)."""
    return tuple((name, path, _text(path)) for name, path in files.items())


def _text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None
