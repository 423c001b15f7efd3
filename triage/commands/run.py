"""`triage run`: triage issues on GitHub, from an Actions event or by hand.

An `issues` event (opened, edited, reopened; not an edit of a closed issue) triages the issue in its
payload; `workflow_dispatch` (or a run outside Actions) triages one issue (`issue`) or every open
issue matching `label` and `since`. Everything that can be wrong with the input (rules and their
comment template, payload, dispatch inputs, token) is checked before the first request. Dry-run
decides exactly as a real run and never calls the writer.

This module is the command: its flags, its input checked, its report written. What the run is
about is `triage.job`'s; one issue is `triage.one_issue`'s; a batch is `triage.batch`'s, which
leaves to `triage.resume` what a resumed batch still has to do.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from triage.annotations import warning_run_annotation
from triage.backoff import RetryPolicy, Timekeeper
from triage.batch import TimeCheck, failed_message, triage_open_issues
from triage.classify import compile_rules
from triage.dispatch import DispatchInputs, boolean
from triage.errors import InputError, RateLimitStop, RulesError, TriageError, UsageError
from triage.event import (
    DEFAULT_BOT,
    FORMER_BOT_LOGINS_ENV,
    bot_login_from,
    former_bot_logins_from,
    given_bot_login,
)
from triage.job import EventJob, Job, ManualJob, Skip, choose_job, is_dry_run
from triage.model import Rules
from triage.one_issue import run_one_issue
from triage.path_checks import exists, is_folder
from triage.pipeline import Context
from triage.plan import NewComments
from triage.render import load_template
from triage.ruleset import DEFAULT_RULES, load_rules
from triage.safe_text import log_line
from triage.summary import LABELS_ONLY_RESUMED, RunReport, check_writable, write_outputs, write_summary
from triage.sweep_state import (
    continues_message,
    not_finished_message,
    not_saved_message,
    read_state,
    resume_choice,
    state_after,
    write_state,
)

if TYPE_CHECKING:  # PyGithub is imported when a run connects: `triage --help` builds this command too
    from triage.github import GitHubClient

DEFAULT_WAIT_MINUTES = RetryPolicy().wait_budget / 60


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", default=DEFAULT_RULES, metavar="PATH", help=f"default: {DEFAULT_RULES}")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan and the comment; write nothing (env TRIAGE_DRY_RUN=true, the action's dry-run)",
    )
    parser.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help=f"who triage writes as (env TRIAGE_BOT_LOGIN, else {DEFAULT_BOT}, the Actions token's; "
        "from a terminal, a run that writes needs it)",
    )
    parser.add_argument(
        "--former-bot-login",
        action="append",
        metavar="LOGIN",
        help="a login triage wrote as before --bot-login, whose comment it edits rather than post a "
        "second, and whose labels it may take off; repeatable (env "
        f"{FORMER_BOT_LOGINS_ENV}, comma- or space-separated)",
    )
    parser.add_argument(
        "--no-new-comments",
        action="store_true",
        help="labels only: post no comment on an issue that has none of triage's (one already there is "
        "still kept in step); for a first sweep of old issues (env TRIAGE_NEW_COMMENTS=false, the "
        "dispatch input new-comments)",
    )
    parser.add_argument(
        "--issue",
        metavar="N",
        help="triage this issue, N or #N (overrides the dispatch's `issue`; refused beside its `label` "
        "or `since`)",
    )
    parser.add_argument("--label", metavar="LABEL", help="only open issues with this label")
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="only issues updated since YYYY-MM-DD (or a UTC time), or within a span back from now (26h, "
        "7d), or the resume point a stopped run printed (TIME,ISSUE,UNTIL, with ,labels-only or ,dry-run "
        "after it from such a run, which the resume stays); a `schedule` event takes it from TRIAGE_SINCE",
    )
    parser.add_argument(
        "--resume-file",
        metavar="PATH",
        help="keep a batch's resume point in this file between runs: a run starts from the point saved "
        "there (when it is one of a run like this one), and a stop saves its point there and exits 0; "
        "a batch that finishes writes that none is pending (env TRIAGE_RESUME_FILE, which the action "
        "sets for a `schedule` event unless its resume-sweeps is false)",
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
        report = RunReport((), failure=str(error))
        with contextlib.suppress(InputError):  # an unwritable summary is told as the error, if it is one
            write_summary(env.get("GITHUB_STEP_SUMMARY"), report)
        with contextlib.suppress(InputError):  # every output is set, for a later step's `if: always()`
            write_outputs(env.get("GITHUB_OUTPUT"), report)
        raise
    if isinstance(job, Skip):
        print(f"triage: skipped: {job.reason}{' (dry run: nothing written)' if args.dry_run else ''}")
        write_summary(env.get("GITHUB_STEP_SUMMARY"), RunReport((), skipped=job.reason))
        write_outputs(env.get("GITHUB_OUTPUT"), RunReport(()))  # every output is set: 0 and []
        return 0
    limit = time_limit(args.max_minutes, client.clock)
    if args.max_minutes is not None and isinstance(job, ManualJob) and job.inputs.issue is None:
        # A wait that would carry the batch past its limit (the job's timeout just above it) stops it
        # before the wait, with its resume point, rather than leave the job to be killed while waiting.
        end = client.clock.now() + args.max_minutes * 60
        client.stop_waits_past(end, f"the batch's time limit of {args.max_minutes:g} minutes (max-minutes)")
    resumes_quiet = isinstance(job, ManualJob) and job.inputs.resumes_labels_only
    quiet = (
        args.no_new_comments or (isinstance(job, ManualJob) and not job.inputs.new_comments) or resumes_quiet
    )
    if is_dry_run(job):  # the first line, as the README says
        print("triage: dry run: nothing is written; each line says what a real run would do")
    if resumes_quiet:
        print(f"triage: new comments off: {LABELS_ONLY_RESUMED}")
    elif quiet:
        print("triage: new comments off: labels only, and a comment of triage's already there kept in step")
    new_comments = _new_comments(job, quiet=quiet)
    former = args.former_bot_login
    context = Context(rules, compile_rules(rules), bot_login, new_comments, former_bot_logins=former)
    given = job.inputs if isinstance(job, ManualJob) else None
    state_file = args.resume_file if isinstance(job, ManualJob) else None
    said_of_the_file = None
    if isinstance(job, ManualJob) and state_file is not None:
        job, said_of_the_file = _from_saved_point(job, state_file, env, quiet=quiet, now=client.clock.now())
    report = replace(
        execute(job, client, context, limit, window=given),
        new_comments=not quiet,
        labels_only_resumed=resumes_quiet,
        resume_file=said_of_the_file,
    )
    saved = False
    if state_file is not None and given is not None:
        report, saved = _keep_state(state_file, report, given, env, scheduled=given_by_schedule(job))
    write_summary(env.get("GITHUB_STEP_SUMMARY"), report)
    write_outputs(env.get("GITHUB_OUTPUT"), report)
    if report.failure:
        raise TriageError(report.failure)  # already a message: a refusal, a failing template
    if report.stopped and not saved:
        raise RateLimitStop(report.stopped)
    if report.stopped:  # its point is in the file: the next run goes on from it, and this one succeeds
        _warn(report.stopped, env)
    issues = [outcome for outcome in report.outcomes if not outcome.pull_request]
    failed = [outcome.number for outcome in issues if outcome.status == "failed"]
    if failed:
        raise TriageError(failed_message(failed, len(issues), quiet=quiet, dry_run=is_dry_run(job)))
    return 0


def _from_saved_point(
    job: ManualJob, path: str, env: Mapping[str, str], *, quiet: bool, now: float
) -> tuple[ManualJob, str | None]:
    """The job, resumed from the point its resume file holds when that is a point a run like this
    one printed (`sweep_state.resume_choice`); as it is otherwise, with a line saying why, which is
    returned too for the job summary. A file that is not one of ours is ignored with a warning
    naming it: it came from a cache, and failing every run over it would be worse."""
    saved, warning = read_state(path)
    if warning is not None:
        _warn(warning, env)
    at = datetime.fromtimestamp(now, UTC)
    choice = resume_choice(saved, job.inputs, path, labels_only=quiet, dry_run=job.inputs.dry_run, now=at)
    if choice.said is not None:
        print(f"triage: {log_line(choice.said)}", flush=True)
    return replace(job, inputs=choice.inputs), choice.said


def _keep_state(
    path: str, report: RunReport, given: DispatchInputs, env: Mapping[str, str], *, scheduled: bool
) -> tuple[RunReport, bool]:
    """The report once the resume file holds what the batch leaves (`sweep_state.state_after`), and
    whether a stop's point was saved there. A stop whose point could not be saved keeps its hint
    to run again, and says why the file does not have it; a batch that finished and could not say
    so there warns on the run's page, as the next run then reads the file as it was."""
    text = state_after(report, window=given.since_text, label=given.label)
    if text is None:
        return report, False
    try:
        write_state(path, text)
    except OSError as error:
        if report.stopped is None:
            _warn(not_finished_message(path, error), env)
            return report, False
        return replace(report, stopped=not_saved_message(report.stopped, path, error)), False
    at = report.resume_at
    if at is None:
        return report, False
    return replace(report, stopped=continues_message(at, path, scheduled=scheduled)), True


