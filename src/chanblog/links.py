"""The addresses in a rendered HTML fragment: put under the site's base path, made absolute for a
feed, and `@/posts/…md` references to a source file turned into that file's URL. Pure.

Each is one pass of one regular expression over the fragment's `href`, `src`, `srcset` and
`poster` attributes (Markdown engines escape `"` in text, so an attribute is never text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from chanblog.errors import ChanblogError

if TYPE_CHECKING:
    from chanblog.model import Post, SitePage

    Linkable = Post | SitePage  # what has a rendered body that may hold `@/` references

_ATTRIBUTE = re.compile(r"""(\s(?:href|src|srcset|poster)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_REFERENCE = re.compile(r"""(\s(?:href|src)=")@/([^"#?]*)([^"]*)\"""")


def _each_address(fragment: str, change: Callable[[str], str]) -> str:
    """`fragment` with every address of its links and embedded files passed through `change`
    (each candidate of a `srcset` on its own)."""
    def attribute(found: re.Match[str]) -> str:
        value = found[2] if found[2] is not None else found[3]
        quote = '"' if found[2] is not None else "'"
        if found[1].strip().lower().startswith("srcset"):
            changed = ", ".join(_candidate(part.strip(), change) for part in value.split(",") if part.strip())
        else:
            changed = change(value)
        return f"{found[1]}{quote}{changed}{quote}" if changed != value else found[0]
    return _ATTRIBUTE.sub(attribute, fragment)


def _candidate(part: str, change: Callable[[str], str]) -> str:
    address, space, size = part.partition(" ")
    return f"{change(address)}{space}{size}"


def under_base_path(fragment: str, base_path: str) -> str:
    """Site-rooted addresses (`/2009/08/x/`, `/img/a.png`) put under the site's base path
    (`/blog/2009/08/x/`), as the site is published there. An address that already starts with the
    base path is left as it is, as are `//host/x`, full URLs, relative paths and `#ids`."""
    if not base_path or ('="/' not in fragment and "='/" not in fragment and "srcset" not in fragment):
        return fragment

    def rebased(address: str) -> str:
        if not address.startswith("/") or address.startswith("//"):
            return address
        if address == base_path or address.startswith((base_path + "/", base_path + "#", base_path + "?")):
            return address
        return base_path + address
    return _each_address(fragment, rebased)


def absolute_addresses(fragment: str, page_url: str) -> str:
    """Every address resolved against the URL of the page the fragment is on (`#fn:1`, `../x/`,
    `/img/a.png`, `a.png`), for a fragment shown elsewhere: a feed reader needs them absolute (give
    the page's absolute URL); a listing page site-rooted (give its site path)."""
    def resolved(address: str) -> str:
        stripped = address.strip()
        if not stripped or stripped.startswith(("data:", "mailto:", "tel:", "@/")):  # `@/`: resolved later
            return address
        return urljoin(page_url, stripped)
    return _each_address(fragment, resolved)


# An attribute value that is neither a full URL nor site-rooted: `../x/`, `a.png`, `#part`. (It
# starts with a literal, so a fragment without `=` is passed over at the speed of str.find.)
_RELATIVE = re.compile(r"""=\s*["'](?![a-zA-Z][\w+.-]*:|/|@/)""")


def site_rooted(fragment: str, page_url: str) -> str:
    """A fragment of the page at the site path `page_url` (an excerpt), made to work on any page:
    its relative addresses resolved against `page_url`."""
    return absolute_addresses(fragment, page_url) if _RELATIVE.search(fragment) else fragment


@dataclass(frozen=True)
class Linked:
    """Posts (or pages) with their `@/` references resolved, the errors of references to no file,
    and for each that has references, the URLs they led to (its pages depend on them)."""

    items: list[Linkable]
    errors: list[ChanblogError]
    targets: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Resolved:
    """A fragment with its `@/` references made URLs, the URLs they led to, and the references
    (as written, `@/posts/nothing.md`) that name no file."""

    html: str
    targets: tuple[str, ...]
    missing: tuple[str, ...]


def resolve_in(fragment: str, known: Mapping[str, str]) -> Resolved:
    """Each `href="@/posts/2009-08-14-x.md#part"` of a rendered fragment made the URL of the file it
    names (`known`: source path from the site folder -> URL)."""
    if '"@/' not in fragment:
        return Resolved(fragment, (), ())
    targets: list[str] = []
    missing: list[str] = []

    def url(reference: re.Match[str]) -> str:
        target = known.get(unquote(reference[2]))
        if target is None:
            missing.append(f"@/{reference[2]}")
            return reference[0]
        targets.append(target)
        return f'{reference[1]}{target}{reference[3]}"'
    return Resolved(_REFERENCE.sub(url, fragment), tuple(targets), tuple(dict.fromkeys(missing)))


def refers_to_sources(fragment: str) -> bool:
    """Whether HTML may hold an `@/` reference to a source file (which `resolve_in` resolves)."""
    return '"@/' in fragment


def resolve_references(items: Sequence[Linkable], known: Mapping[str, str],
                       line_of: Callable[[str, str], int | None]) -> Linked:
    """The posts or pages with `resolve_in` applied to their body (and a post's excerpt), and an
    error for each reference to no file, on its line (`line_of(source_path, reference)` finds it)."""
    linked: list[Linkable] = []
    errors: list[ChanblogError] = []
    targets: dict[str, tuple[str, ...]] = {}
    for post in items:
        if not refers_to_sources(post.html):
            linked.append(post)
            continue
        body = resolve_in(post.html, known)
        excerpt = {"excerpt": resolve_in(post.excerpt, known).html} if hasattr(post, "excerpt") else {}
        linked.append(replace(post, html=body.html, **excerpt))
        targets[post.source_path] = body.targets
        errors += [_no_file(post.source_path, ref, line_of(post.source_path, ref), known) for ref in body.missing]
    return Linked(linked, errors, targets)


def _no_file(source_path: str, reference: str, line: int | None, known: Mapping[str, str]) -> ChanblogError:
    reference = unquote(reference)
    import difflib  # noqa: PLC0415  (only a build with this mistake needs it)

    close = difflib.get_close_matches(reference[2:], list(known), n=1)
    hint = (f"did you mean @/{close[0]}?" if close else "write the path of a post's or page's file from the "
            "site folder, like @/posts/2009-08-14-lighting-the-fuse.md or @/pages/about.md")
    return ChanblogError(f"links to {reference}, which is no post or page", source_path, line, hint)


def line_in_body(body: str, body_line: int, *refs: str) -> int:
    """The first line of a body that holds one of `refs` as written, else the body's first line."""
    wanted = [r for ref in refs for r in (ref, unquote(ref)) if r]
    for number, text in enumerate(body.split("\n"), start=body_line):
        if any(ref in text for ref in wanted):
            return number
    return body_line
