"""Glob translations are pathspec's, and are read back from the user's cache only when valid."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import re2

from triage.classify.glob_regex import FOLDER, MATCH_NOTHING, _cache_path, regex_sources
from triage.user_cache import cache_folder

GLOBS = ["cmd/server/**", "*.go", "!vendor/", "/docker-compose.yaml"]


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def pathspec_sources(globs: list[str]) -> list[str]:
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    patterns = [GitIgnoreSpecPattern(glob) for glob in globs]
    return [str(p.regex.pattern) if p.include and p.regex is not None else MATCH_NOTHING for p in patterns]


def plant(globs: list[str], content: bytes) -> Path:
    path = _cache_path(globs)
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o600)
    return path


def test_sources_are_pathspecs_translation_and_a_negation_matches_nothing() -> None:
    sources = regex_sources(GLOBS)
    assert sources == pathspec_sources(GLOBS)
    assert sources[2] == MATCH_NOTHING


@pytest.mark.parametrize("glob", ["!vendor/", "# a comment", ""])
def test_a_negation_comment_or_blank_matches_no_text_not_even_an_empty_one(glob: str) -> None:
    [source] = regex_sources([glob])
    assert [re2.search(source, text) for text in ["vendor/x.go", "a", " ", "\n", ""]] == [None] * 5


def test_a_second_call_reads_the_stored_sources() -> None:
    regex_sources(GLOBS)
    assert len(list(cache_folder(FOLDER).glob("*.json"))) == 1
    plant(GLOBS, json.dumps(["a", "b", "c", "d"]).encode())
    assert regex_sources(GLOBS) == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "content",
    [b"not json", b'["one"]', b"[1, 2, 3, 4]", b'{"a": 1}', b'{"a": 1, "b": 2, "c": 3, "d": 4}', b'"abcd"'],
)
def test_a_file_that_does_not_fit_is_a_miss(content: bytes) -> None:
    plant(GLOBS, content)
    assert regex_sources(GLOBS) == pathspec_sources(GLOBS)


def test_other_globs_are_another_entry() -> None:
    assert _cache_path(GLOBS) != _cache_path([*GLOBS, "docs/"])


def test_the_same_globs_in_another_order_give_their_sources_in_that_order() -> None:
    regex_sources(GLOBS)
    assert regex_sources(GLOBS[::-1]) == pathspec_sources(GLOBS[::-1])


def test_another_python_is_another_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _cache_path(GLOBS)
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert _cache_path(GLOBS) != before


def test_a_change_to_pathspecs_package_file_is_another_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pathspec" / "__init__.py"
    package.parent.mkdir()
    package.write_text("")
    monkeypatch.setattr("triage.user_cache.package_file", lambda name: str(package))
    before = _cache_path(GLOBS)
    package.write_text("# upgraded\n")
    assert _cache_path(GLOBS) != before


def test_a_glob_python_would_warn_of_as_a_nested_set_translates_without_a_warning() -> None:
    """pathspec compiles its regex with Python's `re` too, which warns at `[[` (an error here)."""
    assert regex_sources(["doc/[[]"]) == [r"^doc/[[](?:(?P<ps_d>/)|$)"]
