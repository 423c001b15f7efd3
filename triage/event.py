"""An `issues` webhook payload (Actions' `GITHUB_EVENT_PATH`) read into our own types. No network.

An `opened` event already carries title, body, labels and the comment count, which is what lets a
run skip reading the issue back before writing. Pull requests are recognised, not parsed further:
the caller skips them (`issues` payloads of a PR carry an `issue.pull_request` key; a
`pull_request` event's payload has a `pull_request` object instead of an `issue`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from triage.errors import InputError, UsageError
from triage.issue_input import read_text
from triage.json_fields import (
    FieldProblem,
    JsonLimitError,
    JsonObject,
    as_object,
    decode,
    json_type,
    label_names,
    object_at,
    optional_int,
    optional_issue_number,
    optional_str,
    required_str,
)
from triage.model import Issue
from triage.safe_text import neutralise
from triage.wire import parse_time, time_text


@dataclass(frozen=True)
class IssueEvent:
    action: str
    issue: Issue
    comment_count: int
    is_pull_request: bool
    sender: str
    locked: bool = False
    closed: bool = False
    created_at: datetime | None = None
    updated_at: str = ""
    """The issue's `updated_at` as the payload gives it: when its labels were taken."""
    before_edit: Issue | None = None
    """For an `edited` event, the issue as it read before the edit (from the payload's `changes`)."""


ISSUE_ACTIONS = ("opened", "edited", "reopened")
"""The `issues` actions triage acts on: the others (labeled, assigned, closed...) change no text."""

DEFAULT_BOT = "github-actions[bot]"
"""The login the Actions `GITHUB_TOKEN` writes as."""


def bot_login_from(option: str | None, env: Mapping[str, str]) -> str:
    """Who triage writes as: `--bot-login`, else the env TRIAGE_BOT_LOGIN (the action's `bot-login`,
    which defaults to the Actions token's login; read as unset when empty), else the Actions token's
    login. The flag given empty
    (`--bot-login "$BOT"` with BOT unset) is refused: read as the default, a run with another
    token would take its own comment for a person's and post a second."""
    if option is not None and not option.strip():
        raise UsageError(
            "--bot-login (the action's `bot-login` input) is empty: give the login triage writes as, or "
            "leave it out"
        )
    return given_bot_login(option, env) or DEFAULT_BOT


def given_bot_login(option: str | None, env: Mapping[str, str]) -> str:
    """The bot login `--bot-login` or TRIAGE_BOT_LOGIN gives, empty when neither does."""
    return (option or "").strip() or env.get("TRIAGE_BOT_LOGIN", "").strip()


FORMER_BOT_LOGINS_ENV = "TRIAGE_FORMER_BOT_LOGINS"
"""The action's `former-bot-logins`: the logins triage wrote as before, comma- or space-separated."""


def former_bot_logins_from(options: Sequence[str] | None, env: Mapping[str, str]) -> tuple[str, ...]:
    """The logins triage wrote as before (`--former-bot-login`, each comma- or space-separated,
    else the env TRIAGE_FORMER_BOT_LOGINS), whose marked comment and labels stay its own. A flag
    that names no login (`--former-bot-login "$OLD"` with OLD unset) is refused: the run would
    post a second comment on every issue the former login commented on. The variable left empty
    (the action's input unset) names none."""
    if options is None:
        return tuple(dict.fromkeys(_logins(env.get(FORMER_BOT_LOGINS_ENV, ""))))
    for option in options:
        if not _logins(option):
            raise UsageError(
                "--former-bot-login is empty: give a login triage wrote as before, or leave "
                "--former-bot-login out"
            )
    return tuple(dict.fromkeys(login for option in options for login in _logins(option)))


def _logins(text: str) -> list[str]:
    return text.replace(",", " ").split()


def skip_reason(event: IssueEvent, bot_login: str) -> str | None:
    """Why triage leaves the event's issue alone, as `triage run` and `triage dry-run --event` say it;
    None when it triages it. An event the bot login caused is its own echo (with a PAT or an App's
    token, triage's own edits start new runs). Not one a former bot login caused: that may be a
    person who once ran triage with their own token, whose issues would all be skipped."""
    number = event.issue.number
    which = "the issue" if number is None else f"#{number}"
    if event.is_pull_request:
        return f"{which} is a pull request"
    if event.action not in ISSUE_ACTIONS:
        return (
            f"`issues` action `{event.action}` is not one triage handles ({', '.join(ISSUE_ACTIONS)}): "
            "leave it out of `on.issues.types` in the workflow, and no job starts for it"
        )
    if event.action == "edited" and event.closed:
        anyway = "" if number is None else f" (`triage run --issue {number}` triages it anyway)"
        return f"{which} is closed: its labels are settled{anyway}"
    if event.sender.casefold() == bot_login.casefold():
        return f"the event was caused by {bot_login} itself"
    return None


def load_event(path: str) -> object:
    """The decoded JSON of an event file; InputError naming the file when it cannot be read."""
    return decode_event(read_text(path), path)


