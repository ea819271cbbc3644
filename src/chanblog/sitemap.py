"""sitemap.xml (every public page, with its lastmod) and the robots.txt that points at it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from chanblog import urls
from chanblog.config import SiteConfig
from chanblog.output import Job
from chanblog.render import Page


def sitemap_jobs(config: SiteConfig, pages: Sequence[Page]) -> list[Job]:
    """Both are cheap to make, so they are made every time (an empty key)."""
    sitemap_url = urls.absolute_url(config, urls.site_path(config, "sitemap.xml"))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
    return [Job("sitemap.xml", "sitemap", "", lambda: sitemap(config, pages)),
            Job("robots.txt", "robots.txt", "", lambda: robots)]


def sitemap(config: SiteConfig, pages: Sequence[Page]) -> bytes:
    """A sitemaps.org urlset; `lastmod` is the newest post change a page shows."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in pages:
        if not page.indexable:
            continue
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        lines.append(f"  <url><loc>{escape(urls.absolute_url(config, page.url), quote=False)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
