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
        "TRIAGE_RESUME_FILE": STATE_FILE_WHEN_CACHED,
    }


KEYS_NAMED = "steps.sweep-keys.outcome == 'success'"
RESTORED = "steps.sweep-restore.outcome == 'success'"
STATE_FILE_WHEN_CACHED = f"${{{{ {RESTORED} && format('{{0}}/triage-sweep/resume', runner.temp) || '' }}}}"
"""The resume file's path, under the runner's temporary folder (not the caller's workspace), when the
restore step ran (a `schedule` event, `resume-sweeps` on) and its key was one the cache takes."""
STATE_FILE = "${{ runner.temp }}/triage-sweep/resume"
SWEEPS_ON = (
    "github.event_name == 'schedule' && (inputs.resume-sweeps == 'true' || inputs.resume-sweeps == '')"
)
"""A schedule event, `resume-sweeps` on (an expression's `==` ignores case, as triage's reading does)."""
CACHE_SHA = "55cc8345863c7cc4c66a329aec7e433d2d1c52a9"
RESTORE, SAVE = "Restore the sweep's resume point", "Save the sweep's resume point"


def step_names() -> list[str]:
    return [str(step.get("name")) for step in steps(load(ACTION))]


def test_action_restores_a_sweeps_resume_point_before_triage_on_schedule_events_only() -> None:
    action = load(ACTION)
    assert step_named(action, "Name the sweep's cache keys")["if"] == SWEEPS_ON
    assert step_names().index(RESTORE) == step_names().index("Triage") - 1
    restore = step_named(action, RESTORE)
    assert restore["uses"] == f"actions/cache/restore@{CACHE_SHA}"
    assert restore["if"] == KEYS_NAMED


def test_action_gives_triage_the_resume_file_only_when_the_cache_steps_run() -> None:
    """`resume-sweeps: " true"`: triage reads it as true, the keys step's `==` does not. Given the file
    without the cache steps, a stop would save its point where nothing keeps it, and end well."""
    triage = step_named(load(ACTION), "Triage")
    assert triage["env"]["TRIAGE_RESUME_FILE"] == STATE_FILE_WHEN_CACHED
    restore = step_named(load(ACTION), RESTORE)
    assert (restore["id"], restore["if"]) == ("sweep-restore", KEYS_NAMED)
    assert KEYS_NAMED in step_named(load(ACTION), SAVE)["if"]


def test_action_saves_a_sweeps_resume_point_after_triage_even_when_the_step_failed() -> None:
    assert step_names().index(SAVE) == step_names().index("Triage") + 1
    save = step_named(load(ACTION), SAVE)
    assert save["uses"] == f"actions/cache/save@{CACHE_SHA}"
    assert save["if"] == f"always() && {KEYS_NAMED}"


@pytest.mark.parametrize("name", [RESTORE, SAVE])
def test_action_cache_steps_use_the_triage_steps_file_and_never_fail_the_run(name: str) -> None:
    step = step_named(load(ACTION), name)
    assert step["continue-on-error"] is True
    assert step["with"]["path"] == STATE_FILE


@pytest.mark.parametrize("name", [RESTORE, SAVE])
def test_action_cache_steps_take_their_key_from_the_step_that_names_them(name: str) -> None:
    assert step_named(load(ACTION), name)["with"]["key"] == "${{ steps.sweep-keys.outputs.key }}"
    restore = step_named(load(ACTION), RESTORE)
    assert restore["with"]["restore-keys"] == "${{ steps.sweep-keys.outputs.prefix }}"


def sweep_keys(tmp_path: Path, workflow_ref: str, job: str, attempt: str = "1") -> dict[str, str]:
    """The outputs of the step that names the cache keys, run as the runner runs it."""
    output = tmp_path / f"output-{job}-{attempt}"
    env = {
        "GITHUB_WORKFLOW_REF": workflow_ref,
        "GITHUB_WORKFLOW": "nightly",
        "GITHUB_JOB": job,
        "GITHUB_RUN_ID": "4242",
        "GITHUB_RUN_ATTEMPT": attempt,
        "GITHUB_OUTPUT": str(output),
    }
    ran = run_step(step_named(load(ACTION), "Name the sweep's cache keys")["run"], tmp_path, env)
    assert ran.returncode == 0, ran.stderr
    return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())


NIGHTLY = "octo/widgets/.github/workflows/nightly.yml@refs/heads/main"


def test_action_cache_keys_are_one_a_run_attempt_under_the_workflows_file_and_the_job(tmp_path: Path) -> None:
    keys = sweep_keys(tmp_path, NIGHTLY, "sweep", attempt="2")
    assert keys == {"prefix": f"triage-sweep|{NIGHTLY}|sweep|", "key": f"triage-sweep|{NIGHTLY}|sweep|4242-2"}


def test_action_cache_prefix_of_one_job_is_no_prefix_of_a_longer_job_ids_keys(tmp_path: Path) -> None:
    """`sweep` does not restore what `sweep-labels` saved, nor one workflow what another saved."""
    sweep = sweep_keys(tmp_path, NIGHTLY, "sweep")["prefix"]
    assert not sweep_keys(tmp_path, NIGHTLY, "sweep-labels")["key"].startswith(sweep)
    other = "octo/widgets/.github/workflows/nightly.yml.old@refs/heads/main"
    assert not sweep_keys(tmp_path, other, "sweep")["key"].startswith(sweep)


def test_action_cache_keys_hold_no_comma_and_no_bar_from_the_workflows_path(tmp_path: Path) -> None:
    """A key with a comma is refused; a `|` in the path would end its part early."""
    keys = sweep_keys(tmp_path, "octo/widgets/.github/workflows/a,b|c.yml@refs/heads/main", "sweep")
    assert (
        keys["prefix"] == "triage-sweep|octo/widgets/.github/workflows/a%2Cb%7Cc.yml@refs/heads/main|sweep|"
    )


def test_action_cache_keys_name_the_workflow_by_its_name_where_no_workflow_ref_is_set(tmp_path: Path) -> None:
    assert sweep_keys(tmp_path, "", "sweep")["prefix"] == "triage-sweep|nightly|sweep|"


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


def test_reusable_workflow_lets_a_caller_turn_resumed_sweeps_off() -> None:
    """On a server without the Actions cache a caller sets it false; left out, it is the action's default."""
    workflow = load(WORKFLOWS / "triage-reusable.yml")
    given = triggers(workflow)["workflow_call"]["inputs"]["resume-sweeps"]
    assert (given["type"], given["default"]) == ("boolean", True)
    assert step_named(workflow, "Triage")["with"]["resume-sweeps"] == "${{ inputs.resume-sweeps }}"


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
