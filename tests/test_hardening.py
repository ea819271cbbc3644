"""Bad input, one test per row of the README's "Bad input" table: each is handled, or reported as
`file:line: message (hint)` with exit status 1, no traceback, and the published site untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SiteDir

GOOD = "---\ntitle: Good\ndate: 2009-08-14\n---\nA good post.\n"


@pytest.fixture
def published(site: SiteDir) -> SiteDir:
    """A site with one good post, built: every bad input below must leave its output as it is."""
    site.write("posts/good.md", GOOD)
    site.build()
    return site


def rejected(site: SiteDir) -> list[str]:
    """Build, expect failure; return the error lines after checking nothing was published."""
    before = site.files()
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert site.files() == before, "a failed build changed the published site"
    return result.output.strip().splitlines()


def test_not_utf8(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n---\nCaf\xe9\n".encode("latin-1"))
    assert rejected(published) == ["posts/x.md:5: is not UTF-8 text (byte 0xe9) (save the file as UTF-8 in your editor)"]


def test_byte_order_mark(published: SiteDir) -> None:
    published.write("posts/x.md", "\ufeff---\ntitle: Marked\ndate: 2009-01-01\n---\nText.\n".encode("utf-8"))
    published.write("site.yaml", "\ufeff" + (published.root / "site.yaml").read_text(encoding="utf-8"))
    published.build()
    assert published.html("2009/01/marked/index.html").xpath("//h1")[0].text_content() == "Marked"


def test_windows_line_endings(published: SiteDir) -> None:
    published.write("posts/x.md", b"---\r\ntitle: Windows\r\ndate: 2009-01-01\r\n---\r\nOne.\r\n\r\nTwo.\r\n")
    published.write("posts/mac.md", b"---\rtitle: Mac\rdate: 2009-01-02\r---\rOld Mac.\r")
    published.build()
    body = published.html("2009/01/windows/index.html").xpath("//div[@class='body']/p/text()")
    assert body == ["One.", "Two."]
    assert "\r" not in published.text("2009/01/windows/index.html")
    assert published.html("2009/01/mac/index.html").xpath("//div[@class='body']/p/text()") == ["Old Mac."]
    published.write("posts/x.md", b"---\r\ntitle: Windows\r\ndate: nope\r\n---\r\n")
    assert rejected(published)[0].startswith("posts/x.md:3: date: 'nope' is not a date")


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_file(published: SiteDir, text: str) -> None:
    published.write("posts/x.md", text)
    assert rejected(published) == ["posts/x.md:1: is empty (start it with a '---' line, 'title:', 'date:' and '---', "
                                   "or delete it)"]


def test_front_matter_never_closes(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n\nThe body, but no closing line.\n")
    assert rejected(published) == ["posts/x.md:1: front matter starts on line 1 but never closes "
                                   "(add a '---' line after the last field)"]


@pytest.mark.parametrize("yaml_text, kind", [("- a\n- list", "list"), ("just text", "plain text"), ("42", "int")])
def test_yaml_not_a_mapping(published: SiteDir, yaml_text: str, kind: str) -> None:
    published.write("posts/x.md", f"---\n{yaml_text}\n---\nBody\n")
    assert rejected(published) == [f"posts/x.md:2: front matter is a {kind}, not a set of fields "
                                   "(write one 'key: value' per line)"]


def test_yaml_alias_bomb(published: SiteDir) -> None:
    lines = ["---", "title: Laughs", "date: 2009-01-01", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    published.write("posts/x.md", "\n".join(lines + ["---", "Body"]))
    [line] = rejected(published)
    assert line.startswith("posts/x.md:9: YAML aliases expand to more than 100000 values (write the values out")


def test_yaml_nested_too_deep(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: Deep\ndate: 2009-01-01\nmeta: " + "[" * 100_000 + "]" * 100_000 + "\n---\n")
    assert rejected(published) == ["posts/x.md:4: YAML nested more than 32 levels deep "
                                   "(front matter needs a few levels at most: flatten it)"]


def test_tabs_in_yaml(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\ntags:\n\t- a\n---\n")
    [line] = rejected(published)
    assert line.startswith("posts/x.md:5: invalid YAML: ")
    assert line.endswith("(YAML does not allow tabs for indentation: use spaces)")


@pytest.mark.parametrize("text, line", [("---\ntitle: X\ndate: 2009-01-01\n---\nBell \x07 here.\n", 5),
                                        ('---\ntitle: "Escaped \\x01"\ndate: 2009-01-01\n---\n', 2)])
def test_control_character(published: SiteDir, text: str, line: int) -> None:
    published.write("posts/x.md", text)
    code = "0007" if "\x07" in text else "0001"
    assert rejected(published) == [f"posts/x.md:{line}: holds the control character U+{code} "
                                   "(remove it: pages and feeds cannot contain it)"]


def test_ten_megabyte_post(published: SiteDir) -> None:
    paragraph = "A paragraph of a very long post, written over and over again.\n\n"
    published.write("posts/huge.md", "---\ntitle: Huge\ndate: 2009-01-01\n---\n" + paragraph * (10_000_000 // len(paragraph)))
    assert (published.root / "posts/huge.md").stat().st_size > 9_900_000
    [line] = rejected(published)
    passes_at = 4 + 2 * ((1_000_000 - 40) // len(paragraph)) + 1  # 40: the front matter's bytes
    assert line.startswith("posts/huge.md:")
    assert abs(int(line.split(":")[1]) - passes_at) <= 2
    assert line.endswith("is over the 1 MB a post may be: it passes that on this line "
                         "(split it into a series of posts, or put large files in static/ and link to them)")


def test_post_just_under_the_limit_is_published(published: SiteDir) -> None:
    paragraph = "Still a long post, but not too long for chanblog to publish it.\n\n"
    published.write("posts/long.md", "---\ntitle: Long\ndate: 2009-01-01\n---\n" + paragraph * (400_000 // len(paragraph)))
    published.build()
    assert len(published.html("2009/01/long/index.html").xpath("//div[@class='body']/p")) == 400_000 // len(paragraph)


def test_markdown_nested_too_deep(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: Lists\ndate: 2009-01-01\n---\n\n" + "- " * 5000 + "item\n")
    assert rejected(published) == ["posts/x.md:5: the body nests lists or quotes too deeply to render "
                                   "(keep lists and quotes to a few levels)"]
    published.write("posts/x.md", "---\ntitle: Lists\ndate: 2009-01-01\n---\n\n- one\n- two\n")
    published.build()  # the Markdown converter that gave up is not reused half-way through a document
    assert published.html("2009/01/lists/index.html").xpath("//div[@class='body']//li/text()") == ["one", "two"]


def test_symlink_out_of_posts(published: SiteDir, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(GOOD.replace("Good", "Secret"), encoding="utf-8")
    os.symlink(outside / "secret.md", published.root / "posts/linked.md")
    os.symlink(outside, published.root / "posts/folder")
    os.symlink(published.root / "posts/missing.md", published.root / "posts/broken.md")
    assert rejected(published) == [
        "posts/broken.md: is a broken link (put the post itself in posts/)",
        "posts/folder: is a link that leads outside posts/ (copy what it links to into posts/ instead of linking to it)",
        "posts/linked.md: is a link that leads outside posts/ (copy what it links to into posts/ instead of linking to it)",
        "3 errors: nothing was published.",
    ]


def test_symlink_inside_posts_is_read(published: SiteDir) -> None:
    published.write("posts/drafts/kept.md", GOOD.replace("Good", "Kept").replace("2009-08-14", "2009-08-15"))
    os.symlink(published.root / "posts/drafts/kept.md", published.root / "posts/also.md")
    assert rejected(published)[0].startswith("posts/drafts/kept.md:2: has the same URL /2009/08/kept/ as posts/also.md")


def test_slug_that_climbs_out(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\nslug: ../../etc\n---\n")
    assert rejected(published) == ["posts/x.md:4: slug: '../../etc' is not a slug "
                                   "(use letters, digits and hyphens, like my-first-post)"]
    assert not (published.root.parent / "etc").exists()


def test_alias_that_climbs_out(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\naliases: ['/a/../../../outside.html']\n---\n")
    assert rejected(published) == ["posts/x.md:4: aliases: '/a/../../../outside.html' leaves the site folder "
                                   "(write the old URL's path, like /2009/08/old.html)"]


def test_permalink_that_climbs_out(published: SiteDir) -> None:
    published.write("site.yaml", "title: T\nurl: https://example.com\npermalink: /../{year}/{slug}/\n")
    assert rejected(published) == ["site.yaml:3: permalink: '/../{year}/{slug}/' leaves the site folder "
                                   "(remove '..' and backslashes)"]


def test_date_out_of_range(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: X\ndate: 0001-01-01 00:00:00 +0100\n---\n")
    assert rejected(published) == ["posts/x.md:3: date: '0001-01-01' is too far in the past or future "
                                   "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional -0700)"]
