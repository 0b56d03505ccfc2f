"""Webex-shaped responses: the standard error body and the exact JSON content type."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

JSON_TYPE = "application/json;charset=UTF-8"

MESSAGES = {
    400: "The request was invalid or cannot be otherwise served.",
    401: "The request requires a valid access token set in the Authorization request header.",
    403: "The server understood the request, but refused to fulfill it because the access token is missing "
    "required scopes or the user is missing required roles or licenses.",
    404: "The requested resource could not be found.",
    405: "The request was made to a resource using an HTTP request method that is not supported.",
    413: "The request body is too large.",
    415: "The request was made to a resource without specifying a media type or used a media type that is not "
    "supported.",
    429: "Too many requests have been sent in a given amount of time and the request has been rate limited. "
    "A Retry-After header should be present that specifies how many seconds you need to wait before a "
    "successful request can be made.",
    500: "Something went wrong on the server.",
    502: "The server received an invalid response from an upstream server while processing the request.",
    503: "Server is overloaded with requests. Try again later.",
    504: "An upstream server failed to respond on time. If your query uses max parameter, please try to reduce it.",
}


class ApiError(Exception):
    """Raised anywhere in a handler; the middleware turns it into the standard error body."""

    def __init__(self, status: int, message: str | None = None, headers: dict[str, str] | None = None):
        self.status = status
        self.message = message or MESSAGES.get(status, "Error")
        self.headers = headers or {}
        super().__init__(f"{status} {self.message}")


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    all_headers = {"Content-Type": JSON_TYPE}
    all_headers.update(headers or {})
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


def error_response(error: ApiError, tracking_id: str) -> web.Response:
    body = {"message": error.message, "errors": [{"description": error.message}], "trackingId": tracking_id}
    return json_response(body, status=error.status, headers=error.headers)


def no_content() -> web.Response:
    return web.Response(status=204)
