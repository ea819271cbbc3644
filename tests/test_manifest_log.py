"""The page manifest grows by one line per build holding only what that build changed, so an edit
writes a few entries, not thousands; a line cut short is dropped with its build, and the file is
rewritten whole when most of it is stale. Whatever it holds, the output equals a clean build's."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from chanblog.build import build
from chanblog.cache import CACHE_DIR
from conftest import SiteDir
from test_incremental import built, clean_build, edit_body


def manifest(site: SiteDir) -> Path:
    (path,) = (site.root / CACHE_DIR).glob("pages-*")
    return path


FIELDS = ("fingerprint", "summary", "warnings", "search", "listing", "others", "bases", "paths", "keys", "sizes",
          "mtimes", "gone", "posts", "post digests", "posts gone", "stamps")  # a build's line, in order


def lines(site: SiteDir) -> list[dict]:
    """Each build's line, by field."""
    body = manifest(site).read_bytes().split(b"\n", 2)[2]
    return [read_line(line) for line in body.split(b"\n") if line]


def read_line(line: bytes) -> dict:
    record = json.loads(line.split(b" ", 1)[1])
    assert len(record) == len(FIELDS)
    return dict(zip(FIELDS, record))


def test_an_edit_appends_one_line_with_only_the_files_it_changed(site: SiteDir) -> None:
    built(site)
    build(site.root, site.out)
    before = manifest(site).read_bytes()
    edit_body(site)
    report = build(site.root, site.out)
    after = manifest(site).read_bytes()
    assert after.startswith(before)
    (added,) = [read_line(line) for line in after[len(before):].split(b"\n") if line]
    paths = added["paths"]
    assert "2009/03/post-2/index.html" in paths
    assert len(paths) <= report.rendered + 1 < len(site.files()) // 2  # what was made again (and the marker)
    assert added["gone"] == []
    assert added["posts"] == ["posts/p2.md"] and added["posts gone"] == []  # the post edited, as its page shows it


def test_a_line_cut_short_is_dropped_and_the_file_rewritten(site: SiteDir, tmp_path: Path) -> None:
    built(site)
    edit_body(site)
    build(site.root, site.out)
    path = manifest(site)
    path.write_bytes(path.read_bytes()[:-30])  # the last build's line, torn by a crash
    edit_body(site)
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)
    assert path.read_bytes().endswith(b"\n") and len(lines(site)) == 2


def test_a_manifest_mostly_stale_is_rewritten_as_the_spare_and_the_outputs_changes(site: SiteDir,
                                                                                  tmp_path: Path) -> None:
    built(site)
    newest, files = site.root / "posts/p7.md", len(site.files())
    for number in range(8):  # the newest post is in every page's "Recent posts": most pages are made again
        newest.write_text(newest.read_text().replace(f"title: Post {7 + number}", f"title: Post {8 + number}"))
        build(site.root, site.out)
        assert sum(len(line["paths"]) + len(line["gone"]) for line in lines(site)) <= 2 * files + 64
    spare, *outputs = lines(site)
    assert len(spare["paths"]) == files and len(outputs) < 8  # rewritten, starting from the spare whole
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_record_not_as_chanblog_writes_it_makes_the_manifest_ignored(site: SiteDir, tmp_path: Path) -> None:
    """Each post's record is its digests and its files' key, joined by spaces: a line holding one
    that is not (too few fields, or more) is not what chanblog writes, and is ignored whole."""
    built(site)
    edit_body(site)
    build(site.root, site.out)
    path = manifest(site)
    format_line, header, *rest = path.read_bytes().split(b"\n")
    damaged, records = [], 0
    for number, line in enumerate(line for line in rest if line):
        record = json.loads(line.split(b" ", 1)[1])
        digests = record[FIELDS.index("post digests")]
        assert all(len(digest.split(" ")) == 5 for digest in digests)
        records += len(digests)
        record[FIELDS.index("post digests")] = [("x" if number else "x y z w v u") for _ in digests]
        text = json.dumps(record).encode()
        damaged.append(hashlib.sha256(text).hexdigest().encode() + b" " + text)
    assert records, "no post recorded"
    path.write_bytes(b"\n".join([format_line, header, *damaged, b""]))
    edit_body(site)
    report = build(site.root, site.out)
    assert report.rendered >= report.pages + report.feeds  # nothing vouched for: every page made again
    assert site.files() == clean_build(site, tmp_path)
