"""GitHub's extended autolinks: `www.…`, `http(s)://…`, `ftp://…` and e-mail addresses written in
a post's text become links, as GitHub and Hugo make them. Pure.

It works on HTML the engine wrote, in one scan from start to end: an address inside a tag (an
`href`), or in the text of a link, code, a script, a style or a text area, is left as it is."""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"://|www\.|@")
# The local part of an e-mail address, read back from its '@' over at most 64 characters (the
# most RFC 5321 allows): a bounded window keeps a text of thousands of '@' linear.
_LOCAL_PART = re.compile(r"[A-Za-z0-9.+_-]{1,64}$")
_URL = re.compile(r'(?:https?://|ftp://|www\.)(?:(?!&lt;)[^\s<"])+', re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
_SCHEME_BEFORE = re.compile(r"(?:https?|ftp)$", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
_VERBATIM = {"a", "code", "pre", "script", "style", "textarea"}
_MAY_PRECEDE = frozenset(" \t\n*_~(>")
# What ends an address: GitHub's punctuation, an entity, ')'; and closing quotes, straight or curly.
_TRAILING = re.compile(r"(?:[?!.,:*_~'”’»]|&amp;[A-Za-z0-9]+;|&quot;|\))$")


def link_addresses(html: str) -> str:
    """`html` with every address in its text made a link."""
    if "://" not in html and "www." not in html and "@" not in html:
        return html
    out: list[str] = []
    done = 0  # everything before this is in `out`
    scanned, inside = 0, 0  # tags read up to `scanned`; how many verbatim elements are open there
    reach = 0  # the end of the last address or tag found: what lies within it is part of it
    for hit in _CANDIDATE.finditer(html):
        found = _address_at(html, hit) if hit.start() >= reach else None
        if found is None:
            continue
        start, end, email = found
        reach = end
        if start and html[start - 1] not in _MAY_PRECEDE:
            continue
        scanned, inside = _read_tags(html, scanned, start, inside)
        if html.rfind("<", scanned, start) > html.rfind(">", scanned, start):  # in a tag: skip the rest of it
            reach = max(reach, html.find(">", start) + 1 or len(html))
            continue
        scanned = end
        if inside:
            continue
        out += [html[done:start], _link(html[start:end], email)]
        done = end
    return "".join(out) + html[done:] if out else html


def _address_at(html: str, hit: re.Match[str]) -> tuple[int, int, bool] | None:
    """Where the address that `hit` belongs to starts and ends, and whether it is an e-mail."""
    at = hit.start()
    if hit[0] == "@":
        local = _LOCAL_PART.search(html, max(0, at - 64), at)
        found = _EMAIL.match(html, local.start()) if local else None
        return (found.start(), found.end(), True) if found else None
    if hit[0] == "://":
        scheme = _SCHEME_BEFORE.search(html, max(0, at - 5), at)
        at = scheme.start() if scheme else -1
    found = _URL.match(html, at) if at >= 0 else None
    return (found.start(), found.end(), False) if found else None


def _read_tags(html: str, start: int, end: int, inside: int) -> tuple[int, int]:
    """Read the tags that close between `start` and `end`: where reading stopped, and how many
    verbatim elements (a link, code…) are open there."""
    stop = start
    for tag in _TAG.finditer(html, start, end):
        if tag[2].lower() in _VERBATIM:
            inside = max(0, inside + (-1 if tag[1] else 1))
        stop = tag.end()
    return stop, inside


def _link(text: str, email: bool) -> str:
    """An address as a link, as GitHub makes it: punctuation that ends a sentence, an unmatched
    ')' and an entity at its end stay outside; a domain needs a dot, and no '_' in its last two
    parts; an e-mail address cannot end in '-' or '_'."""
    address = text.rstrip(".") if email else _trimmed(text)
    after = text[len(address):]
    if email and address[-1:] in "-_":
        return text
    domain = address.split("@")[-1] if email else address.split("://")[-1].split("/")[0].split("?")[0]
    parts = domain.split(".")
    if len(parts) < 2 or not all(parts) or "_" in "".join(parts[-2:]):
        return text
    href = f"mailto:{address}" if email else address if "://" in address else f"http://{address}"
    return f'<a href="{href}">{address}</a>{after}'


def _trimmed(address: str) -> str:
    """`address` without what ends a sentence around it; looks only at its end, once per character cut."""
    opened, closed, end = address.count("("), address.count(")"), len(address)
    while tail := _TRAILING.search(address, max(0, end - 40), end):
        if tail[0] == ")":
            if opened >= closed:
                break
            cut = min(closed - opened, end - len(address[:end].rstrip(")")))  # all unmatched at once
            closed, end = closed - cut, end - cut
            continue
        end = tail.start()
    return address[:end]
