"""Preparing an issue's text: what is not evidence is blanked, and no line moves."""

from __future__ import annotations

import re

import re2

from triage.classify.phrases import WHITESPACE
from triage.classify.text import (
    LONGER_WHEN_LOWERED,
    SPACE_CHARS,
    PreparedIssue,
    PreparedText,
    line_at,
    lower_aligned,
)


def prepared(body: str) -> PreparedText:
    return PreparedText("body", body)


def test_html_comment_is_blanked_but_its_lines_stay() -> None:
    text = prepared("before <!-- guidance\nkubernetes\n--> after\nlast")
    assert text.cleaned == "before \n\n after\nlast"


def test_unterminated_html_comment_runs_to_the_end() -> None:
    assert prepared("keep\n<!-- open\nkubernetes").cleaned == "keep\n\n"


def test_quoted_lines_are_prose_like_any_other() -> None:
    body = "> quoted first\nmine\n  > quoted indented\nmine too"
    assert prepared(body).prose == body


def test_a_greater_than_line_inside_a_fenced_block_is_code() -> None:
    text = prepared("a shell:\n```\n$ go run .\n> go run cmd/server/main.go\n>>> panic: boom\n```\nafter")
    assert text.code.splitlines() == ["", "$ go run .", "> go run cmd/server/main.go", ">>> panic: boom"]


def test_a_fenced_block_inside_a_quote_is_code() -> None:
    """A log pasted in a quoted report is still a log: patterns read it, keywords do not."""
    text = prepared("The customer wrote:\n> ```\n> kubectl get pods\n> ```\n> it fails")
    assert text.code.splitlines() == ["", "> kubectl get pods"]
    assert "kubectl" not in text.prose
    assert "it fails" in text.prose


def test_a_greater_than_sign_inside_a_line_is_not_a_quote() -> None:
    assert prepared("a > b").cleaned == "a > b"


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


def test_unclosed_fence_runs_to_the_end() -> None:
    text = prepared("intro\n```\ncode\nstill code")
    assert text.prose.split() == ["intro", "```"]
    assert text.code.split() == ["code", "still", "code"]


def test_a_fence_closes_only_with_its_own_character_and_at_least_its_length() -> None:
    text = prepared("````\n```\n~~~\nstill code\n````\nprose")
    assert text.code.split() == ["```", "~~~", "still", "code"]
    assert text.prose.split() == ["````", "````", "prose"]


def test_a_line_that_opens_and_closes_backticks_is_a_code_span_not_a_fence() -> None:
    text = prepared("```kubectl get pods``` fails\nkubernetes broke")
    assert text.prose.splitlines() == ["```kubectl get pods``` fails", "kubernetes broke"]


def test_urls_are_blanked_for_prose_and_kept_aside() -> None:
    text = prepared("see https://example.com/kubernetes/docs, then")
    assert text.prose == "see  \x1a  then"
    assert text.urls == ["https://example.com/kubernetes/docs,"]


def test_line_numbers_survive_every_blanking() -> None:
    body = "<!-- a\nb -->\n> quote\n```\ncode\n```\nhttps://x.example/y\nkubernetes here"
    text = prepared(body)
    offset = text.prose.index("kubernetes")
    assert line_at(text.prose, offset) == 8 == body.splitlines().index("kubernetes here") + 1


def test_probe_text_holds_title_body_and_urls_apart() -> None:
    issue = PreparedIssue("title", "docker https://example.com/x compose")
    assert issue.probe_bytes == b"title\ndocker  \x1a  compose\nhttps://example.com/x"


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
