"""The one pass over an issue: every finder's probes in a single RE2 set.

RE2 runs a set as one DFA, so the cost is one linear scan of the title and body whatever the
number of terms; the answer is which probes matched, and only their finders do further work.
"""

from __future__ import annotations

from collections.abc import Sequence

import re2

from triage.classify.finder import Finder
from triage.classify.patterns import compiled_set, re2_options


class ProbeSetTooLargeError(Exception):
    """The probes together exceed RE2's memory budget for one set; `largest` are the sources of
    the biggest of them without which the rest fit, biggest first, for the rules error (none when
    leaving out a few does not make the rest fit: then it is their number)."""

    def __init__(self, largest: list[str], count: int) -> None:
        super().__init__("the probes do not fit in one RE2 set")
        self.largest = largest
        self.count = count


class Prefilter:
    def __init__(self, finders: Sequence[Finder]) -> None:
        self._finders = tuple(finders)
        self._owner: list[tuple[int, int]] = []
        sources: list[str] = []
        for finder_index, finder in enumerate(self._finders):
            for local_index, source in enumerate(finder.probes):
                self._owner.append((finder_index, local_index))
                sources.append(source)
        try:
            self._set = compiled_set(sources) if sources else None
        except re2.error:
            raise ProbeSetTooLargeError(_culprits(sources), len(set(sources))) from None

    def fired(self, probe_bytes: bytes) -> list[tuple[Finder, list[int]]]:
        """The finders to run, each with the indices of its own probes that matched, ascending.

        Probes were added finder by finder, so the sorted matches come grouped by finder."""
        matched = self._set.Match(probe_bytes) if self._set is not None else None
        if not matched:
            return []
        matched.sort()
        owner = self._owner
        result: list[tuple[Finder, list[int]]] = []
        current = -1
        indices: list[int] = []
        for probe in matched:
            finder_index, local_index = owner[probe]
            if finder_index != current:
                current = finder_index
                indices = []
                result.append((self._finders[finder_index], indices))
            indices.append(local_index)
        return result


def _culprits(sources: list[str], most: int = 5) -> list[str]:
    """The fewest of the biggest probes (by RE2 program size) without which the rest fit in one
    set, biggest first. If leaving out `most` is not enough: those `most` when they are at least
    half of the whole, else none, as their number is the trouble (naming them would send a rule
    author who added hundreds of terms to shrink patterns that were never too large)."""
    sizes = {source: _program_size(source) for source in set(sources)}
    by_size = sorted(sizes, key=sizes.__getitem__, reverse=True)
    for count in range(1, min(most, len(by_size)) + 1):
        left_out = set(by_size[:count])
        if _compiles([source for source in sources if source not in left_out]):
            return by_size[:count]
    biggest = by_size[:most]
    return biggest if 2 * sum(sizes[source] for source in biggest) >= sum(sizes.values()) else []


def _program_size(source: str) -> float:
    try:
        return float(re2.compile(source, re2_options(for_set=True))._regexp.ProgramSize())
    except re2.error:
        return float("inf")


def _compiles(sources: list[str]) -> bool:
    try:
        compiled_set(sources)
    except re2.error:
        return False
    return True
