# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Retention policies: rules, legal holds, a quota target and a recycle-bin grace period, evaluated into a plan.

Internal use only: this module is not part of the collection's public API and may change at any time.

Everything here is a pure function of its inputs (recordings as the API returns them, the policy, the time), so the
planner is tested table by table without any API. This file parses and checks the policy (``Policy``, ``Rule``,
``Holds``); ``_retention_eval.evaluate`` applies it to recordings. ``recording_retention_plan`` lists what the policy
needs, calls ``evaluate`` and writes the plan; with a plan file it calls ``check_drift`` (``_retention_plan``)
against a fresh listing instead.

Rules of evaluation:

- A legal hold (owner, recording id or location) beats every rule: a held recording is never planned.
- Rules are tried in order; the first rule that matches a recording decides its action (at most one per run).
- ``trash`` moves available recordings to the recycle bin, archived first when ``archive_before_trash``.
- ``purge`` trashes available recordings and purges recycle-bin ones; with purging disabled it only trashes.
- The quota target trashes the oldest available recordings no rule trashes until the storage of available
  recordings is at or under the target (a recording only archived by a rule may be trashed by the quota).
- With purging enabled, recycle-bin recordings that have been there longer than the grace period are purged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import re
from datetime import timedelta

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._records import created_time, location_of, size_of
from ansible_collections.wxc.recordings.plugins.module_utils._selection import is_email

PLAN_FORMAT = "wxc.recordings/retention-plan/1"
ACTIONS = ("archive", "trash", "purge")
# Which statuses each action may start from, and the default when a rule names none.
ACTION_STATUSES = {"archive": ("available", "deleted"), "trash": ("available",), "purge": ("available", "deleted")}
DEFAULT_STATUSES = {"archive": ("available",), "trash": ("available",), "purge": ("available", "deleted")}
OWNER_TYPES = ("user", "place", "virtualLine", "callQueue")
SERVICE_TYPES = ("calling", "customerAssist")
STORAGE_REGIONS = ("US", "SG", "GB", "JP", "DE", "AU", "IN", "CA")
GB = 1000**3  # decimal gigabytes, as Webex states the 100 GB organisation quota
DEFAULT_QUOTA_GB = 100.0
DEFAULT_TARGET_GB = 90.0
QUOTA_RULE = "quota"
BIN_RULE = "recycle-bin-grace"

MATCH_KEYS = (
    "older_than_days",
    "newer_than_days",
    "owner_emails",
    "exclude_owner_emails",
    "owner_types",
    "location_ids",
    "service_types",
    "storage_regions",
    "topic_pattern",
    "statuses",
    "min_size_bytes",
    "max_size_bytes",
    "min_duration_seconds",
)


# ---------------------------------------------------------------------------------------------- recording fields


def _lower(values):
    return set((value or "").strip().lower() for value in values or [])


def _emails(option, where, values):
    """The lower-cased emails of ``values``, refusing one that is not an email address (naming ``where``)."""
    wrong = [value for value in values or [] if not is_email((value or "").strip())]
    if wrong:
        raise OptionError(option, "%s: not an email address: %s" % (where, ", ".join(repr(v) for v in wrong)))
    return _lower(values)


def _non_blank(option, where, values):
    if any(not (value or "").strip() for value in values or []):
        raise OptionError(option, "%s must not contain empty entries" % where)
    return set(value.strip() for value in values or [])


# ---------------------------------------------------------------------------------------------- policy


def _non_negative(option, value):
    if value is not None and value < 0:
        raise OptionError(option, "%s must be 0 or more, got %s" % (option, value))
    return value


def _choices(option, values, allowed):
    values = list(values or [])
    for value in values:
        if value not in allowed:
            raise OptionError(option, "%s: %r is not one of %s" % (option, value, ", ".join(allowed)))
    return values


