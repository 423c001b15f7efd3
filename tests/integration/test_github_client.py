"""The GitHub adapter against the fake server: retries, rate limits, pacing, pagination, refusals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.fakegithub import BOT, REPO, TOKEN, FakeClock, FakeGitHub, faults, max_in_window, min_gap
from tests.fakegithub.state import State
from tests.integration.conftest import client_with
from triage.errors import GitHubError, RateLimitStop, TriageError
from triage.github import VIRTUAL_CLOCK_ENV, GitHubClient, connect, default_timekeeper
from triage.marker import MARKER
from triage.model import Comment, Label
from triage.plan import find_our_comment
from triage.refusal import RequestRefusedError
from triage.wire import time_text

OURS = f"{MARKER}\nThis looks like Kubernetes."


def find_ours(comments: tuple[Comment, ...]) -> Comment | None:
    return find_our_comment(comments, BOT)


def summary(github: FakeGitHub) -> list[str]:
    return github.log.summary()


# --- idempotent writes (RELIABILITY 1, 2, 12) ----------------------------------------------------


@pytest.mark.parametrize("mode", ["502", "drop"])
def test_a_comment_post_whose_response_is_lost_is_not_sent_twice(
    github: FakeGitHub, client: GitHubClient, mode: str
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.lost_response(mode=mode))
    created = client.create_comment(number, OURS, find_ours)
    assert [c.body for c in github.state.comments(REPO, number)] == [OURS]
    assert created.body == OURS
    assert summary(github) == [
        f"POST /repos/{REPO}/issues/{number}/comments -> {502 if mode == '502' else None}",
        f"GET /repos/{REPO}/issues/{number}/comments -> 200",
    ]


def test_a_comment_post_that_timed_out_after_the_write_is_found_by_rereading(
    github: FakeGitHub, clock: FakeClock
) -> None:
    impatient = client_with(github, clock, timeout=1)
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.slow(1.2))
    impatient.create_comment(number, OURS, find_ours)
    assert [c.body for c in github.state.comments(REPO, number)] == [OURS]
    assert [f"{entry.method} {entry.path}" for entry in github.log] == [
        f"POST /repos/{REPO}/issues/{number}/comments",
        f"GET /repos/{REPO}/issues/{number}/comments",
    ]


def test_a_comment_post_that_failed_before_the_write_is_sent_again_after_the_reread(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.lost_response(after_apply=False))
    client.create_comment(number, OURS, find_ours)
    assert [c.body for c in github.state.comments(REPO, number)] == [OURS]
    assert [e.method for e in github.log] == ["POST", "GET", "POST"]


def test_after_a_lost_comment_post_every_later_attempt_rereads_before_posting(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """GitHub's reads can lag behind its writes: a re-read that missed the lost comment, then a
    retry refused by a secondary limit (which wrote nothing), leave the first POST's outcome still
    unknown, so the next attempt reads again and finds the comment instead of posting another."""
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.lost_response())
    github.faults.add("GET", r"/comments$", faults.status(200, []))
    github.faults.add("POST", r"/comments$", faults.secondary_limit(retry_after=1), after=1)
    client.create_comment(number, OURS, find_ours)
    assert [c.body for c in github.state.comments(REPO, number)] == [OURS]
    assert summary(github) == [
        f"POST /repos/{REPO}/issues/{number}/comments -> 502",
        f"GET /repos/{REPO}/issues/{number}/comments -> 200",
        f"POST /repos/{REPO}/issues/{number}/comments -> 403",
        f"GET /repos/{REPO}/issues/{number}/comments -> 200",
    ]


def test_a_comment_post_refused_by_a_rate_limit_is_sent_again_without_rereading(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """A 4xx means GitHub wrote nothing: there is no comment of ours to look for."""
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.secondary_limit(retry_after=1))
    client.create_comment(number, OURS, find_ours)
    assert [c.body for c in github.state.comments(REPO, number)] == [OURS]
    assert summary(github) == [
        f"POST /repos/{REPO}/issues/{number}/comments -> 403",
        f"POST /repos/{REPO}/issues/{number}/comments -> 201",
    ]


def test_a_comment_patch_answered_502_is_retried_and_applied_once(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    comment_id = github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold")
    github.faults.add("PATCH", r"/comments/\d+$", faults.status(502))
    client.update_comment(number, comment_id, OURS)
    assert [c.body for c in github.state.comments(REPO, number)] == [OURS]
    assert [e.status for e in github.log] == [502, 200]


def test_removing_a_label_that_is_already_gone_is_a_success(github: FakeGitHub, client: GitHubClient) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    client.remove_label(number, "team/distribution")
    assert summary(github) == [f"DELETE /repos/{REPO}/issues/{number}/labels/team/distribution -> 404"]


def test_removing_a_label_from_a_missing_issue_is_an_error(github: FakeGitHub, client: GitHubClient) -> None:
    with pytest.raises(RequestRefusedError) as refused:
        client.remove_label(99, "team/distribution")
    assert refused.value.status == 404


def test_a_label_create_whose_response_was_lost_is_not_an_error_on_retry(
    github: FakeGitHub, client: GitHubClient
) -> None:
    github.faults.add("POST", r"/labels$", faults.lost_response())
    client.create_label(Label("team/distribution", "5319e7", "Owned"))
    assert [(lb.name, lb.color) for lb in github.state.labels(REPO)] == [("team/distribution", "5319e7")]
    assert [e.status for e in github.log] == [502, 422, 200]  # then set as configured: it may be another's


@pytest.mark.parametrize("mode", ["502", "drop"])
def test_a_label_rename_whose_response_was_lost_is_done_on_retry(
    github: FakeGitHub, client: GitHubClient, mode: str
) -> None:
    github.state.add_label(REPO, "k8s", "000000", "old")
    number = github.state.add_issue(REPO, "Kubernetes", labels=["k8s"])
    github.faults.add("PATCH", r"/labels/k8s$", faults.lost_response(mode=mode))
    client.update_label("k8s", Label("deploy: k8s", "0e8a16", "Kubernetes installs"))
    assert [(lb.name, lb.color) for lb in github.state.labels(REPO)] == [("deploy: k8s", "0e8a16")]
    assert github.state.issue(REPO, number).labels == ["deploy: k8s"]


def test_a_rename_of_a_label_gone_under_both_names_names_the_old_one(
    github: FakeGitHub, client: GitHubClient
) -> None:
    with pytest.raises(RequestRefusedError) as refused:
        client.update_label("k8s", Label("deploy: k8s", "0e8a16", "Kubernetes installs"))
    assert (refused.value.status, "/labels/k8s:" in str(refused.value)) == (404, True)


def test_a_label_create_refused_for_another_reason_than_already_exists_is_an_error(
    github: FakeGitHub, client: GitHubClient
) -> None:
    with pytest.raises(RequestRefusedError) as refused:
        client.create_label(Label("team/distribution", "#5319e7", "Owned"))
    assert refused.value.status == 422
    assert github.state.labels(REPO) == []


@pytest.mark.parametrize(
    ("name", "in_the_path"),
    [
        ("team/distribution", "team%2Fdistribution"),
        ("deploy: k8s ☸", "deploy%3A%20k8s%20%E2%98%B8"),  # ☸ is U+2638: E2 98 B8 in UTF-8
        ("needs triage", "needs%20triage"),
        ("a%2Fb", "a%252Fb"),  # the % itself is escaped: the name is not read as holding a /
    ],
)
def test_label_names_with_slashes_spaces_colons_and_emoji_are_encoded(
    github: FakeGitHub, client: GitHubClient, name: str, in_the_path: str
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes", labels=[name, "bug"])
    client.remove_label(number, name)
    assert github.state.issue(REPO, number).labels == ["bug"]
    assert github.log[0].raw_path == f"/repos/{REPO}/issues/{number}/labels/{in_the_path}"


def test_adding_labels_is_one_post_with_every_name_and_never_a_put(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes", labels=["bug"])
    client.add_labels(number, ("team/distribution", "deploy: k8s ☸"))
    assert github.state.issue(REPO, number).labels == ["bug", "team/distribution", "deploy: k8s ☸"]
    assert [(e.method, e.body) for e in github.log] == [
        ("POST", {"labels": ["team/distribution", "deploy: k8s ☸"]})
    ]


def test_a_label_is_renamed_in_place_and_issues_keep_it(github: FakeGitHub, client: GitHubClient) -> None:
    github.state.add_label(REPO, "k8s", "000000", "old")
    number = github.state.add_issue(REPO, "Kubernetes", labels=["k8s"])
    client.update_label("k8s", Label("deploy: k8s ☸", "0e8a16", "Kubernetes installs"))
    assert github.state.issue(REPO, number).labels == ["deploy: k8s ☸"]
    assert [(lb.name, lb.color, lb.description) for lb in github.state.labels(REPO)] == [
        ("deploy: k8s ☸", "0e8a16", "Kubernetes installs")
    ]


def test_a_label_write_redirected_to_the_repositorys_new_name_follows_the_redirect(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """Only a write to an issue stops at a 301 (the issue may be another repository's now)."""
    github.state.add_repo("octo/gadgets")
    renamed = faults.status(
        301, {"message": "Moved Permanently"}, {"location": f"{github.url}/repos/octo/gadgets/labels"}
    )
    github.faults.add("POST", r"/repos/octo/widgets/labels$", renamed)
    client.create_label(Label("team/distribution", "5319e7", "Owned"))
    assert [label.name for label in github.state.labels("octo/gadgets")] == ["team/distribution"]


# --- rate limits and transient faults (RELIABILITY 6, 8) ------------------------------------------


def test_a_secondary_limit_with_retry_after_waits_that_long(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.secondary_limit(retry_after=37))
    assert client.read_issue(number).issue.title == "Kubernetes"
    assert clock.sleeps == [37]


@pytest.mark.parametrize("fault", [faults.secondary_limit(retry_after=None), faults.too_many_requests()])
def test_a_rate_limit_without_retry_after_waits_a_minute_then_backs_off(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock, fault: faults.Fault
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", fault, times=3)
    client.read_issue(number)
    assert clock.sleeps == [60, 120, 240]


def test_a_429_with_retry_after_is_honoured(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.too_many_requests(retry_after=5))
    client.read_issue(number)
    assert clock.sleeps == [5]


def test_an_exhausted_primary_limit_waits_for_the_reset_within_budget(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.primary_limit(reset_in=120))
    client.read_issue(number)
    assert clock.sleeps == [120]


def test_writes_that_take_the_last_requests_of_the_rate_limit_go_without_waiting_for_its_reset(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    """The one wait is the second's pacing between the two writes, not the 5000 s to the reset."""
    number = github.state.add_issue(REPO, "Kubernetes")
    github.state.set_rate_budget(remaining=3, reset_at=clock.now() + 5000)
    client.read_issue(number)
    client.ensure_rate_budget(2)
    client.add_labels(number, ("team/distribution",))
    client.create_comment(number, OURS, find_ours)
    assert len(github.log.writes()) == 2
    assert clock.sleeps == [1.0]


def test_writes_the_rate_limit_cannot_cover_wait_for_its_reset_within_budget_then_go(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.state.set_rate_budget(remaining=2, reset_at=clock.now() + 300)
    client.read_issue(number)
    client.ensure_rate_budget(2)
    client.add_labels(number, ("team/distribution",))
    client.create_comment(number, OURS, find_ours)
    assert len(github.log.writes()) == 2
    assert clock.sleeps == [300, 1.0]


def test_an_issue_whose_writes_would_pass_the_hourly_limit_stops_before_its_first_write(
    github: FakeGitHub, clock: FakeClock
) -> None:
    client = client_with(github, clock, writes_per_hour=4)
    numbers = [github.state.add_issue(REPO, f"Kubernetes {n}") for n in range(3)]
    for number in numbers[:2]:
        client.ensure_rate_budget(2)
        client.add_labels(number, ("team/distribution",))
        client.create_comment(number, OURS, find_ours)
    with pytest.raises(RateLimitStop) as stopped:
        client.ensure_rate_budget(2)
    assert str(stopped.value).startswith("GitHub allows 4 content-creating requests an hour: waiting 3")
    assert len(github.log.writes()) == 4
    assert max(clock.sleeps) <= 60


def test_an_hourly_wait_within_the_budget_is_slept_then_the_writes_go(
    github: FakeGitHub, clock: FakeClock
) -> None:
    client = client_with(github, clock, writes_per_hour=2, wait_budget=4000)
    first, second = github.state.add_issue(REPO, "one"), github.state.add_issue(REPO, "two")
    client.add_labels(first, ("team/distribution",))
    client.create_comment(first, OURS, find_ours)
    client.ensure_rate_budget(2)
    client.add_labels(second, ("team/distribution",))
    assert github.state.issue(REPO, second).labels == ["team/distribution"]
    assert 3500 < max(clock.sleeps) <= 3600


def test_a_write_whose_slot_in_the_hour_a_retry_took_stops_rather_than_wait_past_the_budget(
    github: FakeGitHub, clock: FakeClock
) -> None:
    """The issue's two writes fitted the hour when checked, but the label POST was refused once
    (a secondary limit, retried after a second): the attempt took the comment's slot, and waiting
    for the next one would take most of an hour that the run does not have."""
    client = client_with(github, clock, writes_per_hour=3)
    first, second = github.state.add_issue(REPO, "one"), github.state.add_issue(REPO, "two")
    client.add_labels(first, ("team/distribution",))
    client.ensure_rate_budget(2)
    github.faults.add("POST", rf"/issues/{second}/labels$", faults.secondary_limit(retry_after=1))
    client.add_labels(second, ("team/distribution",))
    with pytest.raises(RateLimitStop) as stopped:
        client.create_comment(second, OURS, find_ours)
    assert str(stopped.value).startswith("GitHub allows 3 content-creating requests an hour: waiting 3")
    assert github.state.comments(REPO, second) == []
    assert max(clock.sleeps) <= 60


def test_a_write_whose_slot_in_the_hour_a_retry_took_stops_rather_than_wait_past_the_time_limit(
    github: FakeGitHub, clock: FakeClock
) -> None:
    client = client_with(github, clock, writes_per_hour=3, wait_budget=4000)
    started = clock.now()
    client.stop_waits_past(started + 25 * 60, "the batch's time limit of 25 minutes (max-minutes)")
    first, second = github.state.add_issue(REPO, "one"), github.state.add_issue(REPO, "two")
    client.add_labels(first, ("team/distribution",))
    client.ensure_rate_budget(2)
    github.faults.add("POST", rf"/issues/{second}/labels$", faults.status(502))
    client.add_labels(second, ("team/distribution",))
    with pytest.raises(RateLimitStop) as stopped:
        client.create_comment(second, OURS, find_ours)
    assert "would pass the batch's time limit of 25 minutes (max-minutes)" in str(stopped.value)
    assert clock.now() - started < 25 * 60


def test_a_reset_past_the_wait_budget_stops_without_waiting(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.primary_limit(reset_in=3600))
    with pytest.raises(RateLimitStop) as stopped:
        client.read_issue(number)
    assert str(stopped.value) == (
        f"GET /repos/{REPO}/issues/{number} was rate limited by GitHub: waiting 3600 s "
        "(until 2027-01-15 09:00 UTC) would exceed the retry wait budget (900 s of 900 s left)"
    )
    assert clock.sleeps == []


def test_5xx_is_retried_with_jittered_backoff_and_then_succeeds(
    github: FakeGitHub, client: GitHubClient, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.status(503), times=3)
    client.read_issue(number)
    assert len(clock.sleeps) == 3
    for attempt, waited in enumerate(clock.sleeps, start=1):
        assert 2 ** (attempt - 1) / 2 <= waited <= 2 ** (attempt - 1)


def test_a_500_is_retried_like_any_other_server_error(github: FakeGitHub, client: GitHubClient) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.status(500))
    assert client.read_issue(number).issue.title == "Kubernetes"
    assert [e.status for e in github.log] == [500, 200]


def test_5xx_to_the_end_is_a_clear_error_after_the_configured_attempts(
    github: FakeGitHub, clock: FakeClock
) -> None:
    client = client_with(github, clock, max_attempts=3)
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.status(502), times=None)
    with pytest.raises(GitHubError) as failed:
        client.read_issue(number)
    assert str(failed.value) == (
        f"GET /repos/{REPO}/issues/{number}: GitHub kept failing (502 Server Error) after 3 attempts"
    )
    assert len(github.log) == 3


def test_dropped_connections_to_the_end_are_a_clear_error(github: FakeGitHub, clock: FakeClock) -> None:
    client = client_with(github, clock, max_attempts=2)
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.lost_response(mode="drop"), times=None)
    with pytest.raises(GitHubError) as failed:
        client.read_issue(number)
    host = github.url.removeprefix("http://")
    assert str(failed.value) == (
        f"GET /repos/{REPO}/issues/{number}: no answer from GitHub after 2 attempts ({host} closed the "
        f"connection before answering); GITHUB_API_URL is {github.url}"
    )
    assert len(github.log) == 2


def test_a_comment_post_never_exceeds_the_attempt_limit(github: FakeGitHub, clock: FakeClock) -> None:
    client = client_with(github, clock, max_attempts=3)
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.status(502), times=None)
    with pytest.raises(GitHubError):
        client.create_comment(number, OURS, find_ours)
    assert [entry.method for entry in github.log] == ["POST", "GET", "POST"]
    assert github.state.comments(REPO, number) == []


