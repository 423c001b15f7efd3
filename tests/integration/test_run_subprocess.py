"""`python -m triage run` as a real process against the fake GitHub (virtual clock: no sleeping)."""

from __future__ import annotations

from pathlib import Path

from tests.fakegithub import REPO, FakeGitHub
from tests.integration.conftest import K8S, TEAM, add_managed_labels, issue_payload, run_subprocess


def test_an_opened_event_in_a_real_process_makes_exactly_two_requests(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_subprocess(
        github, rules_path, tmp_path, payload=issue_payload(github, number), event_name="issues"
    )
    assert result.code == 0, result.err
    assert [f"{e.method} {e.path}" for e in github.log] == [
        f"POST /repos/{REPO}/issues/{number}/labels",
        f"POST /repos/{REPO}/issues/{number}/comments",
    ]
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## triage: 1 changed")


def test_a_missing_token_in_a_real_process_exits_1_with_one_line_and_no_request(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    payload = issue_payload(github, number)
    result = run_subprocess(
        github, rules_path, tmp_path, payload=payload, event_name="issues", GITHUB_TOKEN=""
    )
    assert result.code == 1
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("triage: GITHUB_TOKEN is not set or empty: ")
    assert len(github.log) == 0


def test_an_invalid_dispatch_input_in_a_real_process_exits_1_with_no_request(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    payload = {"inputs": {"issue": "-1"}}
    result = run_subprocess(github, rules_path, tmp_path, payload=payload, event_name="workflow_dispatch")
    assert result.code == 1
    assert result.err.endswith("inputs.issue: expected an issue number (a positive integer), got '-1'\n")
    assert len(github.log) == 0


def test_a_rate_limited_batch_in_a_real_process_exits_4_with_a_resume_hint(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    add_managed_labels(github)
    for index in range(5):
        github.state.add_issue(REPO, f"kubectl {index}", "Kubernetes")
    github.state.set_rate_budget(remaining=4, reset_at=github.clock.now() + 4000)
    result = run_subprocess(
        github, rules_path, tmp_path, payload={"inputs": {}}, event_name="workflow_dispatch"
    )
    assert result.code == 4
    assert "run again with since=" in result.err


def test_a_dry_run_in_a_real_process_writes_nothing(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    result = run_subprocess(github, rules_path, tmp_path, "--dry-run", payload=payload, event_name="issues")
    assert result.code == 0, result.err
    assert github.log.writes() == []
    assert "  comment:       create" in result.out


def test_a_transferred_issue_in_a_real_process_is_told_in_triages_one_line_without_pygithubs_own(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    """PyGithub's import gives its logger a handler on stderr, which printed its "Following Github
    server redirection" line above triage's, unprefixed, in a real process only."""
    github.state.add_repo("octo/elsewhere")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    moved = github.state.transfer_issue(REPO, number, "octo/elsewhere")
    payload = {"inputs": {"issue": str(number)}}
    result = run_subprocess(github, rules_path, tmp_path, payload=payload, event_name="workflow_dispatch")
    assert result.code == 1
    assert result.err == (
        f"triage: GET /repos/{REPO}/issues/{number}: moved (301): the issue was transferred to "
        f"octo/elsewhere as #{moved}; triage it there\n"
    )
