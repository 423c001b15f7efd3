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
    Team,
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
    """Built once per rules: where each target sits and what each kind and place weighs."""

    def __init__(self, rules: Rules, targets: Sequence[Target]) -> None:
        self._rules = rules
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
        index = {(t.team_id, t.area_id): i for i, t in enumerate(self._targets)}
        self._team_targets = tuple(
            (team, index[team.id, None], tuple((area, index[team.id, area.id]) for area in team.areas))
            for team in rules.teams
        )

    def classify(self, issue: Issue, hits: Sequence[Hit]) -> Classification:
        if not hits:
            return Classification(issue, (), self._rules.fallback_label)
        by_target = first_hits(hits)
        teams: list[TeamResult] = []
        for team, team_target, areas in self._team_targets:
            if team_target in by_target or any(target in by_target for _, target in areas):
                teams.append(self._team_result(team, by_target.get(team_target, ()), areas, by_target))
        applied = any(team.applied for team in teams)
        return Classification(issue, tuple(teams), None if applied else self._rules.fallback_label)

    def _evidence(self, hits: Iterable[Hit]) -> tuple[Evidence, ...]:
        kind_weight, place_weight, targets = self._kind_weight, self._place_weight, self._targets
        found = [
            Evidence(
                targets[hit.target].team_id,
                targets[hit.target].area_id,
                hit.kind,
                hit.term,
                hit.text,
                hit.where,
                hit.line,
                kind_weight[hit.kind] * place_weight[hit.where] * hit.term_weight,
            )
            for hit in hits
        ]
        if len(found) > 1:
            found.sort(key=_order)
        return tuple(found)

    def _team_result(
        self,
        team: Team,
        team_hits: Iterable[Hit],
        areas: tuple[tuple[Area, int], ...],
        by_target: dict[int, list[Hit]],
    ) -> TeamResult:
        evidence = self._evidence(team_hits)
        vetoed = any(e.kind == "exclude" for e in evidence)
        results = tuple(
            self._area_result(area, self._evidence(by_target[target]), vetoed)
            for area, target in areas
            if target in by_target
        )
        score = _score(evidence) + sum((r.score for r in results if r.status is not AreaStatus.EXCLUDED), 0.0)
        applied = not vetoed and (
            score >= team.threshold or any(r.status is AreaStatus.APPLIED for r in results)
        )
        return TeamResult(team=team, score=score, applied=applied, areas=results, evidence=evidence)

    def _area_result(self, area: Area, evidence: tuple[Evidence, ...], team_vetoed: bool) -> AreaResult:
        score = _score(evidence)
        return AreaResult(
            area=area, score=score, status=_status(area, score, evidence, team_vetoed), evidence=evidence
        )


def _score(evidence: Iterable[Evidence]) -> float:
    return sum((e.weight for e in evidence), 0.0)


def _status(area: Area, score: float, evidence: tuple[Evidence, ...], team_vetoed: bool) -> AreaStatus:
    if team_vetoed or any(e.kind == "exclude" for e in evidence):
        return AreaStatus.EXCLUDED
    if score >= area.threshold:
        return AreaStatus.APPLIED
    if score >= area.suggest:
        return AreaStatus.SUGGESTED
    return AreaStatus.BELOW
