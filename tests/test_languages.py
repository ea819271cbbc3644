"""A blog in several languages (site.yaml's `languages:`): each language is a site of its own
under its folder, posts that translate each other link to each other, and a site with one
language publishes as it always did."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.etree
import pytest

from chanblog.build import build
from chanblog.cache import CACHE_DIR
from conftest import SiteDir
from sitecheck import SiteLinks, atom_problems
from test_validity import nu_check

LANGUAGES = """\
languages:
  en:
    description: Essays on channels.
  fr:
    title: Notes de canal
    description: Essais sur les canaux.
  ja:
    title: チャネルノート
"""
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def multilingual(site: SiteDir, languages: str = LANGUAGES, search: bool = False) -> SiteDir:
    """English, with French and Japanese translations of some posts: by folder, by file name, by key."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + languages + ("" if search else "search: false\n"))
    site.post("first-snow", "First Snow", "2019-10-01", tags="[winter]")
    site.post("fr/first-snow", "Première neige", "2019-10-01", tags="[hiver]")
    site.post("first-snow.ja", "初雪", "2019-10-01", tags="[冬]")
    site.post("launch", "Launch", "2019-10-05", tags="[news]", translation_key="launch-2019")
    site.post("lancement", "Lancement", "2019-10-06", lang="fr", tags="[nouvelles]", translation_key="launch-2019",
              labels="[Ventes]", series="Hiver")
    site.post("english-only", "Only in English", "2019-10-07", tags="[news]")
    site.post("older", "An older post", "2019-09-01")
    return site


@pytest.fixture
def languages(site: SiteDir) -> SiteDir:
    multilingual(site)
    site.build()
    return site


def html_lang(site: SiteDir, relative: str) -> str:
    return site.html(relative).xpath("/html/@lang")[0]


def titles(site: SiteDir, relative: str) -> list[str]:
    return [t.strip() for t in site.html(relative).xpath("//main//article//h2//a/text()")]


def alternates(site: SiteDir, relative: str) -> dict[str, str]:
    doc = site.html(relative)
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def test_each_language_has_its_home_archives_terms_authors_and_feeds_under_its_folder(languages: SiteDir) -> None:
    assert titles(languages, "index.html") == ["Only in English", "Launch"]  # two a page
    assert titles(languages, "page/2/index.html") == ["First Snow", "An older post"]
    assert titles(languages, "fr/index.html") == ["Lancement", "Première neige"]
    assert titles(languages, "ja/index.html") == ["初雪"]
    assert languages.html("fr/index.html").xpath("//main/h1/text()") == ["Notes de canal"]
    assert languages.html("fr/index.html").xpath("//p[@class='lede']/text()") == ["Essais sur les canaux."]
    assert languages.html("ja/index.html").xpath("//main/h1/text()") == ["チャネルノート"]
    for page in ("fr/tags/index.html", "fr/tags/hiver/index.html", "fr/tags/nouvelles/index.html",
                 "fr/archives/index.html", "fr/2019/index.html", "fr/2019/10/index.html", "fr/authors/jane/index.html",
                 "fr/labels/ventes/index.html", "fr/series/index.html", "fr/series/hiver/index.html",
                 "ja/tags/dong/index.html", "ja/archives/index.html", "ja/2019/10/index.html"):
        assert (languages.out / page).is_file(), page
    assert titles(languages, "fr/authors/jane/index.html") == ["Lancement", "Première neige"]
    assert not (languages.out / "tags/hiver").exists() and not (languages.out / "fr/tags/winter").exists()
    assert not (languages.out / "fr/theme").exists() and not (languages.out / "fr/404.html").exists()
    assert languages.html("fr/index.html").xpath("//link[@rel='stylesheet']/@href") == ["/theme/style.css"]
    assert languages.html("fr/index.html").xpath("//header//a[@class='site-name']/@href") == ["/fr/"]


def test_every_page_is_marked_with_its_language(languages: SiteDir) -> None:
    pages = sorted(languages.out.rglob("*.html"))
    assert len(pages) >= 40
    for page in pages:
        relative = page.relative_to(languages.out).as_posix()
        expected = relative.split("/")[0] if relative.startswith(("fr/", "ja/")) else "en"
        assert html_lang(languages, relative) == expected, relative


