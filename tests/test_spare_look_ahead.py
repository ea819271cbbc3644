"""A build whose manifest records enough files has the spare looked at by another process while
it reads and renders, and publishing starts from what that process found. The output still
equals a clean build's whatever was done to the spare by hand, a spare another build used in
the meantime is looked at again, the other process never outlives its build, and it never runs
code from the site's folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from chanblog import spare_look, staging
from chanblog.build import build
from chanblog.errors import BuildFailed
from conftest import SiteDir
from test_incremental import clean_build, edit_body, edit_title
from test_publish_incremental import HANDS, Hand, edited_twice, foreign, spare


@pytest.fixture
def looking_ahead(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """Every site looked at ahead (the tests' sites are small), and the processes started for it."""
    monkeypatch.setattr(spare_look, "LOOK_AHEAD_FILES", 1)
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recorded(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        process = popen(*args, **kwargs)  # type: ignore[call-overload]
        if spare_look.ANSWER in process.args:  # (not another program chanblog runs)
            started.append(process)
        return process

    monkeypatch.setattr(spare_look.subprocess, "Popen", recorded)
    return started


@pytest.fixture
def inventories(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders this process takes an inventory of while staging."""
    taken: list[str] = []
    inventory = staging.inventory

    def counted(folder: str, *args: object) -> object:
        taken.append(folder)
        return inventory(folder, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(staging, "inventory", counted)
    return taken


def test_an_edit_publishes_from_what_the_other_process_found(
        site: SiteDir, tmp_path: Path, looking_ahead: list[subprocess.Popen[bytes]], inventories: list[str]) -> None:
    edited_twice(site)
    looking_ahead.clear()
    inventories.clear()
    edit_body(site)
    build(site.root, site.out)
    assert len(looking_ahead) == 1 and looking_ahead[0].returncode is not None
    assert inventories == []
    assert site.files() == clean_build(site, tmp_path)


@pytest.mark.parametrize("hand", HANDS, ids=lambda h: h.__name__)
def test_a_change_by_hand_in_the_spare_is_found_by_the_other_process(
        site: SiteDir, tmp_path: Path, looking_ahead: list[subprocess.Popen[bytes]], hand: Hand) -> None:
    edited_twice(site)
    outside = foreign(tmp_path)
    hand(spare(site), tmp_path)
    edit_title(site)
    build(site.root, site.out)
    assert looking_ahead
    assert site.files() == clean_build(site, tmp_path)
    assert sorted(p.name for p in outside.iterdir()) == ["index.html", "keep.txt"]


def test_a_spare_another_build_used_after_the_look_is_looked_at_again(
        site: SiteDir, tmp_path: Path, looking_ahead: list[subprocess.Popen[bytes]], inventories: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another build that staged into the spare and failed put it back, with a page of its own."""
    edited_twice(site)
    looked = spare_look.LookAhead.looked

    def then_used(self: spare_look.LookAhead) -> spare_look.Looked | None:
        found = looked(self)
        taken = spare(site).with_name("._site.new-1-other")
        spare(site).rename(taken)
        (taken / "2009/03/post-7/other.html").write_text("staged by another build")
        taken.rename(spare(site))
        return found

    monkeypatch.setattr(spare_look.LookAhead, "looked", then_used)
    inventories.clear()
    edit_body(site)
    build(site.root, site.out)
    assert len(inventories) == 1
    assert site.files() == clean_build(site, tmp_path)


def test_a_build_that_fails_before_publishing_stops_the_other_process(
        site: SiteDir, looking_ahead: list[subprocess.Popen[bytes]]) -> None:
    edited_twice(site)
    looking_ahead.clear()
    before = site.files()
    site.write("posts/broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(BuildFailed):
        build(site.root, site.out)
    assert len(looking_ahead) == 1 and looking_ahead[0].returncode is not None
    assert site.files() == before


def test_the_other_process_runs_no_code_from_the_site_folder(
        site: SiteDir, tmp_path: Path, looking_ahead: list[subprocess.Popen[bytes]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    edited_twice(site)
    ran = tmp_path / "ran"
    planted = f"open({str(ran)!r}, 'w').close()\n"
    for name in ("chanblog/__init__.py", "chanblog/spare_look.py", "json.py", "sitecustomize.py"):
        site.write(name, planted)
    monkeypatch.chdir(site.root)
    monkeypatch.setenv("PYTHONSTARTUP", str(site.root / "json.py"))
    edit_body(site)
    build(site.root, site.out)
    assert looking_ahead
    assert not ran.exists()
