"""What the comment says, as plain values: the template only lays them out.

Every piece of issue text is made safe here (`triage.safe_text`), before any template sees it, so a
rules file's own template cannot echo issue text raw. Text from the rules file (names, notes, doc
titles) is trusted Markdown. Pure: same classification in, same view out.
"""

# No `from __future__ import annotations`: it makes NamedTuples slow to define (see triage.model).

import re
from collections.abc import Iterable
from typing import NamedTuple

from triage.comment_asks import questions
from triage.model import (
    AreaResult,
    AreaStatus,
    Classification,
    Doc,
    Evidence,
    FieldRule,
    Rules,
    TeamResult,
    current_name,
)
from triage.safe_text import clip_middle, code_span, code_span_safe_anywhere, fence, prose

CORRECTION = (
    "Wrong team or area? Reply here and a maintainer will change the labels; "
    "triage never puts back a label a person removed."
)


TITLE_SHOWN = 256
"""Characters of the issue's title a template may show: GitHub's own limit for a title. A longer one
(only a dry run's input can hold it) is cut in the middle, and escaping it for Markdown stays cheap
(a 65,536-character title of backticks took 54 ms)."""

_NOTE_CODE = r"`+[^`]*`+"
_NOTE_TARGET = r"\]\(\s*<?([^()<>\s]+)>?(?:\s+[^)]*)?\)"
MARKDOWN_LINK = r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^)]*\)"
"""A whole Markdown link, its text holding brackets one deep (`[Compose [beta]](...)`): in a note,
and in a line of a comment cut to fit (`render`)."""
_NOTE_URL = r"https?://[^\s<>()\[\]`]+"
_URL_END = ".,;:!?'\"*_~"
"""What ends a sentence or closes emphasis after a bare URL, not part of it (as GitHub's autolinks
read it)."""


def _note_links(note: str) -> set[str]:
    """The URLs a note links to, a doc of which is not listed again below it: Markdown links'
    targets, and URLs written bare (GitHub shows them as links); not a URL in a code span, nor one
    that is only a link's text. The patterns are compiled on first use, by `re`'s own cache: only
    an issue whose area has a note needs them, and compiling them is most of a millisecond."""
    text = re.sub(_NOTE_CODE, " ", note)
    linked = set(re.findall(_NOTE_TARGET, text))
    bare = {url.rstrip(_URL_END) for url in re.findall(_NOTE_URL, re.sub(MARKDOWN_LINK, " ", text))}
    return linked | bare


class AreaBlock(NamedTuple):
    name: str
    label: str
    """The label name, already a code span."""
    docs: tuple[Doc, ...]
    """Only the docs no earlier block and no note listed."""
    reasons: tuple[str, ...]


class TeamBlock(NamedTuple):
    name: str
    label: str
    """The label name as a code span; empty when a person took it off and one of the team's areas
    is still labelled (the team is named as that area's owner, its label not claimed)."""
    areas: tuple[AreaBlock, ...]
    docs: tuple[Doc, ...]
    reasons: tuple[str, ...]
    """Team-level evidence; when no area is labelled, also that of the areas that added to the
    team's score, which then alone explains the team's label."""
    areas_taken_off: tuple[str, ...] = ()
    """The labels of the team's areas that a person took off, as code spans: an area left
    unlabelled so stood out all the same, which the comment must not deny."""
    has_areas: bool = True
    """Whether the rules give the team areas: of a team of none, no area could stand out."""


class PossibleBlock(NamedTuple):
    """An area that came close, with the evidence no labelled block shows already."""

    name: str
    reasons: tuple[str, ...]


class SuggestedArea(NamedTuple):
    """An area (or a team of no areas) that came close, under the name `suggested` gives it, with the
    docs the rules list for it (a reporter told it might be this area is shown where to read about it)."""

    name: str
    docs: tuple[Doc, ...]


