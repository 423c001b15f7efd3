"""The one module that talks to GitHub: PyGithub for HTTP, tenacity as the only retry layer.

PyGithub is built with `retry=None` (its default retry re-sends POSTs, which duplicates
comments) and with its own throttling off: writes are paced here through an injected clock so
tests never sleep. Every request is one tenacity-retried operation; list endpoints are paged by
hand so that a failed page is retried alone instead of restarting the listing. Results leave
this module as `triage.model` / `triage.wire` values, never as PyGithub objects.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import random
import re
import ssl
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import github
import requests
import tenacity
from github import GithubException

from triage import wire
from triage.backoff import (
    RetryPolicy,
    SystemTime,
    Timekeeper,
    VirtualClock,
    WaitBudget,
    WritePacer,
    minute_not_before,
    primary_reserve,
    rate_limit_wait,
    transient_wait,
    write_reserve,
)
from triage.errors import GitHubError, TriageError
from triage.model import Comment, Label
from triage.network import (
    CertificateFault,
    certificate_fault,
    describe_failure,
    host_of,
    never_sent,
    port_of,
    proxy_wants_credentials,
    untrusted_certificate,
)
from triage.refusal import RequestRefusedError, final_error, github_message

T = TypeVar("T")

DEFAULT_API_URL = "https://api.github.com"
"""Where requests go when `GITHUB_API_URL` is not set (GitHub Enterprise sets it)."""
DEFAULT_TIMEKEEPER: Timekeeper = SystemTime()
"""Test hook: the clock `connect` uses when none is passed (in-process tests put a FakeClock here)."""
VIRTUAL_CLOCK_ENV = "TRIAGE_VIRTUAL_CLOCK"
"""Test hook for subprocesses: a start time in epoch seconds puts the run on a `VirtualClock`."""

PACING_WITHOUT_BUDGET = 60.0
"""Pacing waits up to a minute (the per-minute window) are routine; longer ones spend the wait budget."""

_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*/(?!\.+$)[A-Za-z0-9_.-]+")
"""An account (letters, digits, `-`; `_` in enterprise-managed names) and a repository name other
than `.` or `..`: the pair goes into every request's path, so nothing else may get through."""
_TOKEN = re.compile(r"[!-~]+")
"""Printable ASCII without spaces, as every kind of GitHub token is."""
_NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
_ISSUE_PATH = re.compile(r"/repos/([^/]+/[^/]+)/issues/(\d+)")
"""An issue's path (or the start of one of its sub-resources), by repository name: `owner/name`, number."""
_MOVED_BY_ID = re.compile(r"/repositories/(\d+)/issues/(\d+)")
_LABEL_REPOSITORY = re.compile(r"/repos/([^/]+/[^/]+)/labels/")
"""The repository a listed label's `url` names."""
_FOLLOWING = re.compile(r"Following Github server redirection from (\S+) to (\S+)")
_ELSEWHERE = re.compile(
    r"Github server redirected (from .+?), please correct|but server redirected (to \S+), you may"
)
"""PyGithub's RuntimeError for a 301 it will not follow: to another scheme or host (or the same path)."""
_WRITING = threading.local()
"""`active` while this thread sends a write (`GitHubClient._write`)."""
_SENDING = threading.local()
"""`port`: the port of the API this thread sends a request to (`GitHubClient._to_the_api`), which
PyGithub's log of a response leaves out."""


class IssueMovedError(Exception):
    """GitHub answered a write with a redirect: a 301 to an issue's write (the issue was
    transferred, or its repository renamed), or a 307 or 308 to any write (GitHub's answer to a
    write under a repository's former name). `new_place` says where, as well as the redirect does
    (`owner/name as #N`, or a repository id when GitHub points at `/repositories/ID/...`, as it
    does); `status` is the redirect's."""

    def __init__(self, new_place: str, status: int = 301) -> None:
        super().__init__(new_place)
        self.new_place = new_place
        self.status = status


class NotTheApiError(Exception):
    """An answer GitHub's REST API never gives (`answer` says what came: `302, text/html, to URL`):
    a page or another body that is not JSON, an empty refusal, a redirect other than a 301, 307 or
    308. PyGithub would read a page answering a write with 200 as the write done, and one answering
    a read as the data, which no field of is there."""

    def __init__(self, answer: str) -> None:
        super().__init__(answer)
        self.answer = answer


def _place(path: str) -> str:
    by_name, by_id = _ISSUE_PATH.search(path), _MOVED_BY_ID.search(path)
    if by_name is not None:
        return f"{by_name.group(1)} as #{by_name.group(2)}"
    if by_id is not None:
        return f"the repository with id {by_id.group(1)} as #{by_id.group(2)}"
    return path


