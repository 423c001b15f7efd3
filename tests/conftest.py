"""Shared fixtures: `github`, a started fake GitHub with one repository and an Actions-like token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakegithub import FakeClock, FakeGitHub

REPO = "octo/widgets"
TOKEN = "ghs_test"
BOT = "github-actions[bot]"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def github(clock: FakeClock) -> Iterator[FakeGitHub]:
    """Repository `octo/widgets`; token `ghs_test` of `github-actions[bot]` with issues: write.

    Fails the test at teardown if the fake itself raised while handling a request."""
    with FakeGitHub(clock) as server:
        server.state.add_repo(REPO)
        server.state.add_user(BOT, TOKEN, permission="write", installation=True)
        yield server
        assert server.errors == [], "\n".join(server.errors)
