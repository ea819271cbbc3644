"""Template code in post bodies: Jekyll's Liquid and Hugo's shortcodes. Pure: text in, text out.

An import, and the build of a post copied as it was, convert the common ones into the Markdown
and HTML they stood for (`convert_templates`); nothing is run. What is left is shown as text,
listed by line in the import's summary, and warned of by `chanblog check`.

How a body is read, in time linear in its length:
- pulldown-cmark (the engine chanblog renders with) gives the body's code spans and code blocks;
- one scan from left to right finds the tags as Liquid's and Hugo's lexers do: each opener
  (`{%`, `{{`, `{{<`, `{{%`, and Hugo's escaped `{{</*`, `{{%/*`) is closed by the first closer
  after it, within MAX_TAG characters; a tag that starts in code is code;
- one pass over the tags pairs the blocks (`raw`, `comment`, `highlight`) and converts the rest.

Code is shown as it was written, with two exceptions, because the old site never showed them:
the `{% raw %}` and `{% endraw %}` markers (Jekyll runs Liquid in code too, so posts about Liquid
wrap their examples in them) and Hugo's escaped shortcodes (`{{</* x */>}}` shows `{{< x >}}`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pyromark

from chanblog import commonmark
from chanblog.markup import plain_text

MAX_TAG = 4000  # characters from a tag's opener to its closer; beyond that, the opener is text
SHOWN = 60  # characters of a tag shown in a Leftover


@dataclass(frozen=True)
class Leftover:
    """Template code that was not converted (or, for `template_syntax`, that a body holds)."""

    line: int  # line in the body given, counted from 1
    text: str  # the tag as written, shortened to about 60 characters


@dataclass(frozen=True)
class Converted:
    """A body with its template code converted, and what was left as written."""

    text: str
    leftovers: tuple[Leftover, ...]  # template code that was not converted, in line order


@dataclass(frozen=True)
class TemplateContext:
    """What template code in an old site's bodies refers to, on the new site."""

    site_url: str  # the new site's origin + base path, no trailing slash: "https://example.com/blog"
    base_path: str  # "/blog", or "" at the root
    # (kind, target as written, quotes and any '#fragment' stripped) -> the post's new site path, base
    # path included ("/blog/2013/05/x/"), or None when unknown. kind is "link" ({% link _posts/x.md %}),
    # "post_url" ({% post_url 2013-05-06-x %}), "ref" or "relref" ({{< ref "posts/x.md" >}})
    resolve: Callable[[str, str], str | None]
    variables: Mapping[str, str] = field(default_factory=dict)  # other site.* values: {"title": ...}
    liquid: bool = True  # convert Liquid (Jekyll, Eleventy); when False it is only listed
    shortcodes: bool = True  # convert Hugo's shortcodes; when False they are only listed

    @property
    def origin(self) -> str:
        return self.site_url[:len(self.site_url) - len(self.base_path)] if self.base_path else self.site_url


def convert_templates(body: str, context: TemplateContext) -> Converted:
    """`body` with the common Liquid tags and Hugo shortcodes converted; the rest kept and listed."""
    if "{{" not in body and "{%" not in body:
        return Converted(body, ())
    pieces = _joined(_pieces(body, _Reader(body), _Converter(context)), context)
    return Converted(_assembled(body, pieces), _leftovers(pieces))


def template_syntax(body: str) -> list[Leftover]:
    """The Liquid and Hugo template code in a Markdown body, outside code: one Leftover per tag,
    or per block for `raw`, `comment` and `highlight` (reported at their first tag)."""
    if "{{" not in body and "{%" not in body:
        return []
    return list(_leftovers(_pieces(body, _Reader(body), None)))


# ---------------------------------------------------------------------------------------------
# Reading: code ranges and tags

