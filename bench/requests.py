"""Print how many GitHub requests `triage run` makes, counted from the fake server's request log.

usage: python bench/requests.py [N]   (N open issues in the batch; default 1000)

Runs the real CLI in-process against `tests.fakegithub` (on its fake clock, so write pacing costs
no wall time) with the bundled rules, and prints each measured count beside issue 6's target:
an `opened` event makes exactly 2 requests, an unchanged `edited` event 0 writes, and a batch
ceil(N/100) list requests, comment reads only for issues with comments (none where the timeline, which
lists them, is read), timeline reads only where a label would be added, and writes only for issues that
change. Then a backlog's first sweep with new
comments off (labels only).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: this file's own name would shadow the `requests` package

import triage.github  # noqa: E402 -- after the path set-up, so `tests` imports from a checkout
from tests.fakegithub import BOT, REPO, TOKEN, FakeGitHub  # noqa: E402 -- as above
from triage.cli import main as triage_main  # noqa: E402 -- as above
from triage.ruleset import load_rules  # noqa: E402 -- as above

RULES = ROOT / "rules" / "ownership.yaml"
MATCHING = ("Kubernetes upgrade with kubectl fails", "Our helm chart on the k8s cluster cannot pull images.")
NOTHING = ("Question about billing", "Where do I find my invoice?")


@contextlib.contextmanager
def fake_github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.state.add_repo(REPO)
        server.state.add_user(BOT, TOKEN, permission="write", installation=True)
        for label in load_rules(RULES).managed_labels:
            server.state.add_label(REPO, label.name, label.color, label.description)
        triage.github.DEFAULT_TIMEKEEPER = server.clock
        yield server


def run(server: FakeGitHub, event_name: str, payload: object) -> int:
    with tempfile.TemporaryDirectory() as workdir:
        event = Path(workdir) / "event.json"
        event.write_text(json.dumps(payload), encoding="utf-8")
        env = {
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": server.url,
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event),
        }
        with _environment(env), contextlib.redirect_stdout(io.StringIO()):
            # The fake clock makes waiting free: wait out GitHub's hourly write window, do not stop.
            return triage_main(["run", "--rules", str(RULES), "--max-wait-minutes", "100000"])


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def issue_event(server: FakeGitHub, number: int, action: str) -> dict[str, object]:
    issue = server.state.issue(REPO, number)
    labels = [{"name": name} for name in issue.labels]
    fields = {"number": number, "title": issue.title, "body": issue.body, "labels": labels}
    return {
        "action": action,
        "issue": fields | {"comments": len(issue.comments)},
        "sender": {"login": "alice"},
    }


def single_events() -> tuple[int, int]:
    """Requests of an `opened` event, then writes of an `edited` event that changes nothing."""
    with fake_github() as server:
        number = server.state.add_issue(REPO, *MATCHING)
        run(server, "issues", issue_event(server, number, "opened"))
        opened = len(server.log)
        server.log.clear()
        run(server, "issues", issue_event(server, number, "edited"))
        return opened, len(server.log.writes())


def seed_batch(server: FakeGitHub, size: int) -> dict[str, int]:
    """A quarter each: already triaged, new and matching, new and unmatched, matching with human comments."""
    expected = {"comment_reads": 0, "timeline_reads": 0, "changed": 0}
    for index in range(size):
        kind = index % 4
        number = server.state.add_issue(REPO, *(NOTHING if kind == 2 else MATCHING))
        if kind == 0:
            server.state.add_comment(REPO, number, "alice", "me too")
        if kind == 3:
            server.state.add_comment(REPO, number, "alice", "any news?")
        expected["comment_reads"] += kind == 0  # kind 3's come with its timeline
        expected["timeline_reads"] += kind in (1, 3)  # the bundled rules have no fallback label
        expected["changed"] += kind in (1, 3)
    return expected


def batch(size: int) -> None:
    with fake_github() as server:
        expected = seed_batch(server, size)
        pulls = size // 20
        for index in range(pulls):
            server.state.add_issue(REPO, f"PR {index}", "kubectl", pull_request=True)
        run(server, "workflow_dispatch", {"inputs": {}})
        _pre_triage_quarter(server)
        server.log.clear()
        run(server, "workflow_dispatch", {"inputs": {}})
        _report_batch(server, size, pulls, expected)


def first_sweep(size: int) -> None:
    """The same issues, none triaged yet, swept with new comments off (labels only), as a backlog's
    first pass: each matching issue costs its timeline (which lists its comments) and one write."""
    with fake_github() as server:
        seed_batch(server, size)
        run(server, "workflow_dispatch", {"inputs": {"new-comments": "false"}})
        log = server.log
        matching = size - size // 4
        print(f"first sweep over the same {size} issues, none triaged yet, new comments off:")
        rows = [
            ("list requests", log.count("GET", r"/issues$"), f"ceil({size}/100) = {math.ceil(size / 100)}"),
            ("comment reads", log.count("GET", r"/comments$"), "0 (the timeline lists the comments)"),
            ("timeline reads", log.count("GET", r"/timeline$"), f"{matching} (a label to add)"),
            ("writes", len(log.writes()), f"{matching} (labels only)"),
            ("total requests", len(log), ""),
        ]
        _print_rows(rows)


def _pre_triage_quarter(server: FakeGitHub) -> None:
    """Leave issues 1, 5, 9... triaged and the rest as they were, so one run sees both kinds."""
    with server.state.lock:
        for number, issue in server.state.repo(REPO).issues.items():
            if issue.pull_request or (number - 1) % 4 == 0:
                continue
            issue.labels.clear()
            issue.events.clear()
            issue.comments[:] = [c for c in issue.comments if c.author != BOT]


def _report_batch(server: FakeGitHub, size: int, pulls: int, expected: dict[str, int]) -> None:
    log = server.log
    lists = log.count("GET", r"/issues$")
    rows = [
        ("list requests", lists, f"ceil({size + pulls}/100) = {math.ceil((size + pulls) / 100)}"),
        ("GET of single issues", log.count("GET", r"/issues/\d+$"), "0 (PRs told apart from the list data)"),
        (
            "comment reads",
            log.count("GET", r"/comments$"),
            f"{expected['comment_reads']} (issues with comments whose timeline is not read)",
        ),
        ("timeline reads", log.count("GET", r"/timeline$"), f"{expected['timeline_reads']} (a label to add)"),
        (
            "writes",
            len(log.writes()),
            f"{2 * expected['changed']} (labels + comment, {expected['changed']} changed)",
        ),
        ("  label POSTs", log.count("POST", r"/labels$"), ""),
        ("  comment POSTs", log.count("POST", r"/comments$"), ""),
        ("total requests", len(log), ""),
    ]
    print(f"batch over {size} open issues (+{pulls} pull requests), a quarter already triaged:")
    _print_rows(rows)


def _print_rows(rows: list[tuple[str, int, str]]) -> None:
    for name, measured, target in rows:
        print(f"  {name:<22} {measured:>6}   {target}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    size = int(args[0]) if args else 1000
    opened, edited_writes = single_events()
    print(f"opened event, no comments, labels exist: {opened} requests (target 2)")
    print(f"edited event that changes nothing:       {edited_writes} writes (target 0)")
    batch(size)
    first_sweep(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
