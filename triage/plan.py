"""What to write to one issue: the difference between what the rules ask for and what GitHub holds.

Pure. Labels the rules do not manage are invisible here. A label a person removed stays off; a
managed label is removed only when the bot itself put it there and it no longer matches, and only
when re-triaging. The comment is ours when it carries the marker line AND the bot wrote it. "The
bot" is the login triage writes as and any it wrote as before (`former_logins`, `--former-bot-login`):
a move from the Actions token to an App's keeps its comment and labels triage's.
Label names compare case-insensitively, as GitHub compares them, and a label under a name listed in
its `previous_names` (on the issue before `triage labels sync` renames it, or in its history after)
is that label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from triage.marker import has_marker
from triage.model import (
    Classification,
    Comment,
    CommentAction,
    IssueState,
    LabelEvent,
    Plan,
    Rules,
    current_name,
    fallback_names,
)
from triage.wildcards import wildcard_pattern

NewComments = Literal["always", "with_labels", "never"]
"""When a comment may be posted on an issue that has none of ours: `always` (an `opened` event,
`--issue N`); `with_labels` (a batch, an edit, a reopening: only on an issue the run gives a label,
so an issue a labels-only sweep left quiet, or a person labelled, stays quiet, and a comment a
person deleted is not posted again); `never` (labels only, for a first sweep of old issues). One of
ours already there is edited whatever this."""


def may_post(new_comments: NewComments, add_labels: tuple[str, ...]) -> bool:
    return new_comments == "always" or (new_comments == "with_labels" and bool(add_labels))


def plan(
    rules: Rules,
    classification: Classification,
    state: IssueState,
    comment_body: str | None,
    bot_login: str,
    *,
    retriage: bool,
    locked: bool = False,
    new_comments: NewComments = "always",
    former_logins: Iterable[str] = (),
) -> Plan:
    """The writes that bring one issue to what the rules ask, and nothing else.

    `retriage`: an `edited` or `reopened` event or a manual run, where stale labels of ours may go.
    `locked`: a locked conversation, where the labels change but no comment is posted or edited.
    `new_comments`: when a comment may be posted where there is none of ours (`NewComments`); one
    of ours is kept in step with the labels whatever it says. `former_logins`: logins triage wrote
    as before `bot_login`, whose marked comment and labels are its own too.
    """
    former_logins = tuple(former_logins)
    ours = our_logins(bot_login, former_logins)
    issue = state.issue
    former = rules.former_names
    last_events = _last_events(state.label_events or (), former)
    added_since = labels_added_since(rules, state)
    now = (*issue.labels, *added_since)
    other_owner = deferred_to(rules, _less_removed(now, last_events))
    if other_owner is not None:
        answered: tuple[str, ...] = ()
        if retriage and state.label_events is not None:  # a fallback we put there, if the timeline says so
            fallback = fallback_names(rules, now)
            answered = _stale_labels(fallback, former, state.label_events, last_events, ours)
        ours_there = our_comments(state.comments or (), bot_login, former_logins)
        return _hands_off(issue.number or 0, ours_there, other_owner, answered)
    wanted = _wanted_labels(rules, classification)
    removed_by_person = {
        name for name in wanted if _removed_by_person(last_events.get(name.casefold()), ours)
    }
    # What to add is judged by the payload's labels and those a person added since: one the timeline
    # shows a run of ours added since is added again (a write that changes nothing), which finishes a
    # run that gave it and stopped before its comment, and puts back a label deleted from the
    # repository since (which leaves no event). One a person gave is theirs: nothing to add, and so
    # no comment where new comments come only with a label.
    people = {
        name for name in added_since if not _added_by_bot(last_events.get(current_name(former, name)), ours)
    }
    present = {current_name(former, name) for name in (*issue.labels, *people)}
    add = tuple(name for name in wanted if name.casefold() not in present and name not in removed_by_person)
    unwanted = _managed_unwanted(rules, former, wanted, now) if retriage else ()
    remove = _stale_labels(unwanted, former, state.label_events or (), last_events, ours)
    return Plan(
        issue_number=issue.number or 0,
        add_labels=add,
        remove_labels=remove,
        comment=comment_action(
            state.comments or (),
            None if locked else comment_body,
            bot_login,
            may_create=may_post(new_comments, add),
            former_logins=former_logins,
        ),
        kept_off=tuple(
            name for name in wanted if name in removed_by_person and name.casefold() not in present
        ),
        locked=locked,
    )


def needs_timeline(
    rules: Rules, classification: Classification, state: IssueState, *, retriage: bool
) -> bool:
    """Whether the label history could change the plan: only when a label might be added or removed.

    A brand-new issue (an `opened` event) has no history worth a request: pass `retriage=False`
    and do not call this.
    """
    if deferred_to(rules, state.issue.labels) is not None:
        return retriage and bool(fallback_names(rules, state.issue.labels))
    wanted = _wanted_labels(rules, classification)
    former = rules.former_names
    present = {current_name(former, name) for name in state.issue.labels}
    if any(name.casefold() not in present for name in wanted):
        return True
    return retriage and bool(_managed_unwanted(rules, former, wanted, state.issue.labels))


def deferred_to(rules: Rules, labels: Iterable[str]) -> str | None:
    """The first label, not one the rules manage (or managed under a former name), that names
    another owner per `rules.defer_to`."""
    return defer_check(rules)(labels)


DeferCheck = Callable[[Iterable[str]], str | None]
_CHECKS_KEPT = 8
_defer_checks: dict[int, tuple[Rules, DeferCheck]] = {}
"""Keyed by id(), holding the Rules so the id is not reused, as the classifier's cache is: a run
asks `deferred_to` several times an issue (whether to read comments, the timeline, the plan)."""


def defer_check(rules: Rules) -> DeferCheck:
    """`deferred_to` for these rules, with the managed names and the patterns prepared once per
    `Rules`: a batch asks it of every issue."""
    kept = _defer_checks.get(id(rules))
    if kept is not None and kept[0] is rules:
        return kept[1]
    if len(_defer_checks) >= _CHECKS_KEPT:
        del _defer_checks[next(iter(_defer_checks))]
    check = _defer_check(rules)
    _defer_checks[id(rules)] = (rules, check)
    return check


def _defer_check(rules: Rules) -> DeferCheck:
    """The check, with each label name's answer kept (up to `_ANSWERS_KEPT` names): a batch's issues
    carry the same few labels again and again, and looking one up costs far less than case-folding
    and matching it (callgrind, 2026-11-27: `dry-run --input`'s deferral check of the dev file's
    issues, which all carry labels, 6,500 instructions an issue; 3,000 with the answers kept)."""
    if not rules.defer_to:
        return lambda labels: None
    ours = rules.managed_or_former_names
    other_owner = wildcard_pattern(rules.defer_to)
    answers: dict[str, bool] = {}

    def check(labels: Iterable[str]) -> str | None:
        for name in labels:
            another_owner = answers.get(name)
            if another_owner is None:
                if len(answers) >= _ANSWERS_KEPT:
                    answers.clear()
                folded = name.casefold()
                another_owner = answers[name] = folded not in ours and other_owner.match(folded) is not None
            if another_owner:
                return name
        return None

    return check


_ANSWERS_KEPT = 4096


def _hands_off(number: int, ours: tuple[Comment, ...], other_owner: str, answered: tuple[str, ...]) -> Plan:
    """A person gave the issue to another owner: write nothing, not even our comment (`ours`, from
    `our_comments`), but take off the fallback label we put there (`answered`): the question it
    asks, who owns this, is answered."""
    comment = CommentAction("leave", comment_id=ours[0].id) if ours else CommentAction("none")
    return Plan(issue_number=number, remove_labels=answered, comment=comment, deferred_to=other_owner)


def comment_action(
    comments: Iterable[Comment],
    body: str | None,
    bot_login: str,
    *,
    may_create: bool = True,
    former_logins: Iterable[str] = (),
) -> CommentAction:
    """Create (if `may_create`), update or leave our one comment, the oldest, whichever of our
    logins wrote it; further bot comments with the marker are duplicates."""
    comments = tuple(comments)
    ours = our_comments(comments, bot_login, former_logins)
    if not ours:
        if body is None or not may_create:
            return CommentAction("none")
        return CommentAction("create", body=body, newer_than=max((c.id for c in comments), default=0))
    oldest, duplicates = ours[0], tuple(comment.id for comment in ours[1:])
    if body is None or same_text(oldest.body, body):
        return CommentAction("leave", comment_id=oldest.id, duplicates=duplicates)
    former_login = "" if _same_login(oldest.author, bot_login) else oldest.author
    return CommentAction(
        "update", body=body, comment_id=oldest.id, duplicates=duplicates, former_login=former_login
    )


def our_comments(
    comments: Iterable[Comment], bot_login: str, former_logins: Iterable[str] = ()
) -> tuple[Comment, ...]:
    """The bot's comments (written as `bot_login` or one of `former_logins`) that carry the marker
    on a line of its own, oldest (lowest id) first."""
    ours = our_logins(bot_login, former_logins)
    return tuple(
        sorted(
            (c for c in comments if c.author.casefold() in ours and has_marker(c.body)),
            key=lambda c: c.id,
        )
    )


def find_our_comment(
    comments: tuple[Comment, ...], bot_login: str, former_logins: Iterable[str] = ()
) -> Comment | None:
    found = our_comments(comments, bot_login, former_logins)
    return found[0] if found else None


def our_logins(bot_login: str, former_logins: Iterable[str] = ()) -> frozenset[str]:
    """The logins whose marked comment and labels are triage's, case-folded as GitHub compares
    logins: the one it writes as and those it wrote as before."""
    return frozenset(login.casefold() for login in (bot_login, *former_logins))


def same_text(left: str, right: str) -> bool:
    """GitHub may hand a body back with CRLF line ends; that is not a change."""
    return left.replace("\r\n", "\n").rstrip() == right.replace("\r\n", "\n").rstrip()


def _same_login(left: str, right: str) -> bool:
    return left.casefold() == right.casefold()


def _wanted_labels(rules: Rules, classification: Classification) -> tuple[str, ...]:
    managed = rules.managed_names
    unique = dict.fromkeys(name for name in classification.labels if name.casefold() in managed)
    return tuple(unique)


def fallback_as_labelled(rules: Rules) -> Callable[[Classification], Classification]:
    """The classification without its fallback label when the issue's labels (as its input gives
    them) hold a team or area label of the rules, under its name or a former one: an owner of ours,
    which makes the fallback (asking a person to find one) unwanted, as `triage run` leaves it off.
    The names are prepared once, for a batch that asks it of every issue."""
    if rules.fallback_label is None:
        return lambda classification: classification
    fallback = rules.fallback_label.name
    carries_owner = owner_label_check(rules)

    def as_labelled(classification: Classification) -> Classification:
        labels = classification.issue.labels
        if classification.fallback is None or not labels:
            return classification
        if carries_owner(labels):
            return classification.without_labels([fallback])
        return classification

    return as_labelled


def owner_label_check(rules: Rules) -> Callable[[Iterable[str]], bool]:
    """Whether labels hold a team or area label of the rules, under its name or a former one: an
    owner of ours. The names are prepared once, for a batch that asks it of every issue."""
    former = rules.former_names
    owners = rules.owner_names
    return lambda labels: any(current_name(former, name) in owners for name in labels)


def _last_events(events: Iterable[LabelEvent], former: dict[str, str]) -> dict[str, LabelEvent]:
    """The most recent event per label (the timeline is oldest first), keyed by folded name; an
    event under a former name counts for the label it was renamed to."""
    return {current_name(former, event.label): event for event in events}


def labels_now(rules: Rules, state: IssueState) -> tuple[str, ...]:
    """The issue's labels, with those its timeline shows added since (`labels_added_since`)."""
    return (*state.issue.labels, *labels_added_since(rules, state))


