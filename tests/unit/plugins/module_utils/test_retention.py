"""The retention planner: rules, legal holds, quota, recycle-bin grace, drift. Pure functions, table-driven."""

import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._dates import format_datetime
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import read_json, write_json
from ansible_collections.wxc.recordings.plugins.module_utils._retention import BIN_RULE, GB, QUOTA_RULE, Holds, Policy, Rule
from ansible_collections.wxc.recordings.plugins.module_utils._retention_eval import evaluate
from ansible_collections.wxc.recordings.plugins.module_utils._retention_plan import (
    check_drift,
    plan_document,
    step_ids,
    update_bin_ledger,
    validate_plan,
)

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
HQ, LONDON = "loc-hq", "loc-london"


def rec(rid, days=10, status="available", owner="alice@example.com", size=1000, **extra):
    """A recording as the API lists it, created ``days`` before NOW."""
    recording = {
        "id": rid,
        "createTime": format_datetime(NOW - timedelta(days=days)),
        "status": status,
        "ownerEmail": owner,
        "ownerId": "id-" + owner,
        "ownerType": extra.pop("owner_type", "user"),
        "serviceType": extra.pop("service_type", "calling"),
        "storageRegion": extra.pop("region", "US"),
        "topic": extra.pop("topic", "Call with Bob"),
        "sizeBytes": size,
        "durationSeconds": extra.pop("duration", 60),
        "serviceData": {"locationId": extra.pop("location", HQ)},
    }
    recording.update(extra)
    return recording


def rule(action="trash", name="r", **match):
    return {"name": name, "action": action, "match": match}


def planned(evaluation):
    return dict((entry["id"], (entry["rule"], entry["action"], entry["archive_first"])) for entry in evaluation["entries"])


# ---------------------------------------------------------------------------------------------- one rule


@pytest.mark.parametrize(
    "match, action, recording, expected",
    [
        ({}, "trash", rec("a"), True),
        ({"older_than_days": 30}, "trash", rec("a", days=31), True),
        ({"older_than_days": 30}, "trash", rec("a", days=30), False),  # exactly 30 days old is not older
        ({"older_than_days": 30}, "trash", rec("a", days=29), False),
        ({"newer_than_days": 30}, "trash", rec("a", days=29), True),
        ({"newer_than_days": 30}, "trash", rec("a", days=31), False),
        ({"older_than_days": 10, "newer_than_days": 20}, "trash", rec("a", days=15), True),
        ({"owner_emails": ["ALICE@example.com"]}, "trash", rec("a"), True),
        ({"owner_emails": ["bob@example.com"]}, "trash", rec("a"), False),
        ({"exclude_owner_emails": ["Alice@Example.com"]}, "trash", rec("a"), False),
        ({"owner_types": ["callQueue"]}, "trash", rec("a", owner_type="callQueue"), True),
        ({"owner_types": ["callQueue"]}, "trash", rec("a"), False),
        ({"location_ids": [LONDON]}, "trash", rec("a", location=LONDON), True),
        ({"location_ids": [LONDON]}, "trash", rec("a"), False),
        ({"service_types": ["customerAssist"]}, "trash", rec("a", service_type="customerAssist"), True),
        ({"service_types": ["customerAssist"]}, "trash", rec("a"), False),
        ({"storage_regions": ["DE"]}, "trash", rec("a", region="DE"), True),
        ({"storage_regions": ["DE"]}, "trash", rec("a"), False),
        ({"topic_pattern": "^call with"}, "trash", rec("a"), True),  # case-insensitive search
        ({"topic_pattern": "^Bob"}, "trash", rec("a"), False),
        ({"min_size_bytes": 1000}, "trash", rec("a", size=1000), True),
        ({"min_size_bytes": 1001}, "trash", rec("a", size=1000), False),
        ({"max_size_bytes": 999}, "trash", rec("a", size=1000), False),
        ({"min_duration_seconds": 61}, "trash", rec("a"), False),
        # Default statuses: archive and trash take available ones, purge the recycle bin too.
        ({}, "trash", rec("a", status="deleted"), False),
        ({}, "archive", rec("a", status="deleted"), False),
        ({}, "purge", rec("a", status="deleted"), True),
        ({"statuses": ["deleted"]}, "purge", rec("a"), False),
        ({"statuses": ["deleted"]}, "archive", rec("a", status="deleted"), True),
        ({}, "purge", rec("a", status="purged"), False),
        ({"older_than_days": 1}, "trash", dict(rec("a"), createTime=None), False),  # no readable time: never old
    ],
)
def test_rule_matches(match, action, recording, expected):
    assert Rule(rule(action, **match), 0).matches(recording, NOW) is expected


