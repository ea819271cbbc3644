"""The preview's rebuilds reuse what the last rebuild in the same process made of a post that
did not change: the post made from its draft and body, the post placed in the site (its
neighbours, its part in a series), the links to it, its page and that page's key, and its
digests. So an edit digests and keys what it touched, not every post and page; and what is
written is what a clean build writes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chanblog import build as pipeline
from chanblog import cache, render
from chanblog.build import build
from chanblog.cache import CACHE_DIR, Digester
from chanblog.content import Draft
from chanblog.keys import PostDigests
from chanblog.warm import Warm
from conftest import SiteDir
from test_git import committed, git
from test_incremental import add_post, blog, change_tags, clean_build, edit_body, edit_title
from test_languages import multilingual
from test_preview_warm_state import assert_rebuilds_write_what_clean_builds_write, preview_build, previewed_blog

Change = Callable[[SiteDir], None]


@pytest.fixture
def warm_site(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> tuple[SiteDir, Warm]:
    """A blog built by a preview, then rebuilt once with nothing changed, whose `Warm` the test
    goes on with. (The first build parses every post; the rebuild takes each from the draft cache,
    as every rebuild after it does.)"""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files are settled: a stat tells a change (see `cache.DraftCache`)
    warm = previewed_blog(site)
    (site.out / "index.html").unlink()  # (so that the rebuild does not find nothing to do)
    preview_build(site, warm)
    return site, warm


@pytest.fixture
def digested(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The source paths of the posts digested field by field meanwhile."""
    seen: list[str] = []
    know = PostDigests._know

    def recorded(self: PostDigests, post, apart: bool, own: bool) -> None:  # type: ignore[no-untyped-def]
        seen.append(post.source_path)
        know(self, post, apart, own)
    monkeypatch.setattr(PostDigests, "_know", recorded)
    yield seen


@pytest.fixture
def sites_built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many sites the builds meanwhile sorted, grouped and placed from their posts."""
    made: list[int] = []
    build_sites = pipeline.build_sites

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        sites = build_sites(*args, **kwargs)
        made.append(len(sites))
        return sites
    monkeypatch.setattr(pipeline, "build_sites", counted)
    yield made


@pytest.fixture
def finished(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The source paths of the drafts made into posts meanwhile."""
    seen: list[str] = []
    finish = Draft.finish

    def recorded(self: Draft, rendered):  # type: ignore[no-untyped-def]
        seen.append(self.post.source_path)
        return finish(self, rendered)
    monkeypatch.setattr(Draft, "finish", recorded)
    yield seen


