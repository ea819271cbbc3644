"""The Hugo copy of the bench site: its settings and the smallest layouts that do chanblog's work.

corpus.py writes these files next to ``content/posts/*.md`` (see ``corpus.hugo_text``). The site
renders, like chanblog's: one page per post at ``/YYYY/MM/slug/`` (the slug made from the title),
the home list paginated by 10, a paginated page per tag, label (Hugo's categories) and author,
a page listing each of those three taxonomies, a sidebar on every page (recent posts, labels, tag
cloud; rendered once, as chanblog does), a feed of the 20 newest posts with their full content for
the home page and for each tag, label and author, a sitemap, robots.txt and a 404 page. Hugo has
no date archives and no Atom output of its own: it makes no year or month pages, and its feeds
are RSS 2.0. bench/README.md lists the other differences.

Measured with Hugo 0.111. The page size is given to ``.Paginate`` in the templates rather than
set in the config, whose key for it was renamed in later versions.
"""

from __future__ import annotations

from pathlib import Path

CONFIG = """\
# Hugo settings equivalent to the chanblog bench site (written by bench/corpus.py).
baseURL = "{url}/"
title = "Bench Blog"
languageCode = "en"
timeZone = "UTC"
enableRobotsTXT = true
# chanblog has no /posts/ listing: the home page lists the posts.
disableKinds = ["section"]

[taxonomies]
tag = "tags"
category = "categories"
author = "authors"

[permalinks]
posts = "/:year/:month/:slug/"

# Feeds for the home page and each term, like chanblog's feed.xml and one per tag, label and author.
[outputs]
home = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]

# CSS classes on highlighted code, as chanblog's Pygments output has.
[markup.highlight]
noClasses = false
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header>
  <a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
  <nav><a href="/">Home</a> <a href="/categories/">Labels</a> <a href="/tags/">Tags</a>
    <a href="/authors/">Authors</a> <a href="/index.xml">Feed</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<aside>{{ partialCached "sidebar.html" . }}</aside>
<footer><p>{{ site.Title }} · <a href="/index.xml">Feed</a></p></footer>
</body>
</html>
"""

SIDEBAR = """\
<section><h2>Recent posts</h2><ul>
{{ range first 5 site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></section>
<section><h2>Labels</h2><ul>
{{ range site.Taxonomies.categories.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul></section>
<section><h2>Tags</h2><p>
{{ range first 100 site.Taxonomies.tags.ByCount }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
{{ end }}</p></section>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ partial "byline.html" . }}
<div class="body">
{{ .Content }}
</div>
<footer>
<p>Labels: {{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>Tags: {{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<nav>{{ with .Next }}<a rel="prev" href="{{ .RelPermalink }}">« {{ .Title }}</a>{{ end }}
{{ with .Prev }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} »</a>{{ end }}</nav>
</footer>
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
{{ $posts := .Pages }}{{ if .IsHome }}{{ $posts = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $posts 10 }}
{{ if not .IsHome }}<h1>{{ .Title }}</h1><p>{{ len $posts }} posts · <a href="index.xml">Feed</a></p>{{ end }}
{{ range $pager.Pages }}
<article class="summary">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ partial "byline.html" . }}
<div class="excerpt">{{ .Summary }}</div>
<p class="more"><a href="{{ .RelPermalink }}">Read full post »</a></p>
</article>
{{ end }}
{{ if gt $pager.TotalPages 1 }}<nav class="pagination">
{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">« Newer posts</a>{{ end }}
<span>Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}</span>
{{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Older posts »</a>{{ end }}
</nav>{{ end }}
{{ end }}
"""

TERMS = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"""

# RSS 2.0 with each post's full HTML, 20 entries, dated by the newest entry (never the clock).
RSS = """\
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
{{ $posts := .Pages }}{{ if .IsHome }}{{ $posts = site.RegularPages }}{{ end -}}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link>{{ .Permalink }}</link>
<description>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</description>
<language>en</language>
{{ with $posts }}<lastBuildDate>{{ (index . 0).Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</lastBuildDate>{{ end }}
{{ with .OutputFormats.Get "RSS" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml"/>{{ end }}
{{ range first 20 $posts }}<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
{{ range .GetTerms "authors" }}<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">{{ .LinkTitle }}</dc:creator>{{ end }}
{{ range .GetTerms "tags" }}<category>{{ .LinkTitle }}</category>{{ end }}
<description>{{ .Content | html }}</description>
</item>
{{ end }}</channel>
</rss>
"""

# Date, author and reading time, under the title of a post and of each post in a list.
BYLINE = """\
<p class="byline"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
{{ range .GetTerms "authors" }} · by <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
· {{ .ReadingTime }} min read</p>
"""

NOT_FOUND = """\
{{ define "main" }}<h1>Page not found</h1><p><a href="/">Home</a></p>{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "_default/terms.html": TERMS,
    "_default/rss.xml": RSS,
    "partials/sidebar.html": SIDEBAR,
    "partials/byline.html": BYLINE,
    "404.html": NOT_FOUND,
}


def write_site(folder: Path, url: str) -> None:
    """Write Hugo's config.toml and layouts/ into `folder` (the posts go in content/posts/)."""
    (folder / "config.toml").write_text(CONFIG.format(url=url), encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = folder / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
