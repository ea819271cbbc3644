"""Split a post into its YAML front matter and Markdown body, keeping file line numbers.

Pure: works on text. Every key's line is counted from the top of the file, not from
the front-matter block, so errors point where the author's editor does.
"""

from __future__ import annotations

import json
import re
import reprlib
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from chanblog.errors import ChanblogError



class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's loader (several times faster, same marks; pure Python is the fallback), which
    reports an impossible date such as 2009-13-45 at its line instead of crashing."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, f"'{node.value}' is not a calendar date",
                                                    node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
_TOML_KEY = re.compile(r'^[ \t]*(?:([A-Za-z0-9_-]+)|"([^"\n]*)")[ \t]*=')
_TOML_TABLE = re.compile(r"^[ \t]*\[+([^\]\n]+)\]")
_JSON_KEY = re.compile(r'^[ \t]*[{,]?[ \t]*"([^"\n]*)"[ \t]*:()')
# Pelican's header starts `Title: ...` (any key of letters, digits, spaces, `-`, `_`, then a colon and a space)
_PELICAN_KEY = re.compile(r"^([A-Za-z][\w -]{0,40}):(?:[ \t]+(.*)|[ \t]*$)")
# What XML 1.0 forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE, U+FFFF), and what
# HTML forbids besides (DEL and the C1 controls U+0080-U+009F): such a character can be in neither a
# page nor a feed, so it is refused where it is read, with its line.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_DEPTH = 32  # nested lists and mappings; libyaml's composer recurses and can crash far deeper
MAX_VALUES = 100_000  # values once aliases are expanded: a "billion laughs" stops here


@dataclass(frozen=True)
class FrontMatter:
    """The parsed `---` block of a post and the body that follows it."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # "comments.0.date" -> file line
    body: str = ""
    body_line: int = 1


def decode_source(raw: bytes, path: str) -> str:
    """Decode a source file as UTF-8, or say on which line it is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ChanblogError(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})", path, line,
                            "save the file as UTF-8 in your editor") from None


def check_characters(text: str, path: str) -> None:
    """Refuse a control character, with its line: it can be in neither a page nor a feed.
    Parsing calls this, so a post whose parse is cached (its text unchanged) is not scanned again."""
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        raise _control_character(forbidden.group(), path, text.count("\n", 0, forbidden.start()) + 1)


def _control_character(char: str, path: str, line: int) -> ChanblogError:
    hint = "remove it: pages and feeds cannot contain it"
    if "\x80" <= char <= "\x9f":  # most often a Windows-1252 quote or dash read as Latin-1
        hint += "; if it stood for a quote or a dash, type that again"
    return ChanblogError(f"holds the control character U+{ord(char):04X}", path, line, hint)


def normalize_text(text: str) -> str:
    """Drop a byte-order mark and turn Windows or old Mac line endings into `\\n`."""
    if "\r" not in text and not text.startswith("\ufeff"):
        return text  # most posts: one scan instead of three copies
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Return the front matter and body of a post's text, or raise ChanblogError. The front matter
    is YAML between `---` lines, as chanblog and Jekyll write it; Hugo's TOML between `+++` lines or
    JSON object; or Pelican's `Key: value` lines up to the first blank line."""
    check_characters(text, path)
    lines = normalize_text(text).split("\n")
    if not "".join(lines).strip():
        raise ChanblogError("is empty", path, 1, "start it with a '---' line, 'title:', 'date:' and '---', or delete it")
    if _TOML_FENCE.match(lines[0]):
        return _toml_front_matter(lines, path)
    if lines[0].startswith("{"):
        return _json_front_matter(lines, path)
    if _PELICAN_KEY.match(lines[0]) and not _FENCE.match(lines[0]):
        return _pelican_front_matter(lines, path)
    if not _FENCE.match(lines[0]):
        raise ChanblogError("no front matter", path, 1,
                            "start the file with a '---' line, then 'title:' and 'date:', then '---'")
    close = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if close is None:
        raise ChanblogError("front matter starts on line 1 but never closes", path, 1,
                            "add a '---' line after the last field")
    data, key_lines = load_yaml("\n".join(lines[1:close]), path, first_line=2)
    return FrontMatter(_fields(data, path), key_lines, "\n".join(lines[close + 1:]), close + 2)


