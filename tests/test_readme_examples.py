"""The README's examples, kept true: a command it shows with its output prints exactly that; a rules
or cases file it shows passes `triage check`; a command line it shows is one the CLI accepts; a
workflow it shows agrees with the files it stands for.

Each example is found by the heading it sits under (tests/readme_blocks.py), and a failure names it
by README line and heading. An output that depends on a scenario the README gives in prose (a rules
change, the labels a repository holds) is produced from that scenario, written out here; only
temporary folders are normalised.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs in the dev extras
import pytest
import yaml

from tests.fakegithub import REPO, TOKEN, FakeGitHub
from tests.readme_blocks import (
    Block,
    Command,
    block,
    code_spans,
    commands,
    console_output,
    section,
    sections,
)
from tests.workflow_files import ACTION, ROOT, WORKFLOWS, load, steps_using, triggers
from triage.classify import fields, finder, keywords, mentions, patterns
from triage.classify import text as reading
from triage.cli import build_parser, main

BUNDLED_RULES = ROOT / "rules" / "ownership.yaml"
DEV_CORPUS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
"""The Quality section's corpus, kept outside the project: its figures are checked where it is."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_shown(actual: str, shown: str) -> str:
    """`shown` when `actual` is it with each `...` line standing for any lines, else `actual`
    (so that comparing the result with `shown` shows the whole real output when they differ)."""
    pieces = [re.escape(piece) for piece in shown.split("...\n")]
    return shown if re.fullmatch("(?:.*\n)*?".join(pieces), actual) else actual


def in_prose(text: str, prose: str) -> bool:
    """Whether `text` is in `prose`, line breaks read as the spaces Markdown renders them as."""
    return " ".join(text.split()) in " ".join(prose.split())


# --- Command lines -------------------------------------------------------------------------------

TRIAGE_COMMANDS = [
    command
    for part in sections()
    for example in part.blocks
    if example.info in ("sh", "console")
    for command in commands(example)
    if command.words[0] == "triage"
]
FILE_SUFFIXES = (".md", ".jsonl", ".json", ".yaml")
WRITING_OPTIONS = ("-o", "--output", "--predictions", "--force")
GITHUB_COMMANDS = ("run", "labels")


def runs_offline_on_the_repository(command: Command) -> bool:
    """Reads only files the repository holds, writes nothing, needs no token or shell variable."""
    words = command.words[1:]
    files = [w for w in words if not w.startswith("-") and w.endswith(FILE_SUFFIXES)]
    return (
        words[0] not in GITHUB_COMMANDS
        and "--repo" not in words
        and not any(w.startswith("$") for w in words)
        and not any(w in WRITING_OPTIONS for w in words)
        and all((ROOT / name).is_file() for name in files)
    )


