"""GitHub's REST JSON turned into the core's types, and the `Link` header read for the next page.

Pure: `triage.github` fetches, this module reads. Items of a list page carry everything we need
(a pull request is recognised by its `pull_request` key), so no item costs a further request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from triage.marker import has_marker
from triage.model import Comment, Issue, Label, LabelEvent
from triage.safe_text import well_formed

_LINK = re.compile(r"<([^>]*)>([^<]*)")
"""One link of a `Link` header: its URL (which may hold commas), then its parameters up to the next."""
_REL = re.compile(r';\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))', re.IGNORECASE)

PAGE_SIZE = 100
"""Items a list request asks for (`per_page`), GitHub's most."""

AUTO_CREATED_COLOR = "ededed"
"""The colour GitHub gives a label it creates because an issue was labelled with an unknown name."""


@dataclass(frozen=True)
class IssueRecord:
    """An issue as a read or a list page returned it, with what the planner needs beside the text."""

    issue: Issue
    comment_count: int
    is_pull_request: bool
    updated_at: str
    repository: str = ""
    """`owner/name` of the repository GitHub says holds the issue (another after a transfer)."""
    locked: bool = False
    """A locked conversation: labels can change, but GitHub refuses the bot's comment."""
    closed: bool = False


def parse_time(text: str) -> datetime | None:
    """A timestamp as GitHub writes them (`2024-05-01T12:00:00Z`); None for an empty or odd one."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def time_text(moment: datetime) -> str:
    """`moment` as GitHub writes timestamps: UTC, to the second, the year in four digits
    (`strftime("%Y")` writes the year 1 as `1` on glibc, a time GitHub refuses)."""
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _mapping(value: object) -> Mapping[str, Any]:
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else {}


def _login(value: object) -> str:
    return str(_mapping(value).get("login") or "")


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def issue_record(raw: object) -> IssueRecord:
    data = _mapping(raw)
    labels = tuple(well_formed(str(_mapping(label).get("name", ""))) for label in data.get("labels") or ())
    issue = Issue(
        title=well_formed(str(data.get("title") or "")),
        body=well_formed(str(data.get("body") or "")),
        number=int(data["number"]),
        url=data.get("html_url"),
        labels=labels,
        author_association=_text_or_none(data.get("author_association")),
    )
    return IssueRecord(
        issue=issue,
        comment_count=int(data.get("comments") or 0),
        is_pull_request=data.get("pull_request") is not None,
        updated_at=str(data.get("updated_at") or ""),
        repository="/".join(str(data.get("repository_url") or "").split("/")[-2:]),
        locked=data.get("locked") is True,
        closed=data.get("state") == "closed",
    )


def comment(raw: object) -> Comment:
    """The body is kept only when it carries triage's marker: no other comment's text is read, and
    an issue may hold thousands of comments of 65,536 characters each, which anyone can post."""
    data = _mapping(raw)
    body = str(data.get("body") or "")
    return Comment(id=int(data["id"]), author=_login(data.get("user")), body=body if has_marker(body) else "")


@dataclass(frozen=True)
class Timeline:
    """What an issue's timeline says that the planner uses: who added and removed which label,
    and the comments (GitHub lists each as a `commented` event, with the comment's id, author and
    body), oldest first."""

    label_events: tuple[LabelEvent, ...]
    comments: tuple[Comment, ...]
    closed: bool = False
    """The last `closed` or `reopened` event was `closed`: the issue is closed now."""


def timeline(items: Iterable[object]) -> Timeline:
    events: list[LabelEvent] = []
    comments: list[Comment] = []
    closed = False
    for raw in items:
        kind = _mapping(raw).get("event")
        if kind == "commented":
            comments.append(comment(raw))
        elif kind in ("closed", "reopened"):
            closed = kind == "closed"
        elif (event := label_event(raw)) is not None:
            events.append(event)
    return Timeline(tuple(events), tuple(comments), closed)


def label_event(raw: object) -> LabelEvent | None:
    """A `labeled`/`unlabeled` timeline entry; None for every other kind of event."""
    data = _mapping(raw)
    action = data.get("event")
    if action not in ("labeled", "unlabeled"):
        return None
    name = str(_mapping(data.get("label")).get("name", ""))
    created_at = data.get("created_at")
    return LabelEvent(
        label=name, action=action, actor=_login(data.get("actor")), created_at=str(created_at or "")
    )


def label(raw: object) -> Label:
    data = _mapping(raw)
    return Label(
        name=str(data.get("name", "")),
        color=str(data.get("color") or "").lower(),
        description=str(data.get("description") or ""),
    )


def looks_auto_created(found: Label) -> bool:
    """True for a label GitHub made up on the spot: grey and without a description."""
    return found.color == AUTO_CREATED_COLOR and not found.description


class PagesLeft(Exception):  # noqa: N818 - not an error: a read stopped at its page budget
    """A paged read reached the most pages it was allowed with pages left."""


def next_page(link_header: str | None) -> str | None:
    """The `rel="next"` URL of a `Link` header, if any: the parameters may come in any order, and
    `rel` may hold several relations (RFC 8288)."""
    for link in _LINK.finditer(link_header or ""):
        rel = _REL.search(link.group(2))
        if rel is not None and "next" in (rel.group(1) or rel.group(2) or "").lower().split():
            return link.group(1)
    return None
