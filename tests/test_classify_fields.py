"""Issue-form fields: `### Name` followed by its value."""

from __future__ import annotations

from tests.rules_builders import area, field, rules, team
from triage.classify import classify
from triage.classify.fields import MAX_HEADINGS
from triage.model import Issue

DEPLOYMENT = rules(team("ops", area("k8s", fields=[field("Deployment type", "kubernetes", "helm")])))


def fields_found(body: str) -> list[tuple[str, str, int]]:
    found = classify(DEPLOYMENT, Issue(title="", body=body))
    return [(e.term, e.text, e.line) for e in found.evidence if e.kind == "field"]


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


def test_fields_are_read_from_the_first_headings_only() -> None:
    body = "### Notes\n\nx\n" * MAX_HEADINGS + "### Deployment type\n\nhelm"
    assert fields_found(body) == []


def test_field_name_with_unusual_spaces_still_matches() -> None:
    assert fields_found("### Deployment\u00a0type\u2003\n\nhelm") == [("Deployment type: helm", "helm", 3)]


def test_a_value_in_a_field_between_two_of_the_same_name_does_not_count() -> None:
    body = "### Deployment type\n\nDocker\n### Notes\n\nhelm\n### Deployment type\n\nkubernetes"
    assert fields_found(body) == [("Deployment type: kubernetes", "kubernetes", 9)]


def test_a_field_value_is_found_after_many_fields_that_lack_it() -> None:
    body = "### Deployment type\n\nDocker\n" * 200 + "### Deployment type\n\nhelm"
    assert fields_found(body) == [("Deployment type: helm", "helm", 603)]


def test_an_unticked_checkbox_is_not_a_value_and_a_ticked_one_is() -> None:
    body = "### Deployment type\n\n- [ ] kubernetes\n- [X] helm\n- [ ] docker"
    assert [(term, line) for term, _, line in fields_found(body)] == [("Deployment type: helm", 4)]
