"""A stateful GitHub-like REST server on 127.0.0.1 for tests; see README.md in this directory."""

from tests.fakegithub import faults
from tests.fakegithub.clock import FakeClock
from tests.fakegithub.faults import Fault
from tests.fakegithub.log import LogEntry, RequestLog, max_in_window, min_gap
from tests.fakegithub.server import FakeGitHub
from tests.fakegithub.state import Comment, Issue, Label, LabelEvent, State

REPO = "octo/widgets"
"""The repository the `github` fixture creates."""
TOKEN = "ghs_test"
"""The `github` fixture's installation token (like Actions' GITHUB_TOKEN), with issues: write."""
BOT = "github-actions[bot]"
"""The login that owns `TOKEN`: the author of everything the client writes."""

__all__ = [
    "BOT",
    "REPO",
    "TOKEN",
    "Comment",
    "FakeClock",
    "FakeGitHub",
    "Fault",
    "Issue",
    "Label",
    "LabelEvent",
    "LogEntry",
    "RequestLog",
    "State",
    "faults",
    "max_in_window",
    "min_gap",
]
