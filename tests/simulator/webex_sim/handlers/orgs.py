"""Partner calls of several orgs: `GET /v1/organizations` and the Service App token endpoint (fleet.py)."""

from __future__ import annotations

from aiohttp import web

from ..auth import Auth
from ..errors import json_response
from ..fleet import FLEET
from .common import read_json_object


async def list_organizations(request: web.Request) -> web.Response:
    """Every org for a partner token with spark-admin:organizations_read; an org's admin sees their own org.

    Not paginated, as the spec says."""
    fleet = request.app[FLEET]
    items = fleet.organizations(Auth.bearer(request.headers.get("Authorization")))
    return json_response({"items": items})


async def application_token(request: web.Request) -> web.Response:
    fleet = request.app[FLEET]
    token = Auth.bearer(request.headers.get("Authorization"))
    body = await read_json_object(request)
    return json_response(fleet.mint(token, request.match_info["applicationId"], body))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/organizations", list_organizations, allow_head=False)
    app.router.add_post("/v1/applications/{applicationId}/token", application_token)
