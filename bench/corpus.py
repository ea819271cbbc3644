"""Write one deterministic corpus of blog posts for chanblog, Pelican and Hugo.

    python bench/corpus.py N OUT_DIR [--seed 1]

writes the same N posts three times:

* ``OUT_DIR/chanblog/``: ``site.yaml`` and ``posts/post-NNNNN.md`` (YAML front matter);
* ``OUT_DIR/pelican/``: ``pelicanconf.py`` and ``content/post-NNNNN.md`` (``Key: value`` metadata);
* ``OUT_DIR/hugo/``: ``config.toml``, ``layouts/`` (see hugo_site.py) and
  ``content/posts/post-NNNNN.md`` (YAML front matter in Hugo's names).

Post ``i`` is made from ``random.Random(seed + i)`` alone, so any post can be rebuilt on its own
(``run.py`` does that to undo its edits). A ``corpus.json`` manifest, written last, marks a
complete corpus.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import hugo_site

MANIFEST = "corpus.json"
SITE_URL = "https://bench.example.com"
FIRST_DATE = datetime(2016, 1, 1)
LAST_DATE = datetime(2023, 12, 31, 23, 59, 59)

AUTHORS = {
    "alice": ("Alice Author", "Writes benchmarks."),
    "bob": ("Bob Writer", "Also writes."),
}

LABELS = ["Strategy", "Sales", "Marketing", "Leadership", "Operations", "Technology", "Culture", "Finance"]

TAGS = [
    "channel strategy", "partner programs", "social media", "lead generation", "pricing", "branding",
    "customer experience", "analytics", "forecasting", "hiring", "onboarding", "training", "negotiation",
    "storytelling", "content marketing", "email", "events", "webinars", "product launches", "retention",
    "churn", "loyalty", "distribution", "resellers", "alliances", "enablement", "incentives", "quotas",
    "territories", "pipeline", "deal desk", "contracts", "procurement", "budgeting", "metrics", "dashboards",
    "automation", "crm", "saas", "cloud", "security", "compliance", "open source", "python", "writing",
    "public speaking", "mentoring", "management", "remote work", "productivity", "research", "surveys",
    "case studies", "competition", "market sizing", "positioning", "messaging", "segmentation", "growth",
    "startups",
]

WORDS = """
the a an of to in for on with by from about into over after before between through during without
within across against among around behind beyond under upon and or but so yet because while although
if when where which that who whose this these those each every some many most few more less other
partner channel market customer team leader program pipeline quarter strategy plan budget forecast
report meeting message story brand product service price value margin deal contract account region
territory network community audience reader writer question answer problem solution idea habit
lesson mistake result outcome signal pattern trend growth change process system model method review
decision priority goal target metric number chart table draft note letter email call visit launch
campaign event webinar survey study measure test experiment feedback advice support training partner
build grow keep make take give find share learn teach write read listen speak plan start finish
choose measure improve explain describe compare reduce increase protect support manage lead follow
trust earn spend save sell buy ask tell show prove test ship track own open close
good better best clear simple careful honest quiet steady early late small large long short new old
useful practical modest patient curious direct narrow broad strong weak fair real hard easy common
rare local global formal casual weekly monthly yearly careful thoughtful obvious subtle
often rarely usually sometimes always never already still almost nearly simply really quickly slowly
together apart again instead perhaps probably certainly especially mostly partly
it's don't isn't we've you'll they're
""".split()

HEADING_WORDS = [
    "Why", "How", "What", "When", "Notes", "Lessons", "Patterns", "Questions", "Numbers", "Habits",
    "Mistakes", "Signals", "Partners", "Channels", "Pipelines", "Teams", "Budgets", "Stories",
]

CODE_SNIPPETS = [
    'def margin(revenue: float, cost: float) -> float:\n'
    '    """The share of revenue left after cost."""\n'
    '    return (revenue - cost) / revenue if revenue else 0.0\n',
    'import statistics\n\n'
    'def forecast(history: list[float], weeks: int = 4) -> list[float]:\n'
    '    mean = statistics.fmean(history[-weeks:])\n'
    '    return [round(mean, 2)] * weeks\n',
    'PARTNERS = {"north": 12, "south": 7, "west": 19}\n\n'
    'for region, count in sorted(PARTNERS.items(), key=lambda item: -item[1]):\n'
    '    print(f"{region:>6}: {count} partners")\n',
    'class Deal:\n'
    '    def __init__(self, name: str, value: int) -> None:\n'
    '        self.name = name\n'
    '        self.value = value\n\n'
    '    def __repr__(self) -> str:\n'
    '        return f"Deal({self.name!r}, {self.value})"\n',
]


@dataclass(frozen=True)
class Post:
    """One post, as both tools' copies describe it."""

    index: int
    title: str
    date: datetime
    author: str
    tags: tuple[str, ...]
    labels: tuple[str, ...]
    body: str

    @property
    def filename(self) -> str:
        return f"post-{self.index:05d}.md"


