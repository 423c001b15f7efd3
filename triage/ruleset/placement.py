"""Team-level terms written after the team's `areas`: valid YAML and valid rules, but the likeliest
reading is an area's key indented too little, which YAML gives to the team. Such a key's terms
then count for the team as a whole and for no area, and nothing else says so: `check` notes it.

Read from the file's YAML nodes, where each key stands where it was written: the rules' terms keep
the lines of their values, which a YAML alias (`keywords: *shared`) takes from its anchor."""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from triage.errors import Problem
from triage.model import Rules
from triage.ruleset.yamlnodes import compose_text

TERM_KEYS = frozenset(("keywords", "patterns", "paths", "repos", "exclude", "fields"))


def terms_after_areas(rules: Rules, text: str) -> list[Problem]:
    """A note at each team-level key of terms written below the team's `areas` key in `text`, the
    rules file `rules` were loaded from."""
    teams = _value_of(compose_text(text, rules.source), "teams")
    if not isinstance(teams, SequenceNode):
        return []
    return [
        note
        for index, (team_node, team) in enumerate(zip(teams.value, rules.teams, strict=False))
        if team.areas
        for note in _notes(rules.source, index, team_node, team.areas[-1].id)
    ]


def _notes(source: str, index: int, team: Node, last_area: str) -> Iterator[Problem]:
    if not isinstance(team, MappingNode):
        return
    keys = [key for key, _ in team.value if isinstance(key, ScalarNode)]
    areas_at = next((at for at, key in enumerate(keys) if key.value == "areas"), None)
    if areas_at is None:
        return
    for key in keys[areas_at + 1 :]:
        if key.value in TERM_KEYS:
            yield Problem(
                source,
                key.start_mark.line + 1,
                key.start_mark.column + 1,
                f"teams[{index}].{key.value}",
                f"comes after the team's areas, where YAML reads it as the team's own (evidence for the "
                f"team as a whole, for no area): if it belongs to the area above ({last_area}), indent it "
                "under that area; if it is the team's, move it above `areas:`",
            )


def _value_of(node: Node | None, name: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    return next(
        (value for key, value in node.value if isinstance(key, ScalarNode) and key.value == name), None
    )
