"""The few words a request that got no answer ends with: which host, and what it met. requests
wraps the cause in urllib3's errors; these chains are shaped as it builds them."""

from __future__ import annotations

import http.client
import socket
import ssl
from itertools import pairwise

import pytest
import requests

from triage.network import (
    certificate_fault,
    describe_failure,
    host_of,
    never_sent,
    port_of,
    proxy_wants_credentials,
    untrusted_certificate,
)


def wrapped(outer: requests.RequestException, *causes: BaseException) -> requests.RequestException:
    """`outer`, raised from the first of `causes`, each raised from the next."""
    for inner, cause in pairwise(causes):
        inner.__cause__ = cause
    outer.__cause__ = causes[0]
    return outer


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            wrapped(
                requests.ConnectionError("Max retries"), OSError("Failed to resolve"), socket.gaierror(-2)
            ),
            "the host name ghe.example.com was not found",
        ),
        (
            wrapped(requests.ConnectionError("Max retries"), ConnectionRefusedError(111, "refused")),
            "ghe.example.com:8443 refused the connection",
        ),
        (requests.exceptions.ReadTimeout("Read timed out"), "ghe.example.com:8443 did not answer in time"),
        (
            wrapped(requests.ConnectionError("Connection aborted"), TimeoutError("timed out")),
            "ghe.example.com:8443 did not answer in time",
        ),
        (
            requests.ConnectionError(
                "Connection aborted", http.client.RemoteDisconnected("Remote end closed connection")
            ),
            "ghe.example.com:8443 closed the connection before answering",
        ),
        (
            requests.exceptions.ChunkedEncodingError("IncompleteRead"),
            "ghe.example.com:8443 closed the connection before answering",
        ),
        (requests.ConnectionError("something else"), "ConnectionError from ghe.example.com:8443"),
    ],
    ids=["name not found", "refused", "read timeout", "timed out", "dropped", "cut short", "other"],
)
def test_a_failure_names_the_host_and_what_it_met(error: BaseException, said: str) -> None:
    assert describe_failure(error, "ghe.example.com:8443") == said


def test_an_untrusted_certificate_is_named_with_why_whatever_wraps_it() -> None:
    untrusted = ssl.SSLCertVerificationError(1, "certificate verify failed")
    untrusted.verify_message = "unable to get local issuer certificate"
    error = wrapped(requests.exceptions.SSLError("Max retries"), ssl.SSLError(1, "wrapped"), untrusted)
    assert untrusted_certificate(error) == "unable to get local issuer certificate"
    assert describe_failure(error, "ghe.example.com", proxy="proxy.corp:3128") == (
        "the TLS certificate of ghe.example.com is not trusted (unable to get local issuer certificate)"
    )


@pytest.mark.parametrize(
    ("code", "fault"),
    [(20, "authority"), (19, "authority"), (18, "authority"), (62, "host"), (10, "dates"), (9, "dates")],
    ids=[
        "no local issuer",
        "self-signed in chain",
        "self-signed",
        "another host",
        "expired",
        "not yet valid",
    ],
)
def test_a_certificate_failure_is_told_apart_by_what_would_fix_it(code: int, fault: str) -> None:
    """Only a certificate no trusted authority signed is fixed by a bundle of authorities."""
    failed = ssl.SSLCertVerificationError(1, "certificate verify failed")
    failed.verify_code = code
    error = wrapped(requests.exceptions.SSLError("Max retries"), ssl.SSLError(1, "wrapped"), failed)
    assert certificate_fault(error) == fault


def test_a_tls_failure_other_than_the_certificate_is_not_called_untrusted() -> None:
    error = wrapped(requests.exceptions.SSLError("Max retries"), ssl.SSLEOFError(8, "EOF occurred"))
    assert (untrusted_certificate(error), certificate_fault(error)) == (None, None)


