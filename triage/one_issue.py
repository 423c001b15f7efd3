"""One issue triaged by `triage run`: an event's issue from its payload, or an issue read afresh
(a run by hand on one issue, the re-run of an event's job, a late `opened` job), with what a stop,
a refusal or an interrupt on it means for the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from triage.batch import failed_outcome, gone_outcome, interrupted_message, pull_request_outcome
from triage.errors import RateLimitStop, TriageError, not_before_clause
from triage.job import EventJob, ManualJob, is_dry_run
from triage.model import current_name
from triage.pipeline import Candidate, Context, closed_outcome, triage_one
from triage.refusal import RequestRefusedError
from triage.resume import commenting_as_asked
from triage.run_output import describe, kept_settings
from triage.summary import IssueOutcome, RunReport

if TYPE_CHECKING:
    from triage.github import GitHubClient
    from triage.wire import IssueRecord


def run_one_issue(job: EventJob | ManualJob, client: GitHubClient, context: Context) -> RunReport:
    """The issue of an event's job, or of a manual job that names one, triaged; its outcome, or why
    the run stopped or failed on it."""
    dry_run = is_dry_run(job)
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
        again = _run_again(
            _number_of(job),
            quiet=quiet,
            dry_run=dry_run,
            started_by=_started_by(job),
            not_before=stop.not_before,
        )
        return RunReport((), dry_run, stopped=f"{stop}. {again}")
    except TriageError as error:  # GitHub refused, or a comment template failed: the summary says so
        if _gone_since_the_event(error, job):  # not a failed job
            issue = None if candidate is None else candidate.issue
            outcome = gone_outcome(_number_of(job), error, "since the event", issue)
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


def _gone_since_the_event(error: TriageError, job: EventJob | ManualJob) -> TypeGuard[RequestRefusedError]:
    """An event's issue transferred or deleted before its job wrote: nothing to do, not a failure.
    A run by hand on that issue fails, naming where it went: the person asked for that issue."""
    return _for_an_event(job) and isinstance(error, RequestRefusedError) and error.issue_gone


def _for_an_event(job: EventJob | ManualJob) -> bool:
    """An event's job, or its re-run (or a late `opened` job), read afresh as a manual job."""
    return isinstance(job, EventJob) or job.open_only


def _run_again(
    number: int, *, quiet: bool, dry_run: bool, started_by: str, not_before: str | None = None
) -> str:
    """How to triage the issue of a one-issue run that stopped, with the run's own settings; an
    event's job is best re-run, which triages the issue as the event asked. Only a dispatched run,
    or one from a terminal, is run again with inputs: for an event's or a schedule's, the workflow
    is dispatched with them. After a limit, from when (`not_before`), as a batch's stop says it: a
    job re-run sooner meets the same limit and stops again."""
    kept_inputs, kept_flags = kept_settings(quiet=quiet, dry_run=dry_run)
    inputs, flags = [f"issue={number}", *kept_inputs], [f"--issue {number}", *kept_flags]
    again = "run again" if started_by in ("workflow_dispatch", "") else "dispatch this workflow"
    rerun = "re-run this job, or " if started_by == "issues" else ""
    return (
        f"To triage #{number} later, {rerun}{again} with {' '.join(inputs)} (`triage run {' '.join(flags)}`)"
        f"{not_before_clause(not_before)}"
    )


def _started_by(job: EventJob | ManualJob) -> str:
    """The event that started the run: `issues` for an event's job (and its re-run, or a late
    `opened` job, read afresh as a manual job that says so)."""
    return "issues" if isinstance(job, EventJob) else job.started_by


def _number_of(job: EventJob | ManualJob) -> int:
    return job.candidate.number if isinstance(job, EventJob) else job.inputs.issue or 0


def _read_one(
    job: ManualJob, client: GitHubClient, context: Context
) -> tuple[Candidate, Context] | IssueOutcome:
    """The issue a manual run (or the re-run of an event's job) is about, read afresh, with the
    context to triage it in; or why it is skipped."""
    record = client.read_issue(job.inputs.issue or 0)
    if record.is_pull_request:
        return pull_request_outcome(record)
    if job.open_only and record.closed:
        return closed_outcome(record.issue, record.issue.number or 0, "since the event")
    candidate = Candidate(
        record.issue,
        record.comment_count,
        retriage=job.retriage,
        locked=record.locked,
        count_may_be_stale=True,  # GitHub's count may not have caught up with a comment just posted
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
    return commenting_as_asked(context) if (now - before) & rules.managed_names else context
