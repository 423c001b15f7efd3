"""A classification shown: its JSON record (`record_json` writes exactly what `json.dumps(record(...))`
would) and its text report."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rules_builders import area as area_of
from tests.rules_builders import rules as rules_of
from tests.rules_builders import team as team_of
from tests.rules_builders import term
from triage.classify import Classifier, classify, compile_rules
from triage.comment_view import reason
from triage.explain import record, record_json, text_report
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
from triage.ruleset import load_rules
from triage.safe_text import ZWJ

from .render_builders import area, classify_as, evidence, rules, team

_TEXT = st.text(max_size=8)
_NUMBER = st.floats() | st.integers() | st.booleans()
"""Odd numbers too (NaN, infinities, -0.0, booleans, integers past a float's precision): the record
writes the classifier's own (exact ints, finite floats) without `json`, everything else as it would."""
_LABELS = st.builds(Label, name=_TEXT, color=st.just("ededed"), description=st.just(""))
_EVIDENCE = st.builds(
    Evidence,
    team_id=_TEXT,
    area_id=st.none() | _TEXT,
    kind=st.sampled_from(["keyword", "pattern", "path", "repo", "field", "exclude"]),
    term=_TEXT,
    text=_TEXT,
    where=st.sampled_from(["title", "body"]),
    line=st.integers(0, 500) | st.booleans(),
    weight=_NUMBER,
)
_AREAS = st.builds(
    Area,
    id=_TEXT,
    team_id=st.just("team"),
    name=st.just("Area"),
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
    name=st.just("Team"),
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


@settings(max_examples=100, deadline=None)
@given(_CLASSIFICATIONS, st.none() | st.text())
def test_record_json_is_the_record_as_json_dumps_writes_it(
    classification: Classification, deferred_to: str | None
) -> None:
    """Names neither record reads (a team's or area's name, an area's team) are fixed, and 100
    examples drawn: 300 of the full tree took 16 s of CPU and caught no break of `record_json` that
    these miss (tried: the first score kept for an id given twice, a team with areas named as
    suggested, the fallback left out beside other labels, a bool written by `repr`)."""
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


def test_record_json_is_the_same_when_its_evidence_tail_cache_overflows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("triage.explain._EVIDENCE_TAILS_MAX", 1)
    the_rules = rules(team("distribution", area("kubernetes"), area("helm")))
    found = classify_as(
        the_rules,
        {"kubernetes": [evidence(text="a", line=2)], "helm": [evidence(text="b", term="t", line=3)]},
    )
    expected = json.dumps(record(found), ensure_ascii=False)
    assert [record_json(found) for _ in range(3)] == [expected] * 3


@pytest.mark.parametrize("weights", [(0.0, -0.0, 0.0), (2.0, 2, 2.0), (1.0, True, 1.0)])
def test_record_json_writes_each_weight_as_its_own_type_and_sign_after_an_equal_one(
    weights: tuple[float, ...],
) -> None:
    the_rules = rules(team("distribution", area("kubernetes")))
    for weight in weights:
        found = classify_as(the_rules, {"kubernetes": [evidence(text="a", line=1)._replace(weight=weight)]})
        assert record_json(found) == json.dumps(record(found), ensure_ascii=False)


def test_a_record_names_only_applied_teams_and_only_suggested_areas_as_suggested() -> None:
    the_rules = rules(
        team("distribution", area("kubernetes"), area("helm"), area("docker")),
        team("search", area("zoekt", team_id="search")),
    )
    distribution, search = the_rules.teams
    kubernetes, helm, docker = distribution.areas
    found = Classification(
        issue=Issue(title="An issue", body=""),
        teams=(
            TeamResult(
                distribution,
                5.0,
                True,
                (
                    AreaResult(kubernetes, 4.0, AreaStatus.APPLIED, ()),
                    AreaResult(helm, 1.0, AreaStatus.BELOW, ()),
                    AreaResult(docker, 0.0, AreaStatus.EXCLUDED, ()),
                ),
                (),
            ),
            TeamResult(search, 2.0, False, (AreaResult(search.areas[0], 2.0, AreaStatus.SUGGESTED, ()),), ()),
        ),
    )
    shown = record(found)
    assert (shown["labels"], shown["teams"], shown["areas"], shown["suggested"]) == (
        ["team/distribution", "distribution/kubernetes"],
        ["distribution"],
        ["kubernetes"],
        ["zoekt"],
    )


NETWORK_AND_OPS = rules_of(
    team_of("network", keywords=["ingress"]), team_of("ops", area_of("k8s", keywords=["kubectl"]))
)


def test_a_record_names_a_suggested_team_of_no_areas_as_suggested_beside_suggested_areas() -> None:
    found = classify(NETWORK_AND_OPS, Issue(title="ingress and kubectl", body=""))
    shown = record(found)
    assert (shown["labels"], shown["teams"], shown["suggested"]) == ([], [], ["network", "k8s"])
    assert record_json(found) == json.dumps(shown, ensure_ascii=False)


def test_the_text_report_says_a_team_of_no_areas_is_suggested_with_its_suggest_threshold() -> None:
    found = classify(NETWORK_AND_OPS, Issue(title="ingress", body=""))
    assert "  team network: score 2, suggested (threshold 3, suggest 2)" in text_report(found).splitlines()


def test_a_record_lists_a_teams_own_evidence_before_its_areas() -> None:
    found = classify_as(
        rules(team("distribution", area("kubernetes"))),
        {"kubernetes": [evidence(text="kustomize")]},
        team_evidence=[evidence("repo", "sourcegraph/deploy", area_id=None)],
    )
    listed = record(found)["evidence"]
    assert isinstance(listed, list)
    assert [(e["area"], e["text"]) for e in listed] == [
        (None, "sourcegraph/deploy"),
        ("kubernetes", "kustomize"),
    ]


_DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules" / "ownership.yaml"
_WORDS = st.sampled_from(
    ["kubectl", "helm chart", "docker-compose", "Grafana", "cmd/frontend/main.go", "deploy-sourcegraph"]
)
_ISSUE_TEXT = st.lists(_WORDS | st.text(max_size=12), max_size=12).map(" ".join)


@cache
def _default_classifier() -> Classifier:
    return compile_rules(load_rules(_DEFAULT_RULES))


@settings(max_examples=200, deadline=None)
@given(
    title=_ISSUE_TEXT,
    body=st.lists(_ISSUE_TEXT, max_size=4).map("\n".join),
    number=st.none() | st.integers(1),
    url=st.none() | st.text(),
    deferred_to=st.none() | st.text(),
)
def test_record_json_of_what_the_classifier_makes_is_the_record_as_json_dumps_writes_it(
    title: str, body: str, number: int | None, url: str | None, deferred_to: str | None
) -> None:
    found = _default_classifier().classify(Issue(title, body, number=number, url=url))
    assert record_json(found, deferred_to) == json.dumps(record(found, deferred_to), ensure_ascii=False)


def test_record_json_names_each_rules_own_labels_for_teams_and_areas_of_the_same_ids() -> None:
    first = rules(team("distribution", area("kubernetes")))
    (kubernetes,) = first.teams[0].areas
    renamed = kubernetes._replace(label=kubernetes.label._replace(name="k8s"))
    distribution = first.teams[0]
    second = rules(distribution._replace(label=distribution.label._replace(name="dist"), areas=(renamed,)))
    shown = [
        json.loads(record_json(classify_as(the_rules, {"kubernetes": [evidence()]})))["labels"]
        for the_rules in (first, second, first)
    ]
    assert shown == [["team/distribution", "distribution/kubernetes"], ["dist", "k8s"], shown[0]]


def test_record_json_is_the_same_when_its_rules_cache_overflows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("triage.explain._RULES_JSON_MAX", 1)
    found = classify_as(
        rules(team("distribution", area("kubernetes"), area("helm"))),
        {"kubernetes": [evidence(text="a")]},
        suggested={"helm": [evidence(text="b", term="t", area_id="helm")]},
    )
    expected = json.dumps(record(found), ensure_ascii=False)
    assert [record_json(found) for _ in range(3)] == [expected] * 3


def test_record_json_writes_a_subclass_of_str_as_json_dumps_writes_a_str() -> None:
    class Title(str):
        pass

    found = classify_as(rules(team("distribution")), issue=Issue(title=Title("Déploiement ✓"), body=""))
    assert record_json(found) == json.dumps(record(found), ensure_ascii=False)


def test_the_text_report_lists_labels_then_each_team_and_area_with_score_status_limits_and_evidence() -> None:
    found = classify_as(
        rules(team("distribution", area("kubernetes"), area("helm"))),
        {
            "kubernetes": [
                evidence(text="kustomize"),
                evidence("path", "deploy/a.yaml", term="deploy/**", where="body", line=12),
            ]
        },
        suggested={"helm": [evidence(text="chart", where="body", line=3)]},
        team_evidence=[evidence("repo", "sourcegraph/deploy", area_id=None)],
        issue=Issue(title="Deploy fails", body="", number=7, url="https://github.com/o/r/issues/7"),
    )
    assert text_report(found) == (
        "#7 Deploy fails <https://github.com/o/r/issues/7>\n"
        "labels: team/distribution, distribution/kubernetes\n"
        "  team distribution: score 5, applied (threshold 3)\n"
        '    repo     title     +2    sourcegraph/deploy: "sourcegraph/deploy"\n'
        "    area kubernetes: score 4, applied (threshold 3, suggest 2)\n"
        '      keyword  title     +2    kustomize: "kustomize"\n'
        '      path     body:12   +2    deploy/**: "deploy/a.yaml"\n'
        "    area helm: score 2, suggested (threshold 3, suggest 2)\n"
        '      keyword  body:3    +2    chart: "chart"\n'
    )


def test_the_text_report_says_when_a_team_is_not_applied() -> None:
    found = classify_as(
        rules(team("distribution", area("helm"))), suggested={"helm": [evidence(text="chart")]}
    )
    assert "  team distribution: score 5, not applied (threshold 3)" in text_report(found).splitlines()


def test_the_text_report_of_an_issue_with_no_labels_and_no_evidence_says_so() -> None:
    found = classify_as(rules(team("distribution")), issue=Issue(title="Typo in the README", body=""))
    assert text_report(found) == "Typo in the README\nlabels: (none)\nno team or area has any evidence\n"


def test_issue_text_in_the_text_report_stays_on_its_line_and_is_no_workflow_command() -> None:
    found = classify_as(
        rules(team("distribution", area("kubernetes"))),
        {"kubernetes": [evidence(text="kubectl\n::warning::boom", term="kubectl", where="body", line=2)]},
        issue=Issue(title="Deploy\n::error::fails", body="", number=7, url="https://e.com/7\n::error::x"),
    )
    assert text_report(found).splitlines() == [
        f"#7 Deploy :{ZWJ}:error:{ZWJ}:fails <https://e.com/7 ::error::x>",
        "labels: team/distribution, distribution/kubernetes",
        "  team distribution: score 5, applied (threshold 3)",
        "    area kubernetes: score 4, applied (threshold 3, suggest 2)",
        f'      keyword  body:2    +2    kubectl: "kubectl :{ZWJ}:warning:{ZWJ}:boom"',
    ]


@pytest.mark.parametrize("label", ["search/zoekt", ""])
def test_the_text_report_first_says_the_issue_is_left_alone_whatever_the_deferring_label_is_named(
    label: str,
) -> None:
    """An input's labels may hold an empty name, and `defer_to: ["*"]` matches it."""
    found = classify_as(rules(team("distribution")), issue=Issue(title="Search is slow", body=""))
    assert text_report(found, deferred_to=label).splitlines()[1] == (
        f"left alone as another owner's: labelled {label} (rules: defer_to), so `triage run` writes nothing; "
        "what the rules give its title and body:"
    )


def test_a_long_match_is_quoted_alike_in_the_explanation_and_the_comment() -> None:
    pattern = term(r"docker run .*sourcegraph/server\S*")
    server = rules_of(team_of("ops", area_of("server", patterns=[pattern])))
    command = "docker run -d -p 7080:7080 " + "-v ~/.sourcegraph/config:/etc/sourcegraph " * 3
    found = classify(server, Issue(title="", body=f"we ran\n\n    {command}sourcegraph/server:3.20 @admins"))
    [matched] = found.evidence
    quoted = reason(matched).split("`")[1]
    assert quoted.endswith("sourcegraph/server:3.20")
    assert f': "{quoted}"' in text_report(found)
