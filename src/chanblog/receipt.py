"""The receipt a build leaves: enough to tell, from file stats alone, that the next would change nothing.

`chanblog build` asks `unchanged_report` before anything else. It takes the stats (type, size,
mtime, ctime, inode) of every file and folder a build reads from: site.yaml, `posts/`,
`pages/`, `static/`, `templates/`, `locales/`, the files the settings name, chanblog's own code
and theme, and the libraries that shape the output; then those of every file and folder the
last build published. If they all match the receipt, and no post has come due, no commit has
been made and no killed build left folders behind, the last build's closing line is given
again: no post is parsed, no cache loaded, the pipeline not even imported.

It answers None, and the build runs, whenever it cannot vouch: no receipt (or one that is not
what chanblog writes: it is data, checked field by field, like every cache), other options, a
link among the inputs (what it leads to may change without it), or an input that changed
within two seconds of the build that read it (a second change in the same tick of the file
system's clock would keep its stats: git's "racily clean" files).

A build takes its `Snapshot` of the inputs once the settings are read, before any post is,
and `leave` writes the receipt once it has published.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import time
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chanblog.errors import ChanblogWarning
from chanblog.inventory import folders_of
from chanblog.report import SUMMARY, BuildReport
from chanblog.sources import CACHE_DIR, RACY_NS, in_repository, read_plain, write_atomically

RECEIPT = "receipt.json"  # in the cache folder
HEADER = b"chanblog-receipt-2\n"
MAX_BYTES = 64 * 1024 * 1024
INPUT_FOLDERS = ("posts", "pages", "static", "templates", "locales")
PACKAGE = Path(__file__).parent
LIBRARIES = ("pyromark", "markdown", "pygments", "jinja2", "markupsafe", "feedgen", "lxml", "PIL", "babel", "yaml",
             "slugify", "pagefind")  # whose upgrade may change the output
SEARCH_BINARY = "PAGEFIND_BINARY_PATH"


class Unvouched(Exception):
    """An input whose stats cannot tell whether it changed."""


@dataclass(frozen=True)
class Snapshot:
    """The inputs of a build as it found them: a digest of their stats, or None if it cannot vouch for them."""

    digest: str | None
    named: tuple[str, ...]  # files the settings name (a card logo or font), relative to the site


def take_snapshot(root: Path, named: Sequence[str] = ()) -> Snapshot:
    """The inputs' stats now, digested; taken before any of them but site.yaml is read."""
    try:
        return Snapshot(_inputs_digest(root, named, time.time_ns() - RACY_NS), tuple(named))
    except (Unvouched, OSError):
        return Snapshot(None, tuple(named))


def leave(root: Path, output: Path, inputs: Snapshot, options: Mapping[str, bool], due: int | None,
          published: Iterable[str], report: BuildReport) -> None:
    """Write the receipt of a build that published `published` (paths in `output`); none at all if
    its inputs could not be vouched for (an old receipt is removed: it no longer tells the truth)."""
    path, paths = root / CACHE_DIR / RECEIPT, sorted(published)
    if inputs.digest is None or path.parent.is_symlink():
        path.unlink(missing_ok=True)
        return
    folders = folders_of(paths)  # kept, so that the next build need not work them out again
    record = {"root": str(root), "output": str(output), "options": dict(sorted(options.items())), "due": due,
              "inputs": inputs.digest, "named": list(inputs.named), "published": paths,
              "folders": folders, "outputs": _outputs_digest(output, folders, paths),
              "report": {"summary": report_counts(report), "unchanged": report.written + report.unchanged,
                         "warnings": [[w.message, w.path, w.line, w.hint] for w in report.warnings],
                         "base_path": report.base_path}}
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    write_atomically(path, HEADER + hashlib.sha256(text).hexdigest().encode() + b"\n" + text)


BUILD_OPTIONS = {"drafts": False, "future": False, "index": True}  # a plain `chanblog build`'s

