"""`.chanblog-cache/` is data: a cache from anywhere (a clone, a restored CI cache, a shared folder)
runs nothing, never hangs or eats memory, and what is not what chanblog wrote is made again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import resource
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chanblog import build, cache
from chanblog.cache import CACHE_DIR, DraftCache, code_fingerprint
from chanblog.config import load_config
from chanblog.content import Draft, parse_draft
from chanblog.markup import settings_fingerprint
from chanblog.model import Post
from chanblog.serve import Preview
from conftest import SiteDir
from test_incremental import clean_build

COMMENTED = """\
---
title: Selling with comments
date: 2009-08-14 09:30:00 -0700
updated: 2009-09-01
author: jane
tags: [sales, "C++"]
labels: [Leadership]
series: Run
aliases: [/old/selling.html, /2009/old-selling/]
comments:
  - {author: Ann, date: 2009-08-15, body: Nice., url: "https://ann.example.com"}
  - {author: Bo, date: "2009-08-16 10:00:00 +0200", body: Agreed., reply_to: 1}
released: 2009-08-14
stamp: 2009-08-14 09:30:00 -07:00
naive: 2009-08-14 09:30:00
utc: 2009-08-14T09:30:00Z
numbers: [1, -0.0, .inf, 1.5e300, 0x1F, 12345678901234567890]
nothing: null
nested: {a: {b: [1, {c: null}]}, 7: seven, 2009-01-01: new year, true: yes, null: nil, 1.5: half}
blob: !!binary aGVsbG8=
ordered: !!omap [a: 1, b: 2]
pairs: !!pairs [a: 1, a: 2]
empty: []
unicode: "caf\\u00e9 \\U0001F600"
---
First paragraph.

<!--more-->

The rest, with a [link](/2009/08/plain/).
"""


def blog(site: SiteDir) -> SiteDir:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\n")
    site.write("posts/commented.md", COMMENTED)
    site.post("plain", "Plain", "2009-08-20", body="A plain post.", series="Run", tags="[sales]")
    site.post("later", "Later", "2009-08-21T08:00:00+05:30", body="Another one.", labels="[Sales]")
    return site


def edit_a_body(site: SiteDir, words: str) -> None:
    path = site.root / "posts/plain.md"
    path.write_text(path.read_text() + f"\n{words}\n")


# Every front matter value YAML's safe loader makes comes back as it was, or is not cached.
YAML_VALUES = {
    "date": ("2009-08-14", True), "offset": ("2009-08-14 09:30:00 +05:30", True), "utc": ("2009-08-14T09:30:00Z", True),
    "naive": ("2009-08-14 09:30:00.25", True), "nan": (".nan", True), "infinity": ("-.inf", True),
    "minus zero": ("-0.0", True), "binary": ("!!binary aGVsbG8=", True), "set": ("!!set {x, y}", True),
    "omap": ("!!omap [a: 1, b: 2]", True), "pairs": ("!!pairs [a: 1, a: 2]", True),
    "keys": ("{1: a, 2009-01-01: b, null: c, true: d, 1.5: e, 2009-01-01 10:00:00: f}", True),
    "nested": ("[[[{a: [1, {b: null}]}]]]", True), "text": ('"tab\\tand \\u00e9"', True), "empty": ("{}", True),
    "big int": ("123456789012345678901234567890", True),
    "enormous int": ("0x" + "f" * 5000, False),  # 6,000 decimal digits: JSON cannot carry it
    "list holding itself": ("&a [1, *a]", False),
    "year one": ("0001-01-01 00:00:00", False),  # too close to the edge of what a date can be
}


@pytest.mark.parametrize("name", YAML_VALUES)
def test_every_yaml_value_comes_back_from_the_cache_as_it_was_or_is_not_cached(site: SiteDir, name: str) -> None:
    value, cached = YAML_VALUES[name]
    text = f"---\ntitle: Odd\ndate: 2009-08-14\nodd: {value}\n---\nBody.\n"
    original, again, parsed_again = through_the_cache(site, {"posts/odd.md": text})
    assert same(again, original)
    assert parsed_again == (not cached)


def same(a: object, b: object) -> bool:
    """Equal down to the type and time zone of every value: their reprs (NaN included) are equal,
    a set's members taken in sorted order, since a set's own order is not part of its value."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # the enormous int
    try:
        return spelled(a) == spelled(b)
    finally:
        sys.set_int_max_str_digits(limit)


