"""Specifications for comparing two rule sets' classifications of the same issues (triage.impact)."""

from __future__ import annotations

from triage.impact import (
    LEFT_ALONE,
    NO_EVIDENCE,
    Change,
    Compared,
    LabelCount,
    Rename,
    RenameCount,
    Side,
    compare,
    compare_issue,
    dropped,
    renames,
)
from triage.model import AreaResult, Classification, Issue, TeamResult

from .impact_builders import (
    APPLIED,
    BELOW,
    COMPOSE,
    DISTRIBUTION,
    DOCKER,
    EXCLUDED,
    HELM,
    ISSUE,
    K8S,
    KUBECTL,
    KUBERNETES,
    RENAMED,
    SUGGESTED,
    outcome,
    with_thresholds,
)
from .render_builders import area, evidence, rules, team
from .rules_builders import label


def test_the_same_classification_is_no_change() -> None:
    same = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))

    assert compare_issue(same, same) is None


def test_an_area_newly_applied_gains_its_label_and_the_teams_with_evidence_on_each_side() -> None:
    old = outcome(("kubernetes", BELOW, 2.0, (KUBECTL,)))
    new = outcome(("kubernetes", APPLIED, 3.0, (KUBECTL, HELM)))

    impact = compare_issue(old, new)

    assert impact is not None
    assert impact.labels == (
        Change(
            "distribution/kubernetes",
            "gained",
            Side("below", 2.0, (KUBECTL,), threshold=3.0),
            Side("applied", 3.0, (KUBECTL, HELM), threshold=3.0),
        ),
        Change(
            "team/distribution",
            "gained",
            Side("below", 2.0, (KUBECTL,), threshold=3.0),
            Side("applied", 3.0, (KUBECTL, HELM), threshold=3.0),
        ),
    )
    assert [(c.name, c.direction) for c in impact.areas] == [("distribution/kubernetes", "gained")]


def test_a_label_lost_to_an_exclude_shows_the_veto_on_the_new_side() -> None:
    veto = evidence("exclude", "minikube", area_id="docker-compose")
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), ("docker-compose", APPLIED, 4.0, (DOCKER,)))
    new = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), ("docker-compose", EXCLUDED, 0.0, (veto,)))

    impact = compare_issue(old, new)

    assert impact is not None
    assert impact.labels == (
        Change(
            "distribution/docker-compose",
            "lost",
            Side("applied", 4.0, (DOCKER,), threshold=3.0),
            Side("excluded", 0.0, (veto,), threshold=3.0),
        ),
    )


def test_a_label_the_old_rules_had_no_evidence_for_has_no_evidence_on_the_old_side() -> None:
    impact = compare_issue(outcome(), outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))))

    assert impact is not None
    assert [change.old for change in impact.labels] == [NO_EVIDENCE, NO_EVIDENCE]


def test_the_fallback_label_lost_when_a_team_starts_to_match() -> None:
    fallback = label("needs-triage")
    impact = compare_issue(outcome(fallback=fallback), outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))))

    assert impact is not None
    assert ("needs-triage", "lost", Side("applied", 0.0, (), fallback=True)) in [
        (c.name, c.direction, c.old) for c in impact.labels
    ]


def test_a_fallback_label_newly_applied_says_it_is_the_fallback() -> None:
    impact = compare_issue(outcome(), outcome(fallback=label("needs-triage")))

    assert impact is not None
    assert impact.labels == (
        Change("needs-triage", "gained", NO_EVIDENCE, Side("applied", 0.0, (), fallback=True)),
    )


def test_the_fallback_lost_to_a_team_names_the_team_on_the_new_side_not_no_evidence() -> None:
    impact = compare_issue(
        outcome(fallback=label("needs-triage")), outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    )

    assert impact is not None
    assert ("needs-triage", "lost", Side("none", 0.0, (), teams_matched=("team/distribution",))) in [
        (c.name, c.direction, c.new) for c in impact.labels
    ]


