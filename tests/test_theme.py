"""What the theme promises readers and search engines, checked on built pages."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2
import lxml.html
import pytest
from lxml import etree

from bundled import build_bundled
from chanblog.render import THEME_DIR, shows_highlighted_code
from conftest import SiteDir

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled(tmp_path_factory.mktemp("theme") / "_site")


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_every_page_has_lang_one_h1_and_headings_in_order(bundled: Path) -> None:
    for page in pages(bundled):
        doc = lxml.html.fromstring(page.read_bytes())
        if doc.xpath("//meta[@http-equiv='refresh']"):
            continue  # an alias: a redirect, not a page to read
        assert doc.get("lang") == "en", page
        levels = [int(h.tag[1]) for h in doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
        assert levels.count(1) == 1 and levels[0] == 1, page
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert jumps == [], f"{page.relative_to(bundled)} skips heading levels {jumps}"


def test_landmarks_and_skip_link(bundled: Path) -> None:
    doc = lxml.html.fromstring((bundled / "index.html").read_bytes())
    assert doc.xpath("//a[@class='skip-link']/@href") == ["#content"]
    assert doc.xpath("//main/@id") == ["content"]
    assert len(doc.xpath("//header")) >= 1 and len(doc.xpath("//footer")) >= 1
    assert doc.xpath("//nav[@aria-label='Main']//a/text()") == ["Home", "About", "Labels", "Tags", "Archives",
                                                                 "Authors", "Subscribe"]
    assert doc.xpath("//aside//h2/text()") == ["Labels", "Tags"]


def test_sitemap_lists_every_public_page_with_lastmod(bundled: Path) -> None:
    urls = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
            for url in etree.parse(str(bundled / "sitemap.xml")).getroot()}
    public = {"https://example.com/" + p.relative_to(bundled).as_posix().removesuffix("index.html")
              for p in pages(bundled) if not lxml.html.fromstring(p.read_bytes()).xpath("//meta[@name='robots']")}
    assert set(urls) == public
    assert urls["https://example.com/2009/08/lighting-the-fuse/"] == "2009-08-14T00:00:00-07:00"
    posts = [lastmod for url, lastmod in urls.items() if re.fullmatch(r"https://example.com/\d{4}/\d\d/[^/]+/", url)]
    assert urls["https://example.com/"] == max(posts)  # the home page changes with its newest post
    assert urls["https://example.com/about/"] == "2026-11-30T00:00:00-08:00"  # a page, with its own date
    assert "https://example.com/404.html" not in urls
    robots = (bundled / "robots.txt").read_text()
    assert "Sitemap: https://example.com/sitemap.xml" in robots


def test_updated_date_drives_lastmod(site: SiteDir) -> None:
    site.post("a", "Edited", "2009-01-01", updated="2010-05-05")
    site.build()
    sitemap = (site.out / "sitemap.xml").read_text()
    assert "<loc>https://example.com/2009/01/edited/</loc><lastmod>2010-05-05T00:00:00-07:00</lastmod>" in sitemap


def test_post_metadata_for_search_and_social(bundled: Path) -> None:
    doc = lxml.html.fromstring((bundled / "2009/08/lighting-the-fuse/index.html").read_bytes())
    meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//meta[@content]")}
    assert meta["og:type"] == "article" and meta["og:title"] == "Lighting The Fuse"
    assert meta["og:url"] == "https://example.com/2009/08/lighting-the-fuse/"
    assert meta["description"] == meta["og:description"] == meta["twitter:description"]
    assert meta["description"].startswith("The key to effectively build a string of mini-explosions")
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.com/2009/08/lighting-the-fuse/"]
    [script] = doc.xpath("//script[@type='application/ld+json']/text()")
    data = json.loads(script)
    assert data["@type"] == "BlogPosting" and data["headline"] == "Lighting The Fuse"
    assert data["datePublished"] == "2009-08-14T00:00:00-07:00"
    assert data["author"]["name"] == "The Channel Professional"


def test_json_ld_cannot_be_closed_by_a_title(site: SiteDir) -> None:
    site.post("x", "'</script><script>alert(1)</script>'", "2009-01-01")
    site.build()
    [page] = (site.out / "2009/01").glob("*/index.html")
    [script] = lxml.html.fromstring(page.read_bytes()).xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script>"


def test_share_links_carry_the_post_url(bundled: Path) -> None:
    doc = lxml.html.fromstring((bundled / "2009/08/lighting-the-fuse/index.html").read_bytes())
    links = dict(zip(doc.xpath("//nav[@class='share']/a/text()"), doc.xpath("//nav[@class='share']/a/@href")))
    assert set(links) == {"LinkedIn", "X", "Facebook", "Email"}
    for href in links.values():
        assert "https%3A//example.com/2009/08/lighting-the-fuse/" in href
    assert doc.xpath("//script/@src") == ["/theme/theme.js"], "no third-party scripts"


def test_dates_follow_the_site_language(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nlanguage: fr\n")
    site.post("a", "Bonjour", "2009-08-14")
    site.build()
    doc = site.html("2009/08/bonjour/index.html")
    assert doc.get("lang") == "fr"
    assert doc.xpath("//p[@class='byline']/time/text()") == ["14 août 2009"]
    assert site.html("2009/08/index.html").xpath("//h1/text()") == ["Articles publiés en août 2009"]


def test_a_body_h1_is_moved_below_the_title(site: SiteDir) -> None:
    site.post("a", "Title", "2009-01-01", body="# Section\n\nText.\n\n## Sub\n")
    site.build()
    doc = site.html("2009/01/title/index.html")
    assert [h.text for h in doc.xpath("//h1")] == ["Title"]
    assert [h.tag for h in doc.xpath("//div[@class='body']/*[starts-with(name(), 'h')]")] == ["h2", "h3"]


def test_alt_text_is_carried_from_markdown(site: SiteDir) -> None:
    site.write("static/pic.png", b"png")
    site.post("a", "Picture", "2009-01-01", body="![A chart of channel sales](/pic.png)")
    site.build()
    assert site.html("2009/01/picture/index.html").xpath("//div[@class='body']//img/@alt") == ["A chart of channel sales"]


def _colors(css: str, scheme: str) -> dict[str, str]:
    """The palette's colours in one scheme: each is `--name: light-dark(#light, #dark)`."""
    pairs = re.findall(r"--(\w+):\s*light-dark\((#[0-9a-fA-F]{6}),\s*(#[0-9a-fA-F]{6})\)", css)
    return {name: light if scheme == "light" else dark for name, light, dark in pairs}


