"""`chanblog import`: WordPress and Blogger pages land in pages/ with their hierarchy and old addresses,
and the WordPress navigation menu becomes site.yaml's `menu:`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chanblog import urls
from chanblog.config import load_config
from chanblog.importers.pages import PlannedMenu, add_menu
from conftest import SiteDir
from sitecheck import SiteLinks
from test_import_migration import OldBlog, old_blog, pointed_at  # noqa: F401 - old_blog is a fixture

DATA = Path(__file__).parent / "data" / "import"
PAGES = str(DATA / "wordpress-pages.xml")
BLOGGER = str(DATA / "blogger.xml")

PAGE_FILES = ["about/index.md", "about/team/alumni.md", "about/team/index.md", "contact.md", "orphan.md",
              "search-2.md"]
MENU = """menu:
  - {page: about}
  - {title: Our team, page: about/team}
  - {title: Hello, url: /2020/01/hello/}
  - {title: News, url: /labels/news/}
  - {title: intro, url: /tags/intro/}
  - {title: GitHub, url: 'https://github.com/example'}
  - {page: about/team/alumni}
"""


def imported(site: SiteDir, kind: str, export: str, *options: str) -> list[str]:
    result = site.run("import", kind, export, *options)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def read(path: Path) -> tuple[dict, str]:  # type: ignore[type-arg]
    front, body = path.read_text(encoding="utf-8").removeprefix("---\n").split("\n---\n", 1)
    return yaml.safe_load(front), body.strip()


def snapshot(site: SiteDir) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site.root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.root.rglob("*")) if p.is_file()}


def test_wordpress_pages_nest_in_folders_a_parent_being_its_folders_index(site: SiteDir) -> None:
    output = imported(site, "wordpress", PAGES)
    assert "Imported 6 pages into pages/: 6 written, 0 unchanged, 0 left as they were" in output
    assert "  1 as a draft (unpublished or private)" in output
    assert sorted(p.relative_to(site.root / "pages").as_posix() for p in (site.root / "pages").rglob("*.md")) \
        == PAGE_FILES
    assert read(site.root / "pages/about/team/index.md") == (
        {"title": "The Team", "updated": "2021-03-04 10:00:00 +0000"}, "*Everyone* here.")
    assert read(site.root / "pages/contact.md")[0] == {"title": "Contact", "updated": "2021-03-04 10:00:00 +0000",
                                                      "draft": True}


def test_old_addresses_become_aliases_when_they_differ_and_are_free(site: SiteDir) -> None:
    output = imported(site, "wordpress", PAGES)
    assert "aliases" not in read(site.root / "pages/about/team/alumni.md")[0]  # same address as before
    assert read(site.root / "pages/orphan.md")[0]["aliases"] == ["/lost/orphan/"]  # its parent is not in the export
    assert "aliases" not in read(site.root / "pages/search-2.md")[0]
    assert "pages/search-2.md: old address /search/ left out: it belongs to chanblog's search page" in output


def test_links_between_pages_and_posts_lead_to_their_new_addresses(site: SiteDir) -> None:
    imported(site, "wordpress", PAGES)
    assert read(site.root / "pages/about/index.md")[1] == "Who writes here.\n\nSee the [first post](/2020/01/hello/)."
    assert read(site.root / "posts/2020-01-02-hello.md")[1] == "Welcome. Read [about the team](/about/team/)."


def test_comments_on_pages_are_counted_as_left_out(site: SiteDir) -> None:
    assert "Left out 1 comment: 1 on pages" in imported(site, "wordpress", PAGES)


def test_the_wordpress_menu_is_appended_to_site_yaml_in_menu_order(site: SiteDir) -> None:
    before = (site.root / "site.yaml").read_text(encoding="utf-8")
    output = imported(site, "wordpress", PAGES)
    after = (site.root / "site.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and after.endswith(MENU)
    assert output[output.index("  1 as a draft (unpublished or private)") + 1:][:9] == [
        "  menu: 7 entries in site.yaml (1 sub-item after their parents: the menu has one level)",
        '  menu entry "Home" left out: it leads to the home page, which the header always shows',
        '  menu entry "More" left out: it leads to #, no page',
        "  menu entry \"Contact\" left out: it leads to 'Contact', a draft",
        "  menu entry \"Work in progress\" left out: it leads to 'Unfinished', a draft",
        "  menu entry \"Unused\" left out: it leads to the tag 'unused', which no published post has",
        '  menu entry "Archive" left out: it leads to https://old.example.com/2019/, a page of the old blog that was '
        "not imported",
        '  menu "Footer" left out: only the menu with the most entries is imported',
        "pages/search-2.md: old address /search/ left out: it belongs to chanblog's search page"]


def test_a_site_yaml_with_a_menu_keeps_it_byte_for_byte() -> None:
    text = "title: T\nurl: https://example.com\nmenu:\n  - {title: Blog, url: /}\n"
    assert add_menu(text, PlannedMenu(({"page": "about"},))) == text


def test_an_authors_menu_is_never_replaced(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nmenu:\n  - {title: Blog, url: /}\n")
    before = (site.root / "site.yaml").read_bytes()
    output = imported(site, "wordpress", PAGES)
    assert "  site.yaml has a menu: left as it was (the old blog's menu of 7 entries was not added)" in output
    assert (site.root / "site.yaml").read_bytes().startswith(before)
    assert b"menu:" not in (site.root / "site.yaml").read_bytes()[len(before):]


@pytest.mark.parametrize("kind, export", [("wordpress", PAGES), ("blogger", BLOGGER)])
def test_importing_pages_again_writes_nothing(site: SiteDir, kind: str, export: str) -> None:
    imported(site, kind, export)
    before = snapshot(site)
    output = imported(site, kind, export)
    assert snapshot(site) == before
    assert any(line.startswith("Imported") and "pages/: 0 written" in line for line in output)


def test_a_page_edited_since_is_left_as_it_is_unless_forced(site: SiteDir) -> None:
    imported(site, "wordpress", PAGES)
    edited = site.write("pages/about/index.md", "---\ntitle: About us\n---\n\nMine now.\n")
    output = imported(site, "wordpress", PAGES)
    assert "Imported 6 pages into pages/: 0 written, 5 unchanged, 1 left as they were" in output
    assert "pages/about/index.md: left as it was: it differs from the export (--force replaces it)" in output
    assert edited.read_text(encoding="utf-8") == "---\ntitle: About us\n---\n\nMine now.\n"
    assert site.run("import", "wordpress", PAGES, "--force").exit_code == 0
    assert read(edited)[0]["title"] == "About"


def test_a_page_without_a_date_is_an_error_and_nothing_is_written(site: SiteDir, tmp_path: Path) -> None:
    text = Path(PAGES).read_text(encoding="utf-8")
    broken = text.replace("<wp:post_id>3</wp:post_id>\n\t\t<wp:post_date><![CDATA[2020-01-02 09:00:00]]>",
                          "<wp:post_id>3</wp:post_id>\n\t\t<wp:post_date><![CDATA[0000-00-00 00:00:00]]>")
    undated = "<wp:post_id>3</wp:post_id>\n\t\t<wp:post_date><![CDATA[0000-00-00 00:00:00]]></wp:post_date>\n\t\t"
    broken = broken.replace(f"{undated}<wp:post_date_gmt><![CDATA[2020-01-02 09:00:00]]>",
                            f"{undated}<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]>")
    path = tmp_path / "broken.xml"
    path.write_text(broken, encoding="utf-8")
    line = broken[:broken.index("<title><![CDATA[The Team]]>")].count("\n")
    before = snapshot(site)
    result = site.run("import", "wordpress", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:{line}: this page has no date (wp:post_date) "
        "(give it a date in WordPress, or remove the <item> from the export)"]
    assert snapshot(site) == before


def test_blogger_pages_keep_their_p_address_as_an_alias(site: SiteDir) -> None:
    output = imported(site, "blogger", BLOGGER)
    assert "Imported 1 page into pages/: 1 written, 0 unchanged, 0 left as they were" in output
    assert read(site.root / "pages/about.md") == (
        {"title": "About", "updated": "2009-01-01 08:00:00 -0800", "aliases": ["/p/about.html"]}, "Who writes here.")


@pytest.mark.parametrize("kind, export", [("wordpress", PAGES), ("blogger", BLOGGER)])
def test_an_imported_site_checks_builds_and_every_old_page_address_answers(site: SiteDir, kind: str,
                                                                           export: str) -> None:
    imported(site, kind, export)
    result = site.run("check")
    assert result.exit_code == 0, result.output
    site.build()
    old = {"wordpress": {"/about/": "About", "/about/team/": "The Team", "/about/team/alumni/": "Alumni",
                         "/lost/orphan/": "Orphan"},
           "blogger": {"/p/about.html": "About"}}[kind]
    for address, title in old.items():
        page = site.html(urls.alias_path(load_config(site.root), address) or "")
        redirect = page.xpath("//meta[@http-equiv='refresh']/@content")
        if redirect:  # an old address that is not the new one: a redirect to the page
            page = site.html(urls.output_path(load_config(site.root), redirect[0].removeprefix("0; url=")) or "")
        assert page.xpath("//h1")[0].text_content().strip() == title
    assert SiteLinks(site.out, "https://example.com").broken() == []


def test_the_imported_menu_shows_in_the_header(site: SiteDir) -> None:
    imported(site, "wordpress", PAGES)
    site.build()
    header = site.html("about/team/index.html").xpath("//header//nav//a")
    assert [(a.text_content(), a.get("href")) for a in header] == [
        ("Home", "/"), ("About", "/about/"), ("Our team", "/about/team/"), ("Hello", "/2020/01/hello/"),
        ("News", "/labels/news/"), ("intro", "/tags/intro/"), ("GitHub", "https://github.com/example"),
        ("Alumni", "/about/team/alumni/")]
    assert [a.text_content() for a in header if a.get("aria-current") == "page"] == ["Our team"]


def test_media_copies_what_pages_show_and_the_pages_link_to_the_copies(tmp_path: Path, old_blog: OldBlog) -> None:
    old_blog.files["/wp-content/uploads/2020/01/alumni.png"] = b"\x89PNG alumni"
    site = SiteDir(tmp_path / "site")
    site.write("site.yaml", "title: T\nurl: https://example.com\n")
    export = pointed_at(Path(PAGES), tmp_path, **{"https://old.example.com": old_blog.url})
    assert "Media: 1 saved in static/, 0 already there, 0 left as they were, 0 not fetched" in imported(
        site, "wordpress", str(export), "--media")
    assert read(site.root / "pages/about/team/alumni.md")[1] == (
        "Those who left.\n\n![Old friends](/wp-content/uploads/2020/01/alumni.png)")
    assert (site.root / "static/wp-content/uploads/2020/01/alumni.png").read_bytes() == b"\x89PNG alumni"


def test_without_media_the_files_pages_show_are_named_as_still_on_the_old_blog(site: SiteDir) -> None:
    assert "1 file the posts show or link to (images, attachments) is still only on the old blog: " \
        "import again with --media to copy them into static/" in imported(site, "wordpress", PAGES)


def test_the_theme_unit_export_brings_its_nested_pages_and_menu(site: SiteDir) -> None:
    output = imported(site, "wordpress", str(DATA / "wordpress-theme-unit.xml"))
    assert sorted(p.relative_to(site.root / "pages").as_posix() for p in (site.root / "pages").rglob("*.md")) == [
        "about.md", "level-1/index.md", "level-1/level-2/index.md", "level-1/level-2/level-3.md"]
    # its second entry names no `_menu_item_object`: the id alone says it is a page
    assert (site.root / "site.yaml").read_text(encoding="utf-8").endswith(
        "menu:\n  - {page: about}\n  - {page: level-1}\n")
    assert "  menu: 2 entries in site.yaml (1 sub-item after their parents: the menu has one level)" in output
