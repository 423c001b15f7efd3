"""In GitHub Actions an error that stops a command is also a workflow command, so the run page
shows it rather than only "Process completed with exit code 1"."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.cli import main

BROKEN_RULES = "version: 1\nteams:\n  - id: infra\n    nme: Infra\n"


@pytest.fixture
def in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")


@pytest.mark.usefixtures("in_actions")
def test_in_actions_a_rules_problem_is_an_error_on_its_file_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("rules.yaml").write_text(BROKEN_RULES, encoding="utf-8")

    assert main(["dry-run", "--rules", "rules.yaml", "--title", "t"]) == 1

    annotations = [line for line in capsys.readouterr().err.splitlines() if line.startswith("::error")]
    assert annotations
    assert all(line.startswith("::error file=rules.yaml,line=") for line in annotations)
    assert any(",line=4,col=5::teams[0].nme: " in line for line in annotations)


@pytest.mark.usefixtures("in_actions")
def test_in_actions_an_error_without_a_line_is_an_error_on_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.jsonl"

    assert main(["dry-run", "--input", str(missing)]) == 1

    err = capsys.readouterr().err.splitlines()
    said = next(line for line in err if line.startswith("triage: "))
    assert err[-1] == f"::error title=triage::{said.removeprefix('triage: ')}"


@pytest.mark.usefixtures("in_actions")
def test_in_actions_a_line_break_in_the_message_cannot_start_another_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "a\n::add-mask::x\n.jsonl"

    assert main(["dry-run", "--input", str(missing)]) == 1

    err = capsys.readouterr().err
    assert "::add-mask::" in err
    assert [line for line in err.splitlines() if line.startswith("::")] == [
        next(line for line in err.splitlines() if line.startswith("::error title=triage::"))
    ]


def test_an_error_message_holds_no_legacy_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The runner reads `##[command]` anywhere in a line of the log, not only at its start."""
    missing = tmp_path / "##[add-mask]secret.jsonl"

    assert main(["dry-run", "--input", str(missing)]) == 1

    err = capsys.readouterr().err
    assert ("##[" in err, "#\u200d#[add-mask]secret" in err) == (False, True)


def test_outside_actions_an_error_is_said_once_without_workflow_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    assert main(["dry-run", "--input", str(tmp_path / "nowhere.jsonl")]) == 1

    assert "::error" not in capsys.readouterr().err
