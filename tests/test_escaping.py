"""Whatever comes from front matter or site.yaml is escaped in pages and feeds."""

from __future__ import annotations

import feedparser

from conftest import SiteDir

EVIL = "<script>alert(1)</script>"


def test_script_in_title_tags_and_names_is_escaped_everywhere(site: SiteDir) -> None:
    site.write("site.yaml", f"title: 'Site {EVIL}'\nurl: https://example.com\n"
               f"authors:\n  x:\n    name: 'Eve {EVIL}'\n    bio: 'Bio {EVIL}'\n")
    site.write("posts/evil.md", f"---\ntitle: 'Title {EVIL}'\ndate: 2009-08-14\nauthor: x\n"
               f"tags: ['tag {EVIL}']\nlabels: ['label {EVIL}']\nsummary: 'Summary {EVIL}'\n"
               f"comments:\n  - {{author: 'Commenter {EVIL}', date: 2009-08-15, body: 'Body {EVIL}'}}\n"
               f"  - {{author: 'Replier', date: 2009-08-16, body: 'Reply', reply_to: 1}}\n---\nSafe body.\n")
    site.build()
    for path, data in site.files().items():
        if path.endswith((".html", ".xml")):
            assert b"<script>alert" not in data, path  # (the theme's own inline script is no payload)
    feed = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert feed.entries[0].title == f"Title {EVIL}"
    heading = site.html("2009/08/title-script-alert-1-script/index.html").xpath("//h1")[0]
    assert heading.text_content() == f"Title {EVIL}"


def test_raw_html_in_the_body_is_kept_because_authors_are_trusted(site: SiteDir) -> None:
    site.post("a", "Embed", "2009-08-14", body='<div class="video">clip</div>\n\nText.')
    site.build()
    assert site.html("2009/08/embed/index.html").xpath("//div[@class='video']")[0].text == "clip"
