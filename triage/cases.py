"""Rule test cases: issues with the labels they must and must not get, kept beside the rules.

    cases:
      - name: kubectl in the title               # unique; names the case in reports
        title: kubectl apply fails on upgrade
        body: |                                  # optional, default ""
          The ingress apiVersion was removed.
        labels: [team/distribution, distribution/kubernetes]   # must get (others may come too)
        not_labels: [distribution/docker-compose]              # must not get
        suggested: [scalability]                 # area ids (or a team's, of no areas) named as possible
        author_association: MEMBER               # optional, default unknown (an outside reporter)
        asks: []                                 # what the comment asks, exactly, in order

The file is validated like the rules (every problem with its line), and against the rules: a
label no rule manages or an area id no rule defines is a typo that would make a case pass
vacuously, so it is an error; so are expectations the rules can never meet (an area both applied
and suggested, or suggested where suggest is its apply threshold, a team label refused beside one
of its areas', the fallback beside an owner, a question asked only of outside reporters for
one of the repository's own). A question the rules do not ask is an error as an unknown label is.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from triage.close_names import closest_label
from triage.comment_asks import from_outside
from triage.errors import RulesError
from triage.model import Area, Ask, Issue, Rules, Team
from triage.ruleset.source import YamlFileError, read_source
from triage.ruleset.spec import Choice, Key, ListOf, Mapping, Text
from triage.ruleset.walk import Walked, walk_document
from triage.ruleset.yamlnodes import compose_text
from triage.safe_text import well_formed

_NAMES = ListOf(Text())
ASSOCIATIONS = (
    "OWNER",
    "MEMBER",
    "COLLABORATOR",
    "CONTRIBUTOR",
    "FIRST_TIME_CONTRIBUTOR",
    "FIRST_TIMER",
    "MANNEQUIN",
    "NONE",
)
"""GitHub's `author_association` values."""
CASE = Mapping(
    name="case",
    description="An issue and what triage must decide for it.",
    fields={
        "name": Key(Text(unique="case name", prose=True), "Names the case in reports.", required=True),
        "title": Key(Text(any_character=True), "The issue's title.", required=True),
        "body": Key(Text(min_length=0, any_character=True), "The issue's body.", default=""),
        "labels": Key(_NAMES, "Labels the issue must get; others may come too."),
        "not_labels": Key(_NAMES, "Labels the issue must not get."),
        "suggested": Key(
            _NAMES, "Ids of areas (or of teams of no areas) that must be named as possible, without a label."
        ),
        "author_association": Key(
            Choice(ASSOCIATIONS),
            "The reporter's relation to the repository, as GitHub gives it; unknown (an outside "
            "reporter, as for a dry run's input that does not say) when absent.",
            default=None,
        ),
        "asks": Key(
            ListOf(Text(prose=True)),
            "The questions the comment must ask, all of them, in order; [] for none.",
            default=None,
        ),
    },
)
CASES = Mapping(
    description="Rule test cases, run by `triage check`.",
    fields={"cases": Key(ListOf(CASE, min_items=1), "The cases.", required=True)},
)
EXPECTATIONS = ("labels", "not_labels", "suggested", "asks")


@dataclass(frozen=True)
class Case:
    name: str
    issue: Issue
    labels: tuple[str, ...]
    not_labels: tuple[str, ...]
    suggested: tuple[str, ...]
    source: str
    line: int
    asks: tuple[str, ...] | None = None
    """None: the case says nothing of the questions; () that the comment asks none."""


def default_cases_path(rules_path: str) -> str | None:
    """`rules/ownership.yaml` -> `rules/ownership.cases.yaml` (same for `.yml`); None for a path
    with no file name to put it beside (`.`, `/`)."""
    path = Path(rules_path)
    if not path.name:
        return None
    return str(path.with_suffix(f".cases{path.suffix or '.yaml'}"))


