"""The JSON record of a classification: `record_json` writes exactly what `json.dumps(record(...))` would."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.explain import record, record_json
from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Classification,
    Evidence,
    Issue,
    Label,
    Matchers,
    Team,
    TeamResult,
)

from .render_builders import area, classify_as, evidence, rules, team

_TEXT = st.text(max_size=8)
_NUMBER = st.floats() | st.integers(-3, 3)
_LABELS = st.builds(Label, name=_TEXT, color=st.just("ededed"), description=st.just(""))
_EVIDENCE = st.builds(
    Evidence,
    team_id=_TEXT,
    area_id=st.none() | _TEXT,
    kind=st.sampled_from(["keyword", "pattern", "path", "repo", "field", "exclude"]),
    term=_TEXT,
    text=_TEXT,
    where=st.sampled_from(["title", "body"]),
    line=st.integers(0, 500),
    weight=_NUMBER,
)
_AREAS = st.builds(
    Area,
    id=_TEXT,
    team_id=_TEXT,
    name=_TEXT,
    label=_LABELS,
    matchers=st.just(Matchers()),
    docs=st.just(()),
    note=st.none(),
    threshold=st.just(3.0),
    suggest=st.just(2.0),
)
_AREA_RESULTS = st.builds(
    AreaResult,
    area=_AREAS,
    score=_NUMBER,
    status=st.sampled_from(AreaStatus),
    evidence=st.lists(_EVIDENCE, max_size=2).map(tuple),
)
_TEAMS = st.builds(
    Team,
    id=_TEXT,
    name=_TEXT,
    label=_LABELS,
    docs=st.just(()),
    matchers=st.just(Matchers()),
    threshold=st.just(3.0),
    areas=st.just(()),
)
_TEAM_RESULTS = st.builds(
    TeamResult,
    team=_TEAMS,
    score=_NUMBER,
    applied=st.booleans(),
    areas=st.lists(_AREA_RESULTS, max_size=3).map(tuple),
    evidence=st.lists(_EVIDENCE, max_size=2).map(tuple),
)
_CLASSIFICATIONS = st.builds(
    Classification,
    issue=st.builds(
        Issue, title=st.text(), body=st.just(""), number=st.none() | st.integers(1), url=st.none() | st.text()
    ),
    teams=st.lists(_TEAM_RESULTS, max_size=3).map(tuple),
    fallback=st.none() | _LABELS,
)


@settings(max_examples=300, deadline=None)
@given(_CLASSIFICATIONS, st.none() | st.text())
def test_record_json_is_the_record_as_json_dumps_writes_it(
    classification: Classification, deferred_to: str | None
) -> None:
    expected = json.dumps(record(classification, deferred_to), ensure_ascii=False)
    assert record_json(classification, deferred_to) == expected


def test_record_json_of_a_plain_classification() -> None:
    the_rules = rules(team("distribution", area("kubernetes"), area("helm")), fallback="needs-owner")
    found = classify_as(
        the_rules, {"kubernetes": [evidence(text='kubectl "apply" ✓')]}, suggested={"helm": []}
    )
    expected = json.dumps(record(found), ensure_ascii=False)
    assert record_json(found) == expected
    assert json.loads(expected)["labels"] == ["team/distribution", "distribution/kubernetes"]
    nothing = classify_as(the_rules, issue=Issue("Nothing here", "", number=3, url="https://e.com/3"))
    assert record_json(nothing) == json.dumps(record(nothing), ensure_ascii=False)


def test_record_json_is_the_same_when_its_evidence_cache_overflows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("triage.explain._EVIDENCE_HEADS_MAX", 1)
    the_rules = rules(team("distribution", area("kubernetes"), area("helm")))
    found = classify_as(
        the_rules, {"kubernetes": [evidence(text="a")], "helm": [evidence(text="b", term="t")]}
    )
    expected = json.dumps(record(found), ensure_ascii=False)
    assert [record_json(found) for _ in range(3)] == [expected] * 3
