"""Pure: for each post, the posts that share the most of its tags and labels, the rarer counting more.

A tag and a label are one term when they share a slug (`Leadership` and `leadership`,
`Social Media` and `social-media`): that is already the rule within tags and within labels.
A term weighs log(1 + N / n), N being the posts that may be related and n those that carry it,
so a term on a few posts outweighs one on many; a post's score is the sum of the weights of
the terms it shares, and ties go to the newer post.

One pass over the site, never over pairs of posts: a post meets only the posts of its own
terms, and of each term only the PER_TERM newest. Every post that shares a term on at most
PER_TERM posts is therefore scored, exactly; through a term on more, only that term's newest
are. Those are the ones that win among posts sharing that term alone (ties go to the newer),
and PER_TERM is ten times RELATED so that posts sharing two common terms are still met. The
work is at most PER_TERM times the number of a site's tags and labels, whatever its size.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from chanblog.model import Post

RELATED = 5  # the most posts shown under a post
PER_TERM = 50  # the newest posts of a term that a post meets through it


def related_posts(posts: Iterable[Post], candidates: Sequence[Post], limit: int = RELATED,
                  per_term: int = PER_TERM) -> dict[str, tuple[Post, ...]]:
    """For each of `posts` by source path, at most `limit` of `candidates` (newest first) that
    share its terms, best first; never itself, nor a post of its own series (the series is
    listed on its page already). A post that shares nothing gets no entry."""
    postings = _postings(candidates)
    weights = {term: math.log(1 + len(candidates) / len(members)) for term, members in postings.items()}
    terms_of = [terms(post) for post in candidates]
    result = {}
    for post in posts:
        mine = terms(post) & postings.keys()
        met = {index for term in mine for index in postings[term][:per_term]}
        met = [index for index in met if _may_relate(post, candidates[index])]
        best = heapq.nsmallest(limit, met, key=lambda i: (-math.fsum(weights[t] for t in mine & terms_of[i]), i))
        if best:
            result[post.source_path] = tuple(candidates[index] for index in best)
    return result


def terms(post: Post) -> frozenset[str]:
    """The slugs of a post's tags and labels: a tag and a label of one slug are one term."""
    return frozenset(ref.slug for ref in post.tags + post.labels)


def _postings(posts: Sequence[Post]) -> Mapping[str, list[int]]:
    """Each term's posts, by their place in `posts` (newest first)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, post in enumerate(posts):
        for term in terms(post):
            postings[term].append(index)
    return postings


def _may_relate(post: Post, other: Post) -> bool:
    """Not the post itself, nor a post of the series its page lists (an unlisted post's lists none)."""
    same_series = (not post.unlisted and post.series is not None and other.series is not None
                   and post.series.slug == other.series.slug)
    return other.source_path != post.source_path and not same_series
