"""Old blogs' HTML to Markdown: what comes out renders back, through chanblog's Markdown, to the same thing."""

from __future__ import annotations

import lxml.html
import pytest

from chanblog.importers.html import Image, expand_shortcodes, to_markdown, to_text, wpautop
from chanblog.markup import to_html


def rendered(markdown: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(to_html(markdown), create_parent="div")


def round_trip(fragment: str, base_url: str = "") -> lxml.html.HtmlElement:
    return rendered(to_markdown(fragment, base_url))


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_wpautop_makes_paragraphs_and_line_breaks_but_leaves_blocks_and_pre_alone() -> None:
    html = wpautop("One line\nand the next.\n\nSecond paragraph.\n<h2>Title</h2>\n<pre>a\n\nb</pre>")
    doc = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [words(p) for p in doc.xpath("p")] == ["One line and the next.", "Second paragraph."]
    assert len(doc.xpath("p[1]/br")) == 1
    assert doc.xpath("h2/text()") == ["Title"]
    assert doc.xpath("pre/text()") == ["a\n\nb"]


def test_wpautop_puts_paragraphs_inside_a_blockquote() -> None:
    doc = lxml.html.fragment_fromstring(wpautop("<blockquote>First.\n\nSecond.</blockquote>"), create_parent="div")
    assert [words(p) for p in doc.xpath("blockquote/p")] == ["First.", "Second."]


def test_headings_lists_links_images_and_quotes_survive_the_round_trip() -> None:
    doc = round_trip('<h2>Goals</h2><ul><li>One<ul><li>nested</li></ul></li><li>Two</li></ul>'
                     '<ol start="3"><li>three</li><li>four</li></ol>'
                     '<p>A <a href="https://x.example/a_(b)" title="T">link</a> and '
                     '<img src="https://x.example/i.png" alt="An [odd] alt"></p>'
                     '<blockquote><p>First.</p><p>Second.</p></blockquote>')
    assert doc.xpath("h2/text()") == ["Goals"]
    assert doc.xpath("ul/li[1]/ul/li/text()") == ["nested"]
    assert doc.xpath("ol/@start") == ["3"] and doc.xpath("ol/li/text()") == ["three", "four"]
    assert [(a.get("href"), a.get("title"), a.text) for a in doc.xpath("//a")] == [("https://x.example/a_(b)", "T", "link")]
    assert [(i.get("src"), i.get("alt")) for i in doc.xpath("//img")] == [("https://x.example/i.png", "An [odd] alt")]
    assert [words(p) for p in doc.xpath("blockquote/p")] == ["First.", "Second."]


def test_text_that_looks_like_markdown_stays_text() -> None:
    source = ("<p>2009. A year</p><p># not a heading</p><p>&gt; not a quote</p><p>- not a list</p>"
              "<p>*stars* and _under_scores_ and `ticks` and a &lt;tag&gt; and &amp;amp; and a\\b</p>"
              "<p>[brackets](not a link)</p>")
    doc = round_trip(source)
    assert doc.xpath("//ol|//ul|//h1|//h2|//blockquote|//em|//code|//a") == []
    assert [words(p) for p in doc.xpath("p")] == [
        "2009. A year", "# not a heading", "> not a quote", "- not a list",
        "*stars* and _under_scores_ and `ticks` and a <tag> and &amp; and a\\b", "[brackets](not a link)"]


def test_pre_becomes_fenced_code_keeping_every_character_and_its_language() -> None:
    code = 'if a &lt; b:\n\n    print("``` done")'
    markdown = to_markdown(f'<pre class="brush: python; notranslate">{code}</pre>')
    assert markdown.startswith("````python\n")
    assert rendered(markdown).xpath("string(//pre)") == 'if a < b:\n\n    print("``` done")\n'


def test_code_inside_a_list_item_or_quote_stays_code() -> None:
    doc = round_trip("<ul><li>Run this:<pre>make all\n\nmake test</pre></li></ul><blockquote><pre>x = 1</pre></blockquote>")
    assert doc.xpath("string(//li//pre)") == "make all\n\nmake test\n"
    assert doc.xpath("string(//blockquote//pre)") == "x = 1\n"


def test_a_simple_table_becomes_a_markdown_table() -> None:
    markdown = to_markdown("<table><tr><th>Partner</th><th>Deals</th></tr><tr><td>Acme | Co</td><td>12</td></tr></table>")
    assert "| --- | --- |" in markdown
    doc = rendered(markdown)
    assert doc.xpath("//th/text()") == ["Partner", "Deals"]
    assert doc.xpath("//td/text()") == ["Acme | Co", "12"]


@pytest.mark.parametrize("table", [
    '<table><tr><td colspan="2">merged</td></tr><tr><td>a</td><td>b</td></tr></table>',
    "<table><tr><td><p>one</p><p>two</p></td></tr></table>",
    "<table><tr><td><ul><li>listed</li></ul></td></tr></table>",
])
def test_a_table_markdown_cannot_hold_is_kept_as_html(table: str) -> None:
    markdown = to_markdown(table)
    assert markdown.startswith("<table>")
    assert lxml.html.tostring(rendered(markdown).xpath("//table")[0]) == lxml.html.tostring(
        lxml.html.fragment_fromstring(table))


def test_html_without_a_markdown_form_stays_html_and_wrappers_go() -> None:
    markdown = to_markdown('<div style="text-align:center"><p>Some <u>underlined</u>, x<sup>2</sup>, <del>old</del>, '
                           '<span style="color:red">red</span> and <font face="Arial">plain</font> words.</p></div>'
                           '<iframe src="https://player.example/1" title="Clip"></iframe>')
    assert "<span" not in markdown and "<font" not in markdown and "<div" not in markdown
    doc = rendered(markdown)
    assert words(doc.xpath("p")[0]) == "Some underlined, x2, old, red and plain words."
    assert [e.tag for e in doc.xpath("p")[0]] == ["u", "sup", "del"]
    assert doc.xpath("//iframe/@src") == ["https://player.example/1"]


def test_more_marker_is_kept_and_editor_comments_are_dropped() -> None:
    assert to_markdown("<p>Intro</p><!--more--><p>Rest</p>") == "Intro\n\n<!--more-->\n\nRest\n"
    assert to_markdown("<p>Intro<a name='more'></a></p><p>Rest</p>") == "Intro\n\n<!--more-->\n\nRest\n"
    assert to_markdown("<!-- wp:paragraph -->\n<p>Block</p>\n<!-- /wp:paragraph -->") == "Block\n"


def test_relative_links_and_images_point_at_the_old_blog() -> None:
    doc = round_trip('<p><a href="/2009/08/other/">other</a> <a href="#notes">notes</a> '
                     '<a href="mailto:a@example.com">mail</a> <img src="pic.jpg" alt="P"></p>',
                     "https://old.example/2009/08/14/post/")
    assert doc.xpath("//a/@href") == ["https://old.example/2009/08/other/", "#notes", "mailto:a@example.com"]
    assert doc.xpath("//img/@src") == ["https://old.example/2009/08/14/post/pic.jpg"]


def test_caption_shortcode_becomes_a_figure_in_both_styles() -> None:
    new, _ = expand_shortcodes('[caption id="attachment_1" align="alignleft" width="300"]<a href="big.jpg">'
                               '<img src="small.jpg" alt="Fuse" /></a> Lit at <em>dawn</em>.[/caption]')
    old, _ = expand_shortcodes('[caption id="" align="aligncenter" caption="Old style"]<img src="o.jpg" alt="O" />[/caption]')
    for html, caption, src in ((new, "Lit at dawn.", "small.jpg"), (old, "Old style", "o.jpg")):
        doc = rendered(to_markdown(wpautop(html)))
        assert words(doc.xpath("//figure/figcaption")[0]) == caption
        assert doc.xpath("//figure//img/@src") == [src]


def test_gallery_shortcode_shows_the_exports_pictures_or_stays_visible() -> None:
    media = {"7": Image("https://old.example/a.jpg", "Stage"), "8": Image("https://old.example/b.jpg", "")}
    html, kept = expand_shortcodes('[gallery ids="8,7" columns="2"]', media)
    assert kept == ()
    doc = rendered(to_markdown(wpautop(html)))
    assert [(i.get("src"), i.get("alt")) for i in doc.xpath("//img")] == [
        ("https://old.example/b.jpg", ""), ("https://old.example/a.jpg", "Stage")]
    attached, _ = expand_shortcodes("[gallery]", media, attached=("7",))
    assert rendered(to_markdown(wpautop(attached))).xpath("//img/@src") == ["https://old.example/a.jpg"]
    missing, kept = expand_shortcodes('[gallery ids="99"]', media)
    assert kept == ("gallery",)
    assert words(rendered(to_markdown(wpautop(missing)))) == '[gallery ids=“99”]'


def test_other_shortcodes_are_kept_visibly_and_named() -> None:
    html, kept = expand_shortcodes('Write: [contact-form to="a@b.example"]\n\n[audio mp3="x.mp3"][/audio] [sic]')
    assert kept == ("contact-form", "audio")
    assert "[contact-form to=" in words(rendered(to_markdown(wpautop(html))))


def test_code_embed_and_youtube_shortcodes_and_bare_urls_are_converted() -> None:
    html, kept = expand_shortcodes('[code language="python"]x = a &lt; b\n[/code]\n\n'
                                   '[embed]https://v.example/1[/embed]\n\n[youtube https://youtu.be/abc]\n\n'
                                   'https://www.youtube.com/watch?v=xyz\n\nText with https://inline.example inside.')
    assert kept == ()
    doc = rendered(to_markdown(wpautop(html)))
    assert doc.xpath("string(//pre)") == "x = a < b\n"
    assert doc.xpath("//a/@href") == ["https://v.example/1", "https://youtu.be/abc", "https://www.youtube.com/watch?v=xyz",
                                      "https://inline.example"]  # a bare address is a link, as WordPress shows it
    assert "Text with https://inline.example inside." in words(doc)


def test_code_is_left_as_written_by_shortcodes_and_embeds() -> None:
    html, kept = expand_shortcodes("<pre>[gallery]\nhttps://example.com/x\n</pre>\n\n<code>[caption]</code>")
    assert (html, kept) == ("<pre>[gallery]\nhttps://example.com/x\n</pre>\n\n<code>[caption]</code>", ())


def test_paragraphs_of_nothing_but_spaces_go() -> None:
    assert to_markdown("<p>One</p><p>&nbsp;</p><p>Two</p>") == "One\n\nTwo\n"


def test_comments_become_plain_text_one_paragraph_a_line() -> None:
    text = to_text(wpautop('Great post!\nSecond line.\n\nSee <a href="http://x.example/y">my take</a>, '
                           '<a href="http://z.example">http://z.example</a>.\n<blockquote>Quoted</blockquote>'))
    assert text == "Great post!\nSecond line.\nSee my take (http://x.example/y), http://z.example.\nQuoted"
