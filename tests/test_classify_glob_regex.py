"""Glob translations are pathspec's, and are read back from the user's cache only when valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_a_second_call_reads_the_stored_sources() -> None:
    regex_sources(GLOBS)
    assert len(list(cache_folder(FOLDER).glob("*.json"))) == 1
    plant(GLOBS, json.dumps(["a", "b", "c", "d"]).encode())
    assert regex_sources(GLOBS) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("content", [b"not json", b'["one"]', b"[1, 2, 3, 4]", b'{"a": 1}'])
def test_a_file_that_does_not_fit_is_a_miss(content: bytes) -> None:
    plant(GLOBS, content)
    assert regex_sources(GLOBS) == pathspec_sources(GLOBS)


def test_other_globs_are_another_entry() -> None:
    assert _cache_path(GLOBS) != _cache_path([*GLOBS, "docs/"])
