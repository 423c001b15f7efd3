"""Play a maintainer's story on a busy repository against the fake GitHub, through the real CLI, and
print what each phase cost and what it said: `triage labels sync`, a first backlog sweep dispatched
labels-only (`new-comments: false`) and resumed as each stop says, the nightly scheduled sweep
(`since: 26h`, its resume point kept in a file as the action keeps it in the Actions cache), and
`issues` events arriving meanwhile.

usage: python bench/backlog_story.py [--issues N] [--days D] [--commented SHARE] [--with-comments]
                                    [--resume-at HOUR] [--keep DIR]

The repository holds N open issues (default 5,000) made up here: the bundled rules' areas
(Kubernetes, Docker Compose, the single container, monitoring, tracing, CI, releases), other
teams' (some already labelled `team/search` by a person, a `defer_to` owner), empty bodies, 60,000
character bodies, comments on some; one pull request in twenty. The server enforces GitHub's limits
for the Actions token: 1,000 requests an hour (primary), 80 content-creating requests a minute and
500 an hour (secondary).

Each run is `python -m triage` in a process of its own, with the environment the action gives it
(GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL,
GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, TRIAGE_*). Time is virtual and shared: the process's clock and
the server's read one file, so the process's waits move the server's rate-limit windows on as
GitHub's would move, at no wall time. The maintainer dispatches the next run of the backlog sweep
with the `since` value the stop printed, at the `not before` time it names (during working hours,
08:00 to 20:00 UTC); the scheduled sweep starts at 03:17 UTC; an issue is opened every 40 minutes
and one in three of them is edited later, each an `issues` event run at once.

Each run's line gives its requests by kind and what the hour's two budgets have left for the event
runs. At the end the story is checked (exit 1 when it fails): no issue with two comments of
triage's, every open issue the rules label carrying those labels (by an offline dry run of its text
as it ends), no label of ours on an issue a person gave `team/search`, the area label a person gave
still on, and every event run exit 0; the old issues commented on are counted (0 for a labels-only
backlog), and the refusals (403, 429) in the server's log.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from tests.fakegithub import BOT, REPO, TOKEN, FakeGitHub  # noqa: E402 -- after the path set-up
from tests.fakegithub.clock import START, FakeClock  # noqa: E402 -- as above
from tests.fakegithub.state import Issue  # noqa: E402 -- as above
from triage.ruleset import load_rules  # noqa: E402 -- as above

RULES = ROOT / "rules" / "ownership.yaml"
MAINTAINER, MAINTAINER_TOKEN = "maintainer", "ghp_maintainer"
PERSON_TEAM = "team/search"
"""Another team's label, which the bundled rules defer to (`defer_to: ["team/*"]`)."""
PERSON_AREA = "distribution/kubernetes"
"""A label of the rules that a person gave some issues before triage came."""
REPOSITORY_LABELS = ("bug", "question", "enhancement", "needs-info")
HOUR, DAY = 3600.0, 86400.0

CHILD = """
import os, runpy, sys
from pathlib import Path

import triage.github

class SharedTime:
    '''The bench's virtual time, kept in a file the fake server reads too.'''

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def now(self) -> float:
        return float(self.path.read_text())

    def sleep(self, seconds: float) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(repr(self.now() + seconds))
        temporary.replace(self.path)

triage.github.DEFAULT_TIMEKEEPER = SharedTime(sys.argv[1])
sys.argv = ["triage", *sys.argv[2:]]
runpy.run_module("triage", run_name="__main__", alter_sys=True)
"""
"""Runs `python -m triage ARGS` on the shared virtual clock named first."""


class SharedClock(FakeClock):
    """The server's side of the shared virtual time: one file, which the triage process moves on."""

    def __init__(self, path: Path, start: float = START) -> None:
        super().__init__(start)
        self.path = path
        self._write(start)

    def _write(self, value: float) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(repr(value))
        temporary.replace(self.path)

    def now(self) -> float:
        return float(self.path.read_text())

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._write(self.now() + seconds)

    def advance(self, seconds: float) -> None:
        self._write(self.now() + seconds)

    def set(self, when: float) -> None:
        self._write(max(when, self.now()))


