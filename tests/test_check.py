"""`triage check`: every problem printed (and annotated inside Actions), then the rule cases run.

Most cases run with the keyword-only stand-in classifier (tests/fake_classifier.py) through
`check(...)`, so the expected output does not move when the real scoring is tuned; the last
tests run the real classifier end to end through `main`.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from tests.check_run import run_check
from tests.fake_classifier import fake_classify
from triage.cli import main
from triage.commands.check import check
from triage.render import CONTEXT_NAMES

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
OPS = FIXTURES / "cases" / "ops.yaml"
TWO_PROBLEMS = "version: 1\nteams:\n  - id: Ops\n    name: Operations\n    lable: {}\n"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "ownership.yaml"
    path.write_text(TWO_PROBLEMS)
    return path


def test_valid_rules_without_cases_pass_and_say_where_cases_would_go(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = FIXTURES / "good" / "minimal.yaml"
    assert main(["check", "--rules", str(rules)]) == 0
    assert capsys.readouterr().out == (
        f"{rules}: ok (1 team, 0 areas, 1 label)\n"
        f"no rule test cases ({FIXTURES / 'good' / 'minimal.cases.yaml'} does not exist)\n"
    )


def test_areas_with_no_term_of_their_own_pass_with_a_note_naming_them(tmp_path: Path) -> None:
    """What `import-handbook` writes before its author picks the terms: not a problem, not "ok" alone."""
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        """\
version: 1
teams:
  - id: pay
    name: Payments
    label: {name: team/pay, color: "5319e7", description: Payments}
    areas:
      - id: checkout
        name: Checkout
        label: {name: pay/checkout, color: "0e8a16", description: Checkout}
      - id: billing
        name: Billing
        label: {name: pay/billing, color: "0e8a16", description: Billing}
        keywords: [invoice]
      - id: refunds
        name: Refunds
        label: {name: pay/refunds, color: "0e8a16", description: Refunds}
        exclude: [refund policy]
"""
    )
    code, out = run_check(rules)
    assert code == 0
    assert out.splitlines()[1] == (
        "note: 2 areas can never be labelled, having no keywords, patterns, paths, repos or fields yet: "
        "checkout, refunds"
    )


TEAM_WITH_AREAS = """\
version: 1
teams:
  - id: pay
    name: Payments
    label: {name: team/pay, color: "5319e7", description: Payments}
    keywords: [payments]
    areas:
      - id: checkout
        name: Checkout
        label: {name: pay/checkout, color: "0e8a16", description: Checkout}
        keywords: [cart]
      - id: billing
        name: Billing
        label: {name: pay/billing, color: "0e8a16", description: Billing}
        keywords: [invoice]
