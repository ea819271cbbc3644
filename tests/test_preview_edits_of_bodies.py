"""A preview rebuild after edits that changed only posts' bodies is the last build's site and
pages with the edited posts swapped in (see `delta`): the site is not sorted, grouped and placed
again, no page but the edited posts' own is planned or keyed again, and what is written is what a
clean build writes, also when the next change is of another kind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from chanblog import build as pipeline
from chanblog import cache
from chanblog.build import build
from chanblog.warm import Warm
from conftest import SiteDir
from test_incremental import add_post, blog, change_tags, clean_build, delete_post, edit_body, edit_title
from test_preview_reuse import keyed, sites_built, warm_site  # noqa: F401  (fixtures)
from test_plan_keys import posts_digested
from test_preview_warm_state import assert_rebuilds_write_what_clean_builds_write, preview_build

Change = Callable[[SiteDir], None]


def append(relative: str, text: str) -> Change:
    def appended(site: SiteDir) -> None:
        path = site.root / relative
        path.write_text(path.read_text() + f"\n{text}\n")
    appended.__name__ = f"append to {relative}"
    return appended


def replace_in(relative: str, old: str, new: str) -> Change:
    def replaced(site: SiteDir) -> None:
        path = site.root / relative
        path.write_text(path.read_text().replace(old, new))
    replaced.__name__ = f"replace in {relative}"
    return replaced


def test_a_body_edit_plans_and_keys_only_the_page_of_the_post_edited(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], keyed: list[str], tmp_path: Path) -> None:
    site, warm = warm_site
    keyed.clear()
    edit_body(site)
    preview_build(site, warm)
    assert sites_built == []
    assert keyed == ["/2009/03/post-2/"]
    assert "An added closing sentence." in site.text("2009/03/post-2/index.html")
    assert site.files() == clean_build(site, tmp_path)


def test_a_change_besides_bodies_builds_the_site_again(warm_site: tuple[SiteDir, Warm],
                                                        sites_built: list[int], tmp_path: Path) -> None:
    site, warm = warm_site
    edit_title(site)
    preview_build(site, warm)
    assert sites_built == [1]
    assert site.files() == clean_build(site, tmp_path)


ALIASED = "---\ntitle: Moved\ndate: 2009-01-20\naliases: [/old/moved.html, /older/moved/]\n---\nWhere it went.\n"
UNLISTED = "---\ntitle: Quiet\ndate: 2009-01-21\nunlisted: true\ntags: [common]\n---\nOff the lists.\n"
DRAFT = "---\ntitle: Unfinished\ndate: 2009-01-22\ndraft: true\n---\nNot yet.\n"
REFERRING = "---\ntitle: Pointer\ndate: 2009-01-23\n---\nSee [the first](@/posts/p1.md).\n"


@pytest.mark.parametrize("change", [
    edit_body,  # in the series `Run`, on the home page and in the feeds
    append("posts/p6.md", "Two.\n\nParagraphs more."),
    append("posts/moved.md", "And why."),  # a post with old addresses: its redirects hold it
    append("posts/quiet.md", "Still quiet."),  # unlisted
    append("posts/unfinished.md", "Nearly."),  # a draft: on no page
    append("posts/pointer.md", "And [the second](@/posts/p2.md)."),  # `@/` references: its body is kept whole
    replace_in("posts/p5.md", "First paragraph 5.", "A new first paragraph."),  # the excerpt changes
    replace_in("posts/p4.md", "More of 4.", "More of 4, " + "and more words " * 400),  # the reading time
    lambda site: (edit_body(site), append("posts/p7.md", "Seven, longer.")(site)),  # two posts at once
], ids=["series", "newest", "aliases", "unlisted", "draft", "references", "excerpt", "reading-time", "two"])
@pytest.mark.parametrize("then", [edit_title, change_tags, add_post, delete_post])
def test_rebuilds_after_body_edits_write_what_clean_builds_write(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path, change: Change, then: Change) -> None:
    site, warm = warm_site
    for name, text in (("moved", ALIASED), ("quiet", UNLISTED), ("unfinished", DRAFT), ("pointer", REFERRING)):
        site.write(f"posts/{name}.md", text)
    preview_build(site, warm)
    assert_rebuilds_write_what_clean_builds_write((site, warm), tmp_path, change, then)


def test_a_page_removed_from_the_output_is_made_again_after_a_body_edit(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], tmp_path: Path) -> None:
    """The pages of the last build are rendered in this build's site when they must be made."""
    site, warm = warm_site
    (site.out / "tags/common/index.html").unlink()
    (site.out / "2009/03/post-5/index.html").write_text("changed by hand")
    edit_body(site)
    preview_build(site, warm)
    assert sites_built == []
    assert site.files() == clean_build(site, tmp_path)


