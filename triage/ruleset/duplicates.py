"""Terms listed twice in one list, compared the way matching compares them.

Matching reads two such terms as one: written alike, the second is silently dropped; spelled
differently (`release process`, `Release Process`), both count, so the one match scores twice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterator, Sequence

from pathspec.patterns.gitignore import GitIgnorePatternError

from triage.classify.fields import field_key
from triage.classify.glob_regex import MATCH_NOTHING, regex_source
from triage.classify.keywords import phrase_key
from triage.classify.phrases import Phrase
from triage.classify.repos import repo_key
from triage.classify.text import cjk_apart, lower_aligned
from triage.model import FieldRule, Term


def match_key(kind: str, term: Term) -> Hashable:
    """Equal for two terms of `kind` (a matcher list's key) that match exactly the same text."""
    if kind == "patterns":
        return term.text, term.case_sensitive
    if kind == "paths":
        return _as_git_reads(term.text)
    if kind == "repos":
        return repo_key(term.text)
    if kind == "github_hosts":
        return term.text.lower()
    return phrase_key(term)  # keywords, exclude and a field's values


def listed_twice(kind: str, terms: Sequence[Term]) -> Iterator[tuple[int, int]]:
    """(index, index of the first term it repeats) for every repeated term; blank ones, which
    stand for terms already reported as invalid, are skipped."""
    first: dict[Hashable, int] = {}
    for index, term in enumerate(terms):
        if term.text.strip():
            # Written alike, two terms are one to scoring (it counts a term by its text) whatever
            # their options; otherwise, one when they match exactly the same text.
            seen = first.setdefault(("as written", term.text), index)
            if seen == index:
                seen = first.setdefault(match_key(kind, term), index)
            if seen != index:
                yield index, seen


@functools.lru_cache(maxsize=4096)
def _phrase(text: str, case_sensitive: bool) -> Phrase:
    """One `Phrase` for each exclude term, asked about every keyword (300 excludes and 300 keywords
    built 90,000 of them: 10.7 s). `text` is not blank: `vetoes` asks only of one that is not."""
    return Phrase(text, case_sensitive)


def vetoes(exclude: Term, keyword: Term) -> bool:
    """True when `exclude` matches wherever `keyword` does: it finds itself in the keyword's own
    text, read as an issue's would be (`docker` in `docker compose`, `compose` in `docker-compose`,
    `kubernetes` in `kubernetes部署`, where a term without CJK ends at CJK text), in any case or in
    the keyword's own (a case-sensitive `Helm` leaves `helm` its lower-case matches)."""
    if (exclude.case_sensitive and not keyword.case_sensitive) or not exclude.text.strip():
        return False
    phrase = _phrase(exclude.text, exclude.case_sensitive)
    text = " ".join(keyword.text.split())
    if not exclude.case_sensitive:
        text = lower_aligned(text)
    if phrase.reads_cjk_apart:
        text = cjk_apart(text)
    return phrase.first_in(text) is not None


def twice_message(kind: str, term: Term, first: Term, at: str) -> str:
    """`at` is where the first stands: its line, and its column when the two share a line."""
    if term.text == first.text:
        return f'"{term.text}" is listed twice: first at {at}'
    same = {"paths": "which git reads as the same glob", "github_hosts": "the same host in another case"}.get(
        kind, "which matches the same text"
    )
    return f'"{term.text}" is listed twice: first at {at} as "{first.text}", {same}'


def fields_listed_twice(fields: Sequence[FieldRule]) -> Iterator[tuple[int, int]]:
    """(index, index of the first entry) for every `fields` entry naming a field already named:
    the form has one such field, so the two value lists are one list written in two places."""
    first: dict[str, int] = {}
    for index, field in enumerate(fields):
        if field.name.strip():
            seen = first.setdefault(field_key(field.name), index)
            if seen != index:
                yield index, seen


def field_twice_message(field: FieldRule, first: FieldRule) -> str:
    return (
        f'"{field.name}" is listed twice: first at line {first.line} as "{first.name}", which names '
        "the same form field; put its values in one list"
    )


def _as_git_reads(glob: str) -> str:
    """The glob as git's matching reads it (`docs/**` and `/docs/**` are one), else as written."""
    try:
        source = regex_source(glob)
    except (GitIgnorePatternError, re.error):  # reported by the glob check
        return glob
    return glob if source == MATCH_NOTHING else source
