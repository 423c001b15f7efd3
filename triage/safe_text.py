"""Make issue text safe to show: in a GitHub comment, and on a terminal or an Actions log.

Issue text is untrusted. Once it is in our comment it must not ping anyone (`@team`), link or
cross-reference another issue (`#123`, `GH-123`), inject HTML, spoof our hidden marker (no `<!--`
can come from it), or break out of the code span it sits in. Once it is printed in an Actions log
it must not be a workflow command (`::add-mask::`, `::error::`): the runner reads those anywhere
after leading whitespace, so every `::` is broken up; it also still reads the legacy form
`##[add-mask]x` wherever it stands in a line, so every `##[` is broken up too. The breaks are a
zero-width joiner (U+200D): invisible to a reader, but no longer the token GitHub looks for.

`{{ ... }}` needs nothing here: issue text reaches Jinja2 only as a value, never as template source.
"""

from __future__ import annotations

import functools
import re

ZWJ = "\u200d"
MAX_SNIPPET = 100
"""Longest piece of issue text quoted in one line of the comment."""

_INVISIBLE = dict.fromkeys(
    # C0 and C1 controls (terminal escapes, NUL) and bidirectional overrides ("Trojan source"),
    # deleted by `str.translate`: a regex class past U+00FF costs ~1 ms of start-up to compile.
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        # invisible and zero-width: soft hyphen, zero width space, word joiner, byte-order mark
        0x00AD,
        0x200B,
        0x2060,
        0xFEFF,
    ]
)
_HIDDEN = frozenset(map(chr, _INVISIBLE))
_WHITESPACE = re.compile(r"\s+")
_PINGS = re.compile(r"(?<=@)(?=[\w-])|(?<=#)(?=\d|#\[)|(?<=GH-)(?=\d)|(?<=:)(?=:)|(?<=<)(?=!)", re.IGNORECASE)
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
_BACKTICKS = re.compile(r"`+")


def well_formed(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD. JSON can escape one (`"\\ud800"`) and
    an undecodable byte in a command-line argument becomes one, but UTF-8 cannot hold it: printed
    or sent to GitHub, it would fail. (A Python `str` holds surrogate pairs as one character, so
    every surrogate in it is a lone one.)"""
    return text if text.isascii() else _lone_surrogate().sub("\ufffd", text)


@functools.cache
def _lone_surrogate() -> re.Pattern[str]:
    """Compiled on first need: an ASCII issue never needs it, and it costs ~1 ms of start-up."""
    return re.compile("[\ud800-\udfff]")


def first_hidden(text: str) -> str | None:
    """The first character of `text` that `printable` deletes: a control character (but tab, line
    feed and carriage return), a bidirectional override, or a zero-width one."""
    if text.isprintable():
        return None
    return next((char for char in text if char in _HIDDEN), None)


def without_hidden(text: str) -> str:
    """`text` less the characters `first_hidden` finds."""
    return text.translate(_INVISIBLE)


def printable(text: str) -> str:
    """One line without control characters: safe for a terminal, a log or a table cell."""
    return _WHITESPACE.sub(" ", text.translate(_INVISIBLE)).strip()


def neutralise(text: str) -> str:
    """`printable`, with every mention, reference, workflow command (`::`, `##[`) and `<!` broken up."""
    return _PINGS.sub(ZWJ, printable(text))


def clip(text: str, limit: int = MAX_SNIPPET) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_repr(value: object) -> str:
    """`repr(value)`, but an integer Python refuses to write in decimal (over 4,300 digits, which a
    YAML `0x...` or a JSON number can be) is described instead of raising."""
    if isinstance(value, int) and value.bit_length() > _DECIMAL_BITS:
        return f"a number of {len(hex(value)) - 2:,} hexadecimal digits"
    return repr(value)


_DECIMAL_BITS = 14_000
"""Well under Python's default limit of 4,300 decimal digits (about 14,280 bits)."""


def prose(text: str) -> str:
    """Issue text for running Markdown: neutralised, HTML-escaped, Markdown punctuation escaped."""
    return _MARKDOWN.sub(r"\\\1", neutralise(text).translate(_HTML))


def fence(text: str) -> str:
    """A code span holding `text` literally, whatever backticks it contains (CommonMark 6.1).

    The fence is one backtick longer than the longest run inside; a space pads each side when the
    text starts or ends with a backtick or a space, because CommonMark strips exactly one such pair.
    """
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    if not text.strip(" "):
        return f"{ticks}{text or ' '}{ticks}"  # all spaces are kept as they are; nothing is one space
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def code_span(text: str) -> str:
    """Issue text as inline code: neutralised, clipped, fenced.

    Not HTML-escaped: GitHub shows code spans literally (`&lt;` would show as typed), and `<!`
    is already broken so no marker or comment can open.
    """
    return fence(clip(neutralise(text)))
