"""The bundled theme ships compiled: a build runs the shipped code of a template whose stamp
matches its source and the installed Jinja2, compiles any other, and writes the same pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import pytest

from chanblog import compiled_theme, render
from chanblog.build import build
from chanblog.compiled_theme import COMPILED, STAMPS
from chanblog.errors import ChanblogError
from chanblog.theme_compile import compiled_templates, write_compiled
from conftest import SITE_YAML, SiteDir

REPO = Path(__file__).resolve().parents[1]
SHIPPED = render.THEME_DIR / COMPILED
SHIPPED_MARK = "data-shipped-code"  # put by the `theme` fixture into the code of its post.html


def stamped_jinja() -> str:
    return json.loads((SHIPPED / STAMPS).read_text(encoding="utf-8"))["settings"]["jinja2"]


needs_stamped_jinja = pytest.mark.skipif(
    jinja2.__version__ != stamped_jinja(),
    reason="the installed Jinja2 is not the one the theme was compiled with: every template is compiled")


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def compiling(self: jinja2.Environment, source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(name)
        return compile_source(self, source, name, *args, **kwargs)
    monkeypatch.setattr(jinja2.Environment, "compile", compiling)
    return names


@pytest.fixture
def theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled theme, compiled with the installed Jinja2, that builds use from here
    on; the code of its post.html marked, so that a page shows whether that code ran."""
    copy = tmp_path / "theme"
    shutil.copytree(render.THEME_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    write_compiled(copy)
    module = copy / COMPILED / "post_html.py"
    text = module.read_text(encoding="utf-8")
    marked = text.replace("<article class=\"post\"", f"<article class=\"post\" {SHIPPED_MARK}", 1)
    assert marked != text
    module.write_text(marked, encoding="utf-8")
    monkeypatch.setattr(render, "THEME_DIR", copy)
    return copy


def small_site(site: SiteDir) -> SiteDir:
    site.write("site.yaml", SITE_YAML)
    site.post("a", "A post", "2009-08-14", tags="[Channels, Sales]", series="Basics")
    site.post("b", "Another", "2009-08-20", labels="[Leadership]", aliases="[/old/b/]", author="jane")
    site.write("pages/about.md", "---\ntitle: About\n---\nWho we are.\n")
    return site


def post_page(folder: Path, *templates: tuple[str, str]) -> str:
    """The page of post `a` of a small site built in `folder`, with the site's `templates`."""
    site = small_site(SiteDir(folder))
    for name, text in templates:
        site.write(f"templates/{name}", text)
    built(site.root)
    return site.text("2009/08/a-post/index.html")


def built(root: Path) -> dict[str, bytes]:
    out = root / "_site"
    build(root, out, workers=1)
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def copy_of_bundled_site(folder: Path) -> Path:
    folder.mkdir()
    for name in ("posts", "pages"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "site.yaml", folder / "site.yaml")
    return folder


@needs_stamped_jinja
def test_a_build_on_the_bundled_theme_compiles_no_template(site: SiteDir, compiled: list[str]) -> None:
    built(small_site(site).root)
    assert (site.out / "2009/08/a-post/index.html").is_file()
    assert compiled == []


@needs_stamped_jinja
def test_pages_are_the_same_with_the_theme_compiled_or_not(tmp_path: Path, compiled: list[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = built(copy_of_bundled_site(tmp_path / "shipped"))
    assert compiled == []
    monkeypatch.setattr(compiled_theme, "COMPILED", "not-compiled")
    fresh = built(copy_of_bundled_site(tmp_path / "fresh"))
    assert {"post.html", "index.html", "term.html", "base.html"} <= set(compiled)
    assert len(shipped) > 300 and shipped.keys() == fresh.keys()
    assert [name for name in shipped if shipped[name] != fresh[name]] == []


def test_the_shipped_code_runs_when_its_stamp_matches(tmp_path: Path, theme: Path, compiled: list[str]) -> None:
    assert SHIPPED_MARK in post_page(tmp_path / "site")
    assert compiled == []


def test_a_template_whose_source_differs_from_its_stamp_is_compiled_afresh(tmp_path: Path, theme: Path,
                                                                         compiled: list[str]) -> None:
    assert SHIPPED_MARK in post_page(tmp_path / "as shipped")
    template = theme / "templates/post.html"
    template.write_text(template.read_text(encoding="utf-8").replace("<article ", "<article data-edited "),
                        encoding="utf-8")
    page = post_page(tmp_path / "edited")
    assert "data-edited" in page and SHIPPED_MARK not in page
    assert compiled == ["post.html"]


def test_a_stamp_of_another_jinja_version_is_compiled_afresh(tmp_path: Path, theme: Path,
                                                             compiled: list[str]) -> None:
    assert SHIPPED_MARK in post_page(tmp_path / "as shipped")
    stamps = theme / COMPILED / STAMPS
    data = json.loads(stamps.read_text(encoding="utf-8"))
    data["settings"]["jinja2"] = "2.11.3"
    stamps.write_text(json.dumps(data), encoding="utf-8")
    page = post_page(tmp_path / "older")
    assert '<article class="post"' in page and SHIPPED_MARK not in page
    assert {"post.html", "base.html"} <= set(compiled)


def test_stamps_that_are_not_readable_only_cost_compiling(tmp_path: Path, theme: Path, compiled: list[str]) -> None:
    assert SHIPPED_MARK in post_page(tmp_path / "as shipped")
    (theme / COMPILED / STAMPS).write_text('{"settings": {"jinja2": ', encoding="utf-8")
    page = post_page(tmp_path / "damaged")
    assert '<article class="post"' in page and SHIPPED_MARK not in page
    assert "post.html" in compiled


def test_a_site_template_overrides_the_compiled_one(tmp_path: Path, theme: Path, compiled: list[str]) -> None:
    assert SHIPPED_MARK in post_page(tmp_path / "as shipped")
    own = "{% extends 'theme/post.html' %}\n{% block content %}<p class=own>{{ post.title }}</p>{% endblock %}\n"
    page = post_page(tmp_path / "own", ("post.html", own))
    assert "<p class=own>A post</p>" in page and "<article" not in page
    assert compiled == ["post.html"]  # the site's: the theme's, which it extends, ran from its shipped code


def test_a_runtime_error_in_a_compiled_theme_template_names_it_and_its_line(site: SiteDir, theme: Path,
                                                                           compiled: list[str]) -> None:
    template = theme / "templates/post.html"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(29, "{{ post.no_such_field }}\n")  # line 30, inside the content block
    template.write_text("".join(lines), encoding="utf-8")
    write_compiled(theme)
    compiled.clear()
    site.post("a", "A post", "2009-08-14")
    result = site.run("build")
    assert result.exit_code == 1
    assert result.output.startswith("(bundled theme) post.html:30: rendering posts/a.md with post.html: ")
    assert "no_such_field" in result.output and "Traceback" not in result.output
    assert "post.html" not in compiled  # the shipped code ran, and its lines were mapped to the template's


@needs_stamped_jinja
def test_the_shipped_code_is_what_the_script_writes_now() -> None:
    """`python -m chanblog.theme_compile` was run after the last edit of a template."""
    shipped = {path.name: path.read_text(encoding="utf-8") for path in SHIPPED.iterdir() if path.is_file()}
    assert shipped == compiled_templates()


def test_the_script_refuses_a_template_whose_code_would_hold_what_a_filter_made(theme: Path) -> None:
    """Jinja works out a filter of a constant when compiling: `absolute` depends on the site."""
    (theme / "templates/subscribe.html").write_text("{{ '/feed.xml' | absolute }}\n", encoding="utf-8")
    with pytest.raises(ChanblogError) as refused:
        compiled_templates(theme)
    assert refused.value.path == "templates/subscribe.html"
    (theme / "templates/subscribe.html").write_text("{{ site_url('/feed.xml') | absolute }}\n", encoding="utf-8")
    assert "subscribe_html.py" in compiled_templates(theme)


def test_every_bundled_template_is_shipped_compiled() -> None:
    stamps = json.loads((SHIPPED / STAMPS).read_text(encoding="utf-8"))["templates"]
    assert set(stamps) == set(render.theme_files("templates"))
    assert all((SHIPPED / stamp["module"]).is_file() for stamp in stamps.values())


def test_a_wheel_made_from_the_sdist_carries_the_compiled_theme(tmp_path: Path) -> None:
    """As pip installs chanblog from the sdist: the code and its stamps ship (pip compiles them)."""
    def made(kind: str, source: Path, into: Path) -> Path:
        command = f"import sys; from setuptools import build_meta; print(build_meta.build_{kind}(sys.argv[1]))"
        done = subprocess.run([sys.executable, "-c", command, str(into)], cwd=source, capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stderr
        return into / done.stdout.split()[-1]
    with tarfile.open(made("sdist", REPO, tmp_path)) as sdist:
        sdist.extractall(tmp_path / "unpacked", filter="data")
    [unpacked] = (tmp_path / "unpacked").iterdir()
    with zipfile.ZipFile(made("wheel", unpacked, tmp_path / "wheel")) as wheel:
        names = set(wheel.namelist())
    shipped = {f"chanblog/theme/{COMPILED}/{path.name}" for path in SHIPPED.iterdir() if path.is_file()}
    assert f"chanblog/theme/{COMPILED}/{STAMPS}" in shipped and "chanblog/theme/compiled/post_html.py" in shipped
    assert shipped <= names
