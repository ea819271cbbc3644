"""The only writer of the output folder.

A build streams its files into a fresh staging folder beside the output and swaps it in
only when every file is there, so a failed or interrupted build leaves the published site
exactly as it was. A file whose inputs did not change since the last build (its digest is
in the page manifest and the old file is untouched) is hard-linked from the previous
output without being made again; a made file with the same bytes as before is
hard-linked too, so unchanged files keep their inode and mtime.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Protocol

from chanblog.errors import BuildFailed, ChanblogError


@dataclass(frozen=True)
class Job:
    """A file to publish: made by `make` unless its `key` (a digest of its inputs) is unchanged."""

    path: str
    origin: str
    key: str  # "" means: always make it
    make: Callable[[], bytes]


@dataclass(frozen=True)
class WriteReport:
    made: int  # files rendered or copied this time
    skipped: int  # files whose inputs were unchanged, linked without being made
    written: int  # files whose bytes are new in the output
    unchanged: int  # files identical to the previous build


def is_contained(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path and "\0" not in path


def check_output_folder(output: Path, site_root: Path) -> None:
    """Never publish over the site's own sources."""
    out, root = output.resolve(), site_root.resolve()
    if out == root or root.is_relative_to(out) or any(
            out.is_relative_to(root / name) for name in ("posts", "templates", "static")):
        raise ChanblogError(f"the output folder {output} holds the site's sources", None, None,
                            "choose an output folder of its own, such as _site")


class Staging:
    """A folder beside `output` that becomes `output` on `commit`, or vanishes."""

    def __init__(self, output: Path) -> None:
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        self.folder.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a published site is not
        self.owners: dict[str, str] = {}

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)

    def claim(self, path: str, origin: str) -> Path:
        """Reserve `path` for `origin`; refuse paths outside the output and two files at one path."""
        if not is_contained(path):
            raise ChanblogError(f"would write outside the output folder: {path}", origin)
        first = self.owners.setdefault(path, origin)
        if first != origin:
            raise ChanblogError(f"{origin} and {first} would both write {path}", origin, None,
                                "change a slug, an alias or a file name")
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def previous(self, path: str) -> Path:
        return self.output / path

    def keep(self, path: str, origin: str) -> Path | None:
        """Link the previous build's file into place; None if there is none."""
        target, old = self.claim(path, origin), self.previous(path)
        try:
            os.link(old, target)
        except OSError:
            return None
        return target

    def put(self, path: str, origin: str, data: bytes) -> tuple[Path, bool]:
        """Place `data` at `path`; True if the previous build had the same bytes there."""
        target, old = self.claim(path, origin), self.previous(path)
        if old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) and old.read_bytes() == data:
            try:
                os.link(old, target)
                return target, True
            except OSError:
                pass
        target.write_bytes(data)
        return target, False

    def commit(self) -> None:
        """Replace `output` by the staging folder with two renames; the old tree is removed last."""
        if not self.output.exists():
            os.replace(self.folder, self.output)
            return
        retired = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-", dir=self.output.parent))
        os.replace(self.output, retired / "site")
        os.replace(self.folder, self.output)
        shutil.rmtree(retired, ignore_errors=True)


def copy_job(path: str, origin: str, source: Path) -> Job:
    """A file copied as it is, keyed by its source's path, size and mtime."""
    stat = source.stat()
    return Job(path, origin, f"file:{source}:{stat.st_size}:{stat.st_mtime_ns}", source.read_bytes)


class Manifest(Protocol):
    """What `publish` needs of the page manifest (see cache.PageManifest)."""

    def is_fresh(self, path: str, key: str, old: Path) -> bool: ...

    def record(self, path: str, key: str, written: Path) -> None: ...


def publish(output: Path, jobs: Sequence[Job], manifest: Manifest,
            progress: Callable[[int, int], None] | None = None) -> WriteReport:
    """Make every job's file in a staging folder, then swap it in; report all errors, publish nothing."""
    made = skipped = same = 0
    errors: dict[tuple[str | None, int | None, str], ChanblogError] = {}
    with Staging(output) as staging:
        for done, job in enumerate(jobs, start=1):
            try:
                target = None
                if manifest.is_fresh(job.path, job.key, staging.previous(job.path)):
                    target = staging.keep(job.path, job.origin)
                    skipped += target is not None
                if target is None:
                    target, unchanged = staging.put(job.path, job.origin, job.make())
                    made, same = made + 1, same + unchanged
                manifest.record(job.path, job.key, target)
            except ChanblogError as exc:  # one template mistake fails many pages: say it once
                errors.setdefault((exc.path, exc.line, exc.message.split(": ", 1)[-1]), exc)
            if progress and (done % 64 == 0 or done == len(jobs)):
                progress(done, len(jobs))
        if errors:
            raise BuildFailed(errors.values())
        staging.commit()
    return WriteReport(made=made, skipped=skipped, written=made - same, unchanged=same + skipped)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
