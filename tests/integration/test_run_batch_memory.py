"""What a batch holds of the issues it listed: their text only for the turn of each, so its memory
does not grow with the bodies of the issues it has done, nor of those it has yet to do."""

from __future__ import annotations

import gc
import re
import sys
import types
from pathlib import Path

from tests.fakegithub import BOT, REPO, FakeGitHub
from tests.integration.conftest import TEAM, add_managed_labels
from triage.batch import triage_open_issues
from triage.classify import compile_rules
from triage.dispatch import DispatchInputs
from triage.github import GitHubClient
from triage.pipeline import Context
from triage.ruleset import load_rules

_BODY = re.compile(r"Body of issue (\d+):")
FILLER = "a long stack trace line with nothing to match " * 1_000
"""Some 46,000 characters: the words that name an owner come after them, so the issue is labelled
only when its whole body is read."""


def body(index: int) -> str:
    named = "kubectl on Kubernetes" if index % 2 else "nothing to see"
    return f"Body of issue {index}:\n{FILLER}\n{named}"


def _skipped(value: object) -> bool:
    """Not walked: what every module reaches (modules, classes, functions and their globals)."""
    return isinstance(value, types.ModuleType | type | types.FunctionType | types.FrameType)


def bodies_held_by_the_callers(depth: int = 2) -> set[int]:
    """The issues (by the index their body names) whose body is reachable from the variables of the
    triage functions on the stack above the caller: the batch's own frames."""
    frame: types.FrameType | None = sys._getframe(depth)
    roots: list[object] = []
    while frame is not None and frame.f_globals.get("__name__", "").startswith("triage."):
        roots.extend(frame.f_locals.values())
        frame = frame.f_back
    assert roots, "called from outside triage"
    seen: set[int] = set()
    found: set[int] = set()
    while roots:
        value = roots.pop()
        if id(value) in seen or _skipped(value):
            continue
        seen.add(id(value))
        if isinstance(value, str):
            named = _BODY.match(value)
            if named is not None:
                found.add(int(named[1]))
            continue
        roots.extend(gc.get_referents(value))
    return found


def test_between_two_issues_a_batch_holds_the_body_of_no_issue_it_listed(
    github: FakeGitHub, client: GitHubClient, rules_path: Path
) -> None:
    add_managed_labels(github)
    numbers = [github.state.add_issue(REPO, f"Problem {index}", body(index)) for index in range(6)]
    rules = load_rules(rules_path)
    context = Context(rules, compile_rules(rules), BOT, new_comments="with_labels")
    held: list[set[int]] = []

    def out_of_time() -> None:
        held.append(bodies_held_by_the_callers())

    report = triage_open_issues(DispatchInputs(), client, context, out_of_time)

    assert held == [set()] * len(numbers)
    assert [o.status for o in report.outcomes] == ["changed"] * len(numbers)
    labelled = [number for number in numbers if TEAM in github.state.issue(REPO, number).labels]
    assert labelled == numbers[1::2]