def two_pages_of_recent_comments(github: FakeGitHub, clock: FakeClock) -> tuple[GitHubClient, int]:
    """A client of 5 attempts and an issue of 150 comments just posted: a re-read is two pages."""
    number = github.state.add_issue(REPO, "Kubernetes")
    for n in range(150):
        github.state.add_comment(REPO, number, "alice", f"comment {n}")
    return client_with(github, clock, max_attempts=5), number


def test_each_page_of_a_comment_posts_reread_counts_as_an_attempt(
    github: FakeGitHub, clock: FakeClock
) -> None:
    client, number = two_pages_of_recent_comments(github, clock)
    github.faults.add("POST", r"/comments$", faults.status(502), times=None)
    with pytest.raises(GitHubError):
        client.create_comment(number, OURS, find_ours)
    assert [entry.method for entry in github.log] == ["POST", "GET", "GET", "POST"]


def test_the_rereads_of_a_comment_post_count_against_its_attempt_limit(
    github: FakeGitHub, clock: FakeClock
) -> None:
    client = client_with(github, clock, max_attempts=3)
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.status(502), times=None)
    github.faults.add("GET", r"/comments$", faults.status(502), times=None)
    with pytest.raises(GitHubError):
        client.create_comment(number, OURS, find_ours)
    assert [entry.method for entry in github.log] == ["POST", "GET", "GET"]


