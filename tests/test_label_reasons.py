"""The one-line why of each label, for a job summary row: the issue's words that weighed most."""

from __future__ import annotations

from tests.rules_builders import area, rules, team, term
from triage.classify import classify
from triage.explain import label_reasons
from triage.model import Issue

OPS = rules(
    team(
        "ops",
        area("k8s", keywords=["kubectl", "helm", "kustomize", term("GKE", case_sensitive=True, weight=2)]),
        area("monitoring", keywords=["grafana"]),
        keywords=["ops team"],
    )
)


def reasons(title: str, body: str = "") -> tuple[tuple[str, tuple[str, ...]], ...]:
    return label_reasons(classify(OPS, Issue(title=title, body=body)))


def test_an_applied_area_is_explained_by_its_heaviest_evidence_first() -> None:
    assert reasons("it fails", "kubectl fails\non GKE") == (("ops/k8s", ("GKE", "kubectl")),)


def test_at_most_three_of_the_issues_words_are_given_equal_weights_in_evidence_order() -> None:
    assert reasons("kubectl helm kustomize", "GKE") == (("ops/k8s", ("helm", "kubectl", "kustomize")),)


def test_an_area_below_its_threshold_gets_no_reason() -> None:
    assert reasons("kubectl and helm fail", "grafana is slow") == (("ops/k8s", ("helm", "kubectl")),)


def test_a_team_applied_with_no_area_is_explained_by_all_its_evidence() -> None:
    assert reasons("for the ops team", "grafana") == (("team/ops", ("ops team", "grafana")),)


def test_a_team_below_its_threshold_gets_no_reason() -> None:
    assert reasons("grafana dashboards") == ()


def test_an_issue_that_matched_nothing_has_no_reasons() -> None:
    assert reasons("typo in the README") == ()


def test_a_team_is_not_explained_by_the_evidence_of_an_area_its_exclude_vetoed() -> None:
    vetoing = rules(
        team(
            "ops", area("k8s", keywords=["kubectl", "helm"], exclude=["code insights"]), keywords=["ops team"]
        )
    )
    found = classify(vetoing, Issue(title="ops team", body="ops team: kubectl helm for code insights"))
    assert label_reasons(found) == (("team/ops", ("ops team",)),)


def test_once_a_person_removed_the_only_area_label_the_team_label_is_explained_instead() -> None:
    found = classify(OPS, Issue(title="kubectl and helm fail", body=""))
    assert label_reasons(found, removed=["OPS/K8S"]) == (("team/ops", ("helm", "kubectl")),)


def test_a_label_a_person_removed_gets_no_reason() -> None:
    found = classify(OPS, Issue(title="kubectl and helm fail", body=""))
    assert label_reasons(found, removed=["team/ops", "ops/k8s"]) == ()


def test_once_a_person_removed_only_the_team_label_its_area_labels_keep_their_reasons() -> None:
    found = classify(OPS, Issue(title="kubectl and helm fail", body=""))
    assert label_reasons(found, removed=["team/ops"]) == (("ops/k8s", ("helm", "kubectl")),)
