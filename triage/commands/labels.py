"""`triage labels sync`: make the repository's managed labels match the rules file.

Creates missing labels, fixes colour and description, renames a label listed under a rule's
`previous_names` in place (its issues keep it). Labels the rules do not manage are never touched,
and nothing is ever deleted. `--dry-run` reads the labels and prints what it would change.
"""

from __future__ import annotations

import argparse
import os

from triage.commands.arg_types import file_path
from triage.errors import TriageError
from triage.github import DEFAULT_API_URL, GitHubClient, connect
from triage.label_sync import LabelChange, blocked_renames, sync_plan
from triage.refusal import RequestRefusedError
from triage.ruleset import DEFAULT_RULES, load_rules


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", choices=["sync"], help="sync: create, update and rename (previous_names) the managed labels"
    )
    parser.add_argument(
        "--rules", type=file_path, default=DEFAULT_RULES, metavar="PATH", help=f"default: {DEFAULT_RULES}"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the changes; write nothing")


def run(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    env = os.environ
    client = connect(
        env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_API_URL") or DEFAULT_API_URL
    )
    existing = client.repository_labels()
    changes = sync_plan(rules.managed_labels, existing)
    blocked = list(blocked_renames(rules.managed_labels, existing))
    if args.dry_run:
        for change in changes:
            print(f"triage: would {change.describe()}")
        done = len(changes)
    else:
        done, taken = _apply_all(client, changes)
        blocked += taken
    unchanged = len(rules.managed_labels) - len(changes)
    verb = "would change" if args.dry_run else "changed"
    print(f"triage: {done} label(s) {verb}, {unchanged} already as configured")
    for former, name in blocked:
        print(
            f"triage: {former} cannot be renamed to {name}, which another label holds or takes in "
            f"this sync: the issues labelled {former} keep it (triage run takes it for {name}); move "
            f"them to {name} and delete {former} by hand"
        )
    return 0


def _apply_all(client: GitHubClient, changes: tuple[LabelChange, ...]) -> tuple[int, list[tuple[str, str]]]:
    """Make each change, printing it once made; the count made, and the renames a label someone
    made meanwhile under the new name blocks. A failure says what was made and what was not."""
    done, taken = 0, list[tuple[str, str]]()
    for index, change in enumerate(changes):
        try:
            said = _apply(client, change)
        except RequestRefusedError as refused:
            if not (change.kind == "rename" and refused.status == 422 and "already_exists" in refused.reason):
                _say_what_is_left(refused, done, changes[index:], taken)
                raise
            assert change.current is not None  # a rename has one
            taken.append((change.current.name, change.wanted.name))
            continue
        except TriageError as error:
            _say_what_is_left(error, done, changes[index:], taken)
            raise
        print(f"triage: {said}")
        done += 1
    return done, taken


def _apply(client: GitHubClient, change: LabelChange) -> str:
    """Make one change; what was done. A label to update that is gone since the listing (a person
    deleted it, or renamed it, perhaps to another of its former names) is looked for again: the
    labels are read once more and the change they now call for is made instead."""
    if change.current is None:
        client.create_label(change.wanted)
        return change.describe()
    try:
        client.update_label(change.current.name, change.wanted)
    except RequestRefusedError as refused:
        if refused.status != 404:
            raise
        instead = sync_plan((change.wanted,), client.repository_labels())
        for other in instead:
            _apply_once(client, other)
        now = "; ".join(other.describe() for other in instead) or "already as configured"
        return f"{change.current.name} was gone: {now}"
    return change.describe()


def _apply_once(client: GitHubClient, change: LabelChange) -> None:
    if change.current is None:
        client.create_label(change.wanted)
    else:
        client.update_label(change.current.name, change.wanted)


def _say_what_is_left(
    error: TriageError, done: int, left: tuple[LabelChange, ...], taken: list[tuple[str, str]]
) -> None:
    failed, untried = left[0], left[1:]
    not_tried = f" (not tried: {', '.join(c.wanted.name for c in untried)})" if untried else ""
    blocked = "".join(f"; {former} not renamed: another label took {name}" for former, name in taken)
    error.args = (
        f"{error}. {done} label(s) changed before it; {len(left)} not changed: {failed.wanted.name}"
        f"{not_tried}{blocked}; `triage labels sync` again finishes them once that is fixed",
    )
