"""`chanblog serve`: a real server on a free port, a temporary site, real edits."""

from __future__ import annotations

import json
import queue
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html
import pytest

from conftest import SiteDir
from preview import Preview, eventually, start_preview

SECRET = "the site folder's secret, never served"


@pytest.fixture
def preview(site: SiteDir) -> Iterator[Preview]:
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The first version of the fuse.", tags="[sneezers]")
    site.post("b", "Customer Focus", "2009-08-15", body="Selling with the customer in mind.")
    site.write("secret.txt", SECRET)
    site.write("static/extra.css", "body { color: blue; }\n")
    running = start_preview(site.root)
    yield running
    running.stop()


def served_text(preview: Preview, path: str) -> str:
    response = preview.get(path)
    assert response.status == 200, (path, response.status)
    return lxml.html.fromstring(response.body).xpath("string(//main)")


@pytest.mark.parametrize("target", [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt",
    "/.%2e/secret.txt",
    "/tags/%2e%2e/%2e%2e/secret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/index.html%00.css",
    "/%00",
    "http://127.0.0.1/../secret.txt",
    "../secret.txt",
])
def test_malformed_and_climbing_paths_are_refused(preview: Preview, target: str) -> None:
    response = preview.request(target)
    assert response.status == 400
    assert SECRET not in response.text


@pytest.mark.parametrize("target", ["//secret.txt", "/secret.txt", "/site.yaml"])
def test_absolute_paths_only_look_inside_the_output(preview: Preview, site: SiteDir, target: str) -> None:
    response = preview.request(target.replace("secret.txt", str(site.root / "secret.txt").lstrip("/"))
                               if target.startswith("//") else target)
    assert response.status == 404
    assert SECRET not in response.text


def test_symlinks_out_of_the_output_are_not_followed(preview: Preview, site: SiteDir) -> None:
    (site.out / "leak").symlink_to(site.root)
    (site.out / "leak.txt").symlink_to(site.root / "secret.txt")
    for target in ("/leak/secret.txt", "/leak.txt", "/leak/"):
        response = preview.get(target)
        assert response.status == 404, target
        assert SECRET not in response.text


@pytest.mark.parametrize("relative, expected", [
    ("styles/a.css", "text/css; charset=utf-8"),
    ("js/a.js", "text/javascript; charset=utf-8"),
    ("data/a.json", "application/json"),
    ("img/a.svg", "image/svg+xml"),
    ("img/a.png", "image/png"),
    ("img/a.jpg", "image/jpeg"),
    ("img/a.webp", "image/webp"),
    ("fonts/a.woff2", "font/woff2"),
    ("fonts/a.woff", "font/woff"),
    ("notes/a.xml", "application/xml"),
    ("a.unknownext", "application/octet-stream"),
])
def test_content_types_by_extension(site: SiteDir, relative: str, expected: str) -> None:
    site.post("a", "Post", "2009-08-14")
    site.write(f"static/{relative}", b"\x89 some bytes")
    running = start_preview(site.root)
    try:
        response = running.get(f"/{relative}")
        assert response.status == 200
        assert response.headers["content-type"] == expected
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.body == b"\x89 some bytes"
    finally:
        running.stop()


def test_pages_feeds_and_folders(preview: Preview) -> None:
    home = preview.get("/")
    assert home.status == 200 and home.headers["content-type"] == "text/html; charset=utf-8"
    assert preview.get("/feed.xml").headers["content-type"] == "application/xml"
    assert preview.get("/theme/favicon.svg").headers["content-type"] == "image/svg+xml"
    moved = preview.get("/tags/sneezers")
    assert moved.status == 301 and moved.headers["location"] == "/tags/sneezers/"
    assert "Posts tagged ‘sneezers’" in preview.get("/tags/sneezers/").text


def test_missing_files_and_folders_without_index_get_the_sites_404_page(preview: Preview) -> None:
    for target in ("/no/such/page/", "/theme/", "/nothing.css"):
        response = preview.get(target)
        assert response.status == 404, target
        assert "<h1>Page not found</h1>" in response.text
        assert "Index of" not in response.text


