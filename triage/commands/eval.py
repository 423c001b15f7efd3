"""`triage eval`: score a rules file against issues people already labelled.

Reads the corpus (a JSONL file, or a repository's open issues with `--repo`), classifies every
issue with the rules, and compares the labels triage would apply with the human ones, read
through a truth profile (`--truth FILE` and the `--positive/--ignore/--negative-prefix/--area`
options). Never writes to GitHub.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TextIO

from triage.classify import compile_rules
from triage.commands.arg_types import file_path, positive_int
from triage.commands.default_rules import load_rules_from
from triage.coverage import coverage
from triage.errors import EXIT_OK, InputError, UsageError
from triage.eval_output import to_json, to_text
from triage.evaluate import applied_area_ids, evaluate
from triage.issue_input import STDIN, bounded_lines, input_name, numbered_jsonl_issues, open_lines
from triage.model import Classification, Issue, Rules
from triage.output_files import file_kind
from triage.ruleset import DEFAULT_RULES
from triage.safe_text import log_safe_json
from triage.truth import TruthProfile, load_profile, with_options

DEFAULT_STATE, DEFAULT_LIMIT = "closed", 1000
"""What `--repo` reads when `--state` and `--limit` are not given (None there: given without
`--repo`, they are refused)."""


def configure(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "corpus",
        nargs="?",
        type=file_path,
        metavar="CORPUS.jsonl",
        help="labelled issues, one JSON object a line (- for stdin)",
    )
    source.add_argument("--repo", metavar="OWNER/NAME", help="read the repository's issues (GITHUB_TOKEN)")
    parser.add_argument(
        "--state",
        choices=("open", "closed", "all"),
        default=None,
        help=f"which issues --repo reads (default: {DEFAULT_STATE})",
    )
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"with --repo: the N most recently updated (default: {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--rules",
        type=file_path,
        default=DEFAULT_RULES,
        metavar="PATH",
        help="rules file (default: %(default)s)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    parser.add_argument("--coverage", action="store_true", help="also report unused and shared terms")
    parser.add_argument(
        "--predictions",
        metavar="OUT.jsonl",
        help="write score.py-compatible predictions (`-`: stdout, before the report)",
    )
    truth = parser.add_argument_group("truth", "which human labels count as the right answer")
    truth.add_argument("--truth", metavar="FILE", help="a truth profile (YAML or JSON)")
    truth.add_argument(
        "--positive", action="append", default=[], metavar="LABEL=PATTERN[,PATTERN]",
        help="issue labels (fnmatch patterns) that make an issue positive for a rules team label",
    )  # fmt: skip
    truth.add_argument(
        "--negative-prefix", action="append", default=[], metavar="PREFIX",
        help="only issues with another label of this prefix are negatives (e.g. team/)",
    )  # fmt: skip
    truth.add_argument(
        "--ignore", action="append", default=[], metavar="LABEL",
        help="issues with this label (an fnmatch pattern) are not scored; repeat it for more labels",
    )  # fmt: skip
    truth.add_argument(
        "--area", action="append", default=[], metavar="AREA=LABEL[,LABEL]",
        help="issue labels (fnmatch patterns) that name an area id as the true area",
    )  # fmt: skip


STDOUT = "-"
"""`--predictions -`: stdout, as `-` is stdin for the corpus; not a file named `-`."""


def run(args: argparse.Namespace) -> int:
    if args.predictions == STDOUT:
        args.predictions = "/dev/stdout"
    if args.repo is None and (args.state is not None or args.limit is not None):
        raise UsageError("--state and --limit go with --repo (a corpus file is scored whole)")
    _refuse_overwriting_an_input(args)
    with _written_last(args.predictions) as save_predictions:
        rules = load_rules_from(args.rules)
        profile = _profile(args)
        issues = (
            read_corpus(args.corpus)
            if args.repo is None
            else read_repository(args.repo, args.state or DEFAULT_STATE, args.limit or DEFAULT_LIMIT)
        )
        if not issues:  # every score would read 0.000, as if the rules had missed everything
            raise InputError(f"{args.repo or input_name(args.corpus)}: no issues to score")
        results = classify_all(rules, issues)
        report = evaluate(rules, profile, results)
        if save_predictions is not None:
            save_predictions(predictions_text(rules, results))
            print(f"wrote {len(results)} predictions to {args.predictions}", file=sys.stderr)
    cover = coverage(rules, results, report) if args.coverage else None
    print(to_json(report, cover) if args.format == "json" else to_text(report, cover))
    return EXIT_OK


def _refuse_overwriting_an_input(args: argparse.Namespace) -> None:
    """`--predictions` naming a file the run reads (a tab completion away from the corpus, which
    may be hand-curated and exist nowhere else) is refused before anything is read or written."""
    if args.predictions is None:
        return
    for what, path in (("corpus", args.corpus), ("rules file", args.rules), ("truth profile", args.truth)):
        if path is not None and _same_file(args.predictions, path):
            said = f"--predictions names the {what} this run reads: write them to another file"
            raise InputError(f"{args.predictions}: {said}")


def _same_file(path: str, other: str) -> bool:
    """Whether `path` is the file `other` names (`-`: the file stdin reads, if it is one)."""
    try:
        if other == STDIN:
            return sys.stdin is not None and os.path.samestat(Path(path).stat(), os.fstat(sys.stdin.fileno()))
        return Path(path).samefile(other)
    except (OSError, ValueError):  # either is missing, or stdin has no file descriptor
        return False


def read_corpus(path: str) -> tuple[Issue, ...]:
    """Every issue of a JSONL corpus (`-` for stdin), with the labels people gave it, each once:
    a predictions file names issues by url (else number), so a repeated one would be ambiguous
    and the scores would disagree with a scorer that reads it. Urls are compared case aside."""
    name = input_name(path)
    with open_lines(path) as lines:
        numbered = tuple(numbered_jsonl_issues(bounded_lines(lines), name))
    by_url: dict[str, int] = {}
    by_number: dict[int, tuple[int, bool]] = {}  # the first line with the number, and whether it had a url
    for line, issue in numbered:
        first = by_url.get(issue.url.casefold()) if issue.url else None
        if first is None and issue.number is not None and issue.number in by_number:
            # A number is the issue's name where a url is missing on either side: two urls with one
            # number are issues of two repositories.
            earlier, had_url = by_number[issue.number]
            first = earlier if not (had_url and issue.url) else None
        if first is not None:
            key = issue.url or issue.number
            raise InputError(
                f"{name}:{line}: issue {key} is listed twice (first at line {first}); list it once"
            )
        if issue.url:  # GitHub reads an owner's and a repository's name in any case
            by_url[issue.url.casefold()] = line
        if issue.number is not None and issue.number not in by_number:
            by_number[issue.number] = (line, bool(issue.url))
    return tuple(issue for _, issue in numbered)


def read_repository(repository: str, state: str, limit: int) -> tuple[Issue, ...]:
    """The `limit` most recently updated issues in `state`, pull requests left out. Read-only."""
    from triage.github import connect_reader  # noqa: PLC0415 - lazy: only --repo pays for PyGithub

    records = connect_reader(repository, "eval").recent_issues(state, limit)
    return tuple(record.issue for record in records)


def classify_all(rules: Rules, issues: Sequence[Issue]) -> tuple[Classification, ...]:
    classifier = compile_rules(rules)
    return tuple(classifier.classify(issue) for issue in issues)


def prediction(rules: Rules, result: Classification) -> dict[str, object]:
    """One line of a predictions file as `score.py` reads it: url, number, labels, area ids."""
    areas = [area for team in rules.teams for area in applied_area_ids(result, team.id)]
    issue = result.issue
    return {"url": issue.url, "number": issue.number, "labels": list(result.labels), "areas": areas}


def predictions_text(rules: Rules, results: Sequence[Classification]) -> str:
    """JSON lines, log-safe as every JSON triage prints: `--predictions /dev/stdout` in an Actions
    step puts them in the log, and an issue's url comes from the corpus."""
    return log_safe_json(
        "".join(json.dumps(prediction(rules, r), ensure_ascii=False) + "\n" for r in results)
    )


