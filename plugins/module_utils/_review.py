# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Supervisor review routing: the rules and which recordings they select (the message: ``_review_message``; the ledger:
``_review_ledger``).

Internal use only: this module is not part of the collection's public API and may change at any time.

Pure functions of plain data, table-tested (tests/unit/plugins/module_utils/test_review.py). ``_review_run`` lists,
fetches, posts and writes the ledger; this file decides.

A rule selects a recording when every criterion it names matches (within a criterion, any value matches):

- ``owners`` (emails, a call queue's too) and ``owner_types`` (``callQueue``...) and ``min_duration_minutes``:
  from the listing, free;
- ``calling_number`` / ``called_number`` patterns: from the call's metadata (one request);
- ``keywords``: in the topic (free), else in the AI notes, short notes and action items (the details for the links,
  then one download each, only while no keyword was found).

``review_recording`` says what a recording still needs (``NEED_*``) before it can be decided, the cheapest first, so
a recording excluded by a free criterion or already posted to every destination its rules name costs no request.

Each destination (a space or a person) hears of a recording once: the ledger keeps ``(recording id, destination)``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import re

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._review_message import human_duration, snippet

OWNER_TYPES = ("user", "place", "virtualLine", "callQueue")
NOTE_SOURCES = ("notes", "short_notes", "action_items")
KEYWORD_SOURCES = ("topic",) + NOTE_SOURCES
SOURCE_LABELS = {"topic": "topic", "notes": "AI notes", "short_notes": "short notes", "action_items": "action items"}
# Where each note source's link is in the details' temporaryDirectDownloadLinks.
LINK_FIELDS = {"notes": "suggestedNotesDownloadLink", "short_notes": "shortNotesDownloadLink", "action_items": "actionItemsDownloadLink"}
DESTINATION_KEYS = ("room_id", "to_person_email")
CRITERIA = ("owners", "owner_types", "min_duration_minutes", "keywords", "calling_number", "called_number")
RULE_KEYS = ("name",) + CRITERIA + ("keyword_sources",) + DESTINATION_KEYS

# What a recording may still need before its rules are decided, cheapest first.
NEED_METADATA = "metadata"
NEEDS_ORDER = (NEED_METADATA,) + NOTE_SOURCES

REGEX_PREFIX = "re:"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# ---------------------------------------------------------------------------------------------- rules


class NumberPattern:
    """A ``calling_number`` / ``called_number`` pattern: a shell glob (``+4420*``, ``?``, ``[0-9]``), case-insensitive
    and matched against the whole number, or a Python regular expression after ``re:`` (searched, so anchor it with
    ``^`` and ``$`` for a whole-number match).

    A number matches when the pattern matches it as Webex gives it (``tel:+14155550100``,
    ``sip:1234@example.com;user=phone``) or its bare form (``+14155550100``, ``1234``).
    """

    def __init__(self, text, where):
        if not isinstance(text, str) or not text.strip():
            raise OptionError("rules", "%s: a number pattern must be a non-empty string, got %r" % (where, text))
        self.text = text.strip()
        if self.text.startswith(REGEX_PREFIX):
            self.kind = "regex"
            try:
                self.regex = re.compile(self.text[len(REGEX_PREFIX) :], re.IGNORECASE)
            except re.error as error:
                raise OptionError("rules", "%s: %r is not a valid regular expression: %s" % (where, self.text, error)) from None
        else:
            self.kind = "glob"
            self.regex = re.compile(fnmatch.translate(self.text), re.IGNORECASE)

    def matches(self, number):
        for form in number_forms(number):
            if self.regex.search(form) if self.kind == "regex" else self.regex.match(form):
                return True
        return False


def number_forms(number):
    """``tel:+14155550100`` -> [that, ``+14155550100``]; ``sip:1234@host;user=phone`` -> [that, ``1234``]."""
    number = (number or "").strip()
    if not number:
        return []
    forms = [number]
    lowered = number.lower()
    if lowered.startswith("tel:"):
        forms.append(number[4:].split(";", 1)[0])
    elif lowered.startswith(("sip:", "sips:")):
        forms.append(number.split(":", 1)[1].split("@", 1)[0].split(";", 1)[0])
    return [form for index, form in enumerate(forms) if form and form not in forms[:index]]


def keyword_regex(keyword):
    """Case-insensitive, on word boundaries: ``refund`` matches "Refund!" but not "refunded"; spaces match any run
    of white space."""
    words = [re.escape(word) for word in keyword.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


class Rule:
    def __init__(self, index, name, destination, owners, owner_types, min_duration_minutes, keywords, keyword_sources, calling, called):
        self.index = index
        self.name = name
        self.destination = destination  # ("room_id", id) or ("to_person_email", email)
        self.owners = owners  # lower-case emails, or None
        self.owner_types = owner_types
        self.min_duration_minutes = min_duration_minutes
        self.keywords = keywords  # [(keyword, regex)] or None
        self.keyword_sources = keyword_sources
        self.calling = calling  # [NumberPattern] or None
        self.called = called

    @property
    def destination_key(self):
        return destination_key(*self.destination)

    def needs_metadata(self):
        return bool(self.calling or self.called)


def destination_key(kind, value):
    """The ledger's name of a destination: ``room:<id>`` or ``person:<email, lower case>``."""
    return "room:%s" % value if kind == "room_id" else "person:%s" % value.strip().lower()


def destination_label(key):
    kind, _sep, value = key.partition(":")
    return ("space %s" % value) if kind == "room" else value


def _string_list(where, value, allow_string=True):
    if isinstance(value, str) and allow_string:
        value = [value]
    if not isinstance(value, list) or not value:
        raise OptionError("rules", "%s must be a non-empty list of strings" % where)
    out = []
    for position, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise OptionError("rules", "%s[%d] must be a non-empty string, got %r" % (where, position, item))
        out.append(item.strip())
    return out


def parse_rule(index, raw):
    where = "rules[%d]" % index
    if not isinstance(raw, dict):
        raise OptionError("rules", "%s must be a mapping (name, criteria, room_id or to_person_email), got %s" % (where, type(raw).__name__))
    unknown = sorted(str(key) for key in raw if key not in RULE_KEYS)
    if unknown:
        raise OptionError("rules", "%s: unknown key %s (known: %s)" % (where, ", ".join(unknown), ", ".join(RULE_KEYS)))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise OptionError("rules", "%s.name must be a non-empty string" % where)
    name = name.strip()
    where = "%s (%s)" % (where, name)

    given = [key for key in DESTINATION_KEYS if raw.get(key) not in (None, "")]
    if len(given) != 1:
        raise OptionError("rules", "%s: give exactly one destination, room_id or to_person_email (got %s)" % (where, ", ".join(given) or "none"))
    kind = given[0]
    value = raw[kind]
    if not isinstance(value, str) or not value.strip():
        raise OptionError("rules", "%s.%s must be a non-empty string" % (where, kind))
    value = value.strip()
    if kind == "to_person_email" and not EMAIL.match(value):
        raise OptionError("rules", "%s.to_person_email: %r is not an email address" % (where, value))

    if not any(raw.get(key) is not None for key in CRITERIA):
        raise OptionError("rules", "%s selects every recording: give at least one of %s" % (where, ", ".join(CRITERIA)))
    owners = None
    if raw.get("owners") is not None:
        owners = []
        for position, email in enumerate(_string_list("%s.owners" % where, raw["owners"])):
            if not EMAIL.match(email):
                raise OptionError("rules", "%s.owners[%d]: %r is not an email address" % (where, position, email))
            owners.append(email.lower())
    owner_types = None
    if raw.get("owner_types") is not None:
        owner_types = _string_list("%s.owner_types" % where, raw["owner_types"])
        for position, owner_type in enumerate(owner_types):
            if owner_type not in OWNER_TYPES:
                raise OptionError("rules", "%s.owner_types[%d] must be one of %s, got %r" % (where, position, ", ".join(OWNER_TYPES), owner_type))
    minutes = raw.get("min_duration_minutes")
    if minutes is not None:
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or minutes < 0:
            raise OptionError("rules", "%s.min_duration_minutes must be a number of minutes, 0 or more, got %r" % (where, minutes))
    keywords = None
    if raw.get("keywords") is not None:
        keywords = [(keyword, keyword_regex(keyword)) for keyword in _string_list("%s.keywords" % where, raw["keywords"])]
    sources = KEYWORD_SOURCES
    if raw.get("keyword_sources") is not None:
        if keywords is None:
            raise OptionError("rules", "%s.keyword_sources needs keywords" % where)
        sources = tuple(_string_list("%s.keyword_sources" % where, raw["keyword_sources"]))
        for position, source in enumerate(sources):
            if source not in KEYWORD_SOURCES:
                raise OptionError("rules", "%s.keyword_sources[%d] must be one of %s, got %r" % (where, position, ", ".join(KEYWORD_SOURCES), source))
    patterns = {}
    for key in ("calling_number", "called_number"):
        if raw.get(key) is not None:
            texts = _string_list("%s.%s" % (where, key), raw[key])
            patterns[key] = [NumberPattern(text, "%s.%s[%d]" % (where, key, position)) for position, text in enumerate(texts)]
    return Rule(
        index,
        name,
        (kind, value),
        owners,
        owner_types,
        minutes,
        keywords,
        sources,
        patterns.get("calling_number"),
        patterns.get("called_number"),
    )


def parse_rules(rules):
    """The ``rules`` option as ``Rule`` objects; ``OptionError`` naming the rule's index and key on the first mistake."""
    if not isinstance(rules, list) or not rules:
        raise OptionError("rules", "rules must be a non-empty list of rules (name, criteria, room_id or to_person_email)")
    parsed = [parse_rule(index, raw) for index, raw in enumerate(rules)]
    names = {}
    for rule in parsed:
        if rule.name.lower() in names:
            raise OptionError(
                "rules", "rules[%d].name %r is also the name of rules[%d]: names must be unique" % (rule.index, rule.name, names[rule.name.lower()])
            )
        names[rule.name.lower()] = rule.index
    return parsed


# ---------------------------------------------------------------------------------------------- matching


def _party_number(metadata, key):
    party = ((metadata or {}).get("serviceData") or {}).get(key) or {}
    return party.get("number")


def _cheap_reasons(rule, recording):
    """Reasons of the free criteria, or None when one fails."""
    reasons = []
    if rule.owners is not None:
        owner = (recording.get("ownerEmail") or "").lower()
        if owner not in rule.owners:
            return None
        reasons.append({"criterion": "owner", "text": "owner %s" % recording.get("ownerEmail")})
    if rule.owner_types is not None:
        if recording.get("ownerType") not in rule.owner_types:
            return None
        reasons.append({"criterion": "owner_type", "text": "owner type %s" % recording.get("ownerType")})
    if rule.min_duration_minutes is not None:
        seconds = recording.get("durationSeconds") or 0
        if seconds < rule.min_duration_minutes * 60:
            return None
        reasons.append({"criterion": "duration", "text": "duration %s (at least %s min)" % (human_duration(seconds), _number_text(rule.min_duration_minutes))})
    return reasons


def _number_text(value):
    return ("%d" % value) if float(value) == int(value) else ("%g" % value)


def _keyword_hits(rule, text, source):
    hits = []
    for keyword, regex in rule.keywords:
        found = regex.search(text or "")
        if found:
            hit = {"criterion": "keyword", "keyword": keyword, "source": source, "text": 'keyword "%s" in the %s' % (keyword, SOURCE_LABELS[source])}
            if source != "topic":
                hit["snippet"] = snippet(text, found)
            hits.append(hit)
    return hits


def evaluate_rule(rule, recording, facts):
    """``("match", reasons)``, ``("no", None)`` or ``("need", what)`` for one rule and one recording.

    ``facts``: what was fetched for the recording so far: ``metadata`` (a dict, or None when Webex had none) and the
    note sources' text (``notes``, ``short_notes``, ``action_items``: the text, or None when there is none or the
    token got no link). A key that is absent has not been fetched: the rule then says it needs it.
    """
    reasons = _cheap_reasons(rule, recording)
    if reasons is None:
        return "no", None
    if rule.needs_metadata():
        if NEED_METADATA not in facts:
            return "need", NEED_METADATA
        metadata = facts[NEED_METADATA]
        for key, patterns, label in (("callingParty", rule.calling, "calling"), ("calledParty", rule.called, "called")):
            if not patterns:
                continue
            number = _party_number(metadata, key)
            hit = next((pattern for pattern in patterns if pattern.matches(number)), None)
            if hit is None:
                return "no", None
            reasons.append({"criterion": label + "_number", "text": "%s number %s matches %s" % (label, number, hit.text)})
    if rule.keywords is not None:
        hits = _keyword_hits(rule, recording.get("topic"), "topic") if "topic" in rule.keyword_sources else []
        if not hits:
            for source in NOTE_SOURCES:
                if source not in rule.keyword_sources:
                    continue
                if source not in facts:
                    return "need", source
                hits = _keyword_hits(rule, facts[source], source)
                if hits:
                    break  # the rule matches: the other notes are not downloaded for it
        if not hits:
            return "no", None
        reasons.extend(hits)
    return "match", reasons


def review_recording(rules, recording, facts, posted):
    """What the rules make of one recording: ``{"need": what or None, "matches": {destination key: [(rule, reasons)]}}``.

    ``posted``: the destination keys the ledger already has this recording for; their rules are not evaluated (so
    nothing is fetched for them). ``need`` is the cheapest fact some undecided rule still needs (``NEEDS_ORDER``);
    the caller fetches it, adds it to ``facts`` and asks again. A recording that matches needs its metadata too (the
    message names the call's parties), so ``need`` is ``metadata`` until it is there.
    """
    needs = set()
    matches = {}
    for rule in rules:
        key = rule.destination_key
        if key in posted:
            continue
        verdict, detail = evaluate_rule(rule, recording, facts)
        if verdict == "need":
            needs.add(detail)
        elif verdict == "match":
            matches.setdefault(key, []).append((rule, detail))
    if matches and NEED_METADATA not in facts:
        needs.add(NEED_METADATA)
    need = next((what for what in NEEDS_ORDER if what in needs), None)
    return {"need": need, "matches": matches if need is None else {}}


def cheaply_possible(rules, recording):
    """Can any rule select this recording, judged on the listed fields alone? (Listing keeps only these.)"""
    return any(_cheap_reasons(rule, recording) is not None for rule in rules)


def open_destinations(rules, recording, posted):
    """The destinations whose rules may still select this recording (listed fields alone) and that the ledger does not
    have it for: empty means nothing is fetched for it."""
    return set(rule.destination_key for rule in rules if rule.destination_key not in posted and _cheap_reasons(rule, recording) is not None)
