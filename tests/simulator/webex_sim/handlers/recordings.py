"""The read calls: list, admin list, details, metadata."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .. import cursor, metadata
from ..downloads import links
from ..errors import ApiError, bad_request, json_response
from ..model import (
    ADMIN_READ,
    CO_READ,
    FORMATS,
    OWNER_TYPES,
    SERVICE_TYPES,
    STORAGE_REGIONS,
    USER_READ,
    Person,
    Recording,
)
from ..render import recording_object
from ..store import Store
from ..timeutil import parse_iso
from .common import caller, ctx_of, read_view, require_scope, timezone_of, visible

DAY = 86400
DEFAULT_WINDOW = 7 * DAY
MAX_WINDOW = 30 * DAY

_ENUMS: dict[str, tuple[str, ...]] = {
    "serviceType": SERVICE_TYPES,
    "format": FORMATS,
    "ownerType": OWNER_TYPES,
    "storageRegion": STORAGE_REGIONS,
}
_FREE_TEXT = ("locationId", "topic")
_ADMIN_ONLY = ("ownerId", "ownerEmail")
_PARAMS = ("max", "from", "to", "status", *_ENUMS, *_FREE_TEXT)
_INT = re.compile(r"^\d+$")


def _parse_query(q: Any, admin: bool, now: float) -> dict[str, Any]:
    raw_max = q.get("max", "10")
    if not _INT.match(raw_max) or not 1 <= int(raw_max) <= 100:
        raise bad_request("max must be an integer from 1 to 100.")
    times = {}
    for name in ("from", "to"):
        if name in q:
            try:
                times[name] = parse_iso(q[name])
            except ValueError as exc:
                raise bad_request(f"{name} is not a valid ISO 8601 date and time: {q[name]!r}.") from exc
    if "from" in times and "to" in times:
        start, end = times["from"], times["to"]
    elif "from" in times:
        start, end = times["from"], times["from"] + DEFAULT_WINDOW
    elif "to" in times:
        start, end = times["to"] - DEFAULT_WINDOW, times["to"]
    else:
        start, end = now - DEFAULT_WINDOW, now
    if start > end:
        raise bad_request("from cannot be after to.")
    if end - start > MAX_WINDOW:
        raise bad_request("The interval between from and to must be within 30 days.")

    statuses = ("available", "deleted", "purged") if admin else ("available", "deleted")
    filters: dict[str, str] = {"status": q.get("status", "available")}
    if filters["status"] not in statuses:
        raise bad_request(f"status must be one of {', '.join(statuses)}.")
    for name, allowed in _ENUMS.items():
        if name in q:
            if q[name] not in allowed:
                raise bad_request(f"{name} must be one of {', '.join(allowed)}.")
            filters[name] = q[name]
    for name in _FREE_TEXT + (_ADMIN_ONLY if admin else ()):
        if q.get(name):
            filters[name] = q[name]
    return {"f": filters, "m": int(raw_max), "a": start, "b": end}


def _matcher(store: Store, filters: dict[str, str], owner_id: str | None) -> Callable[[Recording], bool]:
    status = filters["status"]
    checks: list[Callable[[Recording], bool]] = []
    if owner_id is not None:
        checks.append(lambda r: r.owner_id == owner_id)
    if "ownerEmail" in filters:
        person = store.person_by_email(filters["ownerEmail"])
        wanted = person.id if person else None
        checks.append(lambda r: r.owner_id == wanted)
    if "ownerId" in filters:
        checks.append(lambda r: r.owner_id == filters["ownerId"])
    if "serviceType" in filters:
        checks.append(lambda r: r.service_type == filters["serviceType"])
    if "format" in filters:
        checks.append(lambda r: r.format == filters["format"])
    if "storageRegion" in filters:
        checks.append(lambda r: r.storage_region == filters["storageRegion"])
    if "locationId" in filters:
        checks.append(lambda r: r.location_id == filters["locationId"])
    if "ownerType" in filters:
        checks.append(lambda r: store.person(r.owner_id).type == filters["ownerType"])
    if "topic" in filters:
        needle = filters["topic"].casefold()
        checks.append(lambda r: needle in r.details.topic.casefold())
    return lambda r: r.status == status and all(check(r) for check in checks)


async def _list(request: web.Request, admin: bool) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    if admin:
        require_scope(person, ADMIN_READ, CO_READ)
    else:
        require_scope(person, USER_READ)
    tz = timezone_of(request)
    endpoint = "admin" if admin else "user"
    q = request.query
    if "cursor" in q:
        mixed = [k for k in (*_PARAMS, *_ADMIN_ONLY) if k in q]
        if mixed:
            # The next link is opaque and complete: re-sent query parameters mean the client rebuilt the URL.
            raise bad_request(f"cursor cannot be combined with other parameters ({', '.join(mixed)}).")
        state = cursor.decode(q["cursor"])
        if state.get("e") != endpoint or state.get("p") != person.id:
            raise bad_request("This cursor belongs to another query or caller.")
        try:
            after: tuple[int, str] | None = (int(state["k"][0]), str(state["k"][1]))
            filters, limit, start, end = dict(state["f"]), int(state["m"]), float(state["a"]), float(state["b"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise bad_request("Invalid cursor.") from exc
        if "status" not in filters or not 1 <= limit <= 100:
            raise bad_request("Invalid cursor.")
    else:
        parsed = _parse_query(q, admin, ctx.now())
        filters, limit, start, end, after = parsed["f"], parsed["m"], parsed["a"], parsed["b"], None
    if filters.get("status") == "purged" and CO_READ not in person.scopes:
        raise ApiError(403, "Only a compliance officer can list purged recordings.")

    match = _matcher(ctx.store, filters, None if admin else person.id)
    items, more = ctx.store.page(start, end, after, match, limit)
    headers = {}
    if more:
        last = items[-1]
        state = {"e": endpoint, "p": person.id, "f": filters, "m": limit, "a": start, "b": end}
        token = cursor.encode({**state, "k": [last.create_ts, last.id]})
        next_url = request.url.origin().with_path(request.path).with_query({"cursor": token})
        headers["Link"] = f'<{next_url}>; rel="next"'
    body = {"items": [recording_object(ctx.store, rec, tz) for rec in items]}
    return json_response(body, headers=headers)


async def list_recordings(request: web.Request) -> web.Response:
    return await _list(request, admin=False)


async def list_admin_recordings(request: web.Request) -> web.Response:
    return await _list(request, admin=True)


def _visible_recording(request: web.Request, person: Person, view: str) -> Recording:
    rec = ctx_of(request).store.get(request.match_info["recordingId"])
    # Foreign, purged (for non-COs) and unknown ids all answer 404, so ids of others cannot be probed.
    if rec is None or not visible(view, person, rec):
        raise ApiError(404)
    return rec


async def details(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    view = read_view(person)
    tz = timezone_of(request)
    rec = _visible_recording(request, person, view)
    body = recording_object(ctx.store, rec, tz)
    owner_or_co = view == "co" or (view == "user" and rec.owner_id == person.id)
    if owner_or_co and not rec.details.prevent_download:
        body = {
            **{k: body[k] for k in ("id", "topic", "createTime", "timeRecorded")},
            "temporaryDirectDownloadLinks": links(request, ctx, rec),
            **body,
        }
    return json_response(body)


async def recording_metadata(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    view = read_view(person)
    raw = request.query.get("showAllTypes", "false").lower()
    if raw not in ("true", "false"):
        raise bad_request("showAllTypes must be true or false.")
    rec = _visible_recording(request, person, view)
    owner = ctx.store.person(rec.owner_id)
    return json_response(metadata.build(rec, owner, ctx.org.org_id, raw == "true"))
