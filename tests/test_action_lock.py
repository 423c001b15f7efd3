"""Specifications of requirements/action.txt, the exact dependency set the action installs.

The action installs it with `--require-hashes --only-binary :all: --no-deps`: no resolver runs on the
runner, so the lock alone decides what runs beside the token. `make check-lock` (part of `make test`)
installs it for real and runs triage on it; these checks need no network.
"""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.workflow_files import ACTION, ROOT, load, step_named

LOCK = ROOT / "requirements" / "action.txt"


def locked_entries() -> list[str]:
    """Each requirement of the lock on one line: continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", LOCK.read_text(encoding="utf-8"))
    lines = (line.split(" #", 1)[0].strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def locked_versions() -> dict[str, str]:
    pins: dict[str, str] = {}
    for entry in locked_entries():
        requirement = Requirement(entry.split(" --hash", 1)[0])
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", entry
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def runtime_dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def test_lock_pins_every_runtime_dependency_inside_its_range() -> None:
    pins = locked_versions()
    outside = [
        str(requirement)
        for requirement in runtime_dependencies()
        if not requirement.specifier.contains(pins.get(canonicalize_name(requirement.name), "0.dev0"))
    ]
    assert outside == [], "run `make lock` after changing pyproject.toml's dependencies"


def test_lock_pins_each_package_once_with_exact_versions() -> None:
    names = [canonicalize_name(Requirement(entry.split(" --hash", 1)[0]).name) for entry in locked_entries()]
    assert len(names) == len(set(names)) == len(locked_versions())


def test_lock_gives_every_pin_a_sha256_hash() -> None:
    unhashed = [entry for entry in locked_entries() if not re.search(r"--hash=sha256:[0-9a-f]{64}\b", entry)]
    assert unhashed == []


def test_lock_names_no_index_link_or_local_path() -> None:
    """Options of this machine's pip (a local wheel folder, a mirror) would mean nothing on a runner."""
    options = [entry for entry in locked_entries() if entry.startswith("-") or "file:" in entry]
    assert options == []


def test_action_installs_exactly_the_locked_wheels_checked_against_their_hashes() -> None:
    install = step_named(load(ACTION), "Install triage's dependencies")["run"]
    command = " ".join(install.replace("\\\n", " ").split())
    assert (
        "-m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: "
        '--no-deps -r "$GITHUB_ACTION_PATH/requirements/action.txt"'
    ) in command


def test_make_test_installs_the_lock_the_way_the_action_does_and_runs_triage_on_it() -> None:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = next(line for line in text.splitlines() if line.startswith("test:"))
    makefile = " ".join(text.replace("\\\n", " ").split())
    assert "check-lock" in test_rule.split()
    assert "ACTION_LOCK := requirements/action.txt" in makefile
    assert "--require-hashes --only-binary :all: --no-deps -r $(ACTION_LOCK)" in makefile
    assert "$(ACTION_VENV)/bin/python -P -m triage check" in makefile
