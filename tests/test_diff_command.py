"""Specifications for `triage diff`: what a rules change would do to a set of issues."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakegithub import REPO, TOKEN, FakeGitHub
from triage.cli import main

RULES = """\
version: 1
thresholds: {apply: 2, suggest: 1}
teams:
  - id: platform
    name: Platform
    label: {name: team/platform, color: "5319e7", description: Platform issues}
    areas:
      - id: kubernetes
        name: Kubernetes
        label: {name: platform/kubernetes, color: "0e8a16", description: Kubernetes}
        keywords: [kubectl]
      - id: compose
        name: Docker Compose
        label: {name: platform/compose, color: "0e8a16", description: Docker Compose}
        keywords: [docker compose]
"""
CHANGED = RULES.replace("keywords: [kubectl]", "keywords: [kubectl, k8s]").replace(
    "keywords: [docker compose]", "keywords: [compose file]"
)
DEFERRING = 'defer_to: ["team/*"]\n'
ISSUES = [
    {"number": 1, "title": "k8s pod crashes", "body": ""},
    {"number": 2, "title": "docker compose up fails", "body": ""},
    {"number": 3, "title": "kubectl hangs", "body": ""},
    {"number": 4, "title": "Dark mode please", "body": ""},
]
EXPECTED_TEXT = """\
2 of 4 issues would change.

#1 k8s pod crashes
  + platform/kubernetes
      old: no evidence
      new: applied, score 2: keyword 'k8s' (title line 1, +2)
  + team/platform
      old: no evidence
      new: applied, score 2: keyword 'k8s' (title line 1, +2)
  areas: +platform/kubernetes

#2 docker compose up fails
  - platform/compose
      old: applied, score 2: keyword 'docker compose' (title line 1, +2)
      new: no evidence
  - team/platform
      old: applied, score 2: keyword 'docker compose' (title line 1, +2)
      new: no evidence
  areas: -platform/compose

label                gained  lost
platform/compose          0     1
platform/kubernetes       1     0
team/platform             1     1
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_of(rules: Path) -> Path:
    """The same rules under another name: `--old` and `--new` may not name one file."""
    return write(rules.with_name(f"old-{rules.name}"), rules.read_text(encoding="utf-8"))


def issues_file(tmp_path: Path) -> Path:
    return write(tmp_path / "issues.jsonl", "".join(json.dumps(issue) + "\n" for issue in ISSUES))


def git(repo: Path, *arguments: str) -> None:
    """git in `repo`, untouched by the caller's environment (hooks set GIT_DIR) or user config."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env |= {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run(["git", *identity, *arguments], cwd=repo, env=env, check=True, capture_output=True)


def make_repo_with_history(folder: Path) -> Path:
    """`folder` as a git repository whose committed `rules/ownership.yaml` is RULES; the working copy
    is CHANGED."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q")
    rules = write(folder / "rules" / "ownership.yaml", RULES)
    git(folder, "add", "rules/ownership.yaml")
    git(folder, "commit", "-q", "-m", "rules")
    write(rules, CHANGED)
    return folder


@pytest.fixture
def no_git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """None of the caller's GIT_ variables (a hook's GIT_DIR) reaches the git that triage runs."""
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)


@pytest.fixture
def repo_with_history(tmp_path: Path, no_git_environment: None) -> Path:
    return make_repo_with_history(tmp_path)


def run_diff(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["diff", *arguments])
    out, err = capsys.readouterr()
    return code, out, err


def old_new_input(old: Path, new: Path, folder: Path) -> tuple[str, ...]:
    """The arguments that compare `old` and `new` over the sample issues written in `folder`."""
    return ("--old", str(old), "--new", str(new), "--input", str(issues_file(folder)))


def test_identical_rules_report_no_issue_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", RULES)

    result = run_diff(capsys, *old_new_input(old, new, tmp_path))

    assert result == (0, "No issue changes (4 issues compared).\n", "")


def test_old_and_new_naming_the_same_file_are_refused_as_a_comparison_that_shows_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "rules" / "ownership.yaml", CHANGED)

    code, out, err = run_diff(
        capsys, "--old", "./rules/ownership.yaml", "--input", str(issues_file(tmp_path))
    )

    assert (code, out) == (2, "")
    assert err == (
        "triage: --old and --new are the same file (rules/ownership.yaml): the report could show no "
        "change; for the rules as committed, give a git ref (--old HEAD, --old origin/main)\n"
    )


