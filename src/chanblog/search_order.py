"""Pagefind's filter files in one order, so that the same pages always make the same index bytes.

Pagefind 1.5 writes the values of each filter (labels, tags, authors), and the list of filters in
its metadata, in the order of a hash table that is seeded at random on every run: two builds of
the same site name and fill `pagefind/filter/` differently. This puts the values and the filters
in the order of their names (as later Pagefind releases do themselves) and renames what is named
after these bytes, exactly as Pagefind names it: a filter file and the metadata file are named by
a SHA-1 of their contents, and `pagefind-entry.json` names the metadata file. The search script
finds every filter through the names the metadata gives, so it reads the result as it reads
Pagefind's own. An index in a shape this does not know is left as Pagefind wrote it.

The files are CBOR (RFC 8949) behind a `pagefind_dcd` signature, gzipped; only the spans of the
items are parsed here, and items are moved whole, so every byte Pagefind wrote is kept.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
ARRAY, TEXT = 4, 3  # CBOR major types
FILTERS_FIELD = 3  # the metadata is [version, pages, word index chunks, filters, sorts, meta fields]
FILTER_NAME_DIGITS = 7  # a filter file is named "<language>_" and this many digits of its hash


class UnknownShape(ValueError):
    """The index is not laid out as this module expects: leave it alone."""


@dataclass(frozen=True)
class Item:
    """One CBOR item, `data[start:end]`: its major type, its argument (a length, a count or a
    number) and where its content starts, after the head."""

    major: int
    argument: int
    start: int
    content: int
    end: int


@dataclass(frozen=True)
class Steadied:
    """One language's index in order: the files to write (by path in the bundle), the files they
    replace, and the metadata file's new hash."""

    writes: dict[str, bytes]
    replaced: tuple[str, ...]
    old_hash: str
    new_hash: str


def steady_filters(bundle: Path) -> None:
    """Rewrite the filter files of the Pagefind bundle in `bundle` in name order, with the names that
    follow. Everything is read and worked out first, so an index it does not know is left whole."""
    entry_path = bundle / "pagefind-entry.json"
    entry_text = entry_path.read_text(encoding="utf-8")
    try:
        steadied = [_steady_language(bundle, language, meta_hash)
                    for language, meta_hash in _languages(entry_text).items()]
    except (UnknownShape, FileNotFoundError):
        return
    for language in steadied:
        for path, data in language.writes.items():
            (bundle / path).write_bytes(data)
        entry_text = entry_text.replace(f'"hash":"{language.old_hash}"', f'"hash":"{language.new_hash}"')
    entry_path.write_text(entry_text, encoding="utf-8")
    for language in steadied:
        for path in language.replaced:
            if path not in language.writes:
                (bundle / path).unlink()


def _languages(entry_text: str) -> dict[str, str]:
    """The hash of each language's metadata file, from pagefind-entry.json."""
    try:
        languages = json.loads(entry_text)["languages"]
        hashes = {language: about["hash"] for language, about in sorted(languages.items())}
    except (ValueError, LookupError, AttributeError, TypeError):
        raise UnknownShape("pagefind-entry.json") from None
    if not all(isinstance(value, str) and value.isprintable() and "/" not in value for value in hashes.values()):
        raise UnknownShape("pagefind-entry.json")
    return hashes


def _steady_language(bundle: Path, language: str, meta_hash: str) -> Steadied:
    """One language's filters and metadata in order, worked out in memory."""
    meta = _unpack((bundle / f"pagefind.{meta_hash}.pf_meta").read_bytes())
    fields = _children(meta, _item(meta, 0), ARRAY)
    if len(fields) <= FILTERS_FIELD:
        raise UnknownShape("metadata without filters")
    filters = fields[FILTERS_FIELD]
    named = sorted((_pair(meta, entry) for entry in _children(meta, filters, ARRAY)), key=lambda pair: pair[0])
    contents = [_sorted_values(_unpack((bundle / "filter" / f"{old}.pf_filter").read_bytes())) for _, old in named]
    names = _file_names(language, contents)
    listing = _head(ARRAY, len(named)) + b"".join(
        _head(ARRAY, 2) + _text(name) + _text(new) for (name, _), new in zip(named, names))
    new_meta = meta[:filters.start] + listing + meta[filters.end:]
    new_hash = f"{language}_{_digest(new_meta)[:len(language) + 8]}"
    writes = {f"filter/{name}.pf_filter": _pack(data) for name, data in zip(names, contents)}
    writes[f"pagefind.{new_hash}.pf_meta"] = _pack(new_meta)
    replaced = tuple(f"filter/{old}.pf_filter" for _, old in named) + (f"pagefind.{meta_hash}.pf_meta",)
    return Steadied(writes, replaced, meta_hash, new_hash)