def _fields(data: Any, path: str, line: int = 2) -> dict[str, Any]:
    """Front matter must be a mapping of fields; nothing at all is no fields."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ChanblogError(f"front matter is a {_yaml_kind(data)}, not a set of fields", path, line,
                            "write one 'key: value' per line")
    return data


def _toml_front_matter(lines: list[str], path: str) -> FrontMatter:
    """Hugo's `+++` block of TOML."""
    close = next((i for i in range(1, len(lines)) if _TOML_FENCE.match(lines[i])), None)
    if close is None:
        raise ChanblogError("front matter starts on line 1 but never closes", path, 1,
                            "add a '+++' line after the last field")
    block = "\n".join(lines[1:close])
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+)", str(exc))
        raise ChanblogError(f"invalid TOML: {re.sub(r' [(]at .*', '', str(exc))}", path,
                            1 + int(where[1]) if where else 2,
                            "put quotes around text values: title = \"My post\"") from None
    except RecursionError:
        raise _too_deep(path, 2) from None
    _check_depth(data, path, 2)
    return FrontMatter(data, _assignment_lines(lines[1:close], 2, _TOML_KEY), "\n".join(lines[close + 1:]),
                       close + 2)


def _json_front_matter(lines: list[str], path: str) -> FrontMatter:
    """Hugo's front matter as one JSON object at the top of the file; the body follows it."""
    text = "\n".join(lines)
    try:
        data, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise ChanblogError(f"invalid JSON: {exc.msg}", path, exc.lineno,
                            "write the front matter as one JSON object: {\"title\": \"...\", \"date\": \"...\"}") from None
    except RecursionError:
        raise _too_deep(path, 1) from None
    data = _fields(data, path, 1)
    _check_depth(data, path, 1)
    close = text.count("\n", 0, end)  # the line the object closes on; the body starts after it
    return FrontMatter(data, _assignment_lines(lines[:close + 1], 1, _JSON_KEY), "\n".join(lines[close + 1:]),
                       close + 2)


def _pelican_front_matter(lines: list[str], path: str) -> FrontMatter:
    """Pelican's (and Python-Markdown meta's) header: `Key: value` lines up to the first blank line,
    a line indented four spaces continuing the value before it. Keys are read in lower case, as
    Pelican reads them; values are text."""
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    key = ""
    end = len(lines)
    for number, line in enumerate(lines):
        field = _PELICAN_KEY.match(line)
        if not line.strip():
            end = number
            break
        if field:
            key = field[1].strip().lower().replace(" ", "_")
            data[key], key_lines[key] = field[2].strip(), number + 1
        elif key and line.startswith(("    ", "\t")):
            data[key] = f"{data[key]} {line.strip()}".strip()
        else:
            raise ChanblogError("is neither a 'Key: value' line nor the blank line that ends the header", path,
                                number + 1, "put a blank line between the 'Title:' lines and the text")
    return FrontMatter(data, key_lines, "\n".join(lines[end + 1:]), end + 2)


