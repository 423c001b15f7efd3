"""Handlers for issues, their comments, events and timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakegithub.payloads import Json, paginate
from tests.fakegithub.protocol import Ctx, HttpError, Response, validation_failed
from tests.fakegithub.state import Comment, Issue, to_epoch

T = TypeVar("T")
MAX_BODY = 65_536
LOCKED = "Unable to create comment because issue is locked."
"""GitHub's answer to a bot commenting on a locked conversation."""
ISSUE_SORT_KEYS: dict[str, Callable[[Issue], float]] = {
    "created": lambda issue: issue.created_at,
    "updated": lambda issue: issue.updated_at,
    "comments": lambda issue: len(issue.comments),
}


def page_of(ctx: Ctx, items: list[T], render: Callable[[T], Json]) -> Response:
    """One page of `items`, rendered (only that page: listings of thousands stay cheap)."""
    page, link = paginate(items, ctx.request.query_pairs, ctx.render.base + ctx.request.raw_path)
    return Response(200, [render(item) for item in page], {"Link": link} if link else {})


def choice(ctx: Ctx, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = ctx.request.query.get(name, default)
    if value not in allowed:
        raise validation_failed("Issue", name, "invalid")
    return value


def since_filter(ctx: Ctx) -> float | None:
    since = ctx.request.query.get("since")
    try:
        return None if since is None else to_epoch(since)
    except ValueError:
        raise validation_failed("Issue", "since", "invalid") from None


def is_listed(issue: Issue, state: str, labels: set[str], since: float | None) -> bool:
    return (
        state in ("all", issue.state)
        and labels <= {name.casefold() for name in issue.labels}
        and (since is None or issue.updated_at >= since)
    )


def list_issues(ctx: Ctx) -> Response:
    """Issues and pull requests, filtered by state/labels/since and sorted like GitHub."""
    state = choice(ctx, "state", "open", ("open", "closed", "all"))
    sort = choice(ctx, "sort", "created", tuple(ISSUE_SORT_KEYS))
    descending = choice(ctx, "direction", "desc", ("asc", "desc")) == "desc"
    labels = {name.strip().casefold() for name in ctx.request.query.get("labels", "").split(",")} - {""}
    since = since_filter(ctx)
    listed = [issue for issue in ctx.repo.issues.values() if is_listed(issue, state, labels, since)]
    listed.sort(key=lambda issue: (ISSUE_SORT_KEYS[sort](issue), issue.number), reverse=descending)
    return page_of(ctx, listed, lambda issue: ctx.render.issue(ctx.repo_name, issue))


def get_issue(ctx: Ctx) -> Response:
    return Response(200, ctx.render.issue(ctx.repo_name, ctx.issue()))


def edit_issue(ctx: Ctx) -> Response:
    """`PATCH` title, body and state (labels are changed through the label endpoints)."""
    issue = ctx.issue()
    before = (issue.title, issue.body, issue.state)
    issue.title = optional_text(ctx, "title") or issue.title
    issue.body = optional_text(ctx, "body") if has_field(ctx, "body") else issue.body
    new_state = optional_text(ctx, "state") or issue.state
    if new_state not in ("open", "closed"):
        raise validation_failed("Issue", "state", "invalid")
    issue.closed_at = None if new_state == "open" else (issue.closed_at or ctx.now)
    issue.state = new_state
    applied = before != (issue.title, issue.body, issue.state)
    if applied:
        issue.updated_at = ctx.now
    return Response(200, ctx.render.issue(ctx.repo_name, issue), applied=applied)


def has_field(ctx: Ctx, name: str) -> bool:
    return isinstance(ctx.request.body, dict) and name in ctx.request.body


def optional_text(ctx: Ctx, name: str) -> str | None:
    value: Any = ctx.json_field(name)
    if value is not None and not isinstance(value, str):
        raise validation_failed("Issue", name, "invalid")
    return value


def required_text(ctx: Ctx, name: str) -> str:
    value = optional_text(ctx, name)
    if not value:
        raise validation_failed("Issue", name, "missing_field")
    return value


def comment_body(ctx: Ctx) -> str:
    body = required_text(ctx, "body")
    if len(body) > MAX_BODY:
        message = f"Body is too long (maximum is {MAX_BODY} characters)"
        raise validation_failed("IssueComment", "data", "unprocessable", message)
    return body


def list_comments(ctx: Ctx) -> Response:
    issue = ctx.issue()
    since = since_filter(ctx)
    listed = [comment for comment in issue.comments if since is None or comment.updated_at >= since]
    return page_of(ctx, listed, lambda comment: ctx.render.comment(ctx.repo_name, issue, comment))


def create_comment(ctx: Ctx) -> Response:
    issue = ctx.issue()
    if issue.locked:
        raise HttpError(403, LOCKED)
    body = comment_body(ctx)
    comment = Comment(ctx.state.next_id(), ctx.user.login, body, ctx.now, ctx.now)
    issue.comments.append(comment)
    issue.updated_at = ctx.now
    data = ctx.render.comment(ctx.repo_name, issue, comment)
    return Response(201, data, {"Location": data["url"]}, applied=True)


def get_comment(ctx: Ctx) -> Response:
    issue, comment = ctx.comment()
    return Response(200, ctx.render.comment(ctx.repo_name, issue, comment))


def edit_comment(ctx: Ctx) -> Response:
    issue, comment = ctx.comment()
    body = comment_body(ctx)
    applied = body != comment.body
    if applied:
        comment.body, comment.updated_at = body, ctx.now
    return Response(200, ctx.render.comment(ctx.repo_name, issue, comment), applied=applied)


def delete_comment(ctx: Ctx) -> Response:
    issue, comment = ctx.comment()
    issue.comments.remove(comment)
    return Response(204, applied=True)


def list_events(ctx: Ctx) -> Response:
    issue = ctx.issue()
    return page_of(ctx, issue.events, lambda event: ctx.render.label_event(ctx.repo_name, event))


def list_timeline(ctx: Ctx) -> Response:
    return page_of(ctx, ctx.render.timeline(ctx.repo_name, ctx.issue()), lambda entry: entry)
