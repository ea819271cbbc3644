"""One interface to the Markdown engine a site chose, and what is derived from a rendered body. Pure.

The default engine is CommonMark with GitHub's extensions (`commonmark`); `markdown:
python-markdown` in site.yaml picks Python-Markdown with chanblog's extensions
(`python_markdown`). Nothing outside this module knows which engine ran: both give a `Rendered`.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import os
import re
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from chanblog import commonmark
from chanblog.errors import ChanblogError, Unrenderable
from chanblog.fragments import Fragment
from chanblog.links import under_base_path

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from types import ModuleType

    from chanblog.template_code import TemplateContext

ENGINES = ("commonmark", "python-markdown")


@dataclass(frozen=True)
class Markup:
    """How a site's Markdown is rendered: site.yaml's `markdown` and `smart_punctuation`; and what
    the template code of a post copied from Jekyll or Hugo refers to (`template_code`): the site's
    address, its permalink pattern and the values `{{ site.title }}` and the like stand for."""

    engine: str = "commonmark"
    smart_punctuation: bool = True
    site_url: str = ""  # origin and base path, no trailing slash
    permalink: str = "/{year}/{month}/{slug}/"
    site_values: tuple[tuple[str, str], ...] = ()

    @property
    def base_path(self) -> str:
        """Where the site lives under its host ("" or "/blog"): site-rooted links go under it."""
        return urlsplit(self.site_url).path.rstrip("/")


DEFAULT = Markup()

MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
WORDS_PER_MINUTE = 200
SUMMARY_LENGTH = 300

# Every body must render within this many seconds (as Hugo's `timeout`): the backstop for the
# other inputs on which Python-Markdown or the HTML parser it uses slows down quadratically
# (thousands of unclosed '<' tags, nested emphasis, tables thousands of columns wide, one
# paragraph of many thousand links), which at 1 MB would take hours. Real posts take well under
# a second; the slowest real 1 MB (a code block that Pygments highlights) about a minute.
RENDER_SECONDS = 300.0

POOL_THRESHOLD = 64  # bodies; below this a process pool costs more than it saves
CHUNK_SIZE = 32

_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)
_ID_ATTRIBUTE = re.compile(r'\s+id="[^"]*"')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


@dataclass(frozen=True)
class Rendered:
    """A post body as HTML, with what listings and feeds need from it."""

    html: str
    excerpt: str  # HTML safe to show next to other posts' excerpts
    text_summary: str
    word_count: int
    reading_time: int


def to_html(text: str, markup: Markup = DEFAULT) -> str:
    """Markdown to HTML with the engine and settings of `markup`."""
    if markup.engine == "python-markdown":
        made = _python_markdown().to_html(text, markup.smart_punctuation)
    else:
        made = commonmark.to_html(text, markup.smart_punctuation)
    made = encode_template_addresses(made) if "{{" in text or "{%" in text else made
    made = pelican_links(made, markup) if "filename" in text or "static" in text or "attach" in text else made
    return under_base_path(made, markup.base_path) if markup.site_url.count("/") > 2 else made


# Pelican's links to the site's own files, as the engine writes them: `{static}/images/a.png`,
# `{filename}/2013-05-06-post.md`, `{attach}`, and the older `|filename|`.
_PELICAN_LINK = re.compile(r'(\s(?:href|src)=")(?:%7B|\{|%7C|\|)(filename|static|attach)(?:%7D|\}|%7C|\|)([^"]*)"')


def pelican_links(fragment: str, markup: Markup) -> str:
    """Pelican's `{static}` and `{attach}` links lead to the file at that path of the site (Pelican's
    content folder is chanblog's static/); `{filename}` to the post that file is, when its name is
    dated (a post of another name is left as written, and `check` reports the link)."""
    base_path = urlsplit(markup.site_url).path.rstrip("/")

    def address(link: re.Match[str]) -> str:
        kind, (path, hash_, fragment) = link[2], link[3].partition("#")
        found = (_post_by_name(markup.permalink, base_path, kind, path) if kind == "filename"
                 else f"{base_path}/{path.lstrip('/')}")
        return f'{link[1]}{found}{hash_}{fragment}"' if found else link[0]
    return _PELICAN_LINK.sub(address, fragment)


_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ADDRESS = re.compile(r"""(\s(?:href|src)\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
_NOT_IN_ADDRESSES = str.maketrans({" ": "%20", "{": "%7B", "}": "%7D", "|": "%7C"})


def encode_template_addresses(fragment: str) -> str:
    """Percent-encode template code left in the raw HTML addresses of a copied post
    (`<img src="{{ site.baseurl }}/x.png">`), as Markdown links are: it is shown, not run, but the
    page stays valid HTML."""
    def attributes(tag: re.Match[str]) -> str:
        return _ADDRESS.sub(lambda a: a[1] + a[2].translate(_NOT_IN_ADDRESSES) if "{" in a[2] else a[0], tag[0])
    return _START_TAG.sub(lambda tag: attributes(tag) if "{" in tag[0] else tag[0], fragment)


def render_body(body: str, summary: str = "", markup: Markup = DEFAULT) -> Rendered:
    """Render a post body; `summary` (plain text from front matter) may stand as its excerpt, and
    the part before a `<!--more-->` does when there is one.

    Markdown writes balanced HTML, but raw HTML passes through it as written: when the body holds
    any (a `<`), the body and its excerpt are checked with an HTML parser, and repaired when they
    would close or leave open elements of the page around them (see `fragments`)."""
    if "{{" in body or "{%" in body:
        body = run_template_code(body, markup)
    if markup.engine == "python-markdown":
        body_html, before_more, raw_before = _rendered_in_two(body, markup)
    else:  # the part before the marker may stop inside a list or a quote: always balance it
        (body_html, before_more), raw_before = _split_at_more(demote_headings(to_html(body, markup))), True
    parsed = Fragment(body_html) if "<" in body else None
    if parsed:
        body_html = parsed.html
    if before_more is not None:
        excerpt = _excerpt(before_more, raw=raw_before)
    elif summary:
        excerpt = Excerpt(f"<p>{html.escape(summary)}</p>", summary)
    elif parsed:
        first = parsed.first("p")
        excerpt = Excerpt(first.html, first.text())
    else:
        excerpt = _excerpt(first.group(0) if (first := _FIRST_PARAGRAPH.search(body_html)) else "", raw=False)
    words = count_words(body_html)
    return Rendered(body_html, _standalone(excerpt.html), summary or shorten(excerpt.text), words,
                    max(1, math.ceil(words / WORDS_PER_MINUTE)))


def run_template_code(body: str, markup: Markup) -> str:
    """The body with the common Liquid tags and Hugo shortcodes of a copied post converted, as
    `chanblog import` converts them; what is left stays as text (and `check` warns of it)."""
    from chanblog.template_code import convert_templates

    return convert_templates(body, template_context(markup)).text


def template_context(markup: Markup) -> TemplateContext:
    """What a copied post's template code refers to on this site. A post is found by the date and
    name in its file name (`{% post_url 2013-05-06-welcome %}`), as chanblog takes a post's date and
    slug from it; `check` reports a link that leads nowhere because the post set another."""
    from chanblog.template_code import TemplateContext

    base_path = urlsplit(markup.site_url).path.rstrip("/")
    return TemplateContext(markup.site_url, base_path, functools.partial(_post_by_name, markup.permalink, base_path),
                           dict(markup.site_values))


_DATED = re.compile(r"(?:^|/)(\d{4})-(\d\d)-(\d\d)-([^/]+?)(?:/index)?(?:\.(?:md|markdown|html))?/?$")


def _post_by_name(permalink: str, base_path: str, kind: str, target: str) -> str | None:
    from chanblog.urls import is_safe_slug, slugify

    named = _DATED.search(target)
    if not named or "{categories}" in permalink:  # the categories are the other post's: not known here
        return None
    year, month, day, name = named.groups()
    slug = name if is_safe_slug(name) else slugify(name)
    path = permalink.format(year=year, month=month, day=day, slug=slug, name=slug, lang="")  # the site's language
    return base_path + "/" + re.sub(r"/{2,}", "/", path).lstrip("/")


def _split_at_more(body_html: str) -> tuple[str, str | None]:
    """The body without its first `<!--more-->` comment, and the HTML before it (None without one).
    A `<!--more-->` in a code block or code span is text, not a comment, and does not count."""
    found = MORE.search(body_html) if "<!--" in body_html else None
    if not found:
        return body_html, None
    end = found.end() + (body_html[found.end():found.end() + 1] == "\n")
    return body_html[:found.start()] + body_html[end:], body_html[:found.start()]


def _rendered_in_two(body: str, markup: Markup) -> tuple[str, str | None, bool]:
    """Python-Markdown's body without its `<!--more-->`, the part before it rendered alone (None
    without one), and whether that part holds raw HTML."""
    parts = MORE.split(body, maxsplit=1)
    body_html = demote_headings(to_html("".join(parts), markup))
    if len(parts) == 1:
        return body_html, None, False
    return body_html, demote_headings(to_html(parts[0], markup)), "<" in parts[0]


@dataclass(frozen=True)
class Excerpt:
    """What listings show of a post, and its words for the plain-text summary."""

    html: str
    text: str


def _excerpt(fragment: str, raw: bool) -> Excerpt:
    """An excerpt from HTML that Markdown wrote; with raw HTML in it (`raw`), checked by a parser."""
    if not raw:
        return Excerpt(fragment, plain_text(fragment))
    parsed = Fragment(fragment)
    return Excerpt(parsed.html, parsed.text())


def render_checked(body: str, summary: str = "", markup: Markup = DEFAULT) -> Rendered | ChanblogError:
    """`render_body`, or the error to report for a body the engine cannot render: lists or quotes
    nested thousands deep (they exhaust Python-Markdown's stack, and are refused beyond
    commonmark.MAX_NESTING), and inputs that would take minutes or hours (see RENDER_SECONDS)."""
    try:
        with _time_limit(RENDER_SECONDS):
            return render_body(body, summary, markup)
    except RecursionError:
        _start_afresh(markup)  # the engine stopped half-way through a document
        return ChanblogError("the body nests lists or quotes too deeply to render", None, None,
                             "keep lists and quotes to a few levels")
    except Unrenderable as refused:
        _start_afresh(markup)
        return ChanblogError(refused.message, None, None, refused.hint)


def _too_slow(signum: int, frame: object) -> None:
    raise Unrenderable(f"the body takes more than {RENDER_SECONDS:g} seconds to render, so it was given up",
                  "look for a run of thousands of '<', '*', '_' or '|', or a paragraph of thousands of links, "
                  "and close or split it")


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise Unrenderable after `seconds`, where a timer signal can (the main thread on POSIX); an
    outer timer (a test runner's) is put back afterwards."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _too_slow)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def render_many(bodies: Sequence[tuple[str, str]], workers: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                markup: Markup = DEFAULT) -> list[Rendered | ChanblogError]:
    """Render (body, summary) pairs, across every core when there are enough of them."""
    with EarlyRenderer(workers, markup) as renderer:
        return renderer.render_many(bodies, progress)


Body = tuple[str, str]  # a post's Markdown and its front matter summary


Sink = Callable[[Body, Rendered | ChanblogError], None]  # where a result goes as soon as it is rendered


class EarlyRenderer:
    """Renders bodies handed in one by one while the rest of the posts are still being read.

    A build reads and checks every post before it has all the bodies to render; `add` sends
    them to a process pool in chunks as soon as enough have come in to be worth a pool, so the
    workers render while the build reads. Each result is handed to `sink` as soon as its chunk is
    collected (a build writes it to the body cache, so that thousands of rendered bodies are never
    held at once); without a sink the results wait for `render_many`, which gives the results for
    the bodies asked for, rendering any that were not handed in. Below POOL_THRESHOLD bodies, or
    on one core, everything is rendered in this process."""

    def __init__(self, workers: int | None = None, markup: Markup = DEFAULT, sink: Sink | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.markup = markup
        self.sink = sink
        self.finished: dict[Body, Rendered | ChanblogError] = {}  # results of added bodies, when there is no sink
        self.waiting: list[Body] = []  # added, not sent to the pool yet
        self.sent: deque[tuple[list[Body], Future[list[Rendered | ChanblogError]]]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        self.given = self.done = 0  # bodies to render, and rendered: for the progress shown

    def __enter__(self) -> EarlyRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def add(self, body: Body) -> None:
        self.waiting.append(body)
        self.given += 1
        if self._pooled():
            self._send(whole_chunks_only=True)
            self._collect(block=False)

    def finish(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Wait for every body added; each result goes to the sink (or waits for `render_many`)."""
        if self._pooled():
            self._send(whole_chunks_only=False)
        else:
            for chunk in _chunked(self.waiting):
                self._deliver(chunk, _render_chunk(chunk, self.markup), progress)
            self.waiting = []
        self._collect(block=True, progress=progress)

    def render_many(self, bodies: Sequence[Body],
                    progress: Callable[[int, int], None] | None = None) -> list[Rendered | ChanblogError]:
        """The rendered bodies, in order: those handed in to `add` (without a sink) as they were
        rendered, the rest now."""
        return list(self.render_each(bodies, progress))

    def render_each(self, bodies: Sequence[Body],
                    progress: Callable[[int, int], None] | None = None) -> Iterator[Rendered | ChanblogError]:
        """`render_many`, one result at a time, each as soon as its chunk is rendered: a caller
        that keeps them elsewhere never holds them all."""
        self.finish(progress)
        new = [body for body in dict.fromkeys(bodies) if body not in self.finished]
        self.given += len(new)
        results, made, left = self._in_order(new, progress), {}, Counter(bodies)
        for body in bodies:
            if body not in self.finished and body not in made:
                made[body] = next(results)  # `new` is in the order of first appearance
            result = self.finished[body] if body in self.finished else made[body]
            left[body] -= 1
            if not left[body]:
                made.pop(body, None)
            yield result

    def _in_order(self, bodies: list[Body],
                  progress: Callable[[int, int], None] | None) -> Iterator[Rendered | ChanblogError]:
        if not (self.pool is not None or (self.workers >= 2 and len(bodies) >= POOL_THRESHOLD)):
            for chunk in _chunked(bodies):
                yield from self._counted(chunk, _render_chunk(chunk, self.markup), progress)
            return
        if self.pool is None:
            self.pool = _process_pool(self.workers)
        chunks = deque((chunk, self.pool.submit(_render_chunk, chunk, self.markup)) for chunk in _chunked(bodies))
        while chunks:
            chunk, future = chunks.popleft()
            yield from self._counted(chunk, future.result(), progress)

    def _counted(self, chunk: Sequence[Body], results: list[Rendered | ChanblogError],
                 progress: Callable[[int, int], None] | None) -> list[Rendered | ChanblogError]:
        self.done += len(chunk)
        if progress:
            progress(self.done, self.given)
        return results

    def _collect(self, block: bool, progress: Callable[[int, int], None] | None = None) -> None:
        """Hand on the results of the chunks rendered (with `block`, of every chunk sent)."""
        while self.sent and (block or self.sent[0][1].done()):
            chunk, future = self.sent.popleft()
            self._deliver(chunk, future.result(), progress)

    def _deliver(self, chunk: Sequence[Body], results: list[Rendered | ChanblogError],
                 progress: Callable[[int, int], None] | None) -> None:
        for body, result in zip(chunk, self._counted(chunk, results, progress)):
            if self.sink:
                self.sink(body, result)
            else:
                self.finished[body] = result

    def _pooled(self) -> bool:
        """True once there are enough bodies to be worth a pool (which then stays)."""
        return self.pool is not None or (self.workers >= 2 and self.given >= POOL_THRESHOLD)

    def _send(self, whole_chunks_only: bool) -> None:
        if self.pool is None:
            self.pool = _process_pool(self.workers)
        while len(self.waiting) >= (CHUNK_SIZE if whole_chunks_only else 1):
            chunk, self.waiting = self.waiting[:CHUNK_SIZE], self.waiting[CHUNK_SIZE:]
            self.sent.append((chunk, self.pool.submit(_render_chunk, chunk, self.markup)))


def _python_markdown() -> ModuleType:
    """Python-Markdown's engine, imported when a site asks for it (the import costs a build
    that does not about 25 ms)."""
    from chanblog import python_markdown  # noqa: PLC0415

    return python_markdown


def _start_afresh(markup: Markup) -> None:
    """Drop the Python-Markdown converter a refused body left half-way (commonmark keeps none)."""
    if markup.engine == "python-markdown":
        _python_markdown().converter.cache_clear()


def _process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes; its module is imported when a build has enough bodies to
    render to want one (the import costs one that does not about 25 ms)."""
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    return ProcessPoolExecutor(max_workers=workers)


def _chunked(bodies: Sequence[Body]) -> Iterator[Sequence[Body]]:
    return (bodies[i:i + CHUNK_SIZE] for i in range(0, len(bodies), CHUNK_SIZE))


def _render_chunk(chunk: Sequence[tuple[str, str]], markup: Markup) -> list[Rendered | ChanblogError]:
    return [render_checked(body, summary, markup) for body, summary in chunk]


def settings_fingerprint(markup: Markup = DEFAULT) -> str:
    """Changes whenever rendering could: the engine and its settings, chanblog's, Pygments' or
    libxml2's version."""
    import pygments
    from lxml import etree

    from chanblog import __version__

    engine = _python_markdown().settings() if markup.engine == "python-markdown" else commonmark.ENGINE_VERSION
    settings = repr((__version__, markup, engine, pygments.__version__, etree.LIBXML_VERSION,
                     WORDS_PER_MINUTE, SUMMARY_LENGTH))
    return hashlib.sha256(settings.encode()).hexdigest()


# Pygments puts the code it highlights in an element of class `highlight`: what pygments.css styles.
# (The pattern starts with a literal so that a long body is scanned at the speed of str.find.)
_HIGHLIGHTED = re.compile(r"""class=["'](?:[^"']*\s)?highlight[\s"']""")


def shows_highlighted_code(html: str) -> bool:
    """Whether HTML (a body, an excerpt) holds code highlighted by Pygments."""
    return "highlight" in html and _HIGHLIGHTED.search(html) is not None


def demote_headings(fragment: str) -> str:
    """The page's title is its only h1: a body that uses `# Heading` has every level moved down one."""
    if "<h1" not in fragment:
        return fragment
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", fragment)


def _standalone(fragment: str) -> str:
    """Drop footnote markers and ids, which would clash or dangle on a listing page."""
    return _ID_ATTRIBUTE.sub("", _FOOTNOTE_REF.sub("", fragment))


def text_paragraphs(text: str) -> list[str]:
    """Plain text from front matter or site.yaml (a comment, a bio): one paragraph a line.

    YAML's folded style (`>`) joins wrapped lines and keeps a blank line as one newline,
    so every newline that survives parsing ends a paragraph.
    """
    return [line.strip() for line in str(text).splitlines() if line.strip()]


# Where a sentence may stop: a full stop, question or exclamation mark, or ellipsis, with any
# closing quotes or brackets, before a space or the end; or an ideographic stop, which needs none.
_SENTENCE_STOP = re.compile(r"[.!?…][\"'”’»)\]]*(?:\s+|$)|[。！？]")
_SENTENCE_OPENERS = "\"'“‘«(["


def first_sentence(text: str) -> str:
    """The first sentence of plain text's first paragraph (a bio in a post's author box). A stop
    followed by a lower-case word ends no sentence: "Channel Fundamentals, Inc. for 5 years"."""
    first = next(iter(text_paragraphs(text)), "")
    for stop in _SENTENCE_STOP.finditer(first):
        after = stop.end()
        while after < len(first) and first[after] in _SENTENCE_OPENERS:
            after += 1
        if after == len(first) or not first[after].islower():
            return first[:stop.end()].rstrip()
    return first


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def count_words(fragment: str) -> int:
    return len(plain_text(fragment).split())


def shorten(text: str, length: int = SUMMARY_LENGTH) -> str:
    """Cut text at a word boundary, ending with an ellipsis when cut."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
