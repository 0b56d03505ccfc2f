"""recording_offboarding: the module's real main() against ordered HTTP expectations (module_harness), step by step:
check (people, inventory), apply (journal, reassign, read-back), rollback."""

import json
import os

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_offboarding
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import ByStatus, assert_refused, run_module, year
from tests.unit.recording_factory import recording

LEAVER = "alice@example.com"
SUCCESSOR = "carol@example.com"
A1 = recording("a1", created="2026-11-02T00:00:00Z", size=3000)
A2 = recording("a2", status="deleted", created="2026-11-01T00:00:00Z", size=1000)


def person(email):
    return Expect("GET", "/people", query={"email": email}, json={"items": [{"id": "p-" + email.split("@")[0], "emails": [email]}]})


def owned(available, deleted):
    """The leaver's recordings over the retention year, available and in the recycle bin."""
    return ByStatus(available=year("available", available, ownerEmail=LEAVER), deleted=year("deleted", deleted, ownerEmail=LEAVER))


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    full = dict(leaver_email=LEAVER, successor_email=SUCCESSOR, action="reassign")
    full.update(args)
    return run_module(monkeypatch, capsys, recording_offboarding, full, expectations, **kwargs)


def files(tmp_path):
    return dict(inventory_file=str(tmp_path / "inventory.jsonl"), journal_file=str(tmp_path / "journal.json"), results_file=str(tmp_path / "results.jsonl"))


def check(monkeypatch, capsys, tmp_path, available=(A1,), deleted=(A2,), **kwargs):
    paths = files(tmp_path)
    out = run(monkeypatch, capsys, dict(step="check", inventory_file=paths["inventory_file"]), [person(LEAVER), person(SUCCESSOR), owned(available, deleted)],
              **kwargs)
    return out, paths


