"""Judging a case: which expectations failed, and the evidence that explains each miss.

The classifier is the keyword-only stand-in in tests/fake_classifier.py, so these tests pin the
runner's logic whatever the real classifier's scoring becomes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fake_classifier import fake_classify
from tests.rules_builders import area as area_of
from tests.rules_builders import rules as rules_of
from tests.rules_builders import team as team_of
from triage.case_run import Miss, evidence_line, judge, run_cases
from triage.cases import Case
from triage.classify import classify
from triage.model import AreaResult, AreaStatus, Classification, Evidence, Issue, Rules, TeamResult, Where
from triage.ruleset import load_rules

RULES = Path(__file__).parent / "fixtures" / "rules" / "cases" / "ops.yaml"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(RULES)


def _case(
    title: str,
    body: str = "",
    labels: tuple[str, ...] = (),
    not_labels: tuple[str, ...] = (),
    suggested: tuple[str, ...] = (),
    *,
    asks: tuple[str, ...] | None = None,
    author_association: str | None = None,
) -> Case:
    issue = Issue(title, body, author_association=author_association)
    return Case("a case", issue, labels, not_labels, suggested, "ops.cases.yaml", 7, asks)


def _misses(rules: Rules, case: Case) -> tuple[Miss, ...]:
    return judge(rules, case, fake_classify(rules, case.issue)).misses


def test_a_case_whose_expectations_all_hold_passes(rules: Rules) -> None:
    case = _case("Deploy fails", labels=("team/ops", "ops/deploy"), not_labels=("needs-triage",))
    result = judge(rules, case, fake_classify(rules, case.issue))
    assert (result.passed, result.misses) == (True, ())


def test_a_label_below_its_threshold_shows_the_score_and_the_evidence_that_fell_short(rules: Rules) -> None:
    case = _case("Pager went off", "The alert fired at 3am.", labels=("ops/monitoring",))
    assert _misses(rules, case) == (
        Miss(
            'label "ops/monitoring" expected, not applied',
            (
                "area monitoring: score 1, suggested (threshold 2, suggest 1)",
                '  keyword "alert" in body line 1: "The alert fired at 3am." (+1)',
            ),
        ),
    )


def test_a_label_with_no_evidence_at_all_shows_the_strongest_evidence_elsewhere(rules: Rules) -> None:
    case = _case("Grafana is slow", labels=("ops/deploy",))
    assert _misses(rules, case)[0].explanation == (
        "area deploy: no evidence",
        "strongest evidence in this issue:",
        '  area monitoring: keyword "grafana" in title line 1: "Grafana is slow" (+2)',
    )


def test_an_unwanted_label_shows_the_evidence_that_fired(rules: Rules) -> None:
    case = _case("Rollout stuck; grafana shows it", not_labels=("ops/monitoring",))
    assert _misses(rules, case) == (
        Miss(
            'label "ops/monitoring" applied, must not be',
            (
                "area monitoring: score 2, applied (threshold 2, suggest 1)",
                '  keyword "grafana" in title line 1: "Rollout stuck; grafana shows it" (+2)',
            ),
        ),
    )


def test_an_unwanted_team_label_shows_its_score_and_its_areas_with_their_thresholds_and_evidence(
    rules: Rules,
) -> None:
    """The team's score is short of the team's threshold: its area's own, lower one labelled it."""
    case = _case("Deploy fails", not_labels=("team/ops",))
    assert _misses(rules, case)[0].explanation == (
        "team ops: score 2, applied (threshold 3)",
        "  area deploy: score 2, applied (threshold 2, suggest 1)",
        '    keyword "deploy" in title line 1: "Deploy fails" (+2)',
    )


def test_a_missing_team_label_with_no_evidence_says_so(rules: Rules) -> None:
    case = _case("The coffee machine is broken", labels=("team/ops",))
    assert _misses(rules, case)[0].explanation == (
        "team ops: no evidence",
        "no evidence for any team or area in this issue",
    )


def test_an_unwanted_fallback_says_no_team_reached_its_threshold(rules: Rules) -> None:
    case = _case("Dashboards", "grafana is blank", not_labels=("needs-triage",))
    assert _misses(rules, case)[0].explanation == (
        "fallback: no team reached its threshold",
        "strongest evidence in this issue:",
        '  area monitoring: keyword "grafana" in body line 1: "grafana is blank" (+1)',
    )


def test_a_missing_fallback_names_the_teams_that_applied(rules: Rules) -> None:
    case = _case("Deploy the coffee machine", labels=("needs-triage",))
    assert _misses(rules, case) == (
        Miss('label "needs-triage" expected, not applied', ("no fallback: teams applied: ops (2)",)),
    )