def labels_added_since(rules: Rules, state: IssueState) -> tuple[str, ...]:
    """The labels missing from the issue's labels that its timeline, when read, shows added since
    the payload or listing they come from was taken (`labels_as_of`): a person giving the issue to
    another owner, or the labels the rules want, meanwhile; or an earlier run of ours labelling it
    (an `edited` job queued behind the `opened` one gets a payload taken before that job wrote),
    whose labels go if the issue no longer matches. An older `labeled` event does not count: its
    label may have been deleted from the repository since, which leaves no event. Labels whose last
    event removed them stay on: the timeline can lag behind a person putting one back (only whether
    another owner's label is still on reads them)."""
    as_of = state.labels_as_of
    if state.label_events is None or not as_of:
        return ()
    former = rules.former_names
    present = {current_name(former, name) for name in state.issue.labels}
    return tuple(
        event.label
        for name, event in _last_events(state.label_events, former).items()
        if event.action == "labeled" and event.created_at >= as_of and name not in present
    )


def _less_removed(labels: tuple[str, ...], last_events: dict[str, LabelEvent]) -> tuple[str, ...]:
    """`labels` less those whose last event removed them: whether a person took another owner's
    label off since the payload was taken."""
    removed = {name for name, event in last_events.items() if event.action == "unlabeled"}
    return tuple(name for name in labels if name.casefold() not in removed)


