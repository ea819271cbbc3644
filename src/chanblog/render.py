"""Plan every page of a site and render it through Jinja2.

The site's own `templates/` override the bundled theme by name; a site template may also
extend the theme's version as `theme/NAME.html`. Autoescape is on and undefined names fail.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import heapq
import json
import operator
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
import babel
from babel.dates import DateTimeFormat, DateTimePattern
from babel.dates import format_date as babel_date
from babel.dates import get_date_format as babel_date_pattern
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from chanblog import urls
from chanblog.cache import Digester
from chanblog.compiled_theme import BundledTheme
from chanblog.config import SiteConfig
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.keys import PostDigests
from chanblog.language_tags import babel_locale
from chanblog.markup import first_sentence, shows_highlighted_code, text_paragraphs
from chanblog.model import Post, PostLink, Site, Term
from chanblog.output import Job
from chanblog.related import post_link
from chanblog.sources import Listing, list_files
from chanblog.template_analysis import Analysis, TemplateAnalyses
from chanblog.translations import ENGLISH, Words, is_right_to_left

THEME_DIR = Path(__file__).parent / "theme"
CURRENT = "current_url"  # what a part may read of the page: the URL of its menu entry, if it has one
PARTS = {"header": "_header.html", "sidebar": "_sidebar.html", "footer": "_footer.html"}  # by the function showing it


@dataclass(frozen=True)
class Pagination:
    """One page of a paginated listing (`page_key` writes its fields out one by one)."""

    number: int
    count: int
    posts: tuple[Post, ...]
    first_url: str

    def url_of(self, number: int) -> str:
        return urls.page_url(self.first_url, number)

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def prev_url(self) -> str:
        return self.url_of(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url_of(self.number + 1) if self.number < self.count else ""


@dataclass(frozen=True)
class Page:
    """A page to render: where it goes, with which template and values."""

    url: str
    template: str
    title: str
    origin: str
    context: dict[str, Any] = field(default_factory=dict)
    feeds: tuple[tuple[str, str], ...] = ()  # (title, url) of the feeds this page offers
    lastmod: datetime | None = None  # newest change among the posts it shows
    indexable: bool = True  # listed in the sitemap (not the 404 page nor redirects)
    line: int | None = None  # the line of `origin` that asks for the page (an alias), if one does
    highlighted_code: bool = False  # shows code Pygments highlighted, so the page links pygments.css
    lang: str = ""  # the page's BCP 47 language; "" is the site's
    wide: bool = False  # it lists WIDE_PAGE posts or more (an archive): see `jobs.Job.wide`


class SiteTemplates(jinja2.BaseLoader):
    """The site's own templates: only the files `site_templates` listed, so that a template that
    is a link out of the site is never read. Messages name a template by its path in templates/."""

    def __init__(self, folder: Path, files: Mapping[str, str]) -> None:
        self.folder, self.files = folder, files

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.files.get(template)
        if path is None:
            raise jinja2.TemplateNotFound(template)
        mtime = os.path.getmtime(path)
        with open(path, encoding="utf-8") as file:
            source = file.read()

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False
        return source, str(self.folder / template), uptodate

    def list_templates(self) -> list[str]:
        return sorted(self.files)


def site_templates(config: SiteConfig) -> Listing:
    """The site's templates by name, and its links that lead out of the site."""
    return list_files(config.templates_dir, config.root, "templates", "template")


def theme_files(kind: str) -> dict[str, str]:
    """The bundled theme's `templates` or `static` files by name."""
    return list_files(THEME_DIR / kind, THEME_DIR, f"theme/{kind}").files


EnvironmentFor = Callable[[SiteConfig, Mapping[str, str] | None, Words], jinja2.Environment]  # make_environment's shape


def make_environment(config: SiteConfig, templates: Mapping[str, str] | None = None,
                     words: Words = ENGLISH, analyses: TemplateAnalyses | None = None) -> jinja2.Environment:
    """The site's templates (by default those `site_templates` lists, BuildFailed if one is a link
    out of the site) over the bundled theme's, which they can extend as `theme/NAME`. Their words
    (`_()`, `{% trans %}`), dates and numbers are in the language of the page rendered: its `lang`.
    What its templates depend on is learnt through `analyses` (by default, by parsing each).
    The theme's templates run from the code shipped for them (see `compiled_theme`) while this
    function makes the environment they were compiled in: after changing its settings, filters or
    tests, run `python -m chanblog.theme_compile` (until then they are compiled at run time)."""
    own = site_templates(config).checked() if templates is None else templates
    theme = BundledTheme(THEME_DIR)
    loader = jinja2.ChoiceLoader([SiteTemplates(config.templates_dir, own), theme,
                                  jinja2.PrefixLoader({"theme": theme})])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             auto_reload=False,  # one environment a build: no need to stat every template on each load
                             extensions=["jinja2.ext.i18n"])
    gettext, ngettext = _gettext_callables(words, config.language)
    env.extend(chanblog_words=words)
    # learnt once an environment: its templates do not change under it
    env.extend(chanblog_deps=TemplateDeps(env, analyses))
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # `{% trans %}` passes its values to gettext
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    locale = functools.partial(locale_of, config)
    env.filters.update(date=_in_language(lambda d, language: format_date(d, locale(language)), config.language),
                       monthyear=_in_language(lambda d, language: _month_of(d, locale(language)), config.language),
                       number=_in_language(lambda n, language: format_number(n, locale(language)), config.language),
                       isodate=lambda d: d.isoformat(), paragraphs=paragraphs, jsonld=jsonld, most_used=most_used,
                       absolute=lambda url: urls.absolute_url(config, url))
    env.tests["rtl"] = lambda language: bool(language) and is_right_to_left(language)
    env.globals.update(config=config, site_url=lambda path="": urls.linked_path(config, path),
                       post_jsonld=lambda post: post_jsonld(config, post))
    env.globals["social_card"] = functools.partial(social_card, config)
    env.filters["first_sentence"] = first_sentence
    return env


