"""Preparing an issue's text: what is not evidence is blanked, and no line moves."""

from __future__ import annotations

import re

import pytest
import re2

from triage.classify.phrases import WHITESPACE
from triage.classify.text import (
    _FENCE_LINE,
    CJK_FIRST,
    CJK_LAST,
    CJK_PROBE,
    FENCE_LINES_TRIED,
    LONGER_WHEN_LOWERED,
    MAX_CHECKBOX_FIELDS,
    MAX_COMMENTS,
    MAX_FENCE_LINES,
    MAX_QUOTE_DEPTH,
    SPACE_CHARS,
    PreparedIssue,
    PreparedText,
    _fence_lines,
    cjk_apart,
    has_cjk,
    line_at,
    lower_aligned,
    window_around,
)


def prepared(body: str) -> PreparedText:
    return PreparedText("body", body)


def mention_line(text: PreparedText, raw: str) -> int:
    return text.line_of(next(mention for mention in text.mentions() if mention.raw == raw))


def test_html_comment_is_blanked_but_its_lines_stay() -> None:
    text = prepared("before <!-- guidance\nkubernetes\n--> after\nlast")
    assert text.cleaned == "before \n\n after\nlast"


def test_an_empty_html_comment_closes_at_once() -> None:
    text = prepared("<!---->kubectl\n<!--->helm\n<!-->docker")
    assert text.cleaned == "kubectl\nhelm\ndocker"


def test_unterminated_html_comment_runs_to_the_end() -> None:
    assert prepared("keep\n<!-- open\nkubernetes").cleaned == "keep\n\n"


@pytest.mark.parametrize("opener", ["  <!--", "> <!--", "- <!--", "> 1. <!--"])
def test_an_unterminated_comment_opening_a_quoted_or_listed_line_runs_to_the_end(opener: str) -> None:
    text = prepared(f"keep\n{opener} open\nkubernetes")
    assert "kubernetes" not in text.cleaned


def test_an_unterminated_comment_inside_a_line_of_text_is_text_as_github_shows_it() -> None:
    """CommonMark reads an inline `<!--` that never closes as typed: hiding the rest of the issue
    would hide what every reader sees."""
    body = "Copy the `<!--` marker from the template\nkubectl apply fails"
    assert prepared(body).cleaned == body


def test_after_an_unterminated_inline_comment_the_first_that_opens_a_line_runs_to_the_end() -> None:
    assert prepared("see <!-- here\nkubectl\n<!-- open\nhelm").cleaned == "see <!-- here\nkubectl\n\n"


@pytest.mark.parametrize(
    ("comments", "cleaned"), [(MAX_COMMENTS, "helm\nkubectl"), (MAX_COMMENTS + 1, "helm\n")]
)
def test_past_the_thousandth_html_comment_the_rest_of_the_text_is_blanked_with_the_next(
    comments: int, cleaned: str
) -> None:
    """A hostile body of 14,000 empty comments had each blanked in turn."""
    text = prepared("<!-- -->" * (comments - 1) + "helm\n<!-- x -->kubectl")
    assert text.cleaned == cleaned


def test_quoted_lines_are_prose_like_any_other() -> None:
    body = "> quoted first\nmine\n  > quoted indented\nmine too"
    assert prepared(body).prose == body


def test_a_greater_than_line_inside_a_fenced_block_is_code() -> None:
    text = prepared("a shell:\n```\n$ go run .\n> go run cmd/server/main.go\n>>> panic: boom\n```\nafter")
    assert text.code.splitlines() == ["", "$ go run .", "> go run cmd/server/main.go", ">>> panic: boom"]


def test_a_fence_opened_in_a_quote_ends_with_the_quote_when_never_closed() -> None:
    """As CommonMark reads it: the rest of the issue is not swallowed as code."""
    text = prepared("Forwarded:\n> ```\n> Error: pod crashloop\n\nWe deploy with helm")
    assert text.code.splitlines() == ["", "> Error: pod crashloop"]
    assert text.prose.splitlines()[-1] == "We deploy with helm"


