"""When each post last changed, from git: one `git log` for the whole site, never one per post.

`commit_dates` is the only part that runs git; `with_commit_dates` is pure and gives each post
without an `updated` the date of its newest commit, which the post page, the feeds and the
sitemap's `lastmod` then show. Without git, or outside a repository, the build goes on with a
warning (or silently, when `git` was left to its default and the site is not in a repository).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from chanblog.config import SiteConfig
from chanblog.content import Draft
from chanblog.model import evolve
from chanblog.errors import ChanblogError, ChanblogWarning
from chanblog.sources import in_repository

Dated = Callable[[Draft, datetime], Draft]  # a draft given its `updated` date

# A commit: \x01 date \x01 refs, then the paths it changed; every field ends with a NUL (-z).
LOG_FORMAT = "%x01%cI%x01%D"


@dataclass(frozen=True)
class History:
    """The newest commit date of each post file (by its path in messages), and what went wrong."""

    dates: Mapping[str, datetime]
    warnings: tuple[ChanblogError, ...] = ()


def uses_git(config: SiteConfig) -> bool:
    """`git:` from site.yaml; by default, whether the site is in a git repository."""
    return config.git if config.git is not None else in_repository(config.root)


def commit_dates(config: SiteConfig) -> History:
    """Run `git log` once over posts/ and keep each file's newest commit date."""
    if not uses_git(config):
        return History({})
    command = ["git", "-c", "core.quotepath=off", "log", f"--format={LOG_FORMAT}", "--name-only", "-z",
               "--relative", "--", config.posts_dir.relative_to(config.root).as_posix()]
    try:
        done = subprocess.run(command, cwd=config.root, capture_output=True, check=False)
    except OSError as exc:
        return History({}, (_warning(f"git cannot be run ({exc.strerror})", "install git"),))
    if done.returncode != 0:
        reason = os.fsdecode(done.stderr).strip().splitlines()[:1] or [f"exit status {done.returncode}"]
        return History({}, (_warning(f"git log failed: {reason[0]}", "run chanblog in a git repository"),))
    return parse_log(done.stdout)


def _warning(problem: str, fix: str) -> ChanblogWarning:
    return ChanblogWarning(f"{problem}: posts without 'updated' keep their own date", None, None,
                           f"{fix}, or set 'git: false' in site.yaml")


def parse_log(output: bytes) -> History:
    """Each path's first (newest) date in `git log -z` output. A shallow clone's oldest commit
    (marked `grafted`) claims every file it holds: its dates are dropped, with a warning."""
    dates: dict[str, datetime] = {}
    when: datetime | None = None
    first_path = False
    shallow = False
    for field in output.split(b"\0"):
        if field.startswith(b"\x01"):
            date, refs = field[1:].decode("ascii", "replace").split("\x01", 1)
            grafted = "grafted" in refs.split(", ")
            shallow = shallow or grafted
            when, first_path = (None if grafted else datetime.fromisoformat(date)), True
        elif field and when is not None:
            path = os.fsdecode(field[1:] if first_path and field.startswith(b"\n") else field)
            dates.setdefault(path, when)
            first_path = False
    warnings = (ChanblogWarning("the git repository is a shallow clone: posts changed only before its oldest "
                                "commit keep their own date", None, None,
                                "fetch the whole history (actions/checkout: fetch-depth: 0)"),) if shallow else ()
    return History(dates, warnings)


def with_commit_dates(sources: list[Draft], keys: Mapping[str, str], dates: Mapping[str, datetime],
                      config: SiteConfig, dated: Dated = lambda draft, updated: evolve(
                          draft, post=evolve(draft.post, updated=updated))) -> tuple[list[Draft], dict[str, str]]:
    """Give a post without `updated` its newest commit's date, if later than its own `date`
    (through `dated`: the preview's gives the draft it made last time of the same draft and date);
    and fold that date into the post's key, so that caches and incremental builds see the change."""
    drafts, new_keys = [], dict(keys)
    local: dict[datetime, tuple[datetime, str]] = {}  # a commit's date in the site's zone, and as text: once a commit
    for draft in sources:
        post = draft.post
        when = dates.get(post.source_path)
        if post.updated is None and when is not None and when > post.date:
            if when not in local:
                updated = when.astimezone(config.tzinfo)
                local[when] = updated, updated.isoformat()
            updated, text = local[when]
            draft = dated(draft, updated)
            if post.source_path in new_keys:
                new_keys[post.source_path] = hashlib.sha256(f"{new_keys[post.source_path]}\0{text}".encode()).hexdigest()
        drafts.append(draft)
    return drafts, new_keys
