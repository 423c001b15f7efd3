"""Doc links: absolute ones are kept, relative ones resolve against the rules' `docs_base`.

A handbook page's source links to other pages' sources (`../goals/index.md`); the published
site drops `.md` and a trailing `/index`. So a relative link is joined to `docs_base`, then
each suffix of `docs_strip` is removed in order, before any `#fragment` or `?query`.
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")
WEB_URL = r"https?://\S+"
"""The pattern `docs_base` must match (JSON Schema shows it to editors); link_problem adds the host."""


def is_relative(url: str) -> bool:
    parts = _split(url)
    return parts is not None and not parts.scheme


def edge_space_message(value: str) -> str:
    """A quoted YAML string keeps the spaces at its ends, where they are hard to see: a value that
    is right but for them is told so, not refused for a shape it has."""
    return f'"{value}" has spaces at its start or end: write "{value.strip()}"'


def link_problem(url: str) -> str | None:
    if url != url.strip() and link_problem(url.strip()) is None:
        return edge_space_message(url)
    problem = _markdown_problem(url) or _mistyped_scheme_problem(url)
    if problem is not None:
        return problem
    parts = _split(url)
    if parts is None:
        return f'"{url}" is not a valid URL: its host cannot be read'
    if parts.scheme and parts.scheme not in WEB_SCHEMES:
        misspelt = _misspelt_scheme_problem(url)
        return misspelt or f'"{url}" is not a web link: use http(s) or a link relative to docs_base'
    problem = _host_problem(url, parts) or _host_without_scheme_problem(url, parts)
    if problem is None and re.search(r"\s", url):
        problem = (
            f'"{url}" holds whitespace, which breaks the Markdown link in the comment: write a space as %20'
        )
    return problem


def _host_problem(url: str, parts: SplitResult) -> str | None:
    if parts.scheme and not parts.hostname:  # `https://:80/` has a netloc, yet no host
        return f'"{url}" has no host'
    if not _port_ok(parts):
        return f'"{url}" has a port that is not a number from 0 to 65535'
    if parts.username is not None:  # `https://user:token@host/`: posted on every issue it labels
        return (
            f'"{url}" holds a user name or password (before the @): every comment would publish it, '
            "so link without it"
        )
    if not parts.scheme and url.startswith("//"):  # joined to docs_base, it keeps only the scheme
        host = f' makes "{parts.hostname}" a host name' if parts.hostname else " starts a host name"
        return (
            f'"{url}" starts with //, which{host}: write a full https:// link for another site, '
            "or one / for a path on docs_base's site"
        )
    return None


_MARKDOWN_TARGET = re.compile(r"\]\(\s*<?([^\s()<>]+)")
_AUTOLINK = re.compile(r"<([^\s<>]+)>")


def _markdown_problem(url: str) -> str | None:
    """`[title](url)` or `<url>` pasted from a page: taken as a relative link, the comment would
    publish it joined to docs_base, brackets and all."""
    if "](" not in url and not url.startswith(("[", "<")):
        return None
    found = _MARKDOWN_TARGET.search(url) or _AUTOLINK.match(url)
    bare = f' ("{found.group(1)}")' if found else ""
    return f'"{url}" is Markdown, not a URL: paste the bare URL{bare}'


_MISTYPED_SCHEME = re.compile(r"(?i)(https?)(?::/?|;//+|:///+|//+)(?=[^/])")
"""`https//host`, `https:/host`, `https:host`, `https;//host`, `https:///host`: a web link with its
`://` mistyped. Without a colon it would be joined to docs_base as a folder named `https`; with one,
it has no host."""


def _mistyped_scheme_problem(url: str) -> str | None:
    """A web link whose `://` is mistyped. With its colon, it is told so only when a host name
    follows (`https:///ops` names none, and is told it has no host)."""
    typo = _MISTYPED_SCHEME.match(url)
    if typo is None:
        return None
    rest = url[typo.end() :]
    if ":" in typo.group(0) and _HOST_LIKE.match(re.split(r"[/?#:]", rest, maxsplit=1)[0]) is None:
        return None
    scheme = typo.group(1).lower()
    return f'"{url}" has its "{scheme}://" mistyped as "{typo.group(0)}": write "{scheme}://{rest}"'


_MISSPELT_SCHEME = re.compile(r"(?i)([a-z]{2,6})://")


def _misspelt_scheme_problem(url: str) -> str | None:
    """A web link whose scheme is one letter off `http` or `https` (`htps://`, `htttps://`)."""
    typo = _MISSPELT_SCHEME.match(url)
    if typo is None:
        return None
    close = difflib.get_close_matches(typo.group(1).lower(), ("https", "http"), n=1, cutoff=0.75)
    if not close:
        return None
    return f'"{url}" has its scheme misspelt as "{typo.group(1)}": write "{close[0]}://{url[typo.end() :]}"'


_HOST_LIKE = re.compile(r"(?:[\w-]+\.)+[^\W\d_]{2,}")
_PAGE_SUFFIX = re.compile(
    r"md|markdown|mdx|x?html?|shtml|txt|rst|adoc|asciidoc|pdf"
    r"|php|aspx?|jsp|xml|json|ya?ml|csv|svg|png|jpe?g|gif|webp"
    r"|go|mod|sum|py|ts|tsx|jsx?|mjs|cjs|rb|rs|java|kt|swift|cs|cpp|hpp|cc|hh?|sh|bash|ps1"
    r"|toml|ini|cfg|conf|lock|tf|hcl|proto|graphql|sql|css|scss|vue|svelte|lua|ex|exs|ipynb|log|diff"
    r"|pptx?|docx?|xlsx?|odt|gz|tgz",  # not `.work`, `.zip`: top-level domains too
    re.IGNORECASE,
)
"""File suffixes a relative link may end with (pages, and the source files a link into a repository
names: `go.mod`, `main.go`); a last label that is none of them reads as a top-level domain (`.com`,
`.io`). `.md` is both: followed by `/`, it is taken for a host."""


def _host_without_scheme_problem(url: str, parts: SplitResult) -> str | None:
    """`docs.example.com/admin` is a relative link to a page named like a host under docs_base,
    which is never what was meant: the scheme was left out."""
    if parts.scheme or url.startswith("/"):
        return None
    first, slash, _ = parts.path.partition("/")
    if _HOST_LIKE.fullmatch(first) is None:
        return None
    if not slash and _PAGE_SUFFIX.fullmatch(first.rpartition(".")[2]):
        return None
    return (
        f'"{url}" starts with a host name ("{first}") but no scheme, so it would be joined to docs_base: '
        f'write "https://{url}" (or "./{url}" if it is a page on docs_base\'s site)'
    )


def _port_ok(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - read for the ValueError it raises on `:99999` or `:443x`
    except ValueError:
        return False
    return True


def web_url_problem(url: str) -> str | None:
    """Why `url` cannot be a `docs_base`: not an absolute http(s) URL with a host; None if it can."""
    if re.fullmatch(WEB_URL, url) is None:
        return not_web_url_message(url)
    return link_problem(url)


def not_web_url_message(url: str) -> str:
    """Why `url`, which `WEB_URL` does not match, is no `docs_base`, with the URL to write where it
    can be told: the author of a first rules file writes the site's address as they would say it."""
    scheme = re.match(r"(?i)(https?)://", url)
    if scheme is not None:
        host, slash, path = url[scheme.end() :].partition("/")
        bare_host = "".join(host.split())
        encoded_path = re.sub(r"\s", lambda space: quote(space.group()), path)
        written = f"{scheme.group(1).lower()}://{bare_host}{slash}{encoded_path}"
        faults = [
            *(["its scheme in capitals"] if scheme.group(1) != scheme.group(1).lower() else []),
            *(["whitespace in its host name"] if bare_host != host else []),
        ]
        if faults and encoded_path != path:
            faults.append("whitespace in its path (a space is %20)")
        if faults and web_url_problem(written) is None:
            return f'"{url}" has {" and ".join(faults)}: write "{written}"'
        if re.search(r"\s", url):
            return link_problem(url) or f'"{url}" holds whitespace: write a space as %20'
    mistyped = _mistyped_scheme_problem(url) or _misspelt_scheme_problem(url)
    if mistyped is not None:
        return mistyped
    first = url.partition("/")[0]
    if _HOST_LIKE.fullmatch(first) is not None and not re.search(r"\s", url):
        return f'"{url}" is not an http(s) URL: it starts with a host name ("{first}") but no scheme: write "https://{url}"'
    return (
        f'"{url}" is not an http(s) URL: write the full address of the page the relative doc links '
        'were written in, such as "https://docs.example.com/guide/"'
    )


def _split(url: str) -> SplitResult | None:
    """`urlsplit(url)`, or None where it refuses the host (ValueError): an unmatched '[' or ']',
    brackets around no IP address, characters that NFKC turns into '/', '?', '#', '@' or ':'."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def resolve_link(url: str, base: str, strip: tuple[str, ...]) -> str:
    """`url` made absolute against `base`, with `strip`'s suffixes removed from its path."""
    if not is_relative(url):
        return url
    parts = urlsplit(urljoin(base, url))
    path = parts.path
    for suffix in strip:
        path = path.removesuffix(suffix)
    return urlunsplit(parts._replace(path=path))