_given: list[tuple[tuple[Path, Path, dict[str, bool]], BuildReport | None]] = []  # see remember_answer


def remember_answer(root: Path, output: Path, options: Mapping[str, bool], report: BuildReport | None) -> None:
    """Have the next `unchanged_report` asked the same give `report`, worked out just now, without
    looking again (the program's entry asks before the command line is loaded: see `entry`)."""
    _given[:] = [((root, output, dict(options)), report)]


def unchanged_report(root: Path, output: Path, options: Mapping[str, bool]) -> BuildReport | None:
    """The last build's report, as a build with nothing to do gives it, if nothing it read or
    wrote has changed since; else None."""
    if _given:
        (asked, report), = _given
        _given.clear()  # an answer is given once: the next question looks again
        if asked == (root, output, dict(options)):
            return report
    started = time.perf_counter()
    record = _read(root / CACHE_DIR / RECEIPT)
    if (record is None or record["root"] != str(root) or record["output"] != str(output)
            or record["options"] != dict(sorted(options.items())) or _left_behind(output)
            or (record["due"] is not None and time.time_ns() >= record["due"])):
        return None
    try:
        if (_inputs_digest(root, record["named"], None) != record["inputs"]
                or _outputs_digest(output, record["folders"], record["published"]) != record["outputs"]):
            return None
    except (Unvouched, OSError):
        return None
    told = record["report"]
    return BuildReport(**told["summary"], written=0, unchanged=told["unchanged"], rendered=0,
                       seconds=time.perf_counter() - started,
                       warnings=tuple(ChanblogWarning(*w) for w in told["warnings"]), base_path=told["base_path"])


def report_counts(report: BuildReport) -> dict[str, int]:
    return {name: getattr(report, name) for name in SUMMARY}


def _inputs_digest(root: Path, named: Sequence[str], vouched_before: int | None) -> str:
    """A digest of the stats of every input; Unvouched if one is a link, or (given
    `vouched_before`) changed since then."""
    stats = _Stats(vouched_before)
    stats.file("site.yaml", root / "site.yaml")
    for name in named:
        stats.file(name, root / name)
    for name in INPUT_FOLDERS:
        stats.tree(name, str(root / name))
    stats.tree("(chanblog)", str(PACKAGE))
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        stats.file(name, Path(spec.origin) if spec and spec.origin else root / "(none)")
    binary = os.environ.get(SEARCH_BINARY)
    if binary:
        stats.file("(search)", Path(binary))
    return stats.digest(f"{SEARCH_BINARY}={binary!r}", f"git={_git_head(root)}")


