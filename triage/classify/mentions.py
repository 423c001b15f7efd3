"""Paths and repositories named in an issue: one whitespace-separated token at a time.

A token is read when it holds a `/` (or, in inline code, a backtick):
- GitHub URLs: `github.com/o/r` (or a clone address, `git@github.com:o/r.git`) names a repository,
  `.../blob|tree|blame|raw|edit|commits/<ref>/<path>` also a path;
  `raw.githubusercontent.com/o/r/<ref>/<path>` likewise.
- Links that embed `github.com/o/r` after another host, as Sourcegraph's do
  (`sourcegraph.com/github.com/o/r/-/blob/<path>`), and Go import paths or stack traces that
  run through one (`/go/src/github.com/o/r/cmd/server/main.go:42`): repository, and the path after it.
- The same for each of the rules' `github_hosts` (a GitHub Enterprise Server's), read as github.com
  is, its raw files at `raw.<host>/o/r/<ref>/<path>` or `<host>/raw/o/r/<ref>/<path>` (with the
  server's subdomain isolation on, or off). With none, no token pays for them.
- A Markdown link, `[text](target)`, as its target alone: a link, or a relative link, surely a path
  when it holds a `/`; its text only beside an `#anchor` target. A target that starts with another
  site's host, written without its scheme (`www.example.com/docs`), names nothing.
- Anything else: a path, with `./`, a leading `/` and a `:line[:col]` suffix dropped; and a
  repository when it is exactly `owner/name` or `owner/name#123`.

Whether a bare token in prose really is a path is the path matcher's call (`in_code` helps it).
"""

import re
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from triage.model import new_record