def test_a_fence_in_a_quote_under_a_list_item_is_code() -> None:
    text = prepared("- > ```\n  > a log line\n  > ```\n\nafter")
    assert text.code.splitlines() == ["", "  > a log line"]
    assert "after" in text.prose


def test_a_quoted_fence_line_inside_an_unquoted_block_is_part_of_it() -> None:
    """A shell's continuation prompt (`> `) before backticks, in a heredoc, closes nothing."""
    text = prepared("```\n$ cat <<EOF\n> ```\nEOF\n```\nafter")
    assert text.code.splitlines() == ["", "$ cat <<EOF", "> ```", "EOF"]
    assert text.prose.splitlines()[-1] == "after"


def test_a_fence_line_outside_the_quote_ends_the_quoted_block_and_opens_one_of_its_own() -> None:
    """CommonMark: `> ```` then a bare ```` ``` ```` line: the quote (and its block) ended there."""
    blocks = prepared("> ```\n> error\n```\nsome code\n```\nThe docker compose install fails").code
    assert blocks.splitlines() == ["", "> error", "", "some code"]


def test_past_the_fence_line_limit_the_rest_of_a_text_is_code() -> None:
    """A body of thousands of fences is a log or an attack: each fence line read is a turn of a loop."""
    fences = "```\n" * (MAX_FENCE_LINES + 2)
    text = prepared(f"kubernetes\n{fences}kubectl at the end")
    assert "kubernetes" in text.prose
    assert "kubectl" not in text.prose
    assert text.code.endswith("kubectl at the end")


def test_past_the_fence_line_limit_the_rest_is_code_even_after_a_quoted_block() -> None:
    fences = "```\n" * (MAX_FENCE_LINES - 2) + "```a``` b\n"  # the last a code span: it opens nothing
    text = prepared(f"{fences}> ```\n> log\n\nprose here\n```\nkubernetes in code")
    assert "prose here" in text.prose
    assert "kubernetes" not in text.prose


def test_quotes_nested_past_the_depth_limit_count_as_that_deep() -> None:
    """Each depth compiles a pattern; a hostile body could nest hundreds."""
    deep, deeper = ">" * (MAX_QUOTE_DEPTH + 1), ">" * (MAX_QUOTE_DEPTH + 2)
    text = prepared(f"{deeper} ```\n{deeper} log\n{deep} ```\nafter")
    assert text.code.splitlines() == ["", f"{deeper} log"]
    assert text.prose.splitlines()[-1] == "after"


def test_a_fenced_block_inside_a_quote_is_code() -> None:
    """A log pasted in a quoted report is still a log: patterns read it, keywords do not."""
    text = prepared("The customer wrote:\n> ```\n> kubectl get pods\n> ```\n> it fails")
    assert text.code.splitlines() == ["", "> kubectl get pods"]
    assert "kubectl" not in text.prose
    assert "it fails" in text.prose


@pytest.mark.parametrize(
    "text",
    [
        "intro ``` not a fence\n```go\ncode ```\n```",
        "a ~~~ b\n~~~\n``` inside a tilde block\n~~~~\n",
        "~~~ and ``` on one line\n  - ```sh\n  > ```\n> ~~~\n1. ````\n",
        "```",
        "no fence at all\nsecond line\n",
        "`` ` ``\n~~ ~\n``` \t \n",
        "a```\n" * (FENCE_LINES_TRIED + 5) + "```\ncode\n~~~\n```\n",
        "```\n" * 3 + "a```\n" * FENCE_LINES_TRIED + "~~~\n",
    ],
)
def test_fence_lines_are_those_the_fence_pattern_finds_trying_every_line(text: str) -> None:
    """Only the lines holding three backticks or tildes are tried: the same fence lines, in order."""
    lined = "\n" + text
    expected = [(m.span(), m.groups()) for m in _FENCE_LINE.finditer(lined)]
    assert [(m.span(), m.groups()) for m in _fence_lines(lined)] == expected


