"""One post's HTML cannot break other pages, Markdown cannot take quadratic time, feeds stay readable.

- An excerpt (before `<!--more-->`, or a first paragraph) is balanced: cut inside a `<div>`,
  `<details>`, a table cell or a `<b>` across paragraphs, or with stray end tags, it neither
  leaves elements open nor closes the theme's own, so every listing page stays valid HTML.
- A body with stray end tags cannot close the post page's `<article>` or `<main>`.
- The default engine renders in linear time what Python-Markdown would take hours over; with
  `markdown: python-markdown` such bodies are refused, quickly. Lists and quotes nested thousands
  deep are refused with either engine.
- A post too long for a feed is carried there by its excerpt and a link, with a warning.
"""

from __future__ import annotations

import re
import subprocess
import sys

import lxml.html
import pytest
from lxml import etree

from conftest import SITE_YAML, SiteDir
from sitecheck import ATOM, atom_problems
from test_validity import nu_check

EXCERPT_CUTS = {
    "in-a-div": '<div class="note">\nBefore the marker.\n<!--more-->\nAfter the marker.\n</div>\n',
    "in-details": "<details><summary>Open me</summary>\n\nBefore the marker.\n\n<!--more-->\n\n"
                  "After the marker.\n\n</details>\n",
    "in-a-table-cell": "<table><tr><td>Before the marker. <!--more--> After the marker.</td></tr></table>\n",
    "in-bold-across-paragraphs": "Intro <b>in bold\n\nBefore the marker.\n\n<!--more-->\n\nAfter the marker.</b>\n",
    "stray-end-tags": "Before the marker</div></article></main> and after the stray tags.\n\nAfter the marker.\n",
}
LISTINGS = ["index.html", "tags/cut/index.html", "labels/cutting/index.html", "authors/jane/index.html"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SiteDir]:
    """One built site per body, each with a tag, a label and an author, beside a plain post."""
    built, folder = {}, tmp_path_factory.mktemp("cuts")
    for name, body in EXCERPT_CUTS.items():
        site = SiteDir(folder / name)
        site.write("site.yaml", SITE_YAML)
        site.post("plain", "Plain", "2009-08-13", body="A plain post, **bold** where it says so.",
                  tags="[cut]", labels="[cutting]")
        site.post("cut", f"Cut {name}", "2009-08-14", body=body, tags="[cut]", labels="[cutting]")
        site.build()
        built[name] = site
    return built


@pytest.fixture(scope="module")
def nu_report(sites: dict[str, SiteDir]) -> str:
    """What the Nu checker says about every page of every site, in one run; it must find nothing."""
    done = nu_check(next(iter(sites.values())).root.parent)
    report = done.stdout + done.stderr
    if done.returncode != 0:  # then the tests below name the pages
        assert any(f"/{name}/" in report for name in EXCERPT_CUTS), report
    return report


@pytest.mark.parametrize("name", EXCERPT_CUTS)
def test_listing_pages_stay_valid_whatever_an_excerpt_cuts(name: str, sites: dict[str, SiteDir],
                                                          nu_report: str) -> None:
    site = sites[name]
    problems = [line for line in nu_report.splitlines() if f"/{name}/" in line]
    assert problems == []
    for page in LISTINGS:
        doc = site.html(page)
        [excerpt] = doc.xpath("//main/article[h2/a[starts-with(., 'Cut')]]/div[@class='excerpt']")
        assert "Before the marker" in excerpt.text_content()
        assert "After the marker" not in excerpt.text_content()
        plain = doc.xpath("//main/article[h2/a = 'Plain']/div[@class='excerpt']")[0]
        assert plain.xpath(".//b | ./ancestor::b") == [], "a <b> from the other post runs on"


def test_stray_end_tags_do_not_close_the_post_page(sites: dict[str, SiteDir], nu_report: str) -> None:
    site = sites["stray-end-tags"]
    page = "2009/08/cut-stray-end-tags/index.html"
    assert [line for line in nu_report.splitlines() if page in line] == []
    [body] = site.html(page).xpath("//main/article/div[@class='body']")
    assert " ".join(body.text_content().split()) == "Before the marker and after the stray tags. After the marker."
    assert re.search(r"Before the marker and after the stray tags\.</p>", site.text(page))


def test_balanced_raw_html_is_kept_as_written(site: SiteDir) -> None:
    body = '<div class="note"><p>Kept&nbsp;as <B>written</B>&rsquo;s</p></div>\n\nAnd <span class=x>inline</span>.\n'
    site.post("raw", "Raw", body=body)
    site.build()
    page = site.text("2009/08/raw/index.html")
    assert '<div class="note"><p>Kept&nbsp;as <B>written</B>&rsquo;s</p></div>' in page
    assert "<p>And <span class=x>inline</span>.</p>" in page


