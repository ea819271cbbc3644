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
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton
from markupsafe import Markup

from chanblog import urls
from chanblog.cache import Digester
from chanblog.config import SiteConfig
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.language_tags import babel_locale
from chanblog.markup import text_paragraphs
from chanblog.model import Post, Site, Term
from chanblog.output import Job
from chanblog.sources import Listing, list_files

THEME_DIR = Path(__file__).parent / "theme"
CURRENT = "current_url"  # what a part may read of the page: the URL of its menu entry, if it has one
PARTS = {"header": "_header.html", "sidebar": "_sidebar.html", "footer": "_footer.html"}  # by the function showing it


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
    line: int | None = None  # the line of `origin` that asks for the page (an alias), if one does
    highlighted_code: bool = False  # shows code Pygments highlighted, so the page links pygments.css


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


def make_environment(config: SiteConfig, templates: Mapping[str, str] | None = None) -> jinja2.Environment:
    """The site's templates (by default those `site_templates` lists, BuildFailed if one is a link
    out of the site) over the bundled theme's, which they can extend as `theme/NAME`."""
    own = site_templates(config).checked() if templates is None else templates
    theme = jinja2.FileSystemLoader(THEME_DIR / "templates")
    loader = jinja2.ChoiceLoader([SiteTemplates(config.templates_dir, own), theme,
                                  jinja2.PrefixLoader({"theme": theme})])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             auto_reload=False)  # one environment a build: no need to stat every template on each load
    env.filters.update(date=lambda d: format_date(d, config.language),
                       monthyear=lambda d: format_month(d if isinstance(d, datetime) else datetime(d.year, d.month, 1),
                                        config.language),
                       isodate=lambda d: d.isoformat(), paragraphs=paragraphs, jsonld=jsonld, most_used=most_used,
                       absolute=lambda url: urls.absolute_url(config, url))
    env.globals.update(config=config, site_url=lambda path="": urls.site_path(config, path),
                       post_jsonld=lambda post: post_jsonld(config, post))
    env.globals["social_card"] = functools.partial(social_card, config)
    return env


def _locale(language: str) -> str:
    return babel_locale(language)


@functools.lru_cache(maxsize=65536)  # a post's date is shown on its page and on every listing of it
def format_date(moment: datetime, language: str) -> str:
    """A date as a reader of the site's language writes it: `August 14, 2009`, `14 août 2009`."""
    return babel_date(moment, "long", locale=_locale(language))


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
        "description": post.summary, "wordCount": post.word_count, "inLanguage": config.language,
        "keywords": [ref.name for ref in post.tags + post.labels],
        "publisher": {"@type": "Organization", "name": config.title, "url": urls.absolute_url(config, urls.site_path(config, ""))},
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
    return max((post.last_modified for post in posts), default=None)


def most_used(terms: Sequence[Term], limit: int) -> list[Term]:
    """The `limit` terms with the most posts (ties by name), in their own order: a sidebar that
    listed every tag on every page would grow with the square of the tags."""
    if len(terms) <= limit:
        return list(terms)
    kept = {id(term) for term in heapq.nsmallest(limit, terms, key=lambda t: (-t.count, t.name.casefold(), t.slug))}
    return [term for term in terms if id(term) in kept]


def paragraphs(text: str) -> Markup:
    """Plain text (a comment, a bio) as escaped HTML paragraphs."""
    return Markup("\n").join(Markup("<p>{}</p>").format(line) for line in text_paragraphs(text))


# Pygments puts the code it highlights in an element of class `highlight`: what pygments.css styles.
# (The pattern starts with a literal so that a long body is scanned at the speed of str.find.)
_HIGHLIGHTED = re.compile(r"""class=["'](?:[^"']*\s)?highlight[\s"']""")


def shows_highlighted_code(html: str) -> bool:
    """Whether HTML (a body, an excerpt) holds code highlighted by Pygments."""
    return "highlight" in html and _HIGHLIGHTED.search(html) is not None


