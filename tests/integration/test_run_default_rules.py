"""The default rules' version question, asked by `triage run` against the fake GitHub: only of a
reporter outside Sourcegraph, as GitHub's `author_association` places them, at no extra request."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakegithub import REPO, FakeGitHub
from tests.integration.conftest import Runner, bot_comments, edited_payload, issue_payload, writes
from triage.ruleset import load_rules

DEFAULT_RULES = Path(__file__).resolve().parents[2] / "rules" / "ownership.yaml"
VERSION_QUESTION = "the Sourcegraph version you run"
TITLE = "kubectl apply fails on our Kubernetes cluster"
BODY = "The frontend pod never becomes ready."


def opened_by(github: FakeGitHub, run_triage: Runner, association: str, body: str = BODY) -> int:
    """A Kubernetes issue opened by someone GitHub places so, triaged under the default rules with
    their labels in the repository; the fake's log holds that run's requests alone."""
    run_triage.rules.write_text(DEFAULT_RULES.read_text(encoding="utf-8"), encoding="utf-8")
    for label in load_rules(DEFAULT_RULES).managed_labels:
        github.state.add_label(REPO, label.name, label.color, label.description)
    github.state.associate(REPO, "carol", association)
    number = github.state.add_issue(REPO, TITLE, body, author="carol")
    github.log.clear()
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert "distribution/kubernetes" in github.state.issue(REPO, number).labels
    return number


@pytest.mark.parametrize("association", ["MEMBER", "OWNER", "COLLABORATOR"])
def test_an_issue_sourcegraphs_people_open_is_not_asked_for_the_version(
    github: FakeGitHub, run_triage: Runner, association: str
) -> None:
    number = opened_by(github, run_triage, association)
    [comment] = bot_comments(github, number)
    assert VERSION_QUESTION not in comment


@pytest.mark.parametrize("association", ["NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR"])
def test_an_issue_anyone_else_opens_is_asked_for_the_version(
    github: FakeGitHub, run_triage: Runner, association: str
) -> None:
    number = opened_by(github, run_triage, association)
    [comment] = bot_comments(github, number)
    assert VERSION_QUESTION in comment


def test_an_edit_naming_the_version_takes_the_question_out_of_the_comment_in_place(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = opened_by(github, run_triage, "NONE")
    [comment_id] = [comment.id for comment in github.state.comments(REPO, number)]
    payload = edited_payload(github, number, TITLE, BODY + "\n\nWe run Sourcegraph 3.41.0.")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.log.summary() == [
        f"GET /repos/{REPO}/issues/{number}/comments -> 200",
        f"PATCH /repos/{REPO}/issues/comments/{comment_id} -> 200",
    ]
    [comment] = bot_comments(github, number)
    assert VERSION_QUESTION not in comment


def test_an_edit_of_a_members_issue_writes_nothing(github: FakeGitHub, run_triage: Runner) -> None:
    """The member was not asked, so an edit that still names no version leaves the comment as it is."""
    number = opened_by(github, run_triage, "MEMBER")
    payload = edited_payload(github, number, TITLE, BODY + "\n\nStill failing.")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert writes(github) == []
    assert VERSION_QUESTION not in bot_comments(github, number)[0]
