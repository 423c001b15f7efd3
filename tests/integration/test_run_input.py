"""Bad and hostile input to `triage run`: clear errors before any request, inert issue text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fakegithub import BOT, REPO, TOKEN, FakeGitHub
from tests.integration.conftest import (
    RULES_YAML,
    Runner,
    add_managed_labels,
    bot_comments,
    issue_payload,
    run_on,
    writes,
)
from triage.cli import main
from triage.marker import MARKER

BROKEN_RULES = {
    "yaml-error": ("version: 1\nteams: [\n", "3:1: (file)"),
    "unknown-key": (RULES_YAML.replace("thresholds:", "threshold:"), "3:1: threshold"),
    "duplicate-id": (RULES_YAML.replace("- id: docker", "- id: kubernetes"), "15:13: teams[0].areas[1].id"),
    "long-label": (
        RULES_YAML.replace("deploy/docker compose", "d" * 51),
        "17:23: teams[0].areas[1].label.name",
    ),
    "bad-colour": (RULES_YAML.replace('"1d76db"', '"#1d76db"'), "17:53: teams[0].areas[1].label.color"),
    "bad-regex": (
        RULES_YAML.replace("keywords: [docker compose]", "patterns: ['(a)\\1']"),
        "18:20: teams[0].areas[1].patterns[0]",
    ),
    "relative-doc": (
        RULES_YAML.replace("https://docs.example.com/compose", "../compose.md"),
        "19:51: teams[0].areas[1].docs[0].url",
    ),
    "bad-glob": (
        RULES_YAML.replace("keywords: [docker compose]", "paths: ['a/***/b[']"),
        "18:17: teams[0].areas[1].paths[0]",
    ),
}
"""Each broken rules file, and where its error is: `LINE:COLUMN: KEY`."""


def broken_rules(tmp_path: Path, name: str) -> tuple[Path, str]:
    """The broken rules file `name`, written, and the start its error must have."""
    text, where = BROKEN_RULES[name]
    rules = tmp_path / f"{name}.yaml"
    rules.write_text(text, encoding="utf-8")
    return rules, f"triage: {rules}:{where}: "


@pytest.mark.parametrize("kind", ["opened", "dispatched", "batch"])
@pytest.mark.parametrize("name", sorted(BROKEN_RULES))
def test_broken_rules_fail_with_file_line_and_key_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, name: str, kind: str
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    run_triage.rules, where = broken_rules(tmp_path, name)
    result = run_on(github, run_triage, kind, number)
    assert result.code == 1
    assert result.err.startswith(where), result.err
    assert "Traceback" not in result.err
    assert len(github.log) == 0


@pytest.mark.parametrize("name", sorted(BROKEN_RULES))
def test_broken_rules_stop_a_labels_sync_with_file_line_and_key_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    rules, where = broken_rules(tmp_path, name)
    for variable, value in {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_API_URL": github.url,
        "GITHUB_REPOSITORY": REPO,
    }.items():
        run_triage.monkeypatch.setenv(variable, value)
    capsys.readouterr()
    assert main(["labels", "sync", "--rules", str(rules)]) == 1
    assert capsys.readouterr().err.startswith(where)
    assert len(github.log) == 0


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            "missing.yaml",
            "No such file or directory: the action's `rules` input (`--rules`) is a path relative to the "
            "workspace: check the repository out before this step (actions/checkout), or correct the path",
        ),
        (
            ".",
            "Is a directory: the action's `rules` input (`--rules`) must name the rules file itself, not a "
            "folder (by default rules/ownership.yaml)",
        ),
    ],
    ids=["missing", "a folder"],
)
def test_a_rules_path_naming_no_file_says_which_input_and_what_to_do_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, where: str, message: str
) -> None:
    """In the action, most often a workflow that runs it without checking the repository out first."""
    number = github.state.add_issue(REPO, "kubectl")
    run_triage.rules = tmp_path / where
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert (result.code, result.err) == (
        1,
        f"triage: {run_triage.rules}:1:1: (file): cannot read: {message}\n",
    )
    assert len(github.log) == 0


def test_an_empty_rules_input_is_named_in_the_job_summary_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A workflow passing `rules: ""` (or an unset variable): not read as the current folder."""
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage("--rules=", event_name="issues", payload=issue_payload(github, number))
    message = (
        "the action's `rules` input (`--rules`) is empty: "
        "name the rules file (by default rules/ownership.yaml)"
    )
    assert (result.code, result.err) == (1, f"triage: {message}\n")
    assert "is empty: name the rules file" in run_triage.summary()
    assert len(github.log) == 0


