"""What the bundled rules promise, beyond loading: the areas of the seed page, their labels and docs.

How well they classify is pinned by `rules/ownership.cases.yaml` (run by `triage check`) and measured
by `bench/quality.py`; these tests pin the shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.classify import classify
from triage.comment_asks import questions
from triage.model import Issue, Rules
from triage.ruleset import load_rules

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "ownership.yaml"
AREA_IDS = [
    "infrastructure",
    "release-pipeline",
    "kubernetes",
    "docker-compose",
    "single-container",
    "scalability",
    "monitoring",
    "debugging",
]
COMPOSE_INSTALL = (
    "https://sourcegraph.com/github.com/sourcegraph/sourcegraph/-/tree/doc/admin/install/docker-compose"
)
COMPOSE_UPGRADE = (
    "https://sourcegraph.com/github.com/sourcegraph/sourcegraph/-/blob/doc/admin/updates/docker_compose.md"
)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES_FILE)


def test_the_first_line_points_editors_at_the_schema() -> None:
    first = RULES_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../triage/schema/ownership.schema.json"


def test_one_distribution_team_with_the_eight_areas_of_the_page(rules: Rules) -> None:
    (team,) = rules.teams
    assert (team.id, team.label.name) == ("distribution", "team/distribution")
    assert [area.id for area in team.areas] == AREA_IDS


def test_every_area_label_is_namespaced_by_the_team(rules: Rules) -> None:
    assert [area.label.name for area in rules.areas] == [f"distribution/{area_id}" for area_id in AREA_IDS]


def test_every_label_has_a_colour_and_a_description(rules: Rules) -> None:
    assert all(label.color and label.description for label in rules.managed_labels)


def test_relative_handbook_links_resolve_to_the_published_pages(rules: Rules) -> None:
    assert [doc.url for doc in rules.teams[0].docs] == [
        "https://handbook.sourcegraph.com/engineering/distribution",
        "https://handbook.sourcegraph.com/direction/enablement/distribution",
    ]


def test_every_area_lists_docs_and_every_link_is_absolute(rules: Rules) -> None:
    for area in rules.areas:
        assert area.docs, area.id
        assert all(doc.url.startswith("https://") for doc in area.docs), area.id


@pytest.mark.parametrize("area_id", ["monitoring", "debugging"])
def test_observability_areas_carry_the_observability_guides(rules: Rules, area_id: str) -> None:
    (area,) = (a for a in rules.areas if a.id == area_id)
    assert {doc.url for doc in area.docs} >= {
        "https://docs.sourcegraph.com/dev/background-information/observability",
        "https://docs.sourcegraph.com/admin/observability",
    }


def test_single_container_tells_admins_to_move_to_docker_compose(rules: Rules) -> None:
    (area,) = (a for a in rules.areas if a.id == "single-container")
    assert area.note is not None
    assert "demos only" in area.note
    assert "maintenance mode" in area.note
    assert COMPOSE_INSTALL in area.note
    assert COMPOSE_UPGRADE in area.note


def test_only_single_container_carries_a_note(rules: Rules) -> None:
    assert [area.id for area in rules.areas if area.note] == ["single-container"]


DEPLOYMENT_AREAS = ["kubernetes", "docker-compose", "single-container", "scalability"]


def test_only_the_deployment_areas_ask_for_the_version_and_all_ask_it_alike(rules: Rules) -> None:
    asking = {area.id: area.asks for area in rules.areas if area.asks}
    assert sorted(asking) == sorted(DEPLOYMENT_AREAS)
    assert len(set(asking.values())) == 1
    assert rules.teams[0].asks == ()


def test_the_version_is_asked_only_of_reporters_outside_sourcegraph(rules: Rules) -> None:
    """Its engineers' deployment issues are mostly work items, with no instance to name a version of."""
    assert {ask.reporters for area in rules.areas for ask in area.asks} == {"outside"}


def version_asked(rules: Rules, body: str) -> bool:
    """Whether the comment on a Kubernetes issue with this body asks for the Sourcegraph version."""
    classification = classify(rules, Issue("kubectl apply fails on our Kubernetes cluster", body))
    assert "kubernetes" in {area.area.id for area in classification.applied_areas}
    return any("Sourcegraph version" in question for question in questions(classification))


@pytest.mark.parametrize(
    "body",
    [
        "We upgraded to 3.15 last week.",
        "Running v3.41.0.",
        "Since 4.1.2 the frontend restarts.",
        "We are on version 3.x.",
        "We run insiders.",
        "```\ndocker run sourcegraph/server:3.41.0\n```",
        "**Sourcegraph version:** 3.18",
        "> the customer says: Sourcegraph 3.38 on EKS",
    ],
)
def test_a_kubernetes_issue_that_names_the_sourcegraph_version_is_not_asked_for_it(
    rules: Rules, body: str
) -> None:
    assert not version_asked(rules, body)


@pytest.mark.parametrize(
    "body",
    [
        "It fails since Monday.",
        "Kubernetes 1.21 on GKE.",
        "Kubernetes version v1.21.3",
        "Built with go1.16, Go 1.16.3.",
        "Docker 20.10.7, docker-compose version 1.29.2.",
        "<!-- Sourcegraph version, e.g. 3.41.0 -->\nIt fails.",
    ],
)
def test_a_kubernetes_issue_naming_only_other_versions_is_asked_for_the_sourcegraph_version(
    rules: Rules, body: str
) -> None:
    assert version_asked(rules, body)
