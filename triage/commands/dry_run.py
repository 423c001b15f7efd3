"""`triage dry-run`: what triage would do to an issue (labels, evidence, comment). Never writes.

Offline by construction: this module reads files and stdin only, and nothing it imports talks to
GitHub. A JSONL batch is streamed: read in chunks that worker processes classify and show, printed
in input order as they come back (`triage.workers`); with `--jobs 1`, one issue at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from typing import BinaryIO

from triage.classify import Classifier, compile_rules
from triage.commands.arg_types import file_path, positive_int
from triage.commands.default_rules import load_rules_from
from triage.errors import EXIT_BUG, EXIT_OK, RelayedError, RulesError, TriageError, UsageError
from triage.explain import record, record_json, text_report
from triage.issue_input import (
    NumberedLines,
    bounded_lines,
    input_name,
    line_chunks,
    numbered_jsonl_issues,
    open_lines,
    read_input_text,
    read_issue_file,
)
from triage.model import Classification, Issue, Rules
from triage.ruleset import DEFAULT_RULES
from triage.safe_text import log_safe_json, well_formed

FORMATS = ("text", "json", "jsonl")
CHUNK_LINES = 250
"""Lines of an `--input` batch a worker process takes at a time (`triage.workers`)."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules", type=file_path, default=DEFAULT_RULES, metavar="PATH", help=f"default: {DEFAULT_RULES}"
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--title", help="the issue's title (the body goes in --body)")
    source.add_argument(
        "--file",
        type=file_path,
        metavar="PATH",
        help="a Markdown file: first line the title, the rest the body; `-` reads stdin",
    )
    source.add_argument(
        "--event", type=file_path, metavar="PATH", help="an `issues` webhook payload (JSON); `-` reads stdin"
    )
    source.add_argument(
        "--input",
        type=file_path,
        metavar="PATH",
        help="JSONL, one issue a line: {title, body, url, number, labels, author_association}; "
        "`-` reads stdin",
    )
    parser.add_argument("--body", help="the issue's body, with --title")
    parser.add_argument(
        "--bot-login",
        metavar="LOGIN",
        help="with --event: who triage writes as, whose own events it skips (env TRIAGE_BOT_LOGIN, "
        "else github-actions[bot])",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default): labels, evidence, comment; json: an object with the comment (an array "
        "for --input; null for an --event triage run would skip, such as a pull request's); jsonl: one "
        "object a line, no comment",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        metavar="N",
        help="processes for an --input batch (default for a file: the cores this process may use, "
        "at most 8; for a pipe: 1); 1 reads, classifies and prints one issue at a time",
    )


def run(args: argparse.Namespace) -> int:
    if args.body is not None and args.title is None:
        raise UsageError("--body goes with --title")
    if args.jobs is not None and args.input is None:
        raise UsageError("--jobs goes with --input")
    if args.bot_login is not None and args.event is None:
        raise UsageError("--bot-login goes with --event")
    rules = load_rules_from(args.rules)
    classifier = compile_rules(rules)
    show = _shower(rules, classifier, args.format)
    if args.input is not None:
        with open_lines(args.input) as stream:
            name = input_name(args.input)
            streaming = not _is_file(stream)
            jobs = args.jobs if args.jobs is not None else _default_jobs(streaming)
            lines = bounded_lines(stream)
            if jobs == 1:
                shown = _write_all(_shown_one_by_one(show, lines, name), args.format, flush=streaming)
            else:
                with closing(_shown_by_workers(show, lines, name, jobs)) as chunks:
                    shown = _write_all(chunks, args.format, flush=streaming)
        if not shown:  # valid, but most often an earlier step that failed quietly (`gh ... > issues.jsonl`)
            print(f"triage: no issues in {name}", file=sys.stderr)
        return 0
    issue = _one_issue(args)
    if issue is not None:
        _write_all([[show(issue)]], args.format, single=True)
    elif args.format == "json":
        print("null")  # a skipped event: still one JSON value for a program reading stdout
    return 0


