"""Atom feeds as bytes, made with feedgen, and the site's JSON Feed 1.1: stable ids, `updated`
from the newest entry, never the clock; every address in an entry's content absolute, as feed
readers show it away from its page."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import chain, islice
from typing import Any

from chanblog import __version__, urls
from chanblog.errors import ChanblogWarning
from chanblog.keys import PostDigests
from chanblog.links import absolute_addresses
from chanblog.markup import text_paragraphs
from chanblog.model import Comment, Post, Site
from chanblog.output import Job

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)  # the `updated` of a feed with no entries
MAX_CATEGORIES = 50  # tags and labels an entry carries: a post with 50,000 tags is in 50,000 feeds

# The most HTML (in characters) a feed entry carries. A feed is read by XML parsers, and those
# built on libxml2 refuse a text node over 10,000,000 bytes (an 800 KB code block, highlighted,
# is more); a post longer than this is carried by its excerpt and a link to the whole post.
FEED_CONTENT_LIMIT = 500_000


@dataclass(frozen=True)
class Entry:
    """One feed entry, whatever it came from."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    author: str
    html: str
    summary: str = ""
    categories: tuple[str, ...] = ()


def feed_jobs(site: Site, digest: PostDigests, full: Callable[[Post], Post] = lambda post: post) -> list[Job]:
    """The site feed, the comments feed, and one feed per tag, label and author; `full` puts
    back each post's body if it was left out (see `cache.BodyCache.leave_out`)."""
    config = site.config
    home = urls.language_path(config, "")
    feed = urls.language_path(config, "feed.xml")
    entry = _entries_once(site, full)
    jobs = [_feed_job(site, digest, entry, config.title, home, feed, "site feed", site.posts),
            _comments_job(site, digest)]
    if config.json_feed:
        jobs.append(_json_feed_job(site, digest, entry))
    for kind, terms in (("Posts tagged", site.tags), ("Posts with label", site.labels)):
        jobs += [_feed_job(site, digest, entry, f"{config.title}: {kind} ‘{t.name}’", t.url, t.feed_url,
                           f"{kind} '{t.name}' feed", t.posts) for t in terms]
    jobs += [_feed_job(site, digest, entry, f"{config.title}: Posts by {a.author.name}", a.author.url, a.feed_url,
                       f"author '{a.author.key}' feed", a.posts) for a in site.authors]
    return jobs


def _feed_job(site: Site, digest: PostDigests, entry: Callable[[Post], Entry], title: str, page: str, url: str,
              origin: str, posts: Sequence[Post]) -> Job:
    shown = tuple(posts[:site.config.feed_limit])

    def make() -> bytes:
        return atom(site, title, page, url, [entry(post) for post in shown])

    key = digest("feed", __version__, site.config, title, page, url, [digest.whole(post) for post in shown])
    return Job(urls.output_path(site.config, url) or "", origin, key, make)


def _comments_job(site: Site, digest: PostDigests) -> Job:
    config = site.config
    comments = [(post, index, c) for post in site.posts for index, c in enumerate(post.comments, start=1)]
    comments.sort(key=lambda item: (-item[2].date.timestamp(), item[0].url, item[1]))
    shown = comments[:config.feed_limit]
    url = urls.language_path(config, "comments.xml")

    def make() -> bytes:
        entries = [comment_entry(site, post, index, c) for post, index, c in shown]
        return atom(site, f"{config.title}: Comments", urls.language_path(config, ""), url, entries)

    key = digest("comments", __version__, config, [(post.url, post.title, index, c) for post, index, c in shown])
    return Job(urls.output_path(config, url) or "", "comments feed", key, make)


def _json_feed_job(site: Site, digest: PostDigests, entry: Callable[[Post], Entry]) -> Job:
    config = site.config
    shown = tuple(site.posts[:config.feed_limit])
    url = urls.language_path(config, "feed.json")

    def make() -> bytes:
        return json_feed(site, url, [entry(post) for post in shown])

    key = digest("json feed", __version__, config, url, [digest.whole(post) for post in shown])
    return Job(urls.output_path(config, url) or "", "JSON feed", key, make)


def _entries_once(site: Site, full: Callable[[Post], Post]) -> Callable[[Post], Entry]:
    """Each post's feed entry, made once however many feeds carry it (the site's, its tags',
    labels' and author's): its body is read back and its addresses made absolute once."""
    made: dict[str, Entry] = {}

    def entry(post: Post) -> Entry:
        if post.source_path not in made:
            made[post.source_path] = post_entry(site, full(post))
        return made[post.source_path]
    return entry