def test_a_site_template_that_shows_bodies_on_listings_builds_the_site_again(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], tmp_path: Path) -> None:
    site, warm = warm_site
    site.write("templates/_byline.html", '<p class="byline">{{ post.word_count }} words</p>\n')
    preview_build(site, warm)
    sites_built.clear()
    edit_body(site)
    preview_build(site, warm)
    assert sites_built == [1]
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_that_comes_due_builds_the_site_again(site: SiteDir, sites_built: list[int], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With --future a post dated later is published with a badge: once its date passes, the
    badge goes, though no file changed but another post's body."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    blog(site)
    site.post("soon", "Soon", "2010-06-01T12:00:00+00:00", body="Coming.")
    warm = Warm()
    before, after = (datetime(2010, 6, 1, hour, tzinfo=timezone.utc) for hour in (11, 13))
    build(site.root, site.out, future=True, now=before, index=False, warm=warm)
    sites_built.clear()
    edit_body(site)
    build(site.root, site.out, future=True, now=after, index=False, warm=warm)
    assert sites_built == [1]
    fresh = SiteDir(tmp_path / "fresh")  # (as test_incremental's clean_build, built with the same options)
    shutil.copytree(site.root, fresh.root, ignore=shutil.ignore_patterns("_site", cache.CACHE_DIR))
    build(fresh.root, fresh.out, future=True, now=after, index=False)
    assert site.files() == fresh.files()


@pytest.mark.parametrize("change", [edit_body, replace_in("posts/p2.md", "First paragraph 2.", "A new opening.")],
                         ids=["body", "excerpt"])
def test_the_search_index_planned_after_a_body_edit_is_a_clean_builds(warm_site: tuple[SiteDir, Warm],
                                                                       sites_built: list[int],
                                                                       tmp_path: Path, change: Change) -> None:
    site, warm = warm_site
    site.write("site.yaml", (site.root / "site.yaml").read_text().replace("search: false\n", "search: true\n"))
    preview_build(site, warm)
    sites_built.clear()
    change(site)
    report = build(site.root, site.out, index=False, warm=warm)
    assert sites_built == [] and report.search is not None
    shutil.rmtree(site.out)
    shutil.rmtree(site.root / cache.CACHE_DIR)  # (keys hold the site's folder: a clean build of this one)
    assert report.search == build(site.root, site.out, index=False).search


def test_a_body_edit_works_out_the_sitemap_and_what_search_reads_of_the_post_edited_alone(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both come from the pages' URLs and dates, and the search key of a page from what it shows:
    those of every other page are the last build's."""
    site, warm = warm_site
    site.write("site.yaml", (site.root / "site.yaml").read_text().replace("search: false\n", "search: true\n"))
    preview_build(site, warm)
    sitemaps, searched = [], []
    sitemap_jobs, search_keys = pipeline.sitemap_jobs, pipeline.search_keys

    def recording_sitemap(config, pages):  # type: ignore[no-untyped-def]
        sitemaps.append(len(pages))
        return sitemap_jobs(config, pages)

    def recording_search_keys(*args):  # type: ignore[no-untyped-def]
        keyed = search_keys(*args)
        return lambda page: (searched.append(page.url), keyed(page))[1]
    monkeypatch.setattr(pipeline, "sitemap_jobs", recording_sitemap)
    monkeypatch.setattr(pipeline, "search_keys", recording_search_keys)
    edit_body(site)
    build(site.root, site.out, index=False, warm=warm)
    assert sitemaps == [] and searched == ["/2009/03/post-2/"]
    edit_title(site)  # a change besides bodies plans both again
    build(site.root, site.out, index=False, warm=warm)
    assert len(sitemaps) == 1 and len(searched) > 8
    monkeypatch.undo()
    clean = {path: data for path, data in clean_build(site, tmp_path).items() if not path.startswith("pagefind/")}
    assert site.files() == clean


def test_an_excerpt_edit_makes_again_only_the_pages_that_list_the_post(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], keyed: list[str], tmp_path: Path) -> None:
    """Its page, its series' posts' pages (they list the series), and each page of a listing
    that shows it: no other post is placed otherwise, no other page shows it."""
    site, warm = warm_site
    keyed.clear()
    replace_in("posts/p2.md", "First paragraph 2.", "A new opening for the second post.")(site)
    preview_build(site, warm)
    assert sites_built == []
    assert sorted(keyed) == ["/2009/", "/2009/03/", "/2009/03/post-1/", "/2009/03/post-2/", "/2009/03/post-3/",
                             "/authors/jane/page/3/", "/labels/sales/page/2/", "/page/3/", "/series/run/",
                             "/tags/common/page/3/", "/tags/t2/"]
    assert "A new opening for the second post." in site.text("tags/t2/index.html")
    assert site.files() == clean_build(site, tmp_path)


def test_a_reading_time_edit_of_the_newest_post_makes_again_the_pages_that_list_it(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], keyed: list[str], tmp_path: Path) -> None:
    site, warm = warm_site
    keyed.clear()
    append("posts/p7.md", "Longer now, " + "and longer " * 600)(site)
    preview_build(site, warm)
    assert sites_built == [] and "/" in keyed and "/2009/03/post-7/" in keyed
    assert "/2009/03/post-6/" not in keyed and "/tags/t0/" not in keyed  # (post 7 is tagged common and t1)
    assert site.files() == clean_build(site, tmp_path)


