"""The preview's search index is made in the parts a build makes, each served under /pagefind/,
and an edit makes again only the part that holds its page: what the index finds is what a
build's index finds."""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from chanblog import search, serve
from chanblog.serve import Preview, open_server, server_url, start_in_background
from conftest import SiteDir
from preview import eventually

WORDS = {"a": "zanzibar", "b": "timbuktu", "c": "samarkand", "d": "ouagadougou", "e": "kathmandu", "f": "valparaiso"}


@pytest.fixture
def parted(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    """A preview of six posts whose index comes in parts of about one page (as a site of
    hundreds of posts has parts of about a hundred)."""
    monkeypatch.setattr(search, "SHARD_PAGES", 1)
    for day, (name, word) in enumerate(WORDS.items(), start=10):
        site.post(name, f"Post {name}", f"2009-08-{day}", body=f"This post mentions {word}.")
    preview = Preview(site.root, site.out, drafts=False, future=False)
    yield preview
    preview.search.close()


def parts(preview: Preview) -> dict[str, Path]:
    """The parts of the index the preview serves, by their folder under /pagefind/ ("" for the
    first, which lists the others in shards.json); {} while there is none."""
    first = preview.search.current
    if first is None:
        return {}
    try:
        names = json.loads((first / search.SHARDS_FILE).read_text())
    except OSError:  # replaced while it was read
        return {}
    found = {name: preview.search.locate(name) for name in names}
    return {"": first, **found} if None not in found.values() else {}


def indexed(folders: dict[str, Path]) -> dict[str, str]:
    """Each indexed page's text by its URL, over every part ({} if a part went away while it was
    read: a newer index replaced it)."""
    texts = {}
    try:
        for folder in folders.values():
            for path in (folder / "fragment").iterdir():
                fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(search.SIGNATURE))
                texts[fragment["url"]] = fragment["content"]
    except OSError:
        return {}
    return texts


def url(name: str) -> str:
    return f"/2009/08/post-{name}/"


def test_the_preview_indexes_in_parts_and_an_edit_makes_only_its_pages_part_again(
        site: SiteDir, parted: Preview) -> None:
    parted.rebuild(set())
    eventually(lambda: len(indexed(parts(parted))) == len(WORDS))
    before = parts(parted)
    assert len(before) > 1, "six pages in parts of about one page make several parts"
    site.post("a", "Post a", "2009-08-10", body="This post now mentions reykjavik.")
    parted.rebuild({"posts/a.md"})
    eventually(lambda: "reykjavik" in indexed(parts(parted)).get(url("a"), ""))
    after = parts(parted)
    assert after.keys() == before.keys()
    remade = [name for name in after if after[name] != before[name]]
    assert len(remade) == 1 and url("a") in indexed({"": after[remade[0]]})
    assert all(after[name].is_dir() for name in after)
    eventually(lambda: not before[remade[0]].exists())  # the part it replaced is removed, once no longer served
    found = indexed(after)
    assert "zanzibar" not in found[url("a")]
    assert all(word in found[url(name)] for name, word in WORDS.items() if name != "a")


def test_an_edit_links_again_only_the_pages_it_changed_into_the_preview_index_snapshot(
        site: SiteDir, parted: Preview) -> None:
    """The pages Pagefind reads are links to the output's, kept beside it; after an edit only
    those the rebuild published anew are looked at. A page gone from there behind the preview's
    back (nothing but the preview writes there) stays gone: it was not looked at."""
    parted.rebuild(set())
    eventually(lambda: len(indexed(parts(parted))) == len(WORDS))
    pages = parted.search.folder / "pages"
    (pages / url("b").strip("/") / "index.html").unlink()
    site.post("a", "Post a", "2009-08-10", body="This post now mentions reykjavik.")
    parted.rebuild({"posts/a.md"})
    eventually(lambda: "reykjavik" in indexed(parts(parted)).get(url("a"), ""))
    assert b"reykjavik" in (pages / url("a").strip("/") / "index.html").read_bytes()
    assert not (pages / url("b").strip("/") / "index.html").exists()
    assert (pages / url("c").strip("/") / "index.html").read_bytes() == (
        site.out / url("c").strip("/") / "index.html").read_bytes()


