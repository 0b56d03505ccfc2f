"""The archive's pure parts: path templates, sanitizing, modes, manifest merge and the skip-if-verified decisions."""

import csv
import hashlib
import io
import json
import os
import stat
from datetime import timezone

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._archive_paths import (
    DEFAULT_PATH_TEMPLATE,
    artefact_suffix,
    get_timezone,
    render_path,
    safe_relative,
    sanitize,
    validate_template,
)
from ansible_collections.wxc.recordings.plugins.module_utils._archive_plan import available_kinds, plan_files
from ansible_collections.wxc.recordings.plugins.module_utils._errors import ArchiveError, OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import check_file, parse_mode, part_path, write_bytes
from ansible_collections.wxc.recordings.plugins.module_utils._manifest import (
    empty_manifest,
    load_manifest,
    local_state,
    manifest_csv,
    manifest_document,
    merge_manifest,
    write_manifest,
)

REC = {
    "id": "ea0efc7c-f83a-4972-b0eb-c0f30cff5e61",
    "topic": "Call with TestUser6 WebexCRP-20241004 1624",
    "createTime": "2026-01-01T23:30:00Z",
    "ownerId": "a6aad220-e520-4529-a191-e84a72c0c9c2",
    "ownerType": "user",
    "ownerEmail": "alice+calls@example.com",
    "format": "MP3",
    "sizeBytes": 74222,
}


def sha(data):
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------- sanitizing and templates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("plain", "plain"),
        ("a/b\\c", "a_b_c"),
        ('what: *now*? "x" <y> |z|', "what_ _now__ _x_ _y_ _z_"),
        ("tab\tnew\nline", "tab new line"),
        ("  ..hidden.. ", "hidden"),
        ("..", "_"),
        ("", "_"),
        (None, "_"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Caf\u0065\u0301", "Caf\u00e9"),  # NFC: one code point, as macOS and Linux then agree
    ],
)
def test_sanitize_makes_any_value_a_safe_name(value, expected):
    assert sanitize(value) == expected


def test_sanitize_cuts_long_values_at_a_character_boundary():
    text = "\u00e9" * 80  # 160 bytes in UTF-8
    cut = sanitize(text, max_bytes=101)
    assert len(cut.encode("utf-8")) <= 101
    assert cut == "\u00e9" * 50


def test_default_template_layout():
    assert render_path(DEFAULT_PATH_TEMPLATE, REC, timezone.utc) == "alice+calls@example.com/2026/01/2026-01-01_ea0efc7c-f83a-4972-b0eb-c0f30cff5e61"


def test_dates_follow_the_timezone_option():
    berlin = get_timezone("Europe/Berlin")
    path = render_path("{year}/{month}/{day}/{date}_{time}_{id}", REC, berlin)
    assert path == "2026/01/02/2026-01-02_003000_" + REC["id"]


def test_topic_and_owner_fields_cannot_escape_dest():
    rec = dict(REC, topic="../../etc/passwd", ownerEmail="../..")
    path = render_path("{owner_email}/{topic}_{id}", rec, timezone.utc)
    assert path == "_/_.._etc_passwd_" + REC["id"]
    assert safe_relative(path) == path


@pytest.mark.parametrize(
    "template, message",
    [
        ("{owner_email}/{date}", "must contain {id}"),
        ("/abs/{id}", "relative"),
        ("C:/x/{id}", "relative"),
        ("a\\{id}", "'/'"),
        ("{owner}/{id}", "unknown"),
        ("{id.__class__}", "unknown"),
        ("{id!r}", "conversion"),
        ("{id:>40}", "format spec"),
        ("a//{id}", "empty"),
        ("../{id}", "'..'"),
        ("{id", "not valid"),
        ("", "empty"),
    ],
)
def test_bad_templates_are_refused_before_any_request(template, message):
    with pytest.raises(OptionError, match=message.replace("{", r"\{").replace("}", r"\}").replace("(", r"\(")) as caught:
        validate_template(template)
    assert caught.value.option == "path_template"


def test_unknown_timezone_is_refused():
    with pytest.raises(OptionError, match="unknown time zone") as caught:
        get_timezone("Mars/Olympus")
    assert caught.value.option == "timezone"
    assert get_timezone("UTC") is timezone.utc


def test_suffixes():
    assert artefact_suffix("audio", REC) == ".mp3"
    assert artefact_suffix("transcript", REC) == ".transcript.vtt"
    assert artefact_suffix("suggested_notes", REC) == ".suggested_notes.html"
    assert artefact_suffix("metadata", REC) == ".metadata.json"


@pytest.mark.parametrize("value, expected", [(None, 0o600), ("0600", 0o600), ("600", 0o600), ("0o640", 0o640), (0o750, 0o750), (384, 0o600)])
def test_parse_mode(value, expected):
    assert parse_mode(value, 0o600) == expected


