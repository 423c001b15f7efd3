"""The compiled comment template is kept between runs, and never trusted when it should not be."""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from triage.template_cache import cache_file, cache_folder, compiled_template

SOURCE = "{% for name in names %}- {{ name | upper }}\n{% endfor %}"
CONTEXT = {"names": ["helm", "docker"]}
EXPECTED = "- HELM\n- DOCKER\n"


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def stored_files() -> list[Path]:
    return sorted(cache_folder().glob("*.code")) if cache_folder().exists() else []


def test_first_compile_stores_the_code_in_a_private_folder() -> None:
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == EXPECTED
    (stored,) = stored_files()
    assert stored == cache_file(environment(), SOURCE)
    assert cache_folder().stat().st_mode & 0o777 == 0o700


def test_a_cached_template_renders_as_a_freshly_compiled_one() -> None:
    compiled_template(environment(), SOURCE)
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == EXPECTED
    assert len(stored_files()) == 1


def test_the_cached_code_is_what_is_run() -> None:
    """Proof that a hit skips compiling: swap in another template's code under this one's name."""
    compiled_template(environment(), "other: {{ names | length }}")
    (other,) = stored_files()
    other.rename(cache_file(environment(), SOURCE))
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == "other: 2"


@pytest.mark.parametrize(
    "changed",
    [
        lambda env: setattr(env, "trim_blocks", False),
        lambda env: setattr(env, "keep_trailing_newline", True),
        lambda env: setattr(env, "undefined", jinja2.Undefined),
        lambda env: setattr(env, "autoescape", True),
        lambda env: setattr(env, "intercepted_binops", frozenset({"**"})),
    ],
)
def test_environment_options_change_the_key(changed: object) -> None:
    other = environment()
    changed(other)  # type: ignore[operator]  # a callable from the table above
    assert cache_file(other, SOURCE) != cache_file(environment(), SOURCE)


@pytest.mark.parametrize(("module", "name"), [(sys, "version"), (jinja2, "__version__")])
def test_another_python_or_jinja2_gets_another_key(
    module: object, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = cache_file(environment(), SOURCE)
    monkeypatch.setattr(module, name, getattr(module, name) + "+upgraded")
    assert cache_file(environment(), SOURCE) != before


def test_a_changed_template_gets_another_key() -> None:
    assert cache_file(environment(), SOURCE + " ") != cache_file(environment(), SOURCE)


@pytest.mark.parametrize("content", [b"not marshal data", b"", marshal.dumps("not code")])
def test_a_corrupt_file_is_ignored_and_replaced(content: bytes) -> None:
    cache_folder().mkdir(parents=True, mode=0o700)
    path = cache_file(environment(), SOURCE)
    path.write_bytes(content)
    path.chmod(0o600)
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == EXPECTED
    assert path.read_bytes() != content


def test_a_file_others_may_write_is_not_read() -> None:
    compiled_template(environment(), "other: {{ names | length }}")
    (other,) = stored_files()
    target = cache_file(environment(), SOURCE)
    other.rename(target)
    target.chmod(0o666)
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == EXPECTED


@pytest.mark.skipif(os.getuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_cache_folder_is_skipped_silently(cache_home: Path) -> None:
    cache_home.mkdir(mode=0o500)
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == EXPECTED
    assert stored_files() == []


def test_a_cache_home_that_is_a_file_is_skipped_silently(cache_home: Path) -> None:
    cache_home.write_text("not a folder")
    assert compiled_template(environment(), SOURCE).render(CONTEXT) == EXPECTED


def test_syntax_errors_are_raised_and_nothing_is_stored() -> None:
    with pytest.raises(jinja2.TemplateSyntaxError):
        compiled_template(environment(), "{% for %}")
    assert stored_files() == []
