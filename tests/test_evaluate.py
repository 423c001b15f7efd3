"""Specifications of the pure scoring: truth profiles, counts, area hits, mistakes, coverage."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from triage.coverage import RuleTerm, coverage, rule_terms, shared_terms
from triage.errors import InputError
from triage.evaluate import Z_95, Counts, evaluate, wilson_interval
from triage.model import (
    Area,
    AreaResult,
    AreaStatus,
    Classification,
    Doc,
    Evidence,
    FieldRule,
    Issue,
    Label,
    Matchers,
    Rules,
    Team,
    TeamResult,
    Term,
)
from triage.truth import TruthProfile, load_profile, profile_from_data, true_areas, verdict, with_options


def _area(area_id: str, keywords: tuple[str, ...] = (), docs: bool = True) -> Area:
    return Area(
        id=area_id, team_id="dist", name=area_id, label=Label(f"dist/{area_id}", "ededed", area_id),
        matchers=Matchers(keywords=tuple(Term(k, line=7) for k in keywords)),
        docs=(Doc("d", "https://example.com"),) if docs else (), note=None, threshold=3, suggest=2,
    )  # fmt: skip


MONITORING = _area("monitoring", ("grafana", "metrics"))
KUBERNETES = _area("kubernetes", ("kubectl", "metrics"), docs=False)
TEAM = Team("dist", "Dist", Label("team/dist", "ededed", "d"), (), Matchers(), 3, (MONITORING, KUBERNETES))
RULES = Rules(source="rules.yaml", version=1, teams=(TEAM,))
INDEXING = Area(
    id="indexing", team_id="search", name="indexing", label=Label("search/indexing", "ededed", "indexing"),
    matchers=Matchers(keywords=(Term("zoekt", line=20),)), docs=(), note=None, threshold=3, suggest=2,
)  # fmt: skip
SEARCH = Team("search", "Search", Label("team/search", "ededed", "s"), (), Matchers(), 3, (INDEXING,))
TWO_TEAMS = RULES._replace(teams=(TEAM, SEARCH))
PROFILE = TruthProfile(
    positive={"team/dist": ("team/dist*",)},
    ignore=("team/successor",),
    areas={"monitoring": ("monitoring",), "kubernetes": ("deploy",)},
)


def _evidence(area: Area, term: str, weight: float, where: str = "title") -> Evidence:
    return Evidence(
        "dist", area.id, "keyword", term, term, "title" if where == "title" else "body", 1, weight
    )


def _result(
    labels: tuple[str, ...], applied: tuple[Area, ...] = (), below: tuple[tuple[Area, float], ...] = ()
) -> Classification:
    """An issue labelled `labels` by people, on which triage applied `applied` (and the team)."""
    areas = [
        AreaResult(a, 4, AreaStatus.APPLIED, (_evidence(a, a.matchers.keywords[0].text, 4),)) for a in applied
    ]
    areas += [AreaResult(a, w, AreaStatus.BELOW, (_evidence(a, "metrics", w, "body"),)) for a, w in below]
    teams = (TeamResult(TEAM, sum(a.score for a in areas), bool(applied), tuple(areas), ()),) if areas else ()
    return Classification(Issue("title", "body", number=len(labels), labels=labels), teams)


@pytest.mark.parametrize(
    ("issue_labels", "expected"),
    [
        (("team/dist",), "positive"),
        (("team/dist 🚢",), "positive"),
        (("team/dist", "team/successor"), "positive"),
        (("team/successor",), "ignored"),
        (("team/search",), "negative"),
        ((), "negative"),
    ],
)
def test_verdict_reads_positive_then_ignored_then_negative(
    issue_labels: tuple[str, ...], expected: str
) -> None:
    assert verdict(PROFILE, "team/dist", issue_labels) == expected


def test_negative_prefixes_leave_issues_without_such_a_label_unscored() -> None:
    profile = TruthProfile(negative_prefixes=("team/",))
    assert verdict(profile, "team/dist", ("bug",)) == "ignored"
    assert verdict(profile, "team/dist", ("bug", "team/search")) == "negative"


def test_a_negative_prefix_matches_only_at_the_start_of_a_label() -> None:
    profile = TruthProfile(negative_prefixes=("team/",))
    assert verdict(profile, "team/dist", ("old-team/search",)) == "ignored"


def test_a_label_with_no_positive_patterns_is_positive_on_its_own_name_only() -> None:
    assert verdict(TruthProfile(), "team/dist", ("team/dist",)) == "positive"
    assert verdict(TruthProfile(), "team/dist", ("team/distribution",)) == "negative"


def test_a_label_with_no_positive_patterns_is_matched_exactly_even_with_glob_characters() -> None:
    assert verdict(TruthProfile(), "team/[ops]", ("team/[ops]",)) == "positive"
    assert verdict(TruthProfile(), "team/[ops]", ("team/o",)) == "negative"


def test_without_a_positive_entry_a_previous_name_of_the_label_is_positive_too() -> None:
    """The rules say `team/dist 🚢` is the same label, before it lost its emoji."""
    assert verdict(TruthProfile(), "team/dist", ("team/dist 🚢",), ("team/dist 🚢",)) == "positive"
    assert verdict(TruthProfile(), "team/dist", ("team/dist 🚢📦",), ("team/dist 🚢",)) == "negative"


def test_true_areas_are_every_area_whose_patterns_match_a_label() -> None:
    assert true_areas(PROFILE, ("monitoring", "deploy", "bug")) == {"monitoring", "kubernetes"}


def test_command_line_options_add_to_the_profile_and_win_per_key() -> None:
    profile = with_options(
        replace(PROFILE, negative_prefixes=("team/",)),
        positive=["team/dist=team/dist,dist"],
        ignore=["wontfix"],
        negative_prefixes=["area/"],
        areas=["monitoring=metrics, alerts"],
    )
    assert profile.positive == {"team/dist": ("team/dist", "dist")}
    assert profile.ignore == ("team/successor", "wontfix")
    assert profile.negative_prefixes == ("team/", "area/")
    assert profile.areas["monitoring"] == ("metrics", "alerts")
    assert profile.areas["kubernetes"] == ("deploy",)


def test_spaces_around_an_options_name_are_not_part_of_it() -> None:
    assert with_options(TruthProfile(), areas=[" monitoring = metrics"]).areas == {"monitoring": ("metrics",)}


def test_an_option_without_a_name_is_an_input_error() -> None:
    with pytest.raises(InputError) as error:
        with_options(PROFILE, positive=[" =team/dist"])
    assert str(error.value) == "--positive ' =team/dist': expected NAME=PATTERN[,PATTERN...]"


def test_an_option_without_patterns_is_an_input_error() -> None:
    with pytest.raises(InputError) as error:
        with_options(PROFILE, areas=["monitoring="])
    assert str(error.value) == "--area 'monitoring=': expected NAME=PATTERN[,PATTERN...]"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "t.yaml: expected a mapping with positive, ignore, negative_prefixes, areas"),
        ({"positives": {}}, "t.yaml: unknown key 'positives': did you mean 'positive'?"),
        (
            {"negative_prefix": ["team/"]},
            "t.yaml: unknown key 'negative_prefix': did you mean 'negative_prefixes'?",
        ),
        (
            {"labels": {}},
            "t.yaml: unknown key 'labels': the keys are positive, ignore, negative_prefixes, areas",
        ),
        (
            {1: ["a"], "foo": ["b"]},
            "t.yaml: unknown key '1': the keys are positive, ignore, negative_prefixes, areas",
        ),
        (
            {"ignore": ["wontfix", 2024]},
            "t.yaml: ignore[1]: expected a label pattern, got the number 2024 "
            "(read as one: put the label in quotes)",
        ),
        (
            {"positive": {"team/x": [float("nan")]}},
            "t.yaml: positive.team/x[0]: expected a label pattern, got the number nan "
            "(read as one: put the label in quotes)",
        ),
        ({"areas": {"m": [None]}}, "t.yaml: areas.m[0]: expected a label pattern, got nothing"),
        ({"ignore": {"a": "b"}}, "t.yaml: ignore: expected a label pattern or a list of them, got a mapping"),
        ({"areas": ["x"]}, "t.yaml: areas: expected a mapping of name to label patterns"),
        ({"positive": {"team/dist": []}}, "t.yaml: positive.team/dist: expected at least one label pattern"),
    ],
)
def test_a_malformed_profile_names_the_file_and_key(data: object, message: str) -> None:
    with pytest.raises(InputError) as error:
        profile_from_data(data, "t.yaml")
    assert str(error.value) == message


def test_a_single_label_yaml_read_as_a_number_says_to_quote_it_as_one_in_a_list_does() -> None:
    """`positive: {team/x: 1.5}`: one pattern may stand alone, so a number there is a label unquoted."""
    with pytest.raises(InputError) as error:
        profile_from_data({"positive": {"team/x": 1.5}}, "t.yaml")
    assert str(error.value) == (
        "t.yaml: positive.team/x: expected a label pattern or a list of them, got the number 1.5 "
        "(read as one: put the label in quotes)"
    )


def test_profile_file_patterns_may_be_a_single_string() -> None:
    assert profile_from_data({"ignore": "wontfix"}, "t.yaml").ignore == ("wontfix",)


def test_counts_give_precision_recall_and_f1() -> None:
    counts = Counts(tp=3, fp=1, fn=1, tn=5)
    assert (counts.precision, counts.recall, counts.f1, counts.scored) == (0.75, 0.75, 0.75, 10)


def test_counts_with_nothing_predicted_score_zero_not_a_division_error() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1, Counts().false_positive_rate) == (0.0,) * 4


def test_the_false_positive_rate_is_the_share_of_negatives_labelled_whatever_the_positives() -> None:
    few_positives, many_positives = Counts(tp=1, fp=2, fn=0, tn=8), Counts(tp=40, fp=2, fn=0, tn=8)
    assert [c.false_positive_rate for c in (few_positives, many_positives)] == [0.2, 0.2]
    assert few_positives.precision < many_positives.precision


def interval(successes: int, trials: int) -> tuple[float, float]:
    found = wilson_interval(successes, trials)
    assert found is not None
    return found


def test_the_wilson_interval_of_none_of_n_runs_from_zero_to_z_squared_over_n_plus_z_squared() -> None:
    low, high = interval(0, 10)
    assert (low, round(high, 6)) == (0.0, round(Z_95**2 / (10 + Z_95**2), 6))


def test_the_wilson_interval_of_all_of_n_mirrors_none_of_n() -> None:
    low, high = interval(10, 10)
    assert (round(low, 6), high) == (round(10 / (10 + Z_95**2), 6), 1.0)


def test_the_wilson_interval_is_the_scores_interval_around_an_off_centre_share() -> None:
    """32 of 37: the share 0.865 is not the interval's centre, which Wilson pulls towards one half."""
    low, high = interval(32, 37)
    assert (round(low, 3), round(high, 3)) == (0.720, 0.941)
    assert high - 32 / 37 < 32 / 37 - low


