"""File paths: mentions (see `mentions.py`) matched against gitignore-style globs.

- A mention counts as a path when it came from code (inline code, a fenced block, a GitHub or
  Sourcegraph link, a Go path or stack trace), or, written plainly in prose, when it has a file
  extension, ends in `/`, or starts with a directory the globs name literally (two segments or
  more, e.g. `cmd/server`): `and/or` and `CI/CD` are not paths.
- A path matches a glob as a file or as a directory (`cmd/server` matches `cmd/server/**`).
- When globs of several areas match one path, the most specific wins: the most literal segments,
  then the most literal characters; ties are all kept.
- A path in a link into a repository (a GitHub or Sourcegraph file link, a Go path through
  `github.com/o/r`; a link to one of the rules' `github_hosts` alike) is that repository's file:
  with the rules' `path_repos` set, it counts only
  when the repository is one of them (a code-navigation report linking another project's
  `build.sh`, or a fork's copy of ours, names no file of ours).
- The words of a text's prose whose paths a glob wins are noted on it (`claimed_words`), for the
  keywords: one inside such a word counts only for the glob's owner (`claims.py`).

Globs are compiled by `pathspec` (git's own reading) and run as ONE RE2 set, so a hostile path
cannot make them backtrack; each distinct path is matched once and remembered.
"""

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import re2

from triage.classify import claims
from triage.classify.finder import Hit, Target, quote
from triage.classify.glob_regex import regex_sources
from triage.classify.mentions import Mention, Needles, has_extension
from triage.classify.patterns import re2_options, re2_reason
from triage.classify.text import PreparedIssue
from triage.errors import TriageError
from triage.model import Rules, Term
from triage.wildcards import wildcard_pattern

_WILDCARD = re.compile(r"\[[^\]]*\]|[*?\\]")
_CACHE_LIMIT = 1024


class Glob(NamedTuple):
    target: int
    term: Term
    specificity: tuple[int, int]


def specificity(glob: str) -> tuple[int, int]:
    """(literal segments, literal characters): `cmd/server/**` beats `**/server/**` beats `**`."""
    segments = [s for s in glob.strip("/").split("/") if s and _WILDCARD.search(s) is None]
    return len(segments), len(_WILDCARD.sub("", glob).replace("/", ""))


def needle(glob: str) -> str:
    """The glob's longest literal run, without slashes: every path it matches holds that."""
    return max((piece.strip("/") for piece in _WILDCARD.split(glob)), key=len)


def probe(glob: str) -> str:
    """RE2 source for text any mention of a path that `glob` matches contains.

    That is the glob's `needle`; when that run is one whole folder of a glob with a `/`, the
    mention also has a `/` beside it (`monitoring/**` needs `monitoring/` or `/monitoring`),
    which keeps the word `monitoring` in prose from waking the path matcher. A file name that
    ends the glob needs none (`**/docker-compose.yaml` matches a bare `docker-compose.yaml`), unless
    the glob is anchored at the root (`/go.mod` wants the path written with its `/`).
    """
    longest = needle(glob)
    if not longest:
        return r"[/.]"
    literal = str(re2.escape(longest))
    segments = glob.split("/")
    anchored_name = glob.startswith("/") and _WILDCARD.search(glob) is None and longest == segments[-1]
    if longest in segments[:-1] or anchored_name:
        return f"/{literal}|{literal}/"
    return literal


def literal_dirs(glob: str) -> str | None:
    """`cmd/server/` for `cmd/server/**`: the leading literal directories, if two or more."""
    segments = glob.lstrip("/").split("/")
    literal: list[str] = []
    for segment in segments[:-1]:
        if not segment or _WILDCARD.search(segment):
            break
        literal.append(segment)
    return "/".join(literal) + "/" if len(literal) >= 2 else None


class GlobsTooLargeError(TriageError):
    """The rules' globs together exceed RE2's memory for one set."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"the rules' {count} path globs together are too large for RE2's memory for one set: remove some"
        )


class GlobRegexError(TriageError):
    """A glob whose regex RE2 cannot compile. Loading rules refuses such a glob at its line; this
    is for rules built in code, and says what is wrong rather than blaming the set's size."""

    def __init__(self, glob: Term, reason: str) -> None:
        self.glob = glob
        super().__init__(
            f'"{glob.text}" is not a glob triage can match: RE2 cannot compile its regex: {reason}'
        )


def glob_set(globs: Sequence[Glob]) -> Any:
    """The globs' regexes as one RE2 set: a glob RE2 refuses is a `GlobRegexError`, a set RE2
    cannot fit in its memory a `GlobsTooLargeError`."""
    found = re2.Set.SearchSet(re2_options(for_set=True))
    for glob, source in zip(globs, regex_sources([glob.term.text for glob in globs]), strict=True):
        try:
            found.Add(source)
        except re2.error:
            raise GlobRegexError(glob.term, _re2_reason(source)) from None
    try:
        found.Compile()
    except re2.error:
        raise GlobsTooLargeError(len(globs)) from None
    return found