class _MisreadAnswerStop(logging.Filter):
    """Stops a request at an answer PyGithub would misread: a write GitHub redirects (PyGithub
    following a 301 of a write to an issue, and taking a 307 or 308 for a success), and any answer
    that is not the API's (`NotTheApiError`), which PyGithub would take for a success too.

    PyGithub follows a 301 with the same verb and body, so a label POST or a comment meant for an
    issue transferred to another repository would land there, under rules that are not ours to
    apply. It has no option against that, but it logs the redirect (INFO, logger
    `github.Requester`) just before following it: raising from this filter stops it there, in the
    requesting thread. A 307 or 308 (GitHub's answer to a write under a repository's former name)
    it does not follow but returns as if it were the answer, the write not done: it logs every
    response (DEBUG, with the status), and this filter raises on those too. Reads still follow
    (`read_issue` then names the new repository), and so does a 301 outside an issue's paths.
    The records this filter reads go on to a handler only if the `github` logger above
    (PyGithub's `github.set_log_level`, or the root's level) asks for DEBUG as the record is made:
    the DEBUG ones exist for this filter, and the INFO line of a redirect followed would print
    unprefixed on stderr through PyGithub's own handler. It depends on logging as configured:
    `logging.disable(logging.DEBUG)` in a process that embeds triage turns it off."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.DEBUG:
            _raise_if_moved_or_not_the_api(record.args)
            return _github_logs_debug()
        following = _FOLLOWING.fullmatch(record.getMessage())
        if following is None:
            return True
        if getattr(_WRITING, "active", False) and _ISSUE_PATH.search(following.group(1)) is not None:
            raise IssueMovedError(_place(following.group(2)))
        return _github_logs_debug()


def _github_logs_debug() -> bool:
    """Whether whoever runs triage asked PyGithub for its debug log. PyGithub's import gives the
    `github` logger a handler on stderr at INFO; triage says what a redirect means (a transferred
    issue, a renamed repository) in its own words."""
    return logging.getLogger("github").getEffectiveLevel() <= logging.DEBUG


def _raise_if_moved_or_not_the_api(args: object) -> None:
    """PyGithub's log of a response: `(verb, scheme, host, url, request headers, body, status,
    response headers, response body)`: a 307 or 308 within the API moved the write; an answer
    GitHub's API would not give is not the API's (`_not_the_api`), a 307 or 308 to another scheme,
    host or port among them (a server or a proxy in front sending `http://` to `https://`)."""
    if not isinstance(args, tuple) or len(args) != 9 or not isinstance(args[6], int):
        return
    status, body = args[6], args[8] if isinstance(args[8], str) else ""
    headers = (
        {str(key).lower(): str(value) for key, value in args[7].items()}
        if isinstance(args[7], Mapping)
        else {}
    )
    location = headers.get("location", "")
    port = getattr(_SENDING, "port", None)
    if status in (307, 308) and _within(location, str(args[1]), str(args[2]), port):
        raise IssueMovedError(
            _place(urllib.parse.urlsplit(location).path) if location else "another place", status
        )
    answer = _not_the_api(status, headers.get("content-type", ""), body, location)
    if answer is not None:
        raise NotTheApiError(answer)


def _within(location: str, scheme: str, host: str, port: int | None) -> bool:
    """Whether a redirect's `location` stays at the scheme, host and port the request went to (a
    path alone does; `port` None: the scheme's own). Another port of the host is another server (a
    web server in front, another service): its redirect says nothing of a moved issue. A port left
    out is the scheme's own (`network.port_of`), as `https://HOST:443` is `https://HOST`."""
    asked = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    target = urllib.parse.urljoin(f"{asked}/", location)
    parts = urllib.parse.urlsplit(target)
    return (
        parts.scheme.lower() == scheme.lower()
        and parts.hostname == host.lower()
        and port_of(target) == port_of(asked)
    )


def _not_the_api(status: int, content_type: str, body: str, location: str) -> str | None:
    """What came, when GitHub's API would not answer so: its bodies are JSON, its 4xx all carry
    one, and it redirects only with a 301 (which PyGithub follows or names), or a 307 or 308 within
    itself (taken as a move before this). A 5xx is left to the retries: GitHub's own can be a page."""
    if status >= 500 or status == 301:
        return None
    page = bool(body) and "json" not in content_type.lower()
    redirect = 300 <= status < 400
    empty_refusal = status >= 400 and not body
    if not (page or redirect or empty_refusal):
        return None
    kind = (content_type.partition(";")[0].strip() or "no content type") if body else "empty"
    return ", ".join([str(status), kind, *([f"to {location}"] if location else [])])


def _stop_misread_answers() -> None:
    """Installs `_MisreadAnswerStop` once per process; PyGithub logs redirects at INFO and every
    response at DEBUG."""
    logger = logging.getLogger("github.Requester")
    if not any(isinstance(f, _MisreadAnswerStop) for f in logger.filters):
        logger.addFilter(_MisreadAnswerStop())
    logger.setLevel(logging.DEBUG)


def require_token(token: str | None) -> str:
    """The token, stripped; a clear error before any request when it is missing or empty."""
    if token is None or not token.strip():
        raise TriageError(
            "GITHUB_TOKEN is not set or empty: set it to a GitHub token with access to the repository's "
            "issues (the action sets it from its `token` input: a secret that is not set, or not passed to "
            "this run, reads as empty; leave `token` out to use the workflow's own token, with "
            "`permissions: issues: write`)"
        )
    if not _TOKEN.fullmatch(token.strip()):  # the message must not show it: it is a secret
        raise TriageError("GITHUB_TOKEN holds a space, a line break or another character no GitHub token has")
    return token.strip()


def require_repository(full_name: str | None) -> str:
    if not full_name:
        raise TriageError("GITHUB_REPOSITORY is not set: set it to the repository, `owner/name`")
    if not _REPOSITORY.fullmatch(full_name):
        raise TriageError(f"GITHUB_REPOSITORY must be `owner/name`, got {full_name!r}")
    return full_name


def _owner_name_in(address: str) -> str | None:
    """`owner/name` of a repository's web address (`https://github.com/owner/name`), if it is one."""
    if "://" not in address:
        return None
    path = urllib.parse.urlsplit(address).path.strip("/").removesuffix(".git")
    return path if _REPOSITORY.fullmatch(path) else None


