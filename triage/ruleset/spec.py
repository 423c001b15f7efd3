"""The vocabulary a YAML file's shape is declared in: one class per kind of value.

A declaration built from these classes is the single source of truth for a file format: the
walker (`walk.py`) validates YAML nodes against it, and `json_schema.py` turns it into the JSON
Schema editors use. Checks a JSON Schema cannot express (an RE2 compile, a glob) are `check`
callables, run by the loader only.

The classes are immutable `typing.NamedTuple`s: Python builds them at every start-up, and a
NamedTuple class costs about a fifth of a frozen dataclass to create.
"""

# No `from __future__ import annotations`: it makes NamedTuples slow to define (see triage.model).

from collections.abc import Callable
from typing import Final, NamedTuple

ValueCheck = Callable[[str], str | None]
"""Returns what is wrong with a value, or None when it is fine."""


class _FromSpec:
    def __repr__(self) -> str:
        return "FROM_SPEC"


FROM_SPEC: Final = _FromSpec()
"""A key's default is its spec's empty value: `[]` for a list, the defaults of a mapping."""


class Text(NamedTuple):
    """A string; `pattern` must match the whole of it (Python and ECMA-262 alike)."""

    min_length: int = 1
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: str = ""
    pattern_hint: Callable[[str], str] | None = None
    """The whole problem of a value `pattern` does not match, in place of `pattern_message`, where
    what to write depends on the value (`docs_base: docs.example.com` -> `https://docs.example.com`)."""
    check: ValueCheck | None = None
    unique: str | None = None
    """Values of one uniqueness group (e.g. "id") may occur once per file, compared case-folded."""
    any_character: bool = False
    """Issue text (a rule test case's title and body), which may hold what the rules' own text may
    not: control characters, bidirectional overrides, zero-width characters
    (`walk.hidden_character_problem`)."""
    prose: bool = False
    """Text for people (a name, a description, a note, a question, a doc's title), which may stand
    in typographic quotes on purpose; any other value written unquoted in them is a YAML slip
    (`yaml_hints.typographic_quotes_message`)."""


class Number(NamedTuple):
    integer: bool = False
    positive: bool = False
    const: int | None = None
    maximum: float | None = None


class Flag(NamedTuple):
    """A boolean."""


class Choice(NamedTuple):
    values: tuple[str, ...]


class ListOf(NamedTuple):
    item: "Spec"
    min_items: int = 0


class Key(NamedTuple):
    spec: "Spec"
    description: str
    required: bool = False
    default: object = FROM_SPEC
    nullable: bool = False


class Mapping(NamedTuple):
    """A mapping with exactly these keys; `name` makes it a reusable `$defs` entry in JSON Schema."""

    fields: dict[str, Key]
    description: str = ""
    name: str | None = None
    refused: dict[str, str] | None = None
    """Keys a sibling mapping has that would do nothing here, each with the message saying why,
    reported instead of "unknown key" (`case_sensitive` on a repository, `weight` on an exclude)."""

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(name for name, key in self.fields.items() if key.required)


class Either(NamedTuple):
    """A string, or a mapping that spells the same thing out (a term and its options)."""

    scalar: Text
    mapping: Mapping


Spec = Text | Number | Flag | Choice | ListOf | Mapping | Either


def empty_value(spec: Spec) -> object:
    """What stands in for a missing or invalid value, so later stages always see the full shape."""
    match spec:
        case Text() | Either():
            return ""
        case Number():
            return empty_number(spec)
        case Flag():
            return False
        case Choice():
            return spec.values[0]
        case ListOf():
            return []
        case Mapping():
            return empty_mapping(spec)


def empty_number(spec: Number) -> int:
    return spec.const if spec.const is not None else 0


def empty_mapping(spec: Mapping) -> dict[str, object]:
    return {name: default_value(key) for name, key in spec.fields.items()}


def default_value(key: Key) -> object:
    return empty_value(key.spec) if key.default is FROM_SPEC else key.default
