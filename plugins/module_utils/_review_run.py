# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The flow of ``recording_review``: list, fetch what the rules need, post each selected recording once, keep a ledger.

Internal use only: this module is not part of the collection's public API and may change at any time.

Decisions are in ``_review`` (pure); this file lists (30-day windows, ``list_recordings``), fetches metadata, details
and notes with bounded concurrency, posts the messages (``POST /messages``) and writes the ledger (``_files``).

Requests: a recording that no rule can select on its listed fields (owner, owner type, duration), or that every
rule it could match has already posted, costs nothing beyond the list pages. Otherwise ``review_recording`` names
the next thing needed, cheapest first: the metadata (for number patterns, and for the message), then the details
(for the notes' links) and one note file at a time, and only while no keyword was found.

The ledger is written after each message Webex accepted, and only then: a post that failed (or a run that stopped
before it) leaves no entry, so the next run posts it again. Check mode renders the messages, posts nothing and
writes no ledger.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._client import WebexClient, WebexError
from ansible_collections.wxc.recordings.plugins.module_utils._concurrency import map_bounded
from ansible_collections.wxc.recordings.plugins.module_utils._dates import RETENTION_DAYS, format_datetime, parse_datetime, utc_now
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import write_json
from ansible_collections.wxc.recordings.plugins.module_utils._module import access_level_argument_spec, client_from_module, fail_from_error
from ansible_collections.wxc.recordings.plugins.module_utils._records import brief_ids
from ansible_collections.wxc.recordings.plugins.module_utils._review import (
    LINK_FIELDS,
    NEED_METADATA,
    NOTE_SOURCES,
    cheaply_possible,
    destination_label,
    open_destinations,
    parse_rules,
    review_recording,
)
from ansible_collections.wxc.recordings.plugins.module_utils._review_ledger import ledger_document, ledger_entries, ledger_entry, posted_index, prune_ledger
from ansible_collections.wxc.recordings.plugins.module_utils._review_message import notes_text, render_message
from ansible_collections.wxc.recordings.plugins.module_utils._selection import check_concurrency

FILE_MODE = 0o600
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 16
# An AI notes file is a few kilobytes; more than this is not notes, and is not read.
MAX_NOTES_BYTES = 1024 * 1024
LISTED_FIELDS = ("id", "topic", "createTime", "timeRecorded", "durationSeconds", "ownerEmail", "ownerId", "ownerType", "serviceData")


def review_argument_spec():
    spec = dict(
        rules=dict(type="list", elements="dict", required=True),
        ledger_file=dict(type="path", required=True),
        newer_than_days=dict(type="int", default=7),
        max_messages=dict(type="int", default=50),
        concurrency=dict(type="int", default=DEFAULT_CONCURRENCY),
        message_access_token=dict(type="str", no_log=True),
    )
    spec.update(access_level_argument_spec())
    return spec


def check_params(params, check_mode=False):
    """The parsed rules and the ledger; ``OptionError`` naming the option, before any request.

    In check mode the ledger's folder may be missing (nothing is written; a role creates it in the real run).
    """
    rules = parse_rules(params["rules"])
    days = params.get("newer_than_days")
    if days is None or not 1 <= days <= RETENTION_DAYS:
        raise OptionError("newer_than_days", "newer_than_days must be between 1 and %d (Webex keeps recordings a year), got %s" % (RETENTION_DAYS, days))
    if params.get("max_messages") is None or params["max_messages"] < 1:
        raise OptionError("max_messages", "max_messages must be 1 or more, got %s" % params.get("max_messages"))
    check_concurrency(params.get("concurrency"), MAX_CONCURRENCY)
    if params.get("message_access_token") is not None and not params["message_access_token"].strip():
        raise OptionError("message_access_token", "message_access_token is empty: leave it out to post with access_token")
    path = params["ledger_file"]
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder) and not check_mode:
        raise OptionError("ledger_file", "ledger_file: folder %s does not exist" % folder)
    if os.path.isdir(path):
        raise OptionError("ledger_file", "ledger_file: %s is a folder; give a file name" % path)
    return rules, read_ledger(path)


