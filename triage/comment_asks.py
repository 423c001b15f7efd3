"""The questions a comment asks: its labelled owners' `asks`, less those the issue answers already.

A question is answered when one of its `answered_by` patterns (RE2, linear time, ignoring case as
the rules' patterns do) finds a match in the title or in the body, read as written: code blocks,
quotes and links included, as a version in a pasted log or a quoted report answers it. Only HTML
comments are left out, where an issue template's guidance ("e.g. 3.41.0") is no answer of the
reporter's. Pure: the compiled patterns are kept, by their text, for the next issue.

An ask for `reporters: outside` is left out when GitHub says the reporter is the repository's own
(`author_association` OWNER, MEMBER or COLLABORATOR): their issues are mostly work items, not
reports from someone running the product. Every other association, and an unknown one (dry-run
input that does not state it), counts as outside: a dry run shows what an outside reporter would
be asked, which is what a rule's author tries it for, and a reporter triage cannot place is asked
rather than left without the question the owners need answered.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, NamedTuple

import re2

from triage.classify.patterns import re2_options, source_of
from triage.classify.text import lf_line_ends, line_at, strip_comments
from triage.model import AreaStatus, Ask, Classification, Issue, Term, Where


def owners_asks(classification: Classification) -> tuple[Ask, ...]:
    """The asks of each labelled team and area, in the rules' order: a team's own, then its areas'."""
    asks: list[Ask] = []
    for team in classification.teams:
        if team.applied:
            asks.extend(team.team.asks)
        asks.extend(ask for area in team.areas if area.status is AreaStatus.APPLIED for ask in area.area.asks)
    return tuple(asks)


def questions(classification: Classification) -> tuple[str, ...]:
    """Each question of the labelled owners that the issue leaves unanswered and that is for its
    reporter, once, in the rules' order. A question several owners ask is asked once: any of
    their patterns that matches answers it."""
    asks = owners_asks(classification)
    if not from_outside(classification.issue):
        asks = tuple(ask for ask in asks if ask.reporters == "any")
    if not asks:
        return ()
    texts = _texts(classification.issue)
    answered = {ask.question for ask in asks if _answers(ask.answered_by, texts)}
    return tuple(dict.fromkeys(ask.question for ask in asks if ask.question not in answered))


INSIDE = frozenset(("OWNER", "MEMBER", "COLLABORATOR"))
"""The `author_association`s of the repository's own people: its owner, the members of the
organisation that owns it, and the collaborators invited to it."""


def from_outside(issue: Issue) -> bool:
    """Whether the issue's reporter is outside the repository's people, as far as triage knows:
    an unknown association counts as outside. Compared ignoring case, as a hand-written dry-run
    input may spell it."""
    association = issue.author_association
    return association is None or association.upper() not in INSIDE


class Answer(NamedTuple):
    """Where an issue answers a question: the `answered_by` pattern that matched, and the line
    (1-based, within the title or the body) its match starts on."""

    pattern: str
    where: Where
    line: int
    text: str


def answer(asks: Iterable[Ask], issue: Issue) -> Answer | None:
    """The first match of the asks' `answered_by` patterns in the issue, as `questions` reads it
    (HTML comments left out): title first, then body."""
    title, body = _texts(issue)
    places: tuple[tuple[Where, str], ...] = (("title", title), ("body", body))
    for ask in asks:
        for term in ask.answered_by:
            for where, text in places:
                found = _compiled(term.text).search(text)
                if found is not None:
                    start = text.rfind("\n", 0, found.start()) + 1
                    end = text.find("\n", found.start())
                    line = text[start : len(text) if end < 0 else end]
                    return Answer(term.text, where, line_at(text, found.start()), line)
    return None


def _texts(issue: Issue) -> tuple[str, str]:
    """Title and body less their HTML comments, a lone CR made a line break as the classifier reads it."""
    return strip_comments(lf_line_ends(issue.title)), strip_comments(lf_line_ends(issue.body))


def _answers(patterns: Iterable[Term], texts: tuple[str, str]) -> bool:
    return any(_compiled(term.text).search(text) is not None for term in patterns for text in texts)


@functools.lru_cache(maxsize=1024)
def _compiled(source: str) -> Any:
    """`(?i)` as the rules' patterns without `case_sensitive`: `^` and `$` are the start and end of
    the title or of the body."""
    return re2.compile(source_of(Term(source)), re2_options())
