"""The examples of the CommonMark spec and of GitHub's extensions to it, and HTML compared as the
spec's own test runner compares it.

The examples are not kept in this repository: they come from the source distributions on PyPI of
two Markdown libraries that ship them as test data (fetched with pip, at pinned versions):
- markdown-it-py's `tests/test_cmark_spec/commonmark.json`: the 652 examples of CommonMark 0.31.2;
- marko's `tests/spec/gfm.txt`: the GitHub Flavored Markdown spec 0.29, whose examples marked
  `table`, `strikethrough`, `autolink`, `tagfilter` and `disabled` (task lists) are its extensions.
Both specs are CC-BY-SA 4.0, by John MacFarlane and GitHub.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

COMMONMARK_SOURCE = ("markdown-it-py==4.3.0", "tests/test_cmark_spec/commonmark.json")
GFM_SOURCE = ("marko==2.2.4", "tests/spec/gfm.txt")
FENCE = "`" * 32


@dataclass(frozen=True)
class Example:
    number: int
    section: str
    kind: str  # "" for CommonMark's own examples, else the GFM extension's name
    markdown: str
    html: str


def fetch(requirement: str, member: str, folder: Path) -> str:
    """The text of `member` in the sdist of `requirement`, downloaded with pip into `folder`."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                    "--dest", str(folder), requirement], check=True, capture_output=True)
    name = requirement.split("==")[0].replace("-", "_")
    archive = next(folder.glob(f"{name}-*.tar.gz"))
    with tarfile.open(archive) as tar:
        found = next(m for m in tar.getmembers() if m.name.endswith(member))
        extracted = tar.extractfile(found)
        assert extracted is not None
        return extracted.read().decode("utf-8")


def commonmark_examples(folder: Path) -> list[Example]:
    raw = json.loads(fetch(*COMMONMARK_SOURCE, folder))
    return [Example(e["example"], e["section"], "", e["markdown"], e["html"]) for e in raw]


def gfm_extension_examples(folder: Path) -> list[Example]:
    """The examples of the GFM spec that belong to its extensions."""
    return [e for e in parse_spec(fetch(*GFM_SOURCE, folder)) if e.kind]


def parse_spec(text: str) -> list[Example]:
    """The examples of a spec in the spec.txt format: a fenced `example` block, '.' between the
    Markdown and its HTML, '→' for a tab."""
    examples, section = [], ""
    blocks = re.finditer(rf"^{FENCE} example ?(\w*)\n(.*?)^\.\n(.*?)^{FENCE}$|^#+ ([^\n]+)$", text, re.M | re.S)
    for block in blocks:
        if block[4]:
            section = block[4]
            continue
        examples.append(Example(len(examples) + 1, section, block[1],
                                block[2].replace("→", "\t"), block[3].replace("→", "\t")))
    return examples


BLOCK = set("article aside blockquote body dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 "
            "h5 h6 header hr html iframe li main nav ol p pre section summary table tbody td tfoot th thead tr "
            "ul video script style".split())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Normaliser(HTMLParser):
    """HTML as a canonical string, as the spec's own runner compares it: attributes sorted,
    entities resolved and escaped one way, whitespace collapsed outside `<pre>` and dropped next
    to block elements, `<br />` as `<br>`. Two differences that change nothing a reader sees are
    also forgiven: the ids chanblog gives headings, and a table column's alignment written as
    HTML5 has it (`style="text-align: center"`) rather than as the GFM spec (`align="center"`,
    which HTML5 no longer allows)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.in_pre = 0
        self.last = ""  # "data", or the name of the last tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._trim_before(tag)
        self.in_pre += tag == "pre"
        shown = "".join(f' {k}="{html.escape(v or "")}"' for k, v in sorted(map(_attribute, attrs))
                        if not (tag in HEADINGS and k == "id"))
        self.out.append(f"<{tag}{shown}>")
        self.last = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._trim_before(tag)
        self.in_pre -= tag == "pre"
        self.out.append(f"</{tag}>")
        self.last = tag

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if self.last in BLOCK:
                data = data.lstrip()
        if data:
            self.out.append(html.escape(data, quote=False))
            self.last = "data"

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")
        self.last = "comment"

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<!{data}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def _trim_before(self, tag: str) -> None:
        if tag in BLOCK and self.last == "data" and not self.in_pre:
            self.out[-1] = self.out[-1].rstrip()


def _attribute(pair: tuple[str, str | None]) -> tuple[str, str | None]:
    name, value = pair
    if name == "style" and value and (aligned := re.fullmatch(r"text-align:\s*(\w+);?", value.strip())):
        return "align", aligned[1]
    return name, value


def normalise(fragment: str) -> str:
    parser = _Normaliser()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out).strip()
