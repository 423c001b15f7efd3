"""Run every benchmark one after another and print their figures in one place, under a header
naming the date, the machine and the Python: the figures the README's "Performance" section quotes.

usage: python bench/run_all.py [--only NAME [NAME ...]]

Each bench runs in its own process (so none inherits another's imports or caches), one at a time
(they time themselves and would disturb each other). The corpus benches read
../shared/eval/dev.jsonl, which stays outside the project.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
BENCHES: dict[str, tuple[str, ...]] = {
    "requests": (),
    "classify": (str(CORPUS),),
    "instructions": (str(CORPUS),),
    "startup": (str(CORPUS),),
    "memory": (),
    "handbook": (),
    "quality": (str(CORPUS),),
}
"""Each bench and its arguments: the dev corpus for those that read one. `memory` makes its own
distinct issues: a corpus repeated would show a cache warming up once, not a leak."""


def machine() -> str:
    cores = os.cpu_count() or 0
    return f"{cores} cores, {platform.machine()}, {platform.system()} {platform.release()}"


def header() -> str:
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    python = f"Python {platform.python_version()} ({platform.python_implementation()})"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{today}; {machine()}; {python}; load average {load}"


def run_bench(name: str) -> int:
    """Run bench/NAME.py, its output passed straight through; the exit code of the bench."""
    arguments = BENCHES[name]
    print(f"\n=== python bench/{name}.py {' '.join(arguments)}".rstrip(), flush=True)
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "bench" / f"{name}.py"), *arguments]
    finished = subprocess.run(command, cwd=ROOT, check=False)
    print(f"(bench/{name}.py: {time.perf_counter() - started:.0f} s, exit {finished.returncode})", flush=True)
    return finished.returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES), metavar="NAME")
    args = parser.parse_args(argv)
    print(header())
    failed = [name for name in args.only if run_bench(name) != 0]
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
