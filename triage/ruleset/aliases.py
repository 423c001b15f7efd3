"""Where each YAML alias stands, by the key path of the value it repeats.

The composed tree keeps one node for an anchored value and its aliases (`exclude: *terms` is the
very node `keywords: &terms [...]` is), so a problem found in the repeat would be shown at the
anchor's lines, under keys that are not there. The alias's own place is in the tokens: the tree's
repeated nodes, taken in document order, are the aliases in the order they are written.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from triage.ruleset.walk import child_path, parent_paths
from triage.ruleset.yamlnodes import Mark, mark_of

_SCANNER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasUse(NamedTuple):
    alias: Mark
    """Where `*name` is written."""
    anchor: Mark
    """Where the value it repeats starts, after `&name`."""
    anchor_end: Mark
    """Where that value ends."""

    def repeats(self, mark: Mark) -> bool:
        """Whether `mark` is inside the value the alias repeats (a problem about the key that holds
        the alias stays at the key)."""
        return self.anchor <= mark < self.anchor_end


def alias_uses(root: Node, text: str) -> dict[str, AliasUse]:
    """Each key path (as the walk names them: `teams[0].exclude`, `cases[3]`) whose value is an
    alias, with where the alias and its anchor stand. Empty for a file without aliases, whose text
    is then never scanned."""
    repeats = _repeated_in_document_order(root)
    if not repeats:
        return {}
    written = (
        Mark(token.start_mark.line + 1, token.start_mark.column + 1)
        for token in yaml.scan(text, Loader=_SCANNER)
        if isinstance(token, yaml.AliasToken)
    )
    uses: dict[str, AliasUse] = {}
    for (path, node), alias in zip(repeats, written, strict=False):
        if path is not None:  # the first under a key written twice: the one the walk reads
            uses.setdefault(
                path, AliasUse(alias, mark_of(node), Mark(node.end_mark.line + 1, node.end_mark.column + 1))
            )
    return uses


def _repeated_in_document_order(root: Node) -> list[tuple[str | None, Node]]:
    """The nodes met again (each an alias) in document order, with the key path where each stands
    (an alias used as a mapping's key, at the path that key names); None where no path is known."""
    seen: set[int] = set()
    repeats: list[tuple[str | None, Node]] = []
    stack: list[tuple[str | None, Node]] = [("", root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            repeats.append((path, node))
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            children: list[tuple[str | None, Node]] = []
            for key, value in node.value:
                key_path = _key_path(path, key)
                children.append((key_path, key))
                children.append((key_path, value))
            stack.extend(reversed(children))
        elif isinstance(node, SequenceNode):
            items = [(None if path is None else f"{path}[{i}]", item) for i, item in enumerate(node.value)]
            stack.extend(reversed(items))
    return repeats


def _key_path(path: str | None, key: Node) -> str | None:
    return None if path is None or not isinstance(key.value, str) else child_path(path, key.value)


def use_of(uses: dict[str, AliasUse], path: str) -> AliasUse | None:
    """The alias whose repeated value holds `path` (the innermost written), if any: its key paths
    looked up from the longest (a lookup each, however many aliases a file has)."""
    if not uses:
        return None
    for held in (path, *reversed(parent_paths(path))):
        use = uses.get(held)
        if use is not None:
            return use
    return None
