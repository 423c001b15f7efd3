"""The job summary and step outputs: readable, inert, and within GitHub's limits."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from triage.explain import Removal
from triage.model import CommentAction, CommentActionKind, Plan
from triage.summary import (
    ROW_BUDGET,
    SUMMARY_LIMIT,
    IssueOutcome,
    RunReport,
    output_lines,
    outputs,
    render_summary,
    write_outputs,
    write_summary,
)

CHANGED = IssueOutcome(
    number=12,
    title="Kubernetes upgrade fails",
    status="changed",
    plan=Plan(
        issue_number=12,
        add_labels=("team/distribution", "distribution/kubernetes"),
        remove_labels=("distribution/docker",),
        comment=CommentAction("create", body="hi"),
    ),
    labels=("team/distribution", "distribution/kubernetes"),
    areas=("Kubernetes",),
)
UNCHANGED = IssueOutcome(
    number=13, title="Same as before", status="unchanged", plan=Plan(13), areas=("Kubernetes",)
)
SKIPPED = IssueOutcome(14, "A pull request", "skipped", note="pull request", pull_request=True)
FAILED = IssueOutcome(number=15, title="Gone", status="failed", note="GET /x: not found (404)")


def row_of(outcome: IssueOutcome) -> str:
    """The summary table's row for `outcome`, alone in its report (found by its issue number)."""
    starts = (f"| #{outcome.number} ", f"| [#{outcome.number}]")
    return next(
        line for line in render_summary(RunReport((outcome,))).splitlines() if line.startswith(starts)
    )


def test_the_headline_counts_every_status() -> None:
    report = RunReport((CHANGED, UNCHANGED, SKIPPED, FAILED))
    assert render_summary(report).splitlines()[0] == "## triage: 1 changed, 1 unchanged, 1 skipped, 1 failed"


def test_a_changed_issue_gets_a_row_with_its_label_and_comment_changes() -> None:
    row = row_of(CHANGED)
    assert row == (
        "| #12 Kubernetes upgrade fails"
        " | <code>team/distribution</code>, <code>distribution/kubernetes</code>"
        " | <code>distribution/docker</code> | created |  |  |"
    )


@pytest.mark.parametrize(
    ("kind", "cell"), [("create", "created"), ("update", "updated"), ("leave", "unchanged"), ("none", "")]
)
def test_the_comment_cell_says_what_was_done_to_the_comment(kind: CommentActionKind, cell: str) -> None:
    outcome = IssueOutcome(22, "t", "changed", plan=Plan(22, add_labels=("a",), comment=CommentAction(kind)))
    assert row_of(outcome).split(" | ")[3] == cell


def test_a_label_name_is_html_escaped_in_its_cell() -> None:
    outcome = IssueOutcome(23, "t", "changed", plan=Plan(23, add_labels=("a<b>&c",)))
    assert row_of(outcome).split(" | ")[1] == "<code>a&lt;b&gt;&amp;c</code>"


def test_a_label_name_with_a_pipe_stays_in_its_cell() -> None:
    outcome = IssueOutcome(27, "t", "changed", plan=Plan(27, add_labels=("team|a",), kept_off=("area|b",)))
    row = row_of(outcome)
    assert row.count("|") == 7
    assert row.split(" | ")[1] == "<code>team&#124;a</code>"


def test_unchanged_issues_and_skipped_pull_requests_are_counted_but_get_no_row() -> None:
    text = render_summary(RunReport((UNCHANGED, SKIPPED)))
    assert "| #13" not in text
    assert "| #14" not in text


def test_an_issue_skipped_for_a_reason_of_its_own_gets_a_row_saying_why() -> None:
    closed = IssueOutcome(
        number=16, title="Fixed", status="skipped", note="closed meanwhile: its labels are settled"
    )
    assert row_of(closed) == "| #16 Fixed |  |  |  |  | skipped: closed meanwhile: its labels are settled |"


