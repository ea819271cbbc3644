"""Old blogs' HTML as clean Markdown for chanblog's Python-Markdown, and comments as plain text.

WordPress stores bodies with its `wpautop` convention (a blank line ends a paragraph, a single
newline is a line break) and shortcodes; `wpautop` and `expand_shortcodes` make real HTML of
them first. `to_markdown` then converts with markdownify, configured so that what comes out
renders back to the same text, links and images:

- headings, paragraphs, lists, links, images (alt text and URL), blockquotes and simple tables
  become Markdown; `<pre>` becomes a fenced code block of the text it showed (not the tags
  inside it), inside lists and quotes too, as CommonMark reads them;
- HTML with no Markdown form is kept as raw HTML: embeds (`iframe`, `video`, `object`...),
  figures, tables with merged cells or block content, lists counting down (`<ol reversed>`),
  and inline tags such as `<u>`, `<sup>`, `<kbd>`;
- the presentational wrappers `div`, `span` and `font` are unwrapped: their content stays,
  their fonts, colours and alignment do not;
- `<!--more-->` (and Blogger's `<a name="more">`) stays the excerpt marker; other HTML
  comments (WordPress block-editor markers) are dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter, chomp

# Block-level tags as WordPress's wpautop knows them.
_BLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
           r"blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
           r"footer|nav|figure|figcaption|details|menu|summary)")
_PROTECTED = re.compile(r"<(pre|script|style|textarea|figure)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_WITH_NEWLINES = re.compile(r"<[a-zA-Z/!][^<>]*>")
_MORE = re.compile(r"^\s*more\b", re.IGNORECASE)

# Kept as the original HTML, block by block: Markdown has nothing like them.
RAW_BLOCKS = ("iframe", "object", "embed", "video", "audio", "figure", "script", "noscript", "style", "form",
              "canvas", "svg", "math", "details", "map", "textarea", "picture")
# Kept as HTML tags around their converted content.
RAW_INLINE = ("u", "ins", "del", "s", "strike", "sub", "sup", "small", "big", "mark", "abbr", "acronym", "cite",
              "dfn", "time", "var", "q", "bdo", "bdi", "kbd", "samp")
UNWRAPPED = ("div", "span", "font", "center", "section", "article", "header", "footer", "main", "aside", "nav")


@dataclass(frozen=True)
class Image:
    """A picture the export knows by id (a WordPress attachment), for galleries."""

    url: str
    alt: str = ""


# ---------------------------------------------------------------------------------------------
# wpautop


def wpautop(text: str, br: bool = True) -> str:
    """WordPress's paragraph convention as HTML: blank lines end paragraphs, newlines become `<br />`."""
    if not text.strip():
        return ""
    text, saved = _protect(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _TAG_WITH_NEWLINES.sub(lambda m: m[0].replace("\n", " "), text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_BLOCKS}>)", r"\1\n\n", text)
    chunks = [chunk.strip("\n") for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    text = _tidy_paragraphs("".join(f"<p>{chunk}</p>\n" for chunk in chunks))
    if br:
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
        text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    return _restore(text, saved).rstrip("\n")


def _tidy_paragraphs(text: str) -> str:
    """Take `<p>` off block tags that wpautop's blind wrapping put it around."""
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)", r"\1", text)
    return re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)


def _protect(text: str) -> tuple[str, list[str]]:
    saved: list[str] = []

    def keep(match: re.Match[str]) -> str:
        saved.append(match[0])
        return f"<pre>\0{len(saved) - 1}\0</pre>"
    return _PROTECTED.sub(keep, text), saved


def _restore(text: str, saved: list[str]) -> str:
    return re.sub(r"<pre>\0(\d+)\0</pre>", lambda m: saved[int(m[1])], text)


# ---------------------------------------------------------------------------------------------
# Shortcodes

