"""Reproducible and fresh: the same sources give the same bytes, the suite passes on any PyYAML 6,
a new site's requirements install, and the sdist carries what its tests need."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from chanblog.search_order import steady_filters
from conftest import SiteDir

LABELS = ["Sales", "Social Media", "Leadership", "Marketing", "Zen", "Ops", "Écoles"]
TAGS = ["viral", "ideas", "c", "python", "rust", "go", "x", "y", "naïve"]
AUTHORS = {"jane": "Jane Doe", "bo": "Bo Rhee", "cy": "Cy Park", "dee": "Dee Moss"}


def many_filters(site: SiteDir) -> SiteDir:
    """Posts spread over several labels, tags and authors: many values for every search filter."""
    site.write("site.yaml", "title: T\nurl: https://example.com\nauthors:\n"
               + "".join(f"  {key}: {{name: {name}}}\n" for key, name in AUTHORS.items()))
    for n in range(24):
        labels = ", ".join(LABELS[(n + k) % len(LABELS)] for k in range(2))
        tags = ", ".join(TAGS[(n * 2 + k) % len(TAGS)] for k in range(3))
        site.post(f"p{n}", f"Post {n}", f"2009-08-{n + 1:02d}", body=f"Essay {n} on {tags}.",
                  labels=f"[{labels}]", tags=f"[{tags}]", author=list(AUTHORS)[n % len(AUTHORS)])
    return site


def clean_build(site: SiteDir, folder: Path) -> dict[str, bytes]:
    """Every output file of a build of a copy of the site, with no cache and no earlier output."""
    copy = SiteDir(folder)
    shutil.copytree(site.root, copy.root)
    copy.build()
    return copy.files()


def test_two_clean_builds_are_byte_identical_search_index_included(site: SiteDir, tmp_path: Path) -> None:
    many_filters(site)
    one, other = (clean_build(site, tmp_path / name) for name in ("first", "second"))
    assert len([path for path in one if path.startswith("pagefind/filter/")]) == 3  # author, label, tag
    assert one.keys() == other.keys()
    assert [path for path in one if one[path] != other[path]] == []


def test_a_search_index_in_a_shape_not_known_is_left_as_pagefind_wrote_it(site: SiteDir) -> None:
    many_filters(site).build()
    bundle = site.out / "pagefind"
    [label_file] = [path for path in (bundle / "filter").iterdir() if b"label" in gzip.decompress(path.read_bytes())]
    label_file.write_bytes(gzip.compress(b"pagefind_dcd\xbf"))  # an indefinite-length map, which Pagefind never writes
    before = {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    steady_filters(bundle)
    assert {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()} == before


# Newer libyaml refuses about a thousand levels on one line on its own, in its own words, while
# reading ahead; the 33rd level is where chanblog's message points on every PyYAML 6.
NESTED = "".join(" [\n" for _ in range(10)) + " " + "[" * 2000 + "]" * 2010 + "\n"


def test_nesting_deeper_than_libyaml_allows_gets_chanblogs_message_at_its_line(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: Deep\ndate: 2009-01-01\nmeta:\n" + NESTED + "---\nText.\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("posts/x.md:15: YAML nested more than 32 levels deep "
                                             "(front matter needs a few levels at most: flatten it)")
    site.write("posts/x.md", "---\ntitle: Shallow\ndate: 2009-01-01\n---\nText.\n")
    site.write("site.yaml", "title: T\nurl: https://example.com\nextra:\n" + NESTED)
    result = site.run("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == ("site.yaml:14: YAML nested more than 32 levels deep "
                                             "(front matter needs a few levels at most: flatten it)")
