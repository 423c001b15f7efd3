"""Walking a YAML node tree against a declared shape (`spec.py`), collecting every problem.

The walk never stops at the first problem. Where a value is missing or wrong it puts the
spec's empty value instead, so the result always has the declared shape and the next stage
(building model objects, cross-checks) can run and report its own problems in the same pass.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from triage.errors import Problem
from triage.ruleset.links import edge_space_message
from triage.ruleset.source import FILE_KEY
from triage.ruleset.spec import (
    Choice,
    Either,
    Flag,
    ListOf,
    Mapping,
    Number,
    Spec,
    Text,
    empty_mapping,
    empty_number,
    empty_value,
)
from triage.ruleset.spec import default_value as default_of
from triage.ruleset.walked_once import Reported, Unique, WalkedOnce, repeated_nodes
from triage.ruleset.yaml_hints import (
    after_decimal_comma,
    base_sixty_problem,
    cut_by_comment_message,
    dash_hint,
    decimal_comma_message,
    folded_item_line,
    folded_item_message,
    folded_items_hint,
    list_hint,
    list_of_mappings_hint,
    mapping_hint,
    number_hint,
    read_as_nothing_hint,
    top_level_list_hint,
    typographic_quotes_message,
)
from triage.ruleset.yamlnodes import (
    START,
    Mark,
    describe,
    is_null,
    is_plain,
    mark_of,
    scalar_value,
)
from triage.safe_text import C0_CONTROLS, ZERO_WIDTH, first_hidden, printable, value_repr

if TYPE_CHECKING:
    from triage.ruleset.aliases import AliasUse

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Walked:
    """The checked data (plain dicts, lists and scalars in the declared shape) and where each
    value stood, by key path (`teams[0].areas[2].label.name`). `invalid` holds the key paths
    whose values were replaced by empty ones, so later checks do not pile on."""

    source: str
    data: Any
    marks: dict[str, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)
    reported_under: set[str] = field(default_factory=set)
    """Each path in `invalid` and each of its parents (`teams[0].areas[1].keywords[2]`,
    `teams[0].areas[1].keywords`, ...): whether a problem was reported under a key is one lookup."""
    text: str = ""
    """The file's text, when the caller has it: a few hints quote what YAML made of a line."""
    root: Node | None = None
    """The composed tree, to find where aliases stand when a problem is met in a value one repeats."""
    _lines: list[str] | None = field(default=None, init=False, repr=False)
    _aliases: dict[str, AliasUse] | None = field(default=None, init=False, repr=False)

    def lines(self) -> list[str]:
        """`text` split into lines, once however many values ask."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def mark(self, path: str) -> Mark:
        return self.marks.get(path, START)

    def report(self, path: str, message: str, mark: Mark | None = None) -> None:
        """A problem at `path`; in a value an alias repeats, shown at the alias (the anchor's lines
        hold the value, but not the key path that makes it wrong)."""
        where = mark or self.mark(path)
        use = self._alias_use(path)
        if use is not None and use.repeats(where):
            where = use.alias
            message += f" (in the value anchored at line {use.anchor.line}, which this alias repeats)"
        self.problems.append(Problem(self.source, where.line, where.col, path or FILE_KEY, message))
        self.invalid.add(path)
        self.reported_under.add(path)
        self.reported_under.update(parent_paths(path))

    def _alias_use(self, path: str) -> AliasUse | None:
        if self.root is None or not self.text:
            return None
        from triage.ruleset.aliases import alias_uses, use_of  # noqa: PLC0415 - only when a problem is met

        if self._aliases is None:
            self._aliases = alias_uses(self.root, self.text)
        return use_of(self._aliases, path)


MAX_VALUES = 1_000_000
"""Far past any rules or cases file, yet reached in seconds: YAML aliases can make a file of a few
KB, which the read limit lets through, hold billions. Legitimate files run to a few hundred
thousand (the bundled rules hold about 600 values, their 100 cases about 700; a corpus of 20,000
cases 160,000; 300 areas aliasing one list of 300 `{term, case_sensitive}` excludes 270,000)."""


class _TooManyValuesError(Exception):
    """Raised at the value past `MAX_VALUES`; `node` is the aliased list or mapping being walked
    again then, else that value."""

    def __init__(self, node: Node, *, aliased: bool) -> None:
        self.node = node
        self.aliased = aliased


def _empty_message(spec: Mapping, text: str) -> str:
    """A file with no value: empty, or comments and blank lines alone (a rules file begun with its
    header); either way, the keys it must start with."""
    said = "the file is empty" if not text.strip() else "the file holds only comments"
    required = spec.required_keys
    return f"{said}: it needs {' and '.join(f'`{key}:`' for key in required)}" if required else said


def walk_document(root: Node | None, spec: Mapping, source: str, text: str = "") -> Walked:
    walked = Walked(source, empty_value(spec), text=text, root=root)
    if root is None:
        walked.report("", _empty_message(spec, text))
        return walked
    try:
        walked.data = _Walker(walked, WalkedOnce(repeated_nodes(root))).value(root, spec, "")
    except _TooManyValuesError as stop:
        walked.data, walked.problems, walked.invalid = empty_value(spec), [], set()
        walked.reported_under = set()
        alias = " (counting each use of an alias): the value anchored here is used many times over"
        walked.report(
            "",
            f"the file holds more than {MAX_VALUES:,} values, far more than such a file needs"
            + (alias if stop.aliased else ""),
            mark_of(stop.node),
        )
    return walked


def child_path(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def parent_paths(path: str) -> list[str]:
    """The key paths that hold `path`, outermost first (`teams`, `teams[0]`, `teams[0].areas` for
    `teams[0].areas[1]`)."""
    return [path[:at] for at, char in enumerate(path) if char in ".["]


class _Invalid:
    """A scalar that was reported as wrong; its place gets the spec's empty value."""