def _warn(message: str, env: Mapping[str, str]) -> None:
    """A warning on stderr, and on the run's page in Actions."""
    print(f"triage: {log_line(message)}", file=sys.stderr, flush=True)
    if env.get("GITHUB_ACTIONS") == "true":
        print(warning_run_annotation(log_line(message)), file=sys.stderr, flush=True)


def given_by_schedule(job: EventJob | ManualJob) -> bool:
    """A `schedule` event's sweep, whose next run is the next scheduled one."""
    return isinstance(job, ManualJob) and job.started_by == "schedule"


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
    """The rules, the bot login, the job and a client: all the input checked, no request made.
    `args.former_bot_login` becomes the former bot logins, from the flags or the environment."""
    if args.max_minutes is None:
        args.max_minutes = _minutes_from(env, "TRIAGE_MAX_MINUTES", "max-minutes")
    if args.max_wait_minutes is None:
        waits = _minutes_from(env, "TRIAGE_MAX_WAIT_MINUTES", "max-wait-minutes")
        args.max_wait_minutes = waits or DEFAULT_WAIT_MINUTES
    where = "TRIAGE_NEW_COMMENTS (the action's `new-comments`)"
    args.no_new_comments = args.no_new_comments or not boolean(
        env.get("TRIAGE_NEW_COMMENTS"), where, default=True
    )
    where = "TRIAGE_DRY_RUN (the action's `dry-run`)"
    args.dry_run = args.dry_run or boolean(env.get("TRIAGE_DRY_RUN"), where)
    args.resume_file = _resume_file(args.resume_file, env)
    rules = _load_rules(args.rules)
    bot_login = bot_login_from(args.bot_login, env)
    args.former_bot_login = former_bot_logins_from(args.former_bot_login, env)
    from triage.github import DEFAULT_API_URL, connect, default_timekeeper  # noqa: PLC0415 - see above

    job = choose_job(args, env, bot_login, now=default_timekeeper().now())
    _refuse_a_default_login_by_hand(job, args.bot_login, env)
    _refuse_a_resume_file_beside(job, args.resume_file)
    client = connect(
        env.get("GITHUB_TOKEN"),
        env.get("GITHUB_REPOSITORY"),
        env.get("GITHUB_API_URL") or DEFAULT_API_URL,
        policy=RetryPolicy(wait_budget=args.max_wait_minutes * 60),
    )
    if not isinstance(job, Skip):
        load_template(rules)  # a broken template of the rules' own stops the run before its first request
    for variable in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        check_writable(env.get(variable), variable)
    return rules, bot_login, job, client