def test_head_sends_the_headers_of_get_without_a_body(preview: Preview) -> None:
    get, head = preview.get("/"), preview.request("/", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.body))
    assert preview.request("/missing", method="HEAD").status == 404


def test_live_reload_script_is_served_but_never_written_to_the_output(preview: Preview, site: SiteDir) -> None:
    assert '<script src="/__chanblog/live.js"></script>\n</body>' in preview.get("/2009/08/lighting-the-fuse/").text
    assert preview.get("/__chanblog/live.js").headers["content-type"] == "text/javascript; charset=utf-8"
    assert not [path for path, data in site.files().items() if b"__chanblog" in data]


def test_editing_a_post_changes_the_served_page(preview: Preview, site: SiteDir) -> None:
    other = site.out / "2009/08/customer-focus/index.html"
    other_made = other.stat().st_mtime_ns
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The second version of the fuse.", tags="[sneezers]")
    line = preview.wait_for_line("posts/a.md changed")
    eventually(lambda: "The second version" in served_text(preview, "/2009/08/lighting-the-fuse/"))
    written, unchanged = map(int, re.search(r": (\d+) written, (\d+) unchanged in \d+ ms$", line).groups())
    assert 0 < written < written + unchanged  # the post's page and what shows it, not the whole site
    assert other.stat().st_mtime_ns == other_made  # the other post's page was not made again
    assert "Selling with the customer" in served_text(preview, "/2009/08/customer-focus/")


def save_as_vim_does(post: Path, text: str) -> None:
    """Vim's save (and Emacs's first of a session): the file is renamed to its backup, written
    anew, and the backup removed (Emacs keeps it)."""
    backup = post.with_name(post.name + "~")
    post.rename(backup)
    post.write_text(text, encoding="utf-8")
    backup.unlink()


def save_as_atomic_editors_do(post: Path, text: str) -> None:
    """Sublime's, JetBrains' and VS Code's safe save: a new file written beside it, renamed over it."""
    temporary = post.with_name(f".{post.name}.tmp-save")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(post)


@pytest.mark.parametrize("save", [save_as_vim_does, save_as_atomic_editors_do])
def test_a_post_saved_by_renaming_files_as_editors_do_is_rebuilt(preview: Preview, site: SiteDir,
                                                                 save: Callable[[Path, str], None]) -> None:
    text = "---\ntitle: Lighting the Fuse\ndate: 2009-08-14\ntags: [sneezers]\n---\nThe fuse, saved by an editor.\n"
    save(site.root / "posts/a.md", text)
    preview.wait_for_line("posts/a.md changed")
    eventually(lambda: "saved by an editor" in served_text(preview, "/2009/08/lighting-the-fuse/"))


def test_broken_front_matter_keeps_the_last_good_page_and_shows_where(preview: Preview, site: SiteDir) -> None:
    site.write("posts/a.md", "---\ntitle: [Lighting the Fuse\ndate: 2009-08-14\n---\nThe broken version.\n")
    assert preview.wait_for_line("posts/a.md:2: invalid YAML")
    page = preview.get("/2009/08/lighting-the-fuse/")
    assert page.status == 200
    doc = lxml.html.fromstring(page.body)
    assert "The first version of the fuse." in doc.xpath("string(//main)")
    overlay = doc.xpath("string(//div[@id='chanblog-errors'])")
    assert "posts/a.md:2: invalid YAML" in overlay
    assert doc.xpath("//div[@id='chanblog-errors']") and "posts/a.md:2" in preview.get("/no-such-page").text

    site.post("a", "Lighting the Fuse", "2009-08-14", body="The fixed version.")
    preview.wait_for_line("posts/a.md changed: ")
    page = preview.get("/2009/08/lighting-the-fuse/")
    assert "The fixed version." in page.text
    assert "chanblog-errors" not in page.text
    assert preview.process.poll() is None


class EventStream:
    """The preview's server-sent events, read in the background."""

    def __init__(self, preview: Preview) -> None:
        self.events: queue.Queue[tuple[str, dict[str, list[str]]]] = queue.Queue()
        self.conn = socket.create_connection((preview.host, preview.port), timeout=30)
        self.conn.sendall(b"GET /__chanblog/events HTTP/1.0\r\n\r\n")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        try:
            while chunk := self.conn.recv(4096):
                buffer += chunk
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    fields = dict(line.split(": ", 1) for line in block.decode().split("\n") if ": " in line
                                  and not line.startswith(":"))
                    if "event" in fields:
                        self.events.put((fields["event"], json.loads(fields["data"])))
        except OSError:
            pass

    def next(self) -> tuple[str, dict[str, list[str]]]:
        return self.events.get(timeout=20)


