"""`triage labels sync` against the fake GitHub."""

from __future__ import annotations

import pytest

from tests.fakegithub import REPO, FakeGitHub, faults
from tests.integration.conftest import COMPOSE, FALLBACK, K8S, TEAM, Runner
from triage.cli import main
from triage.errors import EXIT_RATE_LIMITED


def labels(github: FakeGitHub) -> dict[str, tuple[str, str]]:
    return {label.name: (label.color, label.description) for label in github.state.labels(REPO)}


def sync(run_triage: Runner, *args: str) -> tuple[int, str]:
    code, out, _ = sync_with_errors(run_triage, *args)
    return code, out


def sync_with_errors(run_triage: Runner, *args: str) -> tuple[int, str, str]:
    run_triage.monkeypatch.setenv("GITHUB_TOKEN", "ghs_test")
    run_triage.monkeypatch.setenv("GITHUB_API_URL", run_triage.github.url)
    run_triage.monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    run_triage.capsys.readouterr()
    code = main(["labels", "sync", "--rules", str(run_triage.rules), *args])
    captured = run_triage.capsys.readouterr()
    return code, captured.out, captured.err


def test_sync_creates_updates_and_renames_only_managed_labels(github: FakeGitHub, run_triage: Runner) -> None:
    github.state.add_label(REPO, "bug", "d73a4a", "Something is wrong")
    github.state.add_label(REPO, TEAM, "ededed", "")
    github.state.add_label(REPO, "k8s", "000000", "old name")
    issue = github.state.add_issue(REPO, "kubectl", labels=["k8s", "bug"])
    code, out = sync(run_triage)
    assert code == 0
    assert labels(github) == {
        "bug": ("d73a4a", "Something is wrong"),
        TEAM: ("5319e7", "Owned by the Distribution team"),
        K8S: ("0e8a16", "Kubernetes installs"),
        COMPOSE: ("1d76db", "Docker Compose installs"),
        FALLBACK: ("ededed", "No owner found by triage"),
    }
    assert github.state.issue(REPO, issue).labels == [K8S, "bug"]
    assert github.log.count("DELETE") == 0
    assert out.splitlines()[-1] == "triage: 4 label(s) changed, 0 already as configured"


def test_sync_twice_changes_nothing_the_second_time(github: FakeGitHub, run_triage: Runner) -> None:
    sync(run_triage)
    github.log.clear()
    code, out = sync(run_triage)
    assert code == 0
    assert github.log.writes() == []
    assert out == "triage: 0 label(s) changed, 4 already as configured\n"


def test_sync_dry_run_prints_the_changes_and_writes_nothing(github: FakeGitHub, run_triage: Runner) -> None:
    github.state.add_label(REPO, "k8s", "000000", "old name")
    code, out = sync(run_triage, "--dry-run")
    assert code == 0
    assert github.log.writes() == []
    assert out.splitlines() == [
        "triage: would create team/distribution (#5319e7: Owned by the Distribution team)",
        f"triage: would rename k8s -> {K8S}: colour 000000 -> 0e8a16, description",
        "triage: would create deploy/docker compose (#1d76db: Docker Compose installs)",
        "triage: would create needs-triage (#ededed: No owner found by triage)",
        "triage: 4 label(s) would change, 0 already as configured",
    ]


