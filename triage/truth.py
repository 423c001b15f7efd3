"""What counts as the right answer when scoring rules against issues people already labelled.

Real label history is messy: a team label grows an emoji (`team/distribution 🚢📦💨`), a team
is split and its successors take over part of its work, area labels predate the rules. A
`TruthProfile` says, without custom code, how to read it:

- `positive`: for each rules label scored, the issue labels (fnmatch patterns such as
  `team/distribution*`) that make an issue a positive;
- `ignore`: issue labels (patterns) that take an issue out of the scoring for that label;
- `negative_prefixes`: when set, only issues carrying some other label with one of these
  prefixes are negatives (the rest have no known owner and are not scored); when empty, every
  issue that is neither positive nor ignored is a negative;
- `areas`: for each area id, the issue labels (patterns) that name it as the true area.

The order is fixed: positive first, then ignored, then negative, as in Sourcegraph's score.py.
"""

from __future__ import annotations

import difflib
import fnmatch
import glob
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from triage.errors import InputError
from triage.issue_input import read_text
from triage.json_fields import JsonLimitError, decode

Verdict = Literal["positive", "negative", "ignored"]
PROFILE_KEYS = ("positive", "ignore", "negative_prefixes", "areas")
Patterns = tuple[str, ...]


@dataclass(frozen=True)
class TruthProfile:
    positive: Mapping[str, Patterns] = field(default_factory=dict)
    ignore: Patterns = ()
    negative_prefixes: Patterns = ()
    areas: Mapping[str, Patterns] = field(default_factory=dict)
    origins: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """Where each `positive` and `areas` key was given, by ("positive" or "areas", key): the truth
    file and its key (`truth.yaml: positive`) or the option (`--positive 'a=b'`), for a message
    about a key the rules lack to name what to fix."""

    def origin(self, kind: Literal["positive", "areas"], key: str) -> str:
        return self.origins.get((kind, key), f"truth: {kind}")


def matches_any(labels: Iterable[str], patterns: Iterable[str]) -> bool:
    """True when one of `labels` matches one of the fnmatch `patterns` (case-sensitive)."""
    wanted = tuple(patterns)
    return any(fnmatch.fnmatchcase(label, pattern) for label in labels for pattern in wanted)


def verdict(
    profile: TruthProfile, scored_label: str, issue_labels: Iterable[str], previous_names: Iterable[str] = ()
) -> Verdict:
    """Whether an issue is a positive, a negative or left out, for one scored rules label. Without a
    `positive` entry for it, the label itself and its `previous_names` (the rules say those are the
    same label), each exactly."""
    labels = tuple(issue_labels)
    exact = tuple(glob.escape(name) for name in (scored_label, *previous_names))
    positive = profile.positive.get(scored_label, exact)
    if matches_any(labels, positive):
        return "positive"
    if matches_any(labels, profile.ignore):
        return "ignored"
    if profile.negative_prefixes and not any(
        label.startswith(prefix) for label in labels for prefix in profile.negative_prefixes
    ):
        return "ignored"
    return "negative"


def true_areas(profile: TruthProfile, issue_labels: Iterable[str]) -> frozenset[str]:
    """The area ids the issue's labels name as its true areas."""
    labels = tuple(issue_labels)
    return frozenset(area for area, patterns in profile.areas.items() if matches_any(labels, patterns))


# --- Building a profile from a file and from command-line options ------------------------------


