"""`triage eval` through `main(argv)`: corpus in, scores, mistakes, coverage and predictions out."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, cast

import pytest

from tests.fakegithub import REPO, TOKEN, FakeGitHub
from triage.cli import main

PROJECT = Path(__file__).resolve().parent.parent
SCORE_PY = PROJECT.parent / "shared" / "eval" / "score.py"

RULES = """\
version: 1
teams:
  - id: dist
    name: Dist
    label: {name: team/dist, color: "5319e7", description: Dist}
    areas:
      - id: kubernetes
        name: Kubernetes
        label: {name: dist/kubernetes, color: "0e8a16", description: Kubernetes}
        keywords: [{term: kubectl, weight: 2}]
      - id: monitoring
        name: Monitoring
        label: {name: dist/monitoring, color: "b60205", description: Monitoring}
        keywords: [{term: grafana, weight: 2}, prometheus]
"""

ISSUES = [
    {"number": 1, "title": "kubectl apply fails", "body": "", "labels": ["team/dist", "deploy"]},
    {"number": 2, "title": "grafana panel empty", "body": "", "labels": ["team/search"]},
    {"number": 3, "title": "Search is slow", "body": "", "labels": ["team/dist"]},
    {"number": 4, "title": "Sign-in broken", "body": "", "labels": ["team/search"]},
    {"number": 5, "title": "kubectl in CI", "body": "", "labels": ["team/successor"]},
]


def _write(tmp_path: Path, issues: list[dict[str, object]], rules: str = RULES) -> tuple[str, str]:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(i) + "\n" for i in issues), encoding="utf-8")
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(rules, encoding="utf-8")
    return str(corpus), str(rules_file)


def _eval_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """The JSON report of one `triage eval` run (a parsed JSON document: untyped)."""
    assert main(["eval", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_counts_each_issue_once_against_the_human_team_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:4])
    (label,) = _eval_json(capsys, corpus, "--rules", rules)["labels"]
    assert label["counts"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1, "ignored": 0}
    assert (label["precision"], label["recall"]) == (0.5, 0.5)


def test_truth_options_map_area_labels_and_ignore_successor_teams(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES)
    argv = [corpus, "--rules", rules, "--positive", "team/dist=team/dist*", "--ignore", "team/successor"]
    (label,) = _eval_json(capsys, *argv, "--area", "kubernetes=deploy")["labels"]
    assert label["counts"]["ignored"] == 1
    assert label["areas"]["per_area"] == {"kubernetes": {"hit": 1, "total": 1}}


def test_text_output_counts_one_issue_not_scored_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES)
    assert main(["eval", corpus, "--rules", rules, "--ignore", "team/successor"]) == 0
    assert "areas per true positive; 1 issue not scored\n" in capsys.readouterr().out


def test_text_output_says_there_is_no_true_area_to_find_when_the_truth_names_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES)
    assert main(["eval", corpus, "--rules", rules]) == 0
    assert (
        "team/dist: true area among predicted none to find (no true positive has an area the truth names: "
        "--area AREA=LABEL, or a truth profile's `areas`, names the labels that give an area); "
        in capsys.readouterr().out
    )


def test_text_output_of_a_team_of_no_areas_has_no_true_area_to_find(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = RULES + (
        "  - id: search\n    name: Search\n"
        '    label: {name: team/search, color: "1d76db", description: Search}\n    keywords: [slow]\n'
    )
    corpus, rules_path = _write(tmp_path, ISSUES, rules)
    assert main(["eval", corpus, "--rules", rules_path]) == 0
    out = capsys.readouterr().out
    assert "team/search: no areas (a team of no areas has no true area to find); 0 issues not scored\n" in out
    assert "team/dist: true area among predicted " in out


def test_text_output_counts_a_corpus_of_one_issue_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    assert main(["eval", corpus, "--rules", rules]) == 0
    assert capsys.readouterr().out.startswith("1 issue\n")


def test_a_corpus_spelling_the_team_label_in_another_case_is_told_the_spelling_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitHub holds one label for `Team/Dist` and `team/dist`; the patterns, as score.py's, match
    case and all, so every issue of the team would read as a negative, recall as 0."""
    issues = [{**ISSUES[0], "labels": ["Team/Dist"]}, ISSUES[1]]
    corpus, rules = _write(tmp_path, issues)
    (label,) = _eval_json(capsys, corpus, "--rules", rules)["labels"]
    assert label["negatives_in_another_case"] == 1
    assert main(["eval", corpus, "--rules", rules]) == 0
    assert (
        "team/dist: 1 issue scored as negatives carry 'Team/Dist', its label in another case: positive "
        "patterns match case and all, as score.py does; to count them, add that spelling to its patterns "
        "(--positive 'team/dist=team/dist,Team/Dist')\n"
    ) in capsys.readouterr().out


