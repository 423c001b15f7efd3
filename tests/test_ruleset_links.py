"""Doc links: relative ones are joined to docs_base, then the docs_strip suffixes are removed."""

from __future__ import annotations

import pytest

from triage.ruleset.links import link_problem, resolve_link, web_url_problem

HANDBOOK = "https://handbook.sourcegraph.com/engineering/distribution/ownership_areas"
STRIP = (".md", "/index")


@pytest.mark.parametrize(
    ("link", "resolved"),
    [
        ("./index.md", "https://handbook.sourcegraph.com/engineering/distribution"),
        (
            "../../direction/enablement/distribution/index.md",
            "https://handbook.sourcegraph.com/direction/enablement/distribution",
        ),
        ("goals.md", "https://handbook.sourcegraph.com/engineering/distribution/goals"),
        ("/company/index.md", "https://handbook.sourcegraph.com/company"),
        (
            "./index.md#observability",
            "https://handbook.sourcegraph.com/engineering/distribution#observability",
        ),
        ("../team/index.md?tab=2#who", "https://handbook.sourcegraph.com/engineering/team?tab=2#who"),
        ("#kubernetes", f"{HANDBOOK}#kubernetes"),
    ],
)
def test_a_relative_link_is_resolved_like_the_published_handbook(link: str, resolved: str) -> None:
    assert resolve_link(link, HANDBOOK, STRIP) == resolved


def test_an_absolute_link_is_kept_as_written_even_with_a_strippable_suffix() -> None:
    link = "https://github.com/sourcegraph/sourcegraph/blob/main/doc/index.md"
    assert resolve_link(link, HANDBOOK, STRIP) == link


def test_suffixes_are_removed_in_the_order_given() -> None:
    assert resolve_link("./index.md", HANDBOOK, ("/index", ".md")) == (
        "https://handbook.sourcegraph.com/engineering/distribution/index"
    )


def test_without_suffixes_the_joined_link_is_kept_whole() -> None:
    assert resolve_link("./index.md", HANDBOOK, ()) == (
        "https://handbook.sourcegraph.com/engineering/distribution/index.md"
    )


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("https://example.com/a", None),
        ("http://example.com/a", None),
        ("../a.md", None),
        (
            "mailto:ops@example.com",
            '"mailto:ops@example.com" is not a web link: use http(s) or a link relative to docs_base',
        ),
        ("https:/a", '"https:/a" has no host'),
        ("https://:80/a", '"https://:80/a" has no host'),
        ("https://[::1/a", '"https://[::1/a" is not a valid URL: its host cannot be read'),
        ("https://[zz]/a", '"https://[zz]/a" is not a valid URL: its host cannot be read'),
        ("//[::1/a", '"//[::1/a" is not a valid URL: its host cannot be read'),
        (
            "//evil.example/x.md",
            '"//evil.example/x.md" starts with //, which makes "evil.example" a host name: '
            "write a full https:// link for another site, or one / for a path on docs_base's site",
        ),
        ("https://example.com/a%20b", None),
        (
            "https://example.com/a\tb",
            '"https://example.com/a\tb" holds whitespace, which breaks the Markdown link in the comment: '
            "write a space as %20",
        ),
    ],
)
def test_only_web_links_and_relative_links_are_accepted(link: str, problem: str | None) -> None:
    assert link_problem(link) == problem


@pytest.mark.parametrize(
    "link", ["https://deploy:s3cret@wiki.example.com/runbook", "https://ops@wiki.example.com/runbook"]
)
def test_a_link_holding_a_user_name_or_password_is_refused_as_every_comment_would_publish_it(
    link: str,
) -> None:
    assert link_problem(link) == (
        f'"{link}" holds a user name or password (before the @): every comment would publish it, '
        "so link without it"
    )


def test_a_link_holding_a_password_and_a_space_is_told_of_the_password_first() -> None:
    """The space only breaks the link; the password would be published on every comment."""
    link = "https://ops:s3cret@wiki.example.com/run book"
    assert link_problem(link) == (
        f'"{link}" holds a user name or password (before the @): every comment would publish it, '
        "so link without it"
    )


def test_an_at_sign_in_a_links_path_is_no_user_name() -> None:
    assert link_problem("https://example.com/@ops/runbook") is None


@pytest.mark.parametrize(
    "link", ["https://wiki.example.com:99999/runbook", "https://wiki.example.com:443x/runbook"]
)
def test_a_link_whose_port_is_no_port_is_refused(link: str) -> None:
    assert link_problem(link) == f'"{link}" has a port that is not a number from 0 to 65535'


