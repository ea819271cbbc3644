"""One import, top to bottom: read the whole export (or old site), plan every file, check it, then write.

Pages go to pages/ beside the posts, and the old blog's menu into site.yaml when it has none.
Nothing is written until everything is read and every planned post has passed the same
front matter checks a build makes: a broken export leaves the site exactly as it was. With
`--media` the old blog's files are fetched into static/ after those checks and before the
posts are written (a file that cannot be fetched is named in the summary, not an error).
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from chanblog import urls
from chanblog.config import CONFIG_FILE, SiteConfig, parse_config
from chanblog.content import parse_draft
from chanblog.errors import BuildFailed, ChanblogError
from chanblog.frontmatter import decode_source, normalize_text
from chanblog.importers.authors import add_authors, match_authors, new_site_yaml
from chanblog.importers.links import old_pages, to_new_pages
from chanblog.importers.media import Limits, MediaReport, download, relinked, wanted
from chanblog.importers.pages import PlannedMenu, add_menu, has_menu, menu_text, plan_menu, plan_pages
from chanblog.importers.records import CopiedFile, Export, ImportedPost
from chanblog.importers.static import convert_bodies
from chanblog.importers.wordpress import own_hosts
from chanblog.importers.writer import PlannedFile, WriteOutcome, plan_files, write_data, write_files
from chanblog.pages import PAGES, parse_page

Reader = Callable[[Path, str, ZoneInfo], Export]


@dataclass(frozen=True)
class ImportReport:
    """What an import read and what it did, for the summary the command prints."""

    export: Export
    folder: str  # where the posts went, as shown to the user
    outcome: WriteOutcome
    files: tuple[PlannedFile, ...]
    authors: int  # distinct authors of the imported posts
    authors_added: tuple[str, ...]  # names added to site.yaml
    site_yaml_created: bool
    media: MediaReport | None = None  # what --media fetched, when it was given
    remote: tuple[str, ...] = ()  # without --media: the files posts use that are still on the old blog
    old_pages: tuple[tuple[str, str], ...] = ()  # (file as shown, address): links to the old blog's pages kept
    copied: WriteOutcome = WriteOutcome((), (), ())  # files the posts link to, copied from an old site's folder
    pages: tuple[PlannedFile, ...] = ()  # below pages/
    pages_outcome: WriteOutcome = WriteOutcome((), (), ())
    menu: PlannedMenu = PlannedMenu(())  # the old blog's menu, as site.yaml takes it
    menu_kept: bool = False  # site.yaml had a menu of its own: it was left as it was

    @property
    def comments(self) -> int:
        return sum(len(f.post.comments) for f in self.files)

    @property
    def unlinked(self) -> list[str]:
        """Commenters' addresses that are no web address: their names are shown without a link."""
        return [c.unlinked for f in self.files for c in f.post.comments if c.unlinked]

    @property
    def tags(self) -> int:
        return len({t.casefold() for f in self.files for t in f.post.tags})

    @property
    def labels(self) -> int:
        return len({t.casefold() for f in self.files for t in f.post.labels})


def import_export(site_dir: Path, export_path: Path, read: Reader, output: Path | None = None,
                  force: bool = False, media: Limits | None = None) -> ImportReport:
    """Import `export_path` with `read` into the site in `site_dir`; posts go to `output` (default posts/).
    With `media`, the files posts use are fetched from the old blog into static/ first, and the
    posts link to those copies (a file that cannot be fetched keeps its old address)."""
    if not export_path.is_file():
        raise ChanblogError("no such file", str(export_path), None, "give the path of the exported .xml file")
    return _import(site_dir, export_path, read, output, force, media)


def import_folder(site_dir: Path, source: Path, read: Reader, output: Path | None = None,
                  force: bool = False) -> ImportReport:
    """Import the old site (or posts folder) `source` of Jekyll, Hugo, Pelican or Eleventy with `read`."""
    if not source.is_dir():
        raise ChanblogError("no such folder", str(source), None, "give the old site's folder, or its posts folder")
    return _import(site_dir, source, read, output, force, None)