_INVALID = _Invalid()


class _Walker:
    def __init__(self, walked: Walked, once: WalkedOnce) -> None:
        self.walked = walked
        self.once = once
        self.seen: dict[tuple[str, str], tuple[str, str]] = {}
        """Each unique value's first path and spelling, by its group and its case-folded value."""
        self.count = 0
        self.entered: set[int] = set()
        self.repeated: Node | None = None
        """The outermost anchored list or mapping being walked again, while it is."""
        self.handlers: dict[type, Callable[[Node, Any, str], Any]] = {
            Mapping: self._mapping,
            ListOf: self._list,
            Either: self._either,
            Text: self._text,
            Number: self._number,
            Flag: self._flag,
            Choice: self._choice,
        }

    def value(self, node: Node, spec: Spec, path: str) -> Any:
        if id(node) in self.once.repeated:
            return self._repeated(node, spec, path)
        return self._walk(node, spec, path)

    def _repeated(self, node: Node, spec: Spec, path: str) -> Any:
        """An aliased list or mapping: walked the first time it is met with `spec`, its walk replayed
        after that (`walked_once`)."""
        known = self.once.recorded(node, spec)
        if known is None:
            self.once.start(path, self.count)
            result = self._walk(node, spec, path)
            self.once.finish(node, spec, result, self.count)
            return result
        self.count += known.values
        if self.count > MAX_VALUES:
            raise _TooManyValuesError(self.repeated or node, aliased=True)
        marks = [(path + suffix, mark) for suffix, mark in known.marks]
        self.walked.marks.update(marks)
        for where, mark in marks if self.once.open else ():
            self.once.note_mark(where, mark)
        for event in known.events:
            if isinstance(event, Reported):
                self._report(path + event.suffix, event.message, event.mark)
            else:
                self._note_unique(event.group, event.value, path + event.suffix)
        return known.result

    def _mark(self, path: str, mark: Mark) -> None:
        self.walked.marks[path] = mark
        if self.once.open:
            self.once.note_mark(path, mark)

    def _report(self, path: str, message: str, mark: Mark | None = None) -> None:
        self.walked.report(path, message, mark)
        if self.once.open:
            self.once.note(Reported(path, message, mark))

    def _walk(self, node: Node, spec: Spec, path: str) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooManyValuesError(self.repeated or node, aliased=self.repeated is not None)
        self._mark(path, mark_of(node))
        handler = self.handlers[type(spec)]
        if isinstance(node, ScalarNode) or self.repeated is not None:
            return handler(node, spec, path)
        if id(node) not in self.entered:
            self.entered.add(id(node))
            return handler(node, spec, path)
        # a list or mapping walked again is an alias's anchor: the outermost one, while it is walked
        self.repeated = node
        try:
            return handler(node, spec, path)
        finally:
            self.repeated = None

    def _flag(self, node: Node, spec: Flag, path: str) -> bool:
        value = self._scalar(node, path, "a boolean", lambda v: isinstance(v, bool))
        return value if isinstance(value, bool) else False

    def _scalar(
        self,
        node: Node,
        path: str,
        expected: str,
        accept: Callable[[object], bool],
        judge: Callable[[float], str | None] = lambda _: None,
    ) -> object:
        """The node's value if `accept`s it; else reports what was expected, with the fix (quotes,
        a float as YAML writes it) unless `judge` would refuse the fixed value too."""
        if not isinstance(node, ScalarNode):
            self._report(path, f"expected {expected}, got {describe(node)}")
            return _INVALID
        try:
            value = scalar_value(node)
        except ValueError as error:
            digits = sum(char.isdigit() for char in str(node.value))
            too_long = "integer string conversion" in str(error)  # Python's limit of 4,300 digits
            said = f"a number of {digits:,} digits, far too long" if too_long else str(error)
            self._report(path, f"cannot read this value: {said}")
            return _INVALID
        if accept(value):
            return value
        quote = expected == "a string" and is_plain(node) and value is not None
        hint = f' (quote it: "{node.value}")' if quote else number_hint(node, value, expected, judge)
        if expected == "a boolean" and isinstance(value, str):
            hint = _boolean_hint(value)
        if value is None and not node.value:
            hint = read_as_nothing_hint(node, self.walked.lines())
        self._report(path, f"expected {expected}, got {describe(node)}{hint}")
        return _INVALID

    def _text(self, node: Node, spec: Text, path: str) -> str:
        value = self._scalar(node, path, "a string", lambda v: isinstance(v, str))
        if not isinstance(value, str):
            return ""
        quoted = None if spec.prose or spec.any_character else typographic_quotes_message(node)
        if quoted is not None:
            self._report(path, quoted)
            return ""
        message = text_problem(value, spec)
        if message is not None:
            self._report(path, message + folded_items_hint(node))
            return ""
        folded = folded_item_line(node, self.walked.lines())
        if folded is not None:
            self._report(path, folded_item_message(value, folded))
            return ""
        cut = cut_by_comment_message(node, path, self.walked.lines())
        if cut is not None:
            self._report(path, cut)
            return ""
        if spec.unique is not None:
            self._note_unique(spec.unique, value, path)
        return value

    def _note_unique(self, group: str, value: str, path: str) -> None:
        """A name that must be used once; a replay notes it again rather than repeating the
        problem, which names the first use and may have none to name at the recording."""
        if self.once.open:
            self.once.note(Unique(path, group, value))
        first, written = self.seen.setdefault((group, value.casefold()), (path, value))
        if first != path:
            line = self.walked.mark(first).line
            if written == value:
                self.walked.report(path, f'{group} "{value}" is already used at {first} (line {line})')
                return
            self.walked.report(
                path,
                f'{group} "{value}" is already used, as "{written}", at {first} (line {line}):'
                f" {group}s are compared ignoring case",
            )

    def _number(self, node: Node, spec: Number, path: str) -> float | int:
        expected = "an integer" if spec.integer else "a number"
        kinds = int if spec.integer else (int, float)
        value = self._scalar(
            node,
            path,
            expected,
            lambda v: isinstance(v, kinds) and not isinstance(v, bool),
            lambda number: number_problem(number, spec),
        )
        if not isinstance(value, int | float):
            return empty_number(spec)
        assert isinstance(node, ScalarNode)  # as `_scalar` accepted it
        message = base_sixty_problem(node, value) or number_problem(value, spec)
        if message is not None:
            self._report(path, message)
            return empty_number(spec)
        return value

    def _choice(self, node: Node, spec: Choice, path: str) -> str:
        if isinstance(node, ScalarNode) and is_plain(node) and node.value not in spec.values:
            value: object = node.value  # `no` or `off` read as false: quoting it would not help
        else:
            value = self._scalar(node, path, "a string", lambda v: isinstance(v, str))
        if value in spec.values:
            return str(value)
        if value is not _INVALID:
            folded = {choice.lower(): choice for choice in spec.values}  # `member` for MEMBER
            close = difflib.get_close_matches(str(value).lower(), list(folded), n=1)
            meant = f': did you mean "{folded[close[0]]}"?' if close else ""
            self._report(path, f'expected one of {", ".join(spec.values)}; got "{value}"{meant}')
        return spec.values[0]

    def _list(self, node: Node, spec: ListOf, path: str) -> list[Any]:
        if not isinstance(node, SequenceNode):
            got = describe(node)
            hint = ""
            if got == "a string":
                hint = list_of_mappings_hint(spec.item) if isinstance(spec.item, Mapping) else list_hint(node)
            elif isinstance(node, MappingNode) and node.value and isinstance(spec.item, Mapping | Either):
                hint = dash_hint(node)
            self._report(path, f"expected a list, got {got}{hint}")
            return []
        items = [self.value(child, spec.item, f"{path}[{i}]") for i, child in enumerate(node.value)]
        if len(items) < spec.min_items:
            plural = "" if spec.min_items == 1 else "s"
            self._report(path, f"expected at least {spec.min_items} item{plural}")
        return items

    def _either(self, node: Node, spec: Either, path: str) -> Any:
        if isinstance(node, MappingNode):
            written = _unquoted_colon(node, spec.mapping)
            if written is not None:
                quote = 'quote a term that holds ": " or ends in ":"'
                key = str(node.value[0][0].value)  # a misspelt option (`trem: kubectl`) reads alike
                close = difflib.get_close_matches(key, list(spec.mapping.fields), n=1)
                meant = f'; or, if "{key}" is a key, did you mean "{close[0]}"?' if close else ""
                self._report(path, f'"{written}" is read as a key and its value: {quote}{meant}')
                return ""
            return self._mapping(node, spec.mapping, path)
        if isinstance(node, ScalarNode):
            return self._text(node, spec.scalar, path)
        self._report(path, f"expected a string or a mapping, got {describe(node)}")
        return ""

    def _mapping(self, node: Node, spec: Mapping, path: str) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            got = describe(node)
            hint = mapping_hint(spec) if got == "a string" else ""
            if not path and got == "a list":
                hint = top_level_list_hint(spec)
            self._report(path, f"expected a mapping, got {got}{hint}")
            return empty_mapping(spec)
        children, told = self._children(node, spec, path)
        result: dict[str, Any] = {}
        for name, key in spec.fields.items():
            key_path = child_path(path, name)
            child = children.get(name)
            if child is None:
                if key.required and name not in told:
                    self._report(key_path, "required key is missing", mark_of(node))
                result[name] = default_of(key)
            elif key.nullable and is_null(child):
                self._mark(key_path, mark_of(child))
                result[name] = None
            else:
                result[name] = self.value(child, key.spec, key_path)
        return result

    def _children(self, node: MappingNode, spec: Mapping, path: str) -> tuple[dict[str, Node], Set[str]]:
        """The known keys' value nodes, and the keys whose absence a problem reported here explains
        (`lable:`'s "did you mean label?"; all of them after a merge key, which may hold any of them):
        reports keys that are unknown, repeated or not strings."""
        found: dict[str, Node] = {}
        told: set[str] = set()
        first_lines: dict[str, int] = {}
        previous: tuple[str, Node] | None = None
        for key_node, value_node in node.value:
            name, mark = str(key_node.value), mark_of(key_node)
            if previous is not None and after_decimal_comma(previous[1], key_node, value_node):
                before_name, before = previous
                comma = decimal_comma_message(before.value, name)
                self._report(child_path(path, before_name), comma, mark_of(before))
                if not spec.fields[before_name].required:
                    found.pop(before_name)  # its default stands in: `0,75` is not also "got 0"
                previous = None
                continue
            # A key that is a list or a mapping has no name to show: its problem is the mapping's.
            key_path = child_path(path, name) if isinstance(key_node, ScalarNode) else path
            message = _key_problem(key_node, name, spec, first_lines)
            previous = None if message is not None else (name, value_node)
            if message is not None:
                self._report(key_path, message, mark)
                told.update(
                    spec.fields if name == "<<" else difflib.get_close_matches(name, list(spec.fields), n=1)
                )
                continue
            first_lines.setdefault(name, mark.line)
            if name in spec.fields:
                found[name] = value_node
        return found, told