def test_an_area_vetoed_by_its_team_shows_the_team_exclude_that_fired(rules: Rules) -> None:
    team = rules.teams[0]
    case = _case("Deploy preview", labels=("ops/deploy",))
    keyword = Evidence("ops", "deploy", "keyword", "deploy", "Deploy", "title", 1, 2.0)
    veto = Evidence("ops", None, "exclude", "preview", "preview", "title", 1, 0.0)
    team_term = Evidence("ops", None, "keyword", "ops", "ops", "body", 2, 1.0)  # no veto: not shown as one
    area = AreaResult(team.areas[0], 2.0, AreaStatus.EXCLUDED, (keyword,))
    vetoed = Classification(case.issue, (TeamResult(team, 0.0, False, (area,), (veto, team_term)),), None)
    assert judge(rules, case, vetoed).misses[0].explanation == (
        "area deploy: score 2, excluded (threshold 2, suggest 1)",
        '  keyword "deploy" in title line 1: "Deploy" (+2)',
        '  vetoed by team ops: exclude "preview" in title line 1: "preview" (veto)',
    )


@pytest.mark.parametrize(
    ("title", "expectation"),
    [
        ("Grafana down", 'area "monitoring" expected as suggested, was applied'),
        ("Something else", 'area "monitoring" expected as suggested, had no evidence'),
    ],
)
def test_a_missing_suggestion_says_what_the_area_was_instead(
    rules: Rules, title: str, expectation: str
) -> None:
    assert _misses(rules, _case(title, suggested=("monitoring",)))[0].expectation == expectation


NETWORK_AND_OPS = rules_of(
    team_of("network", keywords=["ingress"]), team_of("ops", area_of("deploy", keywords=["deploy"]))
)
"""A team of no areas (suggested on its own score, as an area is) beside a team with areas."""


def test_a_case_expecting_a_team_of_no_areas_suggested_passes_when_it_is() -> None:
    case = _case("ingress times out", suggested=("network",))
    assert judge(NETWORK_AND_OPS, case, classify(NETWORK_AND_OPS, case.issue)).passed


@pytest.mark.parametrize(
    ("title", "body", "expectation"),
    [
        ("ingress", "ingress", 'team "network" expected as suggested, was applied'),
        ("", "ingress", 'team "network" expected as suggested, was not applied'),
        ("deploy", "", 'team "network" expected as suggested, had no evidence'),
    ],
)
def test_a_missing_team_suggestion_says_what_the_team_was_instead(
    title: str, body: str, expectation: str
) -> None:
    case = _case(title, body, suggested=("network",))
    [miss] = judge(NETWORK_AND_OPS, case, classify(NETWORK_AND_OPS, case.issue)).misses
    assert miss.expectation == expectation


def test_a_missing_team_suggestion_shows_the_teams_score_and_thresholds() -> None:
    case = _case("", "ingress", suggested=("network",))
    [miss] = judge(NETWORK_AND_OPS, case, classify(NETWORK_AND_OPS, case.issue)).misses
    assert miss.explanation[0] == "team network: score 1, not applied (threshold 3, suggest 2)"


def test_every_unmet_expectation_of_a_case_is_reported_in_order(rules: Rules) -> None:
    case = _case(
        "Grafana down", labels=("ops/deploy",), not_labels=("ops/monitoring",), suggested=("monitoring",)
    )
    assert [miss.expectation for miss in _misses(rules, case)] == [
        'label "ops/deploy" expected, not applied',
        'label "ops/monitoring" applied, must not be',
        'area "monitoring" expected as suggested, was applied',
    ]


def test_run_cases_judges_every_case_with_the_given_classifier(rules: Rules) -> None:
    cases = [_case("Deploy", labels=("ops/deploy",)), _case("Grafana", labels=("ops/deploy",))]
    assert [result.passed for result in run_cases(rules, cases, fake_classify)] == [True, False]


def test_an_evidence_line_names_kind_term_place_line_and_weight() -> None:
    evidence = Evidence("ops", "deploy", "path", "deploy/**", "deploy/app.yaml", "body", 4, 4.0)
    assert evidence_line(evidence) == 'path "deploy/**" in body line 4: "deploy/app.yaml" (+4)'


def test_an_exclude_evidence_line_says_veto() -> None:
    evidence = Evidence("ops", "deploy", "exclude", "preview", "preview", "title", 1, 0.0)
    assert evidence_line(evidence) == 'exclude "preview" in title line 1: "preview" (veto)'


def test_issue_text_in_an_evidence_line_cannot_start_a_workflow_command() -> None:
    evidence = Evidence("ops", "deploy", "keyword", "deploy", "deploy\n::add-mask::x", "body", 1, 1.0)
    assert (
        evidence_line(evidence) == 'keyword "deploy" in body line 1: "deploy :\u200d:add-mask:\u200d:x" (+1)'
    )


def test_a_team_below_its_threshold_is_shown_not_applied(rules: Rules) -> None:
    case = _case("Pager", "an alert fired", labels=("team/ops",))
    assert _misses(rules, case)[0].explanation[0] == "team ops: score 1, not applied (threshold 3)"


def test_a_missing_team_label_lists_the_teams_own_evidence(rules: Rules) -> None:
    case = _case("ops pager", labels=("team/ops",))
    term = Evidence("ops", None, "keyword", "ops", "ops", "title", 1, 1.0)
    found = Classification(case.issue, (TeamResult(rules.teams[0], 1.0, False, (), (term,)),), None)
    assert judge(rules, case, found).misses[0].explanation == (
        "team ops: score 1, not applied (threshold 3)",
        '  keyword "ops" in title line 1: "ops" (+1)',
    )


