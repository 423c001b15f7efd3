"""Patterns: RE2 regular expressions over title and body, fenced code and quoted lines included,
URLs and HTML comments not."""

from __future__ import annotations

import pytest

from tests.rules_builders import TermLike, area, rules, team, term
from triage.classify import classify, patterns
from triage.model import Evidence, Issue


def pattern_evidence(pattern: TermLike, body: str, title: str = "") -> list[Evidence]:
    found = classify(rules(team("ops", area("k8s", patterns=[pattern]))), Issue(title=title, body=body))
    return [e for e in found.evidence if e.kind == "pattern"]


def test_pattern_evidence_quotes_the_match_and_its_line() -> None:
    [evidence] = pattern_evidence(r"OOMKilled \(exit \d+\)", "pods:\n\nfrontend OOMKilled (exit 137) again")
    assert (evidence.term, evidence.text, evidence.where, evidence.line) == (
        r"OOMKilled \(exit \d+\)",
        "OOMKilled (exit 137)",
        "body",
        3,
    )


def test_pattern_is_case_insensitive_unless_the_term_says_so() -> None:
    assert pattern_evidence("oomkilled", "OOMKilled")
    assert not pattern_evidence(term("oomkilled", case_sensitive=True), "OOMKilled")


@pytest.mark.parametrize("pattern", ["İstanbul region", term("İstanbul region", case_sensitive=True)])
def test_a_pattern_naming_the_dotted_capital_i_finds_it_as_written(pattern: TermLike) -> None:
    [evidence] = pattern_evidence(pattern, "the İstanbul region is down")
    assert evidence.text == "İstanbul region"


def test_pattern_reads_fenced_code_blocks() -> None:
    [evidence] = pattern_evidence(r"panic: .*shared\.go", "logs:\n```\npanic: boom in shared.go\n```")
    assert (evidence.text, evidence.line) == ("panic: boom in shared.go", 3)


@pytest.mark.parametrize(
    "body",
    ["https://example.com/OOMKilled", "<!-- OOMKilled -->"],
)
def test_pattern_is_not_evidence_in_urls_or_comments(body: str) -> None:
    assert not pattern_evidence("oomkilled", body)


def test_a_pattern_reads_an_error_pasted_as_a_quote() -> None:
    [evidence] = pattern_evidence(
        r"\bdirty database\b", "We see:\n> FATAL: Dirty database version 1528395617."
    )
    assert (evidence.text, evidence.line) == ("Dirty database", 2)


def test_caret_anchors_the_start_of_the_title_and_of_the_body_not_every_line() -> None:
    assert [
        e.where for e in pattern_evidence(r"^distribution\b", "Distribution: body", title="Distribution: x")
    ] == [
        "title",
        "body",
    ]
    assert not pattern_evidence(r"^distribution\b", "first line\ndistribution on line two")


def test_backslash_a_anchored_pattern_still_runs() -> None:
    [evidence] = pattern_evidence(r"\Arelease\b", "", title="Release 3.8")
    assert evidence.where == "title"


def test_lone_surrogates_in_the_text_are_harmless() -> None:
    assert pattern_evidence("oomkilled", "\ud800 OOMKilled \udfff")[0].text == "OOMKilled"


def test_a_pattern_finds_a_lone_surrogate_that_it_matches() -> None:
    [evidence] = pattern_evidence(r"boom [^\x00-\x7f]", "boom \ud800")
    assert evidence.text == "boom \ud800"


def test_a_link_inside_a_pattern_match_is_quoted_as_an_ellipsis() -> None:
    [found] = pattern_evidence("error:.*", "error: see https://x.io/a for details")
    assert found.text == "error: see … for details"