def locale_of(config: SiteConfig, language: str) -> str:
    """The locale a page in `language` writes dates and numbers in: the `locale` that
    `languages:` gives it, else the language itself."""
    declared = config.languages.get(language)
    return (declared.locale if declared else "") or language


def words_of(env: jinja2.Environment) -> Words:
    """The catalogs `make_environment` gave an environment."""
    return getattr(env, "chanblog_words", ENGLISH)


def deps_of(env: jinja2.Environment) -> TemplateDeps:
    """What `make_environment`'s environment has learnt of its templates so far."""
    return getattr(env, "chanblog_deps", None) or TemplateDeps(env)


def _language_of(context: jinja2.runtime.Context, default: str) -> str:
    """The language of the page a template is rendering (a template imported without context
    has none: the site's)."""
    language = context.get("lang")
    return language if isinstance(language, str) and language else default


def _in_language(function: Callable[[Any, str], str], default: str) -> Callable[..., str]:
    """A filter that formats its value in the page's language."""
    @jinja2.pass_context
    def formatted(context: jinja2.runtime.Context, value: Any) -> str:
        return function(value, _language_of(context, default))
    return formatted


def _gettext_callables(words: Words, default: str) -> tuple[Callable[..., str], Callable[..., str]]:
    """gettext and ngettext, newstyle (they fill in the `%(name)s` of a message themselves) and
    looking each message up in the catalogs of the page's language, read from the context of
    each call: nothing global that one page could leave to the next. One call each, not Jinja's
    wrappers around wrappers, and what most calls show (a message without values, a count) is
    made once a language: the theme shows some fifty messages a page."""
    shown: dict[tuple[Any, ...], str] = {}

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, **values: Any) -> str:
        language = _language_of(context, default)
        if values or not context.eval_ctx.autoescape:
            return _filled(context, words.translator(language).gettext(message), values)
        if (language, message) not in shown:
            shown[language, message] = _filled(context, words.translator(language).gettext(message), values)
        return shown[language, message]

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int, **values: Any) -> str:
        language, shows = _language_of(context, default), values.setdefault("num", count)
        if len(values) > 1 or not context.eval_ctx.autoescape:
            return _filled(context, words.translator(language).ngettext(singular, plural, count), values)
        key = (language, singular, plural, count, shows)
        if key not in shown:
            shown[key] = _filled(context, words.translator(language).ngettext(singular, plural, count), values)
        return shown[key]
    return gettext, ngettext


def _filled(context: jinja2.runtime.Context, text: str, values: Mapping[str, Any]) -> str:
    """A translation (trusted, like a template) with its values escaped into it; always a format
    string, as Jinja's newstyle gettext has it (but one with no `%` is left as it is: most are)."""
    if not values and "%" not in text:
        return Markup(text) if context.eval_ctx.autoescape else text
    if not context.eval_ctx.autoescape:
        return text % values
    return Markup(text % {name: escape(value) if isinstance(value, str) else value for name, value in values.items()})


def translate(words: Words, language: str, message: str, **values: Any) -> str:
    """A message of the theme made in Python (a page's title), in `language`, with its
    `%(name)s` filled in."""
    text = words.translator(language).gettext(message)
    return text % values if values else text


@functools.lru_cache(maxsize=256)
def _locale(language: str) -> babel.Locale:
    """Babel's locale for `language`, parsed once: given by name, Babel parses it again on each
    call, which cost a second for the 10,000 dates of a large site's archive page."""
    return babel.Locale.parse(babel_locale(language))


@functools.lru_cache(maxsize=65536)  # a post's date is shown on its page and on every listing of it
def format_date(moment: datetime, language: str) -> str:
    """A date as a reader of the site's language writes it: `August 14, 2009`, `14 août 2009`.
    Babel's "long" date, put together from its fields, each made by Babel once a language and
    value (an archive page of 10,000 posts asked Babel for 10,000 dates: 0.3-0.8 s)."""
    pattern = _long_date(language)
    if pattern is None:
        return babel_date(moment, "long", locale=_locale(language))
    return pattern.format % {name: _date_field(language, name, getattr(moment, _DATE_PARTS[name[0]]))
                             for name in _fields(pattern)}


