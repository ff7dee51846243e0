"""A real settlement process commits a residence permit and is SIGKILLed before its reply
reaches the client; the client retries with the same Idempotency-Key against the
restarted service and gets the same permit: exactly one exists."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from devstack.processes import Process, start_subgraph, stop, wait_ready
from devstack.servers import Infra, free_port
from devstack.topology import department
from servicekit.settings import BusSettings
from tests.conftest import FreshDatabase
from tests.ids import make_id_number
from tests.support import GATEWAY_SECRET, signed_body

ISSUE = """mutation Issue($input: IssueResidencePermitInput!) {
  issueResidencePermit(input: $input) { id } }"""


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
            "LOG_LEVEL": "WARNING",
            "OTEL_SDK_DISABLED": "true",
            "GATEWAY_HMAC_SECRET": GATEWAY_SECRET,
        },
    )


async def ready(process: Process) -> None:
    await asyncio.to_thread(wait_ready, process, process.url.replace("/graphql", "/readyz"))


@contextlib.asynccontextmanager
async def killing_proxy(upstream_port: int, victim: Process) -> AsyncIterator[str]:
    """A TCP proxy that forwards requests to the service, and when the first bytes of a
    response arrive (the service answers only after its commit) SIGKILLs the service,
    never forwards them, and drops the client's connection: the reply is lost."""

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", upstream_port)

        async def forward_requests() -> None:
            while data := await client_reader.read(65536):
                upstream_writer.write(data)
                await upstream_writer.drain()

        forwarding = asyncio.create_task(forward_requests())
        try:
            response = await upstream_reader.read(65536)
            assert response.startswith(b"HTTP/1.1 200"), response[:200]
            os.killpg(victim.popen.pid, signal.SIGKILL)
            await asyncio.to_thread(victim.popen.wait)
        finally:
            forwarding.cancel()
            client_writer.transport.abort()
            upstream_writer.transport.abort()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.close()


async def post(url: str, variables: dict[str, Any], key: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=20) as http:
        return await http.post(
            url,
            json=signed_body(ISSUE, variables),
            headers={"Idempotency-Key": key},
        )


async def test_a_retry_after_the_service_died_between_commit_and_reply_writes_nothing(
    infra: Infra,
    fresh_database: FreshDatabase,
    bus: BusSettings,
    tmp_path: Path,
) -> None:
    dsn = await fresh_database("settlement")
    first = start_settlement(dsn, infra.redis_url, bus, tmp_path)
    try:
        await ready(first)
        async with httpx.AsyncClient(timeout=20) as http:
            registered = await http.post(
                first.url,
                json=signed_body(
                    "mutation R($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }",
                    {"i": {"name": "郑阿水", "idNumber": make_id_number("350121", serial=21)}},
                ),
            )
        person_id = registered.json()["data"]["registerPerson"]["id"]
        variables = {
            "input": {
                "personId": person_id,
                "cityCode": "350100",
                "issuedOn": "2024-01-01",
                "validUntil": "2080-01-01",
            }
        }
        key = str(uuid.uuid4())
        port = int(first.url.split(":")[2].split("/")[0])
        async with killing_proxy(port, first) as through_proxy:
            with pytest.raises(httpx.TransportError):  # the reply never arrives
                await post(through_proxy, variables, key)
        assert first.popen.poll() == -signal.SIGKILL
    finally:
        stop(first)

    conn = await asyncpg.connect(dsn)
    try:
        committed = await conn.fetch("SELECT id FROM residence_permits")
        assert len(committed) == 1  # the mutation had committed before its reply was lost

        second = start_settlement(dsn, infra.redis_url, bus, tmp_path)
        try:
            await ready(second)
            retry = await post(second.url, variables, key)
            again = await post(second.url, variables, key)
        finally:
            stop(second)
        assert retry.status_code == 200, retry.text
        assert (
            retry.json()
            == again.json()
            == {"data": {"issueResidencePermit": {"id": str(committed[0]["id"])}}}
        )
        assert await conn.fetchval("SELECT count(*) FROM residence_permits") == 1
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM event_outbox WHERE event_type LIKE '%ResidencePermitIssued'"
            )
            == 1
        )
    finally:
        await conn.close()
