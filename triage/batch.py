"""Many issues in a row: the open issues listed, one at a time, a progress line each (or per 50 on
large runs), and a clean stop with a resume hint when the rate-limit budget runs out.

Issues go oldest update first (ties by number), so a resume point (`triage.dispatch`) can say
where the next run starts: the first unfinished issue's `updated_at` and number, and the moment
after the stopped run's listing, as issues we changed have moved past it and must not be done again.
"""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple, TextIO

from triage.dispatch import DispatchInputs, resume_point
from triage.errors import GitHubError, RateLimitStop, TriageError, WrongBotLoginError, not_before_clause
from triage.listed_text import ListedText, UnreadableBodyError
from triage.model import Issue
from triage.pipeline import Candidate, Context, closed_outcome, triage_one
from triage.refusal import RequestRefusedError
from triage.resume import (
    issues_to_do,
    left_part_way,
    left_to_finish,
    named_but_not_listed,
    resume_order,
    resumed_context,
    second_after,
)
from triage.run_output import describe, finish_command, kept_settings
from triage.summary import (
    IssueOutcome,
    ResumeAt,
    RunReport,
    Status,
    counts_line,
    counts_text,
    needs_a_look,
    skipped_issue,
)
from triage.wire import IssueRecord, time_text

if TYPE_CHECKING:
    from triage.github import GitHubClient

QUIET_ABOVE = 200
"""Runs over this many issues print a progress line per `QUIET_EVERY` issues instead of per issue."""
QUIET_EVERY = 50

Step = Callable[[Candidate], IssueOutcome]
TimeCheck = Callable[[], str | None]
"""Why the run must stop now (its time limit is reached), or None to go on."""


def triage_open_issues(
    inputs: DispatchInputs,
    client: GitHubClient,
    context: Context,
    out_of_time: TimeCheck,
    *,
    scheduled: bool = False,
    window: DispatchInputs | None = None,
) -> RunReport:
    """Every open issue matching `inputs` (on a resume, those still to do: `triage.resume`), each
    triaged in turn by `run_batch`; the pull requests listed among them are skipped. `scheduled`:
    a `schedule` event's sweep, which no one can run again with inputs (`Sweep`); `window`: the
    inputs it was given, when `inputs` resume it from a point kept in a file (`triage.sweep_state`),
    whose next scheduled run starts from them. Of what the listing read, the issues' bodies alone
    are not held in memory: each waits for its turn in a temporary file (`ListedText`)."""
    given = window or inputs
    sweep = Sweep(given.since_text, span=given.since_ago is not None) if scheduled else None
    with ListedText() as texts:
        return _triage_listed(inputs, client, context, out_of_time, texts, sweep=sweep)


def _triage_listed(
    inputs: DispatchInputs,
    client: GitHubClient,
    context: Context,
    out_of_time: TimeCheck,
    texts: ListedText,
    *,
    sweep: Sweep | None,
) -> RunReport:
    quiet = context.new_comments == "never"
    listed = _list_open_issues(inputs, client, texts, quiet=quiet, sweep=sweep)
    if isinstance(listed, RunReport):  # listing them stopped or failed: nothing was triaged
        return listed
    records, left_since_the_stop = listed
    pulls = [r for r in records if r.is_pull_request]
    until = inputs.until or second_after(max((r.updated_at for r in records), default=""))
    issues = [r for r in records if not r.is_pull_request]
    part_way = left_part_way(issues, inputs)
    to_do = issues_to_do(issues, inputs, context, texts.issue)
    candidates = [
        Candidate(
            r.issue,
            r.comment_count,
            updated_at=resume_order(r, inputs),
            locked=r.locked,
            open_only=True,
            labels_as_of=r.updated_at,
        )
        for r in to_do
    ]
    done_before = f"; {LEFT_OUT_SINCE_THE_STOP}: {len(issues) - len(to_do)}" if inputs.until else ""
    print(
        f"triage: open issues to triage: {len(candidates)}; pull requests skipped: {len(pulls)}{done_before}"
    )
    if inputs.label is not None and not records and inputs.until is None:
        span = inputs.since_ago is not None
        print(f"triage: {no_issue_with_label(inputs.label, inputs.since_text, span=span)}")
    for outcome in left_since_the_stop:
        print(f"triage: {describe(outcome)}", flush=True)
    return run_batch(
        candidates,
        lambda candidate: triage_one(
            client,
            resumed_context(context, candidate, part_way),
            replace(candidate, issue=texts.issue(candidate.issue)),
            dry_run=inputs.dry_run,
            show_unchanged=len(candidates) <= QUIET_ABOVE,
        ),
        sys.stdout,
        dry_run=inputs.dry_run,
        out_of_time=out_of_time,
        until=time_text(until) if until else "",
        label=inputs.label,
        quiet=quiet,
        skipped=(*(pull_request_outcome(r) for r in pulls), *left_since_the_stop),
        sweep=sweep,
        writes_settle=client.writes_settle,
    )


