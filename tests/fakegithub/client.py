"""A plain-HTTP client for the fake's own tests: no PyGithub in between, nothing hidden."""

from __future__ import annotations

from typing import Any

import requests

from tests.fakegithub import TOKEN
from tests.fakegithub.server import FakeGitHub


def call(
    server: FakeGitHub,
    method: str,
    path: str,
    *,
    json: Any = None,
    params: dict[str, str] | None = None,
    token: str | None = TOKEN,
    timeout: float = 5.0,
    allow_redirects: bool = True,
) -> requests.Response:
    """One request to `server.url + path` (already percent-encoded as the caller wants it sent)."""
    headers = {"Accept": "application/vnd.github+json"}
    if token is not None:
        headers["Authorization"] = f"token {token}"
    return requests.request(
        method,
        server.url + path,
        json=json,
        params=params,
        headers=headers,
        timeout=timeout,
        allow_redirects=allow_redirects,
    )
