"""`triage run`: triage issues on GitHub, from an Actions event or by hand.

An `issues` event (opened, edited, reopened; not an edit of a closed issue) triages the issue in its
payload; `workflow_dispatch` (or a run outside Actions) triages one issue (`issue`) or every open
issue matching `label` and `since`. Everything that can be wrong with the input (rules and their
comment template, payload, dispatch inputs, token) is checked before the first request. Dry-run
decides exactly as a real run and never calls the writer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeGuard

from triage.backoff import RetryPolicy, Timekeeper
from triage.batch import TimeCheck, failed_outcome, gone_outcome, interrupted_message, run_batch
from triage.classify import compile_rules
from triage.dispatch import DispatchInputs, boolean, from_payload, with_flags
from triage.errors import InputError, RateLimitStop, RulesError, TriageError
from triage.event import IssueEvent, check_repository, load_event, parse_issue_event
from triage.github import DEFAULT_API_URL, GitHubClient, connect, default_timekeeper
from triage.model import Issue, IssueState, Rules
from triage.pipeline import Candidate, Context, triage_one
from triage.plan import NewComments, current_name, needs_timeline
from triage.refusal import RequestRefusedError
from triage.render import load_template
from triage.ruleset import DEFAULT_RULES, load_rules
from triage.run_output import describe, kept_settings
from triage.summary import IssueOutcome, RunReport, write_outputs, write_summary
from triage.wire import IssueRecord, parse_time, time_text

DEFAULT_BOT = "github-actions[bot]"
DEFAULT_WAIT_MINUTES = RetryPolicy().wait_budget / 60
ISSUE_ACTIONS = ("opened", "edited", "reopened")
LATE_OPENED_SECONDS = 300


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", default=DEFAULT_RULES, metavar="PATH", help=f"default: {DEFAULT_RULES}")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the plan and the comment; write nothing"
    )
    parser.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help=f"who triage writes as (env TRIAGE_BOT_LOGIN, else {DEFAULT_BOT})",
    )
    parser.add_argument(
        "--no-new-comments",
        action="store_true",
        help="labels only: post no comment on an issue that has none of triage's (one already there is "
        "still kept in step); for a first sweep of old issues (env TRIAGE_NEW_COMMENTS=false, the "
        "dispatch input new-comments)",
    )
    parser.add_argument("--issue", metavar="N", help="triage this issue (overrides the dispatch input)")
    parser.add_argument("--label", metavar="LABEL", help="only open issues with this label")
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="only issues updated since YYYY-MM-DD (or a UTC time), or within a span back from now (26h, "
        "7d), or the resume point a stopped run printed (TIME,ISSUE,UNTIL); a `schedule` event takes it "
        "from TRIAGE_SINCE",
    )
    parser.add_argument(
        "--max-minutes",
        type=_minutes,
        default=None,
        metavar="N",
        help="a batch stops cleanly (exit 4, with a resume hint) before an issue once N minutes have "
        "passed, or before a wait for a rate limit that would end past them; set it below the job's "
        "timeout-minutes (env TRIAGE_MAX_MINUTES)",
    )
    parser.add_argument(
        "--max-wait-minutes",
        type=_minutes,
        default=None,
        metavar="N",
        help="the most a run spends waiting on rate limits and retries in all; a longer wait stops it "
        f"cleanly (exit 4) instead (env TRIAGE_MAX_WAIT_MINUTES, else {DEFAULT_WAIT_MINUTES:g})",
    )


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
    `labels_at_event`: for the re-run of an event job, the labels its payload gave the issue."""

    inputs: DispatchInputs
    retriage: bool = True
    before_edit: Issue | None = None
    open_only: bool = False
    labels_at_event: tuple[str, ...] | None = None


Job = Skip | EventJob | ManualJob


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        minutes = -1.0
    if not 0 < minutes < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of minutes, got {text!r}")
    return minutes


