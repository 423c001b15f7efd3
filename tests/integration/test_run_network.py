"""What `triage run` says when the way to GitHub is wrong: an API URL that is not the API (GitHub
Enterprise Server's host without `/api/v3`), something else answering in GitHub's place (a proxy's
sign-in or block page), a host or a proxy that refuses the connection, a certificate the runner
does not trust. A line naming the host and GITHUB_API_URL, exit 1, and nothing more written."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakegithub import REPO, FakeClock, FakeGitHub, faults
from tests.fakegithub.tls import Authority, certificate_authority
from tests.integration.conftest import (
    K8S,
    TEAM,
    Result,
    Runner,
    add_managed_labels,
    enterprise_server,
    issue_payload,
    writes,
)
from tests.proxy import Proxy

PROXY_VARIABLES = [
    name
    for upper in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
    for name in (upper, upper.lower())
]
"""What requests reads to choose a proxy: cleared first by a test that sets one."""
NOT_THE_API = (
    "is not GitHub's API's: GITHUB_API_URL is {url}, which is not the API's own URL (https://api.github.com, "
    "or https://HOST/api/v3 on GitHub Enterprise Server), or a proxy answered in GitHub's place"
)


@pytest.mark.parametrize(
    ("fault", "answer"),
    [
        (faults.web_page(200), "200, text/html"),
        (faults.web_page(302, {"location": "https://ghe.example.com/login"}), "302, text/html, to "),
        (faults.web_page(404), "404, text/html"),
        (faults.web_page(407), "407, text/html"),
        (faults.status(407, b""), "407, empty"),
    ],
    ids=[
        "a page",
        "a redirect to a sign-in page",
        "a page not found",
        "a proxy asking for credentials",
        "an empty refusal",
    ],
)
def test_an_answer_that_is_not_the_apis_stops_an_event_run_before_any_other_write(
    github: FakeGitHub, run_triage: Runner, fault: faults.Fault, answer: str
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    github.faults.add("POST", r"/labels$", fault)
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    said = result.err.removeprefix(f"triage: POST /repos/{REPO}/issues/{number}/labels: the answer (")
    assert said.startswith(answer)
    assert said.endswith(f") {NOT_THE_API.format(url=github.url)}; no change was made to #{number}\n")
    assert "GITHUB_API_URL is" in run_triage.summary()
    assert writes(github) == [f"POST /repos/{REPO}/issues/{number}/labels"]
    assert github.state.issue(REPO, number).labels == []


def test_a_page_answering_one_issues_write_in_a_batch_fails_that_issue_and_the_batch_goes_on(
    github: FakeGitHub, run_triage: Runner
) -> None:
    """A proxy answering some requests alone (a block page for one body) is met by one issue: the
    rest are triaged, as after GitHub refusing that issue."""
    add_managed_labels(github)
    first = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    second = github.state.add_issue(REPO, "kubectl logs fails", "Kubernetes")
    github.faults.add("POST", rf"/issues/{first}/labels$", faults.web_page(403))
    result = run_triage(payload={"inputs": {}, "sender": {"login": "alice"}})
    assert result.code == 1
    assert f"#{first} failed: POST /repos/{REPO}/issues/{first}/labels: the answer (403, text/html) " in (
        result.out
    )
    assert github.state.issue(REPO, second).labels == [TEAM, K8S]


def elsewhere_than(github: FakeGitHub, place: str) -> str:
    """The fake's address under another scheme, or at another (closed) port of its host."""
    if place == "scheme":
        return f"https://{github.url.removeprefix('http://')}"
    return f"http://127.0.0.1:{closed_port()}"


@pytest.mark.parametrize("place", ["scheme", "port"])
@pytest.mark.parametrize("status", [307, 308])
def test_a_redirect_to_another_scheme_or_port_is_not_taken_for_a_moved_issue(
    github: FakeGitHub, run_triage: Runner, status: int, place: str
) -> None:
    """GitHub moves a write with a 307 or 308 within its API (a renamed repository); one to `https://`
    for an `http://` GITHUB_API_URL, to another host, or to another port of the host (a web server in
    front sending the request on to its own port), comes from a server or a proxy in front of it, and
    says nothing of the issue: skipping it as transferred would end the run with nothing done."""
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    location = f"{elsewhere_than(github, place)}/repos/{REPO}/issues/{number}/labels"
    github.faults.add("POST", r"/labels$", faults.web_page(status, {"location": location}))
    result = run_triage(event_name="issues", payload=issue_payload(github, number))
    assert result.code == 1
    assert result.err == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: the answer ({status}, text/html, to {location}) "
        f"{NOT_THE_API.format(url=github.url)}; no change was made to #{number}\n"
    )
    assert writes(github) == [f"POST /repos/{REPO}/issues/{number}/labels"]