def test_issues_from_stdin_are_named_stdin_in_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = write(tmp_path / "rules.yaml", RULES)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"body": "x"}\n'), encoding="utf-8"))

    result = run_diff(capsys, "--old", str(copy_of(rules)), "--new", str(rules), "--input", "-")

    assert result == (1, "", "triage: stdin:1: title: missing\n")


def test_text_report_lists_every_gained_and_lost_label_with_evidence_and_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", CHANGED)

    result = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues_file(tmp_path)))

    assert result == (0, EXPECTED_TEXT, "")


def test_json_report_counts_per_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", CHANGED)

    code, out, _ = run_diff(capsys, *old_new_input(old, new, tmp_path), "--format", "json")
    document = json.loads(out)

    assert (code, document["compared"], [i["number"] for i in document["issues"]]) == (0, 4, [1, 2])
    assert document["labels"] == [
        {"label": "platform/compose", "gained": 0, "lost": 1},
        {"label": "platform/kubernetes", "gained": 1, "lost": 0},
        {"label": "team/platform", "gained": 1, "lost": 1},
    ]


def test_issues_the_new_rules_leave_alone_lose_their_labels_and_say_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.yaml", RULES)
    new = write(tmp_path / "new.yaml", RULES + DEFERRING)
    labelled = [
        {"number": 5, "title": "kubectl hangs", "labels": ["team/search"]},
        {"number": 6, "title": "kubectl hangs", "labels": ["team/platform"]},
        {"number": 7, "title": "Dark mode please", "labels": ["team/search"]},
    ]
    issues = write(tmp_path / "labelled.jsonl", "".join(json.dumps(issue) + "\n" for issue in labelled))

    code, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues))

    # 6 carries the rules' own team label (never a reason to defer); 7 gets nothing either way.
    assert (code, out.splitlines()[:5]) == (
        0,
        [
            "1 of 3 issues would change.",
            "",
            "#5 kubectl hangs",
            "  left alone by the new rules: labelled team/search (defer_to)",
            "  - platform/kubernetes",
        ],
    )


def test_issues_left_alone_by_both_rule_sets_do_not_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.yaml", RULES + DEFERRING)
    new = write(tmp_path / "new.yaml", CHANGED + DEFERRING)
    labelled = [{**issue, "labels": ["team/search"]} for issue in ISSUES]
    issues = write(tmp_path / "labelled.jsonl", "".join(json.dumps(issue) + "\n" for issue in labelled))

    result = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues))

    assert result == (
        0,
        "No issue changes (4 issues compared, 4 of them left alone by both rule sets: "
        "they carry another owner's label, defer_to).\n",
        "",
    )


def test_markdown_report_is_for_the_job_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", CHANGED)

    code, out, _ = run_diff(
        capsys,
        "--old",
        str(old),
        "--new",
        str(new),
        "--input",
        str(issues_file(tmp_path)),
        "--format",
        "markdown",
    )

    assert code == 0
    assert out.startswith("### Rules impact\n\n2 of 4 issues would change.\n\n| Label | Gained | Lost |\n")
    assert "| + label `platform/kubernetes` | no evidence | applied, score 2: keyword `k8s`" in out


def test_a_newly_added_fallback_label_reads_as_the_fallback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fallback = 'fallback_label: {name: needs-triage, color: "ededed", description: No owner found}\n'
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", RULES + fallback)

    _, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues_file(tmp_path)))

    assert out.splitlines()[2:6] == [
        "#1 k8s pod crashes",
        "  + needs-triage",
        "      old: no evidence",
        "      new: applied as the fallback (no team matched)",
    ]


def test_a_fallback_lost_to_a_team_the_new_terms_match_says_the_team_matched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fallback = 'fallback_label: {name: needs-triage, color: "ededed", description: No owner found}\n'
    old, new = (
        write(tmp_path / "old.yaml", RULES + fallback),
        write(tmp_path / "new.yaml", CHANGED + fallback),
    )

    _, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues_file(tmp_path)))

    lines = out.splitlines()
    at = lines.index("  - needs-triage")
    assert lines[at + 1 : at + 3] == [
        "      old: applied as the fallback (no team matched)",
        "      new: not given: a team matched (team/platform)",
    ]