def load_cases(path: str | os.PathLike[str], rules: Rules | None) -> tuple[Case, ...]:
    """Every case in the file; `RulesError` with every problem in it, located by line. Without
    `rules` (they have problems of their own), only the file's own form is checked."""
    source = os.fspath(path)
    try:
        text = read_source(source)
        root = compose_text(text, source)
    except YamlFileError as error:
        raise RulesError([error.problem]) from error
    walked = walk_document(root, CASES, source, text)
    cases = tuple(_case(walked, data, f"cases[{i}]") for i, data in enumerate(walked.data["cases"]))
    _check_expectations(walked, cases)
    if rules is not None:
        _check_against_rules(walked, cases, rules)
    if walked.problems:
        raise RulesError(walked.problems)
    return cases


def _case(walked: Walked, data: dict[str, object], path: str) -> Case:
    def names(key: str) -> tuple[str, ...]:
        value = data[key]
        return tuple(str(item) for item in value) if isinstance(value, list) else ()

    association = data["author_association"]
    issue = Issue(
        title=well_formed(str(data["title"])),
        body=well_formed(str(data["body"])),
        author_association=None if association is None else str(association),
    )
    line = walked.mark(path).line
    return Case(
        str(data["name"]),
        issue,
        names("labels"),
        names("not_labels"),
        names("suggested"),
        walked.source,
        line,
        None if data["asks"] is None else names("asks"),
    )


def _check_expectations(walked: Walked, cases: tuple[Case, ...]) -> None:
    """What a case asks, checked without the rules: something, and nothing both ways."""
    invalid_by_case: dict[str, list[str]] = {}  # each case's problems, not every problem for each case
    for bad in walked.invalid:
        case_path = _CASE_PATH.match(bad)
        if case_path is not None:
            invalid_by_case.setdefault(case_path.group(), []).append(bad)
    for i, case in enumerate(cases):
        path = f"cases[{i}]"
        told = any(_about_expectations(bad, path) for bad in invalid_by_case.get(path, ()))  # `lables:`
        if not (case.labels or case.not_labels or case.suggested or case.asks is not None) and not told:
            walked.report(path, "the case expects nothing: give labels, not_labels, suggested or asks")
        for j, name in enumerate(case.not_labels):
            if name in case.labels:
                walked.report(
                    f"{path}.not_labels[{j}]", f'"{name}" is also in labels: a case cannot expect both'
                )
        for j, question in enumerate(case.asks or ()):
            first = (case.asks or ()).index(question)
            if question and first < j:
                walked.report(
                    f"{path}.asks[{j}]",
                    f"the question is already at asks[{first}]: the comment asks a question once",
                )


_CASE_PATH = re.compile(r"cases\[\d+\]")


def _about_expectations(problem_path: str, case_path: str) -> bool:
    """A problem at one of the case's expectations, or at a key it does not know that reads like one
    (`lables:`), which "expects nothing" would only repeat; one at its name, title or body (or a
    `bdy:`) is another matter."""
    if not problem_path.startswith(f"{case_path}."):
        return False
    key = re.split(r"[.\[]", problem_path[len(case_path) + 1 :], maxsplit=1)[0]
    return key in EXPECTATIONS or (
        key not in CASE.fields and bool(difflib.get_close_matches(key, EXPECTATIONS, n=1))
    )


def _check_against_rules(walked: Walked, cases: tuple[Case, ...], rules: Rules) -> None:
    labels = _Known([label.name for label in rules.managed_labels])
    renamed = {
        former.casefold(): label.name for label in rules.managed_labels for former in label.previous_names
    }
    lone_teams = [team.id for team in rules.teams if not team.areas]
    suggestible = _Known(lone_teams + [area.id for area in rules.areas])
    suggestible_what = "an area id, or the id of a team of no areas," if lone_teams else "an area id"
    owners = _Owners.of(rules)
    questions = _Known(list(dict.fromkeys(ask.question for ask in _every_ask(rules))))
    label = "a label these rules manage"
    ids, owner_labels = _swapped(rules)
    for i, case in enumerate(cases):
        path = f"cases[{i}]"
        _check_known(walked, f"{path}.labels", case.labels, labels, label, renamed=renamed, meant=ids)
        _check_known(walked, f"{path}.not_labels", case.not_labels, labels, label, renamed=renamed, meant=ids)
        _check_known(
            walked,
            f"{path}.suggested",
            case.suggested,
            suggestible,
            f"{suggestible_what} in these rules",
            meant=owner_labels,
        )
        _check_known(
            walked,
            f"{path}.asks",
            case.asks or (),
            questions,
            "a question these rules ask",
            listed="they ask",
        )
        _check_possible(walked, path, case, owners)


