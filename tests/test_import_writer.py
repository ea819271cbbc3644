"""Post files and site.yaml as an import writes them: pure functions on text, checked by chanblog's own parser."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from chanblog.config import AuthorConfig, parse_config
from chanblog.content import parse_post
from chanblog.errors import ChanblogError
from chanblog.importers.authors import add_authors, match_authors
from chanblog.importers.records import ImportedAuthor, ImportedComment, ImportedPost
from chanblog.importers.writer import ordered_comments, plan_files

PDT = timezone(timedelta(hours=-7))
CONFIG = parse_config("title: T\nurl: https://example.com\nauthors:\n  lori: Lori Budin\n", Path("."))


def post(title: str, day: int = 14, **fields: object) -> ImportedPost:
    values: dict[str, object] = {"slug": "same", "body": "Body.\n", "line": 1, **fields}
    return ImportedPost(title=title, date=datetime(2009, 8, day, 9, 0, tzinfo=PDT), **values)  # type: ignore[arg-type]


def comment(id: str, hour: int, parent: str = "") -> ImportedComment:
    return ImportedComment(id=id, author=f"A{id}", date=datetime(2009, 8, 15, hour, tzinfo=PDT), body="Hi", parent=parent)


def test_replies_follow_what_they_answer_even_with_a_wrong_clock() -> None:
    ordered = ordered_comments([comment("1", 10), comment("3", 9, parent="2"), comment("2", 11, parent="1"),
                                comment("4", 12)])
    assert [(c.id, reply_to) for c, reply_to in ordered] == [("1", 0), ("2", 1), ("3", 2), ("4", 0)]


def test_what_an_import_writes_reads_back_the_same() -> None:
    odd = ImportedPost(
        title='yes: "2009" — 日本語 #1', date=datetime(2009, 8, 14, 9, 0, tzinfo=PDT), slug="odd", body="Body.\n", line=1,
        author=ImportedAuthor("lori", "Lori Budin"), tags=("no", "null"), labels=("a, b",), summary="'quoted' & more",
        comments=(ImportedComment("1", "Ann: reader", datetime(2009, 8, 15, 9, 0, tzinfo=PDT), "Line one.\nLine two. "),
                  ImportedComment("2", "Bo", datetime(2009, 8, 16, 9, 0, tzinfo=PDT), "Re", parent="1")))
    [planned] = plan_files([odd], CONFIG, {"lori": "lori"})
    parsed = parse_post(f"posts/{planned.name}", planned.text, CONFIG)
    assert planned.name == "2009-08-14-odd.md"
    assert parsed.title == odd.title and parsed.date == odd.date and parsed.author.key == "lori"
    assert [t.name for t in parsed.tags] == ["no", "null"] and [t.name for t in parsed.labels] == ["a, b"]
    assert parsed.summary == "'quoted' & more"
    assert [(c.author, c.body, c.reply_to) for c in parsed.comments] == [
        ("Ann: reader", "Line one.\nLine two.", 0), ("Bo", "Re", 1)]


def test_posts_that_would_share_an_address_or_a_file_get_their_own() -> None:
    planned = plan_files([post("One"), post("Two", day=20), post("Three", day=20)], CONFIG, {})
    assert [p.name for p in planned] == ["2009-08-14-same.md", "2009-08-20-same-2.md", "2009-08-20-same-3.md"]
    assert [parse_post(p.name, p.text, CONFIG).url for p in planned] == [
        "/2009/08/same/", "/2009/08/same-2/", "/2009/08/same-3/"]


def test_an_old_address_that_is_the_new_one_is_no_alias() -> None:
    [planned] = plan_files([post("One", aliases=("/2009/08/same/", "/2009/08/14/same/", "/?p=1"))], CONFIG, {})
    assert parse_post(planned.name, planned.text, CONFIG).aliases == ("/2009/08/14/same/",)


def test_authors_are_matched_by_key_or_by_name_and_the_others_added() -> None:
    existing = {"jane": AuthorConfig("jane", "Jane Doe"), "lori-b": AuthorConfig("lori-b", "Lori Budin")}
    keys, new = match_authors(existing, [ImportedAuthor("jane", "J. Doe"), ImportedAuthor("lb", "Lori Budin"),
                                         ImportedAuthor("Sam.Ortiz", "Sam Ortiz"), ImportedAuthor("sam-ortiz", "Sam O."),
                                         ImportedAuthor("jane", "J. Doe")])
    assert keys == {"jane": "jane", "lb": "lori-b", "Sam.Ortiz": "sam-ortiz", "sam-ortiz": "sam-ortiz-2"}
    assert new == {"sam-ortiz": "Sam Ortiz", "sam-ortiz-2": "Sam O."}


@pytest.mark.parametrize("text, expected", [
    ("title: T\nauthors: {}\nurl: https://example.com\n",
     "title: T\nauthors:\n  sam:\n    name: 'Sam: O'\nurl: https://example.com\n"),
    ("title: T\nurl: https://example.com", "title: T\nurl: https://example.com\nauthors:\n  sam:\n    name: 'Sam: O'\n"),
    ("authors:  # who writes\n\t\n  a:\n    name: A\n# the end\n", "authors:  # who writes\n\t\n  a:\n    name: A\n"
     "  sam:\n    name: 'Sam: O'\n# the end\n"),
])
def test_authors_are_appended_as_text(text: str, expected: str) -> None:
    assert add_authors(text, {"sam": "Sam: O"}) == expected


def test_authors_on_one_line_cannot_be_added_to() -> None:
    with pytest.raises(ChanblogError) as caught:
        add_authors("title: T\nauthors: {a: {name: A}}\n", {"sam": "Sam"})
    assert str(caught.value) == ("site.yaml:2: authors: is written on one line, so new authors cannot be added to it "
                                 "(write each author on lines of their own under 'authors:', then import again)")