_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)""")
_CODE = re.compile(r"\[(code|sourcecode)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL)
_ENCLOSING = re.compile(r"\[(caption|wp_caption|embed)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]")
_MEDIA = re.compile(r"\[(audio|video)\b([^\]]*)\](?:\s*\[/\1\])?")
_MEDIA_SOURCES = {"audio": ("src", "mp3", "m4a", "ogg", "oga", "wav", "flac", "0"),
                  "video": ("src", "mp4", "m4v", "webm", "ogv", "mov", "0")}
# Shortcodes of WordPress and its common plugins: `[name]` with one of these names is reported
# when left as text; any other `[words in brackets]` is prose, unless it reads `[name attr=...]`
# or is closed by `[/name]`.
KNOWN_SHORTCODES = frozenset((
    "audio", "video", "playlist", "gallery", "caption", "wp_caption", "embed", "code", "sourcecode", "youtube",
    "vimeo", "wpvideo", "dailymotion", "ted", "soundcloud", "spotify", "bandcamp", "twitter", "tweet",
    "instagram", "flickr", "slideshow", "googlemaps", "googleapps", "contact-form", "contact-field", "polldaddy",
    "crowdsignal", "recipe", "latex", "gist", "archives", "scribd", "portfolio", "testimonials",
    "blog_subscription_form", "subscribe", "wp_email", "purchase_link", "product", "products", "add_to_cart"))
_YOUTUBE = re.compile(r"\[youtube[=\s]\s*([^\]\s]+)[^\]]*\]")
_ANY_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s+|=)[^\]]*)?\]")
_ATTRIBUTE_LIKE = re.compile(r"""^=|[\w-]\s*=\s*["'\w/]|\s["']""")
_CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
_CODE_REGION = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)


def shortcode_attributes(text: str) -> dict[str, str]:
    """`id="a" align=left "x"` -> {"id": "a", "align": "left", "0": "x"}, like WordPress reads them."""
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        if match[1]:
            found[match[1].lower()] = next(v for v in match.group(2, 3, 4) if v is not None)
        else:
            found[str(len([k for k in found if k.isdigit()]))] = match[5] if match[5] is not None else match[6]
    return found


def expand_shortcodes(text: str, media: Mapping[str, Image] | None = None,
                      attached: Sequence[str] = ()) -> tuple[str, tuple[str, ...]]:
    """Turn the shortcodes chanblog understands into HTML; return it with the names of those left as text.

    `[code]`, `[caption]`, `[gallery]` (through `media`, the export's pictures by id, and
    `attached`, the ids of this post's own pictures), `[audio]`, `[video]`, `[embed]`,
    `[youtube]` and a URL alone on its line (WordPress embeds those) are converted. Any other
    shortcode stays in the body as visible text, and is named in the result so the import can
    say so; `[words in brackets]` that are no shortcode are prose, and not named."""
    found = media or {}
    text = _outside_code(text, lambda part: _CODE.sub(_code_block, part))
    text = _outside_code(text, lambda part: _expand(part, found, attached))
    return text, _kept_shortcodes(_CODE_REGION.sub("", text))


def _expand(text: str, media: Mapping[str, Image], attached: Sequence[str]) -> str:
    text = _ENCLOSING.sub(_enclosing, text)
    text = _GALLERY.sub(lambda m: _gallery(m, media, attached), text)
    text = _MEDIA.sub(_media_element, text)
    text = _YOUTUBE.sub(lambda m: _link(m[1]), text)
    return _BARE_URL_LINE.sub(lambda m: _link(m[1]), text)


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """Apply `change` to the text between code blocks: code is shown as it was written."""
    parts, last = [], 0
    for match in _CODE_REGION.finditer(text):
        parts += [change(text[last:match.start()]), match[0]]
        last = match.end()
    return "".join([*parts, change(text[last:])])


def _code_block(match: re.Match[str]) -> str:
    attrs = shortcode_attributes(match[2])
    language = attrs.get("language") or attrs.get("lang") or attrs.get("0", "")
    code = html.escape(html.unescape(match[3].strip("\n")), quote=False)
    css = f' class="language-{html.escape(language)}"' if re.fullmatch(r"[\w+#-]+", language) else ""
    return f"<pre><code{css}>{code}</code></pre>"


