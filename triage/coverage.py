"""Where a rules file is dead weight or ambiguous, judged on a corpus (`triage eval --coverage`).

Pure: from the rules, the classifications of a corpus and the evaluation's mistakes, list the
terms and globs that never fired, the areas with no docs, the terms two areas both claim, and
the areas that collected the most false positives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from triage.evaluate import EvalReport, applied_area_ids
from triage.model import Classification, Matchers, Rules, Term

MATCHER_KINDS = ("keywords", "patterns", "paths", "repos", "exclude")
EVIDENCE_KIND = {
    "keywords": "keyword",
    "patterns": "pattern",
    "paths": "path",
    "repos": "repo",
    "fields": "field",
    "exclude": "exclude",
}


@dataclass(frozen=True)
class RuleTerm:
    """One entry of a rules file, located: `owner` is `team` or `team/area`."""

    owner: str
    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class SharedTerm:
    kind: str
    text: str
    owners: tuple[str, ...]


@dataclass(frozen=True)
class CoverageReport:
    never_fired: tuple[RuleTerm, ...]
    areas_without_docs: tuple[str, ...]
    shared_terms: tuple[SharedTerm, ...]
    false_positive_areas: tuple[tuple[str, int], ...]


def coverage(rules: Rules, results: Sequence[Classification], report: EvalReport) -> CoverageReport:
    fired: set[tuple[str, str, str]] = {
        (_owner(e.team_id, e.area_id), e.kind, e.term) for r in results for e in r.evidence
    }
    terms = tuple(rule_terms(rules))
    return CoverageReport(
        never_fired=tuple(t for t in terms if not _has_fired(t, fired)),
        areas_without_docs=tuple(f"{a.team_id}/{a.id}" for a in rules.areas if not a.docs),
        shared_terms=shared_terms(terms),
        false_positive_areas=_false_positive_areas(results, report),
    )


def rule_terms(rules: Rules) -> Iterator[RuleTerm]:
    """Every keyword, pattern, glob, repo, field value and exclude term, with its owner."""
    for team in rules.teams:
        yield from _matcher_terms(team.id, team.matchers)
        for area in team.areas:
            yield from _matcher_terms(f"{team.id}/{area.id}", area.matchers)


def shared_terms(terms: Iterable[RuleTerm]) -> tuple[SharedTerm, ...]:
    """Terms of one kind that two or more areas (or a team and its area) both claim."""
    owners: dict[tuple[str, str], set[str]] = {}
    for term in terms:
        if term.kind != "exclude":
            owners.setdefault((term.kind, _normal(term)), set()).add(term.owner)
    return tuple(
        SharedTerm(kind, text, tuple(sorted(names)))
        for (kind, text), names in sorted(owners.items())
        if len(names) > 1
    )


def _matcher_terms(owner: str, matchers: Matchers) -> Iterator[RuleTerm]:
    for kind in MATCHER_KINDS:
        terms: tuple[Term, ...] = getattr(matchers, kind)
        yield from (RuleTerm(owner, kind, t.text, t.line) for t in terms)
    for field_rule in matchers.fields:
        for value in field_rule.values:
            yield RuleTerm(owner, "fields", f"{field_rule.name}: {value.text}", value.line or field_rule.line)


def _has_fired(term: RuleTerm, fired: set[tuple[str, str, str]]) -> bool:
    """Field evidence names its rule `Name: value`, as `rule_terms` does; other kinds the term."""
    return (term.owner, EVIDENCE_KIND[term.kind], term.text) in fired


def _normal(term: RuleTerm) -> str:
    return term.text.casefold().strip("/")


def _owner(team_id: str, area_id: str | None) -> str:
    return team_id if area_id is None else f"{team_id}/{area_id}"


FalsePositiveAreas = tuple[tuple[str, int], ...]


def _false_positive_areas(results: Sequence[Classification], report: EvalReport) -> FalsePositiveAreas:
    """Areas applied on false-positive issues, most first; `team` alone when no area applied."""
    by_issue = {id(r.issue): r for r in results}
    tally: Counter[str] = Counter()
    for label in report.labels:
        for mistake in label.mistakes:
            result = by_issue.get(id(mistake.issue))
            if mistake.kind != "FP" or result is None:
                continue
            areas = applied_area_ids(result, label.team_id) or ("(team only)",)
            tally.update(f"{label.team_id}/{area}" for area in areas)
    return tuple(sorted(tally.items(), key=lambda item: (-item[1], item[0])))
