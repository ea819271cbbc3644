"""An edit costs what it changes: a post whose file is as the last build left it is not opened,
the draft cache grows by what changed, and whatever changed, the output still equals a clean
build's, byte for byte, search index included."""

from __future__ import annotations

import builtins
import json
import os
from pathlib import Path
from typing import Any

import pytest

from chanblog import cache
from chanblog.build import build
from chanblog.cache import CACHE_DIR
from conftest import SiteDir
from test_safety_cache import rewrite_drafts
from test_incremental import (Change, _remove_series_blank, blog, built, change_static, change_tags,
                              change_template, clean_build, delete_post, edit_body, edit_title)


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once: the cache vouches for them without
    waiting for the file system's clock to move on (see `racy` for the wait itself)."""
    monkeypatch.setattr(cache, "RACY_NS", 0, raising=False)  # (raising=False: so the test runs without it too)


def opened_posts(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The post files opened from now on, by name, in order (filled in as files are opened)."""
    opened: list[str] = []
    real_open = builtins.open

    def watching(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and Path(file).parent == site.root / "posts":
            opened.append(Path(file).name)
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", watching)
    return opened


def test_a_post_whose_file_is_unchanged_is_not_opened(site: SiteDir, tmp_path: Path, settled: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    built(site)
    edit_body(site)
    opened = opened_posts(site, monkeypatch)
    build(site.root, site.out)
    assert opened == ["p2.md"]
    opened.clear()
    build(site.root, site.out)
    assert opened == []
    monkeypatch.undo()
    assert site.files() == clean_build(site, tmp_path)


def same_size_edit_dated_back(site: SiteDir) -> None:
    """An edit that keeps the file's size, its mtime set back as `touch -d` would: only its
    ctime (which nobody can set back) tells."""
    path = site.root / "posts/p2.md"
    before = path.stat()
    path.write_text(path.read_text().replace("First paragraph 2.", "First paragraph X."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def replaced_by_a_rename(site: SiteDir) -> None:
    """Another file of the same size and mtime moved over the post, as editors and git do."""
    path, other = site.root / "posts/p2.md", site.root / "p2.md.new"
    before = path.stat()
    other.write_text(path.read_text().replace("More of 2.", "More of Z."))
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)


def rename_post(site: SiteDir) -> None:
    (site.root / "posts/p5.md").rename(site.root / "posts/p5-moved.md")


def add_post(site: SiteDir) -> None:
    site.post("late", "A late post", "2009-03-10", tags="[common]")


FOUND: list[Change] = [edit_body, same_size_edit_dated_back, replaced_by_a_rename, rename_post, add_post, delete_post]


@pytest.mark.parametrize("change", FOUND, ids=lambda c: c.__name__)
def test_a_changed_added_deleted_or_renamed_post_is_found(site: SiteDir, tmp_path: Path, settled: None,
                                                          change: Change) -> None:
    built(site)
    build(site.root, site.out)  # every post now vouched for by its stat
    change(site)
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)


def test_an_edit_in_the_same_tick_of_a_coarse_clock_is_found(site: SiteDir, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system whose times count whole seconds, an edit right after a build can leave
    size, times and inode as they were: a file changed that recently is not vouched for."""
    def coarse(path: str) -> cache.FileStat | None:
        try:
            info = os.stat(path)
        except OSError:  # not there (as `file_stat` says: a cache file before its first build)
            return None
        return info.st_size, info.st_mtime_ns // 10**9 * 10**9, info.st_ctime_ns // 10**9 * 10**9, info.st_ino
    monkeypatch.setattr(cache, "file_stat", coarse, raising=False)
    built(site)
    same_size_edit_dated_back(site)
    path = site.root / "posts/p2.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns // 10**9 * 10**9))
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)


def an_edit_builds_as_a_clean_build(site: SiteDir, tmp_path: Path) -> bool:
    """Edit a post, build; True if the output is what a clean build makes."""
    edit_body(site)
    build(site.root, site.out)
    return site.files() == clean_build(site, tmp_path)


def draft_lines(site: SiteDir) -> list[bytes]:
    return (site.root / CACHE_DIR / "drafts.cache").read_bytes().split(b"\n")


def test_an_edit_appends_one_line_to_the_draft_cache(site: SiteDir, settled: None) -> None:
    built(site)
    build(site.root, site.out)
    before = (site.root / CACHE_DIR / "drafts.cache").read_bytes()
    edit_title(site)
    build(site.root, site.out)
    after = (site.root / CACHE_DIR / "drafts.cache").read_bytes()
    assert after.startswith(before)
    added = after[len(before):].split(b"\n")
    assert len(added) == 2 and added[1] == b""  # one line, ended
    assert json.loads(added[0].split(b" ", 1)[1])[0] == "posts/p2.md"


def test_a_draft_cache_cut_short_is_read_up_to_the_cut_and_rewritten(site: SiteDir, tmp_path: Path,
                                                                    settled: None) -> None:
    built(site)
    path = site.root / CACHE_DIR / "drafts.cache"
    path.write_bytes(path.read_bytes()[:-40])  # a write cut short: the last line is torn
    assert an_edit_builds_as_a_clean_build(site, tmp_path)
    lines = draft_lines(site)
    assert lines[-1] == b"" and len(lines) == 2 + len(list((site.root / "posts").glob("*.md"))) + 1


def test_planted_cache_lines_with_a_true_stat_are_made_again(site: SiteDir, tmp_path: Path, settled: None) -> None:
    """Lines with a right SHA-256 and the file's true stat, but keys that are not SHA-256s or a
    draft that is not one: each is dropped and its post read again."""
    built(site)
    build(site.root, site.out)
    def plant(number: int, entry: list) -> None:
        entry[number % 3 + 2] = ["zz", "../" * 30, {"__reduce__": "os.system"}][number % 3]
    rewrite_drafts(site.root / CACHE_DIR / "drafts.cache", plant)
    assert an_edit_builds_as_a_clean_build(site, tmp_path)


def built_with_search(site: SiteDir) -> SiteDir:
    blog(site)
    config = site.root / "site.yaml"
    config.write_text(config.read_text().replace("search: false\n", ""))
    _remove_series_blank(site)
    site.build()
    return site


WITH_SEARCH = [edit_body, edit_title, change_tags, change_template, change_static, delete_post, rename_post]


@pytest.mark.parametrize("change", WITH_SEARCH, ids=lambda c: c.__name__)
def test_with_search_an_incremental_build_equals_a_clean_build(site: SiteDir, tmp_path: Path, settled: None,
                                                               change: Change) -> None:
    built_with_search(site)
    build(site.root, site.out)
    change(site)
    build(site.root, site.out)
    files = site.files()
    assert any(path.startswith("pagefind/fragment/") for path in files)
    assert files == clean_build(site, tmp_path)


def test_a_renamed_post_builds_as_a_clean_build_does(site: SiteDir, tmp_path: Path) -> None:
    built(site)
    rename_post(site)
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)


def test_an_unchanged_post_whose_link_target_went_names_the_line_of_its_link(site: SiteDir, settled: None) -> None:
    built(site)
    site.post("p8", "Post 8", "2009-03-08", body="Intro.\n\nMore.\n\nSee [one](@/posts/p1.md).\n")
    site.build()
    site.build()  # p8 is now taken from the cache without being read
    (site.root / "posts/p1.md").unlink()
    result = site.run("build")
    assert result.exit_code == 1
    assert "posts/p8.md:10: links to @/posts/p1.md, which is no post or page" in result.output
