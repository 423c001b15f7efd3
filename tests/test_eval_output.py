"""Specifications for showing an evaluation as text and JSON (triage.eval_output)."""

from __future__ import annotations

import json
from dataclasses import replace

from triage.coverage import CoverageReport
from triage.eval_output import describe, to_json, to_text
from triage.evaluate import AreaHits, Counts, EvalReport, LabelReport, Mistake
from triage.model import Evidence, Issue

KUBECTL = Evidence("dist", "kubernetes", "keyword", "kubectl", "kubectl", "title", 1, 2)


ONE_OF_EACH = Counts(tp=1, tn=1)


def report(
    counts: Counts = ONE_OF_EACH,
    *,
    per_area: tuple[AreaHits, ...] = (),
    areas_on_true_positives: int = 1,
    mistakes: tuple[Mistake, ...] = (),
) -> EvalReport:
    """An evaluation of team/dist alone."""
    label = LabelReport(
        "team/dist", "dist", counts, 0, sum(h.total for h in per_area), sum(h.hit for h in per_area),
        areas_on_true_positives, per_area, mistakes,
    )  # fmt: skip
    return EvalReport(counts.scored, (label,))


def false_positive(issue: Issue, evidence: tuple[Evidence, ...] = (KUBECTL,)) -> Mistake:
    return Mistake("FP", "team/dist", issue, evidence)


def test_evidence_is_described_by_term_place_weight_and_owner() -> None:
    assert describe(KUBECTL) == "keyword `kubectl` in the title, line 1 (+2) -> kubernetes"


def test_evidence_whose_text_differs_from_its_term_only_in_case_does_not_quote_the_text() -> None:
    assert describe(KUBECTL._replace(text="Kubectl")) == describe(KUBECTL)


def test_evidence_quotes_the_issues_text_neutralised() -> None:
    found = KUBECTL._replace(kind="pattern", term="kubectl.*", text="kubectl ::error::x @ops")
    assert describe(found).startswith('pattern `kubectl.*` ("kubectl :\u200d:error:\u200d:x @\u200dops") in')


def test_team_level_evidence_is_owned_by_the_team() -> None:
    assert describe(KUBECTL._replace(area_id=None)).endswith(" -> team dist")


def test_text_gives_each_areas_hits_out_of_its_positives() -> None:
    text = to_text(report(per_area=(AreaHits("monitoring", total=3, hit=1),)), None)
    assert "  monitoring               1/3" in text.splitlines()


def test_text_without_mistakes_ends_with_the_labels_areas() -> None:
    text = to_text(report(per_area=(AreaHits("monitoring", total=3, hit=1),)), None)
    assert text.endswith("\n  monitoring               1/3")


def test_a_label_with_positives_none_predicted_is_not_flagged_as_having_none() -> None:
    assert "no scored issue is a positive" not in to_text(report(Counts(fp=1, fn=2)), None)


def test_text_says_how_many_negatives_carry_an_area_label_and_how_to_count_them() -> None:
    label = report(Counts(tp=1, fp=2, tn=3)).labels[0]
    text = to_text(EvalReport(6, (replace(label, negatives_with_area_labels=2),)), None)
    assert (
        "team/dist: 2 issues scored as negatives carry a label of its areas: a positive is an issue with a"
        " label its positive patterns match; to count them, add its area labels to those patterns"
        " (--positive 'team/dist=team/dist,...')"
    ) in text.splitlines()
    assert "scored as negatives" not in to_text(report(Counts(tp=1, fp=2, tn=3)), None)


def test_json_gives_the_negatives_that_carry_an_area_label() -> None:
    label = replace(report().labels[0], negatives_with_area_labels=3)
    [scored] = json.loads(to_json(EvalReport(2, (label,)), None))["labels"]
    assert scored["negatives_with_area_labels"] == 3


def test_a_mistake_is_named_by_its_url_else_its_number() -> None:
    mistakes = (
        false_positive(Issue("a", "", number=3, url="https://github.com/o/r/issues/3")),
        false_positive(Issue("b", "", number=4)),
        false_positive(Issue("c", "")),
    )
    lines = to_text(report(Counts(tp=1, fp=3), mistakes=mistakes), None).splitlines()
    assert [line for line in lines if line.startswith("FP ")] == [
        "FP https://github.com/o/r/issues/3  a",
        "FP #4  b",
        "FP (no number)  c",
    ]


def test_a_mistakes_title_is_cut_at_90_characters() -> None:
    mistake = false_positive(Issue("x" * 100, "", number=5))
    lines = to_text(report(Counts(tp=1, fp=1), mistakes=(mistake,)), None).splitlines()
    assert f"FP #5  {'x' * 90}" in lines


def test_coverage_with_nothing_to_report_says_none() -> None:
    text = to_text(report(), CoverageReport((), (), (), ()))
    assert "areas without docs: none" in text.splitlines()
    assert text.endswith("areas with the most false positives:\n  none")


def test_json_gives_areas_per_true_positive_to_four_places() -> None:
    document = json.loads(to_json(report(Counts(tp=3), areas_on_true_positives=1), None))
    assert document["labels"][0]["areas"]["per_true_positive"] == 0.3333


def test_text_gives_the_false_positive_rate_beside_precision_recall_and_f1() -> None:
    lines = to_text(report(Counts(tp=2, fp=1, fn=0, tn=3)), None).splitlines()
    assert lines[1].split()[-5:] == ["precision", "recall", "f1", "fp", "rate"]
    assert lines[2].split()[-4:] == ["0.667", "1.000", "0.800", "0.250"]


def test_text_gives_each_labels_95_percent_intervals_for_precision_and_recall() -> None:
    text = to_text(report(Counts(tp=32, fp=5, fn=4, tn=12)), None)
    assert "team/dist: 95% intervals (Wilson): precision 0.720 to 0.941, recall 0.747 to 0.956" in text


def test_text_says_an_interval_has_no_issue_to_count_rather_than_give_one() -> None:
    text = to_text(report(Counts(fn=2, tn=3)), None)
    assert "precision none (no issue to count), recall 0.000 to 0.658" in text


def test_json_gives_the_intervals_to_four_places_or_null() -> None:
    [label] = json.loads(to_json(report(Counts(tp=32, fp=5, tn=3)), None))["labels"]
    assert (label["precision_interval"], label["recall_interval"]) == ([0.7202, 0.9409], [0.8928, 1.0])
    [nothing] = json.loads(to_json(report(Counts(fn=2)), None))["labels"]
    assert nothing["precision_interval"] is None


def test_json_gives_the_false_positive_rate_to_four_places() -> None:
    document = json.loads(to_json(report(Counts(tp=2, fp=1, tn=2)), None))
    assert document["labels"][0]["false_positive_rate"] == 0.3333


def test_json_says_when_a_label_has_no_scored_positive() -> None:
    """Its recall and F1 of 0 would otherwise read as rules that miss everything."""
    [none] = json.loads(to_json(report(Counts(fp=1, tn=3)), None))["labels"]
    [some] = json.loads(to_json(report(Counts(fp=1, fn=2)), None))["labels"]
    assert (none["no_positives"], some["no_positives"]) == (True, False)
