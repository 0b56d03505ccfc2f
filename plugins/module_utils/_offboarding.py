# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Offboarding decisions: what moves, the journal of what moved, and how a rollback undoes it.

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure functions of plain data (recordings as the API lists them, journal entries), so each decision is tested table
by table. ``_offboarding_run`` lists, sends and writes; this file decides.

The journal records what happened, not what was intended:

- Before a write, the recordings it is about to move go into the journal as ``intended`` (write-ahead, so a run
  killed after the call still knows what it may have moved).
- After the write, each recording is read back from Webex: an entry becomes ``done`` only with the status (trash)
  or the owner (reassign) read back, and a reassign records the owner it really has now. An intended move that did
  not happen leaves the journal.
- A later run's intent for the same recording and action supersedes an earlier ``intended`` entry, so a run that
  failed on a misspelled successor and a corrected run leave the journal of the corrected one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

JOURNAL_FORMAT = "wxc.recordings/offboarding-journal/1"
ACTIONS = ("archive_and_trash", "reassign", "archive_and_reassign")
INTENDED = "intended"
DONE = "done"
ROLLED_BACK = "rolled_back"


def lower(value):
    return (value or "").strip().lower()


def journal_document(leaver, entries):
    return {"format": JOURNAL_FORMAT, "leaver": leaver, "entries": entries}


def journal_entries(document, source="journal"):
    """The entries of a journal file's document; an empty journal when there is none yet."""
    if document is None:
        return []
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ValueError("%s is not an offboarding journal (format %s expected)" % (source, JOURNAL_FORMAT))
    for index, entry in enumerate(document["entries"]):
        if not isinstance(entry, dict) or not entry.get("id") or entry.get("action") not in ("trash", "reassign"):
            raise ValueError("%s: entries[%d] is not a journal entry (id and action trash or reassign)" % (source, index))
    return document["entries"]


def is_done(entry):
    # Entries of journals from before the write-ahead journal have no state: they recorded what was done.
    return entry.get("state", DONE) == DONE


def plan_offboarding(inventory, action, verified_ids, journal, leaver, successor, run):
    """What this run moves, and its write-ahead journal entries.

    ``inventory``: the leaver's recordings (API objects) listed now. ``verified_ids``: recordings whose archive is
    verified (for the archive actions). ``journal``: the entries of earlier runs.

    - V(archive_and_trash): the available recordings with a verified archive are trashed; the others are kept
      (``kept``, with the reason). Recycle-bin recordings are already trashed.
    - V(reassign), V(archive_and_reassign): every recording the leaver still owns moves to the successor (an archive
      that failed is reported, not a reason to keep the recording from the successor).
    - A recording the journal already has as ``done`` for this action is not planned again.

    Returns ``{"trash": [ids], "reassign": [recordings], "kept": [rows], "intents": [entries]}``.
    """
    verified = set(verified_ids or ())
    done = set((entry["id"], entry["action"]) for entry in journal if is_done(entry))
    plan = {"trash": [], "reassign": [], "kept": [], "intents": []}
    for recording in inventory:
        recording_id = recording.get("id")
        if action == "archive_and_trash":
            if recording.get("status") != "available" or (recording_id, "trash") in done:
                continue
            if recording_id not in verified:
                plan["kept"].append(
                    {"id": recording_id, "action": "trash", "owner_email": recording.get("ownerEmail"), "reason": "archive not verified, recording kept"}
                )
                continue
            plan["trash"].append(recording_id)
            plan["intents"].append(
                {"id": recording_id, "action": "trash", "state": INTENDED, "run": run, "previous_owner_email": recording.get("ownerEmail") or leaver}
            )
        else:
            if lower(recording.get("ownerEmail")) == lower(successor) or (recording_id, "reassign") in done:
                continue
            plan["reassign"].append(recording)
            plan["intents"].append(
                {
                    "id": recording_id,
                    "action": "reassign",
                    "state": INTENDED,
                    "run": run,
                    "previous_owner_email": recording.get("ownerEmail"),
                    "previous_owner_id": recording.get("ownerId"),
                    "previous_owner_type": recording.get("ownerType"),
                    "new_owner_email": successor,
                }
            )
    return plan


def with_intents(journal, intents):
    """The journal with this run's intents: an earlier ``intended`` entry for the same recording and action is
    superseded (it never became ``done``, so nothing of it is known to have happened)."""
    superseded = set((entry["id"], entry["action"]) for entry in intents)
    kept = [entry for entry in journal if is_done(entry) or (entry["id"], entry["action"]) not in superseded]
    return kept + list(intents)


