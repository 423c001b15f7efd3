"""A batch's own decisions, with a step standing in for one issue's round trip to GitHub."""

from __future__ import annotations

import io

import pytest

from tests.rules_builders import area, rules, team
from triage.batch import failed_message, interrupted_message, run_batch
from triage.classify import compile_rules
from triage.errors import RateLimitStop
from triage.model import CommentAction, Issue, Plan
from triage.pipeline import Candidate, Decision, outcome_of
from triage.run_output import describe
from triage.summary import STATUSES, IssueOutcome, RunReport, Status

SECOND = "2024-05-01T12:00:00Z"
UNTIL = "2024-05-01T12:00:01Z"


def candidates(*numbers: int) -> list[Candidate]:
    return [Candidate(Issue(f"Problem {n}", "", number=n), 0, updated_at=SECOND) for n in numbers]


def test_an_interrupt_ends_the_batch_with_what_was_done_and_the_resume_point() -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        if candidate.number == 3:
            raise KeyboardInterrupt
        return IssueOutcome(candidate.number, candidate.issue.title, "changed")

    report = run_batch(candidates(1, 2, 3, 4), step, io.StringIO(), dry_run=False, until=UNTIL)
    assert [outcome.number for outcome in report.outcomes] == [1, 2]
    assert report.stopped == (
        "stopped after 2 of 4 issues (last done: #2): interrupted during #3, which may be part-way: "
        f"`triage run --issue 3` finishes it. To resume from #3, run again with since={SECOND},3,{UNTIL} "
        f"(`triage run --since {SECOND},3,{UNTIL}`)"
    )


@pytest.mark.parametrize(
    ("quiet", "dry_run", "mode", "kept"),
    [
        (True, False, ",labels-only", " new-comments=false (`triage run --since {v} --no-new-comments`)"),
        (False, True, ",dry-run", " dry-run=true (`triage run --since {v} --dry-run`)"),
        (
            True,
            True,
            ",labels-only+dry-run",
            " new-comments=false dry-run=true (`triage run --since {v} --no-new-comments --dry-run`)",
        ),
    ],
)
def test_the_resume_point_of_a_stop_says_what_the_stopped_run_was(
    quiet: bool, dry_run: bool, mode: str, kept: str
) -> None:
    """A resume that leaves out `new-comments=false` stays labels-only; a dry run's point is only a
    dry run's to take."""

    def step(candidate: Candidate) -> IssueOutcome:
        raise RateLimitStop("out of budget")

    report = run_batch(candidates(3), step, io.StringIO(), dry_run=dry_run, until=UNTIL, quiet=quiet)
    value = f"{SECOND},3,{UNTIL}{mode}"
    assert report.stopped is not None
    assert report.stopped.endswith(f"To resume from #3, run again with since={value}{kept.format(v=value)}")


def unchanged(candidate: Candidate) -> IssueOutcome:
    return IssueOutcome(candidate.number, candidate.issue.title, "unchanged")


def test_a_batch_of_200_issues_prints_a_line_for_each() -> None:
    out = io.StringIO()
    run_batch(candidates(*range(1, 201)), unchanged, out, dry_run=False)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["[1/200] #1 unchanged", "[2/200] #2 unchanged"]
    assert len(lines) == 201


def test_a_batch_of_201_issues_prints_counts_every_50_issues_and_at_its_end_only() -> None:
    out = io.StringIO()
    run_batch(candidates(*range(1, 202)), unchanged, out, dry_run=False)
    lines = out.getvalue().splitlines()
    assert [line.split(" ")[0] for line in lines[:-1]] == [
        "[50/201]",
        "[100/201]",
        "[150/201]",
        "[200/201]",
        "[201/201]",
    ]
    assert lines[-2] == "[201/201] 0 changed, 201 unchanged, 0 skipped, 0 failed"


