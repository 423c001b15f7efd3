"""Reading an `issues` webhook payload: what it yields, and what it says when the payload is odd."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from triage.errors import InputError, UsageError
from triage.event import (
    IssueEvent,
    check_repository,
    former_bot_logins_from,
    load_event,
    parse_issue_event,
)
from triage.model import Issue


def opened_payload(**issue_fields: Any) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "number": 42,
        "title": "kubectl apply fails",
        "body": "See `cmd/server/shared/shared.go`.",
        "html_url": "https://github.com/acme/app/issues/42",
        "labels": [{"name": "bug", "color": "d73a4a"}],
        "comments": 0,
    }
    issue.update(issue_fields)
    return {"action": "opened", "issue": issue, "sender": {"login": "octocat"}}


@pytest.mark.parametrize("number", [2**31, 3e10])
def test_an_issue_number_past_the_largest_is_told_its_size_however_json_writes_it(number: float) -> None:
    with pytest.raises(InputError) as raised:
        parse_issue_event(opened_payload(number=number), "event.json")
    assert str(raised.value) == (
        "event.json: issue.number: expected an issue number of at most 2147483647, GitHub's largest"
    )


def test_opened_event_yields_the_issue_as_sent() -> None:
    assert parse_issue_event(opened_payload(comments=3), "event.json") == IssueEvent(
        action="opened",
        issue=Issue(
            title="kubectl apply fails",
            body="See `cmd/server/shared/shared.go`.",
            number=42,
            url="https://github.com/acme/app/issues/42",
            labels=("bug",),
        ),
        comment_count=3,
        is_pull_request=False,
        sender="octocat",
    )


def test_the_reporters_association_with_the_repository_is_read_from_the_payload() -> None:
    payload = opened_payload(author_association="MEMBER")
    assert parse_issue_event(payload, "event.json").issue.author_association == "MEMBER"


def test_a_payload_without_the_reporters_association_leaves_it_unknown() -> None:
    assert parse_issue_event(opened_payload(), "event.json").issue.author_association is None


@pytest.mark.parametrize("body", [None, "missing"], ids=["null", "missing"])
def test_an_issue_without_body_has_an_empty_body(body: str | None) -> None:
    payload = opened_payload(body=body)
    if body == "missing":
        del payload["issue"]["body"]
    assert parse_issue_event(payload, "event.json").issue.body == ""


def test_an_issue_that_is_a_pull_request_is_flagged() -> None:
    payload = opened_payload(pull_request={"url": "https://api.github.com/repos/acme/app/pulls/42"})
    assert parse_issue_event(payload, "event.json").is_pull_request


def test_an_issue_whose_pull_request_key_is_null_is_an_issue() -> None:
    assert not parse_issue_event(opened_payload(pull_request=None), "event.json").is_pull_request


@pytest.mark.parametrize(
    ("locked", "expected"), [(True, True), (False, False), ("false", False), (None, False)]
)
def test_a_conversation_is_locked_only_when_the_payload_says_true(locked: object, expected: bool) -> None:
    assert parse_issue_event(opened_payload(locked=locked), "event.json").locked is expected


def test_a_pull_request_event_is_flagged() -> None:
    payload = {"action": "opened", "pull_request": {"number": 7, "title": "Bump k8s", "body": None}}
    event = parse_issue_event(payload, "event.json")
    assert (event.is_pull_request, event.issue.number, event.issue.title) == (True, 7, "Bump k8s")


def test_the_sender_may_be_absent() -> None:
    payload = opened_payload()
    del payload["sender"]
    assert parse_issue_event(payload, "event.json").sender == ""


def test_a_payload_with_an_issue_is_read_as_that_issue_whatever_else_it_carries() -> None:
    payload = {**opened_payload(), "pull_request": {"number": 7, "title": "Bump k8s"}}
    event = parse_issue_event(payload, "event.json")
    assert (event.is_pull_request, event.issue.number) == (False, 42)


def test_a_payload_without_an_issue_is_said_to_be_no_issues_event_payload() -> None:
    with pytest.raises(InputError) as raised:
        parse_issue_event({"inputs": {}, "ref": "refs/heads/main"}, "dispatch.json")
    assert str(raised.value) == "dispatch.json: not an `issues` event payload: it has no `issue` object"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(issue=[]), "event.json: issue: expected an object, got an array"),
        (lambda p: p["issue"].pop("number"), "event.json: issue.number: missing"),
        (lambda p: p["issue"].update(number="abc"), "event.json: issue.number: expected a positive integer"),
        (lambda p: p["issue"].update(number=-1), "event.json: issue.number: expected a positive integer"),
        (lambda p: p["issue"].update(number=True), "event.json: issue.number: expected a positive integer"),
        (lambda p: p["issue"].pop("title"), "event.json: issue.title: missing"),
        (lambda p: p["issue"].update(title=None), "event.json: issue.title: expected a string, got null"),
        (lambda p: p["issue"].update(body=12), "event.json: issue.body: expected a string, got a number"),
        (lambda p: p["issue"].update(body=True), "event.json: issue.body: expected a string, got a boolean"),
        (
            lambda p: p["issue"].update(labels="bug"),
            "event.json: issue.labels: expected an array, got a string",
        ),
        (lambda p: p["issue"].update(labels=[{"id": 1}]), "event.json: issue.labels[0].name: missing"),
        (
            lambda p: p["issue"].update(comments=-2),
            "event.json: issue.comments: expected an integer >= 0",
        ),
        (
            lambda p: p["issue"].update(author_association=["MEMBER"]),
            "event.json: issue.author_association: expected a string, got an array",
        ),
        (lambda p: p.update(sender="octocat"), "event.json: sender: expected an object, got a string"),
        (lambda p: p.update(action=1), "event.json: action: expected a string, got a number"),
        (
            lambda p: p["issue"].update(created_at="yesterday"),
            "event.json: issue.created_at: expected a UTC time such as 2024-05-01T12:00:00Z, got 'yesterday'",
        ),
        (
            lambda p: p["issue"].update(created_at="0001-01-01"),
            "event.json: issue.created_at: expected a UTC time such as 2024-05-01T12:00:00Z, got "
            "'0001-01-01'",
        ),
        (
            lambda p: p["issue"].update(updated_at="2024-05-01 12:00"),
            "event.json: issue.updated_at: expected a UTC time such as 2024-05-01T12:00:00Z, got "
            "'2024-05-01 12:00'",
        ),
        (
            lambda p: p["issue"].update(updated_at="0001-01-01T00:00:00+01:00"),
            "event.json: issue.updated_at: expected a UTC time such as 2024-05-01T12:00:00Z, got "
            "'0001-01-01T00:00:00+01:00'",
        ),
        (
            lambda p: p["issue"].update(created_at="9999-12-31T23:59:59-01:00"),
            "event.json: issue.created_at: expected a UTC time such as 2024-05-01T12:00:00Z, got "
            "'9999-12-31T23:59:59-01:00'",
        ),
    ],
    ids=[
        "issue not object",
        "no number",
        "number text",
        "number negative",
        "number boolean",
        "no title",
        "title null",
        "body number",
        "body boolean",
        "labels not list",
        "label without name",
        "comments negative",
        "author_association not string",
        "sender not object",
        "action not string",
        "created_at not a time",
        "created_at without a time zone",
        "updated_at without a time zone",
        "updated_at before the year 1 in UTC",
        "created_at after the year 9999 in UTC",
    ],
)
def test_odd_payloads_name_the_field(change: Any, message: str) -> None:
    payload = opened_payload()
    change(payload)
    with pytest.raises(InputError) as raised:
        parse_issue_event(payload, "event.json")
    assert str(raised.value) == message


def edited_payload(changes: object) -> dict[str, Any]:
    payload = opened_payload(title="docker compose fails", body="on a laptop")
    return {**payload, "action": "edited", "changes": changes}


def test_an_edited_event_yields_the_issue_as_it_read_before_the_edit() -> None:
    event = parse_issue_event(edited_payload({"title": {"from": "kubectl fails"}}), "event.json")
    assert event.before_edit == event.issue._replace(title="kubectl fails")


def test_a_body_that_was_empty_before_the_edit_may_read_null() -> None:
    event = parse_issue_event(edited_payload({"body": {"from": None}}), "event.json")
    assert event.before_edit == event.issue._replace(body="")


def test_only_an_edited_event_has_a_before_edit() -> None:
    payload = {**edited_payload({"title": {"from": "kubectl fails"}}), "action": "reopened"}
    assert parse_issue_event(payload, "event.json").before_edit is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ([], "event.json: changes: expected an object, got an array"),
        ({"body": "old"}, "event.json: changes.body: expected an object, got a string"),
        ({"title": {"from": 3}}, "event.json: changes.title.from: expected a string, got a number"),
    ],
    ids=["changes not object", "change not object", "from not string"],
)
def test_odd_changes_of_an_edited_event_name_the_field(changes: object, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_issue_event(edited_payload(changes), "event.json")
    assert str(raised.value) == message


def test_the_times_of_a_payload_are_read_in_githubs_form_whatever_offset_they_are_written_with() -> None:
    payload = opened_payload(created_at="2024-05-01T14:00:00+02:00", updated_at="2024-05-01T14:00:05+02:00")
    event = parse_issue_event(payload, "event.json")
    assert (event.created_at is not None, event.updated_at) == (True, "2024-05-01T12:00:05Z")


def test_a_payload_that_is_not_an_object_says_what_it_is() -> None:
    with pytest.raises(InputError) as raised:
        parse_issue_event([1, 2], "event.json")
    assert str(raised.value) == "event.json: expected a JSON object, got an array"


def test_load_event_decodes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(opened_payload()), encoding="utf-8")
    assert load_event(str(path)) == opened_payload()


def test_load_event_leaves_out_a_byte_order_mark_at_the_start(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text("\ufeff" + json.dumps(opened_payload()), encoding="utf-8")
    assert load_event(str(path)) == opened_payload()


def test_load_event_of_an_empty_file_says_it_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_event(str(path))
    assert str(raised.value) == f"{path}: empty: expected an `issues` webhook payload (JSON)"


def test_load_event_names_the_line_of_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text('{\n  "action": "opened",\n  "issue": \n}\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_event(str(path))
    assert str(raised.value) == f"{path}:4:1: invalid JSON: Expecting value"


@pytest.mark.parametrize(
    ("text", "place", "constant"),
    [
        ('{"action": "opened", "score": NaN}', "1:31", "NaN"),
        ('{"action": "NaN Infinity \\" -Infinity",\n "reactions": {"x": Infinity}}', "2:21", "Infinity"),
        ('{"inputs": {"issue": -Infinity}}', "1:22", "-Infinity"),
    ],
    ids=["nan", "after a string holding them", "negative infinity"],
)
def test_load_event_refuses_nan_and_infinity_as_not_json_at_their_place(
    tmp_path: Path, text: str, place: str, constant: str
) -> None:
    """Python's json reads them; GitHub never writes them, so a payload holding one (an event or a
    dispatch's inputs) is written by hand or corrupt, even where the field is one triage ignores."""
    path = tmp_path / "event.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_event(str(path))
    assert str(raised.value) == (
        f"{path}:{place}: invalid JSON: {constant} is not a JSON value: JSON has no NaN or Infinity"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"issue": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"issue": {"number": ' + "1" * 5000 + "}}", "a number of more than 4,300 digits"),
    ],
)
def test_load_event_says_what_is_past_the_parsers_limits(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "event.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_event(str(path))
    assert str(raised.value) == f"{path}: invalid JSON: {problem}"


def test_load_event_of_a_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(InputError) as raised:
        load_event(str(path))
    assert str(raised.value) == f"{path}: cannot read: No such file or directory"


def test_load_event_of_a_non_utf8_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b'{"title": "\xff"}')
    with pytest.raises(InputError) as raised:
        load_event(str(path))
    assert str(raised.value) == f"{path}:1:12: not UTF-8 text (byte 0xFF here): save it as UTF-8"