def test_a_comment_posts_reread_asks_only_for_recent_comments_however_long_the_conversation(
    github: FakeGitHub, clock: FakeClock
) -> None:
    """301 comments of an hour ago would be 4 pages: the re-read after a lost answer is one, so the
    POST still has its attempts."""
    client = client_with(github, clock, max_attempts=5)
    number = github.state.add_issue(REPO, "Kubernetes")
    for n in range(301):
        github.state.add_comment(REPO, number, "alice", f"comment {n}", created_at=clock.now() - 3600)
    github.faults.add("POST", r"/comments$", faults.lost_response(after_apply=False), times=1)
    started = clock.now()
    posted = client.create_comment(number, OURS, find_ours)
    assert [(entry.method, entry.status) for entry in github.log] == [
        ("POST", 502),
        ("GET", 200),
        ("POST", 201),
    ]
    assert github.log[1].query["since"] == time_text(datetime.fromtimestamp(started - 600, UTC))
    assert [c.id for c in github.state.comments(REPO, number)][-1] == posted.id


def test_each_page_a_failed_reread_sent_counts_as_an_attempt(github: FakeGitHub, clock: FakeClock) -> None:
    client, number = two_pages_of_recent_comments(github, clock)
    github.faults.add("POST", r"/comments$", faults.status(502), times=None)
    github.faults.add("GET", r"/comments$", faults.status(502), query={"page": "2"}, times=1)
    with pytest.raises(GitHubError):
        client.create_comment(number, OURS, find_ours)
    assert [(entry.method, entry.status) for entry in github.log] == [
        ("POST", 502),
        ("GET", 200),
        ("GET", 502),
        ("GET", 200),
        ("GET", 200),
    ]


