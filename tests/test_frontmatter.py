"""Front matter parsing is pure and counts lines from the top of the file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chanblog.content import FieldError, parse_date
from chanblog.errors import ChanblogError
from chanblog.frontmatter import split_front_matter

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
