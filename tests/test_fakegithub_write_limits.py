"""GitHub's secondary limits on content-creating requests, enforced by the fake when asked: counted on
the fake clock, refused with GitHub's status, message and headers."""

from __future__ import annotations

import pytest
import requests
from github import Auth, Github, RateLimitExceededException

from tests.fakegithub import REPO, TOKEN, FakeGitHub
from tests.fakegithub.client import call
from tests.fakegithub.clock import START

ISSUES = f"/repos/{REPO}/issues"
BLOCKED = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
    "Please retry your request again later."
)

DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"


def refusal_body(status: int) -> dict[str, str]:
    """What GitHub answers a request past its limits on content creation."""
    return {"message": BLOCKED, "documentation_url": DOCS, "status": str(status)}


def comment(github: FakeGitHub, number: int, body: str = "Thanks") -> requests.Response:
    return call(github, "POST", f"{ISSUES}/{number}/comments", json={"body": body})


def comments(github: FakeGitHub, number: int, count: int) -> list[int]:
    return [comment(github, number, f"comment {index}").status_code for index in range(count)]


def test_the_limits_are_off_by_default(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    assert set(comments(github, number, 90)) == {201}
    assert github.state.write_limits is None


def test_the_81st_content_creating_request_within_a_minute_is_refused(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=80, per_hour=500)
    statuses = comments(github, number, 81)
    assert (statuses[:80], statuses[80]) == ([201] * 80, 403)
    assert len(github.state.comments(REPO, number)) == 80


def test_a_refusal_is_a_403_with_githubs_message_and_no_retry_after(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1)
    comment(github, number)
    refused = comment(github, number)
    assert (refused.status_code, refused.json()) == (403, refusal_body(403))
    assert "retry-after" not in refused.headers
    assert (refused.headers["x-ratelimit-remaining"], refused.headers["x-ratelimit-used"]) == ("4998", "2")


def test_a_refusal_changes_nothing_and_the_log_shows_it(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    limits = github.state.enforce_write_limits(per_minute=1)
    comment(github, number, "first")
    comment(github, number, "second")
    assert [c.body for c in github.state.comments(REPO, number)] == ["first"]
    assert [(entry.status, entry.applied, entry.fault) for entry in github.log] == [
        (201, True, None),
        (403, False, None),
    ]
    assert limits.refused == 1


def test_the_minute_is_a_sliding_window_on_the_fake_clock(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=2)
    first = comments(github, number, 1)
    github.clock.advance(30)
    second = comments(github, number, 2)
    github.clock.advance(29.5)
    just_before = comments(github, number, 1)
    github.clock.advance(0.5)
    a_minute_after_the_first = comments(github, number, 2)
    assert (first, second, just_before, a_minute_after_the_first) == ([201], [201, 403], [403], [201, 403])


def test_the_hour_is_a_sliding_window_of_its_own(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=2, per_hour=3)
    first_minute = comments(github, number, 2)
    github.clock.advance(60)
    second_minute = comments(github, number, 2)
    github.clock.advance(3540)
    an_hour_after_the_first = comments(github, number, 3)
    assert (first_minute, second_minute, an_hour_after_the_first) == ([201, 201], [201, 403], [201, 201, 403])


def test_a_refused_request_does_not_count(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1)
    comment(github, number)
    github.clock.advance(30)
    assert comment(github, number).status_code == 403
    github.clock.advance(30)
    assert comment(github, number).status_code == 201


def test_every_write_counts_by_default_and_reads_never(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug", "ui"])
    github.state.enforce_write_limits(per_minute=3)
    title = call(github, "PATCH", f"{ISSUES}/{number}", json={"title": "Crash on start"})
    removed = call(github, "DELETE", f"{ISSUES}/{number}/labels/bug")
    replaced = call(github, "PUT", f"{ISSUES}/{number}/labels", json={"labels": ["ui"]})
    reads = [call(github, "GET", f"{ISSUES}/{number}").status_code for _ in range(5)]
    added = call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["docs"]})
    assert [r.status_code for r in (title, removed, replaced)] + reads + [added.status_code] == [
        200,
        200,
        200,
        *[200] * 5,
        403,
    ]


def test_the_counted_methods_can_be_narrowed_to_posts(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug"])
    github.state.enforce_write_limits(per_minute=1, methods=("post",))
    comment(github, number)
    removed = call(github, "DELETE", f"{ISSUES}/{number}/labels/bug")
    assert (removed.status_code, comment(github, number).status_code) == (200, 403)


def test_retry_after_says_when_the_fuller_window_has_room(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=5, per_hour=2, retry_after=True)
    comments(github, number, 1)
    github.clock.advance(100.25)
    comments(github, number, 1)
    refused = comment(github, number)
    assert (refused.status_code, refused.headers["retry-after"]) == (403, str(3600 - 100))


def test_the_minute_window_sets_retry_after_when_it_is_the_one_full(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1, retry_after=True)
    comment(github, number)
    github.clock.advance(59.5)
    assert comment(github, number).headers["retry-after"] == "1"


def test_the_refusal_can_be_a_429(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1, status=429)
    comment(github, number)
    refused = comment(github, number)
    assert (refused.status_code, refused.json()) == (429, refusal_body(429))


def test_a_write_refused_before_its_route_is_found_does_not_count(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1)
    assert call(github, "POST", f"/repos/{REPO}/nowhere", json={}).status_code == 404
    assert comment(github, number).status_code == 201


def test_pygithub_takes_the_refusal_for_a_rate_limit(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1)
    client = Github(
        auth=Auth.Token(TOKEN),
        base_url=github.url,
        retry=None,
        lazy=True,
        seconds_between_requests=0,
        seconds_between_writes=0,
    )
    issue = client.get_repo(REPO).get_issue(number)
    issue.create_comment("first")
    with pytest.raises(RateLimitExceededException) as raised:
        issue.create_comment("second")
    client.close()
    assert (raised.value.status, raised.value.data) == (403, refusal_body(403))


@pytest.mark.parametrize(
    ("per_minute", "per_hour", "status", "said"),
    [
        (0, 500, 403, "limits must be at least 1, not 0 a minute and 500 an hour"),
        (80, -1, 403, "limits must be at least 1, not 80 a minute and -1 an hour"),
        (80, 500, 503, "GitHub refuses with 403 or 429, not 503"),
    ],
)
def test_limits_github_could_not_have_are_refused(
    github: FakeGitHub, per_minute: int, per_hour: int, status: int, said: str
) -> None:
    with pytest.raises(ValueError, match=said):
        github.state.enforce_write_limits(per_minute=per_minute, per_hour=per_hour, status=status)
    assert github.state.write_limits is None


def test_the_refusal_is_stamped_at_the_fake_time(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.enforce_write_limits(per_minute=1)
    github.clock.advance(7)
    comments(github, number, 2)
    assert [(entry.time, entry.status) for entry in github.log] == [(START + 7, 201), (START + 7, 403)]
