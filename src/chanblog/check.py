"""`chanblog check`: every problem of a site in one run, found by the build's own stages.

It reads and validates what a build reads, plans and renders every page and feed in memory,
claims every output path as the writer would, then follows each post's links and images to
the files the build would publish. Nothing is written: not the output, not the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

from chanblog import urls
from chanblog.build import addresses, all_static_jobs, link_references, render_all_pages, render_all_posts
from chanblog.bundles import bundle_jobs
from chanblog.cache import CACHE_DIR, BodyCache, Digester, DraftCache
from chanblog.cards import card_jobs
from chanblog.config import CONFIG_FILE, SiteConfig, load_config
from chanblog.content import Draft, is_declared, parse_draft, read_all_posts
from chanblog.errors import BuildFailed, ChanblogError, ChanblogWarning, distinct
from chanblog.feeds import too_long_for_feeds
from chanblog.history import commit_dates
from chanblog.links import line_in_body
from chanblog.template_code import convert_templates
from chanblog.markup import EarlyRenderer, Markup, settings_fingerprint, template_context
from chanblog.model import Post, Site, SitePage
from chanblog.pages import PageDraft, place_pages, read_all_pages
from chanblog.output import Claims, Job
from chanblog.keys import post_digests
from chanblog.languages import all_pages, build_sites, plan_sites, site_jobs
from chanblog.render import make_environment, site_templates, words_of
from chanblog.sitemap import sitemap_jobs
from chanblog.taxonomy import is_public, term_clashes, url_clashes
from chanblog.translations import read_words

TEMPLATE_HINT = "write it as Markdown or HTML, or remove it"
LINKS = {"a": "href", "img": "src", "source": "src", "video": "src", "audio": "src", "iframe": "src"}


@dataclass(frozen=True)
class CheckReport:
    """Every problem found, errors and warnings, in file and line order, and what was checked."""

    problems: tuple[ChanblogError, ...]
    posts: int = 0  # post files read, good or bad
    files: int = 0  # files a build would publish
    templates: int = 0  # the site's own templates, compiled

    @property
    def errors(self) -> list[ChanblogError]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ChanblogError]:
        return [p for p in self.problems if p.severity == "warning"]


def check_site(root: Path, drafts: bool = False, future: bool = False, now: datetime | None = None) -> CheckReport:
    """Check the site in `root` as a build with these options would see it, without writing anything."""
    try:
        config = load_config(root)
    except ChanblogError as exc:
        return CheckReport((exc,))
    except BuildFailed as exc:  # without settings nothing else can be checked
        return CheckReport(tuple(exc.errors))
    now = now or datetime.now(timezone.utc)
    cache = DraftCache(root / CACHE_DIR, Digester()(config))
    sources, problems = read_all_posts(config, lambda shown, text, cfg: cache.parse(
        shown, text, lambda: parse_draft(shown, text, cfg)))
    checked = len(sources) + len({problem.path for problem in problems})  # post files, good or bad
    bodies = BodyCache(root / CACHE_DIR, settings_fingerprint(config.markup), spill=False)  # check writes nothing
    renderer = EarlyRenderer(1, config.markup)
    posts, errors = render_all_posts(sources, bodies, renderer)
    page_sources, page_problems = read_all_pages(config)
    pages, page_errors = render_all_pages(page_sources, bodies, renderer)
    known = addresses(sources, page_sources)
    linked_posts, linked_pages = link_references(posts, sources, known), link_references(pages, page_sources, known)
    posts, pages = linked_posts.items, linked_pages.items
    problems += page_problems + page_errors + linked_posts.errors + linked_pages.errors
    clashes = url_clashes(posts) + term_clashes(posts)
    clashing = {error.path for error in clashes}
    posts = [post for post in posts if post.source_path not in clashing]
    listing = site_templates(config)
    words, word_errors = read_words(config.root, config.translations)
    env, templates = make_environment(config, listing.files, words), list(listing.files)
    problems += word_errors
    problems += errors + clashes + same_slugs(posts) + undeclared_authors(config, posts)
    problems += same_translations(config, posts)
    problems += compile_templates(env, templates) + list(listing.errors)
    problems += commit_dates(config).warnings  # the dates themselves change no link
    pages, config, page_clashes = checked_pages(config, pages, [p for p in posts if is_public(p, now, drafts, future)],
                                                drafts)
    problems += page_clashes
    sites = build_sites(config, posts, now, drafts, future, pages)  # one a language
    site = sites[0]  # the one with the pages of `pages/`
    problems += [warning for each in sites for warning in too_long_for_feeds(each)]
    copied, refused = all_static_jobs(config)
    bundled, refused_in_posts = bundle_jobs(config, [post for each in sites for post in each.published])
    cards = [job for each in sites for job in card_jobs(each)]  # claimed, not drawn
    copied, refused = cards + copied + bundled, refused + refused_in_posts
    problems += refused
    try:
        made = planned_jobs(env, sites, listing.files)
    except (ChanblogError, BuildFailed) as exc:  # pages that cannot even be planned: nothing to follow
        return _report(problems + (exc.errors if isinstance(exc, BuildFailed) else [exc]), checked, 0, templates)
    problems += claim_all(made + copied) + render_all(made)
    unpublished = {urls.output_path(config, p.url): p for p in posts if not is_public(p, now, drafts, future)}
    drafts_files, _ = bundle_jobs(config, unpublished.values())  # where a draft's own links lead
    targets = {job.path for job in made + copied + drafts_files}
    by_path = {draft.post.source_path: draft for draft in sources}
    page_drafts = {draft.page.source_path: draft for draft in page_sources}
    for page in site.pages:
        problems += post_links(config, page, page_drafts[page.source_path], targets, unpublished)
    problems += menu_links(config, targets)
    for post in posts:
        problems += post_links(config, post, by_path[post.source_path], targets, unpublished)
        if is_public(post, now, drafts, future):
            problems += template_code(by_path[post.source_path], config.markup)
    problems += avatars(config, targets)
    return _report(problems, checked, len(targets), templates)


def checked_pages(config: SiteConfig, pages: list[SitePage], posts: list[Post],
                  drafts: bool) -> tuple[list[SitePage], SiteConfig, list[ChanblogError]]:
    """The pages and the menu entries `build_site` can place, and the errors of the others."""
    _, _, errors = place_pages(config, pages, posts, drafts)
    wrong = {(error.path, error.line) for error in errors}
    menu = tuple(entry for entry in config.menu if (CONFIG_FILE, entry.line) not in wrong)
    return [page for page in pages if page.source_path not in {p for p, _ in wrong}], replace(config, menu=menu), errors


def menu_links(config: SiteConfig, targets: set[str]) -> list[ChanblogError]:
    """A menu entry of site.yaml that is a path on the site must lead to a file the build publishes."""
    errors = []
    for entry in config.menu:
        rooted = entry.url.startswith("/") and not entry.url.startswith("//")
        target = link_target(config, "/", urls.site_path(config, entry.url)) if rooted else None
        if target is not None and target not in targets:
            errors.append(ChanblogError(f"menu: {entry.url} is neither a page of the site nor in static/", CONFIG_FILE,
                                        entry.line, f"link a page's address, or add static/{target}"))
    return errors


def _report(problems: list[ChanblogError], posts: int, files: int, templates: list[str]) -> CheckReport:
    ordered = sorted(distinct(problems), key=ChanblogError.sort_key)
    return CheckReport(tuple(ordered), posts, files, len(templates))


def undeclared_authors(config: SiteConfig, posts: Iterable[Post]) -> list[ChanblogError]:
    """A post's author that site.yaml does not declare is shown by the name the post gives: say so,
    once a post, since it is often a copied blog's author, sometimes a typo."""
    known = ", ".join(sorted(config.authors)) or "none yet"
    return [ChanblogWarning(f"author '{post.author.name}' is not declared in site.yaml: the post shows the name "
                            "without a bio", post.source_path, post.lines.get("author") or post.lines.get("authors"),
                            f"declare them under 'authors:' in site.yaml, or use a key declared there ({known})")
            for post in posts if post.author and not is_declared(post.author, config)]