def _unquoted_colon(node: MappingNode, spec: Mapping) -> str | None:
    """`- error: connection refused` as a term (or `[kubectl, error: refused]`): a one-key mapping
    on one line, not written in braces, whose key is no option of a term. The text as written, or
    None for anything else."""
    if len(node.value) != 1:
        return None
    key, value = node.value[0]
    if node.flow_style and node.start_mark.index != key.start_mark.index:  # `{...}` written out
        return None
    if not is_plain(key) or key.value in spec.fields or key.value in (spec.refused or {}):
        return None
    if is_null(value) and not value.value:
        return f"{key.value}:"
    if is_plain(value) and value.start_mark.line == key.start_mark.line:
        return f"{key.value}: {value.value}"
    return None


def _key_problem(key_node: Node, name: str, spec: Mapping, first_lines: dict[str, int]) -> str | None:
    if name == "<<":
        return 'merge keys ("<<") are not supported: write the keys out'
    if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR_TAG):
        return f"keys must be strings, got {describe(key_node)}"
    if name in first_lines:
        return f'duplicate key "{name}" (first at line {first_lines[name]})'
    if spec.refused and name in spec.refused:
        return spec.refused[name]
    if name not in spec.fields:
        return unknown_key_message(name, list(spec.fields))
    return None


