"""Pages of `pages/` (About, Speaking, Contact) and the site's menu: where they are published, what
lists them and what does not, the menu in the header, `check`, `new --page` and incremental builds."""

from __future__ import annotations

import pytest

from chanblog import render
from chanblog.serve import watched_change
from conftest import SiteDir
from test_search import fragments
from test_validity import nu_check

MENU = ("menu:\n  - {title: Start here, url: /speaking/}\n  - page: speaking/fees\n"
        "  - {title: LinkedIn, url: https://www.linkedin.com/in/x}\n")


@pytest.fixture
def with_pages(site: SiteDir) -> SiteDir:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + MENU)
    site.post("fuse", "Lighting the Fuse", "2009-08-14", body="Sneezers spread ideas.", tags="[viral]")
    site.write("pages/about.md", "---\ntitle: About me\nmenu: true\nweight: 2\n---\nI write about *marketing*.\n")
    site.write("pages/contact.md", "---\ntitle: Contact\ntemplate: contact.html\nmenu: Write to me\nweight: 1\n---\n"
                                   "Mail me.\n")
    site.write("pages/speaking/index.md", "---\ntitle: Speaking\n---\nTalks on word of mouth.\n")
    site.write("pages/speaking/fees.md", "---\ntitle: Speaking fees\nslug: rates\naliases: [/fees.html]\n---\n"
                                        "Ask for a quote.\n")
    site.write("pages/_notes.md", "---\ntitle: Not a page\n---\nLeft out.\n")
    site.write("templates/contact.html", '{% extends "page.html" %}{% block content %}{{ super() }}'
                                         '<form action="https://formspree.io/f/x" method="post"><label>Mail '
                                         '<input type="email" name="email"></label></form>{% endblock %}')
    return site


def menu_of(site: SiteDir, page: str) -> list[tuple[str, str, str | None]]:
    return [(a.text_content(), a.get("href"), a.get("aria-current"))
            for a in site.html(page).xpath("//nav[@aria-label='Main']//a")]


def test_pages_are_published_where_their_files_say(with_pages: SiteDir) -> None:
    with_pages.build()
    assert with_pages.html("about/index.html").xpath("//h1/text()") == ["About me"]
    assert "<em>marketing</em>" in with_pages.text("about/index.html")
    assert with_pages.html("speaking/index.html").xpath("//h1/text()") == ["Speaking"]
    assert with_pages.html("speaking/rates/index.html").xpath("//h1/text()") == ["Speaking fees"]
    assert not (with_pages.out / "notes").exists() and not (with_pages.out / "_notes").exists()


def test_a_page_uses_the_template_it_names(with_pages: SiteDir) -> None:
    with_pages.build()
    contact = with_pages.html("contact/index.html")
    assert contact.xpath("//main//form/@action") == ["https://formspree.io/f/x"]
    assert contact.xpath("//h1/text()") == ["Contact"]


def test_a_page_has_no_date_byline_or_comments(with_pages: SiteDir) -> None:
    with_pages.build()
    about = with_pages.html("about/index.html")
    assert about.xpath("//time") == [] and about.xpath("//*[@id='comments']") == []


def test_the_menu_lists_site_yaml_entries_then_pages_by_weight(with_pages: SiteDir) -> None:
    with_pages.build()
    assert menu_of(with_pages, "index.html") == [
        ("Home", "/", None), ("Start here", "/speaking/", None), ("Speaking fees", "/speaking/rates/", None),
        ("LinkedIn", "https://www.linkedin.com/in/x", None), ("Write to me", "/contact/", None),
        ("About me", "/about/", None)]


def test_the_current_page_is_marked_in_the_menu(with_pages: SiteDir) -> None:
    with_pages.build()
    assert [entry for entry in menu_of(with_pages, "about/index.html") if entry[2]] == [
        ("About me", "/about/", "page")]
    assert [entry for entry in menu_of(with_pages, "speaking/rates/index.html") if entry[2]] == [
        ("Speaking fees", "/speaking/rates/", "page")]
    assert [entry for entry in menu_of(with_pages, "2009/08/lighting-the-fuse/index.html") if entry[2]] == []


def test_pages_are_under_the_base_path(with_pages: SiteDir) -> None:
    with_pages.write("site.yaml", (with_pages.root / "site.yaml").read_text().replace(
        "url: https://example.com", "url: https://example.com/blog"))
    with_pages.build()
    assert ("About me", "/blog/about/", "page") in menu_of(with_pages, "about/index.html")
    assert ("Speaking fees", "/blog/speaking/rates/", None) in menu_of(with_pages, "about/index.html")


