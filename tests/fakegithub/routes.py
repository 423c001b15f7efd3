"""Which handler answers a request, and the checks GitHub makes before it gets there:
authentication, the primary rate limit, repository existence, issues enabled, write permission,
the limits on content creation (when enforced)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace

from tests.fakegithub import issues, labels, ratelimit, writelimits
from tests.fakegithub.payloads import Render
from tests.fakegithub.protocol import Ctx, HttpError, Request, Response, not_found
from tests.fakegithub.state import State, User

Handler = Callable[[Ctx], Response]
NO_INTEGRATION_ACCESS = "Resource not accessible by integration"
INVALID_JSON = object()
"""Stands in for a request body that was not valid JSON."""


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    needs_issues: bool


def get_repo(ctx: Ctx) -> Response:
    return Response(200, ctx.render.repo(ctx.repo))


def get_user(ctx: Ctx) -> Response:
    if ctx.user.installation:
        raise HttpError(403, NO_INTEGRATION_ACCESS)
    return Response(200, ctx.render.user(ctx.user.login))


REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
ISSUE = REPO + r"/issues/(?P<number>\d+)"
COMMENT = REPO + r"/issues/comments/(?P<comment_id>\d+)"
TABLE: list[tuple[str, str, Handler, bool]] = [
    ("GET", "/user", get_user, False),
    ("GET", REPO, get_repo, False),
    ("GET", REPO + "/issues", issues.list_issues, True),
    ("GET", ISSUE, issues.get_issue, True),
    ("PATCH", ISSUE, issues.edit_issue, True),
    ("GET", ISSUE + "/comments", issues.list_comments, True),
    ("POST", ISSUE + "/comments", issues.create_comment, True),
    ("GET", COMMENT, issues.get_comment, True),
    ("PATCH", COMMENT, issues.edit_comment, True),
    ("DELETE", COMMENT, issues.delete_comment, True),
    ("GET", ISSUE + "/events", issues.list_events, True),
    ("GET", ISSUE + "/timeline", issues.list_timeline, True),
    ("GET", ISSUE + "/labels", labels.list_issue_labels, True),
    ("POST", ISSUE + "/labels", labels.add_issue_labels, True),
    ("PUT", ISSUE + "/labels", labels.replace_issue_labels, True),
    ("DELETE", ISSUE + "/labels", labels.remove_all_issue_labels, True),
    ("DELETE", ISSUE + "/labels/(?P<name>.+)", labels.remove_issue_label, True),
    ("GET", REPO + "/labels", labels.list_labels, False),
    ("POST", REPO + "/labels", labels.create_label, False),
    ("GET", REPO + "/labels/(?P<name>.+)", labels.get_label, False),
    ("PATCH", REPO + "/labels/(?P<name>.+)", labels.edit_label, False),
    ("DELETE", REPO + "/labels/(?P<name>.+)", labels.delete_label, False),
]
ROUTES = [Route(method, re.compile(pattern), handler, needs) for method, pattern, handler, needs in TABLE]


def handle(request: Request, state: State, render: Render) -> Response:
    """Answer one request (the caller holds `state.lock`); never raises for a client mistake."""
    try:
        if request.path == "/rate_limit":
            if not state.rate.enabled:
                raise HttpError(404, ratelimit.NOT_ENABLED_MESSAGE)
            return Response(200, ratelimit.rate_limit_body(state.rate))
        user = authenticate(request, state)
        if not ratelimit.charge(state.rate, state.clock.now()):
            raise HttpError(403, ratelimit.PRIMARY_MESSAGE)
        route, params = find_route(by_name(request, state))
        ctx = Ctx(request, params, user, state, render)
        check_access(ctx, route)
        writelimits.admit(state.write_limits, request.method, state.clock.now())
        return route.handler(ctx)
    except HttpError as error:
        return error.response()


def authenticate(request: Request, state: State) -> User:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not token:
        raise HttpError(401, "Requires authentication")
    user = state.user_by_token(token.strip()) if scheme.lower() in ("token", "bearer") else None
    if user is None:
        raise HttpError(401, "Bad credentials")
    return user


BY_ID = re.compile(r"/repositories/(?P<id>\d+)(?P<rest>/.*)?")


def by_name(request: Request, state: State) -> Request:
    """`/repositories/ID/...`, the form GitHub's redirects use, as `/repos/OWNER/NAME/...`."""
    found = BY_ID.fullmatch(request.raw_path)
    if found is None:
        return request
    repo = next((r for r in state.repos.values() if r.id == int(found.group("id"))), None)
    if repo is None:
        raise not_found()
    path = f"/repos/{repo.full_name}{found.group('rest') or ''}"
    return replace(request, path=path, raw_path=path)


def find_route(request: Request) -> tuple[Route, dict[str, str]]:
    for route in ROUTES:
        match = route.pattern.fullmatch(request.raw_path)
        if match is not None and route.method == request.method:
            return route, match.groupdict()
    raise not_found()


def check_access(ctx: Ctx, route: Route) -> None:
    if "owner" in ctx.params and ctx.repo_name in ctx.state.renamed:  # by id, as GitHub redirects
        now = ctx.state.repo(ctx.state.renamed[ctx.repo_name])
        rest = ctx.request.raw_path[len(f"/repos/{ctx.repo_name}") :]
        query = "?" + urllib.parse.urlencode(ctx.request.query_pairs) if ctx.request.query_pairs else ""
        location = f"{ctx.render.base}/repositories/{now.id}{rest}{query}"
        if ctx.request.is_write:  # GitHub's repository redirects: 307 for a write, 301 for a read
            raise HttpError(307, "Temporary Redirect", headers={"location": location})
        raise HttpError(301, "Moved Permanently", headers={"location": location})
    if "owner" in ctx.params and ctx.repo_name not in ctx.state.repos:
        raise not_found()
    if route.needs_issues and not ctx.repo.issues_enabled:
        raise HttpError(410, "Issues are disabled for this repo")
    if ctx.request.is_write and ctx.user.permission != "write":
        raise HttpError(403, NO_INTEGRATION_ACCESS)
    if ctx.request.is_write and ctx.request.body is INVALID_JSON:
        raise HttpError(400, "Problems parsing JSON")
