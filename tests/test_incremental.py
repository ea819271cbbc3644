"""Incremental builds: whatever changed, the output equals a clean build's, byte for byte,
and files whose inputs did not change are neither re-rendered nor rewritten."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from chanblog.build import build
from chanblog import cache
from chanblog.cache import CACHE_DIR
from chanblog.config import load_config
from chanblog.content import read_posts
from chanblog.taxonomy import SITE_FIELDS, build_site
from chanblog.markup import POOL_THRESHOLD, EarlyRenderer, render_body, render_many
from conftest import SiteDir

Change = Callable[[SiteDir], None]


def blog(site: SiteDir) -> None:
    # Without search every file is compared byte for byte; test_search.py covers the index.
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\n")
    for day in range(1, 8):
        site.post(f"p{day}", f"Post {day}", f"2009-03-0{day}", body=f"First paragraph {day}.\n\nMore of {day}.",
                  tags=f"[common, t{day % 3}]", labels="[Leadership]" if day % 2 else "[Sales]",
                  series="Run" if day <= 3 else "", author="jane")
    site.write("posts/commented.md", "---\ntitle: Commented\ndate: 2009-02-01\ncomments:\n"
               "  - {author: Ann, date: 2009-02-02, body: Nice.}\n---\nText.\n")
    site.write("static/img/a.png", b"png-bytes")


def _remove_series_blank(site: SiteDir) -> None:
    for path in (site.root / "posts").glob("*.md"):
        path.write_text(path.read_text().replace("series: \n", ""))


def edit_body(site: SiteDir) -> None:
    path = site.root / "posts/p2.md"
    path.write_text(path.read_text() + "\nAn added closing sentence.\n")


def edit_title(site: SiteDir) -> None:
    path = site.root / "posts/p2.md"  # older than the five "Recent posts" every page lists
    path.write_text(path.read_text().replace("title: Post 2", "title: Post two, renamed"))


def change_tags(site: SiteDir) -> None:
    path = site.root / "posts/p4.md"
    path.write_text(path.read_text().replace("tags: [common, t1]", "tags: [fresh]"))


def delete_post(site: SiteDir) -> None:
    (site.root / "posts/p3.md").unlink()


def add_post(site: SiteDir) -> None:
    site.post("new", "A new post", "2009-03-09", tags="[common]", labels="[Sales]")


def change_template(site: SiteDir) -> None:
    site.write("templates/archive.html", "{% extends 'theme/archive.html' %}{% block title %}Archive!{% endblock %}")


def change_site_yaml(site: SiteDir) -> None:
    path = site.root / "site.yaml"
    path.write_text(path.read_text().replace("title: Channel Notes", "title: Channel Notes, Renamed"))


def change_static(site: SiteDir) -> None:
    site.write("static/img/a.png", b"new-png-bytes")


def add_comment(site: SiteDir) -> None:
    path = site.root / "posts/commented.md"
    path.write_text(path.read_text().replace("---\nText.", "  - {author: Bo, date: 2009-02-03, body: Yes.}\n---\nText."))


# Changes that every page shows (recent posts, label counts, the tag cloud, the site's title)
# rightly re-render everything; the others must leave most pages alone.
LOCAL = [edit_body, edit_title, change_template, change_static, add_comment]
CHANGES = LOCAL + [change_tags, delete_post, add_post, change_site_yaml]


def clean_build(site: SiteDir, tmp_path: Path) -> dict[str, bytes]:
    """The same sources built in a fresh folder with no cache and no previous output."""
    fresh = SiteDir(tmp_path / "fresh")
    shutil.copytree(site.root, fresh.root, ignore=shutil.ignore_patterns("_site", CACHE_DIR))
    fresh.build()
    return fresh.files()


def built(site: SiteDir) -> SiteDir:
    blog(site)
    _remove_series_blank(site)
    site.build()
    return site


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_incremental_build_equals_clean_build(site: SiteDir, tmp_path: Path, change: Change) -> None:
    built(site)
    change(site)
    report = build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)
    if change in LOCAL:
        assert report.rendered < report.pages + report.feeds, "an incremental build re-rendered everything"


def test_a_windows_saved_post_taken_from_the_cache_keeps_its_body(site: SiteDir, tmp_path: Path) -> None:
    """A cached post gets its body back from its file's text: a byte-order mark and CRLF line
    endings must not shift where the body starts."""
    built(site)
    site.write("posts/windows.md", "\ufeff---\r\ntitle: Saved on Windows\r\ndate: 2009-01-05\r\n---\r\n"
               "First line of the body.\r\n\r\nSecond paragraph.\r\n".encode())
    build(site.root, site.out)
    change_template(site)  # the next build takes the post from the cache
    build(site.root, site.out)
    page = (site.out / "2009/01/saved-on-windows/index.html").read_text()
    assert "<p>First line of the body.</p>" in page and "title:" not in page
    assert site.files() == clean_build(site, tmp_path)


def folders(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir()}


def test_folders_of_deleted_pages_are_removed_with_them(site: SiteDir, tmp_path: Path) -> None:
    built(site)
    delete_post(site)
    build(site.root, site.out)
    edit_body(site)  # the next build updates the folder that held the deleted post's page, as the spare
    build(site.root, site.out)
    clean_build(site, tmp_path)
    assert "2009/03/post-3" not in folders(site.out)
    assert folders(site.out) == folders(tmp_path / "fresh/_site")


def test_no_change_rebuild_renders_and_writes_nothing(site: SiteDir) -> None:
    built(site)
    before = {p: (site.out / p).stat().st_ino for p in site.files()}
    report = build(site.root, site.out)
    assert (report.rendered, report.written) == (0, 0)
    assert report.posts == 8 and report.pages > 30  # the closing line still counts the site
    assert {p: (site.out / p).stat().st_ino for p in site.files()} == before


def test_a_stray_file_in_the_output_is_removed_by_the_next_build(site: SiteDir, tmp_path: Path) -> None:
    built(site)
    (site.out / "stray.html").write_text("left behind")
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_falling_due_is_published_though_no_file_changed(site: SiteDir) -> None:
    built(site)
    site.post("later", "Scheduled", "2030-01-01")
    build(site.root, site.out, now=datetime(2029, 1, 1, tzinfo=timezone.utc))
    assert not (site.out / "2030/01/scheduled/index.html").exists()
    build(site.root, site.out, now=datetime(2031, 1, 1, tzinfo=timezone.utc))
    assert (site.out / "2030/01/scheduled/index.html").is_file()


def test_body_edit_touches_the_post_page_and_feeds_only(site: SiteDir) -> None:
    built(site)
    before = site.files()
    edit_body(site)
    build(site.root, site.out)
    changed = {p for p, data in site.files().items() if before.get(p) != data}
    assert "2009/03/post-2/index.html" in changed and "feed.xml" in changed
    assert "2009/03/post-5/index.html" not in changed
    assert not any(p.startswith(("tags/", "labels/")) and p.endswith(".html") for p in changed)


def test_title_edit_also_touches_the_listings_that_show_it(site: SiteDir) -> None:
    built(site)
    before = site.files()
    edit_title(site)
    build(site.root, site.out)
    changed = {p for p, data in site.files().items() if before.get(p) != data}
    assert {"2009/03/post-two-renamed/index.html", "tags/common/page/3/index.html", "2009/03/index.html",
            "2009/03/post-1/index.html", "2009/03/post-3/index.html",  # its neighbours name it
            "series/run/index.html"} <= changed
    assert "2009/03/post-2/index.html" not in site.files()
    assert "2009/03/post-6/index.html" in changed  # it lists post 2 among its related posts
    assert "2009/02/commented/index.html" not in changed  # which shows post 2 nowhere


def test_a_sidebar_that_names_the_page_shows_an_edit_on_every_page(site: SiteDir, tmp_path: Path) -> None:
    built(site)
    site.write("templates/_sidebar.html", '<p class="here">{{ page.url }}</p>\n')
    build(site.root, site.out)
    site.write("templates/_sidebar.html", '<p class="here">Here: {{ page.url }}</p>\n')
    build(site.root, site.out)
    for url in ("/", "/2009/03/post-5/", "/tags/common/", "/archives/"):
        assert site.html(url.lstrip("/") + "index.html").xpath("//aside/p[@class='here']/text()") == [f"Here: {url}"]
    assert site.files() == clean_build(site, tmp_path)


def test_damaged_or_foreign_cache_is_discarded(site: SiteDir, tmp_path: Path) -> None:
    built(site)
    cache_files = sorted((site.root / CACHE_DIR).iterdir())
    assert cache_files
    for index, path in enumerate(cache_files):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if index % 2 else b"garbage" + data[7:])
    edit_body(site)
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)


def test_output_edited_by_hand_is_rebuilt(site: SiteDir) -> None:
    built(site)
    page = site.out / "2009/03/post-1/index.html"
    good = page.read_bytes()
    page.write_bytes(b"tampered")
    build(site.root, site.out)
    assert page.read_bytes() == good


def test_published_posts_differ_from_their_sources_only_in_site_fields(site: SiteDir) -> None:
    """Builds digest a post by its source's hash plus SITE_FIELDS: that must cover every field."""
    built(site)
    config = load_config(site.root)
    by_path = {d.post.source_path: d.finish(render_body(d.body, d.summary)) for d in read_posts(config)}
    published = build_site(config, by_path.values(), datetime.now(timezone.utc)).posts
    for post in published:
        blank = {name: getattr(by_path[post.source_path], name) for name in SITE_FIELDS}
        assert replace(post, **blank) == by_path[post.source_path]


