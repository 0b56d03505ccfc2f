"""Access tokens, their use counting (`--expire-tokens-after`) and the refresh grant."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ApiError
from .model import Org, Person

ACCESS_TOKEN_LIFETIME = 1209599  # what Webex reports for integration tokens (14 days)
REFRESH_TOKEN_LIFETIME = 7775999  # 90 days


@dataclass
class _TokenState:
    person_id: str
    uses: int = 0


class Auth:
    def __init__(self, org: Org, expire_after: int):
        self.org = org
        self.expire_after = expire_after
        # Tokens minted at run time for a Service App (fleet.py): they survive /_sim/reset, as real tokens do.
        self._minted: dict[str, str] = {}
        self._minted_refresh: dict[str, str] = {}
        self._extra_clients: dict[str, str] = {}
        self.reset()

    def reset(self) -> None:
        self._tokens = {p.token: _TokenState(p.id) for p in self.org.people if p.token}
        self._refresh = {p.refresh_token: p.id for p in self.org.people if p.refresh_token}
        self._clients = {c.client_id: c.client_secret for c in self.org.clients}
        self._clients.update(self._extra_clients)
        self._refresh.update(self._minted_refresh)
        for token, person_id in self._minted.items():
            self._tokens.setdefault(token, _TokenState(person_id))
        self._refresh_counts: dict[str, int] = {}

    def knows(self, token: str) -> bool:
        return token in self._tokens

    def knows_refresh(self, refresh: str) -> bool:
        return refresh in self._refresh

    def allow_client(self, client_id: str, client_secret: str) -> None:
        """A Service App authorized by this org may use the refresh grant for the org's tokens it minted."""
        self._extra_clients[client_id] = client_secret
        self._clients[client_id] = client_secret

    def add_minted(self, token: str, refresh: str, person_id: str) -> None:
        self._minted[token] = person_id
        self._minted_refresh[refresh] = person_id
        self._tokens[token] = _TokenState(person_id)
        self._refresh[refresh] = person_id

    @staticmethod
    def bearer(header: str | None) -> str | None:
        if not header:
            return None
        scheme, _unused, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return token.strip()

    def _state(self, header: str | None) -> _TokenState | None:
        token = self.bearer(header)
        state = self._tokens.get(token) if token else None
        if state is None:
            return None
        if self.expire_after and state.uses >= self.expire_after:
            return None
        return state

    def peek_role(self, header: str | None) -> str:
        """Role for the request log, without counting a use."""
        state = self._state(header)
        if state is None:
            return "anonymous"
        return self.org.people_by_id[state.person_id].role

    def authenticate(self, header: str | None) -> Person:
        """The caller, or 401. Each success counts one use of the token."""
        state = self._state(header)
        if state is None:
            raise ApiError(401)
        state.uses += 1
        return self.org.people_by_id[state.person_id]

    def refresh(self, form: dict[str, str]) -> dict:
        """The OAuth refresh grant of POST /v1/access_token."""
        missing = [k for k in ("grant_type", "client_id", "client_secret", "refresh_token") if not form.get(k)]
        if missing:
            raise ApiError(400, f"Missing required parameter(s): {', '.join(missing)}")
        if form["grant_type"] != "refresh_token":
            raise ApiError(400, f"Unsupported grant_type {form['grant_type']!r}: only refresh_token is supported")
        if self._clients.get(form["client_id"]) != form["client_secret"]:
            raise ApiError(401, "Invalid client_id or client_secret.")
        refresh = form["refresh_token"]
        person_id = self._refresh.get(refresh)
        if person_id is None:
            raise ApiError(400, "Invalid refresh_token.")
        person = self.org.people_by_id[person_id]
        count = self._refresh_counts.get(refresh, 0) + 1
        self._refresh_counts[refresh] = count
        # Deterministic so test runs are reproducible; never equal to an earlier token of the person.
        new_token = f"{person.token or refresh}-r{count}"
        self._tokens[new_token] = _TokenState(person_id)
        return {
            "access_token": new_token,
            "expires_in": ACCESS_TOKEN_LIFETIME,
            "refresh_token": refresh,
            "refresh_token_expires_in": REFRESH_TOKEN_LIFETIME,
        }
