"""Bad input: one line per problem with file and line, exit 1, no traceback, nothing published."""

from __future__ import annotations

import pytest

from conftest import SiteDir


def failed(site: SiteDir, *args: str) -> list[str]:
    result = site.run("build", *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()


def test_bad_date_names_file_line_and_fix(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: X\ndate: yesterday\n---\nBody\n")
    assert failed(site) == ["posts/x.md:3: date: 'yesterday' is not a date "
                            "(use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional -0700)"]


@pytest.mark.parametrize("text, expected", [
    ("No front matter here.\n", "posts/x.md:1: no front matter (start the file with a '---' line"),
    ("---\ntitle: X\ndate: 2009-01-01\nBody\n", "posts/x.md:1: front matter starts on line 1 but never closes"),
    ("---\ndate: 2009-01-01\n---\n", "posts/x.md:2: 'title' is missing (add a line 'title: ...'"),
    ("---\ntitle: X\n---\n", "posts/x.md:2: 'date' is missing"),
    ("---\ntitle: X\ndate: 2009-01-01\ntags: [a\n---\n", "posts/x.md:4: invalid YAML:"),
    ("---\ntitle: X\ndate: 2009-01-01\n\tauthor: a\n---\n", "posts/x.md:4: invalid YAML:"),
    ("---\n- a list\n---\n", "posts/x.md:2: front matter is a list, not a set of fields"),
    ("---\ntitle: X\ndate: 2009-01-01\nauthor: {email: a@example.com}\n---\n",
     "posts/x.md:4: author: must be text, not a list or mapping"),
    ("---\ntitle: X\ndate: 2009-01-01\nslug: ../../etc\n---\n", "posts/x.md:4: slug: '../../etc' is not a slug"),
    ("---\ntitle: X\ndate: 2009-01-01\ndraft: maybe\n---\n", "posts/x.md:4: draft: 'maybe' is not true or false"),
    ("---\ntitle: X\ndate: 2009-01-01\ncomments:\n  - {author: A, date: soon, body: B}\n---\n",
     "posts/x.md:5: comments: comment 1: date 'soon' is not a date"),
    ("---\ntitle: X\ndate: 2009-01-01\ncomments:\n  - author: A\n    date: 2009-01-02\n    body: B\n"
     "    reply_to: 1\n---\n",
     "posts/x.md:8: comments: comment 1: reply_to 1 is not the number of an earlier comment"),
])
def test_front_matter_errors(site: SiteDir, text: str, expected: str) -> None:
    site.write("posts/x.md", text)
    assert failed(site)[0].startswith(expected)


def test_non_utf8_file_names_the_line(site: SiteDir) -> None:
    site.write("posts/latin.md", "---\ntitle: Caf\xe9\ndate: 2009-01-01\n---\n".encode("latin-1"))
    assert failed(site) == ["posts/latin.md:2: is not UTF-8 text (byte 0xe9) (save the file as UTF-8 in your editor)"]


def test_every_bad_post_is_reported_in_one_run(site: SiteDir) -> None:
    site.write("posts/a.md", "---\ntitle: A\ndate: nope\ndraft: maybe\n---\n")
    site.write("posts/b.md", "---\ntitle: B\n---\n")
    lines = failed(site)
    assert [line.split(": ")[0] for line in lines[:-1]] == ["posts/a.md:3", "posts/a.md:4", "posts/b.md:2"]
    assert lines[-1] == "3 errors: nothing was published."


def test_two_posts_at_one_url_name_both_files(site: SiteDir) -> None:
    site.post("a", "Same Title", "2009-08-14")
    site.post("b", "Same Title", "2009-08-20")
    assert failed(site) == ["posts/b.md:2: has the same URL /2009/08/same-title/ as posts/a.md "
                            "(give one of them a different 'slug:' or title)"]


def test_alias_over_a_real_page_is_an_error(site: SiteDir) -> None:
    site.post("a", "Real", "2009-08-14")
    site.post("b", "Other", "2009-08-15", aliases="[/2009/08/real/]")
    assert failed(site) == ["posts/b.md:4: posts/b.md and posts/a.md would both write 2009/08/real/index.html "
                            "(change a slug, an alias or a file name)"]


def test_alias_to_the_post_itself_is_an_error(site: SiteDir) -> None:
    site.write("posts/a.md", "---\ntitle: Real\ndate: 2009-08-14\naliases:\n  - /old/\n  - /2009/08/real/\n---\n")
    assert failed(site) == ["posts/a.md:6: would write 2009/08/real/index.html twice "
                            "(change a slug, an alias or a file name)"]


def test_a_file_where_a_page_needs_a_folder_is_an_error(site: SiteDir) -> None:
    site.post("a", "Real", "2009-08-14", tags="[x]")
    site.write("static/tags", "a file called tags")
    assert failed(site) == ["static/tags: static/tags would write a file at tags, where tags index needs a folder "
                            "(change a slug, an alias or a file name)"]


def test_a_page_inside_a_file_is_an_error(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\npermalink: /{year}/{slug}.html\n")
    site.post("a", "Real", "2009-08-14")
    site.post("b", "Other", "2009-08-15", aliases="['/2009/real.html/old/']")
    assert failed(site) == ["posts/b.md:4: posts/b.md needs a folder at 2009/real.html, where posts/a.md writes a file "
                            "(change a slug, an alias or a file name)"]


def test_alias_outside_the_site_is_refused(site: SiteDir) -> None:
    site.post("a", "Escape", "2009-08-14", aliases="['/../../outside.html']")
    assert failed(site)[0].startswith("posts/a.md:4: aliases: '/../../outside.html' leaves the site folder")


def test_label_outside_the_declared_set_names_its_line(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nlabels: [Leadership, Social Media]\n")
    site.post("a", "Fine", "2009-08-14", labels="[leadership, Social Media]")  # any spelling with the same slug
    site.post("b", "Typo", "2009-08-15", tags="[x]", categories="[Leadership, Socal Media]")
    assert failed(site) == ["posts/b.md:5: categories: 'Socal Media' is not one of the site's labels "
                            "(use one of Leadership, Social Media, or add it to 'labels' in site.yaml)"]


def test_without_a_declared_set_any_label_goes(site: SiteDir) -> None:
    site.post("a", "Free", "2009-08-14", labels="[Anything, At All]")
    site.build()
    assert (site.out / "labels/at-all/index.html").is_file()


def test_template_typo_names_template_and_line(site: SiteDir) -> None:
    site.write("templates/post.html", "<p>\n{{ post.titel }}\n</p>\n")
    site.post("a", "A", "2009-08-14")
    [line] = failed(site)
    assert line.startswith("templates/post.html:2: rendering posts/a.md with post.html: ")
    assert "titel" in line


def test_template_syntax_error_names_template_and_line(site: SiteDir) -> None:
    site.write("templates/index.html", "{% extends 'base.html' %}\n{% block content %}\n{% for x in %}\n{% endblock %}\n")
    [line] = failed(site)
    assert line.startswith("templates/index.html:3: rendering home page with index.html: ")


def test_missing_template_is_named(site: SiteDir) -> None:
    site.write("templates/post.html", "{% include 'nowhere.html' %}")
    site.post("a", "A", "2009-08-14")
    [line] = failed(site)
    assert "template 'nowhere.html' not found (create templates/nowhere.html" in line


@pytest.mark.parametrize("yaml_text, expected", [
    ("url: https://example.com\n", "site.yaml:1: 'title' is missing"),
    ("title: T\nurl: example.com\n", "site.yaml:2: url: 'example.com' is not an absolute URL"),
    ("title: T\nurl: https://e.com\ntimezone: Mars/Olympus\n", "site.yaml:3: timezone: 'Mars/Olympus' is not a time zone"),
    ("title: T\nurl: https://e.com\nper_pag: 5\n", "site.yaml:3: unknown setting 'per_pag' (did you mean 'per_page'?)"),
    ("title: T\nurl: https://e.com\npermalink: /{title}/\n", "site.yaml:3: permalink: '/{title}/' is not a post URL pattern"),
    ("title: T\nurl: https://e.com\nauthors:\n  x: {bio: no name}\n", "site.yaml:4: authors.x: needs a 'name'"),
])
def test_site_yaml_errors(site: SiteDir, yaml_text: str, expected: str) -> None:
    site.write("site.yaml", yaml_text)
    assert failed(site)[0].startswith(expected)


def test_missing_site_yaml_says_where_to_run(tmp_path) -> None:
    site = SiteDir(tmp_path)
    assert failed(site)[0].startswith("site.yaml: no site.yaml in ")


def test_failed_build_leaves_published_site_untouched(site: SiteDir) -> None:
    site.post("a", "Good", "2009-08-14")
    site.build()
    before = site.files()
    site.write("posts/a.md", "---\ntitle: Good\ndate: broken\n---\n")
    failed(site)
    assert site.files() == before
    leftovers = [p.name for p in site.root.iterdir() if p.name.startswith(("._site.new-", "._site.old-"))]
    assert leftovers == [], "no staging folder is left behind"


def test_output_folder_may_not_hold_the_sources(site: SiteDir) -> None:
    site.post("a", "A", "2009-08-14")
    for folder in (".", "posts", ".."):
        lines = failed(site, "-o", str(site.root / folder))
        assert "holds the site's sources" in lines[0]
    assert (site.root / "posts/a.md").is_file()


def test_tab_indentation_gets_its_own_hint(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: X\ndate: 2009-01-01\n\tauthor: a\n---\n")
    assert failed(site)[0].endswith("(YAML does not allow tabs for indentation: use spaces)")


def test_unclosed_quote_points_where_it_opens(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: \"Unclosed\ndate: 2009-01-01\n---\n")
    assert failed(site)[0].startswith("posts/x.md:2: invalid YAML:")


def test_unclosed_list_points_where_it_opens(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: [Lighting the Fuse\ndate: 2009-01-01\n---\n")
    assert failed(site)[0].startswith("posts/x.md:2: invalid YAML: did not find expected ',' or ']'")


def test_an_impossible_calendar_date_is_named_with_its_line(site: SiteDir) -> None:
    site.write("posts/x.md", "---\ntitle: X\ndate: 2009-13-45\n---\n")
    assert failed(site) == ["posts/x.md:3: invalid YAML: '2009-13-45' is not a calendar date "
                            "(check the month (01-12) and the day; dates are YYYY-MM-DD)"]
