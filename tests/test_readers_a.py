"""What a reader meets around a post and beyond it: the archived comments, the author box, the
subscribe page, and the search page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from bundled import build_bundled, chromium_path, serving
from conftest import SiteDir

COMMENT = "[{author: Ann, date: 2009-08-15, body: Thanks}]"
ARCHIVED = "These comments are archived from the old blog. New comments are closed."


def test_a_post_without_comments_has_no_comments_heading(site: SiteDir) -> None:
    site.post("quiet", "Quiet")
    site.build()
    page = site.html("2009/08/quiet/index.html")
    assert page.xpath("//section[@id='comments']") == []
    assert "0 comments" not in site.text("2009/08/quiet/index.html")


def test_comments_say_they_are_archived_from_the_old_blog(site: SiteDir) -> None:
    site.post("talked", "Talked", comments=COMMENT)
    site.build()
    section = site.html("2009/08/talked/index.html").xpath("//section[@id='comments']")[0]
    assert section.xpath("string(h2)") == "1 comment"
    assert section.xpath("string(p[@class='comments-note'])") == ARCHIVED


def test_the_archived_comments_note_is_worded_by_the_site(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\ntranslations:\n"
               f"  en:\n    '{ARCHIVED}': Imported from our WordPress years; comments are closed.\n")
    site.post("talked", "Talked", comments=COMMENT)
    site.build()
    note = site.html("2009/08/talked/index.html").xpath("string(//p[@class='comments-note'])")
    assert note == "Imported from our WordPress years; comments are closed."


AUTHOR_YAML = """\
title: Notes
url: https://example.com
authors:
  lori:
    name: Lori Budin
    avatar: /img/lori.png
    url: https://lori.example.com
    bio: >-
      Lori Budin has been the President of Channel Fundamentals, Inc. for 5 years.
      She builds channel programs.

      Her clients include VeriSign.
author: lori
"""


def test_the_author_box_after_a_post_is_short_and_leads_to_the_author_page(site: SiteDir) -> None:
    site.write("site.yaml", AUTHOR_YAML)
    site.write("static/img/lori.png", b"\x89PNG\r\n\x1a\n")
    site.post("essay", "Essay")
    site.build()
    box = site.html("2009/08/essay/index.html").xpath("//section[contains(@class, 'author-box')]")[0]
    assert box.xpath("img[@class='avatar']/@src") == ["/img/lori.png"]
    assert box.xpath("string(.//h2)") == "Lori Budin"
    assert [" ".join(p.text_content().split()) for p in box.xpath(".//p")] == [
        "Lori Budin has been the President of Channel Fundamentals, Inc. for 5 years.", "More about Lori Budin"]
    assert set(box.xpath(".//a/@href")) == {"/authors/lori/"}
    author_page = site.text("authors/lori/index.html")
    assert "She builds channel programs." in author_page and "Her clients include VeriSign." in author_page


def test_an_author_without_avatar_or_bio_gets_a_box_with_name_and_link_only(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\nauthors:\n  bo: {name: Bo}\nauthor: bo\n")
    site.post("essay", "Essay")
    site.build()
    box = site.html("2009/08/essay/index.html").xpath("//section[contains(@class, 'author-box')]")[0]
    assert box.xpath(".//img") == []
    assert [p.text_content() for p in box.xpath(".//p")] == ["More about Bo"]


NEWSLETTER = """\
newsletter:
  action: https://buttondown.com/api/emails/embed-subscribe/notes
  email_field: EMAIL
  hidden: {u: abc123, embed: 1}
