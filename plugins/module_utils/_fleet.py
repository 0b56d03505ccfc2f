# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The fleet report: one row per org, merged from the per-org status files of one run or of several slices.

Internal use only: this module is not part of the collection's public API and may change at any time.

Each org's run writes ``<report_dir>/<org>/fleet-status.json`` (playbooks/fleet.yml):
``{org, org_id, org_name, status: ok|failed, reason, failed_task, finished, storage: <summary>|null,
archive: <summary>|null, retention: <summary>|null}``, where a summary is what ``recording_report`` returns. ``merge`` (pure, table-tested)
makes the fleet report of those documents; ``render_csv``/``render_html`` render it; ``read_statuses`` and
``write_fleet_report`` are the file side (``_files``). Nothing here imports Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import json
import os

from ansible_collections.wxc.recordings.plugins.module_utils._csv_cells import spreadsheet_safe
from ansible_collections.wxc.recordings.plugins.module_utils._files import make_dirs, same_content, write_bytes, write_text

STATUS_FILE = "fleet-status.json"
GB = 1000**3
MAX_NAMED = 20
CSV_COLUMNS = (
    "org",
    "org_name",
    "org_id",
    "status",
    "recordings",
    "used_bytes",
    "quota_bytes",
    "used_percent",
    "deleted_bytes",
    "used_percent_after",
    "actions",
    "actions_by_kind",
    "reason",
)


def _number(value, default=0):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return value


def org_row(doc):
    """One org's row of the fleet report, from its status document (missing parts count as zero)."""
    storage = doc.get("storage") or {}
    retention = doc.get("retention") or {}
    archive = doc.get("archive") or {}
    # Storage: the storage report's numbers; else the retention report's, which measures the org too (the archive
    # report measures only what it selected).
    measured = storage or retention
    by_action = {}
    for summary in (storage, archive, retention):
        for action, outcomes in sorted((summary.get("by_action") or {}).items()):
            if not isinstance(outcomes, dict):
                continue
            target = by_action.setdefault(action, {})
            for outcome, count in outcomes.items():
                target[outcome] = target.get(outcome, 0) + _number(count)
    status = doc.get("status") if doc.get("status") in ("ok", "failed") else "failed"
    reason = doc.get("reason") or ("" if status == "ok" else "failed without a reason")
    return {
        "org": doc.get("org") or "",
        "org_name": doc.get("org_name") or doc.get("org") or "",
        "org_id": doc.get("org_id") or "",
        "status": status,
        "reason": reason,
        "failed_task": doc.get("failed_task") or "",
        "finished": doc.get("finished") or "",
        "measured": bool(measured),
        "recordings": _number(measured.get("available_count")),
        "used_bytes": _number(measured.get("available_bytes")),
        "deleted_bytes": _number(measured.get("deleted_bytes")),
        "quota_bytes": _number(measured.get("quota_bytes")),
        "used_percent": _number(measured.get("used_percent"), 0.0),
        # After the run's actions: the retention report projects them; a storage report alone changes nothing.
        "used_percent_after": _number((retention or measured).get("used_percent_after"), _number(measured.get("used_percent"), 0.0)),
        "actions": sum(_number(v) for outcomes in by_action.values() for v in outcomes.values()),
        "by_action": by_action,
    }


