"""The classifier's contract: compiled once per rules, never raises, stays fast on any text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rules_builders import area, field, rules, team, term
from triage.classify import Classifier, classify, compile_rules, patterns
from triage.classify import classifier as classifier_module
from triage.errors import RulesError
from triage.issue_input import read_issue_file
from triage.model import Issue, Rules
from triage.ruleset import load_rules

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules" / "ownership.yaml"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SIZE = 65_536

EVERY_KIND = rules(
    team(
        "ops",
        area(
            "k8s",
            keywords=["kubectl", "docker compose", term("GKE", case_sensitive=True)],
            patterns=[r"OOMKilled \(exit \d+\)", r"^\[k8s\]"],
            paths=["cmd/server/**", "**/*jaeger*"],
            repos=["sourcegraph/deploy-sourcegraph"],
            fields=[field("Deployment type", "kubernetes")],
            exclude=["minikube tutorial"],
        ),
        keywords=["ops team"],
    )
)


def test_classify_compiles_once_per_rules_object(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[Rules] = []

    def counting(the_rules: Rules) -> classifier_module.Classifier:
        compiled.append(the_rules)
        return classifier_module.Classifier(the_rules)

    monkeypatch.setattr(classifier_module, "compile_rules", counting)
    fresh = rules(team("ops", area("k8s", keywords=["kubectl"])))
    for title in ("kubectl", "kubectl again", "nothing"):
        classify(fresh, Issue(title=title, body=""))
    assert compiled == [fresh]


def test_classify_agrees_with_a_compiled_classifier() -> None:
    issue = Issue(title="kubectl on GKE", body="`cmd/server/a.go` sourcegraph/deploy-sourcegraph")
    assert classify(EVERY_KIND, issue) == compile_rules(EVERY_KIND).classify(issue)


SEEDS = [
    "kubectl",
    "docker compose",
    "`cmd/server/main.go:12`",
    "https://github.com/sourcegraph/deploy-sourcegraph/blob/main/base/x.yaml",
    "### Deployment type\n",
    "<!--",
    "-->",
    "\n> ",
    "\n```\n",
    "é",
]


@cache
def default_classifier() -> Classifier:
    return compile_rules(load_rules(DEFAULT_RULES))


def long_text(piece: str) -> str:
    return (piece * (SIZE // max(len(piece), 1) + 1))[:SIZE] if piece else ""


ANY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates too: JSON allows them


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(ANY_CHARACTER, max_size=300),
    piece=st.text(ANY_CHARACTER, max_size=400),
    repeat=st.booleans(),
)
def test_classify_never_raises_on_any_unicode(title: str, piece: str, repeat: bool) -> None:
    body = long_text(piece) if repeat else piece
    found = compile_rules(EVERY_KIND).classify(Issue(title=title, body=body))
    assert all(len(e.text) <= 100 for e in found.evidence)


@settings(max_examples=30, deadline=None)
@given(
    title=st.text(max_size=200),
    body=st.lists(st.sampled_from(SEEDS) | st.text(ANY_CHARACTER, max_size=20), max_size=60).map(" ".join),
)
def test_default_rules_never_raise_on_mixed_terms_and_noise(title: str, body: str) -> None:
    found = default_classifier().classify(Issue(title=title, body=long_text(body)))
    assert found.issue.body == long_text(body)


HOSTILE = {
    "one letter": "a",
    "near misses": "kubectl2 dockercompose docker composer GKEs minikube tutoria ",
    "glued terms": "ékubectl xdocker compose _GKE ",
    "emoji, CJK, NUL, CRLF": "😀漢字\x00\r\n🚀ü",
    "fences": "```\n~~~\n",
    "fences read for a keyword": "k8s\n```\n",
    "quoted fences": "k8s\n> ```x\n",
    "fences in one quote": "k8s\n" + "> ```x\n" * 9400,
    "quote depths": "k8s\n" + "".join(f"{'>' * d}```\n" * 2 for d in range(1, 231)) + ">" * 230 + "\n",
    "comments": "<!-- <!--",
    "quotes": "> kubectl\n",
    "form fields": "### Deployment type\nk8s\n",
    "paths and links": "`cmd/server/a.go:1` https://github.com/sourcegraph/deploy-sourcegraph/blob/x/y ",
    "slashes": "/",
}


def test_a_body_whose_lines_end_in_lone_carriage_returns_reads_as_with_line_feeds() -> None:
    """Old Mac text: CommonMark, as GitHub reads an issue, ends a line at LF, CR or CRLF."""
    issues = [read_issue_file(str(path)) for path in sorted(EXAMPLES.glob("*.md"))]
    old_mac = [issue._replace(body=issue.body.replace("\n", "\r")) for issue in issues]
    classifier = default_classifier()
    assert [classifier.classify(issue).teams for issue in old_mac] == [
        classifier.classify(issue).teams for issue in issues
    ]


def test_a_term_after_65536_characters_of_noise_is_still_found() -> None:
    noise = long_text("😀漢字\x00\r\nkubectl2 docker composer ékubectl ")
    found = compile_rules(EVERY_KIND).classify(Issue(title="", body=noise + "\nkubectl"))
    assert [(e.term, e.line) for e in found.evidence] == [("kubectl", noise.count("\n") + 2)]


@pytest.mark.parametrize("piece", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_small_re2_memory_budget_still_finds_the_term_after_noise(
    piece: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterns, "MAX_MEM", 1 << 20)  # an eighth of the budget the classifier uses
    classifier = compile_rules(load_rules(DEFAULT_RULES))
    unhidden = piece.replace("<!--", "").replace("```", "").replace("~~~", "").replace("kubectl", "kube")
    noise = long_text(unhidden)
    found = classifier.classify(Issue(title="", body=noise + "\nwe run kubectl here"))
    assert noise.count("\n") + 2 in {e.line for e in found.evidence if "kubectl" in e.term}


def test_terms_too_large_for_the_one_pass_are_a_rules_error_not_a_crash() -> None:
    too_large = rules(team("ops", area("rel", patterns=[term("release of \\pL{1,150}")])))
    with pytest.raises(RulesError) as raised:
        compile_rules(too_large)
    [problem] = raised.value.problems
    assert (problem.key, problem.message.split(":")[0]) == (
        "teams[0].areas[0].patterns[0]",
        '"release of \\pL{1,150}" is too large',
    )


def test_a_glob_re2_cannot_compile_is_named_at_its_line_not_blamed_on_the_set_size() -> None:
    """Loading refuses such a glob; rules built in code still get the true reason."""
    built = rules(team("ops", area("doc", paths=["deploy/**", term("doc/[\\[:x:]]")._replace(line=9)])))
    with pytest.raises(RulesError) as raised:
        compile_rules(built, now=True)
    [problem] = raised.value.problems
    assert (problem.line, problem.key, problem.message) == (
        9,
        "paths",
        '"doc/[\\[:x:]]" is not a glob triage can match: RE2 cannot compile its regex: '
        "invalid character class range: [:x:]",
    )


def named_too_large(patterns_of_area: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The patterns the rules error names, with RE2's budget cut to 1 MiB, where each
    `\\pL{1,n}` pattern below (n 10 to 16) fits in the one pass alone but no two of them do."""
    monkeypatch.setattr(patterns, "MAX_MEM", 1 << 20)
    with pytest.raises(RulesError) as raised:
        compile_rules(rules(team("ops", area("rel", patterns=patterns_of_area))))
    return [problem.key.removeprefix("teams[0].areas[0].") for problem in raised.value.problems]


