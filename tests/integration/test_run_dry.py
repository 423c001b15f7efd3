"""Dry-run (`--dry-run` or the `dry-run` input) under every scenario: the same decisions, zero writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.fakegithub import BOT, REPO, FakeClock, FakeGitHub, faults
from tests.integration.conftest import K8S, RULES_YAML, TEAM, Runner, add_managed_labels, issue_payload
from triage import batch as batch_module
from triage.marker import MARKER

Scenario = Callable[[FakeGitHub], tuple[str, object]]


def opened(github: FakeGitHub) -> tuple[str, object]:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    return "issues", issue_payload(github, number)


def edited_with_stale_label(github: FakeGitHub) -> tuple[str, object]:
    number = github.state.add_issue(REPO, "docker compose up fails", "compose")
    github.state.add_label_event(REPO, number, K8S, actor=BOT)
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold")
    return "issues", issue_payload(github, number, action="edited")


def person_removed_label(github: FakeGitHub) -> tuple[str, object]:
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes")
    github.state.add_label_event(REPO, number, K8S, actor=BOT)
    github.state.add_label_event(REPO, number, K8S, action="unlabeled", actor="alice")
    return "issues", issue_payload(github, number, action="edited")


def missing_labels(github: FakeGitHub) -> tuple[str, object]:
    with github.state.lock:
        github.state.repo(REPO).labels.clear()
    return opened(github)


def lost_responses(github: FakeGitHub) -> tuple[str, object]:
    github.faults.add("POST", r".*", faults.lost_response(mode="drop"), times=None)
    return opened(github)


def rate_limited(github: FakeGitHub) -> tuple[str, object]:
    github.faults.add("GET", r"/timeline$", faults.secondary_limit(retry_after=30))
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes")
    return "workflow_dispatch", {"inputs": {"issue": str(number), "dry-run": "true"}}


def batch(github: FakeGitHub) -> tuple[str, object]:
    for index in range(30):
        github.state.add_issue(REPO, f"kubectl {index}", "Kubernetes", pull_request=index % 7 == 0)
    return "workflow_dispatch", {"inputs": {"dry-run": "true"}}


def batch_stopped(github: FakeGitHub) -> tuple[str, object]:
    github.state.set_rate_budget(remaining=3, reset_at=github.clock.now() + 5000)
    return batch(github)


def spoofed_marker(github: FakeGitHub) -> tuple[str, object]:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_comment(REPO, number, "mallory", f"{MARKER}\nspoofed")
    return "issues", issue_payload(github, number)


def ours_on_page_three(github: FakeGitHub) -> tuple[str, object]:
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes", labels=[TEAM, K8S])
    for index in range(240):
        github.state.add_comment(REPO, number, "alice", f"me too {index}")
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold")
    return "issues", issue_payload(github, number, action="edited")


def two_bot_comments(github: FakeGitHub) -> tuple[str, object]:
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes", labels=[TEAM, K8S])
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold one")
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold two")
    return "workflow_dispatch", {"inputs": {"issue": str(number)}}


def server_errors(github: FakeGitHub) -> tuple[str, object]:
    github.faults.add("GET", r"/issues$", faults.status(502), times=2)
    github.faults.add("GET", r"/timeline$", faults.lost_response(mode="drop"))
    github.faults.add("GET", r"/timeline$", faults.too_many_requests())
    return batch(github)


def hostile_text(github: FakeGitHub) -> tuple[str, object]:
    hostile = f"kubectl ${{{{ github.token }}}} $(id) @alice #1 {{{{ 7*7 }}}}\n::add-mask::x\n{MARKER}\nEOF"
    number = github.state.add_issue(REPO, hostile.splitlines()[0], hostile)
    return "issues", issue_payload(github, number)


def huge_body(github: FakeGitHub) -> tuple[str, object]:
    chunk = "🚀 漢字 \x00 kubectl\r\n"
    number = github.state.add_issue(REPO, "Crash?", (chunk * (65_536 // len(chunk) + 1))[:65_536])
    return "issues", issue_payload(github, number)


SCENARIOS: dict[str, Scenario] = {
    "spoofed-marker": spoofed_marker,
    "ours-on-page-three": ours_on_page_three,
    "two-bot-comments": two_bot_comments,
    "server-errors": server_errors,
    "hostile-text": hostile_text,
    "huge-body": huge_body,
    "opened": opened,
    "edited-stale-label": edited_with_stale_label,
    "person-removed-label": person_removed_label,
    "missing-labels": missing_labels,
    "lost-responses": lost_responses,
    "rate-limited": rate_limited,
    "batch": batch,
    "batch-stopped": batch_stopped,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_dry_run_makes_zero_writes(github: FakeGitHub, run_triage: Runner, name: str) -> None:
    add_managed_labels(github)
    event_name, payload = SCENARIOS[name](github)
    result = run_triage("--dry-run", event_name=event_name, payload=payload)
    assert result.code == (4 if name == "batch-stopped" else 0), result.err
    assert github.log.writes() == []
    assert "_Dry run: nothing was written" in run_triage.summary()


def test_a_dry_run_of_a_rerun_job_makes_zero_writes(github: FakeGitHub, run_triage: Runner) -> None:
    """A re-run reads the issue afresh, as a run by hand does, and stays a dry run."""
    add_managed_labels(github)
    event_name, payload = opened(github)
    result = run_triage("--dry-run", event_name=event_name, payload=payload, GITHUB_RUN_ATTEMPT="2")
    assert result.code == 0, result.err
    assert github.log.writes() == []


def test_a_dry_run_prints_the_plan_and_the_comment(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage("--dry-run", event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[:5] == [
        "triage: dry run: nothing is written; each line says what a real run would do",
        f"#{number} kubectl apply fails",
        f"  add labels:    {TEAM}, {K8S}",
        "  remove labels: (none)",
        "  comment:       create",
    ]
    assert lines[5] == f"  | {MARKER}"
    assert len(github.log) == 0


def test_a_dry_run_names_the_duplicate_bot_comments_it_would_leave_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes", labels=[TEAM, K8S])
    github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold one")
    duplicate = github.state.add_comment(REPO, number, BOT, f"{MARKER}\nold two")
    result = run_triage(payload={"inputs": {"issue": str(number), "dry-run": "true"}})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[4:6] == [
        "  comment:       update in place",
        f"  duplicate bot comments, left alone: {duplicate}",
    ]
    said = f"#{number} changed: comment updated (duplicate bot comments, left alone: {duplicate})"
    assert f"triage: dry run: {said}" in lines
    assert github.log.writes() == []


def test_a_dry_run_says_it_would_leave_alone_an_issue_a_person_labelled_for_another_team(
    github: FakeGitHub, run_triage: Runner
) -> None:
    run_triage.rules.write_text(RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n'))
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=["team/search"])
    result = run_triage(payload={"inputs": {"issue": str(number), "dry-run": "true"}})
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:6] == [
        f"#{number} kubectl apply fails",
        "  add labels:    (none)",
        "  remove labels: (none)",
        "  left alone as another owner's: labelled team/search (rules: defer_to)",
        "  comment:       none",
    ]
    assert github.log.writes() == []


def test_a_dry_run_says_so_on_the_line_that_tells_what_changed(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage("--dry-run", event_name="issues", payload=issue_payload(github, number))
    assert f"triage: dry run: #{number} changed: +{TEAM} +{K8S} comment created" in result.out.splitlines()


def test_a_dry_run_batch_says_so_when_it_is_done(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload={"inputs": {"dry-run": "true"}})
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "triage: done (dry run: nothing written): 1 changed, 0 unchanged, 0 skipped, 0 failed"
    )


def test_the_dry_run_input_alone_turns_dry_run_on(github: FakeGitHub, run_triage: Runner) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl", "Kubernetes")
    result = run_triage(payload={"inputs": {"issue": str(number), "dry-run": "true"}})
    assert result.code == 0, result.err
    assert github.log.writes() == []
    assert f"  add labels:    {TEAM}, {K8S}" in result.out


def test_the_resume_hint_of_a_stopped_dry_run_keeps_it_a_dry_run(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Followed as printed, the hint of a dry run must not become a real run that also skips every
    issue before the stop, which the dry run only pretended to triage."""
    add_managed_labels(github)
    event_name, payload = batch_stopped(github)
    stopped = run_triage(event_name=event_name, payload=payload)
    assert stopped.code == 4, stopped.err
    since = stopped.err.split("since=")[1].split(" ", maxsplit=1)[0]
    hint = f"run again with since={since} dry-run=true (`triage run --since {since} --dry-run`)"
    assert hint in stopped.err
    assert github.log.writes() == []


