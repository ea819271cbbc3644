"""Markdown engines side by side: CommonMark spec examples passed, and CPU per post on the corpus.

    python bench/markdown_engines.py [--posts 400] [--seed 1] [--spec PATH]

Measures each engine that is installed (`pip install cmarkgfm pyromark mistune markdown-it-py`
adds the candidates; a missing one is reported, not fatal) against chanblog's own renderer today
(`chanblog.markup.to_html`, with each engine chanblog has: the default, and Python-Markdown):

- spec: the examples of the CommonMark spec that give the spec's HTML, compared as parsed HTML
  the way the spec's own runner compares them (tests/markdown_spec.py, which the tests use too).
  The examples come from `tests/test_cmark_spec/commonmark.json` in markdown-it-py's sdist,
  fetched with pip into a temporary folder unless `--spec` names a copy.
- CPU: process time to render the bodies of `--posts` posts of bench/corpus.py's corpus (the one
  bench/run.py builds), in this process, after one warm-up pass; milliseconds per post.

Nothing is asserted: the figures inform the choice of the default engine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus import make_post

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from markdown_spec import commonmark_examples, normalise  # noqa: E402 - the tests' own spec and comparison

Render = Callable[[str], str]


def engines() -> dict[str, Render | str]:
    """Each engine's render function, or why it cannot be measured here."""
    found: dict[str, Render | str] = {}
    for name, load in (("chanblog: python-markdown", _chanblog_python_markdown),
                       ("chanblog: commonmark (the default)", _chanblog_commonmark), ("markdown-it-py", _markdown_it),
                       ("mistune", _mistune), ("cmarkgfm", _cmarkgfm), ("pyromark alone", _pyromark)):
        try:
            found[name] = load()
        except ImportError as exc:
            found[name] = f"not installed ({exc.name})"
    return found


def _chanblog_python_markdown() -> Render:
    from chanblog.markup import Markup, to_html
    return lambda text: to_html(text, Markup("python-markdown", smart_punctuation=False))


def _chanblog_commonmark() -> Render:
    """The default engine with chanblog's pass (heading ids, Pygments, footnotes, autolinks)."""
    from chanblog.markup import Markup, to_html
    return lambda text: to_html(text, Markup("commonmark", smart_punctuation=False))


def _markdown_it() -> Render:
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return md.render


def _mistune() -> Render:
    import mistune
    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes", "url"])


def _cmarkgfm() -> Render:
    import cmarkgfm
    from cmarkgfm.cmark import Options
    return lambda text: cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def _pyromark() -> Render:
    import pyromark
    return lambda text: pyromark.html(text, options=pyromark.Options.ENABLE_TABLES
                                      | pyromark.Options.ENABLE_STRIKETHROUGH
                                      | pyromark.Options.ENABLE_FOOTNOTES)


def spec_examples(given: Path | None) -> list[dict[str, object]]:
    """The spec's examples: from `given`, or from markdown-it-py's sdist, fetched with pip."""
    if given:
        return json.loads(given.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        return [{"markdown": e.markdown, "html": e.html} for e in commonmark_examples(Path(folder))]


def spec_passed(render: Render, examples: list[dict[str, object]]) -> int:
    passed = 0
    for example in examples:
        try:
            if normalise(render(str(example["markdown"]))) == normalise(str(example["html"])):
                passed += 1
        except Exception:  # an engine that fails on an example has not passed it
            pass
    return passed


def cpu_per_post(render: Render, bodies: list[str]) -> float:
    """Milliseconds of this process's CPU per body, after a warm-up pass."""
    for body in bodies[:20]:
        render(body)
    started = time.process_time()
    for body in bodies:
        render(body)
    return (time.process_time() - started) * 1000 / len(bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spec", type=Path, default=None, help="a copy of the spec's commonmark.json")
    args = parser.parse_args()
    examples = spec_examples(args.spec)
    bodies = [make_post(i, args.posts, args.seed).body for i in range(args.posts)]
    print(f"{len(examples)} CommonMark spec examples; {args.posts} corpus posts "
          f"({sum(map(len, bodies)) // args.posts:,} characters each on average)\n")
    print("| engine | spec passed | CPU ms per post |")
    print("| --- | ---: | ---: |")
    for name, render in engines().items():
        if isinstance(render, str):
            print(f"| {name} | {render} | |")
            continue
        passed = spec_passed(render, examples)
        print(f"| {name} | {passed} ({100 * passed / len(examples):.1f} %) | {cpu_per_post(render, bodies):.3f} |")


if __name__ == "__main__":
    main()
