"""An issue's title or body, prepared once for every matcher.

A line ends at LF, CR or CRLF, as in CommonMark: a lone CR is made an LF first (`lf_line_ends`), so
that every reader below splits lines at LF alone. Preparation never moves a line: what is not
evidence (HTML comments, the options an issue form left unticked; fenced code and URLs, for
keywords) is blanked but its newlines are kept, so `line_at(text, offset)` gives the original line
number in whichever prepared text the offset was found. Quoted lines (`> ...`) are evidence like
any other: in an issue's first post they are what it reports (a customer's words pasted by support,
an error, the message the issue came from), not a reply.

Every search here starts with a literal (`<!--`, a newline, `http`, `###`), so Python's `re` jumps
between candidates with a fast substring search instead of trying a match at every position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

from triage.classify.mentions import Mention, Needles, Tokens, candidate_tokens, find_mentions
from triage.model import Where
from triage.safe_text import between_clusters

# Searched in "\n" + text so that the first line also starts with the literal newline.
_ITEM = r"(?>(?:[-*+]|\d{1,9}[.)])[ \t]+)?+"
"""An optional list marker and its spaces, atomic: nothing after it needs a space given back."""
_FENCE_LINE = re.compile(rf"\n[ \t]*+({_ITEM}(?:>[ \t]*+)*+){_ITEM}(`{{3,}}|~{{3,}})([^\n]*)")
"""A fence line, indented (under a list item), opened on a list item's own line (`- ```go`), or
in a quote (`> ````: a log pasted in a quoted report is still code); group 1 holds its `>`s."""
SPACE_CHARS = "\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Exactly what `\\s` matches, as a class body: `re` tests a class of characters against a bitmap,
but `\\s` in a class against Unicode's tables, which made reading URLs several times slower."""
_URL = re.compile(f"(https?://[^{SPACE_CHARS}<>\"'`]+)")  # a group, so that `split` keeps the URLs
URL_MARK = " \x1a "
"""What a URL becomes in `searchable` and `prose`: SUBSTITUTE is neither a word character nor
whitespace, so `docker <link> compose` does not read as the phrase `docker compose`; and it is
ASCII, which keeps an ASCII issue's text in Python's fastest string form."""

CJK_FIRST, CJK_LAST = "\u3001", "\uffff"
"""What sets CJK text apart: the characters from U+3001 to U+FFFF. Han (all but the rare ideographs
past U+FFFF), kana, Hangul syllables, CJK punctuation (U+3000, the ideographic space, is whitespace
and stays so), fullwidth and halfwidth forms, and the rarer scripts that share those blocks (Yi,
presentation forms). Whole blocks of 4,096 code points, each one UTF-8 lead byte, so that
`cjk_apart` is one table lookup a byte: `re` takes milliseconds to compile a class of characters
past U+00FF, and a Python loop over characters is slower still."""
CJK_PROBE = r"[\x{3001}-\x{d7ff}\x{f900}-\x{fdff}\x{fe70}-\x{fefe}\x{ff00}-\x{ffef}]"
"""RE2 source of one such character that can be a word character: setting apart one that is not
changes nothing, so the blocks without any are left out (private use, variation selectors, the
byte order mark, U+FFFD), which an English issue may hold (`❤️` ends in U+FE0F)."""
_CJK_LEADS = bytes.maketrans(bytes(range(0xE3, 0xEE)) + b"\xef", b"\xee" * 12)
"""UTF-8 lead bytes of U+3000 to U+DFFF and U+F000 to U+FFFF, each made the lead byte of U+E000 to
U+EFFF: a three-byte character becomes a private-use one, neither a word character nor whitespace."""
_IDEOGRAPHIC_SPACE, _EM_SPACE = "\u3000".encode(), "\u2003".encode()


def has_cjk(text: str) -> bool:
    """Whether `text` holds a character from `CJK_FIRST` to `CJK_LAST` (for a term, not per issue)."""
    return any(CJK_FIRST <= char <= CJK_LAST for char in text)


