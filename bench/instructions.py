"""Print the CPU instructions one classification costs, counted by valgrind's callgrind.

usage: python bench/instructions.py [CORPUS.jsonl] [--rules PATH] [--issues N]

Wall and CPU time on a shared 2-core machine move by 20% from run to run; an instruction count
does not, so this is the figure to compare two versions of the classifier by. It runs the corpus
(default ../shared/eval/dev.jsonl, repeated to N issues, default 1,000) once and three times in
separate processes under callgrind and halves the difference: what start-up, rule loading and
the first, state-building pass cost cancels out. Needs `valgrind` (about 30 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the checkout, so that `bench` imports as a package

from bench import callgrind  # noqa: E402 -- after the path set-up
from triage.classify import compile_rules  # noqa: E402 -- as above
from triage.model import Issue  # noqa: E402 -- as above
from triage.ruleset import load_rules  # noqa: E402 -- as above

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def passes(corpus: str, rules: str, issues: int, rounds: int) -> None:
    """The measured workload: load, compile, then `rounds` passes over the issues."""
    classifier = compile_rules(load_rules(rules))
    with Path(corpus).open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    read = [Issue(title=r.get("title") or "", body=r.get("body") or "") for r in records]
    batch = list(islice(cycle(read), issues))
    for _ in range(rounds):
        for issue in batch:
            classifier.classify(issue)


def counted(args: argparse.Namespace, rounds: int) -> int:
    return callgrind.instructions(_command(args, rounds), _ENVIRONMENT)


def _command(args: argparse.Namespace, rounds: int) -> list[str]:
    return [
        sys.executable,
        __file__,
        args.corpus,
        "--rules",
        args.rules,
        "--issues",
        str(args.issues),
        "--rounds",
        str(rounds),
    ]


_ENVIRONMENT = {**os.environ, "TRIAGE_NO_CACHE": "1", "PYTHONHASHSEED": "0"}
"""Without the user caches, both runs load the rules alike; a cache the first run fills and the
second reads would otherwise be counted as classification, negatively. Hash seeds fixed: a
dictionary's probes vary with them, and so did the count, by more than a change of 1,000."""


def warm_bytecode(args: argparse.Namespace) -> None:
    """One uncounted run first: after an edit, the first counted run would otherwise compile the
    changed modules' bytecode, and that cost, counted once only, came off the figure (13,000
    instructions an issue on 2026-11-26)."""
    subprocess.run(_command(args, 0), env=_ENVIRONMENT, check=True, capture_output=True, timeout=300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--rules", default=str(ROOT / "rules" / "ownership.yaml"))
    parser.add_argument("--issues", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rounds is not None:
        passes(args.corpus, args.rules, args.issues, args.rounds)
        return 0
    if not callgrind.available():
        print("instructions: skipped, valgrind is not installed")
        return 0
    warm_bytecode(args)
    once, thrice = counted(args, 1), counted(args, 3)
    per_issue = (thrice - once) / (2 * args.issues)
    print(f"instructions per classification: {per_issue:,.0f} (callgrind, {args.issues:,} issues, warm)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