def make_post(index: int, count: int, seed: int) -> Post:
    """Post `index` of a corpus of `count` posts: a function of `seed + index` (and `count`, for its date)."""
    rng = random.Random(seed + index)
    title = f"{_phrase(rng, 3, 6)} (No. {index + 1})"
    return Post(
        index=index,
        title=title,
        date=_date(rng, index, count),
        author=rng.choice(sorted(AUTHORS)),
        tags=tuple(rng.sample(TAGS, rng.randint(2, 5))),
        labels=tuple(rng.sample(LABELS, rng.randint(1, 2))),
        body=_body(rng),
    )


def _date(rng: random.Random, index: int, count: int) -> datetime:
    """Dates rise with the index, one per slot of an equal share of 2016-2023, so they never repeat."""
    slot = (LAST_DATE - FIRST_DATE).total_seconds() / max(count, 1)
    offset = int(index * slot) + rng.randrange(max(1, int(slot / 2)))
    return FIRST_DATE + timedelta(seconds=offset)


def _phrase(rng: random.Random, least: int, most: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(least, most))]
    return " ".join(words).capitalize()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    roll = rng.random()
    spot = rng.randrange(len(words))
    if roll < 0.12:
        words[spot] = f"*{words[spot]}*"
    elif roll < 0.22:
        words[spot] = f"**{words[spot]}**"
    elif roll < 0.32:
        end = min(len(words), spot + rng.randint(1, 3))
        text = " ".join(words[spot:end])
        address = f"https://example.com/{rng.choice(HEADING_WORDS).lower()}/{rng.randint(1, 999)}"
        words[spot:end] = [f"[{text}]({address})"]
    elif roll < 0.36:
        end = min(len(words), spot + rng.randint(2, 4))
        words[spot:end] = ['"' + " ".join(words[spot:end]) + '"']
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _bullets(rng: random.Random) -> str:
    return "\n".join(f"- {_phrase(rng, 3, 9)}" for _ in range(rng.randint(3, 6)))


def _numbered(rng: random.Random) -> str:
    return "\n".join(f"{n}. {_phrase(rng, 4, 10)}." for n in range(1, rng.randint(3, 6) + 1))


def _table(rng: random.Random) -> str:
    header = "| Region | Partners | Deals | Margin |\n| --- | ---: | ---: | ---: |"
    rows = [f"| {rng.choice(WORDS).capitalize()} | {rng.randint(1, 90)} | {rng.randint(1, 400)} "
            f"| {rng.randint(5, 60)}% |" for _ in range(rng.randint(3, 7))]
    return "\n".join([header, *rows])


def _code(rng: random.Random) -> str:
    return f"```python\n{rng.choice(CODE_SNIPPETS)}```"