def run(args: argparse.Namespace) -> int:
    env = os.environ
    try:
        rules, bot_login, job, client = _prepare(args, env)
    except TriageError as error:  # a bad input, before any request: named in the summary too
        write_summary(env.get("GITHUB_STEP_SUMMARY"), RunReport((), failure=str(error)))
        raise
    if isinstance(job, Skip):
        print(f"triage: skipped: {job.reason}")
        write_summary(env.get("GITHUB_STEP_SUMMARY"), RunReport((), skipped=job.reason))
        write_outputs(env.get("GITHUB_OUTPUT"), RunReport(()))  # `changed` is always set: 0 here
        return 0
    limit = time_limit(args.max_minutes, client.clock)
    if args.max_minutes is not None and isinstance(job, ManualJob) and job.inputs.issue is None:
        # A wait that would carry the batch past its limit (the job's timeout just above it) stops it
        # before the wait, with its resume point, rather than leave the job to be killed while waiting.
        end = client.clock.now() + args.max_minutes * 60
        client.stop_waits_past(end, f"the batch's time limit of {args.max_minutes:g} minutes (max-minutes)")
    quiet = args.no_new_comments or (isinstance(job, ManualJob) and not job.inputs.new_comments)
    if _is_dry_run(job):  # the first line, as the README says
        print("triage: dry run: nothing is written; each line says what a real run would do")
    if quiet:
        print("triage: new comments off: labels only, and a comment of triage's already there kept in step")
    context = Context(rules, compile_rules(rules), bot_login, new_comments=_new_comments(job, quiet=quiet))
    report = replace(execute(job, client, context, limit), new_comments=not quiet)
    write_summary(env.get("GITHUB_STEP_SUMMARY"), report)
    write_outputs(env.get("GITHUB_OUTPUT"), report)
    if report.failure:
        raise TriageError(report.failure)  # already a message: a refusal, a failing template
    if report.stopped:
        raise RateLimitStop(report.stopped)
    return 1 if report.count("failed") else 0


def _new_comments(job: EventJob | ManualJob, *, quiet: bool) -> NewComments:
    """Only an `opened` event (or its job's re-run) and a run by hand on one issue comment where
    none of ours is. A batch, an edit and a reopening comment only where they give a label: an
    issue a labels-only sweep left quiet, or a person labelled, stays quiet, and a comment a person
    deleted is not posted again because the reporter fixed a typo."""
    if quiet:
        return "never"
    if isinstance(job, EventJob):
        return "with_labels" if job.candidate.retriage else "always"
    if job.inputs.issue is None or (job.open_only and job.retriage):
        return "with_labels"
    return "always"


def _prepare(args: argparse.Namespace, env: Mapping[str, str]) -> tuple[Rules, str, Job, GitHubClient]:
    """The rules, the bot login, the job and a client: all the input checked, no request made."""
    if args.max_minutes is None:
        args.max_minutes = _minutes_from(env, "TRIAGE_MAX_MINUTES")
    if args.max_wait_minutes is None:
        args.max_wait_minutes = _minutes_from(env, "TRIAGE_MAX_WAIT_MINUTES") or DEFAULT_WAIT_MINUTES
    where = "TRIAGE_NEW_COMMENTS (the action's `new-comments`)"
    args.no_new_comments = args.no_new_comments or not boolean(
        env.get("TRIAGE_NEW_COMMENTS"), where, default=True
    )
    rules = _load_rules(args.rules)
    bot_login = args.bot_login or env.get("TRIAGE_BOT_LOGIN") or DEFAULT_BOT
    job = choose_job(args, env, bot_login, now=default_timekeeper().now())
    client = connect(
        env.get("GITHUB_TOKEN"),
        env.get("GITHUB_REPOSITORY"),
        env.get("GITHUB_API_URL") or DEFAULT_API_URL,
        policy=RetryPolicy(wait_budget=args.max_wait_minutes * 60),
    )
    if not isinstance(job, Skip):
        load_template(rules)  # a broken template of the rules' own stops the run before its first request
    return rules, bot_login, job, client


