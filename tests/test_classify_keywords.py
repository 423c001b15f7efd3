"""Keywords: whole words and phrases, in prose (quoted lines too) and inline code, never in code
blocks, URLs or HTML comments."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rules_builders import TermLike, area, rules, team, term
from triage.classify import classify
from triage.classify.phrases import Phrase
from triage.model import Evidence, Issue


def keyword_evidence(keywords: list[TermLike], body: str, title: str = "") -> list[Evidence]:
    found = classify(rules(team("ops", area("k8s", keywords=keywords))), Issue(title=title, body=body))
    return [e for e in found.evidence if e.kind == "keyword"]


def matched(keyword: TermLike, body: str) -> bool:
    return bool(keyword_evidence([keyword], body))


@pytest.mark.parametrize(
    ("keyword", "body"),
    [
        ("kubectl", "I ran kubectl apply"),
        ("kubectl", "KUBECTL failed"),
        ("kubectl", "(kubectl)."),
        ("kubectl", "run `kubectl get pods`"),
        ("docker compose", "using Docker   Compose"),
        ("docker compose", "using docker\ncompose"),
        ("docker-compose", "our docker-compose.yaml"),
        (".NET", "a .net app"),
        ("c++", "written in C++!"),
        ("sourcegraph/server", "image sourcegraph/server:3.20"),
        ("über", "Über alles"),
        ("k8s", "the docs at k8s.io say"),
        ("prometheus", "edit prometheus.yml"),
        ("kubernetes", "a kubernetes-based setup"),
        ("deploy-sourcegraph", "our deploy-sourcegraph fork"),
    ],
)
def test_keyword_matches_as_a_whole_word(keyword: str, body: str) -> None:
    assert matched(keyword, body)


@pytest.mark.parametrize(
    ("keyword", "body"),
    [
        ("kubectl", "kubectl2 is not it"),
        ("kubectl", "mykubectl neither"),
        ("ci", "a specific decision"),
        ("docker compose", "docker-compose is a different term"),
        ("helm", "overwhelming"),
        ("helm", "éhelm is glued to a letter"),
        ("docker compose", "docker https://example.com/x compose"),
    ],
)
def test_keyword_does_not_match_inside_a_word(keyword: str, body: str) -> None:
    assert not matched(keyword, body)


@pytest.mark.parametrize(
    ("keywords", "body", "found"),
    [
        (["k8s", "k8s.sgdev.org"], "seen on k8s.sgdev.org today", ["k8s.sgdev.org"]),
        (["k8s", "k8s.sgdev.org"], "seen on K8S.SGDEV.ORG today", ["K8S.SGDEV.ORG"]),
        (
            ["deploy-sourcegraph", "deploy-sourcegraph-docker"],
            "in deploy-sourcegraph-docker",
            ["deploy-sourcegraph-docker"],
        ),
        (
            ["deploy-sourcegraph", "deploy-sourcegraph-docker"],
            "in deploy-sourcegraph-dhall",
            ["deploy-sourcegraph"],
        ),
        (["k8s", "k8s.sgdev.org"], "seen on k8s.example.com", ["k8s"]),
        (["prometheus"], "edit prometheus.rules.yml", ["prometheus"]),
    ],
)
def test_a_keyword_is_not_found_where_it_starts_a_longer_keyword_joined_by_a_dot_or_hyphen(
    keywords: list[TermLike], body: str, found: list[str]
) -> None:
    assert [e.text for e in keyword_evidence(keywords, body)] == found


def test_a_keyword_looks_past_at_most_64_longer_keywords_it_starts() -> None:
    keywords: list[TermLike] = ["k", *(f"k-{n:03d}" for n in range(100))]
    assert [e.text for e in keyword_evidence(keywords, "in k-010")] == ["k-010"]
    assert sorted(e.text for e in keyword_evidence(keywords, "in k-099")) == ["k", "k-099"]


def test_a_keyword_that_starts_a_longer_keyword_is_found_where_it_stands_alone_later() -> None:
    found = keyword_evidence(["k8s", "k8s.sgdev.org"], "seen on k8s.sgdev.org\nour k8s cluster")
    assert [(e.text, e.line) for e in found] == [("k8s.sgdev.org", 1), ("k8s", 2)]


@pytest.mark.parametrize(
    ("keyword", "body"),
    [
        ("kubernetes", "升级Kubernetes部署后Grafana无法访问"),
        ("grafana", "升级Kubernetes部署后Grafana无法访问"),
        ("helm", "我们使用helm部署"),
        ("kubectl", "kubectlでapply"),
        ("helm", "helm을 사용합니다"),
        ("helm", "Helm３で動かない"),
        ("docker compose", "用docker\u3000compose部署"),
        (term("GKE", case_sensitive=True), "在GKE上"),
    ],
    ids=["han after", "han before", "han around", "kana", "hangul", "fullwidth", "ideographic space", "case"],
)
def test_a_keyword_written_without_cjk_ends_where_cjk_text_begins(keyword: TermLike, body: str) -> None:
    """Chinese and Japanese put no space between words; Korean writes particles onto them."""
    assert matched(keyword, body)


@pytest.mark.parametrize(
    ("keyword", "body"),
    [
        ("helm", "我们遇到overwhelm的问题"),
        ("kubernetes", "部署xkubernetes失败"),
        ("kubernetes", "部署kubernetes_x失败"),
        ("helm", "部署 helmж"),
        ("helm", "部署 éhelm"),
        ("helm", "部署 Helm\ufb01le sync"),
    ],
)
def test_cjk_text_elsewhere_does_not_unglue_a_keyword_from_other_letters(keyword: str, body: str) -> None:
    assert not matched(keyword, body)


@pytest.mark.parametrize("body", ["「部署」失败", "helm 部署 失败", "部署"])
def test_a_cjk_keyword_matches_set_apart_by_punctuation_or_spaces(body: str) -> None:
    assert matched("部署", body)


def test_a_cjk_keyword_reads_the_text_as_written_so_cjk_around_it_glues() -> None:
    """No word segmentation: a CJK term inside a run of CJK is inside a word, as before."""
    assert not matched("部署", "我们部署了")


def test_a_keyword_next_to_cjk_is_quoted_as_written_on_its_line() -> None:
    [evidence] = keyword_evidence(["kubernetes"], "背景\n升级Kubernetes部署后")
    assert (evidence.text, evidence.line) == ("Kubernetes", 2)


def test_case_sensitive_keyword_needs_the_exact_case() -> None:
    gke = term("GKE", case_sensitive=True)
    assert matched(gke, "on GKE")
    assert not matched(gke, "on gke")


@pytest.mark.parametrize(
    "body",
    [
        "```\nkubectl apply\n```",
        "~~~yaml\nkubectl: yes\n~~~",
        "https://example.com/kubectl/docs",
        "<!-- mention kubectl if relevant -->",
        "> ```\n> kubectl apply\n> ```",
    ],
)
def test_keyword_is_not_evidence_in_code_blocks_urls_or_comments(body: str) -> None:
    assert not matched("kubectl", body)


def test_a_keyword_in_a_quoted_line_is_evidence_on_that_line() -> None:
    """A first post's quote is what it reports: a customer's words pasted by support, say."""
    [evidence] = keyword_evidence(["kubectl"], "The customer wrote:\n\n> did you try kubectl?")
    assert (evidence.text, evidence.where, evidence.line) == ("kubectl", "body", 3)


def test_keyword_evidence_says_what_where_and_which_line() -> None:
    [evidence] = keyword_evidence(["docker compose"], "intro\n\nWe use Docker  Compose here")
    assert (evidence.term, evidence.text, evidence.where, evidence.line) == (
        "docker compose",
        "Docker  Compose",
        "body",
        3,
    )


def test_a_keyword_counts_once_in_the_title_and_once_in_the_body() -> None:
    found = keyword_evidence(["kubectl"], title="kubectl and kubectl", body="kubectl\nkubectl again")
    assert [(e.where, e.line) for e in found] == [("title", 1), ("body", 1)]


def test_a_keyword_glued_to_letters_many_times_is_still_found_where_it_stands_alone() -> None:
    body = "ékubectl " * 5000 + "\nkubectl"
    [evidence] = keyword_evidence(["kubectl"], body)
    assert evidence.line == 2


def test_two_areas_listing_one_keyword_both_get_it() -> None:
    both = rules(team("ops", area("a", keywords=["helm"]), area("b", keywords=["HELM"])))
    found = classify(both, Issue(title="", body="helm chart"))
    assert [(e.area_id, e.term) for e in found.evidence] == [("a", "helm"), ("b", "HELM")]


def test_a_phrase_and_a_word_inside_it_both_match() -> None:
    both = rules(team("ops", area("a", keywords=["docker compose"]), area("b", keywords=["compose"])))
    found = classify(both, Issue(title="", body="docker compose up"))
    assert [e.area_id for e in found.evidence] == ["a", "b"]


@pytest.mark.parametrize("glue", ["é", "x", "_", "9"])
def test_after_many_glued_occurrences_the_first_free_one_is_quoted(glue: str) -> None:
    [evidence] = keyword_evidence(["kubectl"], f"{glue}kubectl " * 20 + "(kubectl) " + f"{glue}kubectl")
    assert (evidence.text, evidence.line) == ("kubectl", 1)


def test_only_glued_occurrences_are_no_match() -> None:
    assert not matched("kubectl", "ékubectl " * 20)


def test_a_character_before_a_keyword_glues_to_it_exactly_when_python_calls_it_a_word_character() -> None:
    helm = Phrase("helm", case_sensitive=False)
    disagreements = [
        hex(point)
        for point in [*range(0x10000), *range(0x10000, 0x110000, 97)]  # all of the BMP, a sample above
        if (helm.first_in(chr(point) + "helm") is None) != (re.match(r"\w", chr(point)) is not None)
    ]
    assert disagreements == []


def test_a_keyword_glued_on_its_right_many_times_is_still_found_where_it_stands_alone() -> None:
    body = "kubectlé " * 5000 + "\nkubectl"
    [evidence] = keyword_evidence(["kubectl"], body)
    assert evidence.line == 2


def test_a_character_after_a_keyword_glues_to_it_exactly_when_python_calls_it_a_word_character() -> None:
    helm = Phrase("helm", case_sensitive=False)
    disagreements = [
        hex(point)
        for point in [*range(0x10000), *range(0x10000, 0x110000, 97)]  # all of the BMP, a sample above
        if (helm.first_in("helm" + chr(point)) is None) != (re.match(r"\w", chr(point)) is not None)
    ]
    assert disagreements == []


def test_a_keyword_written_with_the_dotted_capital_i_is_found_alone_in_the_body() -> None:
    found = keyword_evidence(["ingress"], "İNGRESS broke")
    assert [(e.term, e.text) for e in found] == [("ingress", "İNGRESS")]


def test_a_case_sensitive_keyword_with_the_dotted_capital_i_finds_it_as_written() -> None:
    found = keyword_evidence([term("İstanbul", case_sensitive=True)], "the İstanbul region is down")
    assert [(e.term, e.text) for e in found] == [("İstanbul", "İstanbul")]


@settings(max_examples=400, deadline=None)
@given(
    word=st.sampled_from(["helm", "k8s", "c++", ".net", "é", "_x_", "docker-compose"]),
    pieces=st.lists(
        st.sampled_from(["helm", "k8s", "c++", ".net", "é", "x", "_", " ", "\n", "-", "9", "ǅ", "."])
    ),
    start=st.integers(0, 5),
)
def test_a_one_word_term_is_found_where_the_whole_word_pattern_finds_it(
    word: str, pieces: list[str], start: int
) -> None:
    haystack = "".join(pieces)
    left = r"(?<!\w)" if re.match(r"\w", word[0]) else ""
    right = r"(?!\w)" if re.match(r"\w", word[-1]) else ""
    expected = re.compile(left + re.escape(word) + right).search(haystack, start)

    found = Phrase(word, case_sensitive=True).first_in(haystack, start)

    assert found == (expected.span() if expected else None)


def test_a_phrase_spread_over_a_long_run_of_whitespace_is_quoted_cut_in_the_middle() -> None:
    [evidence] = keyword_evidence(["docker compose"], "docker" + " " * 200 + "compose up")
    assert evidence.text == "docker" + " " * 44 + "…" + " " * 42 + "compose"


def test_a_phrase_broken_across_lines_is_found_on_the_line_where_it_starts() -> None:
    [evidence] = keyword_evidence(["docker compose"], "intro\nwe run docker\ncompose up")
    assert (evidence.text, evidence.line) == ("docker\ncompose", 2)


def test_two_areas_listing_one_keyword_each_weigh_it_by_their_own_term_weight() -> None:
    both = rules(team("ops", area("a", keywords=[term("helm", weight=3)]), area("b", keywords=["HELM"])))
    found = classify(both, Issue(title="", body="helm chart"))
    assert [(e.area_id, e.weight) for e in found.evidence] == [("a", 3.0), ("b", 1.0)]


@pytest.mark.parametrize("glued", [63, 64, 65, 66, 200])
def test_a_phrase_searched_from_a_position_never_finds_one_before_it_however_many_are_glued(
    glued: int,
) -> None:
    """Only glued occurrences after the position: none counts, and the one before it is not found."""
    haystack = "our cluster " + "xcluster " * glued
    assert Phrase("cluster", case_sensitive=False).first_in(haystack, len("our c")) is None


def test_a_term_glued_to_letters_wherever_it_stands_is_not_found_without_compiling_its_pattern() -> None:
    """The one pass fires for `ékubernetes` (its word boundaries are ASCII); compiling the pattern of
    every such term cost a text with all of them glued 5 to 13 ms in a one-issue run."""
    haystack = "ékubernetes kubernetesé édocker compose docker x compose docker composeé"
    phrases = [Phrase(text, case_sensitive=False) for text in ("kubernetes", "docker compose")]

    found = [phrase.first_in(haystack) for phrase in phrases]

    assert found == [None, None]
    assert [phrase._compiled for phrase in phrases] == [None, None]


@settings(max_examples=400, deadline=None)
@given(
    text=st.sampled_from(["helm", "docker compose", "c++ x", "é x", ".net core", "k8s", "_x_ y"]),
    pieces=st.lists(
        st.sampled_from(
            [
                "helm",
                "docker",
                "compose",
                "c++",
                "x",
                ".net",
                "core",
                "k8s",
                ".sgdev",
                "é",
                "ǅ",
                "_",
                " ",
                "\n",
                "-",
                "9",
                "y",
            ]
        )
    ),
    start=st.integers(0, 5),
)
def test_a_term_is_found_at_the_same_place_before_its_pattern_is_compiled_as_after(
    text: str, pieces: list[str], start: int
) -> None:
    haystack = "".join(pieces)
    compiled = Phrase(text, case_sensitive=True, longer=(".sgdev",) if text == "k8s" else ())
    compiled.first_in("")
    compiled.first_in(text)

    found = Phrase(text, case_sensitive=True, longer=(".sgdev",) if text == "k8s" else ()).first_in(
        haystack, start
    )

    assert compiled._compiled is not None
    assert found == compiled.first_in(haystack, start)
