"""Python-Markdown with chanblog's extensions: the engine of `markdown: python-markdown`, for sites
that rely on its attribute lists, definition lists, abbreviations or admonitions. Pure.

It renders in time quadratic in some inputs; what it cannot render in reasonable time is refused
here (see BRACKET_WORK) or by the time limit in `markup`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString, Registry

from chanblog.errors import Unrenderable

_BRACKET = re.compile(r"[\[\]]")

EXTENSIONS = ["extra", "toc", "codehilite", "smarty", "sane_lists", "admonition"]
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


def too_many_brackets() -> Unrenderable:
    return Unrenderable("the body nests or leaves open too many '[' brackets to render",
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

    def __init__(self, smart_punctuation: bool = True) -> None:
        extensions = [name for name in EXTENSIONS if smart_punctuation or name != "smarty"]
        self.md = markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS,
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


@lru_cache(maxsize=2)
def converter(smart_punctuation: bool = True) -> Converter:
    """The one Converter of this process for each setting of smart punctuation."""
    return Converter(smart_punctuation)


def to_html(text: str, smart_punctuation: bool = True) -> str:
    """Markdown to HTML with chanblog's extensions."""
    return converter(smart_punctuation).convert(text)


def settings() -> str:
    """What rendering with this engine depends on, for the cache's key."""
    configs = {name: {key: _stable(value) for key, value in config.items()}
               for name, config in EXTENSION_CONFIGS.items()}
    return repr((markdown.__version__, EXTENSIONS, configs))


def _stable(value: object) -> str:
    """repr() that names functions instead of giving their memory address."""
    return f"{value.__module__}.{value.__qualname__}" if callable(value) else repr(value)