def _contrast(a: str, b: str) -> float:
    def luminance(hex_color: str) -> float:
        channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_at_least_4_5_to_1(scheme: str) -> None:
    colors = _colors((THEME_DIR / "static/style.css").read_text(), scheme)
    for foreground in ("text", "muted", "accent"):
        for background in ("bg", "surface"):
            ratio = _contrast(colors[foreground], colors[background])
            assert ratio >= 4.5, f"{scheme}: {foreground} on {background} is {ratio:.2f}:1"


# Highlighted code: only the pages that show it link pygments.css ---------------------------------

PYGMENTS_CSS = "/theme/pygments.css"
CODE = "```python\nprint('hello')\n```\n"


def stylesheets(doc: lxml.html.HtmlElement) -> list[str]:
    return doc.xpath("//link[@rel='stylesheet']/@href")


def test_a_post_links_pygments_css_only_when_it_shows_highlighted_code(site: SiteDir) -> None:
    site.post("a", "Code", "2009-01-01", body=f"Run this:\n\n{CODE}")
    site.post("b", "Prose", "2009-01-02", body="Words, and `inline code` that Pygments leaves alone.")
    site.build()
    assert stylesheets(site.html("2009/01/code/index.html")) == ["/theme/style.css", PYGMENTS_CSS]
    assert stylesheets(site.html("2009/01/prose/index.html")) == ["/theme/style.css"]
    assert (site.out / "theme/pygments.css").is_file()  # still there for templates that link it on every page


def test_a_listing_links_pygments_css_when_an_excerpt_shows_code(site: SiteDir) -> None:
    site.post("a", "Code first", "2009-01-02", body=f"{CODE}\n<!--more-->\n\nThe rest.", tags="[code]")
    site.post("b", "Code later", "2009-01-01", body=f"Words first.\n\n<!--more-->\n\n{CODE}", tags="[later]")
    site.build()
    assert PYGMENTS_CSS in stylesheets(site.html("index.html"))
    assert PYGMENTS_CSS in stylesheets(site.html("tags/code/index.html"))
    assert PYGMENTS_CSS not in stylesheets(site.html("tags/later/index.html"))  # its code is past the excerpt
    assert PYGMENTS_CSS in stylesheets(site.html("2009/01/code-later/index.html"))  # the whole post shows it
    assert PYGMENTS_CSS not in stylesheets(site.html("archives/index.html"))  # titles only


