"""The rule test cases file: its format, its defaults, and its problems, located by line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from triage.cases import Case, default_cases_path, load_cases
from triage.errors import RulesError
from triage.model import Issue, Rules
from triage.ruleset import load_rules, yamlnodes

CASES = Path(__file__).parent / "fixtures" / "rules" / "cases"


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(CASES / "ops.yaml")


def _problems(tmp_path: Path, rules: Rules, text: str) -> str:
    path = tmp_path / "ops.cases.yaml"
    path.write_text(text)
    with pytest.raises(RulesError) as raised:
        load_cases(path, rules)
    return str(raised.value).replace(f"{path}:", "")


@pytest.mark.parametrize(
    ("rules_path", "cases_path"),
    [
        ("rules/ownership.yaml", "rules/ownership.cases.yaml"),
        ("team.yml", "team.cases.yml"),
        ("rules/ownership", "rules/ownership.cases.yaml"),
    ],
)
def test_the_cases_live_beside_the_rules(rules_path: str, cases_path: str) -> None:
    assert default_cases_path(rules_path) == cases_path


@pytest.mark.parametrize("rules_path", [".", "/", ""])
def test_a_rules_path_without_a_file_name_has_no_cases_beside_it(rules_path: str) -> None:
    assert default_cases_path(rules_path) is None


@pytest.mark.parametrize(
    ("written", "key", "cut"),
    [
        pytest.param("title: Deploy fails, see #1234", "title", "Deploy fails, see", id="title"),
        pytest.param("title: t\n    body: Same as #1234", "body", "Same as", id="body"),
    ],
)
def test_a_case_text_that_a_hash_against_a_word_cut_is_refused_not_tested_cut(
    tmp_path: Path, rules: Rules, written: str, key: str, cut: str
) -> None:
    """A title copied from GitHub often ends with an issue number: YAML reads ` #1234` as a comment,
    and the case would test the title without it."""
    said = _problems(tmp_path, rules, f"cases:\n  - name: a\n    {written}\n    labels: [team/ops]\n")
    assert f'cases[0].{key}: YAML reads the "#1234" after "{cut}" as a comment' in said


def test_a_case_keeps_its_issue_expectations_and_line(rules: Rules) -> None:
    first = load_cases(CASES / "ops.cases.yaml", rules)[0]
    assert first == Case(
        name="deploy in the title",
        issue=Issue(title="Deploy fails on Fridays", body=""),
        labels=("team/ops", "ops/deploy"),
        not_labels=("ops/monitoring", "needs-triage"),
        suggested=(),
        source=str(CASES / "ops.cases.yaml"),
        line=2,
    )


def test_every_case_of_the_file_is_loaded_in_order(rules: Rules) -> None:
    names = [case.name for case in load_cases(CASES / "ops.cases.yaml", rules)]
    assert names == [
        "deploy in the title",
        "grafana only in the body is a suggestion",
        "nothing matched gets the fallback",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [ops/deploi]}\n",
            '2:34: cases[0].labels[0]: "ops/deploi" is not a label these rules manage: '
            'did you mean "ops/deploy"?',
            id="unknown-label",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, not_labels: [bug]}\n",
            '2:38: cases[0].not_labels[0]: "bug" is not a label these rules manage',
            id="unknown-not-label",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, suggested: [monitor]}\n",
            '2:37: cases[0].suggested[0]: "monitor" is not an area id in these rules: '
            'did you mean "monitoring"?',
            id="unknown-area",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [ops, deploy]}\n",
            '2:34: cases[0].labels[0]: "ops" is not a label these rules manage: it is the id of the team '
            'labelled "team/ops": write that label\n'
            '2:39: cases[0].labels[1]: "deploy" is not a label these rules manage: it is the id of the area '
            'labelled "ops/deploy": write that label',
            id="an-id-for-a-label",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, suggested: [ops/monitoring]}\n",
            '2:37: cases[0].suggested[0]: "ops/monitoring" is not an area id in these rules: it is the '
            'label of the area "monitoring": write its id',
            id="a-label-for-an-id",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, suggested: [ops, team/ops]}\n",
            '2:37: cases[0].suggested[0]: "ops" is not an area id in these rules: it is the team "ops", '
            "which has areas: a team with areas is named as possible only through them, so write the id "
            "of the area meant (deploy, monitoring)\n"
            '2:42: cases[0].suggested[1]: "team/ops" is not an area id in these rules: it is the team '
            '"ops", which has areas: a team with areas is named as possible only through them, so write '
            "the id of the area meant (deploy, monitoring)",
            id="a-team-with-areas-is-suggested-through-its-areas",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t}\n",
            "2:5: cases[0]: the case expects nothing: give labels, not_labels, suggested or asks",
            id="expects-nothing",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [team/ops], not_labels: [team/ops]}\n",
            '2:58: cases[0].not_labels[0]: "team/ops" is also in labels: a case cannot expect both',
            id="contradiction",
        ),
        pytest.param(
            "cases:\n"
            "  - {name: a, title: t, labels: [team/ops]}\n"
            "  - {name: A, title: u, labels: [team/ops]}\n",
            '3:12: cases[1].name: case name "A" is already used, as "a", at cases[0].name (line 2): '
            "case names are compared ignoring case",
            id="duplicate-name",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, label: [team/ops]}\n",
            '2:25: cases[0].label: unknown key "label": did you mean "labels"?',
            id="unknown-key-alone-not-also-expects-nothing",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [team/ops], author: MEMBER}\n",
            '2:45: cases[0].author: unknown key "author": did you mean "author_association"?',
            id="a-key-written-short-is-told-the-whole-key",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, bdy: b}\n",
            "2:5: cases[0]: the case expects nothing: give labels, not_labels, suggested or asks\n"
            '2:25: cases[0].bdy: unknown key "bdy": did you mean "body"?',
            id="a-misspelt-body-and-no-expectation-are-two-mistakes",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: 123}\n",
            "2:5: cases[0]: the case expects nothing: give labels, not_labels, suggested or asks\n"
            '2:22: cases[0].title: expected a string, got an integer (quote it: "123")',
            id="a-bad-title-and-no-expectation-are-two-mistakes",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: team/ops}\n",
            "2:33: cases[0].labels: expected a list, got a string: put the items, separated by commas, in "
            "brackets: [team/ops]",
            id="labels-not-a-list-alone-not-also-expects-nothing",
        ),
        pytest.param(
            "cases:\n  - {name: a, labels: [team/ops]}\n",
            "2:5: cases[0].title: required key is missing",
            id="missing-title",
        ),
        pytest.param("cases: []\n", "1:8: cases: expected at least 1 item", id="no-cases"),
        pytest.param(
            "cases:\n  - {name: a, title: t, asks: [the version you deployed]}\n",
            '2:32: cases[0].asks[0]: "the version you deployed" is not a question these rules ask: '
            'did you mean "the version you deploy"?',
            id="unknown-question",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, asks: [which version]}\n",
            '2:32: cases[0].asks[0]: "which version" is not a question these rules ask: they ask '
            '"the version you deploy" and "a link to the dashboard"',
            id="unknown-question-far-from-the-few-asked-names-them",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, asks: [a link to the dashboard, a link to the dashboard]}\n",
            "2:57: cases[0].asks[1]: the question is already at asks[0]: the comment asks a question once",
            id="question-twice",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, ask: []}\n",
            '2:25: cases[0].ask: unknown key "ask": did you mean "asks"?',
            id="misspelt-asks-alone-not-also-expects-nothing",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, author_association: Membr, asks: []}\n",
            "2:45: cases[0].author_association: expected one of OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, "
            'FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN, NONE; got "Membr": did you mean "MEMBER"?',
            id="unknown-association",
        ),
        pytest.param(
            'cases:\n  - {name: a, title: t, labels: [""]}\n',
            "2:34: cases[0].labels[0]: must not be empty",
            id="empty-label-is-empty-not-also-unknown",
        ),
        pytest.param(
            "- {name: a}\n",
            "1:1: (file): expected a mapping, got a list: the file holds its keys, `cases:`, each at the "
            "start of a line; a list of cases goes under `cases:`",
            id="not-a-mapping",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [team/ops\n",
            "3:1: (file): YAML syntax error: expected ',' or ']', but got '<stream end>', "
            "in the `[` list opened at line 2, column 33",
            id="syntax-error",
        ),
    ],
)
def test_a_bad_cases_file_is_reported_with_line_and_key(
    tmp_path: Path, rules: Rules, text: str, expected: str
) -> None:
    assert _problems(tmp_path, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [ops/deploy], suggested: [deploy]}\n",
            '2:59: cases[0].suggested[0]: area "deploy" is also expected applied (ops/deploy in labels): '
            "an area is either applied or suggested, so the case can never pass",
            id="suggested-and-applied",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [ops/deploy], not_labels: [team/ops]}\n",
            '2:60: cases[0].not_labels[0]: "team/ops" comes with ops/deploy, expected in labels: '
            "an area's label always brings its team's, so the case can never pass",
            id="team-label-refused-with-its-area",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, labels: [needs-triage, team/ops]}\n",
            '2:34: cases[0].labels[0]: "needs-triage" is the fallback label, given only when no team '
            "matches, and labels also expects team/ops, so the case can never pass",
            id="fallback-with-a-team",
        ),
        pytest.param(
            "cases:\n  - {name: a, title: t, author_association: MEMBER, asks: [the version you deploy]}\n",
            "2:60: cases[0].asks[0]: the question is asked only of outside reporters, and the case's "
            "author_association MEMBER is the repository's own, so the case can never pass",
            id="outside-question-of-a-member",
        ),
    ],
)
def test_a_case_that_can_never_pass_is_reported_before_it_runs(
    tmp_path: Path, rules: Rules, text: str, expected: str
) -> None:
    assert _problems(tmp_path, rules, text) == expected


def test_the_fallback_label_beside_an_area_label_alone_can_never_pass(tmp_path: Path, rules: Rules) -> None:
    """An area's label is an owner as much as its team's: it comes only when a team matched."""
    text = "cases:\n  - {name: a, title: t, labels: [needs-triage, ops/deploy]}\n"
    assert _problems(tmp_path, rules, text) == (
        '2:34: cases[0].labels[0]: "needs-triage" is the fallback label, given only when no team '
        "matches, and labels also expects ops/deploy, so the case can never pass"
    )


def test_a_suggested_area_with_its_team_label_expected_can_pass(tmp_path: Path, rules: Rules) -> None:
    """A team's score adds up its areas' scores: a suggested area may still bring the team label."""
    text = "cases:\n  - {name: a, title: t, labels: [team/ops], suggested: [deploy]}\n"
    (case,) = _loaded(tmp_path, rules, text)
    assert case.suggested == ("deploy",)


def rules_with_deploy_renamed(tmp_path: Path) -> Rules:
    """The ops rules with the `ops/deploy` label renamed `ops/release` (`previous_names`)."""
    renamed = tmp_path / "ops.yaml"
    renamed.write_text(
        (CASES / "ops.yaml")
        .read_text()
        .replace("name: ops/deploy,", "name: ops/release, previous_names: [ops/deploy],", 1)
    )
    return load_rules(renamed)


def test_a_label_sharing_only_a_prefix_with_a_known_one_gets_no_suggestion(
    tmp_path: Path, rules: Rules
) -> None:
    problems = _problems(tmp_path, rules, "cases:\n  - {name: a, title: t, labels: [ops/dev]}\n")
    assert problems == '2:34: cases[0].labels[0]: "ops/dev" is not a label these rules manage'


def test_a_label_the_rules_renamed_is_told_its_new_name_not_the_closest_other(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        rules_with_deploy_renamed(tmp_path),
        "cases:\n  - {name: a, title: t, labels: [ops/deploy]}\n",
    )
    assert problems == (
        '2:34: cases[0].labels[0]: "ops/deploy" is not a label these rules manage: '
        'they renamed it "ops/release" (its previous_names)'
    )


def test_a_renamed_label_refused_by_a_case_is_told_its_new_name_too(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        rules_with_deploy_renamed(tmp_path),
        "cases:\n  - {name: a, title: t, not_labels: [ops/deploy]}\n",
    )
    assert problems == (
        '2:38: cases[0].not_labels[0]: "ops/deploy" is not a label these rules manage: '
        'they renamed it "ops/release" (its previous_names)'
    )


def test_a_label_renamed_from_a_name_written_in_another_case_is_told_its_new_name(tmp_path: Path) -> None:
    """GitHub compares label names ignoring case, and so does the rename (`labels sync`)."""
    renamed = tmp_path / "ops.yaml"
    renamed.write_text(
        (CASES / "ops.yaml")
        .read_text()
        .replace("name: ops/deploy,", "name: ops/release, previous_names: [Ops/Deploy],", 1)
    )
    problems = _problems(
        tmp_path, load_rules(renamed), "cases:\n  - {name: a, title: t, labels: [ops/deploy]}\n"
    )
    assert problems == (
        '2:34: cases[0].labels[0]: "ops/deploy" is not a label these rules manage: '
        'they renamed it "ops/release" (its previous_names)'
    )


def test_a_case_suggesting_an_area_whose_suggest_equals_its_threshold_can_never_pass(tmp_path: Path) -> None:
    """At a score of `suggest` the area is applied already: it is never only suggested."""
    text = (CASES / "ops.yaml").read_text()
    equal = tmp_path / "ops.yaml"
    equal.write_text(
        text.replace("keywords: [deploy, rollout]", "keywords: [deploy, rollout]\n        suggest: 2")
    )
    problems = _problems(
        tmp_path, load_rules(equal), "cases:\n  - {name: a, title: t, suggested: [deploy]}\n"
    )
    assert problems == (
        '2:37: cases[0].suggested[0]: area "deploy" is never only suggested: its suggest threshold (2) '
        "is its apply threshold, so the case can never pass"
    )


def test_a_regression_corpus_of_twenty_thousand_cases_loads(tmp_path: Path, rules: Rules) -> None:
    """8 values a case, 160,000 in all: a corpus built from labelled issues, not an alias bomb."""
    one = (
        '  - {{name: "case {0}", title: "deploy {0}", body: b, '
        "labels: [team/ops], not_labels: [ops/monitoring]}}\n"
    )
    text = "cases:\n" + "".join(one.format(i) for i in range(20_000))
    assert len(_loaded(tmp_path, rules, text)) == 20_000


def test_a_missing_cases_file_is_reported_by_name(tmp_path: Path, rules: Rules) -> None:
    path = tmp_path / "none.cases.yaml"
    with pytest.raises(RulesError) as raised:
        load_cases(path, rules)
    assert str(raised.value) == f"{path}:1:1: (file): cannot read: No such file or directory"


def test_the_example_in_the_readme_is_a_valid_cases_file_for_the_bundled_rules(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    section = (root / "README.md").read_text().split("The cases file:", 1)[1]
    path = tmp_path / "ownership.cases.yaml"
    path.write_text(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    first, second = load_cases(path, load_rules(root / "rules" / "ownership.yaml"))
    assert (first.name, first.suggested) == ("kubectl in the title", ("scalability",))
    assert (second.issue.author_association, second.asks) == ("MEMBER", ())


def _loaded(tmp_path: Path, rules: Rules, text: str) -> tuple[Case, ...]:
    path = tmp_path / "ops.cases.yaml"
    path.write_text(text, encoding="utf-8")
    return load_cases(path, rules)


def test_a_case_may_give_an_empty_body(tmp_path: Path, rules: Rules) -> None:
    (case,) = _loaded(tmp_path, rules, 'cases:\n  - {name: a, title: t, body: "", labels: [team/ops]}\n')
    assert case.issue.body == ""


def test_a_lone_surrogate_in_a_case_becomes_a_replacement_character(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml refuses the escape; PyYAML's own parser reads it, and an issue cannot hold it."""
    monkeypatch.setattr(yamlnodes, "_FAST_LOADER", yaml.SafeLoader)
    text = 'cases:\n  - {name: a, title: "t\\ud800", body: "b\\udfff", labels: [team/ops]}\n'
    (case,) = _loaded(tmp_path, rules, text)
    assert (case.issue.title, case.issue.body) == ("t\ufffd", "b\ufffd")


def test_a_cases_issue_text_may_hold_what_issues_hold_invisible_characters_and_escapes_included(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "ops.cases.yaml"
    cases.write_text(
        'cases:\n  - {name: a, title: "kube\\u200bctl \\u202e", body: "\\e[31merror", labels: [team/ops]}\n'
    )
    assert [case.issue.body for case in load_cases(cases, None)] == ["\x1b[31merror"]


def test_past_a_hundred_unknown_labels_the_rest_get_no_closest_label(tmp_path: Path, rules: Rules) -> None:
    """Past that the file is no typo, and each suggestion compares the name with every label."""
    cases = "".join(f"  - {{name: c{i}, title: t, labels: [ops/deploi{i}]}}\n" for i in range(101))
    with pytest.raises(RulesError) as refused:
        _loaded(tmp_path, rules, "cases:\n" + cases)
    hinted = ["did you mean" in problem.message for problem in refused.value.problems]
    assert hinted == [True] * 100 + [False]


def test_a_case_keeps_the_reporters_association_and_the_questions_in_order(
    tmp_path: Path, rules: Rules
) -> None:
    text = (
        "cases:\n  - name: a\n    title: t\n    author_association: CONTRIBUTOR\n"
        "    asks: [a link to the dashboard, the version you deploy]\n"
    )
    (case,) = _loaded(tmp_path, rules, text)
    assert (case.issue.author_association, case.asks) == (
        "CONTRIBUTOR",
        ("a link to the dashboard", "the version you deploy"),
    )


def test_a_case_without_asks_says_nothing_of_the_questions_and_its_reporter_is_unknown(
    tmp_path: Path, rules: Rules
) -> None:
    (case,) = _loaded(tmp_path, rules, "cases:\n  - {name: a, title: t, labels: [team/ops]}\n")
    assert (case.issue.author_association, case.asks) == (None, None)


def test_asks_empty_is_an_expectation_that_the_comment_asks_nothing(tmp_path: Path, rules: Rules) -> None:
    (case,) = _loaded(tmp_path, rules, "cases:\n  - {name: a, title: t, asks: []}\n")
    assert case.asks == ()


def test_a_question_asked_of_every_reporter_may_be_expected_of_a_member(tmp_path: Path, rules: Rules) -> None:
    text = "cases:\n  - {name: a, title: t, author_association: MEMBER, asks: [a link to the dashboard]}\n"
    (case,) = _loaded(tmp_path, rules, text)
    assert case.asks == ("a link to the dashboard",)


NETWORK_TEAM = """\
  - id: network
    name: Network
    label: {name: team/network, color: "ededed", description: Owned by Network}
    keywords: [ingress]
"""
"""A team of no areas, added to the ops rules: it is suggested as an area is."""


def rules_with_a_team_of_no_areas(tmp_path: Path) -> Rules:
    path = tmp_path / "ops.yaml"
    path.write_text((CASES / "ops.yaml").read_text() + NETWORK_TEAM)
    return load_rules(path)


def test_a_case_may_expect_a_team_of_no_areas_suggested(tmp_path: Path) -> None:
    text = "cases:\n  - {name: a, title: t, suggested: [network]}\n"
    (case,) = _loaded(tmp_path, rules_with_a_team_of_no_areas(tmp_path), text)
    assert case.suggested == ("network",)


def test_a_case_may_not_expect_a_team_with_areas_suggested_as_its_areas_are(tmp_path: Path) -> None:
    text = "cases:\n  - {name: a, title: t, suggested: [ops]}\n"
    assert _problems(tmp_path, rules_with_a_team_of_no_areas(tmp_path), text) == (
        '2:37: cases[0].suggested[0]: "ops" is not an area id, or the id of a team of no areas, in these '
        'rules: it is the team "ops", which has areas: a team with areas is named as possible only through '
        "them, so write the id of the area meant (deploy, monitoring)"
    )


def test_a_case_suggesting_a_team_it_also_expects_labelled_can_never_pass(tmp_path: Path) -> None:
    text = "cases:\n  - {name: a, title: t, labels: [team/network], suggested: [network]}\n"
    assert _problems(tmp_path, rules_with_a_team_of_no_areas(tmp_path), text) == (
        '2:61: cases[0].suggested[0]: team "network" is also expected applied (team/network in labels): '
        "a team is either applied or suggested, so the case can never pass"
    )
