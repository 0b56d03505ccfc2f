"""Progress arithmetic (rate, ETA, the line people read) and the throttled progress file writer."""

import json
import os

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._progress import (
    ENV_DIR,
    FORMAT,
    ProgressWriter,
    eta_seconds,
    human_count,
    human_duration,
    progress_line,
    progress_paths,
    rates,
    short_bytes,
    start_line,
)


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0 B"),
        (512, "512 B"),
        (999, "999 B"),
        (1000, "1.0 kB"),
        (285_000_000, "285 MB"),
        (12_340_000, "12.3 MB"),
        (2_100_000_000, "2.1 GB"),
        (8_400_000_000, "8.4 GB"),
        (100_000_000_000, "100 GB"),
        (1_500_000_000_000, "1.5 TB"),
    ],
)
def test_short_bytes(value, text):
    assert short_bytes(value) == text


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "0 s"),
        (0.4, "0 s"),
        (59, "59 s"),
        (60, "1 min 0 s"),
        (281, "4 min 41 s"),
        (3599, "59 min 59 s"),
        (7500, "2 h 05 min"),
        (90000, "1 d 1 h"),
        (-5, "0 s"),
    ],
)
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_human_count_has_thousands_separators():
    assert human_count(67800) == "67,800"
    assert human_count(None) == "0"


@pytest.mark.parametrize(
    "samples, expected",
    [
        ([], (None, None)),
        ([(0.0, 0, 0)], (None, None)),
        ([(0.0, 0, 0), (0.5, 10, 1000)], (None, None)),  # under a second: no rate yet
        ([(0.0, 0, 0), (10.0, 20, 123_000_000)], (2.0, 12_300_000.0)),
        ([(0.0, 5, 100), (4.0, 5, 100)], (0.0, 0.0)),  # stalled: a rate of zero, not None
        ([(0.0, 0, 500), (2.0, 0, 100)], (0.0, 0.0)),  # a retried download took bytes back: never negative
    ],
)
def test_rates(samples, expected):
    assert rates(samples) == expected


@pytest.mark.parametrize(
    "args, expected",
    [
        # done, total, bytes_done, bytes_total, item rate, byte rate
        ((1204, 4730, 2_100_000_000, 8_400_000_000, 4.0, 12_300_000.0), 6_300_000_000 / 12_300_000.0),  # by bytes
        ((100, 679, 0, None, 10.0, 0.0), 57.9),  # no bytes: by items
        ((10, 100, 5, 1000, None, 0.0), None),  # stalled, no item rate: unknown
        ((5, None, 0, None, 2.0, None), None),  # total unknown (listing)
        ((7, 7, 0, None, None, None), 0.0),  # all done
    ],
)
def test_eta_seconds(args, expected):
    result = eta_seconds(*args)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    "state, line",
    [
        (
            dict(label="archive", done=1204, total=4730, bytes_done=2_100_000_000, bytes_total=8_400_000_000, bytes_per_second=12_300_000, eta_seconds=281),
            "archive: 1,204 / 4,730 recordings, 2.1 GB of 8.4 GB, 12.3 MB/s, ETA 4 min 41 s",
        ),
        (
            dict(label="recording_trash", phase="trash", done=12_300, total=67_800, calls_done=123, calls_total=679, items_per_second=410.0, eta_seconds=135),
            "recording_trash, trash: 12,300 / 67,800 recordings, 123 / 679 calls, 410 recordings/s, ETA 2 min 15 s",
        ),
        (
            dict(label="retention plan", phase="listing", done=12_400, total=None, items_per_second=1200.4),
            "retention plan, listing: 12,400 recordings so far, 1,200 recordings/s",
        ),
        (
            dict(label="retention plan", phase="listing", done=12_400, total=None, items_per_second=310.0, finished=True, elapsed_seconds=40),
            "retention plan, listing: 12,400 recordings in all, 310 recordings/s, done in 40 s",
        ),
        (
            dict(label="archive", done=0, total=3, bytes_done=0, bytes_total=900, eta_seconds=None),
            "archive: 0 / 3 recordings, 0 B of 900 B, ETA not known yet",
        ),
        (
            # Transcripts have no announced size: the bytes may run past the total; the total follows.
            dict(label="archive", done=2, total=3, bytes_done=1200, bytes_total=1000, bytes_per_second=0.5, eta_seconds=0),
            "archive: 2 / 3 recordings, 1.2 kB of 1.2 kB, 0 B/s, ETA 0 s",
        ),
        (
            dict(label="archive", done=3, total=3, bytes_done=1000, bytes_total=1000, bytes_per_second=500, finished=True, elapsed_seconds=2),
            "archive: 3 / 3 recordings, 1.0 kB of 1.0 kB, 500 B/s, done in 2 s",
        ),
        (
            dict(label="retention apply", phase="purge", done=3, total=8, items_per_second=0.5, eta_seconds=10),
            "retention apply, purge: 3 / 8 recordings, 0.5 recordings/s, ETA 10 s",
        ),
    ],
)
def test_progress_line(state, line):
    assert progress_line(state) == line


