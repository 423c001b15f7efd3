"""A batch spread over worker processes: chunks go out in order and their results come back in order.

Only for work that is pure and CPU-bound (classifying and showing a batch of issues). The workers are
forked, so they start with everything the parent holds (compiled rules, RE2 automata, templates)
without serializing any of it; only the chunks and their results cross a pipe, as `marshal` data
(Python's own value types: numbers, strings, bytes, lists, tuples, None).

Written on `os.fork`, pipes and `poll` rather than `concurrent.futures`: importing that and
`multiprocessing` took 40 ms, and its pool 10 ms more to start and stop, against about 30 ms for
a chunk of 250 issues. Chunk `i` goes to worker `i % jobs` (forked when its first chunk comes),
which answers its chunks in the order it got them, so results are read in input order without
reordering. At most `IN_FLIGHT_PER_JOB` chunks a worker are read ahead, so memory stays bounded
however long the input is. The parent never blocks on a write: a chunk goes into its pipe as far as
the pipe takes it, the rest in the same `poll` loop that reads the next result, so a worker busy
writing a large result cannot deadlock with a parent busy writing it a large chunk. Ctrl-C is the
parent's alone: held back while a worker is forked or the workers are ended, ignored by workers.

An input of a single chunk is worked in this process (a fork would cost more than it saves), as is
everything when `jobs <= 1`, away from Linux, or when no process can be forked (with fewer forked
than asked, the batch goes on with those).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import IO, Any, NoReturn, TypeVar

from triage.errors import TriageError

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

AUTO_JOBS_LIMIT = 8
"""`--jobs` left to its default uses the cores this process may run on, at most this many."""
IN_FLIGHT_PER_JOB = 2
_LENGTH_BYTES = 8
_PIPE_SIZE = 1 << 18
"""256 KiB, where the user's pipe budget allows: a chunk of 250 issues goes in one write. (The budget
is shared by all of a user's pipes; 1 MiB a pipe would take 16 MiB of its default 64 for `--jobs 8`.)"""


class WorkerDiedError(TriageError):
    """A worker process ended without answering (killed, out of memory)."""

    def __init__(self) -> None:
        super().__init__(
            "a worker process ended without answering (out of memory, or killed); "
            "`--jobs 1` runs the batch in one process"
        )


class WorkerFailedError(Exception):
    """The work raised in a worker: a bug, carrying the worker's traceback as its message."""


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity), at most `AUTO_JOBS_LIMIT`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, AUTO_JOBS_LIMIT))


def forks_here() -> bool:
    """Whether workers are forked on this platform: Linux only (Windows has no fork, and macOS's
    system libraries are not safe to use in a forked child)."""
    return sys.platform == "linux"


def ordered_map(
    work: Callable[[Chunk], Result], chunks: Iterable[Chunk], jobs: int
) -> Generator[Result, None, None]:
    """`map(work, chunks)`, with up to `jobs` forked processes doing the work when there is more
    than one chunk. Chunks and results must be `marshal`-able.

    Close the generator (`contextlib.closing`) to stop early: the workers are ended and no further
    chunk is read. Output streams are flushed before a fork (a child inherits their buffers).
    """
    pending = iter(chunks)
    head = list(islice(pending, 2))
    if len(head) < 2 or jobs <= 1 or not forks_here():
        yield from map(work, chain(head, pending))
        return
    yield from _in_workers(work, chain(head, pending), jobs)


class _Worker:
    """The parent's end of one worker: its pipes, the bytes of chunks its pipe has not taken yet,
    and the result being read. A result is read into a buffer kept for the next one (its length
    first, then exactly that many bytes), so a batch does not allocate, fill and copy a fresh
    block of a few hundred KiB per chunk: fresh memory costs a page fault per 4 KiB."""

    __slots__ = ("body", "got", "header", "outbox", "pid", "results", "size", "tasks")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks
        self.results = results
        self.outbox = bytearray()
        self.header = bytearray(_LENGTH_BYTES)
        self.body = bytearray()
        self.size = -1
        """Length of the result being read; -1 while its length is being read."""
        self.got = 0

    def close(self) -> None:
        """Close both pipes, once: a second close could hit a descriptor reused since."""
        for fd in (self.tasks, self.results):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.tasks = self.results = -1