def profile_from_data(data: object, source: str) -> TruthProfile:
    """A profile from parsed YAML/JSON; every key optional, unknown keys rejected."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a mapping with {', '.join(PROFILE_KEYS)}")
    unknown = sorted(str(key) for key in set(data) - set(PROFILE_KEYS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], PROFILE_KEYS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(PROFILE_KEYS)}"
        raise InputError(f"{source}: unknown key {unknown[0]!r}: {hint}")
    positive = _pattern_map(data.get("positive", {}), f"{source}: positive")
    areas = _pattern_map(data.get("areas", {}), f"{source}: areas")
    return TruthProfile(
        positive=positive,
        ignore=_patterns(data.get("ignore", []), f"{source}: ignore"),
        negative_prefixes=_patterns(data.get("negative_prefixes", []), f"{source}: negative_prefixes"),
        areas=areas,
        origins={
            **{("positive", key): f"{source}: positive" for key in positive},
            **{("areas", key): f"{source}: areas" for key in areas},
        },
    )


def load_profile(path: str) -> TruthProfile:
    """Read a truth profile: JSON if the file ends in `.json`, YAML otherwise."""
    return profile_from_data(_parse(read_text(path), path), path)


def with_options(
    profile: TruthProfile,
    *,
    positive: Iterable[str] = (),
    ignore: Iterable[str] = (),
    negative_prefixes: Iterable[str] = (),
    areas: Iterable[str] = (),
) -> TruthProfile:
    """The profile with command-line `LABEL=PATTERN,PATTERN` options added; options win per key."""
    positive_given, areas_given = _assignments(positive, "--positive"), _assignments(areas, "--area")
    return replace(
        profile,
        positive={**profile.positive, **{key: patterns for key, (patterns, _) in positive_given.items()}},
        ignore=profile.ignore + tuple(ignore),
        negative_prefixes=profile.negative_prefixes + tuple(negative_prefixes),
        areas={**profile.areas, **{key: patterns for key, (patterns, _) in areas_given.items()}},
        origins={
            **profile.origins,
            **{("positive", key): option for key, (_, option) in positive_given.items()},
            **{("areas", key): option for key, (_, option) in areas_given.items()},
        },
    )


def _parse(text: str, path: str) -> object:
    if path.endswith(".json"):
        try:
            return decode(text)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from error
        except JsonLimitError as error:
            raise InputError(f"{path}: invalid JSON: {error}") from None
    import yaml  # noqa: PLC0415  # only `triage eval --truth` needs PyYAML here

    from triage.ruleset.yamlnodes import yaml_error_in  # noqa: PLC0415

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader that refuses repeated keys
    except yaml.YAMLError as error:
        at, said = yaml_error_in(text, error)
        raise InputError(f"{path}:{at.line}:{at.col}: invalid YAML: {said}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid YAML: nested too deeply") from None


def _loader() -> type:
    """PyYAML's SafeLoader, but a mapping that repeats a key is an error: `safe_load` keeps the
    last, so a second `positive:` block would silently drop the first."""
    import yaml  # noqa: PLC0415

    class _UniqueKeys(yaml.SafeLoader):
        def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
            """A value YAML reads but Python cannot build (`2024-02-30`, an int of 5,000 digits) is
            an error at its node, as a syntax error is."""
            try:
                return super().construct_object(node, deep)
            except (ValueError, OverflowError) as error:
                raise yaml.constructor.ConstructorError(None, None, str(error), node.start_mark) from None

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
            first: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool | None):
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"a key must be a plain value, not a {type(key).__name__}",
                        key_node.start_mark,
                    )
                if key in first:
                    raise yaml.constructor.ConstructorError(
                        None, None, f'duplicate key "{key}" (first at line {first[key]})', key_node.start_mark
                    )
                first.setdefault(key, key_node.start_mark.line + 1)
            return super().construct_mapping(node, deep)

    return _UniqueKeys


def _assignments(options: Iterable[str], flag: str) -> dict[str, tuple[Patterns, str]]:
    """Each `NAME=PATTERN,PATTERN` option's patterns by name, with the option as written."""
    parsed: dict[str, tuple[Patterns, str]] = {}
    for option in options:
        key, equals, value = option.partition("=")
        patterns = tuple(p.strip() for p in value.split(",") if p.strip())
        said = f"{flag} {option!r}"
        if not equals or not key.strip() or not patterns:
            raise InputError(f"{said}: expected NAME=PATTERN[,PATTERN...]")
        parsed[key.strip()] = (patterns, said)
    return parsed


def _patterns(value: object, where: str) -> Patterns:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        got = f"{_described(value)}{_quote_hint(value)}"
        raise InputError(f"{where}: expected a label pattern or a list of them, got {got}")
    for at, item in enumerate(value):
        if not isinstance(item, str):
            raise InputError(
                f"{where}[{at}]: expected a label pattern, got {_described(item)}{_quote_hint(item)}"
            )
    return tuple(value)


def _quote_hint(value: object) -> str:
    """For a label YAML read as a number or a boolean (`2024`, `1.5`, `on`), whether alone, where one
    pattern will do, or in a list."""
    return " (read as one: put the label in quotes)" if isinstance(value, int | float) else ""


def _described(value: object) -> str:
    """`value` as the file gave it, in a person's words: `the number 2024`, `a mapping`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else type(value).__name__


def _pattern_map(value: object, where: str) -> dict[str, Patterns]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a mapping of name to label patterns")
    mapped = {str(key): _patterns(patterns, f"{where}.{key}") for key, patterns in value.items()}
    for key, patterns in mapped.items():
        if not patterns:  # as `--positive NAME=` is refused: it would make every issue a negative
            raise InputError(f"{where}.{key}: expected at least one label pattern")
    return mapped
