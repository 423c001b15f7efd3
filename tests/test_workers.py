"""`triage.workers.ordered_map`: a batch over forked processes, results in input order, bounded."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.processes import children_of
from triage.workers import (
    IN_FLIGHT_PER_JOB,
    WorkerDiedError,
    WorkerFailedError,
    default_jobs,
    forks_here,
    ordered_map,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="forks; reads /proc")


def children() -> list[int]:
    """This process's child processes (pytest's main thread forks them)."""
    return children_of(os.getpid())


def chunk_and_pid(chunk: int) -> tuple[int, int]:
    return chunk, os.getpid()


def test_results_come_back_in_input_order_though_a_later_chunk_is_answered_first() -> None:
    """Chunk 0's worker waits until chunk 1's worker has answered (a pipe between them, inherited
    through the fork), so chunk 1's result is ready first whatever the scheduling."""
    held, release = os.pipe()

    def chunk_one_first(chunk: int) -> tuple[int, int]:
        if chunk == 0 and not select.select([held], [], [], 60)[0]:  # a guard: fail rather than hang
            raise AssertionError("chunk 1 never answered while chunk 0 waited for it")
        if chunk == 1:
            os.write(release, b"x")
        return chunk, os.getpid()

    try:
        results = list(ordered_map(chunk_one_first, range(20), jobs=3))
    finally:
        os.close(held)
        os.close(release)
    assert [chunk for chunk, _ in results] == list(range(20))


def test_chunks_are_worked_in_other_processes() -> None:
    pids = {pid for _, pid in ordered_map(chunk_and_pid, range(20), jobs=2)}
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_a_single_chunk_is_worked_in_this_process() -> None:
    assert list(ordered_map(chunk_and_pid, [7], jobs=4)) == [(7, os.getpid())]


def test_one_job_works_every_chunk_in_this_process() -> None:
    assert list(ordered_map(chunk_and_pid, range(3), jobs=1)) == [(n, os.getpid()) for n in range(3)]


def test_a_none_chunk_is_a_chunk_like_any_other() -> None:
    assert list(ordered_map(lambda chunk: chunk, [None, 5, None, 7], jobs=2)) == [None, 5, None, 7]


def test_only_as_many_workers_as_chunks_are_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fork, parent = os.fork, os.getpid()
    forked: list[int] = []

    def counted() -> int:
        pid = real_fork()
        if os.getpid() == parent:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    assert len(list(ordered_map(chunk_and_pid, range(3), jobs=8))) == 3
    assert len(forked) == 3


def slow(chunk: int) -> int:
    """Work that takes 50 ms: the one real wait in these tests, kept because a parent that wakes
    without a result shows only as many wake-ups over time, which work answered at once would hide."""
    time.sleep(0.05)
    return chunk


class NotedPoll:
    """A `select.poll` that notes in `waits` the timeout of every wait made through it."""

    def __init__(self, poll: select.poll, waits: list[float | None]) -> None:
        self._poll = poll
        self._waits = waits

    def register(self, fd: int, eventmask: int) -> None:
        self._poll.register(fd, eventmask)

    def poll(self, timeout: float | None = None) -> list[tuple[int, int]]:
        self._waits.append(timeout)
        return self._poll.poll(timeout)


