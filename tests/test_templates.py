"""Template code in bodies: Jekyll's Liquid and Hugo's shortcodes.

- `convert_templates` (what an import runs, and the build on a copied post) turns the common tags
  into the Markdown and HTML they stood for, and lists the rest with their lines; code is left as written.
- A copied post builds with the common tags converted (a post found by the date and name in its
  file name), still builds into valid pages with the rest shown as text, and `chanblog check`
  warns of each tag left in a published post, on its line in the file, never as a link to a missing file.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from chanblog.template_code import Leftover, TemplateContext, convert_templates, template_syntax
from chanblog.markup import render_body
from conftest import SiteDir
from test_validity import nu_check

NEW_PATHS = {("link", "_posts/2013-05-06-welcome.md"): "/blog/2013/05/welcome/",
             ("post_url", "2013-05-06-welcome"): "/blog/2013/05/welcome/",
             ("post_url", "/essays/2014-01-02-later"): "/blog/2014/01/later/",
             ("ref", "posts/welcome.md"): "/blog/2013/05/welcome/",
             ("ref", "/posts/welcome"): "/blog/2013/05/welcome/",
             ("relref", "welcome.md"): "/blog/2013/05/welcome/"}
CONTEXT = TemplateContext("https://example.com/blog", "/blog", lambda kind, target: NEW_PATHS.get((kind, target)),
                          {"title": "Old Notes", "repository": "ann/notes"})
AT_ROOT = TemplateContext("https://example.com", "", lambda kind, target: NEW_PATHS.get((kind, target), "")
                          .removeprefix("/blog") or None)


def converted(body: str, context: TemplateContext = CONTEXT) -> str:
    result = convert_templates(body, context)
    assert result.leftovers == (), result.leftovers
    return result.text


def html_of(markdown: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(render_body(markdown).html, create_parent="div")


# ---------------------------------------------------------------------------------------------
# Code blocks and raw text

def test_liquid_and_hugo_highlight_blocks_become_fenced_code() -> None:
    body = ("Before.\n{% highlight ruby linenos %}\ndef hello\n  puts 'hi'\nend\n{% endhighlight %}\nAfter.\n\n"
            "{{< highlight go \"linenos=table,hl_lines=2\" >}}\nfunc main() {\n}\n{{< /highlight >}}\n"
            "Inline {%- highlight sh -%}ls{%- endhighlight -%} too.\n\n"
            "{% highlight \"js\" %}\nlet a = 1;\n{% endhighlight %}\n")
    assert converted(body) == ("Before.\n```ruby\ndef hello\n  puts 'hi'\nend\n```\nAfter.\n\n"
                               "```go\nfunc main() {\n}\n```\n"
                               "Inline \n```sh\nls\n```\n too.\n\n"
                               "```js\nlet a = 1;\n```\n")
    doc = html_of(converted(body))
    assert [pre.get("class") for pre in doc.xpath("//div[pre]")] == ["highlight"] * 4
    assert doc.xpath("//div[@class='highlight'][1]//code")[0].text_content() == "def hello\n  puts 'hi'\nend\n"


def test_a_highlighted_block_in_a_list_item_stays_in_it() -> None:
    body = "1. Run:\n\n   {% highlight ruby %}\n   x = 1\n   {% endhighlight %}\n2. Done.\n"
    assert converted(body) == "1. Run:\n\n   ```ruby\n   x = 1\n   ```\n2. Done.\n"
    assert html_of(converted(body)).xpath("//ol/li[1]//code")[0].text_content() == "x = 1\n"


def test_a_highlighted_block_that_shows_a_fence_gets_a_longer_fence() -> None:
    body = "{% highlight markdown %}\n```ruby\nx\n```\n{% endhighlight %}\n"
    assert converted(body) == "````markdown\n```ruby\nx\n```\n````\n"


def test_raw_text_is_shown_and_neither_runs_nor_is_reported_again() -> None:
    body = ("Write {% raw %}{{ page.title }}{% endraw %} in a layout.\n\n"
            "{% raw %}\n{% if page.tags %}{{ page.tags | size }}{% endif %}\n{% endraw %}\n\n"
            "```liquid\n{% raw %}{{ site.title }}{% endraw %}\n```\n\n"
            "{% highlight liquid %}{% raw %}{% include note.html %}{% endraw %}{% endhighlight %}\n")
    text = converted(body)
    assert text == ("Write &#123;{ page.title }} in a layout.\n\n"
                    "&#123;% if page.tags %}&#123;{ page.tags | size }}&#123;% endif %}\n\n"
                    "```liquid\n{{ site.title }}\n```\n\n"
                    "```liquid\n{% include note.html %}\n```\n")
    assert template_syntax(text) == []
    shown = html_of(text).text_content()
    for words in ("Write {{ page.title }} in a layout.", "{% if page.tags %}{{ page.tags | size }}{% endif %}",
                  "{{ site.title }}", "{% include note.html %}"):
        assert words in shown


def test_hugo_escaped_shortcodes_show_the_shortcode() -> None:
    body = "Write {{</* figure src=\"a.png\" */>}} or `{{%/* ref \"x\" */%}}`.\n\n```\n{{</* youtube abc */>}}\n```\n"
    text = converted(body)
    assert text == ("Write &#123;{< figure src=\"a.png\" >}} or `{{% ref \"x\" %}}`.\n\n"
                    "```\n{{< youtube abc >}}\n```\n")
    assert "Write {{< figure src=\"a.png\" >}} or {{% ref \"x\" %}}." in html_of(text).text_content().replace("“", '"') \
        .replace("”", '"')
    assert template_syntax(text) == []


def test_code_is_never_touched() -> None:
    body = ("Show `{{ site.url }}` and `{% post_url 2013-05-06-welcome %}`.\n\n"
            "```html\n<a href=\"{{ site.baseurl }}{% link _posts/2013-05-06-welcome.md %}\">{{ page.x }}</a>\n"
            "{% comment %}kept{% endcomment %}\n```\n\n"
            "    {% highlight ruby %}indented code{% endhighlight %}\n\n"
            "- a list\n\n      {{< figure src=\"x.png\" >}}\n")
    assert converted(body) == body
    assert template_syntax(body) == []


def test_comments_are_removed_with_their_lines() -> None:
    body = "One.\n{% comment %}\nA note to myself, {{ page.x }}.\n{% endcomment %}\nTwo {% comment %}x{% endcomment %}three."
    assert converted(body) == "One.\nTwo three."
    assert converted("A {%- # an inline comment -%} B") == "A  B"


# ---------------------------------------------------------------------------------------------
# Addresses

def test_links_to_posts_take_the_posts_new_addresses() -> None:
    body = ("[a]({% link _posts/2013-05-06-welcome.md %}) [b]({% post_url 2013-05-06-welcome %}) "
            "[c]({% post_url /essays/2014-01-02-later %})\n"
            "[d]({{< ref \"posts/welcome.md\" >}}) [e]({{< ref \"posts/welcome.md#why\" >}}) "
            "[f]({{% ref /posts/welcome %}}) [g]({{< relref path=\"welcome.md\" >}}) [h]({{< relref \"#why\" >}})\n")
    assert converted(body) == (
        "[a](/blog/2013/05/welcome/) [b](/blog/2013/05/welcome/) [c](/blog/2014/01/later/)\n"
        "[d](/blog/2013/05/welcome/) [e](/blog/2013/05/welcome/#why) [f](/blog/2013/05/welcome/) "
        "[g](/blog/2013/05/welcome/) [h](#why)\n")


def test_a_reference_resolve_does_not_know_stays_and_is_listed_with_its_line() -> None:
    body = "Intro.\n\nSee [x]({% post_url 2001-01-01-gone %}),\nand [y]({{< ref \"gone.md\" >}}).\n"
    result = convert_templates(body, CONTEXT)
    assert result.text == body
    assert result.leftovers == (Leftover(3, "{% post_url 2001-01-01-gone %}"), Leftover(4, '{{< ref "gone.md" >}}'))


def test_the_site_address_and_base_path_are_the_new_sites_and_never_doubled() -> None:
    body = ("{{ site.url }} {{ site.baseurl }}/a {{ site.url }}{{ site.baseurl }}/b\n"
            "[p]({{ site.baseurl }}{% post_url 2013-05-06-welcome %}) "
            "[q]({{ site.url }}{{ site.baseurl }}{% link _posts/2013-05-06-welcome.md %}) "
            "[r]({{site.url}}{% post_url 2013-05-06-welcome %})\n"
            "{{ '/img/a.png' | relative_url }} {{ \"img/b.png\" | absolute_url }} {{ site.url }}{{ '/c' | relative_url }} "
            "{{ '/d' | prepend: site.baseurl }} {{ site.baseurl | prepend: site.url }} {{ 'https://x.org/' | absolute_url }} "
            "{{ '/e' | url }}\n")
    assert converted(body).splitlines() == [
        "https://example.com/blog /blog/a https://example.com/blog/b",
        "[p](/blog/2013/05/welcome/) [q](https://example.com/blog/2013/05/welcome/) "
        "[r](https://example.com/blog/2013/05/welcome/)",
        "/blog/img/a.png https://example.com/blog/img/b.png https://example.com/blog/c /blog/d https://example.com/blog "
        "https://x.org/ /blog/e"]
    assert converted("{{ site.baseurl }}/a [p]({{ site.baseurl }}{% post_url 2013-05-06-welcome %})", AT_ROOT) == \
        "/a [p](/2013/05/welcome/)"


def test_site_variables_come_from_the_old_config() -> None:
    body = "Welcome to {{ site.title }}: the code is at https://github.com/{{ site.repository }}.\n"
    assert converted(body) == "Welcome to Old Notes: the code is at https://github.com/ann/notes.\n"
    result = convert_templates("{{ site.description }} and {{ site.title | upcase }}", CONTEXT)
    assert result.leftovers == (Leftover(1, "{{ site.description }}"), Leftover(1, "{{ site.title | upcase }}"))


# ---------------------------------------------------------------------------------------------
# Figures and embeds

def test_a_figure_becomes_a_figure_on_lines_of_its_own() -> None:
    body = ("Look:\n{{< figure src=\"/img/fuse.png\" alt=\"A fuse\" caption=\"Lit *early*, by [Ann](https://ann.example)\" >}}\n"
            "And so.\n\n{{< figure src=/img/b.png title=\"Two\" caption=\"Bo & co\" link=\"/img/b-large.png\" >}}\n")
    assert converted(body) == (
        'Look:\n\n<figure><img src="/img/fuse.png" alt="A fuse"><figcaption>Lit <em>early</em>, by '
        '<a href="https://ann.example">Ann</a></figcaption></figure>\n\nAnd so.\n\n'
        '<figure><a href="/img/b-large.png"><img src="/img/b.png" alt="Bo &amp; co"></a><figcaption>'
        "<strong>Two</strong> Bo &amp; co</figcaption></figure>\n")
    doc = html_of(converted(body))
    assert [p.text_content() for p in doc.xpath("p")] == ["Look:", "And so."]
    assert len(doc.xpath("figure/figcaption")) == 2


YOUTUBE = ('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video" width="560" '
           'height="315" allowfullscreen></iframe>')


@pytest.mark.parametrize("tag", [
    "{{< youtube dQw4w9WgXcQ >}}", '{{< youtube id="dQw4w9WgXcQ" >}}', "{% youtube dQw4w9WgXcQ %}",
    '{% include youtube.html id="dQw4w9WgXcQ" %}', "{% include youtubePlayer.html id='dQw4w9WgXcQ' %}",
    '{% include video id="dQw4w9WgXcQ" provider="youtube" %}', "{% youtube https://youtu.be/dQw4w9WgXcQ %}",
    '{% include youtube.html url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" %}'])
def test_youtube_embeds_become_an_iframe_with_a_title(tag: str) -> None:
    assert converted(f"Watch:\n\n{tag}\n\nThen.") == f"Watch:\n\n{YOUTUBE}\n\nThen."


def test_vimeo_tweets_and_gists() -> None:
    body = ('{{< vimeo 55073825 >}}\n{{< vimeo id="55073825" title="A talk" >}}\n'
            '{{< tweet user="jack" id="20" >}} {{< x user="jack" id="20" >}} {{< tweet 20 >}}\n'
            "{{< gist spf13 7896402 img.html >}} {% gist parkr/931c1c8d465a04042403 %}\n")
    assert converted(body) == (
        '<iframe src="https://player.vimeo.com/video/55073825?dnt=1" title="Vimeo video" width="560" height="315" '
        'allowfullscreen></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/55073825?dnt=1" title="A talk" width="560" height="315" '
        'allowfullscreen></iframe>\n\n'
        "[A post by @jack on X](https://x.com/jack/status/20) [A post by @jack on X](https://x.com/jack/status/20) "
        "[A post on X](https://x.com/i/status/20)\n"
        "[img.html, a gist by spf13](https://gist.github.com/spf13/7896402#file-img-html) "
        "[A gist by parkr](https://gist.github.com/parkr/931c1c8d465a04042403)\n")


def test_an_embed_of_a_variable_or_an_unknown_include_stays() -> None:
    body = "{% include youtube.html id=page.video %}\n{% include note.html %}\n{{< youtube >}}\n"
    assert convert_templates(body, CONTEXT).leftovers == (
        Leftover(1, "{% include youtube.html id=page.video %}"), Leftover(2, "{% include note.html %}"),
        Leftover(3, "{{< youtube >}}"))


# ---------------------------------------------------------------------------------------------
# What is left

def test_everything_else_stays_as_written_and_is_listed_in_line_order() -> None:
    body = ("# Archive\n\n{% for post in site.posts %}\n- {{ post.title }}\n{% endfor %}\n\n"
            "By {{ page.author }}. {{< notice warning >}}Careful.{{< /notice >}}\n"
            "{% include\n   footer.html %} {% highlight ruby %}never closed\n")
    result = convert_templates(body, CONTEXT)
    assert result.text == body
    assert result.leftovers == (
        Leftover(3, "{% for post in site.posts %}"), Leftover(4, "{{ post.title }}"), Leftover(5, "{% endfor %}"),
        Leftover(7, "{{ page.author }}"), Leftover(7, "{{< notice warning >}}"), Leftover(7, "{{< /notice >}}"),
        Leftover(8, "{% include footer.html %}"), Leftover(9, "{% highlight ruby %}"))
    long = convert_templates("{% include " + "x" * 100 + ".html %}", CONTEXT).leftovers[0].text
    assert long.startswith("{% include xxx") and long.endswith("…") and 55 <= len(long) <= 61


def test_without_a_dialect_its_tags_are_listed_not_converted() -> None:
    hugo_only = TemplateContext("https://example.com", "", lambda kind, target: None, liquid=False)
    body = "{% raw %}{{ x }}{% endraw %} {{< youtube dQw4w9WgXcQ >}}"
    result = convert_templates(body, hugo_only)
    assert result.leftovers == (Leftover(1, "{% raw %}"),)
    assert result.text.startswith("{% raw %}{{ x }}{% endraw %} \n\n<iframe")


def test_template_syntax_lists_each_tag_or_block_outside_code() -> None:
    body = ("Intro {{ site.title }}.\n\n```\n{{ in.code }}\n```\n\n{% highlight ruby %}\n{{ x }}\n{% endhighlight %}\n"
            "{% raw %}{{ y }}{% endraw %} `{% raw %}` {{< figure src=\"a.png\" >}}\n[a]({{site.url}}/x)\n")
    assert template_syntax(body) == [
        Leftover(1, "{{ site.title }}"), Leftover(7, "{% highlight ruby %}"), Leftover(10, "{% raw %}"),
        Leftover(10, '{{< figure src="a.png" >}}'), Leftover(11, "{{site.url}}")]
    assert template_syntax("No template here: {x} and {{ but not closed.") == []


@pytest.mark.parametrize("hostile", [
    "{%" * 500_000, "{{<" * 333_333, "{% raw %}" * 110_000, "{% highlight x %}" * 58_000, "{%" * 499_000 + "%}",
    ("{{< ref " + "\"" * 3_990 + " >}}") * 250, "`code` {{ tag }} " * 20_000])
def test_a_hostile_megabyte_body_is_read_to_its_end(hostile: str) -> None:
    result = convert_templates(hostile, CONTEXT)
    assert template_syntax(hostile) is not None
    assert len(result.text) >= len(hostile) // 2


# ---------------------------------------------------------------------------------------------
# chanblog check and build on a post copied as it was

COPIED = """\
---
title: Copied from Jekyll
date: 2013-05-06
---
Welcome to {{ site.title }}.