LEFT_OUT_SINCE_THE_STOP = "left out, updated since the stop with the labels the rules want"
"""How a resume names the issues `issues_to_do` leaves out: the stopped run's own, and as many
an event run or a person labelled since (a resumed nightly sweep's are all theirs)."""


def _list_open_issues(
    inputs: DispatchInputs,
    client: GitHubClient,
    texts: ListedText,
    *,
    quiet: bool,
    sweep: Sweep | None = None,
) -> tuple[tuple[IssueRecord, ...], tuple[IssueOutcome, ...]] | RunReport:
    """The open issues (and pull requests) a batch is about, their bodies put aside in `texts`, and
    the outcome of the issue a resume point names if it is no longer there to finish
    (`_resume_issue_left_out`); or, when listing them stops or fails, the report of a batch that
    triaged nothing."""
    started = datetime.fromtimestamp(client.clock.now(), UTC)
    step = "listing the open issues"
    try:
        records = client.open_issues(inputs.label, inputs.since_at(started), keep=texts.put_aside)
        step = "reading the issue the resume point names"
        left_out = _resume_issue_left_out(client, inputs, records)
    except RateLimitStop as stop:  # nothing done yet: the same inputs start it again
        again = _again(quiet, inputs, stop.not_before, sweep=sweep, started=started)
        said = f"stopped while listing the open issues, before any was triaged: {stop}"
        return _stopped_listing(inputs, said, again, quiet=quiet)
    except TriageError as error:
        return RunReport((), inputs.dry_run, batch=True, failure=f"{step}: {error}")
    except KeyboardInterrupt:  # Ctrl-C, or Actions cancelling the job: a stop like the one above
        again = _again(quiet, inputs, sweep=sweep, started=started)
        said = "interrupted while listing the open issues, before any was triaged"
        return _stopped_listing(inputs, said, again, quiet=quiet)
    renamed = next((r.repository for r in records if _elsewhere(r, client.full_name)), None)
    if renamed is not None:  # GitHub followed a 301 for the reads, and refuses every write the same way
        failure = (
            f"listing the open issues: GitHub lists them in {renamed}: the repository {client.full_name} "
            f"was renamed; run with GITHUB_REPOSITORY={renamed}"
        )
        return RunReport((), inputs.dry_run, batch=True, failure=failure)
    if isinstance(left_out, IssueOutcome):
        return records, (left_out,)
    return records + tuple(texts.put_aside(record) for record in left_out), ()


def _stopped_listing(inputs: DispatchInputs, said: str, again: str, *, quiet: bool) -> RunReport:
    """The report of a batch stopped before it triaged any issue; on a resume, with the resume point
    it was given (the next run starts there again), in the MODE of this run."""
    point = inputs.resume_text(labels_only=quiet, dry_run=inputs.dry_run)
    at = ResumeAt(point, inputs.from_issue, said) if point and inputs.from_issue else None
    return RunReport((), inputs.dry_run, batch=True, stopped=f"{said}; {again}", resume_at=at)


