"""Read an ownership page's outline: its title, sections, their bullets and their Related links.

Pure: Markdown text in, an `Outline` out. The reader knows the shape of a handbook ownership page
(H1 title, H2 and H3 sections, bullet points, a `**Related**` line followed by a list of links),
not Markdown at large; whatever it skips is listed in `Outline.skipped` so the author can see it.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from triage.safe_text import first_hidden, without_hidden

_HEADING = re.compile(r"^(#{1,6})(?=\s|$)(.*)$")
"""An ATX heading: one to six `#`, then whitespace or nothing; `_atx_text` finds its text."""
_BULLET = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
"""A list item, bulleted (`-`, `*`, `+`) or numbered (`1.`, `1)`), as CommonMark reads both."""
_LIST_OF_LINKS = r"related(?: links| docs| pages)?|see also|useful links|further reading"
_RELATED = re.compile(
    rf"^(?:\*\*|__)?(?:{_LIST_OF_LINKS}|links|docs|documentation|resources|references):?(?:\*\*|__)?:?$",
    re.IGNORECASE,
)
"""What starts a Related list: a line of its own (`**Related**`, `See also:`, `Docs:`) or a heading
below H3 (`#### Useful links`); an H2 or H3 only by `_RELATED_SECTION`."""
_RELATED_SECTION = re.compile(rf"^(?:{_LIST_OF_LINKS}):?$", re.IGNORECASE)
"""An H2 or H3 that starts a Related list: only names no area goes by (a team may own its `Docs`)."""
_IMAGE = r"!\[[^\[\]]*\]\([^()\s]*\)"
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|" + _IMAGE + r")*)\]\(\s*+(?:<([^<>\n]*)>|<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?)"
    r"(?:(?:\s++|(?<=\s))(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*+\)"
)
"""`[text](url "title")` (the title in single quotes or parentheses too); the url may hold balanced
parentheses, as in CommonMark (`Foo_(bar)`), or, written in `<>`, any character but a line break
and `<>` (a space too: the link is read, then left out for it), and the text an image (a badge: `[Ledger
![status](badge.svg)](url)`), which its plain text leaves out. Runs of whitespace are possessive, so
that a long run after `](` is read once; a title right after the spaces that opened the parenthesis
(`[a]( 'title')`, no URL) still reads as a title."""
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>", re.IGNORECASE)
"""`<https://example.com/page>`: a link whose text is its URL."""
_IMAGES = re.compile(_IMAGE)
_LINE_END = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PRE = re.compile(r"^ {0,3}<(?:pre|script|style|textarea)(?=[\s>]|$)", re.IGNORECASE)
_PRE_END = re.compile(r"</(?:pre|script|style|textarea)>", re.IGNORECASE)
"""CommonMark's first kind of HTML block: from a line starting `<pre`, `<script`, `<style` or
`<textarea` to the line holding any of their closing tags, passed through as it is."""
_BACKTICKS = re.compile(r"`+")
_HTML_TAG = re.compile(
    r"</[A-Za-z][A-Za-z0-9-]*+\s*+>|<[A-Za-z][A-Za-z0-9-]*+"
    r"(?:\s++[A-Za-z_:][\w.:-]*+(?:\s*+=\s*+(?:[^\s\"'=<>`]++|'[^'\n]*+'|\"[^\"\n]*+\"))?+)*+\s*+/?>"
)
"""An inline HTML tag, opening or closing, as CommonMark reads raw HTML (a tag name, then attributes;
`<https://...>` is an autolink, not a tag). Possessive throughout, so a run of spaces is read once."""
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
"""An entity or numeric character reference, as CommonMark reads them: with their `;`."""


class _Ranges:
    """Sorted, disjoint `[start, end)` ranges of a line (its code spans, or its links), looked up
    by bisection: testing each link against every code span of its line took a line of 10,000
    links 12 s."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in ranges]
        self.ends = [end for _, end in ranges]

    def holds(self, at: int) -> bool:
        """Whether a range holds position `at`: only the last one starting at or before it can."""
        index = bisect_right(self.starts, at) - 1
        return index >= 0 and at < self.ends[index]

    def runs_past(self, start: int, end: int) -> bool:
        """Whether a range starts inside `(start, end)` and ends after `end`: only the last one
        starting before `end` can, as the ones before it end where it starts, or sooner."""
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and start < self.starts[index] and end < self.ends[index]


