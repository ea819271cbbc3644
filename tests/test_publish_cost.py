"""What publishing an edit, and a build with nothing to do, may leave undone: the sitemap and
robots.txt are kept like pages while what they show is unchanged; the spare's files are taken
from the manifest unlooked at, but never through a link put where a folder was; a build with
nothing to do runs no program outside a repository. Whatever is left undone, the output
equals a clean build's, byte for byte."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chanblog import receipt, sitemap
from chanblog.build import build
from conftest import SiteDir
from test_incremental import add_post, built, clean_build, edit_body
from test_publish_incremental import edited_twice, foreign, link_for_folder, spare
from test_receipt import command_line_build_loading


@pytest.fixture
def sitemaps_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a build wrote out the sitemap (appended to as each is made)."""
    made: list[int] = []
    write = sitemap.sitemap

    def counted(*args: object) -> bytes:
        made.append(1)
        return write(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sitemap, "sitemap", counted)
    return made


def fixed_slug(site: SiteDir) -> Path:
    return site.post("fixed", "Fixed address", "2009-03-10", slug="fixed", tags="[common]")


def test_an_edit_of_a_posts_body_keeps_the_sitemap(site: SiteDir, tmp_path: Path, sitemaps_made: list[int]) -> None:
    built(site)
    before = (site.out / "sitemap.xml").read_bytes()
    sitemaps_made.clear()
    edit_body(site)
    build(site.root, site.out)
    assert sitemaps_made == []
    assert (site.out / "sitemap.xml").read_bytes() == before
    assert site.files() == clean_build(site, tmp_path)


def test_a_title_edit_that_moves_no_url_keeps_the_sitemap(site: SiteDir, tmp_path: Path,
                                                         sitemaps_made: list[int]) -> None:
    built(site)
    post = fixed_slug(site)
    build(site.root, site.out)
    sitemaps_made.clear()
    post.write_text(post.read_text().replace("title: Fixed address", "title: Same address, new title"))
    build(site.root, site.out)
    assert sitemaps_made == []
    assert site.files() == clean_build(site, tmp_path)


@pytest.mark.parametrize("change", ["new post", "new date", "new slug", "new site url"])
def test_a_change_the_sitemap_shows_makes_it_again(site: SiteDir, tmp_path: Path, sitemaps_made: list[int],
                                                  change: str) -> None:
    built(site)
    post = fixed_slug(site)
    build(site.root, site.out)
    before = (site.out / "sitemap.xml").read_bytes()
    sitemaps_made.clear()
    if change == "new post":
        add_post(site)
    elif change == "new date":
        post.write_text(post.read_text().replace("date: 2009-03-10", "date: 2009-03-11"))
    elif change == "new slug":
        post.write_text(post.read_text().replace("slug: fixed", "slug: moved"))
    else:
        yaml = site.root / "site.yaml"
        yaml.write_text(yaml.read_text().replace("url: https://", "url: https://www."))
    build(site.root, site.out)
    assert sitemaps_made == [1]
    assert (site.out / "sitemap.xml").read_bytes() != before
    assert site.files() == clean_build(site, tmp_path)


def test_a_link_put_in_the_spare_where_a_deleted_posts_folder_was_is_never_looked_into(site: SiteDir,
                                                                                      tmp_path: Path) -> None:
    """The spare's files are taken from the manifest, unlooked at: those of a folder a link now
    stands in for are never looked up, kept or removed through it, even once no page claims them."""
    edited_twice(site)
    outside = foreign(tmp_path)
    link_for_folder(spare(site), tmp_path)
    (site.root / "posts/p7.md").unlink()  # the post whose folder the link stands in for
    build(site.root, site.out)
    assert sorted(p.name for p in outside.iterdir()) == ["index.html", "keep.txt"]
    assert site.files() == clean_build(site, tmp_path)


def test_a_build_with_nothing_to_do_outside_a_repository_runs_no_program(site: SiteDir) -> None:
    """It asks git for the commit only in a repository, so it need not even load `subprocess`."""
    built(site)
    time.sleep(receipt.RACY_NS / 1e9 + 0.1)  # the inputs are settled: the next build leaves a receipt
    command_line_build_loading(site)
    closing, loaded = command_line_build_loading(site)
    assert "0 written" in closing
    assert "subprocess" not in loaded
