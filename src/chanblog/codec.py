"""chanblog's own values as JSON data and back, for the cache: data in, data out, nothing run.

`codec(hint)` makes an encoder and a strict decoder from a type hint: str, int, bool, datetime,
`X | None`, `tuple[X, ...]` and fixed tuples, `dict[str, X]`, a frozen dataclass of the fixed
allow-list `KNOWN` (a JSON list of its fields' values, in field order: the cache's header names
the code that wrote it), and `Any` for front matter values (every value YAML's safe loader
makes: a JSON list is a list, and a JSON object is one tagged value such as
`{"date": "2009-08-14"}`). The decoder accepts only what the encoder writes: a wrong type or
length, an unknown tag raises `Invalid`. Nothing read from a file can name a class or a function.
A value the encoder cannot write raises `Unencodable`, and the cache leaves that entry out.

Decoding runs for every post on every build, so the common cases cost no call of their own:
fields of JSON's types are checked by type in one pass, an empty list or a null field is taken
as it is, and tags, labels and authors (the same few on thousands of posts) are made once each.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import operator
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from chanblog.content import Draft
from chanblog.model import Author, Comment, KeptBody, Post, Ref
from chanblog.search import IndexPlan

KNOWN = (Draft, Post, Author, Comment, Ref, KeptBody, IndexPlan)
MAX_DEPTH = 64  # front matter stops at 32 levels; YAML aliases can make a list that holds itself
_MAX_INT = 10 ** 4000  # JSON writes an int in decimal, and Python refuses to read one past 4,300 digits


class Invalid(ValueError):
    """Data that this codec did not write: the cache entry holding it is dropped."""


class Unencodable(ValueError):
    """A value this codec cannot write: the cache leaves its entry out."""


@dataclasses.dataclass(frozen=True)
class Codec:
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    exact: type | None = None  # str, int or bool: JSON holds the value itself, checked by its type alone
    optional: bool = False  # null decodes to None
    sequence: bool = False  # an empty list decodes to ()
    plain: Callable[[tuple[Any, ...]], Any] | None = None  # a dataclass of text fields, from its row as a tuple


@functools.cache
def codec(hint: Any) -> Codec:
    """The codec of values of type `hint` (a TypeError for a hint chanblog never caches)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return Codec(functools.partial(encode_any, depth=0), functools.partial(decode_any, depth=0))
    if hint in (str, int, bool):
        return _exact(hint)
    if hint is datetime:
        return Codec(encode_datetime, decode_datetime)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _optional(codec(next(arg for arg in args if arg is not type(None))))
    if origin is tuple:
        return _tuple(codec(args[0])) if len(args) == 2 and args[1] is Ellipsis else _fixed(tuple(map(codec, args)))
    if origin in (dict, Mapping) and args[0] is str:
        return _mapping(codec(args[1]))
    if hint in KNOWN:
        return _dataclass(hint)
    raise TypeError(f"the cache cannot hold {hint!r}")


def _exact(kind: type) -> Codec:
    def checker(error: type[ValueError]) -> Callable[[Any], Any]:
        def check(value: Any) -> Any:
            if type(value) is not kind:
                raise error(f"{type(value).__name__} where {kind.__name__} belongs")
            return value
        return check
    return Codec(checker(Unencodable), checker(Invalid), exact=kind)


def _optional(inner: Codec) -> Codec:
    encode, decode = inner.encode, inner.decode
    return Codec(lambda value: None if value is None else encode(value),
                 lambda data: None if data is None else decode(data), optional=True)


def _tuple(item: Codec) -> Codec:
    plain, exact, decode_item = item.plain, item.exact, item.decode

    def decode(data: Any) -> tuple[Any, ...]:
        if type(data) is not list:
            raise Invalid("not a list")
        if plain:
            if not all_of(list, data):
                raise Invalid("not a list of rows")
            try:
                return tuple(map(plain, map(tuple, data)))  # no call of ours once each is known
            except TypeError:  # a value that is not text
                raise Invalid("not a list of rows") from None
        if exact:
            if not all_of(exact, data):
                raise Invalid(f"not all {exact.__name__}")
            return tuple(data)
        return tuple(map(decode_item, data))
    return Codec(lambda value: [item.encode(v) for v in _typed(value, tuple)], decode, sequence=True)


