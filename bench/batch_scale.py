"""Print what a maintainer's first day costs on a large repository, at several sizes: a dry run of
a batch over every open issue, the batch itself (workflow_dispatch), the nightly scheduled sweep
(`since: 26h`, after a day's edits to one issue in twenty), then `triage labels sync`.

usage: python bench/batch_scale.py [--counts N [N ...]] [--long-every K] [--keep DIR]

Each size gets a fresh fake GitHub (`tests.fakegithub`, a real HTTP server on 127.0.0.1, in this
process) holding N open issues made to look like an old repository's: bodies of 500-2,000
characters and one in fifty (`--long-every`) of 60,000; comments on half of them, hundreds on one in
a hundred and more than a run reads on one in a thousand; labels of the repository's own on most
(twenty on some), a team label a person gave on a few; one pull request for every twenty issues.
The rules are the bundled ones, whose labels the repository does not have yet (the maintainer runs
`labels sync` last). Each command runs as a real `python -m triage` process on a virtual clock
(`TRIAGE_VIRTUAL_CLOCK`: pacing and the hourly write window cost no wall time) with the wait budget
raised so the batch goes to its end, as `bench/requests.py` does. The server's primary budget is set
out of reach: its clock does not follow the process's, so a window it spent would never renew.

For each run: exit code, wall time, CPU time (the triage process's alone, without the server's),
peak RSS (the process's own VmHWM), requests the server answered, and the size of its job summary
(with its rows), stdout and stderr. A linear cost stays flat per issue from one size to the next;
a summary over 1 MiB (GitHub's limit per step) is flagged.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from bench.memory import synthetic_issues  # noqa: E402 -- after the path set-up
from tests.fakegithub import BOT, REPO, TOKEN, FakeGitHub  # noqa: E402 -- as above
from triage.summary import SUMMARY_LIMIT  # noqa: E402 -- as above

RULES = ROOT / "rules" / "ownership.yaml"
DEFAULT_COUNTS = (1_000, 2_000, 5_000)
REPOSITORY_LABELS = [f"customer/{n:03d}" for n in range(120)] + [
    "bug",
    "enhancement",
    "question",
    "priority/high",
    "priority/low",
    "needs-info",
    "good first issue",
    "stale",
]
PERSON_TEAM_LABEL = "team/search-platform"
PEAK_RSS = """
import atexit, runpy, sys
from pathlib import Path

peak_file, sys.argv = Path(sys.argv[1]), ["triage", *sys.argv[2:]]

def write_peak() -> None:
    status = Path("/proc/self/status").read_text().splitlines()
    peak_file.write_text(next(line.split()[1] for line in status if line.startswith("VmHWM:")))

atexit.register(write_peak)
runpy.run_module("triage", run_name="__main__", alter_sys=True)
"""
"""Runs `python -m triage ARGS` and writes the process's peak RSS (KiB) to the file named first: its
own `VmHWM`, not wait4's `ru_maxrss`, as Linux carries the forking process's peak across `exec`, and
this one holds the fake server's thousands of issues."""
LONG_BODY = 60_000
MANY_COMMENTS = (150, 400)
TOO_MANY_COMMENTS = 1_050


@dataclass
class Figures:
    name: str
    code: int
    wall: float
    cpu: float
    """Seconds of CPU the triage process spent (user and system): its own cost, without the server's."""
    peak_kib: int
    requests: int
    summary: bytes
    stdout: bytes
    stderr: bytes