def read_ledger(path):
    if not os.path.exists(path):
        return []
    try:
        with open(path) as handle:
            document = json.load(handle)
    except (IOError, OSError) as error:
        raise OptionError("ledger_file", "ledger_file: cannot read %s: %s" % (path, error)) from None
    except ValueError as error:
        raise OptionError("ledger_file", "ledger_file: %s is not valid JSON: %s" % (path, error)) from None
    try:
        return ledger_entries(document, path)
    except ValueError as error:
        raise OptionError("ledger_file", "ledger_file: %s" % error) from None


def message_client(client, params):
    """The client that posts: ``client`` itself, or one with ``message_access_token`` (a bot's, say)."""
    token = params.get("message_access_token")
    if not token:
        return client
    return WebexClient(
        access_token=token,
        api_url=client.api_url,
        validate_certs=params.get("validate_certs"),
        ca_path=params.get("ca_path"),
        timeout=params.get("timeout"),
        retries=params.get("retries"),
        retry_max_wait=params.get("retry_max_wait"),
        concurrency=1,
    )


def read_notes(client, url):
    """The words of one AI notes file; the link needs the recordings token (``with_auth``)."""
    response = client.download(url, with_auth=True)
    try:
        body = b""
        for chunk in response.iter_content(65536):
            body += chunk
            if len(body) > MAX_NOTES_BYTES:
                break
    finally:
        response.close()
    return notes_text(body[:MAX_NOTES_BYTES])


class Fetcher:
    """Fetches what ``review_recording`` asks for, one recording at a time (one per worker); counts what it does."""

    def __init__(self, client):
        self.client = client

    def fetch(self, recording, facts, state, what):
        recording_id = recording["id"]
        if what == NEED_METADATA:
            try:
                facts[what] = self.client.get_metadata(recording_id)
            except WebexError as error:
                if error.status != 404:
                    raise
                facts[what] = None  # deleted since it was listed: nothing to match on
            return
        if "details" not in state:
            try:
                state["details"] = self.client.get_recording(recording_id)
            except WebexError as error:
                if error.status != 404:
                    raise
                state["details"] = {}
        link = (state["details"].get("temporaryDirectDownloadLinks") or {}).get(LINK_FIELDS[what])
        if not link:
            facts[what] = None
            if not state["details"].get("temporaryDirectDownloadLinks"):
                state["no_links"] = True
            return
        facts[what] = read_notes(self.client, link)
        state["downloads"] = state.get("downloads", 0) + 1


def decide(rules, fetcher, recording, posted):
    """``(review, state)`` of one recording, fetching until the rules are decided."""
    facts, state = {}, {}
    while True:
        review = review_recording(rules, recording, facts, posted)
        if review["need"] is None:
            state["metadata"] = facts.get(NEED_METADATA)
            state["notes_needed"] = any(source in facts for source in NOTE_SOURCES)
            return review, state
        fetcher.fetch(recording, facts, state, review["need"])


def _sort_time(recording):
    """When the call was recorded (else created), as a UTC timestamp; 0 when unreadable (those go first)."""
    try:
        return parse_datetime(recording.get("timeRecorded") or recording.get("createTime")).timestamp()
    except (TypeError, ValueError):
        return 0.0


def _slim(item):
    return dict((key, item[key]) for key in LISTED_FIELDS if key in item)


