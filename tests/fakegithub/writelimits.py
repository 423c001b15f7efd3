"""GitHub's secondary limits on content-creating requests: at most so many in any minute and in any
hour, counted on the fake clock over sliding windows, refused as GitHub refuses them.

GitHub does not list which requests create content. The fake counts every write by default (a
label removal and a comment edit leave an entry in the issue's timeline too), the stricter reading;
`methods=("POST",)` counts only what `RequestLog.content_creating()` does.
"""

from __future__ import annotations

import math

from tests.fakegithub.protocol import HttpError
from tests.fakegithub.state import WriteLimits

CONTENT_CREATION_MESSAGE = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
    "Please retry your request again later."
)
"""GitHub's words when a client passes the content-creation limits."""
DOCUMENTATION_URL = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)


def admit(limits: WriteLimits | None, method: str, now: float) -> None:
    """Count a request the limits cover, or raise the refusal GitHub sends when one is full.

    A refused request creates nothing and is not counted; one let through counts whatever its
    answer turns out to be (a 404 or a 422 from its handler included)."""
    if limits is None or method not in limits.methods:
        return
    wait = seconds_until_room(limits, now)
    if wait > 0:
        limits.refused += 1
        headers = {"retry-after": str(max(1, math.ceil(wait)))} if limits.retry_after else {}
        raise HttpError(
            limits.status, CONTENT_CREATION_MESSAGE, headers=headers, documentation_url=DOCUMENTATION_URL
        )
    limits.counted.append(now)


def seconds_until_room(limits: WriteLimits, now: float) -> float:
    """0 when a request at `now` fits both windows; else how long until the fuller one has room."""
    while limits.counted and limits.counted[0] <= now - 3600.0:
        limits.counted.popleft()
    waits = [0.0]
    for seconds, most in ((60.0, limits.per_minute), (3600.0, limits.per_hour)):
        inside = [moment for moment in limits.counted if moment > now - seconds]
        if len(inside) >= most:
            waits.append(inside[-most] + seconds - now)
    return max(waits)
