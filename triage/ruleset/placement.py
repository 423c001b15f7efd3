"""Team-level terms written after the team's `areas`: valid YAML and valid rules, but the likeliest
reading is an area's key indented too little, which YAML gives to the team. Such a key's terms
then count for the team as a whole and for no area, and nothing else says so: `check` notes it."""

from __future__ import annotations

from collections.abc import Iterator

from triage.errors import Problem
from triage.model import Matchers, Rules, Team


def terms_after_areas(rules: Rules) -> list[Problem]:
    """A note for each team-level list of terms that stands below the first term of the team's
    areas in the file, at its first such term's line. Rules built in code (line 0) have none."""
    return [note for index, team in enumerate(rules.teams) for note in _notes(rules.source, index, team)]


def _notes(source: str, index: int, team: Team) -> Iterator[Problem]:
    area_lines = [line for area in team.areas for _, lines in _lines_by_key(area.matchers) for line in lines]
    if not area_lines:
        return
    areas_start = min(area_lines)
    last = team.areas[-1]
    for key, lines in _lines_by_key(team.matchers):
        below = [line for line in lines if line > areas_start]
        if below:
            yield Problem(
                source,
                min(below),
                1,
                f"teams[{index}].{key}",
                f"comes after the team's areas, where YAML reads it as the team's own (evidence for the "
                f"team as a whole, for no area): if it belongs to the area above ({last.id}), indent it "
                "under that area; if it is the team's, move it above `areas:`",
            )


def _lines_by_key(matchers: Matchers) -> Iterator[tuple[str, list[int]]]:
    for key in ("keywords", "patterns", "paths", "repos", "exclude"):
        yield key, [term.line for term in getattr(matchers, key) if term.line]
    yield "fields", [field.line for field in matchers.fields if field.line]
