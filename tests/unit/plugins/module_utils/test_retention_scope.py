"""A retention run limited to locations or owners: the listings it sends and the recordings it may keep."""

import base64

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._retention_scope import check_scope, in_scope, limit_for_apply, normalize_scope, scope_filters

HQ = "4f914b1d-fe3c-4d11-a617-30f18c0f5387"
BRANCH = "9d1e6c12-0000-4000-8000-000000000002"
HQ_WEBEX_ID = base64.b64encode(("ciscospark://us/LOCATION/%s" % HQ).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "locations, owners, expected",
    [
        (None, None, ([], [])),
        ([HQ_WEBEX_ID, HQ, " ", ""], [], ([HQ], [])),  # base64 Webex id -> the plain UUID recordings carry; once
        ([], ["Alice@Example.com", "alice@example.com", "bob@example.com"], ([], ["Alice@Example.com", "bob@example.com"])),
    ],
)
def test_normalize_scope(locations, owners, expected):
    assert normalize_scope(locations, owners) == expected


@pytest.mark.parametrize(
    "locations, owners, filters",
    [
        ([], [], [{}]),
        ([HQ, BRANCH], [], [{"location_id": HQ}, {"location_id": BRANCH}]),
        ([], ["a@x"], [{"owner_email": "a@x"}]),
        ([HQ], ["a@x", "b@x"], [{"location_id": HQ, "owner_email": "a@x"}, {"location_id": HQ, "owner_email": "b@x"}]),
    ],
)
def test_scope_filters(locations, owners, filters):
    assert scope_filters(locations, owners) == filters


@pytest.mark.parametrize(
    "recording, locations, owners, expected",
    [
        ({"serviceData": {"locationId": HQ}, "ownerEmail": "a@x"}, [], [], True),
        ({"serviceData": {"locationId": HQ}}, [HQ], [], True),
        ({"serviceData": {"locationId": HQ_WEBEX_ID}}, [HQ], [], True),
        ({"serviceData": {"locationId": BRANCH}}, [HQ], [], False),  # a server that ignored the filter
        ({}, [HQ], [], False),  # no location: not provably in scope
        ({"ownerEmail": "A@X"}, [], ["a@x"], True),
        ({"ownerEmail": "b@x"}, [], ["a@x"], False),
        ({"serviceData": {"locationId": HQ}, "ownerEmail": "b@x"}, [HQ], ["a@x"], False),
    ],
)
def test_in_scope(recording, locations, owners, expected):
    assert in_scope(recording, locations, owners) is expected


def test_a_limited_run_refuses_the_quota_naming_the_option():
    check_scope([], [], True)
    check_scope([HQ], [], False)
    with pytest.raises(OptionError) as caught:
        check_scope([HQ], [], True)
    assert caught.value.option == "location_ids"
    assert caught.value.message.startswith("location_ids limits the run to part of the organisation, but quota_enabled needs")
    with pytest.raises(OptionError) as caught:
        check_scope([], ["a@x"], True)
    assert caught.value.option == "owner_emails"


@pytest.mark.parametrize(
    "given, planned, expected",
    [
        (([], []), {"location_ids": [HQ], "owner_emails": []}, ([HQ], [])),  # the plan's own limit, given or not
        (([HQ], []), {"location_ids": [HQ_WEBEX_ID], "owner_emails": []}, ([HQ], [])),
        (([], ["A@x"]), {"location_ids": [], "owner_emails": ["a@x"]}, ([], ["a@x"])),
        (([], []), None, ([], [])),  # a plan of the whole organisation (or from before 2.0.0)
    ],
)
def test_applying_a_plan_lists_as_far_as_the_plan_covered(given, planned, expected):
    assert limit_for_apply(given, planned) == expected


def test_applying_a_plan_with_another_limit_is_refused_naming_the_option():
    with pytest.raises(OptionError) as caught:
        limit_for_apply(([BRANCH], []), {"location_ids": [HQ], "owner_emails": []})
    assert caught.value.option == "location_ids"
    assert caught.value.message == "location_ids: the plan was made for %s, not %s; apply it with the same location_ids, or without any" % (HQ, BRANCH)
    with pytest.raises(OptionError) as caught:
        limit_for_apply(([HQ], []), None)
    assert "the plan was made for the whole organisation" in caught.value.message
