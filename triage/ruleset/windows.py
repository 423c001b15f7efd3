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
(not one of separators alone, `(?:\\s|-)`), unless its whole reach is 10 characters or fewer, as a
character's is: `(?:a ){0,5}` takes ten at most. A count after a `\\Q...\\E` literal repeats its last
character alone, as RE2 reads it, which is never a letter and a space. A repetition of a character
that cannot cross a space (`\\S{0,40}`, `\\w{1,64}`, `\\d{1,3}`) stays within one word and costs
nothing measurable."""

from __future__ import annotations

import math
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
    r"|(?P<flags>\(\?[a-zA-Z-]*\))"
    r"|(?P<open>\((?:\?(?:[a-zA-Z-]*:|P?<\w+>))?)"
    r"|(?P<close>\))"
    r"|(?P<repeat>[*+?]\??)"
    r"|(?P<alternative>\|)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_LETTERS = "aAzZ"
"""Letters a class or escape is tried on: ASCII ones, as the words of most issues are and as RE2's
`\\w` reads (`\\W` and `[^\\w]`, which match `é`, are read as no letter)."""
_ZERO_WIDTH = frozenset({"^", "$", "\\b", "\\B", "\\A", "\\z"})


class Window(NamedTuple):
    text: str
    """As written in the pattern: the repeated character or group and its count."""
    times: int
    of_words: bool
    start: int
    """Where `text` starts in the pattern."""
    widest: float
    """The most characters one repetition takes: 1 for a character, inf for a group of words."""


class _Atom(NamedTuple):
    """A character, a literal or a group: where it starts, whether it can be a letter, whether it can
    be a space (a group: whether some part of it can, so it can cross from one word to the next), and
    the most characters it takes."""

    start: int
    letter: bool
    space: bool
    widest: float


class _Group:
    """A group being read (or the whole pattern): what its parts can be, and its widest branch."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.letter = self.space = False
        self.widest = 0.0
        self.branch = 0.0
        """The width of the branch being read (after the last `|`)."""

    def add(self, atom: _Atom) -> None:
        self.letter = self.letter or atom.letter
        self.space = self.space or atom.space
        self.branch += atom.widest

    def repeat(self, atom: _Atom, most: float) -> None:
        """`atom`, added already, may be taken `most` times."""
        if atom.widest:
            self.branch += atom.widest * (most - 1)

    def closed(self) -> _Atom:
        return _Atom(self.start, self.letter, self.space, max(self.widest, self.branch))


def counted_windows(pattern: str) -> list[Window]:
    """The counted windows in an RE2 pattern, in the order they are written. A count whose whole
    reach is short (`(?:a ){0,5}`: ten characters at most) is none, as a character's of 10 is not."""
    found: list[Window] = []
    atom: _Atom | None = None
    """The last character, literal or group, while a count may follow it."""
    groups = [_Group(0)]
    for token in _TOKEN.finditer(pattern):
        kind = token.lastgroup
        if kind in ("count", "repeat") and atom is not None:
            most = _most(token)
            groups[-1].repeat(atom, most)
            window = _window(pattern, atom, token) if kind == "count" else None
            if window is not None:
                found.append(window)
        if kind in ("count", "repeat", "flags", "alternative"):
            if kind == "alternative":
                group = groups[-1]
                group.widest, group.branch = max(group.widest, group.branch), 0.0
            atom = None
            continue
        if kind == "open":
            groups.append(_Group(token.start()))
            atom = None
            continue
        if kind == "close":
            atom = groups.pop().closed() if len(groups) > 1 else _Atom(token.start(), False, False, 0.0)
        elif kind == "quoted":
            literal = token[0][2:].removesuffix("\\E")
            whole = _Atom(token.start(), *_reach_of_text(literal), len(literal))
            groups[-1].add(whole)
            # RE2 repeats a literal's last character alone: one character, never a letter and a space
            atom = _Atom(token.end() - 1, False, False, 1.0) if literal else None
            continue
        else:
            atom = _Atom(token.start(), *_reach(token), 0.0 if token[0] in _ZERO_WIDTH else 1.0)
        groups[-1].add(atom)
    return found


def _most(token: re.Match[str]) -> float:
    """The most times a repetition takes what it repeats."""
    if token.lastgroup == "repeat":
        return 1.0 if token[0].startswith("?") else math.inf
    if not token["comma"]:
        return int(token["low"])
    return int(token["high"]) if token["high"] else math.inf


def _window(pattern: str, atom: _Atom, count: re.Match[str]) -> Window | None:
    times = int(count["high"] or count["low"]) if count["comma"] else int(count["low"])
    in_words = pattern[atom.start] == "("
    if not (atom.letter and atom.space) or times <= (WORDS_QUIET if in_words else CHARACTERS_QUIET):
        return None
    if atom.widest * times <= CHARACTERS_QUIET:
        return None
    return Window(pattern[atom.start : count.end()], times, in_words, atom.start, atom.widest)


def _reach_of_text(literal: str) -> tuple[bool, bool]:
    return any(c.isalnum() for c in literal), any(c.isspace() for c in literal)


def _reach(token: re.Match[str]) -> tuple[bool, bool]:
    """Whether one character token can be a letter, and whether it can be a space. A class or an
    escape is asked of RE2 itself, which reads its ranges, complements and POSIX names as the
    pattern does (`[\\s\\S]`, `[ -~]`, `[^\\w]`)."""
    text = token[0]
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


def _written_at(line: str, pattern: str) -> int:
    """Where `pattern` is written whole on `line`, quoted first (so not inside a longer pattern
    before it), or -1 (a double-quoted pattern's backslashes are doubled there). Not where the
    window's own text is first found: it may stand in a `\\Q...\\E` literal before the window."""
    for quote in ("'", '"'):
        at = line.find(f"{quote}{pattern}{quote}")
        if at >= 0:
            return at + 1
    return line.find(pattern)


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
    written = _written_at(line, term.text)
    column = written + window.start + 1 if written >= 0 else len(line) - len(line.lstrip()) + 1
    if not window.of_words:
        reach = f"{window.times} characters"
    elif math.isinf(window.widest):
        reach = f"{window.times} times a group that spans a space"
    else:
        most = window.times * window.widest
        reach = f"{window.times} times a group that spans a space, {most:.0f} characters"
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
