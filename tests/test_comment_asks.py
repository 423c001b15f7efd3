"""Which questions the comment asks: the labelled owners' `asks` the issue does not answer yet."""

from __future__ import annotations

import pytest

from tests.render_builders import area, ask, classify_as, evidence, rules, team
from triage.comment_asks import Answer, answer, questions
from triage.model import Ask, Issue, Rules

VERSION = ask("Which Sourcegraph version do you run?", r"\b\d+\.\d+\b")
SIZE = ask("How many users and repositories does the instance have?", r"\busers\b")


def kubernetes_asking() -> Rules:
    return rules(team("distribution", area("kubernetes", asks=[VERSION]), area("monitoring")))


def asked(
    the_rules: Rules,
    title: str = "kubectl apply fails",
    body: str = "",
    applied: tuple[str, ...] = ("kubernetes",),
) -> tuple[str, ...]:
    """The questions asked of an issue where the `applied` areas are labelled."""
    issue = Issue(title=title, body=body)
    return questions(classify_as(the_rules, {name: [evidence()] for name in applied}, issue=issue))


def test_a_labelled_areas_question_is_asked_when_the_issue_does_not_answer_it() -> None:
    assert asked(kubernetes_asking()) == (VERSION.question,)


def test_a_question_answered_in_the_body_is_not_asked() -> None:
    assert asked(kubernetes_asking(), body="We run 3.41 on GKE.") == ()


def test_a_question_answered_in_the_title_is_not_asked() -> None:
    assert asked(kubernetes_asking(), title="kubectl apply fails after upgrading to 3.41") == ()


def test_a_version_in_a_pasted_log_answers_the_question() -> None:
    body = "It fails:\n\n```\nfrontend | version=3.41.0 msg=starting\n```\n"
    assert asked(kubernetes_asking(), body=body) == ()


def test_a_version_in_a_quoted_report_answers_the_question() -> None:
    assert asked(kubernetes_asking(), body="From the customer:\n> we are on 3.38 since May\n") == ()


def test_answers_are_found_whatever_their_case() -> None:
    the_rules = rules(team("distribution", area("kubernetes", asks=[ask("Version?", r"\binsiders\b")])))
    assert asked(the_rules, body="We run the INSIDERS build") == ()


def test_text_inside_an_html_comment_answers_nothing() -> None:
    """An issue template's guidance sits there: its example is not the reporter's answer."""
    body = "<!-- Which version? e.g. 3.41 -->\nIt crashes.\n"
    assert asked(kubernetes_asking(), body=body) == (VERSION.question,)


def test_a_line_a_lone_carriage_return_starts_is_a_line_to_the_answering_patterns() -> None:
    the_rules = rules(team("distribution", area("kubernetes", asks=[ask("Version?", r"(?m)^version: \d")])))
    assert asked(the_rules, body="We run it on GKE.\rversion: 3.41\r") == ()


def test_an_answer_after_a_lone_carriage_return_is_on_the_next_line() -> None:
    found = answer([VERSION], Issue("Deploy fails", "Since Monday.\rWe run 3.41 on two hosts.\r"))
    assert found == Answer(r"\b\d+\.\d+\b", "body", 2, "We run 3.41 on two hosts.")


def test_a_question_without_answering_patterns_is_asked_whenever_its_area_is_labelled() -> None:
    logs = ask("Please attach the frontend logs.")
    the_rules = rules(team("distribution", area("kubernetes", asks=[logs])))
    assert asked(the_rules, body="Logs: none, 3.41") == (logs.question,)


def test_the_question_of_an_area_only_suggested_is_not_asked() -> None:
    the_rules = kubernetes_asking()
    classification = classify_as(
        the_rules,
        {"monitoring": [evidence()]},
        suggested={"kubernetes": [evidence()]},
        issue=Issue(title="kubectl", body=""),
    )
    assert questions(classification) == ()


def test_a_labelled_teams_own_question_is_asked() -> None:
    the_rules = rules(team("distribution", area("kubernetes"), asks=[SIZE]))
    assert asked(the_rules) == (SIZE.question,)


def test_a_teams_question_is_not_asked_once_a_person_took_its_label_off() -> None:
    the_rules = rules(team("distribution", area("kubernetes", asks=[VERSION]), asks=[SIZE]))
    classification = classify_as(the_rules, {"kubernetes": [evidence()]}, issue=Issue("kubectl", ""))
    assert questions(classification.without_labels(["team/distribution"])) == (VERSION.question,)


def test_an_areas_question_is_not_asked_once_a_person_took_its_label_off() -> None:
    the_rules = kubernetes_asking()
    classification = classify_as(the_rules, {"kubernetes": [evidence()]}, issue=Issue("kubectl", ""))
    assert questions(classification.without_labels(["distribution/kubernetes"])) == ()


def test_a_question_several_labelled_areas_ask_is_asked_once_in_the_rules_order() -> None:
    the_rules = rules(
        team(
            "distribution",
            area("kubernetes", asks=[VERSION]),
            area("docker-compose", asks=[SIZE, VERSION]),
            asks=[ask("Team question?")],
        )
    )
    found = asked(the_rules, applied=("docker-compose", "kubernetes"))
    assert found == ("Team question?", VERSION.question, SIZE.question)


def test_a_question_one_area_answers_is_answered_for_every_area_asking_it() -> None:
    the_rules = rules(
        team(
            "distribution",
            area("kubernetes", asks=[VERSION]),
            area("single-container", asks=[ask(VERSION.question, r"sourcegraph/server:\S+")]),
        )
    )
    found = asked(
        the_rules, body="docker run sourcegraph/server:insiders", applied=("kubernetes", "single-container")
    )
    assert found == ()


def test_an_issue_no_owner_was_found_for_is_asked_nothing() -> None:
    the_rules = rules(
        team("distribution", area("kubernetes", asks=[VERSION]), asks=[SIZE]), fallback="needs-triage"
    )
    assert questions(classify_as(the_rules, {}, issue=Issue("Hello", ""))) == ()


OUTSIDE_VERSION = ask(VERSION.question, r"\b\d+\.\d+\b", reporters="outside")


def asked_of(association: str | None, *asks: Ask) -> tuple[str, ...]:
    """The questions asked of a Kubernetes issue whose reporter GitHub places so."""
    the_rules = rules(team("distribution", area("kubernetes", asks=list(asks))))
    issue = Issue(title="kubectl apply fails", body="", author_association=association)
    return questions(classify_as(the_rules, {"kubernetes": [evidence()]}, issue=issue))


@pytest.mark.parametrize("association", ["OWNER", "MEMBER", "COLLABORATOR"])
def test_a_question_for_outside_reporters_is_not_asked_of_the_repositorys_own_people(
    association: str,
) -> None:
    assert asked_of(association, OUTSIDE_VERSION) == ()


@pytest.mark.parametrize(
    "association", ["NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN"]
)
def test_a_question_for_outside_reporters_is_asked_of_everyone_else(association: str) -> None:
    assert asked_of(association, OUTSIDE_VERSION) == (VERSION.question,)


def test_a_question_for_outside_reporters_is_asked_when_the_association_is_unknown() -> None:
    """A dry run without it shows what an outside reporter would be asked."""
    assert asked_of(None, OUTSIDE_VERSION) == (VERSION.question,)


def test_an_association_is_read_whatever_its_case() -> None:
    assert asked_of("member", OUTSIDE_VERSION) == ()


def test_a_question_for_any_reporter_is_asked_of_a_member_too() -> None:
    logs = ask("Please attach the frontend logs.")
    assert asked_of("MEMBER", logs, OUTSIDE_VERSION) == (logs.question,)