@contextmanager
def _written_last(path: str | None) -> Iterator[Callable[[str], None] | None]:
    """A function that writes `path` whole, or None without a path. A temporary file beside it is
    made first, so that a folder it cannot be written to is found before any work (and a file that
    cannot be written to is refused, as `>` would refuse it); the text goes there and then takes
    `path`'s place, so that until it does (and for good, when the run fails first) whatever `path`
    held is left as it was, never empty or cut short."""
    if path is None:
        yield None
        return
    kind = file_kind(path)
    if kind == "folder":
        raise InputError(f"{path}: cannot write predictions: it is a folder")
    if kind in ("file", "special") and not os.access(path, os.W_OK):  # replacing a file would undo it
        raise InputError(f"{path}: cannot write predictions: permission denied")
    if kind == "special":  # a device, a pipe (`/dev/stdout`, `/dev/null`): written to, never replaced
        stream = _STREAMS.get(path)
        yield partial(_write_to, stream) if stream is not None else partial(_write_through, path)
        return
    target = Path(os.path.realpath(path))
    import tempfile  # noqa: PLC0415 - only with --predictions

    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise InputError(f"{path}: cannot write predictions: {error.strerror}") from None
    temporary = Path(name)
    out = os.fdopen(handle, "w", encoding="utf-8")

    def save(text: str) -> None:
        try:
            with out:
                out.write(text)
            temporary.chmod(_new_file_mode(target))
            temporary.replace(target)
        except OSError as error:
            raise InputError(f"{path}: cannot write predictions: {error.strerror}") from None

    try:
        yield save
    finally:
        out.close()
        temporary.unlink(missing_ok=True)


_STREAMS = {"/dev/stdout": "stdout", "/dev/stderr": "stderr"}
"""Written through the process's own stream, whatever it is redirected to: opened again by name, a
file `>>` appends to would be truncated, and the report printed after would land elsewhere."""


def _write_to(stream: str, text: str) -> None:
    out: TextIO = getattr(sys, stream)
    out.write(text)
    out.flush()


def _write_through(path: str, text: str) -> None:
    """Appended, not truncated: a descriptor's file (`/dev/fd/3`) keeps what it holds."""
    try:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(text)
    except OSError as error:
        raise InputError(f"{path}: cannot write predictions: {error.strerror}") from None


def _new_file_mode(target: Path) -> int:
    """The permissions `target` has, or a file created there would get: not the temporary file's own
    (owner only)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _profile(args: argparse.Namespace) -> TruthProfile:
    base = load_profile(args.truth) if args.truth else TruthProfile()
    return with_options(
        base,
        positive=args.positive,
        ignore=args.ignore,
        negative_prefixes=args.negative_prefix,
        areas=args.area,
    )
