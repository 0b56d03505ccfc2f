"""``GET /v1/locations``: the caller's org's locations, from the fixture.

Webex wants ``spark-admin:locations_read``, ``spark-admin:people_read`` or ``spark-admin:device_read``
(/work/shared/webex-api/ORG-APIS.md, section 3); without any of them the simulator answers 403, as Webex does.
Location ids are base64 Webex ids (``ciscospark://us/LOCATION/<uuid>``), while recordings carry the plain id
(``serviceData.locationId``). ``name`` filters by "contains, case-insensitive" and ``id`` by id (base64 or plain);
``max`` pages the list with a ``Link: <...>; rel="next"`` header.
"""

from __future__ import annotations

import base64

from aiohttp import web

from ..errors import bad_request, json_response
from .common import caller, ctx_of, require_scope

LOCATION_SCOPES = ("spark-admin:locations_read", "spark-admin:people_read", "spark-admin:device_read")


def webex_location_id(location_id: str) -> str:
    return base64.b64encode(f"ciscospark://us/LOCATION/{location_id}".encode()).decode().rstrip("=")


def plain_location_id(value: str) -> str:
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode()
    except ValueError:
        return value
    return decoded.rsplit("/", 1)[-1] if decoded.startswith("ciscospark://") and "/LOCATION/" in decoded else value


async def list_locations(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    require_scope(caller(request), *LOCATION_SCOPES)
    name = (request.query.get("name") or "").lower()
    wanted = request.query.get("id")
    try:
        size = int(request.query.get("max") or 0)
        start = int(request.query.get("start") or 0)
    except ValueError:
        raise bad_request("max and start must be integers") from None
    if size < 0 or start < 0:
        raise bad_request("max and start must not be negative")
    org_id = base64.b64encode(f"ciscospark://us/ORGANIZATION/{ctx.org.org_id}".encode()).decode().rstrip("=")
    items = [
        {"id": webex_location_id(location.id), "name": location.name, "orgId": org_id}
        for location in ctx.org.locations
        if name in location.name.lower() and (wanted is None or plain_location_id(wanted) == location.id)
    ]
    headers = {}
    if size:
        if start + size < len(items):
            url = request.url.update_query({"start": str(start + size), "max": str(size)})
            headers["Link"] = f'<{url}>; rel="next"'
        items = items[start : start + size]
    return json_response({"items": items}, headers=headers)
