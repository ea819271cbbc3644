"""The body cache is trusted part by part: a build reads its index, then only the parts of bodies
it shows (a listing's excerpt and summary; a page's HTML), each checked as it is read. So an
edit never reads every rendered body, and a body damaged on disk is still never published:
the build that meets it stops with one message and removes that part of the cache, and the
next build renders those bodies again."""

from __future__ import annotations

import json
from pathlib import Path

import chanblog
from chanblog.cache import BodyCache
from chanblog.markup import settings_fingerprint
from chanblog.config import load_config
from chanblog.sources import CACHE_DIR
from conftest import SiteDir
from test_incremental import clean_build


POSTS = 24  # enough that an old post's page shows nothing of the newest ones


def blog(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\ncards: false\n")
    for number in range(POSTS):
        site.post(f"post-{number}", f"Post {number}", f"2009-08-{number + 1:02d}",
                  body=f"First paragraph of post {number}.\n\nThe rest of post {number}, its words its own.")


def damage_html(site: SiteDir, post: str) -> Path:
    """Change one letter of the HTML a post's body is kept as, leaving the cache's index as it was."""
    config = load_config(site.root)
    cache = BodyCache(site.root / CACHE_DIR, settings_fingerprint(config.markup))
    for shard, entries in cache.shards.items():
        for entry in entries.values():
            html = entry.html()
            if f"The rest of {post}," in html:
                path = site.root / CACHE_DIR / f"bodies-{shard}.cache"
                data = bytearray(path.read_bytes())
                at = entry.start + html.encode().index(b"The rest") + 4
                data[at:at + 4] = b"best"
                path.write_bytes(bytes(data))
                return path
    raise AssertionError(f"no body of {post} in the cache")


def test_a_body_damaged_on_disk_is_never_published_and_the_next_build_renders_it_again(
        site: SiteDir, tmp_path: Path) -> None:
    blog(site)
    site.build()
    published = site.files()
    shard = damage_html(site, "post 3")
    theme = (Path(chanblog.__file__).parent / "theme/templates/post.html").read_text()
    site.write("templates/post.html", theme + "{# changed #}")  # every post's page made again
    failed = site.run("build")
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert "body cache was damaged" in failed.output and "build again" in failed.output
    assert site.files() == published and not shard.exists()
    again = site.build()
    assert again.exit_code == 0, again.output
    assert b"The best of post 3" not in site.files()["2009/08/post-3/index.html"]
    assert site.files() == clean_build(site, tmp_path)


def test_an_edit_reads_only_the_bodies_it_shows(site: SiteDir, tmp_path: Path) -> None:
    """A post whose page is not made again has its HTML left unread: damage there goes unseen
    (the published page, made before the damage, is right) while the edited post is published."""
    blog(site)
    site.build()
    shard = damage_html(site, "post 1")
    site.post("post-20", "Post 20", "2009-08-21", body="First paragraph of post 20.\n\nNow rewritten.")
    edited = site.run("build")
    assert edited.exit_code == 0, edited.output
    assert b"Now rewritten." in site.files()["2009/08/post-20/index.html"]
    assert b"The best of post 1," in shard.read_bytes()  # never read, so never found damaged
    assert site.files() == clean_build(site, tmp_path)


def test_the_index_says_what_listings_need_without_the_html(site: SiteDir) -> None:
    blog(site)
    site.write("posts/post-5.md", "---\ntitle: Coded\ndate: 2009-08-20\n---\nSee:\n\n```python\nprint(1)\n```\n")
    site.build()
    rows = []
    for path in sorted((site.root / CACHE_DIR).glob("bodies-*.cache")):
        rows += index_rows(path)
    assert len(rows) == POSTS
    highlighted = [row for row in rows if row[7] & 1]
    assert len(highlighted) == 1 and highlighted[0][6] > 0  # the code post: its HTML's length in characters


def index_rows(path: Path) -> list[list[object]]:
    """The index of a bodies file: a row of each body it keeps, its key first."""
    return json.loads(path.read_bytes().split(b"\n", 2)[2][32:].split(b"\n", 1)[0])


def test_an_edit_rewrites_only_the_file_of_bodies_keyed_like_its_own(site: SiteDir) -> None:
    """Bodies are kept in 256 files by the first two digits of their key: an edit of one post
    rewrites about one body in 256, not a sixteenth of them all."""
    blog(site)
    site.build()
    files = {path.name: path.stat().st_mtime_ns for path in (site.root / CACHE_DIR).glob("bodies-*.cache")}
    for name in files:
        assert {str(row[0])[:2] for row in index_rows(site.root / CACHE_DIR / name)} == {name[7:9]}
    site.post("post-3", "Post 3", "2009-08-04", body="First paragraph of post 3.\n\nIts rest, rewritten.")
    site.build()
    after = {path.name: path.stat().st_mtime_ns for path in (site.root / CACHE_DIR).glob("bodies-*.cache")}
    rewritten = {name for name in after if after[name] != files.get(name)}
    assert len(rewritten) <= 2  # the new body's file, and the old body's (left out: no post uses it now)
    assert sum(len(index_rows(site.root / CACHE_DIR / name)) for name in rewritten) <= 3


def test_the_files_an_earlier_chanblog_kept_bodies_in_are_removed_and_no_other(site: SiteDir) -> None:
    blog(site)
    folder = site.root / CACHE_DIR
    folder.mkdir()
    (folder / "bodies-a.cache").write_bytes(b"chanblog-cache-2\nbodies old settings\n" + bytes(32) + b"[]\n")
    (folder / "bodies-b.cache").write_bytes(b"a file of the writer's own\n")
    assert site.build().exit_code == 0
    assert not (folder / "bodies-a.cache").exists()
    assert (folder / "bodies-b.cache").read_bytes() == b"a file of the writer's own\n"