@pytest.mark.parametrize(
    "policy, option, message",
    [
        ({"rules": [rule("delete")]}, "rules", "action must be one of"),
        ({"rules": [{"action": "trash"}]}, "rules", "needs a name"),
        ({"rules": [rule(colour="red")]}, "rules", "unknown match conditions colour"),
        ({"rules": [rule(topic_pattern="(")]}, "rules", "not a valid regular expression"),
        ({"rules": [rule(statuses=["deleted"])]}, "rules", "is not one of available"),
        ({"rules": [rule(owner_types=["robot"])]}, "rules", "owner_types"),
        ({"rules": [rule(older_than_days=30, newer_than_days=30)]}, "rules", "newer_than_days must be greater"),
        ({"rules": [rule(older_than_days=-1)]}, "rules", "0 or more"),
        ({"rules": [rule(name="a"), rule(name="a")]}, "rules", "unique: a"),
        ({"rules": [rule(name=QUOTA_RULE)]}, "rules", "reserved"),
        ({"legal_holds": {"owners": ["x"]}}, "legal_holds", "unknown keys owners"),
        # A mistyped hold would protect nothing: refused, naming the entry.
        ({"legal_holds": {"owner_emails": ["cfo.example.com"]}}, "legal_holds", "legal_holds.owner_emails: not an email address: 'cfo.example.com'"),
        ({"legal_holds": {"owner_emails": ["a@example.com", "b", " "]}}, "legal_holds", "not an email address: 'b', ' '"),
        ({"legal_holds": {"recording_ids": ["a", ""]}}, "legal_holds", "must not contain empty entries"),
        ({"legal_holds": {"location_ids": [" "]}}, "legal_holds", "must not contain empty entries"),
        # A mistyped exclusion would trash the owner it was to spare.
        ({"rules": [rule(exclude_owner_emails=["ceo@example"])]}, "rules", "exclude_owner_emails: not an email address: 'ceo@example'"),
        ({"rules": [rule(owner_emails=["alice"])]}, "rules", "owner_emails: not an email address: 'alice'"),
        ({"quota_gb": 0}, "quota_gb", "greater than 0"),
        ({"quota_gb": 100, "target_gb": 101}, "target_gb", "must not be above"),
        ({"purge_grace_days": -1}, "purge_grace_days", "0 or more"),
    ],
)
def test_policy_errors_name_the_option(policy, option, message):
    with pytest.raises(OptionError) as error:
        Policy(**policy)
    assert error.value.option == option
    assert message in error.value.message


# ---------------------------------------------------------------------------------------------- evaluation


@pytest.mark.parametrize(
    "policy, recordings, expected",
    [
        # The first matching rule wins: one action per recording per run.
        (
            {"rules": [rule("archive", "keep-sales", topic_pattern="sales"), rule("trash", "old", older_than_days=30)]},
            [rec("sales", days=40, topic="Sales call"), rec("other", days=40), rec("new", days=5)],
            {"sales": ("keep-sales", "archive", True), "other": ("old", "trash", True)},
        ),
        # archive_before_trash marks every trash for archiving first.
        (
            {"rules": [rule("trash", "old", older_than_days=30)], "archive_before_trash": False},
            [rec("a", days=40)],
            {"a": ("old", "trash", False)},
        ),
        # Legal holds (owner, recording, location) beat every rule.
        (
            {
                "rules": [rule("trash", "all")],
                "legal_holds": {"owner_emails": ["HELD@example.com"], "recording_ids": ["b"], "location_ids": [LONDON]},
            },
            [rec("a", owner="held@example.com"), rec("b"), rec("c", location=LONDON), rec("d")],
            {"d": ("all", "trash", True)},
        ),
        # Purge disabled: a purge rule only trashes available recordings and leaves the recycle bin alone.
        (
            {"rules": [rule("purge", "gone")], "purge_enabled": False},
            [rec("live"), rec("binned", status="deleted")],
            {"live": ("gone", "trash", True)},
        ),
        # Purge enabled: available ones are trashed then purged (archived first), recycle-bin ones purged.
        (
            {"rules": [rule("purge", "gone")], "purge_enabled": True, "purge_grace_days": None},
            [rec("live"), rec("binned", status="deleted")],
            {"live": ("gone", "purge", True), "binned": ("gone", "purge", False)},
        ),
        # Purged recordings are never planned; duplicates count once.
        (
            {"rules": [rule("purge", "gone")], "purge_enabled": True, "purge_grace_days": None},
            [rec("p", status="purged"), rec("x"), rec("x")],
            {"x": ("gone", "purge", True)},
        ),
    ],
)
def test_evaluate_rules_and_holds(policy, recordings, expected):
    assert planned(evaluate(recordings, Policy(**policy), now=NOW)) == expected


