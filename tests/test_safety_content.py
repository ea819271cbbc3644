"""What a site may hold and still check out and build: links in static/ and templates/ that stay
in the site, names a file system can store, one page per tag, and work that grows with the input."""

from __future__ import annotations

import cProfile
import os
import pstats
from pathlib import Path

import pytest
import yaml

from chanblog.build import build
from conftest import SiteDir

from test_hardening import published  # noqa: F401  (a fixture: a site with one good post, built)
from test_hardening import rejected as build_rejected

DATA = Path(__file__).parent / "data" / "import"


def rejected(site: SiteDir) -> list[str]:
    """`check` and `build` both fail with the same errors, and nothing is published; the error lines."""
    checked = site.run("check")
    assert checked.exit_code == 1 and "Traceback" not in checked.output, checked.output
    errors = [line for line in build_rejected(site) if not line.endswith("nothing was published.")]
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


# Names a file system can store -------------------------------------------------------------------

HINT = "(a slug or alias becomes a file name: keep it short, in letters, digits and hyphens, so the site builds anywhere)"


def test_a_slug_or_alias_longer_than_a_file_name_may_be(published: SiteDir) -> None:
    published.write("posts/long.md", f"---\ntitle: Long\ndate: 2009-01-01\nslug: {'a' * 256}\n---\n")
    published.write("posts/wide.md", f"---\ntitle: Wide\ndate: 2009-01-02\nslug: {'é' * 128}\n---\n")
    published.write("posts/alias.md", "---\ntitle: Alias\ndate: 2009-01-03\naliases:\n  - /fine/\n"
                                      f"  - /old/{'b' * 300}/\n---\n")
    assert rejected(published) == [
        f"posts/alias.md:6: aliases: '/old/{'b' * 52}...' is longer than the 255 bytes a file name may have {HINT}",
        f"posts/long.md:4: slug: '{'a' * 57}...' is longer than the 255 bytes a file name may have {HINT}",
        f"posts/wide.md:4: slug: '{'é' * 57}...' is longer than the 255 bytes a file name may have {HINT}",
    ]


def test_a_slug_of_255_bytes_builds_and_one_more_with_html_does_not(published: SiteDir) -> None:
    published.write("posts/long.md", f"---\ntitle: Long\ndate: 2009-01-01\nslug: {'a' * 255}\n---\n")
    checks_out(published)
    published.build()
    assert (published.out / "2009/01" / ("a" * 255) / "index.html").is_file()
    assert (published.out / "cards/2009/01" / ("a" * 255) / "card.png").is_file()  # its social card fits too
    published.write("site.yaml", "title: T\nurl: https://example.com\npermalink: /{year}/{slug}.html\n")
    assert rejected(published) == [
        f"posts/long.md:4: slug: '{'a' * 57}...' is longer than the 255 bytes a file name may have {HINT}"]


def test_names_windows_cannot_store(published: SiteDir) -> None:
    published.write("posts/dot.md", "---\ntitle: Dot\ndate: 2009-01-01\nslug: trailing.\n---\n")
    published.write("posts/alias.md", "---\ntitle: Alias\ndate: 2009-01-02\naliases:\n  - /old/a:b.html\n---\n")
    published.write("posts/quoted.md", "---\ntitle: Quoted\ndate: 2009-01-03\naliases: '/old/what%3F/'\n---\n")
    published.write("posts/space.md", "---\ntitle: Space\ndate: 2009-01-04\naliases: ['/x/', '/old%20/']\n---\n")
    assert rejected(published) == [
        f"posts/alias.md:5: aliases: '/old/a:b.html' holds ':', which Windows cannot store in a file name {HINT}",
        f"posts/dot.md:4: slug: 'trailing.' ends in a dot, which Windows drops from file names {HINT}",
        f"posts/quoted.md:4: aliases: '/old/what%3F/' holds '?', which Windows cannot store in a file name {HINT}",
        f"posts/space.md:4: aliases: '/old%20/' ends in a space, which Windows drops from file names {HINT}",
    ]


# Control characters -----------------------------------------------------------------------------

@pytest.mark.parametrize("title, line, char", [
    ("Raw\x7fDEL", 2, "U+007F"),
    ('"An escaped \\x85 NEL"', 2, "U+0085"),
    ('"A smart quote read as Latin-1: \\u0093"', 2, "U+0093"),
])
def test_del_and_c1_controls_in_the_title(published: SiteDir, title: str, line: int, char: str) -> None:
    published.write("posts/x.md", f"---\ntitle: {title}\ndate: 2009-01-01\n---\nText.\n")
    hint = "remove it: pages and feeds cannot contain it"
    if char != "U+007F":
        hint += "; if it stood for a quote or a dash, type that again"
    assert rejected(published) == [f"posts/x.md:{line}: holds the control character {char} ({hint})"]


