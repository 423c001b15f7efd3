"""File paths: found in code, GitHub and Sourcegraph links and stack traces, matched with
gitignore-style globs; the most specific glob wins."""

from __future__ import annotations

import pytest

from tests.rules_builders import area, rules, team
from triage.classify import classify
from triage.model import Issue, Rules

SERVER = rules(team("ops", area("server", paths=["cmd/server/**"]), area("docs", paths=["doc/**/*.md"])))


def paths_found(body: str, the_rules: Rules = SERVER) -> list[tuple[str | None, str, str]]:
    found = classify(the_rules, Issue(title="", body=body))
    return [(e.area_id, e.term, e.text) for e in found.evidence if e.kind == "path"]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("see `cmd/server/shared/shared.go`", "cmd/server/shared/shared.go"),
        ("> the panic points at `cmd/server/main.go`", "cmd/server/main.go"),
        ("```\nERROR cmd/server/shared/shared.go:123: boom\n```", "cmd/server/shared/shared.go"),
        ("at /go/src/github.com/sourcegraph/sourcegraph/cmd/server/main.go:42 +0x1f", "cmd/server/main.go"),
        (
            "https://github.com/sourcegraph/sourcegraph/blob/3.20/cmd/server/main.go#L12",
            "cmd/server/main.go",
        ),
        ("[tree](https://github.com/sourcegraph/sourcegraph/tree/main/cmd/server).", "cmd/server"),
        (
            "https://sourcegraph.com/github.com/sourcegraph/sourcegraph/-/blob/cmd/server/x.go",
            "cmd/server/x.go",
        ),
        ("edit cmd/server/shared/shared.go please", "cmd/server/shared/shared.go"),
        ("look at ./cmd/server/README.md.", "cmd/server/README.md"),
        ("the cmd/server directory", "cmd/server"),
        ("see <cmd/server/main.go> first", "cmd/server/main.go"),
        ("**cmd/server/main.go** is the one", "cmd/server/main.go"),
        ("the file 'cmd/server/main.go' is", "cmd/server/main.go"),
        ("see cmd/server/main.go, then", "cmd/server/main.go"),
        ("is it cmd/server/main.go? or", "cmd/server/main.go"),
        ("panic at cmd/server/main.go:42:7", "cmd/server/main.go"),
        (
            "https://raw.githubusercontent.com/sourcegraph/sourcegraph/main/cmd/server/main.go",
            "cmd/server/main.go",
        ),
        ("https://sourcegraph.com/github.com/sourcegraph/sourcegraph/-/tree/cmd/server/", "cmd/server"),
        ("https://github.com/sourcegraph/sourcegraph/blame/main/cmd/server/main.go#L9", "cmd/server/main.go"),
        ("https://github.com/sourcegraph/sourcegraph/raw/main/cmd/server/main.go", "cmd/server/main.go"),
        ("https://github.com/sourcegraph/sourcegraph/edit/main/cmd/server/main.go", "cmd/server/main.go"),
        ("https://github.com/sourcegraph/sourcegraph/commits/main/cmd/server", "cmd/server"),
        (
            "https://sourcegraph.com/github.com/sourcegraph/sourcegraph/-/blame/cmd/server/main.go",
            "cmd/server/main.go",
        ),
        ("https://sourcegraph.com/github.com/sourcegraph/sourcegraph/-/commits/cmd/server", "cmd/server"),
        (
            "https://github.com/sourcegraph/sourcegraph/raw/refs/heads/main/cmd/server/main.go",
            "cmd/server/main.go",
        ),
        (
            "https://raw.githubusercontent.com/sourcegraph/sourcegraph/refs/heads/main/cmd/server/main.go",
            "cmd/server/main.go",
        ),
        (
            "https://github.com/sourcegraph/sourcegraph/blob/refs/tags/v5.0.0/cmd/server/main.go",
            "cmd/server/main.go",
        ),
        (">cmd/server/main.go:12 panics (a quote with no space)", "cmd/server/main.go"),
    ],
)
def test_path_is_found_and_matched(body: str, path: str) -> None:
    assert paths_found(body) == [("server", "cmd/server/**", path)]


