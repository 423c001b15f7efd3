"""A batch's own decisions, with a step standing in for one issue's round trip to GitHub."""

from __future__ import annotations

import io

from triage.batch import run_batch
from triage.model import Issue
from triage.pipeline import Candidate
from triage.summary import IssueOutcome

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
