"""The fake GitHub's repositories, auth, issues, comments and pagination, spoken to in plain HTTP."""

from __future__ import annotations

import pytest
import requests

from tests.fakegithub import BOT, REPO, FakeGitHub
from tests.fakegithub.client import call
from tests.fakegithub.clock import START

ISSUES = f"/repos/{REPO}/issues"


def numbers(response_json: object) -> list[int]:
    assert isinstance(response_json, list)
    return [item["number"] for item in response_json]


def test_repository_is_described_with_its_full_name_and_owner(github: FakeGitHub) -> None:
    response = call(github, "GET", f"/repos/{REPO}")
    assert response.status_code == 200
    data = response.json()
    assert (data["full_name"], data["name"], data["owner"]["login"]) == (REPO, "widgets", "octo")
    assert data["url"] == f"{github.url}/repos/{REPO}"


def test_unknown_repository_is_not_found(github: FakeGitHub) -> None:
    response = call(github, "GET", "/repos/octo/nothing/issues")
    assert (response.status_code, response.json()["message"]) == (404, "Not Found")


@pytest.mark.parametrize(
    ("authorization", "status", "message"),
    [
        (None, 401, "Requires authentication"),
        ("token nope", 401, "Bad credentials"),
        ("Basic ghs_test", 401, "Bad credentials"),
    ],
)
def test_requests_without_a_known_token_are_refused(
    github: FakeGitHub, authorization: str | None, status: int, message: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = requests.get(f"{github.url}/repos/{REPO}", headers=headers, timeout=5)
    assert (response.status_code, response.json()["message"]) == (status, message)


def test_bearer_and_token_schemes_are_both_accepted(github: FakeGitHub) -> None:
    for scheme in ("Bearer", "token"):
        headers = {"Authorization": f"{scheme} ghs_test"}
        assert requests.get(f"{github.url}/repos/{REPO}", headers=headers, timeout=5).status_code == 200


def test_read_only_token_may_read_but_not_write(github: FakeGitHub) -> None:
    github.state.add_user("reader[bot]", "ghs_read", permission="read")
    number = github.state.add_issue(REPO, "Crash")
    assert call(github, "GET", f"{ISSUES}/{number}", token="ghs_read").status_code == 200
    response = call(github, "POST", f"{ISSUES}/{number}/comments", json={"body": "x"}, token="ghs_read")
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Resource not accessible by integration",
    )
    assert github.state.comments(REPO, number) == []


def test_installation_token_may_not_read_the_authenticated_user(github: FakeGitHub) -> None:
    response = call(github, "GET", "/user")
    assert (response.status_code, response.json()["message"]) == (
        403,
        "Resource not accessible by integration",
    )


def test_personal_token_reads_its_user(github: FakeGitHub) -> None:
    github.state.add_user("carol", "ghp_carol", installation=False)
    response = call(github, "GET", "/user", token="ghp_carol")
    assert (response.status_code, response.json()["login"], response.json()["type"]) == (200, "carol", "User")


def test_repository_with_issues_disabled_answers_410(github: FakeGitHub) -> None:
    github.state.add_repo("octo/quiet", issues_enabled=False)
    response = call(github, "GET", "/repos/octo/quiet/issues")
    assert (response.status_code, response.json()["message"]) == (410, "Issues are disabled for this repo")


def test_unknown_issue_is_not_found(github: FakeGitHub) -> None:
    response = call(github, "GET", f"{ISSUES}/99")
    assert (response.status_code, response.json()["message"]) == (404, "Not Found")


def test_a_transferred_issue_answers_301_to_its_new_repository_by_id_whatever_the_verb(
    github: FakeGitHub,
) -> None:
    """As GitHub does: the Location names the repository by id (`/repositories/ID/...`), which answers."""
    elsewhere = github.state.add_repo("octo/elsewhere")
    number = github.state.add_issue(REPO, "moving", "")
    moved = github.state.transfer_issue(REPO, number, "octo/elsewhere")
    response = call(
        github, "POST", f"{ISSUES}/{number}/labels", json={"labels": ["x"]}, allow_redirects=False
    )
    location = f"{github.url}/repositories/{elsewhere.id}/issues/{moved}/labels"
    assert (response.status_code, response.headers["location"]) == (301, location)
    assert call(github, "GET", f"/repositories/{elsewhere.id}/issues/{moved}").json()["number"] == moved


def test_a_transferred_issue_keeps_only_the_labels_its_new_repository_has(github: FakeGitHub) -> None:
    github.state.add_repo("octo/elsewhere")
    github.state.add_label("octo/elsewhere", "BUG")
    number = github.state.add_issue(REPO, "moving", "", labels=["bug", "team/search"])
    moved = github.state.transfer_issue(REPO, number, "octo/elsewhere")
    assert github.state.issue("octo/elsewhere", moved).labels == ["BUG"]


