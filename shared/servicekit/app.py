"""The starlette app factory: one call gives a department its whole HTTP service.

The lifespan opens the asyncpg pool and the redis client (and closes them), applies the
service's migrations, and starts its background workers; resolvers reach all of it
through `info.context` (a `RequestContext`).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import redis.asyncio as aioredis
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from servicekit import audit
from servicekit.bus.consumer import run_consumer
from servicekit.bus.relay import run_relay
from servicekit.bus.snapshot import Snapshot, publish_initial_state
from servicekit.bus.subscription import Subscription
from servicekit.caller import Caller
from servicekit.context import RequestContext
from servicekit.db import Connection, create_pool
from servicekit.errors import with_stable_codes
from servicekit.facts.pack import FactPack
from servicekit.federation import ServiceSchema
from servicekit.guard import GraphQLGuard
from servicekit.health import healthz, readyz
from servicekit.ide import subgraph_page
from servicekit.idempotency import MIGRATIONS as IDEMPOTENCY_MIGRATIONS
from servicekit.idempotency import run_key_expiry
from servicekit.loaders import Loaders
from servicekit.logs import configure_logging, current_trace_id
from servicekit.migrations import MigrationError, migrate, pending
from servicekit.settings import ConfigurationError, Settings
from servicekit.telemetry import configure_telemetry, flush_telemetry

log = logging.getLogger("servicekit.app")

# The kit's own tables (outbox, processed events, dead letters), applied before the
# service's migrations in every service's database.
BUS_MIGRATIONS = Path(__file__).parent / "bus" / "migrations"


@dataclass(frozen=True, slots=True)
class Runtime:
    """What a background worker gets: the same connections the resolvers use."""

    settings: Settings
    pool: asyncpg.Pool
    redis: aioredis.Redis


Worker = Callable[[Runtime], Coroutine[Any, Any, None]]


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """Everything that makes a department service different from the others."""

    name: str
    schema: ServiceSchema
    migrations: Path
    # The events this service consumes (None: it only produces). Every service runs a
    # relay for its own outbox; one with a subscription runs a consumer too.
    subscription: Subscription | None = None
    # The current state of every record it owns, as events (`python -m servicekit.bus
    # republish`); None for a service that publishes nothing.
    snapshot: Snapshot | None = None
    workers: Sequence[Worker] = field(default_factory=tuple)
    # The kit's fact packs this service projects (servicekit.facts): their tables come from
    # the kit's migrations, applied after the service's own.
    facts: Sequence[FactPack] = field(default_factory=tuple)
    # A department with settings of its own names its subclass of Settings here.
    settings: type[Settings] = Settings

    def load_settings(self) -> Settings:
        """The service's settings from the environment (servicekit.settings)."""
        return self.settings.for_service(self.name)


def load_spec(package: str) -> ServiceSpec:
    """A department's ServiceSpec by its package (`<package>.app.SPEC`), for the kit's
    commands (`python -m servicekit.bus`, `python -m servicekit.audit`)."""
    spec = importlib.import_module(f"{package}.app").SPEC
    if not isinstance(spec, ServiceSpec):
        raise SystemExit(f"{package}.app.SPEC is not a ServiceSpec")
    return spec


class _GraphQLApp(GraphQL[RequestContext, None]):
    def __init__(self, schema: ServiceSchema, *, department: str, **options: Any) -> None:
        super().__init__(schema, **options)
        self.department = department

    async def get_context(self, request: Request, response: Any) -> RequestContext:  # type: ignore[override]
        state = request.app.state
        context = RequestContext(
            department=self.department,
            request=request,
            response=response,
            pool=state.pool,
            redis=state.redis,
            settings=state.settings,
            caller=Caller.from_request(request),
            loaders=Loaders(state.pool),
        )
        request.state.graphql_context = context  # for process_result, which is not given it
        return context

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = with_stable_codes(result.errors)
        context: RequestContext | None = getattr(request.state, "graphql_context", None)
        if context is not None and context.trail:
            # Before the answer leaves: a read that cannot be logged is not answered.
            await audit.append(context.pool, context.trail, context.caller, current_trace_id())
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        # Not strawberry's GraphiQL: it loads its scripts from a CDN and stays blank
        # offline. A small page of our own instead (servicekit.ide, gateway/README.md).
        settings = request.app.state.settings
        return HTMLResponse(subgraph_page(settings.service_name, settings.gateway_public_url))


async def migrate_service(conn: Connection, spec: ServiceSpec) -> list[str]:
    """The kit's migrations, then the service's; the versions applied now."""
    applied = (
        await migrate(conn, BUS_MIGRATIONS)
        + await migrate(conn, IDEMPOTENCY_MIGRATIONS)
        + await migrate(conn, audit.MIGRATIONS)
        + await migrate(conn, spec.migrations)
    )
    for pack in spec.facts:
        applied += await migrate(conn, pack.migrations)
    return applied


