"""GitHub Actions workflow commands that put an error (or a warning) on the run's page: on a file's
line (shown in the PR too), or, for an error that has no line, on the run itself.

The message and property values are escaped as the runner expects (`%`, CR and LF in the
message; also `:` and `,` in properties), so text from a file can never end the command early
or start a new one.
"""

from __future__ import annotations

from triage.errors import Problem
from triage.safe_text import log_line

_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def error_annotation(file: str, line: int, col: int, message: str) -> str:
    """`::error file=F,line=L,col=C::message`, escaped."""
    return _on_line("error", file, line, col, message)


def _on_line(kind: str, file: str, line: int, col: int, message: str) -> str:
    where = f"file={file.translate(_PROPERTY_ESCAPES)},line={line},col={col}"
    return f"::{kind} {where}::{message.translate(_DATA_ESCAPES)}"


def problem_annotation(problem: Problem) -> str:
    """A rules problem as an error on its file's line, its message one line safe in a log, as every
    command prints it: a line break or a terminal escape in a value it quotes (a key, a path) is
    left out of the run's page as it is out of the log."""
    message = log_line(f"{problem.key}: {problem.message}")
    return error_annotation(problem.file, problem.line, problem.col, message)


def warning_annotation(problem: Problem) -> str:
    """`problem_annotation`, as a warning: a thing that is valid but most likely not what was meant."""
    message = log_line(f"{problem.key}: {problem.message}")
    return _on_line("warning", problem.file, problem.line, problem.col, message)


def run_annotation(message: str) -> str:
    """`::error title=triage::message`, escaped: an error the run page shows beside "Process
    completed with exit code 1"."""
    return _on_the_run("error", message)


def warning_run_annotation(message: str) -> str:
    """`::warning title=triage::message`, escaped: a warning on the run's page, for a run that ends
    well all the same (a sweep that stopped and saved where the next run continues)."""
    return _on_the_run("warning", message)


def _on_the_run(kind: str, message: str) -> str:
    return f"::{kind} title=triage::{message.translate(_DATA_ESCAPES)}"
