"""Retry waits and write pacing: GitHub's rate-limit rules as a table, and the 80-a-minute cap."""

from __future__ import annotations

import random

import pytest

from tests.fakegithub import FakeClock
from triage.backoff import (
    RetryPolicy,
    WaitBudget,
    WritePacer,
    primary_reserve,
    rate_limit_wait,
    transient_wait,
)
from triage.errors import RateLimitStop

NOW = 1_000.0
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."


@pytest.mark.parametrize(
    ("status", "headers", "message", "attempt", "expected"),
    [
        (403, {"retry-after": "30"}, SECONDARY, 1, 30.0),
        (429, {"Retry-After": "7"}, "", 3, 7.0),
        (403, {"retry-after": "30", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "5000"}, "", 1, 30.0),
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1120"},
            "API rate limit exceeded",
            1,
            120.0,
        ),
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "900"}, "API rate limit exceeded", 1, 1.0),
        (403, {}, SECONDARY, 1, 60.0),
        (403, {}, SECONDARY, 2, 120.0),
        (429, {}, "", 3, 240.0),
        (403, {"x-ratelimit-remaining": "12"}, "Resource not accessible by integration", 1, None),
        (
            403,
            {"x-ratelimit-remaining": "4999", "x-ratelimit-reset": "4600"},
            "Resource not accessible by integration",
            1,
            None,
        ),
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4600"},
            "Resource not accessible by integration",
            1,
            None,
        ),
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1120"}, "", 1, 120.0),
        (403, {"retry-after": "-5"}, SECONDARY, 1, 0.0),
        (403, {}, "Forbidden", 1, None),
        (404, {"retry-after": "30"}, "Not Found", 1, None),
        (502, {}, "Bad Gateway", 1, None),
    ],
    ids=[
        "retry-after-wins",
        "429-retry-after-any-case",
        "retry-after-beats-reset",
        "primary-waits-for-reset",
        "reset-in-the-past-waits-a-second",
        "secondary-without-header-a-minute",
        "then-doubles",
        "429-without-header-backs-off",
        "permission-403-is-not-a-limit",
        "403-with-a-healthy-limits-headers-is-not-a-limit",
        "refusal-answering-the-last-request-of-the-hour-is-not-a-limit",
        "primary-without-a-message-waits-for-reset",
        "retry-after-in-the-past-waits-nothing",
        "plain-403-is-not-a-limit",
        "404-is-never-a-limit",
        "5xx-is-not-a-limit",
    ],
)
def test_rate_limit_waits_follow_githubs_rules(
    status: int, headers: dict[str, str], message: str, attempt: int, expected: float | None
) -> None:
    assert rate_limit_wait(status, headers, message, now=NOW, attempt=attempt, floor=60) == expected


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 6, 7])
def test_transient_waits_are_jittered_within_an_exponential_ceiling(attempt: int) -> None:
    policy = RetryPolicy()
    ceiling = min(policy.backoff_cap, policy.backoff_base * 2 ** (attempt - 1))
    waits = {transient_wait(attempt, policy, random.Random(seed)) for seed in range(20)}
    assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
    assert len(waits) > 1


def test_a_wait_within_the_budget_is_slept_and_spent() -> None:
    clock = FakeClock()
    budget = WaitBudget(clock, 100)
    budget.check(60, "rate limited")
    budget.sleep(60)
    assert (clock.sleeps, budget.remaining) == ([60], 40)


def test_a_wait_of_exactly_the_budget_left_is_allowed() -> None:
    budget = WaitBudget(FakeClock(), 100)
    budget.sleep(40)
    budget.check(60, "rate limited")
    assert budget.remaining == 60


def test_a_wait_past_the_budget_stops_instead() -> None:
    budget = WaitBudget(FakeClock(), 100)
    budget.sleep(60)
    with pytest.raises(RateLimitStop) as stopped:
        budget.check(41, "GET /x was rate limited by GitHub")
    assert str(stopped.value) == (
        "GET /x was rate limited by GitHub: waiting 41 s (until 2027-01-15 08:02 UTC) would exceed the "
        "retry wait budget (40 s of 100 s left)"
    )


def test_a_stop_names_the_minute_its_wait_ends_in_rounded_up_as_the_next_run_s_start() -> None:
    """A run started at 08:01, the minute the wait ends in, would meet the limit it waited for."""
    budget = WaitBudget(FakeClock(), 10)
    with pytest.raises(RateLimitStop) as stopped:
        budget.check(61, "rate limited")
    assert stopped.value.not_before == "2027-01-15 08:02 UTC"


def test_a_stop_whose_wait_ends_on_a_whole_minute_names_that_minute() -> None:
    budget = WaitBudget(FakeClock(), 10)
    with pytest.raises(RateLimitStop) as stopped:
        budget.check(120, "rate limited")
    assert stopped.value.not_before == "2027-01-15 08:02 UTC"


def test_writes_are_spaced_by_the_interval() -> None:
    clock = FakeClock(0)
    pacer = WritePacer(clock, interval=1.0, per_minute=80)
    pacer.after_write()
    clock.advance(0.25)
    assert pacer.delay(clock.now()) == pytest.approx(0.75)


def test_the_81st_write_in_a_minute_waits_for_the_window_to_move() -> None:
    clock = FakeClock(0)
    pacer = WritePacer(clock, interval=0.0, per_minute=80)
    for _ in range(80):
        pacer.after_write()
        clock.advance(0.5)
    assert pacer.delay(clock.now()) == pytest.approx(20.0)


def test_a_write_after_a_quiet_minute_goes_at_once() -> None:
    clock = FakeClock(0)
    pacer = WritePacer(clock, interval=1.0, per_minute=80)
    pacer.after_write()
    clock.advance(61)
    assert pacer.delay(clock.now()) == 0


def test_the_501st_write_in_an_hour_waits_for_the_hour_window_to_move() -> None:
    clock = FakeClock(0)
    pacer = WritePacer(clock, interval=0.0, per_minute=80, per_hour=500)
    for _ in range(500):
        pacer.after_write()
        clock.advance(6)
    assert pacer.delay(clock.now()) == pytest.approx(600.0)


def test_delay_for_counts_every_write_of_an_issue_against_the_windows() -> None:
    clock = FakeClock(0)
    pacer = WritePacer(clock, interval=1.0, per_minute=80, per_hour=3)
    pacer.after_write()
    pacer.after_write()
    assert (pacer.delay_for(1, clock.now()), pacer.delay_for(2, clock.now())) == (1.0, 3600.0)


@pytest.mark.parametrize(
    ("limit", "reserve"),
    [(1000, 50), (5000, 100), (15000, 100), (60, 3), (0, 0), (-1, 0)],
    ids=["actions-token", "app", "enterprise-cloud-app", "unauthenticated", "limit-zero", "no-header-seen"],
)
def test_a_batch_leaves_a_twentieth_of_the_primary_limit_up_to_a_hundred_and_none_without_a_limit(
    limit: int, reserve: int
) -> None:
    assert primary_reserve(limit) == reserve


def test_writes_settle_once_at_most_the_left_over_are_within_the_hour() -> None:
    clock = FakeClock(0)
    pacer = WritePacer(clock, interval=1.0, per_minute=80)
    for _ in range(30):
        pacer.after_write()
        clock.advance(1)
    assert pacer.settled(100.0, left_over=25) == 4.0 + 3600
    assert pacer.settled(100.0, left_over=30) is None
    assert pacer.settled(3610.0, left_over=25) is None, "the first ten are past the hour by then"