"""


def test_a_team_key_below_its_areas_passes_with_a_note_at_its_line_naming_the_area_it_may_belong_to(
    tmp_path: Path,
) -> None:
    """An area's last key indented two spaces too little is the team's to YAML: evidence for no area."""
    rules = tmp_path / "ownership.yaml"
    rules.write_text(TEAM_WITH_AREAS + "    repos:\n      - acme/billing-service\n")
    code, out = run_check(rules)
    assert code == 0
    assert out.splitlines()[1] == (
        f"note: {rules}:16:5: teams[0].repos: comes after the team's areas, where YAML reads it as the "
        "team's own (evidence for the team as a whole, for no area): if it belongs to the area above "
        "(billing), indent it under that area; if it is the team's, move it above `areas:`"
    )


def test_a_team_key_below_its_areas_is_a_warning_on_its_line_inside_github_actions(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(TEAM_WITH_AREAS + "    exclude: [refund policy]\n")
    code, out = run_check(rules, actions=True)
    assert code == 0
    assert f"::warning file={rules},line=16,col=5::teams[0].exclude: comes after the team's areas" in out


def test_team_keys_above_their_areas_get_no_note(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(TEAM_WITH_AREAS)
    code, out = run_check(rules)
    assert code == 0
    assert "note:" not in out


def test_team_keys_above_their_areas_get_no_note_when_an_area_repeats_the_teams_terms_by_alias(
    tmp_path: Path,
) -> None:
    """The area's alias has the anchor's lines, above `areas:`: they do not place the areas there."""
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        TEAM_WITH_AREAS.replace("keywords: [payments]", "keywords: &pay [payments]\n    exclude: [refund]")
        + "      - id: ledger\n        name: Ledger\n"
        + '        label: {name: pay/ledger, color: "0e8a16", description: Ledger}\n'
        + "        keywords: *pay\n"
    )
    code, out = run_check(rules)
    assert code == 0
    assert "ok (1 team, 3 areas" in out
    assert "note:" not in out


def test_team_keys_above_their_areas_get_no_note_when_an_area_repeats_an_earlier_teams_terms_by_alias(
    tmp_path: Path,
) -> None:
    """The alias has the lines of its anchor in the team above; a team with no terms between them."""
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        TEAM_WITH_AREAS.replace("keywords: [invoice]", "keywords: &money [invoice]")
        + "  - id: empty\n    name: Empty\n"
        + '    label: {name: team/empty, color: "5319e7", description: Empty}\n'
        + "  - id: shop\n    name: Shop\n"
        + '    label: {name: team/shop, color: "5319e7", description: Shop}\n'
        + "    keywords: [storefront]\n    areas:\n      - id: orders\n        name: Orders\n"
        + '        label: {name: shop/orders, color: "0e8a16", description: Orders}\n'
        + "        keywords: *money\n"
    )
    code, out = run_check(rules)
    assert code == 0
    assert "ok (3 teams, 3 areas" in out
    assert "note:" not in out


def test_team_keys_above_their_areas_get_no_note_when_an_area_repeats_a_top_level_anchor(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        TEAM_WITH_AREAS.replace("version: 1\n", "version: 1\npath_repos: &ours [acme/app]\n").replace(
            "keywords: [invoice]", "keywords: [invoice]\n        repos: *ours"
        )
    )
    code, out = run_check(rules)
    assert code == 0
    assert "note:" not in out


def test_a_team_key_below_its_areas_written_as_an_alias_gets_the_note_at_its_own_line(tmp_path: Path) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        TEAM_WITH_AREAS.replace("keywords: [cart]", "keywords: &cart [cart]") + "    patterns: *cart\n"
    )
    code, out = run_check(rules)
    assert code == 0
    assert f"note: {rules}:16:5: teams[0].patterns: comes after the team's areas" in out


def test_every_problem_is_printed_and_the_exit_code_is_one(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["check", "--rules", str(broken)]) == 1
    assert capsys.readouterr().out == (
        f'{broken}:3:9: teams[0].id: "Ops" is not a valid id: use lowercase letters, digits and dashes, '
        "not starting with a dash\n"
        f'{broken}:5:5: teams[0].lable: unknown key "lable": did you mean "label"?\n'
        f"{broken}: 2 problems\n"
    )


def test_inside_github_actions_each_problem_is_also_an_error_annotation(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "--rules", str(broken)]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations == [
        f'::error file={broken},line=3,col=9::teams[0].id: "Ops" is not a valid id: use lowercase letters, '
        "digits and dashes, not starting with a dash",
        f'::error file={broken},line=5,col=5::teams[0].lable: unknown key "lable": did you mean "label"?',
    ]


def test_a_problem_is_annotated_as_every_command_annotates_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One printable line, whatever the value its message quotes: the runner reads `%0A` back as a
    line break, and the run's page would show the rest of a key on a line of its own."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    rules = tmp_path / "ownership.yaml"
    rules.write_text(TWO_PROBLEMS + '"x\\n::add-mask::y": 1\n')
    assert main(["check", "--rules", str(rules)]) == 1
    checked = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error")]
    assert main(["dry-run", "--rules", str(rules), "--title", "t"]) == 1
    stopped = [line for line in capsys.readouterr().err.splitlines() if line.startswith("::error")]
    assert checked == stopped
    assert checked[-1].startswith(f'::error file={rules},line=6,col=1::x ::add-mask::y: unknown key "x ::add')


def test_a_syntax_error_is_one_located_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text("version: 1\nteams: [\n")
    assert main(["check", "--rules", str(rules)]) == 1
    assert capsys.readouterr().out == (
        f"{rules}:3:1: (file): YAML syntax error: expected the node content, but found '<stream end>'\n"
        f"{rules}: 1 problem\n"
    )


def test_rules_given_as_a_dash_are_not_read_from_stdin_and_the_problem_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`--input -` reads stdin, so `--rules -` may be tried: it names a file called `-`."""
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--rules", "-"]) == 1
    assert capsys.readouterr().out == (
        "-:1:1: (file): cannot read: No such file or directory (a rules, cases or template file is read "
        "from a path, never from stdin)\n-: 1 problem\n"
    )