def test_each_language_has_valid_atom_feeds_in_its_language(languages: SiteDir) -> None:
    feeds = {folder: lxml.etree.parse(str(languages.out / folder / "feed.xml")).getroot() for folder in ("", "fr", "ja")}
    for folder, feed in feeds.items():
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == (folder or "en")
    entry_titles = feeds["fr"].xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert entry_titles == ["Lancement", "Première neige"]
    every = [p for p in languages.out.rglob("*.xml") if p.name != "sitemap.xml"]
    assert {"fr/feed.xml", "ja/feed.xml", "fr/comments.xml", "fr/tags/hiver/feed.xml"} <= {
        p.relative_to(languages.out).as_posix() for p in every}
    assert {p.relative_to(languages.out).as_posix(): atom_problems(p) for p in every if atom_problems(p)} == {}
    json_feed = json.loads((languages.out / "fr/feed.json").read_text())
    assert (json_feed["language"], json_feed["title"], json_feed["home_page_url"]) == (
        "fr", "Notes de canal", "https://example.com/fr/")


def test_translations_are_reciprocal_alternates_with_x_default(languages: SiteDir) -> None:
    snow = {"en": "https://example.com/2019/10/first-snow/", "fr": "https://example.com/fr/2019/10/premiere-neige/",
            "ja": "https://example.com/ja/2019/10/chu-xue/"}
    launch = {"en": "https://example.com/2019/10/launch/", "fr": "https://example.com/fr/2019/10/lancement/"}
    for group in (snow, launch):
        for url in group.values():
            page = url.removeprefix("https://example.com/") + "index.html"
            assert alternates(languages, page) == {**group, "x-default": group["en"]}, page
    assert alternates(languages, "2019/10/only-in-english/index.html") == {}


def test_a_post_links_to_its_translations_in_their_own_language(languages: SiteDir) -> None:
    links = languages.html("2019/10/first-snow/index.html").xpath("//nav[@class='translations']//a")
    assert [(a.text, a.get("lang"), a.get("hreflang"), a.get("href")) for a in links] == [
        ("Français", "fr", "fr", "/fr/2019/10/premiere-neige/"), ("日本語", "ja", "ja", "/ja/2019/10/chu-xue/")]
    links = languages.html("fr/2019/10/lancement/index.html").xpath("//nav[@class='translations']//a")
    assert [(a.text, a.get("lang"), a.get("href")) for a in links] == [("English", "en", "/2019/10/launch/")]
    assert languages.html("2019/10/only-in-english/index.html").xpath("//nav[@class='translations']") == []


def test_language_homes_are_alternates_of_each_other(languages: SiteDir) -> None:
    homes = {"en": "https://example.com/", "fr": "https://example.com/fr/", "ja": "https://example.com/ja/"}
    for page in ("index.html", "fr/index.html", "ja/index.html"):
        assert alternates(languages, page) == {**homes, "x-default": homes["en"]}
    links = languages.html("ja/index.html").xpath("//nav[@class='translations']//a")
    assert [(a.text, a.get("href")) for a in links] == [("English", "/"), ("Français", "/fr/")]


def test_the_sitemap_lists_every_language_with_the_alternates(languages: SiteDir) -> None:
    root = lxml.etree.parse(str(languages.out / "sitemap.xml")).getroot()
    entries = {url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href")
                                               for link in url.findall(f"{XHTML}link[@rel='alternate']")}
               for url in root.findall(f"{SITEMAP}url")}
    launch = {"en": "https://example.com/2019/10/launch/", "fr": "https://example.com/fr/2019/10/lancement/"}
    for url in launch.values():
        assert entries[url] == {**launch, "x-default": launch["en"]}
    assert entries["https://example.com/ja/"]["fr"] == "https://example.com/fr/"
    assert entries["https://example.com/fr/tags/hiver/"] == {}
    assert entries["https://example.com/2019/10/only-in-english/"] == {}


def test_the_whole_site_passes_the_nu_checker_and_the_link_check(site: SiteDir) -> None:
    multilingual(site, search=True)
    site.build()
    assert SiteLinks(site.out, "https://example.com").broken() == []
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_search_page_of_a_language_searches_its_posts(site: SiteDir) -> None:
    multilingual(site, search=True)
    report = build(site.root, site.out)
    if report.warnings and any("without search" in w.message for w in report.warnings):
        pytest.skip("the search indexer is not installed")
    search = site.html("fr/search/index.html")
    assert search.xpath("/html/@lang") == ["fr"]
    assert search.xpath("//div[@id='search']/@data-bundle") == ["/pagefind/"]  # one index, at the root
    assert search.xpath("//div[@id='search']/@data-base") == ["/"]  # its URLs are the pages' own
    assert search.xpath("//form[@role='search']/@action")[0] == "/fr/search/"
    entry = json.loads((site.out / "pagefind/pagefind-entry.json").read_text())  # an index of each language
    assert {lang: found["page_count"] for lang, found in entry["languages"].items()} == {"en": 4, "fr": 2, "ja": 1}