class CommentView(NamedTuple):
    teams: tuple[TeamBlock, ...]
    notes: tuple[str, ...]
    suggested: tuple[str, ...]
    """Names of areas that came close, shown without a label (none whose label the issue carries);
    with rules of several teams, each followed by its team's name in parentheses, unless that team
    is the only one the comment names (a reader cannot tell whose "Monitoring" it is otherwise).
    A team of no areas that came close is named here as an area would be, under its own name, in
    the rules' order."""
    fallback_label: str | None
    issue_title: str
    issue_number: int | None
    correction: str = CORRECTION
    hidden_reasons: int = 0
    possible: tuple[PossibleBlock, ...] = ()
    """Why each suggested area (or team) came close, for those whose evidence is not shown already."""
    taken_off: tuple[str, ...] = ()
    """Team and area labels the rules give the issue that a person took off, which the comment no
    longer claims and triage does not put back: when they were all its owners', the comment says so,
    rather than that no owner was found. Not the fallback label: it names no owner, and a person who
    took it off named none."""
    asks: tuple[str, ...] = ()
    """The questions of the labelled teams and areas (`asks` in the rules) that the issue does not
    answer yet, each once, in the rules' order: Markdown from the rules, one line each."""
    suggested_areas: tuple[SuggestedArea, ...] = ()
    """The areas (and teams of no areas) of `suggested`, in its order, each with its docs."""

    @property
    def matched(self) -> bool:
        return bool(self.teams)

    @property
    def reason_count(self) -> int:
        shown = sum(len(t.reasons) + sum(len(a.reasons) for a in t.areas) for t in self.teams)
        return shown + sum(len(p.reasons) for p in self.possible)


CARRIED_REASON = "the issue carries its label"
"""Why an area the evidence did not give is named: a person or an issue form labelled it."""


def build_view(
    rules: Rules,
    classification: Classification,
    taken_off: tuple[str, ...] = (),
    carried: tuple[str, ...] = (),
) -> CommentView:
    """`taken_off`: the labels the rules give that a person took off. `carried`: the labels the issue
    carries once triage's writes are made; an area of a named team among them that the evidence did
    not give (an issue form's, a person's) is named too, with its docs and note, not denied, and
    none of them is suggested (a person's label the timeline shows since the issue was read is not
    among the issue's own)."""
    shown = _shown(classification)
    has = {current_name(rules.former_names, name) for name in carried}
    named = {t.team.id: _named(t, has) for t in shown}
    notes = tuple(dict.fromkeys(a.area.note for t in shown for a in named[t.team.id] if a.area.note))
    seen_urls = {url for note in notes for url in _note_links(note)}
    gone = {name.casefold() for name in taken_off}
    hosts = rules.github_hosts
    anywhere = rules.comment.template is not None  # a template of the rules' own may put reasons anywhere
    teams = tuple(
        _team_block(team, named[team.team.id], seen_urls, gone, hosts, anywhere=anywhere) for team in shown
    )
    fallback = classification.fallback.name if classification.fallback is not None else None
    issue = classification.issue
    suggested = _not_labelled(rules, _suggestions(classification), (*issue.labels, *carried))
    names = _suggested_names(rules, classification, {t.team.id for t in shown})
    return CommentView(
        teams=teams,
        notes=notes,
        suggested=tuple(names[s.id] for s in suggested),
        fallback_label=fence(fallback) if fallback else None,
        issue_title=prose(clip_middle(issue.title, TITLE_SHOWN)),
        issue_number=issue.number,
        possible=_possible(
            suggested,
            dict(zip((t.team.id for t in shown), teams, strict=True)),
            names,
            hosts,
            anywhere=anywhere,
        ),
        taken_off=tuple(fence(name) for name in taken_off if name.casefold() in rules.owner_names),
        asks=questions(classification),
        suggested_areas=tuple(SuggestedArea(names[s.id], s.docs) for s in suggested),
    )


class _Suggestion(NamedTuple):
    """A suggested area, or a suggested team of no areas, as the comment names it."""

    id: str
    team_id: str
    label: str
    docs: tuple[Doc, ...]
    evidence: tuple[Evidence, ...]
    fields: tuple[FieldRule, ...]


def _suggestions(classification: Classification) -> tuple[_Suggestion, ...]:
    """The suggested areas and teams of no areas, in the rules' order."""
    found: list[_Suggestion] = []
    for team in classification.teams:
        rule = team.team
        if team.suggested:
            found.append(
                _Suggestion(rule.id, rule.id, rule.label.name, rule.docs, team.evidence, rule.matchers.fields)
            )
        found.extend(
            _Suggestion(
                a.area.id, rule.id, a.area.label.name, a.area.docs, a.evidence, a.area.matchers.fields
            )
            for a in team.areas
            if a.status is AreaStatus.SUGGESTED
        )
    return tuple(found)