def _swapped(rules: Rules) -> tuple[dict[str, str], dict[str, str]]:
    """The hints for an id written where a label belongs (`labels: [kubernetes]`), and for a label
    written where an id belongs (`suggested: [ops/deploy]`, an area or a team of no areas), by the name
    written (a label case-folded, as GitHub compares label names): `labels` and `not_labels` take
    labels, `suggested` ids, and the closest name of the other kind is no help."""
    owners: list[Area | Team] = [*rules.teams, *rules.areas]
    ids = {
        owner.id: f'it is the id of the {_kind(owner)} labelled "{owner.label.name}": write that label'
        for owner in owners
    }
    labels = {
        name.casefold(): f'it is the label of the {_kind(owner)} "{owner.id}": write its id'
        for owner in owners
        if not isinstance(owner, Team) or not owner.areas
        for name in (owner.label.name, *owner.label.previous_names)
    }
    for team in rules.teams:
        if team.areas:
            for name in (team.id, team.label.name, *team.label.previous_names):
                labels.setdefault(name.casefold(), _named_through_its_areas(team))
    return ids, labels


def _named_through_its_areas(team: Team) -> str:
    """The hint for a team with areas written in `suggested`, by its id or its label: such a team
    is never named as possible itself, and the closest id (`team/docs` -> `tutorial`) misleads."""
    area_ids = ", ".join(area.id for area in team.areas)
    return (
        f'it is the team "{team.id}", which has areas: a team with areas is named as possible only '
        f"through them, so write the id of the area meant ({area_ids})"
    )


def _kind(owner: Area | Team) -> str:
    return "team" if isinstance(owner, Team) else "area"


def _every_ask(rules: Rules) -> Iterator[Ask]:
    for team in rules.teams:
        yield from team.asks
        for area in team.areas:
            yield from area.asks


@dataclass(frozen=True)
class _Owners:
    """The rules' areas and labels as `_check_possible` looks them up, built once for all cases."""

    areas: dict[str, Area | Team]
    """The areas, and the teams of no areas (suggested as areas are), by id."""
    area_labels: dict[str, str]
    team_labels: dict[str, list[str]]
    owner_labels: frozenset[str]
    fallback: str | None
    outside_only: frozenset[str]
    """Questions every owner that asks them asks only of outside reporters."""

    @classmethod
    def of(cls, rules: Rules) -> _Owners:
        suggestible: list[Area | Team] = [team for team in rules.teams if not team.areas]
        suggestible.extend(rules.areas)
        area_labels = {owner.id: owner.label.name for owner in suggestible}
        team_labels = {team.label.name: [area.label.name for area in team.areas] for team in rules.teams}
        asks = tuple(_every_ask(rules))
        of_anyone = {ask.question for ask in asks if ask.reporters == "any"}
        return cls(
            {owner.id: owner for owner in suggestible},
            area_labels,
            team_labels,
            frozenset(area_labels.values()) | team_labels.keys(),
            rules.fallback_label.name if rules.fallback_label is not None else None,
            frozenset(ask.question for ask in asks if ask.question not in of_anyone),
        )


def _check_possible(walked: Walked, path: str, case: Case, owners: _Owners) -> None:
    """Expectations the rules can never meet together: such a case fails whatever the weights say,
    and its report would send its author tuning them."""
    for key, message in (
        *_suggestions_never_met(case, owners),
        *_not_labels_never_met(case, owners),
        *_fallback_never_met(case, owners),
        *_asks_never_met(case, owners),
    ):
        walked.report(f"{path}.{key}", message)