KINDS = {
    "kubernetes": (
        [
            "Helm upgrade fails on our k8s cluster",
            "kubectl rollout stuck after upgrade",
            "Pods crashloop on k8s",
        ],
        "We deploy with helm on Kubernetes (deploy-sourcegraph). `helm upgrade` restarts the frontend pod.",
    ),
    "compose": (
        ["docker-compose up fails after upgrade", "Docker Compose deployment loses data"],
        "Running `docker-compose up -d` from deploy-sourcegraph-docker, the gitserver container exits.",
    ),
    "single": (
        ["Single container won't start", "Sourcegraph Server image crashes on boot"],
        "We run the single-container server image with `docker run`; it exits with code 1.",
    ),
    "monitoring": (
        ["Grafana dashboards are empty", "Prometheus alerts fire constantly"],
        "Our grafana dashboard shows no data and prometheus scrapes fail with connection refused.",
    ),
    "tracing": (
        ["Jaeger shows no traces", "SRC_LOG_LEVEL ignored"],
        "Setting SRC_LOG_LEVEL=dbug and opening jaeger shows nothing.",
    ),
    "ci": (
        ["Buildkite pipeline flaky on e2e tests", "Buildkite agent out of disk"],
        "The buildkite e2e tests step fails one run in three.",
    ),
    "release": (
        ["Patch release 3.41.1 tracking issue", "Monthly release checklist"],
        "Tracking the patch release: the release tool needs the new branch.",
    ),
    "search": (
        [
            "Search results miss matches in regex mode",
            "Structural search times out",
            "Code intel hover empty",
        ],
        "Searching for `foo.*bar` with patterntype:regexp returns nothing although the file has it.",
    ),
    "billing": (
        ["Question about my invoice", "License key not accepted", "Feature request: dark mode in the editor"],
        "Where do I find last month's invoice? Nothing about deployment here.",
    ),
}
MIX = (
    ["kubernetes"] * 10
    + ["compose"] * 5
    + ["single"] * 4
    + ["monitoring"] * 4
    + ["tracing", "ci", "release"] * 2
    + ["search"] * 12
    + ["billing"] * 10
    + ["empty"] * 6
)


def issue_text(kind: str, index: int, rng: random.Random) -> tuple[str, str | None]:
    if kind == "empty":
        return rng.choice(["Crash", "Broken", "Help", "It does not work"]) + f" ({index})", rng.choice(
            ["", None]
        )
    titles, body = KINDS[kind]
    prose = " ".join(
        rng.choices(["the", "admin", "page", "after", "we", "see", "error", "logs", "again"], k=40)
    )
    return f"{rng.choice(titles)} ({index})", f"{body}\n\n{prose}."


@dataclass(frozen=True)
class Settings:
    """The story's knobs: the repository's size, how long it is played, how the maintainer works."""

    issues: int = 5_000
    days: int = 3
    commented: float = 1 / 3
    """The share of the old issues with comments (1 to 4 each)."""
    labels_only: bool = True
    """The backlog sweep dispatched with `new-comments: false`, as the README advises."""
    resume_at: float | None = None
    """None: the maintainer dispatches each resume as soon as the stop allows, 08:00 to 20:00 UTC;
    an hour: once a day, at that hour UTC."""


@dataclass
class Noted:
    """The seeded issues a check looks at again at the end."""

    person_team: set[int] = field(default_factory=set)
    person_area: set[int] = field(default_factory=set)
    long: set[int] = field(default_factory=set)
    pulls: set[int] = field(default_factory=set)


