"""What the CLI writes to stdout when stdout is not what the command expects: an encoding that
cannot hold every character, a disk that is full."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from triage.cli import main

ROOT = Path(__file__).resolve().parent.parent
RULES = str(ROOT / "rules" / "ownership.yaml")
DRY_RUN = ["dry-run", "--rules", RULES, "--title", "kubectl \u2192 fails"]
FULL = Path("/dev/full")


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


def test_a_path_with_an_undecodable_byte_is_escaped_on_a_strict_utf8_stdout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`PYTHONIOENCODING=utf-8` makes stdout UTF-8 with strict errors, which cannot write the lone
    surrogate an undecodable byte of an argument decodes to."""
    written = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(written, encoding="utf-8"))
    assert main(["check", "--rules", "/nonexistent/r\udcff.yaml"]) == 1
    sys.stdout.flush()
    assert b"/nonexistent/r\\udcff.yaml:1:1: (file): cannot read" in written.getvalue()


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")
@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize("command", [["check"], ["dry-run", "--title", "kubectl fails", "--format", "jsonl"]])
def test_a_full_disk_under_stdout_is_said_plainly_and_fails(
    command: list[str], unbuffered: bool, tmp_path: Path
) -> None:
    """Unbuffered, a write fails as the command runs; buffered, the last flush at its end."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    with FULL.open("w") as full:
        finished = subprocess.run(
            [sys.executable, "-m", "triage", *command, "--rules", RULES],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            cwd=tmp_path,
            check=False,
        )
    assert (finished.returncode, finished.stderr) == (
        1,
        "triage: cannot write: No space left on device\n",
    )
