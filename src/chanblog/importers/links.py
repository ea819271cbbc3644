"""Addresses in imported bodies: found in the Markdown (links, images, raw HTML) and swapped.

A body links to the old blog as the export had it; once the posts have new addresses, a link
to a post of the same export leads to its new page (a redirect for an address chanblog's own
pages took, `/search/`, would show the wrong page), with its `#fragment`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from chanblog.importers.records import ImportedPost

ADDRESS = re.compile(r"https?://[^\s<>()\[\]\"'\\`]+", re.IGNORECASE)
PAGE_SUFFIXES = {"", ".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".cgi"}


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


def old_pages(body: str, hosts: Sequence[str]) -> list[str]:
    """The addresses of pages (not files) on the old blog's `hosts` that a body still links to:
    pages, archives and posts the export does not hold, which the new site will not have."""
    found = (a for a in ADDRESS.findall(body) if (urlsplit(a).hostname or "").lower() in hosts)
    return list(dict.fromkeys(a for a in found if not names_a_file(urlsplit(a).path)))


def names_a_file(path: str) -> bool:
    """`/x.jpg` names a file; `/about/`, `/x.html` and `/index.php` name pages."""
    return PurePosixPath(unquote(path)).suffix.lower() not in PAGE_SUFFIXES and not path.endswith("/")


def _new_page(address: str, pages: Mapping[str, str], hosts: Sequence[str]) -> str | None:
    parts = urlsplit(address)
    if (parts.hostname or "").lower() not in hosts or parts.query or page_key(address) not in pages:
        return None
    return pages[page_key(address)] + (f"#{parts.fragment}" if parts.fragment else "")
