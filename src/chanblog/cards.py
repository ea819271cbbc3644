"""Social cards: the 1200×630 PNG a post is shown with when it is shared (its `og:image`).

`render_card(card)` turns what a card shows (a `Card`: title, author, date, site name, colours,
logo) into PNG bytes, the same bytes for the same card on every run (no time or metadata in the
file). `card_jobs(site)` plans one card per published post that has no `image:` of its own,
keyed by what the card shows, so a card is drawn again only when that changed.

Text is drawn with Source Sans Pro Bold (SIL Open Font License, `fonts/OFL.txt`), shipped inside
the package: Latin, Greek and Cyrillic. A text with a character that font has no glyph for
(Japanese, Chinese, Korean), or written right to left (Arabic, Hebrew: Pillow's basic layout cannot
shape it), is left off the card rather than drawn as empty boxes: the card keeps its colours,
logo, and the other texts; a date the site's language writes in such characters is written
YYYY-MM-DD instead. Symbols the font lacks (emoji) are only left out of their text. A site
whose titles need another script names a font file of its own (`cards: {font: fonts/x.otf}`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import __version__ as PILLOW_VERSION  # Pillow's drawing modules load when a card is drawn

from chanblog import urls
from chanblog.config import CardConfig, SiteConfig
from chanblog.model import Post, Site
from chanblog.output import Job
from chanblog.render import format_date, social_card

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = "1"  # raise when the drawing changes: every card is drawn again
FONT_FILE = Path(__file__).parent / "fonts" / "SourceSansPro-Bold.otf"
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_BOTTOM = 200, 490  # the band the title is set in
TITLE_SIZES = (80, 72, 62)  # the largest size at which the title fits is used
MAX_LINES = 4
LINE_HEIGHT = 1.15
LOGO_BOX = (240, 72)  # the most the logo may take, top left
SITE_SIZE, META_SIZE = 40, 34
BAR = 14  # the accent stripe along the bottom edge
ELLIPSIS = "…"


@dataclass(frozen=True)
class Card:
    """Everything a card shows; `logo` is the image file's bytes (already checked by config)."""

    title: str
    author: str
    date: str
    site: str
    background: str  # "#rrggbb"
    foreground: str
    accent: str
    logo: bytes = b""
    font: str = ""  # the file of the site's own font, or "": the bundled one

    def key(self, settings: CardConfig) -> str:
        """A digest of what the card shows (the logo and font by their digests) and of the code that draws it."""
        parts = (drawing_key(), self.title, self.author, self.date, self.site, self.background, self.foreground,
                 self.accent, settings.logo_digest, settings.font_digest)
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


# A card is a palette image: a PNG of it is a third the size of an RGB one and encodes several
# times faster, which is most of a card's cost. Each text colour has SHADES entries, from the
# background to the colour (its antialiasing); the logo has the last SHADES entries to itself.
SHADES = 64
TITLE_INK, META_INK, SITE_INK, LOGO_INK = 0, SHADES, 2 * SHADES, 3 * SHADES