def _word_count(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


def _body(rng: random.Random) -> str:
    """600-1,500 words: paragraphs under `##` headings, lists, and maybe a table and a code block."""
    target = rng.randint(600, 1500)
    extras = [make for make, share in ((_table, 1 / 3), (_code, 1 / 3)) if rng.random() < share]
    blocks = [_paragraph(rng), _paragraph(rng)]
    while True:
        section = [f"## {rng.choice(HEADING_WORDS)} {_phrase(rng, 2, 4).lower()}", _paragraph(rng)]
        roll = rng.random()
        if roll < 0.35:
            section.append(_bullets(rng))
        elif roll < 0.6:
            section.append(_numbered(rng))
        if extras and rng.random() < 0.5:
            section.append(extras.pop()(rng))
        section.append(_paragraph(rng))
        if _word_count(blocks + section) > target and _word_count(blocks) >= 600:
            break
        blocks += section
    blocks += [extra(rng) for extra in extras]
    return "\n\n".join(blocks) + "\n"


def chanblog_text(post: Post) -> str:
    """The post as chanblog reads it: YAML front matter between `---` lines, then the body."""
    front = [
        "---",
        f"title: {json.dumps(post.title)}",
        f"date: {post.date:%Y-%m-%d %H:%M:%S}",
        f"author: {post.author}",
        f"tags: {json.dumps(list(post.tags))}",
        f"labels: {json.dumps(list(post.labels))}",
        "---",
    ]
    return "\n".join(front) + "\n" + post.body


def pelican_text(post: Post) -> str:
    """The post as Pelican reads it: `Key: value` lines, a blank line, then the body."""
    meta = [
        f"Title: {post.title}",
        f"Date: {post.date:%Y-%m-%d %H:%M:%S}",
        f"Author: {AUTHORS[post.author][0]}",
        f"Category: {post.labels[0]}",
        f"Tags: {', '.join(post.tags)}",
    ]
    return "\n".join(meta) + "\n\n" + post.body


def hugo_text(post: Post) -> str:
    """The post as Hugo reads it: YAML front matter with its own names (labels are categories)."""
    front = [
        "---",
        f"title: {json.dumps(post.title)}",
        f"date: {post.date:%Y-%m-%dT%H:%M:%SZ}",
        f"authors: {json.dumps([AUTHORS[post.author][0]])}",
        f"tags: {json.dumps(list(post.tags))}",
        f"categories: {json.dumps(list(post.labels))}",
        "---",
    ]
    return "\n".join(front) + "\n" + post.body


def site_yaml() -> str:
    """chanblog's settings. Search and social cards are off: Pelican and Hugo make neither, so the
    tools do the same work (bench/search_cost.py measures what search adds)."""
    authors = "\n".join(f"  {key}: {{name: {name}, bio: {bio}}}" for key, (name, bio) in AUTHORS.items())
    return (f"title: Bench Blog\nurl: {SITE_URL}\ntimezone: UTC\nper_page: 10\nsearch: false\ncards: false\n"
            f"authors:\n{authors}\n")


PELICANCONF = f'''"""Pelican settings equivalent to the chanblog bench site (written by bench/corpus.py)."""

SITENAME = "Bench Blog"
SITEURL = "{SITE_URL}"
RELATIVE_URLS = False
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10

# Feeds: Atom only, full content, 20 entries like chanblog's feed_limit; one feed per tag,
# category (label) and author like chanblog.
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
AUTHOR_FEED_ATOM = "feeds/author/{{slug}}.atom.xml"
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
DELETE_OUTPUT_DIRECTORY = False

# The same Markdown work as chanblog: extra, toc, codehilite, smarty, sane_lists (Pelican adds
# the meta extension itself, to read the metadata lines).
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.codehilite": {{"css_class": "highlight", "guess_lang": False}},
        "markdown.extensions.extra": {{}},
        "markdown.extensions.toc": {{}},
        "markdown.extensions.smarty": {{}},
        "markdown.extensions.sane_lists": {{}},
    }},
    "output_format": "html5",
}}
'''


FORMAT = 4  # bumped whenever the files written change, so an older corpus is written again


def write_corpus(count: int, out_dir: Path, seed: int = 1) -> None:
    """Write the three copies of the corpus, then the manifest that marks it complete."""
    copies = ((out_dir / "chanblog" / "posts", chanblog_text), (out_dir / "pelican" / "content", pelican_text),
              (out_dir / "hugo" / "content" / "posts", hugo_text))
    for folder, _ in copies:
        folder.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    (out_dir / "chanblog" / "site.yaml").write_text(site_yaml(), encoding="utf-8")
    (out_dir / "pelican" / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    hugo_site.write_site(out_dir / "hugo", SITE_URL)
    for index in range(count):
        post = make_post(index, count, seed)
        for folder, text in copies:
            (folder / post.filename).write_text(text(post), encoding="utf-8")
    manifest = {"posts": count, "seed": seed, "format": FORMAT}
    (out_dir / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")


def is_complete(count: int, out_dir: Path, seed: int = 1) -> bool:
    """Whether `out_dir` holds a finished corpus of `count` posts made with `seed`."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest == {"posts": count, "seed": seed, "format": FORMAT}


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the same N posts for chanblog, Pelican and Hugo.")
    parser.add_argument("count", metavar="N", type=int, help="how many posts")
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="where to write chanblog/, pelican/ and hugo/")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    args = parser.parse_args()
    write_corpus(args.count, args.out_dir, args.seed)
    print(f"Wrote {args.count} posts to chanblog/, pelican/ and hugo/ in {args.out_dir}")


if __name__ == "__main__":
    main()