"""


def test_the_subscribe_page_explains_feeds_with_their_addresses_and_reader_links(site: SiteDir) -> None:
    site.post("essay", "Essay")
    site.build()
    page = site.html("subscribe/index.html")
    assert page.xpath("string(//h1)") == "Subscribe"
    assert "A feed reader is an app or a website" in page.text_content()
    addresses = page.xpath("//dl[@class='feeds']//code/text()")
    assert addresses == ["https://example.com/feed.xml", "https://example.com/feed.json",
                         "https://example.com/comments.xml"]
    assert page.xpath("//ul[@class='readers']//a/@href") == [
        "https://feedly.com/i/subscription/feed%2Fhttps%3A//example.com/feed.xml",
        "https://www.inoreader.com/?add_feed=https%3A//example.com/feed.xml",
        "https://www.newsblur.com/?url=https%3A//example.com/feed.xml"]
    assert page.xpath("//form[@class='newsletter-form']") == []
    assert "/subscribe/" in site.html("2009/08/essay/index.html").xpath("//p[@class='follow']/a/@href")
    assert site.html("index.html").xpath("//nav[@aria-label='Main']//a[@href='/subscribe/']/text()") == ["Subscribe"]


def test_the_subscribe_page_has_the_sign_up_form_site_yaml_names(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com/blog\njson_feed: false\n" + NEWSLETTER)
    site.post("essay", "Essay")
    site.build()
    page = site.html("subscribe/index.html")
    form = page.xpath("//form[@class='newsletter-form']")[0]
    assert (form.get("action"), form.get("method")) == ("https://buttondown.com/api/emails/embed-subscribe/notes", "post")
    assert form.xpath(".//input[@type='email']/@name") == ["EMAIL"]
    assert [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")] == [
        ("u", "abc123"), ("embed", "1")]
    assert page.xpath("//dl[@class='feeds']//code/text()") == ["https://example.com/blog/feed.xml",
                                                                "https://example.com/blog/comments.xml"]
    assert site.html("2009/08/essay/index.html").xpath("//p[@class='follow']/a/@href") == ["/blog/subscribe/"]


def test_each_language_has_its_own_subscribe_page(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\nlanguages:\n  en: {}\n  fr: {title: Carnets}\n")
    site.post("essay", "Essay")
    site.post("essai", "Essai", lang="fr")
    site.build()
    french = site.html("fr/subscribe/index.html")
    assert french.get("lang") == "fr" and french.xpath("string(//h1)") == "S’abonner"
    assert french.xpath("//dl[@class='feeds']//code/text()")[0] == "https://example.com/fr/feed.xml"
    assert site.html("fr/2009/08/essai/index.html").xpath("//p[@class='follow']/a/@href") == ["/fr/subscribe/"]
    assert site.html("subscribe/index.html").xpath("string(//h1)") == "Subscribe"


def test_a_page_at_the_subscribe_address_is_an_error_naming_both(site: SiteDir) -> None:
    site.write("pages/subscribe.md", "---\ntitle: Subscribe\n---\n\nJoin us.\n")
    result = site.run("build")
    assert result.exit_code == 1
    assert ("pages/subscribe.md:2: is published at /subscribe/, the address of chanblog's subscribe page "
            "(give the page another 'slug:' or 'url:')") in result.output
    assert not site.out.exists()


@pytest.mark.parametrize(("yaml", "expected"), [
    ("newsletter:\n  action: ftp://lists.example.com/join\n",
     "site.yaml:4: newsletter.action: 'ftp://lists.example.com/join' is not an http or https address"),
    ("newsletter:\n  action: /join\n", "site.yaml:4: newsletter.action: '/join' is not an http or https address"),
    ("newsletter:\n  email_field: email\n",
     "site.yaml:3: newsletter: needs an 'action': the address the sign-up form posts to"),
    ("newsletter: https://lists.example.com/join\n",
     "site.yaml:3: newsletter: 'https://lists.example.com/join' is not a set of sign-up form settings"),
    ("newsletter:\n  action: https://lists.example.com/join\n  method: put\n",
     "site.yaml:5: newsletter.method: 'put' is not post or get (write method: post (the default) or get)"),
    ("newsletter:\n  action: https://lists.example.com/join\n  email_field: e mail\n",
     "site.yaml:5: newsletter.email_field: 'e mail' is not a form field name"),
    ("newsletter:\n  action: https://lists.example.com/join\n  hidden:\n    u: [1, 2]\n",
     "site.yaml:6: newsletter.hidden.u: must be text"),
    ("newsletter:\n  action: https://lists.example.com/join\n  list: 7\n",
     "site.yaml:5: newsletter.list: is no newsletter setting (use action, method, email_field, hidden, title, text)"),
])
def test_a_bad_newsletter_setting_is_an_error_on_its_line(site: SiteDir, yaml: str, expected: str) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\n" + yaml)
    site.post("essay", "Essay")
    result = site.run("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert expected in result.output
    assert not site.out.exists()


def test_a_menu_of_site_yaml_links_the_subscribe_page_only_when_it_lists_it(site: SiteDir) -> None:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\nmenu:\n  - {title: Follow, url: /subscribe/}\n")
    site.post("essay", "Essay")
    site.build()
    assert site.html("subscribe/index.html").xpath("//nav[@aria-label='Main']//a[@aria-current='page']/text()") == [
        "Follow"]


# In real headless Chromium, as a reader meets them.

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def bundled_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(build_bundled(tmp_path_factory.mktemp("readers") / "_site")) as url:
        yield url


@pytest.fixture
def tab(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def wait_for_results(tab: object, query: str) -> None:
    tab.locator(f"#search-results[data-query='{query}']").wait_for(state="attached", timeout=20000)


def test_the_search_url_follows_typing(tab: object, bundled_url: str) -> None:
    tab.goto(bundled_url + "/")
    tab.goto(bundled_url + "/search/?q=lighting")
    wait_for_results(tab, "lighting")
    tab.locator("#search-query").fill("")
    assert tab.url == bundled_url + "/search/"
    tab.locator("#search-query").press_sequentially("sneezers")
    wait_for_results(tab, "sneezers")
    assert tab.url == bundled_url + "/search/?q=sneezers"
    tab.locator("#search-query").press_sequentially(" ideas")
    wait_for_results(tab, "sneezers ideas")
    assert tab.url == bundled_url + "/search/?q=sneezers+ideas"
    tab.reload()
    assert tab.locator("#search-query").input_value() == "sneezers ideas"
    tab.go_back()  # replaced, not pushed: Back leaves the search page at once
    assert tab.url == bundled_url + "/"


def test_the_search_page_has_one_named_search_landmark_and_excerpts_without_the_title(tab: object,
                                                                                      bundled_url: str) -> None:
    tab.goto(bundled_url + "/search/?q=lighting")
    wait_for_results(tab, "lighting")
    assert tab.get_by_role("search").count() == 1
    assert tab.get_by_role("search", name="Search the posts").count() == 1
    first = tab.locator("#search-results li").first
    title = first.locator("h2").inner_text().strip()
    assert title == "Lighting The Fuse"
    assert not first.locator(".excerpt").inner_text().strip().startswith(title)


def test_search_filters_by_tag(tab: object, bundled_url: str) -> None:
    tab.goto(bundled_url + "/search/?q=customers")
    wait_for_results(tab, "customers")
    every = int(tab.locator("#search-status").inner_text().split()[0])
    tag = tab.locator("#search-filters input[name=tag]").first
    value = tag.get_attribute("value")
    tab.locator("details.search-tags summary").click()
    tag.check()
    tab.locator(f"#search-results[data-query='customers'][data-filters='{value}']").wait_for(state="attached",
                                                                                          timeout=20000)
    found = tab.locator("#search-results li h2 a")
    assert 0 < found.count() < every or every == 1
    found.first.click()
    tab.wait_for_load_state()
    assert value in tab.locator("article.post p.terms").filter(has_text="Tags:").inner_text()


CLS = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) if (!shift.hadRecentInput) total += shift.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1000);
})"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_the_search_page_does_not_shift_as_results_come(browser: object, bundled_url: str, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.goto(bundled_url + "/search/?q=customers")
    wait_for_results(tab, "customers")
    shift = tab.evaluate(CLS)
    context.close()
    assert shift == 0


@contextmanager
def catching_posts() -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    """A loopback server standing for an email service: yields its address and the forms posted to it."""
    posted: list[dict[str, list[str]]] = []

    class Service(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            posted.append({"path": [self.path], **parse_qs(body)})
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html><title>Thanks</title><p>Thanks")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", posted
    finally:
        server.shutdown()
        server.server_close()


def test_the_subscribe_form_posts_to_the_configured_action(tab: object, site: SiteDir) -> None:
    with catching_posts() as (service, posted):
        site.write("site.yaml", "title: Notes\nurl: https://example.com\nsearch: false\nnewsletter:\n"
                   f"  action: {service}/join?list=7\n  email_field: EMAIL\n  hidden: {{u: abc123}}\n")
        site.post("essay", "Essay")
        site.build()
        with serving(site.out) as url:
            tab.goto(url + "/2009/08/essay/")
            tab.locator("p.follow a").click()
            tab.get_by_label("Email address").fill("reader@example.com")
            tab.get_by_role("button", name="Subscribe").click()
            tab.wait_for_url(f"{service}/join?list=7")
    assert posted == [{"path": ["/join?list=7"], "EMAIL": ["reader@example.com"], "u": ["abc123"]}]
