"""Plan every page of a site and render it through Jinja2.

The site's own `templates/` override the bundled theme by name; a site template may also
extend the theme's version as `theme/NAME.html`. Autoescape is on and undefined names fail.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton
from markupsafe import Markup

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.markup import text_paragraphs
from chanblog.model import Post, Site, Term
from chanblog.output import Artifact

THEME_DIR = Path(__file__).parent / "theme"


@dataclass(frozen=True)
class Pagination:
    """One page of a paginated listing."""

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


def make_environment(config: SiteConfig) -> jinja2.Environment:
    theme = jinja2.FileSystemLoader(THEME_DIR / "templates")
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(config.templates_dir), theme,
                                  jinja2.PrefixLoader({"theme": theme})])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(date=lambda d: format_date(d, config.language),
                       monthyear=lambda d: format_month(d, config.language),
                       isodate=lambda d: d.isoformat(), paragraphs=paragraphs, jsonld=jsonld,
                       absolute=lambda url: urls.absolute_url(config, url))
    env.globals.update(config=config, site_url=lambda path="": urls.site_path(config, path),
                       post_jsonld=lambda post: post_jsonld(config, post))
    return env


def _locale(language: str) -> str:
    return language.replace("-", "_")


def format_date(moment: datetime, language: str) -> str:
    """A date as a reader of the site's language writes it: `August 14, 2009`, `14 août 2009`."""
    return babel_date(moment, "long", locale=_locale(language))


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
        "description": post.summary, "wordCount": post.word_count, "inLanguage": config.language,
        "keywords": [ref.name for ref in post.tags + post.labels],
        "publisher": {"@type": "Organization", "name": config.title, "url": urls.absolute_url(config, urls.site_path(config, ""))},
    }
    if post.author:
        data["author"] = {"@type": "Person", "name": post.author.name,
                          "url": urls.absolute_url(config, post.author.url)}
    if post.image:
        data["image"] = urls.absolute_url(config, post.image)
    return jsonld(data)


def newest(posts: Iterable[Post]) -> datetime | None:
    return max((post.last_modified for post in posts), default=None)


def paragraphs(text: str) -> Markup:
    """Plain text (a comment, a bio) as escaped HTML paragraphs."""
    return Markup("\n").join(Markup("<p>{}</p>").format(line) for line in text_paragraphs(text))


def plan_pages(site: Site) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    config = site.config
    main_feed = (("All posts", urls.site_path(config, "feed.xml")),)
    pages = list(_listing(site.posts, urls.site_path(config, ""), "index.html", config.title, "home page",
                          main_feed, {}, config.per_page))
    pages += [_post_page(site, post, main_feed) for post in site.posts]
    pages += _taxonomy_pages(site, "tags", site.tags, "Tags", "Posts tagged ‘{}’", main_feed)
    pages += _taxonomy_pages(site, "labels", site.labels, "Labels", "Posts with label ‘{}’", main_feed)
    pages += _series_pages(site, main_feed)
    pages += _author_pages(site, main_feed)
    pages += _archive_pages(site, main_feed)
    pages.append(Page(urls.site_path(config, "404.html"), "404.html", "Page not found", "404 page", feeds=main_feed,
                      indexable=False))
    pages += _alias_pages(site)
    return pages