def test_ignore_takes_one_label_each_time_so_the_corpus_may_follow_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES)
    argv = ["--rules", rules, "--ignore", "team/successor", "--ignore", "team/search", corpus]
    (label,) = _eval_json(capsys, *argv)["labels"]
    assert label["counts"]["ignored"] == 3


def test_text_output_lists_each_mistake_with_its_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:4])
    assert main(["eval", corpus, "--rules", rules]) == 0
    out = capsys.readouterr().out
    assert "FP #2  grafana panel empty\n    keyword `grafana` in the title, line 1 (+4) -> monitoring" in out
    assert "FN #3  Search is slow\n    no evidence at all" in out


def test_coverage_names_the_terms_that_never_fired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:4])
    coverage = _eval_json(capsys, corpus, "--rules", rules, "--coverage")["coverage"]
    assert [t["text"] for t in coverage["never_fired"]] == ["prometheus"]
    assert coverage["false_positive_areas"] == [["dist/monitoring", 1]]


def test_predictions_file_has_one_line_per_issue_in_input_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    out = tmp_path / "predictions.jsonl"
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {"url": None, "number": 1, "labels": ["team/dist", "dist/kubernetes"], "areas": ["kubernetes"]},
        {"url": None, "number": 2, "labels": ["team/dist", "dist/monitoring"], "areas": ["monitoring"]},
    ]


@pytest.mark.parametrize("named", ["corpus", "rules file"])
def test_predictions_naming_a_file_the_run_reads_are_refused_and_the_file_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], named: str
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    target = corpus if named == "corpus" else rules
    before = Path(target).read_bytes()
    assert main(["eval", corpus, "--rules", rules, "--predictions", target]) == 1
    assert capsys.readouterr().err == (
        f"triage: {target}: --predictions names the {named} this run reads: write them to another file\n"
    )
    assert Path(target).read_bytes() == before


def test_predictions_naming_the_file_stdin_reads_the_corpus_from_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    with Path(corpus).open(encoding="utf-8") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        assert main(["eval", "-", "--rules", rules, "--predictions", corpus]) == 1
    assert "--predictions names the corpus this run reads" in capsys.readouterr().err


def test_predictions_that_cannot_be_written_are_refused_before_the_corpus_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    Path(corpus).write_text("{oops\n", encoding="utf-8")
    out = tmp_path / "no-such-folder" / "predictions.jsonl"
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(out)]) == 1
    assert capsys.readouterr().err == f"triage: {out}: cannot write predictions: No such file or directory\n"


def test_predictions_naming_a_folder_are_refused_before_the_corpus_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    Path(corpus).write_text("{oops\n", encoding="utf-8")
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"triage: {tmp_path}: cannot write predictions: it is a folder\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus.jsonl", "rules.yaml"]


