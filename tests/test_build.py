"""A fixture site builds into the pages a blog reader expects."""

from __future__ import annotations

from conftest import SiteDir


def three_tagged_posts(site: SiteDir) -> None:
    site.post("a", "Oldest marketing", "2009-01-05", tags="[marketing]", labels="[viral]")
    site.post("b", "Middle sales", "2009-02-05", tags="sales, marketing", categories="[Leadership]")
    site.post("c", "Newest marketing", "2009-03-05", tags="[Marketing]", labels="viral, Leadership")


def test_post_page_holds_rendered_body_and_front_matter(site: SiteDir) -> None:
    site.post("lighting", "Lighting the Fuse", "2009-08-14 09:00:00 -0700",
              body="Some *emphasis* and a [link](https://example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
              author="jane", tags="[marketing]", labels="[viral]")
    site.build()
    doc = site.html("2009/08/lighting-the-fuse/index.html")
    assert doc.xpath("//h1")[0].text_content().strip() == "Lighting the Fuse"
    assert doc.xpath("//div[@class='body']//em")[0].text == "emphasis"
    assert doc.xpath("//div[@class='body']//table//td")[0].text == "1"
    assert doc.xpath("//time/@datetime")[0] == "2009-08-14T09:00:00-07:00"
    assert "August 14, 2009" in doc.xpath("//time")[0].text
    assert "Jane consults on channel strategy." in doc.xpath("//section[contains(@class, 'author-box')]")[0].text_content()


def test_tag_page_lists_exactly_its_posts_newest_first_and_paginates(site: SiteDir, links) -> None:
    three_tagged_posts(site)
    site.build()
    first = site.html("tags/marketing/index.html")
    assert first.xpath("//h1")[0].text_content() == "Posts tagged ‘marketing’"
    assert links(first, "//article[@class='summary']/h2/a") == ["Newest marketing", "Middle sales"]
    second = site.html("tags/marketing/page/2/index.html")
    assert links(second, "//article[@class='summary']/h2/a") == ["Oldest marketing"]
    assert links(site.html("tags/sales/index.html"), "//article[@class='summary']/h2/a") == ["Middle sales"]
    assert not (site.out / "tags/sales/page/2").exists()


def test_label_page_takes_labels_and_categories(site: SiteDir, links) -> None:
    three_tagged_posts(site)
    site.build()
    viral = site.html("labels/viral/index.html")
    assert viral.xpath("//h1")[0].text_content() == "Posts with label ‘viral’"
    assert links(viral, "//article[@class='summary']/h2/a") == ["Newest marketing", "Oldest marketing"]
    leadership = site.html("labels/leadership/index.html")
    assert links(leadership, "//article[@class='summary']/h2/a") == ["Newest marketing", "Middle sales"]


def test_index_pages_count_posts_per_term(site: SiteDir) -> None:
    three_tagged_posts(site)
    site.build()
    items = [li.text_content().split() for li in site.html("tags/index.html").xpath("//ul[@class='term-list']/li")]
    assert items == [["marketing", "(3)"], ["sales", "(1)"]]


def test_home_paginates_excerpts_with_read_more(site: SiteDir, links) -> None:
    site.post("a", "First", "2009-01-01", body="Intro of first.\n\n<!--more-->\n\nHidden rest.")
    site.post("b", "Second", "2009-01-02", body="Only paragraph of second.\n\nSecond paragraph.")
    site.post("c", "Third", "2009-01-03", summary="A summary from front matter.")
    site.build()
    home = site.html("index.html")
    assert links(home, "//article[@class='summary']/h2/a") == ["Third", "Second"]
    excerpts = [e.text_content().strip() for e in home.xpath("//div[@class='excerpt']")]
    assert excerpts == ["A summary from front matter.", "Only paragraph of second."]
    assert home.xpath("//p[@class='more']/a")[0].text_content().startswith("Read full post")
    page2 = site.html("page/2/index.html")
    assert [e.text_content().strip() for e in page2.xpath("//div[@class='excerpt']")] == ["Intro of first."]
    assert "Hidden rest." in site.text("2009/01/first/index.html")


