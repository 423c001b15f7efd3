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