def _again(
    quiet: bool,
    inputs: DispatchInputs,
    not_before: str | None = None,
    *,
    sweep: Sweep | None = None,
    started: datetime | None = None,
) -> str:
    """What to say to run it again: with the inputs a re-dispatch must repeat, as a labels-only
    sweep started again with the default inputs would comment on every old issue it labels, and one
    without its `since` (or resume point) would widen to every open issue; and, after a limit, from
    when (`not_before_clause`). A resume point is given with this run's MODE (`resume_point`), which the
    value given may have lacked. A window given as a span (`26h`, `7d`) is given as the time it started
    from, which a later run counting back from its own start would leave out. A scheduled `sweep`
    cannot be run again with inputs: the workflow is dispatched with them, and the message says what
    the next scheduled run does instead."""
    since = inputs.resume_text(labels_only=quiet, dry_run=inputs.dry_run) or inputs.since_text
    if inputs.since_ago is not None and started is not None:
        since = time_text(inputs.since_at(started) or started)
    given, flags = _repeated(inputs.label, since, quiet=quiet, dry_run=inputs.dry_run)
    again = f" with {' '.join(given)} (`triage run {' '.join(flags)}`)" if given else ""
    when = not_before_clause(not_before)
    if sweep is None:
        return f"run it again{again}{when}"
    return f"dispatch this workflow{again}{when}; the next scheduled run {sweep.next_run()}"


class Sweep(NamedTuple):
    """A `schedule` event's sweep, whose stop cannot say "run again": a scheduled run takes no
    inputs, so the workflow is dispatched with them (workflow_dispatch), or the next scheduled run
    sweeps its own window afresh, knowing nothing of this one's resume point. `since`: the window as
    the action's `since` gives it (None: every open issue); `span`: a span back from the run's start
    (`26h`), which the next run counts from its own start."""

    since: str | None
    span: bool = False

    def next_run(self) -> str:
        """What the next scheduled run does instead of resuming: it `starts over from the oldest open
        issue`."""
        if self.since is None:
            return "starts over from the oldest open issue"
        if self.span:
            return (
                f"sweeps only the issues updated in the {self.since} before it starts, leaving out this "
                "run's issues updated before then"
            )
        return f"starts over from the oldest open issue updated since {self.since}"


def _repeated(
    label: str | None, since: str | None, *, quiet: bool, dry_run: bool
) -> tuple[list[str], list[str]]:
    """The dispatch inputs and the `triage run` flags that repeat a run's settings: its label
    filter, where it starts, new comments off, a dry run."""
    given = [f"label={label}"] if label else []
    flags = [f"--label {shlex.quote(label)}"] if label else []
    if since is not None:
        given.append(f"since={since}")
        flags.append(f"--since {shlex.quote(since)}")
    kept_inputs, kept_flags = kept_settings(quiet=quiet, dry_run=dry_run)
    return given + kept_inputs, flags + kept_flags


def _elsewhere(record: IssueRecord, full_name: str) -> bool:
    """Listed under another repository's name than the run's: the run's was renamed, and GitHub
    redirected the listing. Every write would then be refused as if its issue were transferred."""
    return bool(record.repository) and record.repository.casefold() != full_name.casefold()


def _resume_issue_left_out(
    client: GitHubClient, inputs: DispatchInputs, records: tuple[IssueRecord, ...]
) -> tuple[IssueRecord, ...] | IssueOutcome:
    """The issue a resume point names, read by itself when the listing left it out (see
    `named_but_not_listed`), if the stopped run wrote to it. One request, on such a resume only.
    When it was deleted, transferred or closed since the stop, or cannot be read, its outcome says
    so: the stop named it as the one to resume from, and may have said it was left part-way."""
    number = named_but_not_listed(inputs, records)
    if number is None:
        return ()
    try:
        record = client.read_issue(number)
    except RequestRefusedError as refused:
        if refused.fails_every_issue:
            raise
        if refused.issue_gone:
            return gone_outcome(number, refused, "since the stop")
        return IssueOutcome(number, "", "failed", note=str(refused))
    if record.closed and not record.is_pull_request:
        return closed_outcome(record.issue, number, "since the stop")
    return (record,) if left_to_finish(record, inputs) else ()


