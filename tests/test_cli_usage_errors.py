"""Usage errors (exit 2): an option no parser knows is named first, by the parser it was given to,
with the closest option that parser knows."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from triage.cli import main
from triage.unknown_options import unknown_options


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    """The usage line's start and the error line of a command line argparse refuses."""
    assert main(list(argv)) == 2
    err = capsys.readouterr().err.splitlines()
    return err[0].split(" [")[0], err[-1]


def test_a_misspelt_option_is_named_with_the_closest_before_the_required_one_it_was_meant_to_be(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "dry-run", "--tittle", "kubectl fails") == (
        "usage: triage dry-run",
        "triage dry-run: error: unrecognized argument --tittle (did you mean --title?)",
    )


def test_an_unknown_option_is_the_error_of_the_command_it_was_given_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "dry-run", "--title", "t", "--fromat", "json") == (
        "usage: triage dry-run",
        "triage dry-run: error: unrecognized argument --fromat (did you mean --format?)",
    )


def test_a_one_letter_option_is_told_the_long_option_of_that_letter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "-V") == (
        "usage: triage",
        "triage: error: unrecognized argument -V (did you mean --version?)",
    )


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("dryrun", "dry-run"),
        ("chek", "check"),
        ("Run", "run"),
        ("label", "labels"),
        ("import", "import-handbook"),
    ],
)
def test_a_misspelt_or_shortened_command_is_told_the_command_it_was_meant_to_be(
    capsys: pytest.CaptureFixture[str], given: str, meant: str
) -> None:
    assert usage_error(capsys, given, "--title", "t") == (
        "usage: triage",
        f"triage: error: argument COMMAND: invalid choice: '{given}' (did you mean {meant}?)",
    )


def test_a_word_like_no_command_is_told_the_commands_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(capsys, "xyzzy")[1] == (
        "triage: error: argument COMMAND: invalid choice: 'xyzzy' (choose from 'dry-run', 'check', "
        "'run', 'eval', 'diff', 'labels', 'import-handbook')"
    )


def test_a_commands_option_before_the_command_is_told_to_go_after_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "--rules", "rules/ownership.yaml", "dry-run", "--title", "t")[1] == (
        "triage: error: unrecognized argument --rules "
        "(a command's options go after the command: triage COMMAND --rules ...)"
    )


def test_an_argument_left_over_is_the_error_of_the_command_it_was_given_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "check", "kubectl") == (
        "usage: triage check",
        "triage check: error: unrecognized arguments: kubectl",
    )


def test_a_rules_file_given_without_its_option_is_told_to_name_it_with_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "check", "rules/ownership.yaml") == (
        "usage: triage check",
        "triage check: error: unrecognized arguments: rules/ownership.yaml "
        "(did you mean --rules rules/ownership.yaml?)",
    )


def test_an_existing_file_given_without_its_option_is_told_to_name_it_with_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = tmp_path / "ownership rules"
    rules.touch()
    assert usage_error(capsys, "dry-run", "--title", "t", str(rules))[1] == (
        f"triage dry-run: error: unrecognized arguments: {rules} (did you mean --rules '{rules}'?)"
    )


def test_an_argument_too_long_to_be_a_file_name_is_left_over_not_a_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    word = "a" * 5000
    assert usage_error(capsys, "check", word)[1] == f"triage check: error: unrecognized arguments: {word}"


def test_a_yaml_file_left_over_by_a_command_without_rules_is_not_told_to_use_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert usage_error(capsys, "import-handbook", "page.md", "extra.yaml")[1] == (
        "triage import-handbook: error: unrecognized arguments: extra.yaml"
    )


def test_labels_without_its_action_names_the_actions_it_takes(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(capsys, "labels") == (
        "usage: triage labels",
        "triage labels: error: the following arguments are required: {sync}",
    )


def test_an_option_like_value_is_argparses_missing_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(capsys, "dry-run", "--title", "--force")[1] == (
        "triage dry-run: error: argument --title: expected one argument"
    )


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["check", "--rules=--"], "--rules"),
        (["dry-run", "--title=--"], "--title"),
        (["eval", "issues.jsonl", "--area=--"], "--area"),
        (["import-handbook", "page.md", "-o--"], "-o"),
        (["import-handbook", "page.md", "-o=--"], "-o"),
    ],
)
def test_an_option_given_a_double_dash_in_its_own_argument_is_argparses_missing_value(
    capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    """argparse would hand the command an empty list for the option's value."""
    assert (
        usage_error(capsys, *argv)[1] == f"triage {argv[0]}: error: argument {option}: expected one argument"
    )


@pytest.fixture
def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format")
    parser.add_argument("--file")
    parser.add_argument("-o", "--output")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("value", nargs="*")
    return parser


@pytest.mark.parametrize(
    "args",
    [
        ["--form=json"],
        ["--fo", "json"],
        ["--f", "x"],
        ["-oout.yaml"],
        ["-o=out.yaml"],
        ["--format=--x"],
        ["-5", "-0.5"],
        ["-x y"],
        ["-"],
        ["--", "--nope"],
    ],
    ids=["prefix with =", "prefix", "ambiguous prefix", "short with value", "short with =",
         "value after =", "negative numbers", "with a space", "dash", "after --"],
)  # fmt: skip
def test_what_argparse_reads_as_a_known_option_or_a_value_is_not_unknown(
    parser: argparse.ArgumentParser, args: list[str]
) -> None:
    assert unknown_options(parser, args) == []


def test_each_unknown_option_is_named_as_written_before_its_value(parser: argparse.ArgumentParser) -> None:
    assert unknown_options(parser, ["--force", "--nope=1", "x", "-q"]) == ["--nope", "-q"]
