"""The preview's rebuilds keep, in their `Warm`, the caches the last rebuild in the same process
left: they read a cache file again only when it is no longer the file that rebuild left, and
always write what a clean build writes."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chanblog.build import build
from chanblog.cache import CACHE_DIR
from chanblog.errors import BuildFailed
from chanblog.warm import Warm
from conftest import SiteDir
from test_incremental import add_post, blog, change_tags, clean_build, delete_post, edit_body, edit_title

Change = Callable[[SiteDir], None]
_opened: list[list[str]] = []  # the paths opened for reading while `read_files` records, innermost last


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _opened and isinstance(args[0], (str, bytes, os.PathLike)) and _reads(*args[1:3]):
        _opened[-1].append(os.fsdecode(args[0]))


def _reads(mode: object, flags: object) -> bool:
    """Whether an open (by `open`, with a mode; or by `os.open`, with flags) is for reading only."""
    if isinstance(mode, str):
        return not set(mode) & set("wax+")
    return isinstance(flags, int) and flags & os.O_ACCMODE == os.O_RDONLY


sys.addaudithook(_audit)  # (a hook cannot be removed: it records only inside `read_files`)


@contextmanager
def read_files() -> Iterator[list[str]]:
    """The paths of the files opened for reading in this process meanwhile."""
    _opened.append([])
    try:
        yield _opened[-1]
    finally:
        _opened.pop()


def preview_build(site: SiteDir, warm: Warm) -> None:
    """A rebuild as `chanblog serve` makes it."""
    build(site.root, site.out, index=False, warm=warm)


def cache_files_read(paths: list[str], site: SiteDir) -> set[str]:
    """Which files of the draft and body caches and of the page manifest were read."""
    cache = site.root / CACHE_DIR
    return {Path(path).name for path in paths if Path(path).parent == cache and (
        Path(path).name == "drafts.cache" or Path(path).name.startswith(("bodies-", "pages-")))}


def previewed_blog(site: SiteDir) -> Warm:
    """test_incremental's blog, built once by a preview: its `Warm`, to go on with."""
    blog(site)
    for path in (site.root / "posts").glob("*.md"):  # (as test_incremental's sites: no blank series)
        path.write_text(path.read_text().replace("series: \n", ""))
    warm = Warm()
    preview_build(site, warm)
    return warm


@pytest.fixture
def warm_site(site: SiteDir) -> tuple[SiteDir, Warm]:
    """A blog built once by a preview, whose `Warm` the test goes on with."""
    return site, previewed_blog(site)


def rename_post(site: SiteDir) -> None:
    (site.root / "posts/p5.md").rename(site.root / "posts/p5-renamed.md")


@pytest.mark.parametrize("change", [edit_body, edit_title, change_tags, delete_post, add_post, rename_post],
                         ids=lambda change: change.__name__)
def test_a_warm_rebuild_writes_what_a_clean_build_writes(warm_site: tuple[SiteDir, Warm], tmp_path: Path,
                                                         change: Change) -> None:
    assert_rebuilds_write_what_clean_builds_write(warm_site, tmp_path, change, then=edit_body)


def assert_rebuilds_write_what_clean_builds_write(warm_site: tuple[SiteDir, Warm], tmp_path: Path, change: Change,
                                                  then: Change) -> None:
    """A rebuild after `change`, and the rebuild after `then`, from what that one left, each
    write what a clean build of the same sources writes."""
    site, warm = warm_site
    for number, made in enumerate((change, then)):
        made(site)
        preview_build(site, warm)
        assert site.files() == clean_build(site, tmp_path / str(number)), made.__name__


def test_a_warm_rebuild_reads_no_cache_file_the_last_rebuild_left_as_it_is(
        warm_site: tuple[SiteDir, Warm]) -> None:
    site, warm = warm_site
    edit_body(site)
    preview_build(site, warm)
    edit_title(site)
    with read_files() as paths:
        preview_build(site, warm)
    assert cache_files_read(paths, site) == set()


def test_a_build_in_another_process_between_two_rebuilds_is_read(warm_site: tuple[SiteDir, Warm],
                                                                  tmp_path: Path) -> None:
    site, warm = warm_site
    edit_title(site)
    build(site.root, site.out)  # `chanblog build`, as another process runs it: it writes every cache its own way
    change_tags(site)
    with read_files() as paths:
        preview_build(site, warm)
    assert "drafts.cache" in cache_files_read(paths, site)
    assert site.files() == clean_build(site, tmp_path)


def _put_back_older(site: SiteDir, name: str) -> Callable[[], None]:
    """Keep a copy of the cache file `name` as it is now; the change that puts that copy back in its place."""
    path = site.root / CACHE_DIR / name
    older = path.read_bytes()
    return lambda: path.write_bytes(older)


def _damage(site: SiteDir, name: str) -> Callable[[], None]:
    path = site.root / CACHE_DIR / name
    return lambda: path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])


def _bodies_file_of_p2(site: SiteDir) -> str:
    return next(path.name for path in (site.root / CACHE_DIR).glob("bodies-*.cache")
                if b"An added closing sentence" in path.read_bytes())


def _manifest_name(site: SiteDir) -> str:
    return next((site.root / CACHE_DIR).glob("pages-*.log")).name


CACHE_FILES: dict[str, Callable[[SiteDir], str]] = {
    "drafts": lambda site: "drafts.cache", "bodies": _bodies_file_of_p2, "manifest": _manifest_name}


@pytest.mark.parametrize("how", ["older", "damaged"])
@pytest.mark.parametrize("which", CACHE_FILES)
def test_a_cache_file_replaced_between_two_rebuilds_is_read_again(warm_site: tuple[SiteDir, Warm], tmp_path: Path,
                                                                  which: str, how: str) -> None:
    site, warm = warm_site
    edit_body(site)
    preview_build(site, warm)
    name = CACHE_FILES[which](site)
    replace = (_put_back_older if how == "older" else _damage)(site, name)
    edit_title(site)  # (the body stays as it was: only the file kept says how it renders)
    preview_build(site, warm)
    replace()
    change_tags(site)
    with read_files() as paths:
        preview_build(site, warm)
    assert name in cache_files_read(paths, site)
    assert site.files() == clean_build(site, tmp_path)


def test_a_warm_rebuild_after_a_failed_one_writes_what_a_clean_build_writes(warm_site: tuple[SiteDir, Warm],
                                                                           tmp_path: Path) -> None:
    site, warm = warm_site
    broken = site.write("posts/broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(BuildFailed):
        preview_build(site, warm)
    broken.unlink()
    edit_body(site)
    preview_build(site, warm)
    assert site.files() == clean_build(site, tmp_path)
