"""role_variables_check's action plugin, run by a real ansible-playbook: the check runs on the controller.

One playbook runs the cases of the module's table (tests/unit/plugins/modules/test_role_variables_check.py) through
the action plugin and writes each registered result to a file; ``-vvv`` would show ``AnsiballZ_role_variables_check``
had a module process been started.
"""

import pytest

from tests.unit.plugins.action.playbook_runner import run_tasks

SPECS = {"argument_specs": {"main": {"options": {"retention_legal_hold": {}, "retention_days": {}, "retention_dry_run": {}}}}}

CASES = {
    "declared": {"names": ["retention_days", "retention_legal_hold", "__retention_private", "inventory_hostname"]},
    "misspelled": {"names": ["retention_legal_holds", "retention_colour", "retention_days"]},
    "entry_point": {"names": ["retention_days"], "entry_point": "apply"},
    "unknown_option": {"names": ["retention_days"], "names_typo": ["retention_days"]},
    "missing_names": {},
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("action")
    tasks = []
    for name, args in CASES.items():
        full = dict(role="wxc.recordings.retention", prefix="retention_", argument_specs=SPECS)
        full.update(args)
        tasks.append({"name": name, "wxc.recordings.role_variables_check": full, "register": "r_" + name, "ignore_errors": True})
    tasks.append(
        {
            "name": "in check mode",
            "check_mode": True,
            "wxc.recordings.role_variables_check": dict(role="r", prefix="retention_", names=[], argument_specs=SPECS),
            "register": "r_check_mode",
        }
    )
    results, stdout = run_tasks(tmp, tasks)
    return {"results": results, "stdout": stdout}


def test_no_module_process_is_started(outcome):
    assert "AnsiballZ_role_variables_check" not in outcome["stdout"]
    # The copy task did start one: the check above would have seen the check's.
    assert "AnsiballZ_copy" in outcome["stdout"]


def test_declared_variables_pass_unchanged(outcome):
    result = outcome["results"]["declared"]
    assert (result.get("failed"), result["changed"], result["declared"], result["unknown"], result["check_mode"]) == (False, False, 3, [], False)


def test_a_misspelled_variable_fails_naming_the_closest(outcome):
    result = outcome["results"]["misspelled"]
    assert result["failed"] is True
    assert result["unknown"] == [{"name": "retention_colour", "closest": None}, {"name": "retention_legal_holds", "closest": "retention_legal_hold"}]
    assert result["msg"].startswith("retention_colour is not a variable of the wxc.recordings.retention role; ")


@pytest.mark.parametrize("case, named", [("entry_point", "entry point 'apply'"), ("unknown_option", "names_typo"), ("missing_names", "names")])
def test_bad_options_fail_naming_them(outcome, case, named):
    result = outcome["results"][case]
    assert result["failed"] is True
    assert named in result["msg"]


def test_check_mode_is_the_tasks(outcome):
    assert outcome["results"]["check_mode"]["check_mode"] is True
