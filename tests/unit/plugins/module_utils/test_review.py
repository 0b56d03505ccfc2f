"""Review routing decisions: rule checks, matching (and what each recording still needs), ledger, messages. Tables."""

from datetime import datetime, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._review import (
    NumberPattern,
    evaluate_rule,
    number_forms,
    open_destinations,
    parse_rules,
    review_recording,
)
from ansible_collections.wxc.recordings.plugins.module_utils._review_ledger import ledger_document, ledger_entries, posted_index, prune_ledger
from ansible_collections.wxc.recordings.plugins.module_utils._review_message import MESSAGE_LIMIT_BYTES, TRUNCATED_NOTE, notes_text, render_message

ROOM = "Y2lzY29zcGFyazovL3VzL1JPT00vcmV2aWV3"


def rule(**fields):
    base = {"name": "r"}
    if "to_person_email" not in fields and "room_id" not in fields:
        base["room_id"] = ROOM
    base.update(fields)
    return base


def rec(rid="rec-1", owner="alice@example.com", owner_type="user", duration=300, topic="Call with Bob"):
    return {
        "id": rid,
        "ownerEmail": owner,
        "ownerType": owner_type,
        "durationSeconds": duration,
        "topic": topic,
        "timeRecorded": "2026-11-20T10:00:00Z",
    }


def metadata(calling="tel:+14155550100", called="sip:1234@example.com;user=phone", personality="terminator"):
    return {
        "ownerName": "Alice A",
        "serviceData": {
            "personality": personality,
            "callSessionId": "sess-1",
            "callingParty": {"number": calling, "name": "External Caller", "actor": {"type": "EXTERNAL"}},
            "calledParty": {"number": called, "name": "Alice A", "actor": {"type": "USER", "email": "alice@example.com"}},
            "session": {"startTime": "2026-11-20T10:00:00.000Z", "stopTime": "2026-11-20T10:05:00.000Z"},
        },
    }


# ---------------------------------------------------------------------------------------------- rule checks

BAD_RULES = [
    ([], "rules must be a non-empty list"),
    ("refund", "rules must be a non-empty list"),
    (["x"], "rules[0] must be a mapping"),
    ([{"room_id": ROOM, "keywords": ["a"]}], "rules[0].name must be a non-empty string"),
    ([rule(keywords=["a"], owner="x@example.com")], "rules[0]: unknown key owner (known: name, owners"),
    ([rule(keywords=["a"]), rule(keywords=["b"])], "rules[1].name 'r' is also the name of rules[0]"),
    ([{"name": "r", "keywords": ["a"]}], "rules[0] (r): give exactly one destination, room_id or to_person_email (got none)"),
    ([rule(keywords=["a"], room_id=ROOM, to_person_email="boss@example.com")], "exactly one destination, room_id or to_person_email (got room_id, to_p"),
    ([{"name": "r", "to_person_email": "boss", "keywords": ["a"]}], "rules[0] (r).to_person_email: 'boss' is not an email address"),
    ([rule()], "rules[0] (r) selects every recording: give at least one of owners"),
    ([rule(owners=["alice"])], "rules[0] (r).owners[0]: 'alice' is not an email address"),
    ([rule(owners=[])], "rules[0] (r).owners must be a non-empty list of strings"),
    ([rule(owner_types=["queue"])], "rules[0] (r).owner_types[0] must be one of user, place, virtualLine, callQueue, got 'queue'"),
    ([rule(min_duration_minutes=-1)], "rules[0] (r).min_duration_minutes must be a number of minutes, 0 or more, got -1"),
    ([rule(min_duration_minutes="10")], "min_duration_minutes must be a number"),
    ([rule(min_duration_minutes=True)], "min_duration_minutes must be a number"),
    ([rule(keywords=["refund", ""])], "rules[0] (r).keywords[1] must be a non-empty string"),
    ([rule(owners=["a@example.com"], keyword_sources=["topic"])], "rules[0] (r).keyword_sources needs keywords"),
    ([rule(keywords=["a"], keyword_sources=["transcript"])], "rules[0] (r).keyword_sources[0] must be one of topic, notes, short_notes, action_items"),
    ([rule(calling_number="re:+44(")], "rules[0] (r).calling_number[0]: 're:+44(' is not a valid regular expression"),
    ([rule(keywords=["a"]), {"name": "s", "room_id": ROOM, "called_number": [""]}], "rules[1] (s).called_number[0] must be a non-empty string"),
]


