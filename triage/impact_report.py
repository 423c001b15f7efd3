"""An `Impact` for people and programs: text for terminals, Markdown for job summaries, JSON.

Evidence is shown once per change, on the label it explains; area lines then only name the
areas. Issue text is untrusted: it is neutralised for terminals and Actions logs (no workflow
commands) and escaped for Markdown (no pings, no HTML), as `triage.safe_text` does for comments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from triage.explain import evidence_record, gain
from triage.impact import Change, Dropped, Impact, IssueImpact, RenameCount, Side
from triage.model import Evidence, Issue
from triage.safe_text import clip, code_span, log_safe_json, neutralise, printable, prose

NO_CHANGES = "No issue changes"
NO_LABEL_CHANGES = "No label changes."
"""In place of the label counts when issues change only in areas or suggestions."""
SUMMARY_BUDGET = 900_000
"""Characters of Markdown (line breaks included) up to which issue sections are listed: a job summary
holds at most 1 MiB per step."""

_SIGN = {"gained": "+", "lost": "-"}
_SAFE_URL = re.compile(r"https://[^\s()<>\[\]]+")


def to_text(impact: Impact) -> str:
    label_notes = _label_notes(impact, printable)
    if impact.is_empty:
        return "\n".join([_no_changes(impact), *label_notes]) + "\n"
    lines = [_headline(impact), *label_notes, ""]
    unmanaged = _unmanaged(impact)
    for issue_impact in impact.issues:
        lines.extend(_text_issue(issue_impact, unmanaged))
        lines.append("")
    lines.extend(_text_counts(impact, unmanaged))
    return "\n".join(lines) + "\n"


def _text_counts(impact: Impact, unmanaged: frozenset[str]) -> list[str]:
    if not impact.labels:
        return [NO_LABEL_CHANGES]
    shown = [
        (c, c.label + (_UNMANAGED_TAG if c.label.casefold() in unmanaged else "")) for c in impact.labels
    ]
    width = max(len(label) for _, label in shown)
    header = f"{'label':<{width}}  gained  lost"
    return [header, *(f"{label:<{width}}  {c.gained:>6}  {c.lost:>4}" for c, label in shown)]


def _no_changes(impact: Impact) -> str:
    """Says how many issues were compared: none read (an empty input) is not "nothing changes"."""
    compared = impact.compared
    left_alone = f", {_left_alone(impact, 'of them ')}" if impact.left_alone else ""
    return f"{NO_CHANGES} ({compared:,} issue{'' if compared == 1 else 's'} compared{left_alone})."


def _headline(impact: Impact) -> str:
    left_alone = f" ({_left_alone(impact, '')})" if impact.left_alone else ""
    return f"{len(impact.issues)} of {impact.compared} issues would change{left_alone}."


def _left_alone(impact: Impact, of_them: str) -> str:
    """The issues neither rule set could move, as they carry another owner's label."""
    return (
        f"{impact.left_alone:,} {of_them}left alone by both rule sets: "
        "they carry another owner's label, defer_to"
    )


def _label_notes(impact: Impact, name: Callable[[str], str]) -> list[str]:
    """One line for each label renamed or no longer managed, its names shown by `name`."""
    notes = [f"renamed: {name(r.old)} -> {name(r.new)} ({_kept(r, impact)})" for r in impact.renamed]
    notes.extend(f"no longer managed: {name(d.name)}: {_dropped(d)}" for d in impact.dropped)
    return notes


_UNMANAGED_TAG = " (no longer managed)"
_KEPT = " (no longer managed: the issue keeps it)"


def _unmanaged(impact: Impact) -> frozenset[str]:
    """The labels no longer managed, casefolded: the issues' changes list them as the new rules no
    longer giving them, though `triage run` takes none off."""
    return frozenset(dropped.name.casefold() for dropped in impact.dropped)


def _dropped(label: Dropped) -> str:
    said = "issues keep it, and triage no longer adds or removes it"
    if label.deferred:
        said += "; the new defer_to matches it, so triage will leave every issue carrying it alone"
    return said + " (a rename? list the old name in the new label's previous_names)"


def _kept(rename: RenameCount, impact: Impact) -> str:
    return f"kept by {rename.kept} of {impact.compared} issues"


_ALREADY = " (already on the issue)"
"""A label the new rules gain that the issue carries: `triage run` adds nothing, and a person (or an
earlier run) agreed with the new rules."""


def _on_issue(issue: Issue, name: str) -> bool:
    """Whether the issue carries the label now (GitHub compares label names ignoring case)."""
    return name.casefold() in {label.casefold() for label in issue.labels}