@pytest.mark.parametrize("command", TRIAGE_COMMANDS, ids=str)
def test_every_triage_command_line_in_the_readme_is_one_the_cli_accepts(
    command: Command, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        build_parser().parse_args(command.words[1:])
    except SystemExit:
        pytest.fail(f"{command.block}: `{command}` is refused: {capsys.readouterr().err}")


OFFLINE_COMMANDS = [command for command in TRIAGE_COMMANDS if runs_offline_on_the_repository(command)]


@pytest.mark.parametrize("command", OFFLINE_COMMANDS, ids=str)
def test_every_triage_command_line_on_the_repositorys_own_files_runs_cleanly(
    command: Command, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run(capsys, *command.words[1:])
    assert (code, err) == (0, ""), f"{command.block}: `{command}`"


OTHER_COMMANDS = [
    command
    for part in sections()
    for example in part.blocks
    if example.info == "sh"
    for command in commands(example)
    if command.words[0] in ("make", "python", "python3") and not command.words[1].startswith("..")
]


@pytest.mark.parametrize("command", OTHER_COMMANDS, ids=str)
def test_every_make_target_and_script_the_readme_runs_is_in_the_repository(command: Command) -> None:
    program, target = command.words[:2]
    if program == "make":
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"{command.block}: `{command}`"
    else:
        assert (ROOT / target).is_file(), f"{command.block}: `{command}`"


def option_tables() -> list[Any]:
    """Each `triage COMMAND` section with an option table: its heading, the command, the first cells."""
    found = []
    for part in sections():
        if part.heading.startswith("`triage "):
            name = part.heading.split("`")[1].split()[1]
            rows = [line.split("|")[1] for line in part.prose.splitlines() if line.startswith("| `")]
            if rows:
                found.append(pytest.param(part.heading, name, rows, id=name))
    return found


@pytest.mark.parametrize(("heading", "name", "cells"), option_tables())
def test_every_option_a_command_section_tabulates_is_in_that_commands_help(
    heading: str, name: str, cells: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, shown_help, _ = run(capsys, name, "--help")
    tabulated = {flag for cell in cells for flag in re.findall(r"(?<![\w-])--?[a-z][a-z-]*", cell)}
    missing = {flag for flag in tabulated if not re.search(rf"(?<![\w-]){flag}(?![\w-])", shown_help)}
    assert missing == set(), f'options tabulated under "{heading}" that `triage {name} --help` lacks'


@pytest.mark.parametrize(("heading", "name", "cells"), option_tables())
def test_every_option_of_a_commands_help_is_in_its_sections_table(
    heading: str, name: str, cells: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, shown_help, _ = run(capsys, name, "--help")
    offered = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", shown_help)) - {"-h", "--help"}
    tabulated = {flag for cell in cells for flag in re.findall(r"(?<![\w-])--?[a-z][a-z-]*", cell)}
    assert offered - tabulated == set(), f'options of `triage {name} --help` not tabulated under "{heading}"'


def test_every_option_of_triages_own_help_is_named_in_the_cli_section(
    capsys: pytest.CaptureFixture[str],
) -> None:
    part = section("The CLI")
    _, shown_help, _ = run(capsys, "--help")
    offered = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", shown_help)) - {"-h", "--help"}
    named = {
        flag for span in code_spans(part.prose) for flag in re.findall(r"(?<![\w-])--?[a-z][a-z-]*", span)
    }
    assert offered - named == set(), (
        f'README.md:{part.line}: options of `triage --help` not named under "{part.heading}"'
    )


# --- Files: the rules and cases examples ---------------------------------------------------------


def rules_example() -> Block:
    return block("The rules file", "yaml")


def test_the_rules_file_example_passes_triage_check_as_a_whole_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = rules_example()
    path = write(tmp_path / "rules" / "ownership.yaml", example.text)
    code, out, _ = run(capsys, "check", "--rules", str(path))
    assert code == 0, f"{example}:\n{out}"


def test_the_rules_file_example_is_valid_against_the_schema_its_first_line_names() -> None:
    """Placed where the bundled rules are, as its `$schema=../triage/...` reference assumes."""
    example = rules_example()
    reference = example.text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    schema = json.loads((BUNDLED_RULES.parent / reference).read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(example.text)))
    assert [error.message for error in errors] == [], str(example)


def test_the_cases_file_example_passes_triage_check_against_the_bundled_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = block("`triage check`", "yaml")
    cases = write(tmp_path / "ownership.cases.yaml", example.text)
    code, out, _ = run(capsys, "check", "--rules", str(BUNDLED_RULES), "--cases", str(cases))
    assert (code, out.splitlines()[-1]) == (0, "2 cases, 2 passed, 0 failed"), f"{example}:\n{out}"


# --- Outputs: what a command prints, on the scenario the README describes ------------------------

HELM_RULES = """\
version: 1
teams:
  - id: distribution
    name: Distribution
    label: {name: team/distribution, color: "5319e7", description: Distribution}
    areas:
      - id: kubernetes
        name: Kubernetes
        label: {name: distribution/kubernetes, color: "0e8a16", description: Kubernetes}
        keywords: [{term: helm, weight: 2}, kubectl]
"""
"""`kubectl`, which none of the issues holds, keeps the area within reach of its threshold once `helm`
weighs 0.5 (`triage check` refuses an area its terms can never label)."""
FOUR_ISSUES = [
    {"number": 103, "title": "Search is slow", "body": ""},
    {"number": 104, "title": "Helm chart question", "body": ""},
    {"number": 105, "title": "Dark mode please", "body": ""},
    {"number": 106, "title": "helm upgrade fails", "body": ""},
]


def test_the_diff_report_example_is_what_diff_prints_for_the_change_it_describes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README: the Kubernetes area's keyword `helm` lowered from weight 2 to 0.5, over four issues,
    two with "helm" in the title; its `...` stands for the second issue."""
    example = block("`triage diff`", "text")
    before = write(tmp_path / "before.yaml", HELM_RULES)
    after = write(tmp_path / "after.yaml", HELM_RULES.replace("weight: 2}", "weight: 0.5}"))
    issues = write(tmp_path / "issues.jsonl", "".join(json.dumps(issue) + "\n" for issue in FOUR_ISSUES))
    code, out, _ = run(capsys, "diff", "--old", str(before), "--new", str(after), "--input", str(issues))
    assert code == 0
    assert as_shown(out, example.text) == example.text, str(example)


SYNC_RULES = """\
version: 1
fallback_label: {name: needs-triage, color: "ededed", description: "No owner found by triage"}
teams:
  - id: distribution
    name: Distribution
    label: {name: team/distribution, color: "5319e7", description: "Owned by the Distribution team"}
    areas:
      - id: kubernetes
        name: Kubernetes
        label:
          {name: "deploy: k8s ☸", color: "0e8a16", description: "Kubernetes installs", previous_names: [k8s]}
        keywords: [kubectl]
      - id: docker-compose
        name: Docker Compose
        label: {name: deploy/docker compose, color: "1d76db", description: "Docker Compose installs"}
        keywords: [docker compose]
"""


def test_the_labels_sync_example_is_what_a_dry_run_prints_for_the_labels_it_implies(
    github: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository holds the team's label with another colour and description, the Kubernetes
    area's under its former name `k8s`, and the other two managed labels as the rules want them."""
    example = block("`triage run` and `triage labels sync`", "console")
    (command,) = commands(example)
    github.state.add_label(REPO, "team/distribution", "ededed", "")
    github.state.add_label(REPO, "k8s", "0e8a16", "Kubernetes installs")
    github.state.add_label(REPO, "deploy/docker compose", "1d76db", "Docker Compose installs")
    github.state.add_label(REPO, "needs-triage", "ededed", "No owner found by triage")
    write(tmp_path / "rules" / "ownership.yaml", SYNC_RULES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    code, out, _ = run(capsys, *command.words[1:])
    assert (code, out) == (0, console_output(example)), str(example)


# --- Workflows: the examples beside the files they stand for -------------------------------------


def install_example() -> tuple[Block, dict[Any, Any]]:
    example = block("Install it in a repository", "yaml")
    workflow = yaml.safe_load(example.text)
    assert isinstance(workflow, dict), str(example)
    return example, workflow


SHIPPED = load(WORKFLOWS / "triage.yml")
SHIPPED_JOB = SHIPPED["jobs"]["triage"]


def test_the_install_example_goes_where_the_shipped_triage_workflow_is() -> None:
    example, _ = install_example()
    first_line = example.text.splitlines()[0]
    assert (ROOT / first_line.removeprefix("# ")).is_file(), str(example)


def test_the_install_example_runs_on_the_events_and_dispatch_inputs_of_the_shipped_workflow() -> None:
    example, workflow = install_example()
    on = triggers(workflow)
    shipped = triggers(SHIPPED)
    assert on["issues"] == shipped["issues"], str(example)
    assert {
        name: (spec["type"], spec["default"]) for name, spec in on["workflow_dispatch"]["inputs"].items()
    } == {
        name: (spec["type"], spec["default"]) for name, spec in shipped["workflow_dispatch"]["inputs"].items()
    }, str(example)


def test_the_install_example_job_is_guarded_permitted_timed_and_grouped_as_the_shipped_one() -> None:
    example, workflow = install_example()
    (job,) = workflow["jobs"].values()
    keys = ("if", "runs-on", "timeout-minutes", "permissions", "concurrency")
    assert workflow["permissions"] == SHIPPED["permissions"], str(example)
    assert {key: job[key] for key in keys} == {key: SHIPPED_JOB[key] for key in keys}, str(example)


def test_the_install_example_checks_out_the_rules_as_the_shipped_workflow_does() -> None:
    example, workflow = install_example()
    (checkout,) = steps_using(workflow, "actions/checkout")
    (shipped,) = steps_using(SHIPPED, "actions/checkout")
    assert (checkout["uses"], checkout["with"]) == (shipped["uses"], shipped["with"]), str(example)


def test_the_install_example_gives_the_action_only_its_inputs_and_the_shipped_batch_time_limit() -> None:
    example, workflow = install_example()
    (step,) = steps_using(workflow, "OWNER/triage")
    (shipped_triage,) = [step for step in SHIPPED_JOB["steps"] if step.get("name") == "Triage"]
    assert set(step["with"]) <= set(load(ACTION)["inputs"]), str(example)
    assert step["with"]["max-minutes"] == shipped_triage["env"]["TRIAGE_MAX_MINUTES"], str(example)


def test_the_rules_check_example_for_a_repository_using_the_action_runs_as_the_shipped_one() -> None:
    """Beside the shipped rules workflow: the same pins, permissions and install, triage from a checkout
    of its own at a pinned SHA, and no expression in a script."""
    example = block("Checks on rule changes", "yaml")
    workflow = yaml.safe_load(example.text)
    shipped = load(WORKFLOWS / "rules.yml")
    (job,), (shipped_job,) = workflow["jobs"].values(), shipped["jobs"].values()
    keys = ("runs-on", "timeout-minutes", "permissions", "concurrency")
    assert {key: job[key] for key in keys} == {key: shipped_job[key] for key in keys}, str(example)
    shipped_uses = {step["uses"] for step in shipped_job["steps"] if "uses" in step}
    assert {step["uses"] for step in job["steps"] if "uses" in step} == shipped_uses, str(example)
    (triage,) = [step for step in steps_using(workflow, "actions/checkout") if "repository" in step["with"]]
    assert (triage["with"]["ref"], triage["with"]["path"]) == ("FULL_COMMIT_SHA", ".triage"), str(example)
    runs = {step["name"]: step["run"] for step in job["steps"] if "run" in step}
    shipped_runs = {step["name"]: step["run"] for step in shipped_job["steps"] if "run" in step}
    install = "Install triage's dependencies"
    from_checkout = shipped_runs[install].replace(" requirements/", " .triage/requirements/")
    assert runs[install] == from_checkout, str(example)
    assert all("${{" not in run for run in runs.values()), str(example)
    triage_steps = [step for step in job["steps"] if "python -m triage" in step.get("run", "")]
    assert [step["env"]["PYTHONPATH"] for step in triage_steps] == [".triage", ".triage"], str(example)


def test_the_organisation_example_calls_the_shipped_reusable_workflow_with_its_inputs() -> None:
    example = block("One rules file for an organisation", "yaml")
    (job,) = yaml.safe_load(example.text)["jobs"].values()
    path, _, _ = job["uses"].removeprefix("OWNER/triage/").partition("@")
    reusable = load(ROOT / path)
    inputs = triggers(reusable)["workflow_call"]["inputs"]
    required = {name for name, spec in inputs.items() if spec.get("required")}
    assert required <= set(job["with"]) <= set(inputs), str(example)
    assert job["permissions"] == reusable["jobs"]["triage"]["permissions"], str(example)


def table(prose: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table under `header` (its first row, as written), as stripped cells."""
    lines = prose.splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def readme_default(cell: str) -> str:
    """A default as the inputs table writes it: `value` or `"value"`, or empty (with a gloss)."""
    if cell.startswith("empty"):
        return ""
    return cell.strip("`").strip('"')


def test_the_action_inputs_table_names_each_input_of_action_yml_with_its_default() -> None:
    part = section("Install it in a repository")
    rows = table(part.prose, "| input | default | meaning |")
    inputs = load(ACTION)["inputs"]
    assert {row[0].strip("`"): readme_default(row[1]) for row in rows} == {
        name: str(spec["default"]) for name, spec in inputs.items()
    }, f"README.md:{part.line}: the inputs table"


def test_the_action_outputs_table_names_each_output_of_action_yml() -> None:
    part = section("Install it in a repository")
    rows = table(part.prose, "| output | meaning |")
    assert [row[0].strip("`") for row in rows] == list(load(ACTION)["outputs"]), (
        f"README.md:{part.line}: the outputs table"
    )


# --- Figures and messages quoted in the prose ----------------------------------------------------


@pytest.mark.skipif(not DEV_CORPUS.exists(), reason="the dev corpus is kept outside the project")
def test_the_quality_table_is_what_the_readmes_eval_command_reports_on_the_dev_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    part = section("Quality")
    (command,) = [c for example in part.blocks for c in commands(example) if c.words[1] == "eval"]
    argv = [str(tmp_path / "p.jsonl") if word.startswith("/tmp/") else word for word in command.words[1:]]
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, *argv)
    counts = re.search(
        r"^(\S+) +\d+ +(\d+) +(\d+) +(\d+) +(\d+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+)$", out, re.M
    )
    areas = re.search(r"predicted (\S+ \S+); (\S+) areas per true positive; (\d+) issues not scored", out)
    assert code == 0
    assert counts, out
    assert areas, out
    label, tp, fp, fn, tn, precision, recall, f1, fp_rate = counts.groups()
    cells = [f"`{label}`", precision, recall, f1, fp_rate, areas[1], areas[2], tp, fp, fn, tn]
    row = f"| {' | '.join(cells)} |"
    assert row in part.prose.splitlines(), f"README.md:{part.line}: Quality table; `{command}` gives {row}"
    issues = out.splitlines()[0]  # "126 issues"
    assert in_prose(f"{issues.split()[0]} real issues", part.prose), f"README.md:{part.line}: {issues}"
    assert in_prose(f"{areas[3]} issues of successor teams are not scored", part.prose), (
        f"README.md:{part.line}"
    )
    intervals = re.search(r"95% intervals \(Wilson\): (precision \S+ to \S+, recall \S+ to \S+)$", out, re.M)
    assert intervals, out
    quoted = f"95% intervals (Wilson, as `triage eval` prints them): {intervals[1]}."
    assert in_prose(quoted, part.prose), f"README.md:{part.line}: {intervals[0]}"


def bad_input(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(bad_input(['{"title": "a"}'] * 6 + ['{"title": "a",}']), id="invalid-json"),
        pytest.param(bad_input(['{"title": "a"}'] * 2 + ['{"body": "b"}']), id="title-missing"),
    ],
)
def test_the_bad_input_messages_the_dry_run_section_quotes_are_what_it_prints(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    part = section("`triage dry-run`")
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "issues.jsonl", text)
    code, _, err = run(capsys, "dry-run", "--rules", str(BUNDLED_RULES), "--input", "issues.jsonl")
    assert code == 1
    assert err.rstrip("\n") in code_spans(part.prose), f'README.md:{part.line}: "{part.heading}" lacks {err}'


NEGATION_RULES = """\
version: 1
teams:
  - id: distribution
    name: Distribution
    label: {name: team/distribution, color: "5319e7", description: Distribution}
    areas:
      - {id: infrastructure, name: Infra, label: {name: d/infra, color: "0e8a16", description: I}}
      - {id: release, name: Release, label: {name: d/release, color: "0e8a16", description: R}}
      - id: docs
        name: Docs
        label: {name: d/docs, color: "0e8a16", description: D}
        paths: ["!doc/**"]
"""


def test_the_problem_the_rules_file_section_quotes_is_what_check_prints_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's example: the third area's first glob a negation, on line 42 at column 17."""
    part = section("The rules file")
    padding = "# padding\n" * (42 - NEGATION_RULES.splitlines().index('        paths: ["!doc/**"]') - 1)
    write(tmp_path / "rules" / "ownership.yaml", padding + NEGATION_RULES)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--rules", "rules/ownership.yaml")
    problem = out.splitlines()[0]
    assert code == 1
    assert problem in code_spans(part.prose), f'README.md:{part.line}: "{part.heading}" lacks {problem}'


OPS_RULES = """\
version: 1
comment: {template: comment.md.j2}
teams:
  - id: ops
    name: Ops
    label: {name: team/ops, color: "5319e7", description: Ops}
    areas:
      - id: deploy
        name: Deploy
        label: {name: ops/deploy, color: "0e8a16", description: Deploy}
        keywords: [{term: deploy, weight: 2}]
"""
OPS_CASES = "cases:\n  - name: deploy in the title\n    title: deploy fails\n    labels: [ops/deploy]\n"
FAILING_TEMPLATE = '{{ issue_title }}\n{% if "deploy" in issue_title %}{{ 1 / 0 }}{% endif %}\n'


def test_the_template_failure_the_check_section_quotes_is_what_check_prints_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template that divides by zero on its line 2 for the case's issue alone; the README's
    example puts the rules in /work/ops."""
    part = section("`triage check`")
    write(tmp_path / "ops.yaml", OPS_RULES)
    write(tmp_path / "ops.cases.yaml", OPS_CASES)
    write(tmp_path / "comment.md.j2", FAILING_TEMPLATE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--rules", "ops.yaml")
    (problem,) = [line for line in out.splitlines() if "comment.template" in line]
    problem = problem.replace(str(tmp_path.resolve()), "/work/ops")
    assert code == 1
    assert problem in code_spans(part.prose), f'README.md:{part.line}: "{part.heading}" lacks {problem}'


def _ordinal(number: int) -> str:
    return {1000: "thousandth"}.get(number, f"{number}th")


READING_LIMITS = {
    "fence-lines": f"past its {_ordinal(reading.MAX_FENCE_LINES)} fence line the rest is code",
    "html-comments": f"past a text's {_ordinal(reading.MAX_COMMENTS)} comment",
    "checkbox-sections": f"among the first {reading.MAX_CHECKBOX_FIELDS} sections of checkboxes",
    "path-tokens-considered": f"the first {mentions.MAX_CANDIDATES} distinct tokens",
    "path-tokens-read": f"of those the first {mentions.MAX_TOKENS_READ} that may hold",
    "field-headings": f"Only the first {fields.MAX_HEADINGS} headings are read",
    "field-value-pieces": f"its first {fields.MAX_VALUE_PIECES} pieces",
    "longer-keywords": f"a term looks past at most {keywords.MAX_LONGER} such longer ones",
    "pattern-word-rest": f"at most {patterns.WORD_REST_READ} characters on",
    "quoted-match": f"at most {finder.TEXT_LIMIT} characters: a longer match",
}
"""What the scoring section says of each limit on reading an issue, with the classifier's own figure."""


@pytest.mark.parametrize("phrase", READING_LIMITS.values(), ids=READING_LIMITS.keys())
def test_the_reading_limits_the_scoring_section_names_are_the_classifiers(phrase: str) -> None:
    part = section("How an issue is scored")
    assert in_prose(phrase, part.prose), f"README.md:{part.line}: it should say: {phrase}"
