"""Specifications for showing a rules change's impact as text, Markdown and JSON (triage.impact_report)."""

from __future__ import annotations

import json

import pytest

from triage import impact_report
from triage.impact import Compared, Impact, Rename, compare
from triage.impact_report import to_json, to_markdown, to_text
from triage.model import Issue

from .impact_builders import (
    APPLIED,
    BELOW,
    DOCKER,
    HELM,
    KUBECTL,
    RENAMED,
    SUGGESTED,
    outcome,
    with_thresholds,
)
from .render_builders import evidence
from .rules_builders import label

UNSAFE = Issue(
    title="@ops ::error::boom <b>x</b> | y", body="", number=12, url="https://github.com/o/r/issues/12"
)
PIPE = evidence("pattern", "k8s|kube", area_id="kubernetes")


def one_issue_impact(issue: Issue = UNSAFE) -> Impact:
    old = outcome(
        ("kubernetes", BELOW, 1.0, (HELM,)), ("docker-compose", SUGGESTED, 2.0, (DOCKER,)), issue=issue
    )
    new = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL, HELM, PIPE)), issue=issue)
    return compare([Compared(old, new)])


@pytest.mark.parametrize("render", [to_text, to_markdown])
def test_no_changes_reads_no_issue_changes(render: object) -> None:
    assert callable(render)
    assert render(compare([])) == "No issue changes (0 issues compared).\n"


def test_no_changes_counts_the_issues_compared_in_groups_of_thousands() -> None:
    assert to_text(Impact(1234, (), ())) == "No issue changes (1,234 issues compared).\n"


NEW_SIDE_TEXT = (
    "applied, score 4: keyword 'kubectl' (title line 1, +2), pattern 'k8s|kube' (title line 1, +2), "
    "keyword 'helm' (body line 3, +2)"
)
NEW_SIDE_MARKDOWN = (
    "applied, score 4: keyword `kubectl` (title line 1, +2); pattern `k8s\\|kube` (title line 1, +2); "
    "keyword `helm` (body line 3, +2)"
)
SAFE_TITLE = "@\u200dops :\u200d:error:\u200d:boom"


def test_text_lists_each_label_with_both_sides_then_areas_suggestions_and_counts() -> None:
    assert to_text(one_issue_impact()).splitlines() == [
        "1 of 1 issues would change.",
        "",
        f"#12 {SAFE_TITLE} <b>x</b> | y  https://github.com/o/r/issues/12",
        "  + distribution/kubernetes",
        "      old: below, score 1: keyword 'helm' (body line 3, +2)",
        f"      new: {NEW_SIDE_TEXT}",
        "  + team/distribution",
        "      old: below, score 3: keyword 'docker' (title line 1, +2), keyword 'helm' (body line 3, +2)",
        f"      new: {NEW_SIDE_TEXT}",
        "  areas: +distribution/kubernetes",
        "  - suggested distribution/docker-compose",
        "      old: suggested, score 2: keyword 'docker' (title line 1, +2)",
        "      new: no evidence",
        "",
        "label                    gained  lost",
        "distribution/kubernetes       1     0",
        "team/distribution             1     0",
    ]


def test_markdown_is_a_count_table_then_one_table_per_issue() -> None:
    old_team = "below, score 3: keyword `docker` (title line 1, +2); keyword `helm` (body line 3, +2)"
    old_suggestion = "suggested, score 2: keyword `docker` (title line 1, +2)"

    assert to_markdown(one_issue_impact()).splitlines() == [
        "### Rules impact",
        "",
        "1 of 1 issues would change.",
        "",
        "| Label | Gained | Lost |",
        "| --- | ---: | ---: |",
        "| `distribution/kubernetes` | 1 | 0 |",
        "| `team/distribution` | 1 | 0 |",
        "",
        f"#### [#12](https://github.com/o/r/issues/12) {SAFE_TITLE} &lt;b&gt;x&lt;/b&gt; \\| y",
        "",
        "| Change | Old rules | New rules |",
        "| --- | --- | --- |",
        "| + label `distribution/kubernetes` | below, score 1: keyword `helm` (body line 3, +2) | "
        f"{NEW_SIDE_MARKDOWN} |",
        f"| + label `team/distribution` | {old_team} | {NEW_SIDE_MARKDOWN} |",
        "| + area `distribution/kubernetes` | below, score 1 | applied, score 4 |",
        f"| - suggested `distribution/docker-compose` | {old_suggestion} | no evidence |",
    ]


