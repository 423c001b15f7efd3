"""Print how long `import-handbook` takes over pages built to be slow, in CPU time of this process.

usage: python bench/handbook.py [--runs N]

Each shape once cost seconds, as the reading was quadratic in its length (a regex sharing out a run
of spaces, a search repeated for each link): the figure it took then is printed beside today's
(the best of `--runs`, default 3). The tests check what these pages read as, not how fast.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the checkout, so that `triage` imports from it

from triage.handbook import import_handbook  # noqa: E402 -- after the path set-up
from triage.handbook_outline import links_in, read_outline  # noqa: E402 -- as above

SCHEMA = "../triage/schema/ownership.schema.json"
RELATED = "# T\n\n## Billing\n\n**Related**\n\n"


class Shape(NamedTuple):
    name: str
    once: str
    """What it took before the fix that made it linear, as that fix's commit or comment says."""
    work: Callable[[], object]


def _one_line(line: str) -> Callable[[], object]:
    return lambda: read_outline(f"{RELATED}- {line}\n")


def shapes() -> list[Shape]:
    links = "".join(f"- [Doc {i}](https://x.test/{i})\n" for i in range(20000))
    return [
        Shape("a Related list of 20,000 links, read", "5 s", lambda: read_outline(RELATED + links)),
        Shape(
            "a Related list of 20,000 links, imported",
            "6 s",
            lambda: import_handbook(RELATED + links, "page.md", schema=SCHEMA),
        ),
        Shape(
            "one line: 10,000 links and code spans",
            "12 s",
            _one_line(" ".join(f"[Doc {i}](https://x.test/{i}) `c`" for i in range(10000))),
        ),
        Shape(
            "one line: 10,000 autolinks and links",
            "not measured alone",
            _one_line(" ".join(f"<https://x.test/a{i}> [Doc {i}](https://x.test/{i})" for i in range(10000))),
        ),
        Shape("one line: 2,000 code spans and comments", "10 to 12 s", _one_line("`c` <!-- x --> " * 2000)),
        Shape(
            "one line: unclosed runs of backticks",
            "13 s",
            _one_line("".join("`" * n + " " for n in range(2, 600)) + "` " * 100000),
        ),
        Shape("a link opened over 15,000 spaces", "7 s", lambda: links_in(1, "[a](" + " " * 15000 + "x")),
        Shape(
            "a heading with 2,000 spaces before its last word",
            "18 s",
            lambda: import_handbook(
                "# T\n\n## Area" + " " * 2000 + "x ##\n\n- a bullet\n", "page.md", schema=SCHEMA
            ),
        ),
    ]


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The least CPU time of `runs` runs, in seconds: on a shared machine, the one least disturbed."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    pages = shapes()
    width = max(len(shape.name) for shape in pages)
    print(f"{'page':<{width}}  {'CPU ms':>8}  once")
    for shape in pages:
        print(f"{shape.name:<{width}}  {best_of(args.runs, shape.work) * 1000:>8.1f}  {shape.once}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