async def pending_service_migrations(conn: Connection, spec: ServiceSpec) -> list[str]:
    """The kit's and the service's migrations not applied yet."""
    missing = (
        await pending(conn, BUS_MIGRATIONS)
        + await pending(conn, audit.MIGRATIONS)
        + await pending(conn, spec.migrations)
    )
    for pack in spec.facts:
        missing += await pending(conn, pack.migrations)
    return missing


async def _prepare_schema(conn: Connection, spec: ServiceSpec, settings: Settings) -> list[str]:
    if settings.migrate_on_start:
        return await migrate_service(conn, spec)
    # In Kubernetes a Job migrates before the pods roll (MIGRATE_ON_START=false). A pod of a
    # newer version than the schema must not serve: it would fail on every query instead.
    missing = await pending_service_migrations(conn, spec)
    if missing:
        raise MigrationError(
            f"migrations not applied: {', '.join(missing)}; run `python -m servicekit.bus "
            f"migrate {spec.name.replace('-', '_')}` (the chart's migration Job) first"
        )
    return []


async def _publish_initial_state(pool: asyncpg.Pool, spec: ServiceSpec) -> None:
    assert spec.snapshot is not None
    await publish_initial_state(pool, spec.snapshot, producer=spec.name)


async def _stop(tasks: list[asyncio.Task[None]], *, within: float = 10.0) -> None:
    """Cancel the workers and wait for them, cancelling again while any is still running:
    on Python 3.11 a cancellation can be swallowed (see bus.backoff.stop_if_cancelled)."""
    pending = set(tasks)
    deadline = asyncio.get_running_loop().time() + within
    while pending and asyncio.get_running_loop().time() < deadline:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=0.2)
    for task in pending:
        log.error("background worker ignored cancellation", extra={"worker": task.get_name()})


def _report_crash(task: asyncio.Task[None]) -> None:
    # A worker that dies must not die silently: its outbox or projections would stall.
    if not task.cancelled() and task.exception() is not None:
        log.error("background worker crashed", exc_info=task.exception())


def create_app(spec: ServiceSpec, settings: Settings | None = None) -> Starlette:
    settings = settings or spec.load_settings()
    if settings.gateway_secret is None and not settings.development:
        # Unsigned requests would be anonymous but answered: never where the public can reach.
        raise ConfigurationError("GATEWAY_HMAC_SECRET is required when APP_ENV is production")
    configure_logging(settings.service_name, settings.log_level)
    configure_telemetry(settings.service_name, settings.telemetry)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = await create_pool(
            settings.database_url, min_size=settings.db_pool_min, max_size=settings.db_pool_max
        )
        client = aioredis.from_url(settings.redis_url)
        try:
            async with pool.acquire() as conn:
                applied = await _prepare_schema(conn, spec, settings)
        except BaseException:
            # A service that refuses to start (pending migrations) closes what it opened;
            # a pool left to the garbage collector warns about its connections later.
            await client.aclose()
            await pool.close()
            raise
        app.state.settings = settings
        app.state.pool = pool
        app.state.redis = client
        runtime = Runtime(settings=settings, pool=pool, redis=client)
        tasks = [
            asyncio.create_task(worker(runtime), name=getattr(worker, "__name__", "worker"))
            for worker in spec.workers
        ]
        if spec.snapshot is not None:
            # In the background: on a large database from before the event bus this takes
            # a while, and must not hold start-up (and its probes) back.
            tasks.append(asyncio.create_task(_publish_initial_state(pool, spec), name="initial-state"))
        tasks.append(asyncio.create_task(run_relay(spec.name, settings, client), name="relay"))
        tasks.append(asyncio.create_task(run_key_expiry(pool), name="idempotency-key-expiry"))
        if spec.subscription is not None:
            tasks.append(
                asyncio.create_task(
                    run_consumer(spec.name, spec.subscription, settings, pool, client), name="consumer"
                )
            )
        for task in tasks:
            task.add_done_callback(_report_crash)
        app.state.workers = tasks
        log.info(
            "service started",
            extra={"port": settings.port, "migrations_applied": applied, "workers": len(tasks)},
        )
        try:
            yield
        finally:
            await _stop(tasks)
            await client.aclose()
            await pool.close()
            flush_telemetry()

    graphql = _GraphQLApp(
        spec.schema,
        department=spec.name,
        graphql_ide="graphiql" if settings.development else None,
        # Queries by GET would put variables (possibly a resident ID number) in URLs,
        # which end up in access logs and proxies: POST only.
        allow_queries_via_get=False,
    )

    return Starlette(
        routes=[
            Route("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        middleware=[
            Middleware(OpenTelemetryMiddleware, excluded_urls="healthz,readyz"),
            Middleware(
                GraphQLGuard,
                secret=None
                if settings.gateway_secret is None
                else settings.gateway_secret.get_secret_value().encode(),
                max_bytes=settings.max_request_bytes,
                development=settings.development,
            ),
        ],
        lifespan=lifespan,
    )