def _is_file(stream: BinaryIO) -> bool:
    """Whether the input is a regular file, read as fast as it can be; else a pipe or a terminal,
    whose lines may come one at a time, each to be answered as it comes."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):  # no file descriptor (a stream in memory)
        return False


def _default_jobs(streaming: bool) -> int:
    """Worker processes for a file (`triage.workers.default_jobs`); one for a pipe or a terminal,
    which then streams issue by issue as lines arrive, where workers would wait for whole chunks."""
    if streaming:
        return 1
    from triage.workers import default_jobs  # noqa: PLC0415 - a batch's alone (`signal` is 1 ms)

    return default_jobs()


def _one_issue(args: argparse.Namespace) -> Issue | None:
    """The issue the flags name; None for an event about a pull request (triage skips those)."""
    if args.file is not None:
        return read_issue_file(args.file)
    if args.event is None:
        return Issue(title=well_formed(args.title), body=well_formed(args.body or ""))
    from triage.event import (  # noqa: PLC0415 - only with --event
        bot_login_from,
        decode_event,
        parse_issue_event,
        skip_reason,
    )

    name = input_name(args.event)
    event = parse_issue_event(decode_event(read_input_text(args.event), name), name)
    skipped = skip_reason(event, bot_login_from(args.bot_login, os.environ))
    if skipped is not None:  # as `triage run` would skip it
        print(f"triage: skipped: {name}: {skipped}", file=sys.stderr)
        return None
    return event.issue


def _shower(rules: Rules, classifier: Classifier, output: str) -> Callable[[Issue], str]:
    """What `--format` shows of one issue, without the separators between issues."""
    deferred = _deferrals(rules)
    classify = _as_run_labels(rules, classifier)
    if output == "jsonl":
        return lambda issue: log_safe_json(record_json(classify(issue), deferred(issue)))
    if output == "json":
        return lambda issue: log_safe_json(
            json.dumps(_with_comment(rules, classify(issue), deferred(issue)), ensure_ascii=False, indent=2)
        )
    return lambda issue: _text(rules, classify(issue), deferred(issue))


def _as_run_labels(rules: Rules, classifier: Classifier) -> Callable[[Issue], Classification]:
    """The classification `triage run` acts on, as far as the input's labels tell: no fallback
    label on an issue that carries a team or area label of ours (a person or an issue form gave it
    an owner)."""
    if rules.fallback_label is None:
        return classifier.classify
    from triage.plan import fallback_as_labelled  # noqa: PLC0415 - imports the renderer's module

    as_labelled = fallback_as_labelled(rules)
    return lambda issue: as_labelled(classifier.classify(issue))


WRITE_GROUP = 64
"""Issues written together from a worker's chunk: one `write` instead of 64 (each its own system
call when stdout is unbuffered, as `PYTHONUNBUFFERED` makes it), and still a string small enough
for `malloc` to reuse the same memory rather than map fresh pages for each. (In JSONL, a line that
is not ASCII is a write of its own: `_write_lines`.)"""


def _shown_one_by_one(show: Callable[[Issue], str], lines: Iterable[bytes], name: str) -> Iterator[list[str]]:
    """Each issue of `lines` as shown, one at a time, in one process."""
    number = 1
    try:
        for number, issue in numbered_jsonl_issues(lines, name):  # noqa: B007 - the except reads it
            yield [show(issue)]
    except RulesError as error:
        raise at_input_line(error, name, number) from None


def at_input_line(error: RulesError, name: str, number: int) -> RulesError:
    """A comment template failing on one issue of a batch (`{{ 1 / 0 }}` in a branch only some
    issues take), with the input line of that issue: the template's line says what failed, this
    one for which issue, to try again alone."""
    where = f" (rendering the comment for {name}:{number})"
    return RulesError([problem._replace(message=problem.message + where) for problem in error.problems])


def _write_all(
    batches: Iterable[list[str]], output: str, *, single: bool = False, flush: bool = False
) -> int:
    """Each issue as shown, in order, as batches come (a worker's chunk, or one issue), up to
    `WRITE_GROUP` issues a write: one a line (jsonl), an array of objects (json; one object for a
    single issue), or blocks apart by a blank line (text). `flush`: each batch leaves at once (to a
    pipe, stdout holds what is written until it has a few KiB), for input that streams. The number
    of issues written."""
    write = sys.stdout.write
    written = 0
    if output == "jsonl" or (output == "json" and single):
        for batch in batches:
            written += len(batch)
            _write_lines(write, batch)
            if flush:
                sys.stdout.flush()
        return written
    # Between objects of the array, or the blank line between text blocks, written before the next.
    opening, before_first, between, ending = (
        ("[", "\n", ",\n", "\n]\n") if output == "json" else ("", "", "\n", "")
    )
    write(opening)
    started = False
    try:
        for batch in batches:
            written += len(batch)
            for start in range(0, len(batch), WRITE_GROUP):
                write(
                    (between if started else before_first) + between.join(batch[start : start + WRITE_GROUP])
                )
                started = True
            if flush:
                sys.stdout.flush()
    except TriageError:  # a bad line: the issues before it stay a whole JSON array, as a reader expects
        write(ending if started else ending.lstrip("\n"))
        raise
    write(ending if started else ending.lstrip("\n"))  # `[]` for no issue
    return written


def _write_lines(write: Callable[[str], object], lines: list[str]) -> None:
    """`lines`, each ended as it is written (a reader of a stream waits for the line feed): the
    ASCII ones up to `WRITE_GROUP` a write, each other one on its own. Joined with a line that is
    not ASCII, every ASCII line would be widened to two or four bytes a character and then encoded
    as UTF-8 character by character, where `sys.stdout` takes an ASCII string whole (callgrind,
    2026-11-27: the parent of a two-worker batch of the dev file, a tenth of whose records are not
    ASCII, spent 15,100 instructions an issue, 8,900 of them encoding, and 8,100 in all with those
    lines apart)."""
    group: list[str] = []

    def write_group() -> None:
        group.append("")
        write("\n".join(group))
        group.clear()

    for line in lines:
        if not line.isascii():
            if group:
                write_group()
            write(line + "\n")
        else:
            group.append(line)
            if len(group) == WRITE_GROUP:
                write_group()
    if group:
        write_group()


ShownChunk = tuple[list[str], str | None, int]
"""What a worker hands back for a chunk of lines: each issue as shown, then the message and exit
code of what stopped it (a bad line, a comment template failing; a bug's traceback with
`EXIT_BUG`), if anything did."""


def _shown_by_workers(
    show: Callable[[Issue], str], lines: Iterable[bytes], name: str, jobs: int
) -> Generator[list[str], None, None]:
    """`map(show, issues)` over `jobs` processes, a chunk of issues at a time, in input order; an
    error stops the batch where it happened, after every issue before it is shown, as a run in
    one process does."""
    from triage.workers import WorkerFailedError, ordered_map  # noqa: PLC0415 - as in `_default_jobs`

    def show_chunk(chunk: NumberedLines) -> ShownChunk:
        first_line, block = chunk
        shown: list[str] = []
        number = first_line
        try:
            for number, issue in numbered_jsonl_issues(block, name, first_line):  # noqa: B007 - read below
                shown.append(show(issue))
        except RulesError as error:
            return shown, str(at_input_line(error, name, number)), error.exit_code
        except TriageError as error:
            return shown, str(error), error.exit_code
        except Exception:  # a bug: the issues before it are shown, as in one process
            import traceback  # noqa: PLC0415 - only on a bug

            return shown, traceback.format_exc(), EXIT_BUG
        return shown, None, EXIT_OK

    with closing(ordered_map(show_chunk, line_chunks(lines, CHUNK_LINES), jobs)) as results:
        for shown, problem, exit_code in results:
            yield shown
            if problem is None:
                continue
            if exit_code == EXIT_BUG:
                raise WorkerFailedError(problem.rstrip())
            raise RelayedError(problem, exit_code)


def _deferrals(rules: Rules) -> Callable[[Issue], str | None]:
    """The label of another owner that makes `triage run` leave an issue alone (`defer_to`), if
    any. The check is prepared on the first issue that has labels: most inputs have none."""
    prepared: list[Callable[[Iterable[str]], str | None]] = []

    def deferred(issue: Issue) -> str | None:
        labels = issue.labels
        if not labels:
            return None
        if not prepared:
            from triage.plan import defer_check  # noqa: PLC0415 - imports the renderer's module

            prepared.append(defer_check(rules))
        return prepared[0](labels)

    return deferred


def _with_comment(rules: Rules, classification: Classification, deferred: str | None) -> dict[str, object]:
    comment = None if deferred is not None else _comment(rules, classification)
    return {**record(classification, deferred), "comment": comment}


def _text(rules: Rules, classification: Classification, deferred: str | None) -> str:
    if deferred is not None:
        shown = "(none: left alone)\n"
    else:
        comment = _comment(rules, classification)
        shown = comment if comment is not None else f"(none: {_why_no_comment(rules, classification)})\n"
    return f"{text_report(classification, deferred)}comment:\n{shown}"


def _why_no_comment(rules: Rules, classification: Classification) -> str:
    """Why the text report shows no comment (`_comment`): an owner of ours in the input's labels
    that the text does not name, or no owner found (`comment.on_no_match: none`), by evidence too
    thin or by none."""
    if _labelled_owner_unnamed(rules, classification):
        return "the issue's labels name an owner of ours that its text does not"
    if classification.evidence:
        return "no team or area reached its threshold"
    return "nothing matched"


def _comment(rules: Rules, classification: Classification) -> str | None:
    """The comment `triage run` would post: none for an issue whose text names no owner while its
    labels (as the input gives them) hold one of ours, which a person or an issue form gave it."""
    from triage.render import render_comment  # noqa: PLC0415 - not for --format jsonl

    if _labelled_owner_unnamed(rules, classification):
        return None
    return render_comment(rules, classification, carried=classification.issue.labels)


def _labelled_owner_unnamed(rules: Rules, classification: Classification) -> bool:
    labels = classification.issue.labels
    if not labels or classification.names_an_owner:
        return False
    from triage.plan import owner_label_check  # noqa: PLC0415 - imports the renderer's module

    return owner_label_check(rules)(labels)
