"""Front matter parsing is pure and counts lines from the top of the file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chanblog.content import FieldError, parse_date
from chanblog.errors import ChanblogError
from chanblog.frontmatter import split_front_matter
from conftest import SiteDir

LA = ZoneInfo("America/Los_Angeles")


def test_lines_of_nested_keys_and_body_are_file_lines() -> None:
    front = split_front_matter("---\ntitle: T\ncomments:\n  - author: A\n    date: 2009-01-01\n---\n\nBody\n", "p.md")
    assert front.lines["title"] == 2
    assert front.lines["comments.0.date"] == 5
    assert front.body_line == 7
    assert front.body.strip() == "Body"


def test_bom_and_windows_line_endings_are_accepted() -> None:
    front = split_front_matter("\ufeff---\r\ntitle: T\r\n---\r\nBody\r\n", "p.md")
    assert front.data == {"title": "T"}
    assert front.body == "Body\n"


def test_anchors_and_aliases_do_not_blow_up_line_counting() -> None:
    text = "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n---\n"
    assert split_front_matter(text, "p.md").lines["c"] == 4


@pytest.mark.parametrize("value, expected", [
    ("2009-08-14 09:00:00 -0700", datetime(2009, 8, 14, 9, tzinfo=timezone(timedelta(hours=-7)))),
    ("2009-08-14T09:00:00Z", datetime(2009, 8, 14, 9, tzinfo=timezone.utc)),
    ("2009-08-14 09:00", datetime(2009, 8, 14, 9, tzinfo=LA)),
    ("2009-08-14", datetime(2009, 8, 14, tzinfo=LA)),
    ("2009-08-14 16:00:00 UTC", datetime(2009, 8, 14, 16, tzinfo=timezone.utc)),  # Jekyll sites exported from Rails
    ("2009/08/14 09:00", datetime(2009, 8, 14, 9, tzinfo=LA)),  # Pelican
    ("Fri, 14 Aug 2009 09:00:00 -0700", datetime(2009, 8, 14, 9, tzinfo=timezone(timedelta(hours=-7)))),
])
def test_date_strings_with_and_without_offsets(value: str, expected: datetime) -> None:
    assert parse_date(value, LA) == expected


def test_naive_dates_take_the_site_timezone() -> None:
    assert parse_date(datetime(2009, 8, 14, 9), LA).utcoffset() == timedelta(hours=-7)


@pytest.mark.parametrize("value", ["yesterday", "2009-13-01", 20090814, ["2009-01-01"]])
def test_what_is_not_a_date(value: object) -> None:
    with pytest.raises(FieldError):
        parse_date(value, LA)


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert split_front_matter("---\n---\nBody", "p.md").data == {}


def test_front_matter_must_open_the_file() -> None:
    with pytest.raises(ChanblogError) as caught:
        split_front_matter("\n---\ntitle: T\n---\n", "p.md")
    assert str(caught.value).startswith("p.md:1: no front matter")


# Posts copied from Jekyll (`_posts/2013-05-06-title.md`) or Hugo bundles (`2013-05-06-title/index.md`)
# often carry their date only in the file name, and write hours with one digit.
JEKYLL_POST = "---\nlayout: post\ntitle: Welcome to Jekyll!\ncategories: jekyll update\n---\nYou'll find this post.\n"


@pytest.mark.parametrize("name", ["2013-05-06-welcome-to-jekyll.md", "2013-05-06-welcome-to-jekyll/index.md",
                                  "2013/2013-05-06-welcome-to-jekyll.markdown"])
def test_a_post_without_a_date_takes_the_one_its_file_name_starts_with(site: SiteDir, name: str) -> None:
    site.write(f"posts/{name}", JEKYLL_POST)
    site.build()
    page = site.html("2013/05/welcome-to-jekyll/index.html")
    assert page.xpath("string(//article//time/@datetime)").startswith("2013-05-06T00:00:00")


@pytest.mark.parametrize("name, message", [
    ("welcome.md", "posts/welcome.md:2: 'date' is missing (add a line 'date: ...' to the front matter, or start "
                   "the file's name with the date, as Jekyll's do: 2009-08-14-title.md)"),
    ("2013-02-31-welcome.md", "posts/2013-02-31-welcome.md:2: 'date' is missing, and '2013-02-31' that the "
                              "file's name starts with is not a date (add a line 'date: ...'"),
])
def test_a_post_with_no_date_anywhere_is_an_error(site: SiteDir, name: str, message: str) -> None:
    site.write(f"posts/{name}", JEKYLL_POST)
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.startswith(message)


def test_a_date_in_front_matter_wins_over_the_file_name(site: SiteDir) -> None:
    site.write("posts/2013-05-06-welcome.md", JEKYLL_POST.replace("layout: post", "date: 2014-01-02"))
    site.build()
    assert (site.out / "2014/01/welcome/index.html").is_file()


@pytest.mark.parametrize("written, meant", [
    ("2013-05-06 5:00:00 +0200", "2013-05-06T05:00:00+02:00"),
    ("2013-05-06T5:07:00+02:00", "2013-05-06T05:07:00+02:00"),
    ("2013-05-06 9:30 -0700", "2013-05-06T09:30:00-07:00"),
])
def test_one_digit_hours_and_offsets_as_jekyll_and_hugo_take_them(site: SiteDir, written: str, meant: str) -> None:
    site.post("hour", "Hour", date=f'"{written}"')
    site.build()
    page = site.html("2013/05/hour/index.html")
    assert page.xpath("string(//article//time/@datetime)") == meant


JEKYLL_FIELDS = """\
---
layout: post
title: Moving house
date: 2013-05-06 5:00:00 +0200
category: Channel Strategy
last_modified_at: 2014-02-03
redirect_from:
  - /old/moving-house.html
  - /2013/moving/
