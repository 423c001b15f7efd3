"""The shipped JSON Schema is generated from the loader's declaration, and the two agree.

JSON Schema cannot express some checks; the loader alone makes them (listed in LOADER_ONLY),
and for those fixtures the schema is shown to accept what the loader rejects, so the boundary
stays exactly as documented in triage/ruleset/json_schema.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs in the dev extras; used in this test only
import pytest
import yaml

from triage.errors import RulesError
from triage.ruleset import load_rules
from triage.ruleset.json_schema import render, rules_json_schema

ROOT = Path(__file__).parent.parent
SHIPPED = ROOT / "triage" / "schema" / "ownership.schema.json"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
GOOD = [*sorted((FIXTURES / "good").glob("*.yaml")), ROOT / "rules" / "ownership.yaml"]
NOT_YAML = {"syntax_error"}
LOADER_ONLY = {
    "duplicate_key": "YAML data keeps only the last of two equal keys",
    "duplicate_id": "uniqueness across the file",
    "duplicate_label": "uniqueness across the file, case-insensitive",
    "duplicate_previous_name": "uniqueness across the file",
    "invalid_glob": "git's glob syntax",
    "glob_invalid_range": "git's glob syntax",
    "negated_glob": "git's glob syntax",
    "glob_leading_dot_slash": "how triage reads paths in an issue",
    "glob_url": "how triage reads paths in an issue",
    "glob_empty_folder": "how triage reads paths in an issue",
    "glob_brace_expansion": "git's glob syntax",
    "glob_posix_class": "how pathspec and RE2 read git's glob syntax",
    "keyword_listed_twice": "comparing terms as matching does (case and spacing aside)",
    "glob_listed_twice": "uniqueness as matching compares terms, a string and a mapping alike",
    "regex_backreference": "RE2 compilation",
    "regex_lookahead": "RE2 compilation",
    "regex_repeat_too_many": "RE2 compilation",
    "regex_lookbehind": "RE2 compilation",
    "ask_regex_lookahead": "RE2 compilation",
    "regex_unbalanced": "RE2 compilation",
    "regex_matches_empty": "RE2 compilation",
    "regex_matches_nothing_but_a_boundary": "RE2 matching",
    "regex_any_byte": "RE2 syntax",
    "regex_double_quoted_word_boundary": "a check of the characters, with a hint about YAML escapes",
    "keyword_control_character": "a check of the characters, with a hint about YAML escapes",
    "path_repos_with_git_suffix": "a check of the name's end, with the name to write instead",
    "github_host_url": "how triage reads a link's host, with the host to write instead",
    "relative_link_without_base": "a link depends on another key",
    "link_not_web": "URL schemes (relative links are allowed)",
    "link_scheme_relative": "URL shapes (relative links are allowed)",
    "link_with_space": "URL characters (the format has no pattern for links)",
    "link_unbalanced_bracket": "whether urlsplit can read the host",
    "docs_base_without_host": "whether urlsplit finds a host",
    "docs_base_unbalanced_bracket": "whether urlsplit can read the host",
    "template_missing": "the file system",
    "template_folder": "the file system",
    "template_absolute": "a path checked against the rules file's folder",
    "template_outside": "the file system: `..` and symlinks resolved",
    "suggest_above_apply": "comparing two keys",
    "area_suggest_above_threshold": "comparing two keys",
    "area_threshold_below_suggest": "comparing two keys, one from the defaults",
}
BAD = sorted(path for path in (FIXTURES / "bad").glob("*.yaml") if path.stem not in NOT_YAML)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SHIPPED.read_text()))


def _data(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert SHIPPED.read_text() == render(), "run: python -m triage.ruleset.json_schema > " + str(SHIPPED)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    assert list(meta.iter_errors(rules_json_schema())) == []


def test_every_object_in_the_schema_forbids_unknown_keys() -> None:
    def objects(node: object) -> list[dict[str, Any]]:
        if isinstance(node, list):
            return [found for item in node for found in objects(item)]
        if not isinstance(node, dict):
            return []
        here = [node] if node.get("type") == "object" else []
        return here + [found for value in node.values() for found in objects(value)]

    found = objects(rules_json_schema())
    assert found
    assert all(schema["additionalProperties"] is False for schema in found)


def test_every_property_has_a_description() -> None:
    def properties(node: object) -> list[dict[str, Any]]:
        if isinstance(node, list):
            return [found for item in node for found in properties(item)]
        if not isinstance(node, dict):
            return []
        here = list(node.get("properties", {}).values())
        return here + [found for value in node.values() for found in properties(value)]

    assert all(prop.get("description") for prop in properties(rules_json_schema()))


@pytest.mark.parametrize("path", GOOD, ids=lambda path: path.name)
def test_schema_and_loader_both_accept_good_rules(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    load_rules(path)
    assert list(validator.iter_errors(_data(path))) == []


@pytest.mark.parametrize("path", [p for p in BAD if p.stem not in LOADER_ONLY], ids=lambda path: path.stem)
def test_schema_and_loader_both_reject_bad_rules(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    with pytest.raises(RulesError):
        load_rules(path)
    assert list(validator.iter_errors(_data(path))) != []


@pytest.mark.parametrize("path", [p for p in BAD if p.stem in LOADER_ONLY], ids=lambda path: path.stem)
def test_only_the_loader_rejects_what_json_schema_cannot_express(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    with pytest.raises(RulesError):
        load_rules(path)
    assert list(validator.iter_errors(_data(path))) == []


def test_every_loader_only_fixture_exists() -> None:
    assert set(LOADER_ONLY) <= {path.stem for path in BAD}
