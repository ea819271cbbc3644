"""`chanblog init`: a new site's skeleton, with a GitHub Actions workflow that checks, builds and
publishes it on GitHub Pages. `site_files` is pure; `create_site` writes, and never overwrites."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from chanblog.config import CONFIG_FILE, parse_config
from chanblog.errors import BuildFailed, ChanblogError, ChanblogWarning

WORKFLOW = ".github/workflows/chanblog.yml"

SITE_YAML = """\
title: {title}
url: {url}  # where the site is published; on GitHub Pages: https://USER.github.io/REPOSITORY
description: ""
language: en
timezone: UTC
permalink: /{{year}}/{{month}}/{{slug}}/
author: me
authors:
  me:
    name: Your Name
"""

FIRST_POST = """\
---
title: Hello, world
date: {today}
tags: [welcome]
---
This is the first post of your new blog. Edit it, or start another with
`chanblog new "A title"`.

<!--more-->

`chanblog check` finds mistakes in posts, links and templates; `chanblog build`
publishes the site into `_site/`, and `chanblog serve` shows it at
http://127.0.0.1:8000/. Pushed to GitHub, `{workflow}` checks, builds and
publishes it on GitHub Pages.
"""

GITIGNORE = """\
_site/
._site.*/
.chanblog-cache/
"""

WORKFLOW_YAML = """\
# Checks, builds and publishes this blog on GitHub Pages; written by `chanblog init`.
# Turn it on once: the repository's Settings > Pages > Build and deployment > Source: GitHub Actions.
name: Publish

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: a post without 'updated' takes its last commit's date
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install chanblog
        run: pip install -r requirements.txt
      - name: Check
        run: chanblog check
      - name: Build
        run: chanblog build
      - name: Upload the site
        if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@v3
        with:
          path: _site

  deploy:
    if: github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      actions: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""


REQUIREMENTS = """\
# The chanblog that builds this site, here and in .github/workflows/chanblog.yml:
# the one `chanblog init` ran with. Change it to upgrade.
{requirement}
"""
EXAMPLE_REQUIREMENT = "chanblog @ git+https://github.com/OWNER/chanblog@COMMIT"
# chanblog is on no package index: without the repository it came from, say what to write.
REQUIREMENTS_UNKNOWN = f"""\
# The chanblog that builds this site, here and in .github/workflows/chanblog.yml.
# `chanblog init` could not tell where its chanblog came from, and no package index has
# chanblog: before you push, put the git URL and commit of your chanblog on the last line,
# without the '#', for example:
# {EXAMPLE_REQUIREMENT}
"""
REQUIREMENT_LINE = REQUIREMENTS_UNKNOWN.count("\n")  # the line to edit, for the warning


def site_files(title: str, url: str, today: date, requirement: str | None) -> dict[str, str]:
    """Every file of a new site, by path; `requirement` is the pip requirement that installs
    chanblog, or None if it is not known."""
    return {
        CONFIG_FILE: SITE_YAML.format(title=json.dumps(title, ensure_ascii=False), url=url),
        f"posts/{today:%Y-%m-%d}-hello-world.md": FIRST_POST.format(today=f"{today:%Y-%m-%d}", workflow=WORKFLOW),
        "templates/.gitkeep": "",
        "static/.gitkeep": "",
        ".gitignore": GITIGNORE,
        "requirements.txt": REQUIREMENTS.format(requirement=requirement) if requirement else REQUIREMENTS_UNKNOWN,
        WORKFLOW: WORKFLOW_YAML,
    }


def chanblog_requirement(direct_url: dict[str, Any] | None,
                         checkout: Callable[[str], tuple[str, str] | None]) -> str | None:
    """How pip installs the chanblog that is running: from the repository and commit it came from
    (PEP 610's direct_url.json, or the git checkout a local install points at) or the https
    archive it was installed from; None if it came from elsewhere, since no package index has
    chanblog. `checkout(folder)` gives a checkout's public remote URL and commit."""
    url = (direct_url or {}).get("url", "")
    vcs = (direct_url or {}).get("vcs_info", {})
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"chanblog @ git+{url}@{vcs['commit_id']}"
    if url.startswith("file://") and (found := checkout(url.removeprefix("file://"))):
        remote, commit = found
        return f"chanblog @ git+{remote}@{commit}"
    if url.startswith("https://") and "archive_info" in (direct_url or {}):
        return f"chanblog @ {url}"
    return None


def installed_requirement() -> str | None:
    """`chanblog_requirement` for the chanblog installed here."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("chanblog").read_text("direct_url.json")
    except PackageNotFoundError:
        text = None
    return chanblog_requirement(json.loads(text) if text else None, _git_checkout)


def unknown_requirement_warning() -> ChanblogWarning:
    """What `chanblog init` says when it wrote no requirement for chanblog."""
    return ChanblogWarning("chanblog init could not tell where this chanblog came from, and no package index "
                           "has it, so the Pages workflow cannot install it yet", "requirements.txt", REQUIREMENT_LINE,
                           f"put the git URL and commit of your chanblog there, such as '{EXAMPLE_REQUIREMENT}'")


def _git_checkout(folder: str) -> tuple[str, str] | None:
    """A checkout's public remote (as an https URL) and commit, or None."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", folder, *args], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""
    try:
        remote, commit = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    except OSError:
        return None
    if remote.startswith("git@") and ":" in remote:  # git@github.com:owner/repo.git
        remote = "https://" + remote.removeprefix("git@").replace(":", "/", 1)
    return (remote, commit) if remote.startswith("https://") and commit else None


def create_site(folder: Path, files: dict[str, str]) -> list[str]:
    """Write the files into `folder`; if any is there already, or site.yaml would be invalid,
    write none of them. Returns the paths written."""
    parse_config(files[CONFIG_FILE], folder)  # a bad title or url is refused before anything is written
    existing = [ChanblogError("already exists", path, None, "chanblog init never overwrites a file: move it away, "
                              "or create the site in a new folder") for path in files if (folder / path).exists()]
    if existing:
        raise BuildFailed(existing)
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as file:
            file.write(text)
    return list(files)
