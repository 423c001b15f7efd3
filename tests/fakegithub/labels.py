"""Handlers for repository labels and the labels on an issue."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from tests.fakegithub.issues import page_of
from tests.fakegithub.protocol import Ctx, HttpError, Response, not_found, validation_failed
from tests.fakegithub.state import GREY, Issue, Label

MAX_NAME = 50
COLOR = re.compile(r"[0-9a-fA-F]{6}")
MAX_ON_ISSUE = 100
TOO_MANY = "Validation Failed. Issues cannot have more than 100 labels"
"""GitHub's 422 to a label write that would leave an issue more than `MAX_ON_ISSUE` labels, the
reason in `message` and `errors` empty, as Octokit printed it for actions/labeler#115 ("Validation
Failed. Issues cannot have more than 100 labels: "). Nothing is written."""


def label_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise validation_failed("Label", "name", "missing_field")
    if len(value) > MAX_NAME:
        raise validation_failed(
            "Label", "name", "invalid", f"name is too long (maximum is {MAX_NAME} characters)"
        )
    return value


def label_color(value: Any) -> str:
    if not isinstance(value, str) or COLOR.fullmatch(value) is None:
        raise validation_failed("Label", "color", "invalid")
    return value.lower()


def label_description(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise validation_failed("Label", "description", "invalid")
    return value or ""


def named_label(ctx: Ctx) -> Label:
    label = ctx.state.find_label(ctx.repo_name, unquote(ctx.params["name"]))
    if label is None:
        raise not_found()
    return label


def list_labels(ctx: Ctx) -> Response:
    return page_of(ctx, list(ctx.repo.labels.values()), lambda label: ctx.render.label(ctx.repo_name, label))


def create_label(ctx: Ctx) -> Response:
    name = label_name(ctx.json_field("name"))
    color = label_color(ctx.json_field("color") or GREY)
    description = label_description(ctx.json_field("description"))
    if ctx.state.find_label(ctx.repo_name, name) is not None:
        raise validation_failed("Label", "name", "already_exists")
    label = ctx.state.add_label(ctx.repo_name, name, color, description)
    return Response(201, ctx.render.label(ctx.repo_name, label), applied=True)


def get_label(ctx: Ctx) -> Response:
    return Response(200, ctx.render.label(ctx.repo_name, named_label(ctx)))


def edit_label(ctx: Ctx) -> Response:
    """`PATCH` `new_name`, `color`, `description`; a renamed label stays on its issues."""
    label = named_label(ctx)
    before = (label.name, label.color, label.description)
    new_name = label_name(ctx.json_field("new_name") or label.name)
    clash = ctx.state.find_label(ctx.repo_name, new_name)
    if clash is not None and clash is not label:
        raise validation_failed("Label", "name", "already_exists")
    label.color = label_color(ctx.json_field("color") or label.color)
    if isinstance(ctx.request.body, dict) and "description" in ctx.request.body:
        label.description = label_description(ctx.json_field("description"))
    rename_label(ctx, label, new_name)
    applied = before != (label.name, label.color, label.description)
    return Response(200, ctx.render.label(ctx.repo_name, label), applied=applied)


def rename_label(ctx: Ctx, label: Label, new_name: str) -> None:
    labels = ctx.repo.labels
    del labels[label.name.casefold()]
    labels[new_name.casefold()] = label
    for issue in ctx.repo.issues.values():
        issue.labels = [new_name if name == label.name else name for name in issue.labels]
    label.name = new_name


def delete_label(ctx: Ctx) -> Response:
    label = named_label(ctx)
    del ctx.repo.labels[label.name.casefold()]
    for issue in ctx.repo.issues.values():
        if label.name in issue.labels:
            issue.labels.remove(label.name)
    return Response(204, applied=True)


def requested_names(body: Any) -> list[str]:
    """`{"labels": [...]}` or a bare list; items are names or `{"name": ...}` objects."""
    items = body.get("labels") if isinstance(body, dict) else body
    if not isinstance(items, list):
        raise validation_failed("Label", "labels", "invalid")
    return [label_name(item.get("name") if isinstance(item, dict) else item) for item in items]


def issue_labels(ctx: Ctx, issue: Issue, *, applied: bool) -> Response:
    if applied:
        issue.updated_at = ctx.now
    data = [ctx.render.label(ctx.repo_name, label) for label in labels_of(ctx, issue)]
    return Response(200, data, applied=applied)


def labels_of(ctx: Ctx, issue: Issue) -> list[Label]:
    found = [ctx.state.find_label(ctx.repo_name, name) for name in issue.labels]
    return [label for label in found if label is not None]


def attach(ctx: Ctx, issue: Issue, name: str) -> bool:
    """Put a label on the issue, creating it grey if the repository lacks it. True if anything changed."""
    existed = ctx.state.find_label(ctx.repo_name, name) is not None
    label = ctx.state.ensure_label(ctx.repo_name, name)
    if label.name in issue.labels:
        return not existed
    issue.labels.append(label.name)
    ctx.state.record_event(issue, "labeled", label, ctx.user.login)
    return True


def detach(ctx: Ctx, issue: Issue, label: Label) -> None:
    issue.labels.remove(label.name)
    ctx.state.record_event(issue, "unlabeled", label, ctx.user.login)


def list_issue_labels(ctx: Ctx) -> Response:
    issue = ctx.issue()
    return page_of(ctx, labels_of(ctx, issue), lambda label: ctx.render.label(ctx.repo_name, label))


def add_issue_labels(ctx: Ctx) -> Response:
    issue = ctx.issue()
    wanted = requested_names(ctx.request.body)
    check_label_count([*issue.labels, *wanted])
    changes = [attach(ctx, issue, name) for name in wanted]
    return issue_labels(ctx, issue, applied=any(changes))


def check_label_count(names: list[str]) -> None:
    """Refuse, before any change, a write that would leave an issue more than `MAX_ON_ISSUE` labels."""
    if len({name.casefold() for name in names}) > MAX_ON_ISSUE:
        raise HttpError(422, TOO_MANY, errors=[])


def replace_issue_labels(ctx: Ctx) -> Response:
    """`PUT`: the call that can wipe a label a person just added. The log records every use."""
    issue = ctx.issue()
    wanted = requested_names(ctx.request.body)
    check_label_count(wanted)
    keep = {name.casefold() for name in wanted}
    dropped = [label for label in labels_of(ctx, issue) if label.name.casefold() not in keep]
    for label in dropped:
        detach(ctx, issue, label)
    changes = [attach(ctx, issue, name) for name in wanted]
    return issue_labels(ctx, issue, applied=bool(dropped) or any(changes))


def remove_issue_label(ctx: Ctx) -> Response:
    """`DELETE .../labels/{name}`: the name is the rest of the path, `/` and all, encoded or not."""
    issue = ctx.issue()
    label = ctx.state.find_label(ctx.repo_name, unquote(ctx.params["name"]))
    if label is None or label.name not in issue.labels:
        raise HttpError(404, "Label does not exist")
    detach(ctx, issue, label)
    return issue_labels(ctx, issue, applied=True)


def remove_all_issue_labels(ctx: Ctx) -> Response:
    issue = ctx.issue()
    removed = labels_of(ctx, issue)
    for label in removed:
        detach(ctx, issue, label)
    if removed:
        issue.updated_at = ctx.now
    return Response(204, applied=bool(removed))
