"""A classification shown to a person (text) or a program (a JSON-ready dict). Pure.

The text is for a terminal or an Actions log, so issue text in it goes through `printable`: no
control characters, no line breaks that could start a workflow command.
"""

from __future__ import annotations

from triage.model import AreaResult, Classification, Evidence, TeamResult
from triage.safe_text import printable

INDENT = "  "


def record(classification: Classification) -> dict[str, object]:
    """What `--format json/jsonl` prints for one issue: every label that would be applied, and why."""
    issue = classification.issue
    areas = [area for team in classification.teams for area in team.areas]
    return {
        "url": issue.url,
        "number": issue.number,
        "title": issue.title,
        "labels": list(classification.labels),
        "teams": [team.team.id for team in classification.applied_teams],
        "areas": [area.area.id for area in classification.applied_areas],
        "suggested": [area.area.id for area in classification.suggested_areas],
        "scores": {area.area.id: area.score for area in areas},
        "team_scores": {team.team.id: team.score for team in classification.teams},
        "evidence": [evidence_record(e) for e in classification.evidence],
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
    return f"{number}{printable(issue.title)}{url}"


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
    found = f'"{printable(evidence.text)}"'
    return f"{INDENT * depth}{evidence.kind:<8} {place:<9} +{evidence.weight:<4g} {evidence.term}: {found}"
