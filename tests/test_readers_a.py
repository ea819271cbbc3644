"""What a reader meets around a post and beyond it: the archived comments, the author box, the
subscribe page, and the search page."""

from __future__ import annotations

from conftest import SiteDir

COMMENT = "[{author: Ann, date: 2009-08-15, body: Thanks}]"
ARCHIVED = "These comments are archived from the old blog. New comments are closed."


def test_a_post_without_comments_has_no_comments_heading(site: SiteDir) -> None:
    site.post("quiet", "Quiet")
    site.build()
    page = site.html("2009/08/quiet/index.html")
    assert page.xpath("//section[@id='comments']") == []
    assert "0 comments" not in site.text("2009/08/quiet/index.html")


def test_comments_say_they_are_archived_from_the_old_blog(site: SiteDir) -> None:
    site.post("talked", "Talked", comments=COMMENT)
    site.build()
    section = site.html("2009/08/talked/index.html").xpath("//section[@id='comments']")[0]
    assert section.xpath("string(h2)") == "1 comment"
    assert section.xpath("string(p[@class='comments-note'])") == ARCHIVED


def test_the_archived_comments_note_is_worded_by_the_site(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\ntranslations:\n"
               f"  en:\n    '{ARCHIVED}': Imported from our WordPress years; comments are closed.\n")
    site.post("talked", "Talked", comments=COMMENT)
    site.build()
    note = site.html("2009/08/talked/index.html").xpath("string(//p[@class='comments-note'])")
    assert note == "Imported from our WordPress years; comments are closed."


AUTHOR_YAML = """\
title: Notes
url: https://example.com
authors:
  lori:
    name: Lori Budin
    avatar: /img/lori.png
    url: https://lori.example.com
    bio: >-
      Lori Budin has been the President of Channel Fundamentals, Inc. for 5 years.
      She builds channel programs.

      Her clients include VeriSign.
author: lori
"""


def test_the_author_box_after_a_post_is_short_and_leads_to_the_author_page(site: SiteDir) -> None:
    site.write("site.yaml", AUTHOR_YAML)
    site.write("static/img/lori.png", b"\x89PNG\r\n\x1a\n")
    site.post("essay", "Essay")
    site.build()
    box = site.html("2009/08/essay/index.html").xpath("//section[contains(@class, 'author-box')]")[0]
    assert box.xpath("img[@class='avatar']/@src") == ["/img/lori.png"]
    assert box.xpath("string(.//h2)") == "Lori Budin"
    assert [" ".join(p.text_content().split()) for p in box.xpath(".//p")] == [
        "Lori Budin has been the President of Channel Fundamentals, Inc. for 5 years.", "More about Lori Budin"]
    assert set(box.xpath(".//a/@href")) == {"/authors/lori/"}
    author_page = site.text("authors/lori/index.html")
    assert "She builds channel programs." in author_page and "Her clients include VeriSign." in author_page


def test_an_author_without_avatar_or_bio_gets_a_box_with_name_and_link_only(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\nauthors:\n  bo: {name: Bo}\nauthor: bo\n")
    site.post("essay", "Essay")
    site.build()
    box = site.html("2009/08/essay/index.html").xpath("//section[contains(@class, 'author-box')]")[0]
    assert box.xpath(".//img") == []
    assert [p.text_content() for p in box.xpath(".//p")] == ["More about Bo"]
