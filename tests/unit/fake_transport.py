"""A fake HTTP transport for unit tests: an ordered list of expected requests and their canned responses.

It is mounted into the client's real ``requests.Session`` as a transport adapter, so everything above the
socket (the session, the client's retries, pagination and errors) runs for real. Any request that is not the
next expected one fails the test.
"""

import json as jsonlib
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict


class Expect:
    """One expected request: method and URL (path, or absolute URL), optional query/json/form checks."""

    def __init__(self, method, url, status=200, json=None, headers=None, query=None, body_json=None, form=None, raises=None, check=None):
        self.method = method
        self.url = url
        self.status = status
        self.json = json
        self.headers = headers or {}
        self.query = query
        self.body_json = body_json
        self.form = form
        self.raises = raises
        self.check = check


class FakeTransport(BaseAdapter):
    def __init__(self, base_url, expectations):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.expected = list(expectations)
        self.seen = []
        self.send_kwargs = []

    def send(self, request, **kwargs):
        self.seen.append(request)
        self.send_kwargs.append(kwargs)
        assert self.expected, "unexpected request %s %s" % (request.method, request.url)
        exp = self.expected.pop(0)
        url = exp.url if exp.url.startswith("http") else self.base_url + exp.url
        parts = urlsplit(request.url)
        got = "%s://%s%s" % (parts.scheme, parts.netloc, parts.path)
        want_parts = urlsplit(url)
        want = "%s://%s%s" % (want_parts.scheme, want_parts.netloc, want_parts.path)
        assert (request.method, got) == (exp.method, want), "expected %s %s, got %s %s" % (exp.method, want, request.method, got)
        if want_parts.query:
            assert parts.query == want_parts.query, "query %r != %r" % (parts.query, want_parts.query)
        if exp.query is not None:
            assert {k: v[0] for k, v in parse_qs(parts.query).items()} == exp.query
        if exp.body_json is not None:
            assert jsonlib.loads(request.body) == exp.body_json
        if exp.form is not None:
            body = request.body.decode() if isinstance(request.body, bytes) else request.body
            assert {k: v[0] for k, v in parse_qs(body).items()} == exp.form
        if exp.check is not None:
            exp.check(request)
        if exp.raises is not None:
            raise exp.raises
        response = requests.Response()
        response.status_code = exp.status
        response.headers = CaseInsensitiveDict(exp.headers)
        if exp.json is not None:
            response._content = jsonlib.dumps(exp.json).encode()
            response.headers.setdefault("Content-Type", "application/json;charset=UTF-8")
        else:
            response._content = b""
        response.url = request.url
        response.request = request
        response.reason = {200: "OK", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 429: "Too Many Requests"}.get(exp.status, "")
        return response

    def close(self):
        pass

    def assert_done(self):
        assert not self.expected, "requests never sent: %s" % [(e.method, e.url) for e in self.expected]


def fake_client(expectations, base_url="https://webexapis.example/v1", **kwargs):
    """A real WebexClient whose session talks to a FakeTransport; returns (client, transport, sleeps)."""
    from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexClient

    sleeps = []
    kwargs.setdefault("access_token", "tok-SECRET-canary")
    client = WebexClient(api_url=base_url, sleep=sleeps.append, **kwargs)
    transport = FakeTransport(base_url, expectations)
    client.session.mount("https://", transport)
    client.session.mount("http://", transport)
    return client, transport, sleeps
