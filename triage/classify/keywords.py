"""Keywords: literal words and phrases, matched in prose and inline code (see `phrases.py`); inside
a word that names a path a glob claims, only for the glob's owner (see `claims.py`).

The same finder serves `exclude` terms (`exclude.py`): one `Phrase` per distinct term, however
many areas list it, so a term shared by areas is searched once per issue.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from triage.classify.claims import MAX_PASSED, Owners, places
from triage.classify.finder import TEXT_LIMIT, Hit, Target, quote
from triage.classify.phrases import Phrase
from triage.classify.text import PreparedIssue, PreparedText, lower_aligned
from triage.model import EvidenceKind, Matchers, Rules, Term


def phrase_key(term: Term) -> tuple[str, bool]:
    """Terms that match exactly the same text share one key."""
    text = term.text if term.case_sensitive else lower_aligned(term.text)
    return " ".join(text.split()), term.case_sensitive


class PhraseFinder:
    """Finds the literal terms of one kind for every target.

    `heeds_claims`: a term found inside a word that names a path a glob gives to other targets is
    looked for further on, for its own (`claims.py`); keywords do, `exclude` terms do not (a veto
    names another product wherever it stands)."""

    def __init__(
        self, kind: EvidenceKind, entries: Sequence[tuple[Phrase, Owners]], *, heeds_claims: bool = False
    ) -> None:
        self._kind: EvidenceKind = kind
        self._entries = tuple(entries)
        self._heeds_claims = heeds_claims
        self.probes = tuple(phrase.probe for phrase, _ in self._entries)

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> list[Hit]:
        """The hits of the `fired` terms; for an issue that names no claimed path (nearly every one),
        built inline: a call a hit cost 1,200 instructions an issue on the dev file (0.7%). The two
        texts are tested by name: `any` over a generator cost 1,500."""
        if self._heeds_claims and (issue.title.claimed_words or issue.body.claimed_words):
            return self._find_heeding_claims(issue, fired)
        hits: list[Hit] = []
        kind = self._kind
        apart = issue.has_cjk
        for index in fired:
            phrase, owners = self._entries[index]
            for text in issue.texts:
                span = phrase.first_in(phrase.haystack(text, apart))
                if span is None:
                    continue
                prose = text.prose
                said = prose[span[0] : span[1]]  # starts and ends with a word of the term: nothing to strip
                if len(said) > TEXT_LIMIT:
                    said = quote(said)
                line = prose.count("\n", 0, span[0]) + 1  # `line_at`, inline
                for target, term in owners:
                    hits.append((target, kind, term.text, term.weight, said, text.where, line))
        return hits

    def _find_heeding_claims(self, issue: PreparedIssue, fired: Sequence[int]) -> list[Hit]:
        """`find` for an issue that names a path a glob claims (few do): the same hits, but for a
        term inside a claimed word, which counts only for the glob's owners (`claims.places`)."""
        hits: list[Hit] = []
        apart = issue.has_cjk
        budgets = [MAX_PASSED] * len(issue.texts)
        for index in fired:
            phrase, owners = self._entries[index]
            for number, text in enumerate(issue.texts):
                haystack = phrase.haystack(text, apart)
                span = phrase.first_in(haystack)
                if span is None:
                    continue
                if not text.claimed_words:
                    self._add(hits, text, span, owners)
                    continue
                found, passed = places(phrase, haystack, text, span, owners, budget=budgets[number])
                budgets[number] -= passed
                for place, some in found:
                    self._add(hits, text, place, some)
        return hits

    def _add(self, hits: list[Hit], text: PreparedText, span: tuple[int, int], owners: Owners) -> None:
        prose = text.prose
        said = prose[span[0] : span[1]]  # starts and ends with a word of the term: nothing to strip
        if len(said) > TEXT_LIMIT:
            said = quote(said)
        line = prose.count("\n", 0, span[0]) + 1  # `line_at`, inline
        kind = self._kind
        for target, term in owners:
            hits.append((target, kind, term.text, term.weight, said, text.where, line))


def build_phrase_finder(
    kind: EvidenceKind,
    targets: Sequence[Target],
    terms_of: Callable[[Matchers], tuple[Term, ...]],
    *,
    heeds_claims: bool = False,
) -> PhraseFinder:
    grouped: dict[tuple[str, bool], list[tuple[int, Term]]] = {}
    for index, target in enumerate(targets):
        for term in terms_of(target.matchers):
            if term.text.strip():
                grouped.setdefault(phrase_key(term), []).append((index, term))
    ordered = sorted(grouped)
    entries = [
        (Phrase(owners[0][1].text, key[1], _longer_rests(key, ordered)), tuple(owners))
        for key, owners in grouped.items()
    ]
    return PhraseFinder(kind, entries, heeds_claims=heeds_claims)


def _longer_rests(key: tuple[str, bool], ordered: list[tuple[str, bool]]) -> tuple[str, ...]:
    """What each longer one-word term of `ordered` (sorted) adds after `key`'s text, when it goes on
    with `.` or `-` (`.sgdev.org` after `k8s`) and matches text in the same case or none. The terms
    that start with `key`'s text follow it in sorted order."""
    text, case = key
    if " " in text:
        return ()
    rests = []
    for index in range(bisect_right(ordered, key), len(ordered)):
        other, other_case = ordered[index]
        if not other.startswith(text):
            break
        rest = other[len(text) :]
        if other_case == case and rest[0] in ".-" and " " not in rest:
            rests.append(rest)
            if len(rests) == MAX_LONGER:
                break
    return tuple(rests)


MAX_LONGER = 64
"""Longer terms a term looks past, at most: a chain of terms each starting the next (`a`, `a-a`,
`a-a-a`, ...) would otherwise make each term's pattern as long as the chain, and building them slow."""


def build(targets: Sequence[Target], rules: Rules) -> PhraseFinder:
    return build_phrase_finder("keyword", targets, lambda matchers: matchers.keywords, heeds_claims=True)
