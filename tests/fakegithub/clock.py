"""A clock that only moves when told to, shared by the fake server and the client under test."""

from __future__ import annotations

import threading

START = 1_800_000_000.0
"""2027-01-15T08:00:00Z: a fixed, recognisable epoch so logged times are stable across runs."""


class FakeClock:
    """Epoch seconds that advance only through `sleep` (recorded) or `advance` (not recorded).

    Hand `clock.sleep` to the code under test as its wait function: the server stamps every
    request with `clock.now()`, so the request log then shows the pacing the client chose.
    """

    def __init__(self, start: float = START) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"cannot sleep a negative time: {seconds}")
        with self._lock:
            self.sleeps.append(seconds)
            self._now += seconds

    def advance(self, seconds: float) -> None:
        """Let time pass without it counting as a sleep of the client (e.g. a human acting later)."""
        with self._lock:
            self._now += seconds
