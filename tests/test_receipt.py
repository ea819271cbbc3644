"""A build with nothing to do is told so by its receipt: file stats alone, no post parsed and
the pipeline never loaded; and whatever changed since (a post, a template, a setting, a file of
the output, the clock, a commit), the build runs and its output equals a clean build's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chanblog import receipt
from chanblog.cache import CACHE_DIR
from conftest import SiteDir
from test_edit_cost import same_size_edit_dated_back
from test_incremental import (Change, add_post, built, change_site_yaml, change_static, change_tags, change_template,
                              clean_build, delete_post, edit_body)

# Runs `chanblog build` as the command line does, then says which modules it loaded.
RUN_AND_LIST = """
import runpy, sys
sys.argv = ["chanblog", *sys.argv[1:]]
try:
    runpy.run_module("chanblog", run_name="__main__")
except SystemExit as stop:
    if stop.code:
        raise
print("loaded:", " ".join(sorted(sys.modules)))
"""


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once (see `test_an_input_changed_just_now_...`
    for the wait itself)."""
    monkeypatch.setattr(receipt, "RACY_NS", 0)


def command_line_build(site: SiteDir, *options: str) -> tuple[str, set[str]]:
    """Build in a fresh process, as `chanblog build` does: its closing line, and the modules of chanblog it loaded."""
    closing, loaded = command_line_build_loading(site, *options)
    return closing, {name for name in loaded if name.startswith("chanblog.")}


def command_line_build_loading(site: SiteDir, *options: str) -> tuple[str, set[str]]:
    """Build in a fresh process, as `chanblog build` does: its closing line, and every module it loaded."""
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST, "--site", str(site.root), "build", *options],
                          capture_output=True, text=True, check=True)
    closing, loaded = done.stdout.strip().splitlines()[-2:]
    return closing, set(loaded.removeprefix("loaded:").split())


def counts(closing: str) -> tuple[str, ...]:
    """The closing line's counts, without its time."""
    return tuple(re.findall(r"\d+ \w+", closing.rsplit(" in ", 1)[0]))


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.rglob("*")}


def test_a_build_with_nothing_changed_reports_the_last_one_without_loading_the_pipeline(site: SiteDir) -> None:
    built(site)
    time.sleep(receipt.RACY_NS / 1e9 + 0.1)  # the inputs are settled: their stats now tell a change
    first, loaded = command_line_build(site)
    assert "chanblog.build" in loaded
    before = stats(site.out)
    again, loaded = command_line_build(site)
    assert not {"chanblog.build", "chanblog.content", "chanblog.render", "chanblog.cache"} & loaded
    assert counts(again) == counts(first) and "0 written" in again
    assert stats(site.out) == before


def test_an_input_changed_just_now_leaves_no_receipt_until_it_settles(site: SiteDir) -> None:
    """A file changed within two seconds of the build that read it could change again unseen
    (same size, in the same tick of the clock): that build leaves no receipt."""
    built(site)
    time.sleep(receipt.RACY_NS / 1e9 + 0.1)
    command_line_build(site)
    assert (site.root / CACHE_DIR / receipt.RECEIPT).is_file()
    edit_body(site)
    _, loaded = command_line_build(site)
    assert "chanblog.build" in loaded
    assert not (site.root / CACHE_DIR / receipt.RECEIPT).exists()


def edit_output_by_hand(site: SiteDir) -> None:
    path = site.out / "index.html"
    path.write_bytes(path.read_bytes().replace(b"Post 7", b"Post 8"))


def delete_output_file(site: SiteDir) -> None:
    (site.out / "2009/03/post-5/index.html").unlink()


def add_file_to_output(site: SiteDir) -> None:
    (site.out / "2009/03/post-5/stray.html").write_text("left behind")


def add_catalog(site: SiteDir) -> None:
    site.write("locales/en.po", 'msgid ""\nmsgstr ""\n\nmsgid "Recent posts"\nmsgstr "Lately"\n')


def add_page(site: SiteDir) -> None:
    site.write("pages/about.md", "---\ntitle: About\n---\nAbout us.\n")


def link_a_static_file(site: SiteDir) -> None:
    os.symlink(site.root / "static/img/a.png", site.root / "static/img/b.png")


def change_the_linked_file(site: SiteDir) -> None:
    link_a_static_file(site)
    site.build()
    site.build()
    change_static(site)  # the link's own stats stay as they were