def test_a_c1_control_in_the_body(published: SiteDir) -> None:
    published.write("posts/x.md", "---\ntitle: Body\ndate: 2009-01-01\n---\nFine.\n\nNot \x9d fine.\n")
    assert rejected(published) == ["posts/x.md:7: holds the control character U+009D (remove it: pages and feeds "
                                   "cannot contain it; if it stood for a quote or a dash, type that again)"]


# One page per tag, label and series -------------------------------------------------------------

def test_different_tags_on_one_page_are_an_error(published: SiteDir) -> None:
    published.write("posts/a.md", "---\ntitle: A\ndate: 2009-01-01\ntags:\n  - C++\n  - Go\nseries: Part 1\n---\n")
    published.write("posts/b.md", "---\ntitle: B\ndate: 2009-01-02\ntags: [go, C]\nlabels: [Q&A]\n---\n")
    published.write("posts/c.md", "---\ntitle: C\ndate: 2009-01-03\nlabels: Q-A\nseries: 'Part 1!'\n---\n")
    assert rejected(published) == [
        "posts/b.md:4: tags: 'C' would share the page /tags/c/ with 'C++' of posts/a.md:5 "
        "(different tags need different letters or digits: rename one, or spell them alike)",
        "posts/c.md:4: labels: 'Q-A' would share the page /labels/q-a/ with 'Q&A' of posts/b.md:5 "
        "(different labels need different letters or digits: rename one, or spell them alike)",
        "posts/c.md:5: series: 'Part 1!' would share the page /series/part-1/ with 'Part 1' of posts/a.md:7 "
        "(different series need different letters or digits: rename one, or spell them alike)",
    ]


def test_one_tag_in_any_case_or_spacing_is_one_page(published: SiteDir) -> None:
    published.write("posts/a.md", "---\ntitle: A\ndate: 2009-01-01\ntags: [Social Media, Marketing]\n---\n")
    published.write("posts/b.md", "---\ntitle: B\ndate: 2009-01-02\ntags: [social-media, marketing]\n---\n")
    checks_out(published)
    published.build()
    assert sorted(p.name for p in (published.out / "tags").iterdir() if p.is_dir()) == ["marketing", "social-media"]
    assert published.html("tags/marketing/index.html").xpath("//p[@class='lede']")[0].text.startswith("2 posts")


def test_tags_without_letters_or_digits_get_pages_of_their_own(published: SiteDir) -> None:
    published.write("posts/a.md", "---\ntitle: A\ndate: 2009-01-01\ntags: ['!!!', '???', '😀', '❤️']\n---\n")
    checks_out(published)
    published.build()
    pages = {page.name: published.html(f"tags/{page.name}/index.html").xpath("//h1")[0].text_content()
             for page in (published.out / "tags").iterdir() if page.is_dir()}
    assert pages == {"exclamation-mark-exclamation-mark-exclamation-mark": "Posts tagged ‘!!!’",
                     "question-mark-question-mark-question-mark": "Posts tagged ‘???’",
                     "grinning-face": "Posts tagged ‘😀’", "heavy-black-heart": "Posts tagged ‘❤️’"}
    assert not (published.out / "tags/untitled").exists()


def test_the_wordpress_importer_shortens_a_slug_too_long_for_a_file(site: SiteDir, tmp_path: Path) -> None:
    """WordPress keeps a non-Latin slug of 200 letters, percent-encoded: 600 bytes once decoded."""
    long_name = "%e6%97%a5" * 100  # 日, 100 times: 300 bytes
    export = (DATA / "wordpress-wxr12.xml").read_text(encoding="utf-8")
    export = export.replace("<wp:post_name><![CDATA[lighting-the-fuse]]>", f"<wp:post_name><![CDATA[{long_name}]]>")
    export = export.replace("/2009/08/14/lighting-the-fuse/</link>", f"/2009/08/14/{long_name}/</link>")
    (tmp_path / "export.xml").write_text(export, encoding="utf-8")
    assert site.run("import", "wordpress", str(tmp_path / "export.xml")).exit_code == 0
    (written,) = (site.root / "posts").glob("2009-08-14-*.md")
    slug = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])["slug"]
    assert slug == "ri-" * 26 + "ri" and written.name == f"2009-08-14-{slug}.md"
    checks_out(site)
    site.build()
    assert (site.out / f"2009/08/{slug}/index.html").is_file()