def post_entry(site: Site, post: Post) -> Entry:
    page = urls.absolute_url(site.config, post.url)
    return Entry(id=page, title=post.title, url=page, published=post.date, updated=post.last_modified,
                 author=post.author.name if post.author else "",
                 html=absolute_addresses(feed_content(post, page), page),
                 summary=post.summary, categories=categories(post))


def categories(post: Post) -> tuple[str, ...]:
    """The post's tags, then its labels, each name once whatever its case (a tag and a label of
    one name are one category to a reader)."""
    seen: dict[str, str] = {}
    for ref in chain(post.tags, post.labels):
        seen.setdefault(ref.name.casefold(), ref.name)
    return tuple(islice(seen.values(), MAX_CATEGORIES))


def feed_content(post: Post, absolute: str) -> str:
    """The post's HTML, or for a post too long for a feed its excerpt and a link to the whole post."""
    if len(post.html) <= FEED_CONTENT_LIMIT:
        return post.html
    excerpt = post.excerpt if len(post.excerpt) <= FEED_CONTENT_LIMIT else ""
    return (f'{excerpt}\n<p class="more">This post is too long for a feed: '
            f'<a href="{html.escape(absolute)}">read the whole post</a>.</p>')


def too_long_for_feeds(site: Site) -> tuple[ChanblogWarning, ...]:
    """A warning for each post whose feed entries carry only its excerpt."""
    return tuple(ChanblogWarning(f"is too long for a feed ({post.html_length:,} characters of HTML, over "
                                 f"{FEED_CONTENT_LIMIT:,}): feeds carry its excerpt and a link to it",
                                 post.source_path, None,
                                 "put <!--more--> where the excerpt should end, or split the post")
                 for post in site.posts if post.html_length > FEED_CONTENT_LIMIT)


def comment_entry(site: Site, post: Post, index: int, comment: Comment) -> Entry:
    absolute = urls.absolute_url(site.config, f"{post.url}#comment-{index}")
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text_paragraphs(comment.body))
    return Entry(id=absolute, title=f"Comment on “{post.title}” by {comment.author}", url=absolute,
                 published=comment.date, updated=comment.date, author=comment.author, html=body)


def atom(site: Site, title: str, page: str, url: str, entries: Sequence[Entry]) -> bytes:
    """An Atom 1.0 document; its `updated` is the newest entry's."""
    from feedgen.feed import FeedGenerator  # imported when a feed is made: no-change builds make none

    config = site.config
    feed = FeedGenerator()
    feed.id(urls.absolute_url(config, url))
    feed.title(title)
    feed.link(href=urls.absolute_url(config, page), rel="alternate", type="text/html")
    feed.link(href=urls.absolute_url(config, url), rel="self", type="application/atom+xml")
    feed.author({"name": _site_author(site)})
    feed.language(config.language)
    feed.generator("chanblog", __version__)
    if config.description:
        feed.subtitle(config.description)
    feed.updated(max((e.updated for e in entries), default=EPOCH))
    for entry in entries:
        _add_entry(feed, entry)
    return feed.atom_str(pretty=True)


def json_feed(site: Site, url: str, entries: Sequence[Entry]) -> bytes:
    """A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/) of the entries."""
    config = site.config
    feed: dict[str, Any] = {"version": "https://jsonfeed.org/version/1.1", "title": config.title,
                            "home_page_url": urls.absolute_url(config, urls.language_path(config, "")),
                            "feed_url": urls.absolute_url(config, url)}
    if config.description:
        feed["description"] = config.description
    feed["language"] = config.language
    feed["authors"] = [{"name": _site_author(site)}]
    feed["items"] = [_json_item(entry) for entry in entries]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "url": entry.url, "title": entry.title, "content_html": entry.html}
    if entry.summary:
        item["summary"] = entry.summary
    item["date_published"] = entry.published.isoformat()
    item["date_modified"] = entry.updated.isoformat()
    if entry.author:
        item["authors"] = [{"name": entry.author}]
    if entry.categories:
        item["tags"] = list(entry.categories)
    return item


def _add_entry(feed: Any, entry: Entry) -> None:
    item = feed.add_entry(order="append")
    item.id(entry.id)
    item.title(entry.title)
    item.link(href=entry.url, rel="alternate", type="text/html")
    item.published(entry.published)
    item.updated(entry.updated)
    if entry.author:
        item.author({"name": entry.author})
    item.content(entry.html, type="html")
    if entry.summary:
        item.summary(entry.summary)
    if entry.categories:
        item.category([{"term": name} for name in entry.categories])  # one call: feedgen re-scans its list on each


def _site_author(site: Site) -> str:
    authors = site.config.authors
    key = site.config.author or (next(iter(authors)) if len(authors) == 1 else "")
    return authors[key].name if key else site.config.title