def _enclosing(match: re.Match[str]) -> str:
    if match[1] == "embed":
        return _link(match[3].strip())
    attrs = shortcode_attributes(match[2])
    found = _CAPTIONED.match(match[3])
    picture, caption = (found[1], found[2]) if found else ("", match[3])
    caption = " ".join((attrs.get("caption") or caption).split())
    align = re.sub(r"[^\w-]", "", attrs.get("align", ""))
    css = f"wp-caption {align}".strip()
    return f'<figure class="{css}">{" ".join(picture.split())}<figcaption>{caption}</figcaption></figure>'


def _gallery(match: re.Match[str], media: Mapping[str, Image], attached: Sequence[str]) -> str:
    attrs = shortcode_attributes(match[1])
    wanted = attrs.get("ids") or attrs.get("include") or ""
    ids = [i.strip() for i in wanted.split(",") if i.strip()] if wanted else list(attached)
    if not ids or any(i not in media for i in ids):
        return match[0]  # pictures the export does not hold: keep the shortcode, visibly
    images = " ".join(f'<img src="{html.escape(media[i].url)}" alt="{html.escape(media[i].alt)}">' for i in ids)
    return f'<p class="gallery">{images}</p>'


def _media_element(match: re.Match[str]) -> str:
    """`[audio mp3="x.mp3"]` as `<audio controls src="x.mp3">` (`[video]` with its width and
    height); without a source it stays, visibly."""
    kind, attrs = match[1], shortcode_attributes(match[2])
    source = next((attrs[key] for key in _MEDIA_SOURCES[kind] if attrs.get(key, "").strip()), "").strip()
    if not re.match(r"^(?:https?:)?//|^/", source):
        return match[0]
    size = "".join(f' {name}="{int(attrs[name])}"' for name in ("width", "height")
                   if kind == "video" and attrs.get(name, "").isdigit())
    return f'<{kind} controls src="{html.escape(source)}"{size}></{kind}>'


def _link(url: str) -> str:
    url = html.escape(html.unescape(url))
    return f'<a href="{url}">{url}</a>'


def _kept_shortcodes(text: str) -> tuple[str, ...]:
    """Names of what is a shortcode: a known one (`[audio]`), `[name attr=...]`, or `[name]`
    closed by `[/name]`; `[simple boat]` is prose in brackets."""
    closed = {m[2] for m in _ANY_SHORTCODE.finditer(text) if m[1]}
    names = (m[2] for m in _ANY_SHORTCODE.finditer(text) if not m[1] and (
        m[2].lower() in KNOWN_SHORTCODES or m[2] in closed or _ATTRIBUTE_LIKE.search(m[3] or "")))
    return tuple(dict.fromkeys(names))


# ---------------------------------------------------------------------------------------------
# HTML -> Markdown

_ENTITY_LIKE = re.compile(r"&(?=#\d+;|#x[0-9a-fA-F]+;|\w+;)")
_TAG_LIKE = re.compile(r"<(?=[a-zA-Z/!?])")
_LINE_START = re.compile(r"^([ \t]*)(#|>|[-+](?=[ \t]|$)|\[(?=[^\]\n]*\]:))", re.MULTILINE)
_AUTOLINK = re.compile(r"^(?:https?|ftp)://[^\s<>]+$")
_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])(?=[ \t]|$)", re.MULTILINE)
_LANGUAGE = re.compile(r"(?:language-|lang-|lang:|brush:\s*)([\w+#-]+)")
_BLOCK_IN_CELL = ("p", "div", "ul", "ol", "table", "pre", "blockquote", "br", "h1", "h2", "h3", "h4", "h5", "h6",
                  "dl", "hr", "figure")