def test_a_renamed_fallback_gained_where_a_team_matched_names_the_team_on_the_old_side() -> None:
    impact = compare_issue(
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))),
        outcome(fallback=label("triage/needed")),
        renamed_to={"needs-triage": "triage/needed"},
    )

    assert impact is not None
    assert ("triage/needed", "gained", Side("none", 0.0, (), teams_matched=("team/distribution",))) in [
        (c.name, c.direction, c.old) for c in impact.labels
    ]


def test_the_fallback_lost_to_rules_that_leave_the_issue_alone_reads_left_alone() -> None:
    impact = compare_issue(
        outcome(fallback=label("needs-triage")),
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))),
        new_deferred="team/search",
    )

    assert impact is not None
    assert [c.new for c in impact.labels if c.name == "needs-triage"] == [LEFT_ALONE]


def test_a_label_side_carries_the_apply_threshold_its_rules_measured_the_score_against() -> None:
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    new = with_thresholds(
        outcome(("kubernetes", SUGGESTED, 4.0, (KUBECTL,)), team_applied=False), apply=5.0, team=6.0
    )

    impact = compare_issue(old, new)

    assert impact is not None
    assert [(c.name, c.old.threshold, c.new.threshold) for c in impact.labels] == [
        ("distribution/kubernetes", 3.0, 5.0),
        ("team/distribution", 3.0, 6.0),
    ]


def test_a_suggestion_side_carries_the_suggest_threshold() -> None:
    old = outcome(("kubernetes", SUGGESTED, 2.0, (KUBECTL,)), team_applied=False)
    new = with_thresholds(outcome(("kubernetes", BELOW, 2.0, (KUBECTL,)), team_applied=False), suggest=2.5)

    impact = compare_issue(old, new)

    assert impact is not None
    assert [(c.old.threshold, c.new.threshold) for c in impact.suggestions] == [(2.0, 2.5)]


def test_a_side_without_a_score_has_no_threshold() -> None:
    impact = compare_issue(outcome(fallback=label("needs-triage")), outcome(("kubernetes", APPLIED, 4.0, ())))

    assert impact is not None
    assert {c.name: (c.old.threshold, c.new.threshold) for c in impact.labels}["needs-triage"] == (None, None)


def test_a_renamed_label_is_a_label_change_but_not_an_area_change() -> None:
    renamed = KUBERNETES._replace(label=label("deploy/kubernetes"))
    new_team = team("distribution", renamed)
    result = AreaResult(renamed, 4.0, APPLIED, (KUBECTL,))
    new = Classification(ISSUE, (TeamResult(new_team, 4.0, True, (result,), ()),))

    impact = compare_issue(outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))), new)

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.labels] == [
        ("deploy/kubernetes", "gained"),
        ("distribution/kubernetes", "lost"),
    ]
    assert impact.areas == ()


def test_a_label_whose_old_name_the_new_rules_list_in_previous_names_is_renamed() -> None:
    assert renames(rules(DISTRIBUTION), rules(RENAMED)) == (
        Rename("distribution/kubernetes", "distribution/k8s"),
    )


def test_a_previous_name_the_old_rules_do_not_manage_is_no_rename() -> None:
    assert renames(rules(team("distribution")), rules(RENAMED)) == ()


def test_a_previous_name_whose_new_name_the_old_rules_manage_too_is_no_rename() -> None:
    # `triage labels sync` renames nothing here: the new name exists already.
    both = team("distribution", *RENAMED.areas, KUBERNETES._replace(id="kube"))

    assert renames(rules(both), rules(RENAMED)) == ()


def test_a_label_whose_name_changes_only_in_case_is_renamed() -> None:
    # GitHub compares label names ignoring case: `triage labels sync` corrects the name in place.
    recased = KUBERNETES._replace(label=KUBERNETES.label._replace(name="Distribution/Kubernetes"))

    assert renames(rules(DISTRIBUTION), rules(team("distribution", recased))) == (
        Rename("distribution/kubernetes", "Distribution/Kubernetes"),
    )


def test_a_label_whose_name_loses_its_capitals_is_renamed() -> None:
    capitalised = KUBERNETES._replace(label=KUBERNETES.label._replace(name="Distribution/Kubernetes"))

    assert renames(rules(team("distribution", capitalised)), rules(DISTRIBUTION)) == (
        Rename("Distribution/Kubernetes", "distribution/kubernetes"),
    )


