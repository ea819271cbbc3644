"""The build pipeline, one line a stage: config, posts, Markdown, site, pages and feeds, publish."""

from __future__ import annotations

import functools
import gc
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from chanblog.bundles import bundle_jobs
from chanblog.cache import CACHE_DIR, BodyCache, Digester, DraftCache, PageManifest, code_fingerprint, text_key
from chanblog.cards import card_jobs, drawing_key
from chanblog.config import SiteConfig, load_config
from chanblog.content import Draft, parse_draft, read_posts
from chanblog.errors import BuildFailed, ChanblogError, ChanblogWarning
from chanblog.feeds import too_long_for_feeds
from chanblog.history import commit_dates, with_commit_dates
from chanblog.links import Linked, line_in_body, refers_to_sources, resolve_references
from chanblog.markup import EarlyRenderer, settings_fingerprint
from chanblog.memory import settle
from chanblog.model import Post, Site, SitePage
from chanblog.output import Bundle, Job, copy_job, output_is, publish, recover
from chanblog.output_folder import MARKER, check_output_folder, writing
from chanblog.pages import PageDraft, read_pages
from chanblog.languages import all_pages, build_sites, plan_sites, site_jobs
from chanblog.render import Page, read_bodies_elsewhere, site_templates, theme_files
from chanblog.search import SEARCH_FOLDER, IndexPlan, SearchUnavailable, binary_key, make_index
from chanblog.sitemap import sitemap_jobs
from chanblog.sources import list_files
from chanblog.taxonomy import SITE_FIELDS, is_public
from chanblog.translations import catalog_files, load_words

if TYPE_CHECKING:
    from chanblog.links import Linkable

Progress = Callable[[str, int, int], None]  # stage, done, total
SUMMARY = ("pages", "feeds", "posts", "tags", "labels")  # the counts a build reports, and keeps for the next


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the closing line."""

    pages: int
    feeds: int
    written: int  # files whose bytes changed
    unchanged: int  # files left as they were
    rendered: int  # files made this time (the rest were skipped: their inputs had not changed)
    posts: int
    tags: int
    labels: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    warnings: tuple[ChanblogError, ...] = ()  # for the CLI to show: they did not stop the build
    search: IndexPlan | None = None  # the pages to index for search, when the site has search
    base_path: str = ""  # where the site lives under its host, for the preview to serve it there


def build(root: Path, output: Path, drafts: bool = False, future: bool = False, now: datetime | None = None,
          workers: int | None = None, progress: Progress | None = None, index: bool = True) -> BuildReport:
    """Build the site in `root` into `output` (absolute, the folders above it resolved: see
    output_folder.output_location); raise ChanblogError or BuildFailed and leave it as it was.

    With `index=False` a site with search is published without its index (the preview makes
    it afterwards, beside the output; `BuildReport.search` says what to index)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with _timed(timings, "config"):
        config = load_config(root)
        words = load_words(root, config.translations)
        settings = settings_fingerprint(config.markup)
        check_output_folder(output, root)
        with writing(output):
            recover(output)
    bodies = BodyCache(root / CACHE_DIR, settings)
    with EarlyRenderer(workers, config.markup, bodies.take) as renderer:
        with _timed(timings, "read"):
            draft_cache = DraftCache(root / CACHE_DIR, Digester()(config))
            sources = read_cached_posts(config, draft_cache, functools.partial(render_early, bodies, renderer))
            page_sources = read_pages(config)
        with _timed(timings, "history"):
            history = commit_dates(config)
            sources, source_keys = with_commit_dates(sources, draft_cache.keys, history.dates, config)
        gc.freeze()  # what is loaded now lives for the whole build: the collector need not scan it again
        with _timed(timings, "check"):
            now = now or datetime.now(timezone.utc)
            manifest = PageManifest(root / CACHE_DIR, output, settings)
            statics, templates = static_and_templates(config)
            statics += files_of_posts(config, sources, now, drafts, future)
            fingerprint = inputs_fingerprint(config, sources, source_keys, now, drafts, future, settings, statics,
                                             templates, index, page_sources)
            if (fingerprint == manifest.fingerprint and manifest.summary.keys() == set(SUMMARY)
                    and output_is(output, manifest.published_files())):
                return _nothing_to_do(manifest, started, timings, history.warnings, config.base_path)
        with _timed(timings, "markdown"):
            known = addresses(sources, page_sources)
            pages_of_site = render_pages(page_sources, bodies, renderer, known)
            posts, source_keys = render_posts(config, sources, source_keys, draft_cache, bodies, renderer, progress,
                                              known, leave_out=not read_bodies_elsewhere(templates))
            del sources  # the raw bodies are rendered now: do not carry them through the rest of the build
    settle()
    with _timed(timings, "site"):
        sites = build_sites(config, posts, now, drafts, future, pages_of_site)  # one a language
    with _timed(timings, "plan"):
        plans, digest = plan_sites(sites, words), post_digests(sites, source_keys)
        pages, feeds = site_jobs(sites, plans, templates, digest, words, full=bodies.put_back)
        planned = all_pages(plans)
        cards = [job for site in sites for job in card_jobs(site)]
        jobs = pages + feeds + cards + sitemap_jobs(config, planned) + statics
        search = index_plan(planned, pages) if config.search else None
    with _timed(timings, "write"), writing(output):
        report = publish(output, jobs, manifest, progress and functools.partial(progress, "Rendering pages"), workers,
                         [search_bundle(search)] if search and index else [])
        summary = _summary(len(pages), len(feeds), sites)
        published_warnings = tuple(ChanblogWarning(w) for w in report.warnings) + tuple(
            warning for site in sites for warning in too_long_for_feeds(site))
        _quietly(lambda: manifest.save(fingerprint, summary, published_warnings, search))
    return BuildReport(**summary, written=report.written, unchanged=report.unchanged, rendered=report.made,
                       seconds=time.perf_counter() - started, timings=timings,
                       warnings=history.warnings + published_warnings, search=search,
                       base_path=config.base_path)


