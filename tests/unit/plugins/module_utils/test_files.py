"""The file layer: atomic writes with an explicit mode, streaming JSON lines, parse_mode, folders."""

import hashlib
import json
import os
import stat

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._files import (
    DEFAULT_MODE,
    AtomicFile,
    JsonLinesFile,
    make_dirs,
    parse_mode,
    part_path,
    read_json_lines,
    same_content,
    write_bytes,
    write_json,
    write_text,
)


@pytest.fixture
def open_umask():
    """The most permissive umask a host may have: what the files get must not depend on it."""
    old = os.umask(0o000)
    yield
    os.umask(old)


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


# ---------------------------------------------------------------------- parse_mode


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, 0o600),
        (420, 0o644),  # unquoted YAML 1.1 `mode: 0644` arrives as the int 420
        (384, 0o600),  # unquoted `mode: 0600`
        (0o750, 0o750),
        ("0644", 0o644),
        ("644", 0o644),
        ("0o640", 0o640),
        (" 0600 ", 0o600),
        ("0O600", 0o600),
        ("07777", 0o7777),
    ],
)
def test_parse_mode_reads_ints_as_modes_and_strings_as_octal(value, expected):
    assert parse_mode(value, 0o600) == expected


@pytest.mark.parametrize("value", ["rw-------", "0800", "99999", "", "0x1ff", True, -1, 0o10000, 1.5])
def test_parse_mode_refuses_what_is_not_a_mode_and_names_the_option(value):
    with pytest.raises(OptionError) as caught:
        parse_mode(value, 0o600, option="directory_mode")
    assert caught.value.option == "directory_mode"
    assert caught.value.message.startswith("directory_mode: ")


def test_the_default_mode_is_0600():
    assert DEFAULT_MODE == 0o600 and parse_mode(None) == 0o600


# ---------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize(
    "write, content",
    [
        (lambda path: write_bytes(path, b"\x00\xff"), b"\x00\xff"),
        (lambda path: write_text(path, "caf\u00e9\n"), "caf\u00e9\n".encode("utf-8")),
        (lambda path: write_json(path, {"b": 1, "a": ["\u00e9"]}), b'{\n  "a": [\n    "\\u00e9"\n  ],\n  "b": 1\n}\n'),
    ],
)
def test_every_writer_gives_0600_whatever_the_umask_and_returns_size_and_sha256(tmp_path, open_umask, write, content):
    path = str(tmp_path / "out")
    assert write(path) == (len(content), hashlib.sha256(content).hexdigest())
    assert mode_of(path) == 0o600
    with open(path, "rb") as handle:
        assert handle.read() == content
    assert os.listdir(str(tmp_path)) == ["out"]


def test_an_explicit_mode_is_set_exactly(tmp_path):
    path = str(tmp_path / "out")
    old = os.umask(0o077)
    try:
        write_text(path, "x", mode=0o644)
    finally:
        os.umask(old)
    assert mode_of(path) == 0o644


def test_json_lines_file_default_mode_is_0600_and_it_appears_only_on_commit(tmp_path, open_umask):
    path = str(tmp_path / "results.jsonl")
    output = JsonLinesFile(path)
    output.write({"id": "b", "topic": "t"})
    output.write({"id": "a"})
    assert not os.path.exists(path), "the file appeared before it was complete"
    output.commit()
    assert mode_of(path) == 0o600
    assert list(read_json_lines(path)) == [{"id": "b", "topic": "t"}, {"id": "a"}]
    assert os.listdir(str(tmp_path)) == ["results.jsonl"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part(tmp_path):
    path = str(tmp_path / "results.jsonl")
    write_text(path, "old\n")
    output = JsonLinesFile(path)
    output.write({"id": "a"})
    with pytest.raises(TypeError):
        output.write({"not json": object()})
    with open(path) as handle:
        assert handle.read() == "old\n"
    assert os.listdir(str(tmp_path)) == ["results.jsonl"]


def test_the_context_manager_commits_on_success_and_discards_on_error(tmp_path):
    good, bad = str(tmp_path / "good"), str(tmp_path / "bad")
    with AtomicFile(good, text=True) as output:
        output.write("done")
    with pytest.raises(RuntimeError):
        with AtomicFile(bad) as output:
            output.write(b"half")
            raise RuntimeError("interrupted")
    assert sorted(os.listdir(str(tmp_path))) == ["good"]


def test_text_and_bytes_are_not_mixed(tmp_path):
    with pytest.raises(TypeError):
        write_bytes(str(tmp_path / "b"), "text")
    with pytest.raises(TypeError):
        write_text(str(tmp_path / "t"), b"bytes")
    assert os.listdir(str(tmp_path)) == []


def test_a_symlink_planted_as_the_part_file_is_not_followed(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep")
    os.symlink(str(victim), part_path(str(tmp_path / "report.json")))
    with pytest.raises(OSError):
        write_json(str(tmp_path / "report.json"), {"a": 1})
    assert victim.read_text() == "keep"


def test_a_stale_part_from_a_killed_run_is_replaced(tmp_path):
    path = str(tmp_path / "plan.json")
    with open(part_path(path), "w") as handle:
        handle.write("half written by a killed run")
    write_json(path, {"a": 1})
    with open(path) as handle:
        assert json.load(handle) == {"a": 1}
    assert os.listdir(str(tmp_path)) == ["plan.json"]


def test_same_content(tmp_path):
    path = str(tmp_path / "f")
    assert not same_content(path, b"x")
    write_bytes(path, b"x")
    assert same_content(path, b"x") and not same_content(path, b"y") and not same_content(path, b"xx")


# ---------------------------------------------------------------------- folders


def test_make_dirs_sets_the_mode_of_each_new_folder_only(tmp_path, open_umask):
    existing = tmp_path / "dest"
    existing.mkdir(mode=0o755)
    os.chmod(str(existing), 0o755)
    path = make_dirs(str(existing), ["a", "b"], mode=0o700)
    assert path == os.path.join(str(existing), "a", "b")
    assert (mode_of(str(existing)), mode_of(str(existing / "a")), mode_of(path)) == (0o755, 0o700, 0o700)
    assert make_dirs(str(existing), ["a", "b"], mode=0o700) == path  # a second time: nothing to do