def _import(site_dir: Path, export_path: Path, read: Reader, output: Path | None, force: bool,
            media: Limits | None) -> ImportReport:
    """Read everything, plan every file and check it; only then write site.yaml and the posts."""
    config_path = site_dir / CONFIG_FILE
    old_text = normalize_text(decode_source(config_path.read_bytes(), CONFIG_FILE)) if config_path.is_file() else None
    old_config = parse_config(old_text, site_dir) if old_text is not None else None
    export = read(export_path, str(export_path), old_config.tzinfo if old_config else ZoneInfo("UTC"))
    keys, new_authors = match_authors(old_config.authors if old_config else {},
                                      (p.author for p in export.posts if p.author))
    new_text = add_authors(old_text, new_authors) if old_text is not None else new_site_yaml(export.site, new_authors)
    config = parse_config(new_text, site_dir)
    folder = (output or config.posts_dir).resolve()
    files = plan_files(export.posts, config, keys)
    if export.link_keys:  # posts read from files: their template code and links are converted
        files = plan_files(convert_bodies(export, [planned.url for planned in files], config), config, keys)
    check_files(files, config, shown_path(folder, site_dir))
    pages = plan_pages(export.pages, config, files)
    own = own_hosts(export.site.url)
    addresses = tuple(wanted([planned.post for planned in files + pages], export.site.hosts, own, export.attachments))
    contents, fetched = relinked_posts(export, files + pages, config, own, addresses, media)
    files = plan_files(contents[:len(files)], config, keys)
    check_files(files, config, shown_path(folder, site_dir))
    pages = plan_pages([replace(page, content=content) for page, content in zip(export.pages, contents[len(files):])],
                       config, files)
    check_files(pages, config, PAGES, parse_page)
    menu = plan_menu(export.menu, export.pages, pages, files, config, export.site.hosts)
    copies = planned_copies(export.copies, files, config)
    written_text = add_menu(new_text, menu)
    parse_config(written_text, site_dir)  # the menu too: a build must take it
    if written_text != old_text:
        _write_text(config_path, written_text)
    outcome = write_files(folder, files, force)
    pages_outcome = write_files(config.pages_dir, pages, force)
    copied = write_data(config.static_dir, ((target, source.read_bytes) for target, source in copies.items()), force)
    old_links = [(f"{shown_path(folder, site_dir)}/{f.name}", a) for f in files for a in old_pages(f.post.body, own)]
    old_links += [(f"{PAGES}/{f.name}", a) for f in pages for a in old_pages(f.post.body, own)]
    return ImportReport(export, shown_path(folder, site_dir), outcome, tuple(files), len(set(keys.values())),
                        tuple(new_authors.values()), old_text is None, fetched, addresses if media is None else (),
                        tuple(old_links), copied, tuple(pages), pages_outcome, menu,
                        bool(menu.entries) and has_menu(new_text) and menu_text(menu) not in new_text)


def relinked_posts(export: Export, files: list[PlannedFile], config: SiteConfig, own: tuple[str, ...],
                   addresses: tuple[str, ...], media: Limits | None) -> tuple[list[ImportedPost], MediaReport | None]:
    """The posts, their links to each other leading to their new pages (as `files` plans them);
    with `media`, the old blog's files fetched into static/ and the posts linking to the copies."""
    posts = to_new_pages([planned.post for planned in files], [planned.url for planned in files], own)
    if media is None:
        return posts, None
    fetched = download(config.static_dir, addresses, export.site.hosts, own, media)
    return relinked(posts, fetched, config), fetched


def planned_copies(copies: Sequence[CopiedFile], files: Sequence[PlannedFile], config: SiteConfig) -> dict[str, Path]:
    """Where in static/ each linked file goes: where its link, made from the post's new page,
    leads. One that would land outside static/ or on a name no file system holds is not copied."""
    targets: dict[str, Path] = {}
    for copy in copies:
        page = urls.output_path(config, files[copy.post].url) or "" if copy.post is not None else ""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), copy.target))
        if not target.startswith(("../", "/")) and target != ".." and not urls.path_problem(target):
            targets.setdefault(target, copy.source)
    return targets


def check_files(files: list[PlannedFile], config: SiteConfig, folder: str,
                parse: Callable[[str, str, SiteConfig], object] = parse_draft) -> None:
    """Every planned post (or page, with `parse_page`) must pass a build's front matter checks, or
    nothing is written."""
    errors: list[ChanblogError] = []
    for planned in files:
        try:
            parse(f"{folder}/{planned.name}", planned.text, config)
        except BuildFailed as exc:
            errors += exc.errors
        except ChanblogError as exc:
            errors.append(exc)
    if errors:
        raise BuildFailed(errors)


def shown_path(path: Path, site_dir: Path) -> str:
    """A folder as the user thinks of it: relative to the site when inside it."""
    try:
        return path.relative_to(site_dir.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
