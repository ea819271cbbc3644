"""Read an export one element at a time with lxml's iterparse, keeping the line of every problem.

Exports run to hundreds of megabytes: each finished element is handed over, then freed.
Entities are never resolved and nothing is fetched from the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from chanblog.errors import ChanblogError

Element = etree._Element  # noqa: SLF001 - lxml's element type has no public name
RootCheck = Callable[[Element], "ChanblogError | None"]
_WHERE = re.compile(r",? line \d+, column \d+$")


def local_name(element: Element) -> str:
    """`{http://wordpress.org/export/1.2/}post_type` -> `post_type`."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def stream(path: Path, shown: str, depth: int, check_root: RootCheck) -> Iterator[Element]:
    """Every element `depth` levels below the root, once complete; `check_root` may refuse the file."""
    level = 0
    try:
        for event, element in etree.iterparse(str(path), events=("start", "end"), resolve_entities=False,
                                              no_network=True, huge_tree=True, remove_comments=True):
            if event == "start":
                if level == 0 and (problem := check_root(element)) is not None:
                    raise problem
                level += 1
                continue
            level -= 1
            if level == depth:
                yield element
                _free(element)
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, path, shown) from None


def _free(element: Element) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def syntax_error(exc: etree.XMLSyntaxError, path: Path, shown: str) -> ChanblogError:
    """lxml's complaint on one line; an export that stops on its last line was cut short."""
    reason = str(exc.msg or "").split("\n", 1)[0]
    reason = _WHERE.sub("", reason).strip()
    line = max(exc.lineno or 1, 1)
    if exc.lineno == 0 or reason == "no element found" or not reason:
        return ChanblogError("is empty: it holds no XML", shown, 1, "export the blog again")
    if line >= _last_line(path):
        return ChanblogError(f"ends before the export does: {reason}", shown, line,
                             "the file looks cut short: download or export it again")
    return ChanblogError(f"not well-formed XML: {reason}", shown, line,
                         "an export is XML: was the file edited by hand or saved in another format?")


def _last_line(path: Path) -> int:
    lines, tail = 1, b""
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            lines, tail = lines + chunk.count(b"\n"), chunk[-1:]
    return lines - 1 if tail == b"\n" else lines


def text_of(element: Element | None) -> str:
    """The text of a simple element (CDATA included), or ""."""
    return (element.text or "") if element is not None else ""


def children(element: Element) -> dict[str, Element]:
    """A parent's child elements by local name (the first of each name)."""
    found: dict[str, Element] = {}
    for child in element:
        found.setdefault(local_name(child), child)
    return found
