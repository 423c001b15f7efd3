"""The plan: the writes that bring one issue to what the rules ask, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.render_builders import area, classify_as, evidence, rules, team
from triage import plan as plan_module
from triage.marker import MARKER
from triage.model import Classification, Comment, CommentAction, Issue, IssueState, LabelEvent, Plan, Rules
from triage.plan import added_by_people, comment_action, defer_check, needs_timeline, our_comments, plan

BOT = "github-actions[bot]"
RULES: Rules = rules(team("distribution", area("kubernetes"), area("docker")), fallback="needs-triage")
OURS = f"{MARKER}\nThis looks like Kubernetes."


def state(
    labels: tuple[str, ...] = (),
    comments: tuple[Comment, ...] | None = None,
    events: tuple[LabelEvent, ...] | None = None,
) -> IssueState:
    return IssueState(Issue(title="t", body="b", number=7, labels=labels), comments, events)


def kubernetes() -> Classification:
    return classify_as(RULES, {"kubernetes": [evidence()]})


def planned(
    issue_state: IssueState, *, retriage: bool = False, body: str | None = OURS, matched: bool = True
) -> Plan:
    classification = classify_as(RULES, {"kubernetes": [evidence()]} if matched else {})
    return plan(RULES, classification, issue_state, body, BOT, retriage=retriage)


def labeled(name: str, actor: str) -> LabelEvent:
    return LabelEvent(label=name, action="labeled", actor=actor)


def unlabeled(name: str, actor: str) -> LabelEvent:
    return LabelEvent(label=name, action="unlabeled", actor=actor)


def test_a_new_issue_gets_every_matched_label_and_a_new_comment() -> None:
    result = planned(state())
    assert result.add_labels == ("team/distribution", "distribution/kubernetes")
    assert result.remove_labels == ()
    assert result.comment == CommentAction("create", body=OURS)


def test_labels_already_on_the_issue_are_not_added_again_whatever_their_case() -> None:
    result = planned(state(labels=("Team/Distribution",)))
    assert result.add_labels == ("distribution/kubernetes",)


def test_an_issue_already_triaged_the_same_way_gets_an_empty_plan() -> None:
    done = state(labels=("team/distribution", "distribution/kubernetes"), comments=(Comment(1, BOT, OURS),))
    result = planned(done, retriage=True)
    assert result.is_empty
    assert result.comment == CommentAction("leave", comment_id=1)


def test_a_label_a_person_removed_is_not_added_back() -> None:
    history = (labeled("distribution/kubernetes", BOT), unlabeled("distribution/kubernetes", "alice"))
    result = planned(state(labels=("team/distribution",), events=history), retriage=True)
    assert result.add_labels == ()
    assert result.kept_off == ("distribution/kubernetes",)


def test_a_label_the_bot_itself_removed_may_come_back() -> None:
    history = (labeled("distribution/kubernetes", BOT), unlabeled("distribution/kubernetes", BOT))
    result = planned(state(labels=("team/distribution",), events=history), retriage=True)
    assert result.add_labels == ("distribution/kubernetes",)


def test_a_label_a_person_removed_then_put_back_counts_as_present() -> None:
    history = (unlabeled("distribution/kubernetes", "alice"), labeled("distribution/kubernetes", "alice"))
    result = planned(state(labels=("team/distribution", "distribution/kubernetes"), events=history))
    assert result.add_labels == ()
    assert result.kept_off == ()


def test_a_stale_label_the_bot_added_is_removed_on_retriage() -> None:
    history = (labeled("distribution/docker", BOT),)
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned(issue, retriage=True).remove_labels == ("distribution/docker",)


def test_a_stale_label_is_kept_when_not_retriaging() -> None:
    history = (labeled("distribution/docker", BOT),)
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned(issue, retriage=False).remove_labels == ()


def test_a_managed_label_a_person_added_is_never_removed() -> None:
    history = (labeled("distribution/docker", "alice"),)
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned(issue, retriage=True).remove_labels == ()


def test_a_managed_label_without_known_history_is_never_removed() -> None:
    issue = state(labels=("team/distribution", "distribution/kubernetes", "distribution/docker"))
    assert planned(issue, retriage=True).remove_labels == ()


def test_labels_the_rules_do_not_manage_are_never_touched() -> None:
    history = (labeled("bug", BOT),)
    issue = state(labels=("bug", "team/distribution", "distribution/kubernetes"), events=history)
    result = planned(issue, retriage=True)
    assert result.remove_labels == ()
    assert "bug" not in result.add_labels


def test_the_fallback_label_goes_when_a_team_matches_after_an_edit() -> None:
    history = (labeled("needs-triage", BOT),)
    result = planned(state(labels=("needs-triage",), events=history), retriage=True)
    assert result.remove_labels == ("needs-triage",)
    assert result.add_labels == ("team/distribution", "distribution/kubernetes")


def test_the_fallback_label_is_added_when_nothing_matches() -> None:
    result = planned(state(), matched=False, body=None)
    assert result.add_labels == ("needs-triage",)
    assert result.comment == CommentAction("none")


@pytest.mark.parametrize(
    ("labels", "retriage", "expected"),
    [
        ((), False, True),
        (("team/distribution", "distribution/kubernetes"), False, False),
        (("team/distribution", "distribution/kubernetes"), True, False),
        (("team/distribution", "distribution/kubernetes", "distribution/docker"), True, True),
        (("team/distribution", "distribution/kubernetes", "distribution/docker"), False, False),
    ],
    ids=["label-missing", "all-present", "all-present-retriage", "stale-on-retriage", "stale-no-retriage"],
)
def test_the_timeline_is_needed_only_when_a_label_might_change(
    labels: tuple[str, ...], retriage: bool, expected: bool
) -> None:
    assert needs_timeline(RULES, kubernetes(), state(labels=labels), retriage=retriage) is expected


# --- the comment -------------------------------------------------------------------------------


def test_a_changed_comment_is_updated_in_place() -> None:
    action = comment_action((Comment(5, BOT, f"{MARKER}\nold"),), OURS, BOT)
    assert action == CommentAction("update", body=OURS, comment_id=5)


def test_a_comment_that_differs_only_in_line_endings_is_left_alone() -> None:
    action = comment_action((Comment(5, BOT, OURS.replace("\n", "\r\n")),), OURS, BOT)
    assert action.kind == "leave"


def test_a_comment_that_differs_only_in_a_trailing_line_break_is_left_alone() -> None:
    action = comment_action((Comment(5, BOT, OURS),), f"{OURS}\n", BOT)
    assert action.kind == "leave"


def test_someone_elses_comment_with_our_marker_is_ignored() -> None:
    spoof = Comment(3, "mallory", f"{MARKER}\nI am the bot now")
    assert comment_action((spoof,), OURS, BOT) == CommentAction("create", body=OURS, newer_than=3)


def test_a_bot_comment_with_the_marker_below_its_first_line_is_not_ours() -> None:
    """Another workflow posting as the same bot, echoing an issue body that holds the marker."""
    echo = Comment(3, BOT, f"Welcome! You wrote:\n\n{MARKER}\nmy issue")
    assert our_comments((echo,), BOT) == ()


def test_our_comment_is_known_by_its_first_line_with_windows_line_ends() -> None:
    ours = Comment(3, BOT, f"{MARKER}\r\nThanks")
    assert our_comments((ours,), BOT) == (ours,)


def test_a_bot_comment_without_the_marker_line_is_not_ours() -> None:
    quoted = Comment(3, BOT, f"quoting `{MARKER}` inline")
    assert our_comments((quoted,), BOT) == ()


def test_with_two_bot_comments_the_oldest_is_edited_and_the_other_reported() -> None:
    comments = (Comment(9, BOT, f"{MARKER}\nnewer"), Comment(4, BOT, f"{MARKER}\nolder"))
    action = comment_action(comments, OURS, BOT)
    assert action == CommentAction("update", body=OURS, comment_id=4, duplicates=(9,))


def test_our_comment_stays_when_there_is_nothing_left_to_say() -> None:
    assert comment_action((Comment(5, BOT, OURS),), None, BOT) == CommentAction("leave", comment_id=5)


def test_nothing_to_say_and_no_comment_means_no_comment() -> None:
    assert comment_action((), None, BOT) == CommentAction("none")


def test_with_new_comments_off_an_issue_without_our_comment_gets_none() -> None:
    others = (Comment(3, "alice", "me too"),)
    assert comment_action(others, OURS, BOT, may_create=False) == CommentAction("none")


def test_with_new_comments_off_our_comment_is_still_kept_in_step() -> None:
    action = comment_action((Comment(5, BOT, f"{MARKER}\nold"),), OURS, BOT, may_create=False)
    assert action == CommentAction("update", body=OURS, comment_id=5)


def test_the_bot_login_compares_case_insensitively() -> None:
    assert our_comments((Comment(1, "GitHub-Actions[bot]", OURS),), BOT) == (
        Comment(1, "GitHub-Actions[bot]", OURS),
    )


# --- defer_to: an issue a person gave to another owner ---------------------------------------

DEFERRING: Rules = RULES._replace(defer_to=("team/*", "Owner: *"))


def planned_deferring(issue_state: IssueState, *, retriage: bool = False) -> Plan:
    return plan(DEFERRING, kubernetes(), issue_state, OURS, BOT, retriage=retriage)


@pytest.mark.parametrize("label", ["team/search", "TEAM/Search", "owner: code-intel"])
def test_an_issue_labelled_for_another_owner_gets_no_label_and_no_comment(label: str) -> None:
    result = planned_deferring(state(labels=(label,)))
    assert (result.add_labels, result.comment, result.deferred_to) == ((), CommentAction("none"), label)
    assert result.is_empty


def test_a_bracket_in_a_defer_pattern_is_the_character_not_a_set_of_them() -> None:
    """`*` and `?` are the only wildcards: `[search]` names labels written with brackets."""
    bracketed = RULES._replace(defer_to=("[search]*",))
    assert defer_check(bracketed)(["[Search] backend"]) == "[Search] backend"
    assert defer_check(bracketed)(["s backend"]) is None


def test_our_own_team_label_matching_a_defer_pattern_does_not_count_as_another_owner() -> None:
    result = planned_deferring(state(labels=("team/distribution",)))
    assert result.add_labels == ("distribution/kubernetes",)
    assert result.deferred_to is None


def test_a_former_name_of_our_team_label_does_not_count_as_another_owner() -> None:
    renamed = DEFERRING.teams[0]._replace(
        label=DEFERRING.teams[0].label._replace(previous_names=("team/dist",))
    )
    rules_after_rename = DEFERRING._replace(teams=(renamed,))

    result = plan(rules_after_rename, kubernetes(), state(labels=("Team/Dist",)), OURS, BOT, retriage=False)

    assert result.deferred_to is None


def test_a_deferred_issue_keeps_our_earlier_comment_and_labels_untouched() -> None:
    earlier = (Comment(1, BOT, f"{MARKER}\nAn older comment."),)
    history = (labeled("distribution/kubernetes", BOT),)
    deferred = state(labels=("team/search", "distribution/docker"), comments=earlier, events=history)
    result = planned_deferring(deferred, retriage=True)
    assert (result.remove_labels, result.comment) == ((), CommentAction("leave", comment_id=1))


def test_a_deferred_issue_loses_the_fallback_label_we_put_there_on_a_retriage() -> None:
    """The fallback asks a person to find an owner; giving the issue to another owner answered it."""
    history = (labeled("needs-triage", BOT), labeled("team/search", "alice"))
    deferred = state(labels=("needs-triage", "team/search"), events=history)
    result = planned_deferring(deferred, retriage=True)
    assert (result.remove_labels, result.add_labels) == (("needs-triage",), ())
    assert result.deferred_to == "team/search"


def test_a_deferred_issue_keeps_a_fallback_label_a_person_put_there() -> None:
    history = (labeled("needs-triage", "alice"), labeled("team/search", "alice"))
    deferred = state(labels=("needs-triage", "team/search"), events=history)
    assert planned_deferring(deferred, retriage=True).remove_labels == ()


def test_a_deferred_issue_keeps_its_fallback_label_on_an_opened_event() -> None:
    """An `opened` job reads no timeline, so it cannot tell who put the label there."""
    deferred = state(labels=("needs-triage", "team/search"))
    assert planned_deferring(deferred).remove_labels == ()


@pytest.mark.parametrize(
    ("labels", "retriage", "expected"),
    [
        (("team/search",), True, False),
        (("team/search", "Needs-Triage"), True, True),
        (("team/search", "needs-triage"), False, False),
    ],
    ids=["no-fallback", "fallback-retriage", "fallback-opened"],
)
def test_a_deferred_issue_needs_its_timeline_only_to_take_off_a_fallback_label(
    labels: tuple[str, ...], retriage: bool, expected: bool
) -> None:
    assert needs_timeline(DEFERRING, kubernetes(), state(labels=labels), retriage=retriage) is expected


@pytest.mark.parametrize(
    ("added_at", "deferred"),
    [
        ("2027-01-15T08:00:05Z", "team/search"),
        ("2027-01-15T08:00:00Z", "team/search"),
        ("2027-01-14T08:00:00Z", None),
    ],
    ids=["after-the-payload", "in-its-second", "before-it"],
)
def test_another_owners_label_the_timeline_shows_added_since_the_payload_defers(
    added_at: str, deferred: str | None
) -> None:
    """Added before the payload was taken and missing from it, the label was deleted from the
    repository since (which leaves no event): it names no owner."""
    history = (LabelEvent("team/search", "labeled", "alice", added_at),)
    payload = state(events=history)._replace(labels_as_of="2027-01-15T08:00:00Z")
    assert planned_deferring(payload).deferred_to == deferred


def test_our_labels_the_timeline_shows_added_since_the_payload_are_added_again() -> None:
    """An `edited` job queued behind the `opened` one, whose payload predates that job's labels: a
    write that changes nothing, which lets the run post the comment that job may have stopped before."""
    history = tuple(
        LabelEvent(name, "labeled", BOT, "2027-01-15T08:00:05Z")
        for name in ("team/distribution", "distribution/kubernetes")
    )
    payload = state(events=history)._replace(labels_as_of="2027-01-15T08:00:00Z")
    result = planned(payload, retriage=True)
    assert (result.add_labels, result.remove_labels) == (("team/distribution", "distribution/kubernetes"), ())


def test_the_labels_a_person_gave_since_the_payload_are_not_added_again_nor_commented_for() -> None:
    history = tuple(
        LabelEvent(name, "labeled", "alice", "2027-01-15T08:00:05Z")
        for name in ("team/distribution", "distribution/kubernetes")
    )
    listed = state(events=history)._replace(labels_as_of="2027-01-15T08:00:00Z")
    result = plan(RULES, kubernetes(), listed, OURS, BOT, retriage=False, new_comments="with_labels")
    assert (result.add_labels, result.comment) == ((), CommentAction("none"))


def test_our_labels_the_timeline_shows_added_since_the_payload_go_when_nothing_matches() -> None:
    history = (LabelEvent("distribution/kubernetes", "labeled", BOT, "2027-01-15T08:00:05Z"),)
    payload = state(events=history)._replace(labels_as_of="2027-01-15T08:00:00Z")
    result = planned(payload, retriage=True, matched=False)
    assert result.remove_labels == ("distribution/kubernetes",)


def test_our_label_listed_and_shown_added_in_the_listings_second_is_removed_once() -> None:
    history = (LabelEvent("distribution/kubernetes", "labeled", BOT, "2027-01-15T08:00:00Z"),)
    listed = state(labels=("distribution/kubernetes",), events=history)._replace(
        labels_as_of="2027-01-15T08:00:00Z"
    )
    assert planned(listed, retriage=True, matched=False).remove_labels == ("distribution/kubernetes",)


def test_our_label_listed_under_its_former_name_and_added_since_under_its_own_is_removed_once() -> None:
    before_sync = renamed(RULES, "kubernetes", "k8s")
    history = (
        LabelEvent("k8s", "labeled", BOT, "2027-01-14T08:00:00Z"),
        LabelEvent("distribution/kubernetes", "labeled", BOT, "2027-01-15T08:00:05Z"),
    )
    listed = state(labels=("k8s",), events=history)._replace(labels_as_of="2027-01-15T08:00:00Z")
    result = plan(before_sync, classify_as(before_sync, {}), listed, OURS, BOT, retriage=True)
    assert result.remove_labels == ("k8s",)


def test_a_label_a_person_added_under_its_former_name_stays_when_the_bot_added_the_new_name() -> None:
    """Before `triage labels sync` renames it, `k8s` and `distribution/kubernetes` are two labels:
    alice gave the first, the `opened` job (from its payload, without it) the second."""
    before_sync = renamed(RULES, "kubernetes", "k8s")
    history = (
        LabelEvent("k8s", "labeled", "alice", "2027-01-15T08:00:01Z"),
        LabelEvent("distribution/kubernetes", "labeled", BOT, "2027-01-15T08:00:02Z"),
    )
    both = state(labels=("k8s", "distribution/kubernetes"), events=history)
    result = plan(before_sync, classify_as(before_sync, {}), both, OURS, BOT, retriage=True)
    assert result.remove_labels == ("distribution/kubernetes",)


def test_another_owners_label_a_person_removed_since_the_payload_no_longer_defers() -> None:
    history = (labeled("team/search", "alice"), unlabeled("team/search", "alice"))
    result = planned_deferring(state(labels=("team/search",), events=history))
    assert result.deferred_to is None
    assert result.add_labels == ("team/distribution", "distribution/kubernetes")


def test_a_deferred_issue_needs_no_timeline_read() -> None:
    assert not needs_timeline(DEFERRING, kubernetes(), state(labels=("team/search",)), retriage=True)


def test_the_defer_check_is_prepared_once_per_rules_and_anew_for_other_rules() -> None:
    first = DEFERRING
    other = RULES._replace(defer_to=("team/*",))
    assert defer_check(first) is defer_check(first)
    assert defer_check(other) is not defer_check(first)


def test_past_as_many_rules_as_it_keeps_checks_for_the_defer_check_answers_as_before_and_keeps_no_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rules past `_CHECKS_KEPT`, each asked twice: the second time, the first ones' checks were let go."""
    monkeypatch.setattr(plan_module, "_defer_checks", {})
    owners = [RULES._replace(defer_to=(f"owner{n}: *",)) for n in range(plan_module._CHECKS_KEPT + 3)]
    labels = [f"owner{n}: x" for n in range(len(owners))]
    assert [defer_check(rules_)(labels) for rules_ in owners + owners] == labels + labels
    assert len(plan_module._defer_checks) <= plan_module._CHECKS_KEPT


