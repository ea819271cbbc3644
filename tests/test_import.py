"""`chanblog import`: the fixture exports become post files that build into a site where everything resolves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from chanblog import urls
from chanblog.config import load_config
from chanblog.content import read_posts
from chanblog.model import Post
from conftest import SiteDir
from sitecheck import SiteLinks

DATA = Path(__file__).parent / "data" / "import"
WXR = str(DATA / "wordpress-wxr12.xml")
BLOGGER = str(DATA / "blogger.xml")

WXR_FILES = ["2009-08-14-lighting-the-fuse.md", "2009-09-01-cafe-societe.md", "2009-10-02-half-written-thoughts.md",
             "2009-10-05-shortcodes-tables-and-code.md", "2009-10-08-waiting-for-review.md",
             "2009-10-09-only-for-me.md", "2009-10-10-members-only.md"]


def imported(site: SiteDir, kind: str, export: str, *options: str) -> list[str]:
    result = site.run("import", kind, export, *options)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))


def snapshot(site: SiteDir) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site.root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.root.rglob("*")) if p.is_file()}


def test_wordpress_import_writes_each_post_and_says_what_it_did(site: SiteDir) -> None:
    assert imported(site, "wordpress", WXR) == [
        "Imported 7 posts into posts/: 7 written, 0 unchanged, 0 left as they were",
        "  4 as drafts (1 draft, 1 password-protected, 1 pending review, 1 private)",
        "  5 comments, 3 authors (2 added to site.yaml), 3 tags, 2 labels",
        "Imported 1 page into pages/: 1 written, 0 unchanged, 0 left as they were",
        '  menu entry "Home" left out: it leads to something the export does not hold',
        "Skipped 5 items: 3 attachments, 1 revision, 1 trashed post",
        "Left out 4 comments: 1 awaiting approval, 1 on pages, 1 on trashed posts, 1 spam",
        'Left 1 commenter unlinked: no web address ("javascript:alert(1)")',
        "posts/2009-10-05-shortcodes-tables-and-code.md: [contact-form] kept as text "
        "(WordPress shortcodes chanblog cannot run)",
        "posts/2009-08-14-lighting-the-fuse.md: links to https://oldblog.example.com/2009/08/10/flash-mobs/, a page of "
        "the old blog that was not imported (link to another page, or remove the link)",
        "4 files the posts show or link to (images, attachments) are still only on the old blog: "
        "import again with --media to copy them into static/"]
    assert sorted(p.name for p in (site.root / "posts").iterdir()) == WXR_FILES


def test_front_matter_of_an_imported_post(site: SiteDir) -> None:
    imported(site, "wordpress", WXR)
    fuse = front(site.root / "posts/2009-08-14-lighting-the-fuse.md")
    assert {k: v for k, v in fuse.items() if k != "comments"} == {
        "title": "Lighting the Fuse", "date": "2009-08-14 09:00:00 -0700", "updated": "2009-08-20 10:15:00 -0700",
        "author": "lori", "slug": "lighting-the-fuse", "tags": ["sneezers", "viral"],
        "labels": ["Social Media", "Sales & Marketing"], "summary": "What flash mobs teach channel leaders.",
        "image": "https://oldblog.example.com/wp-content/uploads/2009/08/fuse.jpg",
        "aliases": ["/2009/08/14/lighting-the-fuse/"]}
    assert [(c["author"], c["date"], c.get("reply_to")) for c in fuse["comments"]] == [
        ("Ann Reader", "2009-08-15 10:00:00 -0700", None), ("Lori Budin", "2009-08-15 12:00:00 -0700", 1),
        ("Partner Weekly", "2009-08-16 07:00:00 -0700", None), ("Bob & <Co>", "2009-08-17 08:00:00 -0700", None),
        ("Ann Reader", "2009-08-18 20:30:00 -0700", 2)]
    cafe = front(site.root / "posts/2009-09-01-cafe-societe.md")
    assert cafe["title"] == "Café Société: “Quotes” & <Brackets> — 日本語 🎉" and cafe["sticky"] is True
    assert front(site.root / "posts/2009-10-10-members-only.md")["draft"] is True


def test_missing_authors_are_added_to_site_yaml_keeping_the_rest(site: SiteDir) -> None:
    text = ("# My blog\ntitle: Channel Notes  # the name\nurl: https://example.com\n"
            "authors:\n    jane:\n        name: Jane Doe  # me\n\n    # guests below\nper_page: 2\n")
    site.write("site.yaml", text)
    imported(site, "wordpress", WXR)
    assert (site.root / "site.yaml").read_text() == text.replace(
        "        name: Jane Doe  # me\n", "        name: Jane Doe  # me\n    lori:\n        name: Lori Budin\n"
        "    sam-ortiz:\n        name: Sam Ortiz\n")
    imported(site, "wordpress", str(DATA / "wordpress-wxr11.xml"))  # its jdoe is named Jane Doe: the same author
    assert "jdoe" not in (site.root / "site.yaml").read_text()
    assert front(site.root / "posts/2008-03-10-ri-ben-yu.md")["author"] == "jane"


def test_a_site_yaml_without_authors_gets_the_key(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\n")
    imported(site, "blogger", BLOGGER)
    assert (site.root / "site.yaml").read_text() == ("title: T\nurl: https://example.com\nauthors:\n"
                                                      "  lori-budin:\n    name: Lori Budin\n  sam-ortiz:\n    name: Sam Ortiz\n")


def posts_of(site: SiteDir) -> list[Post]:
    config = load_config(site.root)
    return [draft.post for draft in read_posts(config)]


@pytest.mark.parametrize("kind, export, count", [("wordpress", WXR, 7), ("blogger", BLOGGER, 3),
                                                 ("wordpress", str(DATA / "wordpress-wxr11.xml"), 2)])
def test_the_imported_site_builds_and_every_post_term_comment_and_alias_resolves(
        site: SiteDir, kind: str, export: str, count: int) -> None:
    imported(site, kind, export)
    site.build("--drafts")
    posts = posts_of(site)
    assert len(posts) == count
    for post in posts:
        page = site.html(urls.output_path(load_config(site.root), post.url) or "")
        assert page.xpath("//h1")[0].text_content().startswith(post.title)
        comments = page.xpath("//li[contains(@class, 'comment')]")
        assert len(comments) == len(post.comments)
        for reply in page.xpath("//li[contains(@class, 'reply')]//p[@class='comment-meta']/a[starts-with(@href, '#')]"):
            assert page.xpath(f"//li[@id='{reply.get('href')[1:]}']")
        for alias in post.aliases:
            redirect = site.html(urls.alias_path(load_config(site.root), alias) or "")
            assert redirect.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url={post.url}"]
        for term in post.tags + post.labels:
            assert post.url in site.html(f"{term.url.strip('/')}/index.html").xpath("//a/@href")
    assert SiteLinks(site.out, "https://example.com").broken() == []


def test_drafts_stay_unpublished_and_same_addresses_need_no_alias(site: SiteDir) -> None:
    imported(site, "wordpress", WXR)
    site.build()
    assert not (site.out / "2009/10/members-only").exists()
    assert not (site.out / "2009/10/10/members-only").exists()
    assert (site.out / "2009/08/14/lighting-the-fuse/index.html").is_file()
    imported(site, "wordpress", str(DATA / "wordpress-wxr11.xml"))
    assert "aliases" not in front(site.root / "posts/2008-03-10-ri-ben-yu.md")  # the old address is the new one
    site.build()
    assert (site.out / "2008/03/日本語/index.html").is_file()


@pytest.mark.parametrize("kind, export", [("wordpress", WXR), ("blogger", BLOGGER)])
def test_importing_twice_changes_nothing_the_second_time(site: SiteDir, kind: str, export: str) -> None:
    first = imported(site, kind, export)
    before = snapshot(site)
    second = imported(site, kind, export)
    assert snapshot(site) == before
    written = first[0].split(": ")[1].split(" written")[0]
    assert second[0].endswith(f": 0 written, {written} unchanged, 0 left as they were")
    assert "added to site.yaml" not in "\n".join(second)


def test_a_post_edited_since_is_left_as_it_is_unless_forced(site: SiteDir) -> None:
    imported(site, "wordpress", WXR)
    edited = site.root / "posts/2009-09-01-cafe-societe.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own addition.\n", encoding="utf-8")
    changed = edited.read_bytes()
    lines = imported(site, "wordpress", WXR)
    assert lines[0] == "Imported 7 posts into posts/: 0 written, 6 unchanged, 1 left as they were"
    assert lines[-1] == ("posts/2009-09-01-cafe-societe.md: left as it was: it differs from the export "
                         "(--force replaces it)")
    assert edited.read_bytes() == changed
    assert imported(site, "wordpress", WXR, "--force")[0] == (
        "Imported 7 posts into posts/: 1 written, 6 unchanged, 0 left as they were")
    assert b"My own addition." not in edited.read_bytes()


@pytest.mark.parametrize("export, expected", [
    ("wordpress-truncated.xml", ["{path}:29: ends before the export does: CData section not finished "
                                 "(the file looks cut short: download or export it again)"]),
    ("wordpress-undated.xml", ["{path}:23: this comment has no date (wp:comment_date) "
                               "(remove the <wp:comment> from the export, or give it a date)",
                               "{path}:33: this post has no date (wp:post_date) "
                               "(give it a date in WordPress, or remove the <item> from the export)",
                               "2 errors: nothing was written."]),
    ("missing.xml", ["{path}: no such file (give the path of the exported .xml file)"]),
])
def test_a_broken_export_writes_nothing(site: SiteDir, export: str, expected: list[str]) -> None:
    before = snapshot(site)
    path = str(DATA / export)
    result = site.run("import", "wordpress", path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [line.format(path=path) for line in expected]
    assert snapshot(site) == before


def test_a_real_process_reports_a_bad_export_without_traceback(site: SiteDir) -> None:
    done = subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site.root), "import", "blogger", WXR],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == (f"{WXR}:10: is not a Blogger export (no Atom <feed>) "
                           "(for a WordPress export run: chanblog import wordpress FILE)\n")
    assert done.stdout == "" and not (site.root / "posts").exists()


def test_a_folder_without_site_yaml_becomes_a_site(tmp_path: Path) -> None:
    site = SiteDir(tmp_path / "new")
    lines = imported(site, "wordpress", WXR)
    assert "  Created site.yaml from the export: check its title and url" in lines
    config = load_config(site.root)
    assert (config.title, config.url, config.language) == ("Channel Notes (old)", "https://oldblog.example.com", "en-US")
    assert sorted(config.authors) == ["jane", "lori", "sam-ortiz"]
    site.build()


def test_output_folder_can_be_chosen(site: SiteDir) -> None:
    out = site.root / "posts" / "imported"
    lines = imported(site, "blogger", BLOGGER, "-o", str(out))
    assert lines[0] == "Imported 3 posts into posts/imported/: 3 written, 0 unchanged, 0 left as they were"
    assert sorted(p.name for p in out.iterdir()) == ["2009-08-14-lighting-fuse.md", "2009-09-01-cafe-societe.md",
                                                     "2009-10-02-half-written-thoughts.md"]


def test_imported_pages_pass_the_nu_html_checker(site: SiteDir) -> None:
    from test_validity import nu_check

    imported(site, "wordpress", WXR)
    imported(site, "blogger", BLOGGER)
    site.build("--drafts")
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_shortcodes_tables_and_embeds_reach_the_page(site: SiteDir) -> None:
    imported(site, "wordpress", WXR)
    site.build()
    body = site.html("2009/10/shortcodes-tables-and-code/index.html").xpath("//div[@class='body']")[0]
    assert " ".join(body.xpath("string(.//figure/figcaption)").split()) == "The fuse, lit at dawn."
    assert body.xpath(".//img/@alt")[1:] == ["The summit stage, full of partners", "Handshake at the summit"]
    assert body.xpath(".//table[1]//th/text()") == ["Partner", "Deals"]
    assert body.xpath(".//table[2]//td/@colspan") == ["2"]
    assert 'return sum(d for d in deals if d < 100)' in body.xpath("string(.//pre)")
    assert '[contact-form to=' in lxml.html.tostring(body, encoding="unicode")
    assert body.xpath(".//iframe/@src") == ["https://player.example.com/embed/42"]
