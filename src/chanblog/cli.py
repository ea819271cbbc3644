"""The command line: the only module that prints or exits."""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from chanblog import __version__
from chanblog.errors import BuildFailed, ChanblogError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Print chanblog's errors as `path:line: message` and exit 1, with no traceback."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ChanblogError as exc:
            _fail([exc])
        except BuildFailed as exc:
            _fail(exc.errors)
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
            sys.exit(130)
    return run  # type: ignore[return-value]


def _fail(errors: list[ChanblogError]) -> None:
    for error in errors:
        click.echo(str(error), err=True)
    if len(errors) > 1:
        click.echo(f"{len(errors)} errors: nothing was published.", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chanblog")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site's folder, holding site.yaml and posts/.")
@click.pass_context
def cli(ctx: click.Context, site_dir: Path) -> None:
    """chanblog: publish Markdown essays as a fast, valid blog with Atom feeds."""
    ctx.obj = site_dir.resolve()


def build_options(command: F) -> F:
    """The options every command that builds shares."""
    for option in reversed([
        click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Where to publish the site (default: _site in the site's folder)."),
        click.option("--drafts", is_flag=True, help="Include posts marked draft: true."),
        click.option("--future", is_flag=True, help="Include posts dated in the future."),
    ]):
        command = option(command)
    return command


@cli.command()
@build_options
@click.pass_obj
@reports_errors
def build(site_dir: Path, output: Path | None, drafts: bool, future: bool) -> None:
    """Build the site into its output folder."""
    from chanblog.build import build as run_build

    with ProgressLine() as progress:
        report = run_build(site_dir, (output or site_dir / "_site").resolve(), drafts=drafts, future=future,
                           progress=progress)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Built {_count(report.pages, 'page')} and {_count(report.feeds, 'feed')} "
               f"({report.written} written, {report.unchanged} skipped as unchanged): {_count(report.posts, 'post')}, "
               f"{_count(report.tags, 'tag')}, {_count(report.labels, 'label')} in {report.seconds:.2f} s")


class ProgressLine:
    """`Rendering Markdown 1200/4000` on a terminal, once a build has taken over a second."""

    def __init__(self, delay: float = 1.0) -> None:
        self.start, self.delay, self.shown = time.monotonic(), delay, False
        self.enabled = sys.stderr.isatty()

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and time.monotonic() - self.start > self.delay:
            self.shown = True
            click.echo(f"\r\033[K{stage} {done}/{total}", nl=False, err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@cli.command()
@click.argument("title")
@click.pass_obj
@reports_errors
def new(site_dir: Path, title: str) -> None:
    """Start a new post called TITLE in posts/."""
    from chanblog.config import load_config
    from chanblog.content import default_author
    from chanblog.urls import slugify

    config = load_config(site_dir)
    now = datetime.now(config.tzinfo).replace(microsecond=0)
    path = config.posts_dir / f"{now:%Y-%m-%d}-{slugify(title)}.md"
    author = default_author(config)
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {now:%Y-%m-%d %H:%M:%S %z}"]
    lines += [f"author: {author.key}"] if author else []
    lines += ["tags: []", "labels: []", "---", "", "Write your essay here.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write("\n".join(lines))
    except FileExistsError:
        raise ChanblogError("already exists", path.relative_to(site_dir).as_posix(), None,
                            "pick another title, or edit the existing post") from None
    click.echo(f"Created {path.relative_to(site_dir).as_posix()}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets other machines read the preview.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0 picks a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@build_options
@click.pass_obj
@reports_errors
def serve(site_dir: Path, host: str, port: int, open_browser: bool, output: Path | None, drafts: bool,
          future: bool) -> None:
    """Build the site, serve it for preview, and rebuild and reload open pages on every save."""
    from chanblog.config import CONFIG_FILE, load_config
    from chanblog.serve import Preview, is_loopback, open_server, server_url

    if not (site_dir / CONFIG_FILE).is_file():
        load_config(site_dir)  # says there is no site here, and what to do
    out = (output or site_dir / "_site").resolve()
    if not is_loopback(host):
        click.echo(f"warning: serving on {host}: other machines on your network can read the preview, "
                   "drafts included", err=True)
    server = open_server(out, host, port)
    preview = Preview(site_dir, out, drafts=drafts, future=future, live=server.live, say=click.echo)
    for line in preview.rebuild(set()):
        click.echo(line)

    def ready() -> None:
        url = server_url(server, preview.base_path)
        click.echo(f"Serving {out.name}/ at {url} (Ctrl-C stops)")
        if open_browser:
            import webbrowser
            webbrowser.open(url)

    preview.run(server, say=click.echo, on_ready=ready)
    click.echo("Stopped.")


def main() -> None:
    cli(prog_name="chanblog")