def added_by_people(
    rules: Rules, events: Iterable[LabelEvent], bot_login: str, former_logins: Iterable[str] = ()
) -> frozenset[str]:
    """The labels (case-folded, under their current names) whose last event is a person adding them:
    not the bot under `bot_login` or one of its `former_logins`."""
    last = _last_events(events, rules.former_names)
    ours = our_logins(bot_login, former_logins)
    return frozenset(
        name
        for name, event in last.items()
        if event.action == "labeled" and event.actor.casefold() not in ours
    )


def _removed_by_person(event: LabelEvent | None, ours: frozenset[str]) -> bool:
    return event is not None and event.action == "unlabeled" and event.actor.casefold() not in ours


def _added_by_bot(event: LabelEvent | None, ours: frozenset[str]) -> bool:
    return event is not None and event.action == "labeled" and event.actor.casefold() in ours


def _managed_unwanted(
    rules: Rules, former: dict[str, str], wanted: tuple[str, ...], present: tuple[str, ...]
) -> tuple[str, ...]:
    """The labels on the issue, as it names them, that are managed (under any name) and not wanted.
    `former`: the rules' `former_names`, which the caller has built already."""
    unwanted = rules.managed_names - {name.casefold() for name in wanted}
    return tuple(name for name in present if current_name(former, name) in unwanted)


def _stale_labels(
    unwanted: tuple[str, ...],
    former: dict[str, str],
    events: Iterable[LabelEvent],
    by_label: dict[str, LabelEvent],
    ours: frozenset[str],
) -> tuple[str, ...]:
    """Of the managed labels on the issue that no longer match, those the bot itself put there
    (under one of `ours`, `our_logins`). A
    name's own last event says who did; a name with none (a label renamed by `triage labels sync`
    since it was added) goes by the last event of any name of its label (`by_label`, from
    `_last_events`). An issue carrying both a label's former and current names has two labels, each
    added by whoever its own event says."""
    by_name = {event.label.casefold(): event for event in events}
    return tuple(
        name
        for name in unwanted
        if _added_by_bot(by_name.get(name.casefold()) or by_label.get(current_name(former, name)), ours)
    )