_DATE_PARTS = {"G": "year", "y": "year", "M": "month", "d": "day"}  # what each field of a date shows depends on


@functools.lru_cache(maxsize=256)
def _long_date(language: str) -> DateTimePattern | None:
    """The language's long date pattern, if each of its fields shows one part of the date alone."""
    pattern = babel_date_pattern("long", locale=_locale(language))
    return pattern if all(name[0] in _DATE_PARTS for name in _fields(pattern)) else None


def _fields(pattern: DateTimePattern) -> list[str]:
    return re.findall(r"%\((\w+)\)s", pattern.format)


@functools.lru_cache(maxsize=4096)
def _date_field(language: str, name: str, value: int) -> str:
    """One field of a date (`MMMM` of month 8: "August"), as Babel writes it."""
    part = _DATE_PARTS[name[0]]
    moment = date(value if part == "year" else 2000, value if part == "month" else 1, value if part == "day" else 1)
    return DateTimeFormat(moment, _locale(language))[name]


def _month_of(moment: Any, language: str) -> str:
    """`August 2009` for a date or an archive month (anything with a year and a month)."""
    return format_month(moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, 1), language)


@functools.lru_cache(maxsize=4096)
def format_number(number: int, language: str) -> str:
    """`1,234`, `1 234`: a count as a reader of the language writes it."""
    return format_decimal(number, locale=_locale(language))


@functools.lru_cache(maxsize=4096)
def format_month(moment: datetime, language: str) -> str:
    """`August 2009`, `août 2009`."""
    return format_skeleton("yMMMM", moment, locale=_locale(language))


def jsonld(data: Any) -> Markup:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can close it."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def post_jsonld(config: SiteConfig, post: Post) -> Markup:
    """schema.org BlogPosting for search engines."""
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "BlogPosting", "headline": post.title,
        "url": urls.absolute_url(config, post.url), "mainEntityOfPage": urls.absolute_url(config, post.url),
        "datePublished": post.date.isoformat(), "dateModified": post.last_modified.isoformat(),
        "description": post.summary, "wordCount": post.word_count, "inLanguage": post.lang or config.language,
        "keywords": [ref.name for ref in post.tags + post.labels],
        "publisher": {"@type": "Organization", "name": config.title,
                      "url": urls.absolute_url(config, urls.language_path(config, ""))},
    }
    if post.author:
        data["author"] = {"@type": "Person", "name": post.author.name,
                          "url": urls.absolute_url(config, post.author.url)}
    if post.image or social_card(config, post):
        data["image"] = urls.absolute_url(config, post.image or social_card(config, post))
    return jsonld(data)


def social_card(config: SiteConfig, post: Post) -> str:
    """The site URL of the social card made for the post, or "" when it has an `image:` of its
    own or the site turns cards off."""
    return urls.card_url(config, post.url) if config.cards is not None and not post.image else ""


def newest(posts: Iterable[Post]) -> datetime | None:
    return max((post.updated or post.date for post in posts), default=None)  # (`last_modified`, spelt out: faster)


def most_used(terms: Sequence[Term], limit: int, besides: Iterable[Term] = ()) -> list[Term]:
    """The `limit` terms with the most posts (ties by name), in their own order: a sidebar that
    listed every tag on every page would grow with the square of the tags. A term with the slug of
    one `besides` (a tag named like a label shown next to it) is left out."""
    shown = {term.slug for term in besides}
    terms = [term for term in terms if term.slug not in shown] if shown else terms
    if len(terms) <= limit:
        return list(terms)
    kept = {id(term) for term in heapq.nsmallest(limit, terms, key=lambda t: (-t.count, t.name.casefold(), t.slug))}
    return [term for term in terms if id(term) in kept]


def paragraphs(text: str) -> Markup:
    """Plain text (a comment, a bio) as escaped HTML paragraphs."""
    return Markup("\n").join(Markup("<p>{}</p>").format(line) for line in text_paragraphs(text))


# (post, its series, its related posts, the feeds its page offers, make its page) -> the page
PostPage = Callable[[Post, "Term | None", tuple[PostLink, ...], tuple[tuple[str, str], ...], Callable[[], "Page"]],
                   "Page"]


def new_page(post: Post, series: Term | None, related: tuple[PostLink, ...], feeds: tuple[tuple[str, str], ...],
             make: Callable[[], Page]) -> Page:
    """A post's page, made (see `plan_pages`)."""
    return make()


