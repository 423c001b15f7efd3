"""Repositories: links, `owner/repo` and `owner/repo#123` mentions of the repositories the rules name."""

from __future__ import annotations

import pytest

from tests.rules_builders import area, rules, team
from triage.classify import classify
from triage.model import Issue

DEPLOY = rules(team("ops", area("k8s", repos=["sourcegraph/deploy-sourcegraph"])))


def repos_found(body: str, title: str = "") -> list[tuple[str, str, str, int]]:
    found = classify(DEPLOY, Issue(title=title, body=body))
    return [(e.term, e.text, e.where, e.line) for e in found.evidence if e.kind == "repo"]


@pytest.mark.parametrize(
    ("body", "quoted"),
    [
        ("https://github.com/sourcegraph/deploy-sourcegraph", None),
        ("https://github.com/sourcegraph/deploy-sourcegraph/issues/12", None),
        ("https://github.com/Sourcegraph/Deploy-Sourcegraph.git", None),
        ("sourcegraph/deploy-sourcegraph", None),
        ("sourcegraph/deploy-sourcegraph#123", None),
        ("(sourcegraph/deploy-sourcegraph).", "sourcegraph/deploy-sourcegraph"),
        ("https://sourcegraph.com/github.com/sourcegraph/deploy-sourcegraph@v3/-/blob/base/x.yaml", None),
        (
            "`github.com/sourcegraph/deploy-sourcegraph/tools`",
            "github.com/sourcegraph/deploy-sourcegraph/tools",
        ),
        (
            "[repo](https://github.com/sourcegraph/deploy-sourcegraph)",
            "https://github.com/sourcegraph/deploy-sourcegraph",
        ),
        (
            "[https-setup](https://github.com/sourcegraph/deploy-sourcegraph)",
            "https://github.com/sourcegraph/deploy-sourcegraph",
        ),
        ("https://www.github.com/sourcegraph/deploy-sourcegraph", None),
        ("https://GitHub.com/sourcegraph/deploy-sourcegraph", None),
        ("https://github.com/sourcegraph/deploy-sourcegraph?tab=readme-ov-file", None),
        ("git://github.com/sourcegraph/deploy-sourcegraph.git", None),
        ("git@github.com:sourcegraph/deploy-sourcegraph.git", None),
        ("git@GitHub.com:sourcegraph/deploy-sourcegraph.git", None),
        ("GitHub.com/sourcegraph/deploy-sourcegraph", None),
        ("git@github.com:Sourcegraph/deploy-sourcegraph", None),
        ("ssh://git@github.com/sourcegraph/deploy-sourcegraph.git", None),
        ("ssh://git@github.com:22/sourcegraph/deploy-sourcegraph.git", None),
        ("https://github.com:443/sourcegraph/deploy-sourcegraph", None),
        (
            "`git clone git@github.com:sourcegraph/deploy-sourcegraph.git`",
            "git@github.com:sourcegraph/deploy-sourcegraph.git",
        ),
        ("Sourcegraph/Deploy-Sourcegraph#12", None),
    ],
)
def test_repository_mention_is_found_and_quoted(body: str, quoted: str | None) -> None:
    assert repos_found(f"see {body}") == [("sourcegraph/deploy-sourcegraph", quoted or body, "body", 1)]


@pytest.mark.parametrize(
    "body",
    [
        "sourcegraph/deploy-sourcegraph-docker",
        "https://github.com/sourcegraph/deploy-sourcegraph-docker",
        "vendor/sourcegraph/deploy-sourcegraph/x.yaml",
        "/sourcegraph/deploy-sourcegraph",
        "./sourcegraph/deploy-sourcegraph",
        "https://gitlab.com/sourcegraph/deploy-sourcegraph",
        "git@gitlab.com:sourcegraph/deploy-sourcegraph.git",
        "git@github.com:sourcegraph/deploy-sourcegraph-docker.git",
        "git@mygithub.com:sourcegraph/deploy-sourcegraph.git",
        "git@notgithub.com:Sourcegraph/deploy-sourcegraph",
        "<!-- sourcegraph/deploy-sourcegraph -->",
    ],
)
def test_other_repositories_and_paths_are_not_mentions(body: str) -> None:
    assert repos_found(body) == []


def test_repository_in_the_title_weighs_as_title_evidence() -> None:
    assert repos_found("", title="sourcegraph/deploy-sourcegraph#1 broke") == [
        ("sourcegraph/deploy-sourcegraph", "sourcegraph/deploy-sourcegraph#1", "title", 1)
    ]


def test_a_repository_is_on_the_line_where_it_stands_alone_not_inside_a_longer_token() -> None:
    body = "fork mysourcegraph/deploy-sourcegraph is fine\n\nsourcegraph/deploy-sourcegraph broke"
    assert [line for *_, line in repos_found(body)] == [3]


def test_a_git_suffix_in_capitals_is_dropped_like_a_lower_case_one() -> None:
    assert [term for term, *_ in repos_found("https://github.com/Sourcegraph/Deploy-Sourcegraph.GIT")] == [
        "sourcegraph/deploy-sourcegraph"
    ]


