# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Webex Converged Recordings API client: HTTP only.

Internal use only: this module is not part of the collection's public API and may change at any time.

It imports nothing from Ansible, so modules, role helpers, tests and benchmarks share one client:
one place for authentication, retries, pagination, 30-day list windows and errors. Dates are ``_dates``, bounded
concurrency ``_concurrency``; write calls are planned as data (``_calls``) and sent as they are (``send``).

Why this file is long: the request loop (retries, Retry-After, token refresh, redaction) and the calls that use it
(paging, windows, the read endpoints, ``send``) are one adapter; split apart, each half would need the other's
internals.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import threading
import time
import traceback
import uuid
from collections import Counter
from urllib.parse import urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by the sanity import test
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._dates import date_windows, format_datetime

# galaxy.yml's version, sent in the User-Agent. A module_utils file cannot read galaxy.yml at run time (an installed
# collection need not ship it where the module runs), so it is a copy: tests/unit/test_layering.py fails when they differ.
VERSION = "1.0.0"
DEFAULT_API_URL = "https://webexapis.com/v1"
USER_AGENT = "wxc.recordings/" + VERSION

# Webex lists at most 100 recordings per page (docs/webex-api.md 3).
MAX_PAGE_SIZE = 100

# 429 and 423 mean "not processed, come back later": always safe to repeat, after Retry-After.
WAIT_STATUSES = frozenset((423, 429))
# 5xx and connection errors may come after the server acted: only idempotent calls repeat them.
BACKOFF_STATUSES = frozenset((500, 502, 503, 504))
DEFAULT_RETRY_AFTER = 5.0
BACKOFF_BASE = 0.5

REDACTED = "********"


class WebexError(Exception):
    """Any failure talking to Webex: an HTTP error status, a connection error or a refused refresh.

    ``str()`` names the method, path, status, Webex's message and the trackingId (Webex support asks for it),
    and never a token: the client scrubs its secrets from every text it puts in here.
    """

    def __init__(self, message, status=None, method=None, path=None, descriptions=None, tracking_id=None):
        self.message = message
        self.status = status
        self.method = method
        self.path = path
        self.descriptions = list(descriptions or [])
        self.tracking_id = tracking_id
        # True when an earlier attempt of this call may have been applied (it ended in a 5xx or a lost answer).
        self.after_uncertain_attempt = False
        super(WebexError, self).__init__(self.__str__())

    def __str__(self):
        where = " ".join(part for part in (self.method, self.path) if part)
        text = "Webex API "
        text += (where + " failed") if where else "call failed"
        if self.status is not None:
            text += " with HTTP %s" % self.status
        text += ": " + (self.message or "no message")
        extra = [d for d in self.descriptions if d and d != self.message]
        if extra:
            text += " (" + "; ".join(extra) + ")"
        if self.tracking_id:
            text += " [trackingId: %s]" % self.tracking_id
        return text

    def to_dict(self):
        return {
            "status": self.status,
            "method": self.method,
            "path": self.path,
            "message": self.message,
            "descriptions": self.descriptions,
            "tracking_id": self.tracking_id,
        }


def _timezone_header(timezone_name):
    # A header, not a query parameter as wxc_sdk sends it (docs/webex-api.md 12): only the header is documented.
    return {"timezone": timezone_name} if timezone_name else None


def _clean(params):
    return dict((k, v) for k, v in params.items() if v is not None)


