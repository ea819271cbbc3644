"""The pre-commit hook other blogs use: its manifest, and its command run as pre-commit runs it."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import SiteDir

REPO = Path(__file__).resolve().parents[1]


def hook() -> dict:
    [entry] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return entry


def test_manifest_declares_a_python_hook_that_runs_check_once() -> None:
    entry = hook()
    assert {"id", "name", "entry", "language"} <= entry.keys()
    assert entry["id"] == "chanblog-check" and entry["language"] == "python"
    assert entry["pass_filenames"] is False  # the whole site is checked, not the changed files
    files = re.compile(entry["files"])
    assert all(files.search(p) for p in ("site.yaml", "posts/2009/x.md", "templates/post.html", "static/img/a.png"))
    assert not any(files.search(p) for p in ("README.md", "_site/index.html", "src/posts/x.py"))


def test_hook_command_fails_a_bad_post_and_passes_a_good_site(site: SiteDir) -> None:
    """pre-commit runs the entry from the repository's top folder: here, the site's."""
    command = shlex.split(hook()["entry"])
    beside_python = Path(sys.executable).parent / command[0]  # the script of this installation, as in
    command[0] = str(beside_python) if beside_python.exists() else shutil.which(command[0]) or command[0]  # pre-commit's venv
    site.post("a", "Good", "2009-08-14")
    done = subprocess.run(command, cwd=site.root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    site.write("posts/b.md", "---\ntitle: Bad\ndate: tomorrow-ish\n---\n")
    done = subprocess.run(command, cwd=site.root, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith("posts/b.md:3: date: 'tomorrow-ish' is not a date")
    assert not (site.root / "_site").exists()
