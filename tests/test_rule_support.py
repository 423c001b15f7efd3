"""`bench/rule_support.py`: which issues each term fires on, and what labelling loses without it."""

from __future__ import annotations

from bench.rule_support import report
from tests.rules_builders import area, rules, team, term
from triage.model import Issue
from triage.truth import TruthProfile

OPS = rules(team("ops", area("k8s", keywords=[term("kubernetes", weight=2), "helm"]), exclude=["cody"]))
ISSUES = (
    Issue(title="kubernetes upgrade", body="", number=1, labels=("team/ops",)),
    Issue(title="helm chart", body="the helm values", number=2, labels=("team/web",)),
    Issue(title="cody with kubernetes", body="", number=3, labels=("team/ai",)),
)


def test_each_term_is_counted_by_verdict_with_the_issues_it_alone_decides() -> None:
    lines = report(OPS, ISSUES, TruthProfile())
    assert [line.split("  ")[-1].strip() for line in lines if not line.startswith(" ")] == [
        "cody",
        "kubernetes",
        "helm",
    ]
    kubernetes = lines.index(next(line for line in lines if line.endswith("kubernetes")))
    assert "2 issues (pos  1 neg  1 ign  0)" in lines[kubernetes]
    assert lines[kubernetes + 1].strip() == "without it, team of #1 (positive): True -> False"
    helm = lines.index(next(line for line in lines if line.endswith("helm")))
    assert "1 issues (pos  0 neg  1 ign  0)" in lines[helm]
    assert lines[helm + 1].strip() == "without it, team of #2 (negative): True -> False"


def test_a_veto_that_decides_an_issue_shows_the_label_it_holds_back() -> None:
    lines = report(OPS, ISSUES, TruthProfile())
    cody = next(i for i, line in enumerate(lines) if line.endswith("cody"))
    assert lines[cody + 1].strip() == "without it, team of #3 (negative): False -> True"


def test_terms_that_never_fire_are_listed_only_when_asked() -> None:
    quiet = (Issue(title="nothing here", body="", number=4, labels=("team/ops",)),)
    assert report(OPS, quiet, TruthProfile()) == []
    assert len(report(OPS, quiet, TruthProfile(), every=True)) == 3
