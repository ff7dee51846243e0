"""Test helpers: a GraphQL client for an in-process service app (lifespan included)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from starlette.applications import Starlette

from servicekit.app import ServiceSpec, create_app
from servicekit.settings import BusSettings, Settings


# Tests share one Redis: each gets its own stream namespace, and a quick pace so that
# redelivery and dead-lettering happen within a second rather than after minutes.
def quick_bus(namespace: str) -> BusSettings:
    return BusSettings(
        namespace=namespace, batch_size=100, poll_interval_ms=50, redelivery_idle_ms=500, max_attempts=3
    )


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    path: str = "/graphql"

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = await self.http.post(
            self.path, json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code < 500, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        body = await self.execute(query, variables, headers)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error(
        self, query: str, variables: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """The single error the operation must produce (its message and extensions)."""
        body = await self.execute(query, variables, headers)
        errors = body.get("errors") or []
        assert len(errors) == 1, body
        error: dict[str, Any] = errors[0]
        return error


@dataclass
class ServiceUnderTest:
    app: Starlette
    settings: Settings
    client: GraphQLClient
    pool: asyncpg.Pool
    http: httpx.AsyncClient


@contextlib.asynccontextmanager
async def serve_in_process(
    spec: ServiceSpec, database_url: str, redis_url: str, bus: BusSettings | None = None
) -> AsyncIterator[ServiceUnderTest]:
    # The department's own settings class: its own variables still come from the
    # environment (a test may monkeypatch them), the connections from the test.
    settings = spec.settings.from_env(
        service_name=spec.name,
        database_url=database_url,
        redis_url=redis_url,
        environment="development",
        log_level="WARNING",
        bus=bus or quick_bus(f"t{uuid.uuid4().hex[:8]}:"),
    )
    app = create_app(spec, settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield ServiceUnderTest(
                app=app, settings=settings, client=GraphQLClient(http), pool=app.state.pool, http=http
            )