def test_author_series_and_archive_pages(site: SiteDir, links) -> None:
    site.post("one", "Part one", "2008-12-10", series="Five in the Morning", author="jane")
    site.post("two", "Part two", "2008-12-11", series="Five in the Morning", author="jane")
    site.post("other", "Elsewhere", "2009-03-01")
    site.build()
    assert links(site.html("series/five-in-the-morning/index.html"), "//ol/li/a") == ["Part one", "Part two"]
    series_nav = site.html("2008/12/part-two/index.html").xpath("//nav[@class='series']")[0]
    assert "Part 2 of 2" in series_nav.text_content()
    assert links(series_nav, ".//li/a") == ["Part one", "Part two"]
    assert series_nav.xpath(".//a[@aria-current='page']/text()") == ["Part two"]
    # the site's only author is every post's author unless a post names another
    assert links(site.html("authors/jane/index.html"), "//article/h2/a") == ["Elsewhere", "Part two"]
    assert links(site.html("authors/jane/page/2/index.html"), "//article/h2/a") == ["Part one"]
    assert links(site.html("2008/index.html"), "//ul[@class='archive-list']/li/a") == ["Part two", "Part one"]
    assert links(site.html("2009/03/index.html"), "//ul[@class='archive-list']/li/a") == ["Elsewhere"]
    assert links(site.html("archives/index.html"), "//section/h2/a") == ["2009", "2008"]


def test_prev_and_next_link_neighbours_in_time(site: SiteDir) -> None:
    site.post("a", "Alpha", "2009-01-01")
    site.post("b", "Beta", "2009-01-02")
    site.post("c", "Gamma", "2009-01-03")
    site.build()
    nav = site.html("2009/01/beta/index.html").xpath("//nav[@class='prev-next']/a")
    # newest first, as on listings: the newer post is "prev", the older "next"
    assert [(a.get("rel"), " ".join(a.text_content().split())) for a in nav] == [("prev", "« Newer Gamma"),
                                                                                 ("next", "Older » Alpha")]


def test_comments_are_shown_with_count_and_dates(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: Flash mobs\ndate: 2010-09-14\ncomments:\n"
               "  - author: Ann\n    date: 2010-09-20\n    body: Great point.\n    url: https://ann.example\n"
               "  - author: Bo\n    date: 2010-09-21\n    body: Agreed.\n---\nText.\n")
    site.build()
    doc = site.html("2010/09/flash-mobs/index.html")
    assert doc.xpath("//section[@id='comments']/h2")[0].text == "2 comments"
    first = doc.xpath("//li[@id='comment-1']")[0]
    assert first.xpath(".//a/@href") == ["https://ann.example"]
    assert "September 20, 2010" in first.text_content()



def test_a_reply_links_to_the_comment_it_answers(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: Flash mobs\ndate: 2010-09-14\ncomments:\n"
               "  - {author: Ann, date: 2010-09-20, body: Great point.}\n"
               "  - {author: Cy, date: 2010-09-20, body: Elsewhere.}\n"
               "  - {author: Bo, date: 2010-09-21, body: Agreed., reply_to: 1}\n---\nText.\n")
    site.build()
    doc = site.html("2010/09/flash-mobs/index.html")
    reply = doc.xpath("//li[@id='comment-3']")[0]
    assert reply.get("class") == "comment reply"
    assert [(a.get("href"), a.text) for a in reply.xpath(".//p[@class='comment-meta']/a")] == [("#comment-1", "Ann")]
    assert "in reply to Ann" in " ".join(reply.text_content().split())
    assert doc.xpath("//li[@id='comment-2']")[0].get("class") == "comment"

def test_alias_writes_redirect_page_to_the_post(site: SiteDir) -> None:
    site.post("a", "Moved post", "2009-08-14", aliases="[/old/moved.html, 'http://old.blogspot.com/2009/08/moved/']")
    site.build()
    for old in ("old/moved.html", "2009/08/moved/index.html"):
        doc = site.html(old)
        assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.com/2009/08/moved-post/"]
        assert doc.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=/2009/08/moved-post/"]