def _summary(pages: int, feeds: int, sites: Sequence[Site]) -> dict[str, int]:
    """The counts a build reports (SUMMARY), over the sites of every language."""
    counts = [sum(len(getattr(site, name)) for site in sites) for name in SUMMARY[2:]]
    return dict(zip(SUMMARY, (pages, feeds, *counts)))


def inputs_fingerprint(config: SiteConfig, sources: list[Draft], source_keys: dict[str, str], now: datetime,
                       drafts: bool, future: bool, settings: str, statics: list[Job], templates: dict[str, str],
                       index: bool, pages: Sequence[PageDraft] = ()) -> str:
    """A digest of everything a build's output comes from; equal fingerprints, equal output."""
    public = [d.post.source_path for d in sources if is_public(d.post, now, drafts, future)]
    stats = [_stat_key(name, path) for files in (templates, theme_files("templates")) for name, path in files.items()]
    stats += [_stat_key("catalog", path) for path in catalog_files(config.root)]
    search = binary_key() if config.search and index else "no index"
    cards = drawing_key() if config.cards else "no cards"
    return Digester()(code_fingerprint(), settings, config, cards, sorted(source_keys.values()), public,
                      stats, [job.key for job in statics], search,
                      [(d.page.source_path, d.key, drafts or not d.page.draft) for d in pages])


def index_plan(planned: list[Page], jobs: list[Job]) -> IndexPlan:
    """The pages of posts and of `pages/` (search indexes nothing else), keyed by what each shows
    and by the indexer."""
    posts = [job for page, job in zip(planned, jobs, strict=True)
             if page.template == "post.html" or (page.template != "redirect.html" and "content" in page.context)]
    return IndexPlan(tuple(job.path for job in posts), Digester()("search", binary_key(),
                                                                  [(job.path, job.key) for job in posts]))


def search_bundle(plan: IndexPlan) -> Bundle:
    """The search index as the output's `pagefind/` folder, made from the staged post pages."""
    def make(staging: Path, folder: Path) -> str | None:
        try:
            make_index(staging, plan.pages, folder)
        except SearchUnavailable as exc:
            return f"{exc}; the site is published without search"
        return None
    return Bundle(SEARCH_FOLDER, "search index", plan.key, make)


