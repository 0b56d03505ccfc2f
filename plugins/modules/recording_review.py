#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_review
short_description: Route recent call recordings that match review rules to supervisors in Webex
version_added: 2.0.0
description:
  - Lists the recordings of the last O(newer_than_days) days and posts each one that a rule in O(rules) selects to that
    rule's Webex space (C(room_id)) or person (C(to_person_email)), once, as a markdown message with what matched, the
    call's parties, times (UTC), duration and owner, and how to get the recording (its id and the
    M(wxc.recordings.recording_archive) module; never a download link).
  - A rule selects a recording when every criterion it names matches; within a criterion (a list), any value matches.
    Criteria are C(owners) (emails, a call queue's included), C(owner_types) (for example V(callQueue)),
    C(min_duration_minutes), C(keywords) (case-insensitive, whole words, in the topic and in the AI notes, short notes
    and action items) and C(calling_number) / C(called_number) patterns.
  - Number patterns are shell globs (V(+4420*), V(?), V([0-9])) matched against the whole number, case-insensitive;
    a pattern that starts with V(re:) is a Python regular expression, searched (anchor it with V(^) and V($)). A number
    matches when the pattern matches it as Webex gives it (V(tel:+14155550100), V(sip:1234@example.com;user=phone)) or
    its bare form (V(+14155550100), V(1234)).
  - Requests are spent only where needed, in this order. The owner, owner type, duration and topic come with the
    listing. The call's metadata is fetched only when a number pattern or a message needs it. The details and the notes
    are fetched only for a keyword rule whose keywords are not in the topic, one file at a time, until a keyword is
    found. A recording that no rule selects on its listed fields, or that the ledger already has for every destination
    it could go to, costs no request beyond the list pages.
  - The ledger (O(ledger_file), JSON, mode 0600, replaced atomically) keeps each (recording, destination) that was
    posted, and is written after each message Webex accepted, never before. A message that failed is tried again by the
    next run. A destination hears of a recording once, whichever of its rules matched; one message lists all of them.
  - Messages stay within Webex's limit of 7439 bytes for each of the text and the markdown. Rules beyond the first few
    are counted instead of listed, long topics and notes excerpts are shortened, and a message that is still too long
    is cut and says so.
  - Reading the AI notes needs a token that receives download links, the owner's or a compliance officer's
    (O(access_level=compliance_officer)). An admin token never gets them, and keyword rules then match the topic only,
    with a warning.
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
      - Lists and fetches as a real run does, and returns the messages it would post (C(messages)), with C(changed=true)
        when there is at least one. Posts nothing and writes no ledger.
  diff_mode:
    support: none
  idempotent:
    support: full
    details:
      - The ledger keeps what was posted. A second run posts only recordings (or destinations) that are new since, and
        reports no change when there are none.
options:
  rules:
    description:
      - The review rules, at least one. Each is a mapping with the keys below.
      - C(name) (str, required, unique) names the rule in messages and in the ledger.
      - C(room_id) (the space to post in) or C(to_person_email) (a direct message); exactly one of the two.
      - C(owners) (list of emails), C(owner_types) (list of V(user), V(place), V(virtualLine), V(callQueue)),
        C(min_duration_minutes) (number), C(keywords) (list of words or phrases), C(calling_number) and C(called_number)
        (a pattern or a list of patterns); at least one of these.
      - C(keyword_sources) (list of V(topic), V(notes), V(short_notes), V(action_items); default all) limits where
        C(keywords) are looked for.
      - A mistake fails the task before any request, naming the rule's index and key, for example
        C(rules[1] (Refunds).owner_types[0] must be one of ...).
    type: list
    elements: dict
    required: true
  ledger_file:
    description:
      - The ledger of what was posted. Created on the first post; its folder must exist.
      - Keep it between runs (on AWX, on persistent storage). Without it, every run posts everything again.
    type: path
    required: true
  newer_than_days:
    description: Review the recordings created in the last this many days (1 to 365), listed in 30-day windows.
    type: int
    default: 7
  max_messages:
    description:
      - At most this many messages per run, the oldest calls first. The rest are left for the next run, with a warning,
        so that a first run over a long period does not flood a space.
    type: int
    default: 50
  concurrency:
    description: How many recordings are looked at (metadata, details, notes) at the same time, 1 to 16.
    type: int
    default: 4
  access_level:
    description:
      - The role of O(access_token). V(admin) and V(compliance_officer) list the organisation (C(/admin/convergedRecordings));
        V(user) lists that user's own recordings.
      - Only V(compliance_officer) or V(user) tokens receive the links the AI notes are read through.
    type: str
    choices: [user, admin, compliance_officer]
    default: admin
  message_access_token:
    description:
      - The token that posts the messages, when not O(access_token). It needs C(spark:messages_write) and must be a
        member of each space; a bot's token is the usual choice.
      - Never refreshed. The recordings token's refresh credentials stay with O(access_token).
    type: str
notes:
  - Messages are not retried after a server error, because a repeat could post one twice. A 429 (not processed) is
    retried. A destination that refuses a message is not tried again in the same run.
  - The run stops before posting anything when listing or fetching fails.
  - Only recordings with status C(available) are reviewed.
seealso:
  - module: wxc.recordings.recording_notify
  - module: wxc.recordings.recording_archive
  - name: Review routing
    description: Policies, request costs and the ledger.
    link: https://github.com/wxc-recordings/wxc.recordings/blob/main/docs/review.md
"""

EXAMPLES = r"""
- name: Route last week's flagged calls to the supervisors
  wxc.recordings.recording_review:
    access_token: "{{ webex_compliance_token }}"
    access_level: compliance_officer
    message_access_token: "{{ webex_bot_token }}"
    ledger_file: /var/lib/wxc/review-ledger.json
    newer_than_days: 7
    rules:
      - name: Refunds and complaints
        keywords: [refund, complaint, escalate]
        room_id: Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0
      - name: Long support queue calls
        owner_types: [callQueue]
        min_duration_minutes: 20
        to_person_email: support-lead@example.com
      - name: UK callers to sales
        owners: [sales-line@example.com]
        calling_number: "+44*"
        to_person_email: sales-lead@example.com
  register: review

- name: Show what a first run would post, without posting
  wxc.recordings.recording_review:
    ledger_file: /var/lib/wxc/review-ledger.json
    rules:
      - name: Cancellations
        keywords: [cancel]
        keyword_sources: [topic]
        room_id: Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0
  check_mode: true
"""

RETURN = r"""
msg:
  description: What the run did, for example C(posted 3 message(s) about 2 recording(s)); the failures first when a post failed.
  returned: always
  type: str
messages:
  description: The messages posted (or, in check mode, that would be), the oldest call first; at most O(max_messages).
  returned: always
  type: list
  elements: dict
  contains:
    recording_id:
      description: The recording.
      type: str
    destination:
      description: The space (C(space <room id>)) or the person's email.
      type: str
    rules:
      description: Names of the rules that selected it for this destination.
      type: list
      elements: str
    matched:
      description: What matched, one line per criterion (for example C(keyword "refund" in the AI notes)).
      type: list
      elements: str
    markdown:
      description: The message's markdown.
      type: str
    text:
      description: The message's plain text.
      type: str
    truncated:
      description: Whether the message was shortened to fit the size limit.
      type: bool
    posted:
      description: Whether Webex accepted it (false in check mode).
      type: bool
    message_id:
      description: The Webex message id.
      type: str
      returned: when posted
    error:
      description: Why it was not posted; it is tried again on the next run.
      type: str
      returned: when a post failed
counts:
  description:
    - C(listed) recordings in the period, C(candidates) that a rule may select on their listed fields and that are not in
      the ledger for every such destination, C(already_posted) recordings skipped because of the ledger, C(matched)
      recordings selected, C(posted), C(would_post) (check mode), C(deferred) (beyond O(max_messages)), C(failed)
      messages, C(notes_unreadable) recordings whose notes a keyword rule needed but the token could not read.
  returned: always
  type: dict
  sample: {"listed": 120, "candidates": 9, "already_posted": 2, "matched": 3, "posted": 4, "would_post": 0, "deferred": 0, "failed": 0,
           "notes_unreadable": 0}
requests:
  description:
    - API requests sent, by kind (retries included). C(list_pages), C(details), C(metadata), C(notes_downloads) (AI
      notes, short notes and action items files), C(messages) (posts, also with O(message_access_token)), C(other)
      (a token refresh) and C(total).
  returned: always
  type: dict
  sample: {"list_pages": 13, "details": 2, "metadata": 5, "notes_downloads": 3, "messages": 4, "other": 0, "total": 27}
ledger_file:
  description: The ledger's path.
  returned: always
  type: str
"""

from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module
from ansible_collections.wxc.recordings.plugins.module_utils._review_run import review_argument_spec, run_review_module


def main():
    run_review_module(build_module(review_argument_spec()))


if __name__ == "__main__":
    main()
