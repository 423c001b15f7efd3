"""The most an area can score from its own terms, as scoring counts them: each term once per place."""

from __future__ import annotations

from triage.model import FieldRule, Matchers, Term, Weights
from triage.ruleset.reach import max_score, out_of_reach


def test_a_keyword_pattern_glob_or_repository_counts_in_the_title_and_in_the_body() -> None:
    matchers = Matchers(
        keywords=(Term("helm"),), patterns=(Term("h.lm"),), paths=(Term("charts/**"),), repos=(Term("o/r"),)
    )
    assert max_score(matchers, Weights()) == 1 * 3 + 1 * 3 + 2 * 3 + 2 * 3


def test_a_field_value_counts_in_the_body_only() -> None:
    matchers = Matchers(fields=(FieldRule("Tool", (Term("helm"), Term("kustomize", weight=2))),))
    assert max_score(matchers, Weights()) == 3 * 1 * 1 + 3 * 1 * 2


def test_an_exclude_term_adds_nothing() -> None:
    assert max_score(Matchers(exclude=(Term("helm"),)), Weights()) == 0


def test_a_bound_a_rounding_error_below_the_threshold_reaches_it() -> None:
    assert not out_of_reach(0.1 + 0.2 + 0.3, 0.6 + 1e-15)


def test_a_bound_below_the_threshold_is_out_of_reach() -> None:
    assert out_of_reach(3, 4)


def test_no_terms_at_all_is_a_draft_not_out_of_reach() -> None:
    assert not out_of_reach(0, 4)
