"""Rate-limit headers, the primary budget, every injected fault, and the request log, in plain HTTP."""

from __future__ import annotations

import threading

import pytest
import requests

from tests.fakegithub import BOT, REPO, FakeClock, FakeGitHub, faults, max_in_window, min_gap
from tests.fakegithub.client import call
from tests.fakegithub.clock import START
from tests.fakegithub.faults import HOLD_LIMIT

ISSUES = f"/repos/{REPO}/issues"
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."


def comment(github: FakeGitHub, number: int, body: str = "Thanks", timeout: float = 5.0) -> requests.Response:
    return call(github, "POST", f"{ISSUES}/{number}/comments", json={"body": body}, timeout=timeout)


def test_every_response_reports_the_primary_budget_going_down(github: FakeGitHub) -> None:
    first, second = (call(github, "GET", f"/repos/{REPO}").headers for _ in range(2))
    assert {key: first[key] for key in first if key.startswith("x-ratelimit")} == {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4999",
        "x-ratelimit-reset": str(int(START + 3600)),
        "x-ratelimit-used": "1",
        "x-ratelimit-resource": "core",
    }
    assert (second["x-ratelimit-remaining"], second["x-ratelimit-used"]) == ("4998", "2")


def test_errors_carry_rate_limit_headers_too(github: FakeGitHub) -> None:
    assert call(github, "GET", f"{ISSUES}/99").headers["x-ratelimit-remaining"] == "4999"


def test_rate_limit_endpoint_reports_without_spending(github: FakeGitHub) -> None:
    github.state.set_rate_budget(limit=1000, remaining=10)
    data = call(github, "GET", "/rate_limit").json()
    assert (
        data["resources"]["core"]
        == data["rate"]
        == {
            "limit": 1000,
            "remaining": 10,
            "reset": int(START + 3600),
            "used": 990,
        }
    )
    assert call(github, "GET", "/rate_limit").json()["rate"]["remaining"] == 10


def test_exhausted_budget_refuses_until_the_reset_on_the_fake_clock(github: FakeGitHub) -> None:
    github.state.set_rate_budget(remaining=0, reset_at=START + 600)
    refused = call(github, "GET", f"/repos/{REPO}")
    assert (refused.status_code, refused.json()["message"]) == (
        403,
        "API rate limit exceeded for installation ID 4242.",
    )
    assert (refused.headers["x-ratelimit-remaining"], refused.headers["x-ratelimit-reset"]) == (
        "0",
        str(int(START + 600)),
    )
    github.clock.advance(600)
    renewed = call(github, "GET", f"/repos/{REPO}")
    assert (renewed.status_code, renewed.headers["x-ratelimit-remaining"]) == (200, "4999")
    assert renewed.headers["x-ratelimit-reset"] == str(int(START + 600 + 3600))


def test_with_rate_limiting_off_no_response_reports_a_budget_and_none_is_spent(github: FakeGitHub) -> None:
    """GitHub Enterprise Server's default: the headers are missing, not reported as unlimited."""
    github.state.disable_rate_limits()
    github.faults.add("GET", r"/issues$", faults.secondary_limit(retry_after=30))
    answers = [call(github, "GET", ISSUES), call(github, "GET", f"/repos/{REPO}"), call(github, "GET", "/x")]
    assert [answer.status_code for answer in answers] == [403, 200, 404]
    assert [key for answer in answers for key in answer.headers if key.startswith("x-ratelimit")] == []
    assert github.state.rate.used == 0


def test_with_rate_limiting_off_the_rate_limit_endpoint_is_not_found(github: FakeGitHub) -> None:
    github.state.disable_rate_limits()
    answer = call(github, "GET", "/rate_limit")
    assert (answer.status_code, answer.json()["message"]) == (404, "Rate limiting is not enabled.")


