"""A keyword inside the word that names a path a glob claims counts only for the glob's owner: its
area with its team's own terms, or, for a team-level glob, the team with its areas. Elsewhere, and in
a path no glob claims, a keyword counts as it always did."""

from __future__ import annotations

import pytest

from tests.rules_builders import area, rules, team
from triage.classify import classify
from triage.model import AreaStatus, Issue, Rules

CI_AND_DOCKER = rules(
    team("devinfra", area("ci", team_id="devinfra", paths=["enterprise/dev/ci/**"])),
    team("distribution", area("docker", team_id="distribution", keywords=["docker", "ci"])),
)


def keywords_found(the_rules: Rules, body: str, title: str = "") -> list[tuple[str | None, str, str, int]]:
    found = classify(the_rules, Issue(title=title, body=body))
    return [(e.area_id, e.term, e.where, e.line) for e in found.evidence if e.kind == "keyword"]


def test_a_keyword_inside_a_path_another_teams_glob_claims_is_not_evidence() -> None:
    assert keywords_found(CI_AND_DOCKER, "`enterprise/dev/ci/docker/build.sh` fails on main") == []


def test_a_keyword_inside_a_claimed_path_counts_where_it_next_stands_outside_it() -> None:
    body = "`enterprise/dev/ci/docker/build.sh` fails\n(enterprise/dev/ci/docker/build.sh)\nthe docker image"
    assert keywords_found(CI_AND_DOCKER, body) == [("docker", "docker", "body", 3)]


def test_a_keyword_inside_a_path_in_the_title_another_teams_glob_claims_is_not_evidence() -> None:
    assert keywords_found(CI_AND_DOCKER, "", title="enterprise/dev/ci/docker/build.sh fails") == []


def test_a_keyword_inside_a_path_a_sibling_areas_glob_claims_is_not_evidence() -> None:
    siblings = rules(
        team("ops", area("ci", paths=["enterprise/dev/ci/**"]), area("images", keywords=["docker"])),
    )
    assert keywords_found(siblings, "see `enterprise/dev/ci/docker/build.sh`") == []


def test_a_keyword_of_an_area_whose_glob_lost_to_a_more_specific_one_is_not_evidence_in_that_path() -> None:
    nested = rules(
        team(
            "ops",
            area("images", paths=["docker-images/**"], keywords=["prometheus"]),
            area("monitoring", paths=["docker-images/prometheus/**"]),
        )
    )
    assert keywords_found(nested, "see `docker-images/prometheus/config.yml`") == []


def test_the_claiming_areas_own_keywords_and_its_teams_own_still_count_inside_its_path() -> None:
    own = rules(team("ops", area("ci", paths=["enterprise/dev/ci/**"], keywords=["ci"]), keywords=["docker"]))
    assert keywords_found(own, "see `enterprise/dev/ci/docker/build.sh`") == [
        (None, "docker", "body", 1),
        ("ci", "ci", "body", 1),
    ]


def test_a_path_a_team_level_glob_claims_is_given_to_the_team_and_its_areas_only() -> None:
    team_glob = rules(
        team("devinfra", area("img", team_id="devinfra", keywords=["docker"]), paths=["enterprise/dev/**"]),
        team("distribution", area("docker", team_id="distribution", keywords=["docker"])),
    )
    found = keywords_found(team_glob, "see `enterprise/dev/ci/docker/build.sh`")
    assert found == [("img", "docker", "body", 1)]


def test_a_keyword_inside_a_path_no_glob_claims_still_counts() -> None:
    body = "`enterprise/dev/ci/build.sh` runs\n`deploy-sourcegraph-docker/docker/compose.yaml`"
    assert keywords_found(CI_AND_DOCKER, body) == [("docker", "docker", "body", 2)]


def test_an_exclude_term_inside_a_path_another_teams_glob_claims_still_vetoes() -> None:
    vetoing = rules(
        team("devinfra", area("ci", team_id="devinfra", paths=["enterprise/dev/ci/**"])),
        team("batches", area("executors", team_id="batches", keywords=["runner"], exclude=["executor"])),
    )
    found = classify(vetoing, Issue(title="", body="the runner fails in `enterprise/dev/ci/executor/run.sh`"))
    statuses = [a.status for t in found.teams for a in t.areas if a.area.id == "executors"]
    assert statuses == [AreaStatus.EXCLUDED]


@pytest.mark.parametrize(("claimed", "said"), [(64, "Docker"), (65, "docker")])
def test_a_texts_keywords_look_past_at_most_64_claimed_words_then_count_where_they_stand(
    claimed: int, said: str
) -> None:
    """A hostile body can repeat a claimed path thousands of times, each a turn of a loop."""
    the_rules = rules(
        team("devinfra", area("ci", team_id="devinfra", paths=["enterprise/dev/ci/**"])),
        team("distribution", area("docker", team_id="distribution", keywords=["docker"])),
    )
    body = "".join(f"enterprise/dev/ci/docker/x{n}.sh\n" for n in range(claimed)) + "Docker"
    found = classify(the_rules, Issue(title="", body=body))
    assert [e.text for e in found.evidence if e.kind == "keyword"] == [said]
