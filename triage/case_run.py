"""Running rule test cases: classify each issue, compare with what the case expects, say why not.

Pure apart from the classifier it is given. Each miss carries its explanation: the evidence
that fired for an unwanted label, or, for a label that did not come, the evidence below the
threshold (or, with none for that area, the strongest evidence anywhere in the issue), and for
an area its team vetoed, the team's exclude that fired. A case's `asks` is compared with the
questions the comment would ask (`comment_asks.questions`, without rendering the comment); each
question asked or not against the case's word says which owners ask it and what kept it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from triage import comment_asks
from triage.cases import Case
from triage.explain import gain, team_limits, team_status
from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Ask,
    Classification,
    Evidence,
    Issue,
    Label,
    Rules,
    Team,
    TeamResult,
)
from triage.safe_text import clip_middle, neutralise

Classify = Callable[[Rules, Issue], Classification]
STRONGEST = 3


@dataclass(frozen=True)
class Miss:
    """One expectation a case did not meet, and the lines that explain it."""

    expectation: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class CaseResult:
    case: Case
    classification: Classification
    misses: tuple[Miss, ...]

    @property
    def passed(self) -> bool:
        return not self.misses


def run_cases(
    rules: Rules, cases: Iterable[Case], classify: Classify | None = None
) -> tuple[CaseResult, ...]:
    chosen = classify or _real_classify()
    return tuple(judge(rules, case, chosen(rules, case.issue)) for case in cases)


def _real_classify() -> Classify:
    from triage.classify import classify  # noqa: PLC0415  # the classifier only when cases run

    return classify


def judge(rules: Rules, case: Case, classification: Classification) -> CaseResult:
    """`case` as `load_cases` read it against `rules`: each label it names is one they manage, each
    area one they define."""
    owners = _label_owners(rules)
    got = set(classification.labels)
    suggested = {result.area.id for result in classification.suggested_areas}
    suggested.update(result.team.id for result in classification.suggested_teams)
    areas: dict[str, Team | Area] = {team.id: team for team in rules.teams if not team.areas}
    areas.update((area.id, area) for area in rules.areas)
    misses = [
        *(_missing(classification, name, owners[name]) for name in case.labels if name not in got),
        *(_unwanted(classification, name, owners[name]) for name in case.not_labels if name in got),
        *(_not_suggested(classification, areas[id_]) for id_ in case.suggested if id_ not in suggested),
        *_asks_missed(rules, case, classification),
    ]
    return CaseResult(case, classification, tuple(misses))


Owner = Team | Area | Label


def _label_owners(rules: Rules) -> dict[str, Owner]:
    owners: dict[str, Owner] = {}
    for team in rules.teams:
        owners[team.label.name] = team
        owners.update((area.label.name, area) for area in team.areas)
    if rules.fallback_label is not None:
        owners[rules.fallback_label.name] = rules.fallback_label
    return owners


def _missing(classification: Classification, name: str, owner: Owner) -> Miss:
    expectation = f'label "{name}" expected, not applied'
    if isinstance(owner, Label):
        applied = ", ".join(f"{t.team.id} ({t.score:g})" for t in classification.applied_teams)
        return Miss(expectation, (f"no fallback: teams applied: {applied}",))
    return Miss(expectation, tuple(_story(classification, owner)))


def _unwanted(classification: Classification, name: str, owner: Owner) -> Miss:
    expectation = f'label "{name}" applied, must not be'
    if isinstance(owner, Label):
        return Miss(expectation, ("fallback: no team reached its threshold", *_strongest(classification)))
    return Miss(expectation, tuple(_story(classification, owner)))


def _not_suggested(classification: Classification, owner: Team | Area) -> Miss:
    """`owner`: an area, or a team of no areas."""
    if isinstance(owner, Team):
        team = _team_result(classification, owner.id)
        outcome = "had no evidence" if team is None else f"was {team_status(team)}"
        return Miss(
            f'team "{owner.id}" expected as suggested, {outcome}', tuple(_story(classification, owner))
        )
    result = _area_result(classification, owner.id)
    outcome = "had no evidence" if result is None else f"was {result.status.value}"
    return Miss(f'area "{owner.id}" expected as suggested, {outcome}', tuple(_story(classification, owner)))


def _asks_missed(rules: Rules, case: Case, classification: Classification) -> Iterator[Miss]:
    if case.asks is None:
        return
    asked = comment_asks.questions(classification)
    if asked == case.asks:
        return
    why = [
        *(_not_asked(rules, classification, q) for q in case.asks if q not in asked),
        *(_asked(rules, classification, q) for q in asked if q not in case.asks),
    ]
    if not why:
        why = ["the same questions, in another order: the comment asks them in the rules' order"]
    yield Miss(f"asks {_questions(case.asks)} expected, asked {_questions(asked)}", tuple(why))


def _questions(questions: tuple[str, ...]) -> str:
    return ", ".join(f'"{q}"' for q in questions) if questions else "nothing"


def _not_asked(rules: Rules, classification: Classification, question: str) -> str:
    """Why the comment does not ask it: no owner that asks it is labelled, it is only for outside
    reporters and this one is the repository's own, or the issue answers it."""
    askers = _askers(rules, classification, question)
    labelled = [ask for asker in askers if asker.labelled for ask in asker.asks]
    if not labelled:
        owners = ", ".join(f"{asker.name} ({asker.status})" for asker in askers)
        return f'"{question}": asked by {owners}, none of them labelled'
    issue = classification.issue
    for_reporter = [ask for ask in labelled if ask.reporters == "any" or comment_asks.from_outside(issue)]
    if not for_reporter:
        return (
            f'"{question}": asked only of outside reporters, and the reporter is {issue.author_association}'
        )
    found = comment_asks.answer(for_reporter, issue)
    if found is None:  # `questions` found an answer with these very patterns: not reached
        return f'"{question}": answered'
    said = neutralise(clip_middle(found.text))
    return f'"{question}": answered by \'{found.pattern}\' in {found.where} line {found.line}: "{said}"'