def no_issue_with_label(label: str, since: str | None, *, span: bool = False) -> str:
    """What a batch chosen by a label that listed nothing says: GitHub lists nothing, and no error,
    for a label the repository does not have, so a misspelt name looks like a label on no issue.
    `span`: `since` is a span back from the run's start (`26h`), not a date."""
    window = (
        f" updated in the {since} before this run" if span else f" updated since {since}" if since else ""
    )
    return (
        f"no open issue{window} carries the label {label!r}; GitHub lists none, without an error, for a "
        "label the repository does not have: check its name as the repository's labels page writes it"
    )


def run_batch(
    candidates: Sequence[Candidate],
    step: Step,
    out: TextIO,
    *,
    dry_run: bool,
    out_of_time: TimeCheck = lambda: None,
    until: str = "",
    label: str | None = None,
    quiet: bool = False,
    skipped: tuple[IssueOutcome, ...] = (),
    sweep: Sweep | None = None,
    writes_settle: Callable[[], str | None] = lambda: None,
) -> RunReport:
    """Triage each candidate in turn; a `RateLimitStop`, running out of time before an issue, a body
    the batch's temporary file fails to give back (`UnreadableBodyError`: a failing disk, which a
    resumed run, listing afresh into a file of its own, may not meet), or an interrupt (a cancelled
    job) ends the run with what was done so far and the resume point.
    `until` (where the listing ended), `label` (its filter), `quiet` (new comments off) and
    `dry_run` go into the resume hint; `skipped` (the pull requests listed, and the issue a resume
    point names when it is gone, closed or unreadable) count in the report, and a stop names those
    of them that failed with the rest, as the resume point it gives is past them too. `sweep`: a
    scheduled run's, whose resume hint says to dispatch the workflow (`Sweep`). `writes_settle`:
    for a stop at the time limit or an interrupt, which wait for nothing themselves, the minute a
    new run may start without its writes and this run's passing GitHub's hour together
    (`GitHubClient.writes_settle`)."""
    outcomes: list[IssueOutcome] = []
    tally: Counter[Status] = Counter()
    resume = Resume(until, label, quiet, dry_run, sweep)

    def report(stopped: str | None = None, failure: str | None = None, reached: int = 0) -> RunReport:
        left = len(candidates) - reached if stopped or failure else 0
        return RunReport(
            skipped + tuple(outcomes), dry_run, batch=True, stopped=stopped, failure=failure, not_reached=left
        )

    def stopped(reason: str, index: int, not_before: str | None = None) -> RunReport:
        failed = [outcome.number for outcome in (*skipped, *outcomes) if outcome.status == "failed"]
        message = stop_message(reason, candidates, index, resume, failed, not_before=not_before)
        at = resume_at(reason, candidates, index, resume, failed)
        return replace(report(stopped=message, reached=index), resume_at=at)

    for index, candidate in enumerate(candidates):
        late = out_of_time()
        if late is not None:
            return stopped(late, index, writes_settle())
        try:
            outcomes.append(_one(step, candidate))
        except RateLimitStop as stop:
            return stopped(str(stop), index, stop.not_before)
        except UnreadableBodyError as error:  # read before any request for the issue: none of it is written
            return stopped(str(error), index)
        except TriageError as error:  # fails every issue alike (a bad token, a failing template): stop
            outcomes.append(failed_outcome(candidate, error))
            return report(failure=str(error), reached=index + 1)
        except KeyboardInterrupt:  # Ctrl-C, or Actions cancelling the job (SIGINT first)
            interrupted = interrupted_message(candidate.number, quiet=quiet, dry_run=dry_run)
            return stopped(interrupted, index, writes_settle())
        tally[outcomes[-1].status] += 1
        _progress(out, outcomes[-1], tally, len(candidates))
    done = "done (dry run: nothing written)" if dry_run else "done"
    print(f"triage: {done}: {counts_line(report())}", file=out)
    return report()


