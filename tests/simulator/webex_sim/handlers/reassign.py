"""POST /convergedRecordings/reassign (administrators)."""

from __future__ import annotations

from aiohttp import web

from ..errors import ApiError, bad_request, no_content
from ..model import ADMIN_WRITE
from .common import caller, ctx_of, not_found, opt_ids, opt_str, read_json_object, require_scope


async def reassign(request: web.Request) -> web.Response:
    ctx = ctx_of(request)
    store = ctx.store
    person = caller(request)
    require_scope(person, ADMIN_WRITE)
    body = await read_json_object(request)
    new_email = opt_str(body, "reassignOwnerEmail")
    owner_email = opt_str(body, "ownerEmail")
    owner_id = opt_str(body, "ownerID")
    ids = opt_ids(body)
    if not new_email:
        raise bad_request("reassignOwnerEmail is required.")
    if not (owner_email or owner_id or ids):
        raise bad_request("Provide ownerEmail, ownerID or recordingIds.")
    # A malformed request is 400 first; then what does not exist is 404 (400 with --error-codes legacy).
    new_owner = store.person_by_email(new_email)
    if new_owner is None:
        raise not_found(request, f"reassignOwnerEmail {new_email!r} is not a user of this organization.")
    if new_owner.type != "user":
        raise bad_request(f"reassignOwnerEmail {new_email!r} is a {new_owner.type}, not a user.")

    # ownerEmail wins over ownerID when both are given (the spec's last two rules).
    owner = None
    if owner_email:
        owner = store.person_by_email(owner_email)
        if owner is None:
            raise not_found(request, f"No user with email {owner_email!r} in this organization.")
        if owner.type != "user":
            raise bad_request(f"{owner_email!r} is not a user; use ownerID for virtual lines and workspaces.")
    elif owner_id:
        owner = store.person_by_id(owner_id)
        if owner is None:
            raise not_found(request, f"No owner with id {owner_id!r} in this organization.")

    if ids:
        targets = []
        for rid in ids:
            rec = store.get(rid)
            if rec is None or rec.status == "purged":
                raise not_found(request, f"Recording {rid} not found.")
            if owner is None or rec.owner_id == owner.id:
                targets.append(rec)
    elif owner is not None:
        targets = store.owned_by(owner.id, ["available", "deleted"])
    else:  # unreachable: ids, ownerEmail or ownerID was required above
        raise ApiError(500, "reassign: no recordings and no owner")
    store.set_owner(targets, new_owner)
    return no_content()
