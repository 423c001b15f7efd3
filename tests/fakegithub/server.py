"""The fake GitHub itself: a threaded HTTP/1.1 server on 127.0.0.1 that serialises request handling,
injects faults, stamps rate-limit headers and logs every request on the fake clock."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fakegithub import ratelimit, routes
from tests.fakegithub.clock import FakeClock
from tests.fakegithub.faults import Fault, Faults
from tests.fakegithub.log import LogEntry, RequestLog
from tests.fakegithub.payloads import Render
from tests.fakegithub.protocol import Request, Response
from tests.fakegithub.serving import ServedInThread
from tests.fakegithub.state import State


class FakeGitHub(ServedInThread):
    """`with FakeGitHub() as github:` ... `Github(base_url=github.url, ...)`.

    `prefix="/api/v3"` serves the API under a path, as GitHub Enterprise Server does; `tls` (a
    server context, `tests.fakegithub.tls`) serves it over HTTPS."""

    thread_name = "fake-github"

    def __init__(
        self, clock: FakeClock | None = None, *, prefix: str = "", tls: ssl.SSLContext | None = None
    ) -> None:
        super().__init__()
        self.clock = clock or FakeClock()
        self.prefix = prefix.rstrip("/")
        self.tls = tls
        self.state = State(self.clock)
        self.log = RequestLog()
        self.faults = Faults()
        self._in_flight = 0
        self._in_flight_lock = threading.Lock()
        self.errors: list[str] = []
        """Exceptions raised while handling requests: bugs in the fake, answered with a 500."""

    @property
    def url(self) -> str:
        host, port = self._address()
        scheme = "http" if self.tls is None else "https"
        return f"{scheme}://{host}:{port}{self.prefix}"

    def _server(self) -> _Server:
        server = _Server(("127.0.0.1", 0), type("BoundHandler", (_Handler,), {"fake": self}))
        server.tls = self.tls
        return server

    def serve(self, request: Request) -> tuple[Response | None, Fault | None]:
        """The response to send (None: drop the connection) and the fault that answered, whose
        `wait` the handler makes before sending it."""
        with self._in_flight_lock:
            overlapping = self._in_flight
            self._in_flight += 1
        arrived = self.clock.now()
        with self.state.lock:
            fault = self.faults.take(request.method, request.path, request.query)
            handled = self._handle(request, fault)
            response = self._with_fault(handled, fault, arrived)
            applied = handled is not None and handled.applied
            self.log.append(
                self._entry(
                    request, response, fault, arrived=arrived, overlapping=overlapping, applied=applied
                )
            )
        return response, fault

    def issue_json(self, repo: str, number: int) -> dict[str, Any]:
        """The issue as the REST API (and an `issues` event payload) shows it."""
        with self.state.lock:
            return Render(self.url, self.state).issue(repo, self.state.require_issue(repo, number))

    def finished(self) -> None:
        """Called just before the response goes out, so a serial client never looks concurrent."""
        with self._in_flight_lock:
            self._in_flight -= 1

    def _handle(self, request: Request, fault: Fault | None) -> Response | None:
        """Normal handling, unless a fault answers instead; a bug here becomes a 500 and is kept."""
        if fault is not None and not fault.handle_first:
            return None
        try:
            if fault is not None and fault.hook is not None:
                fault.hook(self.state)
            return routes.handle(request, self.state, Render(self.url, self.state))
        except Exception as error:
            self.errors.append(f"{request.method} {request.raw_path}: {traceback.format_exc()}")
            return Response(500, {"message": f"fake GitHub bug: {error!r}"})

    def _with_fault(self, handled: Response | None, fault: Fault | None, arrived: float) -> Response | None:
        response = handled if fault is None else fault.outcome(handled, arrived, self.state.rate.limit)
        if response is not None:
            response.headers = ratelimit.headers(self.state.rate) | response.headers
        return response

    def _entry(
        self,
        request: Request,
        response: Response | None,
        fault: Fault | None,
        *,
        arrived: float,
        overlapping: int,
        applied: bool,
    ) -> LogEntry:
        user = self.state.user_by_token(request.headers.get("authorization", "").partition(" ")[2].strip())
        return LogEntry(
            method=request.method,
            path=request.path,
            raw_path=request.raw_path,
            query=request.query,
            body=None if request.body is routes.INVALID_JSON else request.body,
            status=None if response is None else response.status,
            time=arrived,
            user=None if user is None else user.login,
            applied=applied,
            fault=None if fault is None else fault.kind,
            overlapping=overlapping,
            headers=request.headers,
        )


class _Server(ThreadingHTTPServer):
    """Over HTTPS with `tls`: each connection's handshake is made in its own thread."""

    tls: ssl.SSLContext | None = None

    def finish_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        if self.tls is None or not isinstance(request, socket.socket):
            super().finish_request(request, client_address)
            return
        try:
            secured = self.tls.wrap_socket(request, server_side=True)
        except OSError:  # ssl.SSLError too: the client refused the certificate, nothing to answer
            return
        try:
            super().finish_request(secured, client_address)
        finally:
            self.shutdown_request(secured)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    """Headers and body go out in two writes: with Nagle on, the body waits ~40 ms for an ACK."""
    fake: FakeGitHub

    def do_GET(self) -> None:
        response, fault = self.fake.serve(self._read_request(self.fake.prefix))
        if fault is not None:
            fault.wait()
        self.fake.finished()
        if response is None:
            self.close_connection = True
            return
        self._send(response)

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET  # noqa: N815 (the names BaseHTTPRequestHandler dispatches to)

    def _read_request(self, prefix: str) -> Request:
        """The request with `prefix` taken off its path (a path outside the prefix will find no route)."""
        parts = urlsplit(self.path)
        path = parts.path.removeprefix(prefix) if parts.path.startswith(prefix + "/") else "/-" + parts.path
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        return Request(
            method=self.command,
            path=unquote(path),
            raw_path=path,
            query_pairs=parse_qsl(parts.query, keep_blank_values=True),
            body=_parse_json(raw),
            headers={name.lower(): value for name, value in self.headers.items()},
        )

    def _send(self, response: Response) -> None:
        raw = isinstance(response.body, bytes)
        payload = _payload(response.body)
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if payload and not raw:
                self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a `slow` fault)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence: the request log is the record."""


def _payload(body: Any) -> bytes:
    """A response's body as sent: bytes as they are, anything else as JSON (None: empty)."""
    if isinstance(body, bytes):
        return body
    return b"" if body is None else json.dumps(body).encode()


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return routes.INVALID_JSON