def interrupted_message(number: int, *, quiet: bool = False, dry_run: bool = False) -> str:
    """`quiet`: new comments are off, and the command that finishes the issue keeps them off. A dry
    run wrote nothing, so it left nothing to finish."""
    if dry_run:
        return f"interrupted during #{number} (a dry run: nothing was written)"
    finish = finish_command(number, quiet=quiet)
    return f"interrupted during #{number}, which may be part-way: `{finish}` finishes it"


def _one(step: Step, candidate: Candidate) -> IssueOutcome:
    """One issue; GitHub refusing it (404, 422, 5xx to the end) fails it alone. One transferred or
    deleted since the listing is skipped: a sweep that meets one is not a failed job."""
    try:
        return step(candidate)
    except RequestRefusedError as refused:
        if refused.fails_every_issue:
            raise
        if refused.issue_gone:
            return gone_outcome(candidate.number, refused, "since the listing", candidate.issue)
        return failed_outcome(candidate, refused)
    except WrongBotLoginError:
        raise
    except GitHubError as error:
        return failed_outcome(candidate, error)


def failed_outcome(candidate: Candidate, error: TriageError) -> IssueOutcome:
    """The outcome of an issue that `error` stopped, with the issue's page for its summary row."""
    issue = candidate.issue
    return IssueOutcome(candidate.number, issue.title, "failed", note=str(error), url=issue.url or "")


def gone_outcome(number: int, refused: TriageError, since: str, issue: Issue | None = None) -> IssueOutcome:
    """The outcome of an issue transferred or deleted `since` it was seen: skipped, and why; with its
    title and page when it was read before it went."""
    title, url = ("", "") if issue is None else (issue.title, issue.url or "")
    return IssueOutcome(number, title, "skipped", note=f"gone {since}: {refused}", url=url)


def pull_request_outcome(record: IssueRecord) -> IssueOutcome:
    """A pull request listed or named as an issue: skipped."""
    number = record.issue.number or 0
    return IssueOutcome(number, record.issue.title, "skipped", note="pull request", pull_request=True)


class Resume(NamedTuple):
    """What a resume hint carries besides the resume point: where the listing ended (`until`), and
    the run's own settings the next run must repeat (its `label` filter, new comments off, dry run:
    a real run resumed from a dry run's point would skip the issues before it, never triaged)."""

    until: str = ""
    label: str | None = None
    quiet: bool = False
    dry_run: bool = False
    sweep: Sweep | None = None


def stop_message(
    reason: str,
    candidates: Sequence[Candidate],
    index: int,
    resume: Resume,
    failed: Sequence[int] = (),
    *,
    not_before: str | None = None,
) -> str:
    """What was done, why the run stopped, and how to pick up from the first unfinished issue
    (with the run's `label` filter, as the resume point only makes sense within it, new comments
    still off if they were: a sweep that was quiet stays quiet, and a dry run still dry; the resume
    point's MODE says both, so a resume that leaves out those inputs stays so), and from
    when if a limit stopped it (`not_before`); and the issues that `failed` before the stop, which
    the resume starts past."""
    done = _done(candidates, index)
    first = candidates[index]
    inputs, flags = _repeated(resume.label, _since(first, resume), quiet=resume.quiet, dry_run=resume.dry_run)
    again = "run again" if resume.sweep is None else "dispatch this workflow"
    said = (
        f"{done}: {reason}. To resume from #{first.number}, {again} with {' '.join(inputs)} "
        f"(`triage run {' '.join(flags)}`){not_before_clause(not_before)}"
    )
    if resume.sweep is not None:
        said += f". The next scheduled run takes no resume point: it {resume.sweep.next_run()}"
    return said + _failed_left(failed, resume) if failed else said


