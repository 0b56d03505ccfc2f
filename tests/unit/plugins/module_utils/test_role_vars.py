"""Misspelled role variables are found, with the closest declared name."""

import pytest

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import (
    declared_options,
    undeclared_message,
    undeclared_variables,
)

SPECS = {"argument_specs": {"main": {"options": {"retention_legal_holds": {}, "retention_rules": {}, "retention_dry_run": {}}}}}
OFFBOARDING = ["offboarding_successor_email", "offboarding_leaver_email", "offboarding_action", "offboarding_allow_no_recordings"]


@pytest.mark.parametrize(
    "defined, declared, prefix, expected",
    [
        (["retention_legal_hold", "retention_rules"], declared_options(SPECS), "retention_", [("retention_legal_hold", "retention_legal_holds")]),
        (["offboarding_sucessor_email"], OFFBOARDING, "offboarding_", [("offboarding_sucessor_email", "offboarding_successor_email")]),
        (["offboarding_allow_no_recording"], OFFBOARDING, "offboarding_", [("offboarding_allow_no_recording", "offboarding_allow_no_recordings")]),
        # Nothing close: reported without a suggestion.
        (["retention_xyz"], declared_options(SPECS), "retention_", [("retention_xyz", None)]),
        # Declared, other prefixes and the role's private facts are not reported.
        (["retention_rules", "archive_dest", "__retention_plan", "webex_token"], declared_options(SPECS), "retention_", []),
        ([], declared_options(SPECS), "retention_", []),
    ],
)
def test_undeclared_variables(defined, declared, prefix, expected):
    assert undeclared_variables(defined, declared, prefix) == expected


def test_the_role_s_own_output_facts_are_not_reported():
    declared = ["storage_report_dir", "storage_report_token"]
    defined = ["storage_report_result", "storage_report_resut"]
    assert undeclared_variables(defined, declared, "storage_report_", outputs=["storage_report_result"]) == [("storage_report_resut", None)]


def test_message_names_the_variable_and_the_closest():
    message = undeclared_message("retention", [("retention_legal_hold", "retention_legal_holds"), ("retention_xyz", None)])
    assert message.startswith("retention_legal_hold is not a variable of the retention role (did you mean retention_legal_holds?)")
    assert "retention_xyz is not a variable of the retention role;" not in message and "retention_xyz is not a variable" in message


@pytest.mark.parametrize("specs", [None, [], {"argument_specs": {}}, {"argument_specs": {"main": {}}}, {"argument_specs": {"other": {"options": {}}}}])
def test_declared_options_refuses_what_is_not_a_spec(specs):
    with pytest.raises(OptionError):
        declared_options(specs)
