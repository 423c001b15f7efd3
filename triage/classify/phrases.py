"""A literal word or phrase, as keywords, exclude terms and field values match it.

Semantics (Python `re` on the prepared text): whole words, case-insensitive unless asked (both
sides lowered with `lower_aligned`), any run of whitespace between the words of a phrase, and a
word boundary required only at an end of the term that is a word character, so `docker-compose`,
`.NET` or `c++` match as written. A term is not found where it starts a longer term that goes on
with `.` or `-` (`k8s` in `k8s.sgdev.org`, `deploy-sourcegraph` in `deploy-sourcegraph-docker`,
when those are terms too). A CJK character is a word character here:
the finders hand a term written without CJK a text whose CJK characters are set apart
(`reads_cjk_apart`).

Speed: `re` only skips ahead fast when a pattern starts with a literal, so the pattern starts with
the term's first word and checks the leading boundary with a look-behind placed after that word
(`docker(?<!\\wdocker)`): `re` jumps from one occurrence of the word to the next, and a glued one
fails inside the C matcher. A look-behind first would test every position; the boundary checked in
Python, occurrence by occurrence, cost 15 to 20 ms for a text with every term glued to letters nine
times, 3.4 ms this way.

`probe` is an RE2 pattern that matches wherever the phrase can: the same words, the same
whitespace (`WHITESPACE` is Python's `\\s`, character for character), and ASCII word boundaries
where an end is an ASCII word character. RE2's `\\b` is ASCII-only, which makes it looser than
Python's Unicode one, never stricter, so the probe is a safe prefilter.
"""

from __future__ import annotations

import re

import re2

from triage.classify.text import PreparedText, has_cjk, lower_aligned

_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
WHITESPACE = r"[\t-\r\x1c- \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
"""Exactly the characters Python's `\\s` (and `str.split()`) treat as whitespace, for RE2."""


def _is_word(char: str) -> bool:
    """Exactly what `\\w` matches in a str pattern (alphanumeric or `_`), without a regex call."""
    return char.isalnum() or char == "_"


def _probe(words: list[str], case_sensitive: bool) -> str:
    source = (WHITESPACE + "+").join(re2.escape(word) for word in words)
    if words[0][0] in _ASCII_WORD:
        source = r"\b" + source
    if words[-1][-1] in _ASCII_WORD:
        source += r"\b"
    return source if case_sensitive else "(?i)" + source


def _right_guard(words: list[str], longer: tuple[str, ...]) -> str:
    """What must not follow the term: a word character, when it ends with one; and the rest of each
    `longer` term it starts (see `Phrase`)."""
    guard = r"(?!\w)" if _is_word(words[-1][-1]) else ""
    if not longer:
        return guard
    rests = (re.escape(rest) + (r"(?!\w)" if _is_word(rest[-1]) else "") for rest in longer)
    return guard + "(?!" + "|".join(rests) + ")"


class Phrase:
    """One literal term; `first_in` finds its first whole-word occurrence.

    `longer`: the rest of each longer term of the same finder that starts with this one and goes on
    with `.` or `-` (`.sgdev.org` for `k8s`, when `k8s.sgdev.org` is a term too): where that term
    stands, the issue names it, not this one, so this one is not found there.

    `reads_cjk_apart`: the term has no CJK character, so in an issue that has some its finder hands
    `first_in` the text with them set apart (`PreparedText.prose_apart`), and the term ends where
    CJK text begins (`升级Kubernetes部署`); a CJK term reads the text as written.

    Its Python patterns are compiled on first use: most terms never fire for a given issue, and
    a one-issue run (the Action) would otherwise spend more compiling them than classifying.
    """

    __slots__ = (
        "_compiled",
        "_source",
        "case_sensitive",
        "probe",
        "reads_cjk_apart",
    )

    def __init__(self, text: str, case_sensitive: bool, longer: tuple[str, ...] = ()) -> None:
        words = text.split() if case_sensitive else lower_aligned(text).split()
        if not words:
            raise ValueError("a phrase needs at least one non-space character")
        self.case_sensitive = case_sensitive
        self.reads_cjk_apart = not has_cjk(text)
        self.probe = _probe(words, case_sensitive)
        first = re.escape(words[0])
        left_guard = r"(?<!\w" + first + ")" if _is_word(words[0][0]) else ""
        self._source = (
            first
            + left_guard
            + "".join(r"\s+" + re.escape(word) for word in words[1:])
            + _right_guard(words, longer)
        )
        self._compiled: re.Pattern[str] | None = None

    def haystack(self, text: PreparedText, cjk: bool) -> str:
        """The shape of `text` this phrase reads: as written or lowered, as its case asks; with CJK set
        apart when the issue has CJK (`cjk`) and the phrase none."""
        if cjk and self.reads_cjk_apart:
            return text.prose_apart if self.case_sensitive else text.lowered_prose_apart
        return text.prose if self.case_sensitive else text.lowered_prose

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def first_in(self, haystack: str, position: int = 0) -> tuple[int, int] | None:
        """(start, end) of the first occurrence in `haystack` at or after `position`: the text as
        written for a case-sensitive phrase, else its `lower_aligned` form."""
        found = (self._compiled or self._pattern()).search(haystack, position)
        return None if found is None else found.span()
