"""Which job a `triage run` is: the re-run of an event's job is told by `GITHUB_RUN_ATTEMPT`."""

from __future__ import annotations

import pytest

from triage.job import is_rerun


@pytest.mark.parametrize(
    ("attempt", "rerun"),
    [("", False), ("1", False), ("01", False), ("0", False), ("2", True), ("0002", True), ("9" * 5000, True)],
    ids=["unset", "first", "first-zero-padded", "zero", "second", "second-zero-padded", "too-long-for-int"],
)
def test_a_rerun_is_an_attempt_past_the_first(attempt: str, rerun: bool) -> None:
    assert is_rerun({"GITHUB_RUN_ATTEMPT": attempt}) is rerun


@pytest.mark.parametrize("attempt", ["-2", "2.0", "²", "two"])
def test_an_attempt_that_is_not_a_plain_number_is_no_rerun(attempt: str) -> None:
    assert is_rerun({"GITHUB_RUN_ATTEMPT": attempt}) is False
