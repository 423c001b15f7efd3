"""Every request the fake GitHub received, stamped with the fake clock: what tests assert on."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


@dataclass(frozen=True)
class LogEntry:
    method: str
    path: str
    """Percent-decoded path without the query: `/repos/octo/widgets/issues/1/labels/area/k8s`."""
    raw_path: str
    query: dict[str, str]
    body: Any
    """The parsed JSON request body (None when there was none)."""
    status: int | None
    """The status sent; None when the connection was dropped without a response."""
    time: float
    """`FakeClock.now()` when the request arrived."""
    user: str | None
    """Login of the token's owner (None: no or unknown token)."""
    applied: bool
    """Whether the request changed the server's state (even if its response was then lost)."""
    fault: str | None
    """Kind of the injected fault that fired on this request, if any."""
    overlapping: int
    """How many other requests were in flight when this one arrived (0 for a serial client)."""
    headers: dict[str, str] = field(default_factory=dict)
    """The request's headers, names in lower case (`authorization` shows the token: never print it)."""

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS

    @property
    def is_content_creating(self) -> bool:
        """Counts against GitHub's 80-a-minute limit: each POST here makes a comment, label or labelling."""
        return self.method == "POST"


class RequestLog:
    def __init__(self) -> None:
        self._entries: list[LogEntry] = []
        self._lock = threading.Lock()

    def append(self, entry: LogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LogEntry]:
        with self._lock:
            return list(self._entries)

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> LogEntry:
        return self.entries[index]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def matching(self, method: str | None = None, path_regex: str | None = None) -> list[LogEntry]:
        """Entries with this method (any if None) whose decoded path `re.search`es `path_regex`."""
        pattern = None if path_regex is None else re.compile(path_regex)
        return [
            entry
            for entry in self.entries
            if (method is None or entry.method == method)
            and (pattern is None or pattern.search(entry.path) is not None)
        ]

    def count(self, method: str | None = None, path_regex: str | None = None) -> int:
        return len(self.matching(method, path_regex))

    def writes(self) -> list[LogEntry]:
        return [entry for entry in self.entries if entry.is_write]

    def content_creating(self) -> list[LogEntry]:
        return [entry for entry in self.entries if entry.is_content_creating]

    def summary(self) -> list[str]:
        """`"POST /repos/octo/widgets/issues/1/comments -> 201"` per entry: readable in assertion diffs."""
        return [f"{entry.method} {entry.path} -> {entry.status}" for entry in self.entries]


def max_in_window(entries: Iterable[LogEntry], seconds: float) -> int:
    """The most entries whose times fall within any half-open window of `seconds`."""
    times = sorted(entry.time for entry in entries)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


def min_gap(entries: Iterable[LogEntry]) -> float | None:
    """The shortest time between consecutive entries (None with fewer than two)."""
    times = sorted(entry.time for entry in entries)
    return min((later - earlier for earlier, later in itertools.pairwise(times)), default=None)
