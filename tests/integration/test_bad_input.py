"""Wrong options fail the task naming the option, and not a single request reaches the simulator."""

from sim_helpers import COMPLIANCE_TOKEN

PLAYBOOK = "targets/bad_input.yml"

# task name -> the option(s) the message must name
EXPECTED = {
    "A timestamp that is not ISO 8601": ["created_after"],
    "Bounds in the wrong order": ["created_after", "created_before"],
    "A negative number of days": ["older_than_days"],
    "An owner that is not an email address": ["owner_email"],
    "An empty id in the list": ["recording_ids"],
    "Two owner options at once": ["owner_email", "owner_id"],
    "An unknown status": ["status"],
    "Purged recordings asked for by an admin": ["status"],
    "Owner filters for a user": ["owner_email"],
    "A compliance officer in the recycle bin": ["access_level"],
    "A reassign with no selection": ["recording_ids", "owner_email"],
    "A reassign to something that is not an email address": ["new_owner_email"],
    "A comment over 255 characters": ["comment"],
    "Metadata options without metadata": ["show_all_types"],
    "A summary with details": ["details", "summary_only"],
    "A results file in a folder that does not exist": ["results_file"],
}


def test_every_wrong_option_is_named_and_nothing_is_sent(sim, run_playbook):
    sim.clear_requests()
    # The compliance officer's token, so that only the comment is wrong in the delete task.
    run = run_playbook(PLAYBOOK, token=COMPLIANCE_TOKEN)
    assert run.rc == 0, run  # each task expects its module to fail
    for task, options in EXPECTED.items():
        assert run.status(task) == ["ok"], task
        result = run.result(task)
        assert result["failed_when_result"] is False, (task, result)
        message = result["msg"]
        for option in options:
            assert option in message, (task, message)
    assert sim.requests()["total"] == 0