_NO_RANGES = _Ranges([])


def _code_spans(line: str) -> _Ranges:
    """The code spans of a line, as CommonMark reads them: a run of backticks opens one, and the
    next run of the same length closes it (``` `` ` `` ``` holds a backtick); an unclosed run is text.
    The next run of each length is found in one pass from the end: looking for it after each run
    scanned the rest of the line once for every unclosed one."""
    if "`" not in line:
        return _NO_RANGES
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    return _Ranges(spans)


_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
"""The line under a setext heading: `===` makes the text above an H1, `---` an H2."""
_EMPHASIS = re.compile(r"[`*]|(?<!\w)_|_(?!\w)")
_LATER_H1 = (
    "is no area and does not name the team (only an H1 before the first section does): "
    "the sections after it are read as the team's areas"
)


class _CodeBlocks:
    """Where the code blocks are, line by line: fenced code, and HTML `<pre>` blocks (to `</pre>`, maybe
    on the same line; `<script>`, `<style>` and `<textarea>` alike), which CommonMark passes through as
    they are, not read as Markdown."""

    def __init__(self) -> None:
        self.end: re.Pattern[str] | None = None

    def inside(self, line: str) -> bool:
        """Whether `line` is in an open block (its closing line too)."""
        if self.end is None:
            return False
        if self.end.search(line):
            self.end = None
        return True

    def opens(self, line: str) -> bool:
        """Whether `line` opens a block (a `<pre>` one may close on the same line)."""
        pre = _PRE.match(line)
        if _FENCE.match(line):
            self.end = _FENCE
        elif pre is None:
            return False
        elif not _PRE_END.search(line, pre.end()):
            self.end = _PRE_END
        return True


@dataclass(frozen=True)
class Link:
    """A link as the page wrote it; `title` is plain text, `url` untouched (maybe relative)."""

    title: str
    url: str
    line: int


@dataclass(frozen=True)
class Section:
    """An H2 or H3 section. `text` holds its bullets and sentences, nesting kept as indentation;
    `related` holds each URL once."""

    title: str
    line: int
    text: tuple[str, ...]
    related: tuple[Link, ...]
    children: tuple[Section, ...]


@dataclass(frozen=True)
class Outline:
    """`intro_links` are the links written before the first section, each URL once; `skipped` says,
    by line, what was not read."""

    title: str | None
    intro_links: tuple[Link, ...]
    sections: tuple[Section, ...]
    skipped: tuple[tuple[int, str], ...]


@dataclass
class _Links:
    """Links in page order, and the first link of each URL: looking for a URL among the links before
    it took a list of 50,000 links 40 s."""

    listed: list[Link] = field(default_factory=list)
    first: dict[str, Link] = field(default_factory=dict)

    def add(self, link: Link) -> Link | None:
        """Add `link`, unless a link before it has its URL (an empty URL is no URL): then that link."""
        if link.url in self.first:
            return self.first[link.url]
        self.listed.append(link)
        if link.url:
            self.first[link.url] = link
        return None


@dataclass
class _Draft:
    title: str
    line: int
    text: list[str] = field(default_factory=list)
    related: _Links = field(default_factory=_Links)
    children: list[_Draft] = field(default_factory=list)

    def freeze(self) -> Section:
        children = tuple(child.freeze() for child in self.children)
        return Section(self.title, self.line, tuple(self.text), tuple(self.related.listed), children)


