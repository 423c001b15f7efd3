"""Classifications made up from the rules alone, for rendering a template before any issue does.

Each takes a branch a comment template has: every team and area applied (with a note, docs,
questions and a reason wherever the rules give them: the sample issue's empty body answers no
question), every area (and team of no areas) only suggested, nothing matched at all, and
every team and area label taken off by a person (`taken_off`): with the fallback label, which a
run then gives the issue when the rules have one, and without it, as a person may take that off too.
Pure.
"""

from __future__ import annotations

from typing import NamedTuple

from triage.model import Area, AreaResult, AreaStatus, Classification, Evidence, Issue, Rules, TeamResult

SAMPLE_ISSUE = Issue(title="A sample issue", body="", number=1, url="https://github.com/owner/repo/issues/1")


class Sample(NamedTuple):
    what: str
    """What it shows."""
    classification: Classification
    taken_off: tuple[str, ...] = ()
    """The labels a person took off, as `render_comment` gets them."""


def samples(rules: Rules) -> tuple[Sample, ...]:
    """In the order a reader of the template thinks of them."""
    applied = everything_applied(rules)
    owners = owner_labels(rules)
    taken_off = applied.without_labels(owners)
    given_the_fallback = (
        ()
        if rules.fallback_label is None
        else (
            Sample(
                "every team and area label taken off by a person, and the fallback label given",
                taken_off._replace(fallback=rules.fallback_label),
                owners,
            ),
        )
    )
    return (
        Sample("every team and area applied", applied),
        Sample("every area suggested, none applied", everything_suggested(rules)),
        Sample("nothing matched", Classification(SAMPLE_ISSUE, (), rules.fallback_label)),
        Sample("every team and area label taken off by a person", taken_off, owners),
        *given_the_fallback,
    )


def owner_labels(rules: Rules) -> tuple[str, ...]:
    return tuple(label.name for team in rules.teams for label in (team.label, *(a.label for a in team.areas)))


def everything_applied(rules: Rules) -> Classification:
    teams = tuple(
        TeamResult(
            team,
            team.threshold,
            applied=True,
            areas=tuple(_area(area, AreaStatus.APPLIED, area.threshold) for area in team.areas),
            evidence=(_evidence(team.id, None, team.name),),
        )
        for team in rules.teams
    )
    return Classification(SAMPLE_ISSUE, teams)


def everything_suggested(rules: Rules) -> Classification:
    """Every area suggested, and every team of no areas (one with areas is named through them)."""
    teams = tuple(
        TeamResult(
            team,
            0.0 if team.areas else team.suggest,
            applied=False,
            areas=tuple(_area(area, AreaStatus.SUGGESTED, area.suggest) for area in team.areas),
            evidence=() if team.areas else (_evidence(team.id, None, team.name),),
        )
        for team in rules.teams
    )
    return Classification(SAMPLE_ISSUE, teams, rules.fallback_label)


def _area(area: Area, status: AreaStatus, score: float) -> AreaResult:
    return AreaResult(area, score, status, (_evidence(area.team_id, area.id, area.name),))


def _evidence(team_id: str, area_id: str | None, name: str) -> Evidence:
    """A keyword in the title: the owner's id stands for the term, its name for the issue's words."""
    return Evidence(team_id, area_id, "keyword", area_id or team_id, name, "title", 1, 1.0)
