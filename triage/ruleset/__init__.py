"""Loading a rules file: YAML nodes -> checked data -> `triage.model.Rules`, every problem at once.

rules = load_rules("rules/ownership.yaml")   # raises RulesError listing every problem

Rules that loaded before from the same text are read back from the user's cache (`cache.py`):
the YAML parser and the checks are imported only when a file is really parsed.
"""

from __future__ import annotations

import os

from triage.errors import RulesError
from triage.model import Rules
from triage.ruleset.cache import cache_path, cached_rules, store_rules
from triage.ruleset.source import YamlFileError, read_source

DEFAULT_RULES = "rules/ownership.yaml"
"""Where every command looks for the rules file unless `--rules` (or `--new`) says otherwise."""


def load_rules(path: str | os.PathLike[str], *, cached: bool = True) -> Rules:
    """`cached=False` for a file read once under a name never seen again (`triage diff --old REF`
    writes the old rules to a temporary file): stored, it would only push out entries of use."""
    source = os.fspath(path)
    try:
        text = read_source(source)
    except YamlFileError as error:
        raise RulesError([error.problem]) from error
    if not cached:
        return parse_rules(source, text)
    stored = cache_path(source, text)
    rules = cached_rules(stored)
    if rules is None:
        rules = parse_rules(source, text)
        store_rules(stored, rules)
    return rules


def parse_rules(source: str, text: str) -> Rules:
    """The full load: parse, check every value, build; raises RulesError with every problem."""
    # Imported here: PyYAML, pathspec and the checker cost ~40 ms, which a cached load skips.
    from triage.ruleset.build import build_rules  # noqa: PLC0415
    from triage.ruleset.schema import RULES  # noqa: PLC0415
    from triage.ruleset.walk import walk_document  # noqa: PLC0415
    from triage.ruleset.yamlnodes import compose_text  # noqa: PLC0415

    try:
        root = compose_text(text, source)
    except YamlFileError as error:
        raise RulesError([error.problem]) from error
    walked = walk_document(root, RULES, source, text)
    rules = build_rules(walked)
    if walked.problems:
        raise RulesError(walked.problems)
    return rules


__all__ = ["DEFAULT_RULES", "RulesError", "load_rules"]