def test_an_issue_skipped_late_in_a_long_batch_keeps_its_row_when_the_table_is_cut() -> None:
    changed = tuple(
        IssueOutcome(n, "x" * 80, "changed", plan=Plan(n, add_labels=("l" * 50,) * 20)) for n in range(5000)
    )
    closed = IssueOutcome(number=9999, title="Fixed", status="skipped", note="closed meanwhile")
    text = render_summary(RunReport((*changed, closed), batch=True))
    assert "more issues not shown" in text
    assert "| #9999 Fixed " in text


def test_an_unchanged_issue_with_duplicate_bot_comments_gets_a_row_naming_them() -> None:
    """Two runs that raced leave two identical comments: nothing changes, but a person must hear of it."""
    raced = IssueOutcome(
        number=16,
        title="Raced",
        status="unchanged",
        plan=Plan(16, comment=CommentAction("leave", comment_id=1, duplicates=(2,))),
    )
    row = row_of(raced)
    assert row == "| #16 Raced |  |  | unchanged |  | duplicate bot comments left as they are: 2 |"


def test_several_duplicate_bot_comments_are_named_in_the_order_the_plan_gives_them() -> None:
    raced = IssueOutcome(
        30, "t", "unchanged", plan=Plan(30, comment=CommentAction("leave", comment_id=1, duplicates=(2, 5)))
    )
    assert row_of(raced).endswith("| duplicate bot comments left as they are: 2, 5 |")


def test_a_row_says_why_each_label_was_given_in_the_issues_own_words() -> None:
    explained = IssueOutcome(
        number=17,
        title="k8s upgrade",
        status="changed",
        plan=CHANGED.plan,
        reasons=(
            ("distribution/kubernetes", ("k8s", "kubectl apply")),
            ("distribution/monitoring", ("grafana",)),
        ),
    )
    row = row_of(explained)
    assert row.split(" | ")[4] == (
        '<code>distribution/kubernetes</code>: "k8s", "kubectl apply"; '
        '<code>distribution/monitoring</code>: "grafana"'
    )


def test_a_row_says_why_each_label_was_taken_off_after_why_those_added_were_given() -> None:
    explained = IssueOutcome(
        number=18,
        title="compose, not k8s",
        status="changed",
        plan=Plan(18, add_labels=("area/compose",), remove_labels=("needs-triage", "area/k8s", "area/helm")),
        reasons=(("area/compose", ("docker compose",)),),
        removals=(
            Removal("needs-triage", "matched", "area/compose"),
            Removal("area/k8s", "unmatched"),
            Removal("area/helm", "unmatched"),
        ),
    )
    assert row_of(explained).split(" | ")[4] == (
        '<code>area/compose</code>: "docker compose"; '
        "<code>needs-triage</code>: matched <code>area/compose</code>; "
        "<code>area/k8s</code>, <code>area/helm</code>: no longer matched"
    )


def test_the_other_owners_label_a_removal_names_cannot_break_the_row_or_mention_anyone() -> None:
    handed_over = IssueOutcome(
        number=19,
        title="t",
        status="changed",
        plan=Plan(19, remove_labels=("needs-triage",), deferred_to="@ops|x"),
        removals=(Removal("needs-triage", "deferred", "@ops|x"),),
    )
    assert row_of(handed_over).split(" | ")[4] == (
        "<code>needs-triage</code>: carries <code>&#64;ops&#124;x</code> (defer_to)"
    )


def test_the_issues_words_in_a_reason_are_cut_short_and_made_inert() -> None:
    hostile = IssueOutcome(
        number=18,
        title="t",
        status="changed",
        plan=CHANGED.plan,
        reasons=(("area/x", ("@octocat | <b>" + "x" * 80,)),),
    )
    row = row_of(hostile)
    cell = row.split(" | ")[4]
    assert cell.startswith('<code>area/x</code>: "&#64;octocat &#124; &lt;b&gt;x')
    assert cell.endswith('…"')


def test_the_issues_words_in_a_reason_are_cut_at_forty_characters() -> None:
    said = "k" * 60
    outcome = IssueOutcome(24, "t", "changed", plan=CHANGED.plan, reasons=(("area/x", (said,)),))
    assert row_of(outcome).split(" | ")[4] == f'<code>area/x</code>: "{"k" * 39}…"'


