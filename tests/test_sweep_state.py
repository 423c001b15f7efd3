"""A sweep's resume point kept in a file (`triage.sweep_state`): what a file says, which `since` a run
takes from it, and what a run leaves in it. The file's use by `triage run` against the fake GitHub is
tests/integration/test_run_resume_file.py's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from triage.dispatch import DispatchInputs, with_flags
from triage.errors import InputError
from triage.summary import ResumeAt, RunReport
from triage.sweep_state import (
    Choice,
    Saved,
    parse_state,
    read_state,
    resume_choice,
    state_after,
    state_text,
    write_state,
)

NOW = datetime(2027, 1, 15, 8, tzinfo=UTC)
POINT = "2027-01-14T12:03:00Z,4,2027-01-14T12:05:01Z"
"""A point whose TIME is 20 hours before `NOW`: inside a 26h window, before a 12h one's start."""
PATH = "/tmp/state"


def given(since: str | None = None, label: str | None = None) -> DispatchInputs:
    return with_flags(DispatchInputs(), since_date=since, label_name=label)


def saved(point: str = POINT, window: str | None = "26h", label: str | None = None) -> Saved:
    found = parse_state(state_text(point, window, label).encode(), PATH)
    assert found is not None
    return found


def choose(
    found: Saved | None, inputs: DispatchInputs, *, labels_only: bool = False, dry_run: bool = False
) -> Choice:
    return resume_choice(found, inputs, PATH, labels_only=labels_only, dry_run=dry_run, now=NOW)


def test_a_saved_point_of_the_same_sweep_is_taken_up() -> None:
    choice = choose(saved(), given("26h"))
    assert choice.resumed_from == POINT
    assert (choice.inputs.from_issue, choice.inputs.since_ago) == (4, None)
    assert choice.inputs.since == datetime(2027, 1, 14, 12, 3, tzinfo=UTC)


def test_a_span_written_another_way_is_the_same_window() -> None:
    assert choose(saved(window="1d"), given("24h")).resumed_from == POINT


def test_a_point_of_every_open_issue_is_taken_up_by_a_sweep_of_every_open_issue() -> None:
    assert choose(saved(window=None), given()).resumed_from == POINT


def test_a_point_of_a_narrower_sweep_is_not_taken_up_by_one_of_every_open_issue() -> None:
    """Every issue updated before its TIME was left to the narrower sweep's window, never swept."""
    choice = choose(saved(window="26h"), given())
    assert choice.resumed_from is None
    assert choice.inputs == given()
    assert "it is from a sweep of another window (26h)" in (choice.said or "")


def test_a_point_of_another_window_whose_time_reaches_back_before_this_runs_window_is_taken_up() -> None:
    """Its listing covers the whole of this run's window: 12h back from `NOW` is after its TIME."""
    assert choose(saved(window="7d"), given("12h")).resumed_from == POINT


def test_a_point_of_another_window_whose_time_is_inside_this_runs_window_is_ignored() -> None:
    assert choose(saved(window="12h"), given("7d")).resumed_from is None


def test_a_dry_runs_point_is_ignored_by_a_real_run_and_a_real_runs_by_a_dry_run() -> None:
    assert choose(saved(f"{POINT},dry-run"), given("26h")).resumed_from is None
    assert choose(saved(POINT), given("26h"), dry_run=True).resumed_from is None
    assert choose(saved(f"{POINT},dry-run"), given("26h"), dry_run=True).resumed_from is not None


def test_a_labels_only_point_is_taken_up_only_by_a_labels_only_run() -> None:
    assert choose(saved(f"{POINT},labels-only"), given("26h")).resumed_from is None
    assert choose(saved(POINT), given("26h"), labels_only=True).resumed_from is None
    both = saved(f"{POINT},labels-only+dry-run")
    assert choose(both, given("26h"), labels_only=True, dry_run=True).resumed_from is not None


