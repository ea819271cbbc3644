"""A blog in several languages (site.yaml's `languages:`), as Hugo's multilingual mode: each
language is a site of its own under its folder (`/`, `/fr/`, `/ja/`), made by the same pure
`build_site` from that language's posts and the config as the language sees it, and planned by
the same `plan_pages`; then posts that translate each other, and the languages' home pages, are
told of each other. Without `languages:` there is one site, planned as it always was.

The theme's assets, `static/`, `pages/`, the 404 page, the sitemap and the search index stay at
the site's root, once for every language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import jinja2
from babel import Locale

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.feeds import feed_jobs
from chanblog.keys import PostDigests
from chanblog.model import Post, PostLink, Site, SitePage, Translation, Translations, evolve
from chanblog.output import Job
from chanblog.render import (BaseKeys, EnvironmentFor, Keyed, Page, PostPage, make_environment, new_page, page_jobs,
                             plan_pages, work_out)
from chanblog.related import Relate, post_link, related_links
from chanblog.translations import ENGLISH, Words
from chanblog.taxonomy import Place, build_site

Plan = list[Page]  # the pages of one language's site


def build_sites(config: SiteConfig, posts: Iterable[Post], now: datetime, drafts: bool = False,
                future: bool = False, pages: Iterable[SitePage] = (),
                related: Callable[[str], Relate] = lambda language: related_links,
                place: Place = evolve) -> tuple[Site, ...]:
    """A site for each language, the site's own first, each of its language's posts (every site
    has the menu; the first publishes `pages/`); one site without `languages:`. `related(language)`
    gives that site's related posts, `place` places a post in it (see `taxonomy.build_site`)."""
    if not config.languages:
        return (build_site(config, posts, now, drafts, future, pages, related(config.language), place),)
    by_language: dict[str, list[Post]] = {tag: [] for tag in config.languages}
    for post in posts:
        by_language[post.lang or config.language].append(post)
    pages = list(pages)
    return tuple(build_site(config.in_language(tag), group, now, drafts, future, pages, related(tag), place)
                 for tag, group in by_language.items())


def plan_sites(sites: Sequence[Site], words: Words = ENGLISH, link: Callable[[Post], PostLink] = post_link,
               post_page: PostPage = new_page) -> list[Plan]:
    """The pages of each site, titled in its language through `words`: those of another language
    than the site's say which (`Page.lang`); posts and home pages in more than one language carry
    their `translations`. `link` links a post, `post_page` gives its page (see `render.plan_pages`)."""
    if len(sites) == 1:
        return [plan_pages(sites[0], words, link=link, post_page=post_page)]
    plans = [plan_pages(sites[0], words, link=link, post_page=post_page) + _root_redirect(sites[0].config)]
    plans += [[replace(page, lang=site.config.language) for page in plan_pages(site, words, False, link, post_page)]
              for site in sites[1:]]
    return with_translations(sites, plans)


@dataclass(frozen=True)
class Moved:
    """Where the site's root leads when its own language has a folder (what `redirect.html` shows)."""

    title: str
    url: str


def _root_redirect(config: SiteConfig) -> Plan:
    """The root of a site whose own language has a folder (`/en/`) leads there, as Hugo's does."""
    if not config.lang_prefix:
        return []
    home = urls.language_path(config, "")
    return [Page(urls.site_path(config, ""), "redirect.html", config.title, "home page",
                 {"post": Moved(config.title, home)}, indexable=False)]


def with_translations(sites: Sequence[Site], plans: list[Plan]) -> list[Plan]:
    """Group the posts by `translation_key` in one pass (of two posts of one language with one
    key, the first by file name counts); give each post page with versions in other languages,
    and each language's home page, its `Translations`."""
    order = [site.config.language for site in sites]
    versions: dict[str, dict[str, Post]] = {}  # translation key -> language -> post
    for site in sites:
        for post in site.published:
            group = versions.setdefault(post.translation_key, {})
            kept = group.get(site.config.language)
            if kept is None or post.source_path < kept.source_path:
                group[site.config.language] = post
    urls_of = {key: {lang: post.url for lang, post in group.items()} for key, group in versions.items()
               if len(group) > 1}
    homes = {site.config.language: urls.language_path(site.config, "") for site in sites}
    return [[_translated(page, site, urls_of, homes, order) for page in plan] for site, plan in zip(sites, plans)]


def _translated(page: Page, site: Site, versions: dict[str, dict[str, str]], homes: dict[str, str],
                order: list[str]) -> Page:
    """The page with its `translations`, if it is a post or a home page written in more than one language."""
    if page.template == "post.html":
        found = versions.get(page.context["post"].translation_key, {})
    elif page.template == "index.html" and page.url == homes[site.config.language]:
        found = homes
    else:
        return page
    if len(found) < 2 or found.get(site.config.language) != page.url:  # (one of two of a language: not the one linked)
        return page
    ordered = tuple(Translation(tag, language_name(tag), found[tag]) for tag in order if tag in found)
    # x-default: the version in the site's language, else in the first language that has one
    translations = Translations(site.config.language, ordered, ordered[0].url)
    return replace(page, context={**page.context, "translations": translations})


@functools.lru_cache(maxsize=None)
def language_name(tag: str) -> str:
    """A language's name in itself, as a reader of it looks for it: `Français`, `日本語`, `English`."""
    name = Locale.parse(tag.replace("-", "_")).display_name or tag
    return name[:1].upper() + name[1:]


def site_jobs(sites: Sequence[Site], plans: Sequence[Plan], templates: dict[str, str] | None,
              digest: PostDigests, words: Words = ENGLISH, env: jinja2.Environment | None = None,
              environment: EnvironmentFor = make_environment,
              full: Callable[[Post], Post] = lambda post: post, keyed: Keyed = work_out
              ) -> tuple[list[Job], list[Job]]:
    """The jobs of every language's pages, each rendered with that language's config and the
    site's `words` (in `env`, for one language, else in the `environment` made for it), and of
    its feeds; `full` puts back a post's body left out of it; `keyed` keys a page (see `render.page_jobs`)."""
    pages = site_page_jobs(sites, plans, templates, digest, words, env, environment, full, keyed)
    return pages, [job for site in sites for job in feed_jobs(site, digest, full)]


def site_page_jobs(sites: Sequence[Site], plans: Sequence[Plan], templates: dict[str, str] | None,
                   digest: PostDigests, words: Words = ENGLISH, env: jinja2.Environment | None = None,
                   environment: EnvironmentFor = make_environment,
                   full: Callable[[Post], Post] = lambda post: post, keyed: Keyed = work_out,
                   bases: BaseKeys | None = None) -> list[Job]:
    """The jobs of every language's pages (see `site_jobs`); `bases` are one site's base keys, made already."""
    return [job for site, plan in zip(sites, plans, strict=True)
            for job in page_jobs(env if env and len(sites) == 1 else environment(site.config, templates, words),
                                 site, plan, digest, full, keyed, bases if len(sites) == 1 else None)]


def all_pages(plans: Sequence[Plan]) -> Plan:
    return [page for plan in plans for page in plan]
