"""Bad input that must end in a message, never a traceback: deep HTML in an export, a new post
with no title, comment fields of the wrong kind, and a preview under a crowd of clients."""

from __future__ import annotations

import asyncio
import html
import socket
import struct
from collections import Counter
from pathlib import Path

import pytest
import yaml

from chanblog.importers.html import MAX_DEPTH, TooDeep, to_markdown, to_text
from conftest import SiteDir
from preview import start_preview

GOOD = "---\ntitle: Good\ndate: 2009-08-14\n---\nA good post.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------
# The importers on HTML nested hundreds of levels deep


def nested(tag: str, depth: int) -> str:
    return f"<{tag}>" * depth + "deep" + f"</{tag}>" * depth


def wxr(body: str, comment: str = "A kind word.", url: str = "") -> str:
    """A WordPress export of two posts: a plain one, and one with `body` and one comment."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Deep</title><link>https://deep.example.com</link>
<item><title>Fine</title><content:encoded><![CDATA[A fine post.]]></content:encoded>
  <wp:post_date>2009-08-14 09:00:00</wp:post_date><wp:post_name>fine</wp:post_name>
  <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Nested</title><content:encoded><![CDATA[{body}]]></content:encoded>
  <wp:post_date>2009-08-15 09:00:00</wp:post_date><wp:post_name>nested</wp:post_name>
  <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
  <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Ann</wp:comment_author>
    <wp:comment_author_url>{html.escape(url)}</wp:comment_author_url>
    <wp:comment_date>2009-08-16 10:00:00</wp:comment_date>
    <wp:comment_content><![CDATA[{comment}]]></wp:comment_content>
    <wp:comment_approved>1</wp:comment_approved></wp:comment></item>
</channel></rss>
"""


def blogger(body: str, comment: str = "A kind word.") -> str:
    """A Blogger export of one post with `body` and one comment."""
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:thr='http://purl.org/syndication/thread/1.0'>
<title type='text'>Deep</title>
<link rel='alternate' type='text/html' href='http://deep.blogspot.com/'/>
<entry><id>tag:blogger.com,1999:blog-1.post-2</id><published>2010-01-05T10:00:00.000-08:00</published>
  <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>
  <title type='text'>Nested</title><content type='html'>{html.escape(body)}</content>
  <link rel='alternate' type='text/html' href='http://deep.blogspot.com/2010/01/nested.html'/>
  <author><name>Lori</name></author></entry>
<entry><id>tag:blogger.com,1999:blog-1.post-3</id><published>2010-01-06T10:00:00.000-08:00</published>
  <category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>
  <thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-2'/>
  <title type='text'></title><content type='html'>{html.escape(comment)}</content>
  <author><name>Ann</name></author></entry>
