"""Write the bundled theme's templates as compiled code: run after editing one, and commit.

    python -m chanblog.theme_compile

Writes `theme/compiled/`: a module a template, holding the Python code Jinja makes of it (not a
line changed: Jinja maps the lines of that code back to the template's), and `stamps.json`
(see `compiled_theme`). Modules of templates that are gone are removed. A template whose code
would hold the result of one of chanblog's own filters or tests, worked out when compiling (as
Jinja does for a filter of a constant), is refused: that result could differ from site to site.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import jinja2
import jinja2.defaults

from chanblog.compiled_theme import COMPILED, STAMPS, environment_settings, source_digest
from chanblog.config import parse_config
from chanblog.errors import ChanblogError
from chanblog.render import THEME_DIR, make_environment
from chanblog.sources import list_files

FOOTNOTE = "# Written by `python -m chanblog.theme_compile` from templates/{name}: do not edit.\n"


def compiled_templates(theme: Path = THEME_DIR) -> dict[str, str]:
    """Each file of `theme`'s compiled folder by name, with its text, as they should be."""
    env, blind = _environment(), _environment(blind=True)
    stamps, files = {}, {}
    for name, path in sorted(list_files(theme / "templates", theme, "theme/templates", "template").files.items()):
        source = Path(path).read_text(encoding="utf-8")
        code = env.compile(source, name, path, raw=True)
        if code != blind.compile(source, name, path, raw=True):
            raise ChanblogError("its code would hold what one of chanblog's filters or tests made of a constant",
                                f"templates/{name}", None, "give the filter a value from the page, not a constant")
        module = re.sub(r"\W", "_", name) + ".py"
        files[module] = code + "\n" + FOOTNOTE.format(name=name)  # after the code: its lines stay the template's map
        stamps[name] = {"module": module, "source": source_digest(source)}
    if len(files) != len(stamps):
        raise ChanblogError("two templates would share a module", "templates", None, "rename one")
    files[STAMPS] = json.dumps({"settings": environment_settings(env), "templates": stamps}, indent=1, sort_keys=True) + "\n"
    return files


def write_compiled(theme: Path = THEME_DIR) -> list[str]:
    """Write `theme`'s compiled folder; the names of the files written or removed."""
    folder, files = theme / COMPILED, compiled_templates(theme)
    folder.mkdir(exist_ok=True)
    changed = []
    for stale in sorted({path.name for path in folder.glob("*.py")} - set(files)):
        (folder / stale).unlink(missing_ok=True)
        changed.append(stale)
    for name, text in files.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="")
            changed.append(name)
    return changed


def _environment(blind: bool = False) -> jinja2.Environment:
    """The environment a build renders the theme in (its code does not depend on the site's
    settings); `blind`: with chanblog's filters and tests failing, so that none is worked out
    while compiling (Jinja then leaves the call to the page, and the code differs)."""
    env = make_environment(parse_config("title: Theme\nurl: https://example.com\n", Path(".")), {})
    if blind:
        env.filters.update({name: _failing(f) for name, f in env.filters.items()
                            if jinja2.defaults.DEFAULT_FILTERS.get(name) is not f})
        env.tests.update({name: _failing(f) for name, f in env.tests.items()
                          if jinja2.defaults.DEFAULT_TESTS.get(name) is not f})
    return env


def _failing(function: Callable[..., Any]) -> Callable[..., NoReturn]:
    @functools.wraps(function)  # keeps how Jinja calls it (`@pass_context`…)
    def fails(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("not while compiling")
    return fails


if __name__ == "__main__":
    write_compiled()