def cjk_apart(text: str) -> str:
    """`text` with each character from `CJK_FIRST` to `CJK_LAST` replaced by a private-use one, one for
    one, so offsets carry over: a term written without them then ends where CJK text begins, as at
    a space. The ideographic space becomes another space, so that it still separates a phrase's words."""
    if text.isascii():
        return text
    data = text.encode("utf-8", "surrogatepass").replace(_IDEOGRAPHIC_SPACE, _EM_SPACE)
    if _LIGATURE_LEAD in data:
        for ligature in _LIGATURES:
            data = data.replace(ligature, _A_LETTER)
    return data.translate(_CJK_LEADS).decode("utf-8", "surrogatepass")


_LIGATURE_LEAD = "\ufb00".encode()[:2]
_LIGATURES = tuple(chr(point).encode() for point in range(0xFB00, 0xFB07))
"""The Latin ligatures (`ﬁ`, `ﬂ`: text pasted from a PDF) in those blocks: letters of the word they
are in (`Helmﬁle`), so each becomes `_A_LETTER` rather than set apart; a few `bytes.replace`, only
when the text holds one."""
_A_LETTER = "\u0800".encode()
"""A letter outside those blocks, three bytes long in UTF-8 as a ligature is, so offsets carry over."""


# The only character whose `str.lower()` is longer than itself (U+0130, dotted capital I; a test
# checks that over all of Unicode). Mapping it first keeps lowered text aligned with the original.
LONGER_WHEN_LOWERED = {0x130: "i"}


def lower_aligned(text: str) -> str:
    """`text.lower()` with the same length as `text`, so offsets carry over."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    for char, lowered_alike in LONGER_WHEN_LOWERED.items():  # `str.replace`: `translate` with a dict
        text = text.replace(chr(char), lowered_alike)  # is a Python lookup per character (4.5 ms/64 KiB)
    return text.lower()


def lf_line_ends(text: str) -> str:
    """`text` with its line-ending carriage returns (old Mac text) made line feeds, one for one, so
    offsets carry over. GitHub reads an issue as CommonMark, which ends a line at LF, CR or CRLF;
    every reader here counts and splits lines at LF alone. A text with a CRLF (what a browser sends
    from a form) is left as it is: each line ends at its LF, its CR reads as whitespace, and a lone
    CR among them (a progress line in a pasted log) stays inside its line. Finding those too would
    cost every such text a search that stops at each CR, 3.6% of a classification's instructions on
    the dev file rewritten with CRLFs; this costs it two substring tests."""
    return text.replace("\r", "\n") if "\r" in text and "\r\n" not in text else text


def strip_comments(text: str) -> str:
    """Blank HTML comments, keeping their newlines. An unterminated one runs to the end where it
    opens a line (an HTML block, which GitHub hides to the end of the issue); one inside a line of
    text is no comment (CommonMark shows an inline `<!--` that never closes as typed).

    `str.find` rather than a lazy regex: a body of unclosed `<!--` would have the regex try a
    match at every character."""
    return _blank_spans(text, _comment_spans(text))


MAX_COMMENTS = 1000
"""HTML comments blanked one by one; from the next one on, the rest of the text is blanked with it.
An issue template leaves a few dozen at most; a hostile body of 65,536 characters can hold 14,000,
each a turn of the loop (7 ms)."""


def _comment_spans(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for _ in range(MAX_COMMENTS):
        start = text.find("<!--", position)
        if start < 0:
            return
        end = text.find("-->", start + 2)  # `<!-->` and `<!--->` are whole (empty) comments, as in HTML
        if end < 0:  # nor does any `<!--` after it close: the first that opens a line hides the rest
            opener = start if _opens_a_line(text, start) else _first_line_opener(text, start)
            if opener >= 0:
                yield opener, len(text)
            return
        position = end + 3
        yield start, position
    start = text.find("<!--", position)
    if start >= 0:
        yield start, len(text)


_LINE_OPENER = re.compile(r"\n[ \t>]*+(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]++)?+<!--")
"""A `<!--` with only indentation, quote markers and a list item's marker before it on its line."""