def plan_pages(site: Site, words: Words = ENGLISH, site_wide: bool = True,
               link: Callable[[Post], PostLink] = post_link, post_page: PostPage = new_page) -> list[Page]:
    """Every HTML page of the site, in a stable order, with the titles chanblog makes in the site's
    language (through `words`); without the pages there is one of for every language (those of
    `pages/`, the 404 page) unless `site_wide`. `link` links a post (see `related.links_at`);
    `post_page` gives a post's page (`new_page`, or the preview's, which gives the page it made
    last time of the very same post, series and related posts, offering the same feeds)."""
    config, say = site.config, functools.partial(translate, words, site.config.language)
    lists = _Lists(config.per_page, say, frozenset(id(p) for p in site.published if shows_highlighted_code(p.excerpt)))
    main_feed = _main_feed(config)
    pages = list(lists.pages(site.posts, urls.language_path(config, ""), "index.html", config.title, "home page",
                             main_feed, {}))
    pages += _post_pages(site, main_feed, words, post_page)
    pages += [Page(page.url, page.template, page.title, page.source_path, {"content": page}, main_feed,
                   lastmod=page.updated, highlighted_code=shows_highlighted_code(page.html))
              for page in site.pages if site_wide]
    pages += _taxonomy_pages(site, "tags", site.tags, say("Tags"),
                             lambda name: say("Posts tagged ‘%(name)s’", name=name), main_feed, lists)
    pages += _taxonomy_pages(site, "labels", site.labels, say("Labels"),
                             lambda name: say("Posts with label ‘%(name)s’", name=name), main_feed, lists)
    pages += _series_pages(site, main_feed, say)
    pages += _author_pages(site, main_feed, lists)
    pages += _archive_pages(site, main_feed, say, link)
    if site_wide:
        pages.append(Page(urls.site_path(config, "404.html"), "404.html", say("Page not found"), "404 page",
                          feeds=main_feed, indexable=False))
    if config.search:
        pages.append(Page(urls.language_path(config, "search/"), "search.html", say("Search"), "search page",
                          {"filters": search_filters(site, say)}, feeds=main_feed, indexable=False))
    pages.append(Page(urls.language_path(config, "subscribe/"), "subscribe.html", say("Subscribe"), "subscribe page",
                      feeds=main_feed))
    pages += _alias_pages(site, site_wide)
    return pages


Say = Callable[..., str]  # a message in the page's language, its `%(name)s` filled in: `translate` for one language


def search_filters(site: Site, say: Say) -> tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...]:
    """What the search page filters by, as post.html names the values in the index
    (`data-pagefind-filter`): (filter, its heading, (value, how many posts carry it)...), for
    the labels, authors and tags the site has."""
    found = (("label", say("Labels"), tuple((term.name, term.count) for term in site.labels)),
             ("author", say("Authors"), tuple((entry.author.name, entry.count) for entry in site.authors)),
             ("tag", say("Tags"), tuple((term.name, term.count) for term in site.tags)))
    return tuple(kind for kind in found if kind[2])


def page_language(page: Page, config: SiteConfig) -> str:
    """The language a page is shown in: its own, else that of the post or page of `pages/` it
    shows (or is an old address of), else the site's."""
    if page.lang:
        return page.lang
    shown = page.context.get("post") or page.context.get("content")
    return getattr(shown, "lang", "") or config.language


@dataclass(frozen=True)
class _Lists:
    """How a site's paginated lists of posts are made: so many posts a page, titled through
    `say`; `coded` are the posts (by id) whose excerpt shows code highlighted by Pygments."""

    per_page: int
    say: Say
    coded: frozenset[int]

    def pages(self, posts: Sequence[Post], first_url: str, template: str, title: str, origin: str,
              feeds: tuple[tuple[str, str], ...], context: dict[str, Any]) -> Iterator[Page]:
        """A paginated list of posts: at least one page, even when empty."""
        per_page, say = self.per_page, self.say
        chunks = [tuple(posts[i:i + per_page]) for i in range(0, len(posts), per_page)] or [()]
        for number, chunk in enumerate(chunks, start=1):
            paginator = Pagination(number, len(chunks), chunk, first_url)
            shown = title if number == 1 else say("%(title)s (page %(number)s)", title=title, number=number)
            yield Page(paginator.url, template, shown, origin, {**context, "paginator": paginator}, feeds,
                       lastmod=newest(chunk), highlighted_code=not self.coded.isdisjoint(map(id, chunk)))


def _main_feed(config: SiteConfig) -> tuple[tuple[str, str], ...]:
    """The feed every page offers: the site's."""
    return ((config.title, urls.language_path(config, "feed.xml")),)


def post_pages(site: Site, posts: Sequence[Post], words: Words = ENGLISH, post_page: PostPage = new_page) -> list[Page]:
    """The pages of some of the site's published posts, as `plan_pages` makes them."""
    return _post_pages(site, _main_feed(site.config), words, post_page, posts)


def _post_pages(site: Site, feeds: tuple[tuple[str, str], ...], words: Words,
                post_page: PostPage = new_page, posts: Sequence[Post] | None = None) -> list[Page]:
    """A page for each published post (or each of `posts`), offering the comments feed titled in the post's language."""
    terms = {term.slug: term for term in site.series}
    comments_url, offered = urls.language_path(site.config, "comments.xml"), {}
    for language in {post.lang or site.config.language for post in site.published}:
        comments = translate(words, language, "%(title)s: Comments", title=site.config.title)
        offered[language] = feeds + ((comments, comments_url),)

    def page(post: Post) -> Page:
        series = terms[post.series.slug] if post.series and not post.unlisted else None
        related, shown = site.related.get(post.source_path, ()), offered[post.lang or site.config.language]
        return post_page(post, series, related, shown, lambda: Page(
            post.url, "post.html", post.title, post.source_path, {"post": post, "series": series, "related": related},
            shown, lastmod=post.updated or post.date, highlighted_code=_shows_highlighted_code(post)))
    return [page(post) for post in (site.published if posts is None else posts)]