def test_fenced_blocks_leave_prose_and_go_to_code() -> None:
    text = prepared("intro\n```go\ncmd/server/main.go\n```\noutro\n~~~\nmore code\n~~~")
    assert text.prose.splitlines() == ["intro", "```go", "", "```", "outro", "~~~", "", "~~~"]
    assert text.code.split() == ["cmd/server/main.go", "more", "code"]


def test_a_fence_indented_under_a_nested_list_item_is_a_fence() -> None:
    text = prepared("- step\n    - sub\n        ```\n        kubectl apply\n        ```\nafter")
    assert text.code.split() == ["kubectl", "apply"]
    assert "kubectl" not in text.prose


def test_a_fence_opened_on_a_list_items_own_line_is_a_fence() -> None:
    text = prepared("1. ```sh\n   kubectl apply\n   ```\n- ~~~\n  helm install\n  ~~~\nafter")
    assert text.code.split() == ["kubectl", "apply", "helm", "install"]


def test_a_fence_may_open_on_a_plus_bullet_and_after_several_spaces() -> None:
    text = prepared("+ ```\n  kubectl apply\n  ```\n-    ```\n     helm install\n     ```\nafter")
    assert text.code.split() == ["kubectl", "apply", "helm", "install"]


def test_a_fence_may_open_on_an_ordered_item_numbered_up_to_nine_digits_with_a_dot_or_parenthesis() -> None:
    text = prepared("2) ```\n   kubectl apply\n   ```\n123456789. ```\n   helm install\n   ```\nafter")
    assert text.code.split() == ["kubectl", "apply", "helm", "install"]


def test_two_backticks_on_a_line_do_not_open_a_fence() -> None:
    text = prepared("``\nkubectl apply\n``\n```\nhelm install\n```")
    assert text.code.split() == ["helm", "install"]
    assert "kubectl" in text.prose


def test_unclosed_fence_runs_to_the_end() -> None:
    text = prepared("intro\n```\ncode\nstill code")
    assert text.prose.split() == ["intro", "```"]
    assert text.code.split() == ["code", "still", "code"]


def test_a_fence_closes_only_with_its_own_character_and_at_least_its_length() -> None:
    text = prepared("````\n```\n~~~\nstill code\n````\nprose")
    assert text.code.split() == ["```", "~~~", "still", "code"]
    assert text.prose.split() == ["````", "````", "prose"]


def test_a_longer_fence_of_the_same_character_closes_a_block() -> None:
    text = prepared("```\ncode\n`````\nprose")
    assert text.code.split() == ["code"]
    assert text.prose.split() == ["```", "`````", "prose"]


def test_a_fence_of_the_other_character_never_closes_a_block_however_long() -> None:
    text = prepared("~~~\n````\nstill code\n~~~\nprose")
    assert text.code.split() == ["````", "still", "code"]
    assert text.prose.split() == ["~~~", "~~~", "prose"]


def test_a_closing_fence_may_end_in_spaces_but_not_in_an_info_string() -> None:
    text = prepared("```\n```go\nstill code\n```  \nprose")
    assert text.code.split() == ["```go", "still", "code"]
    assert text.prose.split() == ["```", "```", "prose"]


def test_a_tilde_fence_may_have_backticks_in_its_info_string() -> None:
    text = prepared("~~~ sh `title`\nkubectl apply\n~~~\nprose")
    assert text.code.split() == ["kubectl", "apply"]
    assert "kubectl" not in text.prose


def test_a_line_that_opens_and_closes_backticks_is_a_code_span_not_a_fence() -> None:
    text = prepared("```kubectl get pods``` fails\nkubernetes broke")
    assert text.prose.splitlines() == ["```kubectl get pods``` fails", "kubernetes broke"]


def test_urls_are_blanked_for_prose_and_kept_aside() -> None:
    text = prepared("see https://example.com/kubernetes/docs, then")
    assert text.prose == "see  \x1a  then"
    assert text.urls == ["https://example.com/kubernetes/docs,"]


def test_a_plain_http_url_is_a_url_too() -> None:
    text = prepared("see http://example.com/kubernetes then")
    assert text.urls == ["http://example.com/kubernetes"]
    assert "kubernetes" not in text.prose


