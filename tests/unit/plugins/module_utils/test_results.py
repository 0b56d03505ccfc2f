"""The common result of mutating modules, and how finish_plan exits in each case."""

import json
import os
import stat

import pytest
import yaml

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._plan import RecordingChange
from ansible_collections.wxc.recordings.plugins.module_utils._results import finish_plan, results_argument_spec, validate_results_options
from ansible_collections.wxc.recordings.plugins.module_utils._transition import PURGE, TRASH, plan_transition
from tests.unit.fake_transport import Expect, fake_client
from tests.unit.recording_factory import FakeModule, many, recording

SOFT_DELETE = "/convergedRecordings/softDelete"


def finish(plan, client=None, check_mode=False, diff=False):
    module = FakeModule({}, check_mode=check_mode, diff=diff)
    with pytest.raises(FakeModule.Exit) as caught:
        finish_plan(module, client, plan)
    return caught.value


def test_check_mode_returns_the_plan_and_sends_nothing():
    client, transport, _sleeps = fake_client([])
    end = finish(plan_transition(TRASH, many(3)), client, check_mode=True, diff=True)
    assert not end.failed
    assert end.result["changed"] is True and end.result["count"] == 3
    assert len(end.result["diff"]["before"]) == 3
    assert transport.seen == []


def test_a_blocked_plan_fails_before_any_write_and_reports_no_change():
    client, transport, _sleeps = fake_client([])
    plan = plan_transition(PURGE, [recording("d1", status="deleted"), recording("a1", status="available")])
    end = finish(plan, client)
    assert end.failed and "a1" in end.result["msg"] and "trash them first" in end.result["msg"]
    assert end.result["changed"] is False and end.result["count"] == 0
    assert dict((r["id"], r["outcome"]) for r in end.result["recordings"]) == {"d1": "unchanged", "a1": "failed"}
    assert transport.seen == []


def test_a_partial_failure_fails_the_task_but_reports_what_was_done():
    plan = plan_transition(TRASH, many(150))
    client, transport, _sleeps = fake_client(
        [
            Expect("POST", SOFT_DELETE, status=204, headers={"trackingId": "T1"}),
            Expect("POST", SOFT_DELETE, status=400, json={"message": "Recording r120 is deleted", "trackingId": "BAD"}),
        ]
        + [
            Expect("GET", "/convergedRecordings/r%03d" % n, json=recording("r%03d" % n, status="available" if n == 120 else "deleted"))
            for n in range(100, 150)
        ],
        concurrency=1,
    )
    end = finish(plan, client)
    transport.assert_done()
    assert end.failed
    assert end.result["changed"] is True and end.result["count"] == 149
    assert "failed for 1 of 150" in end.result["msg"] and "r120" in end.result["msg"] and "BAD" in end.result["msg"]
    assert end.result["tracking_ids"] == ["T1"]


def test_success_exits_with_the_outcomes():
    client, transport, _sleeps = fake_client([Expect("POST", SOFT_DELETE, status=204, headers={"trackingId": "T1"})])
    end = finish(plan_transition(TRASH, many(2) + many(1, prefix="d", status="deleted")), client)
    assert not end.failed
    assert [r["outcome"] for r in end.result["recordings"]] == ["changed", "changed", "unchanged"]
    assert "diff" not in end.result


def finish_with(plan, client, check_mode=False, diff=False, **params):
    module = FakeModule(params, check_mode=check_mode, diff=diff)
    with pytest.raises(FakeModule.Exit) as caught:
        finish_plan(module, client, plan)
    return caught.value


def test_summary_only_counts_instead_of_listing_and_keeps_the_owner_wide_form_visible():
    plan = plan_transition(TRASH, many(3, owner="alice@example.com") + many(1, prefix="d", status="deleted", owner="alice@example.com"),
                           whole_owner=("owner_email", "alice@example.com"))  # fmt: skip
    owner_wide = {"trashAll": True, "ownerEmail": "alice@example.com"}
    client, transport, _sleeps = fake_client([Expect("POST", SOFT_DELETE, status=204, headers={"trackingId": "T1"}, body_json=owner_wide)])
    end = finish_with(plan, client, diff=True, summary_only=True)
    transport.assert_done()
    assert end.result == {
        "changed": True,
        "count": 3,
        "summary": {"recordings": 4, "by_outcome": {"changed": 3, "unchanged": 1}, "by_owner": {"alice@example.com": {"changed": 3, "unchanged": 1}}},
        "planned_calls": [{"method": "POST", "path": SOFT_DELETE, "count": 3, "body": {"trashAll": True, "ownerEmail": "alice@example.com"}}],
        "tracking_ids": ["T1"],
        "not_found": [],
        "diff": {"before": {"available": 3}, "after": {"deleted": 3}},
    }