def render_card(card: Card) -> bytes:
    """The card as a 1200×630 palette PNG, without text chunks or timestamps."""
    from PIL import ImageDraw

    base, palette = _base(card.site, card.background, card.foreground, card.accent, card.logo, card.font)
    image = base.copy()  # ink indices: TITLE_INK + shade, META_INK + shade…, 0 the background
    _draw_title(ImageDraw.Draw(image), shown(card.title, card.font), card.font)
    meta = " · ".join(text for text in (shown(card.author, card.font), shown(card.date, card.font)) if text)
    if meta:
        face = font(META_SIZE, card.font)
        _ink(image, fit(meta, face, TEXT_WIDTH), face, META_INK, (MARGIN, HEIGHT - MARGIN - 50))
    image.putpalette(palette)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)  # level 6 saves a quarter of 22 KB and takes three times as long
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _base(site: str, background: str, foreground: str, accent: str, logo: bytes,
          font_file: str) -> tuple[Image.Image, bytes]:
    """What every card of a site shares: the logo, the site's name and the accent bar, as ink
    indices; and the palette."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (WIDTH, HEIGHT), 0)
    left, logo_colours = MARGIN, [rgb(background)] * SHADES
    if logo:
        patch, logo_colours = _logo(logo, rgb(background))
        image.paste(patch, (MARGIN, MARGIN + (LOGO_BOX[1] - patch.height) // 2))
        left += patch.width + 24
    name, face = shown(site, font_file), font(SITE_SIZE, font_file)
    if name:
        _ink(image, fit(name, face, WIDTH - MARGIN - left), face, SITE_INK, (left, MARGIN + 8))
    ImageDraw.Draw(image).rectangle((0, HEIGHT - BAR, WIDTH, HEIGHT), fill=SITE_INK + SHADES - 1)
    back, muted = rgb(background), blend(rgb(foreground), rgb(background), 0.7)
    colours = [blend(ink, back, shade / (SHADES - 1)) for ink in (rgb(foreground), muted, rgb(accent))
               for shade in range(SHADES)]
    return image, bytes(channel for colour in colours + logo_colours for channel in colour)


def _logo(data: bytes, background: tuple[int, int, int]) -> tuple[Image.Image, list[tuple[int, int, int]]]:
    """The logo fitted in its box over the background, as ink indices from LOGO_INK, and its colours."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as opened:
        logo = opened.convert("RGBA")
    logo.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
    flat = Image.new("RGB", logo.size, background)
    flat.paste(logo, (0, 0), logo)
    quantized = flat.quantize(SHADES, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = quantized.getpalette() or []
    colours = [tuple(palette[i:i + 3]) for i in range(0, 3 * SHADES, 3)]
    colours += [background] * (SHADES - len(colours))
    return quantized.point(lambda index: LOGO_INK + index, "L"), colours  # type: ignore[misc]


def _ink(image: Image.Image, text: str, face: ImageFont.FreeTypeFont, ink: int, at: tuple[int, int]) -> None:
    """Draw one line of text in the shades of `ink` (its strip holds nothing else)."""
    from PIL import Image, ImageDraw

    strip = Image.new("L", (WIDTH - at[0], round(face.size * 1.4)), 0)
    ImageDraw.Draw(strip).text((0, 0), text, font=face, fill=SHADES - 1, anchor="la")
    image.paste(strip.point(lambda shade: ink + shade if shade else 0), at)


def _draw_title(draw: ImageDraw.ImageDraw, title: str, font_file: str) -> None:
    """The title in TITLE_INK's shades, which start at 0: drawn straight onto the card."""
    if not title:
        return
    size, lines = title_lines(title, font_file)
    step = round(size * LINE_HEIGHT)
    top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - step * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * step), line, font=font(size, font_file), fill=TITLE_INK + SHADES - 1,
                  anchor="la")


