"""Rules loaded before are read back from the user's cache, and only when nothing could differ."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from triage import user_cache
from triage.errors import RulesError
from triage.model import Label
from triage.ruleset import load_rules, parse_rules
from triage.ruleset.cache import FOLDER, cache_path, loader_files, rules_from_data, rules_to_data
from triage.user_cache import cache_folder

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = Path(__file__).parent / "fixtures" / "rules" / "good"
MINIMAL = (FIXTURES / "minimal.yaml").read_text()


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "ownership.yaml"
    path.write_text(MINIMAL)
    return path


def stored_files() -> list[Path]:
    folder = cache_folder(FOLDER)
    return sorted(folder.glob("*.marshal")) if folder.exists() else []


def plant(rules_file: Path, text: str) -> Path:
    """Stores rules parsed from `text` under the name of `rules_file`'s current text."""
    path = cache_path(str(rules_file), rules_file.read_text())
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    path.write_bytes(marshal.dumps(rules_to_data(parse_rules(str(rules_file), text))))
    path.chmod(0o600)
    return path


def renamed_team(text: str) -> str:
    return text.replace("name: ", "name: Planted ", 1)


def test_a_first_load_stores_the_rules_privately(rules_file: Path) -> None:
    assert load_rules(rules_file) == parse_rules(str(rules_file), MINIMAL)
    (stored,) = stored_files()
    assert (stored.stat().st_mode & 0o777, stored.parent.stat().st_mode & 0o777) == (0o600, 0o700)


def test_a_second_load_reads_the_stored_rules(rules_file: Path) -> None:
    plant(rules_file, renamed_team(MINIMAL))
    assert load_rules(rules_file) == parse_rules(str(rules_file), renamed_team(MINIMAL))


def test_a_changed_file_is_parsed_again(rules_file: Path) -> None:
    load_rules(rules_file)
    rules_file.write_text(renamed_team(MINIMAL))
    assert load_rules(rules_file) == parse_rules(str(rules_file), renamed_team(MINIMAL))
    assert len(stored_files()) == 2


def test_the_same_relative_path_from_another_folder_is_another_entry(
    rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rules_file.parent)
    key_here = cache_path("ownership.yaml", MINIMAL)
    monkeypatch.chdir(rules_file.parent.parent)
    assert cache_path("ownership.yaml", MINIMAL) != key_here


def test_a_file_others_may_write_is_not_read(rules_file: Path) -> None:
    plant(rules_file, renamed_team(MINIMAL)).chmod(0o666)
    assert load_rules(rules_file) == parse_rules(str(rules_file), MINIMAL)


def test_a_corrupt_file_is_a_miss(rules_file: Path) -> None:
    path = plant(rules_file, MINIMAL)
    path.write_bytes(b"not marshal data")
    assert load_rules(rules_file) == parse_rules(str(rules_file), MINIMAL)


def test_rules_with_a_problem_are_never_stored(rules_file: Path) -> None:
    rules_file.write_text(MINIMAL + "\nunknown_key: 1\n")
    for _ in range(2):
        with pytest.raises(RulesError):
            load_rules(rules_file)
    assert stored_files() == []


def test_rules_naming_a_template_are_not_stored(rules_file: Path) -> None:
    (rules_file.parent / "comment.md.j2").write_text("{{ issue_title }}")
    rules_file.write_text(MINIMAL + "\ncomment:\n  template: comment.md.j2\n")
    assert load_rules(rules_file).comment.template == str(rules_file.parent / "comment.md.j2")
    assert stored_files() == []


def test_a_cache_home_that_is_a_file_is_skipped_silently(rules_file: Path, cache_home: Path) -> None:
    cache_home.write_text("not a folder")
    assert load_rules(rules_file) == parse_rules(str(rules_file), MINIMAL)


