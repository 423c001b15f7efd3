"""The help formatter's width is argparse's own (`shutil.get_terminal_size`), found without shutil."""

from __future__ import annotations

import shutil

import pytest

from triage import cli


@pytest.mark.parametrize("columns", [None, "", "0", "-5", "abc", "1", "57", "200"])
def test_help_width_is_argparse_s(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._columns() == shutil.get_terminal_size().columns
    assert cli._HelpFormatter("triage")._width == shutil.get_terminal_size().columns - 2
