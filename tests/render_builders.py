"""Small builders of rules and classifications, by hand, for renderer and output tests.

They build `triage.model` values directly, so these tests do not depend on the classifier's scoring.
Unlike `rules_builders` (rules for the classifier: terms, thresholds, weights), these rules carry what
output shows (docs, notes, asks) and their team is `distribution`; labels are built the same way by both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tests.rules_builders import label
from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Ask,
    Classification,
    CommentSettings,
    Doc,
    Evidence,
    EvidenceKind,
    FieldRule,
    Issue,
    Matchers,
    Reporters,
    Rules,
    Team,
    TeamResult,
    Term,
    Where,
)


def doc(title: str, url: str | None = None) -> Doc:
    return Doc(title=title, url=url or f"https://docs.example.com/{title.lower().replace(' ', '-')}")


def area(
    area_id: str,
    *,
    docs: Iterable[Doc] = (),
    note: str | None = None,
    fields: Iterable[FieldRule] = (),
    team_id: str = "distribution",
    asks: Iterable[Ask] = (),
) -> Area:
    return Area(
        id=area_id,
        team_id=team_id,
        name=f"{area_id.replace('-', ' ').title()} area",
        label=label(f"{team_id}/{area_id}"),
        matchers=Matchers(fields=tuple(fields)),
        docs=tuple(docs),
        note=note,
        threshold=3.0,
        suggest=2.0,
        asks=tuple(asks),
    )


def team(team_id: str, *areas: Area, docs: Iterable[Doc] = (), asks: Iterable[Ask] = ()) -> Team:
    return Team(
        id=team_id,
        name=team_id.title(),
        label=label(f"team/{team_id}"),
        docs=tuple(docs),
        matchers=Matchers(),
        threshold=3.0,
        areas=areas,
        asks=tuple(asks),
    )


def ask(question: str, *answered_by: str, reporters: Reporters = "any") -> Ask:
    return Ask(question, tuple(Term(text=pattern) for pattern in answered_by), reporters)


def rules(*teams: Team, fallback: str | None = None, on_no_match: str = "none") -> Rules:
    settings = CommentSettings(on_no_match="short" if on_no_match == "short" else "none")
    fallback_label = label(fallback) if fallback else None
    return Rules(source="test.yaml", version=1, teams=teams, fallback_label=fallback_label, comment=settings)


def field_rule(name: str, *values: str) -> FieldRule:
    return FieldRule(name=name, values=tuple(Term(text=v) for v in values))


def evidence(
    kind: EvidenceKind = "keyword",
    text: str = "kustomize",
    *,
    term: str | None = None,
    where: Where = "title",
    line: int = 1,
    area_id: str | None = "kubernetes",
    team_id: str = "distribution",
) -> Evidence:
    return Evidence(
        team_id=team_id,
        area_id=area_id,
        kind=kind,
        term=term if term is not None else text,
        text=text,
        where=where,
        line=line,
        weight=2.0,
    )


def classify_as(
    the_rules: Rules,
    applied: Mapping[str, Iterable[Evidence]] = {},
    *,
    suggested: Mapping[str, Iterable[Evidence]] = {},
    team_evidence: Iterable[Evidence] = (),
    team_applied: bool | None = None,
    issue: Issue | None = None,
) -> Classification:
    """A classification of `issue` where the areas named in `applied` matched with that evidence."""
    results = []
    for a_team in the_rules.teams:
        areas = tuple(
            _area_result(a, applied, suggested) for a in a_team.areas if a.id in applied or a.id in suggested
        )
        evidence_here = tuple(team_evidence)
        is_applied = team_applied if team_applied is not None else bool(applied) or bool(evidence_here)
        if areas or evidence_here:
            results.append(TeamResult(a_team, 5.0, is_applied, areas, evidence_here))
    fallback = the_rules.fallback_label if not any(t.applied for t in results) else None
    return Classification(
        issue=issue or Issue(title="An issue", body=""), teams=tuple(results), fallback=fallback
    )


def _area_result(
    an_area: Area, applied: Mapping[str, Iterable[Evidence]], suggested: Mapping[str, Iterable[Evidence]]
) -> AreaResult:
    if an_area.id in applied:
        found = tuple(e._replace(area_id=an_area.id) for e in applied[an_area.id])
        return AreaResult(an_area, 4.0, AreaStatus.APPLIED, found)
    found = tuple(e._replace(area_id=an_area.id) for e in suggested[an_area.id])
    return AreaResult(an_area, 2.0, AreaStatus.SUGGESTED, found)
