"""A move to another bot identity with the former login listed (`--former-bot-login`,
`TRIAGE_FORMER_BOT_LOGINS`): what triage wrote as that login stays its own, against the fake GitHub.

Each test triages issues as the Actions token (`BOT`), or as a person running triage by hand, then
runs again as an App (`APP`) that names the login before it as a former one.
"""

from __future__ import annotations

import html

import pytest

from tests.fakegithub import BOT, REPO, TOKEN, FakeGitHub, faults
from tests.integration.conftest import (
    COMPOSE,
    FALLBACK,
    K8S,
    RULES_YAML,
    TEAM,
    Result,
    Runner,
    add_managed_labels,
    edit_issue,
    issue_payload,
    triaged_on_opening,
)
from triage.marker import MARKER

APP, APP_TOKEN = "acme-triage[bot]", "ghs_app"
AS_THE_APP = {"GITHUB_TOKEN": APP_TOKEN, "TRIAGE_BOT_LOGIN": APP, "TRIAGE_FORMER_BOT_LOGINS": BOT}
"""The run's settings once the workflow moved to the App, listing the Actions token's login as former."""


def last_summary(run_triage: Runner) -> str:
    """The job summary of the last run: each run appends its own to the file."""
    return "## triage:" + run_triage.summary().rsplit("## triage:", 1)[1]


def dispatch(**inputs: str) -> dict[str, object]:
    return {"inputs": inputs, "sender": {"login": "alice"}}


@pytest.fixture(autouse=True)
def app(github: FakeGitHub) -> None:
    github.state.add_user(APP, APP_TOKEN)


def edited_to_compose(github: FakeGitHub, run_triage: Runner, number: int, **env: str) -> Result:
    """The issue's text changed to a Docker Compose one, and the `edited` event's run."""
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    payload = issue_payload(github, number, action="edited")
    result = run_triage(event_name="issues", payload=payload, **(AS_THE_APP | env))
    assert result.code == 0, result.err
    return result


def test_a_retriage_after_the_move_edits_the_former_logins_comment_and_posts_none(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    github.log.clear()
    edited_to_compose(github, run_triage, number)
    [comment] = github.state.comments(REPO, number)
    assert comment.author == BOT
    assert comment.body.startswith(MARKER)
    assert COMPOSE in comment.body
    assert K8S not in comment.body
    assert github.log.count("POST", r"/comments$") == 0
    assert github.log.count("PATCH", rf"/issues/comments/{comment.id}$") == 1


def test_labels_the_former_login_added_go_once_the_rules_no_longer_want_them(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    edited_to_compose(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]


def test_the_fallback_label_the_former_login_added_goes_once_the_issue_has_an_owner(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage, "The installer hangs", "on the third step")
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    edited_to_compose(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]


def test_the_former_login_may_be_given_as_a_flag(github: FakeGitHub, run_triage: Runner) -> None:
    number = triaged_on_opening(github, run_triage)
    edited_to_compose(github, run_triage, number, TRIAGE_FORMER_BOT_LOGINS="")
    assert [c.author for c in github.state.comments(REPO, number)] == [BOT, APP]  # without it: a person's
    edit_issue(github, number, "kubectl apply fails", "Kubernetes")
    result = run_triage(
        "--former-bot-login",
        BOT,
        event_name="issues",
        payload=issue_payload(github, number, action="edited"),
        **(AS_THE_APP | {"TRIAGE_FORMER_BOT_LOGINS": ""}),
    )
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_an_event_a_former_login_caused_is_triaged_not_skipped_as_triages_own(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """alice once ran triage by hand with her own token, and listed her login as a former one; the
    edits she makes to her issues are still triaged, and her run's comment is edited, not doubled."""
    github.state.add_user("alice", "ghp_alice", installation=False)
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", author="alice")
    by_hand = run_triage(
        payload=dispatch(issue=str(number)), GITHUB_TOKEN="ghp_alice", TRIAGE_BOT_LOGIN="alice"
    )
    assert by_hand.code == 0, by_hand.err
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    result = run_triage(
        event_name="issues",
        payload=issue_payload(github, number, action="edited", sender="alice"),
        GITHUB_TOKEN=TOKEN,
        TRIAGE_BOT_LOGIN=BOT,
        TRIAGE_FORMER_BOT_LOGINS="alice",
    )
    assert result.code == 0, result.err
    assert "skipped" not in result.out
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    [comment] = github.state.comments(REPO, number)
    assert (comment.author, COMPOSE in comment.body) == ("alice", True)


REFUSALS = {
    403: (
        {"message": "Resource not accessible by integration"},
        "GitHub refused this token its edit (403 Resource not accessible by integration)",
    ),
    404: (
        {"message": "Not Found"},
        "GitHub answered its edit 404 (deleted since, or not this token's to edit)",
    ),
}


@pytest.mark.parametrize("status", sorted(REFUSALS))
def test_a_former_logins_comment_github_will_not_let_the_token_edit_is_left_and_no_second_posted(
    github: FakeGitHub, run_triage: Runner, status: int
) -> None:
    """The labels are written; the comment stays as it was, still naming Kubernetes, and the log and
    the summary say so, for a person to look at."""
    number = triaged_on_opening(github, run_triage)
    [before] = github.state.comments(REPO, number)
    body, why = REFUSALS[status]
    github.faults.add("PATCH", rf"/issues/comments/{before.id}$", faults.status(status, body))
    result = edited_to_compose(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    assert github.state.comments(REPO, number) == [before]
    assert github.log.count("POST", r"/comments$") == 1  # the `opened` run's
    said = (
        f"comment left as it was, by former bot login {BOT}: {why}; none posted beside it, so it may not "
        f"match the labels: edit it, or delete it and `triage run --issue {number}` posts one"
    )
    assert said in result.out
    assert said in html.unescape(last_summary(run_triage))


def test_a_refused_edits_note_quotes_githubs_message_on_one_line_cut_short_and_inert_in_the_log(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub's message is an answer from the network like any other: a line break or a workflow
    command in it (`::error::`) would be read by the Actions runner, and a long one would crowd out
    what the note asks of a person."""
    number = triaged_on_opening(github, run_triage)
    [before] = github.state.comments(REPO, number)
    message = "Resource not accessible by integration\n::error::spoofed " + "x" * 200
    github.faults.add("PATCH", rf"/issues/comments/{before.id}$", faults.status(403, {"message": message}))
    result = edited_to_compose(github, run_triage, number)
    quoted = "Resource not accessible by integration :\u200d:error:\u200d:spoofed xxx…"
    assert f"GitHub refused this token its edit (403 {quoted}); none posted beside it" in result.out
    assert "::error::" not in result.out


def test_a_refused_edits_note_with_a_long_message_keeps_the_command_that_fixes_it_in_the_summary(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The summary cuts a note at 300 characters: GitHub's message is cut first, so the end of the
    note, what a person does about it, stays."""
    number = triaged_on_opening(github, run_triage)
    [before] = github.state.comments(REPO, number)
    github.faults.add("PATCH", rf"/issues/comments/{before.id}$", faults.status(403, {"message": "y" * 200}))
    edited_to_compose(github, run_triage, number)
    assert f"`triage run --issue {number}` posts one" in html.unescape(last_summary(run_triage))


def test_a_batch_goes_on_past_a_former_logins_comment_github_will_not_let_the_token_edit(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A 403 stops a batch as a missing permission would fail every issue; this one is the one
    comment's, and its issue, which changed nothing else, is listed for a person to look at."""
    first = triaged_on_opening(github, run_triage)
    second = triaged_on_opening(github, run_triage, "kubectl logs fails", "Kubernetes")
    run_triage.rules.write_text(RULES_YAML.replace("docs.example.com/k8s", "docs.example.com/kubernetes"))
    [refused] = github.state.comments(REPO, first)
    github.faults.add("PATCH", rf"/issues/comments/{refused.id}$", faults.status(403))
    result = run_triage(payload=dispatch(), **AS_THE_APP)
    assert result.code == 0, result.err
    assert github.state.comments(REPO, first) == [refused]
    [edited] = github.state.comments(REPO, second)
    assert (edited.author, "docs.example.com/kubernetes" in edited.body) == (BOT, True)
    assert github.log.count("POST", r"/comments$") == 2  # the `opened` runs'
    assert f"#{first} unchanged: (comment left as it was, by former bot login {BOT}" in result.out
    assert f"[#{first}](https://github.com/{REPO}/issues/{first})" in last_summary(run_triage)


def test_a_token_still_writing_as_a_former_login_is_stopped_naming_the_token_not_that_login_as_the_fix(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The workflow moved to the App, but the job still runs with the Actions token: its comment is
    triage's while that login is listed, so the stop sends no one back to the former login and
    warns of no comment posted on every run."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number), **(AS_THE_APP | {"GITHUB_TOKEN": TOKEN})
    )
    assert result.code == 1
    assert result.err == (
        f"triage: the token writes as {BOT}, a former bot login, but the bot login is {APP}: #{number} "
        f"has its labels and its comment, posted as {BOT}, which triage knows as its own while "
        f"former-bot-logins lists {BOT}; give the run the token of {APP} (GITHUB_TOKEN, the action's "
        f"`token` input), or set bot-login (--bot-login, TRIAGE_BOT_LOGIN) back to {BOT}\n"
    )


def test_a_former_logins_comment_found_after_a_lost_answer_is_named_as_triages_own(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`triage run --issue N` would keep that comment rather than post another: the stop does not
    say it posts one."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.lost_response())
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number), **(AS_THE_APP | {"GITHUB_TOKEN": TOKEN})
    )
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        f"triage: #{number} has its labels; GitHub's answer to its comment was lost, and the comments read "
        f"again show one with triage's text by {BOT}, a former bot login, not by the bot login {APP}: "
        f"triage knows it as its own while former-bot-logins lists {BOT}. If the token writes as {BOT}, "
        f"give the run the token of {APP} (GITHUB_TOKEN, the action's `token` input), or set bot-login "
        f"(--bot-login, TRIAGE_BOT_LOGIN) back to {BOT}; if {BOT} posted it meanwhile, nothing is left to do"
    )
    assert [comment.author for comment in github.state.comments(REPO, number)] == [BOT]
