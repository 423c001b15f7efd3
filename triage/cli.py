"""Command-line entry point: parse, dispatch to one command module, turn errors into exit codes.

Only the chosen command's module is imported, so `triage dry-run` never pays for PyGithub.
Each command module provides `configure(parser)` and `run(args) -> int`.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import gc
import importlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from triage import __version__, interrupt
from triage.errors import EXIT_BUG, EXIT_USAGE, EXIT_USER_ERROR, InputError, RulesError, TriageError
from triage.unknown_options import refuse_unknown_options, unknown_options, unrecognized_arguments

DESCRIPTION = "Label GitHub issues with their owners from a rules file, and explain each label."

COMMANDS: dict[str, tuple[str, str]] = {
    "dry-run": ("triage.commands.dry_run", "show what triage would do to an issue; never writes"),
    "check": ("triage.commands.check", "validate a rules file and run its test cases"),
    "run": ("triage.commands.run", "triage issues on GitHub (inside Actions, or with a token)"),
    "eval": ("triage.commands.eval", "score a rules file against labelled issues"),
    "diff": ("triage.commands.diff", "show which issues a rules change would relabel"),
    "labels": ("triage.commands.labels", "make the repository's managed labels match the rules"),
    "import-handbook": ("triage.commands.import_handbook", "start a rules file from an ownership page"),
}


class _Parser(argparse.ArgumentParser):
    """triage's parser, which keeps its commands' parsers at hand by name."""

    commands: dict[str, argparse.ArgumentParser]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, given the width it would compute: left to itself it imports `shutil` (and
    with it bz2 and lzma, ~2.5 ms of every start-up) for `get_terminal_size`, whose rule this is."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _columns() - 2 if width is None else width
        )


def _columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS if positive, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


def _load(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name][0])


def build_parser(only: str | None = None, *, configured: bool = True) -> _Parser:
    """The full parser; with `only`, just that subcommand is configured (the fast path); with
    `configured` false, none is (`triage --version`, `triage --help`: each configured command
    imports its module)."""
    parser = _Parser(prog="triage", description=DESCRIPTION, formatter_class=_HelpFormatter)
    parser.add_argument("--version", action="version", version=f"triage {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=argparse.ArgumentParser
    )
    parser.commands = {}
    for name, (_, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(
            name, help=help_text, description=help_text, formatter_class=_HelpFormatter
        )
        parser.commands[name] = command_parser
        if (only is None and configured) or name == only:
            _load(name).configure(command_parser)
    return parser


def _parse(argv: list[str], only: str | None) -> argparse.Namespace:
    """The arguments; an option no parser knows, or an argument left over, is the usage error of
    the parser it was given to (its usage shown), named before anything else wrong."""
    parser = build_parser(only, configured=False)
    if only is None and unknown_options(parser, argv):  # maybe a command's option: which one, they know
        parser = build_parser()
    refuse_unknown_options(parser, parser.commands, argv)
    args, left_over = parser.parse_known_args(argv)
    command = parser.commands[args.command]
    if left_over:
        command.error(unrecognized_arguments(left_over, command))
    option = _given_dash_dash(argv)
    if option is not None:
        command.error(f"argument {option}: expected one argument")
    return args


def _given_dash_dash(argv: list[str]) -> str | None:
    """The first option given `--` as its value within its own argument (`--rules=--`, `-o--`), as
    written. argparse (Python 3.11) takes that `--` for the end of the options, drops it, and sets
    the option to an empty list in place of a string; it is refused as `--rules --` is."""
    for arg in argv:
        if arg == "--":
            return None
        if arg.startswith("--") and arg.partition("=")[2] == "--" and arg.count("=") == 1:
            return arg.partition("=")[0]
        if arg.startswith("-") and not arg.startswith("--") and arg[2:] in ("--", "=--"):
            return arg[:2]
    return None


def _nothing() -> None:
    return None


def main(argv: Sequence[str] | None = None, *, started: Callable[[], None] = _nothing) -> int:
    """Run one command; `started` is called once its module is imported and its arguments
    parsed, before it does any work."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    only = chosen if chosen in COMMANDS else None
    try:
        args = _parse(args_list, only)  # imports the command's module: long enough to be interrupted
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return _interrupted()
    return _run(args, started)


def _run(args: argparse.Namespace, started: Callable[[], None]) -> int:
    """The command, its errors turned into exit codes."""
    try:
        if sys.stdout is None:  # started with stdout closed (`>&-`): what the command says would be lost
            raise InputError("stdout: not open")
        _fit_stdout(args)
        command = _load(args.command)
        started()
        code = int(command.run(args))
    except TriageError as error:
        print(f"triage: {_shown(error)}", file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            _annotate(error)
        return error.exit_code
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:  # the reader stopped early: what was left to do is not wanted
        return 0
    except OSError as error:
        return _os_error(error)
    except Exception:  # anything else is our bug: show it whole
        return _bug()
    return _flushed(code)


def _flushed(code: int) -> int:
    """`code`, once what stdout still holds is written; a write failing here fails as it would have
    in the command. A reader gone by now (`triage check | head`) does not change a finished
    command's exit code: `check`'s is its verdict."""
    try:
        sys.stdout.flush()
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        return code
    except OSError as error:
        return _os_error(error)
    return code


OUTPUT_FAILURES = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO))
"""What writing stdout fails with (a full disk, a quota, a file size limit, a failing device). Most
files triage writes say their own failure, naming the file; one of these that reaches `main`
without a file name is most likely stdout's, though a temporary file or a read from a terminal
that went away (EIO) can fail so too: the message does not claim which."""


