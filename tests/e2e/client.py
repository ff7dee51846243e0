"""Calls to the e2e stack's gateway."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import redis.asyncio as aioredis

from devstack.processes import Stack


def gql(stack: Stack, query: str, variables: dict[str, Any], *, role: str = "clerk") -> dict[str, Any]:
    """The gateway's answer to a caller with `role` (devstack.auth)."""
    response = httpx.post(
        stack.by_name("gateway").url,
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {stack.token(role)}"},
        timeout=30,
    )
    assert response.status_code < 500, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(stack: Stack, query: str, variables: dict[str, Any], *, role: str = "clerk") -> dict[str, Any]:
    body = gql(stack, query, variables, role=role)
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


@dataclass(frozen=True)
class Quiet:
    """The bus at rest: no outbox row waits to be published, and every consumer group has
    read and acknowledged every entry of its streams. Only then is a projection as
    complete as the facts recorded before; checking an answer any earlier could pass
    by chance on facts that had not arrived yet."""

    redis_url: str
    database_urls: dict[str, str]
    namespace: str

    @staticmethod
    async def _outboxes_empty(connections: list[asyncpg.Connection]) -> bool:
        for conn in connections:
            if await conn.fetchval("SELECT count(*) FROM event_outbox WHERE published_at IS NULL"):
                return False
        return True

    async def _groups_caught_up(self, client: aioredis.Redis) -> bool:
        # Raw replies: XINFO STREAM also returns the first and last entries, binary protobuf.
        async for key in client.scan_iter(match=f"{self.namespace}*", _type="stream"):
            last = (await client.xinfo_stream(key))["last-generated-id"]
            for group in await client.xinfo_groups(key):
                if group["pending"] or group["last-delivered-id"] != last:
                    return False
        return True

    async def wait(self, within: float = 20) -> None:
        client = aioredis.from_url(self.redis_url)
        # One connection per department for the whole wait, not one per poll.
        connections = [await asyncpg.connect(url) for url in self.database_urls.values()]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        try:
            while not (await self._outboxes_empty(connections) and await self._groups_caught_up(client)):
                if loop.time() > deadline:
                    raise AssertionError(f"the bus did not come to rest within {within} s")
                await asyncio.sleep(0.05)
        finally:
            await client.aclose()
            for conn in connections:
                await conn.close()
