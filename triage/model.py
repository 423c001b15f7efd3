"""The values every stage of the pipeline shares.

Immutable values, all `typing.NamedTuple`s: several times cheaper than frozen dataclasses both
to create (a batch builds thousands of results; a dataclass `__init__` goes through
`object.__setattr__`) and to define (every start-up defines them all: a frozen dataclass costs
~1.8 ms to define, a NamedTuple ~0.3 ms). A changed copy is `value._replace(field=...)`.
Stages take these in and hand new ones back; nothing here does I/O.
Rules flow down from `triage.ruleset`, an `Issue` is built at the edge (event payload, CLI
input, or the GitHub adapter), `Classification` comes out of `triage.classify`, and `Plan` out
of `triage.plan`.

No `from __future__ import annotations` here: `typing.NamedTuple` compiles every string annotation
(a `ForwardRef` per field), which made this module cost twice as much to import (34M instructions
against 18M; it is imported by every command). So a class may only name classes defined above it.
"""

import enum
from collections.abc import Iterable
from typing import Literal, NamedTuple

Where = Literal["title", "body"]
EvidenceKind = Literal["keyword", "pattern", "path", "repo", "field", "exclude"]


# --- Rules -----------------------------------------------------------------------------------


class Label(NamedTuple):
    """A label triage manages: created with this colour and description when missing."""

    name: str
    color: str
    description: str
    previous_names: tuple[str, ...] = ()


class Doc(NamedTuple):
    """A link the comment lists; `url` is absolute once the rules are loaded."""

    title: str
    url: str


class Term(NamedTuple):
    """One entry of a keyword, pattern, path, repo or exclude list.

    `text` is the literal phrase, RE2 source, gitignore glob or `owner/name`, as written.
    `line` is where it stands in the rules file (0 when built in code), for coverage reports.
    """

    text: str
    case_sensitive: bool = False
    weight: float = 1.0
    line: int = 0


class FieldRule(NamedTuple):
    """An issue-form field: `### <name>` followed by a value that matches one of `values`."""

    name: str
    values: tuple[Term, ...]
    line: int = 0


class Matchers(NamedTuple):
    """The evidence rules an area (or a team, for team-level terms) carries."""

    keywords: tuple[Term, ...] = ()
    patterns: tuple[Term, ...] = ()
    paths: tuple[Term, ...] = ()
    repos: tuple[Term, ...] = ()
    fields: tuple[FieldRule, ...] = ()
    exclude: tuple[Term, ...] = ()


Reporters = Literal["any", "outside"]
"""Whom an ask is for: every reporter, or only one outside the repository's people (see `Issue`)."""


class Ask(NamedTuple):
    """A question the comment asks the reporter while its owner is labelled on the issue, unless
    one of `answered_by` (RE2 patterns, ignoring case) finds a match in the issue's title or body,
    or `reporters` is "outside" and GitHub says the reporter is the repository's own."""

    question: str
    answered_by: tuple[Term, ...] = ()
    reporters: Reporters = "any"


class Area(NamedTuple):
    id: str
    team_id: str
    name: str
    label: Label
    matchers: Matchers
    docs: tuple[Doc, ...]
    note: str | None
    threshold: float
    suggest: float
    asks: tuple[Ask, ...] = ()


class Team(NamedTuple):
    id: str
    name: str
    label: Label
    docs: tuple[Doc, ...]
    matchers: Matchers
    threshold: float
    areas: tuple[Area, ...]
    asks: tuple[Ask, ...] = ()
    suggest: float = 2.0
    """The score at which a team of no areas is named as possible (`TeamResult.suggested`); a team
    with areas is named through them, and this is unused."""


class Weights(NamedTuple):
    """How much one piece of evidence adds to an area's score: kind weight x place x term weight."""

    title: float = 2.0
    body: float = 1.0
    keyword: float = 1.0
    pattern: float = 1.0
    path: float = 2.0
    repo: float = 2.0
    field: float = 3.0


class CommentSettings(NamedTuple):
    """`template`: absolute path of a Jinja2 template, or None for the bundled one.

    `on_no_match`: "none" posts no comment when nothing matched; "short" posts one short line.
    """

    template: str | None = None
    on_no_match: Literal["none", "short"] = "none"


