"""Reading the draft cache cheaply changes nothing it gives: every post taken from it is the draft
that parsing its file afresh makes, down to the type and time zone of every value, and a damaged
or planted line among good ones costs only its own post's entry, whose post is parsed again."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chanblog import build, cache
from chanblog.cache import CACHE_DIR, DraftCache, Digester
from chanblog.codec import Invalid, codec
from chanblog.config import load_config
from chanblog.content import Draft, parse_draft
from conftest import SiteDir
from test_incremental import clean_build
from test_safety_cache import COMMENTED, same

POSTS = 60


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once: the cache vouches for them by their stat."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


def varied(site: SiteDir) -> SiteDir:
    """Posts of many shapes: with and without author, tags, labels, series, an update, aliases,
    comments and front matter of their own; dated in the site's zone, at an offset, or on a day."""
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "search: false\ncards: false\n")
    site.write("posts/commented.md", COMMENTED)
    dates = ["2009-08-{day:02d} 09:30:00", "2009-08-{day:02d}T08:00:00+05:30", "2009-08-{day:02d}"]
    for number in range(POSTS):
        fields = {"tags": f"[t{number % 7}, t{number % 3}]"} if number % 4 else {}
        if number % 5 == 0:
            fields |= {"author": "jane", "labels": "[Sales]", "series": f"Run {number % 2}"}
        if number % 6 == 0:
            fields |= {"updated": "2009-09-01 10:00:00", "aliases": f"[/old/{number}.html]", "mood": "[calm, 7]"}
        site.post(f"p{number:02d}", f"Post {number}", dates[number % 3].format(day=number % 28 + 1),
                  body=f"Body of post {number}.\n\nMore of {number}.", **fields)
    return site


def test_every_post_taken_from_the_cache_is_the_draft_its_file_parses_to(site: SiteDir) -> None:
    varied(site).build()
    config = load_config(site.root)
    drafts = DraftCache(site.root / CACHE_DIR, Digester()(config))
    files = sorted((site.root / "posts").glob("*.md"))
    assert len(files) == POSTS + 1
    for path in files:
        shown = f"posts/{path.name}"
        cached = drafts.unchanged(shown, str(path))
        assert cached is not None, f"{shown} was not taken from the cache"
        afresh = parse_draft(shown, path.read_text(encoding="utf-8"), config).without_body()
        assert cached == afresh and same(cached, afresh), shown


def test_a_time_in_a_named_zone_keeps_its_zone_and_fold() -> None:
    """The second 01:30 of the night the clocks go back is a different moment from the first."""
    zone, time_codec = ZoneInfo("America/Los_Angeles"), codec(datetime)
    for fold in (0, 1):
        moment = datetime(2021, 11, 7, 1, 30, 15, 250, tzinfo=zone, fold=fold)
        again = time_codec.decode(json.loads(json.dumps(time_codec.encode(moment))))
        assert (again, again.fold, again.tzinfo, again.utcoffset()) == (moment, fold, zone, moment.utcoffset())
    assert time_codec.decode(["2021-11-07T01:30:00", "America/Los_Angeles", 1]).utcoffset().total_seconds() == -8 * 3600


@pytest.mark.parametrize("data", [["2021-11-07T01:30:00", "America/Los_Angeles", 2],
                                  ["2021-11-07T01:30:00", "America/Los_Angeles", True],
                                  ["2021-11-07T01:30:00-08:00", "America/Los_Angeles", 0],
                                  ["2021-11-07T01:30:00", "Nowhere/Atlantis", 0],
                                  ["2021-11-07T01:30:00", "America/Los_Angeles"]])
def test_a_time_in_a_zone_that_chanblog_did_not_write_is_refused(data: list[object]) -> None:
    with pytest.raises(Invalid):
        codec(datetime).decode(data)


def test_a_damaged_and_a_planted_line_among_good_ones_cost_only_their_own_posts(
        site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    varied(site).build()
    path = site.root / CACHE_DIR / "drafts.cache"
    format_line, header, *lines = path.read_bytes().split(b"\n")
    lines = [line for line in lines if line]
    records = [json.loads(line.split(b" ", 1)[1]) for line in lines]
    damaged = next(n for n, r in enumerate(records) if r[0] == "posts/p10.md")
    planted = next(n for n, r in enumerate(records) if r[0] == "posts/p11.md")
    lines[damaged] = lines[damaged].replace(b"Post 10", b"Post 1O")  # its SHA-256 no longer matches
    records[planted][4][0][3] = 11  # a title that is no text, under a right SHA-256
    text = json.dumps(records[planted], ensure_ascii=False, separators=(",", ":")).encode()
    lines[planted] = hashlib.sha256(text).hexdigest().encode() + b" " + text
    path.write_bytes(b"\n".join([format_line, header, *lines, b""]))

    parsed: list[str] = []
    real_parse = build.parse_draft

    def parse(source_path: str, *args: object) -> Draft:
        parsed.append(source_path)
        return real_parse(source_path, *args)
    monkeypatch.setattr(build, "parse_draft", parse)
    build.build(site.root, site.out)
    assert sorted(parsed) == ["posts/p10.md", "posts/p11.md"]
    assert site.files() == clean_build(site, tmp_path)
    parsed.clear()
    build.build(site.root, site.out)
    assert parsed == []  # both entries made again
