"""A local HTTP server serving in a daemon thread of its own, as the fake GitHub does and the tests'
proxy (`tests/proxy.py`) too."""

from __future__ import annotations

import abc
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Self

POLL_SECONDS = 0.01
"""How often the serving loop checks for `stop()`: the default 0.5 s would add that much to every test."""


class ServedInThread(abc.ABC):
    """`start()` serves the requests of `_server()` (bound to 127.0.0.1, on a free port) in a daemon
    thread named `thread_name`; `stop()` shuts it down and closes its socket; `with` does both."""

    thread_name = "server"

    def __init__(self) -> None:
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @abc.abstractmethod
    def _server(self) -> ThreadingHTTPServer:
        """A new server on `("127.0.0.1", 0)`, its handler bound to this object."""

    def _address(self) -> tuple[str, int]:
        """The host and port it serves on."""
        if self._httpd is None:
            raise RuntimeError(f"the {self.thread_name} server is not started")
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    def start(self) -> Self:
        self._httpd = self._server()
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(POLL_SECONDS,), name=self.thread_name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