@pytest.mark.parametrize(
    ("status", "note"),
    [
        ("failed", "#123 was left part-way (labels added); `triage run --issue 123` finishes it"),
        ("skipped", "closed meanwhile: its labels are settled"),
    ],
)
def test_a_long_batch_still_prints_the_line_of_an_issue_that_failed_or_was_skipped_and_why(
    status: Status, note: str
) -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        if candidate.number == 123:
            return IssueOutcome(123, "t", status, note=note)
        return unchanged(candidate)

    out = io.StringIO()
    run_batch(candidates(*range(1, 251)), step, out, dry_run=False)
    assert f"[123/250] #123 {status}: {note}" in out.getvalue().splitlines()


def test_a_long_batch_prints_counts_every_50_issues_and_no_line_for_the_rest() -> None:
    out = io.StringIO()
    run_batch(candidates(*range(1, 251)), unchanged, out, dry_run=False)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[50/250] 0 changed, 50 unchanged, 0 skipped, 0 failed"
    assert len(lines) == 6


def test_a_long_batchs_lines_of_counts_count_each_issue_once_not_all_again_every_50(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counting every outcome again for each line of counts made them quadratic: 0.2 s of a batch of
    5,000 issues, 15 s of one of 50,000. Only the last line, `triage: done`, counts the report."""
    examined = 0
    count = RunReport.count

    def counting(report: RunReport, status: Status) -> int:
        nonlocal examined
        examined += len(report.outcomes)
        return count(report, status)

    monkeypatch.setattr(RunReport, "count", counting)
    out = io.StringIO()
    run_batch(candidates(*range(1, 2001)), unchanged, out, dry_run=False)
    assert out.getvalue().splitlines()[-2] == "[2000/2000] 0 changed, 2000 unchanged, 0 skipped, 0 failed"
    assert examined == len(STATUSES) * 2000


def test_an_issues_outcome_keeps_what_its_comment_became_but_not_the_comment_itself() -> None:
    """A batch keeps every outcome to its end: with each comment's body, 3,500 changed issues held
    some 8 MB that no report shows."""
    ops = rules(team("ops", area("k8s", keywords=["kubectl"])))
    issue = Issue("kubectl fails", "kubectl", number=5)
    classification = compile_rules(ops).classify(issue)
    comment = CommentAction("create", body="Thanks for opening this issue. " * 100, newer_than=7)
    plan = Plan(5, add_labels=("team/ops", "ops/k8s"), comment=comment)
    outcome = outcome_of(Candidate(issue, 0), Decision(classification, plan, comment.body))
    assert outcome.plan == plan._replace(comment=CommentAction("create", newer_than=7))
    assert describe(outcome) == "#5 changed: +team/ops +ops/k8s comment created"


def test_the_last_line_counts_the_pull_requests_skipped_as_the_summary_does() -> None:
    out = io.StringIO()
    prs = (IssueOutcome(9, "A pull request", "skipped", note="pull request"),)
    report = run_batch(candidates(1, 2), unchanged, out, dry_run=False, skipped=prs)
    assert out.getvalue().splitlines()[-1] == "triage: done: 0 changed, 2 unchanged, 1 skipped, 0 failed"
    assert [outcome.number for outcome in report.outcomes] == [9, 1, 2]


def test_a_stop_before_the_first_issue_names_no_issue_done() -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        raise RateLimitStop("GitHub's rate limit has 0 requests left until it resets")

    report = run_batch(candidates(1, 2), step, io.StringIO(), dry_run=False, until=UNTIL)
    assert report.stopped is not None
    assert report.stopped.startswith("stopped after 0 of 2 issues: GitHub's rate limit")


def test_a_stop_without_the_listings_end_resumes_from_the_first_unfinished_issues_time_alone() -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        if candidate.number == 2:
            raise RateLimitStop("out of budget")
        return unchanged(candidate)

    report = run_batch(candidates(1, 2), step, io.StringIO(), dry_run=False)
    assert report.stopped == (
        "stopped after 1 of 2 issues (last done: #1): out of budget. To resume from #2, run again with "
        f"since={SECOND} (`triage run --since {SECOND}`)"
    )


def test_a_stop_whose_next_issue_has_a_lower_number_says_issues_go_by_their_last_update() -> None:
    """`last done: #9 ... To resume from #2` would read as resuming behind the work done."""

    def step(candidate: Candidate) -> IssueOutcome:
        if candidate.number == 2:
            raise RateLimitStop("out of budget")
        return unchanged(candidate)

    report = run_batch(candidates(9, 2), step, io.StringIO(), dry_run=False)
    assert report.stopped is not None
    assert report.stopped.startswith(
        "stopped after 1 of 2 issues (last done: #9, issues go by their last update): out of budget. "
        "To resume from #2,"
    )


def test_a_stop_before_the_only_issue_counts_it_in_the_singular() -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        raise RateLimitStop("out of budget")

    report = run_batch(candidates(1), step, io.StringIO(), dry_run=False)
    assert report.stopped is not None
    assert report.stopped.startswith("stopped after 0 of 1 issue: out of budget.")


def test_the_resume_command_quotes_a_label_filter_for_the_shell() -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        raise RateLimitStop("out of budget")

    report = run_batch(candidates(1), step, io.StringIO(), dry_run=False, label="needs triage")
    assert report.stopped is not None
    assert report.stopped.endswith(
        f"run again with label=needs triage since={SECOND} "
        f"(`triage run --label 'needs triage' --since {SECOND}`)"
    )


def test_an_interrupted_labels_only_run_says_how_to_finish_the_issue_without_a_comment() -> None:
    assert "`triage run --issue 7 --no-new-comments` finishes it" in interrupted_message(7, quiet=True)
    assert "`triage run --issue 7` finishes it" in interrupted_message(7)


def test_a_stop_after_many_failures_names_the_first_ten_and_how_to_retry_one() -> None:
    def step(candidate: Candidate) -> IssueOutcome:
        if candidate.number == 20:
            raise RateLimitStop("GitHub's rate limit has 0 requests left")
        return IssueOutcome(candidate.number, candidate.issue.title, "failed", note="502")

    report = run_batch(candidates(*range(1, 21)), step, io.StringIO(), dry_run=True, until=UNTIL)
    assert report.stopped is not None
    assert report.stopped.endswith(
        ". The resume does not take again the 19 issues that failed (#1, #2, #3, #4, #5, #6, #7, #8, #9, "
        "#10 and 9 more, in the summary): `triage run --issue N --dry-run` retries one."
    )


def test_a_run_whose_ten_issues_failed_names_all_ten() -> None:
    assert failed_message(list(range(1, 11)), 30).startswith(
        "10 of 30 issues failed (#1, #2, #3, #4, #5, #6, #7, #8, #9, #10): each one's line above says why"
    )


def test_a_run_whose_eleven_issues_failed_names_the_first_ten_and_how_many_more() -> None:
    assert failed_message(list(range(1, 12)), 30).startswith(
        "11 of 30 issues failed (#1, #2, #3, #4, #5, #6, #7, #8, #9, #10 and 1 more, in the summary): "
        "each one's line above says why"
    )


@pytest.mark.parametrize(
    ("failed", "total", "said"),
    [
        ([4], 1, "1 of 1 issue failed (#4)"),
        ([4], 3, "1 of 3 issues failed (#4)"),
        ([4, 5], 2, "2 of 2 issues failed (#4, #5)"),
    ],
    ids=["one-of-one", "one-of-three", "two-of-two"],
)
def test_a_run_of_one_issue_that_failed_says_so_in_the_singular_and_a_longer_one_in_the_plural(
    failed: list[int], total: int, said: str
) -> None:
    assert failed_message(failed, total).startswith(f"{said}: each one's line above says why")
