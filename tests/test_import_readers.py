"""Reading exports: every post, date, term, comment and old address of the fixture exports, and the errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chanblog.errors import BuildFailed, ChanblogError
from chanblog.importers.blogger import read_blogger
from chanblog.importers.records import Export, ImportedPost
from chanblog.importers.wordpress import read_wxr

DATA = Path(__file__).parent / "data" / "import"
LA = ZoneInfo("America/Los_Angeles")
PDT = timezone(timedelta(hours=-7))


def wxr(name: str = "wordpress-wxr12.xml") -> Export:
    return read_wxr(DATA / name, name, LA)


def by_title(export: Export) -> dict[str, ImportedPost]:
    return {post.title: post for post in export.posts}


def test_wxr_posts_of_every_status_and_what_is_skipped() -> None:
    export = wxr()
    assert [(p.title[:12], p.draft) for p in export.posts] == [
        ("Lighting the", False), ("Café Société", False), ("Shortcodes, ", False), ("Half-written", True),
        ("Waiting for ", True), ("Only for me", True), ("Members only", True)]
    assert export.drafts == {"draft": 1, "pending review": 1, "private": 1, "password-protected": 1}
    assert export.skipped == {"trashed post": 1, "attachment": 3, "revision": 1}
    assert len(export.pages) == 1
    assert export.comments_left_out == {"awaiting approval": 1, "spam": 1, "on pages": 1,
                                        "on trashed posts": 1}
    assert export.site.title == "Channel Notes (old)" and export.site.url == "https://oldblog.example.com"


def test_wxr_fields_of_a_published_post() -> None:
    post = by_title(wxr())["Lighting the Fuse"]
    assert post.date == datetime(2009, 8, 14, 9, 0, tzinfo=PDT) and post.date.utcoffset() == timedelta(hours=-7)
    assert post.updated == datetime(2009, 8, 20, 10, 15, tzinfo=PDT)
    assert (post.author.login, post.author.name) == ("lori", "Lori Budin")
    assert post.slug == "lighting-the-fuse"
    assert post.tags == ("sneezers", "viral") and post.labels == ("Social Media", "Sales & Marketing")
    assert post.summary == "What flash mobs teach channel leaders."
    assert post.image == "https://oldblog.example.com/wp-content/uploads/2009/08/fuse.jpg"
    assert post.aliases == ("/2009/08/14/lighting-the-fuse/",)
    assert not post.sticky and post.line == 34
    assert "<!--more-->" in post.body and "## What makes the leader" in post.body


def test_wxr_unicode_sticky_and_unpublished_posts() -> None:
    posts = by_title(wxr())
    cafe = posts["Café Société: “Quotes” & <Brackets> — 日本語 🎉"]
    assert cafe.sticky and cafe.tags == ("ünïcödé",) and "עברית and 日本語" in cafe.body
    draft = posts["Half-written thoughts"]
    assert draft.date == datetime(2009, 10, 2, 14, 0, tzinfo=LA) and draft.slug == "half-written-thoughts"
    assert draft.aliases == ()  # its address was /?p=4, which a static site cannot serve
    assert posts["Members only"].draft and posts["Members only"].aliases == ("/2009/10/10/members-only/",)


def test_wxr_comments_keep_threads_and_leave_out_the_unapproved() -> None:
    comments = by_title(wxr())["Lighting the Fuse"].comments
    assert [(c.id, c.author, c.parent) for c in comments] == [
        ("11", "Ann Reader", ""), ("12", "Lori Budin", "11"), ("14", "Bob & <Co>", ""), ("16", "Ann Reader", "12"),
        ("17", "Partner Weekly", "")]
    ann, _, bob, _, pingback = comments
    assert ann.body == "Great post!\nI wrote my own take (http://ann.example.com/fuse) on it."
    assert ann.url == "http://ann.example.com" and ann.date == datetime(2009, 8, 15, 10, 0, tzinfo=PDT)
    assert bob.url == ""  # a javascript: address is no web address
    assert pingback.body == "[…] Lori Budin on flash mobs and channel leaders […]"


def test_wxr_1_1_namespaces_percent_encoded_slugs_and_local_times() -> None:
    export = wxr("wordpress-wxr11.xml")
    japanese, untitled = export.posts
    assert japanese.title == "日本語のポスト" and japanese.slug == "日本語"
    assert japanese.aliases == ("/2008/03/%e6%97%a5%e6%9c%ac%e8%aa%9e/",)
    assert japanese.date.utcoffset() == timedelta(hours=9)
    assert japanese.labels == ("日本",) and japanese.tags == ("Tokyo",)  # the post format is no label
    assert (japanese.author.login, japanese.author.name) == ("jdoe", "Jane Doe")
    [kenji] = japanese.comments
    assert kenji.date == datetime(2008, 3, 11, 9, 0, tzinfo=LA) and kenji.url == ""
    assert "<figcaption>Tokyo, at night</figcaption>" in japanese.body
    assert (untitled.title, untitled.slug) == ("Untitled", "untitled")


def test_blogger_posts_labels_drafts_and_old_addresses() -> None:
    export = read_blogger(DATA / "blogger.xml", "blogger.xml", LA)
    fuse, cafe, draft = export.posts
    assert fuse.title == "Lighting the Fuse" and fuse.labels == ("Social Media", "Sales & Marketing")
    assert fuse.date == datetime(2009, 8, 14, 9, 0, tzinfo=PDT) and fuse.slug == "lighting-fuse"
    assert fuse.aliases == ("/2009/08/lighting-fuse.html",) and fuse.author.name == "Lori Budin"
    assert cafe.title == "Café Société: “Quotes” & <Brackets> — 日本語 🎉" and cafe.labels == ("ünïcödé",)
    assert draft.draft and draft.aliases == () and draft.slug == "half-written-thoughts"
    assert export.skipped == {"blog setting": 2, "template": 1} and len(export.pages) == 1
    assert export.comments_left_out == {"removed": 1, "on pages": 1}
    assert export.site.url == "http://channelfundamentals.blogspot.com/"


def test_blogger_comment_replies_skip_removed_comments() -> None:
    fuse = read_blogger(DATA / "blogger.xml", "blogger.xml", LA).posts[0]
    assert [(c.id, c.author, c.parent) for c in fuse.comments] == [
        ("3001", "Ann Reader", ""), ("3002", "Lori Budin", "3001"), ("3004", "Anonymous", "")]
    assert fuse.comments[0].body == "Great post!\nI wrote my own take (http://ann.example.com/fuse)."
    assert fuse.comments[2].body == 'Replying to a comment that is gone: 5 < 6 & "quotes"'


def test_a_truncated_export_names_its_last_line() -> None:
    with pytest.raises(ChanblogError) as caught:
        wxr("wordpress-truncated.xml")
    assert str(caught.value) == ("wordpress-truncated.xml:29: ends before the export does: CData section not finished "
                                 "(the file looks cut short: download or export it again)")


def test_malformed_xml_in_the_middle_names_its_line(tmp_path: Path) -> None:
    text = (DATA / "wordpress-wxr12.xml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("<title>Channel Notes (old)</title>", "<title>Notes & more</title>"), encoding="utf-8")
    with pytest.raises(ChanblogError) as caught:
        read_wxr(broken, "broken.xml", LA)
    assert str(caught.value).startswith("broken.xml:13: not well-formed XML: xmlParseEntityRef: no name")


def test_items_without_dates_are_all_reported() -> None:
    with pytest.raises(BuildFailed) as caught:
        wxr("wordpress-undated.xml")
    assert [str(e).split(" (give")[0].split(" (remove")[0] for e in caught.value.errors] == [
        "wordpress-undated.xml:23: this comment has no date (wp:comment_date)",
        "wordpress-undated.xml:33: this post has no date (wp:post_date)"]


@pytest.mark.parametrize("read, name, expected", [
    (read_wxr, "blogger.xml", "blogger.xml:3: is not a WordPress export (no WXR <rss> with the wp: namespace) "
                              "(for a Blogger export run: chanblog import blogger FILE)"),
    (read_blogger, "wordpress-wxr11.xml", "wordpress-wxr11.xml:10: is not a Blogger export (no Atom <feed>) "
                                          "(for a WordPress export run: chanblog import wordpress FILE)"),
])
def test_the_wrong_kind_of_export_says_which_command_reads_it(read, name: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChanblogError) as caught:
        read(DATA / name, name, LA)
    assert str(caught.value) == expected


def test_an_empty_file_is_no_export(tmp_path: Path) -> None:
    (tmp_path / "empty.xml").write_bytes(b"")
    with pytest.raises(ChanblogError) as caught:
        read_blogger(tmp_path / "empty.xml", "empty.xml", LA)
    assert str(caught.value) == "empty.xml:1: is empty: it holds no XML (export the blog again)"
