"""Print where the instructions of `triage dry-run --input --format jsonl --jobs 1` go, per issue.

usage: python bench/input_cost.py [CORPUS.jsonl] [--rules PATH] [--issues N]

The command runs over N lines of the corpus (default ../shared/eval/dev.jsonl, repeated) and over
2N under callgrind; the difference over N is what one more issue costs, start-up, rule loading and
the first, state-building pass cancelled out. Then its stages, run the same way by this script
itself, each run doing one stage more than the last: reading the line into an issue; classifying
it (as `triage run` would label it); the deferral check (`defer_to`); the JSON record. What the
command spends beyond the four is the rest: its loop and its writes. Needs `valgrind` (about 5
minutes for the default 2,000 issues). Hash seeds are fixed: a dictionary's probes vary with them,
by about 1% of the count from run to run. Both the command and the stages run this checkout's code.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the checkout, so that `bench` imports as a package

from bench import callgrind  # noqa: E402 -- after the path set-up
from triage.classify import compile_rules  # noqa: E402 -- as above
from triage.commands.default_rules import load_rules_from  # noqa: E402 -- as above
from triage.commands.dry_run import _as_run_labels, _deferrals  # noqa: E402 -- as above
from triage.explain import record_json  # noqa: E402 -- as above
from triage.issue_input import bounded_lines, iter_jsonl_issues  # noqa: E402 -- as above
from triage.safe_text import log_safe_json  # noqa: E402 -- as above

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
TRIAGE = str(Path(sys.executable).parent / "triage")
STAGES = ("read", "classify", "defer", "record")
_ENVIRONMENT = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
    "TRIAGE_NO_CACHE": "1",
    "PYTHONHASHSEED": "0",
}
"""This checkout's triage, for the command as for the stages; rules loaded alike by every run (no
user cache that one run fills and the next reads); hash seeds fixed."""


def run_stages(rules: str, path: str, last: str) -> None:
    """The command's work on each line of `path`, up to stage `last`, as `triage.commands.dry_run`
    composes it for `--format jsonl`; nothing is written."""
    loaded = load_rules_from(rules)
    classify = _as_run_labels(loaded, compile_rules(loaded))
    deferred = _deferrals(loaded)
    stages = STAGES.index(last)
    with Path(path).open("rb") as stream:
        for issue in iter_jsonl_issues(bounded_lines(stream), path):
            if stages >= 1:
                found = classify(issue)
                if stages >= 2:
                    deferred_to = deferred(issue)
                    if stages >= 3:
                        log_safe_json(record_json(found, deferred_to))


def per_issue(command: list[str], fewer: Path, more: Path, issues: int) -> float:
    """Instructions of `command` + [more] less those of `command` + [fewer], over `issues`."""
    subprocess.run([*command, str(fewer)], env=_ENVIRONMENT, check=True, capture_output=True, timeout=600)
    counted = [callgrind.instructions([*command, str(path)], _ENVIRONMENT) for path in (fewer, more)]
    return (counted[1] - counted[0]) / issues


def write_corpus(corpus: str, path: Path, lines: int) -> None:
    with Path(corpus).open("rb") as source:
        kept = [line if line.endswith(b"\n") else line + b"\n" for line in source if line.strip()]
    path.write_bytes(b"".join(islice(cycle(kept), lines)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--rules", default=str(ROOT / "rules" / "ownership.yaml"))
    parser.add_argument("--issues", type=int, default=2_000)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage is not None:
        run_stages(args.rules, args.corpus, args.stage)
        return 0
    if not callgrind.available():
        print("input cost: skipped, valgrind is not installed")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        fewer, more = Path(folder) / "fewer.jsonl", Path(folder) / "more.jsonl"
        write_corpus(args.corpus, fewer, args.issues)
        write_corpus(args.corpus, more, 2 * args.issues)
        dry_run = [TRIAGE, "dry-run", "--rules", args.rules, "--format", "jsonl", "--jobs", "1", "--input"]
        command = per_issue(dry_run, fewer, more, args.issues)
        print(f"dry-run --input --format jsonl --jobs 1: {command:9,.0f} instructions an issue")
        done = 0.0
        for stage in STAGES:
            stages = [sys.executable, __file__, "--rules", args.rules, "--stage", stage]
            upto = per_issue(stages, fewer, more, args.issues)
            print(f"  {stage:<8} {upto - done:9,.0f}")
            done = upto
        print(f"  {'rest':<8} {command - done:9,.0f}  (the loop, the writes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