@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    line: int
    kind: str  # "liquid" {% %}, "output" {{ }}, "shortcode" {{< >}} or {{% %}}, "escaped" {{</* */>}}
    inner: str  # between the delimiters, stripped (and Liquid's '-' whitespace control)
    in_code: bool
    source: str  # the tag as written

    @property
    def name(self) -> str:
        return self.inner.split(None, 1)[0] if self.inner else ""

    @property
    def args(self) -> str:
        parts = self.inner.split(None, 1)
        return parts[1] if len(parts) == 2 else ""

    def is_(self, *names: str) -> bool:
        return self.kind in ("liquid", "shortcode") and self.name in names


_DELIMITERS = (("{{</*", "*/>}}", "escaped"), ("{{%/*", "*/%}}", "escaped"), ("{{<", ">}}", "shortcode"),
               ("{{%", "%}}", "shortcode"), ("{{", "}}", "output"), ("{%", "%}", "liquid"))
_OPENER = re.compile(r"\{[{%]")
_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
            | pyromark.Options.ENABLE_STRIKETHROUGH | pyromark.Options.ENABLE_TASKLISTS | pyromark.Options.ENABLE_GFM)


class _Reader:
    """A body's code ranges (as Markdown reads them) and its tags."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.code = _code_ranges(text)  # (start, end, is_block), sorted, not overlapping
        self.starts = [start for start, _, _ in self.code]
        self.block_starts = [start for start, _, block in self.code if block]
        self.tags = _scan(self)
        self.following = _following(self.tags)

    def code_at(self, pos: int) -> int:
        """The index of the code range holding `pos`, or -1."""
        index = bisect_right(self.starts, pos) - 1
        return index if index >= 0 and self.code[index][1] > pos else -1

    def next_block_start(self, pos: int) -> int:
        """Where the first code block starting after `pos` starts (len(text) if none)."""
        index = bisect_right(self.block_starts, pos)  # code spans may sit inside a tag; code blocks not
        return self.block_starts[index] if index < len(self.block_starts) else len(self.text)

    def outside_code(self, start: int, end: int) -> list[tuple[int, int, bool]]:
        """[start, end) cut into (start, end, in_code) parts."""
        parts, pos = [], start
        index = max(bisect_right(self.starts, start) - 1, 0)
        while pos < end:
            if index < len(self.code) and self.code[index][1] <= pos:
                index += 1
                continue
            if index < len(self.code) and self.code[index][0] <= pos:
                stop = min(self.code[index][1], end)
                parts.append((pos, stop, True))
            else:
                stop = min(self.code[index][0], end) if index < len(self.code) else end
                parts.append((pos, stop, False))
            pos = stop
        return parts


def _code_ranges(text: str) -> list[tuple[int, int, bool]]:
    """Code spans and code blocks as character ranges (pulldown-cmark gives UTF-8 byte offsets)."""
    found: list[tuple[int, int, bool]] = []
    for event, where in pyromark.events_with_range(text, options=_OPTIONS):
        if isinstance(event, dict) and "Code" in event:
            found.append((where["start"], where["end"], False))
        elif isinstance(event, dict) and isinstance(event.get("Start"), dict) and "CodeBlock" in event["Start"]:
            found.append((where["start"], where["end"], True))
    if text.isascii():
        return found
    encoded, chars, last, at = text.encode("utf-8"), {}, 0, 0
    for offset in sorted({o for start, end, _ in found for o in (start, end)}):
        at += len(encoded[last:offset].decode("utf-8"))
        chars[offset], last = at, offset
    return [(chars[start], chars[end], block) for start, end, block in found]


class _Closers:
    """`str.find` for closers, remembering the last answer: each stretch of text is searched once
    per closer, so a body of unclosed openers is read in linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, tuple[int, int]] = {}  # closer -> (searched from, found at or -1)

    def find(self, closer: str, start: int) -> int:
        known = self.known.get(closer)
        if known and known[0] <= start and (known[1] == -1 or known[1] >= start):
            return known[1]
        found = self.text.find(closer, start)
        self.known[closer] = (start, found)
        return found


