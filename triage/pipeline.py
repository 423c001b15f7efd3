"""One issue, end to end: read only what the plan needs, decide as a value, then act thinly.

`decide` reads (comments only when there are some, the timeline only when a label might change)
and returns a `Decision`; `apply` is the only function here that writes. A dry run simply never
calls `apply`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from triage.errors import RateLimitStop
from triage.label_sync import labels_to_fix
from triage.model import Classification, Issue, IssueState, Plan, Rules
from triage.plan import find_our_comment, needs_timeline, plan
from triage.render import render_comment
from triage.run_output import decision_text
from triage.summary import IssueOutcome

if TYPE_CHECKING:
    from triage.github import GitHubClient


class Classifier(Protocol):
    def classify(self, issue: Issue) -> Classification: ...


@dataclass(frozen=True)
class Candidate:
    """An issue to triage. `is_new`: just opened, so it has no label history worth reading.
    `retriage`: edited or run by hand, so stale labels of ours may go."""

    issue: Issue
    comment_count: int
    is_new: bool = False
    retriage: bool = True
    updated_at: str = ""

    @property
    def number(self) -> int:
        return self.issue.number or 0


@dataclass(frozen=True)
class Decision:
    classification: Classification
    plan: Plan
    comment_body: str | None


@dataclass(frozen=True)
class Context:
    rules: Rules
    classifier: Classifier
    bot_login: str


def decide(client: GitHubClient, context: Context, candidate: Candidate) -> Decision:
    classification = context.classifier.classify(candidate.issue)
    body = render_comment(context.rules, classification)
    comments = client.comments(candidate.number) if candidate.comment_count > 0 else None
    state = IssueState(candidate.issue, comments)
    if not candidate.is_new and needs_timeline(
        context.rules, classification, state, retriage=candidate.retriage
    ):
        state = state._replace(label_events=client.label_events(candidate.number))
    decided = plan(context.rules, classification, state, body, context.bot_login, retriage=candidate.retriage)
    return Decision(classification, decided, body)


def apply(client: GitHubClient, context: Context, decided: Plan) -> None:
    """Write the plan: labels first, then the comment. An empty plan makes no request.

    The rate budget is checked for the whole plan first, so a run that must stop stops before
    an issue rather than halfway through it; a stop that still lands halfway says so.
    """
    if decided.is_empty:
        return
    client.ensure_rate_budget(_requests_needed(decided))
    try:
        _write_labels(client, context, decided)
    except RateLimitStop as stop:
        raise RateLimitStop(f"{stop}; no change was made to #{decided.issue_number}") from None
    try:
        _write_comment(client, context, decided)
    except RateLimitStop as stop:
        raise RateLimitStop(f"{stop}; #{decided.issue_number} got its labels but not its comment") from None


def _write_labels(client: GitHubClient, context: Context, decided: Plan) -> None:
    number = decided.issue_number
    if decided.add_labels:
        after = client.add_labels(number, decided.add_labels)
        for label in labels_to_fix(context.rules.managed_labels, decided.add_labels, after):
            client.update_label(label.name, label)
    for name in decided.remove_labels:
        client.remove_label(number, name)


def _write_comment(client: GitHubClient, context: Context, decided: Plan) -> None:
    number, comment = decided.issue_number, decided.comment
    if comment.kind == "create" and comment.body is not None:
        client.create_comment(number, comment.body, lambda found: find_our_comment(found, context.bot_login))
    elif comment.kind == "update" and comment.body is not None and comment.comment_id is not None:
        client.update_comment(number, comment.comment_id, comment.body)


def triage_one(
    client: GitHubClient, context: Context, candidate: Candidate, *, dry_run: bool
) -> IssueOutcome:
    """Decide, then write (or, in a dry run, print) the plan; the outcome the summary reports."""
    decision = decide(client, context, candidate)
    if dry_run:
        print(decision_text(candidate.number, candidate.issue.title, decision.plan, decision.comment_body))
    else:
        apply(client, context, decision.plan)
    return outcome_of(candidate, decision)


def outcome_of(candidate: Candidate, decision: Decision) -> IssueOutcome:
    kept_off = {name.casefold() for name in decision.plan.kept_off}
    return IssueOutcome(
        number=candidate.number,
        title=candidate.issue.title,
        status="unchanged" if decision.plan.is_empty else "changed",
        plan=decision.plan,
        labels=tuple(name for name in decision.classification.labels if name.casefold() not in kept_off),
        areas=tuple(result.area.id for result in decision.classification.applied_areas),
    )


def _requests_needed(decided: Plan) -> int:
    """Writes `apply` makes at least (a label GitHub creates grey adds one PATCH)."""
    comment = 1 if decided.comment.kind in ("create", "update") else 0
    return (1 if decided.add_labels else 0) + len(decided.remove_labels) + comment