</feed>
"""


DEEP_WORDPRESS = ("the post 'Nested' cannot be converted: its HTML nests elements more than 100 levels deep "
                  "(simplify the HTML of its body, excerpt and comments in WordPress, or remove the <item> "
                  "from the export)")
DEEP_BLOGGER = ("the post 'Nested' cannot be converted: its HTML nests elements more than 100 levels deep "
                "(simplify the HTML of its title, body and comments in Blogger, or remove the <entry> "
                "from the export)")


@pytest.mark.parametrize("tag", ["div", "b", "blockquote", "ul", "table", "details"])
@pytest.mark.parametrize("kind, export, line, expected", [
    ("wordpress", lambda deep: wxr(deep), 8, DEEP_WORDPRESS),
    ("wordpress", lambda deep: wxr("A plain body.", comment=deep), 8, DEEP_WORDPRESS),
    ("blogger", lambda deep: blogger(deep), 5, DEEP_BLOGGER),
    ("blogger", lambda deep: blogger("A plain body.", comment=deep), 5, DEEP_BLOGGER),
], ids=["wordpress-body", "wordpress-comment", "blogger-body", "blogger-comment"])
def test_html_nested_400_levels_deep_names_the_post_and_writes_nothing(
        site: SiteDir, tmp_path: Path, tag: str, kind: str, export, line: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.xml"
    path.write_text(export(nested(tag, 400)), encoding="utf-8")
    before = snapshot(site.root)
    result = site.run("import", kind, str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{path}:{line}: {expected}"]
    assert snapshot(site.root) == before


def test_html_nested_as_deep_as_allowed_is_imported_and_builds(site: SiteDir, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(wxr(nested("blockquote", MAX_DEPTH - 2)), encoding="utf-8")
    assert site.run("import", "wordpress", str(path)).exit_code == 0
    site.build()
    assert "deep" in site.text("2009/08/nested/index.html")


@pytest.mark.parametrize("convert", [to_markdown, to_text])
def test_the_converters_refuse_deep_html_in_linear_time(convert) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TooDeep, match="more than 100 levels deep"):
        convert(nested("div", 20_000))  # converting it took minutes, or exhausted the stack


# ---------------------------------------------------------------------------------------------
# chanblog new with no title to name the post by


@pytest.mark.parametrize("title, expected", [
    ("", "the title is empty"),
    ("   ", "the title is empty"),
    ("!!! ???", "the title \"!!! ???\" has no letter or digit to name the post's file by"),
    ("😀", "the title \"😀\" has no letter or digit to name the post's file by"),
])
def test_new_refuses_a_title_with_nothing_to_name_the_post_by(site: SiteDir, title: str, expected: str) -> None:
    before = snapshot(site.root)
    result = site.run("new", title)
    assert result.exit_code == 1
    assert result.output == f'{expected} (give the post a title, like: chanblog new "My first post")\n'
    assert snapshot(site.root) == before and not (site.root / "posts").exists()


# ---------------------------------------------------------------------------------------------
# Comment fields of the wrong kind, and commenters' addresses


def post_with_comment(field: str) -> str:
    """A post whose one comment has `field` (a `key: value` line) added to or replacing its own."""
    fields = {"author": "Ann", "date": "2009-08-15", "body": "Great point."}
    key = field.split(":", 1)[0]
    fields[key] = field.split(":", 1)[1].strip()
    lines = "\n".join(f"    {k}: {v}" if i else f"  - {k}: {v}" for i, (k, v) in enumerate(fields.items()))
    return f"---\ntitle: Flash mobs\ndate: 2009-08-14\ncomments:\n{lines}\n---\nText.\n"


AUTHOR_HINT = 'put the name in quotes, like author: "Ann, Bo"'
BODY_HINT = "put the text in quotes, or write 'body: |' and the paragraphs indented below it"
URL_HINT = "write one web address, like url: https://example.com"


@pytest.mark.parametrize("field, line, expected", [
    ("author: [a, b]", 5, f"comment 1: author must be text, not a list ({AUTHOR_HINT})"),
    ("author: {first: Ann}", 5, f"comment 1: author must be text, not a mapping ({AUTHOR_HINT})"),
    ("author: yes", 5, f"comment 1: author must be text, not true or false ({AUTHOR_HINT})"),
    ("body: {x: 1}", 7, f"comment 1: body must be text, not a mapping ({BODY_HINT})"),
    ("body: [one, two]", 7, f"comment 1: body must be text, not a list ({BODY_HINT})"),
    ("url: [https://a.example]", 8, f"comment 1: url must be text, not a list ({URL_HINT})"),
    ("url: 3", 8, "comment 1: url '3' is not a web address (start it with https://)"),
    ("date: [1]", 6, "comment 1: date [1] is not a date (use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional -0700)"),
])
def test_comment_fields_of_the_wrong_kind_are_errors_on_their_line(site: SiteDir, field: str, line: int,
                                                                   expected: str) -> None:
    site.write("posts/good.md", GOOD)
    site.build()
    before = site.files()
    site.write("posts/x.md", post_with_comment(field))
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"posts/x.md:{line}: comments: {expected}"]
    assert site.files() == before


@pytest.mark.parametrize("url, href", [
    ("www.example.com", "http://www.example.com"),
    ("example.com/ann?x=1#top", "http://example.com/ann?x=1#top"),
    ("https://ann.example.com", "https://ann.example.com"),
])
def test_a_commenters_address_without_a_scheme_is_linked_with_http(site: SiteDir, url: str, href: str) -> None:
    site.write("posts/x.md", post_with_comment(f"url: {url}"))
    site.build()
    links = site.html("2009/08/flash-mobs/index.html").xpath("//li[@id='comment-1']//a")
    assert [(a.get("href"), a.text) for a in links] == [(href, "Ann")]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "'java\tscript:alert(1)'",
                                 "data:text/html,hi", "//evil.example", "/about", "'http:'"])
def test_a_commenters_address_that_is_no_web_address_is_refused(site: SiteDir, url: str) -> None:
    site.write("posts/x.md", post_with_comment(f"url: {url}"))
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.startswith("posts/x.md:8: comments: comment 1: url '")
    assert result.output.endswith("' is not a web address (start it with https://)\n")
    assert not site.out.exists()


UNLINKED = 'Left 1 commenter unlinked: no web address ("javascript:alert(1)")'


@pytest.mark.parametrize("url, kept, said", [
    ("www.example.com", "http://www.example.com", False),
    ("https://ann.example.com", "https://ann.example.com", False),
    ("http://", None, False),  # what older WordPress stored for an empty address
    ("javascript:alert(1)", None, True),  # WordPress showed no link either: the comment is kept, unlinked
])
def test_an_imported_commenters_address_is_kept_as_a_link_or_reported(site: SiteDir, tmp_path: Path, url: str,
                                                                      kept: str | None, said: bool) -> None:
    path = tmp_path / "export.xml"
    path.write_text(wxr("A body.", url=url), encoding="utf-8")
    result = site.run("import", "wordpress", str(path))
    assert result.exit_code == 0
    assert (UNLINKED in result.output.splitlines()) == said
    [post] = (site.root / "posts").glob("*-nested.md")
    [comment] = yaml.safe_load(post.read_text(encoding="utf-8").split("---\n")[1])["comments"]
    assert comment.get("url") == kept
    site.build()
    links = site.html("2009/08/nested/index.html").xpath("//li[@id='comment-1']//a/@href")
    assert links == ([kept] if kept else [])


# ---------------------------------------------------------------------------------------------
# The preview under a crowd of clients, and clients that hang up


async def _fetch(host: str, port: int, path: str, timeout: float) -> str:
    """The status of one HTTP/1.0 GET, or the name of what went wrong."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        data = await asyncio.wait_for(reader.read(), timeout)
        writer.close()
        return data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "no answer"
    except (OSError, asyncio.TimeoutError) as exc:
        return type(exc).__name__


