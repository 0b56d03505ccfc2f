# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Register a Webex webhook idempotently: the plan (pure, table-tested) and the calls that carry it out.

Identity is the hook's ``name`` (or its ``id`` when given, which also allows renaming). Webex cannot change a hook's
``resource``, ``event``, ``filter`` or ``ownedBy`` (``PUT`` ignores them), so a difference there replaces the hook
(delete, then create). ``name`` and ``targetUrl`` are updated in place, an ``inactive`` hook is re-activated
(``PUT status=active``), and the secret, which Webex may not return, is sent on creation or, with
``update_secret=always``, on every run.

Internal use only: this module is not part of the collection's public API and may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError

FILTER_KEYS = ("recordingId", "ownerId", "ownerEmail", "ownerType", "storageRegion", "serviceType", "locationId")
REPLACE_FIELDS = ("resource", "event", "filter", "ownedBy")
UPDATE_FIELDS = ("name", "targetUrl")
SHOWN = ("id", "name", "targetUrl", "resource", "event", "filter", "ownedBy", "status", "created", "createdBy", "orgId", "appId")


class WebhookError(Exception):
    """The registered hooks do not let the input pick one (an unknown webhook_id, a name several hooks carry).

    Found only after listing the hooks, so not an ``OptionError``: the input is well-formed, Webex's state is not
    what it expects."""


def check_params(params):
    """Checks the argument spec cannot express; raise ``OptionError`` naming the option, before any request."""
    if not (params.get("name") or "").strip():
        raise OptionError("name", "name must not be empty")
    if params.get("state") == "absent":
        return
    target = params.get("target_url") or ""
    if not target.startswith(("https://", "http://")):
        raise OptionError("target_url", "target_url must be an http(s) URL (Webex delivers only to public HTTPS), got %r" % target)
    wanted = parse_filter(params.get("filter"))
    if set(wanted) & set(("ownerEmail", "ownerId")) and params.get("owned_by") != "org":
        raise OptionError("filter", "filter uses %s: Webex requires owned_by=org for it" % " and ".join(sorted(set(wanted) & set(("ownerEmail", "ownerId")))))
    if params.get("secret") is not None and not params["secret"]:
        raise OptionError("secret", "secret must not be empty (omit it for unsigned deliveries)")


def parse_filter(text):
    """``ownerEmail=a@b.c&serviceType=calling`` as a dict; raise ``OptionError`` naming the bad part."""
    result = {}
    if not text:
        return result
    for part in text.split("&"):
        key, sep, value = part.partition("=")
        if not sep or not key or not value:
            raise OptionError("filter", "filter part %r is not key=value (join several with &)" % part)
        if key not in FILTER_KEYS:
            raise OptionError("filter", "filter key %r is not one of %s" % (key, ", ".join(FILTER_KEYS)))
        result[key] = value
    return result


def desired_hook(params):
    """The hook as Webex would hold it after the task, in the API's field names (the secret apart)."""
    return {
        "name": params["name"],
        "targetUrl": params.get("target_url"),
        "resource": params.get("resource"),
        "event": params.get("event"),
        "filter": params.get("filter") or None,
        "ownedBy": params.get("owned_by") or "creator",
    }


def public(hook):
    """A hook as the module returns it: never its secret (the API's examples echo it)."""
    if hook is None:
        return None
    shown = dict((key, hook.get(key)) for key in SHOWN if key in hook)
    shown.setdefault("ownedBy", "creator")
    return shown


def _normal(hook, field):
    value = hook.get(field)
    if field == "ownedBy":
        return value or "creator"
    if field == "filter":
        return value or None
    return value


