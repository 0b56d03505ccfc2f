"""The fleet report merge (pure) as a table, its rendering, and its files."""

import csv
import io
import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _fleet as fleet
from ansible_collections.wxc.recordings.plugins.module_utils._fleet import (
    STATUS_FILE,
    merge,
    message_text,
    read_statuses,
    render_csv,
    render_html,
    write_fleet_report,
)

GB = 1000**3


def storage(available_gb, quota_gb=100, count=10, deleted_gb=0):
    used = available_gb * GB
    return {
        "available_count": count,
        "available_bytes": used,
        "deleted_count": 0,
        "deleted_bytes": deleted_gb * GB,
        "used_percent": round(100.0 * used / (quota_gb * GB), 2),
        "used_percent_after": round(100.0 * used / (quota_gb * GB), 2),
        "quota_bytes": quota_gb * GB,
        "actions": 0,
        "by_action": {},
        "by_outcome": {},
    }


def retention(by_action, after_percent=None, available_gb=50):
    out = storage(available_gb)
    out["by_action"] = by_action
    if after_percent is not None:
        out["used_percent_after"] = after_percent
    return out


def ok(org, finished="2026-01-01T00:00:00Z", **parts):
    return dict({"org": org, "org_name": org.title(), "org_id": "id-" + org, "status": "ok", "finished": finished}, **parts)


def failed(org, reason, finished="2026-01-01T00:00:00Z"):
    return {"org": org, "org_name": org.title(), "status": "failed", "reason": reason, "finished": finished}


def rows_by_org(report):
    return dict((row["org"], row) for row in report["orgs"])


# (case, documents, expected orgs, check(report))
CASES = [
    (
        "storage against quota per org, totals over orgs",
        [ok("a", storage=storage(20)), ok("b", storage=storage(90, count=3))],
        [],
        lambda r: (
            [(x["org"], x["used_bytes"], x["quota_bytes"], x["used_percent"]) for x in r["orgs"]]
            == [("a", 20 * GB, 100 * GB, 20.0), ("b", 90 * GB, 100 * GB, 90.0)]
            and r["totals"]["used_bytes"] == 110 * GB
            and r["totals"]["quota_bytes"] == 200 * GB
            and r["totals"]["used_percent"] == 55.0
            and r["totals"]["recordings"] == 13
            and r["totals"]["above_warn"] == ["b"]
            and r["failed"] == []
        ),
    ),
    (
        "actions per org, summed per action and outcome over orgs",
        [
            ok("a", storage=storage(1), retention=retention({"trash": {"done": 3, "failed": 1}})),
            ok("b", retention=retention({"trash": {"done": 2}, "purge": {"done": 5}})),
        ],
        [],
        lambda r: (
            rows_by_org(r)["a"]["actions"] == 4
            and rows_by_org(r)["b"]["by_action"] == {"trash": {"done": 2}, "purge": {"done": 5}}
            and r["totals"]["by_action"] == {"trash": {"done": 5, "failed": 1}, "purge": {"done": 5}}
            and r["totals"]["actions"] == 11
        ),
    ),
    (
        "storage comes from the storage report; after the actions from the retention report",
        [ok("a", storage=storage(30), retention=retention({"trash": {"done": 1}}, after_percent=12.5, available_gb=31))],
        [],
        lambda r: r["orgs"][0]["used_bytes"] == 30 * GB and r["orgs"][0]["used_percent_after"] == 12.5,
    ),
    (
        "a retention run alone measures the org too",
        [ok("a", retention=retention({}, available_gb=40))],
        [],
        lambda r: r["orgs"][0]["used_bytes"] == 40 * GB and r["totals"]["quota_bytes"] == 100 * GB,
    ),
    (
        "failed orgs with their reason, not counted in the quota",
        [ok("a", storage=storage(10)), failed("b", "not authorized"), failed("c", "HTTP 503 after 5 retries")],
        [],
        lambda r: (
            r["failed"] == [{"org": "b", "org_name": "B", "reason": "not authorized"}, {"org": "c", "org_name": "C", "reason": "HTTP 503 after 5 retries"}]
            and r["totals"]["ok"] == 1
            and r["totals"]["failed"] == 2
            and r["totals"]["quota_bytes"] == 100 * GB
        ),
    ),
    (
        "an expected org without a result failed: its run never finished",
        [ok("a", storage=storage(1))],
        ["a", "b"],
        lambda r: r["failed"] == [{"org": "b", "org_name": "b", "reason": "no result: the org's run did not finish"}],
    ),
    (
        "with expected orgs, the result of any other org is left out and named",
        [ok("a", storage=storage(1)), ok("stale", storage=storage(50))],
        ["a"],
        lambda r: [x["org"] for x in r["orgs"]] == ["a"] and r["ignored"] == ["stale"] and r["totals"]["used_bytes"] == 1 * GB,
    ),
    (
        "without expected orgs, every result counts",
        [ok("a"), ok("b")],
        [],
        lambda r: r["ignored"] == [] and r["totals"]["orgs"] == 2,
    ),
    (
        "an org found twice keeps its latest result and is named",
        [failed("a", "old failure", finished="2026-01-01T00:00:00Z"), ok("a", storage=storage(2), finished="2026-01-02T00:00:00Z")],
        [],
        lambda r: r["duplicates"] == ["a"] and r["failed"] == [] and r["orgs"][0]["used_bytes"] == 2 * GB,
    ),
    (
        "an older duplicate read after the newer one does not win",
        [ok("a", storage=storage(2), finished="2026-01-02T00:00:00Z"), failed("a", "old", finished="2026-01-01T00:00:00Z")],
        [],
        lambda r: r["failed"] == [] and len(r["orgs"]) == 1,
    ),
    (
        "an unknown status is a failure, and a failure without a reason says so",
        [{"org": "a", "status": "weird"}],
        [],
        lambda r: r["failed"] == [{"org": "a", "org_name": "a", "reason": "failed without a reason"}],
    ),
    (
        "orgs are sorted by name whatever the order of the slices",
        [ok("zeta", org_name="Zeta"), ok("alpha2", org_name="alpha"), ok("mid", org_name="Mid")],
        [],
        lambda r: [x["org"] for x in r["orgs"]] == ["alpha2", "mid", "zeta"],
    ),
    (
        "no orgs at all",
        [],
        [],
        lambda r: r["totals"]["orgs"] == 0 and r["totals"]["used_percent"] == 0.0 and r["failed"] == [],
    ),
]