@pytest.mark.parametrize("rules, message", BAD_RULES)
def test_bad_rules_name_the_rule_and_key(rules, message):
    with pytest.raises(OptionError) as raised:
        parse_rules(rules)
    assert raised.value.option == "rules"
    assert message in raised.value.message


def test_good_rule_is_parsed():
    (parsed,) = parse_rules(
        [{"name": " Refunds ", "to_person_email": "Boss@Example.com", "keywords": "refund", "owners": "Cq-1@example.com", "calling_number": "+1415*"}]
    )
    assert parsed.name == "Refunds"
    assert parsed.destination_key == "person:boss@example.com"
    assert parsed.owners == ["cq-1@example.com"]
    assert [keyword for keyword, _regex in parsed.keywords] == ["refund"]
    assert parsed.keyword_sources == ("topic", "notes", "short_notes", "action_items")
    assert parsed.calling[0].kind == "glob"


# ---------------------------------------------------------------------------------------------- numbers

NUMBERS = [
    ("+1415*", "tel:+14155550100", True),
    ("+1415*", "tel:+12125550100", False),
    ("tel:+1415*", "tel:+14155550100", True),
    ("+1???5550100", "tel:+14155550100", True),
    ("1234", "sip:1234@example.com;user=phone", True),
    ("123", "sip:1234@example.com;user=phone", False),  # a glob matches the whole number
    ("re:^\\+44", "tel:+442071234567", True),
    ("re:^\\+44", "tel:+14155550100", False),
    ("re:555", "tel:+14155550100", True),  # a regex is searched
    ("SIP:12*", "sip:1234@example.com", True),  # case-insensitive
    ("*", None, False),  # no number: no match
]


@pytest.mark.parametrize("pattern, number, expected", NUMBERS)
def test_number_patterns(pattern, number, expected):
    assert NumberPattern(pattern, "x").matches(number) is expected


def test_number_forms():
    assert number_forms("tel:+14155550100") == ["tel:+14155550100", "+14155550100"]
    assert number_forms("sip:1234@example.com;user=phone") == ["sip:1234@example.com;user=phone", "1234"]
    assert number_forms("+4420") == ["+4420"]
    assert number_forms("") == []


# ---------------------------------------------------------------------------------------------- one rule

