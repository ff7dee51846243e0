"""Liveness and readiness endpoints for Kubernetes probes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from starlette.requests import Request
from starlette.responses import JSONResponse

READY_TIMEOUT_S = 2.0


async def healthz(_request: Request) -> JSONResponse:
    """Alive: the process answers. Never touches a dependency (a restart would not help)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Ready: PostgreSQL and Redis both answer within the timeout."""
    state = request.app.state
    checks: dict[str, str] = {}

    async def check(name: str, probe: Awaitable[object]) -> None:
        try:
            await asyncio.wait_for(probe, READY_TIMEOUT_S)
            checks[name] = "ok"
        except Exception as exc:
            checks[name] = f"unavailable: {type(exc).__name__}"

    await asyncio.gather(
        check("database", state.pool.fetchval("SELECT 1")),
        check("redis", state.redis.ping()),
    )
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
