"""The messages a user reads when GitHub says no, one per status, named after the request."""

from __future__ import annotations

import pytest

from tests.fakegithub import faults
from triage.errors import GitHubError, RateLimitStop
from triage.refusal import RequestRefusedError, final_error, github_message

WHAT = "POST /repos/o/r/issues/1/labels"


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (
            401,
            "Bad credentials",
            f"{WHAT}: the token was rejected (401 Bad credentials): GITHUB_TOKEN (in the action, its "
            "`token` input) is not a token GitHub knows, or it has expired or been revoked",
        ),
        (
            403,
            "Resource not accessible by integration",
            f"{WHAT}: 403 Resource not accessible by integration: "
            "the token lacks the `issues: write` permission",
        ),
        (
            403,
            "Resource not accessible by personal access token",
            f"{WHAT}: 403 Resource not accessible by personal access token: "
            "the token lacks the `issues: write` permission",
        ),
        (
            403,
            "You do not have permission to create labels on this repository. (unauthorized)",
            f"{WHAT}: 403 You do not have permission to create labels on this repository. (unauthorized): "
            "a label triage adds is missing from the repository, and the token may not create labels: "
            "give the job `issues: write`, or create the labels first with `triage labels sync`",
        ),
        (403, "Forbidden", f"{WHAT}: 403 Forbidden"),
        (
            404,
            "Not Found",
            f"{WHAT}: not found (404): "
            "the repository, issue or comment does not exist or the token cannot see it",
        ),
        (
            410,
            "Issues are disabled for this repo",
            f"{WHAT}: gone (410): issues are disabled in this repository",
        ),
        (410, "This issue was deleted", f"{WHAT}: gone (410): the issue was deleted"),
        (422, "Validation Failed (invalid)", f"{WHAT}: 422 Validation Failed (invalid)"),
    ],
)
def test_a_refusal_names_the_request_and_what_to_do(status: int, message: str, expected: str) -> None:
    error = final_error(WHAT, status, message, {}, attempts=5)
    assert isinstance(error, RequestRefusedError)
    assert (str(error), error.status, error.reason) == (expected, status, message)


def test_a_5xx_to_the_end_says_how_often_it_was_tried() -> None:
    error = final_error(WHAT, 503, "Service Unavailable", {}, attempts=4)
    assert type(error) is GitHubError
    assert str(error) == f"{WHAT}: GitHub kept failing (503 Service Unavailable) after 4 attempts"


def test_a_rate_limit_to_the_end_is_a_resumable_stop() -> None:
    error = final_error(WHAT, 429, "", {"retry-after": "10"}, attempts=5)
    assert isinstance(error, RateLimitStop)
    assert str(error) == f"{WHAT}: still rate limited by GitHub after 5 attempts"


def test_githubs_message_carries_the_codes_of_a_422() -> None:
    data = {"message": "Validation Failed", "errors": [{"resource": "Label", "code": "already_exists"}]}
    assert github_message(data) == "Validation Failed (already_exists)"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            faults.COMMENT_TOO_LONG,
            "Validation Failed: Body is too long (maximum is 65536 characters) (unprocessable)",
        ),
        (
            {"message": "Validation Failed", "errors": ["Issues cannot have more than 100 labels"]},
            "Validation Failed: Issues cannot have more than 100 labels",
        ),
        (
            {"message": "Validation Failed. Issues cannot have more than 100 labels", "errors": []},
            "Validation Failed. Issues cannot have more than 100 labels",
        ),
    ],
    ids=["error-objects", "error-text", "message-alone"],
)
def test_githubs_message_carries_what_a_422s_errors_say(data: object, expected: str) -> None:
    assert github_message(data) == expected


def test_a_body_without_a_message_falls_back() -> None:
    assert github_message("<html>502</html>", "Bad Gateway") == "Bad Gateway"
