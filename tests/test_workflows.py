"""Specifications of the workflows and the composite action: the hardening GitHub Actions needs.

Each file is read as data; version comments after `uses:` pins are checked in the raw text, since YAML
drops comments.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.workflow_files import (
    ALL_FILES,
    ROOT,
    WORKFLOW_FILES,
    WORKFLOWS,
    jobs,
    load,
    step_named,
    steps,
    steps_using,
    triggers,
)

PINNED_USES = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
UNTRUSTED_CONTEXTS = (
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.comment",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head",
    "github.head_ref",
)


def uses_lines(path: Path) -> list[str]:
    lines = [line.strip().removeprefix("- ") for line in path.read_text(encoding="utf-8").splitlines()]
    return [line.removeprefix("uses:").strip() for line in lines if line.startswith("uses:")]


def remote_uses(path: Path) -> list[str]:
    return [ref for ref in uses_lines(path) if not ref.startswith("./")]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_workflow_grants_no_permissions_at_the_top(path: Path) -> None:
    assert load(path)["permissions"] == {}


@pytest.mark.parametrize("name", ["triage.yml", "triage-reusable.yml"])
def test_triage_jobs_get_only_issues_write_and_contents_read(name: str) -> None:
    assert [job["permissions"] for job in jobs(name).values()] == [{"contents": "read", "issues": "write"}]


def test_rules_job_token_is_read_only() -> None:
    (job,) = jobs("rules.yml").values()
    assert job["permissions"] == {"contents": "read", "issues": "read"}


def test_ci_job_only_reads_the_code() -> None:
    assert [job["permissions"] for job in jobs("ci.yml").values()] == [{"contents": "read"}]


def test_ci_tests_from_the_oldest_python_pyproject_admits_and_each_version_in_its_own_group() -> None:
    (job,) = jobs("ci.yml").values()
    versions = job["strategy"]["matrix"]["python"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == f">={versions[0]}"
    assert job["strategy"]["fail-fast"] is False
    assert job["concurrency"]["group"].endswith("-${{ matrix.python }}")
    (setup,) = steps_using(load(WORKFLOWS / "ci.yml"), "actions/setup-python")
    assert setup["with"]["python-version"] == "${{ matrix.python }}"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_remote_uses_is_pinned_to_a_commit_sha_with_a_version_comment(path: Path) -> None:
    refs = remote_uses(path)
    assert refs
    assert [ref for ref in refs if not PINNED_USES.match(ref)] == []


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_the_text_scan_sees_every_uses_in_the_file(path: Path) -> None:
    parsed = [str(step["uses"]) for step in steps(load(path)) if "uses" in step]
    assert [ref.split(" #")[0] for ref in uses_lines(path)] == parsed


def test_each_action_is_pinned_to_one_sha_across_all_files() -> None:
    pins = {ref.split(" #")[0] for path in ALL_FILES for ref in remote_uses(path)}
    actions = [pin.split("@")[0] for pin in pins]
    assert sorted(actions) == sorted(set(actions))


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_checkout_never_persists_the_token_in_git_config(path: Path) -> None:
    checkouts = steps_using(load(path), "actions/checkout")
    assert checkouts
    assert [step["with"]["persist-credentials"] for step in checkouts] == [False] * len(checkouts)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_no_run_script_contains_a_template_expression(path: Path) -> None:
    assert [step["run"] for step in steps(load(path)) if "${{" in step.get("run", "")] == []


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_attacker_controlled_event_fields_are_never_expanded_anywhere(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [context for context in UNTRUSTED_CONTEXTS if context in text] == []


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_job_has_a_timeout_and_a_concurrency_group(path: Path) -> None:
    """A timeout a caller's input sets (the reusable workflow's) holds by default."""
    workflow = load(path)
    for job in workflow["jobs"].values():
        timeout = job["timeout-minutes"]
        if isinstance(timeout, str):
            name = timeout.removeprefix("${{ inputs.").removesuffix(" }}")
            timeout = triggers(workflow)["workflow_call"]["inputs"][name]["default"]
        assert timeout <= 30
        assert job["concurrency"]["group"]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_workflow_runs_with_the_base_repository_token_on_foreign_code(path: Path) -> None:
    assert set(triggers(load(path))) & {"pull_request_target", "workflow_run"} == set()


@pytest.mark.parametrize("name", ["triage.yml", "triage-reusable.yml"])
def test_triage_runs_one_at_a_time_per_issue_and_batches_share_one_group(name: str) -> None:
    (job,) = jobs(name).values()
    assert "github.event.issue.number ||" in job["concurrency"]["group"]
    assert job["concurrency"]["group"].endswith("|| 'batch' }}")
    assert job["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("name", ["triage.yml", "triage-reusable.yml"])
def test_triage_skips_issues_events_apps_sent_and_never_a_dispatch_or_a_schedule(name: str) -> None:
    """The guard reads `sender` on `issues` events alone: a scheduled run's payload is not an
    issue's, and whoever it names as sender (a bot that last touched the workflow, say) must not
    turn the nightly sweep into a skipped job."""
    (job,) = jobs(name).values()
    assert job["if"] == "github.event_name != 'issues' || github.event.sender.type != 'Bot'"


def test_triage_runs_on_new_edited_and_reopened_issues_and_on_demand() -> None:
    on = triggers(load(WORKFLOWS / "triage.yml"))
    assert on["issues"] == {"types": ["opened", "edited", "reopened"]}
    inputs = on["workflow_dispatch"]["inputs"]
    assert {name: spec["type"] for name, spec in inputs.items()} == {
        "issue": "string", "label": "string", "since": "string", "dry-run": "boolean",
        "new-comments": "boolean",
    }  # fmt: skip
    assert inputs["dry-run"]["default"] is False
    assert inputs["new-comments"]["default"] is True


SETS_UP_PYTHON = [path for path in WORKFLOW_FILES if steps_using(load(path), "actions/setup-python")]
"""The workflows with a setup-python step of their own (the reusable one has it through action.yml)."""


@pytest.mark.parametrize("path", SETS_UP_PYTHON, ids=lambda p: p.name)
def test_setup_python_caches_pip_keyed_on_the_file_the_workflow_installs_from(path: Path) -> None:
    workflow = load(path)
    installs_lock = any("-r requirements/action.txt" in step.get("run", "") for step in steps(workflow))
    expected = "requirements/action.txt" if installs_lock else "pyproject.toml"
    assert {
        (step["with"]["cache"], step["with"]["cache-dependency-path"])
        for step in steps_using(workflow, "actions/setup-python")
    } == {("pip", expected)}


def test_triage_step_gets_the_token_and_the_dry_run_choice_through_env() -> None:
    step = step_named(load(WORKFLOWS / "triage.yml"), "Triage")
    assert step["env"]["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert step["env"]["TRIAGE_DRY_RUN"] == "${{ inputs.dry-run }}"
    assert "python -m triage run --rules rules/ownership.yaml" in step["run"]


def test_rules_workflow_runs_on_pull_requests_that_touch_the_rules() -> None:
    assert "rules/**" in triggers(load(WORKFLOWS / "rules.yml"))["pull_request"]["paths"]


def test_rules_workflow_reads_the_base_rules_from_git_with_the_ref_from_env() -> None:
    workflow = load(WORKFLOWS / "rules.yml")
    (checkout,) = steps_using(workflow, "actions/checkout")
    base = step_named(workflow, "Get the base branch's rules")
    assert checkout["with"]["fetch-depth"] == 0
    assert base["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert 'git cat-file -e "origin/$BASE_REF:rules/ownership.yaml"' in base["run"]


def test_rules_workflow_checks_then_writes_the_impact_to_the_job_summary() -> None:
    workflow = load(WORKFLOWS / "rules.yml")
    assert "triage check --rules rules/ownership.yaml" in step_named(workflow, "Check the rules")["run"]
    preview = step_named(workflow, "Preview the impact on recent issues")
    assert "--limit 200 --format markdown" in preview["run"]
    assert preview["run"].rstrip().endswith('>> "$GITHUB_STEP_SUMMARY"')


def test_rules_workflow_gates_on_the_check_and_not_on_the_preview() -> None:
    """A pull request repairing rules that no longer load on the base branch must be able to pass:
    the preview cannot read the old side then."""
    workflow = load(WORKFLOWS / "rules.yml")
    assert step_named(workflow, "Check the rules").get("continue-on-error") is None
    assert step_named(workflow, "Preview the impact on recent issues")["continue-on-error"] is True


def test_reusable_workflow_is_called_with_a_pinned_triage_and_an_optional_token() -> None:
    call = triggers(load(WORKFLOWS / "triage-reusable.yml"))["workflow_call"]
    assert {name for name, spec in call["inputs"].items() if spec.get("required")} == {
        "triage-repository", "triage-ref",
    }  # fmt: skip
    assert call["inputs"]["rules"]["default"] == "rules/ownership.yaml"
    assert call["secrets"]["token"]["required"] is False


def test_dependabot_moves_the_action_pins_weekly_after_a_week_of_cooldown() -> None:
    config = load(ROOT / ".github" / "dependabot.yml")
    assert config["updates"] == [
        {
            "package-ecosystem": "github-actions",
            "directory": "/",
            "schedule": {"interval": "weekly"},
            "cooldown": {"default-days": 7},
        }
    ]
