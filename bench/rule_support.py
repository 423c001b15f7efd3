"""Print which labelled issues each rule term fires on, and what labelling would lose without it.

usage: python bench/rule_support.py [CORPUS.jsonl] [--rules PATH] [--truth PATH] [--all]

For every keyword, pattern, path, repo and exclude term that fires on the corpus: the issues it fires
on, split by the truth profile's verdict for its team (positive, negative, ignored), then the issues
whose team label or applied areas change when the rules are classified again without that term
alone. A term that one issue alone supports, or that alone decides an issue, is where to look for a
rule fitted to the corpus rather than to the area (see docs/measurements.md, "Generalization audit").
`--all` lists the terms that never fire too. The rules are classified once per term that fires:
on the dev file (126 issues, about 90 terms firing), 3 to 5 seconds.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from triage.commands.eval import classify_all, read_corpus  # noqa: E402
from triage.coverage import EVIDENCE_KIND, MATCHER_KINDS  # noqa: E402
from triage.model import Area, AreaStatus, Classification, Issue, Matchers, Rules, Team, Term  # noqa: E402
from triage.ruleset import load_rules  # noqa: E402
from triage.truth import TruthProfile, load_profile, verdict  # noqa: E402


class Place(NamedTuple):
    """One term of the rules: its team, its area (None for a team-level term), its list, where in it."""

    team: str
    area: str | None
    kind: str
    position: int
    term: Term


Outcome = dict[str, tuple[bool, tuple[str, ...]]]
"""By issue key: whether the team is applied, and its applied area ids."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--rules", default=str(ROOT / "rules" / "ownership.yaml"))
    parser.add_argument("--truth", default=str(ROOT / "eval" / "sourcegraph.truth.yaml"))
    parser.add_argument("--all", action="store_true", help="also list the terms that never fire")
    args = parser.parse_args(argv)
    rules = load_rules(args.rules)
    for line in report(rules, read_corpus(args.corpus), load_profile(args.truth), every=args.all):
        print(line)
    return 0


def report(rules: Rules, issues: Sequence[Issue], profile: TruthProfile, *, every: bool = False) -> list[str]:
    """One line a term that fires (`every`: every term), each followed by the changes without it."""
    results = classify_all(rules, issues)
    lines: list[str] = []
    for place in places(rules):
        fired = [r for r in results if fires(r, place)]
        if not fired and not every:
            continue
        lines.append(row(place, fired, rules, profile))
        if fired:
            lines.extend(f"      {line}" for line in changes(rules, place, results, profile))
    return lines


def places(rules: Rules) -> list[Place]:
    found: list[Place] = []
    for team in rules.teams:
        for area in (None, *team.areas):
            matchers = team.matchers if area is None else area.matchers
            for kind in MATCHER_KINDS:
                for position, term in enumerate(getattr(matchers, kind)):
                    found.append(Place(team.id, None if area is None else area.id, kind, position, term))
    return found


def fires(result: Classification, place: Place) -> bool:
    for team in result.teams:
        if team.team.id != place.team:
            continue
        evidence = [*team.evidence, *(e for a in team.areas for e in a.evidence)]
        return any(
            e.kind == EVIDENCE_KIND[place.kind]
            and e.term == place.term.text
            and (place.kind == "exclude" or e.area_id == place.area)
            for e in evidence
        )
    return False


def row(place: Place, fired: Sequence[Classification], rules: Rules, profile: TruthProfile) -> str:
    counts = Counter(truth(rules, profile, place.team, r) for r in fired)
    owner = place.team if place.area is None else f"{place.team}/{place.area}"
    split = f"pos {counts['positive']:>2} neg {counts['negative']:>2} ign {counts['ignored']:>2}"
    text = place.term.text if len(place.term.text) <= 70 else place.term.text[:67] + "..."
    return f"{owner:<30} {place.kind:<9} line {place.term.line:>4}  {len(fired):>3} issues ({split})  {text}"


def changes(
    rules: Rules, place: Place, results: Sequence[Classification], profile: TruthProfile
) -> list[str]:
    before = outcome(results, place.team)
    after = outcome(classify_all(without(rules, place), [r.issue for r in results]), place.team)
    lines: list[str] = []
    for result in results:
        key = name(result)
        if before[key] == after[key]:
            continue
        what = "team" if before[key][0] != after[key][0] else "areas"
        shown = (
            f"{before[key][0]} -> {after[key][0]}"
            if what == "team"
            else f"{before[key][1]} -> {after[key][1]}"
        )
        lines.append(f"without it, {what} of {key} ({truth(rules, profile, place.team, result)}): {shown}")
    return lines


def without(rules: Rules, place: Place) -> Rules:
    def trimmed(matchers: Matchers) -> Matchers:
        terms: tuple[Term, ...] = getattr(matchers, place.kind)
        kept = terms[: place.position] + terms[place.position + 1 :]
        if place.kind == "keywords":
            return matchers._replace(keywords=kept)
        if place.kind == "patterns":
            return matchers._replace(patterns=kept)
        if place.kind == "paths":
            return matchers._replace(paths=kept)
        if place.kind == "repos":
            return matchers._replace(repos=kept)
        return matchers._replace(exclude=kept)

    def area(a: Area) -> Area:
        return a._replace(matchers=trimmed(a.matchers)) if a.id == place.area else a

    def team(t: Team) -> Team:
        if t.id != place.team:
            return t
        if place.area is None:
            return t._replace(matchers=trimmed(t.matchers))
        return t._replace(areas=tuple(area(a) for a in t.areas))

    return rules._replace(teams=tuple(team(t) for t in rules.teams))


def outcome(results: Sequence[Classification], team_id: str) -> Outcome:
    found: Outcome = {}
    for result in results:
        team = next((t for t in result.teams if t.team.id == team_id), None)
        applied = (
            () if team is None else tuple(a.area.id for a in team.areas if a.status is AreaStatus.APPLIED)
        )
        found[name(result)] = (team is not None and team.applied, applied)
    return found


def truth(rules: Rules, profile: TruthProfile, team_id: str, result: Classification) -> str:
    team = next(t for t in rules.teams if t.id == team_id)
    return verdict(profile, team.label.name, result.issue.labels, team.label.previous_names)


def name(result: Classification) -> str:
    issue = result.issue
    if issue.number is not None:
        return f"#{issue.number}"
    return issue.url or issue.title[:40]


if __name__ == "__main__":
    sys.exit(main())