def unknown_key_message(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1) or _shortened(name, known)
    if close:
        return f'unknown key "{name}": did you mean "{close[0]}"?'
    return f'unknown key "{name}": expected one of {", ".join(known)}'


def _shortened(name: str, known: list[str]) -> list[str]:
    """The one known key that `name` starts, cut at an `_` (`author` for `author_association`,
    `case` for `case_sensitive`), which difflib finds too unlike the whole key to suggest."""
    started = [key for key in known if key.startswith(f"{name}_")]
    return started if len(started) == 1 else []


def text_problem(value: str, spec: Text) -> str | None:
    if len(value) < spec.min_length:
        return "must not be empty"
    if spec.max_length is not None and len(value) > spec.max_length:
        return f'"{_shown(value)}" is {len(value)} characters long; at most {spec.max_length} are allowed'
    hidden = None if spec.any_character else hidden_character_problem(value)
    if hidden is not None and not C0_CONTROLS.search(value):  # terms explain these better: a YAML escape
        return hidden  # first: another check's message would quote the value as if it were whole
    if spec.pattern is not None and re.fullmatch(spec.pattern, value) is None:
        return _pattern_problem(value, spec.pattern, spec)
    problem = spec.check(value) if spec.check is not None else None
    return problem if problem is not None else hidden