def _nothing_to_do(manifest: PageManifest, started: float, timings: dict[str, float],
                   warnings: tuple[ChanblogError, ...], base_path: str) -> BuildReport:
    """Inputs and output are as the last build left them: report it without touching anything."""
    files = len(manifest.previous) - (MARKER in manifest.previous)  # pages, feeds and static files
    return BuildReport(**manifest.summary, written=0, unchanged=files, rendered=0,
                       seconds=time.perf_counter() - started, timings=timings, warnings=warnings + manifest.warnings,
                       search=manifest.search, base_path=base_path)


def _stat_key(name: str, path: str) -> str:
    stat = os.stat(path)
    return f"{name}:{path}:{stat.st_size}:{stat.st_mtime_ns}"


def read_cached_posts(config: SiteConfig, cache: DraftCache,
                      parsed: Callable[[Draft], None] | None = None) -> list[Draft]:
    """Every post: taken from the cache without reading it if its file is unchanged; else read,
    its front matter parsed only if its text or the config changed, and each post so parsed
    handed to `parsed` as soon as it is."""
    def parse(shown: str, text: str, cfg: SiteConfig) -> Draft:
        return cache.parse(shown, text, lambda: _parsed(parse_draft(shown, text, cfg)))

    def _parsed(draft: Draft) -> Draft:
        if parsed:
            parsed(draft)
        return draft

    drafts = read_posts(config, parse, cache.unchanged)
    _quietly(cache.save)
    return drafts


def render_early(cache: BodyCache, renderer: EarlyRenderer, draft: Draft) -> None:
    """Start rendering a new post's body while the other posts are read, unless it is cached.
    Only posts whose text changed come here: a build with nothing new never loads the cache."""
    if not cache.has(draft.body, draft.summary):
        renderer.add((draft.body, draft.summary))


def post_digests(sites: Sequence[Site], source_keys: dict[str, str]) -> Digester:
    """A digester that knows each post (of every language's site) by its source's hash and the fields build_site set."""
    digest = Digester()
    for site in sites:
        for post in site.published:
            digest.seed(post, digest("post", source_keys[post.source_path], *(getattr(post, f) for f in SITE_FIELDS)))
    return digest


def render_posts(config: SiteConfig, sources: list[Draft], source_keys: dict[str, str], read: DraftCache,
                 cache: BodyCache, renderer: EarlyRenderer, progress: Progress | None,
                 known: Mapping[str, str], leave_out: bool = False) -> tuple[list[Post], dict[str, str]]:
    """Render every body not in the cache (across all cores), then keep the cache for next time;
    resolve the `@/` references, and key each post that has some by the URLs they led to too, so
    that its pages are made again when one of those changes. A post taken from `read` without
    its file being read is read now only if its rendered body is not kept, or to name a line.
    With `leave_out`, each post's body stays in the cache until a page or feed shows it."""
    def full(draft: Draft) -> Draft:
        return read.read_back(draft, lambda shown, text: parse_draft(shown, text, config))
    sources = [full(d) if not cache.holds(read.body_keys.get(d.post.source_path, "")) else d for d in sources]
    posts, errors = render_all_posts(sources, cache, renderer, progress, read.body_keys, leave_out)
    _quietly(cache.save)
    linked = link_references(posts, sources, known, full)
    if errors or linked.errors:
        raise BuildFailed(errors + linked.errors)
    keys = {**source_keys, **{path: Digester()(source_keys[path], urls) for path, urls in linked.targets.items()}}
    return linked.items, keys


def addresses(posts: Sequence[Draft], pages: Sequence[PageDraft] = ()) -> dict[str, str]:
    """The URL of every post and page read, by its source file (`posts/2009-08-14-x.md`): what `@/` references name."""
    return {**{d.post.source_path: d.post.url for d in posts}, **{d.page.source_path: d.page.url for d in pages}}


def link_references(items: list[Linkable], drafts: Sequence[Draft | PageDraft], known: Mapping[str, str],
                    full: Callable[[Draft], Draft] = lambda draft: draft) -> Linked:
    """The posts or pages with each `@/….md` reference made the URL of the post or page read from
    that file. (`full` gives a post its body, if the cache left it out, to name the line.)"""
    def line_of(path: str, reference: str) -> int:
        draft = next(d for d in drafts if (d.post if isinstance(d, Draft) else d.page).source_path == path)
        draft = full(draft) if isinstance(draft, Draft) else draft
        return line_in_body(draft.body, draft.body_line, reference)
    return resolve_references(items, known, line_of)


