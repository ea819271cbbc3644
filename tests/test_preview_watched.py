"""The preview takes its watcher's word for which posts changed: a rebuild told what the
watcher reported looks at those posts, and takes every other post as the last rebuild found
it, without a stat. Whatever could change which files `posts/` holds lists it again; a post
reached through a link is always looked at; a build not told looks at every post. When the
preview is idle, a sweep finds what the watcher missed, and rebuilds it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chanblog import cache, serve
from chanblog.warm import Warm
from conftest import SiteDir
from preview import eventually
from test_incremental import clean_build
from test_preview_warm_state import preview_build, previewed_blog

ADDED = "\nA sentence added on a later save.\n"


@pytest.fixture
def watched(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> tuple[SiteDir, Warm]:
    """A blog the preview built once (a first build, told nothing, looks at every post)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files are settled: a stat tells a change (see `cache.DraftCache`)
    return site, previewed_blog(site)


def append(site: SiteDir, post: str) -> None:
    path = site.root / post
    path.write_text(path.read_text() + ADDED)


def shows_addition(site: SiteDir, day: int) -> bool:
    return "later save" in site.text(f"2009/03/post-{day}/index.html")


def rebuild_told(site: SiteDir, warm: Warm, *reported: str) -> None:
    warm.saw(set(reported))
    preview_build(site, warm)


def test_a_rebuild_looks_at_the_posts_the_watcher_reported_and_the_sweep_finds_the_rest(
        watched: tuple[SiteDir, Warm], tmp_path: Path) -> None:
    site, warm = watched
    append(site, "posts/p2.md")
    append(site, "posts/p3.md")  # saved, but the watcher missed it
    rebuild_told(site, warm, "posts/p2.md")
    assert shows_addition(site, 2)
    assert not shows_addition(site, 3)
    assert warm.missed() == {"posts/p3.md"}
    warm.saw(None)  # (as the preview does when its sweep finds what the watcher missed)
    preview_build(site, warm)
    assert shows_addition(site, 3)
    assert warm.missed() == set()
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_reported_added_removed_or_in_a_new_folder_lists_the_posts_again(
        watched: tuple[SiteDir, Warm], tmp_path: Path) -> None:
    site, warm = watched
    site.post("new", "A new post", "2009-03-09", tags="[common]", labels="[Sales]")
    rebuild_told(site, warm, "posts/new.md")
    assert (site.out / "2009/03/a-new-post/index.html").exists()
    (site.root / "posts/p5.md").unlink()
    rebuild_told(site, warm, "posts/p5.md")
    assert not (site.out / "2009/03/post-5").exists()
    site.write("posts/2009/deep/later.md", "---\ntitle: Deeper\ndate: 2009-03-10\n---\nIn a new folder.\n")
    rebuild_told(site, warm, "posts/2009")
    assert (site.out / "2009/03/deeper/index.html").exists()
    assert site.files() == clean_build(site, tmp_path)


def test_a_post_changed_in_a_reported_folder_is_looked_at(watched: tuple[SiteDir, Warm]) -> None:
    site, warm = watched
    site.write("posts/2009/deep.md", "---\ntitle: Deep\ndate: 2009-03-10\n---\nFirst words.\n")
    rebuild_told(site, warm, "posts/2009/deep.md")
    site.write("posts/2009/deep.md", "---\ntitle: Deep\ndate: 2009-03-10\n---\nSecond words.\n")
    rebuild_told(site, warm, "posts/2009")  # a folder moved back and forth: the watcher names the folder
    assert "Second words" in site.text("2009/03/deep/index.html")


def test_a_build_not_told_what_changed_looks_at_every_post(watched: tuple[SiteDir, Warm]) -> None:
    site, warm = watched
    rebuild_told(site, warm, "posts/p2.md")
    append(site, "posts/p3.md")
    preview_build(site, warm)  # (not told)
    assert shows_addition(site, 3)
    append(site, "posts/p4.md")
    warm.saw({"posts/p2.md"})
    warm.saw(None)  # the watcher may have missed something since
    warm.saw({"posts/p2.md"})
    preview_build(site, warm)
    assert shows_addition(site, 4)