def test_a_new_fallback_is_shown_also_for_an_issue_that_carries_one_of_our_owner_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Such a label is most often one triage added under the old rules, which `triage run` takes
    off an issue the new rules no longer match, adding the fallback; only the timeline tells."""
    fallback = 'fallback_label: {name: needs-triage, color: "ededed", description: No owner found}\n'
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", RULES + fallback)
    dark_mode = [{**ISSUES[3], "labels": ["Platform/Compose"]}]
    issues = write(tmp_path / "issues.jsonl", "".join(json.dumps(issue) + "\n" for issue in dark_mode))

    _, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues))

    assert out.splitlines()[:4] == [
        "1 of 1 issues would change.",
        "",
        "#4 Dark mode please",
        "  + needs-triage",
    ]


def test_a_change_of_thresholds_alone_shows_the_threshold_beside_the_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raised = RULES.replace("thresholds: {apply: 2, suggest: 1}", "thresholds: {apply: 3, suggest: 1}")
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", raised)

    _, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues_file(tmp_path)))

    # The team threshold (3, the default) did not change: the team label says no threshold.
    assert out.split("\n\n")[2].splitlines() == [
        "#3 kubectl hangs",
        "  - platform/kubernetes",
        "      old: applied, score 2, threshold 2: keyword 'kubectl' (title line 1, +2)",
        "      new: suggested, score 2, threshold 3: keyword 'kubectl' (title line 1, +2)",
        "  - team/platform",
        "      old: applied, score 2: keyword 'kubectl' (title line 1, +2)",
        "      new: below, score 2: keyword 'kubectl' (title line 1, +2)",
        "  areas: -platform/kubernetes",
    ]


RENAMED = RULES.replace(
    "label: {name: platform/kubernetes,",
    "label: {name: platform/k8s, previous_names: [platform/kubernetes],",
)


def test_a_label_renamed_in_place_is_reported_once_not_as_a_loss_and_a_gain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", RENAMED)

    result = run_diff(capsys, "--old", str(old), "--new", str(new), "--input", str(issues_file(tmp_path)))

    assert result == (
        0,
        "No issue changes (4 issues compared).\n"
        "renamed: platform/kubernetes -> platform/k8s (kept by 1 of 4 issues)\n",
        "",
    )


def test_a_team_label_renamed_without_its_former_name_is_reported_as_no_longer_managed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.yaml", RULES)
    new = write(tmp_path / "new.yaml", RULES.replace("name: team/platform", "name: team/infra"))

    code, out, _ = run_diff(capsys, *old_new_input(old, new, tmp_path))

    assert code == 0
    assert (
        "no longer managed: team/platform: issues keep it, and triage no longer adds or removes it "
        "(a rename? list the old name in the new label's previous_names)"
    ) in out.splitlines()


def test_an_issue_losing_a_label_no_longer_managed_is_said_to_keep_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new rules no longer give it, but `triage run` takes off no label it does not manage."""
    old = write(tmp_path / "old.yaml", RULES)
    new = write(tmp_path / "new.yaml", RULES.replace("name: team/platform", "name: team/infra"))

    _, out, _ = run_diff(capsys, *old_new_input(old, new, tmp_path))
    _, markdown, _ = run_diff(capsys, *old_new_input(old, new, tmp_path), "--format", "markdown")
    _, document, _ = run_diff(capsys, *old_new_input(old, new, tmp_path), "--format", "json")

    assert "  - team/platform (no longer managed: the issue keeps it)" in out.splitlines()
    assert "team/platform (no longer managed)" in out
    assert "`team/platform` (no longer managed: the issue keeps it)" in markdown
    kept = [c for i in json.loads(document)["issues"] for c in i["labels"] if c["name"] == "team/platform"]
    assert kept
    assert all(change["no_longer_managed"] for change in kept)


def test_a_dropped_label_the_new_defer_to_matches_is_said_to_make_triage_leave_its_issues_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.yaml", DEFERRING + RULES)
    new = write(tmp_path / "new.yaml", DEFERRING + RULES.replace("name: team/platform", "name: team/infra"))

    _, out, _ = run_diff(capsys, *old_new_input(old, new, tmp_path), "--format", "json")

    assert json.loads(out)["dropped"] == [{"label": "team/platform", "deferred": True}]


