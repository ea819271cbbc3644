"""Search on a large site: the index comes in parts, an edit remakes only the part that holds the
post it changed, the output equals a clean build's byte for byte, and the search page finds what
one index of every page finds."""

from __future__ import annotations

import gzip
import re
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bundled import chromium_path, serving
from chanblog import search
from conftest import SiteDir
from test_incremental import (change_static, change_tags, change_template, clean_build, delete_post, edit_body,
                              edit_title)
from test_languages import multilingual

WORDS = ["alpha", "bravo", "charlie", "delta"]
LABELS = ["Sales", "Leadership", "Strategy"]


def write_blog(site: SiteDir, posts: int = 14) -> None:
    """Posts whose bodies share words in overlapping sets, so that each word finds a different few
    (named and tagged as test_incremental's changes expect)."""
    for number in range(1, posts + 1):
        words = " ".join(word for step, word in enumerate(WORDS, start=2) if number % step == 0)
        site.post(f"p{number}", f"Post {number}", f"2009-03-{number:02}T10:00:00",
                  body=f"Opening {number} {words}.\n\nClosing paragraph of post {number}.",
                  tags=f"[common, t{number % 3}]", labels=f"[{LABELS[number % 3]}]", author="jane")


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few pages, so that a small site is indexed in parts as a large one is."""
    monkeypatch.setattr(search, "SHARD_PAGES", 3)


@pytest.fixture
def blog(site: SiteDir, small_parts: None) -> SiteDir:
    write_blog(site)
    return site


def parts(site: SiteDir) -> list[Path]:
    """The index's folders: pagefind/ and those its shards.json names."""
    bundle = site.out / "pagefind"
    return [bundle] + [bundle / name for name in json.loads((bundle / "shards.json").read_text())]


