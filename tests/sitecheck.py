"""Checks over a whole built site: Atom schema validity and internal links."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import rnc2rng
from lxml import etree

ATOM_RNC = Path(__file__).parent / "data" / "atom.rnc"
ATOM = "{http://www.w3.org/2005/Atom}"


@lru_cache(maxsize=1)
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's RELAX NG schema, compiled from its compact syntax."""
    rng = rnc2rng.dumps(rnc2rng.loads(ATOM_RNC.read_text(encoding="utf-8")))
    # rnc2rng declares the RFC's `namespace local = ""` as xmlns:local="", which XML forbids;
    # the schema only uses it as nsName ns="", so the declaration can go.
    return etree.RelaxNG(etree.fromstring(rng.replace('xmlns:local=""', "").encode("utf-8")))


def atom_problems(feed_path: Path) -> list[str]:
    """Schema errors, plus the two Schematron rules the RFC gives as annotations."""
    doc = etree.parse(str(feed_path))
    schema = atom_schema()
    problems = [str(e) for e in schema.error_log] if not schema.validate(doc) else []
    root = doc.getroot()
    if root.find(f"{ATOM}author") is None and any(e.find(f"{ATOM}author") is None for e in root.iter(f"{ATOM}entry")):
        problems.append("an atom:feed must have an atom:author unless all of its entries have one")
    for entry in root.iter(f"{ATOM}entry"):
        links = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if not links and entry.find(f"{ATOM}content") is None:
            problems.append("an atom:entry must have an alternate link or content")
    return problems


class SiteLinks:
    """Every internal reference of a built site, resolved against its files."""

    def __init__(self, out: Path, site_url: str) -> None:
        self.out, self.site_url = out, site_url.rstrip("/")
        self.base_path = urlsplit(self.site_url).path
        self.ids: dict[Path, set[str]] = {}

    def broken(self) -> list[str]:
        return [f"{source.relative_to(self.out)}: {ref}" for source, ref in self._references()
                if not self._resolves(source, ref)]

    def _references(self) -> Iterator[tuple[Path, str]]:
        for page in sorted(self.out.rglob("*.html")):
            doc = lxml.html.fromstring(page.read_bytes())
            for element, _attribute, link, _pos in doc.iterlinks():
                if element.tag in ("a", "link", "img", "script", "source", "iframe") or element.tag == "meta":
                    yield page, link
            for meta in doc.xpath("//meta[@property='og:url' or @property='og:image']/@content"):
                yield page, meta
            for refresh in doc.xpath("//meta[@http-equiv='refresh']/@content"):
                yield page, refresh.split("url=", 1)[1]
        for feed in sorted(self.out.rglob("*.xml")):
            for href in etree.parse(str(feed)).xpath("//*[local-name()='link']/@href | //*[local-name()='loc']/text()"):
                yield feed, href

    def _page_url(self, source: Path) -> str:
        relative = source.relative_to(self.out).as_posix()
        relative = relative.removesuffix("index.html")
        return f"{self.site_url}/{relative}"

    def _resolves(self, source: Path, ref: str) -> bool:
        absolute = urljoin(self._page_url(source), ref)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != _origin(self.site_url):
            return True  # mailto:, share links and other sites are not ours to check
        path = unquote(parts.path) or "/"  # https://example.com is the home page, as a browser asks for it
        if not path.startswith(self.base_path + "/"):
            return False
        target = self.out / path[len(self.base_path) + 1:]
        if path.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            return False
        return not parts.fragment or parts.fragment in self._ids(target)

    def _ids(self, page: Path) -> set[str]:
        if page not in self.ids:
            doc = lxml.html.fromstring(page.read_bytes())
            self.ids[page] = set(doc.xpath("//@id")) | set(doc.xpath("//a/@name"))
        return self.ids[page]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