@pytest.mark.parametrize(("case", "docs", "expected", "check"), CASES, ids=[c[0] for c in CASES])
def test_merge(case, docs, expected, check):
    report = merge(docs, expected)
    assert check(report), json.dumps(report, indent=1)


def test_merging_slices_equals_merging_everything_at_once():
    docs = [ok("a", storage=storage(1)), failed("b", "x"), ok("c", storage=storage(3)), ok("d", storage=storage(4))]
    whole = merge(docs, ["a", "b", "c", "d"])
    sliced = merge(docs[2:] + docs[:2], ["a", "b", "c", "d"])
    assert whole == sliced


def test_message_leads_with_failed_orgs_and_names_at_most_20():
    docs = [failed("org%02d" % i, "reason %d" % i) for i in range(25)] + [ok("zz", storage=storage(1))]
    text = message_text(merge(docs))
    first = text.splitlines()[0]
    assert first.startswith("25 of 26 orgs failed: org00, org01")
    assert first.endswith("and 5 more")
    assert "  org19: reason 19" in text and "org20: reason 20" not in text
    assert text.splitlines()[-1].startswith("26 orgs, 1 ok")


def test_csv_has_one_row_per_org_and_neutralises_formulas():
    report = merge([ok("a", org_name="=HYPERLINK(1)", storage=storage(5)), failed("b", "-1 refused")])
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert [r["org"] for r in rows] == ["a", "b"]
    assert rows[0]["org_name"] == "'=HYPERLINK(1)"
    assert rows[0]["used_bytes"] == str(5 * GB)
    assert rows[1]["reason"] == "'-1 refused" and rows[1]["status"] == "failed"


def test_html_escapes_names_and_lists_failed_orgs():
    html = render_html(merge([ok("a", org_name="<script>x</script>", storage=storage(5)), failed("b", "not <authorized>")]))
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "<h2>Failed orgs</h2>" in html and "not &lt;authorized&gt;" in html


def test_read_statuses_reads_every_slice_and_reports_a_broken_file(tmp_path):
    for folder, org, doc in (("s1", "a", ok("a")), ("s2", "b", failed("b", "x"))):
        os.makedirs(str(tmp_path / folder / org))
        (tmp_path / folder / org / STATUS_FILE).write_text(json.dumps(doc))
    os.makedirs(str(tmp_path / "s2" / "c"))
    (tmp_path / "s2" / "c" / STATUS_FILE).write_text("{not json")
    os.makedirs(str(tmp_path / "s2" / "no-status"))
    docs = read_statuses([str(tmp_path / "s1"), str(tmp_path / "s2"), str(tmp_path / "missing")])
    assert sorted(d["org"] for d in docs) == ["a", "b", "c"]
    broken = next(d for d in docs if d["org"] == "c")
    assert broken["status"] == "failed" and "unreadable" in broken["reason"]


