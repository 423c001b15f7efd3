"""`triage run` from a terminal (no `GITHUB_EVENT_NAME`): it writes as the token's owner, so a run
that writes needs that login (`--bot-login`, `TRIAGE_BOT_LOGIN`) before its first request."""

from __future__ import annotations

from tests.fakegithub import REPO, FakeGitHub
from tests.integration.conftest import K8S, TEAM, Runner, add_managed_labels

ALICE, ALICE_TOKEN = "alice", "ghp_alice"


def kubernetes_issue(github: FakeGitHub) -> int:
    add_managed_labels(github)
    github.state.add_user(ALICE, ALICE_TOKEN, installation=False)
    return github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")


def test_a_labels_only_batch_without_a_bot_login_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its labels would be alice's, a person's to every later run, and no comment would catch it."""
    number = kubernetes_issue(github)
    result = run_triage("--no-new-comments", event_name="", GITHUB_TOKEN=ALICE_TOKEN)
    assert result.code == 2
    assert result.err == (
        "triage: from a terminal, triage writes as the token's owner, not as github-actions[bot] (the "
        "Actions token's login, which only a workflow run has): give that login as --bot-login (or "
        "TRIAGE_BOT_LOGIN; `gh api user --jq .login` prints a personal token's), so that later runs know "
        "the labels and comment it writes for triage's; --dry-run needs none\n"
    )
    assert len(github.log) == 0
    assert github.state.issue(REPO, number).labels == []


def test_a_run_on_one_issue_without_a_bot_login_is_refused_too(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = kubernetes_issue(github)
    result = run_triage("--issue", str(number), event_name="", GITHUB_TOKEN=ALICE_TOKEN)
    assert result.code == 2
    assert "give that login as --bot-login" in result.err
    assert len(github.log) == 0


def test_a_run_given_the_tokens_login_triages(github: FakeGitHub, run_triage: Runner) -> None:
    number = kubernetes_issue(github)
    result = run_triage("--bot-login", ALICE, event_name="", GITHUB_TOKEN=ALICE_TOKEN)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_the_login_may_come_from_the_environment(github: FakeGitHub, run_triage: Runner) -> None:
    number = kubernetes_issue(github)
    result = run_triage(event_name="", GITHUB_TOKEN=ALICE_TOKEN, TRIAGE_BOT_LOGIN=ALICE)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_a_dry_run_needs_no_bot_login(github: FakeGitHub, run_triage: Runner) -> None:
    kubernetes_issue(github)
    result = run_triage("--dry-run", event_name="", GITHUB_TOKEN=ALICE_TOKEN)
    assert result.code == 0, result.err
    assert github.log.writes() == []