def test_issue_carries_the_fields_pygithub_reads(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", "It broke", labels=["bug"], author="alice")
    github.state.add_comment(REPO, number, "bob", "me too")
    data = call(github, "GET", f"{ISSUES}/{number}").json()
    assert {key: data[key] for key in ("number", "title", "body", "state", "comments")} == {
        "number": number,
        "title": "Crash",
        "body": "It broke",
        "state": "open",
        "comments": 1,
    }
    assert (data["user"]["login"], data["user"]["type"]) == ("alice", "User")
    assert [label["name"] for label in data["labels"]] == ["bug"]
    assert data["created_at"] == "2027-01-15T08:00:00Z"
    assert data["url"] == f"{github.url}{ISSUES}/{number}"
    assert data["html_url"] == f"https://github.com/{REPO}/issues/{number}"
    assert "pull_request" not in data


def test_an_issue_shows_its_authors_association_with_the_repository(github: FakeGitHub) -> None:
    github.state.associate(REPO, "carol", "MEMBER")
    by_member = github.state.add_issue(REPO, "Tracking issue", author="carol")
    by_owner = github.state.add_issue(REPO, "Release", author=REPO.split("/")[0])
    by_anyone = github.state.add_issue(REPO, "Crash", author="alice")
    listed = {item["number"]: item["author_association"] for item in call(github, "GET", ISSUES).json()}
    assert listed == {by_member: "MEMBER", by_owner: "OWNER", by_anyone: "NONE"}
    assert call(github, "GET", f"{ISSUES}/{by_member}").json()["author_association"] == "MEMBER"


def test_an_association_is_worked_out_when_the_issue_is_read(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", author="alice")
    github.state.associate(REPO, "alice", "COLLABORATOR")
    assert github.issue_json(REPO, number)["author_association"] == "COLLABORATOR"


def test_a_comment_shows_its_authors_association(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.associate(REPO, "bob", "CONTRIBUTOR")
    github.state.add_comment(REPO, number, "bob", "me too")
    (listed,) = call(github, "GET", f"{ISSUES}/{number}/comments").json()
    assert listed["author_association"] == "CONTRIBUTOR"


def test_pull_requests_are_listed_as_issues_with_a_pull_request_key(github: FakeGitHub) -> None:
    github.state.add_issue(REPO, "Bug")
    github.state.add_issue(REPO, "Fix", pull_request=True)
    listed = call(github, "GET", ISSUES).json()
    assert [("pull_request" in item, item["title"]) for item in listed] == [(True, "Fix"), (False, "Bug")]
    assert call(github, "GET", f"{ISSUES}/2").json()["pull_request"]["url"].endswith("/pulls/2")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [4, 3, 1]),
        ({"state": "closed"}, [2]),
        ({"state": "all"}, [4, 3, 2, 1]),
        ({"labels": "bug"}, [3, 1]),
        ({"labels": "BUG,area/ui"}, [3]),
        ({"since": "2027-01-15T08:20:00Z"}, [4, 3]),
        ({"direction": "asc"}, [1, 3, 4]),
        ({"sort": "updated"}, [3, 4, 1]),
        ({"sort": "comments", "direction": "desc"}, [1, 4, 3]),
    ],
)
def test_issue_list_filters_and_sorts_like_github(
    github: FakeGitHub, params: dict[str, str], expected: list[int]
) -> None:
    state = github.state
    state.add_issue(REPO, "one", labels=["bug"], created_at=START)
    state.add_comment(REPO, 1, "bob", "hi")
    state.add_issue(REPO, "two", state="closed", created_at=START + 600)
    state.add_issue(
        REPO, "three", labels=["bug", "area/ui"], created_at=START + 1200, updated_at=START + 9000
    )
    state.add_issue(REPO, "four", created_at=START + 1800)
    assert numbers(call(github, "GET", ISSUES, params=params).json()) == expected


def test_invalid_issue_list_parameter_fails_validation(github: FakeGitHub) -> None:
    response = call(github, "GET", ISSUES, params={"state": "sideways"})
    assert (response.status_code, response.json()["message"]) == (422, "Validation Failed")


