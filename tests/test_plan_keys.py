"""Which pages an edit makes again: a page is made again when what it shows of a post changed,
and only then. A body edit that changes nothing a listing shows (title, date, excerpt, reading
time, tags…) makes the post's page and the feeds that carry the body; one that changes what a
listing shows makes those listings too; and every build's output equals a clean build's."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from chanblog import keys, render
from chanblog.build import build
from chanblog.cache import CACHE_DIR
from chanblog.model import Post
from chanblog.report import BuildReport
from conftest import SiteDir

POST = "2009/03/post-2/index.html"  # the page of the post most tests edit: posts/p2.md
MADE_EVERY_TIME = {"sitemap.xml", "robots.txt"}  # cheap files no key keeps


def blog(site: SiteDir) -> SiteDir:
    """Seven posts listed two a page, by tag, label, author, series and month; built once, then
    once more after an edit of another post, so that the edited post comes from the cache."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\ncards: false\n")
    for day in range(1, 8):
        site.post(f"p{day}", f"Post {day}", f"2009-03-0{day}", author="jane",
                  body=f"First paragraph of {day}.\n\nSecond paragraph of {day}.\n",
                  tags=f"[common, t{day % 3}]", labels="[Leadership]" if day % 2 else "[Sales]",
                  **({"series": "Run"} if day <= 3 else {}))
    site.build()
    append(site, "posts/p6.md", "A note on another post.")
    site.build()
    return site


def append(site: SiteDir, name: str, text: str) -> None:
    path = site.root / name
    path.write_text(path.read_text() + f"\n{text}\n")


def clean_build(site: SiteDir, tmp_path: Path) -> dict[str, bytes]:
    """The same sources built in a fresh folder with no cache and no previous output."""
    fresh = SiteDir(tmp_path / "fresh")
    shutil.copytree(site.root, fresh.root, ignore=shutil.ignore_patterns("_site", CACHE_DIR))
    fresh.build()
    return fresh.files()


def rebuilt(site: SiteDir) -> tuple[BuildReport, set[str]]:
    """Build again: the report, and the files whose bytes changed."""
    before = site.files()
    report = build(site.root, site.out)
    return report, {path for path, data in site.files().items() if before.get(path) != data}


def feeds_carrying(site: SiteDir, url: str) -> set[str]:
    return {path for path, data in site.files().items()
            if path.endswith(("feed.xml", "feed.json")) and url.encode() in data}


def listings_of(site: SiteDir, url: str) -> set[str]:
    """The HTML pages, other than the post's own, that link to it."""
    return {path for path, data in site.files().items()
            if path.endswith(".html") and path != POST and f'href="{url}"'.encode() in data}


def words_on(site: SiteDir, page: str) -> list[str]:
    """The word counts a page shows (of the posts it shows, in order)."""
    return site.html(page).xpath("//p[@class='byline' or @class='count']/text()")


def test_a_body_edit_that_leaves_the_excerpt_alone_makes_only_the_post_page_and_its_feeds(
        site: SiteDir, tmp_path: Path) -> None:
    blog(site)
    append(site, "posts/p2.md", "A closing sentence, after the excerpt.")
    report, changed = rebuilt(site)
    feeds = feeds_carrying(site, "/2009/03/post-2/")
    assert "A closing sentence" in site.text(POST) and {"feed.xml", "tags/common/feed.xml"} <= feeds
    assert changed <= {POST} | feeds | MADE_EVERY_TIME
    assert report.rendered <= len({POST} | feeds | MADE_EVERY_TIME), "pages that do not show the body were made"
    assert site.files() == clean_build(site, tmp_path)


def test_a_body_edit_that_changes_the_excerpt_makes_the_listings_that_show_it(site: SiteDir, tmp_path: Path) -> None:
    blog(site)
    path = site.root / "posts/p2.md"
    path.write_text(path.read_text().replace("First paragraph of 2.", "A new opening for 2."))
    report, changed = rebuilt(site)
    listings = {"index.html", "page/2/index.html", "page/3/index.html", "tags/common/page/3/index.html",
                "labels/sales/page/2/index.html", "authors/jane/page/3/index.html"}
    shown = {p for p in listings if (site.out / p).is_file() and "A new opening for 2." in site.text(p)}
    assert shown and shown <= changed
    assert report.rendered >= len(shown) + 1
    assert site.files() == clean_build(site, tmp_path)


