"""Ctrl-C around the command: one line, `triage: interrupted`, and exit 130, wherever it lands.

While the command runs, a Ctrl-C is the `KeyboardInterrupt` that `cli.main` turns into that line (and a
batch into its own clean stop). Around it, it cannot be: a start-up spends some 40 ms importing before
`main` is there to catch anything, and once the command is done only the interpreter's exit is left, so
a KeyboardInterrupt raised at whatever line it lands on would end in a traceback. There, a Ctrl-C ends
the process at once: nothing has started that needs finishing, or the command is done (its output
flushed when it succeeded; after a failure, a Ctrl-C in the microseconds before the last flush drops
what was still buffered, as any process SIGINT ends). Only the process's own entry (`triage.__main__`,
`cli.entry`) sets this handler: tests and other callers run `cli.main` in a process whose Ctrl-C is
theirs. A process started with Ctrl-C ignored (a script's background job, `triage ... &`) keeps it
ignored, as Python itself leaves it: the Ctrl-C its script's foreground is sent must not end it.

It is set before the start-up's imports, so it imports only modules loaded before any of triage's:
`_signal` by the interpreter, `os` by `site`.
"""

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from signal import SIG_IGN, SIGINT, default_int_handler, getsignal, signal
    from types import FrameType
else:  # `signal` wraps this module in enums, which cost about 1 ms of every start-up to build
    from _signal import SIG_IGN, SIGINT, default_int_handler, getsignal, signal

MESSAGE = "triage: interrupted"
EXIT_CODE = 130
"""The shell's exit code for a process ended by SIGINT."""
_IGNORED = getsignal(SIGINT) == SIG_IGN
"""Whether the process was started with SIGINT ignored, read before this module sets a handler."""


def end_at_once() -> None:
    """From now on, a Ctrl-C says `MESSAGE` and ends the process with `EXIT_CODE` where it lands."""
    if not _IGNORED:
        signal(SIGINT, _end)


def raise_in_the_command() -> None:
    """From now on, a Ctrl-C is Python's `KeyboardInterrupt`, for the command to handle."""
    if not _IGNORED:
        signal(SIGINT, default_int_handler)


def _end(signum: int, frame: "FrameType | None") -> None:
    """Runs in the main thread between two bytecodes, as Python's handlers do; writes to the file
    descriptor, not `sys.stderr`, whose buffer the interrupted line may be in the middle of."""
    try:
        os.write(2, f"{MESSAGE}\n".encode())
    finally:  # stderr closed, nowhere to say it: ends all the same
        os._exit(EXIT_CODE)
