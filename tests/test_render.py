"""The comment: what it says, that issue text in it is inert, and that it always fits GitHub."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.render_builders import area, ask, classify_as, doc, evidence, field_rule, rules, team
from triage.comment_view import build_view, keep_reasons
from triage.errors import RulesError
from triage.marker import MARKER
from triage.model import Classification, CommentSettings, Evidence, Issue, Rules, TeamResult
from triage.render import (
    CONTEXT_NAMES,
    CUT_NOTE,
    MAX_BYTES,
    MAX_CHARS,
    _cut,
    _load_template,
    render_comment,
)
from triage.safe_text import ZWJ

SINGLE_CONTAINER_NOTE = "Single-container deployments are for demos only. Move to Docker Compose."
CORRECTION = (
    "Wrong team or area? Reply here and a maintainer will change the labels; "
    "triage never puts back a label a person removed."
)


def distribution_rules(**settings: str) -> Rules:
    return rules(
        team(
            "distribution",
            area("kubernetes", docs=[doc("Cluster installation"), doc("Scaling")]),
            area("single-container", docs=[doc("Compose install")], note=SINGLE_CONTAINER_NOTE),
            area("monitoring", docs=[doc("Alerting"), doc("Scaling")]),
            area("debugging", fields=[field_rule("Deployment type", "kubernetes")]),
            docs=[doc("Distribution goals"), doc("Cluster installation")],
        ),
        **settings,
    )


def render_kubernetes(*found: Evidence) -> str:
    the_rules = distribution_rules()
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": found or [evidence()]}))
    assert comment is not None
    return comment


def code_spans(markdown: str) -> list[str]:
    """The contents of the inline code spans in `markdown`, as CommonMark reads them."""
    spans = re.finditer(r"(?<!`)(`+)(?!`)(.*?[^`])\1(?!`)", markdown)
    contents = [m.group(2) for m in spans]
    return [c[1:-1] if c.startswith(" ") and c.endswith(" ") and c.strip() else c for c in contents]


def outside_code_spans(markdown: str) -> str:
    return re.sub(r"(?<!`)(`+)(?!`)(.*?[^`])\1(?!`)", "", markdown)


# --- What the comment says -------------------------------------------------------------------


def rules_with_template(folder: Path, source: str) -> Rules:
    """The distribution rules with a comment template of their own, `comment.md.j2` in `folder`."""
    template = folder / "comment.md.j2"
    template.write_text(source, encoding="utf-8")
    return distribution_rules()._replace(comment=CommentSettings(template=str(template)))


def test_marker_is_alone_on_the_first_line() -> None:
    assert render_kubernetes().splitlines()[0] == MARKER


def test_the_marker_is_the_one_comments_already_posted_carry() -> None:
    # A run finds its own comment by this line: changing it would leave every earlier comment behind.
    assert render_kubernetes().startswith("<!-- triage: ownership -->\n")


def test_names_team_and_area_with_their_labels() -> None:
    assert (
        "This looks like **Distribution** (`team/distribution`), area **Kubernetes area** "
        "(`distribution/kubernetes`)." in render_kubernetes()
    )


def test_ends_with_how_to_correct_a_wrong_label() -> None:
    assert render_kubernetes().rstrip("\n").splitlines()[-1] == CORRECTION


def test_area_note_comes_right_after_the_thanks_and_what_the_issue_looks_like() -> None:
    the_rules = distribution_rules()
    found = {"kubernetes": [evidence()], "single-container": [evidence("keyword", "sourcegraph/server")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    lines = comment.splitlines()
    assert lines[1].startswith("Thanks for opening this issue. This looks like **Distribution**")
    assert lines[2:5] == ["", "> [!IMPORTANT]", f"> {SINGLE_CONTAINER_NOTE}"]


def test_a_note_two_areas_share_is_shown_once() -> None:
    the_rules = rules(
        team(
            "distribution",
            area("docker", note=SINGLE_CONTAINER_NOTE),
            area("compose", note=SINGLE_CONTAINER_NOTE),
        )
    )
    comment = render_comment(
        the_rules, classify_as(the_rules, {"docker": [evidence()], "compose": [evidence()]})
    )
    assert comment is not None
    assert comment.count(SINGLE_CONTAINER_NOTE) == 1


VERSION_QUESTION = "Which Sourcegraph version do you run (e.g. `3.41.0`)?"


def asking_rules(**settings: str) -> Rules:
    """Kubernetes asks for the version, unless the issue names one; Monitoring is suggested beside it."""
    return rules(
        team(
            "distribution",
            area(
                "kubernetes", docs=[doc("Cluster installation")], asks=[ask(VERSION_QUESTION, r"\b\d+\.\d+")]
            ),
            area("monitoring"),
        ),
        **settings,
    )


def render_asking(body: str = "", **settings: str) -> str | None:
    the_rules = asking_rules(**settings)
    found = classify_as(
        the_rules,
        {"kubernetes": [evidence()]},
        suggested={"monitoring": [evidence("keyword", "grafana", where="body")]},
        issue=Issue(title="kubectl apply fails", body=body),
    )
    return render_comment(the_rules, found)


def test_the_questions_come_after_the_docs_and_reasons_before_what_is_possibly_also_meant() -> None:
    comment = render_asking()
    assert comment is not None
    after_docs = comment.split("</details>\n\n", 1)[1]
    assert after_docs.startswith(
        f"To help the owners look into this, please edit the issue to add:\n- {VERSION_QUESTION}\n\n"
        "Possibly also **Monitoring area**"
    )


def test_an_issue_that_answers_every_question_is_asked_nothing() -> None:
    comment = render_asking(body="Since the upgrade to 3.41.0")
    assert comment is not None
    assert "please add" not in comment


def test_the_short_comment_for_an_issue_no_owner_was_found_for_asks_nothing() -> None:
    the_rules = asking_rules(fallback="needs-triage", on_no_match="short")
    comment = render_comment(the_rules, classify_as(the_rules, {}, issue=Issue("Hello", "")))
    assert comment is not None
    assert "please add" not in comment


def test_a_rules_template_gets_the_questions_to_ask(tmp_path: Path) -> None:
    template = tmp_path / "comment.md.j2"
    template.write_text("{% for q in asks %}Q: {{ q }}\n{% endfor %}", encoding="utf-8")
    the_rules = asking_rules()._replace(comment=CommentSettings(template=str(template)))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment == f"{MARKER}\nQ: {VERSION_QUESTION}\n"


def test_docs_are_listed_once_across_areas_and_team() -> None:
    the_rules = distribution_rules()
    comment = render_comment(
        the_rules, classify_as(the_rules, {"kubernetes": [evidence()], "monitoring": [evidence()]})
    )
    assert comment is not None
    links = re.findall(r"^- \[(.+?)\]\(", comment, flags=re.MULTILINE)
    assert links == ["Cluster installation", "Scaling", "Alerting", "Distribution goals"]


@pytest.mark.parametrize(
    ("found", "why"),
    [
        (evidence("keyword", "kustomize"), "- `kustomize` in the title"),
        (evidence("keyword", "kubectl", where="body", line=3), "- `kubectl` in the body, line 3"),
        (
            evidence("path", "cmd/server/shared/shared.go", term="cmd/server/**", where="body", line=12),
            "- path `cmd/server/shared/shared.go` in the body, line 12",
        ),
        (
            evidence(
                "repo",
                "https://github.com/sourcegraph/deploy-sourcegraph",
                term="sourcegraph/deploy-sourcegraph",
                where="body",
                line=4,
            ),
            "- repository `sourcegraph/deploy-sourcegraph` linked in the body, line 4",
        ),
        (
            evidence(
                "repo",
                "HTTPS://GitHub.com/sourcegraph/deploy-sourcegraph",
                term="sourcegraph/deploy-sourcegraph",
            ),
            "- repository `sourcegraph/deploy-sourcegraph` linked in the title",
        ),
        (
            evidence("repo", "sourcegraph/deploy-sourcegraph", where="body", line=2),
            "- repository `sourcegraph/deploy-sourcegraph` mentioned in the body, line 2",
        ),
        (
            evidence("pattern", "deploy-sourcegraph-docker", term=r"deploy-sourcegraph(-\w+)?", where="body"),
            "- `deploy-sourcegraph-docker` in the body, line 1",
        ),
    ],
    ids=[
        "title keyword",
        "body keyword",
        "path",
        "repo link",
        "repo link in capitals",
        "repo mention",
        "pattern",
    ],
)
def test_each_piece_of_evidence_gets_one_line_why(found: Evidence, why: str) -> None:
    assert why in render_kubernetes(found).splitlines()


def test_a_repository_linked_on_one_of_the_rules_github_hosts_is_said_linked() -> None:
    the_rules = distribution_rules()._replace(github_hosts=("ghe.example.com",))
    found = evidence(
        "repo", "https://GHE.example.com/acme/deploy/blob/main/x.yaml", term="acme/deploy", where="body"
    )
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [found]}))
    assert comment is not None
    assert "- repository `acme/deploy` linked in the body, line 1" in comment.splitlines()


@pytest.mark.parametrize(
    "term",
    ["Deployment type: kubernetes", "Deployment type", "kubernetes"],
    ids=["term is name and value", "term is name", "term is value"],
)
def test_field_evidence_names_the_field_as_the_rules_spell_it(term: str) -> None:
    the_rules = distribution_rules()
    found = evidence("field", "Kubernetes", term=term, where="body", line=7)
    comment = render_comment(the_rules, classify_as(the_rules, {"debugging": [found]}))
    assert comment is not None
    assert "- field *Deployment type*: `Kubernetes` in the body, line 7" in comment.splitlines()


def test_a_field_says_where_in_the_body_the_form_answered_it() -> None:
    the_rules = distribution_rules()
    found = evidence("field", "Kubernetes", term="Deployment type: kubernetes", where="body", line=4)
    comment = render_comment(the_rules, classify_as(the_rules, {"debugging": [found]}))
    assert comment is not None
    assert "- field *Deployment type*: `Kubernetes` in the body, line 4" in comment.splitlines()


def test_a_field_is_not_named_after_another_whose_name_begins_its_own() -> None:
    fields = [field_rule("Deployment", "docker"), field_rule("Deployment type", "kubernetes")]
    the_rules = rules(team("distribution", area("debugging", fields=fields)))
    found = evidence("field", "Kubernetes", term="Deployment type: kubernetes", where="body", line=7)
    comment = render_comment(the_rules, classify_as(the_rules, {"debugging": [found]}))
    assert comment is not None
    assert "- field *Deployment type*: `Kubernetes` in the body, line 7" in comment.splitlines()


def test_a_field_term_the_rules_do_not_spell_is_shown_escaped() -> None:
    the_rules = distribution_rules()
    found = evidence("field", "x", term="*@octocat* <b>", where="body", line=7)
    comment = render_comment(the_rules, classify_as(the_rules, {"debugging": [found]}))
    assert comment is not None
    assert f"- field *\\*@{ZWJ}octocat\\* &lt;b&gt;*: `x` in the body, line 7" in comment.splitlines()


def test_evidence_in_the_title_is_listed_before_evidence_in_the_body() -> None:
    comment = render_kubernetes(evidence("keyword", "aaa", where="body", line=1), evidence("keyword", "zzz"))
    assert comment.index("`zzz` in the title") < comment.index("`aaa` in the body, line 1")


def test_an_exclude_term_found_is_not_given_as_a_reason() -> None:
    comment = render_kubernetes(evidence(), evidence("exclude", "minikube tutorial", where="body"))
    assert "minikube tutorial" not in comment


def test_the_same_words_found_twice_in_one_place_make_one_line() -> None:
    said = [
        evidence("keyword", "Grafana dashboard"),
        evidence("pattern", "Grafana dashboard", term=r"grafana\s+dash"),
    ]
    assert render_kubernetes(*said).count("`Grafana dashboard` in the title") == 1


def test_suggested_areas_are_named_without_their_label() -> None:
    the_rules = distribution_rules()
    found = classify_as(the_rules, {"kubernetes": [evidence()]}, suggested={"monitoring": [evidence()]})
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert (
        "Possibly also [**Monitoring area**](https://docs.example.com/alerting) "
        "(not labelled: the evidence was thin)." in comment
    )
    assert "distribution/monitoring" not in comment


def test_suggested_areas_are_named_in_the_order_the_classification_gives_them() -> None:
    the_rules = distribution_rules()
    suggested = {"single-container": [evidence()], "monitoring": [evidence()]}
    comment = render_comment(
        the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, suggested=suggested)
    )
    assert comment is not None
    assert (
        "Possibly also [**Single Container area**](https://docs.example.com/compose-install) "
        "or [**Monitoring area**](https://docs.example.com/alerting) (not labelled" in comment
    )


def test_the_comment_links_a_suggested_areas_name_to_its_first_doc() -> None:
    the_rules = distribution_rules()
    found = classify_as(the_rules, {"kubernetes": [evidence()]}, suggested={"monitoring": [evidence()]})
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "Possibly also [**Monitoring area**](https://docs.example.com/alerting) (not labelled" in comment
    assert "[Scaling]" not in comment.partition("Possibly also")[2]


def test_a_suggested_area_with_no_docs_is_named_without_a_link() -> None:
    the_rules = distribution_rules(on_no_match="short")
    found = classify_as(the_rules, suggested={"debugging": [evidence()]})
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "It might be **Debugging area** (not labelled: the evidence was thin)." in comment


def test_a_rules_template_gets_the_suggested_areas_with_their_docs(tmp_path: Path) -> None:
    template = tmp_path / "comment.md.j2"
    template.write_text(
        "{% for a in suggested_areas %}{{ a.name }}: {{ a.docs | map(attribute='title') | join(', ') }}"
        "{% endfor %}",
        encoding="utf-8",
    )
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    found = classify_as(the_rules, {"kubernetes": [evidence()]}, suggested={"monitoring": [evidence()]})
    assert render_comment(the_rules, found) == f"{MARKER}\nMonitoring area: Alerting, Scaling\n"


def two_team_rules(**settings: str) -> Rules:
    return rules(
        team("distribution", area("monitoring")),
        team("search", area("insights", team_id="search"), area("zoekt", team_id="search")),
        **settings,
    )


def only_teams_applied(found: Classification, *team_ids: str) -> Classification:
    """`found` with only the teams `team_ids` labelled (`classify_as` labels every team it lists)."""
    return found._replace(teams=tuple(t._replace(applied=t.team.id in team_ids) for t in found.teams))


def test_a_suggested_area_whose_label_the_issue_carries_is_not_named_as_not_labelled() -> None:
    # A person (or an issue form) gave the label: "(not labelled: the evidence was thin)" would deny it.
    the_rules = distribution_rules()
    issue = Issue("kubectl fails", "grafana too", labels=("team/distribution", "Distribution/Monitoring"))
    found = classify_as(
        the_rules,
        {"kubernetes": [evidence()]},
        suggested={"monitoring": [evidence("keyword", "grafana", where="body")], "debugging": [evidence()]},
        issue=issue,
    )
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "Monitoring area" not in comment
    assert "Possibly also **Debugging area** (not labelled: the evidence was thin)." in comment


def test_with_several_teams_a_suggested_area_of_a_team_the_comment_does_not_name_carries_the_team() -> None:
    the_rules = two_team_rules()
    found = classify_as(
        the_rules,
        {"zoekt": [evidence(team_id="search")]},
        suggested={"monitoring": [evidence("keyword", "grafana")]},
    )
    comment = render_comment(the_rules, only_teams_applied(found, "search"))
    assert comment is not None
    assert "Possibly also **Monitoring area (Distribution)** (not labelled: the evidence" in comment
    assert "- **Monitoring area (Distribution)**: `grafana` in the title" in comment


def test_with_several_teams_a_suggested_area_of_the_one_team_the_comment_names_is_named_alone() -> None:
    the_rules = two_team_rules()
    found = classify_as(
        the_rules,
        {"zoekt": [evidence(team_id="search")]},
        suggested={"insights": [evidence("keyword", "dashboards", team_id="search")]},
    )
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "Possibly also **Insights area** (not labelled: the evidence was thin)." in comment


def test_with_several_teams_the_short_comment_names_the_team_of_each_suggested_area() -> None:
    the_rules = two_team_rules(on_no_match="short")
    suggested = {"monitoring": [evidence()], "zoekt": [evidence(team_id="search")]}
    assert render_comment(the_rules, classify_as(the_rules, suggested=suggested)) == (
        f"{MARKER}\nThanks for opening this issue. triage could not tell which team owns this.\n"
        "It might be **Monitoring area (Distribution)** or **Zoekt area (Search)** "
        "(not labelled: the evidence was thin).\n"
    )


def documented_two_team_rules() -> Rules:
    return rules(
        team(
            "distribution",
            area("kubernetes", docs=[doc("Cluster installation")]),
            area("monitoring", docs=[doc("Alerting")]),
            docs=[doc("Distribution goals")],
        ),
        team("search", area("zoekt", team_id="search", docs=[doc("Zoekt docs")]), docs=[doc("Search goals")]),
    )


def block_headings(comment: str) -> list[str]:
    """The lines that open a team's or an area's block, in order."""
    return re.findall(r"^(?:### .+|\*\*[^*]+\*\*)$", comment, flags=re.MULTILINE)


def test_with_several_teams_each_teams_block_leads_its_own_areas() -> None:
    the_rules = documented_two_team_rules()
    found = {"kubernetes": [evidence()], "monitoring": [evidence()], "zoekt": [evidence(team_id="search")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    assert block_headings(comment) == [
        "### Distribution",
        "**Kubernetes area**",
        "**Monitoring area**",
        "### Search",
        "**Zoekt area**",
    ]
    assert comment.index("[Distribution goals]") < comment.index("[Cluster installation]")


def test_with_several_teams_a_team_with_no_docs_and_no_reasons_is_still_named_above_its_areas() -> None:
    the_rules = rules(
        team("distribution", area("kubernetes", docs=[doc("Cluster installation")])),
        team("search", area("zoekt", team_id="search", docs=[doc("Zoekt docs")])),
    )
    found = {"kubernetes": [evidence()], "zoekt": [evidence(team_id="search")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    assert block_headings(comment) == [
        "### Distribution",
        "**Kubernetes area**",
        "### Search",
        "**Zoekt area**",
    ]


def atx_heading_text(line: str) -> str:
    """An ATX heading's text as CommonMark reads it: its one closing run of `#`s, when a space comes
    before it (or it is all there is), goes; `## C#` keeps its `#`."""
    text = line.lstrip("#").strip()
    kept = text.rstrip("#")
    return kept.rstrip() if not kept or kept[-1] in " \t" else text


@pytest.mark.parametrize("name", ["Search", "Team C #", "Team ##", "C#", "#"])
def test_with_several_teams_a_team_heading_reads_as_the_teams_name(name: str) -> None:
    the_rules = documented_two_team_rules()
    named = the_rules._replace(teams=(the_rules.teams[0]._replace(name=name), *the_rules.teams[1:]))
    found = {"kubernetes": [evidence()], "zoekt": [evidence(team_id="search")]}
    comment = render_comment(named, classify_as(named, found))
    assert comment is not None
    assert atx_heading_text(block_headings(comment)[0]) == name


def test_with_several_teams_a_rule_sets_the_closing_lines_apart_from_the_last_teams_block() -> None:
    the_rules = documented_two_team_rules()
    found = {"kubernetes": [evidence()], "zoekt": [evidence(team_id="search")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    assert comment.endswith(f"</details>\n\n---\n\n{CORRECTION}\n")


def test_with_one_team_the_comment_has_no_rule_before_its_closing_lines() -> None:
    assert "\n---\n" not in render_kubernetes()


def test_with_one_team_its_areas_docs_come_first_and_its_own_after_them() -> None:
    the_rules = documented_two_team_rules()
    comment = render_comment(the_rules, classify_as(the_rules, {"zoekt": [evidence(team_id="search")]}))
    assert comment is not None
    assert block_headings(comment) == ["**Zoekt area**", "**Search**"]
    assert comment.index("[Zoekt docs]") < comment.index("[Search goals]")


def test_a_doc_the_areas_note_links_to_is_not_listed_again_below_it() -> None:
    compose = doc("Compose install", "https://docs.example.com/compose")
    note = "Demos only. Move to Docker Compose: see the [install docs](https://docs.example.com/compose)."
    the_rules = rules(
        team("distribution", area("single-container", docs=[compose, doc("Server")], note=note))
    )
    comment = render_comment(the_rules, classify_as(the_rules, {"single-container": [evidence()]}))
    assert comment is not None
    assert comment.count("https://docs.example.com/compose") == 1
    assert "- [Server](https://docs.example.com/server)" in comment


@pytest.mark.parametrize(
    "note",
    [
        "Demos only. Move to Docker Compose: https://docs.example.com/compose.",
        "Demos only (see https://docs.example.com/compose)",
        "Demos only: **https://docs.example.com/compose**",
        "Demos only: ~~old~~ _https://docs.example.com/compose_",
        "Demos only: see [Compose [beta]](https://docs.example.com/compose).",
    ],
)
def test_a_doc_the_note_links_bare_in_emphasis_or_with_brackets_in_its_text_is_not_listed_again(
    note: str,
) -> None:
    compose = doc("Compose install", "https://docs.example.com/compose")
    the_rules = rules(
        team("distribution", area("single-container", docs=[compose, doc("Server")], note=note))
    )
    comment = render_comment(the_rules, classify_as(the_rules, {"single-container": [evidence()]}))
    assert comment is not None
    assert ("[Compose install]" in comment, "[Server]" in comment) == (False, True)


@pytest.mark.parametrize(
    "note",
    [
        "Demos only: the docs live under `https://docs.example.com/compose`.",
        "Demos only: see [https://docs.example.com/compose](https://elsewhere.example.com/x).",
    ],
)
def test_a_doc_the_note_shows_only_as_code_or_as_a_links_text_is_still_listed(note: str) -> None:
    compose = doc("Compose install", "https://docs.example.com/compose")
    the_rules = rules(team("distribution", area("single-container", docs=[compose], note=note)))
    comment = render_comment(the_rules, classify_as(the_rules, {"single-container": [evidence()]}))
    assert comment is not None
    assert "- [Compose install](https://docs.example.com/compose)" in comment


def test_an_area_lists_its_first_four_docs_and_folds_the_rest_away() -> None:
    many = [doc(f"Guide {n}") for n in range(1, 7)]
    the_rules = rules(team("distribution", area("kubernetes", docs=many)))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment is not None
    shown, _, folded = comment.partition("<details><summary>2 more docs</summary>")
    assert [f"[Guide {n}]" in shown for n in range(1, 7)] == [True] * 4 + [False] * 2
    assert "[Guide 5]" in folded.partition("</details>")[0]
    assert "[Guide 6]" in folded.partition("</details>")[0]


def test_a_team_lists_its_first_four_docs_and_folds_the_rest_away() -> None:
    many = [doc(f"Guide {n}") for n in range(1, 7)]
    the_rules = rules(team("distribution", area("kubernetes"), docs=many))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment is not None
    shown, _, folded = comment.partition("<details><summary>2 more docs</summary>")
    assert [f"[Guide {n}]" in shown for n in range(1, 7)] == [True] * 4 + [False] * 2
    assert "[Guide 5]" in folded.partition("</details>")[0]
    assert "[Guide 6]" in folded.partition("</details>")[0]


def test_an_area_of_four_docs_folds_none_away() -> None:
    the_rules = rules(team("distribution", area("kubernetes", docs=[doc(f"Guide {n}") for n in range(4)])))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment is not None
    assert "more docs" not in comment


def test_a_suggested_area_says_why_it_came_close() -> None:
    the_rules = distribution_rules()
    suggested = {
        "monitoring": [evidence("keyword", "alert", where="body", line=4), evidence("keyword", "panel")]
    }
    found = classify_as(the_rules, {"kubernetes": [evidence()]}, suggested=suggested)
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert (
        "<details><summary>Why possibly</summary>\n\n"
        "- **Monitoring area**: `panel` in the title; `alert` in the body, line 4\n\n</details>"
    ) in comment


def test_a_suggested_area_whose_evidence_the_team_lists_already_is_not_explained_twice() -> None:
    the_rules = distribution_rules()
    suggested = {"kubernetes": [evidence("keyword", "Kubernetes", where="body")]}
    comment = render_comment(the_rules, classify_as(the_rules, suggested=suggested, team_applied=True))
    assert comment is not None
    assert comment.count("`Kubernetes` in the body, line 1") == 1
    assert "Why possibly" not in comment


def test_a_suggested_area_says_why_though_another_team_lists_the_same_words_as_its_own() -> None:
    the_rules = two_team_rules()
    suggested = {
        "monitoring": [evidence("keyword", "gitserver")],
        "zoekt": [evidence("keyword", "gitserver", team_id="search")],
    }
    found = classify_as(the_rules, suggested=suggested, team_applied=True)
    comment = render_comment(the_rules, only_teams_applied(found, "distribution"))
    assert comment is not None
    assert (
        "<details><summary>Why possibly</summary>\n\n"
        "- **Zoekt area (Search)**: `gitserver` in the title\n\n</details>"
    ) in comment


def test_reasons_of_suggested_areas_count_towards_the_reasons_a_long_comment_hides() -> None:
    the_rules = distribution_rules()
    many = [evidence("keyword", f"word{n}", where="body", line=n) for n in range(1, 4)]
    found = classify_as(the_rules, {"kubernetes": [evidence()]}, suggested={"monitoring": many})
    view = build_view(the_rules, found)
    kept = keep_reasons(view, 2)
    assert [p.reasons for p in kept.possible] == [("`word1` in the body, line 1",)]
    assert kept.hidden_reasons == 2


def test_team_without_an_area_says_no_area_stood_out() -> None:
    the_rules = distribution_rules()
    found = classify_as(the_rules, team_evidence=[evidence("keyword", "distribution team", area_id=None)])
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "**Distribution** (`team/distribution`), though no single area of it stood out." in comment
    assert "- `distribution team` in the title" in comment


def test_a_team_the_rules_give_no_areas_is_named_without_saying_no_area_stood_out() -> None:
    the_rules = rules(team("search"))
    found = classify_as(the_rules, team_evidence=[evidence("keyword", "zoekt", area_id=None)])
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "This looks like **Search** (`team/search`).\n" in comment


def test_a_team_labelled_on_its_areas_thin_evidence_says_why_and_names_them_without_also() -> None:
    the_rules = distribution_rules()
    suggested = {
        "kubernetes": [evidence("keyword", "Kubernetes", where="body")],
        "monitoring": [evidence("keyword", "resource estimator", where="body")],
    }
    comment = render_comment(the_rules, classify_as(the_rules, suggested=suggested, team_applied=True))
    assert comment is not None
    assert "- `Kubernetes` in the body, line 1\n- `resource estimator` in the body, line 1\n" in comment
    assert (
        "Possibly [**Kubernetes area**](https://docs.example.com/cluster-installation) or "
        "[**Monitoring area**](https://docs.example.com/alerting) (not labelled: the evidence was thin)."
        in comment
    )


def test_a_team_label_a_person_took_off_is_not_claimed_while_an_area_of_it_stays() -> None:
    the_rules = distribution_rules()
    found = classify_as(the_rules, {"kubernetes": [evidence()]})
    comment = render_comment(the_rules, found.without_labels(["team/distribution"]))
    assert comment is not None
    assert (
        "This looks like **Distribution**, area **Kubernetes area** (`distribution/kubernetes`)." in comment
    )
    assert "team/distribution" not in comment


def test_after_a_person_removed_the_only_area_label_the_team_label_keeps_its_reasons() -> None:
    the_rules = distribution_rules()
    found = classify_as(the_rules, {"kubernetes": [evidence("keyword", "helm", where="body")]})
    comment = render_comment(the_rules, found.without_labels(["distribution/kubernetes"]))
    assert comment is not None
    assert "<details><summary>Why this team</summary>\n\n- `helm` in the body, line 1\n" in comment
    assert "distribution/kubernetes" not in comment


def test_a_team_a_person_took_off_with_its_only_area_is_named_as_taken_off_not_as_never_found() -> None:
    the_rules = distribution_rules()
    found = classify_as(the_rules, {"kubernetes": [evidence()]})
    taken_off = ("team/distribution", "distribution/kubernetes")
    comment = render_comment(the_rules, found.without_labels(taken_off), always=True, taken_off=taken_off)
    assert comment == (
        f"{MARKER}\nThanks for opening this issue. A person took off the labels triage found for it "
        "(`team/distribution`, `distribution/kubernetes`), so this comment names no owner; triage does "
        "not put them back.\n"
    )


def test_an_area_label_a_person_took_off_leaves_the_team_named_not_said_to_have_no_area_stand_out() -> None:
    """The area did stand out: a person disagreed, which is not what "no single area" says."""
    the_rules = distribution_rules()
    found = classify_as(the_rules, {"kubernetes": [evidence()]}, team_applied=True)
    taken_off = ("distribution/kubernetes",)
    comment = render_comment(the_rules, found.without_labels(taken_off), taken_off=taken_off)
    assert comment is not None
    assert "This looks like **Distribution** (`team/distribution`).\n" in comment
    assert "took off" not in comment
    assert "stood out" not in comment


def test_an_area_label_taken_off_another_team_leaves_this_teams_no_area_as_it_was() -> None:
    the_rules = documented_two_team_rules()
    found = classify_as(
        the_rules,
        {"zoekt": [evidence(team_id="search")]},
        team_evidence=[evidence("keyword", "distribution team", area_id=None)],
        team_applied=True,
    )
    taken_off = ("search/zoekt",)
    comment = render_comment(the_rules, found.without_labels(taken_off), taken_off=taken_off)
    assert comment is not None
    assert "**Distribution** (`team/distribution`), though no single area of it stood out;" in comment
    assert "**Search** (`team/search`)." in comment


def test_nothing_matched_means_no_comment() -> None:
    the_rules = distribution_rules(fallback="needs-triage")
    assert render_comment(the_rules, classify_as(the_rules)) is None


def test_nothing_matched_with_short_setting_is_one_line_naming_the_fallback_label() -> None:
    the_rules = distribution_rules(fallback="needs-triage", on_no_match="short")
    assert render_comment(the_rules, classify_as(the_rules)) == (
        f"{MARKER}\nThanks for opening this issue. triage could not tell which team owns this, "
        "so it is labelled `needs-triage` for a person to look at.\n"
    )


def test_nothing_matched_still_gets_the_short_comment_when_asked_always() -> None:
    # A comment of ours already on the issue says something that must not stay as it is.
    the_rules = distribution_rules(fallback="needs-triage")
    assert render_comment(the_rules, classify_as(the_rules), always=True) == (
        f"{MARKER}\nThanks for opening this issue. triage could not tell which team owns this, "
        "so it is labelled `needs-triage` for a person to look at.\n"
    )


def test_nothing_matched_with_short_setting_still_names_a_suggested_area() -> None:
    the_rules = distribution_rules(on_no_match="short")
    found = classify_as(the_rules, suggested={"monitoring": [evidence()]})
    assert render_comment(the_rules, found) == (
        f"{MARKER}\nThanks for opening this issue. triage could not tell which team owns this.\n"
        "It might be [**Monitoring area**](https://docs.example.com/alerting) "
        "(not labelled: the evidence was thin).\n"
    )


def network_and_distribution_rules(**settings: str) -> Rules:
    """A team of no areas (network, with a doc) beside one with areas."""
    return rules(
        team("network", docs=[doc("Ingress guide"), doc("DNS")]),
        team("distribution", area("kubernetes"), area("monitoring")),
        **settings,
    )


def with_network_suggested(the_rules: Rules, found: Classification, *said: Evidence) -> Classification:
    """`found` with the team of no areas `network` scored at its suggest threshold on `said`."""
    network = the_rules.teams[0]
    evidence_here = tuple(e._replace(team_id="network", area_id=None) for e in said)
    return found._replace(teams=(TeamResult(network, 2.0, False, (), evidence_here), *found.teams))


def test_the_short_comment_names_a_suggested_team_of_no_areas_linked_to_its_first_doc() -> None:
    the_rules = network_and_distribution_rules(fallback="needs-triage", on_no_match="short")
    found = with_network_suggested(the_rules, classify_as(the_rules), evidence("keyword", "ingress"))
    assert render_comment(the_rules, found) == (
        f"{MARKER}\nThanks for opening this issue. triage could not tell which team owns this, "
        "so it is labelled `needs-triage` for a person to look at.\n"
        "It might be [**Network**](https://docs.example.com/ingress-guide) "
        "(not labelled: the evidence was thin).\n"
    )


def test_a_suggested_team_of_no_areas_is_named_and_explained_where_a_suggested_area_is() -> None:
    the_rules = network_and_distribution_rules()
    labelled = only_teams_applied(classify_as(the_rules, {"kubernetes": [evidence()]}), "distribution")
    found = with_network_suggested(the_rules, labelled, evidence("keyword", "ingress", where="body", line=3))
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert (
        "Possibly also [**Network**](https://docs.example.com/ingress-guide) "
        "(not labelled: the evidence was thin).\n\n<details><summary>Why possibly</summary>\n\n"
        "- **Network**: `ingress` in the body, line 3\n"
    ) in comment
    assert "team/network" not in comment


def test_a_suggestion_beside_a_labelled_team_of_no_areas_is_named_as_possibly_also() -> None:
    """No area of such a team can be what the suggestion narrows it to: it names another owner too."""
    the_rules = rules(team("network"), team("search"))
    search = TeamResult(the_rules.teams[1], 3.0, True, (), (evidence("keyword", "zoekt", area_id=None),))
    labelled = classify_as(the_rules)._replace(teams=(search,), fallback=None)
    found = with_network_suggested(the_rules, labelled, evidence("keyword", "ingress"))
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert "This looks like **Search** (`team/search`).\n" in comment
    assert "Possibly also **Network** (not labelled: the evidence was thin).\n" in comment


def test_a_suggested_team_whose_label_the_issue_carries_is_not_named_as_not_labelled() -> None:
    the_rules = network_and_distribution_rules(on_no_match="short")
    issue = Issue(title="An issue", body="", labels=("team/network",))
    found = with_network_suggested(the_rules, classify_as(the_rules, issue=issue), evidence("keyword", "dns"))
    assert build_view(the_rules, found).suggested == ()


def test_output_does_not_depend_on_evidence_order() -> None:
    found = [evidence("keyword", f"word{n}", where="body", line=n) for n in range(1, 30)]
    shuffled = found[:]
    random.Random(7).shuffle(shuffled)
    assert render_kubernetes(*found) == render_kubernetes(*shuffled)


def test_evidence_found_on_one_line_is_listed_in_the_same_order_whatever_order_it_came_in() -> None:
    found = [
        evidence("keyword", "kubectl", where="body", line=2),
        evidence("pattern", "deploy-sourcegraph", term="deploy-sourcegraph.*", where="body", line=2),
        evidence("keyword", "helm", where="body", line=2),
    ]
    assert render_kubernetes(*found) == render_kubernetes(*reversed(found))


# --- Issue text is inert (RELIABILITY.md case 16) ------------------------------------------------

CONTROL = "[\x00-\x08\x0b-\x1f\u202e]"
HOSTILE = [
    pytest.param("${{ github.token }}", r"ghs_|\*\*\*", id="actions expression"),
    pytest.param("$(id)", r"uid=", id="command substitution"),
    pytest.param("::error::x", r"::", id="workflow command"),
    pytest.param("::add-mask::secret", r"::", id="add-mask"),
    pytest.param("x\nEOF\nghadelimiter_1\n::set-output name=a::b", r"^(EOF|ghadelimiter|::)", id="heredoc"),
    pytest.param("@sourcegraph/distribution please", r"@[\w-]", id="team mention"),
    pytest.param("cc @octocat", r"@[\w-]", id="user mention"),
    pytest.param("dupe of #123 and GH-7", r"#\d|GH-\d", id="issue reference"),
    pytest.param(MARKER, r"<!--", id="our marker"),
    pytest.param("<!-- hidden --> shown", r"<!-- hidden", id="html comment"),
    pytest.param("{{ 7*7 }}", r"\b49\b", id="template expression"),
    pytest.param("{% raw %}{{ config }}", r"Config|<Config", id="template statement"),
    pytest.param('<img src=x onerror="alert(1)">', r"<img[^`\n]*$", id="raw html"),
    pytest.param("`a` `` b ```", r"^- `{1,3}[^`]", id="backticks"),
    pytest.param("\x1b[31mred\x00\u202e", CONTROL, id="control characters"),
]


def hostile_comment(text: str) -> str:
    return render_kubernetes(evidence("keyword", text, term="kubernetes", where="body", line=1))


@pytest.mark.parametrize(("text", "forbidden"), HOSTILE)
def test_hostile_issue_text_is_inert_in_the_comment(text: str, forbidden: str) -> None:
    comment = hostile_comment(text).replace(MARKER, "", 1)
    assert not re.search(forbidden, comment, flags=re.MULTILINE)


@pytest.mark.parametrize(("text", "forbidden"), HOSTILE)
def test_hostile_issue_text_stays_inside_one_code_span(text: str, forbidden: str) -> None:
    comment = hostile_comment(text)
    shown = " ".join(re.sub(CONTROL, "", text).split())
    assert shown in [span.replace(ZWJ, "") for span in code_spans(comment)]


@pytest.mark.parametrize(("text", "forbidden"), HOSTILE)
def test_no_html_outside_code_spans_but_ours(text: str, forbidden: str) -> None:
    tags = re.findall(r"<[^>]*>", outside_code_spans(hostile_comment(text)))
    assert set(tags) <= {MARKER, "<details>", "<summary>", "</summary>", "</details>"}


def test_the_bundled_template_quotes_tags_references_and_arrows_of_the_issue_as_typed() -> None:
    """It lays reasons out in Markdown, where a code span shows them literally: a joiner there would
    only make evidence copied from the comment differ from the issue's text."""
    typed = "kubectl vector<int> a->b i-->0 &amp; a && b </div>"
    comment = render_kubernetes(evidence("pattern", typed, term="kubectl.*", where="body"))
    assert f"- `{typed}` in the body, line 1\n" in comment