def test_a_lone_surrogate_in_a_payload_reads_as_a_replacement_character() -> None:
    payload = json.loads(json.dumps(opened_payload(title="helm \ud800", body="\udfff")))
    issue = parse_issue_event(payload, "event.json").issue
    assert (issue.title, issue.body) == ("helm \ufffd", "\ufffd")


def test_a_payload_about_another_repository_is_refused_before_anything_is_read() -> None:
    payload = {**opened_payload(), "repository": {"full_name": "someone/else"}}
    with pytest.raises(InputError) as raised:
        check_repository(payload, "event.json", "octo/widgets")
    assert str(raised.value).startswith("event.json: repository.full_name: the event is about someone/else,")


def test_the_other_repository_named_in_the_refusal_cannot_be_a_workflow_command() -> None:
    payload = {**opened_payload(), "repository": {"full_name": "::add-mask::x/@team"}}
    with pytest.raises(InputError) as raised:
        check_repository(payload, "event.json", "octo/widgets")
    assert "::" not in str(raised.value)
    assert "@team" not in str(raised.value)


@pytest.mark.parametrize("repository", [None, {}, {"full_name": None}, {"full_name": "OCTO/Widgets"}])
def test_a_payload_of_this_repository_or_naming_none_passes(repository: object) -> None:
    payload = {**opened_payload(), "repository": repository}
    try:
        check_repository(payload, "event.json", "octo/widgets")
    except InputError as refused:
        pytest.fail(f"refused: {refused}")