@pytest.mark.parametrize(("html", "shows"), [
    ('<div class="highlight"><pre><span></span><code>x</code></pre></div>', True),  # what codehilite writes
    ("<div class='code highlight'><pre>x</pre></div>", True),  # raw HTML an author pasted from such a site
    ('<p>Words <code>inline</code> and one <mark class="highlighted">highlight</mark>.</p>', False),
    ('<div class="no-highlight"><pre><code>x</code></pre></div>', False),
])
def test_highlighted_code_is_an_element_of_class_highlight(html: str, shows: bool) -> None:
    assert shows_highlighted_code(html) is shows


# The parts every page repeats: header, sidebar, footer -------------------------------------------

def built_pages(site: SiteDir) -> dict[str, lxml.html.HtmlElement]:
    """Every page a reader sees (not the redirects), by its URL."""
    found = {}
    for path in pages(site.out):
        doc = lxml.html.fromstring(path.read_bytes())
        if not doc.xpath("//meta[@http-equiv='refresh']"):
            found["/" + path.relative_to(site.out).as_posix().removesuffix("index.html")] = doc
    return found


def test_every_page_of_the_bundled_site_shows_the_same_header_sidebar_and_footer(bundled: Path) -> None:
    def parts(doc: lxml.html.HtmlElement) -> list[bytes]:
        shown = ("//header[@class='site-header']", "//aside[@class='sidebar']", "//footer[@class='site-footer']")
        current = b' aria-current="page"'  # the menu marks the page it is on: the rest is the same everywhere
        return [lxml.html.tostring(doc.xpath(xpath)[0]).replace(current, b"") for xpath in shown]
    home = lxml.html.fromstring((bundled / "index.html").read_bytes())
    assert len(home.xpath("//aside//h2[.='Tags']/following-sibling::ul/li/a")) == 15 + 1  # and "All N tags"
    assert home.xpath("//footer[@class='site-footer']//a/text()") == ["Atom feed", "Comments feed", "Series"]
    for page in pages(bundled):
        doc = lxml.html.fromstring(page.read_bytes())
        if not doc.xpath("//meta[@http-equiv='refresh']"):
            assert parts(doc) == parts(home), page.relative_to(bundled)


def test_a_site_sidebar_is_used_on_every_page_even_one_that_names_the_page(site: SiteDir) -> None:
    site.post("a", "First", "2009-01-01", tags="[x]")
    site.post("b", "Second", "2009-02-01")
    site.write("templates/_sidebar.html", '<p class="mine">Mine</p>\n<p class="here">{{ page.url }}</p>\n')
    site.build()
    shown = built_pages(site)
    assert {"/", "/2009/01/first/", "/tags/x/", "/archives/", "/404.html"} <= set(shown)
    for url, doc in shown.items():
        assert doc.xpath("//aside/p[@class='mine']/text()") == ["Mine"], url
        assert doc.xpath("//aside/p[@class='here']/text()") == [url], url


def test_a_site_header_and_footer_replace_the_themes_on_every_page(site: SiteDir) -> None:
    site.post("a", "First", "2009-01-01")
    site.write("templates/_header.html", '<header class="mine"><a href="/"'
               '{% if page.url == site_url() %} aria-current="page"{% endif %}>{{ config.title }}</a></header>\n')
    site.write("templates/_footer.html", '<footer class="mine">{{ site.posts | length }} post</footer>\n')
    site.build()
    for url, doc in built_pages(site).items():
        assert doc.xpath("//header[@class='mine']/a/text()") == ["Channel Notes"], url
        assert doc.xpath("//header[@class='mine']/a/@aria-current") == (["page"] if url == "/" else []), url
        assert doc.xpath("//footer[@class='mine']/text()") == ["1 post"], url
        assert not doc.xpath("//header[@class='site-header']|//footer[@class='site-footer']"), url


def test_the_header_sidebar_and_footer_are_rendered_once_per_build(site: SiteDir,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: Counter[str] = Counter()
    render = jinja2.Template.render

    def counted(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        rendered[template.name] += 1
        return render(template, *args, **kwargs)
    monkeypatch.setattr(jinja2.Template, "render", counted)
    for day in range(1, 4):
        site.post(f"p{day}", f"Post {day}", f"2009-01-0{day}", tags="[x]")
    site.build()
    assert rendered["post.html"] == 3  # every page is counted: they are made in this process
    assert [rendered[part] for part in ("_header.html", "_sidebar.html", "_footer.html")] == [1, 1, 1]
