"""`triage labels sync`: make the repository's managed labels match the rules file.

Creates missing labels, fixes colour and description, renames a label listed under a rule's
`previous_names` in place (its issues keep it). Labels the rules do not manage are never touched,
and nothing is ever deleted. `--dry-run` reads the labels and prints what it would change.
"""

from __future__ import annotations

import argparse
import os

from triage.commands.arg_types import file_path
from triage.github import DEFAULT_API_URL, GitHubClient, connect
from triage.label_sync import LabelChange, blocked_renames, sync_plan
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
    prefix = "would " if args.dry_run else ""
    for change in changes:
        print(f"triage: {prefix}{change.describe()}")
        if not args.dry_run:
            _apply(client, change)
    unchanged = len(rules.managed_labels) - len(changes)
    verb = "would change" if args.dry_run else "changed"
    print(f"triage: {len(changes)} label(s) {verb}, {unchanged} already as configured")
    for former, name in blocked_renames(rules.managed_labels, existing):
        print(
            f"triage: {former} cannot be renamed to {name}, which another label holds or takes in "
            f"this sync: the issues labelled {former} keep it (triage run takes it for {name}); move "
            f"them to {name} and delete {former} by hand"
        )
    return 0


def _apply(client: GitHubClient, change: LabelChange) -> None:
    if change.current is None:
        client.create_label(change.wanted)
    else:
        client.update_label(change.current.name, change.wanted)
