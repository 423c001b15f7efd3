"""Specifications of action.yml, the composite action other repositories use, and of its reuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workflow_files import ACTION, WORKFLOWS, load, run_step, step_named, steps, steps_using, triggers


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("rules", "rules/ownership.yaml"),
        ("token", "${{ github.token }}"),
        ("dry-run", "false"),
        ("bot-login", "github-actions[bot]"),
        ("former-bot-logins", ""),
        ("max-minutes", ""),
        ("max-wait-minutes", ""),
        ("since", ""),
        ("resume-sweeps", "true"),
    ],
)
def test_action_input_is_optional_with_its_default(name: str, default: str) -> None:
    spec = load(ACTION)["inputs"][name]
    assert (spec["required"], spec["default"]) == (False, default)
    assert spec["description"]


def test_action_has_exactly_the_documented_inputs() -> None:
    assert set(load(ACTION)["inputs"]) == {
        "rules",
        "token",
        "dry-run",
        "new-comments",
        "bot-login",
        "former-bot-logins",
        "max-minutes",
        "max-wait-minutes",
        "since",
        "resume-sweeps",
    }


@pytest.mark.parametrize("name", ["labels", "areas", "changed"])
def test_action_output_comes_from_the_triage_step(name: str) -> None:
    action = load(ACTION)
    assert action["outputs"][name]["value"] == f"${{{{ steps.triage.outputs.{name} }}}}"
    assert [step["id"] for step in steps(action) if step.get("id") == "triage"] == ["triage"]


def test_action_is_composite_and_every_script_names_its_shell() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {step["shell"] for step in steps(action) if "run" in step} == {"bash"}


def test_action_refuses_a_windows_runner_first_with_an_error_saying_which_runners_work(
    tmp_path: Path,
) -> None:
    first = next(steps(load(ACTION)))
    assert first["if"] == "runner.os == 'Windows'"
    ran = run_step(first["run"], tmp_path, {})
    assert ran.returncode == 1
    assert ran.stdout.startswith("::error title=triage::triage runs on Linux runners (ubuntu-latest,")


def test_action_leaves_the_callers_python_alone() -> None:
    (setup,) = steps_using(load(ACTION), "actions/setup-python")
    assert setup["with"]["update-environment"] is False


def test_action_installs_the_dependencies_listed_in_its_own_checkout_with_its_own_python() -> None:
    install = step_named(load(ACTION), "Install triage's dependencies")
    assert '"$GITHUB_ACTION_PATH/requirements/action.txt"' in install["run"]
    assert install["env"] == {"PYTHON": "${{ steps.python.outputs.python-path }}"}


def test_action_passes_every_input_to_the_triage_step_through_env() -> None:
    assert step_named(load(ACTION), "Triage")["env"] == {
        "GITHUB_TOKEN": "${{ inputs.token }}",
        "TRIAGE_RULES": "${{ inputs.rules }}",
        "TRIAGE_DRY_RUN": "${{ inputs.dry-run }}",
        "TRIAGE_NEW_COMMENTS": "${{ inputs.new-comments }}",
        "TRIAGE_BOT_LOGIN": "${{ inputs.bot-login }}",
        "TRIAGE_FORMER_BOT_LOGINS": "${{ inputs.former-bot-logins }}",
        "TRIAGE_MAX_MINUTES": "${{ inputs.max-minutes }}",
        "TRIAGE_MAX_WAIT_MINUTES": "${{ inputs.max-wait-minutes }}",
        "TRIAGE_SINCE": "${{ inputs.since }}",
        "TRIAGE_RESUME_SWEEPS": "${{ inputs.resume-sweeps }}",
        "TRIAGE_RESUME_FILE": STATE_FILE_ON_SCHEDULE,
    }


STATE_FILE_ON_SCHEDULE = (
    "${{ github.event_name == 'schedule' && format('{0}/triage-sweep/resume', runner.temp) || '' }}"
)
"""The resume file's path, under the runner's temporary folder (not the caller's workspace), for a
`schedule` event alone."""
SWEEPS_ON = (
    "github.event_name == 'schedule' && (inputs.resume-sweeps == 'true' || inputs.resume-sweeps == '')"
)
"""A schedule event, `resume-sweeps` on (an expression's `==` ignores case, as triage's reading does)."""
CACHE_SHA = "55cc8345863c7cc4c66a329aec7e433d2d1c52a9"
KEY_PREFIX = "triage-sweep|${{ github.workflow_ref }}|${{ github.job }}|"


def test_action_restores_a_sweeps_resume_point_before_triage_on_schedule_events_only() -> None:
    action = load(ACTION)
    names = [step.get("name") for step in steps(action)]
    assert names.index("Restore the sweep's resume point") == names.index("Triage") - 1
    restore = step_named(action, "Restore the sweep's resume point")
    assert restore["uses"] == f"actions/cache/restore@{CACHE_SHA}"
    assert restore["if"] == SWEEPS_ON


def test_action_saves_a_sweeps_resume_point_after_triage_even_when_the_step_failed() -> None:
    action = load(ACTION)
    names = [step.get("name") for step in steps(action)]
    assert names.index("Save the sweep's resume point") == names.index("Triage") + 1
    save = step_named(action, "Save the sweep's resume point")
    assert save["uses"] == f"actions/cache/save@{CACHE_SHA}"
    assert save["if"] == f"always() && {SWEEPS_ON}"


@pytest.mark.parametrize("name", ["Restore the sweep's resume point", "Save the sweep's resume point"])
def test_action_cache_steps_use_the_triage_steps_file_and_never_fail_the_run(name: str) -> None:
    step = step_named(load(ACTION), name)
    assert step["continue-on-error"] is True
    assert step["with"]["path"] == "${{ runner.temp }}/triage-sweep/resume"
    assert STATE_FILE_ON_SCHEDULE.startswith(
        "${{ github.event_name == 'schedule' && format('{0}/triage-sweep/resume'"
    )


@pytest.mark.parametrize("name", ["Restore the sweep's resume point", "Save the sweep's resume point"])
def test_action_cache_keys_are_one_a_run_attempt_under_a_prefix_of_the_workflow_and_the_job(
    name: str,
) -> None:
    key = step_named(load(ACTION), name)["with"]["key"]
    assert key == f"{KEY_PREFIX}${{{{ github.run_id }}}}-${{{{ github.run_attempt }}}}"


def test_action_restores_the_newest_point_of_its_own_workflow_and_job_alone() -> None:
    """The prefix ends in `|`, which no job id holds: `sweep` does not take up `sweep-labels`'s point."""
    restore = step_named(load(ACTION), "Restore the sweep's resume point")
    assert restore["with"]["restore-keys"] == KEY_PREFIX
    assert KEY_PREFIX.endswith("${{ github.job }}|")


def test_reusable_workflow_runs_the_action_from_the_pinned_triage_checkout() -> None:
    workflow = load(WORKFLOWS / "triage-reusable.yml")
    (checkout,) = steps_using(workflow, "actions/checkout")
    assert checkout["with"]["ref"] == "${{ inputs.triage-ref }}"
    assert checkout["with"]["path"] == ".triage"
    assert step_named(workflow, "Triage")["uses"] == "./.triage"


def test_reusable_workflow_falls_back_to_the_callers_token() -> None:
    triage = step_named(load(WORKFLOWS / "triage-reusable.yml"), "Triage")
    assert triage["with"]["token"] == "${{ secrets.token || github.token }}"


def test_reusable_workflow_passes_the_bot_login_and_the_former_ones_to_the_action() -> None:
    """A caller that moves to an App's token names the Actions token's login as a former one."""
    workflow = load(WORKFLOWS / "triage-reusable.yml")
    inputs = triggers(workflow)["workflow_call"]["inputs"]
    assert (inputs["former-bot-logins"]["type"], inputs["former-bot-logins"]["default"]) == ("string", "")
    triage = step_named(workflow, "Triage")
    assert triage["with"]["bot-login"] == "${{ inputs.bot-login }}"
    assert triage["with"]["former-bot-logins"] == "${{ inputs.former-bot-logins }}"


def test_reusable_workflow_passes_a_sweeps_window_and_wait_budget_to_the_action() -> None:
    """A caller's nightly sweep sets `since: 26h`, as the README's recipe says."""
    triage = step_named(load(WORKFLOWS / "triage-reusable.yml"), "Triage")
    assert triage["with"]["since"] == "${{ inputs.since }}"
    assert triage["with"]["max-wait-minutes"] == "${{ inputs.max-wait-minutes }}"


def test_reusable_workflow_lets_a_caller_run_longer_batches_below_the_jobs_timeout() -> None:
    """Fewer, longer runs: `max-wait-minutes` past 25 did nothing while `max-minutes` was fixed at 25."""
    workflow = load(WORKFLOWS / "triage-reusable.yml")
    inputs = triggers(workflow)["workflow_call"]["inputs"]
    assert (inputs["max-minutes"]["default"], inputs["timeout-minutes"]["default"]) == (25, 30)
    (job,) = workflow["jobs"].values()
    assert job["timeout-minutes"] == "${{ inputs.timeout-minutes }}"
    assert step_named(workflow, "Triage")["with"]["max-minutes"] == "${{ inputs.max-minutes }}"


def test_reusable_workflow_refuses_a_time_limit_its_timeout_would_cut_short_before_any_other_step() -> None:
    workflow = load(WORKFLOWS / "triage-reusable.yml")
    (job,) = workflow["jobs"].values()
    refuse = job["steps"][0]
    assert refuse["if"] == "inputs.max-minutes >= inputs.timeout-minutes"
    assert refuse["run"].rstrip().endswith("exit 1")


def test_reusable_workflow_hands_on_every_output_of_the_action() -> None:
    call = triggers(load(WORKFLOWS / "triage-reusable.yml"))["workflow_call"]
    assert set(call["outputs"]) == set(load(ACTION)["outputs"])
