"""Turn an ownership page into a starting rules file: pure, Markdown text in, YAML text out.

How a page maps (the README's `import-handbook` section says the same for users):

- The H1 title, less a trailing "team" and "ownership areas", names the team; `team_name` overrides
  the name (a page without an H1 needs it: "Team", labelled `team/team`, would name no one), and
  `team_id` the id, else the name's slug.
  Links written before the first section become the team's docs. A later H1 is no area: it ends
  the section before it, and the sections after it are the team's areas too.
- An H2 section without H3 sections is one area. An H2 with H3 sections becomes one area per H3;
  the H2's own bullets and Related links are shared by each of them (so "Observability" gives
  "Monitoring" and "Debugging" both the observability guides), and the H2 itself is no area.
  An H3 with no H2 above it is an area of its own, as an H2 without H3s is.
  A shared link whose URL an H3 lists itself is left out of that H3's area, and noted. An empty
  heading names no area: it ends the section before it.
- Bullets and sentences become comments above `keywords: []`, with candidate keywords (heading
  words) and repositories (GitHub links) as comments too: the author picks the terms.
- Related links become docs. Relative links stay relative and resolve against `base` (the URL the
  page is published at), with `.md` and `/index` stripped; without `base` they are left out.
  Absolute links are kept only as the rules loader takes them: http(s), with a host. A URL
  listed again in the same list is left out (the outline reports it).
- Ids are slugs of the headings, cut at the first `&`, `and`, `,`, `:` or `(` and shortened by
  whole words until the label `<team>/<area>` fits GitHub's 50 characters; made unique with `-2`
  (within the same 50).
  The team's id is shortened the same way to TEAM_ID_MAX characters, so that `team/<team>` fits
  and every area keeps room in `<team>/<area>`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from triage.errors import TriageError
from triage.handbook_outline import Link, Outline, Section, read_outline
from triage.handbook_yaml import render_rules
from triage.ruleset.links import is_relative, link_problem

LABEL_MAX = 50
TEAM_ID_MAX = 24
"""Half a label less the slash: `<team>/<area>` keeps 25 characters for the area."""
_TEAM_SUFFIX = re.compile(
    r"(?:\s+team)?(?:\s+(?:ownership(?:\s+areas)?|areas(?:\s+of\s+ownership)?))?$", re.IGNORECASE
)
"""The words after the team's name: "Payments team ownership" names the team "Payments", whose label
reads "Owned by the Payments team" (not "team team")."""
_ID_CUT = re.compile(r"\s&\s|\s+and\s+|[,:(]", re.IGNORECASE)
_NOT_ID = re.compile(r"[^a-z0-9]+")
_GITHUB_REPO = re.compile(r"^https?://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(?:[/?#].*)?$")
_GITHUB_NON_OWNERS = frozenset({"orgs", "users", "settings", "marketplace", "apps", "sponsors", "topics"})
_STOP_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with", "&"})


@dataclass(frozen=True)
class AreaDraft:
    """An area as imported: `text` holds its bullets; `group` names the H2 an H3 area came from,
    and `group_text` the bullets of that H2, which all its areas share."""

    id: str
    name: str
    line: int
    group: str | None
    group_text: tuple[str, ...]
    text: tuple[str, ...]
    docs: tuple[Link, ...]
    keyword_ideas: tuple[str, ...]
    repo_ideas: tuple[str, ...]


@dataclass(frozen=True)
class RulesDraft:
    source: str
    team_id: str
    team_name: str
    team_docs: tuple[Link, ...]
    areas: tuple[AreaDraft, ...]
    docs_base: str | None
    docs_strip: tuple[str, ...]


@dataclass(frozen=True)
class HandbookImport:
    """The rules file's text, and `PAGE:LINE: message` for each thing that could not be mapped."""

    text: str
    notes: tuple[str, ...]


def import_handbook(
    markdown: str,
    source: str,
    *,
    base: str | None = None,
    team_id: str | None = None,
    team_name: str | None = None,
    schema: str,
) -> HandbookImport:
    outline = read_outline(markdown)
    notes = list(outline.skipped)
    draft = draft_rules(outline, source, base=base, team_id=team_id, team_name=team_name, notes=notes)
    ordered = sorted(notes, key=lambda note: note[0])
    return HandbookImport(render_rules(draft, schema=schema), tuple(f"{source}:{n}: {m}" for n, m in ordered))


def draft_rules(
    outline: Outline,
    source: str,
    *,
    base: str | None,
    team_id: str | None,
    team_name: str | None = None,
    notes: list[tuple[int, str]],
) -> RulesDraft:
    """The rules the outline implies; appends to `notes` what it leaves out.

    Raises `TriageError` for a page without an H1 when no `team_name` is given."""
    if team_name is None:
        if outline.title is None:
            raise TriageError(
                f"{source}: the page has no H1 title to name the team: pass --team-name NAME "
                "(its id, unless --team-id gives one, is the name's slug)"
            )
        team_name = _TEAM_SUFFIX.sub("", outline.title) or outline.title
    team = team_id or shorten(slug(team_name, "team"), TEAM_ID_MAX)
    taken = TakenIds({team})
    areas = [
        _draft_area(section, group, team, taken, notes)
        for section, group in _leaf_sections(outline.sections, notes)
    ]
    kept_links = _links_to_keep(
        [*outline.intro_links, *(link for a in areas for link in a.docs)], base, notes
    )
    return RulesDraft(
        source=source,
        team_id=team,
        team_name=team_name,
        team_docs=tuple(link for link in outline.intro_links if link in kept_links),
        areas=tuple(_keep_docs(area, kept_links) for area in areas),
        docs_base=base,
        docs_strip=(".md", "/index") if any(_strippable(link) for link in kept_links) else (),
    )