def test_pages_are_in_no_feed_or_listing(with_pages: SiteDir) -> None:
    with_pages.build()
    for feed in ("feed.xml", "tags/viral/feed.xml", "comments.xml"):
        text = with_pages.text(feed)
        assert "About me" not in text and "Ask for a quote" not in text and "/about/" not in text, feed
    pages = {"/about/", "/contact/", "/speaking/", "/speaking/rates/"}
    for listing in ("index.html", "archives/index.html", "2009/index.html", "2009/08/index.html",
                    "tags/viral/index.html"):
        shown = set(with_pages.html(listing).xpath("//main//a/@href"))
        assert shown and not shown & pages, listing


def test_pages_are_in_the_sitemap(with_pages: SiteDir) -> None:
    with_pages.build()
    sitemap = with_pages.text("sitemap.xml")
    for url in ("/about/", "/contact/", "/speaking/", "/speaking/rates/"):
        assert f"<loc>https://example.com{url}</loc>" in sitemap


def test_pages_are_in_the_search_index(with_pages: SiteDir) -> None:
    with_pages.build()
    indexed = fragments(with_pages)
    assert {"/about/", "/contact/", "/speaking/", "/speaking/rates/", "/2009/08/lighting-the-fuse/"} <= set(indexed)
    assert "I write about marketing." in indexed["/about/"]["content"]