def plan(existing, params):
    """What to do, from the hooks the token sees (``existing``, API objects) and the module's options.

    Returns ``{"action", "current", "calls", "after"}`` where ``action`` is one of ``none``, ``create``, ``update``,
    ``reactivate``, ``replace``, ``delete``; ``calls`` are ``(method, path, body)`` in order (bodies without the
    secret: ``apply`` adds it); ``after`` is the hook expected afterwards (None when deleted).
    Raises ``WebhookError`` when the identity is ambiguous.
    """
    name = params["name"]
    wanted_id = params.get("webhook_id")
    if wanted_id:
        matches = [hook for hook in existing if hook.get("id") == wanted_id]
        if not matches and params.get("state") != "absent":
            raise WebhookError("webhook_id %s: no webhook with this id is visible to the token" % wanted_id)
    else:
        matches = [hook for hook in existing if hook.get("name") == name]
    if params.get("state") == "absent":
        if not matches:
            return {"action": "none", "current": None, "calls": [], "after": None}
        calls = [("DELETE", "/webhooks/%s" % hook["id"], None) for hook in matches]
        return {"action": "delete", "current": matches[0], "calls": calls, "after": None}

    if len(matches) > 1:
        ids = [hook["id"] for hook in matches]
        raise WebhookError(
            "%d webhooks are named %r (%s): the name must identify one. Delete the extra ones (state=absent removes all of them) "
            "or give webhook_id" % (len(ids), name, ", ".join(ids[:20]) + (" and %d more" % (len(ids) - 20) if len(ids) > 20 else ""))
        )
    desired = desired_hook(params)
    secret_given = params.get("secret") is not None
    create_body = dict((key, value) for key, value in desired.items() if value is not None and not (key == "ownedBy" and value == "creator"))
    if not matches:
        after = dict(desired, status="active")
        return {"action": "create", "current": None, "calls": [("POST", "/webhooks", create_body)], "after": after}

    current = matches[0]
    if any(_normal(current, field) != desired[field] for field in REPLACE_FIELDS):
        after = dict(desired, status="active")
        calls = [("DELETE", "/webhooks/%s" % current["id"], None), ("POST", "/webhooks", create_body)]
        return {"action": "replace", "current": current, "calls": calls, "after": after}

    changes = [field for field in UPDATE_FIELDS if current.get(field) != desired[field]]
    inactive = current.get("status") == "inactive"
    send_secret = secret_given and params.get("update_secret") == "always"
    if not changes and not inactive and not send_secret:
        return {"action": "none", "current": current, "calls": [], "after": current}
    body = {"name": desired["name"], "targetUrl": desired["targetUrl"]}
    if inactive:
        body["status"] = "active"
    after = dict(current, name=desired["name"], targetUrl=desired["targetUrl"], status="active")
    action = "reactivate" if inactive and not changes else "update"
    return {"action": action, "current": current, "calls": [("PUT", "/webhooks/%s" % current["id"], body)], "after": after}


def diff_of(result_plan, params):
    """Before and after for diff mode, secret shown only as whether one is sent."""
    before = public(result_plan["current"]) or {}
    after = public(result_plan["after"]) or {}
    sends_secret = params.get("secret") is not None and any(
        method == "POST" or (method == "PUT" and params.get("update_secret") == "always") for method, _path, _body in result_plan["calls"]
    )
    if sends_secret:
        after = dict(after, secret="(set by this task)")
    return {"before": before, "after": after}


def list_hooks(client, owned_by):
    """Every hook the token sees: its own, plus with ``owned_by=org`` the org-wide ones (``ownedBy=org``)."""
    seen = {}
    queries = [{"max": 100}]
    if owned_by == "org":
        queries.append({"max": 100, "ownedBy": "org"})
    for query in queries:
        for hook in client.paginate("/webhooks", params=query):
            seen.setdefault(hook.get("id"), hook)
    return list(seen.values())


def apply(client, result_plan, params):
    """Send the plan's calls; return the hook as it is afterwards (from Webex's answers), or None once deleted."""
    hook = result_plan["current"]
    secret = params.get("secret")
    for method, path, body in result_plan["calls"]:
        if method == "DELETE":
            try:
                client.request("DELETE", path)
            except Exception as error:  # a lost first attempt may already have deleted it
                if getattr(error, "status", None) != 404 or not getattr(error, "after_uncertain_attempt", False):
                    raise
            hook = None
            continue
        body = dict(body)
        if secret is not None and (method == "POST" or params.get("update_secret") == "always"):
            body["secret"] = secret
        # POST is never repeated after an uncertain attempt (a second hook); PUT sets values, repeating is harmless.
        response = client.request(method, path, json=body, idempotent=(method == "PUT"))
        hook = response.json()
    return hook
