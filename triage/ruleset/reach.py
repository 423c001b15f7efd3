"""The most an area (or a team none of whose areas can be labelled) can score, against its thresholds.

Scoring (`triage.classify.scoring`) counts each (kind, term, title or body) once, at
`kind weight x place weight x term weight`: a keyword, pattern, glob or repository can count once
in the title and once in the body, a field value (only the body has fields) once, an `exclude`
term never. The sum over an owner's terms is so the most it can score: no issue gets more, though
none may get as much (two globs that no one path matches both). Below its apply threshold, the
owner can never be labelled; a refusal needs no more than that bound.
"""

from __future__ import annotations

import math

from triage.model import Matchers, Weights


def max_score(matchers: Matchers, weights: Weights) -> float:
    """Each piece weighed as scoring weighs it (kind x place, then x term); the sum's order may
    still differ from an issue's, which `out_of_reach` allows for."""
    score = 0.0
    for kind_weight, terms in (
        (weights.keyword, matchers.keywords),
        (weights.pattern, matchers.patterns),
        (weights.path, matchers.paths),
        (weights.repo, matchers.repos),
    ):
        for term in terms:
            score += kind_weight * weights.title * term.weight
            score += kind_weight * weights.body * term.weight
    for rule in matchers.fields:
        for value in rule.values:
            score += weights.field * weights.body * value.weight
    return score


def out_of_reach(score: float, threshold: float) -> bool:
    """A score of 0 is an owner with no terms yet (`import-handbook` drafts `keywords: []`): not a
    mistake but work to do, which the rules may be checked before."""
    return 0 < score < threshold and not math.isclose(score, threshold)


def _places(has_fields: bool) -> str:
    fields = ", its field values in the body" if has_fields else ""
    return f"its terms found in both title and body{fields}"


def area_message(area_id: str, score: float, apply: float, suggest: float, has_fields: bool) -> str:
    start = f'area "{area_id}" can score at most {score:g} ({_places(has_fields)}), below its'
    if out_of_reach(score, suggest):
        return (
            f"{start} suggest threshold {suggest:g} (apply {apply:g}): it can never be labelled, "
            "nor even suggested; lower the thresholds or add terms"
        )
    return (
        f"{start} apply threshold {apply:g}: it can never be labelled; lower the threshold or add terms "
        "(an area meant only ever to be suggested takes a suggest of its own that it can reach)"
    )


def team_message(team_id: str, score: float, threshold: float, has_fields: bool, has_areas: bool) -> str:
    """`has_areas`: each of them only ever suggested, so the team's score, with theirs, is all that
    can label it."""
    if has_areas:
        start = (
            f'team "{team_id}" has no area that can be labelled (each is only ever suggested) and can '
            f"score at most {score:g} (its terms and its areas', found in both title and body"
            f"{', field values in the body' if has_fields else ''})"
        )
    else:
        start = f'team "{team_id}" has no areas and can score at most {score:g} ({_places(has_fields)})'
    meant = (
        ""
        if has_areas
        else " (a team meant only ever to be suggested takes a suggest of its own that it can reach)"
    )
    return (
        f"{start}, below its threshold {threshold:g}: "
        f"it can never be labelled; lower the threshold or add terms{meant}"
    )
