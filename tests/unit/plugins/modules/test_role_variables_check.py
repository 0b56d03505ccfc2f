"""role_variables_check: the module's real main() (no HTTP; the harness still fails on any request)."""

import pytest

from ansible_collections.wxc.recordings.plugins.modules import role_variables_check
from tests.unit.plugins.modules.module_harness import assert_refused, run_module

SPECS = {"argument_specs": {"main": {"options": {"retention_legal_hold": {}, "retention_days": {}, "retention_dry_run": {}}}}}


def run(monkeypatch, capsys, args, **kwargs):
    full = dict(role="wxc.recordings.retention", prefix="retention_", argument_specs=SPECS)
    full.update(args)
    return run_module(monkeypatch, capsys, role_variables_check, full, connection=False, **kwargs)


@pytest.mark.parametrize("check_mode", [False, True])
def test_declared_variables_pass_unchanged(monkeypatch, capsys, check_mode):
    names = ["retention_days", "retention_legal_hold", "__retention_private", "ansible_check_mode", "inventory_hostname"]
    result = run(monkeypatch, capsys, dict(names=names), check_mode=check_mode).result
    assert (result.get("failed"), result["changed"], result["declared"], result["unknown"]) == (None, False, 3, [])


def test_a_misspelled_variable_fails_naming_the_closest(monkeypatch, capsys):
    result = run(monkeypatch, capsys, dict(names=["retention_legal_holds", "retention_colour", "retention_days"])).result
    assert result["failed"] is True
    assert result["unknown"] == [{"name": "retention_colour", "closest": None}, {"name": "retention_legal_holds", "closest": "retention_legal_hold"}]
    assert result["msg"].startswith(
        "retention_colour is not a variable of the wxc.recordings.retention role; "
        "retention_legal_holds is not a variable of the wxc.recordings.retention role (did you mean retention_legal_hold?)"
    )


@pytest.mark.parametrize(
    "args, option",
    [
        (dict(names=["retention_days"], entry_point="apply"), "entry point 'apply'"),
        (dict(names=["retention_days"], argument_specs="not a mapping"), "argument_specs"),
        (dict(argument_specs=SPECS), "names"),
        (dict(names=["retention_days"], names_typo=["retention_days"]), "names_typo"),
        (dict(names=["retention_days"], argument_specs={"argument_specs": {"main": {}}}), "entry point 'main'"),
    ],
)
def test_bad_options_fail(monkeypatch, capsys, args, option):
    assert_refused(run(monkeypatch, capsys, args), option)
