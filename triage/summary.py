"""What a run reports: the job summary (Markdown) and the step outputs (`GITHUB_OUTPUT`).

Rendering is pure; the two `write_*` functions append to the files Actions names. Issue titles
are untrusted text: escaped so a title cannot break the table, inject HTML, show an image, hide a
link behind its words or mention anyone.
A step summary over 1 MiB is rejected by GitHub, so rows past a byte budget become one note.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from triage.errors import InputError
from triage.explain import Reason, Removal, grouped_removals, why_removed
from triage.model import Plan
from triage.safe_text import printable, well_formed

Status = Literal["changed", "unchanged", "skipped", "failed"]
STATUSES: tuple[Status, ...] = ("changed", "unchanged", "skipped", "failed")
SUMMARY_LIMIT = 1024 * 1024
ROW_BUDGET = 900_000
"""Bytes of table rows at most, leaving room under `SUMMARY_LIMIT` for counts, chart and note."""
CUT_NAMES_BUDGET = 40_000
"""Bytes at most of the issue numbers the note under a cut table names (some 5,000 numbers), well
inside what `ROW_BUDGET` leaves under `SUMMARY_LIMIT`."""
TITLE_CHARS = 80
NOTE_CHARS = 300
WHY_CHARS = 40
_ISSUE_PAGE = re.compile(r"https://[A-Za-z0-9.-]+(?::\d+)?/[A-Za-z0-9._~/-]+")
"""A link safe to put in a table cell as it is: no spaces, parentheses, pipes or quotes."""


@dataclass(frozen=True)
class IssueOutcome:
    """One issue's result. `labels`: the managed labels it should carry; `areas`: matched area ids;
    `reasons`: each label the rules gave it, with what the issue said that weighed most for it."""

    number: int
    title: str
    status: Status
    plan: Plan | None = None
    labels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    note: str = ""
    reasons: tuple[Reason, ...] = ()
    removals: tuple[Removal, ...] = ()
    """Each label the plan takes off, and why."""
    url: str = ""
    """The issue's page, which its row links to."""
    pull_request: bool = False
    """A pull request listed among the issues, skipped: the counts cover those, with no row each."""
    comment_left: bool = False
    """Our comment, written as a former bot login, was left as it was: GitHub refused the token its
    edit, so it may not match the labels (`note` says so)."""


LABELS_ONLY_RESUMED = (
    "labels only, whatever new-comments says, as the resume point is a labels-only run's (it ends in "
    "labels-only); a comment of triage's already on an issue is kept in step"
)
"""Why a run whose resume point made it labels-only posts no new comment, in its log and summary
after `new comments off: `."""


@dataclass(frozen=True)
class ResumeAt:
    """Where a stopped batch resumes, for a run that keeps it in a file (`triage.sweep_state`):
    `point`, the `since` value that resumes it at `issue`; `said`, what was done and why it stopped;
    `left`, what the stop says of the issues that failed before it (empty when none did)."""

    point: str
    issue: int
    said: str
    left: str = ""


@dataclass(frozen=True)
class RunReport:
    outcomes: tuple[IssueOutcome, ...]
    dry_run: bool = False
    batch: bool = False
    stopped: str | None = None
    """Why the run stopped cleanly (a batch, or one issue interrupted), with how to resume (exit 4)."""
    failure: str | None = None
    """The error that ended the run (exit 1): a refusal that fails every issue alike, or the one
    issue of an event run failing; the summary still says what was done before it."""
    skipped: str | None = None
    """Why the run triaged nothing (an event it does not handle, its own, a pull request), shown in
    place of the counts."""
    new_comments: bool = True
    """False for a labels-only run (`--no-new-comments`), which the summary says."""
    labels_only_resumed: bool = False
    """A labels-only run because its resume point is a labels-only run's (`labels-only`), whatever
    `new-comments` said: the summary says so instead."""
    not_reached: int = 0
    """The issues a batch listed and stopped or failed before: its counts say how many are left."""
    resume_at: ResumeAt | None = None
    """A stopped batch's resume point, beside `stopped`, which says it in words."""
    resume_file: str | None = None
    """What a batch given a resume file did with the point it held (resumed from it, or why it
    ignored it: `sweep_state.resume_choice`), which the summary says as the log does."""

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)


def counts_line(report: RunReport) -> str:
    return counts_text({status: report.count(status) for status in STATUSES}, report.not_reached)


def counts_text(counts: Mapping[Status, int], not_reached: int = 0) -> str:
    """`3 changed, 1 unchanged, 0 skipped, 0 failed`, then `, N left` when some are."""
    text = ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)
    return f"{text}, {not_reached} left" if not_reached else text