def _suggestions_never_met(case: Case, owners: _Owners) -> Iterator[tuple[str, str]]:
    """An area (or a team of no areas) suggested that is never only suggested, or that the case also
    expects applied."""
    for i, area_id in enumerate(case.suggested):
        area = owners.areas.get(area_id)
        what = "team" if isinstance(area, Team) else "area"
        if area is not None and area.suggest >= area.threshold:
            yield (
                f"suggested[{i}]",
                f'{what} "{area_id}" is never only suggested: its suggest threshold ({area.suggest:g}) '
                f"is its {'team' if what == 'team' else 'apply'} threshold, so the case can never pass",
            )
        elif owners.area_labels.get(area_id) in case.labels:
            yield (
                f"suggested[{i}]",
                f'{what} "{area_id}" is also expected applied ({owners.area_labels[area_id]} in labels): '
                f"{'a team' if what == 'team' else 'an area'} is either applied or suggested, so the case "
                "can never pass",
            )


def _not_labels_never_met(case: Case, owners: _Owners) -> Iterator[tuple[str, str]]:
    """A team label refused beside one of its areas' labels expected."""
    for i, name in enumerate(case.not_labels):
        brought = [label for label in owners.team_labels.get(name, []) if label in case.labels]
        if brought:
            yield (
                f"not_labels[{i}]",
                f'"{name}" comes with {brought[0]}, expected in labels: '
                "an area's label always brings its team's, so the case can never pass",
            )


def _fallback_never_met(case: Case, owners: _Owners) -> Iterator[tuple[str, str]]:
    """The fallback label expected beside an owner's."""
    expected_owners = [label for label in case.labels if label in owners.owner_labels]
    for i, name in enumerate(case.labels):
        if name == owners.fallback and expected_owners:
            yield (
                f"labels[{i}]",
                f'"{name}" is the fallback label, given only when no team matches, '
                f"and labels also expects {expected_owners[0]}, so the case can never pass",
            )


def _asks_never_met(case: Case, owners: _Owners) -> Iterator[tuple[str, str]]:
    """A question for outside reporters only, expected of the repository's own."""
    if from_outside(case.issue):
        return
    for i, question in enumerate(case.asks or ()):
        if question in owners.outside_only:
            yield (
                f"asks[{i}]",
                "the question is asked only of outside reporters, and the case's author_association "
                f"{case.issue.author_association} is the repository's own, so the case can never pass",
            )


class _Known:
    """The names a case may use: looked up in a set, and the closest to a name that is not one
    worked out once per name (a cases file of thousands repeating one typo asked difflib each time)."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._set = frozenset(names)
        self._closest: dict[str, str | None] = {}

    @property
    def names(self) -> list[str]:
        return self._names

    def __contains__(self, name: object) -> bool:
        return name in self._set

    def closest(self, name: str) -> str | None:
        """The closest known name, for the first `_SUGGESTED` names not known: past them the file is
        not a few typos, and each search compares the name with every label (6,000 different unknown
        names against 1,500 labels took 43 s)."""
        if name not in self._closest:
            if len(self._closest) >= _SUGGESTED:
                return None
            self._closest[name] = closest_label(name, self._names)
        return self._closest[name]


_SUGGESTED = 100
_LISTED = 3
"""Known names few enough to list whole when none is close to the one written."""


def _quoted_list(names: Sequence[str]) -> str:
    quoted = [f'"{name}"' for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _check_known(
    walked: Walked,
    path: str,
    names: Iterable[str],
    known: _Known,
    what: str,
    *,
    renamed: dict[str, str] | None = None,
    meant: dict[str, str] | None = None,
    listed: str = "",
) -> None:
    """`renamed`: a former name, case-folded as GitHub compares label names, to the label's name,
    which the hint gives rather than the closest other label's, as a rename is the commonest reason
    a case's label is gone. `meant`: a name of the other kind (an id for a label, a label for an id),
    to the hint that names the one to write. `listed`: with no name close, the few known ones are
    named after it (`they ask "the version you run"`), as a question reworded is no typo."""
    for i, name in enumerate(names):
        if name and name not in known:
            close = known.closest(name)
            hint = f': did you mean "{close}"?' if close else ""
            if not close and listed and 0 < len(known.names) <= _LISTED:
                hint = f": {listed} {_quoted_list(known.names)}"
            if meant and (name in meant or name.casefold() in meant):
                hint = f": {meant.get(name) or meant[name.casefold()]}"
            if renamed and name.casefold() in renamed:
                hint = f': they renamed it "{renamed[name.casefold()]}" (its previous_names)'
            walked.report(f"{path}[{i}]", f'"{name}" is not {what}{hint}')
