"""What a user reads when GitHub says no: one clear message per status, named after the request.

Pure: `triage.github` hands over the status, GitHub's own message and the headers once retrying
is over (5xx, rate limits) or pointless (401, 403, 404, 410, 422).
"""

from __future__ import annotations

from collections.abc import Mapping

from triage.backoff import rate_limit_wait
from triage.errors import GitHubError, RateLimitStop, TriageError

_REFUSALS = {
    401: "the token was rejected (401 Bad credentials): GITHUB_TOKEN (in the action, its `token` input) "
    "is not a token GitHub knows, or it has expired or been revoked",
    404: "not found (404): the repository, issue or comment does not exist or the token cannot see it",
}
_ISSUES_DISABLED = "gone (410): issues are disabled in this repository"
_ISSUE_DELETED = "gone (410): the issue was deleted"
_NO_ISSUES_WRITE = "the token lacks the `issues: write` permission"
_NO_LABEL_CREATION = "the token may not create labels: it needs `issues: write`"
_NO_LABEL_CREATION_FOR_ISSUE = (
    "a label triage adds is missing from the repository, and the token may not create labels: give the "
    "job `issues: write`, or create the labels first with `triage labels sync`"
)


class RequestRefusedError(GitHubError):
    """GitHub answered with an error retrying will not fix; `status` and GitHub's own `reason` say which."""

    def __init__(self, message: str, status: int, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason

    @property
    def fails_every_issue(self) -> bool:
        """A bad token (401) or a missing permission (403) fails every issue alike, so a batch stops
        at the first; a 403 about one issue (a locked conversation refusing a comment) fails it alone."""
        if self.status == 401:
            return True
        return self.status == 403 and not self.locked_conversation

    @property
    def issue_gone(self) -> bool:
        """The issue was transferred to another repository (301) or deleted (410), not refused: a
        batch that listed it, or the job of an event sent before, has nothing left to do there."""
        return self.status == 301 or (self.status == 410 and not _issues_disabled(self.reason))

    @property
    def locked_conversation(self) -> bool:
        """GitHub refused a comment because the issue's conversation is locked."""
        return self.status == 403 and "locked" in self.reason.lower()


def github_message(data: object, fallback: str | None = None) -> str:
    """GitHub's `message`, with what a 422's `errors` say: each one's own `message` (or the error
    itself, when GitHub lists it as text), then their `code`s (e.g. `already_exists`). A 422's
    `message` is often "Validation Failed" alone, and the why is in its errors: "Body is too long
    (maximum is 65536 characters)" for a comment."""
    body = data if isinstance(data, Mapping) else {}
    message = str(body.get("message") or fallback or "")
    errors = body.get("errors")
    errors = errors if isinstance(errors, list) else []
    said = [_said(item) for item in errors]
    details = [text for text in dict.fromkeys(said) if text and text not in message]
    codes = [str(item["code"]) for item in errors if isinstance(item, Mapping) and item.get("code")]
    if details:
        message = f"{message}: {'; '.join(details)}" if message else "; ".join(details)
    return f"{message} ({', '.join(codes)})" if codes else message


def _said(error: object) -> str:
    """What one of a 422's `errors` says in words: its `message`, or the error when it is text."""
    if isinstance(error, Mapping):
        return str(error.get("message") or "").strip()
    return error.strip() if isinstance(error, str) else ""


def final_error(
    what: str, status: int, message: str, headers: Mapping[str, str], attempts: int
) -> TriageError:
    """The error for request `what` (e.g. `GET /repos/o/r/issues/1`) once retrying is over or pointless."""
    described = f"{status} {message}".strip()
    if status >= 500:
        return GitHubError(f"{what}: GitHub kept failing ({described}) after {attempts} attempts")
    if rate_limit_wait(status, headers, message, now=0, attempt=1, floor=0) is not None:
        return RateLimitStop(f"{what}: still rate limited by GitHub after {attempts} attempts")
    if status == 403 and "resource not accessible by" in message.lower():
        # "by integration" for the Actions token and Apps; "by personal access token" for a fine-grained one
        detail = f"{described}: {_NO_ISSUES_WRITE}"
    elif status == 403 and "permission to create labels" in message.lower():
        # to an issue's label POST naming a label the repository lacks, GitHub refuses the whole
        # POST, so nothing was written; `labels sync` creating one gets it too
        fix = _NO_LABEL_CREATION_FOR_ISSUE if "/issues/" in what else _NO_LABEL_CREATION
        detail = f"{described}: {fix}"
    elif status == 410:  # GitHub's one status for both; only its message tells them apart
        detail = _ISSUES_DISABLED if _issues_disabled(message) else _ISSUE_DELETED
    else:
        detail = _REFUSALS.get(status, described)
    return RequestRefusedError(f"{what}: {detail}", status, message)


def _issues_disabled(message: str) -> bool:
    """GitHub's 410 is one status for a repository whose issues are disabled and for a deleted
    issue; only its message ("Issues are disabled for this repo") tells them apart."""
    return "disabled" in message.lower()
