"""The known label or id nearest a mistyped one, for "did you mean" in the cases file and in eval."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

LABEL_CUTOFF = 0.8
"""Closer than difflib's default 0.6: a prefix every team's label shares (`team/`) or every area's of a
team (`ops/`) would pass that alone, and `team/cli` would be told `team/core`."""


def closest_label(name: str, names: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=LABEL_CUTOFF)
    return close[0] if close else None
