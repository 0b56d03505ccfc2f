"""Several orgs in one process, as Webex is one service: the token decides the org.

Each org has its own SimContext (recordings, people, tokens, webhooks, faults); no org sees another's data. On top:
- a Service App (client id and secret) that each org may have authorized; `POST /v1/applications/{applicationId}/token`
  mints an org's token for it (403 for an org that has not authorized it), and the refresh grant of
  `POST /v1/access_token` renews that token within its org;
- partner tokens, outside every org: `spark:applications_token` (may call the token endpoint) and
  `spark-admin:organizations_read` (`GET /v1/organizations` lists every org).
Facts and UNCONFIRMED points: ../shared/webex-api/ORG-APIS.md (section 1); the README lists the choices made here.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import itertools
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiohttp import web

from .config import Config
from .context import SimContext
from .errors import ApiError, bad_request
from .generate import generate
from .model import ADMIN_SCOPES, CO_SCOPES, Org, Person
from .requestlog import RequestLog

APPS_TOKEN_SCOPE = "spark:applications_token"
ORGS_READ_SCOPE = "spark-admin:organizations_read"
# What a recordings Service App is granted (wxc_sdk's test app, ORG-APIS.md 1): compliance and admin recordings
# scopes, people read; the minted token acts as the org's compliance officer.
SERVICE_APP_SCOPES = frozenset({*CO_SCOPES, *ADMIN_SCOPES, "spark-admin:people_read", "spark:people_read"})
APP_ACCESS_LIFETIME = 3600  # the spec's example; clients must read it from each response
APP_REFRESH_LIFETIME = 7776000

DEFAULT_CLIENT_ID = "sim-service-app-client-id"
DEFAULT_CLIENT_SECRET = "sim-service-app-client-secret"
DEFAULT_PARTNER_TOKENS = (
    ("sim-partner-token", frozenset({APPS_TOKEN_SCOPE, ORGS_READ_SCOPE})),
    ("sim-partner-read-token", frozenset({ORGS_READ_SCOPE})),
)


def webex_id(kind: str, raw: str) -> str:
    """The public base64 id of a UUID: base64("ciscospark://us/KIND/uuid"), without padding."""
    return base64.b64encode(f"ciscospark://us/{kind}/{raw}".encode()).decode().rstrip("=")


def uuid_of(webex_or_uuid: str) -> str:
    """The UUID inside a base64 Webex id (wxc_sdk's webex_id_to_uuid); a UUID is returned as it is."""
    text = webex_or_uuid.strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        pass
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), validate=False).decode()
    except (binascii.Error, UnicodeDecodeError):
        return text
    return decoded.rsplit("/", 1)[-1] if decoded.startswith("ciscospark://") else text


@dataclass
class ServiceApp:
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    name: str = "Recordings Service App"

    @property
    def application_id(self) -> str:
        return webex_id("APPLICATION", self.client_id)


@dataclass
class OrgSettings:
    """How an org treats the Service App: `authorized` by a full admin; `broken`: tokens minted are rejected (401)."""

    name: str
    authorized: bool = True
    broken: bool = False