class Rules(NamedTuple):
    source: str
    version: int
    teams: tuple[Team, ...]
    weights: Weights = Weights()
    fallback_label: Label | None = None
    comment: CommentSettings = CommentSettings()
    defer_to: tuple[str, ...] = ()
    """Label patterns of other owners: an issue carrying one (that we do not manage) is left alone."""
    path_repos: tuple[str, ...] = ()
    """Repository patterns (`owner/name`, `*` and `?`, any case) whose files the `paths` globs name:
    a path in a link to another repository's file is not evidence. Empty: any repository's."""
    github_hosts: tuple[str, ...] = ()
    """Hosts, lower-cased, whose links are GitHub links as github.com's are (a GitHub Enterprise
    Server's): read for repositories and files. github.com's are read whatever this says."""

    @property
    def areas(self) -> tuple[Area, ...]:
        return tuple(area for team in self.teams for area in team.areas)

    @property
    def managed_labels(self) -> tuple[Label, ...]:
        """Every label these rules may add or remove, in file order."""
        labels: list[Label] = []
        for team in self.teams:
            labels.append(team.label)
            labels.extend(area.label for area in team.areas)
        if self.fallback_label is not None:
            labels.append(self.fallback_label)
        return tuple(labels)

    @property
    def managed_names(self) -> frozenset[str]:
        """The managed labels' names, case-folded: GitHub compares label names ignoring case."""
        return frozenset(label.name.casefold() for label in self.managed_labels)

    @property
    def owner_names(self) -> frozenset[str]:
        """The team and area labels' names, case-folded: the managed labels that name an owner, all
        but the fallback (which asks a person to find one)."""
        return frozenset(
            label.name.casefold()
            for team in self.teams
            for label in (team.label, *(area.label for area in team.areas))
        )

    @property
    def former_names(self) -> dict[str, str]:
        """Each managed label's `previous_names` to its name, all case-folded: until `triage labels
        sync` renames it in place (and in the history of an issue after that), a label under a
        former name is the same label."""
        return {
            former.casefold(): label.name.casefold()
            for label in self.managed_labels
            for former in label.previous_names
        }

    @property
    def managed_or_former_names(self) -> frozenset[str]:
        """Every name a managed label goes by, case-folded: its own and its `previous_names`."""
        return self.managed_names | self.former_names.keys()


def current_name(former: dict[str, str], name: str) -> str:
    """`name` case-folded, or, for a former name of a managed label (`Rules.former_names`), that
    label's name case-folded."""
    folded = name.casefold()
    return former.get(folded, folded)


def fallback_names(rules: Rules, labels: Iterable[str]) -> tuple[str, ...]:
    """The names in `labels` that are the fallback label, under its name or a former one."""
    fallback = rules.fallback_label
    if fallback is None:
        return ()
    former = rules.former_names
    return tuple(name for name in labels if current_name(former, name) == fallback.name.casefold())


new_record = tuple.__new__
"""`new_record(Kind, fields)` builds a NamedTuple (these or any other) from a tuple of all its
fields, in order, without the Python-level `__new__` a NamedTuple call runs (several times the
tuple's cost): for the few places that build one per term found or per issue."""


# --- Issues and what classify finds in them ---------------------------------------------------

MAX_ISSUE_NUMBER = 2**31 - 1
"""GitHub's issue numbers are 32-bit signed integers; a larger one can only be a typo."""


class Issue(NamedTuple):
    title: str
    body: str
    number: int | None = None
    url: str | None = None
    labels: tuple[str, ...] = ()
    author_association: str | None = None
    """The reporter's relation to the repository as GitHub states it with every issue (`OWNER`,
    `MEMBER`, `COLLABORATOR`, `CONTRIBUTOR`, `NONE`...); None when the input did not say (a dry
    run's `--title`, or a JSONL line without it)."""


class Evidence(NamedTuple):
    """One reason an area (or, with `area_id` None, a team) scored.

    `term` is the rule's entry as written; `text` what the issue said (at most 100 characters);
    `line` is 1-based within the title or the body; `weight` what it added to the score
    (0 for an `exclude` veto).
    """

    team_id: str
    area_id: str | None
    kind: EvidenceKind
    term: str
    text: str
    where: Where
    line: int
    weight: float


class AreaStatus(enum.Enum):
    APPLIED = "applied"
    SUGGESTED = "suggested"
    BELOW = "below"
    EXCLUDED = "excluded"


class AreaResult(NamedTuple):
    area: Area
    score: float
    status: AreaStatus
    evidence: tuple[Evidence, ...]


class TeamResult(NamedTuple):
    """`evidence` holds the team-level matches; each area's are in its `AreaResult`."""

    team: Team
    score: float
    applied: bool
    areas: tuple[AreaResult, ...]
    evidence: tuple[Evidence, ...]

    @property
    def suggested(self) -> bool:
        """A team of no areas named as possible, as an area is: not applied, not vetoed, its own
        score at its `suggest`. A team with areas is named as possible through them only."""
        if self.applied or self.team.areas or self.score < self.team.suggest:
            return False
        return all(e.kind != "exclude" for e in self.evidence)