def test_translations_may_share_a_title_and_slug(site: SiteDir) -> None:
    multilingual(site)
    site.post("same", "Same Title", "2019-11-02", body="In English.")
    site.post("same.fr", "Same Title", "2019-11-02", body="En français.")
    site.build()
    assert "In English." in site.text("2019/11/same-title/index.html")
    assert "En français." in site.text("fr/2019/11/same-title/index.html")
    assert alternates(site, "2019/11/same-title/index.html")["fr"] == "https://example.com/fr/2019/11/same-title/"


def test_lang_in_the_permalink_is_the_language_folder(site: SiteDir) -> None:
    multilingual(site)
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "permalink: /{lang}/{year}/{slug}/\n")
    site.build()
    assert (site.out / "2019/first-snow/index.html").is_file()  # the site's language has no folder: no //
    assert (site.out / "fr/2019/premiere-neige/index.html").is_file()
    assert (site.out / "ja/2019/chu-xue/index.html").is_file()
    assert not (site.out / "fr/fr").exists()


def test_lang_in_the_permalink_without_languages(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "permalink: /{lang}/{slug}/\nsearch: false\n")
    site.post("snow", "Snow", "2019-10-01")
    site.post("neige", "Neige", "2019-10-01", lang="fr")
    site.build()
    assert (site.out / "snow/index.html").is_file() and (site.out / "fr/neige/index.html").is_file()


def test_a_language_folder_can_be_renamed_and_the_site_language_needs_no_entry(site: SiteDir) -> None:
    multilingual(site, "languages:\n  fr: {prefix: /francais/}\n  ja: {prefix: nihongo}\n")
    site.build()
    assert titles(site, "francais/index.html") == ["Lancement", "Première neige"]
    assert (site.out / "nihongo/2019/10/chu-xue/index.html").is_file()
    assert html_lang(site, "index.html") == "en" and html_lang(site, "nihongo/index.html") == "ja"
    assert site.html("francais/index.html").xpath("//main/h1/text()") == ["Channel Notes"]  # the site's, untitled