def test_held_recordings_are_listed_with_their_hold():
    evaluation = evaluate(
        [rec("a", owner="held@example.com"), rec("b")], Policy(legal_holds={"recording_ids": ["b"], "owner_emails": ["held@example.com"]}), now=NOW
    )
    assert dict((h["id"], h["reason"]) for h in evaluation["held"]) == {"a": "owner held@example.com on legal hold", "b": "recording on legal hold"}


def quota_policy(**extra):
    # 10,000 bytes of quota, 6,000 bytes of target.
    values = dict(quota_enabled=True, quota_gb=10000.0 / GB, target_gb=6000.0 / GB)
    values.update(extra)
    return Policy(**values)


@pytest.mark.parametrize(
    "policy, recordings, expected",
    [
        # Oldest first until at or under the target: 9,000 -> trash 3,000 (the two oldest) -> 6,000.
        (
            quota_policy(),
            [rec("new", 1, size=3000), rec("mid", 2, size=3000), rec("old", 3, size=1000), rec("oldest", 4, size=2000)],
            {"oldest": (QUOTA_RULE, "trash", True), "old": (QUOTA_RULE, "trash", True)},
        ),
        # Nothing to do under the target.
        (quota_policy(), [rec("a", 1, size=6000)], {}),
        # Held recordings are never trimmed, even when the target cannot be reached.
        (quota_policy(legal_holds={"owner_emails": ["alice@example.com"]}), [rec("a", 1, size=9000)], {}),
        # Rules count first: a trash rule already frees enough.
        (quota_policy(rules=[rule("trash", "old", older_than_days=3)]), [rec("new", 1, size=5000), rec("old", 5, size=4000)], {"old": ("old", "trash", True)}),
        # A recording a rule only archives may still be trimmed (archived first); recycle-bin ones do not count.
        (
            quota_policy(rules=[rule("archive", "keep", older_than_days=3)], archive_before_trash=False),
            [rec("new", 1, size=5000), rec("kept", 5, size=4000), rec("bin", 9, size=9000, status="deleted")],
            {"kept": (QUOTA_RULE, "trash", True)},
        ),
        # Disabled: nothing trimmed.
        (quota_policy(quota_enabled=False), [rec("a", 1, size=9000)], {}),
    ],
)
def test_quota_trims_oldest_first(policy, recordings, expected):
    assert planned(evaluate(recordings, policy, now=NOW)) == expected


def test_quota_reports_storage_and_excess():
    evaluation = evaluate([rec("a", 1, size=7000), rec("b", 2, size=2000), rec("c", 3, size=500, status="deleted")], quota_policy(quota_enabled=False), now=NOW)
    storage = evaluation["storage"]
    assert (storage["available_count"], storage["available_bytes"], storage["deleted_count"], storage["deleted_bytes"]) == (2, 9000, 1, 500)
    assert (storage["quota_bytes"], storage["target_bytes"], storage["excess_bytes"], storage["available_bytes_after"]) == (10000, 6000, 3000, 9000)