def _scan(reader: _Reader) -> list[_Tag]:
    text, closers, tags = reader.text, _Closers(reader.text), []
    pos, line, counted = 0, 1, 0
    while (opener := _OPENER.search(text, pos)) is not None:
        if closers.find("%}", pos) == -1 and closers.find("}}", pos) == -1:
            break  # every closer ends in one of these: no tag can follow
        start = opener.start()
        found = _tag_at(text, start, closers)
        code = reader.code_at(start)
        if found is None or (code >= 0 and found[0] > reader.code[code][1]) or (
                code < 0 and found[0] > reader.next_block_start(start)):
            pos = start + 1  # no tag here: an opener without its closer, or one that crosses into code
            continue
        line, counted = line + text.count("\n", counted, start), start
        end, kind, inner = found
        tags.append(_Tag(start, end, line, kind, inner, code >= 0, text[start:end]))
        pos = end
    return tags


def _tag_at(text: str, start: int, closers: _Closers) -> tuple[int, str, str] | None:
    for opener, closer, kind in _DELIMITERS:
        if text.startswith(opener, start):
            at = closers.find(closer, start + len(opener))
            if at != -1 and at + len(closer) - start <= MAX_TAG:
                inner = text[start + len(opener):at]
                if kind in ("liquid", "output"):
                    inner = inner.removeprefix("-").removesuffix("-")
                return at + len(closer), kind, inner.strip()
    return None


_CLOSERS = {"raw": "endraw", "comment": "endcomment", "highlight": "endhighlight"}
_HUGO_CLOSERS = {"highlight": "/highlight"}


def _following(tags: list[_Tag]) -> dict[str, list[int]]:
    """For each closing tag's name, the index of the next such tag after each index (-1: none)."""
    wanted = set(_CLOSERS.values()) | set(_HUGO_CLOSERS.values())
    following: dict[str, list[int]] = {name: [-1] * len(tags) for name in wanted}
    for name, nexts in following.items():
        seen = -1
        for index in range(len(tags) - 1, -1, -1):
            nexts[index] = seen
            if tags[index].is_(name):
                seen = index
    return following


# ---------------------------------------------------------------------------------------------
# Pieces: what each tag or block becomes

@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    text: str | None  # what replaces [start, end); None keeps it as written, as a leftover
    tag: _Tag
    role: str = ""  # "url", "baseurl", "link", "relative": how it joins the piece after it; or "block"


def _pieces(text: str, reader: _Reader, converter: _Converter | None) -> list[_Piece]:
    """Every tag's piece, in order; with no converter, every tag or block outside code is a leftover."""
    pieces: list[_Piece] = []
    index, tags = 0, reader.tags
    while index < len(tags):
        tag = tags[index]
        closer = _block_closer(reader, index)
        if closer >= 0:
            pieces += _block(reader, index, closer, converter)
            index = closer + 1
            continue
        if not tag.in_code:
            pieces.append(converter.single(tag) if converter else _Piece(tag.start, tag.end, None, tag))
        elif converter and tag.kind == "escaped" and converter.context.shortcodes:
            pieces.append(_Piece(tag.start, tag.end, _unescaped(tag), tag))
        index += 1
    return pieces


def _block_closer(reader: _Reader, index: int) -> int:
    """The index of the tag that closes the block `tags[index]` opens, or -1. A raw block opens
    anywhere (in code too); comment and highlight blocks only outside code."""
    tag = reader.tags[index]
    if tag.kind == "liquid" and (tag.name == "raw" or (tag.name in _CLOSERS and not tag.in_code)):
        return reader.following[_CLOSERS[tag.name]][index]
    if tag.kind == "shortcode" and tag.name in _HUGO_CLOSERS and not tag.in_code:
        return reader.following[_HUGO_CLOSERS[tag.name]][index]
    return -1


def _block(reader: _Reader, index: int, closer: int, converter: _Converter | None) -> list[_Piece]:
    tag, close = reader.tags[index], reader.tags[closer]
    if converter is None or not converter.converts(tag):
        return [] if tag.in_code else [_Piece(tag.start, tag.end, None, tag)]
    if tag.name == "raw":
        return _raw(reader, tag, close)
    if tag.name == "comment":
        start, end = _whole_lines(reader.text, tag.start, close.end)
        return [_Piece(start, end, "", tag)]
    return [_highlight(reader, index, closer)]