def test_status_fault_answers_instead_of_the_server_then_stops(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.faults.add("POST", r"/comments$", faults.status(500), times=2)
    statuses = [comment(github, number).status_code for _ in range(3)]
    assert statuses == [500, 500, 201]
    assert len(github.state.comments(REPO, number)) == 1
    assert [(entry.status, entry.fault, entry.applied) for entry in github.log] == [
        (500, "status", False),
        (500, "status", False),
        (201, None, True),
    ]


def test_status_fault_sends_the_given_body_and_headers(github: FakeGitHub) -> None:
    github.faults.add(
        "GET", r"^/repos/octo/widgets$", faults.status(503, {"message": "Down"}, {"x-custom": "1"})
    )
    response = call(github, "GET", f"/repos/{REPO}")
    assert (response.status_code, response.json(), response.headers["x-custom"]) == (
        503,
        {"message": "Down"},
        "1",
    )


@pytest.mark.parametrize(("retry_after", "header"), [(30, "30"), (None, None)])
def test_secondary_limit_is_a_403_with_optional_retry_after(
    github: FakeGitHub, retry_after: int | None, header: str | None
) -> None:
    github.faults.add("GET", r"/issues$", faults.secondary_limit(retry_after=retry_after))
    response = call(github, "GET", ISSUES)
    assert response.status_code == 403
    assert response.json()["message"].startswith(SECONDARY)
    assert response.headers.get("retry-after") == header
    assert response.headers["x-ratelimit-remaining"] != "0"


@pytest.mark.parametrize(("retry_after", "header"), [(5, "5"), (None, None)])
def test_too_many_requests_is_a_429(github: FakeGitHub, retry_after: int | None, header: str | None) -> None:
    github.faults.add("GET", r"/issues$", faults.too_many_requests(retry_after=retry_after))
    response = call(github, "GET", ISSUES)
    assert (response.status_code, response.headers.get("retry-after")) == (429, header)


def test_primary_limit_fault_reports_no_budget_and_a_reset(github: FakeGitHub) -> None:
    github.clock.advance(100)
    github.faults.add("GET", r"/issues$", faults.primary_limit(reset_in=900))
    response = call(github, "GET", ISSUES)
    assert (response.status_code, response.json()["message"]) == (
        403,
        "API rate limit exceeded for installation ID 4242.",
    )
    assert (response.headers["x-ratelimit-remaining"], response.headers["x-ratelimit-reset"]) == (
        "0",
        str(int(START + 100 + 900)),
    )


def test_web_page_answers_html_in_place_of_the_api_and_changes_nothing(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.faults.add(
        "POST", r"/comments$", faults.web_page(302, {"location": "https://ghe.example.com/login"})
    )
    answer = call(github, "POST", f"{ISSUES}/{number}/comments", json={"body": "Hi"}, allow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (302, "https://ghe.example.com/login")
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.text.startswith("<!DOCTYPE html>")
    assert github.state.comments(REPO, number) == []


def test_lost_response_applies_the_write_then_answers_502(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.faults.add("POST", r"/comments$", faults.lost_response())
    assert comment(github, number).status_code == 502
    assert [c.author for c in github.state.comments(REPO, number)] == [BOT]
    assert (github.log[-1].status, github.log[-1].applied, github.log[-1].fault) == (
        502,
        True,
        "lost_response",
    )


def test_lost_response_can_drop_the_connection_after_applying(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.faults.add("POST", r"/comments$", faults.lost_response(mode="drop"))
    with pytest.raises(requests.ConnectionError):
        comment(github, number)
    assert len(github.state.comments(REPO, number)) == 1
    assert (github.log[-1].status, github.log[-1].applied) == (None, True)
    assert comment(github, number).status_code == 201


def test_lost_response_before_applying_changes_nothing(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.faults.add("POST", r"/comments$", faults.lost_response(after_apply=False, mode="drop"))
    with pytest.raises(requests.ConnectionError):
        comment(github, number)
    assert (github.state.comments(REPO, number), github.log[-1].applied) == ([], False)


def test_slow_response_times_the_client_out_after_the_write(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.faults.add("POST", r"/comments$", faults.slow(0.3))
    with pytest.raises(requests.Timeout):
        comment(github, number, timeout=0.05)
    assert len(github.state.comments(REPO, number)) == 1
    assert (github.log[-1].status, github.log[-1].fault) == (201, "slow")


def test_hook_changes_state_between_pages(github: FakeGitHub) -> None:
    for _ in range(3):
        github.state.add_issue(REPO, "old")
    github.faults.add(
        "GET", r"/issues$", faults.hook(lambda state: state.add_issue(REPO, "new")), query={"page": "2"}
    )
    first = call(github, "GET", ISSUES, params={"per_page": "2"}).json()
    second = call(github, "GET", ISSUES, params={"per_page": "2", "page": "2"}).json()
    assert [item["number"] for item in first + second] == [3, 2, 2, 1]


def test_fault_can_skip_the_first_matches(github: FakeGitHub) -> None:
    github.faults.add("GET", r"/issues$", faults.status(502), after=2, times=1)
    assert [call(github, "GET", ISSUES).status_code for _ in range(4)] == [200, 200, 502, 200]


def test_fault_without_a_limit_keeps_firing(github: FakeGitHub) -> None:
    github.faults.add("GET", r"/issues$", faults.status(502), times=None)
    assert {call(github, "GET", ISSUES).status_code for _ in range(3)} == {502}
    github.faults.clear()
    assert call(github, "GET", ISSUES).status_code == 200


def test_faults_for_the_same_request_fire_one_at_a_time_in_the_order_added(github: FakeGitHub) -> None:
    github.faults.add("GET", r"/issues$", faults.status(500))
    github.faults.add("GET", r"/issues$", faults.status(502))
    assert [call(github, "GET", ISSUES).status_code for _ in range(3)] == [500, 502, 200]


def test_log_records_each_request_as_github_saw_it(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.clock.advance(7)
    call(github, "GET", ISSUES, params={"state": "all"})
    comment(github, number, "Thanks")
    listing, created = github.log
    assert (listing.method, listing.path, listing.query, listing.status, listing.time) == (
        "GET",
        ISSUES,
        {"state": "all"},
        200,
        START + 7,
    )
    assert (listing.is_write, listing.is_content_creating, listing.applied) == (False, False, False)
    assert (created.is_write, created.is_content_creating, created.applied) == (True, True, True)
    assert (created.body, created.user, created.overlapping) == ({"body": "Thanks"}, BOT, 0)
    assert created.headers["accept"] == "application/vnd.github+json"


def test_log_helpers_count_filter_and_clear(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug"])
    call(github, "GET", f"{ISSUES}/{number}")
    comment(github, number)
    call(github, "DELETE", f"{ISSUES}/{number}/labels/bug")
    assert (github.log.count("POST", r"/comments$"), github.log.count(None, r"/issues/1")) == (1, 3)
    assert [entry.method for entry in github.log.writes()] == ["POST", "DELETE"]
    assert [entry.method for entry in github.log.content_creating()] == ["POST"]
    assert github.log.summary()[0] == f"GET {ISSUES}/1 -> 200"
    github.log.clear()
    assert len(github.log) == 0


def test_log_timestamps_show_client_pacing_on_the_shared_clock(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    for index in range(5):
        comment(github, number, f"comment {index}")
        github.clock.sleep(20)
    posts = github.log.content_creating()
    assert (max_in_window(posts, 60), min_gap(posts), github.clock.sleeps) == (3, 20, [20] * 5)


def test_overlapping_requests_are_counted(github: FakeGitHub) -> None:
    """The first request is held in flight until the second has been answered."""
    release, holding = threading.Event(), threading.Event()
    github.faults.add("GET", r"^/repos/octo/widgets$", faults.held(release, holding))
    first = threading.Thread(target=call, args=(github, "GET", f"/repos/{REPO}"))
    first.start()
    try:
        assert holding.wait(HOLD_LIMIT), "the first request never reached the server"
        call(github, "GET", ISSUES)
    finally:
        release.set()
        first.join()
    assert [entry.overlapping for entry in github.log] == [0, 1]


def test_fake_clock_sleeps_without_waiting_and_records_sleeps() -> None:
    clock = FakeClock()
    clock.sleep(1.5)
    clock.advance(10)
    clock.sleep(60)
    assert (clock.now(), clock.sleeps) == (START + 71.5, [1.5, 60])
    with pytest.raises(ValueError, match="cannot sleep a negative time: -1"):
        clock.sleep(-1)


def test_window_and_gap_helpers_handle_edges() -> None:
    assert (max_in_window([], 60), min_gap([])) == (0, None)