def test_a_read_only_predictions_file_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Replacing it would take no more than the folder's permission, and undo the file's own."""
    corpus, rules = _write(tmp_path, ISSUES[:1])
    out = tmp_path / "predictions.jsonl"
    out.write_text("kept predictions\n", encoding="utf-8")
    out.chmod(0o444)
    if os.access(out, os.W_OK):
        pytest.skip("this user writes to read-only files (root)")
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(out)]) == 1
    assert capsys.readouterr().err == f"triage: {out}: cannot write predictions: permission denied\n"
    assert out.read_text(encoding="utf-8") == "kept predictions\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_predictions_to_a_full_device_fail_the_run_without_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    assert main(["eval", corpus, "--rules", rules, "--predictions", "/dev/full"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "triage: /dev/full: cannot write predictions: No space left on device\n"
    assert captured.out == ""


def test_a_run_that_fails_leaves_the_predictions_file_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    Path(corpus).write_text('{"title": "ok", "labels": []}\n{oops\n', encoding="utf-8")
    out = tmp_path / "predictions.jsonl"
    out.write_text("earlier predictions\n", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "earlier predictions\n"
    assert sorted(tmp_path.iterdir()) == before


def test_predictions_to_a_pipe_are_written_into_it_not_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    pipe = tmp_path / "predictions.fifo"
    os.mkfifo(pipe)
    read: list[str] = []
    reader = threading.Thread(target=lambda: read.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(pipe)]) == 0
    reader.join(timeout=10)
    assert [json.loads(line)["number"] for line in read[0].splitlines()] == [1, 2]
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_predictions_to_dev_stdout_go_through_stdout_before_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    assert main(["eval", corpus, "--rules", rules, "--predictions", "/dev/stdout"]) == 0
    first, second, report = capsys.readouterr().out.split("\n", 2)
    assert [json.loads(first)["number"], json.loads(second)["number"]] == [1, 2]
    assert report.startswith("2 issues")


def test_predictions_to_a_dash_go_to_stdout_before_the_report_not_to_a_file_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:2])
    monkeypatch.chdir(tmp_path)
    assert main(["eval", corpus, "--rules", rules, "--predictions", "-"]) == 0
    first, second, report = capsys.readouterr().out.split("\n", 2)
    assert [json.loads(first)["number"], json.loads(second)["number"]] == [1, 2]
    assert report.startswith("2 issues")
    assert not (tmp_path / "-").exists()


def test_predictions_printed_to_a_log_hold_no_legacy_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://example.com/##[add-mask]x"
    corpus, rules = _write(tmp_path, [{**ISSUES[0], "url": url}])
    assert main(["eval", corpus, "--rules", rules, "--predictions", "/dev/stdout"]) == 0
    first = capsys.readouterr().out.split("\n", 1)[0]
    assert "##[" not in first
    assert json.loads(first)["url"] == url


def test_a_new_predictions_file_gets_the_permissions_of_any_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    out = tmp_path / "predictions.jsonl"
    assert main(["eval", corpus, "--rules", rules, "--predictions", str(out)]) == 0
    (tmp_path / "plain").touch()
    assert out.stat().st_mode == (tmp_path / "plain").stat().st_mode


def test_a_corpus_line_that_is_not_json_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    Path(corpus).write_text('{"title": "ok", "labels": []}\n{oops\n', encoding="utf-8")
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        f"triage: {corpus}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)\n"
    )


def test_a_corpus_from_stdin_is_named_stdin_in_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, rules = _write(tmp_path, ISSUES[:1])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"body": "x"}\n'), encoding="utf-8"))
    assert main(["eval", "-", "--rules", rules]) == 1
    assert capsys.readouterr().err == "triage: stdin:1: title: missing\n"


def test_a_corpus_line_too_long_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("triage.issue_input.MAX_LINE_BYTES", 100)
    corpus, rules = _write(tmp_path, ISSUES[:1])
    Path(corpus).write_text(
        '{"title": "ok", "labels": []}\n{"title": "' + "x" * 200 + '"}\n', encoding="utf-8"
    )
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == f"triage: {corpus}:2: a line larger than 100 bytes\n"


def test_a_csv_export_is_refused_with_the_shape_expected_and_how_to_get_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, [])
    Path(corpus).write_text("number,title,body,labels\n1,kubectl apply fails,,team/dist\n", encoding="utf-8")
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        f"triage: {corpus}:1: not a JSON object: the input must be JSON Lines, one issue object a line, as"
        " `gh issue list --json number,title,body,labels,url | jq -c '.[]'` writes them\n"
    )


def test_an_issue_listed_twice_is_refused_as_its_predictions_would_be_ambiguous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, [ISSUES[0], ISSUES[1], {**ISSUES[2], "number": ISSUES[0]["number"]}])
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        f"triage: {corpus}:3: issue {ISSUES[0]['number']} is listed twice (first at line 1); list it once\n"
    )


def test_an_issue_listed_twice_is_named_by_its_lines_counting_blank_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, [])
    lines = [json.dumps(ISSUES[0]), "", json.dumps(ISSUES[1]), "", "", json.dumps(ISSUES[0])]
    Path(corpus).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        f"triage: {corpus}:6: issue {ISSUES[0]['number']} is listed twice (first at line 1); list it once\n"
    )


def test_an_issue_listed_once_with_its_url_and_once_by_its_number_alone_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = ISSUES[0]["number"]
    bare = {key: value for key, value in ISSUES[0].items() if key != "url"}
    corpus, rules = _write(tmp_path, [{**ISSUES[0], "url": f"https://e.com/{number}"}, bare])
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        f"triage: {corpus}:2: issue {number} is listed twice (first at line 1); list it once\n"
    )


def test_an_issue_listed_twice_by_urls_differing_only_in_case_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = {**ISSUES[0], "url": "https://github.com/Acme/Web/issues/5"}
    corpus, rules = _write(tmp_path, [first, {**ISSUES[1], "url": "https://github.com/acme/web/issues/5"}])
    assert main(["eval", corpus, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        f"triage: {corpus}:2: issue https://github.com/acme/web/issues/5 is listed twice (first at line 1); "
        "list it once\n"
    )


def test_two_repositories_issues_of_one_number_are_two_issues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = ISSUES[0]["number"]
    corpus, rules = _write(
        tmp_path,
        [
            {**ISSUES[0], "url": f"https://e.com/a/{number}"},
            {**ISSUES[1], "number": number, "url": f"https://e.com/b/{number}"},
        ],
    )
    assert _eval_json(capsys, corpus, "--rules", rules)["issues"] == 2


def test_a_team_label_the_rules_do_not_have_is_refused_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    assert main(["eval", corpus, "--rules", rules, "--positive", "team/x=team/x"]) == 1
    assert capsys.readouterr().err == (
        f"triage: --positive 'team/x=team/x': 'team/x' is not a team label of {rules}\n"
    )


def test_an_area_the_rules_do_not_have_is_refused_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    assert main(["eval", corpus, "--rules", rules, "--area", "helm=helm"]) == 1
    assert capsys.readouterr().err == f"triage: --area 'helm=helm': 'helm' is not an area id of {rules}\n"


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("positive:\n  team/x: [team/x]\n", "positive: 'team/x' is not a team label"),
        ("areas:\n  helm: [helm]\n", "areas: 'helm' is not an area id"),
    ],
    ids=["positive", "areas"],
)
def test_a_key_the_rules_do_not_have_is_refused_naming_the_truth_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str, message: str
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    truth = tmp_path / "truth.yaml"
    truth.write_text(profile, encoding="utf-8")
    assert main(["eval", corpus, "--rules", rules, "--truth", str(truth)]) == 1
    assert capsys.readouterr().err == f"triage: {truth}: {message} of {rules}\n"


def test_a_truth_profile_given_as_a_dash_is_told_that_it_is_read_from_a_path_not_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, ISSUES[:1])
    monkeypatch.chdir(tmp_path)
    assert main(["eval", corpus, "--rules", rules, "--truth", "-"]) == 1
    assert capsys.readouterr().err == (
        "triage: -: cannot read: No such file or directory "
        "(this file is read from a path, never from stdin)\n"
    )


def test_repo_scores_the_repositorys_open_issues_without_writing(
    tmp_path: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    for issue in ISSUES[:4]:
        github.state.add_issue(REPO, str(issue["title"]), labels=cast("list[str]", issue["labels"]))
    github.state.add_issue(REPO, "kubectl chart bump", labels=["team/search"], pull_request=True)
    github.state.add_issue(REPO, "kubectl fails", labels=["team/search"], state="closed")
    _, rules = _write(tmp_path, [])
    (label,) = _eval_json(capsys, "--repo", REPO, "--state", "open", "--rules", rules)["labels"]
    assert label["counts"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1, "ignored": 0}
    assert github.log.writes() == []


def test_repo_limit_keeps_the_most_recently_updated_issues(
    tmp_path: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    github.state.add_issue(REPO, "kubectl fails", labels=["team/dist"], updated_at="2026-01-02T00:00:00Z")
    github.state.add_issue(REPO, "grafana empty", labels=["team/search"], updated_at="2026-01-01T00:00:00Z")
    _, rules = _write(tmp_path, [])
    (label,) = _eval_json(capsys, "--repo", REPO, "--state", "open", "--limit", "1", "--rules", rules)[
        "labels"
    ]
    assert label["counts"] == {"tp": 1, "fp": 0, "fn": 0, "tn": 0, "ignored": 0}


def test_repo_reads_closed_issues_by_default_and_stops_paging_at_the_limit(
    tmp_path: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    for day in range(1, 251):
        github.state.add_issue(
            REPO, "kubectl fails", labels=["team/dist"], state="closed",
            updated_at=f"2026-01-01T00:{day // 60:02d}:{day % 60:02d}Z",
        )  # fmt: skip
    github.state.add_issue(REPO, "grafana empty", labels=["team/search"])
    _, rules = _write(tmp_path, [])
    (label,) = _eval_json(capsys, "--repo", REPO, "--limit", "150", "--rules", rules)["labels"]
    assert label["counts"] == {"tp": 150, "fp": 0, "fn": 0, "tn": 0, "ignored": 0}
    assert github.log.count("GET", r"/issues$") == 2


def test_repo_without_a_token_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    _, rules = _write(tmp_path, [])
    assert main(["eval", "--repo", REPO, "--rules", rules]) == 1
    assert capsys.readouterr().err == (
        "triage: GITHUB_TOKEN is not set or empty: `triage eval --repo` reads issues with it\n"
    )


@pytest.mark.parametrize(
    ("repo", "said"),
    [
        ("acme", "got 'acme'"),
        ("https://github.com/acme/x", "got 'https://github.com/acme/x': give acme/x"),
    ],
    ids=["no name", "web address"],
)
def test_a_repo_that_is_not_owner_name_is_named_as_the_flag_before_the_token_is_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], repo: str, said: str
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    _, rules = _write(tmp_path, [])
    assert main(["eval", "--repo", repo, "--rules", rules]) == 1
    assert capsys.readouterr().err == f"triage: --repo must be `owner/name`, {said}\n"


# --- Agreement with Sourcegraph's own scorer ------------------------------------------------

SOURCEGRAPH_STYLE = [
    ("Grafana dashboard missing a panel", ["team/distribution", "monitoring"]),
    ("kubectl apply fails on the ingress", ["team/distribution 🚢📦💨", "deploy-sourcegraph"]),
    ("Buildkite agents stuck", ["team/distribution", "ci", "monitoring"]),
    ("Request for patch release on 3.2", ["team/distribution", "patch-release-request"]),
    ("Search is slow", ["team/distribution", "monitoring-long-tail"]),
    ("codeintel: grafana dashboard for auto-indexing", ["team/code-intelligence"]),
    ("Browser extension broken", ["team/integrations"]),
    ("Cloud 3.20 tracking issue with kubectl", ["team/cloud"]),
    ("Make buildkite agents stateless", ["team/devx"]),
    ("Jaeger traces are missing spans", ["team/distribution", "debugging", "team/cloud"]),
    ("Sign-in page broken", ["bug"]),
]


def _score_py_figures(output: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=([\d./]+)", output))


@pytest.mark.skipif(
    not SCORE_PY.is_file(), reason=f"Sourcegraph's score.py is not beside the clone: {SCORE_PY}"
)
def test_eval_agrees_with_sourcegraph_score_py_on_the_same_predictions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues = [
        {
            "url": f"https://github.com/o/r/issues/{n}",
            "number": n,
            "title": title,
            "body": "",
            "labels": labels,
        }
        for n, (title, labels) in enumerate(SOURCEGRAPH_STYLE, 1)
    ]
    corpus, _ = _write(tmp_path, issues)
    predictions = tmp_path / "predictions.jsonl"
    truth = str(PROJECT / "eval" / "sourcegraph.truth.yaml")
    argv = [corpus, "--rules", str(PROJECT / "rules" / "ownership.yaml"), "--truth", truth]
    (ours,) = _eval_json(capsys, *argv, "--predictions", str(predictions))["labels"]
    scored = subprocess.run(
        [sys.executable, str(SCORE_PY), corpus, str(predictions)], capture_output=True, text=True, check=False
    )
    theirs = _score_py_figures(scored.stdout)
    counts, areas = ours["counts"], ours["areas"]
    assert {k: int(theirs[k]) for k in ("tp", "fp", "fn", "tn")} == {
        k: counts[k] for k in ("tp", "fp", "fn", "tn")
    }
    assert theirs["area_hit"] == f"{areas['hit']}/{areas['total']}"
    assert float(theirs["precision"]) == pytest.approx(ours["precision"], abs=5e-4)
    assert float(theirs["recall"]) == pytest.approx(ours["recall"], abs=5e-4)
    assert float(theirs["areas_per_pos"]) == pytest.approx(areas["per_true_positive"], abs=5e-3)


@pytest.mark.parametrize("flag", [["--state", "open"], ["--limit", "10"]])
def test_repo_only_options_with_a_corpus_file_are_refused_rather_than_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: list[str]
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"title": "x", "labels": []}\n', encoding="utf-8")

    code = main(["eval", str(corpus), *flag])

    assert code == 2
    assert (
        capsys.readouterr().err
        == "triage: --state and --limit go with --repo (a corpus file is scored whole)\n"
    )


def test_limit_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "--repo", REPO, "--limit", "x1"])

    assert code == 2
    assert "argument --limit: expected a positive whole number, got 'x1'" in capsys.readouterr().err


def test_issue_text_in_the_mistakes_list_cannot_be_a_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report is printed to the log wherever `eval --repo` runs, Actions included."""
    title = "kubectl ##[add-mask]x ::error::y"
    hostile = {"number": 6, "title": title, "body": "", "labels": ["team/search"]}
    corpus, rules = _write(tmp_path, [hostile])
    assert main(["eval", corpus, "--rules", rules]) == 0
    out = capsys.readouterr().out
    assert "add-mask]x" in out
    assert "##[" not in out
    assert "::" not in out