def test_a_point_of_another_label_filter_is_ignored() -> None:
    assert choose(saved(label="bug"), given("26h", label="docs")).resumed_from is None
    assert choose(saved(label="bug"), given("26h", label="Bug")).resumed_from == POINT


def test_a_point_whose_time_is_after_the_runs_start_is_ignored() -> None:
    later = NOW + timedelta(hours=1)
    point = f"{later:%Y-%m-%dT%H:%M:%SZ},4,{later:%Y-%m-%dT%H:%M:%SZ}"
    assert choose(saved(point), given("26h")).resumed_from is None


def test_no_saved_point_leaves_the_run_as_configured_and_says_nothing() -> None:
    assert choose(None, given("26h")) == (given("26h"), None, None)


def test_an_empty_file_and_a_finished_one_hold_no_point() -> None:
    assert parse_state(b"", PATH) is None
    assert parse_state(state_text(None).encode(), PATH) is None


@pytest.mark.parametrize(
    "text",
    [
        b"\xff\xfe",
        b"<html>",
        b"since=yesterday\n",
        b"since=2027-01-14T12:03:00Z\n",
        b"window=26h\n",
        f"since={POINT}\nsince={POINT}\n".encode(),
        f"since={POINT}\nwindow={POINT}\n".encode(),
        b"x" * 5000,
    ],
)
def test_a_file_that_is_not_ours_is_an_error_naming_it(text: bytes) -> None:
    with pytest.raises(InputError, match=f"^{PATH}: "):
        parse_state(text, PATH)


def test_reading_a_file_that_is_not_ours_gives_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "state"
    path.write_bytes(b"garbage\n")
    found, warning = read_state(str(path))
    assert found is None
    assert warning == (
        f"{path}: not a resume file of triage's (line 1: 'garbage'); ignored: the sweep starts as configured"
    )


def test_a_missing_file_holds_no_point_and_no_warning(tmp_path: Path) -> None:
    assert read_state(str(tmp_path / "none")) == (None, None)


def test_a_written_point_reads_back_with_its_sweep(tmp_path: Path) -> None:
    path = tmp_path / "state"
    write_state(str(path), state_text(POINT, "26h", "bug"))
    found, _ = read_state(str(path))
    assert found is not None
    assert (found.point, found.window, found.label) == (POINT, "26h", "bug")
    assert [p.name for p in tmp_path.iterdir()] == ["state"]  # the temporary file was renamed


def test_a_missing_folder_is_made(tmp_path: Path) -> None:
    path = tmp_path / "new" / "state"
    write_state(str(path), state_text(None))
    assert read_state(str(path)) == (None, None)


def test_a_file_that_cannot_be_written_is_an_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_state(str(blocker / "state"), state_text(None))


AT = ResumeAt(POINT, 4, "stopped after 3 of 6 issues (last done: #3): out of budget")


def test_a_stop_with_a_point_leaves_the_point_even_when_issues_failed_before_it() -> None:
    report = RunReport((), batch=True, stopped="stopped", resume_at=AT)
    assert state_after(report, window="26h", label=None) == state_text(POINT, "26h")


def test_a_batch_that_went_through_every_issue_leaves_finished() -> None:
    assert state_after(RunReport((), batch=True), window="26h", label=None) == state_text(None)


def test_a_failed_run_and_a_stop_without_a_point_leave_the_file_as_it_was() -> None:
    assert state_after(RunReport((), batch=True, failure="bad token"), window=None, label=None) is None
    assert state_after(RunReport((), batch=True, stopped="while listing"), window=None, label=None) is None


def test_a_line_not_ours_is_named_by_its_line_in_the_file() -> None:
    """The header and blank lines are counted: the number is the one an editor shows."""
    text = state_text(POINT, "26h") + "\nsince=" + POINT + "\n"
    with pytest.raises(InputError, match=r"\(line 6: 'since="):
        parse_state(text.encode(), PATH)
