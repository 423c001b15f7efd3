"""An option the command line names that no parser knows, found before argparse parses it.

Left to argparse, a misspelt option is set aside while the rest is parsed: `triage dry-run --tittle x`
then fails on the required `--title` it was meant to be, and `triage dry-run --title x --fromat json`
on unrecognized arguments in triage's own usage, not the command's. Here it is named first, by the
parser of the command it was given to, with the closest option that parser knows. An argument no
parameter takes is named after parsing, with `--rules` when it looks like the rules file.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Mapping, Sequence

_NEGATIVE_NUMBER = re.compile(r"-\d+|-\d*\.\d+")
"""What argparse reads as a value, not an option, when no option looks like a negative number."""


def refuse_unknown_options(
    parser: argparse.ArgumentParser, commands: Mapping[str, argparse.ArgumentParser], argv: Sequence[str]
) -> None:
    """A usage error (argparse's `error`, exit 2) naming each option in `argv` that the parser it
    goes to does not know: `parser`'s before the command, the command's after it."""
    at = next((index for index, arg in enumerate(argv) if not arg.startswith("-")), len(argv))
    before = unknown_options(parser, argv[:at])
    if before:
        parser.error(_unrecognized(before, parser, _elsewhere(before, commands)))
    command = commands.get(argv[at]) if at < len(argv) else None
    if command is None and at < len(argv):
        close = closest_command(argv[at], list(commands))
        if close is not None:
            parser.error(f"argument COMMAND: invalid choice: {argv[at]!r} (did you mean {close}?)")
    if command is not None:
        after = unknown_options(command, argv[at + 1 :])
        if after:
            command.error(_unrecognized(after, command, set()))


def unknown_options(parser: argparse.ArgumentParser, args: Iterable[str]) -> list[str]:
    """The options among `args` that `parser` would not know, each as written before any `=value`.
    argparse's own reading: `--name=value`, a prefix of a long option (ambiguous or not: argparse
    says which), `-xVALUE`, a negative number and a string holding a space (values) are not
    unknown; nor is an option-like value after an option that takes one, which argparse refuses
    as a missing value; nothing after `--` is an option."""
    actions = _options(parser)
    unknown: list[str] = []
    takes_value = False
    for arg in args:
        if arg == "--":
            break
        name = _option_name(arg)
        if name is not None and not takes_value and not _known(name, arg, actions):
            unknown.append(name)
        action = actions.get(name) if name is not None and "=" not in arg else None
        takes_value = action is not None and action.nargs != 0
    return unknown


def _option_name(arg: str) -> str | None:
    if not arg.startswith("-") or arg == "-" or " " in arg or _NEGATIVE_NUMBER.fullmatch(arg):
        return None
    return arg.partition("=")[0] if arg.startswith("--") else arg


def _known(name: str, arg: str, actions: Mapping[str, argparse.Action]) -> bool:
    if name in actions:
        return True
    if not arg.startswith("--"):
        return arg[:2] in actions  # `-oFILE`, `-o=FILE`
    return any(option.startswith(name) for option in actions if option.startswith("--"))


def _unrecognized(names: list[str], parser: argparse.ArgumentParser, elsewhere: set[str]) -> str:
    known = list(_options(parser))
    said = []
    for name in names:
        if name in elsewhere:
            said.append(f"{name} (a command's options go after the command: triage COMMAND {name} ...)")
            continue
        close = closest_option(name, known)
        said.append(f"{name} (did you mean {close}?)" if close else name)
    noun = "argument" if len(names) == 1 else "arguments"
    return f"unrecognized {noun} {', '.join(said)}"


def unrecognized_arguments(left_over: Sequence[str], parser: argparse.ArgumentParser) -> str:
    """argparse's message for arguments no parameter took, with `--rules PATH` suggested when one
    of them looks like the rules file it names (`triage check rules/ownership.yaml`)."""
    said = f"unrecognized arguments: {' '.join(left_over)}"
    rules = next((arg for arg in left_over if _looks_like_a_file(arg)), None)
    if rules is None or "--rules" not in _options(parser):
        return said
    import shlex  # noqa: PLC0415 - only on a usage error

    return f"{said} (did you mean --rules {shlex.quote(rules)}?)"


def _looks_like_a_file(arg: str) -> bool:
    if arg.lower().endswith((".yaml", ".yml")):
        return True
    from triage.path_checks import is_file  # noqa: PLC0415 - only on a usage error

    return is_file(arg)


def _elsewhere(names: list[str], commands: Mapping[str, argparse.ArgumentParser]) -> set[str]:
    """Those of `names` that some command knows."""
    return {name for name in names for command in commands.values() if name in _options(command)}


def _options(parser: argparse.ArgumentParser) -> Mapping[str, argparse.Action]:
    """Each option string the parser knows, with its action: argparse's own table, which it has
    kept under this name since it was written, and has no public view of."""
    return parser._option_string_actions


def closest_command(name: str, commands: Sequence[str]) -> str | None:
    """The command `name` is most likely a typo or a shortening of: the only one it begins, else
    the closest by `difflib` (`dryrun`, `label`, `import`)."""
    starting = [command for command in commands if command.startswith(name.casefold())]
    if len(starting) == 1:
        return starting[0]
    import difflib  # noqa: PLC0415 - only on a usage error

    close = difflib.get_close_matches(name.casefold(), commands, n=1)
    return close[0] if close else None


def closest_option(name: str, known: Sequence[str]) -> str | None:
    """The long option `name` is most likely a typo of: for a one-letter `-x` the only long option
    starting with that letter (`-V`, `--version`), else the closest by `difflib`."""
    longs = [option for option in known if option.startswith("--")]
    if len(name) == 2:
        same = [option for option in longs if option[2:3].casefold() == name[1].casefold()]
        return same[0] if len(same) == 1 else None
    import difflib  # noqa: PLC0415 - only on a usage error

    close = difflib.get_close_matches(name, longs, n=1)
    return close[0] if close else None
