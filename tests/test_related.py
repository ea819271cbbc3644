"""At the end of a post: its series' next and previous parts, and the posts that share the most
of its tags and labels, the rarer counting more, newest first on ties."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bundled import chromium_path, serving
from chanblog import render
from chanblog.build import build
from conftest import SiteDir
from test_incremental import clean_build
from test_validity import nu_check

real_render_page = render.render_page
RELATED = "//nav[@aria-labelledby = //h2[normalize-space() = 'Related posts']/@id]"  # named by its heading


def related(site: SiteDir, slug: str, month: str = "2009/08") -> list[str]:
    """The titles a post's page lists under "Related posts", in order."""
    page = site.html(f"{month}/{slug}/index.html")
    return [a.text_content() for a in page.xpath(RELATED + "//li/a")]


def related_links(site: SiteDir, slug: str, month: str = "2009/08") -> list[str]:
    page = site.html(f"{month}/{slug}/index.html")
    return page.xpath(RELATED + "//li/a/@href")


def common_and_rare(site: SiteDir) -> None:
    """`Target` shares `rare` with one old post and `common` with five newer ones."""
    site.post("target", "Target", "2009-08-20", tags="[rare, common]")
    site.post("rare", "Rare partner", "2009-08-01", tags="[rare]")
    for day in range(10, 15):
        site.post(f"common-{day}", f"Common {day}", f"2009-08-{day}", tags="[common]")


def test_a_post_sharing_a_rare_tag_outranks_newer_posts_sharing_a_common_one(site: SiteDir) -> None:
    common_and_rare(site)
    site.build()
    assert related(site, "target") == ["Rare partner", "Common 14", "Common 13", "Common 12", "Common 11"]
    assert related_links(site, "target")[0] == "/2009/08/rare-partner/"


def test_the_heading_names_the_list_and_each_entry_gives_its_date(site: SiteDir) -> None:
    common_and_rare(site)
    site.build()
    [nav] = site.html("2009/08/target/index.html").xpath(RELATED)
    assert nav.xpath("h2/@id") == [nav.get("aria-labelledby")]
    assert nav.xpath(".//li/time/@datetime")[0].startswith("2009-08-01")
    assert nav.xpath(".//li/time/text()")[0] == "August 1, 2009"


def test_more_shared_terms_outrank_fewer_and_ties_go_to_the_newer_post(site: SiteDir) -> None:
    site.post("target", "Target", "2009-08-20", tags="[a, b]")
    site.post("both", "Shares both", "2009-08-01", tags="[a, b]")
    site.post("old-a", "Older sharing a", "2009-08-02", tags="[a]")
    site.post("new-a", "Newer sharing a", "2009-08-03", tags="[a]")
    site.post("only-b", "Sharing b", "2009-08-04", tags="[b, x]")
    site.post("x", "Sharing only x with another", "2009-08-05", tags="[x]")
    site.build()
    assert related(site, "target")[:1] == ["Shares both"]
    # a is on four posts, b on three: b is the rarer, and among the posts of a the newer comes first
    assert related(site, "target")[1:] == ["Sharing b", "Newer sharing a", "Older sharing a"]


def test_at_most_five_posts_are_listed(site: SiteDir) -> None:
    site.post("target", "Target", "2009-08-20", tags="[shared]")
    for day in range(1, 9):
        site.post(f"other-{day}", f"Other {day}", f"2009-08-0{day}", tags="[shared]")
    site.build()
    assert related(site, "target") == ["Other 8", "Other 7", "Other 6", "Other 5", "Other 4"]


def test_a_post_met_through_a_rare_tag_also_counts_the_common_ones_it_shares(site: SiteDir) -> None:
    """Through a tag on many posts a post meets only that tag's newest; an older post met through
    a rarer tag is still scored by every tag it shares."""
    site.post("target", "Target", "2009-08-30", tags="[rare, common]")
    site.post("old-both", "Old, sharing both", "2009-07-01", tags="[rare, common]")
    site.post("old-rare", "Old, sharing rare", "2009-07-02", tags="[rare]")
    for day in range(1, 25):
        site.post(f"common-{day}", f"Common {day}", f"2009-08-{day:02d}", tags="[common]")
    site.build()
    assert related(site, "target") == ["Old, sharing both", "Old, sharing rare", "Common 24", "Common 23",
                                       "Common 22"]