def require_api_url(url: str) -> str:
    """An http(s) URL with a host (and a valid port), without its trailing slash."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        valid = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and parts.port != 0  # reading it checks the port is a number in range
            and not (parts.query or parts.fragment)
        )
    except ValueError:  # a port out of range, a broken IPv6 address
        valid = False
    if not valid:
        raise TriageError(f"GITHUB_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, got {url!r}")
    host_problem = _host_problem(url.strip(), parts.hostname or "")
    if host_problem:
        raise TriageError(f"GITHUB_API_URL: {host_problem}, got {url!r}")
    return url.strip().rstrip("/")


_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
"""What requests reads for the authorities to trust, the first set winning; never `SSL_CERT_FILE`."""


def _bundle_variable(environ: Mapping[str, str]) -> str | None:
    """The variable requests takes its bundle of authorities from, if one is set."""
    return next((name for name in _BUNDLE_VARIABLES if environ.get(name)), None)


def require_trust_bundle(api_url: str, environ: Mapping[str, str]) -> None:
    """Refuse, before any request, a bundle of authorities (`REQUESTS_CA_BUNDLE`, else
    `CURL_CA_BUNDLE`) naming nothing that exists, or a file with no certificate in it: requests would
    fail every https request, with an OSError of its own or an SSLError after the retries, and the
    run would say a write may have landed that never left."""
    if not api_url.lower().startswith("https:"):
        return
    variable = _bundle_variable(environ)
    if variable is None:
        return
    bundle = environ[variable]
    if not Path(bundle).exists():
        raise TriageError(
            f"{variable} names {bundle!r}, which does not exist: name a PEM file of the "
            "certificate authorities to trust (or a folder of them), or unset it to trust requests' own"
        )
    if Path(bundle).is_dir():  # OpenSSL reads a folder's files only when a certificate asks for them
        return
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=bundle)
    except (ssl.SSLError, OSError) as error:
        reason = getattr(error, "reason", None) or error.strerror or type(error).__name__
        raise TriageError(
            f"{variable} names {bundle!r}, which holds no certificate OpenSSL can read ({reason}): "
            "name a PEM file of the certificate authorities to trust"
        ) from None


def _host_problem(url: str, host: str) -> str | None:
    """Why requests (through PyGithub) could not connect to the URL's host, found before a request,
    where it would fail as a ValueError: a character no host name holds (a space, a lone
    surrogate), an empty label (`a..b`) or one over 63 characters; or an IPv6 address, which
    PyGithub writes back into each request's URL without its brackets."""
    if ":" in host:
        return "an IPv6 address cannot be used (PyGithub cannot reach one): use a host name"
    try:
        requests.models.PreparedRequest().prepare_url(url, None)
        host.encode("idna")  # what urllib3 asks of the host when it connects
    except ValueError:  # requests' InvalidURL, and UnicodeError
        return "not a host name requests can connect to"
    return None


def connect(
    token: str | None,
    repository: str | None,
    api_url: str = DEFAULT_API_URL,
    *,
    policy: RetryPolicy | None = None,
    timekeeper: Timekeeper | None = None,
    rng: random.Random | None = None,
) -> GitHubClient:
    """A client for one repository; checks token and repository name first, makes no request."""
    checked_token = require_token(token)
    full_name = require_repository(repository)
    base_url = require_api_url(api_url)
    require_trust_bundle(base_url, os.environ)
    chosen = policy or RetryPolicy()
    gh = github.Github(
        auth=github.Auth.Token(checked_token),
        base_url=base_url,
        timeout=chosen.timeout,
        retry=None,
        per_page=wire.PAGE_SIZE,
        lazy=True,
        seconds_between_requests=None,
        seconds_between_writes=None,
    )
    _stop_misread_answers()
    jitter = rng or random.Random()  # noqa: S311 -- backoff jitter, not security
    return GitHubClient(gh, full_name, chosen, timekeeper or default_timekeeper(), jitter)


def default_timekeeper() -> Timekeeper:
    start = os.environ.get(VIRTUAL_CLOCK_ENV)
    if not start:
        return DEFAULT_TIMEKEEPER
    try:
        seconds = float(start)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds):
        raise TriageError(
            f"{VIRTUAL_CLOCK_ENV} (a setting for tests) must be a start time in epoch seconds, got {start!r}"
        )
    return VirtualClock(seconds)


def connect_reader(repository: str, command: str, env: Mapping[str, str] = os.environ) -> GitHubClient:
    """A client for read-only commands (`eval --repo`, `diff --repo`), configured from the environment."""
    if not _REPOSITORY.fullmatch(repository):
        owner_name = _owner_name_in(repository)
        instead = f": give {owner_name}" if owner_name else ""
        raise TriageError(f"--repo must be `owner/name`, got {repository!r}{instead}")
    token = env.get("GITHUB_TOKEN", "")
    if not token.strip():
        raise TriageError(f"GITHUB_TOKEN is not set or empty: `triage {command} --repo` reads issues with it")
    return connect(token, repository, env.get("GITHUB_API_URL") or DEFAULT_API_URL)


@dataclass
class _Spent:
    """The HTTP requests an operation made besides its attempts (the re-reads of a comment `POST`),
    and the fewest its next attempt sends (a re-read's pages), which count against its limit too."""

    requests: int = 0
    next_attempt: int = 1


_RECENT_SECONDS = 600
"""How far before its first `POST` a comment's re-read looks: our comment, if GitHub wrote it, was
updated after that moment, whatever small skew the runner's clock has from GitHub's."""


