"""recording_notify: the module's real main() against ordered HTTP expectations (module_harness)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import recording_notify
from tests.unit.fake_transport import Expect
from tests.unit.plugins.modules.module_harness import assert_refused, run_module


def run(monkeypatch, capsys, args, expectations=(), **kwargs):
    return run_module(monkeypatch, capsys, recording_notify, args, expectations, **kwargs)


def test_sends_one_message_to_a_room(monkeypatch, capsys):
    body = {"roomId": "room-1", "text": "12 recordings archived", "markdown": "**12** recordings archived"}
    expectations = [Expect("POST", "/messages", body_json=body, json={"id": "msg-1", "roomId": "room-1"})]
    out = run(monkeypatch, capsys, dict(room_id="room-1", text="12 recordings archived", markdown="**12** recordings archived"), expectations)
    assert out.result["changed"] is True and out.result["sent"] is True and out.result["message_id"] == "msg-1"


def test_sends_to_a_person(monkeypatch, capsys):
    expectations = [Expect("POST", "/messages", body_json={"toPersonEmail": "ops@example.com", "text": "done"}, json={"id": "msg-2"})]
    out = run(monkeypatch, capsys, dict(to_person_email="ops@example.com", text="done"), expectations)
    assert (out.result["changed"], out.result["message_id"]) == (True, "msg-2")


def test_a_message_is_not_repeated_after_an_uncertain_failure(monkeypatch, capsys):
    """Not idempotent by nature: a 502 after the message may have been posted is not retried (no duplicate)."""
    expectations = [Expect("POST", "/messages", status=502, json={"message": "Bad Gateway", "trackingId": "T-502"})]
    out = run(monkeypatch, capsys, dict(room_id="room-1", text="done"), expectations)
    assert out.result["failed"] is True and out.result["sent"] is False and out.result["error"]["tracking_id"] == "T-502"
    assert out.writes == [("POST", "/messages")]


def test_check_mode_sends_nothing(monkeypatch, capsys):
    out = run(monkeypatch, capsys, dict(room_id="room-1", text="done"), check_mode=True)
    assert (out.result["changed"], out.result["sent"], out.transport.seen) == (True, False, [])


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(room_id="room-1", text="  "), "text"),
        (dict(room_id="room-1"), "text"),
        (dict(text="done"), "room_id, to_person_email"),
        (dict(text="done", room_id="room-1", to_person_email="ops@example.com"), "room_id|to_person_email"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
