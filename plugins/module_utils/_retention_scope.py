# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""A retention run limited to some locations or owners (``recording_retention_plan``'s ``location_ids`` and
``owner_emails``): which listings it sends, and which recordings it may keep. Pure, table-tested.

Internal use only: this module is not part of the collection's public API and may change at any time.

The listing asks Webex for the scope only (``locationId``, ``ownerEmail``); every listed recording is checked again
here, so a server that ignored a filter can never bring another location's recordings into the plan. Several
locations or owners are listed one by one (the API takes one of each per request).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import location_uuid


def _unique(values, fold=None):
    seen, out = set(), []
    for value in values or ():
        value = str(value or "").strip()
        key = fold(value) if fold else value
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def normalize_scope(location_ids, owner_emails):
    """``(location UUIDs, owner emails)``: plain UUIDs (``GET /v1/locations`` gives base64 Webex ids, recordings carry
    plain UUIDs), without blanks and repeats."""
    return _unique(location_uuid(i) for i in (location_ids or ())), _unique(owner_emails, fold=str.lower)


def check_scope(location_ids, owner_emails, quota_enabled):
    """Refuse, before any request, what a limited run cannot do: the quota counts the whole organisation."""
    if quota_enabled and (location_ids or owner_emails):
        option = "location_ids" if location_ids else "owner_emails"
        raise OptionError(
            option,
            "%s limits the run to part of the organisation, but quota_enabled needs every available recording of it (the "
            "quota is the organisation's): run the quota without %s, or limit the run without the quota" % (option, option),
        )


def scope_filters(location_ids, owner_emails):
    """The list filters of each listing: one per location and owner (``[{}]``: the whole organisation)."""
    locations = list(location_ids or ()) or [None]
    owners = list(owner_emails or ()) or [None]
    filters = []
    for location in locations:
        for owner in owners:
            query = {}
            if location:
                query["location_id"] = location
            if owner:
                query["owner_email"] = owner
            filters.append(query)
    return filters


def in_scope(recording, location_ids, owner_emails):
    """Whether a listed recording (as the API returns it) belongs to the scope."""
    if location_ids:
        location = ((recording.get("serviceData") or {}).get("locationId")) or ""
        if location_uuid(location) not in set(location_ids):
            return False
    if owner_emails:
        if str(recording.get("ownerEmail") or "").lower() not in set(e.lower() for e in owner_emails):
            return False
    return True


def describe_limit(location_ids, owner_emails):
    """The scope as the plan and the result state it (empty lists: the whole organisation)."""
    return {"location_ids": list(location_ids or ()), "owner_emails": list(owner_emails or ())}


def limit_for_apply(given, planned):
    """The limit of a run that applies a plan: the plan's own (``planned``, its ``limited_to``), so that the organisation
    is listed again exactly as far as the plan covered it. ``given`` (the task's options) may be empty or the same;
    another limit is refused, naming the option."""
    planned = normalize_scope((planned or {}).get("location_ids"), (planned or {}).get("owner_emails"))
    for option, mine, theirs, fold in (("location_ids", given[0], planned[0], None), ("owner_emails", given[1], planned[1], str.lower)):
        key = fold or (lambda value: value)
        if mine and set(map(key, mine)) != set(map(key, theirs)):
            raise OptionError(
                option,
                "%s: the plan was made for %s, not %s; apply it with the same %s, or without any"
                % (option, ", ".join(theirs) or "the whole organisation", ", ".join(mine), option),
            )
    return planned