def render_summary(report: RunReport) -> str:
    if report.skipped is not None:
        return f"## triage: skipped\n\n{_inline(report.skipped, 2000)}\n"
    heading = "failed before any issue" if report.failure and not report.outcomes else counts_line(report)
    parts = [f"## triage: {heading}\n"]
    if report.dry_run:
        parts.append("_Dry run: nothing was written; the table shows what would change._\n")
    if report.labels_only_resumed:
        parts.append(f"_New comments off: {LABELS_ONLY_RESUMED}._\n")
    elif not report.new_comments:
        parts.append(
            "_New comments off: labels only; a comment of triage's already on an issue is kept in step._\n"
        )
    if report.resume_file:
        parts.append(_italic_line(report.resume_file[:1].upper() + report.resume_file[1:]))
    if report.stopped:
        parts.append(f"> [!WARNING]\n> {_inline(report.stopped, 2000)}\n")
    if report.failure:
        parts.append(f"> [!CAUTION]\n> {_inline(report.failure, 2000)}\n")
    touched = [o for o in report.outcomes if o.status == "changed" or needs_a_look(o) or skipped_issue(o)]
    if touched:
        parts.append(_table(touched))
    if report.batch:
        parts.append(_area_chart(report.outcomes))
    return "\n".join(part for part in parts if part)


def needs_a_look(outcome: IssueOutcome) -> bool:
    """An issue a person should hear of, however long the run: one that failed (it may hold its
    labels without its comment, which no later batch posts), further bot comments (two runs
    raced), labels the rules want that a person took off (their call stands, but it is a
    disagreement), or a comment of a former bot login's GitHub would not let the token edit. A long
    batch's log and summary name these first."""
    plan = outcome.plan
    return (
        outcome.status == "failed"
        or outcome.comment_left
        or (plan is not None and bool(plan.comment.duplicates or plan.kept_off))
    )


def skipped_issue(outcome: IssueOutcome) -> bool:
    """An issue (not a pull request) a batch left alone, closed, transferred or deleted since its
    listing (or, the issue a resume point names, since the stop): it gets its row and log line, with
    why, as nothing else would say which it was."""
    return outcome.status == "skipped" and not outcome.pull_request