@pytest.mark.parametrize(
    "grace, ledger, expected",
    [
        # Without a ledger the grace counts from creation.
        (30, None, {"old": (BIN_RULE, "purge", False)}),
        # With a ledger, from when a run first saw the recording in the recycle bin.
        (30, {"old": format_datetime(NOW - timedelta(days=3)), "young": format_datetime(NOW - timedelta(days=40))}, {"young": (BIN_RULE, "purge", False)}),
        # Not in the ledger yet: first seen now, so not purged unless the grace is 0.
        (30, {}, {}),
        (0, {"old": format_datetime(NOW), "young": format_datetime(NOW)}, {"old": (BIN_RULE, "purge", False), "young": (BIN_RULE, "purge", False)}),
        (None, None, {}),
    ],
)
def test_recycle_bin_grace(grace, ledger, expected):
    recordings = [rec("old", days=100, status="deleted"), rec("young", days=10, status="deleted"), rec("live", days=100)]
    policy = Policy(purge_enabled=True, purge_grace_days=grace)
    assert planned(evaluate(recordings, policy, now=NOW, bin_first_seen=ledger)) == expected


def test_recycle_bin_grace_needs_purging_enabled_and_spares_holds():
    recordings = [rec("old", days=100, status="deleted"), rec("held", days=100, status="deleted", owner="held@example.com")]
    assert planned(evaluate(recordings, Policy(purge_enabled=False, purge_grace_days=0), now=NOW)) == {}
    held = Policy(purge_enabled=True, purge_grace_days=0, legal_holds={"owner_emails": ["held@example.com"]})
    assert planned(evaluate(recordings, held, now=NOW)) == {"old": (BIN_RULE, "purge", False)}


def test_purge_disabled_rule_on_recycle_bin_is_counted():
    evaluation = evaluate([rec("b", status="deleted")], Policy(rules=[rule("purge", "p")]), now=NOW)
    assert evaluation["entries"] == []
    assert evaluation["purge_disabled"] == [{"id": "b", "rule": "p"}]


def test_entries_are_oldest_first_and_counted():
    evaluation = evaluate([rec("young", 40), rec("old", 90)], Policy(rules=[rule("trash", "t", older_than_days=30)]), now=NOW)
    assert [e["id"] for e in evaluation["entries"]] == ["old", "young"]
    assert evaluation["by_action"] == {"archive": 0, "trash": 2, "purge": 0}
    assert evaluation["by_rule"] == {"t": 2}


def test_step_ids():
    entries = [
        {"id": "ar", "status": "available", "action": "archive", "archive_first": True},
        {"id": "t1", "status": "available", "action": "trash", "archive_first": True},
        {"id": "t2", "status": "available", "action": "trash", "archive_first": False},
        {"id": "p1", "status": "available", "action": "purge", "archive_first": True},
        {"id": "p2", "status": "deleted", "action": "purge", "archive_first": False},
    ]
    assert step_ids(entries) == {
        "archive": ["ar", "t1", "p1"],
        "archive_required": ["t1", "p1"],
        "trash": ["t1", "t2", "p1"],
        "purge": ["p1", "p2"],
        "purge_deleted": ["p2"],
    }


# ---------------------------------------------------------------------------------------------- drift


@pytest.mark.parametrize(
    "action, planned_status, now, holds, verdict, reason",
    [
        ("trash", "available", rec("a", size=1000), {}, "confirmed", None),
        ("trash", "available", rec("a", size=1000, owner="ALICE@example.com"), {}, "confirmed", None),  # same owner, other case
        # Already where the action leads: unchanged, not drift (applying a plan twice refuses nothing).
        ("trash", "available", rec("a", status="deleted"), {}, "unchanged", "already deleted"),
        ("trash", "available", None, {}, "unchanged", "already gone"),
        ("purge", "available", None, {}, "unchanged", "already gone"),
        ("purge", "deleted", None, {}, "unchanged", "already gone"),
        # A purge whose recording was trashed since (a run cut short) still purges it, from the recycle bin.
        ("purge", "available", rec("a", status="deleted"), {}, "confirmed", None),
        # Drift: refused.
        ("purge", "deleted", rec("a", status="available"), {}, "refused", "status changed from deleted to available"),
        ("archive", "available", rec("a", status="deleted"), {}, "refused", "status changed from available to deleted"),
        ("archive", "available", None, {}, "refused", "no longer listed"),
        ("trash", "available", rec("a", owner="bob@example.com"), {}, "refused", "owner changed from alice@example.com to bob@example.com"),
        ("trash", "available", rec("a", size=2000), {}, "refused", "size changed from 1000 to 2000 bytes"),
        ("trash", "available", rec("a"), {"recording_ids": ["a"]}, "refused", "now held: recording on legal hold"),
    ],
)
def test_check_drift(action, planned_status, now, holds, verdict, reason):
    entry = dict(evaluate([rec("a")], Policy(rules=[rule("trash", "t")]), now=NOW)["entries"][0], action=action, status=planned_status)
    current = {"a": now} if now is not None else {}
    confirmed, unchanged, refused = check_drift([entry], current, Holds(holds))
    got = {"confirmed": confirmed, "unchanged": unchanged, "refused": refused}
    assert [len(got[k]) for k in ("confirmed", "unchanged", "refused")] == [int(verdict == k) for k in ("confirmed", "unchanged", "refused")]
    row = got[verdict][0]
    assert row["id"] == "a"
    if verdict == "confirmed":
        assert row["status"] == now["status"]  # acts from the status it has now
    else:
        assert reason in row["reason"]


