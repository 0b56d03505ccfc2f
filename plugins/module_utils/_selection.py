# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Which recordings a task is about: the selection options every module shares, their checks, and what matches.

Internal use only: this module is not part of the collection's public API and may change at any time.

No requests: ``_lookup`` finds the selected recordings in Webex (``select_recordings``). Interface used by the
other modules (keep it stable):

- ``selection_argument_spec()``: the options of the ``wxc.recordings.selection`` doc fragment.
- ``SELECTION_MUTUALLY_EXCLUSIVE``, ``SELECTION_REQUIRED_ONE_OF``: for ``build_module``.
- ``validate_selection(module)``: fails naming the option, before any request.
- ``parse_selection(params)``: the ``Selection`` (what to list, ``matches(recording)``), or ``OptionError``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._dates import RETENTION_DAYS, parse_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._module import access_level_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._records import call_session_of, created_time, location_of

STATUSES = ("available", "deleted", "purged")
SERVICE_TYPES = ("calling", "customerAssist")
FORMATS = ("MP3",)
OWNER_TYPES = ("user", "place", "virtualLine", "callQueue")
STORAGE_REGIONS = ("US", "SG", "GB", "JP", "DE", "AU", "IN", "CA")

OWNER_OPTIONS = ("owner_email", "owner_emails", "owner_id")
DATE_OPTIONS = ("created_after", "created_before", "older_than_days", "newer_than_days")
# Sent to Webex as query parameters of the list endpoints (snake_case as client.list_recordings takes them).
SERVER_FILTER_OPTIONS = ("service_type", "format", "owner_type", "storage_region", "location_id", "topic")
# The API has no such filters: applied to each listed recording.
CLIENT_FILTER_OPTIONS = ("min_size_bytes", "min_duration_seconds", "call_session_id", "exclude_recording_ids")

# Options that narrow a selection down. A module that must never act on a whole organisation by accident
# (reassign, compliance delete) passes SELECTION_REQUIRED_ONE_OF to build_module.
SELECTION_CRITERIA = ("recording_ids",) + OWNER_OPTIONS + DATE_OPTIONS + SERVER_FILTER_OPTIONS + ("min_size_bytes", "min_duration_seconds", "call_session_id")
SELECTION_MUTUALLY_EXCLUSIVE = [
    list(OWNER_OPTIONS),
    ["created_after", "newer_than_days"],
    ["created_before", "older_than_days"],
]
SELECTION_REQUIRED_ONE_OF = [list(SELECTION_CRITERIA)]

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def selection_argument_spec():
    """Options of the ``wxc.recordings.selection`` doc fragment (``access_level`` included)."""
    spec = dict(
        recording_ids=dict(type="list", elements="str"),
        exclude_recording_ids=dict(type="list", elements="str"),
        owner_email=dict(type="str"),
        owner_emails=dict(type="list", elements="str"),
        owner_id=dict(type="str"),
        created_after=dict(type="str"),
        created_before=dict(type="str"),
        older_than_days=dict(type="int"),
        newer_than_days=dict(type="int"),
        # No default here: each module has its own (select_recordings' ``statuses``), and an explicit value
        # must be told apart from it (explicit ids with no status are reported whatever their status).
        status=dict(type="list", elements="str", choices=list(STATUSES)),
        service_type=dict(type="str", choices=list(SERVICE_TYPES)),
        format=dict(type="str", choices=list(FORMATS)),
        owner_type=dict(type="str", choices=list(OWNER_TYPES)),
        storage_region=dict(type="str", choices=list(STORAGE_REGIONS)),
        location_id=dict(type="str"),
        topic=dict(type="str"),
        min_size_bytes=dict(type="int"),
        min_duration_seconds=dict(type="int"),
        call_session_id=dict(type="str"),
    )
    spec.update(access_level_argument_spec())
    return spec


def check_concurrency(value, maximum=None, option="concurrency"):
    """The one check of a ``concurrency`` option (None: the module's default applies): 1 or more, at most ``maximum``."""
    if value is None:
        return
    if maximum is not None and not 1 <= value <= maximum:
        raise OptionError(option, "%s must be between 1 and %d, got %s" % (option, maximum, value))
    if value < 1:
        raise OptionError(option, "%s must be 1 or more, got %s" % (option, value))


def is_email(value):
    return bool(value) and bool(EMAIL_PATTERN.match(value))


def _ids(option, values):
    if values is None:
        return None
    ids, seen = [], set()
    for value in values:
        value = (value or "").strip()
        if not value:
            raise OptionError(option, "%s must not contain empty ids" % option)
        # A set, not the list: the retention role passes tens of thousands of ids (a list made this quadratic).
        if value not in seen:
            seen.add(value)
            ids.append(value)
    return ids


