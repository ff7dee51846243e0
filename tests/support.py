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

from devstack.topology import departments
from servicekit.app import ServiceSpec, create_app
from servicekit.settings import BusSettings, Settings
from servicekit.trust import sign


# Tests share one Redis: each gets its own stream namespace, and a quick pace so that
# redelivery and dead-lettering happen within a second rather than after minutes.
def quick_bus(namespace: str) -> BusSettings:
    return BusSettings(
        namespace=namespace, batch_size=100, poll_interval_ms=50, redelivery_idle_ms=500, max_attempts=3
    )


# The secret the in-process services share with the tests' client, which signs as the
# gateway does (servicekit.trust).
GATEWAY_SECRET = "tests-only-gateway-secret-of-40-characters"

# Who the tests' client is unless a test says otherwise: a clerk with every department's
# read and write scopes, but not the scopes that unmask ID numbers or operate the bus.
CLERK_SCOPES = (
    "person:read",
    "settlement:id-number:lookup",
    *(f"{d.name}:{a}" for d in departments() for a in ("read", "write")),
)


def caller(subject: str = "clerk-1", *scopes: str, **claims: Any) -> dict[str, Any]:
    """JWT claims as the gateway forwards them: `caller("sre-1", "events:operate")`."""
    return {"sub": subject, "scope": " ".join(scopes), "exp": 4_102_444_800, **claims}  # 2100


CLERK = caller("clerk-1", *CLERK_SCOPES)


def signed_body(
    query: str, variables: dict[str, Any], claims: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A request body as the gateway sends it, for a raw HTTP post to a subgraph process
    started with GATEWAY_HMAC_SECRET=GATEWAY_SECRET."""
    body: dict[str, Any] = {"query": query, "variables": variables}
    body["extensions"] = {"jwt": {"payload": claims or CLERK}}
    return sign(GATEWAY_SECRET.encode(), body)


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient
    path: str = "/graphql"
    claims: dict[str, Any] | None = None  # None: a signed request with no caller

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        as_caller: dict[str, Any] | bool | None = True,
    ) -> dict[str, Any]:
        """Sent as the gateway sends it: signed, with the caller's claims (`as_caller`:
        True for the client's own caller, None for none, or the claims to send)."""
        claims = self.claims if as_caller is True else as_caller or None
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if claims:
            body["extensions"] = {"jwt": {"payload": claims}}
        signed = sign(GATEWAY_SECRET.encode(), body)
        response = await self.http.post(self.path, json=signed, headers=headers)
        assert response.status_code < 500, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        as_caller: dict[str, Any] | bool | None = True,
    ) -> dict[str, Any]:
        body = await self.execute(query, variables, headers, as_caller=as_caller)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        as_caller: dict[str, Any] | bool | None = True,
    ) -> dict[str, Any]:
        """The single error the operation must produce (its message and extensions)."""
        body = await self.execute(query, variables, headers, as_caller=as_caller)
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
        gateway_secret=GATEWAY_SECRET,
        bus=bus or quick_bus(f"t{uuid.uuid4().hex[:8]}:"),
    )
    app = create_app(spec, settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield ServiceUnderTest(
                app=app,
                settings=settings,
                client=GraphQLClient(http, claims=CLERK),
                pool=app.state.pool,
                http=http,
            )