def test_a_url_ends_at_an_angle_bracket_a_quote_or_a_backtick() -> None:
    text = prepared("<https://a.example/x>kubectl 'https://b.example/y'helm `https://c.example/z`docker")
    assert text.urls == ["https://a.example/x", "https://b.example/y", "https://c.example/z"]
    assert text.prose.split() == ["<", "\x1a", ">kubectl", "'", "\x1a", "'helm", "`", "\x1a", "`docker"]


def test_a_url_before_a_fenced_block_does_not_shift_what_the_block_blanks() -> None:
    text = prepared("see https://example.com/a/very/long/link/to/the/docs\n```\nkubectl\n```\nhelm after")
    assert text.prose.splitlines() == ["see  \x1a ", "```", "", "```", "helm after"]


def test_a_path_in_a_fenced_block_is_read_once_as_code_in_a_block() -> None:
    text = prepared("intro\n```\ncmd/server/main.go\n```")
    assert [(m.path, m.in_block) for m in text.mentions()] == [("cmd/server/main.go", True)]


def test_line_numbers_survive_every_blanking() -> None:
    body = "<!-- a\nb -->\n> quote\n```\ncode\n```\nhttps://x.example/y\nkubernetes here"
    text = prepared(body)
    offset = text.prose.index("kubernetes")
    assert line_at(text.prose, offset) == 8 == body.splitlines().index("kubernetes here") + 1


def test_probe_text_holds_title_body_and_urls_apart() -> None:
    issue = PreparedIssue("title", "docker https://example.com/x compose")
    assert issue.probe_bytes == b"title\ndocker  \x1a  compose\nhttps://example.com/x"


def test_probe_text_holds_the_titles_urls_before_the_bodys() -> None:
    issue = PreparedIssue("see https://example.com/t", "and https://example.com/b")
    assert issue.probe_bytes == b"see  \x1a \nand  \x1a \nhttps://example.com/t\nhttps://example.com/b"


def test_lowering_keeps_offsets_even_for_the_dotted_capital_i() -> None:
    assert lower_aligned("İstanbul KUBERNETES") == "istanbul kubernetes"


def test_the_dotted_capital_i_is_the_only_character_that_lowers_longer() -> None:
    longer = {code for code in range(0x110000) if len(chr(code).lower()) != 1}
    assert longer == set(LONGER_WHEN_LOWERED)


def test_re2_whitespace_class_is_exactly_pythons() -> None:
    every_character = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert set(re2.compile(WHITESPACE).findall(every_character)) == set(re.findall(r"\s", every_character))


def test_space_class_is_exactly_pythons_whitespace() -> None:
    every_character = "".join(chr(code) for code in range(0x110000))
    assert re.findall(f"[{SPACE_CHARS}]", every_character) == re.findall(r"\s", every_character)


def test_a_line_break_belongs_to_the_line_it_ends() -> None:
    assert [line_at("one\ntwo", offset) for offset in (2, 3, 4)] == [1, 1, 2]
    assert window_around("\nsecond", 0, 100) == ""


def test_the_window_around_an_offset_in_a_short_line_is_that_whole_line_stripped() -> None:
    text = "  first line  \n  second line  \nthird"
    assert window_around(text, 0, 100) == "first line"
    assert window_around(text, text.index("second"), 100) == "second line"
    assert window_around(text, text.index("\nthird") + 1, 100) == "third"


def test_a_fenced_block_ending_in_a_blank_line_moves_no_line_after_it() -> None:
    text = prepared("```\ncode\n\n```\nkubernetes")
    assert line_at(text.prose, text.prose.index("kubernetes")) == 5


def test_an_unterminated_comment_keeps_every_line_break_to_the_end() -> None:
    assert prepared("keep\n<!-- open\nkubernetes\n").cleaned == "keep\n\n\n"


def test_a_mentions_line_is_where_it_stands_alone_not_inside_a_longer_token() -> None:
    text = prepared(
        "npm @sourcegraph/cody and .github/workflows/ci.yml\nsourcegraph/cody github/workflows/ci.yml"
    )
    assert mention_line(text, "sourcegraph/cody") == 2
    assert mention_line(text, "github/workflows/ci.yml") == 2