def test_a_title_is_cut_at_eighty_characters() -> None:
    outcome = IssueOutcome(25, "t" * 81, "changed", plan=CHANGED.plan)
    assert row_of(outcome).startswith(f"| #25 {'t' * 79}… |")


def test_a_title_of_exactly_eighty_characters_is_shown_whole() -> None:
    outcome = IssueOutcome(28, "t" * 80, "changed", plan=CHANGED.plan)
    assert row_of(outcome).startswith(f"| #28 {'t' * 80} |")


def test_a_row_links_to_the_issue_page() -> None:
    linked = IssueOutcome(19, "t", "changed", plan=CHANGED.plan, url="https://github.com/o/r/issues/19")
    row = row_of(linked)
    assert row.startswith("| [#19](https://github.com/o/r/issues/19) t |")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//https://x",
        "https://github.com/o/r/issues/20)(javascript:alert(1)",
        "http://github.com/o/r/issues/20",
    ],
)
def test_an_odd_issue_url_is_not_made_a_link(url: str) -> None:
    odd = IssueOutcome(20, "t", "changed", plan=CHANGED.plan, url=url)
    assert "| #20 t |" in render_summary(RunReport((odd,)))


def test_an_unchanged_issue_with_a_label_a_person_removed_gets_a_row_saying_so() -> None:
    kept = IssueOutcome(21, "t", "unchanged", plan=Plan(21, kept_off=("area/x",)))
    row = row_of(kept)
    assert row.endswith("| kept off (removed by a person): <code>area/x</code> |")


def test_a_failed_issue_says_why() -> None:
    text = render_summary(RunReport((FAILED,)))
    assert "| #15 Gone |  |  |  |  | failed: GET /x: not found (404) |" in text


def test_a_failed_issue_still_says_which_labels_a_person_kept_off() -> None:
    failed = IssueOutcome(29, "t", "failed", plan=Plan(29, kept_off=("area/x",)), note="timed out")
    assert row_of(failed).endswith(
        "| failed: timed out; kept off (removed by a person): <code>area/x</code> |"
    )


def test_why_an_issue_failed_is_kept_to_three_hundred_characters() -> None:
    failed = IssueOutcome(26, "t", "failed", note="e" * 301)
    assert row_of(failed).endswith(f"| failed: {'e' * 299}… |")


def test_the_error_that_ended_a_run_is_shown_whole_up_to_two_thousand_characters() -> None:
    failure = "GitHub refused the token: " + "x" * (2000 - 26)
    assert f"> [!CAUTION]\n> {failure}\n" in render_summary(RunReport((), failure=failure))


def test_an_error_past_two_thousand_characters_is_cut_there() -> None:
    failure = "GitHub refused the token: " + "x" * 2500
    assert f"> [!CAUTION]\n> {failure[:1999]}…\n" in render_summary(RunReport((), failure=failure))


def test_a_run_that_failed_before_any_issue_says_so_in_its_heading_rather_than_zero_counts() -> None:
    summary = render_summary(RunReport((), failure="rules/ownership.yaml:3:1: teams: expected a list"))
    assert summary.startswith("## triage: failed before any issue\n")
    assert "0 failed" not in summary


def test_a_run_that_failed_at_an_issue_keeps_its_counts_in_the_heading() -> None:
    failed = IssueOutcome(7, "kubectl apply fails", "failed", note="GET /repos/o/r/issues/7: 422")
    assert render_summary(RunReport((failed,), failure="refused")).startswith(
        "## triage: 0 changed, 0 unchanged, 0 skipped, 1 failed\n"
    )


def test_a_hostile_title_cannot_break_the_table_inject_html_or_mention_anyone() -> None:
    hostile = IssueOutcome(1, "a | b <img src=x> @octocat `x`\n| c |", "failed", note="n")
    row = row_of(hostile)
    assert row.startswith("| #1 a &#124; b &lt;img src=x&gt; &#64;octocat &#96;x&#96; &#124; c &#124; |")


