"""docs/design.md's "Floors", kept true: every module of the package stands on one floor, a module
imports only from its own floor and the floors below it, and the floors of what one command needs
import nothing from one another; and each module of the `classify/` and `ruleset/` packages, which
a floor names whole, is named where the design speaks of its package.

A floor is a line of the block under "## Floors" that starts at its first column: the modules it
names (`x.py`, a package `x/`, and `commands/<name>.py` for the commands package), then what they do.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "triage"
DESIGN = ROOT / "docs" / "design.md"
COMMAND_FLOORS = ("run:", "check:", "eval:", "diff:", "import-handbook:", "dry-run:")
"""How the description of each floor of what one command needs starts."""

_MODULE = re.compile(r"commands/<name>\.py|(\w+)\.py|(\w+)/")
_MODULES = re.compile(r"(?:(?:\(\+ )?(?:commands/<name>\.py|\w+\.py|\w+/)(?:\)|,? +|$))+")
"""A run of module names as a floor lists them: `cli.py  __main__.py`, `render.py (+ plan.py, x.py)`."""


class Floor(NamedTuple):
    modules: frozenset[str]
    """Module names under `triage` as the first part of their dotted name (`cli`, `ruleset`)."""
    description: str


@cache
def floors() -> tuple[Floor, ...]:
    """The floors, top first."""
    block = DESIGN.read_text(encoding="utf-8").split("## Floors", 1)[1].split("```", 2)[1]
    found: list[Floor] = []
    for line in block.splitlines()[1:]:
        if line.startswith(" "):
            modules, description = found[-1]
            found[-1] = Floor(modules, f"{description} {line.strip()}".strip())
        elif line.strip():
            listed = _MODULES.match(line)
            assert listed, f"docs/design.md, Floors: a floor lists no module: {line}"
            names = {match[1] or match[2] or "commands" for match in _MODULE.finditer(listed[0])}
            found.append(Floor(frozenset(names), line[listed.end() :].strip()))
    return tuple(found)


def module_name(path: Path) -> str:
    """The first part under `triage` of the module at `path` (`__init__` for the package itself)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imported(path: Path) -> set[str]:
    """The modules of `triage` a file imports, anywhere in it (a lazy import counts), by first part."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "triage":
            dotted = node.module.split(".")
            names |= {dotted[1]} if len(dotted) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("triage.")}
    return {"__init__" if name == "__version__" else name for name in names}


SOURCES = sorted(PACKAGE.rglob("*.py"))


def floor_of(name: str) -> int:
    holding = [i for i, floor in enumerate(floors()) if name in floor.modules]
    assert len(holding) == 1, f"docs/design.md, Floors: {name} is on {len(holding)} floors, not 1"
    return holding[0]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_of_the_package_stands_on_one_floor_of_the_design(path: Path) -> None:
    name = module_name(path)
    holding = [floor.description for floor in floors() if name in floor.modules]
    assert len(holding) == 1, f"docs/design.md, Floors: {name} is on {len(holding)} floors, not 1"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_imports_only_from_its_own_floor_and_the_floors_below(path: Path) -> None:
    own = floor_of(module_name(path))
    above = {name for name in imported(path) if floor_of(name) < own}
    assert above == set(), f"{path.relative_to(ROOT)} imports from floors above its own"


def test_the_floors_of_what_one_command_needs_import_nothing_from_one_another() -> None:
    commands = {i for i, floor in enumerate(floors()) if floor.description.startswith(COMMAND_FLOORS)}
    assert len(commands) == len(COMMAND_FLOORS)
    across = {
        (module_name(path), name)
        for path in SOURCES
        if floor_of(module_name(path)) in commands
        for name in imported(path)
        if floor_of(name) in commands - {floor_of(module_name(path))}
    }
    assert across == set()


PACKAGED = sorted(
    path
    for package in ("classify", "ruleset")
    for path in (PACKAGE / package).glob("*.py")
    if path.stem != "__init__"
)


@pytest.mark.parametrize("path", PACKAGED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_of_the_classify_and_ruleset_packages_is_named_in_the_design(path: Path) -> None:
    named = re.search(
        rf"`(?:{path.parent.name}/)?{re.escape(path.name)}`", DESIGN.read_text(encoding="utf-8")
    )
    assert named, f"docs/design.md names no `{path.parent.name}/{path.name}`: say what it does"
