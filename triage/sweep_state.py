"""A batch's resume point kept in a file between runs (`triage run --resume-file`), so that the next
run of a sweep that stopped (a scheduled one: the action keeps the file in the Actions cache)
continues from where it stopped instead of starting over, and the stop itself need not fail the job.

The file holds `since=POINT` (the resume point the stop printed, `TIME,ISSUE,UNTIL[,MODE]`) with the
sweep it belongs to (`window=`, the `since` the sweep was given, empty for every open issue, and
`label=`), or `finished`. Which `since` a run takes, and what it writes back, are decided here from
values alone (`resume_choice`, `state_after`); `read_state` and `write_state` are the file's edge.

A saved point is taken only by a run that would print the same MODE for itself (labels-only, dry
run), with the same label filter, and that covers the run's own window: the sweep saved was over the
same window (every issue updated before TIME was done by the runs before, which listed from an
earlier start), or TIME is not after the start of this run's window (its listing reaches back as
far). Anything else is ignored with a line saying why, never refused: a refusal there would fail
every night. So is a file that cannot be read as one of ours: it came from a cache.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from triage.dispatch import CLOCK_SKEW, DRY_RUN, LABELS_ONLY, DispatchInputs, with_flags
from triage.errors import InputError
from triage.safe_text import clip, loggable
from triage.summary import ResumeAt, RunReport

FINISHED = "finished"
HEADER = "# triage run --resume-file: where the next run of this sweep starts"
MAX_STATE_BYTES = 4096
"""A state file is a few lines; a bigger one is not ours."""


class Saved(NamedTuple):
    """A stopped sweep's resume point as its file holds it: `point`, parsed into `inputs`; and the
    sweep it belongs to, its `since` as given (`window`, None for every open issue) and its label."""

    point: str
    inputs: DispatchInputs
    window: str | None
    label: str | None


class Choice(NamedTuple):
    """The inputs a run goes on with, the resume point it took (None: none), and what to say of it."""

    inputs: DispatchInputs
    resumed_from: str | None
    said: str | None


def read_state(path: str) -> tuple[Saved | None, str | None]:
    """The resume point a state file holds, or None when it holds none (missing, empty, `finished`);
    and a warning naming the file when it holds something else, which is then ignored."""
    try:
        with Path(path).open("rb") as file:
            raw = file.read(MAX_STATE_BYTES + 1)
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"{path}: cannot read the resume file ({error.strerror or error}); ignored"
    try:
        return parse_state(raw, path), None
    except InputError as error:
        return None, f"{error}; ignored: the sweep starts as configured"


def parse_state(raw: bytes, path: str) -> Saved | None:
    """What a state file's bytes say; an `InputError` naming the file for anything not ours."""
    if len(raw) > MAX_STATE_BYTES:
        raise InputError(f"{path}: not a resume file of triage's (over {MAX_STATE_BYTES} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a resume file of triage's (not UTF-8)") from None
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines or [line for _, line in lines] == [FINISHED]:
        return None
    fields: dict[str, str] = {}
    for number, line in lines:
        key, equals, value = line.partition("=")
        if not equals or key not in ("since", "window", "label") or key in fields:
            shown = loggable(clip(line, 80))
            raise InputError(f"{path}: not a resume file of triage's (line {number}: {shown!r})")
        fields[key] = value.strip()
    if "since" not in fields:
        raise InputError(f"{path}: not a resume file of triage's (no since=)")
    point = fields["since"]
    inputs = with_flags(DispatchInputs(), since_date=point, since_source=f"{path}: since")
    if inputs.from_issue is None:
        raise InputError(f"{path}: since: expected a resume point TIME,ISSUE,UNTIL[,MODE], got {point!r}")
    window = fields.get("window") or None
    if window is not None and with_flags(DispatchInputs(), since_date=window).from_issue is not None:
        raise InputError(f"{path}: window: expected the since a sweep was given, not a resume point")
    return Saved(point, inputs, window, fields.get("label") or None)


def resume_choice(
    saved: Saved | None,
    inputs: DispatchInputs,
    path: str,
    *,
    labels_only: bool,
    dry_run: bool,
    now: datetime,
) -> Choice:
    """Whether this run resumes from the point `saved` (see the module's docstring), and the line
    that says what it does; `labels_only` and `dry_run` are this run's own settings."""
    if saved is None:
        return Choice(inputs, None, None)
    ignored = _mismatch(saved, inputs, labels_only=labels_only, dry_run=dry_run, now=now)
    if ignored is not None:
        said = (
            f"the resume point saved in {path} ({saved.point}) is ignored: {ignored}; the sweep starts "
            "as configured"
        )
        return Choice(inputs, None, said)
    point = saved.inputs
    resumed = replace(
        inputs,
        since=point.since,
        from_issue=point.from_issue,
        until=point.until,
        since_ago=None,
        since_text=saved.point,
    )
    said = (
        f"resuming from #{point.from_issue}, where the last run of this sweep stopped (since={saved.point}, "
        f"from {path})"
    )
    return Choice(resumed, saved.point, said)