class GitHubClient:
    """Reads and writes of one repository's issues, comments and labels."""

    def __init__(
        self,
        gh: github.Github,
        repository: str,
        policy: RetryPolicy,
        timekeeper: Timekeeper,
        rng: random.Random,
    ) -> None:
        self._gh = gh
        self._repo = gh.get_repo(repository)  # lazy: the Github instance is built with lazy=True
        self._full_name = repository
        self._path = f"/repos/{repository}"
        self._policy = policy
        self._timekeeper = timekeeper
        self._rng = rng
        self._budget = WaitBudget(timekeeper, policy.wait_budget)
        self._pages_sent = 0
        self._pacer = WritePacer(
            timekeeper, policy.write_interval, policy.writes_per_minute, policy.writes_per_hour
        )
        self._writes_as: str | None = None
        self._keeps_a_reserve = False
        self._port = port_of(gh.requester.base_url)

    @property
    def writes_as(self) -> str | None:
        """The login GitHub's answer to one of this run's comment POSTs gave as the author: the
        token's own. None until a comment POST is answered (the Actions token may not ask `GET /user`)."""
        return self._writes_as

    @property
    def full_name(self) -> str:
        """`owner/name` of the repository, as the run was given it (GITHUB_REPOSITORY)."""
        return self._full_name

    @property
    def clock(self) -> Timekeeper:
        """The clock requests are paced by (a virtual one in tests)."""
        return self._timekeeper

    # --- reads ---------------------------------------------------------------------------------

    def read_issue(self, number: int) -> wire.IssueRecord:
        """The issue; an error if it was transferred (GitHub answers 301 and PyGithub follows it, so
        the issue read is the one in its new repository, whose rules are not ours to apply), or if
        the repository was renamed, which GitHub answers the same way."""
        path = f"{self._path}/issues/{number}"
        record = wire.issue_record(self._request("GET", path)[1])
        moved_to = record.repository
        if moved_to and moved_to.casefold() != self._full_name.casefold():
            how = self._moved_how(moved_to, f"{moved_to} as #{record.issue.number}")
            raise RequestRefusedError(f"GET {path}: moved (301): {how}", 301)
        return record

    def _moved_how(self, moved_to: str, new_place: str) -> str:
        """Why an issue is now in `moved_to`: a rename takes the repository there too, and GitHub
        gives it under its new name (one read, made only for an issue that moved)."""
        try:
            repository = self._request("GET", self._path)[1]
        except GitHubError:
            return f"the issue was transferred (or its repository renamed) to {new_place}; triage it there"
        full_name = str(repository.get("full_name") or "") if isinstance(repository, Mapping) else ""
        if full_name.casefold() == moved_to.casefold():
            return (
                f"the repository {self._full_name} was renamed to {moved_to}; run with "
                f"GITHUB_REPOSITORY={moved_to}"
            )
        return f"the issue was transferred to {new_place}; triage it there"

    def open_issues(
        self,
        label: str | None = None,
        since: datetime | None = None,
        *,
        keep: Callable[[wire.IssueRecord], wire.IssueRecord] = lambda record: record,
    ) -> tuple[wire.IssueRecord, ...]:
        """Every open issue and pull request matching the filters, oldest update first, each once.

        The listing is read whole before the caller writes anything, so our own writes cannot shift
        the pages under us. It is read in order of creation, which other people's edits and comments
        do not change: read in order of update, an issue edited while the pages are read would move
        to the last page and push another from the next page back onto one already read, which the
        listing would then never show. An issue closed meanwhile can still shift one (a later sweep
        finds it); one opened meanwhile comes last or not at all; a repeat is dropped by number.
        `keep`: what is held of each record, taken as its page is read, before the next (a batch
        puts the issue's body aside: `triage.listed_text`).
        """
        parameters = {"state": "open", "sort": "created", "direction": "asc"}
        if label:
            parameters["labels"] = label
        if since is not None:
            parameters["since"] = wire.time_text(since)
        records: dict[int, wire.IssueRecord] = {}
        for item in self._items(f"{self._path}/issues", parameters):
            record = wire.issue_record(item)
            number = record.issue.number or 0
            if number not in records:
                records[number] = keep(record)
        return tuple(sorted(records.values(), key=lambda r: (r.updated_at, r.issue.number or 0)))

    def recent_issues(self, state: str, limit: int) -> tuple[wire.IssueRecord, ...]:
        """The `limit` most recently updated issues in `state` (open, closed, all), newest first.

        Pull requests are left out from the list data alone; no page past the one that fills
        `limit` is requested.
        """
        parameters = {"state": state, "sort": "updated", "direction": "desc"}
        records: dict[int, wire.IssueRecord] = {}
        for item in self._items(f"{self._path}/issues", parameters):
            record = wire.issue_record(item)
            if not record.is_pull_request:
                records.setdefault(record.issue.number or 0, record)
            if len(records) >= limit:
                break
        return tuple(records.values())

    def comments(
        self, number: int, *, retried: bool = True, since: str = "", max_pages: int | None = None
    ) -> tuple[Comment, ...]:
        """`retried=False` sends each page once: for a caller whose own attempts include the read.
        `since`: only the comments updated at or after that time (GitHub's form). `max_pages`: the
        most pages to read (`wire.PagesLeft` if there are more)."""
        url = f"{self._path}/issues/{number}/comments"
        parameters = {"since": since} if since else None
        items = self._items(url, parameters, retried=retried, max_pages=max_pages)
        return tuple(wire.comment(item) for item in items)

    def timeline(self, number: int, *, max_pages: int | None = None) -> wire.Timeline:
        """`max_pages`: the most pages to read (`wire.PagesLeft` if there are more)."""
        return wire.timeline(self._items(f"{self._path}/issues/{number}/timeline", max_pages=max_pages))

    def repository_labels(self) -> tuple[Label, ...]:
        """The repository's labels; an error if GitHub lists them under another repository's name
        (it follows the 301 of a renamed one's reads, and refuses its writes)."""
        items = tuple(self._items(f"{self._path}/labels"))
        for item in items:
            listed = _LABEL_REPOSITORY.search(str(item.get("url", "")) if isinstance(item, dict) else "")
            if listed is not None and listed.group(1).casefold() != self._full_name.casefold():
                raise GitHubError(
                    f"GET {self._path}/labels: GitHub lists them in {listed.group(1)}: the repository "
                    f"{self._full_name} was renamed; run with GITHUB_REPOSITORY={listed.group(1)}"
                )
        return tuple(wire.label(item) for item in items)

    def stop_waits_past(self, moment: float, what: str) -> None:
        """A wait for a rate limit or a retry that would end after `moment` stops the run instead,
        as one past the wait budget does: `what` (a batch's time limit) says why."""
        self._budget.deadline = (moment, what)

    def keep_a_reserve(self) -> None:
        """A batch's client: its checks of the primary limit (`ensure_read_budget`,
        `ensure_rate_budget`) count the last `backoff.primary_reserve` requests as spent, and its
        pacing the last `backoff.write_reserve` of GitHub's hourly content-creating requests, leaving
        them to the runs on new issues in the rest of the hour. Not its listing, which comes before
        any check (a page per 100 issues). An event's run and a run on one issue spend them all."""
        self._keeps_a_reserve = True
        self._pacer.hold_back(write_reserve(self._policy.writes_per_hour))

    def writes_settle(self) -> str | None:
        """For a batch's stop that names no wait of its own (its time limit, an interrupt): the minute
        from which a new batch may start, or None at once. A new run does not know this one's writes
        and plans GitHub's hour less the event runs' share for itself, so it waits until at most that
        share of this run's writes is still within the hour."""
        left_over = write_reserve(self._policy.writes_per_hour)
        moment = self._pacer.settled(self._timekeeper.now(), left_over)
        return None if moment is None else minute_not_before(moment)

    def ensure_read_budget(self, requests: int) -> None:
        """Before an issue's first request in a batch: wait, within the run's wait budget, until
        its reads (`requests`, as a rule: `pipeline.history_pages`) fit above the reserve, or stop
        the run before the issue. Not for other runs, which keep no reserve: a read GitHub refuses
        at its limit is waited for as this would be, and those runs read at most one issue."""
        if self._keeps_a_reserve:
            self._ensure_primary(requests, "reads")

    def ensure_rate_budget(self, requests_needed: int, *, at_most: int | None = None) -> None:
        """Wait, within the run's wait budget, until all of one issue's writes can go.

        Two limits can hold them back: the primary limit (too few requests left before its reset,
        beside a batch's reserve: `keep_a_reserve`) and GitHub's 500 content-creating requests an
        hour (the pacer's hour window). Called before an issue's writes so a run stops between
        issues, never halfway through one. `at_most` is the most the writes can cost (a label
        GitHub creates on the spot costs one more request, once in the label's life): the primary
        limit must cover it, while pacing plans for the `requests_needed` an issue almost always costs.
        """
        self._ensure_primary(max(requests_needed, at_most or 0), "writes")
        pacing = self._pacer.delay_for(requests_needed, self._timekeeper.now())
        if pacing > PACING_WITHOUT_BUDGET:
            self._wait_for_the_hour(pacing)

    def _ensure_primary(self, needed: int, what: str) -> None:
        """Wait for the primary limit's reset (or stop) unless `needed` requests, the issue's `what`,
        are left, and a batch's reserve beside them. No `x-ratelimit-*` header seen (rate limits off,
        as GitHub Enterprise Server has them by default): no check."""
        remaining, limit = self._gh.requester.rate_limiting
        reserve = primary_reserve(limit) if self._keeps_a_reserve else 0
        if 0 <= remaining < needed + reserve:
            reset = self._gh.requester.rate_limiting_resettime
            wait = max(reset - self._timekeeper.now(), 0.0)
            left = f"{remaining} request{'' if remaining == 1 else 's'} left until it resets"
            kept = f", beside the {reserve} a batch leaves to the runs on new issues" if reserve else ""
            self._wait_out(
                wait, f"GitHub's rate limit has {left}, and the issue's {what} may take {needed}{kept}"
            )

    def _wait_for_the_hour(self, seconds: float) -> None:
        """A wait for GitHub's hourly window of content-creating requests."""
        per_hour = self._policy.writes_per_hour
        reserve = write_reserve(per_hour) if self._keeps_a_reserve else 0
        kept = f", of which a batch leaves {reserve} to the runs on new issues" if reserve else ""
        self._wait_out(seconds, f"GitHub allows {per_hour} content-creating requests an hour{kept}")

    def _wait_out(self, seconds: float, reason: str) -> None:
        """A wait for a limit to pass: it spends the wait budget, within the batch's time limit, or
        stops the run; said in the job log first, as a retry's wait is, since a run waiting up to an
        hour would otherwise look hung."""
        until = self._budget.check(seconds, reason)
        if seconds >= 1:
            print(f"triage: {reason}: waiting {seconds:.0f} s (until {until})", file=sys.stderr, flush=True)
        self._budget.sleep(seconds)

    # --- writes --------------------------------------------------------------------------------

    def add_labels(self, number: int, names: tuple[str, ...]) -> tuple[Label, ...]:
        """One POST adding all `names` (never the PUT that replaces every label); the issue's labels after."""
        _, data = self._request("POST", f"{self._path}/issues/{number}/labels", body={"labels": list(names)})
        return tuple(wire.label(item) for item in data or ())

    def remove_label(self, number: int, name: str) -> None:
        """DELETE one label; 404 "Label does not exist" means it is already gone: what we wanted."""
        quoted = urllib.parse.quote(name, safe="")  # PyGithub's remove_from_labels leaves `/` as is
        try:
            self._request("DELETE", f"{self._path}/issues/{number}/labels/{quoted}")
        except RequestRefusedError as refused:
            if refused.status != 404 or "label does not exist" not in refused.reason.lower():
                raise

    def create_comment(
        self, number: int, body: str, find_ours: Callable[[tuple[Comment, ...]], Comment | None]
    ) -> Comment:
        """POST a comment, never twice: after an attempt whose outcome is unknown (5xx, timeout,
        dropped connection: GitHub may have written it anyway), re-read the comments and return
        ours if it is there before sending again. The re-read asks only for the comments updated
        since shortly before the first POST, one page as a rule however long the conversation;
        each page counts as an attempt, so the requests stay within `max_attempts`, and no wait is
        spent before an attempt that would have no room to send anything. The error that ends it
        says whether the comment may have been posted all the same (`write_may_have_landed`)."""
        unknown: list[bool] = []
        with _landing_noted(unknown):
            return self._post_comment(number, body, find_ours, unknown)

    def _post_comment(
        self,
        number: int,
        body: str,
        find_ours: Callable[[tuple[Comment, ...]], Comment | None],
        unknown: list[bool],
    ) -> Comment:
        """`create_comment`'s attempts; `unknown` gets True for each whose outcome is unknown."""
        issue = self._repo.get_issue(number)
        since = wire.time_text(datetime.fromtimestamp(self.clock.now() - _RECENT_SECONDS, UTC))
        spent = _Spent()
        outcome_unknown, last_error = False, None
        for attempt in self._retrying(f"POST {self._path}/issues/{number}/comments", spent):
            with attempt:
                if outcome_unknown and last_error is not None:
                    read_from = self._pages_sent
                    room = (
                        self._policy.max_attempts - (attempt.retry_state.attempt_number - 1) - spent.requests
                    )
                    try:
                        found = find_ours(self.comments(number, retried=False, since=since, max_pages=room))
                    except wire.PagesLeft:
                        raise last_error from None  # the re-read would pass the limit
                    except GithubException as error:
                        if self._is_retryable(error):
                            raise
                        # named as the read it is: as the POST's, it would read as a comment not made
                        what = f"GET {self._path}/issues/{number}/comments"
                        raise _translate(what, error, self._policy.max_attempts) from None
                    finally:
                        pages = self._pages_sent - read_from
                        spent.requests, spent.next_attempt = spent.requests + pages, max(pages, 1)
                    if found is not None:
                        return found
                    if attempt.retry_state.attempt_number + spent.requests > self._policy.max_attempts:
                        raise last_error  # the re-read took the attempt the POST would have had
                try:
                    created = self._write(lambda: issue.create_comment(body))
                except (GithubException, *_NETWORK_ERRORS) as error:
                    outcome_unknown, last_error = outcome_unknown or _outcome_unknown(error), error
                    unknown.append(outcome_unknown)
                    raise
                self._writes_as = created.user.login
                return Comment(id=created.id, author=created.user.login, body=created.body)
        raise AssertionError("unreachable: tenacity either returns or raises")

    def update_comment(self, number: int, comment_id: int, body: str) -> None:
        comment = self._repo.get_issue(number).get_comment(comment_id)
        self._retried_write(f"PATCH {self._path}/issues/comments/{comment_id}", lambda: comment.edit(body))

    def create_label(self, label: Label) -> None:
        """POST a label; a 422 `already_exists` means it is there (an earlier attempt whose answer
        was lost, or someone quicker, with a colour and description of their own): it then gets
        the label's colour and description."""
        try:
            self._retried_write(
                f"POST {self._path}/labels",
                lambda: self._repo.create_label(label.name, label.color, label.description),
            )
        except RequestRefusedError as refused:
            if refused.status != 422 or "already_exists" not in refused.reason:
                raise
            self._edit_label(label.name, label)

    def update_label(self, current_name: str, label: Label) -> None:
        """PATCH colour and description, renaming in place when `current_name` differs. A rename
        answered 404 (an earlier attempt renamed it and its answer was lost, or someone was quicker)
        is done if the label is there under its new name, which then gets the colour and description."""
        try:
            self._edit_label(current_name, label)
        except RequestRefusedError as refused:
            if refused.status != 404 or current_name == label.name:
                raise
            try:
                self._edit_label(label.name, label)
            except RequestRefusedError as again:
                raise (refused if again.status == 404 else again) from None

    def _edit_label(self, name: str, label: Label) -> None:
        existing = self._repo.get_label(name)
        self._retried_write(
            f"PATCH {self._path}/labels/{name}",
            lambda: existing.edit(label.name, label.color, label.description),
        )

    # --- the retry layer -----------------------------------------------------------------------

    def _request(
        self, verb: str, url: str, parameters: dict[str, str] | None = None, body: Any = None
    ) -> tuple[dict[str, Any], Any]:
        def send() -> tuple[dict[str, Any], Any]:
            return self._send(verb, url, parameters, body)

        what = f"{verb} {urllib.parse.urlsplit(url).path}"
        return self._retried(what, send) if verb == "GET" else self._retried_write(what, send)

    def _send(
        self, verb: str, url: str, parameters: dict[str, str] | None = None, body: Any = None
    ) -> tuple[dict[str, Any], Any]:
        with self._to_the_api():
            return self._gh.requester.requestJsonAndCheck(verb, url, parameters=parameters, input=body)

    @contextlib.contextmanager
    def _to_the_api(self) -> Iterator[None]:
        """Tells `_MisreadAnswerStop`, in this thread, the port of the API a request goes to."""
        before = getattr(_SENDING, "port", None)
        _SENDING.port = self._port
        try:
            yield
        finally:
            _SENDING.port = before

    def _items(
        self,
        url: str,
        parameters: dict[str, str] | None = None,
        *,
        retried: bool = True,
        max_pages: int | None = None,
    ) -> Iterator[Any]:
        """Every item of every page; `wire.PagesLeft` before a page past `max_pages`."""
        next_url: str | None = url
        query: dict[str, str] | None = {**(parameters or {}), "per_page": str(wire.PAGE_SIZE)}
        read = self._request if retried else self._send
        pages = 0
        while next_url is not None:
            if max_pages is not None and pages >= max_pages:
                raise wire.PagesLeft
            headers, data = read("GET", next_url, query)
            self._pages_sent += 1
            pages += 1
            yield from data or ()
            next_url, query = wire.next_page(headers.get("link")), None

    def _write(self, send: Callable[[], T]) -> T:
        """`ensure_rate_budget` cleared an issue's writes, but a retried attempt takes a place in the
        hour as well (GitHub may have counted it): a write it leaves waiting for the hourly window
        stops the run, halfway through the issue, rather than sleep past the job's timeout."""
        delay = self._pacer.delay(self._timekeeper.now())
        if delay > PACING_WITHOUT_BUDGET:
            self._wait_for_the_hour(delay)
        elif delay > 0:
            self._timekeeper.sleep(delay)
        _WRITING.active = True
        try:
            with self._to_the_api():
                return send()
        finally:
            _WRITING.active = False
            self._pacer.after_write()

    def _retried_write(self, what: str, send: Callable[[], T]) -> T:
        """`_retried` for a write, paced by `_write`. The error that ends it says whether GitHub may
        have made it all the same (`TriageError.write_may_have_landed`): an attempt got a 5xx or no
        answer."""
        unknown: list[bool] = []

        def attempt() -> T:
            try:
                return self._write(send)
            except (GithubException, *_NETWORK_ERRORS) as error:
                unknown.append(_outcome_unknown(error))
                raise

        with _landing_noted(unknown):
            return self._retried(what, attempt)

    def _retried(self, what: str, operation: Callable[[], T]) -> T:
        for attempt in self._retrying(what):
            with attempt:
                return operation()
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _retrying(self, what: str, spent: _Spent | None = None) -> Iterator[tenacity.AttemptManager]:
        """tenacity's attempts for one operation; failures leave as `TriageError`s. `spent`: the
        HTTP requests the operation made besides its attempts and what its next attempt costs at
        least, counted against its limit: it stops, before any wait, once the next would not fit."""
        limit = self._policy.max_attempts
        extra = spent or _Spent()
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(self._is_retryable),
            stop=lambda state: state.attempt_number + extra.requests + extra.next_attempt > limit,
            wait=lambda state: self._wait_before_retry(what, state),
            sleep=self._budget.sleep,
            before_sleep=lambda state: self._announce_retry(what, state),
            reraise=True,
        )
        try:
            yield from retrying
        except IssueMovedError as moved:
            if "/issues/" not in what:  # a label of the repository's: only a rename moves it
                said = (
                    f"the repository was renamed (GitHub points to {moved.new_place}); run with its new name"
                )
            else:
                said = (
                    f"the issue was transferred (or its repository renamed) to {moved.new_place}; "
                    "triage it there"
                )
            raise RequestRefusedError(f"{what}: moved ({moved.status}): {said}", 301) from None
        except GithubException as error:
            raise _translate(what, error, self._policy.max_attempts) from None
        except NotTheApiError as answer:
            raise GitHubError(
                f"{what}: the answer ({answer.answer}) is not GitHub's API's: GITHUB_API_URL is "
                f"{self._gh.requester.base_url}, which is not the API's own URL ({DEFAULT_API_URL}, or "
                "https://HOST/api/v3 on GitHub Enterprise Server), or a proxy answered in GitHub's place"
            ) from None
        except RuntimeError as error:
            elsewhere = _ELSEWHERE.search(str(error))
            if elsewhere is None:
                raise
            raise GitHubError(
                f"{what}: GitHub redirected the request {elsewhere.group(1) or elsewhere.group(2)}: "
                f"GITHUB_API_URL is {self._gh.requester.base_url}, not the API's own URL "
                f"({DEFAULT_API_URL}, or https://HOST/api/v3 on GitHub Enterprise Server)"
            ) from None
        except _NETWORK_ERRORS as error:
            fault = certificate_fault(error)
            if fault is not None:
                raise GitHubError(
                    f"{what}: {self._describe(error)}: {certificate_fix(fault, os.environ)}; "
                    f"GITHUB_API_URL is {self._gh.requester.base_url}"
                ) from None
            if proxy_wants_credentials(error):
                raise GitHubError(
                    f"{what}: {self._describe(error)}: {_PROXY_CREDENTIALS_FIX}; GITHUB_API_URL is "
                    f"{self._gh.requester.base_url}"
                ) from None
            attempts = self._policy.max_attempts
            detail = f"no answer from GitHub after {attempts} attempts ({self._describe(error)})"
            raise GitHubError(f"{what}: {detail}; GITHUB_API_URL is {self._gh.requester.base_url}") from None

    def _wait_before_retry(self, what: str, state: tenacity.RetryCallState) -> float:
        """How long to wait after a failed attempt; raises `RateLimitStop` past the wait budget."""
        error = state.outcome.exception() if state.outcome else None
        assert error is not None, "tenacity waits only after a failed attempt"
        wait = self._rate_limit_wait(error, state.attempt_number)
        if wait is None:  # a 5xx or a lost connection: a short backoff, not held to a batch's time limit
            wait = transient_wait(state.attempt_number, self._policy, self._rng)
            self._budget.check(wait, f"{what} failed ({self._describe(error)})", to_deadline=False)
        else:
            self._budget.check(wait, f"{what} was rate limited by GitHub")
        return wait

    def _announce_retry(self, what: str, state: tenacity.RetryCallState) -> None:
        """One line in the job log per retry, so a slow run says what it is waiting for."""
        error = state.outcome.exception() if state.outcome else None
        cause = self._describe(error) if error is not None else "no outcome"
        next_attempt = f"attempt {state.attempt_number + 1} of {self._policy.max_attempts}"
        wait = f"retrying in {state.upcoming_sleep:.0f} s ({next_attempt})"
        print(f"triage: {what} failed ({cause}); {wait}", file=sys.stderr)

    def _describe(self, error: BaseException) -> str:
        """GitHub's status and message; for a request that got no answer, the host and why."""
        if not isinstance(error, _NETWORK_ERRORS):
            return _describe(error)
        url = str(getattr(getattr(error, "request", None), "url", None) or self._gh.requester.base_url)
        return describe_failure(error, host_of(url), _proxy_for(url))

    def _rate_limit_wait(self, error: BaseException, attempt: int) -> float | None:
        if not isinstance(error, GithubException):
            return None
        return rate_limit_wait(
            error.status,
            error.headers or {},
            _message(error),
            now=self._timekeeper.now(),
            attempt=attempt,
            floor=self._policy.rate_limit_floor,
        )

    def _is_retryable(self, error: BaseException) -> bool:
        if isinstance(error, _NETWORK_ERRORS):  # a certificate or a proxy's 407 would be met again
            return untrusted_certificate(error) is None and not proxy_wants_credentials(error)
        if isinstance(error, GithubException):
            return error.status >= 500 or self._rate_limit_wait(error, 1) is not None
        return False


