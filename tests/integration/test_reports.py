"""The roles' HTML reports, rendered by headless Chromium: the page is not blank and shows the JSON's numbers.

Three reports from real playbook runs against a generated organisation: the storage report (no action, every chart),
an offboarding dry run (planned actions) and the offboarding itself (actions, quota gauges before and after).
Chromium renders each one twice: a screenshot, decoded here and checked for content, and ``--dump-dom``, whose
``data-metric`` elements must show exactly the numbers of the report's JSON file, and whose words must say what each
figure counts and whether it was done or is planned. The playbooks' own output is checked too: summaries as lists of
lines for people.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html import unescape
from html.parser import HTMLParser

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._report_text import human_bytes, human_int
from webex_sim.testing import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
LEAVER = "user002@example.com"


def chromium_path():
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("headless Chromium is needed to check the HTML reports: apt-get install -y chromium (or set CHROMIUM)")
    return path


def run_playbook(name, sim, work, extra_vars, check=False):
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "WEBEX_API_URL": sim.base_url,
            "WEBEX_ACCESS_TOKEN": "sim-admin-token",
            "WEBEX_ADMIN_TOKEN": "sim-admin-token",
            "WEBEX_COMPLIANCE_TOKEN": "sim-compliance-token",
            "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        }
    )
    extra_vars = dict(extra_vars, ansible_python_interpreter=sys.executable)
    command = ["ansible-playbook", "-i", "localhost,", os.path.join(ROOT, "playbooks", name), "-e", json.dumps(extra_vars)]
    if check:
        command.append("--check")
    proc = subprocess.run(command, env=env, cwd=work, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    return proc.stdout


OUTPUT = {}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """``{name: (json_path, html_path)}`` of the reports the playbooks wrote (their output in ``OUTPUT``)."""
    work = str(tmp_path_factory.mktemp("reports"))
    offboarding_vars = {
        "offboarding_leaver_email": LEAVER,
        "offboarding_action": "archive_and_trash",
        "offboarding_archive_dest": os.path.join(work, "archive"),
        "offboarding_report_dir": work,
        "offboarding_fail_on_unarchived": False,
        "offboarding_quota_gb": 0.05,
    }
    with SimulatorProcess("--generate", "1500", "--seed", "3", "--owners", "30", "--days", "365") as sim:
        OUTPUT["storage"] = run_playbook(
            "storage_report.yml",
            sim,
            work,
            {"storage_report_dir": work, "storage_report_name": "storage", "storage_report_quota_gb": 1.0, "storage_report_target_gb": 0.8},
        )
        OUTPUT["offboarding_dry_run"] = run_playbook("offboard_user.yml", sim, work, offboarding_vars, check=True)
        OUTPUT["offboarding"] = run_playbook("offboard_user.yml", sim, work, offboarding_vars)
    offboarding = sorted(name for name in os.listdir(work) if name.startswith("offboarding-") and name.endswith("Z.json"))
    dry_run = sorted(name for name in os.listdir(work) if name.startswith("offboarding-") and name.endswith("-dry-run.json"))
    assert len(offboarding) == 1 and len(dry_run) == 1, os.listdir(work)
    found = {"storage": "storage", "offboarding": offboarding[0][: -len(".json")], "offboarding_dry_run": dry_run[0][: -len(".json")]}
    return dict((key, (os.path.join(work, base + ".json"), os.path.join(work, base + ".html"))) for key, base in found.items())


# ---------------------------------------------------------------------------------------------- Chromium


def render(html_path, tmp_path):
    """Screenshot (PNG bytes) and DOM (text) of the page, as Chromium renders it."""
    chromium = chromium_path()
    png = str(tmp_path / "page.png")
    base = [chromium] + CHROMIUM_FLAGS
    url = "file://" + html_path
    shot = subprocess.run(
        base + ["--user-data-dir=" + str(tmp_path / "profile-shot"), "--screenshot=" + png, "--window-size=1280,2000", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert os.path.exists(png), shot.stderr[-3000:]
    dom = subprocess.run(
        base + ["--user-data-dir=" + str(tmp_path / "profile-dom"), "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0 and "</html>" in dom.stdout, dom.stderr[-3000:]
    with open(png, "rb") as handle:
        return handle.read(), dom.stdout


def png_pixels(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG, with the standard filters undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _compression, _filter, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[x] = (line[x] + predictor) & 0xFF
        rows.append([tuple(line[x : x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


class Metrics(HTMLParser):
    """Every element with ``data-metric``: its path, raw value and the text it shows."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.found = []
        self._open = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-metric" in attrs:
            self._open.append([tag, attrs["data-metric"], attrs.get("data-value"), ""])

    def handle_data(self, data):
        for item in self._open:
            item[3] += data

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _tag, path, value, text = self._open.pop()
            self.found.append((path, value, text.strip()))