```liquid
{{ page.title }} in code is fine
```

See [the other post]({% post_url 2013-05-07-other %}) and ![a chart]({{site.baseurl}}/img/chart.png),
[the repository](https://github.com/{{ site.repository }}) and
<img src="{{ site.baseurl }}/img/raw.png" alt="raw"> {% include note.html %} ![gone]({{site.data.x}}/y.png)

{{< youtube dQw4w9WgXcQ >}}
"""


def copied_site(site: SiteDir) -> SiteDir:
    site.write("posts/2013-05-06-copied.md", COPIED)
    site.write("posts/2013-05-07-other.md", "---\ntitle: Other\n---\nThe other post.\n")
    site.write("posts/draft.md", "---\ntitle: Draft\ndate: 2013-05-07\ndraft: true\n---\n{{ page.x }}\n")
    for image in ("chart", "raw"):
        site.write(f"static/img/{image}.png", b"\x89PNG\r\n\x1a\n")
    return site


def test_check_warns_of_the_template_code_the_build_cannot_convert_on_its_line(site: SiteDir) -> None:
    result = copied_site(site).run("check")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if "template code" in line]
    assert warned == [f"posts/2013-05-06-copied.md:{line}: warning: {tag} is template code chanblog cannot convert, "
                      f"so it is published as text (write it as Markdown or HTML, or remove it)" for line, tag in [
                          (12, "{{ site.repository }}"), (13, "{% include note.html %}"), (13, "{{site.data.x}}")]]
    assert result.output.strip().splitlines()[-1].endswith(": 0 errors, 3 warnings.")


def test_addresses_the_build_converts_are_checked_and_the_others_are_never_a_missing_file(site: SiteDir) -> None:
    copied_site(site)
    (site.root / "static/img/chart.png").unlink()
    report = json.loads(site.run("check", "--format", "json").stdout)
    assert [(p["line"], p["message"]) for p in report["problems"] if p["severity"] == "error"] == [
        (11, "shows /img/chart.png, which is not in static/")]
    assert [p for p in report["problems"] if "{" in (p["hint"] or "")] == []


def test_a_template_address_in_front_matter_is_an_error_that_says_so(site: SiteDir) -> None:
    site.write("posts/p.md", "---\ntitle: P\ndate: 2013-05-06\nimage: '{{ site.baseurl }}/img/p.png'\n---\nText.\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert "posts/p.md:4: image: {{ site.baseurl }}/img/p.png is template code, which chanblog does not run " \
           "(write the address itself, like /img/picture.png)" in result.output
    assert "add static/" not in result.output


def test_a_draft_with_template_code_is_not_warned_of_until_it_is_published(site: SiteDir) -> None:
    copied_site(site)
    assert "draft.md" not in site.run("check").output
    assert "posts/draft.md:6: warning: {{ page.x }} is template code" in site.run("check", "--drafts").output


def test_copied_and_converted_posts_build_into_valid_pages(site: SiteDir) -> None:
    copied_site(site)
    body = COPIED.split("---\n", 2)[2] + (
        "\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n{{< figure src=\"/img/chart.png\" caption=\"A *chart*\" >}}\n"
        "{% include youtube.html id=\"dQw4w9WgXcQ\" %} {{< vimeo 55073825 >}}\n{{< tweet user=\"jack\" id=\"20\" >}}\n"
        "{% raw %}{{ shown }}{% endraw %}\n")
    result = convert_templates(body, AT_ROOT)
    site.write("posts/2013-05-08-converted.md", f"---\ntitle: Converted\ndate: 2013-05-08\n---\n{result.text}")
    site.build()
    copied = site.html("2013/05/copied/index.html")
    assert "Welcome to Channel Notes." in copied.text_content()
    assert copied.xpath("//article//a[.='the other post']/@href") == ["/2013/05/other/"]
    assert copied.xpath("//article//img/@src") == ["/img/chart.png", "/img/raw.png", "%7B%7Bsite.data.x%7D%7D/y.png"]
    assert [f.get("title") for f in copied.xpath("//iframe")] == ["YouTube video"]
    page = site.html("2013/05/converted/index.html")
    assert [f.get("title") for f in page.xpath("//iframe")] == ["YouTube video", "YouTube video", "Vimeo video"]
    assert page.xpath("//figure/img/@src") == ["/img/chart.png"]
    assert "{{ shown }}" in page.text_content()
    assert re.search(r"iframe[^{}]*\{ max-width: 100%; \}", site.text("theme/style.css")), "embeds overflow phones"
    done = nu_check(site.out)
    assert done.returncode == 0, done.stdout + done.stderr