def test_process_pool_renders_exactly_what_one_process_does() -> None:
    bodies = [(f"Para *{i}* with a [link](/x/{i}/) and 'quotes'.\n\n```python\nx = {i}\n```\n", "") for i in range(POOL_THRESHOLD + 5)]
    assert render_many(bodies, workers=2) == [render_body(body, summary) for body, summary in bodies]


def test_bodies_handed_in_early_come_back_in_the_order_asked_for() -> None:
    """A build hands new bodies to the pool as it reads them, then asks for every missing body,
    in its own order, some never handed in and some twice: each gets its own rendering."""
    bodies = [(f"## Part {i}\n\nText *{i}* and a [link](/p/{i}/).\n", f"summary {i % 3}" if i % 5 else "")
              for i in range(POOL_THRESHOLD + 40)]
    with EarlyRenderer(workers=2) as renderer:
        for body in bodies[:POOL_THRESHOLD + 10]:
            renderer.add(body)
        assert renderer.pool is not None  # rendering started before the last body was read
        asked = list(reversed(bodies)) + [bodies[3]]
        assert renderer.render_many(asked) == [render_body(body, summary) for body, summary in asked]


def test_a_few_bodies_are_rendered_without_a_pool() -> None:
    bodies = [(f"Post {i}", "") for i in range(POOL_THRESHOLD - 1)]
    with EarlyRenderer(workers=2) as renderer:
        for body in bodies:
            renderer.add(body)
        assert renderer.render_many(bodies) == [render_body(body, summary) for body, summary in bodies]
        assert renderer.pool is None


