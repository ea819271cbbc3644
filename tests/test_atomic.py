"""Atomic publishing: a build that fails or is killed at any moment leaves the published site
byte for byte as it was; nothing is written outside the output folder; sources are only read."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from chanblog.build import build
from chanblog.output_folder import MARKER, MARKER_TEXT
from conftest import SiteDir

# A post template that spends a while on every page, so that a build is still writing when it is killed.
SLOW_POST = ("{% extends 'theme/post.html' %}{% block head %}{{ super() }}"
             "{% for i in range(400000) %}{% endfor %}{% endblock %}")


def big_site(site: SiteDir, posts: int = 220) -> None:
    """Enough pages that the build writes them in forked worker processes."""
    for n in range(posts):
        site.post(f"p{n:03d}", f"Post number {n}", f"2009-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                  body=f"Paragraph {n}.\n\nAnother paragraph of post {n}.", tags=f"[t{n % 7}, common]")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: SiteDir) -> list[str]:
    return sorted(p.name for p in site.root.iterdir() if p.name.startswith(("._site.new-", "._site.old-")))


def test_sigkill_while_writing_leaves_the_previous_site_byte_identical(site: SiteDir) -> None:
    big_site(site)
    site.build()
    before = site.files()
    site.write("templates/post.html", SLOW_POST)  # every post page is made again, slowly
    command = [sys.executable, "-m", "chanblog", "--site", str(site.root), "build"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        staged = 0
        while process.poll() is None and staged < 20:  # kill once the build has written some pages
            staging = [p for p in site.root.glob("._site.new-*") if p.is_dir()]
            staged = sum(1 for s in staging for p in s.rglob("index.html") if "2009" in p.parts)
            time.sleep(0.005)
        assert process.poll() is None, "the build finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)  # the build and its worker processes, all at once
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert leftovers(site), "the killed build was writing into a staging folder"
    assert site.files() == before
    (site.root / "templates/post.html").unlink()
    site.build()
    assert site.files() == before
    assert leftovers(site) == [], "the next build removes what the killed one left"


def test_stale_staging_folder_of_a_live_build_is_left_alone(site: SiteDir) -> None:
    site.post("a", "A", "2009-08-14")
    live = site.root / f"._site.new-{os.getpid()}-abc"  # this test's own process: alive
    dead = site.root / "._site.new-999999999-abc"  # no such process
    for folder in (live, dead):
        (folder / "x").mkdir(parents=True)
        (folder / MARKER).write_bytes(MARKER_TEXT)  # chanblog's own staging folders
    site.build()
    assert live.is_dir() and not dead.exists()


def test_site_moved_aside_by_a_killed_swap_is_put_back(site: SiteDir) -> None:
    """Where the swap takes two renames, a build killed between them has moved the site aside."""
    site.post("a", "A", "2009-08-14")
    site.build()
    before = site.files()
    aside = site.root / "._site.old-999999999-abc"
    aside.mkdir()
    os.replace(site.out, aside / "site")
    site.write("posts/a.md", "---\ntitle: A\ndate: broken\n---\n")
    assert site.run("build").exit_code == 1  # even a build that fails puts the site back first
    assert site.files() == before and not aside.exists()


def test_failed_render_leaves_previous_site_and_no_staging(site: SiteDir) -> None:
    big_site(site, 30)
    site.build()
    before = site.files()
    site.write("templates/post.html", "{% extends 'theme/post.html' %}{% block title %}{{ post.nope }}{% endblock %}")
    result = site.run("build")
    assert result.exit_code == 1 and "nope" in result.output
    assert site.files() == before and leftovers(site) == []


def test_sources_are_only_read(site: SiteDir) -> None:
    big_site(site, 10)
    site.write("static/img/a.png", b"png")
    site.write("templates/post.html", "{% extends 'theme/post.html' %}")
    sources = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.root.rglob("*") if p.is_file()}
    site.build()
    site.build("--drafts")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sources} == sources


def test_a_link_in_the_old_output_is_never_written_through(site: SiteDir, tmp_path: Path) -> None:
    """A link put into the output by hand, where a build needs a folder, is replaced, not followed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    site.post("a", "A", "2009-08-14")
    site.build()
    site.post("b", "B", "2009-08-15")
    site.build()  # the first build's output is now the spare the next build starts from
    spare = site.root / "._site.spare"
    assert spare.is_dir()
    for folder in (site.out, spare):
        os.rename(folder / "2009", folder / "2009-moved")
        os.symlink(outside, folder / "2009")
    site.write("posts/a.md", "---\ntitle: A\ndate: 2009-08-14\n---\nChanged.\n")
    build(site.root, site.out)
    assert list(outside.iterdir()) == []
    assert (site.out / "2009/08/a/index.html").is_file() and not (site.out / "2009").is_symlink()