NOTES = "<html><body><h2>Summary</h2><ul><li>The customer asked for a Refund of the last invoice.</li></ul></body></html>"
EVALUATIONS = [
    # (rule, recording, facts, verdict, detail: need or reason texts)
    (rule(owners=["alice@example.com"]), rec(), {}, "match", ["owner alice@example.com"]),
    (rule(owners=["ALICE@example.com"]), rec(owner="Alice@Example.com"), {}, "match", ["owner Alice@Example.com"]),
    (rule(owners=["bob@example.com"]), rec(), {}, "no", None),
    (rule(owner_types=["callQueue"]), rec(owner_type="callQueue"), {}, "match", ["owner type callQueue"]),
    (rule(owner_types=["callQueue"]), rec(), {}, "no", None),
    (rule(min_duration_minutes=5), rec(duration=300), {}, "match", ["duration 5 min 00 s (at least 5 min)"]),
    (rule(min_duration_minutes=5), rec(duration=299), {}, "no", None),
    (rule(min_duration_minutes=0.5), rec(duration=30), {}, "match", ["duration 30 s (at least 0.5 min)"]),
    # every criterion must match: a failing free one decides before anything is fetched
    (rule(owners=["bob@example.com"], keywords=["refund"]), rec(), {}, "no", None),
    (rule(owner_types=["callQueue"], calling_number="+1*"), rec(), {}, "no", None),
    # keywords: the topic first (free), then the notes, one source at a time
    (rule(keywords=["refund"]), rec(topic="Refund request"), {}, "match", ['keyword "refund" in the topic']),
    (rule(keywords=["refund"]), rec(topic="Refunded order"), {}, "need", "notes"),  # word boundaries
    (rule(keywords=["refund"]), rec(), {}, "need", "notes"),
    (rule(keywords=["refund"]), rec(), {"notes": notes_text(NOTES)}, "match", ['keyword "refund" in the AI notes']),
    (rule(keywords=["refund"]), rec(), {"notes": None}, "need", "short_notes"),
    (rule(keywords=["refund"]), rec(), {"notes": None, "short_notes": "no", "action_items": None}, "no", None),
    (
        rule(keywords=["refund"]),
        rec(),
        {"notes": "x", "short_notes": "x", "action_items": "Call back about the refund"},
        "match",
        ['keyword "refund" in the action items'],
    ),
    (rule(keywords=["refund"], keyword_sources=["topic"]), rec(), {}, "no", None),
    (rule(keywords=["refund"], keyword_sources=["action_items"]), rec(topic="refund"), {}, "need", "action_items"),
    (rule(keywords=["money back"]), rec(topic="wants the MONEY\nback"), {}, "match", ['keyword "money back" in the topic']),
    (rule(keywords=["cancel"]), rec(topic="cancellation"), {"notes": "", "short_notes": "", "action_items": ""}, "no", None),
    # numbers: the metadata
    (rule(calling_number="+1415*"), rec(), {}, "need", "metadata"),
    (rule(calling_number="+1415*"), rec(), {"metadata": metadata()}, "match", ["calling number tel:+14155550100 matches +1415*"]),
    (rule(called_number="1234"), rec(), {"metadata": metadata()}, "match", ["called number sip:1234@example.com;user=phone matches 1234"]),
    (rule(calling_number="+44*"), rec(), {"metadata": metadata()}, "no", None),
    (rule(calling_number="+1415*"), rec(), {"metadata": None}, "no", None),  # Webex had no metadata (204)
    # numbers before notes: a number that fails spares the downloads
    (rule(calling_number="+44*", keywords=["refund"]), rec(), {"metadata": metadata()}, "no", None),
    (rule(calling_number="+1*", keywords=["refund"]), rec(), {"metadata": metadata()}, "need", "notes"),
]


@pytest.mark.parametrize("raw, recording, facts, verdict, detail", EVALUATIONS)
def test_evaluate_rule(raw, recording, facts, verdict, detail):
    (parsed,) = parse_rules([raw])
    got_verdict, got_detail = evaluate_rule(parsed, recording, facts)
    assert got_verdict == verdict
    if verdict == "match":
        assert [reason["text"] for reason in got_detail] == detail
    else:
        assert got_detail == detail


def test_notes_keyword_carries_a_snippet():
    (parsed,) = parse_rules([rule(keywords=["refund"])])
    _verdict, reasons = evaluate_rule(parsed, rec(), {"notes": notes_text(NOTES)})
    assert reasons[0]["snippet"] == "Summary The customer asked for a Refund of the last invoice."
    long_text = "word " * 100 + "refund" + " word" * 100
    _verdict, reasons = evaluate_rule(parsed, rec(), {"notes": long_text})
    assert reasons[0]["snippet"].startswith("…") and reasons[0]["snippet"].endswith("…") and "refund" in reasons[0]["snippet"]
    assert len(reasons[0]["snippet"]) <= 162


def test_notes_text_drops_tags_comments_and_entities():
    assert notes_text("<p>Tom &amp; Jerry</p><!-- id --><li>x</li>") == "Tom & Jerry x"
    assert notes_text(b"<b>caf\xc3\xa9</b>") == "café"
    assert notes_text(None) is None


# ---------------------------------------------------------------------------------------------- a recording, all rules

