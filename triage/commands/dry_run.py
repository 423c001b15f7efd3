"""`triage dry-run`: what triage would do to an issue (labels, evidence, comment). Never writes.

Offline by construction: this module reads files and stdin only, and nothing it imports talks to
GitHub. A JSONL batch is streamed: one issue read, classified and printed at a time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable

from triage.classify import Classifier, compile_rules
from triage.errors import InputError
from triage.explain import record, record_json, text_report
from triage.issue_input import iter_jsonl_issues, open_lines, read_issue_file
from triage.model import Classification, Issue, Rules
from triage.ruleset import DEFAULT_RULES, load_rules
from triage.safe_text import well_formed

FORMATS = ("text", "json", "jsonl")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", default=DEFAULT_RULES, metavar="PATH", help=f"default: {DEFAULT_RULES}")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--title", help="the issue's title (the body goes in --body)")
    source.add_argument(
        "--file", metavar="PATH", help="a Markdown file: first line the title, the rest the body"
    )
    source.add_argument("--event", metavar="PATH", help="an `issues` webhook payload (JSON)")
    source.add_argument(
        "--input",
        metavar="PATH",
        help="JSONL, one issue a line: {title, body, url, number, labels}; `-` reads stdin",
    )
    parser.add_argument("--body", help="the issue's body, with --title")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default): labels, evidence, comment; json: an object (an array for --input) "
        "with the comment; jsonl: one object a line, no comment",
    )


def run(args: argparse.Namespace) -> int:
    if args.body is not None and args.title is None:
        raise InputError("--body goes with --title")
    rules = load_rules(args.rules)
    classifier = compile_rules(rules)
    if args.input is not None:
        with open_lines(args.input) as lines:
            name = "stdin" if args.input == "-" else args.input
            _print_all(rules, classifier, iter_jsonl_issues(lines, name), args.format)
        return 0
    issue = _one_issue(args)
    if issue is not None:
        _print_all(rules, classifier, [issue], args.format, single=True)
    return 0


def _one_issue(args: argparse.Namespace) -> Issue | None:
    """The issue the flags name; None for an event about a pull request (triage skips those)."""
    if args.file is not None:
        return read_issue_file(args.file)
    if args.event is None:
        return Issue(title=well_formed(args.title), body=well_formed(args.body or ""))
    from triage.event import load_event, parse_issue_event  # noqa: PLC0415 - only with --event

    event = parse_issue_event(load_event(args.event), args.event)
    if event.is_pull_request:
        print(f"triage: skipped: {args.event} is about a pull request", file=sys.stderr)
        return None
    return event.issue


def _print_all(
    rules: Rules, classifier: Classifier, issues: Iterable[Issue], output: str, *, single: bool = False
) -> None:
    write = sys.stdout.write
    deferred = _deferrals(rules)
    if output == "jsonl":
        for issue in issues:
            write(record_json(classifier.classify(issue), deferred(issue)) + "\n")
    elif output == "json":
        shown = (_with_comment(rules, classifier.classify(issue), deferred(issue)) for issue in issues)
        _print_json(shown, single=single)
    else:
        for index, issue in enumerate(issues):
            write(("\n" if index else "") + _text(rules, classifier.classify(issue), deferred(issue)))


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


def _print_json(records: Iterable[dict[str, object]], *, single: bool) -> None:
    """One object for one issue; for a batch, an array written element by element (streamed)."""
    write = sys.stdout.write
    objects = (json.dumps(shown, ensure_ascii=False, indent=2) for shown in records)
    if single:
        for text in objects:
            write(text + "\n")
        return
    write("[")
    for index, text in enumerate(objects):
        write(("," if index else "") + "\n" + text)
    write("\n]\n")


def _with_comment(rules: Rules, classification: Classification, deferred: str | None) -> dict[str, object]:
    from triage.render import render_comment  # noqa: PLC0415 - not for --format jsonl

    comment = None if deferred is not None else render_comment(rules, classification)
    return {**record(classification, deferred), "comment": comment}


def _text(rules: Rules, classification: Classification, deferred: str | None) -> str:
    from triage.render import render_comment  # noqa: PLC0415 - not for --format jsonl

    if deferred is not None:
        shown = "(none: left alone)\n"
    else:
        comment = render_comment(rules, classification)
        shown = comment if comment is not None else "(none: nothing matched)\n"
    return f"{text_report(classification, deferred)}comment:\n{shown}"