def suggestion_only_impact() -> Impact:
    return compare([Compared(outcome(), outcome(("kubernetes", SUGGESTED, 1.0, (HELM,))))])


def test_a_suggestion_only_change_is_reported_in_text_without_a_label_table() -> None:
    assert to_text(suggestion_only_impact()).splitlines() == [
        "1 of 1 issues would change.",
        "",
        "#7 kubectl apply fails",
        "  + suggested distribution/kubernetes",
        "      old: no evidence",
        "      new: suggested, score 1: keyword 'helm' (body line 3, +2)",
        "",
        "No label changes.",
    ]


def test_a_suggestion_only_change_is_reported_in_markdown_without_a_label_table() -> None:
    assert to_markdown(suggestion_only_impact()).splitlines() == [
        "### Rules impact",
        "",
        "1 of 1 issues would change.",
        "",
        "No label changes.",
        "",
        "#### #7 kubectl apply fails",
        "",
        "| Change | Old rules | New rules |",
        "| --- | --- | --- |",
        "| + suggested `distribution/kubernetes` | no evidence | "
        "suggested, score 1: keyword `helm` (body line 3, +2) |",
    ]


@pytest.mark.parametrize(
    "url", [None, "http://example.com/1", "https://example.com/a)(b", "javascript:alert(1)"]
)
def test_markdown_links_the_issue_number_only_to_a_plain_https_url(url: str | None) -> None:
    markdown = to_markdown(one_issue_impact(Issue(title="t", body="", number=5, url=url)))

    assert "#### #5 t\n" in markdown


def five_issues_impact() -> Impact:
    """Five issues, each gaining the kubernetes label."""
    pairs = [
        Compared(
            outcome(issue=Issue(title=f"issue {n}", body="", number=n)),
            outcome(
                ("kubernetes", APPLIED, 4.0, (KUBECTL,)), issue=Issue(title=f"issue {n}", body="", number=n)
            ),
        )
        for n in range(1, 6)
    ]
    return compare(pairs)


def test_markdown_heads_an_issue_without_a_number_by_its_title_alone() -> None:
    markdown = to_markdown(one_issue_impact(Issue(title="Helm chart question", body="")))

    assert "\n#### Helm chart question\n" in markdown


def test_markdown_stops_listing_issues_before_the_job_summary_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(impact_report, "SUMMARY_BUDGET", 1200)

    markdown = to_markdown(five_issues_impact())

    assert markdown.count("#### #") == 2
    assert markdown.endswith("3 more issues not shown here: use `--format json`.\n")


@pytest.mark.parametrize(("spare", "shown"), [(0, 5), (-1, 4)])
def test_markdown_lists_every_issue_that_fits_the_summary_budget_to_the_character(
    monkeypatch: pytest.MonkeyPatch, spare: int, shown: int
) -> None:
    whole = to_markdown(five_issues_impact())
    monkeypatch.setattr(impact_report, "SUMMARY_BUDGET", len(whole) + spare)

    assert to_markdown(five_issues_impact()).count("#### #") == shown


def test_json_holds_every_change_with_both_sides_and_the_counts() -> None:
    document = json.loads(to_json(one_issue_impact()))

    assert (document["compared"], document["changed"]) == (1, 1)
    assert document["labels"] == [
        {"label": "distribution/kubernetes", "gained": 1, "lost": 0},
        {"label": "team/distribution", "gained": 1, "lost": 0},
    ]
    issue = document["issues"][0]
    assert (issue["number"], issue["url"], issue["title"]) == (12, UNSAFE.url, UNSAFE.title)
    assert issue["areas"][0]["old"] == {
        "status": "below",
        "score": 1.0,
        "threshold": 3.0,
        "fallback": False,
        "teams_matched": [],
        "evidence": [
            {
                "team": "distribution",
                "area": "kubernetes",
                "kind": "keyword",
                "term": "helm",
                "text": "helm",
                "where": "body",
                "line": 3,
                "weight": 2.0,
            }
        ],
    }
    assert [(c["name"], c["change"], c["new"]["status"]) for c in issue["suggested"]] == [
        ("distribution/docker-compose", "lost", "none")
    ]