@dataclass
class Fleet:
    contexts: list[SimContext]
    settings: list[OrgSettings]
    service_app: ServiceApp = field(default_factory=ServiceApp)
    partner_tokens: dict[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_PARTNER_TOKENS))
    created: str = "2024-01-15T09:00:00.000Z"

    def __post_init__(self) -> None:
        self._by_token: dict[str, SimContext] = {}
        self._by_org_id = {ctx.org.org_id: ctx for ctx in self.contexts}
        self._serial = itertools.count(1)
        self._app_people: dict[int, Person] = {}
        for ctx, settings in zip(self.contexts, self.settings, strict=True):
            if settings.authorized:
                ctx.auth.allow_client(self.service_app.client_id, self.service_app.client_secret)

    @property
    def primary(self) -> SimContext:
        return self.contexts[0]

    def context_for_token(self, token: str | None) -> SimContext | None:
        if not token:
            return None
        ctx = self._by_token.get(token)
        if ctx is not None and ctx.auth.knows(token):
            return ctx
        for ctx in self.contexts:
            if ctx.auth.knows(token):
                self._by_token[token] = ctx
                return ctx
        return None

    def context_for_refresh(self, refresh: str) -> SimContext | None:
        return next((ctx for ctx in self.contexts if ctx.auth.knows_refresh(refresh)), None)

    def context_at(self, index: str | None) -> SimContext:
        """`?org=N` of the /_sim hooks (default: the first org)."""
        if index in (None, ""):
            return self.primary
        try:
            return self.contexts[int(str(index))]
        except (ValueError, IndexError):
            raise bad_request(f"org must be an index from 0 to {len(self.contexts) - 1}") from None

    def org_view(self, ctx: SimContext) -> dict:
        return {"id": webex_id("ORGANIZATION", ctx.org.org_id), "displayName": ctx.name, "created": self.created}

    def _partner_scopes(self, token: str | None) -> frozenset[str] | None:
        return self.partner_tokens.get(token) if token else None

    # GET /v1/organizations ------------------------------------------------------------------------------------

    def organizations(self, token: str | None) -> list[dict]:
        scopes = self._partner_scopes(token)
        if scopes is not None:
            if ORGS_READ_SCOPE not in scopes:
                raise ApiError(403)
            return [self.org_view(ctx) for ctx in self.contexts]
        ctx = self.context_for_token(token)
        if ctx is None:
            raise ApiError(401)
        person = ctx.auth.authenticate(f"Bearer {token}")
        if not person.scopes & {*ADMIN_SCOPES, *CO_SCOPES, ORGS_READ_SCOPE}:
            raise ApiError(403)
        # An org's own admin sees only their org.
        return [self.org_view(ctx)]

    # POST /v1/applications/{applicationId}/token -----------------------------------------------------------------

    def mint(self, token: str | None, application_id: str, body: dict) -> dict:
        scopes = self._partner_scopes(token)
        if scopes is None:
            ctx = self.context_for_token(token)
            if ctx is None:
                raise ApiError(401)
            person = ctx.auth.authenticate(f"Bearer {token}")
            scopes = person.scopes
        fields = ("clientId", "clientSecret", "targetOrgId")
        missing = [k for k in fields if not isinstance(body.get(k), str) or not body[k]]
        if missing:
            raise bad_request(f"Missing or empty field(s): {', '.join(missing)} (strings)")
        if APPS_TOKEN_SCOPE not in scopes:
            raise ApiError(403, f"The caller's token lacks the {APPS_TOKEN_SCOPE} scope.")
        app = self.service_app
        if uuid_of(application_id) != app.client_id and application_id != app.application_id:
            raise ApiError(404, "Service App not found.")
        if body["clientId"] != app.client_id or body["clientSecret"] != app.client_secret:
            raise ApiError(400, "Invalid clientId or clientSecret.")
        ctx = self._by_org_id.get(uuid_of(body["targetOrgId"]))
        if ctx is None:
            raise ApiError(403, "The Service App is not authorized for the target org.")
        settings = self.settings[ctx.index]
        if not settings.authorized:
            raise ApiError(
                403, "The Service App is not authorized for the target org: a full admin authorizes it in Control Hub."
            )
        serial = next(self._serial)
        access = f"sim-sa-o{ctx.index}-{serial}-{secrets.token_hex(8)}"
        refresh = f"sim-sa-refresh-o{ctx.index}-{serial}-{secrets.token_hex(8)}"
        if not settings.broken:
            ctx.auth.add_minted(access, refresh, self._app_person(ctx).id)
            self._by_token[access] = ctx
        return {
            "access_token": access,
            "expires_in": APP_ACCESS_LIFETIME,
            "refresh_token": refresh,
            "refresh_token_expires_in": APP_REFRESH_LIFETIME,
            "token_type": "Bearer",
        }

    def _app_person(self, ctx: SimContext) -> Person:
        """The machine account a Service App acts as in an org (not listed among the org's people)."""
        person = self._app_people.get(ctx.index)
        if person is None:
            pid = str(uuid.uuid5(uuid.UUID(ctx.org.org_id) if _is_uuid(ctx.org.org_id) else uuid.NAMESPACE_URL, "app"))
            person = Person(
                pid,
                f"{self.service_app.client_id}@serviceapp.example.com",
                self.service_app.name,
                "user",
                None,
                SERVICE_APP_SCOPES,
            )
            ctx.org.people_by_id[pid] = person
            self._app_people[ctx.index] = person
        return person


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