def test_a_rules_template_that_puts_reasons_in_html_gets_no_tag_entity_or_comment_end_from_the_issue(
    tmp_path: Path,
) -> None:
    """In an HTML block GitHub reads no Markdown: the reason's backticks are no code span there."""
    template = tmp_path / "comment.md.j2"
    source = (
        "<!-- why: {{ teams[0].areas[0].reasons | join(' ') }} -->\n<details><summary>"
        "{% for reason in teams[0].areas[0].reasons %}{{ reason }}{% endfor %}</summary></details>\n"
    )
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    hostile = "kubectl <img src=//e.example/x.png> <a href=//e.example>c</a> &#x40;alice &commat;bob --> x"
    found = {"kubernetes": [evidence("pattern", hostile, term="kubectl.*", where="body")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    shown = (
        f"`kubectl <{ZWJ}img src=//e.example/x.png> <{ZWJ}a href=//e.example>c<{ZWJ}/a> &{ZWJ}#x40;alice "
        f"&{ZWJ}commat;bob -{ZWJ}-> x` in the body, line 1"
    )
    assert comment == f"{MARKER}\n<!-- why: {shown} -->\n<details><summary>{shown}</summary></details>\n"


def test_a_rules_template_that_strips_tags_from_the_title_gets_no_tag_reference_or_quote_back(
    tmp_path: Path,
) -> None:
    """Jinja2's own `striptags` decodes character references: the escaped title's tags came back."""
    template = tmp_path / "comment.md.j2"
    source = '<a title="{{ issue_title | striptags }}">{{ issue_title | striptags }}</a>\n'
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    issue = Issue(title='kubectl  <img src=//e.example/x.png> &#x40;alice " x', body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    shown = "kubectl &lt;img src=//e.example/x.png&gt; &amp;#x40;alice &quot; x"
    assert comment == f'{MARKER}\n<a title="{shown}">{shown}</a>\n'


def test_a_rules_template_that_strips_tags_from_a_reason_gets_no_mention_reference_or_image_joined_up(
    tmp_path: Path,
) -> None:
    """A reason quotes the issue's `<` as typed: a tag closed up to nothing made `@<b>alice` a
    mention, `&<b>#x40;` an @, and two backticks round a tag one run, ending the code span before
    the reporter's image."""
    template = tmp_path / "comment.md.j2"
    source = "{% for reason in teams[0].areas[0].reasons %}\n- {{ reason | striptags }}\n{% endfor %}"
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    hostile = "kubectl @<b>alice &<b>#x40;bob `<b>` ![x](https://e.example/x.png) `<b>`"
    found = {"kubernetes": [evidence("pattern", hostile, term="kubectl.*", where="body")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    quoted = f"kubectl @{ZWJ}alice &{ZWJ}#x40;bob `{ZWJ}` ![x]{ZWJ}(https:{ZWJ}//e.example/x.png) `{ZWJ}`"
    assert comment == f"{MARKER}\n- `` {quoted} `` in the body, line 1\n"


def test_a_rules_template_that_truncates_a_reason_gets_no_link_or_image_from_the_issue(
    tmp_path: Path,
) -> None:
    """`truncate` cuts the code span's closing backticks: the rest of the line is Markdown again."""
    template = tmp_path / "comment.md.j2"
    source = "{% for reason in teams[0].areas[0].reasons %}\n- {{ reason | truncate(70) }}\n{% endfor %}"
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    hostile = "kubectl ![x](https://e.example/x.png) [see](//e.example/a) www.e.example"
    found = {"kubernetes": [evidence("pattern", hostile, term="kubectl.*", where="body")]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment == (
        f"{MARKER}\n- `kubectl ![x]{ZWJ}(https:{ZWJ}//e.example/x.png) [see]{ZWJ}(//e.example/a)...\n"
    )


def test_a_rules_template_that_strips_tags_from_its_own_text_gets_no_joiner_where_a_tag_stood(
    tmp_path: Path,
) -> None:
    source = '{{ "<p><b>Distribution</b> owns</p> <br> this" | striptags }}\n'
    the_rules = rules_with_template(tmp_path, source)
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment == f"{MARKER}\nDistribution owns this\n"


def test_a_rules_template_that_urlizes_the_title_links_no_host_name_of_the_issue(tmp_path: Path) -> None:
    """Jinja2's `urlize` links a bare host name, which the title keeps: `github.com/o/r/issues/1`
    would put a cross-reference in that issue's timeline."""
    the_rules = rules_with_template(tmp_path, "{{ issue_title | urlize }}\n")
    issue = Issue(title="kubectl: see github.com/o/r/issues/1 and evil.example.com", body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment == f"{MARKER}\nkubectl: see github.com/o/r/issues/1 and evil.example.com\n"


def test_a_rules_template_that_urlizes_its_own_text_links_its_web_links(tmp_path: Path) -> None:
    the_rules = rules_with_template(tmp_path, '{{ "Docs: https://docs.example/k8s" | urlize }}\n')
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    link = '<a href="https://docs.example/k8s" rel="noopener">https://docs.example/k8s</a>'
    assert comment == f"{MARKER}\nDocs: {link}\n"


def test_a_rules_template_gets_the_title_escaped_as_prose(tmp_path: Path) -> None:
    the_rules = rules_with_template(tmp_path, "Title: {{ issue_title }}\n")
    issue = Issue(title="<b>@octocat</b> see #1 *now*", body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment == f"{MARKER}\nTitle: &lt;b&gt;@{ZWJ}octocat&lt;/b&gt; see #{ZWJ}1 \\*now\\*\n"


def test_a_rules_template_that_puts_the_title_in_an_html_attribute_gets_no_attribute_from_it(
    tmp_path: Path,
) -> None:
    the_rules = rules_with_template(tmp_path, '<a title="{{ issue_title }}" href="https://d.example">x</a>')
    issue = Issue(title='kubectl" href="//evil.example/', body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment is not None
    assert re.findall(r'\s(\w+)="', comment) == ["title", "href"]


def test_a_rules_template_gets_a_title_whose_links_are_no_links(tmp_path: Path) -> None:
    the_rules = rules_with_template(tmp_path, "Title: {{ issue_title }}\n")
    issue = Issue(title="same as https://github.com/acme/app/issues/7", body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment == f"{MARKER}\nTitle: same as https:{ZWJ}//github.com/acme/app/issues/7\n"


def test_a_rules_template_gets_at_most_githubs_256_characters_of_the_title(tmp_path: Path) -> None:
    the_rules = rules_with_template(tmp_path, "{{ issue_title }}")
    issue = Issue(title="a" * 200 + "b" * 65_336, body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment is not None
    shown = comment.removeprefix(f"{MARKER}\n").strip()
    assert (len(shown), shown[:100], shown[-100:]) == (256, "a" * 100, "b" * 100)


def test_a_rules_template_gets_the_issue_number(tmp_path: Path) -> None:
    the_rules = rules_with_template(tmp_path, "Issue {{ issue_number }}\n")
    issue = Issue(title="t", body="", number=42)
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment == f"{MARKER}\nIssue 42\n"


def test_a_rules_template_gets_no_issue_number_for_an_issue_without_one(tmp_path: Path) -> None:
    template = tmp_path / "comment.md.j2"
    source = "{% if issue_number %}#{{ issue_number }}{% else %}no number{% endif %}\n"
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    issue = Issue(title="t", body="")
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))
    assert comment == f"{MARKER}\nno number\n"


NAMES = ", ".join(CONTEXT_NAMES)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("ok\n{% if %}\n", "2:1: comment.template: Expected an expression, got 'end of statement block'"),
        (
            "ok\n\n{{ nope }}\n",
            f"3:1: comment.template: 'nope' is undefined; the names a comment template can read: {NAMES}",
        ),
        (
            "{{ correction.__class__.__mro__ }}",
            "1:1: comment.template: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{% for team in teams %}{{ team.nmae }}{% endfor %}",
            "1:1: comment.template: a team of `teams` has no attribute 'nmae'; "
            "it has name, label, areas, docs, reasons, areas_taken_off, has_areas",
        ),
        (
            "{% for area in teams[0].areas %}{{ area.doc_url }}{% endfor %}",
            "1:1: comment.template: an area of a team's `areas` has no attribute 'doc_url'; "
            "it has name, label, docs, reasons",
        ),
        (
            "{% for doc in teams[0].docs %}{{ doc.link }}{% endfor %}",
            "1:1: comment.template: a doc of `docs` has no attribute 'link'; it has title, url",
        ),
        (
            "{{ teams.name }}",
            "1:1: comment.template: a list has no attribute 'name': read it of each entry, in a loop "
            "(`{% for entry in ... %}{{ entry.name }}{% endfor %}`)",
        ),
    ],
    ids=[
        "syntax",
        "undefined",
        "sandbox",
        "a team's missing attribute: the team's attributes",
        "an area's missing attribute: the area's attributes",
        "a doc's missing attribute: the doc's attributes",
        "a list's missing attribute: loop over it",
    ],
)
def test_a_broken_rules_template_is_a_rules_error_with_its_line(
    tmp_path: Path, source: str, message: str
) -> None:
    template = tmp_path / "broken.md.j2"
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    with pytest.raises(RulesError) as raised:
        render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert str(raised.value) == f"{template}:{message}"


ONE_FILE = "a comment template is one file, it cannot include, import or extend another"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "ok\n{% include '/etc/passwd' %}\n",
            f'2:1: comment.template: cannot load "/etc/passwd": {ONE_FILE}',
        ),
        ("{% extends 'base.md.j2' %}\n", f'1:1: comment.template: cannot load "base.md.j2": {ONE_FILE}'),
        (
            "ok\n{% import 'macros.j2' as m %}\n",
            f'2:1: comment.template: cannot load "macros.j2": {ONE_FILE}',
        ),
        ("ok\n\n{{ 1 / 0 }}\n", "3:1: comment.template: ZeroDivisionError: division by zero"),
        (
            "{{ range(10**9) | length }}",
            "1:1: comment.template: OverflowError: Range too big. "
            "The sandbox blocks ranges larger than MAX_RANGE (100000).",
        ),
        (
            "ok\n{{ 'a' * 10**9 }}\n",
            "2:1: comment.template: '*' would make a string or list of 1000000000 items, "
            "over the limit of 1048576",
        ),
    ],
    ids=["include", "extends", "import", "division by zero", "range too big", "string too big"],
)
def test_whatever_a_rules_template_raises_is_a_rules_error_with_its_line(
    tmp_path: Path, source: str, message: str
) -> None:
    with pytest.raises(RulesError) as raised:
        render_with_template(tmp_path, source)
    assert str(raised.value) == f"{tmp_path / 'broken.md.j2'}:{message}"


def test_a_macro_that_calls_itself_is_a_rules_error_not_a_crash(tmp_path: Path) -> None:
    source = "ok\n{% macro again() %}{{ again() }}{% endmacro %}\n{{ again() }}\n"
    with pytest.raises(RulesError) as raised:
        render_with_template(tmp_path, source)
    assert str(raised.value).startswith(
        f"{tmp_path / 'broken.md.j2'}:2:1: comment.template: RecursionError: maximum recursion depth exceeded"
    )


def test_a_template_too_deeply_nested_to_compile_is_a_rules_error(tmp_path: Path) -> None:
    source = "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}\n"
    with pytest.raises(RulesError) as raised:
        render_with_template(tmp_path, source)
    assert str(raised.value).startswith(
        f"{tmp_path / 'broken.md.j2'}:1:1: comment.template: RecursionError: maximum recursion depth exceeded"
    )


def test_a_template_that_writes_without_end_gives_a_comment_cut_to_fit(tmp_path: Path) -> None:
    comment = render_with_template(tmp_path, "{% for i in range(99999) %}{{ 'x' * 1000 }}{% endfor %}\n")
    assert comment is not None
    assert len(comment) <= MAX_CHARS
    assert comment.endswith(f"{CORRECTION}\n")


@pytest.mark.parametrize(
    "source",
    ["{% if not matched %}unmatched{% endif %}\n", " \n\n\t\n", f"{MARKER}\n\n", "<!-- to do: write it\n"],
    ids=["a branch that writes nothing", "blank lines", "the marker, copied", "an HTML comment left open"],
)
def test_a_rules_template_that_writes_nothing_github_shows_is_a_rules_error_at_its_first_line(
    tmp_path: Path, source: str
) -> None:
    """GitHub would show the marker alone as an empty comment from the bot."""
    with pytest.raises(RulesError) as raised:
        render_with_template(tmp_path, source)
    assert str(raised.value).startswith(
        f"{tmp_path / 'broken.md.j2'}:1:1: comment.template: the comment is empty"
    )


def test_a_rules_template_that_writes_an_html_comment_and_text_is_not_empty(tmp_path: Path) -> None:
    assert (
        render_with_template(tmp_path, "<!-- our note -->\nThanks.\n")
        == f"{MARKER}\n<!-- our note -->\nThanks.\n"
    )


def test_a_rules_template_saved_with_a_byte_order_mark_starts_its_comment_without_it(tmp_path: Path) -> None:
    template = tmp_path / "comment.md.j2"
    template.write_bytes("\ufeff# Thanks\r\nfor the report.\r\n".encode())
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment == f"{MARKER}\n# Thanks\nfor the report.\n"


def test_a_rules_template_output_keeps_at_most_one_blank_line_and_no_trailing_blanks(tmp_path: Path) -> None:
    assert render_with_template(tmp_path, "a\n\n\nb \t\nc") == f"{MARKER}\na\n\nb\nc\n"


def test_an_indented_block_tag_leaves_no_indent_in_the_comment(tmp_path: Path) -> None:
    source = "    {% if matched %}\nmatched\n    {% endif %}\n"
    assert render_with_template(tmp_path, source) == f"{MARKER}\nmatched\n"


def test_a_rules_template_past_ten_mib_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    """Read as the rules are, up to a size: a template path naming a runaway file (or `/dev/zero`)
    must not fill memory."""
    template = tmp_path / "huge.md.j2"
    template.write_bytes(b"x" * (10 * 1024 * 1024 + 1))
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    with pytest.raises(RulesError) as raised:
        render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert str(raised.value) == f"{template}:1:1: comment.template: cannot read: larger than 10 MiB"


def test_a_rules_template_that_is_not_utf8_is_a_rules_problem_at_its_first_bad_byte(tmp_path: Path) -> None:
    template = tmp_path / "latin1.md.j2"
    template.write_bytes("Thanks.\ncafé {{ correction }}\n".encode("latin-1"))
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    with pytest.raises(RulesError) as raised:
        render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert str(raised.value) == (
        f"{template}:2:4: comment.template: cannot read: not UTF-8 text (byte 0xE9 here): "
        "save the file as UTF-8"
    )


def test_a_rules_template_gone_since_the_rules_loaded_is_a_rules_problem_naming_why(tmp_path: Path) -> None:
    template = tmp_path / "gone.md.j2"
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    with pytest.raises(RulesError) as raised:
        render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert str(raised.value) == f"{template}:1:1: comment.template: cannot read: No such file or directory"


def test_the_bundled_template_failing_is_a_bug_in_triage_not_a_rules_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "comment.md.j2"
    bundled.write_text("{{ 1 / 0 }}\n", encoding="utf-8")
    monkeypatch.setattr("triage.render.BUNDLED_TEMPLATE", bundled)
    _load_template.cache_clear()
    try:
        with pytest.raises(ZeroDivisionError):
            render_kubernetes()
    finally:
        _load_template.cache_clear()


def render_with_template(folder: Path, source: str) -> str | None:
    template = folder / "broken.md.j2"
    template.write_text(source, encoding="utf-8")
    the_rules = distribution_rules()._replace(comment=CommentSettings(template=str(template)))
    return render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))


# --- Always within GitHub's limits ---------------------------------------------------------------


def many_reasons(count: int, text: str = "x" * 90) -> list[Evidence]:
    return [evidence("keyword", f"{text}{n}", where="body", line=n) for n in range(count)]


def test_too_many_reasons_are_dropped_with_a_count_and_the_rest_kept() -> None:
    the_rules = distribution_rules()
    found = {"kubernetes": many_reasons(1500), "single-container": [evidence()]}
    comment = render_comment(the_rules, classify_as(the_rules, found))
    assert comment is not None
    lines = comment.splitlines()
    assert len(comment) <= MAX_CHARS
    assert lines[0] == MARKER
    assert f"> {SINGLE_CONTAINER_NOTE}" in lines
    assert re.search(r"^_… \d+ more reasons not shown\._$", comment, flags=re.MULTILINE)
    assert lines[-1] == CORRECTION


def test_four_byte_characters_stay_within_the_byte_budget() -> None:
    comment = render_kubernetes(*many_reasons(2000, text="😀" * 90))
    assert len(comment) <= MAX_CHARS
    assert len(comment.encode("utf-8")) <= MAX_BYTES


def test_a_comment_too_long_even_without_reasons_is_cut_keeping_marker_and_closing_line() -> None:
    huge_note = "Maintenance mode. " * 5000
    the_rules = rules(team("distribution", area("single-container", note=huge_note)))
    comment = render_comment(the_rules, classify_as(the_rules, {"single-container": [evidence()]}))
    assert comment is not None
    lines = comment.splitlines()
    assert len(comment) <= MAX_CHARS
    assert lines[:4] == [MARKER, lines[1], "", "> [!IMPORTANT]"]
    assert lines[1].startswith("Thanks for opening this issue.")
    assert lines[-3:] == ["_… the rest of this comment was cut to fit GitHub's size limit._", "", CORRECTION]


def test_a_cut_through_folded_docs_closes_the_fold_so_the_closing_line_stays_in_view() -> None:
    many_docs = [doc(f"Runbook {n} " + "r" * 1000) for n in range(100)]
    the_rules = rules(team("distribution", area("kubernetes", docs=many_docs)))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment is not None
    assert len(comment) <= MAX_CHARS
    assert comment.count("<details>") == comment.count("</details>")
    assert comment.endswith(f"</details>\n\n{CUT_NOTE}\n\n{CORRECTION}\n")


@pytest.mark.parametrize("into_the_line", [1, 20, 60])
def test_a_cut_through_a_docs_line_leaves_that_line_out_not_half_a_link(into_the_line: int) -> None:
    # Half a link shows its "[" as text, and GitHub links the half URL it leaves, to another page.
    doc_line = "- [Runbook](https://docs.example.com/runbooks/a-rather-long-path-to-one-runbook)\n"
    tail = len(f"\n\n{CUT_NOTE}\n\n{CORRECTION}\n")
    body = "x" * (MAX_CHARS - tail - into_the_line - 2) + "\n\n" + doc_line * 3000
    comment = _cut(body, CORRECTION)
    assert len(comment) <= MAX_CHARS
    assert comment.endswith("x\n\n" + f"{CUT_NOTE}\n\n{CORRECTION}\n")


@pytest.mark.parametrize("into_the_tag", range(1, 30))
def test_a_cut_inside_a_folds_opening_line_leaves_that_line_out(into_the_tag: int) -> None:
    fold = "<details><summary>9 more docs</summary>\n\n- [a](https://x.test/a)\n\n</details>\n"
    tail = len(f"\n\n{CUT_NOTE}\n\n{CORRECTION}\n")
    body = "x" * (MAX_CHARS - tail - into_the_tag - 2) + "\n\n" + fold * 3000
    comment = _cut(body, CORRECTION)
    assert len(comment) <= MAX_CHARS
    assert comment.endswith("x\n\n" + f"{CUT_NOTE}\n\n{CORRECTION}\n")


POSSIBLY = (
    "Possibly also [**Monitoring**](https://docs.example.com/admin/observability/alerting) "
    "or [**Debugging**](https://docs.example.com/admin/observability/tracing) (not labelled).\n"
)


def cut_into(line: str, into_the_line: int) -> str:
    """`_cut` of a body whose cut falls `into_the_line` characters into `line`, after a filler."""
    tail = len(f"\n\n{CUT_NOTE}\n\n{CORRECTION}\n")
    return _cut("x" * (MAX_CHARS - tail - into_the_line - 2) + "\n\n" + line * 3000, CORRECTION)


@pytest.mark.parametrize(
    ("into_the_line", "kept"),
    [
        (len("Possibly also [**Moni"), "Possibly also"),
        (len("Possibly also [**Monitoring**](https://docs.exa"), "Possibly also"),
        (
            POSSIBLY.index(" [**Debugging") + len(" [**Debugging**](h"),
            POSSIBLY[: POSSIBLY.index(" [**Debugging")],
        ),
    ],
)
def test_a_cut_through_a_link_in_running_text_leaves_out_the_half_link(into_the_line: int, kept: str) -> None:
    # Half a link shows its "[" and "](" as text, and GitHub links the half URL, to another page.
    comment = cut_into(POSSIBLY, into_the_line)
    assert len(comment) <= MAX_CHARS
    assert comment.endswith(f"x\n\n{kept}\n\n{CUT_NOTE}\n\n{CORRECTION}\n")


@pytest.mark.parametrize(
    ("line", "into_the_line", "kept"),
    [
        (
            "> Move to Docker Compose: see https://docs.example.com/admin/install/compose today.\n",
            50,
            "> Move to Docker Compose: see",
        ),
        ("> Single-container (`sourcegraph/server`) is for demos.\n", 25, "> Single-container ("),
        (
            "This looks like **Distribution**, areas **Kubernetes** and **Monitoring**.\n",
            45,
            "This looks like **Distribution**, areas",
        ),
    ],
)
def test_a_cut_through_a_bare_url_a_code_span_or_bold_text_leaves_it_out(
    line: str, into_the_line: int, kept: str
) -> None:
    comment = cut_into(line, into_the_line)
    assert comment.endswith(f"x\n\n{kept}\n\n{CUT_NOTE}\n\n{CORRECTION}\n")


def test_a_cut_at_the_end_of_a_line_keeps_the_bare_url_that_ends_it() -> None:
    line = "> Move to Docker Compose: https://docs.example.com/admin/install/compose\n"
    comment = cut_into(line, len(line) - 1)
    assert comment.endswith(f"x\n\n{line.rstrip()}\n\n{CUT_NOTE}\n\n{CORRECTION}\n")


def test_an_area_with_one_doc_past_four_folds_one_doc() -> None:
    the_rules = rules(team("distribution", area("kubernetes", docs=[doc(f"Guide {n}") for n in range(5)])))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment is not None
    assert "<details><summary>1 more doc</summary>" in comment


def test_a_comment_cut_to_fit_has_its_reasons_dropped_first_not_cut_through() -> None:
    long_docs = [doc(f"Runbook {n} " + "r" * 1000) for n in range(70)]
    the_rules = rules(team("distribution", area("kubernetes"), docs=long_docs))
    comment = render_comment(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}))
    assert comment is not None
    assert CUT_NOTE in comment
    assert "Why this area" not in comment


