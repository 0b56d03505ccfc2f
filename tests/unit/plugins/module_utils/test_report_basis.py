"""The retention report states the listing its figures rest on, in words, next to the quota gauge."""

from datetime import datetime, timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._report_html import listing_basis, render_html
from ansible_collections.wxc.recordings.plugins.module_utils._reporting import build_report

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
YEAR = {"from": "2025-06-01T12:00:00.000Z", "to": "2026-06-01T12:01:00.000Z"}
RULE = {"from": "2025-06-01T12:00:00.000Z", "to": "2026-03-03T12:00:00.000Z"}


@pytest.mark.parametrize(
    "listed, text",
    [
        (None, ""),
        ({}, ""),
        ("not a dict", ""),
        (
            {"available": YEAR, "deleted": YEAR},
            "Listing basis: this run listed all available recordings (created 2025-06-01 to 2026-06-01); "
            "all recordings in the recycle bin (created 2025-06-01 to 2026-06-01).",
        ),
        (
            # Quota off, one rule "older than 90 days": only those were listed; the gauge must not pass for the org's use.
            {"available": RULE},
            "Listing basis: this run listed only the available recordings created 2025-06-01 to 2026-03-03. Recordings "
            "outside these dates were not listed and are in no figure here, so the org may use more than shown.",
        ),
        (
            {"available": YEAR, "deleted": {"from": "garbage"}},
            "Listing basis: this run listed all available recordings (created 2025-06-01 to 2026-06-01); recordings in "
            "the recycle bin (dates not stated). Recordings outside these dates were not listed and are in no figure here, "
            "so the org may use more than shown.",
        ),
    ],
)
def test_listing_basis(listed, text):
    assert listing_basis(listed) == text


def test_the_quota_section_states_the_listing_basis_and_a_report_without_one_says_nothing():
    inventory = [{"id": "a", "create_time": "2026-01-01T00:00:00.000Z", "status": "available", "owner_email": "a@example.com", "size_bytes": 1000}]
    html = render_html(build_report(inventory, facts={"listed": {"available": RULE}}, kind="retention", now=NOW))
    quota = html[html.index("<h2>Quota</h2>") : html.index('<div class="gauges">')]
    expected = '<p class="basis" data-metric="listing_basis">Listing basis: this run listed only the available recordings created 2025-06-01 to 2026-03-03.'
    assert expected in quota
    assert "so the org may use more than shown" in quota
    assert "listing_basis" not in render_html(build_report(inventory, kind="storage", now=NOW))


def test_a_limited_run_says_what_it_was_limited_to():
    text = listing_basis({"available": YEAR}, locations="loc-hq", owners="all")
    assert text == (
        "Listing basis: this run listed all available recordings (created 2025-06-01 to 2026-06-01). Limited to the "
        "recordings at location(s) loc-hq: the rest of the organisation is in no figure here."
    )
    assert "of owner(s) a@x" in listing_basis({"available": YEAR}, owners="a@x")
