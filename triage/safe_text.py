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

ZERO_WIDTH = "\u00ad\u200b\u2060\ufeff"
"""Invisible, zero-width characters text pasted from a web page brings: soft hyphen, zero width
space, word joiner, byte-order mark."""
C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls but tab, line feed and carriage return, and DEL."""
_INVISIBLE = dict.fromkeys(
    # C0 and C1 controls (terminal escapes, NUL), bidirectional overrides ("Trojan source") and
    # marks (as invisible, and they too move neutral characters such as `-` and `.` when shown), and
    # the zero-width characters, deleted by `str.translate`: a regex class past U+00FF costs ~1 ms of
    # start-up to compile.
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *map(ord, ZERO_WIDTH),
    ]
)
_HIDDEN = frozenset(map(chr, _INVISIBLE))
_SHOWN = _INVISIBLE | dict.fromkeys([0x0B, 0x0C, *range(0x1C, 0x20), 0x85], " ")
"""What `printable` makes of them: the controls Python reads as whitespace (vertical tab, form feed,
the separators, next line) become a space, as the classifier reads them between two words."""
_WHITESPACE = re.compile(r"\s+")
_WORKFLOW_COMMAND_BREAKS = r"(?<=:)(?=:)|(?<=#)(?=#\[)"
"""Where a zero-width joiner breaks a workflow command the runner would read (`::`, `##[`)."""
_WORKFLOW_COMMANDS = re.compile(_WORKFLOW_COMMAND_BREAKS)
_PINGS = re.compile(
    r"(?<=@)(?=[\w-])|(?<=#)(?=\d)|(?<=GH-)(?=\d)|(?<=<)(?=!)|" + _WORKFLOW_COMMAND_BREAKS, re.IGNORECASE
)
_AUTOLINKS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)", re.IGNORECASE)
"""Where a zero-width joiner stops GitHub from making a link of a URL in running text (`https://`,
`www.`): a link to another issue or pull request would put a cross-reference in its timeline, and a
link to anywhere would be ours to answer for."""
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
"""Quotes too: a template may put the text in an HTML attribute (`<a title="...">`), which a quote
would end, and whatever followed would be an attribute of the reporter's (`href="//elsewhere"`)."""
_MARKDOWN = re.compile(r"([\\`*_\[\]|~$])")
"""`$` too: GitHub reads `$...$` as math."""
_BLOCK_OPENER = re.compile(r"[#+=-]|[0-9]{1,9}(?=[.)])")
"""What makes a line a heading, a list item, a thematic break or a setext underline when it starts
one: a template may put issue text at the start of a line (its `issue_title`)."""
_BACKTICKS = re.compile(r"`+")