_LABEL_NAMES = st.sampled_from(
    ["team/search", "TEAM/Search", "team/distribution", "Team/Distribution", "owner: x", "bug", "Ä", "team/ä"]
)


@given(st.lists(st.lists(_LABEL_NAMES | st.text(max_size=6), max_size=4), max_size=6))
def test_the_defer_check_answers_labels_asked_again_as_it_answered_them_first(
    issues_labels: list[list[str]],
) -> None:
    check = defer_check(DEFERRING._replace())  # a copy: prepared anew, with no answer kept yet
    answered = [check(labels) for labels in issues_labels + issues_labels]
    assert answered == [defer_check(DEFERRING._replace())(labels) for labels in issues_labels + issues_labels]


def test_the_defer_check_answers_as_before_when_it_has_kept_as_many_answers_as_it_may(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("triage.plan._ANSWERS_KEPT", 1)
    check = defer_check(DEFERRING._replace())
    asked = [["bug", "team/search"], ["team/distribution"], ["bug", "team/search"], ["owner: x"]]
    assert [check(labels) for labels in asked] == ["team/search", None, "team/search", "owner: x"]


# --- names: case, former names, and histories that lag behind the labels -----------------------


def renamed(rules_: Rules, area_id: str, *former: str) -> Rules:
    """`rules_` with the area's label known before under the `former` names."""
    team_ = rules_.teams[0]
    areas = tuple(
        a._replace(label=a.label._replace(previous_names=former)) if a.id == area_id else a
        for a in team_.areas
    )
    return rules_._replace(teams=(team_._replace(areas=areas),))


def test_a_label_the_rules_spell_with_capitals_is_not_added_again_when_the_issue_has_it() -> None:
    team_ = RULES.teams[0]
    capitals = RULES._replace(teams=(team_._replace(label=team_.label._replace(name="Team/Distribution")),))
    classification = classify_as(capitals, {"kubernetes": [evidence()]})
    result = plan(capitals, classification, state(labels=("team/distribution",)), OURS, BOT, retriage=False)
    assert result.add_labels == ("distribution/kubernetes",)


def test_a_label_on_the_issue_under_its_former_name_is_not_added_again() -> None:
    before_sync = renamed(RULES, "kubernetes", "k8s")
    classification = classify_as(before_sync, {"kubernetes": [evidence()]})
    result = plan(
        before_sync, classification, state(labels=("team/distribution", "K8s")), OURS, BOT, retriage=True
    )
    assert (result.add_labels, result.remove_labels) == ((), ())


def test_a_stale_label_the_bot_added_under_its_former_name_is_removed_on_retriage() -> None:
    before_sync = renamed(RULES, "docker", "docker")
    classification = classify_as(before_sync, {"kubernetes": [evidence()]})
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "docker"), events=(labeled("docker", BOT),)
    )
    result = plan(before_sync, classification, issue, OURS, BOT, retriage=True)
    assert result.remove_labels == ("docker",)


