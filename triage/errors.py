"""Errors a user can act on (exit 1 with a clean message) apart from bugs (exit 3, traceback).

The message text is part of the interface: tests assert it whole.
"""

# No `from __future__ import annotations`: it makes NamedTuples slow to define (see triage.model).

from typing import NamedTuple

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_RATE_LIMITED = 4
"""A batch stopped cleanly between two issues (rate limit, or its time limit) and says how to resume."""


class TriageError(Exception):
    """Something the user can fix: printed as `triage: <message>`, exit 1."""

    exit_code = EXIT_USER_ERROR
    write_may_have_landed: bool = False
    """Set on the error that ends a write one of whose attempts got a 5xx or no answer at all:
    GitHub may have made the change all the same, which a message saying what was written names."""


class Problem(NamedTuple):
    """One thing wrong in a file, located by line and column (1-based) and key path."""

    file: str
    line: int
    col: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.key}: {self.message}"


class RulesError(TriageError):
    """A rules file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.key, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class RelayedError(TriageError):
    """A `TriageError` raised in a worker process (`triage.workers`), relayed by message and exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class InputError(TriageError):
    """An issue, event payload or input file that cannot be read."""


class UsageError(TriageError):
    """Options that do not go together, found after parsing (`--body` without `--title`): exit 2,
    as the command lines argparse itself refuses (`--title` with `--file`)."""

    exit_code = EXIT_USAGE


class GitHubError(TriageError):
    """GitHub refused a request in a way retrying will not fix (401, 403, 404, 410, 422...)."""


class WrongBotLoginError(GitHubError):
    """The token writes as another login than the bot login triage was given: it would not know its
    own comment or labels again, so every later run would post another. Fails the run, not an issue."""


class RateLimitStop(TriageError):  # noqa: N818 - a clean, resumable stop, not a failure
    """A run stopped cleanly because the rate-limit budget could not be met; says how to resume."""

    exit_code = EXIT_RATE_LIMITED
    wrote: bool = False
    """Set when the stop came after some of an issue's writes, or one GitHub may have made all the
    same (`write_may_have_landed`), which its message names with the run that finishes them."""
    not_before: str | None = None
    """When the wait the run would not make ends (`2024-05-01 13:55 UTC`): a run started sooner meets
    the same limit, and for GitHub's hourly window of writes does not know this run used it."""


def not_before_clause(moment: str | None) -> str:
    """`, not before MOMENT` for a hint to run again after a stop (`RateLimitStop.not_before`); empty
    when the stop names no moment (a time limit or an interrupt after few writes)."""
    return f", not before {moment}" if moment else ""