def confirm_journal(entries, read_back, leaver):
    """The journal after the writes, from what Webex says now.

    ``read_back``: id -> the recording as read after the writes (absent: not found). An ``intended`` trash is
    ``done`` when the recording is in the recycle bin (or gone: purged since); an ``intended`` reassign is ``done``
    when the leaver no longer owns it, and records the owner read back as ``new_owner_email``. An intended move
    that did not happen leaves the journal; one that cannot be told (not read back) stays ``intended``.
    """
    confirmed = []
    for entry in entries:
        if is_done(entry):
            confirmed.append(entry)
            continue
        now = read_back.get(entry["id"])
        if entry["action"] == "trash":
            if now is None or now.get("status") == "deleted":
                confirmed.append(dict(entry, state=DONE))
            # still available: the trash did not happen; it leaves the journal
            continue
        if now is None:
            confirmed.append(entry)  # cannot be told: a rollback checks the owner before moving anything back
            continue
        owner = now.get("ownerEmail")
        if lower(owner) != lower(leaver) and lower(owner) != lower(entry.get("previous_owner_email")):
            confirmed.append(dict(entry, state=DONE, new_owner_email=owner))
    return confirmed


def plan_rollback(entries, current):
    """What a rollback moves back, and what it leaves, each with its reason.

    ``current``: id -> the recording as it is now (absent: not found). A reassigned recording goes back to its
    previous owner only while it is still with the owner the journal recorded (else someone moved it since), and
    only when that previous owner is a user (Webex gives recordings to users only). A trashed recording is restored
    while it is in the recycle bin. Entries still ``intended`` are undone the same way: the owner (or status) check
    tells whether they happened.

    Returns ``{"reassign": {previous_owner_email: [recordings]}, "restore": [recordings], "skipped": [rows],
    "unchanged": [rows]}``.
    """
    plan = {"reassign": {}, "restore": [], "skipped": [], "unchanged": []}
    seen = set()
    for entry in reversed(entries):  # the newest entry of a recording and action wins
        key = (entry["id"], entry["action"])
        if key in seen:
            continue
        seen.add(key)
        if entry.get("state") == ROLLED_BACK:
            continue
        now = current.get(entry["id"])
        row = {"id": entry["id"], "action": "restore" if entry["action"] == "trash" else "reassign", "owner_email": entry.get("previous_owner_email")}
        if now is None:
            plan["skipped"].append(dict(row, reason="not found in Webex any more (purged or deleted for good)"))
            continue
        if entry["action"] == "trash":
            if now.get("status") == "deleted":
                plan["restore"].append(now)
            elif now.get("status") == "available":
                plan["unchanged"].append(dict(row, reason="available already"))
            else:
                plan["skipped"].append(dict(row, reason="status is %s, cannot be restored" % now.get("status")))
            continue
        previous = entry.get("previous_owner_email")
        owner = now.get("ownerEmail")
        if lower(owner) == lower(previous):
            plan["unchanged"].append(dict(row, reason="with %s already" % previous))
        elif entry.get("previous_owner_type", "user") != "user" or not previous:
            plan["skipped"].append(dict(row, reason="previous owner is not a user; Webex cannot give it back"))
        elif lower(owner) != lower(entry.get("new_owner_email")):
            plan["skipped"].append(dict(row, reason="owner changed since the offboarding (now %s), left as it is" % (owner or now.get("ownerId"))))
        else:
            plan["reassign"].setdefault(previous, []).append(now)
    return plan


def mark_rolled_back(entries, undone_ids):
    """The journal after a rollback: the entries of recordings now back as before are ``rolled_back`` (a later
    offboarding plans them again; a later rollback has nothing to undo for them)."""
    undone = set(undone_ids)
    return [dict(entry, state=ROLLED_BACK) if entry["id"] in undone and entry.get("state", DONE) != ROLLED_BACK else entry for entry in entries]


def offboarding_errors(action, leaver, successor, remaining, kept_ids, successor_owned):
    """What is wrong with the final state of an offboarding (empty: verified).

    ``remaining``: the leaver's recordings listed after the writes. ``kept_ids``: recordings kept on purpose (no
    verified archive). ``successor_owned``: id -> owner read back for the recordings reassigned by this run.
    """
    errors = []
    if action == "archive_and_trash":
        kept = set(kept_ids)
        left = [r.get("id") for r in remaining if r.get("status") == "available" and r.get("id") not in kept]
        if left:
            errors.append("%d recording(s) the role trashed are still available" % len(left))
    elif remaining:
        errors.append("the leaver still owns %d recording(s)" % len(remaining))
    wrong = [i for i, owner in successor_owned.items() if lower(owner) != lower(successor)]
    if wrong:
        errors.append("%d reassigned recording(s) are not owned by %s" % (len(wrong), successor))
    return errors
