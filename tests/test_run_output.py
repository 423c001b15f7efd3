"""The line `triage run` prints for each issue."""

from __future__ import annotations

from triage.model import CommentAction, Plan
from triage.run_output import describe
from triage.summary import IssueOutcome


def test_a_changed_issue_lists_its_label_and_comment_changes() -> None:
    plan = Plan(
        12, add_labels=("team/x",), remove_labels=("area/y",), comment=CommentAction("create", body="hi")
    )
    outcome = IssueOutcome(number=12, title="t", status="changed", plan=plan)
    assert describe(outcome) == "#12 changed: +team/x -area/y comment created"


def test_an_unchanged_issue_with_duplicate_bot_comments_names_them() -> None:
    plan = Plan(16, comment=CommentAction("leave", comment_id=1, duplicates=(2, 3)))
    outcome = IssueOutcome(number=16, title="t", status="unchanged", plan=plan)
    assert describe(outcome) == "#16 unchanged: (duplicate bot comments, left alone: 2, 3)"
