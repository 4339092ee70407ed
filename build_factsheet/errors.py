"""Problems found in a project -> one readable error that lists them all."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from build_factsheet.characters import escape_refused


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file, phrased for the person who can fix it."""

    path: str
    line: int | None
    key: str | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: key '{self.key}': {self.message}" if self.key else f"{where}: {self.message}"
        # A key or quoted text may hold the very bidi control reported: shown raw, it would
        # reorder the message itself on the terminal.
        return escape_refused(text)


def display_path(path: Path | str) -> str:
    """Return `path` relative to the working directory when it lies under it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class BuildError(Exception):
    """A failure for the person running the build: a summary and every problem found, no traceback.

    The library raises these; the command line prints `render()` and exits with `exit_code`
    (1: the source, a locale, the rendering or a check; 2: how the command was used).
    """

    exit_code = 1

    def __init__(self, summary: str, problems: list[Problem] | None = None):
        self.summary = summary
        self.problems = list(problems or [])
        super().__init__(self.render())

    def render(self) -> str:
        lines = [self.summary]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class UsageError(BuildError):
    """The command asked for something that cannot be done as given (a port in use, say): exit 2."""

    exit_code = 2


class SourceError(BuildError):
    """The content or a locale file is malformed or incomplete."""


class RenderError(BuildError):
    """WeasyPrint reported a problem, or the layout broke the page budget."""


class CheckError(BuildError):
    """Reading a PDF back showed that it does not say what its locale says."""


class FileError(BuildError):
    """A file or folder could not be read or written: permissions, a full disk, a file that vanished."""


_IN_THE_WAY = {errno.EEXIST: "a file is where a folder is needed: move it away",
               errno.ENOTDIR: "a file is where a folder is needed on the way: move it away"}


def _os_path(name) -> str:
    if name in (None, ""):
        return "?"
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return display_path(name) if isinstance(name, (str, Path)) else str(name)


def file_error(exc: OSError, doing: str = "", after: str = "") -> FileError:
    """Turn an OSError into a FileError naming its path: '<path>: <doing>: <reason><after>'."""
    path = _os_path(exc.filename)
    if exc.filename2 not in (None, ""):
        path = f"{path} -> {_os_path(exc.filename2)}"
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in _IN_THE_WAY:  # say what the system's words leave to guess
        reason += f" ({_IN_THE_WAY[exc.errno]})"
    return FileError(f"{path}: {doing + ': ' if doing else ''}{reason}{after}")


def raise_if_errors(problems: list[Problem], summary: str, error_class=BuildError) -> None:
    """Raise `error_class` listing every error-severity problem, if there are any."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise error_class(summary.format(count=len(errors)), errors)
