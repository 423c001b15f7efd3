"""Injected failures: each rule matches method + path (+ query) and fires a set number of times.

from tests.fakegithub import faults
github.faults.add("POST", r"/issues/1/comments$", faults.lost_response(mode="drop"))
github.faults.add("GET", r"/issues$", faults.secondary_limit(retry_after=30), times=2)
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fakegithub.protocol import Response
from tests.fakegithub.ratelimit import PRIMARY_MESSAGE, SECONDARY_MESSAGE, exhausted_headers
from tests.fakegithub.state import State

Hook = Callable[[State], object]
HOLD_LIMIT = 30
"""The most real seconds a `held` response waits for its release: a test that forgot it fails."""


@dataclass(frozen=True)
class Fault:
    """What happens instead of (or around) normal handling. Build one with the functions below."""

    kind: str
    status: int | None = None
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    handle_first: bool = False
    """Handle the request normally (state may change) before the fault decides the response."""
    drop: bool = False
    """Close the connection without sending any response."""
    delay: float = 0.0
    """Real seconds to wait before sending the response."""
    reset_in: float | None = None
    hook: Hook | None = None
    release: threading.Event | None = None
    """Hold the response until this is set (`held`), after setting `holding`."""
    holding: threading.Event | None = None

    def wait(self) -> None:
        """Wait, for real, as long as the fault says before its response goes."""
        if self.delay:
            time.sleep(self.delay)
        if self.holding is not None and self.release is not None:
            self.holding.set()
            if not self.release.wait(HOLD_LIMIT):
                raise TimeoutError(f"a held response was not released within {HOLD_LIMIT} s")

    def outcome(self, handled: Response | None, now: float, limit: int) -> Response | None:
        """The response to send (None: drop the connection); `handled` is set when `handle_first`."""
        applied = handled is not None and handled.applied
        if self.drop:
            return None
        if self.status is None:
            assert handled is not None, "a fault without a status must handle the request first"
            return handled
        headers = dict(self.headers)
        if self.reset_in is not None:
            headers |= exhausted_headers(now + self.reset_in, limit)
        return Response(self.status, self.body, headers, applied=applied)


def status(code: int, body: Any = None, headers: Mapping[str, str] | None = None) -> Fault:
    """Answer `code` with `body` (default `{"message": "Server Error"}`) without touching state."""
    return Fault("status", code, {"message": "Server Error"} if body is None else body, dict(headers or {}))


def secondary_limit(retry_after: int | None = 30) -> Fault:
    """403 "You have exceeded a secondary rate limit...", with `retry-after` unless None."""
    headers = {} if retry_after is None else {"retry-after": str(retry_after)}
    return Fault("secondary_limit", 403, {"message": SECONDARY_MESSAGE}, headers)


def too_many_requests(retry_after: int | None = None) -> Fault:
    """429 with the secondary-limit message, with `retry-after` unless None."""
    headers = {} if retry_after is None else {"retry-after": str(retry_after)}
    return Fault("too_many_requests", 429, {"message": SECONDARY_MESSAGE}, headers)


def primary_limit(reset_in: float = 3600) -> Fault:
    """403 "API rate limit exceeded", `x-ratelimit-remaining: 0`, reset `reset_in` s from now."""
    return Fault("primary_limit", 403, {"message": PRIMARY_MESSAGE}, reset_in=reset_in)


COMMENT_TOO_LONG = {
    "message": "Validation Failed",
    "errors": [
        {
            "resource": "IssueComment",
            "code": "unprocessable",
            "field": "data",
            "message": "Body is too long (maximum is 65536 characters)",
        }
    ],
}
"""GitHub's 422 body for a comment over its limit: "Validation Failed", the reason in `errors`."""


WEB_PAGE = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in</body></html>\n"


def web_page(code: int = 200, headers: Mapping[str, str] | None = None) -> Fault:
    """A web page (HTML) where the API answers JSON: what a server gives a URL outside its API
    (`https://HOST/...` without GitHub Enterprise Server's `/api/v3`: its sign-in page, or a 302 to
    it), or a proxy answering in GitHub's place (its sign-in or block page, a 407); state untouched."""
    return Fault("web_page", code, WEB_PAGE, {"content-type": "text/html; charset=utf-8", **(headers or {})})


def lost_response(*, after_apply: bool = True, mode: str = "502") -> Fault:
    """The request is handled (if `after_apply`), then the client gets a 502 or (`mode="drop"`)
    the connection closes with no response: GitHub did the work, the client cannot know it."""
    if mode not in ("502", "drop"):
        raise ValueError(f"mode must be '502' or 'drop', not {mode!r}")
    body = {"message": "Server Error"}
    return Fault("lost_response", 502, body, handle_first=after_apply, drop=mode == "drop")


def slow(seconds: float) -> Fault:
    """Handle the request, then wait `seconds` for real before answering (keep it well under 1 s)."""
    return Fault("slow", handle_first=True, delay=seconds)


def held(release: threading.Event, holding: threading.Event) -> Fault:
    """Handle the request, set `holding`, then hold the answer until `release` is set: a request
    kept in flight for exactly as long as a test needs, where `slow` would guess a time."""
    return Fault("held", handle_first=True, release=release, holding=holding)


def hook(function: Hook) -> Fault:
    """Call `function(state)`, then handle the request normally: e.g. open an issue between two pages."""
    return Fault("hook", handle_first=True, hook=function)


@dataclass
class FaultRule:
    method: str
    path: re.Pattern[str]
    fault: Fault
    times: int | None
    after: int
    query: Mapping[str, str]
    seen: int = 0
    fired: int = 0

    def matches(self, method: str, path: str, query: Mapping[str, str]) -> bool:
        if method != self.method or self.path.search(path) is None:
            return False
        return all(query.get(key) == value for key, value in self.query.items())

    @property
    def armed(self) -> bool:
        """Whether the fault fires on the next matching request (`seen` counts that one already)."""
        return self.seen > self.after and (self.times is None or self.fired < self.times)


class Faults:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(
        self,
        method: str,
        path_regex: str,
        fault: Fault,
        *,
        times: int | None = 1,
        after: int = 0,
        query: Mapping[str, str] | None = None,
    ) -> FaultRule:
        """Fire `fault` on the matching requests after the first `after`, `times` times (None: always).

        `path_regex` is `re.search`ed in the decoded path; `query` must be a subset of the query."""
        rule = FaultRule(method.upper(), re.compile(path_regex), fault, times, after, dict(query or {}))
        with self._lock:
            self._rules.append(rule)
        return rule

    def take(self, method: str, path: str, query: Mapping[str, str]) -> Fault | None:
        """The fault of the first armed rule matching this request; every matching rule counts it."""
        chosen: Fault | None = None
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path, query):
                    continue
                rule.seen += 1
                if chosen is None and rule.armed:
                    rule.fired += 1
                    chosen = rule.fault
        return chosen

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