---
The body.
"""


def test_jekyll_and_hugo_field_names_are_read_as_chanblogs(site: SiteDir) -> None:
    site.write("posts/2013-05-06-moving-house.md", JEKYLL_FIELDS)
    site.write("posts/2013-05-07-hidden.md", "---\ntitle: Hidden\npublished: false\n---\nNot yet.\n")
    site.write("posts/2013-05-08-hugo.md", "---\ntitle: Hugo\ncategories: [Sales]\nlastmod: 2015-01-01\n"
                                          "aliases: [/posts/hugo/]\n---\nA Hugo post.\n")
    site.build()
    page = site.html("2013/05/moving-house/index.html")
    assert "Moving house" in site.text("labels/channel-strategy/index.html")
    assert "2014-02-03" in page.xpath("string(//meta[@property='article:modified_time']/@content)")
    for old in ("old/moving-house.html", "2013/moving/index.html", "posts/hugo/index.html"):
        assert (site.out / old).is_file(), old
    assert not (site.out / "2013/05/hidden").exists()
    assert (site.out / "labels/sales/index.html").is_file()
    assert "2015-01-01" in site.html("2013/05/hugo/index.html").xpath(
        "string(//meta[@property='article:modified_time']/@content)")


@pytest.mark.parametrize("name, url", [
    ("2013-05-06-welcome-to-jekyll.md", "2013/05/welcome-to-jekyll/"),  # the title would give moving-house
    ("2013-05-06-welcome-to-jekyll/index.md", "2013/05/welcome-to-jekyll/"),
    ("2013-05-06-日本語の記事.md", "2013/05/日本語の記事/"),  # not transliterated: the old URL stays
    ("2013-05-06-Two words.md", "2013/05/two-words/"),  # not a slug as written: slugified
])
def test_a_dated_file_name_gives_the_slug_as_jekyll_and_hugo_take_it(site: SiteDir, name: str, url: str) -> None:
    site.write(f"posts/{name}", "---\ntitle: Moving house\n---\nThe body.\n")
    site.build()
    assert (site.out / url / "index.html").is_file()


def test_a_slug_in_front_matter_wins_over_the_file_name(site: SiteDir) -> None:
    site.write("posts/2013-05-06-welcome.md", "---\ntitle: Moving house\nslug: moved\n---\nThe body.\n")
    site.build()
    assert (site.out / "2013/05/moved/index.html").is_file()


# Hugo writes front matter in TOML between `+++` lines, or as a JSON object; Pelican as `Key: value`
# lines up to a blank line. chanblog reads each as it reads YAML, lines counted from the file's top.
HUGO_TOML = """\
+++
title = "Moving house"
date = 2013-05-06T05:00:00+02:00
lastmod = 2014-02-03
draft = false
tags = ["sales", "channels"]
categories = ["Channel Strategy"]
aliases = ["/old/moving-house.html"]
series = ["Moves"]

