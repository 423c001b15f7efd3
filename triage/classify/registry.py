"""Every kind of evidence the classifier looks for, in one list: add a kind here.

Each entry builds its finder once from the rules' targets (teams and areas), and the rules for
settings of the whole file (`path_repos`); see `finder.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from triage.classify import cjk, exclude, fields, keywords, paths, patterns, repos
from triage.classify.finder import Finder, Target
from triage.model import Rules

FinderBuilder = Callable[[Sequence[Target], Rules], Finder]

FINDERS: tuple[FinderBuilder, ...] = (
    cjk.build,  # first: it marks an issue with CJK text for the literal terms' finders
    paths.build,  # before keywords: it notes the words naming a path a glob claims (`claims.py`)
    keywords.build,
    patterns.build,
    repos.build,
    fields.build,
    exclude.build,
)