def _raw(reader: _Reader, tag: _Tag, close: _Tag) -> list[_Piece]:
    """`{% raw %}…{% endraw %}`: its content as text. Outside code, the braces that open template
    code are written as `&#123;`, so the text neither runs anywhere nor is reported again."""
    first = _Piece(*_whole_lines(reader.text, tag.start, tag.end), "", tag)
    last = _Piece(*_whole_lines(reader.text, close.start, close.end), "", close)
    if last.start < first.end:  # `{% raw %}{% endraw %}`, together alone on their line
        return [_Piece(first.start, last.end, "", tag)]
    content = "".join(reader.text[start:end] if in_code else _TEMPLATE_BRACE.sub("&#123;", reader.text[start:end])
                      for start, end, in_code in reader.outside_code(first.end, last.start))
    return [first, _Piece(first.end, last.start, content, tag), last]


_TEMPLATE_BRACE = re.compile(r"\{(?=[{%])")


def _highlight(reader: _Reader, index: int, closer: int) -> _Piece:
    """`{% highlight ruby linenos %}…{% endhighlight %}` or Hugo's `{{< highlight go >}}…{{< /highlight >}}`:
    a fenced code block (line numbers and other options are dropped), on lines of its own."""
    tag, close, text = reader.tags[index], reader.tags[closer], reader.text
    code = _code_text(reader, index + 1, closer).lstrip("\r\n").rstrip(" \t\r\n")  # and the closer's indent
    words = _arguments(tag.args) if tag.kind == "shortcode" else {"0": tag.args.split(" ", 1)[0].strip("\"'")}
    language = words.get("lang") or words.get("0", "")
    language = language if re.fullmatch(r"[\w+#.-]+", language) else ""
    fence = "`" * max(3, _longest_run(code, "`") + 1)
    indent = _blanks_before(text, tag.start)
    line_start = tag.start - len(indent)
    at_line_start = line_start == 0 or text[line_start - 1] == "\n"
    before, indent = ("", indent) if at_line_start else ("\n", "")
    after = "" if text[close.end:close.end + 1] in ("", "\n") else "\n"
    code = f"{code}\n" if code else ""
    return _Piece(tag.start, close.end, f"{before}{fence}{language}\n{code}{indent}{fence}{after}", tag)


def _code_text(reader: _Reader, first: int, last: int) -> str:
    """The text between tags[first - 1] and tags[last], shown as code: raw markers dropped (their
    content kept as written), Hugo's escapes undone."""
    tags, text = reader.tags, reader.text
    parts, pos, index = [], tags[first - 1].end, first
    while index < last:
        tag = tags[index]
        close = reader.following["endraw"][index] if tag.is_("raw") else -1
        if tag.kind == "escaped":
            parts += [text[pos:tag.start], _unescaped(tag, in_code=True)]
            pos = tag.end
        elif 0 <= close < last:
            parts += [text[pos:tag.start], text[tag.end:tags[close].start]]
            pos, index = tags[close].end, close
        index += 1
    return "".join([*parts, text[pos:tags[last].start]])


def _blanks_before(text: str, pos: int) -> str:
    """The spaces and tabs right before `pos`."""
    start = pos
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return text[start:pos]


def _longest_run(text: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)


def _unescaped(tag: _Tag, in_code: bool = False) -> str:
    """Hugo's `{{</* x */>}}` shows `{{< x >}}`; outside code its braces are written as entities."""
    shown = tag.source[:3] + tag.source[5:-5] + tag.source[-3:]
    return shown if tag.in_code or in_code else _TEMPLATE_BRACE.sub("&#123;", shown)


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to its whole lines, newline included, when nothing else is on them."""
    before, after = start - len(_blanks_before(text, start)), _after_blanks(text, end)
    if (before == 0 or text[before - 1] == "\n") and (after == len(text) or text[after] == "\n"):
        return before, min(after + 1, len(text))
    return start, end


def _after_blanks(text: str, pos: int) -> int:
    """Where the spaces and tabs from `pos` on end."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


