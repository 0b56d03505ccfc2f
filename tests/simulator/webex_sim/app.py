"""The aiohttp application: routes of /v1, /downloads and /_sim on one server."""

from __future__ import annotations

from aiohttp import web

from . import arrivals, hooks
from .config import Config
from .context import CTX
from .downloads import download
from .fleet import FLEET, OrgSpec, build_fleet
from .handlers import compliance, locations, orgs, people, platform, reassign, recordings, recycle_bin
from .handlers import webhooks as webhook_handlers
from .handlers.common import ACTION_PATHS, post_only
from .middleware import add_tracking_header, simulator_middleware
from .model import Org


def build_app(config: Config, org: Org | list[OrgSpec]) -> web.Application:
    """One org, or several (fleet.py): the token of each request decides its org; app[CTX] is the first."""
    app = web.Application(middlewares=[simulator_middleware])
    fleet = build_fleet(config, org if isinstance(org, list) else [OrgSpec(org)])
    ctx = fleet.primary
    app[CTX] = ctx
    app[FLEET] = fleet
    app.on_response_prepare.append(add_tracking_header)

    async def close_log(_app: web.Application) -> None:
        ctx.requests.close()

    app.on_cleanup.append(close_log)

    r = app.router
    r.add_post("/v1/convergedRecordings/reassign", reassign.reassign)
    for operation in recycle_bin.OPERATIONS:
        r.add_post(f"/v1/convergedRecordings/{operation}", recycle_bin.make_handler(operation))
    # Any other method on these four POST-only paths: 405 with `Allow: POST`, not the methods of the
    # {recordingId} path below that the router would otherwise merge in.
    for action in ACTION_PATHS:
        r.add_route("*", f"/v1/convergedRecordings/{action}", post_only)
    r.add_get("/v1/convergedRecordings", recordings.list_recordings, allow_head=False)
    r.add_get("/v1/admin/convergedRecordings", recordings.list_admin_recordings, allow_head=False)
    r.add_get("/v1/convergedRecordings/{recordingId}", recordings.details, allow_head=False)
    r.add_delete("/v1/convergedRecordings/{recordingId}", compliance.delete_recording)
    r.add_get("/v1/convergedRecordings/{recordingId}/metadata", recordings.recording_metadata, allow_head=False)
    r.add_post("/v1/access_token", platform.access_token)
    r.add_get("/v1/people/me", platform.people_me, allow_head=False)
    r.add_get("/v1/people", people.list_people, allow_head=False)
    r.add_get("/v1/locations", locations.list_locations, allow_head=False)
    r.add_post("/v1/messages", platform.create_message)
    orgs.add_routes(app)
    r.add_get("/downloads/{token}/{artifact}", download, allow_head=False)
    hooks.add_routes(app)
    # /v1/webhooks, deliveries, and new recordings (POST /_sim/recordings, --record-rate)
    arrivals.setup(app)
    webhook_handlers.add_routes(app)
    return app
