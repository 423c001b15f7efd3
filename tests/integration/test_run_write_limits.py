"""`triage run` against a fake GitHub that enforces GitHub's limits on content creation (80 requests a
minute, 500 an hour): a batch's own pacing keeps it under them, so it never meets their refusal.

Limits below GitHub's (`hourly_limit`) are set on both sides, triage's pacing and the fake's, so that a
batch past the hour needs a dozen issues instead of 250; one test keeps GitHub's own numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

import triage.github
from tests.fakegithub import REPO, FakeClock, FakeGitHub, LogEntry, max_in_window
from tests.integration.conftest import K8S, TEAM, Runner, add_managed_labels, bot_comments, issue_payload
from triage.backoff import RetryPolicy
from triage.errors import EXIT_RATE_LIMITED
from triage.github import GitHubClient

HOURLY = 10
"""The hour's content-creating requests in the tests that lower it: five issues' labels and comments."""


def dispatch(**inputs: str) -> dict[str, object]:
    return {"inputs": inputs, "sender": {"login": "alice"}}


def add_kubernetes_issues(github: FakeGitHub, count: int) -> list[int]:
    """`count` open issues that each get two labels and a comment: two writes each."""
    return [
        github.state.add_issue(REPO, f"kubectl fails {index}", "Kubernetes", updated_at=1_700_000_000 + index)
        for index in range(count)
    ]


def refusals(github: FakeGitHub) -> list[LogEntry]:
    return [entry for entry in github.log if entry.status in (403, 429)]


def triaged(github: FakeGitHub, numbers: list[int]) -> list[int]:
    return [n for n in numbers if github.state.issue(REPO, n).labels == [TEAM, K8S]]


def resume_hint(err: str) -> str:
    return err.split("since=")[1].split(" ", maxsplit=1)[0]


def not_before(err: str) -> float:
    """The moment a stopped batch's hint says the next run may start."""
    named = err.rsplit("not before ", maxsplit=1)[1].strip()
    return datetime.strptime(named, "%Y-%m-%d %H:%M UTC").replace(tzinfo=UTC).timestamp()


@pytest.fixture
def hourly_limit(github: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub's hour of content creation as `HOURLY` requests, for the fake and for triage's pacing
    (`RetryPolicy.writes_per_hour`, which `triage run` keeps at GitHub's 500)."""
    github.state.enforce_write_limits(per_hour=HOURLY)
    connect = triage.github.connect

    def connect_paced_for_the_lower_limit(*args: Any, policy: RetryPolicy, **settings: Any) -> GitHubClient:
        return connect(*args, policy=replace(policy, writes_per_hour=HOURLY), **settings)

    monkeypatch.setattr(triage.github, "connect", connect_paced_for_the_lower_limit)


def test_a_batch_writing_to_more_than_80_issues_never_passes_80_content_creating_requests_a_minute(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    numbers = add_kubernetes_issues(github, 90)
    limits = github.state.enforce_write_limits()
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert triaged(github, numbers) == numbers
    assert (limits.refused, refusals(github)) == (0, [])
    assert len(github.log.writes()) == 180
    assert max_in_window(github.log.writes(), 60) <= 80


def test_a_batch_past_githubs_500_an_hour_stops_at_475_writes_with_a_resume_hint(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """It leaves 25 of the hour's 500 to the runs on new issues (`backoff.write_reserve`)."""
    add_managed_labels(github)
    numbers = add_kubernetes_issues(github, 260)
    limits = github.state.enforce_write_limits()
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    assert (limits.refused, refusals(github)) == (0, [])
    assert triaged(github, numbers) == numbers[:237]
    assert len(github.log.writes()) == 474
    said = "GitHub allows 500 content-creating requests an hour, of which a batch leaves 25 to the runs"
    assert f"{said} on new issues: waiting " in result.err
    left = numbers[237]
    assert f"no change was made to #{left}. To resume from #{left}, run again with since=" in result.err


def test_an_issue_opened_in_the_hour_a_batch_wrote_its_most_in_gets_its_labels_and_comment_unrefused(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub counts the event runs' content-creating requests with the batch's: one opened right
    after a batch that stopped at the hourly limit is not refused for the batch's writes."""
    add_managed_labels(github)
    add_kubernetes_issues(github, 260)
    limits = github.state.enforce_write_limits()
    assert run_triage(payload=dispatch()).code == EXIT_RATE_LIMITED
    new = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    opened = run_triage(event_name="issues", payload=issue_payload(github, new))
    assert opened.code == 0, opened.err
    assert github.state.issue(REPO, new).labels == [TEAM, K8S]
    assert len(bot_comments(github, new)) == 1
    assert (limits.refused, refusals(github)) == (0, [])


@pytest.mark.usefixtures("hourly_limit")
def test_a_batch_past_the_hour_stops_between_issues_without_a_refusal(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    numbers = add_kubernetes_issues(github, 8)
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    assert refusals(github) == []
    assert triaged(github, numbers) == numbers[:5]
    assert f"GitHub allows {HOURLY} content-creating requests an hour" in result.err
    assert f"To resume from #{numbers[5]}, run again with since=" in result.err


@pytest.mark.usefixtures("hourly_limit")
def test_a_batch_with_the_wait_budget_for_it_waits_out_the_hour_and_finishes_without_a_refusal(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    numbers = add_kubernetes_issues(github, 8)
    result = run_triage("--max-wait-minutes", "60", payload=dispatch())
    assert result.code == 0, result.err
    assert refusals(github) == []
    assert triaged(github, numbers) == numbers
    assert max_in_window(github.log.writes(), 3600) == HOURLY
    assert 3000 < max(clock.sleeps) <= 3600


@pytest.mark.usefixtures("hourly_limit")
def test_a_wait_for_the_hour_is_said_in_the_log_before_it_starts(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    add_kubernetes_issues(github, 8)
    result = run_triage("--max-wait-minutes", "60", payload=dispatch())
    assert result.code == 0, result.err
    [said] = [line for line in result.err.splitlines() if "waiting" in line]
    assert said.startswith(f"triage: GitHub allows {HOURLY} content-creating requests an hour: waiting ")


@pytest.mark.usefixtures("hourly_limit")
def test_a_batch_whose_wait_for_the_hour_would_pass_its_time_limit_stops_before_it(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    numbers = add_kubernetes_issues(github, 8)
    result = run_triage("--max-minutes", "25", "--max-wait-minutes", "60", payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    assert refusals(github) == []
    assert triaged(github, numbers) == numbers[:5]
    assert "would pass the batch's time limit of 25 minutes (max-minutes)" in result.err
    assert clock.now() - github.log[0].time < 25 * 60


@pytest.mark.usefixtures("hourly_limit")
def test_a_batch_resumed_at_the_time_its_hint_names_meets_no_refusal(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The stopped batch started half a minute past the hour, so the hour's writes leave room half a
    minute past a whole minute: the hint's minute must not name a time before that."""
    add_managed_labels(github)
    numbers = add_kubernetes_issues(github, 8)
    clock.advance(30)
    stopped = run_triage(payload=dispatch())
    assert stopped.code == EXIT_RATE_LIMITED
    clock.advance(not_before(stopped.err) - clock.now())
    resumed = run_triage(payload=dispatch(since=resume_hint(stopped.err)))
    assert resumed.code == 0, resumed.err
    assert refusals(github) == []
    assert triaged(github, numbers) == numbers
