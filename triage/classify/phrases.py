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
times, 3.4 ms this way. A pattern is compiled (60 µs) only once the term may stand in a text
(`Phrase._may_stand_in`): a term that fired glued to a letter wherever it stands is known absent
from the text's words without it.

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


MAX_TRIED = 64
"""Occurrences of a phrase that `Phrase._stands_in_spaced` looks at, one by one; past them, the
phrase may stand (its pattern tells)."""
_WORD_RUN = r"\w+"
_SPACE_RUN = r"\s+"
_KEPT = 8
"""Texts whose words `_words_of` keeps: every shape (as written or lowered, CJK set apart or not)
of an issue's title and body, which the phrases that fired read in turn."""
_kept: list[tuple[str, frozenset[str], str]] = []


def _words_of(haystack: str) -> tuple[frozenset[str], str]:
    """Every run of word characters in `haystack`, and its words one space apart.

    Where a phrase stands, each run of word characters in it is one of the text's (its guards end
    it on both sides as its other characters do), and its words stand one space apart in the
    second. The runs are read from the text's distinct words, each once: `re` reads `\\w` at 270
    instructions a character, and a hostile text repeats itself."""
    for kept in _kept:
        if kept[0] is haystack:
            return kept[1], kept[2]
    split = haystack.split()
    distinct = set(split)
    glued = [word for word in distinct if not word.isalnum()]
    runs = frozenset(distinct.difference(glued)).union(re.findall(_WORD_RUN, " ".join(glued)))
    spaced = " ".join(split)
    if len(_kept) == _KEPT:
        del _kept[0]
    _kept.append((haystack, runs, spaced))
    return runs, spaced


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
        "_guards_left",
        "_guards_right",
        "_source",
        "_words",
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
        self._words = words
        self._guards_left = _is_word(words[0][0])
        self._guards_right = _is_word(words[-1][-1])
        first = re.escape(words[0])
        left_guard = r"(?<!\w" + first + ")" if self._guards_left else ""
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
        pattern = self._compiled
        if pattern is None:
            if not self._may_stand_in(haystack, position):
                return None
            pattern = self._pattern()
        found = pattern.search(haystack, position)
        return None if found is None else found.span()

    def _may_stand_in(self, haystack: str, position: int) -> bool:
        """False only where the phrase does not stand in `haystack` at or after `position`, told
        without its pattern. True at once where its first word's first occurrence may begin it, as
        it mostly does where the phrase fired; else (that word glued to another: `ékubernetes`,
        which the one pass lets fire, its word boundaries being ASCII) from the text's words
        (`_words_of`). A text with every term glued to letters nine times compiled 80 patterns in
        its first pass (5 ms at a quiet moment), now 2."""
        words = self._words
        start = haystack.find(words[0], position)
        if start < 0:
            return False
        if self._may_start_at(haystack, start):
            return True
        runs, spaced = _words_of(haystack)
        if not all(run in runs for word in words for run in re.findall(_WORD_RUN, word)):
            return False
        return len(words) == 1 or self._stands_in_spaced(spaced)

    def _may_start_at(self, haystack: str, start: int) -> bool:
        """Whether the phrase may begin where its first word does, as far as the characters around
        that word and the next word tell."""
        words = self._words
        if self._guards_left and start and _is_word(haystack[start - 1]):
            return False
        end = start + len(words[0])
        if len(words) == 1:
            return not (self._guards_right and _is_word(haystack[end : end + 1]))
        gap = re.compile(_SPACE_RUN).match(haystack, end)
        return gap is not None and haystack.startswith(words[1], gap.end())

    def _stands_in_spaced(self, spaced: str) -> bool:
        """Whether the phrase, its words one space apart, stands in `spaced` (a text's words one
        space apart) with no word character glued to either end; past `MAX_TRIED` occurrences
        that do not, True."""
        said = " ".join(self._words)
        start = spaced.find(said)
        for _ in range(MAX_TRIED):
            if start < 0:
                return False
            end = start + len(said)
            if not (
                (self._guards_left and start and _is_word(spaced[start - 1]))
                or (self._guards_right and _is_word(spaced[end : end + 1]))
            ):
                return True
            start = spaced.find(said, start + 1)
        return True
