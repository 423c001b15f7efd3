"""A classification shown to a person (text) or a program (a JSON-ready dict). Pure.

The text is for a terminal or an Actions log, so issue text in it goes through `neutralise`: no
control characters, no line breaks, and no `::` that the runner would read as a workflow command.
"""

# No `from __future__ import annotations`: it makes NamedTuples slow to define (see triage.model).

import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from math import isfinite
from typing import NamedTuple

from triage.model import AreaResult, AreaStatus, Classification, Evidence, TeamResult, new_record
from triage.safe_text import neutralise, printable

INDENT = "  "
_APPLIED, _SUGGESTED = AreaStatus.APPLIED, AreaStatus.SUGGESTED
"""Read once: an enum member read from its class costs as much as a function call."""


class _Outline(NamedTuple):
    """What a record says, gathered in one pass over the teams, for `record` and `record_json`."""

    labels: list[str]
    teams: list[str]
    areas: list[str]
    suggested: list[str]
    scores: dict[str, float]
    team_scores: dict[str, float]
    evidence: list[Evidence]


def _outline(classification: Classification) -> _Outline:
    """One pass rather than the model's properties: a batch builds one per issue."""
    teams: list[str] = []
    areas: list[str] = []
    suggested: list[str] = []
    labels: list[str] = []
    area_labels: list[str] = []
    scores: dict[str, float] = {}
    team_scores: dict[str, float] = {}
    evidence: list[Evidence] = []
    for team in classification.teams:
        team_scores[team.team.id] = team.score
        if team.applied:
            teams.append(team.team.id)
            labels.append(team.team.label.name)
        evidence.extend(team.evidence)
        for area in team.areas:
            scores[area.area.id] = area.score
            if area.status is _APPLIED:
                areas.append(area.area.id)
                area_labels.append(area.area.label.name)
            elif area.status is _SUGGESTED:
                suggested.append(area.area.id)
            evidence.extend(area.evidence)
    if classification.fallback is not None:
        area_labels.append(classification.fallback.name)
    labels.extend(area_labels)
    return new_record(_Outline, (labels, teams, areas, suggested, scores, team_scores, evidence))


def record(classification: Classification, deferred_to: str | None = None) -> dict[str, object]:
    """What `--format json/jsonl` prints for one issue: every label the rules give its title and
    body, and why; `deferred_to`, the other owner's label that makes `triage run` leave it alone."""
    issue = classification.issue
    outline = _outline(classification)
    return {
        "url": issue.url,
        "number": issue.number,
        "title": issue.title,
        "labels": outline.labels,
        "teams": outline.teams,
        "areas": outline.areas,
        "suggested": outline.suggested,
        "scores": outline.scores,
        "team_scores": outline.team_scores,
        "evidence": [evidence_record(e) for e in outline.evidence],
        "deferred_to": deferred_to,
    }


def record_json(classification: Classification, deferred_to: str | None = None) -> str:
    """`json.dumps(record(classification), ensure_ascii=False)`, written directly (a test holds them
    equal): `--format jsonl` prints one per issue, and writing the strings straight from the
    outline is faster than building and encoding the dict. Strings go through the C function
    `json` itself uses for them."""
    issue = classification.issue
    head = (
        f'{{"url": {_scalar(issue.url)}, "number": {_scalar(issue.number)}, "title": {_scalar(issue.title)}, '
    )
    tail = f'"deferred_to": {_scalar(deferred_to)}}}'
    if not classification.teams:  # about a fifth of a typical batch: nothing to gather
        fallback = classification.fallback
        labels = "" if fallback is None else encode_basestring(fallback.name)
        return f'{head}"labels": [{labels}], {_NOTHING_FOUND}{tail}'
    outline = _outline(classification)
    return (
        f'{head}"labels": [{_strings(outline.labels)}], "teams": [{_strings(outline.teams)}], '
        f'"areas": [{_strings(outline.areas)}], "suggested": [{_strings(outline.suggested)}], '
        f'"scores": {_object_json(outline.scores)}, "team_scores": {_object_json(outline.team_scores)}, '
        f'"evidence": [{", ".join(map(_evidence_json, outline.evidence))}], {tail}'
    )


