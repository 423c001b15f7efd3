"""What the offline commands import: never PyGithub or tenacity, and Jinja2 only to render a comment.

Start-up time is spent mostly on imports, so each command runs in a fresh interpreter and the test
reads `sys.modules` after it. This is a specification of the import graph, not a timing test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "ownership.yaml"
NETWORK_MODULES = {"github", "tenacity"}
TEMPLATE_MODULE = "jinja2"
MATCHING_TITLE = "kubectl apply fails on kubernetes after upgrade"
MATCHING_BODY = "Our deploy-sourcegraph fork uses helm; `kubectl rollout status` never finishes."

PROBE = """
import json, sys
from triage.cli import main
code = main(json.loads(sys.argv[1]))
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def modules_after(argv: list[str], cwd: Path) -> set[str]:
    """Top-level packages loaded once `triage ARGV` has run to completion in a new interpreter."""
    return {name.partition(".")[0] for name in all_modules_after(argv, cwd)}


def all_modules_after(argv: list[str], cwd: Path) -> set[str]:
    """Every module loaded once `triage ARGV` has run to completion in a new interpreter."""
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(finished.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, finished.stderr
    return set(report["modules"])


def write_corpus(folder: Path) -> Path:
    corpus = folder / "issues.jsonl"
    issues = [
        {"number": 1, "title": MATCHING_TITLE, "body": MATCHING_BODY, "labels": ["team/distribution"]},
        {"number": 2, "title": "Search results page is slow", "body": "Typing is laggy.", "labels": []},
    ]
    corpus.write_text("".join(json.dumps(issue) + "\n" for issue in issues), encoding="utf-8")
    return corpus


CORPUS = "{corpus}"
OLD_RULES = "{old rules}"
RULES_FLAG = ("--rules", str(RULES))
OFFLINE_COMMANDS = {
    "dry-run, nothing matched": ["dry-run", *RULES_FLAG, "--title", "t", "--body", "b"],
    "dry-run --format jsonl": ["dry-run", *RULES_FLAG, "--title", MATCHING_TITLE, "--format", "jsonl"],
    "dry-run --input --format jsonl": ["dry-run", *RULES_FLAG, "--input", CORPUS, "--format", "jsonl"],
    "check": ["check", *RULES_FLAG],
    "eval": ["eval", *RULES_FLAG, CORPUS],
    "diff --input": ["diff", "--old", OLD_RULES, "--new", str(RULES), "--input", CORPUS],
}
"""Commands that need neither the network nor a rendered comment; CORPUS stands for a JSONL file,
OLD_RULES for a copy of the rules (`diff` refuses one file as both sides)."""


@pytest.mark.parametrize("name", OFFLINE_COMMANDS)
def test_offline_command_imports_neither_pygithub_nor_tenacity_nor_jinja2(name: str, tmp_path: Path) -> None:
    old_rules = tmp_path / "old.yaml"
    old_rules.write_text(RULES.read_text(encoding="utf-8"), encoding="utf-8")
    stand_ins = {CORPUS: str(write_corpus(tmp_path)), OLD_RULES: str(old_rules)}
    argv = [stand_ins.get(arg, arg) for arg in OFFLINE_COMMANDS[name]]
    loaded = modules_after(argv, cwd=tmp_path)
    assert sorted(loaded & {*NETWORK_MODULES, TEMPLATE_MODULE}) == []


def test_dry_run_that_renders_a_comment_loads_jinja2_but_not_pygithub_or_tenacity(tmp_path: Path) -> None:
    argv = ["dry-run", *RULES_FLAG, "--title", MATCHING_TITLE, "--body", MATCHING_BODY]
    loaded = modules_after(argv, cwd=tmp_path)
    assert TEMPLATE_MODULE in loaded
    assert sorted(loaded & NETWORK_MODULES) == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_triages_own_version_and_help_import_no_command(argv: list[str], tmp_path: Path) -> None:
    loaded = all_modules_after(argv, cwd=tmp_path)
    assert sorted(name for name in loaded if name.startswith("triage.commands.")) == []


@pytest.mark.parametrize("command", ["run", "labels"])
def test_a_github_commands_help_does_not_import_pygithub(command: str, tmp_path: Path) -> None:
    loaded = modules_after([command, "--help"], cwd=tmp_path)
    assert sorted(loaded & NETWORK_MODULES) == []
