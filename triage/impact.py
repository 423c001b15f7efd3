"""What a rules change does to issues: the same issues classified under old and new rules, compared.

Pure. For each issue `compare_issue` lists the labels gained and lost, the areas gained and lost
(`team/area` ids, so a renamed label shows as a label change, not an area change), and the areas
newly or no longer *suggested*. A suggestion that became a label (or a label that became a
suggestion) is an area change only, not also a suggestion change. Each change carries what each
rule set said: status, score and evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from triage.model import AreaResult, AreaStatus, Classification, Evidence, Issue, TeamResult

Direction = Literal["gained", "lost"]
SideStatus = Literal["applied", "suggested", "below", "excluded", "none"]


@dataclass(frozen=True)
class Side:
    """What one rule set said about a label or an area; status "none" means no evidence at all."""

    status: SideStatus
    score: float
    evidence: tuple[Evidence, ...]


NO_EVIDENCE = Side("none", 0.0, ())


@dataclass(frozen=True)
class Change:
    """`name` is a label name, or a `team/area` id for area and suggestion changes."""

    name: str
    direction: Direction
    old: Side
    new: Side


@dataclass(frozen=True)
class IssueImpact:
    issue: Issue
    labels: tuple[Change, ...]
    areas: tuple[Change, ...]
    suggestions: tuple[Change, ...]


@dataclass(frozen=True)
class LabelCount:
    label: str
    gained: int
    lost: int


@dataclass(frozen=True)
class Impact:
    """`issues` holds only the issues that change, in the order they were compared."""

    compared: int
    issues: tuple[IssueImpact, ...]
    labels: tuple[LabelCount, ...]

    @property
    def is_empty(self) -> bool:
        return not self.issues


def compare(pairs: Iterable[tuple[Classification, Classification]]) -> Impact:
    """Each pair is one issue classified under the old rules, then under the new."""
    compared = 0
    changed: list[IssueImpact] = []
    for old, new in pairs:
        compared += 1
        impact = compare_issue(old, new)
        if impact is not None:
            changed.append(impact)
    return Impact(compared, tuple(changed), label_counts(changed))


def compare_issue(old: Classification, new: Classification) -> IssueImpact | None:
    labels = _changes(set(old.labels), set(new.labels), label_sides(old), label_sides(new))
    old_areas, new_areas = area_sides(old), area_sides(new)
    old_applied, new_applied = _keys(old.applied_areas), _keys(new.applied_areas)
    areas = _changes(old_applied, new_applied, old_areas, new_areas)
    old_suggested = _keys(old.suggested_areas) - new_applied
    new_suggested = _keys(new.suggested_areas) - old_applied
    suggestions = _changes(old_suggested, new_suggested, old_areas, new_areas)
    if not (labels or areas or suggestions):
        return None
    return IssueImpact(new.issue, labels, areas, suggestions)


def label_counts(impacts: Iterable[IssueImpact]) -> tuple[LabelCount, ...]:
    counts: Counter[tuple[str, Direction]] = Counter(
        (change.name, change.direction) for impact in impacts for change in impact.labels
    )
    names = sorted({name for name, _ in counts})
    return tuple(LabelCount(name, counts[name, "gained"], counts[name, "lost"]) for name in names)


def label_sides(classification: Classification) -> dict[str, Side]:
    """For each label these rules had anything to say about: the evidence behind it."""
    sides: dict[str, Side] = {}
    for team in classification.teams:
        sides[team.team.label.name] = _team_side(team)
        for area in team.areas:
            sides[area.area.label.name] = _area_side(area)
    if classification.fallback is not None:
        sides[classification.fallback.name] = Side("applied", 0.0, ())
    return sides


def area_sides(classification: Classification) -> dict[str, Side]:
    return {area_key(area): _area_side(area) for team in classification.teams for area in team.areas}


def area_key(area: AreaResult) -> str:
    return f"{area.area.team_id}/{area.area.id}"


def _team_side(team: TeamResult) -> Side:
    """A team label's evidence: its team-level matches and every area's (they all add up)."""
    found = [*team.evidence, *(e for area in team.areas for e in area.evidence)]
    return Side("applied" if team.applied else "below", team.score, sort_evidence(found))


_AREA_STATUS: dict[AreaStatus, SideStatus] = {
    AreaStatus.APPLIED: "applied",
    AreaStatus.SUGGESTED: "suggested",
    AreaStatus.BELOW: "below",
    AreaStatus.EXCLUDED: "excluded",
}


def _area_side(area: AreaResult) -> Side:
    return Side(_AREA_STATUS[area.status], area.score, sort_evidence(area.evidence))


def sort_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Title before body, then by line, kind and term: the same order whatever order was found."""
    return tuple(
        sorted(evidence, key=lambda e: (e.where != "title", e.line, e.kind, e.term, e.area_id or ""))
    )


def _keys(areas: Iterable[AreaResult]) -> set[str]:
    return {area_key(area) for area in areas}


def _changes(
    old: set[str], new: set[str], old_sides: dict[str, Side], new_sides: dict[str, Side]
) -> tuple[Change, ...]:
    def change(name: str, direction: Direction) -> Change:
        return Change(name, direction, old_sides.get(name, NO_EVIDENCE), new_sides.get(name, NO_EVIDENCE))

    changes = [change(name, "gained") for name in new - old] + [change(name, "lost") for name in old - new]
    return tuple(sorted(changes, key=lambda change: (change.name, change.direction)))
