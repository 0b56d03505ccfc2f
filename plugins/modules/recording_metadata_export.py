#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_metadata_export
short_description: Export Webex Calling recordings' call metadata as CSV and JSON lines for a CRM or BI tool, incrementally
version_added: 2.0.0
description:
  - Writes one row per recording, with the columns C(recording_id), C(create_time), C(owner_email), C(owner_name),
    C(owner_type), C(owner_id), C(location_id), C(start_time), C(stop_time), C(duration_seconds), C(direction),
    C(calling_number), C(calling_name), C(called_number), C(called_name), C(remote_number), C(remote_name),
    C(call_session_id), C(topic), C(size_bytes), C(service_type) and C(status), to a CSV file (O(csv_file), with a
    header line) and a JSON lines file (O(jsonl_file), one object per line).
  - The row joins the listed recording (owner, location, topic, size) and its call metadata
    (C(GET /convergedRecordings/{id}/metadata)). C(start_time) and C(stop_time) are the call session's;
    C(duration_seconds) is their difference (the recording's length when the metadata has no session times).
  - C(direction) is the recorded party's side of the call, V(outbound) (personality C(originator)) or V(inbound)
    (C(terminator)); empty when Webex does not say. C(remote_number) and C(remote_name) are the other party, the
    called party of an outbound call and the calling party of an inbound one, the one a CRM knows as the customer.
  - The rows stream to C(<file>.part) files, renamed when complete; memory stays flat whatever the number of
    recordings. Requests are the list pages (30-day windows) and one metadata request per exported recording,
    O(concurrency) at a time.
  - Incremental runs with O(state_file), for a nightly job; each run's files hold only the recordings not exported
    before. The state keeps where the last listing ended (the watermark). The next run lists again from the watermark
    less O(overlap_minutes), because Webex's data can appear after the time a recording carries, and skips the
    recordings it already exported there; a recording created exactly at the watermark is exported once.
  - A recording whose metadata is not there yet (HTTP 404, or 204) is not exported; it is reported in RV(pending),
    kept in the state file and tried again by the next run. One that is no longer listed by then (trashed, purged)
    is given up and reported in RV(dropped).
  - "Phone numbers and SIP addresses are personal data: O(redact) hashes them or keeps their last four digits, and the
    files are written with O(mode) C(0600) by default. Names and owner emails are not redacted."
  - The role P(wxc.recordings.metadata_export#role) runs this module (and optionally the report) with its files in one
    folder.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Lists the recordings and counts in RV(count) what a real run would export (RV(already_exported_count) skipped),
        without metadata requests; writes no file, not even the state file.
  diff_mode:
    support: none
  idempotent:
    support: partial
    details:
      - Never changes anything in Webex. A recording is exported once across runs that share O(state_file).
      - Each run writes its files (the rows new since the last run, possibly none) and moves the watermark, so it
        reports C(changed=true) whenever it wrote a file.
options:
  csv_file:
    description:
      - The CSV file to write (UTF-8, a header line, one line per recording). Replaced as a whole by each run.
      - At least one of O(csv_file) and O(jsonl_file) is required.
    type: path
  jsonl_file:
    description:
      - The JSON lines file to write, one object per recording with the same keys as the CSV columns (numbers as
        numbers). Replaced as a whole by each run.
    type: path
  state_file:
    description:
      - The incremental export's state (JSON, the watermark, the recordings already exported within the overlap and
        those waiting for their metadata). Read at the start and written after the export files are complete.
      - Without it every run exports the whole range.
      - A file that is not such a state file is refused, naming this option, before any request.
    type: path
  redact:
    description:
      - How the C(calling_number), C(called_number) and C(remote_number) columns are written.
      - V(none) as Webex gives them, less a C(tel:) scheme (C(tel:+12025550123) is written C(+12025550123)); SIP addresses
        are written whole.
      - V(last4) only the last four digits, as C(****0123) (C(****) when a number has four digits or fewer); of a SIP
        address, the digits of its user part.
      - V(hash) the HMAC-SHA256 (hex) of the value V(none) would write, with O(redact_salt) as key. The same number
        gives the same value in every run and file, so joins still work; see O(redact_salt).
    type: str
    choices: [none, hash, last4]
    default: none
  redact_salt:
    description:
      - The secret key of O(redact=hash). Keep it, and use the same one in every run, or the hashes no longer join.
      - Without it a public key is used (the module warns), and anyone can hash every phone number to find the values.
    type: str
  overlap_minutes:
    description:
      - How far before the watermark the next run lists again, for recordings that appear in Webex's data later than
        the time they carry. What was exported within the overlap is not exported again.
    type: int
    default: 60
  concurrency:
    description: How many metadata requests are in flight at the same time.
    type: int
    default: 8
  mode:
    description:
      - Permissions of the files written (they hold phone numbers), whatever the umask. An octal string such as
        V('0640') (quote it in YAML), or an integer (an unquoted C(0640) in YAML is read as octal).
    type: raw
    default: '0600'
  access_level:
    description:
      - The role the token acts in. V(user) exports the caller's own recordings (C(GET /convergedRecordings));
        V(admin) and V(compliance_officer) the organisation's (C(GET /admin/convergedRecordings)).
    type: str
    choices: [user, admin, compliance_officer]
    default: admin
  status:
    description:
      - Recordings in any of these states; V(purged) needs O(access_level=compliance_officer).
    type: list
    elements: str
    choices: [available, deleted, purged]
    default: [available]
  owner_email:
    description: Only this owner's recordings (admin list filter C(ownerEmail)). Mutually exclusive with O(owner_id).
    type: str
  owner_id:
    description: Only this owner's recordings (admin list filter C(ownerId)), for virtual lines and workspaces.
    type: str
  location_id:
    description: Only this location's recordings (API filter C(locationId)).
    type: str
  owner_type:
    description: Only recordings whose owner is of this type (API filter C(ownerType)).
    type: str
    choices: [user, place, virtualLine, callQueue]
  service_type:
    description: Only recordings of this service (API filter C(serviceType)).
    type: str
    choices: [calling, customerAssist]
  topic:
    description: Only recordings whose topic contains this text, case-insensitively.
    type: str
  created_after:
    description:
      - Export nothing created before this time (ISO 8601). Without it, and without O(newer_than_days), the first run
        exports the retention year (365 days back).
      - With O(state_file), later runs start at the watermark (less O(overlap_minutes)), never before this time.
      - Mutually exclusive with O(newer_than_days).
    type: str
  newer_than_days:
    description: Export nothing created more than this many days ago (as O(created_after)).
    type: int
notes:
  - The watermark is the end of the last listing (the time the run listed), not the newest recording exported. A
    recording that appears in Webex's data more than O(overlap_minutes) after its creation time is missed; raise
    O(overlap_minutes) if your organisation sees longer delays.
  - The state file is written last. A run that fails writes no export file and keeps the old state; a run whose state
    file cannot be written fails after writing its export files, and the next run exports those recordings again.
  - In the CSV, free text (the topic, the names) that a spreadsheet would run as a formula (it starts with C(=),
    C(+), C(-) or C(@)) gets a leading quote; numbers are written as they are (a number starts with C(+)), so that a
    CRM joins on them. The JSON lines file has every value unchanged. Import the CSV into a spreadsheet as text
    rather than opening it by double-click.
seealso:
  - module: wxc.recordings.recording_report
    description: O(wxc.recordings.recording_report#module:metadata_file) groups the export by any column, with charts.
  - module: wxc.recordings.recording_info
"""

EXAMPLES = r"""
- name: Nightly export of yesterday's new calls for the CRM, numbers hashed
  wxc.recordings.recording_metadata_export:
    csv_file: /srv/export/calls-{{ now(utc=true, fmt='%Y%m%d') }}.csv
    jsonl_file: /srv/export/calls-{{ now(utc=true, fmt='%Y%m%d') }}.jsonl
    state_file: /srv/export/calls-state.json
    redact: hash
    redact_salt: "{{ crm_join_key }}"
  register: export

- name: Say what was exported and what waits for its metadata
  ansible.builtin.debug:
    msg: "{{ export.message_lines }}"

- name: One location's calls of the last 30 days, last four digits only
  wxc.recordings.recording_metadata_export:
    location_id: 02a43ee9-17ae-4e0c-9e79-720e3a6503fd
    newer_than_days: 30
    csv_file: /srv/export/hq-calls.csv
    redact: last4
"""

RETURN = r"""
count:
  description: Recordings exported (in check mode, that a real run would export).
  returned: always
  type: int
  sample: 42
listed_count:
  description: Recordings listed in the range.
  returned: always
  type: int
already_exported_count:
  description: Listed recordings an earlier run exported (within the overlap), skipped.
  returned: always
  type: int
pending_count:
  description: Recordings not exported because their metadata is not there yet; the next run tries them again.
  returned: always
  type: int
pending:
  description: Those recordings (at most 100; the state file keeps all), with C(id), C(create_time) and C(reason).
  returned: always
  type: list
  elements: dict
dropped_count:
  description: Recordings an earlier run left pending that are no longer listed, given up.
  returned: always
  type: int
dropped:
  description: Their ids (at most 100).
  returned: always
  type: list
  elements: str
files:
  description: The export files written, by format (V(csv), V(jsonl)); empty in check mode.
  returned: always
  type: dict
  sample: {csv: /srv/export/calls-20261130.csv, jsonl: /srv/export/calls-20261130.jsonl}
files_written:
  description: Every file written, the state file included.
  returned: always
  type: list
  elements: str
state_file:
  description: The state file (O(state_file)).
  returned: always
  type: str
watermark:
  description: Where the next run starts, less O(overlap_minutes) (the end of this run's listing); null without O(state_file).
  returned: always
  type: str
  sample: "2026-11-30T01:00:00.000Z"
listed:
  description: The range listed, C(from) (inclusive) and C(to) (exclusive).
  returned: always
  type: dict
  sample: {from: "2026-11-29T00:00:00.000Z", to: "2026-11-30T01:00:00.000Z"}
requests:
  description: The requests sent, C(list_pages), C(metadata) and C(total).
  returned: always
  type: dict
  sample: {list_pages: 1, metadata: 42, total: 43}
redact:
  description: The redaction applied to the number columns.
  returned: always
  type: str
message:
  description: A summary for people, the lines of RV(message_lines) joined.
  returned: always
  type: str
message_lines:
  description: The same summary, one line per item.
  returned: always
  type: list
  elements: str
  sample:
    - Exported 42 recording(s) created from 2026-11-29T00:00:00.000Z to 2026-11-30T01:00:00.000Z; 45 listed, 3 already exported by an earlier run
    - "Files: /srv/export/calls-20261130.csv, /srv/export/calls-20261130.jsonl"
option:
  description: The option that is wrong, when the task fails on its input (before any request).
  returned: on a wrong option
  type: str
  sample: state_file
error:
  description: The Webex error (status, method, path, message, tracking_id) when an API call failed the task.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._metadata_export_run import (
    EXPORT_MUTUALLY_EXCLUSIVE,
    EXPORT_REQUIRED_ONE_OF,
    export_argument_spec,
    run_export,
)
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module


def main():
    module = build_module(export_argument_spec(), mutually_exclusive=EXPORT_MUTUALLY_EXCLUSIVE, required_one_of=EXPORT_REQUIRED_ONE_OF)
    run_export(module)


if __name__ == "__main__":
    main()
