"""wxc.recordings.recording_review and the review role against the simulator: who receives what, once; what it costs.

The organisation is fixtures/review_org.yml (its own simulator): a call queue, a virtual line, and recordings whose
topics and AI notes carry "refund", "complaint", "cancel" and "escalate".
"""

import json
import os
import re
import stat
import urllib.request
from collections import Counter

import pytest
from sim_helpers import COMPLIANCE_TOKEN, ok

from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixtures", "review_org.yml")
PLAYBOOK = "targets/recording_review.yml"
TASK = "Review the recent recordings"
ROLE_PLAYBOOK = os.path.join(os.path.dirname(os.path.dirname(HERE)), "playbooks", "review.yml")
BOT_TOKEN = "sim-bot-token"
ADMIN_TOKEN = "sim-admin-token"

QUEUE_LONG, QUEUE_SHORT = "7e000000-0000-4000-8000-000000000001", "7e000000-0000-4000-8000-000000000002"
REFUND_TOPIC = "c1960c2d-4a14-5bf7-b2f1-513552175e73"  # "Refund" in the topic; has notes
COMPLAINT_NOTES = "9fd93573-c380-55ea-ac13-5f2dc9d9cfab"  # "complaint" in the AI notes
ESCALATE_ACTIONS = "75b88acc-c586-5d18-b301-149169195cbf"  # "cancel" in the AI notes, "escalate" in the action items
PLAIN_NOTES = "51af7d4a-6517-55a3-88f4-ba29ebd89cd0"  # notes without keywords
NO_NOTES = "7e000000-0000-4000-8000-000000000003"
ESCALATION_TOPIC = "7e000000-0000-4000-8000-000000000004"  # "escalation" is not "escalate"
PREVENTED = "b6f79374-dd9c-5b7e-8532-f419091c0a47"  # "refund" in notes nobody may download
SALES_UK, SALES_US = "7e000000-0000-4000-8000-000000000005", "7e000000-0000-4000-8000-000000000006"
LISTED = [QUEUE_LONG, QUEUE_SHORT, REFUND_TOPIC, COMPLAINT_NOTES, ESCALATE_ACTIONS, PLAIN_NOTES, NO_NOTES, ESCALATION_TOPIC, PREVENTED, SALES_UK, SALES_US]

SUPERVISOR = "supervisor@example.com"


@pytest.fixture(scope="module")
def review_sim():
    with SimulatorProcess("--fixture", FIXTURE) as simulator:
        yield simulator


@pytest.fixture
def sim(review_sim):
    """Overrides conftest's ``sim`` (and so ``run_playbook``'s): this module's organisation, reset for each test."""
    review_sim.reset()
    return review_sim


def metadata(sim, recording_id):
    request = urllib.request.Request(sim.base_url + "/convergedRecordings/%s/metadata" % recording_id, headers={"Authorization": "Bearer " + ADMIN_TOKEN})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def bare(number):
    return number[4:] if number.startswith("tel:") else number.split(":", 1)[1].split("@", 1)[0]


def rules(sim):
    """Four rules, three destinations; the number rule is made from the UK sales call's own calling number."""
    calling = metadata(sim, SALES_UK)["serviceData"]["callingParty"]["number"]
    assert metadata(sim, SALES_US)["serviceData"]["callingParty"]["number"] != calling
    sim.clear_requests()
    return [
        {"name": "Long queue calls", "owner_types": ["callQueue"], "min_duration_minutes": 20, "room_id": "room-queue"},
        {"name": "Long calls", "min_duration_minutes": 20, "room_id": "room-queue"},
        {"name": "Refunds and complaints", "keywords": ["refund", "complaint", "escalate"], "to_person_email": SUPERVISOR},
        {"name": "Sales callers", "owners": ["sales-line@example.com"], "calling_number": [bare(calling)], "room_id": "room-sales"},
    ]


EXPECTED = {
    "room:room-queue": [QUEUE_LONG],
    "person:" + SUPERVISOR: [ESCALATE_ACTIONS, COMPLAINT_NOTES, REFUND_TOPIC],  # oldest call first
    "room:room-sales": [SALES_UK],
}


def received(sim):
    """``{destination: [recording ids in posting order]}`` from the simulator's messages."""
    out = {}
    for message in sim.messages():
        key = ("room:" + message["roomId"]) if message.get("roomId") else ("person:" + message["toPersonEmail"])
        found = re.search(r"\*\*Recording id:\*\* `([^`]+)`", message["markdown"])
        out.setdefault(key, []).append(found.group(1))
    return out


def log_paths(sim):
    return [entry["path"] for entry in sim.requests(log=True)["log"]]


def ids_of(paths, suffix=""):
    pattern = re.compile(r"^/v1/convergedRecordings/([^/]+)%s$" % re.escape(suffix))
    return sorted(match.group(1) for match in map(pattern.match, paths) if match)


