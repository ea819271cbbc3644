"""`chanblog import jekyll|hugo|pelican|eleventy`: whole fixture sites of each generator, shaped like
real ones (tests/data/sites/), come through with every old address answering and every word kept.

The old addresses below are worked out by hand from each generator's own rules (Jekyll's `date`
permalink style with categories, Hugo's `[permalinks]` and `url`, Pelican's ARTICLE_URL and
ARTICLE_LANG_URL, Eleventy's folder paths and `permalink`), not by chanblog's code. Words are
compared as in test_import_roundtrip.py: the words of each source file's body (without its
template code, link targets and HTML tags) must all be in the built page.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from chanblog import urls
from chanblog.config import load_config
from conftest import SiteDir
from sitecheck import SiteLinks

SITES = Path(__file__).parent / "data" / "sites"
SOURCES = ("jekyll", "hugo", "pelican", "eleventy")

# old address -> (the post's title, the post's file in the fixture)
OLD_ADDRESSES = {
    "jekyll": {
        "/news/2013/05/06/welcome-to-field-notes.html": ("Welcome to Field Notes",
                                                         "_posts/2013-05-06-welcome-to-field-notes.md"),
        "/welcome/": ("Welcome to Field Notes", "_posts/2013-05-06-welcome-to-field-notes.md"),
        "/blog/welcome.html": ("Welcome to Field Notes", "_posts/2013-05-06-welcome-to-field-notes.md"),
        "/releases/2014/01/12/release-notes.html": ("Release notes for the winter maps",
                                                    "_posts/2014-01-12-release-notes.md"),
        "/software/2015/03/01/chanblog-1-0.html": ("Chanblog 1.0", "_posts/2015-03-01-chanblog-1-0.md"),
        "/de/2015/03/01/chanblog-1-0.html": ("Chanblog 1.0", "de/_posts/2015-03-01-chanblog-1-0.md"),
        "/notes/why-static/": ("Why we moved to a static site", "_posts/2015-06-20-why-static-sites.markdown"),
    },
    "hugo": {
        "/2019/10/first-snow-on-the-divide/": ("First snow on the Divide", "content/posts/first-snow-on-the-divide.md"),
        "/blog/first-snow/": ("First snow on the Divide", "content/posts/first-snow-on-the-divide.md"),
        "/fr/2019/10/première-neige-sur-la-ligne-de-partage/": ("Première neige sur la ligne de partage",
                                                                 "content/posts/first-snow-on-the-divide.fr.md"),
        "/2020/05/three-day-gear/": ("A gear list for three days", "content/posts/gear-list.md"),
        "/2020/06/river-crossings/": ("River crossings", "content/posts/river-crossings.md"),
        "/2021/01/winter-camping-briefly/": ("Winter camping, briefly", "content/posts/2021-01-09-winter-camping.md"),
        "/maps/the-trail-map/": ("The trail map", "content/posts/trail-map-bundle/index.md"),
    },
    "pelican": {
        "/2020/03/generators-in-practice.html": ("Generators in practice", "content/generators-in-practice.md"),
        "/2020/03/generators-in-practice-de.html": ("Generators in practice", "content/generators-in-practice-de.md"),
        "/2020/04/packaging-notes.html": ("Packaging notes", "content/python/2020-04-05-packaging-notes.md"),
        "/2021/10/time-zones-are-hard.html": ("Time zones are hard", "content/timezones.md"),
        "/2021/12/for-friends-only.html": ("For friends only", "content/unlisted.md"),  # Status: hidden
    },
    "eleventy": {
        "/posts/firstpost/": ("Sharpening a plane iron", "posts/firstpost.md"),
        "/projects/secondpost/": ("A workbench from one beam", "posts/secondpost.md"),
        "/posts/fourth-post/": ("Glue-ups without clamps", "posts/fourth-post/fourth-post.md"),
        "/posts/2019-02-10-shop-notes/": ("Shop notes for February", "posts/2019-02-10-shop-notes.md"),
        "/posts/feed-extra/": ("Extra feed entry", "posts/feed-extra.md"),  # eleventyExcludeFromCollections
    },
}
# what each import must say it left out, and the drafts it made
LEFT_OUT = {
    "jekyll": ["about.md: a page: this importer brings posts; copy it into pages/"],
    "hugo": ["content/posts/_index.md: a list page (_index.md): chanblog makes its own lists",
             "content/about.md: a page: this importer brings posts; copy it into pages/"],
    "pelican": ["content/older-article.rst: reStructuredText: only Markdown articles are imported "
                "(convert it with pandoc, then import again)",
                "content/pages/about.md: a page: this importer brings posts; copy it into pages/"],
    "eleventy": ["about.md: a page: this importer brings posts; copy it into pages/",
                 "_data/buildinfo.js: JavaScript data: never run; its values are not imported"],
}
DRAFTS = {
    "jekyll": "2 as drafts (1 draft in _drafts/, 1 published: false)",
    "hugo": "1 as drafts (1 draft)",
    "pelican": "1 as drafts (1 draft (Status: draft))",
    "eleventy": "1 as drafts (1 draft)",
}
UNLISTED = {"jekyll": [], "hugo": [], "pelican": ["  1 unlisted: published at their addresses, left out of the "
                                                  "site's lists (1 Status: hidden)"],
            "eleventy": ["  1 unlisted: published at their addresses, left out of the site's lists "
                         "(1 eleventyExcludeFromCollections)"]}
# template code no converter knows, listed by file and line
KEPT = {"jekyll": ["_posts/2014-01-12-release-notes.md:18: {{ site.data.contact.email }}"],
        "hugo": ['content/posts/river-crossings.md:18: {{< tripmap track="divide-2019" zoom="12" >}}'],
        "pelican": [], "eleventy": []}
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{<.*?>}}|{{%.*?%}}|{{.*?}}", re.DOTALL)


def imported(tmp_path: Path, source: str, *args: str) -> tuple[SiteDir, list[str]]:
    """A fresh folder (no site.yaml yet) after `chanblog import SOURCE DIR`."""
    site = SiteDir(tmp_path / f"{source}-site")
    result = site.run("import", source, str(SITES / source), *args)
    assert result.exit_code == 0, result.output
    return site, result.output.splitlines()


def answer(site: SiteDir, address: str) -> lxml.html.HtmlElement:
    """The page at an old address: the post itself, or the post a redirect page there leads to."""
    config = load_config(site.root)
    page = site.html(urls.alias_path(config, address) or "")
    refresh = page.xpath("//meta[@http-equiv='refresh']/@content")
    if refresh:
        page = site.html(urls.output_path(config, refresh[0].split("url=", 1)[1]) or "")
    return page


def source_words(path: Path) -> Counter[str]:
    """The words of a source post's body: no front matter, template code, link targets or tags."""
    text = path.read_text(encoding="utf-8")
    if text.startswith(("---", "+++")):
        text = text.split(text[:3], 2)[2]
    elif text.startswith("{"):
        text = text.split("\n}\n", 1)[1]
    else:  # Pelican's header ends at the first blank line
        text = text.split("\n\n", 1)[1]
    text = TEMPLATE_CODE.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)|<[^>]+>|:::\w+", " ", text)
    return Counter(re.findall(r"\w+", text))