@pytest.mark.parametrize(
    "state, line",
    [
        (dict(label="archive", phase="downloading", total=473, bytes_total=285_000_000), "archive, downloading: 473 recordings, 285 MB"),
        (dict(label="recording_trash", phase="trash", total=67_800, calls_total=679), "recording_trash, trash: 67,800 recordings, in 679 calls"),
        (dict(label="recording_purge", phase="purge", total=1, calls_total=1), "recording_purge, purge: 1 recordings, in 1 call"),
        (dict(label="retention plan", phase="listing", total=None), "retention plan, listing: recordings (the total is not known before the end)"),
    ],
)
def test_start_line(state, line):
    assert start_line(state) == line


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def writer(paths=("p.json",)):
    clock = Clock()
    written = []
    progress = ProgressWriter(
        list(paths), "archive", clock=clock, wall=lambda: 1_700_000_000.0 + clock.now, write=lambda path, doc: written.append((path, dict(doc)))
    )
    return progress, clock, written


def test_writer_throttles_to_one_write_per_interval_and_writes_phases_and_the_end_at_once():
    progress, clock, written = writer()
    progress.phase("downloading", total=4, bytes_total=4_000_000)
    assert len(written) == 1 and written[0][1]["done"] == 0 and written[0][1]["start_line"] == "archive, downloading: 4 recordings, 4.0 MB"
    for _chunk in range(10):  # ten chunks within 1.9 s: no write
        clock.now += 0.19
        progress.add_bytes(100_000)
    assert len(written) == 1
    clock.now += 0.2  # 2.1 s after the phase started
    progress.add_bytes(100_000)
    assert len(written) == 2
    state = written[-1][1]
    assert state["bytes_done"] == 1_100_000 and state["done"] == 0
    assert state["bytes_per_second"] == pytest.approx(1_100_000 / 2.1)
    assert state["eta_seconds"] == pytest.approx(2_900_000 / (1_100_000 / 2.1))
    assert state["line"].startswith("archive, downloading: 0 / 4 recordings, 1.1 MB of 4.0 MB, 524 kB/s, ETA 6 s")
    assert state["format"] == FORMAT and state["updated"] == 1_700_000_000.0 + clock.now
    progress.add(done=1)  # right after a write: kept for the next one
    assert len(written) == 2
    progress.phase("verifying", total=4)  # a new phase: at once, counters from zero
    assert len(written) == 3 and written[-1][1]["phase"] == "verifying" and written[-1][1]["bytes_done"] == 0
    progress.finish()
    assert len(written) == 4 and written[-1][1]["finished"] is True and "done in 2 s" in written[-1][1]["line"]


def test_rate_follows_the_recent_window():
    progress, clock, written = writer()
    progress.phase("downloading", total=100, bytes_total=10**9)
    for _step in range(30):  # 60 s fast: 10 MB/s
        clock.now += 2
        progress.add_bytes(20_000_000)
    for _step in range(30):  # then 60 s slow: 1 MB/s
        clock.now += 2
        progress.add_bytes(2_000_000)
    assert written[-1][1]["bytes_per_second"] == pytest.approx(1_000_000, rel=0.1)


def test_a_disabled_writer_writes_nothing():
    progress, _clock, written = writer(paths=())
    progress.phase("downloading", total=1)
    progress.add(done=1, nbytes=5)
    progress.finish()
    assert written == [] and not progress.enabled


def test_an_unwritable_progress_file_never_fails_the_step(tmp_path):
    good = tmp_path / "progress.json"
    progress = ProgressWriter([str(tmp_path / "missing" / "p.json"), str(good)], "archive")
    progress.phase("downloading", total=2)
    progress.add(done=2)
    progress.finish()
    document = json.loads(good.read_text())
    assert document["done"] == 2 and document["finished"] is True
    assert oct(os.stat(str(good)).st_mode & 0o777) == "0o600"
    assert not os.path.exists(str(good) + ".part")


def test_progress_paths(tmp_path):
    folder = tmp_path / "task"
    folder.mkdir()
    assert progress_paths(None, {}) == []
    assert progress_paths("/r/p.json", {}) == ["/r/p.json"]
    assert progress_paths("/r/p.json", {ENV_DIR: str(folder)}, pid=42) == ["/r/p.json", str(folder / "42.json")]
    # A folder that is gone (the callback cleaned up) is not recreated by the module.
    assert progress_paths(None, {ENV_DIR: str(tmp_path / "gone")}) == []


def test_the_end_states_the_whole_phase_rate_however_short_and_nothing_without_a_phase():
    progress, clock, written = writer()
    progress.finish()  # no phase began (nothing to do): no file claims anything
    assert written == []
    progress.phase(None, total=250, calls_total=3)
    clock.now += 0.4
    progress.add(done=100, calls=1)  # within the interval: not written, and no rate from 0.4 s while running
    assert len(written) == 1 and written[0][1]["items_per_second"] is None
    clock.now += 0.1
    progress.add(done=150, calls=2)
    progress.finish()
    assert written[-1][1]["items_per_second"] == pytest.approx(500.0)
    assert written[-1][1]["line"] == "archive: 250 / 250 recordings, 3 / 3 calls, 500 recordings/s, done in 0 s"


def test_a_phase_after_the_end_is_running_again():
    progress, _clock, written = writer()
    progress.phase("listing")
    progress.finish()
    progress.phase("trash", total=2, calls_total=1)
    assert written[-1][1]["finished"] is False and written[-1][1]["line"] == "archive, trash: 0 / 2 recordings, 0 / 1 calls, ETA not known yet"
