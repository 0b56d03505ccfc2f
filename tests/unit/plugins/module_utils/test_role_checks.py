"""_role_checks: the role variables that go together or exclude each other, as a table of cases (the first problem,
named by its variable, or none)."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._role_checks import check_retention, check_role_values, check_storage_report
from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import check_role_variables

# What the role passes with its defaults and an admin token (secrets as set or not).
GOOD = dict(
    retention_admin_token=True,
    retention_admin_refresh_token=False,
    retention_client_id=False,
    retention_client_secret=False,
    retention_compliance_refresh_token=False,
    retention_compliance_client_id=False,
    retention_compliance_client_secret=False,
    retention_quota_gb="100",
    retention_quota_target_gb="90",
    retention_quota_enabled=False,
    retention_location_ids=[],
    retention_owner_emails=[],
    retention_plan_file="",
    retention_apply_plan="",
    retention_apply_plan_exists=False,
    retention_apply_plan_is_file=False,
)


@pytest.mark.parametrize(
    "change, variable, text",
    [
        ({}, None, None),
        # A refresh token alone is enough for the admin, with the client that refreshes it.
        ({"retention_admin_token": False, "retention_admin_refresh_token": True, "retention_client_id": True, "retention_client_secret": True}, None, None),
        ({"retention_admin_token": False}, "retention_admin_token", "retention_admin_token is empty"),
        ({"retention_admin_token": ""}, "retention_admin_token", "retention_admin_token is empty"),
        ({"retention_admin_refresh_token": True, "retention_client_id": True}, "retention_admin_refresh_token", "retention_client_secret"),
        ({"retention_compliance_refresh_token": True}, "retention_compliance_refresh_token", "retention_compliance_client_id"),
        (
            {"retention_compliance_refresh_token": True, "retention_compliance_client_id": True, "retention_compliance_client_secret": True},
            None,
            None,
        ),
        ({"retention_quota_target_gb": "120"}, "retention_quota_target_gb", "(120) is above retention_quota_gb (100)"),
        ({"retention_quota_target_gb": 100.0}, None, None),
        ({"retention_quota_gb": "lots"}, "retention_quota_gb", "must be a number of GB"),
        ({"retention_quota_target_gb": None}, "retention_quota_target_gb", "must be a number of GB"),
        ({"retention_quota_enabled": True}, None, None),
        ({"retention_quota_enabled": True, "retention_location_ids": ["L1"]}, "retention_quota_enabled", "needs every available recording"),
        ({"retention_quota_enabled": True, "retention_owner_emails": ["a@example.com"]}, "retention_quota_enabled", "Nothing was requested"),
        ({"retention_location_ids": ["L1"]}, None, None),
        ({"retention_plan_file": "/p.json", "retention_apply_plan": "/p.json"}, "retention_apply_plan", "are both set"),
        ({"retention_plan_file": "/p.json"}, None, None),
        ({"retention_apply_plan": "/p.json", "retention_apply_plan_exists": True, "retention_apply_plan_is_file": True}, None, None),
        ({"retention_apply_plan": "/p.json"}, "retention_apply_plan", "/p.json does not exist. Give the plan file"),
        ({"retention_apply_plan": "/srv", "retention_apply_plan_exists": True}, "retention_apply_plan", "/srv is not a readable file"),
        # Credentials come first: a person fixes the token before the policy.
        ({"retention_admin_token": False, "retention_quota_target_gb": "120"}, "retention_admin_token", None),
    ],
)
def test_check_retention(change, variable, text):
    problem = check_retention(dict(GOOD, **change))
    if variable is None:
        assert problem is None
        return
    assert problem[0] == variable and variable in problem[1], problem
    if text is not None:
        assert text in problem[1], problem[1]


def test_roles_without_checks_and_checks_without_values_pass():
    assert check_role_values("offboarding", {"offboarding_token": ""}) is None
    assert check_role_values("storage_report", None) is None
    assert check_role_values("retention", None) is None


SPECS = {"argument_specs": {"main": {"options": dict((name, {"type": "str"}) for name in GOOD)}}}


def params(names, values):
    return dict(role="retention", prefix="retention_", names=names, entry_point="main", outputs=[], deprecated_aliases={}, values=values, **SPECS)


def test_role_variables_check_names_the_variable_of_the_first_problem():
    result = check_role_variables(params(sorted(GOOD), dict(GOOD, retention_quota_target_gb="200")))
    assert (result["failed"], result["variable"]) == (True, "retention_quota_target_gb")
    assert check_role_variables(params(sorted(GOOD), GOOD))["failed"] is False


def test_a_misspelled_variable_is_reported_before_the_checks_that_would_read_its_default():
    result = check_role_variables(params(sorted(GOOD) + ["retention_quota_target"], dict(GOOD, retention_quota_target_gb="200")))
    assert result["failed"] is True and "variable" not in result and "retention_quota_target is not a variable" in result["msg"]


STORAGE = dict(
    storage_report_token=True,
    storage_report_refresh_token=False,
    storage_report_client_id=False,
    storage_report_client_secret=False,
    storage_report_access_level="admin",
    storage_report_statuses=["available", "deleted"],
    storage_report_quota_gb="100",
    storage_report_target_gb="90",
)


@pytest.mark.parametrize(
    "change, variable, text",
    [
        ({}, None, None),
        ({"storage_report_token": False}, "storage_report_token", "storage_report_token is empty"),
        ({"storage_report_token": False, "storage_report_refresh_token": True}, "storage_report_refresh_token", "storage_report_client_id"),
        (
            {"storage_report_token": False, "storage_report_refresh_token": True, "storage_report_client_id": True, "storage_report_client_secret": True},
            None,
            None,
        ),
        ({"storage_report_statuses": ["purged"]}, "storage_report_statuses", "compliance officer only"),
        ({"storage_report_statuses": ["purged"], "storage_report_access_level": "compliance_officer"}, None, None),
        ({"storage_report_target_gb": "150"}, "storage_report_target_gb", "(150) is above storage_report_quota_gb (100): the target must"),
        ({"storage_report_quota_gb": ""}, "storage_report_quota_gb", "must be a number of GB"),
    ],
)
def test_check_storage_report(change, variable, text):
    problem = check_role_values("storage_report", dict(STORAGE, **change))
    assert problem == check_storage_report(dict(STORAGE, **change))
    if variable is None:
        assert problem is None
        return
    assert problem[0] == variable and text in problem[1], problem
