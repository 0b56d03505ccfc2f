# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The checks of a role's variables that one variable's type cannot express: which go together, which exclude each
other. Plain data in (variable -> value), the first problem out, as ``(variable, message)``.

Internal use only: this module is not part of the collection's public API and may change at any time.

Why here and not in ``assert`` tasks: each task costs a role run about 30 ms however little it does, and an
``assert`` in YAML is out of reach of the unit tests. ``role_variables_check`` runs these right after the
misspelled-variable check, on the controller, before any request. Secrets are never passed in: the role passes
whether each one is set (a boolean), and a check reads only that. Files are passed as what the role found
(``retention_apply_plan_exists``, ``retention_apply_plan_is_file``), so that the checks stay plain functions.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _is_set(value):
    """A secret given as a boolean (``token | length > 0``), or any value: set when not empty."""
    return bool(value)


def _number(value):
    """A number of the role's, or None when it is not one."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _missing_refresh_client(values, refresh_token, client_id, client_secret):
    """A refresh token given without the client (id and secret) that refreshes it."""
    return _is_set(values.get(refresh_token)) and not (_is_set(values.get(client_id)) and _is_set(values.get(client_secret)))


def _target_problem(values, quota, target, what):
    """``(variable, message)`` when the quota or its target is not a number, or the target is above the quota."""
    for name in (quota, target):
        if _number(values.get(name)) is None:
            return name, "%s must be a number of GB, got %r" % (name, values.get(name))
    if _number(values[target]) > _number(values[quota]):
        return (
            target,
            "%s (%s) is above %s (%s): %s must be at or under the quota." % (target, values.get(target), quota, values.get(quota), what),
        )
    return None


def check_retention(values):
    """The retention role's checks, in the order a person fixes them: credentials, then the policy, then the files."""
    if not (_is_set(values.get("retention_admin_token")) or _is_set(values.get("retention_admin_refresh_token"))):
        return (
            "retention_admin_token",
            "retention_admin_token is empty: give the admin token (retention_admin_token or WEBEX_ADMIN_TOKEN), or the admin's "
            "refresh token (retention_admin_refresh_token, with retention_client_id and retention_client_secret).",
        )
    if _missing_refresh_client(values, "retention_admin_refresh_token", "retention_client_id", "retention_client_secret"):
        return (
            "retention_admin_refresh_token",
            "retention_admin_refresh_token is set: refreshing the admin token also needs retention_client_id and "
            "retention_client_secret (or WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET).",
        )
    if _missing_refresh_client(values, "retention_compliance_refresh_token", "retention_compliance_client_id", "retention_compliance_client_secret"):
        return (
            "retention_compliance_refresh_token",
            "retention_compliance_refresh_token is set: refreshing the compliance officer token also needs "
            "retention_compliance_client_id and retention_compliance_client_secret (by default retention_client_id and "
            "retention_client_secret, or WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET).",
        )
    problem = _target_problem(values, "retention_quota_gb", "retention_quota_target_gb", "the quota target")
    if problem is not None:
        return problem
    if values.get("retention_quota_enabled") and (values.get("retention_location_ids") or values.get("retention_owner_emails")):
        return (
            "retention_quota_enabled",
            "retention_location_ids or retention_owner_emails limit the run to part of the organisation, but "
            "retention_quota_enabled needs every available recording of it (the quota is the organisation's): run the "
            "quota without a limit, or set retention_quota_enabled to false for the limited runs. Nothing was requested.",
        )
    if values.get("retention_plan_file") and values.get("retention_apply_plan"):
        return (
            "retention_apply_plan",
            "retention_plan_file and retention_apply_plan are both set: either plan (and write the plan to "
            "retention_plan_file) or apply the plan retention_apply_plan, not both.",
        )
    apply_plan = values.get("retention_apply_plan")
    if apply_plan and not (values.get("retention_apply_plan_exists") and values.get("retention_apply_plan_is_file")):
        return (
            "retention_apply_plan",
            "retention_apply_plan: %s %s. Give the plan file a planning run wrote (retention_plan_file, or "
            "<retention_report_dir>/retention-<time>-plan.json)."
            % (apply_plan, "is not a readable file" if values.get("retention_apply_plan_exists") else "does not exist"),
        )
    return None


def check_storage_report(values):
    """The storage_report role's checks: the token, its refresh client, the statuses the token may list, the target."""
    if not (_is_set(values.get("storage_report_token")) or _is_set(values.get("storage_report_refresh_token"))):
        return (
            "storage_report_token",
            "storage_report_token is empty: give an admin token (storage_report_token or WEBEX_ADMIN_TOKEN), or its refresh "
            "token (storage_report_refresh_token, with storage_report_client_id and storage_report_client_secret).",
        )
    if _missing_refresh_client(values, "storage_report_refresh_token", "storage_report_client_id", "storage_report_client_secret"):
        return (
            "storage_report_refresh_token",
            "storage_report_refresh_token is set: refreshing the token also needs storage_report_client_id and "
            "storage_report_client_secret (or WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET).",
        )
    if "purged" in (values.get("storage_report_statuses") or []) and values.get("storage_report_access_level") != "compliance_officer":
        return (
            "storage_report_statuses",
            "storage_report_statuses: purged recordings are visible to a compliance officer only "
            "(storage_report_access_level=compliance_officer, with a compliance officer's token).",
        )
    return _target_problem(values, "storage_report_quota_gb", "storage_report_target_gb", "the target")


# role -> its checks. A role without an entry has only the misspelled-variable check.
ROLE_CHECKS = {
    "retention": check_retention,
    "storage_report": check_storage_report,
}


def check_role_values(role, values):
    """``(variable, message)`` of the first problem of ``role``'s ``values``, or None."""
    check = ROLE_CHECKS.get(role)
    if check is None or values is None:
        return None
    return check(values)