# ---------------------------------------------------------------------------------------------
# Single tags

_ARGUMENT = re.compile(r"""\s*(?:([\w-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`]+))""")
_YOUTUBE_ID = re.compile(r"[\w-]{11}")
_YOUTUBE_URL = re.compile(r"(?:youtu\.be/|[?&]v=|/embed/|/shorts/|/v/)([\w-]{11})")
_VIMEO = re.compile(r"(?:^|vimeo\.com/(?:video/)?)(\d+)(?:$|[/?#])")
_STATUS = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,15})/status(?:es)?/(\d+)")
_EMBEDS = {"youtube": ("https://www.youtube-nocookie.com/embed/{}", "YouTube video"),
           "vimeo": ("https://player.vimeo.com/video/{}?dnt=1", "Vimeo video")}
_SIZE = re.compile(r"\d{1,5}")


def _arguments(text: str, quoted_only: bool = False) -> dict[str, str]:
    """`src="a b" alt=x "y" z` -> {"src": "a b", "alt": "x", "0": "y", "1": "z"}, as Hugo reads a
    shortcode's arguments; empty when a quote is left open. `quoted_only` keeps the values in quotes
    (a bare value in a Liquid include is a variable: nothing known here)."""
    found: dict[str, str] = {}
    pos, positional = 0, 0
    text = text.rstrip().removesuffix("/").rstrip()  # Hugo's self-closing `{{< x />}}`
    while pos < len(text):
        match = _ARGUMENT.match(text, pos)
        if match is None:
            return {}
        value = next(v for v in match.group(2, 3, 4, 5) if v is not None)
        value = value.replace('\\"', '"') if match[2] is not None else value
        if not (quoted_only and match[5] is not None):
            found[match[1].lower() if match[1] else str(positional)] = value
        positional += not match[1]
        pos = match.end()
    return found


class _Converter:
    """What each single tag becomes on the new site, or None when it is not converted."""

    def __init__(self, context: TemplateContext) -> None:
        self.context = context

    def converts(self, tag: _Tag) -> bool:
        return self.context.liquid if tag.kind in ("liquid", "output") else self.context.shortcodes

    def single(self, tag: _Tag) -> _Piece:
        if not self.converts(tag):
            return _Piece(tag.start, tag.end, None, tag)
        if tag.kind == "output":
            value, role = _evaluate(tag.inner, self.context) or (None, "")
            return _Piece(tag.start, tag.end, value, tag, role)
        if tag.kind == "escaped":
            return _Piece(tag.start, tag.end, _unescaped(tag), tag)
        handler = (_LIQUID if tag.kind == "liquid" else _SHORTCODES).get(tag.name)
        made = handler(self.context, tag.args) if handler else None
        role = "link" if tag.name in ("link", "post_url", "ref", "relref") else ""
        return _Piece(tag.start, tag.end, made, tag, "block" if (tag.kind, tag.name) in _BLOCK_TAGS else role)


def _liquid_target(args: str) -> str | None:
    target = args.strip().strip("\"'")
    return target if target and not re.search(r"[\s{}]", target) else None


def _liquid_link(kind: str) -> Callable[[TemplateContext, str], str | None]:
    def convert(context: TemplateContext, args: str) -> str | None:
        target = _liquid_target(args)
        return context.resolve(kind, target) if target else None
    return convert


def _hugo_ref(kind: str) -> Callable[[TemplateContext, str], str | None]:
    def convert(context: TemplateContext, args: str) -> str | None:
        words = _arguments(args)
        target = words.get("path") or words.get("0", "")
        path, _, fragment = target.partition("#")
        if not path:
            return f"#{fragment}" if fragment else None
        found = context.resolve(kind, path)
        return f"{found}#{fragment}" if found and fragment else found
    return convert