def test_a_rules_input_of_spaces_alone_is_named_empty_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage("--rules=  ", event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert result.err.startswith("triage: the action's `rules` input (`--rules`) is empty: ")
    assert len(github.log) == 0


@pytest.mark.parametrize(
    ("event_name", "inputs"),
    [("workflow_dispatch", {}), ("workflow_dispatch", {"issue": "1"}), ("issues", None)],
    ids=["batch", "one issue", "issues event"],
)
def test_a_template_that_does_not_compile_fails_at_its_line_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, event_name: str, inputs: dict[str, str] | None
) -> None:
    (tmp_path / "comment.md.j2").write_text("Thanks.\n{% if %}\n", encoding="utf-8")
    rules = tmp_path / "with-template.yaml"
    rules.write_text(RULES_YAML + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    number = github.state.add_issue(REPO, "kubectl")
    run_triage.rules = rules
    payload = issue_payload(github, number) if inputs is None else {"inputs": inputs}
    result = run_triage(event_name=event_name, payload=payload)
    template = (tmp_path / "comment.md.j2").resolve()
    assert (result.code, result.err) == (
        1,
        f"triage: {template}:2:1: comment.template: Expected an expression, got 'end of statement block'\n",
    )
    assert len(github.log) == 0


def test_a_template_that_includes_another_in_any_branch_fails_at_its_line_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """The branch is one that no issue of this batch takes: the batch would stop at the first that did."""
    source = "Thanks.\n{% if hidden_reasons %}\n{% import 'more.md.j2' as more %}\n{% endif %}\n"
    (tmp_path / "comment.md.j2").write_text(source, encoding="utf-8")
    run_triage.rules.write_text(RULES_YAML + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    github.state.add_issue(REPO, "kubectl")
    result = run_triage(payload={"inputs": {}})
    template = (tmp_path / "comment.md.j2").resolve()
    assert (result.code, result.err) == (
        1,
        f'triage: {template}:3:1: comment.template: cannot load "more.md.j2": a comment template is one '
        "file, it cannot include, import or extend another\n",
    )
    assert len(github.log) == 0


@pytest.mark.parametrize("kind", ["opened", "batch"])
def test_a_template_that_renders_an_empty_comment_stops_with_its_line_and_writes_nothing(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, kind: str
) -> None:
    """Not the labels without the comment, nor a comment GitHub shows empty (the marker alone)."""
    (tmp_path / "comment.md.j2").write_text(
        "{% if not matched %}No owner found.{% endif %}\n", encoding="utf-8"
    )
    run_triage.rules.write_text(RULES_YAML + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails")
    result = run_on(github, run_triage, kind, number)
    template = (tmp_path / "comment.md.j2").resolve()
    assert result.code == 1
    assert f"triage: {template}:1:1: comment.template: the comment is empty" in result.err
    assert (writes(github), github.state.issue(REPO, number).labels) == ([], [])


@pytest.mark.parametrize("token", [None, "", "  "])
def test_a_missing_or_empty_token_fails_before_any_request(
    github: FakeGitHub, run_triage: Runner, token: str | None
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), GITHUB_TOKEN=token)
    assert result.code == 1
    assert result.err == (
        "triage: GITHUB_TOKEN is not set or empty: set it to a GitHub token with access to the "
        "repository's issues (the action sets it from its `token` input: a secret that is not set, or not "
        "passed to this run, reads as empty; leave `token` out to use the workflow's own token, with "
        "`permissions: issues: write`)\n"
    )
    assert len(github.log) == 0


@pytest.mark.parametrize("batch_flag", [["--label", "bug"], ["--since", "7d"]])
def test_one_issue_with_a_batchs_filter_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner, batch_flag: list[str]
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage("--issue", str(number), *batch_flag)
    assert result.code == 2
    assert "--issue triages one issue, while --label and --since choose the issues of a batch" in result.err
    assert len(github.log) == 0


@pytest.mark.parametrize("variable", ["GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"])
def test_a_summary_or_output_file_that_cannot_be_written_fails_before_any_request(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, variable: str
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    unwritable = tmp_path / "no such folder" / "file"
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number), **{variable: str(unwritable)}
    )
    assert (result.code, result.err) == (
        1,
        f"triage: {variable}: cannot write {unwritable}: No such file or directory\n",
    )
    assert len(github.log) == 0


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"GITHUB_TOKEN": ""}, "GITHUB_TOKEN is not set or empty: set it to a GitHub token"),
        (
            {"TRIAGE_MAX_MINUTES": "soon"},
            "TRIAGE_MAX_MINUTES (the action&#x27;s &#96;max-minutes&#96;): expected a positive",
        ),
        ({"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "/nonexistent/event.json: cannot read"),
    ],
    ids=["token", "max-minutes", "payload"],
)
def test_a_bad_input_stopping_the_run_before_any_request_is_named_in_the_job_summary(
    github: FakeGitHub, run_triage: Runner, setting: dict[str, str], message: str
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), **setting)
    assert result.code == 1
    assert run_triage.summary().startswith(f"## triage: failed before any issue\n\n> [!CAUTION]\n> {message}")
    assert len(github.log) == 0