class Rule:
    """One rule: its match conditions and its action."""

    def __init__(self, spec, index):
        try:
            self._parse(spec, index)
        except OptionError as error:
            # Every problem of a rule is reported against the ``rules`` option, the message says where.
            raise OptionError("rules", error.message) from None

    def _parse(self, spec, index):
        where = "rules[%d]" % index
        if not isinstance(spec, dict):
            raise OptionError("rules", "%s must be a mapping" % where)
        self.name = str(spec.get("name") or "").strip()
        if not self.name:
            raise OptionError("rules", "%s needs a name" % where)
        where = "rules[%d] (%s)" % (index, self.name)
        self.action = spec.get("action")
        if self.action not in ACTIONS:
            raise OptionError("rules", "%s: action must be one of %s, got %r" % (where, ", ".join(ACTIONS), self.action))
        match = spec.get("match") or {}
        if not isinstance(match, dict):
            raise OptionError("rules", "%s: match must be a mapping" % where)
        unknown = sorted(set(match) - set(MATCH_KEYS))
        if unknown:
            raise OptionError("rules", "%s: unknown match conditions %s; known: %s" % (where, ", ".join(unknown), ", ".join(MATCH_KEYS)))
        self.older_than_days = _non_negative(where + " older_than_days", match.get("older_than_days"))
        self.newer_than_days = _non_negative(where + " newer_than_days", match.get("newer_than_days"))
        self.owner_emails = _emails("rules", where + " owner_emails", match.get("owner_emails"))
        # A mistyped exclusion would let the rule trash the very owner it was to spare.
        self.exclude_owner_emails = _emails("rules", where + " exclude_owner_emails", match.get("exclude_owner_emails"))
        self.owner_types = set(_choices(where + " owner_types", match.get("owner_types"), OWNER_TYPES))
        self.location_ids = set(match.get("location_ids") or [])
        self.service_types = set(_choices(where + " service_types", match.get("service_types"), SERVICE_TYPES))
        self.storage_regions = set(_choices(where + " storage_regions", match.get("storage_regions"), STORAGE_REGIONS))
        pattern = match.get("topic_pattern")
        self.topic_pattern = pattern
        self.topic_re = None
        if pattern:
            try:
                self.topic_re = re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise OptionError("rules", "%s: topic_pattern %r is not a valid regular expression: %s" % (where, pattern, error)) from None
        statuses = match.get("statuses")
        if statuses:
            self.statuses = set(_choices(where + " statuses", statuses, ACTION_STATUSES[self.action]))
        else:
            self.statuses = set(DEFAULT_STATUSES[self.action])
        self.min_size_bytes = _non_negative(where + " min_size_bytes", match.get("min_size_bytes"))
        self.max_size_bytes = _non_negative(where + " max_size_bytes", match.get("max_size_bytes"))
        self.min_duration_seconds = _non_negative(where + " min_duration_seconds", match.get("min_duration_seconds"))
        if self.older_than_days is not None and self.newer_than_days is not None and self.newer_than_days <= self.older_than_days:
            raise OptionError("rules", "%s: newer_than_days must be greater than older_than_days, or nothing can match" % where)

    def matches(self, recording, now):
        if recording.get("status") not in self.statuses:
            return False
        when = created_time(recording)
        if self.older_than_days is not None and (when is None or when >= now - timedelta(days=self.older_than_days)):
            return False
        if self.newer_than_days is not None and (when is None or when < now - timedelta(days=self.newer_than_days)):
            return False
        owner = (recording.get("ownerEmail") or "").lower()
        if self.owner_emails and owner not in self.owner_emails:
            return False
        if owner and owner in self.exclude_owner_emails:
            return False
        if self.owner_types and recording.get("ownerType") not in self.owner_types:
            return False
        if self.location_ids and location_of(recording) not in self.location_ids:
            return False
        if self.service_types and recording.get("serviceType") not in self.service_types:
            return False
        if self.storage_regions and recording.get("storageRegion") not in self.storage_regions:
            return False
        if self.topic_re is not None and not self.topic_re.search(recording.get("topic") or ""):
            return False
        size = size_of(recording)
        if self.min_size_bytes is not None and size < self.min_size_bytes:
            return False
        if self.max_size_bytes is not None and size > self.max_size_bytes:
            return False
        if self.min_duration_seconds is not None and int(recording.get("durationSeconds") or 0) < self.min_duration_seconds:
            return False
        return True


