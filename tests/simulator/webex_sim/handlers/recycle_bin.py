"""POST softDelete / restore / purge: the recycle bin, validated strictly and applied all-or-nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from ..errors import ApiError, bad_request, no_content
from ..model import ADMIN_WRITE, USER_WRITE
from .common import caller, conflict, ctx_of, not_found, opt_bool, opt_ids, opt_str, read_json_object

# operation: (flag field, source status, target status)
OPERATIONS = {
    "softDelete": ("trashAll", "available", "deleted"),
    "restore": ("restoreAll", "deleted", "available"),
    "purge": ("purgeAll", "deleted", "purged"),
}


def make_handler(operation: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    flag_name, source, target = OPERATIONS[operation]

    async def handler(request: web.Request) -> web.Response:
        ctx = ctx_of(request)
        person = caller(request)
        # The spec's rule: holding the admin write scope makes the caller an administrator, whatever else it has.
        if ADMIN_WRITE in person.scopes:
            administrator = True
        elif USER_WRITE in person.scopes:
            administrator = False
        else:
            raise ApiError(403)
        body = await read_json_object(request)
        flag = opt_bool(body, flag_name)
        owner_email = opt_str(body, "ownerEmail")
        ids = opt_ids(body)
        store = ctx.store

        if flag:
            if ids:
                raise bad_request(f"recordingIds should be empty when {flag_name} is true.")
            if administrator:
                if not owner_email:
                    raise bad_request(f"ownerEmail is required when an administrator sets {flag_name} to true.")
                owner = store.person_by_email(owner_email)
                if owner is None:
                    raise not_found(request, f"No user with email {owner_email!r} in this organization.")
                if owner.type != "user":
                    raise bad_request(f"{owner_email!r} is not a user; pass the recording ids instead.")
            else:
                if owner_email:
                    raise bad_request(f"ownerEmail should be empty for a user caller when {flag_name} is true.")
                owner = person
            targets = store.owned_by(owner.id, [source])
        else:
            if owner_email:
                raise bad_request(f"ownerEmail should be empty when {flag_name} is false or not specified.")
            if not ids:
                raise bad_request(f"recordingIds should not be empty when {flag_name} is false or not specified.")
            # All or nothing. An id the caller cannot see (unknown, another user's, purged) is 404 and wins over
            # an id in the wrong state (409); with --error-codes legacy both are 400.
            targets = []
            for rid in ids:
                rec = store.get(rid)
                if rec is None or rec.status == "purged" or not (administrator or rec.owner_id == person.id):
                    raise not_found(request, f"Recording {rid} not found.")
                targets.append(rec)
            for rec in targets:
                if rec.status != source:
                    message = f"Recording {rec.id} is {rec.status}; {operation} needs {source} recordings."
                    raise conflict(request, message)
        store.set_status(targets, target)
        return no_content()

    handler.__name__ = f"{operation}_handler"
    return handler
