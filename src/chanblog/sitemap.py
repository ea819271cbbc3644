"""sitemap.xml (every public page, with its lastmod) and the robots.txt that points at it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from html import escape

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.model import Translations
from chanblog.output import Job
from chanblog.render import Page

XHTML = "http://www.w3.org/1999/xhtml"


def sitemap_jobs(config: SiteConfig, pages: Sequence[Page]) -> list[Job]:
    """Each keyed by what it shows, so that one unchanged is kept as a page is: an edit that moves
    no URL and no date (a post's body, most titles) leaves the sitemap, 17,000 lines at 10,000
    posts, as it was."""
    sitemap_url = urls.absolute_url(config, urls.site_path(config, "sitemap.xml"))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
    return [Job("sitemap.xml", "sitemap", sitemap_key(config, pages), lambda: sitemap(config, pages), wide=True),
            Job("robots.txt", "robots.txt", _digest(robots.decode()), lambda: robots)]


def sitemap_key(config: SiteConfig, pages: Sequence[Page]) -> str:
    """A digest of all `sitemap` writes: the site's origin, whether it is in several languages, and
    each listed page's URL, lastmod and versions (far cheaper than writing them out)."""
    shown = [f"{page.url}\0{page.lastmod.isoformat() if page.lastmod else ''}\0{_versions(page)}"
             for page in pages if page.indexable]
    return _digest(f"sitemap\0{config.origin}\0{len(config.languages) > 1}\n" + "\n".join(shown))


def _versions(page: Page) -> str:
    translations = page.context.get("translations")
    if not translations:
        return ""
    return repr(([(v.lang, v.url) for v in translations.versions], translations.x_default))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sitemap(config: SiteConfig, pages: Sequence[Page]) -> bytes:
    """A sitemaps.org urlset; `lastmod` is the newest post change a page shows. A site in several
    languages lists each page's versions as Google reads them: `xhtml:link rel="alternate" hreflang`."""
    xhtml = f' xmlns:xhtml="{XHTML}"' if len(config.languages) > 1 else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>']
    for page in pages:
        if not page.indexable:
            continue
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        translations = page.context.get("translations")
        alternates = "".join(_alternates(config, translations)) if translations else ""
        lines.append(f"  <url><loc>{_absolute(config, page.url)}</loc>{lastmod}{alternates}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _alternates(config: SiteConfig, translations: Translations) -> Iterator[str]:
    for lang, url in (*((v.lang, v.url) for v in translations.versions), ("x-default", translations.x_default)):
        yield f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{escape(urls.absolute_url(config, url))}"/>'


def _absolute(config: SiteConfig, url: str) -> str:
    return escape(urls.absolute_url(config, url), quote=False)
