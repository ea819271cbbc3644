"""A site's `language` and a post's `lang` are BCP 47 tags: checked, named on their line with the tag
to write, and published in the case BCP 47 recommends."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree
import pytest

from conftest import SITE_YAML, SiteDir

LANGUAGE_LINE = SITE_YAML.count("\n") + 1  # `language:` is written after the fixture's settings
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERIC_HINT = "write a language tag like en, fr or pt-BR"


def with_language(site: SiteDir, tag: str) -> None:
    site.write("site.yaml", f"{SITE_YAML}language: {tag}\n")


def feed_language(site: SiteDir) -> str:
    return lxml.etree.fromstring((site.out / "feed.xml").read_bytes()).get(XML_LANG)


def post_page(site: SiteDir, slug: str) -> str:
    """The published page of the post `slug`, under whatever folder its language puts it."""
    return next(site.out.glob(f"**/2009/08/{slug}/index.html")).relative_to(site.out).as_posix()


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("written, hint", [
    ("zh_cn", "write zh-CN"), ("en_US.UTF-8", "write en-US"), ("en-UK", "write en-GB"),
    ("English", "write en"), ("français", "write fr"), ("eng", "write en"),
    ("en-", GENERIC_HINT), ("e", GENERIC_HINT), ("toolongtag", GENERIC_HINT)])
def test_a_site_language_that_is_no_tag_is_an_error_on_its_line_with_the_tag_to_write(
        site: SiteDir, command: str, written: str, hint: str) -> None:
    site.post("a", "A")
    site.build()
    before = site.files()
    with_language(site, written)
    result = site.run(command)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"site.yaml:{LANGUAGE_LINE}: language: '{written}' is not a language tag ({hint})")
    assert "Traceback" not in result.output
    assert site.files() == before


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("written, hint", [
    ("english", "write en"), ("Japanese", "write ja"), ("日本語", "write ja"), ("Deutsch", "write de"),
    ("Brazilian Portuguese", "write pt-BR"), ("zh_hant_tw", "write zh-Hant-TW"), ("iw", "write he")])
def test_a_post_lang_that_is_no_tag_is_an_error_on_its_line_with_the_tag_to_write(
        site: SiteDir, command: str, written: str, hint: str) -> None:
    site.post("a", "A")
    site.build()
    before = site.files()
    site.post("x", "X", lang=written)
    result = site.run(command)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"posts/x.md:4: lang: '{written}' is not a language tag ({hint})"
    assert "Traceback" not in result.output
    assert site.files() == before


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_page_lang_that_is_no_tag_is_an_error_on_its_line_with_the_tag_to_write(site: SiteDir, command: str) -> None:
    site.post("a", "A")
    site.build()
    before = site.files()
    site.write("pages/about.md", "---\ntitle: About\nlang: zh_tw\n---\nHi.\n")
    result = site.run(command)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "pages/about.md:3: lang: 'zh_tw' is not a language tag (write zh-TW)"
    assert site.files() == before


def test_a_page_in_another_language_says_so_in_canonical_case(site: SiteDir) -> None:
    site.write("pages/a-propos.md", "---\ntitle: À propos\nlang: FR-ca\n---\nBonjour.\n")
    site.build()
    assert site.html("a-propos/index.html").xpath("string(//article/@lang)") == "fr-CA"

def test_a_tag_in_any_case_is_published_in_the_case_bcp_47_recommends(site: SiteDir) -> None:
    with_language(site, "EN-gb")
    site.post("a", "A")
    site.post("b", "B", lang="zh-hant")
    site.build()
    assert site.html("index.html").get("lang") == "en-GB"
    assert feed_language(site) == "en-GB"
    assert json.loads(site.text("feed.json"))["language"] == "en-GB"
    assert site.html(post_page(site, "b")).xpath("string(//article/@lang)") == "zh-Hant"


def test_a_well_formed_tag_keeps_its_case_and_its_dates(site: SiteDir) -> None:
    with_language(site, "en-GB")
    site.post("a", "A", "2009-08-14")
    site.build()
    assert site.html("2009/08/a/index.html").get("lang") == "en-GB"
    assert feed_language(site) == "en-GB"
    assert "14 August 2009" in site.text("2009/08/a/index.html")
    assert site.run("check").exit_code == 0


def test_private_use_and_extension_subtags_are_taken_and_dates_follow_the_language(site: SiteDir) -> None:
    with_language(site, "en-US-u-ca-gregory-x-twain")
    site.post("a", "A", "2009-08-14", lang="de-CH-1996")
    site.build()
    assert site.html("index.html").get("lang") == "en-US-u-ca-gregory-x-twain"
    assert feed_language(site) == "en-US-u-ca-gregory-x-twain"
    assert "August 14, 2009" in site.text("index.html")  # the English listing writes it in English
    assert "14. August 2009" in site.text(post_page(site, "a"))  # the German post's own page in German


@pytest.mark.parametrize("old_language, language", [("en_US", "en-US"), ("pt_br.UTF-8", "pt-BR"), ("English", "en")])
def test_an_imported_site_gets_the_tag_its_old_language_stands_for(tmp_path: Path, old_language: str,
                                                                  language: str) -> None:
    old = tmp_path / "old"
    (old / "_posts").mkdir(parents=True)
    (old / "_config.yml").write_text(f"title: T\nurl: https://t.example\nlang: {old_language}\n", encoding="utf-8")
    (old / "_posts/2020-01-01-a.md").write_text("---\ntitle: A\n---\nA.\n", encoding="utf-8")
    site = SiteDir(tmp_path / "site")
    assert site.run("import", "jekyll", str(old)).exit_code == 0
    assert f"\nlanguage: {language}\n" in (site.root / "site.yaml").read_text(encoding="utf-8")
    assert site.run("check").exit_code == 0
    site.build()
    assert site.html("index.html").get("lang") == language
