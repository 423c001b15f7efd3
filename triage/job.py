"""What a `triage run` is about: skipped, an `issues` event's issue, or issues read from GitHub.

An `issues` event (opened, edited, reopened; not an edit of a closed issue) triages the issue in its
payload; `workflow_dispatch`, `schedule` (or a run outside Actions) triages one issue or every open
issue matching `label` and `since`. The re-run of an event's job, and an `opened` job that starts
late, read the event's issue afresh as a run by hand does. Everything here is checked from the
event and the flags alone: no request is made.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from triage.dispatch import DispatchInputs, check_resume_mode, check_since_not_ahead, from_payload, with_flags
from triage.errors import InputError, UsageError
from triage.event import IssueEvent, check_repository, load_event, parse_issue_event, skip_reason
from triage.model import Issue
from triage.pipeline import Candidate

LATE_OPENED_SECONDS = 300


@dataclass(frozen=True)
class Skip:
    reason: str


@dataclass(frozen=True)
class EventJob:
    candidate: Candidate
    dry_run: bool


@dataclass(frozen=True)
class ManualJob:
    """Issues read from GitHub. `retriage`: stale labels of ours may go (not for the re-run of an
    `opened` job, which keeps what its first attempt would have kept). `before_edit`: for the
    re-run of an `edited` job, the issue as its payload says it read before the edit. `open_only`:
    for the re-run of an event job, an issue closed since is left alone, as an `edited` event on a
    closed issue is (its labels are settled); a run by hand triages it whatever its state.
    `labels_at_event`: for the re-run of an event job, the labels its payload gave the issue.
    `started_by`: the event that started the run (`GITHUB_EVENT_NAME`; empty from a terminal): only a
    dispatched run, or one from a terminal, can be run again with other inputs, which a stop's hint
    names."""

    inputs: DispatchInputs
    retriage: bool = True
    before_edit: Issue | None = None
    open_only: bool = False
    labels_at_event: tuple[str, ...] | None = None
    started_by: str = ""


Job = Skip | EventJob | ManualJob


def choose_job(args: argparse.Namespace, env: Mapping[str, str], bot_login: str, *, now: float) -> Job:
    """What this run is about, from the event and the flags; validates it all, requests nothing."""
    _refuse_empty_flags(args)
    if args.issue is not None and (args.label is not None or args.since is not None):
        raise UsageError(
            "--issue triages one issue, while --label and --since choose the issues of a batch: give one "
            "or the others"
        )
    event_name = env.get("GITHUB_EVENT_NAME", "")
    source = env.get("GITHUB_EVENT_PATH", "")
    if event_name in ("issues", "workflow_dispatch") and not source:
        raise InputError(f"GITHUB_EVENT_NAME is `{event_name}` but GITHUB_EVENT_PATH is not set")
    payload = load_event(source) if event_name and source else {}
    check_repository(payload, source, env.get("GITHUB_REPOSITORY"))
    by_hand = any(value is not None for value in (args.issue, args.label, args.since))
    if event_name == "issues" and not by_hand:
        return _event_job(payload, source, bot_login, dry_run=args.dry_run, rerun=is_rerun(env), now=now)
    if event_name not in ("", "issues", "workflow_dispatch", "schedule"):
        return Skip(
            f"triage run handles `issues`, `workflow_dispatch` and `schedule` events, not `{event_name}`: "
            "there is nothing to triage (keep the job to those events with `on:` in the workflow, or an "
            "`if:` on the job)"
        )
    by_flag = args.issue is not None
    inputs = (
        from_payload(payload, source, issue_by_flag=by_flag)
        if event_name == "workflow_dispatch"
        else DispatchInputs()
    )
    since, since_source = args.since, "--since"
    if event_name == "schedule" and since is None:
        since = env.get("TRIAGE_SINCE") or None  # the action's `since`: a scheduled sweep's window
        since_source = "TRIAGE_SINCE (the action's `since`)"
    flags = {"issue": args.issue, "label_name": args.label, "since_date": since, "dry_run": args.dry_run}
    chosen = with_flags(inputs, **flags, since_source=since_source)
    if chosen.issue is not None and chosen.batch_filters:
        raise InputError(
            "one issue (--issue or the dispatch's `issue`) and a batch's filters (--label, --since, or "
            "the dispatch's `label`, `since`, or the action's `since` for a schedule) were both given: "
            "give one or the others"
        )
    since_given_by = since_source if since is not None else f"{source}: inputs.since"
    check_resume_mode(chosen, since_given_by)
    check_since_not_ahead(chosen, since_given_by, datetime.fromtimestamp(now, UTC))
    return ManualJob(chosen, started_by=event_name)


EMPTY_FLAG_HINTS = {
    "--issue": "the issue's number, N or #N",
    "--label": "a label's name",
    "--since": "a date (2024-05-01), a span back from now (7d) or a resume point",
}


def _refuse_empty_flags(args: argparse.Namespace) -> None:
    """An empty `--issue`, `--label` or `--since` is most often an unset variable (`--issue "$N"`).
    A dispatch input left empty means "not given", but the flag given empty is no filter at all: the
    run would triage every open issue (on an `issues` event, in place of the event's own)."""
    for flag, value in (("--issue", args.issue), ("--label", args.label), ("--since", args.since)):
        if value is not None and not value.strip():
            raise UsageError(f"{flag} is empty: give {EMPTY_FLAG_HINTS[flag]}, or leave {flag} out")


def is_rerun(env: Mapping[str, str]) -> bool:
    """Actions' "Re-run jobs" hands over the first attempt's payload again (`GITHUB_RUN_ATTEMPT` 2+)."""
    attempt = env.get("GITHUB_RUN_ATTEMPT", "").strip()
    return attempt.isascii() and attempt.isdigit() and attempt.lstrip("0") not in ("", "1")


def _event_job(
    payload: object, source: str, bot_login: str, *, dry_run: bool, rerun: bool = False, now: float
) -> Job:
    """The issue of the payload. On a re-run the payload is as old as the first attempt, which may
    have labelled and commented since a person may have removed one of its labels: the issue is read
    afresh, with its comments and timeline, as a run by hand reads it. So is the issue of a late
    `opened` job (see `_opened_long_ago`)."""
    event = parse_issue_event(payload, source)
    skipped = skip_reason(event, bot_login)
    if skipped is not None:
        return Skip(skipped)
    number = event.issue.number
    retriage = event.action in ("edited", "reopened")
    late = event.action == "opened" and _opened_long_ago(event, now)
    if (rerun or late) and number is not None:
        inputs = DispatchInputs(issue=number, dry_run=dry_run)
        return ManualJob(
            inputs,
            retriage=retriage,
            before_edit=event.before_edit,
            open_only=True,
            labels_at_event=event.issue.labels,
            started_by="issues",
        )
    candidate = Candidate(
        event.issue,
        event.comment_count,
        is_new=event.action == "opened",
        retriage=retriage,
        locked=event.locked,
        count_may_be_stale=event.action != "opened",
        before_edit=event.before_edit,
        open_only=True,
        labels_as_of=event.updated_at,
    )
    return EventJob(candidate, dry_run)


def _opened_long_ago(event: IssueEvent, now: float) -> bool:
    """An `opened` job that starts this late (queued, or delivered after an outage) may meet what
    its payload does not show: a comment and labels a batch or a sweep gave the issue meanwhile, a
    label a person removed, another owner's label a person added, the issue closed. It reads the
    issue afresh, as the re-run of its job does."""
    opened = event.created_at
    return opened is not None and now - opened.timestamp() > LATE_OPENED_SECONDS


def is_dry_run(job: EventJob | ManualJob) -> bool:
    return job.dry_run if isinstance(job, EventJob) else job.inputs.dry_run
