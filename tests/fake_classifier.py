"""A stand-in classifier for testing the case runner apart from the real one.

Keywords only, plain substring search, one piece of evidence per term and place: enough to
produce every area status and a fallback, with the same result types as `triage.classify`.
"""

from __future__ import annotations

from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Classification,
    Evidence,
    Issue,
    Rules,
    Team,
    TeamResult,
    Where,
)


def fake_classify(rules: Rules, issue: Issue) -> Classification:
    teams = tuple(result for team in rules.teams if (result := _team(rules, team, issue)) is not None)
    applied = any(result.applied for result in teams)
    return Classification(issue, teams, None if applied else rules.fallback_label)


def _team(rules: Rules, team: Team, issue: Issue) -> TeamResult | None:
    areas = tuple(result for area in team.areas if (result := _area(rules, area, issue)) is not None)
    if not areas:
        return None
    score = sum(area.score for area in areas)
    applied = any(area.status is AreaStatus.APPLIED for area in areas) or score >= team.threshold
    return TeamResult(team, score, applied, areas, ())


def _area(rules: Rules, area: Area, issue: Issue) -> AreaResult | None:
    evidence = [found for term in area.matchers.keywords for found in _find(rules, area, term.text, issue)]
    if not evidence:
        return None
    score = sum(e.weight for e in evidence)
    status = AreaStatus.BELOW
    if score >= area.threshold:
        status = AreaStatus.APPLIED
    elif score >= area.suggest:
        status = AreaStatus.SUGGESTED
    return AreaResult(area, score, status, tuple(evidence))


def _find(rules: Rules, area: Area, term: str, issue: Issue) -> list[Evidence]:
    places: list[tuple[Where, str, float]] = [("title", issue.title, rules.weights.title)]
    places.append(("body", issue.body, rules.weights.body))
    found = []
    for where, text, weight in places:
        for number, line in enumerate(text.splitlines(), start=1):
            if term.lower() in line.lower():
                found.append(Evidence(area.team_id, area.id, "keyword", term, line, where, number, weight))
                break
    return found