def test_a_label_on_the_issue_is_never_kept_off_whatever_the_timeline_says_last() -> None:
    """GitHub's timeline can lag behind the labels: a person who put a label back is not listed yet."""
    history = (labeled("distribution/kubernetes", BOT), unlabeled("distribution/kubernetes", "alice"))
    result = planned(state(labels=("team/distribution", "distribution/kubernetes"), events=history))
    assert (result.add_labels, result.kept_off) == ((), ())


def test_a_stale_label_whose_last_event_is_not_the_bot_adding_it_is_kept_on_retriage() -> None:
    history = (labeled("distribution/docker", BOT), unlabeled("distribution/docker", BOT))
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned(issue, retriage=True).remove_labels == ()


def test_only_labels_whose_last_event_is_a_person_adding_them_count_as_added_by_people() -> None:
    history = (
        labeled("team/distribution", "alice"),
        labeled("distribution/kubernetes", "alice"),
        unlabeled("distribution/kubernetes", "bob"),
        labeled("distribution/docker", BOT),
    )
    assert added_by_people(RULES, history, BOT) == frozenset({"team/distribution"})


# --- a locked conversation, and where a new comment is looked for ---------------------------------


def test_a_locked_conversation_gets_its_labels_but_no_comment_and_the_plan_says_it_is_locked() -> None:
    result = plan(RULES, kubernetes(), state(comments=()), OURS, BOT, retriage=False, locked=True)
    assert result.add_labels == ("team/distribution", "distribution/kubernetes")
    assert (result.comment, result.locked) == (CommentAction("none"), True)


