"""An issue whose timeline or comments run past the `HISTORY_PAGES` a run reads is left alone,
saying why: anyone who can open an issue can lengthen another's history, and read to the end it
could spend a run's requests."""

from __future__ import annotations

from tests.fakegithub import REPO, FakeGitHub
from tests.integration.conftest import (
    K8S,
    TEAM,
    Runner,
    add_managed_labels,
    bot_comments,
    edited_payload,
    triaged_on_opening,
)
from triage.pipeline import HISTORY_ENTRIES, HISTORY_PAGES


def dispatch() -> dict[str, object]:
    return {"inputs": {}, "sender": {"login": "alice"}}


def timeline_reads(github: FakeGitHub, number: int) -> int:
    return github.log.count("GET", rf"/issues/{number}/timeline$")


def issue_with_a_long_timeline(github: FakeGitHub, updated_at: float | None = None) -> int:
    """A Kubernetes issue, not yet labelled, that one more than `HISTORY_ENTRIES` issues mention."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=updated_at)
    github.state.add_cross_references(REPO, number, HISTORY_ENTRIES + 1)
    return number


def issue_with_comments(github: FakeGitHub, count: int) -> int:
    """A Kubernetes issue, not yet labelled, with `count` comments by a person."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    for index in range(count):
        github.state.add_comment(REPO, number, "mallory", f"comment {index}")
    return number


def test_a_batch_leaves_alone_an_issue_whose_timeline_runs_past_what_a_run_reads(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    long = issue_with_a_long_timeline(github)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert github.state.issue(REPO, long).labels == []
    assert bot_comments(github, long) == []
    assert timeline_reads(github, long) == HISTORY_PAGES


def test_a_batch_says_why_it_left_an_issue_with_a_long_timeline_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    issue_with_a_long_timeline(github)
    result = run_triage(payload=dispatch())
    assert (
        f"left alone: its timeline runs past the {HISTORY_ENTRIES:,} entries triage reads, so it "
        "cannot tell whether a person took off a label it would add; label it by hand"
    ) in result.out


def test_the_summary_row_of_an_issue_with_a_long_timeline_links_to_its_page_and_says_why_it_was_left_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    long = issue_with_a_long_timeline(github)
    assert run_triage(payload=dispatch()).code == 0
    [row] = [
        line for line in run_triage.summary().splitlines() if line.startswith((f"| #{long} ", f"| [#{long}]"))
    ]
    assert row == (
        f"| [#{long}](https://github.com/{REPO}/issues/{long}) kubectl apply fails |  |  |  |  | skipped: "
        f"left alone: its timeline runs past the {HISTORY_ENTRIES:,} entries triage reads, so it cannot tell "
        "whether a person took off a label it would add; label it by hand |"
    )


def test_a_batch_triages_the_other_issues_beside_one_with_a_long_timeline(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    issue_with_a_long_timeline(github, updated_at=1_700_000_000)
    other = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", updated_at=1_700_000_001)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert github.state.issue(REPO, other).labels == [TEAM, K8S]
    assert len(bot_comments(github, other)) == 1


def test_a_timeline_of_exactly_the_entries_a_run_reads_is_read_to_its_end_and_triaged(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_cross_references(REPO, number, HISTORY_ENTRIES)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert timeline_reads(github, number) == HISTORY_PAGES
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_an_issue_with_more_comments_than_a_run_reads_is_left_alone_without_reading_them(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Each comment is an event of the timeline too: the listing's count already says it is long."""
    add_managed_labels(github)
    number = issue_with_comments(github, HISTORY_ENTRIES + 1)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert [entry.path for entry in github.log if f"/issues/{number}/" in entry.path] == []
    assert github.state.issue(REPO, number).labels == []


def test_an_issue_with_exactly_as_many_comments_as_a_run_reads_is_read_to_their_end_and_triaged(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = issue_with_comments(github, HISTORY_ENTRIES)
    result = run_triage(payload=dispatch())
    assert result.code == 0, result.err
    assert timeline_reads(github, number) == HISTORY_PAGES
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert len(bot_comments(github, number)) == 1


def test_a_batch_says_why_it_left_an_issue_with_more_comments_than_a_run_reads_alone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = issue_with_comments(github, HISTORY_ENTRIES + 1)
    result = run_triage(payload=dispatch())
    assert (
        f"#{number} skipped: left alone: its timeline runs past the {HISTORY_ENTRIES:,} entries triage "
        "reads, so it cannot tell whether a person took off a label it would add; label it by hand"
    ) in result.out


def test_an_edit_of_an_issue_whose_comments_run_past_what_a_run_reads_writes_nothing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The payload's count is taken before the newest comment: the read finds one more page."""
    number = triaged_on_opening(github, run_triage)
    for index in range(HISTORY_ENTRIES - 1):
        github.state.add_comment(REPO, number, "mallory", f"comment {index}")
    payload = edited_payload(github, number, "kubectl apply fails", "Kubernetes, on k3s")
    github.state.add_comment(REPO, number, "mallory", "one more")
    github.log.clear()
    result = run_triage(event_name="issues", payload=payload)
    assert result.code == 0, result.err
    assert github.log.count("GET", rf"/issues/{number}/comments$") == HISTORY_PAGES
    assert github.log.writes() == []
    assert (
        f"left alone: its comments run past the {HISTORY_ENTRIES:,} triage reads, so it cannot tell "
        "whether one of them is its own; label it by hand"
    ) in result.out
