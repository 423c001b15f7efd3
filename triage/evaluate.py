"""Score a rules file's classifications against the labels people gave the same issues.

Pure: takes the rules, a truth profile and `Classification`s (each carrying its issue and the
issue's human labels), returns an `EvalReport` value. The counting follows Sourcegraph's
`score.py` exactly, so the two agree on the same predictions:

- per scored label: tp/fp/fn/tn over the issues the profile does not ignore;
- area hits: among positives with a true area, those whose applied areas include one of them
  (whether or not the team label was predicted);
- areas per positive: applied areas of the label's team, summed over true positives, / tp.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from triage.close_names import closest_label
from triage.errors import InputError
from triage.model import Area, AreaStatus, Classification, Evidence, Issue, Rules, Team, TeamResult
from triage.truth import TruthProfile, true_areas, verdict

EVIDENCE_SHOWN = 5

Z_95 = 1.959963984540054
"""The standard normal quantile of 0.975: two-sided 95%."""

MistakeKind = Literal["FP", "FN"]


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def false_positive_rate(self) -> float:
        """The share of negatives (other owners' issues) labelled: unlike precision, it does not move
        with how many of a corpus's issues are the team's, so samples of other mixes compare by it."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def scored(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision_interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.tp, self.tp + self.fp)

    @property
    def recall_interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.tp, self.tp + self.fn)


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (95% by default); None with no trials.

    A rule author's corpus holds dozens of issues, not thousands: one issue moves a precision of
    60 true positives by more than a point, so a change is read against this interval. Wilson's
    rather than the normal approximation, which gives an interval of zero width at 0/n and n/n,
    exactly where tuned rules tend to sit."""
    if trials <= 0:
        return None
    share = successes / trials
    spread = z * z / trials
    centre = (share + spread / 2) / (1 + spread)
    half = z * math.sqrt(share * (1 - share) / trials + spread / (4 * trials)) / (1 + spread)
    low = 0.0 if successes == 0 else centre - half  # exactly, where floating point misses by a bit
    high = 1.0 if successes == trials else centre + half
    return low, high


@dataclass(frozen=True)
class AreaHits:
    """For one area id: positives whose true areas include it, and how many got it applied."""

    area_id: str
    total: int
    hit: int


@dataclass(frozen=True)
class Mistake:
    """A false positive or negative, with the evidence that fired (FP) or came closest (FN)."""

    kind: MistakeKind
    label: str
    issue: Issue
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class LabelReport:
    label: str
    team_id: str
    counts: Counts
    ignored: int
    area_total: int
    area_hit: int
    areas_on_true_positives: int
    per_area: tuple[AreaHits, ...]
    mistakes: tuple[Mistake, ...]
    negatives_with_area_labels: int = 0
    """Negatives carrying one of the team's area labels: a corpus that labels its issues by area
    alone, scored with a profile that names the team label only, counts its own answers as false
    positives, and its precision reads low with no other sign of why."""
    team_has_areas: bool = True
    """False for a team of no areas, which has no true area to find."""
    negatives_in_another_case: int = 0
    """Negatives carrying the team's label (or a previous name) spelled in another case, which the
    positive patterns, matching case and all as `score.py` does, do not count: `Team/Core` in an
    export of a repository whose rules write `team/core` (GitHub holds one label for both)."""
    another_case: str | None = None
    """The first such spelling, for the hint."""

    @property
    def areas_per_positive(self) -> float:
        return self.areas_on_true_positives / self.counts.tp if self.counts.tp else 0.0


@dataclass(frozen=True)
class EvalReport:
    issues: int
    labels: tuple[LabelReport, ...]


def evaluate(rules: Rules, profile: TruthProfile, results: Sequence[Classification]) -> EvalReport:
    """Score every team label the profile names (every team's label when it names none)."""
    teams = _scored_teams(rules, profile)
    return EvalReport(len(results), tuple(_score_team(team, profile, results) for team in teams))


def applied_area_ids(classification: Classification, team_id: str) -> tuple[str, ...]:
    return tuple(a.area.id for a in classification.applied_areas if a.area.team_id == team_id)


def _scored_teams(rules: Rules, profile: TruthProfile) -> tuple[Team, ...]:
    by_label = {team.label.name: team for team in rules.teams}
    unknown = sorted(set(profile.positive) - set(by_label))
    if unknown:
        where = profile.origin("positive", unknown[0])
        said = f"{where}: {unknown[0]!r} is not a team label of {rules.source}"
        hint = (
            _renamed_hint(rules, unknown[0])
            or _team_id_hint(rules, unknown[0])
            or _positive_area_hint(rules, unknown[0])
            or _positive_fallback_hint(rules, unknown[0])
        )
        raise InputError(said + (hint or _close_hint(unknown[0], by_label)))
    area_ids = {area.id for area in rules.areas}
    unknown = sorted(set(profile.areas) - area_ids)
    if unknown:
        where = profile.origin("areas", unknown[0])
        said = f"{where}: {unknown[0]!r} is not an area id of {rules.source}"
        raise InputError(said + (_area_label_hint(rules, unknown[0]) or _close_hint(unknown[0], area_ids)))
    if not profile.positive:
        return rules.teams
    return tuple(by_label[label] for label in profile.positive)


def _renamed_hint(rules: Rules, name: str) -> str:
    """For a team label the rules list in a `previous_names` (a truth profile written before the
    rename): the label's name now, which the profile's key must be."""
    renamed = next((t.label.name for t in rules.teams if name in t.label.previous_names), None)
    return f": they renamed it {renamed!r} (its previous_names)" if renamed else ""


def _team_id_hint(rules: Rules, name: str) -> str:
    """For a team's id where its label belongs (`storage` for `team/storage`): the label to write."""
    label = next((t.label.name for t in rules.teams if t.id == name), None)
    return f": it is the id of the team labelled {label!r}: write that label" if label else ""


def _positive_area_hint(rules: Rules, name: str) -> str:
    """For an area's label where a team label belongs: the labels scored are the teams', and a
    repository that labels its issues by area alone names the area labels among its team's patterns."""
    area = _area_labelled(rules, name)
    if area is None:
        return ""
    team = next(t for t in rules.teams if t.id == area.team_id)
    return (
        f": it is the label of the area {area.id!r} of the team labelled {team.label.name!r}: "
        "write that team label, with this one among its patterns"
    )


def _positive_fallback_hint(rules: Rules, name: str) -> str:
    """For the fallback label: eval scores who owns an issue, and the fallback names no owner."""
    fallback = rules.fallback_label
    if fallback is None or fallback.name.casefold() != name.casefold():
        return ""
    return ": it is the rules' fallback_label, which names no owner: eval scores the team labels only"


def _area_labelled(rules: Rules, name: str) -> Area | None:
    wanted = name.casefold()
    return next(
        (
            a
            for a in rules.areas
            if wanted in (a.label.name.casefold(), *map(str.casefold, a.label.previous_names))
        ),
        None,
    )


def _area_label_hint(rules: Rules, name: str) -> str:
    """For an area's label where its id belongs (`storage/backups` for `backups`): the id to write.
    Labels are compared ignoring case, as GitHub compares them."""
    area = _area_labelled(rules, name)
    return f": it is the label of the area {area.id!r}: write that id" if area else ""


def _close_hint(name: str, names: Iterable[str]) -> str:
    close = closest_label(name, names)
    return f": did you mean {close!r}?" if close else ""


def _score_team(team: Team, profile: TruthProfile, results: Sequence[Classification]) -> LabelReport:
    label = team.label.name
    area_labels = {
        name.casefold() for area in team.areas for name in (area.label.name, *area.label.previous_names)
    }
    own = (label, *team.label.previous_names)
    own_folded = {name.casefold() for name in own}
    tally = _Tally()
    for result in results:
        truth = verdict(profile, label, result.issue.labels, team.label.previous_names)
        if truth == "ignored":
            tally.ignored += 1
            continue
        if truth == "negative" and any(name.casefold() in area_labels for name in result.issue.labels):
            tally.negatives_with_area_labels += 1
        if truth == "negative":
            tally.note_another_case(result.issue.labels, own, own_folded)
        predicted = label in result.labels
        applied = set(applied_area_ids(result, team.id))
        tally.count(truth == "positive", predicted, result, label, team.id)
        if truth == "positive":
            wanted = true_areas(profile, result.issue.labels) & {a.id for a in team.areas}
            tally.count_areas(wanted, applied, predicted)
    return tally.report(label, team.id, team_has_areas=bool(team.areas))


class _Tally:
    """Mutable counters for one label while the issues stream past; frozen by `report`."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.tn = self.ignored = self.negatives_with_area_labels = 0
        self.area_total = self.area_hit = self.areas_on_tp = 0
        self.per_area: dict[str, list[int]] = {}
        self.mistakes: list[Mistake] = []
        self.negatives_in_another_case = 0
        self.another_case: str | None = None

    def note_another_case(self, labels: Iterable[str], own: tuple[str, ...], own_folded: set[str]) -> None:
        spelled = next((n for n in labels if n.casefold() in own_folded and n not in own), None)
        if spelled is not None:
            self.negatives_in_another_case += 1
            self.another_case = self.another_case or spelled

    def count(self, positive: bool, predicted: bool, result: Classification, label: str, team: str) -> None:
        self.tp += positive and predicted
        self.fn += positive and not predicted
        self.fp += predicted and not positive
        self.tn += not predicted and not positive
        if positive != predicted:
            kind: MistakeKind = "FN" if positive else "FP"
            self.mistakes.append(Mistake(kind, label, result.issue, explain(result, team, kind)))

    def count_areas(self, wanted: frozenset[str], applied: set[str], predicted: bool) -> None:
        if predicted:
            self.areas_on_tp += len(applied)
        if not wanted:
            return
        self.area_total += 1
        self.area_hit += bool(wanted & applied)
        for area in wanted:
            totals = self.per_area.setdefault(area, [0, 0])
            totals[0] += 1
            totals[1] += area in applied

    def report(self, label: str, team_id: str, *, team_has_areas: bool) -> LabelReport:
        per_area = tuple(AreaHits(area, *totals) for area, totals in sorted(self.per_area.items()))
        counts = Counts(self.tp, self.fp, self.fn, self.tn)
        return LabelReport(
            label, team_id, counts, self.ignored, self.area_total, self.area_hit, self.areas_on_tp,
            per_area, tuple(self.mistakes), self.negatives_with_area_labels, team_has_areas,
            self.negatives_in_another_case, self.another_case,
        )  # fmt: skip


def explain(result: Classification, team_id: str, kind: MistakeKind) -> tuple[Evidence, ...]:
    """The evidence behind a mistake, strongest first.

    A false positive shows what fired: the team-level evidence and the applied areas'. A false
    negative shows the strongest evidence that stayed below its threshold, after any `exclude`
    that vetoed it (weightless, but the reason).
    """
    team = next((t for t in result.teams if t.team.id == team_id), None)
    if team is None:
        return ()
    found = _fired(team) if kind == "FP" else _all_evidence(team)
    return tuple(sorted(found, key=_strongest_first))[:EVIDENCE_SHOWN]


def _strongest_first(evidence: Evidence) -> tuple[bool, float, str, str]:
    return (evidence.kind != "exclude", -evidence.weight, evidence.area_id or "", evidence.term)


def _fired(team: TeamResult) -> Iterable[Evidence]:
    applied = [a for a in team.areas if a.status is AreaStatus.APPLIED]
    if not applied:
        return _all_evidence(team)
    return [*team.evidence, *(e for a in applied for e in a.evidence)]


def _all_evidence(team: TeamResult) -> list[Evidence]:
    return [*team.evidence, *(e for a in team.areas for e in a.evidence)]