_LEFT_TRIM = "`'\"([{<*>"
_RIGHT_TRIM = "`'\"()[]{}<>,;:!?*."
_LINE_SUFFIX = re.compile(r"(?::\d+){1,2}$")
_BARE_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+(?:#\d+)?")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_RAW_HOST = "raw.githubusercontent.com"
ALWAYS_READ_HOSTS = _GITHUB_HOSTS | {_RAW_HOST}
"""github.com's hosts, whose links are read whatever the rules' `github_hosts` say."""
_CLONE_HOST_END = re.compile(r"github\.com:", re.IGNORECASE)
_FILE_VIEWS = frozenset({"blob", "tree", "blame", "raw", "edit", "commits"})
"""What a GitHub link shows of `<ref>/<path>`: the file or folder, its blame, raw text, editor, history."""
_SOURCEGRAPH_FILE_VIEWS = frozenset({"blob", "tree", "blame", "raw", "commits"})
_TOP_LEVEL_DOMAINS = frozenset({
    "com", "org", "net", "io", "dev", "app", "co", "ai", "cloud", "sh", "so", "me", "info", "tech", "site",
    "page", "xyz", "gov", "edu", "us", "uk", "de", "fr", "nl", "se", "ch", "jp", "cn", "ru", "in", "eu", "ca",
    "au",
})  # fmt: skip
"""Enough of them to tell a host written without its scheme (`gitlab.acme.com/...`) from a folder with
a dot in its name (`Acme.Web/`, `org.eclipse.core/`)."""
MAX_PARENTHESES = 16
"""Parentheses of a link target weighed to find the one that closes it: a path holds a pair or two;
a hostile target can open thousands."""
_PARENTHESIS = re.compile(r"[()]")
_HOST_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*")
"""What may stand before a host's top-level domain: not a folder such as `.dev/` or `my_app.io/`."""
MAX_LINKS_PER_TOKEN = 64
"""Markdown links read in one whitespace-free token: a real one holds one or two, a row of badges a
few dozen; a hostile body can glue thousands together."""
_GITHUB_ROOT_RELATIVE = r"/[^/]+/[^/]+/(?:blob|tree|blame|raw|edit|commits)/"
"""A link written from the root of github.com (`/owner/name/blob/main/...`), as GitHub resolves it."""


def _host_led(target: str) -> bool:
    """Whether a link target starts with a host, written without its scheme (`www.example.com/docs`,
    `localhost:3080/...`, `gitlab.acme.com/...`, `10.0.0.1:80/...`), or with a site's own route
    (`/-/debug/...`). Read from its first segment by string tests, linear in its length."""
    head = target.lstrip("/").partition("/")[0]
    name, colon, port = head.rpartition(":")
    if colon and port.isdigit():
        return bool(name) and ":" not in name
    lowered = head.lower()
    if lowered in ("-", "localhost") or lowered.startswith("www."):
        return True
    domain, dot, top = lowered.rpartition(".")
    return bool(dot) and top in _TOP_LEVEL_DOMAINS and _HOST_NAME.fullmatch(domain) is not None


@cache
def _github_root_relative() -> re.Pattern[str]:
    return re.compile(_GITHUB_ROOT_RELATIVE)


class Mention(NamedTuple):
    """`raw`: the token as written (to find its line); `text`: the link or name in it, to quote;
    `repo`: `owner/name` lower-cased; `in_code`: surely a path; `in_block`: in a fenced block;
    `linked`: a link (or a Go path, a clone address) into `repo`, so `path` is that repository's
    file, where a bare `owner/name` token is a repository or a path, not both."""

    raw: str
    text: str
    path: str | None
    repo: str | None
    in_code: bool
    in_block: bool
    linked: bool


class Needles(NamedTuple):
    """Text one of which a token must hold to be read; `fold_case`: compare it lower-cased."""

    texts: tuple[str, ...]
    fold_case: bool = False


def has_extension(path: str) -> bool:
    return _EXTENSION.search(path.rsplit("/", 1)[-1]) is not None


class Tokens(NamedTuple):
    """The distinct tokens that can hold a mention, each at its first occurrence (the one evidence
    quotes): in prose (URLs and inline code included), and in fenced code."""

    prose: tuple[str, ...]
    code: tuple[str, ...]


MAX_CANDIDATES = 512
"""Distinct tokens that may hold a path or repository kept in a text's prose, and in its fenced
blocks: each is tested against the needles of every glob and repository whose probe fired, twice
(15,000 short ones took 15 ms); the issues of the dev file and the samples hold a few dozen."""


def candidate_tokens(prose: str, code: str) -> Tokens:
    return Tokens(_distinct(prose, with_code_spans=True), _distinct(code, with_code_spans=False))


def _distinct(text: str, *, with_code_spans: bool) -> tuple[str, ...]:
    """The first `MAX_CANDIDATES` distinct tokens of `text` that hold a `/` (or a backtick)."""
    kept: dict[str, None] = {}
    for token in text.split():
        if ("/" in token or (with_code_spans and "`" in token)) and token not in kept:
            kept[token] = None
            if len(kept) == MAX_CANDIDATES:
                break
    return tuple(kept)


def find_mentions(
    tokens: Tokens, needles: Needles | None = None, hosts: tuple[str, ...] = ()
) -> tuple[Mention, ...]:
    """Mentions in the prose tokens, then in the code tokens, each in order.

    With `needles`, only tokens that hold one of them are read. A mention's path and repository
    are part of its token as written (a repository lower-cased), so a finder that knows what it
    looks for passes that and skips reading the rest, which is most of the cost. `hosts`: the
    rules' `github_hosts`, lower-cased, whose links are read as github.com's."""
    return (
        *_read_held(tokens.prose, needles, hosts, in_block=False),
        *_read_held(tokens.code, needles, hosts, in_block=True),
    )


def _read_held(
    tokens: tuple[str, ...], needles: Needles | None, hosts: tuple[str, ...], *, in_block: bool
) -> list[Mention]:
    """Mentions in the first `MAX_TOKENS_READ` tokens that hold one of `needles` (any, without)."""
    found: list[Mention] = []
    budget = MAX_TOKENS_READ
    for token in tokens:
        if needles is None or _holds(token, needles):
            found.extend(_read(token, hosts, in_code=in_block or "`" in token, in_block=in_block))
            budget -= 1
            if not budget:
                break
    return found


MAX_TOKENS_READ = 128
"""Tokens read for mentions in the prose of a text, and again in its fenced blocks: the issues of the
dev file and the samples name at most 9 paths each; a hostile body of 65,536 characters can hold
5,000 distinct ones, each read and matched (about 9 microseconds apiece)."""


def _holds(token: str, needles: Needles) -> bool:
    if needles.fold_case:
        token = token.lower()
    for needle in needles.texts:  # noqa: SIM110 - `any` would run a generator for every token
        if needle in token:
            return True
    return False


def _read(raw: str, hosts: tuple[str, ...], *, in_code: bool, in_block: bool) -> list[Mention]:
    token = raw.lstrip(_LEFT_TRIM).rstrip(_RIGHT_TRIM)
    if "](" in token:
        return _from_markdown_links(raw, token, hosts, in_code=in_code, in_block=in_block)
    return _read_token(raw, token, hosts, in_code=in_code, in_block=in_block)


def _from_markdown_links(
    raw: str, token: str, hosts: tuple[str, ...], *, in_code: bool, in_block: bool
) -> list[Mention]:
    """Each `[text](target)` in the token. A target with a scheme or through GitHub is a link; one
    that starts with a host (`www.example.com/...`, written without its scheme) names nothing of
    ours; any other is a relative link, surely a path when it holds a `/` (its `#fragment` and
    `?query` dropped). The text is read only beside an `#anchor` target, which names no file."""
    found: list[Mention] = []
    pieces = token.split("](", MAX_LINKS_PER_TOKEN)
    for before, after in pairwise(pieces):
        target = _link_target(after).strip("<>")
        if target.startswith("/") and _github_root_relative().match(target):
            target = "github.com" + target
        if "://" in target or "github.com" in target.lower() or (hosts and _names_a_host(target, hosts)):
            found.extend(_read_token(raw, target, hosts, in_code=True, in_block=in_block))
        elif target.startswith("#"):
            text = before.rpartition("[")[2]
            found.extend(_read_token(raw, text, hosts, in_code=in_code or "`" in text, in_block=in_block))
        elif not _host_led(target):
            path = target.partition("#")[0].partition("?")[0]
            if "/" in path:
                found.extend(_from_plain(raw, path, in_code=True, in_block=in_block))
    return found


def _link_target(after: str) -> str:
    """What follows a link's `](` up to the parenthesis that closes it: those inside a path stay
    (`app/(dashboard)/page.tsx`, `Foo_(bar)`), as CommonMark balances them. At most
    `MAX_PARENTHESES` are weighed (a hostile target can open thousands); past them, the first `)`
    ends it."""
    close = after.find(")")
    if close < 0 or "(" not in after[:close]:  # the usual target: no parenthesis inside
        return after if close < 0 else after[:close]
    depth = 0
    position = 0
    for _ in range(MAX_PARENTHESES):
        found = _PARENTHESIS.search(after, position)
        if found is None:
            return after  # the link's own `)` was trimmed off the token with its punctuation
        position = found.end()
        if found.group() == "(":
            depth += 1
        elif depth == 0:
            return after[: found.start()]
        else:
            depth -= 1
    return after[:close]


def _read_token(
    raw: str, token: str, hosts: tuple[str, ...], *, in_code: bool, in_block: bool
) -> list[Mention]:
    scheme = token.find("://")
    if scheme >= 0:
        start = token.rfind("http", 0, scheme)
        return _from_url(raw, token[max(start, 0) :], token[scheme + 3 :], in_block, hosts)
    lowered = token.lower()  # `GitHub.com/o/r` as people write it
    if "github.com/" in lowered:
        return _from_url(raw, token, token, in_block, hosts)
    if "github.com:" in lowered:  # a clone address: git@github.com:owner/name.git
        user_host, rest = _CLONE_HOST_END.split(token, maxsplit=1)
        if _clone_host(user_host + "github.com") in _GITHUB_HOSTS:  # not `git@mygithub.com:o/r`
            return _from_url(raw, token, "github.com/" + rest, in_block, hosts)
    if hosts:
        found = _on_a_host(raw, token, lowered, hosts, in_block)
        if found is not None:
            return found
    return _from_plain(raw, token, in_code=in_code, in_block=in_block)


def _names_a_host(target: str, hosts: tuple[str, ...]) -> bool:
    """Whether a link target may be read through one of `hosts` (`_on_a_host` says)."""
    lowered = target.lower()
    return any(host + "/" in lowered or host + ":" in lowered for host in hosts)


def _on_a_host(
    raw: str, token: str, lowered: str, hosts: tuple[str, ...], in_block: bool
) -> list[Mention] | None:
    """What a token without a scheme says through one of `hosts`, as `_read_token` reads one
    through github.com: `ghe.example.com/o/r/...`, a Go path or a Sourcegraph link through it, a
    clone address `git@ghe.example.com:o/r.git`; None when it names none of them."""
    for host in hosts:
        if host + "/" in lowered:
            return _from_url(raw, token, token, in_block, hosts)
        at = lowered.find(host + ":")
        if at >= 0 and _clone_host(token[:at] + host) == host:  # not `git@myghe.example.com:o/r`
            return _from_url(raw, token, host + "/" + token[at + len(host) + 1 :], in_block, hosts)
    return None


def _clone_host(user_host: str) -> str:
    """The host of a clone address's `[scheme::][user@]host`, lower-cased."""
    return user_host.rpartition("@")[2].rpartition(":")[2].lower()


def _from_url(raw: str, shown: str, rest: str, in_block: bool, hosts: tuple[str, ...]) -> list[Mention]:
    """`rest`: a URL without its scheme, or a path that runs through `github.com/` (or one of
    `hosts`); `shown`: the link as quoted."""
    rest = rest.split("#", 1)[0].split("?", 1)[0]
    segments = rest.split("/")
    # `ssh://git@github.com:22/...`: neither the user nor the port is the host
    host = segments[0].rpartition("@")[2].partition(":")[0].lower()
    if host in _GITHUB_HOSTS:
        found = _github(segments[1:], 2)
    elif host == _RAW_HOST:
        found = _github(segments[1:], 1)
    elif hosts:
        found = _on_a_server(segments, host, hosts)
    elif "github.com" in segments:
        found = _through_github(segments, segments.index("github.com"))
    else:
        return []
    if found is None:
        return []
    path, repo = found
    return [new_record(Mention, (raw, shown, path, repo, True, in_block, True))]


def _github(segments: list[str], ref_offset: int) -> tuple[str | None, str] | None:
    """(path, repository) of `segments`: owner, name, then (for blob/tree links) kind, ref, path;
    or ref, path when `ref_offset` is 1 (raw file links)."""
    if len(segments) < 2 or not segments[0] or not segments[1]:
        return None
    repo = _repo(segments[0], segments[1])
    rest = segments[2:]
    path = None
    if ref_offset == 2 and len(rest) > 2 and rest[0] in _FILE_VIEWS:
        path = "/".join(rest[1 + _ref_length(rest[1:]) :])
    elif ref_offset == 1 and len(rest) > 1:
        path = "/".join(rest[_ref_length(rest) :])
    return path or None, repo


def _ref_length(parts: list[str]) -> int:
    """How many segments the ref at the start of `parts` takes: `main`, or `refs/heads/main` as
    GitHub's Raw button now writes it (`refs/tags/v1.0` likewise)."""
    return 3 if len(parts) > 2 and parts[0] == "refs" and parts[1] in ("heads", "tags") else 1


def _on_a_server(segments: list[str], host: str, hosts: tuple[str, ...]) -> tuple[str | None, str] | None:
    """(path, repository) of a link whose host is not github.com's, when `hosts` are read too: one
    of them, its raw files (`raw.<host>/o/r/<ref>/<path>`, `<host>/raw/o/r/<ref>/<path>`), or a path
    that runs through the first segment naming github.com or one of them."""
    if host in hosts:
        return _github(segments[2:], 1) if segments[1:2] == ["raw"] else _github(segments[1:], 2)
    if host.startswith("raw.") and host[4:] in hosts:
        return _github(segments[1:], 1)
    found = [segments.index("github.com")] if "github.com" in segments else []
    # Searched in the text, not segment by segment: a hostile link can hold thousands of them.
    lowered = "/" + "/".join(segments).lower() + "/"
    for server in hosts:
        at = lowered.find("/" + server + "/")
        if at >= 0:
            found.append(lowered.count("/", 0, at))  # the segment that slash opens
    return _through_github(segments, min(found)) if found else None


def _through_github(segments: list[str], at: int) -> tuple[str | None, str] | None:
    """A path that runs through `github.com/owner/name/` (`segments[at]` names the host):
    Sourcegraph links, Go paths, traces."""
    owned = segments[at + 1 : at + 3]
    if len(owned) < 2 or not owned[0] or not owned[1]:
        return None
    rest = segments[at + 3 :]
    if rest[:1] == ["-"] and len(rest) > 1 and rest[1] in _SOURCEGRAPH_FILE_VIEWS:
        rest = rest[2:]
    path = _LINE_SUFFIX.sub("", "/".join(rest)).strip("/")
    return path or None, _repo(owned[0], owned[1])


def _from_plain(raw: str, written: str, *, in_code: bool, in_block: bool) -> list[Mention]:
    """`written`: the token trimmed, or the target of a Markdown link in it."""
    token = written[2:] if written.startswith("./") else written
    repo = None
    if _BARE_REPO.fullmatch(token) and not written.startswith(("/", "./")):
        repo = token.split("#", 1)[0].lower()
        token = token.split("#", 1)[0]
    path = _LINE_SUFFIX.sub("", token).lstrip("/")
    if "/" not in path and not has_extension(path):
        return []  # never a repository: `owner/name` keeps its `/`
    return [new_record(Mention, (raw, written, path, repo, in_code, in_block, False))]


def _repo(owner: str, name: str) -> str:
    name = name.split("@", 1)[0]
    if name[-4:].lower() == ".git":
        name = name[:-4]
    return f"{owner}/{name}".lower()
