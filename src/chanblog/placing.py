"""Making the files a build cannot keep, and putting each in the staging folder.

Made in this process, or across every core by forked workers when there are many. A made
file whose bytes equal the published one is hard-linked from the published folder; any other
is written into the staging folder (see `Staging.write`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence

from chanblog.errors import ChanblogError
from chanblog.inventory import Stat
from chanblog.jobs import Job
from chanblog.memory import settle
from chanblog.staging import Staging

POOL_THRESHOLD = 200  # files to make; below this a process pool costs more than it saves
# Chunks of 32 files a page worker makes before it is replaced. Measured on the bench corpus:
# 20 kept 10,000 posts at 378 MiB but cost 4,000 posts 0.25 s more than 40; never recycling
# took 10,000 posts to 507 MiB. Since the posts' bodies stay in the body cache, 40 peaks at
# about 340 MiB for the whole process tree and 20 at about 300 MiB; at 100,000 posts 40 peaked
# at 1,983 MiB and 20 at 1,730 MiB, with no more CPU.
RECYCLE_CHUNKS = 20


Placed = tuple[Stat, bool]  # the file's size and mtime; True if the published file had the same bytes

_WORK: tuple[Staging | None, Sequence[Job]] = (None, ())  # what a forked worker inherits


def make_all(staging: Staging, jobs: Sequence[Job], workers: int | None = None) -> Iterator[Placed | ChanblogError]:
    """Make each job's file and put it in place, in order; across every core when there are many.

    Forked workers inherit the jobs and the staging folder and write the files themselves, so
    only a size and an mtime come back: sending the rendered bytes would cost as much as
    rendering them. Each job owns its path, so workers never write the same file."""
    global _WORK
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(jobs) < POOL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_make_and_place(staging, job) for job in jobs)
        return
    # A forked worker shares the parent's memory until it touches an object (reference counts
    # count as touching); recycling workers returns what they have copied (see RECYCLE_CHUNKS),
    # and a job that touches most of it is made here first (see `Job.wide`).
    made_here = {index: _make_and_place(staging, job) for index, job in enumerate(jobs) if job.wide}
    _WORK = (staging, jobs)
    settle()  # the workers share what the build holds, untouched by their collector, and not what it freed
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=RECYCLE_CHUNKS) as pool:
            made = pool.imap(_make_inherited, [i for i in range(len(jobs)) if i not in made_here], chunksize=32)
            yield from (made_here[i] if i in made_here else next(made) for i in range(len(jobs)))
    finally:
        _WORK = (None, ())


def _make_inherited(index: int) -> Placed | ChanblogError:
    staging, jobs = _WORK
    assert staging is not None
    return _make_and_place(staging, jobs[index])


def _make_and_place(staging: Staging, job: Job) -> Placed | ChanblogError:
    try:
        data = job.make()
    except ChanblogError as exc:
        return exc
    published, stat = staging.published(job.path)
    if stat is not None and stat[0] == len(data) and _read(published) == data:
        linked = staging.link(job.path, published, stat)
        if linked:
            return linked, True
    return staging.write(job.path, data), False


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()