def _load_rules(path: str) -> Rules:
    """The rules; a path that names no file, or a folder, also says which input names it and what
    to do: in the action that is most often a workflow that did not check the repository out. An
    empty path is an input error here rather than argparse's, so that the job summary says it."""
    if not path.strip():
        raise InputError(
            f"the action's `rules` input (`--rules`) is empty: name the rules file (by default "
            f"{DEFAULT_RULES})"
        )
    try:
        return load_rules(path)
    except RulesError as error:
        where = Path(path)
        if where.is_dir():
            hint = (
                "the action's `rules` input (`--rules`) must name the rules file itself, not a folder "
                f"(by default {DEFAULT_RULES})"
            )
        elif not where.exists():
            hint = (
                "the action's `rules` input (`--rules`) is a path relative to the workspace: check the "
                "repository out before this step (actions/checkout), or correct the path"
            )
        else:
            raise
        raise InputError(f"{error}: {hint}") from None


def _minutes_from(env: Mapping[str, str], name: str) -> float | None:
    """Minutes from the environment variable `name`; None when it is unset or empty (an action
    input left empty)."""
    if not env.get(name):
        return None
    try:
        return _minutes(env[name])
    except argparse.ArgumentTypeError as error:
        raise InputError(f"{name}: {error}") from None


def choose_job(args: argparse.Namespace, env: Mapping[str, str], bot_login: str, *, now: float) -> Job:
    """What this run is about, from the event and the flags; validates it all, requests nothing."""
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
    inputs = from_payload(payload, source) if event_name == "workflow_dispatch" else DispatchInputs()
    since, since_source = args.since, "--since"
    if event_name == "schedule" and since is None:
        since = env.get("TRIAGE_SINCE") or None  # the action's `since`: a scheduled sweep's window
        since_source = "TRIAGE_SINCE (the action's `since`)"
    flags = {"issue": args.issue, "label_name": args.label, "since_date": since, "dry_run": args.dry_run}
    return ManualJob(with_flags(inputs, **flags, since_source=since_source))


def is_rerun(env: Mapping[str, str]) -> bool:
    """Actions' "Re-run jobs" hands over the first attempt's payload again (`GITHUB_RUN_ATTEMPT` 2+)."""
    attempt = env.get("GITHUB_RUN_ATTEMPT", "").strip()
    return attempt.isascii() and attempt.isdigit() and int(attempt) > 1


def _event_job(
    payload: object, source: str, bot_login: str, *, dry_run: bool, rerun: bool = False, now: float
) -> Job:
    """The issue of the payload. On a re-run the payload is as old as the first attempt, which may
    have labelled and commented since a person may have removed one of its labels: the issue is read
    afresh, with its comments and timeline, as a run by hand reads it. So is the issue of a late
    `opened` job (see `_opened_long_ago`)."""
    event = parse_issue_event(payload, source)
    if event.is_pull_request:
        return Skip(f"#{event.issue.number} is a pull request")
    if event.action not in ISSUE_ACTIONS:
        return Skip(
            f"`issues` action `{event.action}` is not one triage handles ({', '.join(ISSUE_ACTIONS)})"
        )
    if event.sender.casefold() == bot_login.casefold():
        return Skip(f"the event was caused by {bot_login} itself")
    number = event.issue.number
    if event.action == "edited" and event.closed:
        return Skip(
            f"#{number} is closed: its labels are settled (`triage run --issue {number}` triages it anyway)"
        )
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


def time_limit(minutes: float | None, clock: Timekeeper) -> TimeCheck:
    """A check that says, once `minutes` have passed on `clock`, why the batch must stop."""
    if minutes is None:
        return lambda: None
    end = clock.now() + minutes * 60

    def out_of_time() -> str | None:
        return f"its time limit of {minutes:g} minutes is reached" if clock.now() >= end else None

    return out_of_time