def decode_event(text: str, source: str) -> object:
    """The decoded JSON of an event payload read from `source` (a file's name, or `stdin`). A
    byte-order mark at the start is left out, as Windows tools write one (`--input` and `--file`
    leave it out too)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{source}: empty: expected an `issues` webhook payload (JSON)")
    try:
        return decode(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{source}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    except JsonLimitError as error:
        raise InputError(f"{source}: invalid JSON: {error}") from None


def parse_issue_event(payload: object, source: str) -> IssueEvent:
    """The issue event in `payload`; `source` (the file name) starts every error message."""
    if not isinstance(payload, dict):
        raise InputError(f"{source}: expected a JSON object, got {json_type(payload)}")
    if "issue" not in payload and "pull_request" not in payload:  # another event's (`workflow_dispatch`)
        raise InputError(f"{source}: not an `issues` event payload: it has no `issue` object")
    try:
        return _parse(payload)
    except FieldProblem as problem:
        raise InputError(f"{source}: {problem}") from None


def check_repository(payload: object, source: str, repository: str | None) -> None:
    """An InputError when the payload is about another repository than `repository` (the one the
    run writes to): its issue numbers are that repository's, so #1 there is another issue here. A
    payload that names none, or a run without `repository` (refused later), passes."""
    if not isinstance(payload, dict) or payload.get("repository") is None or not repository:
        return
    try:
        named = optional_str(as_object(payload["repository"], "repository"), "full_name", "repository.")
    except FieldProblem as problem:
        raise InputError(f"{source}: {problem}") from None
    if named is not None and named.casefold() != repository.casefold():
        raise InputError(
            f"{source}: repository.full_name: the event is about {neutralise(named)}, not {repository} "
            "(GITHUB_REPOSITORY), whose issues triage would change"
        )


def _parse(payload: JsonObject) -> IssueEvent:
    key = "pull_request" if "pull_request" in payload and "issue" not in payload else "issue"
    item = object_at(payload, key)
    action = optional_str(payload, "action")
    if not action:  # GitHub always names it: a payload written by hand that does not is refused, not skipped
        raise FieldProblem(
            "action",
            f"missing: an `issues` event says what happened to the issue ({', '.join(ISSUE_ACTIONS)}...)",
        )
    issue = _issue(item, key + ".")
    return IssueEvent(
        action=action,
        issue=issue,
        comment_count=optional_int(item, "comments", key + ".", minimum=0) or 0,
        is_pull_request=key == "pull_request" or item.get("pull_request") is not None,
        sender=_sender(payload),
        locked=item.get("locked") is True,
        closed=item.get("state") == "closed",
        created_at=_moment(item, "created_at", key + "."),
        updated_at=time_text(updated) if (updated := _moment(item, "updated_at", key + ".")) else "",
        before_edit=_before_edit(payload, issue) if action == "edited" else None,
    )


def _moment(item: JsonObject, key: str, prefix: str) -> datetime | None:
    """A timestamp of the payload, as GitHub writes them (`2024-05-01T12:00:00Z`); None if absent.
    Anything else is refused: `updated_at` is compared with the timeline's times, and a late
    `opened` job is told by `created_at`."""
    text = optional_str(item, key, prefix)
    if not text:
        return None
    moment = parse_time(text)
    if moment is None or moment.tzinfo is None or not _has_utc_time(moment):
        raise FieldProblem(
            prefix + key, f"expected a UTC time such as 2024-05-01T12:00:00Z, got {text[:40]!r}"
        )
    return moment


def _has_utc_time(moment: datetime) -> bool:
    """False for a time whose UTC time lies past the ends of the years 1 to 9999
    (`0001-01-01T00:00:00+01:00`): it cannot be written as GitHub writes times, to be compared."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _issue(item: JsonObject, prefix: str) -> Issue:
    number = optional_issue_number(item, "number", prefix)  # past GitHub's largest: refused before a write
    if number is None:
        raise FieldProblem(prefix + "number", "missing")
    return Issue(
        title=required_str(item, "title", prefix),
        body=optional_str(item, "body", prefix) or "",
        number=number,
        url=optional_str(item, "html_url", prefix),
        labels=label_names(item, "labels", prefix),
        author_association=optional_str(item, "author_association", prefix),
    )


def _before_edit(payload: JsonObject, issue: Issue) -> Issue | None:
    """`issue` with the title and body it had before the edit; None when the payload has no
    `changes`, which holds `{"from": ...}` for each of them the edit changed."""
    if payload.get("changes") is None:
        return None
    changes = as_object(payload["changes"], "changes")
    return issue._replace(title=_was(changes, "title", issue.title), body=_was(changes, "body", issue.body))


def _was(changes: JsonObject, key: str, now: str) -> str:
    """The field before the edit: `now` when the edit left it alone; a body that was empty may read
    `null`."""
    if key not in changes:
        return now
    return optional_str(as_object(changes[key], f"changes.{key}"), "from", f"changes.{key}.") or ""


def _sender(payload: JsonObject) -> str:
    if payload.get("sender") is None:
        return ""
    return optional_str(as_object(payload["sender"], "sender"), "login", "sender.") or ""
