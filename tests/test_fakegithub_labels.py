"""The fake GitHub's labels (repository and issue), label events and timeline, in plain HTTP."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.fakegithub import BOT, REPO, FakeGitHub
from tests.fakegithub.client import call
from tests.fakegithub.clock import START

ISSUES = f"/repos/{REPO}/issues"
LABELS = f"/repos/{REPO}/labels"
ODD_NAMES = ["area/k8s", "good first issue", "team:distribution", "🚀 launch", "deploy/docker compose: v2 🐳"]


def label_names(github: FakeGitHub, number: int) -> list[str]:
    return github.state.issue(REPO, number).labels


def event_summary(github: FakeGitHub, number: int) -> list[tuple[str, str, str]]:
    return [(event.action, event.label, event.actor) for event in github.state.issue(REPO, number).events]


def test_adding_an_unknown_label_creates_it_grey_without_description(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    response = call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["area/k8s"]})
    assert response.status_code == 200
    assert [(item["name"], item["color"], item["description"]) for item in response.json()] == [
        ("area/k8s", "ededed", None)
    ]
    created = github.state.labels(REPO)
    assert [(label.name, label.color, label.description) for label in created] == [("area/k8s", "ededed", "")]


def test_adding_labels_accepts_a_bare_list_and_keeps_existing_ones(github: FakeGitHub) -> None:
    github.state.add_label(REPO, "bug", "d73a4a", "Something is broken")
    number = github.state.add_issue(REPO, "Crash", labels=["bug"])
    response = call(github, "POST", f"{ISSUES}/{number}/labels", json=["area/ui"])
    assert [item["name"] for item in response.json()] == ["bug", "area/ui"]
    assert response.json()[0]["color"] == "d73a4a"


def test_adding_a_label_already_there_changes_nothing(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug"])
    call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["Bug"]})
    assert (label_names(github, number), event_summary(github, number)) == (["bug"], [])
    assert github.log[-1].applied is False


def test_label_names_match_regardless_of_case(github: FakeGitHub) -> None:
    github.state.add_label(REPO, "Area/UI", "0e8a16")
    number = github.state.add_issue(REPO, "Crash")
    call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["area/ui"]})
    assert label_names(github, number) == ["Area/UI"]


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_a_label_write_that_would_give_an_issue_more_than_100_labels_is_refused_whole(
    github: FakeGitHub, method: str
) -> None:
    """GitHub's limit: 422, and neither label of the two is added."""
    labels = [f"tag-{index}" for index in range(99)]
    number = github.state.add_issue(REPO, "Crash", labels=labels)
    response = call(github, method, f"{ISSUES}/{number}/labels", json={"labels": [*labels, "a", "B"]})
    assert (response.status_code, response.json()["message"]) == (
        422,
        "Validation Failed. Issues cannot have more than 100 labels",
    )
    assert (label_names(github, number), event_summary(github, number)) == (labels, [])
    assert github.log[-1].applied is False


def test_an_issue_with_100_labels_may_be_given_one_it_has_in_another_case(github: FakeGitHub) -> None:
    labels = [f"tag-{index}" for index in range(100)]
    number = github.state.add_issue(REPO, "Crash", labels=labels)
    response = call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["TAG-7"]})
    assert (response.status_code, len(response.json())) == (200, 100)


def test_label_changes_through_the_api_are_events_by_the_token_user(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["bug", "area/ui"]})
    call(github, "DELETE", f"{ISSUES}/{number}/labels/bug")
    assert event_summary(github, number) == [
        ("labeled", "bug", BOT),
        ("labeled", "area/ui", BOT),
        ("unlabeled", "bug", BOT),
    ]


@pytest.mark.parametrize("name", ODD_NAMES)
@pytest.mark.parametrize("encode", [False, True], ids=["raw", "percent-encoded"])
def test_removing_a_label_takes_the_rest_of_the_path_as_its_name(
    github: FakeGitHub, name: str, encode: bool
) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=[name, "keep"])
    sent = quote(name, safe="") if encode else quote(name)
    response = call(github, "DELETE", f"{ISSUES}/{number}/labels/{sent}")
    assert (response.status_code, [item["name"] for item in response.json()]) == (200, ["keep"])
    assert label_names(github, number) == ["keep"]
    assert github.log[-1].path == f"{ISSUES}/{number}/labels/{name}"


def test_removing_a_label_the_issue_lacks_is_404_label_does_not_exist(github: FakeGitHub) -> None:
    github.state.add_label(REPO, "bug")
    number = github.state.add_issue(REPO, "Crash")
    for name in ("bug", "never-existed"):
        response = call(github, "DELETE", f"{ISSUES}/{number}/labels/{name}")
        assert (response.status_code, response.json()["message"]) == (404, "Label does not exist")


