"""Repositories: `owner/name` from GitHub links (github.com's and those of the rules'
`github_hosts`), Sourcegraph links, Go paths and bare mentions (`owner/name`, `owner/name#123`;
see `mentions.py`), compared case-insensitively with `repos`.

A bare `a/b` is common in prose, but only the repositories the rules name can match.
"""

from __future__ import annotations

from collections.abc import Sequence

import re2

from triage.classify.finder import Hit, Target, quote
from triage.classify.mentions import Needles
from triage.classify.text import PreparedIssue
from triage.model import Rules, Term


class RepoFinder:
    """`hosts`: the rules' `github_hosts`, whose links name repositories as github.com's do."""

    def __init__(self, owners: dict[str, list[tuple[int, Term]]], hosts: tuple[str, ...] = ()) -> None:
        self._owners = owners
        self._hosts = hosts
        self._repos = tuple(owners)
        self.probes = tuple("(?i)" + re2.escape(repo) for repo in owners)

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> list[Hit]:
        hits: list[Hit] = []
        wanted = tuple(self._repos[index] for index in fired)
        needles = Needles(wanted, fold_case=True)
        for text in issue.texts:
            # Reading mentions is the costly part; a text that names none of the repositories
            # the pass found (usually the title) has none to give.
            lowered = text.cleaned.lower()
            if not any(repo in lowered for repo in wanted):
                continue
            seen: set[tuple[str | None, bool]] = set()  # as for paths: the first in prose and in code
            for mention in text.mentions(needles, self._hosts):
                if mention.repo not in self._owners or (mention.repo, mention.in_block) in seen:
                    continue
                seen.add((mention.repo, mention.in_block))
                line = text.line_of(mention)
                said = quote(mention.text)
                for target, term in self._owners[mention.repo]:
                    hits.append((target, "repo", term.text, term.weight, said, text.where, line))
        return hits


def repo_key(repo: str) -> str:
    """Repositories that name the same one share one key: GitHub's names ignore case."""
    return repo.strip().lower()


def build(targets: Sequence[Target], rules: Rules) -> RepoFinder:
    owners: dict[str, list[tuple[int, Term]]] = {}
    for index, target in enumerate(targets):
        for term in target.matchers.repos:
            owners.setdefault(repo_key(term.text), []).append((index, term))
    return RepoFinder(owners, rules.github_hosts)