def test_an_enterprise_server_url_without_its_api_path_stops_a_batch_at_the_listing(
    clock: FakeClock, run_triage: Runner
) -> None:
    """`https://HOST` for `https://HOST/api/v3`: the server sends what is not its API to sign in."""
    with enterprise_server(clock) as enterprise:
        enterprise.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
        host = enterprise.url.removesuffix("/api/v3")
        sign_in = faults.web_page(302, {"location": f"{host}/login"})
        enterprise.faults.add("GET", r"^/-/", sign_in, times=None)
        result = run_triage(payload={"inputs": {}, "sender": {"login": "alice"}}, GITHUB_API_URL=host)
        assert result.code == 1
        assert result.err == (
            f"triage: listing the open issues: GET /repos/{REPO}/issues: the answer (302, text/html, to "
            f"{host}/login) {NOT_THE_API.format(url=host)}\n"
        )
        assert enterprise.log.summary() == [f"GET /-/repos/{REPO}/issues -> 302"]


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_host_that_refuses_the_connection_is_named_once_the_attempts_are_spent(
    github: FakeGitHub, run_triage: Runner
) -> None:
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    nowhere = f"127.0.0.1:{closed_port()}"
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number), GITHUB_API_URL=f"http://{nowhere}/api/v3"
    )
    assert result.code == 1
    *retries, said = result.err.splitlines()
    assert len(retries) == 4
    assert all(f"failed ({nowhere} refused the connection); retrying" in line for line in retries)
    assert said == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: no answer from GitHub after 5 attempts "
        f"({nowhere} refused the connection); GITHUB_API_URL is http://{nowhere}/api/v3; "
        f"no change was made to #{number}"
    )


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_a_proxy_that_refuses_the_connection_is_named_not_github(
    github: FakeGitHub, run_triage: Runner, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    proxy = f"127.0.0.1:{closed_port()}"
    result = run_triage(
        event_name="issues", payload=issue_payload(github, number), **{variable: f"http://{proxy}"}
    )
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: no answer from GitHub after 5 attempts "
        f"(the proxy {proxy} failed (connection refused)); GITHUB_API_URL is {github.url}; "
        f"no change was made to #{number}"
    )
    assert len(github.log) == 0


@pytest.fixture
def authority(tmp_path: Path, request: pytest.FixtureRequest) -> Authority:
    """The company's own authority; a test's indirect parameter `"expired"` has the server's
    certificate it signed expired."""
    return certificate_authority(tmp_path, expired=getattr(request, "param", "") == "expired")