def _sorted_values(data: bytes) -> bytes:
    """A filter file, [name, [[value, pages], ...]], with its values in order."""
    parts = _children(data, _item(data, 0), ARRAY)
    if len(parts) != 2:
        raise UnknownShape("a filter file that is not [name, values]")
    values = parts[1]
    entries = _children(data, values, ARRAY)
    keyed = sorted((_value_key(data, entry), data[entry.start:entry.end]) for entry in entries)
    return data[:values.content] + b"".join(raw for _, raw in keyed) + data[values.end:]


def _value_key(data: bytes, entry: Item) -> bytes:
    parts = _children(data, entry, ARRAY)
    if len(parts) != 2 or parts[0].major != TEXT:
        raise UnknownShape("a filter value that is not [text, pages]")
    return data[parts[0].content:parts[0].end]


def _pair(data: bytes, entry: Item) -> tuple[str, str]:
    """A metadata [filter, file hash] entry."""
    parts = _children(data, entry, ARRAY)
    if len(parts) != 2 or any(part.major != TEXT for part in parts):
        raise UnknownShape("a filter entry that is not two texts")
    try:
        name, file = (data[part.content:part.end].decode("utf-8") for part in parts)
    except UnicodeDecodeError:
        raise UnknownShape("a filter entry that is not UTF-8") from None
    return name, file


def _file_names(language: str, contents: list[bytes]) -> list[str]:
    """Pagefind's names for filter files: a hash prefix, made longer where two would meet."""
    names: list[str] = []
    for data in contents:
        digest = f"{language}_{_digest(data)}"
        length = len(language) + 1 + FILTER_NAME_DIGITS
        while digest[:length] in names and length < len(digest):
            length += 1
        names.append(digest[:length])
    return names


def _digest(data: bytes) -> str:
    """Pagefind's content hash: SHA-1, each byte in hex without its leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def _unpack(raw: bytes) -> bytes:
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError) as exc:
        raise UnknownShape(str(exc)) from None
    if not data.startswith(SIGNATURE):
        raise UnknownShape("no pagefind signature")
    return data[len(SIGNATURE):]


def _pack(data: bytes) -> bytes:
    return gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0)


def _item(data: bytes, start: int) -> Item:
    """The CBOR item at `start`, with the end of everything it holds."""
    major, argument, content = _read_head(data, start)
    if major in (0, 1, 7):
        return Item(major, argument, start, content, content)
    if major in (2, TEXT):
        if content + argument > len(data):
            raise UnknownShape("a string runs past the end")
        return Item(major, argument, start, content, content + argument)
    if major == ARRAY:
        end = content
        for _ in range(argument):
            end = _item(data, end).end
        return Item(major, argument, start, content, end)
    raise UnknownShape(f"CBOR major type {major}")


def _children(data: bytes, parent: Item, major: int) -> list[Item]:
    if parent.major != major:
        raise UnknownShape(f"CBOR major type {parent.major}, not {major}")
    children, at = [], parent.content
    for _ in range(parent.argument):
        children.append(_item(data, at))
        at = children[-1].end
    return children


def _read_head(data: bytes, start: int) -> tuple[int, int, int]:
    if start >= len(data):
        raise UnknownShape("the data ends early")
    major, small = data[start] >> 5, data[start] & 0x1F
    if small < 24:
        return major, small, start + 1
    if small > 27:
        raise UnknownShape("an indefinite length")
    size = 1 << (small - 24)
    if start + 1 + size > len(data):
        raise UnknownShape("the data ends early")
    return major, int.from_bytes(data[start + 1:start + 1 + size], "big"), start + 1 + size


def _head(major: int, argument: int) -> bytes:
    """The shortest CBOR head, as Pagefind's encoder writes it."""
    if argument < 24:
        return bytes([major << 5 | argument])
    for small, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | small]) + argument.to_bytes(size, "big")
    raise UnknownShape("an argument too large")


def _text(value: str) -> bytes:
    encoded = value.encode("utf-8")
    return _head(TEXT, len(encoded)) + encoded
