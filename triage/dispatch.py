"""The inputs of a manual run: `workflow_dispatch` inputs from the payload, overridden by CLI flags.

Pure validation: a bad value is an `InputError` naming where it came from, before any request.
GitHub hands dispatch inputs over as strings (`"true"`, `"42"`, `""`), whatever the input's type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from triage.errors import InputError, UsageError
from triage.json_fields import PAST_THE_LARGEST, json_type
from triage.model import MAX_ISSUE_NUMBER
from triage.safe_text import clip, loggable, value_repr, well_formed
from triage.wire import time_text

MAX_LABEL = 50
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
_AGO = re.compile(r"([0-9]{1,6})([hd])")
"""A span back from the moment the run starts: `26h`, `7d` (a scheduled sweep's window)."""
MAX_AGO = timedelta(days=3650)


def _shown(value: object) -> str:
    """A bad value as its error shows it: cut short, and unable to act as a workflow command in
    the Actions log (the runner reads `::` and `##[` wherever they stand in a line). Mentions and
    references are left as typed: the message is posted nowhere (the job summary escapes `@`)."""
    return loggable(clip(value_repr(value), 100))


@dataclass(frozen=True)
class DispatchInputs:
    """What to triage by hand: one issue, or every open issue matching `label` and `since`.

    `from_issue` and `until` come with a resume point (see `since`): within `since`'s own second,
    start at this issue number; and leave out issues updated at or after `until`, which the
    stopped run had either done (our writes moved them there) or never listed; and, from its MODE,
    what that run was (`resumes_labels_only`, `resumes_dry_run`), which the resume must stay.
    `since_ago`: a `since` given as a span back from when the run starts (`26h`), which only the
    run's clock turns into a time (`since_at`)."""

    issue: int | None = None
    label: str | None = None
    since: datetime | None = None
    dry_run: bool = False
    new_comments: bool = True
    from_issue: int | None = None
    until: datetime | None = None
    since_ago: timedelta | None = None
    resumes_labels_only: bool = False
    """The resume point is a labels-only run's (`labels-only`): this run posts no new comment either."""
    resumes_dry_run: bool = False
    """The resume point is a dry run's (`dry-run`): only a dry run may take it (`check_resume_mode`)."""
    since_text: str | None = field(default=None, compare=False)
    """`since` as given, for a hint that says to run with the same inputs again."""

    @property
    def batch_filters(self) -> tuple[str, ...]:
        """The inputs given that choose a batch's issues (`label`, `since`), which `issue` excludes."""
        by_time = self.since is not None or self.since_ago is not None
        return tuple(name for name, given in (("label", self.label is not None), ("since", by_time)) if given)

    def resume_text(self, *, labels_only: bool, dry_run: bool) -> str | None:
        """The resume point this run was given, with the MODE of this run (`resume_point`); None
        when it was given none."""
        if self.since is None or self.from_issue is None or self.until is None:
            return None
        return resume_point(
            time_text(self.since),
            self.from_issue,
            time_text(self.until),
            labels_only=labels_only,
            dry_run=dry_run,
        )

    def since_at(self, now: datetime) -> datetime | None:
        """The earliest update to triage, given the time the run started."""
        return now - self.since_ago if self.since_ago is not None else self.since


INPUTS = ("issue", "label", "since", "dry-run", "new-comments")


def from_payload(payload: object, source: str, *, issue_by_flag: bool = False) -> DispatchInputs:
    """The `inputs` of a `workflow_dispatch` payload; missing inputs take their defaults.

    A payload that is not an object is an error, not "no inputs": that would triage every open
    issue. So is an input that reads as one of ours spelt another way (`dry_run`, `Issue`,
    `dryRun`): the workflow declares its own inputs, and a misspelt `dry-run` must not turn into a
    real run. So is an issue number under another name (`issue_number`) in a dispatch without
    `issue`: ignored, it would make the run a batch over every open issue; not when the run is
    given its issue by `--issue` (`issue_by_flag`), as a step that passes that input on does.
    Other inputs belong to the caller's workflow and are left to it.
    """
    if not isinstance(payload, Mapping):
        raise InputError(f"{source}: expected a JSON object, got {json_type(payload)}")
    raw = payload.get("inputs")
    if raw is None:
        return DispatchInputs()
    if not isinstance(raw, Mapping):
        raise InputError(f"{source}: inputs: expected an object, got {json_type(raw)}")
    for key in raw:
        ours = _spelt_like_ours(str(key))
        if ours is not None and key != ours:
            raise InputError(f"{source}: inputs.{key}: not an input of triage; did you mean `{ours}`?")
    if not issue_by_flag:
        _refuse_an_issue_by_another_name(raw, source)
    inputs = DispatchInputs(
        issue=issue_number(raw.get("issue"), f"{source}: inputs.issue"),
        label=label(raw.get("label"), f"{source}: inputs.label"),
        **_since_fields(raw.get("since"), f"{source}: inputs.since"),
        dry_run=boolean(raw.get("dry-run"), f"{source}: inputs.dry-run"),
        new_comments=boolean(raw.get("new-comments"), f"{source}: inputs.new-comments", default=True),
    )
    if inputs.issue is not None and inputs.batch_filters:
        names = " and ".join(f"inputs.{name}" for name in inputs.batch_filters)
        raise InputError(
            f"{source}: inputs.issue triages one issue, while {names} "
            f"{'chooses' if len(inputs.batch_filters) == 1 else 'choose'} the issues of a batch: "
            "leave one or the other empty (a resume point goes in `since` with `issue` empty)"
        )
    return inputs


def with_flags(
    inputs: DispatchInputs,
    *,
    issue: str | None = None,
    label_name: str | None = None,
    since_date: str | None = None,
    dry_run: bool = False,
    since_source: str = "--since",
) -> DispatchInputs:
    """CLI flags win over the payload's inputs; `--dry-run` can only turn dry-run on.
    `since_source` names where `since_date` came from in an error."""
    changes: dict[str, Any] = {}
    if issue is not None:
        changes["issue"] = issue_number(issue, "--issue")
    if label_name is not None:
        changes["label"] = label(label_name, "--label")
    if since_date is not None:
        changes.update(_since_fields(since_date, since_source))
    if dry_run:
        changes["dry_run"] = True
    return replace(inputs, **changes)


def issue_number(value: object, where: str) -> int | None:
    """A positive issue number, `12` or `#12`; empty or missing means "every open issue"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _issue_number(value)
    if number is None and _past_the_largest(value):  # a positive integer: say what is wrong with it
        raise InputError(f"{where}: {PAST_THE_LARGEST}, got {_shown(value)}")
    if number is None:
        raise InputError(f"{where}: expected an issue number (a positive integer), got {_shown(value)}")
    return number


def _past_the_largest(value: object) -> bool:
    """Whether `value` is a whole number, as `_issue_number` reads one, past `MAX_ISSUE_NUMBER`, or a
    JSON number past it that Python reads as a float (`3e10`): no issue, whichever way it is
    written, so its size is what is wrong with it."""
    if isinstance(value, str):
        text = value.strip().removeprefix("#")
        if not (text.isascii() and text.isdigit()):
            return False
        digits = text.lstrip("0") or "0"
        return len(digits) > len(str(MAX_ISSUE_NUMBER)) or int(digits) > MAX_ISSUE_NUMBER
    return isinstance(value, int | float) and not isinstance(value, bool) and value > MAX_ISSUE_NUMBER


def _issue_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip().removeprefix("#")
        if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > len(str(MAX_ISSUE_NUMBER)):
            return None
        value = int(text)
    return value if isinstance(value, int) and 1 <= value <= MAX_ISSUE_NUMBER else None


def label(value: object, where: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_LABEL:
        raise InputError(
            f"{where}: expected a label name of at most {MAX_LABEL} characters, got {_shown(value)}"
        )
    if well_formed(value) != value:  # an undecodable byte in an argument, or a JSON escape
        raise InputError(f"{where}: a label name cannot hold a lone surrogate (an undecodable byte)")
    return value.strip()


def since(value: object, where: str) -> datetime | None:
    """A date (`2024-05-01`, midnight UTC) or an ISO 8601 time with a zone (`2024-05-01T12:00:00Z`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _DATE.fullmatch(text):
            return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
        if _TIMESTAMP.fullmatch(text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except (ValueError, OverflowError):  # a day that does not exist; a zone that moves it out of range
        pass
    raise InputError(
        f"{where}: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, or a span back from now "
        f"such as 26h or 7d, got {_shown(value)}"
    )


LABELS_ONLY = "labels-only"
DRY_RUN = "dry-run"
MODES = (LABELS_ONLY, DRY_RUN)
"""What the MODE of a resume point (`TIME,ISSUE,UNTIL,MODE`) may say of the run that printed it,
joined by `+` when it says both (`labels-only+dry-run`). A value with no MODE (a run that posted
new comments and wrote, or a value an older version printed) leaves the resume's own inputs as
they are."""
KNOWN_MODES = f"{LABELS_ONLY}, {DRY_RUN} or {LABELS_ONLY}+{DRY_RUN}"


def resume_point(
    since_time: str, issue: int, until: str, *, labels_only: bool = False, dry_run: bool = False
) -> str:
    """The `since` value that resumes a stopped batch at `issue` (see `_since_fields`), with the
    MODE of the run that stopped: a labels-only run's resume stays quiet whatever its
    `new-comments` says, and a dry run's can only be taken by a dry run."""
    mode = "+".join(name for name, on in ((LABELS_ONLY, labels_only), (DRY_RUN, dry_run)) if on)
    return f"{since_time},{issue},{until}" + (f",{mode}" if mode else "")


def check_resume_mode(inputs: DispatchInputs, where: str) -> None:
    """A real run given a dry run's resume point would skip every issue before it, which the dry
    run only showed and never triaged: refused (exit 2) before any request, with what to run
    instead. A dry run given a real run's is fine: it writes nothing."""
    if not inputs.resumes_dry_run or inputs.dry_run:
        return
    point = inputs.resume_text(labels_only=inputs.resumes_labels_only, dry_run=True) or ""
    raise UsageError(
        f"{where}: {point} is the resume point of a dry run (its MODE says `{DRY_RUN}`), and this run "
        "is not one: the issues before that point were only dry-run, never triaged, and a real run "
        f"from it would skip them. To go on with the dry run, run again with since={point} dry-run=true "
        f"(`triage run --since {point} --dry-run`); to triage for real, run with the since the dry run "
        "was first given (empty: every open issue), dry-run off"
    )


CLOCK_SKEW = timedelta(minutes=10)
"""How far a `since` may lie past the run's start before it is refused: the runner's clock and
GitHub's may differ by a little, never by this much."""


def check_since_not_ahead(inputs: DispatchInputs, where: str, now: datetime) -> None:
    """A `since` (or a resume point's TIME) after the run's start lists no issue, so the run would end
    well having triaged nothing: most often a year or month typed wrong, or a local date ahead of
    UTC's. Refused (exit 1) before any request, with the run's start beside it."""
    if inputs.since is None or inputs.since <= now + CLOCK_SKEW:
        return
    raise InputError(
        f"{where}: {time_text(inputs.since)} is after this run's start ({time_text(now)}): no issue has "
        "been updated since then, so the run would triage nothing. A date is midnight UTC; give an "
        "earlier one, a span back from the start (26h, 7d), or leave it empty for every open issue"
    )


def _since_fields(value: object, where: str) -> dict[str, Any]:
    """`since` is a date or time, a span back from now (`26h`, `7d`), or a resume point
    `TIME,ISSUE,UNTIL[,MODE]` as a stopped batch prints it."""
    given = value.strip() if isinstance(value, str) and value.strip() else None
    return {**_since_values(value, where), "since_text": given}


def _since_values(value: object, where: str) -> dict[str, Any]:
    if isinstance(value, str) and (ago := _AGO.fullmatch(value.strip())):
        amount, unit = int(ago.group(1)), ago.group(2)
        span = timedelta(hours=amount) if unit == "h" else timedelta(days=amount)
        if not timedelta(0) < span <= MAX_AGO:
            raise InputError(
                f"{where}: expected a span of more than nothing and at most {MAX_AGO.days} days, "
                f"got {_shown(value)}"
            )
        return {"since": None, "from_issue": None, "until": None, "since_ago": span, **_NO_MODE}
    if isinstance(value, str) and "," in value:
        return {**_resume_point(value, where), "since_ago": None}
    return {"since": since(value, where), "from_issue": None, "until": None, "since_ago": None, **_NO_MODE}


_NO_MODE = {"resumes_labels_only": False, "resumes_dry_run": False}


def _resume_point(value: str, where: str) -> dict[str, Any]:
    """`TIME,ISSUE,UNTIL`, or `TIME,ISSUE,UNTIL,MODE` (`MODES`). A value with a comma can be
    nothing else, so a fault in it is told as a resume point's, shown whole, and then its part at
    fault: most often more of the stop's hint was copied than the value (`since=` before it, the
    next input after it), which an error about one part alone, as a date, would not show."""
    expected = (
        f"{where}: expected a resume point TIME,ISSUE,UNTIL or TIME,ISSUE,UNTIL,MODE, as a stopped "
        f"run prints it after `since=` (that value alone), got {_shown(value)}"
    )
    parts = [part.strip() for part in value.split(",")]
    if len(parts) not in (3, 4) or parts[3:] == [""]:
        raise InputError(expected)
    fields: dict[str, Any] = {}
    for key, name, part, parse, kind in (
        ("since", "TIME", parts[0], since, "a time"),
        ("from_issue", "ISSUE", parts[1], issue_number, "an issue number"),
        ("until", "UNTIL", parts[2], since, "a time"),
    ):
        try:
            fields[key] = parse(part, where)
        except InputError:
            fields[key] = None
        if fields[key] is None:
            raise InputError(f"{expected}: its {name} {_shown(part)} is not {kind}")
    return {**fields, **_mode(parts[3] if len(parts) == 4 else "", expected)}


def _mode(part: str, expected: str) -> dict[str, bool]:
    """The fields of a resume point's MODE (`MODES`), in either order, each once; none when empty."""
    names = part.casefold().split("+") if part else []
    if any(name not in MODES for name in names) or len(set(names)) != len(names):
        raise InputError(f"{expected}: its MODE {_shown(part)} is not {KNOWN_MODES}")
    return {"resumes_labels_only": LABELS_ONLY in names, "resumes_dry_run": DRY_RUN in names}


def boolean(value: object, where: str, *, default: bool = False) -> bool:
    """`true` or `false` in any case; `default` when missing or empty (a workflow passes an unset
    input as an empty string)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", ""):
        folded = value.strip().lower()
        return default if not folded else folded == "true"
    raise InputError(f'{where}: expected "true" or "false", got {_shown(value)}')


def _spelt_like_ours(key: str) -> str | None:
    """The input of ours `key` is another spelling of, in another case or with other separators
    (`dry_run`, `DRY RUN`, `dryRun`, `newComments`), if any."""
    folded = _without_separators(key)
    return next((ours for ours in INPUTS if _without_separators(ours) == folded), None)


def _without_separators(key: str) -> str:
    return re.sub(r"[\s_.-]", "", key.casefold())


_ISSUE_NUMBER_NAMES = frozenset(("issuenumber", "issuenum", "issueno", "issuenr", "issueid"))
"""Names that say an input holds the issue's number, less case and separators (`_without_separators`).
Not every name starting with `issue`: a workflow's own `issues-limit` or `issue-age-days` is a number too."""


def _refuse_an_issue_by_another_name(raw: Mapping[Any, object], source: str) -> None:
    """An InputError for an input filled in whose name says it holds the issue (`issue_number`,
    `issueNumber`, `issue-id`) in a dispatch without `issue`: the person who filled it in asked
    for one issue, and the run would triage every open issue instead."""
    if "issue" in raw:
        return
    for key, value in raw.items():
        if _without_separators(str(key)) in _ISSUE_NUMBER_NAMES and _issue_number(value) is not None:
            raise InputError(
                f"{source}: inputs.{key}: not an input of triage, which reads the issue to triage from "
                "`issue` alone: without it this run would triage every open issue; name the "
                "workflow's input `issue`"
            )