def test_check_looks_the_people_up_and_writes_the_inventory(monkeypatch, capsys, tmp_path):
    out, paths = check(monkeypatch, capsys, tmp_path)
    result = out.result
    assert out.writes == [] and result["changed"] is False
    assert (result["count"], result["by_status"], result["people"]["unknown"]) == (2, {"available": 1, "deleted": 1}, [])
    with open(paths["inventory_file"]) as handle:
        assert sorted(json.loads(line)["id"] for line in handle) == ["a1", "a2"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_create_folders_makes_the_report_and_journal_folders(monkeypatch, capsys, tmp_path, check_mode):
    inventory = str(tmp_path / "reports" / "run" / "inventory.jsonl")
    expectations = [person(LEAVER), person(SUCCESSOR), owned((A1,), (A2,))]
    out = run(monkeypatch, capsys, dict(step="check", inventory_file=inventory, create_folders=True), expectations, check_mode=check_mode)
    assert out.result["count"] == 2 and os.path.isfile(inventory)
    for folder in ("reports", "reports/run"):
        assert oct(os.stat(str(tmp_path / folder)).st_mode & 0o777) == "0o700", folder
    # Without it, a missing folder is refused before any request, naming the option.
    refused = run(monkeypatch, capsys, dict(step="check", inventory_file=str(tmp_path / "missing" / "inventory.jsonl")))
    assert_refused(refused, "inventory_file", "does not exist")
    assert not os.path.exists(str(tmp_path / "missing"))


def test_check_fails_on_an_unknown_successor_before_listing(monkeypatch, capsys, tmp_path):
    unknown = Expect("GET", "/people", query={"email": SUCCESSOR}, json={"items": []})
    out = run(monkeypatch, capsys, dict(step="check", inventory_file=files(tmp_path)["inventory_file"]), [person(LEAVER), unknown])
    assert out.result["failed"] is True and out.result["option"] == "successor_email" and SUCCESSOR in out.result["msg"]
    assert out.requests == [("GET", "/people"), ("GET", "/people")]


def test_check_fails_when_the_leaver_owns_nothing(monkeypatch, capsys, tmp_path):
    out, _paths = check(monkeypatch, capsys, tmp_path, available=(), deleted=())
    assert out.result["failed"] is True and "allow_no_recordings" in out.result["msg"] and out.writes == []


def read_back(*recordings):
    return [Expect("GET", "/convergedRecordings/%s" % r["id"], json=r) for r in recordings]


REASSIGN = Expect("POST", "/convergedRecordings/reassign", body_json={"reassignOwnerEmail": SUCCESSOR, "ownerEmail": LEAVER},
                  headers={"trackingId": "T-re"})
MOVED = (dict(A1, ownerEmail=SUCCESSOR), dict(A2, ownerEmail=SUCCESSOR))


def apply(monkeypatch, capsys, paths, expectations, **kwargs):
    args = dict(step="apply", **paths)
    return run_module(monkeypatch, capsys, recording_offboarding, dict(leaver_email=LEAVER, successor_email=SUCCESSOR, action="reassign", **args),
                      expectations, **kwargs)


def test_apply_reassigns_journals_and_checks_the_final_state(monkeypatch, capsys, tmp_path):
    _out, paths = check(monkeypatch, capsys, tmp_path)
    out = apply(monkeypatch, capsys, paths, [REASSIGN, owned((), ())] + read_back(*MOVED))
    result = out.result
    assert out.writes == [("POST", "/convergedRecordings/reassign")]
    assert (result["changed"], result["count"], result["reassign"], result["failures"], result["tracking_ids"]) == (True, 2, {"changed": 2}, [], ["T-re"])
    assert result["remaining_count"] == 0
    with open(paths["journal_file"]) as handle:
        journal = json.load(handle)
    entries = journal["entries"] if isinstance(journal, dict) else journal
    assert sorted((e["id"], e["state"]) for e in entries) == [("a1", "done"), ("a2", "done")]


def test_a_second_apply_moves_nothing_again(monkeypatch, capsys, tmp_path):
    """Idempotent (DOCUMENTATION): recordings the journal has as done are not moved again, e.g. an AWX retry of the
    apply step, which reads the same inventory file of the check step."""
    _out, paths = check(monkeypatch, capsys, tmp_path)
    apply(monkeypatch, capsys, paths, [REASSIGN, owned((), ())] + read_back(*MOVED))
    out = apply(monkeypatch, capsys, paths, [])
    assert (out.result["changed"], out.result["reassign"], out.writes) == (False, {}, [])


def test_a_second_apply_on_a_fresh_inventory_moves_nothing(monkeypatch, capsys, tmp_path):
    _out, paths = check(monkeypatch, capsys, tmp_path)
    apply(monkeypatch, capsys, paths, [REASSIGN, owned((), ())] + read_back(*MOVED))
    again = run(monkeypatch, capsys, dict(step="check", inventory_file=paths["inventory_file"], allow_no_recordings=True),
                [person(LEAVER), person(SUCCESSOR), owned((), ())])
    assert (again.result["changed"], again.result["count"]) == (False, 0)
    out = apply(monkeypatch, capsys, paths, [])
    assert (out.result["changed"], out.result["reassign"], out.writes) == (False, {}, [])


def test_rollback_gives_the_recordings_back(monkeypatch, capsys, tmp_path):
    _out, paths = check(monkeypatch, capsys, tmp_path)
    apply(monkeypatch, capsys, paths, [REASSIGN, owned((), ())] + read_back(*MOVED))
    back = Expect("POST", "/convergedRecordings/reassign", body_json={"reassignOwnerEmail": LEAVER, "recordingIds": ["a2", "a1"]},
                  headers={"trackingId": "T-back"})
    out = run(monkeypatch, capsys, dict(step="rollback", **paths), read_back(*MOVED) + [back] + read_back(A2, A1))
    result = out.result
    assert out.writes == [("POST", "/convergedRecordings/reassign")] and result["changed"] is True
    assert (result["reassign"], result["failures"], result["tracking_ids"]) == ({LEAVER: {"changed": 2}}, [], ["T-back"])


def test_check_mode_apply_sends_no_write_and_writes_no_journal(monkeypatch, capsys, tmp_path):
    _out, paths = check(monkeypatch, capsys, tmp_path)
    out = apply(monkeypatch, capsys, paths, [], check_mode=True)
    assert out.writes == [] and (out.result["changed"], out.result["reassign"]) == (True, {"would_change": 2})
    assert not os.path.exists(paths["journal_file"])


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(step="check", leaver_email="alice"), "leaver_email"),
        (dict(step="check", successor_email=LEAVER), "successor_email"),
        (dict(step="apply"), "inventory_file"),
        (dict(step="remove"), "step"),
        (dict(step="check", action="delete"), "action"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
