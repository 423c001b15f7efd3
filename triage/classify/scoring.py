"""Hits -> `Classification`, as the README's "How an issue is scored" says.

- Each distinct (kind, term, where) counts once per area or team, at its first line.
- It weighs `weights.<kind> x weights.<where> x term weight`; an `exclude` hit weighs nothing
  and vetoes its area (a team-level one vetoes the team and all its areas).
- An area is APPLIED at its `threshold`, SUGGESTED at `suggest`, EXCLUDED on a veto, else BELOW.
- A team is applied when one of its areas is, or when its team-level evidence plus the scores
  of its areas that were not vetoed reach the team `threshold`; never when the team is vetoed.
- With no team applied, the rules' fallback label (if any).
- A team of no areas is suggested as an area is, but that is read off its result
  (`TeamResult.suggested`), not set here: the scorer does no more work for it.

Pure and deterministic: teams and areas in rules order, evidence by place, line, kind, term.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter

from triage.classify.finder import Hit, Target
from triage.model import (
    AreaResult,
    AreaStatus,
    Classification,
    Evidence,
    EvidenceKind,
    Issue,
    Rules,
    TeamResult,
    Where,
    new_record,
)

_KIND_ORDER: dict[EvidenceKind, int] = {
    "keyword": 0,
    "pattern": 1,
    "path": 2,
    "repo": 3,
    "field": 4,
    "exclude": 5,
}

_Ordered = tuple[int, bool, int, int, str, str, EvidenceKind, float, Where]
"""A hit as scoring reads it: (target, not in the title, line, kind's rank, term, text, kind,
term weight, where). Tuples of these sort by target (so by team, the team's own terms before its
areas'), then as evidence is listed; (target, kind, term, where) is unique among them, so the
sort never compares past the text."""

_ScoredTarget = tuple[int, int, tuple[Evidence, ...], float, bool]
"""A target's part of the score: (team, target, evidence, total weight, vetoed)."""

_EXCLUDED, _APPLIED, _SUGGESTED, _BELOW = (
    AreaStatus.EXCLUDED,
    AreaStatus.APPLIED,
    AreaStatus.SUGGESTED,
    AreaStatus.BELOW,
)
"""The statuses as globals: a class that defines `__getattr__`, as `EnumType` does (Python 3.11), is
read through a slower slot, which cost 1,000 instructions an issue on the dev file."""

_FIRST = itemgetter(0)
"""The target of an `_Ordered`, the team of a `_ScoredTarget`: what each is grouped by."""


def in_order(hits: Iterable[Hit]) -> list[_Ordered]:
    """One entry per (target, kind, term, where), for its hit on the earliest line (then with the
    smallest text; the first found on a tie), sorted."""
    kept: dict[tuple[int, str, str, str], _Ordered] = {}
    for target, kind, term, term_weight, text, where, line in hits:
        entry = (target, where != "title", line, _KIND_ORDER[kind], term, text, kind, term_weight, where)
        first = kept.setdefault((target, kind, term, where), entry)
        if first is not entry and (line, text) < (first[2], first[5]):
            kept[target, kind, term, where] = entry
    ordered = list(kept.values())
    ordered.sort()
    return ordered


class Scorer:
    """Built once per rules: where each target sits and what each kind in each place weighs.

    Written for speed (it runs once per issue, at a few microseconds an issue): the hits are
    sorted once, then read in that order, a target at a time, then a team at a time, so only the
    targets with hits cost anything; plain loops, no generators or comprehensions (each a
    function call in Python 3.11), tuples indexed rather than attributes.
    """

    def __init__(self, rules: Rules, targets: Sequence[Target]) -> None:
        self._fallback = rules.fallback_label
        weights = rules.weights
        by_kind: dict[str, float] = {
            "keyword": weights.keyword,
            "pattern": weights.pattern,
            "path": weights.path,
            "repo": weights.repo,
            "field": weights.field,
            "exclude": 0.0,
        }
        self._weight: dict[str, dict[str, float]] = {
            kind: {"title": weight * weights.title, "body": weight * weights.body}
            for kind, weight in by_kind.items()
        }
        self._ids = tuple((target.team_id, target.area_id) for target in targets)
        index = {(t.team_id, t.area_id): i for i, t in enumerate(targets)}
        team_of = {team.id: n for n, team in enumerate(rules.teams)}
        self._team_of = tuple(team_of[target.team_id] for target in targets)
        self._teams = tuple((team, index[team.id, None]) for team in rules.teams)
        self._area_of = {index[team.id, area.id]: area for team in rules.teams for area in team.areas}

    def classify(self, issue: Issue, hits: Sequence[Hit]) -> Classification:
        if not hits:
            return new_record(Classification, (issue, (), self._fallback))
        results: list[TeamResult] = []
        applied = False
        for team_index, scored in groupby(self._scored(in_order(hits)), _FIRST):
            result = self._team_result(team_index, scored)
            results.append(result)
            applied = applied or result[2]
        return new_record(Classification, (issue, tuple(results), None if applied else self._fallback))

    def _scored(self, ordered: list[_Ordered]) -> list[_ScoredTarget]:
        """Each target with hits, in order."""
        weight_of = self._weight
        scored: list[_ScoredTarget] = []
        for target, entries in groupby(ordered, _FIRST):
            team_id, area_id = self._ids[target]
            evidence: list[Evidence] = []
            score = 0.0
            vetoed = False
            for _, _, line, _, term, text, kind, term_weight, where in entries:
                weight = weight_of[kind][where] * term_weight
                record = (team_id, area_id, kind, term, text, where, line, weight)
                evidence.append(new_record(Evidence, record))
                score += weight
                if kind == "exclude":
                    vetoed = True
            scored.append((self._team_of[target], target, tuple(evidence), score, vetoed))
        return scored

    def _team_result(self, team_index: int, scored: Iterable[_ScoredTarget]) -> TeamResult:
        """The team's own terms come first (its target precedes its areas'), so a team-level veto
        is known before any area is read."""
        team, team_target = self._teams[team_index]
        evidence: tuple[Evidence, ...] = ()
        score = 0.0
        vetoed = False
        results: list[AreaResult] = []
        area_applied = False
        for _, target, area_evidence, area_score, area_vetoed in scored:
            if target == team_target:
                evidence, score, vetoed = area_evidence, area_score, area_vetoed
                continue
            area = self._area_of[target]
            if area_vetoed or vetoed:
                status = _EXCLUDED
            else:
                score += area_score
                if area_score >= area.threshold:
                    status = _APPLIED
                    area_applied = True
                elif area_score >= area.suggest:
                    status = _SUGGESTED
                else:
                    status = _BELOW
            results.append(new_record(AreaResult, (area, area_score, status, area_evidence)))
        applied = not vetoed and (area_applied or score >= team.threshold)
        return new_record(TeamResult, (team, score, applied, tuple(results), evidence))