def test_cache_from_other_code_or_settings_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.pickle"
    cache.save_bytes(path, "bodies old-code settings", b'{"k": "v"}')
    assert cache.load_bytes(path, "bodies old-code settings") == b'{"k": "v"}'
    assert cache.load_bytes(path, "bodies new-code settings") is None
    path.write_bytes(path.read_bytes()[:-3])
    assert cache.load_bytes(path, "bodies old-code settings") is None


def test_relinking_a_file_onto_itself_leaves_no_temporary(site: SiteDir, tmp_path: Path) -> None:
    """A page re-rendered to the same bytes is linked from the output; the build after next links it
    again onto the same inode, where rename() does nothing: its temporary must not be published."""
    built(site)
    p1 = site.root / "posts/p1.md"
    p1.write_text(p1.read_text().replace("title: Post 1\n", "title: Post 1 \n"))  # new key, same pages
    build(site.root, site.out)
    edit_body(site)  # something else changes, so the next build is not a no-op
    build(site.root, site.out)
    assert [p for p in site.files() if "~" in p] == []
    assert site.files() == clean_build(site, tmp_path)


def test_pages_made_by_worker_processes_equal_one_process(site: SiteDir, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from chanblog import placing

    built(site)
    change_site_yaml(site)  # every page is made again
    monkeypatch.setattr(placing, "POOL_THRESHOLD", 1)
    report = build(site.root, site.out, workers=2)
    assert report.rendered > 30
    assert site.files() == clean_build(site, tmp_path)