def test_applying_an_applied_plan_again_is_unchanged_not_drift():
    # 300 planned trashes, all done by the first apply: the AWX retry finds them in the recycle bin.
    recordings = [rec("r%03d" % i, days=200) for i in range(300)]
    entries = evaluate(recordings, Policy(rules=[rule("trash", "t", older_than_days=90)]), now=NOW)["entries"]
    current = dict((r["id"], dict(r, status="deleted")) for r in recordings)
    confirmed, unchanged, refused = check_drift(entries, current, Holds({}))
    assert (len(confirmed), len(unchanged), len(refused)) == (0, 300, 0)


# ---------------------------------------------------------------------------------------------- files


def test_plan_file_round_trip(tmp_path):
    policy = Policy(rules=[rule("trash", "t")], legal_holds={"owner_emails": ["held@example.com"]})
    evaluation = evaluate([rec("a"), rec("h", owner="held@example.com")], policy, now=NOW)
    document = plan_document(evaluation, policy, api_url="https://webexapis.com/v1", now=NOW)
    path = str(tmp_path / "plan.json")
    write_json(path, document)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert os.listdir(str(tmp_path)) == ["plan.json"]  # no .part left behind
    loaded = read_json(path, "apply_plan")
    assert validate_plan(loaded) == evaluation["entries"]
    assert loaded["held_count"] == 1 and loaded["created"] == "2026-06-01T12:00:00.000Z"
    # The fingerprint changes with the policy, not with the time.
    assert loaded["policy_sha256"] == Policy(rules=[rule("trash", "t")], legal_holds={"owner_emails": ["held@example.com"]}).describe()[1]
    assert loaded["policy_sha256"] != Policy(rules=[rule("trash", "other")]).describe()[1]


@pytest.mark.parametrize(
    "document, message",
    [
        ([], "is not a retention plan"),
        ({"format": "something/else"}, "is not a retention plan"),
        ({"format": "wxc.recordings/retention-plan/1"}, "has no entries list"),
        ({"format": "wxc.recordings/retention-plan/1", "entries": [{"action": "trash"}]}, "has no id"),
        ({"format": "wxc.recordings/retention-plan/1", "entries": [{"id": "a", "action": "delete", "status": "available"}]}, "unknown action"),
        ({"format": "wxc.recordings/retention-plan/1", "entries": [{"id": "a", "action": "trash", "status": "deleted"}]}, "cannot start from status"),
        (
            {"format": "wxc.recordings/retention-plan/1", "entries": [{"id": "a", "action": "trash", "status": "available"}] * 2},
            "planned twice",
        ),
    ],
)
def test_validate_plan_refuses_what_is_not_a_plan(document, message):
    with pytest.raises(OptionError) as error:
        validate_plan(document, "plan.json")
    assert message in error.value.message and error.value.option == "apply_plan"


def test_read_json_errors(tmp_path):
    with pytest.raises(OptionError, match="cannot read"):
        read_json(str(tmp_path / "missing.json"), "apply_plan")
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(OptionError, match="not valid JSON"):
        read_json(str(broken), "apply_plan")


def test_bin_ledger_keeps_first_seen_and_forgets_what_left():
    earlier = format_datetime(NOW - timedelta(days=5))
    ledger = update_bin_ledger({"kept": earlier, "gone": earlier}, ["kept", "new"], NOW)
    assert ledger == {"kept": earlier, "new": format_datetime(NOW)}
    assert json.loads(json.dumps(ledger)) == ledger
