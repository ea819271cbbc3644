"""What each template pulls in and reads of `site` and of its page is learnt once and kept in
the cache folder by the template's source: a build that follows one parses only the templates
whose source changed, and every page comes out with the key and the bytes a fresh parse gives.
A kept file that is damaged or not what chanblog writes is ignored."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from chanblog import build as pipeline
from chanblog.cache import CACHE_DIR, FORMAT
from chanblog.render import THEME_DIR
from conftest import SiteDir
from test_incremental import blog, clean_build, edit_body
from test_languages import multilingual

KEPT = f"{CACHE_DIR}/templates.cache"

# Templates of a site's own that pull others in every way Jinja has, and read `site` in part and whole.
OWN_TEMPLATES = {
    "subscribe.html": '{% extends "theme/subscribe.html" %}{% from "_macros.html" import shout %}'
                      '{% block content %}{{ shout(page.title) }}{% include "_count.html" %}{{ super() }}{% endblock %}',
    "_macros.html": "{% macro shout(text) %}<b>{{ text | upper }}</b>{% endmacro %}",
    "_count.html": "<p>{{ site.posts | length }} posts, {{ site.tags | length }} tags</p>",
    "_footer.html": '<footer>{% include ["_missing.html", "_note.html"] %}</footer>',
    "_note.html": "<p>{{ config.title }}: {{ site | attr('labels') | length }} labels</p>",
    "archives.html": '{% extends "base.html" %}{% block content %}{% include ("_" ~ "count.html") %}{% endblock %}',
}


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources Jinja is asked to parse (to learn what a template depends on) from now on."""
    parsed: list[str] = []
    parse = jinja2.Environment.parse

    def counted(self: jinja2.Environment, source: str, *args: object, **kwargs: object) -> object:
        parsed.append(source)
        return parse(self, source, *args, **kwargs)
    monkeypatch.setattr(jinja2.Environment, "parse", counted)
    return parsed


def theme_sources() -> set[str]:
    return {path.read_text(encoding="utf-8") for path in (THEME_DIR / "templates").glob("*.html")}


