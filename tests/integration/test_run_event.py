"""`triage run` on `issues` events, through `triage.cli.main`, against the fake GitHub."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.fakegithub import BOT, REPO, FakeClock, FakeGitHub, faults
from tests.fakegithub.state import State
from tests.integration.conftest import (
    COMPOSE,
    FALLBACK,
    ISSUE_RUNS,
    K8S,
    RULES_WITHOUT_FALLBACK,
    RULES_YAML,
    TEAM,
    Result,
    Runner,
    add_managed_labels,
    bot_comments,
    close_issue,
    edit_issue,
    edited_payload,
    issue_payload,
    run_on,
    triaged_on_opening,
    writes,
)
from triage.errors import EXIT_RATE_LIMITED
from triage.marker import MARKER
from triage.render import CUT_NOTE


def comment_id(github: FakeGitHub, number: int) -> int:
    [found] = [c.id for c in github.state.comments(REPO, number) if c.author == BOT]
    return found


def triaged_then_unlabelled(github: FakeGitHub, run_triage: Runner, *labels: str) -> int:
    """A Kubernetes issue triaged on opening, then `labels` removed by a person; its number."""
    number = triaged_on_opening(github, run_triage)
    for label in labels:
        github.state.add_label_event(REPO, number, label, action="unlabeled", actor="alice")
    return number


def kubernetes_issue_edited_into_docker_compose(github: FakeGitHub, run_triage: Runner) -> int:
    """An issue triaged as Kubernetes, then edited to be about Docker Compose; its number."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    run_triage(event_name="issues", payload=issue_payload(github, number))
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    return number


def test_an_opened_issue_in_a_locked_conversation_gets_its_labels_and_no_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.state.lock_issue(REPO, number)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.log.summary() == [f"POST /repos/{REPO}/issues/{number}/labels -> 200"]
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert "conversation locked: no comment" in result.out


def test_the_comments_of_an_issue_in_a_locked_conversation_are_not_read(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """No comment can be posted or corrected there, so reading them cannot change what is written."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.state.add_comment(REPO, number, "bob", "me too")
    github.state.lock_issue(REPO, number)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.log.summary() == [f"POST /repos/{REPO}/issues/{number}/labels -> 200"]


def test_an_issue_in_a_locked_conversation_whose_area_label_a_person_removed_gets_no_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The comment would be written without that area, but GitHub refuses any comment there."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.state.add_label_event(REPO, number, K8S, action="unlabeled", actor="alice")
    github.state.lock_issue(REPO, number)
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]
    assert github.log.count("POST", r"/comments$") == 0


def test_a_comment_refused_as_the_conversation_was_locked_since_the_event_ends_as_a_locked_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub's 403 for a locked conversation is about this issue, not a rate limit, and not a
    failure: the labels stand, the comment is tried once, and the run ends as for an issue locked
    when its event was sent (a moderator locking a spam issue seconds after it opened)."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    payload = issue_payload(github, number)
    github.state.lock_issue(REPO, number)
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.log.count("POST", rf"/issues/{number}/comments$") == 1
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert "conversation locked: no comment" in run_triage.summary()


def test_a_comment_github_refuses_as_invalid_names_githubs_reason_and_is_not_retried(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub's 422 for a comment says only "Validation Failed"; its reason is in `errors`."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.faults.add(
        "POST", rf"/issues/{number}/comments$", faults.status(422, faults.COMMENT_TOO_LONG), times=None
    )
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert github.log.count("POST", rf"/issues/{number}/comments$") == 1
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert (
        f"POST /repos/{REPO}/issues/{number}/comments: 422 Validation Failed: Body is too long "
        f"(maximum is 65536 characters) (unprocessable); #{number} got its labels, and GitHub refused its "
        "comment (not posted)"
    ) in result.err


@pytest.mark.parametrize(
    ("refused", "status", "posted"),
    [("GET", 401, True), ("GET", 404, True), ("POST", 422, False)],
    ids=["reread-401", "reread-404", "post-after-a-reread-422"],
)
def test_a_comment_whose_post_answer_was_lost_and_then_refused_may_have_been_posted(
    github: FakeGitHub, run_triage: Runner, refused: str, status: int, posted: bool
) -> None:
    """A POST whose answer was lost, then a refusal of the re-read that would tell, or of the next
    POST after a re-read that did not show it (GitHub's reads can lag its writes): the first POST may
    have made the comment, so "refused (not posted)" would be untrue."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    comments = rf"/issues/{number}/comments$"
    github.faults.add("POST", comments, faults.lost_response(after_apply=posted))
    github.faults.add(
        refused, comments, faults.status(status, {"message": "No"}), after=int(refused == "POST")
    )
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert len(bot_comments(github, number)) == posted
    assert f"triage: {refused} /repos/{REPO}/issues/{number}/comments: " in result.err
    assert "refused its comment" not in result.err
    assert result.err.rstrip().endswith(
        f"; #{number} got its labels, and its comment may have been posted: the answer to a POST of it was "
        f"lost, and GitHub refused the request that followed (`triage run --issue {number}` posts it if it "
        "is missing)"
    )


def test_a_comment_whose_post_answer_was_lost_then_refused_as_locked_since_it_was_read_may_have_been_posted(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A POST whose answer was lost, a re-read that does not show the comment (GitHub's reads can lag
    its writes), then the conversation locked before the next POST: the first may have made the
    comment, so "conversation locked: no comment" would be untrue. The issue still ends as a locked
    one does, not as a failure: while it is locked, no run could post the comment."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    comments = rf"/issues/{number}/comments$"
    github.faults.add("POST", comments, faults.lost_response(after_apply=False, mode="drop"))
    github.faults.add("GET", comments, faults.hook(lambda state: state.lock_issue(REPO, number)), times=None)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.log.count("POST", comments) == 2
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    said = (
        "its comment may have been posted: the answer to a POST of it was lost, and GitHub refused the "
        "request that followed as the conversation was locked since it was read (the issue's page shows "
        f"which; once it is unlocked, `triage run --issue {number}` posts it if it is missing)"
    )
    assert f"triage: #{number} changed: +{TEAM} +{K8S} ({said})" in result.out
    summary = run_triage.summary()
    assert "its comment may have been posted: the answer to a POST of it was lost" in summary
    assert "no comment" not in summary


def test_an_edit_of_our_comment_whose_answer_was_lost_then_refused_as_locked_may_have_been_made(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """As for a POST: the first edit may have landed, so the comment may match the labels already."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster", labels=[TEAM])
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold")
    edit = r"/issues/comments/\d+$"
    locked = {"message": "Unable to update comment because issue is locked."}
    github.faults.add("PATCH", edit, faults.lost_response(after_apply=False))
    github.faults.add("PATCH", edit, faults.status(403, locked), after=1)
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert github.log.count("PATCH", edit) == 2
    said = (
        "its comment may have been updated: the answer to an edit of it was lost, and GitHub refused the "
        "request that followed as the conversation was locked since it was read (the issue's page shows "
        f"which; once it is unlocked, `triage run --issue {number}` updates it)"
    )
    assert f"triage: #{number} changed: +{K8S} ({said})" in result.out
    assert "no comment" not in run_triage.summary()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "You can't comment at this time."),
        (403, "Resource not accessible by integration"),
        (401, "Bad credentials"),
    ],
    ids=["403-commenting-blocked", "403-permission", "401-token"],
)
def test_a_comment_refused_for_the_token_or_for_now_says_the_run_that_posts_it_later(
    github: FakeGitHub, run_triage: Runner, status: int, message: str
) -> None:
    """Put right outside triage (a token, a permission, a block lifted), a re-run posts it; a 422
    (the test above) or a locked conversation would be refused again, and get no such hint."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(status, {"message": message}))
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert result.err.rstrip().endswith(
        f"; #{number} got its labels, and GitHub refused its comment (not posted): "
        f"`triage run --issue {number}` posts it once GitHub accepts it"
    )


def test_an_edit_of_our_comment_refused_for_the_token_says_the_run_that_updates_it_later(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster", labels=[TEAM])
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold")
    github.faults.add("PATCH", r"/issues/comments/\d+$", faults.status(401, {"message": "Bad credentials"}))
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 1
    assert result.err.rstrip().endswith(
        f"and GitHub refused its comment (not updated): `triage run --issue {number}` updates it once "
        "GitHub accepts it"
    )


def test_an_event_run_that_fails_part_way_still_writes_its_summary(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(502), times=None)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert f"#{number} got its labels, and its comment may not have been posted" in result.err
    summary = run_triage.summary()
    assert summary.splitlines()[0] == "## triage: 0 changed, 0 unchanged, 0 skipped, 1 failed"
    assert f"| [#{number}](https://github.com/{REPO}/issues/{number}) kubectl apply fails |" in summary


def test_an_event_run_interrupted_while_it_waits_writes_its_summary_and_how_to_finish(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C, or Actions cancelling the job, while the run waits to retry its comment."""

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(502))
    monkeypatch.setattr(clock, "sleep", interrupted)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == EXIT_RATE_LIMITED
    message = (
        f"interrupted during #{number}, which may be part-way: `triage run --issue {number}` finishes it"
    )
    assert message in result.err
    assert message.replace("`", "&#96;") in run_triage.summary()


def test_an_issue_transferred_before_its_opened_event_runs_is_skipped_with_nothing_in_its_new_repository(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The event's writes read nothing first; GitHub's 301 on the label POST is not followed. The
    job has nothing left to do: it is not a failure."""
    github.state.add_repo("octo/elsewhere")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    payload = issue_payload(github, number)
    moved = github.state.transfer_issue(REPO, number, "octo/elsewhere")
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    elsewhere = github.state.repo("octo/elsewhere").id
    assert (
        f"#{number} skipped: gone since the event: POST /repos/{REPO}/issues/{number}/labels: moved (301): "
        f"the issue was transferred (or its repository renamed) to the repository with id {elsewhere} as "
        f"#{moved}; triage it there"
    ) in result.out
    assert github.state.issue("octo/elsewhere", moved).labels == []
    assert github.state.comments("octo/elsewhere", moved) == []


def test_an_issue_deleted_before_its_opened_event_runs_is_skipped(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    payload = issue_payload(github, number)
    github.state.delete_issue(REPO, number)
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert f"#{number} skipped: gone since the event: " in result.out
    assert "the issue was deleted" in result.out


def test_a_rerun_of_an_event_job_whose_issue_was_transferred_since_is_skipped(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_repo("octo/elsewhere")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    payload = issue_payload(github, number, action="edited")
    github.state.transfer_issue(REPO, number, "octo/elsewhere")
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    assert (
        f"#{number} skipped: gone since the event: GET /repos/{REPO}/issues/{number}: moved (301)"
        in result.out
    )
    assert github.log.writes() == []


def test_a_job_without_issues_write_is_told_the_permission_and_nothing_is_written(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A workflow whose `permissions:` left out `issues: write` (a read-only token)."""
    github.state.add_user("reader", "ghs_read", permission="read")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), GITHUB_TOKEN="ghs_read")
    message = (
        f"POST /repos/{REPO}/issues/{number}/labels: 403 Resource not accessible by integration: the token "
        f"lacks the `issues: write` permission; no change was made to #{number}"
    )
    assert (result.code, result.err) == (1, f"triage: {message}\n")
    assert f"> [!CAUTION]\n> {message.replace('`', '&#96;')}" in run_triage.summary()
    assert github.log.summary() == [f"POST /repos/{REPO}/issues/{number}/labels -> 403"]
    assert (github.state.issue(REPO, number).labels, github.state.comments(REPO, number)) == ([], [])


def test_a_job_whose_token_github_rejects_is_told_so_and_nothing_is_written(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A token revoked or expired (an App's installation token lasts an hour): 401, not retried."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), GITHUB_TOKEN="ghs_wrong")
    assert result.code == 1
    assert result.err.startswith(
        f"triage: POST /repos/{REPO}/issues/{number}/labels: the token was rejected (401 Bad credentials): "
    )
    assert result.err.endswith(f"; no change was made to #{number}\n")
    assert github.log.summary() == [f"POST /repos/{REPO}/issues/{number}/labels -> 401"]
    assert (github.state.issue(REPO, number).labels, github.state.comments(REPO, number)) == ([], [])


def test_a_token_that_may_not_create_a_missing_label_is_told_the_permission_and_nothing_is_written(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub refuses the whole label POST when a label in it does not exist and the token may not
    create labels (a workflow that gave the job `pull-requests: write` rather than `issues: write`)."""
    refusal = {
        "message": "You do not have permission to create labels on this repository.",
        "errors": [{"resource": "Repository", "field": "label", "code": "unauthorized"}],
        "documentation_url": "https://docs.github.com/v3/issues/labels/",
        "status": "403",
    }
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    github.faults.add("POST", rf"/issues/{number}/labels$", faults.status(403, refusal), times=None)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    message = (
        "403 You do not have permission to create labels on this repository. (unauthorized): a label "
        "triage adds is missing from the repository, and the token may not create labels: give the job "
        f"`issues: write`, or create the labels first with `triage labels sync`; no change was made "
        f"to #{number}"
    )
    assert result.err == f"triage: POST /repos/{REPO}/issues/{number}/labels: {message}\n"
    assert message.replace("`", "&#96;") in run_triage.summary()
    assert github.log.summary() == [f"POST /repos/{REPO}/issues/{number}/labels -> 403"]
    assert (github.state.issue(REPO, number).labels, github.state.comments(REPO, number)) == ([], [])


def test_an_opened_issue_with_no_comments_costs_exactly_two_requests(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.log.summary() == [
        f"POST /repos/{REPO}/issues/{number}/labels -> 200",
        f"POST /repos/{REPO}/issues/{number}/comments -> 201",
    ]
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    [body] = bot_comments(github, number)
    assert body.splitlines()[0] == MARKER


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_rerunning_on_an_unchanged_issue_writes_nothing_and_says_unchanged(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    run_triage(event_name="issues", payload=issue_payload(github, number))
    github.log.clear()
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert writes(github) == []
    assert f"#{number} unchanged" in result.out
    assert "0 changed, 1 unchanged" in run_triage.summary()


def test_an_edit_made_between_our_label_and_comment_writes_does_not_get_a_second_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The `edited` payload was taken after the opening run labelled the issue and before it
    commented, so it says "no comments" of an issue that has ours by the time this run starts."""
    number = triaged_on_opening(github, run_triage)
    stale = issue_payload(github, number, action="edited")
    stale["issue"]["comments"] = 0
    github.log.clear()
    result = run_triage(event_name="issues", payload=stale)
    assert result.code == 0, result.err
    assert len(bot_comments(github, number)) == 1
    assert writes(github) == []


def test_an_edit_that_makes_an_issue_without_comments_match_reads_only_its_timeline(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The timeline, read for the labels, lists the comments too: no further read before commenting."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert [entry for entry in github.log.summary() if entry.startswith("GET")] == [
        f"GET /repos/{REPO}/issues/{number}/timeline -> 200"
    ]


def test_an_edit_that_changes_the_match_updates_labels_and_the_comment_in_place(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = kubernetes_issue_edited_into_docker_compose(github, run_triage)
    github.log.clear()
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    assert len(bot_comments(github, number)) == 1
    assert writes(github) == [
        f"POST /repos/{REPO}/issues/{number}/labels",
        f"DELETE /repos/{REPO}/issues/{number}/labels/{K8S}",
        f"PATCH /repos/{REPO}/issues/comments/{github.state.comments(REPO, number)[0].id}",
    ]


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_a_comment_edit_answered_502_once_is_retried_and_the_comment_updated_once(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    number = kubernetes_issue_edited_into_docker_compose(github, run_triage)
    ours = comment_id(github, number)
    github.faults.add("PATCH", r"/issues/comments/\d+$", faults.status(502))
    github.log.clear()
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    [body] = bot_comments(github, number)
    assert f"`{COMPOSE}`" in body
    assert [(e.path, e.status) for e in github.log.matching("PATCH")] == [
        (f"/repos/{REPO}/issues/comments/{ours}", 502),
        (f"/repos/{REPO}/issues/comments/{ours}", 200),
    ]
    assert github.log.count("POST", r"/comments$") == 0


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_a_label_already_gone_when_triage_removes_it_is_a_success(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    """A person took it off between triage's read and its DELETE: GitHub answers 404."""
    number = kubernetes_issue_edited_into_docker_compose(github, run_triage)

    def a_person_removes_it(state: State) -> None:
        state.require_issue(REPO, number).labels.remove(K8S)

    github.faults.add("DELETE", r"/labels/", faults.hook(a_person_removes_it))
    github.log.clear()
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    assert [(e.path, e.status) for e in github.log.matching("DELETE")] == [
        (f"/repos/{REPO}/issues/{number}/labels/{K8S}", 404)
    ]
    assert f"`{COMPOSE}`" in bot_comments(github, number)[0]


def test_a_rerun_of_an_opened_event_neither_comments_again_nor_puts_back_a_removed_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    first_attempt = issue_payload(github, number)
    run_triage(event_name="issues", payload=first_attempt)
    github.state.add_label_event(REPO, number, K8S, action="unlabeled", actor="alice")
    github.log.clear()
    result = run_triage(event_name="issues", payload=first_attempt, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{comment_id(github, number)}"]
    assert github.state.issue(REPO, number).labels == [TEAM]
    assert len(bot_comments(github, number)) == 1


def test_a_rerun_of_an_opened_event_keeps_the_labels_its_first_attempt_keeps(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "docker compose up fails", "plain docker compose")
    github.state.add_label_event(REPO, number, K8S, actor=BOT)  # ours, and stale: a re-triage removes it
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number, action="opened"), GITHUB_RUN_ATTEMPT="2"
    )
    assert result.code == 0, result.err
    assert K8S in github.state.issue(REPO, number).labels


def labelled_by_us_without_our_comment(github: FakeGitHub, action: str) -> tuple[int, dict[str, Any]]:
    """An issue triage labelled and did not comment on (its first attempt stopped, or a person deleted
    the comment), with the payload of its `action` event as it was sent before the labels."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number, action=action)
    github.state.add_label_event(REPO, number, TEAM, actor=BOT)
    github.state.add_label_event(REPO, number, K8S, actor=BOT)
    return number, payload


def test_a_rerun_of_an_opened_event_posts_the_comment_its_first_attempt_did_not_get_to(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number, first_attempt = labelled_by_us_without_our_comment(github, "opened")
    result = run_triage(event_name="issues", payload=first_attempt, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    [ours] = bot_comments(github, number)
    assert K8S in ours


def test_a_rerun_of_an_edited_event_does_not_post_again_a_comment_a_person_deleted(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number, _ = labelled_by_us_without_our_comment(github, "edited")
    payload = issue_payload(github, number, action="edited")  # sent with the labels on: they came first
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    assert github.state.comments(REPO, number) == []
    assert writes(github) == []


@pytest.mark.parametrize("action", ["edited", "reopened"])
def test_a_rerun_posts_the_comment_its_first_attempt_labelled_the_issue_for_and_did_not_get_to(
    github: FakeGitHub, run_triage: Runner, action: str
) -> None:
    """The first attempt gave the issue its labels, so it would have commented; the re-run finds
    the labels on and gives none, but its payload shows the issue without them."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number, action=action)
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(502), times=5)
    first_attempt = run_triage(event_name="issues", payload=payload)
    assert f"#{number} got its labels, and its comment may not have been posted" in first_attempt.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    [ours] = bot_comments(github, number)
    assert K8S in ours


def test_an_opened_event_run_late_after_a_batch_edits_the_batchs_comment_instead_of_posting_another(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner
) -> None:
    """Its job queued (or delivered after an outage) while a batch triaged the issue."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    clock.advance(600)
    assert run_triage(payload={"inputs": {}, "sender": {"login": "alice"}}).code == 0
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert len(bot_comments(github, number)) == 1


@pytest.mark.parametrize("created", ["kept from the old repository", "at the transfer"])
def test_an_issue_transferred_in_from_a_repository_triage_also_runs_in_keeps_its_one_comment(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner, created: str
) -> None:
    """GitHub sends the target repository an `opened` event, its `changes` naming the old issue; the
    issue brings its labels (those the target has) and its comments, ours among them."""
    add_managed_labels(github)
    github.state.add_repo("octo/old")
    for name in (TEAM, K8S):
        github.state.add_label("octo/old", name)
    old = github.state.add_issue("octo/old", "kubectl apply fails", "Kubernetes")
    for name in (TEAM, K8S):
        github.state.add_label_event("octo/old", old, name, actor=BOT)
    github.state.add_comment("octo/old", old, BOT, f"{MARKER}\nthe old repository's words")
    clock.advance(86_400)
    number = github.state.transfer_issue("octo/old", old, REPO)
    if created == "at the transfer":
        with github.state.lock:
            github.state.repo(REPO).issues[number].created_at = clock.now()
    moved_from = {"old_issue": {"number": old}, "old_repository": {"full_name": "octo/old"}}
    payload = issue_payload(github, number) | {"changes": moved_from}

    result = run_triage(event_name="issues", payload=payload)

    assert result.code == 0, result.err
    [comment] = bot_comments(github, number)
    assert "the old repository's words" not in comment
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{comment_id(github, number)}"]


def test_an_opened_event_run_late_after_a_person_gave_the_issue_to_another_team_leaves_it_alone(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner
) -> None:
    """Its payload lists the labels the issue was opened with; a person triaging by hand while the
    job queued is not to be fought over the owner."""
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    clock.advance(600)
    github.state.add_label_event(REPO, number, "team/search", actor="alice")
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == ["team/search"]
    assert bot_comments(github, number) == [], writes(github)


def test_an_opened_event_run_late_after_a_batch_does_not_put_back_a_label_a_person_removed(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    clock.advance(600)
    assert run_triage(payload={"inputs": {}, "sender": {"login": "alice"}}).code == 0
    github.state.add_label_event(REPO, number, K8S, action="unlabeled", actor="alice")
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]


def test_an_edit_whose_job_runs_after_a_person_gave_the_issue_to_another_team_leaves_it_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A triager retitles the issue and labels it for another team in the same minute: the edit's
    payload predates the label, which the timeline read before adding ours shows."""
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    number = github.state.add_issue(REPO, "It fails", "On our cluster")
    payload = edited_payload(github, number, "kubectl apply fails", "On our Kubernetes cluster")
    github.state.add_label_event(REPO, number, "team/search", actor="alice")
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == ["team/search"]
    assert bot_comments(github, number) == [], writes(github)
    left_alone = f"#{number} unchanged: (left alone as another owner's: labelled team/search (defer_to))"
    assert left_alone in result.out


def test_the_first_attempt_of_an_opened_event_still_costs_two_requests(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), GITHUB_RUN_ATTEMPT="1")
    assert result.code == 0, result.err
    assert len(github.log) == 2


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_a_label_a_person_removed_is_not_put_back(github: FakeGitHub, run_triage: Runner, kind: str) -> None:
    number = triaged_then_unlabelled(github, run_triage, K8S)
    github.log.clear()
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{comment_id(github, number)}"]
    assert github.log.count("GET", r"/timeline$") == 1


def test_the_comment_stops_naming_an_area_whose_label_a_person_removed(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_then_unlabelled(github, run_triage, K8S)
    assert K8S in bot_comments(github, number)[0]
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    [comment] = bot_comments(github, number)
    assert K8S not in comment
    assert TEAM in comment
    github.log.clear()
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert writes(github) == []


def test_after_a_person_removes_only_the_team_label_the_comment_keeps_the_area_and_names_no_fallback(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_then_unlabelled(github, run_triage, TEAM)
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert github.state.issue(REPO, number).labels == [K8S]
    [comment] = bot_comments(github, number)
    assert K8S in comment
    assert FALLBACK not in comment


def test_after_a_person_removes_every_owner_label_and_the_fallback_no_run_puts_any_back(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_then_unlabelled(github, run_triage, TEAM, K8S)
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    github.state.add_label_event(REPO, number, FALLBACK, action="unlabeled", actor="alice")
    github.log.clear()
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == []
    assert [entry.method for entry in github.log.writes()] == ["PATCH"], "the comment stops naming it"
    [comment] = bot_comments(github, number)
    assert FALLBACK not in comment


def test_after_a_person_swaps_our_area_label_for_another_of_ours_no_fallback_is_added(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_then_unlabelled(github, run_triage, TEAM, K8S)
    github.state.add_label_event(REPO, number, COMPOSE, actor="alice")
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [COMPOSE]


def test_a_reopened_issue_that_no_longer_matches_is_retriaged_and_its_comment_says_so(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A reopen asks for another look: stale labels of ours go, as on an edit."""
    number = triaged_on_opening(github, run_triage)
    edit_issue(github, number, "The README has a typo", "in the second paragraph")
    run_triage(event_name="issues", payload=issue_payload(github, number, action="reopened"))
    assert not {TEAM, K8S} & set(github.state.issue(REPO, number).labels)
    [comment] = bot_comments(github, number)
    assert "could not tell which team owns this" in comment


def test_an_edit_to_an_issue_closed_right_after_it_leaves_the_issue_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A triager retitles an issue, then closes it (a duplicate, say): the edit's payload says open,
    the timeline read before adding a label says closed."""
    number = github.state.add_issue(REPO, "It fails", "On our cluster")
    payload = edited_payload(github, number, "kubectl apply fails (duplicate of #1)", "On our cluster")
    close_issue(github, number)
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.log.writes() == []
    assert f"#{number} skipped: closed meanwhile: its labels are settled" in result.out


def test_an_edit_to_a_closed_issue_leaves_it_alone(github: FakeGitHub, run_triage: Runner) -> None:
    """Its labels are settled: they are what `triage eval` takes as the truth."""
    number = triaged_on_opening(github, run_triage)
    close_issue(github, number)
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    github.log.clear()
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert f"#{number} is closed: its labels are settled" in result.out
    assert len(github.log) == 0


def test_a_rerun_of_an_edit_leaves_an_issue_closed_since_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The payload says open, as it did at the first attempt; the issue read afresh says closed."""
    number = triaged_on_opening(github, run_triage)
    payload = edited_payload(github, number, "docker compose up fails", "plain docker compose")
    close_issue(github, number)
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    assert f"#{number}" in result.out
    assert "closed since the event: its labels are settled" in result.out
    assert writes(github) == []
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_a_rerun_of_an_opened_event_leaves_an_issue_closed_since_unlabelled(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its first attempt failed, and a person closed it (a duplicate, say) before the re-run."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    close_issue(github, number)
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    assert writes(github) == []
    assert github.state.issue(REPO, number).labels == []


def test_an_edit_that_leaves_the_issue_matching_nothing_corrects_our_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its labels go; a comment still naming the team would contradict them."""
    number = triaged_on_opening(github, run_triage)
    edit_issue(github, number, "The README has a typo", "in the second paragraph")
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    [comment] = bot_comments(github, number)
    assert TEAM not in comment
    assert "could not tell which team owns this" in comment


def test_an_edit_that_leaves_an_issue_people_took_our_labels_off_matching_nothing_corrects_our_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """With no fallback label there is nothing to write and none of our labels on the issue, but the
    comment still names the labels people took off; the text before the edit had an owner. The
    timeline is read (it lists the comments too): the payload may predate our labels instead."""
    run_triage.rules.write_text(RULES_WITHOUT_FALLBACK, encoding="utf-8")
    number = triaged_on_opening(github, run_triage)
    for label in (TEAM, K8S):
        github.state.add_label_event(REPO, number, label, action="unlabeled", actor="alice")
    payload = edited_payload(github, number, "The README has a typo", "in the second paragraph")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.log.summary() == [
        f"GET /repos/{REPO}/issues/{number}/timeline -> 200",
        f"PATCH /repos/{REPO}/issues/comments/{comment_id(github, number)} -> 200",
    ]
    [comment] = bot_comments(github, number)
    assert TEAM not in comment
    assert K8S not in comment
    assert "could not tell which team owns this" in comment


def stale_edit(
    github: FakeGitHub,
    run_triage: Runner,
    title: str,
    body: str,
    between: Callable[[int], None] = lambda number: None,
) -> int:
    """A Kubernetes issue its reporter edits at once: the `edited` job, queued behind the `opened`
    one, gets a payload taken before that job labelled and commented. Both jobs run, with `between`
    done in between; its number."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    opened = issue_payload(github, number)
    edited = edited_payload(github, number, title, body)
    run_triage(event_name="issues", payload=opened)
    between(number)
    result = run_triage(event_name="issues", payload=edited)
    assert result.code == 0, result.err
    return number


def test_an_edit_whose_payload_predates_our_labels_takes_them_off_when_it_matches_nothing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = stale_edit(github, run_triage, "It crashes", "nothing about clusters")
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    [comment] = bot_comments(github, number)
    assert "could not tell which team owns this" in comment


def test_without_a_fallback_an_edit_whose_payload_predates_our_labels_takes_them_off_too(
    github: FakeGitHub, run_triage: Runner
) -> None:
    run_triage.rules.write_text(RULES_WITHOUT_FALLBACK, encoding="utf-8")
    number = stale_edit(github, run_triage, "It crashes", "nothing about clusters")
    assert github.state.issue(REPO, number).labels == []
    [comment] = bot_comments(github, number)
    assert "could not tell which team owns this" in comment


def test_an_edit_whose_payload_predates_our_labels_adds_only_what_is_new(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = stale_edit(github, run_triage, "kubectl apply fails", "Kubernetes, and docker compose too")
    assert set(github.state.issue(REPO, number).labels) == {TEAM, K8S, COMPOSE}
    [comment] = bot_comments(github, number)
    assert COMPOSE in comment


def test_an_edit_queued_behind_an_opened_job_that_stopped_before_its_comment_posts_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The `opened` job gave the labels, then its comment failed to the end; the edit's payload,
    taken before, shows no label: adding them again (a write that changes nothing) gives a label."""
    github.faults.add("POST", r"/comments$", faults.status(502), times=5)
    number = stale_edit(github, run_triage, "kubectl apply fails", "Kubernetes, on k3s")
    assert set(github.state.issue(REPO, number).labels) == {TEAM, K8S}
    assert len(bot_comments(github, number)) == 1


def test_a_label_deleted_from_the_repository_after_the_opened_job_is_put_back_by_a_queued_edit(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Deleting a label leaves no event: the timeline still shows the `opened` job adding it."""
    number = stale_edit(
        github,
        run_triage,
        "kubectl apply fails",
        "Kubernetes, on k3s",
        between=lambda number: github.state.delete_label(REPO, K8S),
    )
    assert set(github.state.issue(REPO, number).labels) == {TEAM, K8S}


def test_an_owner_label_a_person_added_after_the_edits_payload_keeps_the_fallback_off(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = edited_payload(github, number, "It crashes", "nothing about clusters")
    github.state.add_label_event(REPO, number, TEAM, actor="alice")
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]


def test_an_ordinary_edit_of_a_triaged_issue_reads_its_comments_not_its_timeline(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The payload shows our labels: it does not predate them."""
    number = triaged_on_opening(github, run_triage)
    payload = edited_payload(github, number, "kubectl apply fails", "Kubernetes, on k3s")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert [entry.path.rsplit("/", 1)[-1] for entry in github.log] == ["comments"]


def test_an_edit_of_an_issue_left_to_another_owner_reads_nothing_though_its_text_had_our_owner(
    github: FakeGitHub, run_triage: Runner
) -> None:
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=["team/search"])
    payload = edited_payload(github, number, "It crashes", "nothing about clusters")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert len(github.log) == 0


def test_an_opened_event_of_a_repository_renamed_since_writes_nothing_and_says_so(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub answers a write under a repository's former name with a 307, which PyGithub returns as
    if it were the answer: the labels were reported added, none was."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    github.state.rename_repo(REPO, "octo/gadgets")
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert (
        f"#{number} skipped: gone since the event: POST /repos/{REPO}/issues/{number}/labels: moved (307)"
        in (result.out)
    )
    assert github.state.issue("octo/gadgets", number).labels == []
    assert [entry.status for entry in github.log.writes()] == [307]


def test_a_rerun_of_such_an_edit_corrects_our_comment_too(github: FakeGitHub, run_triage: Runner) -> None:
    """The re-run reads the issue afresh, but only its payload says what the text was before the edit."""
    run_triage.rules.write_text(RULES_WITHOUT_FALLBACK, encoding="utf-8")
    number = triaged_on_opening(github, run_triage)
    for label in (TEAM, K8S):
        github.state.add_label_event(REPO, number, label, action="unlabeled", actor="alice")
    payload = edited_payload(github, number, "The README has a typo", "in the second paragraph")
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    [comment] = bot_comments(github, number)
    assert "could not tell which team owns this" in comment


def test_an_edit_to_an_issue_that_matched_nothing_before_it_either_reads_no_comments(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """No comment of ours can claim an owner there: it costs no request, as it did before."""
    run_triage.rules.write_text(RULES_WITHOUT_FALLBACK, encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "The README has a typo", "in the second paragraph")
    github.state.add_comment(REPO, number, "bob", "me too")
    payload = edited_payload(github, number, "The README has typos", "in the third paragraph")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert len(github.log) == 0


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_a_managed_label_a_person_added_is_never_removed(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_label_event(REPO, number, COMPOSE, actor="alice")
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [COMPOSE, TEAM, K8S]
    assert github.log.count("DELETE") == 0


@pytest.mark.parametrize("kind", ["opened", *ISSUE_RUNS])
def test_a_configured_label_missing_from_the_repo_ends_with_its_colour_and_description(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    labels = {label.name: (label.color, label.description) for label in github.state.labels(REPO)}
    assert labels == {
        TEAM: ("5319e7", "Owned by the Distribution team"),
        K8S: ("0e8a16", "Kubernetes installs"),
    }
    assert [e.method for e in github.log.writes()] == ["POST", "PATCH", "PATCH", "POST"]


def test_labels_that_already_exist_are_not_recoloured(github: FakeGitHub, run_triage: Runner) -> None:
    github.state.add_label(REPO, TEAM, "ff0000", "Chosen by a person")
    github.state.add_label(REPO, K8S, "00ff00", "")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    run_triage(event_name="issues", payload=issue_payload(github, number))
    assert {lb.name: lb.color for lb in github.state.labels(REPO)} == {TEAM: "ff0000", K8S: "00ff00"}


def test_a_stop_between_adding_and_removing_labels_says_what_was_added_and_a_rerun_finishes(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = kubernetes_issue_edited_into_docker_compose(github, run_triage)
    github.faults.add("DELETE", r"/labels/", faults.secondary_limit(retry_after=5000))
    edited = issue_payload(github, number, action="edited")
    stopped = run_triage(event_name="issues", payload=edited)
    assert stopped.code == EXIT_RATE_LIMITED
    finish = f"`triage run --issue {number}` finishes it"
    assert f"; #{number} was left part-way (added {COMPOSE}); {finish}" in stopped.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S, COMPOSE]
    result = run_triage(event_name="issues", payload=edited)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    assert [f"`{COMPOSE}`" in body for body in bot_comments(github, number)] == [True]


def test_a_stop_before_a_created_label_is_coloured_names_the_label_and_the_fix(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("PATCH", r"/labels/", faults.secondary_limit(retry_after=5000))
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == EXIT_RATE_LIMITED
    assert result.err.rstrip().endswith(
        f"; #{number} was left part-way (added {TEAM}, {K8S}); "
        f"`triage run --issue {number}` finishes it, and "
        f"`triage labels sync` sets the colour and description of {TEAM}, {K8S}"
    )


def test_an_opened_job_stopped_part_way_names_the_run_that_posts_its_comment_as_an_edit_does_not(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its labels are on: a later edit gives none, so it posts no comment where none of ours is."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("PATCH", r"/labels/", faults.secondary_limit(retry_after=5000))
    stopped = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert stopped.code == EXIT_RATE_LIMITED
    assert f"`triage run --issue {number}` finishes it" in stopped.err
    edit = edited_payload(github, number, "kubectl apply fails again", "Kubernetes")
    assert run_triage(event_name="issues", payload=edit).code == 0
    assert bot_comments(github, number) == [], writes(github)
    result = run_triage(payload={"inputs": {"issue": str(number)}, "sender": {"login": "alice"}})
    assert result.code == 0, result.err
    [ours] = bot_comments(github, number)
    assert K8S in ours


def test_a_labels_only_run_stopped_part_way_names_a_run_that_keeps_new_comments_off(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("PATCH", r"/labels/", faults.secondary_limit(retry_after=5000))
    stopped = run_triage("--issue", str(number), "--no-new-comments", payload={"inputs": {}})
    assert stopped.code == EXIT_RATE_LIMITED
    assert f"`triage run --issue {number} --no-new-comments` finishes it" in stopped.err


def test_a_stop_after_one_created_label_is_coloured_names_only_the_one_left_grey(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("PATCH", r"/labels/", faults.secondary_limit(retry_after=5000), after=1)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == EXIT_RATE_LIMITED
    assert result.err.rstrip().endswith(
        f"; #{number} was left part-way (added {TEAM}, {K8S}); "
        f"`triage run --issue {number}` finishes it, and "
        f"`triage labels sync` sets the colour and description of {K8S}"
    )


def test_an_issue_losing_several_labels_stops_whole_when_the_rate_limit_covers_only_some_of_them(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Each label removed is a request of its own: counted as one, the limit would run out
    halfway through the issue."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "The README has a typo", "in the second paragraph")
    for name in (TEAM, K8S, COMPOSE):
        github.state.add_label_event(REPO, number, name, actor=BOT)
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nThis looks like Kubernetes.")
    github.state.set_rate_budget(remaining=2 + 4, reset_at=clock.now() + 5000)  # comments, timeline
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == EXIT_RATE_LIMITED
    assert f"; no change was made to #{number}" in result.err
    assert github.log.writes() == []
    assert github.state.issue(REPO, number).labels == [TEAM, K8S, COMPOSE]


def test_an_event_run_stopped_by_the_rate_limit_says_how_to_triage_its_issue_later_and_from_when(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A batch's stop names its resume point; a run on one issue names the run that finishes it (a
    backlog's sweep can spend the hour's requests, and every event run in that hour stops). An
    event's run cannot be run again with inputs: the workflow is dispatched with them. Either,
    started before the limit resets, would stop again: the hint says when, as a batch's does."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.set_rate_budget(remaining=0, reset_at=clock.now() + 3000)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == EXIT_RATE_LIMITED
    hint = f"To triage #{number} later, re-run this job, or dispatch this workflow with issue={number}"
    hint += f" (`triage run --issue {number}`), not before 2027-01-15 08:50 UTC"
    assert result.err.rstrip().endswith(hint)
    assert hint.replace("`", "&#96;") in run_triage.summary()


def test_an_event_run_stopped_after_a_label_write_github_may_have_made_names_only_the_run_that_finishes_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The label POST answered 502 (the labels went on all the same), then refused past the wait
    budget: the stop names what may be left and the run that finishes it, as after a write known
    made, and no second way to triage the issue later."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", r"/labels$", faults.lost_response())
    github.faults.add("POST", r"/labels$", faults.secondary_limit(retry_after=5000))
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == EXIT_RATE_LIMITED
    assert result.err.rstrip().endswith(
        f"; #{number} may have been left part-way (maybe added {TEAM}, {K8S}); "
        f"`triage run --issue {number}` finishes it"
    )


@pytest.mark.parametrize("kind", ["opened", *ISSUE_RUNS])
def test_someone_elses_comment_with_our_marker_is_never_edited(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    spoof_id = github.state.add_comment(REPO, number, "mallory", f"{MARKER}\nspoofed")
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    comments = github.state.comments(REPO, number)
    assert [(c.id, c.body) for c in comments if c.author == "mallory"] == [(spoof_id, f"{MARKER}\nspoofed")]
    assert len(bot_comments(github, number)) == 1


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_our_comment_on_page_three_is_found_and_not_recreated(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    for index in range(240):
        github.state.add_comment(REPO, number, "alice", f"me too {index}")
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert [c.author for c in github.state.comments(REPO, number)].index(BOT) == 240  # page 3 of 100
    github.log.clear()
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert writes(github) == []
    assert [entry.query.get("page", "1") for entry in github.log.matching("GET", r"/comments$")] == [
        "1",
        "2",
        "3",
    ]


@pytest.mark.parametrize("kind", ISSUE_RUNS)
def test_two_bot_comments_from_a_past_race_edit_the_oldest_and_report_the_other(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=[TEAM, K8S])
    oldest = github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold one")
    newer = github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold two")
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{oldest}"]
    assert [c.body for c in github.state.comments(REPO, number)][1] == f"{MARKER}\nold two"
    assert f"duplicate bot comments left as they are: {newer}" in run_triage.summary()


@pytest.mark.parametrize("kind", ["opened", "dispatched", "batch"])
@pytest.mark.parametrize("mode", ["502", "drop"])
def test_a_lost_comment_response_leaves_exactly_one_comment_found_by_a_reread(
    github: FakeGitHub, run_triage: Runner, mode: str, kind: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.lost_response(mode=mode))
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert len(bot_comments(github, number)) == 1
    after_post = github.log.summary()[-2:]
    assert after_post == [
        f"POST /repos/{REPO}/issues/{number}/comments -> {502 if mode == '502' else None}",
        f"GET /repos/{REPO}/issues/{number}/comments -> 200",
    ]


@pytest.mark.parametrize("kind", ["opened", *ISSUE_RUNS])
def test_an_over_long_comment_is_cut_with_a_note_and_keeps_its_marker(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    """On an edit, our comment of the issue's opening is there to be edited into the long one."""
    docs = "".join(
        f"\n          - {{title: Chapter {i} {'x' * 60}, url: 'https://docs.example.com/{i}'}}"
        for i in range(1500)
    )
    rules = RULES_YAML.replace(
        'docs: [{title: Cluster installation, url: "https://docs.example.com/k8s"}]', f"docs:{docs}"
    )
    run_triage.rules.write_text(rules, encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    if kind == "edited":
        github.state.add_label_event(REPO, number, TEAM, actor=BOT)
        github.state.add_label_event(REPO, number, K8S, actor=BOT)
        github.state.add_comment(REPO, number, BOT, f"{MARKER}\nshort")
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    [comment] = bot_comments(github, number)
    assert comment.splitlines()[0] == MARKER
    assert len(comment) <= 65_536
    assert CUT_NOTE in comment
    written = github.log.matching("PATCH" if kind == "edited" else "POST", r"/comments(/\d+)?$")
    assert [entry.status for entry in written] == [200 if kind == "edited" else 201]
    assert all(entry.status is not None and entry.status < 400 for entry in github.log)


def test_an_issue_with_a_lone_surrogate_is_triaged_and_printed_like_any_other(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl \ud800 apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert "kubectl \ufffd apply fails" in run_triage.summary()


# --- events we do not act on (RELIABILITY 15) -----------------------------------------------------


def test_an_issue_a_person_gave_to_another_team_is_left_alone_with_no_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=["team/search"])
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == ["team/search"]
    assert len(github.log) == 0
    left_alone = f"#{number} unchanged: (left alone as another owner's: labelled team/search (defer_to))"
    assert left_alone in result.out


def test_an_event_sent_by_the_bot_itself_is_ignored(github: FakeGitHub, run_triage: Runner) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number, sender=BOT))
    assert (result.code, result.out) == (0, f"triage: skipped: the event was caused by {BOT} itself\n")
    assert len(github.log) == 0


def test_a_skipped_dry_run_says_it_is_one_on_its_one_line(github: FakeGitHub, run_triage: Runner) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage("--dry-run", event_name="issues", payload=issue_payload(github, number, sender=BOT))
    assert (result.code, result.out) == (
        0,
        f"triage: skipped: the event was caused by {BOT} itself (dry run: nothing written)\n",
    )


NOT_AN_ISSUE = {"number": 3, "title": "kubectl fix", "body": None}


@pytest.mark.parametrize(
    ("event_name", "payload"),
    [
        ("pull_request", {"action": "opened", "pull_request": NOT_AN_ISSUE}),
        ("issue_comment", {"action": "created", "issue": {**NOT_AN_ISSUE, "body": "kubectl"}}),
        ("issue_comment", {"action": "created", "issue": {**NOT_AN_ISSUE, "pull_request": {}}}),
        ("push", {"ref": "refs/heads/main"}),
    ],
    ids=["pull_request", "issue_comment", "issue_comment on a pull request", "push"],
)
def test_an_event_triage_does_not_handle_is_skipped_saying_how_to_keep_the_job_off_it(
    github: FakeGitHub, run_triage: Runner, event_name: str, payload: dict[str, object]
) -> None:
    """A workflow whose `on:` has more than triage needs (one it shares with other jobs, say)."""
    result = run_triage(event_name=event_name, payload={**payload, "repository": {"full_name": REPO}})
    reason = (
        f"triage run handles `issues`, `workflow_dispatch` and `schedule` events, not `{event_name}`: "
        "there is nothing to triage (keep the job to those events with `on:` in the workflow, or an `if:` "
        "on the job)"
    )
    assert (result.code, result.out, len(github.log)) == (0, f"triage: skipped: {reason}\n", 0)
    assert run_triage.summary() == f"## triage: skipped\n\n{reason.replace('`', '&#96;')}\n"


def test_an_issues_payload_about_a_pull_request_is_skipped(github: FakeGitHub, run_triage: Runner) -> None:
    payload = {"action": "opened", "issue": {"number": 3, "title": "kubectl", "pull_request": {}}}
    result = run_triage(event_name="issues", payload=payload)
    assert (result.code, result.out, len(github.log)) == (0, "triage: skipped: #3 is a pull request\n", 0)


@pytest.mark.parametrize("action", ["labeled", "closed", "deleted", "transferred"])
def test_an_issues_action_triage_does_not_handle_is_skipped_and_the_summary_says_so(
    github: FakeGitHub, run_triage: Runner, action: str
) -> None:
    """`on: issues` without `types:` starts the job for every action."""
    payload = {"action": action, "issue": {"number": 3, "title": "kubectl"}}
    result = run_triage(event_name="issues", payload=payload)
    reason = (
        f"`issues` action `{action}` is not one triage handles (opened, edited, reopened): "
        "leave it out of `on.issues.types` in the workflow, and no job starts for it"
    )
    assert (result.code, result.out, len(github.log)) == (0, f"triage: skipped: {reason}\n", 0)
    assert run_triage.summary() == f"## triage: skipped\n\n{reason.replace('`', '&#96;')}\n"


@pytest.mark.parametrize("kind", ["opened", *ISSUE_RUNS])
def test_a_null_body_is_an_empty_body(github: FakeGitHub, run_triage: Runner, kind: str) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", None)
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert len(bot_comments(github, number)) == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"action": "opened"}, "event.json: not an `issues` event payload: it has no `issue` object"),
        ({"action": "opened", "issue": {"title": "x"}}, "event.json: issue.number: missing"),
        (
            {"action": "opened", "issue": {"number": 2**31, "title": "kubectl"}},
            "event.json: issue.number: expected an issue number of at most 2147483647, GitHub's largest",
        ),
        (
            {"issue": {"number": 3, "title": "kubectl"}},
            "event.json: action: missing: an `issues` event says what happened to the issue (opened, edited, "
            "reopened...)",
        ),
    ],
    ids=["no issue", "no number", "number past GitHub's", "no action"],
)
def test_an_odd_payload_is_a_clear_error_with_no_request(
    github: FakeGitHub, run_triage: Runner, payload: object, message: str
) -> None:
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 1
    assert result.err.endswith(f"{message}\n")
    assert len(github.log) == 0


@pytest.mark.parametrize("event_name", ["issues", "workflow_dispatch"])
def test_an_event_of_another_repository_is_a_clear_error_with_no_request(
    github: FakeGitHub, run_triage: Runner, event_name: str
) -> None:
    """Its issue numbers are that repository's: #1 there is another issue here."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = {**issue_payload(github, number), "repository": {"full_name": "someone/else"}}
    result = run_triage(event_name=event_name, payload=payload)
    assert result.code == 1
    assert result.err.endswith(
        f"event.json: repository.full_name: the event is about someone/else, not {REPO} "
        "(GITHUB_REPOSITORY), whose issues triage would change\n"
    )
    assert len(github.log) == 0


def test_an_event_of_this_repository_spelt_in_another_case_is_triaged(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = {**issue_payload(github, number), "repository": {"full_name": REPO.upper()}}
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_an_unreadable_payload_is_a_clear_error_with_no_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    result = run_triage(event_name="issues", payload=None, GITHUB_EVENT_PATH="/nonexistent/event.json")
    assert result.code == 1
    assert result.err == "triage: /nonexistent/event.json: cannot read: No such file or directory\n"
    assert len(github.log) == 0


@pytest.mark.parametrize("event_name", ["issues", "workflow_dispatch"])
def test_an_event_without_a_payload_path_is_a_clear_error_with_no_request(
    github: FakeGitHub, run_triage: Runner, event_name: str
) -> None:
    """Without its payload a dispatch would lose its inputs and triage every open issue."""
    result = run_triage(event_name=event_name, payload=None)
    assert result.code == 1
    assert result.err == f"triage: GITHUB_EVENT_NAME is `{event_name}` but GITHUB_EVENT_PATH is not set\n"
    assert len(github.log) == 0


def test_a_single_issue_run_writes_its_labels_and_areas_to_the_step_outputs(
    github: FakeGitHub, run_triage: Runner
) -> None:
    triaged_on_opening(github, run_triage)
    values = dict(_parse_outputs(run_triage.outputs()))
    assert values == {"changed": "1", "labels": json.dumps([TEAM, K8S]), "areas": json.dumps(["kubernetes"])}


def test_an_issue_that_failed_after_its_labels_went_on_counts_as_failed_not_changed_in_the_outputs(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`changed` is the summary's count: the labels were written, the comment never was, and the
    issue is the summary's failed row, which says what was left; the README says so of `changed`."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", r"/comments$", faults.status(502), times=None)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert run_triage.summary().startswith("## triage: 0 changed, 0 unchanged, 0 skipped, 1 failed")
    assert dict(_parse_outputs(run_triage.outputs())) == {"changed": "0", "labels": "[]", "areas": "[]"}


@pytest.mark.parametrize("kind", ["own event", "closed when edited", "labeled"])
def test_a_skipped_event_still_sets_every_output_as_one_gone_since_its_event_does(
    github: FakeGitHub, run_triage: Runner, kind: str
) -> None:
    """A later step's `fromJSON(steps.triage.outputs.labels)` fails on an output left unset."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    if kind == "closed when edited":
        close_issue(github, number)
    action, sender = {"own event": ("opened", BOT), "labeled": ("labeled", "alice")}.get(
        kind, ("edited", "alice")
    )
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number, action=action, sender=sender)
    )
    assert result.out.startswith("triage: skipped: ")
    assert dict(_parse_outputs(run_triage.outputs())) == {"changed": "0", "labels": "[]", "areas": "[]"}


def test_a_run_that_fails_before_any_request_still_sets_every_output(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), GITHUB_TOKEN="")
    assert (result.code, len(github.log)) == (1, 0)
    assert dict(_parse_outputs(run_triage.outputs())) == {"changed": "0", "labels": "[]", "areas": "[]"}


def test_an_issue_left_to_another_team_has_none_of_our_labels_or_areas_in_the_outputs(
    github: FakeGitHub, run_triage: Runner
) -> None:
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=["team/search"])
    run_triage(event_name="issues", payload=issue_payload(github, number))
    values = dict(_parse_outputs(run_triage.outputs()))
    assert values == {"changed": "0", "labels": "[]", "areas": "[]"}


def test_an_area_whose_label_a_person_removed_is_not_in_the_outputs(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_then_unlabelled(github, run_triage, K8S)
    run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    values = dict(_parse_outputs(run_triage.outputs()))
    assert (values["labels"], values["areas"]) == (json.dumps([TEAM]), "[]")


def _parse_outputs(text: str) -> list[tuple[str, str]]:
    lines = iter(text.splitlines())
    pairs = []
    for header in lines:
        name, delimiter = header.split("<<")
        value = []
        for line in lines:
            if line == delimiter:
                break
            value.append(line)
        pairs.append((name, "\n".join(value)))
    return pairs


@pytest.mark.parametrize(
    ("location", "redirect"),
    [
        ("https://{host}/repos/octo/widgets/issues/1/labels", "from http protocol to https"),
        (
            "http://ghe.example.com/api/v3/repos/octo/widgets/issues/1/labels",
            "from host {ip} to ghe.example.com",
        ),
        (
            "http://{host}/repos/octo/widgets/issues/1/labels?again",
            "to http://{host}/repos/octo/widgets/issues/1/labels?again",
        ),
    ],
    ids=["another scheme", "another host", "the same path"],
)
def test_an_api_url_github_redirects_elsewhere_is_named_with_the_url_to_set(
    github: FakeGitHub, run_triage: Runner, location: str, redirect: str
) -> None:
    """Set by hand (Actions sets GITHUB_API_URL itself): `http://` for a server that answers on
    `https://`, or a host that sends the API elsewhere."""
    host = github.url.removeprefix("http://")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    moved = faults.status(301, {"message": "Moved Permanently"}, {"location": location.format(host=host)})
    github.faults.add("POST", r"/labels$", moved)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert result.err == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: GitHub redirected the request "
        f"{redirect.format(ip=host.split(':')[0], host=host)}: GITHUB_API_URL is {github.url}, "
        "not the API's own URL (https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server); "
        f"no change was made to #{number}\n"
    )
    assert "GITHUB_API_URL is" in run_triage.summary()
    assert github.log.writes()[0].applied is False


def test_an_opened_issue_gets_only_its_labels_when_the_action_posts_no_new_comments(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number), TRIAGE_NEW_COMMENTS="false"
    )
    assert result.code == 0, result.err
    assert writes(github) == [f"POST /repos/{REPO}/issues/{number}/labels"]
    assert len(github.log) == 1


def test_with_new_comments_off_an_edit_whose_payload_counts_no_comments_still_corrects_ours(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The payload may predate our comment; labels-only must not leave it saying what it said."""
    number = triaged_on_opening(github, run_triage)
    payload = edited_payload(github, number, "kubectl apply fails", "Kubernetes, and kubectl hangs")
    payload["issue"]["comments"] = 0
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload, TRIAGE_NEW_COMMENTS="false")
    assert result.code == 0, result.err
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{comment_id(github, number)}"]
    [comment] = bot_comments(github, number)
    assert "`kubectl` in the body, line 1" in comment


def test_an_edit_to_an_issue_left_to_another_owner_reads_nothing_whatever_its_comment_count(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its payload may count no comments where there are some, but nothing is written to it."""
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=["team/search"])
    github.log.clear()
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err
    assert len(github.log) == 0


def test_the_rerun_of_an_event_job_stopped_by_the_rate_limit_names_re_running_it_first(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """It reads the issue as a run by hand does, but it is still the event's job."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number, action="edited")
    github.state.set_rate_budget(remaining=0, reset_at=clock.now() + 3000)
    result = run_triage(event_name="issues", payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == EXIT_RATE_LIMITED
    hint = f"To triage #{number} later, re-run this job, or dispatch this workflow with issue={number}"
    assert hint in result.err


def test_an_event_job_in_a_repository_whose_issues_were_disabled_since_fails_rather_than_skips(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub's 410 for disabled issues is not an issue gone since the event: every run fails alike."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    with github.state.lock:
        github.state.repo(REPO).issues_enabled = False
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 1
    assert "gone (410): issues are disabled in this repository" in result.err
    assert "skipped" not in result.out


def _edit_triaged_before_its_opening(
    github: FakeGitHub, run_triage: Runner, title: str, body: str
) -> tuple[int, dict[str, Any]]:
    """An issue opened as `title` and `body`, edited at once into a Kubernetes one, and the `edited`
    job run before the `opened` one: its number, and the `opened` payload, taken before the edit."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, title, body)
    opened = issue_payload(github, number)
    edited = edited_payload(github, number, "kubectl apply fails", "Kubernetes")
    assert run_triage(event_name="issues", payload=edited).code == 0
    return number, opened


def test_an_opened_job_that_runs_after_the_edits_job_neither_comments_again_nor_keeps_the_old_texts_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Jobs of one issue do not always start in the order of their events: the `edited` job
    labelled and commented for the new text; the `opened` job's payload still holds the old text
    and no comment. Its label write answers with labels it did not plan: it reads the issue afresh."""
    number, opened = _edit_triaged_before_its_opening(
        github, run_triage, "docker compose up fails", "docker compose"
    )

    result = run_triage(event_name="issues", payload=opened)

    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    [comment] = bot_comments(github, number)
    assert "Kubernetes" in comment
    assert "read afresh" in run_triage.summary()


def test_an_opened_job_after_the_edits_job_does_not_add_the_fallback_the_old_text_got(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number, opened = _edit_triaged_before_its_opening(github, run_triage, "it fails", "nothing more to say")

    assert run_triage(event_name="issues", payload=opened).code == 0

    assert FALLBACK not in github.state.issue(REPO, number).labels
    assert len(bot_comments(github, number)) == 1


def _comment_deleted_as_it_is_edited(github: FakeGitHub, number: int) -> None:
    """A person deletes triage's comment after the run read it and before its edit reaches GitHub."""
    [ours] = [comment.id for comment in github.state.comments(REPO, number) if comment.author == BOT]

    def delete(state: Any) -> None:
        issue = state.find_issue(REPO, number)
        issue.comments[:] = [comment for comment in issue.comments if comment.id != ours]

    github.faults.add("PATCH", r"/issues/comments/", faults.hook(delete))


@pytest.mark.parametrize(("new_comments", "posted"), [("true", 1), ("false", 0)], ids=["on", "off"])
def test_a_comment_deleted_as_it_is_edited_is_posted_again_by_a_labelling_run_with_comments_on(
    github: FakeGitHub, run_triage: Runner, new_comments: str, posted: int
) -> None:
    number = triaged_on_opening(github, run_triage)
    _comment_deleted_as_it_is_edited(github, number)
    payload = edited_payload(github, number, "docker compose up fails", "docker compose")

    result = run_triage(event_name="issues", payload=payload, TRIAGE_NEW_COMMENTS=new_comments)

    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    comments = bot_comments(github, number)
    assert len(comments) == posted
    assert all("Docker Compose" in comment for comment in comments)


def test_a_comment_deleted_before_its_edit_lands_stays_gone_when_the_run_gives_no_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The edit moves the evidence to another line: only the comment had to change."""
    number = triaged_on_opening(github, run_triage)
    _comment_deleted_as_it_is_edited(github, number)
    [ours] = github.state.comments(REPO, number)
    payload = edited_payload(github, number, "kubectl apply fails", "Since this morning:\nKubernetes")
    github.log.clear()

    result = run_triage(event_name="issues", payload=payload)

    assert result.code == 0, result.err
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{ours.id}"]
    assert bot_comments(github, number) == []


def test_an_opened_job_read_afresh_after_its_label_write_reports_the_labels_it_wrote(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A person gave the issue a label of ours after the payload was taken; with new comments
    off, the second decision writes nothing, yet the first wrote the labels."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    opened = issue_payload(github, number)
    github.state.add_label_event(REPO, number, COMPOSE, actor="alice")

    result = run_triage(event_name="issues", payload=opened, TRIAGE_NEW_COMMENTS="false")

    assert result.code == 0, result.err
    assert f"#{number} changed: +{TEAM} +{K8S}" in result.out
    assert "1 changed, 0 unchanged" in run_triage.summary()


def opened_then_given_to_another_owner(
    github: FakeGitHub, run_triage: Runner, title: str, body: str
) -> tuple[int, Result]:
    """An issue's `opened` job run after a triager gave the issue to another owner (`defer_to`)
    once its payload was taken; the issue's number and the run."""
    rules = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')
    run_triage.rules.write_text(rules, encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, title, body)
    opened = issue_payload(github, number)
    github.state.add_label_event(REPO, number, "team/search", actor="carol")
    return number, run_triage(event_name="issues", payload=opened)


def test_an_opened_job_posts_no_comment_on_an_issue_a_person_gave_another_owner_after_its_payload(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A triager labels the new issue for another team while its job starts: the label write
    answers with that label, and the issue is read afresh and left to that owner, uncommented."""
    number, result = opened_then_given_to_another_owner(
        github, run_triage, "kubectl apply fails", "Kubernetes"
    )
    assert result.code == 0, result.err
    assert bot_comments(github, number) == []
    assert "read afresh" in run_triage.summary()
    values = dict(_parse_outputs(run_triage.outputs()))
    assert (values["labels"], values["areas"]) == ("[]", "[]")


def test_an_opened_job_takes_its_fallback_off_an_issue_a_person_gave_another_owner_after_its_payload(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Read afresh, the issue is another owner's: the fallback the job had just put there asks who
    owns it, which is answered, and goes as at any re-triage; no comment is posted."""
    number, result = opened_then_given_to_another_owner(github, run_triage, "README typo", "second paragraph")
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == ["team/search"]
    assert bot_comments(github, number) == []


VERSION_QUESTION = "Which version of the product do you run?"
RULES_ASKING_THE_VERSION = RULES_YAML.replace(
    "        keywords: [kubernetes, kubectl]\n",
    "        keywords: [kubernetes, kubectl]\n"
    f"        asks: [{{question: {VERSION_QUESTION}, answered_by: ['\\b\\d+\\.\\d+']}}]\n",
)


def asked_for_the_version_on_opening(github: FakeGitHub, run_triage: Runner) -> int:
    """A Kubernetes issue naming no version, triaged when opened under rules that ask for one."""
    run_triage.rules.write_text(RULES_ASKING_THE_VERSION, encoding="utf-8")
    number = triaged_on_opening(github, run_triage, body="On our Kubernetes cluster")
    assert f"- {VERSION_QUESTION}" in bot_comments(github, number)[0]
    return number


def test_an_edit_that_answers_the_comments_question_edits_the_comment_in_place_without_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = asked_for_the_version_on_opening(github, run_triage)
    payload = edited_payload(github, number, "kubectl apply fails", "On our Kubernetes cluster, on 3.41.0")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert writes(github) == [f"PATCH /repos/{REPO}/issues/comments/{comment_id(github, number)}"]
    [comment] = bot_comments(github, number)
    assert VERSION_QUESTION not in comment
    assert "please add" not in comment


def test_an_edit_that_leaves_the_same_questions_unanswered_writes_nothing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = asked_for_the_version_on_opening(github, run_triage)
    payload = edited_payload(github, number, "kubectl apply fails", "On our Kubernetes cluster, since Monday")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert writes(github) == []
    assert f"- {VERSION_QUESTION}" in bot_comments(github, number)[0]


RULES_ASKING_OUTSIDE_REPORTERS = RULES_ASKING_THE_VERSION.replace(
    "answered_by: ['\\b\\d+\\.\\d+']}", "answered_by: ['\\b\\d+\\.\\d+'], reporters: outside}"
)


def opened_by(github: FakeGitHub, run_triage: Runner, association: str) -> int:
    """A Kubernetes issue naming no version, opened by someone GitHub places so, triaged when opened
    under rules that ask outside reporters for the version; its number."""
    assert RULES_ASKING_OUTSIDE_REPORTERS != RULES_ASKING_THE_VERSION
    run_triage.rules.write_text(RULES_ASKING_OUTSIDE_REPORTERS, encoding="utf-8")
    add_managed_labels(github)
    github.state.associate(REPO, "carol", association)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster", author="carol")
    github.log.clear()
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    return number


@pytest.mark.parametrize("association", ["MEMBER", "OWNER", "COLLABORATOR"])
def test_a_question_for_outside_reporters_is_not_asked_on_an_issue_the_repositorys_people_open(
    github: FakeGitHub, run_triage: Runner, association: str
) -> None:
    number = opened_by(github, run_triage, association)
    [comment] = bot_comments(github, number)
    assert VERSION_QUESTION not in comment
    assert "please add" not in comment


def test_a_question_for_outside_reporters_is_asked_on_an_issue_anyone_else_opens(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = opened_by(github, run_triage, "NONE")
    assert f"- {VERSION_QUESTION}" in bot_comments(github, number)[0]


@pytest.mark.parametrize("association", ["MEMBER", "NONE"])
def test_the_reporters_association_costs_an_opened_issue_no_request(
    github: FakeGitHub, run_triage: Runner, association: str
) -> None:
    """The payload carries it: the two writes are all an opened issue costs, as without asks."""
    number = opened_by(github, run_triage, association)
    assert github.log.summary() == [
        f"POST /repos/{REPO}/issues/{number}/labels -> 200",
        f"POST /repos/{REPO}/issues/{number}/comments -> 201",
    ]


def a_members_issue_and_an_outsiders(github: FakeGitHub, run_triage: Runner) -> tuple[int, int]:
    """Two issues alike but for their reporters (a member, then someone outside), under rules that
    ask the version of outside reporters."""
    run_triage.rules.write_text(RULES_ASKING_OUTSIDE_REPORTERS, encoding="utf-8")
    add_managed_labels(github)
    github.state.associate(REPO, "carol", "MEMBER")
    member = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster", author="carol")
    outsider = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster", author="dave")
    return member, outsider


def test_a_members_issue_read_by_a_dispatched_run_is_not_asked_the_outside_question(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A run that reads the issue through the API takes the association from the JSON it got."""
    member, outsider = a_members_issue_and_an_outsiders(github, run_triage)
    for number in (member, outsider):
        assert run_on(github, run_triage, "dispatched", number).code == 0
    assert VERSION_QUESTION not in bot_comments(github, member)[0]
    assert f"- {VERSION_QUESTION}" in bot_comments(github, outsider)[0]


def test_a_batch_takes_the_reporters_association_from_the_issue_list(
    github: FakeGitHub, run_triage: Runner
) -> None:
    member, outsider = a_members_issue_and_an_outsiders(github, run_triage)
    assert run_on(github, run_triage, "batch", member).code == 0
    assert VERSION_QUESTION not in bot_comments(github, member)[0]
    assert f"- {VERSION_QUESTION}" in bot_comments(github, outsider)[0]
    assert github.log.count("GET", rf"/issues/({member}|{outsider})$") == 0