def well_formed(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD. JSON can escape one (`"\\ud800"`) and
    an undecodable byte in a command-line argument becomes one, but UTF-8 cannot hold it: printed
    or sent to GitHub, it would fail. (A Python `str` holds surrogate pairs as one character, so
    every surrogate in it is a lone one.)

    Text that encodes as UTF-8 has none, and encoding it costs a fraction of the pattern's search
    (callgrind, 2026-11-27: reading the dev file's JSONL, a tenth of its lines not ASCII, 45,300
    instructions a line with the search for every text that is not ASCII, 42,600 with this test)."""
    if text.isascii():
        return text
    try:
        text.encode()
    except UnicodeEncodeError:
        return _lone_surrogate().sub("\ufffd", text)
    return text


@functools.cache
def _lone_surrogate() -> re.Pattern[str]:
    """Compiled on first need: an ASCII issue never needs it, and it costs ~1 ms of start-up."""
    return re.compile("[\ud800-\udfff]")


@functools.cache
def _markup_outside_code() -> re.Pattern[str]:
    """Where a zero-width joiner keeps a code span's text from being markup where it is no code span:
    in HTML (`<summary>{{ reason }}</summary>`, a `<td>`), which GitHub reads as HTML, not Markdown,
    and after backticks a template's `truncate` cut off, where it is Markdown again. A tag (`<img
    src=...>`, `<a href=...>`), a character reference (`&#x40;`, `&commat;` for `@`, past the mention
    breaks), the end of an HTML comment (`-->`), a URL's `://` and `www.`, and `](`, which ends the
    text of an inline link or image (`![x](https://...)`). Compiled on first need, without
    IGNORECASE (whose Unicode classes cost 1 ms more): `--format jsonl` renders no code span."""
    return re.compile(
        r"(?<=<)(?=[A-Za-z/?])|(?<=&)(?=[#A-Za-z])|(?<=-)(?=-!?>)|(?<=:)(?=//)|(?<=[Ww]{3})(?=\.)|(?<=\])(?=\()"
    )


def first_hidden(text: str) -> str | None:
    """The first character of `text` that `printable` deletes (or, a whitespace control, makes a
    space): a control character (but tab, line feed and carriage return), a bidirectional override
    or mark, or a zero-width one."""
    if text.isprintable():
        return None
    return next((char for char in text if char in _HIDDEN), None)


def without_hidden(text: str) -> str:
    """`text` less the characters `first_hidden` finds."""
    return text.translate(_INVISIBLE)


def printable(text: str) -> str:
    """One line without control characters: safe for a terminal, a log or a table cell."""
    return _WHITESPACE.sub(" ", text.translate(_SHOWN)).strip()


def loggable(text: str) -> str:
    """`printable`, with every workflow command (`::`, `##[`) broken up: for a message printed to an
    Actions log, where no mention or reference pings anyone, and the user's own value is best shown
    as typed."""
    return _WORKFLOW_COMMANDS.sub(ZWJ, printable(text))


def log_line(text: str) -> str:
    """`printable`, with what the runner would read as a workflow command broken: a `##[` anywhere
    in the line, a `::` at its start. A `::` further on is left as typed (a key, a path the message
    quotes): only a line that starts with one is a command."""
    line = printable(text)
    if "##[" in line:
        line = line.replace("##[", f"#{ZWJ}#[")
    return f":{ZWJ}{line[1:]}" if line.startswith("::") else line


def log_safe_json(text: str) -> str:
    """JSON text with each `##[` written `##\\u005b`: the same value to a JSON reader, but no legacy
    workflow command (`##[add-mask]x`) when the JSON is printed to an Actions log, where the runner
    reads one anywhere in a line. Only a string holds `##[` in JSON (no punctuation of its own
    follows a `#`, and JSON never escapes one), so the `[` is always a character of a string. No
    `::` command can start a line of JSON: each starts with punctuation or a value.

    Looked for as `#` first: a one-character search is `memchr`, many times faster than the scan
    of `replace`, and most records have no `#` at all (callgrind, 2026-11-27, the records of the dev
    file's issues: 3,300 instructions a call, 900 with the test first)."""
    return text.replace("##[", "##\\u005b") if "#" in text else text


def neutralise(text: str) -> str:
    """`printable`, with every mention, reference, workflow command (`::`, `##[`) and `<!` broken up."""
    return _PINGS.sub(ZWJ, printable(text))


def clip(text: str, limit: int = MAX_SNIPPET) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_middle(text: str, limit: int = MAX_SNIPPET) -> str:
    """`text` if it has at most `limit` characters, else its start and its end with `…` between,
    `limit` characters at most: what a term matched ends with is as telling as how it starts
    (`docker run -d … sourcegraph/server:3.20`). A cut never falls inside a character as a reader
    sees it: a surrogate pair, an emoji sequence, a letter and its accents (up to `MAX_CLUSTER`)."""
    if len(text) <= limit:
        return text
    kept = limit - 1
    head = (kept + 1) // 2
    tail = len(text) - (kept - head)
    if not text.isascii():
        head, tail = between_clusters(text, head, -1), between_clusters(text, tail, 1)
    return text[:head] + "…" + text[tail:]


MAX_CLUSTER = 32
"""Characters a cut moves over to leave a cluster whole; a longer cluster (a letter under hundreds of
accents) is cut where that leaves it, though never between the halves of a surrogate pair."""


def between_clusters(text: str, cut: int, step: int) -> int:
    """`cut`, moved by `step` (away from the kept text, which only shrinks) until no cluster spans it."""
    for _ in range(MAX_CLUSTER):
        if not 0 < cut < len(text) or not _joined(text, cut):
            return cut
        cut += step
    return cut + step if 0 < cut < len(text) and _is_pair(text[cut - 1], text[cut]) else cut


def _joined(text: str, at: int) -> bool:
    """Whether the characters either side of `at` belong to one character as a reader sees it."""
    before, after = text[at - 1], text[at]
    if after.isascii():
        return False
    if ZWJ in (before, after) or _is_pair(before, after):
        return True
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        return _flag_split(text, at)
    if "\U0001f3fb" <= after <= "\U0001f3ff" or "\U000e0020" <= after <= "\U000e007f":
        return True  # an emoji's skin tone, a flag's tag characters
    if _jamo_joined(before, after):
        return True
    import unicodedata  # noqa: PLC0415 - 0.5 ms of start-up, and only a cut in non-ASCII text needs it

    return unicodedata.category(after) in ("Mn", "Me", "Mc")  # accents, variation selectors, a keycap


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _flag_split(text: str, at: int) -> bool:
    """Whether `at` falls between the two regional indicators of one flag: a run of them reads as
    flags two by two from its start, so only a cut after an odd number of them splits one (counted
    over the last `_FLAG_RUN_READ` characters)."""
    before = text[max(0, at - _FLAG_RUN_READ) : at]
    return (len(before) - len(before.rstrip(_REGIONAL_INDICATORS))) % 2 == 1


_FLAG_RUN_READ = 1024
"""How far back a run of regional indicators is read for its parity: a cut in a longer run (512
flags and more) may split one, where reading the whole run at each cut would make a run of 30,000
flags cost milliseconds a cut."""


_REGIONAL_INDICATORS = "".join(map(chr, range(0x1F1E6, 0x1F200)))


def _jamo_joined(before: str, after: str) -> bool:
    """A Hangul syllable written as letters apart (jamo): a vowel or final consonant belongs to the
    syllable before it, an initial consonant to the one after it."""
    if "\u1160" <= after <= "\u11ff" or "\ud7b0" <= after <= "\ud7ff":
        return True
    return ("\u1100" <= before <= "\u115f" or "\ua960" <= before <= "\ua97f") and _is_hangul(after)


def _is_hangul(char: str) -> bool:
    return "\u1100" <= char <= "\u11ff" or "\ua960" <= char <= "\ua97f" or "\uac00" <= char <= "\ud7ff"


def _is_pair(before: str, after: str) -> bool:
    """A high surrogate then a low one: JSON can write an astral character so, as two characters."""
    return "\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff"


def value_repr(value: object) -> str:
    """`repr(value)`, but an integer Python refuses to write in decimal (over 4,300 digits, which a
    YAML `0x...` or a JSON number can be) is described instead of raising."""
    if isinstance(value, int) and value.bit_length() > _DECIMAL_BITS:
        return f"a number of {len(hex(value)) - 2:,} hexadecimal digits"
    return repr(value)


_DECIMAL_BITS = 14_000
"""Well under Python's default limit of 4,300 decimal digits (about 14,280 bits)."""


def prose(text: str) -> str:
    """Issue text for running Markdown or an HTML attribute: neutralised, its URLs no links,
    HTML-escaped (quotes too), Markdown punctuation escaped, and so is what would open a block at
    the start of a line (`# `, `- `, `1. `, `---`)."""
    escaped = _MARKDOWN.sub(r"\\\1", _AUTOLINKS.sub(ZWJ, neutralise(text)).translate(_HTML))
    opener = _BLOCK_OPENER.match(escaped)
    if opener is None:
        return escaped
    at = opener.end() if opener.group().isdigit() else 0  # `1\. first`, `\# Title`
    return f"{escaped[:at]}\\{escaped[at:]}"


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
    """Issue text as inline code: clipped in the middle (`clip_middle`), neutralised, fenced.

    Clipped first: the joiners that break mentions are invisible and count for nothing, so a quote
    the classifier already cut to a snippet (`dry-run` shows it so) is not cut a second time, and
    the comment quotes what `dry-run` does. The `…` a cut leaves between two pieces keeps them from
    making a mention or a command together. Not HTML-escaped: GitHub shows code spans literally
    (`&lt;` would show as typed), and `<!` is already broken so no marker or comment can open.
    """
    return fence(neutralise(clip_middle(text)))


def code_span_safe_anywhere(text: str) -> str:
    """`code_span`, with what would be markup outside a code span broken with joiners too, invisible
    in it (`_markup_outside_code`): tags, character references, `-->`, links and images. For a rules
    template of its own, which may put it where it is no code span: in HTML, or cut by `truncate` or
    `wordwrap` before its closing backticks. Only there: a joiner in `vector<int>` or `&amp;` is one
    more character than the reporter typed for whoever copies it from a code span."""
    return fence(_markup_outside_code().sub(ZWJ, neutralise(clip_middle(text))))
