"""Where a resumed batch picks up, decided from its listing alone (`triage.resume`).

The resume point here is `2024-05-01T12:00:00Z,7,2024-05-02T00:00:00Z`: start at #7 within the
second of 12:00:00, and issues updated at or after UNTIL were touched since the stop.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.rules_builders import area, rules, team
from triage.classify import compile_rules
from triage.dispatch import DispatchInputs
from triage.model import Issue
from triage.pipeline import Candidate, Context
from triage.plan import NewComments
from triage.resume import (
    commenting_as_asked,
    issues_to_do,
    left_part_way,
    left_to_finish,
    named_but_not_listed,
    resume_order,
    resumed_context,
    second_after,
)
from triage.wire import IssueRecord

STOPPED_AT = "2024-05-01T12:00:00Z"
BEFORE_UNTIL = "2024-05-01T18:00:00Z"
AFTER_UNTIL = "2024-05-02T00:00:05Z"
RESUMED = DispatchInputs(
    since=datetime(2024, 5, 1, 12, tzinfo=UTC), from_issue=7, until=datetime(2024, 5, 2, tzinfo=UTC)
)
FRESH = DispatchInputs()
RULES = rules(team("ops", area("k8s", keywords=["kubectl"])))
KUBECTL = ("kubectl hangs", "kubectl apply never returns.")
"""An issue the rules give `team/ops` and `ops/k8s`."""


def record(
    number: int,
    updated_at: str,
    *,
    labels: tuple[str, ...] = (),
    closed: bool = False,
    pull: bool = False,
    about: tuple[str, str] = ("Search is slow", "Typing lags."),
) -> IssueRecord:
    issue = Issue(*about, number, labels=labels)
    return IssueRecord(issue, 0, is_pull_request=pull, updated_at=updated_at, closed=closed)


def context(new_comments: NewComments) -> Context:
    return Context(RULES, compile_rules(RULES), "triage-bot", new_comments=new_comments)


def test_the_issue_the_resume_point_names_is_ordered_by_the_time_the_point_gives_it() -> None:
    assert resume_order(record(7, AFTER_UNTIL), RESUMED) == STOPPED_AT


def test_any_other_issue_is_ordered_by_its_own_update() -> None:
    assert resume_order(record(8, AFTER_UNTIL), RESUMED) == AFTER_UNTIL
    assert resume_order(record(7, AFTER_UNTIL), FRESH) == AFTER_UNTIL


def test_until_is_the_whole_second_after_the_latest_update() -> None:
    assert second_after("2024-05-01T12:00:00.250000Z") == datetime(2024, 5, 1, 12, 0, 1, tzinfo=UTC)


def test_no_update_listed_gives_no_until() -> None:
    assert second_after("") is None


def test_the_named_issue_updated_since_the_stop_is_left_part_way() -> None:
    assert left_part_way([record(3, BEFORE_UNTIL), record(7, AFTER_UNTIL)], RESUMED) == 7


def test_the_named_issue_not_updated_since_the_stop_was_never_written() -> None:
    assert left_part_way([record(7, BEFORE_UNTIL)], RESUMED) is None


def test_a_run_that_is_no_resume_leaves_nothing_part_way() -> None:
    assert left_part_way([record(7, AFTER_UNTIL)], FRESH) is None


def test_the_named_issue_missing_from_the_listing_is_read_by_itself() -> None:
    assert named_but_not_listed(RESUMED, [record(8, BEFORE_UNTIL)]) == 7


def test_the_named_issue_in_the_listing_is_not_read_again() -> None:
    assert named_but_not_listed(RESUMED, [record(7, BEFORE_UNTIL)]) is None


def test_a_run_that_is_no_resume_reads_no_issue_by_itself() -> None:
    assert named_but_not_listed(FRESH, []) is None


def test_the_named_issue_read_by_itself_is_finished_only_if_written_open_and_an_issue() -> None:
    assert left_to_finish(record(7, AFTER_UNTIL), RESUMED)
    assert not left_to_finish(record(7, BEFORE_UNTIL), RESUMED)
    assert not left_to_finish(record(7, AFTER_UNTIL, closed=True), RESUMED)
    assert not left_to_finish(record(7, AFTER_UNTIL, pull=True), RESUMED)


def test_a_resume_leaves_out_what_the_stopped_run_did_and_starts_at_the_named_issue() -> None:
    listed = [
        record(5, STOPPED_AT),  # before #7 in the second it stopped in: done
        record(9, STOPPED_AT),  # after #7 in that second: still to do
        record(7, AFTER_UNTIL),  # the named issue, written since: kept, and first
        record(4, AFTER_UNTIL, labels=("team/ops", "ops/k8s"), about=KUBECTL),  # the stopped run's: done
        record(6, AFTER_UNTIL),  # a person touched it, none of our labels: still to do
        record(3, BEFORE_UNTIL),
    ]
    to_do = issues_to_do(listed, RESUMED, context("with_labels"))
    assert [r.issue.number for r in to_do] == [7, 9, 3, 6]


def test_a_resume_keeps_an_issue_touched_since_the_stop_with_a_label_the_rules_no_longer_want() -> None:
    """The stopped run would have taken that label off (unless a person added it, which only the
    timeline can tell): so it may never have reached the issue."""
    listed = [
        record(7, BEFORE_UNTIL),
        record(4, AFTER_UNTIL, labels=("team/ops", "ops/k8s")),
    ]
    assert [r.issue.number for r in issues_to_do(listed, RESUMED, context("with_labels"))] == [7, 4]


def test_a_fresh_batch_does_every_listed_issue_oldest_update_first_ties_by_number() -> None:
    listed = [record(9, BEFORE_UNTIL), record(5, STOPPED_AT), record(2, BEFORE_UNTIL)]
    assert [r.issue.number for r in issues_to_do(listed, FRESH, context("with_labels"))] == [5, 2, 9]


def test_only_the_issue_left_part_way_comments_as_a_run_on_it_alone_would() -> None:
    batch = context("with_labels")
    part_way = Candidate(Issue("t", "b", 7), 0)
    other = Candidate(Issue("t", "b", 8), 0)
    assert resumed_context(batch, part_way, 7).new_comments == "always"
    assert resumed_context(batch, other, 7) is batch


def test_new_comments_off_stay_off_when_finishing_an_issue() -> None:
    assert commenting_as_asked(context("never")).new_comments == "never"
    assert commenting_as_asked(context("always")).new_comments == "always"
    assert commenting_as_asked(context("with_labels")).new_comments == "always"
