"""Patterns: RE2 regular expressions, matched in the title and body minus comments, quotes and URLs.

Unlike keywords they also read fenced code blocks: a pattern is how a rule names an error message
or log line that admins paste. RE2 runs in linear time, so no issue text can make it backtrack.
Each pattern is its own probe in the classifier's single pass, in multi-line mode there: that
pass reads title and body joined, and `^`/`$` (start and end of the title or of the body here)
must still fire at the join. A pattern with `\\A` or `\\z` gets a probe that always fires.
Only the patterns whose probe fired are searched again, in each text, to find where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import re2

from triage.classify.finder import Hit, Target, quote
from triage.classify.text import URL_MARK, PreparedIssue
from triage.model import Rules, Term

MAX_MEM = 8 << 20
"""RE2's memory budget per compiled regex or set (RE2's own default). The DFA cache grows up to it
as new text arrives and is never given back, so a bigger budget is a bigger resident process; when
full, RE2 clears it and goes on, still answering correctly (tested with the default rules and
hostile bodies down to a budget of 0.7 MiB)."""


def re2_options(*, for_set: bool = False) -> Any:
    """`for_set`: leftmost-longest semantics. A set only reports which patterns match, for
    which the two are the same, and its DFA is then about half the size and twice as fast."""
    options = re2.Options()
    options.max_mem = MAX_MEM
    options.log_errors = False
    options.longest_match = for_set
    return options


def re2_reason(error: Exception) -> str:
    """Why RE2 refused a pattern, as text (the binding gives its message as bytes)."""
    reason = error.args[0] if error.args else error
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def compiled_set(sources: Iterable[str]) -> Any:
    """One RE2 set of `sources`, compiled; `re2.error` when they do not fit in its memory."""
    found = re2.Set.SearchSet(re2_options(for_set=True))
    for source in sources:
        found.Add(source)
    found.Compile()
    return found


def source_of(term: Term) -> str:
    return term.text if term.case_sensitive else "(?i)" + term.text


def probe(term: Term) -> str:
    source = source_of(term)
    return "" if "\\A" in source or "\\z" in source else "(?m)" + source


_UNANCHORED = re2._Anchor.UNANCHORED
_NO_MATCH = -1


def compiled_matcher(term: Term) -> Any:
    """RE2's own compiled regex, whose `Match(anchor, data, pos, endpos)` gives each group's
    (start, end) in bytes, (-1, -1) for none. Called directly: the wrapper's `search` runs a
    Python generator and rebuilds a match object around it, twice the cost of the search."""
    return re2.compile(source_of(term), re2_options())._regexp


class PatternFinder:
    def __init__(self, entries: Sequence[tuple[Term, int]]) -> None:
        self._entries = tuple(entries)
        self._regexes: dict[int, Any] = {}  # compiled on first use: most never fire for an issue
        self.probes = tuple(probe(term) for term, _ in self._entries)

    def _regex(self, index: int) -> Any:
        regex = self._regexes.get(index)
        if regex is None:
            regex = self._regexes[index] = compiled_matcher(self._entries[index][0])
        return regex

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> list[Hit]:
        hits: list[Hit] = []
        regexes = list(zip(fired, map(self._regex, fired), strict=True))
        for text in issue.texts:
            data = text.searchable_bytes
            size = len(data)
            for index, regex in regexes:
                start, end = regex.Match(_UNANCHORED, data, 0, size)[0]
                if start == _NO_MATCH:
                    continue
                term, target = self._entries[index]
                end = whole_word_end(data, end)
                said = quote(_decode(data[start:end]).replace(URL_MARK, "…"))
                line = data.count(b"\n", 0, start) + 1
                hits.append((target, "pattern", term.text, term.weight, said, text.where, line))
        return hits


_WORD_REST = re.compile(
    rb"(?:(?<=[A-Za-z0-9_])[A-Za-z0-9_]|(?<=[0-9])[.-](?=[0-9]))(?:[A-Za-z0-9_]|[.-](?=[A-Za-z0-9]))*"
)
"""The rest of a word a match stops inside: right after a letter, digit or `_` comes another, or a
number goes on (`3.11` of `3.11.4`, `3.16` of `3.16.1-rc_2`). Not a word a match ends whole before
its punctuation (`alerts` of `alerts-wise`, `cluster` of `cluster.sh`): that is what was said."""
WORD_REST_READ = 64
"""Bytes past a match that the quote may take in to end the word it stops inside."""


def whole_word_end(data: bytes, end: int) -> int:
    """`end`, moved on to the end of the word or number a match stops inside (`_WORD_REST`): a
    pattern's `\\d+\\.\\d+` finds `3.11` of "to 3.11.4", and a comment quoting that would misquote
    the reporter's version. At most `WORD_REST_READ` bytes on."""
    rest = _WORD_REST.match(data, end, end + WORD_REST_READ)
    return rest.end() if rest is not None else end


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def build(targets: Sequence[Target], rules: Rules) -> PatternFinder:
    return PatternFinder(
        [(term, index) for index, target in enumerate(targets) for term in target.matchers.patterns]
    )
