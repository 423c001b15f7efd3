"""A classification shown to a person (text) or a program (a JSON-ready dict). Pure.

The text is for a terminal or an Actions log, so issue text in it goes through `neutralise`: no
control characters, no line breaks, and no `::` that the runner would read as a workflow command.
"""

from __future__ import annotations

from triage.model import AreaResult, AreaStatus, Classification, Evidence, TeamResult
from triage.safe_text import neutralise, printable

INDENT = "  "


def record(classification: Classification) -> dict[str, object]:
    """What `--format json/jsonl` prints for one issue: every label that would be applied, and why.

    One pass over the teams rather than the model's properties: a batch builds one per issue.
    """
    issue = classification.issue
    teams: list[str] = []
    areas: list[str] = []
    suggested: list[str] = []
    labels: list[str] = []
    area_labels: list[str] = []
    scores: dict[str, float] = {}
    evidence: list[dict[str, object]] = []
    for team in classification.teams:
        if team.applied:
            teams.append(team.team.id)
            labels.append(team.team.label.name)
        evidence.extend(evidence_record(e) for e in team.evidence)
        for area in team.areas:
            scores[area.area.id] = area.score
            if area.status is AreaStatus.APPLIED:
                areas.append(area.area.id)
                area_labels.append(area.area.label.name)
            elif area.status is AreaStatus.SUGGESTED:
                suggested.append(area.area.id)
            evidence.extend(evidence_record(e) for e in area.evidence)
    if classification.fallback is not None:
        area_labels.append(classification.fallback.name)
    return {
        "url": issue.url,
        "number": issue.number,
        "title": issue.title,
        "labels": labels + area_labels,
        "teams": teams,
        "areas": areas,
        "suggested": suggested,
        "scores": scores,
        "team_scores": {team.team.id: team.score for team in classification.teams},
        "evidence": evidence,
    }


def evidence_record(evidence: Evidence) -> dict[str, object]:
    return {
        "team": evidence.team_id,
        "area": evidence.area_id,
        "kind": evidence.kind,
        "term": evidence.term,
        "text": evidence.text,
        "where": evidence.where,
        "line": evidence.line,
        "weight": evidence.weight,
    }


def text_report(classification: Classification) -> str:
    """Labels, then each team and area with score, status and evidence; ends with a newline."""
    lines = [_heading(classification), f"labels: {', '.join(classification.labels) or '(none)'}"]
    for team in classification.teams:
        lines.extend(_team_lines(team))
    if not classification.teams:
        lines.append("no team or area has any evidence")
    return "\n".join(lines) + "\n"


def _heading(classification: Classification) -> str:
    issue = classification.issue
    number = f"#{issue.number} " if issue.number is not None else ""
    url = f" <{printable(issue.url)}>" if issue.url else ""
    return f"{number}{neutralise(issue.title)}{url}"


def _team_lines(team: TeamResult) -> list[str]:
    status = "applied" if team.applied else "not applied"
    lines = [f"{INDENT}team {team.team.id}: score {team.score:g}, {status}"]
    lines.extend(_evidence_line(e, 2) for e in team.evidence)
    for area in team.areas:
        lines.extend(_area_lines(area))
    return lines


def _area_lines(area: AreaResult) -> list[str]:
    header = f"{INDENT * 2}area {area.area.id}: score {area.score:g}, {area.status.value}"
    return [header, *(_evidence_line(e, 3) for e in area.evidence)]


def _evidence_line(evidence: Evidence, depth: int) -> str:
    place = "title" if evidence.where == "title" else f"body:{evidence.line}"
    found = f'"{neutralise(evidence.text)}"'
    return f"{INDENT * depth}{evidence.kind:<8} {place:<9} {gain(evidence):<5} {evidence.term}: {found}"


def gain(evidence: Evidence) -> str:
    """What one piece of evidence adds: `+2`, or `veto` for an exclude term (weightless)."""
    return "veto" if evidence.kind == "exclude" else f"+{evidence.weight:g}"
