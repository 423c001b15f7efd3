"""An issue's life over weeks: `triage run` again and again while the rules and people change things.

Each test triages an issue, then changes the rules file, the repository or the issue, and runs
again (an event or a batch), against the fake GitHub.
"""

from __future__ import annotations

import re

from tests.fakegithub import BOT, REPO, FakeGitHub
from tests.integration.conftest import (
    COMPOSE,
    FALLBACK,
    K8S,
    MANAGED,
    RULES_WITHOUT_FALLBACK,
    RULES_YAML,
    TEAM,
    Result,
    Runner,
    add_managed_labels,
    bot_comments,
    edit_issue,
    issue_payload,
    triaged_on_opening,
)
from triage.backoff import primary_reserve
from triage.cli import main
from triage.comment_view import CARRIED_REASON
from triage.marker import MARKER

RENAMED_K8S = "area/k8s"
RULES_WITH_K8S_RENAMED = RULES_YAML.replace(f'name: "{K8S}"', f"name: {RENAMED_K8S}").replace(
    "previous_names: [k8s]", f'previous_names: [k8s, "{K8S}"]'
)
"""The Kubernetes area's label renamed in place: its former name listed under `previous_names`."""
RAISED = RULES_YAML.replace("{apply: 1, suggest: 1, team: 1}", "{apply: 1, suggest: 1, team: 5}").replace(
    "keywords: [kubernetes, kubectl]\n", "keywords: [kubernetes, kubectl]\n        threshold: 5\n"
)
"""The Kubernetes area's threshold and the team's raised: the Kubernetes issues of the tests no longer
qualify. (Raising `apply` would put the Compose area, at most 3 with its one keyword, out of reach.)"""


def change_rules(run_triage: Runner, text: str) -> None:
    run_triage.rules.write_text(text, encoding="utf-8")


def edited(github: FakeGitHub, run_triage: Runner, number: int) -> None:
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="edited"))
    assert result.code == 0, result.err


def batch(run_triage: Runner) -> None:
    result = run_triage(payload={"inputs": {}, "sender": {"login": "alice"}})
    assert result.code == 0, result.err


def labels_sync(run_triage: Runner) -> None:
    assert main(["labels", "sync", "--rules", str(run_triage.rules)]) == 0


