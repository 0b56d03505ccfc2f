"""The wait for recordings whose REST data lags their webhook (recording_archive's not_found_wait): the pauses, the
option checks, the merged result and the loop (found recordings are archived before any pause, each late one as soon
as it appears, the rest reported after a bounded wait)."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _archive_lag
from ansible_collections.wxc.recordings.plugins.module_utils._archive_plan import archive_result
from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError


@pytest.mark.parametrize(
    "wait, max_delay, expected",
    [
        (0, 5, []),  # the default: ask once
        (None, 5, []),
        (0.3, 5, [0.3]),  # never longer than asked
        (3.5, 5, [0.5, 1.0, 2.0]),  # a 2 s lag costs about 2 s, not 5
        (10, 2, [0.5, 1.0, 2.0, 2.0, 2.0, 2.0, 0.5]),  # capped at max_delay, adding up to the wait
        (2, 0.25, [0.25] * 8),  # a cap below the first pause
        (900, 5, [0.5, 1.0, 2.0, 4.0] + [5.0] * 178 + [2.5]),
    ],
)
def test_lag_delays(wait, max_delay, expected):
    delays = _archive_lag.lag_delays(wait, max_delay)
    assert delays == expected
    assert abs(sum(delays) - (wait or 0)) < 1e-6


@pytest.mark.parametrize(
    "params, option",
    [
        ({"not_found_wait": -1, "not_found_max_delay": 5}, "not_found_wait"),
        ({"not_found_wait": 10, "not_found_max_delay": 0}, "not_found_max_delay"),
        ({"not_found_wait": 10, "not_found_max_delay": -2}, "not_found_max_delay"),
        ({"not_found_wait": 0, "not_found_max_delay": 5}, None),
        ({"not_found_wait": 900, "not_found_max_delay": 0.5}, None),
    ],
)
def test_check_lag_options(params, option):
    if option is None:
        _archive_lag.check_lag_options(params)
        return
    with pytest.raises(OptionError) as raised:
        _archive_lag.check_lag_options(params)
    assert raised.value.option == option and option in raised.value.message


def summary(rid, outcome="downloaded", size=10):
    files = [{"kind": "audio", "path": rid + ".mp3", "bytes": size, "sha256": "0" * 64, "outcome": outcome}]
    return {"id": rid, "outcome": outcome, "archived": outcome in ("downloaded", "verified"), "files": files}


def result_of(*recordings, **kwargs):
    result = archive_result("/archive", list(recordings), kwargs.get("manifest_changed", True), False)
    if "changed" in kwargs:
        result["changed"] = kwargs["changed"]
    return result


def test_merge_results_counts_every_run():
    first = result_of(summary("a", "verified"), manifest_changed=False, changed=False)
    later = result_of(summary("b"), summary("c", size=5))
    merged = _archive_lag.merge_results([first, later])
    assert [r["id"] for r in merged["recordings"]] == ["a", "b", "c"]
    assert (merged["changed"], merged["count"], merged["archived_count"], merged["bytes_downloaded"], merged["manifest_changed"]) == (True, 2, 3, 15, True)
    unchanged = _archive_lag.merge_results([first, result_of(summary("d", "verified"), manifest_changed=False, changed=False)])
    assert (unchanged["changed"], unchanged["manifest_changed"], unchanged["count"]) == (False, False, 0)


class Webex:
    """Ids that answer 404 until their n-th lookup; records every lookup, archive and pause in order."""

    def __init__(self, appears_after):
        self.appears_after = dict(appears_after)
        self.log = []

    def archive_again(self, ids):
        self.log.append(("lookup", sorted(ids)))
        found = []
        for rid in ids:
            self.appears_after[rid] -= 1
            if self.appears_after[rid] <= 0:
                found.append(rid)
        if not found:
            return None, list(ids)
        self.log.append(("archive", sorted(found)))
        return result_of(*[summary(rid) for rid in found]), [rid for rid in ids if rid not in found]

    def sleep(self, seconds):
        self.log.append(("sleep", seconds))


def test_each_late_recording_is_archived_as_soon_as_it_appears_and_the_wait_is_bounded():
    webex = Webex({"late1": 1, "late2": 2, "never": 99})
    first = result_of(summary("ok"))
    result, not_found = _archive_lag.wait_for_lagging(first, ["late1", "late2", "never"], webex.archive_again, [0.5, 1.0, 2.0], webex.sleep)
    assert webex.log == [
        ("sleep", 0.5),
        ("lookup", ["late1", "late2", "never"]),
        ("archive", ["late1"]),
        ("sleep", 1.0),
        ("lookup", ["late2", "never"]),
        ("archive", ["late2"]),
        ("sleep", 2.0),
        ("lookup", ["never"]),
    ]
    assert not_found == ["never"], "still unknown after the last pause: reported, not waited for any longer"
    assert [r["id"] for r in result["recordings"]] == ["ok", "late1", "late2"] and result["archived_count"] == 3


def test_no_pause_when_everything_was_found_or_no_wait_was_asked():
    webex = Webex({"late": 1})
    first = result_of(summary("ok"))
    assert _archive_lag.wait_for_lagging(first, [], webex.archive_again, [0.5, 1.0], webex.sleep) == (first, [])
    assert _archive_lag.wait_for_lagging(first, ["late"], webex.archive_again, [], webex.sleep) == (first, ["late"])
    assert webex.log == []
    webex = Webex({"late": 1})
    _archive_lag.wait_for_lagging(first, ["late"], webex.archive_again, [0.5, 1.0, 2.0], webex.sleep)
    assert webex.log == [("sleep", 0.5), ("lookup", ["late"]), ("archive", ["late"])], "no pause once every id appeared"
