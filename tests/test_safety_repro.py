"""Reproducible and fresh: the same sources give the same bytes, the suite passes on any PyYAML 6,
a new site's requirements install, and the sdist carries what its tests need."""

from __future__ import annotations

import gzip
import importlib.metadata
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from chanblog.cli import cli
from chanblog.search_order import steady_filters
from conftest import SiteDir

LABELS = ["Sales", "Social Media", "Leadership", "Marketing", "Zen", "Ops", "Écoles"]
TAGS = ["viral", "ideas", "c", "python", "rust", "go", "x", "y", "naïve"]
AUTHORS = {"jane": "Jane Doe", "bo": "Bo Rhee", "cy": "Cy Park", "dee": "Dee Moss"}


def many_filters(site: SiteDir) -> SiteDir:
    """Posts spread over several labels, tags and authors: many values for every search filter."""
    site.write("site.yaml", "title: T\nurl: https://example.com\nauthors:\n"
               + "".join(f"  {key}: {{name: {name}}}\n" for key, name in AUTHORS.items()))
    for n in range(24):
        labels = ", ".join(LABELS[(n + k) % len(LABELS)] for k in range(2))
        tags = ", ".join(TAGS[(n * 2 + k) % len(TAGS)] for k in range(3))
        site.post(f"p{n}", f"Post {n}", f"2009-08-{n + 1:02d}", body=f"Essay {n} on {tags}.",
                  labels=f"[{labels}]", tags=f"[{tags}]", author=list(AUTHORS)[n % len(AUTHORS)])
    return site


def clean_build(site: SiteDir, folder: Path) -> dict[str, bytes]:
    """Every output file of a build of a copy of the site, with no cache and no earlier output."""
    copy = SiteDir(folder)
    shutil.copytree(site.root, copy.root)
    copy.build()
    return copy.files()


def test_two_clean_builds_are_byte_identical_search_index_included(site: SiteDir, tmp_path: Path) -> None:
    many_filters(site)
    one, other = (clean_build(site, tmp_path / name) for name in ("first", "second"))
    assert len([path for path in one if path.startswith("pagefind/filter/")]) == 3  # author, label, tag
    assert one.keys() == other.keys()
    assert [path for path in one if one[path] != other[path]] == []


def test_a_search_index_in_a_shape_not_known_is_left_as_pagefind_wrote_it(site: SiteDir) -> None:
    many_filters(site).build()
    bundle = site.out / "pagefind"
    [label_file] = [path for path in (bundle / "filter").iterdir() if b"label" in gzip.decompress(path.read_bytes())]
    label_file.write_bytes(gzip.compress(b"pagefind_dcd\xbf"))  # an indefinite-length map, which Pagefind never writes
    before = {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    steady_filters(bundle)
    assert {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()} == before


# Newer libyaml refuses about a thousand levels on one line on its own, in its own words, while
# reading ahead; the 33rd level is where chanblog's message points on every PyYAML 6.
NESTED = "".join(" [\n" for _ in range(10)) + " " + "[" * 2000 + "]" * 2010 + "\n"


def test_nesting_deeper_than_libyaml_allows_gets_chanblogs_message_at_its_line(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: Deep\ndate: 2009-01-01\nmeta:\n" + NESTED + "---\nText.\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("posts/x.md:15: YAML nested more than 32 levels deep "
                                             "(front matter needs a few levels at most: flatten it)")
    site.write("posts/x.md", "---\ntitle: Shallow\ndate: 2009-01-01\n---\nText.\n")
    site.write("site.yaml", "title: T\nurl: https://example.com\nextra:\n" + NESTED)
    result = site.run("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == ("site.yaml:14: YAML nested more than 32 levels deep "
                                             "(front matter needs a few levels at most: flatten it)")


def init(folder: Path) -> Result:
    return CliRunner().invoke(cli, ["init", str(folder)], catch_exceptions=False)


def installed_with(monkeypatch: pytest.MonkeyPatch, direct_url: str | None) -> None:
    """chanblog as if pip had installed it recording this direct_url.json (None: from a package index)."""
    class Installed:
        def read_text(self, name: str) -> str | None:
            return direct_url if name == "direct_url.json" else None

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())


def pip_would_install(requirements: Path) -> subprocess.CompletedProcess[str]:
    """pip reading the file as the Pages workflow does, with no index: nothing is fetched."""
    return subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--isolated", "--no-index",
                           "--disable-pip-version-check", "-r", str(requirements)],
                          capture_output=True, text=True, check=False)


def test_init_from_an_unknown_source_warns_and_asks_for_the_git_url(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    installed_with(monkeypatch, None)  # from a package index, a wheel file or a folder: no repository to name
    result = init(tmp_path / "blog")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2] == (
        "requirements.txt:5: warning: chanblog init could not tell where this chanblog came from, and no package "
        "index has it, so the Pages workflow cannot install it yet (put the git URL and commit of your chanblog "
        "there, such as 'chanblog @ git+https://github.com/OWNER/chanblog@COMMIT')")
    lines = (tmp_path / "blog/requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[4] == "# chanblog @ git+https://github.com/OWNER/chanblog@COMMIT"
    assert [line for line in lines if not line.startswith("#")] == []  # no chanblog==0.1.0 that no index has
    installing = pip_would_install(tmp_path / "blog/requirements.txt")
    assert installing.returncode == 0, installing.stderr


def test_init_from_a_git_install_names_it_without_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed_with(monkeypatch, '{"url": "https://github.com/owner/chanblog.git", '
                                '"vcs_info": {"vcs": "git", "commit_id": "abc123"}}')
    result = init(tmp_path / "blog")
    assert result.exit_code == 0 and "warning" not in result.output
    lines = (tmp_path / "blog/requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "chanblog @ git+https://github.com/owner/chanblog.git@abc123"


REPO = Path(__file__).resolve().parents[1]
BUILD_SDIST = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"


def test_the_sdist_carries_what_its_tests_need_and_an_spdx_license(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-c", BUILD_SDIST, str(tmp_path)], cwd=REPO,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    said = (built.stdout + built.stderr).lower()
    assert "deprecat" not in said, said
    with tarfile.open(tmp_path / built.stdout.split()[-1]) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
        [info] = [member for member in sdist.getmembers() if member.name.count("/") == 1
                  and member.name.endswith("/PKG-INFO")]
        metadata = sdist.extractfile(info).read().decode()  # type: ignore[union-attr]
    needed = ["tests/conftest.py", "tests/data/atom.rnc", "tests/data/seed_essays.yaml",
              "tests/data/import/blogger.xml", "tests/sitecheck.py", "tests/bundled.py", "scripts/test",
              "site.yaml", "posts/2007-06-11-customer-focused-selling.md", ".pre-commit-hooks.yaml", "LICENSE",
              "src/chanblog/fonts/SourceSansPro-Bold.otf", "src/chanblog/fonts/OFL.txt"]  # the social cards' font
    assert [name for name in needed if name not in names] == []
    assert "License-Expression: MIT AND OFL-1.1" in metadata.splitlines()  # OFL: the font of the social cards
    assert {"License-File: LICENSE", "License-File: src/chanblog/fonts/OFL.txt"} <= set(metadata.splitlines())
