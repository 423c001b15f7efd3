"""The one pass over an issue: every finder's probes in a single RE2 set.

RE2 runs a set as one DFA, so the cost is one linear scan of the title and body whatever the
number of terms; the answer is which probes matched, and only their finders do further work.
"""

from __future__ import annotations

from collections.abc import Sequence

import re2

from triage.classify.finder import Finder
from triage.classify.patterns import re2_options


class Prefilter:
    def __init__(self, finders: Sequence[Finder]) -> None:
        self._finders = tuple(finders)
        self._owner: list[tuple[int, int]] = []
        self._set = re2.Set.SearchSet(re2_options(for_set=True))
        for finder_index, finder in enumerate(self._finders):
            for local_index, source in enumerate(finder.probes):
                self._set.Add(source)
                self._owner.append((finder_index, local_index))
        if self._owner:
            self._set.Compile()

    def fired(self, probe_bytes: bytes) -> list[tuple[Finder, list[int]]]:
        """The finders to run, each with the indices of its own probes that matched, ascending.

        Probes were added finder by finder, so the sorted matches come grouped by finder."""
        matched = self._set.Match(probe_bytes) if self._owner else None
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
