"""Build API recording objects (camelCase, as Webex returns them) for unit tests."""

import uuid

BASE = "https://webexapis.example/v1"


def recording(recording_id=None, status="available", owner="alice@example.com", owner_type="user", owner_id=None, created="2026-01-01T00:00:00Z", **extra):
    item = {
        "id": recording_id or str(uuid.uuid4()),
        "topic": extra.pop("topic", "Call with Bob"),
        "createTime": created,
        "timeRecorded": created,
        "ownerId": owner_id or "id-" + owner.split("@")[0],
        "ownerType": owner_type,
        "ownerEmail": owner,
        "format": "MP3",
        "durationSeconds": extra.pop("duration", 60),
        "sizeBytes": extra.pop("size", 1000),
        "serviceType": extra.pop("service_type", "calling"),
        "storageRegion": extra.pop("region", "US"),
        "status": status,
        "serviceData": {"locationId": extra.pop("location", "loc-hq"), "callSessionId": extra.pop("session", "session-1")},
    }
    item.update(extra)
    return item


def many(count, prefix="r", **kwargs):
    return [recording("%s%03d" % (prefix, index), **kwargs) for index in range(count)]


class FakeModule:
    """Enough of AnsibleModule for the validation helpers: params, check_mode, fail_json/exit_json raising."""

    class Exit(Exception):
        def __init__(self, failed, result):
            super().__init__(result.get("msg"))
            self.failed = failed
            self.result = result

    def __init__(self, params, check_mode=False, diff=False):
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)

    def fail_json(self, **result):
        raise FakeModule.Exit(True, result)

    def exit_json(self, **result):
        raise FakeModule.Exit(False, result)
