"""`triage check`: validate a rules file, then run the rule test cases kept beside it.

Prints every problem as `FILE:LINE:COL: key.path: message` (and, inside GitHub Actions, as an
error annotation on that line), then each failing case with the evidence behind it, then
`N cases, N passed, N failed`. Exit 0 when all is well, 1 on any problem or failed case.
A comment template of the rules' own is compiled and rendered too (`triage.template_check`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

from triage.annotations import error_annotation, problem_annotation, warning_annotation
from triage.case_run import CaseResult, Classify, run_cases
from triage.cases import default_cases_path, load_cases
from triage.classify import compile_rules
from triage.commands.arg_types import file_path
from triage.commands.default_rules import missing_default_hint
from triage.errors import EXIT_OK, EXIT_USER_ERROR, Problem, RulesError
from triage.model import Rules
from triage.path_checks import is_file
from triage.ruleset import DEFAULT_RULES, load_rules
from triage.ruleset.placement import terms_after_areas
from triage.ruleset.reach import max_score
from triage.ruleset.source import read_source
from triage.ruleset.windows import window_notes
from triage.safe_text import log_line
from triage.template_check import case_problems, template_problems


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules",
        type=file_path,
        default=DEFAULT_RULES,
        metavar="PATH",
        help=f"rules file (default: {DEFAULT_RULES})",
    )
    parser.add_argument(
        "--cases",
        metavar="PATH",
        help="rule test cases (default: the rules path with .cases.yaml, when that file exists)",
    )


def run(args: argparse.Namespace) -> int:
    return check(args.rules, args.cases, out=sys.stdout, env=os.environ)


def check(
    rules_path: str,
    cases_path: str | None,
    *,
    out: TextIO,
    env: Mapping[str, str],
    classify: Classify | None = None,
) -> int:
    """Validate, then run the cases (given, or found beside the rules); the exit code."""
    report = _Report(out, annotate=env.get("GITHUB_ACTIONS") == "true")
    problems_at, rules = _usable_rules(rules_path)
    if rules is None:
        for source, problems in problems_at:
            report.problems(source, problems)
        hint = missing_default_hint(rules_path, "--rules")
        if hint is not None:
            report.line(hint)
        cases = cases_path or default_cases_path(rules_path)
        if cases is not None:
            _check_cases_form(report, cases, given=cases_path is not None)
        return EXIT_USER_ERROR
    report.line(f"{rules_path}: ok ({_counts(rules)})")
    idle = _matching_nothing(rules)
    if idle:
        report.line(
            f"note: {_plural(len(idle), 'area')} can never be labelled, having no keywords, patterns, "
            f"paths, repos or fields yet: {', '.join(idle)}"
        )
    text = read_source(rules_path)
    for note in sorted([*terms_after_areas(rules, text), *window_notes(rules, text)]):
        report.note(note)
    beside = default_cases_path(rules_path) or ""  # rules that loaded are a file: it has a name
    if cases_path is None and not is_file(beside):
        misnamed = _misnamed_cases(beside, rules_path)
        if misnamed is not None:
            said = (
                f"these cases are not run: check reads those of {rules_path} from {beside}, which does "
                f"not exist: rename this file so, or give --cases {misnamed}"
            )
            return report.problems(misnamed, [Problem(misnamed, 1, 1, "(file)", said)])
        report.line(f"no rule test cases ({beside} does not exist)")
        return EXIT_OK
    return _run_cases(report, rules, cases_path or beside, classify)


def _misnamed_cases(beside: str, rules_path: str) -> str | None:
    """A file beside the rules named as their cases file nearly is (`ownership.cases.yml` beside
    `ownership.yaml`, `ownership.case.yaml`): passing with no case run, the check would let a pull
    request through untested; the rules file itself is never one, whatever its name holds."""
    from triage.near_names import near_name  # noqa: PLC0415 - only when no cases file is found

    near = near_name(beside)
    if near is None:
        return None
    name = Path(near).name
    if name == Path(rules_path).name or "case" not in name.casefold() or _read_by_other_rules(near):
        return None
    return near


def _read_by_other_rules(near: str) -> bool:
    """Whether `near` is the cases file of other rules beside it (`team-a.cases.yaml` beside
    `team-a.yaml`): in a folder of a rules file for each team, one team's cases are a near name of
    those a team with none would have, and that team's check is no less right for having none."""
    path = Path(near)
    stem, cases, _ = path.name.rpartition(".cases.")
    others = (path.with_name(stem + suffix) for suffix in (".yaml", ".yml")) if cases else ()
    return any(is_file(str(rules)) and default_cases_path(str(rules)) == str(path) for rules in others)