def title_lines(title: str, font_file: str = "") -> tuple[int, list[str]]:
    """The largest size at which the title fits its band, and its lines at that size; at the
    smallest size a title too long for MAX_LINES lines ends its last line with an ellipsis."""
    for size in TITLE_SIZES:
        lines = wrap(title, font(size, font_file), TEXT_WIDTH)
        fits = min(MAX_LINES, (TITLE_BOTTOM - TITLE_TOP) // round(size * LINE_HEIGHT))
        if len(lines) <= fits:
            return size, lines
    size, face = TITLE_SIZES[-1], font(TITLE_SIZES[-1], font_file)
    lines = wrap(title, face, TEXT_WIDTH)
    kept = lines[:MAX_LINES]
    kept[-1] = fit(kept[-1] + ELLIPSIS if len(lines) > MAX_LINES else kept[-1], face, TEXT_WIDTH)
    return size, kept


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word wider than a line is broken between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _pieces(word, face, width):
            candidate = f"{line} {piece}" if line else piece
            if line and face.getlength(candidate) > width:
                lines.append(line)
                candidate = piece
            line = candidate
    return lines + [line] if line else lines


def _pieces(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    if face.getlength(word) <= width:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and face.getlength(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece]


def fit(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """The line, shortened at its end to end with an ellipsis, if it is wider than `width`."""
    if face.getlength(line) <= width:
        return line
    text = line.rstrip(ELLIPSIS)
    while text and face.getlength(text.rstrip() + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


@functools.lru_cache(maxsize=16)
def font(size: int, font_file: str = "") -> ImageFont.FreeTypeFont:
    """The site's font, or the bundled one, at `size` pixels, with the basic layout: the same
    glyphs in the same places wherever chanblog runs, with or without libraqm."""
    from PIL import ImageFont

    return ImageFont.truetype(font_file or str(FONT_FILE), size, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=1)
def drawing_key() -> str:
    """What draws a card besides chanblog's code: Pillow and the font (a build's fingerprint has it)."""
    return hashlib.sha256(f"{CARD_VERSION}\0{PILLOW_VERSION}\0".encode() + FONT_FILE.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=4)
def _missing_glyph(font_file: str) -> bytes:
    """What the font draws for a character it has no glyph for (a private-use code point)."""
    return bytes(font(SITE_SIZE, font_file).getmask("\U0010fffd"))


@functools.lru_cache(maxsize=65536)
def _has_glyph(char: str, font_file: str) -> bool:
    if unicodedata.bidirectional(char) in ("R", "AL"):  # right to left: not shaped by the basic layout
        return False
    return bytes(font(SITE_SIZE, font_file).getmask(char)) != _missing_glyph(font_file)


def shown(text: str, font_file: str = "") -> str:
    """`text` as a card shows it, spaces collapsed and without the symbols (emoji), marks and
    invisible characters the font has no glyph for; "" when it has a letter, digit or
    punctuation the font cannot draw, or is written right to left."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace():
            kept.append(" ")
        elif _has_glyph(char, font_file):
            kept.append(char)
        elif unicodedata.category(char)[0] not in "SMC":
            return ""
    return " ".join("".join(kept).split())


def rgb(colour: str) -> tuple[int, int, int]:
    """`#rrggbb` as a triple."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def blend(a: tuple[int, int, int], b: tuple[int, int, int], weight: float) -> tuple[int, int, int]:
    """`weight` of `a` over `b`."""
    return tuple(round(x * weight + y * (1 - weight)) for x, y in zip(a, b))  # type: ignore[return-value]


def card_jobs(site: Site) -> list[Job]:
    """A card for each published post without an `image:` of its own, unless cards are off."""
    settings = site.config.cards
    if settings is None:
        return []
    logo = (site.config.root / settings.logo).read_bytes() if settings.logo else b""
    return [card_job(site.config, settings, post, logo) for post in site.published if social_card(site.config, post)]


def card_job(config: SiteConfig, settings: CardConfig, post: Post, logo: bytes) -> Job:
    """The post's card, keyed by what it shows, written beside the other cards under /cards/."""
    font_file = str(config.root / settings.font) if settings.font else ""
    date = card_date(post.date, post.lang or config.language, font_file)  # as the post's page writes it
    card = Card(post.title, post.author.name if post.author else "", date,
                config.title, settings.background, settings.foreground, settings.accent, logo, font_file)
    return Job(urls.output_path(config, social_card(config, post)) or "", post.source_path,
               card.key(settings), functools.partial(render_card, card))


def card_date(moment: datetime, language: str, font_file: str = "") -> str:
    """The date as the post's page writes it, or YYYY-MM-DD where the font cannot draw that."""
    written = format_date(moment, language)
    return written if shown(written, font_file) == written else moment.strftime("%Y-%m-%d")
