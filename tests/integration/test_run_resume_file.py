"""A sweep that keeps its resume point in a file (`--resume-file`, TRIAGE_RESUME_FILE: the action keeps
it in the Actions cache for `schedule` runs): a stop saves its point there and ends well, and the next
run continues from it; against the fake GitHub.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.fakegithub import REPO, FakeGitHub, faults
from tests.integration.conftest import K8S, TEAM, Result, Runner, add_managed_labels, writes
from triage.backoff import primary_reserve

SCHEDULE = {"schedule": "17 3 * * *"}


def issues_and_a_short_budget(github: FakeGitHub) -> list[int]:
    """Six Kubernetes issues updated 20 hours before now, a minute apart, and 12 requests left above a
    batch's reserve until the limit resets in 3,000 s: a sweep stops part-way."""
    add_managed_labels(github)
    start = github.clock.now()
    yesterday = start - 20 * 3600
    numbers = [
        github.state.add_issue(REPO, f"kubectl fails {n}", "Kubernetes", created_at=yesterday + n * 60)
        for n in range(6)
    ]
    github.state.set_rate_budget(remaining=12 + primary_reserve(5000), reset_at=start + 3000)
    return numbers


def sweep(run_triage: Runner, state: Path, since: str = "26h", **env: str) -> Result:
    """A scheduled run, as the action starts it with its resume file."""
    return run_triage(
        event_name="schedule", payload=SCHEDULE, TRIAGE_SINCE=since, TRIAGE_RESUME_FILE=str(state), **env
    )


def labelled(github: FakeGitHub, numbers: list[int]) -> list[int]:
    return [n for n in numbers if github.state.issue(REPO, n).labels]


def saved_point(state: Path) -> str:
    found = re.search(r"^since=(\S+)$", state.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None, state.read_text(encoding="utf-8")
    return found[1]


def in_italics(path: Path) -> str:
    """`path` as the summary's italic lines show it: its `_` as a character reference."""
    return str(path).replace("_", "&#95;")


def test_a_sweep_that_stops_saves_its_resume_point_and_ends_well(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    stopped = sweep(run_triage, state, GITHUB_ACTIONS="true")
    assert stopped.code == 0, stopped.err
    first = next(n for n in numbers if n not in labelled(github, numbers))
    point = saved_point(state)
    assert point.split(",")[1] == str(first)
    said = f"The next scheduled run continues from #{first} (since={point}, saved in {state})"
    assert said in stopped.err
    assert "::warning title=triage::stopped after " in stopped.err
    assert said in run_triage.summary()
    assert "dispatch this workflow" not in stopped.err + run_triage.summary()


def test_the_next_scheduled_run_continues_from_the_saved_point_leaving_alone_the_issues_done_before(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state).code == 0
    done = labelled(github, numbers)
    assert 0 < len(done) < len(numbers)
    github.clock.advance(86400)
    github.log.clear()
    resumed = sweep(run_triage, state)
    assert resumed.code == 0, resumed.err
    assert (
        f"triage: resuming from #{numbers[len(done)]}, where the last run of this sweep stopped"
        in resumed.out
    )
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)
    written = {int(m[1]) for entry in writes(github) if (m := re.search(r"/issues/(\d+)/", entry))}
    assert written == set(numbers) - set(done)


def test_the_job_summary_of_a_sweep_that_continues_says_it_resumed_from_the_saved_point(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state).code == 0
    point = saved_point(state)
    github.clock.advance(86400)
    resumed = sweep(run_triage, state)
    assert resumed.code == 0, resumed.err
    first = point.split(",")[1]
    said = (
        f"_Resuming from #{first}, where the last run of this sweep stopped (since={point}, "
        f"from {in_italics(state)})._"
    )
    assert said in run_triage.summary()
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)


def test_a_sweep_of_every_open_issue_continues_from_the_point_its_last_run_saved(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """Its window has no start for a point's TIME to reach back to: the point is the same sweep's."""
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state, since="").code == 0
    done = labelled(github, numbers)
    github.clock.advance(86400)
    github.log.clear()
    assert sweep(run_triage, state, since="").code == 0
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)
    assert not any(f"/issues/{n}/" in entry for entry in writes(github) for n in done)


