"""The command line: the only module that prints or exits."""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from chanblog import __version__
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.report import count, summary_line

if TYPE_CHECKING:
    from collections import Counter

    from chanblog.importers.run import ImportReport

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F, outcome: str = "nothing was published") -> F:
    """Print chanblog's errors as `path:line: message` and exit 1, with no traceback."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ChanblogError as exc:
            _fail([exc], outcome)
        except BuildFailed as exc:
            _fail(exc.errors, outcome)
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
            sys.exit(130)
    return run  # type: ignore[return-value]


def reports_import_errors(command: F) -> F:
    return reports_errors(command, "nothing was written")


def _fail(errors: list[ChanblogError], outcome: str) -> None:
    for error in errors:
        click.echo(str(error), err=True)
    if len(errors) > 1:
        click.echo(f"{len(errors)} errors: {outcome}.", err=True)
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
    from chanblog.output_folder import output_location
    from chanblog.receipt import unchanged_report

    folder = output_location(output or site_dir / "_site")
    report = unchanged_report(site_dir, folder, {"drafts": drafts, "future": future, "index": True})
    if report is None:  # something changed: only now is the pipeline loaded
        from chanblog.build import build as run_build

        with ProgressLine() as progress:
            report = run_build(site_dir, folder, drafts=drafts, future=future, progress=progress)
    _warn(report.warnings)
    click.echo(summary_line(report))


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one 'file:line: message' a problem; json: for tools.")
@click.option("--drafts", is_flag=True, help="Check the site as built with --drafts.")
@click.option("--future", is_flag=True, help="Check the site as built with --future.")
@click.pass_obj
@reports_errors
def check(site_dir: Path, output_format: str, drafts: bool, future: bool) -> None:
    """Check the whole site, writing nothing: exit 1 if there is any error."""
    from chanblog.check import check_site

    report = check_site(site_dir, drafts=drafts, future=future)
    errors, warnings = len(report.errors), len(report.warnings)
    if output_format == "json":
        click.echo(json.dumps({"errors": errors, "warnings": warnings,
                               "checked": {"posts": report.posts, "files": report.files, "templates": report.templates},
                               "problems": [problem.as_dict() for problem in report.problems]}, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        counts = f"{count(errors, 'error')}, {count(warnings, 'warning')}" if report.problems else "no problems"
        click.echo(f"Checked {count(report.posts, 'post')}, {count(report.files, 'file')} to publish and "
                   f"{count(report.templates, 'template')}: {counts}.")
    sys.exit(1 if errors else 0)


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The site's name (default: the folder's name).")
@click.option("--url", default="https://example.com", show_default=True, help="Where the site will be published.")
@click.pass_obj
@functools.partial(reports_errors, outcome="nothing was written")
def init(site_dir: Path, folder: Path | None, title: str | None, url: str) -> None:
    """Create a new site in FOLDER (default: the site's folder), with a GitHub Pages workflow."""
    from chanblog.scaffold import create_site, installed_requirement, site_files, unknown_requirement_warning

    target = folder.resolve() if folder else site_dir
    name = title or target.name.replace("-", " ").replace("_", " ").strip().title() or "My Blog"
    today = datetime.now(timezone.utc).date()  # the site's time zone is UTC: the post is never in its future
    requirement = installed_requirement()
    written = create_site(target, site_files(name, url, today, requirement))
    for path in written:
        click.echo(f"Created {path}")
    if requirement is None:
        _warn([unknown_requirement_warning()])
    click.echo(f"Next: cd {target} && chanblog build")


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


def _warn(warnings: Iterable[ChanblogError]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


@cli.command()
@click.argument("title")
@click.option("--page", "is_page", is_flag=True, help="Start a page (About, Contact) in pages/ instead of a post.")
@click.pass_obj
@reports_errors
def new(site_dir: Path, title: str, is_page: bool) -> None:
    """Start a new post called TITLE in posts/ (with --page, a page in pages/)."""
    from chanblog.config import load_config
    from chanblog.content import default_author
    from chanblog.urls import slugify

    config = load_config(site_dir)
    _check_new_title(title, "page" if is_page else "post")
    now = datetime.now(config.tzinfo).replace(microsecond=0)
    author = default_author(config)
    if is_page:
        path = config.pages_dir / f"{slugify(title)}.md"
        lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "menu: false", "---", "",
                 "Write your page here.", ""]
    else:
        path = config.posts_dir / f"{now:%Y-%m-%d}-{slugify(title)}.md"
        lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {now:%Y-%m-%d %H:%M:%S %z}"]
        lines += [f"author: {author.key}"] if author else []
        lines += ["tags: []", "labels: []", "---", "", "Write your essay here.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write("\n".join(lines))
    except FileExistsError:
        raise ChanblogError("already exists", path.relative_to(site_dir).as_posix(), None,
                            f"pick another title, or edit the existing {'page' if is_page else 'post'}") from None
    click.echo(f"Created {path.relative_to(site_dir).as_posix()}")


def _check_new_title(title: str, kind: str = "post") -> None:
    """A new post's (page's) file is named after its title: one with nothing to name it by is refused."""
    hint = f'give the {kind} a title, like: chanblog new "My first post"' if kind == "post" else \
        'give the page a title, like: chanblog new --page "About"'
    if not title.strip():
        raise ChanblogError("the title is empty", None, None, hint)
    if not any(character.isalnum() for character in title):
        raise ChanblogError(f"the title {json.dumps(title, ensure_ascii=False)} has no letter or digit "
                            f"to name the {kind}'s file by", None, None, hint)


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
    from chanblog.output_folder import check_output_folder, output_location
    from chanblog.serve import Preview, is_loopback, open_server, server_url

    if not (site_dir / CONFIG_FILE).is_file():
        load_config(site_dir)  # says there is no site here, and what to do
    out = output_location(output or site_dir / "_site")
    check_output_folder(out, site_dir)  # before it is served: never a folder chanblog may not publish into
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


@cli.group("import")
def import_group() -> None:
    """Import a blog from WordPress, Blogger, Jekyll, Hugo, Pelican or Eleventy."""


def _import_options(source: Callable[[F], F], gives: str) -> Callable[[F], F]:
    """The argument naming what is imported, and the options every importer shares."""
    def add(command: F) -> F:
        for option in reversed([
            source,
            click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
                         help="Where to write the posts (default: posts/ in the site's folder)."),
            click.option("--force", is_flag=True, help=f"Replace post files that differ from what {gives} gives."),
        ]):
            command = option(command)
        return command
    return add


import_options = _import_options(click.argument("export", type=click.Path(dir_okay=False, path_type=Path)),
                                 "the export")
folder_import_options = _import_options(click.argument("source", type=click.Path(file_okay=False, path_type=Path)),
                                        "the old site")


_MEDIA_OPTION = click.option(
    "--media", is_flag=True,
    help="Copy the images and files the posts use from the old blog into static/, and link to the copies.")


@import_group.command("wordpress")
@import_options
@_MEDIA_OPTION
@click.pass_obj
@reports_import_errors
def import_wordpress(site_dir: Path, export: Path, output: Path | None, force: bool, media: bool) -> None:
    """Import EXPORT, a WordPress export (WXR, from Tools → Export)."""
    from chanblog.importers.media import Limits
    from chanblog.importers.run import import_export
    from chanblog.importers.wordpress import read_wxr

    _report_import(import_export(site_dir, export, read_wxr, output, force, Limits() if media else None))


@import_group.command("blogger")
@import_options
@_MEDIA_OPTION
@click.pass_obj
@reports_import_errors
def import_blogger(site_dir: Path, export: Path, output: Path | None, force: bool, media: bool) -> None:
    """Import EXPORT, a Blogger export (Settings → Back up content)."""
    from chanblog.importers.blogger import read_blogger
    from chanblog.importers.media import Limits
    from chanblog.importers.run import import_export

    _report_import(import_export(site_dir, export, read_blogger, output, force, Limits() if media else None))


FOLDER_IMPORTS = {
    "jekyll": "a Jekyll site's folder (or its _posts/ folder)",
    "hugo": "a Hugo site's folder (or its content/posts/ folder)",
    "pelican": "a Pelican site's folder (or its content/ folder); pelicanconf.py is read, never run",
    "eleventy": "an Eleventy site's folder (or its posts folder); its JavaScript is never run",
}


def _folder_import(kind: str, what: str) -> None:
    """`chanblog import KIND SOURCE`: the reader of `chanblog.importers.KIND` through `import_folder`."""
    @import_group.command(kind, help=f"Import SOURCE, {what}.")
    @folder_import_options
    @click.pass_obj
    @reports_import_errors
    def command(site_dir: Path, source: Path, output: Path | None, force: bool) -> None:
        from importlib import import_module

        from chanblog.importers.run import import_folder

        read = getattr(import_module(f"chanblog.importers.{kind}"), f"read_{kind}")
        _report_import(import_folder(site_dir, source, read, output, force))


for _kind, _what in FOLDER_IMPORTS.items():
    _folder_import(_kind, _what)


def _report_import(report: ImportReport) -> None:
    """The summary of an import: what was read, written, skipped and left out, and what to look at."""
    export, outcome, folder = report.export, report.outcome, report.folder
    click.echo(f"Imported {count(len(report.files), 'post')} into {folder}/: {len(outcome.written)} written, "
               f"{len(outcome.unchanged)} unchanged, {len(outcome.kept)} left as they were")
    if export.drafts:
        click.echo(f"  {sum(export.drafts.values())} as drafts ({_tally(export.drafts)})")
    if export.unlisted:
        click.echo(f"  {sum(export.unlisted.values())} unlisted: published at their addresses, left out of the "
                   f"site's lists ({_tally(export.unlisted)})")
    added = f" ({len(report.authors_added)} added to site.yaml)" if report.authors_added else ""
    click.echo(f"  {count(report.comments, 'comment')}, {count(report.authors, 'author')}{added}, "
               f"{count(report.tags, 'tag')}, {count(report.labels, 'label')}")
    _report_pages(report)
    if report.site_yaml_created:
        click.echo("  Created site.yaml from the export: check its title and url")
    if export.skipped:
        click.echo(f"Skipped {count(sum(export.skipped.values()), 'item')}: "
                   + ", ".join(count(n, kind) for kind, n in sorted(export.skipped.items())))
    if export.comments_left_out:
        click.echo(f"Left out {count(sum(export.comments_left_out.values()), 'comment')}: "
                   f"{_tally(export.comments_left_out)}")
    if report.unlinked:
        click.echo(f"Left {count(len(report.unlinked), 'commenter')} unlinked: no web address "
                   f"({', '.join(json.dumps(a, ensure_ascii=False) for a in report.unlinked[:3])}"
                   f"{', …' if len(report.unlinked) > 3 else ''})")
    for planned in report.files:
        if planned.post.kept_shortcodes:
            names = ", ".join(f"[{name}]" for name in planned.post.kept_shortcodes)
            click.echo(f"{folder}/{planned.name}: {names} kept as text (WordPress shortcodes chanblog cannot run)")
    if export.left_out:
        click.echo(f"Left out ({len(export.left_out)}):")
        for left in export.left_out:
            click.echo(f"  {left.path}: {left.reason}")
    for planned in report.files:
        for line, code in planned.post.leftovers:
            click.echo(f"{planned.post.source}:{line}: {code} kept as text (template code chanblog cannot run)")
    for planned in report.files:
        for address, taken in planned.left_out:
            click.echo(f"{folder}/{planned.name}: old address {address} left out: it belongs to {taken}")
    for name, address in report.old_pages:
        click.echo(f"{name}: links to {address}, a page of the old blog that was not imported "
                   "(link to another page, or remove the link)")
    _report_media(report)
    for name in outcome.kept:
        click.echo(f"{folder}/{name}: left as it was: it differs from the export (--force replaces it)")
    copied = report.copied
    if copied.written or copied.unchanged or copied.kept:
        click.echo(f"Copied {count(len(copied.written + copied.unchanged + copied.kept), 'file')} the posts link to "
                   f"into static/: {len(copied.written)} written, {len(copied.unchanged)} unchanged, "
                   f"{len(copied.kept)} left as they were")
    for name in copied.kept:
        click.echo(f"static/{name}: left as it was: it differs from the old site's (--force replaces it)")


def _report_pages(report: ImportReport) -> None:
    """The pages written, and what became of the old blog's menu."""
    outcome, menu = report.pages_outcome, report.menu
    if report.pages:
        click.echo(f"Imported {count(len(report.pages), 'page')} into pages/: {len(outcome.written)} written, "
                   f"{len(outcome.unchanged)} unchanged, {len(outcome.kept)} left as they were")
    drafts = sum(planned.post.draft for planned in report.pages)
    if drafts:
        click.echo(f"  {drafts} as drafts (unpublished or private)" if drafts > 1
                   else "  1 as a draft (unpublished or private)")
    entries = f"{len(menu.entries)} {'entry' if len(menu.entries) == 1 else 'entries'}"
    if report.menu_kept:
        click.echo(f"  site.yaml has a menu: left as it was (the old blog's menu of {entries} was not added)")
    elif menu.entries:
        flat = f" ({count(menu.sub_items, 'sub-item')} after their parents: the menu has one level)" \
            if menu.sub_items else ""
        click.echo(f"  menu: {entries} in site.yaml{flat}")
    for title, why in menu.left_out:
        click.echo(f"  menu entry {json.dumps(title, ensure_ascii=False)} left out: {why}")
    for name in report.export.other_menus:
        click.echo(f"  menu {json.dumps(name, ensure_ascii=False)} left out: "
                   "only the menu with the most entries is imported")
    for planned in report.pages:
        for address, taken in planned.left_out:
            click.echo(f"pages/{planned.name}: old address {address} left out: it belongs to {taken}")
    for name in outcome.kept:
        click.echo(f"pages/{name}: left as it was: it differs from the export (--force replaces it)")


def _report_media(report: ImportReport) -> None:
    """What --media fetched and what it could not; without it, what is still only on the old blog."""
    if report.remote:
        click.echo(f"{count(len(report.remote), 'file')} the posts show or link to (images, attachments) "
                   f"{'is' if len(report.remote) == 1 else 'are'} still only on the old blog: "
                   "import again with --media to copy them into static/")
    if report.media is None:
        return
    fetched = report.media
    click.echo(f"Media: {len(fetched.saved)} saved in static/, {len(fetched.present)} already there, "
               f"{len(fetched.kept)} left as they were, {len(fetched.failed)} not fetched")
    for address, path in fetched.kept:
        click.echo(f"static/{path}: left as it was: it differs from {address} (the posts use it)")
    for address, why in fetched.failed:
        click.echo(f"{address}: not fetched: {why} (the posts keep this address)")


def _tally(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))


def main() -> None:
    cli(prog_name="chanblog")
