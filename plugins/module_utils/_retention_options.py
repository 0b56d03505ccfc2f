# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The options of a retention policy and its plan files, shared by ``recording_retention_plan`` and
``recording_retention`` (documented once, in the ``wxc.recordings.retention_policy`` doc fragment).

Internal use only: this module is not part of the collection's public API and may change at any time.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def policy_argument_spec():
    """The policy's options (``policy_from`` in ``_retention_plan_step`` reads them)."""
    match = dict(
        older_than_days=dict(type="int"),
        newer_than_days=dict(type="int"),
        owner_emails=dict(type="list", elements="str"),
        exclude_owner_emails=dict(type="list", elements="str"),
        owner_types=dict(type="list", elements="str", choices=["user", "place", "virtualLine", "callQueue"]),
        location_ids=dict(type="list", elements="str"),
        service_types=dict(type="list", elements="str", choices=["calling", "customerAssist"]),
        storage_regions=dict(type="list", elements="str", choices=["US", "SG", "GB", "JP", "DE", "AU", "IN", "CA"]),
        topic_pattern=dict(type="str"),
        statuses=dict(type="list", elements="str", choices=["available", "deleted"]),
        min_size_bytes=dict(type="int"),
        max_size_bytes=dict(type="int"),
        min_duration_seconds=dict(type="int"),
    )
    return dict(
        rules=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                name=dict(type="str", required=True),
                action=dict(type="str", required=True, choices=["archive", "trash", "purge"]),
                match=dict(type="dict", default={}, options=match),
            ),
        ),
        legal_holds=dict(
            type="dict",
            default={},
            options=dict(
                owner_emails=dict(type="list", elements="str"),
                recording_ids=dict(type="list", elements="str"),
                location_ids=dict(type="list", elements="str"),
            ),
        ),
        archive_before_trash=dict(type="bool", default=True),
        quota_enabled=dict(type="bool", default=False),
        quota_gb=dict(type="float", default=100),
        target_gb=dict(type="float", default=90),
        purge_enabled=dict(type="bool", default=False),
        purge_grace_days=dict(type="int", default=30),
        bin_ledger=dict(type="path"),
        plan_file=dict(type="path"),
        apply_plan=dict(type="path"),
        location_ids=dict(type="list", elements="str", default=[]),
        owner_emails=dict(type="list", elements="str", default=[]),
        location_names=dict(type="bool", default=False),
        access_level=dict(type="str", default="admin", choices=["admin", "compliance_officer"]),
    )
