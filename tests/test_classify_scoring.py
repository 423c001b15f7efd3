"""How evidence becomes labels: the README's "How an issue is scored", one rule per test."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.rules_builders import area, field, rules, team, term
from triage.classify import classify
from triage.classify.finder import Hit
from triage.classify.scoring import in_order
from triage.model import AreaStatus, Classification, Issue, Rules, Weights

OPS = rules(
    team(
        "ops",
        area("k8s", keywords=["kubectl", term("kustomize", weight=2)], paths=["deploy/**"]),
        area("compose", keywords=["compose"], fields=[field("Deployment", "docker")]),
        keywords=["ops team"],
    ),
    team("search", area("zoekt", keywords=["zoekt"])),
    fallback="needs-triage",
)


def run(title: str = "", body: str = "", the_rules: Rules = OPS) -> Classification:
    return classify(the_rules, Issue(title=title, body=body))


def area_score(found: Classification, area_id: str) -> float:
    return next(a.score for t in found.teams for a in t.areas if a.area.id == area_id)


def test_title_match_weighs_more_than_body_match() -> None:
    assert area_score(run(title="kubectl"), "k8s") == 2.0
    assert area_score(run(body="kubectl"), "k8s") == 1.0


def test_a_term_counts_once_per_place_however_often_it_appears() -> None:
    assert area_score(run(title="kubectl kubectl", body="kubectl\nkubectl\nkubectl"), "k8s") == 3.0


@pytest.mark.parametrize(
    ("body", "weight"),
    [
        ("kustomize", 2.0),
        ("`deploy/x.yaml`", 2.0),
        ("### Deployment\n\ndocker", 3.0),
    ],
)
def test_evidence_weighs_kind_times_place_times_term(body: str, weight: float) -> None:
    [evidence] = run(body=body).evidence
    assert evidence.weight == weight


def test_weights_come_from_the_rules() -> None:
    heavy = rules(team("ops", area("k8s", keywords=["kubectl"])), weights=Weights(title=5, keyword=2))
    assert run(title="kubectl", the_rules=heavy).evidence[0].weight == 10.0


@pytest.mark.parametrize(
    ("title", "body", "status"),
    [
        ("kubectl", "kustomize", AreaStatus.APPLIED),
        ("kubectl", "", AreaStatus.SUGGESTED),
        ("", "kubectl", AreaStatus.BELOW),
    ],
)
def test_area_status_follows_its_thresholds(title: str, body: str, status: AreaStatus) -> None:
    [k8s] = run(title, body).teams[0].areas
    assert k8s.status is status


def test_an_area_threshold_overrides_the_default() -> None:
    strict = rules(team("ops", area("k8s", keywords=["kubectl"], threshold=5, suggest=4)))
    [k8s] = run(title="kubectl", body="kubectl", the_rules=strict).teams[0].areas
    assert (k8s.score, k8s.status) == (3.0, AreaStatus.BELOW)


def test_an_applied_area_applies_its_team() -> None:
    assert run(title="kustomize").labels == ("team/ops", "ops/k8s")


def test_evidence_split_across_areas_applies_the_team_label_alone() -> None:
    found = run(title="compose", body="kustomize")
    assert [a.status for a in found.teams[0].areas] == [AreaStatus.SUGGESTED, AreaStatus.SUGGESTED]
    assert found.labels == ("team/ops",)


def test_team_level_terms_can_apply_the_team_alone() -> None:
    found = run(title="ops team", body="ops team")
    assert (found.teams[0].areas, found.labels) == ((), ("team/ops",))


def test_a_vetoed_area_does_not_count_towards_its_team() -> None:
    vetoing = rules(team("ops", area("k8s", keywords=["kubectl"], exclude=["minikube"]), keywords=["ops"]))
    found = run(title="kubectl", body="ops minikube", the_rules=vetoing)
    assert (found.teams[0].score, found.labels) == (1.0, ())


def test_no_team_applied_gets_the_fallback_label() -> None:
    assert run(body="kubectl").labels == ("needs-triage",)
    assert run(body="nothing to see").labels == ("needs-triage",)


def test_an_applied_team_gets_no_fallback() -> None:
    assert run(title="kustomize").fallback is None


def test_rules_without_a_fallback_give_no_label() -> None:
    bare = rules(team("ops", area("k8s", keywords=["kubectl"])))
    assert run(body="nothing", the_rules=bare).labels == ()


NETWORK_AND_OPS = rules(
    team("network", keywords=["ingress", "dns"], exclude=["vpn"]),
    team("ops", area("k8s", keywords=["kubectl"]), keywords=["ops team"]),
    fallback="needs-triage",
)


@pytest.mark.parametrize(
    ("title", "body", "suggested"),
    [
        ("ingress", "", True),
        ("", "ingress", False),
        ("ingress dns", "", False),
    ],
)
def test_a_team_of_no_areas_is_suggested_from_its_suggest_threshold_up_to_its_own(
    title: str, body: str, suggested: bool
) -> None:
    [network] = run(title, body, the_rules=NETWORK_AND_OPS).teams
    assert network.suggested is suggested


def test_a_team_of_no_areas_is_suggested_at_a_suggest_of_its_own() -> None:
    strict = rules(team("network", keywords=["ingress", "dns"], threshold=5, suggest=4), team("ops"))
    assert run(title="ingress", the_rules=strict).suggested_teams == ()
    assert [t.team.id for t in run(title="ingress dns", the_rules=strict).suggested_teams] == ["network"]


def test_a_vetoed_team_of_no_areas_is_not_suggested() -> None:
    assert run(title="ingress", body="vpn", the_rules=NETWORK_AND_OPS).suggested_teams == ()


def test_a_team_with_areas_is_never_suggested_on_its_own_terms() -> None:
    [ops] = run(title="ops team", the_rules=NETWORK_AND_OPS).teams
    assert (ops.score, ops.applied, ops.suggested) == (2.0, False, False)


def test_a_suggested_team_leaves_the_fallback_label_as_a_suggested_area_does() -> None:
    found = run(title="ingress", the_rules=NETWORK_AND_OPS)
    assert ([t.team.id for t in found.suggested_teams], found.labels) == (["network"], ("needs-triage",))


def test_only_teams_and_areas_with_evidence_are_listed() -> None:
    found = run(body="zoekt")
    assert [(t.team.id, [a.area.id for a in t.areas]) for t in found.teams] == [("search", ["zoekt"])]


def test_an_areas_evidence_is_ordered_title_first_then_by_line_then_kind() -> None:
    found = run(title="kubectl", body="`deploy/a.yaml` kustomize\n\nkubectl")
    assert [(e.where, e.line, e.kind, e.term) for e in found.teams[0].areas[0].evidence] == [
        ("title", 1, "keyword", "kubectl"),
        ("body", 1, "keyword", "kustomize"),
        ("body", 1, "path", "deploy/**"),
        ("body", 3, "keyword", "kubectl"),
    ]


def test_evidence_on_one_line_is_ordered_keyword_pattern_path_repo_field_exclude() -> None:
    """Found in the reverse order, with terms that sort otherwise: the kind alone orders them."""
    on_line_2: list[Hit] = [
        (0, "exclude", "preview", 0.0, "preview", "body", 2),
        (0, "field", "Deployment", 1.0, "docker", "body", 2),
        (0, "repo", "org/api", 1.0, "org/api", "body", 2),
        (0, "path", "deploy/**", 1.0, "deploy/a.yaml", "body", 2),
        (0, "pattern", "k8s-\\d+", 1.0, "k8s-1", "body", 2),
        (0, "keyword", "kubectl", 1.0, "kubectl", "body", 2),
    ]
    assert [entry[6] for entry in in_order(on_line_2)] == [
        "keyword",
        "pattern",
        "path",
        "repo",
        "field",
        "exclude",
    ]


def test_the_same_issue_classifies_the_same_in_processes_with_other_hash_seeds() -> None:
    """Sets and dicts of strings iterate in an order that changes with PYTHONHASHSEED."""
    script = (
        "from tests.test_classify_scoring import OPS, classify; from triage.model import Issue; "
        "issue = Issue(title='kubectl compose', body='kustomize `deploy/a.yaml`\\n### Deployment\\ndocker'); "
        "print(repr(classify(OPS, issue)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert "kubectl" in next(iter(outputs))


def test_a_vetoed_team_is_not_applied_even_when_its_own_evidence_reaches_its_threshold() -> None:
    vetoed = rules(team("ops", area("k8s"), keywords=[term("ops team", weight=5)], exclude=["preview"]))
    found = run(body="ops team preview", the_rules=vetoed)
    assert (found.teams[0].score, found.teams[0].applied) == (5.0, False)


def test_teams_are_listed_in_rules_order_whatever_their_number() -> None:
    """Nine teams: a set of team indices would list the ninth before the second."""
    many = rules(*(team(f"t{n}", area(f"a{n}", keywords=[f"word{n}"])) for n in range(9)))
    found = run(body="word8 word1", the_rules=many)
    assert [result.team.id for result in found.teams] == ["t1", "t8"]


def test_of_two_hits_on_one_line_the_kept_one_does_not_depend_on_their_order() -> None:
    lower: Hit = (0, "keyword", "kubectl", 1.0, "kubectl", "body", 3)
    upper: Hit = (0, "keyword", "kubectl", 1.0, "Kubectl", "body", 3)
    kept = [entry[5] for entry in in_order([lower, upper])]
    assert kept == [entry[5] for entry in in_order([upper, lower])] == ["Kubectl"]