def _os_error(error: OSError) -> int:
    if error.errno not in OUTPUT_FAILURES or error.filename is not None:
        return _bug()
    doing = "read or write" if error.errno == errno.EIO else "write"
    print(f"triage: cannot {doing}: {error.strerror}", file=sys.stderr)
    return EXIT_USER_ERROR


def _interrupted() -> int:
    """Ctrl-C, or Actions cancelling the job: said in one line, the shell's exit code for SIGINT."""
    print(interrupt.MESSAGE, file=sys.stderr)
    return interrupt.EXIT_CODE


def _bug() -> int:
    """Show the exception being handled whole, and ask for a report."""
    import traceback  # noqa: PLC0415 - only on a bug: 3 ms of every start-up otherwise

    traceback.print_exc()
    print("triage: internal error: this is a bug in triage, please report it", file=sys.stderr)
    return EXIT_BUG


DATA_FORMATS = frozenset(("json", "jsonl", "markdown"))
"""`--format`s read by programs (or GitHub, for a step summary), which read them as UTF-8."""


def _fit_stdout(args: argparse.Namespace) -> None:
    """Make stdout able to hold whatever the command writes, when its encoding is not UTF-8 (a
    Latin-1 locale, a Windows code page, `PYTHONIOENCODING`): data (JSON, Markdown, the YAML of
    `import-handbook`) is written as UTF-8, as its readers expect; text for people keeps the locale's
    encoding, with each character it cannot hold written as an escape (`\\u2192`), as Python writes
    stderr. So is a lone surrogate (an undecodable byte of a path given as an argument, `\\udcff`)
    when stdout is UTF-8 with Python's strict errors (`PYTHONIOENCODING=utf-8`); with its default
    under a UTF-8 locale, it goes out as the byte it was."""
    out = sys.stdout
    if not isinstance(out, io.TextIOWrapper):
        return
    utf8 = codecs.lookup(out.encoding).name == "utf-8"
    if not utf8 and (args.command == "import-handbook" or getattr(args, "format", "text") in DATA_FORMATS):
        out.reconfigure(encoding="utf-8", errors="backslashreplace")
    elif not utf8 or out.errors == "strict":
        out.reconfigure(errors="backslashreplace")


def _shown(error: TriageError) -> str:
    """The message on one line, a rules file's problems one a line, as `triage check` prints them: a
    line break or terminal escape in a value a message quotes (a path given as an argument, a field
    of a rules file) stays out of the terminal and the log, where a line of its own that starts
    with `::` would be a workflow command; nor can a `##[` the runner reads anywhere in a line
    (`log_line`)."""
    from triage.safe_text import log_line  # noqa: PLC0415 - only on an error

    if not isinstance(error, RulesError):
        return log_line(str(error))
    return "\n".join(log_line(str(problem)) for problem in error.problems)


def _annotate(error: TriageError) -> None:
    """The error again as workflow commands, which the runner reads from stderr too: without them
    a failed step's page says only "Process completed with exit code 1". A rules problem is put on
    its file's line, as `triage check` puts it."""
    from triage.annotations import problem_annotation, run_annotation  # noqa: PLC0415 - only on an error

    if isinstance(error, RulesError):
        for problem in error.problems:
            print(problem_annotation(problem), file=sys.stderr)
    else:
        print(run_annotation(_shown(error)), file=sys.stderr)


def entry() -> int:
    """The `triage` console script and `python -m triage` (through `triage.__main__`): `main` in a
    process that ends with it.

    A Ctrl-C ends the process at once, with `triage: interrupted` and exit 130, but while the command
    runs, when it is the `KeyboardInterrupt` that `main` and the command handle (a batch stops
    cleanly): one landing in the imports before, or in the interpreter's exit after, would be a
    traceback from wherever it landed (`interrupt`).

    The garbage collector is set for such a process; it was about 15 ms of the 115 ms a
    `triage dry-run --title --body` took (bench/startup.py):
    - off while the command starts: imports make a few hundred thousand objects that live as long
      as the process, and passes over them free nothing;
    - back on, with all of those frozen (never scanned again), before the command works, which
      can be a long batch making garbage in cycles (an exception and its traceback);
    - frozen again at the end, so that the interpreter's shutdown does not scan the heap.
    `main` itself leaves the collector and Ctrl-C alone: tests and other callers run it in a longer
    process. Objects left in reference cycles at exit are never finalized, so nothing may rely on
    `__del__` to finish its work: files are written inside `with` blocks.
    """
    interrupt.end_at_once()
    gc.disable()
    try:
        try:
            code = main(started=_command_starts)
            interrupt.end_at_once()
        except KeyboardInterrupt:  # landed in `main` between two of its own handlers
            interrupt.end_at_once()
            code = _interrupted()
        _flush_or_let_go()
        return code
    finally:
        gc.freeze()


def _flush_or_let_go() -> None:
    """Flush stdout; when that fails (its reader has gone, `triage ... | head -1`; a full disk after
    a command that failed, or whose output `main` already said could not be written), point it at
    /dev/null, so that what it still holds goes nowhere at exit instead of failing there, where
    Python prints a traceback and exits 120. Only for a process that ends next: never in `main`,
    which tests and other callers run in their own process."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, sys.stdout.fileno())
        os.close(nowhere)


def _command_starts() -> None:
    gc.freeze()
    gc.enable()
    interrupt.raise_in_the_command()
