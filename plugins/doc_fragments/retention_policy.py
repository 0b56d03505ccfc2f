# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The retention policy and its plan files: recording_retention_plan and recording_retention take the same options;
    # plugins/module_utils/_retention_options.py (policy_argument_spec) holds their spec.
    DOCUMENTATION = r"""
options:
  rules:
    description:
      - The ordered rules. The first rule whose conditions all hold for a recording decides its action.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the rule, shown in the plan and the reports. Unique; V(quota) and V(recycle-bin-grace) are reserved.
        type: str
        required: true
      action:
        description:
          - V(archive) downloads the recording (O(archive_before_trash) does not matter).
          - V(trash) moves an available recording to the recycle bin, archived first when O(archive_before_trash).
          - V(purge) trashes an available recording (archived first when O(archive_before_trash)) and purges it, and
            purges a recording already in the recycle bin. With O(purge_enabled=false) it only trashes.
        type: str
        required: true
        choices: [archive, trash, purge]
      match:
        description: The conditions; all must hold. No condition matches every recording in the rule's statuses.
        type: dict
        default: {}
        suboptions:
          older_than_days:
            description: Created more than this many days ago.
            type: int
          newer_than_days:
            description: Created less than this many days ago.
            type: int
          owner_emails:
            description: Owned by one of these people (case-insensitive).
            type: list
            elements: str
          exclude_owner_emails:
            description: Not owned by any of these people.
            type: list
            elements: str
          owner_types:
            description: Owner of one of these types.
            type: list
            elements: str
            choices: [user, place, virtualLine, callQueue]
          location_ids:
            description: At one of these Webex Calling locations.
            type: list
            elements: str
          service_types:
            description: Of one of these services.
            type: list
            elements: str
            choices: [calling, customerAssist]
          storage_regions:
            description: Stored in one of these regions.
            type: list
            elements: str
            choices: [US, SG, GB, JP, DE, AU, IN, CA]
          topic_pattern:
            description: A Python regular expression searched in the topic, case-insensitively.
            type: str
          statuses:
            description:
              - The statuses the rule applies to. Default V([available]) for V(archive) and V(trash), V([available, deleted])
                for V(purge). V(trash) accepts only V(available).
            type: list
            elements: str
            choices: [available, deleted]
          min_size_bytes:
            description: At least this size.
            type: int
          max_size_bytes:
            description: At most this size.
            type: int
          min_duration_seconds:
            description: At least this long.
            type: int
  legal_holds:
    description:
      - Recordings no rule, quota or purge may touch, whatever they match. Checked again in apply mode.
    type: dict
    default: {}
    suboptions:
      owner_emails:
        description: Every recording of these owners.
        type: list
        elements: str
      recording_ids:
        description: These recordings.
        type: list
        elements: str
      location_ids:
        description: Every recording of these locations.
        type: list
        elements: str
  location_ids:
    description:
      - Limit the whole run to the recordings of these Webex Calling locations (plain UUIDs as recordings carry them, or
        the base64 ids of C(GET /v1/locations)). Only they are listed (C(locationId), one listing per location),
        evaluated and acted on; every listed recording is checked again, so no other location's recording can enter
        the plan. Empty (the default) means the whole organisation.
      - One run per location, side by side, is how retention runs per location in parallel from an inventory (the
        C(wxc.recordings.retention) role's C(retention_location_ids); see the AWX guide).
      - Not with O(quota_enabled), which needs every available recording of the organisation (refused before any request).
      - In apply mode (O(apply_plan)) the plan's own limit is used, so the organisation is listed again exactly as far as
        the plan covered it; a different limit is refused.
    type: list
    elements: str
    default: []
    version_added: 2.0.0
  owner_emails:
    description:
      - Limit the whole run to the recordings of these owners (C(ownerEmail), one listing per owner; with O(location_ids),
        one per location and owner). Empty (the default) means every owner. Not with O(quota_enabled).
    type: list
    elements: str
    default: []
    version_added: 2.0.0
  archive_before_trash:
    description:
      - Mark every recording a V(trash) or V(purge) rule or the quota trashes as to be archived first
        (C(archive_first) in the plan's entries); the role trashes only those whose archive is verified.
    type: bool
    default: true
  quota_enabled:
    description:
      - Trash the oldest available recordings (not held, not trashed by a rule) until the storage of available
        recordings is at or under O(target_gb). When false the plan still reports the excess (C(storage.excess_bytes)).
    type: bool
    default: false
  quota_gb:
    description: The organisation's storage quota in GB (10^9 bytes). Webex gives each organisation 100 GB.
    type: float
    default: 100
  target_gb:
    description: The storage of available recordings to trim down to, in GB. A margin under O(quota_gb).
    type: float
    default: 90
  purge_enabled:
    description:
      - Allow purging at all. When false no recording is ever planned for V(purge); V(purge) rules only trash.
    type: bool
    default: false
  purge_grace_days:
    description:
      - With O(purge_enabled), purge recycle-bin recordings that have been there at least this many days.
      - Webex does not tell when a recording was trashed. With O(bin_ledger) the days count from the first run that
        saw the recording in the recycle bin; without it, from the recording's creation.
    type: int
    default: 30
  bin_ledger:
    description:
      - A JSON file remembering when each recording was first seen in the recycle bin (created if missing). Updated
        by every run outside check mode.
    type: path
  plan_file:
    description: Write the plan here (JSON), in plan mode. Written in check mode too.
    type: path
  apply_plan:
    description:
      - Apply mode. The plan file to apply; the policy options only contribute O(legal_holds), checked again.
    type: path
  location_names:
    description:
      - Also look up the location names (C(GET /v1/locations), while the listing runs) and return them as
        C(locations), as M(wxc.recordings.location_info) does, for
        O(wxc.recordings.recording_report#module:location_names). A token that may not read locations fails nothing.
    type: bool
    default: false
    version_added: 2.0.0
  access_level:
    description:
      - The role the token acts in; both list the whole organisation (C(GET /admin/convergedRecordings)).
    type: str
    choices: [admin, compliance_officer]
    default: admin
"""
