"""Addresses in imported bodies: found in the Markdown (links, images, raw HTML) and swapped.

A body links to the old blog as the export had it; once the posts have new addresses, a link
to a post of the same export leads to its new page (a redirect for an address chanblog's own
pages took, `/search/`, would show the wrong page), with its `#fragment`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from chanblog.importers.records import ImportedPost

ADDRESS = re.compile(r"https?://[^\s<>()\[\]\"'\\`]+", re.IGNORECASE)


def swap_addresses(text: str, new: Callable[[str], str | None]) -> str:
    """`text` with each web address that `new` gives another for replaced by it."""
    return ADDRESS.sub(lambda match: new(match[0]) or match[0], text)


def page_key(address: str) -> str:
    """An old address as a post's old addresses are compared: its decoded path without the last `/`."""
    return unquote(urlsplit(address).path).rstrip("/")


def to_new_pages(posts: Sequence[ImportedPost], new_urls: Sequence[str],
                 hosts: Sequence[str]) -> list[ImportedPost]:
    """Posts whose links to another post's old address (on one of the blog's `hosts`) lead to its new URL."""
    pages: dict[str, str] = {}
    for post, url in zip(posts, new_urls):
        for alias in post.aliases:
            pages.setdefault(page_key(alias), url)
    pages.pop("", None)
    return [replace(post, body=swap_addresses(post.body, lambda a: _new_page(a, pages, hosts))) for post in posts]


def _new_page(address: str, pages: Mapping[str, str], hosts: Sequence[str]) -> str | None:
    parts = urlsplit(address)
    if (parts.hostname or "").lower() not in hosts or parts.query or page_key(address) not in pages:
        return None
    return pages[page_key(address)] + (f"#{parts.fragment}" if parts.fragment else "")
