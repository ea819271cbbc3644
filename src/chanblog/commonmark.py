"""CommonMark with GitHub's extensions, the default engine, and the one pass chanblog makes over
its HTML. Pure.

The engine is pulldown-cmark (Rust; the parser of rustdoc, mdBook and Zola), through pyromark:
it passes every example of the CommonMark spec and renders in time linear in its input. It
writes tables, footnotes, strikethrough, task lists, `<https://…>` autolinks, GitHub's
`> [!NOTE]` alerts and raw HTML; smart punctuation is an option. One pass of one regular
expression over what it writes then gives headings GitHub's ids, highlights fenced code that
names a language with Pygments, moves footnotes to the end of the body (as Python-Markdown and
GitHub show them, with links back), and writes empty elements as HTML does (`<br>`, not `<br />`);
one scan of its text then links bare addresses, as GitHub does (see `autolinks`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from typing import TYPE_CHECKING

import pyromark

from chanblog.autolinks import link_addresses
from chanblog.errors import Unrenderable

if TYPE_CHECKING:  # Pygments is loaded when a body has code to highlight: most builds render none
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

ENGINE_VERSION = f"pulldown-cmark via pyromark {pyromark.__version__}"
_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES | pyromark.Options.ENABLE_STRIKETHROUGH
            | pyromark.Options.ENABLE_TASKLISTS | pyromark.Options.ENABLE_GFM)

# Lists and block quotes nested deeper than this are refused: no post needs them, and pages that
# nest thousands of elements are more than browsers, feed readers and HTML parsers will take.
MAX_NESTING = 100
_NESTING_TAG = re.compile(r"<(/?)(?:blockquote|ul|ol)\b")

_TAGS = (r"<h(?P<level>[1-6])>(?P<heading>.*?)</h(?P=level)>"
         r'|<pre><code class="language-(?P<language>[^"]+)">(?P<code>.*?)</code></pre>'
         r'|<sup class="footnote-reference"><a href="#[^"]*">(?P<note>\d+)</a></sup>'
         r"|<(?P<empty>br|hr|img|input)\b(?P<attributes>[^<>]*?)\s*/>")
_PASS = re.compile(_TAGS, re.DOTALL)
_DEFINITION = re.compile(r'<div class="footnote-definition" id="(?P<label>[^"]*)">'
                         r'<sup class="footnote-definition-label">(?P<number>\d+)</sup>\n?')
_DIV = re.compile(r"<(/?)div\b")
_TAG = re.compile(r"<[^>]+>")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")
_NOT_IN_ID = re.compile(r"[^\w.:-]")


@lru_cache(maxsize=2)
def _parser(smart_punctuation: bool) -> pyromark.Markdown:
    smart = pyromark.Options.ENABLE_SMART_PUNCTUATION if smart_punctuation else 0
    return pyromark.Markdown(options=_OPTIONS | smart)


def to_html(text: str, smart_punctuation: bool = True) -> str:
    """Markdown to HTML: the engine's, then chanblog's one pass over it."""
    written = _parser(smart_punctuation).html(text)
    check_nesting(written)
    return finish(written).rstrip("\n")


def check_nesting(written: str) -> None:
    """Refuse HTML in which lists and block quotes nest deeper than MAX_NESTING."""
    if written.count("<blockquote") + written.count("<ul") + written.count("<ol") <= MAX_NESTING:
        return
    depth = 0
    for tag in _NESTING_TAG.finditer(written):
        depth += -1 if tag[1] else 1
        if depth > MAX_NESTING:
            raise Unrenderable("the body nests lists or quotes too deeply to render",
                               "keep lists and quotes to a few levels")


@dataclass
class _Pass:
    """What the pass has seen so far in one body: heading ids in use, footnotes referred to."""

    notes: dict[str, str]  # footnote number -> its id, as the definitions give them
    slugs: dict[str, int] = field(default_factory=dict)
    referred: dict[str, int] = field(default_factory=dict)  # footnote number -> references so far

    def __call__(self, match: re.Match[str]) -> str:
        if match["level"]:
            return self._heading(match["level"], match["heading"])
        if match["language"]:
            return _highlighted(match["language"], match["code"]) or match[0]
        if match["note"]:
            return self._reference(match["note"])
        return f"<{match['empty']}{match['attributes']}>"

    def _heading(self, level: str, inner: str) -> str:
        inner = _PASS.sub(self, inner)
        return f'<h{level} id="{self._unique(github_slug(_text(inner)))}">{inner}</h{level}>'

    def _unique(self, slug: str) -> str:
        """GitHub's rule: the second heading of one slug gets `-1`, the third `-2`."""
        slug = slug or "section"
        seen = self.slugs.get(slug)
        self.slugs[slug] = 0 if seen is None else seen + 1
        return slug if seen is None else self._unique(f"{slug}-{seen + 1}")

    def _reference(self, number: str) -> str:
        key = self.notes.get(number, number)
        count = self.referred[number] = self.referred.get(number, 0) + 1
        own = f"fnref:{key}" if count == 1 else f"fnref{count}:{key}"
        return f'<sup id="{own}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'