@pytest.mark.parametrize("value", ["rw-", "0800", "99999", True])
def test_parse_mode_refuses_non_octal(value):
    with pytest.raises(OptionError):
        parse_mode(value, 0o600)


@pytest.mark.parametrize("path", ["/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b", "manifest.json", "", None, 5])
def test_safe_relative_refuses_paths_outside_dest(path):
    assert safe_relative(path) is None


# ---------------------------------------------------------------------- manifest


def row(recording_id, kind, path, data, archived_at="2026-01-02T00:00:00.000Z"):
    return {
        "recording_id": recording_id,
        "owner_email": "alice@example.com",
        "create_time": "2026-01-01T23:30:00Z",
        "kind": kind,
        "file": path,
        "bytes": len(data),
        "sha256": sha(data),
        "archived_at": archived_at,
    }


def entry(recording_id, artefacts=("audio",), complete=True):
    return {"id": recording_id, "owner_email": "alice@example.com", "create_time": "2026-01-01T23:30:00Z", "artefacts": list(artefacts), "complete": complete}


def test_merge_keeps_other_recordings_and_replaces_rows_kind_by_kind():
    old = merge_manifest(
        empty_manifest(),
        [
            {"entry": entry("r1", ("audio", "transcript")), "rows": [row("r1", "audio", "a/r1.mp3", b"old"), row("r1", "transcript", "a/r1.vtt", b"t")]},
            {"entry": entry("r2"), "rows": [row("r2", "audio", "a/r2.mp3", b"two")]},
        ],
    )
    new = merge_manifest(old, [{"entry": entry("r1", ("audio", "transcript")), "rows": [row("r1", "audio", "a/r1.mp3", b"new")]}])
    assert new["files"][("r1", "audio")]["sha256"] == sha(b"new")
    assert new["files"][("r1", "transcript")]["sha256"] == sha(b"t")  # untouched kind stays
    assert ("r2", "audio") in new["files"]  # another run's recording stays
    assert old["files"][("r1", "audio")]["sha256"] == sha(b"old")  # merge does not mutate its input


def test_manifest_round_trip_json_and_csv(tmp_path):
    manifest = merge_manifest(
        empty_manifest(),
        [{"entry": entry("r1", ("audio",)), "rows": [row("r1", "audio", "b/r1.mp3", b"x"), row("r1", "metadata", "b/r1.metadata.json", b"{}")]}],
    )
    write_manifest(str(tmp_path), manifest, 0o600)
    assert stat.S_IMODE(os.stat(str(tmp_path / "manifest.json")).st_mode) == 0o600
    loaded = load_manifest(str(tmp_path))
    assert manifest_document(loaded) == manifest_document(manifest)
    document = json.loads((tmp_path / "manifest.json").read_text())
    assert [r["file"] for r in document["files"]] == ["b/r1.metadata.json", "b/r1.mp3"]
    assert document["recordings"]["r1"]["complete"] is True
    rows = list(csv.DictReader(io.StringIO((tmp_path / "manifest.csv").read_text())))
    assert rows[1] == {
        "recording_id": "r1",
        "owner_email": "alice@example.com",
        "create_time": "2026-01-01T23:30:00Z",
        "kind": "audio",
        "file": "b/r1.mp3",
        "bytes": "1",
        "sha256": sha(b"x"),
        "archived_at": "2026-01-02T00:00:00.000Z",
    }
    assert manifest_csv(manifest).splitlines()[0] == "recording_id,owner_email,create_time,kind,file,bytes,sha256,archived_at"


def test_manifest_rows_pointing_outside_dest_are_dropped(tmp_path):
    document = {"recordings": {}, "files": [row("r1", "audio", "../../etc/passwd", b"x"), row("r2", "audio", "ok/r2.mp3", b"x"), {"kind": "audio"}]}
    (tmp_path / "manifest.json").write_text(json.dumps(document))
    assert list(load_manifest(str(tmp_path))["files"]) == [("r2", "audio")]


def test_unreadable_manifest_is_an_error_not_an_empty_archive(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ArchiveError, match="cannot read the archive manifest"):
        load_manifest(str(tmp_path))
    (tmp_path / "manifest.json").write_text("[]")
    with pytest.raises(ArchiveError, match="not a wxc.recordings archive manifest"):
        load_manifest(str(tmp_path))


def test_missing_manifest_is_empty(tmp_path):
    assert load_manifest(str(tmp_path / "nothing-here")) == empty_manifest()


# ---------------------------------------------------------------------- skip-if-verified decisions


