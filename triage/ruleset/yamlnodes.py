"""Reading a YAML file as a tree of nodes that remember their line and column.

`yaml.safe_load` forgets where values stood and silently keeps the last of two equal keys;
composing (SafeLoader, no construction) keeps every node with its position, so each problem
can name the line it is on.
"""

# No `from __future__ import annotations`: it makes NamedTuples slow to define (see triage.model).

import datetime
import re
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from triage.errors import Problem
from triage.ruleset.source import FILE_KEY, YamlFileError

_SCALAR_TAG = "tag:yaml.org,2002:"
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it: the same nodes and marks, ten times faster.
Its error messages differ from PyYAML's, so a file it rejects is parsed again for the message.
A file holding a tab is parsed by PyYAML's own parser alone: libyaml reads a tab between the tokens
of a line (a tab after `keywords:`), as YAML allows, where PyYAML refuses one anywhere outside quotes,
a `|` or `>` block and comments, and a file's verdict must not hang on whether libyaml is installed."""


class Mark(NamedTuple):
    """A 1-based position in a file."""

    line: int
    col: int


START = Mark(1, 1)


def mark_of(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def compose_text(text: str, source: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader if "\t" in text else _FAST_LOADER)
    except yaml.YAMLError as error:
        raise YamlFileError(_syntax_problem(source, text, error)) from None
    except RecursionError:  # PyYAML's composer recurses once per level of nesting
        raise YamlFileError(Problem(source, 1, 1, FILE_KEY, _TOO_DEEP)) from None


_TOO_DEEP = "YAML nested too deeply (lists or mappings hundreds of levels deep)"


def _syntax_problem(source: str, text: str, first: yaml.YAMLError) -> Problem:
    """The problem as PyYAML's own parser words it, else as the fast parser that found it does
    (libyaml refuses some text the Python parser reads, such as a `"\\ud800"` escape)."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return _problem_of(source, text, error)
    except RecursionError:
        return Problem(source, 1, 1, FILE_KEY, _TOO_DEEP)
    return _problem_of(source, text, first)


_HINTS = (
    ("could not find expected ':'", "a key needs a colon and a space after it"),
    ("cannot start any token", "YAML keeps @, ` and % for itself at the start of a value: quote it"),
    ("expected <block end>", "a line is indented out of step with the lines around it"),
    ("but found another document", "a `---` line starts a second YAML document: a rules file is one"),
    (
        "found unknown escape character",
        "in double quotes a backslash starts an escape: write a regex in single quotes, where a "
        "backslash stays a backslash",
    ),
    (
        "expected the node content, but found ','",
        "a comma with no item before it, as in `[a, , b]`: delete it",
    ),
    (
        "mapping values are not allowed here",
        "a key must line up with the keys beside it, and a value holding `: ` needs quotes",
    ),
)
"""What PyYAML's wording of the commonest slips means for a person editing a YAML file."""
_ALIAS_HINT = "a value starting with * is an alias to YAML: quote a glob, '*.yaml'"
_KEY_WITHOUT_COLON = "while scanning a simple key"
"""PyYAML's context for `threshold 1`: the text it began to read as a key, where it stands."""


def _problem_of(source: str, text: str, error: yaml.YAMLError) -> Problem:
    at, said = yaml_error_in(text, error)
    return Problem(source, at.line, at.col, FILE_KEY, f"YAML syntax error: {said}")


def yaml_error_in(text: str, error: yaml.YAMLError) -> tuple[Mark, str]:
    """Where in `text` PyYAML's `error` stands, and what it says (with a hint for a common slip)."""
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        # A character YAML allows nowhere in a file (a C0 control but tab and line breaks, DEL,
        # U+FFFE): its reader gives an offset in the text, not a line and column.
        said = f"unacceptable character U+{error.character:04X}: {error.reason}"
        return Mark(*_line_col(text, error.position)), said
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if error.context == _KEY_WITHOUT_COLON and error.context_mark is not None:
            mark = error.context_mark  # PyYAML notices at the next key, maybe lines on
        said = re.sub(r"\b(found|got) '\?'", r"\1 a key", str(error.problem or error.context))
        hint = next((f" ({hint})" for words, hint in _HINTS if words in said), "")
        if said.startswith(_TAB):
            hint = _tab_hint(text, error.problem_mark)
        undefined = re.fullmatch(r"found undefined alias '(.*)'", said)
        if undefined is not None:  # a typo of an anchor's name as often as a glob
            hint = f" (no anchor &{undefined[1]} comes before it: correct the name; {_ALIAS_HINT})"
        elif error.context == "while scanning an alias":
            hint = f" ({_ALIAS_HINT})"
        elif _colon_in_flow_value(error):
            hint = _flow_colon_hint(text, error.problem_mark)
        at = Mark(mark.line + 1, mark.column + 1) if mark is not None else START
        left_over = _left_over_hint(text, error.problem_mark) if said.startswith(_BLOCK_END) else ""
        if left_over:
            return at, f"{said}{left_over}"
        dip = _dip_above(text, error.problem_mark) if said.startswith(_BLOCK_END) else None
        listed = _list_above_a_key(text, error.problem_mark) if said.startswith(_BLOCK_END) else None
        if listed is not None:
            hint = (
                f" (line {listed} makes the file a list with its `- `, and this line a key of a mapping:"
                " write each of the file's keys at the start of a line, with no dash)"
            )
        elif dip is not None:
            hint = (
                f" (a line is indented out of step with the lines around it: line {dip} above, indented"
                " less than the lines on either side of it, may be the one)"
            )
        return at, f"{said}{hint}{_opened_before(error)}"
    return START, str(error)


_TAB = "found character '\\t' that cannot start any token"
_TAB_IN_LINE = (
    " (write a space for the tab: outside quotes, `|` or `>` blocks and comments, triage reads no tabs)"
)


def _tab_hint(text: str, found: yaml.Mark | None) -> str:
    """A tab that indents its line, or one between the words of a line (a tab after `keywords:`, which
    YAML allows but PyYAML's parser does not: refused whether or not libyaml is installed)."""
    lines = _LINE_BREAK.split(text)
    if found is not None and found.line < len(lines) and lines[found.line][: found.column].strip(" \t"):
        return _TAB_IN_LINE
    return " (YAML indents with spaces, never tabs)"


def _colon_in_flow_value(error: yaml.MarkedYAMLError) -> bool:
    """`{name: x, description: Routing: URLs}`: a second `: ` in a value of a `{...}` or `[...]`
    opened on the same line. One opened on an earlier line was more likely left open (`[deploy`
    with no `]`, and the next line's key), which its own message names."""
    opened, found = error.context_mark, error.problem_mark
    return (
        str(error.problem).endswith("but got ':'")
        and opened is not None
        and found is not None
        and opened.line == found.line
    )


def _flow_colon_hint(text: str, found: yaml.Mark | None) -> str:
    """The value to quote, as written on its line: from the key before the `: ` YAML stopped at to
    the next `,`, `}` or `]`."""
    lines = _LINE_BREAK.split(text)
    if found is None or found.line >= len(lines):
        return ""
    line = lines[found.line]
    start = max(line.rfind(mark, 0, found.column) for mark in ",{[") + 1
    end = min((at for at in (line.find(mark, found.column) for mark in ",}]") if at >= 0), default=len(line))
    key, _, value = line[start:end].strip().partition(": ")
    if not value:
        return ""
    return f' (inside `{{...}}` or `[...]` a value holding ": " needs quotes: {key}: {single_quoted(value)})'


_BLOCK_END = "expected <block end>, but found"
_VALUE_START = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[\w.-]+:[ \t]+)?(?=[\[{\"'])")
"""What comes before a value written on its line (a list item's dashes, a key) that starts with a
bracket or a quote."""
_READ_AS = {"[": "a list up to its `]`", "{": "a mapping up to its `}`"}


def _list_above_a_key(text: str, found: yaml.Mark | None) -> int | None:
    """The 1-based line of the file's first `- ` at the start of a line, when YAML stopped at a key
    at the start of a line (`- version: 1`, then `teams:`): the dash made the whole file a list, so
    the key after it is out of step, and the line to mend is the first, not the one YAML names."""
    if found is None or found.column != 0:
        return None
    lines = _LINE_BREAK.split(text)
    first = next(
        (
            n
            for n in range(min(found.line, len(lines)))
            if lines[n].strip() and not lines[n].lstrip().startswith("#")
        ),
        None,
    )
    if first is None or not re.match(r"-[ \t]", lines[first]):
        return None
    return first + 1


def _dip_above(text: str, found: yaml.Mark | None) -> int | None:
    """The 1-based line above the one YAML stopped at that is indented less than the lines on
    either side of it (an area's `paths:` written at its team's indentation, and the next area's
    `- ` after it), which is the slip more often than the line YAML names; None if there is none.
    Blank lines and comments are passed over."""
    if found is None:
        return None
    lines = _LINE_BREAK.split(text)
    content = [
        n
        for n in range(min(found.line, len(lines)))
        if lines[n].strip() and not lines[n].lstrip().startswith("#")
    ]
    if len(content) < 2 or found.line >= len(lines):
        return None
    before, above = content[-2], content[-1]
    depth = [len(lines[n]) - len(lines[n].lstrip(" ")) for n in (before, above, found.line)]
    return above + 1 if depth[1] < depth[0] and depth[1] < depth[2] else None


def _left_over_hint(text: str, found: yaml.Mark | None) -> str:
    """`- [RFC] upgrade`, `title: "Helm" chart`: YAML reads the bracketed or quoted start as the whole
    value and then finds more text on the line, which it reports as out of step with the block; the
    indentation is fine, the value needs quotes."""
    lines = _LINE_BREAK.split(text)
    if found is None or found.line >= len(lines):
        return ""
    line = lines[found.line]
    start = _VALUE_START.match(line)
    if start is None or start.end() >= found.column:
        return ""
    opener = line[start.end()]
    comment = re.search(r"[ \t]#", line[found.column :])
    end = found.column + comment.start() if comment is not None else len(line)
    written = single_quoted(line[start.end() : end].rstrip())
    read_as = _READ_AS.get(opener)
    if read_as is None:
        return (
            f" (YAML reads a value that starts with {opener} as quoted text that ends at its closing quote, "
            f"and then finds more on the line: put all of the value inside the quotes, or, to keep the "
            f"quotes as text, quote all of it: {written})"
        )
    return (
        f" (YAML reads a value that starts with {opener} as {read_as}, and then finds more on the line: "
        f"to write a text that starts so, quote all of it: {written})"
    )


_BLOCK_OPENERS = {
    "while parsing a block collection": "the list that starts",
    "while parsing a block mapping": "the mapping that starts",
}
"""Those of `_OPENERS` that begin with no bracket or quote: one at column 1 is the file's own."""
_OPENERS = {
    "while parsing a flow mapping": "the `{` mapping opened",
    "while parsing a flow sequence": "the `[` list opened",
    "while scanning a quoted scalar": "the quoted value that starts",
    **_BLOCK_OPENERS,
}
"""PyYAML's context for a slip it finds only lines later, and what a person would call it."""


def _opened_before(error: yaml.MarkedYAMLError) -> str:
    """Where the bracket, quote or list the slip is in began, when that is on an earlier line: PyYAML
    notices a `{` left open, or a list item indented out of step, only at the line after, which is
    where it points. Not the file's own mapping or list (a block one at column 1): that names the
    whole file; a `{`, `[` or quote at column 1 is still where it was left open."""
    context = str(error.context)
    opener = _OPENERS.get(context)
    begun, found = error.context_mark, error.problem_mark
    if opener is None or begun is None or found is None or begun.line == found.line:
        return ""
    if begun.column == 0 and context in _BLOCK_OPENERS:
        return ""
    return f", in {opener} at line {begun.line + 1}, column {begun.column + 1}"


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What YAML counts as a line break, as its marks do."""


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character `offset` of `text`."""
    lines = _LINE_BREAK.split(text[:offset])
    return len(lines), len(lines[-1]) + 1


def scalar_value(node: ScalarNode) -> object:
    """The Python value YAML's safe rules give a scalar: str, int, float, bool, None, a date.

    Raises `ValueError` for a scalar those rules cannot read (`2024-13-45`, an unknown `!tag`).
    """
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as error:
        raise ValueError(error.problem or "cannot be read") from error


def describe(node: Node) -> str:
    """What a node holds, for "expected X, got Y" messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if not isinstance(node, ScalarNode):
        return "a node"
    try:
        return _describe_value(scalar_value(node))
    except ValueError:
        return "an unreadable value"


def _describe_value(value: object) -> str:
    kinds: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        ((datetime.date, datetime.datetime), "a date"),
        (bytes, "binary data"),
    ]
    if value is None:
        return "nothing (null)"
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _SCALAR_TAG + "null"


def is_plain(node: Node) -> bool:
    """A scalar written without quotes: YAML may have read `000000` or `yes` as a non-string."""
    return isinstance(node, ScalarNode) and not node.style  # None from PyYAML, "" from libyaml


def single_quoted(text: str) -> str:
    """`text` as a YAML single-quoted scalar, for advice to paste into the rules: a backslash in it
    stays one character (a double-quoted `"\\b"` is a backspace), and a quote is doubled."""
    return "'" + text.replace("'", "''") + "'"
