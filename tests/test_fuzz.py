"""Fuzzing: whatever a post or site.yaml holds, chanblog either builds the site or fails with a
ChanblogError (or BuildFailed, a list of them) and leaves the published site as it was.
Never an uncaught exception, never a half-written site."""

from __future__ import annotations

import shutil
import string
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from chanblog.build import build
from chanblog.config import parse_config
from chanblog.content import KNOWN_FIELDS, parse_draft
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.frontmatter import split_front_matter
from chanblog.markup import render_checked
from conftest import SITE_YAML, SiteDir, post_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40),
    st.text(alphabet=string.printable, max_size=10_000),  # long strings
    st.just(""), st.just("x" * 200_000),  # empty and huge
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(timezone.utc)),
    st.sampled_from(["2009-08-14", "2009-08-14 09:00:00 -0700", "yesterday", "../../etc", "/old/", "true",
                     "[a, b]", "a, b", "jane", "Leadership", "0001-01-01", "9999-12-31 23:59:59 -1200"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8), inner, max_size=4), max_leaves=12)
small_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.sampled_from(
    ["https://example.com", "en", "UTC", "/{year}/{slug}/", "/../{slug}/", "Europe/Paris"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
fields = st.dictionaries(st.sampled_from(sorted(KNOWN_FIELDS)) | st.text(max_size=10), values, max_size=8)
names = st.text(min_size=1, max_size=15)
plausible = st.fixed_dictionaries({}, optional={  # fields of the right shapes, with random contents
    "tags": st.lists(names, max_size=4), "labels": st.lists(st.sampled_from(["Leadership", "sales"]), max_size=2),
    "summary": names, "series": names, "draft": st.booleans(), "author": st.just("jane"),
    "slug": st.from_regex(r"[a-z0-9][a-z0-9._~-]{0,20}", fullmatch=True),
    "updated": st.dates(min_value=date(2009, 8, 14), max_value=date(2030, 1, 1)),
    "aliases": st.lists(st.from_regex(r"/[a-z0-9][a-z0-9/._-]{0,20}", fullmatch=True), max_size=2),
    "comments": st.lists(st.fixed_dictionaries({"author": names, "date": st.dates(), "body": names}), max_size=2),
    "image": st.sampled_from(["/img/a.png", "https://example.org/x.png", ""]), "mood": values})
TOKENS = list("#*_-`[]()<>!&\n >|:~=+.\\\t'\"{}%") + ["<!--more-->", "\n\n", "```", "- ", "> ", "    ", "[x](/y/)",
                                                        "![i](img.png)", "[^1]", "[^1]: n", "é", "\u202e", "word "]
markdown = st.lists(st.sampled_from(TOKENS), max_size=200).map("".join) | st.text(max_size=200)


@st.composite
def posts(draw: st.DrawFn) -> str:
    """The text of a post file: usually valid-looking front matter with random fields, random Markdown."""
    front: dict[Any, Any] = {}
    if draw(st.integers(0, 4)):
        front.update(title=draw(st.text(min_size=1, max_size=30)), date="2009-08-14")
    front.update(draw(plausible | fields))
    block = yaml.safe_dump(front, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))
    return f"---\n{block}---\n{draw(markdown)}"


raw_texts = st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> SiteDir:
    site = SiteDir(tmp_path_factory.mktemp("fuzz") / "site")
    site.write("site.yaml", SITE_YAML + "labels: [Leadership, Sales]\n")
    site.write("posts/good.md", post_text("A good post", "2009-08-10", body="Stays."))
    site.build()
    return site


def build_or_fail_cleanly(site: SiteDir) -> None:
    before = site.files()
    try:
        build(site.root, site.out, workers=1, now=datetime(2020, 1, 1, tzinfo=timezone.utc))
    except (ChanblogError, BuildFailed):
        event("refused")  # --hypothesis-show-statistics shows how many examples built and how many did not
        assert site.files() == before, "a failed build changed the published site"
        assert not [p for p in site.root.iterdir() if p.name.startswith("._site.new-")]
    else:
        event("built")


@FUZZ
@given(text=posts())
def test_any_post_builds_or_fails_cleanly(published: SiteDir, text: str) -> None:
    published.write("posts/fuzz.md", text)
    build_or_fail_cleanly(published)


@FUZZ
@given(text=raw_texts | posts().map(lambda t: t.replace("\n", "\r\n")) | posts().map(lambda t: "\ufeff" + t[:50]))
def test_any_file_builds_or_fails_cleanly(published: SiteDir, text: str) -> None:
    published.write("posts/fuzz.md", text)
    build_or_fail_cleanly(published)


@settings(max_examples=150, deadline=None)
@given(text=posts() | raw_texts)
def test_parsing_and_rendering_raise_only_chanblog_errors(text: str) -> None:
    config = parse_config(SITE_YAML, Path("."))
    try:
        draft = parse_draft("posts/fuzz.md", text, config)
    except (ChanblogError, BuildFailed):
        return
    rendered = render_checked(draft.body, draft.summary)
    assert isinstance(rendered, ChanblogError) or rendered.html is not None


@settings(max_examples=100, deadline=None)
@given(data=st.dictionaries(st.sampled_from(["title", "url", "language", "timezone", "per_page", "permalink",
                                             "feed_limit", "labels", "authors", "author", "params", "git"])
                            | st.text(max_size=8), small_values, max_size=8))
def test_any_site_yaml_loads_or_fails_with_chanblog_errors(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        parse_config(text, Path("."))
    except (ChanblogError, BuildFailed):
        pass


@settings(max_examples=150, deadline=None)
@given(text=raw_texts)
def test_any_yaml_text_splits_or_fails_with_a_chanblog_error(text: str) -> None:
    try:
        split_front_matter("---\n" + text + "\n---\n", "posts/x.md")
    except ChanblogError:
        pass


def test_the_fuzzed_site_still_builds(published: SiteDir) -> None:
    """After all that, the fixture site is intact: a plain post publishes as ever."""
    shutil.rmtree(published.root / "posts")
    published.write("posts/good.md", post_text("A good post", "2009-08-10", body="Stays."))
    published.build()
    assert published.html("2009/08/a-good-post/index.html").xpath("//div[@class='body']/p/text()") == ["Stays."]