def _not_labelled(
    rules: Rules, suggested: tuple[_Suggestion, ...], labels: tuple[str, ...]
) -> tuple[_Suggestion, ...]:
    """The suggestions whose label (or a former name of it) the issue does not carry: one a person
    or an issue form gave is not "not labelled", and needs no "possibly"."""
    former = rules.former_names
    carried = {current_name(former, name) for name in labels}
    return tuple(s for s in suggested if s.label.casefold() not in carried)


def _suggested_names(rules: Rules, classification: Classification, named: set[str]) -> dict[str, str]:
    """By id, the name a suggestion is shown under: a team's own; an area's with its team's, when
    the rules have several teams and the comment does not name that team alone."""
    names = {team.team.id: team.team.name for team in classification.teams if team.suggested}
    names.update(
        (
            area.area.id,
            area.area.name
            if len(rules.teams) < 2 or named == {team.team.id}
            else f"{area.area.name} ({team.team.name})",
        )
        for team in classification.teams
        for area in team.areas
        if area.status is AreaStatus.SUGGESTED
    )
    return names


def _possible(
    suggested: tuple[_Suggestion, ...],
    teams: dict[str, TeamBlock],
    names: dict[str, str],
    hosts: tuple[str, ...],
    *,
    anywhere: bool,
) -> tuple[PossibleBlock, ...]:
    """Each suggestion's reasons, less those the block of its own team lists (a team labelled on its
    areas' thin evidence lists theirs as its own); one left with none is left out. Another team's
    block listing the same words says why that team, not why this area."""
    blocks = []
    for suggestion in suggested:
        block = teams.get(suggestion.team_id)
        shown = {*block.reasons, *(r for a in block.areas for r in a.reasons)} if block else set()
        found = _reasons(suggestion.evidence, suggestion.fields, hosts, anywhere=anywhere)
        reasons = tuple(r for r in found if r not in shown)
        if reasons:
            blocks.append(PossibleBlock(names[suggestion.id], reasons))
    return tuple(blocks)


def keep_reasons(view: CommentView, keep: int) -> CommentView:
    """The view with only its first `keep` reasons (in reading order), counting the rest. With
    several teams a team's block leads its areas' (`teams_lead`), and its reasons come first."""
    budget = keep

    def kept(reasons: tuple[str, ...]) -> tuple[str, ...]:
        nonlocal budget
        shown = reasons[: max(budget, 0)]
        budget -= len(reasons)
        return shown

    lead = teams_lead(view)
    teams = []
    for team in view.teams:
        team_reasons = kept(team.reasons) if lead else ()
        areas = tuple(area._replace(reasons=kept(area.reasons)) for area in team.areas)
        if not lead:
            team_reasons = kept(team.reasons)
        teams.append(team._replace(areas=areas, reasons=team_reasons))
    possible = []
    for block in view.possible:
        shown = kept(block.reasons)
        if shown:
            possible.append(block._replace(reasons=shown))
    hidden = view.reason_count - min(keep, view.reason_count)
    return view._replace(
        teams=tuple(teams), possible=tuple(possible), hidden_reasons=view.hidden_reasons + hidden
    )


def teams_lead(view: CommentView) -> bool:
    """Whether each team's block (its name, docs and reasons) comes before its areas', as the
    bundled template lays them out: with several teams, so that a reader can tell whose each area
    is. One team is named by the opening sentence already, so its areas' docs, what a reporter came
    for, come first and its own after them."""
    return len(view.teams) > 1


def _shown(classification: Classification) -> list[TeamResult]:
    """The teams the comment names: those applied, and those with an area applied."""
    return [t for t in classification.teams if t.applied or _applied(t)]


def _applied(team: TeamResult) -> tuple[AreaResult, ...]:
    return tuple(a for a in team.areas if a.status is AreaStatus.APPLIED)


def _named(team: TeamResult, carried: set[str]) -> tuple[AreaResult, ...]:
    """The team's areas the comment names: those applied, and those whose label the issue carries
    (`carried`, case-folded current names), an area with no evidence at all among them; applied
    first, as the classification lists them, then the others in the rules' order."""
    applied = _applied(team)
    applied_ids = {a.area.id for a in applied}
    found = {a.area.id: a for a in team.areas}
    others = tuple(
        found.get(area.id) or AreaResult(area, 0.0, AreaStatus.BELOW, ())
        for area in team.team.areas
        if area.label.name.casefold() in carried and area.id not in applied_ids
    )
    return applied + others


