"""The rules a command loads, by default `rules/ownership.yaml` in the current folder: outside a
checkout of the rules, or in a subfolder of one, the error says so and how to name another file."""

from pathlib import Path

from triage.errors import InputError, RulesError
from triage.model import Rules
from triage.ruleset import DEFAULT_RULES, load_rules


def load_rules_from(path: str, flag: str = "--rules") -> Rules:
    """`load_rules(path)`; `flag` is the option that names another file than the default."""
    try:
        return load_rules(path)
    except RulesError as error:
        hint = missing_default_hint(path, flag)
        if hint is None:
            raise
        raise InputError(f"{error}: {hint}") from None


def missing_default_hint(path: str, flag: str) -> str | None:
    """What to do when `path` is the default and names nothing; None otherwise."""
    if path != DEFAULT_RULES or Path(path).exists():
        return None
    try:
        here = f" ({Path.cwd()})"
    except OSError:  # the current folder was deleted
        here = ""
    where = f"the default rules file, {DEFAULT_RULES}, is read from the current folder{here}"
    return f"{where}: pass {flag} PATH to read another"