def test_a_missing_rules_file_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "none.yaml"
    assert main(["check", "--rules", str(rules)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        f"{rules}:1:1: (file): cannot read: No such file or directory\n{rules}: 1 problem\n",
        "",
    )


@pytest.mark.parametrize("folder", [".", "/"])
def test_a_folder_without_a_file_name_as_the_rules_is_a_problem_not_a_traceback(
    folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--rules .`: no file name to put `.cases.yaml` beside, so no cases file to look for."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["check", "--rules", folder]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        f"{folder}:1:1: (file): cannot read: Is a directory\n{folder}: 1 problem\n",
        "",
    )


def test_a_cases_file_given_but_missing_is_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cases = tmp_path / "none.cases.yaml"
    assert main(["check", "--rules", str(OPS), "--cases", str(cases)]) == 1
    assert capsys.readouterr().out == (
        f"{OPS}: ok (1 team, 2 areas, 4 labels)\n"
        f"{cases}:1:1: (file): cannot read: No such file or directory\n"
        f"{cases}: 1 problem\n"
    )


def test_problems_in_the_cases_file_are_printed_like_rules_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "ops.cases.yaml"
    cases.write_text("cases:\n  - {name: a, title: t, labels: [ops/deploi]}\n")
    assert main(["check", "--rules", str(OPS), "--cases", str(cases)]) == 1
    assert capsys.readouterr().out == (
        f"{OPS}: ok (1 team, 2 areas, 4 labels)\n"
        f'{cases}:2:34: cases[0].labels[0]: "ops/deploi" is not a label these rules manage: '
        'did you mean "ops/deploy"?\n'
        f"{cases}: 1 problem\n"
    )


def test_the_cases_beside_the_rules_are_found_and_run() -> None:
    assert run_check(OPS) == (0, f"{OPS}: ok (1 team, 2 areas, 4 labels)\n3 cases, 3 passed, 0 failed\n")


def test_cases_run_only_when_the_rules_are_valid(broken: Path) -> None:
    cases = broken.with_name("ownership.cases.yaml")
    shutil.copy(FIXTURES / "cases" / "ops.cases.yaml", cases)
    code, output = run_check(broken)
    assert (code, output.splitlines()[-2:]) == (
        1,
        [f"{broken}: 2 problems", f"{cases}: the cases were not run, as the rules have problems"],
    )


def test_with_invalid_rules_the_cases_files_own_mistakes_are_reported_in_the_same_round(broken: Path) -> None:
    cases = broken.with_name("ownership.cases.yaml")
    cases.write_text("cases:\n  - name: x\n    title: y\n    lables: [a]\n", encoding="utf-8")
    code, output = run_check(broken)
    assert code == 1
    assert (
        f'{cases}:4:5: cases[0].lables: unknown key "lables": did you mean "labels"?' in output.splitlines()
    )


def test_each_failing_case_is_shown_with_its_line_expectation_and_evidence() -> None:
    cases = FIXTURES / "cases" / "failing.cases.yaml"
    code, output = run_check(OPS, cases)
    assert code == 1
    assert output == (
        f"{OPS}: ok (1 team, 2 areas, 4 labels)\n"
        f"FAIL {cases}:6: alert only in the body\n"
        '  label "ops/monitoring" expected, not applied\n'
        "    area monitoring: score 1, suggested (threshold 2, suggest 1)\n"
        '      keyword "alert" in body line 1: "The alert fired at 3am." (+1)\n'
        f"FAIL {cases}:12: rollout is not monitoring\n"
        '  label "ops/monitoring" applied, must not be\n'
        "    area monitoring: score 2, applied (threshold 2, suggest 1)\n"
        '      keyword "grafana" in title line 1: "Rollout stuck; grafana shows it" (+2)\n'
        f"FAIL {cases}:16: deploy expected from nothing\n"
        '  label "ops/deploy" expected, not applied\n'
        "    area deploy: no evidence\n"
        "    strongest evidence in this issue:\n"
        '      area monitoring: keyword "grafana" in title line 1: "Grafana is slow" (+2)\n'
        f"FAIL {cases}:20: fallback expected\n"
        '  label "needs-triage" expected, not applied\n'
        "    no fallback: teams applied: ops (2)\n"
        '  area "monitoring" expected as suggested, had no evidence\n'
        "    area monitoring: no evidence\n"
        "    strongest evidence in this issue:\n"
        '      area deploy: keyword "rollout" in title line 1: "Rollout of the new coffee machine" (+2)\n'
        "5 cases, 1 passed, 4 failed\n"
    )


def test_a_case_whose_questions_differ_shows_what_was_expected_and_what_was_asked(tmp_path: Path) -> None:
    cases = tmp_path / "ops.cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - name: an outside reporter's deploy report is asked the version\n"
        "    title: Deploy fails\n"
        "    asks: [the version you deploy]\n"
        "  - name: a member's deploy report is asked for a dashboard link\n"
        "    title: Deploy fails\n"
        "    author_association: MEMBER\n"
        "    asks: [a link to the dashboard]\n"
    )
    assert run_check(OPS, cases) == (
        1,
        f"{OPS}: ok (1 team, 2 areas, 4 labels)\n"
        f"FAIL {cases}:5: a member's deploy report is asked for a dashboard link\n"
        '  asks "a link to the dashboard" expected, asked nothing\n'
        '    "a link to the dashboard": asked by area monitoring (no evidence), none of them labelled\n'
        "2 cases, 1 passed, 1 failed\n",
    )


def test_inside_github_actions_a_failing_case_is_annotated_on_its_line() -> None:
    cases = FIXTURES / "cases" / "failing.cases.yaml"
    _, output = run_check(OPS, cases, actions=True)
    annotations = [line for line in output.splitlines() if line.startswith("::")]
    assert annotations[0] == (
        f'::error file={cases},line=6,col=1::case "alert only in the body" failed:%0A'
        'label "ops/monitoring" expected, not applied%0A'
        "  area monitoring: score 1, suggested (threshold 2, suggest 1)%0A"
        '    keyword "alert" in body line 1: "The alert fired at 3am." (+1)'
    )
    assert len(annotations) == 4


def test_without_github_actions_nothing_is_annotated() -> None:
    _, output = run_check(OPS, FIXTURES / "cases" / "failing.cases.yaml")
    assert not any(line.startswith("::") for line in output.splitlines())


def test_a_case_name_cannot_break_the_output_into_a_workflow_command(tmp_path: Path) -> None:
    cases = tmp_path / "ops.cases.yaml"
    cases.write_text('cases:\n  - {name: "x\\n::add-mask::y", title: Grafana, labels: [ops/deploy]}\n')
    _, output = run_check(OPS, cases, actions=True)
    assert [line for line in output.splitlines() if "add-mask" in line] == [
        f"FAIL {cases}:2: x ::add-mask::y",
        f'::error file={cases},line=2,col=1::case "x ::add-mask::y" failed:%0A'
        'label "ops/deploy" expected, not applied%0A'
        "  area deploy: no evidence%0A"
        "  strongest evidence in this issue:%0A"
        '    area monitoring: keyword "grafana" in title line 1: "Grafana" (+2)',
    ]


def test_the_real_classifier_runs_the_cases_beside_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--rules", str(OPS)]) == 0
    assert capsys.readouterr().out == f"{OPS}: ok (1 team, 2 areas, 4 labels)\n3 cases, 3 passed, 0 failed\n"


def test_with_the_real_classifier_each_failing_case_is_named_with_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cases = FIXTURES / "cases" / "failing.cases.yaml"
    assert main(["check", "--rules", str(OPS), "--cases", str(cases)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("FAIL")] == [
        f"FAIL {cases}:6: alert only in the body",
        f"FAIL {cases}:12: rollout is not monitoring",
        f"FAIL {cases}:16: deploy expected from nothing",
        f"FAIL {cases}:20: fallback expected",
    ]
    assert lines[-1] == "5 cases, 1 passed, 4 failed"


def test_cases_of_rules_for_a_github_enterprise_server_read_its_links_as_github_links(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = FIXTURES / "cases" / "ghes.yaml"
    assert main(["check", "--rules", str(rules)]) == 0
    ok = f"{rules}: ok (1 team, 2 areas, 3 labels)\n"
    assert capsys.readouterr().out == ok + "3 cases, 3 passed, 0 failed\n"


# --- A comment template of the rules' own ----------------------------------------------------


def _with_template(folder: Path, source: str) -> tuple[Path, Path]:
    """The ops rules and their cases in `folder`, with `source` as their comment template."""
    rules = folder / "ops.yaml"
    rules.write_text(OPS.read_text() + "comment: {template: comment.md.j2, on_no_match: short}\n")
    shutil.copy(OPS.with_name("ops.cases.yaml"), folder / "ops.cases.yaml")
    template = folder / "comment.md.j2"
    template.write_text(source, encoding="utf-8")
    return rules, template.resolve()


def test_a_syntax_error_in_the_template_is_a_problem_at_its_line_and_no_case_runs(tmp_path: Path) -> None:
    rules, template = _with_template(tmp_path, "Thanks.\n{% if %}\n")
    assert run_check(rules) == (
        1,
        f"{template}:2:1: comment.template: Expected an expression, got 'end of statement block'\n"
        f"{template}: 1 problem\n"
        f"{tmp_path / 'ops.cases.yaml'}: the cases were not run, as the rules have problems\n",
    )


def test_no_line_check_prints_holds_a_legacy_workflow_command(tmp_path: Path) -> None:
    """The runner reads `##[command]` anywhere in a line of the log, not only at its start."""
    rules = tmp_path / "ops.yaml"
    rules.write_text(OPS.read_text() + '"##[add-mask]secret": 1\n')
    _, output = run_check(rules, actions=True)
    assert ("##[" in output, "#\u200d#[add-mask]secret" in output) == (False, True)


def test_a_template_file_name_holding_a_line_break_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    rules = tmp_path / "ops.yaml"
    rules.write_text(OPS.read_text() + 'comment: {template: "a\\n::warning::b.j2"}\n')
    (tmp_path / "a\n::warning::b.j2").write_text("{% if %}\n", encoding="utf-8")
    _, output = run_check(rules, actions=True)
    assert "::warning::b.j2" in output
    assert [line for line in output.splitlines() if line.lstrip().startswith("::")] == [
        line for line in output.splitlines() if line.startswith("::error file=")
    ]


def test_a_template_that_is_not_utf8_is_a_problem_at_its_line_and_no_case_runs(tmp_path: Path) -> None:
    rules, template = _with_template(tmp_path, "")
    template.write_bytes("Thanks.\n{# café #}\n".encode("latin-1"))
    assert run_check(rules) == (
        1,
        f"{template}:2:7: comment.template: cannot read: not UTF-8 text (byte 0xE9 here): "
        "save the file as UTF-8\n"
        f"{template}: 1 problem\n"
        f"{tmp_path / 'ops.cases.yaml'}: the cases were not run, as the rules have problems\n",
    )


def test_a_template_that_fails_without_a_match_is_found_before_any_issue_needs_it(tmp_path: Path) -> None:
    rules, template = _with_template(tmp_path, "Owner: {{ teams[0].name }}\n")
    (tmp_path / "ops.cases.yaml").unlink()
    assert run_check(rules) == (
        1,
        f"{template}:1:1: comment.template: tuple object has no element 0 "
        "(rendering a sample comment with every area suggested, none applied)\n"
        f"{template}: 1 problem\n",
    )


def test_a_template_that_fails_once_a_person_took_off_the_owner_labels_is_found_before_any_issue_needs_it(
    tmp_path: Path,
) -> None:
    """With `on_no_match: none` too: a re-triage rewrites a comment of ours whatever that setting."""
    rules, template = _with_template(tmp_path, "Thanks.\n{% if taken_off %}{{ 1 / 0 }}{% endif %}\n")
    rules.write_text(rules.read_text().replace(", on_no_match: short", ""))
    (tmp_path / "ops.cases.yaml").unlink()
    assert run_check(rules) == (
        1,
        f"{template}:2:1: comment.template: ZeroDivisionError: division by zero "
        "(rendering a sample comment with every team and area label taken off by a person)\n"
        f"{template}: 1 problem\n",
    )


def test_a_template_that_fails_once_the_fallback_replaces_the_owner_labels_a_person_took_off_is_found(
    tmp_path: Path,
) -> None:
    """A re-triage gives such an issue the fallback label, and its comment names it beside `taken_off`."""
    rules, template = _with_template(
        tmp_path, "Thanks.\n{% if taken_off and fallback_label %}{{ 1 / 0 }}{% endif %}\n"
    )
    (tmp_path / "ops.cases.yaml").unlink()
    assert run_check(rules) == (
        1,
        f"{template}:2:1: comment.template: ZeroDivisionError: division by zero (rendering a sample "
        "comment with every team and area label taken off by a person, and the fallback label given)\n"
        f"{template}: 1 problem\n",
    )


def test_a_template_that_fails_only_when_it_asks_questions_is_found_before_any_issue_needs_it(
    tmp_path: Path,
) -> None:
    """The ops rules' areas each ask a question; no case is left to render one."""
    rules, template = _with_template(tmp_path, "Thanks.\n{% for question in asks %}{{ 1 / 0 }}{% endfor %}\n")
    (tmp_path / "ops.cases.yaml").unlink()
    assert run_check(rules) == (
        1,
        f"{template}:2:1: comment.template: ZeroDivisionError: division by zero "
        "(rendering a sample comment with every team and area applied)\n"
        f"{template}: 1 problem\n",
    )


def test_a_template_spelling_an_emoji_as_a_surrogate_pair_is_told_at_its_line(tmp_path: Path) -> None:
    rules, template = _with_template(tmp_path, 'Thanks.\nHi {{ "\\ud83d\\udc4b" }}\n')
    code, out = run_check(rules)
    assert code == 1
    assert f"{template}:2:1: comment.template: the comment holds a lone surrogate (U+D83D)" in out


def test_a_template_that_fails_for_cases_is_one_problem_naming_the_first_case(tmp_path: Path) -> None:
    rules, template = _with_template(tmp_path, "Thanks.\n{% if 'o' in issue_title %}{{ 1 / 0 }}{% endif %}\n")
    cases = tmp_path / "ops.cases.yaml"
    assert run_check(rules) == (
        1,
        f"{rules}: ok (1 team, 2 areas, 4 labels)\n"
        f"{template}:2:1: comment.template: ZeroDivisionError: division by zero "
        f'(rendering the comment for case "deploy in the title", {cases}:2)\n'
        f"{template}: 1 problem\n"
        "3 cases, 3 passed, 0 failed\n",
    )


NAMES = ", ".join(CONTEXT_NAMES)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ lipsum(200000) }}", f"'lipsum' is undefined; the names a comment template can read: {NAMES}"),
        (
            '{{ "%.1000000f"|format(1.0) }}',
            "'%' formatting asks for a width or precision of 1000000, over the limit of 65536",
        ),
    ],
)
def test_a_template_call_past_a_bound_is_a_problem_at_its_line(
    tmp_path: Path, source: str, message: str
) -> None:
    """Each ran as one call the time limit could not stop: for minutes, and for about 10 s."""
    rules, template = _with_template(tmp_path, f"Thanks.\n{source}\n")
    code, output = run_check(rules)
    assert (code, output.splitlines()[0]) == (
        1,
        f"{template}:2:1: comment.template: {message} "
        "(rendering a sample comment with every team and area applied)",
    )