def carries_an_area_not_found(rules: Rules, classification: Classification, carried: Iterable[str]) -> bool:
    """Whether a team the comment names has an area whose label is among `carried` that the evidence
    did not give: the comment then names it (`build_view`)."""
    has = {current_name(rules.former_names, name) for name in carried}
    return any(len(_named(t, has)) > len(_applied(t)) for t in _shown(classification))


def _team_block(
    team: TeamResult,
    named: tuple[AreaResult, ...],
    seen_urls: set[str],
    taken_off: set[str],
    hosts: tuple[str, ...],
    *,
    anywhere: bool,
) -> TeamBlock:
    """`named`: the team's areas the comment names; `taken_off`: the labels a person took off,
    case-folded; `hosts`: the rules' `github_hosts`; `anywhere`, as `reason` takes it."""
    areas = tuple(
        AreaBlock(
            name=result.area.name,
            label=fence(result.area.label.name),
            docs=_unseen(result.area.docs, seen_urls),
            reasons=_reasons(result.evidence, result.area.matchers.fields, hosts, anywhere=anywhere)
            if result.status is AreaStatus.APPLIED
            else (CARRIED_REASON,),
        )
        for result in named
    )
    evidence, fields = team.evidence, team.team.matchers.fields
    if not _applied(team):
        counted = [a for a in team.areas if a.status is not AreaStatus.EXCLUDED]
        evidence = evidence + tuple(e for a in counted for e in a.evidence)
        fields = fields + tuple(f for a in counted for f in a.area.matchers.fields)
    return TeamBlock(
        name=team.team.name,
        label=fence(team.team.label.name) if team.applied else "",
        areas=areas,
        docs=_unseen(team.team.docs, seen_urls),
        reasons=_reasons(evidence, fields, hosts, anywhere=anywhere),
        areas_taken_off=tuple(
            fence(a.area.label.name) for a in team.areas if a.area.label.name.casefold() in taken_off
        ),
        has_areas=bool(team.team.areas),
    )


def _unseen(docs: tuple[Doc, ...], seen_urls: set[str]) -> tuple[Doc, ...]:
    fresh = []
    for doc in docs:
        if doc.url not in seen_urls:
            seen_urls.add(doc.url)
            fresh.append(doc)
    return tuple(fresh)


def _reasons(
    evidence: tuple[Evidence, ...], fields: tuple[FieldRule, ...], hosts: tuple[str, ...], *, anywhere: bool
) -> tuple[str, ...]:
    ordered = sorted(evidence, key=lambda e: (e.where != "title", e.line, e.kind, e.term, e.text))
    lines = (reason(e, fields, hosts, anywhere=anywhere) for e in ordered if e.kind != "exclude")
    return tuple(dict.fromkeys(lines))


def reason(
    evidence: Evidence,
    fields: tuple[FieldRule, ...] = (),
    hosts: tuple[str, ...] = (),
    *,
    anywhere: bool = False,
) -> str:
    """One line saying why, e.g. "`kustomize` in the title", "path `a/b.go` in the body, line 12",
    "field *Deployment type*: `Helm` in the body, line 4". A repository is "linked" when the issue
    named it through github.com or one of `hosts` (the rules' `github_hosts`), else "mentioned".
    `anywhere`: for a template of the rules' own, which may put the line where the code span is none,
    in HTML or cut by `truncate` (`code_span_safe_anywhere`); the bundled one puts it in Markdown
    whole, and quotes what was typed."""
    place = _place(evidence)
    shown = (code_span_safe_anywhere if anywhere else code_span)(evidence.text or evidence.term)
    if evidence.kind == "path":
        return f"path {shown} {place}"
    if evidence.kind == "repo":
        said = evidence.text.lower()
        verb = "linked" if "github.com" in said or any(host in said for host in hosts) else "mentioned"
        return f"repository {fence(evidence.term)} {verb} {place}"
    if evidence.kind == "field":
        return f"field *{_field_name(evidence, fields)}*: {shown} {place}"
    return f"{shown} {place}"  # a keyword or a pattern: the reporter needs what was said, not the regex


def _place(evidence: Evidence) -> str:
    return "in the title" if evidence.where == "title" else f"in the body, line {evidence.line}"


def _field_name(evidence: Evidence, fields: tuple[FieldRule, ...]) -> str:
    """The form field's name as the rules spell it, whether `term` is `name: value`, the name or the value."""
    for rule in fields:
        values = (value.text for value in rule.values)
        if evidence.term.startswith(rule.name + ":") or evidence.term in (rule.name, *values):
            return rule.name
    return prose(evidence.term)