def execute(
    job: EventJob | ManualJob, client: GitHubClient, context: Context, out_of_time: TimeCheck = lambda: None
) -> RunReport:
    if isinstance(job, ManualJob) and job.inputs.issue is None:
        return _batch(job.inputs, client, context, out_of_time)
    dry_run = _is_dry_run(job)
    quiet = context.new_comments == "never"
    candidate = job.candidate if isinstance(job, EventJob) else None
    try:
        found = _read_one(job, client, context) if isinstance(job, ManualJob) else (job.candidate, context)
        if isinstance(found, IssueOutcome):  # a pull request, or closed since the event
            outcome = found
        else:
            candidate, its_context = found  # the candidate known: a failure's row shows its title and page
            outcome = triage_one(client, its_context, candidate, dry_run=dry_run)
    except RateLimitStop as stop:  # a batch names its resume point; one issue, the run that triages it
        if stop.wrote:  # the message names what was left and the run that finishes it
            return RunReport((), dry_run, stopped=str(stop))
        again = _run_again(_number_of(job), quiet=quiet, dry_run=dry_run, event=_for_an_event(job))
        return RunReport((), dry_run, stopped=f"{stop}. {again}")
    except TriageError as error:  # GitHub refused, or a comment template failed: the summary says so
        if _gone_since_the_event(error, job):  # not a failed job
            outcome = (
                gone_outcome(candidate, error, "since the event")
                if candidate is not None
                else IssueOutcome(_number_of(job), "", "skipped", note=f"gone since the event: {error}")
            )
        else:
            failed = (
                failed_outcome(candidate, error)
                if candidate is not None
                else IssueOutcome(_number_of(job), "", "failed", note=str(error))  # reading it failed
            )
            return RunReport((failed,), dry_run, failure=str(error))
    except KeyboardInterrupt:  # Ctrl-C, or Actions cancelling the job: stopped, as a batch stops
        said = interrupted_message(_number_of(job), quiet=quiet, dry_run=dry_run)
        return RunReport((), dry_run, stopped=said)
    said = describe(outcome)
    print(f"triage: {'dry run: ' if dry_run else ''}{said}")
    return RunReport((outcome,), dry_run, skipped=said if outcome.status == "skipped" else None)


def _is_dry_run(job: EventJob | ManualJob) -> bool:
    return job.dry_run if isinstance(job, EventJob) else job.inputs.dry_run


def _gone_since_the_event(error: TriageError, job: EventJob | ManualJob) -> TypeGuard[RequestRefusedError]:
    """An event's issue transferred or deleted before its job wrote: nothing to do, not a failure.
    A run by hand on that issue fails, naming where it went: the person asked for that issue."""
    return _for_an_event(job) and isinstance(error, RequestRefusedError) and error.issue_gone


def _for_an_event(job: EventJob | ManualJob) -> bool:
    """An event's job, or its re-run (or a late `opened` job), read afresh as a manual job."""
    return isinstance(job, EventJob) or job.open_only


def _run_again(number: int, *, quiet: bool, dry_run: bool, event: bool) -> str:
    """How to triage the issue of a one-issue run that stopped, with the run's own settings; an
    event's job is best re-run, which triages the issue as the event asked."""
    kept_inputs, kept_flags = kept_settings(quiet=quiet, dry_run=dry_run)
    inputs, flags = [f"issue={number}", *kept_inputs], [f"--issue {number}", *kept_flags]
    rerun = "re-run this job, or " if event else ""
    return (
        f"To triage #{number} once the rate limit allows, {rerun}run again with {' '.join(inputs)} "
        f"(`triage run {' '.join(flags)}`)"
    )


def _number_of(job: EventJob | ManualJob) -> int:
    return job.candidate.number if isinstance(job, EventJob) else job.inputs.issue or 0


def _read_one(
    job: ManualJob, client: GitHubClient, context: Context
) -> tuple[Candidate, Context] | IssueOutcome:
    """The issue a manual run (or the re-run of an event's job) is about, read afresh, with the
    context to triage it in; or why it is skipped."""
    record = client.read_issue(job.inputs.issue or 0)
    if record.is_pull_request:
        return _pull_request_skipped(record)
    if job.open_only and record.closed:
        number = record.issue.number or 0
        anyway = f"`triage run --issue {number}` triages it anyway"
        note = f"closed since the event: its labels are settled ({anyway})"
        return IssueOutcome(number, record.issue.title, "skipped", note=note, url=record.issue.url or "")
    candidate = Candidate(
        record.issue,
        record.comment_count,
        retriage=job.retriage,
        locked=record.locked,
        before_edit=job.before_edit,
    )
    return candidate, _rerun_context(context, job, record)