def test_a_previous_name_matches_the_old_rules_label_ignoring_case() -> None:
    k8s = K8S._replace(label=K8S.label._replace(previous_names=("Distribution/Kubernetes",)))

    assert renames(rules(DISTRIBUTION), rules(team("distribution", k8s, COMPOSE))) == (
        Rename("distribution/kubernetes", "distribution/k8s"),
    )


def test_a_label_is_renamed_from_the_first_of_its_previous_names_the_old_rules_manage() -> None:
    # As `triage labels sync` renames it: the first former name the repository holds.
    merged = K8S._replace(
        label=K8S.label._replace(previous_names=("distribution/kubernetes", "distribution/docker-compose"))
    )

    assert renames(rules(DISTRIBUTION), rules(team("distribution", merged))) == (
        Rename("distribution/kubernetes", "distribution/k8s"),
    )


def test_an_unchanged_label_is_no_rename() -> None:
    assert renames(rules(DISTRIBUTION), rules(DISTRIBUTION)) == ()


def test_a_label_whose_name_changes_only_in_case_is_not_dropped() -> None:
    # GitHub compares label names ignoring case: the new rules still manage it.
    capitalised = KUBERNETES._replace(label=KUBERNETES.label._replace(name="Distribution/Kubernetes"))

    assert dropped(rules(team("distribution", capitalised)), rules(DISTRIBUTION)) == ()


def test_a_renamed_label_both_rule_sets_give_is_no_change() -> None:
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    new = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), owner=RENAMED)

    assert compare_issue(old, new, renamed_to={"distribution/kubernetes": "distribution/k8s"}) is None


def test_a_renamed_label_lost_is_lost_under_its_new_name_saying_what_it_was_renamed_from() -> None:
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    new = outcome(("kubernetes", BELOW, 2.0, (KUBECTL,)), owner=RENAMED)

    impact = compare_issue(old, new, renamed_to={"distribution/kubernetes": "distribution/k8s"})

    assert impact is not None
    assert impact.labels[0] == Change(
        "distribution/k8s",
        "lost",
        Side("applied", 4.0, (KUBECTL,), threshold=3.0),
        Side("below", 2.0, (KUBECTL,), threshold=3.0),
        renamed_from="distribution/kubernetes",
    )


def test_compare_counts_the_issues_that_keep_a_renamed_label() -> None:
    kept = Compared(
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))),
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), owner=RENAMED),
    )
    lost = Compared(outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))), outcome(owner=RENAMED))
    never = Compared(outcome(), outcome(owner=RENAMED))

    impact = compare([kept, lost, never], renames(rules(DISTRIBUTION), rules(RENAMED)))

    assert impact.renamed == (RenameCount("distribution/kubernetes", "distribution/k8s", kept=1),)
    assert impact.labels == (
        LabelCount("distribution/k8s", gained=0, lost=1),
        LabelCount("team/distribution", gained=0, lost=1),
    )


def test_an_issue_left_alone_by_either_rule_set_does_not_keep_a_renamed_label() -> None:
    found = Compared(
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))),
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), owner=RENAMED),
        new_deferred="team/search",
    )

    impact = compare([found], renames(rules(DISTRIBUTION), rules(RENAMED)))

    assert impact.renamed[0].kept == 0
    assert (impact.issues[0].labels[0].name, impact.issues[0].labels[0].direction) == (
        "distribution/k8s",
        "lost",
    )


def test_team_label_evidence_adds_team_level_matches_to_every_areas() -> None:
    team_term = evidence(text="distribution team", area_id=None, where="body", line=9)
    result = AreaResult(KUBERNETES, 2.0, BELOW, (KUBECTL,))
    new = Classification(ISSUE, (TeamResult(DISTRIBUTION, 3.0, True, (result,), (team_term,)),))

    impact = compare_issue(outcome(), new)

    assert impact is not None
    assert impact.labels == (
        Change(
            "team/distribution",
            "gained",
            NO_EVIDENCE,
            Side("applied", 3.0, (KUBECTL, team_term), threshold=3.0),
        ),
    )
    assert impact.areas == ()