def _refuse_a_default_login_by_hand(job: Job, option: str | None, env: Mapping[str, str]) -> None:
    """A run from a terminal (no `GITHUB_EVENT_NAME`) that writes, with no bot login given, is
    refused before any request: it writes as the token's owner, never as the default login (the
    Actions token's, which exists only inside a workflow run), so its labels would be a person's
    to every later run and never taken off. A run that comments is caught at its first comment;
    a labels-only one (`--no-new-comments`, as a stopped sweep's hint offers) never would be."""
    if not isinstance(job, ManualJob) or job.started_by or is_dry_run(job):
        return
    if given_bot_login(option, env):
        return
    raise UsageError(
        f"from a terminal, triage writes as the token's owner, not as {DEFAULT_BOT} (the Actions "
        "token's login, which only a workflow run has): give that login as --bot-login (or "
        "TRIAGE_BOT_LOGIN; `gh api user --jq .login` prints a personal token's), so that later runs "
        "know the labels and comment it writes for triage's; --dry-run needs none"
    )


def _resume_file(option: str | None, env: Mapping[str, str]) -> str | None:
    """The resume file: `--resume-file`, else TRIAGE_RESUME_FILE unless TRIAGE_RESUME_SWEEPS (the
    action's `resume-sweeps`, checked whatever is given) is false; None for none."""
    where = "TRIAGE_RESUME_SWEEPS (the action's `resume-sweeps`)"
    resumes = boolean(env.get("TRIAGE_RESUME_SWEEPS"), where, default=True)
    if option is not None:
        if not option.strip():
            raise UsageError("--resume-file is empty: give the path of the file, or leave --resume-file out")
        return option
    return (env.get("TRIAGE_RESUME_FILE") or None) if resumes else None