def test_drafts_and_future_posts_only_when_asked(site: SiteDir) -> None:
    site.post("d", "A draft", "2009-01-01", draft="true")
    site.post("f", "From the future", "2999-01-01")
    site.post("p", "Published", "2009-01-02")
    site.build()
    assert not (site.out / "2009/01/a-draft").exists()
    assert not (site.out / "2999").exists()
    site.build("--drafts", "--future")
    assert site.html("2009/01/a-draft/index.html").xpath("//h1/span[@class='badge']/text()") == ["draft"]
    assert site.html("2999/01/from-the-future/index.html").xpath("//h1/span[@class='badge']/text()") == ["scheduled"]
    assert site.html("index.html").xpath("//article/h2/span[@class='badge']/text()") == ["scheduled"]
    assert site.html("2009/01/published/index.html").xpath("//h1/span") == []


def test_permalink_pattern_and_base_path_from_site_yaml(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com/blog/\npermalink: /{year}/{slug}.html\n")
    site.post("a", "Hello World", "2009-08-14", slug="hello")
    site.build()
    doc = site.html("2009/hello.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.com/blog/2009/hello.html"]
    assert site.html("index.html").xpath("//article/h2/a/@href") == ["/blog/2009/hello.html"]


def test_unicode_title_gets_a_safe_slug(site: SiteDir) -> None:
    site.post("u", "\"Café Société: «Ça marche» — 販売\"", "2009-08-14")
    site.build()
    assert (site.out / "2009/08/cafe-societe-ca-marche-fan-mai/index.html").is_file()


def test_unknown_front_matter_keys_reach_templates(site: SiteDir) -> None:
    site.write("templates/post.html", "{% extends 'theme/post.html' %}{% block title %}{{ post.meta.mood }}{% endblock %}")
    site.post("a", "Mood", "2009-08-14", mood="cheerful")
    site.build()
    assert site.html("2009/08/mood/index.html").xpath("//title")[0].text == "cheerful"


def test_static_files_and_theme_assets_are_copied(site: SiteDir) -> None:
    site.write("static/images/logo.png", b"\x89PNG fake")
    site.write("static/theme/style.css", "body { color: red; }")
    site.post("a", "Any", "2009-08-14")
    site.build()
    assert (site.out / "images/logo.png").read_bytes() == b"\x89PNG fake"
    assert (site.out / "theme/style.css").read_text() == "body { color: red; }"
    assert (site.out / "theme/pygments.css").is_file()


def test_every_page_links_its_feeds(site: SiteDir) -> None:
    site.post("a", "Tagged", "2009-08-14", tags="[marketing]")
    site.build()
    feeds = site.html("tags/marketing/index.html").xpath("//link[@rel='alternate']/@href")
    assert feeds == ["/feed.xml", "/tags/marketing/feed.xml", "/feed.json"]
    assert site.html("404.html").xpath("//link[@rel='alternate']/@href") == ["/feed.xml", "/feed.json"]


def test_closing_line_counts_pages_posts_tags_labels(site: SiteDir) -> None:
    site.post("a", "One", "2009-08-14", tags="[x, y]", labels="[z]")
    result = site.build()
    line = result.output.strip().splitlines()[-1]
    assert " 1 post, 2 tags, 1 label in " in line and line.endswith(" s")


def test_rebuild_of_unchanged_site_is_byte_identical(site: SiteDir) -> None:
    site.post("a", "One", "2009-08-14", tags="[x]", labels="[z]", author="jane")
    site.post("b", "Two", "2009-08-15", tags="[x]", comments="[{author: A, date: 2009-09-01, body: Hi}]")
    site.build()
    before = site.files()
    result = site.build()
    assert site.files() == before
    assert "0 written" in result.output


def test_plain_text_bios_and_comments_become_paragraphs(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nauthors:\n  jane:\n    name: Jane\n"
               "    bio: >-\n      First paragraph\n      wrapped.\n\n      Second paragraph.\n")
    site.write("posts/a.md", "---\ntitle: A\ndate: 2009-01-01\ncomments:\n  - author: Bo\n    date: 2009-01-02\n"
               "    body: \"Line one.\\n\\nLine two.\"\n---\nText.\n")
    site.build()
    doc = site.html("2009/01/a/index.html")
    author = site.html("authors/jane/index.html")  # the full bio; a post shows its first sentence
    assert [p.text for p in author.xpath("//section[@class='author-box']/p")][:2] == ["First paragraph wrapped.",
                                                                                      "Second paragraph."]
    assert [p.text for p in doc.xpath("//li[@id='comment-1']/p[not(@class)]")] == ["Line one.", "Line two."]
