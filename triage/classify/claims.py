"""Words that name a path a glob claims: a keyword inside one counts only for the glob's owner.

A path that matches a glob (the most specific, as `paths.py` picks it) is, by the rules, that
glob's owner's file. A keyword of another owner standing inside it (`docker` in
`enterprise/dev/ci/docker/build.sh`, which a CI area's `enterprise/dev/ci/**` claims) is the same
word read a second time, for someone the rules did not give that file: for them the keyword is not
found there, and the next place it stands is looked for instead. The owner is the glob's area with
its team's own terms (kin: the team holds the area), or, for a team-level glob, the team with all
its areas; for them a keyword there counts, as before. A sibling area is another owner: the area
labels would otherwise disagree with the path as the team labels would. A path no glob matches
claims nothing, so a keyword in it counts as it does in prose (`deploy-sourcegraph-docker/`
names the deployment as plainly as the word does). `exclude` terms are not held back: a veto
names another product wherever it stands.

A word is what the path finder reads: the text between whitespace, as written (backticks,
brackets, a `:line` suffix and all). The path finder runs before the keywords
(`registry.FINDERS`) and notes on each `PreparedText` the words of its prose whose paths a glob
matched (`claimed_words`: word -> the targets it is given to), which the keyword finder reads here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from triage.classify.finder import Target
from triage.classify.phrases import Phrase
from triage.classify.text import PreparedText
from triage.model import Term

Claims = Mapping[str, frozenset[int]]
"""A text's claimed words, each with the targets (indices) it is given to."""

Owners = tuple[tuple[int, Term], ...]
"""A keyword's owners: (target, term as that target's rules write it)."""

MAX_WORD = 512
"""Longest word that claims: a path as issues write it is far shorter, and the word around a keyword
is looked for within this many characters of it, so a hostile word of 60,000 costs nothing."""

MAX_PASSED = 64
"""Claimed words a text's keywords look past, all together, for the next place they stand: an issue
names a few paths; a hostile body can repeat one thousands of times, each a turn of a loop. Past
them, a keyword counts where it stands, as in a word no glob claims."""


def kin(targets: Sequence[Target]) -> tuple[frozenset[int], ...]:
    """For each target, the targets a word its glob claims is given to: an area and its team's own
    terms; a team (a team-level glob) and all its areas."""
    teams: dict[str, list[int]] = {}
    for index, target in enumerate(targets):
        teams.setdefault(target.team_id, []).append(index)
    return tuple(
        frozenset(
            other
            for other in teams[target.team_id]
            if target.area_id is None or other == index or targets[other].area_id is None
        )
        for index, target in enumerate(targets)
    )


def word_around(prose: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the word holding `prose[start:end]`, or None for one longer than `MAX_WORD`.

    Offsets are the same in every shape of the prose a keyword reads (lowered, CJK set apart), and
    so are the whitespace characters that end words."""
    before = prose[max(0, start - MAX_WORD) : start]
    if before and not before[-1].isspace():
        start -= len(before.rsplit(None, 1)[-1])
    after = prose[end : end + MAX_WORD]
    if after and not after[0].isspace():
        end += len(after.split(None, 1)[0])
    return (start, end) if end - start <= MAX_WORD else None


def places(
    phrase: Phrase, haystack: str, text: PreparedText, span: tuple[int, int], owners: Owners, *, budget: int
) -> tuple[list[tuple[tuple[int, int], Owners]], int]:
    """Where the owners of `phrase` find it, from its first occurrence `span` in `haystack` on, and
    how many claimed words that took looking past: each owner finds it at the first place that is
    no word given to others. Past `budget` such words, the owners left find it where it stands."""
    found: list[tuple[tuple[int, int], Owners]] = []
    claims = text.claimed_words
    prose = text.prose
    left = owners
    passed = 0
    while True:
        word = word_around(prose, *span)
        given = None if word is None else claims.get(prose[word[0] : word[1]])
        if word is None or given is None or passed == budget:
            found.append((span, left))
            return found, passed
        here = tuple(owner for owner in left if owner[0] in given)
        if here:
            found.append((span, here))
            left = tuple(owner for owner in left if owner[0] not in given)
            if not left:
                return found, passed
        passed += 1
        following = phrase.first_in(haystack, word[1])
        if following is None:
            return found, passed
        span = following
