"""Loaded rules kept between runs, so that `triage dry-run` on unchanged rules skips YAML.

Parsing and checking `rules/ownership.yaml` (and importing PyYAML, pathspec and the checker to do
it) is about 50 ms of a command whose start-up target is 120 ms. The result is a pure function of
the file's text, the path as given and the working folder it was named from (the loaded `source`
keeps the path, and nothing else is read), and of triage's own loading code; the cache file is
named by a SHA-256 of all of those, with the stat of every loader module and of PyYAML standing in
for the code. Rules naming a comment `template` are not cached: their template path is resolved
against the filesystem (symlinks), which the text does not capture. Only rules that loaded
without a problem are stored, so every error is still found and reported by the full load.
See `triage.user_cache` for where files live and when one is trusted.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from pathlib import Path

from triage import user_cache
from triage.model import Rules

FOLDER = "rules-v1"
_LOADER_FILES = (Path(__file__).parent, Path(__file__).parent.parent / "model.py")


def cache_path(source: str, text: str) -> Path:
    key = repr((sys.version, source, str(Path.cwd()), _code_stamp(), text))
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return user_cache.cache_folder(FOLDER) / (name + ".pickle")


def _code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each file the loaded rules depend on."""
    files: list[str] = []
    for place in _LOADER_FILES:
        if place.is_dir():
            files.extend(entry.path for entry in os.scandir(place) if entry.name.endswith(".py"))
        else:
            files.append(str(place))
    yaml = importlib.util.find_spec("yaml")
    if yaml is not None and yaml.origin is not None:
        files.append(yaml.origin)
    stamps = []
    for name in sorted(files):
        status = Path(name).stat()
        stamps.append((name, status.st_size, status.st_mtime_ns))
    return tuple(stamps)


def cached_rules(path: Path) -> Rules | None:
    data = user_cache.read_private(path)
    if data is None:
        return None
    try:
        rules = pickle.loads(data)  # noqa: S301 - the user's own private file (see user_cache)
    except Exception:  # any file that does not unpickle is a miss, never an error
        return None
    return rules if isinstance(rules, Rules) else None


def store_rules(path: Path, rules: Rules) -> None:
    if rules.comment.template is None:
        user_cache.write_private(path, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
