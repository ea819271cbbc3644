"""A calmer layout: one readable column, a short sidebar, a tags index in columns, archives that
list titles, series reachable from every page, and Newer/Older navigation that agrees everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest

from bundled import build_bundled, chromium_path, serving
from conftest import SiteDir

MAIN_MOBILE_HOME_HEIGHT = 7738  # px: the bundled home page at 390×844 before this layout, measured in Chromium
SIDEBAR_TAGS = 15


def _many_tags(site: SiteDir) -> None:
    """Thirty tags, `t29` on the most posts and `t00` on one; a tag named like the label `Leadership`."""
    site.write("site.yaml", site.root.joinpath("site.yaml").read_text() + "labels: [Leadership]\n")
    for number in range(30):
        tags = ", ".join(f"t{other:02d}" for other in range(number, 30))
        site.post(f"p{number:02d}", f"Post {number:02d}", f"2009-{number % 12 + 1:02d}-{number % 27 + 1:02d}",
                  tags=f"[{tags}, leadership]", labels="[Leadership]")


def test_sidebar_shows_the_most_used_tags_and_links_to_all_of_them(site: SiteDir) -> None:
    _many_tags(site)
    site.build()
    home = site.html("index.html")
    tags = home.xpath("//aside[contains(@class, 'sidebar')]//section[h2 = 'Tags']//a")
    names = [a.text_content().strip() for a in tags]
    assert names[:-1] == [f"t{n:02d}" for n in range(30 - SIDEBAR_TAGS, 30)]  # the most used; `leadership` is the label
    assert names[-1] == "All 31 tags" and tags[-1].get("href") == "/tags/"
    assert "Recent posts" not in home.xpath("string(//aside)")
    assert home.xpath("//aside//a[. = 'Leadership']/@href") == ["/labels/leadership/"]


def test_tags_index_lists_every_tag_with_its_count_in_columns(site: SiteDir) -> None:
    _many_tags(site)
    site.build()
    index = site.html("tags/index.html")
    items = [li.text_content().split() for li in index.xpath("//ul[contains(@class, 'term-list')]/li")]
    assert ["t00", "(1)"] in items and ["t29", "(30)"] in items and len(items) == 31
    assert "columns" in index.xpath("string(//ul[contains(@class, 'term-list')]/@class)")


def test_archives_list_each_months_titles(site: SiteDir) -> None:
    site.post("a", "An Old Essay", "2009-03-02")
    site.post("b", "A Later One", "2009-03-20")
    site.post("c", "Another Year", "2010-07-01")
    site.build()
    archives = site.html("archives/index.html")
    march = archives.xpath("//h3[a[contains(., 'March 2009')]]/following-sibling::ul[1]//a")
    assert [(a.text, a.get("href")) for a in march] == [("A Later One", "/2009/03/a-later-one/"), ("An Old Essay", "/2009/03/an-old-essay/")]
    assert archives.xpath("//a[. = 'Another Year']/@href") == ["/2010/07/another-year/"]
    year = site.html("2009/index.html")
    assert year.xpath("//h2[a[contains(., 'March 2009')]]/following-sibling::ul[1]//a/text()") == ["A Later One", "An Old Essay"]


def test_series_are_linked_from_every_page(site: SiteDir) -> None:
    site.post("a", "Part One", "2009-03-02", series="[Moves]")
    site.post("b", "Part Two", "2009-03-20", series="[Moves]")
    site.build()
    pages = [p for p in site.out.rglob("*.html") if "http-equiv" not in p.read_text(encoding="utf-8")]
    assert len(pages) > 10
    for path in pages:
        doc = lxml.html.fromstring(path.read_bytes())
        assert doc.xpath("//footer[@class='site-footer']//a[@href='/series/']/text()") == ["Series"], path


def _newer_older(doc: lxml.html.HtmlElement) -> dict[str, tuple[str, str]]:
    """Each Newer/Older link as (rel, href), by the word it starts with."""
    found = {}
    for a in doc.xpath("//nav[contains(@class, 'pagination') or contains(@class, 'prev-next')]/a"):
        word = a.text_content().strip("« »\n ").split()[0]
        found[word] = (a.get("rel"), a.get("href"))
    return found


def test_newer_and_older_agree_on_listings_and_posts(site: SiteDir) -> None:
    for day in (1, 2, 3):
        site.post(f"p{day}", f"Day {day}", f"2009-03-0{day}")
    site.build()  # two posts a page: page 1 has days 3 and 2, page 2 day 1
    assert _newer_older(site.html("page/2/index.html")) == {"Newer": ("prev", "/")}
    assert _newer_older(site.html("index.html")) == {"Older": ("next", "/page/2/")}
    assert _newer_older(site.html("2009/03/day-2/index.html")) == {"Newer": ("prev", "/2009/03/day-3/"),
                                                                   "Older": ("next", "/2009/03/day-1/")}
    middle = site.html("2009/03/day-2/index.html")
    assert middle.xpath("string(//a[@rel='prev'])").split() == ["«", "Newer", "Day", "3"]
    assert middle.xpath("string(//a[@rel='next'])").split() == ["Older", "»", "Day", "1"]


def test_the_home_page_shows_the_site_name_once(site: SiteDir) -> None:
    site.post("a", "An Essay")
    site.build()
    home = site.html("index.html")
    shown = [e for e in home.xpath("//body//*[normalize-space(text()) = 'Channel Notes']")
             if "visually-hidden" not in (e.get("class") or "")]
    assert [e.get("class") for e in shown] == ["site-name"]
    assert home.xpath("//h1/text()") == ["Channel Notes"]  # still the page's heading for screen readers


# In real Chromium, with the bundled site

@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if chromium_path() is None:
        pytest.skip("Chromium is not installed; browser tests skipped")
    with serving(build_bundled(tmp_path_factory.mktemp("calm") / "_site")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_mobile_home_page_is_at_most_half_as_tall_as_before(browser: object, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base_url + "/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MAIN_MOBILE_HOME_HEIGHT / 2, height
    page.close()


LINE_LENGTHS = """() => [...document.querySelectorAll('article.post .body > p')].flatMap(p => {
  const lines = []; let top = -Infinity; const range = document.createRange();
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects(); if (!rects.length) continue;
      const rect = rects[rects.length - 1];
      if (rect.top > top + 4) { lines.push(0); top = rect.top; }
      lines[lines.length - 1] += 1;
    }
  }
  return lines.slice(0, -1);  // a paragraph's last line is short by nature
})"""


def test_a_post_reads_at_60_to_75_characters_a_line(browser: object, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + "/")
    page.locator("article.summary h2 a").first.click()
    page.wait_for_load_state()
    lengths = sorted(page.evaluate(LINE_LENGTHS))
    assert len(lengths) > 10
    assert max(lengths) <= 75 and lengths[len(lengths) // 2] >= 60, lengths
    page.close()


def test_newer_and_older_sit_on_either_side_on_a_phone(browser: object, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base_url + "/page/2/")
    newer, older = page.locator("nav.pagination a[rel=prev]"), page.locator("nav.pagination a[rel=next]")
    page_box = page.locator("nav.pagination").bounding_box()
    assert newer.bounding_box()["x"] - page_box["x"] < 5
    older_box = older.bounding_box()
    assert abs(older_box["x"] + older_box["width"] - (page_box["x"] + page_box["width"])) < 5
    page.close()


def test_the_tags_index_does_not_repeat_the_sidebars_tags_beside_it(browser: object, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + "/tags/")
    assert page.locator("ul.term-list li").count() > 50
    columns = page.locator("ul.term-list li").evaluate_all("items => items.map(i => Math.round(i.getBoundingClientRect().x))")
    assert len(set(columns)) >= 2  # laid out in columns
    assert not page.locator("aside .sidebar-tags").is_visible()
    assert page.locator("aside .sidebar-labels").is_visible()
    page.goto(base_url + "/")
    assert page.locator("aside .sidebar-tags").is_visible()
    page.close()


def test_a_series_page_shows_each_date_under_its_title(browser: object, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + "/series/")
    page.locator("ul.term-list a").first.click()
    page.wait_for_load_state()
    first = page.locator("ol.series-list li").first
    title, date = first.locator("a").bounding_box(), first.locator("time").bounding_box()
    assert date["y"] >= title["y"] + title["height"] - 1  # not run into the title on its line
    page.close()