def test_a_template_that_shows_an_excerpt_on_every_page_has_every_page_made_again(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path) -> None:
    """Its sidebar reads the site's posts: each page's base key changes with the excerpt."""
    site, warm = warm_site
    site.write("templates/_sidebar.html", '<aside>{{ site.posts[0].excerpt }}</aside>\n')
    preview_build(site, warm)
    replace_in("posts/p7.md", "First paragraph 7.", "Seven opens otherwise.")(site)
    preview_build(site, warm)
    assert "Seven opens otherwise." in site.text("2009/03/post-1/index.html")
    assert site.files() == clean_build(site, tmp_path)


def test_an_excerpt_that_comes_to_show_code_has_its_listings_link_the_code_style(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path) -> None:
    site, warm = warm_site
    replace_in("posts/p7.md", "First paragraph 7.", "```python\nprint('seven')\n```\n\n<!--more-->\n")(site)
    preview_build(site, warm)
    assert "pygments.css" in site.text("tags/t1/index.html")
    assert site.files() == clean_build(site, tmp_path)


def test_a_new_build_after_an_excerpt_edit_in_the_preview_digests_only_the_post_it_changes(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview records the listing its edit made, by which a build in a new process (no
    `Warm`) takes every post it did not change at its record (see `kept_keys`)."""
    site, warm = warm_site
    replace_in("posts/p2.md", "First paragraph 2.", "A new opening for the second post.")(site)
    preview_build(site, warm)
    append("posts/p6.md", "A closing note.")(site)
    digested = posts_digested(monkeypatch)
    build(site.root, site.out, index=False)
    assert digested == ["posts/p6.md"]
    assert site.files() == clean_build(site, tmp_path)


def kept_addresses(site: SiteDir) -> None:
    """Each post's address given (`slug:`): a new title keeps it, as a dated file name does."""
    for path in sorted((site.root / "posts").glob("p*.md")):
        day = path.stem[1:]
        path.write_text(path.read_text().replace(f"title: Post {day}\n", f"title: Post {day}\nslug: post-{day}\n"))


def rename(relative: str, old: str, new: str) -> Change:
    renamed = replace_in(relative, f"title: {old}\n", f"title: {new}\n")
    renamed.__name__ = f"rename {relative}"
    return renamed


def test_a_title_edit_that_keeps_the_address_makes_again_the_pages_that_show_the_title(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], keyed: list[str], tmp_path: Path) -> None:
    """Its neighbours' pages link to it by title, as the listings that hold it, the archives and
    the pages of the posts it is related to do; no post is placed otherwise."""
    site, warm = warm_site
    kept_addresses(site)
    preview_build(site, warm)
    keyed.clear()
    sites_built.clear()
    rename("posts/p2.md", "Post 2", "The Second Post, Renamed")(site)
    preview_build(site, warm)
    assert sites_built == []
    assert {"/2009/03/post-1/", "/2009/03/post-2/", "/2009/03/post-3/", "/archives/", "/tags/t2/"} <= set(keyed)
    assert "/2009/03/post-7/" not in keyed  # (it shows five recent posts: not post 2)
    assert "The Second Post, Renamed" in site.text("2009/03/post-3/index.html")
    assert site.files() == clean_build(site, tmp_path)


