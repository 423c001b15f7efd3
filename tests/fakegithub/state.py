"""What the fake GitHub knows: repositories, users, labels, issues, comments and label history.

Plain dataclasses, mutated only under `State.lock` (the server holds it for each request).
Readers (`issue`, `comments`, `labels`) return copies, so a test can keep a snapshot.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.fakegithub.clock import FakeClock

GREY = "ededed"
"""The colour GitHub gives a label it creates because an issue was labelled with an unknown name."""


@dataclass
class Label:
    id: int
    name: str
    color: str
    description: str


@dataclass
class Comment:
    id: int
    author: str
    body: str
    created_at: float
    updated_at: float


@dataclass
class LabelEvent:
    id: int
    action: str
    """`labeled` or `unlabeled`."""
    label: str
    color: str
    actor: str
    created_at: float


@dataclass
class CrossReference:
    """Another issue that mentions this one: GitHub lists it as a `cross-referenced` timeline
    event, which anyone who can open an issue anywhere can make."""

    id: int
    actor: str
    source: int
    """The number of the mentioning issue (in the same repository, for the fake)."""
    created_at: float


@dataclass
class Issue:
    number: int
    id: int
    title: str
    body: str | None
    author: str
    state: str
    labels: list[str]
    pull_request: bool
    created_at: float
    updated_at: float
    closed_at: float | None = None
    comments: list[Comment] = field(default_factory=list)
    events: list[LabelEvent] = field(default_factory=list)
    cross_references: list[CrossReference] = field(default_factory=list)
    locked: bool = False
    """Locked conversation: labels can still change, a comment by the bot is refused (403)."""
    comments_lag: int = 0
    """How many of its newest comments the issue's `comments` count leaves out: GitHub's count can
    lag a comment just posted."""


@dataclass
class Repo:
    full_name: str
    id: int
    issues_enabled: bool
    labels: dict[str, Label] = field(default_factory=dict)
    """Keyed by `name.casefold()`: GitHub label names are unique regardless of case."""
    issues: dict[int, Issue] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    """Numbers of deleted issues: GitHub answers 410 for them, not 404."""
    moved: dict[int, tuple[str, int]] = field(default_factory=dict)
    """Transferred issues: number here -> (repository, number there); GitHub answers 301."""
    associations: dict[str, str] = field(default_factory=dict)
    """Logins -> their relation to this repository as GitHub's `author_association` says it
    (`MEMBER`, `COLLABORATOR`, `CONTRIBUTOR`...), set by `State.associate`."""


@dataclass
class User:
    login: str
    id: int
    token: str | None
    permission: str
    """`write` or `read`: what the token may do to issues and labels."""
    installation: bool
    """An installation token (like Actions' GITHUB_TOKEN) gets 403 on `GET /user`."""


@dataclass
class RateBudget:
    limit: int
    used: int
    reset_at: float
    window: float = 3600.0
    enabled: bool = True
    """False: rate limiting is off, as GitHub Enterprise Server has it by default (`disable_rate_limits`)."""

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)


@dataclass
class WriteLimits:
    """GitHub's secondary limits on content-creating requests, as `State.enforce_write_limits` set them."""

    per_minute: int
    per_hour: int
    methods: frozenset[str]
    """The methods counted (every write by default)."""
    status: int
    """403 or 429: GitHub answers either."""
    retry_after: bool
    """Whether a refusal says, in `retry-after`, how many seconds until there is room."""
    counted: deque[float] = field(default_factory=deque)
    """Arrival times of the requests counted within the last hour, oldest first."""
    refused: int = 0
    """How many requests the limits refused."""


