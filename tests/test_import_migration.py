"""Moving a WordPress or Blogger blog: a fresh import passes `check`, builds valid pages, keeps every
old address and every word; `--media` brings the old blog's files along, and only those.

The old blog is a local HTTP server; the fixture exports are written in the shape of WordPress's
theme unit test and block-editor test data and of a Blogger backup, and their addresses are
pointed at the server before each import.
"""

from __future__ import annotations

import http.server
import mimetypes
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml import etree

from chanblog import urls
from chanblog.config import load_config
from chanblog.content import read_posts
from chanblog.importers import media
from chanblog.importers.media import FetchError, Limits, local_path
from chanblog.model import Post
from conftest import SiteDir
from sitecheck import SiteLinks
from test_import_roundtrip import CONTENT, export_side, page_side
from test_validity import nu_check

DATA = Path(__file__).parent / "data" / "import"
THEME = DATA / "wordpress-theme-unit.xml"
BLOCKS = DATA / "wordpress-blocks.xml"
BLOGGER = DATA / "blogger-migration.xml"
THEME_HOST = "https://themetest.example.com"
BLOG_HOST = "https://lakenotes.blogspot.com"
WP = "{http://wordpress.org/export/1.2/}"
ATOM = "{http://www.w3.org/2005/Atom}"

UPLOADS = {
    "/wp-content/uploads/2013/03/image-alignment-150x150.jpg": b"\xff\xd8\xff\xe0 150x150",
    "/wp-content/uploads/2013/03/image-alignment-300x200.jpg": b"\xff\xd8\xff\xe0 300x200",
    "/wp-content/uploads/2010/08/boat.jpg": b"\xff\xd8\xff\xe0 boat",
    "/wp-content/uploads/2010/08/golden-gate.jpg": b"\xff\xd8\xff\xe0 golden gate",
    "/wp-content/uploads/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3": b"ID3 blues",
    "/wp-content/uploads/2010/06/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
}
BLOGGER_FILES = {
    "/-Xy1/TkQ/AAAA/s1600/boat-at-dawn.jpg": b"\xff\xd8\xff\xe0 big boat",
    "/-Xy1/TkQ/AAAA/s320/boat-at-dawn.jpg": b"\xff\xd8\xff\xe0 small boat",
    "/img/b/R29vZ2xl/AVvXsEh/s400/mist.png": b"\x89PNG\r\n\x1a\n mist",
    "/-Qw2/TkR/BBBB/s1600/mist-map.pdf": b"%PDF-1.4 map",
    "/images/buoy.gif": b"GIF89a buoy",
}


# ---------------------------------------------------------------------------------------------
# The old blog, on 127.0.0.1


Answer = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class OldBlog:
    """A web server standing in for the old blog: `files` by path, `answers` for anything odder."""

    url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # every address asked for, as the request named it

    def handler(blog: OldBlog) -> type[http.server.BaseHTTPRequestHandler]:  # noqa: N805 - the server's view
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                blog.asked.append(self.path)
                path = urlsplit(self.path).path
                if path in blog.answers:
                    blog.answers[path](self)
                elif path in blog.files:
                    send(self, 200, blog.files[path], mimetypes.guess_type(path)[0] or "application/octet-stream")
                else:
                    send(self, 404, b"<h1>Not found</h1>", "text/html")

            def log_message(self, *args: object) -> None:
                pass
        return Handler