def spelled(value: object, inside: frozenset[int] = frozenset()) -> str:
    """repr(value), with sets spelled in sorted order; a value inside itself is spelled `...`."""
    if id(value) in inside:
        return "..."
    inside = inside | {id(value)}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f"{f.name}={spelled(getattr(value, f.name), inside)}" for f in dataclasses.fields(value))
        return f"{name}(" + ", ".join(fields) + ")"
    if isinstance(value, (set, frozenset)):
        return f"{name}{{" + ", ".join(sorted(spelled(v, inside) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return f"{name}[" + ", ".join(spelled(v, inside) for v in value) + "]"
    if isinstance(value, dict):
        return f"{name}{{" + ", ".join(f"{spelled(k, inside)}: {spelled(v, inside)}" for k, v in value.items()) + "}"
    return f"{name}:{value!r}"


def test_a_post_with_a_field_name_that_is_not_text_is_parsed_each_time(site: SiteDir) -> None:
    original, again, parsed_again = through_the_cache(site, {"posts/odd.md": "---\ntitle: Odd\ndate: 2009-08-14\n"
                                                                             "1: one\n---\nBody.\n"})
    assert again == original and again[0].post.meta == {1: "one"}
    assert parsed_again


def test_posts_come_back_from_the_cache_equal_to_what_was_saved(site: SiteDir) -> None:
    blog(site)
    texts = {f"posts/{path.name}": path.read_text() for path in sorted((site.root / "posts").iterdir())}
    original, again, parsed_again = through_the_cache(site, texts)
    assert not parsed_again
    assert again == original and same(again, original)
    commented = again[0].post
    assert [c.date.utcoffset().total_seconds() for c in commented.comments] == [-25200, 7200]
    assert (commented.series.name, commented.aliases) == ("Run", ("/old/selling.html", "/2009/old-selling/"))
    assert commented.meta["blob"] == b"hello" and commented.meta["nested"][7] == "seven"


def through_the_cache(site: SiteDir, texts: dict[str, str]) -> tuple[list[Draft], list[Draft], bool]:
    """Parse the posts through a cache, save it, then read them back through a new one from disk:
    what was parsed, what came back, and whether any had to be parsed again."""
    config, folder = load_config(site.root), site.root / CACHE_DIR
    first = DraftCache(folder, "config")
    original = [first.parse(path, text, lambda p=path, t=text: parse_draft(p, t, config))
                for path, text in texts.items()]
    first.save()
    parsed_again = []
    second = DraftCache(folder, "config")
    again = [second.parse(path, text, lambda p=path, t=text: parsed_again.append(p) or parse_draft(p, t, config))
             for path, text in texts.items()]
    return original, again, bool(parsed_again)


# What an attacker would plant with the old format: pickle under a right header and a right SHA-256.
class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[[str], int], tuple[str]]:
        return os.system, (f"touch {shlex.quote(str(self.marker))}",)


def plant_pickles(site: SiteDir, marker: Path) -> None:
    """Put the payload in every cache file the last build wrote, under its own header, and in every
    file an earlier chanblog read, under the header it expected."""
    folder, payload = site.root / CACHE_DIR, pickle.dumps({"key": Payload(marker)})
    headers = {path: b"\n".join(path.read_bytes().split(b"\n", 2)[:2]) + b"\n" for path in folder.iterdir()}
    settings, code = settings_fingerprint(), code_fingerprint()
    output = hashlib.sha256(str(site.out).encode()).hexdigest()[:16]
    earlier = {f"bodies-{shard}.pickle": f"bodies {code} {settings}" for shard in "0123456789abcdef"}
    earlier |= {"drafts.pickle": f"drafts {code}", f"pages-{output}.pickle": f"pages {code} {settings}"}
    headers |= {folder / name: b"chanblog-cache-1\n" + header.encode() + b"\n" for name, header in earlier.items()}
    for path, header in headers.items():
        path.write_bytes(header + hashlib.sha256(payload).digest() + payload)


def test_a_planted_pickle_runs_nothing_in_check_build_or_serve(site: SiteDir, tmp_path: Path) -> None:
    blog(site).build()
    marker = tmp_path / "MARKER"
    assert pickle.loads(pickle.dumps(Payload(marker))) == 0 and marker.exists()  # the payload does run
    marker.unlink()

    def serve_rebuild() -> list[str]:
        return Preview(site.root, site.out, drafts=False, future=False).rebuild({"posts/plain.md"})

    for words, run in [("For check.", lambda: site.run("check").output), ("For build.", lambda: site.build().output),
                       ("For serve.", lambda: "\n".join(serve_rebuild()))]:
        plant_pickles(site, marker)
        edit_a_body(site, words)  # so that every cache file is read, the rendered bodies too
        output = run()
        assert not marker.exists(), f"a planted cache ran a command: {output}"
        assert "Traceback" not in output and "failed" not in output, output
    assert site.files() == clean_build(site, tmp_path)


HUGE = 2 * 1024 ** 3


def huge_file(path: Path) -> None:
    with path.open("wb") as file:
        file.truncate(HUGE)  # sparse: it takes no room on the disk


NOT_PLAIN: dict[str, Callable[[Path], None]] = {
    "link to /dev/zero": lambda path: path.symlink_to("/dev/zero"),
    "named pipe": os.mkfifo,  # opened for reading, it waits for a writer that never comes
    "2 GiB file": huge_file,
}


@pytest.mark.parametrize("kind", NOT_PLAIN)
def test_cache_files_that_are_devices_pipes_or_huge_are_ignored(site: SiteDir, tmp_path: Path, kind: str) -> None:
    """Reading one must not wait forever or fill the memory: the build runs in a process limited to
    1 GiB, with a timeout far beyond what it needs."""
    blog(site).build()
    for path in (site.root / CACHE_DIR).iterdir():
        path.unlink()
        NOT_PLAIN[kind](path)
    edit_a_body(site, "Read every cache file.")
    limit = 1024 ** 3
    result = subprocess.run([sys.executable, "-m", "chanblog", "--site", str(site.root), "build"],
                            capture_output=True, text=True, timeout=60,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert result.returncode == 0, result.stderr
    assert site.files() == clean_build(site, tmp_path)
    assert HUGE > cache.MAX_BYTES


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(site: SiteDir, tmp_path: Path) -> None:
    blog(site).build()
    elsewhere = tmp_path / "elsewhere"
    (site.root / CACHE_DIR).rename(elsewhere)
    (elsewhere / "notes.txt").write_text("precious")
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    (site.root / CACHE_DIR).symlink_to(elsewhere)
    edit_a_body(site, "A change.")
    site.build()
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before
    assert site.files() == clean_build(site, tmp_path)


def rewrite(path: Path, change: Callable[[bytes], bytes]) -> None:
    """Change a cache file's payload as someone who knows the format would: header and SHA-256 right."""
    data = path.read_bytes()
    format_line, header, rest = data.split(b"\n", 2)
    payload = change(rest[32:])
    path.write_bytes(format_line + b"\n" + header + b"\n" + hashlib.sha256(payload).digest() + payload)


FIELD = {field.name: index for index, field in enumerate(dataclasses.fields(Post))}
DAMAGE: list[Callable[[list], None]] = [  # each to a cached post's row, as JSON data
    lambda post: post.__setitem__(FIELD["title"], 42),
    lambda post: post.__setitem__(FIELD["date"], "yesterday"),
    lambda post: post.__setitem__(FIELD["meta"], {"x": {"__reduce__": ["os.system", "touch x"]}}),  # no such tag
    lambda post: post.__setitem__(FIELD["tags"], [["sales", 7, "sales"]]),
    lambda post: post.__setitem__(FIELD["author"], {"key": "jane"}),
    lambda post: post.pop(),
]


def rewrite_drafts(path: Path, change: Callable[[int, list], None]) -> None:
    """Change each entry of the draft cache (`change(number, entry)`, in place) as someone who knows
    the format would: each line's SHA-256 right."""
    format_line, header, *lines = path.read_bytes().split(b"\n")
    changed = []
    for number, line in enumerate(line for line in lines if line):
        entry = json.loads(line.split(b" ", 1)[1])
        change(number, entry)
        text = json.dumps(entry).encode()
        changed.append(hashlib.sha256(text).hexdigest().encode() + b" " + text)
    path.write_bytes(b"\n".join([format_line, header, *changed, b""]))


def damage(number: int, entry: list) -> None:
    """Each cached post damaged in its own way; its source path, stat and keys kept."""
    DAMAGE[number % len(DAMAGE)](entry[4][0])  # the post of the draft


def test_cache_entries_of_the_wrong_shape_are_made_again(site: SiteDir, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    blog(site)
    for number in range(len(DAMAGE)):
        site.post(f"more-{number}", f"More {number}", f"2009-07-0{number + 1}", body=f"Body {number}.",
                  tags="[sales]", author="jane")
    site.build()
    folder = site.root / CACHE_DIR
    rewrite_drafts(folder / "drafts.cache", damage)
    for shard in folder.glob("bodies-*"):
        rewrite(shard, lambda p: p.replace(b'",', b'",-', 1))  # a negative length in the index
    for manifest in folder.glob("pages-*"):  # a path outside the output, among those a build no longer wrote
        rewrite_drafts(manifest, lambda number, entry: entry[-1].append("../../outside/index.html"))
    check = site.run("check")
    assert check.exit_code == 0 and "no problems" in check.output, check.output
    site.build()
    assert site.files() == clean_build(site, tmp_path)

    def parse_again(*args: object) -> Draft:
        raise AssertionError("a post was parsed again: its cache entry was not made again")
    monkeypatch.setattr(build, "parse_draft", parse_again)
    build.build(site.root, site.out)


def test_the_preview_search_never_writes_through_a_planted_link(site: SiteDir, tmp_path: Path) -> None:
    """The preview makes its search index in a folder it creates itself, never at a fixed path in
    the cache that a clone could have made a link to someone's files."""
    victim = tmp_path / "victim"
    for name in ("snapshot-1", "index-1"):
        (victim / name).mkdir(parents=True)
        (victim / name / "keep.txt").write_text("mine")
    blog(site)
    (site.root / CACHE_DIR).mkdir(exist_ok=True)
    (site.root / CACHE_DIR / "preview-search").symlink_to(victim)
    preview = Preview(site.root, site.out, drafts=False, future=False)
    assert "Built the site" in preview.rebuild(set())[0]
    folder = preview.search.folder
    preview.search.close()
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*")) == [
        "index-1", "index-1/keep.txt", "snapshot-1", "snapshot-1/keep.txt"]
    assert not folder.exists(), "the preview leaves its search folder behind"