class _Stats:
    """The stats of files and folders, in the order met: their names as shown, and the fields of
    their stats packed as machine integers (hashing them is about twice as cheap as their repr)."""

    def __init__(self, vouched_before: int | None) -> None:
        self.vouched_before = vouched_before
        self.names: list[str] = []
        self.fields = array("q")  # mode, size, mtime, ctime of each; MISSING for a name with nothing there
        self.inodes = array("Q")  # unsigned: an inode number may use all 64 bits

    def file(self, shown: str, path: Path | str) -> None:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            self.names.append(shown)
            self.fields.extend(MISSING)
            self.inodes.append(0)
            return
        self._add(shown, info)

    def tree(self, shown: str, folder: str) -> None:
        """A folder and everything below it (no link followed: a link is Unvouched); `__pycache__`
        is left out, which Python writes on its own."""
        self.file(shown, folder)
        if not os.path.isdir(folder) or os.path.islink(folder):
            return
        pending = [(shown, folder)]
        while pending:  # names and lstat: a third cheaper than scandir's entries and their stat()
            prefix, path = pending.pop()
            for name in sorted(os.listdir(path)):
                if name == "__pycache__":
                    continue
                info = os.lstat(f"{path}/{name}")
                self._add(f"{prefix}/{name}", info)
                if stat.S_ISDIR(info.st_mode):
                    pending.append((f"{prefix}/{name}", f"{path}/{name}"))

    def _add(self, shown: str, info: os.stat_result) -> None:
        if stat.S_ISLNK(info.st_mode):
            raise Unvouched(shown)
        if self.vouched_before is not None and max(info.st_mtime_ns, info.st_ctime_ns) >= self.vouched_before:
            raise Unvouched(shown)
        self.names.append(shown)
        self.fields.extend((info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        self.inodes.append(info.st_ino)

    def digest(self, *told: str) -> str:
        """A digest of every stat taken, and of what else is `told` (strings)."""
        text = "\0".join((*self.names, "", *told)).encode("utf-8", "surrogateescape")
        return _digest(text, self.fields, self.inodes)


MISSING = (-1, -1, -1, -1)  # no mode is -1


def _digest(*parts: bytes | array[int]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _outputs_digest(output: Path, folders: Sequence[str], paths: Sequence[str]) -> str:
    """A digest of the stats of each file published into `output` and of the `folders` holding
    them, each looked up by its path (no folder is listed): a file changed, replaced or removed
    is found, and so is one added (its folder's mtime moves)."""
    base, lstat = str(output), os.lstat
    fields, inodes = array("q"), array("Q")
    for path in (*folders, *paths):
        info = lstat(f"{base}/{path}" if path else base)
        fields.extend((info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        inodes.append(info.st_ino)
    return _digest(fields, inodes)


def _left_behind(output: Path) -> bool:
    """True if a killed build left a staging folder beside the output (the build cleans it up)."""
    prefixes = (f".{output.name}.old-", f".{output.name}.new-")
    try:
        return any(name.startswith(prefixes) for name in os.listdir(output.parent))
    except OSError:
        return True


def _git_head(root: Path) -> str:
    """The commit the site's repository is at (the posts' dates come from its history), or why there is none."""
    if not in_repository(root):
        return "no repository"
    import subprocess  # only for a site in a repository: a build with nothing to do need not load it

    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, check=False)
    except OSError:
        return "no git"
    return done.stdout.decode("ascii", "replace").strip() if done.returncode == 0 else "no commit"


_FIELDS = {"root": str, "output": str, "options": dict, "due": (int, type(None)), "inputs": str, "named": list,
           "published": list, "folders": list, "outputs": str, "report": dict}


def _read(path: Path) -> dict[str, Any] | None:
    """The receipt, or None if there is none, or it is not what `leave` writes."""
    data = read_plain(path, MAX_BYTES) if not path.parent.is_symlink() else None
    if data is None or not data.startswith(HEADER):
        return None
    digest, _, text = data[len(HEADER):].partition(b"\n")
    if hashlib.sha256(text).hexdigest().encode() != digest:
        return None
    try:
        record = json.loads(text.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError):
        return None
    return record if _is_receipt(record) else None


def _is_receipt(record: Any) -> bool:
    if type(record) is not dict or record.keys() != _FIELDS.keys():
        return False
    if not all(isinstance(record[name], kind) and type(record[name]) is not bool for name, kind in _FIELDS.items()):
        return False
    told = record["report"]
    return (all(type(value) is bool for value in record["options"].values())
            and all(type(name) is str for name in record["named"] + record["published"] + record["folders"])
            and type(told) is dict and told.keys() == {"summary", "unchanged", "warnings", "base_path"}
            and type(told["summary"]) is dict
            and told["summary"].keys() == set(SUMMARY)
            and all(type(n) is int for n in (*told["summary"].values(), told["unchanged"]))
            and type(told["base_path"]) is str and type(told["warnings"]) is list
            and all(_is_warning(w) for w in told["warnings"]))


def _is_warning(value: Any) -> bool:
    return (type(value) is list and len(value) == 4 and type(value[0]) is str
            and type(value[1]) in (str, type(None)) and type(value[2]) in (int, type(None))
            and type(value[3]) in (str, type(None)))