def send(handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes, kind: str,
         length: bool = True, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except OSError:  # the importer gave up on this one
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up mid-answer is what the slow-file test is about


@pytest.fixture
def old_blog(monkeypatch: pytest.MonkeyPatch) -> Iterator[OldBlog]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    blog = OldBlog()
    server = _Server(("127.0.0.1", 0), blog.handler())
    blog.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield blog
    server.shutdown()
    server.server_close()


def pointed_at(export: Path, folder: Path, **hosts: str) -> Path:
    """A copy of `export` whose addresses on each old host (keyword: old=new) lead to the new one."""
    text = export.read_text(encoding="utf-8")
    for old, new in hosts.items():
        text = text.replace(old, new)
    copy = folder / export.name
    copy.write_text(text, encoding="utf-8")
    return copy


def imported(site: SiteDir, kind: str, export: Path, *options: str) -> list[str]:
    result = site.run("import", kind, str(export), *options)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


# ---------------------------------------------------------------------------------------------
# What a moved blog must be: checked, valid, every old address answering, every word there


def old_addresses(export: Path) -> dict[str, str]:
    """title -> old address of each published post, read from the export with lxml alone."""
    root = etree.parse(str(export)).getroot()
    if root.tag == "rss":
        return {item.findtext("title") or "": item.findtext("link") or "" for item in root.iter("item")
                if item.findtext(f"{WP}post_type") == "post" and item.findtext(f"{WP}status") == "publish"}
    found = {}
    for entry in root.iter(f"{ATOM}entry"):
        if any(c.get("term", "").endswith("#post") for c in entry.iter(f"{ATOM}category")):
            link = next(a.get("href") for a in entry.iter(f"{ATOM}link") if a.get("rel") == "alternate")
            found[entry.findtext(f"{ATOM}title") or ""] = link or ""
    return found


def exported_bodies(export: Path) -> dict[str, str]:
    root = etree.parse(str(export)).getroot()
    if root.tag == "rss":
        return {item.findtext("title") or "": item.findtext(CONTENT) or "" for item in root.iter("item")
                if item.findtext(f"{WP}post_type") == "post"}
    return {entry.findtext(f"{ATOM}title") or "": entry.findtext(f"{ATOM}content") or ""
            for entry in root.iter(f"{ATOM}entry")
            if any(c.get("term", "").endswith("#post") for c in entry.iter(f"{ATOM}category"))}


def posts_of(site: SiteDir) -> dict[str, Post]:
    return {draft.post.title: draft.post for draft in read_posts(load_config(site.root))}


def answers_as(site: SiteDir, address: str) -> str:
    """The URL of the page the built site shows at an old address: a redirect's target, else the
    page's own (canonical) URL."""
    path = urls.alias_path(load_config(site.root), address)
    assert path and (site.out / path).is_file(), f"{address} answers nothing"
    doc = site.html(path)
    refresh = doc.xpath("//meta[@http-equiv='refresh']/@content")
    if refresh:
        return refresh[0].split("url=", 1)[1]
    return doc.xpath("string(//link[@rel='canonical']/@href)")


def assert_moved(site: SiteDir, export: Path, summary: list[str]) -> None:
    """check exits 0; the build passes the Nu checker and the link check; every old address of a
    post answers with it (or the summary names it as left out); every post keeps its words."""
    checked = site.run("check")
    assert checked.exit_code == 0, checked.output
    site.build()
    config = load_config(site.root)
    assert SiteLinks(site.out, config.url).broken() == []
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr
    posts = posts_of(site)
    for title, address in old_addresses(export).items():
        if not any(f"old address {urlsplit(address).path} left out" in line for line in summary):
            assert answers_as(site, address) in (posts[title].url, urls.absolute_url(config, posts[title].url)), title
    for title, body in exported_bodies(export).items():
        want_text = export_side(body, "https://old.example/")[0]
        assert page_side(site, posts[title].url)[0] == want_text, title


def test_a_fresh_wordpress_import_with_media_passes_check_and_builds_valid(tmp_path: Path, old_blog: OldBlog) -> None:
    old_blog.files.update(UPLOADS)
    export = pointed_at(THEME, tmp_path, **{THEME_HOST: old_blog.url})
    site = SiteDir(tmp_path / "site")
    summary = imported(site, "wordpress", export, "--media")
    assert "Media: 6 saved in static/, 0 already there, 0 left as they were, 0 not fetched" in summary
    for path, data in UPLOADS.items():
        assert (site.root / "static" / path.lstrip("/")).read_bytes() == data
    assert_moved(site, export, summary)


def test_a_wordpress_import_into_a_site_passes_check_and_builds_valid(site: SiteDir) -> None:
    summary = imported(site, "wordpress", THEME)
    assert_moved(site, THEME, summary)


def test_a_fresh_blogger_import_with_media_passes_check_and_builds_valid(tmp_path: Path, old_blog: OldBlog,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Blogger's image hosts are reached through a proxy that is the test's server."""
    old_blog.files.update(BLOGGER_FILES)
    monkeypatch.setenv("http_proxy", old_blog.url)
    image_hosts = ("1.bp.blogspot.com", "2.bp.blogspot.com", "blogger.googleusercontent.com")
    export = pointed_at(BLOGGER, tmp_path, **{BLOG_HOST: old_blog.url},
                        **{f"https://{host}": f"http://{host}" for host in image_hosts})
    site = SiteDir(tmp_path / "site")
    summary = imported(site, "blogger", export, "--media")
    assert "Media: 5 saved in static/, 0 already there, 0 left as they were, 0 not fetched" in summary
    static = site.root / "static"
    assert (static / "media/1.bp.blogspot.com/-Xy1/TkQ/AAAA/s1600/boat-at-dawn.jpg").read_bytes() == \
        BLOGGER_FILES["/-Xy1/TkQ/AAAA/s1600/boat-at-dawn.jpg"]
    assert (static / "media/blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh/s400/mist.png").is_file()
    assert (static / "images/buoy.gif").read_bytes() == b"GIF89a buoy"  # the blog's own host keeps its path
    assert "http://1.bp.blogspot.com/-Xy1/TkQ/AAAA/s320/boat-at-dawn.jpg" in old_blog.asked
    assert_moved(site, export, summary)
    body = site.html("2011/07/boats-at-dawn/index.html").xpath("//div[@class='body']")[0]
    assert body.xpath(".//img/@src") == ["/media/1.bp.blogspot.com/-Xy1/TkQ/AAAA/s320/boat-at-dawn.jpg",
                                         "/media/blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh/s400/mist.png"]


def test_a_blogger_import_into_a_site_passes_check_and_builds_valid(site: SiteDir) -> None:
    summary = imported(site, "blogger", BLOGGER)
    assert_moved(site, BLOGGER, summary)
    body = site.html("2011/07/boats-at-dawn/index.html").xpath("//div[@class='body']")[0]
    assert body.xpath("string(.//pre)") == "the knot: over, under, through\nand pull <tight>\n"
    assert body.xpath(".//kbd/text()") == ["Start", "Choke"]
    assert body.xpath(".//ol[@reversed]/li/text()") == ["Three", "Two", "One"]
    assert not any("kept as text" in line for line in summary)  # [simple boat] is prose


def test_old_addresses_where_chanblog_has_its_own_pages_are_left_out_and_named(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "site")
    summary = imported(site, "wordpress", BLOCKS)
    assert [line for line in summary if "left out" in line] == [
        "posts/2019-01-02-search.md: old address /search/ left out: it belongs to chanblog's search page",
        "posts/2019-01-03-tags.md: old address /tags/ left out: it belongs to chanblog's tag pages",
        "posts/2019-01-04-archives.md: old address /archives/ left out: it belongs to chanblog's archives page",
        "posts/2019-01-05-authors.md: old address /authors/ left out: it belongs to chanblog's author pages",
        "posts/2019-01-06-feed-xml.md: old address /feed.xml/ left out: it belongs to chanblog's site feed"]
    assert_moved(site, BLOCKS, summary)
    assert answers_as(site, "/block-paragraph/") == "/2019/01/block-paragraph/"
    assert answers_as(site, "/search/") == "https://blocktest.example.com/search/"  # chanblog's search page


@pytest.mark.parametrize("address, whose", [
    ("/", None), ("/tags/x/", "tag pages"), ("/labels/", "label pages"), ("/series/s/", "series pages"),
    ("/page/2/", "home page's later pages"), ("/2011/", "archive pages"), ("/2011/07/", "archive pages"),
    ("/2011/07/x/", None), ("/sitemap.xml", "sitemap"), ("/feed.xml", "site feed"),
    ("/authors/jane/feed.xml", "author pages"), ("/x/feed.xml", "feeds"), ("/about/", None)])
def test_chanblog_knows_its_own_pages(site: SiteDir, address: str, whose: str | None) -> None:
    path = urls.alias_path(load_config(site.root), address)
    assert path is not None
    assert urls.builtin_page(path) == (whose if address != "/" else "home page")


# ---------------------------------------------------------------------------------------------
# What the posts hold


def body_of(site: SiteDir, url: str) -> lxml.html.HtmlElement:
    return site.html(urls.output_path(load_config(site.root), url) or "").xpath("//div[@class='body']")[0]


def test_links_to_attachment_pages_lead_to_the_files(site: SiteDir) -> None:
    imported(site, "wordpress", THEME)
    site.build()
    uploads = f"{THEME_HOST}/wp-content/uploads"
    alignment = body_of(site, "/2013/01/markup-image-alignment/")
    assert alignment.xpath(".//a/@href") == [f"{uploads}/2013/03/image-alignment-150x150.jpg",
                                             f"{uploads}/2013/03/image-alignment-300x200.jpg",
                                             f"{uploads}/2013/03/image-alignment-150x150.jpg",
                                             f"{uploads}/2013/03/image-alignment-300x200.jpg"]
    audio = body_of(site, "/2010/07/post-format-audio/")
    assert audio.xpath(".//a/@href")[-1] == f"{uploads}/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"
    assert body_of(site, "/2010/08/post-format-gallery/").xpath(".//a/@href")[-1] == f"{uploads}/2010/08/boat.jpg"


def test_links_to_imported_posts_lead_to_their_new_pages(tmp_path: Path) -> None:
    """Even where the old address went to chanblog's own page: /search/ was the post 'Block: Search'.
    A link to a page of the old blog that the import does not bring is named in the summary."""
    site = SiteDir(tmp_path / "site")
    export = tmp_path / "links.xml"
    export.write_text(BLOCKS.read_text(encoding="utf-8").replace(
        "See the <a href=\"https://blocktest.example.com/search/\">search block</a>.",
        "See the <a href=\"https://blocktest.example.com/search/\">search block</a>, its "
        "<a href=\"/tags/#top\">tag cloud</a>, <a href=\"https://blocktest.example.com/about/\">a page</a> and "
        "<a href=\"https://elsewhere.example/search/\">another site</a>."), encoding="utf-8")
    summary = imported(site, "wordpress", export)
    assert [line for line in summary if "not imported (" in line] == [
        "posts/2019-01-07-block-paragraph.md: links to https://blocktest.example.com/about/, a page of the old blog "
        "that was not imported (link to another page, or remove the link)"]
    site.build()
    assert body_of(site, "/2019/01/block-paragraph/").xpath(".//a/@href") == [
        "/2019/01/search/", "/2019/01/tags/#top", "https://blocktest.example.com/about/",
        "https://elsewhere.example/search/"]


def test_media_links_posts_to_the_copies(tmp_path: Path, old_blog: OldBlog) -> None:
    old_blog.files.update(UPLOADS)
    site = SiteDir(tmp_path / "site")
    site.write("site.yaml", "title: T\nurl: https://example.com/blog\n")
    imported(site, "wordpress", pointed_at(THEME, tmp_path, **{THEME_HOST: old_blog.url}), "--media")
    site.build()
    alignment = body_of(site, "/blog/2013/01/markup-image-alignment/")
    assert set(alignment.xpath(".//a/@href | .//img/@src")) == {
        "/blog/wp-content/uploads/2013/03/image-alignment-150x150.jpg",
        "/blog/wp-content/uploads/2013/03/image-alignment-300x200.jpg"}
    assert body_of(site, "/blog/2010/06/post-format-video/").xpath(".//video/@src") == [
        "/blog/wp-content/uploads/2010/06/clip.mp4"]
    gallery = (site.root / "posts/2010-08-08-post-format-gallery.md").read_text(encoding="utf-8")
    assert "image: /wp-content/uploads/2010/08/boat.jpg\n" in gallery


def test_pre_kbd_reversed_lists_audio_video_and_galleries_reach_the_page(site: SiteDir) -> None:
    summary = imported(site, "wordpress", THEME)
    site.build()
    tags = body_of(site, "/2013/01/markup-html-tags-and-formatting/")
    assert tags.xpath("string(.//pre)") == ("The Road Not Taken, by Robert Frost\n"
                                            "Two roads diverged in a yellow wood,\n"
                                            "And sorry I could not travel both <and be one traveler>\nlong I stood\n")
    assert tags.xpath(".//pre//cite | .//pre//b") == []
    assert tags.xpath(".//kbd/text()") == ["Ctrl", "C"]
    assert tags.xpath(".//ol[@reversed]/li/text()") == ["Three", "Two", "One"]
    audio = body_of(site, "/2010/07/post-format-audio/")
    assert audio.xpath(".//audio[@controls]/@src") == [
        f"{THEME_HOST}/wp-content/uploads/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"]
    video = body_of(site, "/2010/06/post-format-video/").xpath(".//video[@controls]")[0]
    assert (video.get("src"), video.get("width"), video.get("height")) == (
        f"{THEME_HOST}/wp-content/uploads/2010/06/clip.mp4", "640", "360")
    gallery = body_of(site, "/2010/08/post-format-gallery/")
    assert gallery.xpath(".//img/@alt")[:2] == ["Golden Gate", "A boat on a lake"]  # the order ids= gives
    assert [line for line in summary if "kept as text" in line] == [
        "posts/2010-06-02-post-format-video.md: [wpvideo] kept as text (WordPress shortcodes chanblog cannot run)"]


def test_prose_in_brackets_is_no_shortcode(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "site")
    export = tmp_path / "brackets.xml"
    body = ("We went out in a [simple boat], see [note 3] and [name]. [contact-form to='me'] "
            "[ref]one[/ref] [soundcloud]")
    export.write_text(BLOCKS.read_text(encoding="utf-8").replace(
        "A plain paragraph block, at an address of its own.", body), encoding="utf-8")
    summary = imported(site, "wordpress", export)
    assert [line for line in summary if "kept as text" in line] == [
        "posts/2019-01-07-block-paragraph.md: [contact-form], [ref], [soundcloud] kept as text "
        "(WordPress shortcodes chanblog cannot run)"]


def test_nested_categories_keep_their_parents_and_two_of_one_name_stay_two(site: SiteDir) -> None:
    imported(site, "wordpress", THEME)
    posts = posts_of(site)
    assert [t.name for t in posts["Edge Case: Nested Categories"].labels] == [
        "Parent Category/Child Category 01/Grandchild Category", "Foo A"]
    assert [t.name for t in posts["Edge Case: Two Categories Named Foo A"].labels] == [
        "Foo Parent/Foo A", "Parent Category/Child Category 01"]
    site.build()
    assert site.html("labels/foo-a/index.html").xpath("//h2/a/text()") == ["Edge Case: Nested Categories"]
    assert site.html("labels/foo-parent-foo-a/index.html").xpath("//h2/a/text()") == [
        "Edge Case: Two Categories Named Foo A"]


# ---------------------------------------------------------------------------------------------
# --media, safely


def slow(handler: http.server.BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    send(handler, 200, b"\xff\xd8late", "image/jpeg")


def test_media_says_what_it_could_not_fetch_and_why(tmp_path: Path, old_blog: OldBlog,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "Limits", lambda: Limits(timeout=0.5, max_bytes=1000))
    old_blog.files["/wp-content/uploads/2013/03/image-alignment-150x150.jpg"] = b"\xff\xd8 small"
    old_blog.files["/files/blues.mp3"] = b"ID3 moved"
    old_blog.answers.update({
        "/wp-content/uploads/2013/03/image-alignment-300x200.jpg": slow,
        "/wp-content/uploads/2010/08/boat.jpg": lambda h: send(h, 200, b"x" * 2000, "image/jpeg", length=False),
        "/wp-content/uploads/2010/08/golden-gate.jpg": lambda h: send(h, 302, b"", "text/plain",
                                                                       Location="http://elsewhere.example/gg.jpg"),
        "/wp-content/uploads/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3":
            lambda h: send(h, 301, b"", "text/plain", Location="/files/blues.mp3"),
        "/wp-content/uploads/2010/06/clip.mp4": lambda h: send(h, 200, b"<html>Sign in</html>", "text/html")})
    export = pointed_at(THEME, tmp_path, **{THEME_HOST: old_blog.url})
    site = SiteDir(tmp_path / "site")
    summary = imported(site, "wordpress", export, "--media")
    uploads = f"{old_blog.url}/wp-content/uploads"
    tally = "Media: 2 saved in static/, 0 already there, 0 left as they were, 4 not fetched"
    assert summary[summary.index(tally):] == [
        tally,
        f"{uploads}/2013/03/image-alignment-300x200.jpg: not fetched: no answer within 0.5 seconds "
        "(the posts keep this address)",
        f"{uploads}/2010/08/golden-gate.jpg: not fetched: it redirects to http://elsewhere.example/gg.jpg, which is "
        "not the old blog's (the posts keep this address)",
        f"{uploads}/2010/08/boat.jpg: not fetched: it is larger than 1,000 bytes (the posts keep this address)",
        f"{uploads}/2010/06/clip.mp4: not fetched: the server answered with a web page, not the file "
        "(the posts keep this address)"]
    static = site.root / "static" / "wp-content" / "uploads"
    assert sorted(p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()) == [
        "2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3", "2013/03/image-alignment-150x150.jpg"]
    assert (static / "2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3").read_bytes() == b"ID3 moved"
    gallery = (site.root / "posts/2010-08-08-post-format-gallery.md").read_text(encoding="utf-8")
    assert f"]({uploads}/2010/08/golden-gate.jpg)" in gallery
    assert not any("elsewhere" in asked for asked in old_blog.asked)


def test_media_says_what_a_404_is(tmp_path: Path, old_blog: OldBlog) -> None:
    export = pointed_at(BLOGGER, tmp_path, **{BLOG_HOST: old_blog.url})
    site = SiteDir(tmp_path / "site")
    summary = imported(site, "blogger", export, "--media")
    assert f"{old_blog.url}/images/buoy.gif: not fetched: the server answered 404 Not Found " \
           "(the posts keep this address)" in summary


def test_media_leaves_a_different_file_as_it_was_and_says_so(tmp_path: Path, old_blog: OldBlog) -> None:
    old_blog.files.update(UPLOADS)
    site = SiteDir(tmp_path / "site")
    mine = site.write("static/wp-content/uploads/2010/08/boat.jpg", b"my own boat")
    same = "wp-content/uploads/2010/08/golden-gate.jpg"
    site.write(f"static/{same}", UPLOADS[f"/{same}"])
    summary = imported(site, "wordpress", pointed_at(THEME, tmp_path, **{THEME_HOST: old_blog.url}), "--media")
    assert "Media: 4 saved in static/, 1 already there, 1 left as they were, 0 not fetched" in summary
    assert (f"static/wp-content/uploads/2010/08/boat.jpg: left as it was: it differs from "
            f"{old_blog.url}/wp-content/uploads/2010/08/boat.jpg (the posts use it)") in summary
    assert mine.read_bytes() == b"my own boat"


def test_media_never_writes_through_a_link_out_of_static(tmp_path: Path, old_blog: OldBlog) -> None:
    old_blog.files.update(UPLOADS)
    outside = tmp_path / "outside"
    outside.mkdir()
    site = SiteDir(tmp_path / "site")
    (site.root / "static").mkdir(parents=True)
    (site.root / "static" / "wp-content").symlink_to(outside)
    summary = imported(site, "wordpress", pointed_at(THEME, tmp_path, **{THEME_HOST: old_blog.url}), "--media")
    assert "Media: 0 saved in static/, 0 already there, 0 left as they were, 6 not fetched" in summary
    assert any(line.endswith("boat.jpg: not fetched: static/wp-content/uploads/2010/08/boat.jpg would go through "
                             "a link (the posts keep this address)") for line in summary)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("address, path", [
    ("https://old.example/wp-content/uploads/2011/07/x.jpg", "wp-content/uploads/2011/07/x.jpg"),
    ("https://www.old.example/a/b.png?w=300", "a/b.png"),
    ("https://1.bp.blogspot.com/-a/s1600/c.jpg", "media/1.bp.blogspot.com/-a/s1600/c.jpg"),
    ("https://old.example//%2Fetc/passwd.txt", "etc/passwd.txt"),
    ("https://old.example/a%07b%0A.jpg", "ab.jpg")])
def test_a_file_name_comes_from_the_path_made_safe(address: str, path: str) -> None:
    assert local_path(address, ("old.example", "www.old.example")) == path


@pytest.mark.parametrize("address, why", [
    ("https://old.example/a/../../etc/passwd", "its path has an unsafe name ('..')"),
    ("https://old.example/%2e%2e/x.jpg", "its path has an unsafe name ('..')"),
    ("https://old.example/.htaccess", "its path has an unsafe name ('.htaccess')"),
    ("https://old.example/", "its address names no file")])
def test_an_unsafe_file_name_is_refused(address: str, why: str) -> None:
    with pytest.raises(FetchError) as caught:
        local_path(address, ("old.example",))
    assert str(caught.value) == why


@pytest.mark.parametrize("address, why", [
    ("ftp://old.example/x.jpg", "only http and https addresses are fetched"),
    ("file:///etc/passwd", "only http and https addresses are fetched"),
    ("http://169.254.169.254/latest/x.jpg", "169.254.169.254 is not the old blog's host")])
def test_only_the_old_blogs_hosts_are_asked(address: str, why: str) -> None:
    with pytest.raises(FetchError) as caught:
        media.fetch(address, ("old.example",), Limits())
    assert str(caught.value) == why


def test_an_import_that_fails_writes_and_fetches_nothing(tmp_path: Path, old_blog: OldBlog) -> None:
    old_blog.files.update(UPLOADS)
    export = pointed_at(THEME, tmp_path, **{THEME_HOST: old_blog.url, "<wp:post_date><![CDATA[2013-01-10 20:15:40]]>":
                                            "<wp:post_date><![CDATA[]]>",
                                            "<wp:post_date_gmt><![CDATA[2013-01-11 03:15:40]]>":
                                            "<wp:post_date_gmt><![CDATA[]]>"})
    site = SiteDir(tmp_path / "site")
    result = site.run("import", "wordpress", str(export), "--media")
    assert result.exit_code == 1
    assert "this post has no date (wp:post_date)" in result.output
    assert not site.root.exists() and old_blog.asked == []


def trickle(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.end_headers()
    try:
        for _ in range(30):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def test_a_file_that_trickles_in_meets_the_time_limit(old_blog: OldBlog) -> None:
    old_blog.answers["/slow.jpg"] = trickle
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        media.fetch(f"{old_blog.url}/slow.jpg", ("127.0.0.1",), Limits(timeout=0.5))
    assert str(caught.value) == "it took longer than 0.5 seconds"
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("host, allowed", [
    ("1.bp.blogspot.com", True), ("bp.blogspot.com", False), ("evil-bp.blogspot.com", False),
    ("1.bp.blogspot.com.evil.example", False), ("LakeNotes.blogspot.com", True), ("notes.blogspot.com", False)])
def test_the_old_blogs_hosts_and_no_others(host: str, allowed: bool) -> None:
    assert media.host_allowed(host, ("lakenotes.blogspot.com", "*.bp.blogspot.com")) is allowed


def test_a_fresh_import_without_media_names_the_files_check_will_ask_for(tmp_path: Path) -> None:
    """The new site takes the old blog's address: its files must then be in static/, which is the
    author's decision (--media, or copying them); the summary says so, and check names each one."""
    site = SiteDir(tmp_path / "site")
    summary = imported(site, "wordpress", THEME)
    assert ("6 files the posts show or link to (images, attachments) are still only on the old blog: "
            "import again with --media to copy them into static/") in summary
    checked = site.run("check")
    assert checked.exit_code == 1
    problems = [line for line in checked.output.splitlines() if line.startswith("posts/")]
    assert problems and all("which is not in static/ (add static/wp-content/uploads/" in line for line in problems)
    named = {re.search(r"(?:links to|shows) (\S+), which", line)[1] for line in problems}  # type: ignore[index]
    assert named == {THEME_HOST + path for path in UPLOADS}
