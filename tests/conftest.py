"""Shared fixtures: `github`, a started fake GitHub with one repository and an Actions-like token."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests.fakegithub import BOT, REPO, TOKEN, FakeClock, FakeGitHub
from tests.processes import children_take_ctrl_c

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
"""The property tests try the same examples on every run, so `make test` passes or fails alike on
any machine and a CI run never fails on an example no one can reproduce; `HYPOTHESIS_PROFILE=explore`
draws new ones each run (and keeps failing ones in `.hypothesis/`), for a search beyond them."""


@pytest.fixture(autouse=True, scope="session")
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The run's caches (rules, template, globs) go to a temporary folder, never the user's own;
    subprocesses inherit it."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def clock() -> FakeClock:
    """The fake clock the `github` fixture runs on: hand `clock.sleep` to the code under test."""
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


@pytest.fixture
def ctrl_c_reaches_children() -> Iterator[None]:
    """Children the test starts take Ctrl-C, whether or not the suite runs in the background."""
    with children_take_ctrl_c():
        yield