def _done(candidates: Sequence[Candidate], index: int) -> str:
    """`stopped after 2 of 6 issues (last done: #4)`; `(last done: #1394, issues go by their last
    update)` where the issue to resume from has a lower number, which would otherwise read as one
    already passed."""
    done = f"stopped after {index} of {len(candidates)} issue{'' if len(candidates) == 1 else 's'}"
    if index == 0:
        return done
    last = candidates[index - 1].number
    behind = index < len(candidates) and candidates[index].number < last
    return f"{done} (last done: #{last}{', issues go by their last update' if behind else ''})"


def resume_at(
    reason: str, candidates: Sequence[Candidate], index: int, resume: Resume, failed: Sequence[int] = ()
) -> ResumeAt | None:
    """The stop's resume point, with the MODE of the run, for a run that keeps it in a file; None
    when the listing's end is unknown (`until`), as then the stop has no resume point to give."""
    if not resume.until:
        return None
    first = candidates[index]
    left = _failed_left(failed, resume) if failed else ""
    return ResumeAt(_since(first, resume), first.number, f"{_done(candidates, index)}: {reason}", left)


def _since(first: Candidate, resume: Resume) -> str:
    """The `since` value that resumes at `first`: its resume point, with the run's MODE, where the
    listing's end (`until`) is known; its time alone where it is not."""
    if not resume.until:
        return first.updated_at
    return resume_point(
        first.updated_at, first.number, resume.until, labels_only=resume.quiet, dry_run=resume.dry_run
    )


FAILED_NAMED = 10
"""A stop, or a run's last line, names at most this many of the issues that failed (the summary has
them all)."""


def failed_message(failed: Sequence[int], total: int, *, quiet: bool = False, dry_run: bool = False) -> str:
    """What a run whose issues failed ends with (exit 1): which, so that the run's page shows them
    beside its exit code, and how to retry one with the run's own settings (`quiet`: new comments
    off, `dry_run`): the retry of a labels-only sweep posts no comment, and a dry run's writes nothing."""
    issues = "issue" if total == 1 else "issues"
    retry = " ".join(["triage run --issue N", *kept_settings(quiet=quiet, dry_run=dry_run)[1]])
    return (
        f"{len(failed)} of {total} {issues} failed ({_named(failed)}): each one's line above says why, and "
        f"`{retry}` retries one"
    )


def _failed_left(failed: Sequence[int], resume: Resume) -> str:
    """The issues that failed before a stop: the resume point is past them, and the resumed run
    may end well, so the hint says they are left, and the command that retries one."""
    which = "the issue that failed" if len(failed) == 1 else f"the {len(failed)} issues that failed"
    number = str(failed[0]) if len(failed) == 1 else "N"
    _, flags = kept_settings(quiet=resume.quiet, dry_run=resume.dry_run)
    retry = " ".join([f"triage run --issue {number}", *flags])
    one = "it" if len(failed) == 1 else "one"
    return f". The resume does not take again {which} ({_named(failed)}): `{retry}` retries {one}."


def _named(failed: Sequence[int]) -> str:
    """The issues that failed, by number: the first `FAILED_NAMED`, then how many more."""
    named = ", ".join(f"#{number}" for number in failed[:FAILED_NAMED])
    if len(failed) > FAILED_NAMED:
        named += f" and {len(failed) - FAILED_NAMED} more, in the summary"
    return named


def _progress(out: TextIO, outcome: IssueOutcome, tally: Counter[Status], total: int) -> None:
    """`tally`: the statuses of the issues done so far, `outcome` the last, counted as they come:
    counting every outcome again for each line of counts made a long batch's lines quadratic.
    Flushed: in an Actions job stdout is a pipe, which would hold a long batch's progress back
    in blocks of a few KiB (and lose it if the job is killed)."""
    done = tally.total()
    if total <= QUIET_ABOVE or needs_a_look(outcome) or skipped_issue(outcome):
        print(f"[{done}/{total}] {describe(outcome)}", file=out, flush=True)
    if total > QUIET_ABOVE and (done % QUIET_EVERY == 0 or done == total):
        print(f"[{done}/{total}] {counts_text(tally)}", file=out, flush=True)
