"""Make the repository's managed labels match the rules: pure decisions, applied elsewhere.

Only labels the rules manage are ever created or changed; nothing is deleted. A label's
`previous_names` lets it be renamed in place, so issues keep it under its new name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from triage.model import Label
from triage.wire import looks_auto_created

ChangeKind = Literal["create", "update", "rename"]


@dataclass(frozen=True)
class LabelChange:
    """`current` is the repository's label to PATCH (None for a create); `wanted` what it becomes."""

    kind: ChangeKind
    wanted: Label
    current: Label | None = None

    def describe(self) -> str:
        if self.current is None:
            return f"create {self.wanted.name} (#{self.wanted.color}: {self.wanted.description})"
        if self.kind == "rename":  # the same PATCH gives the rules' colour and description
            also = _differences(self.current._replace(name=self.wanted.name), self.wanted)
            return f"rename {self.current.name} -> {self.wanted.name}" + (
                f": {', '.join(also)}" if also else ""
            )
        return f"update {self.wanted.name}: {', '.join(_differences(self.current, self.wanted))}"


def sync_plan(managed: Iterable[Label], existing: Iterable[Label]) -> tuple[LabelChange, ...]:
    """The creates, updates and renames that make `existing` carry every `managed` label as configured."""
    by_name = {label.name.casefold(): label for label in existing}
    changes: list[LabelChange] = []
    for wanted in managed:
        current = by_name.get(wanted.name.casefold())
        previous = next(
            (by_name[n.casefold()] for n in wanted.previous_names if n.casefold() in by_name), None
        )
        if current is not None:
            if _differences(current, wanted):
                changes.append(LabelChange("update", wanted, current))
        elif previous is not None:
            changes.append(LabelChange("rename", wanted, previous))
        else:
            changes.append(LabelChange("create", wanted))
    return tuple(changes)


def blocked_renames(managed: Sequence[Label], existing: Sequence[Label]) -> tuple[tuple[str, str], ...]:
    """(former name, name) of each former name of a managed label that the repository holds and
    `sync_plan` does not rename: the name exists already, or another former name becomes it. A
    rename onto an existing name is refused, so the issues labelled with the former one keep it."""
    by_name = {label.name.casefold(): label for label in existing}
    renamed = {
        change.current.name.casefold()
        for change in sync_plan(managed, existing)
        if change.kind == "rename" and change.current is not None
    }
    return tuple(
        (by_name[former.casefold()].name, wanted.name)
        for wanted in managed
        for former in wanted.previous_names
        if former.casefold() in by_name and former.casefold() not in renamed
    )


def labels_to_fix(
    managed: Iterable[Label], added: Iterable[str], returned: Iterable[Label]
) -> tuple[Label, ...]:
    """Managed labels GitHub just created grey and bare because an issue was given them first.

    Read from the response of the POST that added them, so finding them costs no request.
    """
    configured = {label.name.casefold(): label for label in managed}
    just_added = {name.casefold() for name in added}
    return tuple(
        configured[found.name.casefold()]
        for found in returned
        if found.name.casefold() in just_added
        and found.name.casefold() in configured
        and looks_auto_created(found)
        and _differences(found, configured[found.name.casefold()])
    )


def _differences(current: Label, wanted: Label) -> list[str]:
    found = []
    if current.name != wanted.name:
        found.append(f"name {current.name} -> {wanted.name}")
    if current.color.lower() != wanted.color.lower():
        found.append(f"colour {current.color} -> {wanted.color}")
    if current.description != wanted.description:
        found.append("description")
    return found