CHANGES: list[Change] = [edit_body, same_size_edit_dated_back, add_post, delete_post, change_tags, change_template,
                         change_site_yaml, change_static, add_catalog, add_page, edit_output_by_hand,
                         delete_output_file, add_file_to_output, change_the_linked_file]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_whatever_changed_since_the_receipt_the_build_runs(site: SiteDir, tmp_path: Path, settled: None,
                                                           change: Change) -> None:
    built(site)
    site.build()  # leaves a receipt
    assert (site.root / CACHE_DIR / receipt.RECEIPT).is_file()
    change(site)
    site.build()
    assert site.files() == clean_build(site, tmp_path)


def test_a_link_among_the_inputs_leaves_no_receipt(site: SiteDir, settled: None) -> None:
    built(site)
    link_a_static_file(site)
    site.build()
    assert not (site.root / CACHE_DIR / receipt.RECEIPT).exists()


def test_other_options_build_again(site: SiteDir, settled: None) -> None:
    built(site)
    site.post("wip", "Work in progress", "2009-03-08", draft="true")
    site.build()
    site.build("--drafts")
    assert (site.out / "2009/03/work-in-progress/index.html").is_file()
    site.build()
    assert not (site.out / "2009/03/work-in-progress/index.html").exists()


def test_a_post_coming_due_is_published_though_no_file_changed(site: SiteDir, settled: None) -> None:
    built(site)
    due = datetime.now(ZoneInfo("America/Los_Angeles")).replace(microsecond=0) + timedelta(seconds=3)
    site.post("due", "Due soon", f"'{due:%Y-%m-%d %H:%M:%S}'")
    site.build()
    site.build()  # leaves a receipt
    page = site.out / f"{due:%Y/%m}/due-soon/index.html"
    assert not page.exists()
    time.sleep(max(0.0, due.timestamp() - time.time()) + 0.2)
    site.build()
    assert page.is_file()


def test_a_new_commit_builds_again(site: SiteDir, tmp_path: Path, settled: None) -> None:
    built(site)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=site.root, check=True)
    subprocess.run([*git, "add", "posts"], cwd=site.root, check=True)
    subprocess.run([*git, "commit", "-qm", "posts", "--date", "2010-01-01T10:00:00Z"], cwd=site.root, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2010-01-01T10:00:00Z"})
    site.build()
    site.build()  # leaves a receipt
    subprocess.run([*git, "commit", "-q", "--amend", "--no-edit"], cwd=site.root, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2011-06-01T10:00:00Z"})
    site.build()
    assert site.html("2009/03/post-2/index.html").xpath("//p[@class='updated']/time/@datetime")[0].startswith(
        "2011-06-01")
    assert site.files() == clean_build(site, tmp_path)


@pytest.mark.parametrize("damage", [b"", b"chanblog-receipt-1\nnot a digest\n{}",
                                    receipt.HEADER + b"0" * 64 + b"\n{\"root\": 1}"])
def test_a_damaged_receipt_is_ignored(site: SiteDir, tmp_path: Path, settled: None, damage: bytes) -> None:
    built(site)
    site.build()
    (site.root / CACHE_DIR / receipt.RECEIPT).write_bytes(damage)
    edit_body(site)
    site.build()
    assert site.files() == clean_build(site, tmp_path)


def test_a_receipt_with_the_right_digest_but_wrong_fields_is_ignored(site: SiteDir, tmp_path: Path,
                                                                     settled: None) -> None:
    import hashlib
    import json
    built(site)
    site.build()
    path = site.root / CACHE_DIR / receipt.RECEIPT
    record = json.loads(path.read_bytes().split(b"\n", 2)[2])
    record["report"]["summary"]["pages"] = "many"
    text = json.dumps(record).encode()
    path.write_bytes(receipt.HEADER + hashlib.sha256(text).hexdigest().encode() + b"\n" + text)
    result = site.build()
    assert "many" not in result.output and "Built " in result.output


def test_a_build_without_its_index_leaves_no_receipt(site: SiteDir, settled: None) -> None:
    """Only `chanblog build` reads a receipt: the preview's rebuilds (published without the search
    index) do not stat every input to leave one."""
    from chanblog.build import build

    built(site)
    build(site.root, site.out, index=False)
    assert not (site.root / CACHE_DIR / receipt.RECEIPT).exists()
