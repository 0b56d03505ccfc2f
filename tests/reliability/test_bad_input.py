"""Bad input: every module option with invalid values fails with a clear error naming the option, before any request.

Cases run as tasks of one generated playbook per module (``ignore_errors: true``); the ``record_results`` callback
captures each task's result. The simulator must have received zero requests at the end: a wrong option is caught
before the network. Cases use ``recording_ids`` of an unknown id as their base selection, so that a case that
wrongly passes validation costs one harmless GET, which the request count reports.
"""

import json
import os

import pytest

from tests.reliability import harness

EXAMPLE_ORG = os.path.join(harness.ROOT, "tests", "simulator", "examples", "org.yml")
NO_SUCH_ID = "00000000-0000-4000-8000-00000000dead"
LONG_COMMENT = "x" * 256

# (case, arguments laid over the module's base arguments, option names of which at least one must be in the message)
COMMON_CASES = [
    # recording_ids: [] selects nothing and changes nothing (issue 15), so it is no longer a wrong input.
    ("recording_ids with an empty id", {"recording_ids": [NO_SUCH_ID, " "]}, ["recording_ids"]),
    ("recording_ids a mapping", {"recording_ids": {"a": 1}}, ["recording_ids"]),
    ("exclude_recording_ids with an empty id", {"exclude_recording_ids": [""]}, ["exclude_recording_ids"]),
    ("owner_email not an email", {"owner_email": "alice.example.com"}, ["owner_email"]),
    ("owner_email and owner_emails together", {"owner_email": "alice@example.com", "owner_emails": ["bob@example.com"]}, ["owner_email"]),
    ("owner_emails empty list", {"owner_emails": []}, ["owner_emails"]),
    ("owner_emails with a bad address", {"owner_emails": ["bob@example.com", "not an email"]}, ["owner_emails"]),
    ("owner_id blank", {"owner_id": "  "}, ["owner_id"]),
    ("created_after not a date", {"created_after": "last tuesday"}, ["created_after"]),
    ("created_before impossible date", {"created_before": "2026-13-45T00:00:00Z"}, ["created_before"]),
    (
        "created_after after created_before",
        {"created_after": "2026-02-01T00:00:00Z", "created_before": "2026-01-01T00:00:00Z"},
        ["created_after", "created_before"],
    ),
    ("created_after equal to created_before", {"created_after": "2026-01-01T00:00:00Z", "created_before": "2026-01-01T00:00:00Z"}, ["created_after"]),
    ("created_after and newer_than_days together", {"created_after": "2026-01-01T00:00:00Z", "newer_than_days": 3}, ["created_after", "newer_than_days"]),
    ("created_before and older_than_days together", {"created_before": "2026-01-01T00:00:00Z", "older_than_days": 3}, ["created_before", "older_than_days"]),
    ("newer_than_days 5 and older_than_days 10 select nothing", {"newer_than_days": 5, "older_than_days": 10}, ["newer_than_days", "older_than_days"]),
    ("older_than_days negative", {"older_than_days": -1}, ["older_than_days"]),
    ("older_than_days not a number", {"older_than_days": "ninety"}, ["older_than_days"]),
    ("newer_than_days negative", {"newer_than_days": -30}, ["newer_than_days"]),
    ("status empty list", {"status": []}, ["status"]),
    ("status unknown choice", {"status": ["available", "archived"]}, ["status"]),
    ("service_type unknown choice", {"service_type": "voicemail"}, ["service_type"]),
    ("format unknown choice", {"format": "WAV"}, ["format"]),
    ("owner_type unknown choice", {"owner_type": "robot"}, ["owner_type"]),
    ("storage_region unknown choice", {"storage_region": "EU"}, ["storage_region"]),
    ("location_id blank", {"location_id": ""}, ["location_id"]),
    ("topic blank", {"topic": "   "}, ["topic"]),
    ("min_size_bytes negative", {"min_size_bytes": -5}, ["min_size_bytes"]),
    ("min_duration_seconds not a number", {"min_duration_seconds": "long"}, ["min_duration_seconds"]),
    ("call_session_id blank", {"call_session_id": ""}, ["call_session_id"]),
    ("access_level unknown choice", {"access_level": "superuser"}, ["access_level"]),
    ("unknown option", {"recording_id": NO_SUCH_ID}, ["recording_id"]),
    ("access_token empty", {"access_token": ""}, ["access_token"]),
    ("api_url without scheme", {"api_url": "webexapis.com/v1"}, ["api_url"]),
    ("timeout zero", {"timeout": 0}, ["timeout"]),
    ("timeout not a number", {"timeout": "fast"}, ["timeout"]),
    ("retries negative", {"retries": -1}, ["retries"]),
    ("retry_max_wait zero", {"retry_max_wait": 0}, ["retry_max_wait"]),
    ("validate_certs not a boolean", {"validate_certs": "perhaps"}, ["validate_certs"]),
    ("client_id without client_secret and refresh_token", {"client_id": "sim-client-id"}, ["client_secret", "refresh_token"]),
]

