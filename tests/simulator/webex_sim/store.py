"""The mutable state of the org's recordings and the queries the handlers run on it."""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterable, Iterator

from .model import Org, Person, Recording


class Store:
    def __init__(self, org: Org):
        self.org = org
        # Ascending (createTime, id); lists walk it backwards. Recordings are added only at the newest end (now),
        # so bisect on a plain list is enough and keyset pagination stays exact while statuses and owners change.
        ordered = sorted(org.recordings, key=lambda r: r.key)
        self._keys = [r.key for r in ordered]
        self._recs = ordered
        self._by_id = {r.id: r for r in ordered}
        self._initial = {r.id: (r.status, r.owner_id) for r in ordered}
        self.gone: list[str] = []
        self._gone_set: set[str] = set()
        # Recordings created while running (arrivals.py) and when their REST data appears (--details-lag-ms).
        self._visible_from: dict[str, float] = {}
        # Called with (event, recording, sub_type) on every change: the webhook deliveries (deliveries.py).
        self.listeners: list[Callable[[str, Recording, str | None], None]] = []

    def reset(self) -> None:
        if len(self._recs) != len(self._initial):
            self._recs = [r for r in self._recs if r.id in self._initial]
            self._keys = [r.key for r in self._recs]
            self._by_id = {r.id: r for r in self._recs}
        for rec in self._recs:
            rec.status, rec.owner_id = self._initial[rec.id]
        self.gone.clear()
        self._gone_set.clear()
        self._visible_from.clear()

    def _emit(self, event: str, rec: Recording, sub_type: str | None = None) -> None:
        for listener in self.listeners:
            listener(event, rec, sub_type)

    def _lagging(self, rid: str) -> bool:
        until = self._visible_from.get(rid)
        return until is not None and time.time() < until

    # people ---------------------------------------------------------------------------------------------------

    def person(self, person_id: str) -> Person:
        return self.org.people_by_id[person_id]

    def person_by_email(self, email: str) -> Person | None:
        return self.org.people_by_email.get(email.lower())

    def person_by_id(self, person_id: str) -> Person | None:
        return self.org.people_by_id.get(person_id)

    # recordings -----------------------------------------------------------------------------------------------

    def get(self, rid: str) -> Recording | None:
        if rid in self._gone_set or self._lagging(rid):
            return None
        return self._by_id.get(rid)

    def all(self) -> Iterator[Recording]:
        """Every recording not deleted for good, newest first."""
        for rec in reversed(self._recs):
            if rec.id not in self._gone_set:
                yield rec

    def owned_by(self, owner_id: str, statuses: Iterable[str]) -> list[Recording]:
        wanted = set(statuses)
        return [r for r in self.all() if r.owner_id == owner_id and r.status in wanted]

    def page(
        self,
        from_ts: float,
        to_ts: float,
        after: tuple[int, str] | None,
        match: Callable[[Recording], bool],
        limit: int,
    ) -> tuple[list[Recording], bool]:
        """Up to `limit` matches with from <= createTime < to, newest first, strictly after key `after`."""
        if after is None:
            # First createTime >= to_ts is excluded: bisect on (to_ts, "") sorts before every id at that second.
            start = bisect.bisect_left(self._keys, (_ceil(to_ts), ""))
        else:
            start = bisect.bisect_left(self._keys, (after[0], after[1]))
            stop_at_to = bisect.bisect_left(self._keys, (_ceil(to_ts), ""))
            start = min(start, stop_at_to)
        items: list[Recording] = []
        i = start - 1
        while i >= 0:
            rec = self._recs[i]
            if rec.create_ts < from_ts:
                break
            i -= 1
            if rec.id in self._gone_set or not match(rec) or self._lagging(rec.id):
                continue
            if len(items) == limit:
                return items, True
            items.append(rec)
        return items, False

    # changes --------------------------------------------------------------------------------------------------

    def add(self, rec: Recording, lag_seconds: float = 0.0) -> None:
        """A new recording (createTime now); its REST data appears `lag_seconds` later, the `created` event now."""
        index = bisect.bisect_left(self._keys, rec.key)
        self._keys.insert(index, rec.key)
        self._recs.insert(index, rec)
        self._by_id[rec.id] = rec
        if lag_seconds > 0:
            self._visible_from[rec.id] = time.time() + lag_seconds
        self._emit("created", rec)

    def set_status(self, recs: Iterable[Recording], status: str) -> None:
        sub_type = {"deleted": "TRASH", "available": "RESTORE", "purged": "PURGE"}[status]
        for rec in recs:
            changed = rec.status != status
            rec.status = status
            if changed:
                self._emit("updated", rec, sub_type)

    def set_owner(self, recs: Iterable[Recording], owner: Person) -> None:
        for rec in recs:
            changed = rec.owner_id != owner.id
            rec.owner_id = owner.id
            if changed:
                self._emit("updated", rec, "REASSIGN")

    def delete_forever(self, rec: Recording) -> None:
        self._gone_set.add(rec.id)
        self.gone.append(rec.id)
        self._emit("deleted", rec)


def _ceil(ts: float) -> int:
    """createTime values are whole seconds: `createTime < to` equals `createTime < ceil(to)`."""
    whole = int(ts)
    return whole if whole == ts else (whole + 1 if ts > 0 else whole)
