"""``GET /v1/people``: look a person up by email, from the fixture's people.

Webex wants ``spark:people_read`` to search people and ``spark-admin:people_read`` for a whole org
(docs/webex-api.md, People); without either the simulator answers 403, as Webex does. An unknown email is a 200 with
an empty ``items`` list (UNCONFIRMED: the usual list behaviour, the strict reading for a client that must tolerate it).
Person ids are base64 Webex ids, as the People API returns them (recordings carry plain UUIDs).
"""

from __future__ import annotations

import base64

from aiohttp import web

from ..errors import bad_request, json_response
from .common import caller, ctx_of, require_scope

PEOPLE_SCOPES = ("spark:people_read", "spark-admin:people_read")


def webex_person_id(person_uuid: str) -> str:
    return base64.b64encode(f"ciscospark://us/PEOPLE/{person_uuid}".encode()).decode().rstrip("=")


async def list_people(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    person = caller(request)
    require_scope(person, *PEOPLE_SCOPES)
    email = (request.query.get("email") or "").strip().lower()
    if not email:
        raise bad_request("email is required (this simulator searches people by email only).")
    found = ctx.org.people_by_email.get(email)
    items = []
    if found is not None:
        items.append(
            {
                "id": webex_person_id(found.id),
                "emails": [found.email],
                "displayName": found.name,
                "orgId": base64.b64encode(f"ciscospark://us/ORGANIZATION/{ctx.org.org_id}".encode())
                .decode()
                .rstrip("="),
                "type": "person",
                "status": "active",
            }
        )
    return json_response({"items": items, "notFoundIds": None})
