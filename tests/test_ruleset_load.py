"""What a valid rules file loads into: terms with their lines, resolved thresholds, links, labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.model import Ask, CommentSettings, Doc, FieldRule, Label, Rules, Term, Weights
from triage.ruleset import load_rules

GOOD = Path(__file__).parent / "fixtures" / "rules" / "good"


@pytest.fixture(scope="module")
def full() -> Rules:
    return load_rules(GOOD / "full.yaml")


@pytest.fixture(scope="module")
def minimal() -> Rules:
    return load_rules(GOOD / "minimal.yaml")


def test_a_minimal_file_gets_every_documented_default(minimal: Rules) -> None:
    team = minimal.teams[0]
    assert (minimal.weights, minimal.comment, minimal.fallback_label) == (Weights(), CommentSettings(), None)
    assert (team.threshold, team.docs, team.areas) == (3.0, (), ())
    assert (minimal.defer_to, minimal.path_repos, minimal.github_hosts) == ((), (), ())


def test_defer_to_patterns_are_kept_as_written(tmp_path: Path) -> None:
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*", "Owner: *"]\n'), "utf-8")
    assert load_rules(path).defer_to == ("team/*", "Owner: *")


def test_path_repos_patterns_are_kept_as_written(tmp_path: Path) -> None:
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(
        text.replace("version: 1\n", "version: 1\npath_repos: [Acme/Web, acme/deploy-*]\n"), "utf-8"
    )
    assert load_rules(path).path_repos == ("Acme/Web", "acme/deploy-*")


def test_github_hosts_are_loaded_lower_cased_as_links_are_compared(tmp_path: Path) -> None:
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(
        text.replace("version: 1\n", "version: 1\ngithub_hosts: [GHE.Example.com, 10.0.0.7, ghe]\n"), "utf-8"
    )
    assert load_rules(path).github_hosts == ("ghe.example.com", "10.0.0.7", "ghe")


def test_an_empty_github_hosts_list_is_the_default_github_com_alone(tmp_path: Path) -> None:
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace("version: 1\n", "version: 1\ngithub_hosts: []\n"), "utf-8")
    assert load_rules(path).github_hosts == ()


def test_rules_remember_the_file_they_came_from(minimal: Rules) -> None:
    assert minimal.source == str(GOOD / "minimal.yaml")


def test_a_plain_string_term_is_case_insensitive_with_weight_one_and_its_line(full: Rules) -> None:
    assert full.teams[0].areas[0].matchers.keywords[0] == Term("deploy", False, 1.0, 34)


def test_a_term_mapping_carries_its_options(full: Rules) -> None:
    assert full.teams[0].areas[0].matchers.keywords[1] == Term("K8s", True, 2.0, 35)


def test_a_term_mapping_without_options_gets_the_defaults(full: Rules) -> None:
    assert full.teams[0].areas[0].matchers.keywords[2] == Term("rollout", False, 1.0, 36)


def test_every_evidence_list_is_loaded_as_written(full: Rules) -> None:
    matchers = full.teams[0].areas[0].matchers
    assert [t.text for t in matchers.patterns] == ["deploy-(\\w+)?"]
    assert [t.text for t in matchers.paths] == ["deploy/**/*.yaml", "/Makefile"]
    assert [(t.text, t.weight) for t in matchers.repos] == [("example/deploy", 1.0), ("example/charts", 0.5)]
    assert [t.text for t in matchers.exclude] == ["deploy preview"]


def test_a_field_rule_keeps_its_values_as_terms_and_its_line(full: Rules) -> None:
    values = (Term("kubernetes", line=41), Term("Helm", True, 1.0, 41))
    assert full.teams[0].areas[0].matchers.fields == (FieldRule("Deployment type", values, 41),)


def test_team_level_evidence_belongs_to_the_team(full: Rules) -> None:
    matchers = full.teams[0].matchers
    assert [t.text for t in (*matchers.keywords, *matchers.patterns, *matchers.exclude)] == [
        "ops team",
        "ops-\\d+",
        "not ops",
    ]


def test_an_area_threshold_and_suggest_override_the_defaults(full: Rules) -> None:
    deploy = full.teams[0].areas[0]
    assert (deploy.threshold, deploy.suggest) == (5.0, 3.0)


def test_an_area_without_overrides_takes_the_file_thresholds(full: Rules) -> None:
    monitoring = full.teams[0].areas[1]
    assert (monitoring.threshold, monitoring.suggest) == (4.0, 2.5)


def test_a_team_threshold_overrides_thresholds_team(full: Rules, minimal: Rules) -> None:
    assert (full.teams[0].threshold, minimal.teams[0].threshold) == (6.0, 3.0)


def test_a_team_without_a_threshold_takes_thresholds_team_not_apply(tmp_path: Path) -> None:
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace("version: 1\n", "version: 1\nthresholds: {apply: 4, team: 5}\n"), "utf-8")
    assert load_rules(path).teams[0].threshold == 5.0


def test_weights_are_read_as_numbers(full: Rules) -> None:
    assert full.weights == Weights(title=3, body=1.5, keyword=1, pattern=2, path=2.5, repo=2, field=4)


def test_relative_doc_links_resolve_against_docs_base_and_absolute_ones_are_kept(full: Rules) -> None:
    assert full.teams[0].docs == (
        Doc("Ops goals", "https://handbook.example.com/direction/ops"),
        Doc("This page", "https://handbook.example.com/engineering/ops#ownership"),
        Doc("Status", "https://status.example.com/"),
    )
    assert full.teams[0].areas[0].docs == (
        Doc("Deploy guide", "https://handbook.example.com/engineering/deploy"),
    )


def test_labels_keep_colour_description_and_previous_names(full: Rules) -> None:
    assert full.teams[0].label == Label(
        "team/ops", "5319E7", "Owned by Operations", ("team/operations", "ops-team")
    )
    assert full.fallback_label == Label("needs-triage", "ededed", "No owner found by triage")


def test_every_managed_label_is_listed_in_file_order(full: Rules) -> None:
    assert [label.name for label in full.managed_labels] == [
        "team/ops",
        "ops/deploy",
        "ops/monitoring",
        "needs-triage",
    ]


def test_areas_know_their_team_and_keep_note_and_name(full: Rules) -> None:
    deploy, monitoring = full.teams[0].areas
    assert (deploy.team_id, deploy.name, deploy.note) == (
        "ops",
        "Deployment",
        "Deployments older than a year are not supported.",
    )
    assert monitoring.note is None


def test_the_comment_template_is_stored_as_an_absolute_path(full: Rules) -> None:
    template = str((GOOD / "templates" / "short.md.j2").resolve())
    assert full.comment == CommentSettings(template=template, on_no_match="short")


def test_the_template_path_is_relative_to_the_rules_file_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rules = load_rules(GOOD / "full.yaml")
    assert rules.comment.template == str((GOOD / "templates" / "short.md.j2").resolve())


def test_the_example_in_the_readme_is_a_valid_rules_file(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## The rules file", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "ownership.yaml"
    path.write_text(example)
    assert [area.id for area in load_rules(path).areas] == ["kubernetes"]


def test_every_name_a_managed_label_goes_by_is_one_of_ours_case_folded(tmp_path: Path) -> None:
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "rules.yaml"
    fallback = "fallback_label: {name: Needs-Triage, color: ededed, description: x, previous_names: [Old]}\n"
    path.write_text(text.replace("version: 1\n", f"version: 1\n{fallback}"), "utf-8")
    rules = load_rules(path)
    team = rules.teams[0].label.name.casefold()
    assert rules.managed_or_former_names == {team, "needs-triage", "old"}


def test_asks_are_loaded_with_their_answering_patterns_as_case_insensitive_terms(full: Rules) -> None:
    monitoring = full.teams[0].areas[1]
    assert monitoring.asks == (
        Ask(
            "Which **Grafana** version do you run?",
            (Term(r"\bgrafana\s+v?\d", line=54), Term(r"\bgrafana:\d", line=54)),
        ),
    )


def test_a_team_asks_its_own_questions_and_an_ask_may_have_no_answering_patterns(full: Rules) -> None:
    assert full.teams[0].asks == (Ask("How many users does the instance have?", reporters="outside"),)


def test_an_ask_is_for_any_reporter_unless_it_says_outside(full: Rules) -> None:
    assert [ask.reporters for ask in full.teams[0].areas[1].asks] == ["any"]


def test_an_owner_without_asks_asks_nothing(minimal: Rules) -> None:
    assert minimal.teams[0].asks == ()