def test_a_mention_at_the_very_start_is_on_the_first_line() -> None:
    text = prepared("cmd/server/main.go fails\nagain in cmd/server/main.go")
    assert mention_line(text, "cmd/server/main.go") == 1


def test_cjk_text_set_apart_keeps_every_offset_and_every_other_character() -> None:
    text = "升级Kubernetes部署后, ｋ８ｓ\nkubectlでapply 😀 é\ud800"
    apart = cjk_apart(text)
    kept = [(a, b) for a, b in zip(text, apart, strict=True) if not CJK_FIRST <= a <= CJK_LAST]
    assert len(apart) == len(text)
    assert all(a == b for a, b in kept)


LIGATURES = range(0xFB00, 0xFB07)
"""`ﬀ` to `ﬆ`: letters of the Latin words they stand in."""


def test_every_character_of_the_cjk_range_but_the_ligatures_is_set_apart_as_neither_word_nor_space() -> None:
    points = [
        p
        for p in range(ord(CJK_FIRST), ord(CJK_LAST) + 1)
        if not 0xD800 <= p <= 0xDFFF and p not in LIGATURES
    ]
    apart = cjk_apart("".join(map(chr, points)))
    assert re.search(r"[\w\s]", apart) is None
    assert all(has_cjk(chr(point)) for point in points)


def test_a_latin_ligature_stays_a_letter_where_cjk_text_is_set_apart() -> None:
    text = "部署 " + "".join(map(chr, LIGATURES))
    apart = cjk_apart(text)
    assert (len(apart), re.fullmatch(r"\w+", apart[3:]) is not None) == (len(text), True)


def test_the_ideographic_space_is_still_a_space_once_cjk_text_is_set_apart() -> None:
    assert cjk_apart("docker\u3000compose").split() == ["docker", "compose"]


def test_the_cjk_probe_finds_every_word_character_that_setting_apart_changes() -> None:
    probe = re2.compile(CJK_PROBE)
    missed = [
        hex(point)
        for point in range(ord(CJK_FIRST), ord(CJK_LAST) + 1)
        if not 0xD800 <= point <= 0xDFFF
        and re.match(r"\w", chr(point))
        and probe.search(chr(point).encode()) is None
    ]
    assert missed == []


def test_the_cjk_probe_ignores_what_an_english_issue_holds_outside_ascii() -> None:
    probe = re2.compile(CJK_PROBE)
    assert probe.search("it’s broken ❤️ \ufeff\ufffd — “quoted” café".encode()) is None


FORM_CHECKBOXES = """### Sourcegraph version

3.30.1

### Deployment type

- [X] Docker Compose
- [ ] Kubernetes (Helm or kustomize)
- [ ] Single container (sourcegraph/server)

### What happened?

The frontend restarts in a loop.
"""


def test_the_options_an_issue_form_left_unticked_are_not_read() -> None:
    text = prepared(FORM_CHECKBOXES)
    assert "Kubernetes" not in text.cleaned
    assert "sourcegraph/server" not in text.cleaned
    assert "- [X] Docker Compose" in text.cleaned
    assert text.cleaned.count("\n") == FORM_CHECKBOXES.count("\n")


def test_the_ticked_option_and_the_rest_of_the_form_keep_their_lines() -> None:
    text = prepared(FORM_CHECKBOXES)
    assert [line_at(text.prose, text.prose.index(s)) for s in ("Docker Compose", "restarts")] == [7, 13]