def test_a_run_before_labels_sync_does_not_add_a_renamed_label_beside_its_former_name(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The label under its former name is the label: adding the new name would make GitHub create
    it, and `labels sync` could then no longer rename the former one, left on every issue."""
    number = triaged_on_opening(github, run_triage)
    change_rules(run_triage, RULES_WITH_K8S_RENAMED)
    github.log.clear()
    edited(github, run_triage, number)
    assert github.log.count("POST", r"/labels$") == 0
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    labels_sync(run_triage)
    assert github.state.issue(REPO, number).labels == [TEAM, RENAMED_K8S]
    assert K8S not in {label.name for label in github.state.labels(REPO)}


def test_a_label_a_person_removed_before_its_rename_is_not_put_back_after_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The timeline names the label as it was called when the person removed it."""
    number = triaged_on_opening(github, run_triage)
    github.state.add_label_event(REPO, number, K8S, action="unlabeled", actor="alice")
    change_rules(run_triage, RULES_WITH_K8S_RENAMED)
    labels_sync(run_triage)
    github.log.clear()
    batch(run_triage)
    assert github.state.issue(REPO, number).labels == [TEAM]
    assert github.log.count("POST", r"/labels$") == 0


def test_a_label_triage_added_before_its_rename_goes_once_the_issue_no_longer_matches(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    change_rules(run_triage, RULES_WITH_K8S_RENAMED)
    labels_sync(run_triage)
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]


def test_a_retriage_that_takes_our_labels_off_corrects_the_comment_though_a_person_added_one_of_ours(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The thresholds are raised: the issue matches nothing, and its team and area labels go. The
    area label a person added stays, but it is theirs: the comment must not go on naming ours."""
    number = triaged_on_opening(github, run_triage)
    github.state.add_label_event(REPO, number, COMPOSE, actor="alice")
    change_rules(run_triage, RAISED)
    batch(run_triage)
    assert github.state.issue(REPO, number).labels == [COMPOSE]  # an owner of ours: no fallback
    [comment] = bot_comments(github, number)
    assert TEAM not in comment
    assert K8S not in comment
    assert "could not tell which team owns this" in comment


def test_once_a_person_took_off_every_owner_label_triage_gave_the_comment_says_so_not_that_none_was_found(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """triage did find an owner, and a person disagreed and named none: the comment stops naming it,
    says why, the labels stay off, and the fallback asks a person to find the owner, where the issue
    would otherwise sit with no owner label at all."""
    number = triaged_on_opening(github, run_triage)
    for name in (TEAM, K8S):
        github.state.add_label_event(REPO, number, name, action="unlabeled", actor="alice")
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    [comment] = bot_comments(github, number)
    assert comment.splitlines()[1] == (
        f"Thanks for opening this issue. A person took off the labels triage found for it (`{TEAM}`, "
        f"`{K8S}`), so this comment names no owner; triage does not put them back, and labels the issue "
        f"`{FALLBACK}` for a person to find its owner."
    )


def test_an_owner_label_from_the_issue_form_that_a_person_took_off_is_not_said_to_be_one_triage_gave(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The form gave the team's label and triage the area's: both are labels triage finds for the
    issue, and the comment says no more of who put them there than it knows."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes", labels=[TEAM])
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    for name in (TEAM, K8S):
        github.state.add_label_event(REPO, number, name, action="unlabeled", actor="alice")
    edited(github, run_triage, number)
    [comment] = bot_comments(github, number)
    assert comment.splitlines()[1].startswith(
        "Thanks for opening this issue. A person took off the labels triage found for it "
        f"(`{TEAM}`, `{K8S}`),"
    )


def test_without_a_fallback_label_a_person_taking_off_every_owner_label_leaves_the_issue_unlabelled(
    github: FakeGitHub, run_triage: Runner
) -> None:
    change_rules(run_triage, RULES_WITHOUT_FALLBACK)
    number = triaged_on_opening(github, run_triage)
    for name in (TEAM, K8S):
        github.state.add_label_event(REPO, number, name, action="unlabeled", actor="alice")
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == []
    [comment] = bot_comments(github, number)
    assert comment.splitlines()[1].endswith("so this comment names no owner; triage does not put them back.")


def test_a_batch_corrects_the_comment_of_an_issue_people_moved_to_the_fallback_that_no_longer_matches(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """Nothing to say and no label to change, so no timeline is read: the fallback label on the
    issue is what tells the run our comment may be naming an owner it no longer has."""
    number = triaged_on_opening(github, run_triage)
    for name in (TEAM, K8S):
        github.state.add_label_event(REPO, number, name, action="unlabeled", actor="alice")
    github.state.add_label_event(REPO, number, FALLBACK, actor="alice")
    edit_issue(github, number, "The README has a typo", "second paragraph")
    github.log.clear()
    batch(run_triage)
    assert github.log.count("GET", r"/timeline$") == 0
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    [comment] = bot_comments(github, number)
    assert TEAM not in comment
    assert "could not tell which team owns this" in comment


# --- Between runs, people reopen the issue, give it an owner, edit or delete our comment, delete a
# label from the repository, lock the conversation.


def test_a_reopened_issue_matching_another_area_moves_to_it_labels_and_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    change_rules(
        run_triage,
        RULES_YAML.replace("[kubernetes, kubectl]", "[kubernetes]").replace(
            "[docker compose]", "[docker compose, kubectl]"
        ),
    )
    edit_issue(github, number, "kubectl apply fails", "")
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="reopened"))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, COMPOSE]
    [comment] = bot_comments(github, number)
    assert COMPOSE in comment
    assert K8S not in comment


def take_our_marker_off(github: FakeGitHub, number: int) -> None:
    with github.state.lock:
        comment = github.state.repo(REPO).issues[number].comments[0]
        comment.body = comment.body.replace(f"{MARKER}\n", "") + "\nEdited by a maintainer."


def delete_our_comment(github: FakeGitHub, number: int) -> None:
    with github.state.lock:
        github.state.repo(REPO).issues[number].comments.clear()


def test_our_comment_a_person_edited_without_its_marker_line_is_theirs_and_an_edit_adding_no_label_leaves_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    take_our_marker_off(github, number)
    edit_issue(github, number, "kubectl apply fails again", "Kubernetes")
    edited(github, run_triage, number)
    [theirs] = [c.body for c in github.state.comments(REPO, number)]
    assert theirs.endswith("Edited by a maintainer.")


def test_once_our_comment_is_theirs_an_edit_that_adds_a_label_posts_a_new_one_of_ours(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    take_our_marker_off(github, number)
    edit_issue(github, number, "kubectl apply fails again", "Kubernetes, and docker compose too")
    edited(github, run_triage, number)
    theirs, ours = bot_comments(github, number)
    assert theirs.endswith("Edited by a maintainer.")
    assert ours.startswith(MARKER)
    assert COMPOSE in ours


def test_our_comment_a_person_deleted_is_not_posted_again_by_an_edit_that_adds_no_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    delete_our_comment(github, number)
    edit_issue(github, number, "kubectl apply fails again", "Kubernetes")
    edited(github, run_triage, number)
    assert github.state.comments(REPO, number) == []
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_our_comment_a_person_deleted_is_not_posted_again_when_the_issue_is_reopened(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    delete_our_comment(github, number)
    result = run_triage(event_name="issues", payload=issue_payload(github, number, action="reopened"))
    assert result.code == 0, result.err
    assert github.state.comments(REPO, number) == []


def test_our_comment_a_person_deleted_is_posted_again_by_a_run_by_hand_on_that_issue(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    delete_our_comment(github, number)
    result = run_triage(payload={"inputs": {"issue": str(number)}, "sender": {"login": "alice"}})
    assert result.code == 0, result.err
    [ours] = bot_comments(github, number)
    assert ours.startswith(MARKER)


def test_the_fallback_label_goes_once_a_person_gives_the_issue_our_team_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage, "README typo", "in the second paragraph")
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    github.state.add_label_event(REPO, number, TEAM, actor="alice")
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [TEAM]


def test_the_fallback_label_goes_once_a_person_gives_the_issue_to_another_owner(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A triager working from the fallback's queue hands the issue over: it leaves the queue at the
    next re-triage, and nothing else is written."""
    change_rules(run_triage, RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n'))
    number = triaged_on_opening(github, run_triage, "README typo", "in the second paragraph")
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    github.state.add_label_event(REPO, number, "team/search", actor="alice")
    github.log.clear()
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == ["team/search"]
    assert [f"{entry.method} {entry.path.rsplit('/', 1)[-1]}" for entry in github.log.writes()] == [
        f"DELETE {FALLBACK}"
    ]


def test_a_batch_says_in_its_log_and_summary_why_each_label_it_takes_off_goes(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """As it says why each label it adds is given: a label of ours the issue no longer matches, and
    the fallback once its question is answered (the issue matches, carries a label of ours a person
    gave it, or another owner's)."""
    change_rules(run_triage, RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/*"]\n'))
    add_managed_labels(github)
    unmatched = github.state.add_issue(REPO, "docker compose fails", "docker compose up")
    for name in (TEAM, K8S, COMPOSE):
        github.state.add_label_event(REPO, unmatched, name, actor=BOT)
    matched = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    labelled = github.state.add_issue(REPO, "README typo", "in the second paragraph")
    handed_over = github.state.add_issue(REPO, "README typo", "in the second paragraph")
    for number in (matched, labelled, handed_over):
        github.state.add_label_event(REPO, number, FALLBACK, actor=BOT)
    github.state.add_label_event(REPO, labelled, COMPOSE, actor="alice")
    github.state.add_label_event(REPO, handed_over, "team/search", actor="alice")
    result = run_triage(payload={"inputs": {}, "sender": {"login": "alice"}})
    assert result.code == 0, result.err
    assert [line.split("] ", 1)[1] for line in result.out.splitlines() if line.startswith("[")] == [
        f"#{unmatched} changed: -{K8S} (no longer matched)",
        f"#{matched} changed: +{TEAM} +{K8S} -{FALLBACK} (matched {TEAM}) comment created",
        f"#{labelled} changed: -{FALLBACK} (carries {COMPOSE})",
        f"#{handed_over} changed: -{FALLBACK} (left alone as another owner's: labelled team/search "
        "(defer_to))",
    ]
    why = [row.split(" | ")[4] for row in run_triage.summary().splitlines() if row.startswith("| [#")]
    assert why == [
        f'<code>{COMPOSE}</code>: "docker compose"; <code>{K8S}</code>: no longer matched',
        f'<code>{K8S}</code>: "kubectl", "Kubernetes"; <code>{FALLBACK}</code>: matched <code>{TEAM}</code>',
        f"<code>{FALLBACK}</code>: carries <code>{COMPOSE}</code>",
        f"<code>{FALLBACK}</code>: carries <code>team/search</code> (defer_to)",
    ]


def test_a_fallback_label_a_person_added_stays_when_the_issue_goes_to_another_owner(
    github: FakeGitHub, run_triage: Runner
) -> None:
    change_rules(run_triage, RULES_YAML.replace("version: 1\n", 'version: 1\ndefer_to: ["team/search"]\n'))
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "README typo", "in the second paragraph")
    github.state.add_label_event(REPO, number, FALLBACK, actor="alice")
    github.state.add_label_event(REPO, number, "team/search", actor="alice")
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == [FALLBACK, "team/search"]
    assert github.log.writes() == []


def test_once_no_team_matches_the_fallback_replaces_a_team_label_triage_added_not_one_a_person_added(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The two issues are alike in title, body and labels, all that `triage diff` reads of an
    issue: only their timelines tell them apart, so diff cannot say which one gets the fallback."""
    add_managed_labels(github)
    by_triage = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    by_a_person = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.state.add_label_event(REPO, by_triage, TEAM, actor=BOT)
    github.state.add_label_event(REPO, by_a_person, TEAM, actor="alice")
    change_rules(run_triage, RAISED)
    batch(run_triage)
    assert github.state.issue(REPO, by_triage).labels == [FALLBACK]
    assert github.state.issue(REPO, by_a_person).labels == [TEAM]


def test_a_short_comment_stops_naming_the_fallback_once_a_person_gives_the_issue_our_team_label(
    github: FakeGitHub, run_triage: Runner
) -> None:
    change_rules(run_triage, RULES_YAML + "comment: {on_no_match: short}\n")
    number = triaged_on_opening(github, run_triage, "README typo", "in the second paragraph")
    assert FALLBACK in bot_comments(github, number)[0]
    github.state.add_label_event(REPO, number, TEAM, actor="alice")
    edited(github, run_triage, number)
    [comment] = bot_comments(github, number)
    assert FALLBACK not in comment
    assert "could not tell which team owns this" in comment


def test_a_fallback_label_a_person_took_off_is_not_told_as_an_owner_label_taken_off(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The fallback asks a person to find the owner; a person taking it off named none: the comment
    still says triage could not tell, not that a person took off the owner triage gave."""
    change_rules(run_triage, RULES_YAML + "comment: {on_no_match: short}\n")
    number = triaged_on_opening(github, run_triage, "README typo", "in the second paragraph")
    github.state.add_label_event(REPO, number, FALLBACK, action="unlabeled", actor="alice")
    edited(github, run_triage, number)
    assert github.state.issue(REPO, number).labels == []
    [comment] = bot_comments(github, number)
    assert comment.splitlines()[1] == (
        "Thanks for opening this issue. triage could not tell which team owns this."
    )


def test_an_issue_opened_with_our_team_label_from_its_form_gets_no_fallback(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "README typo", "in the second paragraph", labels=[TEAM])
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]


def test_an_issue_opened_with_our_team_label_from_its_form_gets_no_short_comment_saying_no_owner(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`on_no_match: short` is for an issue no one gave an owner: beside `team/distribution`, "triage
    could not tell which team owns this" would contradict the label."""
    change_rules(run_triage, RULES_YAML + "comment: {on_no_match: short}\n")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "README typo", "in the second paragraph", labels=[TEAM])
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM]
    assert bot_comments(github, number) == []


def test_an_issue_opened_with_no_label_gets_the_short_comment(github: FakeGitHub, run_triage: Runner) -> None:
    change_rules(run_triage, RULES_YAML + "comment: {on_no_match: short}\n")
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "README typo", "in the second paragraph")
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 0, result.err
    [comment] = bot_comments(github, number)
    assert "could not tell which team owns this" in comment


def test_a_label_deleted_from_the_repository_is_created_again_while_the_rules_name_it(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    with github.state.lock:
        repo = github.state.repo(REPO)
        del repo.labels[K8S.casefold()]
        repo.issues[number].labels.remove(K8S)
    edited(github, run_triage, number)
    assert K8S in {label.name for label in github.state.labels(REPO)}
    assert K8S in github.state.issue(REPO, number).labels


def test_a_locked_issue_whose_labels_a_batch_removed_keeps_the_comment_that_named_them(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage)
    github.state.lock_issue(REPO, number)
    change_rules(run_triage, RAISED)
    batch(run_triage)
    assert github.state.issue(REPO, number).labels == [FALLBACK]
    [comment] = bot_comments(github, number)
    assert K8S in comment  # a locked conversation gets no comment written, not even a correction


def test_after_the_bot_login_changes_a_former_login_not_listed_has_its_labels_and_comment_read_as_a_persons(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The token moved to an App (bot-login set to match) and the Actions token's login is not
    listed in former-bot-logins: the label it gave, which the edited text no longer wants, stays, and
    its comment is left as it is beside the App's own, which names that area as one the issue
    carries, not as one its text gave (test_run_former_logins: with it listed)."""
    number = triaged_on_opening(github, run_triage)
    github.state.add_user("acme-triage[bot]", "ghs_app")
    edit_issue(github, number, "docker compose up fails", "plain docker compose")
    result = run_triage(
        event_name="issues",
        payload=issue_payload(github, number, action="edited"),
        GITHUB_TOKEN="ghs_app",
        TRIAGE_BOT_LOGIN="acme-triage[bot]",
    )
    assert result.code == 0, result.err
    assert github.state.issue(REPO, number).labels == [TEAM, K8S, COMPOSE]
    comments = github.state.comments(REPO, number)
    assert [c.author for c in comments] == [BOT, "acme-triage[bot]"]
    assert all(c.body.startswith(MARKER) for c in comments)
    assert K8S in comments[0].body
    kubernetes = comments[1].body.split("**Kubernetes**\n", 1)[1].split("</details>", 1)[0]
    assert f"- {CARRIED_REASON}\n" in kubernetes


def yesterdays_issues_and_a_short_budget(github: FakeGitHub, *, apart: int = 1) -> list[int]:
    """Six Kubernetes issues opened 20 hours before now, `apart` seconds from one another, and 12
    requests left above a batch's reserve until the limit resets in 3,000 s: a sweep stops part-way."""
    add_managed_labels(github)
    start = github.clock.now()
    numbers = [
        github.state.add_issue(
            REPO, f"kubectl fails {n}", "Kubernetes", created_at=start - 20 * 3600 + n * apart
        )
        for n in range(6)
    ]
    github.state.set_rate_budget(remaining=12 + primary_reserve(5000), reset_at=start + 3000)
    return numbers


def sweep(run_triage: Runner) -> Result:
    return run_triage(event_name="schedule", payload={"schedule": "17 3 * * *"}, TRIAGE_SINCE="26h")


def test_the_next_nights_sweep_does_not_take_up_the_issues_a_sweep_stopped_at_the_rate_limit_left(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`since: 26h` is counted from each sweep's start: a day later it no longer reaches the issues
    the stopped sweep did not, and holds only those it changed (its writes updated them). The
    resume value it printed, dispatched, does the rest."""
    numbers = yesterdays_issues_and_a_short_budget(github, apart=60)
    stopped = sweep(run_triage)
    assert stopped.code == 4
    resume = re.search(r"dispatch this workflow with since=(\S+)", stopped.err)
    assert resume is not None
    labelled = [n for n in numbers if github.state.issue(REPO, n).labels]
    assert 0 < len(labelled) < len(numbers)
    github.clock.advance(86400)
    assert sweep(run_triage).code == 0
    assert [n for n in numbers if github.state.issue(REPO, n).labels] == labelled
    dispatched = run_triage(payload={"inputs": {"since": resume[1]}, "sender": {"login": "alice"}})
    assert dispatched.code == 0, dispatched.err
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)


def test_a_sweep_that_stops_says_to_dispatch_the_workflow_as_the_next_night_leaves_out_what_it_missed(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A scheduled run takes no inputs, so "run again with since=..." names nothing its maintainer
    can do; and the next night's `26h`, counted from that night, takes no resume point."""
    numbers = yesterdays_issues_and_a_short_budget(github)
    stopped = sweep(run_triage)
    assert stopped.code == 4
    first = next(n for n in numbers if not github.state.issue(REPO, n).labels)
    assert f"To resume from #{first}, dispatch this workflow with since=" in stopped.err
    assert stopped.err.rstrip().endswith(
        "not before 2027-01-15 08:50 UTC. The next scheduled run takes no resume point: it sweeps only the "
        "issues updated in the 26h before it starts, leaving out this run's issues updated before then"
    )
    assert "run again" not in stopped.err
    assert "dispatch this workflow with since=" in run_triage.summary()


def test_a_labels_only_sweep_that_stops_gives_a_resume_value_that_a_dispatch_with_default_inputs_keeps_quiet(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The action's `new-comments: false` makes a nightly sweep labels-only; the workflow dispatched
    with its resume value alone (the form's `new-comments` left on) must stay so."""
    numbers = yesterdays_issues_and_a_short_budget(github)
    stopped = run_triage(
        event_name="schedule",
        payload={"schedule": "17 3 * * *"},
        TRIAGE_SINCE="26h",
        TRIAGE_NEW_COMMENTS="false",
    )
    assert stopped.code == 4
    resume = re.search(r"dispatch this workflow with since=(\S+) new-comments=false \(", stopped.err)
    assert resume is not None
    assert resume[1].endswith(",labels-only")
    assert f"since={resume[1]} new-comments=false" in run_triage.summary()
    github.clock.advance(3000)
    dispatched = run_triage(payload={"inputs": {"since": resume[1]}, "sender": {"login": "alice"}})
    assert dispatched.code == 0, dispatched.err
    assert all(github.state.issue(REPO, n).labels == [TEAM, K8S] for n in numbers)
    assert all(github.state.comments(REPO, n) == [] for n in numbers)


def test_a_sweep_of_every_open_issue_that_stops_says_the_next_night_starts_over(
    github: FakeGitHub, run_triage: Runner
) -> None:
    add_managed_labels(github)
    for n in range(6):
        github.state.add_issue(REPO, f"kubectl fails {n}", "Kubernetes")
    github.state.set_rate_budget(remaining=12 + primary_reserve(5000), reset_at=github.clock.now() + 3000)
    stopped = run_triage(event_name="schedule", payload={"schedule": "17 3 * * *"}, TRIAGE_SINCE="")
    assert stopped.code == 4
    assert stopped.err.rstrip().endswith(
        "The next scheduled run takes no resume point: it starts over from the oldest open issue"
    )


def test_a_sweep_stopped_while_listing_names_the_start_of_its_window_not_a_span_a_later_run_counts_anew(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`since=26h` dispatched an hour later would leave out the first hour of this sweep's window."""
    github.state.set_rate_budget(remaining=0, reset_at=github.clock.now() + 3000)
    stopped = sweep(run_triage)
    assert stopped.code == 4
    assert stopped.err.rstrip().endswith(
        "; dispatch this workflow with since=2027-01-14T06:00:00Z (`triage run --since "
        "2027-01-14T06:00:00Z`), not before 2027-01-15 08:50 UTC; the next scheduled run sweeps only the "
        "issues updated in the 26h before it starts, leaving out this run's issues updated before then"
    )


def test_a_dispatched_batch_stopped_while_listing_names_the_start_of_its_span_not_the_span(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """`since=7d` run again an hour later would leave out the first hour of this run's window."""
    github.state.set_rate_budget(remaining=0, reset_at=github.clock.now() + 3000)
    stopped = run_triage(payload={"inputs": {"since": "7d"}, "sender": {"login": "alice"}})
    assert stopped.code == 4
    assert stopped.err.rstrip().endswith(
        "; run it again with since=2027-01-08T08:00:00Z (`triage run --since 2027-01-08T08:00:00Z`), "
        "not before 2027-01-15 08:50 UTC"
    )


WITHOUT_K8S = RULES_YAML.replace(
    RULES_YAML[RULES_YAML.index("      - id: kubernetes") : RULES_YAML.index("      - id: docker")], ""
)
"""The Kubernetes area taken out of the rules, its label not renamed."""


def test_an_area_taken_out_of_the_rules_leaves_its_label_on_the_issue_and_out_of_the_comment(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = triaged_on_opening(github, run_triage, "kubectl and docker compose", "kubernetes docker compose")
    change_rules(run_triage, WITHOUT_K8S)
    batch(run_triage)
    assert github.state.issue(REPO, number).labels == [TEAM, K8S, COMPOSE]
    [comment] = bot_comments(github, number)
    assert K8S not in comment
    assert COMPOSE in comment


def test_an_issue_left_alone_for_a_label_triage_gave_before_the_rules_dropped_it_is_not_said_a_persons(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """The team label renamed without `previous_names`, under `defer_to: [team/*]`: the former name
    triage put on the issue is now another owner's to the rules, and the log says the issue carries
    it, not that a person gave it, which triage does not know (here it did itself)."""
    number = triaged_on_opening(github, run_triage)
    change_rules(run_triage, 'defer_to: ["team/*"]\n' + RULES_YAML.replace(TEAM, "team/deploy"))
    result = run_triage(payload={"inputs": {}, "sender": {"login": "alice"}})
    assert result.code == 0, result.err
    assert f"#{number} unchanged: (left alone as another owner's: labelled {TEAM} (defer_to))" in result.out
    assert "a person" not in result.out


def test_a_rules_label_spelt_in_another_case_than_the_repositorys_is_that_label_added_once_and_kept_off(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """GitHub compares label names case-insensitively: `Team/Distribution` in the rules is the
    repository's `team/distribution`. Triage neither creates it again, nor adds it beside itself, nor
    puts it back after a person took it off under yet another spelling (the timeline keeps the name a
    label had then)."""
    change_rules(run_triage, RULES_YAML.replace(f"name: {TEAM}", "name: Team/Distribution"))
    number = triaged_on_opening(github, run_triage)
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]
    assert [label.name for label in github.state.labels(REPO)] == list(MANAGED)
    assert github.log.count(path_regex=rf"/repos/{REPO}/labels") == 0
    github.log.clear()
    batch(run_triage)
    assert github.log.writes() == []
    github.state.add_label_event(REPO, number, TEAM, action="unlabeled", actor="alice")
    with github.state.lock:
        removed = github.state.find_issue(REPO, number)
        assert removed is not None
        removed.events[-1].label = "TEAM/DISTRIBUTION"
    batch(run_triage)
    edited(github, run_triage, number)
    assert github.log.count("POST", r"/labels$") == 0
    assert github.state.issue(REPO, number).labels == [K8S]