def _opens_a_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return _LINE_OPENER.fullmatch("\n" + text[line_start : start + 4]) is not None


def _first_line_opener(text: str, start: int) -> int:
    found = _LINE_OPENER.search(text, start)
    return -1 if found is None else found.end() - 4


TICKED_OPTION = "- [X] "
"""How an issue form writes an option ticked in its checkboxes field (`[x]` is how GitHub writes a
task-list box someone ticked on the page, and how people type one)."""
_FORM_CHECKBOXES = re.compile(
    r"\n {0,3}###[ \t][^\n]*+"  # a `### Field` heading line
    r"((?:[\n \t\r]*+(?<=\n)- \[[ xX]\] [^\n]*+)++)"  # then only blank lines and checkboxes
    r"(?=[\n \t\r]*(?<=\n) {0,3}#{1,6}(?:[ \t\r\n]|\Z)|[\n \t\r]*+\Z)"  # up to the next heading or the end
)
"""Searched in "\n" + text. It starts with a literal line break, which `re` skips ahead to (a run of
`#` is not tried at each of its characters), and blank lines are runs of whitespace, one C loop each
rather than a turn of the group per line."""
_UNTICKED_OPTION = re.compile(r"(?<=\n)- \[ \] [^\n]*")
MAX_CHECKBOX_FIELDS = 64
"""Sections read for unticked options (a form has a few checkboxes fields; a hostile body can hold
thousands of such sections, each a turn of a loop)."""


def strip_unticked_options(text: str) -> str:
    """Blank the options left unticked in an issue form's checkboxes fields, keeping their newlines.

    An issue form writes every option of such a field into the body, `- [X]` before the chosen ones
    and `- [ ]` before the others, so the options not chosen would read as what the issue is about
    (a Docker Compose user's issue naming Kubernetes and the single container). A to-do list's
    unticked items are its work, and stay: only a section a form could have written loses them,
    a `### ` heading with nothing under it but blank lines and checkboxes, one of them ticked as
    forms write it (`TICKED_OPTION`), or none ticked at all in a body where another such section
    has one so ticked (a form's field the reporter left blank); outside fenced code; among the first
    `MAX_CHECKBOX_FIELDS` sections of checkboxes."""
    lined = "\n" + text  # offsets in it are one past those in `text`
    sections = list(islice(_FORM_CHECKBOXES.finditer(lined), MAX_CHECKBOX_FIELDS))
    form = any("\n" + TICKED_OPTION in section.group(1) for section in sections)
    if not form:
        return text
    blocks: list[tuple[int, int]] | None = None
    pieces: list[str] = []
    position = 0
    for section in sections:
        options = section.group(1)
        ticked_as_a_form = "\n" + TICKED_OPTION in options or "\n- [x] " not in options
        if not ticked_as_a_form or "\n- [ ] " not in options:
            continue
        if blocks is None:  # only the text up to the last heading: whether a line is code depends on
            # the lines before it alone (a block still open there runs to that text's end)
            blocks = fenced_blocks(text[: sections[-1].start() + 1])
        if blocks and any(low <= section.start() < high for low, high in blocks):
            continue  # a heading in fenced code is no heading
        start, end = section.span(1)
        pieces.append(lined[position + 1 : start])
        pieces.append(_UNTICKED_OPTION.sub("", options))  # in C: the section may hold thousands
        position = end - 1
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _may_fence(text: str) -> bool:
    """Whether `text` holds a fence marker. The one-character tests run at `memchr` speed and
    most texts have no backtick or tilde at all; a three-character search is several times slower."""
    return ("`" in text and "```" in text) or ("~" in text and "~~~" in text)