class Holds:
    """Legal holds: owners, recordings and locations that no rule, quota or purge may touch."""

    def __init__(self, spec=None):
        spec = spec or {}
        if not isinstance(spec, dict):
            raise OptionError("legal_holds", "legal_holds must be a mapping")
        unknown = sorted(set(spec) - set(("owner_emails", "recording_ids", "location_ids")))
        if unknown:
            raise OptionError("legal_holds", "legal_holds: unknown keys %s (owner_emails, recording_ids, location_ids)" % ", ".join(unknown))
        # A mistyped hold protects nothing and its owner's recordings get trashed: refuse it instead.
        self.owner_emails = _emails("legal_holds", "legal_holds.owner_emails", spec.get("owner_emails"))
        self.recording_ids = _non_blank("legal_holds", "legal_holds.recording_ids", spec.get("recording_ids"))
        self.location_ids = _non_blank("legal_holds", "legal_holds.location_ids", spec.get("location_ids"))

    def reason(self, recording):
        """Why ``recording`` is held (``None`` when it is not)."""
        if recording.get("id") in self.recording_ids:
            return "recording on legal hold"
        owner = (recording.get("ownerEmail") or "").lower()
        if owner and owner in self.owner_emails:
            return "owner %s on legal hold" % owner
        location = location_of(recording)
        if location and location in self.location_ids:
            return "location %s on legal hold" % location
        return None

    def as_dict(self):
        return {
            "owner_emails": sorted(self.owner_emails),
            "recording_ids": sorted(self.recording_ids),
            "location_ids": sorted(self.location_ids),
        }


class Policy:
    """The whole policy, checked before any request."""

    def __init__(
        self,
        rules=None,
        legal_holds=None,
        archive_before_trash=True,
        quota_enabled=False,
        quota_gb=DEFAULT_QUOTA_GB,
        target_gb=DEFAULT_TARGET_GB,
        purge_enabled=False,
        purge_grace_days=30,
    ):
        self.rules = [Rule(spec, index) for index, spec in enumerate(rules or [])]
        names = [rule.name for rule in self.rules]
        duplicates = sorted(set(name for name in names if names.count(name) > 1))
        if duplicates:
            raise OptionError("rules", "rule names must be unique: %s" % ", ".join(duplicates))
        for reserved in (QUOTA_RULE, BIN_RULE):
            if reserved in names:
                raise OptionError("rules", "the rule name %r is reserved" % reserved)
        self.holds = Holds(legal_holds)
        self.archive_before_trash = bool(archive_before_trash)
        self.quota_enabled = bool(quota_enabled)
        if quota_gb is None or quota_gb <= 0:
            raise OptionError("quota_gb", "quota_gb must be greater than 0")
        if target_gb is None or target_gb < 0:
            raise OptionError("target_gb", "target_gb must be 0 or more")
        if target_gb > quota_gb:
            raise OptionError("target_gb", "target_gb (%s) must not be above quota_gb (%s)" % (target_gb, quota_gb))
        self.quota_bytes = int(round(quota_gb * GB))
        self.target_bytes = int(round(target_gb * GB))
        self.purge_enabled = bool(purge_enabled)
        self.purge_grace_days = _non_negative("purge_grace_days", purge_grace_days)

    def describe(self):
        """What the plan file records of the policy, and its fingerprint."""
        described = {
            "rules": [
                {
                    "name": rule.name,
                    "action": rule.action,
                    "statuses": sorted(rule.statuses),
                    "older_than_days": rule.older_than_days,
                    "newer_than_days": rule.newer_than_days,
                    "owner_emails": sorted(rule.owner_emails),
                    "exclude_owner_emails": sorted(rule.exclude_owner_emails),
                    "owner_types": sorted(rule.owner_types),
                    "location_ids": sorted(rule.location_ids),
                    "service_types": sorted(rule.service_types),
                    "storage_regions": sorted(rule.storage_regions),
                    "topic_pattern": rule.topic_pattern,
                    "min_size_bytes": rule.min_size_bytes,
                    "max_size_bytes": rule.max_size_bytes,
                    "min_duration_seconds": rule.min_duration_seconds,
                }
                for rule in self.rules
            ],
            "legal_holds": self.holds.as_dict(),
            "archive_before_trash": self.archive_before_trash,
            "quota_enabled": self.quota_enabled,
            "quota_bytes": self.quota_bytes,
            "target_bytes": self.target_bytes,
            "purge_enabled": self.purge_enabled,
            "purge_grace_days": self.purge_grace_days,
        }
        fingerprint = hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()
        return described, fingerprint
