"""Exclude terms veto their area, or at team level the team and all its areas."""

from __future__ import annotations

from tests.rules_builders import area, rules, team, term
from triage.classify import classify
from triage.model import AreaStatus, Issue

K8S = area("k8s", keywords=[term("kubernetes", weight=2)], exclude=["minikube tutorial"])


def test_exclude_match_vetoes_the_area_however_strong() -> None:
    found = classify(
        rules(team("ops", K8S)), Issue(title="kubernetes kubernetes", body="the minikube tutorial")
    )
    [result] = found.teams[0].areas
    assert result.status is AreaStatus.EXCLUDED
    assert found.labels == ()


def test_exclude_evidence_weighs_nothing_and_is_shown() -> None:
    found = classify(rules(team("ops", K8S)), Issue(title="", body="Minikube   tutorial"))
    [evidence] = found.evidence
    assert (evidence.kind, evidence.term, evidence.text, evidence.weight) == (
        "exclude",
        "minikube tutorial",
        "Minikube   tutorial",
        0.0,
    )


def test_exclude_in_a_quote_vetoes_as_in_any_other_line() -> None:
    found = classify(rules(team("ops", K8S)), Issue(title="kubernetes upgrade", body="> minikube tutorial"))
    assert "ops/k8s" not in found.labels


def test_exclude_vetoes_only_its_own_area() -> None:
    other = area("k8s-docs", keywords=[term("kubernetes", weight=2)])
    found = classify(rules(team("ops", K8S, other)), Issue(title="kubernetes", body="minikube tutorial"))
    assert found.labels == ("team/ops", "ops/k8s-docs")


def test_team_level_exclude_vetoes_the_team_and_all_its_areas() -> None:
    vetoed = rules(team("ops", area("k8s", keywords=["kubernetes"]), exclude=["[search]"]))
    found = classify(vetoed, Issue(title="[search] kubernetes kubernetes", body=""))
    assert found.labels == ()
    assert [a.status for a in found.teams[0].areas] == [AreaStatus.EXCLUDED]


def test_an_exclude_term_next_to_cjk_text_vetoes_as_a_keyword_there_matches() -> None:
    found = classify(rules(team("ops", K8S)), Issue(title="kubernetes", body="按照minikube tutorial操作"))
    assert found.teams[0].areas[0].status is AreaStatus.EXCLUDED
