"""Helpers every /v1 handler uses: caller, scopes, visibility, the timezone header, JSON bodies."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from aiohttp import web

from ..context import CTX, SimContext
from ..errors import ApiError, bad_request
from ..model import ADMIN_READ, CO_READ, USER_READ, Person, Recording
from ..timeutil import resolve_timezone


def ctx_of(request: web.Request) -> SimContext:
    """The caller's org: the middleware picks it by the token (fleet.py); the first org without one."""
    ctx = request.get("ctx")
    return ctx if ctx is not None else request.app[CTX]


def caller(request: web.Request) -> Person:
    person = ctx_of(request).auth.authenticate(request.headers.get("Authorization"))
    request["person"] = person
    return person


def require_scope(person: Person, *any_of: str) -> None:
    if not person.scopes & set(any_of):
        raise ApiError(403)


ACTION_PATHS = ("reassign", "softDelete", "restore", "purge")


async def post_only(request: web.Request) -> web.Response:
    """Any method but POST on an action path: 405 naming exactly POST (not the {recordingId} path's methods)."""
    raise ApiError(405, headers={"Allow": "POST"})


def read_view(person: Person) -> str:
    """How a read call sees the org: `co` (everything, purged too), `admin` (the org) or `user` (own only)."""
    if CO_READ in person.scopes:
        return "co"
    if ADMIN_READ in person.scopes:
        return "admin"
    if USER_READ in person.scopes:
        return "user"
    raise ApiError(403)


def visible(view: str, person: Person, rec: Recording) -> bool:
    if view == "co":
        return True
    if rec.status == "purged":
        return False
    return view == "admin" or rec.owner_id == person.id


def timezone_of(request: web.Request) -> tzinfo:
    try:
        return resolve_timezone(request.headers.get("timezone"))
    except ValueError as exc:
        raise bad_request(f"Invalid timezone header: {request.headers.get('timezone')!r}.") from exc


async def read_json(request: web.Request, required: bool = True) -> Any:
    """The parsed JSON body; None when there is none and it is optional."""
    ctype = request.headers.get("Content-Type")
    raw = await request.read()
    if not raw.strip():
        if required:
            raise bad_request("Required request body is missing")
        return None
    if ctype and not ctype.split(";")[0].strip().lower().endswith(("/json", "+json")):
        raise ApiError(415, f"Content type {ctype!r} not supported. Use application/json.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(f"JSON parse error: {exc}") from exc


async def read_json_object(request: web.Request, required: bool = True) -> dict:
    """The body as a JSON object. Absent: 400 if `required`, else {}. Present, anything but an object -> 400,
    `null` included (never an `assert`: bad input is the client's error, not the server's)."""
    if not required and not (await request.read()).strip():
        return {}
    body = await read_json(request, required=True)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def legacy_codes(request: web.Request) -> bool:
    return ctx_of(request).config.error_codes == "legacy"


def not_found(request: web.Request, message: str) -> ApiError:
    """An id or a user that does not exist (for the caller): 404 as the spec declares; 400 with legacy codes."""
    return ApiError(400 if legacy_codes(request) else 404, message)


def conflict(request: web.Request, message: str) -> ApiError:
    """A recycle-bin id in the wrong state: 409 as the spec declares; 400 with legacy codes."""
    return ApiError(400 if legacy_codes(request) else 409, message)


def opt_str(body: dict, key: str) -> str | None:
    """A string field; absent, null and "" are all 'empty' (the spec's wording)."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{key} must be a string.")
    return value or None


def opt_bool(body: dict, key: str) -> bool:
    value = body.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise bad_request(f"{key} must be a boolean.")
    return value


def opt_ids(body: dict, key: str = "recordingIds") -> list[str]:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise bad_request(f"{key} must be an array of non-empty strings.")
    if len(value) > 100:
        raise bad_request(f"{key} can contain at most 100 items.")
    if len(set(value)) != len(value):
        raise bad_request(f"{key} must not contain duplicates.")
    return value