@pytest.mark.parametrize("given", ["dispatch input", "flag"])
def test_a_real_run_given_a_dry_runs_resume_point_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner, given: str
) -> None:
    """Its issues before the point were only shown, never triaged: a real run from it would skip
    them. The refusal says what to run instead."""
    add_managed_labels(github)
    event_name, payload = batch_stopped(github)
    stopped = run_triage(event_name=event_name, payload=payload)
    since = stopped.err.split("since=")[1].split(" ", maxsplit=1)[0]
    assert since.endswith(",dry-run")
    github.log.clear()
    if given == "flag":
        result, where = run_triage("--since", since, payload={"inputs": {}}), "--since"
    else:
        result = run_triage(payload={"inputs": {"since": since}})
        where = f"{run_triage.workdir / 'event.json'}: inputs.since"
    assert (result.code, result.err) == (
        2,
        f"triage: {where}: {since} is the resume point of a dry run (its MODE says `dry-run`), and this "
        "run is not one: the issues before that point were only dry-run, never triaged, and a real run "
        f"from it would skip them. To go on with the dry run, run again with since={since} dry-run=true "
        f"(`triage run --since {since} --dry-run`); to triage for real, run with the since the dry run "
        "was first given (empty: every open issue), dry-run off\n",
    )
    assert len(github.log) == 0
    assert "is the resume point of a dry run" in run_triage.summary()