def _video(provider: str, value: str, title: str = "") -> str | None:
    if provider == "youtube":
        found = value if _YOUTUBE_ID.fullmatch(value) else (m[1] if (m := _YOUTUBE_URL.search(value)) else "")
    elif provider == "vimeo":
        found = m[1] if (m := _VIMEO.search(value)) else ""
    else:
        return None
    if not found:
        return None
    address, default_title = _EMBEDS[provider]
    return (f'<iframe src="{address.format(found)}" title="{html.escape(title or default_title)}" '
            f'width="560" height="315" allowfullscreen></iframe>')


def _hugo_video(provider: str) -> Callable[[TemplateContext, str], str | None]:
    def convert(context: TemplateContext, args: str) -> str | None:
        words = _arguments(args)
        return _video(provider, words.get("id") or words.get("0", ""), words.get("title", ""))
    return convert


def _liquid_video(provider: str) -> Callable[[TemplateContext, str], str | None]:
    def convert(context: TemplateContext, args: str) -> str | None:
        return _video(provider, args.strip().strip("\"'"))
    return convert


def _include(context: TemplateContext, args: str) -> str | None:
    """`{% include youtube.html id="…" %}` and other includes whose name says which video they embed."""
    name, *rest = args.split(None, 1)
    words = _arguments(rest[0] if rest else "", quoted_only=True)
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0].lower()
    provider = next((p for p in _EMBEDS if p in stem), "")
    if stem == "video":
        provider = words.get("provider", "").lower()
    value = next((words[key] for key in ("id", "video_id", "youtube_id", "vimeo_id", "video", "src", "url")
                  if key in words), "")
    return _video(provider, value, words.get("title", ""))


def _tweet(user: str, number: str) -> str | None:
    if not re.fullmatch(r"\d{1,25}", number) or (user and not re.fullmatch(r"\w{1,15}", user)):
        return None
    who = f" by @{user}" if user else ""
    return f"[A post{who} on X](https://x.com/{user or 'i'}/status/{number})"


def _hugo_tweet(context: TemplateContext, args: str) -> str | None:
    words = _arguments(args)
    if "id" in words:
        return _tweet(words.get("user", ""), words["id"])
    return _tweet(words.get("0", "") if "1" in words else "", words.get("1") or words.get("0", ""))


def _liquid_tweet(context: TemplateContext, args: str) -> str | None:
    found = _STATUS.search(args)
    return _tweet(found[1], found[2]) if found else None


def _gist(user: str, number: str, file: str = "") -> str | None:
    if not re.fullmatch(r"[\w-]{1,40}", user or "x") or not re.fullmatch(r"\w{1,64}", number) or (
            file and not re.fullmatch(r"[\w.-]{1,100}", file)):
        return None
    address = f"https://gist.github.com/{user}/{number}" if user else f"https://gist.github.com/{number}"
    anchor = f"#file-{file.replace('.', '-').lower()}" if file else ""
    named = f"{file}, a gist" if file else "A gist"
    return f"[{named}{f' by {user}' if user else ''}]({address}{anchor})"


def _hugo_gist(context: TemplateContext, args: str) -> str | None:
    words = _arguments(args)
    return _gist(words.get("user") or words.get("0", ""), words.get("id") or words.get("1", ""),
                 words.get("file") or words.get("2", ""))


def _liquid_gist(context: TemplateContext, args: str) -> str | None:
    words = args.split()
    if not words:
        return None
    user, _, number = words[0].strip("\"'").rpartition("/")
    return _gist(user, number, words[1].strip("\"'") if len(words) > 1 else "")


