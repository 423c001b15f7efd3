"""`triage run` against GitHub Enterprise Server as it differs from github.com: the API under
`/api/v3`, and rate limiting off by default ("Rate limits for the REST API", GHES docs): then no
response carries `x-ratelimit-*` headers and `GET /rate_limit` answers 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakegithub import REPO, FakeClock, FakeGitHub, faults
from tests.integration.conftest import K8S, TEAM, Runner, enterprise_server, issue_payload


@pytest.fixture
def enterprise(clock: FakeClock) -> Iterator[FakeGitHub]:
    """A GitHub Enterprise Server as installed: the API under `/api/v3`, rate limiting off."""
    with enterprise_server(clock) as server:
        server.state.disable_rate_limits()
        yield server


def test_an_opened_issue_costs_its_two_writes_on_a_server_without_rate_limits(
    enterprise: FakeGitHub, run_triage: Runner
) -> None:
    number = enterprise.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(enterprise, number)
    result = run_triage(event_name="issues", payload=payload, GITHUB_API_URL=enterprise.url)
    assert result.code == 0, result.err
    assert enterprise.log.summary() == [
        f"POST /repos/{REPO}/issues/{number}/labels -> 200",
        f"POST /repos/{REPO}/issues/{number}/comments -> 201",
    ]
    assert enterprise.state.issue(REPO, number).labels == [TEAM, K8S]


def test_a_batch_on_a_server_without_rate_limits_never_asks_for_them_nor_waits_on_them(
    enterprise: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """With no `x-ratelimit-*` headers PyGithub's count stays unknown (-1): no wait for a reset, no
    `GET /rate_limit` (404 there); writes keep github.com's pace, a second apart."""
    for index in range(120):
        enterprise.state.add_issue(REPO, f"Problem {index}", "kubectl on Kubernetes")
    result = run_triage(payload={"inputs": {}, "sender": {"login": "alice"}}, GITHUB_API_URL=enterprise.url)
    assert result.code == 0, result.err
    assert enterprise.log.count("POST", r"/comments$") == 120
    assert enterprise.log.count(None, r"^/rate_limit$") == 0
    assert {entry.status for entry in enterprise.log} == {200, 201}
    assert "rate limit" not in result.err
    assert max(clock.sleeps) <= 1.0


@pytest.mark.parametrize(("retry_after", "waits"), [(30, [30]), (None, [60])])
def test_a_secondary_limit_without_rate_limit_headers_is_waited_out(
    enterprise: FakeGitHub, run_triage: Runner, clock: FakeClock, retry_after: int | None, waits: list[float]
) -> None:
    """An administrator may turn secondary limits on alone: the refusal then carries no budget."""
    number = enterprise.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    enterprise.faults.add("POST", r"/labels$", faults.secondary_limit(retry_after=retry_after))
    payload = issue_payload(enterprise, number)
    result = run_triage(event_name="issues", payload=payload, GITHUB_API_URL=enterprise.url)
    assert result.code == 0, result.err
    assert [sleep for sleep in clock.sleeps if sleep > 1] == waits
    assert enterprise.state.issue(REPO, number).labels == [TEAM, K8S]


def test_no_request_names_an_api_version_so_every_server_answers_with_its_default(
    enterprise: FakeGitHub, run_triage: Runner
) -> None:
    """A server refuses a version it does not support (400); one not named is its default
    (2022-11-28 from GHES 3.9, which versioned the API; older ones ignore the header)."""
    number = enterprise.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(enterprise, number)
    assert run_triage(event_name="issues", payload=payload, GITHUB_API_URL=enterprise.url).code == 0
    assert [entry for entry in enterprise.log if "x-github-api-version" in entry.headers] == []