def _refuse_a_resume_file_beside(job: Job, path: str | None) -> None:
    """A resume file is a batch's: it is refused beside one issue (`--issue`, the dispatch's `issue`,
    an `issues` event), and beside a resume point given as `since`, which it would contend with."""
    if path is None or isinstance(job, Skip):
        return
    if isinstance(job, EventJob) or job.inputs.issue is not None:
        raise UsageError(
            "--resume-file (TRIAGE_RESUME_FILE) keeps a batch's resume point between runs, and this run "
            "triages one issue (--issue, the dispatch's `issue`, or an `issues` event): give one or the other"
        )
    if job.inputs.from_issue is not None:
        raise UsageError(
            "--resume-file (TRIAGE_RESUME_FILE) takes the resume point from its file, and a resume point "
            "was given as since (--since, TRIAGE_SINCE or the dispatch's `since`): give one or the other"
        )


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
        if is_folder(path):
            hint = (
                "the action's `rules` input (`--rules`) must name the rules file itself, not a folder "
                f"(by default {DEFAULT_RULES})"
            )
        elif not exists(path):
            hint = (
                "the action's `rules` input (`--rules`) is a path relative to the workspace: check the "
                "repository out before this step (actions/checkout), or correct the path"
            )
        else:
            raise
        raise InputError(f"{error}: {hint}") from None


def _minutes_from(env: Mapping[str, str], name: str, action_input: str) -> float | None:
    """Minutes from the environment variable `name`, which the action sets from `action_input`;
    None when it is unset or empty (an action input left empty)."""
    if not env.get(name):
        return None
    try:
        return _minutes(env[name])
    except argparse.ArgumentTypeError as error:
        raise InputError(f"{name} (the action's `{action_input}`): {error}") from None


def time_limit(minutes: float | None, clock: Timekeeper) -> TimeCheck:
    """A check that says, once `minutes` have passed on `clock`, why the batch must stop."""
    if minutes is None:
        return lambda: None
    end = clock.now() + minutes * 60

    def out_of_time() -> str | None:
        reached = f"the batch's time limit of {minutes:g} minutes (max-minutes) is reached"
        return reached if clock.now() >= end else None

    return out_of_time


def execute(
    job: EventJob | ManualJob,
    client: GitHubClient,
    context: Context,
    out_of_time: TimeCheck = lambda: None,
    *,
    window: DispatchInputs | None = None,
) -> RunReport:
    """A batch when the job names no issue (`triage.batch`), which leaves part of the primary rate
    limit unspent (`GitHubClient.keep_a_reserve`), else its one issue (`triage.one_issue`).
    `window`: the inputs the batch was given, when it resumes from a point its resume file held."""
    if isinstance(job, ManualJob) and job.inputs.issue is None:
        client.keep_a_reserve()  # the runs on new issues in the rest of the hour get it
        return triage_open_issues(
            job.inputs, client, context, out_of_time, scheduled=given_by_schedule(job), window=window
        )
    return run_one_issue(job, client, context)
