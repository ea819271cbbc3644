"""The one error type of chanblog: every problem carries the file and line it is about.

A warning is a `ChanblogWarning`: the same shape, printed with `warning:` before its
message, and never a reason to fail. Warnings are collected and returned, never raised.
"""

from __future__ import annotations

from collections.abc import Iterable


class ChanblogError(Exception):
    """A problem in the user's site, reported as `path:line: message (hint)`."""

    severity = "error"

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        label = "warning: " if self.severity == "warning" else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{label}{self.message}{hint}"

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None, str | None]]:
        """Keep file, line and hint when the error crosses from a worker process."""
        return (type(self), (self.message, self.path, self.line, self.hint))

    def sort_key(self) -> tuple[str, int]:
        return (self.path or "", self.line or 0)

    def as_dict(self) -> dict[str, str | int | None]:
        """For `chanblog check --format json`."""
        return {"severity": self.severity, "path": self.path, "line": self.line, "message": self.message,
                "hint": self.hint}


class ChanblogWarning(ChanblogError):
    """Something worth knowing that does not stop a build: `path:line: warning: message (hint)`."""

    severity = "warning"


class BuildFailed(Exception):
    """Every problem found in one run, so the author can fix them all at once."""

    def __init__(self, errors: Iterable[ChanblogError]) -> None:
        self.errors = sorted(errors, key=ChanblogError.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


def distinct(errors: Iterable[ChanblogError]) -> list[ChanblogError]:
    """One template mistake fails many pages: keep one error per file, line and cause."""
    seen: dict[tuple[str | None, int | None, str], ChanblogError] = {}
    for error in errors:
        seen.setdefault((error.path, error.line, error.message.split(": ", 1)[-1]), error)
    return list(seen.values())


class Unrenderable(Exception):
    """A post body the Markdown engine cannot render in reasonable time or depth, with what to report."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint
