"""Issue-form fields: `### Name` followed by its value."""

from __future__ import annotations

import pytest

from tests.rules_builders import area, field, rules, team, term
from triage.classify import classify
from triage.classify.fields import MAX_HEADINGS, MAX_VALUE_PIECES
from triage.model import Issue

DEPLOYMENT = rules(team("ops", area("k8s", fields=[field("Deployment type", "kubernetes", "helm")])))


def fields_found(body: str) -> list[tuple[str, str, int]]:
    found = classify(DEPLOYMENT, Issue(title="", body=body))
    return [(e.term, e.text, e.line) for e in found.evidence if e.kind == "field"]


def quoted(body: str) -> list[str]:
    """What the field evidence quotes: the line of the value that matched."""
    return [text for _, text, _ in fields_found(body)]


def test_field_value_matches_under_its_heading() -> None:
    body = "### Version\n\n3.20\n\n### Deployment type\n\nKubernetes (GKE)\n\n### Logs\n\nnone"
    assert fields_found(body) == [("Deployment type: kubernetes", "Kubernetes (GKE)", 7)]


def test_field_name_is_case_and_space_insensitive() -> None:
    assert fields_found("###   deployment  TYPE:\nhelm")[0][0] == "Deployment type: helm"


def test_no_response_is_no_value() -> None:
    assert fields_found("### Deployment type\n\n_No response_\n\n### Notes\n\nkubernetes") == []


def test_value_ends_at_the_next_heading() -> None:
    assert fields_found("### Deployment type\n\nDocker\n\n## Notes\n\nkubernetes later") == []


def test_value_under_another_field_does_not_count() -> None:
    assert fields_found("### Environment\n\nkubernetes\n") == []


def test_field_in_an_html_comment_does_not_count() -> None:
    assert fields_found("<!--\n### Deployment type\n\nkubernetes\n-->") == []


def test_field_and_keyword_evidence_are_separate() -> None:
    both = rules(team("ops", area("k8s", keywords=["helm"], fields=[field("Deployment type", "helm")])))
    found = classify(both, Issue(title="", body="### Deployment type\n\nhelm"))
    assert sorted(e.kind for e in found.evidence) == ["field", "keyword"]


def test_only_third_level_headings_are_fields() -> None:
    assert fields_found("## Deployment type\n\nkubernetes\n#### Deployment type\n\nhelm") == []


def test_a_repeated_field_is_read_until_one_matches() -> None:
    body = "### Deployment type\n\nDocker\n### Deployment type\n\nhelm"
    assert fields_found(body) == [("Deployment type: helm", "helm", 6)]


@pytest.mark.parametrize(("before", "found"), [(255, ["helm"]), (256, [])])
def test_fields_are_read_from_the_first_256_headings_only(before: int, found: list[str]) -> None:
    """As the README says."""
    body = "### Notes\n\nx\n" * before + "### Deployment type\n\nhelm"
    assert quoted(body) == found


def test_the_last_field_read_ends_at_the_next_heading_though_that_heading_is_not_read() -> None:
    body = "### Notes\n\nx\n" * (MAX_HEADINGS - 1) + "### Deployment type\n### Logs\n\nhelm"
    assert fields_found(body) == []


def test_field_name_with_unusual_spaces_still_matches() -> None:
    assert fields_found("### Deployment\u00a0type\u2003\n\nhelm") == [("Deployment type: helm", "helm", 3)]


def test_a_value_in_a_field_between_two_of_the_same_name_does_not_count() -> None:
    body = "### Deployment type\n\nDocker\n### Notes\n\nhelm\n### Deployment type\n\nkubernetes"
    assert fields_found(body) == [("Deployment type: kubernetes", "kubernetes", 9)]


def test_a_field_value_is_found_after_many_fields_that_lack_it() -> None:
    body = "### Deployment type\n\nDocker\n" * 200 + "### Deployment type\n\nhelm"
    assert fields_found(body) == [("Deployment type: helm", "helm", 603)]


def test_a_field_value_next_to_cjk_text_matches_as_a_keyword_does() -> None:
    assert quoted("### Deployment type\n\n我们使用helm部署") == ["我们使用helm部署"]


def test_an_unticked_checkbox_is_not_a_value_and_a_ticked_one_is() -> None:
    body = "### Deployment type\n\n- [ ] kubernetes\n- [X] helm\n- [ ] docker"
    assert [(term, line) for term, _, line in fields_found(body)] == [("Deployment type: helm", 4)]


@pytest.mark.parametrize(("indent", "found"), [("   ", ["helm"]), ("    ", [])])
def test_a_heading_may_be_indented_up_to_three_spaces(indent: str, found: list[str]) -> None:
    """Four make an indented code block, as in Markdown."""
    assert quoted(f"{indent}### Deployment type\n\nhelm") == found


@pytest.mark.parametrize("heading", ["# Notes", "###### Notes"])
def test_a_heading_of_any_level_ends_a_value(heading: str) -> None:
    assert fields_found(f"### Deployment type\n\nDocker\n{heading}\n\nkubernetes") == []


def test_seven_hashes_are_not_a_heading_and_do_not_end_a_value() -> None:
    assert quoted("### Deployment type\n\nDocker\n####### Notes\nhelm") == ["helm"]


def test_a_line_starting_with_a_hash_and_no_space_does_not_end_a_value() -> None:
    body = "### Deployment type\n\n#1234 broke it\nhelm"
    assert quoted(body) == ["helm"]


def test_a_tab_may_separate_the_hashes_from_the_field_name() -> None:
    assert quoted("###\tDeployment type\n\nhelm") == ["helm"]


def test_a_space_before_the_colon_after_a_field_name_is_ignored() -> None:
    assert quoted("### Deployment type :\n\nhelm") == ["helm"]


@pytest.mark.parametrize("unticked", ["- [ ]", "* [ ]", "+ [ ]", "  - [ ]"])
def test_an_unticked_checkbox_of_any_bullet_or_indent_is_not_a_value(unticked: str) -> None:
    body = f"### Deployment type\n\n{unticked} kubernetes\n- [x] helm"
    assert quoted(body) == ["- [x] helm"]


def test_an_unticked_checkbox_right_under_the_heading_is_not_a_value() -> None:
    body = "### Deployment type\n- [ ] kubernetes\n- [x] helm"
    assert quoted(body) == ["- [x] helm"]


def test_no_response_is_no_value_even_to_a_rule_that_names_it() -> None:
    unanswered = rules(team("ops", area("k8s", fields=[field("Deployment type", "_No response_")])))
    found = classify(unanswered, Issue(title="", body="### Deployment type\n\n_No response_\n"))
    assert found.evidence == ()


def test_a_case_sensitive_field_value_matches_as_written() -> None:
    gke = rules(team("ops", area("k8s", fields=[field("Deployment type", term("GKE", case_sensitive=True))])))
    as_written = classify(gke, Issue(title="", body="### Deployment type\n\nGKE"))
    lower_case = classify(gke, Issue(title="", body="### Deployment type\n\ngke"))
    assert ([e.text for e in as_written.evidence], lower_case.evidence) == (["GKE"], ())


def test_a_blank_field_value_matches_nothing() -> None:
    blank = rules(team("ops", area("k8s", fields=[field("Deployment type", " ", "helm")])))
    found = classify(blank, Issue(title="", body="### Deployment type\n\nhelm"))
    assert [e.term for e in found.evidence] == ["Deployment type: helm"]


def test_areas_sharing_a_field_value_each_weigh_it_with_their_own_weight() -> None:
    two = rules(
        team(
            "ops",
            area("k8s", fields=[field("Deployment type", term("helm", weight=2.0))]),
            area("charts", fields=[field("Deployment type", "helm")]),
        )
    )
    found = classify(two, Issue(title="", body="### Deployment type\n\nhelm"))
    assert [(e.area_id, e.weight) for e in found.evidence] == [("k8s", 6.0), ("charts", 3.0)]


def test_a_long_answer_is_quoted_around_the_value_that_matched() -> None:
    answer = (
        "We run it on our own hardware in the data centre, " * 2
        + "with helm, managed by the platform team " * 2
    )
    [said] = quoted(f"### Deployment type\n\n{answer}\n")
    assert (len(said) <= 100, "helm" in said, said.startswith("…")) == (True, True, True)


def test_a_short_answer_is_quoted_whole() -> None:
    assert quoted("### Deployment type\n\nhelm on GKE\n") == ["helm on GKE"]


@pytest.mark.parametrize(("pieces_before", "read"), [(MAX_VALUE_PIECES - 1, True), (MAX_VALUE_PIECES, False)])
def test_a_value_is_read_in_its_first_256_pieces_between_unticked_boxes(
    pieces_before: int, read: bool
) -> None:
    """A hostile value cut into thousands of pieces had each searched in turn."""
    cut = "docker\n- [ ] option\n" * pieces_before
    found = fields_found(f"### Deployment type\n\n{cut}kubernetes\n")
    assert bool(found) is read