def test_a_sweep_that_finishes_writes_that_no_resume_is_pending(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state).code == 0
    github.clock.advance(86400)
    assert sweep(run_triage, state).code == 0
    assert state.read_text(encoding="utf-8").splitlines()[1:] == ["finished"]
    github.log.clear()
    fresh = sweep(run_triage, state)
    assert fresh.code == 0, fresh.err
    assert "resuming" not in fresh.out
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)


def test_a_point_saved_by_a_dry_run_sweep_is_ignored_by_a_real_one(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """The workflow switched from dry runs to real ones: the issues before the point were never
    triaged, so the real sweep starts as configured, and still ends well."""
    numbers = issues_and_a_short_budget(github)
    github.state.set_rate_budget(remaining=4 + primary_reserve(5000))  # a dry run only reads
    state = tmp_path / "resume"
    assert sweep(run_triage, state, TRIAGE_DRY_RUN="true").code == 0
    assert labelled(github, numbers) == []
    point = saved_point(state)
    assert point.endswith(",dry-run")
    github.state.set_rate_budget(remaining=5000)
    real = sweep(run_triage, state, TRIAGE_DRY_RUN="false")
    assert real.code == 0, real.err
    assert (
        f"triage: the resume point saved in {state} ({point}) is ignored: it is a dry-run run's, and this "
        "run is not one (the issues before it were never triaged); the sweep starts as configured"
    ) in real.out
    assert f"triage: open issues to triage: {len(numbers)};" in real.out
    assert (
        f"_The resume point saved in {in_italics(state)} ({point}) is ignored: it is a dry-run run"
        in run_triage.summary()
    )
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)


def test_a_point_saved_by_a_labels_only_sweep_is_ignored_once_new_comments_are_on(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state, TRIAGE_NEW_COMMENTS="false").code == 0
    assert saved_point(state).endswith(",labels-only")
    github.state.set_rate_budget(remaining=5000)
    github.log.clear()
    commenting = sweep(run_triage, state, TRIAGE_NEW_COMMENTS="true")
    assert commenting.code == 0, commenting.err
    assert "is ignored: it is a labels-only run's, and this run posts new comments" in commenting.out
    assert f"triage: open issues to triage: {len(numbers)};" in commenting.out  # from the oldest
    assert github.log.count("POST", rf"/issues/{numbers[-1]}/comments$") == 1


def test_a_resume_file_that_is_not_ours_is_ignored_with_a_warning_naming_it(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    github.state.set_rate_budget(remaining=5000)
    state = tmp_path / "resume"
    state.write_text("<html>cache</html>\n", encoding="utf-8")
    result = sweep(run_triage, state, GITHUB_ACTIONS="true")
    assert result.code == 0, result.err
    assert f"triage: {state}: not a resume file of triage's (line 1: '<html>cache</html>')" in result.err
    assert "::warning title=triage::" in result.err
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)
    assert state.read_text(encoding="utf-8").splitlines()[1:] == ["finished"]