def _in_workers(work: Callable[[Any], Result], chunks: Iterator[Any], jobs: int) -> Iterator[Result]:
    workers: list[_Worker] = []
    assigned: deque[_Worker] = deque()
    try:
        for index, chunk in enumerate(chunks):
            # Worker `index` is forked with its first chunk; after a refusal, no further fork is tried.
            if index < jobs and len(workers) == index:
                _start_worker(work, workers)
            if not workers:  # not one process could be forked
                yield work(chunk)
                continue
            worker = workers[index % len(workers)]
            _send(worker, marshal.dumps(chunk))
            assigned.append(worker)
            if len(assigned) >= IN_FLIGHT_PER_JOB * len(workers):
                yield _answer(assigned.popleft(), workers)
        while assigned:
            yield _answer(assigned.popleft(), workers)
    finally:
        _stop(workers)


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[Iterable[int]]:
    """SIGINT blocked for the length of the block, the signal mask put back whatever happens; gives
    the mask from before. The mask is read before it is changed: `pthread_sigmask` runs a pending
    handler once it has changed the mask, so a Ctrl-C could otherwise raise with SIGINT blocked
    and nothing to put the mask back."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        yield held
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _start_worker(work: Callable[[Any], Any], workers: list[_Worker]) -> None:
    """One more worker, added to `workers`; none if the system refuses a process or a pipe.

    Ctrl-C is held back meanwhile, and the worker is listed before it is let through: one landing
    in the new child before it ignores Ctrl-C would raise there and run the parent's code (its
    `finally` blocks, ending its siblings), and one landing in the parent before the child is
    listed would leave that child out of `_stop`."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    with _ctrl_c_held() as held, contextlib.suppress(OSError):
        workers.append(_forked(work, workers, held))


def _forked(work: Callable[[Any], Any], started: Sequence[_Worker], mask: Iterable[int]) -> _Worker:
    """A new worker; in it, Ctrl-C is ignored before `mask` (the parent's) is taken back."""
    fds: list[int] = []
    try:
        fds.extend(os.pipe())
        fds.extend(os.pipe())
        pid = os.fork()
    except OSError:
        for fd in fds:
            os.close(fd)
        raise
    tasks_read, tasks_write, results_read, results_write = fds
    if pid == 0:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C held back meanwhile is dropped
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            # The parent's ends, and those of the workers started before: a worker holding another's
            # task pipe open would keep that worker from ever seeing its end.
            os.close(tasks_write)
            os.close(results_read)
            for other in started:
                other.close()
        finally:
            _serve(work, tasks_read, results_write)
    os.close(tasks_read)
    os.close(results_write)
    _widen(tasks_write)
    _widen(results_read)
    os.set_blocking(tasks_write, False)
    os.set_blocking(results_read, False)
    return _Worker(pid, tasks_write, results_read)


def _widen(pipe: int) -> None:
    """The pipe at `_PIPE_SIZE` rather than 64 KiB, where the user's pipe budget allows."""
    import fcntl  # noqa: PLC0415 - Linux's alone, as forking is

    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)


def _serve(work: Callable[[Any], Any], tasks: int, results: int) -> NoReturn:
    """A worker's life: answer each chunk, `(True, result)` or `(False, traceback)`, until the
    parent closes the task pipe."""
    code = 1
    try:
        with os.fdopen(tasks, "rb") as incoming, os.fdopen(results, "wb") as outgoing:
            while (payload := _read_frame(incoming)) is not None:
                try:
                    chunk = marshal.loads(payload)  # noqa: S302 - our own parent's, through a private pipe
                    answer = marshal.dumps((True, work(chunk)))
                except Exception:  # handed to the parent, which raises it (a result marshal refuses too)
                    import traceback  # noqa: PLC0415 - only on a bug: 3 ms of every start-up otherwise

                    answer = marshal.dumps((False, traceback.format_exc()))
                outgoing.write(_framed(answer))
                outgoing.flush()
        code = 0
    finally:
        os._exit(code)  # never the parent's clean-up: its buffers, atexit handlers, `finally` blocks


