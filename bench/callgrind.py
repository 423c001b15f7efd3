"""Count the CPU instructions of a command with valgrind's callgrind: steady where time is not."""

from __future__ import annotations

import re
import shutil
import subprocess

_COLLECTED = re.compile(r"Collected : (\d+)")


def available() -> bool:
    return shutil.which("valgrind") is not None


def instructions(command: list[str], env: dict[str, str]) -> int:
    """The instructions `command` ran, as callgrind's summary gives them."""
    finished = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = _COLLECTED.search(finished.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no total:\n{finished.stderr[-2000:]}")
    return int(found.group(1))