def test_a_dry_run_goes_on_from_its_own_resume_point_and_from_a_real_runs(
    github: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    add_managed_labels(github)
    event_name, payload = batch_stopped(github)
    stopped = run_triage(event_name=event_name, payload=payload)
    since = stopped.err.split("since=")[1].split(" ", maxsplit=1)[0]
    assert since.endswith(",dry-run")
    clock.advance(5000)
    for value in (since, since.removesuffix(",dry-run")):
        result = run_triage(payload={"inputs": {"since": value, "dry-run": "true"}})
        assert result.code == 0, result.err
    assert github.log.writes() == []


def test_an_interrupted_dry_run_says_nothing_was_written_rather_than_how_to_finish_the_issue(
    github: FakeGitHub, clock: FakeClock, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C, or Actions cancelling the job, while a dry run waits to retry a read."""

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("GET", rf"/issues/{number}/timeline$", faults.status(502))
    monkeypatch.setattr(clock, "sleep", interrupted)
    result = run_triage(payload={"inputs": {"issue": str(number), "dry-run": "true"}})
    assert result.code == 4
    assert f"interrupted during #{number} (a dry run: nothing was written)" in result.err
    assert "finishes it" not in result.err


def test_a_dry_run_with_new_comments_off_says_so_on_its_first_line(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(
        "--dry-run", "--no-new-comments", event_name="issues", payload=issue_payload(github, number)
    )
    assert result.code == 0, result.err
    assert (
        result.out.splitlines()[0]
        == "triage: dry run: nothing is written; each line says what a real run would do"
    )


def test_a_long_dry_run_batch_shows_the_plans_of_the_issues_it_would_change_only(
    github: FakeGitHub, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a long batch's log keeps a line a issue only for the issues to look at: a dry run over
    5,000 open issues would otherwise print four lines for each one it leaves as it is."""
    monkeypatch.setattr(batch_module, "QUIET_ABOVE", 3)
    add_managed_labels(github)
    unchanged = [github.state.add_issue(REPO, f"search result {index}", "wrong order") for index in range(3)]
    assert run_triage(payload={"inputs": {}}).code == 0  # triaged for real: they are settled
    changed = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(payload={"inputs": {"dry-run": "true"}})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert f"#{changed} kubectl apply fails" in lines
    assert [line for line in lines if line.startswith(tuple(f"#{number} " for number in unchanged))] == [], (
        result.out
    )


def test_a_dry_run_batch_of_exactly_as_many_issues_as_it_shows_in_full_shows_the_plans_of_unchanged_ones(
    github: FakeGitHub, run_triage: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`QUIET_ABOVE` (200) brought down to 3, as above: a batch of exactly that many is not a long one."""
    monkeypatch.setattr(batch_module, "QUIET_ABOVE", 3)
    add_managed_labels(github)
    unchanged = [github.state.add_issue(REPO, f"search result {index}", "wrong order") for index in range(3)]
    assert run_triage(payload={"inputs": {}}).code == 0  # triaged for real: they are settled
    result = run_triage(payload={"inputs": {"dry-run": "true"}})
    assert result.code == 0, result.err
    shown = [line for line in result.out.splitlines() if line.startswith(tuple(f"#{n} " for n in unchanged))]
    assert shown == [f"#{number} search result {index}" for index, number in enumerate(unchanged)], result.out
