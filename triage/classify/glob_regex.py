"""Gitignore globs as regex sources, as `pathspec` (git's own reading) translates them.

Importing pathspec costs ~25 ms, more than the rest of a one-issue classification, and its answer
for the same globs never changes: so the sources are kept in the user's cache (`triage.user_cache`)
as JSON (data, not code) named by a SHA-256 of the globs, Python's version and the size and
modification time of pathspec's package file. A hit skips the import; any error is a miss.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from triage import user_cache

FOLDER = "globs-v1"
MATCH_NOTHING = r"[^\s\S]"


def regex_sources(globs: Sequence[str]) -> list[str]:
    """One RE2-compatible source per glob; a negation, comment or blank matches nothing."""
    path = _cache_path(globs)
    sources = _read(path, len(globs))
    if sources is None:
        sources = [regex_source(glob) for glob in globs]
        user_cache.write_private(path, json.dumps(sources).encode("utf-8"))
    return sources


def regex_source(glob: str) -> str:
    """The glob as pathspec (git's reading) translates it; `MATCH_NOTHING` for one that matches no path."""
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern  # noqa: PLC0415 - not at every start-up

    with warnings.catch_warnings():  # Python's `re` on pathspec's regex: "possible nested set" at `[[`
        warnings.simplefilter("ignore", FutureWarning)
        pattern = GitIgnoreSpecPattern(glob)
    if not pattern.include or pattern.regex is None:
        return MATCH_NOTHING
    return str(pattern.regex.pattern)


def _cache_path(globs: Sequence[str]) -> Path:
    return user_cache.file_for(FOLDER, repr((sys.version, _pathspec_stamp(), list(globs))), ".json")


def _pathspec_stamp() -> tuple[str, int, int] | None:
    origin = user_cache.package_file("pathspec")
    return None if origin is None else user_cache.file_stamp(origin)


def _read(path: Path, count: int) -> list[str] | None:
    data = user_cache.read_private(path)
    if data is None:
        return None
    try:
        sources = json.loads(data)
    except ValueError:
        return None
    if isinstance(sources, list) and len(sources) == count and all(isinstance(s, str) for s in sources):
        return sources
    return None
