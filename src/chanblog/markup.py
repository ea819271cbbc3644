"""The one configured Python-Markdown, and what is derived from a rendered body. Pure."""

from __future__ import annotations

import hashlib
import html
import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString, Registry

from chanblog.errors import ChanblogError
from chanblog.fragments import Fragment

MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
WORDS_PER_MINUTE = 200
SUMMARY_LENGTH = 300

EXTENSIONS = ["extra", "toc", "codehilite", "smarty", "sane_lists"]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    "toc": {"slugify": slugify_unicode},
}

# Python-Markdown finds the text and address of a link by walking from each '[' to its ']' (and
# from '](' to its ')'), once per '[' and again for each level of nesting: thousands of nested
# or unclosed brackets take time quadratic in their number (an 80 KB body of them, minutes).
# What its link patterns walk is counted, and a body that makes them walk more than this many
# characters per character of the body (real posts walk about one) is refused. Some patterns
# walk with a regular expression instead (a footnote's `[^…]` to the next ']'), which cannot be
# counted: a text in which '[' nest or stay open deeper than BRACKET_DEPTH is refused too.
BRACKET_WORK, BRACKET_SLACK, BRACKET_DEPTH = 16, 100_000, 64
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
_BRACKET = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class Rendered:
    """A post body as HTML, with what listings and feeds need from it."""

    html: str
    excerpt: str  # HTML safe to show next to other posts' excerpts
    text_summary: str
    word_count: int
    reading_time: int


# Inline patterns that cannot match anywhere in a text containing none of their triggers.
# Inline text is always a piece of the source (preprocessing only drops characters or expands
# tabs), so such a pattern can be left out for a document, and skipped on a text node, that
# lacks them: the output is the same, and trying every pattern on every text node is most of
# Python-Markdown's time. A pattern not listed here is always tried (the line break, two
# spaces before a newline, for one: tabs can become spaces). tests/test_markup.py renders
# documents both ways and compares them with a stock Python-Markdown.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",), "footnote": ("[",), "reference": ("[",), "link": ("[",),
    "short_reference": ("[",), "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",), "em_strong": ("*", "_"),
    "smarty-en-dashes": ("--",), "smarty-em-dashes": ("--",), "smarty-ellipses": ("...",),
    "smarty-left-angle-quotes": ("<<",), "smarty-right-angle-quotes": (">>",),
}
QUOTES = ("'", '"')  # every smarty-quotes-N pattern needs one of these


def _triggers(name: str) -> tuple[str, ...] | None:
    return QUOTES if name.startswith("smarty-quotes") else TRIGGERS.get(name)


_ALL_TRIGGERS = frozenset(t for triggers in TRIGGERS.values() for t in triggers) | frozenset(QUOTES)


class TooSlow(Exception):
    """A body that would take too long to render, with the error to report."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def too_many_brackets() -> TooSlow:
    return TooSlow("the body nests or leaves open too many '[' brackets to render",
                   "close each '[' with ']' and each '](' with ')', or write a bracket that is text as '\\['")


def _check_brackets(text: str) -> None:
    if text.count("[") > BRACKET_DEPTH and _bracket_depth(text) > BRACKET_DEPTH:
        raise too_many_brackets()


def _bracket_depth(text: str) -> int:
    """How deep '[' nest in `text`, counting those never closed."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(text):
        if bracket[0] == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


class TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, skipping a pattern on a text node that lacks its triggers.

    It overrides the (name-mangled) private method that runs the patterns over a text node,
    keeping its loop but walking a plain list and skipping a pattern whose triggers the text
    lacks exactly as the stock loop goes on after a pattern that does not match. Before the
    first pattern that starts at a '[' it checks how deep brackets nest (see BRACKET_DEPTH). Should
    a later Python-Markdown rename that method, this override is simply never called and every
    pattern is tried as before (the walks of links are still counted, and the time limit holds)."""

    def __init__(self, md: markdown.Markdown, patterns: Registry) -> None:
        super().__init__(md)
        self.full = patterns
        self.use(patterns)

    def use(self, patterns: Registry) -> None:
        """Run `patterns` (the full registry, or one narrowed to a document) from now on."""
        self.inlinePatterns = patterns
        self.listed = [(patterns[item.name], _triggers(item.name)) for item in patterns._priority]  # noqa: SLF001

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if isinstance(data, AtomicString):
            return data
        apply = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        listed, start, brackets_checked = self.listed, 0, False
        while patternIndex < len(listed):
            pattern, needed = listed[patternIndex]
            if needed is not None:
                for trigger in needed:
                    if trigger in data:
                        break
                else:  # what the stock method returns when a pattern does not match
                    patternIndex, start = patternIndex + 1, 0
                    continue
                if not brackets_checked and needed[0].endswith("["):  # code spans and escapes are out of it now
                    _check_brackets(data)
                    brackets_checked = True
            data, matched, start = apply(self, pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class Converter:
    """The one configured Python-Markdown, trying only the inline patterns a document can use,
    with its link patterns' walks counted against the document's budget (see BRACKET_WORK)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS,
                                    output_format="html")
        for item in list(self.md.treeprocessors._priority):  # noqa: SLF001 - no public (name, priority) view
            processor = self.md.treeprocessors[item.name]
            if type(processor) is InlineProcessor:
                self.md.treeprocessors.register(TriggeredInlineProcessor(self.md, processor.inlinePatterns),
                                                item.name, item.priority)
        self.inline = [tp for tp in self.md.treeprocessors if isinstance(tp, TriggeredInlineProcessor)]
        self.narrowed: dict[tuple[int, frozenset[str]], Registry] = {}
        self.budget = 0
        patterns = {id(p): p for tp in self.inline for p in tp.full}
        for pattern in patterns.values():
            for name in ("getText", "getLink"):  # the walks of every link and image pattern
                if hasattr(pattern, name):
                    setattr(pattern, name, self._counted(getattr(pattern, name)))

    def _counted(self, walk: Callable[[str, int], tuple[Any, ...]]) -> Callable[[str, int], tuple[Any, ...]]:
        """`walk` (it returns the index where it stopped, then whether it closed), charged to the budget."""
        def counted(data: str, index: int) -> tuple[Any, ...]:
            found = walk(data, index)
            self.budget -= found[-2] - index
            if self.budget < 0:
                raise too_many_brackets()
            return found
        return counted

    def convert(self, text: str) -> str:
        self.budget = BRACKET_WORK * len(text) + BRACKET_SLACK
        present = frozenset(t for t in _ALL_TRIGGERS if t in text)
        for index, processor in enumerate(self.inline):
            processor.use(self._patterns(index, processor.full, present))
        try:
            return self.md.reset().convert(text)
        finally:
            for processor in self.inline:
                processor.use(processor.full)
            self.md.reset()

    def _patterns(self, index: int, full: Registry, present: frozenset[str]) -> Registry:
        """The patterns of one inline processor that a document holding `present` can use."""
        key = (index, present)
        if key not in self.narrowed:
            kept = Registry()
            for item in full._priority:  # noqa: SLF001
                needed = _triggers(item.name)
                if needed is None or any(t in present for t in needed):
                    kept.register(full[item.name], item.name, item.priority)
            self.narrowed[key] = kept
        return self.narrowed[key]


@lru_cache(maxsize=1)
def _converter() -> Converter:
    return Converter()


def to_html(text: str) -> str:
    """Markdown to HTML with chanblog's extensions."""
    return _converter().convert(text)


def render_body(body: str, summary: str = "") -> Rendered:
    """Render a post body; `summary` (plain text from front matter) may stand as its excerpt.

    Markdown writes balanced HTML, but raw HTML passes through it as written: when the body holds
    any (a `<`), the body and its excerpt are checked with an HTML parser, and repaired when they
    would close or leave open elements of the page around them (see `fragments`)."""
    parts = MORE.split(body, maxsplit=1)
    source = "".join(parts)
    body_html = demote_headings(to_html(source))
    parsed = Fragment(body_html) if "<" in source else None
    if parsed:
        body_html = parsed.html
    if len(parts) == 2:
        excerpt = _excerpt(demote_headings(to_html(parts[0])), raw="<" in parts[0])
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


def render_checked(body: str, summary: str = "") -> Rendered | ChanblogError:
    """`render_body`, or the error to report for a body Python-Markdown cannot render: it recurses
    once per level of nested lists or quotes, so a few thousand levels exhaust Python's stack;
    some inputs would take it minutes or hours (see BRACKET_WORK and RENDER_SECONDS)."""
    try:
        with _time_limit(RENDER_SECONDS):
            return render_body(body, summary)
    except RecursionError:
        _converter.cache_clear()  # it stopped half-way through a document: start afresh
        return ChanblogError("the body nests lists or quotes too deeply to render", None, None,
                             "keep lists and quotes to a few levels")
    except TooSlow as slow:
        _converter.cache_clear()
        return ChanblogError(slow.message, None, None, slow.hint)