def _pattern_problem(value: str, pattern: str, spec: Text) -> str:
    if value != value.strip() and re.fullmatch(pattern, value.strip()) is not None:
        return edge_space_message(_shown(value))
    if spec.pattern_hint is not None:
        return spec.pattern_hint(value)
    return f'"{_shown(value)}" {spec.pattern_message}'


def hidden_character_problem(value: str) -> str | None:
    """A character no one reviewing the rules can see, though GitHub and the comment get it: a
    bidirectional override reorders the text shown around it ("Trojan Source"), a zero-width one
    (pasted from a web page) hides in a term that then never matches, a control character shows as
    nothing or as a box (in a file name, it names another file)."""
    char = first_hidden(value)
    if char is None:
        return None
    code = f"U+{ord(char):04X}" + _where_in(value, value.index(char))
    if char in ZERO_WIDTH:
        return (
            f"holds {code} ({unicodedata.name(char)}), an invisible character: text holding it matches "
            "only text that holds it too, and no one reading the rules sees it: delete it"
        )
    if unicodedata.category(char) == "Cf":
        return (
            f"holds {code} ({unicodedata.name(char)}), an invisible character that changes the order "
            "in which the text around it is shown, so the rules would not read as they are: delete it "
            f"(a pattern that looks for it in issues writes it as \\x{{{ord(char):04X}}})"
        )
    return f"holds the control character {code}, which no one reading the rules can see: delete it"


def _where_in(value: str, at: int) -> str:
    """Where in a long value (a note, a block of text) the character stands: the words before it,
    as the problem's line and column are the value's start."""
    if len(value) <= _FINDABLE:
        return ""
    line_start = value.rfind("\n", 0, at) + 1
    before = printable(value[max(line_start, at - 24) : at])
    return f' after "{before}"' if before else " at the start of a line"


_FINDABLE = 40
"""A value this short is searched by eye; a longer one gets the words before the character."""


def _shown(value: str) -> str:
    """A value as a message quotes it: a long one cut, so a 10 MB mistake is not echoed whole."""
    return value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"


_SHOWN = 200


def number_problem(value: float, spec: Number) -> str | None:
    if spec.const is not None and value != spec.const:
        return f"must be {spec.const}, got {_shown(value_repr(value))}"
    finite = isinstance(value, int) or math.isfinite(value)  # an int past a float's range is finite
    if spec.positive and not (finite and value > 0):
        return f"expected a positive number, got {_shown(value_repr(value))}"
    if spec.maximum is not None and value > spec.maximum:
        return f"expected at most {_as_written(spec.maximum)}, got {_shown(value_repr(value))}"
    return None


def _as_written(bound: float) -> str:
    """A bound the way a person writes it: `1,000,000`, not `1e+06`."""
    return f"{int(bound):,}" if float(bound).is_integer() else repr(bound)


def _boolean_hint(value: str) -> str:
    """`case_sensitive: "true"` is a string to YAML: the quotes go; any other text, a boolean's words."""
    word = value.strip().lower()
    return f" (drop the quotes: {word})" if word in ("true", "false") else " (write true or false)"
