"""The built bundled site in real headless Chromium, as a reader meets it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bundled import build_bundled, chromium_path, in_ci, serving
from conftest import SiteDir
from preview import Preview, start_preview

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

if chromium_path() is None:
    if in_ci():
        raise RuntimeError("CI=true but Chromium is not installed: .ci/run must install Debian's chromium")
    pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped",
                allow_module_level=True)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(build_bundled(tmp_path_factory.mktemp("browser") / "_site")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


CANCELLED = "net::ERR_ABORTED"  # a request the browser gave up, as when a click leaves a page before its icon came


class Watched:
    """A page that records console errors, failed requests and error responses (not a request the
    browser cancelled itself: a file that is not there still answers 404)."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        page.on("requestfailed", lambda req: req.failure != CANCELLED and self.problems.append(f"failed: {req.url}"))
        page.on("response", lambda res: res.status >= 400 and self.problems.append(f"{res.status}: {res.url}"))


@pytest.fixture
def page(browser: object) -> Iterator[Watched]:
    context = browser.new_context(viewport=DESKTOP)
    watched = Watched(context.new_page())
    yield watched
    context.close()


def test_reader_follows_post_tag_label_archive_and_feed(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/")
    assert p.locator("h1").count() == 1
    p.locator("article.summary h2 a").first.click()
    p.wait_for_load_state()
    post_url = p.url
    title = p.locator("h1").inner_text()
    p.locator("article.post p.terms").filter(has_text="Tags:").locator("a").first.click()
    assert p.locator("h1").inner_text().startswith("Posts tagged ‘")
    assert title in [t.strip() for t in p.locator("article.summary h2 a").all_inner_texts()]
    p.goto(post_url)
    p.locator("article.post p.terms").filter(has_text="Labels:").locator("a").first.click()
    assert p.locator("h1").inner_text().startswith("Posts with label ‘")
    p.get_by_role("navigation", name="Main").get_by_role("link", name="Archives").click()
    assert p.locator("h1").inner_text() == "Archives"
    p.locator("main section h2 a").first.click()
    assert p.locator("h1").inner_text().startswith("Posts from ")
    feed_href = p.locator("link[rel=alternate][type='application/atom+xml']").first.get_attribute("href")
    response = p.request.get(base_url + feed_href)
    assert response.ok and b"<feed" in response.body()
    p.get_by_role("navigation", name="Main").get_by_role("link", name="Subscribe").click()
    assert p.locator("h1").inner_text() == "Subscribe"
    assert p.get_by_role("link", name="Feedly").count() == 1
    assert page.problems == []


def test_a_request_the_browser_cancels_is_no_problem_but_a_missing_page_is(page: Watched, base_url: str) -> None:
    page.page.route("**/*.css", lambda route: route.abort("aborted"))  # as a click away cancels them
    page.page.goto(base_url + "/")
    page.page.goto(base_url + "/no-such-page/")
    assert f"404: {base_url}/no-such-page/" in page.problems
    assert [problem for problem in page.problems if problem.startswith("failed: ")] == []


@pytest.mark.parametrize("path", ["/", "/2009/08/lighting-the-fuse/", "/tags/", "/archives/", "/authors/"])
def test_nothing_scrolls_sideways_on_a_phone(browser: object, base_url: str, path: str) -> None:
    context = browser.new_context(viewport=PHONE)
    p = context.new_page()
    p.goto(base_url + path)
    overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than a 375px phone"


def test_dark_scheme_applies(browser: object, base_url: str) -> None:
    colors = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        p = context.new_page()
        p.goto(base_url + "/")
        colors[scheme] = p.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
        context.close()
    assert colors["light"] != colors["dark"]
    light_bg, dark_bg = (_luminance(colors[s][0]) for s in ("light", "dark"))
    assert light_bg > 0.8 and dark_bg < 0.1


def test_keyboard_reaches_skip_link_then_main_navigation(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    for _ in range(4):
        p.keyboard.press("Tab")
        if p.evaluate("!!document.activeElement.closest('nav[aria-label=Main]')"):
            break
    assert p.evaluate("document.activeElement.closest('nav[aria-label=Main]') !== null")
    outline = p.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focused links must show a visible outline"


def result_titles(p: object) -> list[str]:
    return [t.strip() for t in p.locator("#search-results li h2").all_inner_texts()]


def test_search_finds_the_sneezers_essay_and_filters_by_label(page: Watched, base_url: str) -> None:
    p = page.page
    p.goto(base_url + "/")
    p.locator("header input[type=search]").fill("sneezers")
    p.locator("header input[type=search]").press("Enter")
    p.wait_for_url("**/search/?q=sneezers")
    p.locator("#search-results li").first.wait_for(timeout=20000)
    assert result_titles(p)[0] == "Lighting The Fuse"
    first = p.locator("#search-results li").first
    assert first.locator(".byline").inner_text().startswith("August 14, 2009")
    assert "sneezers" in first.locator(".excerpt mark").first.inner_text().lower()

    p.locator("#search-filters input[name=label][value='Leadership']").check()
    p.locator("#search-results[data-filters='Leadership']").wait_for(state="attached", timeout=20000)
    assert result_titles(p) == [] and p.locator("#search-status").inner_text() == "No posts found."
    p.locator("#search-filters input[name=label][value='Leadership']").uncheck()

    p.locator("#search-query").fill("customers")
    p.locator("#search-results[data-query='customers'][data-filters='']").wait_for(state="attached", timeout=20000)
    unfiltered = int(p.locator("#search-status").inner_text().split()[0])  # all found, not only those shown
    assert unfiltered > 2
    p.locator("#search-filters input[name=label][value='Leadership']").check()
    p.locator("#search-results[data-query='customers'][data-filters='Leadership']").wait_for(state="attached",
                                                                                             timeout=20000)
    filtered = result_titles(p)
    assert filtered and len(filtered) == int(p.locator("#search-status").inner_text().split()[0]) < unfiltered
    p.locator("#search-results li h2 a").first.click()
    p.wait_for_load_state()
    labels = p.locator("article.post p.terms").filter(has_text="Labels:").inner_text()
    assert "Leadership" in labels
    assert page.problems == []


def test_search_page_without_javascript_points_to_the_archives(browser: object, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    p = context.new_page()
    p.goto(base_url + "/search/?q=sneezers")
    assert "Search needs JavaScript" in p.locator("main").inner_text()
    assert p.locator("main a[href='/archives/']").count() == 1
    context.close()


def _luminance(css_color: str) -> float:
    red, green, blue = (int(v) / 255 for v in css_color[css_color.index("(") + 1:-1].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def preview_problems(page: Watched) -> list[str]:
    """The page's problems, but for the event stream Chromium reports as failed when a reload cuts it."""
    return [problem for problem in page.problems if not problem.startswith("failed: ") or
            not problem.endswith("/__chanblog/events")]


@pytest.fixture
def previewing(site: SiteDir) -> Iterator[Preview]:
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The first version of the fuse.")
    site.write("static/theme/style.css", "body { color: rgb(1, 2, 3); }\n")
    running = start_preview(site.root)
    yield running
    running.stop()


def test_preview_reloads_the_page_after_the_author_saves(page: Watched, previewing: Preview, site: SiteDir) -> None:
    p = page.page
    p.goto(previewing.url + "2009/08/lighting-the-fuse/")
    p.wait_for_function("() => window.__chanblogConnected === true")
    p.evaluate("window.__notReloaded = true")
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The second version of the fuse.")
    p.wait_for_function("() => document.body.innerText.includes('The second version of the fuse.')", timeout=20000)
    assert p.evaluate("window.__notReloaded") is None
    assert preview_problems(page) == []


def test_preview_shows_a_failed_rebuild_over_the_page_until_it_is_fixed(page: Watched, previewing: Preview,
                                                                         site: SiteDir) -> None:
    p = page.page
    p.goto(previewing.url + "2009/08/lighting-the-fuse/")
    p.wait_for_function("() => window.__chanblogConnected === true")
    site.write("posts/a.md", "---\ntitle: Lighting the Fuse\ndate: 2009-08-14\ndraft: maybe\n---\nBroken.\n")
    overlay = p.locator("#chanblog-errors")
    overlay.wait_for(timeout=20000)
    assert "posts/a.md:4: draft: 'maybe' is not true or false" in overlay.inner_text()
    assert "The first version of the fuse." in p.locator("main").inner_text()
    site.post("a", "Lighting the Fuse", "2009-08-14", body="Fixed.")
    p.wait_for_function("() => document.body.innerText.includes('Fixed.')", timeout=20000)
    assert overlay.count() == 0
    assert preview_problems(page) == []


def test_preview_swaps_a_changed_stylesheet_without_reloading(page: Watched, previewing: Preview,
                                                              site: SiteDir) -> None:
    p = page.page
    p.goto(previewing.url + "2009/08/lighting-the-fuse/")
    p.wait_for_function("() => window.__chanblogConnected === true")
    assert p.evaluate("getComputedStyle(document.body).color") == "rgb(1, 2, 3)"
    p.evaluate("window.__notReloaded = true")
    site.write("static/theme/style.css", "body { color: rgb(4, 5, 6); }\n")
    p.wait_for_function("() => getComputedStyle(document.body).color === 'rgb(4, 5, 6)'", timeout=20000)
    assert p.evaluate("window.__notReloaded") is True
    assert page.problems == []


def test_preview_search_catches_up_with_an_edit(page: Watched, previewing: Preview, site: SiteDir) -> None:
    p = page.page
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The first version mentions zanzibar.")
    p.goto(previewing.url + "search/?q=zanzibar")

    def search_for_zanzibar() -> list[str]:
        from playwright.sync_api import Error as PageError
        try:
            p.goto(previewing.url + "search/?q=zanzibar")
            p.wait_for_function("() => document.getElementById('search-status').textContent !== ''", timeout=20000)
            return result_titles(p)
        except PageError:  # the live reload of a rebuild still under way navigated the page away: ask again
            return []

    deadline = time.monotonic() + 30
    while search_for_zanzibar() != ["Lighting the Fuse"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert search_for_zanzibar() == ["Lighting the Fuse"]
    assert not (site.out / "pagefind").exists()  # the preview's index lives beside the output
