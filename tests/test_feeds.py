"""Atom feeds: valid, complete, stable, and dated by their entries, never by the clock."""

from __future__ import annotations

import feedparser

from conftest import SiteDir


def parse(site: SiteDir, relative: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site.out / relative).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def blog(site: SiteDir) -> None:
    site.post("a", "Old one", "2009-01-05", tags="[marketing]", labels="[viral]", author="jane")
    site.post("b", "New one", "2009-02-05 10:30:00 -0800", tags="[marketing, sales]",
              updated="2009-03-01", body="Full *content* here.")
    site.write("posts/c.md", "---\ntitle: Commented\ndate: 2009-01-10\ncomments:\n"
               "  - {author: Ann, date: 2009-01-11, body: First!}\n"
               "  - {author: Bo, date: 2009-01-12, body: Second.}\n---\nText.\n")


def test_site_feed_has_every_post_with_full_content(site: SiteDir) -> None:
    blog(site)
    site.build()
    feed = parse(site, "feed.xml")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["New one", "Commented", "Old one"]
    newest = feed.entries[0]
    assert newest.id == "https://example.com/2009/02/new-one/"
    assert newest.link == "https://example.com/2009/02/new-one/"
    assert "<em>content</em>" in newest.content[0].value
    assert newest.published == "2009-02-05T10:30:00-08:00"
    assert [t.term for t in newest.tags] == ["marketing", "sales"]


def test_feed_updated_comes_from_newest_entry(site: SiteDir) -> None:
    blog(site)
    site.build()
    assert parse(site, "feed.xml").feed.updated == "2009-03-01T00:00:00-08:00"
    assert parse(site, "labels/viral/feed.xml").feed.updated == "2009-01-05T00:00:00-08:00"


def test_tag_label_and_author_feeds_hold_their_posts(site: SiteDir) -> None:
    blog(site)
    site.build()
    assert [e.title for e in parse(site, "tags/marketing/feed.xml").entries] == ["New one", "Old one"]
    assert [e.title for e in parse(site, "tags/sales/feed.xml").entries] == ["New one"]
    assert [e.title for e in parse(site, "labels/viral/feed.xml").entries] == ["Old one"]
    assert len(parse(site, "authors/jane/feed.xml").entries) == 3


def test_comments_feed_lists_comments_newest_first(site: SiteDir) -> None:
    blog(site)
    site.build()
    entries = parse(site, "comments.xml").entries
    assert [e.author for e in entries] == ["Bo", "Ann"]
    assert entries[0].link == "https://example.com/2009/01/commented/#comment-2"
    assert entries[0].title == "Comment on “Commented” by Bo"


def test_feed_limit_caps_entries(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nfeed_limit: 2\n")
    for day in range(1, 5):
        site.post(f"p{day}", f"Post {day}", f"2009-01-0{day}")
    site.build()
    assert [e.title for e in parse(site, "feed.xml").entries] == ["Post 4", "Post 3"]


def test_empty_site_feed_is_valid_and_dated_by_no_clock(site: SiteDir) -> None:
    site.build()
    feed = parse(site, "feed.xml")
    assert feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00+00:00"