def _table(outcomes: list[IssueOutcome]) -> str:
    lines = [
        "| Issue | Labels added | Labels removed | Comment | Why | Notes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    used = 0
    # stable: in run order, after the issues a person should look at and those skipped
    outcomes = sorted(outcomes, key=lambda outcome: (not needs_a_look(outcome), not skipped_issue(outcome)))
    for shown, outcome in enumerate(outcomes):
        row = _row(outcome)
        used += len(row.encode()) + 1
        if used > ROW_BUDGET:
            lines.append(_cut_note(outcomes[shown:]))
            break
        lines.append(row)
    return "\n".join(lines) + "\n"


def _cut_note(hidden: list[IssueOutcome]) -> str:
    """What stands for the rows past the budget: how many, and which issues by number (in order,
    up to `CUT_NAMES_BUDGET`), as a long batch's log has no line for a changed issue either: without
    them, which issues the run changed past the cut would be said nowhere."""
    numbers = sorted(outcome.number for outcome in hidden)
    named: list[str] = []
    used = 0
    for number in numbers:
        used += len(f"#{number}, ".encode())
        if used > CUT_NAMES_BUDGET:
            break
        named.append(f"#{number}")
    rest = f" and {len(numbers) - len(named)} more" if len(named) < len(numbers) else ""
    return (
        f"\n_… and {len(hidden)} more issues not shown: the job summary is limited to 1 MiB. "
        f"They are {', '.join(named)}{rest}._"
    )


def _row(outcome: IssueOutcome) -> str:
    plan = outcome.plan
    added = _labels(plan.add_labels) if plan else ""
    removed = _labels(plan.remove_labels) if plan else ""
    cells = [
        f"{_number(outcome)} {_inline(outcome.title)}",
        added,
        removed,
        _comment_cell(plan),
        _why(outcome),
        _notes(outcome),
    ]
    return f"| {' | '.join(cells)} |"


def _number(outcome: IssueOutcome) -> str:
    """`#12`, linked to the issue when its page is a plain https URL (as GitHub gives it)."""
    if _ISSUE_PAGE.fullmatch(outcome.url):
        return f"[#{outcome.number}]({outcome.url})"
    return f"#{outcome.number}"


def _comment_cell(plan: Plan | None) -> str:
    if plan is None:
        return ""
    return {"create": "created", "update": "updated", "leave": "unchanged", "none": ""}[plan.comment.kind]


def _why(outcome: IssueOutcome) -> str:
    """`<code>area/x</code>: "k8s", "kubectl"`: the issue's own words, quoted short and made inert;
    then each label taken off, `<code>area/y</code>: no longer matched` (those that go for the same
    reason named together)."""
    parts = []
    for label, said in outcome.reasons:
        quoted = ", ".join(f'"{_inline(text, WHY_CHARS)}"' for text in said)
        parts.append(f"{_labels([label])}: {quoted}")
    for names, removal in grouped_removals(outcome.removals):
        parts.append(f"{_labels(names)}: {why_removed(removal, lambda name: _labels([name]))}")
    return "; ".join(parts)


def _notes(outcome: IssueOutcome) -> str:
    notes = []
    if outcome.status in ("failed", "skipped"):
        notes.append(f"{outcome.status}: {_inline(outcome.note, NOTE_CHARS)}")
    elif outcome.status in ("changed", "unchanged") and outcome.note:
        notes.append(_inline(outcome.note, NOTE_CHARS))
    if outcome.plan and outcome.plan.kept_off:
        notes.append(f"kept off (removed by a person): {_labels(outcome.plan.kept_off)}")
    if outcome.plan and outcome.plan.locked:
        notes.append("conversation locked: no comment")
    if outcome.plan and outcome.plan.comment.duplicates:
        ids = ", ".join(str(i) for i in outcome.plan.comment.duplicates)
        notes.append(f"duplicate bot comments left as they are: {ids}")
    return "; ".join(notes)


def _labels(names: Iterable[str]) -> str:
    """Label names from the rules, which may hold anything GitHub allows in one: a pipe too."""
    return ", ".join(f"<code>{html.escape(name).translate(_CELL_ESCAPES)}</code>" for name in names)


_CELL_ESCAPES = str.maketrans(
    {"|": "&#124;", "@": "&#64;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"}
)
"""Pipes would split the cell, `@` ping, backticks open code, brackets make an image or a link whose
words hide where it goes; a backslash would escape the entity after it."""


_EMPHASIS_ESCAPES = str.maketrans({"_": "&#95;", "*": "&#42;"})


def _italic_line(text: str) -> str:
    """`text` as a line in italics, its own `_` and `*` as character references: the runner's temporary
    folder (`/home/runner/work/_temp`) in a resume file's path opened emphasis of its own, which the
    line's closing `_` paired with, and the path showed without its underscore."""
    return f"_{_inline(text, 2000).translate(_EMPHASIS_ESCAPES)}._\n"


def _inline(text: str, limit: int = TITLE_CHARS) -> str:
    """Untrusted text made inert for one table cell: no HTML, no pipes, no line breaks, no pings,
    no images or links, no control or bidirectional characters; and UTF-8, which the summary file is
    written in: a lone surrogate (an undecodable byte of a path or a variable a message names) is a
    replacement character."""
    flat = printable(well_formed(text))
    short = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return html.escape(short).translate(_CELL_ESCAPES)


def _area_chart(outcomes: Iterable[IssueOutcome]) -> str:
    per_area = Counter(area for outcome in outcomes for area in outcome.areas)
    if not per_area:
        return ""
    slices = [f'    "{name.replace(chr(34), chr(39))}" : {count}' for name, count in sorted(per_area.items())]
    return "\n".join(["```mermaid", "pie title Issues per area", *slices, "```", ""])


def outputs(report: RunReport) -> dict[str, str]:
    """Every output, in every run: a later step's `fromJSON` of one left unset fails that step. `labels`
    and `areas` are the one issue's (JSON lists); `[]` for a batch, or a run that triaged no issue
    (skipped, or failed before any)."""
    only = report.outcomes[0] if not report.batch and len(report.outcomes) == 1 else None
    return {
        "changed": str(report.count("changed")),
        "labels": json.dumps(list(only.labels) if only else []),
        "areas": json.dumps(list(only.areas) if only else []),
    }


def output_lines(values: dict[str, str]) -> str:
    """`GITHUB_OUTPUT`'s multiline-safe form: `name<<DELIMITER`, value, `DELIMITER`."""
    chunks = []
    for name, value in values.items():
        delimiter = f"ghadelimiter_{uuid.uuid4().hex}"
        while delimiter in value:
            delimiter = f"ghadelimiter_{uuid.uuid4().hex}"
        chunks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(chunks)


def write_summary(path: str | None, report: RunReport) -> None:
    """Append the run's summary to `GITHUB_STEP_SUMMARY`; an `InputError` if it cannot be written."""
    _append(path, "GITHUB_STEP_SUMMARY", render_summary(report))


def write_outputs(path: str | None, report: RunReport) -> None:
    """Append the step's outputs to `GITHUB_OUTPUT`; an `InputError` if it cannot be written."""
    _append(path, "GITHUB_OUTPUT", output_lines(outputs(report)))


def check_writable(path: str | None, variable: str) -> None:
    """Open the file a variable names for appending, writing nothing: a run finds out that it could
    not report what it did before it does anything."""
    _append(path, variable, "")


def _append(path: str | None, variable: str, text: str) -> None:
    if not path:
        return
    try:
        with Path(path).open("a", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        raise InputError(f"{variable}: cannot write {path}: {error.strerror or error}") from None
