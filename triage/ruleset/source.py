"""Reading a rules file's text, without importing the YAML parser (a cached load never parses)."""

from __future__ import annotations

from triage.bounded_read import MiB, read_bounded
from triage.errors import Problem

FILE_KEY = "(file)"
"""The key path of a problem about the whole file (unreadable, not YAML, not a mapping)."""


class YamlFileError(Exception):
    """A file that could not be read or parsed; carries the one problem to report."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


MAX_BYTES = 10 * MiB
"""Far past any rules or cases file; enough to stop `--rules /dev/zero` from filling memory."""


def read_source(source: str) -> str:
    try:
        return read_bounded(source, MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise YamlFileError(Problem(source, 1, 1, FILE_KEY, f"cannot read: {_reason(error)}")) from error


def _reason(error: OSError | UnicodeDecodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    return error.strerror or str(error)