@pytest.mark.parametrize(
    ("link", "typo", "meant"),
    [
        ("https//wiki.example.com/refunds", "https//", "https://wiki.example.com/refunds"),
        ("http//guide/x.md", "http//", "http://guide/x.md"),
        ("HTTPS;//wiki.example.com", "HTTPS;//", "https://wiki.example.com"),
        ("https:/wiki.example.com/refunds", "https:/", "https://wiki.example.com/refunds"),
        ("https:wiki.example.com:8080/x", "https:", "https://wiki.example.com:8080/x"),
        ("https:///wiki.example.com/x", "https:///", "https://wiki.example.com/x"),
    ],
)
def test_a_web_link_with_its_colon_and_slashes_mistyped_is_told_the_link_to_write(
    link: str, typo: str, meant: str
) -> None:
    scheme = typo.rstrip(":;/").lower()
    expected = f'"{link}" has its "{scheme}://" mistyped as "{typo}": write "{meant}"'
    assert (link_problem(link), web_url_problem(link)) == (expected, expected)


@pytest.mark.parametrize(
    ("link", "typo", "meant"),
    [
        ("htps://wiki.example.com/refunds", "htps", "https://wiki.example.com/refunds"),
        ("htttp://wiki.example.com", "htttp", "http://wiki.example.com"),
    ],
)
def test_a_web_link_with_its_scheme_misspelt_is_told_the_link_to_write_as_docs_base_is(
    link: str, typo: str, meant: str
) -> None:
    expected = f'"{link}" has its scheme misspelt as "{typo}": write "{meant}"'
    assert (link_problem(link), web_url_problem(link)) == (expected, expected)


def test_a_web_link_with_no_host_after_its_scheme_is_told_it_has_no_host_not_a_typo() -> None:
    assert link_problem("https:///ops") == '"https:///ops" has no host'


@pytest.mark.parametrize(
    ("link", "host"),
    [
        ("docs.sourcegraph.com/admin/observability/metrics", "docs.sourcegraph.com"),
        ("github.com/sourcegraph/sourcegraph", "github.com"),
        ("example.io", "example.io"),
        ("www.example.com#install", "www.example.com"),
        ("guide.md/install", "guide.md"),
    ],
)
def test_a_relative_link_that_starts_with_a_host_name_is_refused_as_a_missing_scheme(
    link: str, host: str
) -> None:
    assert link_problem(link) == (
        f'"{link}" starts with a host name ("{host}") but no scheme, so it would be joined to docs_base: '
        f'write "https://{link}" (or "./{link}" if it is a page on docs_base\'s site)'
    )


@pytest.mark.parametrize(
    "link",
    [
        "index.md",
        "./x.md",
        "../../a/b.md",
        "sub/page.md",
        "page.html",
        "slides.PDF",
        "v1.2/notes.md",
        "#anchor",
        "index.md#install",
        "release.notes.md",
        "localhost/x",
        "./docs.sourcegraph.com/admin",
        "/docs.sourcegraph.com/admin",
        "go.mod",
        "main.go",
        "app.py",
        "index.ts",
        "jest.config.js",
        "Cargo.lock",
        "deck.pptx",
        "x.tar.gz",
    ],
)
def test_a_relative_link_to_a_page_or_folder_is_not_taken_for_a_host_name(link: str) -> None:
    assert link_problem(link) is None


@pytest.mark.parametrize(
    ("link", "bare"),
    [
        ("[metrics](https://docs.sourcegraph.com/x)", ' ("https://docs.sourcegraph.com/x")'),
        ('[metrics](https://docs.sourcegraph.com/x "Metrics")', ' ("https://docs.sourcegraph.com/x")'),
        ("[metrics](<https://docs.sourcegraph.com/x>)", ' ("https://docs.sourcegraph.com/x")'),
        ("<https://docs.sourcegraph.com/x>", ' ("https://docs.sourcegraph.com/x")'),
        (
            "https://docs.sourcegraph.com/x](https://docs.sourcegraph.com/y)",
            ' ("https://docs.sourcegraph.com/y")',
        ),
        ("[metrics]", ""),
    ],
)
def test_a_link_pasted_as_markdown_is_refused_with_the_bare_url_to_write(link: str, bare: str) -> None:
    assert link_problem(link) == f'"{link}" is Markdown, not a URL: paste the bare URL{bare}'


def test_brackets_and_parentheses_apart_are_not_taken_for_markdown() -> None:
    assert link_problem("https://en.wikipedia.org/wiki/Helm_(software)#[x]") is None