def test_a_body_edit_that_changes_the_reading_time_makes_the_listings_that_show_it(
        site: SiteDir, tmp_path: Path) -> None:
    blog(site)
    append(site, "posts/p2.md", " ".join(["word"] * 400))  # one minute to three
    _, changed = rebuilt(site)
    assert "3 min read" in site.text("tags/t2/index.html")
    assert {"tags/t2/index.html", "labels/sales/page/2/index.html"} <= changed
    assert site.files() == clean_build(site, tmp_path)


def test_a_title_edit_updates_every_listing_the_neighbours_and_related_posts(site: SiteDir, tmp_path: Path) -> None:
    blog(site)
    listings = listings_of(site, "/2009/03/post-2/")
    path = site.root / "posts/p2.md"
    path.write_text(path.read_text().replace("title: Post 2", "title: Post two, renamed"))
    _, changed = rebuilt(site)
    assert {"2009/03/post-1/index.html", "2009/03/post-3/index.html"} <= changed  # their links to it
    now_linking = listings_of(site, "/2009/03/post-two-renamed/")
    assert listings and listings <= now_linking <= changed
    assert any("Post two, renamed" in site.text(p) for p in ("2009/03/post-5/index.html", "2009/03/post-6/index.html"))
    assert site.files() == clean_build(site, tmp_path)


def test_a_listing_template_that_shows_whole_posts_is_made_again_on_a_body_edit(
        site: SiteDir, tmp_path: Path) -> None:
    """Such a template reads `post.html` beside other posts: bodies are not left out, and a
    listing is keyed by the bodies of its posts."""
    site.write("templates/_post_list.html", "{% for post in paginator.posts %}<article>{{ post.html | safe }}"
                                            "</article>{% endfor %}\n")
    blog(site)
    append(site, "posts/p2.md", "A closing sentence, after the excerpt.")
    _, changed = rebuilt(site)
    assert "A closing sentence" in site.text("tags/t2/index.html")
    assert {"tags/t2/index.html", "labels/sales/page/2/index.html", "tags/common/page/3/index.html"} <= changed
    assert site.files() == clean_build(site, tmp_path)


def test_a_byline_that_shows_the_word_count_on_listings_is_made_again_on_a_body_edit(
        site: SiteDir, tmp_path: Path) -> None:
    """The theme's listings include _byline.html for each post they list: a site's byline that
    counts the words shows what a body edit changes on every listing of the post."""
    site.write("templates/_byline.html", '<p class="byline">{{ post.word_count }} words</p>\n')
    blog(site)
    before = words_on(site, "tags/t2/index.html")
    append(site, "posts/p2.md", "A closing sentence, after the excerpt.")
    _, changed = rebuilt(site)
    assert words_on(site, "tags/t2/index.html") != before
    assert {"tags/t2/index.html", "labels/sales/page/2/index.html"} <= changed
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_page_that_counts_its_own_words_leaves_the_listings_alone(site: SiteDir, tmp_path: Path) -> None:
    site.write("templates/post.html", "{% extends 'theme/post.html' %}{% block content %}"
                                      "<p class=\"count\">{{ post.word_count }} words</p>{{ super() }}{% endblock %}\n")
    blog(site)
    before = words_on(site, POST)
    append(site, "posts/p2.md", "A closing sentence, after the excerpt.")
    report, changed = rebuilt(site)
    feeds = feeds_carrying(site, "/2009/03/post-2/")
    assert words_on(site, POST) != before
    assert report.rendered <= len({POST} | feeds | MADE_EVERY_TIME)
    assert changed <= {POST} | feeds | MADE_EVERY_TIME
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_whose_reference_leads_elsewhere_is_listed_anew(site: SiteDir, tmp_path: Path) -> None:
    """A post with an `@/` reference in its excerpt shows the address it leads to on its listings."""
    blog(site)
    site.post("linking", "Linking", "2009-03-09", body="See [post 2](@/posts/p2.md) first.\n\nMore.\n", tags="[t2]")
    site.build()
    path = site.root / "posts/p2.md"
    path.write_text(path.read_text().replace("title: Post 2", "title: Post two, renamed"))
    build(site.root, site.out)
    assert 'href="/2009/03/post-two-renamed/"' in site.text("tags/t2/index.html")
    assert site.files() == clean_build(site, tmp_path)


