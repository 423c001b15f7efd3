"""Doc links: absolute ones are kept, relative ones resolve against the rules' `docs_base`.

A handbook page's source links to other pages' sources (`../goals/index.md`); the published
site drops `.md` and a trailing `/index`. So a relative link is joined to `docs_base`, then
each suffix of `docs_strip` is removed in order, before any `#fragment` or `?query`.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")


def is_relative(url: str) -> bool:
    return not urlsplit(url).scheme


def link_problem(url: str) -> str | None:
    scheme = urlsplit(url).scheme
    if scheme and scheme not in WEB_SCHEMES:
        return f'"{url}" is not a web link: use http(s) or a link relative to docs_base'
    if scheme and not urlsplit(url).netloc:
        return f'"{url}" has no host'
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
