"""Links that work wherever the site lives, references to a post by its file, and feeds whose
content reads well in every reader (Atom and JSON Feed)."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from lxml import etree

from chanblog.cache import CACHE_DIR
from conftest import SiteDir
from sitecheck import SiteLinks

BLOG = "title: Channel Notes\nurl: https://example.com/blog\n"
FUSE = "posts/2009-08-14-lighting-the-fuse.md"
ADDRESSES = ("href", "src", "srcset", "poster")


def fuse_site(site: SiteDir, body: str, site_yaml: str = BLOG) -> None:
    """A site with 'Lighting the Fuse' and a post 'Links' whose body is `body`."""
    site.write("site.yaml", site_yaml)
    site.write(FUSE, "---\ntitle: Lighting the Fuse\n---\n\n## The spark\n\nA post to link to.\n")
    site.post("2009-09-01-links", "Links", "2009-09-01", body=body)
    site.write("static/img/pic.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')


def addresses(fragment: lxml.html.HtmlElement) -> list[str]:
    """Every address of a link or embedded file in an element, srcset candidates one by one."""
    found = []
    for attribute in ADDRESSES:
        for value in fragment.xpath(f"//@{attribute}"):
            found += [part.split()[0] for part in value.split(",")] if attribute == "srcset" else [value]
    return found


def body_addresses(site: SiteDir, page: str) -> list[str]:
    return addresses(site.html(page).xpath("//div[contains(@class, 'content')] | //article")[0])


ROOTED = """\
## Top

[fuse](/2009/08/lighting-the-fuse/) and [again](/blog/2009/08/lighting-the-fuse/)

![pic](/img/pic.svg)

<a href="/archives/">raw</a> <img src="/img/pic.svg" srcset="/img/pic.svg 1x, /img/pic.svg 2x" alt="">

<video poster="/img/pic.svg"><source src="/img/pic.svg"></video>

