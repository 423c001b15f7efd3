"""Why a run takes a label off, in the few words a log line and a summary row give it."""

from __future__ import annotations

from tests.rules_builders import area, rules, team
from triage.classify import classify
from triage.explain import Removal, grouped_removals, removal_reasons, why_removed
from triage.model import Issue, Plan

OPS = rules(
    team("ops", area("k8s", keywords=["kubectl"]), area("grafana", keywords=["grafana"])), fallback="triage"
)
MATCHING, UNMATCHED = Issue("kubectl fails", "kubectl apply on kubectl"), Issue("typo in the README", "")


def test_a_team_or_area_label_goes_as_the_issue_no_longer_matches_it() -> None:
    taken_off = Plan(1, remove_labels=("ops/grafana",))
    assert removal_reasons(OPS, classify(OPS, MATCHING), taken_off, ["team/ops", "ops/grafana"]) == (
        Removal("ops/grafana", "unmatched"),
    )


def test_the_fallback_goes_once_the_issue_matches_naming_the_first_label_it_gets() -> None:
    answered = Plan(1, add_labels=("team/ops", "ops/k8s"), remove_labels=("Triage",))
    assert removal_reasons(OPS, classify(OPS, MATCHING), answered, ["Triage"]) == (
        Removal("Triage", "matched", "team/ops"),
    )


def test_the_fallback_gone_as_the_issue_matches_names_no_label_a_person_took_off() -> None:
    answered = Plan(1, remove_labels=("triage",), kept_off=("team/ops",))
    assert removal_reasons(OPS, classify(OPS, MATCHING), answered, ["triage", "ops/k8s"]) == (
        Removal("triage", "matched", "ops/k8s"),
    )


def test_the_fallback_goes_beside_a_team_or_area_label_the_issue_carries_naming_it() -> None:
    answered = Plan(1, remove_labels=("triage",))
    carried = ["bug", "triage", "OPS/grafana"]
    assert removal_reasons(OPS, classify(OPS, UNMATCHED), answered, carried) == (
        Removal("triage", "labelled", "OPS/grafana"),
    )


def test_the_fallback_goes_beside_another_owners_label_naming_it() -> None:
    answered = Plan(1, remove_labels=("triage",), deferred_to="team/search")
    assert removal_reasons(OPS, classify(OPS, UNMATCHED), answered, ["triage", "team/search"]) == (
        Removal("triage", "deferred", "team/search"),
    )


def test_each_reason_reads_as_a_few_words_naming_the_label_that_answers_it() -> None:
    said = [
        why_removed(Removal("x", "unmatched")),
        why_removed(Removal("triage", "matched", "team/ops")),
        why_removed(Removal("triage", "labelled", "ops/k8s")),
        why_removed(Removal("triage", "deferred", "team/search")),
    ]
    assert said == [
        "no longer matched",
        "matched team/ops",
        "carries ops/k8s",
        "carries team/search (defer_to)",
    ]


def test_another_owners_label_named_in_a_reason_cannot_act_as_a_workflow_command() -> None:
    assert why_removed(Removal("triage", "deferred", "team/::x")) == "carries team/:\u200d:x (defer_to)"


def test_removals_next_to_one_another_for_one_reason_are_grouped() -> None:
    removals = [
        Removal("team/ops", "unmatched"),
        Removal("ops/k8s", "unmatched"),
        Removal("triage", "labelled", "team/x"),
        Removal("ops/grafana", "unmatched"),
    ]
    assert [names for names, _ in grouped_removals(removals)] == [
        ["team/ops", "ops/k8s"],
        ["triage"],
        ["ops/grafana"],
    ]