def plan_pages(site: Site) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    config = site.config
    main_feed = ((config.title, urls.site_path(config, "feed.xml")),)
    pages = list(_listing(site.posts, urls.site_path(config, ""), "index.html", config.title, "home page",
                          main_feed, {}, config.per_page))
    post_feeds = main_feed + ((f"{config.title}: Comments", urls.site_path(config, "comments.xml")),)
    pages += [_post_page(site, post, post_feeds) for post in site.published]
    pages += [Page(page.url, page.template, page.title, page.source_path, {"content": page}, main_feed,
                   lastmod=page.updated, highlighted_code=shows_highlighted_code(page.html)) for page in site.pages]
    pages += _taxonomy_pages(site, "tags", site.tags, "Tags", "Posts tagged ‘{}’", main_feed)
    pages += _taxonomy_pages(site, "labels", site.labels, "Labels", "Posts with label ‘{}’", main_feed)
    pages += _series_pages(site, main_feed)
    pages += _author_pages(site, main_feed)
    pages += _archive_pages(site, main_feed)
    pages.append(Page(urls.site_path(config, "404.html"), "404.html", "Page not found", "404 page", feeds=main_feed,
                      indexable=False))
    if config.search:
        pages.append(Page(urls.site_path(config, "search/"), "search.html", "Search", "search page", feeds=main_feed,
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
                   lastmod=newest(chunk), highlighted_code=any(shows_highlighted_code(p.excerpt) for p in chunk))


def _post_page(site: Site, post: Post, feeds: tuple[tuple[str, str], ...]) -> Page:
    series = site.series_named(post.series.slug) if post.series and not post.unlisted else None
    return Page(post.url, "post.html", post.title, post.source_path, {"post": post, "series": series}, feeds,
                lastmod=post.last_modified, highlighted_code=shows_highlighted_code(post.html))


def _taxonomy_pages(site: Site, section: str, terms: Sequence[Term], index_title: str, heading: str,
                    feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    pages = [Page(urls.section_url(config, section), "terms.html", index_title, f"{section} index",
                  {"terms": tuple(t.without_posts() for t in terms), "section": section}, feeds,
                  lastmod=newest(p for t in terms for p in t.posts))]
    for term in terms:
        title = heading.format(term.name)
        term_feeds = feeds + ((f"{config.title}: {term.name}", term.feed_url),)
        pages += _listing(term.posts, term.url, "term.html", title, f"{section[:-1]} '{term.name}'", term_feeds,
                          {"term": term.without_posts(), "section": section}, config.per_page)
    return pages


def _series_pages(site: Site, feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    if not site.series:
        return []
    pages = [Page(urls.section_url(config, "series"), "terms.html", "Series", "series index",
                  {"terms": tuple(t.without_posts() for t in site.series), "section": "series"}, feeds,
                  lastmod=newest(p for t in site.series for p in t.posts))]
    pages += [Page(term.url, "series.html", f"Series: {term.name}", f"series '{term.name}'", {"term": term}, feeds,
                   lastmod=newest(term.posts)) for term in site.series]
    return pages


def _author_pages(site: Site, feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    pages = [Page(urls.section_url(config, "authors"), "authors.html", "Authors", "authors index",
                  {"authors": tuple(a.without_posts() for a in site.authors)}, feeds, lastmod=newest(site.posts))]
    for entry in site.authors:
        author_feeds = feeds + ((f"{config.title}: {entry.author.name}", entry.feed_url),)
        pages += _listing(entry.posts, entry.author.url, "author.html", f"Posts by {entry.author.name}",
                          f"author '{entry.author.key}'", author_feeds,
                          {"entry": entry.without_posts()}, config.per_page)
    return pages


def _archive_pages(site: Site, feeds: tuple[tuple[str, str], ...]) -> list[Page]:
    config = site.config
    pages = [Page(urls.site_path(config, "archives/"), "archives.html", "Archives", "archives",
                  {"archives": tuple(a.without_posts() for a in site.archives)}, feeds, lastmod=newest(site.posts))]
    for year in site.archives:
        pages.append(Page(year.url, "archive.html", f"Posts from {year.year}", f"archive {year.year}",
                          {"archive": year}, feeds, lastmod=newest(year.posts)))
        pages += [Page(month.url, "archive.html", f"Posts from {format_month(month.posts[0].date, config.language)}",
                       f"archive {month.year}-{month.month:02d}", {"archive": month}, feeds,
                       lastmod=newest(month.posts)) for month in year.months]
    return pages


def _alias_pages(site: Site) -> list[Page]:
    return [Page(alias, "redirect.html", post.title, post.source_path, {"post": post}, indexable=False,
                 line=post.lines.get(f"aliases.{index}") or post.lines.get("aliases"))
            for post in (*site.published, *site.pages) for index, alias in enumerate(post.aliases)]


class TemplateDeps:
    """What a template's output can depend on: its own source and every template it pulls in,
    and which attributes of `site` any of them reads ("*" when it uses `site` as a whole)."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self.memo: dict[str, tuple[str, frozenset[str]]] = {}
        self.asts: dict[str, jinja2.nodes.Template | None] = {}

    def of(self, name: str) -> tuple[str, frozenset[str]]:
        if name not in self.memo:
            hasher, attrs = hashlib.sha256(), set()
            for member in sorted(self._closure(name)):
                hasher.update(f"{member}\0{self._source(member)}\0".encode())
                ast = self._ast(member)
                attrs |= _site_attributes(ast) if ast is not None else {"*"}
            self.memo[name] = (hasher.hexdigest(), frozenset(attrs))
        return self.memo[name]

    def names(self, name: str) -> frozenset[str]:
        """The names a template and those it pulls in take from their context ("*": unknown)."""
        found: set[str] = set()
        for member in self._closure(name):
            ast = self._ast(member)
            found |= jinja2.meta.find_undeclared_variables(ast) if ast is not None else {"*"}
        return frozenset(found)

    def _closure(self, name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            ast = self._ast(current)
            if ast is None:
                continue
            for referenced in jinja2.meta.find_referenced_templates(ast):
                todo.extend(self.env.list_templates() if referenced is None else [referenced])
        return seen

    def _source(self, name: str) -> str | None:
        try:
            return self.env.loader.get_source(self.env, name)[0]
        except jinja2.TemplateNotFound:
            return None  # rendering will report it; its absence is part of the fingerprint

    def _ast(self, name: str) -> jinja2.nodes.Template | None:
        if name not in self.asts:
            source = self._source(name)
            try:
                self.asts[name] = self.env.parse(source) if source is not None else None
            except jinja2.TemplateSyntaxError:
                self.asts[name] = None  # rendering reports it with the template's name and line
        return self.asts[name]


def _site_attributes(ast: jinja2.nodes.Template) -> set[str]:
    names = [n for n in ast.find_all(jinja2.nodes.Name) if n.name == "site"]
    attrs = [g.attr for g in ast.find_all(jinja2.nodes.Getattr)
             if isinstance(g.node, jinja2.nodes.Name) and g.node.name == "site"]
    return {"*"} if len(names) > len(attrs) else set(attrs)


def page_jobs(env: jinja2.Environment, site: Site, pages: Sequence[Page], digest: Digester) -> list[Job]:
    """A job per page, keyed by everything its template can show."""
    deps, bases = TemplateDeps(env), {}
    page_values = {"page"} | {name for page in pages for name in page.context}
    common = digest(site.config, install_parts(env, site, deps, digest, page_values))
    jobs, errors = [], []
    for page in pages:
        if page.template not in bases:
            bases[page.template] = digest("page", common, template_key(deps, digest, site, page.template))
        key = page_key(digest, bases[page.template], page)
        path = _page_path(site.config, page)
        if path is None:
            errors.append(ChanblogError(f"URL {page.url} leaves the output folder", page.origin, page.line))
            continue
        jobs.append(Job(path, page.origin, key, functools.partial(render_page, env, site, page), page.line))
    if errors:
        raise BuildFailed(errors)
    return jobs


def template_key(deps: TemplateDeps, digest: Digester, site: Site, name: str) -> tuple[str, list[str]]:
    """What a template's output can depend on, besides the page: its sources and the parts of
    `site` they read."""
    fingerprint, attrs = deps.of(name)
    return fingerprint, [digest(site if attr == "*" else getattr(site, attr, None)) for attr in sorted(attrs)]


_PAGE_SCALARS = tuple(f.name for f in dataclasses.fields(Page) if f.name != "context")


def page_key(digest: Digester, base: str, page: Page) -> str:
    """Everything a page can show: its template's base key, its own fields and its context."""
    scalars = repr(tuple(getattr(page, name) for name in _PAGE_SCALARS))  # plain values: one C-level repr
    context = ",".join(f"{name}={digest.of(value)}" for name, value in page.context.items())
    return hashlib.sha256(f"{base}|{scalars}|{context}".encode("utf-8", "surrogatepass")).hexdigest()


def install_parts(env: jinja2.Environment, site: Site, deps: TemplateDeps, digest: Digester,
                  page_values: set[str]) -> list[Any]:
    """Give templates `header()`, `sidebar()` and `footer()`, the parts every page repeats. A part
    that reads none of `page_values` (`page`, `post`, `paginator`…) is rendered here, once per build;
    one that does (a sidebar marking the current page) is rendered on each page, in its context.
    Returns what a page's key must hold of them: the output of the one, the sources of the other."""
    per_page = page_values | set(PARTS) | {"*"}  # a part that shows another part is rendered per page
    keys: list[Any] = []
    for function, name in PARTS.items():
        if deps.names(name) & (per_page | {CURRENT}) == {CURRENT}:
            env.globals[function] = _part_by_menu(env, site, name)
            keys.append(template_key(deps, digest, site, name))
        elif deps.names(name).isdisjoint(per_page):
            html = _render_part(env, site, name)
            env.globals[function] = lambda html=html: html
            keys.append(html)
        else:
            env.globals[function] = _part_in_page(env, name, {item.url for item in site.menu})
            keys.append(template_key(deps, digest, site, name))
    return keys


def _part_by_menu(env: jinja2.Environment, site: Site, name: str) -> Callable[[jinja2.runtime.Context], Markup]:
    """A part that marks the current page's menu entry (and reads nothing else of the page):
    rendered once for each entry and once for the pages not in the menu, not once a page."""
    entries, made = {item.url for item in site.menu}, {}

    @jinja2.pass_context
    def part(context: jinja2.runtime.Context) -> Markup:
        current = _current(context, entries)
        if current not in made:
            made[current] = _render_part(env, site, name, {CURRENT: current})
        return made[current]
    return part


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


def _page_path(config: SiteConfig, page: Page) -> str | None:
    if page.template == "redirect.html":
        return urls.alias_path(config, page.url)
    return urls.output_path(config, page.url)


def render_page(env: jinja2.Environment, site: Site, page: Page) -> bytes:
    context = {"site": site, "page": page, **page.context}
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
