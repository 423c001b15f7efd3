"""Integration fixtures: the real PyGithub client and the real `triage run` against the fake GitHub.

Time is the fake server's `FakeClock` everywhere: in-process runs get it through the test hook
`triage.github.DEFAULT_TIMEKEEPER`; subprocesses through `TRIAGE_VIRTUAL_CLOCK` (a start epoch).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import triage.github
from tests.fakegithub import BOT, REPO, TOKEN, FakeClock, FakeGitHub
from tests.fakegithub.payloads import iso
from triage.backoff import RetryPolicy
from triage.cli import main
from triage.github import GitHubClient, connect

RULES_YAML = """\
version: 1
fallback_label: {name: needs-triage, color: "ededed", description: "No owner found by triage"}
thresholds: {apply: 1, suggest: 1, team: 1}
teams:
  - id: distribution
    name: Distribution
    label: {name: team/distribution, color: "5319e7", description: "Owned by the Distribution team"}
    areas:
      - id: kubernetes
        name: Kubernetes
        label:
          {name: "deploy: k8s ☸", color: "0e8a16", description: "Kubernetes installs", previous_names: [k8s]}
        keywords: [kubernetes, kubectl]
        docs: [{title: Cluster installation, url: "https://docs.example.com/k8s"}]
      - id: docker
        name: Docker Compose
        label: {name: deploy/docker compose, color: "1d76db", description: "Docker Compose installs"}
        keywords: [docker compose]
        docs: [{title: Compose installation, url: "https://docs.example.com/compose"}]
"""
RULES_WITHOUT_FALLBACK = "".join(
    line for line in RULES_YAML.splitlines(keepends=True) if not line.startswith("fallback_label:")
)
TEAM, K8S, COMPOSE, FALLBACK = "team/distribution", "deploy: k8s ☸", "deploy/docker compose", "needs-triage"
MANAGED = {TEAM: "5319e7", K8S: "0e8a16", COMPOSE: "1d76db", FALLBACK: "ededed"}


def add_managed_labels(github: FakeGitHub) -> None:
    for name, color in MANAGED.items():
        github.state.add_label(REPO, name, color, f"{name} issues")


@contextlib.contextmanager
def enterprise_server(clock: FakeClock, *, tls: ssl.SSLContext | None = None) -> Iterator[FakeGitHub]:
    """A GitHub Enterprise Server as a workflow there reaches it: the API under `/api/v3` (over HTTPS
    with `tls`), with the repository, the Actions token's login and the managed labels. Fails the
    test if the fake itself raised while handling a request."""
    with FakeGitHub(clock, prefix="/api/v3", tls=tls) as server:
        server.state.add_repo(REPO)
        server.state.add_user(BOT, TOKEN, permission="write", installation=True)
        add_managed_labels(server)
        yield server
        assert server.errors == [], "\n".join(server.errors)


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    path = tmp_path / "ownership.yaml"
    path.write_text(RULES_YAML, encoding="utf-8")
    return path


@pytest.fixture
def client(github: FakeGitHub, clock: FakeClock) -> GitHubClient:
    return connect(TOKEN, REPO, github.url, timekeeper=clock, rng=random.Random(7))


def client_with(github: FakeGitHub, clock: FakeClock, **policy: Any) -> GitHubClient:
    return connect(
        TOKEN, REPO, github.url, policy=RetryPolicy(**policy), timekeeper=clock, rng=random.Random(7)
    )


def issue_payload(
    github: FakeGitHub, number: int, action: str = "opened", sender: str = "alice"
) -> dict[str, Any]:
    """The `issues` event GitHub would send for the fake's issue `number` as it stands."""
    issue = github.state.issue(REPO, number)
    return {
        "action": action,
        "issue": {
            "number": number,
            "title": issue.title,
            "body": issue.body,
            "html_url": f"https://github.com/{REPO}/issues/{number}",
            "labels": [{"name": name} for name in issue.labels],
            "comments": len(issue.comments),
            "locked": issue.locked,
            "state": issue.state,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "user": {"login": issue.author},
            "author_association": github.state.association(REPO, issue.author),
        },
        "repository": {"full_name": REPO},
        "sender": {"login": sender},
    }


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def actions_env(github: FakeGitHub, workdir: Path, event_name: str, payload: object | None) -> dict[str, str]:
    """The variables Actions sets, pointing at the fake; the payload is written to `event.json`."""
    env = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_API_URL": github.url,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_STEP_SUMMARY": str(workdir / "summary.md"),
        "GITHUB_OUTPUT": str(workdir / "output.txt"),
    }
    if payload is not None:
        event_path = workdir / "event.json"
        event_path.write_text(json.dumps(payload), encoding="utf-8")
        env["GITHUB_EVENT_PATH"] = str(event_path)
    return env


