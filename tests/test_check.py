"""`chanblog check`: every problem in one run, each with its file and line, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from chanblog.check import check_site
from conftest import SiteDir

REPO = Path(__file__).resolve().parents[1]

TEN_MISTAKES = {
    "posts/00-real.md": "---\ntitle: Real\ndate: 2009-08-14\n---\nThe real post.\n",
    "posts/01-date.md": "---\ntitle: One\ndate: someday\n---\n",
    "posts/02-title.md": "---\ndate: 2009-08-02\n---\n",
    "posts/03-author.md": "---\ntitle: Three\ndate: 2009-08-03\nauthor: ghost\n---\n",
    "posts/04-label.md": "---\ntitle: Four\ndate: 2009-08-04\nlabels: [Leadership, Marketing]\n---\n",
    "posts/05-copy.md": "---\ntitle: Five\ndate: 2009-08-20\nslug: real\n---\nA copy at the same URL.\n",
    "posts/06-alias.md": "---\ntitle: Six\ndate: 2009-08-06\naliases:\n  - /old/six/\n  - /2009/08/real/\n---\n",
    "posts/07-link.md": "---\ntitle: Seven\ndate: 2009-08-07\n---\nSee [the real one](/2009/08/real/),\n\n"
                        "then [nothing at all](/2009/08/nowhere/).\n",
    "posts/08-image.md": "---\ntitle: Eight\ndate: 2009-08-08\nimage: /img/missing.png\n---\n",
    "posts/09-body-image.md": "---\ntitle: Nine\ndate: 2009-08-09\n---\nA chart:\n\n![chart](/img/chart.png)\n",
    "templates/post.html": "{% extends 'theme/post.html' %}\n{% block title %}\n{{ post.title }\n{% endblock %}\n",
}


def mistakes(site: SiteDir) -> SiteDir:
    site.write("site.yaml", "title: T\nurl: https://example.com\nlabels: [Leadership, Sales]\n"
                            "authors:\n  jane:\n    name: Jane\n")
    for path, text in TEN_MISTAKES.items():
        site.write(path, text)
    return site


def test_ten_mistakes_are_all_reported_with_file_and_line(site: SiteDir) -> None:
    result = mistakes(site).run("check")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        "posts/01-date.md:3", "posts/02-title.md:2", "posts/03-author.md:4", "posts/04-label.md:4",
        "posts/05-copy.md:4", "posts/06-alias.md:6", "posts/07-link.md:7", "posts/08-image.md:4",
        "posts/09-body-image.md:7", "templates/post.html:3"]
    assert lines[:-1] == [
        "posts/01-date.md:3: date: 'someday' is not a date (use YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with an optional -0700)",
        "posts/02-title.md:2: 'title' is missing (add a line 'title: ...' to the front matter)",
        "posts/03-author.md:4: warning: author 'ghost' is not declared in site.yaml: the post shows the name without "
        "a bio (declare them under 'authors:' in site.yaml, or use a key declared there (jane))",
        "posts/04-label.md:4: labels: 'Marketing' is not one of the site's labels "
        "(use one of Leadership, Sales, or add it to 'labels' in site.yaml)",
        "posts/05-copy.md:4: has the same URL /2009/08/real/ as posts/00-real.md (give one of them a different 'slug:' or title)",
        "posts/06-alias.md:6: posts/06-alias.md and posts/00-real.md would both write 2009/08/real/index.html "
        "(change a slug, an alias or a file name)",
        "posts/07-link.md:7: links to /2009/08/nowhere/, which is no page of the site "
        "(correct the link: posts are at /{year}/{month}/{slug}/)",
        "posts/08-image.md:4: image: shows /img/missing.png, which is not in static/ (add static/img/missing.png, or correct the path)",
        "posts/09-body-image.md:7: shows /img/chart.png, which is not in static/ (add static/img/chart.png, or correct the path)",
        "templates/post.html:3: does not compile: unexpected '}' (fix the template's syntax)",
    ]
    assert lines[-1].startswith("Checked 10 posts, ")
    assert lines[-1].endswith(" to publish and 1 template: 9 errors, 1 warning.")


def test_json_lists_the_same_problems(site: SiteDir) -> None:
    result = mistakes(site).run("check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (9, 1)
    assert [(p["path"], p["line"], p["severity"]) for p in report["problems"]][:2] == [
        ("posts/01-date.md", 3, "error"), ("posts/02-title.md", 2, "error")]
    assert report["problems"][-1]["message"] == "does not compile: unexpected '}'"
    assert report["problems"][-1]["hint"] == "fix the template's syntax"


def test_check_writes_nothing(site: SiteDir) -> None:
    mistakes(site)
    before = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file()}
    site.run("check")
    site.write("templates/post.html", "{% extends 'theme/post.html' %}")
    assert site.run("check").exit_code == 1
    after = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file() and p.name != "post.html"}
    assert after == {p: data for p, data in before.items() if p.name != "post.html"}
    assert sorted(p.name for p in site.root.iterdir()) == ["posts", "site.yaml", "templates"]


def test_only_warnings_exit_zero(site: SiteDir) -> None:
    site.post("a", "Original", "2009-08-14", slug="same", body="See [the draft](/2009/09/coming/).")
    site.post("b", "Copy", "2010-01-01", slug="same")
    site.post("c", "Coming", "2009-09-01", slug="coming", draft="true")
    result = site.run("check")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[:-1] == [
        "posts/a.md:7: warning: links to /2009/09/coming/, posts/c.md, which is a draft and not published "
        "(publish it too, or check with --drafts or --future)",
        "posts/b.md:4: warning: has the same slug 'same' as posts/a.md "
        "(their URLs differ only by date: give one a different 'slug:' if they are different posts)"]
    assert lines[-1].endswith(": 0 errors, 2 warnings.")
    assert site.run("check", "--drafts").output.count("warning:") == 1


def test_links_that_resolve_are_quiet(site: SiteDir) -> None:
    site.write("static/img/logo.png", b"png")
    site.post("a", "Alpha", "2009-08-14", tags="[x]", image="/img/logo.png", body=(
        "[beta, relative](../beta/) [beta, absolute](https://example.com/2009/08/beta/) [tag](/tags/x/)\n"
        "[feed](/feed.xml) [theme](/theme/style.css) [top](#top) [mail](mailto:a@example.com) "
        "[elsewhere](https://example.org/x/) ![logo](/img/logo.png) <a href=\"/2009/08/\">month</a>"))
    site.post("b", "Beta", "2009-08-15")
    result = site.run("check")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith(": no problems.")


def test_a_relative_link_that_misses_and_a_base_path(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com/blog\n")
    site.post("a", "Alpha", "2009-08-14", body="Fine: [home](/blog/).\n\n[gone](../../../2009/08/gamma/) and [outside](/about/).")
    result = site.run("check")
    assert result.output.strip().splitlines()[0] == (
        "posts/a.md:8: links to ../../../2009/08/gamma/, which is no page of the site "
        "(correct the link: posts are at /{year}/{month}/{slug}/ or, with the base path, /blog/{year}/{month}/{slug}/)")
    assert result.exit_code == 1  # a site-rooted link is the blog's: /about/ is published as /blog/about/
    assert "posts/a.md:8: links to /about/, which is no page of the site" in result.output


def test_a_template_mistake_found_only_by_rendering(site: SiteDir) -> None:
    site.post("a", "Alpha", "2009-08-14")
    site.write("templates/post.html", "{% extends 'theme/post.html' %}\n{% block title %}{{ post.titel }}{% endblock %}\n")
    result = site.run("check")
    assert result.exit_code == 1
    assert result.output.startswith("templates/post.html:2: rendering posts/a.md with post.html: ")


def test_site_yaml_errors_come_first_and_alone(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nper_pag: 3\ntimezone: Nowhere/Else\n")
    site.write("posts/a.md", "---\ntitle: Alpha\ndate: bad\n---\n")
    lines = site.run("check").output.strip().splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == ["site.yaml:3", "site.yaml:4"]
    assert lines[-1].endswith(": 2 errors, 0 warnings.")


def test_missing_avatar_names_site_yaml_line(site: SiteDir) -> None:
    site.write("site.yaml", "title: T\nurl: https://example.com\nauthors:\n  jane:\n    name: Jane\n    avatar: /img/jane.jpg\n")
    site.post("a", "Alpha", "2009-08-14")
    assert site.run("check").output.splitlines()[0] == (
        "site.yaml:6: authors.jane.avatar: /img/jane.jpg is not in static/ (add static/img/jane.jpg, or correct the path)")


def test_the_bundled_site_has_no_problems() -> None:
    report = check_site(REPO)
    assert [str(p) for p in report.problems] == []
    assert report.posts == 28 and report.files > 200