def _figure(context: TemplateContext, args: str) -> str | None:
    """Hugo's `{{< figure src=… alt=… caption=… >}}`: a <figure> of its own (see `_joined`)."""
    words = _arguments(args)
    if not words or not words.get("src"):
        return None
    caption = _inline_html(words.get("caption", ""))
    alt = words.get("alt") or plain_text(caption)
    size = "".join(f' {k}="{words[k]}"' for k in ("width", "height") if _SIZE.fullmatch(words.get(k, "")))
    picture = f'<img src="{html.escape(words["src"])}" alt="{html.escape(alt)}"{size}>'
    if words.get("link"):
        picture = f'<a href="{html.escape(words["link"])}">{picture}</a>'
    attribution = _inline_html(words.get("attr", ""))
    if attribution and words.get("attrlink"):
        attribution = f'<a href="{html.escape(words["attrlink"])}">{attribution}</a>'
    title = f"<strong>{html.escape(words['title'])}</strong> " if words.get("title") else ""
    text = f"{title}{caption} {attribution}".strip()
    classes = words.get("class", "")
    css = f' class="{html.escape(classes)}"' if re.fullmatch(r"[\w -]+", classes) else ""
    return f"<figure{css}>{picture}{f'<figcaption>{text}</figcaption>' if text else ''}</figure>"


def _inline_html(markdown: str) -> str:
    """Hugo's `markdownify`: a caption's Markdown as HTML, without the paragraph around one line."""
    if not markdown.strip():
        return ""
    made = commonmark.to_html(markdown)
    inner = made.removeprefix("<p>").removesuffix("</p>")
    return inner if "<p>" not in inner and made.startswith("<p>") else made


def _comment(context: TemplateContext, args: str) -> str | None:
    return ""  # Liquid's inline comment, `{% # … %}`


_LIQUID: dict[str, Callable[[TemplateContext, str], str | None]] = {
    "link": _liquid_link("link"), "post_url": _liquid_link("post_url"), "include": _include,
    "youtube": _liquid_video("youtube"), "vimeo": _liquid_video("vimeo"), "twitter": _liquid_tweet,
    "tweet": _liquid_tweet, "gist": _liquid_gist, "#": _comment}
# What becomes a block of HTML, on lines of its own: figures and embedded videos.
_BLOCK_TAGS = {("liquid", "include"), ("liquid", "youtube"), ("liquid", "vimeo"), ("shortcode", "figure"),
               ("shortcode", "youtube"), ("shortcode", "vimeo")}
_SHORTCODES: dict[str, Callable[[TemplateContext, str], str | None]] = {
    "ref": _hugo_ref("ref"), "relref": _hugo_ref("relref"), "figure": _figure, "youtube": _hugo_video("youtube"),
    "vimeo": _hugo_video("vimeo"), "tweet": _hugo_tweet, "x": _hugo_tweet, "gist": _hugo_gist}


# ---------------------------------------------------------------------------------------------
# Liquid output: {{ site.url }}, {{ "/x" | relative_url }}, {{ site.title }}

_TOKEN = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+)|([|:,]))""")


def _expression(text: str) -> list[tuple[str, str]] | None:
    """Liquid's tokens: ("string", value), ("name", site.url), ("|", "|")…; None if it has others."""
    tokens, pos, end = [], 0, len(text.rstrip())
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None:
            return None
        if match[1] is not None or match[2] is not None:
            tokens.append(("string", match[1] if match[1] is not None else match[2]))
        else:
            tokens.append(("name", match[3]) if match[3] else (match[4], match[4]))
        pos = match.end()
    return tokens


def _evaluate(text: str, context: TemplateContext) -> tuple[str, str] | None:
    """The value of a Liquid output tag that only uses strings, site.url, site.baseurl, the site's
    variables and the filters relative_url, absolute_url, prepend and append; with its role."""
    tokens = _expression(text)
    if not tokens:
        return None
    url = context.origin if ("name", "site.baseurl") in tokens else context.site_url
    value = _value(tokens[0], context, url)
    rest, last_filter = tokens[1:], ""
    while value is not None and rest:
        if len(rest) < 2 or rest[0][0] != "|" or rest[1][0] != "name":
            return None
        last_filter, argument, rest = rest[1][1], None, rest[2:]
        if rest and rest[0][0] == ":":
            if len(rest) < 2:
                return None
            argument, rest = _value(rest[1], context, url), rest[2:]
        value = _filtered(value, last_filter, argument, context)
    if value is None:
        return None
    roles = {"site.url": "url", "site.baseurl": "baseurl"}
    relative = last_filter in ("relative_url", "url")
    role = roles.get(tokens[0][1], "") if len(tokens) == 1 else "relative" if relative else ""
    return value, role