def test_a_comment_to_post_is_looked_for_among_those_newer_than_the_newest_read() -> None:
    comments = (Comment(8, "alice", "Same here."), Comment(3, "bob", "Seen on 1.2."))
    assert comment_action(comments, OURS, BOT) == CommentAction("create", body=OURS, newer_than=8)


def test_a_marker_line_with_trailing_spaces_still_marks_our_comment() -> None:
    edited = Comment(1, BOT, f"{MARKER}  \nThis looks like Kubernetes.")
    assert our_comments((edited,), BOT) == (edited,)


# --- former bot logins: the logins triage wrote as before its bot login ----------------------------

APP = "acme-triage[bot]"
"""The login triage writes as after a move from the Actions token (`BOT`, then a former login)."""


def planned_after_the_move(
    issue_state: IssueState, *, retriage: bool = True, matched: bool = True, former: tuple[str, ...] = (BOT,)
) -> Plan:
    classification = classify_as(RULES, {"kubernetes": [evidence()]} if matched else {})
    return plan(RULES, classification, issue_state, OURS, APP, retriage=retriage, former_logins=former)


def test_a_former_logins_marked_comment_is_updated_in_place_naming_that_login() -> None:
    """Naming it tells `apply` that GitHub may refuse the edit of another account's comment."""
    action = comment_action((Comment(5, BOT, f"{MARKER}\nold"),), OURS, APP, former_logins=(BOT,))
    assert action == CommentAction("update", body=OURS, comment_id=5, former_login=BOT)


