"""What the wxc.recordings.progress callback prints when (``_progress.Watch``), and which tasks it watches."""

import json

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils import _progress as progress

INTERVAL = 10.0


def document(**fields):
    state = {"label": "archive", "phase": "downloading", "unit": "recordings", "done": 0, "total": 473, "bytes_done": 0, "bytes_total": 285_000_000}
    state.update(fields)
    return state


def test_a_phase_start_is_printed_at_once_and_progress_at_least_every_interval():
    watch = progress.Watch("localhost", "Download and verify", started=0.0, wall_started=1000.0)
    timeline = []
    for second in range(0, 36):
        now, wall = float(second), 1000.0 + second
        if second < 12:
            documents = {}  # still listing: no file yet
        else:
            done = (second - 12) * 20
            documents = {"1.json": document(done=done, bytes_done=done * 600_000, bytes_per_second=12_000_000, eta_seconds=(473 - done) / 20, updated=wall)}
        for line in watch.lines(now, wall, documents, INTERVAL):
            timeline.append((second, line))
    assert timeline == [
        (10, "Download and verify: running for 10 s, no progress reported yet"),
        (12, "archive, downloading: 473 recordings, 285 MB"),
        (20, "archive, downloading: 160 / 473 recordings, 96.0 MB of 285 MB, 12.0 MB/s, ETA 16 s"),
        (30, "archive, downloading: 360 / 473 recordings, 216 MB of 285 MB, 12.0 MB/s, ETA 6 s"),
    ]
    seconds = [second for second, _line in timeline]
    assert all(later - earlier <= INTERVAL for earlier, later in zip([0] + seconds, seconds))


def test_a_file_that_stops_moving_says_since_when_and_the_end_is_printed_once():
    watch = progress.Watch("localhost", "Archive", started=0.0, wall_started=1000.0)
    stalled = {"1.json": document(done=5, bytes_done=50_000_000, bytes_per_second=0.0, eta_seconds=None, updated=1002.0)}
    assert watch.lines(2.0, 1002.0, stalled, INTERVAL) == ["archive, downloading: 473 recordings, 285 MB"]
    assert watch.lines(12.0, 1047.0, stalled, INTERVAL) == [
        "archive, downloading: 5 / 473 recordings, 50.0 MB of 285 MB, 0 B/s, ETA not known yet (last update 45 s ago)"
    ]
    finished = {"1.json": document(done=473, bytes_done=285_000_000, bytes_per_second=5e6, finished=True, elapsed_seconds=57, updated=1060.0)}
    assert watch.lines(13.0, 1060.0, finished, INTERVAL) == ["archive, downloading: 473 / 473 recordings, 285 MB of 285 MB, 5.0 MB/s, done in 57 s"]
    assert watch.lines(40.0, 1090.0, finished, INTERVAL) == []


def test_each_new_phase_gets_its_start_line_with_the_calls():
    watch = progress.Watch("localhost", "Trash and purge", started=0.0, wall_started=0.0)
    trash = document(label="retention apply", phase="trash", total=67_800, bytes_total=None, calls_total=679, phase_started=1.0)
    purge = dict(trash, phase="purge", total=120, calls_total=2, phase_started=2.0)
    assert watch.lines(1.0, 1.0, {"9.json": trash}, INTERVAL) == ["retention apply, trash: 67,800 recordings, in 679 calls"]
    assert watch.lines(2.0, 2.0, {"9.json": purge}, INTERVAL) == ["retention apply, purge: 120 recordings, in 2 calls"]


@pytest.mark.parametrize(
    "action, expected",
    [
        ("wxc.recordings.recording_archive", True),
        ("recording_trash", True),
        ("wxc.recordings.recording_retention_plan", True),
        ("wxc.recordings.recording_info", False),
        ("ansible.builtin.debug", False),
        (None, False),
    ],
)
def test_tracked(action, expected):
    assert progress.tracked(action) is expected


def test_read_documents_skips_what_is_not_a_progress_document(tmp_path):
    (tmp_path / "1.json").write_text(json.dumps({"done": 1}))
    (tmp_path / "2.json").write_text("{not json")
    (tmp_path / "2.json.part").write_text("{}")
    (tmp_path / "3.json").write_text("[1, 2]")
    assert progress.read_documents(str(tmp_path)) == {"1.json": {"done": 1}}
    assert progress.read_documents(str(tmp_path / "gone")) == {}