MAX_FENCE_LINES = 200
"""Fence lines read one by one in a text; from the next one on, the rest of it is code. No issue
has that many (8 at most in the dev file and the samples), but a hostile body of 65,536 characters
can hold 16,000, each a turn of the loop (1,000 made a form with quoted fence lines take 7 ms, 400
about 4 ms at a busy moment)."""


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the contents of fenced code blocks; an unclosed fence runs to the end
    (or to the end of the quote it opened in), and so does the fence line past `MAX_FENCE_LINES`.

    Offsets found in "\n" + text are one past those in `text`.
    """
    if not _may_fence(text):
        return []
    blocks: list[tuple[int, int]] = []
    opening: re.Match[str] | None = None
    depth = 0
    checked = 0  # the open quoted block's lines before this were searched for its quote's end
    for count, fence in enumerate(_fence_lines("\n" + text)):
        if opening is not None and depth:
            line = fence.start() - 1  # the line break before this fence line
            # Only the lines since the last fence, this one's own prefix included: each line once.
            ended = _shallower_line(depth).search(text, checked, fence.end() - 1) if line >= checked else None
            checked = max(checked, line + 1)
            if ended is not None:  # the quote holding the block ended at or before this fence line
                blocks.append((opening.end() - 1, ended.start()))
                opening = None
        if count == MAX_FENCE_LINES:
            blocks.append(((opening or fence).end() - 1, len(text)))
            return blocks
        if opening is None:
            if fence.group(2)[0] == "`" and "`" in fence.group(3):
                continue  # "```code``` more": a code span, as CommonMark reads it, not a fence
            opening, depth, checked = fence, _quote_depth(fence), fence.end() - 1
        elif _quote_depth(fence) == depth and _closes(opening, fence):
            blocks.append((opening.end() - 1, fence.start() - 1))
            opening = None
    if opening is not None:
        ended = _shallower_line(depth).search(text, checked) if depth else None
        blocks.append((opening.end() - 1, len(text) if ended is None else ended.start()))
    return blocks


def _fence_lines(lined: str) -> list[re.Match[str]]:
    """What `_FENCE_LINE.finditer(lined)` gives, up to one past `MAX_FENCE_LINES`, trying the pattern
    only on the lines that hold a fence's characters: a match never runs past its own line, so each
    line either is a fence line or is not. `finditer` tries it at every line break, a few hundred
    instructions each; `str.find` passes over lines without a backtick or tilde at `memchr` speed.
    Past `FENCE_LINES_TRIED` such lines, `finditer` reads the rest: each line tried here is a turn
    of a Python loop, which a hostile body of thousands of `` a``` `` lines would make slower than it."""
    found: list[re.Match[str]] = []
    end = len(lined)
    position = 0
    # Where the next of each stands, at or past `position` (`end` for none: `find`'s -1 modulo
    # `end + 1`); searched for again only once passed, as a text without tildes would otherwise be
    # read to its end for them at each line.
    backticks = tildes = -1
    for _ in range(FENCE_LINES_TRIED):
        if backticks < position:
            backticks = lined.find("```", position) % (end + 1)
        if tildes < position:
            tildes = lined.find("~~~", position) % (end + 1)
        at = min(backticks, tildes)
        if at == end:
            return found
        fence = _FENCE_LINE.match(lined, lined.rfind("\n", 0, at))
        if fence is not None:
            found.append(fence)
            if len(found) > MAX_FENCE_LINES:
                return found
        position = lined.find("\n", at) % (end + 1)
    found.extend(islice(_FENCE_LINE.finditer(lined, position), MAX_FENCE_LINES + 1 - len(found)))
    return found


FENCE_LINES_TRIED = 100
"""Lines holding three backticks or tildes tried one by one (a few issues have a dozen)."""


MAX_QUOTE_DEPTH = 8
"""Quotes nested deeper count as this deep: each depth met compiles a pattern, and a hostile body
can nest hundreds (no issue nests more than a few)."""


def _quote_depth(fence: re.Match[str]) -> int:
    return min(fence.group(1).count(">"), MAX_QUOTE_DEPTH)


_SHALLOWER: dict[int, re.Pattern[str]] = {}