def test_a_stop_whose_point_cannot_be_saved_keeps_its_exit_code_and_its_hint(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    issues_and_a_short_budget(github)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    state = not_a_folder / "resume"
    stopped = sweep(run_triage, state)
    assert stopped.code == 4
    assert "dispatch this workflow with since=" in stopped.err
    assert f"The resume point could not be saved in {state} (File exists): the next run" in stopped.err
    assert "continues from" not in stopped.err


def test_resume_sweeps_false_leaves_the_file_alone_and_a_stop_fails_as_before(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    stopped = sweep(run_triage, state, TRIAGE_RESUME_SWEEPS="FALSE")
    assert stopped.code == 4
    assert "dispatch this workflow with since=" in stopped.err
    assert not state.exists()


def test_a_resumed_sweep_stopped_while_listing_keeps_its_point_and_ends_well(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state).code == 0
    point = saved_point(state)
    github.state.set_rate_budget(remaining=0, reset_at=github.clock.now() + 3000)
    stopped = sweep(run_triage, state)
    assert stopped.code == 0, stopped.err
    assert saved_point(state) == point
    assert f"The next scheduled run continues from #{point.split(',')[1]}" in stopped.err
    assert len(labelled(github, numbers)) < len(numbers)


def test_a_stop_after_an_issue_failed_saves_its_point_and_fails_for_that_issue(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """The issues before the point are done and the next run goes on from it, as for any stop; the
    one that failed is behind the point, so the run's exit code says it, as a sweep that finished
    with a failed issue does."""
    numbers = issues_and_a_short_budget(github)
    github.faults.add("POST", rf"/issues/{numbers[0]}/labels$", faults.status(422, {"message": "Invalid"}))
    state = tmp_path / "resume"
    stopped = sweep(run_triage, state)
    assert stopped.code == 1
    point = saved_point(state)
    assert f"The next scheduled run continues from #{point.split(',')[1]}" in stopped.err
    assert f"The resume does not take again the issue that failed (#{numbers[0]})" in stopped.err
    assert re.search(rf"^triage: 1 of \d issues failed \(#{numbers[0]}\)", stopped.err, re.MULTILINE)


def test_a_resume_file_beside_one_issue_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(
        "--issue",
        str(number),
        "--resume-file",
        str(tmp_path / "resume"),
        event_name="schedule",
        payload=SCHEDULE,
    )
    assert result.code == 2
    assert "--resume-file (TRIAGE_RESUME_FILE) keeps a batch's resume point between runs" in result.err
    assert len(github.log) == 0


def test_a_resume_file_beside_a_resume_point_given_as_since_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    point = "2027-01-14T08:00:00Z,3,2027-01-15T08:00:01Z"
    result = run_triage(
        "--since", point, "--resume-file", str(tmp_path / "resume"), event_name="schedule", payload=SCHEDULE
    )
    assert result.code == 2
    assert "takes the resume point from its file, and a resume point was given as since" in result.err
    assert len(github.log) == 0


def test_an_empty_resume_file_option_is_refused(github: FakeGitHub, run_triage: Runner) -> None:
    result = run_triage("--resume-file", "", event_name="schedule", payload=SCHEDULE)
    assert result.code == 2
    assert "--resume-file is empty" in result.err
    assert len(github.log) == 0


def test_resume_sweeps_neither_true_nor_false_fails_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    result = sweep(run_triage, tmp_path / "resume", TRIAGE_RESUME_SWEEPS="yes")
    assert result.code == 1
    assert (
        'TRIAGE_RESUME_SWEEPS (the action\'s `resume-sweeps`): expected "true" or "false", got' in result.err
    )
    assert len(github.log) == 0


def test_a_finished_sweep_that_cannot_write_its_resume_file_warns_on_the_runs_page(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """The file keeps what it held, a point this sweep went past, which the next run would take
    up again: the run still ends well, and the run's page says why the file did not change."""
    numbers = issues_and_a_short_budget(github)
    github.state.set_rate_budget(remaining=5000)
    state = tmp_path / "resume"
    state.mkdir()
    result = sweep(run_triage, state, GITHUB_ACTIONS="true")
    assert result.code == 0, result.err
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)
    said = f"cannot write the resume file {state} (Is a directory): it still holds what it held before"
    assert f"::warning title=triage::{said}" in result.err


def test_a_dry_run_night_replaces_a_real_sweeps_point_and_the_real_sweep_starts_as_configured(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """As the README says of a `dry-run: true` night between real ones: the dry run ignores the real
    point, and saves what it did in its place."""
    numbers = issues_and_a_short_budget(github)
    state = tmp_path / "resume"
    assert sweep(run_triage, state).code == 0
    done = labelled(github, numbers)
    github.state.set_rate_budget(remaining=5000)
    assert sweep(run_triage, state, TRIAGE_DRY_RUN="true").code == 0
    assert state.read_text(encoding="utf-8").splitlines()[1:] == ["finished"]
    real = sweep(run_triage, state)
    assert real.code == 0, real.err
    assert "resuming" not in real.out
    assert f"triage: open issues to triage: {len(numbers)};" in real.out
    assert 0 < len(done) < len(numbers)
