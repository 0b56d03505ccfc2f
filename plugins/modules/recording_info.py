#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_info
short_description: List Webex Calling recordings, with a summary, details and metadata
version_added: 1.0.0
description:
  - Returns the selected recordings (snake_case, API field names), newest first, their RV(count) and a RV(summary)
    (total size and duration; counts by status, owner and location).
  - Selects V(available) recordings unless O(status) says otherwise. With O(recording_ids) and no O(status), each
    recording is returned whatever its status.
  - O(details) adds each recording's temporary download links, O(metadata) its call metadata; both are fetched
    O(concurrency) recordings at a time.
  - For large organisations, O(summary_only) returns only the count and summary, and O(results_file) writes the
    recordings to a file (one JSON object per line) instead of the result.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.selection
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Read-only; runs the same in check mode. O(results_file) is written in check mode too (it is the output).
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - Never changes anything.
options:
  details:
    description:
      - Add each recording's details (C(GET /convergedRecordings/{id})), which carry RV(recordings[].temporary_direct_download_links).
      - Webex gives download links to the owner (O(access_level=user)) and to a compliance officer only, never to an
        admin token; links expire three hours after the request.
      - Recordings selected by O(recording_ids) are already fetched this way.
    type: bool
    default: false
  metadata:
    description:
      - Add each recording's call metadata (C(GET /convergedRecordings/{id}/metadata)) as RV(recordings[].metadata),
        snake_case. It holds personal data (phone numbers, SIP addresses).
    type: bool
    default: false
  show_all_types:
    description:
      - With O(metadata), ask for the full metadata (C(showAllTypes=true)); Webex otherwise hides the call activity's
        media streams, participants, redirect information and redirected call.
    type: bool
    default: false
  summary_only:
    description:
      - Return only RV(count) and RV(summary), not RV(recordings). Cannot be combined with O(details), O(metadata)
        or O(results_file).
    type: bool
    default: false
  results_file:
    description:
      - Write the recordings to this file, one JSON object per line, instead of returning them in RV(recordings).
      - Written to C(<results_file>.part) first and renamed when complete; on the host the module runs on.
    type: path
  create_folders:
    description:
      - Create the missing folders of O(results_file) (mode C(0700)), in check mode too, as the storage report role
        does for its report folder. When V(false), a missing folder fails the task before any request.
    type: bool
    default: false
    version_added: 2.0.0
  location_names:
    description:
      - Also look up the location names (C(GET /v1/locations), while the listing runs) and return them as
        RV(locations), as M(wxc.recordings.location_info) does, for
        O(wxc.recordings.recording_report#module:location_names). A token that may not read locations fails nothing.
    type: bool
    default: false
    version_added: 2.0.0
  concurrency:
    description:
      - How many lookups (details, metadata, and recordings selected by id) are in flight at the same time.
    type: int
    default: 8
seealso:
  - module: wxc.recordings.recording_archive
  - module: wxc.recordings.recording_trash
"""

EXAMPLES = r"""
- name: How much do the organisation's recordings take, and whose are they?
  wxc.recordings.recording_info:
    access_token: "{{ webex_admin_token }}"
    summary_only: true
    status: [available, deleted]
  register: usage

- name: Warn when close to the organisation's 100 GB
  ansible.builtin.debug:
    msg: "Recordings use {{ (usage.summary.total_size_bytes / 1e9) | round(1) }} GB"
  when: usage.summary.total_size_bytes > 90e9

- name: One departing employee's recordings of the last 90 days
  wxc.recordings.recording_info:
    owner_email: alice@example.com
    newer_than_days: 90
  register: alice

- name: Download links and full metadata of a few recordings, as a compliance officer
  wxc.recordings.recording_info:
    access_token: "{{ webex_compliance_token }}"
    access_level: compliance_officer
    recording_ids:
      - 62807eaf-0c89-492e-a3c3-c4751812603b
    metadata: true
    show_all_types: true

- name: Export a year of recordings of one location to a JSON lines file
  wxc.recordings.recording_info:
    location_id: 02a43ee9-17ae-4e0c-9e79-720e3a6503fd
    results_file: /srv/reports/recordings-hq.jsonl

- name: A user lists their own recycle bin
  wxc.recordings.recording_info:
    access_token: "{{ my_webex_token }}"
    access_level: user
    status: deleted
"""

RETURN = r"""
count:
  description: How many recordings were selected.
  returned: always
  type: int
  sample: 312
summary:
  description: Totals over the selected recordings.
  returned: always
  type: dict
  contains:
    count:
      description: Number of recordings.
      type: int
    total_size_bytes:
      description: Sum of C(size_bytes).
      type: int
      sample: 74222000
    total_duration_seconds:
      description: Sum of C(duration_seconds).
      type: int
    by_status:
      description: Number of recordings per status.
      type: dict
      sample: {available: 290, deleted: 22}
    by_owner:
      description: Number of recordings per owner email (owner id when there is no email).
      type: dict
      sample: {alice@example.com: 120, bob@example.com: 112}
    by_location:
      description: Number of recordings per location id (V(unknown) when a recording has none).
      type: dict
    oldest_create_time:
      description: Creation time of the oldest recording.
      type: str
    newest_create_time:
      description: Creation time of the newest recording.
      type: str
recordings:
  description:
    - The selected recordings, newest first; the API's fields in snake_case, with C(location_id) and
      C(call_session_id) moved up from C(serviceData).
  returned: unless O(summary_only) or O(results_file) is set
  type: list
  elements: dict
  contains:
    id:
      description: Recording id.
      type: str
      sample: 62807eaf-0c89-492e-a3c3-c4751812603b
    topic:
      description: Topic.
      type: str
    create_time:
      description: When the file was generated (ISO 8601).
      type: str
      sample: "2026-03-02T09:30:00Z"
    time_recorded:
      description: When the recording started (ISO 8601).
      type: str
    owner_id:
      description: Owner id.
      type: str
    owner_type:
      description: Owner type (V(user), V(place), V(virtualLine), V(callQueue)).
      type: str
    owner_email:
      description: Owner email address.
      type: str
    format:
      description: File format.
      type: str
      sample: MP3
    duration_seconds:
      description: Length in seconds.
      type: int
    size_bytes:
      description: Size in bytes.
      type: int
    service_type:
      description: V(calling) or V(customerAssist).
      type: str
    storage_region:
      description: Where the recording is stored.
      type: str
      sample: US
    status:
      description: V(available), V(deleted) or V(purged).
      type: str
    location_id:
      description: Webex Calling location.
      type: str
    call_session_id:
      description: Call session.
      type: str
    temporary_direct_download_links:
      description:
        - Download links (C(audio_download_link), C(transcript_download_link), C(suggested_notes_download_link),
          C(short_notes_download_link), C(action_items_download_link)) and their C(expiration).
        - Only those whose artefact exists; none for an admin token or with "Prevent Downloading" on.
      type: dict
      returned: with O(details) or O(recording_ids), when Webex gives links
    metadata:
      description: The call metadata in snake_case (null when Webex has none).
      type: dict
      returned: with O(metadata)
results_file:
  description: The file the recordings were written to.
  returned: with O(results_file)
  type: str
  sample: /srv/reports/recordings-hq.jsonl
locations:
  description: The location names, as M(wxc.recordings.location_info) returns them.
  returned: when O(location_names=true)
  version_added: 2.0.0
  type: dict
  contains:
    names:
      description: Location names by plain location id (empty when the token may not read locations).
      type: dict
    status:
      description: V(checked); V(not permitted) when the token may not read locations; V(failed) on another API error.
      type: str
    message:
      description: Why the names could not be looked up (empty when they were).
      type: str
not_found:
  description: Ids from O(recording_ids) that Webex does not know (HTTP 404).
  returned: always
  type: list
  elements: str
  sample: []
option:
  description: The option that is wrong, when the task fails on its input (before any request).
  returned: on a wrong option
  type: str
  sample: created_after
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._info import run_info
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._selection import SELECTION_MUTUALLY_EXCLUSIVE, selection_argument_spec


def main():
    argument_spec = selection_argument_spec()
    argument_spec.update(
        details=dict(type="bool", default=False),
        metadata=dict(type="bool", default=False),
        show_all_types=dict(type="bool", default=False),
        summary_only=dict(type="bool", default=False),
        results_file=dict(type="path"),
        create_folders=dict(type="bool", default=False),
        location_names=dict(type="bool", default=False),
        concurrency=dict(type="int", default=8),
    )
    module = build_module(argument_spec, mutually_exclusive=SELECTION_MUTUALLY_EXCLUSIVE)
    run_info(module)


if __name__ == "__main__":
    main()
