"""Search: the Pagefind index a build writes under pagefind/, the search page and the search box."""

from __future__ import annotations

import gzip
import json
import stat
from pathlib import Path

import pytest

from chanblog.build import build
from conftest import SiteDir
from test_incremental import clean_build


def fragments(site: SiteDir) -> dict[str, dict]:
    """Each indexed page, by URL, as Pagefind stored it: text, metadata and filters."""
    found = {}
    for path in (site.out / "pagefind/fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


@pytest.fixture
def blog(site: SiteDir) -> SiteDir:
    site.post("a", "Lighting the Fuse", "2009-08-14", body="Sneezers spread ideas.", tags="[viral, ideas]",
              labels="[Social Media]", author="jane")
    site.post("b", "Customer Focus", "2009-08-15", body="Selling with the customer in mind.", labels="[Sales]")
    return site


def test_the_index_holds_every_post_page_and_nothing_else(blog: SiteDir) -> None:
    blog.build()
    assert (blog.out / "pagefind/pagefind.js").is_file()
    pages = fragments(blog)
    assert sorted(pages) == ["/2009/08/customer-focus/", "/2009/08/lighting-the-fuse/"]
    fuse = pages["/2009/08/lighting-the-fuse/"]
    assert fuse["meta"] == {"title": "Lighting the Fuse", "date": "August 14, 2009"}
    assert fuse["filters"] == {"author": ["Jane Doe"], "label": ["Social Media"], "tag": ["viral", "ideas"]}
    assert "Sneezers spread ideas." in fuse["content"]
    assert "Share" not in fuse["content"] and "min read" not in fuse["content"]


def test_search_page_and_header_box(blog: SiteDir) -> None:
    blog.build()
    page = blog.html("search/index.html")
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.xpath("//div[@id='search']/@data-bundle") == ["/pagefind/"]
    assert page.xpath("//script[@type='module']/@src") == ["/theme/search.js"]
    assert "archives" in page.xpath("string(//noscript)")
    home = blog.html("index.html")
    assert home.xpath("//header//form[@role='search']/@action") == ["/search/"]
    assert home.xpath("//header//form[@role='search']//input/@name") == ["q"]
    assert "/search/" not in blog.text("sitemap.xml")


def test_search_false_leaves_out_index_page_and_box(blog: SiteDir) -> None:
    blog.write("site.yaml", (blog.root / "site.yaml").read_text() + "search: false\n")
    blog.build()
    assert not (blog.out / "pagefind").exists()
    assert not (blog.out / "search").exists()
    assert blog.html("index.html").xpath("//form[@role='search']") == []


def test_search_setting_must_be_true_or_false(blog: SiteDir) -> None:
    blog.write("site.yaml", (blog.root / "site.yaml").read_text() + "search: maybe\n")
    result = blog.run("build")
    assert result.exit_code == 1
    assert "site.yaml:11: search: 'maybe' is not true or false (write 'search: true' or 'search: false')" in result.output


def test_unchanged_posts_keep_the_index_and_an_edit_remakes_it(blog: SiteDir) -> None:
    blog.build()
    entry = blog.out / "pagefind/pagefind-entry.json"
    first = entry.stat().st_ino
    blog.post("c", "A Quiet Note", "2009-07-01", body="Nothing new.", draft="true")  # not published: same index
    build(blog.root, blog.out)
    assert entry.stat().st_ino == first
    blog.post("b", "Customer Focus", "2009-08-15", body="Selling with the reader in mind.", labels="[Sales]")
    build(blog.root, blog.out)
    assert "the reader in mind" in fragments(blog)["/2009/08/customer-focus/"]["content"]


def test_without_pagefind_the_site_is_published_with_a_warning(blog: SiteDir, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = blog.build()
    assert "warning: Pagefind is not installed (pip install 'pagefind[bin]'); the site is published without search" \
        in result.output
    assert (blog.out / "2009/08/lighting-the-fuse/index.html").is_file()
    assert not (blog.out / "pagefind").exists()


def test_a_failing_pagefind_is_a_warning_too(blog: SiteDir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(broken))
    result = blog.build()
    assert "warning: Pagefind failed: index exploded; the site is published without search" in result.output
    assert not (blog.out / "pagefind").exists()


def test_an_alias_cannot_take_the_index_folder(blog: SiteDir) -> None:
    blog.post("c", "Moved", "2009-08-16", aliases="[/pagefind/pagefind.js]")
    result = blog.run("build")
    assert result.exit_code == 1
    assert "would both write pagefind/pagefind.js" in result.output


def test_under_a_base_path_the_bundle_is_found_there(blog: SiteDir) -> None:
    blog.write("site.yaml", "title: T\nurl: https://example.com/blog/\n")
    blog.post("a", "Lighting the Fuse", "2009-08-14", body="Sneezers.")
    blog.build()
    page = blog.html("search/index.html")
    assert page.xpath("//div[@id='search']/@data-bundle") == ["/blog/pagefind/"]
    assert page.xpath("//div[@id='search']/@data-base") == ["/blog/"]


def test_an_incremental_build_indexes_what_a_clean_build_does(blog: SiteDir, tmp_path: Path) -> None:
    blog.build()
    blog.post("b", "Customer Focus", "2009-08-15", body="Selling with the reader in mind.", labels="[Sales]")
    blog.build()
    assert blog.files() == clean_build(blog, tmp_path)
    assert any(path.startswith("pagefind/filter/") for path in blog.files())
