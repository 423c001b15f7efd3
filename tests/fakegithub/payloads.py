"""JSON bodies shaped like GitHub's REST API, and its `Link` pagination header.

Only the fields PyGithub reads (and a few a client may look at) are produced. Every URL uses the
server's own base URL, because PyGithub refuses to follow a URL to another host or port.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from tests.fakegithub.state import Comment, CrossReference, Issue, Label, LabelEvent, Repo, State

Json = dict[str, Any]
T = TypeVar("T")

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


def iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


@dataclass(frozen=True)
class Render:
    base: str
    state: State

    def user(self, login: str) -> Json:
        user = self.state.user(login)
        return {
            "login": user.login,
            "id": user.id,
            "node_id": f"U_{user.id}",
            "type": "Bot" if user.login.endswith("[bot]") else "User",
            "site_admin": False,
            "url": f"{self.base}/users/{quote(user.login)}",
            "html_url": f"https://github.com/{quote(user.login)}",
        }

    def repo(self, repo: Repo) -> Json:
        owner = repo.full_name.split("/")[0]
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.full_name.split("/")[1],
            "full_name": repo.full_name,
            "owner": self.user(owner),
            "private": False,
            "has_issues": repo.issues_enabled,
            "open_issues_count": sum(issue.state == "open" for issue in repo.issues.values()),
            "default_branch": "main",
            "html_url": f"https://github.com/{repo.full_name}",
            "url": f"{self.base}/repos/{repo.full_name}",
        }

    def label(self, repo: str, label: Label) -> Json:
        return {
            "id": label.id,
            "node_id": f"LA_{label.id}",
            "url": f"{self.base}/repos/{repo}/labels/{quote(label.name, safe='')}",
            "name": label.name,
            "color": label.color,
            "description": label.description or None,
            "default": False,
        }

    def issue(self, repo: str, issue: Issue) -> Json:
        api = f"{self.base}/repos/{repo}/issues/{issue.number}"
        kind = "pull" if issue.pull_request else "issues"
        data: Json = {
            "id": issue.id,
            "node_id": f"I_{issue.id}",
            "number": issue.number,
            "title": issue.title,
            "body": issue.body,
            "state": issue.state,
            "state_reason": None if issue.state == "open" else "completed",
            "locked": issue.locked,
            "labels": [self._issue_label(repo, name) for name in issue.labels],
            "user": self.user(issue.author),
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "comments": max(len(issue.comments) - issue.comments_lag, 0),
            "author_association": self.state.association(repo, issue.author),
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": None if issue.closed_at is None else iso(issue.closed_at),
            "url": api,
            "repository_url": f"{self.base}/repos/{repo}",
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "timeline_url": f"{api}/timeline",
            "html_url": f"https://github.com/{repo}/{kind}/{issue.number}",
        }
        if issue.pull_request:
            data["pull_request"] = {
                "url": f"{self.base}/repos/{repo}/pulls/{issue.number}",
                "html_url": data["html_url"],
            }
        return data

    def comment(self, repo: str, issue: Issue, comment: Comment) -> Json:
        return {
            "id": comment.id,
            "node_id": f"IC_{comment.id}",
            "url": f"{self.base}/repos/{repo}/issues/comments/{comment.id}",
            "html_url": f"https://github.com/{repo}/issues/{issue.number}#issuecomment-{comment.id}",
            "issue_url": f"{self.base}/repos/{repo}/issues/{issue.number}",
            "body": comment.body,
            "user": self.user(comment.author),
            "author_association": self.state.association(repo, comment.author),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
        }

    def label_event(self, repo: str, event: LabelEvent) -> Json:
        return {
            "id": event.id,
            "node_id": f"LE_{event.id}",
            "url": f"{self.base}/repos/{repo}/issues/events/{event.id}",
            "actor": self.user(event.actor),
            "event": event.action,
            "commit_id": None,
            "commit_url": None,
            "created_at": iso(event.created_at),
            "label": {"name": event.label, "color": event.color},
            "performed_via_github_app": None,
        }

    def timeline(self, repo: str, issue: Issue) -> list[Json]:
        """Label events, comments (as `commented` events) and, for a closed issue, its `closed`
        event, in the order they happened."""
        entries = [(event.created_at, event.id, self.label_event(repo, event)) for event in issue.events]
        if issue.state == "closed" and issue.closed_at is not None:
            closed = {"id": issue.id, "event": "closed", "actor": self.user(issue.author)}
            entries.append((issue.closed_at, issue.id, closed | {"created_at": iso(issue.closed_at)}))
        for reference in issue.cross_references:
            entries.append((reference.created_at, reference.id, self.cross_reference(repo, reference)))
        for comment in issue.comments:
            commented = self.comment(repo, issue, comment) | {"event": "commented", "actor": None}
            commented["actor"] = commented["user"]
            entries.append((comment.created_at, comment.id, commented))
        return [data for _, _, data in sorted(entries, key=lambda entry: (entry[0], entry[1]))]

    def cross_reference(self, repo: str, reference: CrossReference) -> Json:
        """A `cross-referenced` event; its `source.issue` carries only what identifies it."""
        when = iso(reference.created_at)
        api = f"{self.base}/repos/{repo}/issues/{reference.source}"
        page = f"https://github.com/{repo}/issues/{reference.source}"
        source = {"number": reference.source, "url": api, "html_url": page}
        return {
            "event": "cross-referenced",
            "actor": self.user(reference.actor),
            "created_at": when,
            "updated_at": when,
            "source": {"type": "issue", "issue": source},
        }

    def _issue_label(self, repo: str, name: str) -> Json:
        label = self.state.find_label(repo, name)
        if label is None:
            raise LookupError(f"issue label {name!r} missing from {repo}: state is inconsistent")
        return self.label(repo, label)


def page_size(query: dict[str, str]) -> int:
    try:
        return min(MAX_PER_PAGE, max(1, int(query.get("per_page", DEFAULT_PER_PAGE))))
    except ValueError:
        return DEFAULT_PER_PAGE


def page_number(query: dict[str, str]) -> int:
    try:
        return max(1, int(query.get("page", 1)))
    except ValueError:
        return 1


def paginate(
    items: list[T], query_pairs: list[tuple[str, str]], url_without_query: str
) -> tuple[list[T], str | None]:
    """One page of `items` and the `Link` header GitHub would send with it (None: only one page)."""
    query = dict(query_pairs)
    size, page = page_size(query), page_number(query)
    last = max(1, math.ceil(len(items) / size))
    if last == 1 and page == 1:
        return items, None

    def link(to_page: int, rel: str) -> str:
        pairs = [(key, value) for key, value in query_pairs if key != "page"] + [("page", str(to_page))]
        return f'<{url_without_query}?{urlencode(pairs)}>; rel="{rel}"'

    rels = [(page - 1, "prev")] if page > 1 else []
    rels += [(page + 1, "next"), (last, "last")] if page < last else []
    rels += [(1, "first")] if page > 1 else []
    header = ", ".join(link(to_page, rel) for to_page, rel in rels)
    return items[(page - 1) * size : page * size], header