def _re2_reason(source: str) -> str:
    """A set's `Add` only says it failed; compiling the source alone says why."""
    try:
        re2.compile(source, re2_options())
    except re2.error as error:
        return re2_reason(error)
    return "refused in a set"


class PathFinder:
    """`kin`: for each target, the targets a word naming a path its glob claims is given to
    (`claims.kin`), noted on the text for the keywords; `hosts`: the rules' `github_hosts`, whose
    file links name paths as github.com's do."""

    def __init__(
        self,
        globs: Sequence[Glob],
        repos: Sequence[str],
        kin: Sequence[frozenset[int]],
        hosts: tuple[str, ...] = (),
    ) -> None:
        self._globs = tuple(globs)
        self._hosts = hosts
        self._kin = tuple(kin)
        # The repositories whose files the globs name (`path_repos`); None: any repository's.
        self._ours = wildcard_pattern(repos) if repos else None
        self._repo_seen: dict[str, bool] = {}
        self.probes = tuple(probe(glob.term.text) for glob in self._globs)
        self._needles = tuple(needle(glob.term.text) for glob in self._globs)
        self._known_dirs = tuple(sorted({d for g in self._globs if (d := literal_dirs(g.term.text))}))
        self._set: Any = None  # built on first use: most issues name no path
        self._cache: dict[str, tuple[Glob, ...]] = {}

    def find(self, issue: PreparedIssue, fired: Sequence[int]) -> list[Hit]:
        hits: list[Hit] = []
        # Only the globs whose probes fired can match; a path that one matches holds its needle.
        needles = Needles(tuple({self._needles[index] for index in fired}))
        for text in issue.texts:
            # A glob counts once per place: only the first path in prose and the first in code
            # blocks can be the earliest, and a body of thousands of paths stays linear.
            seen: set[tuple[Glob, bool]] = set()
            claimed: dict[str, set[int]] = {}
            for mention in text.mentions(needles, self._hosts):
                if mention.path is None or not self._is_path(mention):
                    continue
                winners = self._winners(mention.path)
                if winners and not mention.in_block:
                    given = claimed.setdefault(mention.raw, set())
                    for glob in winners:
                        given.update(self._kin[glob.target])
                for glob in winners:
                    if (glob, mention.in_block) in seen:
                        continue
                    seen.add((glob, mention.in_block))
                    term = glob.term
                    line = text.line_of(mention)
                    said = quote(mention.path)
                    hits.append((glob.target, "path", term.text, term.weight, said, text.where, line))
            if claimed:
                text.claimed_words = {word: frozenset(targets) for word, targets in claimed.items()}
        return hits

    def _is_path(self, mention: Mention) -> bool:
        if mention.linked and self._ours is not None and not self._of_ours(mention.repo or ""):
            return False
        path = mention.path or ""
        if mention.in_code or path.endswith("/") or has_extension(path):
            return True
        return (path + "/").startswith(self._known_dirs)

    def _of_ours(self, repo: str) -> bool:
        ours = self._repo_seen.get(repo)
        if ours is None:
            if len(self._repo_seen) >= _CACHE_LIMIT:
                self._repo_seen.clear()
            pattern = self._ours
            ours = self._repo_seen[repo] = pattern is not None and pattern.match(repo) is not None
        return ours

    def _winners(self, path: str) -> tuple[Glob, ...]:
        cached = self._cache.get(path)
        if cached is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[path] = self._most_specific(path)
        return cached

    def prepare(self) -> None:
        """Build now what is otherwise built on first use (`triage check` wants to know it fits)."""
        self._glob_set()

    def _glob_set(self) -> Any:
        if self._set is None:
            self._set = glob_set(self._globs)
        return self._set

    def _most_specific(self, path: str) -> tuple[Glob, ...]:
        data = path.encode("utf-8", "surrogatepass")
        globs = self._glob_set()
        matched = set(globs.Match(data) or ()) | set(globs.Match(data + b"/") or ())
        if not matched:
            return ()
        best = max(self._globs[index].specificity for index in matched)
        return tuple(
            self._globs[index] for index in sorted(matched) if self._globs[index].specificity == best
        )


def build(targets: Sequence[Target], rules: Rules) -> PathFinder:
    globs = [
        Glob(index, term, specificity(term.text))
        for index, target in enumerate(targets)
        for term in target.matchers.paths
    ]
    return PathFinder(globs, rules.path_repos, claims.kin(targets), rules.github_hosts)
