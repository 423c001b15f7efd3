"""Counted windows in RE2 patterns, which `check` notes: a count of characters that can be letters or
spaces alike above 10, or of a group that can take a letter and a space above 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.check_run import run_check
from triage.ruleset import DEFAULT_RULES, load_rules
from triage.ruleset.source import read_source
from triage.ruleset.windows import counted_windows, window_notes


@pytest.mark.parametrize(
    ("pattern", "window"),
    [
        pytest.param(r"\bpatch\b[^.\n]{0,40}\brelease\b", r"[^.\n]{0,40}", id="negated-class"),
        pytest.param(r"deploy.{0,50}?failed", r".{0,50}?", id="any-character-lazy"),
        pytest.param(r"helm[a-z ]{0,30}chart", r"[a-z ]{0,30}", id="class-with-letters-and-space"),
        pytest.param(r"upgrade\D{20,}done", r"\D{20,}", id="at-least-a-count"),
        pytest.param(r"a[\s\w]{0,40}b", r"[\s\w]{0,40}", id="class-of-word-and-space-escapes"),
        pytest.param(r"a.{11}b", r".{11}", id="exact-count"),
        pytest.param(r"alert(?:\W+\w+){0,20}\W+containers", r"(?:\W+\w+){0,20}", id="words"),
        pytest.param(r"alert(?:[^.]){0,40}containers", r"(?:[^.]){0,40}", id="group-of-one-class"),
        pytest.param(r"a[\s\S]{0,200}b", r"[\s\S]{0,200}", id="class-of-a-escape-and-its-complement"),
        pytest.param(r"a[\w\W]{0,200}b", r"[\w\W]{0,200}", id="class-of-word-and-not-word"),
        pytest.param(r"a[ -~]{0,40}b", r"[ -~]{0,40}", id="range-of-printable-ascii"),
        pytest.param(r"a(?:\x{20}\w+){0,20}b", r"(?:\x{20}\w+){0,20}", id="words-after-a-hex-space"),
        pytest.param(r"a(?:ab ){0,5}b", r"(?:ab ){0,5}", id="short-group-reaching-past-ten-characters"),
        pytest.param(r"\Q(\E(?:\W+\w+){0,20}", r"(?:\W+\w+){0,20}", id="after-a-quoted-parenthesis"),
        pytest.param(r"a(?:\w+\s){0,4}b", r"(?:\w+\s){0,4}", id="four-words-of-any-length"),
        pytest.param(r"(?:\Q)\E\W+\w+){0,20}", r"(?:\Q)\E\W+\w+){0,20}", id="quoted-parenthesis-inside"),
    ],
)
def test_a_count_that_can_span_words_is_a_window(pattern: str, window: str) -> None:
    assert [found.text for found in counted_windows(pattern)] == [window]


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param(r"\bpatch\b[^.\n]*?\brelease\b", id="the-rest-of-the-sentence"),
        pytest.param(r"deploy.{0,10}failed", id="ten-characters"),
        pytest.param(r"token\S{0,40}", id="no-space"),
        pytest.param(r"\w{1,64}", id="one-word"),
        pytest.param(r"v\d{1,3}\.\d{1,3}", id="digits"),
        pytest.param(r"[ ,;]{0,40}", id="separators-only"),
        pytest.param(r"[ \n\t]{0,40}", id="whitespace-escapes-only"),
        pytest.param(r"[[:space:]]{0,40}", id="posix-space-only"),
        pytest.param(r"[^\s]{0,40}", id="negated-space"),
        pytest.param(r"a\.{0,40}", id="escaped-dot"),
        pytest.param(r"alert(?:[ \t]+[\w/-]+){0,3}[ \t]+down", id="three-words"),
        pytest.param(r"\p{Greek}{0,40}", id="property-name-braces"),
        pytest.param(r"a[^\w]{0,40}b", id="negated-word-class"),
        pytest.param(r"a[^[:alpha:]]{0,40}b", id="negated-posix-letters"),
        pytest.param(r"a\Q.{0,40}\E", id="quoted-literal"),
        pytest.param(r"a\x{41}{0,40}", id="hex-letter"),
        pytest.param(r"foo(?:\s|-){0,20}bar", id="group-of-separators-only"),
        pytest.param(r"foo(?:(?:\s)+){0,20}bar", id="nested-group-of-spaces-only"),
        pytest.param(r"a(?:b ){0,5}c", id="group-of-a-letter-and-a-space-ten-characters-at-most"),
        pytest.param(r"a(?:b|c ){0,5}d", id="group-whose-widest-branch-takes-two"),
        pytest.param(r"a(?:[^.]){0,4}b", id="group-of-one-class-four-times"),
        pytest.param(r"a(?:\b\w\s){0,5}c", id="group-whose-assertion-takes-no-character"),
        pytest.param(r"a\Qb \E{0,20}c", id="count-after-a-quoted-literal-repeats-its-last-character"),
    ],
)
def test_a_count_within_a_word_or_small_is_no_window(pattern: str) -> None:
    assert counted_windows(pattern) == []


RULES = """\
version: 1
teams:
  - id: ops
    name: Operations
    label: {name: team/ops, color: "5319e7", description: Operations}
    areas:
      - id: release
        name: Release
        label: {name: ops/release, color: "0e8a16", description: Releases}
        patterns:
          - '\\bpatch\\b[^.\\n]{0,40}\\brelease\\b'