def test_replacing_all_labels_is_applied_and_logged_as_put(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug", "human-added"])
    response = call(github, "PUT", f"{ISSUES}/{number}/labels", json={"labels": ["bug", "area/ui"]})
    assert [item["name"] for item in response.json()] == ["bug", "area/ui"]
    assert event_summary(github, number) == [("unlabeled", "human-added", BOT), ("labeled", "area/ui", BOT)]
    assert github.log.count("PUT", r"/labels$") == 1


def test_issue_labels_are_listed(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug", "area/ui"])
    listed = call(github, "GET", f"{ISSUES}/{number}/labels").json()
    assert [item["name"] for item in listed] == ["bug", "area/ui"]


def test_repository_label_is_created_with_colour_and_description(github: FakeGitHub) -> None:
    body = {"name": "team/distribution", "color": "1D76DB", "description": "Distribution team"}
    response = call(github, "POST", LABELS, json=body)
    assert response.status_code == 201
    assert {key: response.json()[key] for key in ("name", "color", "description")} == {
        "name": "team/distribution",
        "color": "1d76db",
        "description": "Distribution team",
    }
    assert response.json()["url"] == f"{github.url}{LABELS}/team%2Fdistribution"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": "x" * 51, "color": "ffffff"}, "name", "invalid"),
        ({"name": "ok", "color": "#ffffff"}, "color", "invalid"),
        ({"name": "ok", "color": "fff"}, "color", "invalid"),
        ({"color": "ffffff"}, "name", "missing_field"),
        ({"name": "Existing", "color": "ffffff"}, "name", "already_exists"),
    ],
)
def test_invalid_labels_fail_validation(
    github: FakeGitHub, body: dict[str, str], field: str, code: str
) -> None:
    github.state.add_label(REPO, "existing")
    response = call(github, "POST", LABELS, json=body)
    assert response.status_code == 422
    assert {key: response.json()["errors"][0][key] for key in ("field", "code")} == {
        "field": field,
        "code": code,
    }


@pytest.mark.parametrize("name", ODD_NAMES)
def test_repository_label_is_read_by_its_encoded_name(github: FakeGitHub, name: str) -> None:
    github.state.add_label(REPO, name, "0e8a16")
    response = call(github, "GET", f"{LABELS}/{quote(name, safe='')}")
    assert (response.status_code, response.json()["name"]) == (200, name)


def test_unknown_repository_label_is_not_found(github: FakeGitHub) -> None:
    assert call(github, "GET", f"{LABELS}/nope").status_code == 404


def test_renamed_label_stays_on_its_issues(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["k8s"])
    body = {"new_name": "area/kubernetes", "color": "0e8a16", "description": "Kubernetes"}
    response = call(github, "PATCH", f"{LABELS}/k8s", json=body)
    assert (response.status_code, response.json()["name"]) == (200, "area/kubernetes")
    assert label_names(github, number) == ["area/kubernetes"]
    assert [(label.name, label.color, label.description) for label in github.state.labels(REPO)] == [
        ("area/kubernetes", "0e8a16", "Kubernetes")
    ]


def test_label_edit_without_changes_is_not_applied(github: FakeGitHub) -> None:
    github.state.add_label(REPO, "bug", "d73a4a", "Broken")
    call(github, "PATCH", f"{LABELS}/bug", json={"color": "d73a4a", "description": "Broken"})
    assert github.log[-1].applied is False


def test_deleted_label_leaves_its_issues(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug", "area/ui"])
    assert call(github, "DELETE", f"{LABELS}/bug").status_code == 204
    assert (label_names(github, number), [label.name for label in github.state.labels(REPO)]) == (
        ["area/ui"],
        ["area/ui"],
    )


def test_repository_labels_are_listed_with_pagination(github: FakeGitHub) -> None:
    for index in range(3):
        github.state.add_label(REPO, f"label-{index}")
    response = call(github, "GET", LABELS, params={"per_page": "2"})
    assert [item["name"] for item in response.json()] == ["label-0", "label-1"]
    assert 'rel="next"' in response.headers["Link"]


def test_recorded_label_events_set_the_issue_labels_and_keep_the_actor(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.add_label_event(REPO, number, "area/ui", action="labeled", actor=BOT)
    github.state.add_label_event(REPO, number, "area/ui", action="unlabeled", actor="carol")
    assert label_names(github, number) == []
    events = call(github, "GET", f"{ISSUES}/{number}/events").json()
    assert [(item["event"], item["label"], item["actor"]["login"]) for item in events] == [
        ("labeled", {"name": "area/ui", "color": "ededed"}, BOT),
        ("unlabeled", {"name": "area/ui", "color": "ededed"}, "carol"),
    ]


def test_timeline_interleaves_comments_and_label_events_in_time_order(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.add_label_event(REPO, number, "bug", actor="alice")
    github.clock.advance(10)
    github.state.add_comment(REPO, number, "bob", "me too")
    github.clock.advance(10)
    github.state.add_label_event(REPO, number, "bug", action="unlabeled", actor="carol")
    timeline = call(github, "GET", f"{ISSUES}/{number}/timeline").json()
    assert [(item["event"], item["actor"]["login"], item["created_at"]) for item in timeline] == [
        ("labeled", "alice", "2027-01-15T08:00:00Z"),
        ("commented", "bob", "2027-01-15T08:00:10Z"),
        ("unlabeled", "carol", "2027-01-15T08:00:20Z"),
    ]
    assert timeline[1]["body"] == "me too"


def test_events_leave_out_comments_and_paginate(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.add_comment(REPO, number, "bob", "me too")
    for index in range(3):
        github.state.add_label_event(REPO, number, f"label-{index}")
    response = call(github, "GET", f"{ISSUES}/{number}/events", params={"per_page": "2", "page": "2"})
    assert [item["label"]["name"] for item in response.json()] == ["label-2"]
    assert 'rel="prev"' in response.headers["Link"]


def test_label_change_bumps_the_issue_update_time(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.clock.advance(30)
    call(github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["bug"]})
    assert github.state.issue(REPO, number).updated_at == START + 30