# Markdown in linear time, or refused: each body here took Python-Markdown time quadratic in its
# length (the first, 80 KB, 84 s; these are 200 KB). The build runs in a child process that is
# given far less time than the quadratic code would need, and must end with the error on the
# body's first line.
BRACKETS = ("posts/x.md:5: the body nests or leaves open too many '[' brackets to render "
            "(close each '[' with ']' and each '](' with ')', or write a bracket that is text as '\\[')")
SIZE = 200_000
HUGE = 900_000  # under the 1 MB a post may be


def _repeat(unit: str, size: int = SIZE) -> str:
    return unit * (size // len(unit))


def build_in_child(site: SiteDir, *setup: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`chanblog build` in a child process, after the Python statements `setup`."""
    code = "; ".join([*setup, "from chanblog.cli import main", "main()"])
    return subprocess.run([sys.executable, "-c", code, "--site", str(site.root), "build"],
                          capture_output=True, text=True, timeout=timeout, check=False)


BRACKET_BODIES = {
    "nested-links": "[" * (SIZE // 5) + "x" + "](y)" * (SIZE // 5),
    "open": _repeat("["),  # brackets never closed
    "open-spaced": _repeat("[ "),
    "images": _repeat("!["),
    "footnotes": _repeat("[^"),  # footnote references
    "starred": _repeat("*["),
    "open-addresses": _repeat("[x]("),  # link addresses never closed
    "one-close": _repeat("[a ") + "](b)",
}
PYTHON_MARKDOWN = SITE_YAML + "markdown: python-markdown\n"


@pytest.mark.parametrize("body", BRACKET_BODIES.values(), ids=BRACKET_BODIES.keys())
def test_brackets_that_would_take_python_markdown_quadratic_time_are_refused(site: SiteDir, body: str) -> None:
    site.write("site.yaml", PYTHON_MARKDOWN)
    site.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n---\n" + body + "\n")
    done = build_in_child(site)
    assert (done.returncode, done.stdout + done.stderr) == (1, BRACKETS + "\n")


@pytest.mark.parametrize("yaml", [SITE_YAML, PYTHON_MARKDOWN], ids=["commonmark", "python-markdown"])
def test_posts_full_of_links_and_brackets_still_render(site: SiteDir, yaml: str) -> None:
    site.write("site.yaml", yaml)
    paragraph = ('See [a link](https://example.com/x "t"), [[a] nested [b] link](/y) and ![img](/z.png), '
                 "[a reference][r] and a note[^n]. " * 20)
    escaped = "\\[" * 500 + " and `" + "[" * 500 + "` are text.\n\n"
    site.post("links", "Links", body=(paragraph + "\n\n") * 100 + escaped + "[r]: /r\n\n[^n]: A note.\n")
    site.build()
    page = site.html("2009/08/links/index.html")
    assert len(page.xpath("//div[@class='body']//a[@href='https://example.com/x']")) == 2000
    assert len(page.xpath("//div[@class='body']//a[@href='/r']")) == 2000
    assert "[" * 500 in page.xpath("//div[@class='body']//code")[-1].text


# Other bodies that Python-Markdown, or the HTML parser it uses, renders in quadratic time: each
# 900 KB of them would take hours. Every body must render within a time limit (300 s; 2 s here).
SLOW_BODIES = {
    "tags": _repeat("<a ", HUGE),  # unclosed tags
    "quoted-attributes": _repeat('<a b="', HUGE),
    "quoted-brackets": _repeat('<a b=">"', HUGE),
    "autolinks": _repeat("<http://a", HUGE),  # unclosed autolinks
    "comments": _repeat("<!--", HUGE),  # unclosed comments
    "wide-table": _repeat("a|", HUGE // 2) + "\n" + _repeat("-|", HUGE // 2) + "\n",  # 225,000 columns
    "nested-emphasis": _repeat("*_", HUGE // 2) + "x" + _repeat("_*", HUGE // 2),
    "escapes": _repeat("\\[", HUGE),  # one paragraph of escapes
}


@pytest.mark.parametrize("body", SLOW_BODIES.values(), ids=SLOW_BODIES.keys())
def test_bodies_that_would_take_python_markdown_hours_are_given_up(site: SiteDir, body: str) -> None:
    site.write("site.yaml", PYTHON_MARKDOWN)
    site.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n---\n" + body + "\n")
    done = build_in_child(site, "import chanblog.markup", "chanblog.markup.RENDER_SECONDS = 2")
    assert (done.returncode, done.stdout + done.stderr) == (1, (
        "posts/x.md:5: the body takes more than 2 seconds to render, so it was given up (look for a run of "
        "thousands of '<', '*', '_' or '|', or a paragraph of thousands of links, and close or split it)\n"))


# The default engine renders in time linear in its input: each of the bodies above, and the
# issue's "[" * n + "x" + "](y)" * n near the 1 MB a post may be, build with the time limit
# at 20 s (in a child process given 120 s in all), where Python-Markdown would take hours.
LINEAR_BODIES = {**BRACKET_BODIES, **SLOW_BODIES, "nested-links-1mb": "[" * 180_000 + "x" + "](y)" * 180_000,
                 "bare-addresses": _repeat("a@b.c http://a.b www.c.d ", HUGE),  # each one a link
                 "addresses-in-a-title": '[x](/y "' + _repeat("http://a ", HUGE) + '")',
                 "unmatched-parentheses": "http://a.b/" + ")" * HUGE}


@pytest.mark.parametrize("body", LINEAR_BODIES.values(), ids=LINEAR_BODIES.keys())
def test_the_default_engine_renders_them_in_seconds(site: SiteDir, body: str) -> None:
    site.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n---\n" + body + "\n")
    done = build_in_child(site, "import chanblog.markup", "chanblog.markup.RENDER_SECONDS = 20", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    # (one of them the subscribe page every site has)
    assert done.stdout.startswith("Built 12 pages and 4 feeds")
    assert site.html("2009/01/x/index.html").xpath("//div[@class='body']")


# Lists and quotes nested up to 10,000 deep, up to about 1 MB: refused on the body's first line, in
# seconds. (With Python-Markdown, see test_hardening.py's test_markdown_nested_too_deep.)
@pytest.mark.parametrize("body", [
    (">" * 10_000 + " deep\n\n") * 95,
    ("- " * 10_000 + "deep\n\n") * 45,
    "".join("  " * level + "- deep\n" for level in range(900)),
    "".join(">" * level + " deep\n" for level in range(1, 1_400)),
], ids=["quotes", "lists", "indented-lists", "quotes-line-by-line"])
def test_lists_and_quotes_nested_thousands_deep_are_refused(site: SiteDir, body: str) -> None:
    site.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n---\n" + body)
    done = build_in_child(site, "import chanblog.markup", "chanblog.markup.RENDER_SECONDS = 20", timeout=120)
    assert (done.returncode, done.stdout + done.stderr) == (1, (
        "posts/x.md:5: the body nests lists or quotes too deeply to render (keep lists and quotes to a few levels)\n"))


TOO_LONG = re.compile(r"posts/long\.md: warning: is too long for a feed \(([\d,]+) characters of HTML, over 500,000\): "
                      r"feeds carry its excerpt and a link to it \(put <!--more--> where the excerpt should end, "
                      r"or split the post\)")


# A feed entry is read by XML parsers; libxml2's refuse a text node over 10,000,000 bytes unless
# told to read "huge" documents. A 460 KB code block full of operators is 12 MB of HTML.
def test_a_post_too_long_for_a_feed_is_carried_by_its_excerpt_and_a_link(site: SiteDir) -> None:
    code = "a&" * 230_000
    site.post("long", "Long", tags="[code]", body=f"The opening paragraph.\n\n```python\n{code}\n```\n")
    site.post("short", "Short", "2009-08-13", tags="[code]", body="A short post, **whole** in the feed.")
    result = site.build()
    assert len(site.text("2009/08/long/index.html")) > 11_900_000  # the page itself is whole
    for feed in ("feed.xml", "tags/code/feed.xml", "authors/jane/feed.xml"):
        doc = etree.parse(str(site.out / feed))  # no huge_tree: as a feed reader built on libxml2 reads it
        assert atom_problems(site.out / feed) == []
        long_entry, short_entry = doc.getroot().iterfind(f"{ATOM}entry")
        content = lxml.html.fragment_fromstring(long_entry.findtext(f"{ATOM}content"), create_parent="div")
        assert content.xpath("//a/@href") == ["https://example.com/2009/08/long/"]
        assert content.text_content().split() == ["The", "opening", "paragraph.", "This", "post", "is", "too",
                                                  "long", "for", "a", "feed:", "read", "the", "whole", "post."]
        assert "<strong>whole</strong>" in short_entry.findtext(f"{ATOM}content")
    [warning] = [line for line in result.output.splitlines() if TOO_LONG.fullmatch(line)]
    assert int(TOO_LONG.fullmatch(warning)[1].replace(",", "")) > 10_000_000
    assert warning in site.build().output.splitlines()  # a build with nothing to do says it again


def test_check_warns_of_a_post_too_long_for_a_feed(site: SiteDir) -> None:
    site.post("long", "Long", body="Words. " * 80_000)
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if TOO_LONG.fullmatch(line)] != []
    site.post("long", "Long", body="Words. " * 60_000)
    assert "too long" not in site.run("check").output
