"""One post's HTML cannot break other pages, Markdown cannot take quadratic time, feeds stay readable.

- An excerpt (before `<!--more-->`, or a first paragraph) is balanced: cut inside a `<div>`,
  `<details>`, a table cell or a `<b>` across paragraphs, or with stray end tags, it neither
  leaves elements open nor closes the theme's own, so every listing page stays valid HTML.
- A body with stray end tags cannot close the post page's `<article>` or `<main>`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SITE_YAML, SiteDir
from test_validity import nu_check

EXCERPT_CUTS = {
    "in-a-div": '<div class="note">\nBefore the marker.\n<!--more-->\nAfter the marker.\n</div>\n',
    "in-details": "<details><summary>Open me</summary>\n\nBefore the marker.\n\n<!--more-->\n\n"
                  "After the marker.\n\n</details>\n",
    "in-a-table-cell": "<table><tr><td>Before the marker. <!--more--> After the marker.</td></tr></table>\n",
    "in-bold-across-paragraphs": "Intro <b>in bold\n\nBefore the marker.\n\n<!--more-->\n\nAfter the marker.</b>\n",
    "stray-end-tags": "Before the marker</div></article></main> and after the stray tags.\n\nAfter the marker.\n",
}
LISTINGS = ["index.html", "tags/cut/index.html", "labels/cutting/index.html", "authors/jane/index.html"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SiteDir]:
    """One built site per body, each with a tag, a label and an author, beside a plain post."""
    built = {}
    for name, body in EXCERPT_CUTS.items():
        site = SiteDir(tmp_path_factory.mktemp("cuts") / name)
        site.write("site.yaml", SITE_YAML)
        site.post("plain", "Plain", "2009-08-13", body="A plain post, **bold** where it says so.",
                  tags="[cut]", labels="[cutting]")
        site.post("cut", f"Cut {name}", "2009-08-14", body=body, tags="[cut]", labels="[cutting]")
        site.build()
        built[name] = site
    return built


@pytest.fixture(scope="module")
def nu_report(sites: dict[str, SiteDir]) -> str:
    """What the Nu checker says about every page of every site, in one run."""
    root = next(iter(sites.values())).root.parent.parent
    done = nu_check(root)
    return done.stdout + done.stderr


@pytest.mark.parametrize("name", EXCERPT_CUTS)
def test_listing_pages_stay_valid_whatever_an_excerpt_cuts(name: str, sites: dict[str, SiteDir],
                                                          nu_report: str) -> None:
    site = sites[name]
    problems = [line for line in nu_report.splitlines() if f"/{name}/" in line]
    assert problems == []
    for page in LISTINGS:
        doc = site.html(page)
        [excerpt] = doc.xpath("//main/article[h2/a[starts-with(., 'Cut')]]/div[@class='excerpt']")
        assert "Before the marker" in excerpt.text_content()
        assert "After the marker" not in excerpt.text_content()
        plain = doc.xpath("//main/article[h2/a = 'Plain']/div[@class='excerpt']")[0]
        assert plain.xpath(".//b | ./ancestor::b") == [], "a <b> from the other post runs on"


def test_stray_end_tags_do_not_close_the_post_page(sites: dict[str, SiteDir], nu_report: str) -> None:
    site = sites["stray-end-tags"]
    page = "2009/08/cut-stray-end-tags/index.html"
    assert [line for line in nu_report.splitlines() if page in line] == []
    [body] = site.html(page).xpath("//main/article/div[@class='body']")
    assert " ".join(body.text_content().split()) == "Before the marker and after the stray tags. After the marker."
    assert re.search(r"Before the marker and after the stray tags\.</p>", site.text(page))


def test_balanced_raw_html_is_kept_as_written(site: SiteDir) -> None:
    body = '<div class="note"><p>Kept&nbsp;as <B>written</B>&rsquo;s</p></div>\n\nAnd <span class=x>inline</span>.\n'
    site.post("raw", "Raw", body=body)
    site.build()
    page = site.text("2009/08/raw/index.html")
    assert '<div class="note"><p>Kept&nbsp;as <B>written</B>&rsquo;s</p></div>' in page
    assert "<p>And <span class=x>inline</span>.</p>" in page
