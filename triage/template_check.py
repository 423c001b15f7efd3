"""`triage check` on a rules author's comment template: compile it, then render it, before merge.

A template is otherwise first compiled when a comment is rendered, and a branch that fails only
for some issues (no fallback label, an area with a note) fails only when such an issue comes. So
the template is rendered for made-up classifications (`comment_samples`) and for every rule test
case. The bundled template is ours and tested with triage, so only a rules file's own is checked:
rules without one never load Jinja2 here.
"""

from __future__ import annotations

from collections.abc import Iterable

from triage.case_run import CaseResult
from triage.comment_samples import samples
from triage.errors import Problem, RulesError
from triage.model import Classification, Rules
from triage.render import load_template, render_comment


def template_problems(rules: Rules) -> list[Problem]:
    """Syntax errors, then what rendering the samples raises; [] without a template of the rules' own."""
    if rules.comment.template is None:
        return []
    try:
        load_template(rules)
    except RulesError as error:
        return error.problems
    renders = ((f"a sample comment with {s.what}", s.classification, s.taken_off) for s in samples(rules))
    return _render_all(rules, renders, always=True)


def case_problems(rules: Rules, results: Iterable[CaseResult]) -> list[Problem]:
    """What rendering the comment for each case's issue raises, each problem once."""
    if rules.comment.template is None:
        return []
    return _render_all(
        rules,
        (
            (f'the comment for case "{r.case.name}", {r.case.source}:{r.case.line}', r.classification, ())
            for r in results
        ),
        always=False,
    )


def _render_all(
    rules: Rules, renders: Iterable[tuple[str, Classification, tuple[str, ...]]], *, always: bool
) -> list[Problem]:
    """The distinct problems, each saying which rendering met it first; each rendering is (what,
    the classification, the labels a person took off). `always`, as `render_comment` takes it: a
    sample renders as a re-triage rewriting a comment of ours would, whatever `on_no_match` says
    (what a case's issue gets when opened is what its case shows)."""
    found: dict[Problem, str] = {}
    for what, classification, taken_off in renders:
        try:
            render_comment(rules, classification, always=always, taken_off=taken_off)
        except RulesError as error:
            for problem in error.problems:
                found.setdefault(problem, what)
    return [
        problem._replace(message=f"{problem.message} (rendering {what})") for problem, what in found.items()
    ]
