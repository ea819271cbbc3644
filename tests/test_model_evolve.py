"""`model.evolve`, the cheap `dataclasses.replace` the pipeline uses for every post: the same
copy, and the same refusal of a field the class does not have."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from chanblog.config import parse_config
from chanblog.content import parse_draft
from chanblog.model import Ref, evolve

CONFIG = "title: T\nurl: https://example.com\n"
POST = "---\ntitle: One\ndate: 2009-08-14\ntags: [a, b]\n---\nBody.\n"


def test_evolve_makes_the_copy_replace_makes() -> None:
    post = parse_draft("posts/one.md", POST, parse_config(CONFIG, Path("/site"))).post
    changes = {"next": Ref("Two", "/2009/08/two/"), "series_part": 3, "scheduled": True}
    evolved, replaced = evolve(post, **changes), dataclasses.replace(post, **changes)
    assert evolved == replaced and type(evolved) is type(replaced)
    assert post.next is None and post.series_part == 0  # the original is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        evolved.title = "Changed"  # type: ignore[misc]


def test_evolve_refuses_a_field_the_class_has_not() -> None:
    with pytest.raises(TypeError, match="Ref has no field colour"):
        evolve(Ref("a", "/a/"), colour="red")