def test_a_repository_name_may_hold_a_dot() -> None:
    nextjs = rules(team("web", area("next", team_id="web", repos=["vercel/next.js"])))
    found = classify(nextjs, Issue(title="", body="since vercel/next.js#123 landed"))
    assert [(e.term, e.text) for e in found.evidence] == [("vercel/next.js", "vercel/next.js#123")]


def test_the_repository_is_named_as_the_rules_write_it() -> None:
    capitals = rules(team("ops", area("k8s", repos=["Sourcegraph/Deploy-Sourcegraph"])))
    found = classify(capitals, Issue(title="", body="see sourcegraph/deploy-sourcegraph"))
    assert [e.term for e in found.evidence] == ["Sourcegraph/Deploy-Sourcegraph"]


@pytest.mark.parametrize(
    "body",
    [
        "sourcegraph/deploy-sourcegraph (https://github.com/sourcegraph/deploy-sourcegraph)",
        "```\nsourcegraph/deploy-sourcegraph https://github.com/sourcegraph/deploy-sourcegraph\n```",
    ],
)
def test_of_two_mentions_of_a_repository_on_one_line_the_first_is_quoted(body: str) -> None:
    assert [text for _, text, _, _ in repos_found(body)] == ["sourcegraph/deploy-sourcegraph"]


def test_a_repository_in_a_fenced_block_before_one_in_prose_is_the_evidence() -> None:
    body = "```\nsourcegraph/deploy-sourcegraph\n```\nsee sourcegraph/deploy-sourcegraph#1"
    assert [(text, line) for _, text, _, line in repos_found(body)] == [("sourcegraph/deploy-sourcegraph", 2)]


def test_a_long_link_is_quoted_cut_to_100_characters_in_the_middle() -> None:
    link = "https://github.com/sourcegraph/deploy-sourcegraph/blob/master/base/" + "x" * 100 + ".yaml"
    [(_, text, _, _)] = repos_found(f"see {link}")
    assert text == link[:50] + "…" + link[-49:]


# --- Links to the rules' `github_hosts`, a GitHub Enterprise Server's ---------------------------

ON_A_SERVER = DEPLOY._replace(github_hosts=("ghe.example.com",))


@pytest.mark.parametrize(
    "body",
    [
        "https://ghe.example.com/sourcegraph/deploy-sourcegraph",
        "https://GHE.Example.com/Sourcegraph/Deploy-Sourcegraph/issues/12",
        "https://ghe.example.com/sourcegraph/deploy-sourcegraph/blob/main/base/x.yaml",
        "https://ghe.example.com:443/sourcegraph/deploy-sourcegraph",
        "ghe.example.com/sourcegraph/deploy-sourcegraph",
        "git@ghe.example.com:sourcegraph/deploy-sourcegraph.git",
        "ssh://git@ghe.example.com:22/sourcegraph/deploy-sourcegraph.git",
        "https://raw.ghe.example.com/sourcegraph/deploy-sourcegraph/main/base/x.yaml",
        "https://ghe.example.com/raw/sourcegraph/deploy-sourcegraph/main/base/x.yaml",
        "/go/src/ghe.example.com/sourcegraph/deploy-sourcegraph/cmd/main.go:42",
        "https://sourcegraph.example.com/ghe.example.com/sourcegraph/deploy-sourcegraph/-/blob/base/x.yaml",
    ],
)
def test_a_link_to_one_of_the_rules_github_hosts_names_its_repository_as_a_github_link_does(
    body: str,
) -> None:
    found = classify(ON_A_SERVER, Issue(title="", body=f"see {body}"))
    assert [(e.term, e.text) for e in found.evidence] == [("sourcegraph/deploy-sourcegraph", body)]


def test_a_markdown_link_to_a_github_host_written_without_its_scheme_names_its_repository() -> None:
    found = classify(
        ON_A_SERVER, Issue(title="", body="see [it](ghe.example.com/sourcegraph/deploy-sourcegraph)")
    )
    assert [e.text for e in found.evidence] == ["ghe.example.com/sourcegraph/deploy-sourcegraph"]


@pytest.mark.parametrize(
    "body",
    [
        "https://myghe.example.com/sourcegraph/deploy-sourcegraph",
        "git@myghe.example.com:sourcegraph/deploy-sourcegraph.git",
        "https://ghe.example.com.evil.io/sourcegraph/deploy-sourcegraph",
        "https://ghe.example.com/sourcegraph/deploy-sourcegraph-docker",
    ],
)
def test_with_github_hosts_a_link_to_another_host_or_repository_names_none_of_the_rules(body: str) -> None:
    assert classify(ON_A_SERVER, Issue(title="", body=f"see {body}")).evidence == ()


def test_with_github_hosts_github_com_links_still_name_their_repository() -> None:
    found = classify(
        ON_A_SERVER, Issue(title="", body="see https://github.com/sourcegraph/deploy-sourcegraph")
    )
    assert [e.term for e in found.evidence] == ["sourcegraph/deploy-sourcegraph"]
