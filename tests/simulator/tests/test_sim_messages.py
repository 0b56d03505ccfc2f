"""POST /v1/messages (what is kept, the size limit, armed failures) and the AI notes' keywords for the review role."""

from __future__ import annotations

import re

import pytest
import requests
from conftest import ALICE, CO

from webex_sim.content import NOTE_KEYWORDS, note_keywords

LIMIT = 7439


def test_messages_keep_destination_and_both_bodies(api):
    first = api.post("/messages", ALICE, json={"roomId": "room-1", "markdown": "**hi**", "text": "hi"})
    second = api.post("/messages", ALICE, json={"toPersonEmail": "boss@example.com", "text": "plain"})
    assert first.status_code == 200 and second.status_code == 200
    kept = api.sim.messages()
    assert [(m.get("roomId"), m.get("toPersonEmail"), m.get("markdown"), m.get("text")) for m in kept] == [
        ("room-1", None, "**hi**", "hi"),
        (None, "boss@example.com", None, "plain"),
    ]
    assert kept[0]["id"] == first.json()["id"] and kept[0]["personEmail"] == "alice@example.com"


@pytest.mark.parametrize("field", ["text", "markdown"])
def test_messages_over_the_size_limit_are_refused(api, field):
    # 7439 bytes is the limit of each field, counted in bytes: "é" is two.
    at_limit = "é" * (LIMIT // 2) + "x" * (LIMIT % 2)
    assert len(at_limit.encode()) == LIMIT
    ok = api.post("/messages", ALICE, json={"roomId": "room-1", field: at_limit})
    assert ok.status_code == 200, ok.text
    over = api.post("/messages", ALICE, json={"roomId": "room-1", field: at_limit + "x"})
    assert over.status_code == 400
    assert f"The {field} of a message must be at most 7439 bytes." == over.json()["message"]
    assert len(api.sim.messages()) == 1  # the refused one is not kept


def test_armed_failures_post_nothing_then_clear(api):
    api.sim.fail_messages(count=2, status=503)
    statuses = [api.post("/messages", ALICE, json={"roomId": "room-1", "text": f"t{n}"}).status_code for n in range(3)]
    assert statuses == [503, 503, 200]
    assert [m["text"] for m in api.sim.messages()] == ["t2"]
    api.sim.fail_messages(count=1, status=500)
    api.sim.reset()  # a reset disarms
    assert api.post("/messages", ALICE, json={"roomId": "room-1", "text": "after"}).status_code == 200


def test_armed_failure_needs_a_valid_token_first(api):
    api.sim.fail_messages(count=1)
    assert api.post("/messages", "no-such-token", json={"roomId": "r", "text": "t"}).status_code == 401
    assert api.post("/messages", ALICE, json={"roomId": "r", "text": "t"}).status_code == 503


def test_fail_hook_checks_its_input(api):
    response = requests.post(api.sim.root_url + "/_sim/messages/fail?count=x", timeout=10)
    assert response.status_code == 400
    response = requests.post(api.sim.root_url + "/_sim/messages/fail?status=200", timeout=10)
    assert response.status_code == 400


def test_note_keywords_are_a_deterministic_third():
    ids = [f"rec-{n:04d}" for n in range(3000)]
    chosen = [note_keywords(i) for i in ids]
    assert chosen == [note_keywords(i) for i in ids]
    with_words = [words for words in chosen if words]
    assert 850 < len(with_words) < 1150
    assert set(word for words in with_words for word in words) == set(NOTE_KEYWORDS)
    assert any(len(words) == 2 for words in with_words) and all(len(set(words)) == len(words) for words in with_words)


def _download(api, link, token):
    response = api.session.get(link, headers={"Authorization": "Bearer " + token}, timeout=30)
    assert response.status_code == 200
    return response.text


def test_generated_notes_carry_their_keywords(gen_api):
    items = gen_api.sim.recordings()
    with_notes = [item["id"] for item in items if item["_sim"]["notes"] and item["status"] == "available"]
    with_words = [rid for rid in with_notes if note_keywords(rid)][:6]
    without = [rid for rid in with_notes if not note_keywords(rid)][:3]
    assert len(with_words) == 6 and len(without) == 3
    sentences = set(NOTE_KEYWORDS.values())
    for rid in with_words + without:
        details = gen_api.get(f"/convergedRecordings/{rid}", CO).json()
        if "temporaryDirectDownloadLinks" not in details:
            continue  # prevent downloading
        links = details["temporaryDirectDownloadLinks"]
        notes = _download(gen_api, links["suggestedNotesDownloadLink"], CO)
        actions = _download(gen_api, links["actionItemsDownloadLink"], CO)
        short = _download(gen_api, links["shortNotesDownloadLink"], CO)
        words = note_keywords(rid)
        found_notes = [s for s in sentences if s in notes]
        found_actions = [s for s in sentences if s in actions]
        assert found_notes == ([NOTE_KEYWORDS[words[0]]] if words else [])
        assert found_actions == ([NOTE_KEYWORDS[words[1]]] if len(words) > 1 else [])
        assert not [s for s in sentences if s in short]
        for word in words:
            assert re.search(rf"\b{word}\b", notes + actions, re.IGNORECASE)