def test_pages_hear_reload_css_and_errors_over_server_sent_events(preview: Preview, site: SiteDir) -> None:
    stream = EventStream(preview)
    assert stream.next() == ("state", {"errors": []})
    site.post("b", "Customer Focus", "2009-08-15", body="Edited.")
    assert stream.next() == ("reload", {"errors": []})
    site.write("static/extra.css", "body { color: red; }\n")
    assert stream.next() == ("css", {"errors": []})
    site.write("posts/b.md", "---\ntitle: Customer Focus\ndate: someday\n---\n")
    kind, data = stream.next()
    assert kind == "errors" and data["errors"][0].startswith("posts/b.md:3: date: 'someday' is not a date")
    stream.conn.close()


def test_ctrl_c_stops_cleanly(preview: Preview) -> None:
    code, stderr = preview.stop()
    assert code == 0
    assert stderr == ""  # no traceback, nor the watcher's own notice


def test_a_port_in_use_is_named_with_a_way_out(site: SiteDir) -> None:
    site.post("a", "Post", "2009-08-14")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site.root), "serve", "--port",
                                 str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"port {port} is already in use (try --port {port + 1}, or --port 0 to pick a free one)" in result.stderr
    assert "Traceback" not in result.stderr


def test_listening_beyond_loopback_warns(site: SiteDir) -> None:
    site.post("a", "Post", "2009-08-14")
    running = start_preview(site.root, "--host", "0.0.0.0")
    code, stderr = running.stop()
    assert "warning: serving on 0.0.0.0: other machines on your network can read the preview" in stderr
    assert code == 0


def test_a_site_broken_from_the_start_is_served_with_the_errors(site: SiteDir) -> None:
    site.write("posts/a.md", "---\ntitle: A\ndate: 2009-13-45\n---\nBody\n")
    running = start_preview(site.root)
    try:
        response = running.get("/")
        assert response.status == 404
        assert "posts/a.md:3: invalid YAML: &#x27;2009-13-45&#x27; is not a calendar date" in response.text
        site.post("a", "A", "2009-08-14", body="Now it builds.")
        running.wait_for_line("posts/a.md changed: ")
        assert "Now it builds." in served_text(running, "/2009/08/a/")
    finally:
        running.stop()


def test_drafts_and_future_posts_are_previewed_with_badges_when_asked(site: SiteDir) -> None:
    site.post("d", "Half Done", "2009-08-14", draft="true")
    site.post("f", "Next Year", "2999-01-01")
    running = start_preview(site.root, "--drafts", "--future")
    try:
        doc = lxml.html.fromstring(running.get("/").body)
        assert doc.xpath("//article/h2[a='Next Year']/span/text()") == ["scheduled"]
        assert doc.xpath("//article/h2[a='Half Done']/span/text()") == ["draft"]
    finally:
        running.stop()


def test_serving_under_the_sites_base_path(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com/blog/\n")
    site.post("a", "Hello", "2009-08-14")
    running = start_preview(site.root)
    try:
        assert running.url.endswith("/blog/")
        assert "Hello" in served_text(running, "/blog/2009/08/hello/")
        assert running.get("/2009/08/hello/").status == 404
    finally:
        running.stop()


def test_serve_outside_a_site_folder_says_so(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "chanblog", "--site", str(tmp_path), "serve", "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "site.yaml: no site.yaml in" in result.stderr


def test_a_post_saved_in_a_new_folder_is_picked_up(preview: Preview, site: SiteDir) -> None:
    site.write("posts/2009/new/deep.md", "---\ntitle: Deep Post\ndate: 2009-08-20\n---\nFound in a new folder.\n")
    eventually(lambda: preview.get("/2009/08/deep-post/").status == 200)
    assert "Found in a new folder." in served_text(preview, "/2009/08/deep-post/")
