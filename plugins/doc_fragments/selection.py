# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The options that pick recordings; plugins/module_utils/_selection.py holds their spec and checks.
    # A module overrides what differs for it (the default of status, the choices of access_level).
    DOCUMENTATION = r"""
options:
  access_level:
    description:
      - The role the token acts in. It picks the list endpoint and the rules that apply.
      - V(user) lists the caller's own recordings (C(GET /convergedRecordings), scopes C(spark:recordings_*)).
        Owner filters are not available.
      - V(admin) lists the organisation's recordings (C(GET /admin/convergedRecordings), scopes
        C(spark-admin:recordings_*)).
      - V(compliance_officer) lists them with the compliance scopes C(spark-compliance:recordings_*), and can also
        see V(purged) recordings.
    type: str
    choices: [user, admin, compliance_officer]
    default: admin
  recording_ids:
    description:
      - Act on these recordings only (any number). Each one is looked up by id (C(GET /convergedRecordings/{id}),
        several at a time), so no listing is needed.
      - M(wxc.recordings.recording_trash), M(wxc.recordings.recording_restore) and M(wxc.recordings.recording_purge)
        find more than 100 ids by listing instead (the date range of the other options, else the retention year; one
        status after the other, 100 recordings a request) and look up by id only those the listings did not return.
        The result is the same.
      - An id Webex does not know (HTTP 404) is reported in RV(ignore:not_found); it does not fail the task.
      - The other selection options narrow these recordings down further. With no O(status), each recording is
        reported whatever its status (for example as already done).
    type: list
    elements: str
  exclude_recording_ids:
    description:
      - Never act on these recordings, whatever else selects them (per-recording exclusions, legal holds).
    type: list
    elements: str
  owner_email:
    description:
      - Recordings owned by this person (admin list filter C(ownerEmail)); owners who left are still found.
      - Needs O(access_level=admin) or O(access_level=compliance_officer).
      - Mutually exclusive with O(owner_emails) and O(owner_id).
    type: str
  owner_emails:
    description:
      - Recordings owned by any of these people. Each owner is listed separately with the C(ownerEmail) filter,
        so the cost grows with these owners' recordings, not with the organisation's.
      - Needs O(access_level=admin) or O(access_level=compliance_officer).
      - Mutually exclusive with O(owner_email) and O(owner_id).
    type: list
    elements: str
  owner_id:
    description:
      - Recordings owned by this owner id (admin list filter C(ownerId)). Use it for virtual lines and workspaces,
        which have no email address.
      - Needs O(access_level=admin) or O(access_level=compliance_officer).
      - Mutually exclusive with O(owner_email) and O(owner_emails).
    type: str
  created_after:
    description:
      - Recordings created at or after this time (ISO 8601, for example V(2026-01-31T00:00:00Z); no offset means UTC).
      - Mutually exclusive with O(newer_than_days).
      - With no lower bound the whole retention period (365 days back from now) is searched.
    type: str
  created_before:
    description:
      - Recordings created before this time (ISO 8601). Mutually exclusive with O(older_than_days).
    type: str
  older_than_days:
    description:
      - Recordings created more than this many days ago (an upper bound, like O(created_before)).
      - Mutually exclusive with O(created_before).
    type: int
  newer_than_days:
    description:
      - Recordings created less than this many days ago (a lower bound, like O(created_after)).
      - Mutually exclusive with O(created_after).
    type: int
  status:
    description:
      - Recordings in any of these states. V(available) are live, V(deleted) are in the recycle bin, V(purged) have
        left the recycle bin and are visible to a compliance officer only.
      - Each status is listed separately (the API takes one per listing).
      - When not set, each module uses its own default (see the module's option).
    type: list
    elements: str
    choices: [available, deleted, purged]
  service_type:
    description:
      - Recordings of this service (API filter C(serviceType)).
    type: str
    choices: [calling, customerAssist]
  format:
    description:
      - Recordings in this format (API filter C(format)).
    type: str
    choices: [MP3]
  owner_type:
    description:
      - Recordings whose owner is of this type (API filter C(ownerType)).
    type: str
    choices: [user, place, virtualLine, callQueue]
  storage_region:
    description:
      - Recordings stored in this region (API filter C(storageRegion)).
    type: str
    choices: [US, SG, GB, JP, DE, AU, IN, CA]
  location_id:
    description:
      - Recordings of this Webex Calling location (API filter C(locationId)).
    type: str
  topic:
    description:
      - Recordings whose topic contains this text, case-insensitively.
      - Sent to Webex as the C(topic) filter and checked again on each result, because Webex does not document
        whether it matches the whole topic or a part of it.
    type: str
  min_size_bytes:
    description:
      - Recordings of at least this size. Checked on each recording (the API has no such filter).
    type: int
  min_duration_seconds:
    description:
      - Recordings at least this long. Checked on each recording (the API has no such filter).
    type: int
  call_session_id:
    description:
      - The recordings of this call session. Checked on each recording (the API has no such filter).
    type: str
notes:
  - Listings use 30-day windows (the API's maximum), newest first; a year is 13 windows per status and owner.
  - Every selection option is checked before the first request; a wrong one fails the task naming it.
"""
