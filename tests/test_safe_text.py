"""Making issue text safe: properties that hold for any text, and the cases people actually write."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from triage.safe_text import (
    MAX_CLUSTER,
    MAX_SNIPPET,
    ZWJ,
    clip_middle,
    code_span,
    code_span_safe_anywhere,
    fence,
    log_line,
    log_safe_json,
    loggable,
    neutralise,
    printable,
    prose,
    well_formed,
)

ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.text(
    alphabet="`@#:<!-> \n\tGH1a[", max_size=60
)
QUICK = settings(max_examples=300, deadline=None)


def read_code_span(markdown: str) -> str:
    """The literal content of a string that must be exactly one CommonMark code span (spec 6.1)."""
    opening = re.match(r"`+", markdown)
    assert opening is not None
    ticks = opening.group(0)
    assert markdown.endswith(ticks)
    assert not markdown.endswith("`" + ticks)
    inner = markdown[len(ticks) : -len(ticks)]
    assert ticks not in re.findall(r"`+", inner)
    if len(inner) >= 2 and inner[0] == " " and inner[-1] == " " and inner.strip(" "):
        return inner[1:-1]
    return inner


@QUICK
@given(ANY_TEXT)
def test_neutralise_only_inserts_joiners_into_printable_text(text: str) -> None:
    assert neutralise(text).replace(ZWJ, "") == printable(text).replace(ZWJ, "")


@QUICK
@given(ANY_TEXT)
def test_neutralised_text_cannot_ping_reference_command_or_open_a_comment(text: str) -> None:
    assert not re.search(
        r"@[\w-]|#\d|GH-\d|::|##\[|<!|[\x00-\x08\x0b-\x1f\x7f\n]", neutralise(text), flags=re.IGNORECASE
    )


@QUICK
@given(ANY_TEXT)
def test_loggable_text_is_printable_text_with_only_workflow_commands_broken(text: str) -> None:
    shown = loggable(text)
    assert "::" not in shown
    assert "##[" not in shown
    assert shown.replace(ZWJ, "") == printable(text).replace(ZWJ, "")


@QUICK
@given(ANY_TEXT)
def test_a_log_line_starts_no_workflow_command_and_holds_no_legacy_one(text: str) -> None:
    shown = log_line(text)
    assert (shown.startswith("::"), "##[" in shown) == (False, False)
    assert shown.replace(ZWJ, "") == printable(text).replace(ZWJ, "")


def test_a_log_line_keeps_a_double_colon_after_its_start_as_typed() -> None:
    assert log_line("key x::y: unknown") == "key x::y: unknown"


@QUICK
@given(ANY_TEXT)
@example("##[add-mask]x ###[ #")
def test_log_safe_json_is_the_same_value_with_no_legacy_workflow_command_in_it(text: str) -> None:
    shown = log_safe_json(json.dumps({"title": text, "##[": [text]}, ensure_ascii=False))
    assert json.loads(shown) == {"title": text, "##[": [text]}
    assert "##[" not in shown


def test_loggable_text_keeps_mentions_and_references_as_typed() -> None:
    assert loggable("@octocat #12 GH-3") == "@octocat #12 GH-3"


@QUICK
@given(ANY_TEXT)
def test_a_code_span_shows_exactly_the_neutralised_text(text: str) -> None:
    assert read_code_span(code_span(text)) == (neutralise(clip_middle(text)) or " ")


def test_a_code_span_for_markdown_quotes_tags_references_and_arrows_as_typed() -> None:
    """GitHub shows a Markdown code span literally: a joiner in `vector<int>` only makes a copy of
    it differ from what the reporter wrote."""
    typed = "vector<int> a->b i-->0 &amp; a && b </div>"
    assert code_span(typed) == f"`{typed}`"


@QUICK
@given(ANY_TEXT)
def test_a_code_span_proof_against_html_shows_the_neutralised_text_with_only_joiners_added(text: str) -> None:
    shown = read_code_span(code_span_safe_anywhere(text))
    assert shown.replace(ZWJ, "") == (neutralise(clip_middle(text)) or " ").replace(ZWJ, "")


@QUICK
@given(ANY_TEXT | st.text(alphabet="![]()w.:/ `", max_size=60))
@example("![x](https://e.example/x.png) [see](//e.example) https://e.example www.e.example")
def test_a_code_span_safe_anywhere_holds_no_link_or_image_once_cut_out_of_its_code_span(text: str) -> None:
    """A template's `truncate` may cut the closing backticks: what follows is Markdown again."""
    assert not re.search(r"://|www\.|\]\(", code_span_safe_anywhere(text), flags=re.IGNORECASE)


