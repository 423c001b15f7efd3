"""A classification shown to a person (text) or a program (a JSON-ready dict), and why a run gives
or takes off each label, in a few words for a log line or a summary row. Pure.

The text is for a terminal or an Actions log, so issue text in it goes through `neutralise`: no
control characters, no line breaks, and no `::` that the runner would read as a workflow command.
"""

# No `from __future__ import annotations`: it makes NamedTuples slow to define (see triage.model).

import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Literal, NamedTuple

from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Classification,
    Evidence,
    Plan,
    Rules,
    Team,
    TeamResult,
    current_name,
    fallback_names,
    new_record,
)
from triage.safe_text import neutralise, printable

INDENT = "  "
_APPLIED, _SUGGESTED = AreaStatus.APPLIED, AreaStatus.SUGGESTED
"""Read once: an enum member read from its class costs as much as a function call."""


class _Outline(NamedTuple):
    """What a record says, gathered in one pass over the teams, for `record`."""

    labels: list[str]
    teams: list[str]
    areas: list[str]
    suggested: list[str]
    scores: dict[str, float]
    team_scores: dict[str, float]
    evidence: list[Evidence]


def _outline(classification: Classification) -> _Outline:
    """One pass rather than the model's properties: a `--format json` batch builds one per issue."""
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
        elif not team.areas and team.suggested:
            suggested.append(team.team.id)
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
    classification is faster than building and encoding the dict. Strings go through the C function
    `json` itself uses for them.

    Written for a batch's cost (callgrind, 2026-11-27, the dev file's issues: 50,800 instructions a
    record, against 71,900 for the same text gathered into an `_outline` first and each value written
    through a helper): the named tuples are unpacked, as each attribute read of one is a generic
    lookup (about 220 instructions); the evidence is gathered in one list and written in one loop;
    a team's or area's own JSON comes from `_rule_json` (3,400 of the saving); and numbers of the
    exact types the classifier makes are written without a call (`_scalar` tests those first)."""
    issue, teams, fallback = classification
    title, _, number, url, _, _ = issue
    if type(url) is str and type(number) is int and type(title) is str:  # the usual issue
        url_json, title_json = encode_basestring(url), encode_basestring(title)
        head = f'{{"url": {url_json}, "number": {number!r}, "title": {title_json}, '
    else:
        head = f'{{"url": {_scalar(url)}, "number": {_scalar(number)}, "title": {_scalar(title)}, '
    tail = '"deferred_to": null}' if deferred_to is None else f'"deferred_to": {_scalar(deferred_to)}}}'
    if not teams:  # about a fifth of a typical batch: nothing to gather
        only_label = "" if fallback is None else encode_basestring(fallback.name)
        return f'{head}"labels": [{only_label}], {_NOTHING_FOUND}{tail}'
    labels: list[str] = []
    area_labels: list[str] = []
    team_ids: list[str] = []
    area_ids: list[str] = []
    suggested: list[str] = []
    # By id, as in `record`'s dicts: an id given twice keeps its first place and its last score.
    scores: dict[str, str] = {}
    team_scores: dict[str, str] = {}
    found: list[Evidence] = []
    for result in teams:
        team, team_score, applied, areas, team_evidence = result
        _, team_id, label, score_key = _rule_json(team)
        team_scores[score_key] = score_key + _scalar(team_score)
        if applied:
            team_ids.append(team_id)
            labels.append(label)
        elif not areas and result.suggested:
            suggested.append(team_id)
        found += team_evidence
        for area, score, status, area_evidence in areas:
            _, area_id, label, score_key = _rule_json(area)
            scores[score_key] = score_key + _scalar(score)
            if status is _APPLIED:
                area_ids.append(area_id)
                area_labels.append(label)
            elif status is _SUGGESTED:
                suggested.append(area_id)
            found += area_evidence
    if fallback is not None:
        area_labels.append(encode_basestring(fallback.name))
    labels += area_labels
    return (
        f'{head}"labels": [{", ".join(labels)}], "teams": [{", ".join(team_ids)}], '
        f'"areas": [{", ".join(area_ids)}], "suggested": [{", ".join(suggested)}], '
        f'"scores": {{{", ".join(scores.values())}}}, "team_scores": {{{", ".join(team_scores.values())}}}, '
        f'"evidence": [{_evidence_json(found)}], {tail}'
    )


_NOTHING_FOUND = (
    '"teams": [], "areas": [], "suggested": [], "scores": {}, "team_scores": {}, "evidence": [], '
)


def _evidence_json(found: list[Evidence]) -> str:
    """The objects of `found`, apart by commas: a loop rather than a call per evidence."""
    written: list[str] = []
    heads = _EVIDENCE_HEADS
    tails = _EVIDENCE_TAILS
    for team, area, kind, term, text, where, line, weight in found:
        key = (team, area, kind, term)
        head = heads.get(key)
        if head is None:
            if len(heads) >= _EVIDENCE_HEADS_MAX:
                heads.clear()
            head = heads[key] = (
                f'{{"team": {encode_basestring(team)}, "area": {_scalar(area)}, '
                f'"kind": {encode_basestring(kind)}, "term": {encode_basestring(term)}, '
            )
        if type(line) is int and type(weight) is float and 0.0 < weight < _INFINITY:
            place = (where, line, weight)
            rest = tails.get(place) or _evidence_tail(place)
        elif type(line) is int and type(weight) is float and -_INFINITY < weight < _INFINITY:
            # As the classifier makes them: written without two calls of `_scalar` (2,800 instructions
            # a record of the dev file, whose issues have 2.7 evidence on average).
            rest = _tail_text(where, line, weight)
        else:
            rest = (
                f'"where": {encode_basestring(where)}, "line": {_scalar(line)}, "weight": {_scalar(weight)}}}'
            )
        written.append(f'{head}"text": {encode_basestring(text)}, {rest}')
    return ", ".join(written)


_EVIDENCE_HEADS: dict[tuple[str, str | None, str, str], str] = {}
"""The JSON of an evidence's rule-side fields (team, area, kind, term: a set the rules bound),
written once: a batch writes the same few again and again."""
_EVIDENCE_HEADS_MAX = 4096


def _evidence_tail(place: tuple[str, int, float]) -> str:
    """The JSON of an evidence's `where`, `line` and `weight`, and the brace that ends it, written
    once per (where, line, weight) with a positive finite weight: the rules' few weights, two places
    and the line numbers of a body make few of them, and a float's `repr` is dear (callgrind,
    2026-11-27, the dev file's records: 53,200 instructions a record written each time, 47,700 with
    these kept, 49,900 with them emptied every 126 issues, as if every issue were new). Zero weights
    are left out: 0.0 and -0.0 are equal keys with different texts (as are 1 and True, 2 and 2.0,
    which the caller's exact type tests keep out)."""
    if len(_EVIDENCE_TAILS) >= _EVIDENCE_TAILS_MAX:
        _EVIDENCE_TAILS.clear()
    text = _EVIDENCE_TAILS[place] = _tail_text(*place)
    return text


def _tail_text(where: str, line: int, weight: float) -> str:
    """An evidence's `where`, `line` and `weight` as JSON, with the brace that ends the evidence:
    `line` an int and `weight` a finite float, whose `repr` is their JSON."""
    return f'"where": {encode_basestring(where)}, "line": {line!r}, "weight": {weight!r}}}'


_EVIDENCE_TAILS: dict[tuple[str, int, float], str] = {}
_EVIDENCE_TAILS_MAX = 4096


def _rule_json(rule: Team | Area) -> tuple[Team | Area, str, str, str]:
    """A team's or area's id and label name as JSON strings, and its id as an object key (`"id": `),
    written once per rule object, which the entry holds so that its `id()` is not reused meanwhile.
    Read for every team and area of every record."""
    kept = _RULES_JSON.get(id(rule))
    if kept is not None and kept[0] is rule:
        return kept
    if len(_RULES_JSON) >= _RULES_JSON_MAX:
        _RULES_JSON.clear()
    rule_id = encode_basestring(rule.id)
    kept = _RULES_JSON[id(rule)] = (rule, rule_id, encode_basestring(rule.label.name), f"{rule_id}: ")
    return kept


_RULES_JSON: dict[int, tuple[Team | Area, str, str, str]] = {}
_RULES_JSON_MAX = 4096

_INFINITY = float("inf")


def _scalar(value: object) -> str:
    """A number, string or None as `json.dumps` writes it: an exact int or a finite exact float
    (what the classifier makes) by `repr` (a slot wrapper such as `float.__repr__` costs more to
    call), tested first and without a call (`isfinite`), as a record writes several numbers."""
    if type(value) is float:
        if -_INFINITY < value < _INFINITY:
            return repr(value)
    elif type(value) is int:
        return repr(value)
    elif isinstance(value, str):
        return encode_basestring(value)
    elif value is None:
        return "null"
    return json.dumps(value)  # booleans, NaN, infinities, subclasses of int and float: as json writes them


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
            f"left alone as another owner's: labelled {neutralise(deferred_to)} (rules: defer_to), so "
            "`triage run` writes nothing; what the rules give its title and body:"
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


def team_status(team: TeamResult) -> str:
    """`applied`, `suggested` (a team of no areas named as possible) or `not applied`."""
    return "applied" if team.applied else "suggested" if team.suggested else "not applied"


def team_limits(team: Team) -> str:
    """`threshold 3`; for a team of no areas, which may be named as possible, its suggest threshold
    too, as an area shows both: `threshold 3, suggest 2`."""
    return f"threshold {team.threshold:g}" + ("" if team.areas else f", suggest {team.suggest:g}")


def _team_lines(team: TeamResult) -> list[str]:
    limits = team_limits(team.team)
    lines = [f"{INDENT}team {team.team.id}: score {team.score:g}, {team_status(team)} ({limits})"]
    lines.extend(_evidence_line(e, 2) for e in team.evidence)
    for area in team.areas:
        lines.extend(_area_lines(area))
    return lines


def _area_lines(area: AreaResult) -> list[str]:
    limits = f"(threshold {area.area.threshold:g}, suggest {area.area.suggest:g})"
    header = f"{INDENT * 2}area {area.area.id}: score {area.score:g}, {area.status.value} {limits}"
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


class Removal(NamedTuple):
    """A label a run takes off, and why: `unmatched`, the rules no longer give the issue that label
    of ours; for the fallback label, `matched` (the issue's text names an owner, `owner` the label
    that shows it), `labelled` (it carries `owner`, a team or area label of ours it did not get from
    triage) or `deferred` (it carries `owner`, another owner's label under `defer_to`)."""

    label: str
    because: Literal["unmatched", "matched", "labelled", "deferred"]
    owner: str = ""


_BECAUSE = {
    "unmatched": "no longer matched",
    "matched": "matched {owner}",
    "labelled": "carries {owner}",
    "deferred": "carries {owner} (defer_to)",
}


def why_removed(removal: Removal, shown: Callable[[str], str] = neutralise) -> str:
    """The few words a log line or a summary row gives a removal, with the label it names made
    safe by `shown` (it may be another owner's, any text a person gave a label)."""
    return _BECAUSE[removal.because].format(owner=shown(removal.owner))


def grouped_removals(removals: Iterable[Removal]) -> list[tuple[list[str], Removal]]:
    """The removals in order, those next to one another that go for the same reason together (a
    team and its area that no longer match get one "no longer matched"): each group's labels, and
    its first removal."""
    groups: list[tuple[list[str], Removal]] = []
    for removal in removals:
        if groups and (groups[-1][1].because, groups[-1][1].owner) == (removal.because, removal.owner):
            groups[-1][0].append(removal.label)
        else:
            groups.append(([removal.label], removal))
    return groups


def removal_reasons(
    rules: Rules, classification: Classification, plan: Plan, carried: Iterable[str]
) -> tuple[Removal, ...]:
    """Why each label of `plan.remove_labels` goes. `carried`: the labels the issue carries as the
    plan saw them. Only the fallback label goes for anything but no longer matching: its question,
    who owns this, is answered (`plan.plan`, `pipeline.decide`)."""
    fallbacks = fallback_names(rules, plan.remove_labels)
    removals = []
    for name in plan.remove_labels:
        if name not in fallbacks:
            removals.append(Removal(name, "unmatched"))
        elif plan.deferred_to is not None:
            removals.append(Removal(name, "deferred", plan.deferred_to))
        elif classification.names_an_owner:
            removals.append(Removal(name, "matched", _first_owner_label(classification, plan)))
        else:
            removals.append(_answered_by_label(rules, name, plan, carried))
    return tuple(removals)


def _first_owner_label(classification: Classification, plan: Plan) -> str:
    """The first team or area label the classification gives, other than one a person took off."""
    kept_off = {name.casefold() for name in plan.kept_off}
    labels = [name for name in classification.labels if name.casefold() not in kept_off]
    return labels[0] if labels else classification.labels[0]


def _answered_by_label(rules: Rules, name: str, plan: Plan, carried: Iterable[str]) -> Removal:
    former = rules.former_names
    gone = {current_name(former, removed) for removed in plan.remove_labels}
    owners = rules.owner_names
    for label in (*carried, *plan.add_labels):
        folded = current_name(former, label)
        if folded in owners and folded not in gone:
            return Removal(name, "labelled", label)
    return Removal(name, "unmatched")