def test_a_comment_of_exactly_githubs_limit_is_kept_whole(tmp_path: Path) -> None:
    text = "x" * (65_536 - len(MARKER) - 2)
    comment = render_with_template(tmp_path, f"{text}\n")
    assert comment == f"{MARKER}\n{text}\n"
    assert len(comment) == 65_536


def test_a_comment_one_character_over_githubs_limit_is_cut(tmp_path: Path) -> None:
    text = "x" * (65_537 - len(MARKER) - 2)
    comment = render_with_template(tmp_path, f"{text}\n")
    assert comment is not None
    assert len(comment) <= 65_536
    assert comment.endswith(f"\n\n{CUT_NOTE}\n\n{CORRECTION}\n")


def test_a_comment_that_fits_whole_is_kept_whole_though_hiding_a_reason_would_make_it_longer(
    tmp_path: Path,
) -> None:
    # A rules template may say more about hidden reasons than the reasons themselves take.
    def source(filler: int) -> str:
        return (
            "x" * filler
            + "\n{% for t in teams %}{% for a in t.areas %}{{ a.reasons | join(' ') }}"
            + "{% endfor %}{% endfor %}{% if hidden_reasons %}{{ hidden_reasons }} more reasons, "
            + "which this template explains at length{% endif %}\n"
        )

    (tmp_path / "measure").mkdir()
    (tmp_path / "fill").mkdir()
    measured = render_with_template(tmp_path / "measure", source(0))
    assert measured is not None
    comment = render_with_template(tmp_path / "fill", source(65_536 - len(measured)))
    assert comment is not None
    assert len(comment) == 65_536
    assert comment.endswith("\n`kustomize` in the title\n")