@pytest.fixture
def enterprise_over_tls(
    clock: FakeClock, authority: Authority, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeGitHub]:
    """A GitHub Enterprise Server whose certificate the company's own authority signed, which the
    runner does not trust until told to."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", *PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    with enterprise_server(clock, tls=authority.server_context()) as server:
        yield server


def opened_on(server: FakeGitHub, run_triage: Runner, **env: str) -> tuple[int, Result]:
    """A Kubernetes issue opened on `server`, and the run of its `opened` event, with the server's
    URL as GITHUB_API_URL unless `env` gives another."""
    number = server.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(server, number)
    return number, run_triage(event_name="issues", payload=payload, **{"GITHUB_API_URL": server.url, **env})


def untrusted(server: FakeGitHub, number: int) -> tuple[str, str]:
    """The start and the end of the one line an untrusted certificate stops an event run with."""
    host = server.url.removeprefix("https://").removesuffix("/api/v3")
    return (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: the TLS certificate of {host} is not trusted (",
        "): if a certificate authority of your own signed it (a GitHub Enterprise Server's, or a proxy's "
        "that inspects TLS), set REQUESTS_CA_BUNDLE to a file holding its certificate (PEM); GITHUB_API_URL "
        f"is {server.url}; no change was made to #{number}\n",
    )


def test_an_untrusted_certificate_stops_the_run_at_once_naming_the_host_and_what_to_set(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, clock: FakeClock
) -> None:
    """Retrying would meet the same certificate: no attempt reaches the server, none is repeated."""
    number, result = opened_on(enterprise_over_tls, run_triage)
    assert result.code == 1
    start, end = untrusted(enterprise_over_tls, number)
    assert result.err.startswith(start)
    assert result.err.endswith(end)
    assert len(result.err.splitlines()) == 1
    assert (len(enterprise_over_tls.log), clock.sleeps) == (0, [])


def test_a_certificate_for_another_host_name_is_told_to_name_that_host_not_a_bundle(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority
) -> None:
    """A host name of the server's the certificate does not name (`https://ghe/api/v3` for one issued
    to `ghe.example.com`): the authority is trusted already, and REQUESTS_CA_BUNDLE cannot help."""
    alias = enterprise_over_tls.url.replace("://127.0.0.1:", "://localhost:")
    number, result = opened_on(
        enterprise_over_tls, run_triage, GITHUB_API_URL=alias, REQUESTS_CA_BUNDLE=str(authority.ca_file)
    )
    assert result.code == 1
    host = alias.removeprefix("https://").removesuffix("/api/v3")
    assert result.err == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: the TLS certificate of {host} is not trusted "
        "(Hostname mismatch, certificate is not valid for 'localhost'.): it is not issued for that host "
        f"name: set GITHUB_API_URL to a host name it names; GITHUB_API_URL is {alias}; "
        f"no change was made to #{number}\n"
    )


@pytest.mark.parametrize("authority", ["expired"], indirect=True)
def test_an_expired_certificate_is_told_to_be_renewed_not_a_bundle(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority
) -> None:
    number, result = opened_on(enterprise_over_tls, run_triage, REQUESTS_CA_BUNDLE=str(authority.ca_file))
    assert result.code == 1
    assert (
        "is not trusted (certificate has expired): it has expired or is not valid yet: the server needs "
        "a certificate valid now (or the runner's clock is wrong); GITHUB_API_URL is "
        f"{enterprise_over_tls.url}; no change was made to #{number}\n"
    ) in result.err


def test_requests_ca_bundle_naming_the_authority_makes_the_server_trusted(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority
) -> None:
    number, result = opened_on(enterprise_over_tls, run_triage, REQUESTS_CA_BUNDLE=str(authority.ca_file))
    assert result.code == 0, result.err
    assert enterprise_over_tls.state.issue(REPO, number).labels == [TEAM, K8S]


def test_ssl_cert_file_is_not_read_and_the_stop_says_so(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority
) -> None:
    """requests trusts its own bundle (certifi's), or REQUESTS_CA_BUNDLE's; not OpenSSL's variable,
    which the pip of the action's install step does not read either."""
    number, result = opened_on(enterprise_over_tls, run_triage, SSL_CERT_FILE=str(authority.ca_file))
    assert result.code == 1
    assert result.err.startswith(untrusted(enterprise_over_tls, number)[0])
    assert (
        f"; SSL_CERT_FILE is set ({authority.ca_file}), but requests reads REQUESTS_CA_BUNDLE, not it: "
        "set REQUESTS_CA_BUNDLE to the same file; GITHUB_API_URL is "
    ) in result.err


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_bundle_without_the_signing_authority_is_named_as_the_file_to_mend(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, tmp_path: Path, variable: str
) -> None:
    """Telling someone who set the variable to set it would send them in a circle."""
    (tmp_path / "other").mkdir()
    other = certificate_authority(tmp_path / "other", "Another Corp Root CA")
    number, result = opened_on(enterprise_over_tls, run_triage, **{variable: str(other.ca_file)})
    assert result.code == 1
    assert result.err.startswith(untrusted(enterprise_over_tls, number)[0])
    assert (
        f"): no certificate authority of those {variable} names ({other.ca_file}) signed it: add the one "
        f"that did (PEM) there; GITHUB_API_URL is {enterprise_over_tls.url}; "
        f"no change was made to #{number}\n"
    ) in result.err


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_bundle_naming_no_file_stops_the_run_before_any_request(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, tmp_path: Path, variable: str
) -> None:
    """requests would fail each request with an OSError of its own (a crash, exit 3, before)."""
    missing = tmp_path / "company-ca.pem"
    _, result = opened_on(enterprise_over_tls, run_triage, **{variable: str(missing)})
    assert result.code == 1
    assert result.err == (
        f"triage: {variable} names {str(missing)!r}, which does not exist: name a PEM file of the "
        "certificate authorities to trust (or a folder of them), or unset it to trust requests' own\n"
    )
    assert len(enterprise_over_tls.log) == 0


def test_a_bundle_holding_no_certificate_stops_the_run_before_any_request(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, tmp_path: Path
) -> None:
    """Before, five attempts failed alike and the run said the labels might have been added."""
    bundle = tmp_path / "company-ca.crt"
    bundle.write_text("paste the certificate here\n")
    _, result = opened_on(enterprise_over_tls, run_triage, REQUESTS_CA_BUNDLE=str(bundle))
    assert result.code == 1
    assert result.err.startswith(
        f"triage: REQUESTS_CA_BUNDLE names {str(bundle)!r}, which holds no certificate OpenSSL can read ("
    )
    assert result.err.endswith("): name a PEM file of the certificate authorities to trust\n")
    assert len(enterprise_over_tls.log) == 0


def test_a_bundle_folder_is_left_to_openssl(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority
) -> None:
    """A folder of certificates is valid for requests; its files are read as they are needed (and
    this one holds no hashed names, so the server stays untrusted, said as for any bundle)."""
    _, result = opened_on(enterprise_over_tls, run_triage, REQUESTS_CA_BUNDLE=str(authority.ca_file.parent))
    assert result.code == 1
    assert (
        f"no certificate authority of those REQUESTS_CA_BUNDLE names ({authority.ca_file.parent}) signed"
        in result.err
    )


# --- through a proxy ---------------------------------------------------------------------------


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Proxy]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with Proxy() as started:
        yield started