def _length_of(payload: bytes) -> bytes:
    """What goes before a payload in a pipe: its length, in `_LENGTH_BYTES` bytes."""
    return len(payload).to_bytes(_LENGTH_BYTES, "big")


def _framed(payload: bytes) -> bytes:
    return _length_of(payload) + payload


def _read_frame(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_LENGTH_BYTES)
    if len(header) < _LENGTH_BYTES:
        return None
    return stream.read(int.from_bytes(header, "big"))


def _answer(worker: _Worker, workers: Sequence[_Worker]) -> Any:
    """`worker`'s next result; meanwhile, whatever chunks the other pipes will take are written."""
    while not _read_some(worker):
        poller = select.poll()
        poller.register(worker.results, select.POLLIN)
        writers = {w.tasks: w for w in workers if w.outbox}
        for fd in writers:
            poller.register(fd, select.POLLOUT)
        for fd, _ in poller.poll():
            if fd != worker.results:
                _write_some(writers[fd])
    with memoryview(worker.body) as body:
        ok, value = marshal.loads(body[: worker.size])  # noqa: S302 - our own fork's, through a private pipe
    worker.size = -1
    worker.got = 0
    if not ok:
        raise WorkerFailedError(value)
    return value


def _read_some(worker: _Worker) -> bool:
    """Whether `worker`'s next result is all read, reading what its pipe holds when it is not (a
    read that would wait reads nothing). The result's length comes first, then the result."""
    reading_length = worker.size < 0
    buffer = worker.header if reading_length else worker.body
    end = _LENGTH_BYTES if reading_length else worker.size
    try:
        with memoryview(buffer) as view:
            count = os.readv(worker.results, [view[worker.got : end]])
    except BlockingIOError:
        return False
    if count == 0:
        raise WorkerDiedError
    worker.got += count
    if reading_length and worker.got == _LENGTH_BYTES:
        worker.size = int.from_bytes(worker.header, "big")
        worker.got = 0
        if len(worker.body) < worker.size:  # with room to spare: results of a batch vary a little
            worker.body = bytearray(worker.size + worker.size // 4)
    return worker.size >= 0 and worker.got == worker.size


def _send(worker: _Worker, payload: bytes) -> None:
    """A chunk, after its length, into the worker's pipe as far as the pipe takes it now; what it
    does not take waits in `outbox` for `_write_some`."""
    header = _length_of(payload)
    if worker.outbox:
        worker.outbox += header
        worker.outbox += payload
        _write_some(worker)
        return
    try:
        written = os.writev(worker.tasks, [header, payload])
    except BlockingIOError:
        written = 0
    except BrokenPipeError:
        raise WorkerDiedError from None
    if written < _LENGTH_BYTES:
        worker.outbox += header[written:]
        worker.outbox += payload
    elif written < _LENGTH_BYTES + len(payload):
        worker.outbox += memoryview(payload)[written - _LENGTH_BYTES :]


def _write_some(worker: _Worker) -> None:
    """As much of the worker's waiting chunks as its pipe takes now (the pipe is non-blocking)."""
    try:
        with memoryview(worker.outbox) as waiting:
            written = os.write(worker.tasks, waiting)
    except BlockingIOError:
        return
    except BrokenPipeError:
        raise WorkerDiedError from None
    del worker.outbox[:written]


def _stop(workers: list[_Worker]) -> None:
    """End and reap every worker, emptying `workers`: done or not, nothing a worker holds is worth
    finishing (a run stopped early does not wait for chunks it will never print). Ctrl-C is held
    back meanwhile; one that lands as the mask changes is taken after the rest is done."""
    interrupted = False
    while workers:
        try:
            with _ctrl_c_held():
                for worker in workers:
                    worker.close()
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(worker.pid, signal.SIGTERM)
                while workers:
                    # Off the list before it is reaped: a pid reaped is free for another process,
                    # which a second pass must never signal.
                    pid = workers.pop().pid
                    with contextlib.suppress(ChildProcessError):
                        os.waitpid(pid, 0)
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt
