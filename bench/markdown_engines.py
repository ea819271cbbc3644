"""Markdown engines side by side: CommonMark spec examples passed, and CPU per post on the corpus.

    python bench/markdown_engines.py [--posts 400] [--seed 1] [--spec PATH]

Measures each engine that is installed (`pip install cmarkgfm pyromark mistune markdown-it-py`
adds the candidates; a missing one is reported, not fatal) against chanblog's own renderer today
(Python-Markdown with chanblog's extensions, `chanblog.markup.to_html`):

- spec: the examples of the CommonMark spec that give the spec's HTML, after the whitespace
  between tags and the spelling of empty elements are normalised. The examples come from
  `tests/test_cmark_spec/commonmark.json` in markdown-it-py's sdist, fetched with pip into a
  temporary folder unless `--spec` names a copy.
- CPU: process time to render the bodies of `--posts` posts of bench/corpus.py's corpus (the one
  bench/run.py builds), in this process, after one warm-up pass; milliseconds per post.

Nothing is asserted: the figures inform the choice of the default engine.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus import make_post

Render = Callable[[str], str]


def engines() -> dict[str, Render | str]:
    """Each engine's render function, or why it cannot be measured here."""
    found: dict[str, Render | str] = {}
    for name, load in (("python-markdown (chanblog today)", _chanblog), ("markdown-it-py", _markdown_it),
                       ("mistune", _mistune), ("cmarkgfm", _cmarkgfm), ("pyromark", _pyromark)):
        try:
            found[name] = load()
        except ImportError as exc:
            found[name] = f"not installed ({exc.name})"
    return found


def _chanblog() -> Render:
    from chanblog.markup import to_html
    return to_html


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
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--dest", folder, "markdown-it-py"], check=True)
        archive = next(Path(folder).glob("markdown_it_py-*.tar.gz"))
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("test_cmark_spec/commonmark.json"))
            extracted = tar.extractfile(member)
            assert extracted is not None
            return json.loads(extracted.read().decode("utf-8"))


_BETWEEN_TAGS = re.compile(r">\s+<")
_EMPTY = re.compile(r"\s*/>")


def normalise(html: str) -> str:
    """HTML compared as the spec's own test runner does, roughly: whitespace between tags and the
    spelling of empty elements do not count."""
    return _EMPTY.sub(">", _BETWEEN_TAGS.sub("><", html.strip())).replace("\n", " ")


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