def seed(server: FakeGitHub, settings: Settings, rng: random.Random) -> Noted:
    """The repository as it is the day the maintainer installs triage: issues of three years, none
    updated in the last two days."""
    state = server.state
    state.add_repo(REPO)
    state.add_user(BOT, TOKEN, permission="write", installation=True)
    state.add_user(MAINTAINER, MAINTAINER_TOKEN, permission="write", installation=False)
    for name in (*REPOSITORY_LABELS, PERSON_TEAM):
        state.add_label(REPO, name)
    now, total = server.clock.now(), settings.issues + settings.issues // 20
    noted = Noted()
    for index in range(total):
        created = now - 3 * 365 * DAY + index * (3 * 365 * DAY - 2 * DAY) / total
        if index % 21 == 20:
            noted.pulls.add(
                state.add_issue(REPO, f"PR {index}", "kubectl", pull_request=True, created_at=created)
            )
            continue
        updated = created + rng.uniform(0, min(200 * DAY, now - 2 * DAY - created))
        kind = rng.choice(MIX)
        title, body = issue_text(kind, index, rng)
        labels = rng.sample(REPOSITORY_LABELS, k=rng.randint(0, 2))
        if kind == "search" and index % 3 == 0:
            labels.append(PERSON_TEAM)
        if kind == "kubernetes" and index % 50 == 1:
            labels.append(PERSON_AREA)
        if index % 97 == 5:
            body = ((body or "") + "\n" + "at io.grpc.Stream.read(Stream.java:42)\n" * 3000)[:60_000]
        author = f"user{index % 300}"
        number = state.add_issue(
            REPO, title, body, labels=labels, author=author, created_at=created, updated_at=updated
        )
        if PERSON_TEAM in labels:
            noted.person_team.add(number)
        if PERSON_AREA in labels:
            noted.person_area.add(number)
        if index % 97 == 5:
            noted.long.add(number)
        for c in range(rng.randint(1, 4) if rng.random() < settings.commented else 0):
            state.add_comment(REPO, number, f"user{c}", "me too", created_at=created + HOUR * (c + 1))
    return noted


@dataclass
class Run:
    phase: str
    when: float
    code: int
    requests: int
    writes: int
    comments: int
    stderr: str
    stdout: str
    summary: str
    outputs: str
    kinds: str = ""


@dataclass
class Story:
    server: FakeGitHub
    clock: SharedClock
    workdir: Path
    runs: list[Run] = field(default_factory=list)
    counter: int = 0

    def run(self, phase: str, event: str, payload: object, args: list[str], **env: str) -> Run:
        self.counter += 1
        name = f"{self.counter:03d}-{phase}"
        event_path = self.workdir / f"{name}.event.json"
        event_path.write_text(json.dumps(payload), encoding="utf-8")
        summary, output = self.workdir / f"{name}.summary.md", self.workdir / f"{name}.output"
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "TRIAGE_"))}
        full_env = {
            **base,
            "PYTHONPATH": str(ROOT),
            "GITHUB_ACTIONS": "true",
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": self.server.url,
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_EVENT_NAME": event,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            **env,
        }
        if not event:
            for key in ("GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_ACTIONS"):
                full_env.pop(key)
        when = self.clock.now()
        before = len(self.server.log)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(self.clock.path), *args],
            env=full_env,
            capture_output=True,
            text=True,
            cwd=self.workdir,
            check=False,
        )
        entries = self.server.log.entries[before:]
        kinds = Counter(kind(e.method, e.path) for e in entries)
        run = Run(
            phase,
            when,
            done.returncode,
            len(entries),
            sum(e.is_write for e in entries),
            sum(e.method == "POST" and e.path.endswith("/comments") and e.status == 201 for e in entries),
            done.stderr,
            done.stdout,
            summary.read_text(encoding="utf-8") if summary.exists() else "",
            output.read_text(encoding="utf-8") if output.exists() else "",
            ", ".join(f"{n} {k}" for k, n in kinds.most_common()),
        )
        (self.workdir / f"{name}.stdout").write_text(done.stdout, encoding="utf-8")
        (self.workdir / f"{name}.stderr").write_text(done.stderr, encoding="utf-8")
        self.runs.append(run)
        return run


def kind(method: str, path: str) -> str:
    """A request's kind in a run's breakdown."""
    if method != "GET":
        return f"{method} {'labels/NAME' if '/labels/' in path else path.rsplit('/', 1)[-1]}"
    for name, pattern in (("list", r"/issues$"), ("timeline", r"/timeline$"), ("comments", r"/comments$")):
        if re.search(pattern, path):
            return name
    return "other GET"


