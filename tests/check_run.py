"""`triage check` run in-process with the keyword-only stand-in classifier, as its tests call it."""

from __future__ import annotations

import io
from pathlib import Path

from tests.fake_classifier import fake_classify
from triage.commands.check import check


def run_check(rules: Path, cases: Path | None = None, *, actions: bool = False) -> tuple[int, str]:
    """The exit code and the output of `check` on `rules` (and `cases`); `actions`: as inside
    GitHub Actions, where each problem is also an annotation."""
    out = io.StringIO()
    env = {"GITHUB_ACTIONS": "true"} if actions else {}
    code = check(str(rules), None if cases is None else str(cases), out=out, env=env, classify=fake_classify)
    return code, out.getvalue()