def _shows_highlighted_code(post: Post) -> bool:
    return post.kept.highlighted_code if post.kept else shows_highlighted_code(post.html)


def _taxonomy_pages(site: Site, section: str, terms: Sequence[Term], index_title: str, heading: Callable[[str], str],
                    feeds: tuple[tuple[str, str], ...], lists: _Lists) -> list[Page]:
    config, listed = site.config, []
    for term in terms:
        title = heading(term.name)
        term_feeds = feeds + ((f"{config.title}: {term.name}", term.feed_url),)
        listed += lists.pages(term.posts, term.url, "term.html", title, f"{section[:-1]} '{term.name}'", term_feeds,
                              {"term": term.without_posts(), "section": section})
    return [Page(urls.section_url(config, section), "terms.html", index_title, f"{section} index",
                 {"terms": tuple(t.without_posts() for t in terms), "section": section}, feeds,
                 lastmod=max((page.lastmod for page in listed if page.lastmod), default=None)), *listed]


def _series_pages(site: Site, feeds: tuple[tuple[str, str], ...], say: Say) -> list[Page]:
    config = site.config
    if not site.series:
        return []
    pages = [Page(urls.section_url(config, "series"), "terms.html", say("Series"), "series index",
                  {"terms": tuple(t.without_posts() for t in site.series), "section": "series"}, feeds,
                  lastmod=newest(p for t in site.series for p in t.posts))]
    pages += [Page(term.url, "series.html", say("Series: %(name)s", name=term.name), f"series '{term.name}'",
                   {"term": term}, feeds, lastmod=newest(term.posts)) for term in site.series]
    return pages


def _author_pages(site: Site, feeds: tuple[tuple[str, str], ...], lists: _Lists) -> list[Page]:
    config = site.config
    pages = [Page(urls.section_url(config, "authors"), "authors.html", lists.say("Authors"), "authors index",
                  {"authors": tuple(a.without_posts() for a in site.authors)}, feeds, lastmod=newest(site.posts))]
    for entry in site.authors:
        author_feeds = feeds + ((f"{config.title}: {entry.author.name}", entry.feed_url),)
        title = lists.say("Posts by %(name)s", name=entry.author.name)
        pages += lists.pages(entry.posts, entry.author.url, "author.html", title, f"author '{entry.author.key}'",
                             author_feeds, {"entry": entry.without_posts()})
    return pages


WIDE_PAGE = 1000  # posts an archive lists from which its page is `wide` (see jobs.Job)


def _archive_pages(site: Site, feeds: tuple[tuple[str, str], ...], say: Say,
                   made: Callable[[Post], PostLink] = post_link) -> list[Page]:
    config = site.config
    link = _one_link_a_post(site, made)
    listed = sum(len(year.posts) for year in site.archives)
    pages = [Page(urls.language_path(config, "archives/"), "archives.html", say("Archives"), "archives",
                  {"archives": tuple(a.titles_only(link) for a in site.archives)}, feeds, lastmod=newest(site.posts),
                  wide=listed >= WIDE_PAGE)]
    for year in site.archives:
        pages.append(Page(year.url, "archive.html", say("Posts from %(year)s", year=str(year.year)),
                          f"archive {year.year}", {"archive": year}, feeds, lastmod=newest(year.posts),
                          wide=len(year.posts) >= WIDE_PAGE))
        pages += [Page(month.url, "archive.html",
                       say("Posts from %(month)s", month=format_month(month.posts[0].date, config.locale)),
                       f"archive {month.year}-{month.month:02d}", {"archive": month}, feeds,
                       lastmod=newest(month.posts), wide=len(month.posts) >= WIDE_PAGE) for month in year.months]
    return pages


def _one_link_a_post(site: Site, made: Callable[[Post], PostLink] = post_link) -> Callable[[Post], PostLink]:
    """A post's link (title, address, date): the one its related posts show, if any, else one
    `made` once for the year and the month that list it; so that each is digested once a build."""
    links = {link.url: link for shown in site.related.values() for link in shown}

    def link(post: Post) -> PostLink:
        if post.url not in links:
            links[post.url] = made(post)
        return links[post.url]
    return link


def _alias_pages(site: Site, site_wide: bool = True) -> list[Page]:
    return [Page(alias, "redirect.html", post.title, post.source_path, {"post": post}, indexable=False,
                 line=post.lines.get(f"aliases.{index}") or post.lines.get("aliases"))
            for post in (*site.published, *(site.pages if site_wide else ()))
            for index, alias in enumerate(post.aliases)]


