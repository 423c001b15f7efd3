"""Print the default rules' quality on a labelled corpus: the figures the README quotes.

usage: python bench/quality.py [CORPUS.jsonl] [--rules PATH] [--truth PATH]

CORPUS defaults to ../shared/eval/dev.jsonl (real Sourcegraph issues, kept outside the project);
the truth profile defaults to eval/sourcegraph.truth.yaml, which reads labels as Sourcegraph's
score.py does.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--rules", default=str(ROOT / "rules" / "ownership.yaml"))
    parser.add_argument("--truth", default=str(ROOT / "eval" / "sourcegraph.truth.yaml"))
    args = parser.parse_args(argv)
    return print_table(args.corpus, args.rules, args.truth)


def print_table(corpus: str, rules_path: str, truth_path: str) -> int:
    from triage.commands.eval import classify_all, read_corpus
    from triage.evaluate import evaluate
    from triage.ruleset import load_rules
    from triage.truth import load_profile

    rules = load_rules(rules_path)
    issues = read_corpus(corpus)
    started = time.perf_counter()
    results = classify_all(rules, issues)
    elapsed = time.perf_counter() - started
    report = evaluate(rules, load_profile(truth_path), results)
    print(f"corpus: {corpus} ({len(issues)} issues, classified in {elapsed * 1000:.0f} ms)")
    print(f"rules:  {rules_path}")
    print(
        f"{'label':<22} {'P':>6} {'R':>6} {'F1':>6} {'FPR':>6} {'area hits':>12} {'areas/TP':>9}"
        "   tp  fp  fn  tn  skip"
    )
    for label in report.labels:
        c = label.counts
        hits = f"{label.area_hit}/{label.area_total}"
        share = f"{label.area_hit / label.area_total:.0%}" if label.area_total else "-"
        print(
            f"{label.label:<22} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
            f" {c.false_positive_rate:>6.3f} {hits:>7} {share:>4}"
            f" {label.areas_per_positive:>9.2f} {c.tp:>4} {c.fp:>3} {c.fn:>3} {c.tn:>3} {label.ignored:>5}"
        )
        print(f"{'':<22} 95% (Wilson): P {_interval(c.precision_interval)}, R {_interval(c.recall_interval)}")
    return 0


def _interval(interval: tuple[float, float] | None) -> str:
    return "-" if interval is None else f"{interval[0]:.3f} to {interval[1]:.3f}"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