def plan_review(client, rules, ledger, params, now=None):
    """List the recent recordings and decide each: the messages to post (oldest call first) and the counts."""
    now = now or utc_now()
    posted = posted_index(ledger)
    start = now - timedelta(days=params["newer_than_days"])
    admin = params.get("access_level", "admin") != "user"
    counts = {"listed": 0, "candidates": 0, "already_posted": 0, "matched": 0, "notes_unreadable": 0}
    listed = []  # one count per window worker's item; len() at the end (list.append is thread-safe)

    def keep(item):
        listed.append(1)
        # Kept only when a rule may select it on its listed fields: the others are never held.
        return _slim(item) if cheaply_possible(rules, item) else None

    candidates = []
    for item in client.list_recordings(start, now + timedelta(minutes=1), admin=admin, keep=keep, status="available"):
        if not open_destinations(rules, item, posted.get(item["id"], set())):
            counts["already_posted"] += 1
            continue
        candidates.append(item)
    counts["listed"] = len(listed)
    counts["candidates"] = len(candidates)

    fetcher = Fetcher(client)
    planned = []
    unreadable = []
    work = map_bounded(lambda recording: decide(rules, fetcher, recording, posted.get(recording["id"], set())), candidates, params["concurrency"])
    for recording, result, error in work:
        if error is not None:
            raise error
        review, state = result
        if state.get("no_links") and state["notes_needed"]:
            unreadable.append(recording["id"])
        if not review["matches"]:
            continue
        counts["matched"] += 1
        for key, pairs in review["matches"].items():
            message = render_message(recording, state["metadata"], pairs)
            planned.append(
                {
                    "recording_id": recording["id"],
                    "destination": key,
                    "rules": [rule.name for rule, _reasons in pairs],
                    "matched": [reason["text"] for _rule, reasons in pairs for reason in reasons],
                    "markdown": message["markdown"],
                    "text": message["text"],
                    "truncated": message["truncated"],
                    "start_time": _sort_time(recording),
                    "_rules": [rule for rule, _reasons in pairs],
                }
            )
    counts["notes_unreadable"] = len(unreadable)
    # Oldest call first: a space reads them in the order the calls happened.
    planned.sort(key=lambda entry: (entry["start_time"], entry["recording_id"], entry["destination"]))
    return planned, counts, unreadable


def _destination_params(key):
    kind, _sep, value = key.partition(":")
    return {"room_id": value} if kind == "room" else {"to_person_email": value}


def post_messages(poster, planned, ledger, ledger_path, now=None):
    """Post each planned message; after each one Webex accepted, write the ledger with it (atomic, 0600).

    After a destination refuses a message, its other messages are not tried in this run (a wrong space or a bot not in
    it would refuse them all); they stay out of the ledger, so the next run tries them again.
    """
    entries = prune_ledger(ledger, now or utc_now())
    failed_destinations = {}
    for entry in planned:
        key = entry["destination"]
        if key in failed_destinations:
            entry.update(posted=False, error="not tried: %s refused an earlier message in this run" % destination_label(key))
            continue
        try:
            answer = poster.send_message(entry["text"], markdown=entry["markdown"], **_destination_params(key))
        except WebexError as error:
            text = poster.redact(str(error))
            failed_destinations[key] = text
            entry.update(posted=False, error=text)
            continue
        message_id = (answer or {}).get("id")
        entry.update(posted=True, message_id=message_id)
        entries.append(ledger_entry(entry["recording_id"], key, entry["_rules"], message_id, format_datetime(now or utc_now())))
        write_json(ledger_path, ledger_document(entries), mode=FILE_MODE)
    return entries, failed_destinations


def _public(entry, check_mode):
    shown = dict((key, value) for key, value in entry.items() if not key.startswith("_") and key != "start_time")
    shown["destination"] = destination_label(entry["destination"])
    if check_mode:
        shown["posted"] = False
    return shown