def page_keys(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """The key of each page each build from now on plans, by output path."""
    planned: list[dict[str, str]] = []
    plan_output = pipeline.plan_output

    def kept(*args: object, **kwargs: object) -> pipeline.Plan:
        plan = plan_output(*args, **kwargs)
        planned.append({job.path: job.key for job in plan.pages})
        return plan
    monkeypatch.setattr(pipeline, "plan_output", kept)
    return planned


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def own_templates(site: SiteDir) -> SiteDir:
    blog(site)
    for name, text in OWN_TEMPLATES.items():
        site.write(f"templates/{name}", text)
    return site


def test_a_second_build_parses_none_of_the_templates_it_parsed_before(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blog(site)
    site.build()
    parsed = parses(monkeypatch)
    edit_body(site)
    site.build()
    assert parsed == []
    assert site.files() == clean_build(site, tmp_path)


def edit_launch(site: SiteDir) -> None:
    path = site.root / "posts/launch.md"
    path.write_text(path.read_text() + "\nAn added closing sentence.\n")


@pytest.mark.parametrize(("make", "edit"), [(own_templates, edit_body), (multilingual, edit_launch)],
                         ids=["own templates", "three languages"])
def test_with_the_kept_analyses_every_page_has_the_key_and_bytes_a_fresh_parse_gives(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[SiteDir], object],
        edit: Callable[[SiteDir], None]) -> None:
    make(site)
    site.build()
    edit(site)
    keys, parsed = page_keys(monkeypatch), parses(monkeypatch)
    pipeline.build(site.root, tmp_path / "kept")
    assert (site.root / KEPT).is_file() and not theme_sources() & set(parsed)  # learnt from the kept file
    (site.root / KEPT).unlink()
    pipeline.build(site.root, tmp_path / "fresh")
    assert theme_sources() & set(parsed)  # learnt afresh
    assert len(keys) == 2 and keys[0] == keys[1]
    assert files_in(tmp_path / "kept") == files_in(tmp_path / "fresh")


def bare(site: SiteDir) -> SiteDir:
    """A blog whose parts show nothing of the site, and whose subscribe page shows only its title:
    a tag change then changes only the pages that show tags."""
    blog(site)
    for part in ("_header.html", "_sidebar.html", "_footer.html"):
        site.write(f"templates/{part}", "")
    site.write("templates/subscribe.html", "<h1>{{ page.title }}</h1>\n")
    return site


def test_an_edited_template_is_analysed_again_and_what_it_now_reads_of_the_site_makes_it_again(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bare(site)
    site.build()  # the kept analyses say the subscribe page reads nothing of the site
    assert "<li>" not in site.text("subscribe/index.html")
    site.write("templates/_tags.html", "<ul>{% for tag in site.tags %}<li>{{ tag.name }}</li>{% endfor %}</ul>\n")
    site.write("templates/subscribe.html", '<h1>{{ page.title }}</h1>\n{% include "_tags.html" %}\n')
    parsed = parses(monkeypatch)
    site.build()
    assert "<li>common</li>" in site.text("subscribe/index.html")
    assert not theme_sources() & set(parsed)
    path = site.root / "posts/p4.md"
    path.write_text(path.read_text().replace("tags: [common, t1]", "tags: [common, t1, newly]"))
    site.build()
    assert "<li>newly</li>" in site.text("subscribe/index.html")
    assert site.files() == clean_build(site, tmp_path)


def test_a_template_that_does_not_parse_is_parsed_again_by_the_next_build(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blog(site)
    broken = "{% if %}never rendered\n"
    site.write("templates/_broken.html", broken)  # pulled in by nothing but an include of any name
    site.write("templates/archives.html", OWN_TEMPLATES["archives.html"])  # includes a template named by an expression
    site.write("templates/_count.html", OWN_TEMPLATES["_count.html"])
    site.build()
    parsed = parses(monkeypatch)
    edit_body(site)
    site.build()
    assert not theme_sources() & set(parsed)
    kept = payload_of((site.root / KEPT).read_bytes())
    assert digest_of(OWN_TEMPLATES["archives.html"]) in kept and digest_of(broken) not in kept
    assert site.files() == clean_build(site, tmp_path)


def resealed(data: bytes, payload: bytes) -> bytes:
    """The kept file with another payload, under its own header and a matching SHA-256, as a
    stranger who knows the format would write it."""
    assert data.startswith(FORMAT + b"\n")
    head = data[:data.index(b"\n", len(FORMAT) + 1) + 1]
    return head + hashlib.sha256(payload).digest() + payload


def digest_of(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def payload_of(data: bytes) -> dict[str, list[object]]:
    head = data.index(b"\n", len(FORMAT) + 1) + 1
    return json.loads(data[head + 32:])


def each_row(change: Callable[[list[object]], list[object]]) -> Callable[[bytes], bytes]:
    """Every entry of the kept file changed so."""
    def planted(data: bytes) -> bytes:
        rows = {key: change(list(row)) for key, row in payload_of(data).items()}
        return resealed(data, json.dumps(rows).encode())
    return planted


PLANTED: dict[str, Callable[[bytes], bytes]] = {
    "a byte changed": lambda data: data[:-3] + bytes([data[-3] ^ 1]) + data[-2:],
    "cut short": lambda data: data[:-5],
    "another version's": lambda data: data.replace(b"jinja2-", b"jinja2-0", 1),
    "not JSON": lambda data: resealed(data, b'{"ab": [[], fal'),
    "a list of rows": lambda data: resealed(data, json.dumps(list(payload_of(data).values())).encode()),
    "attributes as text": each_row(lambda row: [row[0], row[1], "tags", row[3]]),
    "a number for a name": each_row(lambda row: [row[0], row[1], row[2], [1, 2]]),
    "an attribute that is no name": each_row(lambda row: [row[0], row[1], ["tags.x"], row[3]]),
    "0 for false": each_row(lambda row: [row[0], 0, row[2], row[3]]),
    "a template named by a number": each_row(lambda row: [[7], row[1], row[2], row[3]]),
    "a name too long": each_row(lambda row: [row[0], row[1], ["x" * 5000], row[3]]),
    "a row cut short": each_row(lambda row: row[:3]),
    "keys that are no digests": lambda data: resealed(
        data, json.dumps({key[:-1] + "Z": row for key, row in payload_of(data).items()}).encode()),
}


@pytest.mark.parametrize("damage", PLANTED, ids=list(PLANTED))
def test_a_damaged_or_planted_analyses_file_is_ignored_and_written_again(
        site: SiteDir, tmp_path: Path, damage: str) -> None:
    own_templates(site)
    site.build()
    kept = (site.root / KEPT).read_bytes()
    (site.root / KEPT).write_bytes(PLANTED[damage](kept))
    edit_body(site)  # else the build finds nothing to do
    site.build()
    assert site.files() == clean_build(site, tmp_path)
    assert (site.root / KEPT).read_bytes() == kept


def test_a_build_with_nothing_to_do_leaves_the_kept_analyses_alone(site: SiteDir) -> None:
    own_templates(site)
    site.build()
    kept = site.root / KEPT
    before = (kept.read_bytes(), kept.stat().st_mtime_ns)
    site.build()
    assert (kept.read_bytes(), kept.stat().st_mtime_ns) == before