def _rerun_context(context: Context, job: ManualJob, record: IssueRecord) -> Context:
    """The re-run of an `edited` or `reopened` job whose first attempt may have labelled the issue
    and stopped before its comment: a label of ours on it now that the payload did not show makes
    the re-run finish it as that attempt would have, comment included. (A person who added one
    since cannot be told apart, as for the issue a resumed batch starts at.)"""
    if job.labels_at_event is None:
        return context
    rules, former = context.rules, context.rules.former_names
    before = {current_name(former, name) for name in job.labels_at_event}
    now = {current_name(former, name) for name in record.issue.labels}
    return _commenting_as_asked(context) if (now - before) & rules.managed_names else context


def _batch(
    inputs: DispatchInputs, client: GitHubClient, context: Context, out_of_time: TimeCheck
) -> RunReport:
    started = datetime.fromtimestamp(client.clock.now(), UTC)
    try:
        records = client.open_issues(inputs.label, inputs.since_at(started))
        records += _resume_issue_left_out(client, inputs, records)
    except RateLimitStop as stop:  # nothing done yet: the same inputs start it again
        stopped = f"stopped while listing the open issues, before any was triaged: {stop}; run it again"
        return RunReport((), inputs.dry_run, batch=True, stopped=stopped)
    except TriageError as error:
        return RunReport((), inputs.dry_run, batch=True, failure=f"listing the open issues: {error}")
    except KeyboardInterrupt:  # Ctrl-C, or Actions cancelling the job: a stop like the one above
        stopped = "interrupted while listing the open issues, before any was triaged; run it again"
        return RunReport((), inputs.dry_run, batch=True, stopped=stopped)
    renamed = next((r.repository for r in records if _elsewhere(r, client.full_name)), None)
    if renamed is not None:  # GitHub followed a 301 for the reads, and refuses every write the same way
        failure = (
            f"listing the open issues: GitHub lists them in {renamed}: the repository {client.full_name} "
            f"was renamed; run with GITHUB_REPOSITORY={renamed}"
        )
        return RunReport((), inputs.dry_run, batch=True, failure=failure)
    pulls = [r for r in records if r.is_pull_request]
    until = inputs.until or _second_after(max((r.updated_at for r in records), default=""))
    ours = context.rules.managed_or_former_names
    issues = [r for r in records if not r.is_pull_request]
    part_way = _left_part_way(issues, inputs)
    wants_more = _wants_more_labels(context)
    to_do = sorted(
        (r for r in issues if _still_to_do(r, inputs, ours, wants_more)),
        key=lambda r: (_resume_order(r, inputs), r.issue.number or 0),
    )
    candidates = [
        Candidate(
            r.issue,
            r.comment_count,
            updated_at=_resume_order(r, inputs),
            locked=r.locked,
            open_only=True,
            labels_as_of=r.updated_at,
        )
        for r in to_do
    ]
    done_before = f"; done by the run this resumes: {len(issues) - len(to_do)}" if inputs.until else ""
    print(
        f"triage: open issues to triage: {len(candidates)}; pull requests skipped: {len(pulls)}{done_before}"
    )
    report = run_batch(
        candidates,
        lambda candidate: triage_one(
            client, _resumed_context(context, candidate, part_way), candidate, dry_run=inputs.dry_run
        ),
        sys.stdout,
        dry_run=inputs.dry_run,
        out_of_time=out_of_time,
        until=time_text(until) if until else "",
        label=inputs.label,
        quiet=context.new_comments == "never",
    )
    skipped = tuple(_pull_request_skipped(r) for r in pulls)
    return replace(report, outcomes=skipped + report.outcomes)


def _elsewhere(record: IssueRecord, full_name: str) -> bool:
    """Listed under another repository's name than the run's: the run's was renamed, and GitHub
    redirected the listing. Every write would then be refused as if its issue were transferred."""
    return bool(record.repository) and record.repository.casefold() != full_name.casefold()