def run_review(client, params, check_mode, checked=None):
    """The whole run: returns the module's result (``failed`` and ``msg`` when a post failed).

    ``checked``: ``check_params(params)`` when the caller already ran it.
    """
    rules, ledger = checked or check_params(params, check_mode)
    planned, counts, unreadable = plan_review(client, rules, ledger, params)
    deferred = planned[params["max_messages"] :]
    to_post = planned[: params["max_messages"]]
    warnings = []
    if unreadable:
        warnings.append(
            "the AI notes of %d recording(s) could not be read (%s): the token got no download links (an admin token never "
            "does; the owner's or a compliance officer's does, or Prevent Downloading is on), so keyword rules matched their "
            "topic only" % (len(unreadable), brief_ids(unreadable))
        )
    if deferred:
        warnings.append(
            "%d more message(s) are left for the next run (max_messages %d): %s"
            % (len(deferred), params["max_messages"], brief_ids(sorted(set(e["recording_id"] for e in deferred))))
        )
    result = {"warnings": warnings, "ledger_file": params["ledger_file"]}
    poster = client
    if check_mode:
        counts.update(posted=0, would_post=len(to_post), deferred=len(deferred), failed=0)
        result.update(changed=bool(to_post), messages=[_public(entry, True) for entry in to_post], counts=counts)
        result["msg"] = "would post %d message(s) about %d recording(s)" % (len(to_post), len(set(e["recording_id"] for e in to_post)))
    else:
        poster = message_client(client, params)
        _entries, failures = post_messages(poster, to_post, ledger, params["ledger_file"])
        posted = [entry for entry in to_post if entry.get("posted")]
        failed = [entry for entry in to_post if not entry.get("posted")]
        counts.update(posted=len(posted), would_post=0, deferred=len(deferred), failed=len(failed))
        result.update(changed=bool(posted), messages=[_public(entry, False) for entry in to_post], counts=counts)
        result["msg"] = "posted %d message(s) about %d recording(s)" % (len(posted), len(set(e["recording_id"] for e in posted)))
        if failed:
            result["failed"] = True
            causes = "; ".join("%s: %s" % (destination_label(key), text) for key, text in sorted(failures.items()))
            result["msg"] = "%d message(s) not posted (tried again on the next run): %s. %s" % (len(failed), causes, result["msg"])
    result["requests"] = request_counts(client, None if poster is client else poster)
    return result


def request_counts(*clients):
    """Requests sent, by kind: ``list_pages``, ``details``, ``metadata``, ``notes_downloads``, ``messages``, ``other``,
    ``total`` (the client counts by path, one key per recording id; a result shows the kinds)."""
    counts = {"list_pages": 0, "details": 0, "metadata": 0, "notes_downloads": 0, "messages": 0, "other": 0}
    for client in clients:
        if client is None:
            continue
        for endpoint, count in client.requests_sent.items():
            method, _sep, path = endpoint.partition(" ")
            if path in ("/admin/convergedRecordings", "/convergedRecordings"):
                kind = "list_pages"
            elif path.startswith("/convergedRecordings/") and path.endswith("/metadata"):
                kind = "metadata"
            elif path.startswith("/convergedRecordings/") and method == "GET":
                kind = "details"
            elif path.startswith("download link"):
                kind = "notes_downloads"
            elif path == "/messages":
                kind = "messages"
            else:
                kind = "other"
            counts[kind] += count
    counts["total"] = sum(counts.values())
    return counts


def run_review_module(module):
    """``recording_review``: check the options (before any request), run, report."""
    params = module.params
    try:
        checked = check_params(params, module.check_mode)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    client = client_from_module(module, concurrency=params["concurrency"])
    try:
        result = run_review(client, params, module.check_mode, checked)
    except OptionError as error:
        module.fail_json(msg=error.message, option=error.option)
    except WebexError as error:
        fail_from_error(module, client, error, changed=False, requests=request_counts(client))
    except (IOError, OSError) as error:
        # Only the ledger is written: a message may have been posted and not recorded (the next run posts it again).
        module.fail_json(msg="ledger_file: cannot write %s: %s" % (params["ledger_file"], error), option="ledger_file")
    for warning in result.pop("warnings"):
        module.warn(warning)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)
