"""`triage dry-run` through `triage.cli.main`: each input, each format, and each bad input."""

from __future__ import annotations

import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.processes import children_of
from triage.cli import main
from triage.explain import record_json
from triage.issue_input import ISSUE_LINES
from triage.marker import MARKER

RULES = """\
version: 1
fallback_label: {name: needs-triage, color: "ededed", description: "No owner found by triage"}
teams:
  - id: distribution
    name: Distribution
    label: {name: team/distribution, color: "5319e7", description: "Distribution"}
    docs: [{title: Distribution goals, url: "https://example.com/goals"}]
    areas:
      - id: kubernetes
        name: Kubernetes
        label: {name: distribution/kubernetes, color: "0e8a16", description: "Kubernetes"}
        keywords: [{term: kustomize, weight: 2}]
        repos: [sourcegraph/deploy-sourcegraph]
        fields: [{name: Deployment type, values: [kubernetes]}]
        docs: [{title: Cluster installation, url: "https://example.com/cluster"}]
      - id: single-container
        name: Single container
        label: {name: distribution/single-container, color: "d4c5f9", description: "Single container"}
        keywords: [{term: single-container, weight: 2}]
        note: Single-container deployments are for demos only.
"""

KUSTOMIZE = {"number": 1, "url": "https://e.com/1", "title": "kustomize build fails", "body": "help"}
SINGLE = {"number": 2, "url": "https://e.com/2", "title": "single-container restarts", "body": ""}
OTHER = {"number": 3, "url": "https://e.com/3", "title": "Search page flickers", "body": "on Firefox"}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a folder holding `rules.yaml`, so paths in messages are short and exact."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    return tmp_path


