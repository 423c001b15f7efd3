"""Manual-run inputs: the `workflow_dispatch` payload's strings, validated, with CLI flags on top."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triage.dispatch import DispatchInputs, from_payload, with_flags
from triage.errors import InputError

RESUME_POINT_EXPECTED = (
    "expected a resume point TIME,ISSUE,UNTIL or TIME,ISSUE,UNTIL,MODE, as a stopped run prints it after "
    "`since=` (that value alone)"
)
KNOWN_MODES = "labels-only, dry-run or labels-only+dry-run"


def test_no_inputs_means_every_open_issue_for_real() -> None:
    assert from_payload({}, "event.json") == DispatchInputs()


def test_empty_strings_mean_the_defaults() -> None:
    payload = {"inputs": {"issue": "", "label": "", "since": "", "dry-run": "", "new-comments": ""}}
    assert from_payload(payload, "event.json") == DispatchInputs()


def test_new_comments_are_on_unless_the_input_says_false() -> None:
    assert from_payload({"inputs": {}}, "event.json").new_comments is True
    assert from_payload({"inputs": {"new-comments": "true"}}, "event.json").new_comments is True
    assert from_payload({"inputs": {"new-comments": " False "}}, "event.json").new_comments is False


def test_every_input_is_read_from_the_strings_github_sends() -> None:
    payload = {
        "inputs": {"label": " area/k8s ", "since": "2024-05-01", "dry-run": "true", "new-comments": "false"}
    }
    assert from_payload(payload, "event.json") == DispatchInputs(
        label="area/k8s", since=datetime(2024, 5, 1, tzinfo=UTC), dry_run=True, new_comments=False
    )
    assert from_payload({"inputs": {"issue": "42"}}, "event.json") == DispatchInputs(issue=42)


@pytest.mark.parametrize("text", ["TRUE", " True "])
def test_a_boolean_input_is_read_whatever_its_case_and_spacing(text: str) -> None:
    assert from_payload({"inputs": {"dry-run": text}}, "event.json").dry_run is True


def test_a_boolean_input_may_also_arrive_as_json_true() -> None:
    assert from_payload({"inputs": {"dry-run": True}}, "event.json").dry_run is True


def test_since_accepts_a_full_timestamp_as_a_resume_hint_gives_it() -> None:
    parsed = from_payload({"inputs": {"since": "2024-05-01T12:30:00Z"}}, "e.json").since
    assert parsed == datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def test_since_accepts_a_timestamp_with_a_fraction_of_a_second() -> None:
    parsed = from_payload({"inputs": {"since": "2024-05-01T12:30:00.25Z"}}, "e.json").since
    assert parsed == datetime(2024, 5, 1, 12, 30, 0, 250_000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "since", "span"),
    [(" 2024-05-01 ", datetime(2024, 5, 1, tzinfo=UTC), None), (" 26h ", None, timedelta(hours=26))],
)
def test_spaces_around_since_are_ignored(text: str, since: datetime | None, span: timedelta | None) -> None:
    inputs = from_payload({"inputs": {"since": text}}, "e.json")
    assert (inputs.since, inputs.since_ago) == (since, span)


@pytest.mark.parametrize(
    ("copied", "at_fault"),
    [
        (
            "since=2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z",
            ": its TIME 'since=2024-05-01T12:00:00Z' is not a time",
        ),
        (
            "2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z new-comments=false",
            ": its UNTIL '2024-05-01T13:05:01Z new-comments=false' is not a time",
        ),
        (
            "`2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z`",
            ": its TIME '`2024-05-01T12:00:00Z' is not a time",
        ),
        ("2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z,", ""),
        (
            "2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z,labels-only new-comments=false",
            f": its MODE 'labels-only new-comments=false' is not {KNOWN_MODES}",
        ),
    ],
    ids=[
        "with-since=",
        "with-the-next-input",
        "in-backticks",
        "with-a-trailing-comma",
        "marked-with-the-next",
    ],
)
def test_a_resume_point_copied_with_more_of_the_hint_is_told_as_a_resume_point_whole(
    copied: str, at_fault: str
) -> None:
    """The stop says `run again with since=TIME,ISSUE,UNTIL new-comments=false (...)`: a value
    copied with a little more of it is told as the resume point it was meant to be, shown whole,
    not as a date (or a span) that a part of it failed to be."""
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {"since": copied}}, "event.json")
    assert str(caught.value) == f"event.json: inputs.since: {RESUME_POINT_EXPECTED}, got {copied!r}{at_fault}"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (
            {"issue": "abc"},
            "event.json: inputs.issue: expected an issue number (a positive integer), got 'abc'",
        ),
        (
            {"issue": "-1"},
            "event.json: inputs.issue: expected an issue number (a positive integer), got '-1'",
        ),
        ({"issue": "0"}, "event.json: inputs.issue: expected an issue number (a positive integer), got '0'"),
        (
            {"issue": "4.5"},
            "event.json: inputs.issue: expected an issue number (a positive integer), got '4.5'",
        ),
        ({"issue": "٣"}, "event.json: inputs.issue: expected an issue number (a positive integer), got '٣'"),
        (
            {"issue": True},
            "event.json: inputs.issue: expected an issue number (a positive integer), got True",
        ),
        (
            {"since": "2024-13-01"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '2024-13-01'",
        ),
        (
            {"since": "٢٦h"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '٢٦h'",
        ),
        (
            {"since": "yesterday"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got 'yesterday'",
        ),
        (
            {"since": "9999-12-31T23:59:59-23:59"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '9999-12-31T23:59:59-23:59'",
        ),
        (
            {"since": "0001-01-01T00:00:00+01:00"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '0001-01-01T00:00:00+01:00'",
        ),
        (
            {"since": "2024-05-01T12:00:00"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '2024-05-01T12:00:00'",
        ),
        (
            {"since": "9999999999d"},
            "event.json: inputs.since: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
            "or a span back from now such as 26h or 7d, got '9999999999d'",
        ),
        (
            {"since": "2024-05-01,7,2024-05-02,8,9"},
            f"event.json: inputs.since: {RESUME_POINT_EXPECTED}, got '2024-05-01,7,2024-05-02,8,9'",
        ),
        (
            {"since": "2024-05-01T12:00:00Z,971,"},
            f"event.json: inputs.since: {RESUME_POINT_EXPECTED}, got '2024-05-01T12:00:00Z,971,': "
            "its UNTIL '' is not a time",
        ),
        ({"dry-run": "yes"}, 'event.json: inputs.dry-run: expected "true" or "false", got \'yes\''),
        ({"new-comments": "no"}, 'event.json: inputs.new-comments: expected "true" or "false", got \'no\''),
        (
            {"label": "x" * 51},
            f"event.json: inputs.label: expected a label name of at most 50 characters, got '{'x' * 51}'",
        ),
    ],
)
def test_a_bad_input_is_a_clear_error_naming_it(inputs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": inputs}, "event.json")
    assert str(caught.value) == message


@pytest.mark.parametrize("name", ["issue", "label", "since", "dry-run"])
def test_a_bad_input_is_shown_in_its_error_cut_short_and_unable_to_act_as_a_workflow_command(
    name: str,
) -> None:
    """Errors go to the Actions log, whose runner reads `##[...]` and `::...` wherever they stand."""
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {name: "##[add-mask]x ::stop-commands::y " + "z" * 5000}}, "event.json")
    message = str(caught.value)
    assert "##[" not in message
    assert "::" not in message
    assert len(message) < 500


def test_inputs_that_are_not_an_object_are_an_error() -> None:
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": ["42"]}, "event.json")
    assert str(caught.value) == "event.json: inputs: expected an object, got an array"


@pytest.mark.parametrize(("payload", "kind"), [([1], "an array"), ("x", "a string"), (None, "null")])
def test_a_payload_that_is_not_an_object_is_an_error_not_a_run_over_every_issue(
    payload: object, kind: str
) -> None:
    with pytest.raises(InputError) as caught:
        from_payload(payload, "event.json")
    assert str(caught.value) == f"event.json: expected a JSON object, got {kind}"


@pytest.mark.parametrize(
    ("key", "ours"),
    [
        ("dry_run", "dry-run"),
        ("Issue", "issue"),
        ("DRY RUN", "dry-run"),
        ("new_comments", "new-comments"),
        ("dryRun", "dry-run"),
        ("dryrun", "dry-run"),
        ("newComments", "new-comments"),
    ],
)
def test_one_of_our_inputs_spelt_another_way_is_an_error(key: str, ours: str) -> None:
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {"issue": "5", key: "true"}}, "event.json")
    assert str(caught.value) == f"event.json: inputs.{key}: not an input of triage; did you mean `{ours}`?"


@pytest.mark.parametrize("key", ["issue_number", "issueNumber", "Issue-Id"])
def test_an_issue_number_under_another_name_without_issue_is_an_error_not_a_batch(key: str) -> None:
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {key: "#12"}}, "event.json")
    assert str(caught.value) == (
        f"event.json: inputs.{key}: not an input of triage, which reads the issue to triage from `issue` "
        "alone: without it this run would triage every open issue; name the workflow's input `issue`"
    )


@pytest.mark.parametrize(
    "inputs",
    [{"issue": "5", "issue_number": "7"}, {"issue_number": ""}, {"issue_title": "Crash on start"}],
    ids=["beside issue", "left empty", "not a number"],
)
def test_an_input_named_for_an_issue_beside_issue_or_holding_no_number_is_left_to_the_caller(
    inputs: dict[str, str],
) -> None:
    assert from_payload({"inputs": inputs}, "event.json").issue == (5 if "issue" in inputs else None)


@pytest.mark.parametrize(
    "inputs",
    [
        {"issues-limit": "50"},
        {"issue-age-days": "30"},
        {"issues_per_page": 100},
        {"issueTimeoutMinutes": "10"},
    ],
    ids=["issues-limit", "issue-age-days", "issues_per_page", "issueTimeoutMinutes"],
)
def test_a_number_of_the_callers_own_in_an_input_whose_name_starts_with_issue_is_left_to_it(
    inputs: dict[str, object],
) -> None:
    """Only a name that says it holds the issue's number (`issue_number`, `issue-id`) is refused: a
    workflow's own limit or age for other steps is a number too, and refusing it would refuse every
    dispatch of that workflow."""
    assert from_payload({"inputs": inputs}, "event.json") == DispatchInputs()


def test_inputs_of_the_callers_own_workflow_are_left_to_it() -> None:
    assert from_payload({"inputs": {"issue": "5", "debug": "true"}}, "event.json") == DispatchInputs(issue=5)


def test_cli_flags_override_the_payload() -> None:
    inputs = DispatchInputs(issue=1, label="a", since=None, dry_run=False)
    merged = with_flags(inputs, issue="2", label_name="b", since_date="2024-01-02", dry_run=True)
    assert merged == DispatchInputs(issue=2, label="b", since=datetime(2024, 1, 2, tzinfo=UTC), dry_run=True)


def test_absent_cli_flags_keep_the_payload() -> None:
    inputs = DispatchInputs(issue=1, label="a", since=None, dry_run=True)
    assert with_flags(inputs) == inputs


def test_a_bad_cli_flag_is_named_as_the_flag() -> None:
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), issue="abc")
    assert str(caught.value) == "--issue: expected an issue number (a positive integer), got 'abc'"


def test_an_issue_number_may_be_written_as_a_reference() -> None:
    assert with_flags(DispatchInputs(), issue="#12").issue == 12


@pytest.mark.parametrize("value", ["@octocat", "#x12"])
def test_a_bad_flag_value_is_echoed_as_typed(value: str) -> None:
    """Nothing breaks a mention or a reference in it: the message is posted nowhere, and a value
    copied back from it must not carry an invisible character along."""
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), issue=value)
    assert str(caught.value) == f"--issue: expected an issue number (a positive integer), got '{value}'"


def test_the_largest_issue_number_github_has_is_accepted() -> None:
    assert with_flags(DispatchInputs(), issue="2147483647").issue == 2**31 - 1


def test_a_label_name_of_fifty_characters_is_accepted() -> None:
    assert with_flags(DispatchInputs(), label_name="x" * 50).label == "x" * 50


@pytest.mark.parametrize("number", ["2147483648", "99999999999999999999999"])
def test_an_issue_number_beyond_githubs_range_is_an_error(number: str) -> None:
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), issue=number)
    assert str(caught.value) == (
        f"--issue: expected an issue number of at most 2147483647, GitHub's largest, got '{number}'"
    )


def test_an_issue_number_of_more_digits_than_python_converts_is_an_error_not_a_crash() -> None:
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), issue="9" * 5000)
    assert str(caught.value).startswith(
        "--issue: expected an issue number of at most 2147483647, GitHub's largest, got '999"
    )


def test_a_payloads_issue_number_too_large_to_write_is_an_error_not_a_crash() -> None:
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {"issue": 16**5000}}, "event.json")
    assert str(caught.value) == (
        "event.json: inputs.issue: expected an issue number of at most 2147483647, GitHub's largest, got a "
        "number of 5,001 hexadecimal digits"
    )


@pytest.mark.parametrize(("written", "shown"), [("3e10", "30000000000.0"), ("1e400", "inf")])
def test_a_payloads_issue_number_past_the_largest_written_as_a_float_is_told_its_size(
    written: str, shown: str
) -> None:
    """JSON does not tell `3e10` from `30000000000` (Python reads the one as a float): both are past
    the largest issue number."""
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {"issue": float(written)}}, "event.json")
    assert str(caught.value) == (
        "event.json: inputs.issue: expected an issue number of at most 2147483647, GitHub's largest, "
        f"got {shown}"
    )


def test_a_payloads_whole_float_within_the_range_is_still_no_issue_number() -> None:
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {"issue": 12.0}}, "event.json")
    assert (
        str(caught.value)
        == "event.json: inputs.issue: expected an issue number (a positive integer), got 12.0"
    )


def test_since_takes_the_resume_point_a_stopped_batch_prints() -> None:
    inputs = from_payload(
        {"inputs": {"since": "2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z"}}, "event.json"
    )
    assert (inputs.since, inputs.from_issue, inputs.until) == (
        datetime(2024, 5, 1, 12, tzinfo=UTC),
        971,
        datetime(2024, 5, 1, 13, 5, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("mode", "labels_only", "dry_run"),
    [
        ("", False, False),
        (",labels-only", True, False),
        (",dry-run", False, True),
        (",labels-only+dry-run", True, True),
        (",dry-run+labels-only", True, True),
        (", Labels-Only ", True, False),
    ],
)
def test_the_mode_of_a_resume_point_says_what_the_stopped_run_was(
    mode: str, labels_only: bool, dry_run: bool
) -> None:
    """A three-part value, as older versions print it, says nothing of the run: the resume's own
    inputs decide."""
    inputs = from_payload(
        {"inputs": {"since": f"2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z{mode}"}}, "e.json"
    )
    assert (inputs.from_issue, inputs.resumes_labels_only, inputs.resumes_dry_run) == (
        971,
        labels_only,
        dry_run,
    )


@pytest.mark.parametrize("mode", ["quiet", "labels_only", "labels-only+labels-only", "dry-run+", "+dry-run"])
def test_a_resume_point_with_an_unknown_mode_is_refused_naming_it_and_the_known_modes(mode: str) -> None:
    value = f"2024-05-01T12:00:00Z,971,2024-05-01T13:05:01Z,{mode}"
    with pytest.raises(InputError) as caught:
        from_payload({"inputs": {"since": value}}, "event.json")
    assert str(caught.value) == (
        f"event.json: inputs.since: {RESUME_POINT_EXPECTED}, got {value!r}: "
        f"its MODE {mode!r} is not {KNOWN_MODES}"
    )


def test_a_plain_since_flag_drops_the_mode_of_a_resume_point_from_the_payload() -> None:
    resumed = from_payload(
        {"inputs": {"since": "2024-05-01T12:00:00Z,9,2024-05-01T13:00:00Z,labels-only"}}, "e"
    )
    assert with_flags(resumed, since_date="2024-01-02") == DispatchInputs(
        since=datetime(2024, 1, 2, tzinfo=UTC), since_text="2024-01-02"
    )


def test_a_resume_point_with_a_bad_part_names_it() -> None:
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), since_date="2024-05-01T12:00:00Z,x,2024-05-01T13:05:01Z")
    assert str(caught.value) == (
        f"--since: {RESUME_POINT_EXPECTED}, got '2024-05-01T12:00:00Z,x,2024-05-01T13:05:01Z': "
        "its ISSUE 'x' is not an issue number"
    )


def test_a_plain_since_flag_replaces_a_resume_point_from_the_payload() -> None:
    resumed = DispatchInputs(
        since=datetime(2024, 5, 1, tzinfo=UTC), from_issue=9, until=datetime(2024, 6, 1, tzinfo=UTC)
    )
    assert with_flags(resumed, since_date="2024-01-02") == DispatchInputs(
        since=datetime(2024, 1, 2, tzinfo=UTC)
    )


def test_a_span_flag_replaces_a_resume_point_from_the_payload() -> None:
    resumed = DispatchInputs(
        since=datetime(2024, 5, 1, tzinfo=UTC), from_issue=9, until=datetime(2024, 6, 1, tzinfo=UTC)
    )
    assert with_flags(resumed, since_date="26h") == DispatchInputs(since_ago=timedelta(hours=26))


@pytest.mark.parametrize("name", ["bug" + chr(0xDCFF), "bug" + chr(0xD800)], ids=["argv byte", "json escape"])
def test_a_label_with_a_lone_surrogate_is_an_error_before_any_request(name: str) -> None:
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), label_name=name)
    assert str(caught.value) == "--label: a label name cannot hold a lone surrogate (an undecodable byte)"


@pytest.mark.parametrize(("text", "span"), [("26h", timedelta(hours=26)), ("7d", timedelta(days=7))])
def test_since_takes_a_span_back_from_when_the_run_starts(text: str, span: timedelta) -> None:
    inputs = with_flags(DispatchInputs(), since_date=text)
    started = datetime(2024, 5, 8, 12, tzinfo=UTC)
    assert (inputs.since, inputs.since_at(started)) == (None, started - span)


def test_a_span_of_exactly_ten_years_is_accepted() -> None:
    assert with_flags(DispatchInputs(), since_date="3650d").since_ago == timedelta(days=3650)


@pytest.mark.parametrize("text", ["0h", "3651d"])
def test_a_span_of_nothing_or_past_ten_years_is_an_error(text: str) -> None:
    with pytest.raises(InputError) as caught:
        with_flags(DispatchInputs(), since_date=text)
    assert str(caught.value) == (
        f"--since: expected a span of more than nothing and at most 3650 days, got '{text}'"
    )


def test_a_plain_since_is_the_same_whenever_the_run_starts() -> None:
    inputs = with_flags(DispatchInputs(), since_date="2024-01-02")
    assert inputs.since_at(datetime(2030, 1, 1, tzinfo=UTC)) == datetime(2024, 1, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        ({"issue": "2", "since": "7d"}, "inputs.since chooses"),
        ({"issue": "2", "label": "bug"}, "inputs.label chooses"),
        ({"issue": "2", "label": "bug", "since": "2024-05-01"}, "inputs.label and inputs.since choose"),
    ],
)
def test_an_issue_with_a_batchs_filters_is_refused_not_run_without_them(
    inputs: dict[str, str], named: str
) -> None:
    """A resume point pasted into `since` beside an `issue` left filled in would triage that one
    issue and report success, the batch never resumed."""
    with pytest.raises(InputError) as refused:
        from_payload({"inputs": inputs}, "event.json")
    assert str(refused.value) == (
        f"event.json: inputs.issue triages one issue, while {named} the issues of a batch: "
        "leave one or the other empty (a resume point goes in `since` with `issue` empty)"
    )
