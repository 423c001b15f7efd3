"""Where a resumed batch picks up: which listed issues it still has to do, in what order, and the
one the stopped run may have left part-way.

A batch that stops (rate limit, time limit, a cancelled job) prints a resume point, the `since`
value `TIME,ISSUE,UNTIL[,MODE]` (parsed by `triage.dispatch` into `since`, `from_issue`, `until`
and what the stopped run was, which the run's settings take up, not this module):
TIME and ISSUE are the `updated_at` and number of the first issue it had not finished, as the
batch goes oldest update first, ties by number; UNTIL is the second after the latest update its
listing saw (a resume passes it on). An issue updated at or after UNTIL was changed by the stopped
run's own writes (done) or by a person since (maybe never reached), and the issue ISSUE may carry
its labels and not yet its comment. These functions decide from what the batch read; the batch
(`triage.batch`) does the reading and the triaging.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from triage.dispatch import DispatchInputs
from triage.listed_text import UnreadableBodyError
from triage.model import Issue, IssueState
from triage.pipeline import Candidate, Context
from triage.plan import needs_timeline
from triage.wire import IssueRecord, parse_time, time_text


def named_but_not_listed(inputs: DispatchInputs, records: Sequence[IssueRecord]) -> int | None:
    """The issue a resume point names, when the listing left it out: the stopped run's writes may
    have taken it out of the listing's filter (the label the batch was listed by, which triage
    removed). None on a run that is not a resume, or when the listing has it."""
    number = inputs.from_issue
    if number is None or inputs.until is None or any(r.issue.number == number for r in records):
        return None
    return number


def left_to_finish(record: IssueRecord, inputs: DispatchInputs) -> bool:
    """Whether the issue a resume point names, read by itself, is still to finish here: the
    stopped run wrote to it, and it is an open issue."""
    return updated_since_the_stop(record, inputs) and not record.closed and not record.is_pull_request


def updated_since_the_stop(record: IssueRecord, inputs: DispatchInputs) -> bool:
    """Updated at or after the UNTIL of the resume point: by the stopped run's writes, or a person."""
    updated = parse_time(record.updated_at)
    return inputs.until is not None and updated is not None and updated >= inputs.until


def issues_to_do(
    issues: Sequence[IssueRecord],
    inputs: DispatchInputs,
    context: Context,
    text: Callable[[Issue], Issue] = lambda issue: issue,
) -> list[IssueRecord]:
    """The listed issues this run triages, in the order it triages them (see `resume_order`): on a
    resume, without those the stopped run has done. `text`: a listed issue with its body, which the
    batch keeps aside (`triage.listed_text`) and a resume classifies some issues by."""
    ours = context.rules.managed_or_former_names
    labels_to_change = _labels_to_change(context, text)
    return sorted(
        (r for r in issues if _still_to_do(r, inputs, ours, labels_to_change)),
        key=lambda r: (resume_order(r, inputs), r.issue.number or 0),
    )


def _labels_to_change(context: Context, text: Callable[[Issue], Issue]) -> Callable[[IssueRecord], bool]:
    """Whether a re-triage could still change an issue's labels (from its text and labels alone):
    a label the rules want is missing, or one of ours they no longer want is on it. The stopped run
    left neither on an issue it did, but for a label a person added, which it keeps: such an issue
    costs its timeline read again, and nothing more. A body `text` cannot read back
    (`UnreadableBodyError`) keeps its issue: its turn reads it again, and stops the batch there if
    that fails too."""

    def labels_to_change(record: IssueRecord) -> bool:
        try:
            issue = text(record.issue)
        except UnreadableBodyError:
            return True
        classification = context.classifier.classify(issue)
        return needs_timeline(context.rules, classification, IssueState(issue), retriage=True)

    return labels_to_change


def _still_to_do(
    record: IssueRecord,
    inputs: DispatchInputs,
    ours: frozenset[str],
    labels_to_change: Callable[[IssueRecord], bool],
) -> bool:
    """False for what the stopped run this one resumes has done: within the second it stopped in,
    issues numbered before where it stopped; and issues it changed, now updated at or after its
    `until`, carrying a label of ours, every label the rules would add and none of ours they no
    longer want. The issue it stopped at is always kept (it may be part-way), and so is one a person
    touched since that carries none of our labels, not all the rules want, or one of ours they no
    longer want (the stopped run may never have reached it)."""
    updated = parse_time(record.updated_at)
    number = record.issue.number or 0
    if updated is None or number == inputs.from_issue:
        return True
    if updated_since_the_stop(record, inputs):
        return not any(name.casefold() in ours for name in record.issue.labels) or labels_to_change(record)
    return not (inputs.from_issue is not None and updated == inputs.since and number < inputs.from_issue)


def second_after(text: str) -> datetime | None:
    """The UNTIL of the resume point a run would print: the second after `text`, the latest update
    its listing saw."""
    updated = parse_time(text)
    return None if updated is None else updated.replace(microsecond=0) + timedelta(seconds=1)


def resume_order(record: IssueRecord, inputs: DispatchInputs) -> str:
    """The time an issue is ordered by: its `updated_at`, but for the issue the resume point names,
    the time the resume point gives it, which the stopped run's writes on it may have moved past
    UNTIL. So it comes first, and a run that stops again before it names it again."""
    if record.issue.number == inputs.from_issue and inputs.since is not None:
        return time_text(inputs.since)
    return record.updated_at


def left_part_way(issues: Sequence[IssueRecord], inputs: DispatchInputs) -> int | None:
    """The issue the resume point names, if the stopped run wrote to it (it was updated at or after
    UNTIL): it may have its labels and not yet its comment."""
    for record in issues:
        if record.issue.number == inputs.from_issue and updated_since_the_stop(record, inputs):
            return inputs.from_issue
    return None


def resumed_context(context: Context, candidate: Candidate, part_way: int | None) -> Context:
    """An issue the stopped run left part-way is finished as `triage run --issue N` would, comment
    included; any other keeps the batch's rule (a comment only where it gives a label)."""
    return commenting_as_asked(context) if candidate.number == part_way else context


def commenting_as_asked(context: Context) -> Context:
    """The context of a run that finishes an issue an earlier one left with its labels and not its
    comment: it comments as a run on that issue alone would. New comments off stay off. (The
    re-run of an event's job finishes its first attempt with it too.)"""
    return replace(context, new_comments="always") if context.new_comments == "with_labels" else context
