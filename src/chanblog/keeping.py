"""What a build keeps instead of making it again: files one by one, bundles whole.

A file whose inputs did not change (its digest and its size and mtime match the page
manifest) is kept from the spare, or hard-linked from the published folder, without being
made again (`keep_all`).

A bundle (a folder one program makes from the staged pages, such as a part of the search
index) is kept whole while its key is unchanged, else made afresh; bundles are made side by
side, and one may hold others' folders (the index's first part, `pagefind/`, holds the rest).
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chanblog.inventory import Stat, entry_stat, walk
from chanblog.jobs import Bundle, Manifest
from chanblog.staging import Staging, unlink_if_there


def keep_all(staging: Staging, manifest: Manifest, paths: Sequence[str], keys: Sequence[str]) -> list[Stat | None]:
    """For each path, the file there made from its key, kept from the spare or linked from the
    published folder; None where it must be made. The spare's files are looked at in one loop."""
    is_fresh = manifest.is_fresh
    return [stat if is_fresh("spare", path, key, stat) else _linked(staging, manifest, path, key)
            for path, key, stat in zip(paths, keys, staging.spare_stats(paths))]


def _linked(staging: Staging, manifest: Manifest, path: str, key: str) -> Stat | None:
    """The published file at `path`, linked into the staging folder if it was made from `key`."""
    published, stat = staging.published(path)
    if manifest.is_fresh("output", path, key, stat):
        return staging.link(path, published, stat)
    return None


def place_bundles(staging: Staging, manifest: Manifest, bundles: Sequence[Bundle], counts: dict[str, int],
                  workers: int | None) -> tuple[str, ...]:
    """Keep each published bundle that was made from the same key; make the others afresh, several
    at a time (each is a program of its own). A bundle's folder may hold other bundles' folders
    (the search index's first part holds its other parts): its files are the rest."""
    if not bundles:  # a site without search: nothing to look up among the published files
        return ()
    ordered = sorted(bundles, key=lambda bundle: bundle.folder)  # a folder comes before those inside it
    inner = {b.folder: tuple(o.folder for o in ordered if o.folder.startswith(b.folder + "/")) for b in ordered}
    published = _published_by_bundle(manifest.published_files(), inner.keys())
    placed: dict[str, dict[str, Stat]] = {}
    to_make = []
    for bundle in ordered:
        kept = _keep_bundle(staging, manifest, bundle, published.get(bundle.folder, []))
        if kept:
            counts["skipped"] += len(kept)
            placed[bundle.folder] = kept
        else:
            _clear(staging.folder, bundle.folder, inner[bundle.folder])
            to_make.append(bundle)
    with ThreadPoolExecutor(max(1, workers or os.cpu_count() or 1)) as pool:
        made = list(pool.map(lambda b: b.make(Path(staging.folder), Path(staging.folder, b.folder)), to_make))
    warnings = []
    for bundle, warning in zip(to_make, made):
        if warning:
            _clear(staging.folder, bundle.folder, inner[bundle.folder])
            warnings.append(warning)
            continue
        files = _bundle_files(staging.folder, bundle.folder, inner[bundle.folder])
        counts["bundled"] += len(files)
        placed[bundle.folder] = files
    for bundle in ordered:
        for path, stat in placed.get(bundle.folder, {}).items():
            staging.claim(path, bundle.origin)
            manifest.record(path, bundle.key, stat)
    return tuple(dict.fromkeys(warnings))  # every part of an index that cannot be made says so: once is enough


def _keep_bundle(staging: Staging, manifest: Manifest, bundle: Bundle, old: Sequence[str]) -> dict[str, Stat]:
    """The bundle's published files (`old`) in the staging folder, kept from the spare as a page's
    are (see `keep_all`) or linked from the published folder; {} if any is stale."""
    kept = keep_all(staging, manifest, old, [bundle.key] * len(old))
    found = {path: stat for path, stat in zip(old, kept) if stat is not None}
    return found if len(found) == len(old) else {}


def _published_by_bundle(published: Iterable[str], folders: Iterable[str]) -> dict[str, list[str]]:
    """The published files of each bundle folder: those below it and not below a folder inside it."""
    folders = set(folders)
    tops = {folder.split("/")[0] for folder in folders}
    found: dict[str, list[str]] = {}
    for path in published:
        if path.split("/", 1)[0] not in tops:
            continue
        parent = posixpath.dirname(path)
        while parent and parent not in folders:
            parent = posixpath.dirname(parent)
        if parent:
            found.setdefault(parent, []).append(path)
    return found


def _inner_names(folder: str, inner: Sequence[str]) -> set[str]:
    """The names, in `folder`, of the folders that hold the bundles in `inner`."""
    return {path[len(folder) + 1:].split("/")[0] for path in inner}


def _bundle_files(staging: str, folder: str, inner: Sequence[str]) -> dict[str, Stat]:
    """Every file of the staged bundle `folder` (by path in the output), not walking the folders of `inner`."""
    skipped, files = _inner_names(folder, inner), {}
    with os.scandir(os.path.join(staging, folder)) as entries:
        for entry in entries:
            if entry.name in skipped:
                continue
            if entry.is_dir(follow_symlinks=False):
                below = walk(entry.path)[0]
                files.update({f"{folder}/{entry.name}/{rel}": stat for rel, stat in below.items()})
            else:
                files[f"{folder}/{entry.name}"] = entry_stat(entry)
    return files


def _clear(staging: str, folder: str, inner: Sequence[str]) -> None:
    """Remove the staged `folder`, or, if other bundles' folders are inside it, all but those."""
    full = os.path.join(staging, folder)
    if not inner or not os.path.isdir(full) or os.path.islink(full):
        _remove(full)
        return
    kept = _inner_names(folder, inner)
    with os.scandir(full) as entries:
        for entry in entries:
            if entry.name not in kept:
                _remove(entry.path)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        unlink_if_there(path)
