"""The text `triage run` prints: one line per issue, and for a dry run the whole plan and comment."""

from __future__ import annotations

from triage.explain import Removal, grouped_removals, why_removed
from triage.model import Plan
from triage.safe_text import neutralise
from triage.summary import IssueOutcome


def kept_settings(*, quiet: bool, dry_run: bool) -> tuple[list[str], list[str]]:
    """The dispatch inputs and the `triage run` flags that carry a run's own settings into the run
    a hint names: new comments off stays off, a dry run stays dry."""
    inputs: list[str] = []
    flags: list[str] = []
    if quiet:
        inputs.append("new-comments=false")
        flags.append("--no-new-comments")
    if dry_run:
        inputs.append("dry-run=true")
        flags.append("--dry-run")
    return inputs, flags


def finish_command(number: int, *, quiet: bool) -> str:
    """The command that finishes an issue a run left part-way, new comments still off if they were."""
    return " ".join([f"triage run --issue {number}", *kept_settings(quiet=quiet, dry_run=False)[1]])


def _removed(plan: Plan, removals: tuple[Removal, ...]) -> list[str]:
    """`-team/x -area/y (no longer matched)`: each label taken off, each group that goes for one
    reason followed by it; but the fallback taken off an issue left to another owner, which the
    note on that owner's label (`defer_to`) explains."""
    said: list[str] = []
    for names, removal in grouped_removals(removals):
        said.extend(f"-{name}" for name in names)
        if removal.because != "deferred":
            said[-1] += f" ({why_removed(removal)})"
    explained = {removal.label for removal in removals}
    return said + [f"-{name}" for name in plan.remove_labels if name not in explained]


def _removed_list(plan: Plan, removals: tuple[Removal, ...]) -> str:
    """`team/x, area/y (no longer matched)`, for a dry run's account of an issue."""
    return ", ".join(part.removeprefix("-") for part in _removed(plan, removals))


COMMENT_WORDS = {"create": "create", "update": "update in place", "leave": "leave as it is", "none": "none"}


def describe(outcome: IssueOutcome) -> str:
    """`#12 changed: +team/x -area/y (no longer matched) comment created`."""
    head = f"#{outcome.number} {outcome.status}"
    plan = outcome.plan
    if outcome.status in ("failed", "skipped") or plan is None:
        return f"{head}: {outcome.note}" if outcome.note else head
    changes = [f"+{name}" for name in plan.add_labels] + _removed(plan, outcome.removals)
    if plan.comment.kind in ("create", "update"):
        changes.append(f"comment {'created' if plan.comment.kind == 'create' else 'updated'}")
    if plan.kept_off:
        changes.append(f"(kept off: {', '.join(plan.kept_off)})")
    if plan.deferred_to is not None:
        changes.append(f"(left alone as another owner's: labelled {neutralise(plan.deferred_to)} (defer_to))")
    if plan.comment.duplicates:
        ids = ", ".join(map(str, plan.comment.duplicates))
        changes.append(f"(duplicate bot comments, left alone: {ids})")
    if plan.locked:
        changes.append("(conversation locked: no comment)")
    if outcome.note:
        changes.append(f"({outcome.note})")
    return f"{head}: {' '.join(changes)}" if changes else head


def decision_text(
    number: int, title: str, plan: Plan, comment_body: str | None, removals: tuple[Removal, ...] = ()
) -> str:
    """A dry run's account of one issue: every write it would make (a label taken off, with why),
    and the comment in full."""
    lines = [
        f"#{number} {neutralise(title)}",
        f"  add labels:    {', '.join(plan.add_labels) or '(none)'}",
        f"  remove labels: {_removed_list(plan, removals) or '(none)'}",
    ]
    if plan.kept_off:
        lines.append(f"  kept off (a person removed them): {', '.join(plan.kept_off)}")
    if plan.deferred_to is not None:
        deferred = neutralise(plan.deferred_to)
        lines.append(f"  left alone as another owner's: labelled {deferred} (rules: defer_to)")
    locked = " (conversation locked)" if plan.locked else ""
    lines.append(f"  comment:       {COMMENT_WORDS[plan.comment.kind]}{locked}")
    if plan.comment.duplicates:
        lines.append(f"  duplicate bot comments, left alone: {', '.join(map(str, plan.comment.duplicates))}")
    if plan.comment.kind in ("create", "update") and comment_body is not None:
        lines.extend(f"  | {line}" for line in comment_body.splitlines())
    return "\n".join(lines)