def _label_tag(change: Change, unmanaged: frozenset[str], issue: Issue | None) -> str:
    """What a changed label's line adds: that the new rules no longer manage it (`_KEPT`), or that
    it is gained and already on the issue (`_ALREADY`; `issue` None for a row of no label)."""
    if change.name.casefold() in unmanaged:
        return _KEPT
    gained_already = issue is not None and change.direction == "gained" and _on_issue(issue, change.name)
    return _ALREADY if gained_already else ""


def _text_issue(impact: IssueImpact, unmanaged: frozenset[str]) -> list[str]:
    lines = [_issue_name(impact.issue)]
    for rules, label in (("old", impact.old_deferred), ("new", impact.new_deferred)):
        if label is not None:
            lines.append(f"  left alone by the {rules} rules: labelled {clip(neutralise(label))} (defer_to)")
    for change in impact.labels:
        renamed = f" (renamed from {printable(change.renamed_from)})" if change.renamed_from else ""
        tag = _label_tag(change, unmanaged, impact.issue)
        lines.append(f"  {_SIGN[change.direction]} {printable(change.name)}{renamed}{tag}")
        lines.extend(_text_sides(change, "threshold"))
    if impact.areas:
        lines.append("  areas: " + " ".join(f"{_SIGN[c.direction]}{printable(c.name)}" for c in impact.areas))
    for change in impact.suggestions:
        lines.append(f"  {_SIGN[change.direction]} suggested {printable(change.name)}")
        lines.extend(_text_sides(change, "suggest threshold"))
    return lines


def _text_sides(change: Change, bar: str) -> list[str]:
    old, new = _side_heads(change, bar, printable)
    return [f"      old: {_text_side(change.old, old)}", f"      new: {_text_side(change.new, new)}"]


def _issue_name(issue: Issue) -> str:
    number = f"#{issue.number} " if issue.number is not None else ""
    url = f"  {printable(issue.url)}" if issue.url else ""
    return f"{number}{clip(neutralise(issue.title))}{url}"


def _side_head(side: Side, shown: Callable[[str], str]) -> str:
    """ "left alone" for rules that defer the issue to another owner, with what they found anyway;
    `shown`: a label name as the format writes it."""
    if side.status == "none" and side.teams_matched:
        return f"not given: a team matched ({', '.join(shown(label) for label in side.teams_matched)})"
    if side.status == "none":
        return "no evidence"
    if side.status == "deferred":
        return f"left alone, score {side.score:g}" if side.evidence else "left alone, no evidence"
    if side.fallback:
        return "applied as the fallback (no team matched)"
    return f"{side.status}, score {side.score:g}"


def _side_heads(change: Change, bar: str, shown: Callable[[str], str]) -> tuple[str, str]:
    """Each side's head, with its threshold (`bar` names which) where the old and new rules differ
    in it: it may be all that changed, the same score now short of a raised threshold."""
    heads = _side_head(change.old, shown), _side_head(change.new, shown)
    old, new = change.old.threshold, change.new.threshold
    if old is None or new is None or old == new:
        return heads
    return f"{heads[0]}, {bar} {old:g}", f"{heads[1]}, {bar} {new:g}"


def _text_side(side: Side, head: str) -> str:
    found = ", ".join(_text_evidence(e) for e in side.evidence)
    return f"{head}: {found}" if found else head


def _text_evidence(evidence: Evidence) -> str:
    added = gain(evidence)
    return f"{evidence.kind} '{printable(evidence.term)}' ({evidence.where} line {evidence.line}, {added})"


# --- Markdown ---------------------------------------------------------------------------------


def to_markdown(impact: Impact) -> str:
    label_notes = "".join(f"- {note}\n" for note in _label_notes(impact, code_span))
    if impact.is_empty:
        return _no_changes(impact) + "\n" + (f"\n{label_notes}" if label_notes else "")
    unmanaged = _unmanaged(impact)
    parts = [
        f"### Rules impact\n\n{_headline(impact)}\n",
        *([label_notes] if label_notes else []),
        _markdown_counts(impact, unmanaged),
    ]
    size = len("\n".join(parts))
    for shown, issue_impact in enumerate(impact.issues):
        section = _markdown_issue(issue_impact, unmanaged)
        if size + 1 + len(section) > SUMMARY_BUDGET:  # 1: the line break joining it on
            parts.append(f"{len(impact.issues) - shown} more issues not shown here: use `--format json`.\n")
            break
        parts.append(section)
        size += 1 + len(section)
    return "\n".join(parts)


def _markdown_counts(impact: Impact, unmanaged: frozenset[str]) -> str:
    if not impact.labels:
        return NO_LABEL_CHANGES + "\n"
    tags = [_UNMANAGED_TAG if c.label.casefold() in unmanaged else "" for c in impact.labels]
    rows = [
        f"| {_cell_code(c.label)}{tag} | {c.gained} | {c.lost} |"
        for c, tag in zip(impact.labels, tags, strict=True)
    ]
    return "\n".join(["| Label | Gained | Lost |", "| --- | ---: | ---: |", *rows]) + "\n"