def test_an_issue_that_loses_a_renamed_label_loses_it_under_its_new_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.yaml", RULES)
    new = write(tmp_path / "new.yaml", RENAMED.replace("keywords: [kubectl]", "keywords: [kubectl apply]"))

    code, out, _ = run_diff(capsys, *old_new_input(old, new, tmp_path), "--format", "json")
    document = json.loads(out)

    assert code == 0
    assert document["renamed"] == [{"old": "platform/kubernetes", "new": "platform/k8s", "kept": 0}]
    assert document["labels"] == [
        {"label": "platform/k8s", "gained": 0, "lost": 1},
        {"label": "team/platform", "gained": 0, "lost": 1},
    ]


SUGGESTION_ONLY_TEXT = """\
1 of 1 issues would change.

helm chart
  + suggested platform/kubernetes
      old: no evidence
      new: suggested, score 1: keyword 'helm' (title line 1, +1)

No label changes.
"""


def test_a_suggestion_only_change_at_a_git_ref_says_no_label_changes(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = write(
        repo_with_history / "rules" / "ownership.yaml",
        RULES.replace("keywords: [kubectl]", "keywords: [kubectl, {term: helm, weight: 0.5}]"),
    )
    issues = write(repo_with_history / "in.jsonl", '{"title": "helm chart"}\n')

    result = run_diff(capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues))

    assert result == (0, SUGGESTION_ONLY_TEXT, "")


def test_old_may_be_a_git_ref_meaning_the_new_files_path_at_that_ref(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"

    result = run_diff(
        capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert result == (0, EXPECTED_TEXT, "")


@pytest.mark.usefixtures("no_git_environment")
def test_old_may_be_a_git_ref_of_a_repository_whose_folder_name_ends_in_a_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo_with_history(tmp_path / "ops rules ")
    new = repo / "rules" / "ownership.yaml"

    result = run_diff(capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo)))

    assert result == (0, EXPECTED_TEXT, "")


def commit_rules_with_template(repo: Path, template: str = "comment.md.j2") -> Path:
    rules = repo / "rules"
    write(rules / template, "Owners: {{ teams | length }}\n")
    write(rules / "ownership.yaml", RULES + f"comment:\n  template: {template}\n")
    git(repo, "add", "rules")
    git(repo, "commit", "-q", "-m", "a comment template")
    return rules


def test_old_rules_at_a_git_ref_find_their_comment_template_as_a_checkout_would(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = commit_rules_with_template(repo_with_history)
    write(rules / "ownership.yaml", CHANGED + "comment:\n  template: comment.md.j2\n")

    result = run_diff(
        capsys,
        "--old",
        "HEAD",
        "--new",
        str(rules / "ownership.yaml"),
        "--input",
        str(issues_file(repo_with_history)),
    )

    assert result == (0, EXPECTED_TEXT, "")


def test_old_rules_at_a_git_ref_read_the_template_as_committed_there_though_the_change_moved_it(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pull request that renames the template: the old rules name a file the checkout lacks."""
    rules = commit_rules_with_template(repo_with_history, "templates/comment.md.j2")
    (rules / "templates" / "comment.md.j2").unlink()
    write(rules / "owners.md.j2", "Owners: {{ teams | length }}\n")
    write(rules / "ownership.yaml", CHANGED + "comment:\n  template: owners.md.j2\n")

    result = run_diff(
        capsys, "--old", "HEAD", "--input", str(issues_file(repo_with_history)),
        "--new", str(rules / "ownership.yaml"),
    )  # fmt: skip

    assert result == (0, EXPECTED_TEXT, "")


def test_old_rules_at_a_git_ref_naming_a_template_missing_at_that_ref_are_an_error_naming_the_ref(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Though the checkout has the file: the old rules are checked as they were."""
    rules = repo_with_history / "rules"
    write(rules / "ownership.yaml", RULES + "comment:\n  template: comment.md.j2\n")
    git(repo_with_history, "commit", "-q", "-am", "a template never committed")
    write(rules / "comment.md.j2", "Owners: {{ teams | length }}\n")
    write(rules / "ownership.yaml", CHANGED + "comment:\n  template: comment.md.j2\n")

    code, out, err = run_diff(
        capsys, "--old", "HEAD", "--input", str(issues_file(repo_with_history)),
        "--new", str(rules / "ownership.yaml"),
    )  # fmt: skip

    assert (code, out) == (1, "")
    assert err.startswith("triage: HEAD:rules/ownership.yaml:"), err
    assert "comment.md.j2" in err


def test_the_git_ref_read_leaves_no_file_behind(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"
    run_diff(capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo_with_history)))

    assert sorted(p.name for p in new.parent.iterdir()) == ["ownership.yaml"]


def test_the_old_rules_at_a_git_ref_are_not_stored_in_the_rules_cache(
    repo_with_history: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Read from a temporary file never named again: stored, they would push out entries of use."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    new = repo_with_history / "rules" / "ownership.yaml"
    run_diff(capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo_with_history)))

    assert len(list((tmp_path / "cache" / "triage" / "rules-v3").iterdir())) == 1  # the new rules only


