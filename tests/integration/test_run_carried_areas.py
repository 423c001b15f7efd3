"""An area of a named team that the issue carries though its evidence fell short (an issue form's
label, a person's): the comment names it, with its docs, rather than saying no area stood out; one
that triage takes off on re-triage is not named."""

from __future__ import annotations

from tests.fakegithub import REPO, FakeClock, FakeGitHub
from tests.integration.conftest import K8S, TEAM, Runner, add_managed_labels, edit_issue, issue_payload
from triage.comment_view import CARRIED_REASON


def _with_a_team_keyword(run_triage: Runner) -> None:
    """The fixture's team gets a keyword of its own, so text can name the team and no area."""
    text = run_triage.rules.read_text(encoding="utf-8")
    run_triage.rules.write_text(
        text.replace("    areas:\n", "    keywords: [rollout]\n    areas:\n", 1), encoding="utf-8"
    )


def test_an_opened_issue_whose_form_gave_an_area_label_gets_a_comment_naming_that_area(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    _with_a_team_keyword(run_triage)
    number = github.state.add_issue(REPO, "The rollout stalls", "Nothing more to say", labels=[K8S])
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [K8S, TEAM]
    (comment,) = github.state.comments(REPO, number)
    assert f"area **Kubernetes** (`{K8S}`)" in comment.body
    assert "(https://docs.example.com/k8s)" in comment.body
    assert f"- {CARRIED_REASON}" in comment.body
    assert "no single area of it stood out" not in comment.body


def test_an_area_label_triage_takes_off_on_re_triage_is_not_named_in_the_updated_comment(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner
) -> None:
    add_managed_labels(github)
    _with_a_team_keyword(run_triage)
    number = github.state.add_issue(REPO, "kubectl rollout stalls", "On our cluster")
    assert run_triage(event_name="issues", payload=issue_payload(github, number)).code == 0
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    clock.advance(60)
    edit_issue(github, number, "The rollout stalls", "On our cluster")
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]
    (comment,) = github.state.comments(REPO, number)
    assert "Kubernetes" not in comment.body
    assert "no single area of it stood out" in comment.body


def test_an_issue_left_to_another_owner_gets_no_comment_for_an_area_label_it_carries(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`defer_to`: an issue a person gave another owner is written nothing, whatever area label of
    ours its form gave it."""
    add_managed_labels(github)
    _with_a_team_keyword(run_triage)
    text = run_triage.rules.read_text(encoding="utf-8")
    run_triage.rules.write_text(
        text.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n'), encoding="utf-8"
    )
    number = github.state.add_issue(REPO, "The rollout stalls", "Nothing more", labels=[K8S, "team/search"])
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [K8S, "team/search"]
    assert github.state.comments(REPO, number) == []
