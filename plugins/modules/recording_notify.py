#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_notify
short_description: Send a run's summary to a Webex space or person
version_added: 1.0.0
description:
  - Posts a message (C(POST /messages)) to a Webex space (O(room_id)) or a person (O(to_person_email)), for example the
    summary of an offboarding or retention run (the C(message) of M(wxc.recordings.recording_report)).
  - The token needs the C(spark:messages_write) scope; a bot token is the usual choice.
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
      - Sends nothing and reports C(changed=true) with the message that would be sent.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Every run posts a new message. Condition the task (C(when)) to notify only when something happened.
options:
  text:
    description: The message as plain text (also the fallback of O(markdown) for clients that cannot show it).
    type: str
    required: true
  markdown:
    description: The message in Webex markdown.
    type: str
  room_id:
    description: The space to post in. Mutually exclusive with O(to_person_email).
    type: str
  to_person_email:
    description: The person to send a direct message to. Mutually exclusive with O(room_id).
    type: str
notes:
  - Not retried after a server error, because a repeat could post the message twice; a 429 (not processed) is.
seealso:
  - module: wxc.recordings.recording_report
"""

EXAMPLES = r"""
- name: Tell the compliance space what the retention run did
  wxc.recordings.recording_notify:
    access_token: "{{ webex_bot_token }}"
    room_id: Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0
    text: "{{ report.message }}"
  when: trashed is changed
"""

RETURN = r"""
message_id:
  description: Id of the message posted.
  returned: when sent
  type: str
sent:
  description: Whether the message was posted (false in check mode).
  returned: always
  type: bool
text:
  description: The text sent (or that would be).
  returned: always
  type: str
error:
  description: The Webex error (status, method, path, message, tracking_id) when the call failed.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module, client_from_module, fail_from_error


def main():
    module = build_module(
        dict(
            text=dict(type="str", required=True),
            markdown=dict(type="str"),
            room_id=dict(type="str"),
            to_person_email=dict(type="str"),
        ),
        mutually_exclusive=[["room_id", "to_person_email"]],
        required_one_of=[["room_id", "to_person_email"]],
    )
    params = module.params
    if not params["text"].strip():
        module.fail_json(msg="text must not be empty")
    if module.check_mode:
        module.exit_json(changed=True, sent=False, text=params["text"])
    client = client_from_module(module)
    try:
        answer = client.send_message(
            params["text"], room_id=params.get("room_id"), to_person_email=params.get("to_person_email"), markdown=params.get("markdown")
        )
    except WebexError as error:
        fail_from_error(module, client, error, sent=False, text=params["text"])
    module.exit_json(changed=True, sent=True, message_id=(answer or {}).get("id"), text=params["text"])


if __name__ == "__main__":
    main()
