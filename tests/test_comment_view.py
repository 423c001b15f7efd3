"""What the comment says, before any template: which reasons are kept when some must go."""

from __future__ import annotations

from tests.render_builders import area, classify_as, doc, evidence, rules, team
from triage.comment_view import CARRIED_REASON, CommentView, build_view, keep_reasons, reason
from triage.model import TeamResult


def view_with_reasons() -> CommentView:
    """Areas `kubernetes` then `monitoring` with three reasons each, then two of the team's own."""
    the_rules = rules(team("distribution", area("kubernetes"), area("monitoring")))
    found = {
        name: [evidence("keyword", f"{name}{n}", where="body", line=n) for n in range(1, 4)]
        for name in ("kubernetes", "monitoring")
    }
    team_found = [evidence("keyword", f"team{n}", where="body", line=n, area_id=None) for n in range(1, 3)]
    return build_view(the_rules, classify_as(the_rules, found, team_evidence=team_found))


def reasons_kept(view: CommentView) -> list[int]:
    only = view.teams[0]
    return [len(a.reasons) for a in only.areas] + [len(only.reasons)]


def test_reasons_are_kept_in_reading_order_and_the_rest_counted() -> None:
    kept = keep_reasons(view_with_reasons(), 4)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([3, 1, 0], 4)


def test_keeping_fewer_reasons_than_the_first_area_has_leaves_none_to_the_later_ones() -> None:
    kept = keep_reasons(view_with_reasons(), 1)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([1, 0, 0], 7)


def test_keeping_no_reasons_leaves_none_anywhere() -> None:
    kept = keep_reasons(view_with_reasons(), 0)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([0, 0, 0], 8)


def test_keeping_more_reasons_than_there_are_hides_none() -> None:
    view = view_with_reasons()
    assert keep_reasons(view, view.reason_count + 5) == view


def test_cutting_reasons_from_a_view_already_cut_counts_the_reasons_hidden_both_times() -> None:
    kept = keep_reasons(keep_reasons(view_with_reasons(), 4), 1)
    assert (reasons_kept(kept), kept.hidden_reasons) == ([1, 0, 0], 7)


def two_teams_with_reasons() -> CommentView:
    """Teams `distribution` (area `kubernetes`) and `search` (area `indexing`), each area with three
    reasons and each team with two of its own."""
    the_rules = rules(
        team("distribution", area("kubernetes")), team("search", area("indexing", team_id="search"))
    )
    found = {
        name: [evidence("keyword", f"{name}{n}", where="body", line=n) for n in range(1, 4)]
        for name in ("kubernetes", "indexing")
    }
    team_found = [evidence("keyword", f"team{n}", where="body", line=n, area_id=None) for n in range(1, 3)]
    return build_view(the_rules, classify_as(the_rules, found, team_evidence=team_found))


def reasons_kept_by_team(view: CommentView) -> list[list[int]]:
    """For each team, how many reasons each of its areas keeps, then how many the team keeps."""
    return [[len(a.reasons) for a in t.areas] + [len(t.reasons)] for t in view.teams]


def test_reasons_a_first_team_uses_up_are_not_given_again_to_the_next_team() -> None:
    kept = keep_reasons(two_teams_with_reasons(), 6)
    assert reasons_kept_by_team(kept) == [[3, 2], [0, 1]]


def test_with_several_teams_a_teams_own_reasons_are_kept_before_its_areas_as_they_are_read() -> None:
    kept = keep_reasons(two_teams_with_reasons(), 2)
    assert reasons_kept_by_team(kept) == [[0, 2], [0, 0]]


def test_a_team_is_shown_for_an_area_of_it_that_matched_though_the_team_itself_did_not() -> None:
    the_rules = rules(team("distribution", area("kubernetes")))
    view = build_view(the_rules, classify_as(the_rules, {"kubernetes": [evidence()]}, team_applied=False))
    assert [(t.name, [a.name for a in t.areas]) for t in view.teams] == [
        ("Distribution", ["Kubernetes area"])
    ]


def test_reasons_in_the_body_are_listed_by_line_whatever_kind_of_evidence_each_is() -> None:
    the_rules = rules(team("distribution", area("kubernetes")))
    found = [
        evidence("keyword", "kubectl", where="body", line=3),
        evidence("pattern", "helm-chart", term="helm-.*", where="body", line=1),
    ]
    view = build_view(the_rules, classify_as(the_rules, {"kubernetes": found}))
    assert view.teams[0].areas[0].reasons == (
        "`helm-chart` in the body, line 1",
        "`kubectl` in the body, line 3",
    )


def test_a_team_labelled_with_an_area_gives_only_its_own_evidence_as_the_teams_reasons() -> None:
    the_rules = rules(team("distribution", area("kubernetes"), area("monitoring")))
    found = classify_as(
        the_rules,
        {"kubernetes": [evidence("keyword", "kubectl")]},
        suggested={"monitoring": [evidence("keyword", "grafana")]},
        team_evidence=[evidence("keyword", "distribution team", area_id=None)],
    )
    assert build_view(the_rules, found).teams[0].reasons == ("`distribution team` in the title",)