def _too_slow(signum: int, frame: object) -> None:
    raise TooSlow(f"the body takes more than {RENDER_SECONDS:g} seconds to render, so it was given up",
                  "look for a run of thousands of '<', '*', '_' or '|', or a paragraph of thousands of links, "
                  "and close or split it")


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TooSlow after `seconds`, where a timer signal can (the main thread on POSIX); an
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
                progress: Callable[[int, int], None] | None = None) -> list[Rendered | ChanblogError]:
    """Render (body, summary) pairs, across every core when there are enough of them."""
    with EarlyRenderer(workers) as renderer:
        return renderer.render_many(bodies, progress)


Body = tuple[str, str]  # a post's Markdown and its front matter summary


class EarlyRenderer:
    """Renders bodies handed in one by one while the rest of the posts are still being read.

    A build reads and checks every post before it has all the bodies to render; `add` sends
    them to a process pool in chunks as soon as enough have come in to be worth a pool, so the
    workers render while the build reads. `render_many` then gives the results for the bodies
    asked for, rendering any that were not handed in. Below POOL_THRESHOLD bodies, or on one
    core, everything is rendered in this process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.added: list[Body] = []
        self.sent = 0  # how many of `added` have gone to the pool
        self.chunks: list[Future[list[Rendered | ChanblogError]]] = []
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> EarlyRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def add(self, body: Body) -> None:
        self.added.append(body)
        if self._pooled():
            self._send(whole_chunks_only=True)

    def render_many(self, bodies: Sequence[Body],
                    progress: Callable[[int, int], None] | None = None) -> list[Rendered | ChanblogError]:
        """The rendered bodies, in order: those handed in to `add` from the pool, the rest now."""
        handed = set(self.added)
        for body in bodies:
            if body not in handed:
                self.added.append(body)
                handed.add(body)
        if self._pooled():
            self._send(whole_chunks_only=False)
            chunks: Iterable[list[Rendered | ChanblogError]] = (chunk.result() for chunk in self.chunks)
        else:
            chunks = map(_render_chunk, _chunked(self.added))
        made: dict[Body, Rendered | ChanblogError] = {}
        done = 0
        for chunk in chunks:
            made.update(zip(self.added[done:done + len(chunk)], chunk))
            done += len(chunk)
            if progress:
                progress(done, len(self.added))
        return [made[body] for body in bodies]

    def _pooled(self) -> bool:
        """True once there are enough bodies to be worth a pool (which then stays)."""
        return self.pool is not None or (self.workers >= 2 and len(self.added) >= POOL_THRESHOLD)

    def _send(self, whole_chunks_only: bool) -> None:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        while len(self.added) - self.sent >= (CHUNK_SIZE if whole_chunks_only else 1):
            chunk = self.added[self.sent:self.sent + CHUNK_SIZE]
            self.chunks.append(self.pool.submit(_render_chunk, chunk))
            self.sent += len(chunk)


def _chunked(bodies: Sequence[Body]) -> Iterator[Sequence[Body]]:
    return (bodies[i:i + CHUNK_SIZE] for i in range(0, len(bodies), CHUNK_SIZE))


def _render_chunk(chunk: Sequence[tuple[str, str]]) -> list[Rendered | ChanblogError]:
    return [render_checked(body, summary) for body, summary in chunk]


def settings_fingerprint() -> str:
    """Changes whenever rendering could: chanblog, Markdown, Pygments or libxml2 versions, or the extensions."""
    import pygments
    from lxml import etree

    from chanblog import __version__

    configs = {name: {key: _stable(value) for key, value in config.items()}
               for name, config in EXTENSION_CONFIGS.items()}
    settings = repr((__version__, markdown.__version__, pygments.__version__, etree.LIBXML_VERSION, EXTENSIONS,
                     configs, WORDS_PER_MINUTE, SUMMARY_LENGTH))
    return hashlib.sha256(settings.encode()).hexdigest()


def _stable(value: object) -> str:
    """repr() that names functions instead of giving their memory address."""
    return f"{value.__module__}.{value.__qualname__}" if callable(value) else repr(value)


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


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def count_words(fragment: str) -> int:
    return len(plain_text(fragment).split())


def shorten(text: str, length: int = SUMMARY_LENGTH) -> str:
    """Cut text at a word boundary, ending with an ellipsis when cut."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
