"""Issues for `triage dry-run`: from flags, a Markdown file, an event payload, or a JSONL stream.

A JSONL batch is read one line at a time and never held whole, so a run over any number of issues
needs the same memory as a run over one.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from triage.bounded_read import MiB, place_of_byte, read_bounded, read_stream_bounded
from triage.errors import InputError
from triage.json_fields import (
    FieldProblem,
    JsonLimitError,
    decode,
    json_type,
    label_names,
    optional_issue_number,
    optional_str,
    refuse_constant,
    required_str,
)
from triage.model import MAX_ISSUE_NUMBER, Issue, new_record
from triage.near_names import missing_file_hint
from triage.safe_text import well_formed

STDIN = "-"
MAX_FILE_BYTES = 64 * MiB
"""An issue file or event payload (GitHub caps webhook payloads at 25 MB); JSONL batches stream."""
MAX_LINE_BYTES = MAX_FILE_BYTES
"""A JSONL line: an issue's body is at most 65,536 characters on GitHub, a few hundred KiB as JSON."""
_HEADING = re.compile(r"^#{1,6}\s+")
_LINE_END = re.compile(r"\r\n?|\n")
"""What ends a line in Markdown (CommonMark): LF, CR or CRLF."""


def read_issue_file(path: str) -> Issue:
    """A Markdown file (`-`: stdin): its first line is the title (a leading `# ` dropped), the rest
    the body; the first line ends at an LF, a CR or a CRLF."""
    text = read_input_text(path).removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{input_name(path)}: empty: the first line must be the issue title")
    end = _LINE_END.search(text)
    title, body = (text, "") if end is None else (text[: end.start()], text[end.end() :])
    title = _HEADING.sub("", title).strip()
    if not title:
        raise InputError(f"{input_name(path)}:1: the first line must be the issue title")
    return Issue(title=title, body=body)


@contextmanager
def open_lines(path: str) -> Iterator[BinaryIO]:
    """The input as a byte stream (a file, or stdin for `-`): lines are decoded one by one, so a
    bad byte is reported on its own line rather than on the buffer it arrived in."""
    if path == STDIN:
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise InputError("stdin: not open")
        yield sys.stdin.buffer
        return
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed by this context manager
    except OSError as error:
        reason = f"{error.strerror or error}{missing_file_hint(path, error)}"
        raise InputError(f"{path}: cannot read: {reason}") from None
    with stream:
        yield stream


def iter_jsonl_issues(lines: Iterable[bytes], name: str, first_line: int = 1) -> Iterator[Issue]:
    """One issue per non-blank line: `title`, and optionally `body`, `url`, `number`, `labels`,
    `author_association`.
    `first_line` is the number of the first of `lines` in the input, for messages. A line longer
    than `MAX_LINE_BYTES` (its line ending included) is an InputError. A byte-order mark at the
    start of the input is left out, as Windows tools write one."""
    return map(itemgetter(1), numbered_jsonl_issues(lines, name, first_line))


def numbered_jsonl_issues(
    lines: Iterable[bytes], name: str, first_line: int = 1
) -> Iterator[tuple[int, Issue]]:
    """`iter_jsonl_issues`, each issue with the number of its line in the input: blank lines are
    skipped, so a message about an issue names its line, not its place among the issues."""
    limit = MAX_LINE_BYTES
    if first_line == 1:
        lines = _without_bom(lines)
    for number, line in enumerate(lines, start=first_line):
        if len(line) > limit:
            raise InputError(f"{name}:{number}: a line larger than {limit:,} bytes")
        if line and not line.isspace():  # as `line.strip()`, without copying the line
            issue = quick_issue(line)
            yield number, issue if issue is not None else parse_issue_line(line, f"{name}:{number}")


_BOM = "\ufeff".encode()


def _without_bom(lines: Iterable[bytes]) -> Iterator[bytes]:
    """`lines`, the first without a leading byte-order mark; the rest as they come, unwrapped."""
    rest = iter(lines)
    first = next(rest, None)
    return rest if first is None else chain((first.removeprefix(_BOM),), rest)