def put(tmp_path, relative, data):
    path = tmp_path.joinpath(*relative.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def test_check_file_states(tmp_path):
    path = put(tmp_path, "f", b"hello")
    assert check_file(path, 5, sha(b"hello")) == "verified"
    assert check_file(path, 4, sha(b"hell")) == "mismatch"  # size differs: not even hashed
    assert check_file(path, 5, sha(b"jello")) == "mismatch"  # same size, other content
    assert check_file(str(tmp_path / "absent"), 5, sha(b"hello")) == "missing"
    assert check_file(path, None, None) == "mismatch"


def archive_with(tmp_path, files):
    rows = [row("r1", kind, path, data) for kind, path, data in files]
    return merge_manifest(empty_manifest(), [{"entry": entry("r1", ("audio", "transcript")), "rows": rows}])


def test_a_recording_whose_files_all_verify_is_complete(tmp_path):
    put(tmp_path, "a/r1.mp3", b"audio")
    put(tmp_path, "a/r1.transcript.vtt", b"vtt")
    put(tmp_path, "a/r1.metadata.json", b"{}")
    manifest = archive_with(
        tmp_path, [("audio", "a/r1.mp3", b"audio"), ("transcript", "a/r1.transcript.vtt", b"vtt"), ("metadata", "a/r1.metadata.json", b"{}")]
    )
    complete, states = local_state(str(tmp_path), manifest, "r1")
    assert complete
    assert set(k for k, (_r, s) in states.items() if s == "verified") == {"audio", "transcript", "metadata"}


def test_a_truncated_file_makes_the_recording_incomplete_and_only_it_is_planned(tmp_path):
    put(tmp_path, "a/r1.mp3", b"aud")  # truncated
    put(tmp_path, "a/r1.transcript.vtt", b"vtt")
    put(tmp_path, "a/r1.metadata.json", b"{}")
    manifest = archive_with(
        tmp_path, [("audio", "a/r1.mp3", b"audio"), ("transcript", "a/r1.transcript.vtt", b"vtt"), ("metadata", "a/r1.metadata.json", b"{}")]
    )
    complete, states = local_state(str(tmp_path), manifest, "r1")
    assert not complete
    planned = plan_files(dict(REC, id="r1"), "new/base", ["audio", "transcript"], states)
    by_kind = dict((f["kind"], f) for f in planned)
    assert by_kind["audio"]["outcome"] == "would_download"
    assert by_kind["audio"]["path"] == "a/r1.mp3"  # fetched again where the manifest has it
    assert by_kind["audio"]["replaces"] is True
    assert by_kind["audio"]["bytes"] == REC["sizeBytes"]
    assert by_kind["transcript"]["outcome"] == "verified"
    assert by_kind["metadata"]["outcome"] == "verified"


def test_a_recording_listed_incomplete_is_never_complete_even_if_its_files_verify(tmp_path):
    put(tmp_path, "a/r1.mp3", b"audio")
    put(tmp_path, "a/r1.metadata.json", b"{}")
    manifest = merge_manifest(
        empty_manifest(),
        [
            {
                "entry": entry("r1", ("audio", "transcript"), complete=False),
                "rows": [row("r1", "audio", "a/r1.mp3", b"audio"), row("r1", "metadata", "a/r1.metadata.json", b"{}")],
            }
        ],
    )
    complete, _states = local_state(str(tmp_path), manifest, "r1")
    assert not complete


def test_new_artefacts_go_under_the_template_path(tmp_path):
    planned = plan_files(REC, "x/base", ["audio", "suggested_notes"], {})
    assert [(f["kind"], f["path"], f["bytes"]) for f in planned] == [
        ("audio", "x/base.mp3", 74222),
        ("suggested_notes", "x/base.suggested_notes.html", None),
        ("metadata", "x/base.metadata.json", None),
    ]


def test_available_kinds_follow_the_links():
    details = {"temporaryDirectDownloadLinks": {"audioDownloadLink": "u1", "shortNotesDownloadLink": "u2", "expiration": "x"}}
    assert available_kinds(details) == ["audio", "short_notes"]
    assert available_kinds({}) == []


# ---------------------------------------------------------------------- .part handling


def test_write_bytes_sets_mode_whatever_the_umask_and_leaves_no_part(tmp_path):
    target = str(tmp_path / "f.json")
    old = os.umask(0o077)
    try:
        size, digest = write_bytes(target, b"{}", 0o640)
    finally:
        os.umask(old)
    assert (size, digest) == (2, sha(b"{}"))
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert not os.path.exists(part_path(target))


def test_write_bytes_failure_removes_the_part_and_keeps_the_old_file(tmp_path):
    target = str(tmp_path / "f.json")
    with open(target, "wb") as handle:
        handle.write(b"old")
    with pytest.raises(TypeError):
        write_bytes(target, "not bytes", 0o600)
    assert not os.path.exists(part_path(target))
    with open(target, "rb") as handle:
        assert handle.read() == b"old"
