"""The bundled theme's templates, shipped compiled: a fresh process need not compile them.

Compiling a template (Jinja's lexer, parser and code generator, then Python's compiler) costs
more than rendering the few pages an edit makes with it: 0.4 s of CPU for all of the theme's, and
0.07-0.15 s for the 8 to 14 that a one-post edit's pages use, in every fresh process.
`python -m chanblog.theme_compile` writes the Python code Jinja makes of each template into
`theme/compiled/`, a module of chanblog like any other (pip compiles its bytecode on install;
Python keeps it beside the module, as for every module), with `stamps.json`: the Jinja2 version
and the settings of the environment that made the code (`environment_settings`), and the
SHA-256 of each template's source. Loading a template's code takes about half a millisecond.

`BundledTheme` loads a template from that code only when its stamp matches the source it is
about to render and the environment it renders in, installed Jinja2 included; otherwise (a
newer Jinja2, an edited template, no stamps) it compiles the source as Jinja always does. Both
ways run the same code, so pages are the same; a site's own templates never come here, and
nothing read from a site or its cache is ever run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

COMPILED = "compiled"  # the folder of the theme that holds them
STAMPS = "stamps.json"
_MODULE = re.compile(r"\w+\.py")
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Stamp:
    """What a compiled template was made from."""

    module: str  # its file in the compiled folder: `post_html.py`
    source: str  # the SHA-256 of the template's source


class BundledTheme(jinja2.FileSystemLoader):
    """The theme's `templates/` folder of `theme`, loaded from the compiled code in its `compiled`
    folder where the stamps vouch for it."""

    def __init__(self, theme: Path) -> None:
        super().__init__(theme / "templates")
        self.compiled = theme / COMPILED
        self._stamps: tuple[dict[str, Any], dict[str, Stamp]] | None = None
        self._made_like: tuple[jinja2.Environment, bool] | None = None

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        source, filename, uptodate = self.get_source(environment, name)
        code = self.compiled_code(environment, name, source)
        if code is None:
            code = environment.compile(source, name, filename)
        else:
            code = _named(code, filename)  # as if compiled from `filename`: errors name the template
        return environment.template_class.from_code(environment, code, {} if globals is None else globals, uptodate)

    def compiled_code(self, environment: jinja2.Environment, name: str, source: str) -> CodeType | None:
        """The shipped code of `name`, if it was made from `source` in an environment like this one."""
        stamp = self.stamps()[1].get(name)
        if stamp is None or stamp.source != source_digest(source) or not self.made_like(environment):
            return None
        path, module = self.compiled / stamp.module, f"chanblog.theme.{COMPILED}.{Path(stamp.module).stem}"
        try:
            return SourceFileLoader(module, str(path)).get_code(module)
        except (ImportError, OSError, SyntaxError, ValueError):
            return None  # not shipped whole: compile the source

    def made_like(self, environment: jinja2.Environment) -> bool:
        """Whether the stamps' settings are `environment`'s, installed Jinja2 included: worked out
        once an environment, whose settings are all made before it loads a template."""
        if self._made_like is None or self._made_like[0] is not environment:
            settings = self.stamps()[0]
            same = settings.get("jinja2") == jinja2.__version__ and settings == environment_settings(environment)
            self._made_like = (environment, same)
        return self._made_like[1]

    def stamps(self) -> tuple[dict[str, Any], dict[str, Stamp]]:
        """The settings the compiled templates were made with, and their stamps by name (none if
        the file is missing or is not one `theme_compile` wrote)."""
        if self._stamps is None:
            self._stamps = read_stamps(self.compiled / STAMPS)
        return self._stamps


def read_stamps(path: Path) -> tuple[dict[str, Any], dict[str, Stamp]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        settings, templates = data["settings"], data["templates"]
        stamps = {name: Stamp(entry["module"], entry["source"]) for name, entry in templates.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}
    if not isinstance(settings, dict) or not all(
            isinstance(s.module, str) and _MODULE.fullmatch(s.module) and isinstance(s.source, str)
            and _DIGEST.fullmatch(s.source) for s in stamps.values()):
        return {}, {}
    return settings, stamps


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def environment_settings(environment: jinja2.Environment) -> dict[str, Any]:
    """Everything of an environment that the code Jinja makes of a template depends on, as JSON
    values: Jinja's version, the syntax, the extensions, how each filter and test is called (the
    code passes it the context, or not), and the switches of the code generator."""
    env = environment
    return {
        "jinja2": jinja2.__version__,
        "syntax": [env.block_start_string, env.block_end_string, env.variable_start_string,
                   env.variable_end_string, env.comment_start_string, env.comment_end_string,
                   env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                   env.newline_sequence, env.keep_trailing_newline],
        "autoescape": env.autoescape if isinstance(env.autoescape, bool) else "by name",
        "optimized": env.optimized, "async": env.is_async, "sandboxed": env.sandboxed,
        "finalize": None if env.finalize is None else _passes(env.finalize),
        "newstyle_gettext": bool(getattr(env, "newstyle_gettext", False)),
        "extensions": sorted(_qualified(type(extension)) for extension in env.extensions.values()),
        "classes": [_qualified(env.code_generator_class), _qualified(type(env))],
        "filters": _calls(env.filters), "tests": _calls(env.tests),
    }


def _calls(functions: Mapping[str, Callable[..., Any]]) -> dict[str, str]:
    return {name: _passes(function) for name, function in sorted(functions.items())}


def _passes(function: Callable[..., Any]) -> str:
    """What Jinja passes a function first (`@pass_context` and the like mark it), or ""."""
    return str(getattr(function, "jinja_pass_arg", ""))


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _named(code: CodeType, filename: str) -> CodeType:
    """`code` and the code of every function in it, with `filename` as theirs."""
    consts = tuple(_named(const, filename) if isinstance(const, CodeType) else const for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
