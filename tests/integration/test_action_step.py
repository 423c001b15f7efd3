"""The action's own Triage step script, run by bash as the runner runs it, with the real triage.

The step runs `python -P -m triage` with the action's checkout on PYTHONPATH from the caller's
workspace. Here the workspace holds a `triage` package of its own that would be imported first
without `-P`; the run must use the checkout's and make exactly the two requests of an opened issue.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import triage.github
from tests.fakegithub import REPO, FakeGitHub
from tests.integration.conftest import K8S, TEAM, actions_env, add_managed_labels, issue_payload
from tests.workflow_files import ACTION, ROOT, load, run_step, step_named

PLANTED = "import pathlib\npathlib.Path('planted-ran').write_text('x')\n"


def venv_python(runner_temp: Path) -> None:
    """`$RUNNER_TEMP/triage-venv/bin/python`, standing for the venv the install step makes."""
    bin_dir = runner_temp / "triage-venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)


def workspace_with_planted_triage(tmp_path: Path, rules: Path) -> Path:
    workspace = tmp_path / "workspace"
    (workspace / "triage").mkdir(parents=True)
    for module in ("__init__.py", "__main__.py"):
        (workspace / "triage" / module).write_text(PLANTED, encoding="utf-8")
    (workspace / "rules.yaml").write_text(rules.read_text(encoding="utf-8"), encoding="utf-8")
    return workspace


def step_env(
    github: FakeGitHub, tmp_path: Path, number: int, *, rules: str, bot_login: str
) -> dict[str, str]:
    """The step's environment on an `opened` event for `number`, as the runner and action.yml set it."""
    runner_temp = tmp_path / "runner-temp"
    venv_python(runner_temp)
    return {
        **actions_env(github, tmp_path, "issues", issue_payload(github, number)),
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_ACTION_PATH": str(ROOT),
        "TRIAGE_RULES": rules,
        "TRIAGE_DRY_RUN": "false",
        "TRIAGE_BOT_LOGIN": bot_login,
        "TRIAGE_MAX_MINUTES": "",
        triage.github.VIRTUAL_CLOCK_ENV: str(github.clock.now()),
    }


def test_the_action_step_runs_the_checkouts_triage_never_a_module_in_the_workspace(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    workspace = workspace_with_planted_triage(tmp_path, rules_path)
    env = step_env(github, tmp_path, number, rules="rules.yaml", bot_login="github-actions[bot]")

    result = run_step(step_named(load(ACTION), "Triage")["run"], workspace, env)

    assert result.returncode == 0, result.stderr
    assert not (workspace / "planted-ran").exists()
    assert [f"{entry.method} {entry.path}" for entry in github.log] == [
        f"POST /repos/{REPO}/issues/{number}/labels",
        f"POST /repos/{REPO}/issues/{number}/comments",
    ]
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_a_rules_path_that_starts_with_a_dash_is_a_path_not_an_option(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "--dry-run").write_text(rules_path.read_text(encoding="utf-8"), encoding="utf-8")
    github.state.add_user("-bot", "ghs_dash")  # a login like an option, whose comment triage must know
    env = {
        **step_env(github, tmp_path, number, rules="--dry-run", bot_login="-bot"),
        "GITHUB_TOKEN": "ghs_dash",
    }

    result = run_step(step_named(load(ACTION), "Triage")["run"], workspace, env)

    assert result.returncode == 0, result.stderr
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


@pytest.mark.parametrize(
    ("dry_run", "writes"),
    [("true", False), ("True", False), ("false", True), ("FALSE", True), ("", True)],
    ids=["dry-run", "dry-run-in-any-case", "writes", "writes-in-any-case", "empty-as-an-unset-input"],
)
def test_the_action_step_writes_unless_its_dry_run_input_is_true(
    github: FakeGitHub, rules_path: Path, tmp_path: Path, dry_run: str, writes: bool
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    workspace = workspace_with_planted_triage(tmp_path, rules_path)
    env = {
        **step_env(github, tmp_path, number, rules="rules.yaml", bot_login="github-actions[bot]"),
        "TRIAGE_DRY_RUN": dry_run,
    }

    result = run_step(step_named(load(ACTION), "Triage")["run"], workspace, env)

    assert result.returncode == 0, result.stderr
    assert bool(github.log.writes()) is writes
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert ("Dry run: nothing was written" in summary) is not writes


@pytest.mark.parametrize("dry_run", ["yes", "1", "truex"])
def test_a_dry_run_input_that_is_not_a_boolean_fails_the_step_before_any_request_and_the_summary_says_so(
    github: FakeGitHub, rules_path: Path, tmp_path: Path, dry_run: str
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    workspace = workspace_with_planted_triage(tmp_path, rules_path)
    env = {
        **step_env(github, tmp_path, number, rules="rules.yaml", bot_login="github-actions[bot]"),
        "TRIAGE_DRY_RUN": dry_run,
    }

    result = run_step(step_named(load(ACTION), "Triage")["run"], workspace, env)

    assert result.returncode == 1
    message = f"""TRIAGE_DRY_RUN (the action's `dry-run`): expected "true" or "false", got {dry_run!r}"""
    assert message in result.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## triage: failed before any issue")
    assert "the action&#x27;s &#96;dry-run&#96;" in summary
    assert len(github.log) == 0


def test_a_bot_login_input_given_empty_fails_the_step_naming_the_input_before_any_request(
    github: FakeGitHub, rules_path: Path, tmp_path: Path
) -> None:
    """`bot-login: ${{ vars.TRIAGE_BOT }}` with the variable unset: the step passes `--bot-login=`,
    which the message must name as the input the workflow sets, not only as a flag it never wrote."""
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    workspace = workspace_with_planted_triage(tmp_path, rules_path)
    env = step_env(github, tmp_path, number, rules="rules.yaml", bot_login="")

    result = run_step(step_named(load(ACTION), "Triage")["run"], workspace, env)

    assert result.returncode == 2
    assert "the action's `bot-login` input" in result.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## triage: failed before any issue")
    assert "the action&#x27;s &#96;bot-login&#96; input" in summary
    assert len(github.log) == 0


def test_the_install_step_runs_the_real_venv_and_pip_never_modules_in_the_workspace(tmp_path: Path) -> None:
    """`python -m` puts the working directory (the caller's workspace) first on the import path."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    for module in ("venv.py", "pip.py"):
        (workspace / module).write_text(PLANTED, encoding="utf-8")
    env = {
        "PYTHON": sys.executable,
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_ACTION_PATH": str(ROOT),
        "PYTHONPATH": str(workspace),  # as a job's `env:` may set it for its own steps
        "PIP_NO_INDEX": "1",  # no request leaves the machine: the real pip finds no wheel and says so
        "PIP_CONFIG_FILE": os.devnull,
    }

    # A real venv and its pip take 6 s of CPU: past 30 s once on two cores busy with other test runs.
    result = run_step(step_named(load(ACTION), "Install triage's dependencies")["run"], workspace, env, 120)

    assert not (workspace / "planted-ran").exists()
    assert (tmp_path / "runner-temp" / "triage-venv" / "bin" / "python").exists()
    assert result.returncode != 0
    assert "certifi" in result.stderr
