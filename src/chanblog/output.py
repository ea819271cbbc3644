"""The only writer of the output folder.

A build is written into a fresh staging folder beside the output and swapped in only when
every file is there, so a failed build leaves the published site exactly as it was. Files
whose bytes did not change are hard-linked from the previous output instead of rewritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from chanblog.errors import BuildFailed, ChanblogError


@dataclass(frozen=True)
class Artifact:
    """One file of the built site: its path inside the output, and its bytes or source file."""

    path: str
    origin: str  # what made it, for error messages: "posts/x.md", "tag 'marketing'"
    data: bytes | None = None
    source: Path | None = None


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new
    unchanged: int  # files identical to the previous build


def check_artifacts(artifacts: Iterable[Artifact]) -> None:
    """Refuse paths that leave the output folder and two files at one path."""
    seen: dict[str, Artifact] = {}
    errors = []
    for artifact in artifacts:
        if not is_contained(artifact.path):
            errors.append(ChanblogError(f"would write outside the output folder: {artifact.path}", artifact.origin))
            continue
        first = seen.setdefault(artifact.path, artifact)
        if first is not artifact:
            errors.append(ChanblogError(f"{artifact.origin} and {first.origin} would both write {artifact.path}",
                                        artifact.origin, None, "change a slug, an alias or a file name"))
    if errors:
        raise BuildFailed(errors)


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


def publish(output: Path, artifacts: list[Artifact]) -> WriteReport:
    """Write every artifact into a staging folder, then swap it in for `output`."""
    check_artifacts(artifacts)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a published site is not
    try:
        unchanged = sum(_stage(staging, output, artifact) for artifact in artifacts)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(written=len(artifacts) - unchanged, unchanged=unchanged)


def _stage(staging: Path, previous: Path, artifact: Artifact) -> bool:
    """Put one file in the staging folder; True if it is the same as before."""
    target = staging / artifact.path
    target.parent.mkdir(parents=True, exist_ok=True)
    data = artifact.data if artifact.data is not None else artifact.source.read_bytes()
    old = previous / artifact.path
    if old.is_file() and not old.is_symlink() and old.stat().st_size == len(data) and old.read_bytes() == data:
        try:
            os.link(old, target)
            return True
        except OSError:
            pass
    target.write_bytes(data)
    return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames; the old tree is removed last."""
    if not output.exists():
        os.replace(staging, output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.replace(output, retired / "site")
    os.replace(staging, output)
    shutil.rmtree(retired, ignore_errors=True)
