"""`triage import-handbook PAGE.md`: start a rules file from a team's ownership page.

Writes the rules to stdout or `-o FILE` (never over an existing file without `--force`), and lists
on stderr what it could not map, one `PAGE:LINE: message` a line.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from triage.errors import TriageError, UsageError
from triage.handbook import TEAM_ID_MAX, import_handbook
from triage.issue_input import read_text
from triage.output_files import FileKind, file_kind
from triage.ruleset.checks import display_name_problem
from triage.ruleset.links import web_url_problem

DEFAULT_SCHEMA = "../triage/schema/ownership.schema.json"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def _team_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise argparse.ArgumentTypeError(f"'{value}' is not an id: use [a-z0-9][a-z0-9-]*")
    if len(value) > TEAM_ID_MAX:
        raise argparse.ArgumentTypeError(
            f"'{value}' is {len(value)} characters long: at most {TEAM_ID_MAX}, "
            "so that area labels (<team>/<area>) keep room within GitHub's 50"
        )
    return value


def _team_name(value: str) -> str:
    """`--team-name` goes into the rules as the team's `name`: what the rules loader takes there."""
    if not value.isprintable():
        raise argparse.ArgumentTypeError(
            f"{value!r} has a line break or control character: a name is shown on one line"
        )
    problem = display_name_problem(value) if value else "is empty: give the team's name"
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def _base_url(value: str) -> str:
    """`--base` becomes `docs_base`, so it must be what the rules loader takes there."""
    problem = web_url_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value


def _schema_ref(value: str) -> str:
    """The reference is written into the file's first line, a comment: a line break in it would
    start a line of YAML (`--schema $'x\\ny: 1'` would add a key `y`)."""
    if not value.isprintable():
        raise argparse.ArgumentTypeError(
            f"{value!r} has a line break or control character: it goes on a comment line"
        )
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty reference: give the schema's path or URL")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", metavar="PAGE.md", help="the ownership page (Markdown)")
    parser.add_argument(
        "--base", type=_base_url, metavar="URL", help="the URL the page is published at (for relative links)"
    )
    parser.add_argument(
        "--team-name", type=_team_name, metavar="NAME", help="the team's name (default: from the H1)"
    )
    parser.add_argument(
        "--team-id", type=_team_id, metavar="ID", help="the team's id (default: the slug of its name)"
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write the rules here instead of stdout (`-`: stdout)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    parser.add_argument(
        "--schema",
        default=DEFAULT_SCHEMA,
        type=_schema_ref,
        metavar="REF",
        help=f"the $schema reference (default {DEFAULT_SCHEMA})",
    )


STDOUT = "-"
"""`-o -`: stdout, as `-` is stdin for the files other commands read; not a file named `-`."""


def run(args: argparse.Namespace) -> int:
    if args.force and args.output is None:
        raise UsageError("--force goes with -o (without it the rules go to stdout, which replaces nothing)")
    if args.output == STDOUT:
        args.output = None
    to_stream = args.output is not None and _check_output(args.output, force=args.force) == "special"
    text = read_text(args.page).removeprefix("\ufeff")  # a BOM would hide the H1 on the first line
    if not text.strip():
        raise TriageError(f"{args.page}: the page is empty: give the team's ownership page (Markdown)")
    result = import_handbook(
        text, args.page, base=args.base, team_id=args.team_id, team_name=args.team_name, schema=args.schema
    )
    for note in result.notes:
        print(note, file=sys.stderr)
    if args.output is None:
        sys.stdout.write(result.text)
    else:
        _write(Path(args.output), result.text, append=to_stream)
        print(f"wrote {args.output}: fill in each area's keywords, then run `triage check`", file=sys.stderr)
    return 0


def _check_output(out: str, *, force: bool) -> FileKind:
    """Refuses an output the rules cannot go to before the page is read, so that the page's notes
    are not printed for nothing; what it names. A pipe or a device (`/dev/stdout`) is written into,
    never replaced: it needs no `--force`."""
    kind = file_kind(out)
    if kind == "folder":
        raise TriageError(f"{out}: is a folder: give the path of the rules file to write")
    if kind == "file" and not force:
        raise TriageError(f"{out}: already exists; pass --force to overwrite it")
    return kind


def _write(out: Path, text: str, *, append: bool) -> None:
    """`append`: a stream, which `>>` may have pointed at a file whose text stays."""
    try:
        with out.open("a" if append else "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise TriageError(f"{out}: cannot write: {error.strerror}") from error