@QUICK
@given(ANY_TEXT | st.text(alphabet="<>&#x40;-!/?aZ `", max_size=60))
@example("<img src=//e.example/x.png> &#x40;alice &commat;bob &num;1 --> --!> </details> <?php")
def test_a_code_span_proof_against_html_holds_no_tag_character_reference_or_comment_end(
    text: str,
) -> None:
    """Put in HTML (`<summary>{{ reason }}</summary>`), it is no code span: GitHub reads it as HTML."""
    assert not re.search(r"<[a-z/?!]|&[#a-z]|--!?>", code_span_safe_anywhere(text), flags=re.IGNORECASE)


@QUICK
@given(st.text(alphabet="` x\t", max_size=40))
@example(" \t ")
def test_fence_round_trips_any_backticks_spaces_and_tabs(text: str) -> None:
    assert read_code_span(fence(text)) == (text or " ")


@QUICK
@given(ANY_TEXT)
def test_prose_has_no_raw_html_or_markdown_punctuation(text: str) -> None:
    assert not re.search(r"[<>]|(?<!\\)[`*_\[\]|~$]", prose(text).replace("\\\\", ""))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ping @sourcegraph/distribution", f"ping @{ZWJ}sourcegraph/distribution"),
        ("mail me@example.com", f"mail me@{ZWJ}example.com"),
        ("cc @-team", f"cc @{ZWJ}-team"),
        ("dupe of #123, GH-45 and acme/app#6", f"dupe of #{ZWJ}123, GH-{ZWJ}45 and acme/app#{ZWJ}6"),
        ("::add-mask::x", f":{ZWJ}:add-mask:{ZWJ}:x"),
        ("see ##[add-mask]x and ###[error]y", f"see #{ZWJ}#[add-mask]x and ##{ZWJ}#[error]y"),
        ("<!-- triage: ownership -->", f"<{ZWJ}!-- triage: ownership -->"),
        ("a\r\n\tb\x1b[2J\u202ec", "a b[2Jc"),
        ("a\x7fb\x0bc\x0cd\u2066e\u2069f", "ab c def"),
        ("a\u200eb\u200fc\u061cd", "abcd"),
        (" \n padded \t", "padded"),
        ("dupe of gh-7", f"dupe of gh-{ZWJ}7"),
        ("v2GH-7, glued to a word", f"v2GH-{ZWJ}7, glued to a word"),
        ("C# and issue #", "C# and issue #"),
    ],
    ids=[
        "mention",
        "email",
        "mention starting with a hyphen",
        "references",
        "workflow command",
        "legacy workflow command",
        "marker",
        "controls",
        "delete and bidi isolates dropped, vertical tab and form feed a space",
        "bidi marks",
        "surrounding whitespace",
        "lower-case reference",
        "reference glued to a word",
        "plain hash",
    ],
)
def test_neutralise_breaks_mentions_references_and_commands_and_drops_invisible_characters(
    text: str, shown: str
) -> None:
    assert neutralise(text) == shown


def test_long_text_is_clipped_in_the_middle_to_one_snippet() -> None:
    assert code_span("x" * 250 + "y" * 250) == "`" + "x" * 50 + "…" + "y" * 49 + "`"