def same_slugs(posts: Iterable[Post]) -> list[ChanblogError]:
    """Two posts with one slug at different URLs are allowed (the dates differ), but often a copy;
    in two languages, they are translations."""
    first: dict[tuple[str, str], Post] = {}
    warnings: list[ChanblogError] = []
    for post in sorted(posts, key=lambda p: p.source_path):
        other = first.setdefault((post.lang, post.slug), post)
        if other is not post and other.url != post.url:
            warnings.append(ChanblogWarning(
                f"has the same slug '{post.slug}' as {other.source_path}", post.source_path,
                post.lines.get("slug") or post.lines.get("title"),
                "their URLs differ only by date: give one a different 'slug:' if they are different posts"))
    return warnings


def same_translations(config: SiteConfig, posts: Iterable[Post]) -> list[ChanblogError]:
    """Two posts of one language with one translation key: only the first (by file name) is
    linked from the other languages' versions."""
    if not config.languages:
        return []
    first: dict[tuple[str, str], Post] = {}
    warnings: list[ChanblogError] = []
    for post in sorted(posts, key=lambda p: p.source_path):
        other = first.setdefault((post.lang or config.language, post.translation_key), post)
        if other is not post:
            warnings.append(ChanblogWarning(
                f"translates the same post as {other.source_path}, in the same language", post.source_path,
                post.lines.get("translation_key") or post.lines.get("translationKey") or post.lines.get("lang"),
                "give one of them another 'translation_key:', or its own language"))
    return warnings


