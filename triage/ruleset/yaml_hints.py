"""What YAML 1.1 made of a value its author meant otherwise, told with the fix.

A number written as text (`1e3`, `"2"`), a decimal comma (`1,5`), a base-60 number (`1:30`), a
`#` or `&` that made a value nothing, list items folded into one string: the walk (`walk.py`)
reports the value as wrong, and these say how YAML came to read it so and what to write instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from triage.ruleset.spec import ListOf, Mapping
from triage.ruleset.yamlnodes import is_null, is_plain, single_quoted
from triage.safe_text import value_repr


def decimal_comma_message(whole: str, fraction: str) -> str:
    return (
        f"YAML reads {whole},{fraction} here as {whole} and a key {fraction}: "
        f"it has no decimal comma, write {whole}.{fraction}"
    )


_WHOLE_NUMBER = re.compile(r"[-+]?[0-9]+")
_DIGITS = re.compile(r"[0-9]+")


def after_decimal_comma(value: Node, key: Node, key_value: Node) -> bool:
    """`{weight: 1,5}`: a flow mapping reads `1` as the value and `5` as a key with no value."""
    return (
        is_plain(value)
        and is_plain(key)
        and is_null(key_value)
        and _WHOLE_NUMBER.fullmatch(value.value) is not None
        and _DIGITS.fullmatch(key.value) is not None
        and (value.end_mark.line, value.end_mark.column + 1) == (key.start_mark.line, key.start_mark.column)
    )


_FOLDED_ITEM = re.compile(r" - \S")


def folded_items_hint(node: Node) -> str:
    """`- b` indented past the `- a` above it continues a's unquoted text: YAML reads `a - b`, one
    value, which fails the check each item alone would pass."""
    folded = is_plain(node) and node.start_mark.line != node.end_mark.line
    if not folded or _FOLDED_ITEM.search(str(node.value)) is None:
        return ""
    return (
        " (a list item may be indented as the continuation of the one above it: YAML then reads the"
        " lines as one string; line up the dashes)"
    )


def list_hint(node: Node) -> str:
    """How to write as a list the string written where one belongs (`keywords: a, b`). An unquoted
    string is split at its commas, but not at one inside brackets (`\\d{1,3}`); a quoted one is one
    item, as written. Each item is quoted where YAML's brackets would not read it back as written (a
    pattern's `(?:`, a `yes`)."""
    if not isinstance(node, ScalarNode) or not node.value.strip():
        return ""
    if is_plain(node) and node.start_mark.line != node.end_mark.line:
        return ': write each item on a line of its own, after "- "'
    pieces = _outside_brackets(node.value) if is_plain(node) else [node.value]
    items = ", ".join(_flow_item(piece) for piece in pieces)
    return f": put the items, separated by commas, in brackets: [{items}]"


def _outside_brackets(text: str) -> list[str]:
    """`text` split at its commas that stand outside (), [] and {}, each piece stripped."""
    pieces, depth, start = [], 0, 0
    for at, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            pieces.append(text[start:at])
            start = at + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _flow_item(text: str) -> str:
    """`text` as an item of a `[...]` list: as written when YAML reads it back so, else quoted."""
    try:
        if yaml.safe_load(f"[{text}]") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return single_quoted(text)


def dash_hint(node: MappingNode) -> str:
    """`teams:` then `  id: ops` with no `- `: a mapping where a list of them belongs."""
    first = node.value[0][0]
    if not isinstance(first, ScalarNode) or node.flow_style:
        return ""
    return f': start each item with "- ", as in "- {first.value}: ..." on line {first.start_mark.line + 1}'


def list_of_mappings_hint(item: Mapping) -> str:
    """How to write a list of mappings where a string stands (`docs: https://...`, `asks: the
    version`): each item with its keys, as the string split into items would be refused again."""
    if not item.required_keys:
        return ""
    keys = ", ".join(f"{name}: ..." for name in item.required_keys)
    return f": each item is a mapping of its keys, written [{{{keys}}}]"


def top_level_list_hint(spec: Mapping) -> str:
    """A file written as a list: `- version: 1`, the whole file indented under a `- `, or a list of
    teams (or cases) without the key it goes under."""
    keys = " and ".join(f"`{name}:`" for name in spec.required_keys)
    lists = [name for name in spec.required_keys if isinstance(spec.fields[name].spec, ListOf)]
    under = f"; a list of {lists[0]} goes under `{lists[0]}:`" if lists else ""
    return f": the file holds its keys, {keys}, each at the start of a line{under}" if keys else ""


def mapping_hint(spec: Mapping) -> str:
    """How to write the mapping a string stands where (a doc written as its bare URL, a label as
    its name): its required keys."""
    if not spec.required_keys:
        return ""
    return f": write its keys, {{{', '.join(f'{name}: ...' for name in spec.required_keys)}}}"


