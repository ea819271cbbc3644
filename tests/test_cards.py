"""Social cards: every post without an `image:` gets a 1200×630 PNG drawn at build time, shown
as its og:image, drawn again only when what it shows changed."""

from __future__ import annotations

import io
import shutil
import struct
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from chanblog import cards
from chanblog.cards import Card, render_card, shown, title_lines
from conftest import SiteDir

CARD_A = "cards/2009/08/lighting-the-fuse.png"
CARD_B = "cards/2009/09/a-second-essay.png"


def two_posts(site: SiteDir) -> None:
    site.post("2009-08-14-lighting-the-fuse", "Lighting the Fuse", "2009-08-14", author="jane")
    site.post("2009-09-01-a-second-essay", "A Second Essay", "2009-09-01", author="jane")


def meta(site: SiteDir, page: str) -> dict[str, str]:
    doc = site.html(page)
    return {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//meta[@content]")}


def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the cards drawn from now on."""
    drawn: list[str] = []

    def render(card: Card) -> bytes:
        drawn.append(card.title)
        return render_card(card)
    monkeypatch.setattr(cards, "render_card", render)
    return drawn


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind.decode())
        at += 12 + length
    return chunks


def test_each_post_gets_a_1200_by_630_png_card_of_its_own(site: SiteDir) -> None:
    two_posts(site)
    site.build()
    first, second = (site.out / CARD_A).read_bytes(), (site.out / CARD_B).read_bytes()
    for data in (first, second):
        with Image.open(io.BytesIO(data)) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
    assert first != second


def test_a_posts_page_names_its_card_as_its_og_image(site: SiteDir) -> None:
    two_posts(site)
    site.build()
    tags = meta(site, "2009/08/lighting-the-fuse/index.html")
    assert tags["og:image"] == f"https://example.com/{CARD_A}"
    assert tags["twitter:image"] == f"https://example.com/{CARD_A}"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:type"] == "image/png"
    assert tags["og:image:alt"] == "Lighting the Fuse"
    assert tags["twitter:card"] == "summary_large_image"
    assert f'"image": "https://example.com/{CARD_A}"' in site.text("2009/08/lighting-the-fuse/index.html")


def test_under_a_base_path_the_card_is_published_and_named_under_it(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text().replace(
        "url: https://example.com", "url: https://example.com/blog"))
    two_posts(site)
    site.build()
    assert (site.out / CARD_A).is_file()
    assert meta(site, "2009/08/lighting-the-fuse/index.html")["og:image"] == f"https://example.com/blog/{CARD_A}"


def test_a_post_with_its_own_image_keeps_it_and_gets_no_card(site: SiteDir) -> None:
    two_posts(site)
    site.post("2009-08-14-lighting-the-fuse", "Lighting the Fuse", "2009-08-14", image="/img/fuse.png")
    site.write("static/img/fuse.png", b"\x89PNG not read")
    site.build()
    assert not (site.out / CARD_A).exists() and (site.out / CARD_B).exists()
    tags = meta(site, "2009/08/lighting-the-fuse/index.html")
    assert tags["og:image"] == "https://example.com/img/fuse.png"
    assert tags["og:image:alt"] == "Lighting the Fuse"
    assert "og:image:width" not in tags and "og:image:height" not in tags


def test_cards_false_turns_them_off(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "cards: false\n")
    two_posts(site)
    site.build()
    assert not (site.out / "cards").exists()
    tags = meta(site, "2009/08/lighting-the-fuse/index.html")
    assert "og:image" not in tags and tags["twitter:card"] == "summary"


def test_a_rebuild_draws_only_the_cards_whose_inputs_changed(site: SiteDir, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    two_posts(site)
    site.post("2009-10-01-third", "Third", "2009-10-01")
    drawn = counted(monkeypatch)
    site.build()
    assert sorted(drawn) == ["A Second Essay", "Lighting the Fuse", "Third"]
    drawn.clear()
    site.build()
    assert drawn == []  # nothing changed: no card drawn
    site.post("2009-09-01-a-second-essay", "A Second Essay, Renamed", "2009-09-01", author="jane")
    site.post("2009-10-01-third", "Third", "2009-10-01", body="Another body: the card shows no body.")
    site.build()
    assert drawn == ["A Second Essay, Renamed"]
    incremental = site.files()
    clean = SiteDir(tmp_path / "clean")
    shutil.copytree(site.root / "posts", clean.root / "posts")
    shutil.copy(site.root / "site.yaml", clean.root / "site.yaml")
    clean.build()
    assert incremental == clean.files()


def test_a_new_logo_or_colour_draws_every_card_again(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    two_posts(site)
    logo = site.write("static/logo.png", _png((40, 20), (200, 30, 30)))
    settings = (site.root / "site.yaml").read_text()
    site.write("site.yaml", settings + "cards: {logo: /logo.png}\n")
    drawn = counted(monkeypatch)
    site.build()
    with_red_logo = (site.out / CARD_A).read_bytes()
    drawn.clear()
    logo.write_bytes(_png((40, 20), (30, 30, 200)))
    site.build()
    assert sorted(drawn) == ["A Second Essay", "Lighting the Fuse"]
    assert (site.out / CARD_A).read_bytes() != with_red_logo
    drawn.clear()
    site.write("site.yaml", settings + "cards: {logo: static/logo.png, background: '#112233'}\n")
    site.build()
    assert sorted(drawn) == ["A Second Essay", "Lighting the Fuse"]
    with Image.open(site.out / CARD_A) as card:
        assert card.convert("RGB").getpixel((5, 5)) == (0x11, 0x22, 0x33)


def test_two_clean_builds_give_the_same_cards_without_time_or_text_chunks(site: SiteDir) -> None:
    two_posts(site)
    site.write("static/logo.png", _png((300, 90), (200, 30, 30)))
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "cards: {logo: /logo.png}\n")
    site.build()
    first = site.files()
    shutil.rmtree(site.out)
    shutil.rmtree(site.root / ".chanblog-cache")
    site.build()
    assert site.files() == first
    assert png_chunks(first[CARD_A]) == ["IHDR", "PLTE", "IDAT", "IEND"]


@pytest.mark.parametrize("title", ["日本語のタイトル", "مرحبا بالعالم", "Ünïcödé — “quoted” Ωμέγα Привет"])
def test_any_unicode_title_builds(site: SiteDir, title: str) -> None:
    site.post("2009-08-14-lighting-the-fuse", f'"{title}"', "2009-08-14", slug="lighting-the-fuse")
    site.build()
    with Image.open(site.out / CARD_A) as image:
        assert image.size == (1200, 630)


def test_a_title_the_font_cannot_draw_is_left_off_rather_than_drawn_as_boxes() -> None:
    def card(title: str) -> bytes:
        return render_card(Card(title, "Jane Doe", "August 14, 2009", "Channel Notes", "#fdfcfa", "#1f2328", "#0b5cad"))
    assert card("日本語のタイトル") == card("") == card("مرحبا")
    assert card("Café Société — “Ωμέγα”") != card("")
    assert card("Launch day 🚀") == card("Launch day") != card("")  # a symbol the font lacks is left out alone


def test_a_static_file_at_a_cards_address_is_an_error_naming_both(site: SiteDir) -> None:
    two_posts(site)
    site.write(f"static/{CARD_A}", b"\x89PNG an old card")
    for command in ("build", "check"):
        result = site.run(command)
        assert result.exit_code == 1
        assert (f"static/{CARD_A}: static/{CARD_A} and posts/2009-08-14-lighting-the-fuse.md would both write "
                f"{CARD_A} (change a slug, an alias or a file name)") in result.output.splitlines()


def test_a_card_writes_the_date_in_the_posts_language(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    site.post("2009-08-14-lighting-the-fuse", "Lighting the Fuse", "2009-08-14")
    site.post("2009-08-14-allumer-la-meche", "Allumer la mèche", "2009-08-14", lang="fr")
    site.post("2009-08-14-hi", "日本語", "2009-08-14", lang="ja")
    dates: dict[str, str] = {}

    def render(card: Card) -> bytes:
        dates[card.title] = card.date
        return render_card(card)
    monkeypatch.setattr(cards, "render_card", render)
    site.build()
    assert dates == {"Lighting the Fuse": "August 14, 2009", "Allumer la mèche": "14 août 2009",
                     "日本語": "2009-08-14"}  # 2009年8月14日 in letters the font lacks


def test_a_site_draws_its_cards_with_a_font_of_its_own(site: SiteDir) -> None:
    two_posts(site)
    site.build()
    bundled = (site.out / CARD_A).read_bytes()
    site.write("fonts/own.ttf", ImageFont.load_default(40).font_bytes)  # Pillow's own font: Aileron
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "cards:\n  font: fonts/own.ttf\n")
    site.build()
    assert (site.out / CARD_A).read_bytes() != bundled
    assert not (site.out / "fonts").exists()  # read to draw with, not published
    drawn_with = str(site.root / "fonts/own.ttf")
    assert shown("Café", drawn_with) == "" and shown("Cafe", drawn_with) == "Cafe"  # Aileron has no é


def test_a_long_title_takes_at_most_four_lines_ending_in_an_ellipsis() -> None:
    size, lines = title_lines("A title that goes on " * 20)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert title_lines("Lighting the Fuse") == (80, ["Lighting the Fuse"])
    size, lines = title_lines("Supercalifragilisticexpialidocious" * 3)  # one word wider than the card
    assert len(lines) >= 2 and "".join(lines) == "Supercalifragilisticexpialidocious" * 3


def _png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


FONT_HINT = ("(write the path of a TrueType or OpenType font file from the site folder, like "
             "font: fonts/NotoSansJP-Bold.otf)")
LOGO_HINT = "(put the logo in static/ and write its address, like logo: /img/logo.png for static/img/logo.png)"


@pytest.mark.parametrize(("setting", "message"), [
    ("cards:\n  accent: blue", "site.yaml:4: cards.accent: 'blue' is not a colour (write it as #rrggbb, like "
     "'#0b5cad', in quotes)"),
    ("cards:\n  border: '#000000'", "site.yaml:4: cards.border: is no card setting (use background, foreground, "
     "accent, logo, font)"),
    ("cards: sometimes", "site.yaml:3: cards: 'sometimes' is not true, false or a set of card settings (write "
     "cards: false, or cards: {background: '#fdfcfa', foreground: '#1f2328', accent: '#0b5cad', logo: /img/logo.png})"),
    ("cards:\n  logo: /../../secret.png", f"site.yaml:4: cards.logo: '/../../secret.png' leaves static/ {LOGO_HINT}"),
    ("cards:\n  logo: https://example.com/logo.png", "site.yaml:4: cards.logo: 'https://example.com/logo.png' is "
     f"not a file of static/ {LOGO_HINT}"),
    ("cards:\n  logo: /missing.png", f"site.yaml:4: cards.logo: static/missing.png does not exist {LOGO_HINT}"),
    ("cards:\n  logo: /broken.png", "site.yaml:4: cards.logo: static/broken.png is not an image chanblog can read "
     "(give a PNG, JPEG, GIF or WebP image of at most 16,777,216 pixels)"),
    ("cards:\n  logo: /huge.png", "site.yaml:4: cards.logo: static/huge.png is over 2 MB (use a smaller file: at "
     "most 2 MB)"),
    ("cards:\n  font: /usr/share/fonts/x.ttf", "site.yaml:4: cards.font: '/usr/share/fonts/x.ttf' is not a path in "
     f"the site folder {FONT_HINT}"),
    ("cards:\n  font: ../x.ttf", f"site.yaml:4: cards.font: '../x.ttf' is not a path in the site folder {FONT_HINT}"),
    ("cards:\n  font: static/broken.png", "site.yaml:4: cards.font: static/broken.png is not a font chanblog can "
     f"read {FONT_HINT}"),
    ("cards:\n  logo: /outside.png", "site.yaml:4: cards.logo: static/outside.png is a link that leads outside "
     "the site (copy the file itself into the site)"),
])
def test_bad_card_settings_are_errors_on_their_line_and_publish_nothing(site: SiteDir, setting: str,
                                                                       message: str, tmp_path: Path) -> None:
    two_posts(site)
    site.write("static/broken.png", _png((40, 20), (1, 2, 3))[:60])  # cut short
    site.write("static/huge.png", b"\x89PNG" + b"\0" * (2 * 2**20))
    secret = tmp_path / "secret.png"
    secret.write_bytes(_png((40, 20), (1, 2, 3)))
    site.build()
    published = site.files()
    (site.root / "static/outside.png").symlink_to(secret)  # a link out of static/ fails the build on its own too
    site.write("site.yaml", f"title: Channel Notes\nurl: https://example.com\n{setting}\n")
    for command in ("build", "check"):
        result = site.run(command)
        assert (result.exit_code, result.output.splitlines()[0]) == (1, message), result.output
        assert "Traceback" not in result.output
    assert site.files() == published