def test_a_newly_suggested_area_is_a_suggestion_change_without_a_label() -> None:
    impact = compare_issue(
        outcome(("kubernetes", BELOW, 1.0, (HELM,))),
        outcome(("kubernetes", SUGGESTED, 2.0, (KUBECTL, HELM)), team_applied=False),
    )

    assert impact is not None
    assert (impact.labels, impact.areas) == ((), ())
    assert impact.suggestions == (
        Change(
            "distribution/kubernetes",
            "gained",
            Side("below", 1.0, (HELM,), threshold=2.0),
            Side("suggested", 2.0, (KUBECTL, HELM), threshold=2.0),
        ),
    )


def test_a_suggestion_promoted_to_a_label_is_an_area_change_only() -> None:
    impact = compare_issue(
        outcome(("kubernetes", SUGGESTED, 2.0, (KUBECTL,)), team_applied=False),
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL, HELM))),
    )

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.areas] == [("distribution/kubernetes", "gained")]
    assert impact.suggestions == ()


def test_a_label_demoted_to_a_suggestion_is_an_area_change_only() -> None:
    impact = compare_issue(
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL, HELM))),
        outcome(("kubernetes", SUGGESTED, 2.0, (KUBECTL,)), team_applied=False),
    )

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.areas] == [("distribution/kubernetes", "lost")]
    assert impact.suggestions == ()


NETWORK = team("network")
"""A team of no areas: named as possible on its own score."""
INGRESS = evidence(text="ingress", area_id=None, team_id="network")


def network_scored(score: float, applied: bool = False) -> Classification:
    return Classification(ISSUE, (TeamResult(NETWORK, score, applied, (), (INGRESS,)),))


def test_a_newly_suggested_team_of_no_areas_is_a_suggestion_change_under_its_id() -> None:
    impact = compare_issue(network_scored(1.0), network_scored(2.0))

    assert impact is not None
    assert (impact.labels, impact.areas) == ((), ())
    assert impact.suggestions == (
        Change(
            "network",
            "gained",
            Side("below", 1.0, (INGRESS,), threshold=2.0),
            Side("suggested", 2.0, (INGRESS,), threshold=2.0),
        ),
    )


def test_a_suggested_team_promoted_to_its_label_is_a_label_change_only() -> None:
    impact = compare_issue(network_scored(2.0), network_scored(3.0, applied=True))

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.labels] == [("team/network", "gained")]
    assert impact.suggestions == ()


def test_a_team_label_demoted_to_a_suggestion_says_suggested_on_the_new_side() -> None:
    """As an area's change does: the label change is all there is, so it tells the team is still named."""
    impact = compare_issue(network_scored(3.0, applied=True), network_scored(2.0))

    assert impact is not None
    assert impact.labels == (
        Change(
            "team/network",
            "lost",
            Side("applied", 3.0, (INGRESS,), threshold=3.0),
            Side("suggested", 2.0, (INGRESS,), threshold=3.0),
        ),
    )


def test_a_team_label_that_became_a_suggestion_as_the_team_lost_its_areas_is_a_label_change_only() -> None:
    with_areas = team("network", area("edge", team_id="network"))
    labelled = Classification(ISSUE, (TeamResult(with_areas, 3.0, True, (), (INGRESS,)),))

    impact = compare_issue(labelled, network_scored(2.0))

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.labels] == [("team/network", "lost")]
    assert impact.suggestions == ()


def test_a_suggested_team_that_gained_areas_and_its_label_is_a_label_change_only() -> None:
    with_areas = team("network", area("edge", team_id="network"))
    labelled = Classification(ISSUE, (TeamResult(with_areas, 3.0, True, (), (INGRESS,)),))

    impact = compare_issue(network_scored(2.0), labelled)

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.labels] == [("team/network", "gained")]
    assert impact.suggestions == ()


def test_a_suggested_team_that_gained_areas_shows_what_the_team_scored_under_the_new_rules() -> None:
    """Not "no evidence": the new rules found the same words, for a team they judge by its threshold."""
    with_areas = team("network", area("edge", team_id="network"))
    below = Classification(ISSUE, (TeamResult(with_areas, 2.0, False, (), (INGRESS,)),))

    impact = compare_issue(network_scored(2.0), below)

    assert impact is not None
    assert impact.suggestions == (
        Change(
            "network",
            "lost",
            Side("suggested", 2.0, (INGRESS,), threshold=2.0),
            Side("below", 2.0, (INGRESS,)),
        ),
    )