def keys_worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the pages whose keys are worked out from now on, in order (filled in as they are)."""
    urls: list[str] = []
    real_page_key = render.page_key

    def working_out(digest: object, base: str, page: render.Page) -> str:
        urls.append(page.url)
        return real_page_key(digest, base, page)
    monkeypatch.setattr(render, "page_key", working_out)
    return urls


def test_a_new_build_after_a_body_edit_works_out_the_keys_of_that_posts_pages_alone(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each build runs as a new process would: no site or page is kept from the last one, only
    the page manifest, which vouches for the keys of every page but the post's and its old address's."""
    blog(site)
    path = site.root / "posts/p2.md"
    path.write_text(path.read_text().replace("date: 2009-03-02", "date: 2009-03-02\naliases: [/old/post-2.html]"))
    site.build()
    append(site, "posts/p2.md", "A closing sentence, after the excerpt.")
    worked_out = keys_worked_out(monkeypatch)
    _, changed = rebuilt(site)
    assert sorted(worked_out) == ["/2009/03/post-2/", "/old/post-2.html"]
    assert "A closing sentence" in site.text(POST)
    assert changed <= {POST} | feeds_carrying(site, "/2009/03/post-2/") | MADE_EVERY_TIME
    monkeypatch.undo()
    assert site.files() == clean_build(site, tmp_path)