def test_a_pattern_too_large_even_alone_is_named_and_not_the_small_ones_beside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert named_too_large(["oomkilled", "release of \\pL{1,100}", "panic: \\w+"], monkeypatch) == [
        "patterns[1]"
    ]


def test_the_fewest_biggest_patterns_without_which_the_rest_fit_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    too_many = ["oomkilled", "a \\pL{1,10}", "b \\pL{1,14}", "c \\pL{1,12}"]
    assert named_too_large(too_many, monkeypatch) == ["patterns[2]", "patterns[3]"]


def test_when_even_the_five_biggest_left_out_do_not_make_the_rest_fit_those_five_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seven = [f"{letter} \\pL{{1,{size}}}" for letter, size in zip("abcdefg", range(10, 17), strict=True)]
    assert named_too_large(seven, monkeypatch) == [f"patterns[{index}]" for index in range(2, 7)]


def test_blank_terms_in_rules_built_in_code_too_large_for_the_one_pass_leave_the_large_pattern_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Naming what is too large weighs every term's probe; a blank one has none, and is not named."""
    monkeypatch.setattr(patterns, "MAX_MEM", 1 << 20)
    built = rules(
        team("ops", area("rel", keywords=[" "], exclude=["\n"], patterns=["release of \\pL{1,100}"]))
    )
    with pytest.raises(RulesError) as raised:
        compile_rules(built)
    assert [problem.key for problem in raised.value.problems] == ["teams[0].areas[0].patterns[0]"]


def test_blank_keywords_and_exclude_terms_in_rules_built_in_code_are_ignored() -> None:
    """The rules file refuses them; `Rules` built in code may still hold them."""
    blank = rules(team("ops", area("k8s", keywords=["kubectl", " "], exclude=["", "\n"])))
    found = classify(blank, Issue(title="kubectl", body="kubectl  apply"))
    assert [(e.kind, e.term) for e in found.evidence] == [("keyword", "kubectl"), ("keyword", "kubectl")]
