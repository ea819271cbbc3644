"""Round trip: each imported post, rendered by chanblog, keeps the text, links and images of the export's HTML.

The export side is read here with lxml alone, not with chanblog's readers. Texts are compared
with all whitespace removed (paragraphs and line breaks become markup, not text) and with
typographic quotes, dashes and ellipses made plain on both sides (chanblog's SmartyPants, like
WordPress's wptexturize, curls quotes); shortcode tags are left out of both, and a caption given
as an attribute counts as text where its shortcode stood. Every link, embed and image of the
export must be in the page; the page may only add those the export names in text (a URL alone
on its line, an [embed]) or as an attachment (a [gallery]).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from lxml import etree

from chanblog import urls
from chanblog.config import load_config
from chanblog.content import read_posts
from conftest import SiteDir

DATA = Path(__file__).parent / "data" / "import"
WP = "{http://wordpress.org/export/%s/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"
TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "--", "—": "---", "…": "..."})
SHORTCODE_TAG = re.compile(r"\[/?[a-zA-Z][\w-]*(?:[\s=][^\]]*)?\]")
CAPTION_ATTRIBUTE = re.compile(r'\[caption\b[^\]]*?\bcaption="([^"]*)"[^\]]*\]')


def wordpress_posts(name: str) -> dict[str, tuple[str, str]]:
    """title -> (content HTML, permalink) of every post the export holds, and its attachments' URLs."""
    root = etree.parse(str(DATA / name)).getroot()
    wp = WP % ("1.1" if "wxr11" in name else "1.2")
    posts = {}
    for item in root.iter("item"):
        if item.findtext(f"{wp}post_type") == "post" and item.findtext(f"{wp}status") != "trash":
            title = " ".join(html.unescape(item.findtext("title") or "").split()) or "Untitled"
            posts[title] = (item.findtext(CONTENT) or "", item.findtext("link") or "")
    return posts


def attachments(name: str) -> set[str]:
    root = etree.parse(str(DATA / name)).getroot()
    return {e.text or "" for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("}attachment_url")}


def blogger_posts() -> dict[str, tuple[str, str]]:
    posts = {}
    for entry in etree.parse(str(DATA / "blogger.xml")).getroot().iter(f"{ATOM}entry"):
        if any(c.get("term", "").endswith("#post") for c in entry.iter(f"{ATOM}category")):
            link = next((a.get("href") for a in entry.iter(f"{ATOM}link") if a.get("rel") == "alternate"), "")
            posts[entry.findtext(f"{ATOM}title") or ""] = (entry.findtext(f"{ATOM}content") or "", link or "")
    return posts


def text(element: lxml.html.HtmlElement) -> str:
    plain = SHORTCODE_TAG.sub("", element.xpath("string()").translate(TYPOGRAPHY))
    return "".join(plain.split())


def export_side(fragment: str, base: str) -> tuple[str, set[str], set[str]]:
    fragment = CAPTION_ATTRIBUTE.sub(r"\1", fragment)
    doc = lxml.html.fragment_fromstring(fragment, create_parent="div")
    absolute = {urljoin(base, u) if not u.startswith("#") else u for u in doc.xpath("//a/@href | //iframe/@src")}
    return text(doc), absolute, {urljoin(base, u) for u in doc.xpath("//img/@src")}


def page_side(site: SiteDir, url: str) -> tuple[str, set[str], set[str]]:
    body = site.html(urls.output_path(load_config(site.root), url) or "").xpath("//div[@class='body']")[0]
    return text(body), set(body.xpath(".//a/@href | .//iframe/@src")), set(body.xpath(".//img/@src"))


@pytest.mark.parametrize("kind, name", [("wordpress", "wordpress-wxr12.xml"), ("wordpress", "wordpress-wxr11.xml"),
                                        ("blogger", "blogger.xml")])
def test_every_post_keeps_its_text_links_and_images(site: SiteDir, kind: str, name: str) -> None:
    result = site.run("import", kind, str(DATA / name))
    assert result.exit_code == 0, result.output
    site.build("--drafts")
    exported = wordpress_posts(name) if kind == "wordpress" else blogger_posts()
    pictures = attachments(name) if kind == "wordpress" else set()
    posts = [draft.post for draft in read_posts(load_config(site.root))]
    assert sorted(p.title for p in posts) == sorted(exported)
    for post in posts:
        fragment, base = exported[post.title]
        want_text, want_links, want_images = export_side(fragment, base or "https://oldblog.example.com/")
        got_text, got_links, got_images = page_side(site, post.url)
        assert got_text == want_text, post.title
        assert want_links <= got_links, post.title
        assert all(url in fragment for url in got_links - want_links), post.title
        assert want_images <= got_images, post.title
        assert got_images - want_images <= pictures, post.title


def test_the_comparison_notices_a_lost_word_link_or_image(site: SiteDir) -> None:
    """The round trip's checks are not blind: damage an imported post and they see it."""
    site.run("import", "wordpress", str(DATA / "wordpress-wxr12.xml"))
    path = site.root / "posts" / "2009-08-14-lighting-the-fuse.md"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("all at the same time", "all at once").replace("[flash mobs](", "[flash mobs](x")
                    .replace("![A lit fuse, burning](", "![A lit fuse, burning](y"), encoding="utf-8")
    site.build()
    fragment, base = wordpress_posts("wordpress-wxr12.xml")["Lighting the Fuse"]
    want_text, want_links, want_images = export_side(fragment, base)
    got_text, got_links, got_images = page_side(site, "/2009/08/lighting-the-fuse/")
    assert got_text != want_text
    assert not want_links <= got_links
    assert not want_images <= got_images