def test_sync_says_when_a_former_name_cannot_be_renamed_as_the_new_name_exists_already(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """An issue opened between the rules change and the sync got the new name, so GitHub created it."""
    github.state.add_label(REPO, "k8s", "000000", "old name")
    github.state.add_label(REPO, K8S)
    code, out = sync(run_triage)
    assert code == 0
    assert {label.name for label in github.state.labels(REPO)} >= {"k8s", K8S}
    assert out.splitlines()[-1] == (
        f"triage: k8s cannot be renamed to {K8S}, which another label holds or takes in this sync: the "
        f"issues labelled k8s keep it (triage run takes it for {K8S}); move them to {K8S} and delete "
        "k8s by hand"
    )


def test_sync_with_a_token_that_may_not_create_labels_names_the_permission_and_creates_none(
    github: FakeGitHub, run_triage: Runner
) -> None:
    refusal = {"message": "You do not have permission to create labels on this repository."}
    github.faults.add("POST", rf"/repos/{REPO}/labels$", faults.status(403, refusal), times=None)
    code, _, err = sync_with_errors(run_triage)
    assert (code, err) == (
        1,
        f"triage: POST /repos/{REPO}/labels: 403 You do not have permission to create labels on this "
        "repository.: the token may not create labels: it needs `issues: write`. 0 label(s) changed "
        "before it; 4 not changed: team/distribution (not tried: deploy: k8s ☸, deploy/docker compose, "
        "needs-triage); `triage labels sync` again finishes them once that is fixed\n",
    )
    assert labels(github) == {}


def test_a_sync_that_fails_part_way_prints_only_what_it_did_and_names_what_is_left(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_label(REPO, COMPOSE, "000000", "Docker Compose installs")
    github.faults.add("PATCH", r"/labels/deploy", faults.status(502), times=None)
    code, out, err = sync_with_errors(run_triage)
    assert code == 1
    assert [line.split(" (")[0] for line in out.splitlines()] == [
        f"triage: create {TEAM}",
        f"triage: create {K8S}",
    ]
    assert err.endswith(
        f". 2 label(s) changed before it; 2 not changed: {COMPOSE} (not tried: {FALLBACK}); "
        "`triage labels sync` again finishes them once that is fixed\n"
    )


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)], ids=["sync", "dry-run"])
def test_a_sync_stopped_by_the_rate_limit_at_its_listing_says_nothing_changed_and_from_when_to_run_it_again(
    github: FakeGitHub, run_triage: Runner, dry_run: tuple[str, ...]
) -> None:
    github.state.set_rate_budget(remaining=0, reset_at=github.clock.now() + 3000)
    code, out, err = sync_with_errors(run_triage, *dry_run)
    assert (code, out) == (EXIT_RATE_LIMITED, "")
    command = " ".join(("triage labels sync", *dry_run))
    assert err.endswith(f". No label was changed: run `{command}` again, not before 2027-01-15 08:50 UTC\n")


