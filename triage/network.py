"""What a request that got no answer met, in a few words that name the host: the connection refused,
the host name not found, no answer in time, the connection dropped, a proxy that failed, a TLS
certificate not trusted.

Pure: `triage.github` hands over the exception requests raised, the host it was sent to and the
proxy it went through (read from the environment there). requests wraps the cause a few levels
deep (urllib3's `MaxRetryError` and `NewConnectionError`, then the socket's own error), so the
chain is searched for it.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import urllib.parse
from collections.abc import Iterator
from typing import Literal

import requests

_DROPPED = (ConnectionResetError, http.client.RemoteDisconnected, http.client.IncompleteRead)
"""A connection made, then closed (or reset) before the whole answer came."""
_TUNNEL_REFUSED_FOR_CREDENTIALS = re.compile(r"Tunnel connection failed: 407\b")
"""http.client's error when a proxy answers the `CONNECT` of an `https://` URL's tunnel with 407."""
_CHAIN_DEPTH = 12
"""Enough for requests' wrapping (five levels at most), bounded whatever an exception holds."""


def describe_failure(error: BaseException, host: str, proxy: str | None = None) -> str:
    """Why `error` left a request to `host` (`name` or `name:port`) without an answer; `proxy`
    (`name:port`): the proxy it went through, if any."""
    causes = tuple(_chain(error))
    reason = untrusted_certificate(error)
    if reason is not None:
        return f"the TLS certificate of {host} is not trusted ({reason})"
    if proxy is not None and isinstance(error, requests.exceptions.ProxyError):
        return f"the proxy {proxy} failed ({_proxy_detail(causes)})"
    return _connection_failure(error, causes, host)


def _connection_failure(error: BaseException, causes: tuple[BaseException, ...], host: str) -> str:
    """What a connection to `host` itself met."""
    if _found(causes, socket.gaierror):
        return f"the host name {host.rpartition(':')[0] or host} was not found"
    if _found(causes, ConnectionRefusedError):
        return f"{host} refused the connection"
    if isinstance(error, requests.Timeout) or _found(causes, TimeoutError):
        return f"{host} did not answer in time"
    if _found(causes, *_DROPPED) or isinstance(error, requests.exceptions.ChunkedEncodingError):
        return f"{host} closed the connection before answering"
    return f"{type(error).__name__} from {host}"


def never_sent(error: BaseException) -> bool:
    """Whether `error` certainly came before the request reached the server: no connection made
    (refused, host name not found, no connection in time), a proxy that failed, or a certificate
    not trusted. Anything else (a connection dropped, a read timed out) may come after GitHub did
    what was asked."""
    if isinstance(error, (requests.exceptions.ConnectTimeout, requests.exceptions.ProxyError)):
        return True
    causes = tuple(_chain(error))
    return _found(causes, ConnectionRefusedError, socket.gaierror) or untrusted_certificate(error) is not None


def untrusted_certificate(error: BaseException) -> str | None:
    """Why the server's TLS certificate failed verification (`unable to get local issuer
    certificate`, `certificate has expired`, a host name it is not for), if that is what `error`
    met: every attempt would meet it again."""
    failed = _verification(error)
    return None if failed is None else str(getattr(failed, "verify_message", None) or failed)


def proxy_wants_credentials(error: BaseException) -> bool:
    """Whether the proxy answered the tunnel to the host 407 (Proxy Authentication Required): it
    wants credentials the run did not give it, or others than those given, which every attempt would
    send again."""
    if not isinstance(error, requests.exceptions.ProxyError):
        return False
    return any(
        isinstance(cause, OSError) and _TUNNEL_REFUSED_FOR_CREDENTIALS.match(str(cause)) is not None
        for cause in _chain(error)
    )


CertificateFault = Literal["authority", "host", "dates"]

_HOSTNAME_MISMATCH = 62
_OUT_OF_DATE = (9, 10)
"""OpenSSL's verification codes (`X509_V_ERR_*`): the certificate names another host; it is not valid
yet, or no longer."""


def certificate_fault(error: BaseException) -> CertificateFault | None:
    """What is wrong with the certificate `untrusted_certificate` names: `host`, it is not issued for
    the host asked; `dates`, it has expired or is not valid yet; else `authority`, no authority the
    runner trusts signed it (the one a bundle of authorities, `REQUESTS_CA_BUNDLE`, fixes)."""
    failed = _verification(error)
    if failed is None:
        return None
    code = getattr(failed, "verify_code", None)
    if code == _HOSTNAME_MISMATCH:
        return "host"
    return "dates" if code in _OUT_OF_DATE else "authority"


def _verification(error: BaseException) -> ssl.SSLCertVerificationError | None:
    return next((cause for cause in _chain(error) if isinstance(cause, ssl.SSLCertVerificationError)), None)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_of(url: str) -> str:
    """`name`, or `name:port` for a port other than the scheme's own; no user or password."""
    parts = urllib.parse.urlsplit(url)
    name, port = parts.hostname or "", port_of(url)
    return name if port is None or port == _DEFAULT_PORTS.get(parts.scheme) else f"{name}:{port}"


def port_of(url: str) -> int | None:
    """The port a request to `url` goes to: its own, else its scheme's (443 for https, 80 for http);
    None for a port that is no number in range, or for another scheme without one."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    return port if port is not None else _DEFAULT_PORTS.get(parts.scheme.lower())


def _chain(error: BaseException) -> Iterator[BaseException]:
    """`error` and what it wraps: its `reason` (urllib3), exceptions among its `args`, its cause and
    context, breadth first."""
    seen: set[int] = set()
    queue = [error]
    while queue and len(seen) < _CHAIN_DEPTH:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        wrapped = [reason, *current.args, current.__cause__, current.__context__]
        queue.extend(item for item in wrapped if isinstance(item, BaseException))


def _found(causes: tuple[BaseException, ...], *kinds: type[BaseException]) -> bool:
    return any(isinstance(cause, kinds) for cause in causes)


def _proxy_detail(causes: tuple[BaseException, ...]) -> str:
    """The innermost error's words (`connection refused`, `Tunnel connection failed: 407 Proxy
    Authentication Required`)."""
    if _found(causes, ConnectionRefusedError):
        return "connection refused"
    if _found(causes, socket.gaierror):
        return "its host name was not found"
    innermost = causes[-1]
    return str(innermost) or type(innermost).__name__