def test_the_preview_index_finds_what_a_builds_index_finds(site: SiteDir, parted: Preview, tmp_path: Path) -> None:
    parted.rebuild(set())
    (site.root / "posts/c.md").unlink()
    site.post("g", "Post g", "2009-08-20", body="A new post about timbuktu too.")
    parted.rebuild({"posts/c.md", "posts/g.md"})
    eventually(lambda: url("g") in indexed(parts(parted)) and url("c") not in indexed(parts(parted)))
    built = SiteDir(tmp_path / "fresh")
    built.root.mkdir()
    for path in site.root.rglob("*.md"):
        built.write(str(path.relative_to(site.root)), path.read_text())
    built.write("site.yaml", (site.root / "site.yaml").read_text())
    built.build()
    folders = {"": built.out / "pagefind"} | {
        name: built.out / "pagefind" / name
        for name in json.loads((built.out / "pagefind" / search.SHARDS_FILE).read_text())}
    assert indexed(parts(parted)) == indexed(folders)


def test_each_part_of_the_preview_index_is_served_under_pagefind(site: SiteDir, parted: Preview) -> None:
    parted.rebuild(set())
    eventually(lambda: len(indexed(parts(parted))) == len(WORDS))
    server = open_server(site.out, "127.0.0.1", 0)
    server.search = parted.search
    start_in_background(server)
    try:
        names = json.loads(_get(server_url(server) + f"pagefind/{search.SHARDS_FILE}"))
        assert names and names == [name for name in parts(parted) if name]
        for name in names:
            entry = _get(server_url(server) + f"pagefind/{name}/pagefind-entry.json")
            assert entry == (parts(parted)[name] / "pagefind-entry.json").read_bytes()
    finally:
        server.shutdown()
        server.server_close()


def _get(address: str) -> bytes:
    with urllib.request.urlopen(address, timeout=5) as response:
        return response.read()


def test_a_part_made_by_a_run_that_a_newer_save_stopped_is_not_lost(
        site: SiteDir, parted: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    parted.rebuild(set())
    eventually(lambda: len(indexed(parts(parted))) == len(WORDS))
    made = serve.make_shard
    saved = []

    def then_a_newer_save(*args: object, **kwargs: object) -> bool:
        done = made(*args, **kwargs)
        if not saved:  # the run that indexes the first edit has made one part: the writer saves again
            saved.append(site.post("c", "Post c", "2009-08-12", body="This post now mentions lhasa."))
            parted.rebuild({"posts/c.md"})
        return done

    monkeypatch.setattr(serve, "make_shard", then_a_newer_save)
    site.post("a", "Post a", "2009-08-10", body="This post now mentions reykjavik.")
    site.post("b", "Post b", "2009-08-11", body="This post now mentions quito.")
    parted.rebuild({"posts/a.md", "posts/b.md"})
    eventually(lambda: "lhasa" in indexed(parts(parted)).get(url("c"), ""))
    found = indexed(parts(parted))
    assert "reykjavik" in found[url("a")] and "quito" in found[url("b")]
    eventually(lambda: set(parted.search.folder.glob("index-*")) == set(parts(parted).values()))  # old ones removed


def _children() -> list[str]:
    """The processes this one runs now, from /proc."""
    return [pid for task in Path("/proc/self/task").glob("*/children") for pid in task.read_text().split()]


def _state(pid: str) -> str:
    """A process's state letter (`T`: stopped), or "" once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


@pytest.mark.skipif(sys.platform != "linux", reason="reads the processes' states from /proc")
def test_the_preview_pauses_pagefind_while_it_rebuilds_and_lets_it_finish_after(site: SiteDir, tmp_path: Path) -> None:
    site.post("a", "Post a", "2009-08-10", body="This post mentions zanzibar.")
    site.build()
    background = search.Background(threading.Event(), threading.Event())
    background.hold.set()  # a rebuild runs
    made: list[bool] = []
    run = threading.Thread(target=lambda: made.append(search.run_pagefind(site.out, tmp_path / "index", background)))
    run.start()
    eventually(lambda: any(_state(pid) == "T" for pid in _children()))
    time.sleep(1.0)  # far longer than Pagefind takes for one page
    assert run.is_alive() and not made and not (tmp_path / "index" / "pagefind.js").exists()
    background.hold.clear()  # the rebuild is done
    run.join(timeout=60)
    assert made == [True] and (tmp_path / "index" / "pagefind.js").is_file()