def test_a_label_deleted_between_the_listing_and_its_update_is_created_as_configured(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_label(REPO, COMPOSE, "000000", "Docker Compose installs")
    deleted = faults.hook(lambda state: github.state.delete_label(REPO, COMPOSE))
    github.faults.add("PATCH", r"/labels/deploy", deleted, times=1)
    code, out = sync(run_triage)
    assert code == 0
    assert labels(github)[COMPOSE] == ("1d76db", "Docker Compose installs")
    assert f"triage: {COMPOSE} was gone: create {COMPOSE} (#1d76db: Docker Compose installs)\n" in out


def a_person_takes_the_new_name_before_the_rename(github: FakeGitHub) -> None:
    """`k8s`, a former name of the Kubernetes label, in the repository; just before the sync's
    rename of it arrives, a person creates the label under the new name, with their own colour."""
    github.state.add_label(REPO, "k8s", "000000", "old")
    taken = faults.hook(lambda state: github.state.add_label(REPO, K8S, "ff0000", "mine"))
    github.faults.add("PATCH", r"/labels/k8s$", taken, times=1)


def test_a_rename_whose_new_name_a_person_took_meanwhile_is_told_and_the_sync_goes_on(
    github: FakeGitHub, run_triage: Runner
) -> None:
    a_person_takes_the_new_name_before_the_rename(github)
    code, out = sync(run_triage)
    assert code == 0
    assert labels(github)[K8S] == ("ff0000", "mine")
    assert labels(github)["k8s"] == ("000000", "old")
    assert f"triage: k8s cannot be renamed to {K8S}, which another label holds" in out
    assert FALLBACK in labels(github)


def test_a_label_someone_created_first_ends_as_configured(github: FakeGitHub, run_triage: Runner) -> None:
    first = faults.hook(lambda state: github.state.add_label(REPO, TEAM, "ff0000", "theirs"))
    github.faults.add("POST", rf"/repos/{REPO}/labels$", first, times=1)
    code, _ = sync(run_triage)
    assert code == 0
    assert labels(github)[TEAM] == ("5319e7", "Owned by the Distribution team")


def test_a_sync_under_a_renamed_repositorys_former_name_fails_at_its_listing(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub redirects the reads and answers the writes 307: even a dry run would promise changes
    a real one cannot make."""
    github.state.add_label(REPO, "k8s", "000000", "old")
    github.state.rename_repo(REPO, "octo/gadgets")
    code, out, err = sync_with_errors(run_triage, "--dry-run")
    assert (code, out) == (1, "")
    assert err == (
        f"triage: GET /repos/{REPO}/labels: GitHub lists them in octo/gadgets: the repository {REPO} was "
        "renamed; run with GITHUB_REPOSITORY=octo/gadgets\n"
    )


def test_a_rename_whose_old_label_a_person_renamed_to_another_former_name_renames_that_one(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Its issues keep their label: a new, empty one beside it would leave them on the old name."""
    rules = run_triage.rules.read_text(encoding="utf-8").replace(
        "previous_names: [k8s]", "previous_names: [k8s, kube]"
    )
    run_triage.rules.write_text(rules, encoding="utf-8")
    github.state.add_label(REPO, "k8s", "000000", "old")
    number = github.state.add_issue(REPO, "kubectl", "fails", labels=["k8s"])

    def renamed_by_a_person(state: object) -> None:
        with github.state.lock:
            labels = github.state.repo(REPO).labels
            label = labels.pop("k8s")
            label.name = "kube"
            labels["kube"] = label
            github.state.repo(REPO).issues[number].labels = ["kube"]

    github.faults.add("PATCH", r"/labels/k8s$", faults.hook(renamed_by_a_person), times=1)
    code, out = sync(run_triage)
    assert code == 0
    assert github.state.issue(REPO, number).labels == [K8S]
    assert "kube" not in labels(github)
    assert f"triage: k8s was gone: rename kube -> {K8S}: colour 000000 -> 0e8a16, description\n" in out


def test_a_failure_after_a_blocked_rename_names_the_blocked_one_too(
    github: FakeGitHub, run_triage: Runner
) -> None:
    a_person_takes_the_new_name_before_the_rename(github)
    github.faults.add("POST", rf"/repos/{REPO}/labels$", faults.status(502), times=None, after=1)
    code, _, err = sync_with_errors(run_triage)
    assert code == 1
    assert f"; k8s not renamed: another label took {K8S}; " in err


def with_former_names(run_triage: Runner, *former: str) -> None:
    """The integration rules with the Kubernetes label known before under `former`."""
    text = run_triage.rules.read_text(encoding="utf-8")
    run_triage.rules.write_text(
        text.replace("previous_names: [k8s]", f"previous_names: [{', '.join(former)}]"), encoding="utf-8"
    )


def renamed_by_a_person(github: FakeGitHub, old: str, new: str) -> None:
    with github.state.lock:
        repo = github.state.repo(REPO)
        label = repo.labels.pop(old.casefold())
        label.name = new
        repo.labels[new.casefold()] = label
        for issue in repo.issues.values():
            issue.labels = [new if name == old else name for name in issue.labels]


def renamed_to_kube_as_its_update_arrives(github: FakeGitHub, run_triage: Runner) -> None:
    """The Kubernetes label, known before as `k8s` and `kube`, in the repository with the wrong
    colour; as the sync's update of it arrives, a person renames it to `kube`."""
    with_former_names(run_triage, "k8s", "kube")
    github.state.add_label(REPO, K8S, "000000", "wrong colour")
    github.faults.add(
        "PATCH", r"/labels/deploy: k8s", faults.hook(lambda s: renamed_by_a_person(github, K8S, "kube"))
    )


def test_a_label_renamed_to_another_former_name_then_its_name_taken_is_told_blocked_under_that_name(
    github: FakeGitHub, run_triage: Runner
) -> None:
    renamed_to_kube_as_its_update_arrives(github, run_triage)
    github.faults.add(
        "PATCH", r"/labels/kube$", faults.hook(lambda s: github.state.add_label(REPO, K8S, "ff0000", "x"))
    )
    code, out = sync(run_triage)
    assert code == 0
    assert f"triage: kube cannot be renamed to {K8S}, which another label holds" in out
    assert FALLBACK in labels(github)


def test_a_label_gone_twice_is_looked_for_again_each_time(github: FakeGitHub, run_triage: Runner) -> None:
    with_former_names(run_triage, "k8s", "kube")
    github.state.add_label(REPO, "k8s", "000000", "old")
    github.faults.add(
        "PATCH", r"/labels/k8s$", faults.hook(lambda s: renamed_by_a_person(github, "k8s", "kube"))
    )
    github.faults.add(
        "PATCH", r"/labels/kube$", faults.hook(lambda s: github.state.delete_label(REPO, "kube"))
    )
    code, out = sync(run_triage)
    assert code == 0
    assert f"triage: k8s, kube were gone: create {K8S} (#0e8a16: Kubernetes installs)\n" in out


def test_a_label_gone_and_made_again_as_configured_meanwhile_counts_as_unchanged(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Say by a second sync running beside this one."""
    github.state.add_label(REPO, COMPOSE, "000000", "Docker Compose installs")

    def made_again(state: object) -> None:
        github.state.delete_label(REPO, COMPOSE)
        github.state.add_label(REPO, COMPOSE, "1d76db", "Docker Compose installs")

    github.faults.add("PATCH", r"/labels/deploy", faults.status(404, {"message": "Not Found"}), times=1)
    github.faults.add("GET", rf"/repos/{REPO}/labels$", faults.hook(made_again), after=1)
    code, out = sync(run_triage)
    assert code == 0
    assert f"triage: {COMPOSE} was gone: already as configured\n" in out
    assert out.splitlines()[-1] == "triage: 3 label(s) changed, 1 already as configured"


def test_a_former_name_renamed_in_a_fallback_is_not_then_told_blocked(
    github: FakeGitHub, run_triage: Runner
) -> None:
    with_former_names(run_triage, "k8s", "kube")
    github.state.add_label(REPO, "k8s", "000000", "old")
    github.state.add_label(REPO, "kube", "000000", "older")
    github.faults.add("PATCH", r"/labels/k8s$", faults.hook(lambda s: github.state.delete_label(REPO, "k8s")))
    code, out = sync(run_triage)
    assert code == 0
    assert "cannot be renamed" not in out


def test_a_rename_blocked_meanwhile_is_counted_as_blocked_not_as_configured(
    github: FakeGitHub, run_triage: Runner
) -> None:
    a_person_takes_the_new_name_before_the_rename(github)
    _, out = sync(run_triage)
    assert "triage: 3 label(s) changed, 0 already as configured, 1 blocked\n" in out


def test_a_404_on_a_label_the_labels_still_show_is_githubs_refusal_not_a_label_gone(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_label(REPO, COMPOSE, "000000", "Docker Compose installs")
    github.faults.add("PATCH", r"/labels/deploy", faults.status(404, {"message": "Not Found"}), times=None)
    code, out, err = sync_with_errors(run_triage)
    assert code == 1
    assert "was gone" not in out
    assert "not found (404)" in err
    assert "the token cannot see it" in err


def test_when_the_last_read_of_the_labels_fails_the_summary_is_printed_first(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_label(REPO, COMPOSE, "000000", "Docker Compose installs")
    github.faults.add(
        "PATCH", r"/labels/deploy", faults.hook(lambda s: github.state.delete_label(REPO, COMPOSE))
    )
    github.faults.add("GET", rf"/repos/{REPO}/labels$", faults.status(502), times=None, after=2)
    code, out, err = sync_with_errors(run_triage)
    assert code == 1
    assert out.splitlines()[-1] == "triage: 4 label(s) changed, 0 already as configured"
    assert err.endswith(
        "every change was made, but the labels could not be read again for the renames still blocked\n"
    )


def test_when_the_last_read_of_the_labels_fails_the_renames_blocked_from_the_start_are_still_told(
    github: FakeGitHub, run_triage: Runner
) -> None:
    github.state.add_label(REPO, "k8s", "000000", "old")
    github.state.add_label(REPO, K8S, "0e8a16", "Kubernetes installs")
    github.state.add_label(REPO, COMPOSE, "000000", "Docker Compose installs")
    github.faults.add(
        "PATCH", r"/labels/deploy/", faults.hook(lambda s: github.state.delete_label(REPO, COMPOSE))
    )
    github.faults.add("GET", rf"/repos/{REPO}/labels$", faults.status(502), times=None, after=2)
    code, out, _ = sync_with_errors(run_triage)
    assert code == 1
    assert out.count(f"triage: k8s cannot be renamed to {K8S}") == 1


def test_a_label_gone_three_times_is_still_created_when_the_labels_then_call_for_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    renamed_to_kube_as_its_update_arrives(github, run_triage)
    github.faults.add(
        "PATCH", r"/labels/kube$", faults.hook(lambda s: renamed_by_a_person(github, "kube", "k8s"))
    )
    github.faults.add("PATCH", r"/labels/k8s$", faults.hook(lambda s: github.state.delete_label(REPO, "k8s")))
    code, out = sync(run_triage)
    assert code == 0
    assert labels(github)[K8S] == ("0e8a16", "Kubernetes installs")
    assert f"triage: {K8S}, kube, k8s were gone: create {K8S} (#0e8a16: Kubernetes installs)\n" in out


def test_a_sync_without_a_token_says_to_set_github_token_and_the_actions_input_only_as_its_way(
    github: FakeGitHub, run_triage: Runner
) -> None:
    run_triage.monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    run_triage.monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    run_triage.capsys.readouterr()
    assert main(["labels", "sync", "--dry-run", "--rules", str(run_triage.rules)]) == 1
    said = run_triage.capsys.readouterr().err
    assert said.startswith(
        "triage: GITHUB_TOKEN is not set or empty: set it to a GitHub token with access to the "
        "repository's issues (the action sets it from its `token` input: "
    )
    assert len(github.log) == 0


def test_a_sync_whose_token_github_rejects_stops_at_the_first_request_without_retrying(
    github: FakeGitHub, run_triage: Runner
) -> None:
    run_triage.monkeypatch.setenv("GITHUB_TOKEN", "ghs_wrong")
    run_triage.monkeypatch.setenv("GITHUB_API_URL", github.url)
    run_triage.monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    run_triage.capsys.readouterr()
    assert main(["labels", "sync", "--rules", str(run_triage.rules)]) == 1
    assert run_triage.capsys.readouterr().err.startswith(
        f"triage: GET /repos/{REPO}/labels: the token was rejected (401 Bad credentials): "
    )
    assert github.log.summary() == [f"GET /repos/{REPO}/labels -> 401"]


def test_a_sync_out_of_rate_limit_until_a_far_reset_stops_with_exit_4_and_names_what_is_left_and_when(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Not "once that is fixed": nothing is to be fixed, only waited for, and a sync run again
    before the limit resets meets it again."""
    github.state.set_rate_budget(remaining=2, reset_at=github.clock.now() + 5000)
    code, out, err = sync_with_errors(run_triage)
    assert code == EXIT_RATE_LIMITED
    assert labels(github) == {TEAM: ("5319e7", "Owned by the Distribution team")}
    assert out == "triage: create team/distribution (#5319e7: Owned by the Distribution team)\n"
    assert err.rstrip().endswith(
        f"1 label(s) changed before it; 3 not changed: {K8S} (not tried: {COMPOSE}, {FALLBACK}); "
        "`triage labels sync` again finishes them, not before 2027-01-15 09:24 UTC"
    )
    assert [entry.status for entry in github.log] == [200, 201, 403]
    assert max(github.clock.sleeps, default=0) < 60, "no wait for the far-away reset"