def test_the_wilson_interval_narrows_as_the_issues_counted_grow() -> None:
    (small_low, small_high), (large_low, large_high) = interval(9, 10), interval(900, 1000)
    assert large_high - large_low < (small_high - small_low) / 5


def test_counts_give_precisions_interval_over_predictions_and_recalls_over_positives() -> None:
    counts = Counts(tp=3, fp=1, fn=6, tn=5)
    intervals = (counts.precision_interval, counts.recall_interval)
    assert intervals == (wilson_interval(3, 4), wilson_interval(3, 9))


def test_counts_with_nothing_predicted_have_no_precision_interval() -> None:
    assert (Counts(fn=2).precision_interval, Counts(fp=2).recall_interval) == (None, None)


def test_each_issue_lands_in_one_cell_and_ignored_issues_in_none() -> None:
    results = [
        _result(("team/dist",), applied=(MONITORING,)),
        _result(("team/dist",)),
        _result(("team/search",), applied=(KUBERNETES,)),
        _result(("team/search",)),
        _result(("team/successor",), applied=(MONITORING,)),
    ]
    label = evaluate(RULES, PROFILE, results).labels[0]
    assert (label.counts, label.ignored) == (Counts(tp=1, fp=1, fn=1, tn=1), 1)


def test_negatives_carrying_an_area_label_of_the_team_are_counted_whatever_its_case() -> None:
    """A repository that labels by area alone, scored on the team label: those issues are the team's."""
    results = [
        _result(("dist/monitoring",), applied=(MONITORING,)),
        _result(("Dist/Kubernetes", "bug")),
        _result(("team/dist", "dist/monitoring"), applied=(MONITORING,)),
        _result(("team/search", "search/indexing")),
        _result(("team/successor", "dist/monitoring")),
    ]
    label = evaluate(TWO_TEAMS, replace(PROFILE, positive={}), results).labels[0]
    assert (label.counts, label.negatives_with_area_labels) == (Counts(tp=1, fp=1, tn=2), 2)


