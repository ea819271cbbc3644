"""`chanblog init`: a new site's skeleton, with a GitHub Actions workflow that checks, builds and
publishes it on GitHub Pages. `site_files` is pure; `create_site` writes, and never overwrites."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from chanblog.config import CONFIG_FILE, parse_config
from chanblog.errors import BuildFailed, ChanblogError

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
        run: pip install "chanblog=={version}"
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


def site_files(title: str, url: str, today: date, version: str) -> dict[str, str]:
    """Every file of a new site, by path."""
    return {
        CONFIG_FILE: SITE_YAML.format(title=json.dumps(title, ensure_ascii=False), url=url),
        f"posts/{today:%Y-%m-%d}-hello-world.md": FIRST_POST.format(today=f"{today:%Y-%m-%d}", workflow=WORKFLOW),
        "templates/.gitkeep": "",
        "static/.gitkeep": "",
        ".gitignore": GITIGNORE,
        WORKFLOW: WORKFLOW_YAML.format(version=version),
    }


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
