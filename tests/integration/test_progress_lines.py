"""Progress of long steps while they run: the modules' progress files and the wxc.recordings.progress callback.

One simulator serves each audio download at 300 kB/s (``--download-rate``) and answers after 300 ms, so archiving one
3 MB recording takes about ten seconds; another answers every request after 2.5 s, so the trash of 250 recordings
(three calls) lasts longer than the callback's one-second poll. ``ansible-playbook`` runs with the callback enabled
next to the default stdout callback, every line timestamped as it arrives.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest

from tests.integration.conftest import FIXTURE, HERE, playbook_env
from webex_sim.testing import SimulatorProcess

RATE = 300_000
INTERVAL = 3  # WXC_PROGRESS_INTERVAL for this run (default 10): a short test, the same rule
UNIT = r"[\d.]+ (?:B|kB|MB|GB)"
DURATION = r"(?:\d+ min \d+ s|\d+ s)"
PROGRESS = re.compile(
    r"^archive, downloading: (?P<done>[\d,]+) / 3 recordings, (?P<bytes>%s) of (?P<total>%s), (?P<rate>%s)/s, ETA (?P<eta>%s|not known yet)$"
    % (UNIT, UNIT, UNIT, DURATION)
)


@pytest.fixture(scope="module")
def slow_sim():
    with SimulatorProcess("--fixture", FIXTURE, "--download-rate", str(RATE), "--latency-ms", "300") as simulator:
        yield simulator


@pytest.fixture(scope="module")
def slow_api_sim():
    # Every call takes 2.5 s: the three trash calls (sent side by side) outlast the callback's one-second poll twice over.
    with SimulatorProcess("--fixture", FIXTURE, "--latency-ms", "2500") as simulator:
        yield simulator


def to_bytes(text):
    number, unit = text.split()
    return float(number) * {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[unit]


def run_watched(sim, tmp_path, extra_vars):
    env = playbook_env(sim, token="sim-admin-token")
    env.update(
        ANSIBLE_CALLBACKS_ENABLED="record_results,wxc.recordings.progress",
        WXC_PROGRESS_INTERVAL=str(INTERVAL),
        WXC_RESULTS_FILE=str(tmp_path / "results.json"),
        PYTHONUNBUFFERED="1",
    )
    variables = {"sim_api_url": sim.base_url, "work_dir": str(tmp_path), "dest": str(tmp_path / "archive")}
    variables.update(extra_vars)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local"]
    command += ["-e", json.dumps(variables), os.path.join(HERE, "targets", "progress.yml")]
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(tmp_path))
    lines, errors = [], []
    reader = threading.Thread(target=lambda: errors.extend(process.stderr))
    reader.start()
    for line in process.stdout:
        lines.append((time.monotonic() - started, line.rstrip("\n")))
    process.wait(timeout=300)
    reader.join()
    assert os.path.exists(str(tmp_path / "results.json")), "\n".join(line for _t, line in lines) + "".join(errors)
    with open(str(tmp_path / "results.json")) as handle:
        results = json.load(handle)
    return process.returncode, lines, "".join(errors), results


def test_a_slow_archive_prints_its_progress_while_it_runs(slow_sim, tmp_path):
    available = [r for r in slow_sim.recordings() if r["status"] == "available" and not r["_sim"]["preventDownload"]]
    plain = sorted((r for r in available if not r["_sim"]["transcript"]), key=lambda r: r["sizeBytes"])
    large = min((r for r in plain if r["sizeBytes"] >= 2_800_000), key=lambda r: r["sizeBytes"])
    ids = [plain[0]["id"], large["id"], plain[1]["id"]]
    total = sum(r["sizeBytes"] for r in (plain[0], large, plain[1]))
    rc, lines, errors, results = run_watched(slow_sim, tmp_path, {"archive_ids": ids})
    text = "\n".join(line for _t, line in lines)
    assert rc == 0, text + errors

    # Before the downloads: what the step is about to do, with the bytes.
    starts = [(t, line) for t, line in lines if line.startswith("archive, downloading: 3 recordings, ")]
    assert len(starts) == 1, text
    assert to_bytes(starts[0][1].rsplit(", ", 1)[1]) == pytest.approx(total, rel=0.05)

    progress = [(t, PROGRESS.match(line)) for t, line in lines if PROGRESS.match(line)]
    assert len(progress) >= 2, text
    sent = [to_bytes(match.group("bytes")) for _t, match in progress]
    assert sent == sorted(sent) and sent[-1] > sent[0], text  # the bytes grow ...
    done = [int(match.group("done").replace(",", "")) for _t, match in progress]
    assert done == sorted(done)
    # ... also while one large recording streams: two lines with the same count of finished recordings, more bytes.
    assert any(d1 == d2 and b2 > b1 for (d1, b1), (d2, b2) in zip(zip(done, sent), zip(done[1:], sent[1:]))), text
    assert all(to_bytes(match.group("total")) == pytest.approx(total, rel=0.05) for _t, match in progress)
    # The rate is the simulator's (a single download at a time), and an ETA is given once a rate is known.
    assert any(0.5 * RATE <= to_bytes(match.group("rate")) <= 1.5 * RATE for _t, match in progress), text
    assert any(match.group("eta") != "not known yet" for _t, match in progress), text

    # Never silent for longer than the interval (plus the poll and a margin) while the archive runs.
    watched = [t for t, line in lines if line.startswith("archive, ")]
    gaps = [later - earlier for earlier, later in zip(watched, watched[1:])]
    assert watched[-1] - watched[0] >= 2 * INTERVAL, text
    assert max(gaps) <= INTERVAL + 2.0, (gaps, text)

    # The end, once, after the last progress line: everything, and how long it took.
    ends = [line for _t, line in lines if line.startswith("archive, downloading: 3 / 3 recordings") and " done in " in line]
    assert len(ends) == 1, text

    # The module's own progress_file holds the same, finished.
    with open(str(tmp_path / "archive-progress.json")) as handle:
        document = json.load(handle)
    assert document["finished"] is True and document["done"] == document["total"] == 3
    assert document["bytes_done"] == document["bytes_total"] == total
    assert document["phase"] == "downloading" and document["format"] == "wxc.recordings.progress/1"
    assert oct(os.stat(str(tmp_path / "archive-progress.json")).st_mode & 0o777) == "0o600"
    archive = [entry for entry in results if entry["task"].startswith("Archive")][0]["result"]
    assert archive["archived_count"] == 3


def test_trash_says_how_many_calls_before_it_sends_them(slow_api_sim, tmp_path):
    available = [r["id"] for r in slow_api_sim.recordings() if r["status"] == "available"][:250]
    rc, lines, errors, results = run_watched(slow_api_sim, tmp_path, {"archive_ids": [], "trash_ids": available})
    text = "\n".join(line for _t, line in lines)
    assert rc == 0, text + errors
    assert "trash: 250 recordings, in 3 calls" in text, text
    assert re.search(r"^trash: 250 / 250 recordings, 3 / 3 calls, [\d.,]+ recordings/s, done in %s$" % DURATION, text, re.M), text
    with open(str(tmp_path / "trash-progress.json")) as handle:
        document = json.load(handle)
    assert (document["done"], document["total"], document["calls_done"], document["calls_total"], document["finished"]) == (250, 250, 3, 3, True)
    trash = [entry for entry in results if entry["task"].startswith("Trash")][0]["result"]
    assert trash["count"] == 250


def test_the_archive_role_says_what_it_is_about_to_download(run_playbook, sim, tmp_path):
    run = run_playbook("targets/archive_role_preview.yml")
    assert run.rc == 0, run
    selection = run.result("wxc.recordings.archive : List the selection (how many recordings, how many bytes)")
    count, size = selection["count"], selection["summary"]["total_size_bytes"]
    assert count > 0 and size > 1e6
    preview = run.result("wxc.recordings.archive : Say what the next step is about to do")["msg"]
    assert preview == "Would archive {:,} recording(s), {:.1f} MB (those already in the archive are verified, not downloaded again)".format(count, size / 1e6)
