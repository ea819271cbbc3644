"""Fixture sites in temporary folders, and helpers to read what a build wrote."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result

from chanblog.cli import cli

SITE_YAML = """\
title: Channel Notes
url: https://example.com
description: Essays on channels.
timezone: America/Los_Angeles
per_page: 2
authors:
  jane:
    name: Jane Doe
    bio: Jane consults on channel strategy.
    url: https://jane.example.com
"""


def post_text(title: str, date: str = "2009-08-14", body: str = "Body text.", **fields: str) -> str:
    """A post file: front matter from keyword arguments (values written as YAML as given)."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines + ["---", "", textwrap.dedent(body), ""])


@dataclass
class SiteDir:
    """A site folder under test, with ways to build it and read the result."""

    root: Path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def post(self, name: str, title: str, date: str = "2009-08-14", body: str = "Body text.", **fields: str) -> Path:
        return self.write(f"posts/{name}.md", post_text(title, date, body, **fields))

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["--site", str(self.root), *args], catch_exceptions=False)

    def build(self, *args: str) -> Result:
        result = self.run("build", *args)
        assert result.exit_code == 0, result.output
        return result

    @property
    def out(self) -> Path:
        return self.root / "_site"

    def html(self, relative: str) -> lxml.html.HtmlElement:
        return lxml.html.fromstring((self.out / relative).read_bytes())

    def text(self, relative: str) -> str:
        return (self.out / relative).read_text(encoding="utf-8")

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.out).as_posix(): p.read_bytes() for p in sorted(self.out.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    """An empty site with a site.yaml; tests add posts."""
    folder = SiteDir(tmp_path / "site")
    folder.write("site.yaml", SITE_YAML)
    return folder


@pytest.fixture
def links() -> Callable[[lxml.html.HtmlElement, str], list[str]]:
    """The link texts of the elements an XPath selects, in order."""
    def texts(doc: lxml.html.HtmlElement, xpath: str) -> list[str]:
        return [a.text_content().strip() for a in doc.xpath(xpath)]
    return texts