def test_a_rules_file_naming_no_file_is_named_in_the_job_summary(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    run_triage.rules = tmp_path / "rules" / "ownership.yaml"
    result = run_triage(payload={"inputs": {}})
    assert result.code == 1
    assert (
        f"> [!CAUTION]\n> {run_triage.rules}:1:1: (file): cannot read: No such file" in run_triage.summary()
    )


def test_the_token_never_appears_in_any_output(github: FakeGitHub, run_triage: Runner) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage(payload={"inputs": {"issue": str(number + 1)}})
    assert result.code == 1
    assert TOKEN not in result.out + result.err + run_triage.summary()


def test_a_huge_body_of_emoji_cjk_nul_and_crlf_is_triaged_without_a_crash(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    chunk = "🚀 漢字テキスト \x00 kubectl\r\n"
    body = (chunk * (65_536 // len(chunk) + 1))[:65_536]
    number = github.state.add_issue(REPO, "Crash?", body)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == ["team/distribution", "deploy: k8s ☸"]
    assert [(e.method, e.status) for e in github.log] == [("POST", 200), ("POST", 201)]


def test_a_pattern_that_backtracks_for_ever_in_python_finishes_on_a_huge_body(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`(a|aa)+$` against 65,535 `a` and a `!` takes exponential time in a backtracking engine;
    RE2 runs it in linear time, so the run ends and the issue is triaged."""
    hostile = RULES_YAML.replace("keywords: [docker compose]", "patterns: ['(a|aa)+$']")
    run_triage.rules.write_text(hostile, encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl", "a" * 65_535 + "!")
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == ["team/distribution", "deploy: k8s ☸"]
    assert [(e.method, e.status) for e in github.log] == [("POST", 200), ("POST", 201)]


HOSTILE = (
    "kubectl ${{ github.token }} $(id) `whoami` @octo/admins @alice #123 {{ 7*7 }} {% raw %}"
    " <script>x</script>\n"
    f"::error::pwned\n::add-mask::secret\n{MARKER}\nEOF\nghadelimiter_1\n"
)


QUOTING_TEMPLATE = """Title: {{ issue_title }}
{% for team in teams %}{% for area in team.areas %}{% for reason in area.reasons %}- {{ reason }}
{% endfor %}{% endfor %}{% endfor %}"""
"""A comment template that shows the issue's title and every reason, so that hostile text reaches it."""


@pytest.mark.parametrize("kind", ["opened", "batch"])
def test_hostile_issue_text_is_never_evaluated_or_pinged_and_cannot_spoof_the_marker(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path, kind: str
) -> None:
    """The rules quote the hostile line (a pattern's evidence quotes it) and the template shows the
    title: the text reaches the comment, the log and the summary, inert."""
    (tmp_path / "comment.md.j2").write_text(QUOTING_TEMPLATE, encoding="utf-8")
    quoting = RULES_YAML.replace("keywords: [kubernetes, kubectl]", "patterns: ['kubectl.*']")
    run_triage.rules.write_text(quoting + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl " + HOSTILE.splitlines()[0], HOSTILE)
    result = run_on(github, run_triage, kind, number)
    assert result.code == 0, result.err
    [comment] = [c.body for c in github.state.comments(REPO, number) if c.author == BOT]
    title, *reasons = comment.splitlines()[1:]
    assert title.startswith("Title: kubectl kubectl \\${{ github.token }} \\$(id) "), "a $ shows, no math"
    assert [reason.endswith(("in the title", "in the body, line 1")) for reason in reasons] == [True, True]
    assert "{{ 7\\*7 }}" in title
    assert "49" not in comment
    assert comment.splitlines().count(MARKER) == 1
    for ping in ("@octo/admins", "@alice"):
        assert ping not in run_triage.summary()
    for ping in ("@octo/admins", "@alice", "#123"):  # a reference in a comment links the issues
        assert ping not in comment
    assert "<script>" not in title
    assert "<script>" not in run_triage.summary()
    assert not any(line.lstrip().startswith("::") for line in result.out.splitlines())
    assert "ghadelimiter_1" not in run_triage.outputs().splitlines()


HTML_TEMPLATE = """<details><summary>Why</summary>
{% for team in teams %}{% for area in team.areas %}{% for reason in area.reasons %}<p>{{ reason }}</p>
{% endfor %}{% endfor %}{% endfor %}</details>
"""
"""A template that lays the reasons out in HTML, where GitHub reads no Markdown, so no code span."""


def test_hostile_issue_text_in_a_template_of_html_opens_no_tag_reference_or_comment_end(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    (tmp_path / "comment.md.j2").write_text(HTML_TEMPLATE, encoding="utf-8")
    quoting = RULES_YAML.replace("keywords: [kubernetes, kubectl]", "patterns: ['kubectl.*']")
    run_triage.rules.write_text(quoting + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    add_managed_labels(github)
    hostile = "kubectl <img src=//e.example/x.png> <a href=//e.example>see</a> &#x40;alice &commat;bob --> x"
    number = github.state.add_issue(REPO, "kubectl fails", hostile)
    result = run_on(github, run_triage, "opened", number)
    assert result.code == 0, result.err
    [comment] = bot_comments(github, number)
    tags = re.findall(r"<[^>\u200d]*>", comment.replace(MARKER, "", 1))
    assert tags == ["<details>", "<summary>", "</summary>", "<p>", "</p>", "<p>", "</p>", "</details>"]
    assert not re.search(r"&[#a-z]|--!?>", comment.replace(MARKER, "", 1))


def test_a_template_that_strips_tags_from_the_title_posts_no_tag_or_mention_from_it(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    (tmp_path / "comment.md.j2").write_text("<p>{{ issue_title | striptags }}</p>\n", encoding="utf-8")
    run_triage.rules.write_text(RULES_YAML + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl <img src=//e.example/x.png> &#x40;alice &commat;bob")
    result = run_on(github, run_triage, "opened", number)
    assert result.code == 0, result.err
    [comment] = bot_comments(github, number)
    assert re.findall(r"<[^>]*>", comment.replace(MARKER, "", 1)) == ["<p>", "</p>"]
    assert "&#x40;" not in comment
    assert "&commat;" not in comment


def test_a_template_saved_with_a_byte_order_mark_posts_its_first_line_as_written(
    github: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """A heading after a byte order mark shows on GitHub as `# Thanks`, as text."""
    (tmp_path / "comment.md.j2").write_bytes("\ufeff# Thanks\r\n".encode())
    run_triage.rules.write_text(RULES_YAML + "comment: {template: comment.md.j2}\n", encoding="utf-8")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails")
    result = run_on(github, run_triage, "opened", number)
    assert result.code == 0, result.err
    assert bot_comments(github, number) == [f"{MARKER}\n# Thanks\n"]


def test_hostile_text_in_a_dry_run_prints_no_workflow_command(github: FakeGitHub, run_triage: Runner) -> None:
    number = github.state.add_issue(REPO, "::error::title\n::add-mask::x", HOSTILE)
    result = run_triage("--dry-run", event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert not any(line.lstrip().startswith("::") for line in result.out.splitlines())
    assert len(github.log) == 0


def test_a_legacy_workflow_command_anywhere_in_a_dry_runs_lines_is_broken(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The runner still reads `##[command]data` wherever it stands in a line, not only at its start."""
    number = github.state.add_issue(REPO, "kubectl ##[add-mask]kubectl", "Kubernetes ##[stop-commands]x")
    result = run_triage("--dry-run", event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert "add-mask]" in result.out
    assert "##[" not in result.out


def test_an_issue_flag_with_a_dispatchs_since_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage("--issue", str(number), payload={"inputs": {"since": "7d"}})
    assert result.code == 1
    assert "were both given: give one or the others" in result.err
    assert len(github.log) == 0


def test_a_dispatch_of_one_issue_with_a_since_is_refused_before_any_request(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl")
    result = run_triage(payload={"inputs": {"issue": str(number), "since": "7d"}})
    assert result.code == 1
    assert "inputs.issue triages one issue, while inputs.since chooses the issues of a batch" in result.err
    assert len(github.log) == 0


def test_a_bot_login_given_empty_is_refused_before_any_request_not_read_as_the_default(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`--bot-login "$BOT"` with BOT unset: as the Actions token's login, a run with an App's token
    would take its own comment for a person's and post a second."""
    github.state.add_issue(REPO, "kubectl")
    result = run_triage("--bot-login", " ")
    assert (result.code, result.err) == (
        2,
        "triage: --bot-login (the action's `bot-login` input) is empty: give the login triage writes "
        "as, or leave it out\n",
    )
    assert len(github.log) == 0


@pytest.mark.parametrize(
    ("flag", "wanted"),
    [
        ("--issue", "the issue's number, N or #N"),
        ("--label", "a label's name"),
        ("--since", "a date (2024-05-01), a span back from now (7d) or a resume point"),
    ],
)
def test_a_flag_given_empty_is_refused_before_any_request_not_read_as_every_open_issue(
    github: FakeGitHub, run_triage: Runner, flag: str, wanted: str
) -> None:
    """`--issue "$N"` with N unset: a dispatch input left empty means "not given", the flag does not."""
    github.state.add_issue(REPO, "kubectl")
    result = run_triage(flag, "")
    assert (result.code, result.err) == (2, f"triage: {flag} is empty: give {wanted}, or leave {flag} out\n")
    assert len(github.log) == 0


@pytest.mark.parametrize("value", ["", " ", ","])
def test_a_former_bot_login_given_empty_is_refused_before_any_request_not_read_as_none(
    github: FakeGitHub, run_triage: Runner, value: str
) -> None:
    """`--former-bot-login "$OLD"` with OLD unset: read as no former login, the run would post a
    second comment on every issue that login commented on."""
    github.state.add_issue(REPO, "kubectl")
    result = run_triage("--former-bot-login", BOT, "--former-bot-login", value)
    assert (result.code, result.err) == (
        2,
        "triage: --former-bot-login is empty: give a login triage wrote as before, or leave "
        "--former-bot-login out\n",
    )
    assert len(github.log) == 0
