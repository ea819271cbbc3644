"""Reading in the dark, on paper and with a screen reader: the theme's dark toggle, print styles,
axe-core on every page type, and screenshots of every page type."""

from __future__ import annotations

import lxml.html
import pytest

from bundled import serving
from conftest import SITE_YAML, SiteDir
from test_browser import _luminance, base_url, browser  # noqa: F401 - the browser tests' fixtures

POST = "/2009/08/lighting-the-fuse/"
LIGHT_SYSTEM = {"viewport": {"width": 1280, "height": 800}, "color_scheme": "light"}


def background(p: object) -> float:
    return _luminance(p.evaluate("getComputedStyle(document.body).backgroundColor"))


def toggle(p: object) -> object:
    return p.get_by_role("banner").get_by_role("button", name="Dark theme")


# Dark mode ---------------------------------------------------------------------------------------

def test_the_dark_toggle_persists_across_pages(browser: object, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(**LIGHT_SYSTEM)
    p = context.new_page()
    p.goto(base_url + "/")
    assert toggle(p).get_attribute("aria-pressed") == "false" and background(p) > 0.8
    toggle(p).click()
    assert toggle(p).get_attribute("aria-pressed") == "true" and background(p) < 0.1
    p.locator("article.summary h2 a").first.click()
    p.wait_for_load_state()
    assert toggle(p).get_attribute("aria-pressed") == "true" and background(p) < 0.1
    assert p.evaluate("getComputedStyle(document.querySelector('header input')).colorScheme") == "dark"
    toggle(p).click()
    p.goto(base_url + "/archives/")
    assert toggle(p).get_attribute("aria-pressed") == "false" and background(p) > 0.8
    context.close()


RECORD_THEME_AT_BODY = """
new MutationObserver((records, observer) => {
  if (document.body) {
    window.themeAtBody = document.documentElement.dataset.theme;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_the_stored_choice_is_on_the_page_before_its_body_so_nothing_flashes(browser: object,  # noqa: F811
                                                                               base_url: str) -> None:  # noqa: F811
    context = browser.new_context(**LIGHT_SYSTEM)
    context.add_init_script("localStorage.setItem('theme', 'dark');" + RECORD_THEME_AT_BODY)
    p = context.new_page()
    p.goto(base_url + POST)
    assert p.evaluate("window.themeAtBody") == "dark"
    context.close()


def test_the_theme_script_runs_before_the_stylesheet_loads(site: SiteDir) -> None:
    site.post("a", "Lighting the Fuse")
    site.build()
    head = lxml.html.fromstring(site.text("index.html")).find("head")
    order = [el.tag if el.tag == "script" else el.get("rel") for el in head if el.tag in ("script", "link")]
    assert order.index("script") < order.index("stylesheet")
    inline = head.xpath("script[not(@src)]")[0]
    assert "localStorage" in inline.text and not inline.get("defer") and not inline.get("type")


def test_without_javascript_the_system_scheme_still_darkens_page_and_form_controls(browser: object,  # noqa: F811
                                                                                   base_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark",
                                  java_script_enabled=False)
    p = context.new_page()
    p.goto(base_url + "/")
    assert background(p) < 0.1
    assert p.evaluate("getComputedStyle(document.querySelector('header input')).colorScheme") == "light dark"
    assert not p.locator(".theme-toggle").is_visible(), "a toggle that cannot work is not shown"
    context.close()


# Print -------------------------------------------------------------------------------------------

LINKS = """\
Read [the study](https://example.org/study), then [our archives](/archives/) and [the notes](#notes).

[![A chart](/chart.png)](https://example.org/chart)
"""


@pytest.fixture
def printed(browser: object, site: SiteDir) -> object:  # noqa: F811
    """A post with links of every kind, as Chromium prints it, after the reader chose the dark theme."""
    site.write("site.yaml", SITE_YAML + "search: true\n")
    site.write("static/chart.png", b"png")
    site.post("a", "Lighting the Fuse", body=LINKS, labels="[Sales]", tags="[fuse]")
    site.post("b", "Keeping the Fuse Lit", "2009-09-01", labels="[Sales]", tags="[fuse]")
    site.build()
    with serving(site.out) as url:
        context = browser.new_context(**LIGHT_SYSTEM)
        context.add_init_script("localStorage.setItem('theme', 'dark')")
        p = context.new_page()
        p.goto(url + "/2009/08/lighting-the-fuse/")
        p.emulate_media(media="print")
        yield p
        context.close()


def after(p: object, selector: str) -> str:
    return p.evaluate(f"getComputedStyle(document.querySelector({selector!r}), '::after').content")


def test_print_shows_the_address_of_links_to_other_sites_only(printed: object) -> None:
    assert after(printed, "main .body a[href='https://example.org/study']") == '" (https://example.org/study)"'
    assert after(printed, "main .body a[href='/archives/']") == "none"
    assert after(printed, "main .body a[href='#notes']") == "none"
    assert after(printed, "main .body a[href='https://example.org/chart']") == "none"


def test_print_is_black_on_white_without_navigation_search_share_or_related_posts(printed: object) -> None:
    assert printed.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
                            ) == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    for hidden in (".site-header nav", ".search-box", ".theme-toggle", ".share", ".sidebar", ".related",
                   ".site-footer"):
        assert printed.locator(hidden).count() >= 1, f"{hidden} is on the screen page"
        assert not printed.locator(hidden).first.is_visible(), f"{hidden} is printed"
    assert printed.locator("main h1").is_visible() and printed.locator("main .body").is_visible()