"""


def test_check_notes_a_counted_window_at_its_line_and_column_and_still_passes(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(RULES)
    code, out = run_check(rules)
    assert code == 0
    assert out.splitlines()[1] == (
        f"note: {rules}:11:23: teams[0].areas[0].patterns[0]: the counted window `[^.\\n]{{0,40}}` (up to 40 "
        "characters) makes RE2 follow every distance at once: on a long issue of words it costs 100 ms and "
        "more where the rest costs under 5 (write the rest of the sentence, `[^.\\n]*?`, or a count of 10 "
        "or less)"
    )


def test_a_counted_window_is_a_warning_on_its_line_inside_github_actions(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(RULES)
    code, out = run_check(rules, actions=True)
    assert code == 0
    assert f"::warning file={rules},line=11,col=23::teams[0].areas[0].patterns[0]: the counted window" in out


def test_a_window_in_a_question_answer_is_noted_too(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        RULES.replace(r"[^.\n]{0,40}", r"[^.\n]*?")
        + "        asks:\n          - question: Which version?\n"
        + "            answered_by: ['version.{0,80}\\d']\n"
    )
    notes = window_notes(load_rules(rules), rules.read_text())
    assert [(note.line, note.key) for note in notes] == [(14, "teams[0].areas[0].asks[0].answered_by[0]")]


def test_a_double_quoted_pattern_is_noted_at_its_line_first_column(tmp_path: Path) -> None:
    """Its backslashes are doubled on the line, so the window as the pattern holds it is not there."""
    rules = tmp_path / "ownership.yaml"
    rules.write_text(RULES.replace(r"'\bpatch\b[^.\n]{0,40}\brelease\b'", r'"patch[^.\\n]{0,40}release"'))
    (note,) = window_notes(load_rules(rules), rules.read_text())
    assert (note.line, note.col) == (11, 11)


def test_the_bundled_rules_hold_no_counted_window() -> None:
    assert window_notes(load_rules(DEFAULT_RULES), read_source(DEFAULT_RULES)) == []


def test_a_window_after_its_own_text_quoted_as_a_literal_is_noted_at_its_own_column(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(RULES.replace(r"'\bpatch\b[^.\n]{0,40}\brelease\b'", r"'a\Q.{0,40}\E.{0,40}b'"))
    (note,) = window_notes(load_rules(rules), rules.read_text())
    assert (note.line, note.col) == (11, 26)
    assert rules.read_text().splitlines()[10][note.col - 1 :] == ".{0,40}b'"


def test_a_pattern_inside_a_longer_one_on_its_line_is_noted_at_its_own_column(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    written = "        patterns: ['xb.{0,40}', 'b.{0,40}']"
    listed = "        patterns:\n          - '\\bpatch\\b[^.\\n]{0,40}\\brelease\\b'"
    rules.write_text(RULES.replace(listed, written))
    notes = window_notes(load_rules(rules), rules.read_text())
    assert [(note.line, note.col) for note in notes] == [(10, 23), (10, 35)]
    assert [written[note.col - 3 : note.col + 7] for note in notes] == ["xb.{0,40}'", "'b.{0,40}'"]


def test_a_window_of_a_short_group_says_how_many_characters_it_reaches(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(RULES.replace(r"[^.\n]{0,40}", "(?:ab ){0,5}"))
    (note,) = window_notes(load_rules(rules), rules.read_text())
    assert "(up to 5 times a group that spans a space, 15 characters)" in note.message