class WebexClient:
    """One authenticated, retrying, connection-pooling session against the Webex API."""

    def __init__(
        self,
        access_token=None,
        api_url=DEFAULT_API_URL,
        validate_certs=True,
        ca_path=None,
        timeout=30,
        retries=5,
        retry_max_wait=60,
        client_id=None,
        client_secret=None,
        refresh_token=None,
        concurrency=8,
        sleep=time.sleep,
        session=None,
    ):
        if not HAS_REQUESTS:
            raise ImportError("the Python library 'requests' is required")
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self.access_token = access_token
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.retry_max_wait = float(retry_max_wait)
        self.concurrency = max(1, int(concurrency or 1))
        self.sleep = sleep
        self.refreshes = 0
        self.requests_sent = Counter()
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self.session = session or requests.Session()
        # One pooled connection per concurrent worker: keep-alive saves a TLS handshake on every call.
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=self.concurrency + 2)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        # Passed on every call too: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override ``session.verify``,
        # which would make ca_path and validate_certs=false silently ineffective on hosts that set them.
        self.verify = ca_path if ca_path else bool(validate_certs)
        self.session.verify = self.verify
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    # ------------------------------------------------------------------ plumbing

    @property
    def can_refresh(self):
        return bool(self.client_id and self.client_secret and self.refresh_token)

    def redact(self, text):
        """Scrub every secret the client holds from ``text``: tokens never reach a message, log or result."""
        text = str(text)
        for secret in (self.access_token, self.refresh_token, self.client_secret):
            if secret:
                text = text.replace(secret, REDACTED)
        return text

    def _path_of(self, url):
        if url.startswith(self.api_url):
            return url[len(self.api_url):].split("?", 1)[0] or "/"
        # A download link is a bearer credential until it expires: name only its host.
        return "download link on %s" % urlsplit(url).netloc

    def _wait(self, seconds):
        self.sleep(min(max(0.0, seconds), self.retry_max_wait))

    def _backoff_seconds(self, attempt):
        # Full jitter: concurrent workers hitting the same outage do not come back in lockstep.
        return random.uniform(0, min(self.retry_max_wait, BACKOFF_BASE * (2 ** attempt)))

    @staticmethod
    def _retry_after(response):
        value = response.headers.get("Retry-After")
        try:
            return float(value)
        except (TypeError, ValueError):
            return DEFAULT_RETRY_AFTER

    def _error_from_response(self, method, path, response):
        tracking_id = response.headers.get("trackingId")
        message = response.reason or "HTTP error"
        descriptions = []
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            message = body.get("message") or message
            tracking_id = body.get("trackingId") or tracking_id
            for error in body.get("errors") or []:
                if isinstance(error, dict) and error.get("description"):
                    descriptions.append(self.redact(error["description"]))
        return WebexError(
            self.redact(message),
            status=response.status_code,
            method=method,
            path=path,
            descriptions=descriptions,
            tracking_id=tracking_id,
        )

    def request(self, method, url, params=None, json=None, data=None, headers=None, idempotent=None, auth=True, stream=False):
        """Send one API call with retries; return the ``requests.Response`` of the first success.

        ``url`` is a path under ``api_url`` or an absolute URL (a ``Link`` header's, a download link).
        ``idempotent`` says whether repeating the call after the server may already have acted is harmless;
        it defaults to true for GET and DELETE. 429/423 are always repeated: the server did not act.
        """
        if not url.startswith(("http://", "https://")):
            url = self.api_url + url
        if idempotent is None:
            idempotent = method in ("GET", "HEAD", "DELETE")
        path = self._path_of(url)
        attempt = 0
        refreshed = False
        uncertain = False
        while True:
            call_headers = dict(headers or {})
            call_headers["TrackingID"] = "WXCREC_" + str(uuid.uuid4())
            if auth:
                if not self.access_token and self.can_refresh:
                    # Refresh credentials alone are enough: the first call obtains the token.
                    self.refresh_access_token(expired_token="")
                if not self.access_token:
                    raise WebexError("no access token: set access_token or the refresh credentials", method=method, path=path)
                call_headers["Authorization"] = "Bearer " + self.access_token
            with self._lock:
                self.requests_sent[method + " " + path] += 1
            try:
                response = self.session.request(
                    method, url, params=params, json=json, data=data, headers=call_headers, timeout=self.timeout, stream=stream, verify=self.verify
                )
            except requests.exceptions.SSLError as exc:
                raise WebexError(
                    "TLS certificate verification failed (%s); point ca_path at the CA bundle that signs this "
                    "server, or set validate_certs=false only for testing" % self.redact(exc),
                    method=method,
                    path=path,
                ) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if idempotent and attempt < self.retries:
                    self._wait(self._backoff_seconds(attempt))
                    attempt += 1
                    uncertain = True
                    continue
                raise WebexError("connection failed: %s" % self.redact(exc), method=method, path=path) from None
            except requests.exceptions.RequestException as exc:
                raise WebexError("request failed: %s" % self.redact(exc), method=method, path=path) from None
            except OSError as exc:
                # requests raises a bare OSError for an unreadable CA bundle, before anything is sent.
                raise WebexError(
                    "cannot use the CA certificate bundle in ca_path (or REQUESTS_CA_BUNDLE): %s" % self.redact(exc), method=method, path=path
                ) from None

            status = response.status_code
            if status == 401 and auth and self.can_refresh and not refreshed:
                response.close()
                self.refresh_access_token(expired_token=call_headers["Authorization"][7:])
                refreshed = True
                continue
            if status in WAIT_STATUSES and attempt < self.retries:
                response.close()
                self._wait(self._retry_after(response))
                attempt += 1
                continue
            if status in BACKOFF_STATUSES and idempotent and attempt < self.retries:
                response.close()
                self._wait(self._backoff_seconds(attempt))
                attempt += 1
                uncertain = True
                continue
            if status >= 400:
                error = self._error_from_response(method, path, response)
                # Callers tell "already gone" from "gone because our own lost first attempt landed" by this.
                error.after_uncertain_attempt = uncertain
                raise error
            response.retried = attempt
            return response

    def refresh_access_token(self, expired_token=None):
        """Trade the refresh token for a new access token (``POST /access_token``), once per expiry."""
        with self._refresh_lock:
            # expired_token "" means "there is no token yet"; None forces a refresh.
            if expired_token is not None and (self.access_token or "") != expired_token:
                return  # another worker already refreshed while this one waited
            response = self.request(
                "POST",
                "/access_token",
                data={
                    "grant_type": "refresh_token",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "refresh_token": self.refresh_token,
                },
                auth=False,
                # A refresh grant only issues a token: repeating it after a lost answer is harmless.
                idempotent=True,
            )
            body = response.json()
            self.access_token = body["access_token"]
            self.refresh_token = body.get("refresh_token") or self.refresh_token
            self.refreshes += 1

    def paginate(self, path, params=None, headers=None):
        """Yield every item of a list, page by page, following ``Link: <...>; rel="next"`` until none is left.

        The next URL is used unchanged (it carries its own cursor); the query is never re-sent.
        """
        url, page_params = path, params
        while url:
            response = self.request("GET", url, params=page_params, headers=headers)
            items = response.json().get("items") or []
            yield from items
            url = response.links.get("next", {}).get("url") if items else None
            page_params = None

    # ------------------------------------------------------------------ reads (the writes are planned calls: send)

    def list_recordings(self, start, end, admin=True, concurrency=None, timezone_name=None, keep=None, **filters):
        """List recordings created in ``[start, end)``, newest first, splitting the range into 30-day windows.

        ``admin`` picks ``/admin/convergedRecordings`` (admins and compliance officers) over the user endpoint.
        ``filters`` are the API's query parameters in snake_case: status, service_type, format, owner_type,
        storage_region, location_id, topic, owner_id, owner_email (the last two on the admin endpoint only).
        Windows are fetched concurrently; items are yielded in order as windows complete.
        ``keep(item)``, when given, runs on each item as its page arrives (in the worker fetching the window) and
        returns what to yield instead, or None to drop the item: a window then holds only what is kept, not whole
        pages, while it waits for the windows before it.
        """
        path = "/admin/convergedRecordings" if admin else "/convergedRecordings"
        query = _clean(
            {
                "max": MAX_PAGE_SIZE,
                "status": filters.pop("status", None),
                "serviceType": filters.pop("service_type", None),
                "format": filters.pop("format", None),
                "ownerType": filters.pop("owner_type", None),
                "storageRegion": filters.pop("storage_region", None),
                "locationId": filters.pop("location_id", None),
                "topic": filters.pop("topic", None),
                "ownerId": filters.pop("owner_id", None),
                "ownerEmail": filters.pop("owner_email", None),
            }
        )
        if filters:
            raise TypeError("unknown list filters: %s" % ", ".join(sorted(filters)))
        if not admin and ("ownerId" in query or "ownerEmail" in query):
            raise ValueError("owner filters exist only on the admin endpoint")

        def fetch_window(window):
            params = dict(query)
            # Both bounds, always: a from-only request gets a 7-day default 'to' and comes back short.
            params["from"] = format_datetime(window[0])
            params["to"] = format_datetime(window[1])
            items = self.paginate(path, params, headers=_timezone_header(timezone_name))
            if keep is None:
                return list(items)
            return [kept for kept in map(keep, items) if kept is not None]

        windows = date_windows(start, end)
        for _window, items, error in map_bounded(fetch_window, windows, concurrency or self.concurrency):
            if error is not None:
                raise error
            yield from items

    def get_recording(self, recording_id, timezone_name=None):
        path = "/convergedRecordings/%s" % recording_id
        return self.request("GET", path, headers=_timezone_header(timezone_name)).json()

    def get_metadata(self, recording_id, show_all_types=False):
        """The recording's metadata, or None when Webex answers 204 (the spec lists it; when is UNCONFIRMED)."""
        params = {"showAllTypes": "true"} if show_all_types else None
        response = self.request("GET", "/convergedRecordings/%s/metadata" % recording_id, params=params)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def send(self, call):
        """Send one planned write call exactly as planned (``_calls.Call``: method, path, query, body); its trackingId.

        The recycle-bin, reassign and delete calls move recordings to a target state, which is idempotent on the
        server side: a repeat cannot apply anything twice. At worst a strict server rejects a repeated batch whose
        first attempt did land (ids no longer in the source state); callers resolve that by reading the recordings'
        state back, never by sending a different write. So these calls are retried (``call.idempotent``).
        """
        response = self.request(call.method, call.path, params=call.params or None, json=call.json, idempotent=call.idempotent)
        return response.headers.get("trackingId")

    # ------------------------------------------------------------------ beyond the nine

    def get_me(self):
        return self.request("GET", "/people/me").json()

    def find_people(self, email):
        """``GET /people?email=``: the people with this email (scope ``spark:people_read`` or
        ``spark-admin:people_read``); an unknown email gives an empty list."""
        return self.request("GET", "/people", params={"email": email}).json().get("items") or []

    def send_message(self, text, room_id=None, to_person_email=None, markdown=None):
        body = _clean({"roomId": room_id, "toPersonEmail": to_person_email, "text": text, "markdown": markdown})
        # Not idempotent: a repeat would post the message twice, so only 429/423 (not processed) repeat.
        return self.request("POST", "/messages", json=body, idempotent=False).json()

    def download(self, url, with_auth=False):
        """Open a download link as a streamed response; the caller reads and closes it."""
        return self.request("GET", url, auth=with_auth, stream=True)
