"""CJK text: whether an issue has any, noted in the one pass over it.

Chinese and Japanese put no space between words, and Korean writes particles onto them, so a Latin
term often meets CJK text directly (`升级Kubernetes部署`, `kubectlでapply`, `helm을`). To Python every
Han, kana or Hangul character is a word character, so such a term would be glued to it. A term
written without CJK therefore reads the text with its CJK characters set apart (`cjk_apart`), but
only in an issue that has some: this finder's probe tells, at no cost to the others, and it finds
no evidence itself. It is first in `registry.FINDERS`, so the literal terms' finders run after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from triage.classify.finder import Hit, Target
from triage.classify.text import CJK_PROBE, PreparedIssue
from triage.model import Rules


class CjkFinder:
    probes = (CJK_PROBE,)

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> list[Hit]:
        issue.has_cjk = True
        return []


def build(targets: Sequence[Target], rules: Rules) -> CjkFinder:
    return CjkFinder()
