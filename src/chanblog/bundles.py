"""A post's own files. A post written as a folder (`posts/trail-map/index.md`, Hugo's page bundle)
keeps its images and attachments beside it (`posts/trail-map/route.png`); they are published
beside the post's page, where its relative links (`![map](route.png)`) lead.

Only the folders of such posts are listed, one `list_files` each: links that lead out of
`posts/` are refused as they are for posts, and the work grows with the bundles' files.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.content import POSTS, is_post_file, skipped_name
from chanblog.errors import ChanblogError
from chanblog.model import Post
from chanblog.output import Job, copy_job
from chanblog.sources import list_files

BUNDLE_INDEX = ("index.md", "index.markdown")
BUNDLE_ENDINGS = tuple(f"/{name}" for name in BUNDLE_INDEX)


def bundle_jobs(config: SiteConfig, posts: Iterable[Post]) -> tuple[list[Job], list[ChanblogError]]:
    """The files of every bundle among `posts`, each to be copied beside its post's page; and the
    links among them that were refused."""
    jobs: list[Job] = []
    errors: list[ChanblogError] = []
    for post in posts:
        folder = bundle_folder(post.source_path)
        target = urls.output_path(config, post.url) if folder and post.url else None
        if not folder or target is None:
            continue
        listing = list_files(config.root / folder, config.posts_dir, folder, "file", skip=skipped_name,
                             wanted=lambda name: not is_post_file(name))
        errors += listing.errors
        jobs += [copy_job(posixpath.join(posixpath.dirname(target), relative), f"{folder}/{relative}", Path(path))
                 for relative, path in listing.files.items()]
    return jobs, errors


def bundle_folder(source_path: str) -> str | None:
    """`posts/trail-map` for `posts/trail-map/index.md`; None for a post that is one file, or the
    `index.md` at the top of `posts/` (the folder of every post)."""
    if not source_path.lower().endswith(BUNDLE_ENDINGS):  # (most posts: no need to split the path)
        return None
    folder, name = posixpath.split(source_path)
    return folder if name.lower() in BUNDLE_INDEX and folder != POSTS else None
