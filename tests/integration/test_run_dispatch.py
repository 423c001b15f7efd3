"""`triage run` by hand (`workflow_dispatch`): one issue, or a batch of every open issue."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, NamedTuple

import pytest

from tests.fakegithub import BOT, REPO, TOKEN, FakeClock, FakeGitHub, faults, max_in_window, min_gap
from tests.fakegithub.state import State
from tests.integration.conftest import (
    COMPOSE,
    FALLBACK,
    K8S,
    RULES_YAML,
    TEAM,
    Result,
    Runner,
    add_managed_labels,
    bot_comments,
    close_issue,
    edit_issue,
    enterprise_server,
    issue_payload,
    triaged_on_opening,
    writes,
)
from triage.backoff import primary_reserve
from triage.errors import EXIT_RATE_LIMITED
from triage.marker import MARKER


def dispatch(**inputs: str) -> dict[str, object]:
    return {"inputs": inputs, "sender": {"login": "alice"}}


def add_issues(github: FakeGitHub, count: int, *, every_pr: int = 0) -> list[int]:
    return [
        github.state.add_issue(
            REPO,
            f"Problem {index}",
            "kubectl on Kubernetes" if index % 2 else "nothing to see",
            pull_request=bool(every_pr) and index % every_pr == 0,
            updated_at=1_700_000_000 + index,
        )
        for index in range(count)
    ]


def batch_with_a_fault(
    github: FakeGitHub, run_triage: Runner, issue: int, request: str, fault: faults.Fault
) -> tuple[list[int], Result]:
    """Four issues (every other one matches) triaged by a dispatch, while every POST of `request`
    (`labels`, `comments`) for the `issue`-th of them meets `fault`; their numbers and the run."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.faults.add("POST", rf"/issues/{numbers[issue]}/{request}$", fault, times=None)
    return numbers, run_triage(payload=dispatch())


def rate_limited_batch(github: FakeGitHub, clock: FakeClock) -> list[int]:
    """Ten issues (every other one matches) and 12 requests left until the reset in 3000 s, beside
    the reserve a batch leaves: the primary rate limit stops the batch partway, unless the run may
    wait that long."""
    add_managed_labels(github)
    numbers = add_issues(github, 10)
    github.state.set_rate_budget(
        limit=5000, remaining=12 + primary_reserve(5000), reset_at=clock.now() + 3000
    )
    return numbers


class Stopped(NamedTuple):
    numbers: list[int]
    done: list[int]
    """The issues the stopped run labelled."""
    since: str
    """The resume point its stop printed."""


def stopped_batch(github: FakeGitHub, run_triage: Runner, clock: FakeClock) -> Stopped:
    """`rate_limited_batch` run until the limit stops it, then the clock moved past the reset."""
    numbers = rate_limited_batch(github, clock)
    stopped = run_triage(payload=dispatch())
    done = [n for n in numbers if github.state.issue(REPO, n).labels]
    since = stopped.err.split("since=")[1].split(" ")[0]
    clock.advance(3000)
    return Stopped(numbers, done, since)


def test_dispatch_with_an_issue_number_reads_it_then_triages_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert github.log.summary() == [
        f"GET /repos/{REPO}/issues/{number} -> 200",
        f"GET /repos/{REPO}/issues/{number}/timeline -> 200",
        f"POST /repos/{REPO}/issues/{number}/labels -> 200",
        f"POST /repos/{REPO}/issues/{number}/comments -> 201",
    ]


def test_dispatch_of_an_issue_in_a_locked_conversation_gives_it_labels_and_no_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.lock_issue(REPO, number)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert github.log.count("POST", r"/comments$") == 0


