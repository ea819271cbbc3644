"""Dates from git: a post without `updated` takes its newest commit's date, from one `git log`."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import feedparser
import pytest

from conftest import SiteDir
from test_incremental import clean_build

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(site: SiteDir, *args: str, date: str = "2020-01-01T00:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.com", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=site.root, env=env, check=True, capture_output=True)


def committed(site: SiteDir, message: str, date: str) -> None:
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(site: SiteDir) -> SiteDir:
    """Three posts: `a` changed in a later commit, `b` with its own `updated`, `c` never changed."""
    git(site, "init", "-q")
    site.write(".gitignore", "_site/\n.chanblog-cache/\n")
    site.post("a", "Alpha", "2009-08-14")
    site.post("b", "Beta", "2009-08-15", updated="2009-09-01")
    site.post("c", "Gamma", "2009-08-16")
    committed(site, "first", "2010-01-01T10:00:00+00:00")
    site.post("a", "Alpha", "2009-08-14", body="Changed.")
    site.post("b", "Beta", "2009-08-15", updated="2009-09-01", body="Changed too.")
    committed(site, "second", "2012-06-01T12:00:00+02:00")
    return site


def updated(site: SiteDir, page: str) -> list[str]:
    return site.html(page).xpath("//p[@class='updated']/time/@datetime")


def test_post_without_updated_takes_its_newest_commit_date(repo: SiteDir) -> None:
    repo.build()
    assert updated(repo, "2009/08/alpha/index.html") == ["2012-06-01T03:00:00-07:00"]  # in the site's time zone
    assert updated(repo, "2009/08/beta/index.html") == ["2009-09-01T00:00:00-07:00"]  # its own `updated` wins
    assert updated(repo, "2009/08/gamma/index.html") == ["2010-01-01T02:00:00-08:00"]
    sitemap = repo.text("sitemap.xml")
    assert "<loc>https://example.com/2009/08/alpha/</loc><lastmod>2012-06-01T03:00:00-07:00</lastmod>" in sitemap
    assert "<loc>https://example.com/2009/08/</loc><lastmod>2012-06-01T03:00:00-07:00</lastmod>" in sitemap
    assert "<loc>https://example.com/</loc><lastmod>2010-01-01T02:00:00-08:00</lastmod>" in sitemap  # gamma, beta
    entries = {e.title: e.updated for e in feedparser.parse(repo.text("feed.xml")).entries}
    assert entries["Alpha"] == "2012-06-01T03:00:00-07:00"


def test_one_git_log_for_the_whole_site(repo: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(10):
        repo.post(f"more{n}", f"More {n}", f"2009-07-{n + 1:02d}")
    committed(repo, "more", "2013-01-01T00:00:00+00:00")
    calls = tmp_path / "calls"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f"#!/bin/sh\necho \"$@\" >> '{calls}'\nexec '{shutil.which('git')}' \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    repo.build()
    assert [line.split()[2] for line in calls.read_text().splitlines()] == ["log"]
    assert updated(repo, "2009/07/more-3/index.html") == ["2012-12-31T16:00:00-08:00"]


def test_a_new_commit_date_alone_rebuilds_what_shows_it(repo: SiteDir, tmp_path: Path) -> None:
    repo.build()
    git(repo, "commit", "-q", "--amend", "--no-edit", date="2015-03-03T03:03:03+00:00")  # same files, new date
    result = repo.build()
    assert "0 written" not in result.output
    assert updated(repo, "2009/08/alpha/index.html") == ["2015-03-02T19:03:03-08:00"]
    assert repo.files() == clean_build(repo, tmp_path)


def test_git_false_keeps_the_posts_own_dates(repo: SiteDir) -> None:
    repo.write("site.yaml", (repo.root / "site.yaml").read_text() + "git: false\n")
    repo.build()
    assert updated(repo, "2009/08/alpha/index.html") == []


def test_commit_before_a_future_date_is_not_an_update(repo: SiteDir) -> None:
    repo.post("later", "Scheduled", "2030-01-01")
    committed(repo, "scheduled", "2014-01-01T00:00:00+00:00")
    repo.build("--future")
    assert updated(repo, "2030/01/scheduled/index.html") == []


def test_without_git_the_build_goes_on_with_a_warning(repo: SiteDir, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = repo.build()
    assert result.stderr.splitlines() == [
        "warning: git cannot be run (No such file or directory): posts without 'updated' keep their own date "
        "(install git, or set 'git: false' in site.yaml)"]
    assert updated(repo, "2009/08/alpha/index.html") == []


def test_git_asked_for_outside_a_repository_warns(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "git: true\n")
    site.post("a", "Alpha", "2009-08-14")
    result = site.build()
    [warning] = result.stderr.splitlines()
    assert warning.startswith("warning: git log failed: fatal: not a git repository")
    assert warning.endswith("(run chanblog in a git repository, or set 'git: false' in site.yaml)")


def test_outside_a_repository_git_is_off_and_silent(site: SiteDir) -> None:
    site.post("a", "Alpha", "2009-08-14")
    result = site.build()
    assert result.stderr == "" and updated(site, "2009/08/alpha/index.html") == []


def test_shallow_clone_keeps_only_dates_it_can_know(repo: SiteDir, tmp_path: Path) -> None:
    clone = SiteDir(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone.root)], check=True)
    result = clone.build()
    assert result.stderr.splitlines() == [
        "warning: the git repository is a shallow clone: posts changed only before its oldest commit keep their "
        "own date (fetch the whole history (actions/checkout: fetch-depth: 0))"]
    assert updated(clone, "2009/08/gamma/index.html") == []  # its date would be the clone's oldest commit's


def test_check_reports_the_same_warning(repo: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = repo.run("check")
    assert result.exit_code == 0
    assert result.stdout.startswith("warning: git cannot be run")
