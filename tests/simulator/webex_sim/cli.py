"""`webex-sim` / `python -m webex_sim`: parse options, load the org, serve until SIGTERM or Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import ssl
import sys
import time

from aiohttp import web

from .app import build_app
from .config import ERROR_CODES, FAULT_KINDS, Config
from .fixture import FixtureError, build_fleet_entries, build_org, is_fleet, read_fixture
from .fleet import OrgSpec, check_specs, generate_fleet
from .generate import generate
from .model import Org


def _kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    bad = [k for k in kinds if k not in FAULT_KINDS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown fault kinds {bad}; choose from {','.join(FAULT_KINDS)}")
    return kinds


def _indexes(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(k) for k in text.split(",") if k.strip())
    except ValueError:
        raise argparse.ArgumentTypeError("must be comma-separated org indexes (0 is the first org)") from None
    if any(v < 0 for v in values):
        raise argparse.ArgumentTypeError("org indexes start at 0")
    return values


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _non_negative(kind: type) -> object:
    def parse(text: str) -> object:
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError("must not be negative")
        return value

    parse.__name__ = kind.__name__
    return parse


def parse_args(argv: list[str] | None = None) -> Config:
    p = argparse.ArgumentParser(prog="webex-sim", description="Simulator of the Webex Converged Recordings API.")
    data = p.add_argument_group("data (default: --generate 1000 --seed 0)")
    source = data.add_mutually_exclusive_group()
    source.add_argument("--fixture", metavar="FILE", help="YAML or JSON org fixture")
    source.add_argument("--generate", metavar="N", type=_non_negative(int), help="generate N recordings")
    data.add_argument(
        "--orgs", metavar="K", type=_non_negative(int), default=1, help="generate K orgs in one process (1)"
    )
    data.add_argument(
        "--unauthorized-orgs", metavar="LIST", type=_indexes, default=(), help="org indexes without the Service App"
    )
    data.add_argument(
        "--broken-orgs", metavar="LIST", type=_indexes, default=(), help="org indexes rejecting app tokens (401)"
    )
    data.add_argument("--storm-orgs", metavar="LIST", type=_indexes, default=(), help="org indexes answering 5xx only")
    data.add_argument("--seed", metavar="S", type=int, default=0, help="seed of the generated org (default 0)")
    data.add_argument(
        "--days", metavar="D", type=_non_negative(int), default=365, help="spread recordings over D days (365)"
    )
    data.add_argument(
        "--owners", metavar="K", type=_non_negative(int), default=50, help="number of recording owners (50)"
    )
    net = p.add_argument_group("server")
    net.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    net.add_argument("--port", metavar="PORT", type=int, default=0, help="port; 0 picks a free one (default)")
    net.add_argument("--tls-cert", metavar="F", help="PEM certificate: serve HTTPS")
    net.add_argument("--tls-key", metavar="F", help="PEM private key for --tls-cert")
    net.add_argument(
        "--latency-ms", metavar="MS", type=_non_negative(float), default=0.0, help="delay per /v1 and download request"
    )
    net.add_argument("--request-log", metavar="FILE", help="append one JSON line per /v1 and download request")
    net.add_argument(
        "--download-rate",
        metavar="BYTES",
        type=_non_negative(float),
        default=0.0,
        help="serve each audio download at this many bytes a second (0 = unthrottled)",
    )
    net.add_argument(
        "--error-codes",
        choices=ERROR_CODES,
        default="spec",
        help="unknown ids/users and wrong-state ids on write calls: spec = 404/409 as the spec declares (default), "
        "legacy = 400",
    )
    flt = p.add_argument_group("faults")
    flt.add_argument(
        "--fault-rate", metavar="R", type=_rate, default=0.0, help="probability of a fault per /v1 request (0)"
    )
    flt.add_argument(
        "--fault-kinds",
        metavar="LIST",
        type=_kinds,
        default=FAULT_KINDS,
        help=f"comma-separated fault kinds (default {','.join(FAULT_KINDS)})",
    )
    flt.add_argument("--fault-seed", metavar="S", type=int, default=0, help="seed of the fault RNG (0)")
    flt.add_argument(
        "--fault-retry-after", metavar="S", type=_non_negative(int), default=1, help="Retry-After of 429s (1)"
    )
    flt.add_argument(
        "--slow-seconds", metavar="S", type=_non_negative(float), default=35.0, help="delay of `slow` faults (35)"
    )
    auth = p.add_argument_group("tokens and links")
    auth.add_argument(
        "--expire-tokens-after",
        metavar="N",
        type=_non_negative(int),
        default=0,
        help="requests per access token; 0 = never",
    )
    auth.add_argument(
        "--link-ttl", metavar="S", type=_non_negative(int), default=10800, help="download link lifetime, s (10800)"
    )
    hooks = p.add_argument_group("new recordings and webhook deliveries")
    hooks.add_argument(
        "--record-rate", metavar="R", type=_non_negative(float), default=0.0, help="new recordings a second (0)"
    )
    hooks.add_argument(
        "--webhook-duplicate-rate", metavar="R", type=_rate, default=0.0, help="probability a delivery is sent twice"
    )
    hooks.add_argument(
        "--webhook-delay-ms",
        metavar="MS",
        type=_non_negative(float),
        default=0.0,
        help="hold each delivery back by a uniform 0..MS ms (reorders them) (0)",
    )
    hooks.add_argument("--webhook-seed", metavar="S", type=int, default=0, help="seed of duplicates, delays, new ids")
    hooks.add_argument(
        "--webhook-timeout", metavar="S", type=_non_negative(float), default=10.0, help="delivery timeout, s (10)"
    )
    hooks.add_argument(
        "--details-lag-ms",
        metavar="MS",
        type=_non_negative(float),
        default=0.0,
        help="a new recording answers 404 for MS ms after its webhook (0)",
    )
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.owners < 1:
        p.error("--owners must be at least 1")
    if args.orgs < 1:
        p.error("--orgs must be at least 1")
    if args.orgs > 1 and args.fixture:
        p.error("--orgs goes with --generate; a fixture lists its orgs under `orgs:`")
    for name in ("unauthorized_orgs", "broken_orgs", "storm_orgs"):
        bad = [i for i in getattr(args, name) if i >= args.orgs]
        if bad and not args.fixture:
            p.error(f"--{name.replace('_', '-')}: {bad} not below --orgs {args.orgs}")
    generated = args.generate if args.generate is not None else (None if args.fixture else 1000)
    return Config(
        fixture=args.fixture,
        generate=generated,
        orgs=args.orgs,
        unauthorized_orgs=args.unauthorized_orgs,
        broken_orgs=args.broken_orgs,
        storm_orgs=args.storm_orgs,
        seed=args.seed,
        days=args.days,
        owners=args.owners,
        host=args.host,
        port=args.port,
        latency_ms=args.latency_ms,
        download_rate=args.download_rate,
        fault_rate=args.fault_rate,
        fault_kinds=args.fault_kinds,
        fault_seed=args.fault_seed,
        fault_retry_after=args.fault_retry_after,
        slow_seconds=args.slow_seconds,
        expire_tokens_after=args.expire_tokens_after,
        link_ttl=args.link_ttl,
        request_log=args.request_log,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        record_rate=args.record_rate,
        webhook_duplicate_rate=args.webhook_duplicate_rate,
        webhook_delay_ms=args.webhook_delay_ms,
        webhook_seed=args.webhook_seed,
        webhook_timeout=args.webhook_timeout,
        details_lag_ms=args.details_lag_ms,
        error_codes=args.error_codes,
    )


def load_org(config: Config, start_ts: int) -> Org | list[OrgSpec]:
    """One org, or the orgs of a fleet (several orgs, or any org option given): fleet.py."""
    fleet_options = config.orgs > 1 or config.unauthorized_orgs or config.broken_orgs or config.storm_orgs
    if config.fixture:
        data = read_fixture(config.fixture)
        if is_fleet(data):
            specs = [OrgSpec(**entry) for entry in build_fleet_entries(data, start_ts)]
            for attr, indexes in (
                ("authorized", config.unauthorized_orgs),
                ("broken", config.broken_orgs),
                ("storm", config.storm_orgs),
            ):
                for i in indexes:
                    if i >= len(specs):
                        raise FixtureError(f"org index {i} is not below the fixture's {len(specs)} orgs")
                    setattr(specs[i], attr, attr != "authorized")
            try:
                check_specs(specs)
            except ValueError as exc:
                raise FixtureError(str(exc)) from exc
            return specs
        org = build_org(data, start_ts)
        if fleet_options:
            raise FixtureError(
                "--unauthorized-orgs, --broken-orgs and --storm-orgs need several orgs (`orgs:` in the fixture)"
            )
        return org
    assert config.generate is not None
    if fleet_options:
        try:
            return generate_fleet(
                config.orgs,
                config.generate,
                config.seed,
                config.days,
                config.owners,
                start_ts,
                config.unauthorized_orgs,
                config.broken_orgs,
                config.storm_orgs,
            )
        except ValueError as exc:
            raise FixtureError(str(exc)) from exc
    return generate(config.generate, config.seed, config.days, config.owners, start_ts)


async def serve(config: Config, org: Org | list[OrgSpec]) -> None:
    app = build_app(config, org)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    ssl_context = None
    if config.tls_cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(config.tls_cert, config.tls_key)
    site = web.TCPSite(runner, config.host, config.port, ssl_context=ssl_context, backlog=1024)
    await site.start()
    port = runner.addresses[0][1]
    host = f"[{config.host}]" if ":" in config.host else config.host
    scheme = "https" if ssl_context else "http"
    # Test harnesses read this first line to learn the port: nothing may be printed before it.
    print(f"listening on {scheme}://{host}:{port}/v1", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    config = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="webex-sim %(levelname)s %(message)s")
    start_ts = int(time.time())
    try:
        org = load_org(config, start_ts)
    except (FixtureError, OSError) as exc:
        print(f"webex-sim: {exc}", file=sys.stderr)
        sys.exit(2)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(config, org))