def test_a_post_that_shares_nothing_has_no_related_posts_section(site: SiteDir) -> None:
    site.post("alone", "Alone", "2009-08-20", tags="[solitary]", labels="[Lonely]")
    site.post("other", "Other", "2009-08-10", tags="[elsewhere]")
    site.post("another", "Another", "2009-08-05", tags="[elsewhere]")
    site.build()
    assert related(site, "other") == ["Another"]
    assert related(site, "alone") == []
    assert "Related posts" not in site.text("2009/08/alone/index.html")


def test_a_label_and_a_tag_of_one_name_are_one_term(site: SiteDir) -> None:
    site.post("labelled", "Labelled", "2009-08-20", labels="[Social Media]")
    site.post("tagged", "Tagged", "2009-08-10", tags="[social media]")
    site.post("unrelated", "Unrelated", "2009-08-05", tags="[other]")
    site.build()
    assert related(site, "labelled") == ["Tagged"]
    assert related(site, "tagged") == ["Labelled"]


def test_drafts_and_unlisted_posts_are_never_related(site: SiteDir) -> None:
    site.post("target", "Target", "2009-08-20", tags="[shared]")
    site.post("listed", "Listed", "2009-08-01", tags="[shared]")
    site.post("draft", "A draft", "2009-08-15", tags="[shared]", draft="true")
    site.post("hidden", "Unlisted", "2009-08-16", tags="[shared]", unlisted="true")
    site.build("--drafts")
    assert (site.out / "2009/08/a-draft/index.html").is_file()
    assert related(site, "target") == ["Listed"]
    assert related(site, "listed") == ["Target"]
    # their own pages do suggest the listed posts
    assert related(site, "unlisted") == ["Target", "Listed"]
    assert related(site, "a-draft") == ["Target", "Listed"]


def test_pages_are_never_related(site: SiteDir) -> None:
    site.post("target", "Target", "2009-08-20", tags="[shared]")
    site.post("other", "Other", "2009-08-10", tags="[shared]")
    site.write("pages/about.md", "---\ntitle: About\ntags: [shared]\n---\nAbout us.\n")
    site.build()
    assert related(site, "target") == ["Other"]


def series_of_three(site: SiteDir) -> None:
    for part, day in ((1, 10), (2, 11), (3, 12)):
        site.post(f"part-{part}", f"Part {part}", f"2009-08-{day}", series="Run", tags="[shared]")
    site.post("outside", "Outside the series", "2009-08-01", tags="[shared]")


def series_steps(site: SiteDir, slug: str) -> dict[str, tuple[str, str]]:
    """What a post's page links as the previous and next part of its series: {label: (title, href)}."""
    page = site.html(f"2009/08/{slug}/index.html")
    return {p.text.strip().rstrip(":"): (p[0].text_content(), p[0].get("href"))
            for p in page.xpath("//nav[@aria-label='In this series']/p")}


def test_a_series_post_links_its_previous_and_next_parts(site: SiteDir) -> None:
    series_of_three(site)
    site.build()
    assert series_steps(site, "part-1") == {"Next in this series": ("Part 2", "/2009/08/part-2/")}
    assert series_steps(site, "part-2") == {"Previous in this series": ("Part 1", "/2009/08/part-1/"),
                                            "Next in this series": ("Part 3", "/2009/08/part-3/")}
    assert series_steps(site, "part-3") == {"Previous in this series": ("Part 2", "/2009/08/part-2/")}
    assert series_steps(site, "outside-the-series") == {}