def seed(server: FakeGitHub, count: int, rng: random.Random, *, long_every: int = 50) -> None:
    state = server.state
    state.add_repo(REPO)
    state.add_user(BOT, TOKEN, permission="write", installation=True)
    for name in REPOSITORY_LABELS:
        state.add_label(REPO, name)
    state.add_label(REPO, PERSON_TEAM_LABEL)
    issues = synthetic_issues(rng)
    for index in range(count + count // 20):
        made = next(issues)
        if index % 21 == 20:
            state.add_issue(REPO, f"PR: {made['title']}", str(made["body"])[:400], pull_request=True)
            continue
        body = str(made["body"])
        if index % long_every == 7 % long_every:
            body = (body + "\n\n" + "stack trace line " * 4000)[:LONG_BODY]
        labels = rng.sample(REPOSITORY_LABELS, k=20 if index % 40 == 3 else rng.randint(0, 3))
        if index % 60 == 11:
            labels.append(PERSON_TEAM_LABEL)
        number = state.add_issue(REPO, str(made["title"]), body, labels=labels)
        for comment in range(_comments(index, rng)):
            state.add_comment(REPO, number, f"user{comment % 37}", f"comment {comment}: " + "me too " * 30)


def _comments(index: int, rng: random.Random) -> int:
    if index % 1000 == 500:
        return TOO_MANY_COMMENTS
    if index % 100 == 13:
        return rng.randint(*MANY_COMMENTS)
    return rng.randint(1, 6) if index % 2 else 0


def run(server: FakeGitHub, workdir: Path, name: str, args: list[str], event: str, **env: str) -> Figures:
    payload = workdir / f"{name}.json"
    payload.write_text(json.dumps({"inputs": {}} if event == "workflow_dispatch" else {}), encoding="utf-8")
    summary = workdir / f"{name}.summary.md"
    base = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "TRIAGE_"))}
    full_env = {
        **base,
        "PYTHONPATH": str(ROOT),
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_API_URL": server.url,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(payload),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(workdir / f"{name}.output"),
        "TRIAGE_VIRTUAL_CLOCK": str(server.clock.now()),
        **env,
    }
    before = len(server.log)
    out, err = workdir / f"{name}.stdout", workdir / f"{name}.stderr"
    peak = workdir / f"{name}.peak"
    started = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        command = [sys.executable, "-c", PEAK_RSS, str(peak), *args]
        child = subprocess.Popen(command, env=full_env, stdout=stdout, stderr=stderr, cwd=workdir)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    summary_bytes = summary.read_bytes() if summary.exists() else b""
    code = os.waitstatus_to_exitcode(status)
    requests = len(server.log) - before
    cpu = usage.ru_utime + usage.ru_stime
    return Figures(
        name,
        code,
        wall,
        cpu,
        int(peak.read_text()),
        requests,
        summary_bytes,
        out.read_bytes(),
        err.read_bytes(),
    )


COLUMNS = (
    "run           exit  wall s ms/issue  cpu s cpu ms/issue peak MiB requests summary KiB  rows "
    "stdout KiB   lines stderr KiB"
)


def report(count: int, figures: Sequence[Figures]) -> None:
    print(f"{count:,} open issues (+{count // 20:,} pull requests):")
    print(f"  {COLUMNS}")
    for f in figures:
        rows = sum(1 for line in f.summary.splitlines() if line.startswith(b"| ["))
        times = f"{f.wall:>7.1f} {1000 * f.wall / count:>8.2f} {f.cpu:>6.1f} {1000 * f.cpu / count:>12.2f}"
        sizes = f"{len(f.summary) / 1024:>11.1f} {rows:>5} {len(f.stdout) / 1024:>10.1f}"
        lines = len(f.stdout.splitlines())
        print(
            f"  {f.name:<13} {f.code:>4} {times} {f.peak_kib / 1024:>8.1f} {f.requests:>8,} {sizes} "
            f"{lines:>7,} {len(f.stderr) / 1024:>10.1f}"
        )
        if len(f.summary) > SUMMARY_LIMIT:
            print(f"    ! job summary {len(f.summary):,} bytes: over GitHub's 1 MiB step limit")
        for line in itertools.islice(reversed(f.stderr.decode(errors="replace").splitlines()), 1):
            print(f"    stderr: {line[:300]}")


def measure(count: int, keep: Path | None, *, long_every: int = 50) -> list[Figures]:
    rng = random.Random(count)
    with tempfile.TemporaryDirectory() as folder, FakeGitHub() as server:
        workdir = keep / str(count) if keep else Path(folder)
        workdir.mkdir(parents=True, exist_ok=True)
        seed(server, count, rng, long_every=long_every)
        # The server's clock stands still while the process's virtual one runs on, so a budget it
        # spent would never renew: one no run reaches, its headers still sent.
        server.state.rate.limit = 10**9
        waits = ["--max-wait-minutes", "100000"]
        rules = ["--rules", str(RULES)]
        figures = [
            run(server, workdir, "dry-run", ["run", *rules, "--dry-run", *waits], "workflow_dispatch"),
            run(server, workdir, "batch", ["run", *rules, *waits], "workflow_dispatch"),
        ]
        server.clock.advance(20 * 3600)
        for number in range(1, count, 20):  # a day's edits
            issue = server.state.find_issue(REPO, number)
            if issue is not None and not issue.pull_request:
                issue.body = (issue.body or "") + "\n\nedit: now on kubernetes with helm"
                issue.updated_at = server.clock.now()
        figures.append(run(server, workdir, "sweep", ["run", *rules, *waits], "schedule", TRIAGE_SINCE="26h"))
        figures.append(run(server, workdir, "labels-sync", ["labels", "sync", *rules], "workflow_dispatch"))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--counts", type=int, nargs="+", default=list(DEFAULT_COUNTS))
    parser.add_argument("--keep", type=Path, help="keep each run's summary, stdout and stderr under DIR/N/")
    parser.add_argument(
        "--long-every",
        type=int,
        default=50,
        metavar="K",
        help="one issue in K has a body of 60,000 characters (default 50; 1: every issue, the worst case)",
    )
    args = parser.parse_args(argv)
    for count in args.counts:
        report(count, measure(count, args.keep, long_every=args.long_every))
    return 0


if __name__ == "__main__":
    sys.exit(main())