@pytest.mark.parametrize(
    ("cause", "detail"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "connection refused"),
        (socket.gaierror(-2, "Name or service not known"), "its host name was not found"),
        (
            OSError("Tunnel connection failed: 407 Proxy Authentication Required"),
            "Tunnel connection failed: 407 Proxy Authentication Required",
        ),
    ],
    ids=["refused", "not found", "asks for credentials"],
)
def test_a_proxy_that_failed_is_named_rather_than_the_host(cause: BaseException, detail: str) -> None:
    error = wrapped(requests.exceptions.ProxyError("Unable to connect to proxy"), cause)
    said = describe_failure(error, "ghe.example.com", proxy="proxy.corp:3128")
    assert said == f"the proxy proxy.corp:3128 failed ({detail})"


@pytest.mark.parametrize(
    ("error", "wants"),
    [
        (
            wrapped(
                requests.exceptions.ProxyError("Unable to connect to proxy"),
                OSError("Tunnel connection failed: 407 Proxy Authentication Required"),
            ),
            True,
        ),
        (
            wrapped(
                requests.exceptions.ProxyError("Unable to connect to proxy"),
                OSError("Tunnel connection failed: 403 Forbidden"),
            ),
            False,
        ),
        (
            wrapped(
                requests.exceptions.ProxyError("Unable to connect to proxy"),
                ConnectionRefusedError(111, "Connection refused"),
            ),
            False,
        ),
        (
            wrapped(
                requests.ConnectionError("Max retries"),
                OSError("Tunnel connection failed: 407 Proxy Authentication Required"),
            ),
            False,
        ),
    ],
    ids=["407 to the tunnel", "403 to the tunnel", "proxy refused", "not through a proxy"],
)
def test_a_proxy_wants_credentials_only_when_it_answered_the_tunnel_407(
    error: BaseException, wants: bool
) -> None:
    """Its answer is the one every attempt with the same credentials would get; a refusal of the
    host asked (403), or a proxy not listening, may be someone else's to change."""
    assert proxy_wants_credentials(error) is wants


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://ghe.example.com/api/v3/repos/o/r", "ghe.example.com"),
        ("https://ghe.example.com:443/api/v3", "ghe.example.com"),
        ("http://ghe.example.com:80/api/v3", "ghe.example.com"),
        ("https://ghe.example.com:8443/api/v3", "ghe.example.com:8443"),
        ("http://user:secret@proxy.corp:3128", "proxy.corp:3128"),
    ],
)
def test_a_host_is_named_with_a_port_of_its_own_and_never_a_password(url: str, host: str) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("https://api.github.com/repos/o/r", 443),
        ("https://ghe.example.com:443/api/v3", 443),
        ("http://ghe.example.com/api/v3", 80),
        ("HTTP://ghe.example.com/api/v3", 80),
        ("https://ghe.example.com:8443/api/v3", 8443),
        ("https://ghe.example.com:99999/api/v3", None),
        ("ftp://ghe.example.com/", None),
    ],
)
def test_a_url_goes_to_its_own_port_else_its_schemes(url: str, port: int | None) -> None:
    assert port_of(url) == port


@pytest.mark.parametrize(
    "error",
    [
        wrapped(requests.ConnectionError("Max retries"), OSError("Failed to resolve"), socket.gaierror(-2)),
        wrapped(requests.ConnectionError("Max retries"), ConnectionRefusedError(111, "refused")),
        requests.exceptions.ConnectTimeout("Connection timed out"),
        requests.exceptions.ProxyError("Unable to connect to proxy"),
        wrapped(
            requests.exceptions.SSLError("Max retries"),
            ssl.SSLCertVerificationError(1, "certificate verify failed"),
        ),
    ],
    ids=["name not found", "refused", "connect timeout", "proxy", "untrusted certificate"],
)
def test_a_failure_before_the_request_left_is_known_never_sent(error: BaseException) -> None:
    assert never_sent(error)


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ReadTimeout("Read timed out"),
        requests.ConnectionError("Connection aborted", http.client.RemoteDisconnected("closed")),
        requests.exceptions.ChunkedEncodingError("IncompleteRead"),
    ],
    ids=["read timeout", "dropped", "cut short"],
)
def test_a_failure_after_the_request_may_have_left_is_not_known_never_sent(error: BaseException) -> None:
    assert not never_sent(error)