def test_posts_of_the_same_series_are_not_repeated_as_related(site: SiteDir) -> None:
    series_of_three(site)
    site.build()
    assert related(site, "part-2") == ["Outside the series"]
    assert related(site, "outside-the-series") == ["Part 3", "Part 2", "Part 1"]


def without_sidebar(site: SiteDir) -> None:
    """A site whose pages show nothing of the whole site (no recent posts, no tag cloud): a post's
    page then changes with what it shows of its own, and of its related posts."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\n")
    site.write("templates/_sidebar.html", "")


def test_changing_one_posts_tags_changes_anothers_related_posts_as_a_clean_build_would(
        site: SiteDir, tmp_path: Path) -> None:
    without_sidebar(site)
    site.post("target", "Target", "2009-08-20", tags="[a]")
    site.post("first", "First", "2009-08-10", tags="[a]")
    site.post("second", "Second", "2009-08-05", tags="[b]")
    site.build()
    assert related(site, "target") == ["First"]
    site.post("second", "Second", "2009-08-05", tags="[a]")
    build(site.root, site.out)
    assert related(site, "target") == ["First", "Second"]
    assert site.files() == clean_build(site, tmp_path)


def test_renaming_a_related_post_changes_the_page_that_lists_it(site: SiteDir, tmp_path: Path) -> None:
    without_sidebar(site)
    site.post("target", "Target", "2009-08-20", tags="[a]")
    site.post("middle", "Between them", "2009-08-01", tags="[z]")  # the target's neighbour in time
    site.post("first", "First", "2009-07-10", tags="[a]")
    site.build()
    site.post("first", "First, renamed", "2009-07-10", tags="[a]")
    build(site.root, site.out)
    assert related(site, "target") == ["First, renamed"]
    assert related_links(site, "target") == ["/2009/07/first-renamed/"]
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_page_with_related_posts_and_series_steps_passes_the_nu_checker(site: SiteDir) -> None:
    series_of_three(site)
    site.post("sharing", "Related posts", "2009-08-02", tags="[shared]",
              body="## Related posts\n\nA heading of that name.")
    site.build()
    assert related(site, "part-2") == ["Related posts", "Outside the series"]
    assert len(series_steps(site, "part-2")) == 2
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def served(site: SiteDir) -> Iterator[str]:
    common_and_rare(site)
    site.build()
    with serving(site.out) as url:
        yield url


@pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed (apt-get install chromium)")
def test_in_a_browser_related_posts_appear_and_lead_to_posts_that_share_a_term(served: str) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    from test_browser import CHROMIUM_ARGS
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(served + "/2009/08/target/")
        section = page.get_by_role("navigation", name="Related posts")
        assert section.is_visible()
        assert section.get_by_role("link").count() == 5
        section.get_by_role("link", name="Rare partner").click()
        page.wait_for_url("**/2009/08/rare-partner/")
        tags = page.locator("article.post p.terms").filter(has_text="Tags:").locator("a").all_inner_texts()
        assert "rare" in tags
        page.go_back()
        section.get_by_role("link", name="Common 14").click()
        page.wait_for_url("**/2009/08/common-14/")
        assert "common" in page.locator("article.post p.terms").filter(has_text="Tags:").locator("a").all_inner_texts()
        browser.close()


def test_editing_a_related_posts_body_does_not_render_the_pages_that_list_it_again(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page shows a related post's title, address and date only: a change to anything else
    of that post (the newest post of a common tag is listed under many) leaves the page alone."""
    without_sidebar(site)
    site.post("target", "Target", "2009-08-20", tags="[a]")
    site.post("first", "First", "2009-07-10", tags="[a]")
    site.build()
    rendered = []
    monkeypatch.setattr(render, "render_page", lambda env, built, page, full=None: rendered.append(page.url) or
                        real_render_page(env, built, page, full))
    site.post("first", "First", "2009-07-10", tags="[a]", body="A new body.")
    build(site.root, site.out)
    assert "/2009/07/first/" in rendered
    assert "/2009/08/target/" not in rendered
    assert related(site, "target") == ["First"]
