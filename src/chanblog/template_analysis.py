"""What each template's source says its output depends on, kept in `.chanblog-cache/` under a
digest of the source, so that a build does not parse every template again to learn it: a cost
every build that plans pages paid once a language, whatever the size of the site or the edit.

`render.TemplateDeps` asks three things of a template, all read from its parsed source: the
templates it pulls in (`{% extends %}`, `{% include %}`, `{% import %}`; any of them when one is
named by an expression), the attributes of `site` it reads ("*": `site` as a whole), and the
names it takes from its context (asked of the few templates a page part is made of: they are
worked out only then). What a source says depends only on its text, the Jinja2 version and
chanblog's code (which sets the environment's syntax): the file's header holds the last two,
and each entry is keyed by the SHA-256 of the first.

The file is data like every cache (see `cache`): JSON, each value checked (types, lengths,
names that can be names) before it is used; an entry that is not so is dropped and its
template parsed again, and a file whose header or digest does not match is ignored. A
template that does not parse is never kept: rendering reports it. The file keeps what the
last build that planned pages asked of, and is written only when that changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes

from chanblog.cache import code_fingerprint, load_bytes, save_bytes

FILE = "templates.cache"
MAX_TEMPLATES = 10_000  # entries in the file: more, and it is not one chanblog wrote
MAX_NAMES = 4096  # names in one list of an entry
MAX_NAME = 1024  # characters of one name
_DIGEST = re.compile(r"[0-9a-f]{64}")

Parse = Callable[[str], jinja2.nodes.Template]  # a source parsed (`jinja2.Environment.parse`)


@dataclass(frozen=True)
class Analysis:
    """What one template's source says its output depends on."""

    pulls_in: tuple[str, ...]  # the templates it names, sorted
    pulls_in_any: bool  # it names one by an expression: it may pull in any template
    site_attributes: frozenset[str]  # of `site`; "*" when it uses `site` as a whole
    names: frozenset[str] | None = None  # taken from its context; None: not worked out yet


class TemplateAnalyses:
    """Analyses by the digest of the source, read from `folder`'s file when first asked for
    (a build that plans no page never reads it); `folder` None: kept in memory only."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE if folder is not None else None
        self.used: dict[str, Analysis] = {}  # asked for in this build: what `save` keeps
        self.trees: dict[str, jinja2.nodes.Template | None] = {}  # parsed in this build (None: does not parse)

    @functools.cached_property
    def _payload(self) -> bytes | None:
        return load_bytes(self.path, header()) if self.path is not None else None

    @functools.cached_property
    def kept(self) -> dict[str, Analysis]:
        return analyses_in(self._payload)

    def of(self, source: str, parse: Parse, names: bool = False) -> Analysis | None:
        """What `source` says, with the names it takes if `names`: as kept, else parsed with
        `parse`. None if it does not parse (TemplateSyntaxError)."""
        key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        found = self.used.get(key) or self.kept.get(key)
        if found is None or (names and found.names is None):
            tree = self._tree(key, source, parse)
            if tree is None:
                return None
            found = found or analyse(tree)
            if names:
                found = replace(found, names=frozenset(jinja2.meta.find_undeclared_variables(tree)))
        self.used[key] = found
        return found

    def _tree(self, key: str, source: str, parse: Parse) -> jinja2.nodes.Template | None:
        if key not in self.trees:
            try:
                self.trees[key] = parse(source)
            except jinja2.TemplateSyntaxError:
                self.trees[key] = None  # rendering reports it with the template's name and line
        return self.trees[key]

    def save(self) -> None:
        """Keep what this build asked for, if that is not what the file holds (and only if
        the file was read: a build that planned no page leaves it as it is)."""
        if self.path is None or "kept" not in self.__dict__:
            return
        payload = json.dumps({key: _row(found) for key, found in sorted(self.used.items())},
                             ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        if payload != self._payload:
            save_bytes(self.path, header(), payload)


def header() -> str:
    """The file's header: what an analysis depends on besides its source."""
    return f"templates {code_fingerprint()} jinja2-{jinja2.__version__}"


def analyse(tree: jinja2.nodes.Template) -> Analysis:
    """What a parsed template says, but the names it takes (see `TemplateAnalyses.of`)."""
    referenced = list(jinja2.meta.find_referenced_templates(tree))
    return Analysis(tuple(sorted({name for name in referenced if name is not None})), None in referenced,
                    frozenset(site_attributes(tree)))


def site_attributes(tree: jinja2.nodes.Template) -> set[str]:
    """The attributes of `site` a template reads, or {"*"} if it uses `site` otherwise too."""
    names = [n for n in tree.find_all(jinja2.nodes.Name) if n.name == "site"]
    attrs = [g.attr for g in tree.find_all(jinja2.nodes.Getattr)
             if isinstance(g.node, jinja2.nodes.Name) and g.node.name == "site"]
    return {"*"} if len(names) > len(attrs) else set(attrs)


def _row(found: Analysis) -> list[Any]:
    names = sorted(found.names) if found.names is not None else None
    return [list(found.pulls_in), found.pulls_in_any, sorted(found.site_attributes), names]


def analyses_in(payload: bytes | None) -> dict[str, Analysis]:
    """The entries of a file's payload that are what `save` writes; none if it is not JSON of
    the shape it writes."""
    try:
        rows = json.loads(payload) if payload is not None else None
    except (ValueError, RecursionError):
        return {}
    if type(rows) is not dict or len(rows) > MAX_TEMPLATES:
        return {}
    found = {key: analysis_of(row) for key, row in rows.items() if _DIGEST.fullmatch(key)}
    return {key: analysis for key, analysis in found.items() if analysis is not None}


def analysis_of(row: Any) -> Analysis | None:
    """An entry as `_row` writes it, or None if it is not one."""
    if type(row) is not list or len(row) != 4 or type(row[1]) is not bool:
        return None
    pulls_in, site, names = _names(row[0], _any_name), _names(row[2], is_attribute), _names(row[3], str.isidentifier)
    if pulls_in is None or site is None or (names is None and row[3] is not None):
        return None
    return Analysis(tuple(sorted(pulls_in)), row[1], site, names)


def _names(value: Any, allowed: Callable[[str], bool]) -> frozenset[str] | None:
    if type(value) is not list or len(value) > MAX_NAMES:
        return None
    if not all(type(name) is str and len(name) <= MAX_NAME and allowed(name) for name in value):
        return None
    return frozenset(value)


def _any_name(name: str) -> bool:
    return True  # a template may be named anything: the loaders refuse a name that leaves their folder


def is_attribute(name: str) -> bool:
    return name == "*" or name.isidentifier()