def json_value(document, path):
    value = document
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def shown_forms(value):
    """The ways a number may be written on the page."""
    forms = {str(value)}
    if isinstance(value, bool):
        return {str(value), str(value).lower()}
    if isinstance(value, int):
        forms.update((human_int(value), human_bytes(value)))
    if isinstance(value, float):
        forms.add("%s%%" % value)
    return forms


# ---------------------------------------------------------------------------------------------- tests


def has_colour(pixels, colour):
    red, green, blue = int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    return any(abs(r - red) < 8 and abs(g - green) < 8 and abs(b - blue) < 8 for r, g, b in pixels)


@pytest.mark.parametrize("name", ["storage", "offboarding", "offboarding_dry_run"])
def test_screenshot_is_not_blank(reports, name, tmp_path):
    png, _dom = render(reports[name][1], tmp_path)
    width, height, rows = png_pixels(png)
    assert (width, height) == (1280, 2000)
    pixels = [pixel for row in rows[::4] for pixel in row[::4]]
    not_white = [pixel for pixel in pixels if pixel != (255, 255, 255) and pixel != (250, 250, 250)]
    assert len(not_white) > 0.05 * len(pixels), "the page looks blank"
    assert len(set(pixels)) > 20, "the page has almost no colours: charts did not render"
    if name == "offboarding":
        # After the offboarding the leaver's storage is in the recycle bin (#78909c), not available (#1565c0): the
        # "storage by owner" bar must not read as if it still counted against the quota.
        assert has_colour(pixels, "#78909c"), "no recycle-bin bar on screen"
    else:
        # The bars of "storage by owner" (available, counting against the quota) are #1565c0.
        assert has_colour(pixels, "#1565c0"), "no chart bar on screen"


@pytest.mark.parametrize("name", ["storage", "offboarding"])
def test_numbers_shown_are_the_json_numbers(reports, name, tmp_path):
    json_path, html_path = reports[name]
    with open(json_path) as handle:
        document = json.load(handle)
    _png, dom = render(html_path, tmp_path)
    parser = Metrics()
    parser.feed(dom)
    found = dict((path, (value, text)) for path, value, text in parser.found)
    required = [
        "storage.available_count",
        "storage.available_bytes",
        "storage.quota_bytes",
        "storage.used_percent",
        "recycle_bin.count",
        "recycle_bin.bytes",
        "totals.owners",
        "actions.count",
        "by_owner.0.bytes",
        "by_location.0.bytes",
        "age_histogram.0.count",
        "by_month.0.bytes",
    ]
    if name == "offboarding":
        required += ["storage.after.used_percent", "actions.by_action.trash.changed", "facts.leaver"]
    else:
        required += ["oldest.0.size_bytes", "storage.target_bytes"]
    missing = [path for path in required if path not in found]
    assert not missing, "not rendered: %s" % missing
    checked = 0
    for path, (value, text) in found.items():
        if path == "generated":
            continue
        expected = json_value(document, path)
        if isinstance(expected, (dict, list)):
            expected = json.dumps(expected, sort_keys=True)
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            assert value == str(expected), "%s: data-value %s, JSON %s" % (path, value, expected)
            assert text in shown_forms(expected), "%s: shows %r, JSON %r" % (path, text, expected)
            checked += 1
    assert checked >= len(required) - 1
    assert document["storage"]["available_count"] > 0