def test_issue_edit_changes_title_and_state(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.clock.advance(60)
    response = call(
        github, "PATCH", f"{ISSUES}/{number}", json={"title": "Crash on start", "state": "closed"}
    )
    issue = github.state.issue(REPO, number)
    assert (response.status_code, issue.title, issue.state, issue.updated_at) == (
        200,
        "Crash on start",
        "closed",
        START + 60,
    )


def seed_issues(github: FakeGitHub, count: int) -> None:
    for index in range(count):
        github.state.add_issue(REPO, f"issue {index + 1}", created_at=START + index)


def link(github: FakeGitHub, query: str, rel: str) -> str:
    return f'<{github.url}{ISSUES}?{query}>; rel="{rel}"'


def test_first_page_links_to_next_and_last(github: FakeGitHub) -> None:
    seed_issues(github, 5)
    response = call(github, "GET", ISSUES, params={"per_page": "2"})
    assert numbers(response.json()) == [5, 4]
    assert response.headers["Link"] == ", ".join(
        [link(github, "per_page=2&page=2", "next"), link(github, "per_page=2&page=3", "last")]
    )


def test_middle_page_links_to_prev_next_last_and_first_in_githubs_order(github: FakeGitHub) -> None:
    seed_issues(github, 5)
    response = call(github, "GET", ISSUES, params={"per_page": "2", "page": "2"})
    assert numbers(response.json()) == [3, 2]
    assert response.headers["Link"] == ", ".join(
        [
            link(github, "per_page=2&page=1", "prev"),
            link(github, "per_page=2&page=3", "next"),
            link(github, "per_page=2&page=3", "last"),
            link(github, "per_page=2&page=1", "first"),
        ]
    )


def test_last_page_links_back_only(github: FakeGitHub) -> None:
    seed_issues(github, 5)
    response = call(github, "GET", ISSUES, params={"per_page": "2", "page": "3"})
    assert numbers(response.json()) == [1]
    assert response.headers["Link"] == ", ".join(
        [link(github, "per_page=2&page=2", "prev"), link(github, "per_page=2&page=1", "first")]
    )


def test_links_keep_the_other_query_parameters(github: FakeGitHub) -> None:
    seed_issues(github, 3)
    response = call(github, "GET", ISSUES, params={"state": "all", "per_page": "1"})
    assert response.headers["Link"].startswith(
        f'<{github.url}{ISSUES}?state=all&per_page=1&page=2>; rel="next"'
    )


def test_a_single_page_has_no_link_header(github: FakeGitHub) -> None:
    seed_issues(github, 3)
    assert "Link" not in call(github, "GET", ISSUES).headers


def test_page_size_is_capped_at_100_and_defaults_to_30(github: FakeGitHub) -> None:
    seed_issues(github, 130)
    assert len(call(github, "GET", ISSUES).json()) == 30
    assert len(call(github, "GET", ISSUES, params={"per_page": "500"}).json()) == 100


def test_created_comment_is_authored_by_the_token_user(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.clock.advance(5)
    response = call(github, "POST", f"{ISSUES}/{number}/comments", json={"body": "Thanks"})
    data = response.json()
    assert (response.status_code, data["body"], data["user"]["login"], data["user"]["type"]) == (
        201,
        "Thanks",
        BOT,
        "Bot",
    )
    assert response.headers["Location"] == data["url"] == f"{github.url}{ISSUES}/comments/{data['id']}"
    issue = github.state.issue(REPO, number)
    assert ([comment.author for comment in issue.comments], issue.updated_at) == ([BOT], START + 5)


def test_comments_are_listed_oldest_first_across_pages(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    for index in range(5):
        github.state.add_comment(REPO, number, "bob", f"comment {index}")
    pages = [
        call(github, "GET", f"{ISSUES}/{number}/comments", params={"per_page": "2", "page": str(page)}).json()
        for page in (1, 2, 3)
    ]
    assert [[item["body"] for item in page] for page in pages] == [
        ["comment 0", "comment 1"],
        ["comment 2", "comment 3"],
        ["comment 4"],
    ]


def test_comment_edit_changes_the_body_once(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    comment_id = github.state.add_comment(REPO, number, BOT, "old")
    path = f"{ISSUES}/comments/{comment_id}"
    assert call(github, "PATCH", path, json={"body": "new"}).json()["body"] == "new"
    assert call(github, "PATCH", path, json={"body": "new"}).status_code == 200
    assert [entry.applied for entry in github.log.matching("PATCH")] == [True, False]
    assert [comment.body for comment in github.state.comments(REPO, number)] == ["new"]


def test_comment_can_be_read_and_deleted(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    comment_id = github.state.add_comment(REPO, number, "bob", "spam")
    path = f"{ISSUES}/comments/{comment_id}"
    assert call(github, "GET", path).json()["user"]["login"] == "bob"
    assert call(github, "DELETE", path).status_code == 204
    assert call(github, "GET", path).status_code == 404
    assert github.state.comments(REPO, number) == []


@pytest.mark.parametrize(("length", "status"), [(65_536, 201), (65_537, 422)])
def test_comment_body_limit_is_65536_characters(github: FakeGitHub, length: int, status: int) -> None:
    number = github.state.add_issue(REPO, "Crash")
    response = call(github, "POST", f"{ISSUES}/{number}/comments", json={"body": "界" * length})
    assert response.status_code == status
    if status == 422:
        assert response.json()["errors"][0]["message"] == "Body is too long (maximum is 65536 characters)"


def test_comment_without_a_body_fails_validation(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    response = call(github, "POST", f"{ISSUES}/{number}/comments", json={})
    assert (response.status_code, response.json()["message"]) == (422, "Validation Failed")


def test_invalid_json_body_is_a_400(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    response = requests.post(
        f"{github.url}{ISSUES}/{number}/comments",
        data=b"{not json",
        headers={"Authorization": "token ghs_test"},
        timeout=5,
    )
    assert (response.status_code, response.json()["message"]) == (400, "Problems parsing JSON")


def test_issue_json_for_event_payloads_is_what_the_api_serves(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["bug"])
    assert github.issue_json(REPO, number) == call(github, "GET", f"{ISSUES}/{number}").json()