@pytest.mark.parametrize(
    "body",
    [
        "a cmd/serverless/x.go file",
        "monitoring and/or cmd/other",
        "<!-- `cmd/server/main.go` -->",
        "https://example.com/cmd/server/main.go",
    ],
)
def test_a_path_outside_the_glob_in_a_comment_or_on_another_site_is_not_evidence(body: str) -> None:
    assert paths_found(body) == []


def test_a_two_segment_word_in_prose_is_not_a_path_but_in_code_it_is() -> None:
    both = rules(team("ops", area("ci", paths=["ci/**"])))
    assert paths_found("CI/CD and ci/cd", both) == []
    assert paths_found("`ci/cd`", both) == [("ci", "ci/**", "ci/cd")]
    assert paths_found("```\nci/cd\n```", both) == [("ci", "ci/**", "ci/cd")]


def test_most_specific_glob_wins_across_areas() -> None:
    nested = rules(
        team(
            "ops",
            area("install", paths=["doc/admin/install/**"]),
            area("scale", paths=["doc/admin/install/kubernetes/scale.md"]),
            area("anywhere", paths=["**/*.md"]),
        )
    )
    assert paths_found("`doc/admin/install/kubernetes/scale.md`", nested) == [
        ("scale", "doc/admin/install/kubernetes/scale.md", "doc/admin/install/kubernetes/scale.md")
    ]


def test_equally_specific_globs_are_all_kept() -> None:
    tied = rules(team("ops", area("a", paths=["monitoring/**"]), area("b", paths=["monitoring/"])))
    assert [area_id for area_id, _, _ in paths_found("`monitoring/grafana.go`", tied)] == ["a", "b"]


def test_path_evidence_names_its_line() -> None:
    found = classify(SERVER, Issue(title="", body="one\ntwo `cmd/server/a.go`"))
    assert [(e.where, e.line) for e in found.evidence] == [("body", 2)]


def test_a_path_is_on_the_line_where_it_stands_alone_not_inside_a_longer_path() -> None:
    the_rules = rules(team("ops", area("server", paths=["server/**"]), area("cmd", paths=["cmd/server/**"])))
    found = classify(the_rules, Issue(title="", body="see cmd/server/x.go first\n\nthen server/x.go"))
    assert sorted((e.term, e.line) for e in found.evidence if e.kind == "path") == [
        ("cmd/server/**", 1),
        ("server/**", 3),
    ]


COMPOSE = rules(team("ops", area("compose", paths=["**/docker-compose.yaml"])))


def test_a_bare_file_name_in_inline_code_matches_a_glob_of_that_name_in_any_folder() -> None:
    """As git reads `**/name`: the name at the root matches too."""
    assert paths_found("my `docker-compose.yaml` is broken", COMPOSE) == [
        ("compose", "**/docker-compose.yaml", "docker-compose.yaml")
    ]


def test_a_bare_file_name_in_prose_is_not_a_path() -> None:
    assert paths_found("my docker-compose.yaml is broken", COMPOSE) == []


def test_a_folder_a_glob_names_still_needs_a_slash_to_count() -> None:
    folder = rules(team("ops", area("monitoring", paths=["monitoring/**"])))
    assert paths_found("`monitoring` is down", folder) == []


def test_a_glob_anchored_at_the_root_wants_the_path_written_with_its_slash() -> None:
    anchored = rules(team("ops", area("go", paths=["/go.mod"])))
    assert paths_found("my `go.mod` is broken", anchored) == []
    assert paths_found("my `/go.mod` is broken", anchored) == [("go", "/go.mod", "go.mod")]


def test_a_root_anchored_glob_with_a_wildcard_matches_the_paths_it_names() -> None:
    markdown = rules(team("ops", area("docs", paths=["/*.md"])))
    assert paths_found("see `./CONTRIBUTING.md`", markdown) == [("docs", "/*.md", "CONTRIBUTING.md")]


def test_a_root_anchored_glob_with_wildcards_matches_a_bare_name_as_its_unanchored_twin_does() -> None:
    """git reads `/**/go.mod` as `**/go.mod`."""
    anywhere = rules(team("ops", area("go", paths=["/**/go.mod"])))
    assert paths_found("my `go.mod` is broken", anywhere) == [("go", "/**/go.mod", "go.mod")]