def review(run_playbook, sim, tmp_path, the_rules, check=False, token=COMPLIANCE_TOKEN, **extra):
    variables = {"review_rules": the_rules, "ledger_file": str(tmp_path / "ledger.json"), "bot_token": BOT_TOKEN}
    variables.update(extra)
    return run_playbook(PLAYBOOK, variables, check=check, token=token)


def test_each_destination_receives_exactly_its_recordings_once_at_the_least_cost(sim, run_playbook, tmp_path):
    the_rules = rules(sim)
    result = ok(review(run_playbook, sim, tmp_path, the_rules), TASK)
    assert result["changed"] is True
    assert received(sim) == EXPECTED
    by_recording = dict((re.search(r"`([0-9a-f-]{36})`", m["markdown"]).group(1) + "|" + (m.get("roomId") or m["toPersonEmail"]), m) for m in sim.messages())
    queue = by_recording[QUEUE_LONG + "|room-queue"]["markdown"]
    assert "**Long queue calls**: owner type callQueue; duration 25 min 00 s (at least 20 min)" in queue
    assert "**Long calls**: duration 25 min 00 s" in queue  # both rules of one destination in one message
    assert "- Owner: Support Call Queue (cq-support@example.com)" in queue
    assert '"complaint" in the AI notes' in by_recording[COMPLAINT_NOTES + "|" + SUPERVISOR]["markdown"]
    assert '"escalate" in the action items' in by_recording[ESCALATE_ACTIONS + "|" + SUPERVISOR]["markdown"]
    assert '"refund" in the topic' in by_recording[REFUND_TOPIC + "|" + SUPERVISOR]["markdown"]
    assert "calling number" in by_recording[SALES_UK + "|room-sales"]["markdown"]
    for message in sim.messages():
        assert message["personEmail"] == "bot@example.com"  # posted with message_access_token
        assert "/downloads/" not in message["markdown"] and "http" not in message["text"]
        assert "- Start: " in message["markdown"] and " UTC" in message["markdown"] and "- Calling: " in message["markdown"]
        assert len(message["markdown"].encode()) <= 7439

    # What it cost: one list page; the details only where a keyword was not in the topic; notes one file at a time
    # until a keyword turned up; metadata for the number rule's owner and for each message.
    paths = log_paths(sim)
    assert paths.count("/v1/admin/convergedRecordings") == 1
    assert ids_of(paths) == sorted(set(LISTED) - {REFUND_TOPIC})
    assert ids_of(paths, "/metadata") == sorted([QUEUE_LONG, REFUND_TOPIC, COMPLAINT_NOTES, ESCALATE_ACTIONS, SALES_UK, SALES_US])
    downloads = Counter(path.rsplit("/", 1)[1] for path in paths if path.startswith("/downloads/"))
    assert downloads == {"suggestedNotes": 3, "shortNotes": 2, "actionItems": 2}  # complaint: 1, escalate: 3, plain: 3
    assert paths.count("/v1/messages") == 5
    assert result["requests"] == {"list_pages": 1, "details": 10, "metadata": 6, "notes_downloads": 7, "messages": 5, "other": 0, "total": 29}
    counts = result["counts"]
    assert (counts["listed"], counts["candidates"], counts["matched"], counts["posted"], counts["failed"]) == (11, 11, 5, 5, 0)

    ledger_path = str(tmp_path / "ledger.json")
    assert stat.S_IMODE(os.stat(ledger_path).st_mode) == 0o600 and not os.path.exists(ledger_path + ".part")
    with open(ledger_path) as handle:
        ledger = json.load(handle)
    assert ledger["format"] == "wxc.recordings/review-ledger/1"
    assert sorted((e["id"], e["destination"]) for e in ledger["entries"]) == sorted((i, key) for key, ids in EXPECTED.items() for i in ids)
    assert [e["rules"] for e in ledger["entries"] if e["id"] == QUEUE_LONG] == [["Long queue calls", "Long calls"]]

    # A second run posts nothing and spends nothing on recordings the ledger has for every destination they could go to.
    sim.clear_requests()
    again = ok(review(run_playbook, sim, tmp_path, the_rules), TASK)
    assert again["changed"] is False and again["messages"] == [] and again["counts"]["already_posted"] == 3
    assert received(sim) == EXPECTED  # nothing new
    paths = log_paths(sim)
    assert ids_of(paths) == sorted(set(LISTED) - {REFUND_TOPIC, COMPLAINT_NOTES, ESCALATE_ACTIONS})
    assert ids_of(paths, "/metadata") == [SALES_US]  # the number rule's open candidate; nothing to render
    assert Counter(path.rsplit("/", 1)[1] for path in paths if path.startswith("/downloads/")) == {"suggestedNotes": 1, "shortNotes": 1, "actionItems": 1}
    assert "/v1/messages" not in paths