def test_text_of_exactly_one_snippet_is_not_clipped() -> None:
    assert code_span("x" * 100) == "`" + "x" * 100 + "`"


def test_a_snippet_is_clipped_to_one_snippet_of_what_a_reader_sees_its_joiners_left_out() -> None:
    assert code_span("@a" * 60) == "`" + f"@{ZWJ}a" * 25 + "…a" + f"@{ZWJ}a" * 24 + "`"


def test_a_quote_the_classifier_cut_already_is_not_cut_again_for_the_mentions_it_breaks() -> None:
    quoted = clip_middle("docker run -e ADMIN=me@example.com " + "-v /a:/b " * 20 + "sourcegraph/server")
    shown = read_code_span(code_span(quoted))
    assert shown.replace(ZWJ, "") == quoted


def test_a_clipped_command_keeps_the_image_it_ends_with() -> None:
    command = "docker run -d -p 7080:7080 " + "-v ~/.sourcegraph/config:/etc/sourcegraph " * 2
    shown = clip_middle(command + "sourcegraph/server:3.20")
    assert (shown[:14], shown[-23:], len(shown)) == ("docker run -d ", "sourcegraph/server:3.20", 100)


@QUICK
@given(ANY_TEXT, st.integers(2, 120))
def test_a_clipped_text_is_its_start_and_end_around_an_ellipsis_in_the_limit(text: str, limit: int) -> None:
    shown = clip_middle(text, limit)
    if len(text) <= limit:
        assert shown == text
        return
    cuts = [at for at, char in enumerate(shown) if char == "…"]
    head = next(at for at in cuts if text.startswith(shown[:at]) and text.endswith(shown[at + 1 :]))
    assert len(shown) <= limit
    assert head >= (limit // 2) - MAX_CLUSTER - 1


CLUSTERS = {
    "family": "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "flag": "\U0001f1ef\U0001f1f5",
    "skin tone": "\U0001f44d\U0001f3fd",
    "keycap": "1\ufe0f\u20e3",
    "heart": "\u2764\ufe0f",
    "accent": "e\u0301",
    "tag flag": "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "surrogate pair": "\ud83d\ude00",
    "Hangul syllable written as jamo": "\u1112\u1161\u11ab",
    "Devanagari syllable with a vowel sign": "\u0915\u093f",
}


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
@pytest.mark.parametrize("before", range(40, 60))
def test_a_cut_never_falls_inside_a_character_as_a_reader_sees_it(cluster: str, before: int) -> None:
    text = "x" * before + cluster + "y" * (150 - before)
    head, _, tail = clip_middle(text).partition("…")
    cut_out = range(before + 1, before + len(cluster))  # cuts inside the cluster
    assert len(head) not in cut_out
    assert len(text) - len(tail) not in cut_out


@pytest.mark.parametrize("flags", [40, 200])
@pytest.mark.parametrize("before", range(40, 60))
def test_a_cut_in_a_run_of_flags_falls_between_two_flags(before: int, flags: int) -> None:
    text = "x" * before + "\U0001f1ef\U0001f1f5\U0001f1eb\U0001f1f7" * (flags // 2) + "y" * 10
    head, _, tail = clip_middle(text).partition("…")
    cuts_in_the_run = [cut for cut in (len(head), len(text) - len(tail)) if cut > before]
    assert cuts_in_the_run
    assert [(cut - before) % 2 for cut in cuts_in_the_run] == [0] * len(cuts_in_the_run)


def test_a_cluster_longer_than_a_cut_moves_over_is_cut_but_never_inside_a_surrogate_pair() -> None:
    text = "x" * 10 + "\ud83d\ude00" * 200 + "y" * 10
    head, _, tail = clip_middle(text).partition("…")
    assert not head.endswith("\ud83d")
    assert not tail.startswith("\ude00")


def test_a_cut_snippet_stays_one_code_span_whatever_backticks_are_cut() -> None:
    text = "`" * 60 + "a" * 60 + "``"
    assert read_code_span(code_span(text)) == "`" * 50 + "…" + "a" * 47 + "``"
    assert len(clip_middle(text, MAX_SNIPPET)) == MAX_SNIPPET


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("see https://github.com/acme/app/issues/7", f"see https:{ZWJ}//github.com/acme/app/issues/7"),
        ("HTTP://EXAMPLE.COM/x", f"HTTP:{ZWJ}//EXAMPLE.COM/x"),
        ("go to www.example.com", f"go to www{ZWJ}.example.com"),
        ("WWW.example.com", f"WWW{ZWJ}.example.com"),
    ],
    ids=["issue url", "upper-case scheme", "www", "upper-case www"],
)
def test_prose_breaks_urls_so_github_makes_no_link_or_cross_reference(text: str, shown: str) -> None:
    assert prose(text) == shown