class TemplateDeps:
    """What a template's output can depend on: its own source and every template it pulls in,
    and which attributes of `site` any of them reads ("*" when it uses `site` as a whole). What
    each source says is asked of `analyses` (kept from the last build, else parsed)."""

    def __init__(self, env: jinja2.Environment, analyses: TemplateAnalyses | None = None) -> None:
        self.env, self.analyses = env, analyses or TemplateAnalyses(None)
        self.memo: dict[str, tuple[str, frozenset[str]]] = {}
        self.names_memo: dict[str, frozenset[str]] = {}
        self.sources: dict[str, str | None] = {}

    def of(self, name: str) -> tuple[str, frozenset[str]]:
        if name not in self.memo:
            hasher, attrs = hashlib.sha256(), set()
            for member in sorted(self._closure(name)):
                hasher.update(f"{member}\0{self._source(member)}\0".encode())
                found = self._analysis(member)
                attrs |= found.site_attributes if found is not None else {"*"}
            self.memo[name] = (hasher.hexdigest(), frozenset(attrs))
        return self.memo[name]

    def names(self, name: str) -> frozenset[str]:
        """The names a template and those it pulls in take from their context ("*": unknown)."""
        if name not in self.names_memo:
            found: set[str] = set()
            for member in self._closure(name):
                analysis = self._analysis(member, names=True)
                found |= analysis.names if analysis is not None and analysis.names is not None else {"*"}
            self.names_memo[name] = frozenset(found)
        return self.names_memo[name]

    def _closure(self, name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            found = self._analysis(current)
            if found is None:
                continue
            todo.extend(found.pulls_in)
            if found.pulls_in_any:
                todo.extend(self.env.list_templates())
        return seen

    def _source(self, name: str) -> str | None:
        if name not in self.sources:
            try:
                self.sources[name] = self.env.loader.get_source(self.env, name)[0]
            except jinja2.TemplateNotFound:
                self.sources[name] = None  # rendering will report it; its absence is part of the fingerprint
        return self.sources[name]

    def _analysis(self, name: str, names: bool = False) -> Analysis | None:
        """None if the template is missing or does not parse: rendering reports it with its name and line."""
        source = self._source(name)
        return self.analyses.of(source, self.env.parse, names) if source is not None else None


# (page, its output path or None, its template's base key, `page_key` of them) -> its key
Keyed = Callable[[Page, str | None, str, Callable[[], str]], str]


def work_out(page: Page, path: str | None, base: str, key: Callable[[], str]) -> str:
    """A page's key, worked out (see `page_key`)."""
    return key()


class BaseKeys:
    """The base key of the pages of each template in each language: what their keys hold
    besides the page itself (its template's sources, the parts of `site` they read, the parts
    every page repeats, made here for `every` page of the site: see `install_parts`, which
    gives them to `env`), each worked out when first asked for, and `known` since."""

    def __init__(self, env: jinja2.Environment, site: Site, every: Sequence[Page], digest: Digester) -> None:
        self.deps, self.words, self.site, self.digest = deps_of(env), words_of(env), site, digest
        page_values = {"page"} | {name for page in every for name in page.context}
        everywhere = sorted({page_language(page, site.config) for page in every})
        self.common = digest(site.config, install_parts(env, site, self.deps, digest, page_values, everywhere))
        self.known: dict[tuple[str, str], str] = {}

    def __call__(self, template: str, language: str) -> str:
        if (template, language) not in self.known:  # a page's words come from its language's catalogs
            self.known[template, language] = self.digest(
                "page", self.common, template_key(self.deps, self.digest, self.site, template),
                self.words.key(language))
        return self.known[template, language]



def page_jobs(env: jinja2.Environment, site: Site, pages: Sequence[Page], digest: PostDigests,
              full: Callable[[Post], Post] | None = None, keyed: Keyed = work_out,
              bases: BaseKeys | None = None) -> list[Job]:
    """A job per page, keyed by everything its template can show (through `keyed`: `work_out`,
    or the preview's, which gives the key it worked out last time for the very same page and
    base); `full` puts back the body of a post's page left out of its post (see
    `cache.BodyCache.leave_out`). The base keys are `bases` (`BaseKeys` of all the site's
    pages, when these are some of them), else made for `pages`."""
    base_of = bases if bases is not None else BaseKeys(env, site, pages, digest)
    languages = [page_language(page, site.config) for page in pages]
    jobs, errors = [], []
    for page, language in zip(pages, languages, strict=True):
        base = base_of(page.template, language)
        path = _page_path(site.config, page)
        key = keyed(page, path, base, functools.partial(page_key, digest, base, page))
        if path is None:
            errors.append(ChanblogError(f"URL {page.url} leaves the output folder", page.origin, page.line))
            continue
        jobs.append(Job(path, page.origin, key, functools.partial(render_page, env, site, page, full), page.line,
                        page.wide))
    if errors:
        raise BuildFailed(errors)
    return jobs


def rebound(env: jinja2.Environment, site: Site, pages: Sequence[Page], jobs: Sequence[Job],
            full: Callable[[Post], Post] | None = None) -> list[Job]:
    """The jobs of `pages` (one each, as `page_jobs` made them), keyed as they were, rendered in
    `site` with `full` (this build's): for pages whose key is known to be unchanged."""
    return [Job(job.path, job.origin, job.key, functools.partial(render_page, env, site, page, full), job.line,
                job.wide)
            for page, job in zip(pages, jobs, strict=True)]


def template_key(deps: TemplateDeps, digest: Digester, site: Site, name: str) -> tuple[str, list[str]]:
    """What a template's output can depend on, besides the page: its sources and the parts of
    `site` they read."""
    fingerprint, attrs = deps.of(name)
    return fingerprint, [digest(site if attr == "*" else getattr(site, attr, None)) for attr in sorted(attrs)]


_page_scalars = operator.attrgetter(*(f.name for f in dataclasses.fields(Page)
                                      if f.name not in ("context", "lastmod", "wide")))  # (`wide` shows nothing)


def page_key(digest: PostDigests, base: str, page: Page) -> str:
    """Everything a page can show: its template's base key, its own fields and its context (in
    which a post is the page's own, and shows whole: see `keys`)."""
    scalars = repr(_page_scalars(page))  # plain values: one C-level repr
    lastmod = page.lastmod.isoformat() if page.lastmod else ""  # (as `Digester` writes a date: faster than repr)
    context = ",".join([f"{name}={_shown(digest, value)}" for name, value in page.context.items()])
    return hashlib.sha256(f"{base}|{scalars}|{lastmod}|{context}".encode("utf-8", "surrogatepass")).hexdigest()


def _shown(digest: PostDigests, value: Any) -> str:
    """A value of a page's context. A page of a listing (thousands of pages have one) is known by
    its place and its posts' digests, written out, not walked field by field and remembered."""
    if type(value) is Pagination:
        return f"Pagination({value.number},{value.count},{value.first_url!r},{digest.of(value.posts)})"
    return digest.shown(value)


def install_parts(env: jinja2.Environment, site: Site, deps: TemplateDeps, digest: Digester,
                  page_values: set[str], languages: Sequence[str] = ()) -> list[Any]:
    """Give templates `header()`, `sidebar()` and `footer()`, the parts every page repeats. A part
    that reads none of `page_values` (`page`, `post`, `paginator`…) is rendered here, once per build
    and language (of `languages`, those of the pages); one that does (a sidebar marking the current
    page) is rendered on each page, in its context.
    Returns what a page's key must hold of them: the output of the one, the sources of the other."""
    per_page = page_values | set(PARTS) | {"*"}  # a part that shows another part is rendered per page
    keys: list[Any] = []
    for function, name in PARTS.items():
        if deps.names(name) & (per_page | {CURRENT}) == {CURRENT}:
            env.globals[function] = _PartByMenu(env, site, name, {item.url for item in site.menu})
            keys.append(template_key(deps, digest, site, name))
        elif deps.names(name).isdisjoint(per_page):
            env.globals[function] = part = _PartByMenu(env, site, name, set())
            keys.append([part.render("", language) for language in languages or [site.config.language]])
        else:
            env.globals[function] = _part_in_page(env, name, {item.url for item in site.menu})
            keys.append(template_key(deps, digest, site, name))
    return keys


class _PartByMenu:
    """A part that reads nothing of the page but its language and whether it is a menu entry
    (`entries`, which may be none): rendered once for each entry and language, and once for each
    language of the pages not in the menu, not once a page."""

    def __init__(self, env: jinja2.Environment, site: Site, name: str, entries: set[str]) -> None:
        self.env, self.site, self.name, self.entries = env, site, name, entries
        self.made: dict[tuple[str, str], Markup] = {}

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context) -> Markup:
        return self.render(_current(context, self.entries), _language_of(context, self.site.config.language))

    def render(self, current: str, language: str) -> Markup:
        if (current, language) not in self.made:
            self.made[current, language] = _render_part(self.env, self.site, self.name,
                                                        {CURRENT: current, "lang": language})
        return self.made[current, language]