def _shallower_line(depth: int) -> re.Pattern[str]:
    """A line start with fewer than `depth` quote markers (after indentation and a list marker): a
    fenced block inside a quote ends with its quote, as CommonMark reads it. Possessive, so that giving
    back a space cannot make a marker look absent. (A list marker before the `>`s is skipped, where
    CommonMark would end the quote at a new list item: an approximation that keeps such a line code.)"""
    pattern = _SHALLOWER.get(depth)
    if pattern is None:
        pattern = _SHALLOWER[depth] = re.compile(rf"\n[ \t]*+{_ITEM}(?!(?:>[ \t]*+){{{depth}}})")
    return pattern


def _closes(opening: re.Match[str], fence: re.Match[str]) -> bool:
    """A closing fence uses the opening's character, at least as many times, and nothing after it."""
    marker = opening.group(2)
    candidate = fence.group(2)
    return candidate[0] == marker[0] and len(candidate) >= len(marker) and not fence.group(3).strip()


def _blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append("\n" * text.count("\n", start, end))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


Value = TypeVar("Value")


class computed_once(Generic[Value]):  # noqa: N801 - a decorator, named like `functools.cached_property`
    """`functools.cached_property` without its per-access lock (Python 3.11), which costs more
    than the work it guards when an issue is classified in microseconds. The value is stored with
    `setattr`: writing to `instance.__dict__` makes Python build a dict for an instance whose
    attributes it otherwise keeps inline (950 instructions an issue on the dev file)."""

    def __init__(self, compute: Callable[[Any], Value]) -> None:
        self._compute = compute
        self._name = compute.__name__

    @overload
    def __get__(self, instance: None, owner: type) -> computed_once[Value]: ...

    @overload
    def __get__(self, instance: object, owner: type) -> Value: ...

    def __get__(self, instance: object, owner: type) -> Value | computed_once[Value]:
        if instance is None:
            return self
        value = self._compute(instance)
        setattr(instance, self._name, value)
        return value


def line_at(text: str, offset: int) -> int:
    """1-based line of `offset` in `text`, which is the same line in the original."""
    return text.count("\n", 0, offset) + 1