def _monitoring_with(rules: Rules, case: Case, *evidence: Evidence) -> Classification:
    area = AreaResult(rules.teams[0].areas[1], 9.0, AreaStatus.APPLIED, evidence)
    return Classification(case.issue, (TeamResult(rules.teams[0], 9.0, True, (area,), ()),), None)


def _keyword(term: str, where: Where, line: int, weight: float) -> Evidence:
    return Evidence("ops", "monitoring", "keyword", term, term, where, line, weight)


def test_evidence_is_listed_strongest_first_then_title_before_body_then_by_line(rules: Rules) -> None:
    case = _case("t", not_labels=("ops/monitoring",))
    shuffled = (
        _keyword("alpha", "body", 3, 1.0),
        _keyword("rollout", "body", 1, 1.0),
        _keyword("zeta", "body", 2, 1.0),
        _keyword("deploy", "title", 1, 1.0),
        _keyword("strong", "body", 5, 3.0),
    )
    lines = judge(rules, case, _monitoring_with(rules, case, *shuffled)).misses[0].explanation[1:]
    assert [line.split('"')[1] for line in lines] == ["strong", "deploy", "rollout", "zeta", "alpha"]


def test_the_strongest_evidence_elsewhere_is_at_most_three_pieces(rules: Rules) -> None:
    case = _case("t", labels=("ops/deploy",))
    four = tuple(_keyword(f"k{n}", "body", n, 1.0) for n in range(1, 5))
    explanation = judge(rules, case, _monitoring_with(rules, case, *four)).misses[0].explanation
    assert explanation == (
        "area deploy: no evidence",
        "strongest evidence in this issue:",
        '  area monitoring: keyword "k1" in body line 1: "k1" (+1)',
        '  area monitoring: keyword "k2" in body line 2: "k2" (+1)',
        '  area monitoring: keyword "k3" in body line 3: "k3" (+1)',
    )


VERSION = "the version you deploy"
LINK = "a link to the dashboard"


def test_a_case_asking_exactly_the_comments_questions_in_order_passes(rules: Rules) -> None:
    case = _case("Deploy fails; grafana shows it", asks=(VERSION, LINK))
    assert _misses(rules, case) == ()


def test_a_case_that_says_nothing_of_the_questions_is_not_judged_on_them(rules: Rules) -> None:
    assert _misses(rules, _case("Deploy fails", labels=("ops/deploy",))) == ()


def test_a_question_asked_that_the_case_does_not_expect_names_who_asks_it(rules: Rules) -> None:
    case = _case("Deploy fails", asks=())
    assert _misses(rules, case) == (
        Miss(
            f'asks nothing expected, asked "{VERSION}"',
            (
                f'"{VERSION}": asked by area deploy, labelled; no answered_by pattern matches the issue'
                ", and the reporter (unknown) counts as outside",
            ),
        ),
    )


def test_a_question_the_issue_answers_shows_the_pattern_and_the_line_that_answer_it(rules: Rules) -> None:
    case = _case("Deploy fails", "Since Monday.\nWe run v2.4 on two hosts.", asks=(VERSION,))
    assert _misses(rules, case) == (
        Miss(
            f'asks "{VERSION}" expected, asked nothing',
            (f'"{VERSION}": answered by \'\\bv\\d+\\.\\d+\' in body line 2: "We run v2.4 on two hosts."',),
        ),
    )


def test_a_question_whose_owners_are_not_labelled_names_each_with_its_status(rules: Rules) -> None:
    case = _case("Pager", "an alert fired", asks=(LINK,))
    assert _misses(rules, case)[0].explanation == (
        f'"{LINK}": asked by area monitoring (suggested), none of them labelled',
    )


def test_a_question_only_for_outside_reporters_is_not_asked_of_a_member(rules: Rules) -> None:
    case = _case("Deploy fails", asks=(VERSION,), author_association="MEMBER")
    assert _misses(rules, case)[0].explanation == (
        f'"{VERSION}": asked only of outside reporters, and the reporter is MEMBER',
    )


def test_the_same_questions_in_another_order_say_the_comment_keeps_the_rules_order(rules: Rules) -> None:
    case = _case("Deploy fails; grafana shows it", asks=(LINK, VERSION))
    assert _misses(rules, case) == (
        Miss(
            f'asks "{LINK}", "{VERSION}" expected, asked "{VERSION}", "{LINK}"',
            ("the same questions, in another order: the comment asks them in the rules' order",),
        ),
    )


def test_a_question_for_every_reporter_asked_unexpectedly_does_not_mention_the_reporter(rules: Rules) -> None:
    case = _case("Grafana down", asks=(), author_association="MEMBER")
    assert _misses(rules, case)[0].explanation == (
        f'"{LINK}": asked by area monitoring, labelled; no answered_by pattern matches the issue',
    )