def page_words(page: lxml.html.HtmlElement) -> Counter[str]:
    """The words of a page's body, with its images' alt text (an image's words in Markdown)."""
    body = page.xpath("//div[@class='body']")[0]
    return Counter(re.findall(r"\w+", " ".join([body.xpath("string()"), *body.xpath(".//img/@alt")])))


def published_sources(source: str) -> list[str]:
    """The fixture's published post files (not drafts, pages or list pages), relative to it."""
    root = SITES / source
    files = {"jekyll": [*root.glob("_posts/*"), *root.glob("*/_posts/*")],
             "hugo": [p for p in root.glob("content/posts/**/*.md") if p.name != "_index.md"],
             "pelican": [*root.glob("content/*.md"), *root.glob("content/python/*.md")],
             "eleventy": list(root.glob("posts/**/*.md"))}[source]
    hidden = re.compile(r"^(published: false|draft: true|draft = true|Status: draft)$", re.MULTILINE)
    return sorted(p.relative_to(root).as_posix() for p in files if not hidden.search(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("source", SOURCES)
def test_an_imported_site_passes_check_builds_and_every_old_address_answers(tmp_path: Path, source: str) -> None:
    site, lines = imported(tmp_path, source)
    assert lines[1] == f"  {DRAFTS[source]}"
    assert [line for line in lines if " unlisted: " in line] == UNLISTED[source]
    shown = str(SITES / source)
    assert [f"  {shown}/{entry}" for entry in LEFT_OUT[source]] == [
        line for line in lines if line.startswith(f"  {shown}/")]
    assert [f"{shown}/{entry} kept as text (template code chanblog cannot run)" for entry in KEPT[source]] == [
        line for line in lines if line.endswith("kept as text (template code chanblog cannot run)")]
    check = site.run("check")
    assert check.exit_code == 0, check.output
    site.build()
    for address, (title, _file) in OLD_ADDRESSES[source].items():
        assert answer(site, address).xpath("string(//h1)").strip() == title, address
    assert SiteLinks(site.out, load_config(site.root).url).broken() == []


@pytest.mark.parametrize("source", SOURCES)
def test_imported_pages_pass_the_nu_html_checker(tmp_path: Path, source: str) -> None:
    from test_validity import nu_check

    site, _lines = imported(tmp_path, source)
    site.build()
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("source", SOURCES)
def test_every_word_of_every_post_reaches_the_page_at_its_old_address(tmp_path: Path, source: str) -> None:
    site, _lines = imported(tmp_path, source)
    site.build()
    assert sorted({file for _title, file in OLD_ADDRESSES[source].values()}) == published_sources(source)
    for address, (_title, file) in OLD_ADDRESSES[source].items():
        lost = source_words(SITES / source / file) - page_words(answer(site, address))
        assert lost == Counter(), f"{file} lost {sorted(lost)}"


def test_the_word_comparison_notices_a_lost_word(tmp_path: Path) -> None:
    site, _lines = imported(tmp_path, "jekyll")
    post = site.root / "posts" / "2014-01-12-release-notes.md"
    post.write_text(post.read_text(encoding="utf-8").replace("with their opening months", "with their months"), encoding="utf-8")
    site.build()
    page = answer(site, "/releases/2014/01/12/release-notes.html")
    lost = source_words(SITES / "jekyll/_posts/2014-01-12-release-notes.md") - page_words(page)
    assert lost == Counter({"opening": 1})


@pytest.mark.parametrize("source", SOURCES)
def test_importing_twice_changes_nothing_the_second_time(tmp_path: Path, source: str) -> None:
    site, first = imported(tmp_path, source)
    before = {p: p.read_bytes() for p in sorted(site.root.rglob("*")) if p.is_file()}
    _site, second = imported(tmp_path, source)
    assert {p: p.read_bytes() for p in sorted(site.root.rglob("*")) if p.is_file()} == before
    count = first[0].split(": ")[1].split(" written")[0]
    assert second[0].endswith(f": 0 written, {count} unchanged, 0 left as they were")
    assert "added to site.yaml" not in "\n".join(second)


# A plain copy, as a writer would make it: the posts folders into posts/, the static files into static/.
COPIES = {"jekyll": {"_posts": "posts", "de/_posts": "posts/de/_posts", "_drafts": "posts/_drafts", "assets": "static/assets"},
          "hugo": {"content/posts": "posts", "static": "static"},
          "pelican": {"content": "posts", "content/images": "static/images"},
          "eleventy": {"posts": "posts", "img": "static/img"}}
NOT_COPIED = shutil.ignore_patterns(  # into posts/: what is no post
    "pages", "images", "*.rst", "*.json", "_index.md")
# What a writer copying the posts sets in site.yaml, so that they keep their addresses: the old
# site's permalink, in chanblog's words.
COPY_PERMALINKS = {"jekyll": "/{categories}/{year}/{month}/{day}/{slug}.html", "hugo": "/{year}/{month}/{slug}/",
                   "pelican": "/{year}/{month}/{slug}.html", "eleventy": "/posts/{name}/"}
# What a plain copy still cannot do, and an import does: translations go under their language's
# folder (Hugo kept the accents of a French slug; Pelican published its translation at
# {slug}-{lang}.html); Hugo took the slug of a dated file from its title, chanblog from its name;
# Eleventy's `date: Last Modified` is the file's own time, which a copy does not keep.
COPY_BLOCKERS = {"jekyll": [], "hugo": [], "pelican": [], "eleventy": ["posts/fourth-post"]}
NOT_KEPT_BY_A_COPY = {"/fr/2019/10/première-neige-sur-la-ligne-de-partage/", "/2021/01/winter-camping-briefly/",
                      "/2020/03/generators-in-practice-de.html", "/posts/fourth-post/"}


def copied(tmp_path: Path, source: str) -> SiteDir:
    """A site made by `chanblog init`, with the old site's posts and files copied in as they are,
    and its permalink set to the old site's."""
    site = SiteDir(tmp_path / "copied")
    assert site.run("init", str(site.root)).exit_code == 0
    settings = (site.root / "site.yaml").read_text()
    site.write("site.yaml", re.sub(r"(?m)^permalink: .*$", f"permalink: {COPY_PERMALINKS[source]}", settings))
    for folder, target in COPIES[source].items():
        shutil.copytree(SITES / source / folder, site.root / target, dirs_exist_ok=True,
                        ignore=NOT_COPIED if target.startswith("posts") else None)
    return site


def remove(site: SiteDir, paths: list[str]) -> None:
    for path in (site.root / p for p in paths):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


@pytest.mark.parametrize("source", SOURCES)
def test_posts_copied_as_they_are_pass_check_build_valid_and_keep_their_addresses(tmp_path: Path,
                                                                                  source: str) -> None:
    site = copied(tmp_path, source)
    remove(site, COPY_BLOCKERS[source])
    check = site.run("check")
    assert check.exit_code == 0, check.output
    site.build()
    assert SiteLinks(site.out, load_config(site.root).url).broken() == []
    from test_validity import nu_check

    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr
    for address, (title, file) in OLD_ADDRESSES[source].items():
        if address not in NOT_KEPT_BY_A_COPY and not any(file.startswith(f) for f in COPY_BLOCKERS[source]):
            assert answer(site, address).xpath("string(//h1)").strip() == title, address


@pytest.mark.parametrize("source", [source for source, blockers in COPY_BLOCKERS.items() if blockers])
def test_what_stops_a_plain_copy_is_named_with_its_file_and_line(tmp_path: Path, source: str) -> None:
    check = copied(tmp_path, source).run("check")
    assert check.exit_code == 1
    errors = [line for line in check.output.splitlines()[:-1] if ": warning: " not in line]
    assert errors and all(re.match(r"posts/[^:]+:\d+: ", line) for line in errors), errors
    assert all(any(blocker in line for blocker in COPY_BLOCKERS[source]) for line in errors), errors


@pytest.mark.parametrize("source, posts_folder", [("jekyll", "_posts"), ("hugo", "content/posts"),
                                                  ("pelican", "content"), ("eleventy", "posts")])
def test_the_posts_folder_imports_with_the_settings_of_its_site(tmp_path: Path, source: str, posts_folder: str) -> None:
    whole, _lines = imported(tmp_path, source)
    site = SiteDir(tmp_path / "from-posts")
    result = site.run("import", source, str(SITES / source / posts_folder))
    assert result.exit_code == 0, result.output
    assert (site.root / "site.yaml").read_bytes() == (whole.root / "site.yaml").read_bytes()
    site.build()
    for address, (title, file) in OLD_ADDRESSES[source].items():
        if file.startswith(posts_folder + "/"):
            assert answer(site, address).xpath("string(//h1)").strip() == title, address


@pytest.mark.parametrize("source", SOURCES)
def test_into_a_site_with_its_own_permalink_every_old_address_still_answers(site: SiteDir, source: str) -> None:
    """site.yaml's permalink stays; an old address it cannot give is a redirect."""
    result = site.run("import", source, str(SITES / source))
    assert result.exit_code == 0, result.output
    config = load_config(site.root)
    assert config.permalink == "/{year}/{month}/{slug}/"
    site.build()
    for address, (title, _file) in OLD_ADDRESSES[source].items():
        page = site.html(urls.alias_path(config, address) or "")
        assert page.xpath("//meta[@http-equiv='refresh']/@content") or re.match(r"^/\d{4}/\d\d/[^/]+/$", address)
        assert answer(site, address).xpath("string(//h1)").strip() == title, address


def test_pelicanconf_is_read_as_data_and_never_run(tmp_path: Path) -> None:
    old = tmp_path / "old"
    ran = tmp_path / "pelicanconf-ran"
    (old / "content").mkdir(parents=True)
    (old / "pelicanconf.py").write_text(
        f"import os\nopen({str(ran)!r}, 'w').write('ran')\nSITENAME = 'Read, not run'\n"
        "SITEURL = 'https://old.example.com'\nTIMEZONE = os.environ.get('TZ', 'Asia/Tokyo')\n"
        "ARTICLE_URL = 'posts/{slug}/'\n", encoding="utf-8")
    (old / "content" / "first.md").write_text("Title: First\nDate: 2020-01-02 03:04\n\nHello.\n", encoding="utf-8")
    site = SiteDir(tmp_path / "site")
    result = site.run("import", "pelican", str(old))
    assert result.exit_code == 0, result.output
    assert not ran.exists()
    config = load_config(site.root)
    assert (config.title, config.url, config.timezone, config.permalink) == (
        "Read, not run", "https://old.example.com", "UTC", "/posts/{slug}/")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("source, text, expected", [
    ("jekyll", "---\ntitle: Bad\ndate: 2013-13-45\n---\nx\n",
     "_posts/2013-05-07-bad.md:3: invalid YAML: '2013-13-45' is not a calendar date "
     "(check the month (01-12) and the day; dates are YYYY-MM-DD)"),
    ("jekyll", "---\ntitle: Bad\ndate: next tuesday\n---\nx\n",
     "_posts/2013-05-07-bad.md:3: date: 'next tuesday' is not a date "
     "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional -0700)"),
    ("hugo", "+++\ntitle = \"Bad\"\n+++\nNo date anywhere.\n",
     "content/posts/bad.md:1: has no date: no 'date:' in its front matter and none in its file name "
     "(add a line 'date: YYYY-MM-DD' to its front matter, then import again)"),
])
def test_a_post_that_cannot_be_read_is_named_with_its_line_and_nothing_is_written(
        tmp_path: Path, source: str, text: str, expected: str) -> None:
    old = tmp_path / "old"
    shutil.copytree(SITES / source, old)
    bad = "_posts/2013-05-07-bad.md" if source == "jekyll" else "content/posts/bad.md"
    (old / bad).write_text(text, encoding="utf-8")
    site = SiteDir(tmp_path / "site")
    site.write("site.yaml", "title: Mine\nurl: https://mine.example.com\n")
    before = snapshot(site.root)
    result = site.run("import", source, str(old))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{old}/{expected}"]
    assert snapshot(site.root) == before


@pytest.mark.parametrize("args, expected", [
    (["jekyll", "{data}/hugo"], "{data}/hugo: is a Hugo site, not one made with Jekyll "
                                "(import it with: chanblog import hugo {data}/hugo)"),
    (["eleventy", "{data}/pelican"], "{data}/pelican: is a Pelican site, not one made with Eleventy "
                                     "(import it with: chanblog import pelican {data}/pelican)"),
    (["hugo", "{data}/missing"], "{data}/missing: no such folder (give the old site's folder, or its posts folder)"),
    (["jekyll", "{data}/jekyll/_layouts"], "{data}/jekyll/_layouts: holds no Jekyll posts "
                                           "(give the site's folder or its _posts/ folder)"),
])
def test_a_folder_that_is_not_the_named_kind_of_site_writes_nothing(site: SiteDir, args: list[str],
                                                                    expected: str) -> None:
    before = snapshot(site.root)
    result = site.run("import", *(arg.format(data=SITES) for arg in args))
    assert result.exit_code == 1
    assert result.output.splitlines() == [expected.format(data=SITES)]
    assert snapshot(site.root) == before


def test_an_edited_post_and_a_changed_image_are_kept_unless_forced(tmp_path: Path) -> None:
    site, _lines = imported(tmp_path, "hugo")
    post = site.root / "posts" / "2019-10-12-first-snow-on-the-divide.md"
    image = site.root / "static" / "images" / "saddle.jpg"
    post.write_text(post.read_text(encoding="utf-8") + "\nMy own addition.\n", encoding="utf-8")
    image.write_bytes(b"my own picture")
    _site, lines = imported(tmp_path, "hugo")
    assert lines[0] == "Imported 7 posts into posts/: 0 written, 6 unchanged, 1 left as they were"
    assert "posts/2019-10-12-first-snow-on-the-divide.md: left as it was: it differs from the export " \
           "(--force replaces it)" in lines
    assert lines[-2:] == ["Copied 2 files the posts link to into static/: 0 written, 1 unchanged, 1 left as they were",
                          "static/images/saddle.jpg: left as it was: it differs from the old site's "
                          "(--force replaces it)"]
    assert b"My own addition." in post.read_bytes() and image.read_bytes() == b"my own picture"
    _site, lines = imported(tmp_path, "hugo", "--force")
    assert lines[0] == "Imported 7 posts into posts/: 1 written, 6 unchanged, 0 left as they were"
    assert b"My own addition." not in post.read_bytes()
    assert image.read_bytes() == (SITES / "hugo/static/images/saddle.jpg").read_bytes()


def test_an_old_address_no_redirect_can_keep_is_named(tmp_path: Path) -> None:
    """A permalink token chanblog cannot work out (polyglot's :lang), and an address two posts
    claimed: each is said, with the post it belonged to."""
    old = tmp_path / "old"
    (old / "_posts").mkdir(parents=True)
    (old / "_config.yml").write_text("title: T\nurl: https://t.example\npermalink: /:lang/:title/\n", encoding="utf-8")
    (old / "_posts/2020-01-01-a.md").write_text("---\ntitle: A\nredirect_from: /b/\n---\nA.\n", encoding="utf-8")
    (old / "_posts/2020-01-02-b.md").write_text("---\ntitle: B\nredirect_from: /b/\n---\nB.\n", encoding="utf-8")
    site = SiteDir(tmp_path / "site")
    result = site.run("import", "jekyll", str(old))
    assert result.exit_code == 0, result.output
    problem = "holds ':', which Windows cannot store in a file name, so no redirect can stand there: " \
              "add the address the old site gave to its aliases"
    assert result.output.splitlines()[-4:] == [
        "Left out (3):",
        f"  {old}/_posts/2020-01-01-a.md: its old address /:lang/a/ {problem}",
        f"  {old}/_posts/2020-01-02-b.md: its old address /:lang/b/ {problem}",
        f"  {old}/_posts/2020-01-02-b.md: its old address /b/ is an earlier post's too: it leads there"]
    assert load_config(site.root).permalink == "/{year}/{month}/{slug}/"
    site.build()
    assert answer(site, "/b/").xpath("string(//h1)").strip() == "A"


def test_a_linked_file_over_the_size_limit_is_named_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chanblog.importers import static

    monkeypatch.setattr(static, "MAX_COPY_BYTES", 5)  # route.png has 8 bytes, saddle.jpg 4
    site, lines = imported(tmp_path, "hugo")
    assert f"  {SITES}/hugo/content/posts/trail-map-bundle/route.png: is over 0 MB: not copied; put it in static/ " \
           "yourself, or link to where it is hosted" in lines
    assert [p.name for p in (site.root / "static").rglob("*") if p.is_file()] == ["saddle.jpg"]


def test_pelicans_codehilite_marker_becomes_a_highlighted_fence(tmp_path: Path) -> None:
    """Pelican's Markdown highlights an indented block that starts with `:::python`; CommonMark
    would show the marker as code, so the import writes the block as a fence with its language."""
    site, _lines = imported(tmp_path, "pelican")
    written = (site.root / "posts" / "2020-03-14-generators-in-practice.md").read_text(encoding="utf-8")
    assert "```python\ndef numbers(path):\n    with open(path) as lines:\n" in written
    assert ":::python" not in written
    site.build()
    page = answer(site, "/2020/03/generators-in-practice.html")
    code = page.xpath("//div[@class='body']//div[contains(@class, 'highlight')]")
    assert code and "def numbers(path):" in code[0].text_content()
    assert ":::" not in page.xpath("string(//div[@class='body'])")


def test_only_a_language_marker_opening_an_indented_block_becomes_a_fence() -> None:
    from chanblog.importers.pelican import fence_marked_code

    assert fence_marked_code("Run it:\n\n    #!/bin/sh\n    make\n") == "Run it:\n\n    #!/bin/sh\n    make\n"
    assert fence_marked_code("```\n\n    :::python\n    x = 1\n```\n") == "```\n\n    :::python\n    x = 1\n```\n"
    assert fence_marked_code("Text\n    :::python\n") == "Text\n    :::python\n"  # continues the paragraph
    assert fence_marked_code("    #!ruby\n    puts 1\n\n    puts 2\n\nAfter.") == \
        "```ruby\nputs 1\n\nputs 2\n```\n\nAfter."
