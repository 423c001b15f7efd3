"""One issue, end to end: read only what the plan needs, decide as a value, then act thinly.

`decide` reads (the timeline only when a label might change, and it lists the comments too;
otherwise the comments only when there are some, or when an event's count of them may be stale and
there is something to say) and returns a `Decision`; `apply` is the only function here that
writes. A dry run simply never calls `apply`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from triage.comment_view import carries_an_area_not_found
from triage.errors import RateLimitStop, TriageError, WrongBotLoginError
from triage.explain import Reason, Removal, label_reasons, removal_reasons
from triage.label_sync import labels_to_fix
from triage.model import (
    Classification,
    Comment,
    CommentAction,
    Issue,
    IssueState,
    Label,
    Plan,
    Rules,
    current_name,
)
from triage.plan import (
    NewComments,
    added_by_people,
    comment_action,
    deferred_to,
    find_our_comment,
    labels_now,
    may_post,
    needs_timeline,
    our_logins,
    plan,
    same_text,
)
from triage.refusal import RequestRefusedError
from triage.render import render_comment
from triage.run_output import decision_text, finish_command
from triage.safe_text import clip, loggable, printable, well_formed
from triage.summary import IssueOutcome, needs_a_look
from triage.wire import PAGE_SIZE, PagesLeft, Timeline

if TYPE_CHECKING:
    from triage.github import GitHubClient


T = TypeVar("T")

HISTORY_PAGES = 10
"""The most pages (of `PAGE_SIZE`) of an issue's timeline, or of its comments, a run reads. Anyone who can
open an issue can lengthen another's history: each mention of it elsewhere is a timeline event,
each comment one more. Read to the end, one such issue could spend the requests of a run (an
Actions token has 1,000 an hour). An issue with more is left alone, saying why: from part of its
history triage cannot tell whether a person took off a label it would add, or whether a comment
it did not read is its own."""
HISTORY_ENTRIES = HISTORY_PAGES * PAGE_SIZE


class _HistoryTooLong(Exception):  # noqa: N818 - not an error: the issue is left alone, with why
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Classifier(Protocol):
    def classify(self, issue: Issue) -> Classification: ...


@dataclass(frozen=True)
class Candidate:
    """An issue to triage. `is_new`: just opened, so it has no label history worth reading.
    `retriage`: edited, reopened or run by hand, so stale labels of ours may go. `locked`: its conversation
    is locked, so it gets labels but no comment (GitHub would refuse it). `count_may_be_stale`:
    `comment_count` comes from an event payload that may predate a comment of ours (an `edited`
    event taken between an earlier run's label and comment writes), or from a read of the issue,
    whose count GitHub may not have caught up with a comment just posted, so comments are read
    before one is posted as the first. `before_edit`: the issue as it read before the edit this run is for
    (an `edited` event's), when known: if it had an owner, a comment of ours may name one.
    `open_only`: listed as open by a batch, or open in an event's payload, so left alone if the
    timeline it reads says a person closed it since (its labels are settled, as for an edit to a
    closed issue). `labels_as_of`: the `updated_at` of the payload or listing its labels come from
    (`IssueState.labels_as_of`)."""

    issue: Issue
    comment_count: int
    is_new: bool = False
    retriage: bool = True
    updated_at: str = ""
    locked: bool = False
    count_may_be_stale: bool = False
    before_edit: Issue | None = None
    open_only: bool = False
    labels_as_of: str = ""

    @property
    def number(self) -> int:
        return self.issue.number or 0


@dataclass(frozen=True)
class Decision:
    """`closed_since`: an `open_only` candidate the timeline shows closed; `too_long`: the part of
    the issue's history (`timeline`, `comments`) longer than a run reads. Either way nothing is to
    be written."""

    classification: Classification
    plan: Plan
    comment_body: str | None
    closed_since: bool = False
    too_long: str = ""
    removals: tuple[Removal, ...] = ()
    """Why each label of the plan's `remove_labels` goes."""


@dataclass(frozen=True)
class Context:
    """What every issue of a run shares. `new_comments`: when a comment may be posted where none
    of ours is (`plan.NewComments`); one of ours already there is kept in step whatever it says.
    `former_bot_logins`: the logins triage wrote as before `bot_login` (`--former-bot-login`),
    whose marked comment and labels are its own too; a comment is posted, and checked, as
    `bot_login` alone."""

    rules: Rules
    classifier: Classifier
    bot_login: str
    new_comments: NewComments = "always"
    former_bot_logins: tuple[str, ...] = ()


def decide(client: GitHubClient, context: Context, candidate: Candidate) -> Decision:
    classification = context.classifier.classify(candidate.issue)
    try:
        return _decide(client, context, candidate, classification)
    except _HistoryTooLong as too_long:
        return Decision(classification, Plan(candidate.number), None, too_long=too_long.what)


def _decide(
    client: GitHubClient, context: Context, candidate: Candidate, classification: Classification
) -> Decision:
    body = render_comment(context.rules, classification)
    state = IssueState(candidate.issue, None, labels_as_of=candidate.labels_as_of)
    if not candidate.is_new and (
        needs_timeline(context.rules, classification, state, retriage=candidate.retriage)
        or _payload_may_predate_our_labels(context, candidate)
    ):
        # The timeline lists the comments too, read just now: those posted since a batch's listing
        # said "no comments" (an event run's comment on this issue, say) are there, so ours is
        # edited, not posted twice; and the comments need no request of their own.
        timeline = _timeline(client, candidate)
        if candidate.open_only and timeline.closed:
            return Decision(classification, Plan(candidate.number), None, closed_since=True)
        state = state._replace(comments=timeline.comments, label_events=timeline.label_events)
    elif _comments_matter(context, candidate, body):
        state = state._replace(comments=_comments(client, candidate))
    decided = _plan(context, classification, state, body, candidate)
    fallback = classification.fallback
    if not classification.names_an_owner and _keeps_owner_labels(
        context.rules, _labels_after(context.rules, labels_now(context.rules, state), decided), frozenset()
    ):
        # A person (or an issue form) gave the issue an owner of ours, and its text names none: the
        # fallback, which asks a person to find one, is not wanted, and goes if triage put it there;
        # nor is a new comment (`on_no_match: short`) saying triage could not tell the owner, beside
        # that owner's label. A comment of ours already there is corrected below, as ever.
        if fallback is not None:
            classification = classification.without_labels([fallback.name])
        body = None
        decided = _plan(context, classification, state, body, candidate)
    if _orphaned(context.rules, classification, state, decided):
        # A person took off every team and area label the rules give the issue and left it no owner
        # of ours: the fallback asks a person to find one (not one they removed, nor one they added).
        classification = classification._replace(fallback=context.rules.fallback_label)
        decided = _plan(context, classification, state, body, candidate)
    stale_count = candidate.count_may_be_stale and state.comments is None
    if stale_count and body is not None and not candidate.locked and decided.deferred_to is None:
        # The payload's count may predate a comment of ours, which this run then posts again or,
        # with new comments off, leaves stale.
        state = state._replace(comments=_comments(client, candidate))
        decided = _plan(context, classification, state, body, candidate)
    if not candidate.locked and decided.deferred_to is None:
        # An issue left to another owner is written nothing, not even our comment (`plan`).
        decided, body = _comment_as_labels_stand(context, classification, state, decided, body)
    removals = removal_reasons(context.rules, classification, decided, labels_now(context.rules, state))
    return Decision(classification, decided, body, removals=removals)


def _timeline(client: GitHubClient, candidate: Candidate) -> Timeline:
    return _within_history(
        candidate, "timeline", lambda: client.timeline(candidate.number, max_pages=HISTORY_PAGES)
    )


def _comments(client: GitHubClient, candidate: Candidate) -> tuple[Comment, ...]:
    return _within_history(
        candidate, "comments", lambda: client.comments(candidate.number, max_pages=HISTORY_PAGES)
    )


def _within_history(candidate: Candidate, what: str, read: Callable[[], T]) -> T:
    """What `read` returns; `_HistoryTooLong` when it stops at `HISTORY_PAGES` with pages left, or
    with no request at all when the issue's count of comments (each one a timeline event too)
    already says so."""
    if candidate.comment_count > HISTORY_ENTRIES:
        raise _HistoryTooLong(what)
    try:
        return read()
    except PagesLeft:
        raise _HistoryTooLong(what) from None


def _plan(
    context: Context,
    classification: Classification,
    state: IssueState,
    body: str | None,
    candidate: Candidate,
) -> Plan:
    return plan(
        context.rules,
        classification,
        state,
        body,
        context.bot_login,
        retriage=candidate.retriage,
        locked=candidate.locked,
        new_comments=context.new_comments,
        former_logins=context.former_bot_logins,
    )


def _comment_as_labels_stand(
    context: Context, classification: Classification, state: IssueState, decided: Plan, body: str | None
) -> tuple[Plan, str | None]:
    """The comment claims what the issue carries: no area a person took off, and an area of a named
    team the issue carries (an issue form's, a person's) though its evidence fell short; and once a re-triage
    left the issue matching nothing and none of our owners' labels on it (but those a person added,
    which the comment never claimed), no owner at all (it says so, whatever on_no_match). A run that
    keeps stale labels (the re-run of an `opened` job) keeps the comment with them."""
    comments = state.comments or ()
    former = context.former_bot_logins
    ours = find_our_comment(comments, context.bot_login, former) is not None
    people = added_by_people(context.rules, state.label_events or (), context.bot_login, former)
    carried = _labels_after(context.rules, labels_now(context.rules, state), decided)
    unowned = ours and not _keeps_owner_labels(context.rules, carried, people)
    named_too = body is not None and carries_an_area_not_found(context.rules, classification, carried)
    if not decided.kept_off and not (body is None and unowned) and not named_too:
        return decided, body
    kept_off = decided.kept_off
    body = render_comment(
        context.rules,
        classification.without_labels(kept_off),
        always=unowned,
        taken_off=kept_off,
        carried=tuple(carried),
    )
    may_create = may_post(context.new_comments, decided.add_labels)
    action = comment_action(comments, body, context.bot_login, may_create=may_create, former_logins=former)
    return decided._replace(comment=action), body


def _orphaned(rules: Rules, classification: Classification, state: IssueState, decided: Plan) -> bool:
    """Whether the rules name an owner of the issue, a person took that owner's labels off, and
    no team or area label of ours stays once `decided` is written (one a person added counts)."""
    return (
        rules.fallback_label is not None
        and classification.fallback is None
        and bool(decided.kept_off)  # never on an issue left to another owner: its plan keeps nothing off
        and not _keeps_owner_labels(
            rules, _labels_after(rules, labels_now(rules, state), decided), frozenset()
        )
    )


def _labels_after(rules: Rules, labels: Iterable[str], decided: Plan) -> frozenset[str]:
    """The labels an issue carrying `labels` carries once `decided` is written: current names,
    case-folded (`current_name`)."""
    former = rules.former_names
    removed = {current_name(former, name) for name in decided.remove_labels}
    return frozenset(current_name(former, name) for name in (*labels, *decided.add_labels)) - removed


def _keeps_owner_labels(rules: Rules, after: frozenset[str], people_added: frozenset[str]) -> bool:
    """Whether an issue carrying `after` (`_labels_after`) has a team or area label of ours, not
    counting those the timeline says a person added (`people_added`, case-folded)."""
    owners = rules.owner_names
    return any(name in owners and name not in people_added for name in after)


def _comments_matter(context: Context, candidate: Candidate, body: str | None) -> bool:
    """Whether reading the comments can change what is written: not when there are none, when
    the conversation is locked (no comment can be posted), when the issue is another owner's, nor
    when there is nothing to post and no comment of ours can be naming an owner: none of our labels
    is on the issue, and no owner was found in its text before the edit this run is for (people may
    have taken our labels off before the edit, and the comment would go on naming them)."""
    rules = context.rules
    labels = candidate.issue.labels
    ours = rules.managed_or_former_names
    return (
        candidate.comment_count > 0
        and not candidate.locked
        and deferred_to(rules, labels) is None
        and (
            body is not None
            or any(name.casefold() in ours for name in labels)
            or _had_an_owner_before_edit(context, candidate)
        )
    )


def _payload_may_predate_our_labels(context: Context, candidate: Candidate) -> bool:
    """An edit's payload that shows none of our labels and no other owner, though the text before
    the edit had an owner of ours: the payload may have been taken before the `opened` job, queued
    ahead of this one, labelled the issue (a reporter who edits at once). Its timeline says."""
    rules = context.rules
    labels = candidate.issue.labels
    return (
        bool(candidate.labels_as_of)
        and not any(name.casefold() in rules.managed_or_former_names for name in labels)
        and deferred_to(rules, labels) is None
        and _had_an_owner_before_edit(context, candidate)
    )


def _had_an_owner_before_edit(context: Context, candidate: Candidate) -> bool:
    before = candidate.before_edit
    return before is not None and bool(context.classifier.classify(before).applied_teams)


class LabelledMeanwhileError(Exception):
    """An `opened` job's label write answered with labels of ours that neither its payload nor its
    plan had, or with another owner's (`defer_to`): another run (an `edited` job that ran first, a
    batch) or a person labelled the issue since the payload was made, and may have commented, or a
    triager gave it to another team. Raised before the comment is written."""


class LockedSinceError(Exception):
    """GitHub refused the comment because the issue's conversation was locked after it was read (a
    moderator locking a spam issue seconds after it opened): the labels are written, and the comment
    can no more be posted than on an issue that was locked when read, so the issue ends as that one
    does, with its labels and no comment, rather than as a failure no one can fix. `maybe`: `posted`
    or `updated` when the refused request followed one whose answer was lost (a POST, an edit), which
    GitHub may have made all the same: the comment may then be there, and "no comment" would be untrue."""

    def __init__(self, maybe: str = "") -> None:
        super().__init__(maybe)
        self.maybe = maybe


def _locked_since_refusal(refused: RequestRefusedError, maybe: str) -> None:
    """Raise `LockedSinceError` for a refusal of a comment write as the conversation is locked,
    naming the write (`maybe`) GitHub may have made before it when an earlier attempt's answer was lost."""
    if refused.locked_conversation:
        raise LockedSinceError(maybe if refused.write_may_have_landed else "") from None


class FormerCommentRefusedError(Exception):
    """GitHub refused the token the edit of our comment written as a former bot login, once the
    labels were written: that is another account's comment, which GitHub's roles let a person edit
    only from the Write role up. Nothing is posted in its place: that would be the second comment
    former logins are there to prevent. `status`: GitHub's answer, 403 or 404; `reason`: its message,
    which tells a permission the token lacks ("Resource not accessible by integration") from others."""

    def __init__(self, login: str, status: int, reason: str) -> None:
        super().__init__(login, status, reason)
        self.login = login
        self.status = status
        self.reason = reason


def apply(
    client: GitHubClient, context: Context, decided: Plan, payload_labels: tuple[str, ...] | None = None
) -> None:
    """Write the plan: labels first, then the comment. An empty plan makes no request.

    The rate budget is checked for the whole plan first, so a run that must stop stops before
    an issue rather than halfway through it. An error that still lands halfway (a secondary
    limit, a 5xx to the end) says what was written and what was not.

    `payload_labels`: the labels an `opened` payload showed, for a plan made from it alone; the
    label write's answer is checked against them (`LabelledMeanwhileError`). An edit GitHub refuses
    of a former bot login's comment raises `FormerCommentRefusedError`, the labels written, and a
    comment refused as the conversation was locked since it was read `LockedSinceError`.
    """
    if decided.is_empty:
        return
    progress = _Progress()
    try:
        at_most = _requests_at_most(context.rules, decided)
        client.ensure_rate_budget(_requests_needed(decided), at_most=at_most)
        after = _write_labels(client, context, decided, progress)
        if payload_labels is not None and _labelled_meanwhile(context.rules, decided, payload_labels, after):
            raise LabelledMeanwhileError
        posted = _maybe_written(partial(_write_comment, client, context, decided), "its comment", progress)
    except TriageError as error:
        refused = error if isinstance(error, RequestRefusedError) else None
        gone = refused is not None and refused.issue_gone
        quiet = context.new_comments == "never"
        said = progress.describe(decided, quiet=quiet, gone=gone, refused=refused)
        error.args = (f"{error}; {said}",)
        if isinstance(error, RateLimitStop):
            error.wrote = bool(progress.written or progress.maybe_written)
        raise
    if posted is not None:
        _check_author(posted, context, decided.issue_number)


@dataclass
class _Progress:
    """What `apply` has written so far, for the message of an error that stops it halfway."""

    written: list[str] = field(default_factory=list)
    grey: tuple[str, ...] = ()
    labels_done: bool = False
    maybe_written: str = ""
    """The write the error ended, when GitHub may have made it all the same (a 5xx, a lost answer)."""

    def describe(
        self,
        decided: Plan,
        *,
        quiet: bool = False,
        gone: bool = False,
        refused: RequestRefusedError | None = None,
    ) -> str:
        """`refused`: GitHub answered with a refusal (a 4xx): of the failed write, which then made
        nothing, unless an earlier attempt's answer was lost (`maybe_written`), which that attempt
        may have made, whatever was refused after it (the re-read of the comments, a POST). `quiet`:
        new comments are off, and the command that finishes the issue keeps them off. `gone`: the
        issue was deleted or transferred between two of its writes, so no run here can finish it:
        only what was written before is said."""
        number = decided.issue_number
        if not self.written and not self.maybe_written:
            return f"no change was made to #{number}"
        done = [*self.written, *([f"maybe {self.maybe_written}"] if self.maybe_written else [])]
        if gone:
            return f"triage had written to #{number} before it went ({'; '.join(done)})"
        if self.labels_done:
            return f"#{number} {self._comment_left(decided, refused)}"
        # Not "a new run": the labels are on now, so a later edit, reopening or batch gives none and
        # posts no comment where none of ours is; a run by hand on the issue finishes it.
        finish = finish_command(number, quiet=quiet)
        left = "was left part-way" if self.written else "may have been left part-way"
        said = f"#{number} {left} ({'; '.join(done)}); `{finish}` finishes it"
        if self.grey:
            said += f", and `triage labels sync` sets the colour and description of {', '.join(self.grey)}"
        return said

    def _comment_left(self, decided: Plan, refused: RequestRefusedError | None) -> str:
        """What became of the comment of an issue whose labels are written."""
        number = decided.issue_number
        labels = "got its labels" if self.written else "has its labels"
        update = decided.comment.kind == "update"
        if refused is not None and not self.maybe_written:
            return f"{labels}, and GitHub refused its comment{_not_written(refused, number, update=update)}"
        if refused is not None and not update:
            # the refusal of the re-read that would tell, or of a POST after a re-read that missed
            # the comment (GitHub's reads can lag its writes): either way the lost one may be there
            return (
                f"{labels}, and its comment may have been posted: the answer to a POST of it was lost, "
                "and GitHub refused the request that followed "
                f"(`triage run --issue {number}` posts it if it is missing)"
            )
        if update:
            return (
                f"{labels}, and its comment may not have been updated "
                f"(`triage run --issue {number}` updates it)"
            )
        # A later batch, edit or reopening would not post it (they comment only where they give a
        # label), but a resume starting at this issue, or a run by hand on it, does. Not "but not
        # its comment": a POST whose answer was lost, or a 5xx, may have posted it.
        return (
            f"{labels}, and its comment may not have been posted "
            f"(`triage run --issue {number}` posts it if it is missing)"
        )


def _not_written(refused: RequestRefusedError, number: int, *, update: bool) -> str:
    """What a comment GitHub refused did not do and, where a later run may fare otherwise, the run
    that does it then: a token rejected (401) or refused (403: a permission, a block on commenting) is
    put right outside triage, while a body refused as invalid (422) would be refused again (a locked
    conversation's 403 and a gone issue are told before this)."""
    done, does = ("updated", "updates") if update else ("posted", "posts")
    if refused.status not in (401, 403):
        return f" (not {done})"
    return f" (not {done}): `triage run --issue {number}` {does} it once GitHub accepts it"


def _labelled_meanwhile(
    rules: Rules, decided: Plan, payload_labels: tuple[str, ...], after: tuple[Label, ...] | None
) -> bool:
    if after is None:
        return False
    former = rules.former_names
    known = {current_name(former, name) for name in (*payload_labels, *decided.add_labels)}
    now = {current_name(former, label.name) for label in after}
    # A plan made with another owner's label on is empty: one in the answer came since the payload.
    return (
        bool((now - known) & rules.managed_names)
        or deferred_to(rules, (label.name for label in after)) is not None
    )


def _write_labels(
    client: GitHubClient, context: Context, decided: Plan, progress: _Progress
) -> tuple[Label, ...] | None:
    """The issue's labels as the label POST answered, when one was made."""
    number = decided.issue_number
    after = None
    if decided.add_labels:
        added = f"added {', '.join(decided.add_labels)}"
        after = _maybe_written(partial(client.add_labels, number, decided.add_labels), added, progress)
        progress.written.append(added)
        to_fix = labels_to_fix(context.rules.managed_labels, decided.add_labels, after)
        progress.grey = tuple(label.name for label in to_fix)
        for label in to_fix:
            client.update_label(label.name, label)
            progress.grey = progress.grey[1:]
    for name in decided.remove_labels:
        _maybe_written(partial(client.remove_label, number, name), f"removed {name}", progress)
        progress.written.append(f"removed {name}")
    progress.labels_done = True
    return after


def _maybe_written(write: Callable[[], T], said: str, progress: _Progress) -> T:
    """`write`'s result; the error that ends it says, through `progress`, when GitHub may have made
    the change all the same: a label write answered 5xx to the end, or never answered, may be on
    the issue, and "no change was made" would send no one to finish it."""
    try:
        return write()
    except TriageError as error:
        if error.write_may_have_landed:
            progress.maybe_written = said
        raise


def _write_comment(client: GitHubClient, context: Context, decided: Plan) -> Posted | None:
    """The comment posted, if one was."""
    number, comment = decided.issue_number, decided.comment
    if comment.kind == "create" and comment.body is not None:
        return _post(client, context, number, comment.body, comment.newer_than)
    if comment.kind == "update" and comment.body is not None and comment.comment_id is not None:
        try:
            client.update_comment(number, comment.comment_id, comment.body)
        except RequestRefusedError as refused:
            _locked_since_refusal(refused, "updated")
            if comment.former_login and _edit_refused(refused):
                login = comment.former_login
                raise FormerCommentRefusedError(login, refused.status, refused.reason) from None
            if refused.status != 404:
                raise
            # Deleted since it was read (its issue was just written to): posted again only where a
            # comment deleted before the run would be (`may_post`: with new comments on, by a run
            # that gives the issue a label, or by one a person asked for).
            if may_post(context.new_comments, decided.add_labels):
                return _post(client, context, number, comment.body, comment.comment_id)
    return None


def _edit_refused(refused: RequestRefusedError) -> bool:
    """A 403 (not a locked conversation's, which `_Progress` tells), or a 404, which GitHub may
    answer for what a token may not change as for what was deleted since it was read."""
    return refused.status == 404 or (refused.status == 403 and not refused.locked_conversation)


class Posted(NamedTuple):
    """The comment triage posted: as GitHub's answer to the POST gave it (`answered`), or as the
    comments read again after a POST whose answer was lost showed it, which may be another's."""

    comment: Comment
    answered: bool = True


def _post(client: GitHubClient, context: Context, number: int, body: str, newer_than: int) -> Posted:
    found_after_loss: list[Comment] = []

    def find_ours(found: tuple[Comment, ...]) -> Comment | None:
        posted = _posted(found, body, context.bot_login, newer_than, client.writes_as)
        if posted is not None:
            found_after_loss.append(posted)
        return posted

    try:
        comment = client.create_comment(number, body, find_ours)
    except RequestRefusedError as refused:
        _locked_since_refusal(refused, "posted")
        raise
    return Posted(comment, answered=not found_after_loss)


def _posted(
    found: tuple[Comment, ...], body: str, bot_login: str, newer_than: int, writes_as: str | None = None
) -> Comment | None:
    """Our comment among `found`, re-read after a POST whose outcome was lost; or one newer than the
    plan with exactly the body just sent, whoever wrote it: a token writing as another login than
    `bot_login` posted it, which `_check_author` then reports, rather than a second POST. (An older
    one with that body is another login's from before, such as a former bot's.) But once GitHub's
    answer to a comment POST of this run has shown the token writing as `bot_login` (`writes_as`),
    another login's comment is not ours, whatever it says: a person who posted the same text."""
    ours = find_our_comment(found, bot_login)
    if ours is not None:
        return ours
    if writes_as is not None and writes_as.casefold() == bot_login.casefold():
        return None
    return next((c for c in found if c.id > newer_than and same_text(c.body, body)), None)


def _check_author(posted: Posted, context: Context, number: int) -> None:
    """The comment triage posted must carry the bot login, or no later run will know it as ours.
    One found after a lost answer may instead be another login's with the same text, posted in those
    seconds (a reporter copying it from a dry run or an earlier comment): the message names both.
    A former bot login's is triage's own, and the likely cause a move left half-done (`_as_former`)."""
    author, bot_login = posted.comment.author, context.bot_login
    if author.casefold() == bot_login.casefold():
        return
    if author.casefold() in our_logins(bot_login, context.former_bot_logins):
        raise WrongBotLoginError(_as_former(posted, bot_login, number))
    if posted.answered:
        raise WrongBotLoginError(
            f"the token writes as {author}, but the bot login is {bot_login}: "
            f"#{number} has its labels and its comment, posted as {author}; set bot-login "
            f"(--bot-login, TRIAGE_BOT_LOGIN) to {author}, or triage will not know that comment "
            "as its own and will post another on every run"
        )
    raise WrongBotLoginError(
        f"#{number} has its labels; GitHub's answer to its comment was lost, and the comments read "
        f"again show one with triage's text by {author}, not by the bot login {bot_login}. Either the "
        f"token writes as {author}: set bot-login (--bot-login, TRIAGE_BOT_LOGIN) to {author}, or "
        "triage will not know that comment as its own and will post another on every run; or "
        f"{author} posted the same text meanwhile and triage's comment was not posted: the bot login "
        f"is right, and `triage run --issue {number}` posts it"
    )


def _as_former(posted: Posted, bot_login: str, number: int) -> str:
    """The stop for a comment posted under a former bot login: the job still runs with that login's
    token (the workflow moved to another identity, its token left behind). Later runs know the
    comment as triage's, so neither the bot login nor `triage run --issue N` is the fix."""
    author = posted.comment.author
    fix = (
        f"give the run the token of {bot_login} (GITHUB_TOKEN, the action's `token` input), or set "
        f"bot-login (--bot-login, TRIAGE_BOT_LOGIN) back to {author}"
    )
    if posted.answered:
        return (
            f"the token writes as {author}, a former bot login, but the bot login is {bot_login}: #{number} "
            f"has its labels and its comment, posted as {author}, which triage knows as its own while "
            f"former-bot-logins lists {author}; {fix}"
        )
    return (
        f"#{number} has its labels; GitHub's answer to its comment was lost, and the comments read again "
        f"show one with triage's text by {author}, a former bot login, not by the bot login {bot_login}: "
        f"triage knows it as its own while former-bot-logins lists {author}. If the token writes as "
        f"{author}, {fix}; if {author} posted it meanwhile, nothing is left to do"
    )


def triage_one(
    client: GitHubClient,
    context: Context,
    candidate: Candidate,
    *,
    dry_run: bool,
    show_unchanged: bool = True,
) -> IssueOutcome:
    """Decide, then write (or, in a dry run, print) the plan; the outcome the summary reports.
    `show_unchanged`: a dry run prints the plan of an issue it would leave as it is too (a long
    batch's log shows only the issues it would change, or that a person should look at). A batch
    checks its reads fit above its reserve first (`GitHubClient.ensure_read_budget`)."""
    client.ensure_read_budget(history_pages(candidate))
    try:
        return _triage_one(client, context, candidate, dry_run=dry_run, show_unchanged=show_unchanged)
    except RequestRefusedError as refused:
        raise _gone_instead(client, candidate.number, refused) from None


def _gone_instead(client: GitHubClient, number: int, refused: RequestRefusedError) -> RequestRefusedError:
    """GitHub answers 404, not its 410 or 301, for the timeline of an issue deleted or transferred
    since it was listed or its event sent: one read of the issue itself tells that from a real 404."""
    if refused.status != 404:
        return refused
    try:
        client.read_issue(number)
    except RequestRefusedError as confirmed:
        if confirmed.issue_gone:
            return confirmed
    except RateLimitStop:  # the read waits like any other: the run stops here, to resume at this issue
        raise
    except TriageError:
        pass
    return refused


def _triage_one(
    client: GitHubClient, context: Context, candidate: Candidate, *, dry_run: bool, show_unchanged: bool
) -> IssueOutcome:
    decision = decide(client, context, candidate)
    if decision.closed_since:
        return closed_outcome(candidate.issue, candidate.number, "meanwhile")
    if decision.too_long:
        return too_long_outcome(candidate.issue, candidate.number, decision.too_long)
    if dry_run:
        outcome = outcome_of(candidate, decision)
        if show_unchanged or outcome.status == "changed" or needs_a_look(outcome):
            print(
                decision_text(
                    candidate.number,
                    candidate.issue.title,
                    decision.plan,
                    decision.comment_body,
                    decision.removals,
                )
            )
        return outcome
    return _applied(client, context, candidate, decision)


def _applied(
    client: GitHubClient, context: Context, candidate: Candidate, decision: Decision
) -> IssueOutcome:
    """The outcome of writing the decision's plan."""
    try:
        apply(client, context, decision.plan, candidate.issue.labels if candidate.is_new else None)
    except LabelledMeanwhileError:
        # The labels written came from the event's text, which an edit may have changed: the issue
        # is read afresh, with its timeline (its label history, a comment of ours), and triaged
        # again as an edit would be, so no comment is posted twice and no stale label stays.
        outcome = _triage_one(
            client, context, _read_afresh(client, candidate), dry_run=False, show_unchanged=True
        )
        note = "labelled meanwhile by another run or a person: read afresh after its label write"
        return _after_labels_written(outcome, decision.plan, note)
    except FormerCommentRefusedError as refused:
        return _former_comment_left(candidate, decision, refused)
    except LockedSinceError as locked:
        return _locked_since(candidate, decision, locked.maybe)
    return outcome_of(candidate, decision)


def _locked_since(candidate: Candidate, decision: Decision, maybe: str = "") -> IssueOutcome:
    """The outcome of a plan whose labels were written and whose comment GitHub refused as the
    conversation was locked since it was read: a locked issue's, as `plan` makes for one locked before.
    But when an earlier attempt of that write had its answer lost (`maybe`: `posted`, `updated`),
    the comment may have been written: the outcome says so, as a refusal after a lost answer does
    (`_Progress._comment_left`), rather than "no comment". It counts as changed, whatever the plan
    held besides: a write was sent that GitHub may have made."""
    plan = decision.plan
    if not maybe:
        left = CommentAction(
            "leave" if plan.comment.comment_id else "none", duplicates=plan.comment.duplicates
        )
        return outcome_of(candidate, replace(decision, plan=plan._replace(comment=left, locked=True)))
    unknown = plan._replace(comment=CommentAction("none", duplicates=plan.comment.duplicates))
    outcome = outcome_of(candidate, replace(decision, plan=unknown))
    number = candidate.number
    write, does = ("a POST", "posts it if it is missing") if maybe == "posted" else ("an edit", "updates it")
    note = (
        f"its comment may have been {maybe}: the answer to {write} of it was lost, and GitHub refused "
        "the request that followed as the conversation was locked since it was read (the issue's page "
        f"shows which; once it is unlocked, `triage run --issue {number}` {does})"
    )
    return replace(outcome, status="changed", note=note)


_EDIT_REFUSALS = {
    403: "GitHub refused this token its edit ({answer})",
    404: "GitHub answered its edit 404 (deleted since, or not this token's to edit)",
}
_REFUSAL_MESSAGE_CHARS = 60
"""The most of GitHub's message a refused edit's note quotes: GitHub's own are shorter ("Resource not
accessible by personal access token" is 48), and the note, a cell of the summary too, is cut there at
`summary.NOTE_CHARS`."""


def _answer(refused: FormerCommentRefusedError) -> str:
    """`403 Resource not accessible by integration`: GitHub's message, as untrusted as any answer,
    on one line, cut short, and with no workflow command the Actions log would read."""
    message = loggable(clip(printable(well_formed(refused.reason)), _REFUSAL_MESSAGE_CHARS))
    return f"{refused.status} {message}".strip()


def _former_comment_left(
    candidate: Candidate, decision: Decision, refused: FormerCommentRefusedError
) -> IssueOutcome:
    """The outcome of a plan whose labels were written and whose edit of a former bot login's
    comment GitHub refused: that comment stays as it was, and the issue needs a person's look."""
    plan = decision.plan
    left = plan._replace(comment=plan.comment._replace(kind="leave"))
    outcome = outcome_of(candidate, replace(decision, plan=left))
    why = _EDIT_REFUSALS[refused.status].format(answer=_answer(refused))
    note = (
        f"comment left as it was, by former bot login {refused.login}: {why}; none posted beside it, "
        "so it may not match the labels: edit it, or delete it and "
        f"`triage run --issue {candidate.number}` posts one"
    )
    return replace(outcome, note=note, comment_left=True)


def closed_outcome(issue: Issue, number: int, since: str) -> IssueOutcome:
    """An issue skipped as closed `since` (meanwhile, since the event, since the stop): its labels
    are settled, as for an edit to a closed issue, and a run by hand still triages it."""
    note = f"closed {since}: its labels are settled (`triage run --issue {number}` triages it anyway)"
    return IssueOutcome(number, issue.title, "skipped", note=note, url=issue.url or "")


_TOO_LONG = {
    "timeline": "its timeline runs past the {entries} entries triage reads, so it cannot tell whether a "
    "person took off a label it would add",
    "comments": "its comments run past the {entries} triage reads, so it cannot tell whether one of "
    "them is its own",
}


def too_long_outcome(issue: Issue, number: int, what: str) -> IssueOutcome:
    """An issue left alone as its `what` (`timeline`, `comments`) runs past what a run reads."""
    said = _TOO_LONG[what].format(entries=f"{HISTORY_ENTRIES:,}")
    note = f"left alone: {said}; label it by hand"
    return IssueOutcome(number, issue.title, "skipped", note=note, url=issue.url or "")


def _after_labels_written(outcome: IssueOutcome, written: Plan, note: str) -> IssueOutcome:
    """The outcome of the second decision, with the label writes of the first, which reached the
    issue before it was read afresh (a row that said "unchanged" would hide them)."""
    noted = f"{outcome.note}; {note}" if outcome.note else note
    if outcome.plan is None or outcome.status not in ("changed", "unchanged"):
        return replace(outcome, note=noted)
    second = outcome.plan
    both = second._replace(
        add_labels=tuple(dict.fromkeys((*written.add_labels, *second.add_labels))),
        remove_labels=tuple(dict.fromkeys((*written.remove_labels, *second.remove_labels))),
    )
    return replace(outcome, plan=both, status="unchanged" if both.is_empty else "changed", note=noted)


def _read_afresh(client: GitHubClient, candidate: Candidate) -> Candidate:
    record = client.read_issue(candidate.number)
    return Candidate(
        record.issue,
        record.comment_count,
        retriage=True,
        locked=record.locked,
        count_may_be_stale=True,
        open_only=True,
    )


def outcome_of(candidate: Candidate, decision: Decision) -> IssueOutcome:
    """`labels` and `areas`: what the issue carries of ours once the plan is applied; none for an
    issue left to another owner, and not an area whose label a person removed. The plan is kept
    without its comment's body, which is written by then and which no report shows: a batch keeps
    every issue's outcome to its end, and the comments of 3,500 issues are some 8 MB."""
    plan = decision.plan._replace(comment=decision.plan.comment._replace(body=None))
    kept_off = {name.casefold() for name in plan.kept_off}
    reasons: tuple[Reason, ...] = ()
    if plan.deferred_to is not None:
        labels: tuple[str, ...] = ()
        areas: tuple[str, ...] = ()
    else:
        reasons = label_reasons(decision.classification, plan.kept_off)
        labels = tuple(name for name in decision.classification.labels if name.casefold() not in kept_off)
        areas = tuple(
            result.area.id
            for result in decision.classification.applied_areas
            if result.area.label.name.casefold() not in kept_off
        )
    return IssueOutcome(
        number=candidate.number,
        title=candidate.issue.title,
        status="unchanged" if plan.is_empty else "changed",
        plan=plan,
        labels=labels,
        areas=areas,
        reasons=reasons,
        removals=decision.removals,
        url=candidate.issue.url or "",
    )


def history_pages(candidate: Candidate) -> int:
    """The requests `decide` reads an issue's history in, as a rule: a page per 100 of its comments
    (the timeline, which lists them, has a few more entries), at least one; none for an issue whose
    history is past what a run reads, left alone without a request."""
    if candidate.comment_count > HISTORY_ENTRIES:
        return 0
    return max(1, -(-candidate.comment_count // PAGE_SIZE))


def _requests_needed(decided: Plan) -> int:
    """The writes `apply` makes when every label it adds already exists."""
    comment = 1 if decided.comment.kind in ("create", "update") else 0
    return (1 if decided.add_labels else 0) + len(decided.remove_labels) + comment


def _requests_at_most(rules: Rules, decided: Plan) -> int:
    """Also a PATCH for each managed label added, in case GitHub has to create it grey."""
    managed = rules.managed_names
    return _requests_needed(decided) + sum(1 for name in decided.add_labels if name.casefold() in managed)
