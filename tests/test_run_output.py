"""The line `triage run` prints for each issue."""

from __future__ import annotations

from triage.explain import Removal
from triage.model import CommentAction, Plan
from triage.run_output import decision_text, describe
from triage.summary import IssueOutcome


def test_a_changed_issue_lists_its_label_and_comment_changes() -> None:
    plan = Plan(
        12, add_labels=("team/x",), remove_labels=("area/y",), comment=CommentAction("create", body="hi")
    )
    outcome = IssueOutcome(number=12, title="t", status="changed", plan=plan)
    assert describe(outcome) == "#12 changed: +team/x -area/y comment created"


def test_each_label_taken_off_is_followed_by_why_once_for_those_that_go_for_one_reason() -> None:
    plan = Plan(12, add_labels=("team/x",), remove_labels=("triage", "team/y", "area/y"))
    removals = (
        Removal("triage", "matched", "team/x"),
        Removal("team/y", "unmatched"),
        Removal("area/y", "unmatched"),
    )
    outcome = IssueOutcome(number=12, title="t", status="changed", plan=plan, removals=removals)
    assert describe(outcome) == (
        "#12 changed: +team/x -triage (matched team/x) -team/y -area/y (no longer matched)"
    )


def test_an_unchanged_issue_with_duplicate_bot_comments_names_them() -> None:
    plan = Plan(16, comment=CommentAction("leave", comment_id=1, duplicates=(2, 3)))
    outcome = IssueOutcome(number=16, title="t", status="unchanged", plan=plan)
    assert describe(outcome) == "#16 unchanged: (duplicate bot comments, left alone: 2, 3)"


def test_an_outcome_without_a_plan_or_a_note_is_its_number_and_status_alone() -> None:
    assert describe(IssueOutcome(number=9, title="t", status="failed")) == "#9 failed"


def test_a_comment_updated_in_place_is_said_to_be_updated() -> None:
    plan = Plan(12, comment=CommentAction("update", body="hi", comment_id=4))
    outcome = IssueOutcome(number=12, title="t", status="changed", plan=plan)
    assert describe(outcome) == "#12 changed: comment updated"


def test_labels_a_person_removed_are_named_as_kept_off() -> None:
    plan = Plan(12, comment=CommentAction("leave", comment_id=4), kept_off=("team/x",))
    outcome = IssueOutcome(number=12, title="t", status="unchanged", plan=plan)
    assert describe(outcome) == "#12 unchanged: (kept off: team/x)"


def test_the_other_owners_label_an_issue_was_left_alone_for_is_neutralised() -> None:
    plan = Plan(12, deferred_to="team/@ops::x")
    outcome = IssueOutcome(number=12, title="t", status="unchanged", plan=plan)
    assert describe(outcome) == (
        "#12 unchanged: (left alone as another owner's: labelled team/@\u200dops:\u200d:x (defer_to))"
    )


def test_a_dry_run_with_nothing_to_write_says_none() -> None:
    assert decision_text(3, "t", Plan(3), None).splitlines() == [
        "#3 t",
        "  add labels:    (none)",
        "  remove labels: (none)",
        "  comment:       none",
    ]


def test_a_dry_run_shows_a_comment_updated_in_place_in_full() -> None:
    plan = Plan(3, comment=CommentAction("update", body="hello\nworld", comment_id=4))
    assert decision_text(3, "t", plan, "hello\nworld").splitlines()[3:] == [
        "  comment:       update in place",
        "  | hello",
        "  | world",
    ]


def test_a_dry_run_names_the_labels_a_person_removed_and_a_locked_conversation() -> None:
    plan = Plan(3, kept_off=("team/x",), locked=True)
    assert decision_text(3, "t", plan, None).splitlines()[3:] == [
        "  kept off (a person removed them): team/x",
        "  comment:       none (conversation locked)",
    ]


def test_a_dry_run_says_why_each_label_would_be_taken_off() -> None:
    plan = Plan(3, remove_labels=("triage",))
    removals = (Removal("triage", "labelled", "team/search"),)
    assert decision_text(3, "t", plan, None, removals).splitlines()[2] == (
        "  remove labels: triage (carries team/search)"
    )


def test_the_fallback_taken_off_an_issue_left_to_another_owner_is_explained_by_the_note_alone() -> None:
    plan = Plan(12, remove_labels=("triage",), deferred_to="team/search")
    outcome = IssueOutcome(
        12, "t", "changed", plan=plan, removals=(Removal("triage", "deferred", "team/search"),)
    )
    assert describe(outcome) == (
        "#12 changed: -triage (left alone as another owner's: labelled team/search (defer_to))"
    )
