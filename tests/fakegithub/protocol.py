"""The request, response and error types the route handlers speak."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakegithub.payloads import Render
from tests.fakegithub.state import Comment, Issue, Repo, State, User

DOCS = "https://docs.github.com/rest"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    """Percent-decoded path, without the query."""
    raw_path: str
    """The path exactly as sent (label names may or may not be percent-encoded)."""
    query_pairs: list[tuple[str, str]]
    body: Any
    headers: dict[str, str]

    @property
    def query(self) -> dict[str, str]:
        return dict(self.query_pairs)

    @property
    def is_write(self) -> bool:
        return self.method in ("POST", "PATCH", "PUT", "DELETE")


@dataclass
class Response:
    status: int
    body: Any = None
    """JSON-serialisable, or bytes sent as they are (with the content type `headers` give); None
    sends an empty body."""
    headers: dict[str, str] = field(default_factory=dict)
    applied: bool = False
    """Whether handling the request changed the server's state."""


class HttpError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        *,
        documentation_url: str = DOCS,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.documentation_url = documentation_url
        self.extra = extra

    def response(self) -> Response:
        body = {
            "message": self.message,
            **self.extra,
            "documentation_url": self.documentation_url,
            "status": str(self.status),
        }
        return Response(self.status, body, headers=dict(self.headers))


def not_found() -> HttpError:
    return HttpError(404, "Not Found")


def validation_failed(resource: str, field_name: str, code: str, message: str | None = None) -> HttpError:
    error = {"resource": resource, "field": field_name, "code": code}
    if message is not None:
        error["message"] = message
    return HttpError(422, "Validation Failed", errors=[error])


@dataclass(frozen=True)
class Ctx:
    """One request being handled: who sent it, what the route captured, and the world it acts on."""

    request: Request
    params: dict[str, str]
    user: User
    state: State
    render: Render

    @property
    def repo_name(self) -> str:
        return f"{self.params['owner']}/{self.params['repo']}"

    @property
    def repo(self) -> Repo:
        return self.state.repo(self.repo_name)

    @property
    def now(self) -> float:
        return self.state.clock.now()

    def issue(self) -> Issue:
        number = int(self.params["number"])
        issue = self.state.find_issue(self.repo_name, number)
        if issue is None:
            if number in self.repo.deleted:
                if self.request.raw_path.endswith("/timeline"):  # as GitHub answers it (seen by others)
                    raise not_found()
                raise HttpError(410, "This issue was deleted")
            if number in self.repo.moved:  # transferred: GitHub sends the client on, whatever the verb,
                to_repo, to_number = self.repo.moved[number]  # to the new repository by its id
                old = f"/repos/{self.repo_name}/issues/{number}"
                to_id = self.state.repo(to_repo).id
                new = f"/repositories/{to_id}/issues/{to_number}" + self.request.raw_path[len(old) :]
                raise HttpError(301, "Moved Permanently", headers={"location": self.render.base + new})
            raise not_found()
        return issue

    def comment(self) -> tuple[Issue, Comment]:
        wanted = int(self.params["comment_id"])
        for issue in self.repo.issues.values():
            for comment in issue.comments:
                if comment.id == wanted:
                    return issue, comment
        raise not_found()

    def json_field(self, name: str) -> Any:
        body = self.request.body
        return body.get(name) if isinstance(body, dict) else None