MODULE_CASES = {
    "recording_info": [
        ("concurrency zero", {"concurrency": 0}, ["concurrency"]),
        ("details not a boolean", {"details": "sometimes"}, ["details"]),
        ("summary_only with details", {"summary_only": True, "details": True}, ["details", "summary_only"]),
        ("summary_only with results_file", {"summary_only": True, "results_file": "{{ work_dir }}/out.jsonl"}, ["results_file", "summary_only"]),
        ("show_all_types without metadata", {"show_all_types": True}, ["show_all_types"]),
        ("results_file in a missing folder", {"results_file": "{{ work_dir }}/missing/out.jsonl"}, ["results_file"]),
        ("results_file is a folder", {"results_file": "{{ work_dir }}"}, ["results_file"]),
        ("user with owner_email", {"access_level": "user", "owner_email": "alice@example.com"}, ["owner_email", "access_level"]),
        ("admin asks for purged", {"status": ["purged"]}, ["status"]),
    ],
    "recording_trash": [
        ("access_level compliance_officer", {"access_level": "compliance_officer"}, ["access_level"]),
        ("user with owner_emails", {"access_level": "user", "owner_emails": ["alice@example.com"]}, ["owner_emails", "access_level"]),
    ],
    "recording_restore": [
        ("access_level compliance_officer", {"access_level": "compliance_officer"}, ["access_level"]),
        ("admin asks for purged", {"status": ["purged"]}, ["status"]),
    ],
    "recording_purge": [
        ("access_level compliance_officer", {"access_level": "compliance_officer"}, ["access_level"]),
        ("user with owner_id", {"access_level": "user", "owner_id": "0b000000-0000-4000-8000-000000000001"}, ["owner_id", "access_level"]),
    ],
    "recording_reassign": [
        ("new_owner_email missing", {"new_owner_email": None}, ["new_owner_email"]),
        ("new_owner_email not an email", {"new_owner_email": "dave"}, ["new_owner_email"]),
        ("new_owner_email blank", {"new_owner_email": " "}, ["new_owner_email"]),
        ("no selection at all", {"recording_ids": None}, ["recording_ids", "owner_email"]),
        ("access_level user", {"access_level": "user"}, ["access_level"]),
        ("new owner is the owner", {"recording_ids": None, "owner_email": "dave@example.com"}, ["new_owner_email", "owner_email"]),
    ],
    "recording_delete": [
        ("comment over 255 characters", {"comment": LONG_COMMENT}, ["comment"]),
        ("reason blank", {"reason": "  "}, ["reason"]),
        ("concurrency zero", {"concurrency": 0}, ["concurrency"]),
        ("access_level admin", {"access_level": "admin"}, ["access_level"]),
        ("no selection at all", {"recording_ids": None}, ["recording_ids", "owner_email"]),
    ],
    "recording_archive": [
        ("dest missing", {"dest": None}, ["dest"]),
        ("path_template without {id}", {"path_template": "{owner_email}/{date}"}, ["path_template"]),
        ("path_template unknown field", {"path_template": "{owner}/{id}"}, ["path_template"]),
        ("path_template absolute", {"path_template": "/etc/{id}"}, ["path_template"]),
        ("path_template escapes dest", {"path_template": "../{id}"}, ["path_template"]),
        ("path_template empty", {"path_template": ""}, ["path_template"]),
        ("timezone unknown", {"timezone": "Mars/Olympus_Mons"}, ["timezone"]),
        ("mode not octal", {"mode": "rw-------"}, ["mode"]),
        ("mode out of range", {"mode": "77777"}, ["mode"]),
        ("directory_mode not octal", {"directory_mode": "0799"}, ["directory_mode"]),
        ("concurrency zero", {"concurrency": 0}, ["concurrency"]),
        ("concurrency over 32", {"concurrency": 33}, ["concurrency"]),
        ("verify_only not a boolean", {"verify_only": "maybe"}, ["verify_only"]),
        ("show_all_types not a boolean", {"show_all_types": "all"}, ["show_all_types"]),
    ],
}