def test_offboarding_report_is_consistent(reports):
    with open(reports["offboarding"][0]) as handle:
        document = json.load(handle)
    trash = document["actions"]["by_action"]["trash"]
    archive = document["actions"]["by_action"]["archive"]
    assert trash["changed"] == archive["changed"] > 0
    assert trash.get("refused", 0) == archive.get("skipped", 0) + archive.get("failed", 0)
    assert document["storage"]["after"]["available_count"] == trash.get("refused", 0)
    assert document["facts"]["leaver"] == LEAVER


def visible_text(dom):
    """The page's words as Chromium rendered them, tags removed, spaces collapsed."""
    text = re.sub(r"<style.*?</style>", " ", dom, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_reports_say_what_each_figure_counts_and_whether_it_was_done(reports, tmp_path):
    texts = {}
    for name in ("storage", "offboarding", "offboarding_dry_run"):
        (tmp_path / name).mkdir()
        _png, dom = render(reports[name][1], tmp_path / name)
        texts[name] = visible_text(dom)
    for text in texts.values():
        assert "Counts available recordings only (status available)" in text
        assert "TOTAL STORED (AVAILABLE + RECYCLE BIN)" in text.upper()
        assert "Available (counts against the quota)" in text
    dry, real = texts["offboarding_dry_run"], texts["offboarding"]
    assert "Planned actions" in dry and "Actions taken" not in dry
    assert "after, if run for real" in dry and "would trash" in dry.lower()
    assert "Actions taken" in real and "Planned actions" not in real
    assert "available: counts against the quota after this run" in real
    # No snake_case fact names on the page.
    assert "Recordings found" in real and "recordings_found" not in real
    with open(reports["offboarding"][0]) as handle:
        document = json.load(handle)
    leaver = [owner for owner in document["by_owner"] if owner["owner"] == LEAVER][0]
    assert leaver["available_bytes"] > 0
    assert leaver["after_available_bytes"] == sum(row["size_bytes"] for row in document["rows"] if row["action"] == "trash" and row["outcome"] == "refused")
    assert leaver["after_deleted_bytes"] >= leaver["available_bytes"] - leaver["after_available_bytes"]


def debug_messages(output, task):
    """The ``msg`` of a debug task in the default callback's output: a list of lines, or a string."""
    match = re.search(r"TASK \[[^\]]*%s\][^\n]*\n(ok: \[localhost\] => (\{.*?\n\}))" % re.escape(task), output, re.S)
    assert match, "no output of %r in:\n%s" % (task, output[-4000:])
    return json.loads(match.group(2))["msg"]


# A line for people: no Python repr, no number of 4 digits or more without separators; no snake_case name before the
# ": " (a value may be a setting as the user typed it, such as archive_and_trash).
NOT_FOR_PEOPLE = re.compile(r"[{}]|'\w+':|(?<![\d.,/-])\d{4,}(?![\d-])")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize(
    "name, task, first, wanted",
    [
        ("storage", "Show the summary and where the report is", "Webex Calling recordings storage", "Storage: "),
        ("offboarding", "Show the summary and where the report is", "Offboarding of " + LEAVER, "Trash: trashed "),
        ("offboarding", "Say what the run is about to do", "Next: archive ", "Next: trash "),
        ("offboarding_dry_run", "Show the summary and where the report is", "Offboarding of " + LEAVER + " - DRY RUN", "Trash: would trash "),
        ("offboarding_dry_run", "Say what the run is about to do", "Would archive ", "Would trash "),
    ],
)
def test_role_output_is_lines_for_people(reports, name, task, first, wanted):
    lines = debug_messages(OUTPUT[name], task)
    assert isinstance(lines, list) and all(isinstance(line, str) and "\n" not in line for line in lines), lines
    assert lines[0].startswith(first), lines
    assert any(line.startswith(wanted) for line in lines), lines
    for line in lines:
        if line.startswith(("Report: ", "Journal: ", "Archive dir: ", "Tracking ids: ")):
            continue  # paths are paths, and Webex tracking ids are identifiers (WXCREC_1954...), not numbers
        assert not NOT_FOR_PEOPLE.search(line), line
        assert not SNAKE.search(line.partition(": ")[0]), line
    if name == "offboarding_dry_run":
        # Past tense: "trashed 78 recordings", "Not archived: 1", "were kept".
        assert not re.search(r"\b(trashed|archived|reassigned) \d|Not archived|were kept|Nothing was done", " ".join(lines)), lines