[other host](//cdn.example.net/x.js) [full](https://elsewhere.example/a/) [note](#top)
"""


@pytest.mark.parametrize("engine", ["commonmark", "python-markdown"])
def test_site_rooted_links_and_images_are_published_under_the_base_path(site: SiteDir, engine: str) -> None:
    fuse_site(site, ROOTED, BLOG + f"markdown: {engine}\n")
    site.build()
    found = set(addresses(site.html("2009/09/links/index.html").xpath("//article")[0]))
    assert {"/blog/2009/08/lighting-the-fuse/", "/blog/img/pic.svg", "/blog/archives/"} <= found
    assert not {"/2009/08/lighting-the-fuse/", "/img/pic.svg", "/archives/",
                "/blog/blog/2009/08/lighting-the-fuse/"} & found
    assert {"//cdn.example.net/x.js", "https://elsewhere.example/a/", "#top"} <= found


def test_a_site_at_the_root_of_its_host_publishes_links_as_written(site: SiteDir) -> None:
    fuse_site(site, ROOTED, "title: Channel Notes\nurl: https://example.com\n")
    site.build()
    found = set(addresses(site.html("2009/09/links/index.html").xpath("//article")[0]))
    assert {"/2009/08/lighting-the-fuse/", "/blog/2009/08/lighting-the-fuse/", "/img/pic.svg"} <= found


def test_check_resolves_site_rooted_links_under_the_base_path(site: SiteDir) -> None:
    fuse_site(site, "[one](/2009/08/lighting-the-fuse/) [two](/blog/2009/08/lighting-the-fuse/)\n\n"
                    "![pic](/img/pic.svg)\n\n[gone](/2009/08/nowhere/)\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[:-1] == [
        "posts/2009-09-01-links.md:10: links to /2009/08/nowhere/, which is no page of the site (correct the link: "
        "posts are at /{year}/{month}/{slug}/ or, with the base path, /blog/{year}/{month}/{slug}/)"]


def test_check_reports_a_missing_image_under_the_base_path_as_written(site: SiteDir) -> None:
    fuse_site(site, "Text.\n\n![gone](/img/nothing.png)\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.output.startswith("posts/2009-09-01-links.md:8: shows /img/nothing.png, which is not in static/ "
                                    "(add static/img/nothing.png, or correct the path)")


REFERENCES = f"""\
[fuse](@/{FUSE}) and [its spark](@/{FUSE}#the-spark)
"""


@pytest.mark.parametrize("engine", ["commonmark", "python-markdown"])
def test_a_reference_to_a_source_file_becomes_that_posts_url(site: SiteDir, engine: str) -> None:
    fuse_site(site, REFERENCES, BLOG + f"markdown: {engine}\n")
    site.build()
    links = site.html("2009/09/links/index.html").xpath("//article//a/@href")
    assert "/blog/2009/08/lighting-the-fuse/" in links and "/blog/2009/08/lighting-the-fuse/#the-spark" in links
    assert not [link for link in links if "@" in link]
    assert SiteLinks(site.out, "https://example.com/blog").broken() == []
    assert site.run("check").exit_code == 0


def test_a_reference_follows_the_post_when_its_address_changes(site: SiteDir) -> None:
    fuse_site(site, REFERENCES)
    site.post("2009-08-20-between", "Between", "2009-08-20")  # so that the fuse is no neighbour of the links
    site.write("templates/post.html", "<!DOCTYPE html>\n<title>{{ post.title }}</title>\n"
                                      "<article>{{ post.html | safe }}</article>\n")  # it shows no other post
    site.write("templates/_sidebar.html", "")  # nor does any part every page repeats
    site.build()
    site.write(FUSE, "---\ntitle: Lighting the Fuse\nslug: the-fuse\n---\n\n## The spark\n\nA post to link to.\n")
    site.build()
    links = site.html("2009/09/links/index.html").xpath("//article//a/@href")
    assert "/blog/2009/08/the-fuse/" in links and "/blog/2009/08/the-fuse/#the-spark" in links
    assert "/blog/2009/08/lighting-the-fuse/" not in links
    assert SiteLinks(site.out, "https://example.com/blog").broken() == []


def test_a_reference_to_no_file_is_an_error_on_its_line(site: SiteDir) -> None:
    fuse_site(site, REFERENCES)
    expected = ["posts/2009-09-01-links.md:8: links to @/posts/nothing.md, which is no post or page "
                "(write the path of a post's or page's file from the site folder, "
                "like @/posts/2009-08-14-lighting-the-fuse.md or @/pages/about.md)",
                "posts/2009-09-01-links.md:8: links to @/posts/2009-08-14-lighting-the-fus.md, "
                f"which is no post or page (did you mean @/{FUSE}?)"]
    site.build()
    before = site.files()
    site.post("2009-09-01-links", "Links", "2009-09-01",
              body="Intro.\n\nSee [this](@/posts/nothing.md) and [that](@/posts/2009-08-14-lighting-the-fus.md).\n")
    result = site.run("build")
    assert result.exit_code == 1
    assert sorted(result.output.strip().splitlines()[:2]) == sorted(expected)
    assert "Traceback" not in result.output and site.files() == before
    checked = site.run("check")
    assert checked.exit_code == 1
    assert sorted(checked.output.strip().splitlines()[:-1]) == sorted(expected)


def feed_site(site: SiteDir) -> None:
    """A site under a base path whose posts link every way a post links."""
    fuse_site(site, "See [fuse](/2009/08/lighting-the-fuse/), [up](../../08/lighting-the-fuse/), "
                    "[ref](@/posts/2009-08-14-lighting-the-fuse.md)[^1] and ![pic](/img/pic.svg).\n\n"
                    '<img src="/img/pic.svg" srcset="/img/pic.svg 1x, /img/pic.svg 2x" alt="">\n\n'
                    '<video poster="/img/pic.svg"></video>\n\n[^1]: A note.\n',
              BLOG + "authors:\n  jane: {name: Jane Doe}\n")
    site.write("posts/2009-09-02-bundle/index.md", "---\ntitle: Bundle\ntags: [Marketing]\nlabels: [marketing, Sales]\n"
                                                   "author: jane\n---\n\n![beside](chart.svg)\n")
    site.write("posts/2009-09-02-bundle/chart.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')


def feed_addresses(content: str) -> list[str]:
    return addresses(lxml.html.fromstring(f"<div>{content}</div>")) if content.strip() else []


def test_every_address_in_every_feed_is_absolute(site: SiteDir) -> None:
    feed_site(site)
    site.build()
    contents = []
    for feed in sorted(site.out.rglob("*.xml")):
        if feed.name != "sitemap.xml":
            contents += [e.text or "" for e in etree.parse(str(feed)).iter("{http://www.w3.org/2005/Atom}content")]
    contents += [item["content_html"] for item in json.loads(site.text("feed.json"))["items"]]
    found = [address for content in contents for address in feed_addresses(content)]
    assert found and [a for a in found if not urlsplit(a).scheme] == []
    entry = next(e for e in feedparser.parse((site.out / "feed.xml").read_bytes()).entries if e.title == "Links")
    links = feed_addresses(entry.content[0].value)
    assert "https://example.com/blog/2009/08/lighting-the-fuse/" in links
    assert "https://example.com/blog/2009/09/links/#fn:1" in links
    assert "https://example.com/blog/img/pic.svg" in links
    bundle = feedparser.parse((site.out / "feed.xml").read_bytes()).entries[0]
    assert feed_addresses(bundle.content[0].value) == ["https://example.com/blog/2009/09/bundle/chart.svg"]


def test_feed_entries_do_not_repeat_a_tag_and_a_label_of_one_name(site: SiteDir) -> None:
    feed_site(site)
    site.build()
    entry = feedparser.parse((site.out / "feed.xml").read_bytes()).entries[0]
    assert [t.term for t in entry.tags] == ["Marketing", "Sales"]
    assert json.loads(site.text("feed.json"))["items"][0]["tags"] == ["Marketing", "Sales"]


def test_autodiscovery_names_the_site_and_post_pages_offer_the_comments_feed(site: SiteDir) -> None:
    feed_site(site)
    site.build()

    def alternates(page: str) -> list[tuple[str, str, str]]:
        return [(link.get("type"), link.get("title"), link.get("href"))
                for link in site.html(page).xpath("//link[@rel='alternate']")]
    atom, json_type = "application/atom+xml", "application/feed+json"
    assert alternates("index.html") == [(atom, "Channel Notes", "/blog/feed.xml"),
                                        (json_type, "Channel Notes", "/blog/feed.json")]
    assert alternates("tags/marketing/index.html")[1] == (atom, "Channel Notes: Marketing",
                                                          "/blog/tags/marketing/feed.xml")
    assert alternates("authors/jane/index.html")[1] == (atom, "Channel Notes: Jane Doe", "/blog/authors/jane/feed.xml")
    assert (atom, "Channel Notes: Comments", "/blog/comments.xml") in alternates("2009/09/links/index.html")
    assert SiteLinks(site.out, "https://example.com/blog").broken() == []


RFC_3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def test_json_feed_is_json_feed_1_1(site: SiteDir) -> None:
    feed_site(site)
    site.build()
    feed = json.loads(site.text("feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert (feed["title"], feed["home_page_url"], feed["feed_url"]) == (
        "Channel Notes", "https://example.com/blog/", "https://example.com/blog/feed.json")
    assert feed["authors"] == [{"name": "Jane Doe"}]
    atom = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert [item["id"] for item in feed["items"]] == [entry.id for entry in atom.entries]
    for item in feed["items"]:
        assert {"id", "url", "title", "content_html", "date_published"} <= item.keys()
        assert item["url"].startswith("https://example.com/blog/") and RFC_3339.match(item["date_published"])
        assert RFC_3339.match(item["date_modified"])
    assert feed["items"][0]["authors"] == [{"name": "Jane Doe"}]


def test_json_feed_is_byte_identical_across_clean_builds(site: SiteDir) -> None:
    feed_site(site)
    site.build()
    first = (site.out / "feed.json").read_bytes()
    shutil.rmtree(site.out)
    shutil.rmtree(site.root / CACHE_DIR)
    site.build()
    assert (site.out / "feed.json").read_bytes() == first


def test_json_feed_false_turns_it_off(site: SiteDir) -> None:
    feed_site(site)
    site.write("site.yaml", BLOG + "json_feed: false\n")
    site.build()
    assert not (site.out / "feed.json").exists()
    assert not site.html("index.html").xpath("//link[@type='application/feed+json']")


def test_json_feed_must_be_true_or_false(site: SiteDir) -> None:
    site.write("site.yaml", BLOG + "json_feed: sometimes\n")
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[0] == (
        "site.yaml:3: json_feed: 'sometimes' is not true or false (write 'json_feed: true' or 'json_feed: false')")


def test_a_site_under_a_base_path_resolves_every_link_under_it(site: SiteDir) -> None:
    feed_site(site)
    site.post("2009-09-03-more", "More", "2009-09-03", tags="[Marketing]", body=ROOTED,
              comments="[{author: Ann, date: 2009-09-04, body: Hi}]")
    site.build()
    assert SiteLinks(site.out, "https://example.com/blog").broken() == []
    assert site.run("check").exit_code == 0
    for page in site.out.rglob("*.html"):
        for address in addresses(lxml.html.fromstring(page.read_bytes())):
            parts = urlsplit(address)
            if not parts.scheme and not parts.netloc and address.startswith("/"):
                assert address.startswith("/blog/"), f"{page.relative_to(site.out)}: {address}"


def test_pages_and_posts_refer_to_each_other_by_file_under_the_base_path(site: SiteDir) -> None:
    fuse_site(site, "Who writes this: [about](@/pages/about.md).\n")
    site.write("pages/about.md", f"---\ntitle: About\n---\n\nStart with [the fuse](@/{FUSE}), "
                                 "[the archives](/archives/) and ![a picture](/img/pic.svg).\n")
    site.build()
    assert "/blog/about/" in site.html("2009/09/links/index.html").xpath("//article//a/@href")
    page = site.html("about/index.html")
    assert {"/blog/2009/08/lighting-the-fuse/", "/blog/archives/"} <= set(page.xpath("//a/@href"))
    assert "/blog/img/pic.svg" in page.xpath("//img/@src")
    assert SiteLinks(site.out, "https://example.com/blog").broken() == []
    assert site.run("check").exit_code == 0


def test_a_page_referring_to_no_file_is_an_error_on_its_line(site: SiteDir) -> None:
    fuse_site(site, REFERENCES)
    site.write("pages/about.md", "---\ntitle: About\n---\n\nIntro.\n\nSee [gone](@/posts/gone.md).\n")
    expected = ("pages/about.md:7: links to @/posts/gone.md, which is no post or page (write the path of a "
                "post's or page's file from the site folder, like @/posts/2009-08-14-lighting-the-fuse.md "
                "or @/pages/about.md)")
    result = site.run("build")
    assert result.exit_code == 1 and result.output.startswith(expected)
    checked = site.run("check")
    assert checked.exit_code == 1 and checked.output.startswith(expected)


def test_a_page_cannot_take_the_json_feeds_address(site: SiteDir) -> None:
    site.write("pages/feed.md", "---\ntitle: Feed\nurl: /feed.json\n---\n\nOur feeds.\n")
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.startswith("pages/feed.md:3: is published at /feed.json, the address of chanblog's JSON feed")
