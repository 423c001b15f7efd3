"""Print how fast `triage dry-run` starts and how fast it streams a batch, beside `python -c pass`.

usage: python bench/startup.py [ISSUES.jsonl] [--rules PATH] [--count N] [--runs N]

Start-up: the median wall time of `--runs` runs of `triage dry-run --title ... --body ...` (text, so
the comment is rendered and Jinja2 loaded), and of the same with `--format jsonl` (no Jinja2).
Batch: `triage dry-run --input FILE --format jsonl` over `--count` issues (ISSUES.jsonl repeated,
or synthetic issues), output to a file, with the default worker processes and with `--jobs 1`;
issues/s (median of 5), CPU time of all processes, and peak RSS, for 1,000 and N issues.
Targets (issue 6): start-up < 120 ms, batch >= 20,000 issues/s, peak RSS independent of N.
The first line says how triage is installed in this interpreter: `pip install -e .` (the Makefile's)
adds setuptools' import-hook finder to every start of this Python, `python -c pass` included (about
50M instructions there), while triage itself pays almost nothing for it, as it imports what the hook
imports anyway (pathlib, importlib.util); the GitHub Action does not install triage at all (it runs
it from its checkout), so has no hook either.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import site
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the checkout, so that `bench` imports as a package

from bench import callgrind  # noqa: E402 -- after the path set-up

TRIAGE = str(Path(sys.executable).parent / "triage")
TITLE = "kubectl apply fails after upgrade"
BODY = "Our `deploy-sourcegraph` fork fails on `kustomize build`; see cmd/server/shared/shared.go:12"


def child_environment(cache: str) -> dict[str, str]:
    """As an installed triage runs: bytecode cached (here in a temporary folder, not the tree)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": cache}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("issues", nargs="?", help="a JSONL of issues to repeat (default: synthetic)")
    parser.add_argument("--rules", default=str(ROOT / "rules" / "ownership.yaml"))
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"triage installed: {install_kind()}")
    with tempfile.TemporaryDirectory() as folder:
        env = child_environment(str(Path(folder) / "pycache"))
        print_startup(args.rules, args.runs, env)
        for count in sorted({1_000, args.count}):
            path = Path(folder) / f"issues-{count}.jsonl"
            write_issues(path, itertools.islice(issue_source(args.issues), count))
            print_batch(args.rules, path, count, Path(folder) / "out.jsonl", env)
    return 0


def install_kind() -> str:
    """From the interpreter's site-packages (not the working folder's `triage.egg-info`)."""
    from importlib.metadata import Distribution

    folders = site.getsitepackages()
    found = next(iter(Distribution.discover(name="triage", path=folders)), None)
    if found is None:
        return "not installed"
    direct_url = found.read_text("direct_url.json")
    if direct_url is None or not json.loads(direct_url).get("dir_info", {}).get("editable", False):
        return "not editable (no import hook)"
    if any(any(Path(folder).glob("__editable___triage_*_finder.py")) for folder in folders):
        return "editable, with setuptools' import-hook finder (in `python -c pass` too)"
    return "editable, as a path entry (no import hook)"


def print_startup(rules: str, runs: int, env: dict[str, str]) -> None:
    single = [TRIAGE, "dry-run", "--rules", rules, "--title", TITLE, "--body", BODY]
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("triage dry-run --title --body (text)", single),
        ("triage dry-run --title --body --format jsonl", [*single, "--format", "jsonl"]),
    ]
    print(f"start-up, median of {runs} runs after one warm-up run (target < 120 ms for the text run)")
    for name, command in rows:
        timed(command, os.devnull, env)
        times = [timed(command, os.devnull, env) for _ in range(runs)]
        wall = statistics.median(run.wall for run in times) * 1000
        cpu = statistics.median(run.cpu for run in times) * 1000
        fastest = min(run.wall for run in times) * 1000
        counted = instructions(command, env)
        print(f"  {name:<46} wall {wall:6.1f} ms (min {fastest:6.1f}), CPU {cpu:6.1f} ms{counted}")