def test_a_path_written_in_prose_ending_in_a_slash_counts() -> None:
    admin = rules(team("ops", area("admin", paths=["**/admin/**"])))
    assert paths_found("see deploy/admin/ for it", admin) == [("admin", "**/admin/**", "deploy/admin/")]


def test_a_path_in_a_fenced_block_before_one_in_prose_is_the_evidence() -> None:
    found = classify(SERVER, Issue(title="", body="```\ncmd/server/a.go\n```\nsee cmd/server/b.go"))
    assert [(e.text, e.line) for e in found.evidence] == [("cmd/server/a.go", 2)]


def test_slashes_are_not_literal_characters_when_globs_tie_on_literal_segments() -> None:
    """`**/b/cde` has four literal characters to the other's two, though fewer slashes."""
    tie = rules(team("ops", area("one", paths=["**/a/*/*/*/b/**"]), area("two", paths=["**/b/cde"])))
    assert paths_found("`a/x/y/z/b/cde`", tie) == [("two", "**/b/cde", "a/x/y/z/b/cde")]


def test_a_colon_inside_a_path_is_part_of_it_only_a_trailing_line_and_column_are_not() -> None:
    logs = rules(team("ops", area("logs", paths=["logs/**"])))
    assert paths_found("`logs/2020-01-01T10:30:00/server.log:12`", logs) == [
        ("logs", "logs/**", "logs/2020-01-01T10:30:00/server.log")
    ]


def test_a_branch_name_with_a_version_in_it_is_not_a_file_path() -> None:
    """`.20-hotfix` is no file extension: only a dot and letters or digits that end the name are."""
    release = rules(team("ops", area("release", paths=["release/**"])))
    assert paths_found("fixed on the release/3.20-hotfix branch", release) == []
    assert paths_found("see release/notes.md", release) == [("release", "release/**", "release/notes.md")]


def test_in_a_fenced_block_a_backtick_is_a_character_and_a_bare_file_name_is_not_a_path() -> None:
    assert paths_found("```\n$ cat `docker-compose.yaml`\n```", COMPOSE) == []


def test_a_root_anchored_glob_wants_its_slash_even_when_a_path_for_another_glob_is_named() -> None:
    both = rules(team("ops", area("go", paths=["/go.mod"]), area("docs", paths=["**/*.md"])))
    assert paths_found("my `go.mod` is broken, see `README.md`", both) == [("docs", "**/*.md", "README.md")]


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/sourcegraph",
        "https://github.com/sourcegraph/sourcegraph/issues/12",
        "https://github.com/sourcegraph/sourcegraph/pull/123/files",
        "https://github.com/sourcegraph/sourcegraph/tree/main/",
    ],
)
def test_a_github_link_to_no_file_or_folder_names_no_path(link: str) -> None:
    anything = rules(team("ops", area("any", paths=["**"])))
    assert paths_found(f"see {link}", anything) == []


def test_a_globs_evidence_is_the_first_path_it_wins_though_another_globs_needle_woke_a_later_one() -> None:
    """`aa/b.go` holds the needle of `**/aa*` only for `**/*.go` to win it: the evidence for
    `**/*.go` stays the first path it wins, however the one pass grouped the globs it found."""
    the_rules = rules(team("ops", area("go", keywords=["kubectl"], paths=["**/*.go", "**/aa*"])))
    assert paths_found("verylong/a.go kubectl aa/b.go", the_rules) == [("go", "**/*.go", "verylong/a.go")]


OURS_ONLY = SERVER._replace(path_repos=("sourcegraph/sourcegraph", "sourcegraph/deploy-*"))


@pytest.mark.parametrize(
    "body",
    [
        "https://github.com/c-eo/sourcegraph/blob/main/cmd/server/shared/copy.go",
        "https://sourcegraph.com/github.com/C-EO/sourcegraph@f6e8b61/-/blob/cmd/server/shared/copy.go?L73",
        "at /go/src/github.com/golang/go/cmd/server/main.go:42",
        "https://raw.githubusercontent.com/someone/else/main/cmd/server/main.go",
    ],
)
def test_with_path_repos_a_link_into_another_repositorys_file_names_no_path(body: str) -> None:
    assert paths_found(body, OURS_ONLY) == []