@pytest.mark.parametrize("change", [
    rename("posts/p2.md", "Post 2", "Renamed Two"),
    rename("posts/p7.md", "Post 7", "The Newest, Renamed"),  # one of the five recent posts every page shows
    rename("posts/p1.md", "Post 1", "The Oldest, Renamed"),  # no post before it
    lambda site: (rename("posts/p3.md", "Post 3", "Three")(site), rename("posts/p4.md", "Post 4", "Four")(site)),
    lambda site: (rename("posts/p5.md", "Post 5", "Five")(site), edit_body(site)),
    rename("posts/moved.md", "Moved", "Moved Again"),  # its old addresses are titled by it
], ids=["series", "recent", "oldest", "neighbours", "and-a-body", "aliases"])
@pytest.mark.parametrize("then", [rename("posts/p6.md", "Post 6", "Six"), edit_body, change_tags, delete_post])
def test_rebuilds_after_title_edits_that_keep_the_address_write_what_clean_builds_write(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path, change: Change, then: Change) -> None:
    site, warm = warm_site
    kept_addresses(site)
    site.write("posts/moved.md", ALIASED.replace("title: Moved\n", "title: Moved\nslug: moved\n"))
    site.write("templates/redirect.html", '<!DOCTYPE html>\n<html lang="en"><title>{{ page.title }}</title>\n'
                                          '<p><a href="{{ post.url }}">Moved</a></p></html>\n')
    preview_build(site, warm)
    assert_rebuilds_write_what_clean_builds_write((site, warm), tmp_path, change, then)


def test_a_title_edit_makes_again_the_listings_that_show_a_neighbours_link_to_it(
        warm_site: tuple[SiteDir, Warm], sites_built: list[int], tmp_path: Path) -> None:
    site, warm = warm_site
    kept_addresses(site)
    site.write("templates/_post_list.html", "{% for item in paginator.posts %}<p>{{ item.title }}, before "
                                             "{{ item.next.name if item.next else 'none' }}</p>{% endfor %}\n")
    preview_build(site, warm)
    sites_built.clear()
    rename("posts/p4.md", "Post 4", "Post Four, Renamed")(site)
    preview_build(site, warm)
    assert sites_built == []
    assert "Post 3, before Post Four, Renamed" in site.text("tags/t0/index.html")  # (post 3 is tagged t0)
    assert site.files() == clean_build(site, tmp_path)