@contextlib.contextmanager
def _landing_noted(unknown: list[bool]) -> Iterator[None]:
    """The error that ends a write says whether GitHub may have made it all the same
    (`TriageError.write_may_have_landed`): `unknown` holds, for each attempt that failed, whether its
    outcome is unknown (`_outcome_unknown`)."""
    try:
        yield
    except TriageError as error:
        error.write_may_have_landed = any(unknown)
        raise


def _outcome_unknown(error: BaseException) -> bool:
    """A 5xx or a network failure may come after GitHub did the write; a 4xx means it did not, and
    so does a failure before the request left (`network.never_sent`: refused, a proxy, TLS)."""
    if isinstance(error, GithubException):
        return error.status >= 500
    return not never_sent(error)


_CERTIFICATE_FIXES: dict[CertificateFault, str] = {
    "authority": "if a certificate authority of your own signed it (a GitHub Enterprise Server's, or a "
    "proxy's that inspects TLS), set REQUESTS_CA_BUNDLE to a file holding its certificate (PEM)",
    "host": "it is not issued for that host name: set GITHUB_API_URL to a host name it names",
    "dates": "it has expired or is not valid yet: the server needs a certificate valid now (or the "
    "runner's clock is wrong)",
}
"""What each of `network.certificate_fault`'s faults asks of whoever runs triage."""