def _fixed(items: tuple[Codec, ...]) -> Codec:
    def encode(value: Any) -> list[Any]:
        if type(value) is not tuple or len(value) != len(items):
            raise Unencodable(f"not a tuple of {len(items)}")
        return [c.encode(v) for c, v in zip(items, value)]

    def decode(data: Any) -> tuple[Any, ...]:
        if type(data) is not list or len(data) != len(items):
            raise Invalid(f"not a list of {len(items)}")
        return tuple(c.decode(d) for c, d in zip(items, data))
    return Codec(encode, decode)


def _mapping(item: Codec) -> Codec:
    def encode(value: Any) -> dict[str, Any]:
        if any(type(key) is not str for key in _typed(value, dict)):
            raise Unencodable("a key that is not text")
        return {key: item.encode(v) for key, v in value.items()}

    exact, decode_item = item.exact, item.decode

    def decode(data: Any) -> dict[str, Any]:
        if type(data) is not dict:
            raise Invalid("not an object")
        if exact:  # most are line numbers: checked in one pass
            if not all_of(exact, data.values()):
                raise Invalid(f"not all {exact.__name__}")
            return dict(data)
        return {key: decode_item(v) for key, v in data.items()} if data else {}
    return Codec(encode, decode)


def all_of(kind: type, values: Iterable[Any]) -> bool:
    """Whether every value is of exactly this type (True is not an int here), in one pass."""
    return set(map(type, values)) <= {kind}


def _dataclass(kind: type) -> Codec:
    """A row of the fields' values: those of JSON's types checked in one pass, each other field
    decoded by its own codec unless it is null or empty. The instance gets its attributes as
    pickle gives them (no __init__ runs; none of these classes has a __post_init__)."""
    assert not hasattr(kind, "__post_init__") and not hasattr(kind, "__slots__")
    hints = typing.get_type_hints(kind)
    names = [f.name for f in dataclasses.fields(kind)]
    codecs = [codec(hints[name]) for name in names]
    exact = [index for index, c in enumerate(codecs) if c.exact]
    get_exact, exact_types = _getter(exact), tuple(codecs[index].exact for index in exact)
    others = [(index, names[index], c.decode, c.optional, c.sequence) for index, c in enumerate(codecs) if not c.exact]
    size = len(names)

    def encode(value: Any) -> list[Any]:
        values = _typed(value, kind).__dict__
        if values.keys() != set(names):
            raise Unencodable(f"not the fields of {kind.__name__}")
        return [c.encode(values[name]) for name, c in zip(names, codecs)]

    def check(row: Any) -> None:
        if type(row) not in (list, tuple) or len(row) != size or tuple(map(type, get_exact(row))) != exact_types:
            raise Invalid(f"not the fields of {kind.__name__}")

    def decode(row: Any) -> Any:
        check(row)
        values = dict(zip(names, row))
        for index, name, decode_field, optional, sequence in others:
            data = row[index]
            if data is None and optional:
                continue  # None, as it is
            values[name] = () if sequence and type(data) is list and not data else decode_field(data)
        return _instance(kind, values)

    @functools.lru_cache(maxsize=4096)
    def plain(row: tuple[Any, ...]) -> Any:
        """An instance of text fields only, shared by equal rows (text equals only text, so a
        row of other types never finds one): frozen, so sharing cannot be told from copying."""
        check(row)
        return _instance(kind, dict(zip(names, row)))

    def decode_plain(row: Any) -> Any:
        if type(row) is not list:
            raise Invalid(f"not the fields of {kind.__name__}")
        try:
            return plain(tuple(row))
        except TypeError:  # a value that cannot be a key: not text
            raise Invalid(f"not the fields of {kind.__name__}") from None
    if others or set(exact_types) != {str}:
        return Codec(encode, decode)
    return Codec(encode, decode_plain, plain=plain)


def _instance(kind: type, values: dict[str, Any]) -> Any:
    instance = object.__new__(kind)
    object.__setattr__(instance, "__dict__", values)
    return instance


