"""Pure: for each post, the posts that share the most of its tags and labels, the rarer counting more.

A tag and a label are one term when they share a slug (`Leadership` and `leadership`,
`Social Media` and `social-media`): that is already the rule within tags and within labels.
A term weighs log(1 + N / n), N being the posts that may be related and n those that carry it,
so a term on a few posts outweighs one on many; a post's score is the sum of the weights of
the terms it shares, and ties go to the newer post.

One pass over the site, never over pairs of posts: a post meets only the posts of its own
terms, and of each term only its PER_TERM newest; each post met is scored by every term it
shares. So every post that shares a term carried by at most PER_TERM posts is found; through
a commoner term only its newest are, and those are the ones that win among the posts sharing
that term alone (ties go to the newer). PER_TERM is twice RELATED, leaving room for posts
that share two common terms. The work is at most PER_TERM times the number of tags and labels
on the site's posts, however many posts share them.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from chanblog.model import Post, PostLink

RELATED = 5  # the most posts shown under a post
PER_TERM = 10  # the newest posts of a term that a post meets through it: twice RELATED
_SCALE = 1_000_000  # weights are whole millionths, so that equal sets of terms score exactly alike


Links = dict[str, tuple[PostLink, ...]]  # source path -> the links its page shows, best first
Relate = Callable[[Sequence[Post], Sequence[Post]], Links]  # (posts, candidates) -> their links: `related_links`


def related_posts(posts: Iterable[Post], candidates: Sequence[Post], limit: int = RELATED,
                  per_term: int = PER_TERM) -> dict[str, tuple[Post, ...]]:
    """For each of `posts` by source path, at most `limit` of `candidates` (newest first) that
    share its terms, best first; never itself, nor a post of the series its page lists already.
    A post that shares nothing gets no entry."""
    posts = list(posts)
    return {post.source_path: tuple(map(candidates.__getitem__, places))
            for post, places in zip(posts, related_places(posts, candidates, limit, per_term)) if places}


def related_places(posts: Iterable[Post], candidates: Sequence[Post], limit: int = RELATED,
                   per_term: int = PER_TERM) -> list[tuple[int, ...]]:
    """`related_posts` as the places in `candidates` of each post's related posts, in the order of `posts`."""
    index = _index(candidates, per_term)
    return [_best(index, post, limit) for post in posts]


def related_links(posts: Sequence[Post], candidates: Sequence[Post]) -> Links:
    """`related_posts` as the links a page shows: one link a post, however many pages list it."""
    return links_at(posts, candidates, related_places(posts, candidates))


def post_link(post: Post) -> PostLink:
    """A link to the post, as a page that suggests it shows it."""
    return PostLink(post.title, post.url, post.date)


def links_at(posts: Sequence[Post], candidates: Sequence[Post], places: Sequence[Sequence[int]],
             made: Callable[[Post], PostLink] = post_link) -> Links:
    """The links to the `candidates` at `places` (one row of places for each of `posts`, as
    `related_places` gives them), each `made` once, however many pages list it (`post_link`, or
    the preview's, which gives the link it made last time of the same post)."""
    links: dict[int, PostLink] = {}

    def link(place: int) -> PostLink:
        if place not in links:
            links[place] = made(candidates[place])
        return links[place]
    return {post.source_path: tuple(map(link, row)) for post, row in zip(posts, places, strict=True) if row}


def relatedness(posts: Sequence[Post], candidates: Sequence[Post]) -> bytes:
    """Everything `related_places` reads of `posts` and `candidates`, in their order: equal bytes,
    equal places. (A candidate that is one of `posts`, as they all are in a site, is its place there.)"""
    def read(post: Post) -> list[object]:
        return [post.source_path, post.unlisted, post.series.slug if post.series else None, sorted(terms(post))]
    places = {id(post): place for place, post in enumerate(posts)}
    return json.dumps([list(map(read, posts)), [places[id(c)] if id(c) in places else read(c) for c in candidates],
                       RELATED, PER_TERM], ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def terms(post: Post) -> frozenset[str]:
    """The slugs of a post's tags and labels: a tag and a label of one slug are one term."""
    return frozenset([ref.slug for ref in post.tags + post.labels])


@dataclass(frozen=True)
class _Index:
    """The candidates, and for each of their terms (by number) its weight, its newest
    candidates and all of them (by their place in `candidates`)."""

    candidates: Sequence[Post]
    numbers: dict[str, int]  # term -> its number
    weights: list[int]  # whole millionths, times len(candidates) (see _scores)
    newest: list[frozenset[int]]
    carriers: list[frozenset[int]]


def _index(candidates: Sequence[Post], per_term: int) -> _Index:
    postings: dict[str, list[int]] = defaultdict(list)
    for place, post in enumerate(candidates):
        for term in terms(post):
            postings[term].append(place)
    count = len(candidates)
    weights = [round(_SCALE * math.log(1 + count / len(places))) * count for places in postings.values()]
    return _Index(candidates, {term: number for number, term in enumerate(postings)}, weights,
                  [frozenset(places[:per_term]) for places in postings.values()],
                  [frozenset(places) for places in postings.values()])


def _best(index: _Index, post: Post, limit: int) -> tuple[int, ...]:
    """The places of the `limit` candidates met through the post's terms that share the most weight with it."""
    scores = _scores(index, [index.numbers[term] for term in terms(post) if term in index.numbers])
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)  # a few dozen, sorted in C
    kept = (place for place in ranked if _may_relate(post, index.candidates[place]))
    return tuple(itertools.islice(kept, limit))


def _scores(index: _Index, mine: list[int]) -> dict[int, int]:
    """Each candidate met through the newest of the terms `mine`, scored by all the weight it
    shares with them, times len(candidates), less its place: one number that orders by weight,
    then newest first."""
    met = set().union(*(index.newest[number] for number in mine))
    scores = dict(zip(met, map(operator.neg, met)))
    for number in mine:
        weight = index.weights[number]
        for place in met & index.carriers[number]:
            scores[place] += weight
    return scores


def _may_relate(post: Post, other: Post) -> bool:
    """Not the post itself, nor a post of the series its page lists (an unlisted post's lists none)."""
    same_series = (not post.unlisted and post.series is not None and other.series is not None
                   and post.series.slug == other.series.slug)
    return other.source_path != post.source_path and not same_series
