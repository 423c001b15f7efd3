"""An aliased list or mapping walked once, and that walk replayed at each further alias.

`exclude: *terms` in 300 areas is the very node `&terms` names; walked again at each alias, a list
of 300 terms was read, constructed and checked 300 times (about 4 s of CPU). The walk of a list or
mapping the tree holds more than once is recorded instead: the marks it set, the problems it
reported and the unique names it noted, by key path below the value. A further use with the same
spec replays them under its own key path, so a problem in the repeated value is still told at each
alias (`Walked.report` shows it where the alias is written) and a name repeated through an alias is
still told as used twice. The values replayed count against the walk's limit as if walked, since the
later stages build each use: an alias bomb is refused as before, without being walked to find out.
A scalar is walked at each use, as before: it is cheap, and its checks read the key it stands under
(a `note` cut by a `#`), which differs from one alias to the next.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from triage.ruleset.yamlnodes import Mark


class Reported(NamedTuple):
    suffix: str
    """The key path below the value (`[3].term`; empty for the value itself)."""
    message: str
    mark: Mark | None


class Unique(NamedTuple):
    suffix: str
    group: str
    value: str


class Recorded(NamedTuple):
    result: Any
    """The walked value, shared by every use as YAML's own constructor shares it."""
    values: int
    """The values walked, the value itself and all it holds."""
    marks: tuple[tuple[str, Mark], ...]
    """Where each value stands, by the key path below the value."""
    events: tuple[Reported | Unique, ...]
    """In the order they were met."""


def repeated_nodes(root: Node) -> set[int]:
    """The ids of the lists and mappings `root` holds more than once: each an alias's value."""
    seen: set[int] = set()
    repeated: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            continue
        if id(node) in seen:
            repeated.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return repeated


class _Open(NamedTuple):
    path: str
    start: int
    """The walk's count of values when the recording started."""
    marks: list[tuple[str, Mark]]
    events: list[Reported | Unique]


class WalkedOnce:
    """The recordings of the repeated values walked so far, by node and spec, and those being made
    (`open`, nested: an anchored area in an anchored list of areas records into both)."""

    def __init__(self, repeated: set[int]) -> None:
        self.repeated = repeated
        self.open: list[_Open] = []
        self._done: dict[tuple[int, int], Recorded] = {}

    def recorded(self, node: Node, spec: object) -> Recorded | None:
        return self._done.get((id(node), id(spec)))

    def start(self, path: str, count: int) -> None:
        self.open.append(_Open(path, count, [], []))

    def finish(self, node: Node, spec: object, result: Any, count: int) -> None:
        path, start, marks, events = self.open.pop()
        cut = len(path)
        own_marks = tuple((where[cut:], mark) for where, mark in marks)
        own = tuple(event._replace(suffix=event.suffix[cut:]) for event in events)
        self._done[(id(node), id(spec))] = Recorded(result, count - start, own_marks, own)

    def note_mark(self, path: str, mark: Mark) -> None:
        for recording in self.open:
            recording.marks.append((path, mark))

    def note(self, event: Reported | Unique) -> None:
        """`event`, its `suffix` the whole key path, into every recording under way."""
        for recording in self.open:
            recording.events.append(event)