def _resume_issue_left_out(
    client: GitHubClient, inputs: DispatchInputs, records: tuple[IssueRecord, ...]
) -> tuple[IssueRecord, ...]:
    """The issue a resume point names, read by itself when the listing left it out although the
    stopped run wrote to it: its writes may have taken it out of the listing's filter (the label
    the batch was listed by, which triage removed). One request, on such a resume only."""
    number = inputs.from_issue
    if number is None or inputs.until is None or any(r.issue.number == number for r in records):
        return ()
    try:
        record = client.read_issue(number)
    except RequestRefusedError:  # gone, moved or unreadable: nothing is left to finish here
        return ()
    wanted = _updated_since_the_stop(record, inputs) and not record.closed and not record.is_pull_request
    return (record,) if wanted else ()


def _updated_since_the_stop(record: IssueRecord, inputs: DispatchInputs) -> bool:
    """Updated at or after the UNTIL of the resume point: by the stopped run's writes, or a person."""
    updated = parse_time(record.updated_at)
    return inputs.until is not None and updated is not None and updated >= inputs.until


def _wants_more_labels(context: Context) -> Callable[[IssueRecord], bool]:
    """Whether the rules would still add a label to an issue (from its text and labels alone): what
    `needs_timeline` asks of an issue that is not re-triaged."""

    def wants_more(record: IssueRecord) -> bool:
        classification = context.classifier.classify(record.issue)
        return needs_timeline(context.rules, classification, IssueState(record.issue), retriage=False)

    return wants_more


def _still_to_do(
    record: IssueRecord,
    inputs: DispatchInputs,
    ours: frozenset[str],
    wants_more: Callable[[IssueRecord], bool],
) -> bool:
    """False for what the stopped run this one resumes has done: within the second it stopped in,
    issues numbered before where it stopped; and issues it changed, now updated at or after its
    `until`, carrying a label of ours and every label the rules would add. The issue it stopped at
    is always kept (it may be part-way), and so is one a person touched since that carries none of
    our labels, or not all the rules want (the stopped run may never have reached it)."""
    updated = parse_time(record.updated_at)
    number = record.issue.number or 0
    if updated is None or number == inputs.from_issue:
        return True
    if _updated_since_the_stop(record, inputs):
        return not any(name.casefold() in ours for name in record.issue.labels) or wants_more(record)
    return not (inputs.from_issue is not None and updated == inputs.since and number < inputs.from_issue)


def _second_after(text: str) -> datetime | None:
    updated = parse_time(text)
    return None if updated is None else updated.replace(microsecond=0) + timedelta(seconds=1)


def _resume_order(record: IssueRecord, inputs: DispatchInputs) -> str:
    """The time an issue is ordered by: its `updated_at`, but for the issue the resume point names,
    the time the resume point gives it, which the stopped run's writes on it may have moved past
    UNTIL. So it comes first, and a run that stops again before it names it again."""
    if record.issue.number == inputs.from_issue and inputs.since is not None:
        return time_text(inputs.since)
    return record.updated_at


def _left_part_way(issues: list[IssueRecord], inputs: DispatchInputs) -> int | None:
    """The issue the resume point names, if the stopped run wrote to it (it was updated at or after
    UNTIL): it may have its labels and not yet its comment."""
    for record in issues:
        if record.issue.number == inputs.from_issue and _updated_since_the_stop(record, inputs):
            return inputs.from_issue
    return None


def _resumed_context(context: Context, candidate: Candidate, part_way: int | None) -> Context:
    """An issue the stopped run left part-way is finished as `triage run --issue N` would, comment
    included; any other keeps the batch's rule (a comment only where it gives a label)."""
    return _commenting_as_asked(context) if candidate.number == part_way else context


def _commenting_as_asked(context: Context) -> Context:
    """The context of a run that finishes an issue an earlier one left with its labels and not its
    comment: it comments as a run on that issue alone would. New comments off stay off."""
    return replace(context, new_comments="always") if context.new_comments == "with_labels" else context


def _pull_request_skipped(record: IssueRecord) -> IssueOutcome:
    return IssueOutcome(record.issue.number or 0, record.issue.title, "skipped", note="pull request")
