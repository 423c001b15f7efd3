"""A batch leaves part of the primary rate limit to the runs on new issues in the rest of the hour
(`GitHubClient.keep_a_reserve`); a run on one issue, and an event's run, spend it all."""

from __future__ import annotations

from tests.fakegithub import REPO, FakeClock, FakeGitHub
from tests.integration.conftest import K8S, TEAM, Runner, add_managed_labels, bot_comments, issue_payload
from triage.errors import EXIT_RATE_LIMITED

ACTIONS_LIMIT = 1000
"""The Actions token's primary limit an hour, of which a batch leaves 50."""
RESERVE = 50


def dispatch(**inputs: str) -> dict[str, object]:
    return {"inputs": inputs, "sender": {"login": "alice"}}


def add_issues(github: FakeGitHub, count: int) -> list[int]:
    """`count` issues, every other one about Kubernetes, oldest update first in number order."""
    return [
        github.state.add_issue(
            REPO,
            f"Problem {index}",
            "kubectl on Kubernetes" if index % 2 else "nothing to see",
            updated_at=1_700_000_000 + index,
        )
        for index in range(count)
    ]


def left(github: FakeGitHub) -> int:
    return github.state.rate.remaining


def refused(github: FakeGitHub) -> list[str]:
    return [line for line in github.log.summary() if line.endswith("-> 403")]


def test_a_batch_stops_with_the_reserve_left_and_an_opened_issue_after_it_is_triaged_fully(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Forty issues cost about a hundred requests, and 30 are left above the reserve until the reset
    in 3000 s: the batch stops between two issues, its resume point the first it did not reach, and
    the issue opened next in the same hour gets its labels and its comment."""
    add_managed_labels(github)
    numbers = add_issues(github, 40)
    github.state.set_rate_budget(limit=ACTIONS_LIMIT, remaining=30 + RESERVE, reset_at=clock.now() + 3000)
    stopped = run_triage(payload=dispatch())
    assert stopped.code == EXIT_RATE_LIMITED
    assert left(github) >= RESERVE
    assert "beside the 50 a batch leaves to the runs on new issues" in stopped.err
    done = [n for n in numbers if github.state.issue(REPO, n).labels]
    assert 0 < len(done) < len(numbers)
    assert done == numbers[: len(done)]
    assert f"To resume from #{numbers[len(done)]}, " in stopped.err
    new = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    opened = run_triage(event_name="issues", payload=issue_payload(github, new))
    assert opened.code == 0, opened.err
    assert github.state.issue(REPO, new).labels == [TEAM, K8S]
    assert len(bot_comments(github, new)) == 1
    assert refused(github) == []


def test_a_batch_allowed_to_wait_waits_for_the_reset_before_it_spends_the_reserve(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 40)
    github.state.set_rate_budget(limit=ACTIONS_LIMIT, remaining=30 + RESERVE, reset_at=clock.now() + 3000)
    result = run_triage("--max-wait-minutes", "60", payload=dispatch())
    assert result.code == 0, result.err
    assert all(github.state.issue(REPO, n).labels for n in numbers)
    [waited] = [line for line in result.err.splitlines() if "rate limit" in line]
    assert "beside the 50 a batch leaves to the runs on new issues: waiting" in waited
    assert 2900 < max(clock.sleeps) <= 3000
    assert refused(github) == []


def test_a_batch_that_only_reads_stops_before_an_issues_reads_would_spend_the_reserve(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A dry run writes nothing, so no check before writes would ever stop it: the one before each
    issue's reads does, and no read is sent to be refused."""
    add_managed_labels(github)
    add_issues(github, 60)
    github.state.set_rate_budget(limit=ACTIONS_LIMIT, remaining=10 + RESERVE, reset_at=clock.now() + 3000)
    result = run_triage(payload=dispatch(**{"dry-run": "true"}))
    assert result.code == EXIT_RATE_LIMITED
    assert "the issue's reads may take 1, beside the 50 a batch leaves" in result.err
    assert left(github) == RESERVE
    assert refused(github) == []


def test_a_run_on_one_issue_spends_the_requests_a_batch_leaves(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Its read, its timeline, its labels and its comment, with room before them for a colour fix
    of each of its two labels: six of the last requests of the hour."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.set_rate_budget(limit=ACTIONS_LIMIT, remaining=6, reset_at=clock.now() + 3000)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert len(bot_comments(github, number)) == 1
    assert left(github) == 2


def test_an_opened_event_spends_the_requests_a_batch_leaves(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Its labels and its comment; before them, room for a colour fix of each of its two labels."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.set_rate_budget(limit=ACTIONS_LIMIT, remaining=4, reset_at=clock.now() + 3000)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert len(bot_comments(github, number)) == 1
    assert left(github) == 2


def test_a_batch_keeps_no_reserve_where_the_server_sends_no_rate_limit_headers(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub Enterprise Server with rate limits off: no limit, so nothing to leave to other runs."""
    add_managed_labels(github)
    numbers = add_issues(github, 6)
    github.state.disable_rate_limits()
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert all(github.state.issue(REPO, n).labels for n in numbers)
    assert "rate limit" not in result.err
