"""What the CLI writes to stdout when stdout is not what the command expects: an encoding that
cannot hold every character."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from triage.cli import main

ROOT = Path(__file__).resolve().parent.parent
DRY_RUN = ["dry-run", "--rules", str(ROOT / "rules" / "ownership.yaml"), "--title", "kubectl \u2192 fails"]


def ascii_stdout(monkeypatch: pytest.MonkeyPatch) -> io.BytesIO:
    """stdout as `PYTHONIOENCODING=ascii` (or an ASCII locale without Python's UTF-8 mode) makes it."""
    written = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(written, encoding="ascii"))
    return written


def test_json_output_is_utf8_whatever_the_stdout_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    written = ascii_stdout(monkeypatch)
    assert main([*DRY_RUN, "--format", "jsonl"]) == 0
    sys.stdout.flush()
    assert json.loads(written.getvalue().decode("utf-8"))["title"] == "kubectl \u2192 fails"


def test_text_output_escapes_what_the_stdout_encoding_cannot_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    written = ascii_stdout(monkeypatch)
    assert main(DRY_RUN) == 0
    sys.stdout.flush()
    assert b"kubectl \\u2192 fails" in written.getvalue()