def test_a_post_in_an_undeclared_language_is_an_error_on_its_lang_line(site: SiteDir) -> None:
    multilingual(site)
    site.build()
    site.post("german", "Deutsch", "2019-10-01", lang="de")
    before = site.files()
    for command in ("build", "check"):
        result = site.run(command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert ("posts/german.md:4: lang: 'de' is not one of the site's languages "
                "(declare it under 'languages:' in site.yaml, or write one of en, fr, ja)") in result.output
    assert site.files() == before


def test_a_file_named_for_an_undeclared_language_is_an_error(site: SiteDir) -> None:
    multilingual(site)
    site.post("first-snow.de", "Erster Schnee", "2019-10-01")
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert ("posts/first-snow.de.md: the file name's language 'de' is not one of the site's languages "
            "(declare it under 'languages:' in site.yaml, or write one of en, fr, ja)") in result.output


@pytest.mark.parametrize("languages, line, error", [  # line: of the languages' lines, the one at fault
    ("languages:\n  fr: {prefix: x}\n  ja: {prefix: x}\n", 3,
     "site.yaml:{n}: languages.ja: its pages would go in /x/, as those of fr (give each language its own 'prefix:')"),
    ("languages:\n  fr:\n    prefix: fr/x\n", 3,
     "site.yaml:{n}: languages.fr.prefix: 'fr/x' is not a folder the language's pages can go in "
     "(write a plain folder name like fr, not one of chanblog's own, or '/' for none)"),
    ("languages:\n  fr: {prefix: tags}\n", 2,
     "site.yaml:{n}: languages.fr.prefix: 'tags' is not a folder the language's pages can go in "
     "(write a plain folder name like fr, not one of chanblog's own, or '/' for none)"),
    ("languages:\n  fr: {titre: Notes}\n", 2,
     "site.yaml:{n}: languages.fr.titre: unknown setting (use title, description, locale, prefix)"),
])
def test_languages_that_cannot_be_published_are_errors_on_their_line(site: SiteDir, languages: str, line: int,
                                                                      error: str) -> None:
    before = len((site.root / "site.yaml").read_text().splitlines())
    site.write("site.yaml", (site.root / "site.yaml").read_text() + languages)
    site.post("x", "X")
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert error.format(n=before + line) in result.output


def _clean_build(site: SiteDir, tmp_path: Path) -> dict[str, bytes]:
    fresh = SiteDir(tmp_path / "fresh")
    shutil.rmtree(fresh.root, ignore_errors=True)
    shutil.copytree(site.root, fresh.root, ignore=shutil.ignore_patterns("_site", CACHE_DIR))
    fresh.build()
    return fresh.files()


def test_adding_or_removing_a_translation_updates_the_other_on_the_next_build(languages: SiteDir,
                                                                            tmp_path: Path) -> None:
    languages.post("english-only.fr", "Seulement en anglais", "2019-10-07")
    build(languages.root, languages.out)
    assert alternates(languages, "2019/10/only-in-english/index.html")["fr"] == (
        "https://example.com/fr/2019/10/seulement-en-anglais/")
    assert languages.files() == _clean_build(languages, tmp_path)
    (languages.root / "posts/english-only.fr.md").unlink()
    build(languages.root, languages.out)
    assert alternates(languages, "2019/10/only-in-english/index.html") == {}
    assert languages.files() == _clean_build(languages, tmp_path)


def test_the_site_language_may_have_a_folder_and_the_root_leads_there(site: SiteDir) -> None:
    multilingual(site, "languages:\n  en: {prefix: en}\n  fr:\n  ja:\n")
    site.build()
    assert titles(site, "en/index.html") == ["Only in English", "Launch"]
    assert site.html("index.html").xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=/en/"]
    assert alternates(site, "fr/index.html") == {"en": "https://example.com/en/", "fr": "https://example.com/fr/",
                                                 "ja": "https://example.com/ja/", "x-default": "https://example.com/en/"}
    assert SiteLinks(site.out, "https://example.com").broken() == []


def test_check_finds_nothing_wrong_with_translations(site: SiteDir) -> None:
    multilingual(site)
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output, result.output


def test_a_site_that_declares_only_its_own_language_publishes_as_one_that_declares_none(site: SiteDir,
                                                                                        tmp_path: Path) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\n")
    site.post("snow", "Snow", "2019-10-01", tags="[winter]", series="Seasons")
    site.post("rain", "Rain", "2019-10-02", tags="[winter]", series="Seasons")
    site.build()
    declared = SiteDir(tmp_path / "declared")
    shutil.copytree(site.root, declared.root, ignore=shutil.ignore_patterns("_site", CACHE_DIR))
    declared.write("site.yaml", (site.root / "site.yaml").read_text() + "languages:\n  en: {}\n")
    declared.build()
    assert declared.files() == site.files()


def test_dates_are_written_in_each_language_and_its_locale(site: SiteDir) -> None:
    multilingual(site, LANGUAGES.replace("  en:\n", "  en:\n    locale: en-GB\n"))
    site.build()
    shown = {page: site.html(page).xpath("//article//header//time/text()") for page in (
        "2019/10/first-snow/index.html", "fr/2019/10/premiere-neige/index.html", "ja/2019/10/chu-xue/index.html")}
    assert list(shown.values()) == [["1 October 2019"], ["1 octobre 2019"], ["2019年10月1日"]]  # en-GB: not October 1


def test_two_posts_of_one_language_with_one_key_link_the_first_and_check_warns(site: SiteDir) -> None:
    multilingual(site)
    site.post("a", "Alpha", "2019-11-01", translation_key="k")
    site.post("b", "Beta", "2019-11-02", translation_key="k")
    site.post("c.fr", "Gamma", "2019-11-03", translation_key="k")
    site.build()
    assert alternates(site, "2019/11/alpha/index.html") == alternates(site, "fr/2019/11/gamma/index.html") == {
        "en": "https://example.com/2019/11/alpha/", "fr": "https://example.com/fr/2019/11/gamma/",
        "x-default": "https://example.com/2019/11/alpha/"}
    assert alternates(site, "2019/11/beta/index.html") == {}
    assert ("posts/b.md:4: warning: translates the same post as posts/a.md, in the same language "
            "(give one of them another 'translation_key:', or its own language)") in site.run("check").output


def test_each_languages_pages_show_the_theme_words_and_dates_in_that_language(languages: SiteDir) -> None:
    assert languages.html("fr/tags/index.html").xpath("string(//main//h1)").strip() == "Mots-clés"
    assert languages.html("ja/tags/index.html").xpath("string(//main//h1)").strip() == "タグ"
    assert languages.html("tags/index.html").xpath("string(//main//h1)").strip() == "Tags"
    assert "1 octobre 2019" in languages.text("fr/2019/10/premiere-neige/index.html")
    assert "2019年10月1日" in languages.text("ja/2019/10/chu-xue/index.html")
    assert "October 1, 2019" in languages.text("2019/10/first-snow/index.html")
