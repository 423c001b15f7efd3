"""`python -m triage` and the `triage` console script: the process, from its first line of triage's.

A Ctrl-C ends it with one line and exit 130 from here on (`interrupt.end_at_once`), before importing
`cli`, the longest part of every start-up; `cli.entry` lets the command itself handle a Ctrl-C while
it runs. Before this line, Python is starting: a Ctrl-C kills the process outright (the shell's 130,
and nothing said) until Python installs its own handler, then is Python's own error while it imports
its start-up modules (`site`, a virtual environment's `.pth` files) and finds triage's first ones.
"""

import sys

from triage import interrupt


def entry() -> int:
    interrupt.end_at_once()
    from triage import cli  # noqa: PLC0415 - imported once a Ctrl-C cannot land in it as a traceback

    return cli.entry()


if __name__ == "__main__":
    sys.exit(entry())
