"""`chanblog init`: a new site that builds and checks clean, with a GitHub Pages workflow."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from chanblog.cli import cli
from chanblog.scaffold import REQUIREMENTS, REQUIREMENTS_UNKNOWN, chanblog_requirement, installed_requirement
from conftest import SiteDir

FILES = ["site.yaml", "posts", "templates/.gitkeep", "static/.gitkeep", ".gitignore", ".github/workflows/chanblog.yml"]


def init(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_init_then_check_and_build(tmp_path: Path) -> None:
    code, output = init(str(tmp_path / "my-new-blog"))
    assert code == 0, output
    site = SiteDir(tmp_path / "my-new-blog")
    assert all((site.root / path).exists() for path in FILES)
    [post] = (site.root / "posts").glob("*-hello-world.md")
    check = site.run("check")
    assert check.exit_code == 0 and check.output.strip().endswith(": no problems."), check.output
    site.build()
    assert site.html("index.html").xpath("//title")[0].text == "My New Blog"
    assert site.html("index.html").xpath("//article/h2/a/text()") == ["Hello, world"]
    ignored = (site.root / ".gitignore").read_text().split()
    assert {"_site/", ".chanblog-cache/"} <= set(ignored)


def test_workflow_checks_builds_and_deploys_to_pages(tmp_path: Path) -> None:
    assert init(str(tmp_path), "--title", "Notes")[0] == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/chanblog.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"] == {"branches": ["main"]} and "pull_request" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    runs = [step.get("run") for step in steps if "run" in step]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert steps[0]["with"]["fetch-depth"] == 0  # git dates need the whole history
    assert runs == ["pip install -r requirements.txt", "chanblog check", "chanblog build"]
    requirement = installed_requirement()
    written = REQUIREMENTS.format(requirement=requirement) if requirement else REQUIREMENTS_UNKNOWN
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8") == written
    upload = steps[uses.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "_site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert {"pages": "write", "id-token": "write"}.items() <= deploy["permissions"].items()
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}  # the build job cannot publish


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("title: Mine\n")
    (tmp_path / ".gitignore").write_text("mine\n")
    code, output = init(str(tmp_path))
    assert code == 1
    assert output.strip().splitlines() == [
        ".gitignore: already exists (chanblog init never overwrites a file: move it away, or create the site in a new folder)",
        "site.yaml: already exists (chanblog init never overwrites a file: move it away, or create the site in a new folder)",
        "2 errors: nothing was written."]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "site.yaml"]
    assert (tmp_path / "site.yaml").read_text() == "title: Mine\n"


def test_init_refuses_a_bad_url_before_writing(tmp_path: Path) -> None:
    code, output = init(str(tmp_path / "blog"), "--url", "example.com")
    assert code == 1
    assert output.startswith("site.yaml:2: url: 'example.com' is not an absolute URL")
    assert not (tmp_path / "blog").exists()


def test_init_in_the_site_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--site", str(tmp_path), "init", "--url", "https://me.github.io/notes"])
    assert result.exit_code == 0, result.output
    site = SiteDir(tmp_path)
    site.build()
    assert site.html("index.html").xpath("//article/h2/a/@href")[0].startswith("/notes/")


def test_requirement_names_where_this_chanblog_came_from() -> None:
    def no_checkout(folder: str) -> None:
        return None

    vcs = {"url": "https://github.com/owner/chanblog.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    assert chanblog_requirement(vcs, no_checkout) == "chanblog @ git+https://github.com/owner/chanblog.git@abc123"
    local = {"url": "file:///src/chanblog", "dir_info": {"editable": True}}
    assert chanblog_requirement(local, lambda folder: ("https://github.com/o/chanblog", "def456")) \
        == "chanblog @ git+https://github.com/o/chanblog@def456"
    archive = {"url": "https://github.com/o/chanblog/archive/def456.tar.gz", "archive_info": {}}
    assert chanblog_requirement(archive, no_checkout) == "chanblog @ https://github.com/o/chanblog/archive/def456.tar.gz"
    # chanblog is on no package index: from anywhere else, no requirement (init says what to write)
    assert chanblog_requirement(local, no_checkout) is None
    assert chanblog_requirement({"url": "file:///tmp/chanblog-0.1.0.whl", "archive_info": {}}, no_checkout) is None
    assert chanblog_requirement(None, no_checkout) is None
