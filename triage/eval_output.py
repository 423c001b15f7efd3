"""Show an evaluation (and optionally its coverage) as text for people or JSON for tools."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from triage.coverage import CoverageReport
from triage.evaluate import EvalReport, LabelReport, Mistake
from triage.explain import evidence_record
from triage.model import Evidence
from triage.safe_text import log_safe_json, neutralise, printable


def to_json(report: EvalReport, coverage: CoverageReport | None) -> str:
    data: dict[str, Any] = {"issues": report.issues, "labels": [_label_json(r) for r in report.labels]}
    if coverage is not None:
        data["coverage"] = asdict(coverage)
    return log_safe_json(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


def to_text(report: EvalReport, coverage: CoverageReport | None) -> str:
    lines = [_issues(report.issues), _HEADER]
    lines.extend(_label_row(r) for r in report.labels)
    for label in report.labels:
        lines.extend(_areas_text(label))
        lines.extend(_mistakes_text(label))
    if coverage is not None:
        lines.extend(_coverage_text(coverage))
    return "\n".join(lines)


def describe(evidence: Evidence) -> str:
    """One line: `keyword `grafana` in the title, line 1 (+4) -> monitoring`."""
    owner = evidence.area_id or f"team {evidence.team_id}"
    said = "" if evidence.text.casefold() == evidence.term.casefold() else f' ("{neutralise(evidence.text)}")'
    return (
        f"{evidence.kind} `{evidence.term}`{said} in the {evidence.where}, line {evidence.line}"
        f" (+{evidence.weight:g}) -> {owner}"
    )


_HEADER = (
    f"{'label':<28} {'scored':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4}  precision recall  f1    fp rate"
)


def _label_row(label: LabelReport) -> str:
    c = label.counts
    return (
        f"{label.label:<28} {c.scored:>6} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.tn:>4}"
        f"  {c.precision:>9.3f} {c.recall:>6.3f} {c.f1:>5.3f} {c.false_positive_rate:>10.3f}"
    )


def _issues(count: int) -> str:
    return "1 issue" if count == 1 else f"{count} issues"


def _areas_text(label: LabelReport) -> list[str]:
    found = (
        f"{label.area_hit}/{label.area_total} ({label.area_hit / label.area_total:.0%})"
        if label.area_total
        else "none to find (no true positive has an area the truth names: --area AREA=LABEL, or a truth"
        " profile's `areas`, names the labels that give an area)"
    )
    areas = (
        f"true area among predicted {found}; {label.areas_per_positive:.2f} areas per true positive"
        if label.team_has_areas
        else "no areas (a team of no areas has no true area to find)"
    )
    lines = [
        "",
        f"{label.label}: 95% intervals (Wilson): precision {_interval(label.counts.precision_interval)}, "
        f"recall {_interval(label.counts.recall_interval)}",
        f"{label.label}: {areas}; {_issues(label.ignored)} not scored",
    ]
    lines.extend(f"  {hits.area_id:<24} {hits.hit}/{hits.total}" for hits in label.per_area)
    if not label.counts.tp + label.counts.fn:  # a pattern typo, or a corpus without labels
        lines.append(
            f"{label.label}: no scored issue is a positive (none has a label its positive patterns match):"
            " recall and F1 mean nothing; check the truth's patterns and the corpus's `labels`"
        )
    if label.negatives_with_area_labels:
        lines.append(
            f"{label.label}: {_issues(label.negatives_with_area_labels)} scored as negatives carry a label of"
            " its areas: a positive is an issue with a label its positive patterns match; to count them,"
            f" add its area labels to those patterns (--positive '{label.label}={label.label},...')"
        )
    if label.another_case is not None:
        lines.append(
            f"{label.label}: {_issues(label.negatives_in_another_case)} scored as negatives carry"
            f" '{label.another_case}', its label in another case: positive patterns match case and all, as"
            " score.py does; to count them, add that spelling to its patterns"
            f" (--positive '{label.label}={label.label},{label.another_case}')"
        )
    return lines


def _interval(interval: tuple[float, float] | None) -> str:
    return "none (no issue to count)" if interval is None else f"{interval[0]:.3f} to {interval[1]:.3f}"


def _mistakes_text(label: LabelReport) -> list[str]:
    lines: list[str] = []
    for mistake in label.mistakes:
        lines.append(f"{mistake.kind} {_issue_name(mistake)}  {neutralise(mistake.issue.title[:90])}")
        if not mistake.evidence:
            lines.append("    no evidence at all")
        lines.extend(f"    {describe(e)}" for e in mistake.evidence)
    return ["", *lines] if lines else []


def _issue_name(mistake: Mistake) -> str:
    issue = mistake.issue
    if issue.url:
        return printable(issue.url)
    return f"#{issue.number}" if issue.number is not None else "(no number)"


def _coverage_text(coverage: CoverageReport) -> list[str]:
    lines = ["", f"never fired ({len(coverage.never_fired)}):"]
    lines.extend(f"  {t.owner:<32} {t.kind:<9} {t.text}  (line {t.line})" for t in coverage.never_fired)
    lines.append(f"areas without docs: {', '.join(coverage.areas_without_docs) or 'none'}")
    lines.append(f"terms claimed by two owners ({len(coverage.shared_terms)}):")
    lines.extend(f"  {s.kind:<9} {s.text}: {', '.join(s.owners)}" for s in coverage.shared_terms)
    lines.append("areas with the most false positives:")
    lines.extend(f"  {area:<32} {count}" for area, count in coverage.false_positive_areas)
    if not coverage.false_positive_areas:
        lines.append("  none")
    return lines


def _label_json(label: LabelReport) -> dict[str, Any]:
    c = label.counts
    return {
        "label": label.label,
        "team": label.team_id,
        "counts": {"tp": c.tp, "fp": c.fp, "fn": c.fn, "tn": c.tn, "ignored": label.ignored},
        "precision": round(c.precision, 4),
        "recall": round(c.recall, 4),
        "precision_interval": _rounded(c.precision_interval),
        "recall_interval": _rounded(c.recall_interval),
        "f1": round(c.f1, 4),
        "false_positive_rate": round(c.false_positive_rate, 4),
        "no_positives": not c.tp + c.fn,
        "negatives_with_area_labels": label.negatives_with_area_labels,
        "negatives_in_another_case": label.negatives_in_another_case,
        "areas": {
            "hit": label.area_hit,
            "total": label.area_total,
            "per_true_positive": round(label.areas_per_positive, 4),
            "per_area": {h.area_id: {"hit": h.hit, "total": h.total} for h in label.per_area},
        },
        "mistakes": [_mistake_json(m) for m in label.mistakes],
    }


def _rounded(interval: tuple[float, float] | None) -> list[float] | None:
    return None if interval is None else [round(interval[0], 4), round(interval[1], 4)]


def _mistake_json(mistake: Mistake) -> dict[str, Any]:
    issue = mistake.issue
    return {
        "kind": mistake.kind,
        "url": issue.url,
        "number": issue.number,
        "title": issue.title,
        "evidence": [evidence_record(e) for e in mistake.evidence],
    }