RULES = [
    rule(name="queue", owner_types=["callQueue"], room_id="room-q"),
    rule(name="refund", keywords=["refund"], to_person_email="boss@example.com"),
    rule(name="uk", calling_number="+44*", room_id="room-q"),
]
REVIEWS = [
    # (recording, facts, posted, need, {destination: [rule names]})
    # a user's recording: the queue rule fails for free; the number rule needs the metadata (cheaper than notes)
    (rec(), {}, set(), "metadata", {}),
    (rec(), {"metadata": metadata()}, set(), "notes", {}),
    (rec(), {"metadata": metadata(), "notes": "refund please"}, set(), None, {"person:boss@example.com": ["refund"]}),
    # everything posted already: nothing to fetch
    (rec(), {}, {"room:room-q", "person:boss@example.com"}, None, {}),
    (rec(), {}, {"person:boss@example.com"}, "metadata", {}),
    # the refund rule is posted already: the metadata decides the rest, notes are never needed
    (rec(), {"metadata": metadata()}, {"person:boss@example.com"}, None, {}),
    # a queue recording matches for free, but the message needs the metadata (the parties)
    (rec(owner_type="callQueue", topic="refund"), {}, {"room:room-q"}, "metadata", {}),
    (
        rec(owner_type="callQueue", topic="refund"),
        {"metadata": metadata(calling="tel:+4420")},
        set(),
        None,
        {"room:room-q": ["queue", "uk"], "person:boss@example.com": ["refund"]},
    ),
]


@pytest.mark.parametrize("recording, facts, posted, need, matched", REVIEWS)
def test_review_recording(recording, facts, posted, need, matched):
    review = review_recording(parse_rules(RULES), recording, facts, posted)
    assert review["need"] == need
    assert dict((key, [r.name for r, _reasons in pairs]) for key, pairs in review["matches"].items()) == matched


@pytest.mark.parametrize(
    "recording, posted, expected",
    [
        (rec(), set(), {"person:boss@example.com", "room:room-q"}),  # the queue rule fails on the listed owner type
        (rec(), {"person:boss@example.com"}, {"room:room-q"}),
        (rec(), {"person:boss@example.com", "room:room-q"}, set()),  # nothing is fetched for it
        (rec(owner_type="callQueue"), {"room:room-q"}, {"person:boss@example.com"}),
    ],
)
def test_open_destinations(recording, posted, expected):
    assert open_destinations(parse_rules(RULES), recording, posted) == expected


def test_owner_filter_only_rules_never_fetch_notes():
    rules = parse_rules([rule(owners=["cq-1@example.com"], min_duration_minutes=1)])
    assert review_recording(rules, rec(owner="someone@example.com"), {}, set()) == {"need": None, "matches": {}}


# ---------------------------------------------------------------------------------------------- ledger


def test_ledger_round_trip_and_index():
    entries = [
        {"id": "a", "destination": "room:x", "rules": ["r"]},
        {"id": "a", "destination": "person:b@example.com", "rules": ["s"]},
        {"id": "b", "destination": "room:x", "rules": ["r"]},
    ]
    assert ledger_entries(ledger_document(entries)) == entries
    assert posted_index(entries) == {"a": {"room:x", "person:b@example.com"}, "b": {"room:x"}}
    assert ledger_entries(None) == []


def test_prune_ledger_drops_entries_older_than_webex_keeps_recordings():
    now = datetime(2026, 11, 30, tzinfo=timezone.utc)
    entries = [
        {"id": "new", "destination": "room:x", "posted_at": "2026-11-29T00:00:00.000Z"},
        {"id": "year", "destination": "room:x", "posted_at": "2025-11-01T00:00:00.000Z"},  # 394 days: kept
        {"id": "old", "destination": "room:x", "posted_at": "2025-10-01T00:00:00.000Z"},  # 425 days: gone from Webex
        {"id": "unreadable", "destination": "room:x", "posted_at": "yesterday"},
        {"id": "none", "destination": "room:x"},
    ]
    assert [e["id"] for e in prune_ledger(entries, now)] == ["new", "year", "unreadable", "none"]


