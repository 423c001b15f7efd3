"""The real PyGithub client, configured as the adapter configures it, works against the fake GitHub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from github import (
    Auth,
    BadCredentialsException,
    Github,
    GithubException,
    RateLimitExceededException,
    UnknownObjectException,
)

from tests.fakegithub import BOT, REPO, TOKEN, FakeGitHub, faults
from tests.fakegithub.tls import certificate_authority

ISSUES = f"/repos/{REPO}/issues"


def connect(github: FakeGitHub, *, token: str = TOKEN, per_page: int = 100) -> Github:
    return Github(
        auth=Auth.Token(token),
        base_url=github.url,
        retry=None,
        per_page=per_page,
        seconds_between_requests=0,
        seconds_between_writes=0,
    )


def headers_of(error: GithubException) -> dict[str, str]:
    assert error.headers is not None
    return error.headers


@pytest.fixture
def client(github: FakeGitHub) -> Iterator[Github]:
    connection = connect(github)
    yield connection
    connection.close()


def test_repository_and_issue_are_read(github: FakeGitHub, client: Github) -> None:
    number = github.state.add_issue(REPO, "Crash", "It broke", labels=["bug"])
    issue = client.get_repo(REPO).get_issue(number)
    assert (issue.title, issue.body, issue.user.login, [label.name for label in issue.labels]) == (
        "Crash",
        "It broke",
        "alice",
        ["bug"],
    )
    assert github.log.summary() == [f"GET /repos/{REPO} -> 200", f"GET {ISSUES}/{number} -> 200"]


def test_issue_listing_follows_link_headers_across_pages(github: FakeGitHub) -> None:
    for index in range(5):
        github.state.add_issue(REPO, f"issue {index}", pull_request=index == 2)
    client = connect(github, per_page=2)
    listed = [(issue.number, issue.title) for issue in client.get_repo(REPO).get_issues(state="open")]
    client.close()
    assert listed == [(5, "issue 4"), (4, "issue 3"), (3, "issue 2"), (2, "issue 1"), (1, "issue 0")]
    assert [entry.query.get("page", "1") for entry in github.log.matching("GET", r"/issues$")] == [
        "1",
        "2",
        "3",
    ]


def test_issue_listing_passes_filters(github: FakeGitHub, client: Github) -> None:
    github.state.add_issue(REPO, "unlabelled")
    github.state.add_issue(REPO, "labelled", labels=["area/k8s"])
    repo = client.get_repo(REPO)
    label = repo.get_label("area/k8s")
    assert [issue.title for issue in repo.get_issues(labels=[label])] == ["labelled"]
    assert github.log[-1].query == {"labels": "area/k8s", "per_page": "100"}


def test_comment_is_created_and_edited(github: FakeGitHub, client: Github) -> None:
    number = github.state.add_issue(REPO, "Crash")
    issue = client.get_repo(REPO).get_issue(number)
    created = issue.create_comment("first")
    created.edit("second")
    assert (created.user.login, created.body) == (BOT, "second")
    assert [(comment.author, comment.body) for comment in github.state.comments(REPO, number)] == [
        (BOT, "second")
    ]
    assert [comment.body for comment in issue.get_comments()] == ["second"]


def test_comments_are_read_across_pages(github: FakeGitHub) -> None:
    number = github.state.add_issue(REPO, "Crash")
    for index in range(5):
        github.state.add_comment(REPO, number, "bob" if index else BOT, f"comment {index}")
    client = connect(github, per_page=2)
    comments = [(c.user.login, c.body) for c in client.get_repo(REPO).get_issue(number).get_comments()]
    client.close()
    assert comments[0] == (BOT, "comment 0")
    assert len(comments) == 5


def test_labels_are_added_in_one_post_and_removed_by_raw_name(github: FakeGitHub, client: Github) -> None:
    number = github.state.add_issue(REPO, "Crash", labels=["keep"])
    issue = client.get_repo(REPO).get_issue(number)
    issue.add_to_labels("area/k8s", "team: distribution 🚀")
    issue.remove_from_labels("area/k8s")
    issue.remove_from_labels("team: distribution 🚀")
    assert github.state.issue(REPO, number).labels == ["keep"]
    assert [entry.raw_path for entry in github.log.writes()] == [
        f"{ISSUES}/{number}/labels",
        f"{ISSUES}/{number}/labels/area/k8s",
        f"{ISSUES}/{number}/labels/team%3A%20distribution%20%F0%9F%9A%80",
    ]


def test_removing_a_label_already_gone_raises_404_label_does_not_exist(
    github: FakeGitHub, client: Github
) -> None:
    number = github.state.add_issue(REPO, "Crash")
    with pytest.raises(GithubException) as raised:
        client.get_repo(REPO).get_issue(number).remove_from_labels("area/k8s")
    assert (raised.value.status, raised.value.data["message"]) == (404, "Label does not exist")


def test_timeline_and_events_show_who_labelled(github: FakeGitHub, client: Github) -> None:
    number = github.state.add_issue(REPO, "Crash")
    github.state.add_label_event(REPO, number, "area/k8s", actor=BOT)
    github.state.add_comment(REPO, number, "carol", "not k8s")
    github.state.add_label_event(REPO, number, "area/k8s", action="unlabeled", actor="carol")
    issue = client.get_repo(REPO).get_issue(number)
    timeline = [(event.event, event.actor.login) for event in issue.get_timeline()]
    assert timeline == [("labeled", BOT), ("commented", "carol"), ("unlabeled", "carol")]
    labelled = [
        event.raw_data["label"]["name"] for event in issue.get_timeline() if event.event != "commented"
    ]
    assert labelled == ["area/k8s", "area/k8s"]
    assert [(event.event, event.label.name, event.actor.login) for event in issue.get_events()] == [
        ("labeled", "area/k8s", BOT),
        ("unlabeled", "area/k8s", "carol"),
    ]


def test_repository_labels_are_listed_created_and_renamed(github: FakeGitHub, client: Github) -> None:
    github.state.add_label(REPO, "bug", "d73a4a")
    number = github.state.add_issue(REPO, "Crash", labels=["k8s"])
    repo = client.get_repo(REPO)
    created = repo.create_label("team/distribution", "1d76db", "Distribution team")
    created.edit("team/delivery", "0e8a16", "Delivery team")
    repo.get_label("k8s").edit("area/k8s", "ededed")
    assert sorted(label.name for label in repo.get_labels()) == ["area/k8s", "bug", "team/delivery"]
    assert github.state.issue(REPO, number).labels == ["area/k8s"]
    edited = github.log.matching("PATCH")[0]
    assert (edited.raw_path, edited.body) == (
        f"/repos/{REPO}/labels/team%2Fdistribution",
        {"new_name": "team/delivery", "color": "0e8a16", "description": "Delivery team"},
    )


def test_rate_limit_is_read(github: FakeGitHub, client: Github) -> None:
    github.state.set_rate_budget(limit=1000, remaining=250)
    assert client.get_rate_limit().resources.core.remaining == 250


def test_unknown_token_is_bad_credentials(github: FakeGitHub) -> None:
    client = connect(github, token="ghs_wrong")
    with pytest.raises(BadCredentialsException):
        client.get_repo(REPO)
    client.close()


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("read_only", 403, "Resource not accessible by integration"),
        ("issues_disabled", 410, "Issues are disabled for this repo"),
        ("missing_issue", 404, "Not Found"),
    ],
)
def test_refusals_surface_as_github_exceptions(
    github: FakeGitHub, setup: str, status: int, message: str
) -> None:
    number = github.state.add_issue(REPO, "Crash")
    if setup == "read_only":
        github.state.users[BOT].permission = "read"
    elif setup == "issues_disabled":
        github.state.repos[REPO].issues_enabled = False
    client = connect(github)
    with pytest.raises(GithubException) as raised:
        client.get_repo(REPO).get_issue(number if setup != "missing_issue" else 99).create_comment("x")
    client.close()
    assert (raised.value.status, raised.value.data["message"]) == (status, message)
    assert github.state.comments(REPO, number) == []


def test_missing_issue_is_unknown_object(github: FakeGitHub, client: Github) -> None:
    with pytest.raises(UnknownObjectException):
        client.get_repo(REPO).get_issue(99)


def test_secondary_limit_is_a_rate_limit_exception_with_retry_after(
    github: FakeGitHub, client: Github
) -> None:
    github.faults.add("GET", r"/issues/1$", faults.secondary_limit(retry_after=30))
    number = github.state.add_issue(REPO, "Crash")
    with pytest.raises(RateLimitExceededException) as raised:
        client.get_repo(REPO).get_issue(number)
    assert (raised.value.status, headers_of(raised.value)["retry-after"]) == (403, "30")


def test_too_many_requests_is_a_plain_github_exception(github: FakeGitHub, client: Github) -> None:
    github.faults.add("GET", r"/issues/1$", faults.too_many_requests())
    number = github.state.add_issue(REPO, "Crash")
    with pytest.raises(GithubException) as raised:
        client.get_repo(REPO).get_issue(number)
    assert (type(raised.value), raised.value.status) == (GithubException, 429)


def test_primary_limit_exception_carries_the_reset(github: FakeGitHub, client: Github) -> None:
    github.state.add_issue(REPO, "Crash")
    repo = client.get_repo(REPO)
    github.state.set_rate_budget(remaining=0, reset_at=github.clock.now() + 900)
    with pytest.raises(RateLimitExceededException) as raised:
        repo.get_issue(1)
    assert headers_of(raised.value)["x-ratelimit-remaining"] == "0"
    assert headers_of(raised.value)["x-ratelimit-reset"] == str(int(github.clock.now() + 900))


def test_dropped_comment_response_is_a_connection_error_and_never_resent(
    github: FakeGitHub, client: Github
) -> None:
    number = github.state.add_issue(REPO, "Crash")
    issue = client.get_repo(REPO).get_issue(number)
    github.faults.add("POST", r"/comments$", faults.lost_response(mode="drop"))
    with pytest.raises(requests.ConnectionError):
        issue.create_comment("Thanks")
    assert github.log.count("POST", r"/comments$") == 1
    assert [comment.body for comment in github.state.comments(REPO, number)] == ["Thanks"]


def test_lost_comment_response_is_a_502_after_the_write(github: FakeGitHub, client: Github) -> None:
    number = github.state.add_issue(REPO, "Crash")
    issue = client.get_repo(REPO).get_issue(number)
    github.faults.add("POST", r"/comments$", faults.lost_response())
    with pytest.raises(GithubException) as raised:
        issue.create_comment("Thanks")
    assert (raised.value.status, len(github.state.comments(REPO, number))) == (502, 1)


def test_enterprise_style_path_prefix_is_served_and_linked() -> None:
    with FakeGitHub(prefix="/api/v3") as server:
        server.state.add_repo(REPO)
        server.state.add_user(BOT, TOKEN)
        for index in range(3):
            server.state.add_issue(REPO, f"issue {index}")
        client = connect(server, per_page=2)
        titles = [issue.title for issue in client.get_repo(REPO).get_issues()]
        client.close()
        root = server.url.removesuffix("/api/v3")
        outside = requests.get(f"{root}/repos/{REPO}", headers={"Authorization": f"token {TOKEN}"}, timeout=5)
    assert titles == ["issue 2", "issue 1", "issue 0"]
    assert server.log.matching("GET", r"/issues$")[-1].query == {"per_page": "2", "page": "2"}
    assert outside.status_code == 404


def test_over_https_it_presents_a_certificate_its_authority_signed(tmp_path: Path) -> None:
    authority = certificate_authority(tmp_path)
    with FakeGitHub(prefix="/api/v3", tls=authority.server_context()) as server:
        server.state.add_repo(REPO)
        server.state.add_user(BOT, TOKEN)
        token = {"Authorization": f"token {TOKEN}"}
        trusted = requests.get(
            f"{server.url}/repos/{REPO}", headers=token, verify=str(authority.ca_file), timeout=5
        )
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{server.url}/repos/{REPO}", timeout=5)
        assert server.url.startswith("https://127.0.0.1:")
    assert trusted.json()["full_name"] == REPO
    assert server.log.summary() == [f"GET /repos/{REPO} -> 200"]