def test_an_http_server_is_reached_through_http_proxy(
    github: FakeGitHub, run_triage: Runner, proxy: Proxy
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), HTTP_PROXY=proxy.url)
    assert result.code == 0, result.err
    assert proxy.carried == [
        f"POST {github.url}/repos/{REPO}/issues/{number}/labels",
        f"POST {github.url}/repos/{REPO}/issues/{number}/comments",
    ]
    assert github.state.issue(REPO, number).labels == [TEAM, K8S]


def test_an_https_server_is_reached_through_a_tunnel_of_https_proxy(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority, proxy: Proxy
) -> None:
    _, result = opened_on(
        enterprise_over_tls, run_triage, REQUESTS_CA_BUNDLE=str(authority.ca_file), HTTPS_PROXY=proxy.url
    )
    assert result.code == 0, result.err
    host = enterprise_over_tls.url.removeprefix("https://").removesuffix("/api/v3")
    assert set(proxy.carried) == {f"CONNECT {host}"}
    assert len(enterprise_over_tls.log.writes()) == 2


def test_no_proxy_sends_the_servers_requests_past_the_proxy(
    github: FakeGitHub, run_triage: Runner, proxy: Proxy
) -> None:
    add_managed_labels(github)
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    payload = issue_payload(github, number)
    result = run_triage(event_name="issues", payload=payload, HTTP_PROXY=proxy.url, NO_PROXY="127.0.0.1")
    assert result.code == 0, result.err
    assert (proxy.carried, len(github.log.writes())) == ([], 2)


def test_a_proxy_that_wants_credentials_takes_those_in_its_url(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority, proxy: Proxy
) -> None:
    proxy.credentials = ("runner", "s3cret")
    _, result = opened_on(
        enterprise_over_tls,
        run_triage,
        REQUESTS_CA_BUNDLE=str(authority.ca_file),
        HTTPS_PROXY=proxy.url.replace("://", "://runner:s3cret@"),
    )
    assert result.code == 0, result.err
    assert proxy.refused == 0


def test_a_proxy_that_wants_credentials_it_was_not_given_stops_the_run_at_once_naming_what_to_set(
    enterprise_over_tls: FakeGitHub, run_triage: Runner, authority: Authority, proxy: Proxy, clock: FakeClock
) -> None:
    """Its 407 to the tunnel's CONNECT would answer every attempt alike, as the run sends the same
    credentials (or none) each time: it is not retried, and the credentials given are not shown."""
    proxy.credentials = ("runner", "s3cret")
    number, result = opened_on(
        enterprise_over_tls,
        run_triage,
        REQUESTS_CA_BUNDLE=str(authority.ca_file),
        HTTPS_PROXY=proxy.url.replace("://", "://runner:n0t-1t@"),
    )
    assert result.code == 1
    assert result.err == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: the proxy {proxy.url.removeprefix('http://')} "
        "failed (Tunnel connection failed: 407 Proxy Authentication Required): it wants credentials, which "
        "this run gave it wrong or not at all: give them in the proxy's URL (HTTPS_PROXY, https_proxy or "
        "ALL_PROXY, whichever names it), http://USER:PASSWORD@HOST:PORT (a reserved character in them "
        "percent-encoded, `@` as %40); "
        f"GITHUB_API_URL is {enterprise_over_tls.url}; no change was made to #{number}\n"
    )
    assert "n0t-1t" not in result.err
    assert (proxy.refused, len(enterprise_over_tls.log), clock.sleeps) == (1, 0, [])


def test_an_http_proxy_that_wants_credentials_is_an_answer_not_githubs(
    github: FakeGitHub, run_triage: Runner, proxy: Proxy
) -> None:
    """For an `http://` URL the proxy answers the request itself: its 407 is no answer of the API's."""
    proxy.credentials = ("runner", "s3cret")
    number = github.state.add_issue(REPO, "kubectl apply fails", "Kubernetes")
    result = run_triage(event_name="issues", payload=issue_payload(github, number), HTTP_PROXY=proxy.url)
    assert result.code == 1
    assert result.err == (
        f"triage: POST /repos/{REPO}/issues/{number}/labels: the answer (407, empty) "
        f"{NOT_THE_API.format(url=github.url)}; no change was made to #{number}\n"
    )
    assert (proxy.refused, len(github.log)) == (1, 0)