def compile_templates(env: jinja2.Environment, names: Iterable[str]) -> list[ChanblogError]:
    """A template that does not compile fails every page that uses it, and others not at all:
    compile each one, used or not."""
    errors: list[ChanblogError] = []
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            errors.append(ChanblogError(f"does not compile: {exc.message}", f"templates/{name}", exc.lineno,
                                        "fix the template's syntax"))
        except UnicodeDecodeError:
            errors.append(ChanblogError("is not UTF-8 text", f"templates/{name}", None,
                                        "save it as UTF-8, or move files that are not templates out of templates/"))
    return errors


def planned_jobs(env: jinja2.Environment, sites: Sequence[Site], templates: dict[str, str]) -> list[Job]:
    """The files a build would make: pages, feeds, sitemap (it copies `static/` too)."""
    words = words_of(env)
    plans, digest = plan_sites(sites, words), post_digests(sites, apart=False)  # (keys: not kept by `check`)
    pages, feeds = site_jobs(sites, plans, templates, digest, words, env)
    return pages + feeds + sitemap_jobs(sites[0].config, all_pages(plans))


def claim_all(jobs: Iterable[Job]) -> list[ChanblogError]:
    """The writer's own claims: paths outside the output, two files at one path, files in files."""
    claims, errors = Claims(), []
    for job in jobs:
        try:
            claims.claim(job.path, job.origin, job.line)
        except ChanblogError as exc:
            errors.append(exc)
    return errors


def render_all(jobs: Iterable[Job]) -> list[ChanblogError]:
    """Make every file in memory: template mistakes only show when a page is rendered."""
    errors = []
    for job in jobs:
        try:
            job.make()
        except ChanblogError as exc:
            errors.append(exc)
    return errors


def post_links(config: SiteConfig, post: Post | SitePage, draft: Draft | PageDraft, targets: set[str],
               unpublished: dict[str | None, Post]) -> list[ChanblogError]:
    """Links and images of a post's body, and its `image`, that lead to nothing the build publishes."""
    found = [_link_problem(config, post, ref, tag == "img", targets, unpublished,
                           lambda ref=ref: _line_of(config, draft, ref),
                           as_written=lambda ref=ref: _as_written(config, draft, ref))
             for tag, ref in links_in(post.html) if not ref.startswith("@/")]  # `@/` left: reported as no post
    if post.image:
        found.append(_link_problem(config, post, post.image, True, targets, unpublished,
                                   lambda: post.lines.get("image"), "image: "))
    return [problem for problem in found if problem is not None]


def template_code(draft: Draft, markup: Markup) -> list[ChanblogError]:
    """Liquid or Hugo template code in a post's body, outside code, that the build could not
    convert (see `markup.run_template_code`): chanblog publishes it as text."""
    if "{{" not in draft.body and "{%" not in draft.body:
        return []
    return [ChanblogWarning(f"{found.text} is template code chanblog cannot convert, so it is published as text",
                            draft.post.source_path, draft.body_line + found.line - 1, TEMPLATE_HINT)
            for found in convert_templates(draft.body, template_context(markup)).leftovers]