@pytest.mark.parametrize(
    "document, message",
    [
        ({"entries": []}, "is not a review ledger"),
        ({"format": "wxc.recordings/offboarding-journal/1", "entries": []}, "is not a review ledger"),
        ({"format": "wxc.recordings/review-ledger/1", "entries": [{"id": "a"}]}, "entries[0] is not a ledger entry"),
        ([], "is not a review ledger"),
    ],
)
def test_bad_ledger(document, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        ledger_entries(document, "ledger.json")


# ---------------------------------------------------------------------------------------------- messages


def _matches(raw_rules, recording, facts):
    review = review_recording(parse_rules(raw_rules), recording, facts, set())
    assert review["need"] is None
    matched = list(review["matches"].values())
    assert len(matched) == 1, matched
    return matched[0]


def test_message_names_what_matched_parties_times_and_how_to_get_it():
    recording = rec(topic="Refund *now* [urgent]", duration=300)
    pairs = _matches([rule(name="Refunds", keywords=["refund"])], recording, {"metadata": metadata()})
    message = render_message(recording, metadata(), pairs)
    markdown, text = message["markdown"], message["text"]
    assert message["truncated"] is False
    assert markdown.startswith("**Recording for review:** Refund \\*now\\* \\[urgent\\]")
    assert '- **Refunds**: keyword "refund" in the topic' in markdown
    assert "- Owner: Alice A (alice@example.com)" in markdown
    assert "- Calling: External Caller, tel:+14155550100" in markdown
    assert "- Called: Alice A, sip:1234@example.com;user=phone" in markdown
    assert "- Direction: inbound (the owner received the call)" in markdown
    assert "- Start: 2026-11-20 10:00:00 UTC" in markdown and "- End: 2026-11-20 10:05:00 UTC" in markdown
    assert "- Duration: 5 min 00 s" in markdown
    assert "**Recording id:** `rec-1`" in markdown
    assert "wxc.recordings.recording_archive" in markdown and "recording_ids: [rec-1]" in markdown
    assert "http" not in markdown and "http" not in text  # never a download link
    assert text.startswith("Recording for review: Refund *now* [urgent]")
    assert '- Refunds: keyword "refund" in the topic' in text


def test_message_without_metadata_uses_the_listing():
    recording = rec(duration=90)
    pairs = _matches([rule(owners=["alice@example.com"])], recording, {"metadata": None})
    markdown = render_message(recording, None, pairs)["markdown"]
    assert "- Start: 2026-11-20 10:00:00 UTC" in markdown and "- End: 2026-11-20 10:01:30 UTC" in markdown
    assert "Calling" not in markdown and "Direction" not in markdown


@pytest.mark.parametrize("limit", [MESSAGE_LIMIT_BYTES, 900, 400])
def test_long_messages_are_cut_within_the_limit_and_say_so(limit):
    recording = rec(topic="Ä" * 1000)
    many = [rule(name="rule %02d %s" % (n, "ü" * 100), keywords=["refund"], to_person_email="boss@example.com") for n in range(40)]
    notes = ("refund " + "x" * 500 + " ") * 5
    pairs = _matches(many, recording, {"metadata": metadata(), "notes": notes})
    message = render_message(recording, metadata(), pairs, limit=limit)
    assert message["truncated"] is True
    for field in ("markdown", "text"):
        assert len(message[field].encode("utf-8")) <= limit
        assert message[field].endswith(TRUNCATED_NOTE)
    if limit == MESSAGE_LIMIT_BYTES:
        # cut cleanly: whole rules are left out and counted, the topic is shortened, the id stays
        assert "- and " in message["markdown"] and "more rule(s)" in message["markdown"]
        assert "**Recording id:** `rec-1`" in message["markdown"]
        assert "Ä" * 299 + "…" in message["markdown"] and "Ä" * 300 not in message["markdown"]


def test_short_message_is_not_marked_truncated():
    recording = rec()
    pairs = _matches([rule(owners=["alice@example.com"])], recording, {"metadata": metadata()})
    message = render_message(recording, metadata(), pairs)
    assert TRUNCATED_NOTE not in message["markdown"] and not message["truncated"]