BASE_ARGS = {
    "recording_info": {},
    "recording_trash": {},
    "recording_restore": {},
    "recording_purge": {},
    "recording_reassign": {"new_owner_email": "dave@example.com"},
    "recording_delete": {"reason": "audit", "access_token": harness.COMPLIANCE_TOKEN},
    "recording_archive": {"dest": "{{ work_dir }}/archive", "access_token": harness.COMPLIANCE_TOKEN},
}
MODULES = sorted(BASE_ARGS)


def cases_for(module):
    """Module-specific cases always; common cases every module in the long run, round-robin by default."""
    cases = list(MODULE_CASES[module])
    for index, case in enumerate(COMMON_CASES):
        if harness.LONG or MODULES[index % len(MODULES)] == module:
            cases.append(case)
    return cases


def module_args(module, overrides):
    args = {"recording_ids": [NO_SUCH_ID]}
    args.update(BASE_ARGS[module])
    args.update(overrides)
    return dict((key, value) for key, value in args.items() if value is not None)


def write_playbook(path, module, cases):
    tasks = []
    for number, (name, overrides, _options) in enumerate(cases):
        tasks.append(
            {
                "name": "case %02d: %s" % (number, name),
                "wxc.recordings.%s" % module: module_args(module, overrides),
                "ignore_errors": True,
            }
        )
    play = [{"name": "Bad input for %s" % module, "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
    with open(path, "w") as handle:
        json.dump(play, handle, indent=1)


@pytest.fixture(scope="module")
def example_sim():
    sim = harness.start_sim("--fixture", EXAMPLE_ORG)
    yield sim
    sim.stop()


@pytest.mark.parametrize("module", MODULES)
def test_bad_module_input(example_sim, work_dir, module):
    cases = cases_for(module)
    playbook = os.path.join(str(work_dir), "bad_%s.yml" % module)
    write_playbook(playbook, module, cases)
    example_sim.reset()
    run = harness.Playbook(example_sim, work_dir).run(playbook)
    requests = example_sim.requests()
    problems = []
    for number, (name, _overrides, options) in enumerate(cases):
        entries = run.named("case %02d: %s" % (number, name))
        if len(entries) != 1:
            problems.append("%s: ran %d times" % (name, len(entries)))
            continue
        entry = entries[0]
        msg = str(entry["result"].get("msg", ""))
        if entry["status"] != "failed":
            problems.append("%s: accepted (%s)" % (name, entry["status"]))
        elif not any(option in msg for option in options):
            problems.append("%s: message names none of %s: %r" % (name, options, msg))
        elif "Traceback" in msg or "MODULE FAILURE" in msg:
            problems.append("%s: not a clean failure: %r" % (name, msg[:300]))
    assert not problems, "%d of %d cases wrong:\n%s\n(requests at the simulator: %s; rc=%s, stderr: %s)" % (
        len(problems),
        len(cases),
        "\n".join(problems),
        requests["by_endpoint"],
        run.rc,
        run.stderr[-2000:],
    )
    assert requests["total"] == 0, "requests reached the simulator: %s" % requests["by_endpoint"]
    harness.record_figures("bad_input", target=module, cases=len(cases), requests=requests["total"])


# ---------------------------------------------------------------------------------------------- role inputs

ROLE_BASE = {
    "offboarding": {
        "offboarding_leaver_email": "alice@example.com",
        "offboarding_successor_email": "dave@example.com",
        "offboarding_admin_token": harness.ADMIN_TOKEN,
        "offboarding_report_dir": "{{ work_dir }}/reports",
    },
    "retention": {
        "retention_admin_token": harness.ADMIN_TOKEN,
        "retention_compliance_token": harness.COMPLIANCE_TOKEN,
        "retention_archive_dest": "{{ work_dir }}/archive",
        "retention_report_dir": "{{ work_dir }}/reports",
        "retention_rules": [{"name": "old", "action": "trash", "match": {"older_than_days": 300}}],
    },
    "archive": {
        "archive_selection": {"owner_email": "alice@example.com"},
        "archive_dest": "{{ work_dir }}/archive",
        "archive_token": harness.COMPLIANCE_TOKEN,
        "archive_report_dir": "{{ work_dir }}/reports",
    },
    "storage_report": {
        "storage_report_token": harness.ADMIN_TOKEN,
        "storage_report_dir": "{{ work_dir }}/reports",
    },
}

ROLE_CASES = {
    "offboarding": [
        ("leaver missing", {"offboarding_leaver_email": None}, ["offboarding_leaver_email"]),
        ("leaver not an email", {"offboarding_leaver_email": "alice"}, ["offboarding_leaver_email", "leaver email"]),
        ("mode unknown", {"offboarding_mode": "undo"}, ["offboarding_mode"]),
        ("action unknown", {"offboarding_action": "delete"}, ["offboarding_action"]),
        ("successor is the leaver", {"offboarding_successor_email": "Alice@example.com"}, ["successor"]),
        ("reassign without successor", {"offboarding_successor_email": ""}, ["successor"]),
        ("archive action without archive_dir", {"offboarding_action": "archive_and_trash"}, ["offboarding_archive_dest"]),
        (
            "archive action without compliance token",
            {"offboarding_action": "archive_and_reassign", "offboarding_archive_dest": "{{ work_dir }}/a", "offboarding_compliance_token": ""},
            ["compliance officer token", "offboarding_compliance_token"],
        ),
        ("archive statuses unknown", {"offboarding_archive_statuses": ["purged"]}, ["offboarding_archive_statuses"]),
        ("timeout not a number", {"offboarding_timeout": "soon"}, ["offboarding_timeout"]),
        ("retries not a number", {"offboarding_retries": "many"}, ["offboarding_retries"]),
        ("fail_on_unarchived not a boolean", {"offboarding_fail_on_unarchived": "perhaps"}, ["offboarding_fail_on_unarchived"]),
        ("admin token empty", {"offboarding_admin_token": ""}, ["admin token", "offboarding_admin_token"]),
        ("unknown variable spelling", {"offboarding_leaver": "alice@example.com", "offboarding_leaver_email": None}, ["offboarding_leaver_email"]),
    ],
    "retention": [
        ("rules not a list", {"retention_rules": "trash everything"}, ["retention_rules"]),
        ("rule action unknown", {"retention_rules": [{"name": "x", "action": "delete", "match": {}}]}, ["action", "retention_rules"]),
        ("rule match key unknown", {"retention_rules": [{"name": "x", "action": "trash", "match": {"older_than": 3}}]}, ["older_than", "match"]),
        ("rule negative age", {"retention_rules": [{"name": "x", "action": "trash", "match": {"older_than_days": -1}}]}, ["older_than_days"]),
        ("rule bad topic pattern", {"retention_rules": [{"name": "x", "action": "trash", "match": {"topic_pattern": "(unclosed"}}]}, ["topic_pattern"]),
        ("rule without a name", {"retention_rules": [{"action": "trash", "match": {"older_than_days": 3}}]}, ["name"]),
        ("quota target above quota", {"retention_quota_gb": 10, "retention_quota_target_gb": 20}, ["retention_quota_target_gb", "quota target"]),
        (
            "plan and apply together",
            {"retention_plan_file": "{{ work_dir }}/p.json", "retention_apply_plan": "{{ work_dir }}/p.json"},
            ["retention_apply_plan", "plan"],
        ),
        ("apply a plan that does not exist", {"retention_apply_plan": "{{ work_dir }}/missing-plan.json"}, ["retention_apply_plan", "apply_plan"]),
        ("grace days negative", {"retention_purge_grace_days": -1}, ["retention_purge_grace_days", "purge_grace_days"]),
        ("legal holds owners not a list", {"retention_legal_holds": {"owner_emails": {"a": 1}}}, ["owner_emails"]),
        ("purge_enabled not a boolean", {"retention_purge_enabled": "on weekdays"}, ["retention_purge_enabled"]),
        ("admin token empty", {"retention_admin_token": ""}, ["admin token", "retention_admin_token"]),
    ],
    "archive": [
        ("dest missing", {"archive_dest": ""}, ["archive_dest", "dest"]),
        ("selection not a mapping", {"archive_selection": "alice"}, ["archive_selection"]),
        ("selection key unknown", {"archive_selection": {"owner": "alice@example.com"}}, ["owner", "archive_selection"]),
        ("selection status unknown", {"archive_selection": {"status": ["gone"]}}, ["status"]),
        ("access level admin", {"archive_access_level": "admin"}, ["archive_access_level"]),
        ("concurrency zero", {"archive_concurrency": 0}, ["concurrency"]),
        ("path template without id", {"archive_path_template": "{owner_email}"}, ["path_template"]),
        ("timezone unknown", {"archive_timezone": "Mars/Olympus_Mons"}, ["timezone"]),
        ("token empty", {"archive_token": ""}, ["token", "archive_token"]),
    ],
    "storage_report": [
        ("statuses unknown", {"storage_report_statuses": ["gone"]}, ["storage_report_statuses"]),
        ("target above quota", {"storage_report_quota_gb": 10, "storage_report_target_gb": 20}, ["target"]),
        ("warn percent not a number", {"storage_report_warn_percent": "high"}, ["storage_report_warn_percent"]),
        ("access level user", {"storage_report_access_level": "root"}, ["storage_report_access_level"]),
        ("token empty", {"storage_report_token": ""}, ["token", "storage_report_token"]),
    ],
}
ROLES = sorted(ROLE_CASES)


def write_role_playbook(path, role, cases):
    """One block per case: include the role in check mode; the rescue records the refusal, else "accepted"."""
    tasks = []
    for number, (name, overrides, _options) in enumerate(cases):
        role_vars = dict(ROLE_BASE[role])
        role_vars.update(overrides)
        role_vars = dict((key, value) for key, value in role_vars.items() if value is not None)
        label = "case %02d: %s" % (number, name)
        tasks.append(
            {
                "name": label,
                "block": [
                    {
                        "name": label + " - run the role",
                        "ansible.builtin.include_role": {"name": "wxc.recordings." + role, "apply": {"check_mode": True}},
                        "vars": role_vars,
                    },
                    {"name": label + " - accepted", "ansible.builtin.debug": {"msg": "accepted"}},
                ],
                "rescue": [
                    {
                        "name": label + " - refused",
                        "ansible.builtin.debug": {"msg": "{{ ansible_failed_task.name }}: {{ ansible_failed_result.msg | default('') }}"},
                    }
                ],
            }
        )
    play = [{"name": "Bad input for role %s" % role, "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
    with open(path, "w") as handle:
        json.dump(play, handle, indent=1)


@pytest.mark.parametrize("role", ROLES)
def test_bad_role_input(example_sim, work_dir, role):
    cases = ROLE_CASES[role]
    playbook = os.path.join(str(work_dir), "bad_role_%s.yml" % role)
    write_role_playbook(playbook, role, cases)
    example_sim.reset()
    run = harness.Playbook(example_sim, work_dir).run(playbook)
    requests = example_sim.requests()
    problems = []
    for number, (name, _overrides, options) in enumerate(cases):
        label = "case %02d: %s" % (number, name)
        refused = run.named(label + " - refused")
        if not refused:
            problems.append("%s: accepted" % name if run.named(label + " - accepted") else "%s: did not run" % name)
            continue
        msg = str(refused[0]["result"].get("msg", ""))
        if not any(option in msg for option in options):
            problems.append("%s: message names none of %s: %r" % (name, options, msg[:400]))
        elif "Traceback" in msg:
            problems.append("%s: not a clean failure: %r" % (name, msg[:300]))
    assert not problems, "%d of %d cases wrong:\n%s\n(requests at the simulator: %s; rc=%s, stderr: %s)" % (
        len(problems),
        len(cases),
        "\n".join(problems),
        requests["by_endpoint"],
        run.rc,
        run.stderr[-2000:],
    )
    assert requests["total"] == 0, "requests reached the simulator: %s" % requests["by_endpoint"]
    harness.record_figures("bad_input", target="role " + role, cases=len(cases), requests=requests["total"])
