"""Fixtures shared by every test: real PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or
embedded ones from PyPI), a fresh database per test, services served in process."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from devstack.servers import Infra, drop_database, ensure_database, infrastructure
from servicekit.app import ServiceSpec
from servicekit.settings import BusSettings, TelemetrySettings
from servicekit.telemetry import configure_telemetry
from tests.support import ServiceUnderTest, quick_bus, serve_in_process

FreshDatabase = Callable[[str], Awaitable[str]]


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    # Not pytest's tmp_path: that is private to the user (0700), and as root the embedded
    # PostgreSQL runs as its own system user, which must be able to reach its data folder.
    data_dir = Path(tempfile.mkdtemp(prefix="citizen-test-servers-"))
    data_dir.chmod(0o755)
    try:
        with infrastructure(data_dir, persistent=False) as servers:
            yield servers
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
async def fresh_database(infra: Infra) -> AsyncIterator[FreshDatabase]:
    """`await fresh_database("settlement")` → the DSN of a new, empty database."""
    created: list[str] = []

    async def make(label: str) -> str:
        name = f"test_{label}_{uuid.uuid4().hex[:10]}"
        created.append(name)
        return await ensure_database(infra.admin_dsn, name)

    yield make
    for name in created:
        await drop_database(infra.admin_dsn, name)


ServeFactory = Callable[[ServiceSpec], Awaitable[ServiceUnderTest]]


@pytest.fixture
async def bus(infra: Infra) -> AsyncIterator[BusSettings]:
    """This test's own stream namespace on the shared Redis, deleted afterwards."""
    namespace = f"t{uuid.uuid4().hex[:8]}:"
    yield quick_bus(namespace)
    client = aioredis.from_url(infra.redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{namespace}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def serve(infra: Infra, fresh_database: FreshDatabase, bus: BusSettings) -> AsyncIterator[ServeFactory]:
    """`await serve(SPEC)` → the service app on a fresh database, lifespan running. The
    services one test starts share its stream namespace, so they see each other's events."""
    async with contextlib.AsyncExitStack() as exit_stack:

        async def start(spec: ServiceSpec) -> ServiceUnderTest:
            dsn = await fresh_database(spec.name.replace("-", "_"))
            return await exit_stack.enter_async_context(serve_in_process(spec, dsn, infra.redis_url, bus))

        yield start


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Every span finished during the test, in process (the SQL statements a request ran,
    the trace an event continued)."""
    configure_telemetry("tests", TelemetrySettings())  # what create_app does first; idempotent
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider), "the kit installs the SDK tracer provider"
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()