def test_a_template_that_fails_only_for_a_comment_too_long_for_github_is_found_before_any_issue_needs_it(
    tmp_path: Path,
) -> None:
    """`hidden_reasons` is more than 0 only once reasons are dropped to fit GitHub's limit."""
    source = 'Thanks.\n{% if hidden_reasons %}\n{{ "s" if hidden_reason > 1 }}\n{% endif %}\n'
    rules, template = _with_template(tmp_path, source)
    code, output = run_check(rules)
    assert (code, output.splitlines()[0]) == (
        1,
        f"{template}:3:1: comment.template: 'hidden_reason' is undefined; the names a comment template "
        f"can read: {', '.join(CONTEXT_NAMES)} (rendering a sample comment with every team and area applied "
        "and every reason dropped, as in one too long for GitHub, `hidden_reasons` counting them)",
    )


def test_an_include_in_a_branch_no_sample_takes_is_a_problem_at_its_line_and_no_case_runs(
    tmp_path: Path,
) -> None:
    """One `ignore missing` loads nothing and fails nothing: the problem is the other's."""
    source = (
        'Thanks.\n{% include "x.md" ignore missing %}\n{% if issue_number == 7 %}\n'
        '{% include "footer.md" %}\n{% endif %}\n'
    )
    rules, template = _with_template(tmp_path, source)
    assert run_check(rules) == (
        1,
        f'{template}:4:1: comment.template: cannot load "footer.md": a comment template is one file, '
        "it cannot include, import or extend another\n"
        f"{template}: 1 problem\n"
        f"{tmp_path / 'ops.cases.yaml'}: the cases were not run, as the rules have problems\n",
    )