[params]
mood = "calm"
+++
The body.
"""

HUGO_JSON = """\
{
  "title": "Moving house",
  "date": "2013-05-06T05:00:00+02:00",
  "tags": ["sales", "channels"],
  "categories": ["Channel Strategy"],
  "aliases": ["/old/moving-house.html"]
}
The body.
"""

PELICAN = """\
Title: Moving house
Date: 2013-05-06 05:00
Modified: 2014-02-03 10:00
Category: Channel Strategy
Tags: sales, channels
Slug: moving-house
Authors: Alexis Métaireau, Bob
Summary: Short version,
    over two lines.

The body.
"""


@pytest.mark.parametrize("text", [HUGO_TOML, HUGO_JSON, PELICAN], ids=["toml", "json", "pelican"])
def test_hugo_and_pelican_front_matter_is_read_like_yaml(site: SiteDir, text: str) -> None:
    site.write("posts/moving-house.md", text)
    site.build()
    page = site.html("2013/05/moving-house/index.html")
    assert page.xpath("string(//h1)").strip() == "Moving house"
    assert page.xpath("string(//article//time/@datetime)").startswith("2013-05-06T05:00:00")
    assert "The body." in page.xpath("string(//article)")
    assert "Moving house" in site.text("tags/channels/index.html")
    assert "Moving house" in site.text("labels/channel-strategy/index.html")


def test_toml_tables_json_and_pelican_continuations_keep_their_values() -> None:
    toml = split_front_matter(HUGO_TOML, "p.md")
    assert toml.data["params"] == {"mood": "calm"} and toml.lines["lastmod"] == 4 and toml.lines["params.mood"] == 12
    assert toml.body == "The body.\n" and toml.body_line == 14
    json = split_front_matter(HUGO_JSON, "p.md")
    assert json.lines["aliases"] == 6 and json.body == "The body.\n" and json.body_line == 8
    pelican = split_front_matter(PELICAN, "p.md")
    assert pelican.data["summary"] == "Short version, over two lines." and pelican.lines["category"] == 4
    assert pelican.body == "The body.\n" and pelican.body_line == 11


@pytest.mark.parametrize("text, message", [
    ("+++\ntitle = \"A\"\ndate = 2013-05-06\ntags = [sales]\n+++\n", "p.md:4: invalid TOML: "),
    ("+++\ntitle = \"A\"\n", "p.md:1: front matter starts on line 1 but never closes (add a '+++' line"),
    ('{\n  "title": "A",\n  "date": 2013-05-06\n}\n', "p.md:3: invalid JSON: "),
    ("+++\na = " + "[" * 200 + "]" * 200 + "\n+++\n", "p.md:2: front matter nested more than 32 levels deep"),
    ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "p.md:1: front matter nested more than 32 levels deep"),
    ("Title: A\nDate: 2013-05-06\nnot a field\n\nBody\n", "p.md:3: is neither a 'Key: value' line"),
])
def test_broken_toml_json_and_pelican_headers_name_their_line(text: str, message: str) -> None:
    with pytest.raises(ChanblogError) as caught:
        split_front_matter(text, "p.md")
    assert str(caught.value).startswith(message)


def test_pelican_status_draft_is_a_draft_and_hidden_is_published(site: SiteDir) -> None:
    site.write("posts/a.md", "Title: Drafted\nDate: 2013-05-06\nStatus: draft\n\nNot yet.\n")
    site.write("posts/b.md", "Title: Hidden\nDate: 2013-05-07\nStatus: hidden\n\nAt its address.\n")
    site.write("posts/c.md", "Title: Odd\nDate: 2013-05-08\nStatus: maybe\n\nBody.\n")
    assert site.run("build").output.startswith("posts/c.md:3: status: 'maybe' is not a status (use draft or published)")
    (site.root / "posts/c.md").unlink()
    site.build()
    assert not (site.out / "2013/05/drafted").exists()
    assert (site.out / "2013/05/hidden/index.html").is_file()


@pytest.mark.parametrize("name, url, day", [
    ("2013/05/moving-house.md", "2013/05/moving-house/", "2013-05-01"),
    ("2013/05/06/moving-house.md", "2013/05/moving-house/", "2013-05-06"),
    ("2013/05/moving-house/index.md", "2013/05/moving-house/", "2013-05-01"),
    ("_posts/2013-05-06-moving-house.md", "2013/05/moving-house/", "2013-05-06"),
])
def test_dated_folders_and_jekylls_posts_folder_give_the_date_and_slug(site: SiteDir, name: str, url: str,
                                                                       day: str) -> None:
    site.write(f"posts/{name}", "---\ntitle: Moving house\n---\nThe body.\n")
    site.build()
    assert site.html(f"{url}index.html").xpath("string(//article//time/@datetime)").startswith(day)


def test_jekylls_drafts_folder_holds_drafts_and_other_underscored_folders_are_skipped(site: SiteDir) -> None:
    site.write("posts/_drafts/2013-05-06-soon.md", "---\ntitle: Soon\n---\nNot yet.\n")
    site.write("posts/_includes/2013-05-06-part.md", "---\ntitle: Part\n---\nA fragment.\n")
    site.post("real", "Real", "2013-05-07")
    site.build()
    assert not (site.out / "2013/05/soon").exists() and not (site.out / "2013/05/part").exists()
    site.build("--drafts")
    assert (site.out / "2013/05/soon/index.html").is_file()


def test_a_dated_file_without_a_title_is_titled_from_its_name_as_jekyll_does(site: SiteDir) -> None:
    site.write("posts/2013-05-06-moving-house.md", "---\nlayout: post\n---\nThe body.\n")
    site.build()
    assert site.html("2013/05/moving-house/index.html").xpath("string(//h1)").strip() == "Moving House"


@pytest.mark.parametrize("field, old", [
    ("permalink: /blog/moving-house.html", "blog/moving-house.html"),
    ("permalink: /:categories/:year/:month/:day/:title:output_ext", "2013/05/06/moving-house.html"),
    ("permalink: \"/posts/{{ page.fileSlug }}/\"", "posts/moving-house/index.html"),
    ("url: /posts/moving-house/", "posts/moving-house/index.html"),
])
def test_the_old_permalink_or_url_answers_with_a_redirect(site: SiteDir, field: str, old: str) -> None:
    site.write("posts/2013-05-06-moving-house.md", f"---\ntitle: Moving house\n{field}\n---\nThe body.\n")
    site.build()
    assert (site.out / "2013/05/moving-house/index.html").is_file()
    assert "/2013/05/moving-house/" in site.text(old)


def test_only_an_old_address_that_is_not_the_new_one_nor_another_site_redirects(site: SiteDir) -> None:
    site.write("posts/2013-05-06-a.md", "---\ntitle: A\npermalink: /2013/05/a/\n---\nThe body.\n")
    site.write("posts/2013-05-07-b.md", "---\ntitle: B\nurl: https://elsewhere.example/b/\n---\nA link post.\n")
    site.write("posts/2013-05-08-c.md", "---\ntitle: C\nurl: /old/c/\n---\nMoved.\n")
    site.build()
    assert not (site.out / "b").exists()
    assert "/2013/05/c/" in site.text("old/c/index.html")
    assert sorted(p.name for p in (site.out / "2013/05").iterdir()) == ["a", "b", "c", "index.html"]


def test_eleventys_permalink_false_writes_no_page_and_unknown_template_code_is_an_error(site: SiteDir) -> None:
    site.write("posts/2013-05-06-a.md", "---\ntitle: A\npermalink: false\n---\nNo page.\n")
    site.write("posts/2013-05-07-b.md", "---\ntitle: B\npermalink: \"/{{ page.data.x }}/\"\n---\nBody.\n")
    assert site.run("build").output.startswith(
        "posts/2013-05-07-b.md:3: permalink: '/{{ page.data.x }}/' holds template code chanblog does not fill in "
        "(write the address the post had, like /2013/05/my-post/)")
    (site.root / "posts/2013-05-07-b.md").unlink()
    site.post("c", "C", "2013-05-08")
    site.build()
    assert not (site.out / "2013/05/a").exists()


def test_other_generators_spellings_of_date_summary_series_and_image(site: SiteDir) -> None:
    site.write("posts/a.md", "---\ntitle: A\npublishDate: 2013-05-06\ndescription: The short of it.\n"
                             "series: [Moves]\nimage: {path: /img/a.png, alt: A}\n---\nBody.\n")
    site.write("posts/b.md", "---\ntitle: B\npublished: 2013-05-07\nexcerpt: B in brief.\nseries: [Moves]\n---\nBody.\n")
    site.write("static/img/a.png", b"\x89PNG\r\n\x1a\n")
    site.build()
    page = site.html("2013/05/a/index.html")
    assert page.xpath("string(//meta[@name='description']/@content)") == "The short of it."
    assert page.xpath("string(//meta[@property='og:image']/@content)").endswith("/img/a.png")
    assert "B in brief." in site.text("2013/05/b/index.html")
    assert [a.text for a in site.html("series/moves/index.html").xpath("//main//li/a")] == ["A", "B"]


def test_authors_not_declared_in_site_yaml_are_shown_by_name_and_check_warns(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\n")
    site.post("a", "A", "2013-05-06", author='"Ann Smith"')
    site.post("b", "B", "2013-05-07", author='"ann smith"')
    site.post("c", "C", "2013-05-08", author="[Bob, Carol]")
    site.build()
    assert sorted(p.name for p in (site.out / "authors").iterdir()) == ["ann-smith", "bob", "index.html"]
    assert [a.text for a in site.html("authors/ann-smith/index.html").xpath("//main//article//h2/a")] == ["B", "A"]
    result = site.run("check")
    assert result.exit_code == 0
    assert "posts/a.md:4: warning: author 'Ann Smith' is not declared in site.yaml" in result.output


def test_a_declared_author_is_found_by_key_or_name_in_any_case(site: SiteDir) -> None:
    site.post("a", "A", "2013-05-06", author="Jane")
    site.post("b", "B", "2013-05-07", author='"jane doe"')
    site.build()
    assert sorted(p.name for p in (site.out / "authors").iterdir()) == ["index.html", "jane"]
    assert "Jane Doe" in site.html("2013/05/b/index.html").xpath("string(//article)")
    assert "warning" not in site.run("check").output


@pytest.mark.parametrize("field", ["unlisted: true", "eleventyExcludeFromCollections: true", "status: hidden",
                                   "build: {list: never}"])
def test_an_unlisted_post_has_its_page_but_not_a_place_in_the_sites_listings(site: SiteDir, field: str) -> None:
    site.post("shown", "Shown", "2013-05-06", tags="[sales]")
    site.post("aside", "Aside", "2013-05-07", tags="[sales]", body="Off the list.", **dict([field.split(": ", 1)]))
    site.post("later", "Later", "2013-05-08", series="Moves")
    site.build()
    assert "Off the list." in site.text("2013/05/aside/index.html")
    for listing in ("index.html", "feed.xml", "2013/05/index.html", "2013/05/later/index.html",
                    "2013/05/shown/index.html"):
        assert "/2013/05/aside/" not in site.text(listing), listing
    assert "/2013/05/aside/" in site.text("tags/sales/index.html")


def test_two_declared_authors_whose_keys_differ_only_in_case_are_an_error_on_their_line(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nauthors:\n  jane:\n    name: Jane\n"
                            "  Jane:\n    name: Jane B\n")
    site.post("a", "A", "2013-05-06", author="jane")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.output.startswith("site.yaml:6: authors.Jane: 'Jane' and 'jane' would share the page "
                                    "/authors/jane/ (give each author a key that differs in more than case")


def test_a_page_bundles_files_are_published_beside_its_post(site: SiteDir) -> None:
    site.write("posts/trail-map/index.md", "+++\ntitle = \"Trail map\"\ndate = 2013-05-06\n+++\n"
                                           "![the route](route.png) and [the track](gpx/track.gpx)\n")
    site.write("posts/trail-map/route.png", b"\x89PNG\r\n\x1a\n")
    site.write("posts/trail-map/gpx/track.gpx", "<gpx/>\n")
    site.write("posts/trail-map/notes.md", "---\ntitle: Notes\ndate: 2013-05-07\n---\nA post of its own.\n")
    site.write("posts/drafted/index.md", "---\ntitle: Drafted\ndate: 2013-05-08\ndraft: true\n---\n![x](x.png)\n")
    site.write("posts/drafted/x.png", b"\x89PNG\r\n\x1a\n")
    assert site.run("check").exit_code == 0
    site.build()
    assert (site.out / "2013/05/trail-map/route.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert (site.out / "2013/05/trail-map/gpx/track.gpx").is_file()
    assert not (site.out / "2013/05/trail-map/notes.md").exists()
    assert (site.out / "2013/05/notes/index.html").is_file()
    assert not (site.out / "2013/05/drafted").exists()


def test_pelicans_links_to_files_and_dated_posts_lead_where_they_are_published(site: SiteDir) -> None:
    site.write("posts/python/2020-04-05-packaging-notes.md", "Title: Packaging notes\n\nNotes.\n")
    site.write("posts/practice.md", "Title: In practice\nDate: 2020-04-06\n\nThe [notes]({filename}/python/"
                                   "2020-04-05-packaging-notes.md#tools) and ![the pipeline]({static}/images/p.png).\n")
    site.write("static/images/p.png", b"\x89PNG\r\n\x1a\n")
    assert site.run("check").exit_code == 0
    site.build()
    page = site.html("2020/04/in-practice/index.html")
    assert page.xpath("//article//a[.='notes']/@href") == ["/2020/04/packaging-notes/#tools"]
    assert page.xpath("//article//img/@src") == ["/images/p.png"]


def test_eleventys_file_times_are_no_date_and_the_error_says_why(site: SiteDir) -> None:
    site.write("posts/fourth-post/fourth-post.md", "---\ntitle: Fourth\ndate: Last Modified\n---\nBody.\n")
    assert site.run("build").output.startswith(
        "posts/fourth-post/fourth-post.md:3: date: 'Last Modified' is Eleventy's word for the file's own time, "
        "which copies and clones do not keep (write the post's date, like date: 2019-03-01)")


def test_the_name_in_a_permalink_is_the_file_name_as_hugo_and_eleventy_make_urls(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "permalink: /posts/{name}/\n")
    site.write("posts/gear-list.md", "---\ntitle: What I carry\ndate: 2021-01-05\n---\nA list.\n")
    site.write("posts/trail-map/index.md", "---\ntitle: The map\ndate: 2021-01-06\n---\nA map.\n")
    site.write("posts/2021-01-07-winter.md", "---\ntitle: Winter camping\n---\nCold.\n")
    site.write("posts/other.md", "---\ntitle: Other\ndate: 2021-01-08\nslug: chosen\n---\nSlugged.\n")
    site.build()
    for name in ("gear-list", "trail-map", "2021-01-07-winter", "chosen"):
        assert (site.out / f"posts/{name}/index.html").is_file(), name


def test_a_permalink_needs_the_slug_or_the_name(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "permalink: /posts/{year}/\n")
    site.post("a", "A", "2021-01-05")
    assert site.run("build").output.startswith(
        "site.yaml:11: permalink: '/posts/{year}/' is not a post URL pattern (start with '/', include {slug} or "
        "{name}; you may use {year}, {month}, {day}, {categories}, {lang})")


def test_categories_in_a_permalink_make_jekylls_urls_and_keep_translations_apart(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text()
               + "permalink: /{categories}/{year}/{month}/{day}/{slug}.html\n")
    site.write("posts/_posts/2015-03-01-release.md", "---\ntitle: Release\ncategories: Software News\n---\nOut.\n")
    site.write("posts/de/_posts/2015-03-01-release.md", "---\ntitle: Release\n---\nDraußen.\n")
    site.write("posts/_posts/2015-03-02-plain.md", "---\ntitle: Plain\n---\nNo category.\n")
    site.write("posts/_posts/2015-03-03-odd.md", "---\ntitle: Odd\ncategories: [\"../up\", \"a:b\"]\n---\nOdd.\n")
    site.build()
    for page in ("software/news/2015/03/01/release.html", "de/2015/03/01/release.html", "2015/03/02/plain.html",
                 "up/a-b/2015/03/03/odd.html"):
        assert (site.out / page).is_file(), page


def test_a_post_in_another_language_goes_under_its_languages_folder_and_says_its_language(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "permalink: /{year}/{month}/{slug}.html\n")
    site.write("posts/practice.md", "Title: In practice\nDate: 2020-03-01\nSlug: practice\n\nEnglish.\n")
    site.write("posts/practice-de.md", "Title: In practice\nDate: 2020-03-01\nSlug: practice\nLang: de\n\nDeutsch.\n")
    site.write("posts/first-snow.fr.md", "---\ntitle: Première neige\ndate: 2019-10-12\n---\nFrançais.\n")
    site.write("posts/first-snow.md", "---\ntitle: First snow\ndate: 2019-10-12\n---\nEnglish.\n")
    site.write("posts/en-us.md", "---\ntitle: Color\ndate: 2019-10-13\nlang: en-US\n---\nSame language.\n")
    site.build()
    assert site.html("de/2020/03/practice.html").xpath("string(//article/@lang)") == "de"
    assert "English." in site.text("2020/03/practice.html")
    assert "Français." in site.text("fr/2019/10/premiere-neige.html")
    assert "English." in site.text("2019/10/first-snow.html")
    assert (site.out / "2019/10/color.html").is_file()


@pytest.mark.parametrize("written, hint", [("zh_cn", "write zh-CN"), ("english", "write en"),
                                           ("toolongtag", "write a language tag like en, fr or pt-BR")])
def test_a_language_that_is_no_language_tag_is_an_error_with_the_tag_to_write(site: SiteDir, written: str,
                                                                             hint: str) -> None:
    site.post("a", "A", "2020-03-01", lang=written)
    assert site.run("build").output.startswith(f"posts/a.md:4: lang: '{written}' is not a language tag ({hint})")