def test_a_team_labelled_on_its_score_alone_counts_its_areas_evidence_among_its_reasons() -> None:
    the_rules = rules(team("distribution", area("kubernetes"), area("monitoring")))
    found = classify_as(
        the_rules,
        suggested={
            "kubernetes": [evidence("keyword", "kubectl")],
            "monitoring": [evidence("keyword", "grafana")],
        },
        team_evidence=[evidence("keyword", "distribution team", area_id=None, where="body")],
        team_applied=True,
    )
    assert build_view(the_rules, found).teams[0].reasons == (
        "`grafana` in the title",
        "`kubectl` in the title",
        "`distribution team` in the body, line 1",
    )


def test_a_long_matched_text_is_quoted_with_its_start_and_its_end() -> None:
    command = "docker run -d -p 7080:7080 " + "-v ~/.sourcegraph/data:/var/opt/sourcegraph " * 3
    found = evidence("pattern", command + "sourcegraph/server:3.20", term="sourcegraph/server", where="body")
    assert reason(found).startswith("`docker run -d")
    assert reason(found).endswith("sourcegraph/server:3.20` in the body, line 1")


def test_a_matched_text_within_one_snippet_is_quoted_whole() -> None:
    found = evidence("pattern", "docker run sourcegraph/server:3.20", term="sourcegraph/server", where="body")
    assert reason(found) == "`docker run sourcegraph/server:3.20` in the body, line 1"


def test_a_suggested_area_comes_with_the_docs_the_rules_list_for_it() -> None:
    the_rules = rules(team("distribution", area("monitoring", docs=[doc("Alerting"), doc("Dashboards")])))
    found = classify_as(the_rules, suggested={"monitoring": [evidence()]})
    view = build_view(the_rules, found)
    assert [(a.name, [d.title for d in a.docs]) for a in view.suggested_areas] == [
        ("Monitoring area", ["Alerting", "Dashboards"])
    ]


def test_a_suggested_team_of_no_areas_comes_with_its_docs_among_the_suggested_areas_in_rules_order() -> None:
    the_rules = rules(
        team("distribution", area("monitoring", docs=[doc("Alerting")])),
        team("network", docs=[doc("Ingress guide")]),
    )
    found = classify_as(the_rules, suggested={"monitoring": [evidence()]})
    network = TeamResult(the_rules.teams[1], 2.0, False, (), (evidence(area_id=None, team_id="network"),))
    view = build_view(the_rules, found._replace(teams=(*found.teams, network)))
    assert [(a.name, [d.title for d in a.docs]) for a in view.suggested_areas] == [
        ("Monitoring area (Distribution)", ["Alerting"]),
        ("Network", ["Ingress guide"]),
    ]


def carried_view(carried: tuple[str, ...], *, team_found: bool = True) -> CommentView:
    """Team `distribution` labelled on its own evidence, no area found; its area `single-container`
    has a note and a doc, and the issue carries the labels `carried`."""
    the_rules = rules(
        team(
            "distribution",
            area("kubernetes"),
            area("single-container", note="Demos only: move to Docker Compose.", docs=[doc("Server")]),
        )
    )
    team_evidence = [evidence("keyword", "upgrade docs", area_id=None)] if team_found else []
    return build_view(the_rules, classify_as(the_rules, team_evidence=team_evidence), carried=carried)


def test_an_area_the_issue_carries_though_its_evidence_fell_short_is_named_with_its_docs_and_note() -> None:
    view = carried_view(("distribution/single-container",))
    (block,) = view.teams[0].areas
    assert (block.name, block.label, block.reasons) == (
        "Single Container area",
        "`distribution/single-container`",
        (CARRIED_REASON,),
    )
    assert [d.title for d in block.docs] == ["Server"]
    assert view.notes == ("Demos only: move to Docker Compose.",)


def test_an_area_label_of_a_team_the_comment_does_not_name_names_nothing() -> None:
    view = carried_view(("distribution/single-container",), team_found=False)
    assert view.teams == ()


def test_an_area_label_the_issue_does_not_carry_is_not_named() -> None:
    view = carried_view(("bug",))
    assert view.teams[0].areas == ()


def test_an_area_named_as_carried_is_not_also_suggested_when_its_label_came_after_the_read() -> None:
    """A person's label the timeline shows since the payload is carried, not in the issue's labels:
    the comment names the area once, in its team's block, not again as possibly meant."""
    the_rules = rules(team("distribution", area("kubernetes"), area("single-container")))
    classification = classify_as(
        the_rules,
        team_evidence=[evidence("keyword", "upgrade docs", area_id=None)],
        suggested={"single-container": [evidence("keyword", "docker run", area_id="single-container")]},
    )
    view = build_view(the_rules, classification, carried=("distribution/single-container",))
    assert [block.name for block in view.teams[0].areas] == ["Single Container area"]
    assert view.suggested == ()
    assert view.possible == ()