def test_json_holds_a_title_as_sent_but_no_legacy_workflow_command() -> None:
    title = "kubectl ##[add-mask]x"

    text = to_json(one_issue_impact(UNSAFE._replace(title=title)))

    assert "##[" not in text
    assert json.loads(text)["issues"][0]["title"] == title


def test_json_of_no_changes_still_says_how_many_issues_were_compared() -> None:
    pairs = [Compared(outcome(), outcome())] * 3

    assert json.loads(to_json(compare(pairs))) == {
        "compared": 3,
        "changed": 0,
        "left_alone": 0,
        "renamed": [],
        "dropped": [],
        "labels": [],
        "issues": [],
    }


def fallback_impact() -> Impact:
    """An issue no team matches, under new rules that add a fallback label."""
    return compare([Compared(outcome(), outcome(fallback=label("needs-triage")))])


def test_text_shows_a_fallback_label_as_the_fallback_not_as_a_score() -> None:
    assert to_text(fallback_impact()).splitlines()[3:6] == [
        "  + needs-triage",
        "      old: no evidence",
        "      new: applied as the fallback (no team matched)",
    ]


def test_markdown_shows_a_fallback_label_as_the_fallback_not_as_a_score() -> None:
    assert "| + label `needs-triage` | no evidence | applied as the fallback (no team matched) |" in (
        to_markdown(fallback_impact()).splitlines()
    )


def test_json_marks_a_fallback_labels_side_as_the_fallback() -> None:
    change = json.loads(to_json(fallback_impact()))["issues"][0]["labels"][0]

    assert (change["old"]["fallback"], change["new"]) == (
        False,
        {
            "status": "applied",
            "score": 0.0,
            "threshold": None,
            "evidence": [],
            "fallback": True,
            "teams_matched": [],
        },
    )


def lost_fallback_impact() -> Impact:
    """An issue the old rules gave the fallback, which the new rules' terms give a team."""
    old = outcome(fallback=label("needs-triage"))
    return compare([Compared(old, outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,))))])


def test_text_says_a_team_matched_where_the_fallback_is_lost_not_no_evidence() -> None:
    assert to_text(lost_fallback_impact()).splitlines()[6:9] == [
        "  - needs-triage",
        "      old: applied as the fallback (no team matched)",
        "      new: not given: a team matched (team/distribution)",
    ]


def test_markdown_says_a_team_matched_where_the_fallback_is_lost() -> None:
    row = (
        "| - label `needs-triage` | applied as the fallback (no team matched) "
        "| not given: a team matched (`team/distribution`) |"
    )
    assert row in to_markdown(lost_fallback_impact()).splitlines()


def test_json_names_the_teams_matched_where_the_fallback_is_lost_its_status_still_none() -> None:
    change = next(
        c
        for c in json.loads(to_json(lost_fallback_impact()))["issues"][0]["labels"]
        if c["name"] == "needs-triage"
    )

    assert change["new"] == {
        "status": "none",
        "score": 0.0,
        "threshold": None,
        "evidence": [],
        "fallback": False,
        "teams_matched": ["team/distribution"],
    }


def raised_thresholds_impact() -> Impact:
    """The same score and evidence under raised thresholds: applied becomes suggested, suggested below."""
    old = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), ("docker-compose", SUGGESTED, 2.0, (DOCKER,)))
    new = with_thresholds(
        outcome(
            ("kubernetes", SUGGESTED, 4.0, (KUBECTL,)),
            ("docker-compose", BELOW, 2.0, (DOCKER,)),
            team_applied=False,
        ),
        apply=5.0,
        suggest=2.5,
        team=7.0,
    )
    return compare([Compared(old, new)])