def test_the_parent_waits_for_results_blocked_in_poll_without_spinning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the workers work, the parent blocks in `poll` with no timeout and wakes only when a pipe
    is ready: at most twice a result (once for its length, once for the rest), never a wait that
    returns at once only to be asked again."""
    waits: list[float | None] = []
    real_poll = select.poll
    monkeypatch.setattr(select, "poll", lambda: NotedPoll(real_poll(), waits))
    assert list(ordered_map(slow, range(6), jobs=2)) == list(range(6))
    assert waits, "the parent never waited for a worker"
    assert set(waits) == {None}
    assert len(waits) <= 2 * 6


def test_a_result_marshal_refuses_is_the_work_failing_not_a_dead_worker() -> None:
    with pytest.raises(WorkerFailedError, match="unmarshallable object"):
        list(ordered_map(lambda chunk: {object()}, range(3), jobs=2))
    assert children() == []


def test_no_chunks_give_no_results() -> None:
    assert list(ordered_map(chunk_and_pid, [], jobs=2)) == []


def noted(taken: list[int]) -> Iterator[int]:
    """Chunks 0 to 99, each noted in `taken` as it is read."""
    for chunk in range(100):
        taken.append(chunk)
        yield chunk


def test_at_most_two_chunks_a_job_are_read_ahead() -> None:
    taken: list[int] = []
    with closing(ordered_map(chunk_and_pid, noted(taken), jobs=2)) as results:
        next(results)
        assert len(taken) == 2 * 2


def test_closing_early_ends_the_workers_and_reads_no_further() -> None:
    taken: list[int] = []
    with closing(ordered_map(chunk_and_pid, noted(taken), jobs=2)) as results:
        next(results)
    assert len(taken) == IN_FLIGHT_PER_JOB * 2
    assert children() == []


def fails_on_three(chunk: int) -> int:
    if chunk == 3:
        raise ValueError("chunk 3 is bad")
    return chunk


def test_an_exception_in_the_work_reaches_the_caller_after_the_results_before_it() -> None:
    seen: list[int] = []
    with pytest.raises(WorkerFailedError, match=r"(?s)Traceback.*ValueError: chunk 3 is bad"):
        seen.extend(ordered_map(fails_on_three, range(10), jobs=2))
    assert seen == [0, 1, 2]
    assert children() == []


def dies_on_five(chunk: int) -> int:
    if chunk == 5:
        os._exit(9)
    return chunk


def test_a_worker_that_dies_is_a_clear_error() -> None:
    with pytest.raises(WorkerDiedError, match=r"--jobs 1"):
        list(ordered_map(dies_on_five, range(10), jobs=2))
    assert children() == []


def test_a_large_chunk_and_a_large_result_cross_the_pipes_whole() -> None:
    """Each over a pipe's 64 KiB, several in flight at once: neither side may wait on the other."""
    chunks = [bytes([n]) * 300_000 for n in range(12)]
    assert list(ordered_map(lambda chunk: chunk * 2, chunks, jobs=2)) == [chunk * 2 for chunk in chunks]


