"""What every evidence kind provides, and what it hands back.

A finder is built once from the rules (`build(targets, rules) -> Finder`, listed in `registry.py`). It
declares `probes`: RE2 sources whose match anywhere in the issue is a *necessary* condition for it
to find anything (an empty probe always fires). The classifier runs all probes of all finders in
ONE pass (an RE2 set) and calls a finder only with the indices of its probes that fired, so an
issue that mentions none of the rules' terms costs one linear scan.
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from triage.classify.text import PreparedIssue
from triage.model import EvidenceKind, Matchers, Where
from triage.safe_text import clip_middle

TEXT_LIMIT = 100
"""Evidence quotes at most this many characters of the issue."""


class Target(NamedTuple):
    """A team (`area_id` None: team-level terms) or one of its areas; hits point at it by index."""

    team_id: str
    area_id: str | None
    matchers: Matchers


Hit = tuple[int, EvidenceKind, str, float, str, Where, int]
"""One occurrence of a rule term in the issue, before scoring weighs it: (target, kind, term,
term weight, text, where, line). A plain tuple: building a NamedTuple costs several times more,
and finders build one for every term found."""


class Finder(Protocol):
    @property
    def probes(self) -> Sequence[str]: ...

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> Iterable[Hit]:
        """Hits in `issue`; `fired` are the indices (into `probes`) that matched, ascending."""
        ...


def quote(text: str) -> str:
    """What the issue said, cut to `TEXT_LIMIT` characters in the middle, so that its start and its
    end both show (`clip_middle`)."""
    text = text.strip()
    return text if len(text) <= TEXT_LIMIT else clip_middle(text, TEXT_LIMIT)