def test_a_template_that_writes_nothing_when_no_owner_is_found_fails_the_check(tmp_path: Path) -> None:
    """With `on_no_match: none` too: a re-triage that finds no owner rewrites a comment of ours."""
    rules, template = _with_template(tmp_path, "{% if matched %}Owner found.{% endif %}\n")
    rules.write_text(rules.read_text().replace(", on_no_match: short", ""))
    (tmp_path / "ops.cases.yaml").unlink()
    code, output = run_check(rules)
    assert (code, output.splitlines()[1:]) == (1, [f"{template}: 1 problem"])
    assert output.startswith(f"{template}:1:1: comment.template: the comment is empty")
    assert output.splitlines()[0].endswith(
        "(rendering a sample comment with every area suggested, none applied)"
    )


def test_a_template_that_renders_for_every_case_passes(tmp_path: Path) -> None:
    rules, _ = _with_template(tmp_path, "Thanks. {% for team in teams %}{{ team.name }}{% endfor %}\n")
    assert run_check(rules) == (0, f"{rules}: ok (1 team, 2 areas, 4 labels)\n3 cases, 3 passed, 0 failed\n")


def test_patterns_too_large_for_the_one_pass_are_named_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each compiles alone; all the terms in one RE2 set do not, which every command would hit."""
    rules = tmp_path / "ownership.yaml"
    pattern = "release of \\pL{1,150}"
    rules.write_text((FIXTURES / "good" / "minimal.yaml").read_text() + f"    patterns: ['{pattern}']\n")
    assert main(["check", "--rules", str(rules)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(
        f'{rules}:7:1: teams[0].patterns[0]: "{pattern}" is too large: with the rules\' other terms'
    )


def test_globs_too_many_for_one_set_are_a_problem_before_any_issue_meets_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The globs' set is built when a path is first found: check builds it now."""
    rules = tmp_path / "ownership.yaml"
    globs = ", ".join(f'"**/svc{index}/**/*.go"' for index in range(3000))
    rules.write_text((FIXTURES / "good" / "minimal.yaml").read_text() + f"    paths: [{globs}]\n")
    assert main(["check", "--rules", str(rules)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{rules}:1:1: paths: the rules' 3000 path globs together are too large for RE2's memory "
        "for one set: remove some"
    )


def test_a_glob_with_a_posix_class_is_named_at_its_line_not_blamed_on_the_set_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        (FIXTURES / "good" / "minimal.yaml").read_text() + '    paths: ["deploy/**", "doc/[[:alpha:]]"]\n'
    )
    assert main(["check", "--rules", str(rules)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f'{rules}:7:26: teams[0].paths[1]: "doc/[[:alpha:]]" uses the character class [:alpha:], which '
        "triage's globs do not support: list the characters instead (a-zA-Z for [:alpha:])"
    )


@pytest.mark.parametrize("body", ["see `deploy/x.yaml`", "no path here"])
def test_a_dry_run_refuses_a_glob_with_a_posix_class_whatever_the_issue_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    rules = tmp_path / "ownership.yaml"
    rules.write_text(
        (FIXTURES / "good" / "minimal.yaml").read_text() + '    paths: ["deploy/**", "doc/[[:alpha:]]"]\n'
    )
    assert main(["dry-run", "--rules", str(rules), "--title", "broken", "--body", body]) == 1
    assert f'{rules}:7:26: teams[0].paths[1]: "doc/[[:alpha:]]" uses' in capsys.readouterr().err


def test_with_invalid_rules_a_case_that_expects_nothing_is_still_reported(broken: Path) -> None:
    cases = broken.with_name("ownership.cases.yaml")
    cases.write_text("cases:\n  - name: x\n    title: y\n", encoding="utf-8")
    code, output = run_check(broken)
    assert code == 1
    assert (
        f"{cases}:2:5: cases[0]: the case expects nothing: give labels, not_labels, suggested or asks"
        in output
    )


def test_only_github_actions_set_to_true_turns_annotations_on(broken: Path) -> None:
    out = io.StringIO()
    assert check(str(broken), None, out=out, env={"GITHUB_ACTIONS": "false"}, classify=fake_classify) == 1
    assert not [line for line in out.getvalue().splitlines() if line.startswith("::")]


@pytest.mark.parametrize("name", ["ownership.cases.yml", "ownership.case.yaml", "ownership.Cases.yaml"])
def test_a_cases_file_beside_the_rules_under_a_near_name_fails_the_check_naming_it(
    tmp_path: Path, name: str
) -> None:
    """The gate of a pull request: passing with no case run would let a change through untested."""
    rules = tmp_path / "ownership.yaml"
    shutil.copy(OPS, rules)
    misnamed = tmp_path / name
    shutil.copy(FIXTURES / "cases" / "ops.cases.yaml", misnamed)

    assert run_check(rules) == (
        1,
        f"{rules}: ok (1 team, 2 areas, 4 labels)\n"
        f"{misnamed}:1:1: (file): these cases are not run: check reads those of {rules} from "
        f"{tmp_path / 'ownership.cases.yaml'}, which does not exist: rename this file so, or give "
        f"--cases {misnamed}\n"
        f"{misnamed}: 1 problem\n",
    )


def test_the_rules_file_itself_is_not_taken_for_a_misnamed_cases_file(tmp_path: Path) -> None:
    """The rules file itself is the nearest name to `showcase.cases.yaml`, and holds "case"."""
    rules = tmp_path / "showcase.yaml"
    shutil.copy(OPS, rules)

    assert run_check(rules) == (
        0,
        f"{rules}: ok (1 team, 2 areas, 4 labels)\n"
        f"no rule test cases ({tmp_path / 'showcase.cases.yaml'} does not exist)\n",
    )


def test_the_cases_of_other_rules_beside_them_are_not_taken_for_a_misnamed_cases_file(tmp_path: Path) -> None:
    """A folder of a rules file for each team: team-a's cases are the nearest name to team-b's."""
    for team in ("team-a", "team-b"):
        shutil.copy(OPS, tmp_path / f"{team}.yaml")
    shutil.copy(FIXTURES / "cases" / "ops.cases.yaml", tmp_path / "team-a.cases.yaml")
    rules = tmp_path / "team-b.yaml"

    assert run_check(rules) == (
        0,
        f"{rules}: ok (1 team, 2 areas, 4 labels)\n"
        f"no rule test cases ({tmp_path / 'team-b.cases.yaml'} does not exist)\n",
    )


def test_cases_given_are_run_when_no_cases_file_sits_beside_the_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    shutil.copy(OPS, rules)
    assert run_check(rules, FIXTURES / "cases" / "ops.cases.yaml") == (
        0,
        f"{rules}: ok (1 team, 2 areas, 4 labels)\n3 cases, 3 passed, 0 failed\n",
    )


def test_with_invalid_rules_a_cases_file_given_but_missing_is_still_a_problem(
    broken: Path, tmp_path: Path
) -> None:
    cases = tmp_path / "none.cases.yaml"
    code, output = run_check(broken, cases)
    assert (code, output.splitlines()[-2:]) == (
        1,
        [f"{cases}:1:1: (file): cannot read: No such file or directory", f"{cases}: 1 problem"],
    )


def test_terms_too_many_for_the_one_pass_are_blamed_on_their_number_not_on_patterns_that_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No few terms make the set too large, so none is named: a rule author who added hundreds of
    keywords is not sent to shrink a pattern written long before."""
    rules = tmp_path / "ownership.yaml"
    keywords = ", ".join(f"zq{index}term" for index in range(20_000))
    rules.write_text(
        (FIXTURES / "good" / "minimal.yaml").read_text()
        + "    patterns: ['\\brelease\\s+of\\s+\\w+']\n"
        + f"    keywords: [{keywords}]\n"
    )
    assert main(["check", "--rules", str(rules)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert re.fullmatch(
        re.escape(f"{rules}:1:1: (rules): the rules' terms together (")
        + r"200\d\d"
        + re.escape(
            " distinct searches) exceed RE2's memory for the one pass over an issue, though none is "
            "large: remove some"
        ),
        first,
    )


def test_a_keyword_too_large_for_the_one_pass_is_named_at_its_line_its_text_clipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "ownership.yaml"
    keyword = " ".join(["word"] * 30_000)
    rules.write_text((FIXTURES / "good" / "minimal.yaml").read_text() + f"    keywords: ['{keyword}']\n")
    assert main(["check", "--rules", str(rules)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f'{rules}:7:1: teams[0].keywords[0]: "word word')
    assert first.endswith("exceeds RE2's memory for the one pass over an issue; make it smaller")
    assert len(first) < 500
