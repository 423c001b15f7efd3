"""The classifier: rules compiled once, then one issue at a time, purely.

`compile_rules(rules)` builds every finder (see `registry.py`) and the single prefilter pass;
`Classifier.classify(issue)` prepares the text once, runs the pass, asks only the finders whose
probes fired, and scores what they found. `classify(rules, issue)` keeps the compiled form of
the last few `Rules` objects, so callers that hold one `Rules` pay for compiling once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from triage.classify.finder import Hit, Target
from triage.classify.paths import GlobRegexError, GlobsTooLargeError
from triage.classify.patterns import probe as pattern_probe
from triage.classify.phrases import Phrase
from triage.classify.prefilter import Prefilter, ProbeSetTooLargeError
from triage.classify.registry import FINDERS
from triage.classify.scoring import Scorer
from triage.classify.text import PreparedIssue
from triage.errors import Problem, RulesError
from triage.model import Classification, Issue, Rules, Term
from triage.safe_text import clip_middle

_CACHE_SIZE = 8


def targets_of(rules: Rules) -> tuple[Target, ...]:
    """Every team (team-level terms) and area, in rules order: what hits point at."""
    found: list[Target] = []
    for team in rules.teams:
        found.append(Target(team.id, None, team.matchers))
        found.extend(Target(team.id, area.id, area.matchers) for area in team.areas)
    return tuple(found)


class Classifier:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        targets = targets_of(rules)
        self.finders = tuple(build(targets, rules) for build in FINDERS)
        try:
            self._prefilter = Prefilter(self.finders)
        except ProbeSetTooLargeError as error:
            raise RulesError(_too_large(rules, error.largest, error.count)) from None
        self._scorer = Scorer(rules, targets)

    def classify(self, issue: Issue) -> Classification:
        prepared = PreparedIssue(issue.title, issue.body)
        hits: list[Hit] = []
        for finder, fired in self._prefilter.fired(prepared.probe_bytes):
            hits.extend(finder.find(prepared, fired))
        return self._scorer.classify(issue, hits)


def _too_large(rules: Rules, largest: list[str], count: int) -> list[Problem]:
    """The patterns behind the biggest probes, at their lines; else the rules as a whole, whose
    `count` terms are too many for the one pass."""
    too_big = "too large: with the rules' other terms it exceeds RE2's memory for the one pass over an issue"
    problems = [
        Problem(
            rules.source,
            term.line or 1,
            1,
            f"{key}[{index}]",
            f'"{clip_middle(term.text)}" is {too_big}; make it smaller',
        )
        for key, terms, probe_of in _term_lists(rules)
        for index, term in enumerate(terms)
        if probe_of(term) in largest
    ]
    return problems or [
        Problem(
            rules.source,
            1,
            1,
            "(rules)",
            f"the rules' terms together ({count} distinct searches) exceed RE2's memory for the one pass "
            f"over an issue{'' if largest else ', though none is large'}: remove some",
        )
    ]


def _term_lists(rules: Rules) -> Iterator[tuple[str, tuple[Term, ...], Callable[[Term], str]]]:
    """Each `patterns`, `keywords` and `exclude` list of the rules with its key path, as problems
    name it, and the probe each of its terms adds to the one pass (a keyword of 80,000 characters
    is as large as any pattern)."""
    for t, team in enumerate(rules.teams):
        owners = [(f"teams[{t}]", team.matchers)]
        owners += [(f"teams[{t}].areas[{a}]", area.matchers) for a, area in enumerate(team.areas)]
        for path, matchers in owners:
            yield f"{path}.patterns", matchers.patterns, pattern_probe
            yield f"{path}.keywords", matchers.keywords, _phrase_probe
            yield f"{path}.exclude", matchers.exclude, _phrase_probe


def _phrase_probe(term: Term) -> str:
    try:
        return Phrase(term.text, term.case_sensitive).probe
    except ValueError:  # a blank term, which rules built in code may hold: it adds no probe
        return ""


def compile_rules(rules: Rules, *, now: bool = False) -> Classifier:
    """`now`: also build what is otherwise built on first use, so that a rules problem it would
    meet (globs too many for one RE2 set, or one RE2 refuses) is a RulesError here (`triage check`)."""
    classifier = Classifier(rules)
    if now:
        for finder in classifier.finders:
            prepare = getattr(finder, "prepare", None)
            if prepare is None:
                continue
            try:
                prepare()
            except GlobsTooLargeError as error:
                raise RulesError([Problem(rules.source, 1, 1, "paths", str(error))]) from None
            except GlobRegexError as error:
                raise RulesError(
                    [Problem(rules.source, error.glob.line or 1, 1, "paths", str(error))]
                ) from None
    return classifier


# Keyed by id(): hashing a large frozen Rules on every call would cost more than classifying.
# The entry holds the Rules itself, so its id cannot be reused while cached.
_compiled: dict[int, Classifier] = {}


def classify(rules: Rules, issue: Issue) -> Classification:
    classifier = _compiled.get(id(rules))
    if classifier is None or classifier.rules is not rules:
        if len(_compiled) >= _CACHE_SIZE:
            del _compiled[next(iter(_compiled))]
        classifier = _compiled[id(rules)] = compile_rules(rules)
    return classifier.classify(issue)