@dataclass
class Runner:
    """Runs `triage run` in-process through `triage.cli.main`, in a prepared Actions environment."""

    github: FakeGitHub
    rules: Path
    workdir: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(
        self,
        *args: str,
        event_name: str = "workflow_dispatch",
        payload: object | None = None,
        **env: str | None,
    ) -> Result:
        settings: dict[str, str | None] = {
            **actions_env(self.github, self.workdir, event_name, payload),
            **env,
        }
        for name, value in settings.items():
            if value is None:
                self.monkeypatch.delenv(name, raising=False)
            else:
                self.monkeypatch.setenv(name, value)
        self.capsys.readouterr()
        code = main(["run", "--rules", str(self.rules), *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def summary(self) -> str:
        path = self.workdir / "summary.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def outputs(self) -> str:
        path = self.workdir / "output.txt"
        return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.fixture
def run_triage(
    *,
    github: FakeGitHub,
    clock: FakeClock,
    rules_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Runner:
    monkeypatch.setattr(triage.github, "DEFAULT_TIMEKEEPER", clock)
    monkeypatch.delenv("TRIAGE_BOT_LOGIN", raising=False)
    monkeypatch.delenv("TRIAGE_FORMER_BOT_LOGINS", raising=False)
    return Runner(github, rules_path, tmp_path, monkeypatch, capsys)


def run_subprocess(
    github: FakeGitHub,
    rules: Path,
    workdir: Path,
    *args: str,
    payload: object | None,
    event_name: str,
    **env: str,
) -> Result:
    """`python -m triage run ...` as a real process, on a virtual clock starting at the fake's time."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "TRIAGE_"))}
    full_env = {**base, **actions_env(github, workdir, event_name, payload), **env}
    full_env[triage.github.VIRTUAL_CLOCK_ENV] = str(github.clock.now())
    completed = subprocess.run(
        [sys.executable, "-m", "triage", "run", "--rules", str(rules), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def writes(github: FakeGitHub) -> list[str]:
    return [f"{entry.method} {entry.path}" for entry in github.log.writes()]


def bot_comments(github: FakeGitHub, number: int) -> list[str]:
    return [c.body for c in github.state.comments(REPO, number) if c.author == BOT]


def edit_issue(github: FakeGitHub, number: int, title: str, body: str) -> None:
    with github.state.lock:
        github.state.repo(REPO).issues[number].title = title
        github.state.repo(REPO).issues[number].body = body


def close_issue(github: FakeGitHub, number: int) -> None:
    with github.state.lock:
        issue = github.state.repo(REPO).issues[number]
        issue.state, issue.closed_at = "closed", github.clock.now()


def edited_payload(github: FakeGitHub, number: int, title: str, body: str) -> dict[str, Any]:
    """Edit the issue, and return the `edited` event GitHub sends for it: its `changes` hold the
    title and the body as they were, each only when the edit changed it."""
    issue = github.state.issue(REPO, number)
    was = {"title": issue.title, "body": issue.body}
    now = {"title": title, "body": body}
    edit_issue(github, number, title, body)
    changes = {key: {"from": was[key]} for key in was if was[key] != now[key]}
    return issue_payload(github, number, action="edited") | {"changes": changes}


def triaged_on_opening(
    github: FakeGitHub, run_triage: Runner, title: str = "kubectl apply fails", body: str = "Kubernetes"
) -> int:
    """An issue (a Kubernetes one by default), with the managed labels in the repository, triaged
    when opened; its number."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, title, body)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    return number


ISSUE_RUNS = ("edited", "dispatched", "batch")
"""The runs that triage an issue already open: its `edited` event, a dispatch naming it, a batch over
the open issues. A case that holds on one holds on each."""


def run_on(github: FakeGitHub, run_triage: Runner, kind: str, number: int) -> Result:
    """`triage run` on issue `number` as one of `ISSUE_RUNS`, or as its `opened` event."""
    if kind in ("opened", "edited"):
        return run_triage(event_name="issues", payload=issue_payload(github, number, action=kind))
    inputs = {"issue": str(number)} if kind == "dispatched" else {}
    return run_triage(payload={"inputs": inputs, "sender": {"login": "alice"}})