def render_pages(sources: list[PageDraft], cache: BodyCache, renderer: EarlyRenderer,
                 known: Mapping[str, str]) -> list[SitePage]:
    """Render the pages' bodies (through the posts' cache: `render_posts` saves it) and resolve
    their `@/` references, or BuildFailed. (A page's key is its content: no key to adjust.)"""
    pages, errors = render_all_pages(sources, cache, renderer)
    linked = link_references(pages, sources, known)
    if errors or linked.errors:
        raise BuildFailed(errors + linked.errors)
    return linked.items


def render_all_pages(sources: list[PageDraft], cache: BodyCache,
                     renderer: EarlyRenderer) -> tuple[list[SitePage], list[ChanblogError]]:
    """The pages whose bodies rendered, and an error, on its body's first line, for each that did not."""
    rendered = cache.render([(draft.body, draft.summary) for draft in sources], renderer.render_many)
    errors = [ChanblogError(body.message, draft.page.source_path, draft.body_line, body.hint)
              for draft, body in zip(sources, rendered) if isinstance(body, ChanblogError)]
    return [draft.finish(body) for draft, body in zip(sources, rendered) if not isinstance(body, ChanblogError)], errors


def render_all_posts(sources: list[Draft], cache: BodyCache, renderer: EarlyRenderer,
                     progress: Progress | None = None, body_keys: Mapping[str, str] | None = None,
                     leave_out: bool = False) -> tuple[list[Post], list[ChanblogError]]:
    """The posts whose bodies rendered, and an error, on its body's first line, for each that did
    not. `body_keys` (by source path) key the bodies left out of posts taken from the cache. With
    `leave_out`, each post's body is left in the cache as soon as the post is made (one with `@/`
    references keeps it: its HTML is not the cached body once they are resolved)."""
    bodies = [(draft.body, draft.summary) for draft in sources]
    keys = [body_keys[d.post.source_path] if body_keys is not None else text_key(d.body, d.summary) for d in sources]
    stage = progress and functools.partial(progress, "Rendering Markdown")
    renderer.finish(stage)  # every body handed in early is kept before the cache says which are missing
    posts, errors = [], []
    for draft, key, body in zip(sources, keys, cache.rendered(bodies, functools.partial(renderer.render_each,
                                                                                          progress=stage), keys)):
        if isinstance(body, ChanblogError):
            errors.append(ChanblogError(body.message, draft.post.source_path, draft.body_line, body.hint))
            continue
        post = draft.finish(body)
        posts.append(cache.leave_out(post, key) if leave_out and not refers_to_sources(post.html) else post)
    return posts, errors


def static_and_templates(config: SiteConfig) -> tuple[list[Job], dict[str, str]]:
    """The files to copy and the site's templates; BuildFailed naming every link in `static/` or
    `templates/` that leads out of the site (or nowhere)."""
    jobs, errors = all_static_jobs(config)
    templates = site_templates(config)
    if errors or templates.errors:
        raise BuildFailed(errors + list(templates.errors))
    return jobs, templates.files


def files_of_posts(config: SiteConfig, sources: list[Draft], now: datetime, drafts: bool,
                   future: bool) -> list[Job]:
    """The files beside the published posts written as folders; BuildFailed naming every link
    among them that leads out of `posts/`."""
    jobs, errors = bundle_jobs(config, (d.post for d in sources if is_public(d.post, now, drafts, future)))
    if errors:
        raise BuildFailed(errors)
    return jobs


def all_static_jobs(config: SiteConfig) -> tuple[list[Job], list[ChanblogError]]:
    """The theme's assets under `theme/`, then the site's `static/` at the top of the output; and
    the links in `static/` refused (for `check`, which goes on)."""
    listing = list_files(config.static_dir, config.root, "static")
    own = [copy_job(rel, f"static/{rel}", Path(path)) for rel, path in listing.files.items()]
    overridden = {job.path for job in own}
    theme = [copy_job(f"theme/{rel}", "bundled theme", Path(path)) for rel, path in theme_files("static").items()]
    return [job for job in theme if job.path not in overridden] + own, list(listing.errors)


def _quietly(save: Callable[[], None]) -> None:
    """A cache that cannot be written (a read-only site folder) only makes the next build slower."""
    try:
        save()
    except OSError:
        pass


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start
