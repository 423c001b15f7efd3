"""The console script's entry: `main` with the garbage collector set for a short-lived process."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from subprocess import Popen

import pytest

from triage import cli
from triage.commands import dry_run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
DRY_RUN = ["triage", "dry-run", "--rules", str(ROOT / "rules" / "ownership.yaml"), "--title", "t"]


@pytest.fixture(autouse=True)
def collector_and_ctrl_c_restored() -> Iterator[None]:
    """`entry` sets both for a process that ends with it, not for pytest's."""
    ctrl_c = signal.getsignal(signal.SIGINT)
    yield
    gc.unfreeze()
    gc.enable()
    signal.signal(signal.SIGINT, ctrl_c)


def collector_states(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Whether the collector was on while the command was configured and while it ran, and whether a
    Ctrl-C was a KeyboardInterrupt while it ran."""
    seen: dict[str, bool] = {}
    configure, run = dry_run.configure, dry_run.run

    def spying_configure(parser: argparse.ArgumentParser) -> None:
        seen["configuring"] = gc.isenabled()
        configure(parser)

    def spying_run(args: argparse.Namespace) -> int:
        seen["running"] = gc.isenabled()
        seen["start-up frozen"] = gc.get_freeze_count() > 0
        seen["ctrl-c raises"] = signal.getsignal(signal.SIGINT) is signal.default_int_handler
        return run(args)

    monkeypatch.setattr(dry_run, "configure", spying_configure)
    monkeypatch.setattr(dry_run, "run", spying_run)
    return seen


def states_under_entry(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """`collector_states` of a dry-run through the console script's entry."""
    seen = collector_states(monkeypatch)
    monkeypatch.setattr(sys, "argv", DRY_RUN)
    assert cli.entry() == 0
    return seen


def test_entry_starts_a_command_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert states_under_entry(monkeypatch)["configuring"] is False


def test_entry_runs_a_command_with_the_collector_on_and_start_up_frozen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = states_under_entry(monkeypatch)
    assert seen["running"] is True
    assert seen["start-up frozen"] is True


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_entry_runs_a_command_with_ctrl_c_a_keyboard_interrupt_for_it_to_handle(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The handler in place while the command runs is Python's own, so that a batch can stop
    cleanly on the KeyboardInterrupt (its clean stop is tested with the batch)."""
    assert states_under_entry(monkeypatch)["ctrl-c raises"] is True


def test_entry_freezes_the_heap_before_shutdown_even_on_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["triage", "dry-run", "--no-such-flag"])
    assert cli.entry() != 0
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_main_leaves_the_collector_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = collector_states(monkeypatch)
    frozen_before = gc.get_freeze_count()
    assert cli.main(DRY_RUN[1:]) == 0
    assert seen == {
        "configuring": True,
        "running": True,
        "start-up frozen": frozen_before > 0,
        "ctrl-c raises": True,
    }
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_the_console_script_is_the_entry() -> None:
    """As pyproject.toml declares it, which an install (`make`) writes into the script. An install
    from before still calls `cli.entry`, which works, but for a Ctrl-C landing while `cli` imports."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert declared["project"]["scripts"] == {"triage": "triage.__main__:entry"}


def test_python_dash_m_triage_goes_through_the_entry() -> None:
    probe = (
        "import runpy, sys\n"
        "import triage.cli\n"
        "calls = []\n"
        "real = triage.cli.entry\n"
        "triage.cli.entry = lambda: calls.append(1) or real()\n"
        "sys.argv = ['triage', '--version']\n"
        "try:\n"
        "    runpy.run_module('triage', run_name='__main__')\n"
        "except SystemExit:\n"
        "    print(calls)\n"
    )
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert finished.stdout.splitlines()[-1] == "[1]"


def test_a_reader_that_stops_early_ends_the_batch_quietly_with_success(tmp_path: Path) -> None:
    """`triage dry-run --input - | head -1`: the rest of the output has nowhere to go, which is no
    error. Without PYTHONUNBUFFERED (this machine sets it, users mostly do not), as a flush then
    meets the closed pipe."""
    issue = '{"title": "kubectl apply fails on deploy-sourcegraph", "body": "helm chart"}\n'
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    command = [sys.executable, "-m", "triage", *DRY_RUN[1:4], "--input", "-", "--format", "jsonl"]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=tmp_path,
    ) as batch:
        assert batch.stdin is not None
        assert batch.stdout is not None
        assert batch.stderr is not None
        batch.stdin.write(issue.encode())
        batch.stdin.flush()
        assert batch.stdout.readline()
        batch.stdout.close()
        with contextlib.suppress(BrokenPipeError):  # triage may be gone already: that is the point
            batch.stdin.write(issue.encode() * 5000)
        with contextlib.suppress(BrokenPipeError):
            batch.stdin.close()
        assert (batch.wait(timeout=60), batch.stderr.read()) == (0, b"")


@pytest.mark.parametrize("command", [["check"], ["dry-run", "--title", "t"]])
def test_a_command_started_with_stdout_closed_says_so_and_fails(command: list[str]) -> None:
    rules = str(ROOT / "rules" / "ownership.yaml")
    closed_stdout = 'exec "$0" -m triage "$@" >&-'
    finished = subprocess.run(
        ["sh", "-c", closed_stdout, sys.executable, *command, "--rules", rules],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (finished.returncode, finished.stderr) == (1, "triage: stdout: not open\n")


def _check_into_a_closed_pipe(rules: Path) -> subprocess.CompletedProcess[str]:
    """`triage check --rules RULES | head -0`, made certain: the pipe's reader is gone before the
    check writes its first line."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run(
            [sys.executable, "-m", "triage", "check", "--rules", str(rules)],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(writing)


def test_check_into_a_reader_that_stopped_still_fails_for_broken_rules(tmp_path: Path) -> None:
    """A CI step `triage check | head` (with `pipefail`) must not pass broken rules."""
    rules = tmp_path / "ops.yaml"
    rules.write_text("version: 1\nteams: []\nkeywordz: [x]\n", encoding="utf-8")
    finished = _check_into_a_closed_pipe(rules)
    assert (finished.returncode, finished.stderr) == (1, "")


def test_check_into_a_reader_that_stopped_still_fails_for_a_failing_case(tmp_path: Path) -> None:
    rules = tmp_path / "ops.yaml"
    rules.write_text((FIXTURES / "good" / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ops.cases.yaml").write_text(
        "cases:\n  - {name: nothing is ops', title: nothing here, labels: [team/ops]}\n", encoding="utf-8"
    )
    finished = _check_into_a_closed_pipe(rules)
    assert (finished.returncode, finished.stderr) == (1, "")


def test_check_into_a_reader_that_stopped_passes_good_rules() -> None:
    finished = _check_into_a_closed_pipe(ROOT / "rules" / "ownership.yaml")
    assert (finished.returncode, finished.stderr) == (0, "")


def test_ctrl_c_while_the_command_line_is_parsed_is_one_line_and_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Parsing imports the command's module, which takes long enough for a Ctrl-C to land there."""

    def interrupted_configure(parser: argparse.ArgumentParser) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(dry_run, "configure", interrupted_configure)
    assert cli.main(["dry-run", "--title", "t"]) == 130
    assert capsys.readouterr().err == "triage: interrupted\n"


CONSOLE_SCRIPT = "import sys\nfrom triage.__main__ import entry\nsys.exit(entry())\n"
"""What pip writes into the `triage` script (less a `.exe` taken off `sys.argv[0]`)."""
PYTHON_DASH_M = "import runpy\nrunpy.run_module('triage', run_name='__main__', alter_sys=True)\n"
"""What `python -m triage` runs."""
STARTED = """import os, sys
def _started(event, args, told=[]):
    if event == "import" and args[0] == "triage.cli" and not told:
        told.append(os.write({fd}, b"!"))
sys.addaudithook(_started)
sys.argv = ["triage", *sys.argv[1:]]
"""
"""Says on file descriptor `fd` when triage's own start-up is under way (it imports `cli`): from then
on, a Ctrl-C is triage's to handle. Before, Python is still starting (`site`, finding `triage`), and
a Ctrl-C there is Python's: it kills the process, with Python's own traceback once its handler is in."""
INTERRUPT_AFTER_MS = (0, 1, 2, 5, 10, 20, 40)
WAITING_BATCH = ["dry-run", "--rules", str(ROOT / "rules" / "ownership.yaml"), "--input", "-"]
"""A batch that reads its standard input, left open: it has not finished when any Ctrl-C lands."""


@contextlib.contextmanager
def importing_cli(
    entry: str, *args: str, launcher: Sequence[str] = (sys.executable,)
) -> Iterator[Popen[bytes]]:
    """`triage WAITING_BATCH args`, started by `entry` through `launcher`, once its start-up has told
    it began importing `cli`."""
    told, telling = os.pipe()
    try:
        with subprocess.Popen(
            [*launcher, "-c", STARTED.format(fd=telling) + entry, *WAITING_BATCH, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(telling,),
        ) as process:
            os.close(telling)
            assert os.read(told, 1) == b"!"
            yield process
    finally:
        os.close(told)


def interrupted_after(entry: str, milliseconds: int) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `triage WAITING_BATCH`, started by `entry` and sent SIGINT
    `milliseconds` after its start-up told it had begun importing `cli`."""
    with importing_cli(entry) as process:
        time.sleep(milliseconds / 1000)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        return process.returncode, out.decode(), err.decode()


@pytest.mark.usefixtures("ctrl_c_reaches_children")
@pytest.mark.parametrize("entry", [CONSOLE_SCRIPT, PYTHON_DASH_M], ids=["console script", "python -m"])
def test_ctrl_c_anywhere_in_the_start_up_is_one_line_and_130(entry: str) -> None:
    """Not only once `main` is there to catch it: while the modules of `cli` and the command import,
    the arguments are parsed and the rules load, and once the batch waits for its input."""
    outcomes = {milliseconds: interrupted_after(entry, milliseconds) for milliseconds in INTERRUPT_AFTER_MS}
    assert outcomes == dict.fromkeys(INTERRUPT_AFTER_MS, (130, "", "triage: interrupted\n"))


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_ctrl_c_as_the_interpreter_exits_after_the_command_is_one_line_and_130() -> None:
    """Once the command is done and its output flushed, only the interpreter's exit is left: a Ctrl-C
    landing there (here, in an exit handler) is said as any other, not a traceback Python ignores."""
    interrupted_at_exit = "import atexit, os, signal\natexit.register(os.kill, os.getpid(), signal.SIGINT)\n"
    finished = subprocess.run(
        [sys.executable, "-c", interrupted_at_exit + CONSOLE_SCRIPT, *DRY_RUN[1:], "--format", "jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (finished.returncode, finished.stderr) == (130, "triage: interrupted\n")
    assert json.loads(finished.stdout)["labels"] == []


IGNORING_CTRL_C = ["sh", "-c", 'trap "" INT; exec "$0" "$@"', sys.executable]
"""How a shell starts a script's background job (`triage ... &`): with SIGINT ignored, which the command
inherits through `exec`."""


@pytest.mark.parametrize("entry", [CONSOLE_SCRIPT, PYTHON_DASH_M], ids=["console script", "python -m"])
def test_a_triage_started_with_ctrl_c_ignored_leaves_it_ignored(entry: str) -> None:
    """A Ctrl-C meant for the script in the foreground, sent to its whole process group, must not end
    its background `triage dry-run --input issues.jsonl > out &`: Python leaves an ignored SIGINT
    ignored, and so does triage, from its start-up to the batch's wait for its input."""
    with importing_cli(entry, "--format", "jsonl", launcher=IGNORING_CTRL_C) as process:
        for milliseconds in (0, *INTERRUPT_AFTER_MS, 300):
            time.sleep(milliseconds / 1000)
            process.send_signal(signal.SIGINT)
        out, err = process.communicate(b'{"title": "kubectl apply fails on Kubernetes"}\n', timeout=60)
    assert (process.returncode, err) == (0, b"")
    assert json.loads(out)["labels"] == ["team/distribution", "distribution/kubernetes"]