@pytest.fixture
def bodies_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many bodies each call of the body cache's `rendered` was asked for meanwhile."""
    asked: list[int] = []
    rendered = cache.BodyCache.rendered

    def recorded(self, bodies, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(len(bodies))
        return rendered(self, bodies, *args, **kwargs)
    monkeypatch.setattr(cache.BodyCache, "rendered", recorded)
    yield asked


@pytest.mark.parametrize("change, expected", [
    (edit_body, ["posts/p2.md"]),
    (edit_title, ["posts/p1.md", "posts/p2.md", "posts/p3.md"])],  # (its neighbours name it)
    ids=["body", "title"])
def test_an_edit_digests_only_the_posts_it_changes(warm_site: tuple[SiteDir, Warm], digested: list[str],
                                                   change: Change, expected: list[str]) -> None:
    site, warm = warm_site
    change(site)
    digested.clear()
    preview_build(site, warm)
    assert sorted(digested) == expected


def test_a_rebuild_makes_again_only_the_post_whose_file_changed(warm_site: tuple[SiteDir, Warm],
                                                                 finished: list[str], bodies_asked: list[int]) -> None:
    """The others are the very posts the last rebuild made: the body cache is not even asked for their bodies."""
    site, warm = warm_site
    edit_body(site)
    finished.clear()
    bodies_asked.clear()
    preview_build(site, warm)
    assert finished == ["posts/p2.md"]
    assert bodies_asked == [0, 1]  # the site's pages (it has none), then the post edited


def test_the_first_rebuild_after_a_build_that_parsed_every_post_makes_again_only_the_post_edited(
        site: SiteDir, finished: list[str], sites_built: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview started on a site without a cache parses every post; the drafts it parsed are
    what the next rebuild takes from the cache, so it need not make every post, place it and
    plan its page again."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    blog(site)
    warm = Warm()
    preview_build(site, warm)
    edit_body(site)
    finished.clear()
    sites_built.clear()
    preview_build(site, warm)
    assert finished == ["posts/p2.md"]
    assert sites_built == []  # (only a body changed: see test_preview_edits_of_bodies)


def join_series(site: SiteDir) -> None:
    """A new post in the series `Run`, between its first two parts: the later parts move up one."""
    site.post("between", "Between one and two", "2009-03-01T12:00:00", series="Run", tags="[common]")


def leave_series(site: SiteDir) -> None:
    path = site.root / "posts/p1.md"
    path.write_text(path.read_text().replace("series: Run\n", ""))


def unlist(site: SiteDir) -> None:
    """p3 leaves the lists: p2 and p4 become neighbours."""
    path = site.root / "posts/p3.md"
    path.write_text(path.read_text().replace("title: Post 3", "title: Post 3\nunlisted: true"))


def move_date(site: SiteDir) -> None:
    path = site.root / "posts/p6.md"
    path.write_text(path.read_text().replace("date: 2009-03-06", "date: 2009-02-15"))


@pytest.mark.parametrize("change", [edit_body, edit_title, change_tags, add_post, join_series, leave_series, unlist,
                                    move_date], ids=lambda change: change.__name__)
def test_rebuilds_that_reuse_posts_write_what_a_clean_build_writes(warm_site: tuple[SiteDir, Warm], tmp_path: Path,
                                                                     change: Change) -> None:
    assert_rebuilds_write_what_clean_builds_write(warm_site, tmp_path, change, then=edit_title)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_posts_dated_by_their_commits_are_reused_too(warm_site: tuple[SiteDir, Warm], digested: list[str],
                                                     tmp_path: Path) -> None:
    """In a repository every post is given its commit's date, anew at each build: still only
    the post edited is digested again, and a new commit's date reaches the pages."""
    site, warm = warm_site
    git(site, "init", "-q")
    site.write(".gitignore", "_site/\n.chanblog-cache/\n")
    committed(site, "first", "2010-01-01T10:00:00+00:00")
    preview_build(site, warm)  # every post takes its commit's date
    preview_build(site, warm)
    edit_body(site)
    digested.clear()
    preview_build(site, warm)
    assert digested == ["posts/p2.md"]
    committed(site, "second", "2012-06-01T12:00:00+02:00")  # p2's newest commit is this one now
    preview_build(site, warm)
    assert site.files() == clean_build(site, tmp_path)
    assert "2012-06-01" in site.text("2009/03/post-2/index.html")


def test_a_rebuild_digests_no_link_to_a_post_again(warm_site: tuple[SiteDir, Warm],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    site, warm = warm_site
    written_out: list[str] = []
    parts = Digester._parts

    def recorded(self: Digester, value):  # type: ignore[no-untyped-def]
        written_out.append(type(value).__name__)
        return parts(self, value)
    monkeypatch.setattr(Digester, "_parts", recorded)
    change_tags(site)  # (a change that plans the site again: see test_preview_edits_of_bodies)
    preview_build(site, warm)
    assert "Archive" in written_out and "PostLink" not in written_out  # (the archives list every post's link)


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The addresses of the pages whose keys were worked out meanwhile."""
    seen: list[str] = []
    key = render.page_key

    def recorded(digest, base, page):  # type: ignore[no-untyped-def]
        seen.append(page.url)
        return key(digest, base, page)
    monkeypatch.setattr(render, "page_key", recorded)
    yield seen


def test_a_rebuild_keys_again_no_page_of_a_post_it_did_not_change(warm_site: tuple[SiteDir, Warm],
                                                                   keyed: list[str]) -> None:
    site, warm = warm_site
    edit_body(site)
    preview_build(site, warm)
    assert "/2009/03/post-2/" in keyed  # the post edited
    assert not {"/2009/03/post-4/", "/2009/03/post-5/", "/2009/03/post-6/", "/2009/03/post-7/"} & set(keyed)


def test_a_build_in_a_fresh_process_digests_every_post_and_keys_every_page(site: SiteDir, digested: list[str],
                                                                            keyed: list[str]) -> None:
    """After a title edit: the page manifest vouches for no page's key then (see `kept_keys`)."""
    blog(site)
    build(site.root, site.out)
    edit_title(site)
    digested.clear()
    keyed.clear()
    build(site.root, site.out)  # no `Warm`: nothing is kept from the build before
    assert len(digested) == 8
    assert "/2009/03/post-5/" in keyed and "/tags/t1/" in keyed


def test_rebuilds_of_a_blog_in_three_languages_write_what_a_clean_build_writes(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    multilingual(site)
    warm = Warm()
    preview_build(site, warm)
    for number, (name, old, new) in enumerate([("launch", "title: Launch", "title: Launch day"),
                                               ("fr/first-snow", "Première neige", "Première neige, encore"),
                                               ("english-only", "tags: [news]", "tags: [news, winter]")]):
        path = site.root / f"posts/{name}.md"
        path.write_text(path.read_text().replace(old, new) + "\nOne more line.\n")
        preview_build(site, warm)
        assert site.files() == clean_build(site, tmp_path / str(number)), name


def test_a_body_cache_file_written_since_the_last_rebuild_has_every_post_asked_for(
        warm_site: tuple[SiteDir, Warm], tmp_path: Path, bodies_asked: list[int]) -> None:
    """The bodies a file holds may not be those the last rebuild left in it: none is taken on trust."""
    site, warm = warm_site
    edit_body(site)
    for path in (site.root / CACHE_DIR).glob("bodies-*.cache"):  # each written anew, as another build does
        shutil.copy2(path, tmp_path / "copy")
        os.replace(tmp_path / "copy", path)
    bodies_asked.clear()
    preview_build(site, warm)
    assert bodies_asked == [0, 8]
    assert site.files() == clean_build(site, tmp_path / "clean")
