"""The `chanblog` program: a plain `chanblog build` with nothing to do is answered before the
command line's library (click) and the rest of chanblog are imported.

That build only compares file stats with the last build's receipt (see `receipt`), so importing
click cost a tenth of it. Any other command, option or answer (something changed, a warning
to show) goes to `cli`, which is handed the receipt's answer instead of asking again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chanblog.output_folder import output_location
from chanblog.receipt import BUILD_OPTIONS, remember_answer, unchanged_report
from chanblog.report import summary_line


def main() -> None:
    site = _plain_build(sys.argv[1:])
    if site is not None and _built_already(site):
        return
    from chanblog.cli import main as command_line

    command_line()


def _plain_build(arguments: list[str]) -> Path | None:
    """The site folder of `chanblog [--site FOLDER] build` with no other option; None for anything else."""
    if arguments == ["build"]:
        return Path(".").resolve()
    if len(arguments) == 3 and arguments[0] == "--site" and arguments[2] == "build" and arguments[1]:
        return Path(arguments[1]).resolve()
    return None


def _built_already(site: Path) -> bool:
    """True once the closing line is printed, if the last build of `site` into `_site` is still
    what a build would make and left no warning to show."""
    try:
        output = output_location(site / "_site")
        report = unchanged_report(site, output, BUILD_OPTIONS)
    except OSError:  # the command line says what went wrong
        return False
    if report is None or report.warnings:
        remember_answer(site, output, BUILD_OPTIONS, report)
        return False
    print(summary_line(report))
    return True
