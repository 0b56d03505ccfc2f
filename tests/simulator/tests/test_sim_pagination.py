"""Link rel="next" pagination: opaque absolute URLs, keyset cursors that survive state changes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

from conftest import ADMIN, CO

ADMIN_LIST = "/admin/convergedRecordings"
LINK = re.compile(r'^<([^>]+)>; rel="next"$')


def window(days_ago_from: float, days_ago_to: float = 0) -> dict:
    now = datetime.now(UTC)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return {
        "from": (now - timedelta(days=days_ago_from)).strftime(fmt),
        "to": (now - timedelta(days=days_ago_to)).strftime(fmt),
    }


def next_url(resp) -> str | None:
    link = resp.headers.get("Link")
    if link is None:
        return None
    match = LINK.match(link)
    assert match, link
    return match.group(1)


def walk(api, token, params, on_page=None):
    pages, url, kwargs = [], ADMIN_LIST, {"params": params}
    while url:
        resp = api.get(url, token, **kwargs)
        assert resp.status_code == 200, resp.text
        pages.append([i["id"] for i in resp.json()["items"]])
        url, kwargs = next_url(resp), {}
        if on_page:
            on_page(len(pages), pages[-1])
    return pages


def expected_ids(sim, params, status="available"):
    """What the window should hold, computed from the hook's full dump."""
    lo, hi = (datetime.fromisoformat(params[k]) for k in ("from", "to"))
    items = [
        i for i in sim.recordings() if i["status"] == status and lo <= datetime.fromisoformat(i["createTime"]) < hi
    ]
    return [i["id"] for i in sorted(items, key=lambda i: (i["createTime"], i["id"]), reverse=True)]


def test_pages_cover_the_window_exactly_once(gen_api):
    params = {**window(30), "max": 37}
    pages = walk(gen_api, ADMIN, params)
    flat = [rid for page in pages for rid in page]
    assert len(pages) > 5
    assert all(len(p) == 37 for p in pages[:-1]) and 0 < len(pages[-1]) <= 37
    assert len(flat) == len(set(flat))
    assert flat == expected_ids(gen_api.sim, params)


def test_next_link_is_absolute_with_only_an_opaque_cursor(gen_api):
    resp = gen_api.get(ADMIN_LIST, ADMIN, params={**window(30), "max": 5, "serviceType": "calling", "topic": "call"})
    url = next_url(resp)
    parsed = urlparse(url)
    assert f"{parsed.scheme}://{parsed.netloc}" == gen_api.sim.root_url
    assert parsed.path == "/v1/admin/convergedRecordings"
    assert list(parse_qs(parsed.query)) == ["cursor"]
    second = gen_api.get(url, ADMIN).json()["items"]
    assert len(second) == 5 and all(i["serviceType"] == "calling" for i in second)
    assert all("call" in i["topic"].lower() for i in second)


def test_cursor_with_resent_parameters_is_rejected(gen_api):
    url = next_url(gen_api.get(ADMIN_LIST, ADMIN, params={**window(30), "max": 5}))
    resp = gen_api.get(url + "&max=5", ADMIN)
    assert resp.status_code == 400
    assert "cursor" in resp.json()["message"]


def test_bad_or_foreign_cursors_are_rejected(gen_api):
    url = next_url(gen_api.get(ADMIN_LIST, ADMIN, params={**window(30), "max": 5}))
    assert gen_api.get(ADMIN_LIST, ADMIN, params={"cursor": "not-a-cursor!"}).status_code == 400
    assert gen_api.get(ADMIN_LIST, ADMIN, params={"cursor": "e30"}).status_code == 400  # base64 of "{}"
    # Another caller, or the same cursor on the user endpoint, is another query.
    assert gen_api.get(url, CO).status_code == 400
    assert gen_api.get(url.replace("/admin/", "/"), "sim-user001-token").status_code == 400


def test_no_link_on_the_last_page(gen_api):
    resp = gen_api.get(ADMIN_LIST, ADMIN, params={**window(30), "max": 100, "ownerEmail": "user001@example.com"})
    assert len(resp.json()["items"]) < 100
    assert "Link" not in resp.headers


def test_state_changes_between_pages_skip_nothing_and_repeat_nothing(gen_api):
    """Trash items on pages not yet read and restore some already read: every item that still matches at the
    end and was not moved backwards appears exactly once."""
    sim = gen_api.sim
    params = {**window(30), "max": 25}
    before = expected_ids(sim, params)
    trashed = set(before[60:70])  # on page 3, trashed while reading page 1
    restored_deleted = expected_ids(sim, params, status="deleted")[:3]

    def on_page(n, ids):
        if n == 1:
            resp = gen_api.post("/convergedRecordings/softDelete", ADMIN, json={"recordingIds": sorted(trashed)})
            assert resp.status_code == 204
            # Restoring makes older items match too; those behind the cursor must simply not reappear later.
            resp = gen_api.post("/convergedRecordings/restore", ADMIN, json={"recordingIds": restored_deleted})
            assert resp.status_code == 204
        if n == 2:
            # Trash something already returned: must not shift the next page.
            assert (
                gen_api.post("/convergedRecordings/softDelete", ADMIN, json={"recordingIds": ids[:5]}).status_code
                == 204
            )

    pages = walk(gen_api, ADMIN, params, on_page)
    flat = [rid for page in pages for rid in page]
    assert len(flat) == len(set(flat)), "an item was repeated"
    first_page_last = before[24]
    expected = [rid for rid in before if rid not in trashed]
    # Restored items newer than the first page's last key were behind the cursor already; older ones appear.
    created = {i["id"]: (i["createTime"], i["id"]) for i in sim.recordings()}
    expected += [r for r in restored_deleted if created[r] < created[first_page_last]]
    expected.sort(key=lambda rid: created[rid], reverse=True)
    assert flat == expected


def test_deleted_for_good_between_pages(gen_api):
    sim = gen_api.sim
    params = {**window(30), "max": 10}
    before = expected_ids(sim, params)
    first = gen_api.get(ADMIN_LIST, CO, params=params)
    victim = before[10]  # first item of page 2
    assert gen_api.delete(f"/convergedRecordings/{victim}", CO, json={"reason": "audit"}).status_code == 204
    second = gen_api.get(next_url(first), CO).json()["items"]
    assert [i["id"] for i in second] == before[11:21]
