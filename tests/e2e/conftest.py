"""The e2e stack: the real Hive Gateway in front of every department's subgraph process,
each with a fresh database, on streams of their own on the shared Redis. One stack per
test module (a module may stop one of its processes)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from devstack.auth import DevAuth
from devstack.node import ensure_gateway_dependencies
from devstack.processes import Stack, running
from devstack.servers import Infra
from devstack.topology import departments
from tests.conftest import FreshDatabase
from tests.e2e.client import Quiet


@pytest.fixture(scope="module")
async def database_urls(fresh_database: FreshDatabase) -> dict[str, str]:
    """Each department's fresh database."""
    return {s.name: await fresh_database(s.database) for s in departments()}


@pytest.fixture(scope="module")
def bus_namespace() -> str:
    """Streams of the stack's own on the shared Redis."""
    return f"e2e{uuid.uuid4().hex[:8]}:"


@pytest.fixture(scope="module")
async def stack(
    infra: Infra,
    database_urls: dict[str, str],
    bus_namespace: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    ensure_gateway_dependencies()
    log_dir: Path = tmp_path_factory.mktemp("logs")
    bus = {"BUS_NAMESPACE": bus_namespace, "BUS_POLL_INTERVAL_MS": "50"}  # fast redelivery
    try:
        auth = DevAuth.at(tmp_path_factory.mktemp("auth"))
        with running(
            departments(), database_urls, infra.redis_url, log_dir, auth=auth, free_ports=True, extra_env=bus
        ) as started:
            yield started
    finally:
        client = aioredis.from_url(infra.redis_url)
        keys = [key async for key in client.scan_iter(match=f"{bus_namespace}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


@pytest.fixture(scope="module")
def quiet(infra: Infra, database_urls: dict[str, str], bus_namespace: str) -> Quiet:
    """Waits until every event written so far has been published and applied."""
    return Quiet(infra.redis_url, database_urls, bus_namespace)
