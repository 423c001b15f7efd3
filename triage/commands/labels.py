"""`triage labels sync`: make the repository's managed labels match the rules file.

Creates missing labels, fixes colour and description, renames a label listed under a rule's
`previous_names` in place (its issues keep it). Labels the rules do not manage are never touched,
and nothing is ever deleted. `--dry-run` reads the labels and prints what it would change.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from triage.commands.arg_types import file_path
from triage.commands.default_rules import load_rules_from
from triage.errors import GitHubError, RateLimitStop, TriageError, not_before_clause
from triage.label_sync import LabelChange, blocked_renames, sync_plan
from triage.refusal import RequestRefusedError
from triage.ruleset import DEFAULT_RULES

if TYPE_CHECKING:  # PyGithub is imported when the sync connects: `triage --help` builds this command too
    from triage.github import GitHubClient


_ACTIONS = ("sync",)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=_ACTIONS,
        metavar="{" + ",".join(_ACTIONS) + "}",  # argparse names a missing argument by it, else by "action"
        help="sync: create, update and rename (previous_names) the managed labels",
    )
    parser.add_argument(
        "--rules", type=file_path, default=DEFAULT_RULES, metavar="PATH", help=f"default: {DEFAULT_RULES}"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the changes; write nothing")


def run(args: argparse.Namespace) -> int:
    from triage.github import DEFAULT_API_URL, connect  # noqa: PLC0415 - see above

    rules = load_rules_from(args.rules)
    env = os.environ
    client = connect(
        env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_API_URL") or DEFAULT_API_URL
    )
    try:
        existing = client.repository_labels()
    except RateLimitStop as stop:
        again = f"triage labels sync{' --dry-run' if args.dry_run else ''}"
        stop.args = (f"{stop}. No label was changed: run `{again}` again{_after(stop)}",)
        raise
    changes = sync_plan(rules.managed_labels, existing)
    as_planned = len(rules.managed_labels) - len(changes)
    if args.dry_run:
        for change in changes:
            print(f"triage: would {change.describe()}")
        print(f"triage: {len(changes)} label(s) would change, {as_planned} already as configured")
        _say_blocked(blocked_renames(rules.managed_labels, existing))
        return 0
    synced = _apply_all(client, changes)
    held = f", {len(synced.blocked)} blocked" if synced.blocked else ""
    print(
        f"triage: {synced.done} label(s) changed, {as_planned + synced.found_as_configured} already as "
        f"configured{held}"
    )
    if not synced.looked_again:
        _say_blocked(blocked_renames(rules.managed_labels, existing))
        return 0
    try:  # labels were found gone, or names taken, meanwhile: the first listing is stale
        now = client.repository_labels()
    except TriageError as error:  # what the first listing and the sync itself found blocked, then
        first = blocked_renames(rules.managed_labels, existing)
        _say_blocked(dict.fromkeys((*first, *synced.blocked)))
        error.args = (
            f"{error}; every change was made, but the labels could not be read again for the renames "
            "still blocked",
        )
        raise
    _say_blocked(blocked_renames(rules.managed_labels, now))
    return 0


def _say_blocked(blocked: Iterable[tuple[str, str]]) -> None:
    for former, name in blocked:
        print(
            f"triage: {former} cannot be renamed to {name}, which another label holds or takes in "
            f"this sync: the issues labelled {former} keep it (triage run takes it for {name}); move "
            f"them to {name} and delete {former} by hand"
        )


@dataclass(frozen=True)
class _Outcome:
    """What one change came to. `said`: the line to print; `changed`: whether a label was written;
    `blocked`: (former, name) of a rename a label made meanwhile under the name refused;
    `looked_again`: the labels were read again on the way (one was gone)."""

    said: str
    changed: bool
    blocked: tuple[str, str] | None = None
    looked_again: bool = False


@dataclass
class _Synced:
    """What a sync's changes came to: labels written, labels found as configured when looked for
    again, renames blocked by a name taken meanwhile, and whether the labels were read again."""

    done: int = 0
    found_as_configured: int = 0
    blocked: list[tuple[str, str]] = field(default_factory=list)
    looked_again: bool = False


_LOOKS = 3
"""How many times a label to update or rename is found gone (a person renaming it as the sync
runs) before the sync gives up on it: each 404 reads the labels again and tries what they then
call for; a create it then calls for is tried whatever the count."""


def _apply_all(client: GitHubClient, changes: tuple[LabelChange, ...]) -> _Synced:
    """Make each change, printing it once made. A failure says what was made and what was not."""
    synced = _Synced()
    for index, change in enumerate(changes):
        try:
            outcome = _apply(client, change)
        except TriageError as error:
            _say_what_is_left(error, synced.done, changes[index:], synced.blocked)
            raise
        synced.looked_again = synced.looked_again or outcome.looked_again or outcome.blocked is not None
        if outcome.blocked is not None:
            synced.blocked.append(outcome.blocked)
        elif not outcome.changed:
            synced.found_as_configured += 1
        if outcome.said:
            print(f"triage: {outcome.said}")
        synced.done += outcome.changed
    return synced


def _apply(client: GitHubClient, change: LabelChange) -> _Outcome:
    """Make one change. A label to update or rename that is gone since the listing (a person
    deleted it, or renamed it, perhaps to another of its former names) is looked for again: the
    labels are read once more and the change they now call for is made instead. A rename onto a
    name a label took meanwhile is blocked, not failed. A 404 on a label the labels still show is
    GitHub's refusal, not a label gone."""
    gone: list[str] = []
    while True:
        try:
            if change.current is None:
                client.create_label(change.wanted)
            else:
                client.update_label(change.current.name, change.wanted)
        except RequestRefusedError as refused:
            if change.current is None:
                raise
            if change.kind == "rename" and refused.status == 422 and "already_exists" in refused.reason:
                return _Outcome("", changed=False, blocked=(change.current.name, change.wanted.name))
            if refused.status != 404:
                raise
            gone.append(change.current.name)
            instead = sync_plan((change.wanted,), client.repository_labels())
            if not instead:
                return _Outcome(f"{_were_gone(gone)}already as configured", changed=False, looked_again=True)
            if instead[0] == change:
                raise
            if len(gone) >= _LOOKS and instead[0].current is not None:
                raise GitHubError(
                    f"{change.wanted.name}: its label was gone each of {_LOOKS} times it was looked for "
                    f"({', '.join(gone)}): someone is renaming or deleting it as the sync runs"
                ) from None
            change = instead[0]
            continue
        return _Outcome(_were_gone(gone) + change.describe(), changed=True, looked_again=bool(gone))


def _were_gone(gone: list[str]) -> str:
    return f"{', '.join(gone)} {'was' if len(gone) == 1 else 'were'} gone: " if gone else ""


def _say_what_is_left(
    error: TriageError, done: int, left: tuple[LabelChange, ...], taken: list[tuple[str, str]]
) -> None:
    failed, untried = left[0], left[1:]
    not_tried = f" (not tried: {', '.join(c.wanted.name for c in untried)})" if untried else ""
    blocked = "".join(f"; {former} not renamed: another label took {name}" for former, name in taken)
    when = _after(error) if isinstance(error, RateLimitStop) else " once that is fixed"
    error.args = (
        f"{error}. {done} label(s) changed before it; {len(left)} not changed: {failed.wanted.name}"
        f"{not_tried}{blocked}; `triage labels sync` again finishes them{when}",
    )


def _after(stop: RateLimitStop) -> str:
    """When a sync a limit stopped may run again: one started sooner meets the same limit."""
    return not_before_clause(stop.not_before) or ", once the limit has passed"
