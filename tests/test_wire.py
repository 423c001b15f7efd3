"""GitHub's REST JSON read into the core's types; the `Link` header's next page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from triage.marker import MARKER
from triage.model import Comment, Issue, Label, LabelEvent
from triage.wire import (
    IssueRecord,
    Timeline,
    comment,
    issue_record,
    label,
    label_event,
    looks_auto_created,
    next_page,
    parse_time,
    time_text,
    timeline,
)

ISSUE = {
    "number": 7,
    "title": "kubectl fails",
    "body": None,
    "html_url": "https://github.com/o/r/issues/7",
    "labels": [{"name": "bug"}, {"name": "team/x"}],
    "comments": 3,
    "updated_at": "2024-05-01T12:00:00Z",
}


def test_an_issue_from_a_list_page_carries_what_the_planner_needs() -> None:
    assert issue_record(ISSUE) == IssueRecord(
        issue=Issue("kubectl fails", "", 7, "https://github.com/o/r/issues/7", ("bug", "team/x")),
        comment_count=3,
        is_pull_request=False,
        updated_at="2024-05-01T12:00:00Z",
    )


def test_the_reporters_association_with_the_repository_is_read_from_the_issue_json() -> None:
    record = issue_record(ISSUE | {"author_association": "COLLABORATOR"})
    assert record.issue.author_association == "COLLABORATOR"


@pytest.mark.parametrize("value", [None, 1], ids=["null", "number"])
def test_an_association_that_is_not_a_string_is_unknown(value: object) -> None:
    assert issue_record(ISSUE | {"author_association": value}).issue.author_association is None


def test_a_lone_surrogate_in_a_listed_issue_reads_as_a_replacement_character() -> None:
    record = issue_record(ISSUE | {"title": "helm \ud800", "body": "\udfff", "labels": [{"name": "a\udc80"}]})
    issue = record.issue
    assert (issue.title, issue.body, issue.labels) == ("helm \ufffd", "\ufffd", ("a\ufffd",))


def test_a_pull_request_is_told_apart_by_its_pull_request_key() -> None:
    assert issue_record(ISSUE | {"pull_request": {"url": "x"}}).is_pull_request is True


def test_an_issue_whose_pull_request_key_is_null_is_an_issue() -> None:
    assert issue_record(ISSUE | {"pull_request": None}).is_pull_request is False


def test_a_comment_keeps_its_author() -> None:
    assert comment({"id": 5, "user": {"login": "octocat"}, "body": "hi"}).author == "octocat"


def test_a_comment_keeps_its_body_when_it_starts_with_the_marker() -> None:
    body = f"{MARKER}\nThanks for opening this issue."
    assert comment({"id": 5, "user": {"login": "bot"}, "body": body}) == Comment(5, "bot", body)


def test_a_comment_without_the_marker_keeps_no_body_as_none_is_ever_read() -> None:
    huge = "\U0001f600" * 65_536
    assert comment({"id": 5, "user": {"login": "octocat"}, "body": huge}) == Comment(5, "octocat", "")


def test_a_comment_with_the_marker_on_a_later_line_keeps_no_body() -> None:
    body = f"> quoting the bot:\n{MARKER}"
    assert comment({"id": 5, "user": {"login": "bot"}, "body": body}).body == ""


def test_a_comment_by_a_deleted_user_has_no_author() -> None:
    assert comment({"id": 5, "user": None, "body": None}) == Comment(5, "", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"event": "labeled", "label": {"name": "a/b"}, "actor": {"login": "x"}},
            LabelEvent("a/b", "labeled", "x"),
        ),
        (
            {"event": "unlabeled", "label": {"name": "a"}, "actor": {"login": "y"}},
            LabelEvent("a", "unlabeled", "y"),
        ),
        ({"event": "commented", "actor": {"login": "y"}}, None),
        ({"event": "renamed"}, None),
    ],
)
def test_only_label_events_are_read_from_the_timeline(
    raw: dict[str, object], expected: LabelEvent | None
) -> None:
    assert label_event(raw) == expected


def test_a_timeline_gives_label_events_and_comments_in_order_and_nothing_else() -> None:
    alice, bot = {"login": "alice"}, {"login": "bot"}
    items = [
        {"event": "commented", "id": 7, "user": alice, "actor": alice, "body": "hi"},
        {"event": "labeled", "label": {"name": "a"}, "actor": bot},
        {"event": "renamed", "actor": alice},
        {"event": "commented", "id": 9, "user": bot, "actor": bot, "body": None},
    ]
    assert timeline(items) == Timeline(
        label_events=(LabelEvent("a", "labeled", "bot"),),
        comments=(Comment(7, "alice", ""), Comment(9, "bot", "")),
    )


@pytest.mark.parametrize(
    ("kinds", "closed"),
    [
        ((), False),
        (("closed",), True),
        (("closed", "reopened"), False),
        (("closed", "reopened", "closed"), True),
    ],
)
def test_a_timeline_says_the_issue_is_closed_when_its_last_close_or_reopen_closed_it(
    kinds: tuple[str, ...], closed: bool
) -> None:
    items = [{"event": kind, "actor": {"login": "alice"}} for kind in kinds]
    assert timeline(items).closed is closed


def test_a_label_colour_is_lower_cased_and_a_null_description_is_empty() -> None:
    assert label({"name": "bug", "color": "D73A4A", "description": None}) == Label("bug", "d73a4a", "")


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (Label("x", "ededed", ""), True),
        (Label("x", "ededed", "said"), False),
        (Label("x", "ff0000", ""), False),
    ],
)
def test_a_label_github_made_up_is_grey_and_bare(found: Label, expected: bool) -> None:
    assert looks_auto_created(found) is expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            '<http://h:1/r?page=2>; rel="next", <http://h:1/r?page=5>; rel="last"',
            "http://h:1/r?page=2",
        ),
        ('<http://h/r?page=1>; rel="prev", <http://h/r?page=3>; rel="next"', "http://h/r?page=3"),
        ('<http://h/r?page=1>; rel="first", <http://h/r?page=2>; rel="prev"', None),
        ("<http://h/r?page=2> ; rel=next", "http://h/r?page=2"),
        ('<http://h/r?page=2>; type="application/json"; rel="next"', "http://h/r?page=2"),
        ('<http://h/r?page=2>; rel="next last"', "http://h/r?page=2"),
        (
            '<http://h/r?labels=a,b&page=2>; rel="next", <http://h/r?page=9>; rel="last"',
            "http://h/r?labels=a,b&page=2",
        ),
        ('<http://h/r?page=2>; title="not next"; rel="prev"', None),
        ('<http://h/r?page=2>; rel=""', None),
        (None, None),
        ("", None),
    ],
)
def test_the_next_page_comes_from_the_link_header(header: str | None, expected: str | None) -> None:
    assert next_page(header) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T12:00:00Z", datetime(2024, 5, 1, 12, tzinfo=UTC)),
        ("2024-05-01T14:00:00+02:00", datetime(2024, 5, 1, 12, tzinfo=UTC)),
        ("", None),
        ("yesterday", None),
        ("2024-02-30T00:00:00Z", None),
    ],
)
def test_a_github_timestamp_is_read_and_an_odd_one_is_none(text: str, expected: datetime | None) -> None:
    assert parse_time(text) == expected


def test_a_time_sent_to_github_is_written_in_utc_to_the_second() -> None:
    moment = datetime(2024, 5, 1, 14, 0, 5, 999_000, tzinfo=timezone(timedelta(hours=2)))
    assert time_text(moment) == "2024-05-01T12:00:05Z"


def test_a_time_before_the_year_1000_is_sent_with_a_four_digit_year() -> None:
    """`--since 0001-01-01`, for every issue ever updated."""
    assert time_text(datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01T00:00:00Z"
