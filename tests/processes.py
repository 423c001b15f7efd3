"""What the worker tests read of running processes, from Linux's /proc."""

from __future__ import annotations

from pathlib import Path


def children_of(pid: int) -> list[int]:
    """The child processes of `pid`'s main thread (the one that forks them)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