def action_env(**overrides: str) -> dict[str, str]:
    """What the action's Triage step sets, for the README's workflow with `max-minutes: "25"` and, for
    the nightly sweep, `since: 26h` (which every event is given and only `schedule` reads)."""
    env = {
        "TRIAGE_RULES": str(RULES),
        "TRIAGE_DRY_RUN": "false",
        "TRIAGE_NEW_COMMENTS": "true",
        "TRIAGE_BOT_LOGIN": BOT,
        "TRIAGE_FORMER_BOT_LOGINS": "",
        "TRIAGE_MAX_MINUTES": "25",
        "TRIAGE_MAX_WAIT_MINUTES": "",
        "TRIAGE_SINCE": "26h",
        "TRIAGE_RESUME_SWEEPS": "true",
        "TRIAGE_RESUME_FILE": "",
    }
    return env | overrides


ACTION_ARGS = ["run", f"--rules={RULES}", f"--bot-login={BOT}"]
HINT = re.compile(r"since=(\S+?,\d+,\S+?Z(?:,[a-z+-]+)?)[) ,]")
NOT_BEFORE = re.compile(r"not before (\d{4}-\d\d-\d\d \d\d:\d\d) UTC")
SAYS = re.compile(r"label\(s\) changed|stopped|continues|ignored|::error|::warning|failed \(|triage: done")


def stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%a %H:%M")


def said(run: Run) -> str:
    """What a maintainer reads first: the stop (or the last counts), its warning or error."""
    lines = [line for line in run.stderr.splitlines() + run.stdout.splitlines() if SAYS.search(line)]
    lines = [line for line in lines if not line.startswith("::")] or lines
    return "\n      ".join(line[:600] for line in lines[-2:])


def next_dispatch(run: Run) -> tuple[dict[str, str], float | None] | None:
    """The inputs the stop tells the maintainer to dispatch with, and from when; None when done."""
    text = run.stderr + run.stdout
    point = HINT.search(text)
    if point is None:
        return None
    inputs = {"since": point[1]}
    if "new-comments=false" in text:
        inputs["new-comments"] = "false"
    after = NOT_BEFORE.search(text)
    when = datetime.strptime(after[1], "%Y-%m-%d %H:%M").replace(tzinfo=UTC).timestamp() if after else None
    return inputs, when


@dataclass
class Maintainer:
    """The story's calendar: the backlog sweep's next dispatch, the nightly sweep, the issues people open
    (one every 40 minutes) and edit (one in three, two hours later)."""

    story: Story
    settings: Settings
    rng: random.Random
    pending: dict[str, str] | None = None
    dispatch_at: float = 0.0
    night: float = 0.0
    next_issue: float = 0.0
    edits: list[tuple[float, int]] = field(default_factory=list)

    def next_moment(self) -> float:
        moments = [self.night, self.next_issue, *(e[0] for e in self.edits[:1])]
        return min(moments + ([self.dispatch_at] if self.pending is not None else []))

    def act(self, moment: float) -> None:
        self.story.clock.set(moment)
        if self.pending is not None and moment == self.dispatch_at:
            self.backlog()
        elif moment == self.night:
            self.nightly()
        elif moment == self.next_issue:
            self.open_issue()
        else:
            self.edit_issue()

    def backlog(self) -> None:
        story = self.story
        run = story.run("backlog", "workflow_dispatch", {"inputs": self.pending}, ACTION_ARGS, **action_env())
        report(run, story)
        following = next_dispatch(run)
        if following is None:
            self.pending = None
            runs = sum(r.phase == "backlog" for r in story.runs)
            print(f"    backlog sweep finished at {stamp(story.clock.now())} after {runs} runs")
            return
        self.pending, not_before = following
        self.dispatch_at = self.working_hours(max(not_before or 0.0, story.clock.now()) + 60)

    def working_hours(self, when: float) -> float:
        """The first moment from `when` on that the maintainer dispatches."""
        day = when - when % DAY
        if self.settings.resume_at is not None:
            at = day + self.settings.resume_at * HOUR
            return at if when <= at else at + DAY
        if when < day + 8 * HOUR:
            return day + 8 * HOUR
        return day + DAY + 8 * HOUR if when >= day + 20 * HOUR else when

    def nightly(self) -> None:
        resume = str(self.story.workdir / "sweep-resume")
        schedule = {"schedule": "17 3 * * *"}
        run = self.story.run(
            "nightly", "schedule", schedule, ACTION_ARGS, **action_env(TRIAGE_RESUME_FILE=resume)
        )
        report(run, self.story)
        self.night += DAY

    def open_issue(self) -> None:
        server, moment = self.story.server, self.next_issue
        title, body = issue_text(self.rng.choice(MIX), 10**6 + int(moment), self.rng)
        number = server.state.add_issue(REPO, title, body, author="newcomer")
        self.event("opened", number, {})
        if number % 3 == 0:
            self.edits = sorted([*self.edits, (moment + 2 * HOUR, number)])
        self.next_issue += 40 * 60

    def edit_issue(self) -> None:
        _, number = self.edits.pop(0)
        issue = self.story.server.state.find_issue(REPO, number)
        assert issue is not None
        changes = {"body": {"from": issue.body}}
        issue.body = (issue.body or "") + "\n\nEdit: this is on our helm chart in k8s."
        issue.updated_at = self.story.clock.now()
        self.event("edited", number, {"changes": changes})

    def event(self, action: str, number: int, extra: dict[str, object]) -> None:
        issue = self.story.server.issue_json(REPO, number)
        payload = {"action": action, "issue": issue, "sender": {"login": "newcomer", "type": "User"}, **extra}
        run = self.story.run(f"{action} #{number}", "issues", payload, ACTION_ARGS, **action_env())
        if run.code != 0:
            report(run, self.story)