def test_area_hit_counts_positives_with_a_true_area_even_when_the_team_was_missed() -> None:
    results = [
        _result(("team/dist", "monitoring"), applied=(MONITORING,)),
        _result(("team/dist", "deploy"), applied=(MONITORING,)),
        _result(("team/dist", "deploy")),
        _result(("team/dist",), applied=(KUBERNETES,)),
    ]
    label = evaluate(RULES, PROFILE, results).labels[0]
    assert (label.area_hit, label.area_total) == (1, 3)
    assert [(h.area_id, h.hit, h.total) for h in label.per_area] == [
        ("kubernetes", 0, 2),
        ("monitoring", 1, 1),
    ]


def test_areas_per_positive_counts_applied_areas_on_true_positives_only() -> None:
    results = [
        _result(("team/dist",), applied=(MONITORING, KUBERNETES)),
        _result(("team/dist",), applied=(MONITORING,)),
        _result(("team/search",), applied=(MONITORING, KUBERNETES)),
    ]
    assert evaluate(RULES, PROFILE, results).labels[0].areas_per_positive == 1.5


def test_areas_per_positive_counts_only_the_scored_teams_areas() -> None:
    dist = TeamResult(TEAM, 4, True, (AreaResult(MONITORING, 4, AreaStatus.APPLIED, ()),), ())
    search = TeamResult(SEARCH, 4, True, (AreaResult(INDEXING, 4, AreaStatus.APPLIED, ()),), ())
    result = Classification(Issue("t", "b", labels=("team/dist",)), (dist, search))
    assert evaluate(TWO_TEAMS, PROFILE, [result]).labels[0].areas_per_positive == 1.0


