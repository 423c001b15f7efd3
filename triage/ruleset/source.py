"""Reading a rules file's text, without importing the YAML parser (a cached load never parses)."""

from __future__ import annotations

from triage.bounded_read import MiB, place_of_byte, read_bounded
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


def read_source(source: str, key: str = FILE_KEY) -> str:
    """The text of a file the rules name (the rules, their cases, a comment template); `key`: the
    key path its problems are reported under."""
    try:
        data = read_bounded(source, MAX_BYTES)
    except OSError as error:
        reason = error.strerror or str(error)
        if source == "-":  # as `--input -` reads stdin, but a rules or cases file is read from a path
            reason += " (a rules, cases or template file is read from a path, never from stdin)"
        elif isinstance(error, FileNotFoundError):
            reason += near_name_hint(source)
        raise YamlFileError(Problem(source, 1, 1, key, f"cannot read: {reason}")) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlFileError(not_utf8_problem(source, data, error.start, key)) from error


_NAMES_LOOKED_AT = 10_000
"""Enough for any folder rules are kept in; a folder of millions is not listed to the end."""


def near_name_hint(source: str) -> str:
    """`: did you mean rules/ownership.yaml?` for `rules/ownership.yml` or `rules/onwership.yaml`;
    "" when no name of its folder is close."""
    near = near_name(source)
    return f": did you mean {near}?" if near is not None else ""


def near_name(source: str) -> str | None:
    """A file of `source`'s folder whose name is close to its name (a YAML file's, for a YAML file),
    as a path written as `source` is; None when none is."""
    import difflib  # noqa: PLC0415 - only for a file not found
    import itertools  # noqa: PLC0415
    import os  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    folder, name = os.path.split(source)
    yaml_only = name.endswith(_YAML_SUFFIXES)
    try:
        with os.scandir(folder or ".") as entries:
            names = [
                entry.name
                for entry in itertools.islice(entries, _NAMES_LOOKED_AT)
                if entry.is_file() and (entry.name.endswith(_YAML_SUFFIXES) or not yaml_only)
            ]
    except OSError:
        return None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return str(Path(folder) / close[0]) if close else None


_YAML_SUFFIXES = (".yaml", ".yml")


def not_utf8_problem(source: str, data: bytes, start: int, key: str = FILE_KEY) -> Problem:
    """At the first byte that is not UTF-8 (`start`), as an editor counts lines and columns: one
    stray Latin-1 letter can be anywhere in the file."""
    line, column = place_of_byte(data, start)
    message = f"cannot read: not UTF-8 text (byte 0x{data[start]:02X} here): save the file as UTF-8"
    return Problem(source, line, column, key, message)
