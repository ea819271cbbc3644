"""The build pipeline, one line a stage: config, posts, Markdown, site, pages and feeds, publish."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from chanblog.bundles import bundle_jobs
from chanblog.cache import CACHE_DIR, BodyCache, Digester, DraftCache, code_fingerprint, text_key
from chanblog.cards import card_jobs, drawing_key
from chanblog.delta import Edit, Planned
from chanblog.config import SiteConfig, load_config
from chanblog.content import Draft, parse_draft, read_posts
from chanblog.errors import BuildFailed, ChanblogError, ChanblogWarning
from chanblog.feeds import feed_jobs, too_long_for_feeds
from chanblog.history import commit_dates, with_commit_dates
from chanblog.keys import PostDigests
from chanblog.links import Linked, line_in_body, resolve_references
from chanblog.kept_keys import kept_keys, listing, record, records
from chanblog.manifest import PageManifest
from chanblog.markup import EarlyRenderer, Rendered, settings_fingerprint
from chanblog.memory import collector_paused, loading, settle
from chanblog.model import KeptBody, Post, Site, SitePage
from chanblog.output import Bundle, Job, LookAhead, copy_job, publish, recover, spare_folder
from chanblog.output_folder import MARKER, check_output_folder, writing
from chanblog.pages import PageDraft, read_pages
from chanblog.languages import all_pages, build_sites, plan_sites, site_page_jobs
from chanblog.render import (BaseKeys, Page, page_jobs, page_language, post_pages, read_bodies_elsewhere,
                             rebound, shows_bodies_elsewhere, site_templates, theme_files)
from chanblog.related_cache import RelatedCache
from chanblog.receipt import Snapshot, leave, take_snapshot
from chanblog.report import SUMMARY, BuildReport
from chanblog.search import IndexPlan, SearchUnavailable, Shard, binary_key, make_shard, shards
from chanblog.sitemap import sitemap_jobs
from chanblog.sources import list_files
from chanblog.taxonomy import is_public
from chanblog.template_analysis import TemplateAnalyses
from chanblog.translations import Words, catalog_files, load_words
from chanblog.warm import Fresh, Warm

if TYPE_CHECKING:
    from chanblog.links import Linkable

Progress = Callable[[str, int, int], None]  # stage, done, total
MakePost = Callable[[Draft, Rendered, KeptBody | None], Post]  # a post of its draft, its body and what is kept of it


def build(root: Path, output: Path, drafts: bool = False, future: bool = False, now: datetime | None = None,
          workers: int | None = None, progress: Progress | None = None, index: bool = True,
          warm: Warm | None = None) -> BuildReport:
    """Build the site in `root` into `output` (absolute, the folders above it resolved: see
    output_folder.output_location); raise ChanblogError or BuildFailed and leave it as it was.

    With `index=False` a site with search is published without its index (the preview makes
    it afterwards, beside the output; `BuildReport.search` says what to index). A `warm` (the
    preview's) keeps what this build made that the next, in the same process, can use as it is."""
    ask = Request(root, output, drafts, future, now or datetime.now(timezone.utc), index, workers, progress, warm)
    clock = Clock()
    with clock("config"):
        setup = set_up(ask)  # settings read and checked, caches opened, the output folder checked and recovered
    with LookAhead(spare_folder(output), *setup.manifest.spare_record()) as spare:  # looked at meanwhile, elsewhere
        with EarlyRenderer(workers, setup.config.markup, setup.bodies.take) as renderer:
            with clock("read"):
                sources = read_sources(setup, renderer)  # posts (unchanged ones taken from the cache), pages, git dates
            with clock("check"):
                inputs = gather_inputs(ask, setup, sources)  # static files, templates, one fingerprint of every input
                if setup.manifest.vouches(inputs.fingerprint, output):
                    return finish(ask, setup, inputs, setup.manifest.previous, nothing_to_do(setup, sources, clock))
            with clock("markdown"):
                content = render_markdown(setup, sources, inputs, renderer, progress)
                del sources  # the raw bodies are rendered now: do not carry them through the rest of the build
                settle()  # what is held now is held to the end; what was freed goes back to the system
        with clock("site"), loading():  # the sites are held until the build ends
            sites, edited = make_sites(ask, setup, inputs, content)  # one a language; or the preview's last, edited
        with clock("plan"):
            plan = plan_output(setup, inputs, sites, edited)
        with clock("write"), writing(output):
            published = publish_output(ask, setup, inputs, plan, sites, clock, spare)
    return finish(ask, setup, inputs, setup.manifest.current, published)


@dataclass(frozen=True)
class Request:
    """What a build was asked for."""

    root: Path
    output: Path
    drafts: bool
    future: bool
    now: datetime
    index: bool  # False: publish without the search index (the preview makes it afterwards)
    workers: int | None
    progress: Progress | None
    warm: Warm | None = None  # the preview's: what one build keeps for the next in the same process

    def options(self) -> dict[str, bool]:
        """The options a receipt is valid for."""
        return {"drafts": self.drafts, "future": self.future, "index": self.index}


@dataclass(frozen=True)
class Setup:
    """The settings a build runs with, and the caches kept by them."""

    config: SiteConfig
    words: Words
    settings: str  # a fingerprint of the Markdown settings
    snapshot: Snapshot  # the inputs' stats, for the receipt
    drafts: DraftCache
    bodies: BodyCache
    manifest: PageManifest
    related: RelatedCache
    analyses: TemplateAnalyses  # what each template's source says its pages depend on
    kept: Fresh  # what builds in this process keep for the next (the preview's `Warm`), or not


@dataclass(frozen=True)
class Sources:
    """The posts and pages read, each post keyed by everything it came from."""

    posts: list[Draft]
    keys: dict[str, str]
    pages: list[PageDraft]
    warnings: tuple[ChanblogError, ...]  # from reading git's history


@dataclass(frozen=True)
class Inputs:
    """What a build reads besides the posts and pages, and a fingerprint of everything it reads."""

    statics: list[Job]
    templates: dict[str, str]
    fingerprint: str
    others: str  # a fingerprint of all but the posts' own files (see `delta`)
    sources: Mapping[str, str]  # each post's source path -> the key of everything it was made from
    apart: bool  # no template shows a post's body, or what is counted from it, but on its page and the feeds
    due: int | None  # when a post dated later comes due (ns since the epoch)
    warnings: tuple[ChanblogError, ...]


@dataclass(frozen=True)
class Content:
    """The posts and pages with their bodies rendered and their `@/` references resolved."""

    posts: list[Post]
    pages: list[SitePage]


@dataclass(frozen=True)
class Plan:
    """Every file to publish."""

    pages: list[Job]
    feeds: list[Job]
    jobs: list[Job]  # pages, feeds, cards, the sitemap, static files
    indexed: list[tuple[str, str]] | None  # the pages search indexes, with their keys; None: the site has no search
    search: IndexPlan | None
    languages: int  # how many sites (one a language) the jobs are of
    planned: Planned  # the pages planned, and what they were keyed from (for the next build: see `kept_keys`)


class Clock:
    """How long each stage took, and the whole build."""

    def __init__(self) -> None:
        self.started, self.timings = time.perf_counter(), {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[stage] = time.perf_counter() - start

    def seconds(self) -> float:
        return time.perf_counter() - self.started


def set_up(ask: Request) -> Setup:
    """Read and check the settings, open the caches kept by them; check the output folder and
    recover it from a build that was killed."""
    config = load_config(ask.root)
    # only `chanblog build` reads a receipt: the preview's rebuilds (no index) need not stat every input for one
    snapshot = take_snapshot(ask.root, named_files(config)) if ask.index else Snapshot(None, ())
    words = load_words(ask.root, config.translations)
    settings = settings_fingerprint(config.markup)
    check_output_folder(ask.output, ask.root)
    with writing(ask.output):
        recover(ask.output)
    cache, caches = ask.root / CACHE_DIR, ask.warm or Fresh()  # the preview's are kept from its last build
    caches.begin()
    with loading():  # what they hold is held until the build ends
        drafts, manifest = caches.drafts(cache, Digester()(config)), caches.manifest(cache, ask.output, settings)
    return Setup(config, words, settings, snapshot, drafts, caches.bodies(cache, settings), manifest,
                 RelatedCache(cache, caches.link), TemplateAnalyses(cache), caches)


def read_sources(setup: Setup, renderer: EarlyRenderer) -> Sources:
    """Every post (rendering the new ones' bodies as they are read) and page, with git's dates."""
    with loading():  # what is loaded now lives for the whole build: the collector need not scan it
        posts = read_cached_posts(setup.config, setup.drafts, functools.partial(render_early, setup.bodies, renderer))
        pages = read_pages(setup.config)
        history = commit_dates(setup.config)
        posts, keys = with_commit_dates(posts, setup.drafts.keys, history.dates, setup.config, setup.kept.dated)
    return Sources(posts, keys, pages, history.warnings)


def gather_inputs(ask: Request, setup: Setup, sources: Sources) -> Inputs:
    """The static files and templates, and a fingerprint of every input."""
    statics, templates = static_and_templates(setup.config)
    public, later = by_date(sources.posts, ask.now, ask.drafts, ask.future)
    statics += files_of_posts(setup.config, public)
    fingerprint, others = inputs_fingerprint(setup.config, public, later, sources.keys, setup.settings, statics,
                                             templates, ask.index, sources.pages, ask.drafts)
    return Inputs(statics, templates, fingerprint, others, sources.keys, not shows_bodies_elsewhere(templates),
                  next_due(later), sources.warnings)


def by_date(sources: Sequence[Draft], now: datetime, drafts: bool, future: bool) -> tuple[list[Post], list[Post]]:
    """The posts published, and those dated after `now`: found once for all that needs them."""
    return ([d.post for d in sources if is_public(d.post, now, drafts, future)],
            [d.post for d in sources if d.post.date > now])


def render_markdown(setup: Setup, sources: Sources, inputs: Inputs, renderer: EarlyRenderer,
                    progress: Progress | None) -> Content:
    """Every body rendered (the cache's as they were), and the `@/` references resolved; a post's
    body left in the cache until a page or feed shows it, unless a site template reads it elsewhere."""
    known = addresses(sources.posts, sources.pages)
    pages = render_pages(sources.pages, setup.bodies, renderer, known)
    posts = render_posts(setup.config, sources.posts, setup.drafts, setup.bodies, renderer, progress, known,
                         leave_out=not read_bodies_elsewhere(inputs.templates), kept=setup.kept)
    return Content(posts, pages)


def make_sites(ask: Request, setup: Setup, inputs: Inputs, content: Content) -> tuple[Sequence[Site], Edit | None]:
    """A site for each language; after an edit of nothing but bodies, the preview's last sites
    with the posts edited swapped in, and what the plan can keep of the last build (see `delta`)."""
    edited = setup.kept.edit(inputs.others, content.posts, inputs.apart)
    if edited is not None:
        return edited.sites, edited
    return build_sites(setup.config, content.posts, ask.now, ask.drafts, ask.future, content.pages,
                       setup.related.for_language, setup.kept.placed), None


def plan_output(setup: Setup, inputs: Inputs, sites: Sequence[Site], edited: Edit | None = None) -> Plan:
    """A job for every page, feed, card and file of every language's site, and what to index for
    search; after an edit of bodies alone, the pages are the last build's but those of the posts
    edited (the preview's: see `delta`); a page the last build keyed as it would be keyed now keeps
    its key (see `kept_keys`)."""
    with collector_paused():
        digest = setup.kept.digests(sites, apart=inputs.apart, own=setup.config.search)
        planned = (page_plan(setup, inputs, sites, digest) if edited is None
                   else patched_page_plan(setup, inputs, edited, digest))
        setup.kept.planned(sites, planned)
        feeds = [job for site in sites for job in feed_jobs(site, digest, setup.bodies.put_back)]
        cards = [job for site in sites for job in card_jobs(site)]
        jobs = [*planned.jobs, *feeds, *cards, *planned.sitemap, *inputs.statics]
        indexed = planned.indexed()
        search = index_plan(indexed, split=len(sites) == 1) if indexed is not None else None
        return Plan(list(planned.jobs), feeds, jobs, indexed, search, len(sites), planned)


def page_plan(setup: Setup, inputs: Inputs, sites: Sequence[Site], digest: PostDigests) -> Planned:
    """Every page of every language's site, its job (keyed as the last build keyed it where that
    still holds: see `kept_keys`), the sitemap, and the key of what search reads of each page."""
    listed = listing(inputs.others, sites, digest, inputs.apart, setup.manifest, inputs.sources)
    plans = plan_sites(sites, setup.words, setup.kept.link, setup.kept.post_page)
    environment = functools.partial(setup.kept.environment, analyses=setup.analyses)
    env, bases = None, None
    if len(sites) == 1:  # (the base keys of one site's pages are recorded: see `kept_keys`)
        env = environment(sites[0].config, inputs.templates, setup.words)
        bases = BaseKeys(env, sites[0], plans[0], digest)
    keyed = kept_keys(setup.manifest, listed, digest, setup.kept.page_key, bases)
    jobs = site_page_jobs(sites, plans, inputs.templates, digest, setup.words, env, environment,
                          setup.bodies.put_back, keyed, bases)
    pages = all_pages(plans)
    searched = searched_keys(pages, jobs, search_keys(setup, inputs.templates, digest, sites)) if (
        setup.config.search) else None
    return Planned(tuple(pages), tuple(jobs), tuple(sitemap_jobs(setup.config, pages)), searched, listed.digest,
                   records(sites, digest, inputs.sources), _known(bases))


def patched_page_plan(setup: Setup, inputs: Inputs, edited: Edit, digest: PostDigests) -> Planned:
    """The last build's plan, the pages holding the posts edited made again (see `delta`); every
    page planned again if the edit changed what listings show of a post and a base key with it."""
    site, last = edited.sites[0], edited.last.planned
    env = setup.kept.environment(site.config, inputs.templates, setup.words, analyses=setup.analyses)
    remade = edited.pages(lambda posts: post_pages(site, posts, setup.words, setup.kept.post_page))
    pages = [remade.get(i, page) for i, page in enumerate(last.pages)]
    before = BaseKeys(env, edited.last.sites[0], last.pages, digest) if edited.relisted else None
    bases = BaseKeys(env, site, pages, digest)  # (made last: the parts this site's pages are rendered with)
    if before is not None and not same_bases(before, bases, site.config, pages, remade):
        return page_plan(setup, inputs, edited.sites, digest)
    jobs = rebound(env, site, pages, last.jobs, setup.bodies.put_back)
    made = page_jobs(env, site, list(remade.values()), digest, setup.bodies.put_back, setup.kept.page_key,
                     bases=bases)
    for i, job in zip(remade, made, strict=True):
        jobs[i] = job
    searched = None
    if last.searched is not None:
        keyed, searched = search_keys(setup, inputs.templates, digest, edited.sites), list(last.searched)
        for i in remade:
            searched[i] = _searched(pages[i], jobs[i], keyed) if searched[i] is not None else None
    posts = {**last.posts, **{post.source_path: record(post, digest, inputs.sources)
                              for post in edited.swapped.values()}}
    listed = (listing(inputs.others, edited.sites, digest, inputs.apart, setup.manifest, inputs.sources).digest
              if edited.relisted else last.listing)
    return Planned(tuple(pages), tuple(jobs), last.sitemap, tuple(searched) if searched is not None else None,
                   listed, posts, last.bases)


def _known(bases: BaseKeys | None) -> tuple[tuple[str, str, str], ...]:
    """The base keys worked out, as the manifest records them."""
    return tuple(sorted((*pair, base) for pair, base in bases.known.items())) if bases is not None else ()


def same_bases(before: BaseKeys, now: BaseKeys, config: SiteConfig, pages: Sequence[Page],
               remade: Mapping[int, Page]) -> bool:
    """Whether each page not made again has the base key it had (then it keeps its key)."""
    pairs = {(page.template, page_language(page, config)) for i, page in enumerate(pages) if i not in remade}
    return all(before(*pair) == now(*pair) for pair in pairs)


def publish_output(ask: Request, setup: Setup, inputs: Inputs, plan: Plan, sites: Sequence[Site],
                   clock: Clock, spare: LookAhead) -> BuildReport:
    """Publish every job (and the search index, unless asked not to), and keep the manifest for next time."""
    report = publish(ask.output, plan.jobs, setup.manifest,
                     ask.progress and functools.partial(ask.progress, "Rendering pages"), ask.workers,
                     search_bundles(plan.indexed, split=plan.languages == 1) if plan.indexed is not None and ask.index
                     else [], spare.looked())
    summary = _summary(len(plan.pages), len(plan.feeds), sites)
    warnings = tuple(ChanblogWarning(w) for w in report.warnings) + tuple(
        warning for site in sites for warning in too_long_for_feeds(site))
    _quietly(lambda: setup.manifest.save(inputs.fingerprint, summary, warnings, plan.search, plan.planned.listing,
                                         plan.planned.posts, inputs.others, plan.planned.bases))
    return BuildReport(**summary, written=report.written, unchanged=report.unchanged, rendered=report.made,
                       seconds=clock.seconds(), timings=clock.timings, warnings=inputs.warnings + warnings,
                       search=plan.search, base_path=setup.config.base_path, files=setup.manifest.placed_files())


def finish(ask: Request, setup: Setup, inputs: Inputs, published: Iterable[str], report: BuildReport) -> BuildReport:
    """`report`, once a receipt of it is left for the next build (see `receipt`) and what was
    learnt of the templates kept."""
    _quietly(setup.analyses.save)
    _quietly(lambda: leave(ask.root, ask.output, setup.snapshot, ask.options(), inputs.due, published, report))
    return report


def named_files(config: SiteConfig) -> list[str]:
    """The files the settings name, which a build reads besides its folders."""
    return [name for name in (config.cards.logo, config.cards.font) if name] if config.cards else []


def next_due(later: Sequence[Post]) -> int | None:
    """When (in ns since the epoch) the first of the posts dated later comes due: the output changes then."""
    return int(min(post.date for post in later).timestamp()) * 1_000_000_000 if later else None


def _summary(pages: int, feeds: int, sites: Sequence[Site]) -> dict[str, int]:
    """The counts a build reports (SUMMARY), over the sites of every language."""
    counts = [sum(len(getattr(site, name)) for site in sites) for name in SUMMARY[2:]]
    return dict(zip(SUMMARY, (pages, feeds, *counts)))


def inputs_fingerprint(config: SiteConfig, published: Sequence[Post], dated_later: Sequence[Post],
                       source_keys: dict[str, str], settings: str, statics: list[Job], templates: dict[str, str],
                       index: bool, pages: Sequence[PageDraft] = (), drafts: bool = False) -> tuple[str, str]:
    """A digest of everything a build's output comes from (equal fingerprints, equal output), and
    one of all but the posts' own files: which are public, which dated later (badged as
    scheduled, with --future: see `by_date`), and the rest."""
    public = [post.source_path for post in published]
    later = [post.source_path for post in dated_later]
    stats = [_stat_key(name, path) for files in (templates, theme_files("templates")) for name, path in files.items()]
    stats += [_stat_key("catalog", path) for path in catalog_files(config.root)]
    search = binary_key() if config.search and index else "no index"
    cards = drawing_key() if config.cards else "no cards"
    others = Digester()(code_fingerprint(), settings, config, cards, public, later, stats,
                        [job.key for job in statics], search,
                        [(d.page.source_path, d.key, drafts or not d.page.draft) for d in pages])
    return Digester()(others, sorted(source_keys.values())), others


def searched_keys(planned: Sequence[Page], jobs: Sequence[Job],
                  keyed: Callable[[Page], str | None] = lambda page: None) -> tuple[str | None, ...]:
    """For each page, the key of what search reads of it; None for a page it does not index."""
    return tuple(_searched(page, job, keyed) for page, job in zip(planned, jobs, strict=True))


def _searched(page: Page, job: Job, keyed: Callable[[Page], str | None]) -> str | None:
    """The pages of posts and of `pages/` (search indexes nothing else), each with the key of what
    the index reads of it (`keyed`'s), else of all it shows."""
    if page.template == "post.html" or (page.template != "redirect.html" and "content" in page.context):
        return keyed(page) or job.key
    return None


def search_keys(setup: Setup, templates: Mapping[str, str], digest: PostDigests,
                sites: Sequence[Site]) -> Callable[[Page], str | None]:
    """The key of what Pagefind reads of a post's page where the bundled theme makes it: the part
    marked `data-pagefind-body`, in which the theme shows the post itself, and its neighbours,
    series and translations only where `data-pagefind-ignore` keeps them out of the index. So an
    edit of a post's title does not make the index parts of the posts that link to it again. A
    site with templates of its own may show anything there, and one in several languages is indexed
    whole (see `search.shards`): their pages are keyed by all they show."""
    if templates or len(sites) != 1:
        return lambda page: None
    config = sites[0].config
    theme = Digester()("indexed", config, [(name, Path(path).read_bytes()) for name, path in
                                           sorted(theme_files("templates").items())])

    def keyed(page: Page) -> str | None:
        post = page.context.get("post") if page.template == "post.html" else None
        own = digest.own(post) if type(post) is Post else None
        if own is None:
            return None
        shown = f"{theme}|{setup.words.key(page_language(page, config))}|{page.url!r}|{page.title!r}|{own}"
        return hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()
    return keyed


def index_plan(indexed: list[tuple[str, str]], split: bool) -> IndexPlan:
    """The pages to index, keyed by what each shows and by the indexer (for the preview, which
    indexes them beside the output, in the parts a build would make: see `search_bundles`). (Its
    key is a hash of their JSON: at 10,000 pages a tenth of the `Digester`'s cost.)"""
    shown = json.dumps(["search", binary_key(), indexed], ensure_ascii=False).encode("utf-8", "surrogatepass")
    return IndexPlan(tuple(path for path, _ in indexed), hashlib.sha256(shown).hexdigest(), split)


def search_bundles(indexed: list[tuple[str, str]], split: bool) -> list[Bundle]:
    """The search index as the output's `pagefind/` folder, in parts made from the staged pages
    (if `split`: see search.shards): a part is made again only when one of its pages changed."""
    def bundle(shard: Shard) -> Bundle:
        def make(staging: Path, folder: Path) -> str | None:
            try:
                make_shard(staging, shard, folder)
            except SearchUnavailable as exc:
                return f"{exc}; the site is published without search"
            return None
        return Bundle(shard.folder, "search index", shard.key, make)
    return [bundle(shard) for shard in shards(indexed, binary_key(), split)]


def nothing_to_do(setup: Setup, sources: Sources, clock: Clock) -> BuildReport:
    """Inputs and output are as the last build left them: report it without touching anything."""
    manifest = setup.manifest
    files = len(manifest.previous) - (MARKER in manifest.previous)  # pages, feeds and static files
    return BuildReport(**manifest.summary, written=0, unchanged=files, rendered=0, seconds=clock.seconds(),
                       timings=clock.timings, warnings=sources.warnings + manifest.warnings, search=manifest.search,
                       base_path=setup.config.base_path, files=manifest.published_files())


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

    drafts = read_posts(config, parse, cache.unchanged, cache.listing)
    _quietly(cache.save)
    return drafts


def render_early(cache: BodyCache, renderer: EarlyRenderer, draft: Draft) -> None:
    """Start rendering a new post's body while the other posts are read, unless it is cached.
    Only posts whose text changed come here: a build with nothing new never loads the cache."""
    if not cache.has(draft.body, draft.summary):
        renderer.add((draft.body, draft.summary))


def render_posts(config: SiteConfig, sources: list[Draft], read: DraftCache, cache: BodyCache,
                 renderer: EarlyRenderer, progress: Progress | None, known: Mapping[str, str],
                 leave_out: bool = False, kept: Fresh | None = None) -> list[Post]:
    """Render every body not in the cache (across all cores), then keep the cache for next time;
    resolve the `@/` references (a post that has some holds its body, with the URLs they led to,
    and is keyed by it: see `keys`). A post taken from `read` without
    its file being read is read now only if its rendered body is not kept, or to name a line.
    With `leave_out`, each post's body stays in the cache until a page or feed shows it. `kept`
    (the preview's `Warm`) gives the posts the last build made of the very drafts given now, and
    makes the others (see `render_all_posts`)."""
    kept = kept or Fresh()

    def full(draft: Draft) -> Draft:
        return read.read_back(draft, lambda shown, text: parse_draft(shown, text, config))
    made = kept.carried(sources, read.body_keys, cache, leave_out)  # None: a post to make
    todo = [i for i, post in enumerate(made) if post is None]
    drafts = [full(d) if not cache.holds(read.body_keys.get(d.post.source_path, "")) else d
              for d in (sources[i] for i in todo)]
    remade, errors = render_all_posts(drafts, cache, renderer, progress, read.body_keys, leave_out, kept.post)
    cache.use(read.body_keys[sources[i].post.source_path] for i, post in enumerate(made) if post is not None)
    _quietly(cache.save)
    linked = link_references(remade, drafts, known, full)
    if errors or linked.errors:
        raise BuildFailed(errors + linked.errors)
    made_from = list(sources)
    for i, draft, post in zip(todo, drafts, linked.items, strict=True):
        made[i], made_from[i] = post, draft
    posts = [post for post in made if post is not None]  # (every one, now)
    kept.rendered(sources, made_from, posts, read.body_keys, cache)
    return posts


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
                     leave_out: bool = False, make: MakePost = Fresh().post) -> tuple[list[Post], list[ChanblogError]]:
    """The posts whose bodies rendered, and an error, on its body's first line, for each that did
    not. `body_keys` (by source path) key the bodies left out of posts taken from the cache. With
    `leave_out`, each post's body is left in the cache as soon as the post is made (one with `@/`
    references keeps it: its HTML is not the cached body once they are resolved). `make` makes
    a post of its draft, its body and what is kept of it (the preview's gives the post it made
    last time of equal ones: see `warm`)."""
    bodies = [(draft.body, draft.summary) for draft in sources]
    keys = [body_keys[d.post.source_path] if body_keys is not None else text_key(d.body, d.summary) for d in sources]
    stage = progress and functools.partial(progress, "Rendering Markdown")
    renderer.finish(stage)  # every body handed in early is kept before the cache says which are missing
    posts, errors = [], []
    for draft, key, body in zip(sources, keys, cache.rendered(bodies, functools.partial(renderer.render_each,
                                                                                          progress=stage), keys,
                                                              leave_out=leave_out)):
        if isinstance(body, ChanblogError):
            errors.append(ChanblogError(body.message, draft.post.source_path, draft.body_line, body.hint))
            continue
        posts.append(make(draft, body, cache.kept(key) if leave_out else None))
    return posts, errors


def static_and_templates(config: SiteConfig) -> tuple[list[Job], dict[str, str]]:
    """The files to copy and the site's templates; BuildFailed naming every link in `static/` or
    `templates/` that leads out of the site (or nowhere)."""
    jobs, errors = all_static_jobs(config)
    templates = site_templates(config)
    if errors or templates.errors:
        raise BuildFailed(errors + list(templates.errors))
    return jobs, templates.files


def files_of_posts(config: SiteConfig, published: Sequence[Post]) -> list[Job]:
    """The files beside the published posts written as folders; BuildFailed naming every link
    among them that leads out of `posts/`."""
    jobs, errors = bundle_jobs(config, published)
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