class Classification(NamedTuple):
    issue: Issue
    teams: tuple[TeamResult, ...]
    fallback: Label | None = None

    @property
    def applied_areas(self) -> tuple[AreaResult, ...]:
        return tuple(a for t in self.teams for a in t.areas if a.status is AreaStatus.APPLIED)

    @property
    def suggested_areas(self) -> tuple[AreaResult, ...]:
        return tuple(a for t in self.teams for a in t.areas if a.status is AreaStatus.SUGGESTED)

    @property
    def suggested_teams(self) -> tuple[TeamResult, ...]:
        """The teams of no areas named as possible (`TeamResult.suggested`)."""
        return tuple(t for t in self.teams if t.suggested)

    @property
    def applied_teams(self) -> tuple[TeamResult, ...]:
        return tuple(t for t in self.teams if t.applied)

    @property
    def names_an_owner(self) -> bool:
        """Some team or area of the rules is applied: what the issue's text names, whatever
        labels it already carries."""
        return any(t.applied or any(a.status is AreaStatus.APPLIED for a in t.areas) for t in self.teams)

    def without_labels(self, removed: Iterable[str]) -> "Classification":
        """What the comment may still claim once a person took the `removed` labels off (compared
        as GitHub compares names): their areas are no longer applied (their evidence still counts
        for the team, which may be labelled on it), a team goes when its label went and none of its
        applied areas is left (while one is, the team stays as its owner, not applied: its label is
        not claimed), and so does a removed fallback."""
        gone = {name.casefold() for name in removed}
        teams: list[TeamResult] = []
        for team in self.teams:
            areas = tuple(
                a._replace(status=AreaStatus.BELOW) if a.area.label.name.casefold() in gone else a
                for a in team.areas
            )
            left = any(a.status is AreaStatus.APPLIED for a in areas)
            kept = team.team.label.name.casefold() not in gone
            if kept or left:
                teams.append(team._replace(areas=areas, applied=team.applied and kept))
        fallback = self.fallback if self.fallback and self.fallback.name.casefold() not in gone else None
        return self._replace(teams=tuple(teams), fallback=fallback)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label this classification asks for: teams, then areas, then the fallback."""
        names = [t.team.label.name for t in self.applied_teams]
        names.extend(a.area.label.name for a in self.applied_areas)
        if self.fallback is not None:
            names.append(self.fallback.name)
        return tuple(names)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        found: list[Evidence] = []
        for team in self.teams:
            found.extend(team.evidence)
            for area in team.areas:
                found.extend(area.evidence)
        return tuple(found)


# --- The issue as GitHub holds it, and what to change ------------------------------------------


class Comment(NamedTuple):
    id: int
    author: str
    body: str


class LabelEvent(NamedTuple):
    """A `labeled` or `unlabeled` entry of an issue's timeline; `created_at` as GitHub writes it
    (ISO 8601, UTC, `Z`), empty when unknown."""

    label: str
    action: Literal["labeled", "unlabeled"]
    actor: str
    created_at: str = ""


class IssueState(NamedTuple):
    """What GitHub holds for an issue, as far as the run needed to read it.

    `comments` is None when it was not read because the issue has none (an `opened` event
    says so); `label_events` is None when the timeline was not read. `labels_as_of`: when the
    issue's labels were taken (an event payload's or a batch listing's `updated_at`), empty when
    just read: a label the timeline shows added at or after it may be missing from them.
    """

    issue: Issue
    comments: tuple[Comment, ...] | None = None
    label_events: tuple[LabelEvent, ...] | None = None
    labels_as_of: str = ""


CommentActionKind = Literal["create", "update", "leave", "none"]


class CommentAction(NamedTuple):
    """`duplicates`: ids of further bot comments with our marker (a past race), reported, untouched.
    `newer_than`: for "create", the newest comment id known when the plan was made: a comment found
    again after a POST whose answer was lost is newer than that. `former_login`: for "update", the
    former bot login that wrote the comment, empty when it is the current one's: GitHub may refuse
    the token the edit of another account's comment."""

    kind: CommentActionKind
    body: str | None = None
    comment_id: int | None = None
    duplicates: tuple[int, ...] = ()
    newer_than: int = 0
    former_login: str = ""


class Plan(NamedTuple):
    """What to write for one issue; `kept_off` are labels a person removed that we do not re-add;
    `deferred_to`, the other owner's label that made us leave the issue alone; `locked`: the
    conversation is locked, so no comment is written."""

    issue_number: int
    add_labels: tuple[str, ...] = ()
    remove_labels: tuple[str, ...] = ()
    comment: CommentAction = CommentAction("none")
    kept_off: tuple[str, ...] = ()
    deferred_to: str | None = None
    locked: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.add_labels and not self.remove_labels and self.comment.kind in ("leave", "none")
