"""The only writer of the output folder.

A build never writes into the published folder. `publish` brings a staging folder beside it up
to date with every job (keeping each file whose inputs did not change, making the rest), then
with the bundles made from the staged pages, and swaps it in. A failed or interrupted build
leaves the published site exactly as it was. The work is split by concern:

- jobs.py: what a build asks for (Job, Bundle), what it needs of the page manifest, and Claims.
- staging.py: the staging folder, the swap that publishes it, the spare it leaves, and recover.
- keeping.py: what a build keeps instead of making again: unchanged files, and bundles whole.
- placing.py: making every other file, in forked workers when there are many, and placing it.
- spare_look.py: the spare looked at by another process while the build reads and renders
  (spare_answer.py: what that process runs).

The rest of chanblog imports from this module only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from chanblog.errors import BuildFailed, ChanblogError, distinct
from chanblog.inventory import walk
from chanblog.jobs import Bundle, Job, Manifest
from chanblog.jobs import Claims as Claims, is_contained as is_contained  # (where callers have them from)
from chanblog.keeping import keep_all, place_bundles
from chanblog.output_folder import MARKER
from chanblog.placing import make_all
from chanblog.placing import POOL_THRESHOLD as POOL_THRESHOLD  # (where callers have it from)
from chanblog.spare_look import Looked
from chanblog.spare_look import LookAhead as LookAhead  # (where callers have it from)
from chanblog.staging import Staging
from chanblog.staging import recover as recover, spare_folder as spare_folder  # (where callers have them from)

Stat = tuple[int, int]  # size, mtime_ns (see inventory)


@dataclass(frozen=True)
class WriteReport:
    made: int  # files rendered or copied this time (a bundle's files are only counted as written)
    skipped: int  # files whose inputs were unchanged, kept without being made
    written: int  # files whose bytes are new in the output
    unchanged: int  # files identical to the previous build
    warnings: tuple[str, ...] = ()


def publish(output: Path, jobs: Sequence[Job], manifest: Manifest,
            progress: Callable[[int, int], None] | None = None, workers: int | None = None,
            bundles: Sequence[Bundle] = (), looked: Looked | None = None) -> WriteReport:
    """Bring the staging folder up to date with every job, then with the bundles made from it,
    then swap it in; report all errors. (`looked`: what the spare held, looked at beforehand.)"""
    counts = {"made": 0, "skipped": 0, "same": 0, "bundled": 0}
    errors: list[ChanblogError] = []
    with Staging(output, *manifest.spare_record(), looked=looked) as staging:
        manifest.record(MARKER, "", staging.marker())
        to_make = []
        if not staging.claims.claim_all(jobs):
            jobs = _claim_each(staging, jobs, errors)
        paths, keys = [job.path for job in jobs], [job.key for job in jobs]
        for job, kept in zip(jobs, keep_all(staging, manifest, paths, keys)):
            if kept is None:
                to_make.append(job)
            else:
                counts["skipped"] += 1
                manifest.record(job.path, job.key, kept)
        for done, (job, placed) in enumerate(zip(to_make, make_all(staging, to_make, workers)), start=1):
            if isinstance(placed, ChanblogError):
                errors.append(placed)
            else:
                stat, same = placed
                counts["made"] += 1
                counts["same"] += same
                manifest.record(job.path, job.key, stat)
            if progress and (done % 64 == 0 or done == len(to_make)):
                progress(done, len(to_make))
        if errors:
            raise BuildFailed(distinct(errors))  # one template mistake fails many pages: say it once
        warnings = place_bundles(staging, manifest, bundles, counts, workers)
        staging.prune()
        manifest.stamped(staging.commit())
    return WriteReport(made=counts["made"], skipped=counts["skipped"],
                       written=counts["made"] - counts["same"] + counts["bundled"],
                       unchanged=counts["same"] + counts["skipped"], warnings=warnings)


def _claim_each(staging: Staging, jobs: Sequence[Job], errors: list[ChanblogError]) -> list[Job]:
    """Claim the jobs' paths one by one: the jobs whose claims hold, and an error for each of the others."""
    held = []
    for job in jobs:
        try:
            staging.claim(job.path, job.origin, job.line)
        except ChanblogError as exc:
            errors.append(exc)
            continue
        held.append(job)
    return held


def output_is(output: Path, expected: dict[str, Stat]) -> bool:
    """True if `output` holds exactly these files, each with this size and mtime."""
    if not expected or not output.is_dir() or output.is_symlink():
        return False
    return walk(str(output))[0] == expected


def copy_job(path: str, origin: str, source: Path) -> Job:
    """A file copied as it is, keyed by its source's path, size and mtime."""
    stat = source.stat()
    return Job(path, origin, f"file:{source}:{stat.st_size}:{stat.st_mtime_ns}", source.read_bytes)

