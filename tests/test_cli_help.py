"""The help formatter's width is argparse's own (`shutil.get_terminal_size`), found without shutil; and
what the help says of the input a command reads."""

from __future__ import annotations

import json
import shutil

import pytest

from triage import cli
from triage.issue_input import parse_issue_line


@pytest.mark.parametrize("columns", [None, "", "0", "-5", "abc", "1", "57", "200"])
def test_help_width_is_argparse_s(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._columns() == shutil.get_terminal_size().columns
    assert cli._HelpFormatter("triage")._width == shutil.get_terminal_size().columns - 2


INPUT_LINE = {
    "title": "kubectl fails",
    "body": "on the cluster",
    "url": "https://github.com/o/r/issues/7",
    "number": 7,
    "labels": ["bug"],
    "author_association": "MEMBER",
}
"""An `--input` line with every key `triage dry-run` reads from one."""


def test_dry_runs_input_help_names_every_key_an_input_line_is_read_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issue = parse_issue_line(json.dumps(INPUT_LINE).encode(), "stdin:1")
    assert (issue.title, issue.body, issue.url, issue.number, issue.labels, issue.author_association) == (
        "kubectl fails",
        "on the cluster",
        "https://github.com/o/r/issues/7",
        7,
        ("bug",),
        "MEMBER",
    )
    assert cli.main(["dry-run", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert all(key in shown for key in INPUT_LINE)


def test_an_option_several_commands_take_names_its_value_alike_in_each() -> None:
    """`--rules PATH` and `--limit N`, as the README's tables write them, whichever command's help."""
    shown: dict[str, set[str]] = {}
    for command in cli.build_parser().commands.values():
        for action in command._actions:
            if action.option_strings and action.nargs != 0 and action.choices is None:
                name = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
                shown.setdefault(action.option_strings[-1], set()).add(name)
    assert {option: names for option, names in shown.items() if len(names) > 1} == {}


@pytest.mark.parametrize("command", ["diff", "eval"])
def test_limits_value_is_the_n_its_help_speaks_of(command: str) -> None:
    parser = cli.build_parser().commands[command]
    (limit,) = (action for action in parser._actions if "--limit" in action.option_strings)
    assert limit.metavar == "N"
    assert "the N most recently updated" in (limit.help or "")
