"""Paths on the offline commands: an empty one is a usage error naming the flag, not a folder read."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.cli import main


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["dry-run", "--title", "t", "--body", "b"],
        ["eval", "issues.jsonl"],
        ["labels", "sync", "--dry-run"],
    ],
    ids=["check", "dry-run", "eval", "labels"],
)
def test_an_empty_rules_path_is_a_usage_error_naming_the_flag(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--rules", ""]) == 2
    assert "argument --rules: expected a file's path, got an empty one" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["--file", "--event", "--input"])
def test_an_empty_issue_source_path_is_a_usage_error_naming_the_flag(
    flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--event "$GITHUB_EVENT_PATH"` outside Actions, where the variable is empty."""
    assert main(["dry-run", flag, ""]) == 2
    assert f"argument {flag}: expected a file's path, got an empty one" in capsys.readouterr().err


def test_a_rules_path_of_spaces_alone_is_a_usage_error_like_an_empty_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--rules", "  "]) == 2
    assert "argument --rules: expected a file's path, got an empty one" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["diff", "--old", "rules/ownership.yaml", "--input", ""], "argument --input"),
        (["diff", "--old", "rules/ownership.yaml", "--new", "", "--input", "x.jsonl"], "argument --new"),
        (["eval", ""], "argument CORPUS.jsonl"),
    ],
    ids=["diff --input", "diff --new", "eval CORPUS"],
)
def test_an_empty_path_on_diff_and_eval_is_a_usage_error_too(
    command: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not ': cannot read: Is a directory', the current folder read as the file."""
    assert main(command) == 2
    assert f"{named}: expected a file's path, got an empty one" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "flag"),
    [
        (["dry-run", "--title", "t"], "--rules"),
        (["eval", "issues.jsonl"], "--rules"),
        (["diff", "--old", "old.yaml", "--input", "issues.jsonl"], "--new"),
        (["labels", "sync", "--dry-run"], "--rules"),
    ],
    ids=["dry-run", "eval", "diff", "labels"],
)
def test_default_rules_missing_from_the_current_folder_say_where_they_were_looked_for(
    command: list[str],
    flag: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(command) == 1
    assert capsys.readouterr().err.endswith(
        f": the default rules file, rules/ownership.yaml, is read from the current folder ({tmp_path}): "
        f"pass {flag} PATH to read another\n"
    )


def test_check_of_default_rules_missing_from_the_current_folder_says_where_they_were_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"the default rules file, rules/ownership.yaml, is read from the current folder ({tmp_path}): "
        "pass --rules PATH to read another"
    )


TOO_LONG = "r" * 300 + ".yaml"
"""A file name past the 255 bytes a file system allows: looking it up fails with ENAMETOOLONG."""


@pytest.mark.parametrize(
    "command",
    [["check", "--rules", TOO_LONG], ["run", "--rules", TOO_LONG], ["labels", "sync", "--rules", TOO_LONG]],
    ids=["check", "run", "labels"],
)
def test_a_rules_path_too_long_for_the_file_system_cannot_be_read(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(command) == 1
    said = capsys.readouterr()
    assert f"{TOO_LONG}:1:1: (file): cannot read: File name too long" in said.out + said.err


def test_an_old_rules_path_too_long_for_the_file_system_names_no_file_and_no_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = Path(__file__).resolve().parent.parent / "rules" / "ownership.yaml"  # in a git repository
    monkeypatch.chdir(tmp_path)
    (tmp_path / "issues.jsonl").write_text('{"title": "t"}\n')
    assert main(["diff", "--old", TOO_LONG, "--new", str(rules), "--input", "issues.jsonl"]) == 1
    assert f"--old: '{TOO_LONG}' names no file and no git revision" in capsys.readouterr().err
