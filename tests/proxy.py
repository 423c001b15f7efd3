"""An HTTP proxy on 127.0.0.1, as a company network puts between a runner and GitHub: it forwards a
request for an `http://` URL (sent to it whole, `GET http://host/path`) and tunnels one for an
`https://` URL (`CONNECT host:port`, then TLS end to end), and logs which it carried.

`with Proxy() as proxy:` ... `HTTPS_PROXY=proxy.url`. With `credentials`, a request without the
matching `Proxy-Authorization` is answered 407, as a proxy that wants its users known does.
"""

from __future__ import annotations

import base64
import http.client
import selectors
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakegithub.serving import ServedInThread

_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te"})
_TUNNEL_CHUNK = 65536


class Proxy(ServedInThread):
    thread_name = "proxy"

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.credentials = credentials
        self.carried: list[str] = []
        """What it carried, in order: `CONNECT host:port` for a tunnel, `METHOD URL` for a request."""
        self.refused = 0
        """Requests answered 407 for want of credentials."""
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self._address()
        return f"http://{host}:{port}"

    def _server(self) -> ThreadingHTTPServer:
        return ThreadingHTTPServer(("127.0.0.1", 0), type("BoundProxyHandler", (_Handler,), {"proxy": self}))

    def admits(self, authorization: str | None) -> bool:
        """Whether a request with this `Proxy-Authorization` may pass (each refusal is counted)."""
        if self.credentials is None:
            return True
        expected = "Basic " + base64.b64encode(":".join(self.credentials).encode()).decode()
        if authorization == expected:
            return True
        with self._lock:
            self.refused += 1
        return False

    def record(self, carried: str) -> None:
        with self._lock:
            self.carried.append(carried)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    proxy: Proxy

    def do_CONNECT(self) -> None:
        if not self._admitted():
            return
        host, _, port = self.path.rpartition(":")
        self.proxy.record(f"CONNECT {self.path}")
        with socket.create_connection((host, int(port)), timeout=5) as upstream:
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            _tunnel(self.connection, upstream)
        self.close_connection = True

    def do_GET(self) -> None:
        if not self._admitted():
            return
        target = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        self.proxy.record(f"{self.command} {self.path}")
        headers = {name: value for name, value in self.headers.items() if name.lower() not in _HOP_BY_HOP}
        upstream = http.client.HTTPConnection(target.hostname or "", target.port or 80, timeout=5)
        try:
            path = target.path + (f"?{target.query}" if target.query else "")
            upstream.request(self.command, path, body, headers)
            answer = upstream.getresponse()
            payload = answer.read()
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in (*_HOP_BY_HOP, "content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        finally:
            upstream.close()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET  # noqa: N815 (the names BaseHTTPRequestHandler dispatches to)

    def _admitted(self) -> bool:
        if self.proxy.admits(self.headers.get("proxy-authorization")):
            return True
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(407, "Proxy Authentication Required")
        self.send_header("Proxy-Authenticate", 'Basic realm="corp"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def log_message(self, format: str, *args: object) -> None:
        """Silence: `Proxy.carried` is the record."""


def _tunnel(client: socket.socket, upstream: socket.socket) -> None:
    """Bytes both ways until either side closes."""
    with selectors.DefaultSelector() as selector:
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        while True:
            for key, _ in selector.select(timeout=5):
                source = key.fileobj
                assert isinstance(source, socket.socket)
                data = source.recv(_TUNNEL_CHUNK)
                if not data:
                    return
                key.data.sendall(data)