def test_a_batch_triages_the_least_recently_updated_issue_first_whatever_the_numbers(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The resume point of a stopped batch is an update time: the issues before it must be done."""
    add_managed_labels(github)
    newer = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_100)
    older = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_000)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    written = dict.fromkeys(int(entry.path.split("/")[5]) for entry in github.log.writes())
    assert list(written) == [older, newer]


def test_dispatch_on_a_pull_request_number_skips_it(github: FakeGitHub, run_triage: Runner) -> None:
    number = github.state.add_issue(REPO, "kubectl fix", pull_request=True)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert f"#{number} skipped: pull request" in result.out
    assert run_triage.summary() == f"## triage: skipped\n\n#{number} skipped: pull request\n"
    assert writes(github) == []


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"issue": "abc"}, "inputs.issue: expected an issue number (a positive integer), got 'abc'"),
        ({"issue": "-1"}, "inputs.issue: expected an issue number (a positive integer), got '-1'"),
        (
            {"since": "2024-02-30"},
            "inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '2024-02-30'",
        ),
        ({"dry-run": "maybe"}, 'inputs.dry-run: expected "true" or "false", got \'maybe\''),
    ],
)
def test_invalid_dispatch_inputs_are_a_clear_error_with_no_request(
    github: FakeGitHub, run_triage: Runner, inputs: dict[str, str], message: str
) -> None:
    result = run_triage(payload=dispatch(**inputs))
    assert result.code == 1
    assert result.err == f"triage: {run_triage.workdir / 'event.json'}: {message}\n"
    assert len(github.log) == 0


@pytest.mark.parametrize(("key", "ours"), [("dryRun", "dry-run"), ("newComments", "new-comments")])
def test_a_dispatch_input_of_ours_in_camel_case_is_refused_before_any_request_not_ignored(
    github: FakeGitHub, run_triage: Runner, key: str, ours: str
) -> None:
    """Ignored, `dryRun: true` would make a real run, and `newComments: false` a sweep that
    comments on every issue it labels."""
    add_managed_labels(github)
    github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload=dispatch(**{key: "true" if ours == "dry-run" else "false"}))
    assert (result.code, result.err) == (
        1,
        f"triage: {run_triage.workdir / 'event.json'}: inputs.{key}: not an input of triage; "
        f"did you mean `{ours}`?\n",
    )
    assert len(github.log) == 0


def test_a_dispatch_naming_its_issue_in_issue_number_is_refused_before_any_request_not_run_as_a_batch(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`issue_number` is GitHub's own name for it (the REST API's, github-script's), which a
    workflow written for another tool may already declare."""
    add_managed_labels(github)
    numbers = [github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes") for _ in range(2)]
    result = run_triage(payload=dispatch(issue_number=str(numbers[0])))
    assert result.code == 1
    assert result.err.endswith(
        "inputs.issue_number: not an input of triage, which reads the issue to triage from `issue` alone: "
        "without it this run would triage every open issue; name the workflow's input `issue`\n"
    )
    assert len(github.log) == 0


def test_a_dispatch_naming_its_issue_in_issue_number_passed_on_as_the_issue_flag_triages_that_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A workflow whose step runs `triage run --issue "${{ inputs.issue_number }}"` names the issue:
    the run is not the batch over every open issue the refusal is there to prevent."""
    add_managed_labels(github)
    numbers = [github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes") for _ in range(2)]
    result = run_triage("--issue", str(numbers[0]), payload=dispatch(issue_number=str(numbers[0])))
    assert result.code == 0, result.err
    assert [github.state.issue(REPO, n).labels for n in numbers] == [[TEAM, K8S], []]


def test_a_bad_issue_flag_is_a_clear_error_with_no_request(github: FakeGitHub, run_triage: Runner) -> None:
    result = run_triage("--issue", "abc", payload=dispatch())
    assert (result.code, result.err) == (
        1,
        "triage: --issue: expected an issue number (a positive integer), got 'abc'\n",
    )
    assert len(github.log) == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            "bad-token",
            "the token was rejected (401 Bad credentials): GITHUB_TOKEN (in the action, its `token` input) "
            "is not a token GitHub knows, or it has expired or been revoked",
        ),
        ("issues-disabled", "gone (410): issues are disabled in this repository"),
    ],
)
def test_a_refusal_is_not_retried_and_exits_1(
    github: FakeGitHub, run_triage: Runner, setup: str, message: str
) -> None:
    env = {"GITHUB_TOKEN": "ghs_wrong"} if setup == "bad-token" else {"GITHUB_REPOSITORY": "octo/no-issues"}
    github.state.add_repo("octo/no-issues", issues_enabled=False)
    result = run_triage(payload=dispatch(issue="1"), **env)
    assert result.code == 1
    assert result.err.endswith(f"/issues/1: {message}\n")
    assert len(github.log) == 1


def test_a_batch_whose_listing_is_refused_still_writes_its_summary(
    github: FakeGitHub, run_triage: Runner
) -> None:
    result = run_triage(payload=dispatch(), GITHUB_TOKEN="ghs_wrong")
    assert result.code == 1
    assert result.err == (
        f"triage: listing the open issues: GET /repos/{REPO}/issues: the token was rejected "
        "(401 Bad credentials): GITHUB_TOKEN (in the action, its `token` input) is not a token GitHub "
        "knows, or it has expired or been revoked\n"
    )
    assert "> [!CAUTION]" in run_triage.summary()


def interrupt_the_listing(github: FakeGitHub, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C, or a cancelled job, while the listing waits to retry a 502."""

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    github.faults.add("GET", rf"/repos/{REPO}/issues$", faults.status(502))
    monkeypatch.setattr(clock, "sleep", interrupted)


def test_a_batch_interrupted_while_listing_stops_with_its_summary_and_nothing_done(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a stop at a limit."""
    interrupt_the_listing(github, clock, monkeypatch)
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    message = "interrupted while listing the open issues, before any was triaged; run it again"
    assert message in result.err
    assert message in run_triage.summary()
    assert github.log.writes() == []


def test_a_labels_only_sweep_stopped_while_listing_says_to_run_it_again_labels_only(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_the_listing(github, clock, monkeypatch)
    result = run_triage(payload=dispatch(**{"new-comments": "false"}))
    assert result.code == EXIT_RATE_LIMITED
    assert (
        "before any was triaged; run it again with new-comments=false (`triage run --no-new-comments`)"
        in result.err
    )


def test_a_sweep_stopped_while_listing_says_to_run_it_again_with_its_since_and_label(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_the_listing(github, clock, monkeypatch)
    result = run_triage(payload=dispatch(since="2024-04-01", label="bug"))
    assert result.code == EXIT_RATE_LIMITED
    assert (
        "run it again with label=bug since=2024-04-01 (`triage run --label bug --since 2024-04-01`)"
        in result.err
    )


def test_a_batch_out_of_rate_limit_while_listing_stops_before_any_issue_with_how_to_run_it_again(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """150 open issues take two pages to list, and the hour's requests end after the first; the
    budget renews at 09:23:20, so a run may start again from 09:24."""
    add_managed_labels(github)
    add_issues(github, 150)
    github.state.set_rate_budget(remaining=1, reset_at=clock.now() + 5000)
    result = run_triage(payload=dispatch(since="2020-01-01"))
    assert result.code == EXIT_RATE_LIMITED
    assert result.err.startswith(
        f"triage: stopped while listing the open issues, before any was triaged: GET /repos/{REPO}/issues "
        "was rate limited by GitHub: "
    )
    assert result.err.endswith(
        "; run it again with since=2020-01-01 (`triage run --since 2020-01-01`), "
        "not before 2027-01-15 09:24 UTC\n"
    )
    assert "stopped while listing the open issues" in run_triage.summary()
    assert github.log.summary() == [f"GET /repos/{REPO}/issues -> 200", f"GET /repos/{REPO}/issues -> 403"]


def test_a_missing_issue_fails_clearly_without_retrying(github: FakeGitHub, run_triage: Runner) -> None:
    result = run_triage(payload=dispatch(issue="404"))
    assert result.code == 1
    assert result.err == (
        f"triage: GET /repos/{REPO}/issues/404: not found (404): the repository, issue or comment "
        "does not exist or the token cannot see it\n"
    )
    assert len(github.log) == 1


def test_a_deleted_issue_is_named_as_deleted_not_as_issues_disabled(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails")
    github.state.delete_issue(REPO, number)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 1
    assert result.err == f"triage: GET /repos/{REPO}/issues/{number}: gone (410): the issue was deleted\n"
    assert len(github.log) == 1


def test_a_transferred_issue_is_named_with_its_new_place_and_left_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_repo("octo/elsewhere")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    moved = github.state.transfer_issue(REPO, number, "octo/elsewhere")
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 1
    assert result.err == (
        f"triage: GET /repos/{REPO}/issues/{number}: moved (301): the issue was transferred to "
        f"octo/elsewhere as #{moved}; triage it there\n"
    )
    assert github.log.writes() == []
    assert github.state.issue("octo/elsewhere", moved).labels == []


def test_an_issue_read_under_a_renamed_repositorys_former_name_names_the_rename_not_a_transfer(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub redirects the issue as it does a transferred one; the repository itself, read once
    more, tells the two apart: the fix is the run's GITHUB_REPOSITORY, not the issue's new home."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.rename_repo(REPO, "octo/gadgets")
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 1
    assert result.err == (
        f"triage: GET /repos/{REPO}/issues/{number}: moved (301): the repository {REPO} was renamed to "
        "octo/gadgets; run with GITHUB_REPOSITORY=octo/gadgets\n"
    )
    assert github.log.writes() == []


def test_a_token_without_issues_write_is_named_and_the_batch_stops_counting_the_issues_left(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_user("reader", "ghs_read", permission="read")
    add_managed_labels(github)
    add_issues(github, 4)
    result = run_triage(payload=dispatch(), GITHUB_TOKEN="ghs_read")
    assert result.code == 1
    assert (
        "403 Resource not accessible by integration: the token lacks the `issues: write` permission"
        in result.err
    )
    assert len(github.log.writes()) == 1
    heading = run_triage.summary().splitlines()[0]
    assert heading == "## triage: 0 changed, 0 unchanged, 0 skipped, 1 failed, 3 left"


# --- batches (RELIABILITY 7, 10) ---------------------------------------------------------------------


def test_a_batch_skips_pull_requests_and_says_how_many(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 20, every_pr=10)
    pull_requests = {numbers[0], numbers[10]}
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert "triage: open issues to triage: 18; pull requests skipped: 2" in result.out.splitlines()
    assert {int(entry.path.split("/")[5]) for entry in github.log.writes()} == set(numbers) - pull_requests


def test_a_batch_of_a_few_hundred_issues_prints_its_progress_every_fifty(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    add_issues(github, 270)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    progress = [line.split()[0] for line in result.out.splitlines() if line.startswith("[")]
    assert progress == ["[50/270]", "[100/270]", "[150/270]", "[200/270]", "[250/270]", "[270/270]"]


def test_a_batch_reads_its_issues_from_the_listing_pages_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    add_issues(github, 270)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert (github.log.count("GET", r"/issues$"), github.log.count("GET", r"/issues/\d+$")) == (3, 0)


def test_a_batch_of_a_few_hundred_issues_writes_one_request_at_a_time_paced_within_the_content_limit(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub's secondary rate limit: no concurrent requests, a second between writes, and at most 80
    requests that create content a minute."""
    add_managed_labels(github)
    add_issues(github, 270)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert max(entry.overlapping for entry in github.log) == 0
    assert min_gap(github.log.writes()) == pytest.approx(1.0)
    assert max_in_window(github.log.content_creating(), 60) <= 80


def test_a_batch_processes_each_issue_once_while_pages_shift(github: FakeGitHub, run_triage: Runner) -> None:
    """The oldest issue, closed, is reopened while page 2 is read: listed in order of creation it
    comes back on page 1, already read, and pushes the others down, so page 2 repeats the last issue
    of page 1. Each of the 150 issues listed gets its labels once; the reopened one is not listed."""
    add_managed_labels(github)
    reopened, *listed = add_issues(github, 151)
    with github.state.lock:
        github.state.require_issue(REPO, reopened).state = "closed"

    def reopen_the_oldest(state: State) -> None:  # the server holds the state's lock for a hook
        state.require_issue(REPO, reopened).state = "open"

    github.faults.add("GET", r"/issues$", faults.hook(reopen_the_oldest), query={"page": "2"})
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    label_posts = [entry.path for entry in github.log.matching("POST", r"/labels$")]
    assert sorted(label_posts) == sorted(f"/repos/{REPO}/issues/{number}/labels" for number in listed)


def test_a_dispatched_issue_that_fails_after_it_was_read_has_its_title_and_link_in_the_summary(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(502), times=None)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 1
    assert (
        f"| [#{number}](https://github.com/{REPO}/issues/{number}) kubectl apply fails |"
        in run_triage.summary()
    )


def batch_where_a_person_closes_an_issue_after_the_listing(
    github: FakeGitHub, run_triage: Runner
) -> tuple[list[int], int, Result]:
    """Four issues, the second and the fourth matching; the fourth is closed as the second is labelled."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    closed_later = numbers[3]

    def a_person_closes_it(state: State) -> None:
        issue = state.find_issue(REPO, closed_later)
        assert issue is not None
        issue.state, issue.closed_at = "closed", github.clock.now()

    github.faults.add("POST", rf"/issues/{numbers[1]}/labels$", faults.hook(a_person_closes_it))
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    return numbers, closed_later, result


def test_a_batch_leaves_alone_an_issue_a_person_closed_after_the_listing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its labels are settled, as for an edit to a closed issue, and a comment would notify its
    subscribers after it was closed; a batch that waits out the rate limits reaches its last issues
    hours after it listed them."""
    numbers, closed_later, result = batch_where_a_person_closes_an_issue_after_the_listing(github, run_triage)
    assert github.state.issue(REPO, closed_later).labels == []
    assert github.state.comments(REPO, closed_later) == []
    assert f"#{closed_later} skipped: closed meanwhile: its labels are settled" in result.out
    assert github.state.issue(REPO, numbers[1]).labels == [TEAM, K8S]


def test_the_summary_of_a_batch_names_an_issue_closed_after_the_listing_and_why_it_was_skipped(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A batch of over 200 issues prints no line for it, and the counts alone do not say which it was."""
    _, closed_later, _ = batch_where_a_person_closes_an_issue_after_the_listing(github, run_triage)
    [row] = [line for line in run_triage.summary().splitlines() if f"#{closed_later}]" in line]
    assert "| skipped: closed meanwhile: its labels are settled " in row


def test_a_batch_rerun_writes_nothing(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    add_issues(github, 20)
    run_triage(payload=dispatch())
    github.log.clear()
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert writes(github) == []
    assert "triage: done: 0 changed, 20 unchanged, 0 skipped, 0 failed" in result.out


def test_a_batch_reads_comments_and_timelines_only_where_needed(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    triaged = github.state.add_issue(REPO, "kubectl", "Kubernetes", labels=[TEAM, K8S])
    github.state.add_comment(REPO, triaged, BOT, "unrelated")
    fresh = github.state.add_issue(REPO, "kubectl", "Kubernetes")
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    reads = [
        entry.path for entry in github.log if entry.method == "GET" and not entry.path.endswith("/issues")
    ]
    assert reads == [f"/repos/{REPO}/issues/{triaged}/comments", f"/repos/{REPO}/issues/{fresh}/timeline"]


def test_a_batch_edits_the_comment_an_event_run_posted_after_the_listing_instead_of_posting_another(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    first = github.state.add_issue(REPO, "kubectl fails", "Kubernetes", updated_at=1_700_000_000)
    second = github.state.add_issue(REPO, "kubectl fails too", "Kubernetes", updated_at=1_700_000_001)

    def event_run_on_the_second_issue(state: object) -> None:
        github.state.add_label_event(REPO, second, TEAM, actor=BOT)
        github.state.add_label_event(REPO, second, K8S, actor=BOT)
        github.state.add_comment(REPO, second, BOT, f"{MARKER}\nAn older wording of the comment.")

    event_run = faults.hook(event_run_on_the_second_issue)
    github.faults.add("POST", rf"/issues/{first}/labels$", event_run, times=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    comments = github.state.require_issue(REPO, second).comments
    assert len(comments) == 1
    assert "An older wording" not in comments[0].body
    assert github.log.count("PATCH", rf"/issues/comments/{comments[0].id}$") == 1


def test_batch_filters_by_label_and_since(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    old = github.state.add_issue(REPO, "kubectl", "k", labels=["bug"], updated_at="2020-01-01")
    new = github.state.add_issue(REPO, "kubectl", "k", labels=["bug"], updated_at="2026-06-01")
    other = github.state.add_issue(REPO, "kubectl", "k", updated_at="2026-06-01")
    result = run_triage(payload=dispatch(label="bug", since="2026-01-01"))
    assert result.code == 0, result.err
    assert {entry.path.split("/")[5] for entry in github.log.writes()} == {str(new)}
    assert "triage: open issues to triage: 1; pull requests skipped: 0" in result.out
    assert {old, other}.isdisjoint(int(e.path.split("/")[5]) for e in github.log if "/issues/" in e.path)


def test_a_batch_by_a_label_no_issue_carries_says_so_and_that_the_name_may_be_wrong(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub lists nothing, without an error, for a label the repository does not have."""
    github.state.add_issue(REPO, "kubectl", "k", labels=["bug"])
    result = run_triage(payload=dispatch(label="Bug report", since="2026-01-01"))
    assert result.code == 0, result.err
    assert (
        "triage: no open issue updated since 2026-01-01 carries the label 'Bug report'; GitHub lists none, "
        "without an error, for a label the repository does not have: check its name as the repository's "
        "labels page writes it\n"
    ) in result.out
    assert github.log.writes() == []


def test_a_batch_by_a_label_no_issue_carries_within_a_span_says_the_span_as_one(
    github: FakeGitHub, run_triage: Runner
) -> None:
    result = run_triage(payload=dispatch(label="Bug report", since="26h"))
    assert result.code == 0, result.err
    assert (
        "triage: no open issue updated in the 26h before this run carries the label 'Bug report';"
        in result.out
    )


def test_a_batch_by_a_label_some_issue_carries_says_nothing_of_its_name(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_issue(REPO, "kubectl", "k", labels=["bug"])
    result = run_triage(payload=dispatch(label="bug"))
    assert result.code == 0, result.err
    assert "carries the label" not in result.out


def test_a_batch_stops_cleanly_when_the_rate_limit_resets_too_late(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers = rate_limited_batch(github, clock)
    listed_until = _iso(int(max(github.state.issue(REPO, n).updated_at for n in numbers)) + 1)
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    states = {n: (github.state.issue(REPO, n).labels, github.state.comments(REPO, n)) for n in numbers}
    untouched = [n for n, (labels, comments) in states.items() if not labels and not comments]
    finished = [n for n in numbers if n not in untouched]
    assert finished == numbers[: len(finished)], "the issues done come first"
    assert untouched, "the budget runs out before the end"
    for number in finished:
        labels, comments = states[number]
        matched = number % 2 == 0
        assert labels == ([TEAM, K8S] if matched else ["needs-triage"])
        assert len(comments) == (1 if matched else 0), f"#{number} half-applied"
    first_pending = github.state.issue(REPO, untouched[0])
    assert result.err.startswith(
        f"triage: stopped after {len(finished)} of 10 issues (last done: #{finished[-1]}): "
    )
    resume = f"{_iso(first_pending.updated_at)},{untouched[0]},{listed_until}"
    assert result.err.rstrip().endswith(f"`triage run --since {resume}`), not before 2027-01-15 08:50 UTC")
    assert max(clock.sleeps) == 1.0, "write pacing only: no wait for the far-away reset"
    assert "> [!WARNING]" in run_triage.summary()


def test_a_larger_wait_budget_waits_for_the_reset_and_finishes_the_batch(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers = rate_limited_batch(github, clock)
    result = run_triage("--max-wait-minutes", "60", payload=dispatch())
    assert result.code == 0, result.err
    assert all(github.state.issue(REPO, n).labels for n in numbers)
    assert 2900 < max(clock.sleeps) <= 3000


def test_a_wait_for_the_reset_is_said_in_the_log_before_it_starts(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A run that waits most of an hour for the reset would otherwise look hung in the job's log."""
    rate_limited_batch(github, clock)
    result = run_triage("--max-wait-minutes", "60", payload=dispatch())
    assert result.code == 0, result.err
    [said] = [line for line in result.err.splitlines() if "waiting" in line]
    assert said.startswith("triage: GitHub's rate limit has ")
    assert said.endswith(f"waiting {max(clock.sleeps):.0f} s (until 2027-01-15 08:50 UTC)")


def test_a_stop_on_the_primary_limit_says_how_few_requests_are_left_and_how_many_the_issue_needs(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """One request is left above a batch's reserve when the second issue's writes (its labels, its
    comment, and a colour fix for each of two labels GitHub might create) come up."""
    add_managed_labels(github)
    add_issues(github, 4)
    github.state.set_rate_budget(limit=5000, remaining=5 + 100, reset_at=clock.now() + 3000)
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    assert (
        "GitHub's rate limit has 101 requests left until it resets, and the issue's writes may take 4, "
        "beside the 100 a batch leaves to the runs on new issues: "
    ) in result.err


def test_a_wait_budget_from_the_environment_waits_for_the_reset_as_the_flag_does(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The action's `max-wait-minutes` input reaches triage as TRIAGE_MAX_WAIT_MINUTES."""
    numbers = rate_limited_batch(github, clock)
    result = run_triage(payload=dispatch(), TRIAGE_MAX_WAIT_MINUTES="60")
    assert result.code == 0, result.err
    assert all(github.state.issue(REPO, n).labels for n in numbers)


def test_an_empty_wait_budget_in_the_environment_keeps_the_default(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The action passes its `max-wait-minutes` input left empty as an empty variable: the run still
    has the default 15 minutes (900 s) to wait, not none, and stops only as the 3000 s reset needs more."""
    rate_limited_batch(github, clock)
    result = run_triage(payload=dispatch(), TRIAGE_MAX_WAIT_MINUTES="")
    assert result.code == EXIT_RATE_LIMITED
    assert "would exceed the retry wait budget (900 s of 900 s left)" in result.err


def test_a_batch_stops_cleanly_between_issues_at_its_time_limit_and_counts_those_left(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 10)
    result = run_triage("--max-minutes", "0.1", payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    done = [n for n in numbers if github.state.issue(REPO, n).labels]
    assert 0 < len(done) < 10
    assert done == numbers[: len(done)]
    assert all(len(github.state.comments(REPO, n)) == (1 if n % 2 == 0 else 0) for n in done)
    reached = f"(last done: #{done[-1]}): the batch's time limit of 0.1 minutes (max-minutes) is reached. "
    assert f"{reached}To resume" in result.err
    assert "not before" not in result.err, "nothing to wait for: the next run may start at once"
    counts = run_triage.summary().splitlines()[0].removeprefix("## triage: ")
    assert counts == f"{len(done)} changed, 0 unchanged, 0 skipped, 0 failed, {10 - len(done)} left"


def test_a_batch_stopped_at_its_time_limit_after_many_writes_names_when_the_next_may_start(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A new run does not know this one's writes and plans GitHub's hour less the event runs' 25
    for itself: started at once, the two would pass GitHub's 500 together, and an issue opened then
    would find its writes refused. So the stop names when at most 25 of them are still in the hour."""
    add_managed_labels(github)
    add_issues(github, 80)
    result = run_triage("--max-minutes", "0.5", payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    moments = [entry.time for entry in github.log.writes()]
    assert len(moments) > 25
    named = result.err.split("not before ")[1][:20]
    at = datetime.strptime(named, "%Y-%m-%d %H:%M UTC").replace(tzinfo=UTC).timestamp()
    assert moments[-26] + 3600 <= at <= moments[-26] + 3600 + 60


def test_a_batch_does_not_wait_past_its_time_limit_for_the_rate_limit_but_stops_before_the_wait(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The wait (10 minutes, within the 15 of the wait budget) would end past `max-minutes` (5): a
    job whose timeout sits just above it would be killed while waiting."""
    numbers = rate_limited_batch(github, clock)
    github.state.set_rate_budget(limit=5000, remaining=12 + primary_reserve(5000), reset_at=clock.now() + 600)
    started = clock.now()
    result = run_triage("--max-minutes", "5", payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    assert clock.now() - started < 5 * 60
    assert max(clock.sleeps) == 1.0, "write pacing only: no wait for the reset"
    done = [n for n in numbers if github.state.issue(REPO, n).labels]
    assert 0 < len(done) < 10
    stopped_at = numbers[len(done)]
    said = "would pass the batch's time limit of 5 minutes (max-minutes)"
    said += f"; no change was made to #{stopped_at}"
    assert said in result.err


def test_a_retry_after_a_5xx_halfway_through_an_issue_near_the_time_limit_finishes_the_issue(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A second's backoff that ends just past `max-minutes` carries no risk of the job's timeout;
    stopping for it left the issue with its labels and not its comment, which the next nightly
    sweep (it finds the labels on) would never post."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    later = github.state.add_issue(REPO, "kubectl apply fails again", "Kubernetes")
    near_the_limit = faults.hook(lambda state: clock.advance(5 * 60 - 1.4))
    github.faults.add("POST", rf"/issues/{number}/labels$", near_the_limit, times=1)
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(502), times=1)
    result = run_triage("--max-minutes", "5", payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    assert len(bot_comments(github, number)) == 1
    assert github.state.issue(REPO, later).labels == []
    assert (
        f"stopped after 1 of 2 issues (last done: #{number}): the batch's time limit of 5 minutes"
        in result.err
    )


@pytest.mark.parametrize(
    ("name", "action_input"),
    [("TRIAGE_MAX_MINUTES", "max-minutes"), ("TRIAGE_MAX_WAIT_MINUTES", "max-wait-minutes")],
)
def test_a_time_limit_from_the_environment_that_is_not_a_number_names_the_variable_and_the_actions_input(
    github: FakeGitHub, run_triage: Runner, name: str, action_input: str
) -> None:
    result = run_triage(payload=dispatch(), **{name: "soon"})
    assert result.code == 1
    assert result.err == (
        f"triage: {name} (the action's `{action_input}`): expected a positive number of minutes, got 'soon'\n"
    )
    assert len(github.log) == 0


@pytest.mark.parametrize("value", ["0", "-5", "inf", "nan"])
def test_a_time_limit_that_is_not_a_positive_finite_number_of_minutes_is_refused(
    github: FakeGitHub, run_triage: Runner, value: str
) -> None:
    result = run_triage(payload=dispatch(), TRIAGE_MAX_MINUTES=value)
    assert result.code == 1
    assert result.err == (
        f"triage: TRIAGE_MAX_MINUTES (the action's `max-minutes`): expected a positive number of minutes, "
        f"got {value!r}\n"
    )
    assert len(github.log) == 0


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_batch_resumed_with_the_hint_finishes_the_job(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers = rate_limited_batch(github, clock)
    stopped = run_triage(payload=dispatch())
    since = stopped.err.split("since=")[1].split(" ")[0]
    clock.advance(3000)
    result = run_triage(payload=dispatch(since=since))
    assert result.code == 0, result.err
    matched = [n for n in numbers if n % 2 == 0]
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in matched)
    assert all(len([c for c in github.state.comments(REPO, n) if c.author == BOT]) == 1 for n in matched)


def test_a_resumed_batch_does_not_read_again_the_issues_the_stopped_run_changed(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers, done, since = stopped_batch(github, run_triage, clock)
    github.log.clear()
    result = run_triage(payload=dispatch(since=since))
    assert result.code == 0, result.err
    assert f"open issues to triage: {len(numbers) - len(done)};" in result.out
    assert f"; left out, updated since the stop with the labels the rules want: {len(done)}\n" in result.out
    assert not [entry for entry in github.log if any(f"/issues/{n}/" in entry.path for n in done)]


def test_a_resume_does_not_credit_its_earlier_runs_with_an_issue_an_event_run_labelled_since(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    _, done, since = stopped_batch(github, run_triage, clock)
    new = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    assert run_triage(event_name="issues", payload=issue_payload(github, new)).code == 0
    result = run_triage(payload=dispatch(since=since))
    assert result.code == 0, result.err
    said = f"left out, updated since the stop with the labels the rules want: {len(done) + 1}\n"
    assert said in result.out
    assert "done by the earlier runs" not in result.out


def test_a_resume_point_inside_one_second_starts_at_its_issue(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    numbers = [
        github.state.add_issue(REPO, "kubectl fails", "Kubernetes", updated_at=1_700_000_000)
        for _ in range(4)
    ]
    resume = f"{_iso(1_700_000_000)},{numbers[2]},{_iso(1_700_000_001)}"
    result = run_triage(payload=dispatch(since=resume))
    assert result.code == 0, result.err
    assert [n for n in numbers if github.state.issue(REPO, n).labels] == numbers[2:]


def resume_hint(err: str) -> str:
    return err.split("since=")[1].split(" ", maxsplit=1)[0]


def test_a_resume_triages_an_issue_a_person_touched_after_the_stop(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers = rate_limited_batch(github, clock)
    stopped = run_triage(payload=dispatch())
    pending = [n for n in numbers if not github.state.issue(REPO, n).labels]
    clock.advance(3000)
    github.state.add_comment(REPO, pending[-1], "alice", "any news?")  # moves its updated_at past UNTIL
    with github.state.lock:
        github.state.require_issue(REPO, pending[-1]).updated_at = clock.now()
    result = run_triage(payload=dispatch(since=resume_hint(stopped.err)))
    assert result.code == 0, result.err
    assert [n for n in pending if not github.state.issue(REPO, n).labels] == []


def test_a_resume_finishes_the_issue_the_stop_left_part_way(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.faults.add("POST", rf"/issues/{numbers[1]}/comments$", faults.secondary_limit(retry_after=5000))
    stopped = run_triage(payload=dispatch())
    assert f"#{numbers[1]} got its labels, and its comment may not have been posted" in stopped.err
    clock.advance(6000)
    result = run_triage(payload=dispatch(since=resume_hint(stopped.err)))
    assert result.code == 0, result.err
    assert [c.author for c in github.state.comments(REPO, numbers[1])] == [BOT]


def unreadable_bodies(path: Path) -> Callable[..., BinaryIO]:
    """A batch's temporary file of issue bodies that takes them and gives none back, as a failing
    disk would: a file open for writing alone (every read of it fails: EBADF)."""
    return lambda **_: path.open("wb", buffering=0)


def test_a_batch_whose_file_of_bodies_fails_to_give_one_back_stops_before_that_issue_to_resume_there(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_managed_labels(github)
    first = github.state.add_issue(
        REPO, "kubectl apply fails", "", updated_at=1_700_000_000
    )  # none put aside
    later = [
        github.state.add_issue(
            REPO, f"Problem {index}", "kubectl on Kubernetes", updated_at=1_700_000_001 + index
        )
        for index in range(2)
    ]
    made = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", unreadable_bodies(tmp_path / "bodies"))
    stopped = run_triage(payload=dispatch())
    assert stopped.code == EXIT_RATE_LIMITED
    assert github.state.issue(REPO, first).labels == [TEAM, K8S]
    assert not [entry for entry in github.log if any(f"/issues/{n}" in entry.path for n in later)]
    assert (
        f"triage: stopped after 1 of 3 issues (last done: #{first}): cannot read the body of #{later[0]} "
        "back from the batch's temporary file of issue bodies: [Errno 9] Bad file descriptor. To resume "
        f"from #{later[0]}, run again with since="
    ) in stopped.err
    assert run_triage.summary().startswith("## triage: 1 changed, 0 unchanged, 0 skipped, 0 failed, 2 left\n")
    monkeypatch.setattr(tempfile, "TemporaryFile", made)
    resumed = run_triage(payload=dispatch(since=resume_hint(stopped.err)))
    assert resumed.code == 0, resumed.err
    assert [github.state.issue(REPO, n).labels for n in later] == [[TEAM, K8S]] * 2


def test_a_resume_whose_recheck_of_an_issue_cannot_read_its_body_stops_at_that_issues_turn(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check of an issue the stopped run may have done reads its body before any issue is
    triaged: it keeps the issue, whose own turn, reading the body again, stops the batch there."""
    add_managed_labels(github)
    named = github.state.add_issue(REPO, "kubectl apply fails", "", updated_at=1_700_000_000)
    touched = github.state.add_issue(
        REPO, "Problem", "kubectl on Kubernetes", labels=[TEAM], updated_at=1_700_000_100
    )
    monkeypatch.setattr(tempfile, "TemporaryFile", unreadable_bodies(tmp_path / "bodies"))
    resume = f"{_iso(1_700_000_000)},{named},{_iso(1_700_000_001)}"
    stopped = run_triage(payload=dispatch(since=resume))
    assert stopped.code == EXIT_RATE_LIMITED
    assert github.state.issue(REPO, named).labels == [TEAM, K8S]
    assert github.state.issue(REPO, touched).labels == [TEAM]
    assert (
        f"triage: stopped after 1 of 2 issues (last done: #{named}): cannot read the body of #{touched} back "
        "from the batch's temporary file of issue bodies: [Errno 9] Bad file descriptor. To resume from "
        f"#{touched}, run again with since="
    ) in stopped.err


def test_the_resume_hint_of_a_batch_filtered_by_label_keeps_the_filter(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers = rate_limited_batch(github, clock)
    for number in numbers:
        github.state.add_label_event(REPO, number, "bug", actor="alice")
    stopped = run_triage(payload=dispatch(label="bug"))
    since = resume_hint(stopped.err)
    assert f"run again with label=bug since={since} (`triage run --label bug --since {since}`)" in stopped.err


def test_the_resume_hint_of_a_batch_the_rate_limit_stopped_says_when_the_next_run_may_start(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Dispatched at once, the next run meets the limit this one would not wait for (for GitHub's
    hourly window of writes, which no new run knows was used, it spends its wait budget on refusals)."""
    rate_limited_batch(github, clock)
    stopped = run_triage(payload=dispatch())
    since = resume_hint(stopped.err)
    hint = f"run again with since={since} (`triage run --since {since}`), not before 2027-01-15 08:50 UTC"
    assert hint in stopped.err


def test_a_batch_the_rate_limit_stopped_while_listing_says_when_to_run_it_again(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_issues(github, 3)
    github.state.set_rate_budget(limit=5000, remaining=0, reset_at=clock.now() + 3000)
    stopped = run_triage(payload=dispatch(**{"new-comments": "false"}))
    assert stopped.code == EXIT_RATE_LIMITED
    hint = (
        "run it again with new-comments=false (`triage run --no-new-comments`), not before 2027-01-15 08:50"
    )
    assert hint in stopped.err


def test_a_stop_halfway_through_an_issue_says_exactly_what_was_left_undone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.faults.add("POST", rf"/issues/{numbers[1]}/comments$", faults.secondary_limit(retry_after=5000))
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED
    told = (
        f"; #{numbers[1]} got its labels, and its comment may not have been posted "
        f"(`triage run --issue {numbers[1]}` posts it if it is missing). "
    )
    assert f"{told}To resume from #{numbers[1]}, " in result.err
    assert github.state.issue(REPO, numbers[2]).labels == []


def test_a_rate_budget_that_only_covers_labels_that_exist_stops_before_the_issue(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.set_rate_budget(remaining=5, reset_at=clock.now() + 5000)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == EXIT_RATE_LIMITED
    assert f"; no change was made to #{number}" in result.err
    assert github.log.writes() == []


def test_a_rate_budget_the_reads_used_up_stops_the_issue_before_any_write_is_sent(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A write sent into an exhausted limit is refused anyway, and GitHub may ban an integration
    that keeps sending requests while it is rate limited."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.set_rate_budget(remaining=2, reset_at=clock.now() + 5000)  # the issue, its timeline
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == EXIT_RATE_LIMITED
    assert f"; no change was made to #{number}" in result.err
    assert github.log.summary()[-1] == f"GET /repos/{REPO}/issues/{number}/timeline -> 200"
    assert github.log.writes() == []


def test_an_issue_whose_only_write_is_a_comment_edit_waits_for_the_rate_limit_like_any_other(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=[TEAM, K8S])
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nan older text")
    github.state.set_rate_budget(remaining=2, reset_at=clock.now() + 5000)  # the issue, its comments
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == EXIT_RATE_LIMITED
    assert f"; no change was made to #{number}" in result.err
    assert github.log.summary()[-1] == f"GET /repos/{REPO}/issues/{number}/comments -> 200"
    assert github.log.writes() == []


@pytest.mark.parametrize(
    ("fault", "wait"),
    [
        (faults.secondary_limit(retry_after=61), 61),
        (faults.secondary_limit(retry_after=None), 60),
        (faults.too_many_requests(), 60),
        (faults.too_many_requests(retry_after=61), 61),
    ],
    ids=["403-retry-after", "403-no-retry-after", "429", "429-retry-after"],
)
def test_a_secondary_limit_in_a_batch_is_waited_out(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock, fault: faults.Fault, wait: int
) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 6)
    github.faults.add("POST", r"/labels$", fault, after=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert wait in clock.sleeps
    assert [github.state.issue(REPO, n).labels for n in numbers] == [[FALLBACK], [TEAM, K8S]] * 3
    refused = github.log.matching("POST", r"/labels$")[1]
    assert (refused.status, refused.applied) == (fault.status, False)
    assert [e.path for e in github.log.matching("POST", r"/labels$")].count(refused.path) == 2


@pytest.mark.parametrize(
    ("fault", "attempts"),
    [(faults.status(422, {"message": "Validation Failed"}), 1), (faults.status(502), 5)],
    ids=["422-not-retried", "502-retried-to-the-limit"],
)
def test_an_issue_that_fails_is_reported_and_the_batch_goes_on(
    github: FakeGitHub, run_triage: Runner, fault: faults.Fault, attempts: int
) -> None:
    numbers, result = batch_with_a_fault(github, run_triage, 1, "labels", fault)
    assert result.code == 1
    assert f"#{numbers[1]} failed" in result.out
    assert github.log.count("POST", rf"/issues/{numbers[1]}/labels$") == attempts
    assert github.state.issue(REPO, numbers[3]).labels == [TEAM, K8S]
    assert run_triage.summary().splitlines()[0].endswith(", 0 skipped, 1 failed")


def test_a_label_write_github_never_answered_says_the_labels_may_be_on_not_that_nothing_changed(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A 502 or a dropped connection can come after GitHub added the labels: "no change was made"
    would be false, and leave the issue labelled with no comment, which no later batch posts."""
    numbers, result = batch_with_a_fault(github, run_triage, 1, "labels", faults.lost_response())
    assert result.code == 1
    assert (
        f"[2/4] #{numbers[1]} failed: POST /repos/{REPO}/issues/{numbers[1]}/labels: GitHub kept failing "
        in (result.out)
    )
    assert (
        f"after 5 attempts; #{numbers[1]} may have been left part-way (maybe added {TEAM}, {K8S}); "
        f"`triage run --issue {numbers[1]}` finishes it\n"
    ) in result.out
    assert github.state.issue(REPO, numbers[1]).labels == [TEAM, K8S]


def test_a_label_removal_github_never_answered_is_named_beside_the_writes_made(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_label_event(REPO, number, COMPOSE, actor=BOT)
    github.faults.add("DELETE", r"/labels/", faults.lost_response(mode="drop"), times=None)
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert (
        f"#{number} was left part-way (added {TEAM}, {K8S}; maybe removed {COMPOSE}); "
        f"`triage run --issue {number}` finishes it"
    ) in result.out


def test_a_comment_edit_github_never_answered_says_the_comment_may_be_stale_not_that_nothing_changed(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The issue's one write is its comment's edit, which a 502 may hide: "no change was made" would
    be false, and "may not have been posted" would send one looking for a comment that is there."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=[TEAM, K8S])
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nan older text")
    github.faults.add("PATCH", r"/issues/comments/\d+$", faults.lost_response(), times=None)
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert (
        f"after 5 attempts; #{number} has its labels, and its comment may not have been updated "
        f"(`triage run --issue {number}` updates it)\n"
    ) in result.out


def test_a_comment_post_github_never_answered_on_an_issue_needing_no_label_may_have_posted_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=[TEAM, K8S])
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.status(502), times=None)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 1
    assert result.err.endswith(
        f"; #{number} has its labels, and its comment may not have been posted "
        f"(`triage run --issue {number}` posts it if it is missing)\n"
    )


def test_a_batch_whose_issues_failed_ends_naming_them_and_the_retry(
    github: FakeGitHub, run_triage: Runner
) -> None:
    numbers, result = batch_with_a_fault(github, run_triage, 1, "labels", faults.status(422))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"triage: 1 of 4 issues failed (#{numbers[1]}): each one's line above says why, and "
        "`triage run --issue N` retries one"
    )


@pytest.mark.parametrize(
    ("inputs", "kept"),
    [({"new-comments": "false"}, "--no-new-comments"), ({"dry-run": "true"}, "--dry-run")],
    ids=["labels-only", "dry-run"],
)
def test_a_batch_whose_issues_failed_names_a_retry_with_its_own_settings(
    github: FakeGitHub, run_triage: Runner, inputs: dict[str, str], kept: str
) -> None:
    """The retry of a labels-only sweep's issue posts no comment, and a dry run's writes nothing."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.faults.add("GET", rf"/issues/{numbers[1]}/timeline$", faults.status(422), times=None)
    result = run_triage(payload=dispatch(**inputs))
    assert result.code == 1
    assert result.err.splitlines()[0].endswith(f"`triage run --issue N {kept}` retries one")


def test_in_actions_a_batch_whose_issues_failed_puts_them_on_the_run_page(
    github: FakeGitHub, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    numbers, result = batch_with_a_fault(github, run_triage, 1, "labels", faults.status(422))
    assert result.err.splitlines()[-1].startswith(
        f"::error title=triage::1 of 4 issues failed (#{numbers[1]}): "
    )


def test_an_issue_github_refuses_more_labels_fails_alone_naming_why_with_nothing_written(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub holds at most 100 labels on an issue and refuses the whole label write past that: a
    422, not retried, and no comment after it, which would claim labels the issue lacks."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    crowded = [f"tag-{index}" for index in range(99)]
    for name in crowded:
        github.state.add_label_event(REPO, numbers[1], name, actor="alice")
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert (
        f"[2/4] #{numbers[1]} failed: POST /repos/{REPO}/issues/{numbers[1]}/labels: 422 Validation Failed. "
        f"Issues cannot have more than 100 labels; no change was made to #{numbers[1]}"
    ) in result.out
    assert github.log.count("POST", rf"/issues/{numbers[1]}/") == 1
    assert github.state.issue(REPO, numbers[1]).labels == crowded
    assert github.state.issue(REPO, numbers[3]).labels == [TEAM, K8S]


def test_a_locked_issue_gets_its_labels_and_no_comment_and_the_batch_goes_on(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.state.lock_issue(REPO, numbers[1])
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert github.state.issue(REPO, numbers[1]).labels == [TEAM, K8S]
    assert github.log.count("POST", rf"/issues/{numbers[1]}/comments$") == 0
    assert len(github.state.comments(REPO, numbers[3])) == 1
    assert "conversation locked: no comment" in run_triage.summary()


def test_an_issue_locked_after_the_listing_keeps_its_labels_and_the_batch_goes_on_without_failing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The listing said it was open to comments; GitHub's 403 is about this issue, not the token,
    and leaves it as an issue locked before the listing: labelled, with no comment."""
    refusal = faults.status(403, {"message": "Unable to create comment because issue is locked."})
    numbers, result = batch_with_a_fault(github, run_triage, 1, "comments", refusal)
    assert result.code == 0, result.err
    assert len(github.state.comments(REPO, numbers[3])) == 1
    assert github.state.comments(REPO, numbers[1]) == []
    assert github.state.issue(REPO, numbers[1]).labels != []
    assert run_triage.summary().splitlines()[0].endswith(", 0 skipped, 0 failed")
    line = next(line for line in result.out.splitlines() if f" #{numbers[1]} " in line)
    assert line.endswith("changed: +team/distribution +deploy: k8s ☸ (conversation locked: no comment)")


def test_a_batch_reads_no_comments_of_an_issue_another_owner_has(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """With `defer_to`, nothing is written to such an issue, so its comments cannot matter."""
    add_managed_labels(github)
    theirs = github.state.add_issue(REPO, "kubectl", "Kubernetes", labels=["team/search"])
    github.state.add_comment(REPO, theirs, "bob", "a comment")
    run_triage.rules.write_text(
        run_triage.rules.read_text(encoding="utf-8").replace(
            "version: 1\n", "version: 1\ndefer_to: [team/*]\n"
        ),
        encoding="utf-8",
    )
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert github.log.count("GET", rf"/issues/{theirs}/comments$") == 0
    assert writes(github) == []


def test_a_batch_stopped_by_a_refusal_that_fails_every_issue_still_reports_what_it_did(
    github: FakeGitHub, run_triage: Runner
) -> None:
    refusal = faults.status(403, {"message": "Resource not accessible by integration"})
    _, result = batch_with_a_fault(github, run_triage, 3, "labels", refusal)
    assert result.code == 1
    assert "the token lacks the `issues: write` permission" in result.err
    summary = run_triage.summary()
    assert summary.splitlines()[0] == "## triage: 3 changed, 0 unchanged, 0 skipped, 1 failed"
    assert "> [!CAUTION]" in summary


def test_a_token_rejected_part_way_through_a_batch_stops_it_at_that_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """An App's installation token expires after an hour; from then on every request gets a 401,
    so the batch stops rather than failing each remaining issue in turn."""
    rejected = faults.status(401, {"message": "Bad credentials"})
    numbers, result = batch_with_a_fault(github, run_triage, 1, "labels", rejected)
    assert result.code == 1
    assert (
        "the token was rejected (401 Bad credentials): GITHUB_TOKEN (in the action, its `token` input)"
        in result.err
    )
    assert [github.state.issue(REPO, n).labels for n in numbers[2:]] == [[], []]
    assert not any(f"/issues/{numbers[2]}" in entry.path for entry in github.log)


def test_a_token_that_writes_as_another_login_than_the_bot_login_stops_the_batch_at_its_first_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Left unchecked, every later run would miss its own comment and post another."""
    github.state.add_user("acme-triage[bot]", "ghs_app")
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    result = run_triage(payload=dispatch(), GITHUB_TOKEN="ghs_app")
    assert result.code == 1
    assert result.err == (
        "triage: the token writes as acme-triage[bot], but the bot login is github-actions[bot]: "
        f"#{numbers[1]} has its labels and its comment, posted as acme-triage[bot]; set bot-login "
        "(--bot-login, TRIAGE_BOT_LOGIN) to acme-triage[bot], or triage will not know that comment "
        "as its own and will post another on every run\n"
    )
    assert github.state.issue(REPO, numbers[1]).labels == [TEAM, K8S]
    assert github.log.count("POST", r"/comments$") == 1
    assert github.state.issue(REPO, numbers[3]).labels == []
    assert "> [!CAUTION]" in run_triage.summary()


def test_a_bot_login_given_in_another_case_than_the_tokens_login_is_that_login(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload=dispatch(issue=str(number)), TRIAGE_BOT_LOGIN="GitHub-Actions[bot]")
    assert result.code == 0, result.err
    assert [c.author for c in github.state.comments(REPO, number)] == [BOT]


def test_a_batch_reads_no_comments_of_an_issue_with_nothing_to_say_and_none_of_our_labels(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """No comment of ours can be on it to correct, and no comment will be posted."""
    add_managed_labels(github)
    unmatched = github.state.add_issue(REPO, "The README has a typo", "second paragraph")
    github.state.add_comment(REPO, unmatched, "bob", "me too")
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert github.log.count("GET", rf"/issues/{unmatched}/comments$") == 0


def test_a_scheduled_run_triages_the_open_issues_updated_within_its_span(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A cron sweep catches what event runs missed (a rate limit, an outage), not the whole backlog."""
    add_managed_labels(github)
    old = github.state.add_issue(REPO, "kubectl", "Kubernetes", updated_at=clock.now() - 3 * 86400)
    recent = github.state.add_issue(REPO, "kubectl", "Kubernetes", updated_at=clock.now() - 3600)
    result = run_triage(event_name="schedule", payload={"schedule": "0 3 * * *"}, TRIAGE_SINCE="26h")
    assert result.code == 0, result.err
    assert github.state.issue(REPO, recent).labels == [TEAM, K8S]
    assert github.state.issue(REPO, old).labels == []


def test_a_bad_span_for_scheduled_runs_is_named_as_the_actions_since_input(
    github: FakeGitHub, run_triage: Runner
) -> None:
    result = run_triage(event_name="schedule", payload={"schedule": "0 3 * * *"}, TRIAGE_SINCE="yesterday")
    assert result.code == 1
    assert result.err.startswith("triage: TRIAGE_SINCE (the action's `since`): expected a date,")
    assert len(github.log) == 0


def _stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_dispatch_since_after_the_runs_start_is_refused_before_any_request_not_an_empty_batch(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A year typed wrong lists no issue: the run would end well having triaged nothing."""
    add_managed_labels(github)
    github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload=dispatch(since="2999-01-01"))
    assert (result.code, result.err) == (
        1,
        f"triage: {run_triage.workdir / 'event.json'}: inputs.since: 2999-01-01T00:00:00Z is after this "
        f"run's start ({_stamp(clock.now())}): no issue has been updated since then, so the run would "
        "triage nothing. A date is midnight UTC; give an earlier one, a span back from the start (26h, "
        "7d), or leave it empty for every open issue\n",
    )
    assert len(github.log) == 0


def test_a_resume_point_whose_time_is_an_hour_after_the_runs_start_is_refused_naming_the_flag(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    ahead = _stamp(clock.now() + 3600)
    result = run_triage("--since", f"{ahead},7,{ahead}", event_name="", payload=None)
    assert result.code == 1
    assert result.err.startswith(f"triage: --since: {ahead} is after this run's start")
    assert len(github.log) == 0


def test_a_since_minutes_after_the_runs_start_is_taken_as_clocks_that_differ_a_little(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload=dispatch(since=_stamp(clock.now() + 300)))
    assert result.code == 0, result.err
    assert github.log.count("GET", r"/issues$") == 1


def test_an_issues_event_ignores_the_span_meant_for_scheduled_runs(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes")
    other = github.state.add_issue(REPO, "kubectl", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), TRIAGE_SINCE="26h")
    assert result.code == 0, result.err
    assert github.state.issue(REPO, other).labels == []
    assert github.log.count("GET", r"/issues$") == 0


def test_an_issue_transferred_during_a_batch_is_skipped_and_nothing_is_written_in_its_new_repository(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub answers 301 for it and PyGithub would follow with the same POST: into another
    repository, whose rules are not ours to apply."""
    github.state.add_repo("octo/elsewhere")
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    moved: list[int] = []

    def transfer(state: object) -> None:
        if not moved:
            moved.append(github.state.transfer_issue(REPO, numbers[1], "octo/elsewhere"))

    github.faults.add("POST", rf"/issues/{numbers[0]}/labels$", faults.hook(transfer), times=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    elsewhere = github.state.repo("octo/elsewhere").id
    assert (
        f"#{numbers[1]} skipped: gone since the listing: POST /repos/{REPO}/issues/{numbers[1]}/labels: "
        "moved (301): the issue was transferred (or its repository renamed) to the repository with id "
        f"{elsewhere} as #{moved[0]}; triage it there"
    ) in result.out
    assert github.state.issue("octo/elsewhere", moved[0]).labels == []
    assert github.state.comments("octo/elsewhere", moved[0]) == []
    assert github.state.issue(REPO, numbers[3]).labels == [TEAM, K8S]


def test_an_issue_deleted_during_a_batch_is_skipped_and_the_batch_succeeds(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub answers 404 for a deleted issue's timeline, 410 for the issue itself: one read of
    the issue tells the 404 from a real one."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)

    def delete(state: object) -> None:
        github.state.delete_issue(REPO, numbers[1])

    github.faults.add("POST", rf"/issues/{numbers[0]}/labels$", faults.hook(delete), times=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert (
        f"#{numbers[1]} skipped: gone since the listing: GET /repos/{REPO}/issues/{numbers[1]}: "
        "gone (410): the issue was deleted"
    ) in result.out
    assert github.log.count("GET", rf"/issues/{numbers[1]}/timeline$") == 1
    assert github.log.count("GET", rf"/issues/{numbers[1]}$") == 1
    assert github.state.issue(REPO, numbers[3]).labels == [TEAM, K8S]


GONE_WAYS = pytest.mark.parametrize(
    ("go", "why"),
    [
        (lambda state, number: state.delete_issue(REPO, number), "gone (410): the issue was deleted"),
        (lambda state, number: state.transfer_issue(REPO, number, "octo/elsewhere"), "moved (301)"),
    ],
    ids=["deleted", "transferred"],
)
"""An issue deleted, or transferred to another repository, while a batch runs; what GitHub then says."""


@GONE_WAYS
def test_the_summary_row_of_an_issue_gone_during_a_batch_links_to_its_page_and_says_it_is_gone(
    github: FakeGitHub, run_triage: Runner, go: Callable[[State, int], object], why: str
) -> None:
    github.state.add_repo("octo/elsewhere")
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.faults.add(
        "POST", rf"/issues/{numbers[0]}/labels$", faults.hook(lambda state: go(state, numbers[1])), times=1
    )
    assert run_triage(payload=dispatch()).code == 0
    starts = (f"| #{numbers[1]} ", f"| [#{numbers[1]}]")
    [row] = [line for line in run_triage.summary().splitlines() if line.startswith(starts)]
    assert row.startswith(
        f"| [#{numbers[1]}](https://github.com/{REPO}/issues/{numbers[1]}) Problem 1 |  |  |  |  | "
        "skipped: gone since the listing: "
    )
    assert why in row


@GONE_WAYS
def test_an_issue_gone_between_its_labels_and_comment_is_told_what_was_written_not_how_to_finish_it(
    github: FakeGitHub, run_triage: Runner, go: Callable[[State, int], object], why: str
) -> None:
    """`triage run --issue N` cannot finish an issue that is no longer there: it would be refused."""
    github.state.add_repo("octo/elsewhere")
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    gone = faults.hook(lambda state: go(state, numbers[1]))
    github.faults.add("POST", rf"/issues/{numbers[1]}/comments$", gone, times=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    [line] = [line for line in result.out.splitlines() if line.startswith(f"[2/4] #{numbers[1]} ")]
    assert line.startswith(
        f"[2/4] #{numbers[1]} skipped: gone since the listing: "
        f"POST /repos/{REPO}/issues/{numbers[1]}/comments: "
    )
    assert why in line
    assert line.endswith(f"; triage had written to #{numbers[1]} before it went (added {TEAM}, {K8S})")
    assert github.state.issue(REPO, numbers[3]).labels == [TEAM, K8S]


def test_a_rate_limit_on_the_read_after_a_timeline_404_stops_the_batch_at_that_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The read that tells a deleted issue from a real 404 is limited like any other: the batch
    stops there, to resume at that issue, rather than fail it on the 404 and go on."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)

    def delete(state: object) -> None:
        github.state.delete_issue(REPO, numbers[1])

    github.faults.add("POST", rf"/issues/{numbers[0]}/labels$", faults.hook(delete), times=1)
    github.faults.add("GET", rf"/issues/{numbers[1]}$", faults.primary_limit(reset_in=3600), times=None)
    result = run_triage(payload=dispatch())
    assert result.code == EXIT_RATE_LIMITED, result.out + result.err
    assert f"#{numbers[1]} failed" not in result.out
    assert result.err.startswith(f"triage: stopped after 1 of 4 issues (last done: #{numbers[0]}): ")
    assert github.state.issue(REPO, numbers[2]).labels == []


def test_a_404_for_the_timeline_of_an_issue_that_is_still_there_fails_that_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = add_issues(github, 2)[1]
    github.faults.add("GET", rf"/issues/{number}/timeline$", faults.status(404, {"message": "Not Found"}))
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert f"#{number} failed: GET /repos/{REPO}/issues/{number}/timeline" in result.out
    assert github.log.count("GET", rf"/issues/{number}$") == 1  # the one read that tells it is there


def test_a_timeline_404_whose_issue_read_keeps_failing_fails_that_issue_on_the_404_and_the_batch_goes_on(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The read that would tell a deleted issue from a real 404 gets 5xx to the end: the issue
    cannot be called gone, so it fails on what was seen, and the next one is done."""
    add_managed_labels(github)
    first, later = add_issues(github, 3)[1:]
    github.faults.add("GET", rf"/issues/{first}/timeline$", faults.status(404, {"message": "Not Found"}))
    github.faults.add("GET", rf"/issues/{first}$", faults.status(502), times=None)
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert (
        f"#{first} failed: GET /repos/{REPO}/issues/{first}/timeline: not found (404): the repository, "
        "issue or comment does not exist or the token cannot see it"
    ) in result.out
    assert github.log.count("GET", rf"/issues/{first}$") > 1
    assert not [entry for entry in github.log.writes() if f"/issues/{first}/" in entry.path]
    assert github.state.issue(REPO, later).labels == [FALLBACK]


def test_a_token_writing_as_another_login_whose_comment_response_is_lost_still_posts_only_once(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The re-read after the lost answer finds the comment just sent, though not under bot-login."""
    github.state.add_user("acme-triage[bot]", "ghs_app")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", rf"/issues/{number}/comments$", faults.lost_response(mode="drop"), times=1)
    result = run_triage(payload=dispatch(issue=str(number)), GITHUB_TOKEN="ghs_app")
    assert result.code == 1
    assert (
        "Either the token writes as acme-triage[bot]: set bot-login (--bot-login, TRIAGE_BOT_LOGIN) to "
        "acme-triage[bot]"
    ) in result.err
    assert [c.author for c in github.state.comments(REPO, number)] == ["acme-triage[bot]"]


def copy_of_the_lost_comment(github: FakeGitHub, number: int, author: str) -> faults.Fault:
    """A person posting, as triage's comment POST is lost, the very text it sent: seen by the re-read
    that follows."""

    def post_the_same_text(state: State) -> None:
        sent = github.log.matching("POST", rf"/issues/{number}/comments$")[-1].body
        assert isinstance(sent, dict)
        state.add_comment(REPO, number, author, sent["body"])

    return faults.hook(post_the_same_text)


def test_a_person_posting_our_text_as_our_comment_is_lost_is_named_beside_a_token_of_another_login(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """After a lost answer, triage cannot tell a token writing as another login from that login
    posting the same text: the stop names both, so a correct bot login is not changed on its word."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add(
        "POST", rf"/issues/{number}/comments$", faults.lost_response(after_apply=False, mode="drop")
    )
    github.faults.add(
        "GET", rf"/issues/{number}/comments$", copy_of_the_lost_comment(github, number, "alice")
    )
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        f"triage: #{number} has its labels; GitHub's answer to its comment was lost, and the comments read "
        f"again show one with triage's text by alice, not by the bot login {BOT}. Either the token writes "
        "as alice: set bot-login (--bot-login, TRIAGE_BOT_LOGIN) to alice, or triage will not know that "
        "comment as its own and will post another on every run; or alice posted the same text meanwhile "
        f"and triage's comment was not posted: the bot login is right, and `triage run --issue {number}` "
        "posts it"
    )
    assert [c.author for c in github.state.comments(REPO, number)] == ["alice"]


def test_once_an_answer_showed_the_token_writes_as_the_bot_login_a_copy_of_a_lost_comment_is_not_ours(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The batch's first comment came back under the bot login, which is the token's for the whole
    run: another login's comment with the text of a later lost one is a person's, and triage posts
    its own."""
    add_managed_labels(github)
    first, second = (github.state.add_issue(REPO, f"kubectl apply fails {n}", "Kubernetes") for n in (1, 2))
    github.faults.add(
        "POST", rf"/issues/{second}/comments$", faults.lost_response(after_apply=False, mode="drop")
    )
    github.faults.add(
        "GET", rf"/issues/{second}/comments$", copy_of_the_lost_comment(github, second, "alice")
    )
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert [c.author for c in github.state.comments(REPO, first)] == [BOT]
    assert [c.author for c in github.state.comments(REPO, second)] == ["alice", BOT]


def test_a_batch_stopped_by_a_failing_comment_template_still_reports_what_it_did(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    (tmp_path / "comment.md.j2").write_text("{{ 1 // (teams | length) }}\n", encoding="utf-8")
    rules = run_triage.rules.read_text(encoding="utf-8")
    run_triage.rules.write_text(
        rules.replace("thresholds:", "comment: {template: comment.md.j2, on_no_match: short}\nthresholds:"),
        encoding="utf-8",
    )
    add_managed_labels(github)
    matching = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_001)
    github.state.add_issue(REPO, "The README has a typo", "second paragraph", updated_at=1_700_000_002)
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert "ZeroDivisionError" in result.err
    summary = run_triage.summary()
    assert summary.splitlines()[0] == "## triage: 1 changed, 0 unchanged, 0 skipped, 1 failed"
    assert "> [!CAUTION]" in summary
    assert github.state.issue(REPO, matching).labels == [TEAM, K8S]


def test_a_lost_comment_answer_is_not_mistaken_for_a_former_bots_comment_with_the_same_text(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """After a move to another bot login, the old login's comment reads the same: it is older than
    the plan, so the re-read does not take it for the one just sent, and the POST goes again."""
    github.state.add_user("old-bot[bot]", "ghs_old")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    run_triage(payload=dispatch(issue=str(number)), GITHUB_TOKEN="ghs_old", TRIAGE_BOT_LOGIN="old-bot[bot]")
    github.faults.add(
        "POST", rf"/issues/{number}/comments$", faults.lost_response(after_apply=False), times=1
    )
    result = run_triage(payload=dispatch(issue=str(number)), GITHUB_TOKEN=TOKEN, TRIAGE_BOT_LOGIN=BOT)
    assert result.code == 0, result.err
    assert [c.author for c in github.state.comments(REPO, number)] == ["old-bot[bot]", BOT]


def test_a_batch_summary_has_a_chart_of_issues_per_area(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    add_issues(github, 6)
    run_triage(payload=dispatch())
    assert '```mermaid\npie title Issues per area\n    "kubernetes" : 3\n```' in run_triage.summary()


def test_a_batch_on_github_enterprise_reads_every_page_and_writes_under_its_api_path(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner
) -> None:
    """GITHUB_API_URL such as https://ghe.example.com/api/v3: the listing's `Link` pages, the reads
    and the writes all go there; none to the default API (here the other fake)."""
    with enterprise_server(clock) as enterprise:
        numbers = add_issues(enterprise, 150)
        result = run_triage(payload=dispatch(), GITHUB_API_URL=enterprise.url)
        assert result.code == 0, result.err
        assert [entry.query.get("page") for entry in enterprise.log.matching("GET", r"/issues$")] == [
            None,
            "2",
        ]
        assert {entry.status for entry in enterprise.log} == {200, 201}  # a path outside /api/v3 is a 404
        assert len(enterprise.log.matching("POST", r"/comments$")) == len(numbers) // 2
    assert len(github.log) == 0


def test_a_closed_issue_dispatched_by_number_is_triaged(github: FakeGitHub, run_triage: Runner) -> None:
    """A run by hand is asked for: only an event's re-run leaves a closed issue alone."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    close_issue(github, number)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


@pytest.mark.parametrize(
    ("arguments", "inputs", "env"),
    [
        ((), {"new-comments": "false"}, {}),
        (("--no-new-comments",), {}, {}),
        ((), {}, {"TRIAGE_NEW_COMMENTS": "false"}),
    ],
    ids=["dispatch input", "flag", "action input"],
)
def test_a_batch_with_new_comments_off_gives_labels_and_posts_no_comment(
    github: FakeGitHub,
    run_triage: Runner,
    arguments: tuple[str, ...],
    inputs: dict[str, str],
    env: dict[str, str],
) -> None:
    """A first sweep of old issues: a comment would notify every subscriber of each."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    github.state.add_comment(REPO, numbers[1], "alice", "still happening")
    result = run_triage(*arguments, payload=dispatch(**inputs), **env)
    assert result.code == 0, result.err
    assert "new comments off" in result.out
    assert "New comments off" in run_triage.summary()
    assert writes(github) == [f"POST /repos/{REPO}/issues/{n}/labels" for n in numbers]
    assert github.log.count("GET", r"/comments$") == 0  # the timeline, read anyway, lists them
    assert [github.state.issue(REPO, n).labels for n in numbers] == [[FALLBACK], [TEAM, K8S]] * 2


def test_with_new_comments_off_a_comment_of_ours_is_still_kept_in_step_with_the_labels(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "On our Kubernetes cluster")
    run_triage(payload=dispatch(issue=str(number)))
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    result = run_triage(payload=dispatch(**{"new-comments": "false"}))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    [comment] = [c.body for c in github.state.comments(REPO, number)]
    assert COMPOSE in comment
    assert K8S not in comment


def test_an_action_input_for_new_comments_that_is_not_a_boolean_stops_the_run_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    result = run_triage(payload=dispatch(), TRIAGE_NEW_COMMENTS="sometimes")
    assert result.code == 1
    assert "TRIAGE_NEW_COMMENTS (the action's `new-comments`)" in result.err
    assert len(github.log) == 0


def test_a_nightly_sweep_after_a_labels_only_first_sweep_posts_no_comment(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The first sweep's label writes moved every issue into the nightly sweep's window; a batch
    comments only where it gives a label, so the quiet issues stay quiet."""
    add_managed_labels(github)
    numbers = add_issues(github, 4)
    run_triage(payload=dispatch(**{"new-comments": "false"}))
    clock.advance(5 * 3600)
    github.log.clear()
    result = run_triage(event_name="schedule", payload={"schedule": "0 3 * * *"}, TRIAGE_SINCE="26h")
    assert result.code == 0, result.err
    assert writes(github) == []
    assert all(github.state.comments(REPO, n) == [] for n in numbers)


def test_a_batch_posts_no_comment_on_an_issue_a_person_already_gave_our_labels(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    for label in (TEAM, K8S):
        github.state.add_label_event(REPO, number, label, actor="alice")
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert writes(github) == []


def test_a_run_on_one_quietly_labelled_issue_posts_its_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Asked for by number (or an edit, a reopening), the issue gets what a new one gets."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    run_triage(payload=dispatch(**{"new-comments": "false"}))
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert len(bot_comments(github, number)) == 1


def test_the_resume_hint_of_a_labels_only_batch_keeps_new_comments_off(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    numbers = rate_limited_batch(github, clock)
    stopped = run_triage(payload=dispatch(**{"new-comments": "false"}))
    since = resume_hint(stopped.err)
    assert (
        f"run again with since={since} new-comments=false (`triage run --since {since} --no-new-comments`)"
        in stopped.err
    )
    clock.advance(3600)
    result = run_triage("--since", since, "--no-new-comments", payload=dispatch())
    assert result.code == 0, result.err
    assert all(github.state.comments(REPO, n) == [] for n in numbers)


def test_a_labels_only_sweep_resumed_with_new_comments_left_on_posts_no_comment_on_the_issues_it_labels(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The workflow's form leaves `new-comments` on unless it is unticked again: the resume point
    says the sweep was labels-only, and the resume stays so, saying why in its log and summary."""
    numbers = rate_limited_batch(github, clock)
    stopped = run_triage(payload=dispatch(**{"new-comments": "false"}))
    since = resume_hint(stopped.err)
    assert since.endswith(",labels-only")
    pending = [n for n in numbers if n % 2 == 0 and not github.state.issue(REPO, n).labels]
    assert pending
    clock.advance(3600)
    result = run_triage(payload=dispatch(since=since))
    assert result.code == 0, result.err
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in pending)
    assert all(github.state.comments(REPO, n) == [] for n in numbers)
    said = "labels only, whatever new-comments says, as the resume point is a labels-only run's"
    assert f"triage: new comments off: {said}" in result.out
    assert f"_New comments off: {said}" in run_triage.summary()


def test_a_three_part_resume_point_as_older_versions_print_it_still_resumes_and_a_stop_gives_it_its_mode(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """A value with no MODE leaves the run's own inputs to say what it is; stopped again, the run
    prints the value with its MODE, which a resume that forgets `new-comments=false` then keeps."""
    numbers = rate_limited_batch(github, clock)
    first = run_triage(payload=dispatch(**{"new-comments": "false"}))
    older = resume_hint(first.err).removesuffix(",labels-only")
    assert older.count(",") == 2
    github.state.set_rate_budget(remaining=0, reset_at=clock.now() + 3000)
    again = run_triage(payload=dispatch(since=older, **{"new-comments": "false"}))
    assert again.code == EXIT_RATE_LIMITED
    assert (
        f"run it again with since={older},labels-only new-comments=false (`triage run --since " in again.err
    )
    clock.advance(3000)
    result = run_triage(payload=dispatch(since=older, **{"new-comments": "false"}))
    assert result.code == 0, result.err
    assert [github.state.issue(REPO, n).labels for n in numbers] == [[FALLBACK], [TEAM, K8S]] * 5
    assert all(github.state.comments(REPO, n) == [] for n in numbers)


def test_a_resume_point_with_an_unknown_mode_is_refused_naming_it_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    value = "2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z,quiet"
    result = run_triage(payload=dispatch(since=value))
    assert (result.code, result.err) == (
        1,
        f"triage: {run_triage.workdir / 'event.json'}: inputs.since: expected a resume point "
        "TIME,ISSUE,UNTIL or TIME,ISSUE,UNTIL,MODE, as a stopped run prints it after `since=` (that value "
        f"alone), got '{value}': its MODE 'quiet' is not labels-only, dry-run or labels-only+dry-run\n",
    )
    assert len(github.log) == 0


def test_a_batch_reads_the_comments_of_an_issue_from_the_timeline_it_reads_to_add_a_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_comment(REPO, number, "alice", "same here")
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert [line for line in github.log.summary() if "/issues/" in line and "?" not in line] == [
        f"GET /repos/{REPO}/issues/{number}/timeline -> 200",
        f"POST /repos/{REPO}/issues/{number}/labels -> 200",
        f"POST /repos/{REPO}/issues/{number}/comments -> 201",
    ]


def test_a_resume_posts_no_comment_on_an_untouched_issue_a_person_labelled(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The stop came before the issue, so it is not part-way: the batch's rule holds for it."""
    add_managed_labels(github)
    github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_000)
    labelled = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    for label in (TEAM, K8S):
        github.state.add_label_event(REPO, labelled, label, actor="alice")
    with github.state.lock:
        github.state.repo(REPO).issues[labelled].updated_at = 1_700_000_001
    stopped = run_triage("--max-minutes", "0.01", payload=dispatch())
    assert f"To resume from #{labelled}" in stopped.err
    clock.advance(60)
    resumed = run_triage("--since", resume_hint(stopped.err), payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert bot_comments(github, labelled) == []


def test_an_issue_left_part_way_is_done_first_by_the_resume_and_named_again_if_it_stops_again(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Its labels moved its update time past the stopped run's listing: ordered by that, it came
    last, and a resume that stopped before it handed the next run a point past it."""
    add_managed_labels(github)
    part_way = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_000)
    others = [
        github.state.add_issue(REPO, f"kubectl {i}", "Kubernetes", updated_at=1_700_000_001 + i)
        for i in range(3)
    ]
    github.faults.add(
        "POST", rf"/issues/{part_way}/comments$", faults.secondary_limit(retry_after=5000), times=1
    )
    first = run_triage(payload=dispatch())
    assert f"To resume from #{part_way}" in first.err
    clock.advance(6000)
    resumed = run_triage("--since", resume_hint(first.err), payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert resumed.out.index(f"#{part_way} ") < min(resumed.out.index(f"#{n} ") for n in others)
    assert [len(bot_comments(github, n)) for n in (part_way, *others)] == [1, 1, 1, 1]


@pytest.mark.parametrize("seed", range(3))
def test_stopping_and_resuming_again_and_again_triages_every_issue_exactly_once(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock, seed: int
) -> None:
    """Issues created and updated in different orders, a batch stopped by the rate limit every
    few issues and resumed from its hint each time: one label write and one comment each."""
    rng = random.Random(seed)
    add_managed_labels(github)
    numbers = []
    for index in range(40):
        created = 1_600_000_000 + rng.randrange(10_000)
        updated = min(created + rng.choice([0, 0, 1, 5, 100, 1000]), 1_600_011_000)
        numbers.append(
            github.state.add_issue(
                REPO, f"kubectl {index}", "Kubernetes", created_at=created, updated_at=updated
            )
        )
    reserve = primary_reserve(5000)
    github.state.set_rate_budget(limit=5000, remaining=15 + reserve, reset_at=clock.now() + 3000)
    result = run_triage(payload=dispatch())
    for _ in range(50):
        if result.code != EXIT_RATE_LIMITED:
            break
        clock.advance(3600)
        github.state.set_rate_budget(
            limit=5000, remaining=rng.choice([9, 15, 30]) + reserve, reset_at=clock.now() + 3000
        )
        result = run_triage("--since", resume_hint(result.err), payload=dispatch())
    assert result.code == 0, result.err
    assert all(len(bot_comments(github, n)) == 1 for n in numbers)
    assert github.log.count("POST", r"/labels$") == github.log.count("POST", r"/comments$") == len(numbers)


def stopped_part_way_out_of_its_label_filter(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> tuple[int, int, str]:
    """Two issues listed by the fallback label; the first lost it when its owner was found, then the
    stop came before its comment, so a resume's listing no longer shows it. Their numbers and the
    resume point, an hour and a half later (past the secondary limit)."""
    add_managed_labels(github)
    part_way = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    other = github.state.add_issue(REPO, "kubectl other", "Kubernetes")
    for offset, number in enumerate((part_way, other)):
        github.state.add_label_event(REPO, number, FALLBACK, actor=BOT)
        with github.state.lock:
            github.state.repo(REPO).issues[number].updated_at = 1_700_000_000 + offset
    github.faults.add(
        "POST", rf"/issues/{part_way}/comments$", faults.secondary_limit(retry_after=5000), times=1
    )
    first = run_triage(payload=dispatch(label=FALLBACK))
    assert f"To resume from #{part_way}" in first.err
    clock.advance(6000)
    return part_way, other, resume_hint(first.err)


def test_a_resume_filtered_by_a_label_the_stopped_run_took_off_still_finishes_its_issue(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The resume's listing no longer shows the issue it starts at, so it is read by itself."""
    part_way, other, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert [len(bot_comments(github, n)) for n in (part_way, other)] == [1, 1]


def test_a_resume_whose_issue_was_deleted_since_the_stop_says_it_skipped_it_and_does_the_rest(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    part_way, other, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    github.state.delete_issue(REPO, part_way)
    github.log.clear()
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == 0, resumed.err
    said = f"#{part_way} skipped: gone since the stop: GET /repos/{REPO}/issues/{part_way}: gone (410)"
    assert f"triage: {said}: the issue was deleted\n" in resumed.out
    assert f"| #{part_way}  |" in run_triage.summary()
    assert "1 changed, 0 unchanged, 1 skipped, 0 failed" in resumed.out
    assert [entry.path for entry in github.log.writes()] == [
        f"/repos/{REPO}/issues/{other}/labels",
        f"/repos/{REPO}/issues/{other}/labels/{FALLBACK}",
        f"/repos/{REPO}/issues/{other}/comments",
    ]


def test_a_resume_whose_issue_was_transferred_since_the_stop_writes_nothing_in_its_new_repository(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    part_way, other, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    github.state.add_repo("octo/elsewhere")
    moved = github.state.transfer_issue(REPO, part_way, "octo/elsewhere")
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert (
        f"triage: #{part_way} skipped: gone since the stop: GET /repos/{REPO}/issues/{part_way}: "
        f"moved (301): the issue was transferred to octo/elsewhere as #{moved}; triage it there\n"
    ) in resumed.out
    assert github.state.comments("octo/elsewhere", moved) == []
    assert len(bot_comments(github, other)) == 1


def test_a_resume_whose_issue_was_closed_since_the_stop_leaves_it_closed_without_its_comment(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    part_way, other, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    close_issue(github, part_way)
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert (
        f"triage: #{part_way} skipped: closed since the stop: its labels are settled "
        f"(`triage run --issue {part_way}` triages it anyway)\n"
    ) in resumed.out
    assert f"| [#{part_way}](https://github.com/{REPO}/issues/{part_way}) kubectl apply fails |" in (
        run_triage.summary()
    )
    assert [len(bot_comments(github, n)) for n in (part_way, other)] == [0, 1]


def test_a_resume_whose_issue_github_will_not_show_fails_it_and_does_the_rest(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    part_way, other, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    github.faults.add("GET", rf"/issues/{part_way}$", faults.status(404, {"message": "Not Found"}))
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == 1
    assert f"triage: #{part_way} failed: GET /repos/{REPO}/issues/{part_way}: not found (404)" in resumed.out
    assert [len(bot_comments(github, n)) for n in (part_way, other)] == [0, 1]


def test_a_resume_whose_token_is_rejected_reading_its_issue_fails_naming_the_token_and_writes_nothing(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    part_way, _, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    github.faults.add("GET", rf"/issues/{part_way}$", faults.status(401, {"message": "Bad credentials"}))
    github.log.clear()
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == 1
    assert resumed.err.splitlines()[0] == (
        f"triage: reading the issue the resume point names: GET /repos/{REPO}/issues/{part_way}: "
        "the token was rejected "
        "(401 Bad credentials): GITHUB_TOKEN (in the action, its `token` input) is not a token GitHub "
        "knows, or it has expired or been revoked"
    )
    assert github.log.writes() == []


def test_a_resume_that_fails_its_issue_and_then_stops_names_that_issue_among_those_left(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The next resume point names another issue, so no run takes the failed one again by itself."""
    part_way, other, since = stopped_part_way_out_of_its_label_filter(github, run_triage, clock)
    github.faults.add("GET", rf"/issues/{part_way}$", faults.status(404, {"message": "Not Found"}))
    github.faults.add("GET", rf"/issues/{other}/timeline$", faults.primary_limit(reset_in=3600), times=1)
    resumed = run_triage("--label", FALLBACK, "--since", since, payload=dispatch())
    assert resumed.code == EXIT_RATE_LIMITED
    assert f"To resume from #{other}" in resumed.err
    assert (
        f"The resume does not take again the issue that failed (#{part_way}): "
        f"`triage run --issue {part_way}` retries it."
    ) in resumed.err


@pytest.mark.parametrize(
    ("given", "expected"),
    [((K8S,), [K8S, TEAM]), ((TEAM, K8S, COMPOSE), [TEAM, K8S])],
    ids=["lacking a label", "with a stale label"],
)
def test_a_resume_retriages_an_issue_it_never_reached_that_a_person_touched_and_that_is_not_as_the_rules_want(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock, given: tuple[str, ...], expected: list[str]
) -> None:
    """Updated after the stop and carrying a label of ours is not proof the stopped run did it: the
    stopped run would have given it every label the rules want, and taken off those they no longer
    want."""
    add_managed_labels(github)
    github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_000)
    second = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_001)
    unreached = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    for label in given:
        github.state.add_label_event(REPO, unreached, label, actor=BOT)
    with github.state.lock:
        github.state.repo(REPO).issues[unreached].updated_at = 1_700_000_002
    stopped = run_triage("--max-minutes", "0.01", payload=dispatch())
    assert f"To resume from #{second}" in stopped.err
    clock.advance(60)
    github.state.add_comment(REPO, unreached, "alice", "any news?")
    with github.state.lock:
        github.state.repo(REPO).issues[unreached].updated_at = clock.now()
    resumed = run_triage("--since", resume_hint(stopped.err), payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert github.state.issue(REPO, unreached).labels == expected


def test_a_stopped_batch_names_the_issues_that_failed_which_its_resume_does_not_take_again(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """The resume starts past them, and its run may end with exit 0: the hint a maintainer follows
    must say that those issues are left, and how to retry one."""
    add_managed_labels(github)
    numbers = add_issues(github, 6)
    failing, stopping = numbers[1], numbers[5]
    github.faults.add("GET", rf"/issues/{failing}/timeline$", faults.status(502), times=None)
    github.faults.add("GET", rf"/issues/{stopping}/timeline$", faults.primary_limit(reset_in=3600), times=1)
    stopped = run_triage("--no-new-comments", payload=dispatch())
    assert stopped.code == EXIT_RATE_LIMITED
    assert (
        f"The resume does not take again the issue that failed (#{failing}): "
        f"`triage run --issue {failing} --no-new-comments` retries it."
    ) in stopped.err
    github.faults.clear()
    clock.advance(3600)
    resumed = run_triage("--no-new-comments", "--since", resume_hint(stopped.err), payload=dispatch())
    assert resumed.code == 0, resumed.err
    assert github.state.issue(REPO, failing).labels == []


DEFERRING_RULES = RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n')


def test_a_batch_leaves_alone_an_issue_a_person_gave_to_another_team_after_the_listing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The listing shows the issue without the label; the timeline read before adding ours shows it
    added since the listing was taken."""
    run_triage.rules.write_text(DEFERRING_RULES, encoding="utf-8")
    add_managed_labels(github)
    numbers = add_issues(github, 4)  # the second and the fourth match
    given_away = numbers[3]

    def a_person_labels_it(state: State) -> None:
        github.clock.advance(60)
        github.state.add_label_event(REPO, given_away, "team/search", actor="alice")

    github.faults.add("POST", rf"/issues/{numbers[1]}/labels$", faults.hook(a_person_labels_it), times=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert github.state.issue(REPO, given_away).labels == ["team/search"]
    assert bot_comments(github, given_away) == []
    assert github.state.issue(REPO, numbers[1]).labels == [TEAM, K8S]


def test_a_run_by_hand_is_not_kept_off_an_issue_by_an_old_label_deleted_from_the_repository(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The issue was read just now: a `labeled` event of another owner's label it no longer carries
    names a label deleted from the repository since (which leaves no event), not an owner."""
    run_triage.rules.write_text(DEFERRING_RULES, encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_label_event(REPO, number, "team/search", actor="alice")
    with github.state.lock:  # the label deleted from the repository: gone from the issue, no event
        github.state.require_issue(REPO, number).labels.remove("team/search")
        del github.state.repo(REPO).labels["team/search"]
    github.clock.advance(3600)
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert len(bot_comments(github, number)) == 1


@pytest.mark.parametrize(
    ("inputs", "hint"),
    [
        (
            {"new-comments": "false"},
            "run again with issue={n} new-comments=false (`triage run --issue {n} --no-new-comments`)",
        ),
        ({"dry-run": "true"}, "run again with issue={n} dry-run=true (`triage run --issue {n} --dry-run`)"),
    ],
    ids=["labels-only", "dry-run"],
)
def test_a_dispatched_issue_stopped_by_the_rate_limit_names_the_run_with_its_own_settings(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock, inputs: dict[str, str], hint: str
) -> None:
    """Not re-running the job, which a run by hand is not (it has no event to triage as asked)."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.set_rate_budget(remaining=0, reset_at=clock.now() + 3000)
    result = run_triage(payload=dispatch(issue=str(number), **inputs))
    assert result.code == EXIT_RATE_LIMITED
    assert result.err.rstrip().endswith(
        f"To triage #{number} later, {hint.format(n=number)}, not before 2027-01-15 08:50 UTC"
    )
    assert github.log.writes() == []


def test_a_batch_leaves_alone_an_issue_a_person_gave_the_wanted_labels_after_the_listing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """It gives no label, so it posts no comment: a batch comments only where it gives a label."""
    add_managed_labels(github)
    first, second = add_issues(github, 2)

    def a_person_labels_the_second(state: object) -> None:
        for label in (TEAM, K8S):
            github.state.add_label_event(REPO, second, label, actor="alice")

    github.faults.add("POST", rf"/issues/{first}/labels$", faults.hook(a_person_labels_the_second), times=1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert [w for w in writes(github) if f"/issues/{second}/" in w] == []
    assert github.state.comments(REPO, second) == []


def test_a_run_on_one_issue_whose_comment_count_lags_our_comment_does_not_post_a_second(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Read just after a run commented, GitHub's count may not show it yet."""
    number = triaged_on_opening(github, run_triage)
    with github.state.lock:
        github.state.repo(REPO).issues[number].comments_lag = 1
    result = run_triage(payload=dispatch(issue=str(number)))
    assert result.code == 0, result.err
    assert len(bot_comments(github, number)) == 1


def test_a_batch_under_a_renamed_repositorys_former_name_fails_before_any_write_rather_than_skip_every_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub redirects the reads and triage refuses the 301 of every write, as for a transferred
    issue: each issue was "gone since the listing", and the run succeeded having triaged none."""
    add_managed_labels(github)
    add_issues(github, 4)
    github.state.rename_repo(REPO, "octo/gadgets")
    result = run_triage(payload=dispatch())
    assert result.code == 1
    assert result.err == (
        f"triage: listing the open issues: GitHub lists them in octo/gadgets: the repository {REPO} was "
        "renamed; run with GITHUB_REPOSITORY=octo/gadgets\n"
    )
    assert github.log.writes() == []


@pytest.mark.parametrize(
    "repository_url", ["https://api.github.com/repos/Octo/Widgets", None], ids=["another case", "none"]
)
def test_a_batch_listed_under_its_repositorys_name_in_another_case_or_none_is_no_rename(
    github: FakeGitHub, run_triage: Runner, repository_url: str | None
) -> None:
    """GitHub compares repository names ignoring case; a listing that names no repository moved nothing."""
    add_managed_labels(github)
    numbers = add_issues(github, 2)
    listed = [
        {key: value for key, value in github.issue_json(REPO, n).items() if key != "repository_url"}
        | ({"repository_url": repository_url} if repository_url else {})
        for n in numbers
    ]
    github.faults.add("GET", r"/issues$", faults.status(200, listed))
    result = run_triage(payload=dispatch())
    assert result.code == 0
    assert [github.state.issue(REPO, n).labels for n in numbers] == [[FALLBACK], [TEAM, K8S]]
