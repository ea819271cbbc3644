"""The related posts of each language's site, kept in `.chanblog-cache/` while nothing they are
worked out from changes, so that an edit of one post's body or title does not score the whole site again.

A table is kept under a digest of everything `related.related_places` reads (each post's source
path, terms, series and whether it is unlisted, in the site's order: `related.relatedness`), so a
title or body edit finds it, and a change of tags, labels, dates or posts works it out again. It
is data like every cache (see `cache`): a list of rows of places in the candidates, each row
checked (whole numbers, in range, never the post itself, at most RELATED of them, no repeats)
before it is used; a table that is not so, or whose digest or header does not match, is ignored
and worked out again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from chanblog.cache import code_fingerprint, load_bytes, save_bytes
from chanblog.codec import all_of
from chanblog.model import Post, PostLink
from chanblog.related import RELATED, Links, Relate, links_at, post_link, related_places, relatedness


class RelatedCache:
    """Tables of related posts, one file a language (the site's own, or one of `languages:`)."""

    def __init__(self, folder: Path, link: Callable[[Post], PostLink] = post_link) -> None:
        self.folder, self.link = folder, link  # (see `related.links_at`)

    def for_language(self, language: str) -> Relate:
        """`related.related_links` for that language's site, through its kept table."""
        return lambda posts, candidates: self.links(language, posts, candidates)

    def links(self, language: str, posts: Sequence[Post], candidates: Sequence[Post]) -> Links:
        """`related.related_links(posts, candidates)`: from the kept table if it was worked out from
        what these posts are now, else worked out and kept."""
        path = self.folder / f"related-{hashlib.sha256(language.encode()).hexdigest()[:16]}.cache"
        header = f"related {code_fingerprint()} {hashlib.sha256(relatedness(posts, candidates)).hexdigest()}"
        places = table(load_bytes(path, header), posts, candidates)
        if places is None:
            places = related_places(posts, candidates)
            save_quietly(path, header, places)
        return links_at(posts, candidates, places, self.link)


def table(payload: bytes | None, posts: Sequence[Post], candidates: Sequence[Post]) -> list[list[int]] | None:
    """The rows of places `save_quietly` wrote, one for each of `posts`: each at most RELATED distinct
    places in the candidates, none the post's own. None if that is not what `payload` is."""
    try:
        rows = json.loads(payload) if payload is not None else None
    except (ValueError, RecursionError):  # not JSON
        return None
    if type(rows) is not list or len(rows) != len(posts) or not all(
            type(row) is list and len(row) <= RELATED for row in rows):
        return None
    every = [place for row in rows for place in row]
    if not all_of(int, every) or (every and not 0 <= min(every) <= max(every) < len(candidates)):
        return None
    own = {post.source_path: place for place, post in enumerate(candidates)}
    if any(len(set(row)) != len(row) or own.get(post.source_path) in row for post, row in zip(posts, rows)):
        return None
    return rows


def save_quietly(path: Path, header: str, places: list[tuple[int, ...]]) -> None:
    """Keep the table; one that cannot be written (a read-only site folder) is worked out again next time."""
    try:
        save_bytes(path, header, json.dumps(places, separators=(",", ":")).encode())
    except OSError:
        pass
