"""Offboarding decisions: what moves, the journal of what happened, and the rollback. Pure functions, tables."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._offboarding import (
    DONE,
    INTENDED,
    ROLLED_BACK,
    confirm_journal,
    journal_entries,
    mark_rolled_back,
    offboarding_errors,
    plan_offboarding,
    plan_rollback,
    with_intents,
)

LEAVER, SUCCESSOR, TYPO = "leaver@example.com", "boss@example.com", "bos@example.com"


def rec(rid, status="available", owner=LEAVER, owner_type="user"):
    return {"id": rid, "status": status, "ownerEmail": owner, "ownerId": "id-" + (owner or ""), "ownerType": owner_type}


def intent(rid, action="reassign", new=SUCCESSOR, state=INTENDED, previous=LEAVER, previous_type="user"):
    entry = {"id": rid, "action": action, "state": state, "run": "r", "previous_owner_email": previous}
    if action == "reassign":
        entry.update(new_owner_email=new, previous_owner_type=previous_type, previous_owner_id="id-" + previous)
    return entry


@pytest.mark.parametrize(
    "action, inventory, verified, journal, trash, reassign, kept",
    [
        ("archive_and_trash", [rec("a"), rec("b")], ["a", "b"], [], ["a", "b"], [], []),
        # Not verified: kept, with the reason; recycle-bin recordings are trashed already.
        ("archive_and_trash", [rec("a"), rec("b"), rec("c", status="deleted")], ["a"], [], ["a"], [], ["b"]),
        # Done already by an earlier run: not planned again; an earlier intent that did not happen is planned.
        ("archive_and_trash", [rec("a"), rec("b")], ["a", "b"], [intent("a", "trash", state=DONE), intent("b", "trash")], ["b"], [], []),
        ("reassign", [rec("a"), rec("b", status="deleted")], [], [], [], ["a", "b"], []),
        ("reassign", [rec("a"), rec("s", owner=SUCCESSOR)], [], [], [], ["a"], []),
        # Archive failures do not keep a recording from the successor.
        ("archive_and_reassign", [rec("a"), rec("b")], ["a"], [], [], ["a", "b"], []),
    ],
)
def test_plan_offboarding(action, inventory, verified, journal, trash, reassign, kept):
    plan = plan_offboarding(inventory, action, verified, journal, LEAVER, SUCCESSOR, "run-2")
    assert plan["trash"] == trash
    assert [r["id"] for r in plan["reassign"]] == reassign
    assert [row["id"] for row in plan["kept"]] == kept
    assert [(e["id"], e["state"], e["run"]) for e in plan["intents"]] == [(i, INTENDED, "run-2") for i in trash + reassign]


def test_a_later_intent_supersedes_an_earlier_one_that_never_happened():
    journal = [intent("a", new=TYPO), intent("b", state=DONE, new=SUCCESSOR)]
    entries = with_intents(journal, [intent("a", new=SUCCESSOR)])
    assert [(e["id"], e["state"], e["new_owner_email"]) for e in entries] == [("b", DONE, SUCCESSOR), ("a", INTENDED, SUCCESSOR)]


@pytest.mark.parametrize(
    "entry, now, expected",
    [
        # Trash: done when read back in the recycle bin (or gone); still available: it did not happen, it leaves.
        (intent("a", "trash"), rec("a", status="deleted"), (DONE, None)),
        (intent("a", "trash"), None, (DONE, None)),
        (intent("a", "trash"), rec("a"), None),
        # Reassign: done with the owner read back, whatever the intent said.
        (intent("a", new=TYPO), rec("a", owner=SUCCESSOR), (DONE, SUCCESSOR)),
        (intent("a"), rec("a", owner=LEAVER), None),  # the call failed (a misspelled successor): not in the journal
        (intent("a"), None, (INTENDED, SUCCESSOR)),  # cannot be told: kept, the rollback checks the owner
        (intent("a", state=DONE), rec("a", owner=LEAVER), (DONE, SUCCESSOR)),  # earlier runs' done entries stay
    ],
)
def test_confirm_journal(entry, now, expected):
    confirmed = confirm_journal([entry], {"a": now} if now else {}, LEAVER)
    if expected is None:
        assert confirmed == []
    else:
        assert [(e["state"], e.get("new_owner_email")) for e in confirmed] == [expected]


def test_failed_run_then_corrected_run_rolls_back_exactly():
    """Mistake 3: a misspelled successor, then the right one; the rollback returns every recording to the leaver."""
    inventory = [rec("a"), rec("b")]
    # Run 1: the reassign to the misspelled address fails; read back, the leaver still has both.
    first = plan_offboarding(inventory, "reassign", [], [], LEAVER, TYPO, "run-1")
    journal = confirm_journal(with_intents([], first["intents"]), dict((r["id"], r) for r in inventory), LEAVER)
    assert journal == []
    # Run 2: the right successor; read back, the successor has both.
    second = plan_offboarding(inventory, "reassign", [], journal, LEAVER, SUCCESSOR, "run-2")
    moved = dict((r["id"], rec(r["id"], owner=SUCCESSOR)) for r in inventory)
    journal = confirm_journal(with_intents(journal, second["intents"]), moved, LEAVER)
    assert [(e["id"], e["state"], e["new_owner_email"]) for e in journal] == [("a", DONE, SUCCESSOR), ("b", DONE, SUCCESSOR)]
    rollback = plan_rollback(journal, moved)
    assert [r["id"] for r in rollback["reassign"][LEAVER]] == ["b", "a"] and rollback["skipped"] == []


@pytest.mark.parametrize(
    "entry, now, verdict, reason",
    [
        (intent("a", state=DONE), rec("a", owner=SUCCESSOR), "reassign", None),
        (intent("a", state=DONE), rec("a", owner=LEAVER), "unchanged", "with leaver@example.com already"),
        (intent("a", state=DONE), rec("a", owner="other@example.com"), "skipped", "owner changed since the offboarding (now other@example.com)"),
        (intent("a", state=DONE, previous="vl@example.com", previous_type="virtualLine"), rec("a", owner=SUCCESSOR), "skipped", "not a user"),
        (intent("a", state=DONE), None, "skipped", "not found in Webex any more"),
        (intent("a", "trash", state=DONE), rec("a", status="deleted"), "restore", None),
        (intent("a", "trash", state=DONE), rec("a"), "unchanged", "available already"),
        (intent("a", "trash", state=DONE), rec("a", status="purged"), "skipped", "cannot be restored"),
        # Still intended (a run killed after its call): the owner check tells whether it happened.
        (intent("a"), rec("a", owner=SUCCESSOR), "reassign", None),
        (intent("a", state=ROLLED_BACK), rec("a", owner=SUCCESSOR), None, None),  # undone already
    ],
)
def test_plan_rollback(entry, now, verdict, reason):
    plan = plan_rollback([entry], {"a": now} if now else {})
    found = {
        "reassign": [r["id"] for rs in plan["reassign"].values() for r in rs],
        "restore": [r["id"] for r in plan["restore"]],
        "skipped": [r["id"] for r in plan["skipped"]],
        "unchanged": [r["id"] for r in plan["unchanged"]],
    }
    assert found == dict((k, ["a"] if k == verdict else []) for k in found)
    if reason:
        assert reason in plan[verdict][0]["reason"]


def test_rolled_back_entries_are_offboarded_again():
    journal = mark_rolled_back([intent("a", state=DONE), intent("b", state=DONE)], ["a"])
    assert [e["state"] for e in journal] == [ROLLED_BACK, DONE]
    plan = plan_offboarding([rec("a"), rec("b")], "archive_and_trash", ["a", "b"], [intent("a", "trash", state=ROLLED_BACK)], LEAVER, None, "r")
    assert plan["trash"] == ["a", "b"]


@pytest.mark.parametrize(
    "action, remaining, kept, owned, errors",
    [
        ("reassign", [], [], {"a": SUCCESSOR}, []),
        ("reassign", [rec("a")], [], {}, ["the leaver still owns 1 recording(s)"]),
        ("reassign", [], [], {"a": "x@example.com"}, ["1 reassigned recording(s) are not owned by boss@example.com"]),
        ("archive_and_trash", [rec("a", status="deleted"), rec("k")], ["k"], {}, []),
        ("archive_and_trash", [rec("a")], [], {}, ["1 recording(s) the role trashed are still available"]),
    ],
)
def test_offboarding_errors(action, remaining, kept, owned, errors):
    assert offboarding_errors(action, LEAVER, SUCCESSOR, remaining, kept, owned) == errors


@pytest.mark.parametrize("document", [{"entries": [{"id": "a"}]}, {"entries": "x"}, [], {"entries": [{"id": "a", "action": "delete"}]}])
def test_a_journal_that_is_not_one_is_refused(document):
    with pytest.raises(ValueError):
        journal_entries(document)


def test_no_journal_yet_is_empty():
    assert journal_entries(None) == []