def test_a_post_behind_a_link_is_looked_at_whatever_is_reported(watched: tuple[SiteDir, Warm]) -> None:
    site, warm = watched
    site.write("posts/_sources/linked.md", "---\ntitle: Linked\ndate: 2009-03-10\n---\nThe first text.\n")
    (site.root / "posts/linked.md").symlink_to("_sources/linked.md")
    rebuild_told(site, warm, "posts/linked.md")
    assert "The first text" in site.text("2009/03/linked/index.html")
    site.write("posts/_sources/linked.md", "---\ntitle: Linked\ndate: 2009-03-10\n---\nThe second text.\n")
    rebuild_told(site, warm, "posts/_sources/linked.md")  # the watcher names the file, not the link
    assert "The second text" in site.text("2009/03/linked/index.html")


def quiet_watcher(stop: threading.Event) -> Iterator[set[str]]:
    """A watcher that reports nothing: it missed every save."""
    while not stop.wait(0.05):
        yield set()


@contextmanager
def preview_missing_every_save(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A preview of the site running (built, and its watcher started) whose watcher misses every
    save; the lines it prints, until the block ends and it stops."""
    monkeypatch.setattr(serve, "watch_site", lambda root, stop: quiet_watcher(stop))
    preview = serve.Preview(site.root, site.out, drafts=False, future=False)
    preview.rebuild(set())
    server = serve.open_server(site.out, "127.0.0.1", 0)
    lines: list[str] = []
    stop = threading.Event()
    running = threading.Thread(target=preview.run, args=(server, lines.append), kwargs={"stop": stop})
    running.start()
    try:
        time.sleep(0.1)
        yield lines
    finally:
        stop.set()
        running.join(timeout=30)


def test_the_preview_rebuilds_a_save_its_watcher_missed_once_it_is_idle(
        watched: tuple[SiteDir, Warm], monkeypatch: pytest.MonkeyPatch) -> None:
    site, _warm = watched
    with preview_missing_every_save(site, monkeypatch) as lines:
        append(site, "posts/p3.md")
        eventually(lambda: shows_addition(site, 3), timeout=serve.SWEEP_SECONDS + 10)
    assert lines[0].startswith("posts/p3.md changed: ")
    assert not shows_addition(site, 2)


def test_posts_kept_as_jekyll_and_hugo_keep_them_are_rebuilt_from_what_is_reported(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\n")  # (the preview indexes apart)
    site.write("posts/_posts/2013-05-06-welcome.md",
               "---\nlayout: post\ntitle: Welcome\ncategories: news\n---\nThe first Jekyll words.\n")
    site.write("posts/launch/index.md", "---\ntitle: Launch\ndate: 2014-02-03\n---\nA Hugo bundle. ![cover](cover.png)\n")
    site.write("posts/launch/cover.png", b"png-bytes")
    warm = Warm()
    preview_build(site, warm)
    site.write("posts/_posts/2013-05-06-welcome.md",
               "---\nlayout: post\ntitle: Welcome\ncategories: news\n---\nThe second Jekyll words.\n")
    rebuild_told(site, warm, "posts/_posts/2013-05-06-welcome.md")
    site.write("posts/launch/index.md", "---\ntitle: Launch\ndate: 2014-02-03\n---\nThe bundle, edited. ![cover](cover.png)\n")
    rebuild_told(site, warm, "posts/launch/index.md")
    site.write("posts/launch/cover.png", b"other-png-bytes")
    rebuild_told(site, warm, "posts/launch/cover.png")
    pages = b"".join(data for path, data in site.files().items() if path.endswith(".html"))
    assert b"The second Jekyll words." in pages and b"The bundle, edited." in pages
    assert b"other-png-bytes" in site.files().values()
    assert site.files() == clean_build(site, tmp_path)


def test_a_sweep_that_finds_a_change_does_not_sweep_again_until_the_next_save(
        watched: tuple[SiteDir, Warm], monkeypatch: pytest.MonkeyPatch) -> None:
    site, _warm = watched
    monkeypatch.setattr(serve, "SWEEP_SECONDS", 0.3)
    with preview_missing_every_save(site, monkeypatch) as lines:
        append(site, "posts/p3.md")
        site.write("site.yaml", "title: [broken\n")  # every rebuild fails before it reads a post
        eventually(lambda: any("rebuild failed" in line for line in lines))
        time.sleep(10 * serve.SWEEP_SECONDS)
    assert [line for line in lines if "changed" in line] == ["posts/p3.md changed: rebuild failed; still serving "
                                                            "the last good build"]
