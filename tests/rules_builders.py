"""Builders of `Rules`, `Team`, `Area` and `Term` for tests that run the classifier.

    rules(team("ops", area("k8s", keywords=["kubectl", term("GKE", case_sensitive=True)])))

Terms are given as plain strings or as `term(...)`; every label is `team/<id>` or `<team>/<area>`.
Thresholds default to the README's defaults (apply 3, suggest 2, team 3) and weights to
`Weights()` (title 2, body 1; keyword 1, pattern 1, path 2, repo 2, field 3).
"""

from __future__ import annotations

from collections.abc import Iterable

from triage.model import Area, FieldRule, Label, Matchers, Rules, Team, Term, Weights

TermLike = str | Term


def term(text: str, *, case_sensitive: bool = False, weight: float = 1.0) -> Term:
    return Term(text=text, case_sensitive=case_sensitive, weight=weight)


def terms(items: Iterable[TermLike]) -> tuple[Term, ...]:
    return tuple(item if isinstance(item, Term) else term(item) for item in items)


def field(name: str, *values: TermLike) -> FieldRule:
    return FieldRule(name=name, values=terms(values))


def label(name: str) -> Label:
    return Label(name=name, color="ededed", description=f"{name} issues")


def matchers(
    *,
    keywords: Iterable[TermLike] = (),
    patterns: Iterable[TermLike] = (),
    paths: Iterable[TermLike] = (),
    repos: Iterable[TermLike] = (),
    fields: Iterable[FieldRule] = (),
    exclude: Iterable[TermLike] = (),
) -> Matchers:
    return Matchers(
        keywords=terms(keywords),
        patterns=terms(patterns),
        paths=terms(paths),
        repos=terms(repos),
        fields=tuple(fields),
        exclude=terms(exclude),
    )


def area(
    area_id: str,
    *,
    team_id: str = "ops",
    threshold: float = 3.0,
    suggest: float = 2.0,
    keywords: Iterable[TermLike] = (),
    patterns: Iterable[TermLike] = (),
    paths: Iterable[TermLike] = (),
    repos: Iterable[TermLike] = (),
    fields: Iterable[FieldRule] = (),
    exclude: Iterable[TermLike] = (),
) -> Area:
    """An area of team `team_id` (pass the same id to `team`)."""
    return Area(
        id=area_id,
        team_id=team_id,
        name=area_id.replace("-", " ").title(),
        label=label(f"{team_id}/{area_id}"),
        matchers=matchers(
            keywords=keywords, patterns=patterns, paths=paths, repos=repos, fields=fields, exclude=exclude
        ),
        docs=(),
        note=None,
        threshold=threshold,
        suggest=suggest,
    )


def team(
    team_id: str,
    *areas: Area,
    threshold: float = 3.0,
    suggest: float = 2.0,
    keywords: Iterable[TermLike] = (),
    patterns: Iterable[TermLike] = (),
    paths: Iterable[TermLike] = (),
    repos: Iterable[TermLike] = (),
    fields: Iterable[FieldRule] = (),
    exclude: Iterable[TermLike] = (),
) -> Team:
    """A team with team-level terms (they count towards the team, not an area) and its areas."""
    return Team(
        id=team_id,
        name=team_id.title(),
        label=label(f"team/{team_id}"),
        docs=(),
        matchers=matchers(
            keywords=keywords, patterns=patterns, paths=paths, repos=repos, fields=fields, exclude=exclude
        ),
        threshold=threshold,
        areas=areas,
        suggest=suggest,
    )


def rules(*teams: Team, weights: Weights | None = None, fallback: str | None = None) -> Rules:
    return Rules(
        source="test.yaml",
        version=1,
        teams=teams,
        weights=weights or Weights(),
        fallback_label=label(fallback) if fallback else None,
    )