def _asked(rules: Rules, classification: Classification, question: str) -> str:
    labelled = [asker for asker in _askers(rules, classification, question) if asker.labelled]
    owners = ", ".join(asker.name for asker in labelled)
    said = f'"{question}": asked by {owners}, labelled; no answered_by pattern matches the issue'
    if all(ask.reporters == "outside" for asker in labelled for ask in asker.asks):
        association = classification.issue.author_association or "unknown"
        return f"{said}, and the reporter ({association}) counts as outside"
    return said


class _Asker(NamedTuple):
    """A team or area that asks a question, as this issue left it."""

    name: str
    status: str
    """"labelled" or "not labelled" for a team, an area's status, or "no evidence"."""
    labelled: bool
    asks: tuple[Ask, ...]
    """Its asks of the question (one, unless the rules repeat it)."""


def _askers(rules: Rules, classification: Classification, question: str) -> list[_Asker]:
    found: list[_Asker] = []
    for team in rules.teams:
        owners = [(f"team {team.id}", _team_status(classification, team), team.asks)]
        owners.extend(
            (f"area {area.id}", _area_status(classification, area), area.asks) for area in team.areas
        )
        for name, status, asks in owners:
            of_it = tuple(ask for ask in asks if ask.question == question)
            if of_it:
                found.append(_Asker(name, status, status in _LABELLED, of_it))
    return found


_LABELLED = frozenset(("labelled", AreaStatus.APPLIED.value))


def _team_status(classification: Classification, team: Team) -> str:
    result = _team_result(classification, team.id)
    if result is None:
        return "no evidence"
    return "labelled" if result.applied else "not labelled"


def _area_status(classification: Classification, area: Area) -> str:
    result = _area_result(classification, area.id)
    return "no evidence" if result is None else result.status.value


def _story(classification: Classification, owner: Team | Area) -> list[str]:
    if isinstance(owner, Team):
        team = _team_result(classification, owner.id)
        if team is None:
            return [f"team {owner.id}: no evidence", *_strongest(classification)]
        return _team_lines(team)
    result = _area_result(classification, owner.id)
    if result is None:
        return [f"area {owner.id}: no evidence", *_strongest(classification)]
    return [*_area_lines(result), *_team_vetoes(classification, result)]


def _team_lines(result: TeamResult) -> list[str]:
    """Each area with its own thresholds: a team is labelled when one of its areas is, so a team
    line of "score 2, applied (threshold 3)" is explained by the area's lower threshold below it."""
    team = result.team
    lines = [f"team {team.id}: score {result.score:g}, {team_status(result)} ({team_limits(team)})"]
    lines.extend(f"  {evidence_line(e)}" for e in _by_weight(result.evidence))
    for area in result.areas:
        lines.extend(f"  {line}" for line in _area_lines(area))
    return lines


def _area_lines(result: AreaResult) -> list[str]:
    area = result.area
    head = f"area {area.id}: score {result.score:g}, {result.status.value}"
    limits = f"(threshold {area.threshold:g}, suggest {area.suggest:g})"
    return [f"{head} {limits}", *(f"  {evidence_line(e)}" for e in _by_weight(result.evidence))]


def _team_vetoes(classification: Classification, result: AreaResult) -> list[str]:
    """A team-level `exclude` vetoes every area of the team: its evidence is the team's, not the
    area's, so an excluded area's own lines may not say why."""
    if result.status is not AreaStatus.EXCLUDED:
        return []
    team = _team_result(classification, result.area.team_id)
    vetoes = () if team is None else tuple(e for e in team.evidence if e.kind == "exclude")
    return [f"  vetoed by team {result.area.team_id}: {evidence_line(e)}" for e in vetoes]


def _team_result(classification: Classification, team_id: str) -> TeamResult | None:
    return next((team for team in classification.teams if team.team.id == team_id), None)


def _area_result(classification: Classification, area_id: str) -> AreaResult | None:
    found = (area for team in classification.teams for area in team.areas if area.area.id == area_id)
    return next(found, None)


def _strongest(classification: Classification) -> list[str]:
    evidence = _by_weight(classification.evidence)[:STRONGEST]
    if not evidence:
        return ["no evidence for any team or area in this issue"]
    return ["strongest evidence in this issue:", *(f"  {_owner(e)}: {evidence_line(e)}" for e in evidence)]


def _by_weight(evidence: Iterable[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=lambda e: (-e.weight, e.where != "title", e.line, e.term))


def _owner(evidence: Evidence) -> str:
    return f"team {evidence.team_id}" if evidence.area_id is None else f"area {evidence.area_id}"


def evidence_line(evidence: Evidence) -> str:
    """`keyword "kubectl" in title line 1: "Kubectl" (+2)`; the issue's text made log-safe."""
    said = neutralise(clip_middle(evidence.text))
    added = gain(evidence)
    return f'{evidence.kind} "{evidence.term}" in {evidence.where} line {evidence.line}: "{said}" ({added})'
