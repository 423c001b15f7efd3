"""Hits -> `Classification`, as the README's "How an issue is scored" says.

- Each distinct (kind, term, where) counts once per area or team, at its first line.
- It weighs `weights.<kind> x weights.<where> x term weight`; an `exclude` hit weighs nothing
  and vetoes its area (a team-level one vetoes the team and all its areas).
- An area is APPLIED at its `threshold`, SUGGESTED at `suggest`, EXCLUDED on a veto, else BELOW.
- A team is applied when one of its areas is, or when its team-level evidence plus the scores
  of its areas that were not vetoed reach the team `threshold`; never when the team is vetoed.
- With no team applied, the rules' fallback label (if any).

Pure and deterministic: teams and areas in rules order, evidence by place, line, kind, term.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from triage.classify.finder import Hit, Target
from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Classification,
    Evidence,
    EvidenceKind,
    Issue,
    Rules,
    TeamResult,
)

_KIND_ORDER: dict[EvidenceKind, int] = {
    "keyword": 0,
    "pattern": 1,
    "path": 2,
    "repo": 3,
    "field": 4,
    "exclude": 5,
}


def first_hits(hits: Iterable[Hit]) -> dict[int, list[Hit]]:
    """Per target, one hit per (kind, term, where): the one on the earliest line."""
    first: dict[tuple[int, str, str, str], Hit] = {}
    for hit in hits:
        key = (hit.target, hit.kind, hit.term, hit.where)
        kept = first.get(key)
        if kept is None or (hit.line, hit.text) < (kept.line, kept.text):
            first[key] = hit
    by_target: dict[int, list[Hit]] = {}
    for hit in first.values():
        by_target.setdefault(hit.target, []).append(hit)
    return by_target


def _order(evidence: Evidence) -> tuple[int, int, int, str, str]:
    return (
        evidence.where != "title",
        evidence.line,
        _KIND_ORDER[evidence.kind],
        evidence.term,
        evidence.text,
    )


class Scorer:
    """Built once per rules: where each target sits and what each kind and place weighs.

    Plain loops rather than `any`/`sum` over generators: this runs once per issue, and at a few
    microseconds an issue the generator calls would cost more than the arithmetic.
    """

    def __init__(self, rules: Rules, targets: Sequence[Target]) -> None:
        self._fallback = rules.fallback_label
        self._targets = tuple(targets)
        weights = rules.weights
        self._kind_weight: dict[str, float] = {
            "keyword": weights.keyword,
            "pattern": weights.pattern,
            "path": weights.path,
            "repo": weights.repo,
            "field": weights.field,
            "exclude": 0.0,
        }
        self._place_weight: dict[str, float] = {"title": weights.title, "body": weights.body}
        self._ids = tuple((target.team_id, target.area_id) for target in self._targets)
        index = {(t.team_id, t.area_id): i for i, t in enumerate(self._targets)}
        self._teams = tuple(
            (team, index[team.id, None], tuple((area, index[team.id, area.id]) for area in team.areas))
            for team in rules.teams
        )
        self._team_of = {
            target: n
            for n, (_, team_target, areas) in enumerate(self._teams)
            for target in (team_target, *(t for _, t in areas))
        }

    def classify(self, issue: Issue, hits: Sequence[Hit]) -> Classification:
        if not hits:
            return Classification(issue, (), self._fallback)
        by_target = first_hits(hits)
        teams = tuple(self._team_result(n, by_target) for n in sorted({self._team_of[t] for t in by_target}))
        applied = False
        for result in teams:
            applied = applied or result.applied
        return Classification(issue, teams, None if applied else self._fallback)

    def _team_result(self, team_index: int, by_target: dict[int, list[Hit]]) -> TeamResult:
        team, team_target, areas = self._teams[team_index]
        evidence, score, vetoed = self._evidence(by_target.get(team_target, ()))
        results: list[AreaResult] = []
        area_applied = False
        for area, target in areas:
            if target in by_target:
                result = self._area_result(area, by_target[target], vetoed)
                results.append(result)
                if result.status is not AreaStatus.EXCLUDED:
                    score += result.score
                area_applied = area_applied or result.status is AreaStatus.APPLIED
        applied = not vetoed and (area_applied or score >= team.threshold)
        return TeamResult(team=team, score=score, applied=applied, areas=tuple(results), evidence=evidence)

    def _area_result(self, area: Area, hits: list[Hit], team_vetoed: bool) -> AreaResult:
        evidence, score, vetoed = self._evidence(hits)
        status = _status(area, score, vetoed or team_vetoed)
        return AreaResult(area=area, score=score, status=status, evidence=evidence)

    def _evidence(self, hits: Iterable[Hit]) -> tuple[tuple[Evidence, ...], float, bool]:
        """The hits as evidence, in order; their total weight; whether one is a veto."""
        found: list[Evidence] = []
        score = 0.0
        vetoed = False
        kind_weight, place_weight, ids = self._kind_weight, self._place_weight, self._ids
        for target, kind, term, term_weight, text, where, line in hits:
            weight = kind_weight[kind] * place_weight[where] * term_weight
            team_id, area_id = ids[target]
            found.append(Evidence(team_id, area_id, kind, term, text, where, line, weight))
            score += weight
            if kind == "exclude":
                vetoed = True
        if len(found) > 1:
            found.sort(key=_order)
        return tuple(found), score, vetoed


def _status(area: Area, score: float, vetoed: bool) -> AreaStatus:
    if vetoed:
        return AreaStatus.EXCLUDED
    if score >= area.threshold:
        return AreaStatus.APPLIED
    if score >= area.suggest:
        return AreaStatus.SUGGESTED
    return AreaStatus.BELOW