def _value(token: tuple[str, str], context: TemplateContext, url: str) -> str | None:
    kind, text = token
    if kind == "string":
        return text
    if kind != "name" or not text.startswith("site."):
        return None
    key = text.removeprefix("site.")
    return {"url": url, "baseurl": context.base_path}.get(key, context.variables.get(key))


def _filtered(value: str, name: str, argument: str | None, context: TemplateContext) -> str | None:
    if name in ("prepend", "append"):
        return None if argument is None else argument + value if name == "prepend" else value + argument
    name = "relative_url" if name == "url" else name  # Eleventy's name for it
    if name not in ("relative_url", "absolute_url") or argument is not None:
        return None
    if re.match(r"[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return value  # an address of its own
    relative = context.base_path + (value if value.startswith("/") else f"/{value}")
    return context.origin + relative if name == "absolute_url" else relative


# ---------------------------------------------------------------------------------------------
# Putting the body together

_JOINS = {"url": ("baseurl", "link", "relative"), "baseurl": ("link", "relative")}


def _joined(pieces: list[_Piece], context: TemplateContext) -> list[_Piece]:
    """`{{ site.baseurl }}{% post_url x %}` and `{{ site.url }}{{ site.baseurl }}/x`, written together
    for Jekyll 3, keep one base path: what the next piece already holds is dropped from this one."""
    joined = list(pieces)
    for index, (piece, after) in enumerate(zip(pieces, pieces[1:])):
        if piece.text is not None and after.text is not None and piece.end == after.start \
                and after.role in _JOINS.get(piece.role, ()):
            joined[index] = replace(piece, text=context.origin if piece.role == "url" else "")
    return joined


def _assembled(text: str, pieces: list[_Piece]) -> str:
    parts, pos, block_end = [], 0, -1
    for piece in pieces:
        made = piece.text if piece.text is not None else text[piece.start:piece.end]
        if piece.text and piece.role == "block":
            after_block = block_end >= 0 and not text[block_end:piece.start].strip()  # it has its blank line
            made = _on_lines_of_its_own(text, piece.start, piece.end, made, after_block)
            block_end = piece.end
        parts += [text[pos:piece.start], made]
        pos = piece.end
    return "".join([*parts, text[pos:]])


def _on_lines_of_its_own(text: str, start: int, end: int, block: str, after_block: bool = False) -> str:
    """A block of HTML with a blank line before and after it, so that Markdown neither puts it in a
    paragraph nor reads the next line as part of it (`after_block`: the block before it gave it one)."""
    line_start = start - len(_blanks_before(text, start))
    if line_start > 0 and text[line_start - 1] != "\n":
        block = "\n\n" + block  # text before it on its line
    elif line_start > 0 and not after_block and not _blank_line_ends_at(text, line_start - 1):
        block = "\n" + block
    line_end = _after_blanks(text, end)
    if line_end < len(text) and text[line_end] != "\n":
        block += "\n\n"  # text after it on its line
    elif line_end < len(text) and (after := _after_blanks(text, line_end + 1)) < len(text) and text[after] != "\n":
        block += "\n"
    return block


def _blank_line_ends_at(text: str, newline: int) -> bool:
    start = newline - len(_blanks_before(text, newline))
    return start == 0 or text[start - 1] == "\n"


def _leftovers(pieces: list[_Piece]) -> tuple[Leftover, ...]:
    return tuple(Leftover(piece.tag.line, _shown(piece.tag.source)) for piece in pieces if piece.text is None)


def _shown(source: str) -> str:
    """A tag as written, on one line, shortened to about SHOWN characters."""
    text = " ".join(source[:SHOWN * 4].split())
    return text if len(text) <= SHOWN else text[:SHOWN - 1].rstrip() + "…"