def test_write_fleet_report_writes_each_format_with_the_mode(tmp_path):
    report = merge([ok("a", storage=storage(5))])
    paths = write_fleet_report(report, str(tmp_path / "out"), "fleet", 0o640)
    assert sorted(paths) == ["csv", "html", "json"]
    for path in paths.values():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    document = json.loads(open(paths["json"]).read())
    assert "measured" not in document["orgs"][0]
    assert document["totals"]["used_bytes"] == 5 * GB


# ---------------------------------------------------------------------- recording_fleet_status


@pytest.mark.parametrize(
    "status, problem",
    [
        ({"org": "acme", "status": "ok"}, None),
        ({"org": "acme", "status": "failed", "reason": "HTTP 403"}, None),
        ({"org": "acme"}, "status needs status"),
        ({"status": "ok"}, "status needs org"),
        ({}, "status needs org and status"),
        ({"org": "acme", "status": "done"}, "status.status must be one of ok, failed, not 'done'"),
        ("ok", "status must be a mapping"),
        (None, "status must be a mapping"),
    ],
)
def test_check_org_status(status, problem):
    assert fleet.check_org_status(status) == problem


def test_record_org_status_writes_forgets_and_is_idempotent(tmp_path):
    org_dir = str(tmp_path / "reports" / "acme")
    path = os.path.join(org_dir, fleet.STATUS_FILE)
    status = {"org": "acme", "status": "ok", "storage": {"used_bytes": 5}}
    steps = [
        ("absent", None, False),  # nothing there yet
        ("present", status, True),
        ("present", status, False),  # the same document again
        ("present", dict(status, status="failed"), True),
        ("absent", None, True),
        ("absent", None, False),
    ]
    for state, document, changed in steps:
        assert fleet.record_org_status(org_dir, state, document) == {"changed": changed, "path": path}, (state, document)
        if state == "present":
            with open(path) as handle:
                assert json.load(handle) == document
            assert oct(os.stat(path).st_mode & 0o777) == "0o600"
            assert oct(os.stat(org_dir).st_mode & 0o777) == "0o700"
        else:
            assert not os.path.exists(path)
    # What the fleet report reads back is what was recorded.
    fleet.record_org_status(org_dir, "present", status)
    assert fleet.read_statuses([str(tmp_path / "reports")]) == [status]


@pytest.mark.parametrize(
    "params, option, message",
    [
        ({"state": "present", "status": {"org": "acme", "status": "maybe"}}, "status", "status.status must be one of ok, failed"),
        ({"state": "present", "status": {"status": "ok"}}, "status", "status needs org"),
    ],
)
def test_fleet_status_result_refuses_a_bad_status_before_writing(tmp_path, params, option, message):
    org_dir = str(tmp_path / "acme")
    result = fleet.fleet_status_result(dict(params, org_dir=org_dir))
    assert (result["failed"], result["option"]) == (True, option) and result["msg"].startswith(message)
    assert not os.path.exists(org_dir)


def test_fleet_status_result_names_org_dir_when_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = fleet.fleet_status_result({"org_dir": str(blocker / "acme"), "state": "present", "status": {"org": "acme", "status": "ok"}})
    assert (result["failed"], result["option"]) == (True, "org_dir") and result["msg"].startswith("org_dir: cannot record the status in ")


def test_an_org_s_archive_actions_count_with_its_other_actions_but_not_as_its_storage():
    archive = {"available_count": 3, "available_bytes": 3 * GB, "by_action": {"archive": {"changed": 3}, "verify": {"unchanged": 3}}}
    doc = ok("acme", storage=storage(40), archive=archive, retention=retention({"trash": {"changed": 2}}, after_percent=38.0))
    row = rows_by_org(merge([doc]))["acme"]
    assert row["by_action"] == {"archive": {"changed": 3}, "verify": {"unchanged": 3}, "trash": {"changed": 2}}
    assert row["actions"] == 8
    # Storage is the storage report's: the archive report measures only what it selected.
    assert (row["recordings"], row["used_bytes"], row["used_percent_after"]) == (10, 40 * GB, 38.0)
    alone = rows_by_org(merge([ok("solo", archive=archive)]))["solo"]
    assert (alone["measured"], alone["actions"], alone["recordings"]) == (False, 6, 0)
