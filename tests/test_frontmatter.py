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