def test_an_issue_with_a_former_logins_marked_comment_gets_no_second_one() -> None:
    result = planned_after_the_move(state(comments=(Comment(5, BOT, f"{MARKER}\nold"),)), retriage=False)
    assert result.comment.kind == "update"
    assert result.comment.comment_id == 5


def test_a_former_logins_comment_that_already_says_it_is_left_alone() -> None:
    action = comment_action((Comment(5, BOT, OURS),), OURS, APP, former_logins=(BOT,))
    assert action == CommentAction("leave", comment_id=5)


def test_the_bot_logins_own_comment_is_updated_naming_no_former_login() -> None:
    action = comment_action((Comment(5, APP, f"{MARKER}\nold"),), OURS, APP, former_logins=(BOT,))
    assert action == CommentAction("update", body=OURS, comment_id=5)


def test_with_a_former_logins_comment_and_the_bot_logins_the_oldest_is_edited_and_the_other_reported() -> (
    None
):
    """As for two of the bot login's own: whichever login wrote the oldest."""
    comments = (Comment(9, APP, f"{MARKER}\nnewer"), Comment(4, BOT, f"{MARKER}\nolder"))
    action = comment_action(comments, OURS, APP, former_logins=(BOT,))
    assert action == CommentAction("update", body=OURS, comment_id=4, duplicates=(9,), former_login=BOT)