def test_broken_old_rules_at_a_git_ref_are_the_loaders_error_naming_ref_and_path(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"
    write(new, RULES.replace("version: 1", "version: 1\ncolour: red"))
    git(repo_with_history, "commit", "-q", "-am", "broken")
    write(new, RULES)

    code, out, err = run_diff(
        capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert (code, out) == (1, "")
    assert err.startswith("triage: HEAD:rules/ownership.yaml:2:1: colour: ")


def test_old_rules_at_a_git_ref_that_are_not_utf8_are_the_loaders_error_naming_ref_and_path(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"
    new.write_bytes(RULES.replace("name: Platform", "name: Plat\u00e9forme").encode("latin-1"))
    git(repo_with_history, "commit", "-q", "-am", "latin-1")
    write(new, RULES)

    result = run_diff(
        capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert result == (
        1,
        "",
        "triage: HEAD:rules/ownership.yaml:5:15: (file): cannot read: not UTF-8 text (byte 0xE9 here): "
        "save the file as UTF-8\n",
    )


def test_broken_new_rules_are_the_loaders_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "old.yaml", RULES)
    new = write(tmp_path / "new.yaml", RULES.replace('color: "5319e7"', 'color: "purple"'))

    code, out, err = run_diff(
        capsys, "--old", str(old), "--new", str(new), "--input", str(issues_file(tmp_path))
    )

    assert (code, out) == (1, "")
    assert err.startswith(f"triage: {new}:6:")


def test_an_unknown_git_ref_is_said_to_name_no_file_and_no_git_revision(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"

    code, out, err = run_diff(
        capsys, "--old", "no-such-ref", "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert (code, out) == (1, "")
    reason = "fatal: invalid object name 'no-such-ref'."
    assert err == f"triage: --old: 'no-such-ref' names no file and no git revision: {reason}\n"


def test_an_old_path_with_a_typo_is_said_to_name_no_file_and_no_git_revision(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"
    typo = str(repo_with_history / "rules" / "ownership.yml")

    code, _, err = run_diff(
        capsys, "--old", typo, "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert (code, err) == (
        1,
        f"triage: --old: '{typo}' names no file and no git revision: fatal: invalid object name '{typo}'.\n",
    )


def test_a_git_revision_without_the_new_files_path_says_it_cannot_read_it_there(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = write(repo_with_history / "rules" / "other.yaml", RULES)

    code, _, err = run_diff(
        capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert (code, err) == (
        1,
        "triage: --old: cannot read HEAD:rules/other.yaml: "
        "fatal: path 'rules/other.yaml' exists on disk, but not in 'HEAD'\n",
    )


def test_an_old_written_as_git_ref_and_path_is_told_to_give_the_ref_alone(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"

    code, out, err = run_diff(
        capsys,
        "--old",
        "HEAD:rules/ownership.yaml",
        "--new",
        str(new),
        "--input",
        str(issues_file(repo_with_history)),
    )

    assert (code, out) == (1, "")
    assert err.startswith("triage: --old: cannot read HEAD:rules/ownership.yaml:rules/ownership.yaml: ")
    assert err.endswith(
        " ('HEAD:rules/ownership.yaml' is a ref and a path: give the ref alone, `--old HEAD`, "
        "as the path is --new's)\n"
    )


def test_an_unknown_git_ref_is_named_by_gits_error_after_its_warnings(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo_with_history / ".git" / "refs" / "heads" / "broken", "not a commit\n")  # git warns of it
    new = repo_with_history / "rules" / "ownership.yaml"

    code, _, err = run_diff(
        capsys, "--old", "broken", "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert code == 1
    assert (
        err
        == "triage: --old: 'broken' names no file and no git revision: fatal: invalid object name 'broken'.\n"
    )


def test_an_old_that_is_a_directory_and_no_git_ref_is_a_clean_error_saying_so(
    repo_with_history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo_with_history)
    issues_file(repo_with_history)

    code, out, err = run_diff(
        capsys, "--old", "rules", "--new", "rules/ownership.yaml", "--input", "issues.jsonl"
    )

    assert (code, out) == (1, "")
    assert err == (
        "triage: --old: 'rules' is a directory, not a rules file, and names no git revision: "
        "fatal: invalid object name 'rules'.\n"
    )


def test_an_old_that_names_both_a_directory_and_a_git_ref_is_read_from_git(
    repo_with_history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo_with_history)
    git(repo_with_history, "branch", "rules")
    issues_file(repo_with_history)

    result = run_diff(capsys, "--old", "rules", "--new", "rules/ownership.yaml", "--input", "issues.jsonl")

    assert result == (0, EXPECTED_TEXT, "")


def test_an_input_line_too_long_is_a_clean_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("triage.issue_input.MAX_LINE_BYTES", 100)
    rules = write(tmp_path / "rules.yaml", RULES)
    issues = write(tmp_path / "issues.jsonl", json.dumps({"title": "x" * 200}) + "\n")

    code, out, err = run_diff(
        capsys, "--old", str(copy_of(rules)), "--new", str(rules), "--input", str(issues)
    )

    assert (code, out, err) == (1, "", f"triage: {issues}:1: a line larger than 100 bytes\n")


def test_an_old_that_is_no_file_outside_a_git_repository_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    new = write(tmp_path / "new.yaml", RULES)

    code, _, err = run_diff(
        capsys, "--old", "missing.yaml", "--new", str(new), "--input", str(issues_file(tmp_path))
    )

    assert code == 1
    assert err.startswith(
        f"triage: --old: 'missing.yaml' is not a file, and {new} is not in a git repository: "
    )


def test_an_old_read_from_git_where_git_is_not_installed_says_git_could_not_run(
    repo_with_history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not that the rules are outside a git repository: git alone could tell."""
    new = repo_with_history / "rules" / "ownership.yaml"
    monkeypatch.setenv("PATH", str(repo_with_history / "rules"))

    code, out, err = run_diff(
        capsys, "--old", "HEAD", "--new", str(new), "--input", str(issues_file(new.parent))
    )

    assert (code, out) == (1, "")
    assert err == (
        "triage: --old: 'HEAD' is not a file, and git, which would read it as a revision, could not run: "
        "No such file or directory\n"
    )


def test_an_old_that_looks_like_an_option_is_never_passed_to_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = write(tmp_path / "new.yaml", RULES)

    code, _, err = run_diff(
        capsys, "--old=--output=x", "--new", str(new), "--input", str(issues_file(tmp_path))
    )

    assert (code, err) == (1, "triage: --old: '--output=x' is neither a file nor a git ref\n")


@pytest.mark.parametrize("old", ["", "  "])
def test_an_empty_old_is_a_clean_error_not_a_read_of_gits_index(
    old: str, repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"

    code, _, err = run_diff(
        capsys, "--old", old, "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert (code, err) == (1, "triage: --old is empty: give a rules file or a git ref\n")


@pytest.mark.parametrize("old", [":0", ":/rules"])
def test_an_old_starting_with_a_colon_is_a_clean_error_not_a_read_of_gits_index(
    old: str, repo_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = repo_with_history / "rules" / "ownership.yaml"

    code, _, err = run_diff(
        capsys, "--old", old, "--new", str(new), "--input", str(issues_file(repo_with_history))
    )

    assert (code, err) == (
        1,
        f"triage: --old: '{old}' is not a file, and a git ref here cannot start with ':'\n",
    )


def test_a_bad_issue_line_is_a_clean_error_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = write(tmp_path / "rules.yaml", RULES)
    issues = write(tmp_path / "issues.jsonl", '{"title": "ok"}\n{"body": "no title"}\n')

    code, _, err = run_diff(capsys, "--old", str(copy_of(rules)), "--new", str(rules), "--input", str(issues))

    assert code == 1
    assert err.startswith(f"triage: {issues}:2: ")


def test_limit_with_an_input_file_is_refused_rather_than_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = write(tmp_path / "rules.yaml", RULES)
    issues = write(tmp_path / "issues.jsonl", '{"title": "ok"}\n')

    code, out, err = run_diff(
        capsys, "--old", str(copy_of(rules)), "--new", str(rules), "--input", str(issues), "--limit", "5"
    )

    assert (code, out) == (2, "")
    assert err == "triage: --limit goes with --repo (--input reads every issue of its file)\n"


def test_limit_must_be_a_positive_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_diff(capsys, "--old", "a", "--repo", REPO, "--limit", "0")

    assert code == 2
    assert "argument --limit: expected a positive whole number, got '0'" in err


def test_repo_reads_the_repositorys_recent_open_issues_without_writing(
    tmp_path: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    for issue in ISSUES:
        github.state.add_issue(REPO, str(issue["title"]))
    github.state.add_issue(REPO, "k8s chart bump", pull_request=True)
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", CHANGED)

    code, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--repo", REPO, "--format", "json")

    document = json.loads(out)
    assert (code, document["compared"], [i["number"] for i in document["issues"]]) == (0, 4, [1, 2])
    assert github.log.writes() == []


def test_repo_issues_another_team_holds_are_left_alone_as_triage_run_would(
    tmp_path: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    github.state.add_issue(REPO, "k8s pod crashes", labels=["team/search"])
    github.state.add_issue(REPO, "k8s node drained")
    old = write(tmp_path / "old.yaml", RULES + DEFERRING)
    new = write(tmp_path / "new.yaml", CHANGED + DEFERRING)

    code, out, _ = run_diff(capsys, "--old", str(old), "--new", str(new), "--repo", REPO, "--format", "json")

    assert (code, [i["number"] for i in json.loads(out)["issues"]]) == (0, [2])


def test_repo_limit_keeps_the_most_recently_updated_issues(
    tmp_path: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    for day, issue in enumerate(ISSUES, start=1):
        github.state.add_issue(REPO, str(issue["title"]), updated_at=f"2026-01-0{5 - day}T00:00:00Z")
    old, new = write(tmp_path / "old.yaml", RULES), write(tmp_path / "new.yaml", CHANGED)

    _, out, _ = run_diff(
        capsys, "--old", str(old), "--new", str(new), "--repo", REPO, "--limit", "1", "--format", "json"
    )

    assert (json.loads(out)["compared"], json.loads(out)["issues"][0]["number"]) == (1, 1)


def test_repo_without_a_token_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    rules = write(tmp_path / "rules.yaml", RULES)

    code, _, err = run_diff(capsys, "--old", str(copy_of(rules)), "--new", str(rules), "--repo", REPO)

    assert (code, err) == (
        1,
        "triage: GITHUB_TOKEN is not set or empty: `triage diff --repo` reads issues with it\n",
    )


def test_a_git_ref_given_as_new_is_refused_as_a_usage_error_saying_refs_go_to_old(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--old HEAD~1 --new HEAD`: not "HEAD:1:1: (file): cannot read", which reads as a ref and a path."""
    monkeypatch.chdir(repo_with_history)

    result = run_diff(
        capsys, "--old", "HEAD", "--new", "HEAD", "--input", str(issues_file(repo_with_history))
    )

    assert result == (
        2,
        "",
        "triage: --new: 'HEAD' is a git revision, not a file: --new reads a rules file as it stands "
        "(default rules/ownership.yaml); a git ref goes to --old\n",
    )


def test_a_missing_new_file_that_names_no_git_revision_is_still_a_file_not_found(
    repo_with_history: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_with_history)

    code, _, err = run_diff(
        capsys,
        "--old",
        "HEAD",
        "--new",
        "rules/ownership.yml",
        "--input",
        str(issues_file(repo_with_history)),
    )

    assert (code, err) == (
        1,
        "triage: rules/ownership.yml:1:1: (file): cannot read: No such file or directory: "
        "did you mean rules/ownership.yaml?\n",
    )
