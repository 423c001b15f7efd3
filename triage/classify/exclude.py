"""Exclude terms: literal like keywords; one match vetoes the area (or, at team level, the team).

Scoring gives an exclude hit no weight and turns it into the `EXCLUDED` status.
"""

from __future__ import annotations

from collections.abc import Sequence

from triage.classify.finder import Target
from triage.classify.keywords import PhraseFinder, build_phrase_finder
from triage.model import Rules


def build(targets: Sequence[Target], rules: Rules) -> PhraseFinder:
    return build_phrase_finder("exclude", targets, lambda matchers: matchers.exclude)
