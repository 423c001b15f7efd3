"""Name patterns as a rules file writes them: `defer_to`'s labels, `path_repos`' repositories."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable


def wildcard_pattern(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regex whose `match` tells whether a case-folded name is one of `patterns`: `*` and `?`
    are the wildcards, any case; a `[` is the character (GitHub labels hold brackets), not a set."""
    sources = (fnmatch.translate(pattern.casefold().replace("[", "[[]")) for pattern in patterns)
    return re.compile("|".join(sources))