async def _crowd(host: str, port: int, clients: int, timeout: float) -> Counter[str]:
    return Counter(await asyncio.gather(*(_fetch(host, port, "/", timeout) for _ in range(clients))))


def test_500_concurrent_clients_are_all_answered(site: SiteDir) -> None:
    site.write("posts/good.md", GOOD)
    preview = start_preview(site.root)
    try:
        assert preview.host == "127.0.0.1"
        answers = asyncio.run(_crowd(preview.host, preview.port, 500, timeout=15))
    finally:
        code, stderr = preview.stop()
    assert answers == Counter({"200": 500})  # with a listen backlog of 5, dozens timed out
    assert (code, stderr) == (0, "")


def _hang_up(host: str, port: int, request: bytes) -> None:
    """Send a request, read a little of the answer, then reset the connection."""
    with socket.create_connection((host, port), timeout=10) as conn:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        conn.sendall(request)
        conn.recv(100)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_clients_that_hang_up_mid_answer_print_nothing(site: SiteDir) -> None:
    site.write("posts/good.md", GOOD)
    site.write("static/large.bin", b"x" * 8_000_000)
    preview = start_preview(site.root)
    try:
        for _ in range(3):
            _hang_up(preview.host, preview.port, b"GET /large.bin HTTP/1.0\r\n\r\n")
        _hang_up(preview.host, preview.port, b"GET /__chanblog/events HTTP/1.0\r\n\r\n")
        site.write("posts/good.md", GOOD.replace("A good post.", "Edited: the event stream writes again."))
        preview.wait_for_line("posts/good.md changed: ")
        assert preview.get("/").status == 200
    finally:
        code, stderr = preview.stop()
    assert (code, stderr) == (0, "")  # no "Exception occurred during processing of request", no traceback