def test_a_reread_longer_than_the_attempts_left_stops_at_them(github: FakeGitHub, clock: FakeClock) -> None:
    """Its first re-read failed at page 1 and its second at page 2: the third would need two pages
    with one attempt left, so it reads one, and the operation ends at five requests."""
    client, number = two_pages_of_recent_comments(github, clock)
    github.faults.add("POST", r"/comments$", faults.status(502), times=None)
    github.faults.add("GET", r"/comments$", faults.status(502), query={"page": "2"}, times=1)
    github.faults.add("GET", r"/comments$", faults.status(502), times=1)
    with pytest.raises(GitHubError):
        client.create_comment(number, OURS, find_ours)
    assert [(entry.method, entry.status) for entry in github.log] == [
        ("POST", 502),
        ("GET", 502),
        ("GET", 200),
        ("GET", 502),
        ("GET", 200),
    ]


def test_no_wait_is_spent_before_an_attempt_with_no_room_to_send_anything(
    github: FakeGitHub, clock: FakeClock
) -> None:
    """After a lost POST, a two-page re-read and a rate-limited POST, the next attempt's re-read
    and POST would pass the limit: the run stops at once instead of waiting out `retry-after`."""
    client, number = two_pages_of_recent_comments(github, clock)
    github.faults.add("POST", r"/comments$", faults.status(502), times=1)
    github.faults.add("POST", r"/comments$", faults.secondary_limit(retry_after=600), times=1)
    with pytest.raises(TriageError):
        client.create_comment(number, OURS, find_ours)
    assert 600 not in clock.sleeps
    assert [entry.method for entry in github.log] == ["POST", "GET", "GET", "POST"]