def report(run: Run, story: Story) -> None:
    """A run's line: when, exit code, requests by kind, and what is left of the hour's budgets for the
    event runs; then what it said."""
    rate = story.server.state.rate
    now = story.clock.now()
    writes = sum(1 for e in story.server.log.writes() if e.time > now - HOUR and e.user == BOT)
    print(
        f"  {stamp(run.when)}-{stamp(now)[4:]} {run.phase:<9} exit {run.code} {run.requests:>5} requests "
        f"[{run.kinds}]; left: {rate.remaining} of {rate.limit} until {stamp(rate.reset_at)[4:]}, "
        f"{500 - writes} of the hour's 500 writes"
    )
    print(f"      {said(run)}")


def play(story: Story, settings: Settings) -> int:
    server, clock = story.server, story.clock
    rng = random.Random(settings.issues)
    noted = seed(server, settings, rng)
    print(
        f"{settings.issues:,} open issues (+{len(noted.pulls)} pull requests), {len(noted.person_team)} "
        f"labelled {PERSON_TEAM} and {len(noted.person_area)} {PERSON_AREA} by a person, {len(noted.long)} "
        f"of 60,000 characters, {settings.commented:.0%} with comments"
    )
    sync = ["labels", "sync", "--rules", str(RULES)]
    report(story.run("labels-sync", "", {}, sync, GITHUB_TOKEN=MAINTAINER_TOKEN), story)
    server.state.set_rate_budget(limit=1000, remaining=1000, reset_at=clock.now() + HOUR)
    server.state.enforce_write_limits(per_minute=80, per_hour=500)
    start = clock.now()
    maintainer = Maintainer(
        story,
        settings,
        rng,
        pending={"new-comments": "false"} if settings.labels_only else {},
        dispatch_at=start,
        night=start - start % DAY + DAY + 3 * HOUR + 17 * 60,
        next_issue=start + 40 * 60,
    )
    while (moment := maintainer.next_moment()) < start + settings.days * DAY:
        maintainer.act(moment)
    return check(story, noted)