def test_summary_only_failure_points_at_the_summary_and_never_builds_the_entries(monkeypatch):
    plan = plan_transition(TRASH, many(2))
    monkeypatch.setattr(RecordingChange, "entry", lambda self: pytest.fail("summary_only built a per-recording entry"))
    client, transport, _sleeps = fake_client(
        [
            Expect("POST", SOFT_DELETE, status=400, json={"message": "Recording r001 is deleted", "trackingId": "BAD"}),
            Expect("GET", "/convergedRecordings/r000", json=recording("r000", status="deleted")),
            Expect("GET", "/convergedRecordings/r001", json=recording("r001", status="available")),
        ],
        concurrency=1,
    )
    end = finish_with(plan, client, summary_only=True)
    transport.assert_done()
    assert end.failed and "see summary.by_outcome" in end.result["msg"]
    assert end.result["summary"]["by_outcome"] == {"changed": 1, "failed": 1} and "recordings" not in end.result


def test_a_blocked_plan_still_writes_the_results_file(tmp_path):
    path = str(tmp_path / "purge.jsonl")
    client, transport, _sleeps = fake_client([])
    plan = plan_transition(PURGE, [recording("d1", status="deleted"), recording("a1", status="available")])
    end = finish_with(plan, client, results_file=path)
    assert end.failed and "refused before any change" in end.result["msg"] and end.result["results_file"] == path
    with open(path) as handle:
        assert [(entry["id"], entry["outcome"]) for entry in map(json.loads, handle)] == [("d1", "unchanged"), ("a1", "failed")]
    assert transport.seen == []


def test_a_results_file_that_cannot_be_written_fails_with_the_counts(tmp_path):
    path = str(tmp_path / "gone" / "x.jsonl")  # the folder disappeared after the checks
    client, transport, _sleeps = fake_client([])
    end = finish_with(plan_transition(TRASH, many(2)), client, check_mode=True, results_file=path)
    assert end.failed and end.result["msg"].startswith("results_file: cannot write %s" % path)
    assert end.result["count"] == 2 and "recordings" not in end.result
    assert transport.seen == []


@pytest.mark.parametrize(
    ("results_file", "message"),
    [("missing/x.jsonl", "does not exist"), (".", "is a folder")],
)
def test_results_file_is_checked_naming_the_option(tmp_path, results_file, message):
    with pytest.raises(OptionError) as caught:
        validate_results_options({"results_file": str(tmp_path / results_file)})
    assert caught.value.option == "results_file" and message in caught.value.message


def test_the_results_options_match_their_documentation():
    from ansible_collections.wxc.recordings.plugins.doc_fragments.results import ModuleDocFragment  # pylint: disable=import-outside-toplevel

    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    spec = results_argument_spec()
    assert set(documented) == set(spec)
    for name, option in spec.items():
        assert documented[name]["type"] == option["type"] and documented[name].get("default") == option.get("default")


def test_only_modules_with_the_results_options_get_a_summary():
    plan = plan_transition(TRASH, many(1))
    without = finish_with(plan, fake_client([Expect("POST", SOFT_DELETE, status=204)])[0])  # reassign, delete: no such options
    assert "summary" not in without.result and len(without.result["recordings"]) == 1
    plan = plan_transition(TRASH, many(1))
    with_options = finish_with(plan, fake_client([Expect("POST", SOFT_DELETE, status=204)])[0], summary_only=False, results_file=None)
    assert with_options.result["summary"] == {"recordings": 1, "by_outcome": {"changed": 1}, "by_owner": {"alice@example.com": {"changed": 1}}}
    assert len(with_options.result["recordings"]) == 1


def test_the_results_file_is_0600_whatever_the_umask(tmp_path):
    """results_file holds owners' emails and topics: mode 0600 like every file the collection writes, not the umask's 0644."""
    path = str(tmp_path / "results.jsonl")
    module = FakeModule({"results_file": path, "summary_only": False}, check_mode=True)
    old = os.umask(0o022)
    try:
        with pytest.raises(FakeModule.Exit) as caught:
            finish_plan(module, None, plan_transition(TRASH, many(3)))
    finally:
        os.umask(old)
    assert not caught.value.failed and caught.value.result["results_file"] == path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as handle:
        assert [json.loads(line)["id"] for line in handle] == ["r000", "r001", "r002"]
    assert os.listdir(str(tmp_path)) == ["results.jsonl"]
