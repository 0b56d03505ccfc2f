# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Location names for the reports: ``GET /v1/locations`` through the client, mapped to the ids recordings carry.

Internal use only: this module is not part of the collection's public API and may change at any time.

``GET /v1/locations`` answers base64 Webex ids (``ciscospark://us/LOCATION/<uuid>``); recordings carry the plain UUID
(``serviceData.locationId``). ``names_by_uuid`` keys the names by the plain UUID (``_reporting.location_uuid``). A
token that may not read locations (401, 403), or any other error, fails nothing: the reports fall back to the ids.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import in_background
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import location_uuid

LOCATION_SCOPES = "spark-admin:locations_read or spark-admin:people_read"


def names_by_uuid(items):
    """``{plain location UUID: name}`` of ``GET /v1/locations`` items (an item without a name is left out)."""
    names = {}
    for item in items:
        if item.get("id") and item.get("name"):
            names[location_uuid(item["id"])] = item["name"]
    return names


def look_up_locations(client):
    """``{"status": "checked"|"not permitted"|"failed", "names": {uuid: name}, "message": str}``.

    Names are a nicety of the reports: no error fails the run, the report shows location ids and the message says why.
    """
    try:
        items = list(client.paginate("/locations", params={"max": 1000}))
    except WebexError as error:
        if error.status in (401, 403):
            return {
                "status": "not permitted",
                "names": {},
                "message": "locations not looked up: the token may not read locations (HTTP %s; scope %s); the report shows location ids"
                % (error.status, LOCATION_SCOPES),
            }
        return {"status": "failed", "names": {}, "message": "locations not looked up: %s; the report shows location ids" % client.redact(str(error))}
    return {"status": "checked", "names": names_by_uuid(items), "message": ""}


def look_up_locations_in_background(client):
    """Start ``look_up_locations`` in a thread; ``.result()`` of the returned future waits for it.

    The names are one request that need not wait for a listing, nor a listing for them; that request is bounded by
    the client's timeout and retries.
    """
    return in_background(look_up_locations, client)
