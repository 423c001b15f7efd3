"""How long to wait before retrying a GitHub request, and how writes are paced.

Pure decisions plus two small stateful helpers that sleep through an injected `Timekeeper`,
so tests drive time with a fake clock and never sleep. `triage.github` wires these into
tenacity; nothing here imports PyGithub or tenacity.

GitHub's rules, from "Rate limits for the REST API" and "Best practices for using the REST API":
a rate-limited request gets 403 or 429; `retry-after` (seconds) wins; else
`x-ratelimit-remaining: 0` means wait until `x-ratelimit-reset` (epoch seconds); else wait at
least a minute and back off exponentially. Content-creating requests: at least a second apart,
at most 80 a minute and 500 an hour.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from triage.errors import RateLimitStop

SECONDARY_LIMIT_PHRASES = (
    "secondary rate limit",
    "api rate limit exceeded",
    "please retry your request again later",
    "please wait a few minutes before you try again",
)


class Timekeeper(Protocol):
    """Wall-clock time in epoch seconds, and a way to wait."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemTime:
    """The real clock: what `triage run` uses outside tests."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class VirtualClock:
    """Time that passes only when slept: how tests run `triage run` as a subprocess without sleeping.

    Selected by the test-only environment variable `TRIAGE_VIRTUAL_CLOCK=<start epoch seconds>`.
    """

    def __init__(self, start: float) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def sleep(self, seconds: float) -> None:
        self._now += seconds


@dataclass(frozen=True)
class RetryPolicy:
    """Every knob of the retry and pacing layer, with the defaults `triage run` uses.

    `max_attempts` counts HTTP attempts of one operation, the first included.
    `wait_budget` caps the seconds one run may spend waiting for retries in total.
    """

    max_attempts: int = 5
    wait_budget: float = 900.0
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    rate_limit_floor: float = 60.0
    write_interval: float = 1.0
    writes_per_minute: int = 80
    writes_per_hour: int = 500
    timeout: int = 20


def rate_limit_wait(
    status: int, headers: Mapping[str, str], message: str, *, now: float, attempt: int, floor: float
) -> float | None:
    """Seconds to wait before retrying a rate-limited response; None if it is not rate limited.

    `attempt` is the 1-based number of the attempt that failed: without any header the wait
    starts at `floor` and doubles with each attempt. `x-ratelimit-remaining: 0` alone does not make
    a 403 a rate limit: GitHub counts every request, so the refusal that answers the last one of the
    hour (a locked conversation, a token without `issues: write`) carries it too, with its own
    message; only a message saying so, or none, is waited out.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    if status not in (403, 429):
        return None
    retry_after = _seconds(lowered.get("retry-after"))
    if retry_after is not None:
        return max(retry_after, 0.0)
    says_limited = status == 429 or any(phrase in message.lower() for phrase in SECONDARY_LIMIT_PHRASES)
    if lowered.get("x-ratelimit-remaining") == "0" and (says_limited or not message.strip()):
        reset = _seconds(lowered.get("x-ratelimit-reset"))
        if reset is not None:
            return max(reset - now, 1.0)
    return floor * 2.0 ** (attempt - 1) if says_limited else None


RESERVE_SHARE = 20
"""A batch leaves one request in this many of the primary limit to the event runs of the same hour."""
RESERVE_MOST = 100