def plain(markdown: str) -> str:
    """Inline Markdown as plain text: links become their text, code and emphasis marks go. A code
    span's text stays as written (`/web/app/**`, `*.css`, `__init__.py`: what the author would copy
    into `paths` or `keywords`), less its backticks."""
    spans = _code_spans(markdown)
    text = _LINK.sub(lambda m: m.group(0) if _is_code(m, spans) else m.group(2), markdown)
    spans = _code_spans(text)
    pieces, position = [], 0
    for start, end in zip(spans.starts, spans.ends, strict=True):
        pieces.append(_prose_text(text[position:start]))
        pieces.append(_code_text(text[start:end]))
        position = end
    pieces.append(_prose_text(text[position:]))
    return " ".join("".join(pieces).split())


def _prose_text(markdown: str) -> str:
    """Text outside code as the published page shows it: inline HTML tags (`<a name="x"></a>`,
    `<span>`) and emphasis marks go, entities (`&amp;`, `&#x2014;`) are the characters they stand for."""
    return _ENTITY.sub(_entity_text, _EMPHASIS.sub("", _HTML_TAG.sub("", markdown)))


def _entity_text(entity: re.Match[str]) -> str:
    """The entity's character; one that names no character (`&bogus;`), or an invisible one a line
    could not hold (`&#8238;`, a bidirectional override; `&#10;`), stays as written."""
    text = html.unescape(entity.group(0))
    if text.isspace():
        return " "
    return text if text and text.isprintable() and first_hidden(text) is None else entity.group(0)


def _code_text(span: str) -> str:
    """A code span's text: between its backtick runs, less one space at each end when both ends have
    one (`` `` `x` `` `` holds a backtick), as CommonMark reads it."""
    fence = len(span) - len(span.lstrip("`"))
    inner = span[fence:-fence]
    if len(inner) > 1 and inner[0] == inner[-1] == " " and inner.strip():
        return inner[1:-1]
    return inner


def _is_code(link: re.Match[str], spans: _Ranges) -> bool:
    """Whether a code span holds the link's start, or starts in the link and runs past its end:
    code spans bind tighter than links (`` `[x](url)` `` and `` [a `b](url)` `` are code)."""
    start, end = link.span()
    return spans.holds(start) or spans.runs_past(start, end)


def _atx_text(heading: re.Match[str]) -> str:
    """An ATX heading's text, less the whitespace around it and its closing sequence, as CommonMark
    reads it: `#`s at the end after a space or a tab (`## Billing ##`), or the whole text (`##` alone,
    `## ##`: an empty heading); `## C#` is "C#". Stripped here rather than by the pattern, whose
    `\\s*(.*?)\\s*#*\\s*$` tried every way of sharing out a run of spaces between its lazy text and
    its `\\s*`s: a heading with 1,500 spaces before its last word took 7.5 s, 2,000 took 18 s."""
    text = heading.group(2).strip()
    kept = text.rstrip("#")
    if not kept or kept[-1] in " \t":
        return kept.rstrip()
    return text


def heading_text(markdown: str) -> str:
    """A heading as plain text; one of markup only (`## *`) keeps its characters, as a name
    must not be empty."""
    return plain(markdown) or markdown


_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*+:?-+:?[ \t]*+(?:\|[ \t]*+:?-+:?[ \t]*+)*+\|?[ \t]*+$")
"""A table's second line, under its header: `| --- | :---: |`."""
_TABLE_WHY = "areas come from H2 and H3 headings, their docs from Related lists (write each row as a heading)"


def _opens_table(lines: list[str], number: int) -> bool:
    """Whether line `number` (1-based) is a table's header: a line holding a `|`, above a delimiter
    row holding one too, as GitHub's Markdown reads a table."""
    below = lines[number] if number < len(lines) else ""
    return "|" in lines[number - 1] and "|" in below and _TABLE_DELIMITER.match(below) is not None


def _table_end(lines: list[str], number: int) -> int:
    """The last line of the table whose header is line `number`: its rows run to a blank line or
    the start of another block (a heading, a list item, a fence)."""
    end = number + 1
    while (
        end < len(lines)
        and lines[end].strip()
        and not any(block.match(lines[end]) for block in (_HEADING, _BULLET, _FENCE, _PRE))
    ):
        end += 1
    return end