def _assignment_lines(lines: list[str], first_line: int, pattern: re.Pattern[str]) -> dict[str, int]:
    """The line of each top-level key of a TOML or JSON block, found by its spelling at a line's start."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(lines, first_line):
        header = _TOML_TABLE.match(line) if pattern is _TOML_KEY else None
        if header:
            table = header[1].strip().strip('"') + "."
            found.setdefault(table[:-1], number)
        elif assignment := pattern.match(line):
            found.setdefault(table + (assignment[1] or assignment[2]), number)
    return found


def _check_depth(data: Any, path: str, line: int) -> None:
    """TOML and JSON nest as deep as YAML may: MAX_DEPTH levels."""
    level = [data]
    for _ in range(MAX_DEPTH + 1):
        level = [v for item in level for v in (item.values() if isinstance(item, dict) else item)
                 if isinstance(v, (dict, list))] if level else []
    if level:
        raise _too_deep(path, line)


def _too_deep(path: str, line: int) -> ChanblogError:
    return ChanblogError(f"front matter nested more than {MAX_DEPTH} levels deep", path, line,
                         "front matter needs a few levels at most: flatten it")


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """`yaml.safe_load` that also returns the file line of every mapping key."""
    loader = _Loader(text)
    try:
        if _may_be_hostile(text):
            _check_shape(text, path, first_line)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, path, first_line) from None
    except yaml.YAMLError as exc:
        raise ChanblogError(f"invalid YAML: {exc}", path, first_line) from None
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    if node is not None:
        _collect_key_lines(node, "", first_line, key_lines, set())
    return data, key_lines


def _may_be_hostile(text: str) -> bool:
    """Whether `_check_shape` must read the YAML: only anchors and aliases (`&`, `*`) can expand,
    only escapes (backslash) can spell a control character, and nesting deeper than MAX_DEPTH
    needs, level by level, more indentation or more brackets, dashes and question marks."""
    if "&" in text or "*" in text or "\\" in text:
        return True
    openers = sum(text.count(mark) for mark in "[{-?")
    indent = max(len(line) - len(line.lstrip(" ")) for line in text.split("\n"))
    return openers + indent >= MAX_DEPTH


def _check_shape(text: str, path: str, first_line: int) -> None:
    """Refuse YAML nested too deep, aliases that expand too far and control characters written
    as escapes ("\\x01") before anything is built from it, reading only the parser's events.

    The libyaml of recent PyYAML wheels (6.0.4, not 6.0.2) refuses nesting of its own, about a
    thousand levels deep, while it reads ahead, before this sees the 33rd level: then the
    pure-Python parser, which has no limit and reads ahead little, finds the line as older
    releases did, so the message is the same on every PyYAML 6."""
    try:
        _check_events(yaml.parse(text, Loader=_Loader), path, first_line)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" not in (exc.problem or ""):
            raise
        _check_events(yaml.parse(text, Loader=yaml.SafeLoader), path, first_line)
        raise


def _check_events(events: Iterator[yaml.Event], path: str, first_line: int) -> None:
    open_sizes: list[int] = []  # values so far in each open list or mapping
    open_anchors: list[str | None] = []
    sizes: dict[str, int] = {}  # anchor -> how many values an alias to it stands for
    expanded = 0
    for event in events:
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) >= MAX_DEPTH:
                raise ChanblogError(f"YAML nested more than {MAX_DEPTH} levels deep", path, line,
                                    "front matter needs a few levels at most: flatten it")
            open_sizes.append(1)
            open_anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_anchors.pop(), open_sizes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            forbidden = _FORBIDDEN.search(event.value)
            if forbidden:
                raise _control_character(forbidden.group(), path, line)
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(event.anchor or "", 1)
            expanded += size
            if expanded > MAX_VALUES:
                raise ChanblogError(f"YAML aliases expand to more than {MAX_VALUES} values", path, line,
                                    "write the values out instead of repeating an anchor (&) with aliases (*)")
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if open_sizes:
            open_sizes[-1] += size


def _collect_key_lines(node: yaml.Node, prefix: str, first_line: int,
                       out: dict[str, int], seen: set[int]) -> None:
    if id(node) in seen:  # anchors and aliases share nodes; never walk one twice
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}" if isinstance(key_node, yaml.ScalarNode) else prefix
            out.setdefault(key, first_line + key_node.start_mark.line)
            _collect_key_lines(value_node, key + ".", first_line, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.setdefault(f"{prefix}{index}", first_line + item.start_mark.line)
            _collect_key_lines(item, f"{prefix}{index}.", first_line, out, seen)


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> ChanblogError:
    mark = exc.problem_mark or exc.context_mark
    unclosed = mark is not None and (mark.index >= len(text.rstrip()) or "flow" in (exc.context or ""))
    if exc.context_mark is not None and unclosed:
        mark = exc.context_mark  # an unclosed [list], {map} or quote: point where it opened
    line = first_line + mark.line if mark is not None else first_line
    problem = exc.problem or exc.context or "invalid YAML"
    hint = "put quotes around values that contain ': ' or start with a special character"
    if "tab" in problem or "\t" in problem or "\\t" in problem or _tab_indented(text, mark):
        hint = "YAML does not allow tabs for indentation: use spaces"
    elif "calendar date" in problem:
        hint = "check the month (01-12) and the day; dates are YYYY-MM-DD"
    return ChanblogError(f"invalid YAML: {problem}", path, line, hint)


def short_repr(value: Any) -> str:
    """A YAML value as a message shows it: short, however big or deeply nested it is."""
    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother = 2, 60, 60
    return short.repr(value)


def _tab_indented(text: str, mark: yaml.Mark | None) -> bool:
    """True if the mistake is in a line's indentation, and that holds a tab."""
    if mark is None:
        return False
    lines = text.split("\n")
    indent = lines[mark.line][:mark.column + 1] if mark.line < len(lines) else ""
    return "\t" in indent and not indent.strip(" \t")


def _yaml_kind(data: Any) -> str:
    return {list: "list", str: "plain text"}.get(type(data), type(data).__name__)