def merge(docs, expected_orgs=None, warn_percent=80):
    """The fleet report from status documents (any order, from any number of slices).

    - An org listed twice (two slices that overlapped, or a rerun) keeps its latest ``finished`` document; the
      org is named in ``duplicates``.
    - An org in ``expected_orgs`` without a document failed: its run never finished (or it is missing from the
      slices merged).
    - With ``expected_orgs``, a result of any other org (an org left in the folder by an earlier run, or outside
      this run's --limit) is left out and named in ``ignored``.
    - Orgs are sorted by name, then host name; failed orgs come with their reason.
    """
    latest = {}
    duplicates = set()
    ignored = set()
    wanted = set(expected_orgs or [])
    for doc in docs:
        row = org_row(doc)
        key = row["org"]
        if wanted and key not in wanted:
            ignored.add(key)
            continue
        if key in latest:
            duplicates.add(key)
            if row["finished"] < latest[key]["finished"]:
                continue
        latest[key] = row
    for org in expected_orgs or []:
        if org not in latest:
            latest[org] = org_row({"org": org, "status": "failed", "reason": "no result: the org's run did not finish"})
    rows = sorted(latest.values(), key=lambda r: (r["org_name"].lower(), r["org"]))
    failed = [{"org": r["org"], "org_name": r["org_name"], "reason": r["reason"]} for r in rows if r["status"] == "failed"]
    by_action = {}
    for row in rows:
        for action, outcomes in row["by_action"].items():
            target = by_action.setdefault(action, {})
            for outcome, count in outcomes.items():
                target[outcome] = target.get(outcome, 0) + count
    used = sum(r["used_bytes"] for r in rows)
    quota = sum(r["quota_bytes"] for r in rows if r["measured"])
    totals = {
        "orgs": len(rows),
        "ok": len(rows) - len(failed),
        "failed": len(failed),
        "recordings": sum(r["recordings"] for r in rows),
        "used_bytes": used,
        "quota_bytes": quota,
        "used_percent": round(100.0 * used / quota, 2) if quota else 0.0,
        "actions": sum(r["actions"] for r in rows),
        "by_action": by_action,
        "above_warn": sorted(r["org"] for r in rows if r["measured"] and r["used_percent"] >= warn_percent),
    }
    return {
        "orgs": rows,
        "failed": failed,
        "totals": totals,
        "duplicates": sorted(duplicates),
        "ignored": sorted(ignored),
        "warn_percent": warn_percent,
    }


def _names(items, limit=MAX_NAMED):
    items = list(items)
    text = ", ".join(items[:limit])
    if len(items) > limit:
        text += " and %d more" % (len(items) - limit)
    return text


def message_text(report):
    """Cause first: failed orgs (with reasons, at most 20), then the totals."""
    totals = report["totals"]
    lines = []
    if report["failed"]:
        lines.append("%d of %d orgs failed: %s" % (totals["failed"], totals["orgs"], _names(f["org"] for f in report["failed"])))
        for failure in report["failed"][:MAX_NAMED]:
            lines.append("  %s: %s" % (failure["org"], failure["reason"]))
        if len(report["failed"]) > MAX_NAMED:
            lines.append("  and %d more" % (len(report["failed"]) - MAX_NAMED))
    lines.append(
        "%d orgs, %d ok: %d recordings, %.2f GB of %.2f GB (%.1f%%), %d actions"
        % (
            totals["orgs"],
            totals["ok"],
            totals["recordings"],
            totals["used_bytes"] / float(GB),
            totals["quota_bytes"] / float(GB),
            totals["used_percent"],
            totals["actions"],
        )
    )
    if totals["above_warn"]:
        lines.append("At or above %s%% of the quota: %s" % (report["warn_percent"], _names(totals["above_warn"])))
    return "\n".join(lines)


def _action_text(by_action):
    parts = []
    for action in sorted(by_action):
        outcomes = by_action[action]
        parts.append("%s: %s" % (action, ", ".join("%s %d" % (o, outcomes[o]) for o in sorted(outcomes))))
    return "; ".join(parts)


