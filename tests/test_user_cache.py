"""Specifications for files kept between runs in the user's cache folder (triage.user_cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from triage import user_cache
from triage.user_cache import cache_folder, file_stamp, read_private, write_private


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TRIAGE_NO_CACHE", raising=False)
    return tmp_path / "cache"


def stored(name: str) -> Path:
    path = cache_folder("test") / name
    write_private(path, b"data")
    return path


def test_a_file_written_is_read_back() -> None:
    assert read_private(stored("a.bin")) == b"data"


def test_a_file_the_group_may_write_is_not_read() -> None:
    path = stored("a.bin")
    path.chmod(0o620)
    assert read_private(path) is None


def test_a_file_of_another_user_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    path = stored("a.bin")
    someone_else = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    assert read_private(path) is None


def test_triage_no_cache_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGE_NO_CACHE", "1")
    stored("a.bin")
    assert not cache_folder("test").exists()


def test_a_write_that_fails_leaves_no_temporary_file_behind() -> None:
    in_the_way = cache_folder("test") / "a.bin"
    in_the_way.mkdir(parents=True)  # a folder where the file should go: the rename fails
    write_private(in_the_way, b"data")
    assert [path.name for path in cache_folder("test").iterdir()] == ["a.bin"]


def test_a_folder_too_deep_to_create_is_skipped(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`Path.mkdir(parents=True)` recurses once per missing folder: thousands of them (a mistyped
    `XDG_CACHE_HOME`) run past Python's recursion limit before the system refuses the path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home / ("d/" * 2000)))
    write_private(cache_folder("test") / "a.bin", b"data")
    assert not cache_home.exists()


def test_writing_past_the_limit_removes_the_oldest_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(user_cache, "MAX_FILES", 3)
    for number in range(5):
        path = stored(f"{number}.bin")
        os.utime(path, ns=(number * 10**9, number * 10**9))  # one a second, whatever the clock's grain
    assert sorted(path.name for path in cache_folder("test").iterdir()) == ["2.bin", "3.bin", "4.bin"]


def test_a_files_stamp_changes_with_its_modification_time(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_text("x = 1\n")
    os.utime(path, ns=(10**9, 10**9))
    before = file_stamp(str(path))
    os.utime(path, ns=(2 * 10**9, 2 * 10**9))
    assert file_stamp(str(path)) != before
