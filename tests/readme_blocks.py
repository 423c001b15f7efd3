"""The README read as sections, fenced blocks, inline code and command lines, for the specifications
that keep its examples true.

An example is found by the heading it sits under and its fence's info string (`sh`, `yaml`, ...),
never by its place in the file, so editing unrelated text moves nothing; and each one names itself
(`README.md:LINE, the yaml block under "The rules file"`) for the failure that says it drifted.
"""

from __future__ import annotations

import re
import shlex
from functools import cache
from pathlib import Path
from typing import NamedTuple

README = Path(__file__).resolve().parent.parent / "README.md"

_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)")
_HEADING = re.compile(r"(?P<marks>#{1,6}) +(?P<title>.*?)(?: +#+)? *")
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)


class Block(NamedTuple):
    """A fenced block: what lies between its fences, each line ending in a line break."""

    heading: str
    info: str
    text: str
    line: int
    """The README line of its first line (the one after the opening fence)."""

    def __str__(self) -> str:
        return f'README.md:{self.line}, the {self.info or "plain"} block under "{self.heading}"'


class Section(NamedTuple):
    """A heading and what follows it up to the next heading of any level."""

    heading: str
    line: int
    prose: str
    """Its text outside fenced blocks."""
    blocks: tuple[Block, ...]


def parse(text: str) -> list[Section]:
    """The sections of a Markdown text; a `#` line inside a fenced block is no heading."""
    found: list[Section] = []
    heading, heading_line = "", 0
    prose: list[str] = []
    blocks: list[Block] = []
    fence: str | None = None
    info, body_line = "", 0
    body: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        bare = line.rstrip("\n")
        if fence is not None:
            if _closes(bare, fence):
                blocks.append(Block(heading, info, "".join(body), body_line))
                fence = None
            else:
                body.append(line)
            continue
        opening = _FENCE.fullmatch(bare)
        if opening:
            fence, info, body, body_line = opening["fence"], opening["info"].strip(), [], number + 1
            continue
        title = _HEADING.fullmatch(bare)
        if title:
            found.append(Section(heading, heading_line, "".join(prose), tuple(blocks)))
            heading, heading_line, prose, blocks = title["title"], number, [], []
            continue
        prose.append(line)
    found.append(Section(heading, heading_line, "".join(prose), tuple(blocks)))
    return found


def _closes(line: str, fence: str) -> bool:
    """Whether `line` closes a block opened by `fence`: the same character, at least as many, no info."""
    closing = _FENCE.fullmatch(line)
    return bool(
        closing
        and closing["fence"][0] == fence[0]
        and len(closing["fence"]) >= len(fence)
        and not closing["info"].strip()
    )


@cache
def sections() -> tuple[Section, ...]:
    return tuple(parse(README.read_text(encoding="utf-8")))


def section(heading_start: str) -> Section:
    """The one section whose heading starts with `heading_start` (Markdown as written, no `#`)."""
    matching = [s for s in sections() if s.heading.startswith(heading_start)]
    assert len(matching) == 1, f"README.md: {len(matching)} headings start with {heading_start!r}, not 1"
    return matching[0]


def block(heading_start: str, info: str) -> Block:
    """The one `info` block directly under the heading that starts with `heading_start`."""
    under = section(heading_start)
    matching = [b for b in under.blocks if b.info == info]
    assert len(matching) == 1, f'README.md:{under.line}: {len(matching)} {info} blocks in "{under.heading}"'
    return matching[0]


def code_spans(markdown: str) -> list[str]:
    """The inline code spans of some Markdown prose, as rendered: a line break inside one is a space,
    and one space is stripped from each end when both ends have one (``` `` `x` `` ``` is `` `x` ``)."""
    spans = []
    for match in _CODE_SPAN.finditer(markdown):
        code = match["code"].replace("\n", " ")
        if len(code) > 2 and code.startswith(" ") and code.endswith(" "):
            code = code[1:-1]
        spans.append(code)
    return spans


class Command(NamedTuple):
    """One command of an `sh` or `console` block: its words as the shell splits them."""

    block: Block
    words: tuple[str, ...]

    def __str__(self) -> str:
        return shlex.join(self.words)


def commands(example: Block) -> list[Command]:
    """The commands of a block: backslash-continued lines joined, `# comments` dropped; in a
    `console` block only the lines after a `$ ` prompt (the others are output)."""
    logical: list[str] = []
    pending = ""
    console = example.info == "console"
    for written in example.text.splitlines():
        if console and not written.startswith("$ "):
            continue
        line = written.removeprefix("$ ") if console else written
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        logical.append(pending + line)
        pending = ""
    found = [Command(example, tuple(shlex.split(line, comments=True))) for line in logical]
    return [command for command in found if command.words]


def console_output(example: Block) -> str:
    """What a `console` block shows the commands printing: its lines without a `$ ` prompt."""
    return "".join(line for line in example.text.splitlines(keepends=True) if not line.startswith("$ "))
