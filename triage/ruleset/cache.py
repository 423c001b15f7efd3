"""Loaded rules kept between runs, so that `triage dry-run` on unchanged rules skips YAML.

Parsing and checking `rules/ownership.yaml` (and importing PyYAML, pathspec and the checker to do
it) is about 50 ms of a command whose start-up target is 120 ms. The result is a pure function of
the file's text, the path as given and the working folder it was named from (the loaded `source`
keeps the path, and nothing else is read), and of triage's own loading code; the cache file is
named by a SHA-256 of all of those, with the stat of every loader module and of PyYAML standing in
for the code. The file holds the rules as plain nested tuples (`marshal`), rebuilt into the
model's types on load: importing `pickle` cost ~8M instructions, 3% of a dry-run. Rules naming a
comment `template` are not cached: their template path is resolved against the filesystem
(symlinks), which the text does not capture. Only rules that loaded without a problem are
stored, so every error is still found and reported by the full load.
See `triage.user_cache` for where files live and when one is trusted.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any

from triage import user_cache
from triage.model import (
    Area,
    Ask,
    CommentSettings,
    Doc,
    FieldRule,
    Label,
    Matchers,
    Rules,
    Team,
    Term,
    Weights,
)

FOLDER = "rules-v3"
_PACKAGE = Path(__file__).parent.parent
_LOADER_FILES = (
    Path(__file__).parent,
    _PACKAGE / "classify",  # the keys that find terms listed twice
    _PACKAGE / "model.py",
    _PACKAGE / "safe_text.py",  # the characters refused in any text
    _PACKAGE / "bounded_read.py",  # the size a rules file may have
    _PACKAGE / "near_names.py",  # the file a rules or template path naming none meant
    _PACKAGE / "wildcards.py",  # `path_repos`, compiled with the classifier a load builds
)
"""Every triage module whose code decides what a load of the rules returns or accepts."""


def cache_path(source: str, text: str) -> Path:
    return user_cache.file_for(
        FOLDER, repr((sys.version, source, str(Path.cwd()), _code_stamp(), text)), ".marshal"
    )


def _code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each file the loaded rules depend on."""
    files = loader_files()
    for package in _LIBRARIES:
        found = user_cache.package_file(package)
        if found is not None:
            files.append(found)
    return tuple(map(user_cache.file_stamp, sorted(files)))


_LIBRARIES = ("yaml", "pathspec", "re2")
"""The libraries whose versions decide what a load accepts: the parser, and the compilers that
judge each glob and each pattern."""


def loader_files() -> list[str]:
    files: list[str] = []
    for place in _LOADER_FILES:
        if place.is_dir():
            files.extend(entry.path for entry in os.scandir(place) if entry.name.endswith(".py"))
        else:
            files.append(str(place))
    return files


def cached_rules(path: Path) -> Rules | None:
    data = user_cache.read_private(path)
    if data is None:
        return None
    try:
        return rules_from_data(marshal.loads(data))  # noqa: S302 - the user's own private file (see user_cache)
    except Exception:  # any file that does not decode to rules is a miss, never an error
        return None


def store_rules(path: Path, rules: Rules) -> None:
    if rules.comment.template is None:
        user_cache.write_private(path, marshal.dumps(rules_to_data(rules)))


_TYPES: dict[str, type[tuple[Any, ...]]] = {
    kind.__name__: kind
    for kind in (Rules, Team, Area, Ask, Matchers, Term, FieldRule, Label, Doc, Weights, CommentSettings)
}
"""The NamedTuples a `Rules` is made of, by name: what a stored tuple is rebuilt into."""


def rules_to_data(value: Any) -> Any:
    """The rules as plain nested tuples (what `marshal` stores): each tuple as (its type's name, or
    "" for a plain tuple, and its items)."""
    if not isinstance(value, tuple):
        return value
    name = type(value).__name__
    return (name if name in _TYPES else "", tuple(map(rules_to_data, value)))


def rules_from_data(data: Any) -> Rules:
    """`rules_to_data` undone; data of any other shape raises."""
    rules = _from_data(data)
    if not isinstance(rules, Rules):
        raise TypeError("stored data is not rules")
    return rules


def _from_data(data: Any) -> Any:
    if not isinstance(data, tuple):
        return data
    name, items = data
    rebuilt = tuple(map(_from_data, items))
    return _TYPES[name](*rebuilt) if name else rebuilt