def test_evidence_is_ordered_title_first_then_by_line_whatever_order_it_came_in() -> None:
    impact = compare_issue(outcome(), outcome(("kubernetes", APPLIED, 4.0, (HELM, KUBECTL))))

    assert impact is not None
    assert impact.labels[0].new.evidence == (KUBECTL, HELM)


def test_evidence_in_the_body_is_ordered_by_line_before_kind_and_term() -> None:
    later = evidence(text="argocd", where="body", line=9, area_id="kubernetes")

    impact = compare_issue(outcome(), outcome(("kubernetes", APPLIED, 4.0, (later, HELM))))

    assert impact is not None
    assert impact.labels[0].new.evidence == (HELM, later)


def test_changes_are_sorted_by_name() -> None:
    impact = compare_issue(
        outcome(("docker-compose", APPLIED, 4.0, (DOCKER,))),
        outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))),
    )

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.labels] == [
        ("distribution/docker-compose", "lost"),
        ("distribution/kubernetes", "gained"),
    ]


def test_compare_keeps_only_changed_issues_in_input_order_and_counts_per_label() -> None:
    first, second, third = (Issue(title=f"issue {n}", body="", number=n) for n in (3, 1, 2))
    pairs = [
        Compared(outcome(issue=first), outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), issue=first)),
        Compared(outcome(issue=second), outcome(issue=second)),
        Compared(outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), issue=third), outcome(issue=third)),
    ]

    impact = compare(pairs)

    assert (impact.compared, [i.issue.number for i in impact.issues]) == (3, [3, 2])
    assert impact.labels == (
        LabelCount("distribution/kubernetes", gained=1, lost=1),
        LabelCount("team/distribution", gained=1, lost=1),
    )


def test_no_issues_compared_is_an_empty_impact() -> None:
    impact = compare([])

    assert (impact.compared, impact.is_empty, impact.labels) == (0, True, ())


def test_an_issue_the_new_rules_leave_alone_loses_what_the_old_rules_gave_it() -> None:
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))

    impact = compare_issue(old, old, new_deferred="team/search")

    assert impact is not None
    assert (impact.old_deferred, impact.new_deferred) == (None, "team/search")
    assert [(c.name, c.direction, c.old.status, c.new.status) for c in impact.labels] == [
        ("distribution/kubernetes", "lost", "applied", "deferred"),
        ("team/distribution", "lost", "applied", "deferred"),
    ]
    assert impact.labels[0].new == Side("deferred", 4.0, (KUBECTL,), threshold=3.0)
    assert [(c.name, c.direction) for c in impact.areas] == [("distribution/kubernetes", "lost")]


def test_an_issue_no_longer_left_alone_gains_what_the_new_rules_give_it() -> None:
    new = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))

    impact = compare_issue(outcome(), new, old_deferred="team/search")

    assert impact is not None
    assert [(c.name, c.direction) for c in impact.labels] == [
        ("distribution/kubernetes", "gained"),
        ("team/distribution", "gained"),
    ]
    assert impact.labels[0].old == LEFT_ALONE


def test_an_issue_left_alone_by_both_rule_sets_does_not_change_whatever_they_find() -> None:
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))

    assert compare_issue(old, outcome(), "team/search", "team/search") is None


def test_left_alone_by_one_rule_set_and_given_nothing_by_the_other_is_no_change() -> None:
    assert compare_issue(outcome(), outcome(), new_deferred="team/search") is None


def test_compare_counts_the_issues_both_rule_sets_leave_alone_and_no_others() -> None:
    found = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    pairs = [
        Compared(found, outcome(), "team/search", "team/search"),
        Compared(found, found, "team/search", "team/search"),
        Compared(found, found, None, "team/search"),
        Compared(found, found),
    ]

    impact = compare(pairs)

    assert (impact.compared, impact.left_alone, len(impact.issues)) == (4, 2, 1)
