#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: recording_webhook
short_description: Register a Webex webhook for new call recordings, idempotently
version_added: 1.0.0
description:
  - Makes sure one webhook (C(/webhooks)) exists with the given O(name), for example one that tells the event source
    C(wxc.recordings.webex_webhook) about every new converged recording, or removes it.
  - The webhook is identified by O(name) (or by O(webhook_id), which also allows renaming it). Webex cannot change a
    hook's O(resource), O(event), O(filter) or O(owned_by); when one of them differs, the hook is replaced (deleted,
    then created again). O(target_url) and O(name) are updated in place.
  - A hook Webex set C(inactive) (after 100 failed deliveries within five minutes) is re-activated
    (C(PUT status=active)).
  - The secret is never returned. Webex may not return it either, so it cannot be compared; see O(update_secret).
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
      - Lists the webhooks (read-only) and reports what would be created, updated, re-activated, replaced or deleted.
  diff_mode:
    support: full
    details:
      - The webhook before and after, without its secret (only whether one is sent).
  idempotent:
    support: partial
    details:
      - A second run with the same options reports no change, unless O(update_secret=always) (the secret is then sent,
        and the task reports a change, on every run) or Webex disabled the hook in between.
options:
  name:
    description:
      - The webhook's name; it identifies the webhook among those the token sees.
      - With O(webhook_id), the name the webhook is given.
    type: str
    required: true
  webhook_id:
    description:
      - Identify the webhook by its id instead of O(name), for example to rename it.
    type: str
  target_url:
    description:
      - Where Webex sends the events. Webex delivers only to public HTTPS URLs.
      - Required with O(state=present).
    type: str
  resource:
    description: The resource whose events are sent.
    type: str
    default: convergedRecordings
  event:
    description: The event. V(created) for archiving new recordings; V(all) for every event.
    type: str
    default: created
  filter:
    description:
      - Only events matching this filter, as Webex writes it (C(key=value), several joined with C(&)), for example
        V(serviceType=calling&storageRegion=US).
      - "For O(resource=convergedRecordings): C(recordingId), C(ownerId), C(ownerEmail), C(ownerType), C(storageRegion),
        C(serviceType), C(locationId). C(ownerEmail) and C(ownerId) need O(owned_by=org)."
    type: str
  owned_by:
    description:
      - V(org) registers an org-wide webhook that sees the whole organisation's recordings; it needs a full
        administrator's or a compliance officer's token.
      - V(creator) registers a webhook that only sees events visible to the token's own person.
    type: str
    choices: [creator, org]
    default: creator
  secret:
    description:
      - Secret that signs every delivery (C(X-Spark-Signature), HMAC-SHA1 of the body); give the same to the event
        source. Never returned or logged.
    type: str
  update_secret:
    description:
      - V(on_create) sends O(secret) only when the webhook is created (or replaced).
      - V(always) also sends it to an existing webhook, on every run (reported as a change), for example after
        rotating it.
    type: str
    choices: [always, on_create]
    default: on_create
  state:
    description: V(present) registers the webhook; V(absent) deletes every webhook with this O(name) (or O(webhook_id)).
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Webhooks are delivered at least once at best and are lost while the receiver is down: pair the event source with a
    scheduled run of the P(wxc.recordings.archive#role) role with C(archive_since_last_run: true)."
  - Replacing a hook without O(secret) registers the new one unsigned (the old secret cannot be read back); a warning
    says so.
seealso:
  - module: wxc.recordings.recording_archive
  - name: Webex webhooks guide
    description: Registering webhooks, events, filters and signing.
    link: https://developer.webex.com/docs/api/guides/webhooks
"""

EXAMPLES = r"""
- name: Tell the event source about every new call recording of the organisation
  wxc.recordings.recording_webhook:
    access_token: "{{ webex_compliance_token }}"
    name: archive-new-recordings
    target_url: https://eda.example.com:5000/webex
    owned_by: org
    secret: "{{ webhook_secret }}"

- name: Only customer assist calls recorded in the US, and rotate the secret
  wxc.recordings.recording_webhook:
    name: archive-customer-assist
    target_url: https://eda.example.com:5000/webex
    owned_by: org
    filter: serviceType=customerAssist&storageRegion=US
    secret: "{{ new_webhook_secret }}"
    update_secret: always

- name: Remove the webhook
  wxc.recordings.recording_webhook:
    name: archive-new-recordings
    state: absent
"""

RETURN = r"""
action:
  description: V(none), V(create), V(update), V(reactivate), V(replace) or V(delete) (what was done, or would be in check mode).
  returned: always
  type: str
  sample: create
webhook:
  description: The webhook afterwards (in check mode, as it would be), without its secret; null once deleted.
  returned: always
  type: dict
  contains:
    id:
      description: Webhook id (null in check mode for a hook not created yet).
      type: str
    name:
      description: Name.
      type: str
    targetUrl:
      description: Where events are sent.
      type: str
    resource:
      description: Resource.
      type: str
    event:
      description: Event.
      type: str
    filter:
      description: Filter, if any.
      type: str
    ownedBy:
      description: V(org) or V(creator).
      type: str
    status:
      description: V(active) or V(inactive).
      type: str
deleted_ids:
  description: Ids of the webhooks deleted (or that would be), by O(state=absent) or by a replacement.
  returned: always
  type: list
  elements: str
error:
  description: The Webex error (status, method, path, message, tracking_id) when a call failed.
  returned: on an API error
  type: dict
"""

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._module import build_module, client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._webhook import (
    WebhookError,
    apply,
    check_params,
    diff_of,
    list_hooks,
    plan,
    public,
)


def main():
    module = build_module(
        dict(
            name=dict(type="str", required=True),
            webhook_id=dict(type="str"),
            target_url=dict(type="str"),
            resource=dict(type="str", default="convergedRecordings"),
            event=dict(type="str", default="created"),
            filter=dict(type="str"),
            owned_by=dict(type="str", default="creator", choices=["creator", "org"]),
            secret=dict(type="str", no_log=True),
            update_secret=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        required_if=[["state", "present", ["target_url"]]],
    )
    params = module.params
    try:
        check_params(params)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    client = client_from_module(module, concurrency=1)
    try:
        existing = list_hooks(client, params["owned_by"])
        todo = plan(existing, params)
    except WebhookError as error:
        module.fail_json(msg=str(error), action="none", webhook=None, deleted_ids=[])
    except WebexError as error:
        fail_from_error(module, client, error, action="none", webhook=None, deleted_ids=[])
    deleted = [path.rsplit("/", 1)[1] for method, path, _body in todo["calls"] if method == "DELETE"]
    result = dict(changed=bool(todo["calls"]), action=todo["action"], deleted_ids=deleted)
    if module._diff:
        result["diff"] = diff_of(todo, params)
    if todo["action"] == "replace" and params.get("secret") is None:
        module.warn("webhook %r is replaced without a secret: its deliveries are no longer signed" % params["name"])
    if module.check_mode or not todo["calls"]:
        after = public(todo["after"])
        if after is not None and todo["action"] in ("create", "replace"):
            after["id"] = None
        module.exit_json(webhook=after, **result)
    try:
        hook = apply(client, todo, params)
    except WebexError as error:
        fail_from_error(module, client, error, **result)
    module.exit_json(webhook=public(hook), **result)


if __name__ == "__main__":
    main()
