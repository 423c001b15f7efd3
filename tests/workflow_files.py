"""The workflows and action.yml, read as data and their scripts run, for the specifications of them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
ACTION = ROOT / "action.yml"
ALL_FILES = [*WORKFLOW_FILES, ACTION]


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """YAML 1.1 reads the key `on` as the boolean True."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict)
    return on


def steps(document: dict[Any, Any]) -> Iterator[dict[str, Any]]:
    """Every step of every job of a workflow, or of a composite action."""
    if "runs" in document:
        yield from document["runs"]["steps"]
    for job in document.get("jobs", {}).values():
        yield from job.get("steps", [])


def jobs(name: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = load(WORKFLOWS / name)["jobs"]
    return found


def step_named(document: dict[Any, Any], name: str) -> dict[str, Any]:
    return next(step for step in steps(document) if step.get("name") == name)


def steps_using(document: dict[Any, Any], action: str) -> list[dict[str, Any]]:
    """The steps that use `action` (`owner/name`), at whatever ref."""
    return [step for step in steps(document) if str(step.get("uses", "")).startswith(f"{action}@")]


def run_step(
    script: str, cwd: Path, env: dict[str, str], timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """Like the runner: `bash --noprofile --norc -eo pipefail` on the script."""
    full_env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(cwd), **env}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=full_env, capture_output=True, text=True, check=False, timeout=timeout,
    )  # fmt: skip