def to_epoch(when: float | str | datetime) -> float:
    """Accept epoch seconds, an ISO 8601 string (`2027-01-01T00:00:00Z`, `2027-01-01`) or a datetime."""
    if isinstance(when, (int, float)):
        return float(when)
    moment = datetime.fromisoformat(when) if isinstance(when, str) else when
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class State:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.repos: dict[str, Repo] = {}
        self.renamed: dict[str, str] = {}
        """Former repository names -> current: GitHub answers a read under a former one 301, a
        write 307."""
        self.users: dict[str, User] = {}
        self.rate = RateBudget(limit=5000, used=0, reset_at=clock.now() + 3600)
        self.write_limits: WriteLimits | None = None
        """GitHub's limits on content-creating requests; None (the default): not enforced."""
        self._ids = itertools.count(1001)

    def next_id(self) -> int:
        return next(self._ids)

    # -- set-up helpers ------------------------------------------------------------------------

    def add_repo(self, full_name: str, *, issues_enabled: bool = True) -> Repo:
        with self.lock:
            repo = Repo(full_name, self.next_id(), issues_enabled)
            self.repos[full_name] = repo
            return repo

    def add_user(
        self, login: str, token: str | None = None, *, permission: str = "write", installation: bool = True
    ) -> User:
        if permission not in ("write", "read"):
            raise ValueError(f"permission must be 'write' or 'read', not {permission!r}")
        with self.lock:
            user = User(login, self.next_id(), token, permission, installation)
            self.users[login] = user
            return user

    def add_label(self, repo: str, name: str, color: str = GREY, description: str = "") -> Label:
        with self.lock:
            label = Label(self.next_id(), name, color, description)
            self.repo(repo).labels[name.casefold()] = label
            return label

    def add_issue(
        self,
        repo: str,
        title: str,
        body: str | None = "",
        *,
        labels: Iterable[str] = (),
        author: str = "alice",
        pull_request: bool = False,
        state: str = "open",
        created_at: float | str | datetime | None = None,
        updated_at: float | str | datetime | None = None,
    ) -> int:
        """Add an issue (or pull request); unknown label names are created grey, as GitHub does."""
        with self.lock:
            target = self.repo(repo)
            created = self.clock.now() if created_at is None else to_epoch(created_at)
            updated = created if updated_at is None else to_epoch(updated_at)
            number = max(target.issues, default=0) + 1
            target.issues[number] = Issue(
                number=number,
                id=self.next_id(),
                title=title,
                body=body,
                author=self.user(author).login,
                state=state,
                labels=[self.ensure_label(repo, name).name for name in labels],
                pull_request=pull_request,
                created_at=created,
                updated_at=updated,
                closed_at=None if state == "open" else updated,
            )
            return number

    def associate(self, repo: str, login: str, association: str) -> None:
        """Say how `login` is related to the repository: every issue and comment of theirs shows
        it as its `author_association`, at the time it is read, as GitHub works it out then."""
        with self.lock:
            self.repo(repo).associations[self.user(login).login] = association

    def add_comment(
        self, repo: str, number: int, author: str, body: str, *, created_at: float | str | None = None
    ) -> int:
        with self.lock:
            when = self.clock.now() if created_at is None else to_epoch(created_at)
            comment = Comment(self.next_id(), self.user(author).login, body, when, when)
            self.require_issue(repo, number).comments.append(comment)
            return comment.id

    def add_cross_references(self, repo: str, number: int, count: int, *, actor: str = "mallory") -> None:
        """`count` mentions of the issue from other issues (none of which the fake creates)."""
        with self.lock:
            issue = self.require_issue(repo, number)
            login = self.user(actor).login
            for source in range(count):
                reference = CrossReference(self.next_id(), login, 100_000 + source, self.clock.now())
                issue.cross_references.append(reference)

    def lock_issue(self, repo: str, number: int) -> None:
        with self.lock:
            self.require_issue(repo, number).locked = True

    def add_label_event(
        self, repo: str, number: int, label: str, *, action: str = "labeled", actor: str = "alice"
    ) -> int:
        """Record that `actor` added or removed `label`, and make the issue's labels agree."""
        with self.lock:
            issue = self.require_issue(repo, number)
            known = self.ensure_label(repo, label)
            present = known.name in issue.labels
            if action == "labeled" and not present:
                issue.labels.append(known.name)
            elif action == "unlabeled" and present:
                issue.labels.remove(known.name)
            elif action not in ("labeled", "unlabeled"):
                raise ValueError(f"action must be 'labeled' or 'unlabeled', not {action!r}")
            return self.record_event(issue, action, known, actor)

    def set_rate_budget(
        self, *, limit: int | None = None, remaining: int | None = None, reset_at: float | None = None
    ) -> None:
        with self.lock:
            if limit is not None:
                self.rate.limit = limit
            if remaining is not None:
                self.rate.used = self.rate.limit - remaining
            if reset_at is not None:
                self.rate.reset_at = reset_at

    def disable_rate_limits(self) -> None:
        """Rate limiting off, GitHub Enterprise Server's default: no request spends a budget, no
        response carries `x-ratelimit-*` headers, and `GET /rate_limit` answers 404."""
        with self.lock:
            self.rate.enabled = False

    def enforce_write_limits(
        self,
        *,
        per_minute: int = 80,
        per_hour: int = 500,
        methods: Iterable[str] = ("POST", "PATCH", "PUT", "DELETE"),
        status: int = 403,
        retry_after: bool = False,
    ) -> WriteLimits:
        """From now on, refuse a request of `methods` when `per_minute` of them came in the last 60 s
        or `per_hour` in the last 3,600 s (on the fake clock), as GitHub's secondary limits on
        content creation do: `status` with GitHub's message, and `retry-after` if asked."""
        if per_minute < 1 or per_hour < 1:
            raise ValueError(f"limits must be at least 1, not {per_minute} a minute and {per_hour} an hour")
        if status not in (403, 429):
            raise ValueError(f"GitHub refuses with 403 or 429, not {status}")
        with self.lock:
            chosen = frozenset(method.upper() for method in methods)
            self.write_limits = WriteLimits(per_minute, per_hour, chosen, status, retry_after)
            return self.write_limits

    # -- readers (copies) ----------------------------------------------------------------------

    def issue(self, repo: str, number: int) -> Issue:
        with self.lock:
            return copy.deepcopy(self.require_issue(repo, number))

    def comments(self, repo: str, number: int) -> list[Comment]:
        return self.issue(repo, number).comments

    def labels(self, repo: str) -> list[Label]:
        with self.lock:
            return [copy.copy(label) for label in self.repo(repo).labels.values()]

    # -- lookups and bookkeeping used by the routes ---------------------------------------------

    def repo(self, full_name: str) -> Repo:
        try:
            return self.repos[full_name]
        except KeyError:
            raise KeyError(f"no repository {full_name!r} (add it with state.add_repo)") from None

    def user(self, login: str) -> User:
        """The user with this login; someone who only appears as an author gets an account, no token."""
        if login not in self.users:
            self.add_user(login, installation=False)
        return self.users[login]

    def user_by_token(self, token: str) -> User | None:
        return next((user for user in self.users.values() if token and user.token == token), None)

    def transfer_issue(self, repo: str, number: int, to_repo: str) -> int:
        """Move an issue to another repository, as GitHub's transfer does; its number there. Its
        labels that the target repository has no label of the same name for are dropped, as GitHub
        drops them (labels match by name, case aside, and take the target's spelling)."""
        with self.lock:
            source, target = self.repo(repo), self.repo(to_repo)
            issue = source.issues.pop(number)
            kept = (target.labels.get(name.casefold()) for name in issue.labels)
            issue.labels = [label.name for label in kept if label is not None]
            issue.number = max(target.issues, default=0) + 1
            target.issues[issue.number] = issue
            source.moved[number] = (to_repo, issue.number)
            return issue.number

    def rename_repo(self, old: str, new: str) -> None:
        """Rename a repository, as its settings do: requests naming it the old way get a 301 (a read) or
        a 307 (a write), to its id."""
        with self.lock:
            repo = self.repos.pop(old)
            repo.full_name = new
            self.repos[new] = repo
            self.renamed[old] = new

    def delete_issue(self, repo: str, number: int) -> None:
        with self.lock:
            target = self.repo(repo)
            del target.issues[number]
            target.deleted.add(number)

    def association(self, repo: str, login: str) -> str:
        """`author_association` for `login`'s issues and comments here: as set by `associate`,
        else OWNER for the owner named in the repository's name, else NONE."""
        known = self.repos[repo].associations.get(login) if repo in self.repos else None
        if known is not None:
            return known
        return "OWNER" if login == repo.split("/", maxsplit=1)[0] else "NONE"

    def find_issue(self, repo: str, number: int) -> Issue | None:
        return self.repo(repo).issues.get(number)

    def require_issue(self, repo: str, number: int) -> Issue:
        issue = self.find_issue(repo, number)
        if issue is None:
            raise KeyError(f"no issue #{number} in {repo}")
        return issue

    def delete_label(self, repo: str, name: str) -> None:
        """As a person deleting it on GitHub: gone from the repository and from every issue, with
        no event in any issue's timeline."""
        with self.lock:
            found = self.repo(repo).labels.pop(name.casefold())
            for issue in self.repo(repo).issues.values():
                if found.name in issue.labels:
                    issue.labels.remove(found.name)

    def find_label(self, repo: str, name: str) -> Label | None:
        return self.repo(repo).labels.get(name.casefold())

    def ensure_label(self, repo: str, name: str) -> Label:
        return self.find_label(repo, name) or self.add_label(repo, name)

    def record_event(self, issue: Issue, action: str, label: Label, actor: str) -> int:
        event = LabelEvent(self.next_id(), action, label.name, label.color, actor, self.clock.now())
        issue.events.append(event)
        return event.id