def _timestamp(params, option):
    value = params.get(option)
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except (TypeError, ValueError):
        raise OptionError(option, "%s must be an ISO 8601 timestamp such as 2026-01-31T00:00:00Z, got %r" % (option, value)) from None


def _non_negative(params, option):
    value = params.get(option)
    if value is not None and value < 0:
        raise OptionError(option, "%s must be 0 or more, got %s" % (option, value))
    return value


def newest_first(recordings):
    """Sort like the API does (createTime descending); recordings without a readable time go last."""
    dated = [(created_time(recording), index, recording) for index, recording in enumerate(recordings)]
    dated.sort(key=lambda entry: (entry[0] is not None, entry[0].timestamp() if entry[0] else 0, -entry[1]), reverse=True)
    return [entry[2] for entry in dated]


class Selection:
    """The parsed selection options: what to list (or fetch), and the filters each recording must pass."""

    def __init__(self, params, access_level, statuses=None, now=None):
        now = now or utc_now()
        self.access_level = access_level or "admin"
        # Only admins and compliance officers have the admin list endpoint, the one with owner filters.
        self.admin = self.access_level in ("admin", "compliance_officer")

        self.recording_ids = _ids("recording_ids", params.get("recording_ids"))
        # recording_ids: [] selects nothing, and a task given it changes nothing: "archive, then trash what was
        # archived" finds nothing left to do on its second run, and must not fail for it.
        self.exclude_ids = set(_ids("exclude_recording_ids", params.get("exclude_recording_ids")) or [])

        owner_emails = params.get("owner_emails")
        if params.get("owner_email") is not None:
            owner_emails = [params["owner_email"]]
        self.owner_emails = None
        if owner_emails is not None:
            option = "owner_email" if params.get("owner_email") is not None else "owner_emails"
            if not owner_emails:
                raise OptionError(option, "%s must list at least one email address" % option)
            self.owner_emails = []
            for email in owner_emails:
                email = (email or "").strip()
                if not is_email(email):
                    raise OptionError(option, "%s: %r is not an email address" % (option, email))
                if email.lower() not in [known.lower() for known in self.owner_emails]:
                    self.owner_emails.append(email)
        self.owner_id = params.get("owner_id")
        if self.owner_id is not None and not self.owner_id.strip():
            raise OptionError("owner_id", "owner_id must not be empty")
        if not self.admin:
            for option in OWNER_OPTIONS:
                if params.get(option) is not None:
                    raise OptionError(
                        option, "%s needs access_level admin or compliance_officer: a user lists only their own recordings" % option
                    )

        explicit_statuses = params.get("status")
        if explicit_statuses is not None:
            if not explicit_statuses:
                raise OptionError("status", "status must list at least one status")
            for status in explicit_statuses:
                if status not in STATUSES:
                    raise OptionError("status", "status must be one of %s, got %r" % (", ".join(STATUSES), status))
        self.statuses_explicit = explicit_statuses is not None
        wanted = explicit_statuses if explicit_statuses is not None else statuses
        self.statuses = None if wanted is None else [status for index, status in enumerate(wanted) if status not in wanted[:index]]
        # UNCONFIRMED whether an admin may list `purged` (docs/webex-api.md 12); strict reading: compliance officers only.
        if self.statuses_explicit and "purged" in self.statuses and self.access_level != "compliance_officer":
            raise OptionError("status", "status purged is visible to a compliance officer only (access_level compliance_officer)")

        for option in ("older_than_days", "newer_than_days", "min_size_bytes", "min_duration_seconds"):
            _non_negative(params, option)
        after = _timestamp(params, "created_after")
        before = _timestamp(params, "created_before")
        after_option, before_option = "created_after", "created_before"
        if params.get("newer_than_days") is not None:
            after, after_option = now - timedelta(days=params["newer_than_days"]), "newer_than_days"
        if params.get("older_than_days") is not None:
            before, before_option = now - timedelta(days=params["older_than_days"]), "older_than_days"
        if after is not None and before is not None and after >= before:
            raise OptionError(after_option, "%s must select an earlier time than %s: nothing can be created in between" % (after_option, before_option))
        self.date_bounded = after is not None or before is not None
        self.created_after = after
        self.created_before = before
        # With no lower bound the whole retention period is searched (Webex keeps recordings a year).
        self.list_from = after if after is not None else now - timedelta(days=RETENTION_DAYS)
        self.list_to = before if before is not None else now

        self.server_filters = dict((option, params.get(option)) for option in SERVER_FILTER_OPTIONS if params.get(option) is not None)
        for option in ("location_id", "topic", "call_session_id"):
            if params.get(option) is not None and not params[option].strip():
                raise OptionError(option, "%s must not be empty" % option)
        self.min_size_bytes = params.get("min_size_bytes")
        self.min_duration_seconds = params.get("min_duration_seconds")
        self.call_session_id = params.get("call_session_id")

    # ------------------------------------------------------------------ shape of the selection

    @property
    def has_filters(self):
        """True when anything beyond owner and status narrows the selection."""
        return bool(
            self.recording_ids is not None
            or self.exclude_ids
            or self.date_bounded
            or self.server_filters
            or self.min_size_bytes is not None
            or self.min_duration_seconds is not None
            or self.call_session_id is not None
        )

    def whole_owner(self):
        """``(kind, value)`` when the selection is "everything one owner has" in the module's default statuses.

        ``("owner_email", email)`` or ``("owner_id", id)`` for an admin or compliance officer naming one owner and
        nothing else; ``("me", None)`` for a user selecting nothing at all ("all my recordings"); else None.
        Only then may a module use the API's owner-wide forms (``trashAll``, reassign by ``ownerEmail``...),
        which act on whatever the owner has when the call lands.
        """
        if self.has_filters or self.statuses_explicit:
            return None
        if not self.admin:
            return ("me", None)
        if self.owner_emails is not None and len(self.owner_emails) == 1:
            return ("owner_email", self.owner_emails[0])
        if self.owner_id is not None:
            return ("owner_id", self.owner_id)
        return None

    # ------------------------------------------------------------------ filters

    def matches(self, recording, fetched_by_id=False):
        """Does ``recording`` (API fields) pass every filter?

        Listed recordings already passed the server-side filters; recordings fetched by id did not, so for them
        every filter is checked here.
        """
        if recording.get("id") in self.exclude_ids:
            return False
        if self.min_size_bytes is not None and (recording.get("sizeBytes") or 0) < self.min_size_bytes:
            return False
        if self.min_duration_seconds is not None and (recording.get("durationSeconds") or 0) < self.min_duration_seconds:
            return False
        if self.call_session_id is not None and call_session_of(recording) != self.call_session_id:
            return False
        topic = self.server_filters.get("topic")
        # UNCONFIRMED whether Webex matches the topic exactly or as a part (docs/webex-api.md 12); strict reading:
        # whatever Webex returns must also contain the text (case-insensitive), so the result never depends on it.
        if topic is not None and topic.lower() not in (recording.get("topic") or "").lower():
            return False
        if self.date_bounded:
            # UNCONFIRMED which timestamp the list window filters on (docs/webex-api.md 12); the options are about createTime.
            created = created_time(recording)
            if created is None:
                return False
            if self.created_after is not None and created < self.created_after:
                return False
            if self.created_before is not None and created >= self.created_before:
                return False
        if not fetched_by_id:
            return True
        if self.statuses is not None and recording.get("status") not in self.statuses:
            return False
        if self.owner_emails is not None and (recording.get("ownerEmail") or "").lower() not in [e.lower() for e in self.owner_emails]:
            return False
        if self.owner_id is not None and recording.get("ownerId") != self.owner_id:
            return False
        for option, field in (("service_type", "serviceType"), ("format", "format"), ("owner_type", "ownerType"), ("storage_region", "storageRegion")):
            if option in self.server_filters and recording.get(field) != self.server_filters[option]:
                return False
        if "location_id" in self.server_filters and location_of(recording) != self.server_filters["location_id"]:
            return False
        return True

    # ------------------------------------------------------------------ listings

    def listings(self):
        """The list calls to make: one per (owner email, status) pair, as keyword arguments of list_recordings.

        Several owners are listed one by one with the admin endpoint's ``ownerEmail`` filter rather than by listing
        the whole organisation and filtering here: the cost then grows with those owners' recordings, not with the
        organisation's, and owners who have left the organisation are still found.
        """
        owners = self.owner_emails or [None]
        statuses = self.statuses or [None]
        calls = []
        for owner in owners:
            for status in statuses:
                filters = dict(self.server_filters)
                if status is not None:
                    filters["status"] = status
                if owner is not None:
                    filters["owner_email"] = owner
                if self.owner_id is not None:
                    filters["owner_id"] = self.owner_id
                calls.append(filters)
        return calls


def parse_selection(params, access_level=None, statuses=None, now=None):
    """The ``Selection`` for module params; raises ``OptionError`` naming the first wrong option."""
    return Selection(params, access_level or params.get("access_level") or "admin", statuses=statuses, now=now)


def validate_selection(module, statuses=None):
    """Check the selection options before any request; fail the task naming the option that is wrong."""
    try:
        return parse_selection(module.params, statuses=statuses)
    except OptionError as exc:
        module.fail_json(msg=exc.message, option=exc.option)
