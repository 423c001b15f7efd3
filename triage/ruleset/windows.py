"""Counted windows in RE2 patterns: `patch[^.\\n]{0,40}release`, or `patch(?:\\W+\\w+){0,20}\\W+release`
for "within twenty words". Valid and linear in time, but in a long text of words RE2's automaton follows
every distance at once, so the cost grows with the count: with the default rules and one more such
pattern, a 65,536-character body of spaced words took 127 to 216 ms an issue with `{0,40}` characters,
0.8 s with `{0,200}`, 0.5 s with twenty words, against 0.5 ms with `[^.\\n]*?` (2026-11-27). `check`
notes each such window where it is written.

Read from the pattern's text (each class and escape tried by RE2 on a letter and a space), not from
RE2's program: a window is a counted repetition (`{m,n}`, `{m,}`, `{m}`) of one character that can be
a letter or a space alike (`.`, `\\D`, `[^.\\n]`, `[a-z ]`) with a count above 10, or of a group that
can take a letter and a space, so a word and what follows it (`(?:\\W+\\w+)`), with a count above 3
(not one of separators alone, `(?:\\s|-)`). A repetition of a character that cannot cross a space
(`\\S{0,40}`, `\\w{1,64}`, `\\d{1,3}`) stays within one word and costs nothing measurable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import re2

from triage.errors import Problem
from triage.model import Rules, Term

CHARACTERS_QUIET = 10
"""The widest count of characters noted as free: `{0,10}` took under 5 ms cold on the body above."""
WORDS_QUIET = 3
"""The widest count of a group that can cross a space noted as free (`{0,3}` words: under 3 ms cold)."""

_TOKEN = re.compile(
    r"(?P<quoted>\\Q.*?(?:\\E|\Z))"
    r"|(?P<escape>\\(?:[pP](?:\{[^}]*\}|.)|x(?:\{[0-9a-fA-F]*\}|[0-9a-fA-F]{0,2})|.))"
    r"|(?P<cls>\[\^?\]?(?:\[:\^?[a-z]+:\]|\\.|[^\]\\])*\])"
    r"|(?P<count>\{(?P<low>\d+)(?P<comma>,?)(?P<high>\d*)\}\??)"
    r"|(?P<open>\((?:\?(?:[a-zA-Z]*:|P?<\w+>))?)"
    r"|(?P<close>\))"
    r"|(?P<other>.)",
    re.DOTALL,
)
_LETTERS = "aAzZ"
"""Letters a class or escape is tried on: ASCII ones, as the words of most issues are and as RE2's
`\\w` reads (`\\W` and `[^\\w]`, which match `é`, are read as no letter)."""


class Window(NamedTuple):
    text: str
    """As written in the pattern: the repeated character or group and its count."""
    times: int
    of_words: bool


def counted_windows(pattern: str) -> list[Window]:
    """The counted windows in an RE2 pattern, in the order they are written."""
    found: list[Window] = []
    atom: tuple[int, bool, bool] | None = None
    """The last character or group: where it starts, whether it can be a letter, whether it can be
    a space (for a group, whether some part of it can: a group of both can cross from one word to
    the next)."""
    groups: list[tuple[int, bool, bool]] = []
    for token in _TOKEN.finditer(pattern):
        kind = token.lastgroup
        if kind == "count" and atom is not None:
            start, letter, space = atom
            count = int(token["high"] or token["low"]) if token["comma"] else int(token["low"])
            in_words = pattern[start] == "("
            if letter and space and count > (WORDS_QUIET if in_words else CHARACTERS_QUIET):
                found.append(Window(pattern[start : token.end()], count, in_words))
            atom = None
            continue
        if kind == "open":
            groups.append((token.start(), False, False))
            atom = None
            continue
        if kind == "close":
            atom = groups.pop() if groups else (token.start(), False, False)
        else:
            atom = (token.start(), *_reach(token))
        if groups:
            outer, letter, space = groups[-1]
            groups[-1] = (outer, letter or atom[1], space or atom[2])
    return found


def _reach(token: re.Match[str]) -> tuple[bool, bool]:
    """Whether one character token can be a letter, and whether it can be a space. A class or an
    escape is asked of RE2 itself, which reads its ranges, complements and POSIX names as the
    pattern does (`[\\s\\S]`, `[ -~]`, `[^\\w]`); `\\Q...\\E` is literal text."""
    text = token[0]
    if token.lastgroup == "quoted":
        quoted = text[2:].removesuffix("\\E")
        return any(c.isalnum() for c in quoted), any(c.isspace() for c in quoted)
    if token.lastgroup in ("cls", "escape"):
        try:
            one = re2.compile(f"(?:{text})")
        except re2.error:
            return False, False
        return any(one.fullmatch(c) is not None for c in _LETTERS), one.fullmatch(" ") is not None
    return text == "." or text.isalnum(), text in (".", " ")


def window_notes(rules: Rules, text: str) -> list[Problem]:
    """A note at each pattern of `rules` (teams', areas', and the questions' `answered_by`) that holds
    a counted window, at the window's column when its line in `text`, the rules file, shows it as
    written (a double-quoted pattern doubles its backslashes: then at the line's first column)."""
    lines = text.splitlines()
    return [
        _note(rules.source, lines, key, term, window)
        for key, term in _patterns(rules)
        for window in counted_windows(term.text)[:1]
    ]


def _patterns(rules: Rules) -> Iterator[tuple[str, Term]]:
    for t, team in enumerate(rules.teams):
        owners = [(f"teams[{t}]", team.matchers.patterns, team.asks)]
        owners += [
            (f"teams[{t}].areas[{a}]", area.matchers.patterns, area.asks) for a, area in enumerate(team.areas)
        ]
        for at, patterns, asks in owners:
            yield from ((f"{at}.patterns[{i}]", term) for i, term in enumerate(patterns))
            for q, ask in enumerate(asks):
                answers = f"{at}.asks[{q}].answered_by"
                yield from ((f"{answers}[{i}]", term) for i, term in enumerate(ask.answered_by))


def _note(source: str, lines: list[str], key: str, term: Term, window: Window) -> Problem:
    line = lines[term.line - 1] if 0 < term.line <= len(lines) else ""
    column = line.find(window.text) + 1 or len(line) - len(line.lstrip()) + 1
    reach = (
        f"{window.times} times a group that spans a space"
        if window.of_words
        else f"{window.times} characters"
    )
    instead = (
        "write the words between as the rest of the sentence, `[^.\\n]*?`, or fewer"
        if window.of_words
        else "write the rest of the sentence, `[^.\\n]*?`, or a count of 10 or less"
    )
    return Problem(
        source,
        term.line,
        column,
        key,
        f"the counted window `{window.text}` (up to {reach}) makes RE2 follow every distance at once: "
        f"on a long issue of words it costs 100 ms and more where the rest costs under 5 ({instead})",
    )