def primary_reserve(limit: int) -> int:
    """The requests of the primary limit a batch leaves unspent, so that the runs on new issues in
    the rest of the hour can triage theirs: 50 of the Actions token's 1,000, 100 of an App's 5,000
    or more. `limit` is GitHub's `x-ratelimit-limit`; none (or 0) means no limit is enforced
    (GitHub Enterprise Server's default), and nothing is held back."""
    return min(RESERVE_MOST, limit // RESERVE_SHARE) if limit > 0 else 0


def write_reserve(per_hour: int) -> int:
    """The content-creating requests of GitHub's hour a batch leaves unwritten, so that the runs on
    new issues in the rest of the hour can write theirs: GitHub counts every run's writes with the
    token's against one limit, and a batch that took all 500 would have an `opened` issue's labels
    refused until the hour slid past its writes. 25 of GitHub's 500, as for the primary limit."""
    return per_hour // RESERVE_SHARE


def transient_wait(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Exponential backoff with jitter after a 5xx or a network error ("equal jitter")."""
    ceiling = min(policy.backoff_cap, policy.backoff_base * 2.0 ** (attempt - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class WaitBudget:
    """The seconds of retry waiting left in this run; a wait past it stops the run instead."""

    def __init__(self, timekeeper: Timekeeper, seconds: float) -> None:
        self._timekeeper = timekeeper
        self.remaining = seconds
        self.total = seconds
        self.deadline: tuple[float, str] | None = None
        """A moment no wait may end past (epoch seconds), and what sets it (a batch's time limit)."""

    def check(self, seconds: float, reason: str, *, to_deadline: bool = True) -> str:
        """Raise `RateLimitStop` if waiting `seconds` would go past the budget or the deadline; else
        the minute the wait ends by (`minute_not_before`), for the log. `to_deadline=False`: a
        retry's short backoff after a 5xx or a lost connection, which may come halfway through an
        issue's writes: stopping there for a few seconds would leave it part-way."""
        ends_at = self._timekeeper.now() + seconds
        ends = minute_not_before(ends_at)
        if seconds > self.remaining:
            raise _stop(
                f"{reason}: waiting {seconds:.0f} s (until {ends}) would exceed the retry wait budget "
                f"({self.remaining:.0f} s of {self.total:.0f} s left)",
                ends,
            )
        if to_deadline and self.deadline is not None and ends_at > self.deadline[0]:
            said = f"{reason}: waiting {seconds:.0f} s (until {ends}) would pass {self.deadline[1]}"
            raise _stop(said, ends)
        return ends

    def sleep(self, seconds: float) -> None:
        self.remaining -= seconds
        self._timekeeper.sleep(seconds)


def minute_not_before(moment: float) -> str:
    """The moment as a UTC minute, rounded up: a stopped run names it as the time the next may
    start, and a run started within the minute before it would meet the limit it waited for."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(math.ceil(moment / 60) * 60))


def _stop(message: str, ends: str) -> RateLimitStop:
    stop = RateLimitStop(message)
    stop.not_before = ends
    return stop


class WritePacer:
    """Spaces writes at least `interval` apart, at most `per_minute` in any 60 s and
    `per_hour` in any 3,600 s (GitHub's secondary limits on content-creating requests)."""

    def __init__(self, timekeeper: Timekeeper, interval: float, per_minute: int, per_hour: int = 500) -> None:
        self._timekeeper = timekeeper
        self._interval = interval
        self._windows = ((60.0, per_minute), (3600.0, per_hour))
        self._recent: deque[float] = deque()

    def hold_back(self, writes: int) -> None:
        """Plan for `writes` fewer an hour than GitHub allows: they are left to other runs."""
        (minute, per_minute), (hour, per_hour) = self._windows
        self._windows = ((minute, per_minute), (hour, per_hour - writes))

    def delay(self, now: float) -> float:
        """Seconds to wait, at time `now`, before the next write may start."""
        return _delay(self._recent, now, self._interval, self._windows)

    def delay_for(self, writes: int, now: float) -> float:
        """Seconds from `now` until the last of `writes` more writes may start."""
        recent, moment = deque(self._recent), now
        for _ in range(writes):
            moment += _delay(recent, moment, self._interval, self._windows)
            recent.append(moment)
        return moment - now

    def after_write(self) -> None:
        """Record a write as it ends: the next one is spaced from the end of this one."""
        self._recent.append(self._timekeeper.now())

    def settled(self, now: float, left_over: int) -> float | None:
        """When at most `left_over` of the writes recorded will be within the hour window, or None
        when they already are."""
        hour = self._windows[1][0]
        in_hour = [moment for moment in self._recent if moment > now - hour]
        return in_hour[-(left_over + 1)] + hour if len(in_hour) > left_over else None


def _delay(
    recent: deque[float], now: float, interval: float, windows: tuple[tuple[float, int], ...]
) -> float:
    longest = max(seconds for seconds, _ in windows)
    while recent and recent[0] <= now - longest:
        recent.popleft()
    waits = [0.0]
    if recent:
        waits.append(recent[-1] + interval - now)
    for seconds, limit in windows:
        in_window = sum(1 for moment in recent if moment > now - seconds)
        if in_window >= limit:
            waits.append(recent[-limit] + seconds - now)
    return max(waits)
