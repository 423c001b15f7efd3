"""What the worker tests read of running processes, from Linux's /proc, and how they start them."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def children_of(pid: int) -> list[int]:
    """The child processes of `pid`'s main thread (the one that forks them)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@contextmanager
def children_take_ctrl_c() -> Iterator[None]:
    """Children started inside take Ctrl-C as from a terminal. A shell starts a job in the
    background with SIGINT ignored; a child inherits that (an ignored signal stays ignored across
    exec, a handled one goes back to the default) and Python then raises no KeyboardInterrupt, so
    the tests of Ctrl-C would fail whenever the suite itself runs in the background."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