def test_pages_pass_the_nu_html_checker(with_pages: SiteDir) -> None:
    with_pages.build()
    done = nu_check(with_pages.out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_page_at_a_posts_address_is_an_error_naming_both(with_pages: SiteDir) -> None:
    with_pages.write("pages/old.md", "---\ntitle: Old\nurl: /2009/08/lighting-the-fuse/\n---\nX.\n")
    for command in ("check", "build"):
        result = with_pages.run(command)
        assert result.exit_code == 1
        assert ("pages/old.md:3: is published at /2009/08/lighting-the-fuse/, the address of the post "
                "posts/fuse.md (give the page another 'slug:' or 'url:')") in result.output


def test_a_page_at_a_builtin_address_is_an_error(with_pages: SiteDir) -> None:
    with_pages.write("pages/tags.md", "---\ntitle: My tags\n---\nX.\n")
    with_pages.write("pages/home.md", "---\ntitle: Home\nurl: /\n---\nX.\n")
    for command in ("check", "build"):
        result = with_pages.run(command)
        assert result.exit_code == 1
        assert "pages/tags.md:2: is published at /tags/, the address of chanblog's tag pages" in result.output
        assert "pages/home.md:3: is published at /, the address of chanblog's home page" in result.output


def test_check_follows_a_menu_entry_to_a_file(with_pages: SiteDir) -> None:
    with_pages.write("site.yaml", (with_pages.root / "site.yaml").read_text() + "  - {title: CV, url: /cv.pdf}\n")
    line = (with_pages.root / "site.yaml").read_text().splitlines().index("  - {title: CV, url: /cv.pdf}") + 1
    result = with_pages.run("check")
    assert result.exit_code == 1
    assert f"site.yaml:{line}: menu: /cv.pdf is neither a page of the site nor in static/" in result.output
    with_pages.write("static/cv.pdf", b"%PDF")
    assert with_pages.run("check").exit_code == 0


def test_a_menu_entry_that_points_nowhere_is_an_error_on_its_line(with_pages: SiteDir) -> None:
    with_pages.write("site.yaml", (with_pages.root / "site.yaml").read_text()
                     + "  - page: nothing\n  - {title: Gone, url: /gone/}\n")
    lines = (with_pages.root / "site.yaml").read_text().splitlines()
    nothing, gone = lines.index("  - page: nothing") + 1, lines.index("  - {title: Gone, url: /gone/}") + 1
    for command in ("check", "build"):
        result = with_pages.run(command)
        assert result.exit_code == 1
        assert f"site.yaml:{nothing}: menu: page 'nothing' is no page of pages/" in result.output
        assert f"site.yaml:{gone}: menu: /gone/ is no page of the site" in result.output


def test_check_follows_the_links_of_pages(with_pages: SiteDir) -> None:
    with_pages.write("pages/about.md", "---\ntitle: About me\n---\nSee [my talk](/2010/01/nowhere/).\n")
    result = with_pages.run("check")
    assert result.exit_code == 1
    assert "pages/about.md:4: links to /2010/01/nowhere/, which is no page of the site" in result.output


def test_a_page_without_a_title_is_an_error_with_its_file(with_pages: SiteDir) -> None:
    with_pages.write("pages/untitled.md", "---\nslug: x\n---\nX.\n")
    result = with_pages.run("build")
    assert result.exit_code == 1
    assert "pages/untitled.md:2: 'title' is missing" in result.output


def test_a_draft_page_is_published_only_with_drafts(with_pages: SiteDir) -> None:
    with_pages.write("pages/soon.md", "---\ntitle: Soon\ndraft: true\nmenu: true\n---\nX.\n")
    with_pages.build()
    assert not (with_pages.out / "soon").exists()
    assert "Soon" not in [entry[0] for entry in menu_of(with_pages, "index.html")]
    with_pages.build("--drafts")
    assert (with_pages.out / "soon/index.html").is_file()


def test_new_page_writes_a_page_and_never_overwrites(site: SiteDir) -> None:
    result = site.run("new", "--page", "About")
    assert result.exit_code == 0, result.output
    assert "Created pages/about.md" in result.output
    assert (site.root / "pages/about.md").read_text().startswith('---\ntitle: "About"\n')
    site.build()
    assert site.html("about/index.html").xpath("//h1/text()") == ["About"]
    again = site.run("new", "--page", "About")
    assert again.exit_code == 1 and "pages/about.md: already exists" in again.output


def test_a_build_with_nothing_changed_writes_nothing_and_an_edit_rebuilds_the_page(with_pages: SiteDir) -> None:
    with_pages.build()
    before = with_pages.files()
    assert "(0 written, " in with_pages.build().output
    assert with_pages.files() == before
    with_pages.write("pages/about.md", "---\ntitle: About me\nmenu: true\nweight: 2\n---\nI now write about sales.\n")
    with_pages.build()
    after = with_pages.files()
    assert b"I now write about sales." in after["about/index.html"]
    changed = {name for name in after if after[name] != before.get(name)}
    assert "about/index.html" in changed and "2009/08/lighting-the-fuse/index.html" not in changed


def test_the_header_is_rendered_once_for_each_menu_entry_not_once_a_page(with_pages: SiteDir,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = render._render_part
    monkeypatch.setattr(render, "_render_part", lambda env, site, name, values=None: (
        made.append(name), real(env, site, name, values))[1])
    result = with_pages.build()
    pages = int(result.output.split("Built ")[1].split(" pages")[0])
    headers = made.count("_header.html")
    assert pages > 15 and headers == 5  # the four pages of the menu, and every other page
    assert ("Speaking", "/speaking/", None) not in menu_of(with_pages, "speaking/index.html")
    assert ("Start here", "/speaking/", "page") in menu_of(with_pages, "speaking/index.html")


def test_a_site_header_that_reads_the_page_is_made_on_each_page(with_pages: SiteDir) -> None:
    with_pages.write("templates/_header.html", '<header><p class="now">{{ page.title }}|{{ current_url }}</p></header>')
    with_pages.build()
    assert with_pages.html("about/index.html").xpath("//p[@class='now']/text()") == ["About me|/about/"]
    assert with_pages.html("tags/index.html").xpath("//p[@class='now']/text()") == ["Tags|"]


def test_the_preview_rebuilds_when_a_page_is_saved(site: SiteDir) -> None:
    assert watched_change(site.root, str(site.root / "pages/about.md")) == "pages/about.md"


def test_a_pages_old_address_redirects_to_it(with_pages: SiteDir) -> None:
    with_pages.build()
    redirect = with_pages.html("fees.html")
    assert redirect.xpath("//link[@rel='canonical']/@href") == ["https://example.com/speaking/rates/"]


@pytest.mark.parametrize(("menu", "error"), [
    ("menu: about", "menu: must be a list of links "
                    "(write each entry as {title: About, url: /about/} or {page: about})"),
    ("  - {title: About}", "menu.0: needs a 'title' and a 'url', or a 'page'"),
    ("  - {page: about, link: x}", "menu.0: unknown field 'link'"),
])
def test_a_menu_that_is_not_a_list_of_links_is_an_error_on_its_line(site: SiteDir, menu: str, error: str) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + ("" if menu.startswith("menu") else "menu:\n")
               + menu + "\n")
    line = (site.root / "site.yaml").read_text().splitlines().index(menu) + 1
    result = site.run("build")
    assert result.exit_code == 1
    assert f"site.yaml:{line}: {error}" in result.output


def test_a_wrong_field_of_a_page_is_an_error_on_its_line(site: SiteDir) -> None:
    site.write("pages/about.md", "---\ntitle: About\nweight: heavy\nurl: about\n---\nX.\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert "pages/about.md:3: weight: 'heavy' is not a whole number" in result.output
    assert ("pages/about.md:4: url: 'about' is not a path on the site "
            "(write a path from the site's root, like /about/)") in result.output
