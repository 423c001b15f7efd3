"""Classify an issue against the rules: which teams and areas it belongs to, and why. Pure.

    classifier = compile_rules(rules)        # once: every matcher and the one-pass prefilter
    classification = classifier.classify(issue)
    classification = classify(rules, issue)  # the same, compiling once per Rules object

One module per kind of evidence (`keywords`, `patterns`, `paths`, `repos`, `fields`, `exclude`),
listed in `registry`; `text` prepares an issue once for all of them; `scoring` turns what they
found into a `Classification`.
"""

from __future__ import annotations

from triage.classify.classifier import Classifier, classify, compile_rules

__all__ = ["Classifier", "classify", "compile_rules"]