def test_a_comment_too_long_drops_its_reasons_and_keeps_its_questions() -> None:
    the_rules = asking_rules()
    found = classify_as(the_rules, {"kubernetes": many_reasons(1500)}, issue=Issue("kubectl", ""))
    comment = render_comment(the_rules, found)
    assert comment is not None
    assert re.search(r"^_… \d+ more reasons not shown\._$", comment, flags=re.MULTILINE)
    assert f"- {VERSION_QUESTION}" in comment.splitlines()
    assert CUT_NOTE not in comment


def test_a_comment_that_fits_only_without_reasons_drops_them_all_and_is_not_cut() -> None:
    note = "n" * 65_100
    the_rules = rules(team("distribution", area("single-container", note=note)))
    comment = render_comment(
        the_rules, classify_as(the_rules, {"single-container": [evidence("keyword", "x" * 90)]})
    )
    assert comment is not None
    assert "_… 1 more reason not shown._" in comment.splitlines()
    assert CUT_NOTE not in comment
    assert comment.rstrip("\n").splitlines()[-1] == CORRECTION


def test_a_cut_comment_keeps_at_most_one_blank_line_before_the_cut_note(tmp_path: Path) -> None:
    # Lines of "x" after a "y": the cut falls just after a line break, which must not stay as a blank line.
    comment = render_with_template(tmp_path, "y{% for i in range(99999) %}x\n{% endfor %}")
    assert comment is not None
    assert f"x\n\n{CUT_NOTE}\n\n{CORRECTION}\n" in comment