def test_a_title_cannot_embed_an_image_or_hide_a_link_behind_its_words() -> None:
    hostile = IssueOutcome(2, "![x](https://evil.example/p.png) [docs](https://evil.example) \\", "failed")
    row = row_of(hostile)
    assert row.startswith(
        "| #2 !&#91;x&#93;(https://evil.example/p.png) &#91;docs&#93;(https://evil.example) &#92; |"
    )


def test_a_title_cannot_carry_control_or_bidirectional_characters_into_the_table() -> None:
    hostile = IssueOutcome(3, "a\x00b\u202ec\x1b[2J\u2028d", "failed")
    assert row_of(hostile).startswith("| #3 abc&#91;2J d |")


def test_an_error_naming_a_path_with_an_undecodable_byte_is_written_with_a_replacement_character(
    tmp_path: Path,
) -> None:
    summary = tmp_path / "summary.md"
    failure = "/work/\udcff.yaml:1:1: (file): cannot read: No such file or directory"
    write_summary(str(summary), RunReport((), failure=failure))
    assert "> /work/\ufffd.yaml:1:1: (file): cannot read" in summary.read_text(encoding="utf-8")


def test_a_dry_run_says_nothing_was_written() -> None:
    assert "_Dry run: nothing was written" in render_summary(RunReport((CHANGED,), dry_run=True))


def test_a_labels_only_run_says_it_posted_no_new_comment() -> None:
    assert "_New comments off: labels only" in render_summary(RunReport((CHANGED,), new_comments=False))
    assert "New comments off" not in render_summary(RunReport((CHANGED,)))


def test_a_skipped_run_says_why_in_place_of_the_counts() -> None:
    text = render_summary(RunReport((), skipped="`issues` action `labeled` is not one triage handles"))
    assert (
        text == "## triage: skipped\n\n&#96;issues&#96; action &#96;labeled&#96; is not one triage handles\n"
    )


def test_a_stopped_run_shows_the_resume_hint() -> None:
    text = render_summary(
        RunReport((CHANGED,), batch=True, stopped="stopped at #12; resume with --since 2024-01-01")
    )
    assert "> [!WARNING]\n> stopped at #12; resume with --since 2024-01-01" in text


def test_a_long_resume_hint_is_shown_whole_up_to_two_thousand_characters() -> None:
    stopped = "stopped at #12 after the rate limit ran out; resume with --since 2024-01-01 " + "x" * 1924
    assert len(stopped) == 2000
    assert f"> [!WARNING]\n> {stopped}\n" in render_summary(
        RunReport((CHANGED,), batch=True, stopped=stopped)
    )


def test_a_batch_gets_a_mermaid_pie_of_issues_per_area() -> None:
    text = render_summary(RunReport((CHANGED, UNCHANGED), batch=True))
    assert '```mermaid\npie title Issues per area\n    "Kubernetes" : 2\n```' in text


def test_the_pie_lists_areas_by_name_with_double_quotes_made_single() -> None:
    outcomes = (
        IssueOutcome(1, "t", "unchanged", areas=('The "pure" Docker',)),
        IssueOutcome(2, "t", "unchanged", areas=("Kubernetes", 'The "pure" Docker')),
    )
    assert render_summary(RunReport(outcomes, batch=True)).endswith(
        '```mermaid\npie title Issues per area\n    "Kubernetes" : 1\n    "The \'pure\' Docker" : 2\n```\n'
    )


def test_a_batch_in_which_no_area_matched_gets_no_chart() -> None:
    assert "mermaid" not in render_summary(RunReport((SKIPPED,), batch=True))


def test_a_single_issue_gets_no_chart() -> None:
    assert "mermaid" not in render_summary(RunReport((CHANGED,)))


