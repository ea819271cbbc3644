"""`chanblog build` with nothing to do answers before the command line's library is loaded, with
the same closing line; anything else (a change, a warning to show, another option) goes through
the command line as before, which is handed the receipt's answer rather than asking again."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from chanblog import receipt
from conftest import SiteDir
from test_incremental import built, clean_build, edit_body
from test_receipt import command_line_build_loading, counts

CLOSING = re.compile(r"Built \d+ pages? and \d+ feeds? \(\d+ written, \d+ skipped as unchanged\): \d+ posts?, "
                     r"\d+ tags?, \d+ labels? in \d+\.\d\d s")


def settled(site: SiteDir) -> SiteDir:
    """`site` built, its inputs settled: the next build leaves a receipt."""
    built(site)
    time.sleep(receipt.RACY_NS / 1e9 + 0.1)
    return site


def test_a_build_with_nothing_to_do_does_not_load_the_command_line_library(site: SiteDir) -> None:
    first, loaded = command_line_build_loading(settled(site))
    assert "click" in loaded and "chanblog.build" in loaded
    again, loaded = command_line_build_loading(site)
    assert CLOSING.fullmatch(again) and "0 written" in again
    assert counts(again) == counts(first)
    assert not {"click", "chanblog.cli", "chanblog.build"} & loaded


def test_a_build_after_an_edit_runs_through_the_command_line_and_equals_a_clean_build(
        site: SiteDir, tmp_path: Path) -> None:
    command_line_build_loading(settled(site))
    edit_body(site)
    closing, loaded = command_line_build_loading(site)
    assert "click" in loaded and "chanblog.build" in loaded
    assert CLOSING.fullmatch(closing) and "0 written" not in closing
    assert site.files() == clean_build(site, tmp_path)


def test_a_build_with_nothing_to_do_still_shows_the_last_builds_warnings(site: SiteDir) -> None:
    site.post("long", "A long one", "2009-05-01", body="word " * 120_000)
    command_line_build_loading(settled(site))
    done = subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site.root), "build"],
                          capture_output=True, text=True, check=True)
    assert "posts/long.md: warning: is too long for a feed" in done.stderr
    assert "0 written" in done.stdout


def test_a_build_with_an_option_is_the_command_lines(site: SiteDir) -> None:
    command_line_build_loading(settled(site))
    command_line_build_loading(site, "--drafts")
    closing, loaded = command_line_build_loading(site, "--drafts")
    assert "click" in loaded and CLOSING.fullmatch(closing) and "0 written" in closing