def folded_item_line(node: Node, lines: list[str]) -> int | None:
    """The 1-based line of a `- ` that YAML read as more of the unquoted text above it (a list
    item indented past the one before it, or a Markdown list in a plain value); None if none."""
    if not is_plain(node) or node.start_mark.line == node.end_mark.line:
        return None
    if _FOLDED_ITEM.search(str(node.value)) is None:
        return None
    for index in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
        written = lines[index].lstrip(" ")
        if written.startswith("- ") or written == "-":
            return index + 1
    return None


def folded_item_message(value: str, line: int) -> str:
    return (
        f'"{value}" is one string: YAML read the "- " on line {line}, indented deeper than the line '
        "above, as more of that line's unquoted text: line up the dashes to make it a list item of "
        'its own (or, for a text of several lines, write it after "|")'
    )


def number_hint(
    node: ScalarNode, value: object, expected: str, judge: Callable[[float], str | None] = lambda _: None
) -> str:
    """YAML 1.1 reads `1e3` as text: its floats need a dot (`1.0e+3`); nor has it a decimal comma.
    A number `judge` refuses anyway (`1e9` as a weight) is told so, not written out to fail again.
    An integer written as a float (`version: 1.0`) is told how to write it, a quoted number
    (`weight: "2"`) to drop its quotes."""
    if isinstance(value, str) and not is_plain(node):
        return _quoted_number_hint(value, expected, judge)
    if expected == "an integer":
        return _integer_hint(node, value, judge)
    return _float_hint(node, value, expected, judge)


def _float_hint(node: ScalarNode, value: object, expected: str, judge: Callable[[float], str | None]) -> str:
    if expected != "a number" or not isinstance(value, str) or not is_plain(node):
        return ""
    if re.fullmatch(r"[-+]?[0-9]+,[0-9]+", value):
        return f" (YAML has no decimal comma: write {value.replace(',', '.')})"
    try:
        number = float(value)
    except ValueError:
        number = math.inf
    if not math.isfinite(number):
        return ""
    refused = judge(number)
    if refused is not None:
        return f" (YAML reads {value} as text; read as a number, it is refused too: {refused})"
    return f" (YAML reads {value} as text: write {yaml_float(number)})"


_NUMBER_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


_NUMBER_TEXT_MAX = 40
"""Longer number text is no weight or threshold anyone meant (and `int` refuses past 4,300 digits)."""


def _quoted_number_hint(value: str, expected: str, judge: Callable[[float], str | None]) -> str:
    """`weight: "2"`: the quotes alone make a number text."""
    written = value.strip()
    if len(written) > _NUMBER_TEXT_MAX or expected not in ("a number", "an integer"):
        return ""
    if _NUMBER_TEXT.fullmatch(written) is None:
        return ""
    whole = _WHOLE_NUMBER.fullmatch(written) is not None
    if expected == "an integer" and not whole:
        return ""
    number = int(written) if whole else float(written)
    refused = judge(number)
    if refused is not None:
        return f" (without the quotes it is refused too: {refused})"
    return f" (remove the quotes: write {number if whole else yaml_float(number)})"


def _integer_hint(node: ScalarNode, value: object, judge: Callable[[float], str | None]) -> str:
    if not (isinstance(value, float) and value.is_integer() and is_plain(node)):
        return ""
    refused = judge(int(value))
    return f" ({refused})" if refused is not None else f" (write {int(value)})"


def read_as_nothing_hint(node: ScalarNode, lines: list[str]) -> str:
    """`- #channel` is a comment and `- &jaeger` an anchor: YAML reads either as no value."""
    mark = node.start_mark
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line][mark.column :].strip()
    quoted = single_quoted(line)
    if line.startswith("#") and len(line) > 1:
        return f' (YAML reads "#" as the start of a comment: quote the text: {quoted})'
    if line.startswith("&") and len(line) > 1:
        return f' (YAML reads "&" as the start of an anchor\'s name: quote the text: {quoted})'
    return ""


_CUT_BY_COMMENT = re.compile(r"[ \t]+(#\S.*?)[ \t]*$")
_PROSE_KEYS = ("note", "question", "title", "body")
"""The texts written as sentences, where a `#` names a channel or an issue (`#data-oncall`, `#123`)
far more often than it starts a comment written without its space: what a reporter reads (a note, a
question, a doc's title) and a rule test case's issue, whose title copied from GitHub (`Upgrade fails,
see #1234`) would otherwise be tested cut."""