def finish(written: str) -> str:
    """The engine's HTML after chanblog's pass (see the module's docstring)."""
    body, definitions = _take_definitions(written) if "footnote-definition" in written else (written, [])
    if "<tbody>\n</tbody>" in body:  # a table with a header only: GitHub writes no body
        body = body.replace("<tbody>\n</tbody>", "")
    apply = _Pass({number: key for number, key, _ in definitions})
    body = _PASS.sub(apply, body)
    if definitions:
        notes = [(number, key, _PASS.sub(apply, content)) for number, key, content in definitions]
        body += _footnotes(notes, apply.referred)
    return link_addresses(body)


def _take_definitions(written: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The HTML without its footnote definitions, and each definition's (number, id, content)."""
    kept: list[str] = []
    definitions: list[tuple[str, str, str]] = []
    position = 0
    for found in _DEFINITION.finditer(written):
        if found.start() < position:  # a definition inside another one's content
            continue
        end, after = _closing_div(written, found.end())
        kept.append(written[position:found.start()])
        key = _NOT_IN_ID.sub("-", html.unescape(found["label"]).strip()) or found["number"]
        definitions.append((found["number"], key, written[found.end():end].strip()))
        position = after
    kept.append(written[position:])
    definitions.sort(key=lambda definition: int(definition[0]))
    return "".join(kept), definitions


def _closing_div(written: str, start: int) -> tuple[int, int]:
    """Where the `<div>` open before `start` closes, and where the line after it starts."""
    depth = 1
    for tag in _DIV.finditer(written, start):
        depth += -1 if tag[1] else 1
        if not depth:
            after = tag.end() + len(">")
            return tag.start(), after + (written[after:after + 1] == "\n")
    return len(written), len(written)


def _footnotes(notes: list[tuple[str, str, str]], referred: dict[str, int]) -> str:
    """The footnotes as Python-Markdown writes them, so existing `#fn:…` links and styles hold."""
    items = []
    for number, key, content in notes:
        backs = "".join(f'<a class="footnote-backref" href="#{"fnref" if n == 1 else f"fnref{n}"}:{key}" '
                        f'title="Jump back to footnote {number} in the text">&#8617;</a>'
                        for n in range(1, referred.get(number, 0) + 1))
        if backs and content.endswith("</p>"):
            content = f"{content[:-len('</p>')]}&#160;{backs}</p>"
        elif backs:
            content = f"{content}\n<p>{backs}</p>"
        items.append(f'<li id="fn:{key}">\n{content}\n</li>')
    return '<div class="footnote">\n<hr>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>\n"


def github_slug(text: str) -> str:
    """A heading's id as GitHub makes it: lower case, punctuation dropped, each space a hyphen."""
    return _NOT_IN_SLUG.sub("", text.strip().lower()).replace(" ", "-")


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def _highlighted(language: str, code: str) -> str | None:
    """Pygments' HTML for code in a language it knows (as Python-Markdown's codehilite writes it)."""
    from pygments import highlight

    lexer = _lexer(html.unescape(language))
    return highlight(html.unescape(code), lexer, _formatter()).rstrip("\n") if lexer else None


@lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(cssclass="highlight", wrapcode=True)


@lru_cache(maxsize=256)
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None