def test_five_thousand_changed_issues_stay_under_one_mebibyte_with_a_note() -> None:
    many = tuple(
        IssueOutcome(n, "A rather long issue title " * 4, "changed", plan=CHANGED.plan, areas=("Kubernetes",))
        for n in range(1, 5001)
    )
    text = render_summary(RunReport(many, batch=True))
    assert len(text.encode()) < SUMMARY_LIMIT
    assert "more issues not shown: the job summary is limited to 1 MiB. They are #" in text
    assert text.rstrip().endswith("```")


def test_titles_of_four_byte_characters_still_keep_the_summary_under_one_mebibyte() -> None:
    many = tuple(IssueOutcome(n, "😀" * 80, "changed", plan=CHANGED.plan) for n in range(1, 10_001))
    text = render_summary(RunReport(many, batch=True))
    assert len(text.encode()) < SUMMARY_LIMIT


def test_rows_that_fill_the_row_budget_exactly_are_all_shown() -> None:
    def failed(number: int, note_chars: int) -> IssueOutcome:
        return IssueOutcome(number, "t" * 80, "failed", note="n" * note_chars)

    each = len(row_of(failed(1000, 0)).encode()) + 1  # numbers 1000 to 9999 make rows of one length
    rows = [failed(n, 0) for n in range(1000, 1000 + (ROW_BUDGET - each) // each)]
    rows.append(failed(9999, ROW_BUDGET - len(rows) * each - each))  # the last row takes what is left
    text = render_summary(RunReport(tuple(rows), batch=True))
    assert sum(len(line.encode()) + 1 for line in text.splitlines() if line.startswith("| #")) == ROW_BUDGET
    assert "more issues not shown" not in text


def test_an_issue_that_failed_late_in_a_long_batch_keeps_its_row_when_the_table_is_cut() -> None:
    many = [IssueOutcome(n, "t" * 80, "changed", plan=CHANGED.plan) for n in range(1, 10_001)]
    many[9_990] = IssueOutcome(9_991, "t", "failed", note="#9991 was left part-way (labels added)")
    text = render_summary(RunReport(tuple(many), batch=True))
    assert "more issues not shown" in text
    assert text.splitlines()[4].startswith("| #9991 t |")


def test_the_note_counts_exactly_the_issues_left_out_of_the_table() -> None:
    many = tuple(IssueOutcome(n, "t" * 80, "changed", plan=CHANGED.plan) for n in range(1, 10_001))
    text = render_summary(RunReport(many, batch=True))
    shown = sum(1 for line in text.splitlines() if line.startswith("| #"))
    assert f"_… and {10_000 - shown} more issues not shown:" in text


def test_the_issues_cut_from_the_table_are_named_by_number_in_the_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch over 200 issues has no log line for a changed issue: the note is all that names them."""
    many = tuple(IssueOutcome(n, "t", "changed", plan=CHANGED.plan) for n in (30, 10, 20, 50, 40))
    monkeypatch.setattr("triage.summary.ROW_BUDGET", 2 * len(row_of(many[0]).encode()) + 2)
    text = render_summary(RunReport(many, batch=True))
    assert (
        "_… and 3 more issues not shown: the job summary is limited to 1 MiB. They are #20, #40, #50._"
        in text
    )


def test_the_numbers_of_cut_issues_stop_at_their_own_budget_and_say_how_many_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    many = tuple(IssueOutcome(n, "t", "changed", plan=CHANGED.plan) for n in range(10, 20))
    monkeypatch.setattr("triage.summary.ROW_BUDGET", len(row_of(many[0]).encode()) + 1)
    monkeypatch.setattr("triage.summary.CUT_NAMES_BUDGET", len("#11, #12, #13, "))
    text = render_summary(RunReport(many, batch=True))
    assert "They are #11, #12, #13 and 6 more._" in text


def test_a_cut_summary_naming_its_cut_issues_with_the_longest_stop_and_failure_stays_under_one_mebibyte() -> (
    None
):
    many = tuple(IssueOutcome(n, "😀" * 80, "changed", plan=CHANGED.plan) for n in range(100_000, 112_000))
    report = RunReport(many, batch=True, stopped="|" * 5000, failure="|" * 5000, not_reached=99_999)
    text = render_summary(report)
    assert " more issues not shown: " in text
    assert len(text.encode()) < SUMMARY_LIMIT


def test_a_single_issue_outputs_its_labels_areas_and_the_changed_count() -> None:
    assert outputs(RunReport((CHANGED,))) == {
        "changed": "1",
        "labels": json.dumps(["team/distribution", "distribution/kubernetes"]),
        "areas": json.dumps(["Kubernetes"]),
    }


@pytest.mark.parametrize(
    "report",
    [
        RunReport((CHANGED, UNCHANGED), batch=True),
        RunReport((CHANGED,), batch=True),
        RunReport((CHANGED, UNCHANGED)),
    ],
    ids=["batch", "batch of one", "two issues"],
)
def test_a_run_of_other_than_one_issue_outputs_the_changed_count_and_empty_lists(report: RunReport) -> None:
    """A later step's `fromJSON(steps.triage.outputs.labels)` fails on an output left unset."""
    assert outputs(report) == {"changed": "1", "labels": "[]", "areas": "[]"}


@pytest.mark.parametrize(
    "report",
    [RunReport((), skipped="the issue is a pull request"), RunReport((), failure="GITHUB_TOKEN is empty")],
    ids=["skipped", "failed before any issue"],
)
def test_a_run_that_triaged_no_issue_still_sets_every_output(report: RunReport) -> None:
    assert outputs(report) == {"changed": "0", "labels": "[]", "areas": "[]"}


def test_outputs_use_the_multiline_safe_delimiter_form() -> None:
    text = output_lines({"labels": '["a"]'})
    name_line, value, end = text.splitlines()
    assert name_line.startswith("labels<<ghadelimiter_")
    assert value == '["a"]'
    assert end == name_line.removeprefix("labels<<")


def test_a_value_holding_the_delimiter_gets_another_delimiter(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = uuid.UUID(int=1), uuid.UUID(int=2)
    ids = iter([first, second])
    monkeypatch.setattr(uuid, "uuid4", lambda: next(ids))
    value = f"x\nghadelimiter_{first.hex}\nchanged=999"
    assert (
        output_lines({"areas": value})
        == f"areas<<ghadelimiter_{second.hex}\n{value}\nghadelimiter_{second.hex}\n"
    )


def test_a_value_holding_every_delimiter_tried_so_far_gets_yet_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second, third = uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)
    ids = iter([first, second, third])
    monkeypatch.setattr(uuid, "uuid4", lambda: next(ids))
    value = f"ghadelimiter_{first.hex}\nghadelimiter_{second.hex}"
    assert (
        output_lines({"areas": value})
        == f"areas<<ghadelimiter_{third.hex}\n{value}\nghadelimiter_{third.hex}\n"
    )


def test_summary_and_outputs_are_appended_to_the_files_actions_names(tmp_path: Path) -> None:
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    summary.write_text("earlier step\n")
    output.write_text("earlier=1\n")
    write_summary(str(summary), RunReport((CHANGED,)))
    write_outputs(str(output), RunReport((CHANGED,)))
    assert summary.read_text().startswith("earlier step\n## triage: 1 changed")
    assert output.read_text().startswith("earlier=1\nchanged<<ghadelimiter_")


def test_without_the_actions_files_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_summary(None, RunReport((CHANGED,)))
    write_outputs("", RunReport((CHANGED,)))
    assert list(tmp_path.iterdir()) == []


def test_a_resume_file_in_the_runners_temp_folder_keeps_its_underscore_in_the_italic_line() -> None:
    """`/_temp` would open emphasis of its own, which the line's closing `_` pairs with."""
    said = "resuming from #351, where the last run of this sweep stopped (from /home/runner/work/_temp/r)"
    [line] = [line for line in render_summary(RunReport((), resume_file=said)).splitlines() if "#351" in line]
    assert line == (
        "_Resuming from #351, where the last run of this sweep stopped (from /home/runner/work/&#95;temp/r)._"
    )
