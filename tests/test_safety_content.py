"""What a site may hold and still check out and build: links in static/ and templates/ that stay
in the site, names a file system can store, one page per tag, and work that grows with the input."""

from __future__ import annotations

import cProfile
import os
import pstats
from pathlib import Path

import pytest

from chanblog.build import build
from conftest import SiteDir

GOOD = "---\ntitle: Good\ndate: 2009-08-14\n---\nA good post.\n"


@pytest.fixture
def published(site: SiteDir) -> SiteDir:
    """A site with one good post, built: every bad input below must leave its output as it is."""
    site.write("posts/good.md", GOOD)
    site.build()
    return site


def rejected(site: SiteDir) -> list[str]:
    """`check` and `build` both fail with the same errors, and nothing is published; the error lines."""
    before = site.files()
    checked = site.run("check")
    result = site.run("build")
    assert (checked.exit_code, result.exit_code) == (1, 1), checked.output + result.output
    assert "Traceback" not in checked.output + result.output
    assert site.files() == before, "a failed build changed the published site"
    errors = [line for line in result.output.strip().splitlines() if not line.endswith("nothing was published.")]
    assert checked.output.strip().splitlines()[:-1] == errors
    return errors


def checks_out(site: SiteDir) -> None:
    result = site.run("check")
    assert result.exit_code == 0 and result.output.endswith("no problems.\n"), result.output


# Links in static/ and templates/ ----------------------------------------------------------------

def test_symlink_out_of_static(published: SiteDir, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("the secret\n", encoding="utf-8")
    (outside / "folder" / "key.txt").write_text("the key\n", encoding="utf-8")
    published.write("static/ok.txt", "fine\n")
    os.symlink(outside / "secret.txt", published.root / "static/passwd.txt")
    os.symlink(outside / "folder", published.root / "static/folder")
    os.symlink(published.root / "static/missing.txt", published.root / "static/broken.txt")
    assert rejected(published) == [
        "static/broken.txt: is a broken link (put the file itself in static/)",
        "static/folder: is a link that leads outside the site folder "
        "(copy what it links to into static/ instead of linking to it)",
        "static/passwd.txt: is a link that leads outside the site folder "
        "(copy what it links to into static/ instead of linking to it)",
    ]


def test_static_folder_that_is_a_link_out_of_the_site(published: SiteDir, tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    os.symlink(tmp_path / "etc", published.root / "static")
    assert rejected(published) == ["static: is a link that leads outside the site folder "
                                   "(copy what it links to into static/ instead of linking to it)"]


def test_symlinks_that_stay_in_the_site_are_published(published: SiteDir) -> None:
    published.write("assets/logo.svg", "<svg/>\n")
    published.write("assets/img/a.png", b"PNG")
    published.write("static/notes.txt", "Notes.\n")
    os.symlink("../assets/logo.svg", published.root / "static/logo.svg")
    os.symlink("../assets/img", published.root / "static/img")
    os.symlink("notes.txt", published.root / "static/notes-copy.txt")
    checks_out(published)
    published.build()
    assert (published.out / "logo.svg").read_text(encoding="utf-8") == "<svg/>\n"
    assert (published.out / "img/a.png").read_bytes() == b"PNG"
    assert (published.out / "notes-copy.txt").read_text(encoding="utf-8") == "Notes.\n"
    assert not (published.out / "img").is_symlink() and not (published.out / "logo.svg").is_symlink()


def test_static_link_to_a_folder_that_holds_it(published: SiteDir) -> None:
    published.write("static/a/x.txt", "x\n")
    os.symlink("..", published.root / "static/a/up")
    assert rejected(published) == ["static/a/up: is a link to a folder that holds it "
                                   "(remove the link: its folder would be listed without end)"]


def test_template_that_links_out_of_the_site_is_never_read(published: SiteDir, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("THE SECRET {{ 1 + 1 }}\n", encoding="utf-8")
    (published.root / "templates").mkdir()
    os.symlink(secret, published.root / "templates/post.html")
    os.symlink(secret, published.root / "templates/unused.html")
    assert rejected(published) == [
        "templates/post.html: is a link that leads outside the site folder "
        "(copy what it links to into templates/ instead of linking to it)",
        "templates/unused.html: is a link that leads outside the site folder "
        "(copy what it links to into templates/ instead of linking to it)",
    ]
    assert not any(b"THE SECRET" in data for data in published.files().values())


def test_template_linked_from_inside_the_site_is_used(published: SiteDir) -> None:
    published.write("shared/post.html", "{% extends 'theme/post.html' %}{% block title %}Shared: {{ post.title }}"
                                        "{% endblock %}")
    published.write("shared/parts/_byline.html", "<p class=\"byline\">BY THE SHARED PART</p>\n")
    (published.root / "templates").mkdir()
    os.symlink("../shared/post.html", published.root / "templates/post.html")
    os.symlink("../shared/parts", published.root / "templates/parts")
    published.write("templates/_byline.html", "{% include 'parts/_byline.html' %}")
    checks_out(published)
    published.build()
    assert published.html("2009/08/good/index.html").xpath("//title")[0].text == "Shared: Good"
    assert "BY THE SHARED PART" in published.text("index.html")


# Work that grows with the input -----------------------------------------------------------------

def _one_post_with_tags(root: Path, count: int, prefix: str) -> Path:
    (root / "posts").mkdir(parents=True)
    (root / "site.yaml").write_text("title: T\nurl: https://example.com\nsearch: false\ngit: false\n",
                                    encoding="utf-8")
    tags = ", ".join(f"{prefix}{number}" for number in range(count))
    (root / "posts/p.md").write_text(f"---\ntitle: P\ndate: 2009-01-01\ntags: [{tags}]\n---\nBody.\n",
                                     encoding="utf-8")
    return root


def _work(root: Path) -> tuple[int, int]:
    """The Python calls a build of `root` makes, and the bytes it publishes."""
    profile = cProfile.Profile()
    profile.runcall(build, root, root / "_site", workers=1)
    published = sum(path.stat().st_size for path in (root / "_site").rglob("*") if path.is_file())
    return pstats.Stats(profile).total_calls, published  # type: ignore[attr-defined]


def test_a_post_with_many_tags_costs_work_in_proportion(tmp_path: Path) -> None:
    """Twice the tags, about twice the calls and bytes: 4 times (or 8) would be quadratic (or cubic)."""
    _work(_one_post_with_tags(tmp_path / "warm", 5, "warm"))  # imports and caches, once
    calls_200, bytes_200 = _work(_one_post_with_tags(tmp_path / "small", 200, "small"))
    calls_400, bytes_400 = _work(_one_post_with_tags(tmp_path / "large", 400, "large"))
    assert calls_400 / calls_200 < 2.3 and bytes_400 / bytes_200 < 2.3, (calls_200, calls_400, bytes_200, bytes_400)
    large = tmp_path / "large/_site"
    assert len(list((large / "tags").glob("*/feed.xml"))) == 400
    assert "large399" in (large / "2009/01/p/index.html").read_text(encoding="utf-8")
