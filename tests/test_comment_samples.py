"""The made-up outcomes `triage check` renders a rules template with: each takes one branch."""

from __future__ import annotations

from tests.render_builders import area, rules, team
from triage.comment_samples import everything_applied, everything_suggested, samples
from triage.model import Rules

NOTE = "Demos only."


def two_teams() -> Rules:
    return rules(
        team("distribution", area("kubernetes"), area("single-container", note=NOTE)),
        team("search"),
        fallback="needs-triage",
    )


def test_everything_applied_labels_every_team_and_area() -> None:
    assert everything_applied(two_teams()).labels == (
        "team/distribution",
        "team/search",
        "distribution/kubernetes",
        "distribution/single-container",
    )


def test_everything_applied_has_a_reason_for_every_team_and_area() -> None:
    found = {(e.team_id, e.area_id) for e in everything_applied(two_teams()).evidence}
    expected = {("distribution", None), ("distribution", "kubernetes"), ("distribution", "single-container")}
    assert found == expected | {("search", None)}


def test_everything_suggested_labels_nothing_but_the_fallback_and_names_every_area() -> None:
    classification = everything_suggested(two_teams())
    assert classification.labels == ("needs-triage",)
    assert [a.area.id for a in classification.suggested_areas] == ["kubernetes", "single-container"]


def test_everything_suggested_names_every_team_of_no_areas_too() -> None:
    assert [t.team.id for t in everything_suggested(two_teams()).suggested_teams] == ["search"]


def test_nothing_matched_has_no_team_and_the_fallback() -> None:
    nothing = {sample.what: sample.classification for sample in samples(two_teams())}["nothing matched"]
    assert (nothing.teams, nothing.labels) == ((), ("needs-triage",))