def test_the_folder_keeps_at_most_max_files_newest_first(
    rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("triage.user_cache.MAX_FILES", 3)
    for count in range(5):
        rules_file.write_text(MINIMAL + f"\n# edit {count}\n")
        load_rules(rules_file)
    assert len(stored_files()) == 3
    assert cache_path(str(rules_file), rules_file.read_text()) in stored_files()


def test_triage_no_cache_neither_reads_nor_writes_the_cache(
    rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(rules_file, renamed_team(MINIMAL))
    monkeypatch.setenv("TRIAGE_NO_CACHE", "1")
    before = stored_files()
    assert not load_rules(rules_file).teams[0].name.startswith("Planted ")
    assert stored_files() == before


@pytest.mark.parametrize(
    "path",
    [Path(__file__).parent.parent / "rules" / "ownership.yaml", *FIXTURES.glob("*.yaml")],
    ids=lambda path: path.name,
)
def test_stored_rules_read_back_as_the_same_types_and_values(path: Path) -> None:
    rules = parse_rules(str(path), path.read_text(encoding="utf-8"))
    back = rules_from_data(marshal.loads(marshal.dumps(rules_to_data(rules))))
    assert repr(back) == repr(rules)  # the repr names every NamedTuple's class


def test_data_of_the_wrong_shape_is_a_miss(rules_file: Path) -> None:
    path = plant(rules_file, MINIMAL)
    path.write_bytes(marshal.dumps(("source", 1, ((1, 2),), (), None, (None, "none"), ())))
    assert load_rules(rules_file) == parse_rules(str(rules_file), MINIMAL)


def test_the_same_text_at_another_path_is_another_entry(rules_file: Path) -> None:
    """The loaded rules keep the path they came from."""
    twin = rules_file.with_name("twin.yaml")
    twin.write_text(MINIMAL)
    load_rules(rules_file)
    assert load_rules(twin).source == str(twin)


def test_a_change_to_a_loader_module_is_another_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    module = code / "walk.py"
    module.write_text("")
    monkeypatch.setattr("triage.ruleset.cache._LOADER_FILES", (code,))
    before = cache_path("ownership.yaml", MINIMAL)
    module.write_text("# edited\n")
    assert cache_path("ownership.yaml", MINIMAL) != before


NOT_DECIDING = {"triage/__init__.py", "triage/user_cache.py", "triage/errors.py"}
"""Imported by a load, yet deciding nothing it returns: the package, where the cache lives, and the
error types."""


def test_every_triage_module_a_load_imports_is_part_of_the_cache_key(tmp_path: Path) -> None:
    script = (
        "import sys; from triage.ruleset import load_rules; load_rules('rules/ownership.yaml'); "
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('triage')))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    imported = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    package = ROOT / "triage"
    stamped = {str(Path(f).relative_to(ROOT)) for f in loader_files()}
    assert {str(Path(f).relative_to(ROOT)) for f in imported} - stamped - NOT_DECIDING == set()
    assert str(package.relative_to(ROOT) / "safe_text.py") in stamped


@pytest.mark.parametrize("library", ["yaml", "pathspec", "re2"])
def test_a_change_to_a_library_that_judges_the_rules_is_another_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    stand_in = tmp_path / "__init__.py"
    stand_in.write_text("")
    real = user_cache.package_file
    monkeypatch.setattr(
        user_cache, "package_file", lambda name: str(stand_in) if name == library else real(name)
    )
    before = cache_path("ownership.yaml", MINIMAL)
    stand_in.write_text("# upgraded\n")
    assert cache_path("ownership.yaml", MINIMAL) != before


def test_stored_data_of_another_rules_type_is_a_miss(rules_file: Path) -> None:
    path = plant(rules_file, MINIMAL)
    path.write_bytes(marshal.dumps(rules_to_data(Label("team/x", "ededed", "planted"))))
    assert load_rules(rules_file) == parse_rules(str(rules_file), MINIMAL)


def test_a_relative_cache_home_is_ignored_as_the_xdg_spec_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder(FOLDER) == tmp_path / ".cache" / "triage" / FOLDER
