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

_LAST = itemgetter(-1)

_Scored = tuple[tuple[Evidence, ...], float, bool]
_NOTHING: _Scored = ((), 0.0, False)


def first_hits(hits: Iterable[Hit]) -> dict[int, list[Hit]]:
    """Per target, one hit per (kind, term, where): the one on the earliest line."""
    first: dict[tuple[int, str, str, str], Hit] = {}
    for hit in hits:
        key = (hit[0], hit[1], hit[2], hit[5])
        kept = first.get(key)
        if kept is None or (hit[6], hit[4]) < (kept[6], kept[4]):
            first[key] = hit
    by_target: dict[int, list[Hit]] = {}
    for hit in first.values():
        found = by_target.get(hit[0])
        if found is None:
            by_target[hit[0]] = [hit]
        else:
            found.append(hit)
    return by_target


class Scorer:
    """Built once per rules: where each target sits and what each kind in each place weighs.

    Written for speed (it runs once per issue, at a few microseconds an issue): plain loops, no
    generators or comprehensions (each a function call in Python 3.11), tuples indexed rather
    than attributes, and evidence sorted by a key tuple built beside it instead of a key function.
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
        self._teams = tuple(
            (team, index[team.id, None], tuple((area, index[team.id, area.id]) for area in team.areas))
            for team in rules.teams
        )
        self._team_of = tuple(
            next(n for n, team in enumerate(rules.teams) if team.id == t.team_id) for t in targets
        )

    def classify(self, issue: Issue, hits: Sequence[Hit]) -> Classification:
        if not hits:
            return new_record(Classification, (issue, (), self._fallback))
        by_target = first_hits(hits)
        team_of = self._team_of
        touched = set(map(team_of.__getitem__, by_target))
        results: list[TeamResult] = []
        applied = False
        for team_index in sorted(touched) if len(touched) > 1 else touched:
            result = self._team_result(team_index, by_target)
            results.append(result)
            applied = applied or result[2]
        return new_record(Classification, (issue, tuple(results), None if applied else self._fallback))

    def _team_result(self, team_index: int, by_target: dict[int, list[Hit]]) -> TeamResult:
        team, team_target, areas = self._teams[team_index]
        team_hits = by_target.get(team_target)
        evidence, score, vetoed = _NOTHING if team_hits is None else self._scored(team_hits)
        results: list[AreaResult] = []
        area_applied = False
        for area, target in areas:
            area_hits = by_target.get(target)
            if area_hits is None:
                continue
            area_evidence, area_score, area_vetoed = self._scored(area_hits)
            if area_vetoed or vetoed:
                status = AreaStatus.EXCLUDED
            else:
                score += area_score
                if area_score >= area.threshold:
                    status = AreaStatus.APPLIED
                    area_applied = True
                elif area_score >= area.suggest:
                    status = AreaStatus.SUGGESTED
                else:
                    status = AreaStatus.BELOW
            results.append(new_record(AreaResult, (area, area_score, status, area_evidence)))
        applied = not vetoed and (area_applied or score >= team.threshold)
        return new_record(TeamResult, (team, score, applied, tuple(results), evidence))

    def _scored(self, hits: list[Hit]) -> _Scored:
        """The hits as evidence, in order; their total weight; whether one is a veto."""
        weight_of = self._weight
        team_id, area_id = self._ids[hits[0][0]]
        if len(hits) == 1:
            _, kind, term, term_weight, text, where, line = hits[0]
            weight = weight_of[kind][where] * term_weight
            evidence = new_record(Evidence, (team_id, area_id, kind, term, text, where, line, weight))
            return (evidence,), weight, kind == "exclude"
        keyed = []
        score = 0.0
        vetoed = False
        for _, kind, term, term_weight, text, where, line in hits:
            weight = weight_of[kind][where] * term_weight
            evidence = new_record(Evidence, (team_id, area_id, kind, term, text, where, line, weight))
            # (kind, term, where) is unique here, so the key never ties and evidence is never compared.
            keyed.append((where != "title", line, _KIND_ORDER[kind], term, text, evidence))
            score += weight
            if kind == "exclude":
                vetoed = True
        keyed.sort()
        return tuple(map(_LAST, keyed)), score, vetoed
