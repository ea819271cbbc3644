"""The output folder: chanblog publishes only into a folder that does not exist, is empty, or that
it made itself (its marker says so); every other folder is refused before anything moves, and a
folder it cannot write ends in one line, exit 1, with the published site as it was."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SiteDir

MARKER = ".chanblog-output"  # what chanblog leaves in a folder it made
FOREIGN_HINT = "(choose an empty output folder, or move what is in it elsewhere first)"


def snapshot(folder: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry below `folder` (and the folder itself) with its mode, and its bytes or link target."""
    entries = {".": (os.lstat(folder).st_mode, b"")}
    for path in sorted(folder.rglob("*")):
        mode = os.lstat(path).st_mode
        content = os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else b""
        entries[path.relative_to(folder).as_posix()] = (mode, content)
    return entries


def refused(site: SiteDir, *args: str, command: str = "build") -> str:
    """Run, expect exit 1 with one line and no traceback; return that line."""
    result = site.run(command, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def edit_post(site: SiteDir) -> None:
    site.post("a", "A", "2009-08-14", body="Edited: every page that shows it changes.")


@pytest.fixture
def decoy(tmp_path: Path) -> Path:
    """A folder of the user's own, beside the site."""
    folder = tmp_path / "decoy"
    (folder / "docs").mkdir(parents=True)
    (folder / "thesis.txt").write_text("precious\n")
    (folder / "docs/taxes.pdf").write_bytes(b"tax")
    return folder


@pytest.mark.parametrize("kind", ["plain", "symlink", "private"])
def test_a_folder_of_the_users_survives_two_builds(site: SiteDir, decoy: Path, tmp_path: Path, kind: str) -> None:
    site.post("a", "A", "2009-08-14")
    given = decoy
    if kind == "symlink":
        given = tmp_path / "link"
        given.symlink_to(decoy, target_is_directory=True)
    if kind == "private":
        decoy.chmod(0o700)
    before, beside = snapshot(decoy), sorted(os.listdir(tmp_path))
    expected = (f"{given}: is a symbolic link to {decoy} (give that folder itself: -o {decoy})" if kind == "symlink"
                else f"{decoy}: holds files chanblog did not write: docs/…, thesis.txt {FOREIGN_HINT}")
    assert refused(site, "-o", str(given)) == expected
    edit_post(site)
    assert refused(site, "-o", str(given)) == expected
    assert snapshot(decoy) == before
    assert sorted(os.listdir(tmp_path)) == beside, "nothing was made beside it"


def test_many_foreign_files_are_named_a_few_at_a_time(site: SiteDir, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    for n in range(12):
        (folder / f"img{n:02d}.jpg").write_bytes(b"jpeg")
    assert refused(site, "-o", str(folder)) == (f"{folder}: holds files chanblog did not write: img00.jpg, img01.jpg, "
                                                f"img02.jpg and 9 more {FOREIGN_HINT}")


def test_a_file_is_not_an_output_folder(site: SiteDir) -> None:
    site.write("_site", "mine")
    assert refused(site) == f"{site.out}: is a file, not a folder (choose a folder to publish into, such as _site)"
    assert site.out.read_text() == "mine"


def test_serve_refuses_a_folder_of_the_users_before_serving_it(site: SiteDir, decoy: Path) -> None:
    site.post("a", "A", "2009-08-14")
    before = snapshot(decoy)
    command = [sys.executable, "-m", "chanblog", "--site", str(site.root), "serve", "--port", "0", "-o", str(decoy)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("serve published into the folder and served it")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{decoy}: holds files chanblog did not write: docs/…, thesis.txt {FOREIGN_HINT}"
    assert snapshot(decoy) == before


def test_an_empty_private_folder_is_published_into_and_stays_private(site: SiteDir, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    out.chmod(0o700)
    site.post("a", "A", "2009-08-14")
    site.build("-o", str(out))
    assert (out / "2009/08/a/index.html").is_file()
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    edit_post(site)
    site.build("-o", str(out))
    assert "Edited" in (out / "2009/08/a/index.html").read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_a_published_folder_keeps_the_mode_its_owner_gave_it(site: SiteDir) -> None:
    site.post("a", "A", "2009-08-14")
    site.build()
    site.out.chmod(0o750)
    edit_post(site)
    site.build()
    assert stat.S_IMODE(site.out.stat().st_mode) == 0o750


def test_what_chanblog_made_it_rebuilds_and_leaves_byte_identical(site: SiteDir, tmp_path: Path) -> None:
    """Its own folder carries its marker; two clean builds of one site are the same bytes."""
    site.post("a", "A", "2009-08-14")
    site.build("-o", str(tmp_path / "one"))
    site.build("-o", str(tmp_path / "one"))  # a second build finds its marker there
    edit_post(site)
    site.build("-o", str(tmp_path / "one"))
    shutil.rmtree(site.root / ".chanblog-cache")
    site.build("-o", str(tmp_path / "two"))
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_the_root_folder_is_refused(site: SiteDir) -> None:
    assert refused(site, "-o", "/") == "/: is the root folder (choose an output folder of its own, such as _site)"


def test_the_home_folder_is_refused_even_when_empty(site: SiteDir, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    site.post("a", "A", "2009-08-14")
    assert refused(site, "-o", str(home)) == (f"{home}: is your home folder "
                                              "(choose an output folder of its own, such as _site)")
    assert list(home.iterdir()) == [] and not (tmp_path / ".home.spare").exists()


@pytest.mark.parametrize("where", [".", "..", "posts"])
def test_the_site_and_the_folders_above_it_are_refused(site: SiteDir, where: str) -> None:
    site.post("a", "A", "2009-08-14")
    folder = (site.root / where).resolve()
    assert refused(site, "-o", str(site.root / where)) == (
        f"{folder}: holds the site's sources (choose an output folder of its own, such as _site)")
    assert (site.root / "posts/a.md").is_file() and not (folder.parent / f".{folder.name}.spare").exists()


def test_a_folder_inside_git_is_refused(site: SiteDir) -> None:
    site.post("a", "A", "2009-08-14")
    (site.root / ".git").mkdir()
    line = refused(site, "-o", str(site.root / ".git/x"))
    assert line == (f"{site.root / '.git/x'}: is inside a .git folder "
                    "(choose an output folder of its own, such as _site)")
    assert list((site.root / ".git").iterdir()) == []


@pytest.mark.parametrize("name", [".out.spare", ".out.new-999999999-abc", ".out.old-999999999-abc/site"])
def test_a_spare_or_staging_folder_chanblog_did_not_make_is_left_alone(site: SiteDir, tmp_path: Path,
                                                                      name: str) -> None:
    """A folder named like chanblog's own, beside the output, is used or removed only with its marker."""
    theirs = tmp_path / name
    (theirs / "docs").mkdir(parents=True)
    (theirs / "thesis.txt").write_text("precious\n")
    (theirs / "docs/taxes.pdf").write_bytes(b"tax")
    before = snapshot(theirs)
    site.post("a", "A", "2009-08-14")
    site.build("-o", str(tmp_path / "out"))
    edit_post(site)
    site.build("-o", str(tmp_path / "out"))
    site.build("-o", str(tmp_path / "out"))
    assert snapshot(theirs) == before
    assert not (tmp_path / "out/thesis.txt").exists()


def test_an_output_from_before_the_marker_is_adopted(site: SiteDir) -> None:
    """chanblog wrote no marker before: a folder whose site feed chanblog made is taken as its own."""
    site.post("a", "A", "2009-08-14")
    site.build()
    edit_post(site)
    site.build()  # the first output is now the spare
    for folder in (site.out, site.root / "._site.spare"):
        (folder / MARKER).unlink()
    site.post("a", "A", "2009-08-14", body="Edited again.")
    site.build()
    assert "Edited again" in site.text("2009/08/a/index.html") and (site.out / MARKER).is_file()
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith("._site")) == ["._site.spare"]


def test_a_feed_chanblog_did_not_make_is_no_claim(site: SiteDir, decoy: Path) -> None:
    (decoy / "feed.xml").write_text("<feed><generator>Hugo</generator></feed>")
    line = refused(site, "-o", str(decoy))
    assert line.startswith(f"{decoy}: holds files chanblog did not write: docs/…, feed.xml")


# A folder chanblog cannot write: one line naming it, exit 1, the published site as it was. Tests run
# as root in CI, where permission bits stop nothing: they use real read-only mounts and a full disk,
# made in a mount namespace of their own so that nothing outlives the test, and the immutable flag.

CHANBLOG = '"$PY" -m chanblog --site "$SITE"'


@pytest.fixture
def namespace(tmp_path: Path) -> list[str]:
    """The command prefix that gives a command mounts of its own, gone when it ends (skip where not allowed)."""
    prefix = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        prefix[1:1] = ["--user", "--map-root-user"]
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a file system for the test")
    (tmp_path / "probe").mkdir()
    probe = subprocess.run([*prefix, "mount", "-t", "tmpfs", "tmpfs", str(tmp_path / "probe")],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"this system does not let a test mount a file system: {probe.stderr.strip()}")
    return prefix


def run_mounted(namespace: list[str], site: SiteDir, script: str, **paths: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script with mounts of its own; $PY, $SITE and each of `paths` are set for it."""
    env = {**os.environ, "PY": sys.executable, "SITE": str(site.root), **{k: str(v) for k, v in paths.items()}}
    return subprocess.run([*namespace, "sh", "-c", script], capture_output=True, text=True, env=env, timeout=300)


def failed_with(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def published(site: SiteDir) -> SiteDir:
    """A built site with an edit waiting: the next build has pages to write."""
    site.post("a", "A", "2009-08-14")
    site.post("b", "B", "2009-08-15")
    site.build()
    edit_post(site)
    return site


def test_a_read_only_output_folder(published: SiteDir, namespace: list[str]) -> None:
    before = snapshot(published.out)
    script = f'mount --bind "$OUT" "$OUT" && mount -o remount,bind,ro "$OUT" || exit 90; {CHANBLOG} build'
    line = failed_with(run_mounted(namespace, published, script, OUT=published.out))
    assert line == (f"{published.out}: is on a read-only file system "
                    "(choose an output folder on a disk chanblog can write, with -o)")
    assert snapshot(published.out) == before


def test_a_read_only_site_folder(published: SiteDir, namespace: list[str], tmp_path: Path) -> None:
    """The default output is in the site folder; an output elsewhere is built, the cache unsaved."""
    before = snapshot(published.out)
    mount = 'mount --bind "$SITE" "$SITE" && mount -o remount,bind,ro "$SITE" || exit 90'
    line = failed_with(run_mounted(namespace, published, f"{mount}; {CHANBLOG} build"))
    assert line == (f"{published.out}: is on a read-only file system "
                    "(choose an output folder on a disk chanblog can write, with -o)")
    assert snapshot(published.out) == before
    elsewhere = run_mounted(namespace, published, f'{mount}; {CHANBLOG} build -o "$ELSEWHERE"',
                            ELSEWHERE=tmp_path / "elsewhere")
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert "Edited" in (tmp_path / "elsewhere/2009/08/a/index.html").read_text()


def test_a_full_disk(site: SiteDir, namespace: list[str], tmp_path: Path) -> None:
    """The output on a small disk: published, then the disk fills up, then a post changes."""
    site.post("a", "A", "2009-08-14")
    site.post("b", "B", "2009-08-15")
    disk, before, after = tmp_path / "disk", tmp_path / "before", tmp_path / "after"
    disk.mkdir()
    script = f"""
        mount -t tmpfs -o size=1m tmpfs "$DISK" || exit 90
        {CHANBLOG} build -o "$DISK/out" >/dev/null || exit 91
        cp -a "$DISK/out" "$BEFORE" && cat "$SITE/posts/b.md" >> "$SITE/posts/a.md" || exit 92
        cat /dev/zero > "$DISK/filler" 2>/dev/null
        {CHANBLOG} build -o "$DISK/out"; status=$?
        cp -a "$DISK/out" "$AFTER" && rm "$DISK/filler" && ls -A "$DISK" >&2 || exit 93
        exit $status"""
    result = run_mounted(namespace, site, script, DISK=disk, BEFORE=before, AFTER=after)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0] == (f"{disk / 'out'}: could not publish: No space left on device "
                        "(free space on its disk, or choose an output folder on another disk, with -o)")
    assert snapshot(after) == snapshot(before)
    assert lines[1:] in (["out"], [".out.spare", "out"]), "no half-made folder is left beside it"


@pytest.fixture
def immutable(published: SiteDir) -> Iterator[Path]:
    """The published folder with the immutable flag (which stops root too), taken off afterwards."""
    flagged = subprocess.run(["chattr", "+i", str(published.out)], capture_output=True, text=True)
    if flagged.returncode != 0:
        pytest.skip(f"cannot set the immutable flag here: {flagged.stderr.strip()}")
    try:
        yield published.out
    finally:
        subprocess.run(["chattr", "-i", str(published.out)], check=True)


def test_an_immutable_output_folder(published: SiteDir, immutable: Path) -> None:
    before = snapshot(immutable)
    assert refused(published) == (f"{immutable}: is immutable (take the flag off with chattr -i, "
                                  "or choose another output folder with -o)")
    assert snapshot(immutable) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permission bits: the read-only mounts above "
                                                "cover root")
def test_an_output_folder_its_owner_made_read_only(published: SiteDir) -> None:
    published.out.chmod(0o555)
    try:
        before = snapshot(published.out)
        assert refused(published) == (f"{published.out}: is not writable for you "
                                      "(make it writable (chmod u+w), or choose another output folder with -o)")
        assert snapshot(published.out) == before
    finally:
        published.out.chmod(0o755)
