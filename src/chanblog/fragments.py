"""HTML fragments (a body, an excerpt) made safe to place inside a page's own elements. Pure.

A fragment is read with libxml2's HTML parser (through lxml; its tokenizer follows HTML5 from
libxml2 2.14 on) inside a wrapper element of our own, followed by a sentinel element. It is
*whole* when the parser met no end tag it could not match and no misplaced tag, and the
sentinel landed in the wrapper itself, not inside an element the fragment left open nor
after a stray end tag: then it is kept exactly as written. Otherwise it is *repaired*: written out again from the
parser's tree, which drops the stray end tags and closes what was left open, as a browser
reads the fragment on its own, instead of letting it close the page's elements around it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from lxml import etree

WRAPPER, SENTINEL = "chanblog-fragment", "chanblog-end"  # names no HTML uses

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
                  "source", "track", "wbr"})
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes"})  # their text is written as is
UNSEEN = frozenset({"script", "style", "template", "noscript", "iframe", "noembed", "noframes", "title"})  # no words to read

_DOCUMENT_END = re.compile(r"</(?:body|html)\b[^>]*>", re.IGNORECASE)

Node = etree._Element | str  # an element (written without its tail), or text


class Fragment:
    """A fragment of HTML, parsed once: written as it came if whole, else repaired."""

    def __init__(self, source: str) -> None:
        self.source = source
        parser = etree.HTMLParser(no_network=True)
        body = etree.fromstring(f"<{WRAPPER}>{source}<{SENTINEL}></{SENTINEL}>", parser).find("body")
        self.whole = not parser.error_log and _ends_in_place(body)
        if not self.whole:  # read it again without the sentinel, which it may have swallowed,
            # and without the end of the document, where libxml2 (unlike a browser) would stop
            rest = _DOCUMENT_END.sub("", source)
            body = etree.fromstring(f"<{WRAPPER}>{rest}", etree.HTMLParser(no_network=True)).find("body")
        self.nodes: list[Node] = list(_content(body)) if body is not None else []

    @property
    def html(self) -> str:
        return self.source if self.whole else "".join(_written(self.nodes))

    def first(self, tag: str) -> Fragment:
        """The first `tag` element (a paragraph, say) as a fragment of its own; empty if none."""
        found = next((element for node in self.nodes if not isinstance(node, str) for element in node.iter(tag)),
                     None)
        return Fragment("".join(_written([found])) if found is not None else "")

    def text(self) -> str:
        """The words a reader sees, one space between them."""
        return " ".join(" ".join(_words(self.nodes)).split())


def _ends_in_place(body: etree._Element | None) -> bool:
    """True if the body holds just the wrapper, and the wrapper ends with the sentinel."""
    if body is None or body.text or len(body) != 1 or body[0].tag != WRAPPER or body[0].tail:
        return False
    last = body[0][-1] if len(body[0]) else None
    return last is not None and last.tag == SENTINEL and not len(last) and not last.text


def _content(body: etree._Element) -> Iterator[Node]:
    """What the fragment holds: the wrapper's content, then whatever a stray end tag left after it."""
    if body.text:
        yield body.text
    for index, child in enumerate(body):
        if index == 0 and child.tag == WRAPPER:
            yield from _with_tails(child)
        else:
            yield child
        if child.tail:
            yield child.tail


def _with_tails(element: etree._Element) -> Iterator[Node]:
    """An element's content: its text, then each child followed by the text after it."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == SENTINEL:
            continue
        yield child
        if child.tail:
            yield child.tail


def _written(nodes: Iterable[Node], raw: bool = False) -> Iterator[str]:
    """HTML as the HTML5 serialization algorithm writes it."""
    for node in nodes:
        if isinstance(node, str):
            yield node if raw else html.escape(node, quote=False)
        elif node.tag is etree.Comment:
            yield f"<!--{node.text or ''}-->"
        elif isinstance(node.tag, str):
            yield from _element(node)


def _element(element: etree._Element) -> Iterator[str]:
    name = "pre" if element.tag == "plaintext" else element.tag  # nothing can close <plaintext>: show it as text
    yield "<" + name + "".join(f' {key}="{html.escape(value)}"' for key, value in element.attrib.items()) + ">"
    yield from _written(_with_tails(element), raw=name in RAW_TEXT)
    if name not in VOID:  # libxml2 does not know every void element: what it put inside one follows it
        yield f"</{name}>"


def _words(nodes: Iterable[Node]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, str):
            yield node
        elif isinstance(node.tag, str) and node.tag not in UNSEEN:
            yield from _words(_with_tails(node))