_NOTHING_FOUND = (
    '"teams": [], "areas": [], "suggested": [], "scores": {}, "team_scores": {}, "evidence": [], '
)


def _strings(values: list[str]) -> str:
    return ", ".join(map(encode_basestring, values)) if values else ""  # most are empty


def _evidence_json(evidence: Evidence) -> str:
    team, area, kind, term, text, where, line, weight = evidence
    key = (team, area, kind, term)
    head = _EVIDENCE_HEADS.get(key)
    if head is None:
        if len(_EVIDENCE_HEADS) >= _EVIDENCE_HEADS_MAX:
            _EVIDENCE_HEADS.clear()
        head = _EVIDENCE_HEADS[key] = (
            f'{{"team": {encode_basestring(team)}, "area": {_scalar(area)}, '
            f'"kind": {encode_basestring(kind)}, "term": {encode_basestring(term)}, '
        )
    return (
        f'{head}"text": {encode_basestring(text)}, "where": {encode_basestring(where)}, '
        f'"line": {_scalar(line)}, "weight": {_scalar(weight)}}}'
    )


_EVIDENCE_HEADS: dict[tuple[str, str | None, str, str], str] = {}
"""The JSON of an evidence's rule-side fields (team, area, kind, term: a set the rules bound),
written once: a batch writes the same few again and again."""
_EVIDENCE_HEADS_MAX = 4096


def _object_json(values: dict[str, float]) -> str:
    entries = []  # a loop: a comprehension is a function call in Python 3.11
    for key, item in values.items():
        entries.append(f"{encode_basestring(key)}: {_scalar(item)}")
    return "{" + ", ".join(entries) + "}"


def _scalar(value: object) -> str:
    """A string, number or None as `json.dumps` writes it (`repr`: a slot wrapper such as
    `float.__repr__` costs more to call, and the exact types are checked)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if type(value) is int or (type(value) is float and isfinite(value)):
        return repr(value)
    if value is None:
        return "null"
    return json.dumps(value)  # booleans, NaN, infinities, subclasses: as json writes them


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


def text_report(classification: Classification, deferred_to: str | None = None) -> str:
    """Labels, then each team and area with score, status and evidence; ends with a newline.
    With `deferred_to`, first that `triage run` would leave the issue alone, and why."""
    lines = [_heading(classification)]
    if deferred_to is not None:
        lines.append(
            f"left alone: a person labelled it {neutralise(deferred_to)} (rules: defer_to), so `triage run` "
            "writes nothing; what the rules give its title and body:"
        )
    lines.append(f"labels: {', '.join(classification.labels) or '(none)'}")
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


Reason = tuple[str, tuple[str, ...]]
"""A label and what the issue said that weighed most for it."""
REASONS_PER_LABEL = 3


def label_reasons(classification: Classification, removed: Iterable[str] = ()) -> tuple[Reason, ...]:
    """Each applied area's label with the issue's words that weighed most for it (at most
    `REASONS_PER_LABEL`, heaviest first, each once); a team's label only when none of its areas'
    labels is given, with the evidence its score counted (not a vetoed area's). Labels a person
    `removed` get none. The one-line why of a job summary row: the comment has the full account."""
    gone = {name.casefold() for name in removed}
    reasons: list[Reason] = []
    for team in classification.teams:
        if not team.applied:
            continue
        applied = [a for a in team.areas if a.status is _APPLIED and a.area.label.name.casefold() not in gone]
        for area in applied:
            reasons.append((area.area.label.name, _heaviest(area.evidence)))
        if not applied and team.team.label.name.casefold() not in gone:
            counted = [area for area in team.areas if area.status is not AreaStatus.EXCLUDED]
            everything = [*team.evidence, *(e for area in counted for e in area.evidence)]
            reasons.append((team.team.label.name, _heaviest(everything)))
    return tuple(reasons)


def _heaviest(evidence: Iterable[Evidence]) -> tuple[str, ...]:
    said: list[str] = []
    # No exclude hit gets here: it vetoes its area or its team, which label_reasons leaves out.
    for found in sorted(evidence, key=lambda e: -e.weight):
        if found.text not in said:
            said.append(found.text)
        if len(said) == REASONS_PER_LABEL:
            break
    return tuple(said)
