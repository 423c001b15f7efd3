"""The primary rate limit: a request budget per window on the fake clock, reported in every response."""

from __future__ import annotations

from typing import Any

from tests.fakegithub.state import RateBudget

PRIMARY_MESSAGE = "API rate limit exceeded for installation ID 4242."
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID 0000:FAKE:0000."
)


def roll(rate: RateBudget, now: float) -> None:
    """Start a fresh window once the reset time has passed, as GitHub does."""
    if now >= rate.reset_at:
        rate.used = 0
        rate.reset_at = now + rate.window


NOT_ENABLED_MESSAGE = "Rate limiting is not enabled."
"""GitHub Enterprise Server's 404 to `GET /rate_limit` when rate limiting is off."""


def charge(rate: RateBudget, now: float) -> bool:
    """Spend one request from the budget; False when none is left (the request must be refused)."""
    if not rate.enabled:
        return True
    roll(rate, now)
    if rate.remaining == 0:
        return False
    rate.used += 1
    return True


def headers(rate: RateBudget) -> dict[str, str]:
    if not rate.enabled:
        return {}
    return {
        "x-ratelimit-limit": str(rate.limit),
        "x-ratelimit-remaining": str(rate.remaining),
        "x-ratelimit-reset": str(int(rate.reset_at)),
        "x-ratelimit-used": str(rate.used),
        "x-ratelimit-resource": "core",
    }


def exhausted_headers(reset_at: float, limit: int) -> dict[str, str]:
    return {
        "x-ratelimit-limit": str(limit),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": str(int(reset_at)),
        "x-ratelimit-used": str(limit),
        "x-ratelimit-resource": "core",
    }


def rate_limit_body(rate: RateBudget) -> dict[str, Any]:
    """`GET /rate_limit`: the core budget, plus the other resources PyGithub expects to find."""
    core = {"limit": rate.limit, "remaining": rate.remaining, "reset": int(rate.reset_at), "used": rate.used}
    others = {name: dict(core, used=0, remaining=core["limit"]) for name in ("search", "graphql")}
    return {"resources": {"core": core, **others}, "rate": core}