def bounded_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of `stream`, none read further than `MAX_LINE_BYTES + 1` bytes: a longer line comes
    in pieces, the first of which `iter_jsonl_issues` refuses. A C-level iterator: a generator
    checking each line here cost a batch 1,000 instructions a line."""
    return iter(partial(stream.readline, MAX_LINE_BYTES + 1), b"")


NumberedLines = tuple[int, list[bytes]]
"""Lines of an input and the number of the first of them."""


def line_chunks(lines: Iterable[bytes], size: int) -> Iterator[NumberedLines]:
    """`lines` in lists of `size` (the last may be shorter), each with its first line's number.
    A line longer than `MAX_LINE_BYTES` ends its chunk and the chunks, so that no more than one
    such piece is held: `iter_jsonl_issues` reports it where the chunk is read."""
    limit = MAX_LINE_BYTES
    number = 1
    block: list[bytes] = []
    for line in lines:
        block.append(line)
        if len(line) > limit:
            break
        if len(block) == size:
            yield number, block
            number += size
            block = []
    if block:
        yield number, block


def input_name(path: str) -> str:
    """How messages name an input: `stdin` for `-`."""
    return "stdin" if path == STDIN else path


JSON_LINES = (
    "the input must be JSON Lines, one issue object a line: `jq -c '.[]' FILE` turns a JSON array into that"
)
ISSUE_LINES = (
    "the input must be JSON Lines, one issue object a line, as"
    " `gh issue list --json number,title,body,labels,url | jq -c '.[]'` writes them"
)
"""For input that is no JSON object at all (a CSV or Markdown export): the shape, and a way to get it."""


def parse_issue_line(line: bytes, where: str) -> Issue:
    """The issue of one JSONL line, or an InputError naming `where`. The line is read without its
    line ending, so an object cut short at the end of its line is reported at that end, not at
    column 1 of the line after it, as the decoder counts a position past a line break."""
    try:
        value = decode(line.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(_not_utf8(line, error.start, where)) from None
    except json.JSONDecodeError as error:
        start = line.lstrip()
        if start.startswith(b"["):  # an array written over several lines (`jq .`, an editor)
            raise InputError(f"{where}: the start of a JSON array: {JSON_LINES}") from None
        if not start.startswith(b"{"):  # a CSV header, Markdown, YAML: not an object gone wrong
            raise InputError(f"{where}: not a JSON object: {ISSUE_LINES}") from None
        raise InputError(f"{where}: invalid JSON: {error.msg} (column {error.colno})") from None
    except JsonLimitError as error:
        raise InputError(f"{where}: invalid JSON: {error}") from None
    return _issue_from_json(value, where)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _not_utf8(line: bytes, start: int, where: str) -> str:
    """Where a line stops being UTF-8, as `read_text` says it of a file; a file in UTF-16 (what
    Windows PowerShell 5 writes with `>`) is named as such, its first byte being no clue."""
    if line.startswith(_UTF16_BOMS):
        return f"{where}: UTF-16 text (it starts with UTF-16's byte-order mark): save it as UTF-8"
    column = place_of_byte(line, start)[1]
    return f"{where}:{column}: not UTF-8 text (byte 0x{line[start]:02X} here): save it as UTF-8"


_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder(parse_constant=refuse_constant).scan_once  # type: ignore[attr-defined]
"""The scanner under `json.loads` (not in typeshed), called directly: its wrappers cost a batch ~1.5 us a
line. It refuses `NaN` and the infinities as `decode` does, leaving their line to `parse_issue_line`
to report (`parse_constant` is called for those three alone, never for an ordinary line)."""


def quick_issue(line: bytes) -> Issue | None:
    """The issue of a well-formed line (one object, then at most a line ending), read as
    `parse_issue_line` reads it but with json's scanner called directly; None for anything else,
    which `parse_issue_line` then reads or reports. Never raises for input."""
    try:
        text = line.decode("utf-8")
        if not text.startswith("{"):
            return None
        value, end = _SCAN(text, 0)
    except (ValueError, StopIteration, RecursionError):  # not UTF-8, not JSON, nested too deep
        return None
    if text[end:] not in _LINE_ENDS:
        return None
    issue = _plain_issue(value) if type(value) is dict else None
    if issue is not None:
        return issue
    try:
        return _issue_from_json(value, "")
    except InputError:
        return None


_LINE_ENDS = frozenset(("", "\n", "\r\n"))


def _plain_issue(value: dict[str, object]) -> Issue | None:
    """The issue `_issue_from_json` reads from the usual object, checked for that case only: exact
    types, a title and a body made `well_formed` as it makes them, the other strings ASCII (which
    `well_formed` leaves as they are), labels as strings; None for anything else. A third of the
    cost of the field helpers and of `Issue(...)` with keywords. A title or a body that is not ASCII
    (a tenth of the dev file's lines) is read here too (callgrind, 2026-11-27: reading the dev file's
    lines, 43,100 instructions a line with those lines left to `_issue_from_json`, 41,800 here)."""
    get = value.get
    title, body, number, url, labels = get("title"), get("body"), get("number"), get("url"), get("labels")
    association = get("author_association")
    if body is None:
        body = ""
    if labels is None:
        labels = []
    if not (
        type(title) is str
        and type(body) is str
        and (number is None or (type(number) is int and 1 <= number <= MAX_ISSUE_NUMBER))
        and (url is None or (type(url) is str and url.isascii()))
        and type(labels) is list
        and (association is None or (type(association) is str and association.isascii()))
    ):
        return None
    for label in labels:
        if type(label) is not str or not label.isascii():
            return None
    if not (title.isascii() and body.isascii()):
        title, body = well_formed(title), well_formed(body)
    return new_record(Issue, (title, body, number, url, tuple(labels), association))


def _issue_from_json(value: object, where: str) -> Issue:
    if isinstance(value, list):  # `gh issue list --json ...` writes one
        raise InputError(f"{where}: expected a JSON object, got an array: {JSON_LINES}")
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a JSON object, got {json_type(value)}: {ISSUE_LINES}")
    try:
        return Issue(
            title=required_str(value, "title"),
            body=optional_str(value, "body") or "",
            number=optional_issue_number(value, "number"),
            url=optional_str(value, "url"),
            labels=label_names(value, "labels"),
            author_association=optional_str(value, "author_association"),
        )
    except FieldProblem as problem:
        raise InputError(f"{where}: {problem}") from None


def read_text(path: str) -> str:
    """A UTF-8 file's text; InputError naming the file when it cannot be read or decoded."""
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except OSError as error:
        reason = error.strerror or str(error)
        if path == STDIN:  # `-` is stdin for the issues a command reads (`read_input_text`), not here
            reason += " (this file is read from a path, never from stdin)"
        raise InputError(f"{path}: cannot read: {reason}{missing_file_hint(path, error)}") from None
    return _decoded(data, path)


def read_input_text(path: str) -> str:
    """`read_text`, or for `-` the text of stdin (named `stdin` in messages)."""
    if path != STDIN:
        return read_text(path)
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise InputError("stdin: not open")
    try:
        data = read_stream_bounded(sys.stdin.buffer, MAX_FILE_BYTES)
    except OSError as error:
        raise InputError(f"stdin: cannot read: {error.strerror or error}") from None
    return _decoded(data, "stdin")


def _decoded(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = place_of_byte(data, error.start)
        raise InputError(
            f"{name}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02X} here): save it as UTF-8"
        ) from None