def test_only_the_team_labels_the_profile_names_are_scored() -> None:
    assert [label.label for label in evaluate(TWO_TEAMS, PROFILE, []).labels] == ["team/dist"]


def test_a_true_area_of_another_team_counts_for_no_area_hit_of_this_label() -> None:
    profile = replace(PROFILE, areas={**PROFILE.areas, "indexing": ("indexing",)})
    result = _result(("team/dist", "indexing"), applied=(MONITORING,))
    label = evaluate(TWO_TEAMS, profile, [result]).labels[0]
    assert (label.area_total, label.per_area) == (0, ())


TEAM_TERM = Evidence("dist", None, "keyword", "deploy", "deploy", "body", 2, 1)


def _false_positive(*areas: AreaResult) -> Classification:
    """An issue of another team's on which triage applied team/dist, with its team-level `TEAM_TERM`."""
    found = (TeamResult(TEAM, 5, True, areas, (TEAM_TERM,)),)
    return Classification(Issue("t", "b", labels=("team/search",)), found)


def test_a_false_positive_shows_the_team_level_evidence_beside_the_applied_areas() -> None:
    applied = AreaResult(MONITORING, 4, AreaStatus.APPLIED, (_evidence(MONITORING, "grafana", 4),))
    (mistake,) = evaluate(RULES, PROFILE, [_false_positive(applied)]).labels[0].mistakes
    assert [(e.area_id, e.term) for e in mistake.evidence] == [("monitoring", "grafana"), (None, "deploy")]


def test_a_false_positive_leaves_out_the_evidence_of_areas_only_suggested() -> None:
    applied = AreaResult(MONITORING, 4, AreaStatus.APPLIED, (_evidence(MONITORING, "grafana", 4),))
    suggested = AreaResult(KUBERNETES, 2, AreaStatus.SUGGESTED, (_evidence(KUBERNETES, "kubectl", 2),))
    (mistake,) = evaluate(RULES, PROFILE, [_false_positive(applied, suggested)]).labels[0].mistakes
    assert [(e.area_id, e.term) for e in mistake.evidence] == [("monitoring", "grafana"), (None, "deploy")]