@pytest.mark.parametrize(
    "body",
    [
        "https://github.com/SourceGraph/SourceGraph/blob/main/cmd/server/main.go",
        "https://sourcegraph.com/github.com/sourcegraph/deploy-sourcegraph/-/blob/cmd/server/main.go",
        "at /go/src/github.com/sourcegraph/sourcegraph/cmd/server/main.go:42",
    ],
)
def test_with_path_repos_a_link_into_one_of_them_names_its_path_whatever_the_case(body: str) -> None:
    assert [path for _, _, path in paths_found(body, OURS_ONLY)] == ["cmd/server/main.go"]


@pytest.mark.parametrize("body", ["see `cmd/server/main.go`", "edit cmd/server/main.go please"])
def test_with_path_repos_a_path_written_without_a_link_still_counts(body: str) -> None:
    assert paths_found(body, OURS_ONLY) == [("server", "cmd/server/**", "cmd/server/main.go")]


def test_without_path_repos_a_link_into_any_repositorys_file_names_its_path() -> None:
    fork = "https://github.com/c-eo/sourcegraph/blob/main/cmd/server/shared/copy.go"
    assert paths_found(fork) == [("server", "cmd/server/**", "cmd/server/shared/copy.go")]


@pytest.mark.parametrize(
    "body",
    [
        "see [the entry point](cmd/server/main.go) first",
        "see [main.go](/cmd/server/main.go).",
        "see [it](./cmd/server/main.go), then",
        "see [cmd/server/main.go](cmd/server/main.go)",
        "see [cmd/server/main.go](#main-go)",
        "see [line 20](cmd/server/main.go#L20) and [raw](cmd/server/main.go?plain=1)",
        "| [entry](cmd/server/main.go)|",
        "[a](#top) [b](cmd/server/main.go)'s",
    ],
)
def test_a_markdown_links_target_or_beside_an_anchor_its_text_names_the_path(body: str) -> None:
    assert paths_found(body) == [("server", "cmd/server/**", "cmd/server/main.go")]


@pytest.mark.parametrize(
    "body",
    [
        "see [the docs](www.example.com/cmd/server/main.go)",
        "see [cmd/server/main.go](https://gitlab.example.com/ops/fork/-/blob/main/cmd/server/main.go)",
        "see [cmd/server/main.go](https://example.com/docs)",
        "see [cmd/server](main.go)",
        "see [the trace](localhost:3080/cmd/server/main.go)",
        "see [the trace](127.0.0.1:3080/cmd/server/main.go)",
        "see [the page](/-/debug/cmd/server/main.go)",
        "see [the docs](gitlab.acme.com/cmd/server/main.go)",
    ],
)
def test_a_markdown_link_to_another_site_or_without_a_slash_in_its_target_names_no_path(body: str) -> None:
    assert paths_found(body) == []


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("see [x](Acme.Web/cmd/server/main.go)", "Acme.Web/cmd/server/main.go"),
        (
            "see [x](https://github.com/sourcegraph/sourcegraph/blob/main/cmd/server/(app)/page.tsx)",
            "cmd/server/(app)/page.tsx",
        ),
        ("see [x](/sourcegraph/sourcegraph/blob/main/cmd/server/main.go)", "cmd/server/main.go"),
        ("see [x](.dev/cmd/server/x.sh)", ".dev/cmd/server/x.sh"),
        ("see [x](my_app.io/cmd/server/x.sh)", "my_app.io/cmd/server/x.sh"),
    ],
)
def test_a_markdown_links_target_keeps_dotted_folders_and_parentheses_and_reads_github_root_links(
    body: str, path: str
) -> None:
    dotted = rules(team("ops", area("server", paths=["**/cmd/server/**"])))
    assert [found for _, _, found in paths_found(body, dotted)] == [path]


def test_with_path_repos_a_root_relative_github_link_into_another_repository_names_no_path() -> None:
    assert paths_found("see [x](/acme/fork/blob/main/cmd/server/main.go)", OURS_ONLY) == []