def dry_run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["dry-run", "--rules", "rules.yaml", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def use_template(text: str) -> None:
    """`rules.yaml` with its own comment template, `mine.md.j2`, holding `text`."""
    Path("mine.md.j2").write_text(text, encoding="utf-8")
    Path("rules.yaml").write_text(
        RULES.replace("teams:", "comment: {template: mine.md.j2}\nteams:", 1), encoding="utf-8"
    )


def write_jsonl(*issues: dict[str, Any]) -> str:
    Path("issues.jsonl").write_text("".join(json.dumps(i) + "\n" for i in issues), encoding="utf-8")
    return "issues.jsonl"


# --- Formats -----------------------------------------------------------------------------------


def test_text_shows_labels_then_evidence_then_the_comment(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dry_run(capsys, "--title", "kustomize build fails", "--body", "help")
    head, comment = out.split("comment:\n")
    assert code == 0
    assert head.splitlines()[:2] == [
        "kustomize build fails",
        "labels: team/distribution, distribution/kubernetes",
    ]
    assert "    area kubernetes: score 4, applied (threshold 3, suggest 2)" in head.splitlines()
    assert comment.splitlines()[0] == MARKER


def test_text_with_nothing_matched_says_so_and_shows_the_fallback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dry_run(capsys, "--title", "Search page flickers")
    assert (code, out) == (
        0,
        "Search page flickers\nlabels: needs-triage\nno team or area has any evidence\n"
        "comment:\n(none: nothing matched)\n",
    )


def test_text_with_evidence_below_every_threshold_says_so_rather_than_that_nothing_matched(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = dry_run(capsys, "--title", "Build fails", "--body", "kustomize")
    assert code == 0
    assert "  team distribution: score 2, not applied (threshold 3)" in out.splitlines()
    assert out.endswith("comment:\n(none: no team or area reached its threshold)\n")


def test_text_of_an_input_whose_labels_name_an_owner_its_text_does_not_says_why_it_has_no_comment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("in.jsonl").write_text('{"title": "Search page flickers", "labels": ["team/distribution"]}\n')
    code, out, _ = dry_run(capsys, "--input", "in.jsonl")
    assert code == 0
    assert out.endswith("comment:\n(none: the issue's labels name an owner of ours that its text does not)\n")


@pytest.mark.parametrize("output", ["json", "jsonl"])
def test_json_output_holds_issue_text_as_sent_but_no_legacy_workflow_command(
    capsys: pytest.CaptureFixture[str], output: str
) -> None:
    """The runner reads `##[add-mask]x` anywhere in a line of the log; JSON can write the `[` as an escape."""
    title = "kustomize ##[add-mask]x ###[error]y"
    code, out, _ = dry_run(capsys, "--title", title, "--format", output)
    assert code == 0
    assert "##[" not in out
    assert json.loads(out)["title"] == title


def test_json_is_one_object_with_the_comment(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dry_run(capsys, "--title", "single-container restarts", "--format", "json")
    result = json.loads(out)
    assert code == 0
    assert result["labels"] == ["team/distribution", "distribution/single-container"]
    assert result["comment"].splitlines()[3:5] == [
        "> [!IMPORTANT]",
        "> Single-container deployments are for demos only.",
    ]


def test_jsonl_is_one_line_per_issue_in_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dry_run(capsys, "--input", write_jsonl(SINGLE, OTHER, KUSTOMIZE), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["number"], r["url"], r["teams"], r["areas"]) for r in rows] == [
        (2, "https://e.com/2", ["distribution"], ["single-container"]),
        (3, "https://e.com/3", [], []),
        (1, "https://e.com/1", ["distribution"], ["kubernetes"]),
    ]


def test_jsonl_evidence_says_kind_term_and_place(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = dry_run(capsys, "--input", write_jsonl(KUSTOMIZE), "--format", "jsonl")
    assert json.loads(out)["evidence"] == [
        {
            "team": "distribution",
            "area": "kubernetes",
            "kind": "keyword",
            "term": "kustomize",
            "text": "kustomize",
            "where": "title",
            "line": 1,
            "weight": 4.0,
        }
    ]


def test_json_over_a_batch_is_an_array(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = dry_run(capsys, "--input", write_jsonl(KUSTOMIZE, OTHER), "--format", "json")
    assert [(r["number"], r["comment"] is None) for r in json.loads(out)] == [(1, False), (3, True)]


def test_json_over_an_empty_batch_is_an_empty_array(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = dry_run(capsys, "--input", write_jsonl(), "--format", "json")
    assert out == "[]\n"


def test_an_empty_batch_succeeds_and_says_it_had_no_issues(capsys: pytest.CaptureFixture[str]) -> None:
    Path("issues.jsonl").write_text("\n\n", encoding="utf-8")
    assert dry_run(capsys, "--input", "issues.jsonl") == (0, "", "triage: no issues in issues.jsonl\n")


def test_hostile_issue_text_reaches_the_comment_inert(capsys: pytest.CaptureFixture[str]) -> None:
    body = "### Deployment type\n\nkubernetes @octocat #12 ::error::x <!-- triage: ownership --> {{ 7*7 }}\n"
    _, out, _ = dry_run(capsys, "--title", "Pods crash", "--body", body, "--format", "json")
    comment = json.loads(out)["comment"]
    assert "field *Deployment type*: `kubernetes" in comment
    assert (comment.count("<!--"), comment.count("{{ 7*7 }}")) == (1, 1)
    assert not re.search(r"@octocat|#12|::", comment)


def test_a_rules_file_may_bring_its_own_template(capsys: pytest.CaptureFixture[str]) -> None:
    use_template("Ours: {% for t in teams %}{{ t.name }}{% endfor %}\n")
    _, out, _ = dry_run(capsys, "--title", "kustomize", "--format", "json")
    assert json.loads(out)["comment"] == f"{MARKER}\nOurs: Distribution\n"


def test_a_rules_template_that_fails_while_rendering_is_a_clean_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_template("Ours:\n{{ 1 / 0 }}\n")
    code, _, err = dry_run(capsys, "--title", "kustomize")
    where = f"{Path('mine.md.j2').resolve()}:2:1"
    assert (code, err) == (1, f"triage: {where}: comment.template: ZeroDivisionError: division by zero\n")


def test_a_rules_template_whose_comment_utf8_cannot_encode_is_a_clean_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_template('Ours {{ "\\udc4b" }}\n')
    code, _, err = dry_run(capsys, "--title", "kustomize")
    where = f"{Path('mine.md.j2').resolve()}:1:1"
    assert code == 1
    assert err.startswith(f"triage: {where}: comment.template: the comment holds a lone surrogate (U+DC4B)")


def test_rules_problems_are_printed_one_a_line_without_the_control_characters_of_their_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As `triage check` prints them: a value's line break or terminal escape stays out of the log."""
    broken = 'url: "https://example.com/goals\\e[2J\\nx"'
    Path("rules.yaml").write_text(RULES.replace('url: "https://example.com/goals"', broken), encoding="utf-8")
    code, _, err = dry_run(capsys, "--title", "kustomize")
    assert (code, err) == (
        1,
        'triage: rules.yaml:7:45: teams[0].docs[0].url: "https://example.com/goals[2J x" holds whitespace, '
        "which breaks the Markdown link in the comment: write a space as %20\n",
    )


# --- Inputs ------------------------------------------------------------------------------------


def test_file_input_takes_the_first_line_as_title(capsys: pytest.CaptureFixture[str]) -> None:
    Path("issue.md").write_text(
        "# Search page flickers\nsee sourcegraph/deploy-sourcegraph\n", encoding="utf-8"
    )
    _, out, _ = dry_run(capsys, "--file", "issue.md", "--format", "jsonl")
    assert (json.loads(out)["title"], json.loads(out)["scores"]) == (
        "Search page flickers",
        {"kubernetes": 2.0},
    )


def test_input_dash_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((json.dumps(KUSTOMIZE) + "\n").encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    _, out, _ = dry_run(capsys, "--input", "-", "--format", "jsonl")
    assert json.loads(out)["labels"] == ["team/distribution", "distribution/kubernetes"]


def test_file_dash_reads_the_markdown_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"# kustomize build fails\nhelp\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    _, out, _ = dry_run(capsys, "--file", "-", "--format", "jsonl")
    assert (json.loads(out)["title"], json.loads(out)["areas"]) == ("kustomize build fails", ["kubernetes"])


def test_event_dash_reads_the_payload_from_stdin_and_names_it_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = {"action": "opened", "issue": {**KUSTOMIZE, "pull_request": {}}}
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(payload).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert dry_run(capsys, "--event", "-") == (0, "", "triage: skipped: stdin: #1 is a pull request\n")


def test_event_input_reads_the_issue_from_the_payload(capsys: pytest.CaptureFixture[str]) -> None:
    payload = {"action": "opened", "issue": {**KUSTOMIZE, "number": 9, "html_url": "https://e.com/9"}}
    Path("event.json").write_text(json.dumps(payload), encoding="utf-8")
    _, out, _ = dry_run(capsys, "--event", "event.json", "--format", "jsonl")
    assert (json.loads(out)["number"], json.loads(out)["url"]) == (9, "https://e.com/9")


def test_event_input_may_start_with_a_byte_order_mark(capsys: pytest.CaptureFixture[str]) -> None:
    payload = {"action": "opened", "issue": {**KUSTOMIZE, "number": 9}}
    Path("event.json").write_text("\ufeff" + json.dumps(payload), encoding="utf-8")
    code, out, _ = dry_run(capsys, "--event", "event.json", "--format", "jsonl")
    assert (code, json.loads(out)["number"]) == (0, 9)


def test_event_about_a_pull_request_is_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    payload = {"action": "opened", "issue": {**KUSTOMIZE, "number": 7, "pull_request": {}}}
    Path("event.json").write_text(json.dumps(payload), encoding="utf-8")
    assert dry_run(capsys, "--event", "event.json") == (
        0,
        "",
        "triage: skipped: event.json: #7 is a pull request\n",
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"action": "labeled"},
            "`issues` action `labeled` is not one triage handles (opened, edited, reopened): "
            "leave it out of `on.issues.types` in the workflow, and no job starts for it",
        ),
        ({"action": "edited", "state": "closed"}, "#7 is closed: its labels are settled"),
    ],
    ids=["labeled", "closed edit"],
)
def test_an_event_triage_run_skips_is_skipped_by_the_dry_run_too(
    capsys: pytest.CaptureFixture[str], change: dict[str, str], reason: str
) -> None:
    """dry-run shows what `triage run` would do: for these, nothing."""
    issue = {**KUSTOMIZE, "number": 7, **({"state": change["state"]} if "state" in change else {})}
    Path("event.json").write_text(json.dumps({"action": change["action"], "issue": issue}), encoding="utf-8")
    code, out, err = dry_run(capsys, "--event", "event.json")
    assert (code, out) == (0, "")
    assert err.startswith(f"triage: skipped: event.json: {reason}")


def _edited_by(sender: str) -> None:
    payload = {"action": "edited", "issue": {**KUSTOMIZE, "number": 7}, "sender": {"login": sender}}
    Path("event.json").write_text(json.dumps(payload), encoding="utf-8")


def test_an_event_the_default_bot_caused_is_skipped_as_triage_run_skips_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRIAGE_BOT_LOGIN", raising=False)
    _edited_by("github-actions[bot]")
    assert dry_run(capsys, "--event", "event.json") == (
        0,
        "",
        "triage: skipped: event.json: the event was caused by github-actions[bot] itself\n",
    )


def test_bot_login_names_the_login_whose_events_are_skipped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIAGE_BOT_LOGIN", "someone-else[bot]")
    _edited_by("triage-app[bot]")
    code, out, err = dry_run(capsys, "--event", "event.json", "--bot-login", "Triage-App[bot]")
    assert (code, out, err) == (
        0,
        "",
        "triage: skipped: event.json: the event was caused by Triage-App[bot] itself\n",
    )


def test_an_event_a_person_caused_is_triaged_whatever_the_bot_login(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIAGE_BOT_LOGIN", "triage-app[bot]")
    _edited_by("octocat")
    code, out, _ = dry_run(capsys, "--event", "event.json", "--format", "jsonl")
    assert (code, json.loads(out)["areas"]) == (0, ["kubernetes"])


@pytest.mark.parametrize(("fmt", "shown"), [("json", "null\n"), ("jsonl", ""), ("text", "")])
def test_event_about_a_pull_request_shows_null_as_json_and_nothing_as_lines_or_text(
    capsys: pytest.CaptureFixture[str], fmt: str, shown: str
) -> None:
    payload = {"action": "opened", "pull_request": {**KUSTOMIZE}}
    Path("event.json").write_text(json.dumps(payload), encoding="utf-8")
    assert dry_run(capsys, "--event", "event.json", "--format", fmt)[:2] == (0, shown)


def test_event_of_a_workflow_dispatch_is_refused_as_no_issues_event_payload(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("dispatch.json").write_text(json.dumps({"inputs": {}, "ref": "refs/heads/main"}), encoding="utf-8")
    assert dry_run(capsys, "--event", "dispatch.json") == (
        1,
        "",
        "triage: dispatch.json: not an `issues` event payload: it has no `issue` object\n",
    )


# --- A batch over several processes (`--jobs`) --------------------------------------------------

BATCH = [
    {**[KUSTOMIZE, SINGLE, OTHER][n % 3], "number": n, "url": f"https://e.com/{n}"} for n in range(1, 12)
]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 2 lines, so that a few issues go to several worker processes."""
    monkeypatch.setattr("triage.commands.dry_run.CHUNK_LINES", 2)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_a_batch_over_several_processes_prints_what_one_process_prints(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = write_jsonl(*BATCH)
    one = dry_run(capsys, "--input", path, "--format", fmt, "--jobs", "1")
    several = dry_run(capsys, "--input", path, "--format", fmt, "--jobs", "3")
    assert one[0] == 0
    assert several == one


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_lines_not_ascii_are_written_in_input_order_among_the_ascii_ones(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setattr("triage.commands.dry_run.CHUNK_LINES", 5)
    monkeypatch.setattr("triage.commands.dry_run.WRITE_GROUP", 3)
    titles = ["kustomize", "kustomize é", "Déploiement", "a", "b", "✓", "c", "😀", "d", "e", "é", *"fghi"]
    Path("issues.jsonl").write_text(
        "".join(json.dumps({"title": title}, ensure_ascii=False) + "\n" for title in titles), encoding="utf-8"
    )
    code, out, _ = dry_run(capsys, "--input", "issues.jsonl", "--format", "jsonl", "--jobs", jobs)
    *lines, last = out.split("\n")
    assert (code, [json.loads(line)["title"] for line in lines], last) == (0, titles, "")


@pytest.mark.usefixtures("small_chunks")
def test_a_bad_line_stops_a_batch_over_several_processes_after_every_issue_before_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = [json.dumps(issue) for issue in BATCH[:7]]
    lines[5] = "{oops"
    Path("issues.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = dry_run(capsys, "--input", "issues.jsonl", "--format", "jsonl", "--jobs", "2")
    assert (code, [json.loads(line)["number"] for line in out.splitlines()]) == (1, [1, 2, 3, 4, 5])
    assert err == (
        "triage: issues.jsonl:6: invalid JSON: Expecting property name enclosed in double quotes (column 2)\n"
    )


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_line_ends_the_json_array_of_every_issue_before_it(
    capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    lines = [json.dumps(issue) for issue in BATCH[:7]]
    lines[5] = "{oops"
    Path("issues.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = dry_run(capsys, "--input", "issues.jsonl", "--format", "json", "--jobs", jobs)
    assert (code, [issue["number"] for issue in json.loads(out)]) == (1, [1, 2, 3, 4, 5])
    assert err.startswith("triage: issues.jsonl:6: invalid JSON:")


def test_a_bad_first_line_leaves_an_empty_json_array(capsys: pytest.CaptureFixture[str]) -> None:
    Path("issues.jsonl").write_text("{oops\n", encoding="utf-8")
    code, out, _ = dry_run(capsys, "--input", "issues.jsonl", "--format", "json")
    assert (code, out) == (1, "[]\n")


@pytest.mark.usefixtures("small_chunks")
def test_blank_lines_count_in_line_numbers_across_chunks(capsys: pytest.CaptureFixture[str]) -> None:
    text = f"{json.dumps(KUSTOMIZE)}\n\n\n{json.dumps(OTHER)}\n\n1\n"
    Path("issues.jsonl").write_text(text, encoding="utf-8")
    code, out, err = dry_run(capsys, "--input", "issues.jsonl", "--format", "jsonl", "--jobs", "2")
    assert (code, len(out.splitlines()), err) == (
        1,
        2,
        f"triage: issues.jsonl:6: expected a JSON object, got a number: {ISSUE_LINES}\n",
    )


@pytest.mark.usefixtures("small_chunks")
def test_a_comment_template_failing_in_a_worker_is_the_same_clean_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_template("{% if issue_number == 4 %}{{ 1 / 0 }}{% endif %}Ours\n")
    path = write_jsonl(*BATCH)
    one = dry_run(capsys, "--input", path, "--jobs", "1")
    several = dry_run(capsys, "--input", path, "--jobs", "2")
    assert one[0] == 1
    assert "ZeroDivisionError: division by zero" in one[2]
    assert several == one


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_comment_template_failing_on_one_issue_of_a_batch_names_its_input_line(
    capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """The template's line says what failed; the input's line, which issue to try alone."""
    use_template("{% if issue_number == 4 %}{{ 1 / 0 }}{% endif %}Ours\n")
    Path("issues.jsonl").write_text(
        "\n".join(json.dumps(issue) for issue in BATCH[:3]) + "\n\n" + json.dumps(BATCH[3]) + "\n",
        encoding="utf-8",
    )
    code, _, err = dry_run(capsys, "--input", "issues.jsonl", "--jobs", jobs)
    assert code == 1
    assert err.endswith(": ZeroDivisionError: division by zero (rendering the comment for issues.jsonl:5)\n")


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_too_long_stops_the_batch_at_it_after_every_issue_before_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setattr("triage.issue_input.MAX_LINE_BYTES", 200)
    lines = [json.dumps(issue) for issue in BATCH[:6]]
    lines[4] = json.dumps({**KUSTOMIZE, "body": "x" * 300})
    Path("issues.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = dry_run(capsys, "--input", "issues.jsonl", "--format", "jsonl", "--jobs", jobs)
    assert (code, [json.loads(line)["number"] for line in out.splitlines()]) == (1, [1, 2, 3, 4])
    assert err == "triage: issues.jsonl:5: a line larger than 200 bytes\n"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads a process's children in /proc")
@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_ctrl_c_stops_a_batch_over_several_processes_and_ends_its_workers(in_tmp: Path) -> None:
    """Ctrl-C in a terminal signals the whole process group, workers included. The batch waits on
    stdin (held open) once its workers run, then gets SIGINT; all of it ends."""
    triage = [sys.executable, "-m", "triage", "dry-run", "--rules", "rules.yaml"]
    with subprocess.Popen(
        [*triage, "--input", "-", "--jobs", "2"],
        cwd=in_tmp,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as batch:
        assert batch.stdin is not None
        assert batch.stderr is not None
        batch.stdin.write((json.dumps(KUSTOMIZE) + "\n").encode() * 600)
        batch.stdin.flush()
        deadline = time.monotonic() + 30
        while len(workers := children_of(batch.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(workers) == 2
        os.killpg(batch.pid, signal.SIGINT)
        assert batch.wait(timeout=30) == 130
        assert batch.stderr.read().decode() == "triage: interrupted\n"
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []


@pytest.mark.usefixtures("small_chunks")
def test_a_bug_in_a_worker_is_an_internal_error_after_every_issue_before_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug is simulated by making the fourth issue's record fail."""

    def fails_on_the_fourth(classification: Any, deferred: str | None) -> str:
        if classification.issue.number == 4:
            raise KeyError("a bug")
        return record_json(classification, deferred)

    monkeypatch.setattr("triage.commands.dry_run.record_json", fails_on_the_fourth)
    path = write_jsonl(*BATCH)
    one = dry_run(capsys, "--input", path, "--format", "jsonl", "--jobs", "1")
    several = dry_run(capsys, "--input", path, "--format", "jsonl", "--jobs", "2")
    assert (one[0], one[1]) == (several[0], several[1]) == (3, one[1])
    assert [json.loads(line)["number"] for line in several[1].splitlines()] == [1, 2, 3]
    assert "KeyError: 'a bug'" in several[2]


def test_a_batch_from_a_pipe_is_one_process_by_default(in_tmp: Path) -> None:
    """It streams: each issue is printed as its line arrives, while the pipe is still open (and
    stdout, a pipe too, buffered as Python buffers it unless told otherwise)."""
    triage = [sys.executable, "-m", "triage", "dry-run", "--rules", "rules.yaml", "--format", "jsonl"]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    with subprocess.Popen(
        [*triage, "--input", "-"], cwd=in_tmp, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=buffered
    ) as batch:
        assert batch.stdin is not None
        assert batch.stdout is not None
        batch.stdin.write((json.dumps(KUSTOMIZE) + "\n").encode())
        batch.stdin.flush()
        printed, _, _ = select.select([batch.stdout], [], [], 30)
        assert printed, "nothing printed while the pipe stayed open"
        first = batch.stdout.readline()
        batch.stdin.close()
        assert json.loads(first)["number"] == 1
        assert batch.wait(timeout=30) == 0


def test_jobs_without_input_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert dry_run(capsys, "--title", "t", "--jobs", "2") == (2, "", "triage: --jobs goes with --input\n")


def test_bot_login_without_event_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert dry_run(capsys, "--title", "t", "--bot-login", "x") == (
        2,
        "",
        "triage: --bot-login goes with --event\n",
    )


def test_body_without_title_is_a_usage_error_as_title_with_file_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert dry_run(capsys, "--body", "b", "--file", "x.md") == (2, "", "triage: --body goes with --title\n")


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = dry_run(capsys, "--input", write_jsonl(KUSTOMIZE), "--jobs", "0")
    assert (code, err.splitlines()[-1]) == (
        2,
        "triage dry-run: error: argument --jobs: expected a positive whole number, got '0'",
    )


# --- An issue a person already gave to another owner (`defer_to`) -------------------------------


def deferring_rules() -> str:
    Path("deferring.yaml").write_text(RULES + 'defer_to: ["team/*"]\n', encoding="utf-8")
    return "deferring.yaml"


def test_an_event_labelled_for_another_owner_is_shown_left_alone_without_a_comment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    payload = {"action": "opened", "issue": {**KUSTOMIZE, "labels": [{"name": "team/search"}]}}
    Path("event.json").write_text(json.dumps(payload), encoding="utf-8")
    _, out, _ = dry_run(capsys, "--rules", deferring_rules(), "--event", "event.json")
    assert out.splitlines()[1] == (
        "left alone as another owner's: labelled team/search (rules: defer_to), so `triage run` writes "
        "nothing; what the rules give its title and body:"
    )
    assert out.endswith("comment:\n(none: left alone)\n")


def test_jsonl_names_the_other_owner_beside_the_labels_the_text_alone_gets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issues = write_jsonl(
        {**KUSTOMIZE, "labels": ["team/search"]}, {**SINGLE, "labels": ["team/distribution"]}
    )
    _, out, _ = dry_run(capsys, "--rules", deferring_rules(), "--input", issues, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["deferred_to"], r["labels"][0]) for r in records] == [
        ("team/search", "team/distribution"),
        (None, "team/distribution"),
    ]


def test_json_names_the_label_that_leaves_the_issue_alone_and_has_no_comment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issues = write_jsonl({**KUSTOMIZE, "labels": ["Team/Search"]})
    _, out, _ = dry_run(capsys, "--rules", deferring_rules(), "--input", issues, "--format", "json")
    assert (json.loads(out)[0]["deferred_to"], json.loads(out)[0]["comment"]) == ("Team/Search", None)


# --- An issue a person already gave an owner of ours: no fallback, as `triage run` -----------


@pytest.mark.parametrize("owner", ["team/distribution", "Distribution/Kubernetes"])
def test_an_input_issue_carrying_one_of_our_owner_labels_gets_no_fallback(
    capsys: pytest.CaptureFixture[str], owner: str
) -> None:
    issues = write_jsonl({**OTHER, "labels": [owner]}, OTHER)
    _, out, _ = dry_run(capsys, "--input", issues, "--format", "jsonl")
    assert [json.loads(line)["labels"] for line in out.splitlines()] == [[], ["needs-triage"]]


def test_an_input_issue_carrying_only_other_labels_still_gets_the_fallback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    issues = write_jsonl({**OTHER, "labels": ["bug", "needs-triage"]})
    _, out, _ = dry_run(capsys, "--input", issues, "--format", "jsonl")
    assert json.loads(out)["labels"] == ["needs-triage"]


def test_an_input_issue_carrying_our_owner_label_under_a_former_name_gets_no_fallback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    team_label = 'label: {name: team/distribution, color: "5319e7", description: "Distribution"'
    renamed = RULES.replace(team_label + "}", team_label + ", previous_names: [team/dist]}")
    Path("renamed.yaml").write_text(renamed, encoding="utf-8")
    issues = write_jsonl({**OTHER, "labels": ["Team/Dist"]})
    _, out, _ = dry_run(capsys, "--rules", "renamed.yaml", "--input", issues, "--format", "jsonl")
    assert json.loads(out)["labels"] == []


def test_an_event_issue_given_our_owner_by_an_issue_form_gets_no_comment_saying_no_owner_was_found(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With `on_no_match: short` an issue no team matched gets a comment naming the fallback label;
    one that carries our owner's label gets neither, as `triage run` posts none there: "could not
    tell which team owns this" would contradict that label."""
    Path("short.yaml").write_text(RULES + "comment: {on_no_match: short}\n", encoding="utf-8")
    labelled = {"action": "opened", "issue": {**OTHER, "labels": [{"name": "team/distribution"}]}}
    unlabelled = {"action": "opened", "issue": {**OTHER, "labels": []}}
    shown = []
    for name, payload in (("labelled.json", labelled), ("unlabelled.json", unlabelled)):
        Path(name).write_text(json.dumps(payload), encoding="utf-8")
        _, out, _ = dry_run(capsys, "--rules", "short.yaml", "--event", name, "--format", "json")
        shown.append(json.loads(out))
    assert [(s["labels"], s["comment"] is not None and "needs-triage" in s["comment"]) for s in shown] == [
        ([], False),
        (["needs-triage"], True),
    ]
    assert shown[0]["comment"] is None


def test_a_lone_surrogate_in_the_input_is_shown_as_a_replacement_character(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("issues.jsonl").write_text('{"title": "kustomize \\ud800 fails"}\n', encoding="utf-8")
    code, out, _ = dry_run(capsys, "--input", "issues.jsonl", "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["title"] == "kustomize \ufffd fails"
    assert out.encode("utf-8")


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--file", "nope.md"], "nope.md: cannot read: No such file or directory"),
        (["--input", "nope.jsonl"], "nope.jsonl: cannot read: No such file or directory"),
        (["--event", "nope.json"], "nope.json: cannot read: No such file or directory"),
    ],
    ids=["file", "input", "event"],
)
def test_unreadable_input_is_a_clean_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert dry_run(capsys, *argv) == (1, "", f"triage: {message}\n")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--file", "empty.txt: empty: the first line must be the issue title"),
        ("--event", "empty.txt: empty: expected an `issues` webhook payload (JSON)"),
    ],
    ids=["file", "event"],
)
def test_an_empty_file_or_event_is_said_to_be_empty(
    capsys: pytest.CaptureFixture[str], option: str, message: str
) -> None:
    Path("empty.txt").write_text("\ufeff\n", encoding="utf-8")
    assert dry_run(capsys, option, "empty.txt") == (1, "", f"triage: {message}\n")


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (
            "{oops",
            "issues.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
        ('{"body": "x"}', "issues.jsonl:2: title: missing"),
        (
            "[1, 2]",
            "issues.jsonl:2: expected a JSON object, got an array: the input must be JSON Lines, one issue "
            "object a line: `jq -c '.[]' FILE` turns a JSON array into that",
        ),
    ],
    ids=["invalid json", "no title", "not an object"],
)
def test_a_bad_batch_line_stops_with_its_line_number(
    capsys: pytest.CaptureFixture[str], bad_line: str, message: str
) -> None:
    Path("issues.jsonl").write_text(f"{json.dumps(KUSTOMIZE)}\n{bad_line}\n", encoding="utf-8")
    code, out, err = dry_run(capsys, "--input", "issues.jsonl", "--format", "jsonl")
    assert (code, len(out.splitlines()), err) == (1, 1, f"triage: {message}\n")


def test_input_dash_with_stdin_closed_is_a_clean_error(in_tmp: Path) -> None:
    closed_stdin = 'exec "$0" -m triage dry-run --rules rules.yaml --input - <&-'
    finished = subprocess.run(
        ["sh", "-c", closed_stdin, sys.executable], cwd=in_tmp, capture_output=True, text=True, check=False
    )
    assert (finished.returncode, finished.stderr) == (1, "triage: stdin: not open\n")


def test_exactly_one_input_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = dry_run(capsys, "--title", "t", "--file", "x.md")
    assert (code, err.splitlines()[-1]) == (
        2,
        "triage dry-run: error: argument --file: not allowed with argument --title",
    )


def test_never_imports_pygithub_and_imports_jinja2_only_to_render(in_tmp: Path) -> None:
    probe = (
        "import sys; from triage.cli import main; "
        "main(['dry-run', '--rules', 'rules.yaml', '--title', 'kustomize', '--format', sys.argv[1]]); "
        "print('github' in sys.modules, 'jinja2' in sys.modules, file=sys.stderr)"
    )
    seen = {
        fmt: subprocess.run(
            [sys.executable, "-c", probe, fmt], cwd=in_tmp, capture_output=True, text=True, check=True
        ).stderr.strip()
        for fmt in ("jsonl", "text")
    }
    assert seen == {"jsonl": "False False", "text": "False True"}


@pytest.mark.parametrize("title", ["::error::pwned", "::add-mask::secret", "kustomize ::warning::x"])
def test_no_line_of_text_output_is_a_workflow_command(capsys: pytest.CaptureFixture[str], title: str) -> None:
    code, out, _ = dry_run(capsys, "--title", title, "--body", "kustomize ::stop-commands::t")
    assert code == 0
    assert [line for line in out.splitlines() if "::" in line] == []