@pytest.mark.parametrize(
    "body",
    [
        "### Tasks\n\n- [x] Tag the 3.30 release\n- [ ] Update the Helm chart\n",
        "### Tasks\n\n- [ ] Tag the 3.30 release\n- [ ] Update the Helm chart\n",
        "## Tasks\n\n- [X] Tag the 3.30 release\n- [ ] Update the Helm chart\n",
        "#### Tasks\n\n- [X] Tag the 3.30 release\n- [ ] Update the Helm chart\n",
        "### Tasks\n\nBefore the branch cut:\n\n- [X] Tag the 3.30 release\n- [ ] Update the Helm chart\n",
        "### Tasks\n\n- [X] Tag the 3.30 release\n- [ ] Update the Helm chart\n\nThen announce it.\n",
        "### Tasks\n\n- [X] Tag the 3.30 release\n  - [ ] Update the Helm chart\n",
        "### Tasks\n\n* [X] Tag the 3.30 release\n* [ ] Update the Helm chart\n",
        "- [X] Tag the 3.30 release\n- [ ] Update the Helm chart\n",
        "```\n### Tasks\n\n- [X] Tag the 3.30 release\n- [ ] Update the Helm chart\n```\n",
    ],
    ids=[
        "ticked on the page or by hand",
        "none ticked",
        "second-level heading",
        "fourth-level heading",
        "text before the list",
        "text after the list",
        "nested item",
        "other bullet",
        "no heading",
        "in fenced code",
    ],
)
def test_a_to_do_lists_unticked_items_are_its_work_and_are_read(body: str) -> None:
    assert prepared(body).cleaned == body


def test_each_forms_checkboxes_field_is_judged_by_itself() -> None:
    form = "### Deployment type\n\n- [X] Docker Compose\n- [ ] Kubernetes\n\n"
    body = form + "### Tasks\n\n- [x] Tag the release\n- [ ] Update the Helm chart\n"
    assert prepared(body).cleaned == body.replace("- [ ] Kubernetes", "")


def test_a_forms_checkboxes_field_left_all_unticked_is_no_evidence_either() -> None:
    field = "### Deployment type\n\n- [ ] Kubernetes (Helm)\n- [ ] Docker Compose\n\n"
    body = field + "### Code of Conduct\n\n- [X] I agree to follow this project's Code of Conduct\n"
    assert prepared(body).cleaned == body.replace("- [ ] Kubernetes (Helm)", "").replace(
        "- [ ] Docker Compose", ""
    )


def test_a_to_do_list_with_nothing_ticked_is_read_in_a_body_with_no_form() -> None:
    body = "### Tasks\n\n- [ ] Tag the release\n- [ ] Update the Helm chart\n"
    assert prepared(body).cleaned == body


def test_an_issue_form_written_with_windows_line_ends_loses_its_unticked_options_too() -> None:
    body = "### Deployment type\r\n\r\n- [X] Docker Compose\r\n- [ ] Kubernetes\r\n\r\n### Logs\r\n\r\nnone"
    assert prepared(body).cleaned == body.replace("- [ ] Kubernetes\r", "")


def test_a_lone_carriage_return_ends_a_line_as_a_line_feed_does() -> None:
    body = "<!-- guidance\nover two lines -->\n> quoted\n```\ncmd/server/main.go\n```\n" + FORM_CHECKBOXES
    with_lf, with_cr = prepared(body), prepared(body.replace("\n", "\r"))
    assert (with_cr.cleaned, with_cr.prose, with_cr.code) == (with_lf.cleaned, with_lf.prose, with_lf.code)


def test_a_lone_carriage_return_among_crlfs_stays_inside_its_line() -> None:
    text = prepared("one\r\ntwo\rthree\r\nfour")
    assert line_at(text.prose, text.prose.index("four")) == 3


def test_only_the_first_checkboxes_fields_of_a_body_are_read() -> None:
    field = "### Deployment type\n\n- [X] Docker Compose\n- [ ] Kubernetes\n\n"
    cleaned = prepared(field * (MAX_CHECKBOX_FIELDS + 1)).cleaned
    assert (cleaned.count("Kubernetes"), cleaned.endswith(field)) == (1, True)


def test_a_window_around_a_match_never_cuts_through_an_emoji_or_an_accented_letter() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    line = family * 20 + " deployed on kubernetes 1.28 " + "e\u0301" * 60 + " end"
    window = window_around(line, line.index("kubernetes"), 100)
    assert (window[1], window[-2]) == ("\U0001f468", "\u0301")
    assert "kubernetes" in window