def test_a_repository_that_is_not_an_object_names_the_field() -> None:
    with pytest.raises(InputError) as raised:
        check_repository({**opened_payload(), "repository": "octo/widgets"}, "event.json", "octo/widgets")
    assert str(raised.value) == "event.json: repository: expected an object, got a string"


# --- the former bot logins ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        ("github-actions[bot]", ("github-actions[bot]",)),
        ("github-actions[bot], old-app[bot]", ("github-actions[bot]", "old-app[bot]")),
        (" github-actions[bot]\n old-app[bot] ,", ("github-actions[bot]", "old-app[bot]")),
        ("", ()),
        (" , ", ()),
    ],
    ids=["one", "comma", "space-and-line-break", "empty", "separators-only"],
)
def test_the_former_bot_logins_variable_is_split_on_commas_and_spaces(
    variable: str, expected: tuple[str, ...]
) -> None:
    """The action's input left empty, as a workflow passes it unset, names none."""
    assert former_bot_logins_from(None, {"TRIAGE_FORMER_BOT_LOGINS": variable}) == expected


def test_without_the_flag_or_the_variable_there_is_no_former_bot_login() -> None:
    assert former_bot_logins_from(None, {}) == ()


def test_the_former_bot_login_flags_replace_the_variable_each_split_like_it() -> None:
    env = {"TRIAGE_FORMER_BOT_LOGINS": "from-env[bot]"}
    assert former_bot_logins_from(["a[bot]", "b[bot],c[bot]", "a[bot]"], env) == (
        "a[bot]",
        "b[bot]",
        "c[bot]",
    )


@pytest.mark.parametrize("value", ["", "  ", ","])
def test_a_former_bot_login_flag_that_names_no_login_is_refused(value: str) -> None:
    with pytest.raises(UsageError, match="--former-bot-login is empty"):
        former_bot_logins_from(["github-actions[bot]", value], {})