def certificate_fix(fault: CertificateFault, environ: Mapping[str, str]) -> str:
    """`_CERTIFICATE_FIXES[fault]`, but for an authority no bundle named: a bundle requests read and
    found no signer in is named, as is an `SSL_CERT_FILE` it never read (OpenSSL's variable, which
    people set for other tools and expect every tool to follow)."""
    if fault != "authority":
        return _CERTIFICATE_FIXES[fault]
    bundle = _bundle_variable(environ)
    if bundle is not None:
        return (
            f"no certificate authority of those {bundle} names ({environ[bundle]}) signed it: add the one "
            "that did (PEM) there"
        )
    if environ.get("SSL_CERT_FILE"):
        return (
            f"{_CERTIFICATE_FIXES[fault]}; SSL_CERT_FILE is set ({environ['SSL_CERT_FILE']}), but requests "
            "reads REQUESTS_CA_BUNDLE, not it: set REQUESTS_CA_BUNDLE to the same file"
        )
    return _CERTIFICATE_FIXES[fault]


_PROXY_CREDENTIALS_FIX = (
    "it wants credentials, which this run gave it wrong or not at all: give them in the proxy's URL "
    "(HTTPS_PROXY, https_proxy or ALL_PROXY, whichever names it), http://USER:PASSWORD@HOST:PORT "
    "(a reserved character in them percent-encoded, `@` as %40)"
)


def _proxy_for(url: str) -> str | None:
    """The proxy requests sends `url` through, as it reads the environment (`HTTPS_PROXY`,
    `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, in either case)."""
    chosen = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
    if not chosen:
        return None
    return host_of(chosen if "://" in chosen else f"http://{chosen}")


def _message(error: GithubException) -> str:
    return github_message(error.data, error.message)


def _describe(error: BaseException) -> str:
    if isinstance(error, GithubException):
        return f"{error.status} {_message(error)}".strip()
    return type(error).__name__


def _translate(what: str, error: GithubException, attempts: int) -> TriageError:
    return final_error(what, error.status, _message(error), error.headers or {}, attempts)
