"""Print the peak RSS of a batch `triage dry-run --input FILE --format jsonl` at several sizes.

usage: python bench/memory.py [--rules PATH] [--counts N [N ...]] [--tolerance MIB]

Each run is a fresh process over N synthetic issues (500-2,000 characters of body: prose, file
paths, repository links, code blocks, issue-form headings; every path and number distinct, so no
cache can hide a leak), its output written to a file. The peak RSS is the child's, or its largest
worker process's (wait4 reports the largest of a child and the processes it reaped).
Target (issue 6): the batch streams, so the peak is the same for 1,000 and 10,000 issues.
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
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIAGE = str(Path(sys.executable).parent / "triage")
DEFAULT_COUNTS = (1_000, 10_000)
DEFAULT_TOLERANCE_MIB = 2.0
"""Allocator noise between two runs of the same work is well under this; a leak of even 200 bytes
an issue shows as 1.8 MiB between 1,000 and 10,000 issues, so look at the figures, not only the verdict."""

PROSE = (
    "the search page times out after we upgraded to the new version and the frontend logs show "
    "errors from gitserver when users open a repository settings page code host token expired "
    "batch changes insights dashboard we run on a single VM with plenty of memory and the pods "
    "keep restarting is this expected behaviour please advise thanks in advance for any help"
)
WORDS = PROSE.split()
TITLES = (
    "Search times out on large monorepo",
    "kubectl rollout stuck after upgrade to {version}",
    "docker-compose deployment loses repos after restart",
    "Grafana dashboards empty, Prometheus scrape errors",
    "Code insights chart never finishes loading",
    "Batch change fails to publish changeset #{number}",
    "Helm chart values ignored for gitserver replicas",
    "Login with SAML redirects in a loop",
)
FORM = "### Deployment type\n\n{deployment}\n\n### Sourcegraph version\n\n{version}\n"
DEPLOYMENTS = ("Kubernetes", "Docker Compose", "Single container", "Sourcegraph Cloud", "Other")
CODE = "```\n$ kubectl -n sourcegraph logs {pod} --tail=20\nerror: {error} (attempt {number})\n```\n"
REPOS = ("deploy-sourcegraph", "deploy-sourcegraph-docker", "sourcegraph", "src-cli", "zoekt")
DIRECTORIES = (
    "cmd/frontend/internal",
    "enterprise/cmd/worker",
    "internal/database",
    "base/gitserver",
    "dev/ci",
)


def synthetic_issues(rng: random.Random) -> Iterator[dict[str, object]]:
    """Endless distinct issues, each a title and a body of 500-2,000 characters."""
    for number in itertools.count(1):
        facts = {
            "number": number,
            "version": f"3.{rng.randint(20, 50)}.{rng.randint(0, 9)}",
            "deployment": rng.choice(DEPLOYMENTS),
            "pod": f"gitserver-{number % 7}-{rng.randrange(16**5):05x}",
            "error": rng.choice(("connection refused", "context deadline exceeded", "OOMKilled")),
        }
        yield {
            "number": number,
            "url": f"https://github.com/example/app/issues/{number}",
            "title": rng.choice(TITLES).format(**facts),
            "body": body(rng, facts, rng.randint(500, 2_000)),
            "labels": rng.sample(("bug", "customer", "needs-triage", "team/search"), k=rng.randint(0, 2)),
        }


def body(rng: random.Random, facts: dict[str, object], length: int) -> str:
    """Prose with a few kinds of evidence mixed in, cut to `length` characters."""
    parts = [FORM.format(**facts)] if rng.random() < 0.4 else []
    while sum(map(len, parts)) < length:
        parts.append(rng.choice((prose, prose, prose, path, repo_link, code_block))(rng, facts))
    return "\n\n".join(parts)[:length]


def prose(rng: random.Random, facts: dict[str, object]) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(15, 60))).capitalize() + "."


def path(rng: random.Random, facts: dict[str, object]) -> str:
    return f"The failure is in `{rng.choice(DIRECTORIES)}/file_{facts['number']}.go:{rng.randint(1, 900)}`."


def repo_link(rng: random.Random, facts: dict[str, object]) -> str:
    return f"See https://github.com/sourcegraph/{rng.choice(REPOS)}/blob/main/README.md#L{facts['number']}"


def code_block(rng: random.Random, facts: dict[str, object]) -> str:
    return CODE.format(**facts)


def write_issues(path: Path, count: int) -> None:
    issues = itertools.islice(synthetic_issues(random.Random(2026)), count)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(issue) + "\n" for issue in issues)


def peak_rss_kib(command: list[str], stdout_path: Path) -> int:
    """The peak RSS in KiB of the child or of the largest worker it forked and reaped (wait4's
    rusage: not mixed with this process's other children)."""
    with stdout_path.open("wb") as stdout:
        child = subprocess.Popen(command, stdout=stdout)
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(command)}")
    return usage.ru_maxrss


def warm_up(rules: str, folder: Path) -> None:
    """One unmeasured run: after a code or rules change, the first run parses the rules (PyYAML,
    pathspec) and compiles bytecode, which would inflate whichever count came first."""
    issues = folder / "warm-up.jsonl"
    write_issues(issues, 10)
    peak_rss_kib(
        [TRIAGE, "dry-run", "--rules", rules, "--input", str(issues), "--format", "jsonl"],
        folder / "out.jsonl",
    )


def measure(rules: str, count: int, folder: Path) -> int:
    issues, output = folder / f"issues-{count}.jsonl", folder / "out.jsonl"
    write_issues(issues, count)
    command = [TRIAGE, "dry-run", "--rules", rules, "--input", str(issues), "--format", "jsonl"]
    peak = peak_rss_kib(command, output)
    lines = sum(1 for _ in output.open("rb"))
    size = f"{issues.stat().st_size / 2**20:6.1f} MiB in, {lines:,} lines out"
    print(f"  {count:>9,} issues ({size}): peak RSS {peak / 1024:6.1f} MiB")
    return peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rules", default=str(ROOT / "rules" / "ownership.yaml"))
    parser.add_argument("--counts", type=int, nargs="+", default=list(DEFAULT_COUNTS))
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_MIB, metavar="MIB")
    args = parser.parse_args(argv)
    print("peak RSS of triage dry-run --input FILE --format jsonl (target: independent of N)")
    with tempfile.TemporaryDirectory() as folder:
        warm_up(args.rules, Path(folder))
        peaks = [measure(args.rules, count, Path(folder)) for count in args.counts]
    growth = (max(peaks) - min(peaks)) / 1024
    verdict = "constant (streams)" if growth <= args.tolerance else "GROWS with N"
    print(f"  spread {growth:.1f} MiB across N (tolerance {args.tolerance:.1f} MiB): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