def test_issue_text_in_the_json_report_is_as_sent_but_no_legacy_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "kubectl ##[add-mask]x"
    hostile = {"number": 6, "title": title, "body": "", "labels": ["team/search"]}
    corpus, rules = _write(tmp_path, [hostile])
    assert main(["eval", corpus, "--rules", rules, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "##[" not in out
    assert [m["title"] for label in json.loads(out)["labels"] for m in label["mistakes"]] == [title]


def test_a_corpus_without_issues_is_refused_rather_than_scored_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules = _write(tmp_path, [])
    Path(corpus).write_text("\n\n", encoding="utf-8")
    assert main(["eval", corpus, "--rules", rules]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"triage: {corpus}: no issues to score\n"


def test_a_label_without_any_positive_issue_is_flagged_rather_than_scored_as_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues: list[dict[str, object]] = [
        {"number": 1, "title": "kubectl apply fails"},
        {"number": 2, "title": "x"},
    ]
    corpus, rules = _write(tmp_path, issues)  # no `labels`: every issue reads as a negative
    assert main(["eval", corpus, "--rules", rules]) == 0
    out = capsys.readouterr().out
    assert (
        "team/dist: no scored issue is a positive (none has a label its positive patterns match):"
        " recall and F1 mean nothing; check the truth's patterns and the corpus's `labels`" in out
    )