def instructions(command: list[str], env: dict[str, str]) -> str:
    """`, N M instructions` as callgrind counts them (steady where wall time is not), when valgrind is
    installed; the caches are warm from the timed runs."""
    if not callgrind.available():
        return ""
    return f", {callgrind.instructions(command, env) / 1e6:5.0f}M instructions"


BATCH_RUNS = 5


def print_batch(rules: str, issues: Path, count: int, output: Path, env: dict[str, str]) -> None:
    """The batch with its default worker processes and with `--jobs 1` (one process), median of
    `BATCH_RUNS` runs each: on a shared machine a single run can be 1.5x off."""
    command = [TRIAGE, "dry-run", "--rules", rules, "--input", str(issues), "--format", "jsonl"]
    for jobs, flags in (("default", []), ("1", ["--jobs", "1"])):
        runs = [timed([*command, *flags], str(output), env) for _ in range(BATCH_RUNS)]
        wall = statistics.median(run.wall for run in runs)
        cpu = statistics.median(run.cpu for run in runs)
        peak = max(run.peak_kib for run in runs) / 1024
        lines = sum(1 for _ in output.open("rb"))
        print(
            f"batch of {count:>6,} issues, --jobs {jobs:<7}: wall {wall:6.3f} s = {count / wall:7,.0f} "
            f"issues/s (fastest {count / min(run.wall for run in runs):7,.0f}); CPU {cpu:6.3f} s; "
            f"peak RSS {peak:5.1f} MiB; {lines:,} lines out"
        )


class Run(NamedTuple):
    wall: float
    cpu: float
    """User plus system seconds: steadier than wall time on a shared machine."""
    peak_kib: int


def timed(command: list[str], stdout_path: str, env: dict[str, str]) -> Run:
    """Wall time, and the CPU time and peak RSS of the child and its workers, from wait4 (not mixed
    with other children of this process)."""
    with Path(stdout_path).open("wb") as stdout:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def write_issues(path: Path, issues: Iterator[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(issue) + "\n" for issue in issues)


def issue_source(path: str | None) -> Iterator[dict[str, object]]:
    if path is None:
        return synthetic_issues(random.Random(2026))
    lines = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return itertools.cycle(lines)


FILLER = (
    "search results page slow error after upgrade repository sync fails when users open the "
    "settings code host token expired batch changes insights dashboard frontend gitserver "
    "the a of to in is we our it this that on with for please help thanks"
)
SIGNALS = (
    "kubectl rollout is stuck",
    "we use docker-compose on a VM",
    "the `sourcegraph/server` container restarts",
    "Grafana shows no data and Prometheus is down",
    "Buildkite step timed out in `enterprise/dev/ci/internal/ci/pipeline.go`",
    "https://github.com/sourcegraph/deploy-sourcegraph/blob/main/base/frontend/deploy.yaml",
    "### Deployment type\n\nKubernetes\n",
    "Jaeger has no traces from `cmd/frontend/internal/app/trace.go:42`",
    "the resource estimator suggests 4 gitservers",
    "> quoted reply mentioning kubernetes",
    "<!-- template guidance: docker compose, kubernetes -->",
)


def synthetic_issues(rng: random.Random) -> Iterator[dict[str, object]]:
    """Issues of realistic size (a title, 3-12 lines of 8-20 words), a third with one signal."""
    words = FILLER.split()
    for number in itertools.count(1):
        lines = [" ".join(rng.choices(words, k=rng.randint(8, 20))) for _ in range(rng.randint(3, 12))]
        if number % 3 == 0:
            lines.insert(rng.randrange(len(lines)), rng.choice(SIGNALS))
        title = " ".join(rng.choices(words, k=rng.randint(4, 10)))
        yield {
            "number": number,
            "url": f"https://example.com/issues/{number}",
            "title": title,
            "body": "\n".join(lines),
        }


if __name__ == "__main__":
    sys.exit(main())
