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
