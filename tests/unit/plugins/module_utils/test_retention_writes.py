"""What a retention run lists, archives, trashes and purges: listing scope, archive ids and the archive gate; and the
facts the report reads of what the plan kept of each listed recording."""

from datetime import timedelta

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._records import recording_facts
from ansible_collections.wxc.recordings.plugins.module_utils._retention import Policy
from ansible_collections.wxc.recordings.plugins.module_utils._retention_eval import evaluate
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import (
    ARCHIVE_NOT_VERIFIED,
    PURGE_ARCHIVE_NOT_VERIFIED,
    archive_ids,
    listing_scope,
    plan_writes,
    recheck_scope,
)
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan_step import slim_facts, slim_for_plan
from tests.unit.plugins.module_utils.test_retention import NOW, rec, rule
from tests.unit.recording_factory import recording

YEAR_START = NOW - timedelta(days=365)
END = NOW + timedelta(minutes=1)


@pytest.mark.parametrize(
    "policy, expected",
    [
        # One trash rule older than 90 days, no archive: only available recordings, only older than 90 days.
        (dict(rules=[rule("trash", "t", older_than_days=90)]), {"available": (YEAR_START, NOW - timedelta(days=90))}),
        (dict(rules=[rule("trash", "t", older_than_days=90, newer_than_days=200)]), {"available": (NOW - timedelta(days=200), NOW - timedelta(days=90))}),
        # A purge rule with purging off trashes only: the recycle bin is not listed.
        (dict(rules=[rule("purge", "p", older_than_days=30)]), {"available": (YEAR_START, NOW - timedelta(days=30))}),
        (
            dict(rules=[rule("purge", "p", older_than_days=30)], purge_enabled=True),
            {"available": (YEAR_START, NOW - timedelta(days=30)), "deleted": (YEAR_START, END)},
        ),
        # The quota counts every available recording.
        (dict(rules=[rule("trash", "t", older_than_days=90)], quota_enabled=True), {"available": (YEAR_START, END)}),
        # Two rules: the hull of their ranges.
        (
            dict(rules=[rule("trash", "a", older_than_days=300), rule("archive", "b", older_than_days=10, newer_than_days=20)]),
            {"available": (YEAR_START, NOW - timedelta(days=10))},
        ),
        (dict(rules=[rule("archive", "a", statuses=["deleted"])]), {"deleted": (YEAR_START, END)}),
        # Legal holds list nothing of their own; no rules, no quota, no purge: nothing to list.
        (dict(rules=[], legal_holds={"owner_emails": ["cfo@example.com"]}), {}),
        (dict(rules=[], purge_enabled=True), {"deleted": (YEAR_START, END)}),
    ],
)
def test_listing_scope(policy, expected):
    assert listing_scope(Policy(**policy), NOW) == expected


def entries_of(recordings, **policy):
    return evaluate(recordings, Policy(**policy), now=NOW)["entries"]


@pytest.mark.parametrize(
    "policy, recordings, expected",
    [
        (dict(rules=[rule("trash", "t")], archive_before_trash=False), [rec("a")], []),
        (dict(rules=[rule("trash", "t")]), [rec("a")], ["a"]),
        (dict(rules=[rule("archive", "t")], archive_before_trash=False), [rec("a")], ["a"]),
        # Purging is irreversible: a recycle-bin recording to purge is archived (again) first.
        (dict(rules=[rule("purge", "p")], purge_enabled=True), [rec("a"), rec("b", status="deleted")], ["a", "b"]),
        (dict(rules=[rule("purge", "p")], purge_enabled=True, archive_before_trash=False), [rec("a"), rec("b", status="deleted")], []),
    ],
)
def test_archive_ids(policy, recordings, expected):
    entries = entries_of(recordings, **policy)
    assert sorted(archive_ids(entries, policy.get("archive_before_trash", True), policy.get("purge_enabled", False))) == expected