def test_a_marked_comment_of_a_login_not_listed_as_former_is_a_persons() -> None:
    action = comment_action((Comment(5, BOT, f"{MARKER}\nold"),), OURS, APP, former_logins=("old-bot[bot]",))
    assert action == CommentAction("create", body=OURS, newer_than=5)


def test_a_former_login_compares_case_insensitively() -> None:
    theirs = Comment(5, "GitHub-Actions[bot]", OURS)
    assert our_comments((theirs,), APP, (BOT,)) == (theirs,)


def test_a_stale_label_a_former_login_added_is_removed_on_retriage() -> None:
    history = (labeled("distribution/docker", BOT),)
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned_after_the_move(issue).remove_labels == ("distribution/docker",)


def test_a_stale_label_a_former_login_added_stays_when_not_retriaging() -> None:
    history = (labeled("distribution/docker", BOT),)
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned_after_the_move(issue, retriage=False).remove_labels == ()


def test_the_fallback_label_a_former_login_added_goes_when_a_team_matches_after_an_edit() -> None:
    history = (labeled("needs-triage", BOT),)
    result = planned_after_the_move(state(labels=("needs-triage",), events=history))
    assert result.remove_labels == ("needs-triage",)


def test_a_label_a_former_login_removed_may_come_back() -> None:
    history = (labeled("distribution/kubernetes", BOT), unlabeled("distribution/kubernetes", BOT))
    result = planned_after_the_move(state(labels=("team/distribution",), events=history))
    assert (result.add_labels, result.kept_off) == (("distribution/kubernetes",), ())


def test_a_stale_label_a_login_not_listed_as_former_added_stays_as_a_persons() -> None:
    history = (labeled("distribution/docker", BOT),)
    issue = state(
        labels=("team/distribution", "distribution/kubernetes", "distribution/docker"), events=history
    )
    assert planned_after_the_move(issue, former=()).remove_labels == ()


def test_labels_a_former_login_added_do_not_count_as_added_by_people() -> None:
    history = (labeled("team/distribution", "alice"), labeled("distribution/docker", BOT))
    assert added_by_people(RULES, history, APP, (BOT,)) == frozenset({"team/distribution"})


def test_a_deferred_issue_loses_the_fallback_label_a_former_login_put_there_and_keeps_its_comment() -> None:
    history = (labeled("needs-triage", BOT), labeled("team/search", "alice"))
    earlier = (Comment(1, BOT, f"{MARKER}\nAn older comment."),)
    deferred = state(labels=("needs-triage", "team/search"), comments=earlier, events=history)
    result = plan(DEFERRING, kubernetes(), deferred, OURS, APP, retriage=True, former_logins=(BOT,))
    assert (result.remove_labels, result.comment) == (("needs-triage",), CommentAction("leave", comment_id=1))