def test_prose_escapes_an_ampersand_so_an_entity_shows_as_typed() -> None:
    assert prose("AT&T &lt;b&gt;") == "AT&amp;T &amp;lt;b&amp;gt;"


def test_prose_escapes_a_backslash_so_it_cannot_undo_the_escape_after_it() -> None:
    assert prose("a\\*b*") == "a\\\\\\*b\\*"


def test_prose_escapes_quotes_so_text_cannot_end_an_html_attribute_it_is_put_in() -> None:
    assert prose("""say "hi" it's""") == "say &quot;hi&quot; it&#x27;s"


@QUICK
@given(st.text())
def test_well_formed_leaves_text_without_lone_surrogates_as_it_is(text: str) -> None:
    assert well_formed(text) == text


@QUICK
@given(st.text(alphabet=st.characters(codec=None, categories=["Cs", "Ll", "Lo", "So", "Zs"])))
def test_well_formed_replaces_each_lone_surrogate_of_any_text_and_keeps_the_rest(text: str) -> None:
    expected = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)
    assert well_formed(text) == expected


def test_well_formed_replaces_each_lone_surrogate_so_the_text_encodes() -> None:
    text = well_formed("helm \ud800 chart \udfff\udcff")
    assert text == "helm \ufffd chart \ufffd\ufffd"
    assert text.encode("utf-8")


@pytest.mark.parametrize("control", ["\v", "\f", "\x1c", "\x1f", "\x85"])
def test_a_control_the_classifier_reads_as_whitespace_is_shown_as_a_space_between_two_words(
    control: str,
) -> None:
    """`kubectl\fapply` matches the phrase `kubectl apply`; its quote must not read `kubectlapply`."""
    assert printable(f"kubectl{control}apply") == "kubectl apply"


def test_a_control_no_reader_takes_for_whitespace_is_deleted() -> None:
    assert printable("kube\x00ctl\x1b[31m") == "kubectl[31m"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("# Upgrade fails", "\\# Upgrade fails"),
        ("- kubectl", "\\- kubectl"),
        ("+ helm", "\\+ helm"),
        ("1. install", "1\\. install"),
        ("12) install", "12\\) install"),
        ("---", "\\---"),
        ("=== x", "\\=== x"),
        ("2024 roadmap", "2024 roadmap"),
    ],
    ids=[
        "heading",
        "bullet",
        "plus bullet",
        "ordered item",
        "ordered item in parenthesis",
        "break",
        "setext",
        "a number",
    ],
)
def test_prose_escapes_what_would_open_a_block_at_the_start_of_a_line(text: str, shown: str) -> None:
    """A template of the rules' own may put the issue's title at the start of a line."""
    assert prose(text) == shown


def test_prose_escapes_dollars_so_github_renders_no_math() -> None:
    assert prose("costs $5 and $6") == "costs \\$5 and \\$6"
