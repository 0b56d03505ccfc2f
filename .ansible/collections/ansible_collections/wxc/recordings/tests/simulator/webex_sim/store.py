"""The mutable state of the org's recordings and the queries the handlers run on it."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator

from .model import Org, Person, Recording


class Store:
    def __init__(self, org: Org):
        self.org = org
        # Ascending (createTime, id); lists walk it backwards. Recordings are never added, so bisect on a
        # plain list is enough and keyset pagination stays exact while statuses and owners change.
        ordered = sorted(org.recordings, key=lambda r: r.key)
        self._keys = [r.key for r in ordered]
        self._recs = ordered
        self._by_id = {r.id: r for r in ordered}
        self._initial = [(r.status, r.owner_id) for r in ordered]
        self.gone: list[str] = []
        self._gone_set: set[str] = set()

    def reset(self) -> None:
        for rec, (status, owner_id) in zip(self._recs, self._initial, strict=True):
            rec.status = status
            rec.owner_id = owner_id
        self.gone.clear()
        self._gone_set.clear()

    # people ---------------------------------------------------------------------------------------------------

    def person(self, person_id: str) -> Person:
        return self.org.people_by_id[person_id]

    def person_by_email(self, email: str) -> Person | None:
        return self.org.people_by_email.get(email.lower())

    def person_by_id(self, person_id: str) -> Person | None:
        return self.org.people_by_id.get(person_id)

    # recordings -----------------------------------------------------------------------------------------------

    def get(self, rid: str) -> Recording | None:
        if rid in self._gone_set:
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
            if rec.id in self._gone_set or not match(rec):
                continue
            if len(items) == limit:
                return items, True
            items.append(rec)
        return items, False

    # changes --------------------------------------------------------------------------------------------------

    def set_status(self, recs: Iterable[Recording], status: str) -> None:
        for rec in recs:
            rec.status = status

    def set_owner(self, recs: Iterable[Recording], owner: Person) -> None:
        for rec in recs:
            rec.owner_id = owner.id

    def delete_forever(self, rec: Recording) -> None:
        self._gone_set.add(rec.id)
        self.gone.append(rec.id)


def _ceil(ts: float) -> int:
    """createTime values are whole seconds: `createTime < to` equals `createTime < ceil(to)`."""
    whole = int(ts)
    return whole if whole == ts else (whole + 1 if ts > 0 else whole)