def test_text_shows_each_sides_threshold_where_the_rules_differ_in_it() -> None:
    assert to_text(raised_thresholds_impact()).splitlines()[3:13] == [
        "  - distribution/kubernetes",
        "      old: applied, score 4, threshold 3: keyword 'kubectl' (title line 1, +2)",
        "      new: suggested, score 4, threshold 5: keyword 'kubectl' (title line 1, +2)",
        "  - team/distribution",
        "      old: applied, score 6, threshold 3: keyword 'docker' (title line 1, +2), "
        "keyword 'kubectl' (title line 1, +2)",
        "      new: below, score 6, threshold 7: keyword 'docker' (title line 1, +2), "
        "keyword 'kubectl' (title line 1, +2)",
        "  areas: -distribution/kubernetes",
        "  - suggested distribution/docker-compose",
        "      old: suggested, score 2, suggest threshold 2: keyword 'docker' (title line 1, +2)",
        "      new: below, score 2, suggest threshold 2.5: keyword 'docker' (title line 1, +2)",
    ]


def test_markdown_shows_each_sides_threshold_where_the_rules_differ_in_it() -> None:
    rows = to_markdown(raised_thresholds_impact()).splitlines()
    area_old, area_new = "applied, score 4, threshold 3", "suggested, score 4, threshold 5"
    suggestion_old = "suggested, score 2, suggest threshold 2: keyword `docker` (title line 1, +2)"
    suggestion_new = "below, score 2, suggest threshold 2.5: keyword `docker` (title line 1, +2)"

    assert f"| - area `distribution/kubernetes` | {area_old} | {area_new} |" in rows
    assert f"| - suggested `distribution/docker-compose` | {suggestion_old} | {suggestion_new} |" in rows


def test_json_gives_each_sides_threshold() -> None:
    issue = json.loads(to_json(raised_thresholds_impact()))["issues"][0]

    assert [(c["name"], c["old"]["threshold"], c["new"]["threshold"]) for c in issue["labels"]] == [
        ("distribution/kubernetes", 3.0, 5.0),
        ("team/distribution", 3.0, 7.0),
    ]
    assert [(c["old"]["threshold"], c["new"]["threshold"]) for c in issue["suggested"]] == [(2.0, 2.5)]


RENAME = Rename("distribution/kubernetes", "distribution/k8s")


def renamed_impact() -> Impact:
    """distribution/kubernetes renamed in place: issue 1 keeps it, issue 2 loses it."""
    kept, lost = Issue(title="kept", body="", number=1), Issue(title="lost", body="", number=2)
    found = ("kubernetes", APPLIED, 4.0, (KUBECTL,))
    return compare(
        [
            Compared(outcome(found, issue=kept), outcome(found, issue=kept, owner=RENAMED)),
            Compared(outcome(found, issue=lost), outcome(issue=lost, owner=RENAMED)),
        ],
        [RENAME],
    )


def test_text_reports_a_rename_once_under_the_headline_and_its_losses_under_the_new_name() -> None:
    assert to_text(renamed_impact()).splitlines()[:6] == [
        "1 of 2 issues would change.",
        "renamed: distribution/kubernetes -> distribution/k8s (kept by 1 of 2 issues)",
        "",
        "#2 lost",
        "  - distribution/k8s (renamed from distribution/kubernetes)",
        "      old: applied, score 4: keyword 'kubectl' (title line 1, +2)",
    ]


def test_text_reports_a_rename_even_when_no_issue_changes() -> None:
    found = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    impact = compare(
        [Compared(found, outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)), owner=RENAMED))], [RENAME]
    )

    assert to_text(impact) == (
        "No issue changes (1 issue compared).\n"
        "renamed: distribution/kubernetes -> distribution/k8s (kept by 1 of 1 issues)\n"
    )


def test_markdown_lists_a_rename_under_the_headline_and_names_it_on_the_changed_label() -> None:
    lines = to_markdown(renamed_impact()).splitlines()

    assert lines[2:5] == [
        "1 of 2 issues would change.",
        "",
        "- renamed: `distribution/kubernetes` -> `distribution/k8s` (kept by 1 of 2 issues)",
    ]
    assert any(
        line.startswith("| - label `distribution/k8s` (renamed from `distribution/kubernetes`) | applied")
        for line in lines
    )


def test_json_lists_renames_and_names_it_on_the_changed_label() -> None:
    document = json.loads(to_json(renamed_impact()))

    assert document["renamed"] == [{"old": "distribution/kubernetes", "new": "distribution/k8s", "kept": 1}]
    assert [(c["name"], c["renamed_from"]) for c in document["issues"][0]["labels"]] == [
        ("distribution/k8s", "distribution/kubernetes"),
        ("team/distribution", None),
    ]


