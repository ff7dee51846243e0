"""A real settlement process commits a person while it cannot reach Redis, is SIGKILLed
before its relay could publish, and is started again: the event still arrives, once."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import asyncpg
import httpx

from devstack.processes import Process, start_subgraph, stop, wait_ready
from devstack.servers import Infra, free_port
from devstack.topology import department
from servicekit.settings import BusSettings
from social_security.app import SPEC as SOCIAL_SECURITY
from tests.bus.support import eventually
from tests.conftest import FreshDatabase, ServeFactory
from tests.ids import make_id_number
from tests.support import GATEWAY_SECRET, signed_body


def start_settlement(database_url: str, redis_url: str, bus: BusSettings, log_dir: Path) -> Process:
    settlement = department("settlement")
    return start_subgraph(
        settlement,
        database_url=database_url,
        redis_url=redis_url,
        log_dir=log_dir,
        port=free_port(),
        extra_env={
            "BUS_NAMESPACE": bus.namespace,
            "BUS_POLL_INTERVAL_MS": "50",
            "LOG_LEVEL": "WARNING",
            "OTEL_SDK_DISABLED": "true",
            "GATEWAY_HMAC_SECRET": GATEWAY_SECRET,
        },
    )


async def test_an_event_committed_before_a_crash_is_published_after_the_restart(
    serve: ServeFactory,
    infra: Infra,
    fresh_database: FreshDatabase,
    bus: BusSettings,
    tmp_path: Path,
) -> None:
    social_security = await serve(SOCIAL_SECURITY)
    dsn = await fresh_database("settlement")
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens: the relay cannot publish
    first = start_settlement(dsn, nowhere, bus, tmp_path)
    try:
        # /readyz is 503 without Redis; the process serves GraphQL all the same.
        wait_ready(first, first.url.replace("/graphql", "/healthz"))
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(
                first.url,
                json=signed_body(
                    "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
                    {"i": {"name": "郑阿水", "idNumber": make_id_number("350121", serial=11)}},
                ),
            )
        person_id = response.json()["data"]["registerPerson"]["id"]
    finally:
        os.killpg(first.popen.pid, signal.SIGKILL)  # no shutdown, no flush, no goodbye
        first.popen.wait()

    conn = await asyncpg.connect(dsn)
    try:
        pending = await conn.fetchval("SELECT count(*) FROM event_outbox WHERE published_at IS NULL")
    finally:
        await conn.close()
    assert pending == 1  # committed, never published

    second = start_settlement(dsn, infra.redis_url, bus, tmp_path)
    try:
        wait_ready(second, second.url.replace("/graphql", "/readyz"))

        async def arrived() -> bool:
            return bool(
                await social_security.pool.fetchval(
                    "SELECT count(*) FROM person_facts WHERE person_id = $1::uuid", person_id
                )
            )

        await eventually(arrived, within=30)
    finally:
        stop(second)
    assert await social_security.pool.fetchval("SELECT count(*) FROM processed_events") == 1
