#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_archive
short_description: Download Webex Calling recordings, their transcripts, AI notes and metadata to a directory
version_added: 1.0.0
description:
  - For each selected recording, downloads every artefact that exists (audio, transcript, suggested notes,
    short notes, action items) and its metadata (C(GET /convergedRecordings/{id}/metadata)) into O(dest),
    in a folder layout set by O(path_template).
  - Every file is streamed to C(<name>.part), hashed (sha256) and size-checked against C(Content-Length) while it
    streams, and renamed to its final name only when complete. A half-downloaded file never looks complete.
  - C(manifest.json) and C(manifest.csv) in O(dest) list every archived file (recording id, owner, create time,
    artefact kind, relative path, bytes, sha256, archived_at). Runs merge into them, whatever each run selects.
  - A recording whose files are all on disk with the manifest's size and sha256 is not downloaded again, nor looked
    up (no API call beyond the selection's listing). A file that is missing or does not match is downloaded again.
  - A recording is archived (RV(recordings[].archived)) only when every artefact it has and its metadata are
    verified; trash or delete only those.
  - Download links come with the recording's details and expire after three hours. Details are fetched again before
    downloading when they are more than an hour old, and a link refused as expired (HTTP 403 or 410) is replaced by
    fetching the details again, once per file.
  - Admin tokens never receive download links. Archiving needs a compliance officer's token
    (O(access_level=compliance_officer)) or the owner's own token (O(access_level=user)). The task refuses,
    before downloading anything, when the token gets no links at all.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.connection
  - wxc.recordings.selection
  - wxc.recordings.progress
  - wxc.recordings.attributes
  - wxc.recordings.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Reports per recording the files that would be downloaded and the bytes known in advance
        (RV(bytes_to_download), from the audio's C(sizeBytes)); transcripts, notes and metadata have no size
        before download and are counted in RV(unknown_size_files). Writes nothing, not even O(dest).
      - Fetches the details of recordings not yet archived (read-only), to learn which artefacts exist.
  diff_mode:
    support: partial
    details:
      - Lists the files added or replaced (or that would be), with their sizes where known; not their content.
  idempotent:
    support: full
    details:
      - A second run with the same options downloads nothing and reports C(changed=false), unless a file
        on disk no longer matches the manifest.
options:
  dest:
    description:
      - The archive directory. Created (with O(directory_mode)) if missing.
      - C(manifest.json) and C(manifest.csv) are kept in it.
    type: path
    required: true
  path_template:
    description:
      - Where each recording goes under O(dest), without a file extension; C(/) separates folders. Each
        artefact adds its own suffix to this base path.
      - "Fields: C({id}), C({owner_email}), C({owner_id}), C({owner_type}), C({topic}), C({year}), C({month}),
        C({day}), C({date}) (C(YYYY-MM-DD)), C({time}) (C(HHMMSS)). Dates and times are the recording's
        C(createTime) in O(timezone)."
      - Must contain C({id}), so that two recordings never share a name.
      - "Field values are made safe as file names: C(/ \\ : * ? \" < > |) and control characters become C(_),
        white space runs become one space, leading and trailing dots and spaces are removed, values are cut at
        100 bytes (UTF-8); an empty value becomes C(_)."
      - "Files of one recording, with the default: C(<owner_email>/<year>/<month>/<date>_<id>.mp3),
        C(….transcript.vtt), C(….suggested_notes.html), C(….short_notes.html), C(….action_items.html),
        C(….metadata.json)."
      - Changing the template later does not move files already archived; the manifest keeps their paths.
    type: str
    default: "{owner_email}/{year}/{month}/{date}_{id}"
  timezone:
    description:
      - IANA time zone (for example V(Europe/Berlin)) of the date and time fields of O(path_template).
      - Timestamps in the manifest and the result stay as Webex returns them (UTC).
    type: str
    default: UTC
  show_all_types:
    description:
      - Ask for the full metadata (C(showAllTypes=true)), which adds the call activity's media streams, participants,
        redirect information and redirected call, which Webex hides by default.
    type: bool
    default: false
  concurrency:
    description:
      - How many recordings are looked up and downloaded at the same time (1 to 32).
    type: int
    default: 4
  mode:
    description:
      - Permissions of the files written (archived files and the manifest), whatever the umask. An octal string
        such as V('0600') (quote it in YAML), or an integer.
      - Files already archived are given this mode too.
    type: raw
    default: '0600'
  directory_mode:
    description:
      - Permissions of the folders this module creates (O(dest) and below). Existing folders are left as they are.
    type: raw
    default: '0700'
  verify_only:
    description:
      - Check the archive against its manifest without downloading anything and without changing anything.
      - With no selection option, every recording in the manifest is checked without any API call; with selection
        options, the selected recordings are (one that is not in the manifest is reported as V(not_archived)).
      - Mismatches are reported (RV(mismatch_count), RV(recordings[].outcome)) and warned about; they do not fail the
        task. Use C(failed_when) on RV(mismatch_count) to fail on them.
    type: bool
    default: false
  plan_file:
    description:
      - Archive what a retention plan archives, instead of a selection - the plan's V(archive) actions, its
        archive-first trashes, and (purging being irreversible) its recycle-bin recordings to purge when the plan
        archives before trashing. A plan file or a checked plan of M(wxc.recordings.recording_retention_plan).
      - The ids come from the file, not through Ansible variables, however many there are.
    type: path
  results_file:
    description:
      - Write one JSON object per recording here (the RV(recordings) entries, without their files), what was
        archived, verified, skipped or failed, and why. Mode C(0600). Written in check mode too, and when recordings
        failed; not when the task fails as a whole (a refused token, an unusable O(dest)).
    type: path
  summary_only:
    description:
      - Leave RV(recordings) out of the result (the counts stay); with O(results_file), for large runs.
    type: bool
    default: false
  not_found_wait:
    description:
      - Seconds to wait for ids of O(recording_ids) that answer 404. Webex's REST data can lag a new recording's webhook
        by a few seconds (the event-driven archive, playbook C(wxc.recordings.archive_recording)).
      - The recordings found are archived (and in the manifest) first; the ids that answered 404 are then asked again
        after 0.5 s, after twice the previous pause (up to O(not_found_max_delay)) each time, and each one that appears is
        archived at once. Those still unknown after O(not_found_wait) seconds are in RV(not_found); they fail nothing.
      - V(0) asks once. Not used with O(verify_only=true).
    type: float
    default: 0
    version_added: 2.0.0
  not_found_max_delay:
    description: The longest pause between two lookups of the ids that answer 404 (see O(not_found_wait)); more than 0.
    type: float
    default: 5
    version_added: 2.0.0
  access_level:
    description:
      - The role the token acts in. It picks the list endpoint and whether download links can be had.
      - V(compliance_officer) lists the organisation's recordings (scope C(spark-compliance:recordings_read)) and
        receives download links for all of them.
      - V(user) lists the caller's own recordings (scope C(spark:recordings_read)) and receives links for them.
        Owner filters are not available.
      - V(admin) is refused when anything needs downloading, because admin tokens never receive download links.
        It is accepted with O(verify_only=true).
    type: str
    choices: [user, admin, compliance_officer]
    default: compliance_officer
  status:
    description:
      - Recordings in any of these states. V(available) are live, V(deleted) are in the recycle bin, V(purged) have
        left the recycle bin and are visible to a compliance officer only.
      - Default V([available]).
    type: list
    elements: str
    choices: [available, deleted, purged]
notes:
  - A recording with "Prevent Downloading" on gets no download links; it is reported with
    RV(recordings[].outcome=skipped) and a reason, and is not archived. When no selected recording that still needs
    archiving gets any link, the module asks again for up to three recordings archived before (from this run, else
    the newest in the manifest, also when they are in the recycle bin by now). If none of them gets a link either,
    the token is the problem (most often an admin token) and the task fails before any download, naming the token
    it needs.
  - Suggested notes, short notes and action items are downloaded with the token (C(Authorization) header); audio
    and transcripts are direct links and are fetched without it.
  - The manifest is written at the end of a run, also when some recordings failed, and every 10 seconds while
    files are downloaded. A run that is killed loses at most those last seconds; files it finished after the
    last write are downloaded again by the next run, and a file cut short is never listed.
  - The task fails when any recording failed, after writing the manifest of what succeeded; the message lists the
    recordings and why.
  - Artefacts that appear after a recording was archived (for example AI notes generated later) are not fetched,
    because an archived recording is not looked up again. Remove its rows from the manifest to archive it again.
seealso:
  - module: wxc.recordings.recording_info
  - module: wxc.recordings.recording_trash
"""

EXAMPLES = r"""
- name: Archive what a departing employee recorded, with a compliance officer's token
  wxc.recordings.recording_archive:
    access_token: "{{ webex_compliance_token }}"
    owner_email: alice@example.com
    dest: /srv/recordings-archive
  register: archive

- name: Trash only the recordings that are fully archived
  wxc.recordings.recording_trash:
    access_token: "{{ webex_admin_token }}"
    recording_ids: "{{ archive.recordings | selectattr('archived') | map(attribute='id') | list }}"
  when: archive.recordings | selectattr('archived') | list | length > 0

- name: How much would last month's recordings of one location take? (check mode writes nothing)
  wxc.recordings.recording_archive:
    location_id: 02a43ee9-17ae-4e0c-9e79-720e3a6503fd
    newer_than_days: 31
    dest: /srv/recordings-archive
  check_mode: true
  register: plan

- name: Show the estimate
  ansible.builtin.debug:
    msg: "{{ plan.count }} recordings, {{ plan.bytes_to_download }} bytes of audio, {{ plan.unknown_size_files }} files of unknown size"

- name: Archive the whole organisation's last 30 days, by owner and local date, eight downloads at a time
  wxc.recordings.recording_archive:
    newer_than_days: 30
    dest: /mnt/archive/webex
    path_template: "{owner_email}/{date}/{time}_{topic}_{id}"
    timezone: Europe/Berlin
    show_all_types: true
    concurrency: 8

- name: Archive my own recordings with my personal token
  wxc.recordings.recording_archive:
    access_token: "{{ my_webex_token }}"
    access_level: user
    newer_than_days: 7
    dest: "{{ lookup('env', 'HOME') }}/webex-recordings"

- name: Verify the archive against its manifest, without any download
  wxc.recordings.recording_archive:
    dest: /srv/recordings-archive
    verify_only: true
  register: check
  failed_when: check.mismatch_count > 0
"""

RETURN = r"""
dest:
  description: The archive directory (absolute).
  returned: always
  type: str
  sample: /srv/recordings-archive
count:
  description:
    - Recordings archived by this run (something downloaded and now complete); in check mode, recordings that would
      be downloaded. Recordings already archived are not counted.
  returned: always
  type: int
  sample: 3
recordings:
  description: One entry per selected recording, newest first.
  returned: unless O(summary_only)
  type: list
  elements: dict
  contains:
    id:
      description: Recording id.
      type: str
      sample: ea0efc7c-f83a-4972-b0eb-c0f30cff5e61
    owner_email:
      description: Owner's email address.
      type: str
    owner_id:
      description: Owner's id.
      type: str
    create_time:
      description: When the recording was created (as Webex returns it).
      type: str
      sample: "2026-01-04T16:24:25Z"
    topic:
      description: The recording's topic.
      type: str
    status:
      description: The recording's status (V(available), V(deleted), V(purged)); null in O(verify_only) mode.
      type: str
    outcome:
      description:
        - V(downloaded) (something was downloaded and the recording is now complete), V(verified) (already archived,
          nothing downloaded), V(would_download) (check mode), V(skipped) (no download links, see RV(recordings[].reason)),
          V(failed) (see RV(recordings[].error)).
        - With O(verify_only=true) also V(mismatch) (a file is missing or differs), V(incomplete) (an earlier run did not
          get every artefact) and V(not_archived) (a selected recording the manifest does not know).
      type: str
    archived:
      description: Every artefact of the recording and its metadata are on disk and match the manifest.
      type: bool
    error:
      description: Why the recording failed (per file, with Webex's trackingId where there is one); null otherwise.
      type: str
    reason:
      description: Why the recording was skipped.
      type: str
      returned: when RV(recordings[].outcome=skipped)
    files:
      description: The recording's files.
      type: list
      elements: dict
      contains:
        kind:
          description: V(audio), V(transcript), V(suggested_notes), V(short_notes), V(action_items) or V(metadata).
          type: str
        path:
          description: Path relative to O(dest) (C(/)-separated).
          type: str
          sample: alice@example.com/2026/01/2026-01-04_ea0efc7c-f83a-4972-b0eb-c0f30cff5e61.mp3
        bytes:
          description: Size in bytes; null when not known before the download (check mode, everything but audio).
          type: int
        sha256:
          description: Hex sha256 of the file; null when not downloaded.
          type: str
        outcome:
          description:
            - V(downloaded), V(verified), V(would_download) or V(failed).
            - With O(verify_only=true), V(verified), V(missing) or V(mismatch).
          type: str
        error:
          description: Why this file failed.
          type: str
          returned: when RV(recordings[].files[].outcome=failed)
bytes_downloaded:
  description: Bytes written to O(dest) by this run (0 in check mode).
  returned: always
  type: int
bytes_to_download:
  description:
    - Bytes to download that were known before downloading (the audio's C(sizeBytes)).
    - Files whose size Webex does not announce (transcripts, notes, metadata) are not included; see RV(unknown_size_files).
  returned: always
  type: int
unknown_size_files:
  description: Files to download whose size is unknown in advance (nonzero in check mode only).
  returned: always
  type: int
total_bytes:
  description:
    - Size of the selected recordings' archive after the run (files verified or downloaded), plus in check mode the
      known bytes still to download (RV(bytes_to_download)).
  returned: always
  type: int
manifest:
  description: Absolute paths of the manifest files.
  returned: always
  type: dict
  contains:
    json:
      description: C(manifest.json) in O(dest).
      type: str
    csv:
      description: C(manifest.csv) in O(dest).
      type: str
manifest_changed:
  description: Whether the manifest was (or, in check mode, would be) rewritten.
  returned: always
  type: bool
failed_count:
  description: Recordings that failed. The task fails when it is not zero.
  returned: always
  type: int
skipped_count:
  description: Recordings skipped because Webex gives no download links for them.
  returned: always
  type: int
archived_count:
  description: Selected recordings that are archived and verified after the run.
  returned: always
  type: int
mismatch_count:
  description: Recordings of the archive that are not (or no longer) as the manifest says.
  returned: when O(verify_only=true)
  type: int
not_found:
  description: Ids in O(recording_ids) that Webex does not know (after O(not_found_wait) seconds).
  returned: always
  type: list
  elements: str
"""

from ansible_collections.wxc.recordings.plugins.module_utils._archive import run_module
from ansible_collections.wxc.recordings.plugins.module_utils._archive_paths import DEFAULT_PATH_TEMPLATE
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._progress import progress_argument_spec
from ansible_collections.wxc.recordings.plugins.module_utils._selection import (
    SELECTION_MUTUALLY_EXCLUSIVE,
    selection_argument_spec,
)


def main():
    argument_spec = selection_argument_spec()
    argument_spec.update(
        access_level=dict(type="str", default="compliance_officer", choices=["user", "admin", "compliance_officer"]),
        dest=dict(type="path", required=True),
        path_template=dict(type="str", default=DEFAULT_PATH_TEMPLATE),
        timezone=dict(type="str", default="UTC"),
        show_all_types=dict(type="bool", default=False),
        concurrency=dict(type="int", default=4),
        mode=dict(type="raw", default="0600"),
        directory_mode=dict(type="raw", default="0700"),
        verify_only=dict(type="bool", default=False),
        plan_file=dict(type="path"),
        results_file=dict(type="path"),
        summary_only=dict(type="bool", default=False),
        not_found_wait=dict(type="float", default=0),
        not_found_max_delay=dict(type="float", default=5),
    )
    argument_spec.update(progress_argument_spec())
    exclusive = SELECTION_MUTUALLY_EXCLUSIVE + [["plan_file", option] for option in ("recording_ids", "owner_email", "owner_emails", "owner_id")]
    module = build_module(argument_spec, supports_check_mode=True, mutually_exclusive=exclusive)
    run_module(module)


if __name__ == "__main__":
    main()
