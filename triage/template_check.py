"""`triage check` on a rules author's comment template: compile it, then render it, before merge.

A template is otherwise first compiled when a comment is rendered, and a branch that fails only
for some issues (no fallback label, an area with a note) fails only when such an issue comes. So
the template is rendered for made-up classifications (`comment_samples`), one of them as a comment
too long for GitHub is (its reasons dropped, `hidden_reasons` counting them), and for every rule test
case. The bundled template is ours and tested with triage, so only a rules file's own is checked:
rules without one never load Jinja2 here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from triage.case_run import CaseResult
from triage.comment_samples import everything_applied, samples
from triage.errors import Problem, RulesError
from triage.model import Rules
from triage.render import load_template, render_comment, render_reasons_dropped

Rendering = tuple[str, Callable[[], object]]
"""What a rendering shows, and the call that renders it."""


def template_problems(rules: Rules) -> list[Problem]:
    """Syntax errors, then what rendering the samples raises; [] without a template of the rules' own.
    A sample renders as a re-triage rewriting a comment of ours would, whatever `on_no_match` says
    (`always`). The comment of every team and area applied is also rendered with its reasons
    dropped, as `fit` renders one too long for GitHub: only then is `hidden_reasons` more than 0."""
    if rules.comment.template is None:
        return []
    try:
        load_template(rules)
    except RulesError as error:
        return error.problems
    renders: list[Rendering] = [
        (
            f"a sample comment with {s.what}",
            partial(render_comment, rules, s.classification, always=True, taken_off=s.taken_off),
        )
        for s in samples(rules)
    ]
    renders.append(
        (
            "a sample comment with every team and area applied and every reason dropped, as in one too "
            "long for GitHub, `hidden_reasons` counting them",
            partial(render_reasons_dropped, rules, everything_applied(rules)),
        )
    )
    return _render_all(renders)


def case_problems(rules: Rules, results: Iterable[CaseResult]) -> list[Problem]:
    """What rendering the comment for each case's issue raises, each problem once (what a case's
    issue gets when opened is what its case shows)."""
    if rules.comment.template is None:
        return []
    return _render_all(
        (
            f'the comment for case "{r.case.name}", {r.case.source}:{r.case.line}',
            partial(render_comment, rules, r.classification),
        )
        for r in results
    )


def _render_all(renders: Iterable[Rendering]) -> list[Problem]:
    """The distinct problems, each saying which rendering met it first."""
    found: dict[Problem, str] = {}
    for what, render in renders:
        try:
            render()
        except RulesError as error:
            for problem in error.problems:
                found.setdefault(problem, what)
    return [
        problem._replace(message=f"{problem.message} (rendering {what})") for problem, what in found.items()
    ]
