"""Write a `RulesDraft` as rules YAML a person will go on editing: block style, comments kept.

Text is emitted line by line rather than through a YAML dumper, because a dumper drops the
comments that carry the page's bullets and the candidate terms.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

if TYPE_CHECKING:  # for annotations only: triage.handbook imports this module
    from triage.handbook import AreaDraft, RulesDraft
    from triage.handbook_outline import Link

TEAM_COLOR = "5319e7"
AREA_COLOR = "0e8a16"
DESCRIPTION_MAX = 100
"""GitHub's limit for a label description."""
_WORDS = re.compile(r"[A-Za-z][\w./-]*(?:(?::| +)[\w./-]+)*", re.ASCII)
"""Words and URLs (a letter first; letters, digits and `_./-`, a colon or spaces only between them):
YAML reads them plain as they are, unless its resolver takes them for a value such as `yes` or `null`."""
_STRING_TAG = "tag:yaml.org,2002:str"


def render_rules(draft: RulesDraft, *, schema: str) -> str:
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Started by `triage import-handbook` from {printable(draft.source)}.",
        "# An area matches nothing until it has keywords, patterns, paths or repos: the page's bullets",
        "# are kept as comments above each `keywords: []`, with candidate terms to pick from.",
        '# Then run `triage check`; the README\'s "The rules file" lists every key.',
        "version: 1",
        *_docs_settings(draft),
        "teams:",
        *_team(draft),
    ]
    return "\n".join(lines) + "\n"


def _docs_settings(draft: RulesDraft) -> list[str]:
    lines = []
    if draft.docs_base is not None:
        lines.append(
            f"docs_base: {scalar(draft.docs_base)}   # the page's own URL: relative links resolve here"
        )
    if draft.docs_strip:
        lines.append(f"docs_strip: {json.dumps(list(draft.docs_strip))}")
    return lines


def _team(draft: RulesDraft) -> list[str]:
    description = f"Owned by the {draft.team_name} team"
    lines = [
        f"  - id: {scalar(draft.team_id)}",
        f"    name: {scalar(draft.team_name)}",
        *_label(f"team/{draft.team_id}", TEAM_COLOR, description, indent=4),
        *_docs(draft.team_docs, indent=4),
        "    areas:" if draft.areas else "    areas: []",
    ]
    group: str | None = None
    for area in draft.areas:
        if area.group != group and area.group is not None:
            lines.append(f"      # {printable(area.group)}")
        group = area.group
        lines.extend(_area(area, draft.team_id))
    return lines


def _area(area: AreaDraft, team_id: str) -> list[str]:
    return [
        f"      - id: {scalar(area.id)}",
        f"        name: {scalar(area.name)}",
        *_label(f"{team_id}/{area.id}", AREA_COLOR, area.name, indent=8),
        *_comments(area),
        "        keywords: []",
        *_docs(area.docs, indent=8),
    ]


def _label(name: str, color: str, description: str, *, indent: int) -> list[str]:
    pad = " " * indent
    if len(description) > DESCRIPTION_MAX:
        description = description[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return [
        f"{pad}label:",
        f"{pad}  name: {scalar(name)}",
        f'{pad}  color: "{color}"',
        f"{pad}  description: {scalar(description)}",
    ]


def _comments(area: AreaDraft) -> list[str]:
    lines = []
    if area.group_text:
        lines.append(f"From '{area.group}', shared by its sections:")
        lines.extend(f"  {text}" for text in area.group_text)
    lines.append(f"From the page (line {area.line}):" if area.text else "The page says nothing more here.")
    lines.extend(f"  {text}" for text in area.text)
    lines.append(f"Candidate keywords from the heading (not active): {', '.join(area.keyword_ideas)}")
    if area.repo_ideas:
        lines.append(f"Candidate repos from the Related links (not active): {', '.join(area.repo_ideas)}")
    return [f"        # {printable(line)}".rstrip() for line in lines]


def _docs(links: tuple[Link, ...], *, indent: int) -> list[str]:
    if not links:
        return []
    pad = " " * indent
    lines = [f"{pad}docs:"]
    for link in links:
        lines.append(f"{pad}  - title: {scalar(link.title)}")
        lines.append(f"{pad}    url: {scalar(link.url)}")
    return lines


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when it reads back unchanged, else double-quoted, with
    YAML escapes for what is not printable. (JSON's escapes are not enough: YAML takes no raw
    DEL, and reads JSON's surrogate pair for a character past U+FFFF as two lone surrogates.)
    """
    if _is_plain_word(value) or (value == value.strip() and _reads_back(value, value)):
        return value
    return '"' + "".join(_escaped(char) for char in value) + '"'


def _escaped(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """Comment text with the characters a YAML reader rejects (controls, line breaks) replaced."""
    return "".join(char if char.isprintable() else "\ufffd" for char in text)


def _is_plain_word(value: str) -> bool:
    """Whether `value` is words that read back plain, told without reading a document back (which
    took 90 µs a scalar: 9 s for a page of 50,000 links)."""
    if _WORDS.fullmatch(value) is None:
        return False
    tag = Resolver().resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STRING_TAG)


def _reads_back(written: str, value: str) -> bool:
    try:
        return bool(yaml.safe_load(f"key: {written}") == {"key": value})
    except yaml.YAMLError:
        return False