def render_csv(report):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report["orgs"]:
        values = dict(row, actions_by_kind=_action_text(row["by_action"]))
        writer.writerow([spreadsheet_safe(values[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def _escape(value):
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")


def render_html(report, title="Webex Calling recordings: fleet"):
    rows = []
    for row in report["orgs"]:
        width = max(0.0, min(100.0, row["used_percent"]))
        gauge = '<div class="bar"><span style="width:%.1f%%"></span></div>' % width if row["measured"] else ""
        rows.append(
            '<tr class="%s"><td>%s<br><small>%s</small></td><td>%s</td><td class="n">%d</td><td class="n">%.2f GB / %.0f GB'
            '</td><td class="n">%.1f%%%s</td><td>%s</td><td>%s</td></tr>'
            % (
                row["status"],
                _escape(row["org_name"]),
                _escape(row["org"]),
                _escape(row["status"]),
                row["recordings"],
                row["used_bytes"] / float(GB),
                row["quota_bytes"] / float(GB),
                row["used_percent"],
                gauge,
                _escape(_action_text(row["by_action"]) or "none"),
                _escape(row["reason"]),
            )
        )
    failed = "".join("<li><b>%s</b>: %s</li>" % (_escape(f["org"]), _escape(f["reason"])) for f in report["failed"])
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>%s</title><style>'
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
        "vertical-align:top}td.n{text-align:right}tr.failed{background:#fdd}.bar{background:#eee;width:120px;height:8px}"
        ".bar span{display:block;height:8px;background:#36c}</style></head><body>\n<h1>%s</h1>\n<p>%s</p>\n%s"
        "<table><tr><th>Org</th><th>Status</th><th>Recordings</th><th>Storage</th><th>Of quota</th><th>Actions</th>"
        "<th>Reason</th></tr>\n%s\n</table></body></html>\n"
        % (
            _escape(title),
            _escape(title),
            _escape(message_text(report)).replace("\n", "<br>"),
            ("<h2>Failed orgs</h2><ul>%s</ul>\n" % failed) if failed else "",
            "\n".join(rows),
        )
    )


def public(report):
    """The JSON document: rows without internal fields."""
    out = dict(report)
    out["orgs"] = [dict((k, v) for k, v in row.items() if k != "measured") for row in report["orgs"]]
    return out


# ---------------------------------------------------------------------- files


def read_statuses(folders):
    """Every ``<folder>/<org>/fleet-status.json``: ``(documents, problems)``; an unreadable file is a failed org."""
    docs = []
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for org in sorted(os.listdir(folder)):
            path = os.path.join(folder, org, STATUS_FILE)
            if not os.path.isfile(path):
                continue
            try:
                with open(path, "r") as handle:
                    doc = json.load(handle)
                if not isinstance(doc, dict):
                    raise ValueError("not a JSON object")
            except (IOError, OSError, ValueError) as exc:
                doc = {"org": org, "status": "failed", "reason": "status file %s unreadable: %s" % (path, exc)}
            doc.setdefault("org", org)
            docs.append(doc)
    return docs


def write_fleet_report(report, dest, name, mode, formats=("json", "csv", "html")):
    """Write the fleet report files atomically with ``mode``; returns ``{format: path}``."""
    make_dirs(dest)
    paths = {}
    for kind in formats:
        path = os.path.join(dest, "%s.%s" % (name, kind))
        if kind == "json":
            text = json.dumps(public(report), indent=2, sort_keys=True) + "\n"
        elif kind == "csv":
            text = render_csv(report)
        else:
            text = render_html(report)
        write_text(path, text, mode)
        paths[kind] = path
    return paths


ORG_STATUSES = ("ok", "failed")


def check_org_status(status):
    """The message of what is wrong with an org's status document (``recording_fleet_status``), or None."""
    if not isinstance(status, dict):
        return "status must be a mapping"
    missing = [key for key in ("org", "status") if not status.get(key)]
    if missing:
        return "status needs %s" % " and ".join(missing)
    if status["status"] not in ORG_STATUSES:
        return "status.status must be one of %s, not %r" % (", ".join(ORG_STATUSES), status["status"])
    return None


def record_org_status(org_dir, state, status=None):
    """Write (``present``) or remove (``absent``) ``<org_dir>/fleet-status.json``; ``{"changed", "path"}``.

    Removing first matters: a rerun that fails before it records anything must not leave the last run's ``ok`` for
    the fleet report to find. Writing creates the org's folder (mode 0700) and the file atomically (mode 0600).
    """
    path = os.path.join(org_dir, STATUS_FILE)
    if state == "absent":
        if not os.path.lexists(path):
            return {"changed": False, "path": path}
        os.remove(path)
        return {"changed": True, "path": path}
    make_dirs(org_dir)
    data = (json.dumps(status, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if same_content(path, data):
        return {"changed": False, "path": path}
    write_bytes(path, data)
    return {"changed": True, "path": path}


# recording_fleet_status's parameters, shared by the module and its action plugin.
FLEET_STATUS_ARGUMENT_SPEC = dict(
    org_dir=dict(type="path", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    status=dict(type="dict"),
)


def fleet_status_result(params):
    """The result of ``recording_fleet_status`` for its (validated) parameters; ``failed`` with ``msg`` on bad input."""
    if params.get("state") == "present":
        problem = check_org_status(params.get("status"))
        if problem:
            return {"failed": True, "msg": problem, "option": "status"}
    try:
        return record_org_status(params["org_dir"], params.get("state") or "present", params.get("status"))
    except (IOError, OSError) as error:
        return {"failed": True, "msg": "org_dir: cannot record the status in %s: %s" % (params["org_dir"], error), "option": "org_dir"}