@pytest.mark.parametrize(
    "policy, recordings, verified, trash, purge, after, kept",
    [
        # No archive needed: everything goes.
        (dict(rules=[rule("trash", "t")], archive_before_trash=False), [rec("a"), rec("b")], [], ["a", "b"], [], [], []),
        # Archive first: only what is verified; the rest is kept with the reason.
        (dict(rules=[rule("trash", "t")]), [rec("a"), rec("b")], ["a"], ["a"], [], [], [("b", "trash", ARCHIVE_NOT_VERIFIED)]),
        (dict(rules=[rule("trash", "t")]), [rec("a")], [], [], [], [], [("a", "trash", ARCHIVE_NOT_VERIFIED)]),
        # Purge on: trashed then purged; a recycle-bin recording purged only with its archive intact.
        (
            dict(rules=[rule("purge", "p")], purge_enabled=True),
            [rec("a"), rec("b", status="deleted"), rec("c", status="deleted")],
            ["a", "b"],
            ["a"],
            ["b"],
            ["a"],
            [("c", "purge", PURGE_ARCHIVE_NOT_VERIFIED)],
        ),
        # Purge rule with purging off: trashed only, never purged.
        (dict(rules=[rule("purge", "p")], archive_before_trash=False), [rec("a")], [], ["a"], [], [], []),
        # Archive rules write nothing.
        (dict(rules=[rule("archive", "x")]), [rec("a")], ["a"], [], [], [], []),
        # The recycle-bin grace period purges without an archive when archive_before_trash is off.
        (
            dict(rules=[], purge_enabled=True, purge_grace_days=30, archive_before_trash=False),
            [rec("a", status="deleted", days=100)],
            [],
            [],
            ["a"],
            [],
            [],
        ),
    ],
)
def test_plan_writes(policy, recordings, verified, trash, purge, after, kept):
    entries = entries_of(recordings, **policy)
    writes = plan_writes(entries, verified, policy.get("archive_before_trash", True), policy.get("purge_enabled", False))
    assert sorted(writes["trash"]) == trash
    assert sorted(writes["purge"]) == purge
    assert sorted(writes["purge_after_trash"]) == after
    assert [(row["id"], row["action"], row["reason"]) for row in writes["kept"]] == kept


def test_a_held_recording_is_never_written():
    policy = dict(rules=[rule("purge", "p")], purge_enabled=True, archive_before_trash=False, legal_holds={"owner_emails": ["held@example.com"]})
    entries = entries_of([rec("a"), rec("h", owner="held@example.com"), rec("hd", owner="held@example.com", status="deleted")], **policy)
    writes = plan_writes(entries, [], False, True)
    assert writes["trash"] == ["a"] and writes["purge"] == [] and writes["purge_after_trash"] == ["a"]


@pytest.mark.parametrize(
    "entries, statuses",
    [
        ([], []),
        ([{"id": "a", "action": "trash", "status": "available"}], ["available", "deleted"]),
        ([{"id": "a", "action": "archive", "status": "available"}], ["available"]),
        ([{"id": "a", "action": "archive", "status": "deleted"}], ["available", "deleted"]),
        ([{"id": "a", "action": "purge", "status": "deleted"}], ["available", "deleted"]),
    ],
)
def test_recheck_scope_lists_the_whole_year_for_the_storage_and_the_bin_only_when_needed(entries, statuses):
    scope = recheck_scope(entries, NOW)
    assert sorted(scope) == statuses
    assert all(bounds == (YEAR_START, END) for bounds in scope.values())


@pytest.mark.parametrize(
    "listed",
    [
        recording("r-1", created="2026-01-02T03:04:05Z", size=123),
        dict(recording("r-2"), serviceData={"locationId": "loc-1", "callSessionId": "c-1"}, topic="=SUM(A1)"),
        {"id": "r-3", "status": "deleted"},
    ],
)
def test_slim_facts_are_the_facts_of_the_slim_recording(listed):
    slim = slim_for_plan(listed)
    assert slim_facts(slim) == recording_facts(slim)