def deferred_impact() -> Impact:
    """An issue the new rules leave alone: a person labelled it `team/search|x` (defer_to)."""
    found = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    return compare([Compared(found, found, None, "team/search|x")])


def test_text_says_which_rules_leave_an_issue_alone_and_for_which_label() -> None:
    lines = to_text(deferred_impact()).splitlines()

    assert lines[2:6] == [
        "#7 kubectl apply fails",
        "  left alone by the new rules: labelled team/search|x (defer_to)",
        "  - distribution/kubernetes",
        "      old: applied, score 4: keyword 'kubectl' (title line 1, +2)",
    ]
    assert lines[6] == "      new: left alone, score 4: keyword 'kubectl' (title line 1, +2)"


def test_markdown_has_a_left_alone_row_before_the_label_changes() -> None:
    rows = [line for line in to_markdown(deferred_impact()).splitlines() if line.startswith("| ")]

    assert rows[rows.index("| Change | Old rules | New rules |") + 2] == (
        "| left alone (`defer_to`) | no | labelled `team/search\\|x` |"
    )


def test_json_names_the_label_each_rule_set_defers_to() -> None:
    issue = json.loads(to_json(deferred_impact()))["issues"][0]

    assert issue["deferred_to"] == {"old": None, "new": "team/search|x"}
    assert [(c["name"], c["change"], c["new"]["status"]) for c in issue["labels"]] == [
        ("distribution/kubernetes", "lost", "deferred"),
        ("team/distribution", "lost", "deferred"),
    ]


def test_text_neutralises_and_clips_the_label_an_issue_was_left_alone_for() -> None:
    found = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    label = "team/::add-mask::x @org #12" + "z" * 300

    line = to_text(compare([Compared(found, found, None, label)])).splitlines()[3]

    assert line.startswith("  left alone by the new rules: labelled team/")
    assert "::" not in line
    assert "@org" not in line
    assert len(line) < 200


def left_alone_impact(*, changed: bool) -> Impact:
    """Three issues a person gave another owner, left alone by both rule sets, and one that changes
    or not."""
    found = outcome(("kubernetes", APPLIED, 4.0, (KUBECTL,)))
    mine = Compared(outcome(), found) if changed else Compared(found, found)
    return compare([*[Compared(found, outcome(), "team/search", "team/search")] * 3, mine])


def test_no_changes_says_how_many_issues_both_rule_sets_left_alone() -> None:
    """Most issues of a repository whose people label by owner are no test of a change of terms."""
    assert to_text(left_alone_impact(changed=False)).splitlines()[0] == (
        "No issue changes (4 issues compared, 3 of them left alone by both rule sets: "
        "they carry another owner's label, defer_to)."
    )


def test_the_headline_says_how_many_issues_both_rule_sets_left_alone() -> None:
    expected = (
        "1 of 4 issues would change (3 left alone by both rule sets: they carry another owner's label, "
        "defer_to)."
    )

    assert to_text(left_alone_impact(changed=True)).splitlines()[0] == expected
    assert expected in to_markdown(left_alone_impact(changed=True)).splitlines()


def test_json_gives_the_count_of_issues_both_rule_sets_left_alone() -> None:
    assert json.loads(to_json(left_alone_impact(changed=False)))["left_alone"] == 3


CARRYING = UNSAFE._replace(labels=("Distribution/Kubernetes",))
"""An issue a person (or an earlier run) already gave one of the labels the new rules gain."""


def test_text_says_a_label_gained_is_already_on_the_issue() -> None:
    lines = to_text(one_issue_impact(CARRYING)).splitlines()
    assert "  + distribution/kubernetes (already on the issue)" in lines
    assert "  + team/distribution" in lines


def test_markdown_says_a_label_gained_is_already_on_the_issue() -> None:
    text = to_markdown(one_issue_impact(CARRYING))
    assert "| + label `distribution/kubernetes` (already on the issue) |" in text
    assert "| + label `team/distribution` |" in text


def test_json_says_whether_the_issue_carries_each_changed_label() -> None:
    issue = json.loads(to_json(one_issue_impact(CARRYING)))["issues"][0]
    assert [(c["name"], c["on_issue"]) for c in issue["labels"]] == [
        ("distribution/kubernetes", True),
        ("team/distribution", False),
    ]