def _links_to_keep(links: list[Link], base: str | None, notes: list[tuple[int, str]]) -> set[Link]:
    """The links the rules loader accepts as docs: http(s) with a host, or relative with a base."""
    kept = set()
    for link in sorted(set(links), key=lambda link: (link.line, link.url)):
        problem = link_left_out(link, base)
        if problem is None:
            kept.add(link)
        else:
            notes.append((link.line, problem))
    return kept


def link_left_out(link: Link, base: str | None) -> str | None:
    """Why `link` is left out of the rules, or None when it is kept."""
    if not link.url:
        return f"link '{link.title}' left out: it has no URL"
    problem = link_problem(link.url)
    if problem is not None:
        return f"link left out: {problem}"
    if base is None and is_relative(link.url):
        return f"relative link '{link.url}' left out: pass --base URL to keep it"
    return None


def _leaf_sections(
    sections: tuple[Section, ...], notes: list[tuple[int, str]]
) -> list[tuple[Section, Section | None]]:
    """Each section that becomes an area, with the H2 it shares bullets and docs from."""
    leaves: list[tuple[Section, Section | None]] = []
    for section in sections:
        leaves.extend((child, section) for child in section.children)
        if not section.children:
            leaves.append((section, None))
    if not leaves:
        notes.append((1, "no H2 or H3 sections: the team has no areas"))
    for leaf, _ in leaves:
        if not leaf.text and not leaf.related:
            notes.append(
                (leaf.line, f"section '{leaf.title}' is empty: nothing on the page describes its area")
            )
    return leaves


def _draft_area(
    section: Section, group: Section | None, team: str, taken: TakenIds, notes: list[tuple[int, str]]
) -> AreaDraft:
    docs = (*section.related, *(_shared_docs(section, group, notes) if group else ()))
    area_id = taken.unique(slug(_ID_CUT.split(section.title)[0], "area"), LABEL_MAX - len(team) - 1)
    return AreaDraft(
        id=area_id,
        name=section.title,
        line=section.line,
        group=group.title if group else None,
        group_text=group.text if group else (),
        text=section.text,
        docs=docs,
        keyword_ideas=keyword_ideas(section.title),
        repo_ideas=tuple(dict.fromkeys(repo for link in docs if (repo := github_repo(link.url)))),
    )


def _keep_docs(area: AreaDraft, kept: set[Link]) -> AreaDraft:
    return replace(area, docs=tuple(link for link in area.docs if link in kept))


def _shared_docs(section: Section, group: Section, notes: list[tuple[int, str]]) -> tuple[Link, ...]:
    """The group's Related links `section` takes after its own; one whose URL the section lists
    itself is left out (the section's title for it wins), and noted."""
    own = {link.url: link for link in section.related if link.url}
    shared = []
    for link in group.related:
        mine = own.get(link.url)
        if mine is None:
            shared.append(link)
        else:
            left_out = f"shared link '{link.url}' left out of '{section.title}'"
            notes.append((link.line, f"{left_out}: it lists the same URL at line {mine.line}"))
    return tuple(shared)


def _strippable(link: Link) -> bool:
    return is_relative(link.url) and link.url.split("#")[0].split("?")[0].endswith(".md")


def slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ID.sub("-", ascii_text.lower()).strip("-") or fallback


def shorten(an_id: str, room: int) -> str:
    """`an_id` shortened by whole words (then characters) to at most `room` characters."""
    while len(an_id) > room and "-" in an_id:
        an_id = an_id.rsplit("-", 1)[0]
    return an_id[: max(room, 1)].strip("-") or "area"


class TakenIds:
    """The ids given so far, and the last number each candidate was given (`-2`, `-3`...): a page
    of 10,000 equal headings numbered each from 2 again (63 s). Numbers only grow, so a number
    skipped is never one still free."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.numbers: dict[tuple[str, int], int] = {}

    def unique(self, candidate: str, room: int) -> str:
        """`candidate` shortened to `room` characters, numbered when taken; a number shortens the
        id before it, so the numbered id fits `room` too. The id is taken from then on."""
        found = shorten(candidate, room)
        number = self.numbers.get((candidate, room), 1)
        while found in self.taken:
            number += 1
            suffix = f"-{number}"
            found = shorten(candidate, room - len(suffix)) + suffix
        self.numbers[(candidate, room)] = number
        self.taken.add(found)
        return found


def keyword_ideas(heading: str) -> tuple[str, ...]:
    words = (word.strip(".,:;()").lower() for word in heading.split())
    return tuple(dict.fromkeys(word for word in words if word and word not in _STOP_WORDS))


def github_repo(url: str) -> str | None:
    match = _GITHUB_REPO.match(url)
    if match is None or match.group(1).lower() in _GITHUB_NON_OWNERS:
        return None
    return f"{match.group(1)}/{match.group(2)}"