def _listing(posts: Sequence[Post], first_url: str, template: str, title: str, origin: str,
             feeds: tuple[tuple[str, str], ...], context: dict[str, Any], per_page: int) -> Iterator[Page]:
    """A paginated list of posts: at least one page, even when empty."""
    chunks = [tuple(posts[i:i + per_page]) for i in range(0, len(posts), per_page)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        paginator = Pagination(number, len(chunks), chunk, first_url)
        shown = title if number == 1 else f"{title} (page {number})"
        yield Page(paginator.url, template, shown, origin, {**context, "paginator": paginator}, feeds,
                   lastmod=newest(chunk))


def _post_page(site: Site, post: Post, feeds: tuple[tuple[str, str], ...]) -> Page:
    series = site.series_named(post.series.slug) if post.series else None
    return Page(post.url, "post.html", post.title, post.source_path, {"post": post, "series": series}, feeds,
                lastmod=post.last_modified)


def _taxonomy_pages(site: Site, section: str, terms: Sequence[Term], index_title: str, heading: str,
                    feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    pages = [Page(urls.section_url(config, section), "terms.html", index_title, f"{section} index",
                  {"terms": terms, "section": section}, feeds, lastmod=newest(p for t in terms for p in t.posts))]
    for term in terms:
        title = heading.format(term.name)
        term_feeds = feeds + ((f"{title}", term.feed_url),)
        pages += _listing(term.posts, term.url, "term.html", title, f"{section[:-1]} '{term.name}'", term_feeds,
                          {"term": term, "section": section}, config.per_page)
    return pages


def _series_pages(site: Site, feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    if not site.series:
        return []
    pages = [Page(urls.section_url(config, "series"), "terms.html", "Series", "series index",
                  {"terms": site.series, "section": "series"}, feeds,
                  lastmod=newest(p for t in site.series for p in t.posts))]
    pages += [Page(term.url, "series.html", f"Series: {term.name}", f"series '{term.name}'", {"term": term}, feeds,
                   lastmod=newest(term.posts)) for term in site.series]
    return pages


def _author_pages(site: Site, feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    pages = [Page(urls.section_url(config, "authors"), "authors.html", "Authors", "authors index",
                  {"authors": site.authors}, feeds, lastmod=newest(site.posts))]
    for entry in site.authors:
        author_feeds = feeds + ((f"Posts by {entry.author.name}", entry.feed_url),)
        pages += _listing(entry.posts, entry.author.url, "author.html", f"Posts by {entry.author.name}",
                          f"author '{entry.author.key}'", author_feeds,
                          {"entry": entry}, config.per_page)
    return pages


def _archive_pages(site: Site, feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    pages = [Page(urls.site_path(config, "archives/"), "archives.html", "Archives", "archives",
                  {"archives": site.archives}, feeds, lastmod=newest(site.posts))]
    for year in site.archives:
        pages.append(Page(year.url, "archive.html", f"Posts from {year.year}", f"archive {year.year}",
                          {"archive": year}, feeds, lastmod=newest(year.posts)))
        pages += [Page(month.url, "archive.html", f"Posts from {format_month(month.posts[0].date, config.language)}",
                       f"archive {month.year}-{month.month:02d}", {"archive": month}, feeds,
                       lastmod=newest(month.posts)) for month in year.months]
    return pages


def _alias_pages(site: Site) -> list[Page]:
    return [Page(alias, "redirect.html", post.title, f"{post.source_path} (alias)", {"post": post}, indexable=False)
            for post in site.posts for alias in post.aliases]


def render_pages(env: jinja2.Environment, site: Site, pages: Sequence[Page]) -> list[Artifact]:
    """Render every page, reporting each distinct template error once."""
    artifacts, errors = [], {}
    for page in pages:
        try:
            artifacts.append(render_page(env, site, page))
        except ChanblogError as exc:
            errors.setdefault((exc.path, exc.line, exc.message.split(": ", 1)[-1]), exc)
    if errors:
        raise BuildFailed(errors.values())
    return artifacts


def render_page(env: jinja2.Environment, site: Site, page: Page) -> Artifact:
    config = site.config
    path = (urls.alias_path(config, page.url) if page.template == "redirect.html"
            else urls.output_path(config, page.url))
    if path is None:
        raise ChanblogError(f"URL {page.url} leaves the output folder", page.origin)
    context = {"site": site, "page": page, **page.context}
    try:
        html = env.get_template(page.template).render(context)
    except Exception as exc:  # a template can fail in any way: say which one, and where
        raise _template_error(exc, page, config) from None
    return Artifact(path, page.origin, data=html.encode("utf-8"))


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