def _markdown_issue(impact: IssueImpact, unmanaged: frozenset[str]) -> str:
    rows = []
    if impact.old_deferred is not None or impact.new_deferred is not None:
        old, new = (_markdown_deferral(label) for label in (impact.old_deferred, impact.new_deferred))
        rows.append(f"| left alone (`defer_to`) | {old} | {new} |")
    issue = impact.issue
    rows += [
        _markdown_row(
            f"{_SIGN[c.direction]} label", c, "threshold", evidence=True, unmanaged=unmanaged, issue=issue
        )
        for c in impact.labels
    ]
    rows += [
        _markdown_row(f"{_SIGN[c.direction]} area", c, "threshold", evidence=False) for c in impact.areas
    ]
    rows += [
        _markdown_row(f"{_SIGN[c.direction]} suggested", c, "suggest threshold", evidence=True)
        for c in impact.suggestions
    ]
    table = ["| Change | Old rules | New rules |", "| --- | --- | --- |", *rows]
    return f"#### {_markdown_issue_name(impact.issue)}\n\n" + "\n".join(table) + "\n"


def _markdown_issue_name(issue: Issue) -> str:
    number = f"#{issue.number}" if issue.number is not None else ""
    if number and issue.url and _SAFE_URL.fullmatch(issue.url):
        number = f"[{number}]({issue.url})"
    return f"{number} {prose(clip(issue.title))}".strip()


def _markdown_row(
    what: str,
    change: Change,
    bar: str,
    *,
    evidence: bool,
    unmanaged: frozenset[str] = frozenset(),
    issue: Issue | None = None,
) -> str:
    """`issue`: for a label's row, the issue, to say a label gained is already on it."""
    old_head, new_head = _side_heads(change, bar, _cell_code)
    old, new = _markdown_side(change.old, old_head, evidence), _markdown_side(change.new, new_head, evidence)
    renamed = f" (renamed from {_cell_code(change.renamed_from)})" if change.renamed_from else ""
    tag = _label_tag(change, unmanaged, issue)
    return f"| {what} {_cell_code(change.name)}{renamed}{tag} | {old} | {new} |"


def _markdown_deferral(label: str | None) -> str:
    return "no" if label is None else f"labelled {_cell_code(label)}"


def _markdown_side(side: Side, head: str, evidence: bool) -> str:
    if not evidence or not side.evidence:
        return head
    return head + ": " + "; ".join(_markdown_evidence(e) for e in side.evidence)


def _markdown_evidence(evidence: Evidence) -> str:
    added = gain(evidence)
    return f"{evidence.kind} {_cell_code(evidence.term)} ({evidence.where} line {evidence.line}, {added})"


def _cell_code(text: str) -> str:
    """A code span inside a table cell: GitHub splits cells at `|` even inside code, unless escaped."""
    return code_span(text).replace("|", "\\|")


# --- JSON -------------------------------------------------------------------------------------


def to_json(impact: Impact) -> str:
    unmanaged = _unmanaged(impact)
    document = {
        "compared": impact.compared,
        "changed": len(impact.issues),
        "left_alone": impact.left_alone,
        "renamed": [{"old": r.old, "new": r.new, "kept": r.kept} for r in impact.renamed],
        "dropped": [{"label": d.name, "deferred": d.deferred} for d in impact.dropped],
        "labels": [{"label": c.label, "gained": c.gained, "lost": c.lost} for c in impact.labels],
        "issues": [_json_issue(issue_impact, unmanaged) for issue_impact in impact.issues],
    }
    return log_safe_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _json_issue(impact: IssueImpact, unmanaged: frozenset[str]) -> dict[str, Any]:
    issue = impact.issue
    return {
        "number": issue.number,
        "url": issue.url,
        "title": issue.title,
        "deferred_to": {"old": impact.old_deferred, "new": impact.new_deferred},
        "labels": [
            _json_change(c)
            | {"no_longer_managed": c.name.casefold() in unmanaged, "on_issue": _on_issue(issue, c.name)}
            for c in impact.labels
        ],
        "areas": [_json_change(c) for c in impact.areas],
        "suggested": [_json_change(c) for c in impact.suggestions],
    }


def _json_change(change: Change) -> dict[str, Any]:
    return {
        "name": change.name,
        "renamed_from": change.renamed_from,
        "change": change.direction,
        "old": _json_side(change.old),
        "new": _json_side(change.new),
    }


def _json_side(side: Side) -> dict[str, Any]:
    return {
        "status": side.status,
        "score": side.score,
        "threshold": side.threshold,
        "fallback": side.fallback,
        "teams_matched": list(side.teams_matched),
        "evidence": [evidence_record(e) for e in side.evidence],
    }
