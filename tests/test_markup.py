"""chanblog's Markdown: the same HTML as a stock Python-Markdown with the same extensions,
only faster, whatever the document holds."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from chanblog.python_markdown import EXTENSION_CONFIGS, EXTENSIONS, TRIGGERS, Converter
from test_validity import KITCHEN_SINK

REPO = Path(__file__).resolve().parents[1]
FRAGMENTS = [
    "plain words", "it's", "'quoted'", '"double"', "'90s", "--", "---", "...", ". . .", "<<angled>>",
    "*em*", "**strong**", "_under_", "__dunder__", "***both***", "a * lone star", "snake_case_name",
    "`code`", "``two `ticks` ``", "\\*escaped\\*", "\\\\", "\\`", "[link](https://example.com/x)",
    "[ref][r1]", "[r1]", "![alt](/img.png)", "![ref img][r1]", "[^1]", "<span>html</span>",
    "<https://auto.example/>", "<me@example.com>", "&amp;", "&copy;", "&#8212;", "& alone",
    "two spaces  \nbreak", "tab\tinside", "\ttab-indented", "B2B", "<!-- comment -->", "x < y > z",
]
BLOCKS = ["# Heading {FRAG}", "- item {FRAG}\n- item two {FRAG}", "1. one {FRAG}\n2. two", "> quoted {FRAG}",
          "| a | b |\n|---|---|\n| {FRAG} | {FRAG} |", "Term {FRAG}\n:   Definition {FRAG}",
          "```python\nx = '{FRAG}'\n```", "{FRAG} {FRAG} {FRAG}.", "    indented code {FRAG}"]
TAIL = "\n\n[r1]: https://example.com/ref \"Title\"\n\n[^1]: A footnote with {FRAG}.\n\n*[B2B]: Business to business\n"


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def random_document(seed: int) -> str:
    rng = random.Random(seed)
    blocks = [rng.choice(BLOCKS).replace("{FRAG}", rng.choice(FRAGMENTS), 1).replace("{FRAG}", rng.choice(FRAGMENTS))
              for _ in range(rng.randint(1, 6))]
    tail = TAIL.replace("{FRAG}", rng.choice(FRAGMENTS)) if rng.random() < 0.5 else ""
    return "\n\n".join(blocks) + tail


def documents() -> list[str]:
    essays = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted((REPO / "posts").glob("*.md"))]
    return essays + [KITCHEN_SINK] + [random_document(seed) for seed in range(400)]


def test_output_equals_stock_python_markdown() -> None:
    ours, reference = Converter(), stock()
    for document in documents():
        assert ours.convert(document) == reference.reset().convert(document), document


def test_every_listed_pattern_exists() -> None:
    """A renamed pattern would silently stop being skipped; say so instead."""
    converter = Converter()
    names = {item.name for tp in converter.inline for item in tp.inlinePatterns._priority}  # noqa: SLF001
    assert set(TRIGGERS) - names <= {"smarty-em-dashes", "smarty-left-angle-quotes", "smarty-right-angle-quotes"}


@pytest.mark.parametrize("trigger", sorted({t for ts in TRIGGERS.values() for t in ts}))
def test_each_trigger_alone_still_renders_like_stock(trigger: str) -> None:
    document = f"Before {trigger} after {trigger}{trigger} end.\n\n- {trigger}x{trigger}\n"
    assert Converter().convert(document) == stock().convert(document)