def _render_part(env: jinja2.Environment, site: Site, name: str, values: Mapping[str, Any] | None = None) -> Markup:
    try:
        return Markup(env.get_template(name).render(site=site, **(values or {})))
    except Exception as exc:  # a template can fail in any way: say which one, and where
        page = Page(urls.site_path(site.config, ""), name, site.config.title, name.strip("_").removesuffix(".html"))
        raise _template_error(exc, page, site.config) from None


def _part_in_page(env: jinja2.Environment, name: str, entries: set[str]) -> Callable[[jinja2.runtime.Context], Markup]:
    @jinja2.pass_context
    def part(context: jinja2.runtime.Context) -> Markup:
        return Markup(env.get_template(name).render(context.get_all(), **{CURRENT: _current(context, entries)}))
    return part


def _current(context: jinja2.runtime.Context, entries: set[str]) -> str:
    """The URL of the menu entry of the page being rendered, or ""."""
    page = context.get("page")
    return page.url if page is not None and page.url in entries else ""


# The names under which the bundled theme shows a post's or a page's body: `post` (the post of a
# post's page) and `content` (a page of `pages/`, whose body is never left out).
_BODY_HOLDERS = frozenset({"post", "content"})
# What is counted from a post's body (see `keys.BODY_FIELDS`), and the templates whose `post` is
# the page's own post: a post's page and the redirect from one of its old addresses.
_COUNTED = frozenset({"word_count", "html_length", "kept"})
_OWN_POST_PAGES = frozenset({"post.html", "redirect.html"})