def test_a_false_positive_without_an_applied_area_shows_all_the_evidence_that_added_up() -> None:
    below = AreaResult(KUBERNETES, 2, AreaStatus.BELOW, (_evidence(KUBERNETES, "kubectl", 2),))
    (mistake,) = evaluate(RULES, PROFILE, [_false_positive(below)]).labels[0].mistakes
    assert [(e.area_id, e.term) for e in mistake.evidence] == [("kubernetes", "kubectl"), (None, "deploy")]


def test_evidence_of_equal_weight_is_listed_by_area_then_by_term() -> None:
    areas = (
        AreaResult(MONITORING, 1, AreaStatus.BELOW, (_evidence(MONITORING, "alerts", 1),)),
        AreaResult(KUBERNETES, 1, AreaStatus.BELOW, (_evidence(KUBERNETES, "pods", 1),)),
    )
    result = Classification(Issue("t", "b", labels=("team/dist",)), (TeamResult(TEAM, 2, False, areas, ()),))
    (mistake,) = evaluate(RULES, PROFILE, [result]).labels[0].mistakes
    assert [(e.area_id, e.term) for e in mistake.evidence] == [
        ("kubernetes", "pods"),
        ("monitoring", "alerts"),
    ]


def test_a_false_positive_shows_the_evidence_that_fired() -> None:
    result = _result(("team/search",), applied=(MONITORING,), below=((KUBERNETES, 1),))
    (mistake,) = evaluate(RULES, PROFILE, [result]).labels[0].mistakes
    assert (mistake.kind, [(e.area_id, e.term) for e in mistake.evidence]) == (
        "FP",
        [("monitoring", "grafana")],
    )


def test_a_false_negative_shows_the_strongest_evidence_below_threshold_first() -> None:
    result = _result(("team/dist",), below=((KUBERNETES, 1), (MONITORING, 2)))
    (mistake,) = evaluate(RULES, PROFILE, [result]).labels[0].mistakes
    assert (mistake.kind, [(e.area_id, e.weight) for e in mistake.evidence]) == (
        "FN",
        [("monitoring", 2), ("kubernetes", 1)],
    )


def test_a_vetoed_false_negative_shows_the_veto_before_stronger_evidence() -> None:
    veto = Evidence("dist", None, "exclude", "code insights", "Code insights", "title", 1, 0)
    evidence = tuple(_evidence(MONITORING, f"term{n}", 2) for n in range(6))
    areas = (AreaResult(MONITORING, 12, AreaStatus.EXCLUDED, evidence),)
    result = Classification(
        Issue("t", "b", labels=("team/dist",)), (TeamResult(TEAM, 12, False, areas, (veto,)),)
    )
    (mistake,) = evaluate(RULES, PROFILE, [result]).labels[0].mistakes
    assert [e.kind for e in mistake.evidence] == ["exclude", "keyword", "keyword", "keyword", "keyword"]


def test_a_false_negative_without_any_evidence_shows_none() -> None:
    (mistake,) = evaluate(RULES, PROFILE, [_result(("team/dist",))]).labels[0].mistakes
    assert mistake.evidence == ()


def test_a_profile_label_the_rules_do_not_have_is_an_input_error() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(positive={"team/other": ("x",)}), [])
    assert str(error.value) == "truth: positive: 'team/other' is not a team label of rules.yaml"


def test_a_profile_label_the_rules_renamed_is_an_input_error_naming_the_new_name() -> None:
    renamed = RULES._replace(
        teams=(TEAM._replace(label=TEAM.label._replace(name="team/deploy", previous_names=("team/dist",))),)
    )
    with pytest.raises(InputError) as error:
        evaluate(renamed, TruthProfile(positive={"team/dist": ("team/dist*",)}), [])
    assert str(error.value) == (
        "truth: positive: 'team/dist' is not a team label of rules.yaml: "
        "they renamed it 'team/deploy' (its previous_names)"
    )


def test_a_profile_area_the_rules_do_not_have_is_an_input_error() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(areas={"helm": ("x",)}), [])
    assert str(error.value) == "truth: areas: 'helm' is not an area id of rules.yaml"


def test_a_profile_label_given_as_a_team_id_is_an_input_error_naming_the_team_label() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(positive={"dist": ("team/dist*",)}), [])
    assert str(error.value) == (
        "truth: positive: 'dist' is not a team label of rules.yaml: "
        "it is the id of the team labelled 'team/dist': write that label"
    )


