"""Publishing an edit costs what changed: the staging folder (the spare, the output of the build
before last) is not walked when the page manifest vouches for it. Whatever was done to the spare
or to the output by hand, or by a build that failed, was killed or could not save its manifest,
the next edit's output equals a clean build's, byte for byte, and nothing outside is touched."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from chanblog.build import build
from chanblog.manifest import PageManifest
from conftest import SiteDir
from test_incremental import built, clean_build, edit_body, edit_title

PAGE = "2009/03/post-7/index.html"  # a page no edit below changes: the same in spare, output and plan
Hand = Callable[[Path, Path], None]  # a change made by hand to a folder (the spare or the output); the test's own tmp


def spare(site: SiteDir) -> Path:
    return site.root / "._site.spare"


def edited_twice(site: SiteDir) -> SiteDir:
    """A site built, then edited and built again: it has a spare, and the manifest knows both folders."""
    built(site)
    edit_body(site)
    build(site.root, site.out)
    assert (spare(site) / PAGE).is_file()
    return site


def change_in_place(folder: Path, _tmp: Path) -> None:
    (folder / PAGE).write_bytes(b"changed by hand")  # the same file (inode) as in the other folder


def replace_by_rename(folder: Path, _tmp: Path) -> None:
    (folder / "2009/03/post-7/new").write_bytes(b"changed by hand")
    os.replace(folder / "2009/03/post-7/new", folder / PAGE)


def change_keeping_the_size(folder: Path, _tmp: Path) -> None:
    page = folder / PAGE
    page.write_bytes(b"x" * page.stat().st_size)


def delete_file(folder: Path, _tmp: Path) -> None:
    (folder / PAGE).unlink()


def delete_folder(folder: Path, _tmp: Path) -> None:
    shutil.rmtree(folder / "2009/03")


def add_stray(folder: Path, _tmp: Path) -> None:
    (folder / "2009/03/post-7/stray.html").write_text("added by hand")


def add_stray_folders(folder: Path, _tmp: Path) -> None:
    (folder / "2009/03/post-7/extra/deeper").mkdir(parents=True)
    (folder / "2009/03/post-7/extra/deeper/stray.html").write_text("added by hand")
    (folder / "brand/new").mkdir(parents=True)
    (folder / "brand/new/stray.html").write_text("added by hand")


def file_for_folder(folder: Path, _tmp: Path) -> None:
    shutil.rmtree(folder / "2009/03/post-7")
    (folder / "2009/03/post-7").write_text("a file where a folder was")


def link_for_folder(folder: Path, tmp: Path) -> None:
    """A folder replaced by a link to a folder outside: never written through."""
    shutil.rmtree(folder / "2009/03/post-7")
    (folder / "2009/03/post-7").symlink_to(foreign(tmp), target_is_directory=True)


def foreign(tmp: Path) -> Path:
    outside = tmp / "outside"
    if not outside.exists():
        outside.mkdir()
        (outside / "index.html").write_text("not chanblog's")
        (outside / "keep.txt").write_text("not chanblog's either")
    return outside


HANDS = [change_in_place, replace_by_rename, change_keeping_the_size, delete_file, delete_folder, add_stray,
         add_stray_folders, file_for_folder, link_for_folder]


@pytest.mark.parametrize("hand", HANDS, ids=lambda h: h.__name__)
def test_a_change_by_hand_in_the_spare_is_found_by_the_next_edit(site: SiteDir, tmp_path: Path, hand: Hand) -> None:
    edited_twice(site)
    outside = foreign(tmp_path)
    hand(spare(site), tmp_path)
    edit_title(site)
    build(site.root, site.out)
    assert site.files() == clean_build(site, tmp_path)
    assert {p.name: p.read_text() for p in outside.iterdir()} == {"index.html": "not chanblog's",
                                                                   "keep.txt": "not chanblog's either"}


@pytest.mark.parametrize("hand", HANDS, ids=lambda h: h.__name__)
def test_a_change_by_hand_in_the_output_is_undone_by_the_next_two_edits(site: SiteDir, tmp_path: Path,
                                                                       hand: Hand) -> None:
    """The first edit publishes the spare; the second stages into the folder changed by hand."""
    edited_twice(site)
    outside = foreign(tmp_path)
    hand(site.out, tmp_path)
    for edit in (edit_title, edit_body):
        edit(site)
        build(site.root, site.out)
        assert site.files() == clean_build(site, tmp_path / edit.__name__)
    assert sorted(p.name for p in outside.iterdir()) == ["index.html", "keep.txt"]


def test_an_edit_lists_only_the_folders_that_changed(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    edited_twice(site)
    listed: list[str] = []
    scandir = os.scandir

    def listing(path: str) -> object:
        listed.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)
    edit_body(site)
    build(site.root, site.out)
    staged = [path.split("._site.new-", 1)[1].partition("/")[2] for path in listed if "._site.new-" in path]
    assert "" in staged  # the top folder, renamed by every build, is listed
    assert "2009/03/post-1" not in staged and "2009" not in staged and "tags/common" not in staged


def test_a_build_that_could_not_save_its_manifest_is_made_right(site: SiteDir, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A build killed after publishing and before saving (or whose cache could not be written)
    leaves the manifest describing the folders the other way round, once or twice."""
    edited_twice(site)
    with monkeypatch.context() as patch:
        patch.setattr(PageManifest, "save", lambda *args, **kwargs: None)
        for edit in (edit_title, edit_body):
            edit(site)
            build(site.root, site.out)
            add_stray(spare(site), tmp_path)
    for edit in (edit_title, edit_body):
        edit(site)
        build(site.root, site.out)
        assert site.files() == clean_build(site, tmp_path / edit.__name__)


def test_what_a_failed_build_left_in_the_spare_is_made_right(site: SiteDir, tmp_path: Path) -> None:
    edited_twice(site)
    edit_title(site)  # the listings that show the title are made, then the post pages fail
    site.write("templates/post.html", "{% extends 'theme/post.html' %}{% block title %}{{ post.nope }}{% endblock %}")
    assert site.run("build").exit_code == 1
    (site.root / "templates/post.html").unlink()
    for edit in (edit_body, edit_title):
        edit(site)
        build(site.root, site.out)
        assert site.files() == clean_build(site, tmp_path / edit.__name__)


def test_a_spare_other_than_the_one_the_manifest_names_is_walked(site: SiteDir, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """After one build that could not save its manifest, the spare is the folder the manifest
    takes for the output: its folders that no build changed since are older than the stamp."""
    built(site)
    post = site.root / "posts/p3.md"
    text = post.read_text()
    post.unlink()
    build(site.root, site.out)  # the other folder, without the post's folder
    post.write_text(text)
    build(site.root, site.out)  # the first folder again, where the post's folder never left
    with monkeypatch.context() as patch:
        patch.setattr(PageManifest, "save", lambda *args, **kwargs: None)
        edit_body(site)
        build(site.root, site.out)
    for edit in (edit_title, edit_body):
        edit(site)
        build(site.root, site.out)
        assert site.files() == clean_build(site, tmp_path / edit.__name__)