def cut_by_comment_message(node: Node, path: str, lines: list[str]) -> str | None:
    """`note: urgent issues go to #data-oncall`: YAML reads ` #` as the start of a comment, so the
    note ends at "go to" and the comment shows it cut. Only such a text, unquoted and on one line,
    with a `#` written against the word after it (a comment is written `# ...`), is taken for that."""
    if path.rpartition(".")[2] not in _PROSE_KEYS or not is_plain(node) or node.end_mark.line >= len(lines):
        return None
    if node.start_mark.line != node.end_mark.line:
        return None
    rest = _CUT_BY_COMMENT.fullmatch(lines[node.end_mark.line][node.end_mark.column :])
    if rest is None:
        return None
    written = f"{node.value} {rest.group(1)}"
    return (
        f'YAML reads the "{rest.group(1)}" after "{node.value}" as a comment, which ends the text there: '
        f"quote the whole text to keep it: {single_quoted(written)} "
        '(or, for a comment, write "# " with a space)'
    )


def base_sixty_problem(node: ScalarNode, value: float) -> str | None:
    """YAML 1.1 reads `1:30` as 90, a base-60 number (for times), which no weight means."""
    if not is_plain(node) or ":" not in node.value:
        return None
    return f"YAML 1.1 reads {node.value} as a base-60 number ({value_repr(value)}): write the number you mean"


def yaml_float(number: float) -> str:
    """`number` as YAML 1.1 reads a float: a dot in the mantissa, a sign on the exponent."""
    mantissa, e, exponent = repr(number).partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    if e and exponent[0] not in "+-":
        exponent = "+" + exponent
    return mantissa + (f"e{exponent}" if e else "")


_TYPOGRAPHIC_QUOTES = ("\u201c\u201d\u201e\u201f", "\u2018\u2019\u201a\u201b")
"""Double and single typographic quotes, either way round: locales and autocorrect open and close
them differently (“kubectl”, „kubectl“, ”kubectl”)."""


def typographic_quotes_message(node: Node) -> str | None:
    """An unquoted value in typographic quotes (“template”, ‘\\bhelm\\b’), pasted from a document
    or a chat, or typed where an editor "smartens" quotes: YAML's quotes are `"` and `'` alone, so
    these stay part of the value, and a term matches only text that holds them, a link leads to
    another page. None for anything else: a value in YAML's own quotes holds what it holds on
    purpose (a pattern that looks for quoted text, '“[^”]+”'), and so does one that holds such a
    quote between its ends as well (“[^”]+”, “yes” or “no”): that is no value wrapped by mistake,
    and dropping its ends would change what it matches."""
    if not is_plain(node):
        return None
    value = str(node.value)
    if len(value) < 3:
        return None
    wrapped = [q for q in _TYPOGRAPHIC_QUOTES if value[0] in q and value[-1] in q]
    if not wrapped:
        return _half_quoted_message(value)
    if any(c in wrapped[0] for c in value[1:-1]):
        return None
    return (
        f"{value} is written in typographic quotes, which YAML does not read as quotes: they stay part"
        " of the value (a term would match only text that holds them, a link would lead elsewhere):"
        f" write straight quotes, {single_quoted(value[1:-1])}; to match the typographic quotes"
        f" themselves, put the whole value in straight ones, {single_quoted(value)}"
    )


_PLAIN_WORDS = re.compile(r"[\w .,/:@#&'-]+")
"""Words, not a pattern: a pattern may open with a typographic quote on purpose (`“\\w+`)."""


_APOSTROPHE = "\u2019"
"""The right single quote is the typographic apostrophe too, which begins or ends words of their own
(’90s, ’s-Hertogenbosch, contributors’, dell’): at one end of a value it is no half of a quote."""


def _half_quoted_message(value: str) -> str | None:
    """`“helm chart` or `kubectl”`: a typographic quote at one end of plain words and none elsewhere,
    as in `[“helm chart, kubectl”]`, where the quotes were meant around each item. Not an apostrophe
    (`_APOSTROPHE`): in `[‘helm chart, kubectl’]` the first item is refused, which is enough."""
    quotes = "".join(_TYPOGRAPHIC_QUOTES)
    end = 0 if value[0] in quotes else -1 if value[-1] in quotes else None
    if end is None or value[end] == _APOSTROPHE:
        return None
    words = value[1:] if end == 0 else value[:-1]
    if any(c in quotes for c in words) or not _PLAIN_WORDS.fullmatch(words):
        return None
    side = "begins" if end == 0 else "ends"
    return (
        f"{value} {side} with a typographic quote, which YAML does not read as a quote: it stays part of"
        " the value (a term would match only text that holds it): write straight quotes around each"
        f" value, {single_quoted(words.strip())}; to match the typographic quote itself, put the whole"
        f" value in straight ones, {single_quoted(value)}"
    )