def _usable_rules(rules_path: str) -> tuple[list[tuple[str, list[Problem]]], Rules | None]:
    """The rules, or the problems that make them unusable (by file): the rules file, the rules'
    own comment template, and terms too large for the one RE2 pass (or globs for theirs)."""
    try:
        rules = load_rules(rules_path)
    except RulesError as error:
        return [(rules_path, error.problems)], None
    broken = template_problems(rules)
    if broken:
        return [(rules.comment.template or rules_path, broken)], None
    try:
        compile_rules(rules, now=True)
    except RulesError as error:
        return [(rules_path, error.problems)], None
    return [], rules


def _check_cases_form(report: _Report, path: str, *, given: bool) -> None:
    """With rules that cannot be used, the cases cannot run; their file's own mistakes are still
    worth reporting in the same round."""
    if not given and not is_file(path):
        return
    try:
        load_cases(path, None)
    except RulesError as error:
        report.problems(path, error.problems)
        return
    report.line(f"{path}: the cases were not run, as the rules have problems")


def _matching_nothing(rules: Rules) -> list[str]:
    """The ids of the areas with no term of their own (the most they can score is 0, as the reach
    check that leaves them be reads it): a rules file `import-handbook` started, whose author has not
    filled it in yet. Not a problem (a placeholder is allowed), but not "ok" alone."""
    return [area.id for area in rules.areas if max_score(area.matchers, rules.weights) == 0]


def _counts(rules: Rules) -> str:
    teams, areas, labels = len(rules.teams), len(rules.areas), len(rules.managed_labels)
    return f"{_plural(teams, 'team')}, {_plural(areas, 'area')}, {_plural(labels, 'label')}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _run_cases(report: _Report, rules: Rules, path: str, classify: Classify | None) -> int:
    try:
        cases = load_cases(path, rules)
    except RulesError as error:
        return report.problems(path, error.problems)
    results = run_cases(rules, cases, classify)
    for result in results:
        if not result.passed:
            report.failure(result)
    broken = case_problems(rules, results)
    if broken:
        report.problems(rules.comment.template or path, broken)
    failed = sum(not result.passed for result in results)
    report.line(f"{_plural(len(results), 'case')}, {len(results) - failed} passed, {failed} failed")
    return EXIT_USER_ERROR if failed or broken else EXIT_OK


class _Report:
    """Lines for a person, plus error annotations when running inside GitHub Actions.

    Every line for a person goes through `log_line` (its indentation kept), paths included: a rules file
    names its template, whose file name may hold a line break, and a line of its own that starts
    with `::` would be a workflow command, as would a `##[` anywhere in a line. An annotation says
    what its lines say, each as printed.

    A reader that stops early (`triage check | head`) ends the lines, not the check: the exit code
    is its verdict, which a CI step reads (with `pipefail`), so the rules and cases are still
    checked to the end."""

    def __init__(self, out: TextIO, *, annotate: bool) -> None:
        self.out: TextIO | None = out
        self.annotate = annotate

    def line(self, text: str) -> None:
        self._write(_one_line(text))

    def _write(self, text: str) -> None:
        if self.out is None:
            return
        try:
            print(text, file=self.out)
        except BrokenPipeError:
            self.out = None

    def note(self, problem: Problem) -> None:
        """A thing that is valid but most likely not what was meant: said, never failing the check,
        and on the file's line as a warning inside Actions."""
        self.line(f"note: {problem}")
        if self.annotate:
            self._write(warning_annotation(problem))

    def problems(self, source: str, problems: Iterable[Problem]) -> int:
        found = list(problems)
        for problem in found:
            self.line(str(problem))
            if self.annotate:
                self._write(problem_annotation(problem))
        self.line(f"{source}: {_plural(len(found), 'problem')}")
        return EXIT_USER_ERROR

    def failure(self, result: CaseResult) -> None:
        case = result.case
        self.line(f"FAIL {case.source}:{case.line}: {case.name}")
        details = [line for miss in result.misses for line in (miss.expectation, *_indent(miss.explanation))]
        for detail in details:
            self.line("  " + detail)
        if self.annotate:
            shown = [log_line(f'case "{case.name}" failed:'), *map(_one_line, details)]
            self._write(error_annotation(case.source, case.line, 1, "\n".join(shown)))


def _indent(lines: Iterable[str]) -> list[str]:
    return [f"  {line}" for line in lines]


def _one_line(text: str) -> str:
    """`log_line`, keeping the leading indentation that shows the structure."""
    body = text.lstrip(" ")
    return text[: len(text) - len(body)] + log_line(body)
