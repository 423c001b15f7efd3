"""`triage diff --old PATH_OR_GIT_REF --new PATH`: which issues a rules change would relabel.

Both rule sets classify the same issues (a JSONL file, or a repository's recent issues read
through the API); the report lists every issue that would gain or lose a label or an area, with
the evidence on each side, and counts per label. An issue's own labels count only for `defer_to`:
one that a rule set leaves alone gets nothing under it, as in `triage run`. Never writes anywhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from triage.classify import compile_rules
from triage.commands.arg_types import file_path, positive_int
from triage.commands.default_rules import load_rules_from
from triage.errors import UsageError
from triage.git_rules import load_rules_at_ref, names_a_revision
from triage.impact import Compared, compare, dropped, renames
from triage.impact_report import to_json, to_markdown, to_text
from triage.issue_input import bounded_lines, input_name, iter_jsonl_issues, open_lines
from triage.model import Issue, Rules
from triage.path_checks import is_file, is_folder
from triage.plan import defer_check
from triage.ruleset import DEFAULT_RULES, load_rules

FORMATS = {"text": to_text, "markdown": to_markdown, "json": to_json}


DEFAULT_LIMIT = 200


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--old", required=True, metavar="PATH_OR_GIT_REF", help="the rules before the change")
    parser.add_argument(
        "--new",
        type=file_path,
        default=DEFAULT_RULES,
        metavar="PATH",
        help=f"the rules after (default {DEFAULT_RULES})",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--input",
        type=file_path,
        metavar="PATH",
        help="issues, one JSON object a line ('-' for stdin)",
    )
    source.add_argument(
        "--repo", metavar="OWNER/NAME", help="read the repository's recent issues (read-only)"
    )
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"with --repo: the N most recently updated open issues (default {DEFAULT_LIMIT})",
    )
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="default: text")


def run(args: argparse.Namespace) -> int:
    if args.limit is not None and args.repo is None:
        raise UsageError("--limit goes with --repo (--input reads every issue of its file)")
    _refuse_a_revision_as_new(args.new)
    new = load_rules_from(args.new, "--new")
    _refuse_the_same_file(args.old, args.new)
    old = _load_old(args.old, Path(args.new))
    with _issues(args) as issues:
        impact = compare(classify_both(old, new, issues), renames(old, new), dropped(old, new))
    sys.stdout.write(FORMATS[args.format](impact))
    return 0


def _refuse_a_revision_as_new(new: str) -> None:
    """`--old HEAD~1 --new HEAD`: `--new` is a file, and "HEAD:1:1: cannot read" says nothing of why."""
    if is_file(new) or is_folder(new) or not names_a_revision(new):
        return
    raise UsageError(
        f"--new: '{new}' is a git revision, not a file: --new reads a rules file as it stands "
        f"(default {DEFAULT_RULES}); a git ref goes to --old"
    )


def _refuse_the_same_file(old: str, new: str) -> None:
    """`--old rules/ownership.yaml` beside the default `--new` compares the edited file with itself:
    "No issue changes" would read as an all-clear for any edit."""
    try:
        same = is_file(old) and Path(old).samefile(new)
    except OSError:
        return
    if same:
        raise UsageError(
            f"--old and --new are the same file ({new}): the report could show no change; "
            "for the rules as committed, give a git ref (--old HEAD, --old origin/main)"
        )


def _load_old(old: str, new_path: Path) -> Rules:
    """`old` is a rules file when one exists at that path, else a git ref."""
    if is_file(old):
        return load_rules(old)
    return load_rules_at_ref(old, new_path)


def classify_both(old: Rules, new: Rules, issues: Iterable[Issue]) -> Iterator[Compared]:
    old_classifier, new_classifier = compile_rules(old), compile_rules(new)
    old_deferral, new_deferral = defer_check(old), defer_check(new)
    for issue in issues:
        yield Compared(
            old_classifier.classify(issue),
            new_classifier.classify(issue),
            old_deferral(issue.labels),
            new_deferral(issue.labels),
        )


@contextmanager
def _issues(args: argparse.Namespace) -> Iterator[Iterable[Issue]]:
    """The issues to compare: streamed from JSONL, or read whole from the repository."""
    if args.input is not None:
        with open_lines(args.input) as stream:
            yield iter_jsonl_issues(bounded_lines(stream), input_name(args.input))
    else:
        yield _recent_issues(args.repo, args.limit or DEFAULT_LIMIT)


def _recent_issues(repository: str, limit: int) -> list[Issue]:
    """The `limit` most recently updated open issues (pull requests left out), by number. Read-only."""
    from triage.github import connect_reader  # noqa: PLC0415 - lazy: only --repo pays for PyGithub

    records = connect_reader(repository, "diff").recent_issues("open", limit)
    return sorted((record.issue for record in records), key=lambda issue: issue.number or 0)
