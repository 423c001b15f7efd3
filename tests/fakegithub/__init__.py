"""A stateful GitHub-like REST server on 127.0.0.1 for tests; see README.md in this directory."""

from tests.fakegithub import faults
from tests.fakegithub.clock import FakeClock
from tests.fakegithub.faults import Fault
from tests.fakegithub.log import LogEntry, RequestLog, max_in_window, min_gap
from tests.fakegithub.server import FakeGitHub
from tests.fakegithub.state import Comment, Issue, Label, LabelEvent, State

__all__ = [
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
