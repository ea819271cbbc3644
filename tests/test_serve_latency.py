"""`chanblog serve` keeps what one rebuild made for the next (Jinja environments) and watches only
the site's sources: what it serves after every kind of edit is still what a fresh build writes,
and nothing outside the sources keeps it from seeing a save."""

from __future__ import annotations

import gzip
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SiteDir
from chanblog.serve import LIVE_PREFIX, Preview as InProcessPreview, watch_site
from preview import Preview, eventually, start_preview

LIVE_SCRIPT_TAG = f'<script src="{LIVE_PREFIX}live.js"></script>\n'.encode()
SOURCES = ("site.yaml", "posts", "pages", "templates", "static", "locales")
FOOTER = '<footer class="site-footer"><p>{{ _("Atom feed") }}: {{ config.title }}, {}</p></footer>\n'
CATALOG = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Atom feed"\nmsgstr "Atom feed, {}"\n'


@pytest.fixture
def served(site: SiteDir) -> Iterator[Preview]:
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The first version of the fuse.", tags="[sneezers]")
    site.post("b", "Customer Focus", "2009-08-15", body="Selling with the customer in mind.")
    running = start_preview(site.root)
    yield running
    running.stop()


def fresh_build(site: SiteDir, into: Path) -> dict[str, bytes]:
    """Every file a `chanblog build` of the site's sources, in a folder of its own, writes (the
    search index aside: the preview makes its own, beside the output)."""
    copy = SiteDir(into)
    into.mkdir()
    for name in SOURCES:
        source = site.root / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.is_file():
            shutil.copy2(source, into / name)
    copy.build()
    return {path: data for path, data in copy.files().items() if not path.startswith("pagefind/")}


def assert_serves_a_fresh_build(preview: Preview, site: SiteDir, into: Path) -> None:
    """The output folder holds what a fresh build writes, byte for byte, and every file of it is
    served as it is (pages with the live-reload script added)."""
    expected = fresh_build(site, into)
    assert site.files() == expected
    for path, data in expected.items():
        response = preview.get(f"/{path}")
        assert response.status == 200, path
        assert response.body.replace(LIVE_SCRIPT_TAG, b"", 1) == data, path


def test_after_a_body_edit_the_preview_serves_what_a_fresh_build_writes(served: Preview, site: SiteDir,
                                                                        tmp_path: Path) -> None:
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The second version of the fuse.", tags="[sneezers]")
    served.wait_for_line("posts/a.md changed: ")
    assert "The second version" in served.get("/2009/08/lighting-the-fuse/").text
    assert_serves_a_fresh_build(served, site, tmp_path / "fresh")


def test_a_theme_template_overridden_while_serving_is_used_on_every_page(served: Preview, site: SiteDir,
                                                                         tmp_path: Path) -> None:
    site.write("templates/post.html", '{% extends "theme/post.html" %}{% block title %}Overridden{% endblock %}')
    served.wait_for_line(" changed: ")
    eventually(lambda: "<title>Overridden</title>" in served.get("/2009/08/lighting-the-fuse/").text)
    assert_serves_a_fresh_build(served, site, tmp_path / "fresh")


@pytest.mark.parametrize("path, template", [("templates/_footer.html", FOOTER), ("locales/en.po", CATALOG)])
def test_a_template_or_catalog_made_then_edited_while_serving_shows_each_version(
        served: Preview, site: SiteDir, tmp_path: Path, path: str, template: str) -> None:
    for number, version in enumerate(("version one", "version two")):
        site.write(path, template.replace("{}", version))
        served.wait_for_line(f"{path} changed: " if number else " changed: ")  # first a new folder, then watched
        eventually(lambda shown=version: shown in served.get("/").text)
        assert_serves_a_fresh_build(served, site, tmp_path / f"fresh-{number}")


def test_site_yaml_edited_while_serving_is_rebuilt_with(served: Preview, site: SiteDir, tmp_path: Path) -> None:
    config = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", config.replace("Channel Notes", "Fuse Notes"))
    served.wait_for_line("site.yaml changed: ")
    assert "Fuse Notes" in served.get("/2009/08/customer-focus/").text
    assert_serves_a_fresh_build(served, site, tmp_path / "fresh")


def test_a_link_to_the_folder_above_the_site_does_not_hide_saves(site: SiteDir, tmp_path: Path) -> None:
    """A link out of the site folder (here to the folder holding it) is no source: the preview
    neither walks what it leads to nor misses a save through it."""
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The first version of the fuse.")
    (site.root / "up").symlink_to("..")
    running = start_preview(site.root)
    try:
        site.post("a", "Lighting the Fuse", "2009-08-14", body="The second version of the fuse.")
        running.wait_for_line("posts/a.md changed: ")
        assert "The second version" in running.get("/2009/08/lighting-the-fuse/").text
    finally:
        running.stop()


def test_only_the_sites_sources_wake_the_watcher(site: SiteDir) -> None:
    """Files written into the output, the cache or anywhere else in the site folder are not saves;
    a post saved after them is reported alone."""
    site.post("a", "Lighting the Fuse", "2009-08-14")
    stop = threading.Event()
    batches = watch_site(site.root, stop)
    try:
        assert next(batches) == set()
        for name in ("_site/2009/index.html", ".chanblog/pages.json", "notes.txt", "._site.search-x/index.html"):
            site.write(name, "written by something else")
        time.sleep(0.3)  # long enough for the watcher to have seen them, if it watched them
        site.post("a", "Lighting the Fuse", "2009-08-14", body="Saved.")
        assert next(batch for batch in batches if batch) == {"posts/a.md"}
    finally:
        stop.set()
        batches.close()


def indexed(preview: InProcessPreview) -> dict[str, str]:
    """What the preview's search index holds: each page's text by its URL ({} while there is
    none, or while the one being read is replaced by a newer)."""
    index = preview.search.current
    try:
        fragments = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                     for path in (index / "fragment").iterdir()] if index else []
    except OSError:
        return {}
    return {fragment["url"]: fragment["content"] for fragment in fragments}


FUSE, FOCUS = "/2009/08/lighting-the-fuse/", "/2009/08/customer-focus/"


def test_the_preview_search_index_catches_up_with_each_edit_and_deletion(site: SiteDir) -> None:
    site.post("a", "Lighting the Fuse", "2009-08-14", body="The first version mentions zanzibar.")
    site.post("b", "Customer Focus", "2009-08-15", body="Selling with the customer in mind.")
    preview = InProcessPreview(site.root, site.out, drafts=False, future=False)
    try:
        assert "Built the site" in preview.rebuild(set())[0]
        eventually(lambda: "zanzibar" in indexed(preview).get(FUSE, ""))
        site.post("a", "Lighting the Fuse", "2009-08-14", body="The second version mentions timbuktu.")
        assert "posts/a.md changed" in preview.rebuild({"posts/a.md"})[0]
        eventually(lambda: "timbuktu" in indexed(preview).get(FUSE, ""))
        assert FOCUS in indexed(preview) and "zanzibar" not in indexed(preview)[FUSE]
        (site.root / "posts/b.md").unlink()
        assert "posts/b.md changed" in preview.rebuild({"posts/b.md"})[0]
        eventually(lambda: FUSE in (found := indexed(preview)) and FOCUS not in found)
    finally:
        preview.search.close()