@pytest.mark.parametrize(("before", "read"), [(127, True), (128, False)])
def test_only_the_first_128_tokens_holding_a_path_of_a_text_are_read(before: int, read: bool) -> None:
    """A hostile body can hold thousands of different paths, each costing a read and a match."""
    others = " ".join(f"cmd/server/a{n}.go" for n in range(before))
    the_rules = rules(team("ops", area("server", paths=["cmd/server/**"]), area("docs", paths=["doc/**"])))
    found = paths_found(f"{others} doc/x.md", the_rules)
    assert (("docs", "doc/**", "doc/x.md") in found) is read


def test_prose_and_fenced_blocks_each_have_their_own_128_tokens() -> None:
    crowded_prose = " ".join(f"cmd/server/a{n}.go" for n in range(200))
    the_rules = rules(team("ops", area("server", paths=["cmd/server/**"]), area("docs", paths=["doc/**"])))
    found = paths_found(f"{crowded_prose}\n```\ndoc/x.md\n```", the_rules)
    assert ("docs", "doc/**", "doc/x.md") in found


@pytest.mark.parametrize(("before", "read"), [(511, True), (512, False)])
def test_only_the_first_512_distinct_tokens_with_a_slash_of_a_text_are_considered(
    before: int, read: bool
) -> None:
    others = " ".join(f"x{n}/" for n in range(before))
    found = paths_found(f"{others} cmd/server/main.go")
    assert (("server", "cmd/server/**", "cmd/server/main.go") in found) is read


def test_a_link_target_of_thousands_of_open_parentheses_ends_at_its_first_closing_one() -> None:
    body = "see [x](cmd/server/" + "(" * 5000 + ")main.go)"
    (found,) = paths_found(body)
    assert (found[0], found[2].startswith("cmd/server/((("), "main.go" in found[2]) == ("server", True, False)


def test_a_row_of_badges_glued_together_is_read_to_its_last_link() -> None:
    badges = "".join(f"[![b{n}](https://img.shields.io/b{n})](https://example.com/{n})" for n in range(9))
    found = paths_found(badges + "[![last](https://img.shields.io/x)](cmd/server/main.go)")
    assert found == [("server", "cmd/server/**", "cmd/server/main.go")]


# --- File links to the rules' `github_hosts`, a GitHub Enterprise Server's ----------------------

ON_A_SERVER = SERVER._replace(github_hosts=("ghe.example.com",))


@pytest.mark.parametrize(
    ("link", "path"),
    [
        ("https://ghe.example.com/acme/web/blob/main/cmd/server/main.go#L12", "cmd/server/main.go"),
        ("https://GHE.EXAMPLE.COM/acme/web/tree/main/cmd/server", "cmd/server"),
        ("https://ghe.example.com/acme/web/blob/refs/heads/main/cmd/server/main.go", "cmd/server/main.go"),
        ("https://raw.ghe.example.com/acme/web/main/cmd/server/main.go", "cmd/server/main.go"),
        ("https://ghe.example.com/raw/acme/web/main/cmd/server/main.go", "cmd/server/main.go"),
        ("[main](ghe.example.com/acme/web/blob/main/cmd/server/main.go)", "cmd/server/main.go"),
        ("at /go/src/ghe.example.com/acme/web/cmd/server/main.go:42", "cmd/server/main.go"),
        (
            "https://sourcegraph.example.com/ghe.example.com/acme/web/-/blob/cmd/server/x.go",
            "cmd/server/x.go",
        ),
    ],
)
def test_a_file_link_to_one_of_the_rules_github_hosts_names_its_path_as_a_github_link_does(
    link: str, path: str
) -> None:
    assert paths_found(f"see {link}", ON_A_SERVER) == [("server", "cmd/server/**", path)]


def test_with_path_repos_a_file_link_to_one_of_the_github_hosts_counts_only_for_those_repositories() -> None:
    ours = ON_A_SERVER._replace(path_repos=("acme/web",))
    body = (
        "see https://ghe.example.com/someone/fork/blob/main/cmd/server/copy.go "
        "and https://ghe.example.com/Acme/Web/blob/main/cmd/server/main.go"
    )
    assert paths_found(body, ours) == [("server", "cmd/server/**", "cmd/server/main.go")]