def indexed_urls(folder: Path) -> list[str]:
    """The URL of every page in one part of the index, from its fragments."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for path in (folder / "fragment").iterdir()]


def test_a_large_site_is_indexed_in_parts_that_hold_every_post_once(blog: SiteDir) -> None:
    blog.build()
    folders = parts(blog)
    assert len(folders) > 2
    urls = [url for folder in folders for url in indexed_urls(folder)]
    assert sorted(urls) == sorted(f"/2009/03/post-{n}/" for n in range(1, 15))
    assert (folders[0] / "pagefind.js").is_file()
    for folder in folders[1:]:  # the others are data that the first part's scripts merge
        assert (folder / "pagefind-entry.json").is_file()
        assert not list(folder.glob("*.js")) and not list(folder.glob("wasm.*"))


def test_a_site_of_a_few_pages_has_one_index(site: SiteDir) -> None:
    write_blog(site, posts=5)
    site.build()
    assert json.loads(site.text("pagefind/shards.json")) == []
    assert len(indexed_urls(site.out / "pagefind")) == 5


def test_a_site_in_several_languages_has_one_index(site: SiteDir, small_parts: None) -> None:
    # Pagefind keeps an index per language, and a part without the page's language would answer
    # in another: such a site is indexed whole.
    multilingual(site, search=True)
    write_blog(site)
    site.build()
    assert json.loads(site.text("pagefind/shards.json")) == []
    assert set(json.loads(site.text("pagefind/pagefind-entry.json"))["languages"]) == {"en", "fr", "ja"}


def test_an_edit_remakes_only_the_part_that_holds_the_post(blog: SiteDir) -> None:
    blog.build()
    before = {path: path.stat().st_ino for path in (blog.out / "pagefind").rglob("*") if path.is_file()}
    edited = next(folder for folder in parts(blog) if "/2009/03/post-7/" in indexed_urls(folder))
    path = blog.root / "posts/p7.md"
    path.write_text(path.read_text() + "\nA new closing word: zanzibar.\n")
    blog.build()
    after = {path: path.stat().st_ino for path in (blog.out / "pagefind").rglob("*") if path.is_file()}
    remade = {path for path in after if before.get(path) != after[path]}
    assert remade and all(path.parent in (edited, edited / "fragment", edited / "index", edited / "filter")
                          for path in remade)
    fragment = next(path for path in (edited / "fragment").iterdir()
                    if b"zanzibar" in gzip.decompress(path.read_bytes()))
    assert fragment in remade


def add_posts(site: SiteDir) -> None:  # enough to double the number of parts
    write_blog(site, posts=28)


def rename_post(site: SiteDir) -> None:
    (site.root / "posts/p5.md").rename(site.root / "posts/p5-renamed.md")


@pytest.mark.parametrize("change", [edit_body, edit_title, delete_post, change_tags, add_posts, change_template,
                                    change_static, rename_post],
                         ids=lambda change: change.__name__)
def test_with_search_on_an_incremental_build_equals_a_clean_build(blog: SiteDir, tmp_path: Path,
                                                                   change: Callable[[SiteDir], None]) -> None:
    blog.build()
    change(blog)
    blog.build()
    files = blog.files()
    assert any(path.startswith("pagefind/shard-") for path in files)
    assert files == clean_build(blog, tmp_path)


def test_two_clean_builds_write_the_same_index(blog: SiteDir, tmp_path: Path) -> None:
    blog.build()
    first = {path: data for path, data in blog.files().items() if path.startswith("pagefind/")}
    assert len([path for path in first if path.endswith(".pf_meta")]) > 2
    assert first == {path: data for path, data in clean_build(blog, tmp_path).items() if path.startswith("pagefind/")}


# The search page, in headless Chromium, on the site indexed in parts and on the same site indexed whole.

@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def two_sites(blog: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """The base URLs of the blog indexed in parts and of a copy indexed whole."""
    blog.build()
    whole = SiteDir(tmp_path / "whole")
    shutil.copytree(blog.root, whole.root, ignore=shutil.ignore_patterns("_site", ".chanblog-cache"))
    monkeypatch.setattr(search, "SHARD_PAGES", 1000)
    whole.build()
    assert len(parts(blog)) > 2 and len(parts(whole)) == 1
    with serving(blog.out) as in_parts, serving(whole.out) as in_one:
        yield in_parts, in_one


def shown(browser: object, base_url: str, address: str, label: str | None = None) -> tuple[list[str], str]:
    """The links of the results the search page shows, and its status line."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and problems.append(response.url))
    page.goto(base_url + address)
    if label:
        page.locator(f"#search-filters input[name=label][value='{label}']").check()
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''", timeout=20000)
    links = page.locator("#search-results li h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    status = page.locator("#search-status").inner_text()
    page.close()
    assert problems == []
    return links, status


@pytest.mark.parametrize("query", ["alpha", "bravo", "charlie delta", "alpha bravo", "closing", "nothing-like-this"])
def test_the_search_page_finds_in_the_parts_what_one_index_finds(browser: object, two_sites: tuple[str, str],
                                                                 query: str) -> None:
    in_parts, in_one = (shown(browser, base, f"/search/?q={query}") for base in two_sites)
    assert sorted(in_parts[0]) == sorted(in_one[0])
    assert in_parts[1] == in_one[1]
    expected = {"alpha": 7, "bravo": 4, "charlie delta": 0, "alpha bravo": 2, "closing": 14}.get(query)
    if expected is not None:
        assert in_one[1] == {0: "No posts found.", 1: "1 post found."}.get(expected, f"{expected} posts found.")


@pytest.mark.parametrize("label", LABELS)
def test_filtering_by_label_shows_the_same_posts_newest_first(browser: object, two_sites: tuple[str, str],
                                                             label: str) -> None:
    in_parts, in_one = (shown(browser, base, "/search/", label) for base in two_sites)
    assert in_parts == in_one
    assert len(in_one[0]) >= 4


def test_a_title_edit_remakes_only_the_part_of_its_post_not_those_of_the_posts_that_link_to_it(
        blog: SiteDir, tmp_path: Path) -> None:
    # Its neighbours and related posts show the new title, but outside what the index reads of them.
    blog.post("p7", "Post 7", "2009-03-07T10:00:00", body="Opening 7.\n\nClosing paragraph of post 7.",
              tags="[common, t1]", labels=f"[{LABELS[1]}]", author="jane", slug="post-7")  # its address stays
    blog.build()
    before = {path: path.stat().st_ino for path in (blog.out / "pagefind").rglob("*") if path.is_file()}
    edited = next(folder for folder in parts(blog) if "/2009/03/post-7/" in indexed_urls(folder))
    neighbours = [blog.text(f"2009/03/post-{n}/index.html") for n in (6, 8)]
    path = blog.root / "posts/p7.md"
    path.write_text(path.read_text().replace("title: Post 7", "title: Post seven, renamed"))
    blog.build()
    assert all("Post seven, renamed" in blog.text(f"2009/03/post-{n}/index.html") and page != blog.text(
        f"2009/03/post-{n}/index.html") for n, page in zip((6, 8), neighbours))
    after = {path: path.stat().st_ino for path in (blog.out / "pagefind").rglob("*") if path.is_file()}
    remade = {path for path in after if before.get(path) != after[path]}
    assert remade and all(path.parent in (edited, edited / "fragment", edited / "index", edited / "filter")
                          for path in remade)
    assert blog.files() == clean_build(blog, tmp_path)


def test_the_theme_shows_other_posts_on_a_posts_page_only_where_the_index_does_not_read(blog: SiteDir) -> None:
    # What the previous test relies on: neighbours, series parts and related posts are outside the
    # page's data-pagefind-body, or inside a data-pagefind-ignore.
    for number, name in ((6, "p6"), (7, "p7"), (8, "p8")):
        blog.post(name, f"Post {number}", f"2009-03-{number:02}T10:00:00", body=f"Opening {number}.",
                  tags="[common]", series="Trilogy")
    blog.build()
    page = blog.html("2009/03/post-7/index.html")
    shown = " ".join(page.itertext())
    assert all(f"Post {n}" in shown for n in (6, 8))  # as neighbours, series parts and related posts
    (body,) = page.xpath("//*[@data-pagefind-body]")
    for ignored in body.xpath(".//*[@data-pagefind-ignore]"):
        ignored.drop_tree()  # (the text after it stays)
    indexed = " ".join(body.itertext())
    assert "Post 7" in indexed and "Opening 7" in indexed
    assert not [n for n in range(1, 15) if n != 7 and re.search(rf"\bPost {n}\b", indexed)]


def test_a_part_of_the_index_is_kept_from_the_spare_folder_unless_changed_there_by_hand(
        blog: SiteDir, tmp_path: Path) -> None:
    blog.build()
    edit_body(blog)
    blog.build()  # the spare now holds the first build's index, most of it as the output has it
    untouched = next(folder for folder in parts(blog) if "/2009/03/post-2/" not in indexed_urls(folder))
    changed = blog.root / "._site.spare" / sorted((untouched / "fragment").iterdir())[0].relative_to(blog.out)
    replacement = changed.with_name("replacement")
    replacement.write_bytes(changed.read_bytes() + b"changed by hand")
    replacement.replace(changed)  # as an editor saves: a new file in its place
    path = blog.root / "posts/p2.md"
    path.write_text(path.read_text() + "\nAnother closing word.\n")
    blog.build()
    assert blog.files() == clean_build(blog, tmp_path)