class _Reader:
    """One pass over the lines; a small state machine (current section, inside a Related list?).
    `group` is the section an H3 joins; `outside` names the heading that ended the last section
    without starting one (a later H1, an empty heading), whose lines are in no section."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.intro_links = _Links()
        self.top: list[_Draft] = []
        self.current: _Draft | None = None
        self.group: _Draft | None = None
        self.outside: str | None = None
        self.in_related = False
        self.code = _CodeBlocks()
        self.skipped: list[tuple[int, str]] = []

    def read(self, lines: list[str]) -> Outline:
        underlined = False
        table_end = 0
        for number, line in enumerate(lines, start=1):
            if underlined:  # the `===` or `---` of the setext heading just read
                underlined = False
                continue
            if number <= table_end:
                continue
            below = _SETEXT.match(lines[number]) if number < len(lines) else None
            if (
                self.current is None
                and self.outside is None
                and self.code.end is None
                and _opens_table(lines, number)
            ):
                table_end = _table_end(lines, number)
                self.skip(
                    number,
                    f"table (lines {number} to {table_end}) before the first section not read: {_TABLE_WHY}",
                )
            elif below is not None and self.code.end is None and self.is_paragraph(line):
                self.start_section(number, 1 if below.group(1)[0] == "=" else 2, heading_text(line.strip()))
                underlined = True
            else:
                self.read_line(number, line.rstrip())
        sections = tuple(draft.freeze() for draft in self.top)
        return Outline(self.title, tuple(self.intro_links.listed), sections, tuple(self.skipped))

    def read_line(self, number: int, line: str) -> None:
        if self.code.inside(line):
            return
        if self.code.opens(line):
            self.skip(number, "code block not read")
        elif not line.strip():
            return
        elif heading := _HEADING.match(line):
            self.start_section(number, len(heading.group(1)), heading_text(_atx_text(heading)))
        elif _RELATED.match(line.strip()):
            self.in_related = True
        elif bullet := _BULLET.match(line):
            depth = len(bullet.group(1).expandtabs(4)) // 2
            mark = "-" if bullet.group(2) in "-*+" else bullet.group(2)
            self.read_item(number, bullet.group(3), "  " * depth + mark + " ")
        else:
            self.in_related = False
            self.read_item(number, line.strip(), "")

    @staticmethod
    def is_paragraph(line: str) -> bool:
        """Whether a line is plain text, which a `===` or `---` line under it makes a heading (a
        `Related` one starting a Related list, as `## Related` does)."""
        return bool(line.strip()) and not any(r.match(line) for r in (_HEADING, _BULLET, _FENCE, _PRE))

    def start_section(self, number: int, level: int, title: str) -> None:
        starts_list = (_RELATED if level > 3 else _RELATED_SECTION).match(title)
        self.in_related = starts_list is not None and self.current is not None
        if self.in_related:
            return
        if not title and level <= 3:
            heading = f"an empty H{level} heading"
            self.end_sections(number, level, heading, "names no area: it ends the section before it")
        elif level == 1 and self.title is None and not self.top:
            self.title = title
        elif level == 1:
            self.end_sections(number, level, f"H1 '{title}'", _LATER_H1)
        elif level > 3:
            self.skip(number, f"heading level {level} '{title}' not read as a section: only H2 and H3 are")
        else:
            self.current = _Draft(title, number)
            if level == 3 and self.group:
                self.group.children.append(self.current)
            else:
                self.top.append(self.current)
                self.group = self.current if level == 2 else None

    def end_sections(self, number: int, level: int, heading: str, why: str) -> None:
        """End the section before `heading` (and the group, unless it is an H3): lines up to the
        next section are in none."""
        self.skip(number, f"{heading} {why}")
        self.current = None
        self.group = self.group if level == 3 else None
        self.outside = heading

    def read_item(self, number: int, markdown: str, marker: str) -> None:
        """A bullet (`marker` is its indentation and dash) or a sentence (`marker` is empty)."""
        if self.current is None and self.outside is not None:
            self.skip(number, f"'{plain(markdown)}' not read: it is under {self.outside}, in no section")
        elif self.current is None:
            self.take_links(number, markdown, into=self.intro_links)
        elif self.in_related:
            if not self.take_links(number, markdown, into=self.current.related, titled_by_lead=True):
                self.skip(number, f"Related item without a link not mapped: '{plain(markdown)}'")
        else:
            if text := plain(markdown):  # a line of HTML tags alone (`<details>`) shows no text
                self.current.text.append(marker + text)
            self.take_links(number, markdown, into=None)

    def take_links(
        self, number: int, markdown: str, *, into: _Links | None, titled_by_lead: bool = False
    ) -> bool:
        """Add the line's links to `into` (None: report them as unmapped); anchors, and URLs
        `into` holds already, are reported instead. Whether the line had any link."""
        found = links_in(number, markdown, titled_by_lead=titled_by_lead)
        for link in found:
            if link.url.startswith("#"):
                self.skip(number, f"anchor link '{link.url}' not mapped")
            elif into is None:
                self.skip(number, f"link '{link.url}' outside a Related list not mapped to docs")
            elif (first := into.add(link)) is not None:
                self.skip(number, f"link '{link.url}' left out: listed already at line {first.line}")
        return bool(found)

    def skip(self, number: int, message: str) -> None:
        self.skipped.append((number, message))


def links_in(number: int, markdown: str, *, titled_by_lead: bool = False) -> list[Link]:
    """The links of one line (images left out).

    With `titled_by_lead`, text before the first link prefixes each title, so the Related item
    "How to [find x](...), [add x](...)" gives "How to find x" and "How to add x".
    """
    spans = _code_spans(markdown)
    inline = [m for m in _LINK.finditer(markdown) if not _is_code(m, spans)]
    linked = _Ranges([m.span() for m in inline])
    found = [
        (m.start(), plain(_IMAGES.sub("", m.group(2))), m.group(3) if m.group(3) is not None else m.group(4))
        for m in inline
        if not m.group(1)
    ]
    found += [
        (auto.start(), auto.group(1), auto.group(1))
        for auto in _AUTOLINK.finditer(markdown)
        if not linked.holds(auto.start())  # `[x](<https://...>)`
        and not spans.holds(auto.start())
    ]
    if not found:
        return []
    found.sort()
    prefix = plain(markdown[: found[0][0]]).rstrip(":- ") if titled_by_lead else ""
    links = []
    for _, text, url in found:
        title = text or url
        links.append(Link(f"{prefix} {title}" if prefix else title, url, number))
    return links


def read_outline(markdown: str) -> Outline:
    """The page's outline. Lines end at CR or LF only (`str.splitlines` would also break at
    characters such as U+2028 inside a heading). Control characters and bidirectional overrides
    are left out, each line's with a note: the rules' loader refuses them."""
    reader = _Reader()
    lines = _LINE_END.split(markdown)
    for number, line in enumerate(lines, start=1):
        hidden = first_hidden(line)
        if hidden is not None:
            lines[number - 1] = without_hidden(line)
            reader.skip(
                number,
                f"invisible character U+{ord(hidden):04X} left out (a control character, a bidirectional "
                "override or a zero-width character, which no reviewer of the draft could see)",
            )
    _blank_front_matter(lines, reader.skipped)
    _blank_html_comments(lines, reader.skipped)
    _inline_reference_links(lines)
    return reader.read(lines)


_DEFINITION = re.compile(
    r"^ {0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*+(?:<([^<>\n]*)>|(\S++))"
    r"(?:[ \t]++(?:\"[^\"]*+\"|'[^']*+'|\([^()]*+\)))?[ \t]*+$"
)
"""A link reference definition: `[label]: url`, maybe with a title (`"Title"`, `'Title'`, `(Title)`)."""
_FULL_REFERENCE = re.compile(r"(!?)\[((?:[^\[\]]|" + _IMAGE + r")*)\]\[([^\[\]]*)\]")
"""`[text][label]`, or `[text][]` (the text is the label); the text may hold an image (a badge)."""
_SHORTCUT_REFERENCE = re.compile(r"(?<![\]\\])(!?)\[([^\[\]]+)\](?![\[(:])")
"""`[label]` alone, a link when the page defines the label."""


def _inline_reference_links(lines: list[str]) -> None:
    """Write each reference link (`[text][label]`, `[text][]`, `[label]`) whose label the page defines
    as the inline link it stands for, and blank the definitions, which the published page does not
    show; outside code. The first definition of a label counts, labels compared as CommonMark does
    (case and runs of whitespace aside). Line numbers stay as they were."""
    definitions: dict[str, str] = {}
    code = _CodeBlocks()
    for index, line in enumerate(lines):
        if code.inside(line) or code.opens(line):
            continue
        if (definition := _DEFINITION.match(line)) is not None:
            url = definition.group(2) if definition.group(2) is not None else definition.group(3)
            if "<" not in url and ">" not in url:
                definitions.setdefault(_label_key(definition.group(1)), url)
            lines[index] = ""
    if not definitions:
        return
    code = _CodeBlocks()
    for index, line in enumerate(lines):
        if not (code.inside(line) or code.opens(line)) and "[" in line:
            full = _inlined(line, _FULL_REFERENCE, definitions)
            lines[index] = _inlined(full, _SHORTCUT_REFERENCE, definitions)


def _inlined(line: str, reference: re.Pattern[str], definitions: dict[str, str]) -> str:
    spans = _code_spans(line)

    def inline(link: re.Match[str]) -> str:
        label = link.group(3) if reference is _FULL_REFERENCE and link.group(3) else link.group(2)
        url = definitions.get(_label_key(label))
        if url is None or spans.holds(link.start()):
            return link.group(0)
        return f"{link.group(1)}[{link.group(2)}](<{url}>)"

    return reference.sub(inline, line)


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def _blank_front_matter(lines: list[str], skipped: list[tuple[int, str]]) -> None:
    """A page's front matter (YAML from a `---` first line to the next `---` or `...`; TOML
    between `+++` lines) is the site's metadata, not its outline: read, its closing `---` would
    make its last line an H2."""
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return
    closing = ("---", "...") if fence == "---" else ("+++",)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closing), None)
    if end is None:
        return
    lines[: end + 1] = [""] * (end + 1)
    skipped.append((1, f"front matter (lines 1 to {end + 1}) not read"))


def _blank_html_comments(lines: list[str], skipped: list[tuple[int, str]]) -> None:
    """Blank what HTML comments hide from the page as published (a commented-out section, an
    editor's note), outside code fences; a comment never closed runs to the page's end, as in
    CommonMark. Line numbers stay as they were."""
    code = _CodeBlocks()
    opened: int | None = None
    for index, line in enumerate(lines):
        if opened is None and (code.inside(line) or code.opens(line)):
            continue
        kept, position = [], 0
        spans: _Ranges | None = None  # once a line: found again for each comment, 2,000 on a line took 10 s
        while position <= len(line):
            if opened is None:
                start = line.find("<!--", position)
                if spans is None:
                    spans = _code_spans(line)
                while start >= 0 and spans.holds(start):  # code: literal
                    start = line.find("<!--", start + 1)
                if start < 0:
                    kept.append(line[position:])
                    break
                kept.append(line[position:start])
                opened, position = index, start + len("<!")  # `<!-->` and `<!--->` are closed comments
            else:
                end = line.find("-->", position)
                if end < 0:
                    break
                position = end + len("-->")
                _note_comment(opened, index, skipped)
                opened = None
        lines[index] = "".join(kept)
    if opened is not None:
        _note_comment(opened, len(lines) - 1, skipped, closed=False)


def _note_comment(first: int, last: int, skipped: list[tuple[int, str]], *, closed: bool = True) -> None:
    where = f"line {first + 1}" if first == last else f"lines {first + 1} to {last + 1}"
    tail = "" if closed else ", never closed: the rest of the page is hidden"
    skipped.append((first + 1, f"HTML comment ({where}) not read{tail}"))
