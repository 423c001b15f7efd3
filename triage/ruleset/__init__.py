"""Loading a rules file: YAML nodes -> checked data -> `triage.model.Rules`, every problem at once.

rules = load_rules("rules/ownership.yaml")   # raises RulesError listing every problem
"""

from __future__ import annotations

import os

from triage.errors import RulesError
from triage.model import Rules
from triage.ruleset.build import build_rules
from triage.ruleset.schema import RULES
from triage.ruleset.walk import walk_document
from triage.ruleset.yamlnodes import YamlFileError, compose_file


def load_rules(path: str | os.PathLike[str]) -> Rules:
    source = os.fspath(path)
    try:
        root = compose_file(source)
    except YamlFileError as error:
        raise RulesError([error.problem]) from error
    walked = walk_document(root, RULES, source)
    rules = build_rules(walked)
    if walked.problems:
        raise RulesError(walked.problems)
    return rules


__all__ = ["RulesError", "load_rules"]