FLEET = web.AppKey("webex_sim_fleet", Fleet)

# Names of generated orgs (`--orgs K`): varied, so inventory name filters have something to match.
_ORG_WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell"]
STORM_KINDS = ("500", "502", "503")


@dataclass
class OrgSpec:
    """An org and how it is set up in a fleet: name, Service App authorization, broken tokens, a 5xx storm."""

    org: Org
    name: str = ""
    authorized: bool = True
    broken: bool = False
    storm: bool = False


def org_name(index: int) -> str:
    return f"{_ORG_WORDS[index % len(_ORG_WORDS)]} {index:03d}"


def generate_fleet(
    count: int,
    n: int,
    seed: int,
    days: int,
    owners: int,
    start_ts: int,
    unauthorized: Iterable[int] = (),
    broken: Iterable[int] = (),
    storm: Iterable[int] = (),
) -> list[OrgSpec]:
    """`--orgs K --generate N`: org 0 is exactly the one-org simulator's (same seed, tokens `sim-...`, emails
    `@example.com`); org i > 0 uses seed S + i, tokens `sim-org<i>-...` and emails `@org<i>.example.com`."""
    unauthorized, broken, storm = set(unauthorized), set(broken), set(storm)
    bad = sorted(i for i in unauthorized | broken | storm if not 0 <= i < count)
    if bad:
        raise ValueError(f"org indexes {bad} are outside 0..{count - 1}")
    specs = []
    for i in range(count):
        prefix, domain = ("sim-", "example.com") if i == 0 else (f"sim-org{i}-", f"org{i}.example.com")
        org = generate(n, seed + i, days, owners, start_ts, prefix=prefix, domain=domain)
        specs.append(OrgSpec(org, org_name(i), i not in unauthorized, i in broken, i in storm))
    return specs


def check_specs(specs: list[OrgSpec]) -> None:
    """ValueError unless org ids and tokens are unique across the orgs (the token decides the org)."""
    ids = [spec.org.org_id for spec in specs]
    if len(set(ids)) != len(ids):
        raise ValueError("orgs: org ids must be unique")
    tokens: list[str] = [t for spec in specs for p in spec.org.people for t in (p.token, p.refresh_token) if t]
    if len(set(tokens)) != len(tokens):
        raise ValueError("orgs: a token is used in two orgs (the token decides the org)")


def build_fleet(config: Config, specs: list[OrgSpec]) -> Fleet:
    requests = RequestLog(config.request_log)
    contexts = []
    for i, spec in enumerate(specs):
        org_config = config
        if spec.storm:
            # Every /v1 request of this org's tokens answers a 5xx (a regional outage).
            org_config = dataclasses.replace(config, fault_rate=1.0, fault_kinds=STORM_KINDS)
        contexts.append(SimContext.create_for(org_config, spec.org, i, spec.name or org_name(i), requests))
    check_specs(specs)
    settings = [OrgSettings(ctx.name, spec.authorized, spec.broken) for ctx, spec in zip(contexts, specs, strict=True)]
    return Fleet(contexts, settings)