def _getter(indexes: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """The items at these indexes as a tuple, in one call (`itemgetter` returns one item bare)."""
    if len(indexes) == 1:
        return lambda row: (row[indexes[0]],)
    return operator.itemgetter(*indexes) if indexes else lambda row: ()


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise Unencodable(f"{type(value).__name__} where {kind.__name__} belongs")
    return value


def encode_datetime(value: datetime) -> list[Any]:
    """[ISO text with its offset] for a naive time or a fixed offset (as YAML makes them);
    [ISO text without, zone name, fold] for a time in a named zone (as a site's timezone makes them)."""
    zone = _typed(value, datetime).tzinfo
    if not 1 < value.year < 9999:
        raise Unencodable("a time chanblog does not cache")
    if zone is None or (type(zone) is timezone and repr(zone) == repr(timezone(zone.utcoffset(None)))):
        return [value.isoformat()]
    if type(zone) is ZoneInfo and isinstance(zone.key, str) and _known_zone(zone):
        return [value.replace(tzinfo=None).isoformat(), zone.key, value.fold]
    raise Unencodable(f"a time zone the cache cannot name: {zone!r}")


def _known_zone(zone: ZoneInfo) -> bool:
    try:
        return _zone(zone.key) is zone
    except Invalid:
        return False


def decode_datetime(data: Any) -> datetime:
    """A time as `encode_datetime` writes it, in the years a post's date can take."""
    if type(data) is not list or len(data) not in (1, 3) or type(data[0]) is not str:
        raise Invalid("not a time")
    try:
        moment = datetime.fromisoformat(data[0])
    except ValueError:
        raise Invalid("not a time") from None
    if not 1 < moment.year < 9999:  # the edges, where converting to another zone overflows
        raise Invalid("a time chanblog does not cache")
    if len(data) == 1:
        return moment
    zone, fold = data[1], data[2]
    if moment.tzinfo is not None or type(zone) is not str or type(fold) is not int or fold not in (0, 1):
        raise Invalid("not a time in a zone")
    # moment.replace(tzinfo=..., fold=...), made directly: `replace` costs three times as much
    return datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                    moment.microsecond, _zone(zone), fold=fold)


@functools.lru_cache(maxsize=64)
def _zone(key: str) -> ZoneInfo:
    try:
        return ZoneInfo(key)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise Invalid(f"no time zone {key!r}") from None


def encode_any(value: Any, depth: int) -> Any:
    """A front matter value: JSON's own types as they are, the others as one tagged object."""
    kind = type(value)
    if kind is str or kind is bool or kind is float or value is None:
        return value
    if kind is int:
        if -_MAX_INT < value < _MAX_INT:
            return value
        raise Unencodable("an int too long to write in decimal")
    if depth >= MAX_DEPTH:
        raise Unencodable(f"nested more than {MAX_DEPTH} levels")
    if kind is list:
        return [encode_any(item, depth + 1) for item in value]
    if kind is dict:
        return {"dict": [[encode_any(k, depth + 1), encode_any(v, depth + 1)] for k, v in value.items()]}
    if kind is tuple or kind is set:
        return {kind.__name__: [encode_any(item, depth + 1) for item in value]}
    if kind is datetime:
        return {"datetime": encode_datetime(value)}
    if kind is date:
        return {"date": value.isoformat()}
    if kind is bytes:
        return {"bytes": base64.b64encode(value).decode("ascii")}
    raise Unencodable(f"a {kind.__name__}")


def decode_any(data: Any, depth: int) -> Any:
    kind = type(data)
    if kind is str or kind is bool or kind is float or kind is int or data is None:
        return data
    if depth >= MAX_DEPTH:
        raise Invalid(f"nested more than {MAX_DEPTH} levels")
    if kind is list:
        return [decode_any(item, depth + 1) for item in data]
    if kind is not dict or len(data) != 1:
        raise Invalid("not a tagged value")
    (tag, inner), = data.items()
    decode = _TAGS.get(tag)
    if decode is None:
        raise Invalid(f"unknown tag {tag!r}")
    try:
        return decode(inner, depth + 1)
    except (TypeError, ValueError) as exc:  # an unhashable key, a bad date or base64: not ours
        raise Invalid(str(exc)) from None


def _decode_items(data: Any, depth: int) -> list[Any]:
    if type(data) is not list:
        raise Invalid("not a list")
    return [decode_any(item, depth) for item in data]


def _decode_dict(data: Any, depth: int) -> dict[Any, Any]:
    pairs = _decode_items(data, depth)
    if any(type(pair) is not list or len(pair) != 2 for pair in pairs):
        raise Invalid("not a list of pairs")
    return dict(pairs)


def _decode_text(data: Any) -> str:
    if type(data) is not str:
        raise Invalid("not text")
    return data


_TAGS: dict[str, Callable[[Any, int], Any]] = {
    "dict": _decode_dict,
    "tuple": lambda data, depth: tuple(_decode_items(data, depth)),
    "set": lambda data, depth: set(_decode_items(data, depth)),
    "datetime": lambda data, depth: decode_datetime(data),
    "date": lambda data, depth: date.fromisoformat(_decode_text(data)),
    "bytes": lambda data, depth: base64.b64decode(_decode_text(data), validate=True),
}