class _Converter(MarkdownConverter):
    """markdownify, taught Python-Markdown's rules and told to keep what Markdown cannot say."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = "atx"
        bullets = "-"
        escape_misc = False
        table_infer_header = True

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in RAW_BLOCKS:
            setattr(self, f"convert_{name}", self._raw_block)
        for name in RAW_INLINE:
            setattr(self, f"convert_{name}", self._raw_inline)
        for name in UNWRAPPED:
            setattr(self, f"convert_{name}", self._unwrapped)

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Escape what Python-Markdown would read as markup; leave the rest readable."""
        text = super().escape(text.replace("\\", "\\\\").replace("`", "\\`"), parent_tags)
        text = _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text)).replace("](", "\\](")
        text = _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", text))
        return text.replace("|", "\\|") if parent_tags & {"td", "th"} else text

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not el.get("href"):
            return _open_tag(el) + text + "</a>" if (el.get("id") or el.get("name")) else text
        if "_noformat" in parent_tags or not text.strip():
            return text if text.strip() else _open_tag(el) + "</a>"
        href, title = str(el["href"]), el.get("title")
        prefix, suffix, inner = chomp(text)
        if not title and re.sub(r"\\(.)", r"\1", inner) == href and _AUTOLINK.match(href):
            return f"{prefix}<{href}>{suffix}"
        title_part = ' "%s"' % title.replace('"', '\\"') if title else ""
        return f"{prefix}[{inner}]({_destination(href)}{title_part}){suffix}"

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = el.get("src") or ""
        if not src:
            return str(el)
        alt = (el.get("alt") or "").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        title = el.get("title")
        title_part = ' "%s"' % title.replace('"', '\\"') if title else ""
        return f"![{' '.join(alt.split())}]({_destination(src)}{title_part})"

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return "\n" if "pre" in parent_tags else super().convert_br(el, text, parent_tags)

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """The code as the old page showed it: its text, not the tags (`<cite>`, `<b>`) around it."""
        code = _shown_text(el).strip("\n")
        if not code.strip():
            return ""
        language = _code_language(el)
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"\n\n{fence}{language}\n{code}\n{fence}\n\n"

    def convert_blockquote(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """markdownify's, keeping the indent of a code block that opens the quote."""
        text = (text or "").strip("\n").rstrip()
        if "_inline" in parent_tags or not text.strip():
            return f" {text.strip()} " if "_inline" in parent_tags else "\n"
        quoted = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
        return f"\n{quoted}\n\n"

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """CommonMark wants what belongs to a list item indented to where its text starts."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        indent = " " * (len(bullet) + 1)
        rest = [f"{indent}{line}" if line.strip() else "" for line in lines[1:]]
        return "\n".join([f"{bullet} {lines[0]}", *rest]) + "\n"

    def convert_ol(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A list counting down (`<ol reversed>`) has no Markdown form: it stays HTML."""
        if el.has_attr("reversed"):
            return self._raw_block(el, text, parent_tags)
        return super().convert_ol(el, text, parent_tags)

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if _has_markdown_form(el):
            return super().convert_table(el, text, parent_tags)
        return self._raw_block(el, text, parent_tags)

    def convert_chanblog_more(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return "\n\n<!--more-->\n\n"

    def _raw_block(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return str(el) if "_inline" in parent_tags else f"\n\n{el}\n\n"

    def _raw_inline(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return f"{_open_tag(el)}{text}</{el.name}>" if text.strip() else text

    def _unwrapped(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.name == "span" or el.name == "font":
            return text
        return MarkdownConverter.convert_div(self, el, text, parent_tags)


def _shown_text(el: Tag) -> str:
    """What a browser shows of `el`: its text, a line break for each `<br>`."""
    return "".join("\n" if isinstance(node, Tag) else str(node) for node in el.descendants
                   if (node.name == "br" if isinstance(node, Tag) else not isinstance(node, Comment)))


def _destination(url: str) -> str:
    """A link or image URL as Python-Markdown reads it back unchanged."""
    if any(c in url for c in " <>") or url.count("(") != url.count(")"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _open_tag(el: Tag) -> str:
    attributes = "".join(f' {name}="{html.escape(" ".join(v) if isinstance(v, list) else str(v))}"'
                         for name, v in el.attrs.items())
    return f"<{el.name}{attributes}>"


def _code_language(el: Tag) -> str:
    for candidate in (el, el.find("code")):
        if isinstance(candidate, Tag):
            classes = candidate.get("class") or []
            found = _LANGUAGE.search(" ".join(classes) if isinstance(classes, list) else str(classes))
            if found:
                return found[1].lower()
    return ""


def _has_markdown_form(table: Tag) -> bool:
    """A pipe table can hold it: no merged cells, no nested blocks, at most one paragraph a cell."""
    cells = table.find_all(["td", "th"])
    if not cells or table.find("table") is not None:
        return False
    for cell in cells:
        if str(cell.get("colspan", "1")) != "1" or str(cell.get("rowspan", "1")) != "1":
            return False
        inside = [t.name for t in cell.find_all(True)]
        if inside.count("p") > 1 or any(name in _BLOCK_IN_CELL and name != "p" for name in inside):
            return False
    return True


MAX_DEPTH = 100  # markdownify recurses a few frames per level: a few hundred levels exhaust Python's stack


class TooDeep(ValueError):
    """HTML nested deeper than `MAX_DEPTH`: converting it would exhaust the stack, and take time
    that grows with the square of its depth; the reader names the post it belongs to."""


def parse(fragment: str) -> BeautifulSoup:
    """An HTML fragment as a tree, or raise `TooDeep`; the parser itself keeps a stack, not recursion."""
    soup = BeautifulSoup(fragment, "html.parser")
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"its HTML nests elements more than {MAX_DEPTH} levels deep")
        stack += [(child, depth + 1) for child in node.children if isinstance(child, Tag)]
    return soup


Relink = Callable[[str], str]


def to_markdown(fragment: str, base_url: str = "", relink: Relink | None = None) -> str:
    """Convert an HTML body to Markdown; relative links and images are made absolute against `base_url`,
    then each link and image address is given to `relink` (an attachment page becomes its file)."""
    soup = parse(fragment)
    _mark_more(soup)
    if base_url:
        _absolute_urls(soup, base_url)
    if relink:
        _relink(soup, relink)
    return _tidy(_Converter().convert_soup(soup))


def _mark_more(soup: BeautifulSoup) -> None:
    """`<!--more-->` and Blogger's `<a name="more">` become one element the converter keeps."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment) and _MORE.match(str(s))):
        comment.replace_with(soup.new_tag("chanblog-more"))
    for anchor in soup.find_all("a", attrs={"name": "more"}):
        if not anchor.get("href"):
            anchor.replace_with(soup.new_tag("chanblog-more"))
    for extra in soup.find_all("chanblog-more")[1:]:
        extra.decompose()


def _absolute_urls(soup: BeautifulSoup, base_url: str) -> None:
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            url = str(element[attribute]).strip()
            if url and not url.startswith("#") and not urlsplit(url).scheme:
                element[attribute] = urljoin(base_url, url)


def _relink(soup: BeautifulSoup, relink: Relink) -> None:
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            element[attribute] = relink(str(element[attribute]).strip())


def _tidy(markdown: str) -> str:
    """No trailing spaces before a blank line, no runs of blank lines, one newline at the end."""
    markdown = re.sub(r"[ \t]+\n(?=[ \t]*\n|$)", "\n", markdown + "\n")
    markdown = re.sub(r"\n[ \t\xa0]+(?=\n)", "\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n") + "\n" if markdown.strip() else ""


# ---------------------------------------------------------------------------------------------
# Plain text (comments, excerpts)

_TEXT_BLOCKS = ("p", "div", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
                "figure", "figcaption", "table", "ul", "ol")


def to_text(fragment: str) -> str:
    """HTML as plain text, one paragraph a line; a link whose text is not its URL keeps it in brackets."""
    if "<" not in fragment and "&" not in fragment:  # most comments: no need to parse them
        return "\n".join(" ".join(line.split()) for line in fragment.split("\n") if line.strip())
    soup = parse(fragment)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for anchor in soup.find_all("a", href=True):
        href, label = str(anchor["href"]).strip(), anchor.get_text(" ", strip=True)
        if href and label and label != href and not href.startswith("#"):
            anchor.append(f" ({href})")
        elif href and not label:
            anchor.append(href)
    for block in soup.find_all(_TEXT_BLOCKS):
        block.insert_before("\n")
        block.append("\n")
    text = "".join(str(s) for s in soup.find_all(string=True) if not isinstance(s, Comment))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)

