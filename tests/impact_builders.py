"""Classifications built by hand for impact tests: one team, two areas, a few pieces of evidence."""

from __future__ import annotations

from triage.model import AreaResult, AreaStatus, Classification, Evidence, Issue, Label, Team, TeamResult

from .render_builders import area, evidence, team

ISSUE = Issue(title="kubectl apply fails", body="", number=7)
KUBERNETES = area("kubernetes")
COMPOSE = area("docker-compose")
DISTRIBUTION = team("distribution", KUBERNETES, COMPOSE)
K8S = KUBERNETES._replace(
    label=KUBERNETES.label._replace(name="distribution/k8s", previous_names=("distribution/kubernetes",))
)
RENAMED = team("distribution", K8S, COMPOSE)
"""DISTRIBUTION with its kubernetes area's label renamed in place, to distribution/k8s."""
KUBECTL = evidence(text="kubectl", area_id="kubernetes")
HELM = evidence(text="helm", where="body", line=3, area_id="kubernetes")
DOCKER = evidence(text="docker", area_id="docker-compose")


def outcome(
    *areas: tuple[str, AreaStatus, float, tuple[Evidence, ...]],
    team_applied: bool | None = None,
    fallback: Label | None = None,
    issue: Issue = ISSUE,
    owner: Team = DISTRIBUTION,
) -> Classification:
    """A classification of `issue` in which each (area id, status, score, evidence) of `owner` was found."""
    by_id = {a.id: a for a in owner.areas}
    results = tuple(AreaResult(by_id[a], score, status, found) for a, status, score, found in areas)
    if not results:
        return Classification(issue=issue, teams=(), fallback=fallback)
    applied = any(r.status is AreaStatus.APPLIED for r in results) if team_applied is None else team_applied
    score = sum(r.score for r in results)
    return Classification(issue=issue, teams=(TeamResult(owner, score, applied, results, ()),))


def with_thresholds(
    classification: Classification, *, apply: float = 3.0, suggest: float = 2.0, team: float = 3.0
) -> Classification:
    """`classification` as found by rules with these thresholds (the statuses stay as given)."""
    teams = tuple(
        result._replace(
            team=result.team._replace(threshold=team),
            areas=tuple(
                a._replace(area=a.area._replace(threshold=apply, suggest=suggest)) for a in result.areas
            ),
        )
        for result in classification.teams
    )
    return classification._replace(teams=teams)


APPLIED = AreaStatus.APPLIED
SUGGESTED = AreaStatus.SUGGESTED
BELOW = AreaStatus.BELOW
EXCLUDED = AreaStatus.EXCLUDED