def _link_problem(config: SiteConfig, post: Post | SitePage, ref: str, image: bool, targets: set[str],
                  unpublished: dict[str | None, Post], line_of: Callable[[], int | None],
                  prefix: str = "", as_written: Callable[[], str] | None = None) -> ChanblogError | None:
    """What is wrong with a link of `post`: an error, a warning (it leads to a post that is not
    published), or None. `line_of` finds its line, only when there is something to say. An address
    that is template code (`{{ site.url }}/x`) is no path to look for in static/: in the body,
    `template_code` reports it; in front matter, it is an error of its own. `as_written` gives the
    link as the post wrote it, to name it so."""
    if "{{" in (written := unquote(ref)) or "{%" in written:
        return _template_address(config, post, written, line_of, prefix) if prefix else None
    target = link_target(config, post.url, ref)
    if target is None or target in targets:
        return None
    line, ref = line_of(), as_written() if as_written else ref
    verb = f"{prefix}{'shows' if image else 'links to'}"
    if target in unpublished:
        other = unpublished[target]
        why = "a draft" if other.draft else "dated in the future"
        return ChanblogWarning(f"{verb} {ref}, {other.source_path}, which is {why} and not published",
                               post.source_path, line, "publish it too, or check with --drafts or --future")
    if target.endswith(".html"):
        return ChanblogError(f"{verb} {ref}, which is no page of the site", post.source_path, line,
                             f"correct the link: posts are at {config.permalink}" + (
                                 f" or, with the base path, {config.base_path}{config.permalink}"
                                 if config.base_path else ""))
    return ChanblogError(f"{verb} {ref}, which is not in static/", post.source_path, line,
                         f"add static/{target}, or correct the path")


def _template_address(config: SiteConfig, post: Post | SitePage, written: str, line_of: Callable[[], int | None],
                      prefix: str) -> ChanblogError:
    """An `image:` that is template code; it is shown as written, without the base path put before it."""
    if written.startswith(config.base_path + "/{"):
        written = written.removeprefix(config.base_path + "/")
    return ChanblogError(f"{prefix}{written} is template code, which chanblog does not run", post.source_path,
                         line_of(), "write the address itself, like /img/picture.png")


def link_target(config: SiteConfig, page_url: str, ref: str) -> str | None:
    """The output path a link on the page at `page_url` leads to ("" if it would leave the output),
    or None when it is not this site's to check: another host, mailto:, `#top`, a path above the site."""
    parts = urlsplit(ref.strip())
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != config.origin:
            return None
    elif not parts.path:
        return None
    path = urljoin(page_url, parts.path)
    base = config.base_path
    if base and path != base and not path.startswith(base + "/"):
        return None
    return urls.output_path(config, path) or ""


def _as_written(config: SiteConfig, draft: Draft | PageDraft, ref: str) -> str:
    """A site-rooted link as the body wrote it: without the base path when the build put it there."""
    base = config.base_path
    if base and ref.startswith(base + "/") and ref not in draft.body and unquote(ref) not in draft.body:
        return ref.removeprefix(base)
    return ref


def _line_of(config: SiteConfig, draft: Draft | PageDraft, ref: str) -> int:
    """The first line of the body that holds `ref` as written (or as written before the base path
    was put in front of it), else the body's first line."""
    unprefixed = ref.removeprefix(config.base_path) if config.base_path else ""
    return line_in_body(draft.body, draft.body_line, ref, unprefixed)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINKS.get(tag)
        self.found += [(tag, value) for name, value in attrs if name == wanted and value]


def links_in(fragment: str) -> Iterator[tuple[str, str]]:
    """(tag, URL) of every link and embedded file in an HTML fragment."""
    parser = _LinkParser()
    parser.feed(fragment)
    parser.close()
    yield from parser.found


def avatars(config: SiteConfig, targets: set[str]) -> list[ChanblogError]:
    """An author's `avatar` that is a path on the site must be a file the build publishes."""
    lines = (config.root / CONFIG_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    errors = []
    for author in config.authors.values():
        target = link_target(config, "/", urls.asset_url(config, author.avatar)) if author.avatar else None
        if target is not None and target not in targets:
            line = next((n for n, text in enumerate(lines, 1) if "avatar" in text and author.avatar in text), None)
            errors.append(ChanblogError(f"authors.{author.key}.avatar: {author.avatar} is not in static/", CONFIG_FILE,
                                        line, f"add static/{target}, or correct the path"))
    return errors
