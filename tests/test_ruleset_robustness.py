"""Whatever a rules file holds, loading it gives Rules or a RulesError: never another exception."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.errors import RulesError
from triage.ruleset import load_rules

KEYS = [
    "version", "docs_base", "docs_strip", "fallback_label", "weights", "thresholds", "comment", "teams",
    "id", "name", "label", "color", "description", "previous_names", "docs", "title", "url",
    "keywords", "patterns", "paths", "repos", "fields", "values", "exclude", "note", "threshold",
    "suggest", "areas", "term", "case_sensitive", "weight", "apply", "team", "template", "on_no_match",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "ops", "a/b", "5319e7", "../x.md", "https://e.com/", "(a)\\1", "!x", "[z-a]"]),
    st.text(max_size=8),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), children, max_size=6),
    ),
    max_leaves=30,
)


GOOD = yaml.safe_load((Path(__file__).parent / "fixtures" / "rules" / "good" / "full.yaml").read_text())


def _outcome(path: Path) -> str:
    try:
        load_rules(path)
    except RulesError as error:
        return "problems" if error.problems else "an empty RulesError"
    return "rules"


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    children: list[tuple[object, object]] = []
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    return [prefix, *(path for key, child in children for path in _paths(child, (*prefix, key)))]


def _replaced(document: object, path: tuple[object, ...], value: object) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {**document, head: _replaced(document[head], rest, value)}
    assert isinstance(document, list)
    assert isinstance(head, int)
    return [_replaced(item, rest, value) if i == head else item for i, item in enumerate(document)]


SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(document=DOCUMENTS)
def test_any_yaml_document_loads_or_is_reported(tmp_path: Path, document: object) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text(yaml.safe_dump(document))
    assert _outcome(path) in {"rules", "problems"}


@SETTINGS
@given(where=st.sampled_from(_paths(GOOD)), value=DOCUMENTS)
def test_a_valid_file_with_any_one_value_replaced_loads_or_is_reported(
    tmp_path: Path, where: tuple[object, ...], value: object
) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text(yaml.safe_dump(_replaced(GOOD, where, value)))
    assert _outcome(path) in {"rules", "problems"}


@SETTINGS
@given(text=st.text(max_size=200))
def test_any_text_loads_or_is_reported(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ownership.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert _outcome(path) in {"rules", "problems"}