def test_every_write_under_a_renamed_repositorys_former_name_is_refused_as_moved(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """GitHub answers them 307, which PyGithub would return as if the write were done."""
    github.state.add_label(REPO, "bug", "d73a4a", "")
    number = github.state.add_issue(REPO, "Kubernetes", labels=["bug"])
    comment = github.state.add_comment(REPO, number, BOT, OURS)
    github.state.rename_repo(REPO, "octo/gadgets")
    writes: list[Callable[[], object]] = [
        lambda: client.add_labels(number, ("team/distribution",)),
        lambda: client.remove_label(number, "bug"),
        lambda: client.create_comment(number, OURS, find_ours),
        lambda: client.update_comment(number, comment, "edited"),
        lambda: client.create_label(Label("team/distribution", "5319e7", "Owned")),
        lambda: client.update_label("bug", Label("bug", "ff0000", "Broken")),
    ]
    for write in writes:
        with pytest.raises(RequestRefusedError) as refused:
            write()
        assert "moved (307)" in str(refused.value)
        about_a_label = "/issues/" not in str(refused.value).split(":")[0]
        assert ("the repository was renamed" in str(refused.value)) is about_a_label
    assert {entry.status for entry in github.log.writes()} == {307}
    assert github.state.issue("octo/gadgets", number).labels == ["bug"]


def test_a_read_github_answers_307_is_refused_as_moved_not_read_as_the_issue(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    location = f"{github.url}/repositories/99/issues/{number}"
    redirect = faults.status(307, {"message": "Temporary Redirect", "url": location}, {"location": location})
    github.faults.add("GET", rf"/issues/{number}$", redirect)
    with pytest.raises(RequestRefusedError) as refused:
        client.read_issue(number)
    assert "moved (307)" in str(refused.value)


def test_pygithubs_log_of_each_response_reaches_a_handler_only_when_its_logger_asks_for_it(
    github: FakeGitHub, client: GitHubClient, caplog: pytest.LogCaptureFixture
) -> None:
    """triage raises `github.Requester` to DEBUG to see each response's status; the records are not
    passed on unless `github` (PyGithub's `set_log_level`, or the root) asks for DEBUG."""
    number = github.state.add_issue(REPO, "Kubernetes")
    caplog.set_level(logging.INFO)
    caplog.handler.setLevel(logging.DEBUG)  # it would take them, if they came
    client.read_issue(number)
    assert [r for r in caplog.records if r.name == "github.Requester" and r.levelno == logging.DEBUG] == []
    pygithub = logging.getLogger("github")
    before = pygithub.level
    pygithub.setLevel(logging.DEBUG)
    try:
        client.read_issue(number)
    finally:
        pygithub.setLevel(before)
    shown = [
        r.getMessage() for r in caplog.records if r.name == "github.Requester" and r.levelno == logging.DEBUG
    ]
    assert len(shown) == 1
    assert TOKEN not in shown[0]


def test_pygithubs_line_for_a_redirect_it_follows_reaches_a_handler_only_when_its_logger_asks_for_debug(
    github: FakeGitHub, client: GitHubClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Its handler on stderr would print it unprefixed above triage's own words for the move."""
    github.state.add_repo("octo/elsewhere")
    number = github.state.add_issue(REPO, "Kubernetes")
    github.state.transfer_issue(REPO, number, "octo/elsewhere")
    caplog.set_level(logging.INFO)

    def followed() -> list[str]:
        with pytest.raises(RequestRefusedError, match=r"moved \(301\)"):
            client.read_issue(number)
        return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Following Github")]

    assert followed() == []
    pygithub = logging.getLogger("github")
    before = pygithub.level
    pygithub.setLevel(logging.DEBUG)
    try:
        assert len(followed()) == 1
    finally:
        pygithub.setLevel(before)


def test_an_issue_whose_repository_github_spells_in_another_case_has_not_moved(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    shown = github.issue_json(REPO, number) | {"repository_url": f"{github.url}/repos/Octo/Widgets"}
    github.faults.add("GET", rf"/issues/{number}$", faults.status(200, shown))
    assert client.read_issue(number).issue.title == "Kubernetes"


# --- refusals (RELIABILITY 9) --------------------------------------------------------------------


def test_a_bad_token_is_not_retried(github: FakeGitHub, clock: FakeClock) -> None:
    client = connect("ghs_wrong", REPO, github.url, timekeeper=clock)
    with pytest.raises(RequestRefusedError) as refused:
        client.read_issue(1)
    assert str(refused.value) == (
        f"GET /repos/{REPO}/issues/1: the token was rejected (401 Bad credentials): GITHUB_TOKEN (in the "
        "action, its `token` input) is not a token GitHub knows, or it has expired or been revoked"
    )
    assert len(github.log) == 1


def test_a_read_only_token_is_told_it_lacks_issues_write(github: FakeGitHub, clock: FakeClock) -> None:
    github.state.add_user("reader", "ghs_read", permission="read")
    client = connect("ghs_read", REPO, github.url, timekeeper=clock)
    number = github.state.add_issue(REPO, "Kubernetes")
    with pytest.raises(RequestRefusedError) as refused:
        client.add_labels(number, ("team/distribution",))
    assert str(refused.value) == (
        f"POST /repos/{REPO}/issues/{number}/labels: 403 Resource not accessible by integration: "
        "the token lacks the `issues: write` permission"
    )
    assert len(github.log) == 1


def test_a_refusal_answering_the_last_request_of_the_hour_is_not_a_rate_limit(
    github: FakeGitHub, clock: FakeClock
) -> None:
    github.state.add_user("reader", "ghs_read", permission="read")
    client = connect("ghs_read", REPO, github.url, timekeeper=clock)
    number = github.state.add_issue(REPO, "Kubernetes")
    github.state.set_rate_budget(remaining=1, reset_at=clock.now() + 3600)
    with pytest.raises(RequestRefusedError) as refused:
        client.add_labels(number, ("team/distribution",))
    assert "lacks the `issues: write` permission" in str(refused.value)
    assert (len(github.log), clock.sleeps) == (1, [])


def test_a_missing_issue_is_not_retried(github: FakeGitHub, client: GitHubClient) -> None:
    with pytest.raises(RequestRefusedError) as refused:
        client.read_issue(99)
    assert str(refused.value) == (
        f"GET /repos/{REPO}/issues/99: not found (404): the repository, issue or comment does not exist "
        "or the token cannot see it"
    )
    assert len(github.log) == 1


def test_disabled_issues_are_not_retried(github: FakeGitHub, clock: FakeClock) -> None:
    github.state.add_repo("octo/no-issues", issues_enabled=False)
    client = connect("ghs_test", "octo/no-issues", github.url, timekeeper=clock)
    with pytest.raises(RequestRefusedError) as refused:
        client.read_issue(1)
    assert (
        str(refused.value)
        == "GET /repos/octo/no-issues/issues/1: gone (410): issues are disabled in this repository"
    )
    assert len(github.log) == 1


def test_a_422_is_not_retried_and_names_the_problem(github: FakeGitHub, client: GitHubClient) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    with pytest.raises(RequestRefusedError) as refused:
        client.create_comment(number, "x" * 70_000, find_ours)
    assert str(refused.value).startswith(f"POST /repos/{REPO}/issues/{number}/comments: 422 ")
    assert len(github.log) == 1


@pytest.mark.parametrize("token", [None, "", "   \n"])
def test_a_missing_or_empty_token_fails_before_any_request(github: FakeGitHub, token: str | None) -> None:
    with pytest.raises(TriageError) as failed:
        connect(token, REPO, github.url)
    assert str(failed.value) == (
        "GITHUB_TOKEN is not set or empty: set it to a GitHub token with access to the repository's "
        "issues (the action sets it from its `token` input: a secret that is not set, or not passed to "
        "this run, reads as empty; leave `token` out to use the workflow's own token, with "
        "`permissions: issues: write`)"
    )
    assert len(github.log) == 0


def test_a_token_with_a_line_break_fails_before_any_request_without_showing_it(github: FakeGitHub) -> None:
    with pytest.raises(TriageError) as failed:
        connect("ghs_secret\nrest", REPO, github.url)
    assert str(failed.value) == (
        "GITHUB_TOKEN holds a space, a line break or another character no GitHub token has"
    )
    assert len(github.log) == 0


@pytest.mark.parametrize("repository", ["../x", "o/..", ".../...", "-/-", "o/r/extra", "o", "o/r?x"])
def test_a_repository_name_that_is_not_owner_slash_name_fails_before_any_request(
    github: FakeGitHub, repository: str
) -> None:
    with pytest.raises(TriageError) as failed:
        connect(TOKEN, repository, github.url)
    assert str(failed.value) == f"GITHUB_REPOSITORY must be `owner/name`, got {repository!r}"
    assert len(github.log) == 0


@pytest.mark.parametrize("repository", [None, ""])
def test_a_repository_that_is_not_set_is_told_so_before_any_request(
    github: FakeGitHub, repository: str | None
) -> None:
    with pytest.raises(TriageError) as failed:
        connect(TOKEN, repository, github.url)
    assert str(failed.value) == "GITHUB_REPOSITORY is not set: set it to the repository, `owner/name`"
    assert len(github.log) == 0


@pytest.mark.parametrize("repository", ["octo/widgets", "my-org/.github", "octo_acme/r.py", "o/a..b"])
def test_real_repository_names_are_accepted(github: FakeGitHub, repository: str) -> None:
    assert connect(TOKEN, repository, github.url).full_name == repository
    assert len(github.log) == 0


@pytest.mark.parametrize(
    "url",
    [
        "notaurl",
        "127.0.0.1:9",
        "ftp://127.0.0.1:9",
        "http://127.0.0.1:99999",
        "http://[::1",
        "https://",
        "http://127.0.0.1:9/?x=1",
        "http://127.0.0.1:9/#top",
    ],
)
def test_an_api_url_that_is_not_an_http_url_fails_before_any_request(github: FakeGitHub, url: str) -> None:
    with pytest.raises(TriageError) as failed:
        connect(TOKEN, REPO, url)
    assert str(failed.value) == (
        f"GITHUB_API_URL must be an http(s) URL such as https://api.github.com, got {url!r}"
    )
    assert len(github.log) == 0


@pytest.mark.parametrize(
    "url",
    ["http://a b", "http://a..b", "http://.", f"http://{'a' * 64}.example", "http://\udcff", "http://a%00b"],
)
def test_an_api_url_whose_host_cannot_be_connected_to_fails_before_any_request(
    github: FakeGitHub, url: str
) -> None:
    with pytest.raises(TriageError) as failed:
        connect(TOKEN, REPO, url)
    assert str(failed.value) == f"GITHUB_API_URL: not a host name requests can connect to, got {url!r}"
    assert len(github.log) == 0


def test_an_api_url_at_an_ipv6_address_fails_before_any_request(github: FakeGitHub) -> None:
    with pytest.raises(TriageError) as failed:
        connect(TOKEN, REPO, "http://[::1]:8080")
    assert str(failed.value) == (
        "GITHUB_API_URL: an IPv6 address cannot be used (PyGithub cannot reach one): use a host name, "
        "got 'http://[::1]:8080'"
    )
    assert len(github.log) == 0


def test_a_token_with_a_trailing_line_break_is_sent_without_it(github: FakeGitHub, clock: FakeClock) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    client = connect(f"{TOKEN}\n", REPO, github.url, timekeeper=clock)
    assert client.read_issue(number).issue.title == "Kubernetes"


def test_a_start_time_in_triage_virtual_clock_puts_the_run_on_a_clock_that_only_sleeping_moves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(VIRTUAL_CLOCK_ENV, "1800000000")
    timekeeper = default_timekeeper()
    timekeeper.sleep(90)
    assert timekeeper.now() == 1_800_000_090


@pytest.mark.parametrize("start", ["soon", "inf", "nan", "\udcff"])
def test_a_triage_virtual_clock_that_is_no_time_is_refused(
    monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    monkeypatch.setenv(VIRTUAL_CLOCK_ENV, start)
    with pytest.raises(TriageError) as refused:
        default_timekeeper()
    assert str(refused.value) == (
        f"TRIAGE_VIRTUAL_CLOCK (a setting for tests) must be a start time in epoch seconds, got {start!r}"
    )


# --- pacing and pagination (RELIABILITY 10) --------------------------------------------------------


def test_writes_are_spaced_and_never_more_than_80_a_minute(github: FakeGitHub, clock: FakeClock) -> None:
    client = client_with(github, clock, write_interval=0.5)
    number = github.state.add_issue(REPO, "Kubernetes")
    for index in range(200):
        client.add_labels(number, (f"label-{index % 100}",))  # GitHub holds at most 100 on an issue
    posts = github.log.content_creating()
    assert min_gap(posts) == pytest.approx(0.5)
    assert max_in_window(posts, 60) == 80
    assert max(entry.overlapping for entry in github.log) == 0


def test_the_default_pacing_keeps_writes_a_second_apart(github: FakeGitHub, client: GitHubClient) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    for index in range(5):
        client.add_labels(number, (f"label-{index}",))
    assert min_gap(github.log.writes()) == pytest.approx(1.0)


def test_reads_are_not_paced(github: FakeGitHub, client: GitHubClient, clock: FakeClock) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    for _ in range(5):
        client.read_issue(number)
    assert clock.sleeps == []


def test_listing_reads_100_a_page_and_flags_pull_requests_without_extra_requests(
    github: FakeGitHub, client: GitHubClient
) -> None:
    for index in range(250):
        github.state.add_issue(REPO, f"Issue {index}", pull_request=index % 10 == 0)
    records = client.open_issues()
    assert len(records) == 250
    assert sum(r.is_pull_request for r in records) == 25
    assert [(e.method, e.query.get("per_page")) for e in github.log] == [("GET", "100")] * 3


def test_an_issue_shifting_pages_while_listing_is_listed_once(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """An old issue reopened while the pages are read comes back on the first page and pushes the
    others down, so the next page repeats the last one of the page before."""
    numbers = [
        github.state.add_issue(REPO, f"Issue {index}", updated_at=1_700_000_000 + index)
        for index in range(151)
    ]
    with github.state.lock:
        github.state.repo(REPO).issues[numbers[0]].state = "closed"

    def reopen_the_oldest(state: State) -> None:
        reopened = state.find_issue(REPO, numbers[0])
        assert reopened is not None
        reopened.state = "open"

    github.faults.add("GET", r"/issues$", faults.hook(reopen_the_oldest), query={"page": "2"})
    listed = [r.issue.number for r in client.open_issues()]
    assert len(listed) == len(set(listed)) == 150
    assert github.log.count("GET", r"/issues$") == 2


def first_issue_edited_while_page_two_is_read(github: FakeGitHub) -> list[int]:
    """150 open issues (two pages); someone edits the oldest while the listing reads page 2."""
    numbers = [
        github.state.add_issue(REPO, f"Issue {index}", updated_at=1_700_000_000 + index)
        for index in range(150)
    ]

    def someone_edits_the_first(state: State) -> None:
        edited = state.find_issue(REPO, numbers[0])
        assert edited is not None
        edited.updated_at = 1_800_000_000

    github.faults.add("GET", r"/issues$", faults.hook(someone_edits_the_first), query={"page": "2"})
    return numbers


def test_an_issue_edited_while_listing_leaves_no_other_issue_out(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """Listed in order of update, the edited issue would move to the last page and pull the first
    issue of page 2 back onto page 1, already read: that issue would never be triaged."""
    numbers = first_issue_edited_while_page_two_is_read(github)
    assert sorted(r.issue.number or 0 for r in client.open_issues()) == numbers


def test_an_issue_updated_while_listing_keeps_its_first_place_so_the_list_stays_in_update_order(
    github: FakeGitHub, client: GitHubClient
) -> None:
    """A batch's resume point is the `updated_at` of the first issue it did not finish: an issue
    carrying a later time than the ones after it would make a resumed run skip them."""
    numbers = first_issue_edited_while_page_two_is_read(github)
    records = client.open_issues()
    assert records[0].issue.number == numbers[0]
    assert [r.issue.number for r in records].count(numbers[0]) == 1
    assert [r.updated_at for r in records] == sorted(r.updated_at for r in records)


def test_listing_passes_the_label_and_since_filters(github: FakeGitHub, client: GitHubClient) -> None:
    github.state.add_issue(REPO, "Old", labels=["bug"], updated_at="2020-01-01")
    github.state.add_issue(REPO, "New", labels=["bug"], updated_at="2026-01-01")
    github.state.add_issue(REPO, "Other", updated_at="2026-01-01")
    records = client.open_issues("bug", datetime(2025, 1, 1, tzinfo=UTC))
    assert [r.issue.title for r in records] == ["New"]
    assert github.log[0].query == {
        "state": "open",
        "sort": "created",
        "direction": "asc",
        "labels": "bug",
        "since": "2025-01-01T00:00:00Z",
        "per_page": "100",
    }


def test_comments_on_page_three_are_read(github: FakeGitHub, client: GitHubClient) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    for index in range(230):
        github.state.add_comment(REPO, number, "alice", f"comment {index}")
    ours = github.state.add_comment(REPO, number, BOT, OURS)
    assert find_ours(client.comments(number)) == Comment(ours, BOT, OURS)
    assert github.log.count("GET", r"/comments$") == 3


def test_label_events_come_from_the_timeline_with_their_actor(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.state.add_label_event(REPO, number, "team/distribution", actor=BOT)
    github.state.add_comment(REPO, number, "alice", "hello")
    github.state.add_label_event(REPO, number, "team/distribution", action="unlabeled", actor="alice")
    events = client.timeline(number).label_events
    assert [(e.label, e.action, e.actor) for e in events] == [
        ("team/distribution", "labeled", BOT),
        ("team/distribution", "unlabeled", "alice"),
    ]


def test_comments_come_from_the_timeline_with_their_id_and_author_and_only_ours_with_a_body(
    github: FakeGitHub, client: GitHubClient
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    first = github.state.add_comment(REPO, number, "alice", "hello")
    github.state.add_label_event(REPO, number, "team/distribution", actor=BOT)
    second = github.state.add_comment(REPO, number, BOT, OURS)
    assert client.timeline(number).comments == (
        Comment(first, "alice", ""),
        Comment(second, BOT, OURS),
    )


def test_each_retry_is_announced_on_stderr(
    github: FakeGitHub, client: GitHubClient, capsys: pytest.CaptureFixture[str]
) -> None:
    number = github.state.add_issue(REPO, "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}$", faults.secondary_limit(retry_after=37))
    client.read_issue(number)
    assert capsys.readouterr().err == (
        f"triage: GET /repos/{REPO}/issues/{number} failed (403 You have exceeded a secondary rate limit. "
        "Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please "
        "include the request ID 0000:FAKE:0000.); retrying in 37 s (attempt 2 of 5)\n"
    )
