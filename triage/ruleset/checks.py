"""Checks of single values that only running the real matcher's compiler can make.

They stand in the rules schema as `check=` callables; JSON Schema cannot express them, so an
editor will not flag these mistakes: `triage check` will.
"""

from __future__ import annotations

import re

import re2
from pathspec.patterns.gitignore import GitIgnorePatternError
from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern


def _re2_options() -> object:
    options = re2.Options()
    options.log_errors = False  # RE2 would also log each failure to stderr; we report it ourselves
    return options


def regex_problem(source: str) -> str | None:
    """RE2's own reason a pattern does not compile (backreferences and lookaround never do)."""
    try:
        compiled = re2.compile(source, _re2_options())
    except re2.error as error:
        return f"RE2 cannot compile this pattern: {_re2_reason(error)}"
    if compiled.search("") is not None:
        return "the pattern matches an empty string, so it would match every issue"
    return None


def _re2_reason(error: Exception) -> str:
    reason = error.args[0] if error.args else error
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def glob_problem(glob: str) -> str | None:
    """Git's own reading of a gitignore-style glob: invalid, a no-op, or a negation."""
    try:
        pattern = GitIgnoreSpecPattern(glob)
    except GitIgnorePatternError:
        return f'"{glob}" is not a valid gitignore-style glob'
    except re.error as error:  # pathspec compiles some bad ranges straight to Python's re
        return f'"{glob}" is not a valid gitignore-style glob: {error.msg}'
    if pattern.include is None:
        return f'"{glob}" matches nothing: git reads it as a comment, a blank or an invalid range'
    if not pattern.include:
        return f'"{glob}" is a negation, which matches nothing on its own: list the paths to match'
    return None