@pytest.mark.parametrize("taken", [0, 3, 8, 20])
def test_a_chunk_its_pipe_takes_only_part_of_still_arrives_whole(
    taken: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first write of every chunk takes `taken` bytes (none: the pipe is full), cutting the
    length in front of it or the chunk itself; the rest must follow, in order."""
    real_write = os.write

    def partial_writev(fd: int, buffers: list[bytes]) -> int:
        if taken == 0:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_write(fd, b"".join(buffers)[:taken])

    monkeypatch.setattr(os, "writev", partial_writev)
    chunks = [bytes([n]) * 50 for n in range(6)]
    assert list(ordered_map(lambda chunk: chunk * 2, chunks, jobs=2)) == [chunk * 2 for chunk in chunks]


def test_a_chunk_is_marshal_data_and_comes_back_equal() -> None:
    chunk = (7, [b"a\n", b""], "\u00e9\U0001f600", None, 1.5)
    assert list(ordered_map(lambda c: c, [chunk, chunk], jobs=2)) == [chunk, chunk]


def test_with_no_process_to_be_forked_the_chunks_are_worked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert list(ordered_map(chunk_and_pid, range(5), jobs=2)) == [(n, os.getpid()) for n in range(5)]


def refuse_every_fork_after_the_first(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lets one fork through and refuses the rest, as a process limit does; the list counts the attempts."""
    real_fork = os.fork
    forks: list[int] = []

    def second_refused() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", second_refused)
    return forks


def test_with_fewer_processes_forked_than_asked_the_batch_goes_on_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refuse_every_fork_after_the_first(monkeypatch)
    results = list(ordered_map(chunk_and_pid, range(8), jobs=3))
    assert [chunk for chunk, _ in results] == list(range(8))
    assert len({pid for _, pid in results} - {os.getpid()}) == 1


def test_after_a_refused_fork_no_further_fork_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    forks = refuse_every_fork_after_the_first(monkeypatch)
    assert len(list(ordered_map(chunk_and_pid, range(8), jobs=3))) == 8
    assert len(forks) == 2


def open_descriptors() -> list[str]:
    return sorted(fd.name for fd in Path("/proc/self/fd").iterdir())


def test_a_refused_fork_leaves_no_pipe_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    before = open_descriptors()
    assert len(list(ordered_map(chunk_and_pid, range(5), jobs=2))) == 5
    assert open_descriptors() == before


def interrupts_itself(chunk: int) -> int:
    """A Ctrl-C that reaches the worker alone, as one from a terminal reaches its whole process group."""
    os.kill(os.getpid(), signal.SIGINT)
    return chunk


def test_a_worker_ignores_ctrl_c() -> None:
    assert list(ordered_map(interrupts_itself, range(6), jobs=2)) == list(range(6))


FLUSHED_BEFORE_THE_FORKS = """
import sys
from triage.workers import ordered_map

def noisy(chunk):
    sys.stdout.write(f"[{chunk}]")
    sys.stdout.flush()
    return chunk

sys.stdout.write("before the workers")  # held in this process's buffer: its stdout is a pipe
list(ordered_map(noisy, range(4), jobs=2))
"""


def test_output_written_before_the_workers_start_is_written_once_whatever_they_write() -> None:
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    finished = subprocess.run(
        [sys.executable, "-c", FLUSHED_BEFORE_THE_FORKS],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=buffered,
    )
    assert finished.stdout.count("before the workers") == 1
    assert sorted(finished.stdout.removeprefix("before the workers")) == sorted("[0][1][2][3]")


PARENT_ENDS_ABRUPTLY = """
import atexit, os
from triage.workers import ordered_map

parent = os.getpid()
atexit.register(lambda: print("clean-up ran in", "the parent" if os.getpid() == parent else "a worker"))
results = ordered_map(lambda chunk: chunk, range(6), jobs=2)
print("first result", next(results), flush=True)
os._exit(0)  # as if killed: no clean-up here, and its workers are not ended
"""


def test_workers_whose_parent_ended_abruptly_end_without_running_its_clean_up() -> None:
    """They see the end of their input: whatever `finally` and `atexit` code the parent had is its alone."""
    finished = subprocess.run(
        [sys.executable, "-c", PARENT_ENDS_ABRUPTLY], capture_output=True, text=True, timeout=60, check=True
    )
    assert finished.stdout == "first result 0\n"


CTRL_C_DURING_THE_FORKS = """
import os, signal, sys
from triage.workers import ordered_map
parent, real_fork = os.getpid(), os.fork

def fork_then_ctrl_c():
    pid = real_fork()
    os.kill(os.getpid(), signal.SIGINT)  # in the parent and in the child, just after the fork
    return pid

os.fork = fork_then_ctrl_c
try:
    list(ordered_map(lambda chunk: chunk, range(6), jobs=2))
    print("no interrupt", os.getpid() == parent)
except KeyboardInterrupt:
    children = open(f"/proc/{parent}/task/{parent}/children").read().split()
    held = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, ())
    print("interrupted", os.getpid() == parent, len(children), "held" if held else "let through")
"""


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_a_ctrl_c_during_the_forks_interrupts_the_parent_alone_and_ends_every_worker() -> None:
    """In a process of its own: were a child to take the interrupt, it would run the test's code."""
    finished = subprocess.run(
        [sys.executable, "-c", CTRL_C_DURING_THE_FORKS],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (finished.stdout, finished.returncode) == ("interrupted True 0 let through\n", 0)


CTRL_C_WHILE_STOPPING = """
import os, signal, time
from triage.workers import ordered_map
parent, real_kill = os.getpid(), os.kill

def kill_then_ctrl_c(pid, sig):
    real_kill(pid, sig)
    real_kill(parent, signal.SIGINT)  # a second Ctrl-C, as the workers are being ended

os.kill = kill_then_ctrl_c
try:
    list(ordered_map(lambda chunk: chunk, range(6), jobs=2))
    print("no interrupt")
except KeyboardInterrupt:
    children = open(f"/proc/{parent}/task/{parent}/children").read().split()
    held = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, ())
    print("interrupted", len(children), "held" if held else "let through")
"""


@pytest.mark.usefixtures("ctrl_c_reaches_children")
def test_a_ctrl_c_while_the_workers_are_ended_is_taken_after_all_are_reaped() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_STOPPING],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (finished.stdout, finished.returncode) == ("interrupted 0 let through\n", 0)


@pytest.mark.parametrize(("cores", "jobs"), [(1, 1), (3, 3), (16, 8)])
def test_default_jobs_is_the_cores_this_process_may_use_at_most_eight(
    monkeypatch: pytest.MonkeyPatch, cores: int, jobs: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert default_jobs() == jobs


@pytest.mark.parametrize(("platform", "forks"), [("linux", True), ("darwin", False), ("win32", False)])
def test_workers_are_forked_on_linux_alone(
    monkeypatch: pytest.MonkeyPatch, platform: str, forks: bool
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert forks_here() is forks
