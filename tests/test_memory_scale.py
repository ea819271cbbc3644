"""A build of thousands of posts holds their rendered bodies only while a page or feed shows them:
each body waits in the body cache (its file, or a temporary one for bodies new in this build) and
is read back when its post's page or a feed is made, in whichever process makes it. The output is
the same as ever. (What this saves is measured by bench/run.py, not here.)"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

import lxml.etree
import pytest

from chanblog import build as build_module
from chanblog import render, sitemap
from chanblog.build import build
from chanblog.markup import POOL_THRESHOLD, EarlyRenderer, render_body
from chanblog.model import Site
from chanblog.output import POOL_THRESHOLD as PAGE_POOL_THRESHOLD
from conftest import SiteDir
from test_incremental import clean_build

POSTS = 72  # with their tag, label, author and archive pages, more files than a build makes in one process


def many_posts(site: SiteDir) -> None:
    """POSTS posts, each with a sentence of its own; every third with a code block Pygments highlights."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\ncards: false\n")
    for number in range(POSTS):
        code = "\n```python\nprint('post %d')\n```\n" % number if number % 3 == 0 else ""
        site.post(f"post-{number:02d}", f"Post {number}", f"2009-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                  body=f"The sentence of post number {number}.\n\nMore text.\n{code}", tags=f"[t{number % 7}]",
                  author="jane")


def sites_while_publishing(monkeypatch: pytest.MonkeyPatch) -> list[list[Site]]:
    """The sites a build holds, as they are when it publishes its pages (filled in by the build)."""
    seen: list[list[Site]] = []
    made: list[Site] = []
    real_sites, real_publish = build_module.build_sites, build_module.publish

    def sites(*args: Any, **kwargs: Any) -> list[Site]:
        made[:] = real_sites(*args, **kwargs)
        return made

    def publish(*args: Any, **kwargs: Any) -> Any:
        seen.append(list(made))
        return real_publish(*args, **kwargs)
    monkeypatch.setattr(build_module, "build_sites", sites)
    monkeypatch.setattr(build_module, "publish", publish)
    return seen


def test_the_posts_a_build_holds_carry_no_rendered_body_while_it_publishes(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    many_posts(site)
    seen = sites_while_publishing(monkeypatch)
    report = build(site.root, site.out, workers=2)
    assert report.rendered >= PAGE_POOL_THRESHOLD  # so the files were made by forked workers
    posts = [post for sites in seen for each in sites for post in each.published]
    assert len(posts) == POSTS and [post.source_path for post in posts if post.html] == []
    for number in range(POSTS):
        page = site.text(f"2009/{number % 12 + 1:02d}/post-{number}/index.html")
        assert f"The sentence of post number {number}." in page
        assert ("pygments.css" in page) is (number % 3 == 0)  # known without the body: kept beside it


def test_the_posts_markdown_is_let_go_before_the_build_gives_memory_back(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the build frees after `settle` stays in the process (at 100,000 posts, 400 MiB more)."""
    many_posts(site)
    drafts: list[weakref.ref[Any]] = []
    alive_when_settled: list[int] = []
    real_read, real_settle = build_module.read_sources, build_module.settle

    def read(*args: Any, **kwargs: Any) -> Any:
        sources = real_read(*args, **kwargs)
        drafts.extend(weakref.ref(draft) for draft in sources.posts)
        return sources

    def settle() -> None:
        alive_when_settled.append(sum(draft() is not None for draft in drafts))
        real_settle()
    monkeypatch.setattr(build_module, "read_sources", read)
    monkeypatch.setattr(build_module, "settle", settle)
    build(site.root, site.out)
    assert len(drafts) == POSTS
    assert alive_when_settled == [0]


def test_pages_that_list_every_post_are_made_before_the_workers_fork(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A worker that lists every post copies the memory they are in (see `jobs.Job.wide`)."""
    many_posts(site)
    monkeypatch.setattr(render, "WIDE_PAGE", POSTS // 2)  # the archives index and 2009's list all, a month a few
    made_by = tmp_path / "made-by"  # "process path" lines, from every process
    real_page, real_sitemap = render.render_page, sitemap.sitemap

    def page(*args: Any, **kwargs: Any) -> bytes:
        with made_by.open("a") as record:
            record.write(f"{os.getpid()} {args[2].url}\n")
        return real_page(*args, **kwargs)

    def whole_sitemap(*args: Any, **kwargs: Any) -> bytes:
        with made_by.open("a") as record:
            record.write(f"{os.getpid()} sitemap.xml\n")
        return real_sitemap(*args, **kwargs)
    monkeypatch.setattr(render, "render_page", page)
    monkeypatch.setattr(sitemap, "sitemap", whole_sitemap)
    build(site.root, site.out, workers=2)
    makers = dict(reversed(line.split(" ")) for line in made_by.read_text().splitlines())
    here = str(os.getpid())
    assert makers["/archives/"] == makers["/2009/"] == makers["sitemap.xml"] == here
    assert makers["/2009/03/"] != here and makers["/tags/"] != here and makers["/"] != here
    assert site.files() == clean_build(site, tmp_path / "clean")


def test_feeds_carry_the_whole_bodies_read_back(site: SiteDir) -> None:
    many_posts(site)
    site.build()
    feed = lxml.etree.fromstring((site.out / "feed.xml").read_bytes())
    contents = feed.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content")
    assert len(contents) == 20 and all("The sentence of post number" in entry.text for entry in contents)
    assert sum('class="highlight"' in entry.text for entry in contents) > 0


def test_a_site_template_showing_whole_posts_in_a_listing_gets_every_body(site: SiteDir) -> None:
    """A template that shows `post.html` of posts it lists (here the theme's list of posts, made
    to show whole posts) is not the post of a post's page: the build then keeps every body."""
    many_posts(site)
    site.write("templates/_post_list.html",
               "{% for post in paginator.posts %}<article>{{ post.html | safe }}</article>{% endfor %}\n")
    site.build()
    for listing in ("index.html", "tags/t1/index.html", "authors/jane/index.html"):
        articles = site.html(listing).xpath("//article")
        assert articles and all("The sentence of post number" in a.text_content() for a in articles), listing


def test_bodies_rendered_early_are_handed_on_as_soon_as_they_are_rendered() -> None:
    """A build's renderer gives each body to the cache as its chunk comes back, instead of
    keeping every rendering until the last post is read."""
    bodies = [(f"## Part {i}\n\nText *{i}* and `code`.\n", f"summary {i}" if i % 4 else "")
              for i in range(POOL_THRESHOLD + 40)]
    handed: dict[tuple[str, str], Any] = {}
    with EarlyRenderer(workers=2, sink=handed.__setitem__) as renderer:
        for body in bodies:
            renderer.add(body)
        renderer.finish()
        assert renderer.finished == {}
    assert handed == {(body, summary): render_body(body, summary) for body, summary in bodies}


def test_a_cold_build_leaves_no_temporary_file_in_the_cache(site: SiteDir) -> None:
    many_posts(site)
    site.build()
    names = sorted(path.name for path in (site.root / ".chanblog-cache").iterdir())
    assert [name for name in names if not name.endswith((".cache", ".json", ".log"))] == [], names