def unlabelled_matches(workdir: Path, issues: list[Issue]) -> list[int]:
    """Issues to which the rules give a label they do not carry, by an offline dry run of their text."""
    export = workdir / "final.jsonl"
    with export.open("w", encoding="utf-8") as file:
        for issue in issues:
            fields = {
                "number": issue.number,
                "title": issue.title,
                "body": issue.body or "",
                "labels": issue.labels,
            }
            file.write(json.dumps(fields) + "\n")
    command = ["dry-run", "--rules", str(RULES), "--input", str(export), "--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "triage", *command], capture_output=True, text=True, check=True, env=env
    )
    carried = {issue.number: {name.casefold() for name in issue.labels} for issue in issues}
    missing = []
    for line in done.stdout.splitlines():
        plan = json.loads(line)
        wanted = {name.casefold() for name in plan["labels"]}
        if plan["deferred_to"] is None and not wanted <= carried[plan["number"]]:
            missing.append(plan["number"])
    return missing


def check(story: Story, noted: Noted) -> int:
    """Each phase's cost, then what must hold at the end; 1 when something does not."""
    server = story.server
    print("\nphase        runs  requests  writes  comments  exit codes")
    phases: dict[str, list[Run]] = {}
    for run in story.runs:
        phases.setdefault(run.phase.split(" ")[0], []).append(run)
    for phase, runs in phases.items():
        codes = dict(Counter(r.code for r in runs))
        requests, writes, comments = (
            sum(getattr(r, name) for r in runs) for name in ("requests", "writes", "comments")
        )
        print(f"{phase:<12} {len(runs):>4} {requests:>9,} {writes:>7,} {comments:>9,}  {codes}")
    with server.state.lock:
        issues = [
            replace(i, comments=list(i.comments), labels=list(i.labels))
            for i in server.state.repo(REPO).issues.values()
        ]
    managed = {label.name.casefold() for label in load_rules(RULES).managed_labels}
    problems = []
    for issue in issues:
        ours = [c for c in issue.comments if c.author == BOT]
        labels = {name.casefold() for name in issue.labels}
        if len(ours) > 1:
            problems.append(f"#{issue.number} has {len(ours)} comments of triage's")
        if issue.number in noted.person_team and labels & managed:
            problems.append(f"#{issue.number} ({PERSON_TEAM}) got a label of ours: {issue.labels}")
        if issue.number in noted.person_area and PERSON_AREA not in labels:
            problems.append(f"#{issue.number} lost the {PERSON_AREA} a person gave it")
    missing = unlabelled_matches(
        story.workdir, [i for i in issues if i.state == "open" and not i.pull_request]
    )
    if missing:
        problems.append(f"{len(missing)} issues lack a label the rules give them: {missing[:10]}")
    refused = [e for e in server.log.entries if e.status in (403, 429)]
    events = [r for r in story.runs if r.phase.startswith(("opened", "edited"))]
    old_commented = sum(
        1 for i in issues if i.author != "newcomer" and any(c.author == BOT for c in i.comments)
    )
    print(
        f"old issues commented on: {old_commented}; refusals (403/429): {len(refused)}; event runs that did "
        f"not exit 0: {sum(r.code != 0 for r in events)} of {len(events)}"
    )
    for line in problems[:20]:
        print(f"! {line}")
    return 1 if problems or any(r.code != 0 for r in events) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--issues", type=int, default=Settings.issues, help="open issues (default 5,000)")
    parser.add_argument("--days", type=int, default=Settings.days, help="days played (default 3)")
    parser.add_argument(
        "--commented", type=float, default=Settings.commented, help="share of old issues with comments"
    )
    parser.add_argument(
        "--with-comments", action="store_true", help="dispatch the backlog sweep with new comments on"
    )
    parser.add_argument(
        "--resume-at", type=float, metavar="HOUR", help="resume the backlog once a day, at HOUR UTC"
    )
    parser.add_argument(
        "--keep", type=Path, help="keep each run's event, summary, outputs, stdout, stderr in DIR"
    )
    args = parser.parse_args(argv)
    settings = Settings(args.issues, args.days, args.commented, not args.with_comments, args.resume_at)
    with tempfile.TemporaryDirectory() as folder:
        workdir = args.keep or Path(folder)
        workdir.mkdir(parents=True, exist_ok=True)
        clock = SharedClock(workdir / "clock")
        with FakeGitHub(clock) as server:
            return play(Story(server, clock, workdir), settings)


if __name__ == "__main__":
    sys.exit(main())
