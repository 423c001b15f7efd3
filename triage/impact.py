"""What a rules change does to issues: the same issues classified under old and new rules, compared.

Pure. For each issue `compare_issue` lists the labels gained and lost, the areas gained and lost
(`team/area` ids, so a renamed label shows as a label change, not an area change), and the areas
newly or no longer *suggested* (and the teams of no areas, by id, which are suggested as areas are).
A suggestion that became a label (or a label that became a suggestion) is an area change only (a
label change, for a team), not also a suggestion change. Each change carries what each
rule set said: status, score and evidence. A label renamed in place (the new rules list its old
name in `previous_names`, so `triage labels sync` renames it and its issues keep it) is one label,
under its new name: an issue both rule sets give it does not change.

An issue that a rule set leaves alone (a person gave it another owner's label: `defer_to`) gets
nothing from `triage run` under those rules: it compares as if they gave it no label, area or
suggestion, and each change reads "deferred" on that side (with what the rules found all the same).
Left alone under both, it does not change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal, NamedTuple

from triage.model import AreaResult, AreaStatus, Classification, Evidence, Issue, Rules, TeamResult
from triage.plan import defer_check

Direction = Literal["gained", "lost"]
SideStatus = Literal["applied", "suggested", "below", "excluded", "none", "deferred"]


@dataclass(frozen=True)
class Side:
    """What one rule set said about a label or an area; status "none" means no evidence at all,
    "deferred" that `triage run` leaves the issue alone (the score and evidence are what the rules
    found all the same). `threshold`: the score these rules measured it against: the apply
    threshold (the team's, for a team label) for a label or an area, the suggest threshold for a
    suggestion; None without a score, or for a team with areas as a suggestion (it has no suggest).
    `fallback`: the label is the rules' `fallback_label`, given because no team matched, not for a
    score. `teams_matched`: on the side of rules that did not give a fallback label the other rules
    gave, the team labels they applied, which is why (its status stays "none": no evidence for the
    label itself)."""

    status: SideStatus
    score: float
    evidence: tuple[Evidence, ...]
    threshold: float | None = None
    fallback: bool = False
    teams_matched: tuple[str, ...] = ()


NO_EVIDENCE = Side("none", 0.0, ())
LEFT_ALONE = Side("deferred", 0.0, ())
"""A label or area that rules leaving the issue alone found no evidence for."""


@dataclass(frozen=True)
class Change:
    """`name` is a label name, or a `team/area` id for area and suggestion changes (a team's id for
    the suggestion of a team of no areas); `renamed_from`,
    the label's name in the old rules when the new rules renamed it in place."""

    name: str
    direction: Direction
    old: Side
    new: Side
    renamed_from: str | None = None


@dataclass(frozen=True)
class IssueImpact:
    """`old_deferred`/`new_deferred`: the other owner's label for which that rule set leaves the
    issue alone (`defer_to`), if it does."""

    issue: Issue
    labels: tuple[Change, ...]
    areas: tuple[Change, ...]
    suggestions: tuple[Change, ...]
    old_deferred: str | None = None
    new_deferred: str | None = None


class Compared(NamedTuple):
    """One issue as the old and the new rules see it: what each gives its title and body, and the
    label of another owner for which each leaves it alone (`defer_to`), if any."""

    old: Classification
    new: Classification
    old_deferred: str | None = None
    new_deferred: str | None = None


@dataclass(frozen=True)
class LabelCount:
    label: str
    gained: int
    lost: int


class Rename(NamedTuple):
    """A label the new rules rename in place: they list its `old` name in its `previous_names`."""

    old: str
    new: str


NO_RENAMES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class RenameCount:
    """`kept`: the issues both rule sets give the label, under its old name and its new."""

    old: str
    new: str
    kept: int


class Dropped(NamedTuple):
    """A label the old rules manage that the new ones neither manage nor rename in place: issues
    keep it, and triage no longer adds or removes it. `deferred`: the new rules' `defer_to` matches
    it, so `triage run` leaves every issue carrying it alone, as another owner's."""

    name: str
    deferred: bool


@dataclass(frozen=True)
class Impact:
    """`issues` holds only the issues that change, in the order they were compared. `left_alone`:
    the issues both rule sets leave alone (`defer_to`), which no change of terms could move: in a
    repository whose people label most issues by owner, "no issue changes" says little without it."""

    compared: int
    issues: tuple[IssueImpact, ...]
    labels: tuple[LabelCount, ...]
    renamed: tuple[RenameCount, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    left_alone: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.issues


def renames(old: Rules, new: Rules) -> tuple[Rename, ...]:
    """The labels `triage labels sync` renames going from `old` to `new` rules: each new label the
    old rules do not manage, from the first of its `previous_names` that they do, and each whose
    name changes only in case (GitHub compares label names ignoring case)."""
    old_names = {label.name.casefold(): label.name for label in old.managed_labels}
    found: list[Rename] = []
    for label in new.managed_labels:
        same = old_names.get(label.name.casefold())
        if same is not None:
            if same != label.name:
                found.append(Rename(same, label.name))
            continue
        previous = (
            old_names[name.casefold()] for name in label.previous_names if name.casefold() in old_names
        )
        former = next(previous, None)
        if former is not None:
            found.append(Rename(former, label.name))
    return tuple(found)


def dropped(old: Rules, new: Rules) -> tuple[Dropped, ...]:
    """The labels `old` manages that `new` does not, under their name or a `previous_names`: a
    label renamed without its former name listed is one of them, and its issues keep it."""
    still = new.managed_or_former_names
    deferred = defer_check(new)
    return tuple(
        Dropped(label.name, deferred((label.name,)) is not None)
        for label in old.managed_labels
        if label.name.casefold() not in still
    )


def compare(
    issues: Iterable[Compared], renamed: Iterable[Rename] = (), dropped: tuple[Dropped, ...] = ()
) -> Impact:
    renamed_to = {rename.old: rename.new for rename in renamed}
    compared = left_alone = 0
    changed: list[IssueImpact] = []
    kept: Counter[str] = Counter()
    for old, new, old_deferred, new_deferred in issues:
        compared += 1
        if old_deferred is not None and new_deferred is not None:
            left_alone += 1
        impact = compare_issue(old, new, old_deferred, new_deferred, renamed_to)
        if impact is not None:
            changed.append(impact)
        if old_deferred is None and new_deferred is None:
            kept.update(_kept(old, new, renamed_to))
    counts = tuple(RenameCount(old, new, kept[old]) for old, new in renamed_to.items())
    return Impact(compared, tuple(changed), label_counts(changed), counts, dropped, left_alone)


def _kept(old: Classification, new: Classification, renamed_to: Mapping[str, str]) -> list[str]:
    """The renamed labels (by old name) that both rule sets give the issue."""
    old_labels, new_labels = set(old.labels), set(new.labels)
    return [name for name, new_name in renamed_to.items() if name in old_labels and new_name in new_labels]


def compare_issue(
    old: Classification,
    new: Classification,
    old_deferred: str | None = None,
    new_deferred: str | None = None,
    renamed_to: Mapping[str, str] = NO_RENAMES,
) -> IssueImpact | None:
    """`renamed_to`: the new name of each label the new rules renamed in place, by its name in the
    old rules, under which the old rules' label is compared."""
    if old_deferred is not None and new_deferred is not None:
        return None  # `triage run` writes nothing under either
    old_alone, new_alone = old_deferred is not None, new_deferred is not None
    old_given, new_given = _given(old, old_alone), _given(new, new_alone)
    old_names = {new_name: name for name, new_name in renamed_to.items()}
    old_labels = label_sides(old, old_alone, _fallback_name(new, old, old_names))
    new_labels = label_sides(new, new_alone, _fallback_name(old, new, renamed_to))
    labels = _changes(
        {renamed_to.get(name, name) for name in old_given.labels},
        new_given.labels,
        old_labels.renamed(renamed_to),
        new_labels,
        old_names,
    )
    old_areas, new_areas = area_sides(old, old_alone), area_sides(new, new_alone)
    areas = _changes(old_given.areas, new_given.areas, old_areas, new_areas)
    old_suggested = old_given.suggested - new_given.areas - new_given.teams
    new_suggested = new_given.suggested - old_given.areas - old_given.teams
    old_suggestions, new_suggestions = suggestion_sides(old, old_alone), suggestion_sides(new, new_alone)
    suggestions = _changes(old_suggested, new_suggested, old_suggestions, new_suggestions)
    if not (labels or areas or suggestions):
        return None
    return IssueImpact(new.issue, labels, areas, suggestions, old_deferred, new_deferred)


class _Given(NamedTuple):
    labels: set[str]
    areas: set[str]
    suggested: set[str]
    """Area keys, and the ids of teams of no areas named as possible."""
    teams: set[str]
    """The ids of the labelled teams: a team's suggestion that became its label (or the reverse) is a
    label change, whether the other rules gave the team areas or not."""


def _given(classification: Classification, left_alone: bool) -> _Given:
    """The labels, areas and suggestions `triage run` gives the issue: none when it leaves it alone."""
    if left_alone:
        return _Given(set(), set(), set(), set())
    return _Given(
        set(classification.labels),
        _keys(classification.applied_areas),
        _keys(classification.suggested_areas) | {t.team.id for t in classification.suggested_teams},
        {t.team.id for t in classification.applied_teams},
    )


def label_counts(impacts: Iterable[IssueImpact]) -> tuple[LabelCount, ...]:
    counts: Counter[tuple[str, Direction]] = Counter(
        (change.name, change.direction) for impact in impacts for change in impact.labels
    )
    names = sorted({name for name, _ in counts})
    return tuple(LabelCount(name, counts[name, "gained"], counts[name, "lost"]) for name in names)


@dataclass(frozen=True)
class Sides:
    """What one rule set said about each label (or area) it had evidence for; `left_alone`: the
    issue is deferred to another owner, so every side reads "deferred"."""

    found: dict[str, Side]
    left_alone: bool = False

    def side(self, name: str) -> Side:
        found = self.found.get(name)
        if found is None:
            return LEFT_ALONE if self.left_alone else NO_EVIDENCE
        return replace(found, status="deferred") if self.left_alone else found

    def renamed(self, renamed_to: Mapping[str, str]) -> Sides:
        """The same sides, each renamed label's under its new name."""
        found = {renamed_to.get(name, name): side for name, side in self.found.items()}
        return Sides(found, self.left_alone)


def label_sides(
    classification: Classification, left_alone: bool = False, fallback_elsewhere: str | None = None
) -> Sides:
    """For each label these rules had anything to say about: the evidence behind it.
    `fallback_elsewhere`: the other rules' fallback label, which these did not give (named as these
    rules name it): its side says which teams these rules applied instead, not "no evidence"."""
    sides: dict[str, Side] = {}
    for team in classification.teams:
        sides[team.team.label.name] = _team_side(team)
        for area in team.areas:
            sides[area.area.label.name] = _area_side(area, area.area.threshold)
    if classification.fallback is not None:
        sides[classification.fallback.name] = Side("applied", 0.0, (), fallback=True)
    if fallback_elsewhere is not None and fallback_elsewhere not in sides and not left_alone:
        matched = tuple(team.team.label.name for team in classification.applied_teams)
        if matched:
            sides[fallback_elsewhere] = replace(NO_EVIDENCE, teams_matched=matched)
    return Sides(sides, left_alone)


def _fallback_name(given: Classification, other: Classification, names: Mapping[str, str]) -> str | None:
    """The fallback label `given` has and `other` has not, under the name `other`'s rules know it by."""
    if given.fallback is None or other.fallback is not None:
        return None
    return names.get(given.fallback.name, given.fallback.name)


def area_sides(classification: Classification, left_alone: bool = False) -> Sides:
    return _sides_of_areas(classification, left_alone, suggest=False)


def suggestion_sides(classification: Classification, left_alone: bool = False) -> Sides:
    """As `area_sides`, measured against the suggest threshold; with each team under its id: one of
    no areas, named as possible as an area is, against its suggest threshold; one with areas, never
    named so, with what it scored and no threshold (it has no suggest of its own), so rules that gave
    a team areas do not read "no evidence" beside rules that named it as possible."""
    sides = _sides_of_areas(classification, left_alone, suggest=True)
    teams = {
        team.team.id: replace(_team_side(team), threshold=None) if team.team.areas else _suggestion_side(team)
        for team in classification.teams
    }
    return Sides({**sides.found, **teams}, left_alone) if teams else sides


def _sides_of_areas(classification: Classification, left_alone: bool, *, suggest: bool) -> Sides:
    found = {
        area_key(area): _area_side(area, area.area.suggest if suggest else area.area.threshold)
        for team in classification.teams
        for area in team.areas
    }
    return Sides(found, left_alone)


def area_key(area: AreaResult) -> str:
    return f"{area.area.team_id}/{area.area.id}"


def _team_side(team: TeamResult) -> Side:
    """A team label's evidence: its team-level matches and every area's (they all add up); a team of no
    areas below its threshold may be named as possible, as an area's label side says."""
    found = [*team.evidence, *(e for area in team.areas for e in area.evidence)]
    status: SideStatus = "applied" if team.applied else "suggested" if team.suggested else "below"
    return Side(status, team.score, sort_evidence(found), team.team.threshold)


def _suggestion_side(team: TeamResult) -> Side:
    """A team of no areas against its suggest threshold."""
    status: SideStatus = "applied" if team.applied else "suggested" if team.suggested else "below"
    if status == "below" and any(e.kind == "exclude" for e in team.evidence):
        status = "excluded"
    return Side(status, team.score, sort_evidence(team.evidence), team.team.suggest)


_AREA_STATUS: dict[AreaStatus, SideStatus] = {
    AreaStatus.APPLIED: "applied",
    AreaStatus.SUGGESTED: "suggested",
    AreaStatus.BELOW: "below",
    AreaStatus.EXCLUDED: "excluded",
}


def _area_side(area: AreaResult, threshold: float) -> Side:
    return Side(_AREA_STATUS[area.status], area.score, sort_evidence(area.evidence), threshold)


def sort_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Title before body, then by line, kind and term: the same order whatever order was found."""
    return tuple(
        sorted(evidence, key=lambda e: (e.where != "title", e.line, e.kind, e.term, e.area_id or ""))
    )


def _keys(areas: Iterable[AreaResult]) -> set[str]:
    return {area_key(area) for area in areas}


def _changes(
    old: set[str],
    new: set[str],
    old_sides: Sides,
    new_sides: Sides,
    old_names: Mapping[str, str] = NO_RENAMES,
) -> tuple[Change, ...]:
    """`old_names`: a renamed label's name in the old rules, by its new name."""

    def change(name: str, direction: Direction) -> Change:
        return Change(name, direction, old_sides.side(name), new_sides.side(name), old_names.get(name))

    changes = [change(name, "gained") for name in new - old] + [change(name, "lost") for name in old - new]
    return tuple(sorted(changes, key=lambda change: (change.name, change.direction)))