def read_bodies_elsewhere(templates: Mapping[str, str]) -> bool:
    """Whether one of the site's own templates (`templates`: name -> path) may show the `html`
    of a post that is not the post of a post's page (a listing of whole posts, a macro given a
    post), so that no post's body may be left out of the posts a build holds. Only `post.html`
    and `content.html`, with neither name bound by the template, are known to be safe."""
    return "html" in _bodies_elsewhere(templates)


def shows_bodies_elsewhere(templates: Mapping[str, str]) -> bool:
    """Whether one of the site's own templates may show a post's body, or what is counted from
    it (`word_count`, `html_length`, `kept`, `post_jsonld(…)`), on a page that is not the post's
    own, so that the pages that list a post are keyed by its body too. The counts are known to be
    the page's own post's only as `post.…` in post.html and redirect.html, neither binding `post`;
    the bundled theme shows them nowhere else."""
    return bool(_bodies_elsewhere(templates))


def _bodies_elsewhere(templates: Mapping[str, str]) -> set[str]:
    """"html" and "counts", for what the site's templates may show of a body elsewhere."""
    env, found = jinja2.Environment(extensions=["jinja2.ext.i18n"]), set()
    for name, path in templates.items():
        try:
            with open(path, encoding="utf-8") as file:
                ast = env.parse(file.read())
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            return {"html", "counts"}  # cannot tell (the build reports the template)
        rebound = any(node.name in _BODY_HOLDERS and node.ctx != "load" for node in ast.find_all(jinja2.nodes.Name))
        if rebound or _reads_html_elsewhere(ast):
            found.add("html")
        if _counts_elsewhere(ast, own=name in _OWN_POST_PAGES and not rebound):
            found.add("counts")
    return found


def _reads_html_elsewhere(ast: jinja2.nodes.Template) -> bool:
    reads = [node for node in ast.find_all(jinja2.nodes.Getattr) if node.attr == "html"]
    return (any(not isinstance(node.node, jinja2.nodes.Name) or node.node.name not in _BODY_HOLDERS for node in reads)
            or any(node.value == "html" for node in ast.find_all(jinja2.nodes.Const)))


def _counts_elsewhere(ast: jinja2.nodes.Template, own: bool) -> bool:
    """Whether a template reads what is counted from a body other than as its `own` post's."""
    def of_own_post(node: jinja2.nodes.Node) -> bool:
        return own and isinstance(node, jinja2.nodes.Name) and node.name == "post"
    if any(node.attr in _COUNTED and not of_own_post(node.node) for node in ast.find_all(jinja2.nodes.Getattr)):
        return True
    if any(node.value in _COUNTED for node in ast.find_all(jinja2.nodes.Const) if isinstance(node.value, str)):
        return True
    calls = {id(call.node) for call in ast.find_all(jinja2.nodes.Call)
             if len(call.args) == 1 and not call.kwargs and of_own_post(call.args[0])}
    return any(node.name == "post_jsonld" and id(node) not in calls for node in ast.find_all(jinja2.nodes.Name))


def _page_path(config: SiteConfig, page: Page) -> str | None:
    if page.template == "redirect.html":
        return urls.alias_path(config, page.url)
    return urls.output_path(config, page.url)


def render_page(env: jinja2.Environment, site: Site, page: Page, full: Callable[[Post], Post] | None = None) -> bytes:
    context = {"site": site, "page": page, **page.context, "lang": page_language(page, site.config)}
    if full and isinstance(context.get("post"), Post):
        context["post"] = full(context["post"])  # its body, read back for this page only
    try:
        return env.get_template(page.template).render(context).encode("utf-8")
    except Exception as exc:  # a template can fail in any way: say which one, and where
        raise _template_error(exc, page, site.config) from None


def _template_error(exc: Exception, page: Page, config: SiteConfig) -> ChanblogError:
    """Say which page was being rendered, with which template file and line."""
    doing = f"rendering {page.origin} with {page.template}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return ChanblogError(f"{doing}: template '{exc.name}' not found", page.origin, None,
                             f"create templates/{exc.name}, or remove what asks for it")
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
        filename, line = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
    return ChanblogError(f"{doing}: {getattr(exc, 'message', None) or exc}", _shown_template(filename, config), line,
                         "fix the template; names it can use are listed in the README")


def _shown_template(filename: str | None, config: SiteConfig) -> str | None:
    if not filename:
        return None
    path = Path(filename)
    if path.is_relative_to(config.root):
        return path.relative_to(config.root).as_posix()
    if path.is_relative_to(THEME_DIR):
        return f"(bundled theme) {path.relative_to(THEME_DIR / 'templates').as_posix()}"
    return filename