def test_a_profile_label_given_as_an_area_label_is_an_input_error_naming_its_team_label() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(positive={"dist/monitoring": ("dist/monitoring",)}), [])
    assert str(error.value) == (
        "truth: positive: 'dist/monitoring' is not a team label of rules.yaml: it is the label of the area "
        "'monitoring' of the team labelled 'team/dist': write that team label, with this one among its "
        "patterns"
    )


def test_a_profile_label_given_as_the_fallback_label_is_an_input_error_saying_it_names_no_owner() -> None:
    with_fallback = RULES._replace(fallback_label=Label("needs-triage", "ededed", "no owner"))
    with pytest.raises(InputError) as error:
        evaluate(with_fallback, TruthProfile(positive={"Needs-Triage": ("needs-triage",)}), [])
    assert str(error.value) == (
        "truth: positive: 'Needs-Triage' is not a team label of rules.yaml: it is the rules' fallback_label, "
        "which names no owner: eval scores the team labels only"
    )


def test_a_profile_area_given_as_its_label_is_an_input_error_naming_the_area_id() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(areas={"dist/Monitoring": ("monitoring",)}), [])
    assert str(error.value) == (
        "truth: areas: 'dist/Monitoring' is not an area id of rules.yaml: "
        "it is the label of the area 'monitoring': write that id"
    )


def test_a_mistyped_profile_label_is_an_input_error_naming_the_nearest_team_label() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(positive={"team/dsit": ("team/dist*",)}), [])
    assert (
        str(error.value)
        == "truth: positive: 'team/dsit' is not a team label of rules.yaml: did you mean 'team/dist'?"
    )


def test_a_mistyped_profile_area_is_an_input_error_naming_the_nearest_area_id() -> None:
    with pytest.raises(InputError) as error:
        evaluate(RULES, TruthProfile(areas={"monitor": ("x",)}), [])
    assert (
        str(error.value)
        == "truth: areas: 'monitor' is not an area id of rules.yaml: did you mean 'monitoring'?"
    )


def test_coverage_lists_unfired_terms_areas_without_docs_and_false_positive_areas() -> None:
    results = [
        _result(("team/search",), applied=(MONITORING,)),
        _result(("team/dist",), applied=(KUBERNETES,)),
    ]
    report = coverage(RULES, results, evaluate(RULES, PROFILE, results))
    assert [(t.owner, t.text) for t in report.never_fired] == [
        ("dist/monitoring", "metrics"),
        ("dist/kubernetes", "metrics"),
    ]
    assert report.areas_without_docs == ("dist/kubernetes",)
    assert report.false_positive_areas == (("dist/monitoring", 1),)


def test_a_term_two_areas_both_list_is_reported_once_with_both_owners() -> None:
    (shared,) = shared_terms(rule_terms(RULES))
    assert (shared.kind, shared.text, shared.owners) == (
        "keywords",
        "metrics",
        ("dist/kubernetes", "dist/monitoring"),
    )


def test_a_field_value_counts_as_fired_when_field_evidence_names_it() -> None:
    field_rule = FieldRule("Deployment type", (Term("helm"), Term("kubectl")))
    area = KUBERNETES._replace(matchers=Matchers(fields=(field_rule,)))
    rules = RULES._replace(teams=(TEAM._replace(areas=(area,)),))
    fired = Evidence("dist", "kubernetes", "field", "Deployment type: helm", "Helm", "body", 3, 3)
    result = Classification(
        Issue("t", "b"),
        (TeamResult(TEAM, 3, True, (AreaResult(area, 3, AreaStatus.APPLIED, (fired,)),), ()),),
    )
    report = coverage(rules, [result], evaluate(rules, TruthProfile(), [result]))
    assert [t.text for t in report.never_fired] == ["Deployment type: kubectl"]


def test_a_truth_profile_that_is_not_utf8_is_an_input_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "truth.yaml"
    path.write_bytes(b"positive: {team/dist: [\xff]}\n")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == f"{path}:1:24: not UTF-8 text (byte 0xFF here): save it as UTF-8"


