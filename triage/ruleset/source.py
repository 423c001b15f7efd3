"""Reading a rules file's text, without importing the YAML parser (a cached load never parses)."""

from __future__ import annotations

from triage.bounded_read import MiB, place_of_byte, read_bounded
from triage.errors import Problem
from triage.near_names import missing_file_hint

FILE_KEY = "(file)"
"""The key path of a problem about the whole file (unreadable, not YAML, not a mapping)."""


class YamlFileError(Exception):
    """A file that could not be read or parsed; carries the one problem to report."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


MAX_BYTES = 10 * MiB
"""Far past any rules or cases file; enough to stop `--rules /dev/zero` from filling memory."""


def read_source(source: str, key: str = FILE_KEY) -> str:
    """The text of a file the rules name (the rules, their cases, a comment template); `key`: the
    key path its problems are reported under."""
    try:
        data = read_bounded(source, MAX_BYTES)
    except OSError as error:
        reason = error.strerror or str(error)
        if source == "-":  # as `--input -` reads stdin, but a rules or cases file is read from a path
            reason += " (a rules, cases or template file is read from a path, never from stdin)"
        else:
            reason += missing_file_hint(source, error)
        raise YamlFileError(Problem(source, 1, 1, key, f"cannot read: {reason}")) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(not_utf8_problem(source, data, error.start, key)) from error


def not_utf8_problem(source: str, data: bytes, start: int, key: str = FILE_KEY) -> Problem:
    """At the first byte that is not UTF-8 (`start`), as an editor counts lines and columns: one
    stray Latin-1 letter can be anywhere in the file."""
    line, column = place_of_byte(data, start)
    message = f"cannot read: not UTF-8 text (byte 0x{data[start]:02X} here): save the file as UTF-8"
    return Problem(source, line, column, key, message)