@pytest.mark.parametrize(
    ("pattern", "title", "body", "where"),
    [
        (r"\Arelease\b", "Upgrade", "Release 3.8 broke it", "body"),
        (r"^release\b", "Upgrade", "Release 3.8 broke it", "body"),
        (r"\bfailed\z", "upgrade failed", "logs below", "title"),
        (r"\bfailed$", "upgrade failed", "logs below", "title"),
    ],
)
def test_anchors_hold_at_the_start_and_end_of_the_title_and_of_the_body_alike(
    pattern: str, title: str, body: str, where: str
) -> None:
    assert [e.where for e in pattern_evidence(pattern, body, title=title)] == [where]


def test_a_lazy_quantifier_quotes_the_shortest_match() -> None:
    [found] = pattern_evidence(r"panic: .*?\)", "panic: nil map (shared.go) in (worker)")
    assert found.text == "panic: nil map (shared.go)"


@pytest.mark.parametrize(
    ("body", "quoted"),
    [
        pytest.param("we went from 3.8.0 to 3.11.4. Then", "from 3.8.0 to 3.11.4", id="version"),
        pytest.param("from 3.16 -> 3.16.1-rc_2 today", "from 3.16 -> 3.16.1-rc_2", id="pre-release"),
        pytest.param("from 3.1 to 3.2: fine", "from 3.1 to 3.2", id="word already whole"),
        pytest.param("from 3.1 to 3.2- and", "from 3.1 to 3.2", id="dash ending the word"),
        pytest.param("from 3.1 to 3.2abc", "from 3.1 to 3.2abc", id="letters after the digits"),
    ],
)
def test_a_match_ending_inside_a_word_is_quoted_to_the_end_of_that_word(body: str, quoted: str) -> None:
    [found] = pattern_evidence(r"from \d+\.\d+(?:\.\d+)? (?:to|->) \d+\.\d+", body)
    assert found.text == quoted


@pytest.mark.parametrize("body", ["alerts-wise we are fine", "see alerts.codeHost", "no alerts."])
def test_a_match_ending_at_a_words_end_is_quoted_as_it_stands(body: str) -> None:
    [found] = pattern_evidence(r"\balerts\b", body)
    assert found.text == "alerts"


def test_a_match_ending_inside_a_long_word_takes_in_at_most_64_more_characters() -> None:
    [found] = pattern_evidence(r"version \d", "version 1" + "2" * 200)
    assert found.text == "version 1" + "2" * 64


def test_a_long_pattern_match_is_quoted_cut_to_100_characters_in_the_middle() -> None:
    [found] = pattern_evidence("error: .*", "error: " + "x" * 200 + " in shared.go")
    assert found.text == "error: " + "x" * 43 + "…" + "x" * 36 + " in shared.go"


def test_a_long_pattern_match_keeps_the_end_that_was_its_reason() -> None:
    command = "docker run -d -p 7080:7080 " + "-v ~/.sourcegraph/config:/etc/sourcegraph " * 3
    [found] = pattern_evidence(r"docker run .*sourcegraph/server", command + "sourcegraph/server:3.20")
    assert (found.text[:10], found.text[-18:], len(found.text)) == ("docker run", "sourcegraph/server", 100)


def test_a_pattern_matching_across_lines_is_found_on_the_line_where_the_match_starts() -> None:
    [found] = pattern_evidence(r"panic:[\s\S]*shared\.go", "logs:\npanic: boom\nin shared.go")
    assert (found.text, found.line) == ("panic: boom\nin shared.go", 2)


def test_a_lone_surrogate_inside_a_pattern_match_is_quoted_as_it_stands() -> None:
    [found] = pattern_evidence("oomkilled .*", "OOMKilled \ud800 again")
    assert found.text == "OOMKilled \ud800 again"


def test_a_pattern_search_that_runs_out_of_re2_memory_still_matches_and_writes_nothing_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(patterns, "MAX_MEM", 1 << 20)  # an eighth of the budget the classifier uses
    noise = "".join(format(n, "b") for n in range(8000)).translate(str.maketrans("01", "ab"))
    [found] = pattern_evidence(r"a[ab]{14}c", noise + "\nabababababababac")
    assert (found.line, capfd.readouterr().err) == (2, "")