def _terms(*written: tuple[str, str, str]) -> list[RuleTerm]:
    return [RuleTerm(owner, kind, text, 1) for owner, kind, text in written]


def test_exclude_terms_two_areas_both_list_are_not_shared_terms() -> None:
    """An exclude adds nothing to either area: listing it twice makes no match ambiguous."""
    assert shared_terms(_terms(("dist/a", "exclude", "preview"), ("dist/b", "exclude", "preview"))) == ()


def test_terms_that_differ_only_in_case_are_shared() -> None:
    (shared,) = shared_terms(_terms(("dist/a", "keywords", "Metrics"), ("dist/b", "keywords", "metrics")))
    assert shared.owners == ("dist/a", "dist/b")


def test_globs_that_differ_only_in_a_leading_or_trailing_slash_are_shared() -> None:
    (shared,) = shared_terms(_terms(("dist/a", "paths", "/docs/admin"), ("dist/b", "paths", "docs/admin/")))
    assert shared.owners == ("dist/a", "dist/b")


def test_a_field_value_is_located_at_its_own_line() -> None:
    field_rule = FieldRule("Deployment type", (Term("helm", line=9),), line=8)
    area = KUBERNETES._replace(matchers=Matchers(fields=(field_rule,)))
    rules = RULES._replace(teams=(TEAM._replace(areas=(area,)),))
    assert [(t.text, t.line) for t in rule_terms(rules)] == [("Deployment type: helm", 9)]


def test_areas_with_as_many_false_positives_are_listed_by_name() -> None:
    results = [
        _result(("team/search",), applied=(MONITORING,)),
        _result(("team/search",), applied=(KUBERNETES,)),
    ]
    report = coverage(RULES, results, evaluate(RULES, PROFILE, results))
    assert report.false_positive_areas == (("dist/kubernetes", 1), ("dist/monitoring", 1))


def test_a_false_positive_of_the_team_alone_is_counted_as_team_only() -> None:
    result = Classification(
        Issue("t", "b", number=1, labels=("team/search",)), (TeamResult(TEAM, 3, True, (), ()),)
    )
    report = coverage(RULES, [result], evaluate(RULES, PROFILE, [result]))
    assert report.false_positive_areas == (("dist/(team only)", 1),)


def test_a_truth_profile_key_written_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    """YAML's loader keeps the last of two equal keys: the first `positive` block would vanish."""
    path = tmp_path / "truth.yaml"
    path.write_text(
        "positive:\n  team/dist: [a]\nignore: [x]\npositive:\n  team/other: [b]\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == f'{path}:4:1: invalid YAML: duplicate key "positive" (first at line 1)'


def test_a_truth_profile_json_syntax_error_is_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "truth.json"
    path.write_text('{\n  "ignore": [x]\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == f"{path}:2:14: invalid JSON: Expecting value"


def test_a_truth_profile_json_refuses_nan_as_not_json(tmp_path: Path) -> None:
    path = tmp_path / "truth.json"
    path.write_text('{\n  "ignore": ["x"],\n  "positive": {"a": NaN}\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert (
        str(error.value) == f"{path}:3:21: invalid JSON: NaN is not a JSON value: JSON has no NaN or Infinity"
    )


def test_a_truth_profile_yaml_syntax_error_is_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "truth.yaml"
    path.write_text("ignore: [a\nareas: {}\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == (
        f"{path}:2:6: invalid YAML: expected ',' or ']', but got ':', "
        "in the `[` list opened at line 1, column 9"
    )


def test_a_control_character_in_a_truth_profile_is_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "truth.yaml"
    path.write_text("positive:\n  team/dist: [a]\nignore: [x\x07]\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == (
        f"{path}:3:11: invalid YAML: unacceptable character U+0007: special characters are not allowed"
    )


def test_a_truth_profile_value_python_cannot_build_is_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "truth.yaml"
    path.write_text("positive:\n  team/dist: [a]\nignore: [2024-02-30]\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == f"{path}:3:10: invalid YAML: day is out of range for month"


def test_a_truth_profile_key_that_is_a_list_is_named_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "truth.yaml"
    path.write_text("positive:\n  ? [team/dist]\n  : [a]\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_profile(str(path))
    assert str(error.value) == f"{path}:2:5: invalid YAML: a key must be a plain value, not a list"