def window_around(text: str, offset: int, width: int) -> str:
    """The line of `text` holding `offset`, stripped; one longer than `width` characters is cut to
    `width` around `offset`, with `…` where it was cut, so that what stands there stays in view
    (the answer a form field matched, late in a long line)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    whole = text[start : end if end >= 0 else len(text)]
    line = whole.strip()
    if len(line) <= width:
        return line
    within = offset - start - (len(whole) - len(whole.lstrip()))  # from where the stripped line begins
    left = max(0, min(within - width // 3, len(line) - (width - 2)))
    right = min(len(line), left + width - 2)
    if not line.isascii():  # never through an emoji or a letter and its accents
        left, right = between_clusters(line, left, 1), between_clusters(line, right, -1)
    return ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")


def _continues_token(char: str) -> bool:
    return char.isalnum() or char in "/._-@"


class PreparedText:
    """The title or the body, in the shapes the matchers read, each computed on first use.

    - `cleaned`: comments and a form's unticked options blanked; where paths and repositories are looked for.
    - `searchable`: `cleaned` with each URL replaced by `URL_MARK`; what `patterns` read.
    - `urls`: the URLs `searchable` lost.
    - `prose`: `searchable` with fenced blocks blanked too; what keywords read (inline code stays).
    - `prose_apart`: `prose` with CJK text set apart, what a term without CJK reads in an issue with CJK.
    - `code`: the contents of the fenced blocks, joined by newlines.
    """

    claimed_words: Mapping[str, frozenset[int]] = MappingProxyType({})
    """The words of `prose` that name a path a glob claims, each with the targets whose globs claim
    it: noted by the path finder, for the keywords (`claims.py`)."""

    def __init__(self, where: Where, text: str) -> None:
        self.where: Where = where
        if "\r" in text:  # tested here as well: most texts hold no CR, and a call costs more than the test
            text = lf_line_ends(text)
        cleaned = strip_comments(text) if "<" in text and "<!--" in text else text
        if "X" in cleaned and TICKED_OPTION in cleaned:  # a one-character test first, as in `_may_fence`
            cleaned = strip_unticked_options(cleaned)
        self.cleaned = cleaned
        if "://" in cleaned:
            pieces = _URL.split(cleaned)  # one pass: text, URL, text, URL, ..., text
            self.urls: list[str] = pieces[1::2]
            self.searchable = URL_MARK.join(pieces[0::2])
        else:
            self.urls = []
            self.searchable = cleaned

    @computed_once
    def searchable_bytes(self) -> bytes:
        """`searchable` for RE2; `surrogatepass`, as JSON allows lone surrogates."""
        return self.searchable.encode("utf-8", "surrogatepass")

    @computed_once
    def blocks(self) -> list[tuple[int, int]]:
        return fenced_blocks(self.cleaned)

    @computed_once
    def prose(self) -> str:
        """Fenced blocks are found in `searchable` itself: a URL never spans a line, so marking
        URLs moves no fence, and blanking the blocks there spares a second pass over the URLs."""
        searchable = self.searchable
        if not _may_fence(searchable):
            return searchable
        # Without URLs `searchable` is `cleaned`, whose blocks the code finders may have read already.
        blocks = self.blocks if searchable is self.cleaned else fenced_blocks(searchable)
        return _blank_spans(searchable, blocks)

    @computed_once
    def lowered_prose(self) -> str:
        return lower_aligned(self.prose)

    @computed_once
    def prose_apart(self) -> str:
        """`prose` with its CJK characters set apart (`cjk_apart`): what a term without CJK reads
        when the issue has any."""
        return cjk_apart(self.prose)

    @computed_once
    def lowered_prose_apart(self) -> str:
        return cjk_apart(self.lowered_prose)

    @computed_once
    def prose_with_urls(self) -> str:
        """`cleaned` without the fenced blocks: prose tokens, URLs included."""
        return _blank_spans(self.cleaned, self.blocks) if self.blocks else self.cleaned

    @computed_once
    def code(self) -> str:
        return "\n".join(self.cleaned[start:end] for start, end in self.blocks)

    @computed_once
    def tokens(self) -> Tokens:
        return candidate_tokens(self.prose_with_urls, self.code)

    def mentions(self, needles: Needles | None = None, hosts: tuple[str, ...] = ()) -> tuple[Mention, ...]:
        """Paths and repositories named here; with `needles`, only those whose tokens hold one;
        `hosts`: the rules' `github_hosts`, whose links are read as github.com's."""
        return find_mentions(self.tokens, needles, hosts)

    def line_of(self, mention: Mention) -> int:
        """The line of the first place `mention` stands as a token of its own, not inside a longer
        one (`server/x.go` in `cmd/server/x.go`, a repository in a URL)."""
        text, raw = self.cleaned, mention.raw
        at = text.find(raw)
        while at > 0 and _continues_token(text[at - 1]):
            later = text.find(raw, at + 1)
            if later < 0:
                break
            at = later
        return line_at(text, max(at, 0))


class PreparedIssue:
    """Title and body, prepared.

    `probe_bytes` is what the one multi-pattern pass reads: the title's and the body's
    `searchable` text, then their URLs, one a line (all of it twice when it holds an İ, the second
    time with `i` for it): whatever any finder can find in any of the prepared texts is in there.
    """

    has_cjk = False
    """Set by the one pass (`cjk.py`) when title or body holds a CJK character."""

    def __init__(self, title: str, body: str) -> None:
        self.title = PreparedText("title", title)
        self.body = PreparedText("body", body)
        self.texts = (self.title, self.body)
        joined = "\n".join([self.title.searchable, self.body.searchable, *self.title.urls, *self.body.urls])
        if not joined.isascii() and "\u0130" in joined:
            # RE2's case folding has no İ -> i, which the matchers' lowering makes; the text as
            # written stays too, for the terms that name İ itself (a case-sensitive one, a pattern)
            joined += "\n" + joined.replace("\u0130", "i")
        self.probe_bytes = joined.encode("utf-8", "surrogatepass")
