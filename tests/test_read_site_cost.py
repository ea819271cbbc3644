"""What an edit costs in making the site: the related posts are worked out again only when what
they come from changed (a kept table, never trusted blindly), and the output always equals a
clean build's. (That a post whose file did not change is not opened: test_edit_cost.py.)"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from chanblog import translations
from chanblog.build import build
from chanblog.cache import CACHE_DIR, FORMAT
from conftest import SiteDir
from test_incremental import clean_build
from test_languages import multilingual
from test_related import related, without_sidebar


def tagged(site: SiteDir) -> None:
    """Posts whose related posts come from their tags; `target` lists `first` (a rarer tag)."""
    without_sidebar(site)
    site.post("target", "Target", "2009-08-20", tags="[a, b]")
    site.post("first", "First", "2009-08-10", tags="[a]")
    site.post("second", "Second", "2009-08-05", tags="[b, c]")
    site.post("third", "Third", "2009-08-03", tags="[b, c, d]")
    site.post("alone", "Alone", "2009-08-01", tags="[z]")


def kept_table(site: SiteDir) -> Path:
    """The file the related posts are kept in."""
    tables = sorted((site.root / CACHE_DIR).glob("related-*"))
    assert len(tables) == 1, tables
    return tables[0]


def append(site: SiteDir, name: str, text: str) -> None:
    path = site.root / f"posts/{name}.md"
    path.write_text(path.read_text() + text)


def test_a_body_or_title_edit_keeps_the_related_posts_and_shows_the_new_title(site: SiteDir, tmp_path: Path) -> None:
    tagged(site)
    build(site.root, site.out)
    table = kept_table(site)
    kept, stat = table.read_bytes(), table.stat()
    append(site, "first", "\nAnother sentence.\n")
    build(site.root, site.out)
    site.post("first", "First, renamed", "2009-08-10", tags="[a]")
    build(site.root, site.out)
    assert table.read_bytes() == kept and table.stat().st_mtime_ns == stat.st_mtime_ns  # not worked out again
    assert related(site, "target") == ["First, renamed", "Second", "Third"]
    assert site.files() == clean_build(site, tmp_path)


def test_a_tag_change_updates_the_related_posts_of_the_other_posts_as_a_clean_build(
        site: SiteDir, tmp_path: Path) -> None:
    tagged(site)
    build(site.root, site.out)
    kept = kept_table(site).read_bytes()
    assert related(site, "alone") == []
    site.post("third", "Third", "2009-08-03", tags="[z, d]")
    build(site.root, site.out)
    assert kept_table(site).read_bytes() != kept
    assert related(site, "alone") == ["Third"]
    assert related(site, "target") == ["First", "Second"]
    assert site.files() == clean_build(site, tmp_path)


def test_a_date_change_that_reorders_the_posts_is_worked_out_again(site: SiteDir, tmp_path: Path) -> None:
    tagged(site)
    build(site.root, site.out)
    site.post("third", "Third", "2009-08-08", tags="[b, c, d]")  # now newer than `second`: ties go to the newer
    build(site.root, site.out)
    assert related(site, "target") == ["First", "Third", "Second"]
    assert site.files() == clean_build(site, tmp_path)


def resealed(table: Path, payload: bytes) -> bytes:
    """The table's file with another payload, under its own header and a matching SHA-256, as a
    stranger who knows the format would write it."""
    data = table.read_bytes()
    assert data.startswith(FORMAT + b"\n")
    head = data[:data.index(b"\n", len(FORMAT) + 1) + 1]
    return head + hashlib.sha256(payload).digest() + payload


def payload_of(table: Path) -> list[list[int]]:
    data = table.read_bytes()
    head = data.index(b"\n", len(FORMAT) + 1) + 1
    return json.loads(data[head + 32:])


PLANTED = {
    "a byte changed": lambda table, rows: table.read_bytes()[:-3] + b"9" + table.read_bytes()[-2:],
    "cut short": lambda table, rows: table.read_bytes()[:-5],
    "not JSON": lambda table, rows: resealed(table, b"[[1,2],[3"),
    "a place past the last post": lambda table, rows: resealed(table, json.dumps([[99]] * len(rows)).encode()),
    "each post related to itself": lambda table, rows: resealed(
        table, json.dumps([[place] for place in range(len(rows))]).encode()),
    "a post twice": lambda table, rows: resealed(table, json.dumps([[4, 4] for _ in rows]).encode()),
    "more than five": lambda table, rows: resealed(table, json.dumps([[0, 1, 2, 3, 4, 5]] * len(rows)).encode()),
    "text for places": lambda table, rows: resealed(table, json.dumps([["1"] for _ in rows]).encode()),
    "a row missing": lambda table, rows: resealed(table, json.dumps(rows[1:]).encode()),
    "a negative place": lambda table, rows: resealed(table, json.dumps([[-1]] * len(rows)).encode()),
}


@pytest.mark.parametrize("damage", PLANTED, ids=list(PLANTED))
def test_a_damaged_or_planted_related_posts_table_is_ignored_and_made_again(
        site: SiteDir, tmp_path: Path, damage: str) -> None:
    tagged(site)
    for day in range(1, 9):  # more posts than a row may name
        site.post(f"more-{day}", f"More {day}", f"2009-07-0{day}", tags="[b, m]")
    build(site.root, site.out)
    table = kept_table(site)
    kept = table.read_bytes()
    table.write_bytes(PLANTED[damage](table, payload_of(table)))
    append(site, "first", "\nAnother sentence.\n")  # else the build finds nothing to do
    build(site.root, site.out)
    assert related(site, "target")[:3] == ["First", "Second", "Third"]
    assert site.files() == clean_build(site, tmp_path)
    assert table.read_bytes() == kept


def test_a_table_kept_before_the_tags_changed_is_not_used(site: SiteDir, tmp_path: Path) -> None:
    tagged(site)
    build(site.root, site.out)
    before = kept_table(site).read_bytes()
    site.post("third", "Third", "2009-08-03", tags="[z, d]")
    build(site.root, site.out)
    kept_table(site).write_bytes(before)  # put back as it was for the old tags
    append(site, "first", "\nAnother sentence.\n")
    build(site.root, site.out)
    assert related(site, "alone") == ["Third"]
    assert site.files() == clean_build(site, tmp_path)


def test_each_language_keeps_its_own_related_posts_and_a_tag_change_in_one_is_seen(
        site: SiteDir, tmp_path: Path) -> None:
    multilingual(site)
    site.post("fr/hiver", "Hiver", "2019-10-03", lang="fr", tags="[divers]")
    build(site.root, site.out)
    tables = {table: table.read_bytes() for table in (site.root / CACHE_DIR).glob("related-*")}
    assert len(tables) == 3  # English, French, Japanese
    site.post("fr/hiver", "Hiver", "2019-10-03", lang="fr", tags="[hiver]")  # now shares a tag with Première neige
    build(site.root, site.out)
    assert sum(table.read_bytes() != kept for table, kept in tables.items()) == 1  # the French one alone
    assert site.files() == clean_build(site, tmp_path)


def test_a_build_reads_the_theme_catalogs_of_its_own_languages_only(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    parse = translations.parse_catalog

    def counted(text: str, shown: str, tag: str) -> translations.Catalog:
        read.append(shown)
        return parse(text, shown, tag)

    monkeypatch.setattr(translations, "parse_catalog", counted)
    translations.theme_catalogs.cache_clear()  # as a fresh process finds it
    multilingual(site)  # English, French and Japanese: the theme has catalogs for nine languages
    build(site.root, site.out)
    assert set(read) <= {f"(bundled theme) locale/{tag}.po" for tag in ("en", "fr", "ja")}
    assert "Aller au contenu" in site.text("fr/index.html")  # the catalogs it needs are read
    assert "本文へスキップ" in site.text("ja/index.html")