def _mismatch(
    saved: Saved, inputs: DispatchInputs, *, labels_only: bool, dry_run: bool, now: datetime
) -> str | None:
    """Why this run cannot take the saved point, or None when it can."""
    point = saved.inputs
    theirs, ours = (saved.label or "").casefold(), (inputs.label or "").casefold()
    for differs, why in (
        (
            point.resumes_dry_run and not dry_run,
            f"it is a {DRY_RUN} run's, and this run is not one (the issues before it were never triaged)",
        ),
        (dry_run and not point.resumes_dry_run, f"this run is a dry run, and it is not a {DRY_RUN} run's"),
        (
            point.resumes_labels_only and not labels_only,
            f"it is a {LABELS_ONLY} run's, and this run posts new comments",
        ),
        (
            labels_only and not point.resumes_labels_only,
            f"this run is labels-only (new comments off), and it is not a {LABELS_ONLY} run's",
        ),
        (theirs != ours, f"it is from a sweep of the label {saved.label!r}, this run's is {inputs.label!r}"),
        (point.since is not None and point.since > now + CLOCK_SKEW, "its TIME is after this run's start"),
    ):
        if differs:
            return why
    start = inputs.since_at(now)
    reaches_back = start is not None and point.since is not None and point.since <= start
    if reaches_back or _same_window(saved.window, inputs):
        return None
    given = saved.window or "every open issue"
    return f"it is from a sweep of another window ({given}), and its TIME is after the start of this run's"


def _same_window(window: str | None, inputs: DispatchInputs) -> bool:
    """Whether the sweep saved was given the `since` this run was, read the same (`26h` and `1d` too)."""
    if window is None:
        return inputs.since is None and inputs.since_ago is None
    theirs = with_flags(DispatchInputs(), since_date=window)
    return (theirs.since, theirs.since_ago) == (inputs.since, inputs.since_ago)


def state_text(point: str | None, window: str | None = None, label: str | None = None) -> str:
    """The file's text: the point to resume from, with the sweep it belongs to, or `finished`."""
    if point is None:
        return f"{HEADER}\n{FINISHED}\n"
    return f"{HEADER}\nsince={point}\nwindow={window or ''}\nlabel={label or ''}\n"


def write_state(path: str, text: str) -> None:
    """Write `text` to `path` whole or not at all: a temporary file in the same folder (made if it is
    missing, as after a cache miss), renamed over it. An `OSError` when the folder cannot be written."""
    folder = Path(path).absolute().parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".triage-resume-", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def state_after(report: RunReport, *, window: str | None, label: str | None) -> str | None:
    """What a batch leaves in the file: the point it stopped at (`ResumeAt`, on a stop that gives
    one, whether or not some issues failed before it: the issues before the point are done, and the
    stop names those that failed), `finished` when it went through every issue (the issues that
    failed are its exit code's to tell), or None to leave the file as it was: a run that failed
    (`failure`, a refusal that fails every issue alike) or that stopped before it had a point to give
    (a fresh sweep stopped while listing) has nothing better to put there."""
    if report.resume_at is not None:
        return state_text(report.resume_at.point, window, label)
    if report.stopped or report.failure:
        return None
    return state_text(None)


def continues_message(at: ResumeAt, path: str, *, scheduled: bool) -> str:
    """What a stop whose point was saved says in place of the hint to run again."""
    next_run = "The next scheduled run" if scheduled else "The next run given this resume file"
    return f"{at.said}. {next_run} continues from #{at.issue} (since={at.point}, saved in {path}){at.left}"


def not_saved_message(stopped: str, path: str, error: OSError) -> str:
    """The stop's own hint, with why its point is not in the file: the next run does not know it."""
    joined = stopped if stopped.endswith(".") else f"{stopped}."
    return (
        f"{joined} The resume point could not be saved in {path} ({error.strerror or error}): the next "
        "run of this sweep does not continue from it"
    )


def not_finished_message(path: str, error: OSError) -> str:
    """A finished batch's warning that the file does not say so: the next run reads what it held
    before, a point this batch went past (resumed again, it costs reads) or something unreadable."""
    return (
        f"cannot write the resume file {path} ({error.strerror or error}): it still holds what it held "
        "before this run, which the next run of this sweep reads"
    )
