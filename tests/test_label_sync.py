"""Label sync decisions: create, update, rename in place; never delete, never touch the unmanaged."""

from __future__ import annotations

from triage.label_sync import LabelChange, blocked_renames, labels_to_fix, sync_plan
from triage.model import Label

TEAM = Label("team/distribution", "5319e7", "Owned by Distribution")
K8S = Label("deploy/k8s", "0e8a16", "Kubernetes", previous_names=("k8s", "kube"))


def test_a_missing_label_is_created() -> None:
    assert sync_plan([TEAM], []) == (LabelChange("create", TEAM),)


def test_a_label_as_configured_is_left_alone() -> None:
    assert sync_plan([TEAM], [Label("team/distribution", "5319E7", "Owned by Distribution")]) == ()


def test_a_wrong_colour_or_description_is_updated() -> None:
    current = Label("team/distribution", "ededed", "")
    change = sync_plan([TEAM], [current])
    assert change == (LabelChange("update", TEAM, current),)
    assert change[0].describe() == "update team/distribution: colour ededed -> 5319e7, description"


def test_a_label_differing_only_in_case_is_renamed_to_the_configured_case() -> None:
    current = Label("Team/Distribution", "5319e7", "Owned by Distribution")
    assert sync_plan([TEAM], [current]) == (LabelChange("update", TEAM, current),)


def test_a_label_configured_in_capitals_is_found_under_the_repositorys_lower_case_name() -> None:
    wanted = Label("Team/Distribution", "5319e7", "Owned by Distribution")
    current = Label("team/distribution", "5319e7", "Owned by Distribution")
    assert sync_plan([wanted], [current]) == (LabelChange("update", wanted, current),)


def test_a_change_of_case_is_described_as_a_change_of_name() -> None:
    current = Label("Team/Distribution", "5319e7", "Owned by Distribution")
    (change,) = sync_plan([TEAM], [current])
    assert change.describe() == "update team/distribution: name Team/Distribution -> team/distribution"


def test_a_previous_name_is_renamed_in_place() -> None:
    old = Label("kube", "0e8a16", "Kubernetes")
    change = sync_plan([K8S], [old, Label("bug", "d73a4a", "")])
    assert change == (LabelChange("rename", K8S, old),)
    assert change[0].describe() == "rename kube -> deploy/k8s"


def test_a_rename_that_also_sets_the_colour_and_description_says_so() -> None:
    """The PATCH that renames also gives the rules' colour and description: a dry run shows it."""
    (change,) = sync_plan([K8S], [Label("kube", "000000", "")])
    assert change.describe() == "rename kube -> deploy/k8s: colour 000000 -> 0e8a16, description"


def test_a_previous_name_is_found_whatever_its_case() -> None:
    wanted = Label("deploy/k8s", "0e8a16", "Kubernetes", previous_names=("Kube",))
    old = Label("KUBE", "000000", "")
    assert sync_plan([wanted], [old]) == (LabelChange("rename", wanted, old),)


def test_a_blocked_rename_names_the_former_label_as_the_repository_spells_it() -> None:
    existing = [Label("K8s", "000000", ""), Label("deploy/k8s", "0e8a16", "Kubernetes")]
    assert blocked_renames([K8S], existing) == (("K8s", "deploy/k8s"),)


def test_a_second_former_name_left_behind_by_the_rename_of_the_first_is_a_blocked_rename() -> None:
    existing = [Label("k8s", "000000", ""), Label("kube", "000000", "")]
    assert sync_plan([K8S], existing) == (LabelChange("rename", K8S, existing[0]),)
    assert blocked_renames([K8S], existing) == (("kube", "deploy/k8s"),)


def test_when_both_the_new_and_an_old_name_exist_the_old_one_is_left_alone() -> None:
    assert sync_plan([K8S], [Label("k8s", "000000", ""), Label("deploy/k8s", "0e8a16", "Kubernetes")]) == ()


def test_unmanaged_labels_are_never_in_the_plan() -> None:
    assert sync_plan([], [Label("bug", "d73a4a", ""), Label("k8s", "000000", "")]) == ()


def test_a_label_github_just_created_grey_is_fixed_from_the_add_response() -> None:
    returned = [Label("team/distribution", "ededed", ""), Label("bug", "ededed", "")]
    assert labels_to_fix([TEAM], ["team/distribution"], returned) == (TEAM,)


def test_a_label_that_already_had_colour_is_not_fixed() -> None:
    returned = [Label("team/distribution", "ff0000", "")]
    assert labels_to_fix([TEAM], ["team/distribution"], returned) == ()


def test_a_label_that_was_not_just_added_is_not_fixed() -> None:
    returned = [Label("team/distribution", "ededed", "")]
    assert labels_to_fix([TEAM], [], returned) == ()


def test_a_label_configured_grey_and_bare_needs_no_fixing() -> None:
    grey = Label("needs-triage", "ededed", "")
    assert labels_to_fix([grey], ["needs-triage"], [Label("needs-triage", "ededed", "")]) == ()


def test_a_grey_label_found_under_another_case_than_the_rules_give_is_fixed() -> None:
    configured = Label("Team/Distribution", "5319e7", "Owned by Distribution")
    returned = [Label("team/distribution", "ededed", "")]
    assert labels_to_fix([configured], ["Team/Distribution"], returned) == (configured,)


def test_a_grey_label_the_rules_do_not_manage_is_not_fixed() -> None:
    returned = [Label("bug", "ededed", "")]
    assert labels_to_fix([TEAM], ["bug"], returned) == ()