def posts_digested(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source paths of the posts digested from now on, in order (filled in as they are)."""
    paths: list[str] = []
    real_know = keys.PostDigests._know

    def knowing(digests: keys.PostDigests, post: Post, apart: bool, own: bool) -> None:
        paths.append(post.source_path)
        real_know(digests, post, apart, own)
    monkeypatch.setattr(keys.PostDigests, "_know", knowing)
    return paths


@pytest.mark.parametrize("search", [False, True])
def test_a_new_build_after_a_body_edit_digests_that_post_alone(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, search: bool) -> None:
    """The manifest records how each post was shown and what it was made from: a post whose
    files are as recorded is taken at its record, not digested again (nor for search)."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + f"search: {str(search).lower()}\ncards: false\n")
    for day in range(1, 13):
        site.post(f"p{day:02}", f"Post {day}", f"2009-03-{day:02}", author="jane", body=f"The body of post {day}.\n")
    site.build()
    append(site, "posts/p03.md", "A closing sentence, after the excerpt.")
    digested = posts_digested(monkeypatch)
    _, changed = rebuilt(site)
    assert digested == ["posts/p03.md"]
    assert "A closing sentence" in site.text("2009/03/post-3/index.html")
    assert site.files() == clean_build(site, tmp_path)
    if search:
        assert any(path.startswith("pagefind/") for path in changed)  # the post's words, indexed again


def test_a_new_build_after_a_title_edit_digests_every_post(site: SiteDir, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A title is shown beside other posts (the posts before and after it): the records cannot
    vouch for the listing, and every post is digested, as in a first build."""
    blog(site)
    path = site.root / "posts/p4.md"
    path.write_text(path.read_text().replace("title: Post 4", "title: Post Four"))
    digested = posts_digested(monkeypatch)
    rebuilt(site)
    assert sorted(set(digested)) == [f"posts/p{day}.md" for day in range(1, 8)]
    assert "Post Four" in site.text("2009/03/post-3/index.html")  # its neighbour's link to it
    assert site.files() == clean_build(site, tmp_path)


def assert_each_build_equals_a_clean_build(site: SiteDir, tmp_path: Path, steps: list[Callable[[], object]]) -> None:
    """After each step, a build (as a new process makes it) writes what a clean build writes."""
    for number, step in enumerate(steps):
        step()
        build(site.root, site.out)
        assert site.files() == clean_build(site, tmp_path / str(number)), f"after step {number}"


def retitle(site: SiteDir, name: str, title: str) -> None:
    path = site.root / name
    text = path.read_text()
    path.write_text(text.replace(text.split("title: ", 1)[1].split("\n", 1)[0], title, 1))


@pytest.mark.parametrize("search", [False, True])
def test_edits_in_new_processes_one_after_another_each_equal_a_clean_build(site: SiteDir, tmp_path: Path,
                                                                           search: bool) -> None:
    """Each build takes the posts whose files are as recorded at the records the build before
    left, which itself took some at older records: after any run of edits, of bodies alone or
    of what listings show, the output is a clean build's."""
    blog(site)
    if search:
        site.write("site.yaml", (site.root / "site.yaml").read_text().replace("search: false", "search: true"))
        site.build()
    steps = [lambda: append(site, "posts/p3.md", "A first closing sentence."),
             lambda: append(site, "posts/p5.md", "Another closing sentence."),
             lambda: retitle(site, "posts/p4.md", "Post four, renamed"),
             lambda: append(site, "posts/p3.md", "A second closing sentence."),
             lambda: retitle(site, "posts/p4.md", "Post 4"),
             lambda: append(site, "posts/p4.md", "Its closing sentence."),
             lambda: (site.root / "posts/p2.md").unlink(),
             lambda: append(site, "posts/p7.md", "The newest post's closing sentence.")]
    assert_each_build_equals_a_clean_build(site, tmp_path, steps)


def test_posts_kept_as_jekyll_and_hugo_keep_them_are_taken_at_their_records(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Jekyll post (dated by its file name) and a Hugo bundle (its image beside it): a new
    build after an edit of either's body digests that post alone; one after the image changed
    cannot vouch for the listing (the image is an input of its own), and digests every post.
    Their addresses come from their file and folder names: a new title keeps them, and digests
    the post and its neighbours (which show its title) alone."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\ncards: false\n")
    jekyll, hugo = "posts/_posts/2013-05-06-welcome.md", "posts/launch/index.md"
    site.write(jekyll, "---\nlayout: post\ntitle: Welcome\ncategories: news\n---\nThe first Jekyll words.\n")
    site.write(hugo, "---\ntitle: Launch\ndate: 2014-02-03\n---\nA Hugo bundle. ![cover](cover.png)\n")
    site.write("posts/launch/cover.png", b"png-bytes")
    site.post("plain", "A plain post", "2015-01-02", body="Plain words.\n")
    site.build()
    steps = [(lambda: append(site, jekyll, "Second Jekyll words."), [jekyll]),
             (lambda: append(site, hugo, "The bundle, edited."), [hugo]),
             (lambda: site.write("posts/launch/cover.png", b"other-png-bytes"), [jekyll, hugo, "posts/plain.md"]),
             (lambda: retitle(site, jekyll, "Welcome, Renamed"), [jekyll, hugo]),
             (lambda: retitle(site, hugo, "Launch, Renamed"), [jekyll, hugo, "posts/plain.md"])]
    for number, (step, expected) in enumerate(steps):
        step()
        digested = posts_digested(monkeypatch)
        build(site.root, site.out)
        monkeypatch.undo()
        assert sorted(set(digested)) == sorted(expected), f"step {number}"
        assert site.files() == clean_build(site, tmp_path / str(number)), f"after step {number}"
    pages = b"".join(data for path, data in site.files().items() if path.endswith(".html"))
    assert b"Second Jekyll words." in pages and b"The bundle, edited." in pages
    assert b"Welcome, Renamed" in pages and b"Launch, Renamed" in pages


def slugged(site: SiteDir) -> SiteDir:
    """The blog, each post's address given (`slug:`), as a dated file name gives it: a new title keeps it."""
    for day in range(1, 8):
        path = site.root / f"posts/p{day}.md"
        path.write_text(path.read_text().replace("\ndate:", f"\nslug: post-{day}\ndate:", 1))
    site.build()
    return site


@pytest.mark.parametrize("search", [False, True])
def test_a_new_build_after_an_excerpt_edit_keys_again_only_the_pages_that_show_the_post(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, search: bool) -> None:
    """The post places no post otherwise: the records vouch for every post but it and its
    neighbours, and for every page that holds none of them, while its base key is as recorded."""
    blog(site)
    if search:
        site.write("site.yaml", (site.root / "site.yaml").read_text().replace("search: false", "search: true"))
        site.build()
    path = site.root / "posts/p4.md"
    path.write_text(path.read_text().replace("First paragraph of 4.", "A new opening for the fourth."))
    digested, worked_out = posts_digested(monkeypatch), keys_worked_out(monkeypatch)
    rebuilt(site)
    assert sorted(set(digested)) == ["posts/p3.md", "posts/p4.md", "posts/p5.md"]
    assert "/2009/03/post-4/" in worked_out and "/tags/t1/" in worked_out  # (post 4 is tagged common, t1)
    assert "/tags/t2/" not in worked_out and "/2009/03/post-7/" not in worked_out
    assert "A new opening for the fourth." in site.text("tags/t1/index.html")
    monkeypatch.undo()
    assert site.files() == clean_build(site, tmp_path)


def test_a_new_build_after_a_title_edit_that_keeps_the_address_digests_the_post_and_its_neighbours(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slugged(blog(site))
    retitle(site, "posts/p4.md", "Post Four, Renamed")
    digested, worked_out = posts_digested(monkeypatch), keys_worked_out(monkeypatch)
    rebuilt(site)
    assert sorted(set(digested)) == ["posts/p3.md", "posts/p4.md", "posts/p5.md"]
    assert {"/2009/03/post-3/", "/2009/03/post-5/", "/archives/"} <= set(worked_out)
    assert "/" not in worked_out and "/tags/" not in worked_out  # (the newest two posts; the tags and counts)
    assert "Post Four, Renamed" in site.text("2009/03/post-3/index.html")  # its neighbour's link to it
    monkeypatch.undo()
    assert site.files() == clean_build(site, tmp_path)


def test_a_new_build_after_an_excerpt_edit_a_sidebar_shows_makes_every_page_again(
        site: SiteDir, tmp_path: Path) -> None:
    """A template that shows the newest post's excerpt on every page gives each a new base key."""
    blog(site)
    site.write("templates/_sidebar.html", "<aside>{{ site.posts[0].excerpt }}</aside>\n")
    site.build()
    path = site.root / "posts/p7.md"
    path.write_text(path.read_text().replace("First paragraph of 7.", "Seven opens otherwise."))
    rebuilt(site)
    assert "Seven opens otherwise." in site.text("2009/03/post-1/index.html")
    assert site.files() == clean_build(site, tmp_path)


@pytest.mark.parametrize("search", [False, True])
def test_new_builds_after_edits_of_what_listings_show_each_equal_a_clean_build(
        site: SiteDir, tmp_path: Path, search: bool) -> None:
    slugged(blog(site))
    if search:
        site.write("site.yaml", (site.root / "site.yaml").read_text().replace("search: false", "search: true"))
        site.build()
    steps = [lambda: retitle(site, "posts/p2.md", "Two, renamed"),  # in the series `Run`
             lambda: retitle(site, "posts/p7.md", "Seven, the newest, renamed"),
             lambda: append(site, "posts/p5.md", "Longer, " + "and longer " * 600),  # its reading time
             lambda: (retitle(site, "posts/p3.md", "Three"), retitle(site, "posts/p4.md", "Four")),  # neighbours
             lambda: retitle(site, "posts/p1.md", "One, the oldest"),
             lambda: (append(site, "posts/p6.md", "A closing note."), retitle(site, "posts/p2.md", "Post 2")),
             lambda: (site.root / "posts/p4.md").unlink(),
             lambda: retitle(site, "posts/p5.md", "Five, after a post was deleted")]
    assert_each_build_equals_a_clean_build(site, tmp_path, steps)


def test_a_new_build_after_a_title_edit_makes_again_the_listings_that_show_a_neighbours_link_to_it(
        site: SiteDir, tmp_path: Path) -> None:
    """A template may show, on a listing, the title of the post after each: the neighbours of
    a post renamed are shown otherwise wherever they are listed."""
    slugged(blog(site))
    site.write("templates/_post_list.html", "{% for item in paginator.posts %}<p>{{ item.title }}, before "
                                             "{{ item.next.name if item.next else 'none' }}</p>{% endfor %}\n")
    site.build()
    retitle(site, "posts/p4.md", "Post Four, Renamed")
    rebuilt(site)
    assert "Post 3, before Post Four, Renamed" in site.text("tags/t0/index.html")  # (post 3 is tagged t0)
    assert site.files() == clean_build(site, tmp_path)
