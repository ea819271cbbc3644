"""The theme's words in the page's language: gettext catalogs, a site's own wording, dates and
numbers in the page's language, and right-to-left pages."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import lxml.html
import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from chanblog.build import build
from chanblog.output import POOL_THRESHOLD
from chanblog.serve import watched_change
from conftest import SiteDir
from test_validity import nu_check

REPO = Path(__file__).resolve().parents[1]
THEME = REPO / "src" / "chanblog" / "theme"
SHIPPED = ["en", "fr", "de", "es", "pt", "it", "nl", "ja", "zh"]


def catalog(language: str) -> dict[str, str | tuple[str, ...]]:
    """The messages of a shipped catalog, read with Babel: msgid (the singular of a plural) -> translation."""
    text = (THEME / "locale" / f"{language}.po").read_text(encoding="utf-8")
    read = read_po(io.StringIO(text), abort_invalid=True)
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m.string for m in read if m.id}


def say(language: str, message: str) -> str:
    translated = catalog(language)[message]
    assert isinstance(translated, str) and translated, message
    return translated


def say_plural(language: str, message: str, form: int) -> str:
    """One form of a plural message of a shipped catalog (French: 0 for 0 and 1, 1 for more)."""
    translated = catalog(language)[message]
    assert isinstance(translated, tuple) and all(translated), message
    return translated[form]


def theme_messages() -> set[str | tuple[str, str]]:
    """Every message the bundled theme shows: `_()`, `ngettext()` and `{% trans %}` in its templates,
    and the titles chanblog makes in Python (`say(…)`, `translate(words, language, …)`)."""
    found: set[str | tuple[str, str]] = set()
    for template in sorted((THEME / "templates").glob("*.html")):
        with template.open("rb") as file:
            for _, function, message, _ in babel_extract(file, ("_", "gettext", "ngettext"), [], {}):
                found.add((message[0], message[1]) if function == "ngettext" else
                          message[0] if isinstance(message, tuple) else message)
    with (REPO / "src" / "chanblog" / "render.py").open("rb") as file:
        found |= {m for _, m, _, _ in extract("python", file, keywords={"say": None, "translate": (3,)})}
    return found


def french_site(site: SiteDir, extra: str = "") -> SiteDir:
    site.write("site.yaml", "title: Notes\nurl: https://example.com\nlanguage: fr\nper_page: 1\n"
               "authors:\n  jane: {name: Jane}\nauthor: jane\n" + extra)
    site.post("a", "Bonjour", "2009-08-14", tags="[vente]",
              comments="[{author: Ann, date: 2009-08-15, body: Merci}]")
    site.post("b", "Au revoir", "2009-08-20")
    return site


def test_a_french_site_shows_the_theme_words_and_dates_in_french(site: SiteDir) -> None:
    french_site(site).build()
    home = site.html("index.html")
    assert home.get("lang") == "fr"
    assert home.xpath("string(//p[@class='more']/a/text())").strip() == say("fr", "Read full post")
    assert home.xpath("//nav[@aria-label='Main' or @aria-label=$label]//a/text()",
                      label=say("fr", "Main"))[0] == say("fr", "Home")
    assert home.xpath("string(//nav[@class='pagination']/span)") == say("fr", "Page %(number)s of %(count)s") % {
        "number": 1, "count": 2}
    post = site.html("2009/08/bonjour/index.html")
    assert post.xpath("//p[@class='byline']/time/text()") == ["14 août 2009"]
    assert post.xpath("string(//section[@class='comments']/h2)") == say_plural("fr", "%(num)s comment", 0) % {"num": 1}
    assert site.html("2009/08/index.html").xpath("//h1/text()") == [
        say("fr", "Posts from %(month)s") % {"month": "août 2009"}]
    assert site.html("tags/vente/index.html").xpath("//h1/text()") == [
        say("fr", "Posts tagged ‘%(name)s’") % {"name": "vente"}]
    assert site.html("404.html").xpath("//h1/text()") == [say("fr", "Page not found")]


def test_a_japanese_post_in_an_english_site_shows_japanese_words_on_its_page_only(site: SiteDir) -> None:
    site.post("en", "Plain English", "2009-08-14", author="jane")
    site.post("ja", "日本語の記事", "2009-08-16", author="jane", lang="ja")
    site.build()
    page = site.html("ja/2009/08/ri-ben-yu-noji-shi/index.html")
    assert page.get("lang") == "ja" and page.get("dir") is None
    assert page.xpath("//p[@class='byline']/time/text()") == ["2009年8月16日"]
    assert say_plural("ja", "%(num)s min read", 0) % {"num": 1} in page.xpath("string(//p[@class='byline'])")
    assert page.xpath("//header[@class='site-header']//li/a/text()")[0] == say("ja", "Home")
    english = site.html("2009/08/plain-english/index.html")
    assert english.get("lang") == "en"
    assert english.xpath("//header[@class='site-header']//li/a/text()")[0] == "Home"
    assert english.xpath("//p[@class='byline']/time/text()") == ["August 14, 2009"]
    assert site.html("index.html").xpath("//p[@class='more']/a/text()[1]") == ["Read full post", "Read full post"]


def test_numbers_follow_the_page_language_even_in_a_part_shown_on_every_page(site: SiteDir) -> None:
    site.write("templates/_footer.html", "<footer><p>{{ 1234567 | number }} · {{ _('Home') }}</p></footer>\n")
    site.post("en", "English", "2009-08-14")
    site.post("fr", "Français", "2009-08-15", lang="fr")
    site.build()
    assert site.html("2009/08/english/index.html").xpath("//footer/p/text()") == ["1,234,567 · Home"]
    assert site.html("fr/2009/08/francais/index.html").xpath("//footer/p/text()") == [
        f"1\u202f234\u202f567 · {say('fr', 'Home')}"]


def test_an_override_in_site_yaml_wins_for_its_language_only(site: SiteDir) -> None:
    french_site(site, "translations:\n  fr:\n    Read full post: Lire l’article\n"
                      "    '%(num)s comment': '%(num)s réaction'\n    '%(num)s comments': '%(num)s réactions'\n"
                      "  de:\n    Home: Anfang\n").build()
    assert site.html("index.html").xpath("string(//p[@class='more']/a/text())").strip() == "Lire l’article"
    assert site.html("2009/08/bonjour/index.html").xpath("string(//section[@class='comments']/h2)") == "1 réaction"
    assert site.html("index.html").xpath("//header[@class='site-header']//li/a/text()")[0] == say("fr", "Home")


def test_a_catalog_of_the_site_wins_over_the_theme_and_adds_a_language(site: SiteDir) -> None:
    site.write("locales/fr.po", 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
                                'msgid "Read full post"\nmsgstr "Voir l’article"\n')
    site.write("locales/ar.po", 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n\nmsgid "Home"\nmsgstr "الرئيسية"\n')
    site.post("fr", "Bonjour", "2009-08-14", lang="fr")
    site.post("ar", "مرحبا", "2009-08-15", lang="ar")
    site.build()
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "language: fr\n")
    site.build()
    assert site.html("index.html").xpath("string(//p[@class='more']/a/text())").strip() == "Voir l’article"
    assert site.html("ar/2009/08/mrhb/index.html").xpath("//header[@class='site-header']//li/a/text()")[0] == \
        "الرئيسية"


def test_a_changed_override_or_catalog_shows_on_the_next_build_on_its_language_pages_only(site: SiteDir) -> None:
    site.post("en", "English", "2009-08-14")
    site.post("fr", "Français", "2009-08-15", lang="fr")
    site.build()
    english, french = "2009/08/english/index.html", "fr/2009/08/francais/index.html"
    before = site.files()
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "translations:\n  fr: {Home: Maison}\n")
    site.build()
    assert site.html(french).xpath("//header[@class='site-header']//li/a/text()")[0] == "Maison"
    assert site.files()[english] == before[english]
    site.write("locales/fr.po", 'msgid "Read full post"\nmsgstr "Voir l’article"\n\nmsgid "Tags"\nmsgstr "Thèmes"\n')
    site.build()
    assert site.html(french).xpath("//header[@class='site-header']//li/a/text()")[2] == "Thèmes"
    assert site.html(english).xpath("//header[@class='site-header']//li/a/text()")[2] == "Tags"


@pytest.mark.parametrize("yaml, expected", [
    ("translations:\n  xx: {Home: X}\n", "site.yaml:4: translations.xx: 'xx' is not a language"),  # as `language:`
    ("translations:\n  fr:\n    Home: [a, b]\n",
     "site.yaml:5: translations.fr.Home: ['a', 'b'] is not a translation of 'Home' "
     "(write both the theme's English text and yours as text, in quotes)"),
])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_bad_override_in_site_yaml_is_an_error_on_its_line(site: SiteDir, yaml: str, expected: str,
                                                             command: str) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\n" + yaml)
    result = site.run(command)
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(expected)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text, expected", [
    ('msgid "Home"\nmsgstr "Maison\n', "locales/fr.po:2: is not a valid catalog: a line that is no comment, "
                                       "keyword or \"quoted text\""),
    ('msgid "Home"\nmsgstr "Maison"\n\nmsgid "Feed"\nmsgid "Flux"\n',
     "locales/fr.po:4: is not a valid catalog: missing msgstr for msgid 'Feed'"),
])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_broken_catalog_of_the_site_is_an_error_with_its_file_and_line(site: SiteDir, text: str, expected: str,
                                                                        command: str) -> None:
    site.post("a", "A", "2009-08-14")
    site.build()
    published = site.files()
    site.write("locales/fr.po", text)
    result = site.run(command)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{expected} (fix the .po file; 'msgfmt --check' names the same problems)"
    assert "Traceback" not in result.output
    assert site.files() == published


def test_an_arabic_site_is_right_to_left(site: SiteDir) -> None:
    site.write("site.yaml", "title: مدونة\nurl: https://example.com\nlanguage: ar\n")
    site.post("a", "مرحبا", "2009-08-14")
    site.build()
    for page in ("index.html", "2009/08/mrhb/index.html", "archives/index.html", "404.html"):
        html = site.html(page)
        assert (html.get("lang"), html.get("dir")) == ("ar", "rtl"), page
    assert re.search(r'<html lang="ar" dir="rtl">', site.text("index.html"))


def test_an_arabic_post_is_right_to_left_in_an_english_site(site: SiteDir) -> None:
    site.post("en", "English", "2009-08-14")
    site.post("ar", "مرحبا", "2009-08-15", lang="ar")
    site.build()
    page = site.html("ar/2009/08/mrhb/index.html")
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    assert page.xpath("//article[@class='post']/@dir") == ["rtl"]
    home = site.html("index.html")
    assert (home.get("lang"), home.get("dir")) == ("en", None)
    assert home.xpath("//div[@class='excerpt']/@dir") == ["rtl"]
    assert site.html("2009/08/english/index.html").get("dir") is None


def test_the_stylesheet_names_no_physical_side() -> None:
    css = (THEME / "static" / "style.css").read_text(encoding="utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.findall(r"[\w-]*\b(?:left|right)\b[\w-]*\s*:", rules)
    assert "border-inline-start" in rules and "padding-inline-start" in rules


@pytest.mark.parametrize("language", SHIPPED)
def test_every_catalog_parses_and_translates_every_message_the_theme_shows(language: str) -> None:
    messages = catalog(language)
    for message in sorted(theme_messages(), key=str):
        key = message[0] if isinstance(message, tuple) else message
        assert key in messages, f"{language}.po lacks {key!r}"
        if language == "en":
            continue  # the English catalog is the template: its messages are shown as written
        translated = messages[key]
        forms = translated if isinstance(translated, tuple) else (translated,)
        assert all(forms), f"{language}.po does not translate {key!r}"
        placeholders = set(re.findall(r"%\(\w+\)s", message[-1] if isinstance(message, tuple) else message))
        for form in forms:
            assert set(re.findall(r"%\(\w+\)s", form)) == placeholders, (language, key, form)


def test_french_and_arabic_pages_pass_the_nu_checker(site: SiteDir) -> None:
    french_site(site)
    site.post("ar", "مرحبا", "2009-08-25", lang="ar", body="نص.\n\n```python\nx = 1\n```\n")
    site.write("site.yaml", (site.root / "site.yaml").read_text().replace("per_page: 1", "per_page: 2"))
    site.build()
    assert site.html("2009/08/bonjour/index.html").xpath("//header[@class='site-header']//li/a/text()")[0] == \
        say("fr", "Home")
    assert site.html("ar/2009/08/mrhb/index.html").get("dir") == "rtl"
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sdist_carries_the_catalogs(tmp_path: Path) -> None:
    build = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    built = subprocess.run([sys.executable, "-c", build, str(tmp_path)], cwd=REPO, capture_output=True, text=True,
                           check=False)
    assert built.returncode == 0, built.stderr
    with tarfile.open(tmp_path / built.stdout.split()[-1]) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
    assert {f"src/chanblog/theme/locale/{language}.po" for language in SHIPPED} <= names


def test_search_words_reach_the_script_in_the_page_language(site: SiteDir) -> None:
    french_site(site).build()
    search = site.html("search/index.html").xpath("//div[@id='search']")[0]
    assert search.get("data-none") == say("fr", "No posts found.")
    assert search.get("data-found") == say("fr", "%(count)s posts found.") % {"count": "{count}"}
    script = (site.out / "theme/search.js").read_text(encoding="utf-8")
    assert "dataset" in script and "words.none" in script


def test_pages_made_by_worker_processes_each_keep_their_own_language(site: SiteDir) -> None:
    for n in range(120):
        site.post(f"p{n}", f"Post {n}", f"2009-08-{n % 28 + 1:02d}", comments="[{author: Ann, date: 2009-09-01, body: Hi}]",
                  **({"lang": "fr"} if n % 2 else {}))
    report = build(site.root, site.out, workers=2)
    assert report.rendered > POOL_THRESHOLD  # enough pages for the pool to render them
    pages = sorted(site.out.glob("**/post-*/index.html"))
    assert len(pages) == 120 and len([page for page in pages if "/fr/" in page.as_posix()]) == 60
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        french = "/fr/" in page.as_posix()
        assert doc.get("lang") == ("fr" if french else "en")
        assert doc.xpath("//header[@class='site-header']//li/a/text()")[0] == (say("fr", "Home") if french else "Home")
        assert doc.xpath("string(//section[@class='comments']/h2)") == (
            say_plural("fr", "%(num)s comment", 0) % {"num": 1} if french else "1 comment")


def test_the_preview_rebuilds_when_a_catalog_of_the_site_is_saved(tmp_path: Path) -> None:
    assert watched_change(tmp_path, str(tmp_path / "locales" / "fr.po")) == "locales/fr.po"


def test_a_catalog_named_for_no_language_is_an_error(site: SiteDir) -> None:
    site.write("locales/francais.po", 'msgid "Home"\nmsgstr "Accueil"\n')
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("locales/francais.po: 'francais' is not a language "
                                             "(name a catalog by its language tag, like fr.po or pt-BR.po)")