def test_a_failed_post_is_not_in_the_ledger_and_is_posted_by_the_next_run(sim, run_playbook, tmp_path):
    the_rules = rules(sim)
    sim.fail_messages(count=1, status=503)  # the first message: the UK sales call, the oldest selected
    run = review(run_playbook, sim, tmp_path, the_rules)
    assert run.rc != 0
    result = run.result(TASK)
    assert run.status(TASK) == ["failed"]
    assert result["msg"].startswith("1 message(s) not posted (tried again on the next run): space room-sales: Webex API POST /messages failed with HTTP 503")
    assert result["counts"]["posted"] == 4 and result["counts"]["failed"] == 1
    assert received(sim) == dict((key, ids) for key, ids in EXPECTED.items() if key != "room:room-sales")
    with open(str(tmp_path / "ledger.json")) as handle:
        assert SALES_UK not in [e["id"] for e in json.load(handle)["entries"]]

    run = review(run_playbook, sim, tmp_path, the_rules)
    result = ok(run, TASK)
    assert [(m["recording_id"], m["destination"]) for m in result["messages"]] == [(SALES_UK, "space room-sales")]
    assert received(sim) == EXPECTED  # every destination has each of its recordings exactly once


def test_check_mode_shows_the_messages_posts_nothing_writes_no_ledger(sim, run_playbook, tmp_path):
    the_rules = rules(sim)
    preview = ok(review(run_playbook, sim, tmp_path, the_rules, check=True), TASK)
    assert preview["changed"] is True and preview["counts"]["would_post"] == 5 and preview["counts"]["posted"] == 0
    assert sim.messages() == [] and "/v1/messages" not in log_paths(sim)
    assert not os.path.exists(str(tmp_path / "ledger.json"))
    assert all(m["posted"] is False for m in preview["messages"])
    # what check mode showed is what a real run posts
    ok(review(run_playbook, sim, tmp_path, the_rules), TASK)
    assert sorted(m["markdown"] for m in sim.messages()) == sorted(m["markdown"] for m in preview["messages"])


def test_an_admin_token_reads_no_notes_and_says_so(sim, run_playbook, tmp_path):
    the_rules = rules(sim)
    run = review(run_playbook, sim, tmp_path, the_rules, check=True, token=ADMIN_TOKEN, level="admin")
    result = ok(run, TASK)
    assert [m["recording_id"] for m in result["messages"] if m["destination"] == SUPERVISOR] == [REFUND_TOPIC]
    assert result["counts"]["notes_unreadable"] == 10
    output = run.stdout + run.stderr
    assert "the AI notes of 10 recording(s) could not be read" in output and "an admin token never does" in output
    assert not any(path.startswith("/downloads/") for path in log_paths(sim))


def test_max_messages_leaves_the_rest_for_the_next_run(sim, run_playbook, tmp_path):
    the_rules = rules(sim)
    first = ok(review(run_playbook, sim, tmp_path, the_rules, max_messages=3), TASK)
    assert first["counts"]["posted"] == 3 and first["counts"]["deferred"] == 2
    # the oldest calls first: the UK sales call, then the supervisor's two oldest
    assert [(m["recording_id"], m["destination"]) for m in first["messages"]] == [
        (SALES_UK, "space room-sales"),
        (ESCALATE_ACTIONS, SUPERVISOR),
        (COMPLAINT_NOTES, SUPERVISOR),
    ]
    second = ok(review(run_playbook, sim, tmp_path, the_rules, max_messages=3), TASK)
    assert second["counts"]["posted"] == 2 and second["counts"]["deferred"] == 0
    assert received(sim) == EXPECTED


def test_a_bad_rule_fails_before_any_request(sim, run_playbook, tmp_path):
    bad = [{"name": "Refunds", "keywords": ["refund"], "owner_types": ["queue"], "room_id": "room-queue"}]
    sim.clear_requests()
    run = review(run_playbook, sim, tmp_path, bad)
    assert run.rc != 0 and run.status(TASK) == ["failed"]
    result = run.result(TASK)
    assert result["option"] == "rules"
    assert result["msg"] == "rules[0] (Refunds).owner_types[0] must be one of user, place, virtualLine, callQueue, got 'queue'"
    assert sim.requests()["total"] == 0


def test_the_review_role_posts_and_remembers(sim, run_playbook, tmp_path):
    the_rules = rules(sim)
    variables = {
        "review_rules": the_rules,
        "review_ledger_file": str(tmp_path / "role-ledger.json"),
        "review_access_level": "compliance_officer",
        "review_message_token": BOT_TOKEN,
    }
    run = run_playbook(ROLE_PLAYBOOK, variables, token=COMPLIANCE_TOKEN)
    assert run.rc == 0, run
    assert received(sim) == EXPECTED
    assert "posted 5 message(s) about 5 recording(s)" in run.stdout
    assert run.status("wxc.recordings.review : Check for misspelled review_ variables") == ["ok"]
    with open(str(tmp_path / "role-ledger.json")) as handle:
        assert len(json.load(handle)["entries"]) == 5
